//! Input and output for the chambers workspace: streaming edge readers for CSV/TSV (plain or
//! gzip), Twitter JSONL dumps (API v1.1 and v2, plain or gzip), Bluesky records (Jetstream,
//! listRecords) and Mastodon statuses (plain or gzip), Parquet and Arrow IPC (feature
//! `parquet`, on by default), all with `file:line` errors; reading into windowed retweet graphs;
//! the canonical edge table in CSV, Parquet or Arrow; and outputs written atomically.
//!
//! Edge direction: **source = the account that retweeted, target = the account whose tweet was
//! retweeted** (Kolic et al. 2025, METHOD.md §1); other interactions read from tweets (quote,
//! reply, mention) likewise go from the acting account to the account acted upon.
//!
//! Modules, one job each:
//! * `rows`: the vocabulary every reader shares ([`ReadOptions`], [`Columns`], [`EdgeRow`],
//!   [`Rejection`], [`ReadReport`], [`open_input`], [`delimiter_for`]);
//! * `read`: one reader per format ([`read_csv_edges`], [`read_jsonl_edges`],
//!   [`read_bluesky_edges`], [`read_mastodon_edges`], `read_parquet_edges`,
//!   `read_arrow_edges`) and [`read_edges`], which picks one (JSON files by their content);
//! * `write`: one writer per format of the canonical edge table ([`EdgeTableWriter`],
//!   `ParquetEdgeWriter`, `ArrowEdgeWriter`), all [`EdgeWrite`], and [`EdgeFileWriter`],
//!   which picks one by the output's name;
//! * [`convert_edges`] (any inputs to one edge table) and [`read_windows`] (inputs to
//!   windowed graphs);
//! * [`IoError`] and [`Problem`], which keep underlying errors as their sources;
//! * [`Format`] and [`Interactions`], the names of formats and interaction kinds;
//!   [`parse_time`] and [`format_time`]; [`AtomicFile`].
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
mod convert;
mod error;
mod format;
mod load;
mod num;
mod read;
mod rows;
mod summary;
mod time;
mod write;

pub use atomic::AtomicFile;
pub use chambers_graph::format_time;
pub use convert::{convert_edges, convert_edges_each, convert_edges_for};
pub use error::{IoError, NoEdges, Problem};
pub use format::{Format, Interaction, Interactions, UnknownName};
pub use load::{EdgeInput, InputSummary, read_windows};
#[cfg(feature = "parquet")]
pub use read::{RecordBatches, read_arrow_edges, read_parquet_edges};
pub use read::{
    read_bluesky_edges, read_csv_edges, read_edges, read_jsonl_edges, read_mastodon_edges,
};
pub use rows::{Columns, EdgeRow, ReadOptions, ReadReport, Rejection, delimiter_for, open_input};
pub use summary::{EdgeSummary, TopAccount, WindowSummary, summarise_edges};
pub use time::{FAR_FUTURE, TimeUnit, parse_time, parse_time_in, parse_twitter_time};
#[cfg(feature = "parquet")]
pub use write::{
    ArrowEdgeWriter, ParquetEdgeWriter, for_each_table_batch, table_ipc, table_schema,
    write_table_parquet,
};
pub use write::{EdgeFileWriter, EdgeTableWriter, EdgeWrite};
