//! `--engine`, `--memory-limit` and `--spill-dir`: where `chambers analyze` reads and reduces
//! its input. `memory` (the default) reads every event into memory; `datafusion` and
//! `ballista://HOST:PORT` (builds with the features of those names) reduce Parquet events to each
//! window's distinct weighted edges out of core (`chambers_datafusion::load_windows`), and the
//! same analysis runs on the result. The embedded engine also takes files of chambers' other
//! formats, converted to Parquet by chambers' readers first (`stage`).

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{Result, bail};
use chambers_graph::Windows;
use chambers_io::ReadReport;
use serde::Serialize;

use crate::args::InputArgs;

/// Flags of the engine; the engine's own defaults come from `chambers_datafusion::EngineParams`
/// (no memory limit, the system's temporary folder).
#[derive(clap::Args, Debug)]
pub struct EngineArgs {
    /// Where the input is read and reduced: memory (every event in memory), datafusion (Apache
    /// DataFusion on this machine, out of core; Parquet events, or files of other formats
    /// converted to Parquet in the spill folder first; a build with --features datafusion) or
    /// ballista://HOST:PORT (an Apache Ballista cluster's scheduler, Parquet events; a build
    /// with --features ballista). The results are the same.
    #[arg(long, default_value_t = Engine::Memory, value_name = "memory|datafusion|ballista://HOST:PORT")]
    pub engine: Engine,
    /// With --engine datafusion: memory the engine may hold before it spills to disk, e.g. 4GB,
    /// 512MiB, 1000000 (bytes); default: no limit.
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    pub memory_limit: Option<usize>,
    /// With --engine datafusion: folder for the spill files (default: the system's temporary
    /// folder).
    #[arg(long, value_name = "DIR")]
    pub spill_dir: Option<PathBuf>,
}

/// Where the input is read and reduced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Every event in memory (`chambers_io::read_windows`).
    Memory,
    /// The embedded DataFusion engine.
    DataFusion,
    /// A Ballista cluster, by its scheduler's `HOST:PORT`.
    Ballista(String),
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "memory" => Ok(Self::Memory),
            "datafusion" => Ok(Self::DataFusion),
            _ => match s.strip_prefix("ballista://") {
                Some(address) if address.contains(':') => Ok(Self::Ballista(address.to_owned())),
                _ => Err(format!(
                    "{s:?}: expected memory, datafusion or ballista://HOST:PORT"
                )),
            },
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Memory => f.write_str("memory"),
            Self::DataFusion => f.write_str("datafusion"),
            Self::Ballista(address) => write!(f, "ballista://{address}"),
        }
    }
}

/// A size in bytes: a number with an optional unit, decimal (kB, MB, GB, TB) or binary (KiB,
/// MiB, GiB, TiB), case-insensitive; `4GB` is 4·10⁹ bytes, `512MiB` 512·2²⁰.
fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = (&text[..split], text[split..].trim());
    let scale: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "{text:?}: unknown unit {unit:?} (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a size such as 4GB or 512MiB"))?;
    let bytes = (value * scale).round();
    if !(bytes >= 1.0 && bytes < usize::MAX as f64) {
        return Err(format!("{text:?}: expected a positive size such as 4GB"));
    }
    Ok(bytes as usize)
}

/// What the engine did, in report.json (absent for the in-memory read).
#[derive(Debug, Serialize)]
pub struct EngineRun {
    /// `datafusion` or `ballista://HOST:PORT`.
    name: String,
    /// The memory limit in bytes, when one was given.
    memory_limit: Option<usize>,
    /// Spill files the engine wrote.
    spills: usize,
    /// Wall time of the engine's phases when it built the windows' graphs, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    phases_s: Option<EnginePhases>,
}

#[cfg(feature = "datafusion")]
impl EngineRun {
    /// The run of `engine` with no graph on the driver, which wrote `spills` spill files.
    pub fn graph_free(engine: &EngineArgs, spills: usize) -> Self {
        Self {
            name: engine.engine.to_string(),
            memory_limit: engine.memory_limit,
            spills,
            phases_s: None,
        }
    }
}

