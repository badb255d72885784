//! Time windows: one retweet graph per window over one shared interner.

use std::num::NonZeroU32;

use rayon::prelude::*;

use crate::id::canonical_number;
use crate::{GraphError, GraphOptions, Interner, RetweetEdge, RetweetGraph, UserId};

/// Seconds in a day, for window lengths.
pub const DAY: i64 = 86_400;

/// How events are split into windows (METHOD.md §1).
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder, DAY, PAPER_START};
/// // Weekly windows with no explicit start: aligned to midnight UTC before the first retweet.
/// let mut b = WindowsBuilder::new(WindowSpec::Fixed { start: None, length: 7 * DAY }, Default::default());
/// b.push_external("u1", "@a", 1, Some(PAPER_START + 9 * 3_600)).unwrap(); // 1 March 2019, 09:00
/// b.push_external("u2", "@a", 1, Some(PAPER_START + 15 * DAY)).unwrap();
/// let w = b.finish().unwrap();
/// assert_eq!(w.windows.len(), 3); // the empty second week is kept
/// assert_eq!(w.spec, WindowSpec::Fixed { start: Some(PAPER_START), length: 7 * DAY });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WindowSpec {
    /// The whole input is one window; times are ignored.
    #[default]
    Single,
    /// Fixed-length windows `[start + k·length, start + (k+1)·length)` in Unix seconds; an event
    /// exactly on a boundary belongs to the later window. Without a start, windows are aligned to
    /// the UTC midnight on or before the earliest event.
    Fixed {
        /// Start of window 0 (Unix seconds), or `None` for the earliest event's day.
        start: Option<i64>,
        /// Window length in seconds (> 0).
        length: i64,
    },
    /// One window per input file, in the order the files are given (the layout of the authors'
    /// published data: one `source,target,weight` CSV per week).
    PerFile,
}

impl WindowSpec {
    /// Whether an event at `time` can go into these windows: fixed windows need a time, and one
    /// not before their start. The rule [`WindowsBuilder`] applies to every event, for a reader
    /// that passes events on elsewhere (to a file or a query engine) and should reject the same.
    ///
    /// # Errors
    /// [`GraphError::MissingTime`], [`GraphError::BeforeStart`].
    ///
    /// ```
    /// use chambers_graph::{DAY, WindowSpec};
    /// let weeks = WindowSpec::Fixed { start: Some(100), length: 7 * DAY };
    /// assert!(weeks.admits(Some(100)).is_ok());
    /// assert!(weeks.admits(Some(99)).is_err());
    /// assert!(weeks.admits(None).is_err());
    /// assert!(WindowSpec::Single.admits(None).is_ok());
    /// ```
    pub fn admits(&self, time: Option<i64>) -> Result<(), GraphError> {
        if let WindowSpec::Fixed { start, .. } = *self {
            let t = time.ok_or(GraphError::MissingTime)?;
            if let Some(start) = start
                && t < start
            {
                return Err(GraphError::BeforeStart { time: t, start });
            }
        }
        Ok(())
    }
}

/// One time slice of the data and its retweet graph.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
/// b.start_file("2019-w09.csv");
/// b.push_external("u1", "@a", 2, None).unwrap();
/// b.push_external("u1", "u1", 1, None).unwrap(); // a self-retweet: a row, but not an edge
/// b.start_file("2019-w10.csv");
/// let w = b.finish().unwrap();
/// let first = &w.windows[0];
/// assert_eq!(first.source_file.as_deref(), Some("2019-w09.csv"));
/// assert_eq!((first.rows, first.graph.retweets()), (2, 2));
/// assert_eq!((w.windows[1].index, w.windows[1].rows), (1, 0));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Position of the window, from 0.
    pub index: usize,
    /// Start instant (Unix seconds) for fixed windows.
    pub start: Option<i64>,
    /// End instant (exclusive) for fixed windows.
    pub end: Option<i64>,
    /// The file the window came from, for per-file windows.
    pub source_file: Option<String>,
    /// Input rows that fell into the window (before self-loop removal and aggregation).
    pub rows: u64,
    /// The aggregated retweet network of the window.
    pub graph: RetweetGraph,
}

