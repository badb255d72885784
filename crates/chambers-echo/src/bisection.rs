//! The modularity-optimal bisection of leaders on the main component of their overlap graph
//! (METHOD.md §5): the project's default split, and the modularity M of the controversy score
//! (METHOD.md §12).

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{ComputeEigenvectors, self_adjoint_evd, self_adjoint_evd_scratch};
use faer::{Mat, Par};

use chambers_graph::GroupId;

/// Above this many leaders the leading eigenvector comes from power iteration instead of a
/// full eigendecomposition (the greedy refinement that follows makes the split exact either way).
const DENSE_EIGEN_MAX: usize = 400;

/// A bisection of leaders and how good it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Bisection {
    /// Group of each leader; `None` outside the main component.
    pub labels: Vec<Option<GroupId>>,
    /// The leading eigenvector of the modularity matrix on the main component (0 outside),
    /// signed so that group A is positive where the refinement kept the sign split.
    pub vector: Vec<f64>,
    /// Newman's modularity of the split on the main component (0 when it is indivisible).
    pub modularity: f64,
    /// The leaders of the main component, ascending.
    pub main: Vec<usize>,
    /// The leading eigenvalue of the modularity matrix (≤ 0: no split improves on one group).
    pub eigenvalue: f64,
}

/// The connected components of the graph of `w` (an edge where `w[i·k + j] > 0`), largest
/// first; ties go to the component holding the lowest index (the top-ranked leader).
///
/// ```
/// // 0–1 and 2–3 linked, 4 alone: two components of two; the one holding 0 comes first.
/// let mut w = vec![0.0; 25];
/// for (i, j) in [(0, 1), (2, 3)] {
///     w[i * 5 + j] = 0.5;
///     w[j * 5 + i] = 0.5;
/// }
/// assert_eq!(chambers_echo::components(&w, 5), [vec![0, 1], vec![2, 3], vec![4]]);
/// ```
pub fn components(w: &[f64], k: usize) -> Vec<Vec<usize>> {
    let mut seen = vec![false; k];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for root in 0..k {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut component = vec![root];
        let mut next = 0;
        while next < component.len() {
            let i = component[next];
            next += 1;
            for j in 0..k {
                if !seen[j] && w[i * k + j] > 0.0 {
                    seen[j] = true;
                    component.push(j);
                }
            }
        }
        component.sort_unstable();
        out.push(component);
    }
    // Stable: equal sizes keep the order of their lowest index.
    out.sort_by_key(|c| std::cmp::Reverse(c.len()));
    out
}

/// The modularity-optimal bisection of the symmetric k × k weight matrix `w` (row-major,
/// diagonal ignored) restricted to its main connected component: the sign of the leading
/// eigenvector of the modularity matrix B = W − s sᵀ / 2m, then single-leader moves while
/// modularity rises (the largest gain first, ties to the lowest index). Leaders outside the main
/// component are unassigned. Orientation: the `anchor`'s side is group A; otherwise the larger
/// group, ties to the group holding the leader with the smallest `id_order`.
///
/// Deterministic and single-threaded.
///
/// # Panics
/// When `w` is not k × k or `id_order` has not k entries.
///
/// ```
/// use chambers_echo::modularity_bisection;
/// use chambers_graph::GroupId;
/// // Two cliques of three with a weak tie, and a leader (6) that overlaps nobody.
/// let k = 7;
/// let mut w = vec![0.0; k * k];
/// let mut link = |i: usize, j: usize, x: f64| { w[i * k + j] = x; w[j * k + i] = x; };
/// for (i, j) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] { link(i, j, 0.5); }
/// link(2, 3, 0.05);
/// let b = modularity_bisection(&w, k, None, &[0, 1, 2, 3, 4, 5, 6]);
/// assert_eq!(b.labels[0], b.labels[2]);
/// assert_ne!(b.labels[0], b.labels[3]);
/// assert_eq!(b.labels[6], None); // outside the main component: unassigned
/// assert!(b.modularity > 0.4);
/// ```
pub fn modularity_bisection(
    w: &[f64],
    k: usize,
    anchor: Option<usize>,
    id_order: &[usize],
) -> Bisection {
    assert_eq!(w.len(), k * k, "modularity_bisection: w must be k × k");
    assert_eq!(
        id_order.len(),
        k,
        "modularity_bisection: one id_order entry per leader"
    );
    let main = components(w, k).into_iter().next().unwrap_or_default();
    let n = main.len();
    let mut labels = vec![None; k];
    let mut vector = vec![0.0; k];
    let sub = |a: usize, b: usize| {
        if a == b {
            0.0
        } else {
            w[main[a] * k + main[b]]
        }
    };
    let strength: Vec<f64> = (0..n).map(|a| (0..n).map(|b| sub(a, b)).sum()).collect();
    let two_m: f64 = strength.iter().sum();
    if n < 2 || two_m <= 0.0 {
        for &i in &main {
            labels[i] = Some(GroupId::A);
        }
        return Bisection {
            labels,
            vector,
            modularity: 0.0,
            main,
            eigenvalue: 0.0,
        };
    }
    let b = Mat::<f64>::from_fn(n, n, |a, c| sub(a, c) - strength[a] * strength[c] / two_m);
    let (eigenvalue, leading) = leading_eigenvector(&b);
    let mut sigma: Vec<f64> = if eigenvalue > 1e-12 {
        leading
            .iter()
            .map(|&x| if x >= 0.0 { 1.0 } else { -1.0 })
            .collect()
    } else {
        vec![1.0; n]
    };
    refine(&b, &mut sigma);
    let modularity = quadratic(&b, &sigma) / (2.0 * two_m);
    // Orientation: group A (σ = +1) is the anchor's, else the larger, else the smallest id's.
    let plus = sigma.iter().filter(|&&s| s > 0.0).count();
    let smallest = |s: f64| {
        (0..n)
            .filter(|&a| sigma[a] == s)
            .map(|a| id_order[main[a]])
            .min()
    };
    let flip = match anchor.and_then(|i| main.iter().position(|&m| m == i)) {
        Some(a) => sigma[a] < 0.0,
        None => plus < n - plus || (2 * plus == n && smallest(-1.0) < smallest(1.0)),
    };
    let sign = if flip { -1.0 } else { 1.0 };
    let orient = if leading.iter().zip(&sigma).map(|(x, s)| x * s).sum::<f64>() < 0.0 {
        -sign
    } else {
        sign
    };
    for (a, &i) in main.iter().enumerate() {
        labels[i] = Some(if sigma[a] * sign > 0.0 {
            GroupId::A
        } else {
            GroupId::B
        });
        vector[i] = leading[a] * orient;
    }
    Bisection {
        labels,
        vector,
        modularity,
        main,
        eigenvalue,
    }
}

