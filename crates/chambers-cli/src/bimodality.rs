//! `chambers bimodality`: bimodality statistics of one numeric column.

use std::io::Read;
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

/// Reads the values of `column` (or the first column) from CSV text, or one number per line
/// when the first line is a number; errors name the source and line.
fn read_values(text: &str, source: &str, column: Option<&str>) -> Result<Vec<f64>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        bail!("{source}: no values");
    };
    let header: Vec<&str> = first.split(',').map(str::trim).collect();
    let headerless = header.len() == 1 && header[0].parse::<f64>().is_ok() && column.is_none();
    let index = if headerless {
        0
    } else {
        match column {
            Some(name) => header
                .iter()
                .position(|h| *h == name)
                .with_context(|| format!("{source}:1: no column {name:?} (header: {first})"))?,
            None => 0,
        }
    };
    let rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .skip(usize::from(!headerless));
    let mut values = Vec::new();
    for (i, line) in rows {
        let field = line.split(',').nth(index).map(str::trim).unwrap_or("");
        let value: f64 = field
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .with_context(|| format!("{source}:{}: {field:?} is not a finite number", i + 1))?;
        values.push(value);
    }
    Ok(values)
}

pub fn run(args: &BimodalityArgs) -> Result<()> {
    let (text, source) = match &args.file {
        Some(path) if path.as_os_str() != "-" => {
            let bytes =
                std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{}: invalid UTF-8 at byte {}",
                    path.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            (text, path.display().to_string())
        }
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("standard input: cannot read UTF-8 text")?;
            (text, "standard input".to_owned())
        }
    };
    let values = read_values(&text, &source, args.column.as_deref())?;
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

    #[test]
    fn columns_and_plain_lists() {
        assert_eq!(
            read_values("1\n2.5\n\n3\n", "x", None).unwrap(),
            [1.0, 2.5, 3.0]
        );
        assert_eq!(
            read_values("a,b\n1,4\n2,5\n", "x", Some("b")).unwrap(),
            [4.0, 5.0]
        );
        assert_eq!(read_values("score\n7\n", "x", None).unwrap(), [7.0]);
        let err = read_values("a,b\n1,x\n", "f.csv", Some("b"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "f.csv:2: \"x\" is not a finite number");
        assert!(
            read_values("a\n1\n", "f.csv", Some("c"))
                .unwrap_err()
                .to_string()
                .contains("no column \"c\"")
        );
        assert!(read_values("1\nNaN\n", "f", None).is_err());
        assert!(read_values("", "f", None).is_err());
    }
}
