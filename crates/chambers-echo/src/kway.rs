//! More than two groups of leaders, and leaders whose overlap graph falls apart: recursive
//! modularity bisection of Q̄ with Newman's stopping rule, started from the connected components
//! when there are several (METHOD.md §5).

use chambers_graph::GroupId;

use crate::baseline::overlap_modularity;
use crate::{
    EchoError, LeaderGroups, Mode, Split, components, modularity_bisection, split_leaders,
};

/// How many groups [`modularity_groups`] looks for.
///
/// ```
/// use chambers_echo::GroupCount;
/// assert_eq!("auto".parse::<GroupCount>().unwrap(), GroupCount::Auto);
/// assert_eq!("3".parse::<GroupCount>().unwrap(), GroupCount::Fixed(3));
/// assert_eq!(GroupCount::default().to_string(), "2");
/// assert!("three".parse::<GroupCount>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupCount {
    /// As many as raise the modularity of Q̄: stop when no group's bisection raises it.
    Auto,
    /// Exactly this many (≥ 1) where the leaders allow, the best-scoring split first even when
    /// it lowers the modularity; fewer only when no group can be split any more.
    Fixed(usize),
}

impl Default for GroupCount {
    /// Two groups, as in the paper.
    fn default() -> Self {
        GroupCount::Fixed(2)
    }
}

impl std::str::FromStr for GroupCount {
    type Err = EchoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(GroupCount::Auto),
            n => n.parse().map(GroupCount::Fixed).map_err(|_| {
                EchoError::InvalidParameter(format!(
                    "the number of groups must be auto or a whole number, not {n:?}"
                ))
            }),
        }
    }
}

impl std::fmt::Display for GroupCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupCount::Auto => f.write_str("auto"),
            GroupCount::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// A split of the leaders into groups and its modularity on Q̄.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSplit {
    /// Group of each leader; `None` for a leader that overlaps no other one (or, from a two-way
    /// start, outside the main component of Q̄).
    pub labels: Vec<Option<GroupId>>,
    /// Number of groups found.
    pub groups: usize,
    /// Newman's weighted modularity of the split on Q̄ (unassigned leaders as singletons).
    pub modularity: f64,
}

/// The groups of leaders of the analysis: the two-way split of [`split_leaders`] (the paper's
/// setting, returned unchanged when `count` is two and the leaders' overlap graph is connected),
/// else [`modularity_groups`] from that split.
///
/// When the graph of Q̄ has several components of two or more leaders (leaders of different
/// camps that never share a chamber member), the components are the start instead of the
/// bisection, which only sees the main one: a two-group analysis of two separate camps then
/// finds the two camps. For such splits and for more than two groups, `labels`, `modularity`
/// and `unassigned` of the result describe the final groups, the other fields the two-way split.
///
/// # Errors
/// Those of [`split_leaders`].
///
/// ```
/// use chambers_echo::{GroupCount, Mode, Split, leader_groups};
/// use chambers_graph::GroupId;
/// // Two camps of three leaders that share nothing: both are found.
/// let k = 6;
/// let mut w = vec![0.0; k * k];
/// for i in 0..k {
///     for j in 0..k {
///         if i != j && i / 3 == j / 3 {
///             w[i * k + j] = 0.5;
///         }
///     }
/// }
/// let order: Vec<usize> = (0..k).collect();
/// let g = leader_groups(&w, k, Split::Modularity, Mode::Auto, GroupCount::Fixed(2), None, &order)
///     .unwrap();
/// assert_eq!(g.labels, [0, 0, 0, 1, 1, 1].map(|i| Some(GroupId::new(i))));
/// ```
pub fn leader_groups(
    w: &[f64],
    k: usize,
    split: Split,
    mode: Mode,
    count: GroupCount,
    anchor: Option<usize>,
    id_order: &[usize],
) -> Result<LeaderGroups, EchoError> {
    let mut two = split_leaders(w, k, split, mode, anchor, id_order)?;
    let mut start = camps(w, k);
    if start.len() < 2 {
        if count == GroupCount::Fixed(2) {
            return Ok(two);
        }
        start = halves(&two.labels, k);
    } else if let Some(a) = anchor {
        // The anchor's camp is group A.
        if let Some(pos) = start.iter().position(|c| c.contains(&a)) {
            let camp = start.remove(pos);
            start.insert(0, camp);
        }
    }
    let found = refine(w, k, start, count, id_order);
    two.unassigned = found.labels.iter().filter(|l| l.is_none()).count();
    two.labels = found.labels;
    two.modularity = Some(found.modularity);
    Ok(two)
}

