//! `chambers analyze`: the whole method, from retweets to echo chambers.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chambers_echo::{
    Analysis, AnalysisParams, EchoParams, Flag, GroupCount, LabelError, Mode, Report, ScoreRule,
    ShuffleScheme, Split, Summary, Unlabelled, WindowReport, check_group_names, hand_labels,
};
use chambers_graph::GroupId;
use serde::Serialize;

use crate::args::{ChamberArgs, InputArgs, read_id_list};
use crate::engine::{EngineArgs, EngineRun};
use crate::output::{OutDir, Progress, TableFormat, Timings, input_summary};
use crate::plots::PlotFormat;
use chambers_io::InputSummary;

/// Flags of `chambers analyze`; defaults come from [`AnalysisParams::default`].
#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
    #[command(flatten)]
    pub(crate) chambers: ChamberArgs,
    /// Stance threshold η of the augmented classification.
    #[arg(long, default_value_t = EchoParams::default().eta)]
    pub(crate) eta: f64,
    /// How high-impact accounts are scored: full (the paper) or exclusive (dense graphs).
    #[arg(long, default_value_t = EchoParams::default().score)]
    pub(crate) score: ScoreRule,
    /// How leaders are split: modularity (best bisection of the main component; leaders that
    /// overlap nobody are unassigned) or laplacian (the paper's, with --mode).
    #[arg(long, default_value_t = AnalysisParams::default().split)]
    pub(crate) split: Split,
    /// How many groups of leaders to find: 2 (the paper), a number K, or auto (as many as raise
    /// the modularity of the mean overlaps: recursive bisection).
    #[arg(long, default_value_t = AnalysisParams::default().group_count)]
    pub(crate) groups_k: GroupCount,
    /// Fixed-margins randomisations behind the controversy score's baseline (0: none).
    #[arg(long, default_value_t = AnalysisParams::default().controversy_realisations)]
    pub(crate) controversy_null: usize,
    /// Laplacian eigenvector that splits the leaders: auto (best modularity among 2..4) or N ≥ 2.
    #[arg(long, default_value_t = AnalysisParams::default().mode)]
    pub(crate) mode: Mode,
    /// An account whose side is group A.
    #[arg(long)]
    pub(crate) anchor: Option<String>,
    /// Names of the groups in the outputs: group A, group B (and C, … with --groups-k).
    #[arg(long, value_delimiter = ',', default_values_t = [GroupId::A.letter(), GroupId::B.letter()])]
    pub(crate) groups: Vec<String>,
    /// Hand labels of the leaders: a CSV with columns leader,group (two group names, free text;
    /// they name the groups in the outputs unless --groups names them). They replace the split.
    #[arg(long)]
    pub(crate) labels: Option<PathBuf>,
    /// With --labels: leave leaders without a label unassigned instead of stopping.
    #[arg(long, requires = "labels")]
    pub(crate) labels_partial: bool,
    /// The high-impact accounts to classify, one id per line (default: H(t) minus the leaders).
    #[arg(long)]
    pub(crate) scored: Option<PathBuf>,
    /// Label shuffles of the polarization baseline.
    #[arg(long, default_value_t = AnalysisParams::default().shuffles)]
    pub(crate) shuffles: usize,
    /// Which labels the shuffles permute: all (the authors': all leaders' labels, then the
    /// active ones read) or active (only the window's active leaders').
    #[arg(long, default_value_t = AnalysisParams::default().shuffle_scheme)]
    pub(crate) shuffle_scheme: ShuffleScheme,
    /// Configuration-model realisations of the null (0 skips it).
    #[arg(long, default_value_t = AnalysisParams::default().null_realisations)]
    pub(crate) null: usize,
    /// Monte-Carlo replicates of the dip test p-value.
    #[arg(long, default_value_t = AnalysisParams::default().dip_replicates)]
    pub(crate) dip_replicates: usize,
    /// Largest lag of the stability curves, in windows.
    #[arg(long, default_value_t = AnalysisParams::default().max_lag)]
    pub(crate) max_lag: usize,
    /// Seed of every random part.
    #[arg(long, default_value_t = AnalysisParams::default().seed)]
    pub(crate) seed: u64,
    /// Format of the result tables: csv, or parquet (typed columns; account ids stay text).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub(crate) table_format: TableFormat,
    /// Output folder (created if missing).
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Format of the figures: svg (vector) or png (bitmap, for slides).
    #[arg(long, value_enum, default_value_t = PlotFormat::Svg)]
    pub(crate) plot_format: PlotFormat,
    /// Write no figures.
    #[arg(long, conflicts_with = "plot_format")]
    pub(crate) no_plots: bool,
    /// Also write report.html: one self-contained page with the headline figures, the flags
    /// and the figures, to share the result.
    #[arg(long)]
    pub(crate) html: bool,
    /// With --engine datafusion or ballista://: run the analysis on the engine's tables, with
    /// no window's graph in this machine's memory, for archives whose graphs do not fit in it.
    /// What needs the graphs is left out: the configuration-model null, the sub-chamber
    /// control, the latent ideology, the audiences' overlaps and the figures (docs/SCALE.md).
    /// Tables are Parquet (--table-format parquet).
    #[arg(long)]
    pub(crate) engine_only: bool,
}

