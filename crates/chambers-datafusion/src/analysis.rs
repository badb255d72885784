//! The driver: builds the session, runs the plans of [`crate::plans`], and turns their small
//! results into the records of chambers-graph and chambers-overlap (`Ranked`, `Leader`,
//! `PairCounts`), so that later stages read them as they read the in-memory path's.

use std::num::NonZeroUsize;
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, AsArray, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type, Schema, SchemaRef};
use datafusion::error::DataFusionError;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::{FairSpillPool, TrackConsumersPool};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::physical_plan::sorts::sort_preserving_merge::SortPreservingMergeExec;
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties, collect, execute_stream};
use datafusion::prelude::*;
use futures::StreamExt;

use chambers_graph::{GraphOptions, Interner, Leader, Ranked, WindowSpec, leaders_by_persistence};
use chambers_overlap::{ChamberParams, Exclusion, PairCounts};

use crate::{EngineError, EngineParams, plans, read_events};

/// Sizes and pair counts of one window's chambers: the sufficient statistics of Q(t).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowCounts {
    /// Index of the window.
    pub window: usize,
    /// Its first instant (Unix seconds) for time windows, as in `chambers_graph::Window`.
    pub start: Option<i64>,
    /// Positions in the leader list of the leaders active here (in H(t)), ascending.
    pub active: Vec<usize>,
    /// |A_u(t)| of each active leader, in the order of `active`.
    pub audience_sizes: Vec<u32>,
    /// |C_u(t)| and |C_u(t) ∩ C_v(t)| of the active leaders, in the order of `active`:
    /// `overlaps.matrix(measure)` is Q(t).
    pub overlaps: PairCounts,
}

/// What the DataFusion engine computes of the chamber stage: H(t), the leaders, and per window
/// the chamber sizes and pair counts.
#[derive(Clone, Debug)]
pub struct EngineChambers {
    /// The accounts of every H(t); the `UserId`s below are theirs.
    pub interner: Interner,
    /// H(t) of every window, by rank.
    pub high_impact: Vec<Vec<Ranked>>,
    /// The leaders by persistence (METHOD.md §2), ranked on the driver.
    pub leaders: Vec<Leader>,
    /// Chamber counts of every window, in window order.
    pub windows: Vec<WindowCounts>,
    /// Spill files the plans wrote (DataFusion's `spill_count` metric, summed over operators).
    pub spills: usize,
}

/// Runs the chamber stage on Parquet `paths` (files, folders or globs) with the embedded
/// DataFusion engine, on a runtime of its own, and waits for it.
///
/// # Errors
/// The parameters' `check` errors, and those of [`read_events`] and the engine.
pub fn analyse_chambers(
    paths: &[String],
    spec: WindowSpec,
    graph: GraphOptions,
    params: &ChamberParams,
    engine: &EngineParams,
) -> Result<EngineChambers, EngineError> {
    Ok(ChamberEngine::run(paths, spec, graph, params, engine)?.record)
}

/// The chamber stage kept on the engine for the stages after it: the session and the staged
/// tables of distinct edges, audiences and chambers, so that a later stage
/// ([`ChamberEngine::echo`]) reads them instead of computing them again. The staged tables
/// are removed when it is dropped.
pub struct ChamberEngine {
    pub(crate) ctx: SessionContext,
    pub(crate) staging: Staging,
    /// `(window, source, target, weight)`: the windowed events, as read.
    pub(crate) events: DataFrame,
    /// `(window, source, target)`, distinct.
    pub(crate) edges: DataFrame,
    /// `(window, position, leader, member)`: A_u(t) of the active leaders.
    pub(crate) audiences: DataFrame,
    /// `(window, position, member)`: C_u(t) of the active leaders.
    pub(crate) chambers: DataFrame,
    /// The record of [`analyse_chambers`], whose ids the later stages use.
    pub(crate) record: EngineChambers,
    /// Declared last, so that it is dropped after the session that ran on it.
    pub(crate) runtime: tokio::runtime::Runtime,
}

