//! The analyses: `analyze` (the whole method), `overlap` (leaders, chambers, overlaps) and
//! `ideology` (latent ideology), each returning [`Outcome`], whose tables are those the
//! command line writes, handed to pyarrow as Arrow IPC streams.

use std::sync::Arc;

use chambers_echo::{Analysis, AnalysisParams, EchoParams, Report};
use chambers_graph::{Interner, LeaderParams, Table, UserId, Windows};
use chambers_ideology::{
    IdeologyParams, LatentIdeology, Orientation, ideology_tables, latent_ideology,
};
use chambers_io::{InputSummary, table_ipc};
use chambers_overlap::{ChamberAnalysis, ChamberParams, analyse_chambers};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use serde::Serialize;

use crate::detach::detached;
use crate::errors::{echo_error, value_error};
use crate::input::{Edges, parse_name};
use crate::labels::resolve_labels;

/// What an analysis produced, with the windows its tables name accounts from.
enum Produced {
    /// `analyze`: the report and the two group names.
    Analysis {
        report: Box<Report>,
        names: Vec<String>,
    },
    /// `overlap`: the chamber stage alone.
    Overlap(ChamberAnalysis),
    /// `ideology`: the windows with a result, and the dimensions computed.
    Ideology {
        fits: Vec<(usize, LatentIdeology)>,
        dims: usize,
    },
}

/// The result of an analysis: its tables by name, and for `analyze` the report document.
#[pyclass(module = "chambers._chambers", frozen)]
pub(crate) struct Outcome {
    windows: Arc<Windows>,
    input: InputSummary,
    produced: Produced,
}

impl Outcome {
    /// Every table, in the command line's order.
    fn tables(&self) -> Vec<Table<'_>> {
        let windows = self.windows.as_ref();
        match &self.produced {
            Produced::Analysis { report, names } => report.tables(windows, names),
            Produced::Overlap(chambers) => chambers.tables(windows, None),
            Produced::Ideology { fits, dims } => {
                let fitted = fits.iter().map(|(t, li)| (*t, li)).collect();
                ideology_tables(&windows.interner, fitted, *dims).into()
            }
        }
    }
}

/// report.json of `chambers analyze`, without the run's timings.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    report: &'a Report,
    group_names: &'a [String],
    input: &'a InputSummary,
}

#[pymethods]
impl Outcome {
    /// The names of the tables, in the command line's order (its file stems).
    fn table_names(&self) -> Vec<&'static str> {
        self.tables().iter().map(Table::name).collect()
    }

    /// The table `name` as an Arrow IPC stream (typed columns; ids stay text).
    fn table_ipc<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyBytes>> {
        let tables = self.tables();
        let Some(table) = tables.iter().find(|t| t.name() == name) else {
            let known: Vec<&str> = tables.iter().map(Table::name).collect();
            return Err(PyValueError::new_err(format!(
                "no table {name:?}; the tables are {}",
                known.join(", ")
            )));
        };
        let bytes = detached(py, None, |_| table_ipc(table))?.map_err(|e| value_error(&e))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// report.json of `chambers analyze` as JSON text (without `timings_s`); `None` for the
    /// other analyses.
    fn report_json(&self) -> PyResult<Option<String>> {
        let Produced::Analysis { report, names } = &self.produced else {
            return Ok(None);
        };
        let document = Document {
            report,
            group_names: names,
            input: &self.input,
        };
        serde_json::to_string(&document)
            .map(Some)
            .map_err(|e| value_error(&e))
    }
}

/// External ids resolved against the input: each must appear, once.
pub(crate) fn resolve(interner: &Interner, ids: &[String], what: &str) -> PyResult<Vec<UserId>> {
    let mut users = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(user) = interner.get(id) else {
            return Err(PyValueError::new_err(format!(
                "{what} {id:?} does not appear in the input"
            )));
        };
        if users.contains(&user) {
            return Err(PyValueError::new_err(format!(
                "{what} {id:?} is listed twice"
            )));
        }
        users.push(user);
    }
    Ok(users)
}

/// Leaders and chambers, as the command line's `--top-n`, `--leaders`, `--exclude`,
/// `--leader-ids`.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct ChamberArgs {
    top_n: usize,
    leaders: usize,
    exclude: String,
    leader_ids: Option<Vec<String>>,
}

impl ChamberArgs {
    fn params(&self) -> PyResult<ChamberParams> {
        let params = ChamberParams::default()
            .leaders(
                LeaderParams::default()
                    .top_n(self.top_n)
                    .leaders(self.leaders),
            )
            .exclusion(parse_name("exclude", &self.exclude)?);
        params.check().map_err(|e| value_error(&e))?;
        Ok(params)
    }

    fn explicit(&self, windows: &Windows) -> PyResult<Option<Vec<UserId>>> {
        self.leader_ids
            .as_deref()
            .map(|ids| resolve(&windows.interner, ids, "leader"))
            .transpose()
    }
}

