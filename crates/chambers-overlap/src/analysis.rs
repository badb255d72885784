//! Chambers and overlaps per window, and their aggregates over windows (METHOD.md §2–3).

use chambers_graph::{
    Leader, LeaderParams, Ranked, RetweetGraph, UserId, Window, Windows, explicit_leaders,
    high_impact, leaders_by_persistence,
};
use rayon::prelude::*;

use crate::kernel::chamber_of_audience;
use crate::{OverlapError, PairCounts, SetFamily, audiences, chambers, pair_counts};

/// Accounts removed from every chamber besides the leader itself (METHOD.md §3).
///
/// ```
/// use chambers_overlap::Exclusion;
/// assert_eq!("leaders".parse::<Exclusion>().unwrap(), Exclusion::Leaders);
/// assert_eq!(Exclusion::default(), Exclusion::HighImpact);
/// assert!("everyone".parse::<Exclusion>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
    /// The window's high-impact set H(t): the hubs everyone retweets (the paper's choice), so
    /// that overlaps reflect the long tail.
    #[default]
    HighImpact,
    /// The leaders that take part in the window.
    Leaders,
    /// Nothing but the leader itself.
    None,
}

impl std::str::FromStr for Exclusion {
    type Err = OverlapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "high-impact" => Ok(Self::HighImpact),
            "leaders" => Ok(Self::Leaders),
            "none" => Ok(Self::None),
            other => Err(OverlapError::InvalidParameter(format!(
                "exclusion must be high-impact, leaders or none, not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for Exclusion {
    /// The form `FromStr` reads: `high-impact`, `leaders` or `none`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Exclusion::HighImpact => "high-impact",
            Exclusion::Leaders => "leaders",
            Exclusion::None => "none",
        })
    }
}

/// Which overlap of two chambers (METHOD.md §3).
///
/// ```
/// use chambers_overlap::{pair_counts, Measure, SetFamily};
/// // A niche leader's chamber {3, 4} lies inside a broad chamber of eight accounts.
/// let c = pair_counts(&SetFamily::from_sets([(0..8).collect::<Vec<u32>>(), vec![3, 4]]));
/// assert_eq!(Measure::Jaccard.of(&c, 0, 1), 0.25);
/// assert_eq!(Measure::OverlapCoefficient.of(&c, 0, 1), 1.0); // nesting counts as full overlap
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum Measure {
    /// |C_u ∩ C_v| / |C_u ∪ C_v| (the paper's q_uv).
    #[default]
    Jaccard,
    /// |C_u ∩ C_v| / min(|C_u|, |C_v|).
    OverlapCoefficient,
}

impl Measure {
    /// The measure of sets `i` and `j` of `counts`.
    ///
    /// ```
    /// use chambers_overlap::{pair_counts, Measure, SetFamily};
    /// let c = pair_counts(&SetFamily::from_sets([vec![1, 2], vec![2]]));
    /// assert_eq!(Measure::Jaccard.of(&c, 0, 1), 0.5);
    /// assert_eq!(Measure::OverlapCoefficient.of(&c, 0, 1), 1.0);
    /// ```
    pub fn of(self, counts: &PairCounts, i: usize, j: usize) -> f64 {
        match self {
            Measure::Jaccard => counts.jaccard(i, j),
            Measure::OverlapCoefficient => counts.overlap_coefficient(i, j),
        }
    }
}

/// Parameters of the chamber analysis: the paper's N = 50, M = 50 and exclusion of H(t).
///
/// ```
/// use chambers_graph::{LeaderParams, WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Measure};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// // N = 2: H(t) = {A, B} (y ties with them at impact 2 and loses on id order), so x and y
/// // stay in the chambers: C_A = {x, y}, C_B = {y}.
/// let two = ChamberParams::default().leaders(LeaderParams::default().top_n(2).leaders(2));
/// assert!(two.check().is_ok());
/// let a = analyse_chambers(&w, &two, None).unwrap();
/// assert_eq!(a.windows[0].matrix(Measure::Jaccard)[1], 0.5);
/// // The paper's N = 50 puts every retweeted account in H(t): the chambers are empty.
/// let paper = analyse_chambers(&w, &ChamberParams::default(), None).unwrap();
/// assert!(paper.windows[0].chambers.iter().all(<[u32]>::is_empty));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChamberParams {
    /// High-impact set size and number of leaders.
    pub leaders: LeaderParams,
    /// What is removed from chambers.
    pub exclusion: Exclusion,
}