/// A windowed dataset: one interner and one graph per window, with the same ids across windows.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// let (a, c) = (b.intern("a"), b.intern("c"));
/// b.push(a, c, 1, None).unwrap();
/// let w = b.finish().unwrap();
/// assert_eq!(w.windows.len(), 1);
/// assert_eq!(w.windows[0].graph.n_edges(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Windows {
    /// External ids of every user in any window.
    pub interner: Interner,
    /// The windows in time (or file) order; windows without events are kept, empty, so that
    /// lags between windows count calendar steps.
    pub windows: Vec<Window>,
    /// How the windows were cut.
    pub spec: WindowSpec,
}

impl Windows {
    /// Total input rows over all windows.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
    /// b.start_file("week1.csv");
    /// b.push_external("u1", "@a", 3, None).unwrap();
    /// b.push_external("u1", "@a", 1, None).unwrap();
    /// b.start_file("week2.csv");
    /// b.push_external("u2", "@a", 1, None).unwrap();
    /// let w = b.finish().unwrap();
    /// assert_eq!(w.rows(), 3); // rows, not retweets (5) nor aggregated edges (2)
    /// ```
    pub fn rows(&self) -> u64 {
        self.windows.iter().map(|w| w.rows).sum()
    }
}

#[derive(Clone, Copy, Debug)]
struct Event {
    edge: RetweetEdge,
    /// Input rows the event stands for (≥ 1; [`WindowsBuilder::push_rows`]).
    rows: u32,
    slot: i64,
}

// The row count sits in the padding: an event takes no more memory than without it.
const _: () = assert!(std::mem::size_of::<Event>() == 24);

/// Collects events (interning ids on the way) and cuts them into [`Windows`].
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder, DAY};
/// let spec = WindowSpec::Fixed { start: Some(0), length: 7 * DAY };
/// let mut b = WindowsBuilder::new(spec, Default::default());
/// let (x, y) = (b.intern("x"), b.intern("y"));
/// b.push(x, y, 1, Some(0)).unwrap();
/// b.push(x, y, 1, Some(7 * DAY)).unwrap(); // on the boundary: the later window
/// let w = b.finish().unwrap();
/// assert_eq!(w.windows.len(), 2);
/// assert_eq!(w.windows[1].start, Some(7 * DAY));
/// ```
#[derive(Debug)]
pub struct WindowsBuilder {
    spec: WindowSpec,
    options: GraphOptions,
    interner: Interner,
    events: Vec<Event>,
    files: Vec<String>,
    pending: Pending,
}

/// Events whose ids are not interned yet. [`WindowsBuilder::push_external`] queues each event
/// for a few rows after prefetching the interner slots of its numeric ids, so that the memory
/// latency of large id tables overlaps with parsing instead of stalling every row.
#[derive(Debug, Default)]
struct Pending {
    ring: Vec<PendingEvent>,
    head: usize,
    len: usize,
}

/// Rows between a prefetch and its use.
const LAG: usize = 16;

#[derive(Debug, Default)]
struct PendingEvent {
    source: PendingId,
    target: PendingId,
    weight: u32,
    rows: u32,
    slot: i64,
}

/// A numeric id, or a text id in a buffer reused from row to row.
#[derive(Debug, Default)]
struct PendingId {
    number: Option<u64>,
    text: String,
}

impl PendingId {
    fn set(&mut self, external: &str, interner: &Interner) {
        self.number = canonical_number(external.as_bytes());
        match self.number {
            Some(n) => interner.prefetch_number(n),
            None => {
                self.text.clear();
                self.text.push_str(external);
            }
        }
    }

