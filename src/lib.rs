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
//! ```
//! use chambers::prelude::*;
//! let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
//! for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("a3", "B")] {
//!     let (s, t) = (b.intern(s), b.intern(t));
//!     b.push(s, t, 1, None).unwrap();
//! }
//! let windows = b.finish().unwrap();
//! let h = high_impact(&windows, LeaderParams::default().top_n);
//! let leaders = leaders_by_persistence(&h, LeaderParams::default().leaders);
//! assert_eq!(leaders.len(), 2);
//! ```

pub use chambers_echo as echo;
pub use chambers_graph as graph;
pub use chambers_ideology as ideology;
pub use chambers_io as io;
pub use chambers_overlap as overlap;
pub use chambers_stats as stats;

/// The types most programs need.
pub mod prelude {
    pub use chambers_echo::{Analysis, AnalysisParams, Report};
    pub use chambers_graph::{
        GraphOptions, Interner, Leader, LeaderParams, Ranked, RetweetGraph, SynthParams, UserId,
        WindowSpec, Windows, WindowsBuilder, generate, high_impact, leaders_by_persistence,
    };
    pub use chambers_io::{Columns, ReadOptions, read_windows};
}

/// The README's examples run as doctests, so the embedding snippet stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
