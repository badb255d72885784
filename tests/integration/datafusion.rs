//! The DataFusion engine (feature `datafusion`) against the in-memory path: the chamber stage
//! (every H(t), leader, audience size, chamber size, pair count and Q(t) equal), and the whole
//! result folder of `chambers analyze --engine datafusion` equal to `--engine memory`'s.

use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use chambers::datafusion::{
    EngineChambers, EngineParams, UserTables, analyse_chambers as engine_chambers, load_windows,
};
use chambers::graph::{DAY, GraphOptions, SynthParams, WindowSpec, Windows, generate};
use chambers::io::{EdgeFileWriter, EdgeWrite, convert_edges};
use chambers::overlap::{ChamberAnalysis, ChamberParams, Exclusion, Measure, analyse_chambers};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::{chambers, data, read, stderr};

/// Weekly windows from the first retweet's midnight, as the in-memory reads use.
pub(crate) const WEEKS: WindowSpec = WindowSpec::Fixed {
    start: None,
    length: 7 * DAY,
};

/// data/sample_weekly.csv converted to `dir/sample.parquet`, the engines' common fixture.
pub(crate) fn sample_parquet(dir: &Path) -> PathBuf {
    let parquet = dir.join("sample.parquet");
    convert_edges(
        &[data("sample_weekly.csv")],
        &parquet,
        None,
        &Default::default(),
    )
    .unwrap();
    parquet
}

