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
    /// A required column is missing, and the header, read as one field, looks like a table
    /// with the other delimiter (a TSV file named `.csv`, or the reverse).
    #[error("missing column {column:?}: the header looks {looks} (header: {header:?})")]
    Delimiter {
        /// The wanted column name.
        column: String,
        /// The header as read.
        header: String,
        /// `"tab-separated"` or `"comma-separated"`.
        looks: &'static str,
    },
    /// Time windows need a time column, and the header or schema has none.
    #[error("no time column {column:?} (header: {header}), but time windows need one")]
    MissingTimeColumn {
        /// The time column's name.
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
    /// A JSON array of objects (a saved API page) is broken: an empty element, text after its
    /// end, or no closing `]`.
    #[error("malformed JSON array: {0}")]
    BadArray(&'static str),
    /// An account or post reference is not in a form that names an account offline: a
    /// Bluesky DID or AT URI, or a Mastodon account without its instance.
    #[error("bad {kind} {value:?}: {why}")]
    BadReference {
        /// What was read (`DID`, `AT URI`, `account`).
        kind: &'static str,
        /// The text as written (shortened).
        value: String,
        /// Why it was refused.
        why: &'static str,
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
    /// A column the reader would use (source, target, weight or time) is named more than once
    /// in the CSV/TSV header or the Parquet/Arrow schema, so which one is meant is unclear.
    #[error("column {column:?} appears {} in the {place}", times(*.count))]
    DuplicateColumn {
        /// The column name.
        column: String,
        /// How many columns have that name (≥ 2).
        count: usize,
        /// `header` (CSV/TSV) or `schema` (Parquet, Arrow).
        place: &'static str,
    },
    /// The graph builder refused the row (for instance a retweet count that overflows).
    #[error(transparent)]
    Graph(GraphError),
    /// This row brings the summed weight of one (source, target) pair within one window above
    /// `u32::MAX`, which a graph cannot hold.
    #[error("{from:?} retweeted {to:?} more than 4294967295 times in {window}")]
    WeightOverflow {
        /// The account that retweeted (external id).
        from: String,
        /// The account retweeted (external id).
        to: String,
        /// The window: `the input` (one window), `window K (file)` or `window K (start to end)`.
        window: String,
    },
    /// Anything else the consumer of the rows refused.
    #[error("{0}")]
    Other(String),
}

/// `twice`, `3 times`, …
fn times(count: usize) -> String {
    if count == 2 {
        "twice".into()
    } else {
        format!("{count} times")
    }
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
    /// The columns of a Parquet or Arrow file cannot be used: one is missing, of an unusable
    /// type or named twice ([`Problem::MissingColumn`], [`Problem::ColumnType`],
    /// [`Problem::DuplicateColumn`]). Found before any row is read.
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
    /// An output file whose extension names no format, and no format was given.
    #[error(
        "{file}: unknown output format: name the file .csv, .tsv, .parquet or .arrow \
         (.csv.gz and .tsv.gz compress)"
    )]
    UnknownOutput {
        /// The path.
        file: String,
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
    /// An output was asked for in a format that is read only (posts: Twitter JSONL, Bluesky,
    /// Mastodon).
    #[error(
        "{file}: JSONL is an input format only (as are Bluesky and Mastodon); write csv, tsv, \
         parquet or arrow"
    )]
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
    /// The inputs' times cannot be cut into windows (too many windows, or bounds beyond 64-bit
    /// seconds); `files` names the inputs.
    #[error("{files}: the times cannot be cut into windows")]
    Windows {
        /// The inputs, the first three named.
        files: String,
        /// What the window arithmetic refused.
        #[source]
        source: GraphError,
    },
    /// The input as a whole cannot be used, or a row consumer stopped the reading.
    #[error("{0}")]
    Input(String),
    /// The inputs hold no usable edge; the message names them and says what their rows were.
    #[error("{0}")]
    NoEdges(Box<NoEdges>),
}

/// Why inputs gave no usable edge: what their rows were instead, so that the message can say
/// why (`x.csv: no edges: 12 rows skipped as bad (first: line 2: empty target id), 3 rows of
/// weight 0`).
///
/// ```
/// use chambers_io::{read_windows, IoError, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target,weight\na,,1\nb,c,0\n").unwrap();
/// let options = ReadOptions::default().skip_bad_rows(true);
/// let err = read_windows(&[&path], Default::default(), Default::default(), &options).unwrap_err();
/// assert!(matches!(&err, IoError::NoEdges(e) if (e.skipped, e.zero_weight) == (1, 1)));
/// assert!(err.to_string().ends_with(
///     "rt.csv: no edges: 1 row skipped as bad (first: line 2: empty target id), 1 row of weight 0"
/// ));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoEdges {
    /// The inputs, as given.
    pub files: Vec<String>,
    /// Malformed rows skipped (for JSONL: tweets or edges).
    pub skipped: u64,
    /// The first skip reason, `file:line: problem`.
    pub first_skipped: Option<String>,
    /// Rows of weight 0.
    pub zero_weight: u64,
    /// Rows that were self-retweets, dropped by the graph options.
    pub self_loops: u64,
    /// JSONL: tweets read, none with a selected interaction.
    pub tweets: u64,
    /// JSONL: lines that are not tweets.
    pub non_tweets: u64,
}

