//! Benchmark: correspondence analysis (2 dimensions) of a seeded 418,907 × 1,000 sparse matrix
//! with about 1.36 M non-zeros (docs/BENCHMARKS.md's CA kernel; target ≤ 1.0 s on 2 cores), by the Gram
//! path and by Lanczos, after printing their agreement.

mod synthetic;

use chambers_ideology::{Method, SolverParams, correspondence_analysis};
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let a = synthetic::matrix(synthetic::USERS, synthetic::INFLUENCERS, 1);
    let id = format!("{}x{}/nnz={}/dims=2", a.n_rows(), a.n_cols(), a.nnz());
    let gram = SolverParams::default().method(Method::Gram);
    let lanczos = SolverParams::default().method(Method::Lanczos);
    let g = correspondence_analysis(&a, 2, &gram).expect("Gram CA");
    let l = correspondence_analysis(&a, 2, &lanczos).expect("Lanczos CA");
    let gap = g
        .singular_values
        .iter()
        .zip(&l.singular_values)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    eprintln!(
        "{id}: matrix {:.1} MB; σ Gram {:?}, Lanczos {:?} (max |Δσ| {gap:.1e}); \
         Lanczos {} products, {} restarts, residuals {:?}",
        a.heap_bytes() as f64 / 1e6,
        g.singular_values,
        l.singular_values,
        l.convergence.iterations,
        l.convergence.restarts,
        l.convergence.residuals,
    );
    let mut group = c.benchmark_group("ca");
    group.sample_size(10);
    group.bench_function(format!("gram/{id}"), |b| {
        b.iter(|| correspondence_analysis(&a, 2, &gram).expect("Gram CA"))
    });
    group.bench_function(format!("lanczos/{id}"), |b| {
        b.iter(|| correspondence_analysis(&a, 2, &lanczos).expect("Lanczos CA"))
    });
    group.finish();
}

criterion_group!(ideology, benches);
criterion_main!(ideology);
