//! Dense renumbering of a sparse set of ids: the rank of each id among those present.

/// A set of ids below a bound, with the rank of each member among the members: a bitset with a
/// running count per 64 ids. It takes 1/8 + 1/2 byte per id of the range, where a table of
/// ranks would take 4, so lookups over a range of millions stay in the processor's caches. A
/// window's graph numbers its users this way, and set families with few members in a large
/// range are renumbered before their members are counted.
///
/// ```
/// let mut ranks = chambers_graph::Ranks::new(1000);
/// for id in [700, 3, 64, 3] {
///     ranks.insert(id);
/// }
/// let ranks = ranks.counted();
/// assert_eq!(ranks.len(), 3);
/// assert_eq!([ranks.rank(3), ranks.rank(64), ranks.rank(700)], [0, 1, 2]);
/// assert_eq!(ranks.members().collect::<Vec<_>>(), [3, 64, 700]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Ranks {
    present: Vec<u64>,
    /// Members below each word, filled by [`Ranks::counted`].
    below: Vec<u32>,
    len: u32,
}

impl Ranks {
    /// An empty set of ids below `bound`.
    pub fn new(bound: usize) -> Self {
        Self {
            present: vec![0; bound.div_ceil(64)],
            below: Vec::new(),
            len: 0,
        }
    }

    /// Adds `id` (below the bound; adding it again changes nothing). Ranks are those of
    /// [`Ranks::counted`].
    #[inline]
    pub fn insert(&mut self, id: u32) {
        self.present[id as usize >> 6] |= 1 << (id & 63);
    }

    /// The set with its running counts, ready for [`Ranks::rank`].
    pub fn counted(mut self) -> Self {
        self.below = Vec::with_capacity(self.present.len());
        let mut count = 0u32;
        for &word in &self.present {
            self.below.push(count);
            count += word.count_ones();
        }
        self.len = count;
        self
    }

    /// Number of members (after [`Ranks::counted`]).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether there is no member (after [`Ranks::counted`]).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rank of member `id`: how many members are smaller.
    ///
    /// # Panics
    /// Before [`Ranks::counted`], or when `id` is not below the bound.
    #[inline]
    pub fn rank(&self, id: u32) -> u32 {
        let (w, bit) = (id as usize >> 6, id & 63);
        self.below[w] + (self.present[w] & ((1u64 << bit) - 1)).count_ones()
    }

    /// The members in ascending order.
    pub fn members(&self) -> impl Iterator<Item = u32> + '_ {
        self.present.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let id = (w as u32) << 6 | bits.trailing_zeros();
                    bits &= bits - 1;
                    id
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Ranks are positions in the sorted distinct ids, members are those ids.
        #[test]
        fn ranks_are_positions_among_the_sorted_members(
            ids in proptest::collection::vec(0u32..5_000, 0..300),
        ) {
            let mut ranks = Ranks::new(5_000);
            for &id in &ids {
                ranks.insert(id);
            }
            let ranks = ranks.counted();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            proptest::prop_assert_eq!(ranks.len(), sorted.len());
            proptest::prop_assert_eq!(ranks.members().collect::<Vec<_>>(), sorted.clone());
            for (i, &id) in sorted.iter().enumerate() {
                proptest::prop_assert_eq!(ranks.rank(id), i as u32);
            }
        }
    }
}