/// What [`EngineArgs::prepare`] readies: the engine's settings and the paths it reads.
#[cfg(feature = "datafusion")]
pub struct Prepared {
    /// The engine's settings.
    pub params: chambers_datafusion::EngineParams,
    /// Parquet files, folders or globs.
    pub paths: Vec<String>,
    /// What chambers' readers found, when the input was converted.
    pub report: Option<ReadReport>,
    /// The converted input, removed when this drops.
    _staged: Option<Staged>,
    /// The folder of everything the engine writes, removed when this drops (after `_staged`,
    /// which it holds).
    _scratch: Scratch,
}

/// The engine's phases (`chambers_datafusion::LoadPhases`), in seconds.
#[derive(Debug, Serialize)]
struct EnginePhases {
    scan: f64,
    reduce: f64,
    build: f64,
}

impl EngineArgs {
    /// Reads the inputs into windows with the chosen engine, reporting skipped rows on stderr;
    /// with an engine, also what it did.
    pub fn load(&self, input: &InputArgs) -> Result<(Windows, ReadReport, Option<EngineRun>)> {
        if self.engine == Engine::Memory {
            if self.memory_limit.is_some() || self.spill_dir.is_some() {
                bail!("--memory-limit and --spill-dir are for --engine datafusion");
            }
            let (windows, report) = input.load()?;
            return Ok((windows, report, None));
        }
        self.load_on_engine(input)
    }

    /// The engine's settings and the paths it reads, with the input converted first where it is
    /// not Parquet (`stage`): what both ways of running on the engine start from.
    #[cfg(feature = "datafusion")]
    pub fn prepare(&self, input: &InputArgs) -> Result<Prepared> {
        use anyhow::Context;
        use chambers_datafusion::EngineParams;

        if self.engine == Engine::Memory {
            bail!(
                "--engine-only runs on an engine: add --engine datafusion or --engine ballista://HOST:PORT"
            );
        }
        self.check_limits()?;
        let kind = check_engine_input(input, &self.engine)?;
        #[allow(unused_mut)] // without `ballista` only the embedded engine's settings apply
        let mut params = EngineParams::default()
            .memory_limit(self.memory_limit.or(EngineParams::default().memory_limit))
            .spill_dir(self.spill_dir.clone().or(EngineParams::default().spill_dir))
            // --threads sets the engine's partitions too (by default both are one per core).
            .partitions(rayon::current_num_threads());
        if let Engine::Ballista(_address) = &self.engine {
            #[cfg(feature = "ballista")]
            {
                params = params.scheduler(Some(format!("df://{_address}")));
            }
            #[cfg(not(feature = "ballista"))]
            bail!("--engine {}: {}", self.engine, missing_feature("ballista"));
        }
        params.check().context("--spill-dir")?;
        // Everything the engine writes (staged tables, DataFusion's spill files, the converted
        // input) goes into one folder of this run, removed at its end or on an interrupt.
        let scratch = Scratch::new(
            "chambers-engine-",
            params.spill_dir.as_deref(),
            "the engine",
        )?;
        let params = params.spill_dir(Some(scratch.path().to_path_buf()));
        let staged = match kind {
            EngineInput::Converted => Some(stage(input, params.spill_dir.as_deref())?),
            EngineInput::Parquet => None,
        };
        let paths: Vec<String> = match &staged {
            Some(staged) => staged
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect(),
            None => input
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
        };
        let report = match &staged {
            // What chambers' readers found in the files, as the in-memory read reports it.
            Some(staged) => {
                crate::args::warn_far_future(&staged.report, input.columns.time_unit);
                Some(staged.report.clone())
            }
            None => None,
        };
        Ok(Prepared {
            params,
            paths,
            report,
            _staged: staged,
            _scratch: scratch,
        })
    }