impl NoEdges {
    /// What `report` says about inputs `files` that gave no edge, `self_loops` rows of them
    /// self-retweets that were dropped.
    pub(crate) fn new(files: Vec<String>, report: &crate::ReadReport, self_loops: u64) -> Self {
        Self {
            files,
            skipped: report.skipped,
            first_skipped: report.skipped_examples.first().cloned(),
            zero_weight: report.zero_weight,
            self_loops,
            tweets: report.tweets,
            non_tweets: report.non_tweets,
        }
    }
}

impl std::fmt::Display for NoEdges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows = |n: u64| format!("{n} row{}", if n == 1 { "" } else { "s" });
        let mut why = Vec::new();
        if self.skipped > 0 {
            let mut text = format!("{} skipped as bad", rows(self.skipped));
            if let Some(first) = &self.first_skipped {
                text += &format!(" (first: {})", self.position(first));
            }
            why.push(text);
        }
        if self.zero_weight > 0 {
            why.push(format!("{} of weight 0", rows(self.zero_weight)));
        }
        if self.self_loops > 0 {
            why.push(match self.self_loops {
                1 if why.is_empty() => "the one row is a self-retweet, dropped by default".into(),
                n if why.is_empty() => {
                    format!("all {n} rows are self-retweets, dropped by default")
                }
                n => format!("{} self-retweets, dropped by default", rows(n)),
            });
        }
        if self.tweets > 0 && self.self_loops == 0 {
            why.push(format!(
                "{} tweet{} read, none giving an edge of the selected interactions",
                self.tweets,
                if self.tweets == 1 { "" } else { "s" }
            ));
        }
        if self.non_tweets > 0 {
            why.push(format!(
                "{} JSON lines that are not tweets",
                self.non_tweets
            ));
        }
        if why.is_empty() {
            why.push("no data rows".into());
        }
        write!(f, "{}: no edges: {}", self.file_list(), why.join(", "))
    }
}

impl NoEdges {
    /// The inputs, the first three named.
    fn file_list(&self) -> String {
        file_list(&self.files)
    }

    /// A skip reason `file:line: problem` without the file when only one was read:
    /// `line N: problem` (`row N: problem` for Parquet and Arrow).
    fn position<'a>(&self, reason: &'a str) -> std::borrow::Cow<'a, str> {
        let rest = match self.files.as_slice() {
            [file] => reason.strip_prefix(file.as_str()),
            _ => None,
        };
        match rest {
            Some(rest) if rest.starts_with(':') && !rest.starts_with(": ") => {
                format!("line {}", &rest[1..]).into()
            }
            Some(rest) if rest.starts_with(": ") => rest[2..].into(),
            _ => reason.into(),
        }
    }
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

/// Inputs named in one message: the first three, then how many more.
pub(crate) fn file_list(files: &[String]) -> String {
    match files.len() {
        0 => "the input".into(),
        1..=3 => files.join(", "),
        n => format!("{} and {} more files", files[..3].join(", "), n - 3),
    }
}

/// The inputs as their messages name them.
pub(crate) fn names<P: AsRef<std::path::Path>>(paths: &[P]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.as_ref().display().to_string())
        .collect()
}

impl IoError {
    /// The error for inputs that gave no edge: what `report` says, and `self_loops` rows that
    /// were dropped self-retweets.
    pub(crate) fn no_edges(
        files: Vec<String>,
        report: &crate::ReadReport,
        self_loops: u64,
    ) -> Self {
        IoError::NoEdges(Box::new(NoEdges::new(files, report, self_loops)))
    }

    /// A window-arithmetic error of the graph builder, with the inputs named; other graph
    /// errors as they are.
    pub(crate) fn windows(files: &[String], source: GraphError) -> Self {
        match source {
            GraphError::TooManyWindows { .. } | GraphError::TimeOutOfRange { .. } => {
                IoError::Windows {
                    files: file_list(files),
                    source,
                }
            }
            other => IoError::Graph(other),
        }
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