    fn intern(&self, interner: &mut Interner) -> UserId {
        match self.number {
            Some(n) => interner.intern_number(n),
            None => interner.intern(&self.text),
        }
    }
}

impl WindowsBuilder {
    /// A builder for the given windowing and graph options.
    ///
    /// # Panics
    /// When a fixed window length is not positive (a caller contract; parameters are checked
    /// before they get here).
    pub fn new(spec: WindowSpec, options: GraphOptions) -> Self {
        if let WindowSpec::Fixed { length, .. } = spec {
            assert!(length > 0, "WindowsBuilder: window length must be positive");
        }
        Self {
            spec,
            options,
            interner: Interner::new(),
            events: Vec::new(),
            files: Vec::new(),
            pending: Pending::default(),
        }
    }

    /// Interns an external id, for [`WindowsBuilder::push`].
    ///
    /// The id is provisional: [`WindowsBuilder::finish`] renumbers users in byte order of their
    /// external ids, so that nothing downstream depends on the order of the input rows. Look
    /// users up in the finished [`Windows::interner`].
    ///
    /// ```
    /// let mut b = chambers_graph::WindowsBuilder::new(Default::default(), Default::default());
    /// let (z, a) = (b.intern("z"), b.intern("a"));
    /// b.push(z, a, 1, None).unwrap();
    /// let w = b.finish().unwrap();
    /// assert_eq!(w.interner.get("a").unwrap().0, 0); // "a" sorts first
    /// ```
    pub fn intern(&mut self, external: &str) -> UserId {
        self.drain_pending(0);
        self.interner.intern(external)
    }

    /// The interner so far (ids of the last few [`WindowsBuilder::push_external`] events may
    /// still be queued; [`WindowsBuilder::finish`] interns them).
    pub fn interner(&self) -> &Interner {
        &self.interner
    }

    /// Whether events of this windowing need a time.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let b = WindowsBuilder::new(WindowSpec::Fixed { start: None, length: 60 }, Default::default());
    /// assert!(b.needs_time());
    /// ```
    pub fn needs_time(&self) -> bool {
        matches!(self.spec, WindowSpec::Fixed { .. })
    }

    /// Starts the next input file; with [`WindowSpec::PerFile`] it opens the next window.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
    /// b.start_file("week1.csv");
    /// b.start_file("week2.csv");
    /// assert_eq!(b.finish().unwrap().windows.len(), 2);
    /// ```
    pub fn start_file(&mut self, name: &str) {
        self.drain_pending(0);
        self.files.push(name.to_owned());
    }

    /// Adds one event: `source` retweeted `target` `weight` times at `time` (Unix seconds).
    ///
    /// # Errors
    /// [`GraphError::MissingTime`] when fixed windows need a time and there is none, and
    /// [`GraphError::BeforeStart`] when the time precedes an explicit window start.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let mut b = WindowsBuilder::new(WindowSpec::Fixed { start: Some(100), length: 10 }, Default::default());
    /// let (x, y) = (b.intern("x"), b.intern("y"));
    /// assert!(b.push(x, y, 1, Some(99)).is_err());
    /// assert!(b.push(x, y, 1, None).is_err());
    /// ```
    pub fn push(
        &mut self,
        source: UserId,
        target: UserId,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), GraphError> {
        self.drain_pending(0);
        let slot = self.slot(time)?;
        self.events.push(Event {
            edge: RetweetEdge {
                source,
                target,
                weight,
            },
            rows: 1,
            slot,
        });
        Ok(())
    }

