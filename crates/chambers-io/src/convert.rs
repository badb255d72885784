//! The canonical edge table in any output format, and conversion of any input to it.

use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;

use crate::{
    AtomicFile, EdgeTableWriter, Format, IoError, ReadOptions, ReadReport, Rejection, read_edges,
};

enum Sink {
    Text(EdgeTableWriter<AtomicFile>),
    Gzip(EdgeTableWriter<GzEncoder<AtomicFile>>),
    #[cfg(feature = "parquet")]
    Parquet(crate::ParquetEdgeWriter<AtomicFile>),
    #[cfg(feature = "parquet")]
    Arrow(crate::ArrowEdgeWriter<AtomicFile>),
}

/// The canonical edge table (`source`, `target`, `weight`, `time`) written to a file in the
/// format of its extension or the one given: CSV or TSV (gzip-compressed when the name ends in
/// `.gz`), Parquet or Arrow IPC ([`crate::ParquetEdgeWriter`], [`crate::ArrowEdgeWriter`]).
/// The file appears under its name only on [`EdgeFileWriter::finish`] ([`AtomicFile`]); memory
/// stays bounded whatever the number of rows.
///
/// ```
/// use chambers_io::{EdgeFileWriter, ReadOptions, read_edges};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("edges.tsv.gz");
/// let mut w = EdgeFileWriter::create(&path, None).unwrap();
/// w.write("a", "b", 2, Some(0)).unwrap();
/// assert_eq!(w.finish().unwrap(), 1);
/// let mut n = 0;
/// read_edges(&path, &ReadOptions::default(), |r| {
///     assert_eq!((r.source, r.target, r.weight, r.time), ("a", "b", 2, Some(0)));
///     n += 1;
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(n, 1);
/// ```
pub struct EdgeFileWriter {
    sink: Sink,
    path: PathBuf,
    rows: u64,
}

