//! Chambers and overlaps per window: the per-window record every later stage reads
//! (METHOD.md §2–3).

use chambers_graph::{
    Leader, Ranked, RetweetGraph, UserId, Window, Windows, explicit_leaders, high_impact,
    leaders_by_persistence,
};
use rayon::prelude::*;

use crate::{
    ChamberParams, Exclusion, Measure, OverlapError, PairCounts, SetFamily, audiences, chambers,
    pair_counts,
};

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
        self.overlaps.matrix(measure)
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
///
/// `Default` is the analysis of no window, which a report loaded from JSON holds.
#[derive(Clone, Debug, Default)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use chambers_graph::{GraphOptions, LeaderParams, WindowSpec, WindowsBuilder};
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