    /// Adds one event by external ids; the same as interning both ids and calling
    /// [`WindowsBuilder::push`], but faster on large inputs (ids are interned a few rows later,
    /// after their table slots are prefetched). Ids are assigned in push order all the same.
    ///
    /// # Errors
    /// As [`WindowsBuilder::push`], at once for this event.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// b.push_external("1001", "@news", 3, None).unwrap();
    /// let w = b.finish().unwrap();
    /// assert_eq!(w.windows[0].graph.retweets(), 3);
    /// assert_eq!(w.interner.external(w.windows[0].graph.user(0)).to_string(), "1001");
    /// ```
    pub fn push_external(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), GraphError> {
        self.push_rows(source, target, weight, time, NonZeroU32::MIN)
    }

    /// Adds `rows` input rows of one window between the same two accounts as one event of
    /// their summed `weight`: the same windows as `rows` calls of
    /// [`WindowsBuilder::push_external`] whose weights sum to `weight` (each window's `rows`, and
    /// each dropped self-retweet counted once per row), for a caller that has already summed its
    /// rows (a query engine's grouped events), without holding every row.
    ///
    /// # Errors
    /// As [`WindowsBuilder::push`].
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// let rows = |n| NonZeroU32::new(n).unwrap();
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// b.push_rows("u1", "@a", 5, None, rows(3)).unwrap(); // three rows, five retweets
    /// b.push_rows("u2", "u2", 4, None, rows(4)).unwrap(); // four self-retweets, dropped
    /// let w = b.finish().unwrap();
    /// let (window, graph) = (&w.windows[0], &w.windows[0].graph);
    /// assert_eq!((window.rows, graph.retweets(), graph.self_loops_dropped()), (7, 5, 4));
    /// ```
    pub fn push_rows(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
        rows: NonZeroU32,
    ) -> Result<(), GraphError> {
        let slot = self.slot(time)?;
        if self.pending.ring.is_empty() {
            self.pending.ring.resize_with(LAG, PendingEvent::default);
        }
        self.drain_pending(LAG - 1);
        let p = &mut self.pending;
        let e = &mut p.ring[(p.head + p.len) % LAG];
        p.len += 1;
        e.source.set(source, &self.interner);
        e.target.set(target, &self.interner);
        e.weight = weight;
        e.rows = rows.get();
        e.slot = slot;
        Ok(())
    }

    /// Interns queued events, oldest first, until at most `keep` remain queued.
    fn drain_pending(&mut self, keep: usize) {
        while self.pending.len > keep {
            let e = &self.pending.ring[self.pending.head];
            let source = e.source.intern(&mut self.interner);
            let target = e.target.intern(&mut self.interner);
            let edge = RetweetEdge {
                source,
                target,
                weight: e.weight,
            };
            self.events.push(Event {
                edge,
                rows: e.rows,
                slot: e.slot,
            });
            self.pending.head = (self.pending.head + 1) % LAG;
            self.pending.len -= 1;
        }
    }

    /// The window key of an event: its time, its file, or 0.
    fn slot(&self, time: Option<i64>) -> Result<i64, GraphError> {
        self.spec.admits(time)?;
        Ok(match self.spec {
            WindowSpec::Single => 0,
            WindowSpec::PerFile => self.files.len().saturating_sub(1) as i64,
            WindowSpec::Fixed { .. } => time.unwrap_or_default(),
        })
    }

