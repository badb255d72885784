//! The seeded users × influencers matrix of the CA benchmark (docs/BENCHMARKS.md: 418,907 × 1,000, about
//! 1.36 M non-zeros), shared by the bench and the memory example.
//!
//! Influencers are split into four camps (2 sides × 2 topics); a user belongs to one camp and
//! retweets 2–6 distinct influencers (mean ≈ 3.2), each drawn from its camp's Zipf popularity
//! ranking with probability 0.7, from the other topic of its side with 0.2 and from the other
//! side with 0.1, so the matrix has two clear dimensions above a long noisy spectrum.

use chambers_ideology::CsrMatrix;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};

pub const USERS: usize = 418_907;
pub const INFLUENCERS: usize = 1_000;

pub fn matrix(users: usize, influencers: usize, seed: u64) -> CsrMatrix {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let camp_size = influencers / 4;
    let zipf = Zipf::new(camp_size as f64, 1.0).expect("valid Zipf");
    let mut offsets = Vec::with_capacity(users + 1);
    offsets.push(0);
    let mut indices = Vec::new();
    let mut values = Vec::new();
    let mut row: Vec<u32> = Vec::with_capacity(6);
    for _ in 0..users {
        let camp = rng.random_range(0..4usize);
        let u: f64 = rng.random();
        let degree = match u {
            u if u < 0.40 => 2,
            u if u < 0.65 => 3,
            u if u < 0.80 => 4,
            u if u < 0.92 => 5,
            _ => 6,
        };
        row.clear();
        while row.len() < degree {
            let p: f64 = rng.random();
            let target = if p < 0.7 {
                camp
            } else if p < 0.9 {
                camp ^ 1
            } else {
                camp ^ 2
            };
            let rank = zipf.sample(&mut rng) as usize - 1;
            let j = (target * camp_size + rank) as u32;
            if !row.contains(&j) {
                row.push(j);
            }
        }
        row.sort_unstable();
        for &j in &row {
            indices.push(j);
            let w: f64 = rng.random();
            values.push(if w < 0.7 {
                1.0
            } else if w < 0.9 {
                2.0
            } else {
                3.0
            });
        }
        offsets.push(indices.len());
    }
    indices.shrink_to_fit();
    values.shrink_to_fit();
    CsrMatrix::new(influencers, offsets, indices, values).expect("rows are sorted and distinct")
}
