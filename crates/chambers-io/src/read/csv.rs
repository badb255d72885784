//! The CSV/TSV reader (plain or gzip): a header naming the columns, then one edge per row.

use std::path::Path;

use super::lines::LineEnds;
use crate::error::csv_io;
use crate::num::whole_weight;
use crate::{
    EdgeRow, Format, IoError, Problem, ReadOptions, ReadReport, Rejection, TimeUnit, delimiter_for,
    open_input, parse_time_in,
};

/// Streams the rows of one CSV/TSV edge file to `sink`, holding one row in memory at a time.
///
/// The delimiter is a tab when [`ReadOptions::format`] is [`Format::Tsv`] or, without a format,
/// when the name ends in `.tsv` or `.tsv.gz` ([`delimiter_for`]); else a comma. The header
/// names the columns ([`Columns`](crate::Columns)); weight defaults to 1 when the file has no weight column and
/// is written as an integer or a whole decimal (`2`, `2.0`); time is RFC 3339, an integer in
/// [`ReadOptions::time_unit`] (Unix seconds by default) or Twitter's `created_at`
/// ([`parse_time_in`]), or empty for none. Rows of weight 0 are counted and left out.
/// `sink` may reject a row ([`Rejection::Row`], reported or skipped like a malformed field) or
/// stop the reading ([`Rejection::Stop`]).
///
/// # Errors
/// [`IoError`] naming the file, the line and the problem: a missing column, a wrong field count,
/// a bad weight or time, an empty id, invalid UTF-8, an unreadable or truncated file.
///
/// ```
/// use chambers_io::{read_csv_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.csv");
/// std::fs::write(&path, "source,target,weight\na,b,2\nc,b,1\n").unwrap();
/// let mut rows = Vec::new();
/// let report = read_csv_edges(&path, &ReadOptions::default(), |r| {
///     rows.push((r.source.to_owned(), r.target.to_owned(), r.weight));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(report.rows, 2);
/// assert_eq!(rows[0], ("a".into(), "b".into(), 2));
///
/// std::fs::write(&path, "source,target,weight\na,b,-1\n").unwrap();
/// let err = read_csv_edges(&path, &ReadOptions::default(), |_| Ok(())).unwrap_err();
/// assert!(err.to_string().ends_with("rt.csv:2: bad weight \"-1\": negative"));
/// ```
pub fn read_csv_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let delimiter = match options.format {
        Some(Format::Tsv) => b'\t',
        Some(Format::Csv) => b',',
        _ => delimiter_for(path),
    };
    read_delimited(path, delimiter, options, sink)
}

/// [`read_csv_edges`] with the delimiter given: the parallel reader ([`super::chunked`])
/// unless [`ReadOptions::serial`]. A gzip file is decompressed on the calling thread (one
/// deflate stream cannot be split) and its blocks parsed on the pool.
pub(super) fn read_delimited(
    path: &Path,
    delimiter: u8,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    if options.serial {
        read_serial(path, delimiter, options, sink)
    } else {
        super::chunked::read_chunked(
            path,
            delimiter,
            options,
            super::chunked::Sizes::default(),
            sink,
        )
    }
}

/// The streaming reader, one row at a time on the calling thread: the reference that the
/// parallel reader is tested against.
pub(super) fn read_serial(
    path: &Path,
    delimiter: u8,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let file = path.display().to_string();
    let mut reader = csv_reader(delimiter, open_input(path)?);
    let mut record = csv::ByteRecord::new();
    let header = reader.read_byte_record(&mut record).map_err(|e| {
        let line = e.position().map_or(1, |p| p.line());
        data_error(&file, line, Problem::Read(csv_io(e)))
    })?;
    if !header {
        return Err(data_error(&file, 1, Problem::Empty));
    }
    let layout =
        Layout::from_header(&record, options, delimiter).map_err(|p| data_error(&file, 1, p))?;
    let mut report = ReadReport {
        has_time: layout.time.is_some(),
        ..ReadReport::default()
    };
    read_records(&file, reader, &layout, 0, options, &mut report, sink)?;
    Ok(report)
}

/// A CSV parser of `input` with the settings every reading uses, counting its lines.
pub(super) fn csv_reader<R: std::io::Read>(delimiter: u8, input: R) -> csv::Reader<LineEnds<R>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(LineEnds::new(input))
}

/// The error at a line of `file`.
pub(super) fn data_error(file: &str, line: u64, problem: Problem) -> IoError {
    IoError::Data {
        file: file.to_owned(),
        line,
        problem,
    }
}

/// Streams the records after the header to `sink`, adding to `report`, each numbered by the
/// physical line of its first byte; `lines_before` is the number of lines of the file before
/// `reader`'s first byte (a reader that starts mid-file at the beginning of a line).
pub(super) fn read_records<R: std::io::Read>(
    file: &str,
    mut reader: csv::Reader<LineEnds<R>>,
    layout: &Layout,
    lines_before: u64,
    options: &ReadOptions,
    report: &mut ReadReport,
    mut sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<(), IoError> {
    let mut record = csv::ByteRecord::new();
    // Lines of I/O errors are unknown to the CSV parser: name the line after the last good one.
    let mut line = lines_before.max(1);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let line = e.position().map_or(line + 1, |p| {
                    lines_before + reader.get_mut().line_of_record(p.byte())
                });
                return Err(data_error(file, line, Problem::Read(csv_io(e))));
            }
        }
        line = record.position().map_or(line + 1, |p| {
            lines_before + reader.get_mut().line_of_record(p.byte())
        });
        if record.len() == 1 && record[0].is_empty() {
            continue; // a blank line
        }
        report.take_row(
            layout.parse(&&record, line, options.time_unit),
            &mut sink,
            options,
            |p| data_error(file, line, p),
        )?;
    }
}