    /// Numbers users in byte order of their external ids (so that results do not depend on the
    /// order of the input rows), cuts the events into windows and builds each window's graph (in
    /// parallel).
    ///
    /// # Errors
    /// [`GraphError::WeightOverflow`] from aggregation, [`GraphError::TooManyWindows`] when
    /// fixed windows would exceed [`MAX_WINDOWS`] (a window length in the wrong unit),
    /// [`GraphError::TimeOutOfRange`] when a window bound does not fit in an `i64`.
    ///
    /// ```
    /// let w = chambers_graph::WindowsBuilder::new(Default::default(), Default::default())
    ///     .finish()
    ///     .unwrap();
    /// assert_eq!(w.windows.len(), 1);
    /// ```
    pub fn finish(mut self) -> Result<Windows, GraphError> {
        self.drain_pending(0);
        if let Some(renumber) = self.interner.canonicalize() {
            self.events.par_iter_mut().for_each(|e| {
                e.edge.source = UserId(renumber[e.edge.source.index()]);
                e.edge.target = UserId(renumber[e.edge.target.index()]);
            });
        }
        // Start and end of each window, and the window of each event.
        let bounds: Vec<Bounds> = match self.spec {
            WindowSpec::Single => vec![(None, None)],
            WindowSpec::PerFile => vec![(None, None); self.files.len().max(1)],
            WindowSpec::Fixed { start, length } => {
                let (start, windows) = fixed_windows(&mut self.events, start, length)?;
                self.spec = WindowSpec::Fixed {
                    start: Some(start),
                    length,
                };
                // In i128: each bound fits an i64 (checked), their distance may not.
                let at = |k: i64| {
                    i64::try_from(i128::from(start) + i128::from(k) * i128::from(length)).ok()
                };
                (0..windows).map(|k| (at(k), at(k + 1))).collect()
            }
        };
        // Each window's edges are built in parallel runs of the events (a serial pass over
        // every event would bound the speed-up of many cores), and each is dropped once its
        // graph is built: the peak is the events plus the buckets, then the buckets plus the
        // graphs.
        let events = std::mem::take(&mut self.events);
        let run = events
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(1 << 16);
        let options = self.options;
        let buckets = bucket_by_window(&events, bounds.len(), options, run);
        drop(events);
        let graphs: Vec<(u64, RetweetGraph)> = buckets
            .into_par_iter()
            .map(|(runs, (rows, more_self_loops))| {
                let edges = match <[Vec<RetweetEdge>; 1]>::try_from(runs) {
                    Ok([edges]) => edges,
                    Err(runs) => runs.concat(),
                };
                let mut graph = RetweetGraph::from_edges(&edges, options)?;
                graph.self_loops_dropped += more_self_loops;
                Ok((rows, graph))
            })
            .collect::<Result<_, GraphError>>()?;
        let per_file = self.spec == WindowSpec::PerFile;
        let windows = graphs
            .into_iter()
            .zip(bounds)
            .enumerate()
            .map(|(index, ((rows, graph), (start, end)))| Window {
                index,
                start,
                end,
                source_file: if per_file {
                    self.files.get(index).cloned()
                } else {
                    None
                },
                rows,
                graph,
            })
            .collect();
        Ok(Windows {
            interner: self.interner,
            windows,
            spec: self.spec,
        })
    }
}

/// Start and end instants of a window, when it has them.
type Bounds = (Option<i64>, Option<i64>);

/// The most fixed windows one dataset may have: more means a window length in the wrong unit.
pub const MAX_WINDOWS: i64 = 100_000;

/// Assigns each event its fixed window (`e.slot` becomes the window index) and returns the start
/// of window 0 and the number of windows. Without an explicit `start`, window 0 starts at the
/// UTC midnight on or before the earliest event. The arithmetic is exact for every `i64` time:
/// a window whose bounds do not fit in an `i64`, or more than [`MAX_WINDOWS`] windows, is an
/// error, never a wrap-around.
/// A window's input rows, and the rows of its dropped self-retweets beyond one per event (the
/// graph counts one per event).
type Rows = (u64, u64);

/// Per window: its edges in event order, as one bucket per run of `run` events (exactly sized;
/// the buckets of a window, one after the other, are its events in order whatever `run` is),
/// and its [`Rows`].
type WindowBuckets = (Vec<Vec<RetweetEdge>>, Rows);

