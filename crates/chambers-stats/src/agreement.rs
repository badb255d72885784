//! Agreement between two labellings: confusion matrix, accuracy, F1, kappa, adjusted Rand, and
//! the per-group majority rule of Kolic et al. (2025).

use serde::{Deserialize, Serialize};

use crate::error::{StatsError, check_len};

/// A k × k confusion matrix: `counts[t][p]` = items with true class t predicted as p.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    /// Counts, row = true class, column = predicted class.
    pub counts: Vec<Vec<usize>>,
}

impl ConfusionMatrix {
    /// Tallies `truth` against `predicted`, classes 0..k.
    ///
    /// # Errors
    /// [`StatsError::LengthMismatch`] when the slices differ in length.
    ///
    /// # Panics
    /// When a class is ≥ k.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.counts, vec![vec![1, 1], vec![0, 2]]);
    /// ```
    pub fn new(truth: &[usize], predicted: &[usize], k: usize) -> Result<Self, StatsError> {
        check_len("predicted", predicted.len(), truth.len())?;
        let mut counts = vec![vec![0usize; k]; k];
        for (&t, &p) in truth.iter().zip(predicted) {
            assert!(t < k && p < k, "class {t} or {p} is outside 0..{k}");
            counts[t][p] += 1;
        }
        Ok(ConfusionMatrix { counts })
    }

    fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of items on the diagonal; `None` for an empty matrix.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.accuracy(), Some(0.75));
    /// ```
    pub fn accuracy(&self) -> Option<f64> {
        let total = self.total();
        let hits: usize = (0..self.counts.len()).map(|i| self.counts[i][i]).sum();
        (total > 0).then(|| hits as f64 / total as f64)
    }

    /// Precision of class `positive`: TP / (TP + FP); `None` when nothing is predicted positive.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.precision(1), Some(2.0 / 3.0));
    /// ```
    pub fn precision(&self, positive: usize) -> Option<f64> {
        let predicted: usize = self.counts.iter().map(|row| row[positive]).sum();
        (predicted > 0).then(|| self.counts[positive][positive] as f64 / predicted as f64)
    }

    /// Recall of class `positive`: TP / (TP + FN); `None` when no item is truly positive.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.recall(1), Some(1.0));
    /// ```
    pub fn recall(&self, positive: usize) -> Option<f64> {
        let actual: usize = self.counts[positive].iter().sum();
        (actual > 0).then(|| self.counts[positive][positive] as f64 / actual as f64)
    }

    /// F1 of class `positive`: 2TP / (2TP + FP + FN); `None` when that denominator is 0.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.f1(1), Some(0.8));
    /// ```
    pub fn f1(&self, positive: usize) -> Option<f64> {
        let tp = self.counts[positive][positive];
        let predicted: usize = self.counts.iter().map(|row| row[positive]).sum();
        let actual: usize = self.counts[positive].iter().sum();
        let denominator = predicted + actual;
        (denominator > 0).then(|| 2.0 * tp as f64 / denominator as f64)
    }

    /// Cohen's kappa (p_o − p_e)/(1 − p_e) (J. Cohen, Educ. Psychol. Meas. 20 (1960) 37–46);
    /// `None` for an empty matrix or when p_e = 1.
    ///
    /// ```
    /// use chambers_stats::ConfusionMatrix;
    /// let c = ConfusionMatrix::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2).unwrap();
    /// assert_eq!(c.cohen_kappa(), Some(0.5));
    /// ```
    pub fn cohen_kappa(&self) -> Option<f64> {
        let total = self.total() as f64;
        let po = self.accuracy()?;
        let k = self.counts.len();
        let pe: f64 = (0..k)
            .map(|i| {
                let row: usize = self.counts[i].iter().sum();
                let col: usize = self.counts.iter().map(|r| r[i]).sum();
                row as f64 * col as f64 / (total * total)
            })
            .sum();
        (pe < 1.0).then(|| (po - pe) / (1.0 - pe))
    }
}

fn pairs(c: usize) -> f64 {
    (c * c.saturating_sub(1)) as f64 / 2.0
}

/// Hubert and Arabie's adjusted Rand index of two partitions (L. Hubert and P. Arabie,
/// J. Classif. 2 (1985) 193–218): 1 for identical partitions, about 0 for independent ones.
/// Labels are arbitrary non-negative integers. `None` when both partitions are trivial (the
/// expected and maximum index coincide), e.g. fewer than 2 items.
///
/// # Errors
/// [`StatsError::LengthMismatch`] when the slices differ in length.
///
/// ```
/// use chambers_stats::adjusted_rand_index;
/// assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]).unwrap(), Some(1.0));
/// ```
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> Result<Option<f64>, StatsError> {
    check_len("b", b.len(), a.len())?;
    let ka = a.iter().max().map_or(0, |&m| m + 1);
    let kb = b.iter().max().map_or(0, |&m| m + 1);
    let mut table = vec![0usize; ka * kb];
    for (&x, &y) in a.iter().zip(b) {
        table[x * kb + y] += 1;
    }
    let index: f64 = table.iter().map(|&c| pairs(c)).sum();
    let rows: f64 = (0..ka)
        .map(|i| pairs(table[i * kb..(i + 1) * kb].iter().sum()))
        .sum();
    let cols: f64 = (0..kb)
        .map(|j| pairs((0..ka).map(|i| table[i * kb + j]).sum()))
        .sum();
    let expected = rows * cols / pairs(a.len()).max(1.0);
    let max = (rows + cols) / 2.0;
    Ok((max - expected != 0.0).then(|| (index - expected) / (max - expected)))
}

