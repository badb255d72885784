//! The whole method over windows: one call from a windowed dataset to a [`Report`].

use chambers_graph::{UserId, Windows};
use chambers_ideology::{IdeologyParams, LatentIdeology, Orientation, latent_ideology};
use chambers_overlap::{
    AggregateOverlap, ChamberAnalysis, ChamberParams, Measure, analyse_chambers, exclusion_set,
};
use chambers_stats::{
    Bimodality, BimodalityParams, DipTestParams, ShuffleParams, adaptive_polarization_index,
    aligned_confusion, bimodality, majority_agreement, polarization_index, shuffle_baseline,
};
use rayon::prelude::*;

use crate::{
    EchoError, EchoParams, LagSummary, LeaderGroups, Mode, WindowEcho, echo_chambers,
    null_overlaps, spectral_groups, stability,
};

/// Parameters of the whole analysis; defaults are the paper's values (Kolic et al. 2025).
///
/// ```
/// use chambers_echo::AnalysisParams;
/// let p = AnalysisParams::default().seed(7).null_realisations(2);
/// assert_eq!((p.shuffles, p.null_realisations, p.max_lag), (50, 2, 20));
/// assert!(p.check().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AnalysisParams {
    /// Leaders (N, M) and the exclusion set of chambers.
    pub chambers: ChamberParams,
    /// Which Laplacian mode splits the leaders.
    pub mode: Mode,
    /// Stance threshold η and scoring rule of the augmented classification.
    pub echo: EchoParams,
    /// Overlap measure for Q(t), Q̄ and the pooled distribution.
    pub measure: Measure,
    /// Label shuffles of the baseline P (paper: 50).
    pub shuffles: usize,
    /// Configuration-model realisations of the null (paper: 10; 0 skips the null).
    pub null_realisations: usize,
    /// Monte-Carlo replicates of the dip test p-value.
    pub dip_replicates: usize,
    /// Largest lag Δ of the stability curves (paper: 20).
    pub max_lag: usize,
    /// Seed of every random part.
    pub seed: u64,
    /// Latent-ideology benchmark per window (correspondence analysis, METHOD.md §8); `None`
    /// skips it. Its orientation is always set by agreement with the echo-chamber sides.
    pub ideology: Option<IdeologyParams>,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        Self {
            chambers: ChamberParams::default(),
            mode: Mode::default(),
            echo: EchoParams::default(),
            measure: Measure::Jaccard,
            shuffles: 50,
            null_realisations: 10,
            dip_replicates: 2000,
            max_lag: 20,
            seed: 1,
            ideology: Some(IdeologyParams::default()),
        }
    }
}

macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        impl AnalysisParams {
            $(
                #[doc = concat!("Builder-lite setter for [`AnalysisParams::", stringify!($field), "`].")]
                ///
                /// ```
                #[doc = concat!("let p = chambers_echo::AnalysisParams::default().", stringify!($field), "(Default::default());")]
                #[doc = concat!("assert_eq!(p.", stringify!($field), ", Default::default());")]
                /// ```
                pub fn $field(mut self, value: $ty) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

setters!(
    chambers: ChamberParams,
    mode: Mode,
    echo: EchoParams,
    measure: Measure,
    shuffles: usize,
    null_realisations: usize,
    dip_replicates: usize,
    max_lag: usize,
    seed: u64,
    ideology: Option<IdeologyParams>,
);

impl AnalysisParams {
    /// Checks every parameter.
    ///
    /// # Errors
    /// [`EchoError::InvalidParameter`] naming the first bad value.
    ///
    /// ```
    /// assert!(chambers_echo::AnalysisParams::default().shuffles(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), EchoError> {
        self.chambers
            .check()
            .map_err(|e| EchoError::InvalidParameter(e.to_string()))?;
        self.echo.check()?;
        if self.shuffles == 0 {
            return Err(EchoError::InvalidParameter(
                "shuffles must be at least 1".into(),
            ));
        }
        if self.dip_replicates == 0 {
            return Err(EchoError::InvalidParameter(
                "dip_replicates must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// Something a reader of the results must know about a window.
///
/// ```
/// use chambers_echo::Flag;
/// assert_eq!(serde_json::to_string(&Flag::PolarizationUndefined).unwrap(), "\"polarization-undefined\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The window has no retweets.
    EmptyWindow,
    /// Group A has fewer than 2 active leaders: within-group overlap is not measured.
    SmallGroupA,
    /// Group B has fewer than 2 active leaders.
    SmallGroupB,
    /// I = E = 0: every overlap between active leaders is 0.
    PolarizationUndefined,
}

impl Flag {
    /// The flag's name as written in outputs.
    ///
    /// ```
    /// assert_eq!(chambers_echo::Flag::EmptyWindow.name(), "empty-window");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Flag::EmptyWindow => "empty-window",
            Flag::SmallGroupA => "small-group-a",
            Flag::SmallGroupB => "small-group-b",
            Flag::PolarizationUndefined => "polarization-undefined",
        }
    }
}

/// Results of one window.
///
/// ```
/// let w = chambers_echo::WindowReport::default();
/// assert!(w.polarization.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct WindowReport {
    /// Window index.
    pub window: usize,
    /// Start instant (Unix seconds) for time windows.
    pub start: Option<i64>,
    /// |V_t|.
    pub users: usize,
    /// Retweets in the window.
    pub retweets: u64,
    /// Active leaders in group A and group B.
    pub active: [usize; 2],
    /// P(t) = (I − E)/(I + E) on Q(t) with the leader groups; `None` when undefined.
    pub polarization: Option<f64>,
    /// The size-normalised (adaptive) P(t).
    pub polarization_adaptive: Option<f64>,
    /// Mean P(t) over label shuffles (group sizes kept).
    pub polarization_shuffled: Option<f64>,
    /// Mean P(t) of configuration-model chambers with the same leader groups (METHOD.md §4).
    pub polarization_null: Option<f64>,
    /// Weighted modularity of the leader groups on Q(t).
    pub modularity: Option<f64>,
    /// Mean modularity of configuration-model chambers, each realisation split into groups by
    /// the same spectral rule on its own Q̄ (with given groups: those groups): what degrees and
    /// the choice of the best split give a network without groups. The controversy's baseline.
    pub modularity_null: Option<f64>,
    /// |EC_A|, |EC_B|, |AEC_A|, |AEC_B|, |AEC_A ∩ AEC_B|.
    pub ec: [usize; 2],
    /// |AEC_A| and |AEC_B|.
    pub aec: [usize; 2],
    /// Users in both augmented echo chambers.
    pub aec_both: usize,
    /// (|AEC_A| + |AEC_B|) / |V_t| (the paper's coverage).
    pub coverage: Option<f64>,
    /// |AEC_A ∪ AEC_B| / |V_t|.
    pub coverage_union: Option<f64>,
    /// Agreement of the echo-chamber sides with the latent-ideology benchmark.
    pub ideology: Option<IdeologyComparison>,
    /// What to know about this window.
    pub flags: Vec<Flag>,
}

/// The echo-chamber classification against latent ideology in one window (METHOD.md §8).
///
/// Users classified to exactly one side by the echo chambers and scored by correspondence
/// analysis are compared; the ideology side is the sign of the min–max scaled score (positive =
/// A, the orientation chosen to agree with the echo-chamber sides). `accuracy`..`f1` follow the
/// paper's rule (each echo-chamber side counts its majority ideology side as correct, positive
/// class A); `confusion` is the sign-aligned confusion matrix (rows = ideology side, columns =
/// echo-chamber side).
///
/// ```
/// let c = chambers_echo::IdeologyComparison::default();
/// assert_eq!(c.compared, 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct IdeologyComparison {
    /// Users with an ideology score.
    pub scored: usize,
    /// scored / |V_t| (the paper's coverage of latent ideology).
    pub coverage: Option<f64>,
    /// Users classified by both methods.
    pub compared: usize,
    /// Accuracy under the majority rule.
    pub accuracy: Option<f64>,
    /// Precision of side A.
    pub precision: Option<f64>,
    /// Recall of side A.
    pub recall: Option<f64>,
    /// F1 of side A.
    pub f1: Option<f64>,
    /// Sign-aligned confusion counts.
    pub confusion: Vec<Vec<usize>>,
    /// Why the correspondence analysis could not run, when it could not.
    pub error: Option<String>,
}

impl WindowReport {
    /// Whether P(t) is meaningful here: defined, and both groups have ≥ 2 active leaders.
    ///
    /// ```
    /// assert!(!chambers_echo::WindowReport::default().is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.polarization.is_some()
            && !self
                .flags
                .iter()
                .any(|f| matches!(f, Flag::SmallGroupA | Flag::SmallGroupB))
    }
}

/// A leader and its group.
///
/// ```
/// let l = chambers_echo::LeaderReport { user: chambers_graph::UserId(0), rank: 1, persistence: 2, group: Some(0), eigenvector: Some(0.3) };
/// assert_eq!(l.group, Some(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LeaderReport {
    /// The account.
    pub user: UserId,
    /// 1-based rank in the leader list.
    pub rank: usize,
    /// Windows in H(t).
    pub persistence: usize,
    /// 0 = group A, 1 = group B, `None` = unassigned.
    pub group: Option<usize>,
    /// Its entry in the splitting eigenvector (spectral grouping only).
    pub eigenvector: Option<f64>,
}

/// Bimodality of the pooled real overlaps and of the pooled null overlaps.
///
/// ```
/// let b = chambers_echo::BimodalityReport { real: None, null: None, real_values: 0, null_values: 0 };
/// assert!(b.real.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BimodalityReport {
    /// Statistics of the pooled Q(t) upper triangles (`None` with fewer than 4 values).
    pub real: Option<Bimodality>,
    /// Statistics of the configuration-model overlaps of the first realisation in every window
    /// (as many values as the real pool).
    pub null: Option<Bimodality>,
    /// Number of pooled real overlaps.
    pub real_values: usize,
    /// Number of null overlaps in that sample.
    pub null_values: usize,
}

