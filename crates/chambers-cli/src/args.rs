//! Flags shared by several subcommands: inputs (files, columns, windows) and leaders/chambers.
//! Defaults come from the library's parameter structs, so each lives in one place.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chambers_graph::{GraphOptions, LeaderParams, UserId, WindowSpec, Windows, parse_duration};
use chambers_io::{
    Columns, Format, Interactions, ReadOptions, ReadReport, TimeUnit, parse_time, read_windows,
};
use chambers_overlap::{ChamberParams, Exclusion};

/// Column names and row handling; defaults come from [`Columns::default`].
#[derive(clap::Args, Debug)]
pub struct ColumnArgs {
    /// Column holding the account that retweeted.
    #[arg(long = "source", default_value_t = Columns::default().source)]
    pub source: String,
    /// Column holding the account that was retweeted.
    #[arg(long = "target", default_value_t = Columns::default().target)]
    pub target: String,
    /// Column holding the number of retweets (1 per row when absent).
    #[arg(long = "weight", default_value_t = Columns::default().weight)]
    pub weight: String,
    /// Column holding the event time (RFC 3339 or Unix seconds).
    #[arg(long = "time", default_value_t = Columns::default().time)]
    pub time: String,
    /// Skip malformed rows (and report how many) instead of stopping at the first.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Input format for every input (default: from each file's extension; JSON files by their
    /// content: Twitter, Bluesky or Mastodon).
    #[arg(long, value_name = "csv|tsv|jsonl|parquet|arrow|bluesky|mastodon")]
    pub format: Option<Format>,
    /// Interactions read from posts (Twitter JSONL, Bluesky, Mastodon): retweet (repost, boost),
    /// quote, reply, mention (comma-separated) or all.
    #[arg(long, default_value_t = Interactions::default())]
    pub interactions: Interactions,
    /// Unit of integer times (text, or Parquet/Arrow integer columns): s, ms, us or ns.
    #[arg(long, value_name = "s|ms|us|ns", default_value_t = ReadOptions::default().time_unit)]
    pub time_unit: TimeUnit,
    /// Trim white space around account ids (" ann" and "ann" are otherwise two accounts).
    #[arg(long)]
    pub trim_ids: bool,
}

impl ColumnArgs {
    pub fn columns(&self) -> Columns {
        Columns::default()
            .source(&self.source)
            .target(&self.target)
            .weight(&self.weight)
            .time(&self.time)
    }

    /// The reading options these flags set.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions::default()
            .columns(self.columns())
            .skip_bad_rows(self.skip_bad_rows)
            .format(self.format)
            .interactions(self.interactions)
            .time_unit(self.time_unit)
            .trim_ids(self.trim_ids)
    }
}

/// Inputs, columns and windowing.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Input files: CSV/TSV, Twitter JSONL (v1.1 or v2), Bluesky (Jetstream, listRecords) or
    /// Mastodon statuses, each optionally .gz; Parquet; Arrow IPC. The format comes from the
    /// extension (JSON files: from their content), or from --format.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Window length, e.g. 7d, 24h, 3600s (default: the whole input is one window).
    #[arg(long, conflicts_with = "window_per_file")]
    pub window: Option<String>,
    /// Start of the first window, RFC 3339 or a date (default: midnight UTC before the first event).
    #[arg(long, requires = "window")]
    pub window_start: Option<String>,
    /// One window per input file, in the order given.
    #[arg(long)]
    pub window_per_file: bool,
    /// Keep self-retweets (dropped by default, as in the paper).
    #[arg(long)]
    pub keep_self_loops: bool,
}

impl InputArgs {
    pub fn spec(&self) -> Result<WindowSpec> {
        if self.window_per_file {
            return Ok(WindowSpec::PerFile);
        }
        let Some(window) = &self.window else {
            return Ok(WindowSpec::Single);
        };
        let start = match &self.window_start {
            Some(s) => Some(parse_time(s.as_bytes()).with_context(|| {
                format!("bad --window-start {s:?}: expected RFC 3339, a date or Unix seconds")
            })?),
            None => None,
        };
        Ok(WindowSpec::Fixed {
            start,
            length: parse_duration(window).context("bad --window")?,
        })
    }

