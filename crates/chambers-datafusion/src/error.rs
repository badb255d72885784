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
    /// The query engine failed (reading, planning or running a plan).
    #[error("query engine")]
    Query(#[source] datafusion::error::DataFusionError),
    /// The chamber parameters were refused.
    #[error(transparent)]
    Overlap(#[from] chambers_overlap::OverlapError),
}

impl From<datafusion::error::DataFusionError> for EngineError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        Self::Query(e)
    }
}
