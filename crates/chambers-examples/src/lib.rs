//! Runnable examples of the chambers library, kept in a package of their own.
//!
//! This library is empty on purpose: the package exists for its `examples/`, so that their
//! dependencies never reach the `chambers` package's release build. Run one with
//!
//! ```text
//! cargo run --release -p chambers-examples --example higgs_one_window
//! cargo run --release -p chambers-examples --example planted_truth -- 1 2 3
//! cargo run --release -p chambers-examples --example controversy_validation
//! cargo run --release -p chambers-examples --example petgraph_sprs --features interop
//! cargo run --release -p chambers-examples --example convert -- edges.csv edges.parquet
//! cargo run --release -p chambers-examples --example ca_memory -- gram
//! ```
