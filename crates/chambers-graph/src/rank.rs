//! Impact rankings: high-impact users per window and leaders by persistence (METHOD.md §2).

use rayon::prelude::*;

use crate::{GraphError, Interner, RetweetGraph, UserId, Windows};

/// An account and the retweets it received in a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    /// The account.
    pub user: UserId,
    /// Its impact I_u(t), the retweets it received.
    pub impact: u64,
}

/// The top `n` accounts of a window by impact: H(t) of Kolic et al. (2025).
///
/// Ties break by the external id in byte order, so the result does not depend on input order.
/// Accounts that received no retweet are never ranked, so fewer than `n` may come back.
///
/// ```
/// use chambers_graph::{top_by_impact, WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("s", "b", 1, None).unwrap();
/// b.push_external("s", "a", 1, None).unwrap();
/// let w = b.finish().unwrap();
/// let top = top_by_impact(&w.windows[0].graph, &w.interner, 5);
/// // a and b tie at one retweet each: byte order of the ids decides.
/// let names: Vec<String> = top.iter().map(|r| w.interner.external(r.user).to_string()).collect();
/// assert_eq!(names, ["a", "b"]);
/// ```
pub fn top_by_impact(graph: &RetweetGraph, interner: &Interner, n: usize) -> Vec<Ranked> {
    let mut all: Vec<Ranked> = (0..graph.n_users() as u32)
        .map(|v| Ranked {
            user: graph.user(v),
            impact: graph.impact(v),
        })
        .filter(|r| r.impact > 0)
        .collect();
    if n == 0 {
        return Vec::new();
    }
    if all.len() > n {
        // Keep every account tied with the n-th impact, then order those by id.
        all.select_nth_unstable_by(n - 1, |a, b| b.impact.cmp(&a.impact));
        let threshold = all[n - 1].impact;
        all.retain(|r| r.impact >= threshold);
    }
    all.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| interner.cmp_external(a.user, b.user))
    });
    all.truncate(n);
    all
}

/// H(t) for every window, computed in parallel.
///
/// ```
/// use chambers_graph::{high_impact, WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
/// b.start_file("week1.csv");
/// b.push_external("u1", "@a", 5, None).unwrap();
/// b.push_external("u2", "@b", 3, None).unwrap();
/// b.start_file("week2.csv");
/// b.push_external("u1", "@b", 4, None).unwrap();
/// b.push_external("u3", "@b", 2, None).unwrap();
/// let w = b.finish().unwrap();
/// let h = high_impact(&w, 1);
/// let top: Vec<String> = h.iter().map(|r| w.interner.external(r[0].user).to_string()).collect();
/// assert_eq!(top, ["@a", "@b"]);
/// assert_eq!(h[1][0].impact, 6);
/// ```
pub fn high_impact(windows: &Windows, n: usize) -> Vec<Vec<Ranked>> {
    windows
        .windows
        .par_iter()
        .map(|w| top_by_impact(&w.graph, &windows.interner, n))
        .collect()
}

/// How leaders are chosen: the paper's N = 50 high-impact accounts per window and M = 50 leaders.
///
/// ```
/// use chambers_graph::{high_impact, leaders_by_persistence, LeaderParams, WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::PerFile, Default::default());
/// for (file, impacts) in [("week1.csv", [("@a", 5), ("@b", 3), ("@c", 1)]), ("week2.csv", [("@b", 6), ("@c", 4), ("@a", 1)])] {
///     b.start_file(file);
///     for (i, (leader, n)) in impacts.into_iter().enumerate() {
///         b.push_external(&format!("u{i}"), leader, n, None).unwrap();
///     }
/// }
/// let w = b.finish().unwrap();
/// // With N = 2 only @b is high-impact in both weeks; with the paper's N = 50 all three are.
/// let p = LeaderParams::default().top_n(2).leaders(1);
/// assert!(p.check().is_ok());
/// let leaders = leaders_by_persistence(&high_impact(&w, p.top_n), p.leaders);
/// assert_eq!(leaders.len(), 1);
/// assert_eq!(w.interner.external(leaders[0].user).to_string(), "@b");
/// assert!(LeaderParams::default().leaders(0).check().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeaderParams {
    /// N: size of the high-impact set H(t) of each window.
    pub top_n: usize,
    /// M: number of leaders, the most persistent high-impact accounts.
    pub leaders: usize,
}

