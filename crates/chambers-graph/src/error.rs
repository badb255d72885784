//! Errors of graph construction and parameters.

use crate::UserId;

/// What can go wrong while building graphs or checking parameters.
///
/// ```
/// use chambers_graph::GraphError;
/// let e = GraphError::InvalidParameter("top_n must be at least 1".into());
/// assert_eq!(e.to_string(), "invalid parameter: top_n must be at least 1");
/// ```
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum GraphError {
    /// The summed weight of one (source, target) pair exceeds `u32::MAX` retweets.
    #[error("retweet count of edge {from:?} -> {to:?} exceeds 4294967295")]
    WeightOverflow {
        /// The retweeting user.
        from: UserId,
        /// The retweeted user.
        to: UserId,
    },
    /// Fixed windows need a time on every event.
    #[error("event has no time, but time windows were requested")]
    MissingTime,
    /// An event precedes the explicit start of the first window.
    #[error("event time {time} is before the window start {start}")]
    BeforeStart {
        /// Event time (Unix seconds).
        time: i64,
        /// Window start (Unix seconds).
        start: i64,
    },
    /// The window length cuts the data into an implausible number of windows.
    #[error("{windows} windows: is the window length in the right unit?")]
    TooManyWindows {
        /// How many windows the data would need.
        windows: u64,
    },
    /// A time so far from 1970 that its window's bounds cannot be represented (about ±292
    /// billion years).
    #[error("event time {time} is out of range: its window's bounds do not fit in 64-bit seconds")]
    TimeOutOfRange {
        /// The offending time (Unix seconds).
        time: i64,
    },
    /// A window length that is not a positive whole number with a unit (`7d`, `24h`, `3600s`).
    #[error("duration {text:?} {why}")]
    BadDuration {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        why: String,
    },
    /// A parameter is out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// Two nodes of one input graph carry the same account id.
    #[error("graph {graph} has two nodes with the id {id:?}")]
    DuplicateNode {
        /// The graph's position in the input.
        graph: usize,
        /// The repeated id.
        id: String,
    },
    /// One window holds more events than its graph can index (2³² − 1: edge positions are
    /// 32-bit to halve the graph's offset arrays); cut the data into shorter windows.
    #[error("a window holds {edges} events, more than 4294967295: use shorter windows")]
    TooManyEdges {
        /// Events of the window (after self-loop removal).
        edges: u64,
    },
    /// An edge of an input graph has a weight a retweet count cannot hold.
    #[error("graph {graph} has an edge of weight {weight}, above 4294967295")]
    EdgeWeight {
        /// The graph's position in the input.
        graph: usize,
        /// The weight.
        weight: u64,
    },
}
