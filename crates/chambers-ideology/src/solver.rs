//! The eigensolvers behind correspondence analysis: the standardised operator on a sparse
//! matrix, the dense Gram path and a thick-restart Lanczos method, with their parameters.

use faer::diag::DiagRef;
use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::evd::tridiag::{tridiag_in_place, tridiag_in_place_scratch};
use faer::linalg::evd::{
    ComputeEigenvectors, self_adjoint_evd_scratch, tridiagonal_self_adjoint_evd,
};
use faer::linalg::householder::{
    apply_block_householder_sequence_on_the_left_in_place_scratch,
    apply_block_householder_sequence_on_the_left_in_place_with_conj,
};
use faer::linalg::qr::no_pivoting::factor::recommended_block_size;
use faer::{Conj, Mat, Par};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{CsrMatrix, IdeologyError};

/// How the leading singular triplets are computed.
///
/// ```
/// use chambers_ideology::{correspondence_analysis, CsrMatrix, Method, SolverParams};
/// let a = CsrMatrix::from_triplets(3, 3, [(0, 0, 2.0), (0, 1, 1.0), (1, 1, 2.0), (1, 2, 1.0), (2, 2, 2.0), (2, 0, 1.0)]).unwrap();
/// // Auto: three influencer columns fit the Gram path, unless the limit is set below three.
/// let small = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
/// assert_eq!(small.convergence.method, Method::Gram);
/// let capped = correspondence_analysis(&a, 1, &SolverParams::default().gram_max_columns(2)).unwrap();
/// assert_eq!(capped.convergence.method, Method::Lanczos);
/// assert!((small.singular_values[0] - capped.singular_values[0]).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// [`Method::Gram`] up to [`SolverParams::gram_max_columns`] columns, [`Method::Lanczos`]
    /// beyond.
    #[default]
    Auto,
    /// Form the columns × columns Gram matrix MᵀM from sparse products and solve the dense
    /// symmetric eigenproblem: exact to rounding, O(columns³) time and O(columns²) memory.
    Gram,
    /// Thick-restart Lanczos (Wu & Simon 2000) on x ↦ Mᵀ(Mx) with full reorthogonalisation:
    /// only matrix–vector products, for many columns.
    Lanczos,
}

/// Parameters of the eigensolver.
///
/// ```
/// use chambers_ideology::{correspondence_analysis, CsrMatrix, Method, SolverParams};
/// let a = CsrMatrix::from_triplets(3, 3, [(0, 0, 2.0), (0, 1, 1.0), (1, 1, 2.0), (1, 2, 1.0), (2, 2, 2.0), (2, 0, 1.0)]).unwrap();
/// // The Lanczos start vector depends on the seed; the converged result does not.
/// let lanczos = |seed| SolverParams::default().method(Method::Lanczos).seed(seed);
/// let one = correspondence_analysis(&a, 1, &lanczos(7)).unwrap();
/// let other = correspondence_analysis(&a, 1, &lanczos(8)).unwrap();
/// assert!(one.convergence.converged && other.convergence.converged);
/// assert!((one.singular_values[0] - other.singular_values[0]).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolverParams {
    /// Which solver to use (default [`Method::Auto`]).
    pub method: Method,
    /// Largest number of columns (influencers) [`Method::Auto`] hands to the Gram path
    /// (default 4,000: a 4,000² Gram matrix takes 128 MB).
    pub gram_max_columns: usize,
    /// Lanczos stops when every wanted Ritz pair has a residual ‖Gv − λv‖ below
    /// `tolerance · λ₁` (default 1e-12).
    pub tolerance: f64,
    /// Lanczos gives up after this many operator applications (default 5,000); the result is
    /// then returned with `converged: false`.
    pub max_iterations: usize,
    /// Seed of the Lanczos start vector (default 1).
    pub seed: u64,
}

impl Default for SolverParams {
    fn default() -> Self {
        Self {
            method: Method::Auto,
            gram_max_columns: 4000,
            tolerance: 1e-12,
            max_iterations: 5000,
            seed: 1,
        }
    }
}

impl SolverParams {
    /// Sets the solver.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the column count up to which [`Method::Auto`] uses the Gram path.
    pub fn gram_max_columns(mut self, columns: usize) -> Self {
        self.gram_max_columns = columns;
        self
    }

