//! `bimodality` of any values and `generate` (planted-group retweets), as the command line's
//! subcommands of the same names.

use chambers_graph::{SynthParams, Table, generate as synthesise};
use chambers_io::{ArrowEdgeWriter, EdgeWrite, table_ipc};
use chambers_stats::{BimodalityParams, DipTestParams, bimodality as measure};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::detach::detached;
use crate::errors::value_error;

/// Bimodality statistics (Sarle, Hartigan's dip with its Monte-Carlo p-value, the mixture, the
/// KDE valley) as the JSON `chambers bimodality` prints.
#[pyfunction]
#[pyo3(signature = (values, replicates, seed))]
pub(crate) fn bimodality(
    py: Python<'_>,
    values: Vec<f64>,
    replicates: usize,
    seed: u64,
) -> PyResult<String> {
    let params =
        BimodalityParams::default().dip(DipTestParams::default().replicates(replicates).seed(seed));
    let result = detached(py, None, |_| measure(&values, &params))?.map_err(|e| value_error(&e))?;
    serde_json::to_string(&result).map_err(|e| value_error(&e))
}

/// The parameters of `chambers generate`.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct GenerateArgs {
    users: usize,
    edges: usize,
    groups: usize,
    sizes: Vec<f64>,
    windows: usize,
    cross: f64,
    activity: f64,
    popularity: f64,
    churn: f64,
    seed: u64,
}

/// Seeded planted-group retweet events (the canonical edge table: source, target, weight,
/// time) and the planted truth (user, group), both as Arrow IPC (file form, then stream form); the same events as
/// `chambers generate` writes (user `u` is the id `u + 1`).
#[pyfunction]
#[pyo3(signature = (args))]
pub(crate) fn generate<'py>(
    py: Python<'py>,
    args: GenerateArgs,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let params = SynthParams::default()
        .users(args.users)
        .events(args.edges)
        .groups(args.groups)
        .sizes(args.sizes)
        .windows(args.windows)
        .cross(args.cross)
        .churn(args.churn)
        .activity_exponent(args.activity)
        .popularity_exponent(args.popularity)
        .seed(args.seed);
    let (events, labels) = detached(py, None, |_| {
        let synthetic = synthesise(&params).map_err(|e| value_error(&e))?;
        let mut events = ArrowEdgeWriter::new(Vec::new()).map_err(|e| value_error(&e))?;
        for e in &synthetic.events {
            let (source, target) = (u64::from(e.source) + 1, u64::from(e.target) + 1);
            events
                .write(&source.to_string(), &target.to_string(), 1, Some(e.time))
                .map_err(|e| value_error(&e))?;
        }
        let events = events.finish().map_err(|e| value_error(&e))?;
        let groups = &synthetic.groups;
        let table = Table::new("labels", &["user", "group"], move |sink| {
            for (u, g) in groups.iter().enumerate() {
                sink(&[(u + 1).to_string(), g.to_string()])?;
            }
            Ok(())
        })
        .text(&["user"]);
        let labels = table_ipc(&table).map_err(|e| value_error(&e))?;
        Ok::<_, PyErr>((events, labels))
    })??;
    Ok((PyBytes::new(py, &events), PyBytes::new(py, &labels)))
}
