//! Families of sorted id sets, and the pair counts between their members.

use crate::Measure;

/// A family of sets of local user ids (audiences or chambers of the active leaders), each sorted
/// and duplicate-free, one allocation per set.
///
/// ```
/// use chambers_overlap::SetFamily;
/// let f = SetFamily::from_sets([vec![1, 4], vec![], vec![0, 4, 9]]);
/// assert_eq!(f.len(), 3);
/// assert_eq!(f.get(2), &[0, 4, 9]);
/// assert_eq!(f.size(1), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetFamily {
    sets: Vec<Box<[u32]>>,
}

impl SetFamily {
    /// Builds a family from sets that are already sorted and duplicate-free.
    ///
    /// # Panics
    /// When a set is not strictly increasing (a caller contract).
    ///
    /// ```should_panic
    /// // Audiences must be handed over sorted: {7, 2} is rejected, not silently reordered.
    /// chambers_overlap::SetFamily::from_sets([vec![2, 7], vec![7, 2]]);
    /// ```
    pub fn from_sets<S: AsRef<[u32]>>(sets: impl IntoIterator<Item = S>) -> Self {
        let sets: Vec<Vec<u32>> = sets.into_iter().map(|s| s.as_ref().to_vec()).collect();
        assert!(
            sets.iter().all(|s| is_strictly_increasing(s)),
            "SetFamily::from_sets: sets must be sorted and duplicate-free"
        );
        Self::from_sorted(sets)
    }

    /// Takes sets that a kernel built sorted, without copying them.
    pub(crate) fn from_sorted(sets: Vec<Vec<u32>>) -> Self {
        debug_assert!(sets.iter().all(|s| is_strictly_increasing(s)));
        Self {
            sets: sets.into_iter().map(Vec::into_boxed_slice).collect(),
        }
    }

    /// Number of sets.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether the family has no sets.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Set `i`, sorted.
    pub fn get(&self, i: usize) -> &[u32] {
        &self.sets[i]
    }

    /// Size of set `i`.
    pub fn size(&self, i: usize) -> usize {
        self.sets[i].len()
    }

    /// All sets in order.
    ///
    /// ```
    /// let f = chambers_overlap::SetFamily::from_sets([vec![1], vec![2]]);
    /// assert_eq!(f.iter().map(<[u32]>::len).sum::<usize>(), 2);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        self.sets.iter().map(|s| &s[..])
    }

    /// Heap bytes held: at least 4 per member, plus one slice pointer per set.
    ///
    /// ```
    /// let f = chambers_overlap::SetFamily::from_sets([(0..1_000).collect::<Vec<u32>>(), vec![]]);
    /// assert!(f.heap_bytes() >= 4 * 1_000 + 2 * std::mem::size_of::<Box<[u32]>>());
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.sets.capacity() * std::mem::size_of::<Box<[u32]>>()
            + self.iter().map(|s| s.len() * 4).sum::<usize>()
    }
}

fn is_strictly_increasing(s: &[u32]) -> bool {
    s.windows(2).all(|w| w[0] < w[1])
}

/// Sizes of all pairwise intersections of a [`SetFamily`]: a symmetric k × k matrix whose
/// diagonal holds the set sizes. Both overlap measures of METHOD.md §3 follow from it.
///
/// ```
/// use chambers_overlap::{pair_counts, SetFamily};
/// let f = SetFamily::from_sets([vec![1, 2, 3], vec![2, 3, 4], vec![9]]);
/// let c = pair_counts(&f);
/// assert_eq!(c.intersection(0, 1), 2);
/// assert_eq!(c.jaccard(0, 1), 0.5);
/// assert_eq!(c.overlap_coefficient(0, 1), 2.0 / 3.0);
/// assert_eq!(c.jaccard(0, 2), 0.0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairCounts {
    k: usize,
    counts: Vec<u32>,
}

impl PairCounts {
    pub(crate) fn from_upper(
        k: usize,
        mut counts: Vec<u32>,
        sizes: impl Iterator<Item = usize>,
    ) -> Self {
        for (i, size) in sizes.enumerate() {
            counts[i * k + i] = u32::try_from(size).expect("set sizes fit in u32");
            for j in i + 1..k {
                counts[j * k + i] = counts[i * k + j];
            }
        }
        Self { k, counts }
    }

