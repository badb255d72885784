//! The event table `source, target, weight, time` as a DataFusion plan, with the in-memory
//! reader's rules: rows of weight 0 and self-retweets left out, each event in its window.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimeUnit};
use datafusion::functions_aggregate::expr_fn::{count, max, min};
use datafusion::prelude::*;

use chambers_graph::{DAY, MAX_WINDOWS, WindowSpec};

use crate::EngineError;

/// Kept events, one row per input row: `window` (Int64, from 0), `source` and `target` (Utf8),
/// `weight` (UInt64, ≥ 1); and how many windows the events span.
pub struct Events {
    /// The plan of the kept events.
    pub frame: DataFrame,
    /// Number of windows, empty ones between the first and the last included.
    pub windows: usize,
    /// Start of window 0 (Unix seconds) for fixed windows; `None` for one window.
    pub start: Option<i64>,
    /// Whether the table has a time column.
    pub has_time: bool,
}

/// Reads Parquet `paths` (files, folders read whole — hive-partitioned ones included — or
/// globs) into windowed events by the rules of `chambers_graph::WindowsBuilder`: weight-0 rows
/// dropped, self-retweets dropped unless `keep_self_loops`, fixed windows
/// `[start + k·length, start + (k+1)·length)` (an event on a boundary in the later window;
/// without a start, from the UTC midnight on or before the earliest event). As in memory,
/// self-retweets count for the span of the windows even when they are dropped.
/// [`WindowSpec::PerFile`] is not supported here: a window is a time range, whatever the files
/// (`load_windows` reads each file as one window instead).
///
/// # Errors
/// [`EngineError::Schema`] for a missing or unusable column or `PerFile` windows,
/// [`EngineError::BeforeStart`], [`EngineError::TooManyWindows`], and the engine's errors.
pub async fn read_events(
    ctx: &SessionContext,
    paths: &[String],
    spec: WindowSpec,
    keep_self_loops: bool,
) -> Result<Events, EngineError> {
    let table = paths.join(", ");
    let schema_error = |problem: String| EngineError::Schema {
        table: table.clone(),
        problem,
    };
    let raw = ctx
        .read_parquet(paths.to_vec(), ParquetReadOptions::default())
        .await?;
    let kept = raw
        .clone()
        .filter(col("weight").gt(lit(0u64)))?
        .select(vec![
            cast(col("source"), DataType::Utf8).alias("source"),
            cast(col("target"), DataType::Utf8).alias("target"),
            cast(col("weight"), DataType::UInt64).alias("weight"),
            seconds(
                raw.schema()
                    .field_with_unqualified_name("time")
                    .ok()
                    .map(|f| f.data_type()),
            )
            .alias("time"),
        ])?;
    let has_time = raw.schema().field_with_unqualified_name("time").is_ok();
    let rule = |frame: DataFrame| match keep_self_loops {
        true => Ok(frame),
        false => frame.filter(col("source").not_eq(col("target"))),
    };
    let (start, length) = match spec {
        WindowSpec::Single => return one_window(rule(kept)?, has_time),
        WindowSpec::PerFile => {
            return Err(schema_error(
                "windows per file are not supported by the DataFusion engine: give a window length"
                    .into(),
            ));
        }
        WindowSpec::Fixed { start, length } => (start, length),
    };
    if !has_time {
        return Err(schema_error(
            "no time column, which time windows need".into(),
        ));
    }
    // The span of the times, and how many rows lie before an explicit start.
    let before = match start {
        Some(s) => col("time").lt(lit(s)),
        None => lit(false),
    };
    let span = kept
        .clone()
        .aggregate(
            vec![],
            vec![
                min(col("time")).alias("first"),
                max(col("time")).alias("last"),
                count(col("time")).alias("timed"),
                count(lit(1i64)).alias("rows"),
                count(when(before, lit(1i64)).end()?).alias("before"),
            ],
        )?
        .collect()
        .await?;
    let value = |name: &str| -> Option<i64> {
        let batch = span.first()?;
        let a = batch.column_by_name(name)?;
        let a = datafusion::arrow::compute::cast(a, &DataType::Int64).ok()?;
        let a = a.as_primitive::<Int64Type>();
        (!a.is_null(0)).then(|| a.value(0))
    };
    let (rows, timed) = (value("rows").unwrap_or(0), value("timed").unwrap_or(0));
    if timed < rows {
        return Err(schema_error(format!(
            "{} events without a time",
            rows - timed
        )));
    }
    let (Some(first), Some(last)) = (value("first"), value("last")) else {
        return one_window(rule(kept)?, has_time);
    };
    if let Some(s) = start
        && let Some(n) = value("before").filter(|&n| n > 0)
    {
        return Err(EngineError::BeforeStart {
            rows: n as u64,
            start: s,
        });
    }
    let start = start.unwrap_or_else(|| first.div_euclid(DAY) * DAY);
    let windows = (last - start).div_euclid(length) + 1;
    if windows > MAX_WINDOWS {
        return Err(EngineError::TooManyWindows {
            windows,
            max: MAX_WINDOWS,
        });
    }
    // time ≥ start here, so integer division is the floor.
    let frame = rule(kept.select(vec![
        ((col("time") - lit(start)) / lit(length)).alias("window"),
        col("source"),
        col("target"),
        col("weight"),
    ])?)?;
    Ok(Events {
        frame,
        windows: windows as usize,
        start: Some(start),
        has_time,
    })
}

/// The time column in Unix seconds (Int64), floored: timestamps of any unit, or integers taken
/// as seconds; a null literal when the table has no time column.
fn seconds(time: Option<&DataType>) -> Expr {
    let per_second: i64 = match time {
        None => return lit(datafusion::scalar::ScalarValue::Int64(None)),
        Some(DataType::Timestamp(TimeUnit::Millisecond, _)) => 1_000,
        Some(DataType::Timestamp(TimeUnit::Microsecond, _)) => 1_000_000,
        Some(DataType::Timestamp(TimeUnit::Nanosecond, _)) => 1_000_000_000,
        Some(_) => 1,
    };
    let raw = cast(col("time"), DataType::Int64);
    if per_second == 1 {
        return raw;
    }
    // Floor division, also for times before 1970.
    when(
        raw.clone().lt(lit(0i64)),
        (raw.clone() + lit(1i64)) / lit(per_second) - lit(1i64),
    )
    .otherwise(raw / lit(per_second))
    .expect("a CASE with one branch and an ELSE is well-formed")
}

/// Every event in window 0: no windows asked for, or no event has a time.
fn one_window(kept: DataFrame, has_time: bool) -> Result<Events, EngineError> {
    let frame = kept.select(vec![
        lit(0i64).alias("window"),
        col("source"),
        col("target"),
        col("weight"),
    ])?;
    Ok(Events {
        frame,
        windows: 1,
        start: None,
        has_time,
    })
}
