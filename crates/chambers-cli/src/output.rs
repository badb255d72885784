//! Everything the subcommands write: output folders whose files appear complete or not at all,
//! result tables as CSV, JSON documents, stdout, phase timings and the progress spinner.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chambers_graph::{Table, Windows};
use chambers_io::{AtomicFile, InputSummary, ReadReport};
use serde::ser::SerializeMap;

use crate::args::InputArgs;
use crate::cleanup::Registered;

/// The files chambers writes into result folders. A folder holding anything else is not ours to
/// replace.
const OUTPUT_FILES: &[&str] = &[
    "report.json",
    "windows.csv",
    "groups.csv",
    "leaders.csv",
    "overlaps.csv",
    "aggregate_overlap.csv",
    "chambers.csv",
    "high_impact.csv",
    "users.csv",
    "ideology.csv",
    "influencers.csv",
    "stability.csv",
    "audience_overlaps.csv",
    "sub_chambers.csv",
    "null_overlaps.csv",
    "echo_chambers.csv",
    "leader_impact.csv",
    "report.html",
    // The figures (plots::CATALOGUE) in either format.
    "polarization.svg",
    "polarization.png",
    "overlaps.svg",
    "overlaps.png",
    "overlap_matrix.svg",
    "overlap_matrix.png",
    "echo_chambers.svg",
    "echo_chambers.png",
    "stance_scores.svg",
    "stance_scores.png",
    "ideology_scores.svg",
    "ideology_scores.png",
    "stability.svg",
    "stability.png",
];

/// The format of result tables (`--table-format`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableFormat {
    /// `NAME.csv`, every cell as text.
    #[default]
    Csv,
    /// `NAME.parquet`: Int64/Float64 where a column is numeric, ids and names as text.
    Parquet,
}

/// A result folder that appears complete or not at all: every file is written into a temporary
/// sibling folder `.NAME.tmp-PID`, which [`OutDir::commit`] swaps into place, replacing an older
/// result folder as a whole (never mixing old and new files). Dropped uncommitted (an error) or
/// interrupted by a signal, the temporary folder is removed and an older result stays as it was.
pub struct OutDir {
    path: PathBuf,
    temp: PathBuf,
    _registered: Registered,
    committed: bool,
}

impl OutDir {
    /// Checks that `path` can take a result (missing, empty, or an earlier chambers result) and
    /// creates the temporary folder beside it.
    pub fn create(path: &Path) -> Result<Self> {
        check_replaceable(path)?;
        let name = path
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
        let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let registered = Registered::new(&temp);
        if temp.exists() {
            std::fs::remove_dir_all(&temp).ok();
        }
        std::fs::create_dir(&temp)
            .with_context(|| format!("{}: cannot create the output folder", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            temp,
            _registered: registered,
            committed: false,
        })
    }

    /// Moves the finished result into place: an atomic exchange with an older result folder
    /// where the system offers one (Linux `renameat2`), else two renames.
    pub fn commit(mut self) -> Result<()> {
        let fail = || format!("{}: cannot move the result into place", self.path.display());
        if self.path.exists() {
            check_replaceable(&self.path)?;
            if !exchange(&self.temp, &self.path) {
                let old = self.temp.with_extension("old");
                std::fs::rename(&self.path, &old).with_context(fail)?;
                std::fs::rename(&self.temp, &self.path).with_context(fail)?;
                std::fs::remove_dir_all(&old).ok();
                self.committed = true;
                return Ok(());
            }
            // The old result now sits at the temporary name.
            std::fs::remove_dir_all(&self.temp).ok();
        } else {
            std::fs::rename(&self.temp, &self.path).with_context(fail)?;
        }
        self.committed = true;
        Ok(())
    }

    /// The temporary folder the result is written into, for a writer of its own (an engine's);
    /// [`OutDir::commit`] moves what it holds into place.
    #[cfg(feature = "datafusion")]
    pub fn staging(&self) -> &Path {
        &self.temp
    }

