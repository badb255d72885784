//! The readers, one per format, and [`read_edges`], which picks one by the file's format.
//!
//! Every reader streams [`EdgeRow`]s to a consumer and returns a [`ReadReport`]; the shared
//! vocabulary lives in `crate::rows`.

#[cfg(feature = "parquet")]
mod ahead;
#[cfg(feature = "parquet")]
mod arrow;
#[cfg(feature = "parquet")]
mod batches;
mod bluesky;
mod chunked;
#[cfg(feature = "parquet")]
mod columnar;
mod csv;
mod json;
mod jsonl;
mod lines;
mod mastodon;
#[cfg(feature = "parquet")]
mod parquet;
mod sniff;

use std::path::Path;

#[cfg(feature = "parquet")]
pub use arrow::read_arrow_edges;
#[cfg(feature = "parquet")]
pub use batches::RecordBatches;
pub use bluesky::read_bluesky_edges;
pub use csv::read_csv_edges;
pub use jsonl::read_jsonl_edges;
pub use mastodon::read_mastodon_edges;
#[cfg(feature = "parquet")]
pub use parquet::read_parquet_edges;

use crate::{EdgeRow, Format, IoError, ReadOptions, ReadReport, Rejection};

/// Streams the edges of one file of any supported format to `sink`: the format is
/// [`ReadOptions::format`] when set, else [`Format::from_path`]; a JSON file (`.json`,
/// `.jsonl`, `.ndjson`) is then read as Twitter, Bluesky or Mastodon by its first objects.
///
/// CSV/TSV go to [`read_csv_edges`], Twitter JSONL to [`read_jsonl_edges`], Bluesky to
/// [`read_bluesky_edges`], Mastodon to [`read_mastodon_edges`], Parquet
/// and Arrow IPC (feature `parquet`, on by default) to `read_parquet_edges` and
/// `read_arrow_edges`. Rows are the same [`EdgeRow`]s whatever the format, so every consumer
/// ([`crate::read_windows`], [`crate::convert_edges`]) reads every format.
///
/// # Errors
/// Those of the format's reader; [`IoError::Compressed`] for a gzip-compressed Parquet or Arrow
/// file (they compress inside); [`IoError::NotBuilt`] for Parquet/Arrow when built without the
/// `parquet` feature.
///
/// ```
/// use chambers_io::{read_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.jsonl");
/// std::fs::write(
///     &path,
///     r#"{"created_at":"Wed Oct 10 20:19:24 +0000 2018","user":{"id_str":"11"},"retweeted_status":{"user":{"id_str":"22"}}}"#,
/// )
/// .unwrap();
/// let mut edges = Vec::new();
/// let report = read_edges(&path, &ReadOptions::default(), |r| {
///     edges.push((r.source.to_owned(), r.target.to_owned(), r.time));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(edges, [("11".into(), "22".into(), Some(1_539_202_764))]);
/// assert_eq!(report.retweets, 1);
/// ```
pub fn read_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let format = match options.format {
        Some(format) => format,
        None => match Format::from_path(path) {
            Format::Jsonl => sniff::json_format(path)?,
            format => format,
        },
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz && !format.is_text() {
        return Err(IoError::Compressed {
            file: path.display().to_string(),
            format,
        });
    }
    match format {
        Format::Csv => csv::read_delimited(path, b',', options, sink),
        Format::Tsv => csv::read_delimited(path, b'\t', options, sink),
        Format::Jsonl => read_jsonl_edges(path, options, sink),
        Format::Bluesky => read_bluesky_edges(path, options, sink),
        Format::Mastodon => read_mastodon_edges(path, options, sink),
        #[cfg(feature = "parquet")]
        Format::Parquet => read_parquet_edges(path, options, sink),
        #[cfg(feature = "parquet")]
        Format::Arrow => read_arrow_edges(path, options, sink),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet | Format::Arrow => Err(not_built(path, format)),
    }
}

/// The error for Parquet/Arrow in a build without the `parquet` feature.
#[cfg(not(feature = "parquet"))]
pub(crate) fn not_built(path: &Path, format: Format) -> IoError {
    IoError::NotBuilt {
        file: path.display().to_string(),
        format,
    }
}

#[cfg(all(test, not(feature = "parquet")))]
mod tests {
    use super::*;

    #[test]
    fn columnar_formats_need_the_feature() {
        let err = read_edges(Path::new("t.parquet"), &ReadOptions::default(), |_| Ok(()));
        let text = err.unwrap_err().to_string();
        assert!(text.contains("parquet support is not built in"), "{text}");
        let out = crate::EdgeFileWriter::create("t.arrow", None).unwrap_err();
        assert!(out.to_string().contains("arrow support is not built in"));
    }
}
