//! Correspondence analysis of a sparse count matrix without forming the dense residual.

use serde::{Deserialize, Serialize};

use crate::solver::{Standardized, dot, gram_eigenpairs, lanczos};
use crate::{Convergence, CsrMatrix, IdeologyError, Method, SolverParams};

/// Squared singular values at or below this are treated as zero (no dimension there).
const ZERO_EIGENVALUE: f64 = 1e-14;

/// The first `dims` non-trivial dimensions of a correspondence analysis.
///
/// With P = A / ΣA, row masses r = P1, column masses c = Pᵀ1 and the standardised residual
/// S = D_r^-½ (P − r cᵀ) D_c^-½ = U Σ Vᵀ (Greenacre, *Correspondence Analysis in Practice*;
/// Barberá 2015 and Falkenberg et al. 2022 use the row coordinates as latent ideology):
/// * row standard coordinates x_ik = U_ik / √r_i, principal coordinates x_ik σ_k;
/// * column standard coordinates y_jk = V_jk / √c_j, principal coordinates y_jk σ_k.
///
/// Standard coordinates are centred and of unit weighted variance (Σ r_i x_ik = 0,
/// Σ r_i x_ik² = 1). Signs follow the default rule: in each dimension the column with the
/// largest |y_jk| (the first such column on an exact tie) is positive.
///
/// ```
/// use chambers_ideology::{correspondence_analysis, CsrMatrix, SolverParams};
/// let a = CsrMatrix::from_triplets(3, 3, [(0, 0, 3.0), (0, 1, 1.0), (1, 1, 2.0), (1, 2, 1.0), (2, 2, 2.0), (2, 0, 1.0)]).unwrap();
/// let ca = correspondence_analysis(&a, 2, &SolverParams::default()).unwrap();
/// assert_eq!(ca.singular_values.len(), 2);
/// assert!((ca.inertia_shares.iter().sum::<f64>() - 1.0).abs() < 1e-12); // rank 2: all inertia
/// let weighted: f64 = ca.row_masses.iter().zip(&ca.row_standard[0]).map(|(r, x)| r * x * x).sum();
/// assert!((weighted - 1.0).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correspondence {
    /// σ_1 ≥ σ_2 ≥ … of the non-trivial dimensions.
    pub singular_values: Vec<f64>,
    /// Total inertia Σ_k σ_k² over all non-trivial dimensions = trace(SᵀS) = Σ P_ij²/(r_i c_j) − 1.
    pub total_inertia: f64,
    /// σ_k² / total inertia per dimension.
    pub inertia_shares: Vec<f64>,
    /// Row masses r_i.
    pub row_masses: Vec<f64>,
    /// Column masses c_j.
    pub column_masses: Vec<f64>,
    /// Row standard coordinates: `row_standard[k][i]` = x_ik.
    pub row_standard: Vec<Vec<f64>>,
    /// Column standard coordinates: `column_standard[k][j]` = y_jk.
    pub column_standard: Vec<Vec<f64>>,
    /// How the eigensolver went.
    pub convergence: Convergence,
}

impl Correspondence {
    /// Row principal coordinates of dimension `k` (0-based): x_ik σ_k.
    ///
    /// # Panics
    /// When `k` is not below the number of dimensions.
    ///
    /// ```
    /// use chambers_ideology::{correspondence_analysis, CsrMatrix, SolverParams};
    /// let a = CsrMatrix::from_triplets(2, 2, [(0, 0, 2.0), (0, 1, 1.0), (1, 1, 2.0)]).unwrap();
    /// let ca = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
    /// let f = ca.row_principal(0);
    /// assert!((f[0] - ca.row_standard[0][0] * ca.singular_values[0]).abs() < 1e-15);
    /// ```
    pub fn row_principal(&self, k: usize) -> Vec<f64> {
        let s = self.singular_values[k];
        self.row_standard[k].iter().map(|x| x * s).collect()
    }