/// Asserts that the engine's chamber stage equals the in-memory one, number by number.
pub(crate) fn assert_equal(windows: &Windows, memory: &ChamberAnalysis, engine: &EngineChambers) {
    let name = |u| windows.interner.external(u).to_string();
    let engine_name = |u| engine.interner.external(u).to_string();
    assert_eq!(memory.high_impact.len(), engine.high_impact.len());
    for (m, e) in memory.high_impact.iter().zip(&engine.high_impact) {
        let m: Vec<_> = m.iter().map(|r| (name(r.user), r.impact)).collect();
        let e: Vec<_> = e.iter().map(|r| (engine_name(r.user), r.impact)).collect();
        assert_eq!(m, e);
    }
    let leaders = |l: &[chambers::graph::Leader], name: &dyn Fn(_) -> String| {
        l.iter()
            .map(|l| {
                (
                    name(l.user),
                    l.rank,
                    l.persistence,
                    l.first_window,
                    l.first_rank,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        leaders(&memory.leaders, &name),
        leaders(&engine.leaders, &engine_name)
    );
    assert_eq!(memory.windows.len(), engine.windows.len());
    for (m, e) in memory.windows.iter().zip(&engine.windows) {
        assert_eq!((m.window, &m.active), (e.window, &e.active));
        let audiences: Vec<u32> = (0..m.active.len())
            .map(|a| m.audiences.size(a) as u32)
            .collect();
        assert_eq!(audiences, e.audience_sizes, "window {}", m.window);
        assert_eq!(m.overlaps, e.overlaps, "window {}", m.window);
        for measure in [Measure::Jaccard, Measure::OverlapCoefficient] {
            let (qm, qe) = (m.matrix(measure), e.overlaps.matrix(measure));
            assert!(qm.iter().zip(&qe).all(|(a, b)| (a - b).abs() <= 1e-12));
        }
    }
}

/// Flags that keep a debug-build analysis short, the same for every engine: few null
/// realisations, shuffles and dip replicates, no figures.
const QUICK: &[&str] = &[
    "--window",
    "7d",
    "--no-plots",
    "--null",
    "2",
    "--controversy-null",
    "2",
    "--dip-replicates",
    "20",
    "--shuffles",
    "5",
];

/// Runs `chambers analyze INPUTS QUICK EXTRA --out OUT` and returns its report.json.
pub(crate) fn analyze(inputs: &[String], extra: &[&str], out: &Path) -> serde_json::Value {
    analyze_with(inputs, QUICK, extra, out)
}

/// Runs `chambers analyze INPUTS FLAGS EXTRA --out OUT` and returns its report.json.
fn analyze_with(
    inputs: &[String],
    flags: &[&str],
    extra: &[&str],
    out: &Path,
) -> serde_json::Value {
    let mut args = vec!["analyze"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(flags);
    args.extend(extra);
    let out_text = out.to_string_lossy();
    args.extend(["--out", &out_text]);
    let o = chambers(&args);
    assert!(o.status.success(), "chambers {args:?}: {}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

/// Whether two values are equal, numbers to 1e-12.
fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= 1e-12
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}

/// Asserts that two result folders of `chambers analyze` hold the same files, every table
/// equal cell by cell (numbers to 1e-12), and report.json equal but for the run's context: its
/// timings, the engine and the input names.
pub(crate) fn assert_same_results(memory: &Path, engine: &Path) {
    let names = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = names(memory);
    assert_eq!(files, names(engine));
    assert!(files.len() > 10, "{files:?}");
    for name in files.iter().filter(|n| n.ends_with(".csv")) {
        let (m, e) = (
            std::fs::read_to_string(memory.join(name)).unwrap(),
            std::fs::read_to_string(engine.join(name)).unwrap(),
        );
        assert_eq!(m.lines().count(), e.lines().count(), "{name}");
        for (line, (m, e)) in m.lines().zip(e.lines()).enumerate() {
            let equal = m.split(',').zip(e.split(',')).all(|(m, e)| {
                m == e
                    || matches!((m.parse::<f64>(), e.parse::<f64>()), (Ok(m), Ok(e)) if (m - e).abs() <= 1e-12)
            });
            assert!(equal, "{name}:{}: {m:?} against {e:?}", line + 1);
        }
    }
    let report = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join("report.json")).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("timings_s");
        o.remove("engine");
        o["input"].as_object_mut().unwrap().remove("files");
        v
    };
    let (m, e) = (report(memory), report(engine));
    assert!(close(&m, &e), "report.json differs");
}

/// Runs `chambers analyze` on `memory_inputs` in memory and on `engine_inputs` with
/// `--engine datafusion ENGINE_FLAGS`, asserts the results equal, and returns the engine's
/// report.json.
fn analyze_on_both(
    dir: &Path,
    memory_inputs: &[String],
    engine_inputs: &[String],
    flags: &[&str],
    engine_flags: &[&str],
) -> serde_json::Value {
    let (memory, engine) = (dir.join("memory"), dir.join("engine"));
    let _ = std::fs::remove_dir_all(&memory);
    let _ = std::fs::remove_dir_all(&engine);
    let m = analyze(memory_inputs, flags, &memory);
    assert!(m.get("engine").is_none());
    let mut engine_args = flags.to_vec();
    engine_args.extend(["--engine", "datafusion"]);
    engine_args.extend(engine_flags);
    let e = analyze(engine_inputs, &engine_args, &engine);
    assert_eq!(e["engine"]["name"], "datafusion");
    assert_same_results(&memory, &engine);
    e
}

/// Writes `events` planted events in 4 weeks as Parquet, `parts` files per window, into `dir`;
/// returns the files.
fn planted_parquet(dir: &Path, parts: usize, events: usize) -> Vec<PathBuf> {
    let params = SynthParams {
        users: events / 10,
        events,
        windows: 4,
        ..SynthParams::default()
    };
    synthetic_parquet(dir, parts, &params)
}

/// 400,000 generated events in 8 weeks (50,000 accounts, activity exponent 0.5) as one
/// Parquet file in `dir/events`: the folder and the file.
fn generated_400k(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let data = dir.join("events");
    std::fs::create_dir(&data).unwrap();
    let params = SynthParams::default()
        .users(50_000)
        .events(400_000)
        .windows(8)
        .activity_exponent(0.5);
    let files = synthetic_parquet(&data, 1, &params);
    (data, files)
}

/// Planted events as three Parquet files per window in `dir/events`: the files, and the folder
/// that holds them (what memory and the engine read of the same events).
fn planted_folder(dir: &Path) -> (Vec<String>, [String; 1]) {
    let data = dir.join("events");
    std::fs::create_dir(&data).unwrap();
    let files = planted_parquet(&data, 3, 20_000)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    (files, [data.to_string_lossy().into_owned()])
}

/// Writes the events generated with `params` as `parts` Parquet files per window into `dir`;
/// returns their paths, window by window.
fn synthetic_parquet(dir: &Path, parts: usize, params: &SynthParams) -> Vec<PathBuf> {
    let synthetic = generate(params).unwrap();
    let mut writers: Vec<(PathBuf, EdgeFileWriter)> = (0..params.windows * parts)
        .map(|i| {
            let path = dir.join(format!("part-{i:03}.parquet"));
            let writer = EdgeFileWriter::create(&path, None).unwrap();
            (path, writer)
        })
        .collect();
    for (i, e) in synthetic.events.iter().enumerate() {
        let window = ((e.time - params.start) / params.window_length) as usize;
        let (_, writer) = &mut writers[window * parts + i % parts];
        let (source, target) = ((e.source + 1).to_string(), (e.target + 1).to_string());
        writer.write(&source, &target, 1, Some(e.time)).unwrap();
    }
    writers
        .into_iter()
        .map(|(path, writer)| {
            writer.finish().unwrap();
            path
        })
        .collect()
}

/// Writes planted events as three Parquet files per week into `dir`; returns their windows read
/// in memory.
fn planted_weeks(dir: &Path) -> Windows {
    let files = planted_parquet(dir, 3, 20_000);
    let (windows, _) =
        chambers::prelude::read_windows(&files, WEEKS, Default::default(), &Default::default())
            .unwrap();
    windows
}

#[test]
fn sample_as_parquet_equals_memory() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = sample_parquet(dir.path());
    let (windows, _) = read(&parquet, WEEKS).unwrap();
    let params = ChamberParams::default();
    let memory = analyse_chambers(&windows, &params, None).unwrap();
    let paths = [parquet.to_string_lossy().into_owned()];
    let engine = engine_chambers(
        &paths,
        WEEKS,
        Default::default(),
        &params,
        &EngineParams::default(),
    )
    .unwrap();
    assert!(memory.windows.iter().any(|w| w.active.len() > 2));
    assert_equal(&windows, &memory, &engine);
}

#[test]
fn planted_in_several_files_per_window_equals_memory_in_every_exclusion_mode() {
    let dir = tempfile::tempdir().unwrap();
    let windows = planted_weeks(dir.path());
    // The folder and a glob name the same files.
    let folder = [dir.path().to_string_lossy().into_owned()];
    let glob = [format!("{}/part-*.parquet", dir.path().display())];
    for (exclusion, paths) in [
        (Exclusion::HighImpact, &folder),
        (Exclusion::Leaders, &glob),
        (Exclusion::None, &folder),
    ] {
        let params = ChamberParams::default().exclusion(exclusion);
        let memory = analyse_chambers(&windows, &params, None).unwrap();
        let engine = engine_chambers(
            paths,
            WEEKS,
            Default::default(),
            &params,
            &EngineParams::default().partitions(2),
        )
        .unwrap();
        assert_equal(&windows, &memory, &engine);
    }
}

/// Bytes of the events as Arrow holds them: two strings (bytes and offsets), weight and time
/// per retweet.
fn decoded_size(windows: &Windows) -> usize {
    windows
        .windows
        .iter()
        .flat_map(|w| {
            let name = |v| windows.interner.external(w.graph.user(v)).to_string().len();
            w.graph
                .edges()
                .map(move |(s, t, n)| n as usize * (name(s) + name(t) + 2 * 4 + 8 + 8))
        })
        .sum()
}

/// The memory limit of the spilling tests: 2 MiB.
const LIMIT: usize = 2 << 20;

/// Planted events in two Parquet files of a folder `events`, decoded larger than [`LIMIT`]
/// (asserted): the folder, the files and their windows as the in-memory reader makes them.
fn above_the_limit() -> (tempfile::TempDir, PathBuf, Vec<PathBuf>, Windows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("events");
    std::fs::create_dir(&data).unwrap();
    let files = planted_parquet(&data, 2, 100_000);
    let (windows, _) =
        chambers::prelude::read_windows(&files, WEEKS, Default::default(), &Default::default())
            .unwrap();
    let decoded = decoded_size(&windows);
    assert!(
        LIMIT < decoded,
        "{LIMIT} bytes is not below the input's {decoded}"
    );
    (dir, data, files, windows)
}

/// Under a memory limit smaller than the decoded events the engine spills (sorts, joins and
/// aggregations write spill files, counted by DataFusion's metrics) and still agrees.
#[test]
fn below_its_input_size_the_engine_spills_and_agrees() {
    let (dir, data, _, windows) = above_the_limit();
    let limit = LIMIT;
    let params = ChamberParams::default();
    let memory = analyse_chambers(&windows, &params, None).unwrap();
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let engine = engine_chambers(
        &[data.to_string_lossy().into_owned()],
        WEEKS,
        Default::default(),
        &params,
        &EngineParams::default()
            .memory_limit(Some(limit))
            .spill_dir(Some(spill.clone()))
            .partitions(2),
    )
    .unwrap();
    assert!(engine.spills > 0, "no operator spilled under {limit} bytes");
    assert_equal(&windows, &memory, &engine);
    // Spill files and staged tables are gone once the run ends.
    assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
}

#[test]
fn analyze_on_the_sample_as_parquet_equals_memory() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = [sample_parquet(dir.path()).to_string_lossy().into_owned()];
    let e = analyze_on_both(dir.path(), &parquet, &parquet, &[], &[]);
    assert_eq!(e["summary"]["windows"], 8);
    assert_eq!(e["engine"]["memory_limit"], serde_json::Value::Null);
}

/// Planted events in three files per window: the memory engine reads the files, the engine
/// their folder; every exclusion mode.
#[test]
fn analyze_of_planted_files_equals_memory_in_every_exclusion_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (files, folder) = planted_folder(dir.path());
    for exclusion in ["high-impact", "leaders", "none"] {
        let e = analyze_on_both(dir.path(), &files, &folder, &["--exclude", exclusion], &[]);
        assert_eq!(e["parameters"]["chambers"]["exclusion"], exclusion);
    }
}