impl std::fmt::Debug for EdgeFileWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeFileWriter")
            .field("path", &self.path)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl EdgeFileWriter {
    /// Creates the output (under a temporary name until [`EdgeFileWriter::finish`]); the format
    /// is `format` when given, else [`Format::from_path`].
    ///
    /// # Errors
    /// [`IoError::Input`] for JSONL (tweets are an input format only) or for Parquet/Arrow in a
    /// build without the `parquet` feature; [`IoError::Open`] when the file cannot be created.
    ///
    /// ```
    /// use chambers_io::{EdgeFileWriter, Format};
    /// let dir = tempfile::tempdir().unwrap();
    /// assert!(EdgeFileWriter::create(dir.path().join("x.jsonl"), None).is_err());
    /// assert!(EdgeFileWriter::create(dir.path().join("x.out"), Some(Format::Tsv)).is_ok());
    /// ```
    pub fn create(path: impl AsRef<Path>, format: Option<Format>) -> Result<Self, IoError> {
        let path = path.as_ref();
        let format = format.unwrap_or_else(|| Format::from_path(path));
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
        let sink = match format {
            Format::Jsonl => {
                return Err(IoError::Input(format!(
                    "{}: JSONL is an input format only; write csv, tsv, parquet or arrow",
                    path.display()
                )));
            }
            Format::Csv | Format::Tsv if gz => {
                let out = GzEncoder::new(AtomicFile::create(path)?, flate2::Compression::fast());
                Sink::Gzip(EdgeTableWriter::with_delimiter(out, delimiter)?)
            }
            Format::Csv | Format::Tsv => Sink::Text(EdgeTableWriter::with_delimiter(
                AtomicFile::create(path)?,
                delimiter,
            )?),
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                Sink::Parquet(crate::ParquetEdgeWriter::new(AtomicFile::create(path)?)?)
            }
            #[cfg(feature = "parquet")]
            Format::Arrow => Sink::Arrow(crate::ArrowEdgeWriter::new(AtomicFile::create(path)?)?),
            #[cfg(not(feature = "parquet"))]
            Format::Parquet | Format::Arrow => {
                return Err(crate::format::not_built(path, format));
            }
        };
        Ok(Self {
            sink,
            path: path.to_path_buf(),
            rows: 0,
        })
    }

    /// Writes one row.
    ///
    /// # Errors
    /// [`IoError::Write`] naming the file when writing fails.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let mut w = chambers_io::EdgeFileWriter::create(dir.path().join("e.csv"), None).unwrap();
    /// assert!(w.write("a", "b", 1, None).is_ok());
    /// ```
    pub fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let written = match &mut self.sink {
            Sink::Text(w) => w.write(source, target, weight, time),
            Sink::Gzip(w) => w.write(source, target, weight, time),
            #[cfg(feature = "parquet")]
            Sink::Parquet(w) => w.write(source, target, weight, time),
            #[cfg(feature = "parquet")]
            Sink::Arrow(w) => w.write(source, target, weight, time),
        };
        self.rows += 1;
        written.map_err(|e| self.name(e))
    }

    /// Finishes the table and moves it into place; returns the number of rows written.
    ///
    /// # Errors
    /// [`IoError::Write`] naming the file when the last bytes cannot be written or the file
    /// cannot be renamed; nothing is left under the final name.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let w = chambers_io::EdgeFileWriter::create(dir.path().join("e.csv.gz"), None).unwrap();
    /// assert_eq!(w.finish().unwrap(), 0);
    /// assert!(dir.path().join("e.csv.gz").exists());
    /// ```
    pub fn finish(self) -> Result<u64, IoError> {
        let file = match self.sink {
            Sink::Text(w) => w.finish(),
            Sink::Gzip(w) => w.finish().and_then(|gz| {
                gz.finish().map_err(|e| IoError::Write {
                    file: String::new(),
                    source: e,
                })
            }),
            #[cfg(feature = "parquet")]
            Sink::Parquet(w) => w.finish(),
            #[cfg(feature = "parquet")]
            Sink::Arrow(w) => w.finish(),
        };
        let rename = |e| match e {
            IoError::Write { source, .. } => IoError::Write {
                file: self.path.display().to_string(),
                source,
            },
            other => other,
        };
        file.map_err(rename)?.commit()?;
        Ok(self.rows)
    }

    /// Names the output file in a write error.
    fn name(&self, e: IoError) -> IoError {
        match e {
            IoError::Write { source, .. } => IoError::Write {
                file: self.path.display().to_string(),
                source,
            },
            other => other,
        }
    }
}

/// Converts inputs of any supported formats ([`read_edges`]) to the canonical edge table in
/// `out` ([`EdgeFileWriter`]), streaming: one input row and one output batch in memory at a
/// time. Returns what reading found, all inputs together.
///
/// # Errors
/// Any reading error (the output is then not created); [`IoError::Input`] when the inputs hold
/// no edge at all (nothing is written); the errors of [`EdgeFileWriter`].
///
/// ```
/// use chambers_io::{convert_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("rt.csv");
/// std::fs::write(&input, "source,target\na,b\nc,b\n").unwrap();
/// let out = dir.path().join("rt.tsv");
/// let report = convert_edges(&[&input], &out, None, &ReadOptions::default()).unwrap();
/// assert_eq!(report.rows, 2);
/// assert!(out.exists());
///
/// std::fs::write(&input, "source,target\n").unwrap();
/// assert!(convert_edges(&[&input], dir.path().join("none.csv"), None, &ReadOptions::default()).is_err());
/// assert!(!dir.path().join("none.csv").exists());
/// ```
pub fn convert_edges<P: AsRef<Path>>(
    inputs: &[P],
    out: impl AsRef<Path>,
    out_format: Option<Format>,
    options: &ReadOptions,
) -> Result<ReadReport, IoError> {
    let mut writer = EdgeFileWriter::create(out, out_format)?;
    let mut total = ReadReport::default();
    for input in inputs {
        let report = read_edges(input.as_ref(), options, |row| {
            writer
                .write(row.source, row.target, row.weight, row.time)
                .map_err(Rejection::Stop)
        })?;
        total.merge(report);
    }
    if total.rows == 0 {
        return Err(IoError::Input(
            "the input holds no edges (no data rows); nothing written".into(),
        ));
    }
    writer.finish()?;
    Ok(total)
}
