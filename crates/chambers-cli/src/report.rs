//! `chambers report`: the self-contained HTML page of an existing result folder, as
//! `analyze --html` writes it, for sharing a result with co-authors after the fact.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chambers_io::AtomicFile;
use serde_json::Value;

use crate::cleanup::Registered;

/// Flags of `chambers report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// A result folder written by `chambers analyze` (report.json, the tables, the figures).
    dir: PathBuf,
    /// Where to write the page (default: report.html in the result folder).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Reads the folder's report.json and figures and writes the page, renamed into place whole.
pub fn run(args: &ReportArgs) -> Result<()> {
    let shown = args.dir.display();
    if !args.dir.is_dir() {
        bail!("{shown}: not a folder (give the result folder of chambers analyze)");
    }
    let path = args.dir.join("report.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{shown}: not a chambers result folder: it has no report.json")
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read", path.display())),
    };
    let document: Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}: not a chambers report: {e}",
            path.display(),
            e.line()
        )
    })?;
    let missing: Vec<&str> = ["summary", "windows", "parameters"]
        .into_iter()
        .filter(|key| document.get(key).is_none())
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}: not a chambers report of analyze: no {}",
            path.display(),
            missing.join(", ")
        );
    }
    let figures = crate::plots::read_back(&args.dir)?;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join("report.html"));
    let _temporary = Registered::new(&AtomicFile::temp_path(&target));
    let mut file = AtomicFile::create(&target)?;
    std::io::Write::write_all(&mut file, crate::html::page(&document, &figures).as_bytes())
        .with_context(|| format!("{}: write failed", target.display()))?;
    file.commit()?;
    eprintln!("wrote {} ({} figures)", target.display(), figures.len());
    Ok(())
}
