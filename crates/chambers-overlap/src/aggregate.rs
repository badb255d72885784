//! Aggregates over windows — Q̄ and the pooled overlap distribution — and the sub-chamber
//! control of a leader pair (METHOD.md §3).

use chambers_graph::RetweetGraph;

use crate::kernel::chamber_of_audience;
use crate::{ChamberAnalysis, Measure, PairCounts, SetFamily, pair_counts};

/// The aggregate overlap matrix Q̄ over the leader list (METHOD.md §3).
///
/// ```
/// let a = chambers_overlap::AggregateOverlap { leaders: 2, mean: vec![0.0; 4], coactive: vec![0; 4] };
/// assert_eq!(a.never_coactive_pairs(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Q̄ over `leaders` leaders from each window's active leaders (positions in the leader
    /// list, in the order of the counts) and their chamber [`PairCounts`], in window order:
    /// [`ChamberAnalysis::aggregate`] for records of Q(t) kept as counts elsewhere (the
    /// DataFusion engine's).
    ///
    /// ```
    /// use chambers_overlap::{AggregateOverlap, Measure, PairCounts};
    /// // One window: leaders 0 and 2 active, chambers of 2 and 3 members sharing 1.
    /// let counts = PairCounts::from_counts(&[2, 3], [(0, 1, 1)]);
    /// let q = AggregateOverlap::from_counts(3, [(&[0, 2][..], &counts)], Measure::Jaccard);
    /// assert_eq!((q.mean[2], q.coactive[2], q.mean[1]), (0.25, 1, 0.0));
    /// ```
    pub fn from_counts<'a>(
        leaders: usize,
        windows: impl IntoIterator<Item = (&'a [usize], &'a PairCounts)>,
        measure: Measure,
    ) -> AggregateOverlap {
        let k = leaders;
        let mut sum = vec![0.0; k * k];
        let mut coactive = vec![0u32; k * k];
        for (active, overlaps) in windows {
            for (a, &i) in active.iter().enumerate() {
                for (b, &j) in active.iter().enumerate() {
                    if a != b {
                        sum[i * k + j] += measure.of(overlaps, a, b);
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
        let windows = self.windows.iter().map(|w| (&w.active[..], &w.overlaps));
        AggregateOverlap::from_counts(self.leaders.len(), windows, measure)
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
            .flat_map(|w| w.overlaps.upper(measure))
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