impl ChamberParams {
    /// Builder-lite setter for [`ChamberParams::leaders`] (N and M).
    pub fn leaders(mut self, leaders: LeaderParams) -> Self {
        self.leaders = leaders;
        self
    }

    /// Builder-lite setter for [`ChamberParams::exclusion`].
    pub fn exclusion(mut self, exclusion: Exclusion) -> Self {
        self.exclusion = exclusion;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// [`OverlapError::Leaders`] for a zero size.
    ///
    /// ```
    /// use chambers_graph::LeaderParams;
    /// let p = chambers_overlap::ChamberParams::default().leaders(LeaderParams::default().top_n(0));
    /// assert!(p.check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), OverlapError> {
        self.leaders.check().map_err(OverlapError::Leaders)
    }
}

/// Audiences, chambers and chamber overlaps of the active leaders of one window.
///
/// Sets hold local ids of the window's graph; position `a` in every field refers to the leader
/// `active[a]` of the analysis' leader list.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let leaders = ["A", "a1", "B"].map(|x| w.interner.get(x).unwrap());
/// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
/// let c = &analyse_chambers(&w, &params, Some(&leaders)).unwrap().windows[0];
/// assert_eq!(c.active, [0, 2]); // a1 was never retweeted: not in H(t), so not active
/// assert_eq!((c.audiences.size(0), c.audiences.size(1)), (2, 2)); // {a1, a2} and {a2, b1}
/// assert_eq!((c.chambers.size(0), c.chambers.size(1)), (2, 1)); // {x, y} and {y}
/// ```
#[derive(Clone, Debug, Default)]
pub struct WindowChambers {
    /// Index of the window.
    pub window: usize,
    /// Positions in the leader list of the leaders active here (in H(t)), ascending.
    pub active: Vec<usize>,
    /// Local ids in the window's graph of the active leaders, in the order of `active`.
    pub local: Vec<u32>,
    /// The exclusion set of this window (sorted local ids): what every chamber leaves out
    /// besides its own leader. Later stages (the null model) reuse it instead of recomputing it.
    pub excluded: Vec<u32>,
    /// Audience A_u of each active leader.
    pub audiences: SetFamily,
    /// Chamber C_u of each active leader.
    pub chambers: SetFamily,
    /// Intersection counts of the chambers.
    pub overlaps: PairCounts,
}

impl WindowChambers {
    /// The overlap matrix Q(t) over the active leaders, row-major, diagonal 0.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B"].map(|x| w.interner.get(x).unwrap());
    /// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
    /// let c = &analyse_chambers(&w, &params, Some(&leaders)).unwrap().windows[0];
    /// // C_A = {x, y}, C_B = {y}
    /// assert_eq!(c.matrix(Measure::Jaccard), [0.0, 0.5, 0.5, 0.0]);
    /// assert_eq!(c.matrix(Measure::OverlapCoefficient), [0.0, 1.0, 1.0, 0.0]);
    /// ```
    pub fn matrix(&self, measure: Measure) -> Vec<f64> {
        let k = self.active.len();
        let mut q = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    q[i * k + j] = measure.of(&self.overlaps, i, j);
                }
            }
        }
        q
    }

    /// Intersection counts of the audiences (audience overlap, a companion of Q(t)).
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B"].map(|x| w.interner.get(x).unwrap());
    /// let c = &analyse_chambers(&w, &ChamberParams::default(), Some(&leaders)).unwrap().windows[0];
    /// let audiences = c.audience_overlaps(); // A_A = {a1, a2}, A_B = {a2, b1}
    /// assert_eq!(audiences.intersection(0, 1), 1);
    /// assert_eq!(audiences.jaccard(0, 1), 1.0 / 3.0);
    /// ```
    pub fn audience_overlaps(&self) -> PairCounts {
        pair_counts(&self.audiences)
    }
}