    #[cfg(feature = "datafusion")]
    fn load_on_engine(
        &self,
        input: &InputArgs,
    ) -> Result<(Windows, ReadReport, Option<EngineRun>)> {
        use anyhow::Context;
        use chambers_datafusion::load_windows;
        use chambers_graph::GraphOptions;

        let prepared = self.prepare(input)?;
        let graph = GraphOptions::default().with_self_loops(input.keep_self_loops);
        let mut loaded = load_windows(&prepared.paths, input.spec()?, graph, &prepared.params)
            .with_context(|| format!("--engine {}", self.engine))?;
        if prepared.report.is_some() && input.window_per_file {
            // Each window is named by its input, not by the file converted from it.
            for (window, name) in loaded.windows.windows.iter_mut().zip(&input.inputs) {
                window.source_file = Some(name.display().to_string());
            }
        }
        let report = prepared.report.clone().unwrap_or(ReadReport {
            rows: loaded.rows,
            zero_weight: loaded.zero_weight,
            has_time: loaded.has_time,
            ..ReadReport::default()
        });
        crate::args::print_skips(&report);
        let run = EngineRun {
            name: self.engine.to_string(),
            memory_limit: self.memory_limit,
            spills: loaded.spills,
            phases_s: Some(EnginePhases {
                scan: loaded.phases.scan.as_secs_f64(),
                reduce: loaded.phases.reduce.as_secs_f64(),
                build: loaded.phases.build.as_secs_f64(),
            }),
        };
        Ok((loaded.windows, report, Some(run)))
    }

    #[cfg(not(feature = "datafusion"))]
    fn load_on_engine(
        &self,
        input: &InputArgs,
    ) -> Result<(Windows, ReadReport, Option<EngineRun>)> {
        self.check_limits()?;
        check_engine_input(input, &self.engine)?;
        bail!("--engine {}: {}", self.engine, self.missing())
    }

    /// The one-line answer to an engine this build lacks.
    #[cfg(not(feature = "datafusion"))]
    pub fn missing(&self) -> String {
        missing_feature(match self.engine {
            Engine::Ballista(_) => "ballista",
            _ => "datafusion",
        })
    }

    /// `--memory-limit` and `--spill-dir` are the embedded engine's.
    fn check_limits(&self) -> Result<()> {
        if matches!(self.engine, Engine::Ballista(_))
            && (self.memory_limit.is_some() || self.spill_dir.is_some())
        {
            bail!(
                "--memory-limit and --spill-dir are for --engine datafusion: a Ballista cluster's \
                 executors set their own (ballista-executor --help)"
            );
        }
        Ok(())
    }
}

/// The one-line answer to an engine this build lacks.
#[cfg(not(feature = "ballista"))]
fn missing_feature(feature: &str) -> String {
    format!(
        "this chambers was built without the feature {feature}; build it with --features \
         {feature} (cargo install --locked --path . --features {feature})"
    )
}

/// What the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EngineInput {
    /// Parquet files, folders or globs of the canonical columns, read by the engine itself.
    Parquet,
    /// Files of chambers' other formats (CSV, TSV, JSON lines, …), first converted to Parquet by
    /// chambers' own readers (`stage`).
    Converted,
}

/// Whether a path is for the engine's own Parquet reading: a Parquet file, a folder or a glob.
fn is_parquet(path: &std::path::Path) -> bool {
    let name = path.display().to_string();
    name.ends_with(".parquet") || name.ends_with(".pq") || name.contains('*') || path.is_dir()
}

/// Checks what the engine is given. Parquet events are read by the engine with the columns
/// source, target, weight and time, as `chambers convert` writes them, so the reading flags of
/// other layouts are refused for them. Files of chambers' other formats are read by chambers'
/// readers, with every reading flag, into one Parquet file first (`stage`); on the embedded
/// engine only, as a Ballista cluster's executors cannot read this machine's staged file.
fn check_engine_input(input: &InputArgs, engine: &Engine) -> Result<EngineInput> {
    let parquet = input.inputs.iter().filter(|p| is_parquet(p)).count();
    if parquet == 0 {
        if let Engine::Ballista(_) = engine {
            let name = input.inputs[0].display();
            bail!(
                "{name}: --engine {engine} reads Parquet files, folders or globs that its \
                 executors can reach; convert it with chambers convert {name} --out \
                 events.parquet"
            );
        }
        return Ok(EngineInput::Converted);
    }
    if parquet < input.inputs.len() {
        bail!(
            "--engine {engine}: give either Parquet events (files, folders or globs) or files of \
             other formats, not both"
        );
    }
    let c = &input.columns;
    let defaults = chambers_io::ReadOptions::default();
    let mut refused = Vec::new();
    if c.columns() != chambers_io::Columns::default() {
        refused.push("--source/--target/--weight/--time");
    }
    if c.format.is_some_and(|f| f != chambers_io::Format::Parquet) {
        refused.push("--format other than parquet");
    }
    if c.time_unit != defaults.time_unit {
        refused.push("--time-unit");
    }
    if c.trim_ids {
        refused.push("--trim-ids");
    }
    if c.skip_bad_rows {
        refused.push("--skip-bad-rows");
    }
    if !refused.is_empty() {
        bail!(
            "--engine {engine} reads Parquet events with the columns source, target, weight and \
             time (seconds or a timestamp) and does not take {} (use --engine memory)",
            refused.join(", ")
        );
    }
    Ok(EngineInput::Parquet)
}

