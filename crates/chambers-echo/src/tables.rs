//! The report as tables keyed by external ids: what the command line writes as CSV files and
//! what embedders and bindings read, without reaching into any window's graph.

use chambers_graph::{GroupId, Table, Windows, cell, format_time, set_cell};
use chambers_ideology::ideology_tables;
use chambers_overlap::{LeaderColumns, sub_chamber_overlaps};
use rayon::prelude::*;

use chambers_overlap::AggregateOverlap;

use crate::{LeaderReport, Report, Side, StabilityReport, WindowReport};

/// Replaces `cell`'s text by `value`'s in its own buffer: the per-user tables fill one row in
/// place rather than allocating every cell of every row.
/// A group's name in cells: its entry in `names`, else its letter.
fn group_name(names: &[String], g: GroupId) -> String {
    names.get(g.index()).cloned().unwrap_or_else(|| g.letter())
}

impl Report {
    /// Every table of the report, in a fixed order: `leaders` (with group and eigenvector),
    /// `chambers`, `overlaps`, `windows`, `groups`, `aggregate_overlap`, `high_impact`, `users`,
    /// `ideology`, `influencers`, `stability`, then the figure data `audience_overlaps`,
    /// `sub_chambers`, `null_overlaps`, `echo_chambers`, `leader_impact`. `windows` must be the dataset the report was
    /// computed from; `names` names the groups in cells (position 0 = group A; a group without
    /// a name is written by its letter).
    ///
    /// ```
    /// use chambers_echo::{Analysis, AnalysisParams};
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{ChamberParams, Exclusion};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a", "L1"), ("a", "x"), ("b", "L2"), ("b", "x"), ("c", "L3"), ("c", "y")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["L1", "L2", "L3"].map(|x| w.interner.get(x).unwrap()).to_vec();
    /// let params = AnalysisParams::default()
    ///     .chambers(ChamberParams::default().exclusion(Exclusion::Leaders))
    ///     .ideology(None);
    /// let report = Analysis::new(params).with_leaders(leaders).run(&w).unwrap();
    /// let names = ["left".to_string(), "right".to_string()];
    /// let tables = report.tables(&w, &names);
    /// let overlaps = tables.iter().find(|t| t.name() == "overlaps").unwrap();
    /// let rows = overlaps.collect().unwrap();
    /// // L1 and L2 share their only chamber member x: Jaccard 1.
    /// assert!(rows.iter().any(|r| r[1] == "L1" && r[2] == "L2" && r[4] == "1"));
    /// ```
    pub fn tables<'a>(&'a self, windows: &'a Windows, names: &'a [String]) -> Vec<Table<'a>> {
        let extra = leader_columns(&self.leaders, names);
        let mut tables = self.chambers.tables(windows, Some(extra));
        tables.push(window_table(&self.windows, self.summary.group_sizes.len()));
        tables.push(group_table(&self.windows, names));
        tables.push(aggregate_table(&self.aggregate, &self.leaders));
        tables.push(self.high_impact_table(windows, names));
        tables.push(self.user_table(windows, names));
        let fitted: Vec<_> = self
            .ideology
            .iter()
            .enumerate()
            .filter_map(|(t, f)| Some((t, f.as_ref()?)))
            .collect();
        let dims = fitted
            .iter()
            .map(|(_, f)| f.singular_values.len())
            .max()
            .unwrap_or(1);
        tables.extend(ideology_tables(&windows.interner, fitted, dims));
        tables.push(stability_table(&self.stability, names));
        tables.push(self.chambers.audience_overlap_table(windows));
        tables.push(self.sub_chamber_table(windows, names));
        tables.push(self.null_overlap_table());
        tables.push(self.echo_chamber_table(windows, names));
        tables.push(self.chambers.leader_impact_table(windows));
        tables
    }

    /// `sub_chambers`: every pair of active leaders in every window with its overlap q_uv and
    /// its sub-chamber overlap (METHOD.md §3: chambers rebuilt from the audiences without their
    /// shared members), in the analysis' measure, and the leaders' groups (the paper's
    /// sub-chamber figure). Computed here, window by window in parallel.
    fn sub_chamber_table<'a>(&'a self, windows: &'a Windows, names: &'a [String]) -> Table<'a> {
        Table::new(
            "sub_chambers",
            &[
                "window",
                "leader_a",
                "leader_b",
                "group_a",
                "group_b",
                "overlap",
                "sub_chamber_overlap",
            ],
            move |sink| {
                let measure = self.parameters.measure;
                let group = |i: usize| {
                    self.leaders[i]
                        .group
                        .map(|g| group_name(names, g))
                        .unwrap_or_default()
                };
                let name = |i: usize| self.leaders[i].account.clone();
                let rows: Vec<Vec<[String; 7]>> = self
                    .chambers
                    .windows
                    .par_iter()
                    .zip(&windows.windows)
                    .map(|(wc, window)| {
                        let k = wc.active.len();
                        let mut rows = Vec::with_capacity(k * k.saturating_sub(1) / 2);
                        let subs =
                            sub_chamber_overlaps(&window.graph, &wc.local, &wc.excluded, measure);
                        let mut subs = subs.into_iter();
                        for a in 0..k {
                            for b in a + 1..k {
                                let (i, j) = (wc.active[a], wc.active[b]);
                                let sub = subs.next().expect("one value per pair");
                                rows.push([
                                    wc.window.to_string(),
                                    name(i),
                                    name(j),
                                    group(i),
                                    group(j),
                                    measure.of(&wc.overlaps, a, b).to_string(),
                                    sub.to_string(),
                                ]);
                            }
                        }
                        rows
                    })
                    .collect();
                for row in rows.iter().flatten() {
                    sink(row)?;
                }
                Ok(())
            },
        )
        .text(&["leader_a", "leader_b", "group_a", "group_b"])
    }

    /// `null_overlaps`: every pair of active leaders in every window with its
    /// configuration-model overlap averaged over the realisations (METHOD.md §4), in the order
    /// of `overlaps`: pooled, the null curve of the overlap distribution figure.
    fn null_overlap_table(&self) -> Table<'_> {
        Table::new(
            "null_overlaps",
            &["window", "leader_a", "leader_b", "mean_overlap"],
            move |sink| {
                let name = |i: usize| self.leaders[i].account.clone();
                for (wc, mean) in self.chambers.windows.iter().zip(&self.null_mean_overlaps) {
                    let k = wc.active.len();
                    let mut values = mean.iter();
                    for a in 0..k {
                        for b in a + 1..k {
                            let Some(v) = values.next() else {
                                break;
                            };
                            sink(&[
                                wc.window.to_string(),
                                name(wc.active[a]),
                                name(wc.active[b]),
                                v.to_string(),
                            ])?;
                        }
                    }
                }
                Ok(())
            },
        )
        .text(&["leader_a", "leader_b"])
    }

    /// `echo_chambers`: membership of every user in every echo chamber (`kind` EC) and
    /// augmented echo chamber (`kind` AEC) of every window, by group (METHOD.md §7).
    fn echo_chamber_table<'a>(&'a self, windows: &'a Windows, names: &'a [String]) -> Table<'a> {
        Table::in_parts(
            "echo_chambers",
            &["window", "user", "group", "kind"],
            self.echo.len(),
            move |t, sink| {
                let (echo, graph) = (&self.echo[t], &windows.windows[t].graph);
                let mut row: [String; 4] = Default::default();
                set_cell(&mut row[0], t);
                for (kind, sets) in [("EC", &echo.ec), ("AEC", &echo.aec)] {
                    set_cell(&mut row[3], kind);
                    for (g, members) in sets.iter().enumerate() {
                        row[2] = group_name(names, GroupId::new(g));
                        let users = members.iter().map(|&v| graph.user(v));
                        for user in windows.interner.externals(users) {
                            set_cell(&mut row[1], user);
                            sink(&row)?;
                        }
                    }
                }
                Ok(())
            },
        )
        .text(&["user", "group", "kind"])
    }

    /// `high_impact`: every scored account of every window with its counts, score and side
    /// ([`high_impact_table`]).
    fn high_impact_table<'a>(&'a self, windows: &'a Windows, names: &'a [String]) -> Table<'a> {
        let mut rows = Vec::new();
        for (t, echo) in self.echo.iter().enumerate() {
            let graph = &windows.windows[t].graph;
            rows.extend(echo.scored.iter().map(|s| ScoredRow {
                window: t,
                account: windows.interner.external(graph.user(s.account)).to_string(),
                impact: graph.impact(s.account),
                counts: s.counts.clone(),
                score: s.score,
                side: s.side,
            }));
        }
        high_impact_table(rows, self.summary.group_sizes.len(), names)
    }

    /// `users`: every user in an augmented echo chamber of every window, with its side.
    fn user_table<'a>(&'a self, windows: &'a Windows, names: &'a [String]) -> Table<'a> {
        Table::in_parts(
            "users",
            &["window", "user", "side"],
            self.echo.len(),
            move |t, sink| {
                let graph = &windows.windows[t].graph;
                let mut row: [String; 3] = Default::default();
                set_cell(&mut row[0], t);
                // Each side's name, spelled once per window rather than once per row.
                let mut spelled: Vec<(Side, String)> = Vec::new();
                let classified = self.echo[t].classified();
                let users = classified.iter().map(|&(v, _)| graph.user(v));
                for (&(_, side), user) in classified.iter().zip(windows.interner.externals(users)) {
                    set_cell(&mut row[1], user);
                    let at = match spelled.iter().position(|(s, _)| *s == side) {
                        Some(at) => at,
                        None => {
                            spelled.push((side, side.name(names)));
                            spelled.len() - 1
                        }
                    };
                    row[2].clone_from(&spelled[at].1);
                    sink(&row)?;
                }
                Ok(())
            },
        )
        .text(&["user", "side"])
    }
}