/// Stability curves (METHOD.md §9): per lag, the Jaccard index of each set with itself Δ windows
/// later.
///
/// ```
/// let s = chambers_echo::StabilityReport::default();
/// assert!(s.chambers.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct StabilityReport {
    /// EC_A and EC_B.
    pub ec: [Vec<LagSummary>; 2],
    /// AEC_A and AEC_B.
    pub aec: [Vec<LagSummary>; 2],
    /// Every leader's chamber, pooled over leaders.
    pub chambers: Vec<LagSummary>,
}

/// The headline figures.
///
/// ```
/// let s = chambers_echo::Summary::default();
/// assert_eq!(s.controversy, 0.0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Mean P(t) over valid windows.
    pub polarization: Option<f64>,
    /// Mean shuffled-label P(t) over the same windows.
    pub polarization_shuffled: Option<f64>,
    /// Mean configuration-model P(t) (same groups) over the same windows.
    pub polarization_null: Option<f64>,
    /// Mean size-normalised P(t) over valid windows.
    pub polarization_adaptive: Option<f64>,
    /// Mean modularity of the leader groups on Q(t) over valid windows.
    pub modularity: Option<f64>,
    /// Mean modularity of the null with its own spectral groups, over the same windows.
    pub modularity_null: Option<f64>,
    /// Sarle's bimodality coefficient of the pooled overlaps.
    pub bimodality_coefficient: Option<f64>,
    /// Hartigan's dip of the pooled overlaps.
    pub dip: Option<f64>,
    /// Its Monte-Carlo p-value.
    pub dip_p_value: Option<f64>,
    /// Mean coverage over non-empty windows.
    pub coverage: Option<f64>,
    /// Mean union coverage over non-empty windows.
    pub coverage_union: Option<f64>,
    /// How polarized the conversation is, comparable across datasets, in [0, 1]:
    /// `clamp((M − M₀) / (½ − M₀), 0, 1) × valid / active`.
    ///
    /// * M is the mean weighted modularity of the leader groups on Q(t) over valid windows.
    ///   Unlike P, modularity does not reward unbalanced groups (P grows as one group takes
    ///   most pairs), and ½ is its ceiling for two groups.
    /// * M₀ is the same on configuration-model chambers of the same leaders, each realisation
    ///   split by the same spectral rule on its own aggregate overlaps: what degrees plus the
    ///   choice of the best split give a network without groups (splitting noise always finds
    ///   some modularity). With groups given by the user, those groups; without a null, 0.
    /// * `valid / active` discounts windows where P is undefined or a group has fewer than 2
    ///   active leaders (a one-leader group scores P = 1 and is not valid).
    ///
    /// Splitting noise scores about 0, sparse overlaps no better than the null score about 0,
    /// and two groups whose chambers overlap only inside approach 1.
    pub controversy: f64,
    /// Windows in the data.
    pub windows: usize,
    /// Windows where P(t) is valid.
    pub valid_windows: usize,
    /// Number of leaders.
    pub leaders: usize,
    /// Leaders in group A and group B (unassigned leaders are in neither).
    pub group_sizes: [usize; 2],
}

/// Everything the analysis found. Serialises (JSON) with the [`Summary`] first; the per-user
/// and per-pair tables stay in memory for writers ([`Report::chambers`], [`Report::echo`]).
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams};
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let report = Analysis::new(AnalysisParams::default()).run(&b.finish().unwrap()).unwrap();
/// assert_eq!(report.summary.controversy, 0.0); // one leader: nothing to split
/// ```
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    /// The headline figures.
    pub summary: Summary,
    /// The parameters used.
    pub parameters: AnalysisParams,
    /// How the groups were found (`None` for given groups or fewer than 2 leaders).
    pub grouping: Option<LeaderGroups>,
    /// The leaders with their groups.
    pub leaders: Vec<LeaderReport>,
    /// Per-window results.
    pub windows: Vec<WindowReport>,
    /// Bimodality of real and null overlaps.
    pub bimodality: BimodalityReport,
    /// Q̄ over the leaders.
    pub aggregate: AggregateOverlap,
    /// Stability over time.
    pub stability: StabilityReport,
    /// Audiences, chambers and overlaps per window.
    #[serde(skip)]
    pub chambers: ChamberAnalysis,
    /// Echo chambers, scores and classification per window (local ids).
    #[serde(skip)]
    pub echo: Vec<WindowEcho>,
    /// Latent ideology per window, where it ran.
    #[serde(skip)]
    pub ideology: Vec<Option<LatentIdeology>>,
    /// The null overlaps whose bimodality is reported (first realisation of every window).
    #[serde(skip)]
    pub null_overlaps: Vec<f64>,
}

/// The analysis of METHOD.md §2–9: leaders, chambers, groups, polarization, null model,
/// bimodality, echo chambers with the augmented classification, and stability.
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams};
/// let a = Analysis::new(AnalysisParams::default());
/// assert_eq!(a.params().shuffles, 50);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    params: AnalysisParams,
    leaders: Option<Vec<UserId>>,
    groups: Option<Vec<Option<usize>>>,
    anchor: Option<UserId>,
    scored: Option<Vec<UserId>>,
}

