//! The overlap matrices and chamber membership as [`sprs`] sparse matrices (`CsMat`, CSR), for
//! programs that go on with their own sparse linear algebra (feature `sprs`).
//!
//! Index order: Q̄ is indexed by position in the leader list ([`crate::ChamberAnalysis::leaders`],
//! by rank); Q(t) and the membership rows of a window by position among its active leaders
//! ([`WindowChambers::active`], ascending in the leader list); membership columns by the
//! window's local user ids (positions in `RetweetGraph::users`, ascending `UserId`).

use chambers_graph::RetweetGraph;
use sprs::CsMat;

use crate::{AggregateOverlap, Measure, WindowChambers};

/// A CSR matrix of `n` × `n` from a row-major dense one, zeros left out.
fn sparse_square(n: usize, dense: &[f64]) -> CsMat<f64> {
    let (mut indptr, mut indices, mut data) = (vec![0], Vec::new(), Vec::new());
    for row in dense.chunks(n.max(1)).take(n) {
        for (j, &x) in row.iter().enumerate() {
            if x != 0.0 {
                indices.push(j);
                data.push(x);
            }
        }
        indptr.push(indices.len());
    }
    CsMat::new((n, n), indptr, indices, data)
}

impl AggregateOverlap {
    /// Q̄ as a k × k sparse matrix, rows and columns in leader-list order; zeros (the
    /// diagonal, pairs never active together, disjoint chambers) are not stored.
    ///
    /// ```
    /// let q = chambers_overlap::AggregateOverlap {
    ///     leaders: 2,
    ///     mean: vec![0.0, 0.25, 0.25, 0.0],
    ///     coactive: vec![0, 2, 2, 0],
    /// };
    /// let m = q.to_csmat();
    /// assert_eq!((m.shape(), m.nnz()), ((2, 2), 2));
    /// assert_eq!(m.get(0, 1), Some(&0.25));
    /// ```
    pub fn to_csmat(&self) -> CsMat<f64> {
        sparse_square(self.leaders, &self.mean)
    }
}

impl WindowChambers {
    /// Q(t) under `measure` as a sparse matrix over the window's active leaders, in the order
    /// of [`WindowChambers::active`]; zeros are not stored. Entry (i, j) equals
    /// `self.matrix(measure)[i * k + j]`.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B"].map(|x| w.interner.get(x).unwrap());
    /// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
    /// let c = &analyse_chambers(&w, &params, Some(&leaders)).unwrap().windows[0];
    /// let q = c.overlap_csmat(Measure::Jaccard); // C_A = {x, y}, C_B = {y}
    /// assert_eq!((q.nnz(), q.get(0, 1), q.get(1, 1)), (2, Some(&0.5), None));
    /// ```
    pub fn overlap_csmat(&self, measure: Measure) -> CsMat<f64> {
        sparse_square(self.active.len(), &self.matrix(measure))
    }

    /// Chamber membership as an active-leaders × users 0/1 matrix: entry (i, v) is 1 when the
    /// user of local id `v` in `graph` (this window's graph) is in the chamber of the i-th
    /// active leader. Its product with its transpose holds the chamber intersections.
    ///
    /// # Panics
    /// When `graph` is not this window's graph (a chamber member beyond its users).
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
    ///     b.push_external(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let leaders = ["A", "B"].map(|x| w.interner.get(x).unwrap());
    /// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
    /// let c = &analyse_chambers(&w, &params, Some(&leaders)).unwrap().windows[0];
    /// let graph = &w.windows[0].graph;
    /// let m = c.membership_csmat(graph);
    /// assert_eq!((m.shape(), m.nnz()), ((2, graph.n_users()), 3));
    /// let y = graph.local(w.interner.get("y").unwrap()).unwrap() as usize;
    /// assert_eq!((m.get(0, y), m.get(1, y)), (Some(&1), Some(&1)));
    /// ```
    pub fn membership_csmat(&self, graph: &RetweetGraph) -> CsMat<u8> {
        let users = graph.n_users();
        let mut indptr = Vec::with_capacity(self.chambers.len() + 1);
        indptr.push(0);
        let mut indices = Vec::new();
        for chamber in self.chambers.iter() {
            indices.extend(chamber.iter().map(|&v| v as usize));
            indptr.push(indices.len());
        }
        assert!(
            indices.iter().all(|&v| v < users),
            "membership_csmat: the graph is not this window's ({users} users)"
        );
        let data = vec![1u8; indices.len()];
        CsMat::new((self.chambers.len(), users), indptr, indices, data)
    }
}

#[cfg(test)]
mod tests {
    use chambers_graph::{DAY, SynthParams, WindowSpec, generate};

    use crate::{ChamberParams, Measure, analyse_chambers};

    #[test]
    fn sparse_matrices_hold_every_entry_of_the_dense_ones() {
        let s = generate(&SynthParams::default().users(800).events(6_000).windows(3)).unwrap();
        let w = s
            .windows(WindowSpec::Fixed {
                start: None,
                length: 7 * DAY,
            })
            .unwrap();
        let a = analyse_chambers(&w, &ChamberParams::default(), None).unwrap();
        for measure in [Measure::Jaccard, Measure::OverlapCoefficient] {
            let q = a.aggregate(measure);
            let m = q.to_csmat();
            let k = q.leaders;
            assert_eq!(m.shape(), (k, k));
            assert!(m.nnz() > 0);
            for i in 0..k {
                for j in 0..k {
                    assert_eq!(m.get(i, j).copied().unwrap_or(0.0), q.mean[i * k + j]);
                }
            }
            for wc in &a.windows {
                let dense = wc.matrix(measure);
                let m = wc.overlap_csmat(measure);
                let k = wc.active.len();
                assert_eq!(m.shape(), (k, k));
                for i in 0..k {
                    for j in 0..k {
                        assert_eq!(m.get(i, j).copied().unwrap_or(0.0), dense[i * k + j]);
                    }
                }
            }
        }
        for (wc, window) in a.windows.iter().zip(&w.windows) {
            let m = wc.membership_csmat(&window.graph);
            let k = wc.active.len();
            for i in 0..k {
                let row: Vec<u32> = m
                    .outer_view(i)
                    .unwrap()
                    .indices()
                    .iter()
                    .map(|&v| v as u32)
                    .collect();
                assert_eq!(row, wc.chambers.get(i));
            }
            // membership × membershipᵀ: the chamber intersections.
            let m64 = m.map(|&x| u64::from(x));
            let product = &m64 * &m64.transpose_view().to_csr();
            for i in 0..k {
                for j in 0..k {
                    let count = product.get(i, j).copied().unwrap_or(0);
                    let want = if i == j {
                        wc.overlaps.size(i)
                    } else {
                        wc.overlaps.intersection(i, j)
                    };
                    assert_eq!(count, u64::from(want), "window {} ({i}, {j})", wc.window);
                }
            }
        }
    }
}
