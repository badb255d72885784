//! The canonical edge table written to a file in the format its name implies.

use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;

use super::{EdgeTableWriter, EdgeWrite};
use crate::{AtomicFile, Format, IoError};

/// A writer of one format whose output, once finished, is the file to move into place.
trait Sink {
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError>;

    fn finish(self: Box<Self>) -> Result<AtomicFile, IoError>;
}

impl<T: EdgeWrite> Sink for T
where
    T::Output: IntoFile,
{
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        EdgeWrite::write(self, source, target, weight, time)
    }

    fn finish(self: Box<Self>) -> Result<AtomicFile, IoError> {
        EdgeWrite::finish(*self)?.into_file()
    }
}

/// What a writer writes into: the file itself, or a compressor in front of it.
trait IntoFile {
    /// Ends what is in front of the file (compression) and hands the file back.
    fn into_file(self) -> Result<AtomicFile, IoError>;
}

impl IntoFile for AtomicFile {
    fn into_file(self) -> Result<AtomicFile, IoError> {
        Ok(self)
    }
}

impl IntoFile for GzEncoder<AtomicFile> {
    fn into_file(self) -> Result<AtomicFile, IoError> {
        // The file is named by EdgeFileWriter::finish.
        self.finish().map_err(|e| IoError::Write {
            file: String::new(),
            source: e,
        })
    }
}

/// The canonical edge table (`source`, `target`, `weight`, `time`) written to a file in the
/// format of its extension or the one given: CSV or TSV (gzip-compressed when the name ends in
/// `.gz`), Parquet or Arrow IPC ([`crate::ParquetEdgeWriter`], [`crate::ArrowEdgeWriter`]).
/// The file appears under its name only on [`EdgeFileWriter::finish`] ([`AtomicFile`]); memory
/// stays bounded whatever the number of rows.
///
/// ```
/// use chambers_io::EdgeWrite;
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
    sink: Box<dyn Sink + Send>,
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
    /// is `format` when given, else the one its extension names ([`Format::from_extension`]).
    ///
    /// # Errors
    /// [`IoError::UnknownOutput`] for a name whose extension names no format, and no `format`;
    /// [`IoError::InputOnly`] for JSONL, Bluesky and Mastodon (posts are an input format only);
    /// [`IoError::NotBuilt`] for Parquet/Arrow in a build without the `parquet` feature;
    /// [`IoError::Open`] when the file cannot be created.
    ///
    /// ```
    /// use chambers_io::{EdgeFileWriter, Format};
    /// let dir = tempfile::tempdir().unwrap();
    /// assert!(EdgeFileWriter::create(dir.path().join("x.jsonl"), None).is_err());
    /// assert!(EdgeFileWriter::create(dir.path().join("x.out"), Some(Format::Tsv)).is_ok());
    /// assert!(EdgeFileWriter::create(dir.path().join("x.xlsx"), None).is_err());
    /// ```
    pub fn create(path: impl AsRef<Path>, format: Option<Format>) -> Result<Self, IoError> {
        let path = path.as_ref();
        let format = format
            .or_else(|| Format::from_extension(path))
            .ok_or_else(|| IoError::UnknownOutput {
                file: path.display().to_string(),
            })?;
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
        let sink: Box<dyn Sink + Send> = match format {
            Format::Jsonl | Format::Bluesky | Format::Mastodon => {
                return Err(IoError::InputOnly {
                    file: path.display().to_string(),
                });
            }
            Format::Csv | Format::Tsv if gz => {
                let out = GzEncoder::new(AtomicFile::create(path)?, flate2::Compression::fast());
                Box::new(EdgeTableWriter::with_delimiter(out, delimiter)?)
            }
            Format::Csv | Format::Tsv => Box::new(EdgeTableWriter::with_delimiter(
                AtomicFile::create(path)?,
                delimiter,
            )?),
            #[cfg(feature = "parquet")]
            Format::Parquet => Box::new(super::ParquetEdgeWriter::new(AtomicFile::create(path)?)?),
            #[cfg(feature = "parquet")]
            Format::Arrow => Box::new(super::ArrowEdgeWriter::new(AtomicFile::create(path)?)?),
            #[cfg(not(feature = "parquet"))]
            Format::Parquet | Format::Arrow => {
                return Err(crate::read::not_built(path, format));
            }
        };
        Ok(Self {
            sink,
            path: path.to_path_buf(),
            rows: 0,
        })
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

impl EdgeWrite for EdgeFileWriter {
    type Output = u64;

    /// Writes one row.
    ///
    /// # Errors
    /// [`IoError::Write`] naming the file when writing fails.
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let written = self.sink.write(source, target, weight, time);
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
    /// use chambers_io::EdgeWrite;
    /// let dir = tempfile::tempdir().unwrap();
    /// let w = chambers_io::EdgeFileWriter::create(dir.path().join("e.csv.gz"), None).unwrap();
    /// assert_eq!(w.finish().unwrap(), 0);
    /// assert!(dir.path().join("e.csv.gz").exists());
    /// ```
    fn finish(self) -> Result<u64, IoError> {
        let file = self.sink.finish();
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
}
