//! `chambers analyze`: the whole method, from retweets to echo chambers.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use chambers_echo::{Analysis, AnalysisParams, EchoParams, Mode, Report, ScoreRule, Side};
use chambers_graph::Windows;
use chambers_io::format_time;
use serde::Serialize;

use crate::input::InputArgs;
use crate::output::{OutDir, Progress, Timings};
use crate::overlap::{ChamberArgs, InputSummary, write_chamber_tables};

/// Flags of `chambers analyze`; defaults come from [`AnalysisParams::default`].
#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    chambers: ChamberArgs,
    /// Stance threshold η of the augmented classification.
    #[arg(long, default_value_t = EchoParams::default().eta)]
    eta: f64,
    /// How high-impact accounts are scored: full (the paper) or exclusive (dense graphs).
    #[arg(long, default_value = "full")]
    score: ScoreRule,
    /// Laplacian eigenvector that splits the leaders: auto (best modularity among 2..4) or N ≥ 2.
    #[arg(long, default_value = "auto")]
    mode: Mode,
    /// An account whose side is group A.
    #[arg(long)]
    anchor: Option<String>,
    /// Names of group A and group B in the outputs.
    #[arg(long, value_delimiter = ',', default_values_t = ["A".to_string(), "B".to_string()])]
    groups: Vec<String>,
    /// Label shuffles of the polarization baseline.
    #[arg(long, default_value_t = AnalysisParams::default().shuffles)]
    shuffles: usize,
    /// Configuration-model realisations of the null (0 skips it).
    #[arg(long, default_value_t = AnalysisParams::default().null_realisations)]
    null: usize,
    /// Monte-Carlo replicates of the dip test p-value.
    #[arg(long, default_value_t = AnalysisParams::default().dip_replicates)]
    dip_replicates: usize,
    /// Largest lag of the stability curves, in windows.
    #[arg(long, default_value_t = AnalysisParams::default().max_lag)]
    max_lag: usize,
    /// Seed of every random part.
    #[arg(long, default_value_t = AnalysisParams::default().seed)]
    seed: u64,
    /// Output folder (created if missing).
    #[arg(long)]
    out: PathBuf,
}

impl AnalyzeArgs {
    fn params(&self) -> Result<AnalysisParams> {
        if self.groups.len() != 2
            || self
                .groups
                .iter()
                .any(|g| g.is_empty() || g == "both" || g == "neutral")
        {
            bail!(
                "--groups takes two names, as in --groups believers,skeptics (not empty, both or neutral)"
            );
        }
        let params = AnalysisParams::default()
            .chambers(self.chambers.params()?)
            .echo(EchoParams::default().eta(self.eta).score(self.score))
            .mode(self.mode)
            .shuffles(self.shuffles)
            .null_realisations(self.null)
            .dip_replicates(self.dip_replicates)
            .max_lag(self.max_lag)
            .seed(self.seed);
        params.check()?;
        Ok(params)
    }
}

/// report.json: the report (its summary first), then the run's context.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    report: &'a Report,
    group_names: &'a [String],
    input: InputSummary,
    timings_s: &'a Timings,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let mut timings = Timings::default();
    let params = args.params()?;
    let out = OutDir::create(&args.out)?;
    let progress = Progress::start(&format!(
        "reading {} input file(s)",
        args.input.inputs.len()
    ));
    let t = Instant::now();
    let (windows, read_report) = args.input.load()?;
    timings.add("read", t);
    progress.phase(&format!("analysing {} window(s)", windows.windows.len()));
    let mut analysis = Analysis::new(params);
    if let Some(leaders) = args.chambers.explicit(&windows)? {
        analysis = analysis.with_leaders(leaders);
    }
    if let Some(anchor) = &args.anchor {
        let Some(user) = windows.interner.get(anchor) else {
            bail!("the anchor {anchor:?} does not appear in the input");
        };
        analysis = analysis.with_anchor(user);
    }
    let t = Instant::now();
    let report = analysis.run(&windows)?;
    timings.add("analysis", t);
    progress.phase("writing the tables and figures");
    let t = Instant::now();
    write_tables(&out, &windows, &report, &args.groups)?;
    crate::plots::write(
        &out,
        &report,
        &report.chambers.pooled(report.parameters.measure),
        &report.null_overlaps,
    )?;
    timings.add("write", t);
    let document = Document {
        group_names: &args.groups,
        input: InputSummary::new(&args.input, &windows, &read_report),
        timings_s: &timings,
        report: &report,
    };
    out.json("report.json", &document)?;
    drop(progress);
    let s = &report.summary;
    let show = |x: Option<f64>| x.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"));
    eprintln!(
        "{} windows, {} leaders ({} {}, {} {}): polarization {} (shuffled {}), controversy {:.3}, coverage {}; results in {}",
        s.windows,
        s.leaders,
        s.group_sizes[0],
        args.groups[0],
        s.group_sizes[1],
        args.groups[1],
        show(s.polarization),
        show(s.polarization_shuffled),
        s.controversy,
        show(s.coverage),
        args.out.display()
    );
    Ok(())
}

