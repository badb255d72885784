//! The Parquet reader: only the wanted columns are read, one record batch at a time, or row
//! groups decoded on the thread pool while this thread hands the rows on.

use std::path::Path;
use std::sync::Arc;

use arrow_schema::{ArrowError, DataType, Schema};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::errors::ParquetError;

use super::ahead::{decode_unit, helpers, read_ahead};
use super::columnar::{READ_BATCH, layout, open, read_batches, unreadable};
use crate::{EdgeRow, IoError, ReadOptions, ReadReport, Rejection};

/// Streams the rows of one Parquet file to `sink`, in file order, only the wanted columns read.
/// A file of several row groups is decoded on the rayon threads, a few row groups at a time
/// (`read_ahead`), while the calling thread hands the rows of the previous ones to `sink`; with
/// one thread, one row group, or [`ReadOptions::serial`], one record batch at a time on the
/// calling thread. Both give the same rows, reports and errors (batches end where row groups
/// do, so a bad row is named alike).
///
/// Columns are found by name ([`Columns`](crate::Columns)), each column read named only once in the schema;
/// ids may be strings (`Utf8`, `LargeUtf8`, `Utf8View`) or integers (`Int32`, `Int64`, `UInt32`,
/// `UInt64`, written as decimal text), plain or dictionary-encoded (pandas `category`);
/// weight, when present, any integer or float type holding whole non-negative counts (1 per
/// row when absent); time, when present, a `Timestamp` of any unit and zone, `Int64`/`Int32`
/// Unix seconds, `Date32`/`Date64`, or text read by [`parse_time`](crate::parse_time); a null time is no time.
/// [`EdgeRow::line`] is the 1-based row number.
///
/// # Errors
/// [`IoError::Format`] for a file that is not Parquet or is truncated; [`IoError::Schema`] for
/// a missing column, one of an unusable type, or a used column named twice; [`IoError::Row`] (`file: row N: problem`) for
/// a null or empty id, a null, negative or fractional weight, an unparsable time, or data
/// that cannot be decoded.
///
/// ```
/// use chambers_io::EdgeWrite;
/// use chambers_io::{read_parquet_edges, ParquetEdgeWriter, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.parquet");
/// let mut w = ParquetEdgeWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
/// w.write("ann", "bob", 2, Some(1_551_398_400)).unwrap();
/// w.finish().unwrap();
/// let mut rows = Vec::new();
/// let report = read_parquet_edges(&path, &ReadOptions::default(), |r| {
///     rows.push((r.source.to_owned(), r.target.to_owned(), r.weight, r.time, r.line));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(rows, [("ann".into(), "bob".into(), 2, Some(1_551_398_400), 1)]);
/// assert!(report.has_time);
///
/// std::fs::write(&path, b"PAR1 not really").unwrap();
/// let err = read_parquet_edges(&path, &ReadOptions::default(), |_| Ok(())).unwrap_err();
/// assert!(err.to_string().contains("rt.parquet: not a readable Parquet file"));
/// ```
pub fn read_parquet_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let fail = |e: ParquetError| unreadable(path, "Parquet", e);
    let file = open(path)?;
    let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(fail)?;
    let layout = layout(path, metadata.schema(), options)?;
    // Text ids are read as string views: short ids then sit inside the view, no copying.
    let schema = metadata.schema();
    let ids = [&options.columns.source, &options.columns.target];
    let hinted = Schema::new_with_metadata(
        schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 if ids.contains(&f.name()) => {
                    Arc::new(f.as_ref().clone().with_data_type(DataType::Utf8View))
                }
                _ => f.clone(),
            })
            .collect::<Vec<_>>(),
        schema.metadata().clone(),
    );
    let metadata = ArrowReaderMetadata::try_new(
        metadata.metadata().clone(),
        ArrowReaderOptions::new().with_schema(Arc::new(hinted)),
    )
    .map_err(fail)?;
    let mask = ProjectionMask::roots(metadata.parquet_schema(), layout.projection.iter().copied());
    let name = path.display().to_string();
    let groups = metadata.metadata().num_row_groups();
    let helpers = helpers();
    drop(file);
    if options.serial || groups < 2 || helpers == 0 {
        let batches = (0..groups).flat_map(|group| {
            let reader = group_reader(path, &metadata, &mask, group);
            let (batches, failed) = match reader {
                Ok(reader) => (Some(reader), None),
                Err(e) => (None, Some(Err(e))),
            };
            batches.into_iter().flatten().chain(failed)
        });
        return read_batches(&name, &layout, batches, options, sink);
    }
    let decode = |group: usize| decode_unit(|| group_reader(path, &metadata, &mask, group));
    read_ahead(&name, &layout, groups, helpers, &decode, options, sink)
}

/// The reader of row group `group` of `path`, through a file handle of its own (handles cloned
/// from one share their position). Batches end where row groups do, so a row group's rows
/// are numbered alike whichever thread decodes it.
fn group_reader(
    path: &Path,
    metadata: &ArrowReaderMetadata,
    mask: &ProjectionMask,
    group: usize,
) -> Result<ParquetRecordBatchReader, ArrowError> {
    let file = std::fs::File::open(path)?;
    Ok(
        ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata.clone())
            .with_row_groups(vec![group])
            .with_projection(mask.clone())
            .with_batch_size(READ_BATCH)
            .build()?,
    )
}
