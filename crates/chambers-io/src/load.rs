//! Reading edge files into windowed retweet graphs.

use std::collections::HashMap;
use std::path::Path;

use chambers_graph::{GraphError, GraphOptions, UserId, WindowSpec, Windows, WindowsBuilder};

use crate::error::names;
use crate::{
    Format, IoError, Problem, ReadOptions, ReadReport, Rejection, format_time, read_edges,
};

/// Reads edge files of any supported format ([`read_edges`]: CSV/TSV and Twitter JSONL, plain
/// or `.gz`; Parquet; Arrow IPC) into [`Windows`], interning ids on the way.
///
/// With [`WindowSpec::PerFile`] each file is one window, in the order given. Fixed windows need
/// a time column.
///
/// # Errors
/// Every [`IoError`] of [`read_edges`], a missing time column when time windows are
/// requested, rows before an explicit window start (file and line named), an input without
/// any usable edge ([`IoError::NoEdges`]: every row bad, of weight 0 or a dropped
/// self-retweet), and weight overflow on aggregation ([`Problem::WeightOverflow`], naming the
/// accounts, the window and the row that brings the sum over; found by reading the inputs
/// again, which only an overflow costs).
///
/// ```
/// use chambers_graph::WindowSpec;
/// use chambers_io::{read_windows, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target\na,b\nc,b\na,b\n").unwrap();
/// let (windows, report) =
///     read_windows(&[&path], WindowSpec::Single, Default::default(), &ReadOptions::default()).unwrap();
/// assert_eq!(report.rows, 3);
/// assert_eq!(windows.windows[0].graph.n_edges(), 2);
/// ```
pub fn read_windows<P: AsRef<Path>>(
    paths: &[P],
    spec: WindowSpec,
    graph: GraphOptions,
    options: &ReadOptions,
) -> Result<(Windows, ReadReport), IoError> {
    let options = &*options.for_windows(spec);
    let mut builder = WindowsBuilder::new(spec, graph);
    let mut report = ReadReport::default();
    for path in paths {
        let path = path.as_ref();
        builder.start_file(&path.display().to_string());
        let file_report = read_edges(path, options, |row| {
            builder
                .push_external(row.source, row.target, row.weight, row.time)
                .map_err(|e| {
                    Rejection::Row(match e {
                        GraphError::MissingTime => Problem::MissingTime,
                        GraphError::BeforeStart { time, start } => Problem::BeforeStart {
                            time: format_time(time),
                            start: format_time(start),
                        },
                        other => Problem::Graph(other),
                    })
                })
        })?;
        report.merge(file_report);
    }
    if report.rows == 0 {
        return Err(IoError::no_edges(paths, &report, 0));
    }
    let windows = match builder.finish() {
        Ok(windows) => windows,
        Err(GraphError::WeightOverflow { from, to }) => {
            return Err(locate_overflow(paths, spec, graph, options, (from, to))
                .unwrap_or(IoError::Graph(GraphError::WeightOverflow { from, to })));
        }
        Err(e) => return Err(IoError::windows(&names(paths), e)),
    };
    if windows.windows.iter().all(|w| w.graph.n_edges() == 0) {
        let self_loops = windows
            .windows
            .iter()
            .map(|w| w.graph.self_loops_dropped())
            .sum();
        return Err(IoError::no_edges(paths, &report, self_loops));
    }
    Ok((windows, report))
}

/// The error for a (source, target) pair whose summed weight overflows in some window, with the
/// accounts' external ids, the window, and the file and line of the row that brings the sum
/// over. The inputs are read twice more: with every weight 1 (the same rows give the same users,
/// ids and windows, without the overflow), then up to that row. `None` if the inputs changed in
/// between.
fn locate_overflow<P: AsRef<Path>>(
    paths: &[P],
    spec: WindowSpec,
    graph: GraphOptions,
    options: &ReadOptions,
    (from, to): (UserId, UserId),
) -> Option<IoError> {
    let mut builder = WindowsBuilder::new(spec, graph);
    for path in paths {
        let path = path.as_ref();
        builder.start_file(&path.display().to_string());
        read_edges(path, options, |row| {
            // A row refused here was refused (and skipped) by the first reading too.
            builder
                .push_external(row.source, row.target, 1, row.time)
                .map_err(|e| Rejection::Row(Problem::Graph(e)))
        })
        .ok()?;
    }
    let windows = builder.finish().ok()?;
    let source = windows.interner.external(from).to_string();
    let target = windows.interner.external(to).to_string();
    let window_of = |file: usize, time: Option<i64>| match windows.spec {
        WindowSpec::Single => Some(0),
        WindowSpec::PerFile => Some(file),
        WindowSpec::Fixed { start, length } => {
            let k = (i128::from(time?) - i128::from(start?)).div_euclid(i128::from(length));
            usize::try_from(k)
                .ok()
                .filter(|&k| k < windows.windows.len())
        }
    };
    let mut sums: HashMap<usize, u64> = HashMap::new();
    for (index, path) in paths.iter().enumerate() {
        let path = path.as_ref();
        let mut found = None;
        // Stops at the row found (the error is only a signal).
        let _ = read_edges(path, options, |row| {
            if row.source != source || row.target != target {
                return Ok(());
            }
            let Some(k) = window_of(index, row.time) else {
                return Ok(());
            };
            let sum = sums.entry(k).or_default();
            *sum += u64::from(row.weight);
            if *sum <= u64::from(u32::MAX) {
                return Ok(());
            }
            found = Some((k, row.line));
            Err(Rejection::Stop(IoError::Input(String::new())))
        });
        let Some((k, line)) = found else { continue };
        let w = &windows.windows[k];
        let file = path.display().to_string();
        let window = match (windows.spec, w.start, w.end) {
            (WindowSpec::Single, ..) => "the input (one window)".to_owned(),
            (WindowSpec::PerFile, ..) => format!("window {k} ({file})"),
            (_, Some(start), Some(end)) => {
                format!(
                    "window {k} ({} to {})",
                    format_time(start),
                    format_time(end)
                )
            }
            _ => format!("window {k}"),
        };
        let problem = Problem::WeightOverflow {
            from: source,
            to: target,
            window,
        };
        let text = options
            .format
            .unwrap_or_else(|| Format::from_path(path))
            .is_text();
        return Some(if text {
            IoError::Data {
                file,
                line,
                problem,
            }
        } else {
            IoError::Row {
                file,
                row: line,
                problem,
            }
        });
    }
    None
}
