//! The DataFusion engine (feature `datafusion`) against the in-memory chamber stage: every
//! H(t), leader, audience size, chamber size, pair count and Q(t) equal.

use std::path::{Path, PathBuf};

use chambers::datafusion::{EngineChambers, EngineParams, analyse_chambers as engine_chambers};
use chambers::graph::{DAY, SynthParams, WindowSpec, Windows, generate};
use chambers::io::{EdgeFileWriter, EdgeWrite, convert_edges};
use chambers::overlap::{ChamberAnalysis, ChamberParams, Exclusion, Measure, analyse_chambers};

use crate::{data, read};

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

/// Writes `events` planted events in 4 weeks as Parquet, `parts` files per window, into `dir`;
/// returns the files.
fn planted_parquet(dir: &Path, parts: usize, events: usize) -> Vec<PathBuf> {
    let params = SynthParams {
        users: events / 10,
        events,
        windows: 4,
        ..SynthParams::default()
    };
    let synthetic = generate(&params).unwrap();
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
    let files = planted_parquet(dir.path(), 3, 20_000);
    let (windows, _) =
        chambers::prelude::read_windows(&files, WEEKS, Default::default(), &Default::default())
            .unwrap();
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

/// Under a memory limit smaller than the decoded events the engine spills (sorts, joins and
/// aggregations write spill files, counted by DataFusion's metrics) and still agrees.
#[test]
fn below_its_input_size_the_engine_spills_and_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("events");
    std::fs::create_dir(&data).unwrap();
    let files = planted_parquet(&data, 2, 100_000);
    let (windows, _) =
        chambers::prelude::read_windows(&files, WEEKS, Default::default(), &Default::default())
            .unwrap();
    // The events as Arrow holds them: two strings (bytes and offsets), weight and time.
    let decoded: usize = windows
        .windows
        .iter()
        .flat_map(|w| {
            let name = |v| windows.interner.external(w.graph.user(v)).to_string().len();
            w.graph
                .edges()
                .map(move |(s, t, n)| n as usize * (name(s) + name(t) + 2 * 4 + 8 + 8))
        })
        .sum();
    let limit = 2 << 20;
    assert!(
        limit < decoded,
        "{limit} bytes is not below the input's {decoded}"
    );
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
