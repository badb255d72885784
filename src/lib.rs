//! **chambers** measures polarization in retweet (or any interaction) networks with the
//! second-neighbour method of Kolic, Aguirre-López, Hernández-Williams and Garduño-Hernández,
//! *From chambers to echo chambers: quantifying polarization with a second-neighbor approach
//! applied to Twitter's climate discussion*, Journal of Complex Networks 13(4), 2025
//! (arXiv 2206.14501).
//!
//! For each influential account (a *leader*), its *chamber* is the set of accounts its audience
//! also retweets; chambers of same-side leaders overlap strongly and cross-side ones barely.
//! This facade re-exports the stage crates and a small [`prelude`].
//!
//! Edge direction everywhere: **source = the account that retweeted, target = the account whose
//! tweet was retweeted**.
//!
//! The whole method in three steps — read the files into windows, run the [`Analysis`], read the
//! [`Report`] — here on a file of ten retweets:
//!
//! ```
//! use chambers::prelude::*;
//! # fn main() -> Result<(), chambers::Error> {
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("retweets.csv");
//! std::fs::write(&path, "source,target\n\
//!     a1,L1\na1,x\na2,L2\na2,x\na3,L1\na3,x\nb1,L3\nb1,y\nb2,L4\nb2,y\n").unwrap();
//!
//! // 1. Files → windows (one window here; `WindowSpec::Fixed` cuts weeks).
//! let (windows, read) =
//!     read_windows(&[&path], WindowSpec::Single, GraphOptions::default(), &ReadOptions::default())?;
//! assert_eq!(read.rows, 10);
//!
//! // 2. The analysis with the paper's parameters (a lighter null model for the example).
//! let params = AnalysisParams::default()
//!     .chambers(ChamberParams::default().exclusion(Exclusion::Leaders))
//!     .null_realisations(2)
//!     .ideology(None);
//! let report = Analysis::new(params).run(&windows)?;
//!
//! // 3. The report: headline figures, and tables keyed by the input's own account ids.
//! println!("P = {:?}, controversy {}", report.summary.polarization, report.summary.controversy);
//! let names = ["A".to_string(), "B".to_string()];
//! let tables = report.tables(&windows, &names);
//! let leaders = tables.iter().find(|t| t.name() == "leaders").unwrap();
//! assert!(leaders.collect().unwrap().iter().any(|row| row[0] == "L1"));
//! # Ok(())
//! # }
//! ```
//!
//! [`Analysis`]: chambers_echo::Analysis
//! [`Report`]: chambers_echo::Report

mod error;

#[cfg(feature = "datafusion")]
pub use chambers_datafusion as datafusion;
pub use chambers_echo as echo;
pub use chambers_graph as graph;
pub use chambers_ideology as ideology;
pub use chambers_io as io;
pub use chambers_overlap as overlap;
pub use chambers_stats as stats;
pub use error::Error;

/// The types most programs need.
pub mod prelude {
    pub use chambers_echo::{Analysis, AnalysisParams, Report, Side};
    pub use chambers_graph::{
        GraphOptions, GroupId, Interner, Leader, LeaderParams, Ranked, RetweetGraph, SynthParams,
        Table, UserId, WindowSpec, Windows, WindowsBuilder, generate, high_impact,
        leaders_by_persistence,
    };
    pub use chambers_io::{Columns, ReadOptions, read_windows};
    pub use chambers_overlap::{ChamberParams, Exclusion};
}

/// The README's examples run as doctests, so the embedding snippet stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
