//! What the analysis reports: per window, per leader, and over the whole dataset.

use chambers_graph::{GroupId, UserId};
use chambers_ideology::LatentIdeology;
use chambers_overlap::{AggregateOverlap, ChamberAnalysis};
use chambers_stats::Bimodality;

use crate::{
    AnalysisParams, IdeologyComparison, LagSummary, LeaderGroups, PhaseTimes, Summary,
    WindowControversy, WindowEcho, WindowPolarization,
};

/// Something a reader of the results must know about a window.
///
/// ```
/// use chambers_echo::Flag;
/// assert_eq!(serde_json::to_string(&Flag::PolarizationUndefined).unwrap(), "\"polarization-undefined\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The window has no retweets.
    EmptyWindow,
    /// Group A has fewer than 2 active leaders: within-group overlap is not measured.
    SmallGroupA,
    /// Group B has fewer than 2 active leaders.
    SmallGroupB,
    /// A group after A and B (more than two groups) has fewer than 2 active leaders.
    SmallOtherGroup,
    /// I = E = 0: every overlap between active leaders is 0.
    PolarizationUndefined,
    /// Some active leaders overlap none of the main component of the overlap graph: they are
    /// left out of the controversy score (and discount it).
    OutsideMainComponent,
    /// Fewer than 2 active leaders in the main component, or no bisection with positive
    /// modularity: the controversy score is 0.
    NoControversySplit,
    /// The latent-ideology matrix (users × influencers) is disconnected: only its main
    /// component was scored (the counts say how many users were left out).
    IdeologyDisconnected,
}

impl Flag {
    /// What the flag means for the figures of a window it marks, in a few words.
    ///
    /// ```
    /// use chambers_echo::Flag;
    /// assert!(Flag::IdeologyDisconnected.meaning().contains("main component"));
    /// ```
    pub fn meaning(self) -> &'static str {
        match self {
            Flag::EmptyWindow => "no retweets: nothing is measured",
            Flag::SmallGroupA | Flag::SmallGroupB | Flag::SmallOtherGroup => {
                "a group has fewer than 2 active leaders: its within-group overlap is not measured"
            }
            Flag::PolarizationUndefined => "every overlap is 0: polarization is undefined",
            Flag::OutsideMainComponent => {
                "some leaders overlap no leader of the main component: the controversy score leaves them out"
            }
            Flag::NoControversySplit => "no split with positive modularity: controversy is 0",
            Flag::IdeologyDisconnected => {
                "the users × influencers matrix is disconnected: latent ideology scored its main component only"
            }
        }
    }

    /// The flag's name as written in outputs (the same as its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Flag::EmptyWindow => "empty-window",
            Flag::SmallGroupA => "small-group-a",
            Flag::SmallGroupB => "small-group-b",
            Flag::SmallOtherGroup => "small-other-group",
            Flag::PolarizationUndefined => "polarization-undefined",
            Flag::OutsideMainComponent => "outside-main-component",
            Flag::NoControversySplit => "no-controversy-split",
            Flag::IdeologyDisconnected => "ideology-disconnected",
        }
    }
}

/// Results of one window.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WindowReport {
    /// Window index.
    pub window: usize,
    /// Start instant (Unix seconds) for time windows.
    pub start: Option<i64>,
    /// |V_t|.
    pub users: usize,
    /// Retweets in the window.
    pub retweets: u64,
    /// Active leaders in each group (A, B, …).
    pub active: Vec<usize>,
    /// P(t) = (I − E)/(I + E) on Q(t) with the leader groups; `None` when undefined.
    pub polarization: Option<f64>,
    /// P_g(t) of each group (METHOD.md §5): within-group overlap against the group's overlap
    /// with the others; `None` where both are 0 or the group has no active leader.
    pub polarization_groups: Vec<Option<f64>>,
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
    /// |EC_g| of each group.
    pub ec: Vec<usize>,
    /// |AEC_g| of each group.
    pub aec: Vec<usize>,
    /// Users in more than one augmented echo chamber (two groups: in both).
    pub aec_both: usize,
    /// Coverage |AEC_A ∪ AEC_B| / |V_t|, in [0, 1] (METHOD.md §7).
    pub coverage: Option<f64>,
    /// The paper's coverage (|AEC_A| + |AEC_B|) / |V_t|: users in both count twice, so it may
    /// exceed 1.
    pub coverage_paper: Option<f64>,
    /// Agreement of the echo-chamber sides with the latent-ideology benchmark.
    pub ideology: Option<IdeologyComparison>,
    /// The controversy score of this window and its parts (METHOD.md §12).
    pub controversy: WindowControversy,
    /// What to know about this window.
    pub flags: Vec<Flag>,
}

