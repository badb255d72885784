//! Conversion of inputs of any supported format to the canonical edge table.

use std::path::Path;

use chambers_graph::WindowSpec;

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
    convert_edges_for(inputs, out, out_format, options, WindowSpec::Single)
}

/// [`convert_edges`] for an analysis in `spec`'s windows: the rows that [`crate::read_windows`]
/// refuses (in fixed windows, a row without a time or before the windows' start) are refused
/// here the same way, as bad rows (skipped with [`ReadOptions::skip_bad_rows`]), so the file
/// holds exactly the rows those windows take, and the report is the one reading them gives.
///
/// # Errors
/// As [`convert_edges`], and the refused rows as [`crate::read_windows`] reports them.
///
/// ```
/// use chambers_graph::{DAY, WindowSpec};
/// use chambers_io::{convert_edges_for, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("rt.csv");
/// std::fs::write(&input, "source,target,time\na,b,10\nc,b,\n").unwrap();
/// let out = dir.path().join("rt.parquet");
/// let weeks = WindowSpec::Fixed { start: None, length: 7 * DAY };
/// assert!(convert_edges_for(&[&input], &out, None, &ReadOptions::default(), weeks).is_err());
/// let skip = ReadOptions::default().skip_bad_rows(true);
/// let report = convert_edges_for(&[&input], &out, None, &skip, weeks).unwrap();
/// assert_eq!((report.rows, report.skipped), (1, 1));
/// ```
pub fn convert_edges_for<P: AsRef<Path>>(
    inputs: &[P],
    out: impl AsRef<Path>,
    out_format: Option<Format>,
    options: &ReadOptions,
    spec: WindowSpec,
) -> Result<ReadReport, IoError> {
    let mut writer = EdgeFileWriter::create(out, out_format)?;
    let total = copy_edges(inputs, &options.for_windows(spec), spec, &mut writer)?;
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

/// [`convert_edges_for`] of each input into its own file, the input at `inputs[k]` into
/// `outs[k]`, for windows per file ([`WindowSpec::PerFile`]): an input without any edge gives a
/// file without rows, its window empty as in [`crate::read_windows`]. Returns what reading found,
/// all inputs together.
///
/// # Errors
/// As [`convert_edges_for`]; [`IoError::NoEdges`] only when no input holds an edge (no file is
/// left then).
///
/// # Panics
/// When `inputs` and `outs` differ in length.
///
/// ```
/// use chambers_graph::WindowSpec;
/// use chambers_io::{convert_edges_each, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let (week1, week2) = (dir.path().join("w1.csv"), dir.path().join("w2.csv"));
/// std::fs::write(&week1, "source,target\na,b\nc,b\n").unwrap();
/// std::fs::write(&week2, "source,target\n").unwrap();
/// let outs = [dir.path().join("w1.parquet"), dir.path().join("w2.parquet")];
/// let report =
///     convert_edges_each(&[&week1, &week2], &outs, None, &ReadOptions::default(), WindowSpec::PerFile)
///         .unwrap();
/// assert_eq!(report.rows, 2);
/// assert!(outs[1].exists());
///
/// std::fs::write(&week1, "source,target\n").unwrap();
/// let spec = WindowSpec::PerFile;
/// assert!(convert_edges_each(&[&week1, &week2], &outs, None, &ReadOptions::default(), spec).is_err());
/// assert!(!outs[0].exists() && !outs[1].exists());
/// ```
pub fn convert_edges_each<P: AsRef<Path>, Q: AsRef<Path>>(
    inputs: &[P],
    outs: &[Q],
    out_format: Option<Format>,
    options: &ReadOptions,
    spec: WindowSpec,
) -> Result<ReadReport, IoError> {
    assert_eq!(inputs.len(), outs.len(), "one output per input");
    let options = options.for_windows(spec);
    let mut total = ReadReport::default();
    let mut written = Vec::with_capacity(outs.len());
    let mut each = || -> Result<(), IoError> {
        for (input, out) in inputs.iter().zip(outs) {
            let mut writer = EdgeFileWriter::create(out, out_format)?;
            total.merge(copy_edges(
                std::slice::from_ref(input),
                &options,
                spec,
                &mut writer,
            )?);
            writer.finish()?;
            written.push(out.as_ref());
        }
        Ok(())
    };
    let done = each();
    if done.is_ok() && total.rows > 0 {
        return Ok(total);
    }
    for out in written {
        std::fs::remove_file(out).ok();
    }
    done?;
    let files = inputs
        .iter()
        .map(|p| p.as_ref().display().to_string())
        .collect();
    Err(IoError::NoEdges(Box::new(NoEdges::new(files, &total, 0))))
}

/// Reads every input into `writer`, row by row; a write error stops the reading.
fn copy_edges<P: AsRef<Path>>(
    inputs: &[P],
    options: &ReadOptions,
    spec: WindowSpec,
    writer: &mut impl EdgeWrite,
) -> Result<ReadReport, IoError> {
    let mut total = ReadReport::default();
    for input in inputs {
        let report = read_edges(input.as_ref(), options, |row| {
            spec.admits(row.time).map_err(crate::load::rejection)?;
            writer
                .write(row.source, row.target, row.weight, row.time)
                .map_err(Rejection::Stop)
        })?;
        total.merge(report);
    }
    Ok(total)
}
