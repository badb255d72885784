//! Group names and hand labels of `analyze` (`groups=`, `labels=`), by the command line's
//! rules ([`chambers_echo::hand_labels`]).

use chambers_echo::{Analysis, LabelError, Unlabelled, check_group_names, hand_labels};
use chambers_graph::Windows;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Checks `groups` and applies hand labels (`(leader, group)` pairs) to `analysis`; returns it
/// with the group names the outputs use.
pub(crate) fn resolve_labels(
    analysis: Analysis,
    windows: &Windows,
    groups: &[String],
    labels: Option<&[(String, String)]>,
    partial: bool,
) -> PyResult<(Analysis, Vec<String>)> {
    let fail = |e: LabelError| {
        PyValueError::new_err(match e {
            LabelError::Empty { row } | LabelError::Twice { row, .. } => {
                format!("labels, item {row}: {e}")
            }
            other => other.to_string(),
        })
    };
    check_group_names(groups).map_err(fail)?;
    let Some(rows) = labels else {
        return Ok((analysis, groups.to_vec()));
    };
    let resolved = hand_labels(rows, &windows.interner, groups).map_err(fail)?;
    let unlabelled = match partial {
        true => Unlabelled::Unassigned,
        false => Unlabelled::Error,
    };
    Ok((
        analysis.with_labels(resolved.labels, unlabelled),
        resolved.names,
    ))
}
