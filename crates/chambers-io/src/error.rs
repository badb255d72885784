//! Errors of reading and writing, each naming the file and, for data, the line.
//!
//! Every message is one line, `file:line: problem` (`file: row N: problem` for Parquet and
//! Arrow), and names no command-line flag: the program that offers the flags adds its own hints.
//! Where an underlying error exists (the operating system's, the JSON, CSV, Parquet or Arrow
//! decoder's, the graph builder's) it is kept as the error's [`source`](std::error::Error::source)
//! rather than turned into text; the message still shows its text.

use std::error::Error;

use chambers_graph::GraphError;

use crate::Format;

/// What is wrong with one row (or the header) of an input file: the part after `file:line: `.
///
/// A row consumer returns one in [`crate::Rejection::Row`] to refuse a row; the reader adds the
/// file and line, or skips the row under [`crate::ReadOptions::skip_bad_rows`].
///
/// ```
/// use chambers_io::{read_csv_edges, IoError, Problem, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target\na,b,c\n").unwrap();
/// match read_csv_edges(&path, &ReadOptions::default(), |_| Ok(())) {
///     Err(IoError::Data { line: 2, problem: Problem::FieldCount { expected: 2, found: 3 }, .. }) => {}
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    #[error("no time on this row, but time windows need one")]
    MissingTime,
    /// The row lies before the first window.
    #[error("time {time} is before the window start {start}")]
    BeforeStart {
        /// The row's time, RFC 3339.
        time: String,
        /// The window start, RFC 3339.
        start: String,
    },
    /// The bytes could not be read: an I/O error, or corrupt or truncated compression (named
    /// plainly in the message).
    #[error("read error: {}", read_text(.0))]
    Read(#[source] std::io::Error),
    /// A Parquet or Arrow decoder failed on the data of a row group or record batch.
    #[error("read error: {0}")]
    Decode(#[source] Box<dyn Error + Send + Sync>),
    /// The data is damaged in a way the decoder reports without an error of its own.
    #[error("read error: {0}")]
    Corrupt(&'static str),
    /// A JSON line is not valid JSON, or a field has the wrong JSON type; the message gives the
    /// column within the line.
    #[error("malformed JSON: {}", json_text(.0))]
    BadJson(#[source] serde_json::Error),
    /// A JSON line is valid JSON but not an object.
    #[error("malformed JSON: expected one JSON object per line, found {found}")]
    NotAnObject {
        /// What the line holds instead: `an array`, `a string`, `something else`.
        found: &'static str,
    },
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
    /// Skipping bad rows ([`crate::ReadOptions::skip_bad_rows`]) skips such tweets.
    #[error(
        "the author of {kind} tweet {id} is not in the line (not expanded, not in includes.tweets); \
         deleted or withheld? (skipping bad rows skips such tweets)"
    )]
    Unresolved {
        /// The reference type (`retweeted`, `quoted`, `replied_to`).
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
    /// The graph builder refused the row (for instance a retweet count that overflows).
    #[error(transparent)]
    Graph(GraphError),
    /// Anything else the consumer of the rows refused.
    #[error("{0}")]
    Other(String),
}

/// The text of a read error, naming truncation plainly.
fn read_text(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        "unexpected end of data (truncated or corrupt compressed file?)".into()
    } else {
        e.to_string()
    }
}

/// The message of a JSON error, with the column within the line instead of "line 1".
fn json_text(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!("{} at column {}", &text[..i], e.column()),
        None => text,
    }
}

