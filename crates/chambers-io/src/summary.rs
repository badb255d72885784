//! What an input holds — users, rows, retweets, edges and the top accounts per window — read in
//! one streaming pass (two with fixed windows of unknown start), without building the graphs.

use std::path::Path;

use chambers_graph::{
    DAY, ExternalId, GraphError, GraphOptions, Interner, MAX_WINDOWS, UserId, WindowSpec,
};
use hashbrown::HashMap;

use crate::error::names;
use crate::{
    Format, IoError, Problem, ReadOptions, ReadReport, Rejection, format_time, read_edges,
};

/// The summary of an edge input: the same figures as building [`chambers_graph::Windows`] and
/// asking each graph, in memory proportional to the distinct (source, target) pairs of a window
/// (one hash entry each), not to the rows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EdgeSummary {
    /// Distinct accounts in the input (self-retweets included).
    pub users: usize,
    /// Rows read (self-retweets included).
    pub rows: u64,
    /// Retweets kept as edges (weights summed).
    pub retweets: u64,
    /// Distinct (source, target) edges, summed over windows.
    pub edges: usize,
    /// Self-retweet rows dropped by the graph options.
    pub self_loops_dropped: u64,
    /// The windows, in order (windows without events included).
    pub windows: Vec<WindowSummary>,
}

/// One window of an [`EdgeSummary`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WindowSummary {
    /// Window index.
    pub window: usize,
    /// Start instant (Unix seconds) of a fixed window.
    pub start: Option<i64>,
    /// The input file of a per-file window.
    pub file: Option<String>,
    /// Accounts with an edge in the window.
    pub users: usize,
    /// Retweets in the window.
    pub retweets: u64,
    /// Distinct edges in the window.
    pub edges: usize,
    /// Self-retweet rows dropped in the window.
    pub self_loops_dropped: u64,
    /// The top accounts by impact, ties by external id in byte order (METHOD.md §2).
    pub top: Vec<TopAccount>,
}

/// An account of a window's top list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TopAccount {
    /// The external id.
    pub account: String,
    /// Retweets received in the window.
    pub impact: u64,
    /// Distinct accounts that retweeted it in the window.
    pub retweeters: usize,
}

/// Per window while reading: the summed weight of every distinct pair, and self-retweet rows.
#[derive(Default)]
struct Window {
    pairs: HashMap<u64, u32>,
    self_loops: u64,
}