impl AnalyzeArgs {
    pub(crate) fn params(&self) -> Result<AnalysisParams> {
        check_group_names(&self.groups).map_err(|e| match e {
            LabelError::SameNames(name) => {
                anyhow::anyhow!("--groups takes different names, not {name:?} twice")
            }
            _ => anyhow::anyhow!(
                "--groups takes two or more names, as in --groups believers,skeptics (not empty, both or neutral)"
            ),
        })?;
        let params = AnalysisParams::default()
            .chambers(self.chambers.params()?)
            .echo(EchoParams::default().eta(self.eta).score(self.score))
            .split(self.split)
            .group_count(self.groups_k)
            .controversy_realisations(self.controversy_null)
            .mode(self.mode)
            .shuffles(self.shuffles)
            .shuffle_scheme(self.shuffle_scheme)
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
    /// The engine that read the input, when not the in-memory reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<EngineRun>,
    timings_s: &'a Timings,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    if args.engine_only {
        return crate::analyze_engine::run(args);
    }
    let mut timings = Timings::default();
    let params = args.params()?;
    let out = OutDir::create(&args.out)?;
    let progress = Progress::start(&format!(
        "reading {} input file(s)",
        args.input.inputs.len()
    ));
    let t = Instant::now();
    let (windows, read_report, engine) = args.engine.load(&args.input)?;
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
    let mut names = args.groups.clone();
    if let Some(path) = &args.labels {
        let (labels, label_names, absent) = read_labels(path, &windows.interner, &args.groups)?;
        if absent > 0 {
            eprintln!(
                "chambers: {}: {absent} labelled accounts do not appear in the input",
                path.display()
            );
        }
        names = label_names;
        let unlabelled = if args.labels_partial {
            Unlabelled::Unassigned
        } else {
            Unlabelled::Error
        };
        analysis = analysis.with_labels(labels, unlabelled);
    }
    if let Some(path) = &args.scored {
        let mut users = Vec::new();
        for id in read_id_list(path, "list of accounts to score")? {
            let Some(user) = windows.interner.get(&id) else {
                bail!(
                    "{}: account {id:?} does not appear in the input",
                    path.display()
                );
            };
            users.push(user);
        }
        analysis = analysis.with_scored(users);
    }
    let t = Instant::now();
    let report = analysis.run(&windows)?;
    timings.add("analysis", t);
    timings.analysis_phases(report.timings);
    progress.phase("writing the tables and figures");
    let t = Instant::now();
    out.tables(&report.tables(&windows, &names), args.table_format)?;
    let figures = if args.no_plots {
        Vec::new()
    } else {
        let inputs = crate::plots::Inputs {
            report: &report,
            names: &names,
            real: &report.chambers.pooled(report.parameters.measure),
            null: &report.null_overlaps,
        };
        crate::plots::write(&out, &inputs, args.plot_format)?
    };
    timings.add("write", t);
    let document = Document {
        group_names: &names,
        input: input_summary(&args.input, &windows, &read_report),
        engine,
        timings_s: &timings,
        report: &report,
    };
    out.json("report.json", &document)?;
    if args.html {
        out.text(
            "report.html",
            &crate::html::page(&serde_json::to_value(&document)?, &figures),
        )?;
    }
    out.commit()?;
    drop(progress);
    warn_flags(&report.windows);
    print_summary(&report.summary, &names, &args.out);
    Ok(())
}

