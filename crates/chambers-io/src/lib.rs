//! Input and output for the chambers workspace: a streaming CSV/TSV edge reader (plain or gzip)
//! with file:line errors, reading into windowed retweet graphs, the canonical edge table, and
//! outputs written atomically.
//!
//! Edge direction: **source = the account that retweeted, target = the account whose tweet was
//! retweeted** (Kolic et al. 2025, method.md §1).
//!
//! ```
//! use chambers_graph::WindowSpec;
//! use chambers_io::{read_windows, ReadOptions};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("rt.csv");
//! std::fs::write(&path, "source,target,weight\nann,bob,3\n").unwrap();
//! let (w, _) = read_windows(&[&path], WindowSpec::Single, Default::default(), &ReadOptions::default())
//!     .unwrap();
//! assert_eq!(w.windows[0].graph.retweets(), 3);
//! ```

mod atomic;
mod csv_edges;
mod error;
mod load;
mod time;
mod write;

pub use atomic::AtomicFile;
pub use csv_edges::{
    Columns, EdgeRow, ReadOptions, ReadReport, Rejection, delimiter_for, open_input, read_csv_edges,
};
pub use error::{IoError, Problem};
pub use load::read_windows;
pub use time::{format_time, parse_time};
pub use write::EdgeTableWriter;