/// `windows`: the per-window figures of [`crate::WindowReport`], the latent-ideology
/// agreement by the authors' rule and the one-side accuracy last.
pub fn window_table(windows: &[WindowReport], groups: usize) -> Table<'_> {
    let letters: Vec<String> = (0..groups)
        .map(|g| GroupId::new(g).letter().to_lowercase())
        .collect();
    let mut columns: Vec<String> = [
        "window",
        "start",
        "users",
        "retweets",
        "active_leaders",
        "polarization",
        "polarization_adaptive",
        "polarization_shuffled",
        "polarization_null",
        "modularity",
        "modularity_null",
    ]
    .map(str::to_owned)
    .to_vec();
    columns.extend(letters.iter().map(|l| format!("ec_{l}")));
    columns.extend(letters.iter().map(|l| format!("aec_{l}")));
    columns.extend(
        [
            "aec_both",
            "coverage",
            "coverage_paper",
            "flags",
            "controversy",
            "controversy_modularity",
            "controversy_baseline",
            "main_component",
            "ideology_accuracy",
            "ideology_precision",
            "ideology_recall",
            "ideology_f1",
            "ideology_faulty",
            "ideology_one_side_accuracy",
        ]
        .map(str::to_owned),
    );
    Table::with_columns("windows", columns, move |sink| {
        for r in windows {
            let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
            let i = r.ideology.as_ref();
            let mut row = vec![
                r.window.to_string(),
                r.start.map(format_time).unwrap_or_default(),
                r.users.to_string(),
                r.retweets.to_string(),
                r.active.iter().sum::<usize>().to_string(),
                cell(r.polarization),
                cell(r.polarization_adaptive),
                cell(r.polarization_shuffled),
                cell(r.polarization_null),
                cell(r.modularity),
                cell(r.modularity_null),
            ];
            row.extend(r.ec.iter().chain(&r.aec).map(usize::to_string));
            row.extend([
                r.aec_both.to_string(),
                cell(r.coverage),
                cell(r.coverage_paper),
                flags.join(";"),
                cell(r.controversy.score),
                cell(r.controversy.modularity),
                cell(r.controversy.baseline),
                r.controversy.main_component.to_string(),
                cell(i.and_then(|c| c.accuracy)),
                cell(i.and_then(|c| c.precision)),
                cell(i.and_then(|c| c.recall)),
                cell(i.and_then(|c| c.f1)),
                i.map(|c| c.faulty.to_string()).unwrap_or_default(),
                cell(i.and_then(|c| c.one_side.accuracy)),
            ]);
            sink(&row)?;
        }
        Ok(())
    })
    .floats(&[
        "polarization",
        "polarization_adaptive",
        "polarization_shuffled",
        "polarization_null",
        "modularity",
        "modularity_null",
        "coverage",
        "coverage_paper",
        "controversy",
        "controversy_modularity",
        "controversy_baseline",
        "ideology_accuracy",
        "ideology_precision",
        "ideology_recall",
        "ideology_f1",
        "ideology_one_side_accuracy",
    ])
}

