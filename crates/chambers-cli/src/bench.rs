//! `chambers bench`: timings of the kernels on the seeded reference graph of docs/BENCHMARKS.md.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chambers_graph::{
    GraphOptions, SynthParams, WindowSpec, WindowsBuilder, generate, top_by_impact,
};
use chambers_io::AtomicFile;
use chambers_overlap::{chambers, chambers_serial, pair_counts, pair_counts_serial};
use serde::Serialize;

/// Flags of `chambers bench`. Defaults are the reference graph of docs/BENCHMARKS.md: 1,000,000 users,
/// 5,000,000 retweets with Zipf-popular targets, 1,000 leaders.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Accounts in the generated graph.
    #[arg(long, default_value_t = 1_000_000)]
    users: usize,
    /// Retweet events in the generated graph.
    #[arg(long, default_value_t = 5_000_000)]
    edges: usize,
    /// Leaders: the top accounts by impact, also the exclusion set.
    #[arg(long, default_value_t = 1_000)]
    leaders: usize,
    /// Generator seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Repetitions of each timed kernel (the best is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Also time the serial twins (the single-thread baseline of the same run).
    #[arg(long)]
    serial: bool,
    /// Write the generated events (CSV) and the leader ids (FILE.leaders.txt) for peer tools.
    #[arg(long)]
    write_input: Option<PathBuf>,
    /// Instead of the kernels, time reading this edge file into one aggregated graph.
    #[arg(long)]
    ingest: Option<PathBuf>,
    /// Instead of the kernels, run the whole analysis on a generated input of this size with
    /// one thread and with --threads, and print the phase times.
    #[arg(long, value_enum, conflicts_with = "ingest")]
    tier: Option<crate::tier::Tier>,
}

#[derive(Serialize)]
struct IngestFigures {
    file: String,
    bytes: u64,
    rows: u64,
    threads: usize,
    seconds: f64,
    rows_per_second: f64,
    megabytes_per_second: f64,
    serial_seconds: f64,
    serial_rows_per_second: f64,
    speedup_over_serial: f64,
    /// Reading alone (rows handed to a sink that only counts them), parallel and streaming.
    read_only_seconds: f64,
    serial_read_only_seconds: f64,
    users: usize,
    aggregated_edges: usize,
    graph_bytes_per_edge: f64,
    interner_bytes: usize,
}

/// Times `read_windows` on one file into a single window (the CSV ingestion benchmark): the
/// parallel reader, then the streaming reader of the same run as the baseline, checking that
/// both build the same graph.
fn ingest(path: &PathBuf) -> Result<()> {
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("{}: cannot read", path.display()))?
        .len();
    let read = |serial: bool| -> Result<_> {
        let t = Instant::now();
        let (windows, report) = chambers_io::read_windows(
            &[path],
            WindowSpec::Single,
            GraphOptions::default(),
            &chambers_io::ReadOptions::default().serial(serial),
        )?;
        Ok((t.elapsed().as_secs_f64(), windows, report))
    };
    let read_only = |serial: bool| -> Result<f64> {
        let t = Instant::now();
        let mut rows = 0u64;
        let options = chambers_io::ReadOptions::default().serial(serial);
        chambers_io::read_edges(path, &options, |_| {
            rows += 1;
            Ok(())
        })?;
        std::hint::black_box(rows);
        Ok(t.elapsed().as_secs_f64())
    };
    let serial_read_only_seconds = read_only(true)?;
    let read_only_seconds = read_only(false)?;
    let (serial_seconds, serial_windows, serial_report) = read(true)?;
    let (seconds, windows, report) = read(false)?;
    let (ids, serial_ids) = (&windows.interner, &serial_windows.interner);
    let same_ids = ids.len() == serial_ids.len()
        && (0..ids.len() as u32).all(|u| {
            let u = chambers_graph::UserId(u);
            ids.external(u).cmp_bytes(&serial_ids.external(u)).is_eq()
        });
    anyhow::ensure!(
        report == serial_report && same_ids && windows.windows == serial_windows.windows,
        "the parallel reader disagrees with the streaming reader"
    );
    drop(serial_windows);
    let graph = &windows.windows[0].graph;
    let figures = IngestFigures {
        file: path.display().to_string(),
        bytes,
        rows: report.rows,
        threads: rayon::current_num_threads(),
        seconds,
        rows_per_second: report.rows as f64 / seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds,
        serial_seconds,
        serial_rows_per_second: report.rows as f64 / serial_seconds,
        speedup_over_serial: serial_seconds / seconds,
        read_only_seconds,
        serial_read_only_seconds,
        users: graph.n_users(),
        aggregated_edges: graph.n_edges(),
        graph_bytes_per_edge: graph.heap_bytes() as f64 / graph.n_edges().max(1) as f64,
        interner_bytes: windows.interner.heap_bytes(),
    };
    crate::output::print(&format!("{}\n", serde_json::to_string_pretty(&figures)?))
}

