//! Reading edge files into windowed retweet graphs.

use std::path::Path;

use chambers_graph::{GraphError, GraphOptions, WindowSpec, Windows, WindowsBuilder};

use crate::{IoError, Problem, ReadOptions, ReadReport, Rejection, format_time, read_edges};

/// Reads edge files of any supported format ([`read_edges`]: CSV/TSV and Twitter JSONL, plain
/// or `.gz`; Parquet; Arrow IPC) into [`Windows`], interning ids on the way.
///
/// With [`WindowSpec::PerFile`] each file is one window, in the order given. Fixed windows need
/// a time column.
///
/// # Errors
/// Every [`IoError`] of [`read_edges`], a missing time column when time windows are
/// requested, rows before an explicit window start (file and line named), an input without
/// any retweet, and weight overflow on aggregation.
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
    let mut builder = WindowsBuilder::new(spec, graph);
    let mut report = ReadReport::default();
    for path in paths {
        let path = path.as_ref();
        builder.start_file(&path.display().to_string());
        let needs_time = builder.needs_time();
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
        if needs_time && !file_report.has_time && file_report.rows > 0 {
            return Err(IoError::Data {
                file: path.display().to_string(),
                line: 1,
                problem: Problem::MissingColumn {
                    column: options.columns.time.clone(),
                    header: "(time windows need a time column)".into(),
                },
            });
        }
        report.merge(file_report);
    }
    if report.rows == 0 {
        return Err(IoError::Input(
            "the input holds no retweets (no data rows)".into(),
        ));
    }
    let windows = builder.finish()?;
    Ok((windows, report))
}
