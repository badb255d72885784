//! The Arrow IPC reader, file or stream form: only the wanted columns are decoded, one record
//! batch at a time.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use arrow_ipc::reader::{FileReader, StreamReader};
use arrow_schema::ArrowError;

use super::columnar::{layout, open, read_batches, unreadable};
use crate::{EdgeRow, IoError, ReadOptions, ReadReport, Rejection};

/// Streams the rows of one Arrow IPC file to `sink`: the file form (`ARROW1` magic, as
/// `.arrow` and Feather v2 files) or the stream form, uncompressed or LZ4/ZSTD-compressed (as
/// pandas and pyarrow write Feather by default), one record batch in memory at a time and only
/// the wanted columns decoded. Columns and rows are as for [`read_parquet_edges`](crate::read_parquet_edges).
///
/// # Errors
/// [`IoError::Format`] for a file that is not Arrow IPC or is truncated; the others of
/// [`read_parquet_edges`](crate::read_parquet_edges).
///
/// ```
/// use chambers_io::EdgeWrite;
/// use chambers_io::{read_arrow_edges, ArrowEdgeWriter, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.arrow");
/// let mut w = ArrowEdgeWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
/// w.write("ann", "bob", 1, None).unwrap();
/// w.finish().unwrap();
/// let mut n = 0;
/// read_arrow_edges(&path, &ReadOptions::default(), |r| {
///     assert_eq!((r.source, r.target, r.time), ("ann", "bob", None));
///     n += 1;
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(n, 1);
/// ```
pub fn read_arrow_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let fail = |e: ArrowError| unreadable(path, "Arrow IPC", e);
    let mut file = open(path)?;
    let mut magic = [0u8; 6];
    let is_file_form = file.read_exact(&mut magic).is_ok() && &magic == b"ARROW1";
    file.rewind()
        .map_err(|e| unreadable(path, "Arrow IPC", e))?;
    let name = path.display().to_string();
    // The schema comes first; the reader is then opened again with the projection.
    if is_file_form {
        let schema = FileReader::try_new_buffered(file, None)
            .map_err(fail)?
            .schema();
        let layout = layout(path, &schema, options)?;
        let reader = FileReader::try_new_buffered(open(path)?, Some(layout.projection.clone()))
            .map_err(fail)?;
        read_batches(&name, &layout, reader, options, sink)
    } else {
        let schema = StreamReader::try_new(BufReader::new(file), None)
            .map_err(fail)?
            .schema();
        let layout = layout(path, &schema, options)?;
        let reader = StreamReader::try_new(
            BufReader::with_capacity(1 << 16, open(path)?),
            Some(layout.projection.clone()),
        )
        .map_err(fail)?;
        read_batches(&name, &layout, reader, options, sink)
    }
}
