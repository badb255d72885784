//! The Arrow IPC reader, file or stream form: only the wanted columns are decoded, one record
//! batch at a time, or, for the file form, runs of batches decoded on the thread pool while this
//! thread hands the rows on.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use arrow_ipc::reader::{FileReader, StreamReader};
use arrow_schema::ArrowError;

use super::ahead::{decode_unit, helpers, read_ahead};
use super::columnar::{layout, open, read_batches, unreadable};
use crate::{EdgeRow, IoError, ReadOptions, ReadReport, Rejection};

/// Streams the rows of one Arrow IPC file to `sink`: the file form (`ARROW1` magic, as
/// `.arrow` and Feather v2 files) or the stream form, uncompressed or LZ4/ZSTD-compressed (as
/// pandas and pyarrow write Feather by default), one record batch in memory at a time and only
/// the wanted columns decoded. Columns and rows are as for [`read_parquet_edges`](crate::read_parquet_edges).
/// The file form's batches are decoded on the rayon threads, 16 per task, a
/// few tasks ahead of the calling thread, which hands the rows on in file order (with one
/// thread or [`ReadOptions::serial`], one batch at a time on the calling thread: the same
/// rows, report and errors).
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
        let units = reader.num_batches().div_ceil(BATCHES_PER_UNIT);
        let helpers = helpers();
        if options.serial || units < 2 || helpers == 0 {
            return read_batches(&name, &layout, reader, options, sink);
        }
        drop(reader);
        // Each task opens the file itself: handles cloned from one share their position.
        let decode = |unit: usize| {
            decode_unit(|| {
                let file = std::fs::File::open(path)?;
                let mut reader =
                    FileReader::try_new_buffered(file, Some(layout.projection.clone()))?;
                reader.set_index(unit * BATCHES_PER_UNIT)?;
                Ok(reader.take(BATCHES_PER_UNIT))
            })
        };
        read_ahead(&name, &layout, units, helpers, &decode, options, sink)
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

/// Record batches of an Arrow IPC file decoded by one task ([`read_arrow_edges`]).
const BATCHES_PER_UNIT: usize = 16;
