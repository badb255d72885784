//! Streaming reader of CSV/TSV edge files (plain or gzip).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::time::parse_time;
use crate::{Format, Interactions, IoError, Problem};

/// Names of the input columns; the header picks them by name, in any order.
///
/// ```
/// use chambers_io::Columns;
/// let c = Columns::default().source("retweeter").target("author");
/// assert_eq!(c.source, "retweeter");
/// assert_eq!(c.weight, "weight");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Columns {
    /// The account that retweeted (required).
    pub source: String,
    /// The account whose tweet was retweeted (required).
    pub target: String,
    /// Number of retweets; optional in the file, 1 per row when absent.
    pub weight: String,
    /// Event time, RFC 3339 or Unix seconds; optional unless time windows are requested.
    pub time: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            source: "source".into(),
            target: "target".into(),
            weight: "weight".into(),
            time: "time".into(),
        }
    }
}

macro_rules! column_setters {
    ($($field:ident),*) => {
        impl Columns {
            $(
                #[doc = concat!("Builder-lite setter for [`Columns::", stringify!($field), "`].")]
                ///
                /// ```
                #[doc = concat!("let c = chambers_io::Columns::default().", stringify!($field), "(\"x\");")]
                #[doc = concat!("assert_eq!(c.", stringify!($field), ", \"x\");")]
                /// ```
                pub fn $field(mut self, name: impl Into<String>) -> Self {
                    self.$field = name.into();
                    self
                }
            )*
        }
    };
}

column_setters!(source, target, weight, time);

/// How edge files are read.
///
/// ```
/// use chambers_io::{Format, ReadOptions};
/// let o = ReadOptions::default().skip_bad_rows(true).format(Some(Format::Jsonl));
/// assert!(o.skip_bad_rows);
/// assert_eq!(o.format, Some(Format::Jsonl));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadOptions {
    /// Column names (CSV/TSV, Parquet, Arrow).
    pub columns: Columns,
    /// Skip malformed rows (counted in the [`ReadReport`]) instead of stopping at the first.
    pub skip_bad_rows: bool,
    /// The input format; `None` takes it from each file's extension ([`Format::from_path`]).
    pub format: Option<Format>,
    /// The interactions that tweet files (JSONL) turn into edges; retweets only by default.
    pub interactions: Interactions,
}

impl ReadOptions {
    /// Builder-lite setter for [`ReadOptions::columns`].
    ///
    /// ```
    /// use chambers_io::{Columns, ReadOptions};
    /// let o = ReadOptions::default().columns(Columns::default().time("created_at"));
    /// assert_eq!(o.columns.time, "created_at");
    /// ```
    pub fn columns(mut self, columns: Columns) -> Self {
        self.columns = columns;
        self
    }

    /// Builder-lite setter for [`ReadOptions::skip_bad_rows`].
    ///
    /// ```
    /// assert!(chambers_io::ReadOptions::default().skip_bad_rows(true).skip_bad_rows);
    /// ```
    pub fn skip_bad_rows(mut self, skip: bool) -> Self {
        self.skip_bad_rows = skip;
        self
    }

    /// Builder-lite setter for [`ReadOptions::format`].
    ///
    /// ```
    /// use chambers_io::{Format, ReadOptions};
    /// assert_eq!(ReadOptions::default().format(Some(Format::Tsv)).format, Some(Format::Tsv));
    /// ```
    pub fn format(mut self, format: Option<Format>) -> Self {
        self.format = format;
        self
    }

    /// Builder-lite setter for [`ReadOptions::interactions`].
    ///
    /// ```
    /// use chambers_io::{Interactions, ReadOptions};
    /// let o = ReadOptions::default().interactions(Interactions::ALL);
    /// assert!(o.interactions.quote);
    /// ```
    pub fn interactions(mut self, interactions: Interactions) -> Self {
        self.interactions = interactions;
        self
    }
}

/// One valid input row, borrowed from the reader's buffer.
///
/// ```
/// use chambers_io::EdgeRow;
/// let row = EdgeRow { source: "a", target: "b", weight: 1, time: None, line: 2 };
/// assert_eq!(row.line, 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeRow<'a> {
    /// The account that retweeted.
    pub source: &'a str,
    /// The account retweeted.
    pub target: &'a str,
    /// Number of retweets (≥ 1).
    pub weight: u32,
    /// Unix seconds, when the file has a time column (or the tweet a `created_at`).
    pub time: Option<i64>,
    /// Where the row is: the 1-based line in a text file (a CSV header is line 1; every edge of
    /// a JSONL line has that line's number), or the 1-based row in a Parquet or Arrow file.
    pub line: u64,
}

