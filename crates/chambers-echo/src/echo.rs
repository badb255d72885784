//! Echo chambers and the augmented classification of users (METHOD.md §7).

use chambers_graph::{GroupId, RetweetGraph};
use chambers_overlap::WindowChambers;

use crate::{EchoParams, ScoreRule};

/// The side of an account or user.
///
/// ```
/// use chambers_echo::Side;
/// use chambers_graph::GroupId;
/// assert_eq!(Side::A, Side::Group(GroupId::A));
/// assert_eq!(Side::A.group(), Some(GroupId::A));
/// assert_eq!(Side::Both.group(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Side {
    /// One group's side (group A: positive scores; group B: negative scores).
    Group(GroupId),
    /// In more than one augmented echo chamber (users) — cross-group.
    Both,
    /// Scored but within ±η (high-impact accounts).
    Neutral,
}

impl Side {
    /// Group A's side.
    pub const A: Side = Side::Group(GroupId::A);
    /// Group B's side.
    pub const B: Side = Side::Group(GroupId::B);

    /// The group of a one-sided account, `None` for cross-group and neutral ones.
    pub fn group(self) -> Option<GroupId> {
        match self {
            Side::Group(g) => Some(g),
            Side::Both | Side::Neutral => None,
        }
    }

    /// The side's name in outputs: the group's name from `names` (by position; the group's
    /// letter when `names` has none for it), `both` or `neutral`.
    ///
    /// ```
    /// use chambers_echo::Side;
    /// let names = ["believers".to_string(), "skeptics".to_string()];
    /// assert_eq!(Side::B.name(&names), "skeptics");
    /// assert_eq!(Side::Both.name(&names), "both");
    /// ```
    pub fn name(self, names: &[String]) -> String {
        match self {
            Side::Group(g) => names.get(g.index()).cloned().unwrap_or_else(|| g.letter()),
            Side::Both => "both".to_owned(),
            Side::Neutral => "neutral".to_owned(),
        }
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name(&[]))
    }
}

/// A scored high-impact account h: n_hg = |A_h ∩ EC_g| for each group g, and its stance
/// score. With two groups s_h = (n_hA − n_hB) / (n_hA + n_hB) (0 when both counts are 0), in
/// [−1, 1], positive towards A; with more, s_h = (n_h1 − n_h2) / (n_h1 + n_h2) for the largest
/// and second largest counts, in [0, 1]: the margin of the group the audience leans to
/// (METHOD.md §7).
///
/// ```
/// use chambers_echo::{ScoredAccount, Side};
/// let s = ScoredAccount { account: 3, counts: vec![2, 1], score: 1.0 / 3.0, side: Side::Neutral };
/// assert_eq!((s.n_a(), s.n_b()), (2, 1));
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScoredAccount {
    /// Local id in the window's graph.
    pub account: u32,
    /// Audience members in (the scored part of) EC_g, one count per group.
    pub counts: Vec<usize>,
    /// Stance score.
    pub score: f64,
    /// The group whose echo chamber holds the audience by a margin above η, else neutral
    /// (two groups: A when s > η, B when s < −η).
    pub side: Side,
}

impl ScoredAccount {
    /// n_hA: audience members in EC_A.
    pub fn n_a(&self) -> usize {
        self.counts[0]
    }

    /// n_hB: audience members in EC_B.
    pub fn n_b(&self) -> usize {
        self.counts[1]
    }
}

/// Echo chambers and augmented echo chambers of one window (local ids, sorted).
///
/// ```
/// let e = chambers_echo::WindowEcho::default();
/// assert_eq!(e.coverage(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowEcho {
    /// EC_g of each group g: ∪ over the group's active leaders u of A_u ∪ C_u.
    pub ec: Vec<Vec<u32>>,
    /// AEC_g of each group g: EC_g plus the audiences of the accounts scored to g.
    pub aec: Vec<Vec<u32>>,
    /// The scored high-impact accounts.
    pub scored: Vec<ScoredAccount>,
    /// |V_t|: users in the window.
    pub users: usize,
}

impl WindowEcho {
    /// Each user in an augmented echo chamber with its side: the group when it is in that
    /// group's AEC only, both when it is in more than one; sorted by local id.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: vec![vec![1, 2], vec![2, 5]], users: 6, ..Default::default() };
    /// use chambers_echo::Side;
    /// assert_eq!(e.classified(), [(1, Side::A), (2, Side::Both), (5, Side::B)]);
    /// ```
    pub fn classified(&self) -> Vec<(u32, Side)> {
        let mut all: Vec<(u32, Side)> = self
            .aec
            .iter()
            .enumerate()
            .flat_map(|(g, members)| {
                members
                    .iter()
                    .map(move |&v| (v, Side::Group(GroupId::new(g))))
            })
            .collect();
        // Stable: a user's entries stay in group order, so one key run per user.
        all.sort_by_key(|&(v, _)| v);
        let mut out: Vec<(u32, Side)> = Vec::with_capacity(all.len());
        for (v, side) in all {
            match out.last_mut() {
                Some(last) if last.0 == v => last.1 = Side::Both,
                _ => out.push((v, side)),
            }
        }
        out
    }