/// An input or output error that names the file (and the line or row for data errors).
///
/// Matching on it lets a program react to one kind (say [`Problem::MissingTime`] inside
/// [`IoError::Data`]) and add its own hint to the message.
///
/// ```
/// use chambers_io::{read_edges, IoError, ReadOptions};
/// let err = read_edges(std::path::Path::new("no/such/rt.csv"), &ReadOptions::default(), |_| Ok(()))
///     .unwrap_err();
/// assert!(matches!(&err, IoError::Open { file, .. } if file == "no/such/rt.csv"));
/// assert!(std::error::Error::source(&err).is_some());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// The file could not be opened or created.
    #[error("{file}: {source}")]
    Open {
        /// The path.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A row or the header of a text file is malformed.
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
    /// The columns of a Parquet or Arrow file cannot be used: one is missing or of an unusable
    /// type ([`Problem::MissingColumn`], [`Problem::ColumnType`]). Found before any row is read.
    #[error("{file}: {problem}")]
    Schema {
        /// The path.
        file: String,
        /// What is wrong.
        problem: Problem,
    },
    /// The file is not a readable file of its format: truncated, corrupt, or another format.
    #[error("{file}: not a readable {format} file: {source}")]
    Format {
        /// The path.
        file: String,
        /// The format it was read as (`Parquet`, `Arrow IPC`).
        format: &'static str,
        /// The decoder's error.
        source: Box<dyn Error + Send + Sync>,
    },
    /// A Parquet or Arrow file was given gzip-compressed; these formats compress inside and
    /// are read uncompressed only.
    #[error(
        "{file}: a gzip-compressed {format} file cannot be read; {format} files compress \
         inside, decompress it first"
    )]
    Compressed {
        /// The path.
        file: String,
        /// The format of the file inside the gzip stream.
        format: Format,
    },
    /// Parquet or Arrow in a build without the `parquet` feature.
    #[error(
        "{file}: {format} support is not built in (enable the `parquet` feature of chambers-io)"
    )]
    NotBuilt {
        /// The path.
        file: String,
        /// The format asked for.
        format: Format,
    },
    /// An output was asked for in a format that is read only (JSONL tweets).
    #[error("{file}: JSONL is an input format only; write csv, tsv, parquet or arrow")]
    InputOnly {
        /// The path.
        file: String,
    },
    /// A time cannot be stored in the output: Parquet keeps milliseconds in 64 bits, about
    /// ±292 million years.
    #[error("time {time} (Unix seconds) is beyond the range of Parquet timestamps")]
    TimeRange {
        /// The time, Unix seconds.
        time: i64,
    },
    /// Writing an output failed.
    #[error("{file}: write failed: {source}")]
    Write {
        /// The path (or, from a writer that does not know it, what was being written).
        file: String,
        /// The operating system's or the encoder's error (as [`std::io::Error::other`]).
        source: std::io::Error,
    },
    /// The rows read cannot form windows (the graph builder's error).
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// The input as a whole cannot be used, or a row consumer stopped the reading.
    #[error("{0}")]
    Input(String),
}

/// A CSV reader's or writer's error as an I/O error: the operating system's error itself when
/// there is one (so its kind survives), else the CSV error inside [`std::io::Error::other`].
pub(crate) fn csv_io(e: csv::Error) -> std::io::Error {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            _ => unreachable!("is_io_error"),
        }
    } else {
        std::io::Error::from(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors cross threads and convert into `anyhow::Error` and `Box<dyn Error + Send + Sync>`.
    #[test]
    fn errors_are_send_and_sync() {
        fn thread_safe<T: Error + Send + Sync + 'static>() {}
        thread_safe::<IoError>();
        thread_safe::<Problem>();
    }

    #[test]
    fn messages_keep_their_causes() {
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        let p = Problem::Read(eof);
        assert_eq!(
            p.to_string(),
            "read error: unexpected end of data (truncated or corrupt compressed file?)"
        );
        assert!(p.source().is_some());
        let json = serde_json::from_str::<serde_json::Value>("{\"a\": }").unwrap_err();
        let p = Problem::BadJson(json);
        assert_eq!(p.to_string(), "malformed JSON: expected value at column 7");
        assert!(p.source().is_some());
        let io = csv_io(csv::Error::from(std::io::Error::from(
            std::io::ErrorKind::BrokenPipe,
        )));
        assert_eq!(io.kind(), std::io::ErrorKind::BrokenPipe);
    }
}