impl Analysis {
    /// An analysis with these parameters.
    ///
    /// ```
    /// let a = chambers_echo::Analysis::new(Default::default());
    /// assert_eq!(a.params().seed, 1);
    /// ```
    pub fn new(params: AnalysisParams) -> Self {
        Self {
            params,
            ..Self::default()
        }
    }

    /// The parameters.
    ///
    /// ```
    /// assert_eq!(chambers_echo::Analysis::default().params().max_lag, 20);
    /// ```
    pub fn params(&self) -> &AnalysisParams {
        &self.params
    }

    /// Uses these leaders instead of the persistence ranking.
    ///
    /// ```
    /// let a = chambers_echo::Analysis::default().with_leaders(vec![chambers_graph::UserId(3)]);
    /// assert!(format!("{a:?}").contains("UserId(3)"));
    /// ```
    pub fn with_leaders(mut self, leaders: Vec<UserId>) -> Self {
        self.leaders = Some(leaders);
        self
    }

    /// Uses these groups (one per leader, 0 = A, 1 = B) instead of the spectral split.
    ///
    /// ```
    /// let a = chambers_echo::Analysis::default().with_groups(vec![Some(0), Some(1)]);
    /// assert!(format!("{a:?}").contains("Some(1)"));
    /// ```
    pub fn with_groups(mut self, groups: Vec<Option<usize>>) -> Self {
        self.groups = Some(groups);
        self
    }

    /// Names the account whose side is group A.
    ///
    /// ```
    /// let a = chambers_echo::Analysis::default().with_anchor(chambers_graph::UserId(9));
    /// assert!(format!("{a:?}").contains("UserId(9)"));
    /// ```
    pub fn with_anchor(mut self, anchor: UserId) -> Self {
        self.anchor = Some(anchor);
        self
    }

    /// Scores these accounts in every window instead of H(t) minus the leaders.
    ///
    /// ```
    /// let a = chambers_echo::Analysis::default().with_scored(vec![chambers_graph::UserId(4)]);
    /// assert!(format!("{a:?}").contains("UserId(4)"));
    /// ```
    pub fn with_scored(mut self, scored: Vec<UserId>) -> Self {
        self.scored = Some(scored);
        self
    }