/// `--memory-limit` below the size of the decoded events: the engine spills (report.json says
/// how often), leaves its spill folder empty, and the results equal memory's.
#[test]
fn analyze_below_its_input_size_spills_and_equals_memory() {
    let (dir, data, files, _) = above_the_limit();
    let files: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let limit = LIMIT;
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let folder = [data.to_string_lossy().into_owned()];
    let (limit_text, spill_text) = (limit.to_string(), spill.to_string_lossy().into_owned());
    let e = analyze_on_both(
        dir.path(),
        &files,
        &folder,
        &[],
        &["--memory-limit", &limit_text, "--spill-dir", &spill_text],
    );
    assert_eq!(e["engine"]["memory_limit"], limit);
    let spills = e["engine"]["spills"].as_u64().unwrap();
    assert!(spills > 0, "no operator spilled under {limit} bytes");
    assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
}

/// The engine's windows equal the in-memory reader's, also for the rows its rules touch: a
/// self-retweet first and last (it sets the span of the windows, and is dropped or kept), twice
/// in one window, repeated edges, a row of weight 0, an account seen only in a self-retweet.
#[test]
fn load_windows_equals_read_windows_at_the_edges_of_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edges.parquet");
    let mut w = EdgeFileWriter::create(&path, None).unwrap();
    let day = |d: i64| 1_550_000_000 + d * DAY;
    for (s, t, weight, time) in [
        ("early", "early", 1, day(-9)),
        ("a", "L", 2, day(0)),
        ("a", "L", 1, day(1)),
        ("b", "L", 1, day(2)),
        ("b", "x", 0, day(3)),
        ("b", "b", 1, day(3)),
        ("b", "b", 4, day(4)),
        ("c", "M", 1, day(15)),
        ("late", "late", 1, day(30)),
    ] {
        w.write(s, t, weight, Some(time)).unwrap();
    }
    w.finish().unwrap();
    let paths = [path.to_string_lossy().into_owned()];
    for keep in [false, true] {
        let graph = GraphOptions::default().with_self_loops(keep);
        let (memory, report) =
            chambers::prelude::read_windows(&[&path], WEEKS, graph, &Default::default()).unwrap();
        let engine = load_windows(&paths, WEEKS, graph, &EngineParams::default()).unwrap();
        assert_eq!(
            (report.rows, report.zero_weight),
            (engine.rows, engine.zero_weight)
        );
        let e = &engine.windows;
        assert_eq!(memory.spec, e.spec);
        assert_eq!(memory.interner.len(), e.interner.len());
        for u in 0..memory.interner.len() as u32 {
            let u = chambers::graph::UserId(u);
            assert_eq!(memory.interner.external(u), e.interner.external(u));
        }
        assert_eq!(memory.windows.len(), 6);
        assert_eq!(memory.windows, e.windows, "keep self-retweets: {keep}");
    }
}

