//! The analysis' report from the engine's records, with no window's graph on the driver: the
//! per-window figures, the leaders with their groups, the pooled overlaps' bimodality, Q̄,
//! stability and the summary, as `chambers_echo::Analysis` reports them, and the tables the
//! result folder holds of them, the controversy score with its baseline included (from the
//! main leaders' chambers, one window at a time). What needs a window's graph is not in it:
//! the configuration-model null, the sub-chamber control and the latent ideology
//! (docs/SCALE.md).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray, UInt64Array};

use chambers_echo::tables::{
    ScoredRow, aggregate_table, group_table, high_impact_table, leader_columns, stability_table,
    window_table,
};
use chambers_echo::{
    AnalysisParams, BimodalityReport, Bisection, LeaderGroups, LeaderReport, StabilityReport,
    Summary, WindowControversy, WindowReport, controversy_baseline, controversy_of_overlaps,
    pooled_bimodality, summarise,
};
use chambers_graph::Table;
use chambers_overlap::{
    AggregateOverlap, ChamberCounts, LeaderImpact, chamber_table, leader_impact_table,
    leader_table, overlap_table,
};

use crate::analysis::{for_each_batch, int_column, run};
use crate::windows::text_column;
use crate::{ChamberEngine, EngineEcho, EngineError, EnginePolarization, plans};

/// What `chambers_echo::Report` holds of an analysis that ran on the engine, in its field names
/// (so report.json reads the same), and what the tables need besides.
#[derive(Clone, Debug, serde::Serialize)]
pub struct EngineReport {
    /// The headline figures; those of the null (with the controversy score of the earlier
    /// rule that rests on it) and of the ideology are not computed (`None`, or 0 where the field
    /// is a number: [`EngineReport::NOT_COMPUTED`] names them).
    pub summary: Summary,
    /// The parameters used.
    pub parameters: AnalysisParams,
    /// How the groups were found (`None` with fewer than two leaders).
    pub grouping: Option<LeaderGroups>,
    /// The leaders with their groups.
    pub leaders: Vec<LeaderReport>,
    /// Per-window results.
    pub windows: Vec<WindowReport>,
    /// Bimodality of the pooled real overlaps (no null sample).
    pub bimodality: BimodalityReport,
    /// Q̄ over the leaders.
    pub aggregate: AggregateOverlap,
    /// Stability over time.
    pub stability: StabilityReport,
    /// Every leader's impact in every window where it has any retweet.
    #[serde(skip)]
    pub leader_impact: Vec<LeaderImpact>,
    /// Every scored account of every window, with its impact.
    #[serde(skip)]
    pub scored: Vec<ScoredRow>,
    /// Spill files of the echo stage and of the report's own plans.
    #[serde(skip)]
    pub spills: usize,
}

impl EngineReport {
    /// The fields of [`Summary`] that need a window's graph, which a report from the engine
    /// does not compute: a writer leaves them out rather than print a default.
    pub const NOT_COMPUTED: [&str; 9] = [
        "polarization_null",
        "modularity_null",
        "controversy_split_null",
        "ideology_accuracy",
        "ideology_precision",
        "ideology_recall",
        "ideology_f1",
        "ideology_faulty_windows",
        "ideology_one_side_accuracy",
    ];

    /// The result folder's tables of this report, in the order `chambers_echo::Report::tables`
    /// gives them: `leaders`, `chambers`, `overlaps`, `windows`, `groups`,
    /// `aggregate_overlap`, `high_impact`, `stability`, `leader_impact`; `stage` is the engine that computed
    /// it and `names` names the groups. The per-user tables come from
    /// [`ChamberEngine::echo_to`].
    pub fn tables<'a>(&'a self, stage: &'a ChamberEngine, names: &'a [String]) -> Vec<Table<'a>> {
        let record = stage.chambers();
        let leader_names: Vec<String> = self.leaders.iter().map(|l| l.account.clone()).collect();
        let counts: Vec<ChamberCounts<'a>> = record
            .windows
            .iter()
            .map(|w| ChamberCounts {
                window: w.window,
                active: &w.active,
                audience_sizes: w.audience_sizes.clone(),
                overlaps: &w.overlaps,
            })
            .collect();
        vec![
            leader_table(
                &record.leaders,
                leader_names.clone(),
                &self.leader_impact,
                Some(leader_columns(&self.leaders, names)),
            ),
            chamber_table(counts.clone(), leader_names.clone()),
            overlap_table(counts, leader_names.clone()),
            window_table(&self.windows, self.summary.group_sizes.len()),
            group_table(&self.windows, names),
            aggregate_table(&self.aggregate, &self.leaders),
            high_impact_table(self.scored.clone(), self.summary.group_sizes.len(), names),
            stability_table(&self.stability, names),
            leader_impact_table(self.leader_impact.clone(), leader_names),
        ]
    }
}

