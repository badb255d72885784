//! `chambers bench --tier`: the whole analysis on a seeded planted input of a named size,
//! generated in memory, with one thread and with all threads, as a table of phase times.

use std::time::Instant;

use anyhow::Result;
use chambers_echo::{Analysis, AnalysisParams, PhaseTimes};
use chambers_graph::{DAY, GroupId, SynthParams, WindowSpec, generate};

use crate::output::{OutDir, TableFormat};

/// Benchmark input sizes: weekly windows of planted two-group retweets (Zipf activity
/// exponent 0.5, so that the input is polarized and the timed run takes the paths real
/// polarized data takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tier {
    /// 50,000 accounts, 400,000 retweets in 8 weeks.
    Small,
    /// 200,000 accounts, 1,600,000 retweets in 8 weeks (200,000 a week).
    Medium,
    /// 4,000,000 accounts, 30,000,000 retweets in 40 weeks: the paper's scale.
    Paper,
    /// 8,000,000 accounts, 100,000,000 retweets in 40 weeks.
    Large,
}

impl Tier {
    /// The generator's parameters of the tier (seed 7).
    fn params(self) -> SynthParams {
        let (users, events, windows) = match self {
            Tier::Small => (50_000, 400_000, 8),
            Tier::Medium => (200_000, 1_600_000, 8),
            Tier::Paper => (4_000_000, 30_000_000, 40),
            Tier::Large => (8_000_000, 100_000_000, 40),
        };
        SynthParams::default()
            .users(users)
            .events(events)
            .windows(windows)
            .activity_exponent(0.5)
            .seed(7)
    }
}

/// Phase times of one run, in seconds.
struct Run {
    threads: usize,
    windows_s: f64,
    analysis_s: f64,
    phases: PhaseTimes,
    write_s: f64,
    peak_mb: f64,
}

impl Run {
    fn total(&self) -> f64 {
        self.windows_s + self.analysis_s + self.write_s
    }
}

/// The peak resident memory of the process so far, in MB (`getrusage`).
fn peak_mb() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage struct; RUSAGE_SELF is always valid.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0;
    if ok {
        usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
    } else {
        f64::NAN
    }
}

/// Generates the tier's input, runs windows → analysis → tables with 1 thread and with the
/// global pool's threads (once when that is 1), and prints the table.
pub fn run(tier: Tier) -> Result<()> {
    let params = tier.params();
    let t = Instant::now();
    let synthetic = generate(&params)?;
    let generate_s = t.elapsed().as_secs_f64();
    let rows = synthetic.events.len() as f64;
    let all = rayon::current_num_threads();
    let mut runs = Vec::new();
    for threads in if all > 1 { vec![1, all] } else { vec![1] } {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        runs.push(pool.install(|| one_run(&synthetic, threads))?);
    }
    println!(
        "tier {tier:?}: {} accounts, {} retweets, {} weeks (generated in {generate_s:.2} s)",
        params.users, params.events, params.windows
    );
    println!(
        "| threads | windows (s) | rows/s | analysis (s) | tables (s) | total (s) | peak MB so far |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in &runs {
        println!(
            "| {} | {:.2} | {:.2} M | {:.2} | {:.2} | {:.2} | {:.0} |",
            r.threads,
            r.windows_s,
            rows / r.windows_s / 1e6,
            r.analysis_s,
            r.write_s,
            r.total(),
            r.peak_mb
        );
    }
    println!();
    let head: Vec<String> = runs
        .iter()
        .map(|r| format!("{} thread(s) (s)", r.threads))
        .collect();
    println!("| analysis phase | {} |", head.join(" | "));
    println!("|---|{}", "---|".repeat(runs.len()));
    for (i, (name, _)) in PhaseTimes::default().phases().iter().enumerate() {
        let cells: Vec<String> = runs
            .iter()
            .map(|r| format!("{:.2}", r.phases.phases()[i].1))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    println!(
        "(per-window phases are summed over the windows; `_wall` and the others are wall time)"
    );
    if let [one, many] = &runs[..] {
        println!(
            "speedup 1 → {} threads: windows {:.2}×, analysis {:.2}×, tables {:.2}×, total {:.2}×",
            many.threads,
            one.windows_s / many.windows_s,
            one.analysis_s / many.analysis_s,
            one.write_s / many.write_s,
            one.total() / many.total()
        );
    }
    Ok(())
}

/// One timed run on the current thread pool.
fn one_run(synthetic: &chambers_graph::Synthetic, threads: usize) -> Result<Run> {
    let t = Instant::now();
    let windows = synthetic.windows(WindowSpec::Fixed {
        start: None,
        length: 7 * DAY,
    })?;
    let windows_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let report = Analysis::new(AnalysisParams::default()).run(&windows)?;
    let analysis_s = t.elapsed().as_secs_f64();
    let phases = report.timings;
    let t = Instant::now();
    let names = [GroupId::A.letter(), GroupId::B.letter()];
    let dir = std::env::temp_dir().join(format!("chambers-bench-{}", std::process::id()));
    let out = OutDir::create(&dir)?;
    out.tables(&report.tables(&windows, &names), TableFormat::Csv)?;
    drop(out); // not committed: the temporary folder is removed
    let write_s = t.elapsed().as_secs_f64();
    Ok(Run {
        threads,
        windows_s,
        analysis_s,
        phases,
        write_s,
        peak_mb: peak_mb(),
    })
}
