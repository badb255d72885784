//! The writers of the canonical edge table (`source`, `target`, `weight`, `time`), one per
//! format, behind one trait, [`EdgeWrite`]; [`EdgeFileWriter`] picks one by the output's name.

#[cfg(feature = "parquet")]
mod arrow;
#[cfg(feature = "parquet")]
mod batch;
mod file;
#[cfg(feature = "parquet")]
mod parquet;
mod table;
#[cfg(feature = "parquet")]
mod typed;

#[cfg(feature = "parquet")]
pub use arrow::ArrowEdgeWriter;
pub use file::EdgeFileWriter;
#[cfg(feature = "parquet")]
pub use parquet::ParquetEdgeWriter;
pub use table::EdgeTableWriter;
#[cfg(feature = "parquet")]
pub use typed::{for_each_table_batch, table_ipc, table_schema, write_table_parquet};

use crate::IoError;

/// A writer of the canonical edge table, one row at a time: [`EdgeTableWriter`] (CSV/TSV),
/// `ParquetEdgeWriter` and `ArrowEdgeWriter` (feature `parquet`), and [`EdgeFileWriter`]
/// (any of them into a file, chosen by its name). Code that produces edges takes any
/// `EdgeWrite` and so writes every format.
///
/// Each writer also has `write` and `finish` as inherent methods, so calling them needs no
/// import of this trait.
///
/// ```
/// use chambers_io::{EdgeTableWriter, EdgeWrite, IoError};
///
/// /// Writes each retweet of `pairs` once, at time 0.
/// fn retweets<W: EdgeWrite>(mut out: W, pairs: &[(&str, &str)]) -> Result<W::Output, IoError> {
///     for (source, target) in pairs {
///         out.write(source, target, 1, Some(0))?;
///     }
///     out.finish()
/// }
///
/// let csv = retweets(EdgeTableWriter::new(Vec::new()).unwrap(), &[("ann", "bob")]).unwrap();
/// assert_eq!(csv, b"source,target,weight,time\nann,bob,1,1970-01-01T00:00:00Z\n");
///
/// let dir = tempfile::tempdir().unwrap();
/// let file = chambers_io::EdgeFileWriter::create(dir.path().join("rt.tsv.gz"), None).unwrap();
/// assert_eq!(retweets(file, &[("ann", "bob"), ("cy", "bob")]).unwrap(), 2);
/// ```
pub trait EdgeWrite {
    /// What [`EdgeWrite::finish`] hands back: the underlying writer (to flush, compress or
    /// commit), or for [`EdgeFileWriter`] the number of rows written.
    type Output;

    /// Writes one row: `source` retweeted (or quoted, replied to, mentioned) `target`,
    /// `weight` times, at `time` (Unix seconds) when known.
    ///
    /// # Errors
    /// [`IoError::Write`] when the output fails; a writer may refuse a value its format cannot
    /// hold ([`IoError::TimeRange`]).
    fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError>;

    /// Writes what is still buffered and the format's trailer, and ends the table.
    ///
    /// # Errors
    /// [`IoError::Write`] when writing fails.
    fn finish(self) -> Result<Self::Output, IoError>;
}