/// The one line on stderr that closes a run: the headline figures and where the results are.
pub(crate) fn print_summary(s: &Summary, names: &[String], out: &std::path::Path) {
    let show = |x: Option<f64>| x.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"));
    let sizes: Vec<String> = s
        .group_sizes
        .iter()
        .enumerate()
        .map(|(g, n)| {
            let name = names
                .get(g)
                .cloned()
                .unwrap_or_else(|| GroupId::new(g).letter());
            format!("{n} {name}")
        })
        .collect();
    eprintln!(
        "{} windows, {} leaders ({}): polarization {} (shuffled {}), controversy {:.3}, coverage {}; results in {}",
        s.windows,
        s.leaders,
        sizes.join(", "),
        show(s.polarization),
        show(s.polarization_shuffled),
        s.controversy,
        show(s.coverage),
        out.display()
    );
}

/// One warning line on stderr for each kind of flag some windows carry, with what it means.
pub(crate) fn warn_flags(windows: &[WindowReport]) {
    let mut counts: Vec<(Flag, usize)> = Vec::new();
    for flag in windows.iter().flat_map(|w| &w.flags) {
        match counts.iter_mut().find(|(f, _)| f == flag) {
            Some((_, n)) => *n += 1,
            None => counts.push((*flag, 1)),
        }
    }
    for (flag, n) in counts {
        eprintln!(
            "chambers: warning: {n} of {} windows flagged {}: {}",
            windows.len(),
            flag.name(),
            flag.meaning()
        );
    }
}

/// Hand labels: each account with its group.
type Labels = Vec<(chambers_graph::UserId, GroupId)>;

/// Hand labels from a CSV with columns `leader,group`, the two group names they use
/// ([`hand_labels`]: by position in `--groups` when every name is one of those, else in order
/// of first appearance), and how many labelled accounts `interner` does not hold (ignored).
pub(crate) fn read_labels(
    path: &std::path::Path,
    interner: &chambers_graph::Interner,
    groups: &[String],
) -> Result<(Labels, Vec<String>, usize)> {
    let shown = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("{shown}: cannot read the labels"))?;
    let header = reader
        .headers()
        .with_context(|| format!("{shown}:1: cannot read the header"))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .with_context(|| {
                format!("{shown}:1: no column {name:?} (the labels need leader,group)")
            })
    };
    let (leader, group) = (column("leader")?, column("group")?);
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.with_context(|| format!("{shown}: malformed CSV"))?;
        let line = record.position().map_or(0, |p| p.line());
        let (Some(id), Some(name)) = (record.get(leader), record.get(group)) else {
            bail!("{shown}:{line}: expected the columns leader and group");
        };
        rows.push((id.to_owned(), name.to_owned()));
        lines.push(line);
    }
    let resolved = hand_labels(&rows, interner, groups).map_err(|e| match e {
        LabelError::Empty { row } | LabelError::Twice { row, .. } => {
            anyhow::anyhow!("{shown}:{}: {e}", lines[row])
        }
        LabelError::OtherGroups { labels, groups } => anyhow::anyhow!(
            "{shown}: the labels' groups ({}) are not those of --groups ({})",
            labels.join(", "),
            groups.join(", ")
        ),
        other => anyhow::anyhow!("{shown}: {other}"),
    })?;
    Ok((resolved.labels, resolved.names, resolved.absent))
}
