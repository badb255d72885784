//! `chambers stats`: what an input holds.

use anyhow::Result;
use chambers_graph::{Windows, high_impact};
use chambers_io::format_time;
use serde::Serialize;

use crate::args::InputArgs;
use crate::output::print;

/// Flags of `chambers stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// How many top accounts by impact to list per window.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Summary {
    users: usize,
    rows: u64,
    retweets: u64,
    edges: usize,
    self_loops_dropped: u64,
    windows: Vec<WindowSummary>,
}

#[derive(Serialize)]
struct WindowSummary {
    window: usize,
    start: Option<String>,
    file: Option<String>,
    users: usize,
    retweets: u64,
    edges: usize,
    top: Vec<Top>,
}

#[derive(Serialize)]
struct Top {
    account: String,
    impact: u64,
    retweeters: usize,
}

fn summarise(windows: &Windows, top: usize) -> Summary {
    let tops = high_impact(windows, top);
    let per_window: Vec<WindowSummary> = windows
        .windows
        .iter()
        .zip(tops)
        .map(|(w, top)| WindowSummary {
            window: w.index,
            start: w.start.map(format_time),
            file: w.source_file.clone(),
            users: w.graph.n_users(),
            retweets: w.graph.retweets(),
            edges: w.graph.n_edges(),
            top: top
                .iter()
                .map(|r| Top {
                    account: windows.interner.external(r.user).to_string(),
                    impact: r.impact,
                    retweeters: w
                        .graph
                        .local(r.user)
                        .map_or(0, |v| w.graph.retweeters(v).len()),
                })
                .collect(),
        })
        .collect();
    Summary {
        users: windows.interner.len(),
        rows: windows.rows(),
        retweets: per_window.iter().map(|w| w.retweets).sum(),
        edges: per_window.iter().map(|w| w.edges).sum(),
        self_loops_dropped: windows
            .windows
            .iter()
            .map(|w| w.graph.self_loops_dropped())
            .sum(),
        windows: per_window,
    }
}

pub fn run(args: &StatsArgs) -> Result<()> {
    let (windows, _) = args.input.load()?;
    let summary = summarise(&windows, args.top);
    if args.json {
        return print(&format!("{}\n", serde_json::to_string_pretty(&summary)?));
    }
    let mut text = format!(
        "{} users, {} rows, {} retweets, {} aggregated edges, {} windows ({} self-retweets dropped)\n",
        summary.users,
        summary.rows,
        summary.retweets,
        summary.edges,
        summary.windows.len(),
        summary.self_loops_dropped
    );
    for w in &summary.windows {
        let label = w.start.as_deref().or(w.file.as_deref()).unwrap_or("all");
        text += &format!(
            "\nwindow {} ({label}): {} users, {} retweets, {} edges\n",
            w.window, w.users, w.retweets, w.edges
        );
        if !w.top.is_empty() {
            text += &format!(
                "  {:>4}  {:<24} {:>10} {:>10}\n",
                "rank", "account", "impact", "retweeters"
            );
        }
        for (i, t) in w.top.iter().enumerate() {
            text += &format!(
                "  {:>4}  {:<24} {:>10} {:>10}\n",
                i + 1,
                t.account,
                t.impact,
                t.retweeters
            );
        }
    }
    print(&text)
}