fn side_name(side: Side, names: &[String]) -> &str {
    match side {
        Side::A => &names[0],
        Side::B => &names[1],
        Side::Both => "both",
        Side::Neutral => "neutral",
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn write_tables(out: &OutDir, windows: &Windows, report: &Report, names: &[String]) -> Result<()> {
    let name = |u| windows.interner.external(u).to_string();
    let groups: Vec<[String; 2]> = report
        .leaders
        .iter()
        .map(|l| {
            [
                l.group.map(|g| names[g].clone()).unwrap_or_default(),
                opt(l.eigenvector),
            ]
        })
        .collect();
    write_chamber_tables(out, windows, &report.chambers, Some(&groups))?;
    out.csv(
        "windows.csv",
        &[
            "window",
            "start",
            "users",
            "retweets",
            "active_leaders",
            "polarization",
            "polarization_adaptive",
            "polarization_shuffled",
            "polarization_null",
            "modularity",
            "modularity_null",
            "ec_a",
            "ec_b",
            "aec_a",
            "aec_b",
            "aec_both",
            "coverage",
            "coverage_union",
            "flags",
        ],
        |w| {
            for r in &report.windows {
                let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
                w.write_record([
                    r.window.to_string(),
                    r.start.map(format_time).unwrap_or_default(),
                    r.users.to_string(),
                    r.retweets.to_string(),
                    (r.active[0] + r.active[1]).to_string(),
                    opt(r.polarization),
                    opt(r.polarization_adaptive),
                    opt(r.polarization_shuffled),
                    opt(r.polarization_null),
                    opt(r.modularity),
                    opt(r.modularity_null),
                    r.ec[0].to_string(),
                    r.ec[1].to_string(),
                    r.aec[0].to_string(),
                    r.aec[1].to_string(),
                    r.aec_both.to_string(),
                    opt(r.coverage),
                    opt(r.coverage_union),
                    flags.join(";"),
                ])?;
            }
            Ok(())
        },
    )?;
    let k = report.aggregate.leaders;
    out.csv(
        "aggregate_overlap.csv",
        &["leader_a", "leader_b", "mean_overlap", "coactive_windows"],
        |w| {
            for i in 0..k {
                for j in i + 1..k {
                    w.write_record([
                        name(report.leaders[i].user),
                        name(report.leaders[j].user),
                        report.aggregate.mean[i * k + j].to_string(),
                        report.aggregate.coactive[i * k + j].to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    out.csv(
        "high_impact.csv",
        &["window", "account", "impact", "n_a", "n_b", "score", "side"],
        |w| {
            for (t, echo) in report.echo.iter().enumerate() {
                let graph = &windows.windows[t].graph;
                for s in &echo.scored {
                    w.write_record([
                        t.to_string(),
                        name(graph.user(s.account)),
                        graph.impact(s.account).to_string(),
                        s.n_a.to_string(),
                        s.n_b.to_string(),
                        s.score.to_string(),
                        side_name(s.side, names).to_owned(),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    out.csv("users.csv", &["window", "user", "side"], |w| {
        for (t, echo) in report.echo.iter().enumerate() {
            let graph = &windows.windows[t].graph;
            for (v, side) in echo.classified() {
                w.write_record([
                    t.to_string(),
                    name(graph.user(v)),
                    side_name(side, names).to_owned(),
                ])?;
            }
        }
        Ok(())
    })?;
    let fitted: Vec<(usize, &chambers_ideology::LatentIdeology)> = report
        .ideology
        .iter()
        .enumerate()
        .filter_map(|(t, f)| Some((t, f.as_ref()?)))
        .collect();
    let dims = fitted
        .iter()
        .map(|(_, f)| f.singular_values.len())
        .max()
        .unwrap_or(1);
    crate::ideology::write_tables(out, windows, &fitted, dims)?;
    out.csv(
        "stability.csv",
        &["set", "lag", "pairs", "median", "q1", "q3"],
        |w| {
            let s = &report.stability;
            let sets = [
                (format!("ec_{}", names[0]), &s.ec[0]),
                (format!("ec_{}", names[1]), &s.ec[1]),
                (format!("aec_{}", names[0]), &s.aec[0]),
                (format!("aec_{}", names[1]), &s.aec[1]),
                ("leader_chambers".to_owned(), &s.chambers),
            ];
            for (set, curve) in sets {
                for l in curve {
                    w.write_record([
                        set.clone(),
                        l.lag.to_string(),
                        l.pairs.to_string(),
                        opt(l.median),
                        opt(l.q1),
                        opt(l.q3),
                    ])?;
                }
            }
            Ok(())
        },
    )
}