    /// Runs the analysis.
    ///
    /// # Errors
    /// [`EchoError::InvalidParameter`] for bad parameters, given groups of the wrong length, or an
    /// anchor that is not a leader; [`EchoError::Eigen`] when the eigensolver fails.
    ///
    /// ```
    /// use chambers_echo::{Analysis, AnalysisParams};
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let w = WindowsBuilder::new(WindowSpec::Single, Default::default()).finish().unwrap();
    /// let r = Analysis::new(AnalysisParams::default()).run(&w).unwrap();
    /// assert_eq!(r.windows[0].flags, [chambers_echo::Flag::EmptyWindow]);
    /// ```
    pub fn run(&self, windows: &Windows) -> Result<Report, EchoError> {
        let p = &self.params;
        p.check()?;
        let chambers = analyse_chambers(windows, &p.chambers, self.leaders.as_deref())
            .map_err(|e| EchoError::InvalidParameter(e.to_string()))?;
        let k = chambers.leaders.len();
        let aggregate = chambers.aggregate(p.measure);
        let (labels, grouping) = self.groups(windows, &chambers, &aggregate)?;

        let per_window: Vec<(WindowReport, WindowEcho, Vec<f64>, Option<LatentIdeology>)> = windows
            .windows
            .par_iter()
            .zip(&chambers.windows)
            .zip(&chambers.high_impact)
            .map(|((window, wc), h)| {
                let graph = &window.graph;
                let group_of: Vec<Option<usize>> = wc.active.iter().map(|&i| labels[i]).collect();
                let q = wc.matrix(p.measure);
                let ka = wc.active.len();
                let seed = p.seed ^ (window.index as u64).wrapping_mul(0xA076_1D64_78BD_642F);
                let mut report = WindowReport {
                    window: window.index,
                    start: window.start,
                    users: graph.n_users(),
                    retweets: graph.retweets(),
                    active: [0, 1].map(|g| group_of.iter().filter(|&&l| l == Some(g)).count()),
                    ..WindowReport::default()
                };
                if graph.n_users() == 0 {
                    report.flags.push(Flag::EmptyWindow);
                } else {
                    if report.active[0] < 2 {
                        report.flags.push(Flag::SmallGroupA);
                    }
                    if report.active[1] < 2 {
                        report.flags.push(Flag::SmallGroupB);
                    }
                }
                let excluded = exclusion_set(graph, h, &chambers.leaders, p.chambers.exclusion);
                let local: Vec<u32> = wc
                    .active
                    .iter()
                    .map(|&i| {
                        graph
                            .local(chambers.leaders[i].user)
                            .expect("active leaders are in the graph")
                    })
                    .collect();
                let null = if ka >= 2 && p.null_realisations > 0 {
                    null_overlaps(
                        graph,
                        &local,
                        &excluded,
                        p.null_realisations,
                        seed,
                        p.measure,
                    )
                } else {
                    Vec::new()
                };
                if ka >= 2 {
                    let plain = polarization_index(&q, ka, &group_of)
                        .expect("Q(t) is a finite k × k matrix");
                    report.polarization = plain.value;
                    if plain.value.is_none() {
                        report.flags.push(Flag::PolarizationUndefined);
                    }
                    report.modularity = overlap_modularity(&q, ka, &group_of);
                    report.polarization_adaptive = adaptive_polarization_index(&q, ka, &group_of)
                        .expect("finite")
                        .value;
                    let shuffles = ShuffleParams::default().replicates(p.shuffles).seed(seed);
                    report.polarization_shuffled = shuffle_baseline(&q, ka, &group_of, &shuffles)
                        .expect("checked parameters")
                        .mean;
                }
                let scored: Vec<u32> = match &self.scored {
                    Some(users) => users.iter().filter_map(|&u| graph.local(u)).collect(),
                    None => h
                        .iter()
                        .filter(|r| !chambers.leaders.iter().any(|l| l.user == r.user))
                        .filter_map(|r| graph.local(r.user))
                        .collect(),
                };
                let echo = echo_chambers(graph, wc, &group_of, &scored, &p.echo);
                report.ec = [echo.ec[0].len(), echo.ec[1].len()];
                report.aec = [echo.aec[0].len(), echo.aec[1].len()];
                let classified = echo.classified();
                report.aec_both = classified
                    .iter()
                    .filter(|(_, s)| *s == crate::Side::Both)
                    .count();
                report.coverage = echo.coverage();
                report.coverage_union =
                    (echo.users > 0).then(|| classified.len() as f64 / echo.users as f64);
                let ideology = p
                    .ideology
                    .as_ref()
                    .filter(|_| graph.n_users() > 0)
                    .and_then(|params| {
                        let (comparison, fitted) =
                            compare_ideology(windows, graph, &classified, params);
                        report.ideology = Some(comparison);
                        fitted
                    });
                (report, echo, null, ideology)
            })
            .collect();
        let mut window_reports = Vec::with_capacity(per_window.len());
        let mut echoes = Vec::with_capacity(per_window.len());
        let mut null_pool = Vec::new();
        // The null's bimodality is measured on its first realisation, a sample of the same size
        // as the real pool, so that the two sets of statistics compare like with like.
        let mut ideologies = Vec::with_capacity(per_window.len());
        let mut nulls = Vec::with_capacity(per_window.len());
        for ((r, e, n, i), wc) in per_window.into_iter().zip(&chambers.windows) {
            let k = wc.active.len();
            null_pool.extend(n.iter().take(k * k.saturating_sub(1) / 2));
            window_reports.push(r);
            echoes.push(e);
            ideologies.push(i);
            nulls.push(n);
        }
        let null_labels = match &self.groups {
            Some(_) => vec![labels.clone(); p.null_realisations],
            None => (0..p.null_realisations)
                .map(|r| null_groups(&chambers, &nulls, r, p.mode, &id_order(windows, &chambers)))
                .collect(),
        };
        let real_labels = vec![labels.clone(); p.null_realisations];
        for ((report, wc), null) in window_reports.iter_mut().zip(&chambers.windows).zip(&nulls) {
            report.polarization_null = null_polarization(wc, null, &real_labels, plain_p);
            report.modularity_null = null_polarization(wc, null, &null_labels, overlap_modularity);
        }
        let real_pool = chambers.pooled(p.measure);
        let stats = BimodalityParams::default().dip(
            DipTestParams::default()
                .replicates(p.dip_replicates)
                .seed(p.seed),
        );
        let describe = |values: &[f64]| {
            if values.len() >= 4 {
                bimodality(values, &stats).ok()
            } else {
                None
            }
        };
        let bimodality = BimodalityReport {
            real: describe(&real_pool),
            null: describe(&null_pool),
            real_values: real_pool.len(),
            null_values: null_pool.len(),
        };
        let stability = self.stability(windows, &chambers, &echoes);
        let leaders = chambers
            .leaders
            .iter()
            .enumerate()
            .map(|(i, l)| LeaderReport {
                user: l.user,
                rank: l.rank,
                persistence: l.persistence,
                group: labels[i],
                eigenvector: grouping.as_ref().map(|g| g.eigenvector[i]),
            })
            .collect();
        let summary = summarise(&window_reports, &bimodality, &labels, k);
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
        })
    }

    /// Leader labels: given, spectral, or none for fewer than 2 leaders.
    fn groups(
        &self,
        windows: &Windows,
        chambers: &ChamberAnalysis,
        aggregate: &AggregateOverlap,
    ) -> Result<(Vec<Option<usize>>, Option<LeaderGroups>), EchoError> {
        let k = chambers.leaders.len();
        if let Some(groups) = &self.groups {
            if groups.len() != k || groups.iter().flatten().any(|&g| g > 1) {
                return Err(EchoError::InvalidParameter(format!(
                    "{} group labels (0 or 1) for {k} leaders",
                    groups.len()
                )));
            }
            return Ok((groups.clone(), None));
        }
        if k < 2 {
            return Ok((vec![None; k], None));
        }
        let anchor = match self.anchor {
            Some(a) => Some(
                chambers
                    .leaders
                    .iter()
                    .position(|l| l.user == a)
                    .ok_or_else(|| {
                        EchoError::InvalidParameter(format!(
                            "the anchor {} is not a leader",
                            windows.interner.external(a)
                        ))
                    })?,
            ),
            None => None,
        };
        let g = spectral_groups(
            &aggregate.mean,
            k,
            self.params.mode,
            anchor,
            &id_order(windows, chambers),
        )?;
        Ok((g.labels.clone(), Some(g)))
    }

    fn stability(
        &self,
        windows: &Windows,
        chambers: &ChamberAnalysis,
        echoes: &[WindowEcho],
    ) -> StabilityReport {
        let global = |t: usize, set: &[u32]| -> Vec<u32> {
            set.iter()
                .map(|&v| windows.windows[t].graph.user(v).0)
                .collect()
        };
        let series = |pick: &dyn Fn(&WindowEcho) -> &Vec<u32>| -> Vec<Vec<Option<Vec<u32>>>> {
            vec![
                echoes
                    .iter()
                    .enumerate()
                    .map(|(t, e)| Some(global(t, pick(e))))
                    .collect(),
            ]
        };
        let lag = self.params.max_lag;
        let k = chambers.leaders.len();
        let mut leader_series = vec![vec![None; chambers.windows.len()]; k];
        for (t, wc) in chambers.windows.iter().enumerate() {
            for (a, &i) in wc.active.iter().enumerate() {
                leader_series[i][t] = Some(global(t, wc.chambers.get(a)));
            }
        }
        StabilityReport {
            ec: [
                stability(&series(&|e| &e.ec[0]), lag),
                stability(&series(&|e| &e.ec[1]), lag),
            ],
            aec: [
                stability(&series(&|e| &e.aec[0]), lag),
                stability(&series(&|e| &e.aec[1]), lag),
            ],
            chambers: stability(&leader_series, lag),
        }
    }
}