    /// Sets the Lanczos residual tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the cap on operator applications.
    pub fn max_iterations(mut self, iterations: usize) -> Self {
        self.max_iterations = iterations;
        self
    }

    /// Sets the seed of the Lanczos start vector.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks that the tolerance is in (0, 1) and the iteration cap at least 1.
    ///
    /// # Errors
    /// [`IdeologyError::BadParameter`] naming the field.
    ///
    /// ```
    /// use chambers_ideology::SolverParams;
    /// assert!(SolverParams::default().tolerance(0.0).check().is_err());
    /// assert!(SolverParams::default().max_iterations(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), IdeologyError> {
        if !(self.tolerance > 0.0 && self.tolerance < 1.0) {
            return Err(IdeologyError::bad("tolerance", "must be in (0, 1)"));
        }
        if self.max_iterations == 0 {
            return Err(IdeologyError::bad("max_iterations", "must be at least 1"));
        }
        Ok(())
    }
}

/// How the eigensolver went.
///
/// `residuals` are measured after the fact on the sparse operator for both methods:
/// ‖SᵀS v_k − σ_k² v_k‖ for each returned right singular vector v_k (unit norm), where S is the
/// standardised residual matrix; they certify the result whatever the method.
///
/// ```
/// use chambers_ideology::{correspondence_analysis, CsrMatrix, Method, SolverParams};
/// let a = CsrMatrix::from_triplets(3, 3, [(0, 0, 2.0), (0, 1, 1.0), (1, 1, 2.0), (1, 2, 1.0), (2, 2, 2.0), (2, 0, 1.0)]).unwrap();
/// let ca = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
/// assert_eq!(ca.convergence.method, Method::Gram);
/// assert!(ca.convergence.converged && ca.convergence.residuals[0] < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// The method used ([`Method::Gram`] or [`Method::Lanczos`], never `Auto`).
    pub method: Method,
    /// Operator applications x ↦ Mᵀ(Mx) (Lanczos; 0 for the Gram path).
    pub iterations: usize,
    /// Lanczos restarts (0 for the Gram path).
    pub restarts: usize,
    /// Whether every wanted pair met the tolerance (always true for the Gram path).
    pub converged: bool,
    /// ‖SᵀS v_k − σ_k² v_k‖ per dimension.
    pub residuals: Vec<f64>,
}

/// The standardised matrix M = D_r^-½ P D_c^-½ of a count matrix, with √c. Entry by entry
/// M_ij = a_ij / √(s_i t_j) for the row sums s_i and column sums t_j, so M is applied straight
/// from the count matrix: only column-sized vectors are stored, and a row's 1/√s_i is
/// recomputed from its few entries where it is needed. Its leading singular triplet is the
/// trivial (1, √r, √c), so the standardised residual S = M − √r √cᵀ is applied without being
/// formed.
pub(crate) struct Standardized<'a> {
    a: &'a CsrMatrix,
    total: f64,
    /// 1/√t_j per column.
    col_scale: Vec<f64>,
    pub(crate) sqrt_c: Vec<f64>,
}

/// Rows per parallel task in M x, and the fewest rows per block in Mᵀ y.
const ROW_CHUNK: usize = 2048;

/// Row blocks of the transposed product computed at once, each into its own column-length
/// partial sum: bounds the product's extra memory to this many columns-long vectors.
const BLOCKS_AT_ONCE: usize = 16;

/// Σ of a row's values, in entry order.
fn row_sum(vals: &[f64]) -> f64 {
    vals.iter().fold(0.0, |acc, v| acc + v)
}

impl<'a> Standardized<'a> {
    /// Column masses and scales; errors on an empty row or column.
    pub(crate) fn new(a: &'a CsrMatrix) -> Result<Self, IdeologyError> {
        let mut col_sums = vec![0.0; a.n_cols()];
        let mut total = 0.0;
        for i in 0..a.n_rows() {
            let (cols, vals) = a.row(i);
            let sum = row_sum(vals);
            if sum <= 0.0 {
                return Err(IdeologyError::Degenerate(format!("row {i} is empty")));
            }
            total += sum;
            for (&j, &v) in cols.iter().zip(vals) {
                col_sums[j as usize] += v;
            }
        }
        if let Some(j) = col_sums.iter().position(|&s| s <= 0.0) {
            return Err(IdeologyError::Degenerate(format!("column {j} is empty")));
        }
        Ok(Self {
            a,
            total,
            col_scale: col_sums.iter().map(|t| 1.0 / t.sqrt()).collect(),
            sqrt_c: col_sums.iter().map(|t| (t / total).sqrt()).collect(),
        })
    }

