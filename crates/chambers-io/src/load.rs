//! Reading edge files (or in-memory tables) into windowed retweet graphs.

use std::collections::HashMap;
use std::path::Path;

use chambers_graph::{GraphError, GraphOptions, UserId, WindowSpec, Windows, WindowsBuilder};

use crate::{
    EdgeRow, Format, IoError, Problem, ReadOptions, ReadReport, Rejection, format_time, read_edges,
};

/// One input of [`read_windows`]: a file, by any path type ([`read_edges`] reads it), or, with
/// the `parquet` feature, a table in memory ([`crate::RecordBatches`]). Every input is read by
/// the same rules and gives the same errors, naming the input.
pub trait EdgeInput {
    /// The name errors give: the path as shown, or the table's name.
    fn name(&self) -> String;

    /// Streams the input's rows to `sink`.
    ///
    /// # Errors
    /// Those of [`read_edges`].
    fn read(
        &self,
        options: &ReadOptions,
        sink: &mut dyn FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<ReadReport, IoError>;

    /// Whether [`EdgeRow::line`] counts lines of text (CSV, JSONL: errors say `file:line`)
    /// rather than rows (Parquet, Arrow, tables in memory: `file: row N`).
    fn counts_lines(&self, options: &ReadOptions) -> bool;
}

impl<P: AsRef<Path>> EdgeInput for P {
    fn name(&self) -> String {
        self.as_ref().display().to_string()
    }

    fn read(
        &self,
        options: &ReadOptions,
        sink: &mut dyn FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<ReadReport, IoError> {
        read_edges(self.as_ref(), options, sink)
    }

    fn counts_lines(&self, options: &ReadOptions) -> bool {
        options
            .format
            .unwrap_or_else(|| Format::from_path(self.as_ref()))
            .is_text()
    }
}

#[cfg(feature = "parquet")]
impl EdgeInput for crate::RecordBatches {
    fn name(&self) -> String {
        self.name().to_owned()
    }

    fn read(
        &self,
        options: &ReadOptions,
        sink: &mut dyn FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<ReadReport, IoError> {
        self.read_edges(options, sink)
    }

    fn counts_lines(&self, _: &ReadOptions) -> bool {
        false
    }
}

/// A row the windows refuse, as the readers report it (file and line added by them).
pub(crate) fn rejection(e: GraphError) -> Rejection {
    Rejection::Row(match e {
        GraphError::MissingTime => Problem::MissingTime,
        GraphError::BeforeStart { time, start } => Problem::BeforeStart {
            time: format_time(time),
            start: format_time(start),
        },
        other => Problem::Graph(other),
    })
}

/// Reads edge files of any supported format ([`read_edges`]: CSV/TSV and Twitter JSONL, plain
/// or `.gz`; Parquet; Arrow IPC), or tables in memory ([`EdgeInput`]), into [`Windows`],
/// interning ids on the way.
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
pub fn read_windows<I: EdgeInput>(
    inputs: &[I],
    spec: WindowSpec,
    graph: GraphOptions,
    options: &ReadOptions,
) -> Result<(Windows, ReadReport), IoError> {
    let options = &*options.for_windows(spec);
    let mut builder = WindowsBuilder::new(spec, graph);
    let mut report = ReadReport::default();
    let names: Vec<String> = inputs.iter().map(EdgeInput::name).collect();
    for (input, name) in inputs.iter().zip(&names) {
        builder.start_file(name);
        let file_report = input.read(options, &mut |row| {
            builder
                .push_external(row.source, row.target, row.weight, row.time)
                .map_err(rejection)
        })?;
        report.merge(file_report);
    }
    if report.rows == 0 {
        return Err(IoError::no_edges(names, &report, 0));
    }
    let windows = match builder.finish() {
        Ok(windows) => windows,
        Err(GraphError::WeightOverflow { from, to }) => {
            return Err(locate_overflow(inputs, spec, graph, options, (from, to))
                .unwrap_or(IoError::Graph(GraphError::WeightOverflow { from, to })));
        }
        Err(e) => return Err(IoError::windows(&names, e)),
    };
    if windows.windows.iter().all(|w| w.graph.n_edges() == 0) {
        let self_loops = windows
            .windows
            .iter()
            .map(|w| w.graph.self_loops_dropped())
            .sum();
        return Err(IoError::no_edges(names, &report, self_loops));
    }
    Ok((windows, report))
}

/// The error for a (source, target) pair whose summed weight overflows in some window, with the
/// accounts' external ids, the window, and the file and line of the row that brings the sum
/// over. The inputs are read twice more: with every weight 1 (the same rows give the same users,
/// ids and windows, without the overflow), then up to that row. `None` if the inputs changed in
/// between.
fn locate_overflow<I: EdgeInput>(
    inputs: &[I],
    spec: WindowSpec,
    graph: GraphOptions,
    options: &ReadOptions,
    (from, to): (UserId, UserId),
) -> Option<IoError> {
    let mut builder = WindowsBuilder::new(spec, graph);
    for input in inputs {
        builder.start_file(&input.name());
        input
            .read(options, &mut |row| {
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
    for (index, input) in inputs.iter().enumerate() {
        let mut found = None;
        // Stops at the row found (the error is only a signal).
        let _ = input.read(options, &mut |row| {
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
        let file = input.name();
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
        return Some(if input.counts_lines(options) {
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

/// What [`read_windows`] read, as result documents report it (report.json's `input`).
///
/// ```
/// use chambers_io::{read_windows, InputSummary, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target\na,b\nc,b\na,b\n").unwrap();
/// let (w, report) = read_windows(&[&path], Default::default(), Default::default(), &ReadOptions::default())
///     .unwrap();
/// let s = InputSummary::new(vec!["rt.csv".into()], &w, &report);
/// assert_eq!((s.rows, s.users, s.retweets, s.aggregated_edges), (3, 3, 3, 2));
/// ```
#[derive(Clone, Debug, serde::Serialize)]
pub struct InputSummary {
    /// The inputs, as named in errors.
    pub files: Vec<String>,
    /// Rows read (edges, before aggregation).
    pub rows: u64,
    /// Bad rows skipped.
    pub skipped_rows: u64,
    /// Rows of weight 0, left out.
    pub zero_weight_rows: u64,
    /// Distinct accounts.
    pub users: usize,
    /// Windows.
    pub windows: usize,
    /// Retweets (sum of weights) in all windows.
    pub retweets: u64,
    /// Distinct (source, target) edges summed over the windows.
    pub aggregated_edges: usize,
}

impl InputSummary {
    /// The summary of `windows`, read from `files` with `report`.
    pub fn new(files: Vec<String>, windows: &Windows, report: &ReadReport) -> Self {
        Self {
            files,
            rows: report.rows,
            skipped_rows: report.skipped,
            zero_weight_rows: report.zero_weight,
            users: windows.interner.len(),
            windows: windows.windows.len(),
            retweets: windows.windows.iter().map(|w| w.graph.retweets()).sum(),
            aggregated_edges: windows.windows.iter().map(|w| w.graph.n_edges()).sum(),
        }
    }
}