/// Splits `events` by window (`slot`, already a window index) in parallel runs of `run` events.
fn bucket_by_window(
    events: &[Event],
    windows: usize,
    options: GraphOptions,
    run: usize,
) -> Vec<WindowBuckets> {
    let runs: Vec<Vec<(Vec<RetweetEdge>, Rows)>> = events
        .par_chunks(run.max(1))
        .map(|run| {
            let mut sizes = vec![0usize; windows];
            for e in run {
                sizes[e.slot as usize] += 1;
            }
            let mut out: Vec<(Vec<RetweetEdge>, Rows)> = sizes
                .iter()
                .map(|&n| (Vec::with_capacity(n), (0, 0)))
                .collect();
            for e in run {
                let (edges, rows) = &mut out[e.slot as usize];
                rows.0 += u64::from(e.rows);
                if !options.keep_self_loops && e.edge.source == e.edge.target {
                    rows.1 += u64::from(e.rows) - 1;
                }
                edges.push(e.edge);
            }
            out
        })
        .collect();
    let mut per_window: Vec<WindowBuckets> = (0..windows)
        .map(|_| (Vec::with_capacity(runs.len()), (0, 0)))
        .collect();
    for run in runs {
        for ((buckets, rows), (edges, more)) in per_window.iter_mut().zip(run) {
            buckets.push(edges);
            rows.0 += more.0;
            rows.1 += more.1;
        }
    }
    per_window
}