/// What reading one or more files found, beyond the rows themselves.
///
/// ```
/// let r = chambers_io::ReadReport::default();
/// assert_eq!(r.rows + r.skipped, 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadReport {
    /// Rows delivered.
    pub rows: u64,
    /// Rows with weight 0, which carry no retweet and are left out.
    pub zero_weight: u64,
    /// Malformed rows (for JSONL: tweets or edges) skipped under `skip_bad_rows`.
    pub skipped: u64,
    /// The first few skip reasons, as `file:line: problem` (`file: row N: problem` for
    /// Parquet and Arrow).
    pub skipped_examples: Vec<String>,
    /// Whether the files had a time column (for JSONL: whether any edge had a time).
    pub has_time: bool,
    /// JSONL: retweet edges delivered.
    pub retweets: u64,
    /// JSONL: quote edges delivered.
    pub quotes: u64,
    /// JSONL: reply edges delivered.
    pub replies: u64,
    /// JSONL: mention edges delivered.
    pub mentions: u64,
    /// JSONL: tweets read (those of every kind, selected or not).
    pub tweets: u64,
    /// JSONL: lines that are JSON but not tweets (deletes, rate-limit notices, empty pages),
    /// counted and skipped.
    pub non_tweets: u64,
}

impl ReadReport {
    /// Folds another file's report into this one.
    ///
    /// ```
    /// let mut a = chambers_io::ReadReport { rows: 2, ..Default::default() };
    /// a.merge(chambers_io::ReadReport { rows: 3, ..Default::default() });
    /// assert_eq!(a.rows, 5);
    /// ```
    pub fn merge(&mut self, other: ReadReport) {
        self.rows += other.rows;
        self.zero_weight += other.zero_weight;
        self.skipped += other.skipped;
        let room = EXAMPLES.saturating_sub(self.skipped_examples.len());
        self.skipped_examples
            .extend(other.skipped_examples.into_iter().take(room));
        self.has_time |= other.has_time;
        self.retweets += other.retweets;
        self.quotes += other.quotes;
        self.replies += other.replies;
        self.mentions += other.mentions;
        self.tweets += other.tweets;
        self.non_tweets += other.non_tweets;
    }

    /// Accounts for one parsed row of a table: hands it to `sink` and counts it, counts a row
    /// of weight 0, or handles its problem (skipped under `skip_bad_rows`, else the error that
    /// `at` makes of it).
    pub(crate) fn take_row(
        &mut self,
        parsed: Result<Option<EdgeRow<'_>>, Problem>,
        sink: &mut impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
        skip_bad_rows: bool,
        at: impl FnOnce(Problem) -> IoError,
    ) -> Result<(), IoError> {
        let outcome = match parsed {
            Ok(Some(row)) => sink(row).map(|()| true),
            Ok(None) => Ok(false),
            Err(problem) => Err(Rejection::Row(problem)),
        };
        match outcome {
            Ok(true) => self.rows += 1,
            Ok(false) => self.zero_weight += 1,
            Err(Rejection::Stop(e)) => return Err(e),
            Err(Rejection::Row(problem)) if skip_bad_rows => self.skip(|| at(problem).to_string()),
            Err(Rejection::Row(problem)) => return Err(at(problem)),
        }
        Ok(())
    }

    /// Records a skipped row and keeps its reason while there is room for examples.
    pub(crate) fn skip(&mut self, reason: impl FnOnce() -> String) {
        self.skipped += 1;
        if self.skipped_examples.len() < EXAMPLES {
            self.skipped_examples.push(reason());
        }
    }
}

const EXAMPLES: usize = 5;

/// The field delimiter implied by a file name: tab for `.tsv` and `.tsv.gz`, else comma.
///
/// ```
/// assert_eq!(chambers_io::delimiter_for(std::path::Path::new("week.tsv.gz")), b'\t');
/// assert_eq!(chambers_io::delimiter_for(std::path::Path::new("week.csv")), b',');
/// ```
pub fn delimiter_for(path: &Path) -> u8 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase());
    match name {
        Some(n) if n.ends_with(".tsv") || n.ends_with(".tsv.gz") => b'\t',
        _ => b',',
    }
}