/// Summarises edge files ([`read_edges`]: any supported format) per window, with the top `top`
/// accounts by impact of each, streaming: no event list and no graph is built.
///
/// The figures equal those of [`crate::read_windows`] and the window graphs, and so do the
/// errors (rows without a time under fixed windows, rows before an explicit start, an input
/// without any usable edge, a pair whose summed weight overflows — here with its file and line).
///
/// # Errors
/// As [`crate::read_windows`].
///
/// ```
/// use chambers_graph::{GraphOptions, WindowSpec, DAY};
/// use chambers_io::{summarise_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target,time\na,L,0\nb,L,10\na,M,20\nc,L,700000\n").unwrap();
/// let spec = WindowSpec::Fixed { start: Some(0), length: 7 * DAY };
/// let (s, _) = summarise_edges(&[&path], spec, GraphOptions::default(), &ReadOptions::default(), 1)
///     .unwrap();
/// assert_eq!((s.rows, s.windows.len()), (4, 2));
/// assert_eq!(s.windows[0].top[0].account, "L");
/// assert_eq!((s.windows[0].top[0].impact, s.windows[0].top[0].retweeters), (2, 2));
/// ```
pub fn summarise_edges<P: AsRef<Path>>(
    paths: &[P],
    spec: WindowSpec,
    graph: GraphOptions,
    options: &ReadOptions,
    top: usize,
) -> Result<(EdgeSummary, ReadReport), IoError> {
    let options = &*options.for_windows(spec);
    let start = match spec {
        WindowSpec::Fixed { start: None, .. } => earliest_midnight(paths, options)?,
        WindowSpec::Fixed { start, .. } => start,
        _ => None,
    };
    let mut interner = Interner::new();
    let mut windows: Vec<Window> = Vec::new();
    let mut report = ReadReport::default();
    let mut last = 0i128;
    for (index, path) in paths.iter().enumerate() {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = options
            .format
            .unwrap_or_else(|| Format::from_path(path))
            .is_text();
        let file_report = read_edges(path, options, |row| {
            let k = match spec {
                WindowSpec::Single => 0,
                WindowSpec::PerFile => index as i128,
                WindowSpec::Fixed { length, .. } => {
                    let t = row.time.ok_or(Rejection::Row(Problem::MissingTime))?;
                    let start = start.expect("a start for fixed windows");
                    if t < start {
                        return Err(Rejection::Row(Problem::BeforeStart {
                            time: format_time(t),
                            start: format_time(start),
                        }));
                    }
                    (i128::from(t) - i128::from(start)).div_euclid(i128::from(length))
                }
            };
            let (s, t) = (interner.intern(row.source), interner.intern(row.target));
            last = last.max(k);
            if k >= i128::from(MAX_WINDOWS) {
                return Ok(()); // reported after reading, like the graph builder does
            }
            let k = k as usize;
            if windows.len() <= k {
                windows.resize_with(k + 1, Window::default);
            }
            let w = &mut windows[k];
            if s == t && !graph.keep_self_loops {
                w.self_loops += 1;
                return Ok(());
            }
            let sum = w
                .pairs
                .entry(u64::from(s.0) << 32 | u64::from(t.0))
                .or_insert(0);
            *sum = sum.checked_add(row.weight).ok_or_else(|| {
                // Not a bad row to skip: the input is fine, its total is not representable.
                let problem = Problem::WeightOverflow {
                    from: row.source.to_owned(),
                    to: row.target.to_owned(),
                    window: window_label(spec, start, k, &file),
                };
                let file = file.clone();
                Rejection::Stop(if text {
                    IoError::Data {
                        file,
                        line: row.line,
                        problem,
                    }
                } else {
                    IoError::Row {
                        file,
                        row: row.line,
                        problem,
                    }
                })
            })?;
            Ok(())
        })?;
        report.merge(file_report);
    }
    if report.rows == 0 {
        return Err(IoError::no_edges(names(paths), &report, 0));
    }
    let count = match spec {
        WindowSpec::Single => 1,
        WindowSpec::PerFile => paths.len().max(1),
        WindowSpec::Fixed { length, .. } => {
            if last >= i128::from(MAX_WINDOWS) {
                return Err(IoError::windows(
                    &names(paths),
                    GraphError::TooManyWindows {
                        windows: u64::try_from(last + 1).unwrap_or(u64::MAX),
                    },
                ));
            }
            let start = start.expect("a start for fixed windows");
            if i64::try_from(i128::from(start) + (last + 1) * i128::from(length)).is_err() {
                return Err(IoError::windows(
                    &names(paths),
                    GraphError::TimeOutOfRange { time: start },
                ));
            }
            last as usize + 1
        }
    };
    windows.resize_with(count, Window::default);
    let n = interner.len();
    let (mut seen, mut impact, mut retweeters) = (vec![false; n], vec![0u64; n], vec![0u32; n]);
    let mut summaries = Vec::with_capacity(count);
    for (k, w) in windows.into_iter().enumerate() {
        let mut touched: Vec<u32> = Vec::new();
        let mut retweets = 0u64;
        for (&pair, &weight) in &w.pairs {
            let (s, t) = ((pair >> 32) as u32, pair as u32);
            for v in [s, t] {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    touched.push(v);
                }
            }
            impact[t as usize] += u64::from(weight);
            retweeters[t as usize] += 1;
            retweets += u64::from(weight);
        }
        let mut ranked: Vec<u32> = touched
            .iter()
            .copied()
            .filter(|&v| impact[v as usize] > 0)
            .collect();
        let by_rank = |a: &u32, b: &u32| {
            impact[*b as usize]
                .cmp(&impact[*a as usize])
                .then_with(|| interner.cmp_external(UserId(*a), UserId(*b)))
        };
        if ranked.len() > top && top > 0 {
            ranked.select_nth_unstable_by(top - 1, by_rank);
        }
        ranked.truncate(top);
        ranked.sort_unstable_by(by_rank);
        let top_accounts = ranked
            .iter()
            .map(|&v| TopAccount {
                account: external(interner.external(UserId(v))),
                impact: impact[v as usize],
                retweeters: retweeters[v as usize] as usize,
            })
            .collect();
        summaries.push(WindowSummary {
            window: k,
            start: match spec {
                WindowSpec::Fixed { length, .. } => start.map(|s| s + k as i64 * length),
                _ => None,
            },
            file: match spec {
                WindowSpec::PerFile => paths.get(k).map(|p| p.as_ref().display().to_string()),
                _ => None,
            },
            users: touched.len(),
            retweets,
            edges: w.pairs.len(),
            self_loops_dropped: w.self_loops,
            top: top_accounts,
        });
        for v in touched {
            seen[v as usize] = false;
            impact[v as usize] = 0;
            retweeters[v as usize] = 0;
        }
    }
    let summary = EdgeSummary {
        users: n,
        rows: report.rows,
        retweets: summaries.iter().map(|w| w.retweets).sum(),
        edges: summaries.iter().map(|w| w.edges).sum(),
        self_loops_dropped: summaries.iter().map(|w| w.self_loops_dropped).sum(),
        windows: summaries,
    };
    if summary.edges == 0 {
        return Err(IoError::no_edges(
            names(paths),
            &report,
            summary.self_loops_dropped,
        ));
    }
    Ok((summary, report))
}

/// How an overflow error names window `k` (as [`crate::read_windows`] does).
fn window_label(spec: WindowSpec, start: Option<i64>, k: usize, file: &str) -> String {
    match (spec, start) {
        (WindowSpec::Single, _) => "the input (one window)".to_owned(),
        (WindowSpec::PerFile, _) => format!("window {k} ({file})"),
        (WindowSpec::Fixed { length, .. }, Some(start)) => {
            let at = |k: i128| {
                i64::try_from(i128::from(start) + k * i128::from(length))
                    .map_or_else(|_| "?".to_owned(), format_time)
            };
            format!("window {k} ({} to {})", at(k as i128), at(k as i128 + 1))
        }
        _ => format!("window {k}"),
    }
}

fn external(id: ExternalId<'_>) -> String {
    id.to_string()
}

/// The UTC midnight on or before the earliest time of the inputs (the start of window 0 when
/// none is given); a first pass that interns nothing.
fn earliest_midnight<P: AsRef<Path>>(
    paths: &[P],
    options: &ReadOptions,
) -> Result<Option<i64>, IoError> {
    let mut min: Option<i64> = None;
    for path in paths {
        read_edges(path.as_ref(), options, |row| {
            let t = row.time.ok_or(Rejection::Row(Problem::MissingTime))?;
            min = Some(min.map_or(t, |m| m.min(t)));
            Ok(())
        })?;
    }
    let Some(min) = min else { return Ok(Some(0)) };
    let start = i128::from(min).div_euclid(i128::from(DAY)) * i128::from(DAY);
    i64::try_from(start)
        .map(Some)
        .map_err(|_| IoError::windows(&names(paths), GraphError::TimeOutOfRange { time: min }))
}
