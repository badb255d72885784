//! Latent ideology for the chambers workspace: correspondence analysis of the users ×
//! influencers retweet matrix, the benchmark model that Kolic et al. (*From chambers to echo
//! chambers: quantifying polarization with a second-neighbor approach applied to Twitter's
//! climate discussion*, J. Complex Networks 13(4), 2025, arXiv 2206.14501) compare their
//! echo-chamber classification with.
//!
//! The model follows Barberá (*Political Analysis* 23, 2015) in its correspondence-analysis
//! form, as used by Flamino et al. (*Nature Human Behaviour* 7, 2023) and Falkenberg et al.
//! (*Nature Climate Change* 12, 2022):
//! * [`select_influencers`]: the top m accounts by distinct retweeters (paper: 300);
//! * users: sources that retweeted at least n of them (paper: 2); A_ij = retweet counts;
//! * [`correspondence_analysis`] on a sparse [`CsrMatrix`] without ever forming the dense
//!   standardised residual: a dense Gram eigenproblem for up to a few thousand influencers,
//!   a thick-restart Lanczos method beyond ([`Method`]);
//! * user score = first row standard coordinate, min–max scaled to [−1, 1]; influencer score =
//!   column coordinate and the median of its retweeters' scores;
//! * orientation by an anchor account or a labelled grouping ([`Orientation`]);
//! * supplementary users projected onto a fit ([`LatentIdeology::project`]).
//!
//! Results do not depend on the number of threads: every parallel sum has a fixed order, and
//! the dense eigensolver runs sequentially.
//!
//! ```
//! use chambers_graph::{WindowSpec, WindowsBuilder};
//! use chambers_ideology::{latent_ideology, IdeologyParams};
//! // The latent-ideology toy of the method notes (§10): u5 retweeted one influencer only.
//! let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
//! for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
//!                   ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)] {
//!     let (s, t) = (b.intern(s), b.intern(t));
//!     b.push(s, t, w, None).unwrap();
//! }
//! let w = b.finish().unwrap();
//! let li = latent_ideology(&w.windows[0].graph, &w.interner, &IdeologyParams::default()).unwrap();
//! let scores: Vec<f64> = li.users.iter().map(|u| u.score_scaled).collect();
//! let sign = scores[0].signum(); // orientation aside, u1 is at one end
//! let want = [-1.0, -0.272, 1.0, 0.852];
//! assert!(scores.iter().zip(want).all(|(s, w)| (s * -sign - w).abs() < 5e-4));
//! ```

mod ca;
mod error;
mod ideology;
mod matrix;
mod scores;
mod solver;
mod tables;

pub use ca::{Correspondence, correspondence_analysis};
pub use error::IdeologyError;
pub use ideology::{
    IdeologyCounts, IdeologyParams, InfluencerScore, LatentIdeology, Orientation, OrientedBy,
    Projection, ScoreScale, latent_ideology, select_influencers,
};
pub use matrix::CsrMatrix;
pub use scores::{UserScore, UserScores};
pub use solver::{Convergence, Method, SolverParams};
pub use tables::ideology_tables;
