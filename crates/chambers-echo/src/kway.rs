//! More than two groups of leaders: recursive modularity bisection of Q̄ with Newman's stopping
//! rule (METHOD.md §5).

use chambers_graph::GroupId;

use crate::baseline::overlap_modularity;
use crate::modularity_bisection;

/// How many groups [`modularity_groups`] looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupCount {
    /// As many as raise the modularity of Q̄: stop when no group's bisection raises it.
    Auto,
    /// Exactly this many (≥ 1) where the leaders allow, the best-scoring split first even when
    /// it lowers the modularity; fewer only when no group can be split any more.
    Fixed(usize),
}

/// A split of the leaders into groups and its modularity on Q̄.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSplit {
    /// Group of each leader; `None` outside the main component of Q̄.
    pub labels: Vec<Option<GroupId>>,
    /// Number of groups found.
    pub groups: usize,
    /// Newman's weighted modularity of the split on Q̄ (unassigned leaders as singletons).
    pub modularity: f64,
}

/// Groups of leaders by recursive modularity bisection of the mean overlap matrix `w` (k × k).
///
/// The first step is the two-group split of [`modularity_bisection`] (main component only;
/// leaders outside it stay unassigned). Then, repeatedly, every current group is bisected on its
/// own sub-matrix and the bisection that raises the modularity of the whole partition on `w`
/// most is kept; [`GroupCount::Auto`] stops when none raises it (Newman 2006's rule: a group
/// whose best split does not add modularity is indivisible), [`GroupCount::Fixed`] when it has
/// the requested number. Groups A and B are those of the first bisection; a group that is split
/// keeps its letter for its sub-bisection's side A, and the other side takes the next letter,
/// so two groups are exactly the two-way split. Recursive bisection rather than k-way spectral clustering: it needs
/// no k in advance, reuses the exact two-way split (so two groups are the default split), and
/// its stopping rule is the same modularity that scores every split.
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
    let first = modularity_bisection(w, k, None, id_order);
    let mut groups: Vec<Vec<usize>> = [GroupId::A, GroupId::B]
        .iter()
        .map(|&g| (0..k).filter(|&i| first.labels[i] == Some(g)).collect())
        .filter(|g: &Vec<usize>| !g.is_empty())
        .collect();
    let score =
        |groups: &[Vec<usize>]| overlap_modularity(w, k, &labels_of(groups, k)).unwrap_or(0.0);
    let mut modularity = score(&groups);
    let wanted = match count {
        GroupCount::Auto => usize::MAX,
        GroupCount::Fixed(n) => n.max(1),
    };
    if wanted == 1 {
        groups = vec![groups.concat()];
        groups[0].sort_unstable();
        modularity = score(&groups);
    }
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
}