impl ChamberEngine {
    /// Runs the chamber stage as [`analyse_chambers`] does, and keeps its tables.
    ///
    /// # Errors
    /// As [`analyse_chambers`].
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), chambers_datafusion::EngineError> {
    /// use chambers_datafusion::{ChamberEngine, EngineParams};
    /// use chambers_graph::{WindowSpec, DAY};
    /// let spec = WindowSpec::Fixed { start: None, length: 7 * DAY };
    /// let paths = ["events/".to_string()];
    /// let stage =
    ///     ChamberEngine::run(&paths, spec, Default::default(), &Default::default(), &EngineParams::default())?;
    /// println!("{} leaders", stage.chambers().leaders.len());
    /// # Ok(()) }
    /// ```
    pub fn run(
        paths: &[String],
        spec: WindowSpec,
        graph: GraphOptions,
        params: &ChamberParams,
        engine: &EngineParams,
    ) -> Result<Self, EngineError> {
        params.check()?;
        engine.check()?;
        let runtime = runtime()?;
        let stage = runtime.block_on(async {
            let ctx = session(engine).await?;
            let staging = Staging::new(engine)?;
            let (record, tables) =
                chamber_counts(&ctx, &staging, paths, spec, graph, params).await?;
            Ok::<_, EngineError>((ctx, staging, record, tables))
        })?;
        let (ctx, staging, record, [events, edges, audiences, chambers]) = stage;
        Ok(Self {
            ctx,
            staging,
            events,
            edges,
            audiences,
            chambers,
            record,
            runtime,
        })
    }

    /// The chamber stage's record: what [`analyse_chambers`] returns.
    pub fn chambers(&self) -> &EngineChambers {
        &self.record
    }
}

/// Runs `work` on a multi-threaded runtime of its own and waits for it.
pub(crate) fn block_on<T>(
    work: impl Future<Output = Result<T, EngineError>>,
) -> Result<T, EngineError> {
    runtime()?.block_on(work)
}

/// A multi-threaded runtime for the engine's plans.
fn runtime() -> Result<tokio::runtime::Runtime, EngineError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| EngineError::Query(e.into()))
}

