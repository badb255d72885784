//! The aggregated, directed, weighted retweet graph of one window.

use crate::{GraphError, Ranks, UserId};

/// How raw retweet events become graph edges (METHOD.md §1).
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// let e = |s, t, w| RetweetEdge { source: UserId(s), target: UserId(t), weight: w };
/// // Account 3 retweets itself once and is retweeted twice by account 7.
/// let events = [e(3, 3, 1), e(7, 3, 2)];
/// let paper = RetweetGraph::from_edges(&events, GraphOptions::default()).unwrap();
/// assert_eq!((paper.n_edges(), paper.retweets(), paper.self_loops_dropped()), (1, 2, 1));
/// let kept = RetweetGraph::from_edges(&events, GraphOptions::default().with_self_loops(true)).unwrap();
/// assert_eq!((kept.n_edges(), kept.retweets(), kept.self_loops_dropped()), (2, 3, 0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GraphOptions {
    /// Keep self-retweets (source = target) as edges. The paper drops them.
    pub keep_self_loops: bool,
}

impl GraphOptions {
    /// Builder-lite setter for [`GraphOptions::keep_self_loops`]: `true` keeps self-retweets.
    pub fn with_self_loops(mut self, keep: bool) -> Self {
        self.keep_self_loops = keep;
        self
    }
}

/// One raw retweet event between interned users: `source` retweeted `target` `weight` times.
/// [`RetweetGraph::from_edges`] sums the weights of repeated pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetweetEdge {
    /// The account that retweeted.
    pub source: UserId,
    /// The account whose tweet was retweeted.
    pub target: UserId,
    /// Number of retweets.
    pub weight: u32,
}

/// The retweet network of one window: one edge per (source, target) pair with summed weights.
///
/// Nodes are the window's users — every source and every target — numbered locally `0..n` in
/// ascending [`UserId`] order, so a sorted list of local ids maps to a sorted list of user ids.
/// Both directions are stored as CSR with sorted neighbour lists: what a user retweeted
/// ([`RetweetGraph::retweeted`]) and who retweeted a user ([`RetweetGraph::retweeters`], the
/// user's audience in Kolic et al. 2025). Edges cost 16 bytes (target, weight, source, weight).
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// let e = |s, t, w| RetweetEdge { source: UserId(s), target: UserId(t), weight: w };
/// let g = RetweetGraph::from_edges(&[e(0, 1, 1), e(2, 1, 2), e(0, 1, 3)], GraphOptions::default())
///     .unwrap();
/// let one = g.local(UserId(1)).unwrap();
/// assert_eq!(g.impact(one), 6);
/// assert_eq!(g.retweeters(one).len(), 2);
/// assert_eq!(g.n_edges(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetweetGraph {
    users: Vec<UserId>,
    /// Start of each user's out-list in `out_targets` (32-bit: a window has fewer than 2³²
    /// edges, checked when built).
    out_offsets: Vec<u32>,
    out_targets: Vec<u32>,
    out_weights: Vec<u32>,
    in_offsets: Vec<u32>,
    in_sources: Vec<u32>,
    in_weights: Vec<u32>,
    retweets: u64,
    /// Dropped self-retweet rows (set beyond one per event by `WindowsBuilder::push_rows`).
    pub(crate) self_loops_dropped: u64,
}