    /// Coverage |∪_g AEC_g| / |V_t|: the share of the window's users in an augmented echo
    /// chamber, in [0, 1]; `None` for an empty window.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: vec![vec![1, 2], vec![2]], users: 4, ..Default::default() };
    /// assert_eq!(e.coverage(), Some(0.5));
    /// ```
    pub fn coverage(&self) -> Option<f64> {
        (self.users > 0).then(|| self.classified().len() as f64 / self.users as f64)
    }

    /// The paper's coverage Σ_g |AEC_g| / |V_t|, which counts a user in both augmented
    /// echo chambers twice and so exceeds 1 when they overlap much (1.6 on the political-blogs
    /// network); `None` for an empty window.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: vec![vec![1, 2], vec![2]], users: 4, ..Default::default() };
    /// assert_eq!(e.coverage_paper(), Some(0.75));
    /// ```
    pub fn coverage_paper(&self) -> Option<f64> {
        let total: usize = self.aec.iter().map(Vec::len).sum();
        (self.users > 0).then(|| total as f64 / self.users as f64)
    }
}

/// A bitset over a window's users.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Self {
        Self(vec![0; n.div_ceil(64)])
    }

    fn insert_all(&mut self, members: &[u32]) {
        for &v in members {
            self.0[v as usize >> 6] |= 1 << (v & 63);
        }
    }

    fn contains(&self, v: u32) -> bool {
        self.0[v as usize >> 6] >> (v & 63) & 1 == 1
    }

    /// The union of `sets` over `n` users.
    fn union<'a>(sets: impl Iterator<Item = &'a Bits>, n: usize) -> Bits {
        let mut out = Bits::new(n);
        for set in sets {
            for (o, w) in out.0.iter_mut().zip(&set.0) {
                *o |= w;
            }
        }
        out
    }

    fn and_not(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & !b).collect())
    }

    fn members(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for (w, &word) in self.0.iter().enumerate() {
            let mut x = word;
            while x != 0 {
                out.push((w as u32) << 6 | x.trailing_zeros());
                x &= x - 1;
            }
        }
        out
    }
}

/// Echo chambers of a window and the augmented classification (Kolic et al. 2025, METHOD.md §7).
///
/// `group_of[a]` is the group of the active leader at position `a` of `chambers`, among
/// `groups` groups (2 in the paper); `scored` are the local ids of the accounts to score (the
/// paper: H(t) minus all leaders). Scoring always uses the un-augmented echo chambers (one pass),
/// and an account's own id is not added, only its audience. An account joins the group whose
/// echo chamber holds more of its audience than any other by a margin
/// (n_1 − n_2) / (n_1 + n_2) > η; with two groups this is the paper's s > η for A and
/// s < −η for B.
///
/// # Panics
/// When `group_of` does not have one entry per active leader, or names a group ≥ `groups`.
///
/// ```
/// use chambers_echo::{echo_chambers, EchoParams};
/// use chambers_graph::{GroupId, WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a", "L"), ("b", "M"), ("a", "h"), ("x", "h")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let ids = [w.interner.get("L").unwrap(), w.interner.get("M").unwrap()];
/// let a = analyse_chambers(&w, &ChamberParams::default().exclusion(Exclusion::Leaders), Some(&ids)).unwrap();
/// let g = &w.windows[0].graph;
/// let h = g.local(w.interner.get("h").unwrap()).unwrap();
/// let groups = [Some(GroupId::A), Some(GroupId::B)];
/// let e = echo_chambers(g, &a.windows[0], &groups, 2, &[h], &EchoParams::default());
/// assert_eq!(e.scored[0].score, 1.0); // h's audience {a, x}: a is in EC_A only
/// assert!(e.aec[0].contains(&g.local(w.interner.get("x").unwrap()).unwrap()));
/// ```
pub fn echo_chambers(
    graph: &RetweetGraph,
    chambers: &WindowChambers,
    group_of: &[Option<GroupId>],
    groups: usize,
    scored: &[u32],
    params: &EchoParams,
) -> WindowEcho {
    assert_eq!(
        group_of.len(),
        chambers.active.len(),
        "echo_chambers: one group per active leader"
    );
    let n = graph.n_users();
    let mut ec: Vec<Bits> = (0..groups).map(|_| Bits::new(n)).collect();
    for (a, group) in group_of.iter().enumerate() {
        if let Some(g) = *group {
            assert!(g.index() < groups, "echo_chambers: group {g:?} of {groups}");
            let g = g.index();
            ec[g].insert_all(chambers.audiences.get(a));
            ec[g].insert_all(chambers.chambers.get(a));
        }
    }
    let counted: Option<Vec<Bits>> = match params.score {
        ScoreRule::Full => None,
        ScoreRule::Exclusive => Some(
            (0..groups)
                .map(|g| {
                    let others = Bits::union(
                        ec.iter()
                            .enumerate()
                            .filter(|&(o, _)| o != g)
                            .map(|(_, b)| b),
                        n,
                    );
                    ec[g].and_not(&others)
                })
                .collect(),
        ),
    };
    let part = counted.as_ref().unwrap_or(&ec);
    let mut aec: Vec<Bits> = ec.iter().map(|b| Bits(b.0.clone())).collect();
    let scored: Vec<ScoredAccount> = scored
        .iter()
        .map(|&h| {
            let audience = graph.retweeters(h);
            let counts: Vec<usize> = part
                .iter()
                .map(|p| audience.iter().filter(|&&x| p.contains(x)).count())
                .collect();
            let (score, side) = stance(&counts, params.eta);
            if let Side::Group(g) = side {
                aec[g.index()].insert_all(audience);
            }
            ScoredAccount {
                account: h,
                counts,
                score,
                side,
            }
        })
        .collect();
    WindowEcho {
        ec: ec.iter().map(Bits::members).collect(),
        aec: aec.iter().map(Bits::members).collect(),
        scored,
        users: n,
    }
}