impl Default for PairCounts {
    fn default() -> Self {
        pair_counts(&SetFamily::default())
    }
}

/// Chambers of `leaders` in one window: the active ones are those in `high_impact` (H(t)).
///
/// ```
/// use chambers_graph::{explicit_leaders, high_impact, WindowSpec, WindowsBuilder};
/// use chambers_overlap::{window_chambers, Exclusion};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a", "L1"), ("a", "x"), ("b", "L2"), ("b", "x")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let h = high_impact(&w, 50);
/// let ids = [w.interner.get("L1").unwrap(), w.interner.get("L2").unwrap()];
/// let leaders = explicit_leaders(&ids, &h);
/// let c = window_chambers(&w.windows[0], &h[0], &leaders, Exclusion::Leaders);
/// assert_eq!(c.overlaps.jaccard(0, 1), 1.0); // both chambers are {x}
/// ```
pub fn window_chambers(
    window: &Window,
    high_impact: &[Ranked],
    leaders: &[Leader],
    exclusion: Exclusion,
) -> WindowChambers {
    let graph = &window.graph;
    let in_h = |user: UserId| high_impact.iter().any(|r| r.user == user);
    let active: Vec<usize> = (0..leaders.len())
        .filter(|&i| in_h(leaders[i].user))
        .collect();
    let local: Vec<u32> = active
        .iter()
        .map(|&i| {
            graph
                .local(leaders[i].user)
                .expect("a high-impact account is in the graph")
        })
        .collect();
    let excluded = exclusion_set(graph, high_impact, leaders, exclusion);
    let chambers = chambers(graph, &local, &excluded);
    let overlaps = pair_counts(&chambers);
    WindowChambers {
        window: window.index,
        active,
        audiences: audiences(graph, &local),
        local,
        excluded,
        chambers,
        overlaps,
    }
}

/// The accounts removed from every chamber of a window (sorted local ids; the leader itself is
/// removed from its own chamber on top of these).
///
/// ```
/// use chambers_graph::{high_impact, WindowSpec, WindowsBuilder};
/// use chambers_overlap::{exclusion_set, Exclusion};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let w = b.finish().unwrap();
/// let h = high_impact(&w, 50);
/// assert_eq!(exclusion_set(&w.windows[0].graph, &h[0], &[], Exclusion::HighImpact).len(), 1);
/// assert!(exclusion_set(&w.windows[0].graph, &h[0], &[], Exclusion::None).is_empty());
/// ```
pub fn exclusion_set(
    graph: &RetweetGraph,
    high_impact: &[Ranked],
    leaders: &[Leader],
    exclusion: Exclusion,
) -> Vec<u32> {
    let mut excluded: Vec<u32> = match exclusion {
        Exclusion::HighImpact => high_impact
            .iter()
            .filter_map(|r| graph.local(r.user))
            .collect(),
        Exclusion::Leaders => leaders.iter().filter_map(|l| graph.local(l.user)).collect(),
        Exclusion::None => Vec::new(),
    };
    excluded.sort_unstable();
    excluded.dedup();
    excluded
}

/// Leaders, high-impact sets and per-window chambers of a windowed dataset.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let a = analyse_chambers(&b.finish().unwrap(), &ChamberParams::default(), None).unwrap();
/// assert_eq!(a.leaders.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct ChamberAnalysis {
    /// The parameters used.
    pub params: ChamberParams,
    /// H(t) of every window.
    pub high_impact: Vec<Vec<Ranked>>,
    /// The leaders, by rank.
    pub leaders: Vec<Leader>,
    /// Chambers of every window, in window order.
    pub windows: Vec<WindowChambers>,
}