/// Latent ideology of one window, oriented by the echo-chamber sides, and its agreement with them.
fn compare_ideology(
    windows: &Windows,
    graph: &chambers_graph::RetweetGraph,
    classified: &[(u32, crate::Side)],
    params: &IdeologyParams,
) -> (IdeologyComparison, Option<LatentIdeology>) {
    let side = |s: crate::Side| match s {
        crate::Side::A => Some(0u8),
        crate::Side::B => Some(1u8),
        _ => None,
    };
    let labels: Vec<(UserId, u8)> = classified
        .iter()
        .filter_map(|&(v, s)| Some((graph.user(v), side(s)?)))
        .collect();
    let params = params
        .clone()
        .orientation(Orientation::Groups(labels.clone()));
    let fitted = match latent_ideology(graph, &windows.interner, &params) {
        Ok(f) => f,
        Err(e) => {
            return (
                IdeologyComparison {
                    error: Some(e.to_string()),
                    ..Default::default()
                },
                None,
            );
        }
    };
    let users = graph.n_users();
    let mut truth = Vec::new();
    let mut predicted = Vec::new();
    for score in &fitted.users {
        if let Ok(i) = labels.binary_search_by_key(&score.user, |&(u, _)| u) {
            truth.push(usize::from(score.score_scaled < 0.0));
            predicted.push(usize::from(labels[i].1));
        }
    }
    let mut comparison = IdeologyComparison {
        scored: fitted.users.len(),
        coverage: (users > 0).then(|| fitted.users.len() as f64 / users as f64),
        compared: truth.len(),
        ..Default::default()
    };
    if !truth.is_empty() {
        let rule = majority_agreement(&truth, &predicted, 2, 0).expect("equal lengths");
        comparison.accuracy = rule.accuracy;
        comparison.precision = rule.precision;
        comparison.recall = rule.recall;
        comparison.f1 = rule.f1;
        comparison.confusion = aligned_confusion(&truth, &predicted, 2)
            .expect("k = 2")
            .0
            .counts;
    }
    (comparison, Some(fitted))
}

/// Position of each leader's external id in byte order (the orientation tie-break).
fn id_order(windows: &Windows, chambers: &ChamberAnalysis) -> Vec<usize> {
    let k = chambers.leaders.len();
    let mut by_id: Vec<usize> = (0..k).collect();
    by_id.sort_by(|&a, &b| {
        windows
            .interner
            .cmp_external(chambers.leaders[a].user, chambers.leaders[b].user)
    });
    let mut order = vec![0; k];
    for (position, &i) in by_id.iter().enumerate() {
        order[i] = position;
    }
    order
}

/// Overlap matrix of realisation `r` of a window's null, from its upper triangles.
fn null_matrix(null: &[f64], k: usize, r: usize) -> Option<Vec<f64>> {
    let per = k * k.saturating_sub(1) / 2;
    let tri = null.get(r * per..(r + 1) * per).filter(|t| !t.is_empty())?;
    let mut q = vec![0.0; k * k];
    let mut x = tri.iter();
    for i in 0..k {
        for j in i + 1..k {
            let v = *x.next().expect("a full triangle");
            q[i * k + j] = v;
            q[j * k + i] = v;
        }
    }
    Some(q)
}