    /// Writes `name` as CSV with `header`, rows from `rows`.
    pub fn csv(
        &self,
        name: &str,
        header: &[&str],
        rows: impl FnOnce(&mut csv::Writer<AtomicFile>) -> Result<()>,
    ) -> Result<()> {
        let (path, shown) = (self.temp.join(name), self.path.join(name));
        let mut writer = csv::Writer::from_writer(AtomicFile::create(&path)?);
        writer.write_record(header)?;
        rows(&mut writer).with_context(|| format!("{}: write failed", shown.display()))?;
        let file = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}: write failed: {}", shown.display(), e.error()))?;
        file.commit()?;
        Ok(())
    }

    /// Writes each table as `NAME.csv` (a header of its columns, then its rows) or
    /// `NAME.parquet` (typed columns, see [`chambers_io::table_schema`]), the files side by side
    /// on the thread pool; the first failing table in `tables` order names the error.
    pub fn tables(&self, tables: &[Table<'_>], format: TableFormat) -> Result<()> {
        use rayon::prelude::*;
        let written: Vec<Result<()>> = tables
            .par_iter()
            .map(|table| self.table(table, format))
            .collect();
        written.into_iter().collect()
    }

    /// Writes one table of [`OutDir::tables`].
    fn table(&self, table: &Table<'_>, format: TableFormat) -> Result<()> {
        if format == TableFormat::Parquet {
            let name = format!("{}.parquet", table.name());
            let (path, shown) = (self.temp.join(&name), self.path.join(&name));
            let file = chambers_io::write_table_parquet(table, AtomicFile::create(&path)?)
                .with_context(|| format!("{}: write failed", shown.display()))?;
            file.commit()?;
            return Ok(());
        }
        let columns: Vec<&str> = table.columns().iter().map(String::as_str).collect();
        let name = format!("{}.csv", table.name());
        if table.parts() > 1 {
            let (path, shown) = (self.temp.join(&name), self.path.join(&name));
            let mut file = AtomicFile::create(&path)?;
            write_parts(table, &columns, &mut file)
                .with_context(|| format!("{}: write failed", shown.display()))?;
            file.commit()?;
            return Ok(());
        }
        self.csv(&name, &columns, |w| {
            table.for_each_row(&mut |row| w.write_record(row).map_err(std::io::Error::from))?;
            Ok(())
        })
    }

    /// Writes `name` with `text` as its content.
    pub fn text(&self, name: &str, text: &str) -> Result<()> {
        self.bytes(name, text.as_bytes())
    }

    /// Writes `name` with `bytes` as its content.
    pub fn bytes(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let (path, shown) = (self.temp.join(name), self.path.join(name));
        let mut file = AtomicFile::create(&path)?;
        std::io::Write::write_all(&mut file, bytes)
            .with_context(|| format!("{}: write failed", shown.display()))?;
        file.commit()?;
        Ok(())
    }

    /// Writes `name` as pretty JSON.
    pub fn json(&self, name: &str, value: &impl serde::Serialize) -> Result<()> {
        let (path, shown) = (self.temp.join(name), self.path.join(name));
        let mut file = AtomicFile::create(&path)?;
        serde_json::to_writer_pretty(&mut file, value)
            .with_context(|| format!("{}: write failed", shown.display()))?;
        std::io::Write::write_all(&mut file, b"\n")?;
        file.commit()?;
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.committed {
            std::fs::remove_dir_all(&self.temp).ok();
        }
    }
}

/// Writes the rows of a table in parts ([`Table::in_parts`]): a few parts at a time are
/// rendered as CSV on the thread pool, each into its own buffer, and the buffers are written in
/// part order, so the file is the one a single writer makes, byte for byte. A batch is written
/// while the next one is rendered, so that copying the text into the file overlaps the
/// rendering (on one thread, one after the other).
fn write_parts(
    table: &Table<'_>,
    header: &[&str],
    out: &mut (impl std::io::Write + Send),
) -> Result<()> {
    use rayon::prelude::*;
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(header)?;
    out.write_all(&csv.into_inner().map_err(|e| e.into_error())?)?;
    let render = |&part: &usize| {
        let mut bytes = Vec::new();
        table.for_each_row_of(part, &mut |row| push_record(&mut bytes, row, header.len()))?;
        Ok(bytes)
    };
    let parts: Vec<usize> = (0..table.parts()).collect();
    let mut rendered = Vec::new();
    for batch in parts.chunks(2 * rayon::current_num_threads()) {
        let (written, next) = rayon::join(
            || write_in_order(out, std::mem::take(&mut rendered)),
            || batch.par_iter().map(render).collect(),
        );
        written?;
        rendered = next;
    }
    write_in_order(out, rendered)?;
    Ok(())
}

