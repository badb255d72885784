//! Baselines of the leader split: the configuration-model null's overlaps as matrices, the
//! groups the same split finds on them, and P(t) and modularity of any overlap matrix
//! (METHOD.md §4, §6 and §12).

use chambers_graph::{GroupId, Interner, Leader};
use chambers_overlap::{ChamberAnalysis, WindowChambers};
use chambers_stats::polarization_index;

use crate::summary::mean;
use crate::{AnalysisParams, leader_groups};

/// Position of each leader's external id in byte order: the tie-break of the leader split's
/// orientation ([`crate::leader_groups`]' `id_order`).
///
/// ```
/// use chambers_graph::{Interner, Leader};
/// let mut ids = Interner::new();
/// let leaders: Vec<Leader> = ["m", "b", "z"]
///     .iter()
///     .enumerate()
///     .map(|(rank, x)| Leader { user: ids.intern(x), rank, persistence: 1, first_window: None, first_rank: None })
///     .collect();
/// assert_eq!(chambers_echo::id_order(&ids, &leaders), [1, 0, 2]);
/// ```
pub fn id_order(interner: &Interner, leaders: &[Leader]) -> Vec<usize> {
    let k = leaders.len();
    let mut by_id: Vec<usize> = (0..k).collect();
    by_id.sort_by(|&a, &b| interner.cmp_external(leaders[a].user, leaders[b].user));
    let mut order = vec![0; k];
    for (position, &i) in by_id.iter().enumerate() {
        order[i] = position;
    }
    order
}

/// Each pair's overlap averaged over the realisations of a window's null (`null`: upper
/// triangles of `k` active leaders, realisation after realisation); empty without any.
pub(crate) fn null_mean(null: &[f64], k: usize) -> Vec<f64> {
    let per = k * k.saturating_sub(1) / 2;
    if per == 0 || null.is_empty() {
        return Vec::new();
    }
    let realisations = null.len() / per;
    let mut sum = vec![0.0; per];
    for tri in null.chunks_exact(per) {
        sum.iter_mut().zip(tri).for_each(|(s, v)| *s += v);
    }
    sum.iter_mut().for_each(|s| *s /= realisations as f64);
    sum
}

/// Overlap matrix of realisation `r` of a window's null, from its upper triangles.
pub(crate) fn null_matrix(null: &[f64], k: usize, r: usize) -> Option<Vec<f64>> {
    let per = k * k.saturating_sub(1) / 2;
    let tri = null.get(r * per..(r + 1) * per).filter(|t| !t.is_empty())?;
    let mut q = vec![0.0; k * k];
    let mut x = tri.iter();
    for i in 0..k {
        for j in i + 1..k {
            let v = *x.next().expect("a full triangle");
            q[i * k + j] = v;
            q[j * k + i] = v;
        }
    }
    Some(q)
}

/// The leader groups that the spectral split finds on realisation `r` of the null: Q̄ of the
/// rewired chambers over windows, split like the real one. Comparing P against this, not against
/// the real labels, removes the advantage that choosing the best split gives any network.
pub(crate) fn null_groups(
    chambers: &ChamberAnalysis,
    nulls: &[Vec<f64>],
    r: usize,
    params: &AnalysisParams,
    id_order: &[usize],
) -> Vec<Option<GroupId>> {
    let k = chambers.leaders.len();
    let (mut sum, mut count) = (vec![0.0; k * k], vec![0u32; k * k]);
    for (wc, null) in chambers.windows.iter().zip(nulls) {
        let Some(q) = null_matrix(null, wc.active.len(), r) else {
            continue;
        };
        let ka = wc.active.len();
        for a in 0..ka {
            for b in 0..ka {
                if a != b {
                    sum[wc.active[a] * k + wc.active[b]] += q[a * ka + b];
                    count[wc.active[a] * k + wc.active[b]] += 1;
                }
            }
        }
    }
    let mean: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(&s, &n)| if n == 0 { 0.0 } else { s / f64::from(n) })
        .collect();
    leader_groups(
        &mean,
        k,
        params.split,
        params.mode,
        params.group_count,
        None,
        id_order,
    )
    .map_or_else(|_| vec![None; k], |g| g.labels)
}

/// Mean `index` of a window's null realisations, realisation r labelled by `labels[r]`.
pub(crate) fn null_polarization(
    wc: &WindowChambers,
    null: &[f64],
    labels: &[Vec<Option<GroupId>>],
    index: impl Fn(&[f64], usize, &[Option<usize>]) -> Option<f64>,
) -> Option<f64> {
    let ka = wc.active.len();
    let values: Vec<f64> = labels
        .iter()
        .enumerate()
        .filter_map(|(r, labels)| {
            let q = null_matrix(null, ka, r)?;
            let group_of: Vec<Option<usize>> = wc
                .active
                .iter()
                .map(|&i| labels[i].map(GroupId::index))
                .collect();
            index(&q, ka, &group_of)
        })
        .collect();
    mean(values.into_iter())
}

/// P(t) of an overlap matrix, `None` when undefined.
pub(crate) fn plain_p(q: &[f64], k: usize, labels: &[Option<usize>]) -> Option<f64> {
    polarization_index(q, k, labels).ok()?.value
}

/// Newman's weighted modularity of the leader groups on an overlap matrix (each unordered pair
/// once, weight = its overlap; unassigned leaders are communities of their own).
pub(crate) fn overlap_modularity(q: &[f64], k: usize, labels: &[Option<usize>]) -> Option<f64> {
    let edges: Vec<(u32, u32, f64)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .filter(|&(i, j)| q[i * k + j] > 0.0)
        .map(|(i, j)| (i as u32, j as u32, q[i * k + j]))
        .collect();
    chambers_stats::modularity(k, &edges, labels).ok()?
}
