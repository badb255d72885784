//! `chambers analyze --engine-only`: the analysis on the engine's tables, with no window's
//! graph in this machine's memory (`chambers_datafusion::ChamberEngine`). The result folder
//! holds the tables and report.json of `chambers analyze --table-format parquet` less what
//! needs the graphs; report.json names what it leaves out under `not_computed`.

use anyhow::{Result, bail};

use crate::analyze::AnalyzeArgs;

/// Runs `chambers analyze --engine-only`.
#[cfg(feature = "datafusion")]
pub fn run(args: &AnalyzeArgs) -> Result<()> {
    use std::time::Instant;

    use anyhow::Context;
    use chambers_datafusion::{ChamberEngine, EngineReport, UserTables};
    use chambers_graph::GraphOptions;

    use chambers_echo::{Analysis, Unlabelled};

    use crate::analyze::{print_summary, read_labels, warn_flags};
    use crate::args::read_id_list;
    use crate::engine::EngineRun;
    use crate::output::{OutDir, Progress, TableFormat, Timings};

    check(args)?;
    let mut timings = Timings::default();
    let params = args.params()?;
    let prepared = args.engine.prepare(&args.input)?;
    if let Some(report) = &prepared.report {
        crate::args::print_skips(report);
    }
    let scored = match &args.scored {
        Some(path) => Some(read_id_list(path, "list of accounts to score")?),
        None => None,
    };
    let out = OutDir::create(&args.out)?;
    // Errors name the inputs: the engine's own messages may not.
    let files: Vec<String> = args
        .input
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let engine = format!("{}: --engine {}", files.join(", "), args.engine.engine);
    let progress = Progress::start("the chamber stage on the engine");
    let t = Instant::now();
    let graph = GraphOptions::default().with_self_loops(args.input.keep_self_loops);
    let spec = args.input.spec()?;
    let stage = ChamberEngine::run(
        &prepared.paths,
        spec,
        graph,
        &params.chambers,
        &prepared.params,
    )
    .with_context(|| engine.clone())?;
    timings.add("chambers", t);
    let t = Instant::now();
    let record = stage.chambers();
    // Hand labels and the anchor name accounts; the engine's record knows the high-impact ones,
    // among them every leader.
    let mut analysis = Analysis::new(params.clone());
    let mut names = args.groups.clone();
    if let Some(path) = &args.labels {
        let (labels, label_names, _) = read_labels(path, &record.interner, &args.groups)?;
        names = label_names;
        let unlabelled = match args.labels_partial {
            true => Unlabelled::Unassigned,
            false => Unlabelled::Error,
        };
        analysis = analysis.with_labels(labels, unlabelled);
    }
    // As in memory, hand labels take the place of the split and its anchor.
    if let Some(anchor) = args.anchor.as_ref().filter(|_| args.labels.is_none()) {
        let Some(user) = record.interner.get(anchor) else {
            bail!("the anchor {anchor:?} is not a leader (in no window's high-impact accounts)");
        };
        analysis = analysis.with_anchor(user);
    }
    let split = record.polarization_of(&analysis)?;
    timings.add("groups", t);
    progress.phase("echo chambers and per-user tables on the engine");
    let t = Instant::now();
    let tables = UserTables::new(out.staging()).names(names.clone());
    let echo = stage
        .echo_to(
            &split.labels,
            split.groups,
            scored.as_deref(),
            &params,
            &tables,
        )
        .with_context(|| engine.clone())?;
    if let (Some(path), Some(listed)) = (&args.scored, &scored) {
        // Every listed account of the input is scored in the windows where it takes part.
        let seen: std::collections::HashSet<&str> = echo
            .windows
            .iter()
            .flat_map(|w| w.scored.iter().map(|s| s.account.as_str()))
            .collect();
        if let Some(absent) = listed.iter().find(|a| !seen.contains(a.as_str())) {
            bail!(
                "{}: account {absent:?} does not appear in the input",
                path.display()
            );
        }
    }
    timings.add("echo", t);
    progress.phase("writing the tables");
    let t = Instant::now();
    let report = stage
        .report(split, echo, &params)
        .with_context(|| engine.clone())?;
    out.tables(&report.tables(&stage, &names), TableFormat::Parquet)?;
    timings.add("write", t);
    let spills = stage.chambers().spills + report.spills;
    let input = EngineInput {
        files,
        rows_skipped: prepared.report.as_ref().map(|r| r.skipped),
        windows: report.windows.len(),
        retweets: report.windows.iter().map(|w| w.retweets).sum(),
    };
    let document = Document {
        report: &report,
        group_names: &names,
        input,
        engine: EngineRun::graph_free(&args.engine, spills),
        not_computed: &EngineReport::NOT_COMPUTED,
        timings_s: &timings,
    };
    let mut json = serde_json::to_value(&document)?;
    // What was not computed is named, not written as a default value.
    let computed = |fields: &mut serde_json::Value| {
        if let Some(fields) = fields.as_object_mut() {
            fields.retain(|name, _| !EngineReport::NOT_COMPUTED.contains(&name.as_str()));
        }
    };
    computed(&mut json["summary"]["sd"]);
    computed(&mut json["summary"]);
    out.json("report.json", &json)?;
    out.commit()?;
    drop(progress);
    warn_flags(&report.windows);
    print_summary(&report.summary, &names, &args.out);
    Ok(())
}

/// Without the engine in this build: the same checks, then the answer to the missing feature.
#[cfg(not(feature = "datafusion"))]
pub fn run(args: &AnalyzeArgs) -> Result<()> {
    check(args)?;
    bail!("--engine {}: {}", args.engine.engine, args.engine.missing())
}

/// The flags `--engine-only` does not take, each refused by name.
fn check(args: &AnalyzeArgs) -> Result<()> {
    let mut refused = Vec::new();
    if args.chambers.leader_file.is_some() || !args.chambers.leader_ids.is_empty() {
        refused.push("--leader-file/--leader-ids");
    }
    if args.html {
        refused.push("--html");
    }
    if args.input.window_per_file {
        refused.push("--window-per-file");
    }
    if !refused.is_empty() {
        bail!(
            "--engine-only does not take {} (run without --engine-only)",
            refused.join(", ")
        );
    }
    if args.table_format != crate::output::TableFormat::Parquet {
        bail!("--engine-only writes Parquet tables: add --table-format parquet");
    }
    Ok(())
}

/// What the input was, in report.json.
#[cfg(feature = "datafusion")]
#[derive(serde::Serialize)]
struct EngineInput {
    /// The inputs, as given.
    files: Vec<String>,
    /// Bad rows skipped by chambers' readers, for inputs converted for the engine.
    #[serde(skip_serializing_if = "Option::is_none")]
    rows_skipped: Option<u64>,
    /// Windows.
    windows: usize,
    /// Retweets (sum of weights) in all windows.
    retweets: u64,
}

/// report.json of `--engine-only`: the report (its summary first), then the run's context.
#[cfg(feature = "datafusion")]
#[derive(serde::Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    report: &'a chambers_datafusion::EngineReport,
    group_names: &'a [String],
    input: EngineInput,
    engine: crate::engine::EngineRun,
    /// The summary's fields that need the windows' graphs, left out.
    not_computed: &'a [&'a str],
    timings_s: &'a crate::output::Timings,
}
