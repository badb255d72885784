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

/// A scored high-impact account h: n_hg = |A_h ∩ EC_g| and the stance score
/// s_h = (n_hA − n_hB) / (n_hA + n_hB), 0 when both counts are 0.
///
/// ```
/// use chambers_echo::{ScoredAccount, Side};
/// let s = ScoredAccount { account: 3, n_a: 2, n_b: 1, score: 1.0 / 3.0, side: Side::Neutral };
/// assert!(s.score > 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScoredAccount {
    /// Local id in the window's graph.
    pub account: u32,
    /// Audience members in (the scored part of) EC_A.
    pub n_a: usize,
    /// Audience members in (the scored part of) EC_B.
    pub n_b: usize,
    /// Stance score in [−1, 1].
    pub score: f64,
    /// A when s > η, B when s < −η, else neutral.
    pub side: Side,
}

/// Echo chambers and augmented echo chambers of one window (local ids, sorted).
///
/// ```
/// let e = chambers_echo::WindowEcho::default();
/// assert_eq!(e.coverage(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowEcho {
    /// EC_A and EC_B: ∪ over the group's active leaders u of A_u ∪ C_u.
    pub ec: [Vec<u32>; 2],
    /// AEC_A and AEC_B: EC_g plus the audiences of the accounts scored to g.
    pub aec: [Vec<u32>; 2],
    /// The scored high-impact accounts.
    pub scored: Vec<ScoredAccount>,
    /// |V_t|: users in the window.
    pub users: usize,
}

impl WindowEcho {
    /// Each user in an augmented echo chamber with its side: A (AEC_A only), B (AEC_B only) or
    /// both; sorted by local id.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: [vec![1, 2], vec![2, 5]], users: 6, ..Default::default() };
    /// use chambers_echo::Side;
    /// assert_eq!(e.classified(), [(1, Side::A), (2, Side::Both), (5, Side::B)]);
    /// ```
    pub fn classified(&self) -> Vec<(u32, Side)> {
        let (a, b) = (&self.aec[0], &self.aec[1]);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::with_capacity(a.len() + b.len());
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    out.push((x, Side::Both));
                    i += 1;
                    j += 1;
                }
                (Some(&x), Some(&y)) if x < y => {
                    out.push((x, Side::A));
                    i += 1;
                }
                (Some(&x), None) => {
                    out.push((x, Side::A));
                    i += 1;
                }
                (_, Some(&y)) => {
                    out.push((y, Side::B));
                    j += 1;
                }
                (None, None) => unreachable!("loop condition"),
            }
        }
        out
    }

    /// Coverage |AEC_A ∪ AEC_B| / |V_t|: the share of the window's users in an augmented echo
    /// chamber, in [0, 1]; `None` for an empty window.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: [vec![1, 2], vec![2]], users: 4, ..Default::default() };
    /// assert_eq!(e.coverage(), Some(0.5));
    /// ```
    pub fn coverage(&self) -> Option<f64> {
        (self.users > 0).then(|| self.classified().len() as f64 / self.users as f64)
    }

    /// The paper's coverage (|AEC_A| + |AEC_B|) / |V_t|, which counts a user in both augmented
    /// echo chambers twice and so exceeds 1 when they overlap much (1.6 on the political-blogs
    /// network); `None` for an empty window.
    ///
    /// ```
    /// let e = chambers_echo::WindowEcho { aec: [vec![1, 2], vec![2]], users: 4, ..Default::default() };
    /// assert_eq!(e.coverage_paper(), Some(0.75));
    /// ```
    pub fn coverage_paper(&self) -> Option<f64> {
        (self.users > 0).then(|| (self.aec[0].len() + self.aec[1].len()) as f64 / self.users as f64)
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
/// `group_of[a]` is the group (A or B) of the active leader at position `a` of
/// `chambers`; `scored` are the local ids of the accounts to score (the paper: H(t) minus all
/// leaders). Scoring always uses the un-augmented echo chambers (one pass), and an account's own
/// id is not added, only its audience.
///
/// # Panics
/// When `group_of` does not have one entry per active leader, or names a group other than A
/// and B (the augmented classification is two-sided).
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
/// let e = echo_chambers(g, &a.windows[0], &groups, &[h], &EchoParams::default());
/// assert_eq!(e.scored[0].score, 1.0); // h's audience {a, x}: a is in EC_A only
/// assert!(e.aec[0].contains(&g.local(w.interner.get("x").unwrap()).unwrap()));
/// ```
pub fn echo_chambers(
    graph: &RetweetGraph,
    chambers: &WindowChambers,
    group_of: &[Option<GroupId>],
    scored: &[u32],
    params: &EchoParams,
) -> WindowEcho {
    assert_eq!(
        group_of.len(),
        chambers.active.len(),
        "echo_chambers: one group per active leader"
    );
    let n = graph.n_users();
    let mut ec = [Bits::new(n), Bits::new(n)];
    for (a, group) in group_of.iter().enumerate() {
        if let Some(g) = *group {
            assert!(g <= GroupId::B, "echo_chambers: groups are A and B");
            let g = g.index();
            ec[g].insert_all(chambers.audiences.get(a));
            ec[g].insert_all(chambers.chambers.get(a));
        }
    }
    let counted = match params.score {
        ScoreRule::Full => None,
        ScoreRule::Exclusive => Some([ec[0].and_not(&ec[1]), ec[1].and_not(&ec[0])]),
    };
    let part = counted.as_ref().unwrap_or(&ec);
    let mut aec = [Bits(ec[0].0.clone()), Bits(ec[1].0.clone())];
    let scored: Vec<ScoredAccount> = scored
        .iter()
        .map(|&h| {
            let audience = graph.retweeters(h);
            let n_a = audience.iter().filter(|&&x| part[0].contains(x)).count();
            let n_b = audience.iter().filter(|&&x| part[1].contains(x)).count();
            let score = if n_a + n_b == 0 {
                0.0
            } else {
                (n_a as f64 - n_b as f64) / (n_a + n_b) as f64
            };
            let side = if score > params.eta {
                aec[0].insert_all(audience);
                Side::A
            } else if score < -params.eta {
                aec[1].insert_all(audience);
                Side::B
            } else {
                Side::Neutral
            };
            ScoredAccount {
                account: h,
                n_a,
                n_b,
                score,
                side,
            }
        })
        .collect();
    WindowEcho {
        ec: [ec[0].members(), ec[1].members()],
        aec: [aec[0].members(), aec[1].members()],
        scored,
        users: n,
    }
}