/// Groups of leaders by recursive modularity bisection of the mean overlap matrix `w` (k × k).
///
/// The start is the connected components of Q̄'s graph with two or more leaders when there are
/// several, else the two-group split of [`modularity_bisection`] (main component only; leaders
/// outside it stay unassigned). Then, while there are more groups than wanted, the two whose
/// merger keeps the highest modularity merge; while there are fewer, every current group is
/// bisected on its own sub-matrix and the bisection that raises the modularity of the whole
/// partition on `w` most is kept; [`GroupCount::Auto`] stops when none raises it (Newman 2006's
/// rule: a group whose best split does not add modularity is indivisible), [`GroupCount::Fixed`]
/// when it has the requested number. Groups A and B are those of the start; a group that is split
/// keeps its letter for its sub-bisection's side A, and the other side takes the next letter,
/// so two groups of a connected Q̄ are exactly the two-way split. Recursive bisection rather
/// than k-way spectral clustering: it needs no k in advance, reuses the exact two-way split (so
/// two groups are the default split), and its stopping rule is the same modularity that scores
/// every split.
///
/// ```
/// use chambers_echo::{GroupCount, modularity_groups};
/// // Three cliques of three leaders with weak ties between them.
/// let k = 9;
/// let mut w = vec![0.0; k * k];
/// for i in 0..k {
///     for j in 0..k {
///         if i != j {
///             w[i * k + j] = if i / 3 == j / 3 { 0.6 } else { 0.02 };
///         }
///     }
/// }
/// let order: Vec<usize> = (0..k).collect();
/// let s = modularity_groups(&w, k, GroupCount::Auto, &order);
/// assert_eq!(s.groups, 3);
/// assert!((0..k).all(|i| s.labels[i] == s.labels[i / 3 * 3]));
/// ```
///
/// # Panics
/// When `w.len() != k * k` or `id_order.len() != k`.
pub fn modularity_groups(w: &[f64], k: usize, count: GroupCount, id_order: &[usize]) -> GroupSplit {
    let mut start = camps(w, k);
    if start.len() < 2 {
        start = halves(&modularity_bisection(w, k, None, id_order).labels, k);
    }
    refine(w, k, start, count, id_order)
}

/// The components of Q̄'s graph with at least two leaders, largest first (ties: the one with
/// the lowest leader index).
fn camps(w: &[f64], k: usize) -> Vec<Vec<usize>> {
    components(w, k)
        .into_iter()
        .filter(|c| c.len() >= 2)
        .collect()
}

/// The non-empty groups A, B, … of `labels` as member lists.
fn halves(labels: &[Option<GroupId>], k: usize) -> Vec<Vec<usize>> {
    let groups = labels
        .iter()
        .flatten()
        .map(|g| g.index() + 1)
        .max()
        .unwrap_or(0);
    (0..groups)
        .map(|g| {
            (0..k)
                .filter(|&i| labels[i] == Some(GroupId::new(g)))
                .collect()
        })
        .filter(|g: &Vec<usize>| !g.is_empty())
        .collect()
}

/// Merges and splits `groups` until there are as many as `count` asks (see
/// [`modularity_groups`]).
fn refine(
    w: &[f64],
    k: usize,
    mut groups: Vec<Vec<usize>>,
    count: GroupCount,
    id_order: &[usize],
) -> GroupSplit {
    let score =
        |groups: &[Vec<usize>]| overlap_modularity(w, k, &labels_of(groups, k)).unwrap_or(0.0);
    let wanted = match count {
        GroupCount::Auto => usize::MAX,
        GroupCount::Fixed(n) => n.max(1),
    };
    while groups.len() > wanted {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let mut next = groups.clone();
                let merged = next.remove(j);
                next[i].extend(merged);
                let q = score(&next);
                if best.is_none_or(|(bq, _, _)| q > bq) {
                    best = Some((q, i, j));
                }
            }
        }
        let (_, i, j) = best.expect("more than one group");
        let merged = groups.remove(j);
        groups[i].extend(merged);
        groups[i].sort_unstable();
    }
    let mut modularity = score(&groups);
    while groups.len() < wanted {
        let mut best: Option<(f64, Vec<Vec<usize>>)> = None;
        for (g, members) in groups.iter().enumerate() {
            let n = members.len();
            if n < 2 {
                continue;
            }
            let sub: Vec<f64> = members
                .iter()
                .flat_map(|&a| members.iter().map(move |&b| w[a * k + b]))
                .collect();
            let order: Vec<usize> = members.iter().map(|&a| id_order[a]).collect();
            let halves = modularity_bisection(&sub, n, None, &order);
            let part = |side: GroupId| -> Vec<usize> {
                (0..n)
                    .filter(|&a| halves.labels[a].unwrap_or(GroupId::A) == side)
                    .map(|a| members[a])
                    .collect()
            };
            let (a, b) = (part(GroupId::A), part(GroupId::B));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let mut next = groups.clone();
            next[g] = a;
            next.push(b);
            let q = score(&next);
            if best.as_ref().is_none_or(|(bq, _)| q > *bq) {
                best = Some((q, next));
            }
        }
        match best {
            Some((q, next)) if q > modularity || count != GroupCount::Auto => {
                modularity = q;
                groups = next;
            }
            _ => break,
        }
    }
    GroupSplit {
        labels: labels_of(&groups, k)
            .into_iter()
            .map(|g| g.map(GroupId::new))
            .collect(),
        groups: groups.len(),
        modularity,
    }
}

