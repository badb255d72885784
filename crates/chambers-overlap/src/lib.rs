//! Audiences, chambers and chamber overlaps — the core of the second-neighbour method of Kolic,
//! Aguirre-López, Hernández-Williams and Garduño-Hernández, *From chambers to echo chambers:
//! quantifying polarization with a second-neighbor approach applied to Twitter's climate
//! discussion*, J. Complex Networks 13(4), 2025 (arXiv 2206.14501).
//!
//! For a leader u in window t: its audience A_u(t) is who retweeted u; its chamber C_u(t) is
//! what that audience retweeted, minus an exclusion set; two leaders' chambers overlap by
//! q_uv(t) = |C_u ∩ C_v| / |C_u ∪ C_v|.
//!
//! Kernels: [`chambers`] (K1, bitset marking per leader) and [`pair_counts`] (K2, hybrid
//! bitset/pair counting into a dense k × k matrix). Both have serial twins and give the same
//! result for any thread count.
//!
//! ```
//! use chambers_graph::{WindowSpec, WindowsBuilder};
//! use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
//! // The toy vectors of METHOD.md §10.
//! let edges = [("a1","A",2),("a1","X",1),("a2","A",1),("a2","B",1),("a2","Y",3),("a3","B",1),
//!     ("a3","X",1),("c1","C",1),("c1","Z",1),("c2","C",2),("c2","Z",1),("c2","X",1),("h1","H",1),
//!     ("a1","H",1),("a3","H",1),("c1","H",1)];
//! let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
//! for (s, t, w) in edges {
//!     b.push_external(s, t, w, None).unwrap();
//! }
//! let w = b.finish().unwrap();
//! let leaders: Vec<_> = ["A", "B", "C"].iter().map(|x| w.interner.get(x).unwrap()).collect();
//! let params = ChamberParams::default().exclusion(Exclusion::Leaders);
//! let a = analyse_chambers(&w, &params, Some(&leaders)).unwrap();
//! let q = a.windows[0].matrix(Measure::Jaccard);
//! assert_eq!([q[1], q[2], q[5]], [1.0, 0.5, 0.5]); // AB, AC, BC
//! ```

mod aggregate;
mod analysis;
mod error;
mod kernel;
mod params;
mod sets;
#[cfg(feature = "sprs")]
mod sparse;
mod sub_chambers;
mod tables;

pub use aggregate::{AggregateOverlap, sub_chamber_overlap};
pub use analysis::{
    ChamberAnalysis, WindowChambers, analyse_chambers, exclusion_set, window_chambers,
};
pub use error::OverlapError;
pub use kernel::{
    audiences, chambers, chambers_by, chambers_serial, pair_counts, pair_counts_serial,
};
pub use params::{ChamberParams, Exclusion, Measure};
pub use sets::{PairCounts, SetFamily};
/// The sprs this crate writes (feature `sprs`), so that callers use matrices of the same
/// version.
#[cfg(feature = "sprs")]
pub use sprs;
pub use sub_chambers::sub_chamber_overlaps;
pub use tables::{
    ChamberCounts, LeaderColumns, LeaderImpact, chamber_table, leader_impact_table, leader_table,
    overlap_table,
};