    /// Column principal coordinates of dimension `k` (0-based): y_jk σ_k.
    ///
    /// # Panics
    /// When `k` is not below the number of dimensions.
    ///
    /// ```
    /// use chambers_ideology::{correspondence_analysis, CsrMatrix, SolverParams};
    /// let a = CsrMatrix::from_triplets(2, 2, [(0, 0, 2.0), (0, 1, 1.0), (1, 1, 2.0)]).unwrap();
    /// let ca = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
    /// assert_eq!(ca.column_principal(0).len(), 2);
    /// ```
    pub fn column_principal(&self, k: usize) -> Vec<f64> {
        let s = self.singular_values[k];
        self.column_standard[k].iter().map(|y| y * s).collect()
    }

    /// Standard coordinates of a supplementary row: a profile over the columns that was not
    /// part of the fit, given as sorted-or-not `(column, count)` pairs.
    ///
    /// The standard CA transition formula: the principal coordinate is the profile's average
    /// of the column standard coordinates, f_k = Σ_j (a_j / Σa) y_jk, and the standard
    /// coordinate is x_k = f_k / σ_k. For a row of the fitted matrix this gives back its own
    /// coordinates. `None` when the counts sum to zero.
    ///
    /// # Panics
    /// When a column index is out of range.
    ///
    /// ```
    /// use chambers_ideology::{correspondence_analysis, CsrMatrix, SolverParams};
    /// let a = CsrMatrix::from_triplets(3, 3, [(0, 0, 3.0), (0, 1, 1.0), (1, 1, 2.0), (1, 2, 1.0), (2, 2, 2.0), (2, 0, 1.0)]).unwrap();
    /// let ca = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
    /// let x = ca.project_row(&[(0, 3.0), (1, 1.0)]).unwrap();
    /// assert!((x[0] - ca.row_standard[0][0]).abs() < 1e-12);
    /// assert!(ca.project_row(&[]).is_none());
    /// ```
    pub fn project_row(&self, counts: &[(u32, f64)]) -> Option<Vec<f64>> {
        let total: f64 = counts.iter().map(|&(_, a)| a).sum();
        if total <= 0.0 || !total.is_finite() {
            return None;
        }
        Some(
            self.column_standard
                .iter()
                .zip(&self.singular_values)
                .map(|(y, s)| {
                    counts.iter().map(|&(j, a)| a * y[j as usize]).sum::<f64>() / total / s
                })
                .collect(),
        )
    }

    /// Flips the sign of dimension `k` for rows and columns.
    pub(crate) fn flip(&mut self, k: usize) {
        for x in self.row_standard[k]
            .iter_mut()
            .chain(self.column_standard[k].iter_mut())
        {
            *x = -*x;
        }
    }
}