    pub(crate) fn n_rows(&self) -> usize {
        self.a.n_rows()
    }

    pub(crate) fn n_cols(&self) -> usize {
        self.sqrt_c.len()
    }

    /// The row mass r_i = s_i / Σs.
    pub(crate) fn row_mass(&self, i: usize) -> f64 {
        row_sum(self.a.row(i).1) / self.total
    }

    /// Σ M_ij² − 1 = trace(SᵀS): the total inertia (the trivial σ = 1 removed). Summed
    /// sequentially, row after row.
    pub(crate) fn total_inertia(&self) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.n_rows() {
            let (cols, vals) = self.a.row(i);
            let s = row_sum(vals);
            for (&j, &v) in cols.iter().zip(vals) {
                let mij = v * self.col_scale[j as usize] / s.sqrt();
                sum += mij * mij;
            }
        }
        sum - 1.0
    }

    /// y = M x. Each row is a separate sum, so the result does not depend on the threads.
    pub(crate) fn mul(&self, x: &[f64], y: &mut [f64]) {
        y.par_chunks_mut(ROW_CHUNK)
            .enumerate()
            .for_each(|(c, chunk)| {
                for (k, yi) in chunk.iter_mut().enumerate() {
                    let (cols, vals) = self.a.row(c * ROW_CHUNK + k);
                    let sum = cols.iter().zip(vals).fold(0.0, |acc, (&j, &v)| {
                        acc + v * (self.col_scale[j as usize] * x[j as usize])
                    });
                    *yi = sum / row_sum(vals).sqrt();
                }
            });
    }

    /// z = Mᵀ y, row-wise: the rows are cut into blocks of a fixed size (at least 2,048 rows,
    /// and at least as many as there are columns), each block scatters its rows into its own
    /// partial sum, `BLOCKS_AT_ONCE` blocks at a time in parallel, and the partial sums are
    /// added in block order, so the result does not depend on the threads.
    pub(crate) fn mul_t(&self, y: &[f64], z: &mut [f64]) {
        let m = self.n_cols();
        let rows = ROW_CHUNK.max(m);
        let mut partial = vec![0.0; BLOCKS_AT_ONCE.min(y.len().div_ceil(rows)) * m];
        z.fill(0.0);
        for (batch, ys) in y.chunks(rows * BLOCKS_AT_ONCE).enumerate() {
            let partial = &mut partial[..ys.len().div_ceil(rows) * m];
            partial
                .par_chunks_mut(m)
                .zip(ys.par_chunks(rows))
                .enumerate()
                .for_each(|(b, (acc, block))| {
                    acc.fill(0.0);
                    let start = (batch * BLOCKS_AT_ONCE + b) * rows;
                    for (i, &yi) in block.iter().enumerate() {
                        let (cols, vals) = self.a.row(start + i);
                        let t = yi / row_sum(vals).sqrt();
                        for (&j, &v) in cols.iter().zip(vals) {
                            acc[j as usize] += v * t;
                        }
                    }
                });
            for acc in partial.chunks(m) {
                for (zj, &p) in z.iter_mut().zip(acc) {
                    *zj += p;
                }
            }
        }
        for (zj, &d) in z.iter_mut().zip(&self.col_scale) {
            *zj *= d;
        }
    }

    /// z = SᵀS x = Mᵀ(Mx) − √c (√cᵀx), using `scratch` (length rows) for Mx, which it holds
    /// afterwards.
    pub(crate) fn apply_deflated(&self, x: &[f64], z: &mut [f64], scratch: &mut [f64]) {
        self.mul(x, scratch);
        self.mul_t(scratch, z);
        let d = dot(&self.sqrt_c, x);
        for (zj, &c) in z.iter_mut().zip(&self.sqrt_c) {
            *zj -= d * c;
        }
    }

    /// The lower triangle (diagonal included) of the deflated Gram matrix
    /// SᵀS = MᵀM − √c√cᵀ, the only part the eigensolver reads; the strict upper triangle is
    /// left zero. (MᵀM)_jl = (Σ_i a_ij a_il / s_i) / √(t_j t_l) is accumulated sequentially,
    /// row after row, from each row's products of pairs of entries, so the matrix does not
    /// depend on the threads.
    pub(crate) fn gram(&self) -> Mat<f64> {
        let m = self.n_cols();
        let mut g = Mat::<f64>::zeros(m, m);
        for i in 0..self.n_rows() {
            let (cols, vals) = self.a.row(i);
            let w = 1.0 / row_sum(vals);
            for (k, (&j, &v)) in cols.iter().zip(vals).enumerate() {
                let col = g.col_as_slice_mut(j as usize);
                let t = w * v;
                for (&l, &u) in cols[k..].iter().zip(&vals[k..]) {
                    col[l as usize] += t * u;
                }
            }
        }
        for j in 0..m {
            let (dj, cj) = (self.col_scale[j], self.sqrt_c[j]);
            let col = &mut g.col_as_slice_mut(j)[j..];
            for ((o, &dl), &cl) in col
                .iter_mut()
                .zip(&self.col_scale[j..])
                .zip(&self.sqrt_c[j..])
            {
                *o = *o * (dj * dl) - cj * cl;
            }
        }
        g
    }
}