/// The plans of [`analyse_chambers`], run on the caller's runtime; returns the record, the
/// windowed events and the staged tables of edges, audiences and chambers.
async fn chamber_counts(
    ctx: &SessionContext,
    staging: &Staging,
    paths: &[String],
    spec: WindowSpec,
    graph: GraphOptions,
    params: &ChamberParams,
) -> Result<(EngineChambers, [DataFrame; 4]), EngineError> {
    let mut spills = 0;
    let events = read_events(ctx, paths, spec, graph.keep_self_loops).await?;
    let n_windows = events.windows;
    let start = |t: usize| match spec {
        WindowSpec::Fixed { length, .. } => events
            .start
            .and_then(|s| s.checked_add(length.checked_mul(t as i64)?)),
        _ => None,
    };
    let starts: Vec<Option<i64>> = (0..n_windows).map(start).collect();
    let events = events.frame;

    let top = run(
        ctx,
        plans::high_impact(events.clone(), params.leaders.top_n)?,
        &mut spills,
    )
    .await?;
    let mut interner = Interner::new();
    let mut high_impact: Vec<Vec<(u64, Ranked)>> = vec![Vec::new(); n_windows];
    for batch in &top {
        let window = int_column(batch, "window")?;
        let account = batch
            .column_by_name("account")
            .map(|a| a.as_string::<i32>().clone())
            .ok_or_else(|| missing("account"))?;
        let impact = int_column(batch, "impact")?;
        let rank = int_column(batch, "rank")?;
        for i in 0..batch.num_rows() {
            let user = interner.intern(account.value(i));
            high_impact[window[i] as usize].push((
                rank[i] as u64,
                Ranked {
                    user,
                    impact: impact[i] as u64,
                },
            ));
        }
    }
    let high_impact: Vec<Vec<Ranked>> = high_impact
        .into_iter()
        .map(|mut h| {
            h.sort_unstable_by_key(|&(rank, _)| rank);
            h.into_iter().map(|(_, r)| r).collect()
        })
        .collect();
    let leaders = leaders_by_persistence(&high_impact, params.leaders.leaders);

    // The small driver-side tables: active leaders and exclusion sets per window.
    let mut active = (Vec::new(), Vec::new(), Vec::new());
    let mut excluded = (Vec::new(), Vec::new());
    for (t, h) in high_impact.iter().enumerate() {
        for (position, leader) in leaders.iter().enumerate() {
            if h.iter().any(|r| r.user == leader.user) {
                active.0.push(t as i64);
                active.1.push(position as u64);
                active.2.push(interner.external(leader.user).to_string());
            }
        }
        let names: Vec<String> = match params.exclusion {
            Exclusion::HighImpact => h
                .iter()
                .map(|r| interner.external(r.user).to_string())
                .collect(),
            Exclusion::Leaders => leaders
                .iter()
                .map(|l| interner.external(l.user).to_string())
                .collect(),
            Exclusion::None => Vec::new(),
        };
        excluded
            .0
            .extend(std::iter::repeat_n(t as i64, names.len()));
        excluded.1.extend(names);
    }
    // Each large intermediate table is written once to the staging folder and read back, so
    // every plan holds only a few operators (each spilling at its share of the pool) and no
    // table is computed twice. The driver's small tables go there too: a cluster reads files,
    // not the driver's memory.
    let active = staging
        .table(
            ctx,
            "active",
            vec![
                ("a_window", Arc::new(Int64Array::from(active.0)) as ArrayRef),
                ("position", Arc::new(UInt64Array::from(active.1))),
                ("leader", Arc::new(StringArray::from(active.2))),
            ],
        )
        .await?;
    let excluded = staging
        .table(
            ctx,
            "excluded",
            vec![
                (
                    "x_window",
                    Arc::new(Int64Array::from(excluded.0)) as ArrayRef,
                ),
                ("account", Arc::new(StringArray::from(excluded.1))),
            ],
        )
        .await?;

    let edges = staging
        .write(ctx, "edges", plans::edges(events.clone())?, &mut spills)
        .await?;
    let audiences = staging
        .write(
            ctx,
            "audiences",
            plans::audiences(edges.clone(), active)?,
            &mut spills,
        )
        .await?;
    let reached = staging
        .write(
            ctx,
            "reached",
            plans::reached(audiences.clone(), edges.clone())?,
            &mut spills,
        )
        .await?;
    let chambers = staging
        .write(
            ctx,
            "chambers",
            plans::chambers(reached, excluded)?,
            &mut spills,
        )
        .await?;
    let audience_sizes = run(ctx, plans::sizes(audiences.clone())?, &mut spills).await?;
    let chamber_sizes = run(ctx, plans::sizes(chambers.clone())?, &mut spills).await?;
    let pairs = run(ctx, plans::pair_counts(chambers.clone())?, &mut spills).await?;

    // Assemble per window, in the order of the active leaders.
    let mut windows: Vec<WindowCounts> = (0..n_windows)
        .map(|t| {
            let active: Vec<usize> = (0..leaders.len())
                .filter(|&p| high_impact[t].iter().any(|r| r.user == leaders[p].user))
                .collect();
            WindowCounts {
                window: t,
                start: starts[t],
                audience_sizes: vec![0; active.len()],
                overlaps: PairCounts::from_counts(&vec![0; active.len()], []),
                active,
            }
        })
        .collect();
    let index = |w: &WindowCounts, position: u64| {
        w.active
            .binary_search(&(position as usize))
            .expect("a set belongs to an active leader")
    };
    let mut chamber_size: Vec<Vec<u32>> = windows.iter().map(|w| vec![0; w.active.len()]).collect();
    for (batches, into_audiences) in [(&audience_sizes, true), (&chamber_sizes, false)] {
        for batch in batches {
            let (window, position, size) = (
                int_column(batch, "window")?,
                int_column(batch, "position")?,
                int_column(batch, "size")?,
            );
            for i in 0..batch.num_rows() {
                let w = &mut windows[window[i] as usize];
                let a = index(w, position[i] as u64);
                let size = u32::try_from(size[i]).expect("set sizes fit in u32");
                if into_audiences {
                    w.audience_sizes[a] = size;
                } else {
                    chamber_size[w.window][a] = size;
                }
            }
        }
    }
    let mut shared: Vec<Vec<(usize, usize, u32)>> = vec![Vec::new(); n_windows];
    for batch in &pairs {
        let (window, a, b, n) = (
            int_column(batch, "window")?,
            int_column(batch, "a")?,
            int_column(batch, "b")?,
            int_column(batch, "shared")?,
        );
        for i in 0..batch.num_rows() {
            let w = &windows[window[i] as usize];
            shared[w.window].push((
                index(w, a[i] as u64),
                index(w, b[i] as u64),
                u32::try_from(n[i]).expect("set sizes fit in u32"),
            ));
        }
    }
    for ((w, sizes), pairs) in windows.iter_mut().zip(chamber_size).zip(shared) {
        w.overlaps = PairCounts::from_counts(&sizes, pairs);
    }
    let record = EngineChambers {
        interner,
        high_impact,
        leaders,
        windows,
        spills,
    };
    Ok((record, [events, edges, audiences, chambers]))
}

