//! The method without any window's graph on the driver: the chamber stage, the leaders'
//! groups, P(t), the echo chambers with the augmented classification and the per-user tables,
//! on the embedded DataFusion engine (feature `datafusion`) over Parquet events in weekly
//! windows. Prints each window's P(t) and coverage and each step's wall time; the per-user
//! tables (`echo_chambers.parquet`, `users.parquet`) go to OUT. Run it under
//! `/usr/bin/time -v` for the peak memory.
//!
//! ```text
//! cargo build --release -p chambers-examples --example engine_analysis --features datafusion
//! /usr/bin/time -v target/release/examples/engine_analysis events.parquet OUT [MEMORY_LIMIT_BYTES [SPILL_DIR]]
//! ```

use std::time::Instant;

use chambers::datafusion::{ChamberEngine, EngineParams, UserTables};
use chambers::echo::AnalysisParams;
use chambers::graph::{DAY, WindowSpec};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: engine_analysis EVENTS OUT [MEMORY_LIMIT_BYTES [SPILL_DIR]]");
        std::process::exit(2);
    };
    let spec = WindowSpec::Fixed {
        start: None,
        length: 7 * DAY,
    };
    let params = AnalysisParams::default();
    let engine = EngineParams::default()
        // 0: no limit.
        .memory_limit(
            args.get(2)
                .map(|s| s.parse())
                .transpose()?
                .filter(|&bytes: &usize| bytes > 0),
        )
        .spill_dir(args.get(3).map(Into::into));
    std::fs::create_dir_all(out)?;

    let started = Instant::now();
    let paths = std::slice::from_ref(input);
    let stage = ChamberEngine::run(paths, spec, Default::default(), &params.chambers, &engine)?;
    let chambers_s = started.elapsed().as_secs_f64();
    let record = stage.chambers();
    let split = record.polarization(&params)?;
    let groups_s = started.elapsed().as_secs_f64() - chambers_s;
    let tables = UserTables::new(out);
    let echo = stage.echo_to(&split.labels, split.groups, None, &params, &tables)?;
    let echo_s = started.elapsed().as_secs_f64() - chambers_s - groups_s;

    println!("window,active_leaders,polarization,polarization_shuffled,coverage,aec_both");
    for ((counts, p), e) in record.windows.iter().zip(&split.windows).zip(&echo.windows) {
        let cell = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
        println!(
            "{},{},{},{},{},{}",
            counts.window,
            counts.active.len(),
            cell(p.polarization),
            cell(p.polarization_shuffled),
            cell(e.coverage()),
            e.aec_both
        );
    }
    eprintln!(
        "{} windows, {} leaders: chamber stage {chambers_s:.2} s, groups and P(t) {groups_s:.3} s, \
         echo chambers and per-user tables {echo_s:.2} s; spill files {}",
        record.windows.len(),
        record.leaders.len(),
        record.spills + echo.spills
    );
    Ok(())
}