/// σᵀ B σ.
fn quadratic(b: &Mat<f64>, sigma: &[f64]) -> f64 {
    let n = sigma.len();
    (0..n)
        .map(|a| sigma[a] * (0..n).map(|c| b[(a, c)] * sigma[c]).sum::<f64>())
        .sum()
}

/// Moves single leaders across while modularity rises: the largest gain first, ties to the
/// lowest index; each move changes σᵀBσ by −4 σ_a Σ_{c≠a} B_ac σ_c.
fn refine(b: &Mat<f64>, sigma: &mut [f64]) {
    let n = sigma.len();
    let mut field: Vec<f64> = (0..n)
        .map(|a| {
            (0..n)
                .filter(|&c| c != a)
                .map(|c| b[(a, c)] * sigma[c])
                .sum()
        })
        .collect();
    for _ in 0..10 * n {
        let mut best: Option<(usize, f64)> = None;
        for a in 0..n {
            let gain = -4.0 * sigma[a] * field[a];
            if gain > 1e-12 && best.is_none_or(|(_, g)| gain > g) {
                best = Some((a, gain));
            }
        }
        let Some((a, _)) = best else { break };
        let delta = -2.0 * sigma[a];
        sigma[a] = -sigma[a];
        for c in 0..n {
            if c != a {
                field[c] += b[(c, a)] * delta;
            }
        }
    }
}

/// The largest eigenvalue of the symmetric matrix `b` and its eigenvector (unit length, its
/// largest-magnitude entry positive so that the sign is reproducible).
fn leading_eigenvector(b: &Mat<f64>) -> (f64, Vec<f64>) {
    let n = b.nrows();
    let (value, mut x) = if n <= DENSE_EIGEN_MAX {
        let mut vectors = Mat::<f64>::zeros(n, n);
        let mut values = Diag::<f64>::zeros(n);
        let scratch = self_adjoint_evd_scratch::<f64>(
            n,
            ComputeEigenvectors::Yes,
            Par::Seq,
            Default::default(),
        );
        let ok = self_adjoint_evd(
            b.as_ref(),
            values.as_mut(),
            Some(vectors.as_mut()),
            Par::Seq,
            MemStack::new(&mut MemBuffer::new(scratch)),
            Default::default(),
        );
        if ok.is_ok() {
            (values[n - 1], (0..n).map(|a| vectors[(a, n - 1)]).collect())
        } else {
            power_iteration(b)
        }
    } else {
        power_iteration(b)
    };
    let big = x
        .iter()
        .copied()
        .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
    if big < 0.0 {
        for v in &mut x {
            *v = -*v;
        }
    }
    (value, x)
}

/// Power iteration on B + cI (c bounds |λ| by Gershgorin, so the largest algebraic eigenvalue
/// of B dominates), from a fixed start, at most 1,000 steps.
fn power_iteration(b: &Mat<f64>) -> (f64, Vec<f64>) {
    let n = b.nrows();
    let shift = (0..n)
        .map(|a| (0..n).map(|c| b[(a, c)].abs()).sum::<f64>())
        .fold(0.0, f64::max);
    let mut x: Vec<f64> = (0..n).map(|a| 1.0 + (a % 7) as f64 / 7.0).collect();
    let mut y = vec![0.0; n];
    let norm = |v: &mut [f64]| {
        let s = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if s > 0.0 {
            v.iter_mut().for_each(|x| *x /= s);
        }
    };
    norm(&mut x);
    for _ in 0..1000 {
        for a in 0..n {
            y[a] = (0..n).map(|c| b[(a, c)] * x[c]).sum::<f64>() + shift * x[a];
        }
        norm(&mut y);
        let change: f64 = x.iter().zip(&y).map(|(p, q)| (p - q).abs()).sum();
        std::mem::swap(&mut x, &mut y);
        if change < 1e-10 {
            break;
        }
    }
    let bx: Vec<f64> = (0..n)
        .map(|a| (0..n).map(|c| b[(a, c)] * x[c]).sum())
        .collect();
    (x.iter().zip(&bx).map(|(p, q)| p * q).sum(), x)
}

#[cfg(test)]
mod tests;