    /// Pair counts from the set sizes and the intersection count of pairs `(i, j, count)`,
    /// `i < j` (pairs not given share nothing): counts computed elsewhere, e.g. by a query
    /// engine, turned into the record every overlap measure reads.
    ///
    /// ```
    /// use chambers_overlap::{pair_counts, PairCounts, SetFamily};
    /// let f = SetFamily::from_sets([vec![1, 2, 3], vec![2, 3, 4], vec![9]]);
    /// assert_eq!(PairCounts::from_counts(&[3, 3, 1], [(0, 1, 2)]), pair_counts(&f));
    /// ```
    ///
    /// # Panics
    /// When a pair is out of range or not `i < j`.
    pub fn from_counts(
        sizes: &[u32],
        pairs: impl IntoIterator<Item = (usize, usize, u32)>,
    ) -> Self {
        let k = sizes.len();
        let mut counts = vec![0; k * k];
        for (i, j, n) in pairs {
            assert!(i < j && j < k, "pair ({i}, {j}) of {k} sets");
            counts[i * k + j] = n;
        }
        Self::from_upper(k, counts, sizes.iter().map(|&s| s as usize))
    }

    /// The k × k matrix of `measure` between the sets, row-major, diagonal 0 (Q(t) for a
    /// window's chambers, METHOD.md §3).
    ///
    /// ```
    /// use chambers_overlap::{pair_counts, Measure, SetFamily};
    /// let c = pair_counts(&SetFamily::from_sets([vec![1, 2], vec![2]]));
    /// assert_eq!(c.matrix(Measure::Jaccard), [0.0, 0.5, 0.5, 0.0]);
    /// ```
    pub fn matrix(&self, measure: crate::Measure) -> Vec<f64> {
        let k = self.k;
        let mut q = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    q[i * k + j] = measure.of(self, i, j);
                }
            }
        }
        q
    }

    /// The upper triangle of [`PairCounts::matrix`], row after row: each pair once, as the
    /// pooled overlap distribution takes them.
    ///
    /// ```
    /// use chambers_overlap::{pair_counts, Measure, SetFamily};
    /// let c = pair_counts(&SetFamily::from_sets([vec![1, 2], vec![2], vec![3]]));
    /// assert_eq!(c.upper(Measure::Jaccard).collect::<Vec<_>>(), [0.5, 0.0, 0.0]);
    /// ```
    pub fn upper(&self, measure: crate::Measure) -> impl Iterator<Item = f64> + '_ {
        let k = self.k;
        (0..k).flat_map(move |a| (a + 1..k).map(move |b| measure.of(self, a, b)))
    }

    /// Number of sets.
    ///
    /// ```
    /// let c = chambers_overlap::pair_counts(&chambers_overlap::SetFamily::from_sets([vec![1]]));
    /// assert_eq!(c.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.k
    }

    /// Whether there are no sets.
    pub fn is_empty(&self) -> bool {
        self.k == 0
    }

    /// |S_i ∩ S_j| (|S_i| when i = j).
    ///
    /// ```
    /// let c = chambers_overlap::pair_counts(&chambers_overlap::SetFamily::from_sets([vec![1, 2]]));
    /// assert_eq!(c.intersection(0, 0), 2);
    /// ```
    #[inline]
    pub fn intersection(&self, i: usize, j: usize) -> u32 {
        self.counts[i * self.k + j]
    }

    /// |S_i|.
    ///
    /// ```
    /// let c = chambers_overlap::pair_counts(&chambers_overlap::SetFamily::from_sets([vec![1, 2]]));
    /// assert_eq!(c.size(0), 2);
    /// ```
    #[inline]
    pub fn size(&self, i: usize) -> u32 {
        self.intersection(i, i)
    }

    /// Jaccard index |S_i ∩ S_j| / |S_i ∪ S_j|, 0 when the intersection is empty (two empty sets
    /// included), as METHOD.md §3 defines the chamber overlap q_uv.
    ///
    /// ```
    /// let c = chambers_overlap::pair_counts(&chambers_overlap::SetFamily::from_sets([vec![], vec![]]));
    /// assert_eq!(c.jaccard(0, 1), 0.0);
    /// ```
    #[inline]
    pub fn jaccard(&self, i: usize, j: usize) -> f64 {
        Measure::Jaccard.of(self, i, j)
    }

    /// Overlap (Szymkiewicz–Simpson) coefficient |S_i ∩ S_j| / min(|S_i|, |S_j|), 0 when the
    /// intersection is empty.
    ///
    /// ```
    /// let f = chambers_overlap::SetFamily::from_sets([vec![1], vec![1, 2, 3]]);
    /// assert_eq!(chambers_overlap::pair_counts(&f).overlap_coefficient(0, 1), 1.0);
    /// ```
    #[inline]
    pub fn overlap_coefficient(&self, i: usize, j: usize) -> f64 {
        Measure::OverlapCoefficient.of(self, i, j)
    }
}
