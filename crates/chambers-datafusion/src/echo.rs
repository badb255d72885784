//! The echo-chamber stage (METHOD.md §7) on the engine: from the chamber stage's staged
//! audiences and chambers ([`ChamberEngine`]) and the leaders' groups, the per-user, per-window
//! counts that the echo chambers and the augmented classification need — n_hg of every scored
//! account, and how many users each (augmented) echo chamber holds and in how many of them
//! each user is — as plans ([`crate::plans`]), with only each scored account's stance
//! (`chambers_echo::stance`) on the driver.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray, UInt64Array};
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::prelude::*;

use chambers_echo::{AnalysisParams, ScoreRule, Side, StabilityReport, stance};
use chambers_graph::GroupId;

use crate::analysis::{Output, int_column, run, write_parquet};
use crate::stability::stability_curves;
use crate::windows::text_column;
use crate::{ChamberEngine, EngineError, plans};

/// A scored account of one window, as `chambers_echo::ScoredAccount` holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineScored {
    /// The account's external id.
    pub account: String,
    /// n_hg: its audience members in (the scored part of) EC_g, one count per group.
    pub counts: Vec<usize>,
    /// Its stance score.
    pub score: f64,
    /// The group it is classified to, or neutral.
    pub side: Side,
}

/// The echo-chamber counts of one window: what `chambers_echo::WindowEcho` yields for the
/// window's report (sizes of EC_g and AEC_g, users in several AECs, coverage) and the scored
/// accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowEchoCounts {
    /// Index of the window.
    pub window: usize,
    /// |EC_g(t)| of each group.
    pub ec: Vec<usize>,
    /// |AEC_g(t)| of each group.
    pub aec: Vec<usize>,
    /// Users in more than one augmented echo chamber (`both`).
    pub aec_both: usize,
    /// Users in at least one augmented echo chamber: |∪_g AEC_g(t)|.
    pub classified: usize,
    /// |V_t|: the window's users.
    pub users: usize,
    /// The scored accounts, in the order they are scored in memory (by rank in H(t), or in
    /// the order of the given list, repeats included).
    pub scored: Vec<EngineScored>,
}

impl WindowEchoCounts {
    /// Coverage |∪_g AEC_g| / |V_t|; `None` for an empty window.
    ///
    /// ```
    /// let w = chambers_datafusion::WindowEchoCounts {
    ///     window: 0, ec: vec![2, 1], aec: vec![3, 2], aec_both: 1, classified: 4, users: 8,
    ///     scored: Vec::new(),
    /// };
    /// assert_eq!((w.coverage(), w.coverage_paper()), (Some(0.5), Some(0.625)));
    /// ```
    pub fn coverage(&self) -> Option<f64> {
        (self.users > 0).then(|| self.classified as f64 / self.users as f64)
    }

    /// The paper's coverage Σ_g |AEC_g| / |V_t|; `None` for an empty window.
    pub fn coverage_paper(&self) -> Option<f64> {
        let total: usize = self.aec.iter().sum();
        (self.users > 0).then(|| total as f64 / self.users as f64)
    }
}

/// Where [`ChamberEngine::echo_to`] writes the per-user tables of the result folder
/// (`echo_chambers.parquet`, `users.parquet`), and the groups' names in them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserTables {
    /// The folder the two files go into; it must exist.
    pub folder: PathBuf,
    /// The name of group g is `names[g]`, or its letter (`A`, `B`, …) where there is none.
    pub names: Vec<String>,
}

impl UserTables {
    /// The two tables in `folder`, groups named by their letters.
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        Self {
            folder: folder.into(),
            names: Vec::new(),
        }
    }

    /// Names the groups (`--group-names` of the command line).
    pub fn names(mut self, names: Vec<String>) -> Self {
        self.names = names;
        self
    }
}

/// The names and row order of the per-user tables, as in memory.
const USER_TABLES: [&str; 2] = ["echo_chambers", "users"];

/// The echo-chamber stage's counts, every window in order, and the stability curves.
#[derive(Clone, Debug)]
pub struct EngineEcho {
    /// One entry per window.
    pub windows: Vec<WindowEchoCounts>,
    /// Stability over time of EC_g, AEC_g and the leaders' chambers, up to
    /// `AnalysisParams::max_lag` windows (METHOD.md §9), as `chambers_echo::Report` holds it.
    pub stability: StabilityReport,
    /// Spill files the plans wrote.
    pub spills: usize,
}

