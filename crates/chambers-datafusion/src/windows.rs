//! The out-of-core read: Parquet events reduced on the engine to each window's distinct
//! weighted edges, then built into the in-memory [`Windows`] that every later stage reads, so
//! the whole analysis (`chambers_echo::Analysis`) runs unchanged on an archive larger than
//! memory, holding only its distinct edges.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, UInt64Type};
use datafusion::error::DataFusionError;
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::physical_plan::execute_stream;
use datafusion::prelude::*;
use futures::StreamExt;

use chambers_graph::{GraphOptions, WindowSpec, Windows, WindowsBuilder};

use crate::analysis::{block_on, int_column, missing, session, spill_count};
use crate::{EngineError, EngineParams, plans, read_events};

/// The windows of [`load_windows`], with what the engine counted and how long it took.
#[derive(Clone, Debug)]
pub struct EngineWindows {
    /// The windowed graphs, as `chambers_io::read_windows` builds them from the same events.
    pub windows: Windows,
    /// Input rows of positive weight (self-retweets included): the in-memory reader's `rows`.
    pub rows: u64,
    /// Input rows of weight 0, left out.
    pub zero_weight: u64,
    /// Whether the events have a time column (with windows per file: any of them).
    pub has_time: bool,
    /// Spill files the engine wrote (DataFusion's `spill_count`, summed over operators).
    pub spills: usize,
    /// Wall time of each phase.
    pub phases: LoadPhases,
}

/// Wall times of [`load_windows`]' phases.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LoadPhases {
    /// Scanning the events for the span of the windows and the rows of weight 0.
    pub scan: Duration,
    /// Running the reduction to distinct weighted edges and streaming them to the driver.
    pub reduce: Duration,
    /// Building the in-memory graphs from the reduced rows (`WindowsBuilder::finish`).
    pub build: Duration,
}

/// Reads Parquet `paths` (files, folders or globs) into [`Windows`] with the DataFusion engine:
/// the engine assigns each event its window ([`read_events`]: the in-memory boundary rule,
/// rows of weight 0 left out) and sums the events into each window's distinct edges
/// ([`plans::weighted_edges`]) out of core, spilling under `engine`'s memory limit; the driver
/// pushes one event per distinct edge, with the input rows it sums, into a `WindowsBuilder`
/// (`push_rows`), whose canonical renumbering makes the ids independent of the order the engine
/// returns rows in, and whose graphs apply the self-retweet rule of `graph` as in memory
/// (self-retweets reach the builder, so the accounts, windows and dropped rows they bring are
/// counted alike). With [`WindowSpec::PerFile`] each entry of `paths` (a file, folder or glob)
/// is one window, in order and named by the entry, as `read_windows` makes each file one: the
/// entries are reduced one after the other, and no time column is needed.
///
/// The result equals `chambers_io::read_windows` on the same events: every account id, window
/// bound, edge weight, window row count and dropped self-retweet.
///
/// # Errors
/// `engine.check()`'s, those of [`read_events`],
/// [`EngineError::NoEvents`] when no row has a positive weight, [`EngineError::WeightOverflow`]
/// when an edge's weights sum past `u32::MAX`, and the engine's.
///
/// ```no_run
/// # fn demo() -> Result<(), chambers_datafusion::EngineError> {
/// use chambers_datafusion::{EngineParams, load_windows};
/// use chambers_graph::{WindowSpec, DAY};
/// let spec = WindowSpec::Fixed { start: None, length: 7 * DAY };
/// let engine = EngineParams::default().memory_limit(Some(4 << 30));
/// let w = load_windows(&["events/".to_string()], spec, Default::default(), &engine)?;
/// println!("{} windows, {} spill files", w.windows.windows.len(), w.spills);
/// # Ok(()) }
/// ```
pub fn load_windows(
    paths: &[String],
    spec: WindowSpec,
    graph: GraphOptions,
    engine: &EngineParams,
) -> Result<EngineWindows, EngineError> {
    engine.check()?;
    block_on(reduce(paths, spec, graph, engine))
}