/// The stance score and side of an account from its audience counts per group (see
/// [`ScoredAccount`] and [`echo_chambers`]), for a caller that counted them elsewhere (a query
/// engine).
///
/// ```
/// use chambers_echo::{Side, stance};
/// assert_eq!(stance(&[3, 1], 0.4), (0.5, Side::A));
/// assert_eq!(stance(&[1, 3], 0.4), (-0.5, Side::B));
/// ```
pub fn stance(counts: &[usize], eta: f64) -> (f64, Side) {
    // The leading group (ties: the first) and the largest count among the others.
    let (lead, &top) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(g, &c)| (c, std::cmp::Reverse(g)))
        .expect("at least one group");
    let next = counts
        .iter()
        .enumerate()
        .filter(|&(g, _)| g != lead)
        .map(|(_, &c)| c)
        .max()
        .unwrap_or(0);
    let margin = if top + next == 0 {
        0.0
    } else {
        (top as f64 - next as f64) / (top + next) as f64
    };
    let side = if margin > eta {
        Side::Group(GroupId::new(lead))
    } else {
        Side::Neutral
    };
    // Two groups keep the paper's signed score: negative towards B.
    let score = if counts.len() == 2 && lead == 1 {
        -margin
    } else {
        margin
    };
    (score, side)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With two groups the rule is the paper's signed score; with more, the leading group by a
    /// margin above η (ties lead nowhere).
    #[test]
    fn stance_of_two_and_three_groups() {
        assert_eq!(stance(&[3, 1], 0.4), (0.5, Side::A));
        assert_eq!(stance(&[1, 3], 0.4), (-0.5, Side::B));
        assert_eq!(stance(&[2, 1], 0.4), (1.0 / 3.0, Side::Neutral));
        assert_eq!(stance(&[0, 0], 0.0), (0.0, Side::Neutral));
        assert_eq!(stance(&[1, 6, 2], 0.5), (0.5, Side::Neutral));
        assert_eq!(stance(&[1, 7, 2], 0.5), (5.0 / 9.0, Side::B));
        assert_eq!(stance(&[0, 4, 4], 0.0), (0.0, Side::Neutral));
        assert_eq!(stance(&[0, 0, 5], 0.9), (1.0, Side::Group(GroupId::new(2))));
    }

    /// With two groups the margin rule is the paper's formula to the bit: s = (n_A − n_B) /
    /// (n_A + n_B), A when s > η, B when s < −η.
    #[test]
    fn two_groups_are_the_papers_signed_score() {
        for n_a in 0..40usize {
            for n_b in 0..40usize {
                for eta in [0.0, 0.2, 0.5, 0.9] {
                    let s = if n_a + n_b == 0 {
                        0.0
                    } else {
                        (n_a as f64 - n_b as f64) / (n_a + n_b) as f64
                    };
                    let side = if s > eta {
                        Side::A
                    } else if s < -eta {
                        Side::B
                    } else {
                        Side::Neutral
                    };
                    let (score, got) = stance(&[n_a, n_b], eta);
                    assert_eq!(
                        (score.to_bits(), got),
                        (s.to_bits(), side),
                        "{n_a} {n_b} {eta}"
                    );
                }
            }
        }
    }

    /// A user in one AEC has that group's side, in several `both`, whatever the group count.
    #[test]
    fn classified_with_three_groups() {
        let e = WindowEcho {
            aec: vec![vec![1, 4], vec![2, 4, 7], vec![3, 7, 9]],
            users: 10,
            ..Default::default()
        };
        let c = |g: usize| Side::Group(GroupId::new(g));
        assert_eq!(
            e.classified(),
            [
                (1, c(0)),
                (2, c(1)),
                (3, c(2)),
                (4, Side::Both),
                (7, Side::Both),
                (9, c(2))
            ]
        );
        assert_eq!(e.coverage(), Some(0.6));
        assert_eq!(e.coverage_paper(), Some(0.8));
    }
}