/// Many self-retweets repeated in a window (the engine hands each account's to the driver as
/// one event with its row count): the engine's windows, window rows and dropped self-retweets
/// per window equal the in-memory reader's and `summarise_edges`', and `analyze` agrees.
#[test]
fn many_repeated_self_retweets_count_as_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("events");
    std::fs::create_dir(&data).unwrap();
    let mut files = planted_parquet(&data, 1, 20_000);
    let selfs = data.join("self-retweets.parquet");
    let mut w = EdgeFileWriter::create(&selfs, None).unwrap();
    let start = SynthParams::default().start;
    let mut planted = [0u64; 4];
    for i in 0..6_000i64 {
        let (account, week) = (format!("{}", 1 + i % 3), (i % 4) as usize);
        w.write(
            &account,
            &account,
            1 + (i % 2) as u32,
            Some(start + week as i64 * 7 * DAY + i),
        )
        .unwrap();
        planted[week] += 1;
    }
    w.finish().unwrap();
    files.push(selfs);
    let folder = [data.to_string_lossy().into_owned()];
    let graph = GraphOptions::default();
    let (memory, report) =
        chambers::prelude::read_windows(&files, WEEKS, graph, &Default::default()).unwrap();
    let engine = load_windows(&folder, WEEKS, graph, &EngineParams::default()).unwrap();
    assert_eq!(report.rows, engine.rows);
    assert_eq!(memory.windows, engine.windows.windows);
    let (summary, _) =
        chambers::io::summarise_edges(&files, WEEKS, graph, &Default::default(), 1).unwrap();
    for ((w, s), planted) in engine
        .windows
        .windows
        .iter()
        .zip(&summary.windows)
        .zip(planted)
    {
        // The generated events hold no self-retweet: only the planted ones are dropped.
        assert_eq!(w.graph.self_loops_dropped(), s.self_loops_dropped);
        assert_eq!(w.graph.self_loops_dropped(), planted, "window {}", w.index);
    }
    let files: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let e = analyze_on_both(dir.path(), &files, &folder, &[], &[]);
    assert_eq!(e["input"]["rows"], report.rows);
}

/// Runs the in-memory analysis and the engine's chamber and echo-chamber stages
/// (`ChamberEngine`) on `engine`, and asserts that they agree: the chamber record
/// ([`assert_equal`]); Q̄, the leaders' groups (and the split's eigenvector) and every window's
/// P(t), P_g(t), adaptive and shuffled P(t) and modularity found from the engine's counts
/// (`EngineChambers::polarization`); per window the sizes of EC_g and AEC_g, the users in
/// several AECs, both coverages, and every scored account's counts, score and side, in order;
/// the stability curves; and the per-user tables the engine writes (`echo_to`). `scored` is
/// the analysis' list of accounts to score, if any. Returns how many accounts were classified
/// to a side, over all windows, and the spill files of the echo stage.
pub(crate) fn assert_echo_equal(
    paths: &[String],
    windows: &Windows,
    params: chambers::echo::AnalysisParams,
    scored: Option<&[&str]>,
    engine: &EngineParams,
) -> (usize, usize) {
    let mut analysis = chambers::echo::Analysis::new(params.clone());
    let listed: Option<Vec<String>> = scored.map(|l| l.iter().map(|a| a.to_string()).collect());
    if let Some(list) = &listed {
        let users = list
            .iter()
            .filter_map(|a| windows.interner.get(a))
            .collect();
        analysis = analysis.with_scored(users);
    }
    let memory = analysis.run(windows).unwrap();
    let stage = chambers::datafusion::ChamberEngine::run(
        paths,
        WEEKS,
        Default::default(),
        &params.chambers,
        engine,
    )
    .unwrap();
    assert_equal(windows, &memory.chambers, stage.chambers());
    // Q̄, the leaders' groups and every window's polarization from the engine's counts.
    let split = stage.chambers().polarization(&params).unwrap();
    assert_eq!(split.aggregate, memory.aggregate);
    let group_of: Vec<_> = memory.leaders.iter().map(|l| l.group).collect();
    assert_eq!(split.labels, group_of);
    let eigenvector = split.grouping.as_ref().map(|g| g.eigenvector.clone());
    assert_eq!(
        eigenvector,
        memory.grouping.as_ref().map(|g| g.eigenvector.clone())
    );
    let groups = memory.windows[0].ec.len();
    assert_eq!(split.groups, groups);
    for (m, e) in memory.windows.iter().zip(&split.windows) {
        let memory_figures = (
            m.polarization,
            &m.polarization_groups,
            m.polarization_adaptive,
            m.polarization_shuffled,
            m.modularity,
        );
        let engine_figures = (
            e.polarization,
            &e.polarization_groups,
            e.polarization_adaptive,
            e.polarization_shuffled,
            e.modularity,
        );
        assert_eq!(memory_figures, engine_figures, "window {}", m.window);
    }
    let polarized = split.windows.iter().filter(|w| w.polarization.is_some());
    assert!(polarized.count() > 0);
    // Group A named, B by its letter: both ways of naming a group.
    let names = vec!["left".to_string()];
    let folder = tempfile::tempdir().unwrap();
    let tables = UserTables::new(folder.path()).names(names.clone());
    let echo = stage
        .echo_to(&split.labels, groups, listed.as_deref(), &params, &tables)
        .unwrap();
    // Stability over time: every lag's pairs, median and quartiles of every curve.
    assert_eq!(echo.stability, memory.stability);
    let compared = echo
        .stability
        .chambers
        .iter()
        .map(|l| l.pairs)
        .sum::<usize>();
    assert!(compared > 0 && echo.stability.ec[0][0].median.is_some());
    for table in memory.tables(windows, &names) {
        if ["users", "echo_chambers"].contains(&table.name()) {
            let file = folder.path().join(format!("{}.parquet", table.name()));
            assert_same_table(&table, &file);
        }
    }
    let mut written: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, ["echo_chambers.parquet", "users.parquet"]);
    assert_eq!(echo.windows.len(), memory.windows.len());
    let mut sided = 0;
    for ((m, in_memory), e) in memory.windows.iter().zip(&memory.echo).zip(&echo.windows) {
        let t = e.window;
        assert_eq!(
            (&m.ec, &m.aec, m.aec_both),
            (&e.ec, &e.aec, e.aec_both),
            "window {t}"
        );
        assert_eq!(m.coverage, e.coverage(), "window {t}");
        assert_eq!(m.coverage_paper, e.coverage_paper(), "window {t}");
        let graph = &windows.windows[t].graph;
        let scored: Vec<_> = in_memory
            .scored
            .iter()
            .map(|s| {
                let account = windows.interner.external(graph.user(s.account)).to_string();
                (account, s.counts.clone(), s.score.to_bits(), s.side)
            })
            .collect();
        let engine_scored: Vec<_> = e
            .scored
            .iter()
            .map(|s| {
                let account = s.account.clone();
                (account, s.counts.clone(), s.score.to_bits(), s.side)
            })
            .collect();
        assert_eq!(scored, engine_scored, "window {t}");
        sided += e.scored.iter().filter(|s| s.side.group().is_some()).count();
    }
    (sided, echo.spills)
}

