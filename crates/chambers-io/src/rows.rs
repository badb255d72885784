//! The vocabulary every reader shares: what to read ([`ReadOptions`], [`Columns`]), the rows
//! delivered ([`EdgeRow`]), how a consumer refuses one ([`Rejection`]), what reading found
//! ([`ReadReport`]), and opening text inputs ([`open_input`], [`delimiter_for`]).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chambers_graph::WindowSpec;

use crate::{FAR_FUTURE, Format, Interactions, IoError, Problem, TimeUnit};

/// Names of the input columns (CSV/TSV header, Parquet and Arrow schema), found by name in any
/// order, so that files with their own naming are read without being rewritten.
///
/// ```
/// use chambers_io::{read_edges, Columns, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "author,retweeter,n\nbob,ann,3\n").unwrap();
/// let columns = Columns::default().source("retweeter").target("author").weight("n");
/// let mut rows = Vec::new();
/// read_edges(&path, &ReadOptions::default().columns(columns), |r| {
///     rows.push(format!("{}>{} x{}", r.source, r.target, r.weight));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(rows, ["ann>bob x3"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
                #[doc = concat!("Sets [`Columns::", stringify!($field), "`], the name of that column in the input.")]
                pub fn $field(mut self, name: impl Into<String>) -> Self {
                    self.$field = name.into();
                    self
                }
            )*
        }
    };
}

column_setters!(source, target, weight, time);

impl Columns {
    /// Refuses a header or schema (`place`) that names a column this reader would use (source,
    /// target, weight or time) more than once: which one is meant would be a guess. Repeated
    /// names of other columns, which are never read, are allowed.
    pub(crate) fn check_unique(&self, names: &[&str], place: &'static str) -> Result<(), Problem> {
        for wanted in [&self.source, &self.target, &self.weight, &self.time] {
            let count = names.iter().filter(|&&n| n == wanted).count();
            if count > 1 {
                return Err(Problem::DuplicateColumn {
                    column: wanted.clone(),
                    count,
                    place,
                });
            }
        }
        Ok(())
    }
}

/// How edge files are read: the same options serve every format, so one set of options reads
/// a mixed list of inputs.
///
/// ```
/// use chambers_io::{read_edges, Format, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("export.txt"); // no telling extension: say the format
/// std::fs::write(&path, "source\ttarget\na\tb\n\tb\n").unwrap();
/// let options = ReadOptions::default().format(Some(Format::Tsv)).skip_bad_rows(true);
/// let report = read_edges(&path, &options, |_| Ok(())).unwrap();
/// assert_eq!((report.rows, report.skipped), (1, 1));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadOptions {
    /// Column names (CSV/TSV, Parquet, Arrow).
    pub columns: Columns,
    /// Skip malformed rows (counted in the [`ReadReport`]) instead of stopping at the first.
    pub skip_bad_rows: bool,
    /// The input format; `None` takes it from each file's extension ([`Format::from_path`]),
    /// and for JSON files from their content (Twitter, Bluesky or Mastodon).
    pub format: Option<Format>,
    /// The interactions that tweet files (Twitter JSONL, Bluesky, Mastodon) turn into edges;
    /// retweets (reposts, boosts) only by default.
    pub interactions: Interactions,
    /// The unit of integer times (text, or Parquet/Arrow `Int64`/`Int32` columns); Unix seconds
    /// by default. Typed timestamps and RFC 3339 text are unaffected.
    pub time_unit: TimeUnit,
    /// Refuse a table (CSV/TSV header, Parquet or Arrow schema) without the time column at
    /// once, before any row is read ([`Problem::MissingTimeColumn`]): time windows need it.
    /// [`crate::read_windows`] and [`crate::summarise_edges`] set it for time windows.
    pub require_time: bool,
    /// Trim white space around account ids (`" ann"` is then `"ann"`). Off by default: ids
    /// are kept as written, and [`ReadReport::padded_ids`] counts the rows whose ids have
    /// white space around them, so that a program can warn.
    pub trim_ids: bool,
    /// Read CSV/TSV with the streaming reader, and Parquet one record batch at a time, on the
    /// calling thread instead of the parallel readers (the same results; the baseline of the
    /// ingestion benchmark). Off by default.
    pub serial: bool,
}

impl ReadOptions {
    /// Sets [`ReadOptions::columns`].
    pub fn columns(mut self, columns: Columns) -> Self {
        self.columns = columns;
        self
    }

    /// Sets [`ReadOptions::skip_bad_rows`].
    pub fn skip_bad_rows(mut self, skip: bool) -> Self {
        self.skip_bad_rows = skip;
        self
    }

    /// Sets [`ReadOptions::format`].
    pub fn format(mut self, format: Option<Format>) -> Self {
        self.format = format;
        self
    }

    /// Sets [`ReadOptions::interactions`].
    pub fn interactions(mut self, interactions: Interactions) -> Self {
        self.interactions = interactions;
        self
    }

