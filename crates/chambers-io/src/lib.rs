//! Input and output for the chambers workspace: streaming edge readers for CSV/TSV (plain or
//! gzip), Twitter JSONL dumps (API v1.1 and v2, plain or gzip), Parquet and Arrow IPC (feature
//! `parquet`, on by default), all with `file:line` errors; reading into windowed retweet graphs;
//! the canonical edge table in CSV, Parquet or Arrow; and outputs written atomically.
//!
//! Edge direction: **source = the account that retweeted, target = the account whose tweet was
//! retweeted** (Kolic et al. 2025, METHOD.md §1); other interactions read from tweets (quote,
//! reply, mention) likewise go from the acting account to the account acted upon.
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
#[cfg(feature = "parquet")]
mod columnar;
mod convert;
mod csv_edges;
mod error;
mod format;
mod jsonl;
mod load;
mod num;
mod time;
mod write;

pub use atomic::AtomicFile;
#[cfg(feature = "parquet")]
pub use columnar::{ArrowEdgeWriter, ParquetEdgeWriter, read_arrow_edges, read_parquet_edges};
pub use convert::{EdgeFileWriter, convert_edges};
pub use csv_edges::{
    Columns, EdgeRow, ReadOptions, ReadReport, Rejection, delimiter_for, open_input, read_csv_edges,
};
pub use error::{IoError, Problem};
pub use format::{Format, Interaction, Interactions, UnknownName, read_edges};
pub use jsonl::read_jsonl_edges;
pub use load::read_windows;
pub use time::{format_time, parse_time, parse_twitter_time};
pub use write::EdgeTableWriter;
