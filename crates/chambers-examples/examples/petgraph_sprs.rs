//! A Rust pipeline that holds its retweet network as petgraph graphs and wants the chamber
//! matrices as sprs sparse matrices: one `petgraph::Graph<u32, u32>` per week (node weights
//! are account ids, edge weights retweet counts, an edge from the account that retweeted),
//! through `Analysis`, to the aggregate overlap matrix Q̄, each week's Q(t) and chamber
//! membership as `CsMat`.
//!
//! ```sh
//! cargo run --release -p chambers-examples --example petgraph_sprs --features interop
//! ```

use std::collections::HashMap;

use chambers::graph::petgraph::Graph;
use chambers::graph::petgraph::graph::NodeIndex;
use chambers::graph::{DAY, windows_from_petgraph};
use chambers::overlap::Measure;
use chambers::prelude::*;

fn main() -> Result<(), chambers::Error> {
    // Planted two-group retweets, as a pipeline might have collected them: one graph a week.
    let params = SynthParams::default()
        .users(3_000)
        .events(20_000)
        .windows(4);
    let synthetic = generate(&params)?;
    let mut weeks: Vec<Graph<u32, u32>> = (0..params.windows).map(|_| Graph::new()).collect();
    let mut nodes: Vec<HashMap<u32, NodeIndex>> = vec![HashMap::new(); params.windows];
    for e in &synthetic.events {
        let week = ((e.time - params.start) / (7 * DAY)) as usize;
        let (graph, index) = (&mut weeks[week], &mut nodes[week]);
        let mut node = |account: u32| {
            *index
                .entry(account)
                .or_insert_with(|| graph.add_node(account))
        };
        let (source, target) = (node(e.source), node(e.target));
        graph.add_edge(source, target, 1);
    }
    let windows = windows_from_petgraph(&weeks, GraphOptions::default())?;
    let report = Analysis::new(AnalysisParams::default()).run(&windows)?;
    println!(
        "{} weekly petgraph graphs, {} accounts: {} leaders",
        weeks.len(),
        windows.interner.len(),
        report.leaders.len()
    );

    // Q̄: rows and columns in leader-list order (report.leaders, by rank).
    let q = report.aggregate.to_csmat();
    let (rows, cols) = q.shape();
    println!(
        "aggregate overlap matrix: {rows} × {cols} CsMat<f64>, {} non-zeros, density {:.3}",
        q.nnz(),
        q.density()
    );
    let group = |i: usize| report.leaders[i].group;
    let (mut within, mut across) = (Vec::new(), Vec::new());
    for (&x, (i, j)) in q.iter() {
        if group(i).is_some() && group(j).is_some() {
            if group(i) == group(j) {
                &mut within
            } else {
                &mut across
            }
            .push(x);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "mean Q̄ within groups {:.3}, across groups {:.3}",
        mean(&within),
        mean(&across)
    );

    // Q(t) over each week's active leaders, and who is in which chamber (local user ids).
    for (wc, window) in report.chambers.windows.iter().zip(&windows.windows) {
        let overlap = wc.overlap_csmat(Measure::Jaccard);
        let membership = wc.membership_csmat(&window.graph);
        println!(
            "week {}: Q(t) over {} active leaders has {} non-zeros; chamber membership {:?} with {} entries",
            wc.window,
            overlap.rows(),
            overlap.nnz(),
            membership.shape(),
            membership.nnz()
        );
    }
    Ok(())
}
