//! `chambers overlap`: leaders, chambers and chamber overlaps per window.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chambers_graph::{LeaderParams, UserId, Windows};
use chambers_io::ReadReport;
use chambers_overlap::{ChamberAnalysis, ChamberParams, Exclusion, analyse_chambers};
use serde::Serialize;

use crate::input::InputArgs;
use crate::output::{OutDir, Progress, Timings};

/// Flags of `chambers overlap`; defaults come from [`ChamberParams::default`].
#[derive(clap::Args, Debug)]
pub struct OverlapArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub chambers: ChamberArgs,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

/// Leader and chamber flags, shared with `chambers analyze`.
#[derive(clap::Args, Debug)]
pub struct ChamberArgs {
    /// N: high-impact accounts per window.
    #[arg(long, default_value_t = LeaderParams::default().top_n)]
    pub top_n: usize,
    /// M: leaders, the most persistent high-impact accounts.
    #[arg(long, default_value_t = LeaderParams::default().leaders)]
    pub leaders: usize,
    /// Removed from chambers besides the leader itself: high-impact, leaders or none.
    #[arg(long, default_value = "high-impact")]
    pub exclude: Exclusion,
    /// Explicit leaders, comma-separated external ids (replaces the persistence ranking).
    #[arg(long, value_delimiter = ',', conflicts_with = "leader_file")]
    pub leader_ids: Vec<String>,
    /// Explicit leaders, one external id per line (# starts a comment).
    #[arg(long)]
    pub leader_file: Option<PathBuf>,
}

impl ChamberArgs {
    pub fn params(&self) -> Result<ChamberParams> {
        let params = ChamberParams::default()
            .leaders(
                LeaderParams::default()
                    .top_n(self.top_n)
                    .leaders(self.leaders),
            )
            .exclusion(self.exclude);
        params.check()?;
        Ok(params)
    }

    /// The explicit leader list, resolved against the input's ids.
    pub fn explicit(&self, windows: &Windows) -> Result<Option<Vec<UserId>>> {
        let (ids, origin) = match &self.leader_file {
            Some(path) => (read_leader_file(path)?, path.display().to_string()),
            None if !self.leader_ids.is_empty() => {
                (self.leader_ids.clone(), "--leader-ids".to_owned())
            }
            None => return Ok(None),
        };
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(user) = windows.interner.get(&id) else {
                bail!("leader {id:?} (from {origin}) does not appear in the input");
            };
            if users.contains(&user) {
                bail!("leader {id:?} is listed twice in {origin}");
            }
            users.push(user);
        }
        Ok(Some(users))
    }
}

fn read_leader_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the leader list", path.display()))?;
    let ids: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.is_empty() {
        bail!("{}: the leader list is empty", path.display());
    }
    Ok(ids)
}

/// Input summary for report.json.
#[derive(Serialize)]
pub struct InputSummary {
    pub files: Vec<String>,
    pub rows: u64,
    pub skipped_rows: u64,
    pub zero_weight_rows: u64,
    pub users: usize,
    pub windows: usize,
    pub retweets: u64,
    pub aggregated_edges: usize,
}

impl InputSummary {
    pub fn new(input: &InputArgs, windows: &Windows, report: &ReadReport) -> Self {
        Self {
            files: input
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            rows: report.rows,
            skipped_rows: report.skipped,
            zero_weight_rows: report.zero_weight,
            users: windows.interner.len(),
            windows: windows.windows.len(),
            retweets: windows.windows.iter().map(|w| w.graph.retweets()).sum(),
            aggregated_edges: windows.windows.iter().map(|w| w.graph.n_edges()).sum(),
        }
    }
}

/// Writes leaders.csv, chambers.csv and overlaps.csv of a chamber analysis; `groups` adds the
/// columns `group` and `eigenvector` to leaders.csv (one pair of fields per leader).
pub fn write_chamber_tables(
    out: &OutDir,
    windows: &Windows,
    analysis: &ChamberAnalysis,
    groups: Option<&[[String; 2]]>,
) -> Result<()> {
    let name = |u: UserId| windows.interner.external(u).to_string();
    let mut header = vec![
        "leader",
        "rank",
        "persistence",
        "total_impact",
        "windows_active",
    ];
    if groups.is_some() {
        header.extend(["group", "eigenvector"]);
    }
    out.csv("leaders.csv", &header, |w| {
        for (i, l) in analysis.leaders.iter().enumerate() {
            let (mut impact, mut active) = (0u64, 0usize);
            for window in &windows.windows {
                if let Some(v) = window.graph.local(l.user) {
                    impact += window.graph.impact(v);
                    active += 1;
                }
            }
            let mut record = vec![
                name(l.user),
                l.rank.to_string(),
                l.persistence.to_string(),
                impact.to_string(),
                active.to_string(),
            ];
            if let Some(groups) = groups {
                record.extend(groups[i].iter().cloned());
            }
            w.write_record(&record)?;
        }
        Ok(())
    })?;
    out.csv(
        "chambers.csv",
        &["window", "leader", "audience_size", "chamber_size"],
        |w| {
            for wc in &analysis.windows {
                for (a, &i) in wc.active.iter().enumerate() {
                    w.write_record([
                        wc.window.to_string(),
                        name(analysis.leaders[i].user),
                        wc.audiences.size(a).to_string(),
                        wc.chambers.size(a).to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    out.csv(
        "overlaps.csv",
        &[
            "window",
            "leader_a",
            "leader_b",
            "intersection",
            "jaccard",
            "overlap_coefficient",
        ],
        |w| {
            for wc in &analysis.windows {
                let k = wc.active.len();
                for a in 0..k {
                    for b in a + 1..k {
                        w.write_record([
                            wc.window.to_string(),
                            name(analysis.leaders[wc.active[a]].user),
                            name(analysis.leaders[wc.active[b]].user),
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
}

#[derive(Serialize)]
struct Report<'a> {
    command: &'static str,
    parameters: &'a ChamberParams,
    explicit_leaders: bool,
    input: InputSummary,
    leaders: usize,
    active_leaders_per_window: Vec<usize>,
    timings_s: &'a Timings,
}

pub fn run(args: &OverlapArgs) -> Result<()> {
    let mut timings = Timings::default();
    let params = args.chambers.params()?;
    let out = OutDir::create(&args.out)?;
    let progress = Progress::start(&format!(
        "reading {} input file(s)",
        args.input.inputs.len()
    ));
    let t = Instant::now();
    let (windows, read_report) = args.input.load()?;
    timings.add("read", t);
    progress.phase(&format!("analysing {} window(s)", windows.windows.len()));
    let explicit = args.chambers.explicit(&windows)?;
    let t = Instant::now();
    let analysis = analyse_chambers(&windows, &params, explicit.as_deref())?;
    timings.add("chambers_and_overlaps", t);
    progress.phase("writing the tables");
    let t = Instant::now();
    write_chamber_tables(&out, &windows, &analysis, None)?;
    timings.add("write", t);
    let report = Report {
        command: "overlap",
        parameters: &params,
        explicit_leaders: explicit.is_some(),
        input: InputSummary::new(&args.input, &windows, &read_report),
        leaders: analysis.leaders.len(),
        active_leaders_per_window: analysis.windows.iter().map(|w| w.active.len()).collect(),
        timings_s: &timings,
    };
    out.json("report.json", &report)?;
    drop(progress);
    eprintln!(
        "{} leaders over {} windows; wrote leaders.csv, chambers.csv, overlaps.csv and report.json to {}",
        analysis.leaders.len(),
        windows.windows.len(),
        args.out.display()
    );
    Ok(())
}
