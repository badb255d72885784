//! How well the method recovers planted groups: generates retweets with the default generator
//! settings (10,000 accounts, 50,000 retweets, 8 weeks, 2 groups) for each seed given, runs the
//! whole analysis with the paper's parameters, and prints the leader split, the users classified
//! to exactly one side and their accuracy against the planted labels.
//!
//! ```sh
//! cargo run --release -p chambers-examples --example planted_truth -- 1 2 3 4 5
//! cargo run --release -p chambers-examples --example planted_truth -- --cross 0.05 1 2 3
//! ```

use chambers::graph::DAY;
use chambers::prelude::*;
use chambers_examples::PlantedTruth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    let mut cross = SynthParams::default().cross;
    if args.peek().map(String::as_str) == Some("--cross") {
        args.next();
        cross = args.next().ok_or("--cross needs a value")?.parse()?;
    }
    let seeds: Vec<u64> = args.map(|s| s.parse()).collect::<Result<_, _>>()?;
    for seed in if seeds.is_empty() { vec![1] } else { seeds } {
        let synthetic = generate(&SynthParams::default().cross(cross).seed(seed))?;
        let spec = WindowSpec::Fixed {
            start: None,
            length: 7 * DAY,
        };
        let windows = synthetic.windows(spec)?;
        let report = Analysis::new(AnalysisParams::default().seed(seed)).run(&windows)?;
        let truth = PlantedTruth::new(&synthetic, &windows, &report)?;
        let split_right = truth.split_right;
        let (mut users, mut single, mut correct) = (0, 0, 0);
        for (t, echo) in report.echo.iter().enumerate() {
            users += echo.users;
            for (v, side) in echo.classified() {
                if side == Side::Both {
                    continue;
                }
                single += 1;
                let is_a = truth.group(windows.windows[t].graph.user(v))? == truth.a_side;
                correct += usize::from(is_a == (side == Side::A));
            }
        }
        let s = &report.summary;
        println!(
            "seed {seed}, cross {cross}: leader split {split_right}/{} right; one-side users {:.1} % of \
             users, accuracy {:.2} %; P {:.3} (shuffled {:.3}); controversy {:.3}",
            report.leaders.len(),
            100.0 * single as f64 / users as f64,
            100.0 * correct as f64 / single.max(1) as f64,
            s.polarization.unwrap_or(f64::NAN),
            s.polarization_shuffled.unwrap_or(f64::NAN),
            s.controversy,
        );
    }
    Ok(())
}