/// Asserts that the Parquet file `file` holds the in-memory `table` as `--table-format
/// parquet` writes it: the same schema (names, types, nullability) and every cell, in order.
fn assert_same_table(table: &chambers::graph::Table<'_>, file: &Path) {
    let schema = chambers::io::table_schema(table).unwrap();
    let mut memory = Vec::new();
    chambers::io::for_each_table_batch(table, &schema, |b| {
        memory.push(b);
        Ok(())
    })
    .unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let engine: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    let name = table.name();
    assert_eq!(engine[0].schema(), schema, "{name}");
    let (memory, engine) = (cells(&memory), cells(&engine));
    assert!(!memory[0].is_empty(), "{name}: no rows");
    assert_eq!(memory, engine, "{name}");
}

/// Every cell of `batches`, column by column, as text (Int64, Float64, Boolean and Utf8
/// columns only; floats exactly, in their shortest round-trip form).
fn cells(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let n = batches.first().map_or(0, |b| b.num_columns());
    (0..n)
        .map(|c| {
            let mut column = Vec::new();
            for b in batches {
                let a = b.column(c);
                if let Some(ints) = a.as_primitive_opt::<Int64Type>() {
                    column.extend(ints.iter().map(|v| format!("{v:?}")));
                } else if let Some(text) = a.as_string_opt::<i32>() {
                    column.extend(text.iter().map(|v| format!("{v:?}")));
                } else if let Some(floats) = a.as_primitive_opt::<Float64Type>() {
                    column.extend(floats.iter().map(|v| format!("{v:?}")));
                } else if let Some(flags) = a.as_boolean_opt() {
                    column.extend(flags.iter().map(|v| format!("{v:?}")));
                } else {
                    panic!("column {c}: {}", a.data_type());
                }
            }
            column
        })
        .collect()
}

/// Quick analysis parameters for the echo-chamber comparisons: one null realisation, no
/// latent ideology.
pub(crate) fn quick_analysis() -> chambers::echo::AnalysisParams {
    chambers::echo::AnalysisParams::default()
        .ideology(None)
        .null_realisations(1)
        .controversy_realisations(1)
        .dip_replicates(10)
}

/// The echo-chamber counts of the engine equal memory's on the sample as Parquet, with the
/// paper's scored accounts and with a given list.
#[test]
fn echo_counts_on_the_sample_equal_memory() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = sample_parquet(dir.path());
    let (windows, _) = read(&parquet, WEEKS).unwrap();
    let paths = [parquet.to_string_lossy().into_owned()];
    let engine = EngineParams::default();
    let (sided, _) = assert_echo_equal(&paths, &windows, quick_analysis(), None, &engine);
    assert!(sided > 0);
    // A list with an account of the sample, a repeat and an unknown one.
    let some = windows
        .interner
        .external(windows.windows[0].graph.user(0))
        .to_string();
    let list = [some.as_str(), "no-such-account", some.as_str()];
    assert_echo_equal(&paths, &windows, quick_analysis(), Some(&list), &engine);
}

/// Planted data in several files per window: every exclusion mode, and both score rules.
#[test]
fn echo_counts_of_planted_files_equal_memory_in_every_exclusion_mode() {
    let dir = tempfile::tempdir().unwrap();
    let windows = planted_weeks(dir.path());
    let folder = [dir.path().to_string_lossy().into_owned()];
    for (exclusion, score) in [
        (Exclusion::HighImpact, chambers::echo::ScoreRule::Full),
        (Exclusion::Leaders, chambers::echo::ScoreRule::Full),
        (Exclusion::None, chambers::echo::ScoreRule::Full),
        (Exclusion::HighImpact, chambers::echo::ScoreRule::Exclusive),
    ] {
        let params = quick_analysis()
            .chambers(ChamberParams::default().exclusion(exclusion))
            .echo(chambers::echo::EchoParams::default().score(score));
        let engine = EngineParams::default().partitions(2);
        let (sided, _) = assert_echo_equal(&folder, &windows, params, None, &engine);
        assert!(sided > 0, "{exclusion:?} {score:?}: no account classified");
    }
}

/// The echo-chamber stage below its input's size, with per-user tables far larger than the
/// memory limit (400,000 generated events of 50,000 accounts in eight weeks, under 8 MB): it
/// spills, its final sorts merge their spill files in one partition, and the whole echo
/// stage, tables and stability included, equals memory.
///
/// Sorted per partition and merged after, the release build's run of these events under this
/// limit failed with "resources exhausted" in three runs of three: the two partitions' merges
/// of their spill files cannot spill and took the memory each other needed (this debug-build
/// test did not fail that way in two runs; the race depends on timing). Under the 2 MiB of the
/// chamber stage's spilling test, on 100,000 events, the echo stage's many sorts and
/// repartitions share the pool so thinly that a sort failed now and then (one run in about
/// eight, with the machine loaded): at that floor the echo stage is not tested.
#[test]
fn large_per_user_tables_under_a_limit_equal_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (data, files) = generated_400k(dir.path());
    let (windows, _) =
        chambers::prelude::read_windows(&files, WEEKS, Default::default(), &Default::default())
            .unwrap();
    let limit = 8_000_000;
    let decoded = decoded_size(&windows);
    assert!(
        limit < decoded,
        "{limit} bytes is not below the input's {decoded}"
    );
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let engine = EngineParams::default()
        .memory_limit(Some(limit))
        .spill_dir(Some(spill.clone()))
        .partitions(2);
    let paths = [data.to_string_lossy().into_owned()];
    let (sided, spills) = assert_echo_equal(&paths, &windows, quick_analysis(), None, &engine);
    assert!(
        sided > 0 && spills > 0,
        "{sided} classified, {spills} spill files"
    );
    assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
}

