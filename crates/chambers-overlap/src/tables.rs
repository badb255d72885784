//! The chamber analysis as tables keyed by external ids: leaders, chambers and overlaps.

use chambers_graph::{Leader, Table, Windows};

use crate::{ChamberAnalysis, PairCounts};

/// Extra per-leader columns that a later stage adds to the leader table (e.g. the group).
#[derive(Clone, Debug, Default)]
pub struct LeaderColumns {
    /// Column names.
    pub columns: Vec<String>,
    /// One row of values per leader, in leader order.
    pub values: Vec<Vec<String>>,
}

impl ChamberAnalysis {
    /// `leaders`: each leader's rank, persistence, total impact over the windows where it has
    /// any retweet, and the number of such windows; `extra` appends columns.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a", "L"), ("b", "L"), ("a", "M")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let a = analyse_chambers(&w, &ChamberParams::default(), None).unwrap();
    /// let rows = a.leader_table(&w, None).collect().unwrap();
    /// assert_eq!(rows[0], ["L", "1", "1", "2", "1"]); // leader, rank, persistence, impact, windows
    /// ```
    pub fn leader_table<'a>(
        &'a self,
        windows: &'a Windows,
        extra: Option<LeaderColumns>,
    ) -> Table<'a> {
        leader_table(
            &self.leaders,
            self.leader_names(windows),
            &self.impacts(windows),
            extra,
        )
    }

    /// `chambers`: audience and chamber size of every active leader in every window
    /// ([`chamber_table`]).
    pub fn chamber_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        chamber_table(self.counts(), self.leader_names(windows))
    }

    /// `overlaps`: every pair of active leaders in every window, with the intersection of their
    /// chambers, its Jaccard index and its overlap coefficient ([`overlap_table`]).
    pub fn overlap_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        overlap_table(self.counts(), self.leader_names(windows))
    }

    /// Each window's sizes and pair counts, as the tables read them.
    fn counts(&self) -> Vec<ChamberCounts<'_>> {
        self.windows
            .iter()
            .map(|wc| ChamberCounts {
                window: wc.window,
                active: &wc.active,
                audience_sizes: (0..wc.active.len())
                    .map(|a| wc.audiences.size(a) as u32)
                    .collect(),
                overlaps: &wc.overlaps,
            })
            .collect()
    }

    /// The leaders' external ids, in leader order.
    fn leader_names(&self, windows: &Windows) -> Vec<String> {
        self.leaders
            .iter()
            .map(|l| windows.interner.external(l.user).to_string())
            .collect()
    }

    /// `audience_overlaps`: every pair of active leaders in every window, with the intersection
    /// of their audiences, its Jaccard index and its overlap coefficient (METHOD.md §3).
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
    /// let a = analyse_chambers(&w, &ChamberParams::default(), Some(&leaders)).unwrap();
    /// let rows = a.audience_overlap_table(&w).collect().unwrap();
    /// assert_eq!(rows[0][3..], ["1", &(1.0f64 / 3.0).to_string(), "0.5"]); // {a1, a2} vs {a2, b1}
    /// ```
    pub fn audience_overlap_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        let names = self.leader_names(windows);
        Table::new("audience_overlaps", &PAIR_COLUMNS, move |sink| {
            for wc in &self.windows {
                pair_rows(wc.window, &wc.active, &wc.audience_overlaps(), &names, sink)?;
            }
            Ok(())
        })
        .text(&["leader_a", "leader_b"])
    }

    /// `leader_impact`: every leader's impact (retweets received) in every window where it
    /// has any, and whether it is active there (in H(t)): the data of the paper's weekly
    /// impact figure.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a", "L"), ("b", "L"), ("a", "M")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let a = analyse_chambers(&w, &ChamberParams::default(), None).unwrap();
    /// let rows = a.leader_impact_table(&w).collect().unwrap();
    /// assert_eq!(rows[0], ["0", "L", "2", "true"]);
    /// ```
    pub fn leader_impact_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        leader_impact_table(self.impacts(windows), self.leader_names(windows))
    }

    /// Every leader's impact in every window where it has any retweet, window by window in
    /// leader order.
    fn impacts(&self, windows: &Windows) -> Vec<LeaderImpact> {
        let mut impacts = Vec::new();
        for (window, wc) in windows.windows.iter().zip(&self.windows) {
            for (i, leader) in self.leaders.iter().enumerate() {
                if let Some(v) = window.graph.local(leader.user) {
                    impacts.push(LeaderImpact {
                        window: window.index,
                        leader: i,
                        impact: window.graph.impact(v),
                        active: wc.active.binary_search(&i).is_ok(),
                    });
                }
            }
        }
        impacts
    }

    /// The three tables of the chamber stage: leaders (with `extra` columns), chambers, overlaps.
    pub fn tables<'a>(
        &'a self,
        windows: &'a Windows,
        extra: Option<LeaderColumns>,
    ) -> Vec<Table<'a>> {
        vec![
            self.leader_table(windows, extra),
            self.chamber_table(windows),
            self.overlap_table(windows),
        ]
    }
}