impl ChamberEngine {
    /// Echo chambers and the augmented classification (METHOD.md §7) on the engine, from the
    /// staged chamber tables, and the stability over time of the echo chambers and chambers
    /// (METHOD.md §9): `group_of[i]` is the group of leader `i` of the record (by rank;
    /// `None`: in no group) among `groups` groups ([`crate::EngineChambers::polarization`]
    /// finds them); `scored` lists the accounts to score (by external id), or `None` for the
    /// paper's H(t) minus every leader; `params.echo` and `params.max_lag` are read.
    ///
    /// # Errors
    /// [`EngineError::InvalidParameter`] when `group_of` does not hold one group per leader or
    /// names a group ≥ `groups`, [`EngineError::Analysis`] when `params` fail their check;
    /// and the engine's errors.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), chambers_datafusion::EngineError> {
    /// use chambers_datafusion::{ChamberEngine, EngineParams};
    /// use chambers_graph::{GroupId, WindowSpec};
    /// let paths = ["events/".to_string()];
    /// let stage = ChamberEngine::run(
    ///     &paths, WindowSpec::Single, Default::default(), &Default::default(), &EngineParams::default(),
    /// )?;
    /// let leaders = stage.chambers().leaders.len();
    /// let halves: Vec<_> = (0..leaders).map(|i| Some(GroupId::new(2 * i / leaders))).collect();
    /// let echo = stage.echo(&halves, 2, None, &Default::default())?;
    /// println!("coverage {:?}", echo.windows[0].coverage());
    /// # Ok(()) }
    /// ```
    pub fn echo(
        &self,
        group_of: &[Option<GroupId>],
        groups: usize,
        scored: Option<&[String]>,
        params: &AnalysisParams,
    ) -> Result<EngineEcho, EngineError> {
        self.check_echo(group_of, groups, params)?;
        self.runtime
            .block_on(self.echo_counts(group_of, groups, scored, params, None))
    }

    /// [`ChamberEngine::echo`], and the per-user tables of the result folder streamed from
    /// the engine into `tables.folder` as Parquet: `echo_chambers.parquet` (`window, user,
    /// group, kind`: every member of every EC_g(t) and AEC_g(t)) and `users.parquet` (`window,
    /// user, side`: every user of an AEC with its side, `both` for several). Their columns,
    /// types (window Int64, the rest text, every column nullable) and rows in their order are
    /// those that `chambers analyze --table-format parquet` writes from memory. The rows pass
    /// through the driver one batch at a time, never whole; each file appears complete or not
    /// at all (written under a temporary name, then renamed).
    ///
    /// # Errors
    /// As [`ChamberEngine::echo`], and [`EngineError::Query`] when a file cannot be written.
    ///
    /// ```no_run
    /// # fn demo(stage: &chambers_datafusion::ChamberEngine, group_of: &[Option<chambers_graph::GroupId>])
    /// # -> Result<(), chambers_datafusion::EngineError> {
    /// use chambers_datafusion::UserTables;
    /// let tables = UserTables::new("results").names(vec!["left".into(), "right".into()]);
    /// let echo = stage.echo_to(group_of, 2, None, &Default::default(), &tables)?;
    /// println!("{} windows; users by side in results/users.parquet", echo.windows.len());
    /// # Ok(()) }
    /// ```
    pub fn echo_to(
        &self,
        group_of: &[Option<GroupId>],
        groups: usize,
        scored: Option<&[String]>,
        params: &AnalysisParams,
        tables: &UserTables,
    ) -> Result<EngineEcho, EngineError> {
        self.check_echo(group_of, groups, params)?;
        self.runtime
            .block_on(self.echo_counts(group_of, groups, scored, params, Some(tables)))
    }

    /// The checks of [`ChamberEngine::echo`]'s arguments.
    fn check_echo(
        &self,
        group_of: &[Option<GroupId>],
        groups: usize,
        params: &AnalysisParams,
    ) -> Result<(), EngineError> {
        params.check()?;
        let leaders = &self.record.leaders;
        if group_of.len() != leaders.len() || group_of.iter().flatten().any(|g| g.index() >= groups)
        {
            return Err(EngineError::InvalidParameter(format!(
                "{} groups for {} leaders, each below {groups}",
                group_of.len(),
                leaders.len()
            )));
        }
        Ok(())
    }

