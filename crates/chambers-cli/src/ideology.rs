//! `chambers ideology`: latent ideology (correspondence analysis of users × influencers) per
//! window.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chambers_graph::{Window, Windows};
use chambers_ideology::{
    Convergence, IdeologyCounts, IdeologyParams, LatentIdeology, Orientation, OrientedBy,
    ScoreScale, ideology_tables, latent_ideology,
};
use chambers_io::format_time;
use rayon::prelude::*;
use serde::Serialize;

use crate::args::InputArgs;
use crate::output::{OutDir, TableFormat};

/// Flags of `chambers ideology`; defaults come from [`IdeologyParams::default`].
#[derive(clap::Args, Debug)]
pub struct IdeologyArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Number of influencers: the accounts with the most distinct retweeters.
    #[arg(long, default_value_t = IdeologyParams::default().influencers)]
    influencers: usize,
    /// Users are accounts that retweeted at least this many distinct influencers.
    #[arg(long, default_value_t = IdeologyParams::default().min_influencers)]
    min_influencers: usize,
    /// Number of non-trivial dimensions to compute (the score uses the first).
    #[arg(long, default_value_t = IdeologyParams::default().dims)]
    dims: usize,
    /// Account whose side gets positive scores (default: the influencer farthest from the centre).
    #[arg(long)]
    anchor: Option<String>,
    /// Format of the result tables: csv, or parquet (typed columns; account ids stay text).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    table_format: TableFormat,
    /// Output folder for ideology.csv, influencers.csv and report.json (created if needed).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Serialize)]
struct Report<'a> {
    influencers: usize,
    min_influencers: usize,
    dims: usize,
    anchor: Option<&'a str>,
    windows: Vec<WindowReport>,
}

/// One window: its result summary, or why there is none.
#[derive(Serialize)]
struct WindowReport {
    window: usize,
    start: Option<String>,
    file: Option<String>,
    users: usize,
    error: Option<String>,
    singular_values: Vec<f64>,
    inertia_shares: Vec<f64>,
    total_inertia: Option<f64>,
    oriented_by: Option<OrientedBy>,
    scale: Option<ScoreScale>,
    convergence: Option<Convergence>,
    counts: Option<IdeologyCounts>,
}

fn fit(
    w: &Window,
    windows: &Windows,
    params: &IdeologyParams,
) -> (Option<LatentIdeology>, WindowReport) {
    let result = latent_ideology(&w.graph, &windows.interner, params);
    let li = result.as_ref().ok();
    let report = WindowReport {
        window: w.index,
        start: w.start.map(format_time),
        file: w.source_file.clone(),
        users: w.graph.n_users(),
        error: result.as_ref().err().map(ToString::to_string),
        singular_values: li.map_or_else(Vec::new, |l| l.singular_values.clone()),
        inertia_shares: li.map_or_else(Vec::new, |l| l.inertia_shares.clone()),
        total_inertia: li.map(|l| l.total_inertia),
        oriented_by: li.map(|l| l.oriented_by),
        scale: li.map(|l| l.scale),
        convergence: li.map(|l| l.convergence.clone()),
        counts: li.map(|l| l.counts),
    };
    (result.ok(), report)
}

pub fn run(args: &IdeologyArgs) -> Result<()> {
    let (windows, _) = args.input.load()?;
    let mut params = IdeologyParams::default()
        .influencers(args.influencers)
        .min_influencers(args.min_influencers)
        .dims(args.dims);
    if let Some(anchor) = &args.anchor {
        let Some(user) = windows.interner.get(anchor) else {
            bail!("--anchor {anchor:?} does not occur in the input");
        };
        params = params.orientation(Orientation::Anchor(user));
    }
    params.check()?;
    let fits: Vec<(Option<LatentIdeology>, WindowReport)> = windows
        .windows
        .par_iter()
        .map(|w| fit(w, &windows, &params))
        .collect();
    if fits.iter().all(|(li, _)| li.is_none()) {
        let first = fits.first().and_then(|(_, r)| r.error.clone());
        bail!(
            "latent ideology failed in every window{}",
            first.map_or_else(String::new, |e| format!(" (first: {e})"))
        );
    }
    let out = OutDir::create(&args.out)?;
    let fitted: Vec<(usize, &LatentIdeology)> = fits
        .iter()
        .filter_map(|(li, report)| Some((report.window, li.as_ref()?)))
        .collect();
    out.tables(
        &ideology_tables(&windows.interner, fitted, args.dims),
        args.table_format,
    )?;
    let report = Report {
        influencers: params.influencers,
        min_influencers: params.min_influencers,
        dims: params.dims,
        anchor: args.anchor.as_deref(),
        windows: fits.into_iter().map(|(_, r)| r).collect(),
    };
    out.json("report.json", &report)?;
    out.commit()?;
    let failed = report.windows.iter().filter(|w| w.error.is_some()).count();
    eprintln!(
        "wrote {} windows ({failed} without a result) to {}",
        report.windows.len(),
        args.out.display()
    );
    Ok(())
}