/// Runs leaders, audiences, chambers and overlaps over every window (windows in parallel).
/// `explicit` replaces the persistence ranking by a given leader list (METHOD.md §10).
///
/// # Errors
/// The error of [`ChamberParams::check`].
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let w = b.finish().unwrap();
/// let only = [w.interner.get("a").unwrap()];
/// let a = analyse_chambers(&w, &ChamberParams::default(), Some(&only)).unwrap();
/// assert!(a.windows[0].active.is_empty()); // "a" received no retweet: never high-impact
/// ```
pub fn analyse_chambers(
    windows: &Windows,
    params: &ChamberParams,
    explicit: Option<&[UserId]>,
) -> Result<ChamberAnalysis, OverlapError> {
    params.check()?;
    let high_impact = high_impact(windows, params.leaders.top_n);
    let leaders = match explicit {
        Some(users) => explicit_leaders(users, &high_impact),
        None => leaders_by_persistence(&high_impact, params.leaders.leaders),
    };
    let per_window = windows
        .windows
        .par_iter()
        .zip(&high_impact)
        .map(|(w, h)| window_chambers(w, h, &leaders, params.exclusion))
        .collect();
    Ok(ChamberAnalysis {
        params: *params,
        high_impact,
        leaders,
        windows: per_window,
    })
}

/// The aggregate overlap matrix Q̄ over the leader list (METHOD.md §3).
///
/// ```
/// let a = chambers_overlap::AggregateOverlap { leaders: 2, mean: vec![0.0; 4], coactive: vec![0; 4] };
/// assert_eq!(a.never_coactive_pairs(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AggregateOverlap {
    /// Number of leaders k.
    pub leaders: usize,
    /// k × k row-major: the mean of q_uv(t) over the windows where both are active; 0 for pairs
    /// never active together and on the diagonal.
    pub mean: Vec<f64>,
    /// k × k row-major: the number of windows where both are active.
    pub coactive: Vec<u32>,
}

impl AggregateOverlap {
    /// Unordered leader pairs never active in the same window (their Q̄ is 0 by convention).
    ///
    /// ```
    /// let a = chambers_overlap::AggregateOverlap { leaders: 1, mean: vec![0.0], coactive: vec![0] };
    /// assert_eq!(a.never_coactive_pairs(), 0);
    /// ```
    pub fn never_coactive_pairs(&self) -> usize {
        let k = self.leaders;
        (0..k)
            .map(|i| {
                (i + 1..k)
                    .filter(|&j| self.coactive[i * k + j] == 0)
                    .count()
            })
            .sum()
    }
}

impl ChamberAnalysis {
    /// Q̄: the mean overlap of each leader pair over the windows where both are active.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
    /// let weeks = [
    ///     vec![("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")],
    ///     vec![("a1", "A"), ("a1", "x"), ("b1", "B"), ("b1", "z"), ("c1", "C"), ("c1", "x")],
    /// ];
    /// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
    /// for (i, week) in weeks.iter().enumerate() {
    ///     b.start_file(&format!("week{}.csv", i + 1));
    ///     for (s, t) in week {
    ///         b.push_external(s, t, 1, None).unwrap();
    ///     }
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B", "C"].map(|x| w.interner.get(x).unwrap());
    /// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
    /// let q = analyse_chambers(&w, &params, Some(&leaders)).unwrap().aggregate(Measure::Jaccard);
    /// // q_AB is 1/2 in week 1 ({x, y} vs {y}) and 0 in week 2 ({x} vs {z}).
    /// assert_eq!((q.mean[1], q.coactive[1]), (0.25, 2));
    /// // C is active in week 2 only, where its chamber {x} equals A's.
    /// assert_eq!((q.mean[2], q.coactive[2]), (1.0, 1));
    /// ```
    pub fn aggregate(&self, measure: Measure) -> AggregateOverlap {
        let k = self.leaders.len();
        let mut sum = vec![0.0; k * k];
        let mut coactive = vec![0u32; k * k];
        for w in &self.windows {
            for (a, &i) in w.active.iter().enumerate() {
                for (b, &j) in w.active.iter().enumerate() {
                    if a != b {
                        sum[i * k + j] += measure.of(&w.overlaps, a, b);
                        coactive[i * k + j] += 1;
                    }
                }
            }
        }
        let mean = sum
            .iter()
            .zip(&coactive)
            .map(|(&s, &n)| if n == 0 { 0.0 } else { s / f64::from(n) })
            .collect();
        AggregateOverlap {
            leaders: k,
            mean,
            coactive,
        }
    }