fn fixed_windows(
    events: &mut [Event],
    start: Option<i64>,
    length: i64,
) -> Result<(i64, i64), GraphError> {
    let Some((min, max)) = events
        .par_iter()
        .map(|e| (e.slot, e.slot))
        .reduce_with(|(a, b), (c, d)| (a.min(c), b.max(d)))
    else {
        return Ok((start.unwrap_or(0), 1));
    };
    let start = match start {
        Some(s) => i128::from(s),
        None => i128::from(min).div_euclid(i128::from(DAY)) * i128::from(DAY),
    };
    let length128 = i128::from(length);
    let last = (i128::from(max) - start).div_euclid(length128);
    if last >= i128::from(MAX_WINDOWS) {
        return Err(GraphError::TooManyWindows {
            windows: u64::try_from(last + 1).unwrap_or(u64::MAX),
        });
    }
    let end = start + (last + 1) * length128;
    let (Ok(start), Ok(_)) = (i64::try_from(start), i64::try_from(end)) else {
        return Err(GraphError::TimeOutOfRange { time: min.min(max) });
    };
    // 0 ≤ e.slot − start < MAX_WINDOWS · length, and both ends fit an i64 (checked above), so
    // the difference and the quotient are exact in i64.
    events
        .par_iter_mut()
        .for_each(|e| e.slot = (e.slot - start) / length);
    Ok((start, last as i64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_align_to_the_first_midnight_and_keep_gaps() {
        let spec = WindowSpec::Fixed {
            start: None,
            length: DAY,
        };
        let mut b = WindowsBuilder::new(spec, GraphOptions::default());
        let (x, y) = (b.intern("x"), b.intern("y"));
        b.push(x, y, 1, Some(3 * DAY + 5)).unwrap();
        b.push(x, y, 2, Some(5 * DAY + DAY - 1)).unwrap();
        let w = b.finish().unwrap();
        assert_eq!(w.windows.len(), 3);
        assert_eq!(w.windows[0].start, Some(3 * DAY));
        assert_eq!(w.windows[1].rows, 0);
        assert_eq!(w.windows[2].graph.retweets(), 2);
        assert_eq!(w.rows(), 2);
    }

    #[test]
    fn per_file_windows_follow_file_order() {
        let mut b = WindowsBuilder::new(WindowSpec::PerFile, GraphOptions::default());
        b.start_file("w1.csv");
        let (x, y) = (b.intern("x"), b.intern("y"));
        b.push(x, y, 1, None).unwrap();
        b.start_file("w2.csv");
        b.push(y, x, 1, None).unwrap();
        b.push(y, x, 1, None).unwrap();
        let w = b.finish().unwrap();
        assert_eq!(w.windows[0].source_file.as_deref(), Some("w1.csv"));
        assert_eq!(w.windows[1].rows, 2);
        assert_eq!(
            w.windows[1]
                .graph
                .impact(w.windows[1].graph.local(x).unwrap()),
            2
        );
    }

    proptest::proptest! {
        /// Queued interning assigns the same ids and edges as interning row by row.
        #[test]
        fn push_external_matches_push(
            rows in proptest::collection::vec((0u8..30, 0u8..30, 1u32..3, proptest::bool::ANY), 0..100),
        ) {
            let name = |x: u8, text: bool| if text { format!("t{x}") } else { x.to_string() };
            let mut a = WindowsBuilder::new(WindowSpec::PerFile, GraphOptions::default());
            let mut b = WindowsBuilder::new(WindowSpec::PerFile, GraphOptions::default());
            for (i, &(s, t, w, text)) in rows.iter().enumerate() {
                if i % 40 == 0 {
                    a.start_file("f");
                    b.start_file("f");
                }
                let (s, t) = (name(s, text), name(t, !text));
                a.push_external(&s, &t, w, None).unwrap();
                let (s, t) = (b.intern(&s), b.intern(&t));
                b.push(s, t, w, None).unwrap();
            }
            let (a, b) = (a.finish().unwrap(), b.finish().unwrap());
            proptest::prop_assert_eq!(a.interner.len(), b.interner.len());
            for (x, y) in a.windows.iter().zip(&b.windows) {
                proptest::prop_assert_eq!(x.graph.edges().collect::<Vec<_>>(), y.graph.edges().collect::<Vec<_>>());
                proptest::prop_assert_eq!(x.graph.users(), y.graph.users());
            }
        }
    }

    proptest::proptest! {
        /// One event of several rows builds the windows of those rows pushed one by one: the
        /// same ids, edges, window rows and dropped (or kept) self-retweets.
        #[test]
        fn push_rows_matches_its_rows_pushed_one_by_one(
            events in proptest::collection::vec(
                (0u8..6, 0u8..6, proptest::collection::vec(1u32..4, 1..5), 0i64..30),
                0..40,
            ),
            keep in proptest::bool::ANY,
        ) {
            let spec = WindowSpec::Fixed { start: Some(0), length: 10 };
            let options = GraphOptions::default().with_self_loops(keep);
            let (mut summed, mut one_by_one) =
                (WindowsBuilder::new(spec, options), WindowsBuilder::new(spec, options));
            for (s, t, weights, time) in &events {
                let (s, t) = (s.to_string(), t.to_string());
                let rows = NonZeroU32::new(weights.len() as u32).unwrap();
                summed.push_rows(&s, &t, weights.iter().sum(), Some(*time), rows).unwrap();
                for &w in weights {
                    one_by_one.push_external(&s, &t, w, Some(*time)).unwrap();
                }
            }
            let (a, b) = (summed.finish().unwrap(), one_by_one.finish().unwrap());
            proptest::prop_assert_eq!(a.interner.len(), b.interner.len());
            proptest::prop_assert_eq!(a.windows, b.windows);
        }
    }

    #[test]
    fn absurd_window_counts_are_refused() {
        let mut b = WindowsBuilder::new(
            WindowSpec::Fixed {
                start: Some(0),
                length: 1,
            },
            GraphOptions::default(),
        );
        let (x, y) = (b.intern("x"), b.intern("y"));
        b.push(x, y, 1, Some(10_000_000)).unwrap();
        assert!(matches!(b.finish(), Err(GraphError::TooManyWindows { .. })));
    }

    /// Times at the ends of the i64 range: an error or a window, never a panic or a wrap-around.
    #[test]
    fn extreme_times_never_wrap() {
        let build = |times: &[i64], start: Option<i64>| {
            let mut b = WindowsBuilder::new(
                WindowSpec::Fixed {
                    start,
                    length: 7 * DAY,
                },
                GraphOptions::default(),
            );
            for &t in times {
                b.push_external("x", "y", 1, Some(t)).unwrap();
            }
            b.finish()
        };
        assert!(matches!(
            build(&[i64::MIN], None),
            Err(GraphError::TimeOutOfRange { .. })
        ));
        assert!(matches!(
            build(&[i64::MIN + 7 * DAY, i64::MAX], None),
            Err(GraphError::TooManyWindows { .. })
        ));
        assert!(matches!(
            build(&[i64::MAX], None),
            Err(GraphError::TimeOutOfRange { .. })
        ));
        // Far but representable: one window holding the event.
        let far = i64::MIN / 2;
        let w = build(&[far], None).unwrap();
        assert_eq!(w.windows.len(), 1);
        let (start, end) = (w.windows[0].start.unwrap(), w.windows[0].end.unwrap());
        assert!(start <= far && far < end);
        let w = build(&[far, far + 20 * DAY], Some(far)).unwrap();
        assert_eq!(w.windows.len(), 3);
    }

    proptest::proptest! {
        /// Cut into runs of any length, each window's edges are its events in order, and its
        /// rows their sum.
        #[test]
        fn runs_of_any_length_bucket_the_same(
            rows in proptest::collection::vec((0u32..9, 0u32..9, 1u32..3, 0i64..4), 0..80),
            run in 1usize..20,
        ) {
            let events: Vec<Event> = rows
                .iter()
                .map(|&(s, t, w, slot)| Event {
                    edge: RetweetEdge { source: UserId(s), target: UserId(t), weight: w },
                    rows: w,
                    slot,
                })
                .collect();
            let options = GraphOptions::default();
            let flat = |b: Vec<WindowBuckets>| -> Vec<(Vec<RetweetEdge>, Rows)> {
                b.into_iter().map(|(runs, rows)| (runs.concat(), rows)).collect()
            };
            let one = flat(bucket_by_window(&events, 4, options, usize::MAX));
            proptest::prop_assert_eq!(flat(bucket_by_window(&events, 4, options, run)), one.clone());
            for (w, (edges, (rows, _))) in one.iter().enumerate() {
                let mine: Vec<&Event> = events.iter().filter(|e| e.slot == w as i64).collect();
                proptest::prop_assert_eq!(edges.clone(), mine.iter().map(|e| e.edge).collect::<Vec<_>>());
                proptest::prop_assert_eq!(*rows, mine.iter().map(|e| u64::from(e.rows)).sum::<u64>());
            }
        }

        /// Ids and graphs do not depend on the order of the input rows.
        #[test]
        fn row_order_does_not_matter(
            rows in proptest::collection::vec((0u8..12, 0u8..12, 1u32..3, 0i64..40), 1..60),
            seed in 0u64..1000,
        ) {
            let build = |rows: &[(u8, u8, u32, i64)]| {
                let spec = WindowSpec::Fixed { start: Some(0), length: 10 };
                let mut b = WindowsBuilder::new(spec, GraphOptions::default());
                for &(s, t, w, time) in rows {
                    let name = |x: u8| if x.is_multiple_of(3) { format!("n{x}") } else { x.to_string() };
                    b.push_external(&name(s), &name(t), w, Some(time)).unwrap();
                }
                b.finish().unwrap()
            };
            let mut shuffled = rows.clone();
            // A seeded Fisher–Yates shuffle.
            let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let (a, b) = (build(&rows), build(&shuffled));
            proptest::prop_assert_eq!(a.interner.len(), b.interner.len());
            for u in 0..a.interner.len() as u32 {
                proptest::prop_assert_eq!(a.interner.external(UserId(u)), b.interner.external(UserId(u)));
            }
            for (x, y) in a.windows.iter().zip(&b.windows) {
                proptest::prop_assert_eq!(x.graph.edges().collect::<Vec<_>>(), y.graph.edges().collect::<Vec<_>>());
            }
        }
    }
}