/// Spill files one merge pass reads at once under a memory limit (more take further passes).
const SPILL_MERGE_FAN_IN: usize = 8;

/// A session with the memory pool, spill folder and partitions of `engine`, or on the Ballista
/// cluster of its scheduler.
pub(crate) async fn session(engine: &EngineParams) -> Result<SessionContext, EngineError> {
    #[cfg(feature = "ballista")]
    if let Some(url) = &engine.scheduler {
        use ballista::prelude::SessionContextExt;
        return Ok(SessionContext::remote(url).await?);
    }
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(bytes) = engine.memory_limit {
        // Spilling operators share the pool fairly, so each spills at its share (the greedy
        // pool lets the first sort take everything and the next operator fail).
        // The pool names its five largest consumers when it refuses memory.
        let pool = TrackConsumersPool::new(
            FairSpillPool::new(bytes),
            NonZeroUsize::new(5).expect("5 > 0"),
        );
        runtime = runtime.with_memory_pool(Arc::new(pool));
    }
    let mut disk = DiskManagerBuilder::default();
    if let Some(dir) = &engine.spill_dir {
        disk = disk.with_mode(DiskManagerMode::Directories(vec![dir.clone()]));
    }
    if engine.memory_limit.is_some() {
        // A merge of spill files takes one batch of each from the shared pool: without a cap
        // on how many it opens at once, one sort's merge starves every other operator.
        disk = disk.with_max_spill_merge_fan_in(SPILL_MERGE_FAN_IN);
    }
    runtime = runtime.with_disk_manager_builder(disk);
    let mut config = SessionConfig::new().with_batch_size(engine.effective_batch_size());
    if let Some(bytes) = engine.memory_limit {
        // Hash joins keep their build side in memory; sort-merge joins spill like sorts do.
        // Every sort sets aside memory to merge its spill files (10 MB by default, too much
        // for the dozens of sorts of these plans under a limit): a small share of the limit.
        config = config
            .set_bool("datafusion.optimizer.prefer_hash_join", false)
            .set_usize(
                "datafusion.optimizer.hash_join_single_partition_threshold",
                0,
            )
            .set_usize(
                "datafusion.optimizer.hash_join_single_partition_threshold_rows",
                0,
            )
            // Strings read as views keep whole Parquet pages alive, and the pool counts every
            // page a small batch points into: plain strings count what a batch holds.
            .set_bool(
                "datafusion.execution.parquet.schema_force_view_types",
                false,
            )
            // A sort whose order is global (the per-user tables') sorts in one partition
            // rather than per partition with a merge after: two partitions' merges of their
            // spill files, which cannot spill, would each take memory the other needs.
            .set_bool("datafusion.optimizer.repartition_sorts", false)
            .with_sort_spill_reservation_bytes(bytes / 512);
    }
    let partitions = match engine.partitions {
        0 => config.target_partitions(),
        n => n,
    };
    // DataFusion plans sort-merge joins only over two partitions or more (else hash joins,
    // whose build side cannot spill): at least two under a limit, also on one core.
    let partitions = match engine.memory_limit {
        Some(_) => partitions.max(2),
        None => partitions,
    };
    config = config.with_target_partitions(partitions);
    Ok(SessionContext::new_with_config_rt(
        config,
        runtime.build_arc()?,
    ))
}