/// The flags of `chambers analyze` beyond the chamber ones.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct AnalyzeArgs {
    eta: f64,
    score: String,
    split: String,
    groups_k: String,
    mode: String,
    controversy_null: usize,
    anchor: Option<String>,
    groups: Vec<String>,
    labels: Option<Vec<(String, String)>>,
    labels_partial: bool,
    scored: Option<Vec<String>>,
    shuffles: usize,
    shuffle_scheme: String,
    null: usize,
    dip_replicates: usize,
    max_lag: usize,
    seed: u64,
}

/// The whole method (`chambers analyze`).
#[pyfunction]
#[pyo3(signature = (edges, chambers, args, threads))]
pub(crate) fn analyze(
    py: Python<'_>,
    edges: &Edges,
    chambers: ChamberArgs,
    args: AnalyzeArgs,
    threads: Option<usize>,
) -> PyResult<Outcome> {
    let windows = edges.windows.clone();
    let params = AnalysisParams::default()
        .chambers(chambers.params()?)
        .echo(
            EchoParams::default()
                .eta(args.eta)
                .score(parse_name("score", &args.score)?),
        )
        .split(parse_name("split", &args.split)?)
        .group_count(parse_name("groups_k", &args.groups_k)?)
        .controversy_realisations(args.controversy_null)
        .mode(parse_name("mode", &args.mode)?)
        .shuffles(args.shuffles)
        .shuffle_scheme(parse_name("shuffle_scheme", &args.shuffle_scheme)?)
        .null_realisations(args.null)
        .dip_replicates(args.dip_replicates)
        .max_lag(args.max_lag)
        .seed(args.seed);
    params.check().map_err(|e| echo_error(&e))?;
    let mut analysis = Analysis::new(params);
    if let Some(leaders) = chambers.explicit(&windows)? {
        analysis = analysis.with_leaders(leaders);
    }
    if let Some(anchor) = &args.anchor {
        let user = resolve(&windows.interner, std::slice::from_ref(anchor), "anchor")?;
        analysis = analysis.with_anchor(user[0]);
    }
    let (analysis, names) = resolve_labels(
        analysis,
        &windows,
        &args.groups,
        args.labels.as_deref(),
        args.labels_partial,
    )?;
    let mut analysis = analysis;
    if let Some(scored) = &args.scored {
        analysis = analysis.with_scored(resolve(&windows.interner, scored, "scored account")?);
    }
    let report = detached(py, threads, |cancel| {
        analysis.with_cancel(cancel).run(&windows)
    })?
    .map_err(|e| echo_error(&e))?;
    Ok(Outcome {
        windows,
        input: edges.input.clone(),
        produced: Produced::Analysis {
            report: Box::new(report),
            names,
        },
    })
}

/// Leaders, chambers and overlaps (`chambers overlap`).
#[pyfunction]
#[pyo3(signature = (edges, chambers, threads))]
pub(crate) fn overlap(
    py: Python<'_>,
    edges: &Edges,
    chambers: ChamberArgs,
    threads: Option<usize>,
) -> PyResult<Outcome> {
    let windows = edges.windows.clone();
    let params = chambers.params()?;
    let explicit = chambers.explicit(&windows)?;
    let analysis = detached(py, threads, |_| {
        analyse_chambers(&windows, &params, explicit.as_deref())
    })?
    .map_err(|e| value_error(&e))?;
    Ok(Outcome {
        windows,
        input: edges.input.clone(),
        produced: Produced::Overlap(analysis),
    })
}

/// Latent ideology per window (`chambers ideology`).
#[pyfunction]
#[pyo3(signature = (edges, influencers, min_influencers, dims, anchor, threads))]
pub(crate) fn ideology(
    py: Python<'_>,
    edges: &Edges,
    influencers: usize,
    min_influencers: usize,
    dims: usize,
    anchor: Option<String>,
    threads: Option<usize>,
) -> PyResult<Outcome> {
    let windows = edges.windows.clone();
    let mut params = IdeologyParams::default()
        .influencers(influencers)
        .min_influencers(min_influencers)
        .dims(dims);
    if let Some(anchor) = &anchor {
        let user = resolve(&windows.interner, std::slice::from_ref(anchor), "anchor")?;
        params = params.orientation(Orientation::Anchor(user[0]));
    }
    params.check().map_err(|e| value_error(&e))?;
    let results = detached(py, threads, |_| {
        windows
            .windows
            .par_iter()
            .map(|w| {
                (
                    w.index,
                    latent_ideology(&w.graph, &windows.interner, &params),
                )
            })
            .collect::<Vec<_>>()
    })?;
    let first_error = results
        .iter()
        .find_map(|(_, r)| r.as_ref().err().map(ToString::to_string));
    let fits: Vec<(usize, LatentIdeology)> = results
        .into_iter()
        .filter_map(|(t, r)| Some((t, r.ok()?)))
        .collect();
    if fits.is_empty() {
        return Err(PyValueError::new_err(format!(
            "latent ideology failed in every window{}",
            first_error.map_or_else(String::new, |e| format!(" (first: {e})"))
        )));
    }
    Ok(Outcome {
        windows,
        input: edges.input.clone(),
        produced: Produced::Ideology { fits, dims },
    })
}