/// Correspondence analysis of the non-negative count matrix `a`: its first `dims` non-trivial
/// dimensions (see [`Correspondence`] for the definitions).
///
/// The dense standardised residual S is never formed. M = D_r^-½ P D_c^-½ keeps the sparsity
/// of `a` — M_ij = a_ij / √(s_i t_j) with row sums s_i and column sums t_j, applied straight
/// from `a` without a scaled copy — and SᵀS = MᵀM − √c√cᵀ because the leading singular triplet
/// of M is the trivial (1, √r, √c). The right singular vectors V of S are the leading
/// eigenvectors of that deflated operator and σ_k² its eigenvalues; U = S V / σ = M V / σ
/// (V ⟂ √c):
/// * [`Method::Gram`] forms SᵀS (columns × columns) from the sparse entries, row after row in
///   a fixed order, and solves it in place with faer's dense symmetric eigensolver (Householder
///   tridiagonalisation and divide and conquer, sequential), so bits do not depend on the
///   thread count; besides `a` and the result it holds about four columns × columns matrices
///   (the Gram matrix, the eigenvectors and the eigensolver's workspace);
/// * [`Method::Lanczos`] runs a seeded thick-restart Lanczos on x ↦ Mᵀ(Mx) − √c(√cᵀx), with
///   only sparse products (the method paper's §8 asks for a Lanczos method: randomised SVD is
///   visibly inaccurate when σ_2 ≈ σ_3).
///
/// Both then need one rows-long scratch vector besides the row coordinates and masses returned.
///
/// Residuals ‖SᵀS v_k − σ_k² v_k‖ are measured on the sparse operator for either method and
/// reported in [`Correspondence::convergence`]; non-convergence is a value there, not an error.
///
/// # Errors
/// [`IdeologyError::BadParameter`] for `dims == 0` or bad solver parameters;
/// [`IdeologyError::TooFewUsers`] / [`IdeologyError::TooFewInfluencers`] when the matrix has
/// at most `dims` rows / columns; [`IdeologyError::Degenerate`] for an empty row or column or
/// when fewer than `dims` non-zero singular values exist; [`IdeologyError::EigenSolver`] if the
/// dense eigensolver fails.
///
/// ```
/// use chambers_ideology::{correspondence_analysis, CsrMatrix, Method, SolverParams};
/// // Two blocks joined by one weak link: σ_1 is close to 1.
/// let a = CsrMatrix::from_triplets(4, 4, [
///     (0, 0, 5.0), (0, 1, 5.0), (1, 0, 5.0), (1, 1, 4.0), (1, 2, 1.0),
///     (2, 2, 5.0), (2, 3, 5.0), (3, 2, 5.0), (3, 3, 5.0),
/// ]).unwrap();
/// let gram = correspondence_analysis(&a, 1, &SolverParams::default()).unwrap();
/// let lanczos = correspondence_analysis(&a, 1, &SolverParams::default().method(Method::Lanczos)).unwrap();
/// assert!(gram.singular_values[0] > 0.9);
/// assert!((gram.singular_values[0] - lanczos.singular_values[0]).abs() < 1e-12);
/// // The two blocks fall on opposite sides.
/// assert!(gram.row_standard[0][0] * gram.row_standard[0][3] < 0.0);
/// ```
pub fn correspondence_analysis(
    a: &CsrMatrix,
    dims: usize,
    params: &SolverParams,
) -> Result<Correspondence, IdeologyError> {
    params.check()?;
    if dims == 0 {
        return Err(IdeologyError::bad("dims", "must be at least 1"));
    }
    if a.n_rows() <= dims {
        return Err(IdeologyError::TooFewUsers {
            users: a.n_rows(),
            needed: dims + 1,
        });
    }
    if a.n_cols() <= dims {
        return Err(IdeologyError::TooFewInfluencers {
            influencers: a.n_cols(),
            needed: dims + 1,
        });
    }
    let op = Standardized::new(a)?;
    let (n, m) = (op.n_rows(), op.n_cols());
    let method = match params.method {
        Method::Auto if m <= params.gram_max_columns => Method::Gram,
        Method::Auto => Method::Lanczos,
        chosen => chosen,
    };
    let mut scratch = Vec::new();
    let pairs = match method {
        Method::Lanczos => {
            scratch.resize(n, 0.0);
            lanczos(
                |x, z| op.apply_deflated(x, z, &mut scratch),
                m,
                dims,
                &op.sqrt_c,
                params,
            )
        }
        _ => gram_eigenpairs(&op, dims)?,
    };
    let available = pairs
        .values
        .iter()
        .take_while(|&&l| l > ZERO_EIGENVALUE)
        .count();
    if available < dims {
        return Err(IdeologyError::Degenerate(format!(
            "only {available} non-zero non-trivial singular values, {dims} requested"
        )));
    }
    let singular_values: Vec<f64> = pairs.values.iter().map(|l| l.sqrt()).collect();
    let mut residuals = Vec::with_capacity(dims);
    let mut applied = vec![0.0; m];
    scratch.resize(n, 0.0);
    let mut row_standard = Vec::with_capacity(dims);
    let mut column_standard = Vec::with_capacity(dims);
    for ((v, &lambda), &sigma) in pairs
        .vectors
        .iter()
        .zip(&pairs.values)
        .zip(&singular_values)
    {
        let norm = dot(v, v).sqrt();
        let v: Vec<f64> = v.iter().map(|x| x / norm).collect();
        // Leaves Mv in `scratch`.
        op.apply_deflated(&v, &mut applied, &mut scratch);
        let r2: f64 = applied
            .iter()
            .zip(&v)
            .map(|(g, x)| (g - lambda * x).powi(2))
            .sum();
        residuals.push(r2.sqrt());
        let mut y: Vec<f64> = v.iter().zip(&op.sqrt_c).map(|(v, c)| v / c).collect();
        let shift = dot(&op.sqrt_c, &v);
        let mut x: Vec<f64> = scratch
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let r = op.row_mass(i).sqrt();
                (u - r * shift) / (sigma * r)
            })
            .collect();
        let pivot = y.iter().enumerate().fold(
            0,
            |best, (j, v)| if v.abs() > y[best].abs() { j } else { best },
        );
        if y[pivot] < 0.0 {
            x.iter_mut().chain(y.iter_mut()).for_each(|z| *z = -*z);
        }
        row_standard.push(x);
        column_standard.push(y);
    }
    drop(scratch);
    let total_inertia = op.total_inertia();
    let convergence = Convergence {
        method,
        iterations: pairs.iterations,
        restarts: pairs.restarts,
        converged: pairs.converged,
        residuals,
    };
    Ok(Correspondence {
        inertia_shares: pairs.values.iter().map(|l| l / total_inertia).collect(),
        singular_values,
        total_inertia,
        row_masses: (0..n).map(|i| op.row_mass(i)).collect(),
        column_masses: op.sqrt_c.iter().map(|s| s * s).collect(),
        row_standard,
        column_standard,
        convergence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::Mat;
    use proptest::prelude::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    /// A random count matrix with every row and column non-empty.
    fn random_matrix(n: usize, m: usize, density: f64, seed: u64) -> CsrMatrix {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut t = Vec::new();
        for i in 0..n {
            t.push((
                i,
                rng.random_range(0..m),
                f64::from(rng.random_range(1..4u32)),
            ));
            for j in 0..m {
                if rng.random_bool(density) {
                    t.push((i, j, f64::from(rng.random_range(1..6u32))));
                }
            }
        }
        for j in 0..m {
            t.push((rng.random_range(0..n), j, 1.0));
        }
        CsrMatrix::from_triplets(n, m, t).unwrap()
    }

    fn dense(a: &CsrMatrix) -> Mat<f64> {
        let mut d = Mat::zeros(a.n_rows(), a.n_cols());
        for i in 0..a.n_rows() {
            let (cols, vals) = a.row(i);
            for (&j, &v) in cols.iter().zip(vals) {
                d[(i, j as usize)] = v;
            }
        }
        d
    }

    /// The explicit standardised residual S and its masses.
    fn residual(a: &CsrMatrix) -> (Mat<f64>, Vec<f64>, Vec<f64>) {
        let d = dense(a);
        let total: f64 = (0..d.nrows())
            .flat_map(|i| (0..d.ncols()).map(move |j| (i, j)))
            .map(|(i, j)| d[(i, j)])
            .sum();
        let r: Vec<f64> = (0..d.nrows())
            .map(|i| (0..d.ncols()).map(|j| d[(i, j)]).sum::<f64>() / total)
            .collect();
        let c: Vec<f64> = (0..d.ncols())
            .map(|j| (0..d.nrows()).map(|i| d[(i, j)]).sum::<f64>() / total)
            .collect();
        let s = Mat::from_fn(d.nrows(), d.ncols(), |i, j| {
            (d[(i, j)] / total - r[i] * c[j]) / (r[i] * c[j]).sqrt()
        });
        (s, r, c)
    }

    /// Largest |a − sign·b| after aligning the sign of `b` to `a`.
    fn aligned_gap(a: &[f64], b: &[f64]) -> f64 {
        let sign = if super::dot(a, b) < 0.0 { -1.0 } else { 1.0 };
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - sign * y).abs())
            .fold(0.0, f64::max)
    }

    fn lanczos_params() -> SolverParams {
        SolverParams::default().method(Method::Lanczos)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Both solvers match a dense SVD of the explicit residual S: singular values and
        /// singular vectors (u_i = x_i √r_i, v_j = y_j √c_j) to 1e-9.
        #[test]
        fn matches_dense_svd(
            n in 3usize..30,
            m in 3usize..12,
            density in 0.1f64..0.6,
            seed in any::<u64>(),
        ) {
            let a = random_matrix(n, m, density, seed);
            let (s, r, c) = residual(&a);
            let svd = s.thin_svd().unwrap();
            let sigma: Vec<f64> = svd.S().column_vector().iter().copied().collect();
            let dims = 2.min(n.min(m) - 1);
            // Singular vectors are only determined when their singular value is isolated.
            for k in 0..dims {
                prop_assume!(sigma[k] > 1e-6);
                prop_assume!(sigma[k] - sigma[k + 1] > 1e-4);
                prop_assume!(k == 0 || sigma[k - 1] - sigma[k] > 1e-4);
            }
            for params in [SolverParams::default(), lanczos_params()] {
                let ca = correspondence_analysis(&a, dims, &params).unwrap();
                prop_assert!(ca.convergence.converged);
                for (k, s) in sigma.iter().enumerate().take(dims) {
                    prop_assert!((ca.singular_values[k] - s).abs() < 1e-9);
                    let u: Vec<f64> = ca.row_standard[k].iter().zip(&r).map(|(x, r)| x * r.sqrt()).collect();
                    let v: Vec<f64> = ca.column_standard[k].iter().zip(&c).map(|(y, c)| y * c.sqrt()).collect();
                    let u_ref: Vec<f64> = svd.U().col(k).iter().copied().collect();
                    let v_ref: Vec<f64> = svd.V().col(k).iter().copied().collect();
                    prop_assert!(aligned_gap(&u, &u_ref) < 1e-9, "u {k}: {u:?} {u_ref:?}");
                    prop_assert!(aligned_gap(&v, &v_ref) < 1e-9, "v {k}");
                    prop_assert!(ca.convergence.residuals[k] < 1e-11);
                }
                let all: f64 = sigma.iter().map(|s| s * s).sum();
                prop_assert!((ca.total_inertia - all).abs() < 1e-12);
            }
        }

        /// Projecting a fitted row as a supplementary row gives back its coordinates.
        #[test]
        fn fitted_rows_project_onto_themselves(seed in any::<u64>()) {
            let a = random_matrix(12, 6, 0.4, seed);
            let Ok(ca) = correspondence_analysis(&a, 2, &SolverParams::default()) else {
                return Ok(());
            };
            for i in 0..a.n_rows() {
                let (cols, vals) = a.row(i);
                let counts: Vec<(u32, f64)> = cols.iter().copied().zip(vals.iter().copied()).collect();
                let x = ca.project_row(&counts).unwrap();
                for (xk, row) in x.iter().zip(&ca.row_standard) {
                    prop_assert!((xk - row[i]).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn gram_and_lanczos_agree_on_a_larger_matrix() {
        let a = random_matrix(3000, 400, 0.01, 7);
        let g = correspondence_analysis(&a, 3, &SolverParams::default()).unwrap();
        let l = correspondence_analysis(&a, 3, &lanczos_params()).unwrap();
        assert_eq!(g.convergence.method, Method::Gram);
        assert!(l.convergence.converged && l.convergence.restarts > 0);
        for k in 0..3 {
            assert!((g.singular_values[k] - l.singular_values[k]).abs() < 1e-10);
            assert!(aligned_gap(&g.row_standard[k], &l.row_standard[k]) < 1e-7);
            assert!(l.convergence.residuals[k] < 1e-11);
        }
    }

    #[test]
    fn row_and_column_order_do_not_matter() {
        let a = random_matrix(40, 9, 0.3, 3);
        let (n, m) = (a.n_rows(), a.n_cols());
        let row_perm: Vec<usize> = (0..n).map(|i| (i * 7 + 3) % n).collect();
        let col_perm: Vec<usize> = (0..m).map(|j| (j * 4 + 1) % m).collect();
        let mut t = Vec::new();
        for (i, &pi) in row_perm.iter().enumerate() {
            let (cols, vals) = a.row(i);
            for (&j, &v) in cols.iter().zip(vals) {
                t.push((pi, col_perm[j as usize], v));
            }
        }
        let b = CsrMatrix::from_triplets(n, m, t).unwrap();
        for params in [SolverParams::default(), lanczos_params()] {
            let x = correspondence_analysis(&a, 2, &params).unwrap();
            let y = correspondence_analysis(&b, 2, &params).unwrap();
            for k in 0..2 {
                assert!((x.singular_values[k] - y.singular_values[k]).abs() < 1e-12);
                for (i, &pi) in row_perm.iter().enumerate() {
                    assert!((x.row_standard[k][i] - y.row_standard[k][pi]).abs() < 1e-9);
                }
                for (j, &pj) in col_perm.iter().enumerate() {
                    assert!((x.column_standard[k][j] - y.column_standard[k][pj]).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn bits_do_not_depend_on_threads() {
        let a = random_matrix(9000, 60, 0.05, 11);
        let run = |threads: usize, params: SolverParams| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| correspondence_analysis(&a, 2, &params).unwrap())
        };
        for params in [SolverParams::default(), lanczos_params()] {
            let one = run(1, params);
            let four = run(4, params);
            let bits = |c: &Correspondence| -> Vec<u64> {
                c.singular_values
                    .iter()
                    .chain(c.row_standard.iter().flatten())
                    .chain(c.column_standard.iter().flatten())
                    .chain(&c.convergence.residuals)
                    .map(|x| x.to_bits())
                    .collect()
            };
            assert_eq!(bits(&one), bits(&four));
        }
    }

    #[test]
    fn iteration_cap_is_reported_not_fatal() {
        let a = random_matrix(500, 80, 0.05, 5);
        let params = lanczos_params().max_iterations(3);
        let ca = correspondence_analysis(&a, 1, &params).unwrap();
        assert!(!ca.convergence.converged);
        assert_eq!(ca.convergence.iterations, 3);
        assert!(ca.convergence.residuals[0] > 1e-12);
    }

    #[test]
    fn degenerate_inputs_are_errors() {
        let empty_col = CsrMatrix::from_triplets(3, 3, [(0, 0, 1.0), (1, 1, 1.0), (2, 0, 1.0)]);
        assert!(matches!(
            correspondence_analysis(&empty_col.unwrap(), 1, &SolverParams::default()),
            Err(IdeologyError::Degenerate(_))
        ));
        // Identical row profiles: no structure, S = 0.
        let flat =
            CsrMatrix::from_triplets(2, 2, [(0, 0, 1.0), (0, 1, 1.0), (1, 0, 2.0), (1, 1, 2.0)]);
        for params in [SolverParams::default(), lanczos_params()] {
            assert!(matches!(
                correspondence_analysis(flat.as_ref().unwrap(), 1, &params),
                Err(IdeologyError::Degenerate(_))
            ));
        }
        let small = CsrMatrix::from_triplets(2, 5, [(0, 0, 1.0), (1, 1, 1.0)]).unwrap();
        assert_eq!(
            correspondence_analysis(&small, 2, &SolverParams::default()).unwrap_err(),
            IdeologyError::TooFewUsers {
                users: 2,
                needed: 3
            }
        );
    }

    #[test]
    fn disconnected_blocks_give_sigma_one() {
        let a = CsrMatrix::from_triplets(
            4,
            4,
            [
                (0, 0, 1.0),
                (0, 1, 2.0),
                (1, 0, 2.0),
                (1, 1, 1.0),
                (2, 2, 1.0),
                (2, 3, 1.0),
                (3, 3, 2.0),
            ],
        )
        .unwrap();
        for params in [SolverParams::default(), lanczos_params()] {
            let ca = correspondence_analysis(&a, 1, &params).unwrap();
            assert!((ca.singular_values[0] - 1.0).abs() < 1e-12);
            assert!(ca.row_standard[0][0] * ca.row_standard[0][2] < 0.0);
        }
    }
}
