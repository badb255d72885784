//! The Arrow IPC writer of the canonical edge table (the file form: `.arrow`, Feather v2).

use std::io::Write;

use arrow_schema::TimeUnit;

use super::EdgeWrite;
use super::batch::{Pending, edge_schema, table_error};
use crate::IoError;

/// Writes the canonical edge table as an Arrow IPC file (the `.arrow` / Feather v2 form):
/// `source`, `target` (Utf8), `weight` (UInt32), `time` (Timestamp in seconds, UTC, null when
/// unknown), in record batches of 2^16 rows.
///
/// ```
/// use chambers_io::EdgeWrite;
/// let mut w = chambers_io::ArrowEdgeWriter::new(Vec::new()).unwrap();
/// w.write("a", "b", 1, None).unwrap();
/// let bytes = w.finish().unwrap();
/// assert_eq!(&bytes[..6], b"ARROW1");
/// ```
pub struct ArrowEdgeWriter<W: Write> {
    writer: arrow_ipc::writer::FileWriter<W>,
    pending: Pending,
}

impl<W: Write> std::fmt::Debug for ArrowEdgeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArrowEdgeWriter")
            .field("pending_rows", &self.pending.rows())
            .finish_non_exhaustive()
    }
}

impl<W: Write> ArrowEdgeWriter<W> {
    /// Starts the file in `out` and writes its schema.
    ///
    /// # Errors
    /// [`IoError::Write`] when the header cannot be written.
    pub fn new(out: W) -> Result<Self, IoError> {
        let writer = arrow_ipc::writer::FileWriter::try_new(out, &edge_schema(TimeUnit::Second))
            .map_err(|e| table_error("Arrow", e))?;
        Ok(Self {
            writer,
            pending: Pending::new(TimeUnit::Second, "Arrow"),
        })
    }
}

impl<W: Write> EdgeWrite for ArrowEdgeWriter<W> {
    type Output = W;

    /// Adds one row (`time` in Unix seconds); a full batch of 2^16 rows is written out.
    ///
    /// # Errors
    /// [`IoError::Write`] when a full batch cannot be written.
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
    /// commit or inspect).
    ///
    /// # Errors
    /// [`IoError::Write`] when writing fails.
    fn finish(mut self) -> Result<W, IoError> {
        let writer = &mut self.writer;
        self.pending.flush(|b| writer.write(b))?;
        self.writer.finish().map_err(|e| table_error("Arrow", e))?;
        self.writer
            .into_inner()
            .map_err(|e| table_error("Arrow", e))
    }
}