impl RetweetGraph {
    /// Aggregates raw events into a graph: weights of repeated (source, target) pairs are summed;
    /// self-loops are dropped unless `options` keeps them.
    ///
    /// # Errors
    /// [`GraphError::WeightOverflow`] when a pair's summed weight exceeds `u32::MAX`, and
    /// [`GraphError::TooManyEdges`] for 2³² or more events (after self-loop removal).
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let loop_edge = [RetweetEdge { source: UserId(4), target: UserId(4), weight: 1 }];
    /// let g = RetweetGraph::from_edges(&loop_edge, GraphOptions::default()).unwrap();
    /// assert_eq!(g.n_users(), 0);
    /// assert_eq!(g.self_loops_dropped(), 1);
    /// ```
    pub fn from_edges(edges: &[RetweetEdge], options: GraphOptions) -> Result<Self, GraphError> {
        let keep = |e: &&RetweetEdge| options.keep_self_loops || e.source != e.target;
        let self_loops_dropped = edges.iter().filter(|e| !keep(e)).count() as u64;
        let max_id = edges
            .iter()
            .filter(keep)
            .map(|e| e.source.0.max(e.target.0))
            .max();
        let Some(max_id) = max_id else {
            return Ok(Self {
                out_offsets: vec![0],
                in_offsets: vec![0],
                self_loops_dropped,
                ..Self::default()
            });
        };
        // Local ids are ranks among the users present (kept in cache for the three lookups
        // per edge).
        let mut present = Ranks::new(max_id as usize + 1);
        for e in edges.iter().filter(keep) {
            present.insert(e.source.0);
            present.insert(e.target.0);
        }
        let present = present.counted();
        let users: Vec<UserId> = present.members().map(UserId).collect();
        let local = |user: UserId| present.rank(user.0);
        let n = users.len();
        let kept = edges.len() as u64 - self_loops_dropped;
        if kept > u64::from(u32::MAX) {
            return Err(GraphError::TooManyEdges { edges: kept });
        }

        // Counting sort by source, then sort and merge each row: O(E) plus small row sorts.
        let mut out_offsets = vec![0u32; n + 1];
        for e in edges.iter().filter(keep) {
            out_offsets[local(e.source) as usize + 1] += 1;
        }
        for i in 0..n {
            out_offsets[i + 1] += out_offsets[i];
        }
        let mut cursor = out_offsets.clone();
        let mut packed = vec![0u64; out_offsets[n] as usize];
        for e in edges.iter().filter(keep) {
            let s = local(e.source) as usize;
            packed[cursor[s] as usize] = (u64::from(local(e.target)) << 32) | u64::from(e.weight);
            cursor[s] += 1;
        }
        drop(cursor);
        // Merge each row's duplicates, compacting in place (the write position never passes
        // the read position), then split into exactly sized target and weight arrays.
        let mut retweets = 0u64;
        let mut written = 0;
        for s in 0..n {
            let (start, end) = (out_offsets[s] as usize, out_offsets[s + 1] as usize);
            if end - start > 1 {
                packed[start..end].sort_unstable();
            }
            out_offsets[s] = written as u32;
            let mut i = start;
            while i < end {
                let target = packed[i] >> 32;
                let mut weight = 0u64;
                while i < end && packed[i] >> 32 == target {
                    weight += packed[i] & 0xFFFF_FFFF;
                    i += 1;
                }
                let weight = u32::try_from(weight).map_err(|_| GraphError::WeightOverflow {
                    from: users[s],
                    to: users[target as usize],
                })?;
                retweets += u64::from(weight);
                packed[written] = target << 32 | u64::from(weight);
                written += 1;
            }
        }
        out_offsets[n] = written as u32;
        let out_targets: Vec<u32> = packed[..written]
            .iter()
            .map(|&p| (p >> 32) as u32)
            .collect();
        let out_weights: Vec<u32> = packed[..written].iter().map(|&p| p as u32).collect();
        drop(packed);

        let mut in_offsets = vec![0u32; n + 1];
        for &t in &out_targets {
            in_offsets[t as usize + 1] += 1;
        }
        for i in 0..n {
            in_offsets[i + 1] += in_offsets[i];
        }
        let mut cursor = in_offsets.clone();
        let mut in_sources = vec![0u32; out_targets.len()];
        let mut in_weights = vec![0u32; out_targets.len()];
        for s in 0..n {
            for k in out_offsets[s] as usize..out_offsets[s + 1] as usize {
                let t = out_targets[k] as usize;
                let at = cursor[t] as usize;
                in_sources[at] = s as u32;
                in_weights[at] = out_weights[k];
                cursor[t] += 1;
            }
        }
        Ok(Self {
            users,
            out_offsets,
            out_targets,
            out_weights,
            in_offsets,
            in_sources,
            in_weights,
            retweets,
            self_loops_dropped,
        })
    }