/// Appends `row` to `bytes` as the csv crate's writer writes it with its defaults: a field is
/// quoted only when it holds a comma, a quote or a line break, or is the only field and empty.
/// Rows that need no quote, nearly all of them, are copied as they are, without the writer's
/// per-field machinery; the others go through the writer.
fn push_record(bytes: &mut Vec<u8>, row: &[String], columns: usize) -> std::io::Result<()> {
    if row.len() != columns {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "a row of {} fields in a table of {columns} columns",
                row.len()
            ),
        ));
    }
    let special = |field: &String| {
        field
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    };
    if row.iter().any(special) || (columns == 1 && row[0].is_empty()) {
        let mut csv = csv::Writer::from_writer(std::mem::take(bytes));
        csv.write_record(row)?;
        *bytes = csv.into_inner().map_err(|e| e.into_error())?;
        return Ok(());
    }
    for (i, field) in row.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(field.as_bytes());
    }
    bytes.push(b'\n');
    Ok(())
}

/// Writes rendered parts in order; the first that failed to render stops it.
fn write_in_order(
    out: &mut impl std::io::Write,
    parts: Vec<std::io::Result<Vec<u8>>>,
) -> std::io::Result<()> {
    parts
        .into_iter()
        .try_for_each(|bytes| out.write_all(&bytes?))
}

/// Whether `path` may be replaced by a result: missing, an empty folder, or a folder of
/// chambers outputs only (with its report.json). Anything else is the user's and is refused.
fn check_replaceable(path: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory || path.is_file() => {
            bail!("{}: exists and is not a folder", path.display())
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read", path.display())),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot read", path.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    if names.is_empty() {
        return Ok(());
    }
    let ours = |n: &str| match n.strip_suffix(".parquet") {
        Some(stem) => OUTPUT_FILES.contains(&format!("{stem}.csv").as_str()),
        None => OUTPUT_FILES.contains(&n),
    };
    let foreign = names.iter().find(|n| !ours(n) && !n.starts_with('.'));
    if let Some(foreign) = foreign {
        bail!(
            "{}: holds {foreign:?}, which chambers did not write; results replace the whole folder, so give an empty or new one",
            path.display()
        );
    }
    if !names.iter().any(|n| n == "report.json") {
        bail!(
            "{}: is not empty and holds no chambers report.json; give an empty or new folder",
            path.display()
        );
    }
    Ok(())
}

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`); false where the system
/// or the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both arguments are valid NUL-terminated paths that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Wall time per phase, in the order the phases ran, and the analysis's own phase times;
/// serialised as a JSON object (`analysis_phases` last, when set).
#[derive(Default)]
pub struct Timings {
    phases: Vec<(&'static str, f64)>,
    analysis: Option<chambers_echo::PhaseTimes>,
}

impl Timings {
    pub fn add(&mut self, phase: &'static str, since: Instant) {
        self.phases.push((phase, since.elapsed().as_secs_f64()));
    }

    /// Records the phase times inside the analysis.
    pub fn analysis_phases(&mut self, times: chambers_echo::PhaseTimes) {
        self.analysis = Some(times);
    }
}

impl serde::Serialize for Timings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (phase, seconds) in &self.phases {
            map.serialize_entry(phase, seconds)?;
        }
        if let Some(times) = &self.analysis {
            map.serialize_entry("analysis_phases", times)?;
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

/// report.json's `input`: what was read from the command line's inputs.
pub fn input_summary(input: &InputArgs, windows: &Windows, report: &ReadReport) -> InputSummary {
    let files = input
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    InputSummary::new(files, windows, report)
}

/// Writes `text` to stdout; a closed pipe surfaces as an error that the binary's `main` treats
/// as success.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, text.as_bytes())?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Rows come out as the csv crate's writer writes them: plain fields, fields with
        /// commas, quotes, line breaks and spaces, empty fields, one-column rows.
        #[test]
        fn records_are_written_as_the_csv_writer_writes_them(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-c ,\"\r\n0-9]{0,4}", 1..4),
                0..20,
            ),
        ) {
            for columns in 1..4 {
                let rows: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() == columns).collect();
                let mut ours = Vec::new();
                let mut theirs = csv::Writer::from_writer(Vec::new());
                for row in rows {
                    push_record(&mut ours, row, columns).unwrap();
                    theirs.write_record(row).unwrap();
                }
                proptest::prop_assert_eq!(ours, theirs.into_inner().unwrap());
            }
            proptest::prop_assert!(push_record(&mut Vec::new(), &["a".to_owned()], 2).is_err());
        }
    }
}