/// Opens a file for reading, transparently decompressing `.gz`.
///
/// # Errors
/// [`IoError::Open`] when the file cannot be opened.
///
/// ```
/// assert!(chambers_io::open_input(std::path::Path::new("/no/such/file.csv")).is_err());
/// ```
pub fn open_input(path: &Path) -> Result<Box<dyn Read + Send>, IoError> {
    let file = File::open(path).map_err(|e| IoError::Open {
        file: path.display().to_string(),
        source: e,
    })?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    Ok(if gz {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            file,
        )))
    } else {
        Box::new(file)
    })
}

/// Why a row consumer refused a row: the row is bad (reported with its line, or skipped under
/// `skip_bad_rows`), or reading must stop (an output failed).
///
/// ```
/// use chambers_io::{Problem, Rejection};
/// let r: Rejection = Problem::MissingTime.into();
/// assert!(matches!(r, Rejection::Row(_)));
/// ```
#[derive(Debug)]
pub enum Rejection {
    /// The row is unusable.
    Row(Problem),
    /// Stop reading with this error.
    Stop(IoError),
}

impl From<Problem> for Rejection {
    fn from(p: Problem) -> Self {
        Rejection::Row(p)
    }
}

/// Streams the rows of one CSV/TSV edge file to `sink`, holding one row in memory at a time.
///
/// The delimiter is a tab when [`ReadOptions::format`] is [`Format::Tsv`] or, without a format,
/// when the name ends in `.tsv` or `.tsv.gz` ([`delimiter_for`]); else a comma. The header
/// names the columns ([`Columns`]); weight defaults to 1 when the file has no weight column and
/// is written as an integer or a whole decimal (`2`, `2.0`); time is RFC 3339, Unix seconds or
/// Twitter's `created_at` ([`parse_time`]), or empty for none. Rows of weight 0 are counted and left out.
/// `sink` may reject a row ([`Rejection::Row`], reported or skipped like a malformed field) or
/// stop the reading ([`Rejection::Stop`]).
///
/// # Errors
/// [`IoError`] naming the file, the line and the problem: a missing column, a wrong field count,
/// a bad weight or time, an empty id, invalid UTF-8, an unreadable or truncated file.
///
/// ```
/// use chambers_io::{read_csv_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target,weight\na,b,2\nc,b,1\n").unwrap();
/// let mut rows = Vec::new();
/// let report = read_csv_edges(&path, &ReadOptions::default(), |r| {
///     rows.push((r.source.to_owned(), r.target.to_owned(), r.weight));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(report.rows, 2);
/// assert_eq!(rows[0], ("a".into(), "b".into(), 2));
///
/// std::fs::write(&path, "source,target,weight\na,b,-1\n").unwrap();
/// let err = read_csv_edges(&path, &ReadOptions::default(), |_| Ok(())).unwrap_err();
/// assert!(err.to_string().ends_with("rt.csv:2: bad weight \"-1\": negative"));
/// ```
pub fn read_csv_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let delimiter = match options.format {
        Some(Format::Tsv) => b'\t',
        Some(Format::Csv) => b',',
        _ => delimiter_for(path),
    };
    read_delimited(path, delimiter, options, sink)
}

/// [`read_csv_edges`] with the delimiter given.
pub(crate) fn read_delimited(
    path: &Path,
    delimiter: u8,
    options: &ReadOptions,
    mut sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let file = path.display().to_string();
    let input = open_input(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let at = |line: u64, problem: Problem| IoError::Data {
        file: file.clone(),
        line,
        problem,
    };
    let mut record = csv::ByteRecord::new();
    // Lines of I/O errors are unknown to the CSV parser: name the line after the last good one.
    let mut line = 0;
    let read = |reader: &mut csv::Reader<_>, record: &mut csv::ByteRecord, line: u64| {
        reader.read_byte_record(record).map_err(|e| {
            let line = e.position().map_or(line + 1, |p| p.line());
            at(line, Problem::Read(read_error_text(&e)))
        })
    };
    if !read(&mut reader, &mut record, line)? {
        return Err(at(1, Problem::Empty));
    }
    let layout = Layout::from_header(&record, &options.columns).map_err(|p| at(1, p))?;
    let mut report = ReadReport {
        has_time: layout.time.is_some(),
        ..ReadReport::default()
    };
    line = 1;
    while read(&mut reader, &mut record, line)? {
        line = record.position().map_or(line + 1, |p| p.line());
        if record.len() == 1 && record[0].is_empty() {
            continue; // a blank line
        }
        report.take_row(
            layout.parse(&record, line),
            &mut sink,
            options.skip_bad_rows,
            |p| at(line, p),
        )?;
    }
    Ok(report)
}

fn read_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io_error_text(io),
        other => format!("{other:?}"),
    }
}

