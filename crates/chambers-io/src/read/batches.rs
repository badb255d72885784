//! In-memory record batches (a pandas, Polars or pyarrow table handed over through the Arrow C
//! stream interface, or batches built in Rust) read as edge rows by the same rules as Parquet
//! and Arrow IPC files.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use super::columnar::{Layout, read_batches};
use crate::{EdgeRow, IoError, ReadOptions, ReadReport, Rejection};

/// A table held in memory as Arrow record batches, read like a Parquet or Arrow file: the same
/// column names ([`crate::Columns`]), types, weights, times and errors, rows numbered from 1
/// across the batches (`NAME: row N: problem`). The batches share their buffers with whoever
/// built them: reading copies no column.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int64Array, RecordBatch, StringArray};
/// use chambers_graph::WindowSpec;
/// use chambers_io::{read_windows, ReadOptions, RecordBatches};
/// let batch = RecordBatch::try_from_iter([
///     ("source", Arc::new(StringArray::from(vec!["ann", "cy"])) as _),
///     ("target", Arc::new(StringArray::from(vec!["bob", "bob"])) as _),
///     ("weight", Arc::new(Int64Array::from(vec![2, 1])) as _),
/// ])
/// .unwrap();
/// let frame = RecordBatches::new("frame", batch.schema(), vec![batch]);
/// let (w, _) = read_windows(&[frame], WindowSpec::Single, Default::default(), &ReadOptions::default())
///     .unwrap();
/// assert_eq!(w.windows[0].graph.retweets(), 3);
/// ```
#[derive(Clone, Debug)]
pub struct RecordBatches {
    name: String,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl RecordBatches {
    /// Batches of `schema`, named `name` in errors (where a file would be named).
    pub fn new(name: impl Into<String>, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Self {
            name: name.into(),
            schema,
            batches,
        }
    }

    /// The name errors give.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Streams the rows to `sink`, as [`crate::read_parquet_edges`] does for a file.
    ///
    /// # Errors
    /// [`IoError::Schema`] for a missing, duplicated or unusable column; [`IoError::Row`] for a
    /// bad row (unless [`ReadOptions::skip_bad_rows`]) or a batch whose columns differ from the
    /// schema.
    pub fn read_edges(
        &self,
        options: &ReadOptions,
        sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<ReadReport, IoError> {
        let layout = Layout::new(&self.schema, options).map_err(|problem| IoError::Schema {
            file: self.name.clone(),
            problem,
        })?;
        let projected = self.batches.iter().map(|b| b.project(&layout.projection));
        read_batches(&self.name, &layout, projected, options, sink)
    }
}