/// `groups`: per window and group, the active leaders, P_g(t), |EC_g| and |AEC_g| (one row
/// per group, so any number of groups fits one layout).
pub fn group_table<'a>(windows: &'a [WindowReport], names: &'a [String]) -> Table<'a> {
    Table::new(
        "groups",
        &[
            "window",
            "group",
            "active_leaders",
            "polarization",
            "ec",
            "aec",
        ],
        move |sink| {
            for r in windows {
                for (g, &active) in r.active.iter().enumerate() {
                    sink(&[
                        r.window.to_string(),
                        group_name(names, GroupId::new(g)),
                        active.to_string(),
                        cell(r.polarization_groups.get(g).copied().flatten()),
                        r.ec[g].to_string(),
                        r.aec[g].to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )
    .text(&["group"])
    .floats(&["polarization"])
}

/// `aggregate_overlap`: Q̄ and co-activity of every leader pair.
pub fn aggregate_table<'a>(
    aggregate: &'a AggregateOverlap,
    leaders: &'a [LeaderReport],
) -> Table<'a> {
    Table::new(
        "aggregate_overlap",
        &["leader_a", "leader_b", "mean_overlap", "coactive_windows"],
        move |sink| {
            let name = |i: usize| leaders[i].account.clone();
            let k = aggregate.leaders;
            for i in 0..k {
                for j in i + 1..k {
                    sink(&[
                        name(i),
                        name(j),
                        aggregate.mean[i * k + j].to_string(),
                        aggregate.coactive[i * k + j].to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )
    .text(&["leader_a", "leader_b"])
}

/// `stability`: the lag curves of EC_g, AEC_g and the leaders' chambers.
pub fn stability_table<'a>(s: &'a StabilityReport, names: &'a [String]) -> Table<'a> {
    Table::new(
        "stability",
        &["set", "lag", "pairs", "median", "q1", "q3"],
        move |sink| {
            let group = |g: usize| {
                names
                    .get(g)
                    .cloned()
                    .unwrap_or_else(|| chambers_graph::GroupId::new(g).letter())
            };
            let ec =
                s.ec.iter()
                    .enumerate()
                    .map(|(g, c)| (format!("ec_{}", group(g)), c));
            let aec = s
                .aec
                .iter()
                .enumerate()
                .map(|(g, c)| (format!("aec_{}", group(g)), c));
            let sets = ec
                .chain(aec)
                .chain([("leader_chambers".to_owned(), &s.chambers)]);
            for (set, curve) in sets {
                for l in curve {
                    sink(&[
                        set.clone(),
                        l.lag.to_string(),
                        l.pairs.to_string(),
                        cell(l.median),
                        cell(l.q1),
                        cell(l.q3),
                    ])?;
                }
            }
            Ok(())
        },
    )
    .text(&["set"])
}

/// The columns the analysis adds to the chamber stage's `leaders` table: each leader's group
/// (named by `names`) and its entry in the splitting eigenvector.
pub fn leader_columns(leaders: &[LeaderReport], names: &[String]) -> LeaderColumns {
    LeaderColumns {
        columns: vec!["group".to_owned(), "eigenvector".to_owned()],
        values: leaders
            .iter()
            .map(|l| {
                vec![
                    l.group.map(|g| group_name(names, g)).unwrap_or_default(),
                    cell(l.eigenvector),
                ]
            })
            .collect(),
    }
}

/// One scored account of one window, as the `high_impact` table reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredRow {
    /// Index of the window.
    pub window: usize,
    /// The account's external id.
    pub account: String,
    /// Its impact I_h(t): retweets received in the window.
    pub impact: u64,
    /// n_hg: its audience members in (the scored part of) EC_g, one count per group.
    pub counts: Vec<usize>,
    /// Its stance score.
    pub score: f64,
    /// Its side.
    pub side: Side,
}

/// `high_impact`: every scored account of every window (`rows`, in window order) with its
/// impact, its counts n_hg of `groups` groups, its score and its side, named by `names`.
///
/// ```
/// use chambers_echo::Side;
/// use chambers_echo::tables::{ScoredRow, high_impact_table};
/// use chambers_graph::GroupId;
/// let row = ScoredRow {
///     window: 0, account: "h".into(), impact: 9, counts: vec![4, 1], score: 0.6,
///     side: Side::Group(GroupId::A),
/// };
/// let names = ["left".to_string(), "right".to_string()];
/// let rows = high_impact_table(vec![row], 2, &names).collect().unwrap();
/// assert_eq!(rows[0], ["0", "h", "9", "4", "1", "0.6", "left"]);
/// ```
pub fn high_impact_table(rows: Vec<ScoredRow>, groups: usize, names: &[String]) -> Table<'_> {
    let mut columns: Vec<String> = vec!["window".into(), "account".into(), "impact".into()];
    columns.extend((0..groups).map(|g| format!("n_{}", GroupId::new(g).letter().to_lowercase())));
    columns.extend(["score".into(), "side".into()]);
    Table::with_columns("high_impact", columns, move |sink| {
        for s in &rows {
            let mut row = vec![
                s.window.to_string(),
                s.account.clone(),
                s.impact.to_string(),
            ];
            row.extend(s.counts.iter().map(usize::to_string));
            row.extend([s.score.to_string(), s.side.name(names)]);
            sink(&row)?;
        }
        Ok(())
    })
    .text(&["account", "side"])
}