/// An input converted for the engine: its Parquet file in a temporary folder, removed when this
/// drops, or by the signal handler on an interrupt (`crate::cleanup`).
#[cfg(feature = "datafusion")]
struct Staged {
    /// One Parquet file of all inputs, or one per input with windows per file.
    files: Vec<PathBuf>,
    /// What chambers' readers found in the original files.
    report: ReadReport,
    _folder: Scratch,
}

/// A temporary folder removed when this drops, or by the signal handler on an interrupt
/// (`crate::cleanup`), with everything in it.
#[cfg(feature = "datafusion")]
struct Scratch {
    // Unregistered only once the folder is gone: fields drop in order.
    folder: tempfile::TempDir,
    _signal: crate::cleanup::Registered,
}

#[cfg(feature = "datafusion")]
impl Scratch {
    /// A new folder `PREFIX…` in `parent` (the system's temporary folder by default).
    fn new(prefix: &str, parent: Option<&std::path::Path>, what: &str) -> Result<Self> {
        use anyhow::Context;
        let mut folder = tempfile::Builder::new();
        folder.prefix(prefix);
        let folder = match parent {
            Some(dir) => folder.tempdir_in(dir),
            None => folder.tempdir(),
        }
        .with_context(|| format!("a folder for {what}"))?;
        let signal = crate::cleanup::Registered::new(folder.path());
        Ok(Self {
            folder,
            _signal: signal,
        })
    }

    fn path(&self) -> &std::path::Path {
        self.folder.path()
    }
}

/// Reads inputs the engine does not read itself (CSV, TSV, JSON lines, plain or gzip) with
/// chambers' own readers and reading flags, streaming, into one Parquet file of canonical events
/// (`chambers_io::convert_edges_for`, as `chambers convert` writes it), or one per input with
/// windows per file, in a temporary folder of `spill_dir` (the system's temporary folder by
/// default). So the engine sees the rows the
/// in-memory path reads, with the same rules and the same report of skipped rows, and holds
/// none of them in memory.
#[cfg(feature = "datafusion")]
fn stage(input: &InputArgs, spill_dir: Option<&std::path::Path>) -> Result<Staged> {
    let folder = Scratch::new("chambers-staged-", spill_dir, "the converted input")?;
    let (spec, options) = (input.spec()?, input.read_options());
    let format = Some(chambers_io::Format::Parquet);
    // The rows the windows refuse (without a time, before the start) are bad rows there, as in
    // memory.
    let (files, report) = if input.window_per_file {
        let files: Vec<PathBuf> = (0..input.inputs.len())
            .map(|k| folder.path().join(format!("events-{k:05}.parquet")))
            .collect();
        let report =
            chambers_io::convert_edges_each(&input.inputs, &files, format, &options, spec)?;
        (files, report)
    } else {
        let file = folder.path().join("events.parquet");
        let report = chambers_io::convert_edges_for(&input.inputs, &file, format, &options, spec)?;
        (vec![file], report)
    };
    Ok(Staged {
        files,
        report,
        _folder: folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_decimal_and_binary_units() {
        assert_eq!(parse_size("4GB"), Ok(4_000_000_000));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert_eq!(parse_size("1.5 kib"), Ok(1536));
        assert_eq!(parse_size("1000000"), Ok(1_000_000));
        for bad in ["", "0", "GB", "4XB", "-1MB", "0.1"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn engines_parse_and_print_back() {
        for text in ["memory", "datafusion", "ballista://10.0.0.1:50050"] {
            assert_eq!(text.parse::<Engine>().unwrap().to_string(), text);
        }
        for bad in ["DataFusion", "ballista://host", "df://host:1", ""] {
            assert!(bad.parse::<Engine>().is_err(), "{bad:?}");
        }
    }
}
