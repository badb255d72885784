//! The `chambers` command line: polarization in retweet networks with the chamber method of
//! Kolic et al. (2025). The binary itself is the root package's `chambers` target, which calls
//! [`main`]; keeping the code in a library lets the facade make the command line optional.

mod analyze;
mod bench;
mod bimodality;
mod convert;
mod ideology;
mod input;
mod output;
mod overlap;
mod plots;
mod stats;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chambers_graph::{SynthParams, generate};
use chambers_io::{AtomicFile, EdgeTableWriter};
use clap::{Parser, Subcommand};

/// Measure polarization in retweet networks: chambers, echo chambers and leaders
/// (Kolic et al., J. Complex Networks 13(4), 2025).
#[derive(Parser, Debug)]
#[command(name = "chambers", version, about, long_about = None)]
struct Cli {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Summarise an input: users, retweets, edges, windows and the top accounts by impact.
    Stats(stats::StatsArgs),
    /// Generate retweet events with planted groups (writes FILE and FILE.labels.csv).
    Generate(GenerateArgs),
    /// Convert any input (CSV/TSV, Twitter JSONL, Parquet, Arrow) to the canonical edge table
    /// (source,target,weight,time) in CSV, TSV, Parquet or Arrow.
    Convert(convert::ConvertArgs),
    /// The whole method: leaders, chambers, groups, polarization, echo chambers, stability.
    Analyze(analyze::AnalyzeArgs),
    /// Bimodality statistics (Sarle, Hartigan's dip, mixture, KDE) of one numeric column, as JSON.
    Bimodality(bimodality::BimodalityArgs),
    /// Latent ideology per window: correspondence analysis of users × influencers retweets.
    Ideology(ideology::IdeologyArgs),
    /// Leaders, chambers and chamber overlaps per window.
    Overlap(overlap::OverlapArgs),
    /// Time the chamber kernels on a seeded generated graph (the reference graph of docs/BENCHMARKS.md by default).
    Bench(bench::BenchArgs),
}

/// Flags of `chambers generate`; defaults come from [`SynthParams::default`].
#[derive(clap::Args, Debug)]
struct GenerateArgs {
    /// Number of accounts.
    #[arg(long, default_value_t = SynthParams::default().users)]
    users: usize,
    /// Number of retweet events.
    #[arg(long, default_value_t = SynthParams::default().events)]
    edges: usize,
    /// Number of planted groups.
    #[arg(long, default_value_t = SynthParams::default().groups)]
    groups: usize,
    /// Relative group sizes, comma-separated (e.g. 0.7,0.3; default: equal groups).
    #[arg(long, value_delimiter = ',')]
    sizes: Vec<f64>,
    /// Number of weekly windows.
    #[arg(long, default_value_t = SynthParams::default().windows)]
    windows: usize,
    /// Probability that a retweet crosses to another group.
    #[arg(long, default_value_t = SynthParams::default().cross)]
    cross: f64,
    /// Zipf exponent of retweeting activity (lower: activity spread over more accounts).
    #[arg(long, default_value_t = SynthParams::default().activity_exponent)]
    activity: f64,
    /// Zipf exponent of popularity (higher: retweets concentrate on fewer accounts).
    #[arg(long, default_value_t = SynthParams::default().popularity_exponent)]
    popularity: f64,
    /// Fraction of the activity and popularity rankings reshuffled between windows.
    #[arg(long, default_value_t = SynthParams::default().churn)]
    churn: f64,
    /// Random seed.
    #[arg(long, default_value_t = SynthParams::default().seed)]
    seed: u64,
    /// Output CSV of events; the planted labels go beside it as FILE.labels.csv.
    #[arg(long)]
    out: PathBuf,
}

/// Parses the process arguments, runs the subcommand, and turns an error into one line on
/// stderr and a failing exit code.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chambers: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Whether the error is a closed stdout (`chambers stats … | head`), which is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to stdout; a closed pipe surfaces as an error that [`main`] treats as success.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    if let Some(threads) = cli.threads {
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("starting the thread pool")?;
    }
    match cli.command {
        Command::Stats(args) => stats::run(&args),
        Command::Generate(args) => run_generate(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Overlap(args) => overlap::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Bimodality(args) => bimodality::run(&args),
        Command::Ideology(args) => ideology::run(&args),
    }
}

/// `FILE.csv` → `FILE.labels.csv`.
fn labels_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    out.with_file_name(format!("{stem}.labels.csv"))
}

fn run_generate(args: &GenerateArgs) -> Result<()> {
    let params = SynthParams::default()
        .users(args.users)
        .events(args.edges)
        .groups(args.groups)
        .sizes(args.sizes.clone())
        .windows(args.windows)
        .cross(args.cross)
        .churn(args.churn)
        .activity_exponent(args.activity)
        .popularity_exponent(args.popularity)
        .seed(args.seed);
    let synthetic = generate(&params)?;
    let mut events = EdgeTableWriter::new(AtomicFile::create(&args.out)?)?;
    let (mut s, mut t) = (itoa_buf(), itoa_buf());
    for e in &synthetic.events {
        events.write(
            fmt_id(&mut s, e.source),
            fmt_id(&mut t, e.target),
            1,
            Some(e.time),
        )?;
    }
    let labels_out = labels_path(&args.out);
    let mut labels = AtomicFile::create(&labels_out)?;
    let write_labels = |f: &mut AtomicFile| -> std::io::Result<()> {
        writeln!(f, "user,group")?;
        for (u, g) in synthetic.groups.iter().enumerate() {
            writeln!(f, "{},{g}", u + 1)?;
        }
        Ok(())
    };
    write_labels(&mut labels).with_context(|| format!("{}: write failed", labels_out.display()))?;
    events.finish()?.commit()?;
    labels.commit()?;
    eprintln!(
        "wrote {} events to {} and {} labels to {}",
        synthetic.events.len(),
        args.out.display(),
        synthetic.groups.len(),
        labels_out.display()
    );
    Ok(())
}

fn itoa_buf() -> String {
    String::with_capacity(12)
}

/// External id of generated user index `u` (1-based decimal).
fn fmt_id(buf: &mut String, u: u32) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    write!(buf, "{}", u as u64 + 1).expect("writing to a String");
    buf
}
