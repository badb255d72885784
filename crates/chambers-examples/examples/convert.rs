//! Converts edge files of any supported format to the canonical edge table, streaming; the
//! output format comes from its extension. Used to measure peak memory of a large conversion:
//!
//! ```text
//! cargo build --release -p chambers-examples --example convert
//! /usr/bin/time -v target/release/examples/convert edges.csv edges.parquet
//! ```

use chambers::io::{ReadOptions, convert_edges};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.pop().filter(|_| !args.is_empty()) else {
        eprintln!("usage: convert INPUT... OUTPUT.{{csv,tsv,parquet,arrow}}");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let report = convert_edges(&args, &out, None, &ReadOptions::default())?;
    eprintln!(
        "wrote {} rows to {out} in {:.2} s",
        report.rows,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