    /// Number of users (sources and targets) in the window.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
    /// // Two retweeters of account 3, one of whom also retweets account 9.
    /// let g = RetweetGraph::from_edges(&[e(7, 3), e(8, 3), e(7, 9)], GraphOptions::default()).unwrap();
    /// assert_eq!(g.n_users(), 4);
    /// ```
    pub fn n_users(&self) -> usize {
        self.users.len()
    }

    /// Number of aggregated (source, target) edges.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
    /// // 7 retweets 3 twice: one edge of weight 2.
    /// let g = RetweetGraph::from_edges(&[e(7, 3), e(7, 3), e(8, 3)], GraphOptions::default()).unwrap();
    /// assert_eq!(g.n_edges(), 2);
    /// ```
    pub fn n_edges(&self) -> usize {
        self.out_targets.len()
    }

    /// Total retweets: the sum of all edge weights.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = |s, t, w| RetweetEdge { source: UserId(s), target: UserId(t), weight: w };
    /// let g = RetweetGraph::from_edges(&[e(7, 3, 2), e(7, 3, 1), e(8, 9, 4), e(5, 5, 6)], GraphOptions::default())
    ///     .unwrap();
    /// assert_eq!(g.retweets(), 7); // the self-retweet of 5 is not counted
    /// ```
    pub fn retweets(&self) -> u64 {
        self.retweets
    }

    /// Retweet events dropped as self-loops while building.
    pub fn self_loops_dropped(&self) -> u64 {
        self.self_loops_dropped
    }

    /// The window's users in ascending id order; position = local id.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
    /// let g = RetweetGraph::from_edges(&[e(9, 2), e(5, 2)], GraphOptions::default()).unwrap();
    /// assert_eq!(g.users(), [UserId(2), UserId(5), UserId(9)]);
    /// assert_eq!(g.local(UserId(9)), Some(2));
    /// ```
    pub fn users(&self) -> &[UserId] {
        &self.users
    }

    /// The user at local id `v`.
    ///
    /// # Panics
    /// When `v` is not a local id of this graph.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(7), target: UserId(3), weight: 1 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.user(0), UserId(3));
    /// ```
    #[inline]
    pub fn user(&self, v: u32) -> UserId {
        self.users[v as usize]
    }

    /// The local id of `user`, if the user takes part in this window.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(7), target: UserId(3), weight: 1 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.local(UserId(7)), Some(1));
    /// assert_eq!(g.local(UserId(5)), None);
    /// ```
    pub fn local(&self, user: UserId) -> Option<u32> {
        self.users.binary_search(&user).ok().map(|i| i as u32)
    }

    /// Whom `v` retweeted: sorted local ids.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 1 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.retweeted(0), &[1]);
    /// ```
    #[inline]
    pub fn retweeted(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.out_targets[self.out_offsets[v] as usize..self.out_offsets[v + 1] as usize]
    }