    /// The plans of [`ChamberEngine::echo`], on the engine's runtime; with `tables`, the
    /// per-user tables of [`ChamberEngine::echo_to`] too.
    async fn echo_counts(
        &self,
        group_of: &[Option<GroupId>],
        groups: usize,
        scored: Option<&[String]>,
        params: &AnalysisParams,
        tables: Option<&UserTables>,
    ) -> Result<EngineEcho, EngineError> {
        let (ctx, staging, record) = (&self.ctx, &self.staging, &self.record);
        let n_windows = record.windows.len();
        let mut spills = 0;
        let (positions, labels): (Vec<u64>, Vec<u64>) = group_of
            .iter()
            .enumerate()
            .filter_map(|(p, g)| g.map(|g| (p as u64, g.index() as u64)))
            .unzip();
        let groups_table = staging
            .table(
                ctx,
                "groups",
                vec![
                    (
                        "g_position",
                        Arc::new(UInt64Array::from(positions)) as ArrayRef,
                    ),
                    ("group", Arc::new(UInt64Array::from(labels))),
                ],
            )
            .await?;
        let echo = staging
            .write(
                ctx,
                "echo",
                plans::echo_members(self.audiences.clone(), self.chambers.clone(), groups_table)?,
                &mut spills,
            )
            .await?;
        let accounts = staging
            .write(
                ctx,
                "accounts",
                plans::window_accounts(self.edges.clone())?,
                &mut spills,
            )
            .await?;

        // The accounts to score per window, in the order memory scores them.
        let name = |u| record.interner.external(u).to_string();
        let mut order: Vec<Vec<String>> = match scored {
            None => record
                .high_impact
                .iter()
                .map(|h| {
                    h.iter()
                        .filter(|r| !leaders_hold(record, r.user))
                        .map(|r| name(r.user))
                        .collect()
                })
                .collect(),
            Some(list) => {
                // Only the accounts of each window's graph are scored.
                let listed = staging
                    .table(
                        ctx,
                        "listed",
                        vec![(
                            "l_account",
                            Arc::new(StringArray::from(list.to_vec())) as ArrayRef,
                        )],
                    )
                    .await?;
                let present = accounts.clone().join(
                    listed,
                    JoinType::Inner,
                    &["account"],
                    &["l_account"],
                    None,
                )?;
                let mut in_window = vec![std::collections::HashSet::new(); n_windows];
                for b in run(ctx, present, &mut spills).await? {
                    let (window, account) =
                        (int_column(&b, "window")?, text_column(&b, "account")?);
                    for i in 0..b.num_rows() {
                        in_window[window[i] as usize].insert(account.value(i).to_owned());
                    }
                }
                in_window
                    .iter()
                    .map(|present| {
                        list.iter()
                            .filter(|a| present.contains(*a))
                            .cloned()
                            .collect()
                    })
                    .collect()
            }
        };
        let (windows_column, accounts_column): (Vec<i64>, Vec<String>) = order
            .iter()
            .enumerate()
            .flat_map(|(t, names)| names.iter().map(move |a| (t as i64, a.clone())))
            .unzip();
        let scored_table = staging
            .table(
                ctx,
                "scored",
                vec![
                    (
                        "s_window",
                        Arc::new(Int64Array::from(windows_column)) as ArrayRef,
                    ),
                    ("account", Arc::new(StringArray::from(accounts_column))),
                ],
            )
            .await?;
        let part = match params.echo.score {
            ScoreRule::Full => echo.clone(),
            ScoreRule::Exclusive => plans::exclusive_members(echo.clone())?,
        };
        let mut counts: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        let counted = plans::scored_counts(self.edges.clone(), scored_table, part)?;
        for b in run(ctx, counted, &mut spills).await? {
            let (window, account) = (int_column(&b, "window")?, text_column(&b, "account")?);
            let (group, n) = (int_column(&b, "group")?, int_column(&b, "n")?);
            for i in 0..b.num_rows() {
                let key = (window[i] as usize, account.value(i).to_owned());
                counts.entry(key).or_insert_with(|| vec![0; groups])[group[i] as usize] =
                    n[i] as usize;
            }
        }

        // Stances on the driver; the classified accounts go back to the engine.
        let mut scored_out: Vec<Vec<EngineScored>> = Vec::with_capacity(n_windows);
        let mut classified = (Vec::new(), Vec::new(), Vec::new());
        for (t, names) in order.iter_mut().enumerate() {
            let mut out = Vec::with_capacity(names.len());
            for account in names.drain(..) {
                // An account listed twice is scored twice, as in memory.
                let counts = counts
                    .get(&(t, account.clone()))
                    .cloned()
                    .unwrap_or_else(|| vec![0; groups]);
                let (score, side) = stance(&counts, params.echo.eta);
                if let Side::Group(g) = side {
                    classified.0.push(t as i64);
                    classified.1.push(account.clone());
                    classified.2.push(g.index() as u64);
                }
                out.push(EngineScored {
                    account,
                    counts,
                    score,
                    side,
                });
            }
            scored_out.push(out);
        }
        let classified = staging
            .table(
                ctx,
                "classified",
                vec![
                    (
                        "c_window",
                        Arc::new(Int64Array::from(classified.0)) as ArrayRef,
                    ),
                    ("c_account", Arc::new(StringArray::from(classified.1))),
                    ("c_group", Arc::new(UInt64Array::from(classified.2))),
                ],
            )
            .await?;
        let augmented = staging
            .write(
                ctx,
                "augmented",
                plans::augmented_members(echo.clone(), self.edges.clone(), classified)?,
                &mut spills,
            )
            .await?;

        let mut windows: Vec<WindowEchoCounts> = scored_out
            .into_iter()
            .enumerate()
            .map(|(window, scored)| WindowEchoCounts {
                window,
                ec: vec![0; groups],
                aec: vec![0; groups],
                aec_both: 0,
                classified: 0,
                users: 0,
                scored,
            })
            .collect();
        for (members, into_ec) in [(echo.clone(), true), (augmented.clone(), false)] {
            for b in run(ctx, plans::group_sizes(members)?, &mut spills).await? {
                let (window, group, size) = (
                    int_column(&b, "window")?,
                    int_column(&b, "group")?,
                    int_column(&b, "size")?,
                );
                for i in 0..b.num_rows() {
                    let w = &mut windows[window[i] as usize];
                    let sizes = if into_ec { &mut w.ec } else { &mut w.aec };
                    sizes[group[i] as usize] = size[i] as usize;
                }
            }
        }
        for b in run(
            ctx,
            plans::membership_counts(augmented.clone())?,
            &mut spills,
        )
        .await?
        {
            let (window, in_groups, users) = (
                int_column(&b, "window")?,
                int_column(&b, "groups")?,
                int_column(&b, "users")?,
            );
            for i in 0..b.num_rows() {
                let w = &mut windows[window[i] as usize];
                w.classified += users[i] as usize;
                if in_groups[i] > 1 {
                    w.aec_both += users[i] as usize;
                }
            }
        }
        for b in run(ctx, plans::window_users(accounts)?, &mut spills).await? {
            let (window, users) = (int_column(&b, "window")?, int_column(&b, "users")?);
            for i in 0..b.num_rows() {
                windows[window[i] as usize].users = users[i] as usize;
            }
        }
        if let Some(tables) = tables {
            let (names, folder) = (&tables.names, &tables.folder);
            // Staged, so that one sort orders them (a sort over the union would sort each side
            // on its own and hold both sides' merges at once).
            let kinds = plans::kinds(echo.clone(), augmented.clone())?;
            let kinds = staging.write(ctx, "kinds", kinds, &mut spills).await?;
            let rows = [
                (
                    plans::echo_chamber_rows(kinds, groups, names)?,
                    Some(&plans::ECHO_CHAMBER_COLUMNS[..]),
                ),
                (plans::user_rows(augmented.clone(), groups, names)?, None),
            ];
            for (name, (rows, columns)) in USER_TABLES.into_iter().zip(rows) {
                let file = folder.join(format!("{name}.parquet"));
                let part = folder.join(format!(".{name}.parquet.part"));
                let output = Output {
                    properties: WriterProperties::builder()
                        .set_compression(Compression::SNAPPY)
                        .build(),
                    columns,
                    nullable: true,
                };
                let written = write_parquet(ctx, rows, &part, output, &mut spills).await;
                let moved = written.and_then(|()| {
                    std::fs::rename(&part, &file).map_err(|e| EngineError::Query(e.into()))
                });
                if moved.is_err() {
                    std::fs::remove_file(&part).ok();
                }
                moved?;
            }
        }
        let stability = stability_curves(
            ctx,
            self.chambers.clone(),
            echo,
            augmented,
            record,
            &windows,
            groups,
            params.max_lag,
            &mut spills,
        )
        .await?;
        Ok(EngineEcho {
            windows,
            stability,
            spills,
        })
    }
}

/// Whether `user` is one of the record's leaders (active or not).
fn leaders_hold(record: &crate::EngineChambers, user: chambers_graph::UserId) -> bool {
    record.leaders.iter().any(|l| l.user == user)
}
