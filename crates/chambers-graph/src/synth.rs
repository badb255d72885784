//! A seeded generator of retweet events with planted groups, for tests, benchmarks and demos.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};

use crate::{DAY, GraphError, GraphOptions, WindowSpec, Windows, WindowsBuilder};

/// 2019-03-01T00:00:00Z, the start of the paper's first window.
pub const PAPER_START: i64 = 1_551_398_400;

/// Parameters of the planted-polarization generator.
///
/// Users are split into `groups` in proportion to `sizes` (equal groups when `sizes` is empty). Each
/// group ranks its members twice at random: by activity (how often they retweet) and by
/// popularity (how often they are retweeted); both ranks are drawn from Zipf laws, so a few
/// accounts do most of the retweeting and a few receive most retweets. A retweet stays inside
/// the source's group except with probability `cross`, when it goes to another group chosen
/// uniformly. Between windows a fraction `churn` of each ranking is swapped at random, so the
/// top accounts mostly persist while the tail changes.
///
/// ```
/// use chambers_graph::SynthParams;
/// let p = SynthParams::default().users(1_000).events(5_000).cross(0.5).seed(7);
/// assert!(p.check().is_ok());
/// assert!(SynthParams::default().cross(1.5).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SynthParams {
    /// Number of accounts.
    pub users: usize,
    /// Number of retweet events over all windows.
    pub events: usize,
    /// Number of planted groups (≥ 1).
    pub groups: usize,
    /// Relative group sizes, one per group (e.g. `[0.7, 0.3]`); empty for equal groups.
    pub sizes: Vec<f64>,
    /// Number of windows.
    pub windows: usize,
    /// Probability that a retweet crosses to another group (0 = perfectly split; with two
    /// groups, 0.5 = no group structure).
    pub cross: f64,
    /// Zipf exponent of retweeting activity.
    pub activity_exponent: f64,
    /// Zipf exponent of popularity.
    pub popularity_exponent: f64,
    /// Fraction of each ranking reshuffled between consecutive windows.
    pub churn: f64,
    /// Start of the first window (Unix seconds).
    pub start: i64,
    /// Window length in seconds.
    pub window_length: i64,
    /// Random seed; same seed and parameters give the same events.
    pub seed: u64,
}

impl Default for SynthParams {
    fn default() -> Self {
        Self {
            users: 10_000,
            events: 50_000,
            groups: 2,
            sizes: Vec::new(),
            windows: 8,
            cross: 0.03,
            activity_exponent: 1.0,
            popularity_exponent: 1.2,
            churn: 0.1,
            start: PAPER_START,
            window_length: 7 * DAY,
            seed: 1,
        }
    }
}

macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        impl SynthParams {
            $(
                #[doc = concat!("Builder-lite setter for [`SynthParams::", stringify!($field), "`].")]
                pub fn $field(mut self, value: $ty) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

setters!(
    users: usize,
    events: usize,
    groups: usize,
    sizes: Vec<f64>,
    windows: usize,
    cross: f64,
    activity_exponent: f64,
    popularity_exponent: f64,
    churn: f64,
    start: i64,
    window_length: i64,
    seed: u64,
);

impl SynthParams {
    /// Checks the parameters.
    ///
    /// # Errors
    /// [`GraphError::InvalidParameter`] naming the first bad value.
    ///
    /// ```
    /// assert!(chambers_graph::SynthParams::default().users(1).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), GraphError> {
        let bad = |m: String| Err(GraphError::InvalidParameter(m));
        if self.groups == 0 {
            return bad("groups must be at least 1".into());
        }
        if self.users < 2 * self.groups || self.users > u32::MAX as usize {
            return bad(format!(
                "users must be between 2 per group ({}) and 2^32 - 1, got {}",
                2 * self.groups,
                self.users
            ));
        }
        if !self.sizes.is_empty() {
            if self.sizes.len() != self.groups {
                return bad(format!(
                    "{} sizes for {} groups",
                    self.sizes.len(),
                    self.groups
                ));
            }
            if self.sizes.iter().any(|s| !(s.is_finite() && *s > 0.0)) {
                return bad("group sizes must be positive and finite".into());
            }
            if self
                .group_bounds()
                .iter()
                .zip(std::iter::once(&0).chain(&self.group_bounds()))
                .any(|(b, a)| b - a < 2)
            {
                return bad("every group needs at least 2 users".into());
            }
        }
        if self.windows == 0 {
            return bad("windows must be at least 1".into());
        }
        if !(0.0..=1.0).contains(&self.cross) || (self.groups == 1 && self.cross > 0.0) {
            return bad(format!(
                "cross must be in [0, 1] (0 with one group), got {}",
                self.cross
            ));
        }
        if !(0.0..=1.0).contains(&self.churn) {
            return bad(format!("churn must be in [0, 1], got {}", self.churn));
        }
        for (name, s) in [
            ("activity_exponent", self.activity_exponent),
            ("popularity_exponent", self.popularity_exponent),
        ] {
            if !(s.is_finite() && s >= 0.0) {
                return bad(format!("{name} must be finite and non-negative, got {s}"));
            }
        }
        if self.window_length <= 0 {
            return bad(format!(
                "window_length must be positive, got {}",
                self.window_length
            ));
        }
        Ok(())
    }
}

impl SynthParams {
    /// One past the last user index of each group.
    fn group_bounds(&self) -> Vec<usize> {
        let shares = if self.sizes.is_empty() {
            vec![1.0; self.groups]
        } else {
            self.sizes.clone()
        };
        let total: f64 = shares.iter().sum();
        let mut acc = 0.0;
        let mut bounds: Vec<usize> = shares
            .iter()
            .map(|s| {
                acc += s;
                (acc / total * self.users as f64).round() as usize
            })
            .collect();
        if let Some(last) = bounds.last_mut() {
            *last = self.users;
        }
        bounds
    }
}

/// One generated retweet: user indices `0..users` (external id = index + 1) and a time.
///
/// ```
/// use chambers_graph::{generate, SynthParams, DAY};
/// // Perfectly split groups: every retweet stays inside its source's planted group.
/// let p = SynthParams::default().users(100).events(400).windows(2).cross(0.0);
/// let s = generate(&p).unwrap();
/// assert!(s.events.iter().all(|e| s.groups[e.source as usize] == s.groups[e.target as usize]));
/// assert!(s.events.iter().all(|e| e.source != e.target)); // never a self-retweet
/// assert!(s.events.iter().all(|e| (p.start..p.start + 14 * DAY).contains(&e.time)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthEvent {
    /// The retweeting user.
    pub source: u32,
    /// The retweeted user.
    pub target: u32,
    /// Unix seconds.
    pub time: i64,
}

/// Generated events and the planted truth.
///
/// ```
/// use chambers_graph::{generate, SynthParams};
/// let s = generate(&SynthParams::default().users(100).events(500)).unwrap();
/// assert_eq!(s.events.len(), 500);
/// assert_eq!(s.groups.len(), 100);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synthetic {
    /// Events ordered by time.
    pub events: Vec<SynthEvent>,
    /// Planted group of each user index.
    pub groups: Vec<u32>,
}

impl Synthetic {
    /// The events as a windowed dataset, accounts named `index + 1` as `chambers generate`
    /// writes them (so that the planted group of account `id` is `groups[id − 1]`).
    ///
    /// # Errors
    /// The window builder's errors (none for the generator's own times).
    ///
    /// ```
    /// use chambers_graph::{generate, SynthParams, WindowSpec, DAY};
    /// let s = generate(&SynthParams::default().users(500).events(2_000).windows(2)).unwrap();
    /// let w = s.windows(WindowSpec::Fixed { start: None, length: 7 * DAY }).unwrap();
    /// assert_eq!(w.windows.len(), 2);
    /// assert_eq!(w.rows(), 2_000);
    /// ```
    pub fn windows(&self, spec: WindowSpec) -> Result<Windows, GraphError> {
        let mut b = WindowsBuilder::new(spec, GraphOptions::default());
        let (mut source, mut target) = (String::new(), String::new());
        for e in &self.events {
            use std::fmt::Write as _;
            source.clear();
            target.clear();
            write!(source, "{}", u64::from(e.source) + 1).expect("writing to a String");
            write!(target, "{}", u64::from(e.target) + 1).expect("writing to a String");
            b.push_external(&source, &target, 1, Some(e.time))?;
        }
        b.finish()
    }
}

