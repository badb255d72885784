//! The chamber stage on the in-memory path and on the embedded DataFusion engine
//! (feature `datafusion`), over the same Parquet events in weekly windows: wall times and their
//! ratio, or one engine alone (for its peak memory under `/usr/bin/time -v`). Checks that both
//! give the same chamber counts when both run.
//!
//! ```text
//! cargo build --release -p chambers-examples --example scale_engines --features datafusion
//! target/release/examples/scale_engines both events.parquet
//! /usr/bin/time -v target/release/examples/scale_engines datafusion events/ 1073741824 /tmp/spill
//! # with --features ballista, on a running cluster (the spill folder holds the staged tables):
//! target/release/examples/scale_engines df://127.0.0.1:50050 events.parquet 0 /shared/staging
//! ```

use std::time::Instant;

use chambers::datafusion::{EngineParams, analyse_chambers as engine_chambers};
use chambers::graph::{DAY, WindowSpec};
use chambers::overlap::{ChamberParams, analyse_chambers};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(engine), Some(input)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: scale_engines memory|datafusion|both|df://HOST:PORT EVENTS [MEMORY_LIMIT_BYTES [SPILL_DIR [PARTITIONS [BATCH_ROWS]]]]"
        );
        std::process::exit(2);
    };
    let spec = WindowSpec::Fixed {
        start: None,
        length: 7 * DAY,
    };
    let params = ChamberParams::default();
    let engine_params = EngineParams::default()
        // 0: no limit.
        .memory_limit(
            args.get(2)
                .map(|s| s.parse())
                .transpose()?
                .filter(|&bytes: &usize| bytes > 0),
        )
        .spill_dir(args.get(3).map(Into::into))
        .partitions(args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(0))
        .batch_size(args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(8192));
    let mut memory_counts = None;
    let mut seconds = Vec::new();
    if engine == "memory" || engine == "both" {
        let started = Instant::now();
        let files: Vec<std::path::PathBuf> = if std::path::Path::new(input).is_dir() {
            let mut f: Vec<_> = std::fs::read_dir(input)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            f.sort();
            f
        } else {
            vec![input.into()]
        };
        let (windows, _) =
            chambers::prelude::read_windows(&files, spec, Default::default(), &Default::default())?;
        let analysis = analyse_chambers(&windows, &params, None)?;
        let s = started.elapsed().as_secs_f64();
        eprintln!("memory: {s:.2} s ({} windows)", windows.windows.len());
        seconds.push(s);
        memory_counts = Some(
            analysis
                .windows
                .iter()
                .map(|w| w.overlaps.clone())
                .collect::<Vec<_>>(),
        );
    }
    // With feature `ballista`, a scheduler's URL runs the plans on that cluster.
    #[cfg(feature = "ballista")]
    let engine_params = match engine.strip_prefix("df://") {
        Some(_) => engine_params.scheduler(Some(engine.clone())),
        None => engine_params,
    };
    if engine == "datafusion" || engine == "both" || engine.starts_with("df://") {
        let started = Instant::now();
        let c = engine_chambers(
            std::slice::from_ref(input),
            spec,
            Default::default(),
            &params,
            &engine_params,
        )?;
        let s = started.elapsed().as_secs_f64();
        eprintln!(
            "datafusion: {s:.2} s ({} windows, {} spill files)",
            c.windows.len(),
            c.spills
        );
        seconds.push(s);
        if let Some(m) = &memory_counts {
            let e: Vec<_> = c.windows.iter().map(|w| w.overlaps.clone()).collect();
            assert_eq!(m, &e, "the engines disagree");
            eprintln!(
                "equal chamber counts; datafusion / memory = {:.2}",
                seconds[1] / seconds[0]
            );
        }
    }
    Ok(())
}