/// Σ aᵢbᵢ, sequentially (a fixed summation order).
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |acc, (x, y)| acc + x * y)
}

fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

fn norm(x: &[f64]) -> f64 {
    dot(x, x).sqrt()
}

/// The eigenvalues (ascending) of the symmetric matrix whose lower triangle is `a`, with the
/// eigenvectors of the `top` largest (column c for value n − top + c), computed sequentially
/// so the bits do not depend on the threads.
///
/// faer's self-adjoint decomposition done in place: `a` is reduced to tridiagonal form where
/// it lies (keeping the Householder reflectors), the tridiagonal problem is solved by divide
/// and conquer, and the reflectors are applied to the `top` wanted eigenvectors only.
pub(crate) fn symmetric_eigen(
    mut a: Mat<f64>,
    top: usize,
) -> Result<(Vec<f64>, Mat<f64>), IdeologyError> {
    let n = a.nrows();
    let par = Par::Seq;
    let block = recommended_block_size::<f64>(n, n);
    let mut householder = Mat::<f64>::zeros(block, n.saturating_sub(1));
    // faer has no workspace query for the tridiagonal stage alone; the whole decomposition's
    // bounds it (pages that are never touched take no memory).
    let mut mem = MemBuffer::new(StackReq::any_of(&[
        tridiag_in_place_scratch::<f64>(n, par, Default::default()),
        self_adjoint_evd_scratch::<f64>(n, ComputeEigenvectors::Yes, par, Default::default()),
        apply_block_householder_sequence_on_the_left_in_place_scratch::<f64>(
            n.saturating_sub(1),
            block,
            top,
        ),
    ]));
    let stack = MemStack::new(&mut mem);
    tridiag_in_place(
        a.as_mut(),
        householder.as_mut(),
        par,
        stack,
        Default::default(),
    );
    let diag: Vec<f64> = (0..n).map(|i| a[(i, i)]).collect();
    let subdiag: Vec<f64> = (1..n).map(|i| a[(i, i - 1)]).collect();
    let mut values = faer::diag::Diag::<f64>::zeros(n);
    let mut u = Mat::<f64>::zeros(n, n);
    tridiagonal_self_adjoint_evd(
        DiagRef::from_slice(&diag),
        DiagRef::from_slice(&subdiag),
        values.as_mut(),
        Some(u.as_mut()),
        par,
        stack,
        Default::default(),
    )
    .map_err(|_| IdeologyError::EigenSolver)?;
    let mut vectors = u.subcols(n - top, top).to_owned();
    if n > 1 {
        apply_block_householder_sequence_on_the_left_in_place_with_conj(
            a.submatrix(1, 0, n - 1, n - 1),
            householder.as_ref(),
            Conj::No,
            vectors.subrows_mut(1, n - 1),
            par,
            stack,
        );
    }
    Ok((values.column_vector().iter().copied().collect(), vectors))
}

