//! `chambers bimodality`: bimodality statistics of one numeric column.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chambers_stats::{BimodalityParams, DipTestParams, bimodality};

/// Flags of `chambers bimodality`; defaults come from [`DipTestParams::default`].
#[derive(clap::Args, Debug)]
pub struct BimodalityArgs {
    /// A CSV file with a header, or one number per line; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// The column to read from a CSV with a header (default: the first).
    #[arg(long)]
    column: Option<String>,
    /// Monte-Carlo replicates of the dip test p-value.
    #[arg(long, default_value_t = DipTestParams::default().replicates)]
    replicates: usize,
    /// Seed of the Monte-Carlo replicates.
    #[arg(long, default_value_t = DipTestParams::default().seed)]
    seed: u64,
}

/// Reads the values of `column` (or the first column) with the CSV reader the edge readers use
/// (quoted fields, CRLF, a UTF-8 byte-order mark), or one number per line when the first line is
/// a single number and no column is named; errors name the source and line.
fn read_values(input: impl std::io::Read, source: &str, column: Option<&str>) -> Result<Vec<f64>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::StringRecord::new();
    let line_of = |r: &csv::StringRecord| r.position().map_or(0, |p| p.line());
    let read = |reader: &mut csv::Reader<_>, record: &mut csv::StringRecord| -> Result<bool> {
        loop {
            let more = reader.read_record(record).map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { pos, .. } => anyhow::anyhow!(
                    "{source}:{}: invalid UTF-8",
                    pos.as_ref().map_or(0, csv::Position::line)
                ),
                _ => anyhow::anyhow!("{source}: {e}"),
            })?;
            let blank = record.len() == 1 && record[0].trim().is_empty();
            if !(more && blank) {
                return Ok(more);
            }
        }
    };
    if !read(&mut reader, &mut record)? {
        bail!("{source}: no values");
    }
    let first: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = if i == 0 {
                f.trim_start_matches('\u{feff}')
            } else {
                f
            };
            f.trim().to_owned()
        })
        .collect();
    let headerless = first.len() == 1 && column.is_none() && first[0].parse::<f64>().is_ok();
    let index = match column {
        Some(name) => first.iter().position(|h| h == name).with_context(|| {
            format!(
                "{source}:1: no column {name:?} (header: {})",
                first.join(",")
            )
        })?,
        None => 0,
    };
    // A first field that starts like a number but is none is a malformed value, not a header.
    let numeric_start = |f: &str| f.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    if !headerless && first.get(index).is_some_and(|f| numeric_start(f)) && column.is_none() {
        bail!("{source}:1: {:?} is not a finite number", first[index]);
    }
    let parse = |field: &str, line: u64| -> Result<f64> {
        field
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .with_context(|| format!("{source}:{line}: {field:?} is not a finite number"))
    };
    let mut values = Vec::new();
    if headerless {
        values.push(parse(&first[0], 1)?);
    }
    while read(&mut reader, &mut record)? {
        let line = line_of(&record);
        let field = record.get(index).with_context(|| {
            format!(
                "{source}:{line}: no field {} (the row has {})",
                index + 1,
                record.len()
            )
        })?;
        values.push(parse(field, line)?);
    }
    Ok(values)
}

pub fn run(args: &BimodalityArgs) -> Result<()> {
    let values = match &args.file {
        Some(path) if path.as_os_str() != "-" => read_values(
            chambers_io::open_input(path)?,
            &path.display().to_string(),
            args.column.as_deref(),
        )?,
        _ => read_values(
            std::io::stdin().lock(),
            "standard input",
            args.column.as_deref(),
        )?,
    };
    let source = args
        .file
        .as_ref()
        .filter(|p| p.as_os_str() != "-")
        .map_or_else(|| "standard input".to_owned(), |p| p.display().to_string());
    let params = BimodalityParams::default().dip(
        DipTestParams::default()
            .replicates(args.replicates)
            .seed(args.seed),
    );
    let result = bimodality(&values, &params).with_context(|| source.clone())?;
    crate::output::print(&format!("{}\n", serde_json::to_string_pretty(&result)?))
}

#[cfg(test)]
mod tests {
    use super::read_values;

    fn values(text: &str, column: Option<&str>) -> Result<Vec<f64>, String> {
        read_values(text.as_bytes(), "f.csv", column).map_err(|e| e.to_string())
    }

    #[test]
    fn columns_and_plain_lists() {
        assert_eq!(values("1\n2.5\n\n3\n", None).unwrap(), [1.0, 2.5, 3.0]);
        assert_eq!(values("a,b\n1,4\n2,5\n", Some("b")).unwrap(), [4.0, 5.0]);
        assert_eq!(values("score\n7\n", None).unwrap(), [7.0]);
        assert_eq!(
            values("a,b\n1,x\n", Some("b")).unwrap_err(),
            "f.csv:2: \"x\" is not a finite number"
        );
        assert!(
            values("a\n1\n", Some("c"))
                .unwrap_err()
                .contains("no column \"c\"")
        );
        assert!(values("1\nNaN\n", None).is_err());
        assert!(values("", None).is_err());
    }

    /// What the old line splitter got wrong: a byte-order mark, a malformed first value, quoted
    /// fields, CRLF line ends.
    #[test]
    fn foreign_writers_csv() {
        assert_eq!(values("\u{feff}0.5\n0.25\n", None).unwrap(), [0.5, 0.25]);
        assert_eq!(
            values("\u{feff}q\r\n0.5\r\n1\r\n", Some("q")).unwrap(),
            [0.5, 1.0]
        );
        // A malformed first value is an error, not a header silently dropped.
        assert_eq!(
            values("0.5x\n0.25\n", None).unwrap_err(),
            "f.csv:1: \"0.5x\" is not a finite number"
        );
        assert_eq!(
            values(
                "\"name, with comma\",score\n\"a, b\",\"0.75\"\n",
                Some("score")
            )
            .unwrap(),
            [0.75]
        );
        assert_eq!(
            values("a,b\n1\n", Some("b")).unwrap_err(),
            "f.csv:2: no field 2 (the row has 1)"
        );
    }
}
