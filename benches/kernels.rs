//! Criterion benches of the chamber kernels on the seeded reference graph of docs/BENCHMARKS.md
//! (1,000,000 users, 5,000,000 retweets with Zipf-popular targets, 1,000 leaders). The same
//! graph, with a baseline (the serial twins) measured in the same run, comes from
//! `chambers bench --serial`; `benches/peers/overlap_scipy.py` times scipy on it.

use chambers::graph::{SynthParams, WindowSpec, generate, top_by_impact};
use chambers::overlap::{chambers, chambers_serial, pair_counts, pair_counts_serial};
use criterion::{Criterion, criterion_group, criterion_main};

const USERS: usize = 1_000_000;
const EVENTS: usize = 5_000_000;
const LEADERS: usize = 1_000;

fn kernels(c: &mut Criterion) {
    let synthetic = generate(
        &SynthParams::default()
            .users(USERS)
            .events(EVENTS)
            .windows(1)
            .seed(2026),
    )
    .unwrap();
    let windows = synthetic.windows(WindowSpec::Single).unwrap();
    let graph = &windows.windows[0].graph;
    let top = top_by_impact(graph, &windows.interner, LEADERS);
    let leaders: Vec<u32> = top.iter().map(|r| graph.local(r.user).unwrap()).collect();
    let mut excluded = leaders.clone();
    excluded.sort_unstable();
    let family = chambers(graph, &leaders, &excluded);
    let id = format!("users={USERS},edges={EVENTS},leaders={LEADERS}");

    let mut group = c.benchmark_group("chambers");
    group.sample_size(10);
    group.bench_function(format!("k1_parallel/{id}"), |b| {
        b.iter(|| chambers(graph, &leaders, &excluded))
    });
    group.bench_function(format!("k1_serial/{id}"), |b| {
        b.iter(|| chambers_serial(graph, &leaders, &excluded))
    });
    group.bench_function(format!("k2_parallel/{id}"), |b| {
        b.iter(|| pair_counts(&family))
    });
    group.bench_function(format!("k2_serial/{id}"), |b| {
        b.iter(|| pair_counts_serial(&family))
    });
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
