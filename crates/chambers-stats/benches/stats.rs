//! Benchmarks: the dip of n = 1,000,000, a 10,000-replicate dip test for n = 1,000 (bimodal:
//! most simulated samples are skipped by the distance bound), and a 2,000-replicate test for
//! n = 6,000 of a smooth unimodal sample, whose small dip every simulated sample reaches, so each
//! one is walked (the pipeline's null sample at the 8 × 200 k weekly input).

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

/// A sum of four uniforms: smooth and unimodal, so its dip is far below a uniform sample's.
fn unimodal(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n)
        .map(|_| (0..4).map(|_| rng.random::<f64>()).sum())
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
    let smooth = unimodal(6_000, 3);
    let params = DipTestParams::default().replicates(2_000);
    group.bench_function("n=6000/unimodal/replicates=2000", |b| {
        b.iter(|| dip_test(&smooth, &params).unwrap())
    });
    group.finish();
}

criterion_group!(stats, benches);
criterion_main!(stats);
