//! The CSV/TSV writer of the canonical edge table.

use std::io::Write;

use super::EdgeWrite;
use crate::IoError;
use crate::error::csv_io;
use crate::num::{NumBuf, decimal};
use crate::time::time_text;

/// Writes the canonical edge table as CSV: `source,target,weight,time`, one row per event,
/// time in RFC 3339 UTC (empty when unknown; Unix seconds outside the years 0000–9999, which
/// RFC 3339 cannot write). Ids are quoted when they need it. Reading the
/// table back with the default [`crate::Columns`] gives the same events.
///
/// ```
/// use chambers_io::EdgeWrite;
/// let mut w = chambers_io::EdgeTableWriter::new(Vec::new()).unwrap();
/// w.write("a", "b", 2, Some(0)).unwrap();
/// w.write("x,y", "z", 1, None).unwrap();
/// let out = String::from_utf8(w.finish().unwrap()).unwrap();
/// assert_eq!(out, "source,target,weight,time\na,b,2,1970-01-01T00:00:00Z\n\"x,y\",z,1,\n");
/// ```
#[derive(Debug)]
pub struct EdgeTableWriter<W: Write> {
    inner: csv::Writer<W>,
    weight: NumBuf,
}

/// A CSV writer's error; the writer does not know the file's name ([`crate::EdgeFileWriter`]
/// puts it in).
fn table_error(e: csv::Error) -> IoError {
    io_error(csv_io(e))
}

fn io_error(source: std::io::Error) -> IoError {
    IoError::Write {
        file: "edge table".into(),
        source,
    }
}

impl<W: Write> EdgeTableWriter<W> {
    /// Starts a CSV table in `out` and writes its header.
    ///
    /// # Errors
    /// [`IoError::Write`] when the header cannot be written.
    pub fn new(out: W) -> Result<Self, IoError> {
        Self::with_delimiter(out, b',')
    }

    /// Starts the table with another field delimiter (`b'\t'` for TSV, or
    /// [`crate::delimiter_for`] the output's name).
    ///
    /// # Errors
    /// [`IoError::Write`] when the header cannot be written.
    ///
    /// ```
    /// use chambers_io::EdgeWrite;
    /// let mut w = chambers_io::EdgeTableWriter::with_delimiter(Vec::new(), b'\t').unwrap();
    /// w.write("a", "b", 1, None).unwrap();
    /// assert_eq!(w.finish().unwrap(), b"source\ttarget\tweight\ttime\na\tb\t1\t\n");
    /// ```
    pub fn with_delimiter(out: W, delimiter: u8) -> Result<Self, IoError> {
        let mut inner = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .buffer_capacity(1 << 16)
            .from_writer(out);
        inner
            .write_record(["source", "target", "weight", "time"])
            .map_err(table_error)?;
        Ok(Self {
            inner,
            weight: NumBuf::default(),
        })
    }
}

impl<W: Write> EdgeWrite for EdgeTableWriter<W> {
    type Output = W;

    /// Writes one row (`time` in Unix seconds, written as RFC 3339 UTC, or as Unix seconds
    /// outside the years 0000–9999).
    ///
    /// # Errors
    /// [`IoError::Write`] when the row cannot be written.
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let time = time.map(time_text).unwrap_or_default();
        let weight = decimal(u64::from(weight), &mut self.weight);
        self.inner
            .write_record([source, target, weight, &time])
            .map_err(table_error)
    }

    /// Flushes and returns the underlying writer (to finish compression or commit the file).
    ///
    /// # Errors
    /// [`IoError::Write`] when flushing fails.
    fn finish(self) -> Result<W, IoError> {
        self.inner
            .into_inner()
            .map_err(|e| io_error(e.into_error()))
    }
}
