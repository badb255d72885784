//! Errors of reading and writing, each naming the file and, for data, the line.

/// What is wrong with one row (or the header) of an input file.
///
/// ```
/// use chambers_io::Problem;
/// let p = Problem::FieldCount { expected: 3, found: 2 };
/// assert_eq!(p.to_string(), "expected 3 fields, found 2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file has no header line.
    #[error("empty file: no header line")]
    Empty,
    /// A required column is not in the header.
    #[error("missing column {column:?} (header: {header})")]
    MissingColumn {
        /// The wanted column name.
        column: String,
        /// The header as read.
        header: String,
    },
    /// A row has another number of fields than the header.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A weight is not a non-negative whole number.
    #[error("bad weight {value:?}: {why}")]
    BadWeight {
        /// The field as written (shortened).
        value: String,
        /// Why it was refused.
        why: &'static str,
    },
    /// A time is neither RFC 3339 nor Unix seconds.
    #[error(
        "bad time {0:?}: expected RFC 3339 (2019-03-01T00:00:00Z), Unix seconds or \
         Twitter's created_at (Fri Mar 01 00:00:00 +0000 2019)"
    )]
    BadTime(String),
    /// A field is not valid UTF-8.
    #[error("invalid UTF-8 in {column}")]
    InvalidUtf8 {
        /// Which column.
        column: String,
    },
    /// An account id is empty.
    #[error("empty {column} id")]
    EmptyId {
        /// Which column.
        column: &'static str,
    },
    /// The row has no time but time windows were requested.
    #[error("no time on this row, but --window needs one")]
    MissingTime,
    /// The row lies before the first window.
    #[error("time {time} is before the window start {start}")]
    BeforeStart {
        /// The row's time, RFC 3339.
        time: String,
        /// The window start, RFC 3339.
        start: String,
    },
    /// The bytes could not be read (I/O error, corrupt or truncated compression).
    #[error("read error: {0}")]
    Read(String),
    /// A JSON line is not valid JSON, or a field has the wrong JSON type.
    #[error("malformed JSON: {0}")]
    BadJson(String),
    /// A tweet lacks a field that its interaction needs.
    #[error("{kind} without {field}")]
    MissingField {
        /// What the line is (`tweet`, `retweet`, `quote`, `mention`).
        kind: &'static str,
        /// The JSON path of the missing field.
        field: &'static str,
    },
    /// A v2 tweet refers to a tweet whose author is not in the line (neither expanded nor in
    /// `includes.tweets`), typically because the referenced tweet was deleted or withheld.
    #[error(
        "the author of {kind} tweet {id} is not in the line (not expanded, not in includes.tweets); \
         deleted or withheld? (--skip-bad-rows skips such tweets)"
    )]
    Unresolved {
        /// The reference type (`retweeted`, `quoted`).
        kind: &'static str,
        /// The referenced tweet's id.
        id: String,
    },
    /// A Parquet or Arrow column has a type that cannot hold what it should.
    #[error("column {column:?} has type {found}, expected {expected}")]
    ColumnType {
        /// The column name.
        column: String,
        /// Its Arrow type.
        found: String,
        /// What would have been accepted.
        expected: &'static str,
    },
    /// Anything else the consumer of the rows refused.
    #[error("{0}")]
    Other(String),
}

/// An input or output error that names the file (and line for data errors).
///
/// ```
/// use chambers_io::{IoError, Problem};
/// let e = IoError::Data { file: "rt.csv".into(), line: 7, problem: Problem::EmptyId { column: "target" } };
/// assert_eq!(e.to_string(), "rt.csv:7: empty target id");
/// ```
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The file could not be opened or created.
    #[error("{file}: {source}")]
    Open {
        /// The path.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A row or the header of the file is malformed.
    #[error("{file}:{line}: {problem}")]
    Data {
        /// The path.
        file: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        problem: Problem,
    },
    /// A row of a Parquet or Arrow file is malformed (rows are numbered from 1).
    #[error("{file}: row {row}: {problem}")]
    Row {
        /// The path.
        file: String,
        /// 1-based row.
        row: u64,
        /// What is wrong.
        problem: Problem,
    },
    /// The file is not a readable file of its format: truncated, corrupt, or another format.
    #[error("{file}: not a readable {format} file: {why}")]
    Format {
        /// The path.
        file: String,
        /// The format it was read as.
        format: &'static str,
        /// The decoder's explanation.
        why: String,
    },
    /// Writing an output failed.
    #[error("{file}: write failed: {source}")]
    Write {
        /// The path.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The input as a whole cannot be used.
    #[error("{0}")]
    Input(String),
}