/// Agreement under the per-group majority rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MajorityAgreement {
    /// `mapping[g]` = the true class that predicted group g is mapped to (its majority).
    pub mapping: Vec<usize>,
    /// Truth against the mapped predictions.
    pub confusion: ConfusionMatrix,
    /// Accuracy under the rule.
    pub accuracy: Option<f64>,
    /// Precision of the positive class.
    pub precision: Option<f64>,
    /// Recall of the positive class.
    pub recall: Option<f64>,
    /// F1 of the positive class.
    pub f1: Option<f64>,
}

/// The paper's agreement rule (Kolic et al. 2025, comparison with latent ideology): every
/// predicted group is mapped to the true class most of its members have (ties to the smaller
/// class), members of that class count as correct, and the metrics are computed on the mapped
/// predictions. Predicted groups may be any number; true classes are 0..k.
///
/// # Errors
/// [`StatsError::LengthMismatch`] when the slices differ in length.
///
/// # Panics
/// When a true class or `positive` is ≥ k.
///
/// ```
/// use chambers_stats::majority_agreement;
/// // Predicted group 5 is mostly class 1, group 2 mostly class 0.
/// let m = majority_agreement(&[0, 0, 0, 1, 1, 1], &[2, 2, 5, 5, 5, 5], 2, 1).unwrap();
/// assert_eq!(m.mapping[5], 1);
/// assert_eq!(m.accuracy, Some(5.0 / 6.0));
/// ```
pub fn majority_agreement(
    truth: &[usize],
    predicted: &[usize],
    k: usize,
    positive: usize,
) -> Result<MajorityAgreement, StatsError> {
    check_len("predicted", predicted.len(), truth.len())?;
    assert!(positive < k, "positive class {positive} is outside 0..{k}");
    let groups = predicted.iter().max().map_or(0, |&m| m + 1);
    let mut tally = vec![vec![0usize; k]; groups];
    for (&t, &p) in truth.iter().zip(predicted) {
        assert!(t < k, "class {t} is outside 0..{k}");
        tally[p][t] += 1;
    }
    let mapping: Vec<usize> = tally
        .iter()
        .map(|row| {
            (0..k)
                .max_by(|&a, &b| row[a].cmp(&row[b]).then(b.cmp(&a)))
                .unwrap_or(0)
        })
        .collect();
    let mapped: Vec<usize> = predicted.iter().map(|&p| mapping[p]).collect();
    let confusion = ConfusionMatrix::new(truth, &mapped, k)?;
    Ok(MajorityAgreement {
        accuracy: confusion.accuracy(),
        precision: confusion.precision(positive),
        recall: confusion.recall(positive),
        f1: confusion.f1(positive),
        mapping,
        confusion,
    })
}

/// The confusion matrix after relabelling the predictions by the permutation of 0..k that
/// maximises the diagonal (ties to the first permutation in lexicographic order). For k = 2 this
/// is the sign alignment of a score whose sign is arbitrary (an SVD axis). Returns the matrix and
/// the permutation: prediction p is read as class `permutation[p]`.
///
/// # Errors
/// [`StatsError::LengthMismatch`], and [`StatsError::BadParameter`] for k > 8 (the search tries
/// all k! permutations).
///
/// # Panics
/// When a class is ≥ k.
///
/// ```
/// use chambers_stats::aligned_confusion;
/// let (c, perm) = aligned_confusion(&[0, 0, 1, 1], &[1, 1, 0, 1], 2).unwrap();
/// assert_eq!(perm, vec![1, 0]);
/// assert_eq!(c.counts, vec![vec![2, 0], vec![1, 1]]);
/// ```
pub fn aligned_confusion(
    truth: &[usize],
    predicted: &[usize],
    k: usize,
) -> Result<(ConfusionMatrix, Vec<usize>), StatsError> {
    if k > 8 {
        return Err(StatsError::bad(
            "k",
            "alignment searches k! permutations; k ≤ 8",
        ));
    }
    let raw = ConfusionMatrix::new(truth, predicted, k)?;
    let mut perm: Vec<usize> = (0..k).collect();
    let mut best = (0usize, perm.clone());
    let mut first = true;
    loop {
        let hits: usize = (0..k).map(|p| raw.counts[perm[p]][p]).sum();
        if first || hits > best.0 {
            best = (hits, perm.clone());
            first = false;
        }
        // Next permutation in lexicographic order.
        let Some(i) = (1..k).rev().find(|&i| perm[i - 1] < perm[i]) else {
            break;
        };
        let j = (i..k).rev().find(|&j| perm[j] > perm[i - 1]).unwrap_or(i);
        perm.swap(i - 1, j);
        perm[i..].reverse();
    }
    let mapped: Vec<usize> = predicted.iter().map(|&p| best.1[p]).collect();
    Ok((ConfusionMatrix::new(truth, &mapped, k)?, best.1))
}