impl ChamberEngine {
    /// The report of the analysis from this chamber stage, its groups and P(t) (`split`,
    /// from [`crate::EngineChambers::polarization`] with the same `params`) and its echo
    /// chambers (`echo`, from [`ChamberEngine::echo`] or [`ChamberEngine::echo_to`]), with the
    /// leaders' groups of `split` however they were found
    /// ([`crate::EngineChambers::polarization_of`]): each
    /// window's figures as the in-memory analysis flags and reports them, the pooled
    /// overlaps' bimodality and the summary. Three more plans run here: each window's
    /// retweets, the impact of the leaders and the scored accounts, and the main leaders'
    /// chambers for the controversy baseline. Once per engine: its staged tables take fixed
    /// names, as [`ChamberEngine::echo`]'s do.
    ///
    /// # Errors
    /// [`EngineError::Query`] when a plan fails.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), chambers_datafusion::EngineError> {
    /// use chambers_datafusion::{ChamberEngine, EngineParams};
    /// use chambers_echo::AnalysisParams;
    /// use chambers_graph::{WindowSpec, DAY};
    /// let spec = WindowSpec::Fixed { start: None, length: 7 * DAY };
    /// let params = AnalysisParams::default();
    /// let paths = ["events/".to_string()];
    /// let stage = ChamberEngine::run(&paths, spec, Default::default(), &params.chambers, &EngineParams::default())?;
    /// let split = stage.chambers().polarization(&params)?;
    /// let echo = stage.echo(&split.labels, split.groups, None, &params)?;
    /// let report = stage.report(split, echo, &params)?;
    /// println!("polarization {:?}, coverage {:?}", report.summary.polarization, report.summary.coverage);
    /// # Ok(()) }
    /// ```
    pub fn report(
        &self,
        split: EnginePolarization,
        echo: EngineEcho,
        params: &AnalysisParams,
    ) -> Result<EngineReport, EngineError> {
        let record = &self.record;
        // The leaders, then every scored account not among them, once each.
        let mut accounts: Vec<String> = record
            .leaders
            .iter()
            .map(|l| record.interner.external(l.user).to_string())
            .collect();
        let mut index: HashMap<String, usize> = accounts
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, a)| (a, i))
            .collect();
        for s in echo.windows.iter().flat_map(|w| &w.scored) {
            if !index.contains_key(&s.account) {
                index.insert(s.account.clone(), accounts.len());
                accounts.push(s.account.clone());
            }
        }
        let (retweets, impacts, spills) = self.runtime.block_on(self.window_totals(accounts))?;
        let k = record.leaders.len();
        let leader_impact: Vec<LeaderImpact> = impacts
            .iter()
            .filter(|&&(_, i, _)| i < k)
            .map(|&(window, leader, impact)| LeaderImpact {
                window,
                leader,
                impact,
                active: record.windows[window].active.binary_search(&leader).is_ok(),
            })
            .collect();
        let impact_of = |window: usize, account: &str| {
            let i = index[account];
            impacts
                .binary_search_by(|&(t, j, _)| (t, j).cmp(&(window, i)))
                .map_or(0, |at| impacts[at].2)
        };
        let scored: Vec<ScoredRow> = echo
            .windows
            .iter()
            .flat_map(|w| {
                w.scored.iter().map(move |s| ScoredRow {
                    window: w.window,
                    account: s.account.clone(),
                    impact: impact_of(w.window, &s.account),
                    counts: s.counts.clone(),
                    score: s.score,
                    side: s.side,
                })
            })
            .collect();
        let (controversy, controversy_spills) = self.runtime.block_on(self.controversy(params))?;
        let windows: Vec<WindowReport> = record
            .windows
            .iter()
            .zip(split.windows)
            .zip(&echo.windows)
            .map(|((counts, polarization), e)| {
                let mut w = WindowReport::new(
                    counts.window,
                    counts.start,
                    e.users,
                    retweets[counts.window],
                    &counts.active,
                    &split.labels,
                    split.groups,
                    polarization,
                );
                w.set_controversy(controversy[counts.window]);
                w.ec.clone_from(&e.ec);
                w.aec.clone_from(&e.aec);
                w.aec_both = e.aec_both;
                w.coverage = e.coverage();
                w.coverage_paper = e.coverage_paper();
                w
            })
            .collect();
        let pooled: Vec<f64> = record
            .windows
            .iter()
            .flat_map(|w| w.overlaps.upper(params.measure))
            .collect();
        let bimodality = pooled_bimodality(&pooled, &[], params);
        let summary = summarise(&windows, &bimodality, &split.labels, split.groups, k);
        let leaders = record
            .leaders
            .iter()
            .enumerate()
            .map(|(i, l)| LeaderReport {
                user: l.user,
                account: record.interner.external(l.user).to_string(),
                rank: l.rank,
                persistence: l.persistence,
                group: split.labels[i],
                eigenvector: split.grouping.as_ref().map(|g| g.eigenvector[i]),
            })
            .collect();
        Ok(EngineReport {
            summary,
            parameters: params.clone(),
            grouping: split.grouping,
            leaders,
            windows,
            bimodality,
            aggregate: split.aggregate,
            stability: echo.stability,
            leader_impact,
            scored,
            spills: spills + controversy_spills + echo.spills,
        })
    }

    /// Each window's controversy figures (METHOD.md §12), by window: M, |L*| and D
    /// from Q(t); for a window whose main component splits, M₀ and the score from
    /// randomisations of its main leaders' chambers, read from the engine window after window
    /// in the byte order of the members' ids (`plans::main_chambers`), so that only one
    /// window's chambers are on the driver at a time, numbered as the window's local ids number
    /// them in memory; and the plan's spill files.
    async fn controversy(
        &self,
        params: &AnalysisParams,
    ) -> Result<(Vec<WindowControversy>, usize), EngineError> {
        let record = &self.record;
        let mut out = Vec::with_capacity(record.windows.len());
        let mut splits: Vec<Option<Bisection>> = Vec::with_capacity(record.windows.len());
        for w in &record.windows {
            let q = w.overlaps.matrix(params.measure);
            let (figures, split) = controversy_of_overlaps(&q, w.active.len());
            out.push(figures);
            splits.push(split);
        }
        let complete = |t: usize, members: &[Vec<u32>], out: &mut Vec<WindowControversy>| {
            if let Some(real) = &splits[t] {
                let chambers: Vec<&[u32]> = members.iter().map(Vec::as_slice).collect();
                out[t] = controversy_baseline(
                    out[t],
                    real,
                    &chambers,
                    params.measure,
                    params.controversy_realisations,
                    params.controversy_seed(t),
                );
            }
        };
        let main: Vec<(i64, u64)> = splits
            .iter()
            .enumerate()
            .filter_map(|(t, s)| Some((t, s.as_ref()?)))
            .flat_map(|(t, s)| {
                let active = &record.windows[t].active;
                s.main.iter().map(move |&a| (t as i64, active[a] as u64))
            })
            .collect();
        let mut done = vec![false; splits.len()];
        let mut spills = 0;
        if !main.is_empty() && params.controversy_realisations > 0 {
            self.stream_main_chambers(main, &splits, &mut spills, |t, members| {
                complete(t, members, &mut out);
                done[t] = true;
            })
            .await?;
        }
        // Windows without a split, and with realisations none to read: a split needs overlaps,
        // so its window's chambers came from the engine.
        for (t, split) in splits.iter().enumerate().filter(|&(t, _)| !done[t]) {
            debug_assert!(split.is_none() || params.controversy_realisations == 0);
            let n = split.as_ref().map_or(0, |s| s.main.len());
            complete(t, &vec![Vec::new(); n], &mut out);
        }
        Ok((out, spills))
    }

    /// Streams the chambers of the main leaders `main` (`(window, position)`) from the engine,
    /// ordered by window then member, and hands each window's to `window` as it completes: per
    /// main leader (in the order of `splits[t].main`), the ranks of its members among the
    /// window's members in the byte order of their ids.
    async fn stream_main_chambers(
        &self,
        main: Vec<(i64, u64)>,
        splits: &[Option<Bisection>],
        spills: &mut usize,
        mut window: impl FnMut(usize, &[Vec<u32>]),
    ) -> Result<(), EngineError> {
        let record = &self.record;
        let (windows, positions): (Vec<i64>, Vec<u64>) = main.into_iter().unzip();
        let main = self
            .staging
            .table(
                &self.ctx,
                "main_leaders",
                vec![
                    ("m_window", Arc::new(Int64Array::from(windows)) as ArrayRef),
                    ("m_position", Arc::new(UInt64Array::from(positions))),
                ],
            )
            .await?;
        let mut current: Option<(usize, Vec<Vec<u32>>)> = None;
        let (mut last, mut rank) = (String::new(), 0u32);
        let plan = plans::main_chambers(self.chambers.clone(), main)?;
        for_each_batch(&self.ctx, plan, spills, |batch| {
            let (t, position) = (
                int_column(&batch, "window")?,
                int_column(&batch, "position")?,
            );
            let member = text_column(&batch, "member")?;
            for i in 0..batch.num_rows() {
                let t = t[i] as usize;
                if current.as_ref().is_none_or(|(w, _)| *w != t) {
                    if let Some((w, members)) = current.take() {
                        window(w, &members);
                    }
                    let n = splits[t].as_ref().map_or(0, |s| s.main.len());
                    current = Some((t, vec![Vec::new(); n]));
                    last.clear();
                    rank = 0;
                }
                let (_, members) = current.as_mut().expect("set above");
                if member.value(i) != last {
                    rank += 1;
                    last.clear();
                    last.push_str(member.value(i));
                }
                let active = &record.windows[t].active;
                let main = &splits[t].as_ref().expect("a window with a split").main;
                let a = active
                    .binary_search(&(position[i] as usize))
                    .expect("an active leader");
                let at = main
                    .binary_search(&a)
                    .expect("a leader of the main component");
                members[at].push(rank);
            }
            Ok(())
        })
        .await?;
        if let Some((w, members)) = current.take() {
            window(w, &members);
        }
        Ok(())
    }

    /// Each window's retweets, and the impact of each of `accounts` in every window where it
    /// has any retweet as `(window, index in accounts, impact)`; and the plans' spill files.
    async fn window_totals(
        &self,
        accounts: Vec<String>,
    ) -> Result<(Vec<u64>, Vec<(usize, usize, u64)>, usize), EngineError> {
        let (ctx, record) = (&self.ctx, &self.record);
        let mut spills = 0;
        let mut retweets = vec![0u64; record.windows.len()];
        for batch in run(
            ctx,
            plans::window_retweets(self.events.clone())?,
            &mut spills,
        )
        .await?
        {
            let (window, sum) = (
                int_column(&batch, "window")?,
                int_column(&batch, "retweets")?,
            );
            for (&t, &n) in window.iter().zip(&sum) {
                retweets[t as usize] = n as u64;
            }
        }
        let listed = self
            .staging
            .table(
                ctx,
                "report_accounts",
                vec![
                    (
                        "l_position",
                        Arc::new(UInt64Array::from_iter_values(0..accounts.len() as u64))
                            as ArrayRef,
                    ),
                    ("l_account", Arc::new(StringArray::from(accounts))),
                ],
            )
            .await?;
        let mut impacts = Vec::new();
        let plan = plans::account_impact(self.events.clone(), listed)?;
        for batch in run(ctx, plan, &mut spills).await? {
            let (window, position, impact) = (
                int_column(&batch, "window")?,
                int_column(&batch, "position")?,
                int_column(&batch, "impact")?,
            );
            for i in 0..batch.num_rows() {
                impacts.push((window[i] as usize, position[i] as usize, impact[i] as u64));
            }
        }
        impacts.sort_unstable();
        Ok((retweets, impacts, spills))
    }
}