    pub fn read_options(&self) -> ReadOptions {
        self.columns.read_options()
    }

    /// Summarises every input per window in one streaming pass (no graphs), reporting skipped
    /// rows on stderr.
    pub fn summarise(&self, top: usize) -> Result<chambers_io::EdgeSummary> {
        let graph = GraphOptions::default().with_self_loops(self.keep_self_loops);
        let (summary, report) = chambers_io::summarise_edges(
            &self.inputs,
            self.spec()?,
            graph,
            &self.read_options(),
            top,
        )?;
        print_skips(&report);
        warn_far_future(&report, self.columns.time_unit);
        Ok(summary)
    }

    /// Reads every input into windows, reporting skipped rows on stderr.
    pub fn load(&self) -> Result<(Windows, ReadReport)> {
        // The readers open files; a folder would fail as "line 1: read error: Is a directory".
        if let Some(folder) = self.inputs.iter().find(|p| p.is_dir()) {
            bail!(
                "{}: is a folder; give the files in it (e.g. {}/*.parquet)",
                folder.display(),
                folder.display()
            );
        }
        let graph = GraphOptions::default().with_self_loops(self.keep_self_loops);
        let (windows, report) =
            read_windows(&self.inputs, self.spec()?, graph, &self.read_options())?;
        print_skips(&report);
        warn_far_future(&report, self.columns.time_unit);
        Ok((windows, report))
    }
}

/// Tells on stderr how many rows were skipped or left out, with the first reasons.
pub fn print_skips(report: &ReadReport) {
    if report.skipped > 0 {
        eprintln!("chambers: skipped {} bad rows; first ones:", report.skipped);
        for example in &report.skipped_examples {
            eprintln!("  {example}");
        }
    }
    if report.zero_weight > 0 {
        eprintln!("chambers: left out {} rows of weight 0", report.zero_weight);
    }
    if report.padded_ids > 0 {
        let n = report.padded_ids;
        let rows = if n == 1 { "row has" } else { "rows have" };
        eprintln!(
            "chambers: warning: {n} {rows} an account id with spaces around it, kept as written \
             (\" ann\" and \"ann\" are two accounts); --trim-ids trims them"
        );
    }
    if report.non_tweets > 0 {
        eprintln!(
            "chambers: skipped {} JSON lines that are not tweets (deletes, limit notices)",
            report.non_tweets
        );
    }
    if report.deletions + report.other_records > 0 {
        eprintln!(
            "chambers: skipped {} Bluesky deletions and {} records of other collections or updates",
            report.deletions, report.other_records
        );
    }
    if report.unresolved_replies > 0 {
        eprintln!(
            "chambers: left out {} Mastodon replies to accounts not seen in the input",
            report.unresolved_replies
        );
    }
}

/// Warns on stderr when times lie after the year 5000, which integer times in a finer unit
/// than `unit` (milliseconds read as seconds) give.
pub fn warn_far_future(report: &ReadReport, unit: TimeUnit) {
    let n = report.far_future_times;
    if n > 0 {
        let rows = if n == 1 {
            "row has a time"
        } else {
            "rows have times"
        };
        eprintln!(
            "chambers: warning: {n} {rows} after the year 5000; are integer times in a finer \
             unit than --time-unit {unit}? (milliseconds: --time-unit ms)"
        );
    }
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
    #[arg(long, default_value_t = ChamberParams::default().exclusion)]
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
            Some(path) => (
                read_id_list(path, "leader list")?,
                path.display().to_string(),
            ),
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

/// Account ids, one per line (`#` starts a comment), for leader and account lists.
pub fn read_id_list(path: &Path, what: &str) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the {what}", path.display()))?;
    let ids: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.is_empty() {
        bail!("{}: the {what} is empty", path.display());
    }
    Ok(ids)
}
