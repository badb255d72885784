//! The paper's one-window example (its Higgs-boson discussion: one window, 30 leaders, η = 0.2,
//! the second Laplacian eigenvector) on generated data: two planted groups in a single window.
//! Prints what the paper reports for that example: the leader split against the planted truth,
//! P with its shuffled baseline, the bimodality of the overlaps, the echo chambers and augmented
//! echo chambers with their coverage, and the agreement with latent ideology by the authors'
//! rule. The same analysis from the command line:
//!
//! ```sh
//! chambers generate --windows 1 --seed 7 --out higgs.csv
//! chambers analyze higgs.csv --leaders 30 --eta 0.2 --split laplacian --mode 2 --out higgs
//! ```
//!
//! ```sh
//! cargo run --release -p chambers-examples --example higgs_one_window            # seed 7
//! cargo run --release -p chambers-examples --example higgs_one_window -- 3       # another seed
//! ```

use chambers::echo::{EchoParams, Mode, Split};
use chambers::prelude::*;
use chambers_examples::PlantedTruth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed: u64 = match std::env::args().nth(1) {
        Some(s) => s.parse()?,
        None => 7,
    };
    let synthetic = generate(&SynthParams::default().windows(1).seed(seed))?;
    let windows = synthetic.windows(WindowSpec::Single)?;
    let params = AnalysisParams::default()
        .chambers(ChamberParams::default().leaders(LeaderParams::default().leaders(30)))
        .echo(EchoParams::default().eta(0.2))
        .split(Split::Laplacian)
        .mode(Mode::Fixed(2))
        .seed(seed);
    let report = Analysis::new(params).run(&windows)?;
    let right = PlantedTruth::new(&synthetic, &windows, &report)?.split_right;
    let w = &report.windows[0];
    let s = &report.summary;
    let fmt = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.3}"));
    println!(
        "seed {seed}: {} users, {} retweets, {} leaders ({} A, {} B), split {right}/{} as planted",
        w.users,
        w.retweets,
        report.leaders.len(),
        s.group_sizes[0],
        s.group_sizes[1],
        report.leaders.len()
    );
    println!(
        "P {} (shuffled {}, null {}); bimodality coefficient {}, dip {} (p {})",
        fmt(w.polarization),
        fmt(w.polarization_shuffled),
        fmt(w.polarization_null),
        fmt(s.bimodality_coefficient),
        fmt(s.dip),
        fmt(s.dip_p_value)
    );
    println!(
        "EC A {} B {}; AEC A {} B {} (both {}); coverage {} (paper's {})",
        w.ec[0],
        w.ec[1],
        w.aec[0],
        w.aec[1],
        w.aec_both,
        fmt(w.coverage),
        fmt(w.coverage_paper)
    );
    if let Some(i) = &w.ideology {
        println!(
            "latent ideology, authors' rule: accuracy {}, precision {}, recall {}, F1 {}{}; \
             one-side accuracy {}",
            fmt(i.accuracy),
            fmt(i.precision),
            fmt(i.recall),
            fmt(i.f1),
            if i.faulty { " (faulty)" } else { "" },
            fmt(i.one_side.accuracy)
        );
    }
    Ok(())
}