/// The leader groups that the spectral split finds on realisation `r` of the null: Q̄ of the
/// rewired chambers over windows, split like the real one. Comparing P against this, not against
/// the real labels, removes the advantage that choosing the best split gives any network.
fn null_groups(
    chambers: &ChamberAnalysis,
    nulls: &[Vec<f64>],
    r: usize,
    mode: Mode,
    id_order: &[usize],
) -> Vec<Option<usize>> {
    let k = chambers.leaders.len();
    let (mut sum, mut count) = (vec![0.0; k * k], vec![0u32; k * k]);
    for (wc, null) in chambers.windows.iter().zip(nulls) {
        let Some(q) = null_matrix(null, wc.active.len(), r) else {
            continue;
        };
        let ka = wc.active.len();
        for a in 0..ka {
            for b in 0..ka {
                if a != b {
                    sum[wc.active[a] * k + wc.active[b]] += q[a * ka + b];
                    count[wc.active[a] * k + wc.active[b]] += 1;
                }
            }
        }
    }
    let mean: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(&s, &n)| if n == 0 { 0.0 } else { s / f64::from(n) })
        .collect();
    spectral_groups(&mean, k, mode, None, id_order).map_or_else(|_| vec![None; k], |g| g.labels)
}

/// Mean `index` of a window's null realisations, realisation r labelled by `labels[r]`.
fn null_polarization(
    wc: &chambers_overlap::WindowChambers,
    null: &[f64],
    labels: &[Vec<Option<usize>>],
    index: impl Fn(&[f64], usize, &[Option<usize>]) -> Option<f64>,
) -> Option<f64> {
    let ka = wc.active.len();
    let values: Vec<f64> = labels
        .iter()
        .enumerate()
        .filter_map(|(r, labels)| {
            let q = null_matrix(null, ka, r)?;
            let group_of: Vec<Option<usize>> = wc.active.iter().map(|&i| labels[i]).collect();
            index(&q, ka, &group_of)
        })
        .collect();
    mean(values.into_iter())
}

/// P(t) of an overlap matrix, `None` when undefined.
fn plain_p(q: &[f64], k: usize, labels: &[Option<usize>]) -> Option<f64> {
    polarization_index(q, k, labels).ok()?.value
}

