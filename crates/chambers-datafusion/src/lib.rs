//! The heavy reductions of the chamber method as Apache DataFusion plans over an event table
//! `source, target, weight, time` in Parquet (files, folders or globs), for inputs larger than
//! memory: window assignment, impact and H(t), audiences, chambers less the exclusion set, chamber
//! sizes and pair intersection counts (METHOD.md §2–3). The plans run in an embedded
//! `SessionContext` whose memory pool spills to disk under a limit ([`EngineParams`]).
//!
//! The small steps run on the driver with the existing crates' code: leaders by persistence
//! (`chambers_graph::leaders_by_persistence`) and Q(t) from the pair counts
//! (`chambers_overlap::PairCounts`).
//!
//! ```no_run
//! # fn demo() -> Result<(), chambers_datafusion::EngineError> {
//! use chambers_datafusion::{analyse_chambers, EngineParams};
//! use chambers_graph::{WindowSpec, DAY};
//! let spec = WindowSpec::Fixed { start: None, length: 7 * DAY };
//! let engine = EngineParams::default().memory_limit(Some(1 << 30));
//! let paths = ["events/".to_string()];
//! let c = analyse_chambers(&paths, spec, Default::default(), &Default::default(), &engine)?;
//! println!("{} leaders, {} windows", c.leaders.len(), c.windows.len());
//! # Ok(()) }
//! ```

mod analysis;
mod echo;
mod error;
mod events;
mod params;
pub mod plans;
mod polarization;
mod report;
mod stability;
mod windows;

pub use analysis::{ChamberEngine, EngineChambers, WindowCounts, analyse_chambers};
pub use echo::{EngineEcho, EngineScored, UserTables, WindowEchoCounts};
pub use error::EngineError;
pub use events::{Events, read_events};
pub use params::EngineParams;
pub use polarization::EnginePolarization;
pub use report::EngineReport;
pub use windows::{EngineWindows, LoadPhases, load_windows};
