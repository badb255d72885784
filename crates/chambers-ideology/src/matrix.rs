//! A compressed sparse row matrix of non-negative counts: the users × influencers table that
//! correspondence analysis decomposes.

use crate::IdeologyError;

/// A sparse matrix of non-negative, finite values in compressed sparse row form: row `i` holds
/// the sorted, distinct column indices `indices[offsets[i]..offsets[i + 1]]` with their values.
/// Explicit zeros are not stored. 12 bytes per non-zero plus 8 per row.
///
/// ```
/// use chambers_ideology::CsrMatrix;
/// let a = CsrMatrix::from_triplets(2, 3, [(0, 2, 1.0), (1, 0, 2.0), (0, 2, 3.0)]).unwrap();
/// assert_eq!((a.n_rows(), a.n_cols(), a.nnz()), (2, 3, 2));
/// assert_eq!(a.row(0), (&[2u32][..], &[4.0][..]));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsrMatrix {
    n_cols: usize,
    offsets: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl CsrMatrix {
    /// Builds a matrix from `(row, column, value)` entries in any order; entries of the same cell
    /// are summed, and cells that sum to zero are left out.
    ///
    /// # Errors
    /// [`IdeologyError::Degenerate`] when an index is out of range, a value is negative or not
    /// finite, or `n_cols` exceeds `u32::MAX`.
    ///
    /// ```
    /// use chambers_ideology::CsrMatrix;
    /// assert!(CsrMatrix::from_triplets(1, 1, [(0, 0, -1.0)]).is_err());
    /// assert!(CsrMatrix::from_triplets(1, 1, [(0, 1, 1.0)]).is_err());
    /// assert_eq!(CsrMatrix::from_triplets(1, 1, [(0, 0, 0.0)]).unwrap().nnz(), 0);
    /// ```
    pub fn from_triplets(
        n_rows: usize,
        n_cols: usize,
        triplets: impl IntoIterator<Item = (usize, usize, f64)>,
    ) -> Result<Self, IdeologyError> {
        if u32::try_from(n_cols).is_err() {
            return Err(IdeologyError::Degenerate(format!(
                "{n_cols} columns: at most {} are supported",
                u32::MAX
            )));
        }
        let mut entries = Vec::new();
        for (i, j, v) in triplets {
            if i >= n_rows || j >= n_cols {
                return Err(IdeologyError::Degenerate(format!(
                    "entry ({i}, {j}) outside a {n_rows} × {n_cols} matrix"
                )));
            }
            if !(v.is_finite() && v >= 0.0) {
                return Err(IdeologyError::Degenerate(format!(
                    "entry ({i}, {j}) is {v}: values must be finite and non-negative"
                )));
            }
            entries.push((i, j as u32, v));
        }
        entries.sort_by_key(|&(i, j, _)| (i, j));
        let mut offsets = vec![0usize; n_rows + 1];
        let mut indices = Vec::with_capacity(entries.len());
        let mut values: Vec<f64> = Vec::with_capacity(entries.len());
        let mut k = 0;
        while k < entries.len() {
            let (i, j, mut v) = entries[k];
            k += 1;
            while k < entries.len() && (entries[k].0, entries[k].1) == (i, j) {
                v += entries[k].2;
                k += 1;
            }
            if v > 0.0 {
                offsets[i + 1] += 1;
                indices.push(j);
                values.push(v);
            }
        }
        for i in 0..n_rows {
            offsets[i + 1] += offsets[i];
        }
        Ok(Self {
            n_cols,
            offsets,
            indices,
            values,
        })
    }

    /// Assembles a matrix from CSR parts: `offsets` (`n_rows + 1` non-decreasing positions
    /// from 0 to the number of entries) and, per row, strictly increasing column `indices` below
    /// `n_cols` with their `values` (finite, non-negative).
    ///
    /// # Errors
    /// [`IdeologyError::Degenerate`] naming the first violation.
    ///
    /// ```
    /// use chambers_ideology::CsrMatrix;
    /// let a = CsrMatrix::new(3, vec![0, 2, 3], vec![0, 2, 1], vec![1.0, 2.0, 5.0]).unwrap();
    /// assert_eq!(a.row(1), (&[1u32][..], &[5.0][..]));
    /// assert!(CsrMatrix::new(3, vec![0, 2], vec![2, 0], vec![1.0, 1.0]).is_err()); // unsorted
    /// ```
    pub fn new(
        n_cols: usize,
        offsets: Vec<usize>,
        indices: Vec<u32>,
        values: Vec<f64>,
    ) -> Result<Self, IdeologyError> {
        let bad = |what: String| Err(IdeologyError::Degenerate(what));
        if offsets.first() != Some(&0)
            || offsets.last() != Some(&indices.len())
            || indices.len() != values.len()
        {
            return bad(format!(
                "offsets must run from 0 to the {} entries ({} values)",
                indices.len(),
                values.len()
            ));
        }
        for (i, w) in offsets.windows(2).enumerate() {
            if w[0] > w[1] {
                return bad(format!("offsets decrease at row {i}"));
            }
            let row = &indices[w[0]..w[1]];
            if row.windows(2).any(|p| p[0] >= p[1]) {
                return bad(format!(
                    "column indices of row {i} are not strictly increasing"
                ));
            }
            if row.last().is_some_and(|&j| j as usize >= n_cols) {
                return bad(format!("row {i} has a column index outside 0..{n_cols}"));
            }
        }
        if let Some(k) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return bad(format!(
                "value {} at entry {k}: values must be finite and non-negative",
                values[k]
            ));
        }
        Ok(Self {
            n_cols,
            offsets,
            indices,
            values,
        })
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(chambers_ideology::CsrMatrix::from_triplets(4, 2, []).unwrap().n_rows(), 4);
    /// ```
    pub fn n_rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of columns.
    ///
    /// ```
    /// assert_eq!(chambers_ideology::CsrMatrix::from_triplets(4, 2, []).unwrap().n_cols(), 2);
    /// ```
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored (non-zero) entries.
    ///
    /// ```
    /// let a = chambers_ideology::CsrMatrix::from_triplets(2, 2, [(0, 0, 1.0), (1, 1, 1.0)]).unwrap();
    /// assert_eq!(a.nnz(), 2);
    /// ```
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i`: its sorted column indices and their values.
    ///
    /// # Panics
    /// When `i` is not a row index.
    ///
    /// ```
    /// let a = chambers_ideology::CsrMatrix::from_triplets(2, 3, [(1, 2, 5.0), (1, 0, 1.0)]).unwrap();
    /// assert_eq!(a.row(1), (&[0u32, 2][..], &[1.0, 5.0][..]));
    /// assert!(a.row(0).0.is_empty());
    /// ```
    #[inline]
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[i]..self.offsets[i + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// Heap bytes of the matrix, for memory reports.
    ///
    /// ```
    /// let a = chambers_ideology::CsrMatrix::from_triplets(1, 1, [(0, 0, 1.0)]).unwrap();
    /// assert!(a.heap_bytes() >= 12 + 16);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.indices.capacity() * 4
            + self.values.capacity() * 8
    }
}
