//! The whole method over windows: one call from a windowed dataset to a [`Report`].
//!
//! chambers (overlap stage) → leader groups → every window in parallel ([`crate::window`]) →
//! null baselines → pooled bimodality → stability → summary.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chambers_graph::{GroupId, Interner, Leader, UserId, Windows};
use chambers_overlap::{AggregateOverlap, analyse_chambers};
use rayon::prelude::*;

use crate::baseline::{
    id_order, null_groups, null_mean, null_polarization, overlap_modularity, plain_p,
};
use crate::stability::stability_report;
use crate::summary::{pooled_bimodality, summarise};
use crate::timing::{PhaseTimes, lap, timed};
use crate::window::{Shared, WindowOutcome, analyse_window};
use crate::{AnalysisParams, EchoError, LeaderGroups, LeaderReport, Report};

/// What [`Analysis::with_labels`] does with a leader that has no hand label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unlabelled {
    /// Stop with [`EchoError::UnlabelledLeaders`], naming them.
    #[default]
    Error,
    /// Leave it unassigned (in no group).
    Unassigned,
}

/// The analysis of METHOD.md §2–9: leaders, chambers, groups, polarization, null model,
/// bimodality, echo chambers with the augmented classification, and stability.
///
/// The paper's defaults find everything from the data; the builder replaces a step by what the
/// researcher knows (hand-picked leaders, hand-labelled groups, an anchor account, the accounts
/// to score).
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams};
/// use chambers_graph::{GroupId, WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a", "L1"), ("a", "x"), ("b", "L2"), ("b", "x"), ("c", "L3"), ("c", "y")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let id = |x: &str| w.interner.get(x).unwrap();
/// // Hand-labelled leaders: L1 and L2 on side A, L3 on side B.
/// let report = Analysis::new(AnalysisParams::default().ideology(None))
///     .with_leaders(vec![id("L1"), id("L2"), id("L3")])
///     .with_groups(vec![Some(GroupId::A), Some(GroupId::A), Some(GroupId::B)])
///     .run(&w)
///     .unwrap();
/// assert_eq!(report.summary.group_sizes, [2, 1]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    params: AnalysisParams,
    leaders: Option<Vec<UserId>>,
    groups: Option<Vec<Option<GroupId>>>,
    labels: Option<(Vec<(UserId, GroupId)>, Unlabelled)>,
    anchor: Option<UserId>,
    scored: Option<Vec<UserId>>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Analysis {
    /// An analysis with these parameters.
    pub fn new(params: AnalysisParams) -> Self {
        Self {
            params,
            ..Self::default()
        }
    }

    /// The parameters.
    pub fn params(&self) -> &AnalysisParams {
        &self.params
    }

    /// Uses these leaders instead of the persistence ranking.
    pub fn with_leaders(mut self, leaders: Vec<UserId>) -> Self {
        self.leaders = Some(leaders);
        self
    }

    /// Uses these groups (one per leader, A or B; `None` = unassigned) instead of the spectral
    /// split.
    pub fn with_groups(mut self, groups: Vec<Option<GroupId>>) -> Self {
        self.groups = Some(groups);
        self
    }

    /// Uses hand labels (account → group, A or B) instead of the split: each leader takes its
    /// account's label, whatever leaders the analysis finds; a leader without one is an error
    /// ([`EchoError::UnlabelledLeaders`]) or unassigned, as `unlabelled` says. Labels of
    /// accounts that are not leaders are not used.
    ///
    /// ```
    /// use chambers_echo::{Analysis, AnalysisParams, EchoError, Unlabelled};
    /// use chambers_graph::{GroupId, WindowSpec, WindowsBuilder};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a", "L1"), ("a", "x"), ("b", "L2"), ("b", "x"), ("c", "L3"), ("c", "y")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let id = |x: &str| w.interner.get(x).unwrap();
    /// let labels = vec![(id("L1"), GroupId::A), (id("L2"), GroupId::A), (id("L3"), GroupId::B)];
    /// let params = AnalysisParams::default().ideology(None);
    /// let leaders = vec![id("L1"), id("L2"), id("L3"), id("x")];
    /// let strict = Analysis::new(params.clone())
    ///     .with_leaders(leaders.clone())
    ///     .with_labels(labels.clone(), Unlabelled::Error)
    ///     .run(&w);
    /// assert!(matches!(strict, Err(EchoError::UnlabelledLeaders { .. }))); // x has no label
    /// let r = Analysis::new(params)
    ///     .with_leaders(leaders)
    ///     .with_labels(labels, Unlabelled::Unassigned)
    ///     .run(&w)
    ///     .unwrap();
    /// assert_eq!(r.summary.group_sizes, [2, 1]);
    /// assert_eq!(r.leaders[3].group, None);
    /// ```
    pub fn with_labels(mut self, labels: Vec<(UserId, GroupId)>, unlabelled: Unlabelled) -> Self {
        self.labels = Some((labels, unlabelled));
        self
    }

    /// Names the account whose side is group A.
    pub fn with_anchor(mut self, anchor: UserId) -> Self {
        self.anchor = Some(anchor);
        self
    }

    /// Scores these accounts in every window instead of H(t) minus the leaders.
    pub fn with_scored(mut self, scored: Vec<UserId>) -> Self {
        self.scored = Some(scored);
        self
    }

    /// Stops the run with [`EchoError::Cancelled`] once `flag` is set: it is read between
    /// stages and before each window, so a caller on another thread (a Ctrl-C handler, a
    /// notebook's interrupt) stops a long run within one window's work.
    ///
    /// ```
    /// use std::sync::{Arc, atomic::AtomicBool};
    /// use chambers_echo::{Analysis, AnalysisParams, EchoError};
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let w = WindowsBuilder::new(WindowSpec::Single, Default::default()).finish().unwrap();
    /// let cancelled = Arc::new(AtomicBool::new(true));
    /// let run = Analysis::new(AnalysisParams::default()).with_cancel(cancelled).run(&w);
    /// assert_eq!(run.unwrap_err(), EchoError::Cancelled);
    /// ```
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Self {
        self.cancel = Some(flag);
        self
    }

    /// [`EchoError::Cancelled`] once the flag of [`Analysis::with_cancel`] is set.
    fn check_cancel(&self) -> Result<(), EchoError> {
        match &self.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(EchoError::Cancelled),
            _ => Ok(()),
        }
    }

    /// Runs the analysis.
    ///
    /// # Errors
    /// [`EchoError::InvalidParameter`] or [`EchoError::Chambers`] for bad parameters,
    /// [`EchoError::GroupLabels`] for given groups that do not fit the leaders,
    /// [`EchoError::AnchorNotALeader`], [`EchoError::Eigen`] when the eigensolver fails, and
    /// [`EchoError::Cancelled`] (see [`Analysis::with_cancel`]).
    ///
    /// ```
    /// use chambers_echo::{Analysis, AnalysisParams, Flag};
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let w = WindowsBuilder::new(WindowSpec::Single, Default::default()).finish().unwrap();
    /// let r = Analysis::new(AnalysisParams::default()).run(&w).unwrap();
    /// assert_eq!(r.windows[0].flags, [Flag::EmptyWindow]);
    /// ```
    pub fn run(&self, windows: &Windows) -> Result<Report, EchoError> {
        let p = &self.params;
        p.check()?;
        self.check_cancel()?;
        let mut timings = PhaseTimes::default();
        let mut clock = std::time::Instant::now();
        let chambers = analyse_chambers(windows, &p.chambers, self.leaders.as_deref())
            .map_err(EchoError::Chambers)?;
        self.check_cancel()?;
        timings.chambers = lap(&mut clock);
        let k = chambers.leaders.len();
        let aggregate = chambers.aggregate(p.measure);
        let (labels, grouping) =
            self.leader_groups(&chambers.leaders, &windows.interner, &aggregate)?;
        let groups = labels
            .iter()
            .flatten()
            .map(|g| g.index() + 1)
            .fold(2, usize::max);
        timings.groups = lap(&mut clock);
        let shared = Shared {
            groups,
            params: p,
            interner: &windows.interner,
            leaders: &chambers.leaders,
            labels: &labels,
            scored: self.scored.as_deref(),
        };
        let per_window: Vec<WindowOutcome> = windows
            .windows
            .par_iter()
            .zip(&chambers.windows)
            .zip(&chambers.high_impact)
            .map(|((window, wc), h)| {
                self.check_cancel()?;
                Ok(analyse_window(&shared, window, wc, h))
            })
            .collect::<Result<_, EchoError>>()?;
        timings.windows_wall = lap(&mut clock);
        self.check_cancel()?;
        let mut window_reports = Vec::with_capacity(per_window.len());
        let mut echoes = Vec::with_capacity(per_window.len());
        let mut ideologies = Vec::with_capacity(per_window.len());
        let mut nulls = Vec::with_capacity(per_window.len());
        // The null's bimodality is measured on its first realisation, a sample of the same size
        // as the real pool, so that the two sets of statistics compare like with like.
        let mut null_pool = Vec::new();
        for (outcome, wc) in per_window.into_iter().zip(&chambers.windows) {
            let ka = wc.active.len();
            null_pool.extend(outcome.null.iter().take(ka * ka.saturating_sub(1) / 2));
            timings.add_window(&outcome.times);
            window_reports.push(outcome.report);
            echoes.push(outcome.echo);
            ideologies.push(outcome.ideology);
            nulls.push(outcome.null);
        }
        let given = self.groups.is_some() || self.labels.is_some();
        let null_labels = match given {
            true => vec![labels.clone(); p.null_realisations],
            false => {
                let order = id_order(&windows.interner, &chambers.leaders);
                (0..p.null_realisations)
                    .map(|r| null_groups(&chambers, &nulls, r, p, &order))
                    .collect()
            }
        };
        let real_labels = vec![labels.clone(); p.null_realisations];
        for ((report, wc), null) in window_reports.iter_mut().zip(&chambers.windows).zip(&nulls) {
            report.polarization_null = null_polarization(wc, null, &real_labels, plain_p);
            report.modularity_null = null_polarization(wc, null, &null_labels, overlap_modularity);
        }
        let null_mean_overlaps = chambers
            .windows
            .iter()
            .zip(&nulls)
            .map(|(wc, null)| null_mean(null, wc.active.len()))
            .collect();
        timings.null_groups = lap(&mut clock);
        // The two only read what is done: they run side by side, each timed on its own.
        let ((bimodality, bimodality_s), (stability, stability_s)) = rayon::join(
            || timed(|| pooled_bimodality(&chambers.pooled(p.measure), &null_pool, p)),
            || timed(|| stability_report(windows, &chambers, &echoes, groups, p.max_lag)),
        );
        lap(&mut clock);
        let leaders = chambers
            .leaders
            .iter()
            .enumerate()
            .map(|(i, l)| LeaderReport {
                user: l.user,
                account: windows.interner.external(l.user).to_string(),
                rank: l.rank,
                persistence: l.persistence,
                group: labels[i],
                eigenvector: grouping.as_ref().map(|g| g.eigenvector[i]),
            })
            .collect();
        let summary = summarise(&window_reports, &bimodality, &labels, groups, k);
        timings.bimodality = bimodality_s;
        timings.stability = stability_s + lap(&mut clock);
        self.check_cancel()?;
        Ok(Report {
            summary,
            parameters: p.clone(),
            grouping,
            leaders,
            windows: window_reports,
            bimodality,
            aggregate,
            stability,
            chambers,
            echo: echoes,
            ideology: ideologies,
            null_overlaps: null_pool,
            null_mean_overlaps,
            timings,
        })
    }

    /// The group of each of `leaders` (named in `interner`, Q̄ over them `aggregate`), as
    /// [`Analysis::run`] finds them: given ([`Analysis::with_groups`]), from hand labels
    /// ([`Analysis::with_labels`]), else by the split of the parameters (with the anchor of
    /// [`Analysis::with_anchor`]), none for fewer than 2 leaders; and how the split found them.
    /// For a caller whose chamber stage ran elsewhere (on a query engine).
    ///
    /// # Errors
    /// As [`Analysis::run`] for groups, labels, the anchor and the split.
    ///
    /// ```
    /// use chambers_echo::{Analysis, AnalysisParams, Unlabelled};
    /// use chambers_graph::{GroupId, Interner, Leader};
    /// use chambers_overlap::{AggregateOverlap, Measure};
    /// let mut interner = Interner::new();
    /// let leaders: Vec<Leader> = ["L1", "L2"]
    ///     .iter()
    ///     .enumerate()
    ///     .map(|(i, a)| Leader { user: interner.intern(a), rank: i + 1, persistence: 1, first_window: None, first_rank: None })
    ///     .collect();
    /// let aggregate = AggregateOverlap::from_counts(2, std::iter::empty(), Measure::Jaccard);
    /// let labels = vec![(leaders[0].user, GroupId::B), (leaders[1].user, GroupId::A)];
    /// let analysis = Analysis::new(AnalysisParams::default()).with_labels(labels, Unlabelled::Error);
    /// let (groups, split) = analysis.leader_groups(&leaders, &interner, &aggregate).unwrap();
    /// assert_eq!(groups, [Some(GroupId::B), Some(GroupId::A)]);
    /// assert!(split.is_none());
    /// ```
    pub fn leader_groups(
        &self,
        leaders: &[Leader],
        interner: &Interner,
        aggregate: &AggregateOverlap,
    ) -> Result<(Vec<Option<GroupId>>, Option<LeaderGroups>), EchoError> {
        let k = leaders.len();
        if let Some(groups) = &self.groups {
            if groups.len() != k || groups.iter().flatten().any(|&g| g > GroupId::B) {
                return Err(EchoError::GroupLabels {
                    labels: groups.len(),
                    leaders: k,
                });
            }
            return Ok((groups.clone(), None));
        }
        if let Some((labels, unlabelled)) = &self.labels {
            if labels.iter().any(|&(_, g)| g > GroupId::B) {
                return Err(EchoError::InvalidParameter(
                    "hand labels name groups A and B only".into(),
                ));
            }
            let by_user: std::collections::HashMap<UserId, GroupId> =
                labels.iter().copied().collect();
            let groups: Vec<Option<GroupId>> = leaders
                .iter()
                .map(|l| by_user.get(&l.user).copied())
                .collect();
            let missing: Vec<String> = leaders
                .iter()
                .zip(&groups)
                .filter(|(_, g)| g.is_none())
                .map(|(l, _)| interner.external(l.user).to_string())
                .collect();
            if !missing.is_empty() && *unlabelled == Unlabelled::Error {
                return Err(EchoError::UnlabelledLeaders { leaders: missing });
            }
            return Ok((groups, None));
        }
        if k < 2 {
            return Ok((vec![None; k], None));
        }
        let anchor = match self.anchor {
            Some(a) => Some(leaders.iter().position(|l| l.user == a).ok_or_else(|| {
                EchoError::AnchorNotALeader {
                    anchor: interner.external(a).to_string(),
                }
            })?),
            None => None,
        };
        let g = crate::leader_groups(
            &aggregate.mean,
            k,
            self.params.split,
            self.params.mode,
            self.params.group_count,
            anchor,
            &id_order(interner, leaders),
        )?;
        Ok((g.labels.clone(), Some(g)))
    }
}

#[cfg(test)]
mod tests;