    /// Weights aligned with [`RetweetGraph::retweeted`].
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 4 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.retweeted_weights(0), &[4]);
    /// ```
    #[inline]
    pub fn retweeted_weights(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.out_weights[self.out_offsets[v] as usize..self.out_offsets[v + 1] as usize]
    }

    /// Who retweeted `v` (its audience): sorted local ids.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 1 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.retweeters(1), &[0]);
    /// ```
    #[inline]
    pub fn retweeters(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.in_sources[self.in_offsets[v] as usize..self.in_offsets[v + 1] as usize]
    }

    /// Weights aligned with [`RetweetGraph::retweeters`].
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 4 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.retweeter_weights(1), &[4]);
    /// ```
    #[inline]
    pub fn retweeter_weights(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.in_weights[self.in_offsets[v] as usize..self.in_offsets[v + 1] as usize]
    }

    /// Impact I_v: retweets `v` received (weighted in-degree, METHOD.md §2).
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 4 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.impact(1), 4);
    /// assert_eq!(g.impact(0), 0);
    /// ```
    #[inline]
    pub fn impact(&self, v: u32) -> u64 {
        self.retweeter_weights(v)
            .iter()
            .map(|&w| u64::from(w))
            .sum()
    }

    /// Every aggregated edge as `(source, target, weight)` in local ids, sorted by source then
    /// target.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let e = [RetweetEdge { source: UserId(0), target: UserId(1), weight: 4 }];
    /// let g = RetweetGraph::from_edges(&e, GraphOptions::default()).unwrap();
    /// assert_eq!(g.edges().collect::<Vec<_>>(), [(0, 1, 4)]);
    /// ```
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        (0..self.n_users() as u32).flat_map(move |s| {
            self.retweeted(s)
                .iter()
                .zip(self.retweeted_weights(s))
                .map(move |(&t, &w)| (s, t, w))
        })
    }

    /// Heap bytes of the graph, for memory reports: 16 per edge plus 12 per user.
    ///
    /// ```
    /// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
    /// let edges: Vec<_> = (1..=100)
    ///     .map(|s| RetweetEdge { source: UserId(s), target: UserId(0), weight: 1 })
    ///     .collect();
    /// let g = RetweetGraph::from_edges(&edges, GraphOptions::default()).unwrap();
    /// assert!(g.heap_bytes() >= 16 * g.n_edges() + 12 * g.n_users());
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.users.capacity() * 4
            + (self.out_offsets.capacity() + self.in_offsets.capacity()) * 4
            + (self.out_targets.capacity()
                + self.out_weights.capacity()
                + self.in_sources.capacity()
                + self.in_weights.capacity())
                * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn edge(s: u32, t: u32, w: u32) -> RetweetEdge {
        RetweetEdge {
            source: UserId(s),
            target: UserId(t),
            weight: w,
        }
    }

    #[test]
    fn overflow_is_an_error() {
        let edges = [edge(0, 1, u32::MAX), edge(0, 1, 1)];
        let err = RetweetGraph::from_edges(&edges, GraphOptions::default()).unwrap_err();
        assert!(matches!(err, GraphError::WeightOverflow { .. }));
    }

    #[test]
    fn self_loops_kept_on_request() {
        let edges = [edge(3, 3, 2), edge(3, 4, 1)];
        let g = RetweetGraph::from_edges(&edges, GraphOptions::default().with_self_loops(true))
            .unwrap();
        assert_eq!(g.n_edges(), 2);
        assert_eq!(g.impact(0), 2);
        assert_eq!(g.retweets(), 3);
    }

    proptest! {
        #[test]
        fn matches_a_map_of_pairs(
            raw in proptest::collection::vec((0u32..12, 0u32..12, 1u32..5), 0..80),
            keep in any::<bool>(),
        ) {
            let edges: Vec<_> = raw.iter().map(|&(s, t, w)| edge(s, t, w)).collect();
            let g = RetweetGraph::from_edges(&edges, GraphOptions { keep_self_loops: keep }).unwrap();
            let mut expected = BTreeMap::new();
            for &(s, t, w) in &raw {
                if keep || s != t {
                    *expected.entry((s, t)).or_insert(0u32) += w;
                }
            }
            let got: BTreeMap<_, _> = g
                .edges()
                .map(|(s, t, w)| ((g.user(s).0, g.user(t).0), w))
                .collect();
            prop_assert_eq!(&got, &expected);
            for v in 0..g.n_users() as u32 {
                let audience: Vec<u32> = g.retweeters(v).iter().map(|&a| g.user(a).0).collect();
                let want: Vec<u32> = expected
                    .keys()
                    .filter(|&&(_, t)| t == g.user(v).0)
                    .map(|&(s, _)| s)
                    .collect();
                prop_assert_eq!(audience, want);
                let impact: u64 = expected
                    .iter()
                    .filter(|&(&(_, t), _)| t == g.user(v).0)
                    .map(|(_, &w)| u64::from(w))
                    .sum();
                prop_assert_eq!(g.impact(v), impact);
            }
        }
    }
}
