//! Everything the subcommands write: output folders whose files appear complete or not at all,
//! result tables as CSV, JSON documents, stdout, phase timings and the progress spinner.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chambers_graph::{Table, Windows};
use chambers_io::{AtomicFile, ReadReport};
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::args::InputArgs;

/// An output folder; every file is written under a temporary name and renamed when complete.
pub struct OutDir {
    path: PathBuf,
}

impl OutDir {
    pub fn create(path: &Path) -> Result<Self> {
        std::fs::create_dir_all(path)
            .with_context(|| format!("{}: cannot create the output folder", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
        })
    }

    /// Writes `name` as CSV with `header`, rows from `rows`.
    pub fn csv(
        &self,
        name: &str,
        header: &[&str],
        rows: impl FnOnce(&mut csv::Writer<AtomicFile>) -> Result<()>,
    ) -> Result<()> {
        let path = self.path.join(name);
        let mut writer = csv::Writer::from_writer(AtomicFile::create(&path)?);
        writer.write_record(header)?;
        rows(&mut writer).with_context(|| format!("{}: write failed", path.display()))?;
        let file = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}: write failed: {}", path.display(), e.error()))?;
        file.commit()?;
        Ok(())
    }

    /// Writes each table as `NAME.csv`: a header of its columns, then its rows.
    pub fn tables(&self, tables: &[Table<'_>]) -> Result<()> {
        for table in tables {
            let columns: Vec<&str> = table.columns().iter().map(String::as_str).collect();
            self.csv(&format!("{}.csv", table.name()), &columns, |w| {
                table.for_each_row(&mut |row| w.write_record(row).map_err(std::io::Error::from))?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Writes `name` with `text` as its content.
    pub fn text(&self, name: &str, text: &str) -> Result<()> {
        let path = self.path.join(name);
        let mut file = AtomicFile::create(&path)?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("{}: write failed", path.display()))?;
        file.commit()?;
        Ok(())
    }

    /// Writes `name` as pretty JSON.
    pub fn json(&self, name: &str, value: &impl serde::Serialize) -> Result<()> {
        let path = self.path.join(name);
        let mut file = AtomicFile::create(&path)?;
        serde_json::to_writer_pretty(&mut file, value)
            .with_context(|| format!("{}: write failed", path.display()))?;
        std::io::Write::write_all(&mut file, b"\n")?;
        file.commit()?;
        Ok(())
    }
}

/// Wall time per phase, in the order the phases ran; serialised as a JSON object.
#[derive(Default)]
pub struct Timings {
    phases: Vec<(&'static str, f64)>,
}

impl Timings {
    pub fn add(&mut self, phase: &'static str, since: Instant) {
        self.phases.push((phase, since.elapsed().as_secs_f64()));
    }
}

impl serde::Serialize for Timings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.phases.len()))?;
        for (phase, seconds) in &self.phases {
            map.serialize_entry(phase, seconds)?;
        }
        map.end()
    }
}

/// A spinner on stderr naming the phase that runs; it draws only on a terminal, so piped and
/// redirected runs stay quiet, and it is cleared when dropped.
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    pub fn start(phase: &str) -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar.set_message(phase.to_owned());
        Self(bar)
    }

    pub fn phase(&self, phase: &str) {
        self.0.set_message(phase.to_owned());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Input summary for report.json.
#[derive(Serialize)]
pub struct InputSummary {
    pub files: Vec<String>,
    pub rows: u64,
    pub skipped_rows: u64,
    pub zero_weight_rows: u64,
    pub users: usize,
    pub windows: usize,
    pub retweets: u64,
    pub aggregated_edges: usize,
}

impl InputSummary {
    pub fn new(input: &InputArgs, windows: &Windows, report: &ReadReport) -> Self {
        Self {
            files: input
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            rows: report.rows,
            skipped_rows: report.skipped,
            zero_weight_rows: report.zero_weight,
            users: windows.interner.len(),
            windows: windows.windows.len(),
            retweets: windows.windows.iter().map(|w| w.graph.retweets()).sum(),
            aggregated_edges: windows.windows.iter().map(|w| w.graph.n_edges()).sum(),
        }
    }
}

/// Writes `text` to stdout; a closed pipe surfaces as an error that the binary's `main` treats
/// as success.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, text.as_bytes())?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}
