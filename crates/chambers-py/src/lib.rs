//! The native part of the `chambers` Python package (`chambers._chambers`): reading files and
//! frames into windowed graphs, the analyses, and their tables as Arrow IPC streams. The Python
//! API (keyword arguments with the command line's names and defaults, docstrings, pyarrow
//! tables) is `python/chambers/__init__.py`, which calls these functions.
//!
//! Files: `input` (files and frames → `Edges`), `analysis` (`analyze`, `overlap`, `ideology`
//! → `Outcome` and its tables), `labels` (group names and hand labels), `tools`
//! (`bimodality`, `generate`), `detach` (work off the GIL, Ctrl-C, thread pools), `errors`
//! (library errors as Python exceptions).

mod analysis;
mod detach;
mod errors;
mod input;
mod labels;
mod tools;

use pyo3::prelude::*;

/// The native module: see `chambers` for the documented API.
#[pymodule]
fn _chambers(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<errors::InputError>())?;
    m.add_class::<input::Edges>()?;
    m.add_class::<analysis::Outcome>()?;
    m.add_function(wrap_pyfunction!(input::read_files, m)?)?;
    m.add_function(wrap_pyfunction!(input::read_stream, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::overlap, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::ideology, m)?)?;
    m.add_function(wrap_pyfunction!(tools::bimodality, m)?)?;
    m.add_function(wrap_pyfunction!(tools::generate, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
