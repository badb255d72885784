//! Conversion of inputs of any supported format to the canonical edge table.

use std::path::Path;

use crate::{
    EdgeFileWriter, EdgeWrite, Format, IoError, NoEdges, ReadOptions, ReadReport, Rejection,
    read_edges,
};

/// Converts inputs of any supported formats ([`read_edges`]) to the canonical edge table in
/// `out` ([`EdgeFileWriter`]), streaming: one input row and one output batch in memory at a
/// time. Returns what reading found, all inputs together.
///
/// # Errors
/// Any reading error (the output is then not created); [`IoError::NoEdges`] when the inputs hold
/// no edge at all (nothing is written), saying why; the errors of [`EdgeFileWriter`].
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
        let files = inputs
            .iter()
            .map(|p| p.as_ref().display().to_string())
            .collect();
        return Err(IoError::NoEdges(Box::new(NoEdges::new(files, &total, 0))));
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
