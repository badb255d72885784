//! Retweet graphs for the chambers workspace: dense ids, the aggregated [`RetweetGraph`] of a
//! window, [`Windows`], impact rankings and leaders (method of Kolic et al., *From chambers to
//! echo chambers: quantifying polarization with a second-neighbor approach applied to Twitter's
//! climate discussion*, J. Complex Networks 13(4), 2025, arXiv 2206.14501), and a seeded
//! generator of retweet events with planted groups. This crate does no I/O.
//!
//! Edge direction everywhere: **source = the account that retweeted, target = the account whose
//! tweet was retweeted**.
//!
//! ```
//! use chambers_graph::{high_impact, leaders_by_persistence, WindowSpec, WindowsBuilder};
//! let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
//! for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B")] {
//!     let (s, t) = (b.intern(s), b.intern(t));
//!     b.push(s, t, 1, None).unwrap();
//! }
//! let windows = b.finish().unwrap();
//! let h = high_impact(&windows, 50);
//! let leaders = leaders_by_persistence(&h, 50);
//! assert_eq!(windows.interner.external(leaders[0].user).to_string(), "A");
//! ```

mod error;
#[cfg(feature = "petgraph")]
mod from_petgraph;
mod graph;
mod group;
mod id;
mod pages;
mod rank;
mod ranks;
mod synth;
mod table;
mod time;
mod window;

pub use error::GraphError;
#[cfg(feature = "petgraph")]
pub use from_petgraph::windows_from_petgraph;
pub use graph::{GraphOptions, RetweetEdge, RetweetGraph};
pub use group::GroupId;
pub use id::{ExternalId, Externals, Interner, UserId};
/// The petgraph this crate reads (feature `petgraph`), so that callers build graphs of the
/// same version.
#[cfg(feature = "petgraph")]
pub use petgraph;
pub use rank::{
    Leader, LeaderParams, Ranked, explicit_leaders, high_impact, leaders_by_persistence,
    top_by_impact,
};
pub use ranks::Ranks;
pub use synth::{PAPER_START, SynthEvent, SynthParams, Synthetic, generate};
pub use table::{RowSink, Table, cell, set_cell};
pub use time::{format_time, parse_duration};
pub use window::{DAY, MAX_WINDOWS, Window, WindowSpec, Windows, WindowsBuilder};