impl WindowReport {
    /// A window's report with its size and the polarization figures of its active leaders
    /// (`active`: positions in the leader list; `labels`: every leader's group among `groups`),
    /// flagged as METHOD.md §5 says (an empty window, a group with fewer than 2 active leaders,
    /// P(t) undefined). The echo chambers, the null, the controversy and the ideology are
    /// filled in by the stages that compute them.
    ///
    /// ```
    /// use chambers_echo::{Flag, WindowPolarization, WindowReport};
    /// use chambers_graph::GroupId;
    /// let labels = [Some(GroupId::A), Some(GroupId::A), Some(GroupId::B)];
    /// let p = WindowPolarization { polarization: Some(0.5), ..Default::default() };
    /// let w = WindowReport::new(3, None, 10, 12, &[0, 1, 2], &labels, 2, p);
    /// assert_eq!(w.active, [2, 1]);
    /// assert_eq!(w.flags, [Flag::SmallGroupB]);
    /// assert!(!w.is_valid());
    /// ```
    #[allow(clippy::too_many_arguments)] // the window's facts, each of its own kind
    pub fn new(
        window: usize,
        start: Option<i64>,
        users: usize,
        retweets: u64,
        active: &[usize],
        labels: &[Option<GroupId>],
        groups: usize,
        polarization: WindowPolarization,
    ) -> Self {
        let counts: Vec<usize> = (0..groups)
            .map(|g| {
                active
                    .iter()
                    .filter(|&&i| labels[i] == Some(GroupId::new(g)))
                    .count()
            })
            .collect();
        let mut flags = Vec::new();
        if users == 0 {
            flags.push(Flag::EmptyWindow);
        } else {
            if counts[0] < 2 {
                flags.push(Flag::SmallGroupA);
            }
            if counts[1] < 2 {
                flags.push(Flag::SmallGroupB);
            }
            if counts[2..].iter().any(|&n| n < 2) {
                flags.push(Flag::SmallOtherGroup);
            }
        }
        if active.len() >= 2 && polarization.polarization.is_none() {
            flags.push(Flag::PolarizationUndefined);
        }
        Self {
            window,
            start,
            users,
            retweets,
            active: counts,
            polarization: polarization.polarization,
            polarization_groups: polarization.polarization_groups,
            polarization_adaptive: polarization.polarization_adaptive,
            polarization_shuffled: polarization.polarization_shuffled,
            modularity: polarization.modularity,
            flags,
            ..Self::default()
        }
    }

    /// Sets the window's controversy figures, flagging leaders outside the main component and
    /// a main component without a split (METHOD.md §12).
    pub fn set_controversy(&mut self, controversy: WindowControversy) {
        if controversy.leaders > 0 {
            if controversy.main_component < controversy.leaders {
                self.flags.push(Flag::OutsideMainComponent);
            }
            if controversy.ceiling.is_none() {
                self.flags.push(Flag::NoControversySplit);
            }
        }
        self.controversy = controversy;
    }

    /// Whether P(t) is meaningful here: defined, and both groups have ≥ 2 active leaders.
    ///
    /// ```
    /// use chambers_echo::{Flag, WindowReport};
    /// let mut w = WindowReport { polarization: Some(0.8), ..Default::default() };
    /// assert!(w.is_valid());
    /// w.flags.push(Flag::SmallGroupB); // one skeptic leader: P = 1 means nothing
    /// assert!(!w.is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.polarization.is_some()
            && !self.flags.iter().any(|f| {
                matches!(
                    f,
                    Flag::SmallGroupA | Flag::SmallGroupB | Flag::SmallOtherGroup
                )
            })
    }
}

/// A leader and its group.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeaderReport {
    /// The account (valid for the dataset's interner). Not in the JSON: a loaded report
    /// holds `UserId(u32::MAX)`, no account, and names the leader by `account`.
    #[serde(skip, default = "unresolved")]
    pub user: UserId,
    /// The account's external id, as the input spelled it (`user` in JSON).
    #[serde(rename = "user")]
    pub account: String,
    /// 1-based rank in the leader list.
    pub rank: usize,
    /// Windows in H(t).
    pub persistence: usize,
    /// Its group, `None` = unassigned.
    pub group: Option<GroupId>,
    /// Its entry in the splitting eigenvector (spectral grouping only).
    pub eigenvector: Option<f64>,
}

/// The id of a leader loaded from JSON, which holds external ids only.
fn unresolved() -> UserId {
    UserId(u32::MAX)
}

/// Bimodality of the pooled real overlaps and of the pooled null overlaps.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StabilityReport {
    /// EC_g of each group.
    pub ec: Vec<Vec<LagSummary>>,
    /// AEC_g of each group.
    pub aec: Vec<Vec<LagSummary>>,
    /// Every leader's chamber, pooled over leaders.
    pub chambers: Vec<LagSummary>,
}

/// Everything the analysis found. Serialises (JSON) with the [`Summary`] first; the per-user
/// and per-pair records stay in memory (local ids of each window's graph): turn them into tables
/// keyed by external ids with [`Report::tables`]. A saved report.json loads back
/// (`Deserialize`) into a `Report` whose figures equal the saved ones; the records not in the
/// file (`chambers`, `echo`, `ideology`, `null_overlaps`) load empty, and leaders are named by
/// [`LeaderReport::account`] only.
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams};
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let report = Analysis::new(AnalysisParams::default()).run(&b.finish().unwrap()).unwrap();
/// assert_eq!(report.summary.controversy, 0.0); // one leader: nothing to split
/// ```
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    /// Per window, each pair's null overlap averaged over the realisations: the upper triangle
    /// of the active leaders in `chambers.windows[t].active` order, pooled like the real
    /// overlaps (empty without realisations).
    #[serde(skip)]
    pub null_mean_overlaps: Vec<Vec<f64>>,
    /// Seconds per phase of the run (not a result: `chambers analyze` writes them under
    /// `timings_s` in report.json).
    #[serde(skip)]
    pub timings: PhaseTimes,
}
