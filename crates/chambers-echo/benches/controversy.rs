//! Benchmark: the controversy score of one window (METHOD.md §12) — the bisection of Q(t) and
//! its 20 fixed-margins randomisations — at 50 and at 1,000 leaders, on one seeded generated
//! week of 100,000 accounts and 300,000 retweets. Prints the window's figures and the time of
//! one call first.

use chambers_echo::window_controversy;
use chambers_graph::{LeaderParams, SynthParams, WindowSpec, WindowsBuilder, generate};
use chambers_overlap::{ChamberParams, Measure, analyse_chambers};
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let synthetic = generate(
        &SynthParams::default()
            .users(100_000)
            .events(300_000)
            .windows(1)
            .cross(0.03)
            .seed(2026),
    )
    .expect("generator parameters");
    let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    for e in &synthetic.events {
        b.push_external(&e.source.to_string(), &e.target.to_string(), 1, None)
            .expect("one window");
    }
    let windows = b.finish().expect("a graph");
    let mut group = c.benchmark_group("controversy");
    group.sample_size(10);
    for leaders in [50, 1000] {
        let params = ChamberParams::default()
            .leaders(LeaderParams::default().top_n(leaders).leaders(leaders));
        let analysis = analyse_chambers(&windows, &params, None).expect("chambers");
        let wc = &analysis.windows[0];
        let q = wc.matrix(Measure::Jaccard);
        let start = std::time::Instant::now();
        let figures = window_controversy(wc, &q, Measure::Jaccard, 20, 1);
        let once = start.elapsed().as_secs_f64();
        let id = format!("leaders={leaders}/realisations=20");
        let members: usize = wc.chambers.iter().map(<[u32]>::len).sum();
        eprintln!("{id}: one call {once:.3} s; {figures:?}; chamber members {members}");
        group.bench_function(id, |b| {
            b.iter(|| window_controversy(wc, &q, Measure::Jaccard, 20, 1))
        });
    }
    group.finish();
}

criterion_group!(controversy, benches);
criterion_main!(controversy);