/// The text of a read error, naming truncation plainly.
pub(crate) fn io_error_text(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        "unexpected end of data (truncated or corrupt compressed file?)".into()
    } else {
        e.to_string()
    }
}

/// Positions of the wanted columns in the header.
struct Layout {
    fields: usize,
    source: usize,
    target: usize,
    weight: Option<usize>,
    time: Option<usize>,
}

impl Layout {
    fn from_header(header: &csv::ByteRecord, columns: &Columns) -> Result<Self, Problem> {
        let names: Vec<&str> = header
            .iter()
            .map(|f| {
                std::str::from_utf8(f)
                    .map(str::trim)
                    .map_err(|_| Problem::InvalidUtf8 {
                        column: "header".into(),
                    })
            })
            .collect::<Result<_, _>>()?;
        let find = |name: &str| names.iter().position(|&n| n == name);
        let need = |name: &str| {
            find(name).ok_or_else(|| Problem::MissingColumn {
                column: name.to_owned(),
                header: names.join(","),
            })
        };
        Ok(Self {
            fields: names.len(),
            source: need(&columns.source)?,
            target: need(&columns.target)?,
            weight: find(&columns.weight),
            time: find(&columns.time),
        })
    }

    fn parse<'r>(
        &self,
        record: &'r csv::ByteRecord,
        line: u64,
    ) -> Result<Option<EdgeRow<'r>>, Problem> {
        if record.len() != self.fields {
            return Err(Problem::FieldCount {
                expected: self.fields,
                found: record.len(),
            });
        }
        let id = |i: usize, column: &'static str| -> Result<&'r str, Problem> {
            let s = std::str::from_utf8(&record[i]).map_err(|_| Problem::InvalidUtf8 {
                column: column.into(),
            })?;
            if s.is_empty() {
                return Err(Problem::EmptyId { column });
            }
            Ok(s)
        };
        let source = id(self.source, "source")?;
        let target = id(self.target, "target")?;
        let weight = match self.weight {
            Some(i) => parse_weight(&record[i])?,
            None => 1,
        };
        let time = match self.time {
            Some(i) if !record[i].is_empty() => {
                Some(parse_time(&record[i]).ok_or_else(|| Problem::BadTime(lossy(&record[i])))?)
            }
            _ => None,
        };
        Ok((weight > 0).then_some(EdgeRow {
            source,
            target,
            weight,
            time,
            line,
        }))
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).chars().take(40).collect()
}

/// Parses a retweet count: an integer, or a decimal with no fractional part.
fn parse_weight(bytes: &[u8]) -> Result<u32, Problem> {
    let bad = |why: &'static str| Problem::BadWeight {
        value: lossy(bytes),
        why,
    };
    if !bytes.is_empty() && bytes.len() <= 10 && bytes.iter().all(u8::is_ascii_digit) {
        let n = bytes
            .iter()
            .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
        return u32::try_from(n).map_err(|_| bad("above 4294967295"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not a number"))?;
    let x: f64 = text.trim().parse().map_err(|_| bad("not a number"))?;
    whole_weight(x).map_err(bad)
}

/// A retweet count written as a float: finite, non-negative, whole and within `u32`; the error
/// says why not.
pub(crate) fn whole_weight(x: f64) -> Result<u32, &'static str> {
    if !x.is_finite() {
        Err("not finite")
    } else if x < 0.0 {
        Err("negative")
    } else if x.fract() != 0.0 {
        Err("not a whole number of retweets")
    } else if x > f64::from(u32::MAX) {
        Err("above 4294967295")
    } else {
        Ok(x as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights() {
        assert_eq!(parse_weight(b"2"), Ok(2));
        assert_eq!(parse_weight(b"2.0"), Ok(2));
        assert_eq!(parse_weight(b"1e3"), Ok(1000));
        assert_eq!(parse_weight(b"0"), Ok(0));
        for (bad, why) in [
            (&b"-1"[..], "negative"),
            (b"2.5", "not a whole number of retweets"),
            (b"NaN", "not finite"),
            (b"inf", "not finite"),
            (b"", "not a number"),
            (b"x", "not a number"),
            (b"4294967296", "above 4294967295"),
            (b"99999999999", "above 4294967295"),
        ] {
            match parse_weight(bad) {
                Err(Problem::BadWeight { why: w, .. }) => assert_eq!(w, why),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