/// The fields of one record, from the CSV parser or from the parallel reader's own splitter.
pub(super) trait Fields<'r> {
    /// How many fields the record has.
    fn count(&self) -> usize;
    /// Field `i` (`i < count()`).
    fn field(&self, i: usize) -> &'r [u8];
}

impl<'r> Fields<'r> for &'r csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> &'r [u8] {
        &self[i]
    }
}

/// Positions of the wanted columns in the header.
pub(super) struct Layout {
    fields: usize,
    source: usize,
    target: usize,
    weight: Option<usize>,
    pub(super) time: Option<usize>,
}

impl Layout {
    /// Finds the columns in the header; a header missing a required column that looks split
    /// by the other delimiter is [`Problem::Delimiter`], a missing time column under
    /// [`ReadOptions::require_time`] [`Problem::MissingTimeColumn`].
    pub(super) fn from_header(
        header: &csv::ByteRecord,
        options: &ReadOptions,
        delimiter: u8,
    ) -> Result<Self, Problem> {
        let columns = &options.columns;
        let names: Vec<&str> = header
            .iter()
            .map(|f| {
                std::str::from_utf8(f)
                    .map(str::trim)
                    .map_err(|_| Problem::InvalidUtf8 {
                        column: "header".into(),
                    })
            })
            .collect::<Result<_, _>>()?;
        columns.check_unique(&names, "header")?;
        let find = |name: &str| names.iter().position(|&n| n == name);
        let need = |name: &str| find(name).ok_or_else(|| missing(name, &names, delimiter));
        let (source, target) = (need(&columns.source)?, need(&columns.target)?);
        let time = find(&columns.time);
        if options.require_time && time.is_none() {
            return Err(Problem::MissingTimeColumn {
                column: columns.time.clone(),
                header: names.join(","),
            });
        }
        Ok(Self {
            fields: names.len(),
            source,
            target,
            weight: find(&columns.weight),
            time,
        })
    }

    /// The edge of one record (`None` for weight 0), or what is wrong with it.
    pub(super) fn parse<'r>(
        &self,
        record: &impl Fields<'r>,
        line: u64,
        unit: TimeUnit,
    ) -> Result<Option<EdgeRow<'r>>, Problem> {
        if record.count() != self.fields {
            return Err(Problem::FieldCount {
                expected: self.fields,
                found: record.count(),
            });
        }
        let id = |i: usize, column: &'static str| -> Result<&'r str, Problem> {
            let s = std::str::from_utf8(record.field(i)).map_err(|_| Problem::InvalidUtf8 {
                column: column.into(),
            })?;
            if s.is_empty() {
                return Err(Problem::EmptyId { column });
            }
            Ok(s)
        };
        let source = id(self.source, "source")?;
        let target = id(self.target, "target")?;
        let weight = match self.weight {
            Some(i) => parse_weight(record.field(i))?,
            None => 1,
        };
        let time = match self.time {
            Some(i) if !record.field(i).is_empty() => {
                let text = record.field(i);
                Some(parse_time_in(text, unit).ok_or_else(|| Problem::BadTime(lossy(text)))?)
            }
            _ => None,
        };
        Ok((weight > 0).then_some(EdgeRow {
            source,
            target,
            weight,
            time,
            line,
        }))
    }
}

/// The problem of a header without the column `name`: [`Problem::Delimiter`] when the header
/// is one field that the other delimiter would split into fields naming the column, else
/// [`Problem::MissingColumn`].
fn missing(name: &str, names: &[&str], delimiter: u8) -> Problem {
    let (other, looks) = if delimiter == b'\t' {
        (',', "comma-separated")
    } else {
        ('\t', "tab-separated")
    };
    match names {
        [one] if one.split(other).any(|n| n.trim() == name) => Problem::Delimiter {
            column: name.to_owned(),
            header: (*one).to_owned(),
            looks,
        },
        _ => Problem::MissingColumn {
            column: name.to_owned(),
            header: names.join(","),
        },
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).chars().take(40).collect()
}

/// Parses a retweet count: an integer, or a decimal with no fractional part.
fn parse_weight(bytes: &[u8]) -> Result<u32, Problem> {
    let bad = |why: &'static str| Problem::BadWeight {
        value: lossy(bytes),
        why,
    };
    if !bytes.is_empty() && bytes.len() <= 10 && bytes.iter().all(u8::is_ascii_digit) {
        let n = bytes
            .iter()
            .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
        return u32::try_from(n).map_err(|_| bad("above 4294967295"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not a number"))?;
    let x: f64 = text.trim().parse().map_err(|_| bad("not a number"))?;
    whole_weight(x).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights() {
        assert_eq!(parse_weight(b"2").ok(), Some(2));
        assert_eq!(parse_weight(b"2.0").ok(), Some(2));
        assert_eq!(parse_weight(b"1e3").ok(), Some(1000));
        assert_eq!(parse_weight(b"0").ok(), Some(0));
        for (bad, why) in [
            (&b"-1"[..], "negative"),
            (b"2.5", "not a whole number of retweets"),
            (b"NaN", "not finite"),
            (b"inf", "not finite"),
            (b"", "not a number"),
            (b"x", "not a number"),
            (b"4294967296", "above 4294967295"),
            (b"99999999999", "above 4294967295"),
        ] {
            match parse_weight(bad) {
                Err(Problem::BadWeight { why: w, .. }) => assert_eq!(w, why),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