/// The plans of [`load_windows`], run on the caller's runtime.
async fn reduce(
    paths: &[String],
    spec: WindowSpec,
    graph: GraphOptions,
    engine: &EngineParams,
) -> Result<EngineWindows, EngineError> {
    let mut phases = LoadPhases::default();
    let clock = Instant::now();
    let ctx = session(engine).await?;
    let zero_weight = zero_weight_rows(&ctx, paths).await?;
    let (mut spills, mut has_time) = (0, false);
    let mut builder;
    if spec == WindowSpec::PerFile {
        // One window per path, in order: each path's events reduced on their own.
        phases.scan = clock.elapsed();
        let clock = Instant::now();
        builder = WindowsBuilder::new(spec, graph);
        for path in paths {
            builder.start_file(path);
            let events = read_events(&ctx, std::slice::from_ref(path), WindowSpec::Single, true);
            let events = events.await?;
            has_time |= events.has_time;
            spills += push_edges(&ctx, events.frame, &mut builder, None, graph).await?;
        }
        phases.reduce = clock.elapsed();
    } else {
        // Self-retweets go to the builder, which drops them unless `graph` keeps them.
        let events = read_events(&ctx, paths, spec, true).await?;
        has_time = events.has_time;
        phases.scan = clock.elapsed();
        let clock = Instant::now();
        let fixed = match spec {
            WindowSpec::Fixed { length, .. } => events.start.map(|start| (start, length)),
            _ => None,
        };
        let builder_spec = match fixed {
            Some((start, length)) => WindowSpec::Fixed {
                start: Some(start),
                length,
            },
            None => WindowSpec::Single,
        };
        builder = WindowsBuilder::new(builder_spec, graph);
        spills += push_edges(&ctx, events.frame, &mut builder, fixed, graph).await?;
        phases.reduce = clock.elapsed();
    }

    let clock = Instant::now();
    let windows = builder.finish()?;
    let rows = windows.rows();
    if rows == 0 {
        return Err(EngineError::NoEvents {
            table: paths.join(", "),
            zero_weight,
        });
    }
    phases.build = clock.elapsed();
    Ok(EngineWindows {
        windows,
        rows,
        zero_weight,
        has_time,
        spills,
        phases,
    })
}

/// Sums `events` (windowed as [`read_events`] gives them) into distinct weighted edges on the
/// engine and pushes them into `builder`, one event per edge with the input rows it sums;
/// `fixed` is (start, length) of fixed windows, whose window k starts at start + k·length.
/// Returns the spill files the plan wrote.
async fn push_edges(
    ctx: &SessionContext,
    events: DataFrame,
    builder: &mut WindowsBuilder,
    fixed: Option<(i64, i64)>,
    graph: GraphOptions,
) -> Result<usize, EngineError> {
    let plan = plans::weighted_edges(events)?
        .create_physical_plan()
        .await?;
    let mut stream = execute_stream(plan.clone(), ctx.task_ctx())?;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let (window, rows) = (int_column(&batch, "window")?, int_column(&batch, "rows")?);
        let (source, target) = (
            text_column(&batch, "source")?,
            text_column(&batch, "target")?,
        );
        let weight = batch
            .column_by_name("weight")
            .ok_or_else(|| missing("weight"))?;
        let weight = cast(weight, &DataType::UInt64).map_err(DataFusionError::from)?;
        let weight = weight.as_primitive::<UInt64Type>();
        for i in 0..batch.num_rows() {
            let (s, t, k) = (source.value(i), target.value(i), window[i]);
            let time = fixed.map(|(start, length)| start + k * length);
            let kept = s != t || graph.keep_self_loops;
            // As in memory, the weights of a dropped self-retweet are never summed.
            let w = match u32::try_from(weight.value(i)) {
                Ok(w) => w,
                Err(_) if !kept => u32::MAX,
                Err(_) => {
                    return Err(EngineError::WeightOverflow {
                        from: s.to_owned(),
                        to: t.to_owned(),
                        window: k as usize,
                        weight: weight.value(i),
                    });
                }
            };
            // The edge's rows go in as one event; every row has a weight of 1 or more, so only
            // a dropped self-retweet can stand for more than u32::MAX rows: in parts.
            let mut left = rows[i] as u64;
            while let Some(part) = NonZeroU32::new(left.min(u64::from(u32::MAX)) as u32) {
                builder.push_rows(s, t, w, time, part)?;
                left -= u64::from(part.get());
            }
        }
    }
    Ok(spill_count(plan.as_ref()))
}

/// Rows of weight 0 in the input, which the events leave out (the in-memory reader counts them).
async fn zero_weight_rows(ctx: &SessionContext, paths: &[String]) -> Result<u64, EngineError> {
    let counted = ctx
        .read_parquet(paths.to_vec(), ParquetReadOptions::default())
        .await?
        .filter(col("weight").eq(lit(0u64)))?
        .aggregate(vec![], vec![count(lit(1i64)).alias("rows")])?
        .collect()
        .await?;
    let rows = match counted.first() {
        Some(batch) => int_column(batch, "rows")?.first().copied().unwrap_or(0),
        None => 0,
    };
    Ok(rows as u64)
}

/// A text column of a result batch as plain strings.
pub(crate) fn text_column(
    batch: &RecordBatch,
    name: &str,
) -> Result<datafusion::arrow::array::StringArray, EngineError> {
    let a = batch.column_by_name(name).ok_or_else(|| missing(name))?;
    let a = cast(a, &DataType::Utf8).map_err(DataFusionError::from)?;
    let a = a.as_string::<i32>();
    if a.null_count() > 0 {
        return Err(EngineError::Schema {
            table: "events".into(),
            problem: format!("{} rows without a {name} id", a.null_count()),
        });
    }
    Ok(a.clone())
}
