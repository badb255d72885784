//! The Parquet writer of the canonical edge table.

use std::io::Write;

use arrow_schema::TimeUnit;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use super::EdgeWrite;
use super::batch::{Pending, edge_schema, table_error};
use crate::IoError;

/// Rows per Parquet row group written: bounds the writer's memory.
const ROW_GROUP: usize = 1 << 20;
/// Dictionary size per column chunk before Parquet falls back to plain encoding: room for the
/// distinct ids of a row group, so that id columns stay dictionary-encoded (smaller, faster).
const DICTIONARY_BYTES: usize = 16 << 20;
/// Data page size: pages of 64 KiB decompress into buffers that the allocator reuses.
const PAGE_BYTES: usize = 1 << 16;

/// Writes the canonical edge table as Parquet: columns `source`, `target` (strings,
/// dictionary-encoded), `weight` (UInt32) and `time` (Timestamp in milliseconds, UTC — Parquet
/// has no seconds unit —, delta-encoded, null when unknown), Snappy-compressed, in row groups of
/// 2^20 rows, so memory stays bounded whatever the number of rows.
///
/// ```
/// use chambers_io::EdgeWrite;
/// let mut w = chambers_io::ParquetEdgeWriter::new(Vec::new()).unwrap();
/// w.write("a", "b", 2, Some(0)).unwrap();
/// let bytes = w.finish().unwrap();
/// assert_eq!(&bytes[..4], b"PAR1");
/// ```
pub struct ParquetEdgeWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    pending: Pending,
}

impl<W: Write + Send> std::fmt::Debug for ParquetEdgeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetEdgeWriter")
            .field("buffered_rows", &self.writer.in_progress_rows())
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> ParquetEdgeWriter<W> {
    /// Starts the table in `out` (a file, a buffer); nothing is written until the first row
    /// group is full or [`ParquetEdgeWriter::finish`].
    ///
    /// # Errors
    /// [`IoError::Write`] when the file header cannot be written.
    pub fn new(out: W) -> Result<Self, IoError> {
        let time = ColumnPath::from("time");
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_dictionary_page_size_limit(DICTIONARY_BYTES)
            .set_data_page_size_limit(PAGE_BYTES)
            .set_column_dictionary_enabled(time.clone(), false)
            .set_column_encoding(time, Encoding::DELTA_BINARY_PACKED)
            .build();
        let writer =
            ArrowWriter::try_new(out, edge_schema(TimeUnit::Millisecond), Some(properties))
                .map_err(|e| table_error("Parquet", e))?;
        Ok(Self {
            writer,
            pending: Pending::new(TimeUnit::Millisecond, "Parquet"),
        })
    }
}

impl<W: Write + Send> EdgeWrite for ParquetEdgeWriter<W> {
    type Output = W;

    /// Adds one row (`time` in Unix seconds, stored as milliseconds).
    ///
    /// # Errors
    /// [`IoError::Write`] when a full batch cannot be encoded or written;
    /// [`IoError::TimeRange`] for a time beyond the millisecond range (about ±292 million
    /// years).
    ///
    /// ```
    /// use chambers_io::EdgeWrite;
    /// let mut w = chambers_io::ParquetEdgeWriter::new(Vec::new()).unwrap();
    /// w.write("a", "b", 1, Some(1_551_398_400)).unwrap();
    /// let err = w.write("a", "b", 1, Some(i64::MAX)).unwrap_err();
    /// assert!(err.to_string().contains("beyond the range of Parquet timestamps"));
    /// ```
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let writer = &mut self.writer;
        self.pending
            .add((source, target, weight, time), |b| writer.write(b))
    }

    /// Writes the last rows and the footer, and returns the underlying writer (to flush,
    /// commit or inspect); a table without rows is still a valid Parquet file.
    ///
    /// # Errors
    /// [`IoError::Write`] when writing fails.
    fn finish(mut self) -> Result<W, IoError> {
        let writer = &mut self.writer;
        self.pending.flush(|b| writer.write(b))?;
        self.writer
            .into_inner()
            .map_err(|e| table_error("Parquet", e))
    }
}