/// The `k` largest eigenpairs of a symmetric operator: values descending, unit vectors.
pub(crate) struct Eigenpairs {
    pub(crate) values: Vec<f64>,
    pub(crate) vectors: Vec<Vec<f64>>,
    pub(crate) iterations: usize,
    pub(crate) restarts: usize,
    pub(crate) converged: bool,
}

/// The `k` largest eigenpairs of the deflated Gram matrix by a dense eigensolve.
pub(crate) fn gram_eigenpairs(
    op: &Standardized<'_>,
    k: usize,
) -> Result<Eigenpairs, IdeologyError> {
    let m = op.n_cols();
    let (values, u) = symmetric_eigen(op.gram(), k)?;
    Ok(Eigenpairs {
        values: (0..k).map(|d| values[m - 1 - d]).collect(),
        vectors: (0..k)
            .map(|d| u.col(k - 1 - d).iter().copied().collect())
            .collect(),
        iterations: 0,
        restarts: 0,
        converged: true,
    })
}

/// A reproducible pseudo-random vector (SplitMix64 of seed and position, uniform in [−1, 1)).
fn start_vector(n: usize, seed: u64) -> Vec<f64> {
    (0..n as u64)
        .map(|i| {
            let mut z = seed
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(i.wrapping_add(1).wrapping_mul(0xBF58_476D_1CE4_E5B9));
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

/// Removes from `w` its components along `deflate` and every basis vector by modified
/// Gram–Schmidt, run twice ("twice is enough"), adding the removed coefficients to `coeff`.
fn orthogonalize(w: &mut [f64], deflate: &[f64], basis: &[Vec<f64>], coeff: &mut [f64]) {
    for _ in 0..2 {
        axpy(-dot(deflate, w), deflate, w);
        for (b, c) in basis.iter().zip(coeff.iter_mut()) {
            let h = dot(b, w);
            *c += h;
            axpy(-h, b, w);
        }
    }
}

/// A seeded random unit vector orthogonal to `deflate` and the basis, or `None` when they
/// already span the space.
fn fresh_direction(n: usize, seed: u64, deflate: &[f64], basis: &[Vec<f64>]) -> Option<Vec<f64>> {
    if basis.len() + 1 >= n {
        return None;
    }
    let mut v = start_vector(n, seed);
    let before = norm(&v);
    orthogonalize(&mut v, deflate, basis, &mut vec![0.0; basis.len()]);
    let after = norm(&v);
    (after > 1e-8 * before).then(|| v.iter().map(|x| x / after).collect())
}

/// The `k` largest eigenpairs of the symmetric operator `apply` on the orthogonal complement of
/// the unit vector `deflate`, by thick-restart Lanczos (Wu & Simon, SIAM J. Matrix Anal. Appl.
/// 22, 2000) with full reorthogonalisation. Needs `k < n`.
///
/// The projected matrix VᵀAV is accumulated column by column from the reorthogonalisation
/// coefficients, so after a restart (keeping the best Ritz vectors and continuing from the
/// residual direction) the arrowhead coupling comes out of the same code. A Ritz pair (θ, y) has
/// residual ‖Ay − θy‖ = β |s_last|; the method stops when each of the `k` wanted pairs is below
/// `tolerance · θ₁`, when the basis spans an invariant subspace (exact), or after
/// `max_iterations` applications of `apply`.
pub(crate) fn lanczos(
    mut apply: impl FnMut(&[f64], &mut [f64]),
    n: usize,
    k: usize,
    deflate: &[f64],
    params: &SolverParams,
) -> Eigenpairs {
    let p = (n - 1).min((2 * k + 1).max(32));
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(p);
    let mut t = vec![0.0; p * p];
    let mut w = vec![0.0; n];
    let (mut iterations, mut restarts, mut fresh) = (0, 0, 0u64);
    let mut scale = 0.0f64;
    let mut next = fresh_direction(n, params.seed, deflate, &basis);
    loop {
        let mut beta = 0.0;
        while let Some(v) = next.take() {
            basis.push(v);
            let s = basis.len() - 1;
            apply(&basis[s], &mut w);
            iterations += 1;
            let mut coeff = vec![0.0; s + 1];
            orthogonalize(&mut w, deflate, &basis, &mut coeff);
            for (i, &c) in coeff.iter().enumerate() {
                t[i * p + s] = c;
                t[s * p + i] = c;
                scale = scale.max(c.abs());
            }
            beta = norm(&w);
            if beta > 1e-12 * scale {
                next = Some(w.iter().map(|x| x / beta).collect());
            } else {
                // An invariant subspace: go on from a fresh direction if there is one.
                beta = 0.0;
                fresh += 1;
                let seed = params.seed ^ fresh.wrapping_mul(0xA076_1D64_78BD_642F);
                next = fresh_direction(n, seed, deflate, &basis);
            }
            if basis.len() == p || iterations >= params.max_iterations {
                break;
            }
        }
        let s = basis.len();
        let projected = Mat::from_fn(s, s, |i, j| t[i * p + j]);
        let (theta, y) =
            symmetric_eigen(projected, s).expect("eigensolver on a small symmetric matrix");
        let top: Vec<usize> = (0..s).rev().take(k).collect();
        let limit = params.tolerance * theta[s - 1].abs().max(f64::MIN_POSITIVE);
        let converged = top.iter().all(|&c| beta * y[(s - 1, c)].abs() <= limit);
        let ritz = |c: usize| ritz_vector(&basis, (0..s).map(|i| y[(i, c)]), n);
        if converged || next.is_none() || iterations >= params.max_iterations {
            return Eigenpairs {
                values: top.iter().map(|&c| theta[c]).collect(),
                vectors: top.iter().map(|&c| ritz(c)).collect(),
                iterations,
                restarts,
                converged,
            };
        }
        // Thick restart: keep the best Ritz vectors; `next` continues from the residual.
        restarts += 1;
        let keep = (k + (s - k) / 2).min(s - 1);
        let kept: Vec<usize> = (0..s).rev().take(keep).collect();
        let kept_vectors: Vec<Vec<f64>> = kept.iter().map(|&c| ritz(c)).collect();
        t.iter_mut().for_each(|x| *x = 0.0);
        for (i, &c) in kept.iter().enumerate() {
            t[i * p + i] = theta[c];
        }
        basis = kept_vectors;
    }
}

/// Σᵢ cᵢ vᵢ over the basis.
fn ritz_vector(basis: &[Vec<f64>], coeff: impl Iterator<Item = f64>, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (b, c) in basis.iter().zip(coeff) {
        axpy(c, b, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mᵀy over several batches of row blocks matches the sum written out, and its bits do not
    /// depend on the threads.
    #[test]
    fn transposed_product_is_exact_and_thread_independent() {
        let (n, m) = (ROW_CHUNK * (2 * BLOCKS_AT_ONCE + 3) + 5, 7);
        let a = CsrMatrix::from_triplets(
            n,
            m,
            (0..n).flat_map(|i| [(i, i % m, 1.0 + (i % 3) as f64), (i, (i * 5 + 1) % m, 2.0)]),
        )
        .unwrap();
        let op = Standardized::new(&a).unwrap();
        let y: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64 - 50.0).collect();
        let mut col_sums = vec![0.0; m];
        for i in 0..n {
            let (cols, vals) = a.row(i);
            for (&j, &v) in cols.iter().zip(vals) {
                col_sums[j as usize] += v;
            }
        }
        let mut want = vec![0.0; m];
        for (i, yi) in y.iter().enumerate() {
            let (cols, vals) = a.row(i);
            let s: f64 = vals.iter().sum();
            for (&j, &v) in cols.iter().zip(vals) {
                want[j as usize] += v / (s * col_sums[j as usize]).sqrt() * yi;
            }
        }
        let run = |threads: usize| {
            let mut z = vec![f64::NAN; m];
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| op.mul_t(&y, &mut z));
            z
        };
        let one = run(1);
        for (got, want) in one.iter().zip(&want) {
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{got} {want}"
            );
        }
        let bits = |z: &[f64]| z.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&one), bits(&run(3)));
    }
}
