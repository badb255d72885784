//! `chambers convert`: any supported input to the canonical edge table, streaming.

use std::path::PathBuf;

use anyhow::Result;
use chambers_io::{AtomicFile, Format, ReadReport, convert_edges};

use crate::args::{self, ColumnArgs};
use crate::cleanup::Registered;

/// Flags of `chambers convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Input files: CSV/TSV or Twitter JSONL (v1.1 or v2), each optionally .gz; Parquet; Arrow IPC.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Output file: .csv or .tsv (optionally .gz), .parquet or .arrow.
    #[arg(long)]
    pub out: PathBuf,
    /// Output format, instead of the one implied by the extension of --out.
    #[arg(long, value_name = "csv|tsv|parquet|arrow")]
    pub out_format: Option<Format>,
}

/// Converts the inputs, reports skipped rows and tweet counts on stderr, and names what was
/// written.
pub fn run(args: &ConvertArgs) -> Result<()> {
    let options = args.columns.read_options();
    let _temporary = Registered::new(&AtomicFile::temp_path(&args.out));
    let report = convert_edges(&args.inputs, &args.out, args.out_format, &options)?;
    args::print_skips(&report);
    args::warn_far_future(&report, args.columns.time_unit);
    print_tweets(&report);
    eprintln!("wrote {} rows to {}", report.rows, args.out.display());
    Ok(())
}

/// Tells on stderr what tweet files held, when there were any.
fn print_tweets(report: &ReadReport) {
    if report.tweets > 0 {
        eprintln!(
            "chambers: {} tweets: {} retweets, {} quotes, {} replies, {} mentions kept",
            report.tweets, report.retweets, report.quotes, report.replies, report.mentions
        );
    }
}
