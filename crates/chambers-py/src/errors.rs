//! Library errors as Python exceptions: bad input is `chambers.InputError` (a `ValueError`
//! with `.file` and `.line`), bad parameters `ValueError`, a stopped run `KeyboardInterrupt`.

use chambers_echo::EchoError;
use chambers_io::IoError;
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    chambers,
    InputError,
    PyValueError,
    "Bad input: a file or frame chambers cannot read. `.file` names the file (or the frame), \
     `.line` the line (CSV, JSONL) or row (Parquet, Arrow, frames) when one is at fault."
);

/// Where an input error is: the file (or frame) and the line or row, when it names them.
fn location(e: &IoError) -> (Option<String>, Option<u64>) {
    match e {
        IoError::Data { file, line, .. } => (Some(file.clone()), Some(*line)),
        IoError::Row { file, row, .. } => (Some(file.clone()), Some(*row)),
        IoError::Open { file, .. }
        | IoError::Schema { file, .. }
        | IoError::Format { file, .. }
        | IoError::Compressed { file, .. }
        | IoError::NotBuilt { file, .. } => (Some(file.clone()), None),
        IoError::NoEdges(n) => (n.files.first().cloned(), None),
        _ => (None, None),
    }
}

/// An [`IoError`] as `chambers.InputError`, with `.file` and `.line`.
pub(crate) fn input_error(py: Python<'_>, e: &IoError) -> PyErr {
    let err = InputError::new_err(e.to_string());
    let (file, line) = location(e);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("file", file);
    let _ = value.setattr("line", line);
    err
}

/// An [`EchoError`]: `KeyboardInterrupt` when the run was stopped, else `ValueError` (every
/// other variant is a parameter or a choice that does not fit the data).
pub(crate) fn echo_error(e: &EchoError) -> PyErr {
    match e {
        EchoError::Cancelled => PyKeyboardInterrupt::new_err("chambers: the run was interrupted"),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// `ValueError` with the error's message and its causes, for parameter errors.
pub(crate) fn value_error(e: &(dyn std::error::Error + 'static)) -> PyErr {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    PyValueError::new_err(text)
}

/// `RuntimeError` for a panic in the library (a bug): Python keeps running.
pub(crate) fn panicked(payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    PyRuntimeError::new_err(format!("chambers: internal error: {what}"))
}
