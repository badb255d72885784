//! `chambers stats`: what an input holds.

use anyhow::Result;
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

/// The JSON and text form: window starts as RFC 3339.
fn summarise(s: chambers_io::EdgeSummary) -> Summary {
    Summary {
        users: s.users,
        rows: s.rows,
        retweets: s.retweets,
        edges: s.edges,
        self_loops_dropped: s.self_loops_dropped,
        windows: s
            .windows
            .into_iter()
            .map(|w| WindowSummary {
                window: w.window,
                start: w.start.map(format_time),
                file: w.file,
                users: w.users,
                retweets: w.retweets,
                edges: w.edges,
                top: w
                    .top
                    .into_iter()
                    .map(|t| Top {
                        account: t.account,
                        impact: t.impact,
                        retweeters: t.retweeters,
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn run(args: &StatsArgs) -> Result<()> {
    let summary = summarise(args.input.summarise(args.top)?);
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