/// A temporary folder (in the spill folder) for the intermediate tables, removed on drop.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
}

/// Rows per row group of a staged table: what its writer buffers (small, since that memory is
/// outside DataFusion's pool).
const STAGED_ROWS: usize = 64 * 1024;

impl Staging {
    fn new(engine: &EngineParams) -> Result<Self, EngineError> {
        let builder = tempfile::Builder::new().prefix("chambers-staging-").clone();
        let dir = match &engine.spill_dir {
            Some(dir) => builder.tempdir_in(dir),
            None => builder.tempdir(),
        }
        .map_err(|e| EngineError::Query(e.into()))?;
        Ok(Self { dir })
    }

    /// Runs `frame` into the Parquet file `NAME/part-0.parquet` and returns a plan reading it
    /// back; adds the spill files the plan wrote to `spills`.
    pub(crate) async fn write(
        &self,
        ctx: &SessionContext,
        name: &str,
        frame: DataFrame,
        spills: &mut usize,
    ) -> Result<DataFrame, EngineError> {
        let folder = self.dir.path().join(name);
        std::fs::create_dir(&folder).map_err(DataFusionError::from)?;
        let file = folder.join("part-0.parquet");
        let output = Output {
            properties: staged_properties(),
            columns: None,
            nullable: false,
        };
        write_parquet(ctx, frame, &file, output, spills).await?;
        self.read(ctx, name).await
    }

    /// Writes a table of the driver's, its named columns (no nulls), as `NAME/part-0.parquet`
    /// and returns a plan reading it.
    pub(crate) async fn table(
        &self,
        ctx: &SessionContext,
        name: &str,
        columns: Vec<(&str, ArrayRef)>,
    ) -> Result<DataFrame, EngineError> {
        let batch = RecordBatch::try_from_iter_with_nullable(
            columns
                .into_iter()
                .map(|(column, values)| (column, values, false)),
        )
        .map_err(DataFusionError::from)?;
        let mut writer = self.writer(name, batch.schema())?;
        writer.write(&batch).map_err(DataFusionError::from)?;
        writer.close().map_err(DataFusionError::from)?;
        self.read(ctx, name).await
    }

    /// A Parquet writer of `NAME/part-0.parquet` in the staging folder.
    fn writer(
        &self,
        name: &str,
        schema: SchemaRef,
    ) -> Result<ArrowWriter<std::fs::File>, EngineError> {
        let folder = self.dir.path().join(name);
        std::fs::create_dir(&folder).map_err(DataFusionError::from)?;
        let file =
            std::fs::File::create(folder.join("part-0.parquet")).map_err(DataFusionError::from)?;
        Ok(
            ArrowWriter::try_new(file, schema, Some(staged_properties()))
                .map_err(DataFusionError::from)?,
        )
    }

    /// A plan reading the staged table `name`.
    async fn read(&self, ctx: &SessionContext, name: &str) -> Result<DataFrame, EngineError> {
        let url = format!("{}/", self.dir.path().join(name).display());
        Ok(ctx.read_parquet(url, ParquetReadOptions::default()).await?)
    }
}

/// How staged tables are written: small row groups, uncompressed.
fn staged_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_max_row_group_row_count(Some(STAGED_ROWS))
        .set_compression(Compression::UNCOMPRESSED)
        .build()
}

/// How [`write_parquet`] writes a plan's rows.
pub(crate) struct Output<'a> {
    pub properties: WriterProperties,
    /// The plan's columns to write, in this order (`None`: all); the rest only ordered it.
    pub columns: Option<&'a [&'a str]>,
    /// Whether every column written is nullable (as the in-memory result tables' are).
    pub nullable: bool,
}