    /// Sets [`ReadOptions::time_unit`].
    ///
    /// ```
    /// use chambers_io::{read_csv_edges, ReadOptions, TimeUnit};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("rt.csv");
    /// std::fs::write(&path, "source,target,time\na,b,1551398400500\n").unwrap();
    /// let mut times = Vec::new();
    /// let options = ReadOptions::default().time_unit(TimeUnit::Milliseconds);
    /// read_csv_edges(&path, &options, |r| { times.push(r.time); Ok(()) }).unwrap();
    /// assert_eq!(times, [Some(1_551_398_400)]);
    /// ```
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }

    /// These options for reading into `spec`'s windows: time windows require the time column.
    pub(crate) fn for_windows(&self, spec: WindowSpec) -> Cow<'_, Self> {
        if matches!(spec, WindowSpec::Fixed { .. }) && !self.require_time {
            Cow::Owned(self.clone().require_time(true))
        } else {
            Cow::Borrowed(self)
        }
    }

    /// Sets [`ReadOptions::require_time`].
    ///
    /// ```
    /// use chambers_io::{read_csv_edges, Problem, ReadOptions, IoError};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("rt.csv");
    /// std::fs::write(&path, "source,target\na,b\n").unwrap();
    /// let options = ReadOptions::default().require_time(true);
    /// match read_csv_edges(&path, &options, |_| Ok(())) {
    ///     Err(IoError::Data { line: 1, problem: Problem::MissingTimeColumn { .. }, .. }) => {}
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn require_time(mut self, require: bool) -> Self {
        self.require_time = require;
        self
    }

    /// Sets [`ReadOptions::trim_ids`].
    ///
    /// ```
    /// use chambers_io::{read_csv_edges, ReadOptions};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("rt.csv");
    /// std::fs::write(&path, "source,target\n ann,bob\nann,bob\n").unwrap();
    /// let mut sources = Vec::new();
    /// let report = read_csv_edges(&path, &ReadOptions::default(), |r| Ok(sources.push(r.source.to_owned()))).unwrap();
    /// assert_eq!((sources, report.padded_ids), (vec![" ann".to_owned(), "ann".to_owned()], 1));
    /// let mut sources = Vec::new();
    /// let trim = ReadOptions::default().trim_ids(true);
    /// read_csv_edges(&path, &trim, |r| Ok(sources.push(r.source.to_owned()))).unwrap();
    /// assert_eq!(sources, ["ann", "ann"]);
    /// ```
    pub fn trim_ids(mut self, trim: bool) -> Self {
        self.trim_ids = trim;
        self
    }

    /// Sets [`ReadOptions::serial`].
    ///
    /// ```
    /// use chambers_io::{read_csv_edges, ReadOptions};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("rt.csv");
    /// std::fs::write(&path, "source,target\na,b\nc,b\n").unwrap();
    /// let lines = |options: &ReadOptions| {
    ///     let mut lines = Vec::new();
    ///     read_csv_edges(&path, options, |r| Ok(lines.push(r.line))).unwrap();
    ///     lines
    /// };
    /// assert_eq!(lines(&ReadOptions::default().serial(true)), lines(&ReadOptions::default()));
    /// ```
    pub fn serial(mut self, serial: bool) -> Self {
        self.serial = serial;
        self
    }
}

/// One valid input row, borrowed from the reader's buffer: the same shape whatever the input
/// format, so a consumer handles every format at once. Copy out what outlives the call.
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

/// What reading one or more files found, beyond the rows themselves: counts to report, and
/// the first skip reasons, so that a run that skipped rows can say which and why.
///
/// ```
/// use chambers_io::{read_csv_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target,weight\na,b,1\nc,b,0\nd,,1\n").unwrap();
/// let options = ReadOptions::default().skip_bad_rows(true);
/// let report = read_csv_edges(&path, &options, |_| Ok(())).unwrap();
/// assert_eq!((report.rows, report.zero_weight, report.skipped), (1, 1, 1));
/// assert!(report.skipped_examples[0].ends_with("rt.csv:4: empty target id"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// JSONL: tweets read (those of every kind, selected or not); Bluesky: posts and reposts;
    /// Mastodon: statuses.
    pub tweets: u64,
    /// JSONL: lines that are JSON but not tweets (deletes, rate-limit notices, empty pages;
    /// Bluesky identity and account events; Mastodon objects that are not statuses), counted
    /// and skipped.
    pub non_tweets: u64,
    /// Bluesky: deletions of records, counted and skipped.
    pub deletions: u64,
    /// Bluesky: records of collections other than posts and reposts (likes, follows, profiles,
    /// …) and record updates, counted and skipped.
    pub other_records: u64,
    /// Mastodon: replies whose `in_reply_to_account_id` names no account seen in the file,
    /// counted and left out.
    pub unresolved_replies: u64,
    /// Rows delivered with a time at or after the year 5001 ([`crate::FAR_FUTURE`]): integer
    /// times in a finer unit than [`ReadOptions::time_unit`] (milliseconds read as seconds),
    /// most likely. Not counted for JSONL, whose times are never integers.
    pub far_future_times: u64,
    /// Table rows (CSV/TSV, Parquet, Arrow) whose source or target id has white space around
    /// it: kept as written unless [`ReadOptions::trim_ids`], so `" ann"` and `"ann"` are two
    /// accounts.
    pub padded_ids: u64,
}

