//! The `chambers` command line: polarization in retweet networks with the chamber method of
//! Kolic et al. (2025). The binary itself is the root package's `chambers` target, which calls
//! [`main`]; keeping the code in a library lets the facade make the command line optional.
//!
//! This file only parses and dispatches: shared flags live in `args`, everything written in
//! `output`, and each subcommand in a file of its own; no subcommand imports another.

mod analyze;
mod analyze_engine;
mod args;
mod bench;
mod bimodality;
mod cleanup;
mod convert;
mod engine;
mod generate;
mod html;
mod ideology;
mod output;
mod overlap;
mod plots;
mod report;
mod stats;
mod tier;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

/// Measure polarization in retweet networks: who leads the conversation, whom their audiences
/// also retweet (their chambers), whether the leaders split into sides, and which accounts
/// speak to one side only (echo chambers). The second-neighbour method of Kolic et al.,
/// J. Complex Networks 13(4), 2025.
#[derive(Parser, Debug)]
#[command(name = "chambers", version, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

/// What follows the flags in `chambers --help`: the input, and the commands most runs need.
const AFTER_HELP: &str = "\
Input: retweet events as CSV/TSV with a header (source,target[,weight][,time]; source is the
account that retweeted, target the account retweeted), Twitter JSONL, Parquet or Arrow.

Most used:
  chambers analyze retweets.csv --window 7d --out results    the whole method, one window a week
  chambers stats retweets.csv --window 7d                    what a file holds, per window
  chambers convert tweets.jsonl.gz --out retweets.parquet    any input to the edge table

'chambers help COMMAND' lists a command's flags and their defaults.";

#[derive(Subcommand, Debug)]
enum Command {
    /// Summarise an input: users, retweets, edges, windows and the top accounts by impact.
    Stats(stats::StatsArgs),
    /// Generate retweet events with planted groups (writes FILE and FILE.labels.csv).
    Generate(generate::GenerateArgs),
    /// Convert any input (CSV/TSV, Twitter JSONL, Parquet, Arrow) to the canonical edge table
    /// (source,target,weight,time) in CSV, TSV, Parquet or Arrow.
    Convert(convert::ConvertArgs),
    /// The whole method: leaders, chambers, groups, polarization, echo chambers, stability.
    Analyze(Box<analyze::AnalyzeArgs>),
    /// One self-contained HTML page (headline figures, flags, figures) of a result folder of
    /// `analyze`, for sharing; `analyze --html` writes the same page.
    Report(report::ReportArgs),
    /// Bimodality statistics (Sarle, Hartigan's dip, mixture, KDE) of one numeric column, as JSON.
    Bimodality(bimodality::BimodalityArgs),
    /// Latent ideology per window: correspondence analysis of users × influencers retweets.
    Ideology(ideology::IdeologyArgs),
    /// Leaders, chambers and chamber overlaps per window.
    Overlap(overlap::OverlapArgs),
    /// Time the chamber kernels on a seeded generated graph (the reference graph of docs/BENCHMARKS.md by default).
    Bench(bench::BenchArgs),
}

/// Parses the process arguments, runs the subcommand, and turns an error into one line on
/// stderr and a failing exit code.
pub fn main() -> std::process::ExitCode {
    one_heap();
    cleanup::install();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chambers: error: {}", one_line(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

/// Makes every thread allocate from one heap. glibc gives each thread that allocates its own
/// heap (arena) and keeps what is freed there for that thread; at paper scale the pool's arenas
/// held about 190 MB more at the peak than one shared heap, at the same speed
/// (docs/BENCHMARKS.md, "Phase times, fifth pass"): the kernels do not allocate per element, so the threads
/// rarely wait for the heap. A `MALLOC_ARENA_MAX` set by the user wins.
fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt changes an allocator setting; no other thread runs yet.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    }
}

/// The error and its causes on one line, each cause once (a cause whose text its parent
/// already quotes is not repeated), with a hint naming the flag that helps where one does:
/// the library reports what is wrong, only the command line knows its flags.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    if let Some(hint) = hint(e) {
        line.push_str(" (");
        line.push_str(hint);
        line.push(')');
    }
    line
}

/// The flag that fixes a data error, for the problems where one does.
fn hint(e: &anyhow::Error) -> Option<&'static str> {
    use chambers_io::{IoError, Problem};
    let self_loops = |c: &(dyn std::error::Error + 'static)| match c.downcast_ref::<IoError>() {
        Some(IoError::NoEdges(n)) => n.self_loops > 0,
        _ => false,
    };
    if e.chain().any(self_loops) {
        return Some("keep self-retweets with --keep-self-loops");
    }
    let unknown_output = |c: &(dyn std::error::Error + 'static)| {
        matches!(
            c.downcast_ref::<IoError>(),
            Some(IoError::UnknownOutput { .. })
        )
    };
    if e.chain().any(unknown_output) {
        return Some("or give the format with --out-format csv|tsv|parquet|arrow");
    }
    let problem = e.chain().find_map(|c| match c.downcast_ref::<IoError>()? {
        IoError::Data { problem, .. }
        | IoError::Row { problem, .. }
        | IoError::Schema { problem, .. } => Some(problem),
        _ => None,
    })?;
    match problem {
        Problem::MissingTime | Problem::MissingTimeColumn { .. } => {
            Some("name the time column with --time, or drop --window")
        }
        Problem::MissingColumn { .. } => {
            Some("name the columns with --source, --target, --weight and --time")
        }
        Problem::Delimiter { looks, .. } if looks.starts_with("tab") => {
            Some("use --format tsv, or name the file .tsv")
        }
        Problem::Delimiter { .. } => Some("use --format csv, or name the file .csv"),
        Problem::Unresolved { .. } => Some("--skip-bad-rows skips such tweets"),
        _ => None,
    }
}

/// Whether the error is a closed stdout (`chambers stats … | head`), which is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The most worker threads `--threads` accepts: each costs a stack and a share of every
/// parallel step, so thousands only slow a run down (and 10⁸ would exhaust the machine).
const MAX_THREADS: usize = 1024;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn run(cli: Cli) -> Result<()> {
    if let Some(threads) = cli.threads {
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        if threads > MAX_THREADS {
            bail!(
                "--threads {threads}: at most {MAX_THREADS} (this machine has {} cores)",
                cores()
            );
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("starting the thread pool")?;
    }
    match cli.command {
        Command::Stats(args) => stats::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Overlap(args) => overlap::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Bimodality(args) => bimodality::run(&args),
        Command::Ideology(args) => ideology::run(&args),
    }
}