/// Streams a plan's rows, in the order it yields them, into the Parquet file `file` through
/// the driver's writer (one batch in memory at a time); adds the spill files the plan wrote to
/// `spills`. The partitions of a plan with an output order are merged in that order (of a
/// plan without one, as they come), so an ordered table's plan should end in its sort. On an
/// error the file may be left part-written.
pub(crate) async fn write_parquet(
    ctx: &SessionContext,
    frame: DataFrame,
    file: &std::path::Path,
    output: Output<'_>,
    spills: &mut usize,
) -> Result<(), EngineError> {
    let plan = ordered_plan(frame).await?;
    let all = plan.schema();
    let indices = match output.columns {
        Some(names) => names
            .iter()
            .map(|n| all.index_of(n).map_err(DataFusionError::from))
            .collect::<Result<Vec<_>, _>>()?,
        None => (0..all.fields().len()).collect(),
    };
    let fields = indices.iter().map(|&i| {
        let f = all.field(i).clone();
        let nullable = output.nullable || f.is_nullable();
        f.with_nullable(nullable)
    });
    let schema = Arc::new(Schema::new(fields.collect::<Vec<_>>()));
    let properties = output.properties;
    let out = std::fs::File::create(file).map_err(DataFusionError::from)?;
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
        .map_err(DataFusionError::from)?;
    stream_plan(ctx, plan, spills, |batch| {
        let columns = indices.iter().map(|&i| batch.column(i).clone()).collect();
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(DataFusionError::from)?;
        writer.write(&batch).map_err(DataFusionError::from)?;
        Ok(())
    })
    .await?;
    writer.close().map_err(DataFusionError::from)?;
    Ok(())
}

/// Streams a plan's batches into `each`, one at a time, in the order the plan yields them:
/// the partitions of a plan with an output order are merged in that order (of a plan without
/// one, as they come), so an ordered plan should end in its sort. Adds the spill files the
/// plan wrote to `spills`.
pub(crate) async fn for_each_batch(
    ctx: &SessionContext,
    frame: DataFrame,
    spills: &mut usize,
    each: impl FnMut(RecordBatch) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    stream_plan(ctx, ordered_plan(frame).await?, spills, each).await
}

/// The physical plan of `frame`, its partitions merged in its output order if it has one.
async fn ordered_plan(frame: DataFrame) -> Result<Arc<dyn ExecutionPlan>, EngineError> {
    let mut plan = frame.create_physical_plan().await?;
    if plan.output_partitioning().partition_count() > 1
        && let Some(ordering) = plan.output_ordering()
    {
        // An ordered plan split into partitions after its sort: merge them in order.
        plan = Arc::new(SortPreservingMergeExec::new(ordering.clone(), plan));
    }
    Ok(plan)
}

/// Streams `plan`'s batches into `each` (see [`for_each_batch`]).
async fn stream_plan(
    ctx: &SessionContext,
    plan: Arc<dyn ExecutionPlan>,
    spills: &mut usize,
    mut each: impl FnMut(RecordBatch) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    let mut stream = execute_stream(plan.clone(), ctx.task_ctx())?;
    while let Some(batch) = stream.next().await {
        each(batch?)?;
    }
    *spills += spill_count(plan.as_ref());
    Ok(())
}

/// Runs a plan to its batches, adding the spill files its operators wrote to `spills`.
pub(crate) async fn run(
    ctx: &SessionContext,
    frame: DataFrame,
    spills: &mut usize,
) -> Result<Vec<RecordBatch>, EngineError> {
    let plan = frame.create_physical_plan().await?;
    let batches = collect(plan.clone(), ctx.task_ctx()).await?;
    *spills += spill_count(plan.as_ref());
    Ok(batches)
}

/// The `spill_count` metric summed over a physical plan's operators.
pub(crate) fn spill_count(plan: &dyn ExecutionPlan) -> usize {
    plan.metrics().and_then(|m| m.spill_count()).unwrap_or(0)
        + plan
            .children()
            .into_iter()
            .map(|c| spill_count(c.as_ref()))
            .sum::<usize>()
}

/// An integer column of a result batch as `i64`s.
pub(crate) fn int_column(batch: &RecordBatch, name: &str) -> Result<Vec<i64>, EngineError> {
    let a = batch.column_by_name(name).ok_or_else(|| missing(name))?;
    let a = cast(a, &DataType::Int64).map_err(DataFusionError::from)?;
    Ok(a.as_primitive::<Int64Type>().values().to_vec())
}

/// The error of a result batch without an expected column.
pub(crate) fn missing(name: &str) -> EngineError {
    EngineError::Schema {
        table: "plan result".into(),
        problem: format!("no column {name}"),
    }
}