impl ReadReport {
    /// Folds another file's report into this one (counts add up; skip examples are kept up to
    /// the first five in all), so that several inputs give one report.
    ///
    /// ```
    /// use chambers_io::{read_csv_edges, ReadOptions, ReadReport};
    /// let dir = tempfile::tempdir().unwrap();
    /// let mut total = ReadReport::default();
    /// for (name, text) in [("a.csv", "source,target\na,b\n"), ("b.csv", "source,target,time\nc,b,0\n")] {
    ///     let path = dir.path().join(name);
    ///     std::fs::write(&path, text).unwrap();
    ///     total.merge(read_csv_edges(&path, &ReadOptions::default(), |_| Ok(())).unwrap());
    /// }
    /// assert_eq!(total.rows, 2);
    /// assert!(total.has_time);
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
        self.deletions += other.deletions;
        self.other_records += other.other_records;
        self.unresolved_replies += other.unresolved_replies;
        self.far_future_times += other.far_future_times;
        self.padded_ids += other.padded_ids;
    }

    /// Accounts for one parsed row of a table: trims or counts ids with white space around
    /// them ([`ReadOptions::trim_ids`]), hands the row to `sink` and counts it, counts a row of
    /// weight 0, or handles its problem (skipped under `skip_bad_rows`, else the error that
    /// `at` makes of it).
    pub(crate) fn take_row(
        &mut self,
        parsed: Result<Option<EdgeRow<'_>>, Problem>,
        sink: &mut impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
        options: &ReadOptions,
        at: impl FnOnce(Problem) -> IoError,
    ) -> Result<(), IoError> {
        let skip_bad_rows = options.skip_bad_rows;
        let parsed = match parsed {
            Ok(Some(row)) => self.tidy(row, options.trim_ids).map(Some),
            other => other,
        };
        let far_future =
            matches!(&parsed, Ok(Some(EdgeRow { time: Some(t), .. })) if *t >= FAR_FUTURE);
        let outcome = match parsed {
            Ok(Some(row)) => sink(row).map(|()| true),
            Ok(None) => Ok(false),
            Err(problem) => Err(Rejection::Row(problem)),
        };
        match outcome {
            Ok(true) => {
                self.rows += 1;
                self.far_future_times += u64::from(far_future);
            }
            Ok(false) => self.zero_weight += 1,
            Err(Rejection::Stop(e)) => return Err(e),
            Err(Rejection::Row(problem)) if skip_bad_rows => self.skip(|| at(problem).to_string()),
            Err(Rejection::Row(problem)) => return Err(at(problem)),
        }
        Ok(())
    }

    /// The row with its ids trimmed when `trim` (an id that is only white space is empty), else
    /// as it is, counting it in [`ReadReport::padded_ids`] when an id has white space around it.
    fn tidy<'a>(&mut self, row: EdgeRow<'a>, trim: bool) -> Result<EdgeRow<'a>, Problem> {
        let (source, target) = (row.source.trim(), row.target.trim());
        if source.len() == row.source.len() && target.len() == row.target.len() {
            return Ok(row);
        }
        if !trim {
            self.padded_ids += 1;
            return Ok(row);
        }
        if source.is_empty() {
            return Err(Problem::EmptyId { column: "source" });
        }
        if target.is_empty() {
            return Err(Problem::EmptyId { column: "target" });
        }
        Ok(EdgeRow {
            source,
            target,
            ..row
        })
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

/// The field delimiter implied by a file name: tab for `.tsv` and `.tsv.gz`, else comma. For
/// programs that write or sniff text tables beside the readers.
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

/// Opens a file for reading, transparently decompressing `.gz` (every gzip member, as
/// concatenated dumps have several), so that text inputs are read the same compressed or not.
///
/// # Errors
/// [`IoError::Open`] when the file cannot be opened.
///
/// ```
/// use std::io::{Read, Write};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv.gz");
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
/// gz.write_all(b"source,target\n").unwrap();
/// std::fs::write(&path, gz.finish().unwrap()).unwrap();
/// let mut text = String::new();
/// chambers_io::open_input(&path).unwrap().read_to_string(&mut text).unwrap();
/// assert_eq!(text, "source,target\n");
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
/// `skip_bad_rows`), or reading must stop (an output failed). The consumer's verdict thus
/// takes the same path as the reader's own checks.
///
/// ```
/// use chambers_io::{read_csv_edges, Problem, ReadOptions, Rejection};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target\na,a\na,b\n").unwrap();
/// let no_loops = |r: chambers_io::EdgeRow<'_>| {
///     if r.source == r.target { Err(Rejection::Row(Problem::Other("self-retweet".into()))) } else { Ok(()) }
/// };
/// let err = read_csv_edges(&path, &ReadOptions::default(), no_loops).unwrap_err();
/// assert!(err.to_string().ends_with("rt.csv:2: self-retweet"));
/// let report = read_csv_edges(&path, &ReadOptions::default().skip_bad_rows(true), no_loops).unwrap();
/// assert_eq!((report.rows, report.skipped), (1, 1));
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
