//! Peak memory of correspondence analysis on the benchmark matrix, against the size of the
//! sparse matrix itself: `cargo run --release -p chambers-examples --example ca_memory -- gram`
//! (or `lanczos`). Prints the matrix bytes, the resident memory before and the peak after
//! (Linux `/proc/self/status`), the time and the singular values.

#[path = "../../chambers-ideology/benches/synthetic/mod.rs"]
mod synthetic;

use chambers::ideology::{Method, SolverParams, correspondence_analysis};

/// A `/proc/self/status` field in MB (Linux only).
fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let method = match std::env::args().nth(1).as_deref() {
        Some("lanczos") => Method::Lanczos,
        _ => Method::Gram,
    };
    let a = synthetic::matrix(synthetic::USERS, synthetic::INFLUENCERS, 1);
    let before = status_mb("VmRSS:");
    let start = std::time::Instant::now();
    let ca = correspondence_analysis(&a, 2, &SolverParams::default().method(method))
        .expect("CA of the benchmark matrix");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{method:?}: {} × {}, {} non-zeros, matrix {:.1} MB; RSS before {:.1?} MB, peak {:.1?} MB; \
         {seconds:.3} s; σ = {:?}",
        a.n_rows(),
        a.n_cols(),
        a.nnz(),
        a.heap_bytes() as f64 / 1e6,
        before,
        status_mb("VmHWM:"),
        ca.singular_values,
    );
}
