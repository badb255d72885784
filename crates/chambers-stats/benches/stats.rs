//! Benchmarks: the dip of n = 1,000,000 and a 10,000-replicate dip test for n = 1,000.

use chambers_stats::{DipTestParams, dip, dip_test};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

fn sample(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n)
        .map(|i| rng.random::<f64>() + if i % 3 == 0 { 2.0 } else { 0.0 })
        .collect()
}

fn benches(c: &mut Criterion) {
    let big = sample(1_000_000, 1);
    c.bench_function("dip/n=1000000", |b| b.iter(|| dip(&big).unwrap()));
    let small = sample(1_000, 2);
    let params = DipTestParams::default().replicates(10_000);
    let mut group = c.benchmark_group("dip_test");
    group.sample_size(10);
    group.bench_function("n=1000/replicates=10000", |b| {
        b.iter(|| dip_test(&small, &params).unwrap())
    });
    group.finish();
}

criterion_group!(stats, benches);
criterion_main!(stats);