/// Generates retweet events with planted groups (see [`SynthParams`]).
///
/// # Errors
/// [`GraphError::InvalidParameter`] from [`SynthParams::check`].
///
/// ```
/// use chambers_graph::{generate, SynthParams};
/// let p = SynthParams::default().users(200).events(1_000).seed(3);
/// assert_eq!(generate(&p).unwrap(), generate(&p).unwrap());
/// ```
pub fn generate(params: &SynthParams) -> Result<Synthetic, GraphError> {
    params.check()?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let k = params.groups;
    let bounds = params.group_bounds();
    let groups: Vec<u32> = (0..params.users)
        .map(|u| bounds.partition_point(|&b| b <= u) as u32)
        .collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (u, &g) in groups.iter().enumerate() {
        members[g as usize].push(u as u32);
    }
    let shuffled = |rng: &mut Xoshiro256PlusPlus, m: &[u32]| {
        let mut v = m.to_vec();
        fisher_yates(&mut v, rng);
        v
    };
    let mut activity: Vec<Vec<u32>> = members.iter().map(|m| shuffled(&mut rng, m)).collect();
    let mut popularity: Vec<Vec<u32>> = members.iter().map(|m| shuffled(&mut rng, m)).collect();
    let zipf = |n: usize, s: f64| Zipf::new(n as f64, s).expect("checked: n ≥ 2, s ≥ 0");
    let act: Vec<_> = members
        .iter()
        .map(|m| zipf(m.len(), params.activity_exponent))
        .collect();
    let pop: Vec<_> = members
        .iter()
        .map(|m| zipf(m.len(), params.popularity_exponent))
        .collect();

    let mut events = Vec::with_capacity(params.events);
    for w in 0..params.windows {
        if w > 0 {
            for order in activity.iter_mut().chain(popularity.iter_mut()) {
                let swaps = (order.len() as f64 * params.churn / 2.0).round() as usize;
                for _ in 0..swaps {
                    let (i, j) = (
                        rng.random_range(0..order.len()),
                        rng.random_range(0..order.len()),
                    );
                    order.swap(i, j);
                }
            }
        }
        let count =
            params.events / params.windows + usize::from(w < params.events % params.windows);
        let window_start = params.start + w as i64 * params.window_length;
        let first = events.len();
        for _ in 0..count {
            let u = rng.random_range(0..params.users);
            let g = groups[u] as usize;
            let source = activity[g][act[g].sample(&mut rng) as usize - 1];
            let tg = if k > 1 && rng.random_bool(params.cross) {
                (g + 1 + rng.random_range(0..k - 1)) % k
            } else {
                g
            };
            let mut target = popularity[tg][pop[tg].sample(&mut rng) as usize - 1];
            while target == source {
                target = popularity[tg][rng.random_range(0..popularity[tg].len())];
            }
            let time = window_start + rng.random_range(0..params.window_length);
            events.push(SynthEvent {
                source,
                target,
                time,
            });
        }
        events[first..].sort_by_key(|e| e.time);
    }
    Ok(Synthetic { events, groups })
}

fn fisher_yates(v: &mut [u32], rng: &mut Xoshiro256PlusPlus) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.random_range(0..=i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_groups_show_in_the_events() {
        let p = SynthParams::default()
            .users(2_000)
            .events(20_000)
            .cross(0.1);
        let s = generate(&p).unwrap();
        let crossing = s
            .events
            .iter()
            .filter(|e| s.groups[e.source as usize] != s.groups[e.target as usize])
            .count() as f64
            / s.events.len() as f64;
        assert!((crossing - 0.1).abs() < 0.01, "cross fraction {crossing}");
        assert!(s.events.iter().all(|e| e.source != e.target));
        let last = p.start + p.windows as i64 * p.window_length;
        assert!(s.events.iter().all(|e| (p.start..last).contains(&e.time)));
        assert!(s.events.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn group_sizes_follow_the_shares() {
        let p = SynthParams::default()
            .users(1_000)
            .events(2_000)
            .sizes(vec![0.7, 0.3]);
        let s = generate(&p).unwrap();
        assert_eq!(s.groups.iter().filter(|&&g| g == 0).count(), 700);
        assert!(SynthParams::default().sizes(vec![1.0]).check().is_err());
        assert!(
            SynthParams::default()
                .users(10)
                .sizes(vec![0.95, 0.05])
                .check()
                .is_err()
        );
    }

    #[test]
    fn seeds_change_the_events() {
        let p = SynthParams::default().users(300).events(2_000);
        assert_ne!(generate(&p).unwrap(), generate(&p.clone().seed(2)).unwrap());
    }
}
