//! Errors of the DataFusion stage.

/// Why the DataFusion plans could not run.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A parameter out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// The event table lacks a column or has one of an unusable type.
    #[error("{table}: {problem}")]
    Schema {
        /// The input paths, as given.
        table: String,
        /// What is wrong.
        problem: String,
    },
    /// Events earlier than an explicit window start (the in-memory reader refuses them too).
    #[error("{rows} events are before the window start {start}")]
    BeforeStart {
        /// How many.
        rows: u64,
        /// The start, Unix seconds.
        start: i64,
    },
    /// More windows than the in-memory path allows.
    #[error("{windows} windows: more than {max}")]
    TooManyWindows {
        /// The windows the events span.
        windows: i64,
        /// The limit, `chambers_graph::MAX_WINDOWS`.
        max: i64,
    },
    /// No row of the input has a positive weight.
    #[error("{table}: no events (rows of weight 0 left out: {zero_weight})")]
    NoEvents {
        /// The input paths, as given.
        table: String,
        /// Rows of weight 0.
        zero_weight: u64,
    },
    /// An edge's weights in one window sum past what a graph holds (`u32::MAX`).
    #[error("the weights of {from} → {to} in window {window} sum to {weight}, more than {max}", max = u32::MAX)]
    WeightOverflow {
        /// The account that retweeted.
        from: String,
        /// The account retweeted.
        to: String,
        /// The window, from 0.
        window: usize,
        /// The summed weight.
        weight: u64,
    },
    /// Building the in-memory windows failed.
    #[error(transparent)]
    Graph(#[from] chambers_graph::GraphError),
    /// The query engine failed (reading, planning or running a plan).
    #[error("query engine")]
    Query(#[source] datafusion::error::DataFusionError),
    /// The chamber parameters were refused.
    #[error(transparent)]
    Overlap(#[from] chambers_overlap::OverlapError),
    /// The analysis' parameters were refused, or its leader split failed.
    #[error(transparent)]
    Analysis(#[from] chambers_echo::EchoError),
}

impl From<datafusion::error::DataFusionError> for EngineError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        Self::Query(e)
    }
}
