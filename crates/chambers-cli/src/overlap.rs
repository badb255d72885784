//! `chambers overlap`: leaders, chambers and chamber overlaps per window.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chambers_overlap::{ChamberParams, analyse_chambers};
use serde::Serialize;

use crate::args::{ChamberArgs, InputArgs};
use crate::output::{OutDir, Progress, TableFormat, Timings, input_summary};
use chambers_io::InputSummary;

/// Flags of `chambers overlap`; defaults come from [`ChamberParams::default`].
#[derive(clap::Args, Debug)]
pub struct OverlapArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub chambers: ChamberArgs,
    /// Format of the result tables: csv, or parquet (typed columns; account ids stay text).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub table_format: TableFormat,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
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
    out.tables(&analysis.tables(&windows, None), args.table_format)?;
    timings.add("write", t);
    let report = Report {
        command: "overlap",
        parameters: &params,
        explicit_leaders: explicit.is_some(),
        input: input_summary(&args.input, &windows, &read_report),
        leaders: analysis.leaders.len(),
        active_leaders_per_window: analysis.windows.iter().map(|w| w.active.len()).collect(),
        timings_s: &timings,
    };
    out.json("report.json", &report)?;
    out.commit()?;
    drop(progress);
    eprintln!(
        "{} leaders over {} windows; wrote leaders.csv, chambers.csv, overlaps.csv and report.json to {}",
        analysis.leaders.len(),
        windows.windows.len(),
        args.out.display()
    );
    Ok(())
}