    /// The pooled overlap distribution: upper triangles of every Q(t), zeros included, in
    /// window order then leader rank order.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
    /// let weeks = [
    ///     vec![("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")],
    ///     vec![("a1", "A"), ("a1", "x"), ("b1", "B"), ("b1", "z"), ("c1", "C"), ("c1", "x")],
    /// ];
    /// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
    /// for (i, week) in weeks.iter().enumerate() {
    ///     b.start_file(&format!("week{}.csv", i + 1));
    ///     for (s, t) in week {
    ///         b.push_external(s, t, 1, None).unwrap();
    ///     }
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B", "C"].map(|x| w.interner.get(x).unwrap());
    /// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
    /// let a = analyse_chambers(&w, &params, Some(&leaders)).unwrap();
    /// // Week 1: AB (C inactive). Week 2: AB, AC, BC.
    /// assert_eq!(a.pooled(Measure::Jaccard), [0.5, 0.0, 1.0, 0.0]);
    /// ```
    pub fn pooled(&self, measure: Measure) -> Vec<f64> {
        self.windows
            .iter()
            .flat_map(|w| {
                let k = w.active.len();
                (0..k).flat_map(move |a| (a + 1..k).map(move |b| measure.of(&w.overlaps, a, b)))
            })
            .collect()
    }
}