impl Default for LeaderParams {
    fn default() -> Self {
        Self {
            top_n: 50,
            leaders: 50,
        }
    }
}

impl LeaderParams {
    /// Builder-lite setter for [`LeaderParams::top_n`], N.
    pub fn top_n(mut self, n: usize) -> Self {
        self.top_n = n;
        self
    }

    /// Builder-lite setter for [`LeaderParams::leaders`], M.
    pub fn leaders(mut self, m: usize) -> Self {
        self.leaders = m;
        self
    }

    /// Checks that both sizes are positive.
    ///
    /// # Errors
    /// [`GraphError::InvalidParameter`] naming the bad value.
    ///
    /// ```
    /// assert!(chambers_graph::LeaderParams::default().top_n(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), GraphError> {
        if self.top_n == 0 {
            return Err(GraphError::InvalidParameter(
                "top_n must be at least 1".into(),
            ));
        }
        if self.leaders == 0 {
            return Err(GraphError::InvalidParameter(
                "leaders must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// A leader: an account analysed in every window where it is high-impact.
///
/// ```
/// use chambers_graph::{leaders_by_persistence, Ranked, UserId};
/// let r = |u, i| Ranked { user: UserId(u), impact: i };
/// // H(t) of three windows: account 8 enters in window 1, at rank 2, and stays.
/// let h = vec![vec![r(5, 9)], vec![r(5, 7), r(8, 4)], vec![r(8, 6)]];
/// let eight = leaders_by_persistence(&h, 2)[1];
/// assert_eq!(eight.user, UserId(8));
/// assert_eq!((eight.rank, eight.persistence), (2, 2)); // tied with 5, which entered earlier
/// assert_eq!((eight.first_window, eight.first_rank), (Some(1), Some(2)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Leader {
    /// The account.
    pub user: UserId,
    /// 1-based position in the leader list.
    pub rank: usize,
    /// Number of windows in which the account is in H(t).
    pub persistence: usize,
    /// The first window in which it entered H(t).
    pub first_window: Option<usize>,
    /// Its 1-based rank in H(t) of that window.
    pub first_rank: Option<usize>,
}

/// Leaders = the top `m` accounts by persistence (METHOD.md §2).
///
/// Ties break by the earliest window in which the account first entered H(t), then by its rank
/// there: a stable sort over first-seen order, as the authors' code does.
///
/// ```
/// use chambers_graph::{leaders_by_persistence, Ranked, UserId};
/// let r = |u, i| Ranked { user: UserId(u), impact: i };
/// let h = vec![vec![r(5, 9), r(6, 3)], vec![r(6, 8), r(7, 1)]];
/// let leaders = leaders_by_persistence(&h, 2);
/// assert_eq!(leaders.iter().map(|l| l.user.0).collect::<Vec<_>>(), [6, 5]);
/// assert_eq!(leaders[0].persistence, 2);
/// ```
pub fn leaders_by_persistence(high_impact: &[Vec<Ranked>], m: usize) -> Vec<Leader> {
    let mut seen: Vec<Leader> = Vec::new();
    let mut position = hashbrown::HashMap::new();
    for (t, top) in high_impact.iter().enumerate() {
        for (r, ranked) in top.iter().enumerate() {
            let i = *position.entry(ranked.user).or_insert_with(|| {
                seen.push(Leader {
                    user: ranked.user,
                    rank: 0,
                    persistence: 0,
                    first_window: Some(t),
                    first_rank: Some(r + 1),
                });
                seen.len() - 1
            });
            seen[i].persistence += 1;
        }
    }
    seen.sort_by_key(|l| std::cmp::Reverse(l.persistence));
    seen.truncate(m);
    for (i, l) in seen.iter_mut().enumerate() {
        l.rank = i + 1;
    }
    seen
}

/// Leaders given explicitly (METHOD.md §10: the API must accept a leader list), in the order
/// given, with their persistence in `high_impact`.
///
/// ```
/// use chambers_graph::{explicit_leaders, Ranked, UserId};
/// let h = vec![vec![Ranked { user: UserId(1), impact: 4 }]];
/// let l = explicit_leaders(&[UserId(3), UserId(1)], &h);
/// assert_eq!((l[0].persistence, l[1].persistence), (0, 1));
/// assert_eq!(l[1].rank, 2);
/// ```
pub fn explicit_leaders(users: &[UserId], high_impact: &[Vec<Ranked>]) -> Vec<Leader> {
    users
        .iter()
        .enumerate()
        .map(|(i, &user)| {
            let mut leader = Leader {
                user,
                rank: i + 1,
                persistence: 0,
                first_window: None,
                first_rank: None,
            };
            for (t, top) in high_impact.iter().enumerate() {
                if let Some(r) = top.iter().position(|x| x.user == user) {
                    leader.persistence += 1;
                    if leader.first_window.is_none() {
                        leader.first_window = Some(t);
                        leader.first_rank = Some(r + 1);
                    }
                }
            }
            leader
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GraphOptions, WindowSpec, WindowsBuilder};
    use proptest::prelude::*;

    fn build(rows: &[(String, String, u32, i64)]) -> Windows {
        let spec = WindowSpec::Fixed {
            start: Some(0),
            length: 10,
        };
        let mut b = WindowsBuilder::new(spec, GraphOptions::default());
        for (s, t, w, time) in rows {
            let (s, t) = (b.intern(s), b.intern(t));
            b.push(s, t, *w, Some(*time)).unwrap();
        }
        b.finish().unwrap()
    }

    fn names(w: &Windows, users: impl Iterator<Item = UserId>) -> Vec<String> {
        users.map(|u| w.interner.external(u).to_string()).collect()
    }

    #[test]
    fn ties_break_by_id_bytes() {
        let rows: Vec<_> = [("s", "9"), ("s", "10"), ("s", "b"), ("t", "b")]
            .iter()
            .map(|(s, t)| (s.to_string(), t.to_string(), 1, 0))
            .collect();
        let w = build(&rows);
        let top = top_by_impact(&w.windows[0].graph, &w.interner, 2);
        assert_eq!(names(&w, top.iter().map(|r| r.user)), ["b", "10"]);
    }

    proptest! {
        /// Rankings depend on the events, not on the order of the input rows.
        #[test]
        fn rankings_ignore_row_order(
            raw in proptest::collection::vec((0u8..15, 0u8..15, 1u32..4, 0i64..30), 1..120),
            seed in any::<u64>(),
        ) {
            use rand::{SeedableRng, seq::SliceRandom};
            let rows: Vec<_> = raw
                .iter()
                .map(|&(s, t, w, time)| (format!("u{s}"), format!("{t}"), w, time))
                .collect();
            let mut shuffled = rows.clone();
            shuffled.shuffle(&mut rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed));
            let (a, b) = (build(&rows), build(&shuffled));
            let (ha, hb) = (high_impact(&a, 4), high_impact(&b, 4));
            for (x, y) in ha.iter().zip(&hb) {
                prop_assert_eq!(
                    names(&a, x.iter().map(|r| r.user)),
                    names(&b, y.iter().map(|r| r.user))
                );
            }
            let (la, lb) = (leaders_by_persistence(&ha, 3), leaders_by_persistence(&hb, 3));
            prop_assert_eq!(
                names(&a, la.iter().map(|l| l.user)),
                names(&b, lb.iter().map(|l| l.user))
            );
        }
    }
}
