//! Conversion of inputs of any supported format to the canonical edge table.

use std::path::Path;

use crate::{
    EdgeFileWriter, EdgeWrite, Format, IoError, ReadOptions, ReadReport, Rejection, read_edges,
};

/// Converts inputs of any supported formats ([`read_edges`]) to the canonical edge table in
/// `out` ([`EdgeFileWriter`]), streaming: one input row and one output batch in memory at a
/// time. Returns what reading found, all inputs together.
///
/// # Errors
/// Any reading error (the output is then not created); [`IoError::Input`] when the inputs hold
/// no edge at all (nothing is written); the errors of [`EdgeFileWriter`].
///
/// ```
/// use chambers_io::{convert_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("rt.csv");
/// std::fs::write(&input, "source,target\na,b\nc,b\n").unwrap();
/// let out = dir.path().join("rt.tsv");
/// let report = convert_edges(&[&input], &out, None, &ReadOptions::default()).unwrap();
/// assert_eq!(report.rows, 2);
/// assert!(out.exists());
///
/// std::fs::write(&input, "source,target\n").unwrap();
/// assert!(convert_edges(&[&input], dir.path().join("none.csv"), None, &ReadOptions::default()).is_err());
/// assert!(!dir.path().join("none.csv").exists());
/// ```
pub fn convert_edges<P: AsRef<Path>>(
    inputs: &[P],
    out: impl AsRef<Path>,
    out_format: Option<Format>,
    options: &ReadOptions,
) -> Result<ReadReport, IoError> {
    let mut writer = EdgeFileWriter::create(out, out_format)?;
    let total = copy_edges(inputs, options, &mut writer)?;
    if total.rows == 0 {
        return Err(IoError::Input(
            "the input holds no edges (no data rows); nothing written".into(),
        ));
    }
    writer.finish()?;
    Ok(total)
}

/// Reads every input into `writer`, row by row; a write error stops the reading.
fn copy_edges<P: AsRef<Path>>(
    inputs: &[P],
    options: &ReadOptions,
    writer: &mut impl EdgeWrite,
) -> Result<ReadReport, IoError> {
    let mut total = ReadReport::default();
    for input in inputs {
        let report = read_edges(input.as_ref(), options, |row| {
            writer
                .write(row.source, row.target, row.weight, row.time)
                .map_err(Rejection::Stop)
        })?;
        total.merge(report);
    }
    Ok(total)
}
