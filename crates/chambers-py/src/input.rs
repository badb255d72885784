//! Inputs: files read by the command line's rules, and frames (pandas through pyarrow, Polars,
//! pyarrow, anything with `__arrow_c_stream__`) handed over through the Arrow C stream
//! interface without copying their columns; both become [`Edges`], windowed retweet graphs.

use std::sync::Arc;

use arrow_array::RecordBatchReader;
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use chambers_graph::{GraphOptions, WindowSpec, Windows, parse_duration};
use chambers_io::{
    Columns, EdgeInput, Format, InputSummary, Interactions, ReadOptions, ReadReport, RecordBatches,
    TimeUnit, parse_time, read_windows,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::detach::detached;
use crate::errors::{input_error, value_error};

/// Retweets read into windows: what `chambers.read` and `chambers.from_frame` return and every
/// analysis takes. Reading once and analysing many times reuses the graphs.
#[pyclass(module = "chambers._chambers", frozen)]
pub(crate) struct Edges {
    pub(crate) windows: Arc<Windows>,
    pub(crate) input: InputSummary,
}

#[pymethods]
impl Edges {
    /// The number of windows.
    #[getter]
    fn windows(&self) -> usize {
        self.windows.windows.len()
    }

    /// The number of distinct accounts.
    #[getter]
    fn users(&self) -> usize {
        self.windows.interner.len()
    }

    /// The number of retweets (sum of weights) in all windows.
    #[getter]
    fn retweets(&self) -> u64 {
        self.input.retweets
    }

    /// What was read, as report.json's `input` (files, rows, skipped rows, …), as JSON text.
    fn input_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.input).map_err(|e| value_error(&e))
    }

    fn __repr__(&self) -> String {
        format!(
            "Edges(windows={}, users={}, retweets={})",
            self.windows(),
            self.users(),
            self.retweets()
        )
    }
}

/// The windows asked for: none, fixed windows of a length (`7d`) from a start, or one per file.
fn window_spec(
    window: Option<&str>,
    window_start: Option<&str>,
    per_file: bool,
) -> PyResult<WindowSpec> {
    match (window, window_start, per_file) {
        (Some(_), _, true) => Err(PyValueError::new_err(
            "window and per_file exclude each other",
        )),
        (None, Some(_), _) => Err(PyValueError::new_err("window_start needs window")),
        (None, None, true) => Ok(WindowSpec::PerFile),
        (None, None, false) => Ok(WindowSpec::Single),
        (Some(length), start, false) => {
            let start = match start {
                Some(s) => Some(parse_time(s.as_bytes()).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "bad window_start {s:?}: expected RFC 3339, a date or Unix seconds"
                    ))
                })?),
                None => None,
            };
            Ok(WindowSpec::Fixed {
                start,
                length: parse_duration(length).map_err(|e| value_error(&e))?,
            })
        }
    }
}

/// Parses a name the library knows (`format`, `interactions`, `time_unit`, …) into its type.
pub(crate) fn parse_name<T: std::str::FromStr>(what: &str, text: &str) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e| PyValueError::new_err(format!("bad {what} {text:?}: {e}")))
}

/// Column names and row handling, as the command line's flags.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct ReadArgs {
    source: String,
    target: String,
    weight: String,
    time: String,
    format: Option<String>,
    interactions: String,
    time_unit: String,
    skip_bad_rows: bool,
    keep_self_loops: bool,
}

impl ReadArgs {
    fn options(&self) -> PyResult<(ReadOptions, GraphOptions)> {
        let format: Option<Format> = match &self.format {
            Some(f) => Some(parse_name("format", f)?),
            None => None,
        };
        let interactions: Interactions = parse_name("interactions", &self.interactions)?;
        let unit: TimeUnit = parse_name("time_unit", &self.time_unit)?;
        let columns = Columns::default()
            .source(&self.source)
            .target(&self.target)
            .weight(&self.weight)
            .time(&self.time);
        let options = ReadOptions::default()
            .columns(columns)
            .skip_bad_rows(self.skip_bad_rows)
            .format(format)
            .interactions(interactions)
            .time_unit(unit);
        let graph = GraphOptions::default().with_self_loops(self.keep_self_loops);
        Ok((options, graph))
    }
}

/// Reads `inputs` into [`Edges`] with the GIL released.
fn load<I: EdgeInput + Sync>(
    py: Python<'_>,
    inputs: &[I],
    spec: WindowSpec,
    args: &ReadArgs,
) -> PyResult<Edges> {
    let (options, graph) = args.options()?;
    let read = detached(py, None, |_| read_windows(inputs, spec, graph, &options))?;
    let (windows, report): (Windows, ReadReport) = read.map_err(|e| input_error(py, &e))?;
    let files = inputs.iter().map(EdgeInput::name).collect();
    Ok(Edges {
        input: InputSummary::new(files, &windows, &report),
        windows: Arc::new(windows),
    })
}

/// Reads files of any format the command line reads.
#[pyfunction]
#[pyo3(signature = (paths, window, window_start, per_file, args))]
pub(crate) fn read_files(
    py: Python<'_>,
    paths: Vec<std::path::PathBuf>,
    window: Option<&str>,
    window_start: Option<&str>,
    per_file: bool,
    args: ReadArgs,
) -> PyResult<Edges> {
    if paths.is_empty() {
        return Err(PyValueError::new_err("read needs at least one file"));
    }
    load(
        py,
        &paths,
        window_spec(window, window_start, per_file)?,
        &args,
    )
}

/// Reads a table exposing `__arrow_c_stream__` (pyarrow Table or RecordBatch, Polars frame,
/// …) by the rules of Parquet and Arrow files; errors name `name` and the row.
#[pyfunction]
#[pyo3(signature = (table, name, window, window_start, args))]
pub(crate) fn read_stream(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    name: String,
    window: Option<&str>,
    window_start: Option<&str>,
    args: ReadArgs,
) -> PyResult<Edges> {
    if !table.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "expected a pandas or Polars DataFrame, a pyarrow Table or RecordBatch, or an object \
             with __arrow_c_stream__, not {}",
            table.get_type().name()?
        )));
    }
    let capsule = table.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: a capsule named "arrow_array_stream" holds an FFI_ArrowArrayStream (the Arrow
    // PyCapsule interface); from_raw moves the stream out and leaves a released one behind,
    // which the capsule's destructor then skips.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast()) };
    let reader = ArrowArrayStreamReader::try_new(stream).map_err(|e| value_error(&e))?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| value_error(&e))?;
    let frame = RecordBatches::new(name, schema, batches);
    load(
        py,
        std::slice::from_ref(&frame),
        window_spec(window, window_start, false)?,
        &args,
    )
}
