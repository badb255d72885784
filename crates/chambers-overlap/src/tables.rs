//! The chamber analysis as tables keyed by external ids: leaders, chambers and overlaps.

use chambers_graph::{Table, Windows};

use crate::ChamberAnalysis;

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
        Table::with_columns("leaders", columns, move |sink| {
            for (i, l) in self.leaders.iter().enumerate() {
                let (mut impact, mut active) = (0u64, 0usize);
                for window in &windows.windows {
                    if let Some(v) = window.graph.local(l.user) {
                        impact += window.graph.impact(v);
                        active += 1;
                    }
                }
                let mut row = vec![
                    windows.interner.external(l.user).to_string(),
                    l.rank.to_string(),
                    l.persistence.to_string(),
                    impact.to_string(),
                    active.to_string(),
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

    /// `chambers`: audience and chamber size of every active leader in every window.
    pub fn chamber_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        Table::new(
            "chambers",
            &["window", "leader", "audience_size", "chamber_size"],
            move |sink| {
                for wc in &self.windows {
                    for (a, &i) in wc.active.iter().enumerate() {
                        sink(&[
                            wc.window.to_string(),
                            windows.interner.external(self.leaders[i].user).to_string(),
                            wc.audiences.size(a).to_string(),
                            wc.chambers.size(a).to_string(),
                        ])?;
                    }
                }
                Ok(())
            },
        )
        .text(&["leader"])
    }

    /// `overlaps`: every pair of active leaders in every window, with the intersection of their
    /// chambers, its Jaccard index and its overlap coefficient.
    pub fn overlap_table<'a>(&'a self, windows: &'a Windows) -> Table<'a> {
        Table::new(
            "overlaps",
            &[
                "window",
                "leader_a",
                "leader_b",
                "intersection",
                "jaccard",
                "overlap_coefficient",
            ],
            move |sink| {
                let name = |i: usize| windows.interner.external(self.leaders[i].user).to_string();
                for wc in &self.windows {
                    let k = wc.active.len();
                    for a in 0..k {
                        for b in a + 1..k {
                            sink(&[
                                wc.window.to_string(),
                                name(wc.active[a]),
                                name(wc.active[b]),
                                wc.overlaps.intersection(a, b).to_string(),
                                wc.overlaps.jaccard(a, b).to_string(),
                                wc.overlaps.overlap_coefficient(a, b).to_string(),
                            ])?;
                        }
                    }
                }
                Ok(())
            },
        )
        .text(&["leader_a", "leader_b"])
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
        Table::new(
            "audience_overlaps",
            &[
                "window",
                "leader_a",
                "leader_b",
                "intersection",
                "jaccard",
                "overlap_coefficient",
            ],
            move |sink| {
                let name = |i: usize| windows.interner.external(self.leaders[i].user).to_string();
                for wc in &self.windows {
                    let counts = wc.audience_overlaps();
                    let k = wc.active.len();
                    for a in 0..k {
                        for b in a + 1..k {
                            sink(&[
                                wc.window.to_string(),
                                name(wc.active[a]),
                                name(wc.active[b]),
                                counts.intersection(a, b).to_string(),
                                counts.jaccard(a, b).to_string(),
                                counts.overlap_coefficient(a, b).to_string(),
                            ])?;
                        }
                    }
                }
                Ok(())
            },
        )
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
        Table::new(
            "leader_impact",
            &["window", "leader", "impact", "active"],
            move |sink| {
                for (window, wc) in windows.windows.iter().zip(&self.windows) {
                    let graph = &window.graph;
                    for (i, leader) in self.leaders.iter().enumerate() {
                        let Some(v) = graph.local(leader.user) else {
                            continue;
                        };
                        sink(&[
                            window.index.to_string(),
                            windows.interner.external(leader.user).to_string(),
                            graph.impact(v).to_string(),
                            wc.active.binary_search(&i).is_ok().to_string(),
                        ])?;
                    }
                }
                Ok(())
            },
        )
        .text(&["leader"])
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