/// A file of another format goes to the engine through chambers' own reader: the sample as a CSV
/// with other column names, a bad row, a row without a time, a row of weight 0 and repeated
/// self-retweets, read with the reading flags (`--source` … `--skip-bad-rows`), gives the result
/// folder and the read report of the in-memory read, and its converted copy is gone afterwards.
#[test]
fn analyze_of_a_csv_with_reading_flags_equals_memory() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(data("sample_weekly.csv")).unwrap();
    let mut text = sample.replacen("source,target,weight,time", "from,to,n,at", 1);
    text.push_str("9372,oops\n9372,8372,1,\n9958,7775,0,2019-03-02T10:00:00Z\n");
    text.push_str("9958,9958,3,2019-03-02T10:00:00Z\n9958,9958,1,2019-03-09T10:00:00Z\n");
    let csv = dir.path().join("retweets.csv");
    std::fs::write(&csv, text).unwrap();
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let csv = [csv.to_string_lossy().into_owned()];
    let flags = [
        "--source",
        "from",
        "--target",
        "to",
        "--weight",
        "n",
        "--time",
        "at",
        "--skip-bad-rows",
    ];
    let spill_text = spill.to_string_lossy().into_owned();
    let e = analyze_on_both(
        dir.path(),
        &csv,
        &csv,
        &flags,
        &["--spill-dir", &spill_text],
    );
    assert_eq!(e["input"]["skipped_rows"], 2);
    assert_eq!(e["input"]["zero_weight_rows"], 1);
    assert_eq!(e["input"]["rows"], 50_002);
    assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
}

/// Windows per file on the engine: each input one window, in the order given, as in memory
/// (the inputs reversed, so that windows.csv tells the order; one without edges, an empty
/// window), for files of other formats (each converted on its own, the copies removed
/// afterwards) and for Parquet files read by the engine.
#[test]
fn windows_per_file_on_the_engine_equal_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (mut csv, parquet) = sample_in_parts(dir.path());
    // In reverse order, so that the order given is what counts.
    csv.reverse();
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let spill_text = spill.to_string_lossy().into_owned();
    let per_file: Vec<&str> = QUICK[2..]
        .iter()
        .copied()
        .chain(["--window-per-file"])
        .collect();
    assert_eq!(QUICK[..2], ["--window", "7d"]);
    for inputs in [&csv, &parquet] {
        let (memory, engine) = (dir.path().join("memory"), dir.path().join("engine"));
        let _ = std::fs::remove_dir_all(&memory);
        let _ = std::fs::remove_dir_all(&engine);
        analyze_with(inputs, &per_file, &[], &memory);
        let engine_flags = ["--engine", "datafusion", "--spill-dir", &spill_text];
        let e = analyze_with(inputs, &per_file, &engine_flags, &engine);
        assert_same_results(&memory, &engine);
        assert_eq!(e["windows"].as_array().unwrap().len(), 4);
        assert_eq!(e["input"]["rows"], 50_000);
        assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
    }
    assert_per_file_windows_equal(&parquet, &EngineParams::default());
}

/// data/sample_weekly.csv cut into three files of rows, with a fourth file without edges second,
/// each as CSV and as Parquet in `dir`: (CSV files, Parquet files).
pub(crate) fn sample_in_parts(dir: &Path) -> (Vec<String>, Vec<String>) {
    let sample = std::fs::read_to_string(data("sample_weekly.csv")).unwrap();
    let (header, rows) = sample.split_once('\n').unwrap();
    let rows: Vec<&str> = rows.lines().collect();
    let (mut csv, mut parquet) = (Vec::new(), Vec::new());
    for (k, part) in rows.chunks(rows.len().div_ceil(3)).enumerate() {
        let path = dir.join(format!("part-{k}.csv"));
        std::fs::write(&path, format!("{header}\n{}\n", part.join("\n"))).unwrap();
        let converted = dir.join(format!("part-{k}.parquet"));
        convert_edges(&[&path], &converted, None, &Default::default()).unwrap();
        csv.push(path.to_string_lossy().into_owned());
        parquet.push(converted.to_string_lossy().into_owned());
    }
    // An input without edges is an empty window, as in memory.
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, format!("{header}\n")).unwrap();
    csv.insert(1, empty.to_string_lossy().into_owned());
    let empty = dir.join("empty.parquet");
    EdgeFileWriter::create(&empty, None)
        .unwrap()
        .finish()
        .unwrap();
    parquet.insert(1, empty.to_string_lossy().into_owned());
    (csv, parquet)
}

/// Asserts that the engine's windows per file of the Parquet `files` ([`sample_in_parts`]) equal
/// the in-memory reader's: every window, its file's name included, and the read's counts.
pub(crate) fn assert_per_file_windows_equal(files: &[String], engine: &EngineParams) {
    let graph = GraphOptions::default();
    let per_file = WindowSpec::PerFile;
    let (memory, report) =
        chambers::prelude::read_windows(files, per_file, graph, &Default::default()).unwrap();
    let loaded = load_windows(files, per_file, graph, engine).unwrap();
    let counts = |rows, zero_weight, has_time| (rows, zero_weight, has_time);
    assert_eq!(
        counts(report.rows, report.zero_weight, report.has_time),
        counts(loaded.rows, loaded.zero_weight, loaded.has_time)
    );
    assert_eq!(memory.windows, loaded.windows.windows);
    assert_eq!(memory.windows[2].source_file.as_ref(), Some(&files[2]));
    assert_eq!(memory.windows[1].graph.n_edges(), 0);
}