/// One window's chamber stage as the `chambers` and `overlaps` tables read it: the sizes and
/// pair counts that both the in-memory stage and a query engine's plans compute.
#[derive(Clone, Debug)]
pub struct ChamberCounts<'a> {
    /// Index of the window.
    pub window: usize,
    /// Positions in the leader list of the leaders active here, ascending.
    pub active: &'a [usize],
    /// |A_u(t)| of each active leader, in the order of `active`.
    pub audience_sizes: Vec<u32>,
    /// |C_u(t)| and |C_u(t) ∩ C_v(t)| of the active leaders, in the order of `active`.
    pub overlaps: &'a PairCounts,
}

/// `chambers`: audience and chamber size of every active leader in every window; `leaders`
/// names the leaders, in leader order.
///
/// ```
/// use chambers_overlap::{ChamberCounts, PairCounts, chamber_table};
/// let counts = PairCounts::from_counts(&[3, 2], [(0, 1, 1)]);
/// let window = ChamberCounts { window: 0, active: &[0, 1], audience_sizes: vec![5, 4], overlaps: &counts };
/// let rows = chamber_table(vec![window], vec!["L1".into(), "L2".into()]).collect().unwrap();
/// assert_eq!(rows[1], ["0", "L2", "4", "2"]);
/// ```
pub fn chamber_table<'a>(windows: Vec<ChamberCounts<'a>>, leaders: Vec<String>) -> Table<'a> {
    Table::new(
        "chambers",
        &["window", "leader", "audience_size", "chamber_size"],
        move |sink| {
            for wc in &windows {
                for (a, &i) in wc.active.iter().enumerate() {
                    sink(&[
                        wc.window.to_string(),
                        leaders[i].clone(),
                        wc.audience_sizes[a].to_string(),
                        wc.overlaps.size(a).to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )
    .text(&["leader"])
}

/// `overlaps`: every pair of active leaders in every window, with the intersection of their
/// chambers, its Jaccard index and its overlap coefficient; `leaders` names the leaders, in
/// leader order.
pub fn overlap_table<'a>(windows: Vec<ChamberCounts<'a>>, leaders: Vec<String>) -> Table<'a> {
    Table::new("overlaps", &PAIR_COLUMNS, move |sink| {
        for wc in &windows {
            pair_rows(wc.window, wc.active, wc.overlaps, &leaders, sink)?;
        }
        Ok(())
    })
    .text(&["leader_a", "leader_b"])
}

/// The columns of the tables of leader pairs, `overlaps` and `audience_overlaps`.
const PAIR_COLUMNS: [&str; 6] = [
    "window",
    "leader_a",
    "leader_b",
    "intersection",
    "jaccard",
    "overlap_coefficient",
];

/// The rows of [`PAIR_COLUMNS`] of one window: every pair of its `active` leaders (positions in
/// the leader list, named by `leaders`) with their sets' intersection, Jaccard index and
/// overlap coefficient from `counts`.
fn pair_rows(
    window: usize,
    active: &[usize],
    counts: &PairCounts,
    leaders: &[String],
    sink: &mut chambers_graph::RowSink<'_>,
) -> std::io::Result<()> {
    let k = active.len();
    for a in 0..k {
        for b in a + 1..k {
            sink(&[
                window.to_string(),
                leaders[active[a]].clone(),
                leaders[active[b]].clone(),
                counts.intersection(a, b).to_string(),
                counts.jaccard(a, b).to_string(),
                counts.overlap_coefficient(a, b).to_string(),
            ])?;
        }
    }
    Ok(())
}

/// A leader's impact (retweets received) in a window where it has any retweet, given or
/// received: what the `leaders` and `leader_impact` tables read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderImpact {
    /// Index of the window.
    pub window: usize,
    /// Position of the leader in the leader list.
    pub leader: usize,
    /// Retweets it received there.
    pub impact: u64,
    /// Whether it is active there (in H(t)).
    pub active: bool,
}

/// `leaders`: each leader's rank, persistence, total impact over the windows where it has any
/// retweet (`impacts`), and the number of such windows; `names` names the leaders in leader
/// order and `extra` appends columns.
///
/// ```
/// use chambers_graph::{Leader, UserId};
/// use chambers_overlap::{LeaderImpact, leader_table};
/// let leader = Leader { user: UserId(0), rank: 1, persistence: 2, first_window: Some(0), first_rank: Some(1) };
/// let seen = |window, impact| LeaderImpact { window, leader: 0, impact, active: true };
/// let rows = leader_table(&[leader], vec!["L".into()], &[seen(0, 3), seen(1, 4)], None)
///     .collect()
///     .unwrap();
/// assert_eq!(rows[0], ["L", "1", "2", "7", "2"]);
/// ```
pub fn leader_table<'a>(
    leaders: &'a [Leader],
    names: Vec<String>,
    impacts: &[LeaderImpact],
    extra: Option<LeaderColumns>,
) -> Table<'a> {
    let mut columns: Vec<String> = [
        "leader",
        "rank",
        "persistence",
        "total_impact",
        "windows_active",
    ]
    .map(String::from)
    .to_vec();
    let extra = extra.unwrap_or_default();
    columns.extend(extra.columns.iter().cloned());
    let mut totals = vec![(0u64, 0usize); leaders.len()];
    for seen in impacts {
        totals[seen.leader].0 += seen.impact;
        totals[seen.leader].1 += 1;
    }
    Table::with_columns("leaders", columns, move |sink| {
        for (i, l) in leaders.iter().enumerate() {
            let mut row = vec![
                names[i].clone(),
                l.rank.to_string(),
                l.persistence.to_string(),
                totals[i].0.to_string(),
                totals[i].1.to_string(),
            ];
            if let Some(values) = extra.values.get(i) {
                row.extend(values.iter().cloned());
            }
            sink(&row)?;
        }
        Ok(())
    })
    .text(&["leader", "group"])
}

/// `leader_impact`: every leader's impact in every window where it has any retweet, and
/// whether it is active there: the data of the paper's weekly impact figure; `impacts` in
/// window order, `names` names the leaders in leader order.
pub fn leader_impact_table<'a>(impacts: Vec<LeaderImpact>, names: Vec<String>) -> Table<'a> {
    Table::new(
        "leader_impact",
        &["window", "leader", "impact", "active"],
        move |sink| {
            for seen in &impacts {
                sink(&[
                    seen.window.to_string(),
                    names[seen.leader].clone(),
                    seen.impact.to_string(),
                    seen.active.to_string(),
                ])?;
            }
            Ok(())
        },
    )
    .text(&["leader"])
}