/// Sub-chamber control of a leader pair (METHOD.md §3): remove the shared audience first —
/// A_u \ A_v and A_v \ A_u — recompute both chambers (minus `excluded` and each leader) and
/// measure their overlap. On polarized data same-side overlaps stay high.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// use chambers_overlap::{sub_chamber_overlap, Measure};
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// // 0 → leader 3 only, 1 → leader 4 only, 2 → both; 0 and 1 both retweet 5.
/// let g = RetweetGraph::from_edges(
///     &[e(0, 3), e(1, 4), e(2, 3), e(2, 4), e(0, 5), e(1, 5), e(2, 6)],
///     GraphOptions::default(),
/// )
/// .unwrap();
/// assert_eq!(sub_chamber_overlap(&g, 3, 4, &[3, 4], Measure::Jaccard), 1.0);
/// ```
pub fn sub_chamber_overlap(
    graph: &RetweetGraph,
    u: u32,
    v: u32,
    excluded: &[u32],
    measure: Measure,
) -> f64 {
    let (au, av) = (graph.retweeters(u), graph.retweeters(v));
    let only = |a: &[u32], b: &[u32]| -> Vec<u32> {
        a.iter()
            .copied()
            .filter(|x| b.binary_search(x).is_err())
            .collect()
    };
    let cu = chamber_of_audience(graph, &only(au, av), u, excluded);
    let cv = chamber_of_audience(graph, &only(av, au), v, excluded);
    measure.of(&pair_counts(&SetFamily::from_sets([cu, cv])), 0, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chambers_graph::{GraphOptions, WindowSpec, WindowsBuilder};
    use proptest::prelude::*;
    use std::collections::{BTreeSet, HashSet};

    fn build(events: &[(u8, u8)], keep_loops: bool) -> Windows {
        let mut b = WindowsBuilder::new(
            WindowSpec::Single,
            GraphOptions::default().with_self_loops(keep_loops),
        );
        for &(s, t) in events {
            b.push_external(&format!("u{s}"), &format!("u{t}"), 1, None)
                .unwrap();
        }
        b.finish().unwrap()
    }

    /// Chambers by the definition, on external names and hash sets.
    fn brute_chambers(
        events: &[(u8, u8)],
        keep_loops: bool,
        leaders: &[String],
        excluded: &HashSet<String>,
    ) -> Vec<BTreeSet<String>> {
        let edges: HashSet<(String, String)> = events
            .iter()
            .filter(|(s, t)| keep_loops || s != t)
            .map(|(s, t)| (format!("u{s}"), format!("u{t}")))
            .collect();
        leaders
            .iter()
            .map(|u| {
                let audience: HashSet<&String> = edges
                    .iter()
                    .filter(|(_, t)| t == u)
                    .map(|(s, _)| s)
                    .collect();
                edges
                    .iter()
                    .filter(|(s, t)| audience.contains(s) && t != u && !excluded.contains(t))
                    .map(|(_, t)| t.clone())
                    .collect()
            })
            .collect()
    }

    proptest! {
        #[test]
        fn chambers_and_overlaps_match_the_definition(
            events in proptest::collection::vec((0u8..25, 0u8..25), 1..150),
            keep_loops in any::<bool>(),
            exclusion in prop_oneof![Just(Exclusion::HighImpact), Just(Exclusion::Leaders), Just(Exclusion::None)],
            top_n in 1usize..8,
            m in 1usize..6,
        ) {
            let w = build(&events, keep_loops);
            let params = ChamberParams::default().leaders(LeaderParams::default().top_n(top_n).leaders(m)).exclusion(exclusion);
            let a = analyse_chambers(&w, &params, None).unwrap();
            let name = |u: UserId| w.interner.external(u).to_string();
            let h: Vec<String> = a.high_impact[0].iter().map(|r| name(r.user)).collect();
            let all_leaders: Vec<String> = a.leaders.iter().map(|l| name(l.user)).collect();
            let active: Vec<String> = a.windows[0].active.iter().map(|&i| all_leaders[i].clone()).collect();
            prop_assert!(active.iter().all(|l| h.contains(l)));
            let excluded: HashSet<String> = match exclusion {
                Exclusion::HighImpact => h.iter().cloned().collect(),
                Exclusion::Leaders => all_leaders.iter().cloned().collect(),
                Exclusion::None => HashSet::new(),
            };
            let want = brute_chambers(&events, keep_loops, &active, &excluded);
            let g = &w.windows[0].graph;
            let wc = &a.windows[0];
            for (i, set) in want.iter().enumerate() {
                let got: BTreeSet<String> = wc.chambers.get(i).iter().map(|&v| name(g.user(v))).collect();
                prop_assert_eq!(&got, set);
            }
            for i in 0..want.len() {
                for j in 0..want.len() {
                    let inter = want[i].intersection(&want[j]).count() as f64;
                    let union = want[i].union(&want[j]).count() as f64;
                    let small = want[i].len().min(want[j].len()) as f64;
                    let jac = if inter == 0.0 { 0.0 } else { inter / union };
                    let oc = if inter == 0.0 { 0.0 } else { inter / small };
                    prop_assert_eq!(Measure::Jaccard.of(&wc.overlaps, i, j), jac);
                    prop_assert_eq!(Measure::OverlapCoefficient.of(&wc.overlaps, i, j), oc);
                }
            }
        }
    }

    #[test]
    fn aggregate_averages_over_coactive_windows() {
        let mut b = WindowsBuilder::new(WindowSpec::PerFile, GraphOptions::default());
        // Window 0: L and M share {x}; window 1: L and M have disjoint chambers; window 2: only L.
        for (file, rows) in [
            ("w0", vec![("a", "L"), ("a", "x"), ("b", "M"), ("b", "x")]),
            ("w1", vec![("a", "L"), ("a", "x"), ("b", "M"), ("b", "y")]),
            ("w2", vec![("a", "L"), ("a", "x")]),
        ] {
            b.start_file(file);
            for (s, t) in rows {
                b.push_external(s, t, 1, None).unwrap();
            }
        }
        let w = b.finish().unwrap();
        let ids = [w.interner.get("L").unwrap(), w.interner.get("M").unwrap()];
        let a = analyse_chambers(
            &w,
            &ChamberParams::default().exclusion(Exclusion::Leaders),
            Some(&ids),
        )
        .unwrap();
        let agg = a.aggregate(Measure::Jaccard);
        assert_eq!(agg.mean, vec![0.0, 0.5, 0.5, 0.0]);
        assert_eq!(agg.coactive, vec![0, 2, 2, 0]);
        assert_eq!(agg.never_coactive_pairs(), 0);
        assert_eq!(a.pooled(Measure::Jaccard), vec![1.0, 0.0]);
    }
}
