//! Runnable examples of the chambers library, kept in a package of their own.
//!
//! The package exists for its `examples/`, so that their dependencies never reach the
//! `chambers` package's release build; the library holds what several examples share
//! ([`PlantedTruth`]). Run one with
//!
//! ```text
//! cargo run --release -p chambers-examples --example higgs_one_window
//! cargo run --release -p chambers-examples --example planted_truth -- 1 2 3
//! cargo run --release -p chambers-examples --example controversy_validation
//! cargo run --release -p chambers-examples --example petgraph_sprs --features interop
//! cargo run --release -p chambers-examples --example convert -- edges.csv edges.parquet
//! cargo run --release -p chambers-examples --example ca_memory -- gram
//! ```

use chambers::graph::{GroupId, Synthetic, UserId, Windows};
use chambers::prelude::Report;

/// The planted truth of generated data, to score an analysis against: which planted group
/// each account belongs to, and which planted group group A found.
pub struct PlantedTruth<'a> {
    synthetic: &'a Synthetic,
    windows: &'a Windows,
    /// The planted group of group A's first leader.
    pub a_side: u32,
    /// Leaders whose group matches their planted group (A ↔ `a_side`).
    pub split_right: usize,
}

impl<'a> PlantedTruth<'a> {
    /// Scores the leader split of `report`, an analysis of `windows` built from `synthetic`.
    ///
    /// # Errors
    /// When no leader is in group A, or an account id is not the generator's number.
    pub fn new(
        synthetic: &'a Synthetic,
        windows: &'a Windows,
        report: &Report,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let mut truth = Self {
            synthetic,
            windows,
            a_side: 0,
            split_right: 0,
        };
        let Some(first) = report.leaders.iter().find(|l| l.group == Some(GroupId::A)) else {
            return Err("no leader in group A".into());
        };
        truth.a_side = truth.group(first.user)?;
        for l in &report.leaders {
            let planted_a = truth.group(l.user)? == truth.a_side;
            truth.split_right += usize::from((l.group == Some(GroupId::A)) == planted_a);
        }
        Ok(truth)
    }

    /// The planted group of `user`.
    ///
    /// # Errors
    /// When the account id is not the generator's number.
    pub fn group(&self, user: UserId) -> Result<u32, Box<dyn std::error::Error>> {
        let id: usize = self.windows.interner.external(user).to_string().parse()?;
        Ok(self.synthetic.groups[id - 1])
    }
}