#[derive(Serialize)]
struct Figures {
    users: usize,
    events: usize,
    graph_users: usize,
    aggregated_edges: usize,
    leaders: usize,
    threads: usize,
    chamber_members: usize,
    mean_jaccard: f64,
    generate_s: f64,
    build_s: f64,
    k1_chambers_s: f64,
    k2_overlaps_s: f64,
    k1_serial_s: Option<f64>,
    k2_serial_s: Option<f64>,
    graph_bytes: usize,
    chamber_bytes: usize,
}

fn best<T>(repeat: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut out = None;
    let mut best = f64::INFINITY;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let value = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(value);
    }
    (best, out.expect("ran at least once"))
}

pub fn run(args: &BenchArgs) -> Result<()> {
    if let Some(path) = &args.ingest {
        return ingest(path);
    }
    if let Some(tier) = args.tier {
        return crate::tier::run(tier);
    }
    let params = SynthParams::default()
        .users(args.users)
        .events(args.edges)
        .windows(1)
        .seed(args.seed);
    let t = Instant::now();
    let synthetic = generate(&params)?;
    let generate_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut builder = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
    let mut name = String::new();
    let ids: Vec<_> = (0..args.users as u32)
        .map(|u| {
            name.clear();
            name.push_str(&(u as u64 + 1).to_string());
            builder.intern(&name)
        })
        .collect();
    for e in &synthetic.events {
        builder.push(ids[e.source as usize], ids[e.target as usize], 1, None)?;
    }
    let windows = builder.finish()?;
    let build_s = t.elapsed().as_secs_f64();
    let graph = &windows.windows[0].graph;

    let top = top_by_impact(graph, &windows.interner, args.leaders);
    let leaders: Vec<u32> = top
        .iter()
        .map(|r| graph.local(r.user).expect("ranked users are in the graph"))
        .collect();
    let mut excluded = leaders.clone();
    excluded.sort_unstable();

    if let Some(path) = &args.write_input {
        write_input(
            path,
            &synthetic.events,
            &top.iter()
                .map(|r| windows.interner.external(r.user).to_string())
                .collect::<Vec<_>>(),
        )?;
    }

    let (k1, family) = best(args.repeat, || chambers(graph, &leaders, &excluded));
    let (k2, counts) = best(args.repeat, || pair_counts(&family));
    let (k1_serial_s, k2_serial_s) = if args.serial {
        let (s1, serial_family) = best(args.repeat, || chambers_serial(graph, &leaders, &excluded));
        let (s2, serial_counts) = best(args.repeat, || pair_counts_serial(&serial_family));
        anyhow::ensure!(
            serial_family == family && serial_counts == counts,
            "serial twin disagrees"
        );
        (Some(s1), Some(s2))
    } else {
        (None, None)
    };
    let figures = Figures {
        users: args.users,
        events: args.edges,
        graph_users: graph.n_users(),
        aggregated_edges: graph.n_edges(),
        leaders: family.len(),
        threads: rayon::current_num_threads(),
        chamber_members: family.iter().map(<[u32]>::len).sum(),
        mean_jaccard: mean_jaccard(&counts),
        generate_s,
        build_s,
        k1_chambers_s: k1,
        k2_overlaps_s: k2,
        k1_serial_s,
        k2_serial_s,
        graph_bytes: graph.heap_bytes(),
        chamber_bytes: family.heap_bytes(),
    };
    crate::output::print(&format!("{}\n", serde_json::to_string_pretty(&figures)?))
}

/// Mean Jaccard index over ordered pairs of distinct leaders (a checksum for peer tools).
fn mean_jaccard(counts: &chambers_overlap::PairCounts) -> f64 {
    let k = counts.len();
    let sum: f64 = (0..k)
        .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| counts.jaccard(i, j))
        .sum();
    sum / (k * k.saturating_sub(1)).max(1) as f64
}

fn write_input(
    path: &PathBuf,
    events: &[chambers_graph::SynthEvent],
    leaders: &[String],
) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    writeln!(f, "source,target")?;
    for e in events {
        writeln!(f, "{},{}", e.source as u64 + 1, e.target as u64 + 1)?;
    }
    f.commit()?;
    let leaders_path = path.with_extension("leaders.txt");
    let mut l = AtomicFile::create(&leaders_path)?;
    for id in leaders {
        writeln!(l, "{id}")?;
    }
    l.commit()
        .with_context(|| format!("writing {}", leaders_path.display()))
}