/// Group index of each leader from member lists (`None` for leaders in none).
fn labels_of(groups: &[Vec<usize>], k: usize) -> Vec<Option<usize>> {
    let mut labels = vec![None; k];
    for (g, members) in groups.iter().enumerate() {
        for &i in members {
            labels[i] = Some(g);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of the given sizes: within 0.5, between `cross`.
    fn blocks(sizes: &[usize], cross: f64) -> (Vec<f64>, usize) {
        let k: usize = sizes.iter().sum();
        let block: Vec<usize> = sizes
            .iter()
            .enumerate()
            .flat_map(|(b, &n)| std::iter::repeat_n(b, n))
            .collect();
        let mut w = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    w[i * k + j] = if block[i] == block[j] { 0.5 } else { cross };
                }
            }
        }
        (w, k)
    }

    #[test]
    fn two_blocks_stay_two_and_equal_the_bisection() {
        let (w, k) = blocks(&[4, 5], 0.05);
        let order: Vec<usize> = (0..k).collect();
        let s = modularity_groups(&w, k, GroupCount::Auto, &order);
        assert_eq!(s.groups, 2);
        let b = modularity_bisection(&w, k, None, &order);
        assert_eq!(s.labels, b.labels);
    }

    #[test]
    fn fixed_counts_split_further_or_merge() {
        let (w, k) = blocks(&[3, 3, 3, 3], 0.05);
        let order: Vec<usize> = (0..k).collect();
        let auto = modularity_groups(&w, k, GroupCount::Auto, &order);
        assert_eq!(auto.groups, 4);
        let three = modularity_groups(&w, k, GroupCount::Fixed(3), &order);
        assert_eq!(three.groups, 3);
        assert!(three.modularity < auto.modularity);
        let one = modularity_groups(&w, k, GroupCount::Fixed(1), &order);
        assert_eq!(one.groups, 1);
        assert!(one.modularity.abs() < 1e-12);
    }

    #[test]
    fn separate_camps_start_the_split_and_merge_to_the_count() {
        // Three camps (sizes 4, 3, 3) with no overlap across, and a leader overlapping nobody.
        let (mut w, k) = blocks(&[4, 3, 3, 1], 0.0);
        for i in 0..k {
            w[i * k + 10] = 0.0;
            w[10 * k + i] = 0.0;
        }
        let order: Vec<usize> = (0..k).collect();
        let three = modularity_groups(&w, k, GroupCount::Auto, &order);
        assert_eq!(three.groups, 3);
        assert_eq!(three.labels[10], None);
        assert!((0..10).all(|i| three.labels[i].is_some()));
        let two = leader_groups(
            &w,
            k,
            Split::Modularity,
            Mode::Auto,
            GroupCount::Fixed(2),
            None,
            &order,
        )
        .unwrap();
        // The largest camp is A; the two smaller ones merge (the merger that keeps the most
        // modularity) into B.
        let by_camp = |i: usize| two.labels[i];
        assert!((0..4).all(|i| by_camp(i) == Some(GroupId::A)));
        assert!((4..10).all(|i| by_camp(i) == Some(GroupId::B)));
        assert_eq!((two.unassigned, two.labels[10]), (1, None));
        // The anchor's camp is group A.
        let anchored = leader_groups(
            &w,
            k,
            Split::Modularity,
            Mode::Auto,
            GroupCount::Fixed(3),
            Some(7),
            &order,
        )
        .unwrap();
        assert_eq!(anchored.labels[7], Some(GroupId::A));
    }

    #[test]
    fn connected_two_groups_are_the_two_way_split_unchanged() {
        let (w, k) = blocks(&[4, 5], 0.05);
        let order: Vec<usize> = (0..k).collect();
        for split in [Split::Modularity, Split::Laplacian] {
            let two = split_leaders(&w, k, split, Mode::Auto, None, &order).unwrap();
            let same = leader_groups(&w, k, split, Mode::Auto, GroupCount::Fixed(2), None, &order)
                .unwrap();
            assert_eq!(same, two);
        }
    }
}