/// Asserts that `chambers ARGS` fails with one line on stderr that says `says`, and writes
/// no result folder `out`.
fn assert_refused(args: &[&str], says: &str, out: &Path) {
    let o = chambers(args);
    assert!(!o.status.success(), "{args:?}");
    let err = stderr(&o);
    assert!(
        err.contains(says) && err.lines().count() == 1,
        "{args:?}: {err}"
    );
    assert!(!out.exists());
}

/// Parquet events and files of other formats are not mixed, and the reading flags of other
/// layouts do not apply to Parquet events: one line each, nothing written.
#[test]
fn the_engine_refuses_mixed_inputs_and_flags_for_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = sample_parquet(dir.path()).to_string_lossy().into_owned();
    let csv = data("sample_weekly.csv").to_string_lossy().into_owned();
    let out = dir.path().join("out").to_string_lossy().into_owned();
    for (inputs, flags, says) in [
        (vec![&parquet, &csv], vec!["--window", "7d"], "not both"),
        (
            vec![&parquet],
            vec!["--window", "7d", "--trim-ids"],
            "--trim-ids",
        ),
    ] {
        let mut args = vec!["analyze"];
        args.extend(inputs.iter().map(|s| s.as_str()));
        args.extend(["--engine", "datafusion", "--out", &out]);
        args.extend(flags);
        assert_refused(&args, says, &dir.path().join("out"));
    }
}

/// The `windows` columns that `--engine-only` leaves empty; report.json's window fields of
/// the same names.
const NOT_ON_THE_ENGINE: [&str; 9] = [
    "polarization_null",
    "modularity_null",
    "ideology",
    "ideology_accuracy",
    "ideology_precision",
    "ideology_recall",
    "ideology_f1",
    "ideology_faulty",
    "ideology_one_side_accuracy",
];

/// Reads a Parquet file whole.
fn batches(file: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Asserts that the result folder of `chambers analyze --engine-only` (`engine`) holds what
/// the in-memory one with `--table-format parquet` (`memory`) holds, less what needs the
/// graphs: each of its tables with memory's schema and every cell in order (the `windows`
/// table but for the columns it leaves empty), and report.json's summary, leaders, groups,
/// Q̄, stability, pooled bimodality and window figures equal, numbers to 1e-12.
pub(crate) fn assert_engine_only_equal(memory: &Path, engine: &Path) {
    let mut tables: Vec<String> = std::fs::read_dir(engine)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".parquet"))
        .collect();
    tables.sort();
    assert_eq!(
        tables,
        [
            "aggregate_overlap",
            "chambers",
            "echo_chambers",
            "groups",
            "high_impact",
            "leader_impact",
            "leaders",
            "overlaps",
            "stability",
            "users",
            "windows"
        ]
        .map(|t| format!("{t}.parquet"))
    );
    for name in &tables {
        let (m, e) = (batches(&memory.join(name)), batches(&engine.join(name)));
        assert_eq!(m[0].schema(), e[0].schema(), "{name}");
        let schema = m[0].schema();
        let (m, e) = (cells(&m), cells(&e));
        assert!(!m[0].is_empty(), "{name}: no rows");
        for (c, field) in schema.fields().iter().enumerate() {
            let column = field.name().as_str();
            match (name.as_str(), column) {
                ("windows.parquet", "flags") => {} // compared in report.json
                ("windows.parquet", _) if NOT_ON_THE_ENGINE.contains(&column) => {
                    let empty = |v: &String| v == "None" || v == "Some(\"\")";
                    assert!(e[c].iter().all(empty), "{name}: {column}");
                }
                _ => assert_eq!(m[c], e[c], "{name}: {column}"),
            }
        }
    }
    let report = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
    };
    let (m, e) = (report(memory), report(engine));
    let (ms, es) = (
        m["summary"].as_object().unwrap(),
        e["summary"].as_object().unwrap(),
    );
    let mut missing: Vec<&str> = ms
        .keys()
        .filter(|k| !es.contains_key(*k))
        .map(String::as_str)
        .collect();
    let mut named: Vec<&str> = e["not_computed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    missing.sort();
    named.sort();
    assert_eq!(missing, named);
    for (key, value) in es {
        let expected = match key.as_str() {
            // The standard deviations of what is computed.
            "sd" => {
                let mut sd = ms["sd"].clone();
                sd.as_object_mut()
                    .unwrap()
                    .retain(|k, _| !named.contains(&k.as_str()));
                sd
            }
            _ => ms[key].clone(),
        };
        assert!(
            close(value, &expected),
            "summary.{key}: {value} against {expected}"
        );
    }
    for key in [
        "leaders",
        "grouping",
        "aggregate",
        "stability",
        "group_names",
        "parameters",
    ] {
        assert!(close(&m[key], &e[key]), "{key}");
    }
    assert!(close(&m["bimodality"]["real"], &e["bimodality"]["real"]));
    let (mw, ew) = (
        m["windows"].as_array().unwrap(),
        e["windows"].as_array().unwrap(),
    );
    assert_eq!(mw.len(), ew.len());
    for (mw, ew) in mw.iter().zip(ew) {
        for (key, value) in ew.as_object().unwrap() {
            match key.as_str() {
                "flags" => {
                    let kept: Vec<&serde_json::Value> = mw[key]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|f| f.as_str() != Some("ideology-disconnected"))
                        .collect();
                    assert_eq!(ew[key].as_array().unwrap().iter().collect::<Vec<_>>(), kept);
                }
                k if NOT_ON_THE_ENGINE.contains(&k) => assert!(value.is_null(), "windows.{k}"),
                _ => assert!(close(value, &mw[key]), "windows.{key}"),
            }
        }
    }
}