/// Newman's weighted modularity of the leader groups on an overlap matrix (each unordered pair
/// once, weight = its overlap; unassigned leaders are communities of their own).
fn overlap_modularity(q: &[f64], k: usize, labels: &[Option<usize>]) -> Option<f64> {
    let edges: Vec<(u32, u32, f64)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .filter(|&(i, j)| q[i * k + j] > 0.0)
        .map(|(i, j)| (i as u32, j as u32, q[i * k + j]))
        .collect();
    chambers_stats::modularity(k, &edges, labels).ok()?
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn summarise(
    windows: &[WindowReport],
    bimodality: &BimodalityReport,
    labels: &[Option<usize>],
    k: usize,
) -> Summary {
    let valid: Vec<&WindowReport> = windows.iter().filter(|w| w.is_valid()).collect();
    let polarization = mean(valid.iter().filter_map(|w| w.polarization));
    let polarization_shuffled = mean(valid.iter().filter_map(|w| w.polarization_shuffled));
    let polarization_null = mean(valid.iter().filter_map(|w| w.polarization_null));
    let polarization_adaptive = mean(valid.iter().filter_map(|w| w.polarization_adaptive));
    let modularity = mean(valid.iter().filter_map(|w| w.modularity));
    let modularity_null = mean(valid.iter().filter_map(|w| w.modularity_null));
    let active = windows
        .iter()
        .filter(|w| w.active[0] + w.active[1] > 0)
        .count();
    let baseline = modularity_null.unwrap_or(0.0).min(0.49);
    let controversy = match modularity {
        Some(m) if active > 0 => {
            ((m - baseline) / (0.5 - baseline)).clamp(0.0, 1.0) * valid.len() as f64 / active as f64
        }
        _ => 0.0,
    };
    let real = bimodality.real.as_ref();
    let nonempty = windows.iter().filter(|w| w.users > 0);
    Summary {
        polarization,
        polarization_shuffled,
        polarization_null,
        polarization_adaptive,
        modularity,
        modularity_null,
        bimodality_coefficient: real.and_then(|b| b.bimodality_coefficient),
        dip: real.map(|b| b.dip.dip.dip),
        dip_p_value: real.map(|b| b.dip.p_value),
        coverage: mean(nonempty.clone().filter_map(|w| w.coverage)),
        coverage_union: mean(nonempty.filter_map(|w| w.coverage_union)),
        controversy,
        windows: windows.len(),
        valid_windows: valid.len(),
        group_sizes: [0, 1].map(|g| labels.iter().filter(|&&l| l == Some(g)).count()),
        leaders: k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chambers_graph::{GraphOptions, WindowSpec, WindowsBuilder};
    use chambers_overlap::Exclusion;

    const TOY: [(&str, &str, u32); 16] = [
        ("a1", "A", 2),
        ("a1", "X", 1),
        ("a2", "A", 1),
        ("a2", "B", 1),
        ("a2", "Y", 3),
        ("a3", "B", 1),
        ("a3", "X", 1),
        ("c1", "C", 1),
        ("c1", "Z", 1),
        ("c2", "C", 2),
        ("c2", "Z", 1),
        ("c2", "X", 1),
        ("h1", "H", 1),
        ("a1", "H", 1),
        ("a3", "H", 1),
        ("c1", "H", 1),
    ];

    fn toy() -> Windows {
        let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
        for (s, t, w) in TOY {
            b.push_external(s, t, w, None).unwrap();
        }
        b.finish().unwrap()
    }

    fn run_toy(w: &Windows, eta: f64) -> Report {
        let id = |x: &str| w.interner.get(x).unwrap();
        let params = AnalysisParams::default()
            .chambers(ChamberParams::default().exclusion(Exclusion::Leaders))
            .echo(EchoParams::default().eta(eta))
            .null_realisations(2)
            .dip_replicates(50)
            .ideology(None);
        Analysis::new(params)
            .with_leaders(vec![id("A"), id("B"), id("C")])
            .with_groups(vec![Some(0), Some(0), Some(1)])
            .with_scored(vec![id("H"), id("X")])
            .run(w)
            .unwrap()
    }

    fn names(w: &Windows, set: &[u32]) -> Vec<String> {
        let mut v: Vec<String> = set
            .iter()
            .map(|&x| w.interner.external(w.windows[0].graph.user(x)).to_string())
            .collect();
        v.sort();
        v
    }

    /// METHOD.md §10 end to end.
    #[test]
    fn toy_vectors() {
        let w = toy();
        let r = run_toy(&w, 0.2);
        assert_eq!(r.windows[0].polarization, Some(0.0));
        let e = &r.echo[0];
        assert_eq!(names(&w, &e.ec[0]), ["H", "X", "Y", "a1", "a2", "a3"]);
        assert_eq!(names(&w, &e.ec[1]), ["H", "X", "Z", "c1", "c2"]);
        let scores: Vec<f64> = e.scored.iter().map(|s| s.score).collect();
        assert_eq!(scores, [1.0 / 3.0, 1.0 / 3.0]);
        assert_eq!((e.scored[0].n_a, e.scored[0].n_b), (2, 1));
        assert_eq!(
            names(&w, &e.aec[0]),
            ["H", "X", "Y", "a1", "a2", "a3", "c1", "c2", "h1"]
        );
        assert_eq!(names(&w, &e.aec[1]), ["H", "X", "Z", "c1", "c2"]);
        let both: Vec<u32> = e
            .classified()
            .into_iter()
            .filter(|c| c.1 == crate::Side::Both)
            .map(|c| c.0)
            .collect();
        assert_eq!(names(&w, &both), ["H", "X", "c1", "c2"]);

        let strict = run_toy(&w, 0.5);
        assert_eq!(strict.echo[0].aec, strict.echo[0].ec);
        assert!(
            strict.echo[0]
                .scored
                .iter()
                .all(|s| s.side == crate::Side::Neutral)
        );
    }

    #[test]
    fn degenerate_inputs_are_flagged_not_fatal() {
        let w = toy();
        let id = |x: &str| w.interner.get(x).unwrap();
        let params = AnalysisParams::default()
            .null_realisations(1)
            .dip_replicates(20)
            .ideology(None);
        // Two leaders with disjoint chambers: all-zero overlaps, P undefined.
        let r = Analysis::new(params.clone())
            .with_leaders(vec![id("A"), id("h1")])
            .with_groups(vec![Some(0), Some(1)])
            .run(&w)
            .unwrap();
        assert!(r.windows[0].flags.contains(&Flag::SmallGroupA));
        assert_eq!(r.summary.controversy, 0.0);
        // One group without active leaders.
        let r = Analysis::new(params.clone())
            .with_leaders(vec![id("A"), id("B")])
            .with_groups(vec![Some(0), Some(0)])
            .run(&w)
            .unwrap();
        assert!(r.windows[0].flags.contains(&Flag::SmallGroupB));
        assert!(!r.windows[0].is_valid());
        // All-zero overlaps among four leaders.
        let params0 = params
            .clone()
            .chambers(ChamberParams::default().exclusion(Exclusion::HighImpact));
        let r = Analysis::new(params0)
            .with_leaders(vec![id("A"), id("B"), id("C"), id("H")])
            .with_groups(vec![Some(0), Some(0), Some(1), Some(1)])
            .run(&w)
            .unwrap();
        assert!(
            r.windows[0].flags.contains(&Flag::PolarizationUndefined),
            "{:?}",
            r.windows[0]
        );
        assert_eq!(r.windows[0].polarization, None);
        assert_eq!(r.summary.controversy, 0.0);
        // Wrong group count and unknown anchor are parameter errors.
        assert!(
            Analysis::new(params.clone())
                .with_groups(vec![Some(0)])
                .run(&w)
                .is_err()
        );
        assert!(Analysis::new(params).with_anchor(id("h1")).run(&w).is_err());
    }
}
