//! Validation of the controversy score (docs/METHOD.md §12) on planted data: for each fraction
//! of retweets that cross between the planted sides, each size and each side ratio, generates
//! four weekly windows, runs the analysis with the paper's leader parameters (or `--leaders N`),
//! and prints one markdown row: the score, the mean modularity M of the windows' best bisections,
//! the mean randomised baseline M₀, the mean ceiling D of the observed splits, the share of
//! active leaders in the main component, and
//! P. The same on the labelled networks of `data/` follows.
//!
//! ```sh
//! cargo run --release -p chambers-examples --example controversy_validation
//! cargo run --release -p chambers-examples --example controversy_validation -- --leaders 100
//! ```

use chambers::graph::DAY;
use chambers::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut leaders = LeaderParams::default().leaders;
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--leaders" => leaders = args.next().ok_or("--leaders needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let chambers = ChamberParams::default().leaders(
        LeaderParams::default()
            .top_n(leaders.max(LeaderParams::default().top_n))
            .leaders(leaders),
    );
    let params = AnalysisParams::default()
        .chambers(chambers)
        .null_realisations(0)
        .dip_replicates(100)
        .ideology(None);
    println!("| cross | accounts / retweets | sides | controversy | M | M₀ | D | ‖L*‖/‖L‖ | P |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (users, events) in [(5_000, 25_000), (20_000, 100_000)] {
        for sizes in [[0.5, 0.5], [0.7, 0.3], [0.8, 0.2]] {
            for cross in [0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5] {
                let synthetic = generate(
                    &SynthParams::default()
                        .users(users)
                        .events(events)
                        .windows(4)
                        .sizes(sizes.to_vec())
                        .cross(cross)
                        .seed(7),
                )?;
                let spec = WindowSpec::Fixed {
                    start: None,
                    length: 7 * DAY,
                };
                let report = Analysis::new(params.clone()).run(&synthetic.windows(spec)?)?;
                row(
                    &format!("{cross}"),
                    &format!("{users} / {events}"),
                    &format!("{:.0}/{:.0}", sizes[0] * 100.0, sizes[1] * 100.0),
                    &report,
                );
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for (name, file, spec) in [
        (
            "sample_weekly",
            "sample_weekly.csv",
            WindowSpec::Fixed {
                start: None,
                length: 7 * DAY,
            },
        ),
        ("polblogs", "polblogs_edges.csv", WindowSpec::Single),
        ("karate", "karate_edges.csv", WindowSpec::Single),
    ] {
        let (windows, _) = read_windows(
            &[root.join(file)],
            spec,
            GraphOptions::default(),
            &ReadOptions::default(),
        )?;
        let report = Analysis::new(params.clone()).run(&windows)?;
        row("—", name, "labelled", &report);
    }
    Ok(())
}

fn row(cross: &str, size: &str, sides: &str, report: &Report) {
    let s = &report.summary;
    let show = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    let (main, active): (usize, usize) = report.windows.iter().fold((0, 0), |(m, a), w| {
        (m + w.controversy.main_component, a + w.controversy.leaders)
    });
    let ceilings: Vec<f64> = report
        .windows
        .iter()
        .filter_map(|w| w.controversy.ceiling)
        .collect();
    let ceiling =
        (!ceilings.is_empty()).then(|| ceilings.iter().sum::<f64>() / ceilings.len() as f64);
    let share = if active == 0 {
        None
    } else {
        Some(main as f64 / active as f64)
    };
    println!(
        "| {cross} | {size} | {sides} | {:.3} | {} | {} | {} | {} | {} |",
        s.controversy,
        show(s.controversy_modularity),
        show(s.controversy_baseline),
        show(ceiling),
        show(share),
        show(s.polarization),
    );
}