/// `chambers analyze --engine-only` on the sample as Parquet (with the paper's scored accounts,
/// with a given list, with hand labels, with an anchor) and on planted data in three files per
/// window (every exclusion mode): every table and figure it computes equals the in-memory
/// analysis'.
#[test]
fn engine_only_analysis_equals_memory() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = [sample_parquet(dir.path()).to_string_lossy().into_owned()];
    let (files, folder) = planted_folder(dir.path());
    // Accounts to score in place of H(t) minus the leaders, one of them twice.
    let listed = dir.path().join("scored.txt");
    std::fs::write(&listed, "9372\n8372\n9958\n7775\n9372\n").unwrap();
    let listed = listed.to_string_lossy().into_owned();
    // Hand labels of every account of the sample (its planted groups), by name.
    let truth = std::fs::read_to_string(crate::data("sample_weekly.labels.csv")).unwrap();
    let mut labels = String::from("leader,group\n");
    for line in truth.lines().skip(1) {
        let (user, group) = line.split_once(',').unwrap();
        let name = if group == "0" {
            "believers"
        } else {
            "skeptics"
        };
        labels += &format!("{user},{name}\n");
    }
    let labelled = dir.path().join("labels.csv");
    std::fs::write(&labelled, labels).unwrap();
    let labelled = labelled.to_string_lossy().into_owned();
    let runs: [(&[String], &[String], &[&str]); 6] = [
        (&parquet, &parquet, &[]),
        (&parquet, &parquet, &["--scored", &listed]),
        (&parquet, &parquet, &["--labels", &labelled]),
        (&files, &folder, &["--exclude", "high-impact"]),
        (
            &files,
            &folder,
            &["--exclude", "leaders", "--score", "exclusive"],
        ),
        (
            &files,
            &folder,
            &["--exclude", "none", "--groups", "left,right"],
        ),
    ];
    let mut sample_leaders = None;
    for (memory_inputs, engine_inputs, flags) in runs {
        let (memory, engine) = (dir.path().join("memory"), dir.path().join("engine"));
        let _ = std::fs::remove_dir_all(&memory);
        let _ = std::fs::remove_dir_all(&engine);
        let mut flags = flags.to_vec();
        flags.extend(["--table-format", "parquet"]);
        analyze(memory_inputs, &flags, &memory);
        flags.extend(["--engine", "datafusion", "--engine-only"]);
        let e = analyze(engine_inputs, &flags, &engine);
        assert_eq!(e["engine"]["name"], "datafusion");
        assert_engine_only_equal(&memory, &engine);
        sample_leaders.get_or_insert_with(|| e["leaders"].clone());
    }
    // The anchor: the sample's last leader's side is group A.
    let anchor = sample_leaders.unwrap()[49]["user"]
        .as_str()
        .unwrap()
        .to_owned();
    let (memory, engine) = (dir.path().join("memory-a"), dir.path().join("engine-a"));
    let flags = ["--anchor", &anchor, "--table-format", "parquet"];
    analyze(&parquet, &flags, &memory);
    let e = analyze(
        &parquet,
        &[&flags[..], &["--engine", "datafusion", "--engine-only"]].concat(),
        &engine,
    );
    assert_eq!(e["leaders"][49]["group"], 0); // group A
    assert_engine_only_equal(&memory, &engine);
}

/// `--engine-only` refuses what it cannot do and an anchor that is no leader, one line each,
/// and writes nothing.
#[test]
fn engine_only_refuses_what_needs_the_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = sample_parquet(dir.path()).to_string_lossy().into_owned();
    let out = dir.path().join("out").to_string_lossy().into_owned();
    let unknown = crate::write(dir.path(), "scored.txt", b"9372\nno-such-account\n");
    let parquet_tables = ["--table-format", "parquet"];
    for (flags, says) in [
        (vec!["--engine", "datafusion"], "--table-format parquet"),
        (vec!["--table-format", "parquet"], "--engine datafusion"),
        (
            [
                &["--engine", "datafusion", "--leader-ids", "1,2", "--html"][..],
                &parquet_tables,
            ]
            .concat(),
            "--leader-file/--leader-ids, --html",
        ),
        (
            [
                &["--engine", "datafusion", "--anchor", "x"][..],
                &parquet_tables,
            ]
            .concat(),
            "the anchor \"x\" is not a leader",
        ),
        (
            [
                &["--engine", "datafusion", "--scored", &unknown][..],
                &parquet_tables,
            ]
            .concat(),
            "account \"no-such-account\" does not appear in the input",
        ),
    ] {
        let mut args = vec![
            "analyze",
            &parquet,
            "--window",
            "7d",
            "--engine-only",
            "--out",
            &out,
        ];
        args.extend(flags);
        assert_refused(&args, says, &dir.path().join("out"));
    }
}

/// An interrupted run on the engine (SIGINT, SIGTERM) leaves its spill folder as it was (the
/// run's own folder of staged tables, spill files and converted input removed) and no result
/// folder, old or temporary.
#[test]
fn an_interrupted_engine_run_leaves_no_temporaries() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let (_, files) = generated_400k(dir.path());
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).unwrap();
    let out = dir.path().join("out");
    let entries = |d: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    for signal in ["INT", "TERM"] {
        let child = Command::new(env!("CARGO_BIN_EXE_chambers"))
            .arg("analyze")
            .arg(&files[0])
            .args(["--window", "7d", "--table-format", "parquet"])
            .args([
                "--engine",
                "datafusion",
                "--engine-only",
                "--memory-limit",
                "8MB",
            ])
            .arg("--spill-dir")
            .arg(&spill)
            .arg("--out")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the engine writes into its folder of the spill folder.
        let start = Instant::now();
        while entries(&spill).is_empty() && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!entries(&spill).is_empty(), "the run made no folder");
        std::thread::sleep(Duration::from_millis(300));
        crate::interrupt(child, signal);
        assert_eq!(entries(&spill), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(
            entries(dir.path()),
            ["events", "spill"],
            "SIG{signal}: a result folder or its temporary is left"
        );
    }
}
