//! Dense user ids and the interner that maps external ids to them.

use std::cmp::Ordering;
use std::fmt;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
use rayon::prelude::*;

/// A dense user id handed out by an [`Interner`], in first-seen order.
///
/// ```
/// use chambers_graph::{Interner, UserId};
/// let mut ids = Interner::new();
/// assert_eq!(ids.intern("alice"), UserId(0));
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct UserId(pub u32);

impl UserId {
    /// The id as an index into per-user arrays.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Tag bit of a key that refers to a text id rather than holding a number.
const TEXT: u64 = 1 << 63;

/// Maps external account ids (any UTF-8 string) to dense [`UserId`]s and back.
///
/// Canonical decimal ids (what Twitter's `id_str` holds: digits, no leading zero, below 2⁶³) are
/// stored as numbers, so interning them allocates nothing per row; every other id is copied once
/// into one shared byte arena. Both kinds live in one id space: `"42"` and `"042"` are different
/// accounts, as their strings are.
///
/// ```
/// use chambers_graph::Interner;
/// let mut ids = Interner::new();
/// let a = ids.intern("1094");
/// let b = ids.intern("@climate");
/// assert_eq!(ids.intern("1094"), a);
/// assert_eq!(ids.get("@climate"), Some(b));
/// assert_eq!(ids.external(b).to_string(), "@climate");
/// assert_eq!(ids.len(), 2);
/// ```
#[derive(Clone, Default)]
pub struct Interner {
    /// Per user: the number itself, or `TEXT | index into text_ends`.
    keys: Vec<u64>,
    /// The numbers' hash index; empty while `by_search` holds.
    numeric: NumericIndex,
    /// Set by [`Interner::canonicalize`]: `keys` are in byte order of the external ids, so the
    /// numeric index (16 bytes a slot, about 130 MB for 4 M accounts) is dropped and numbers are
    /// found by binary search. The next new number rebuilds the index first.
    by_search: bool,
    text: HashTable<u32>,
    hasher: DefaultHashBuilder,
    arena: Vec<u8>,
    text_ends: Vec<usize>,
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner")
            .field("len", &self.len())
            .finish()
    }
}

/// Users looked up at a time by [`Externals`].
const EXTERNALS_BLOCK: usize = 64;

/// The iterator of [`Interner::externals`].
pub struct Externals<'s, I> {
    interner: &'s Interner,
    users: I,
    /// The keys of the block being read, `block[at..len]` still to give.
    block: [u64; EXTERNALS_BLOCK],
    len: usize,
    at: usize,
}

impl<'s, I: Iterator<Item = UserId>> Iterator for Externals<'s, I> {
    type Item = ExternalId<'s>;

    fn next(&mut self) -> Option<ExternalId<'s>> {
        if self.at == self.len {
            let keys = &self.interner.keys;
            self.len = 0;
            for (slot, user) in self.block.iter_mut().zip(self.users.by_ref()) {
                *slot = keys[user.index()];
                self.len += 1;
            }
            self.at = 0;
            if self.len == 0 {
                return None;
            }
        }
        self.at += 1;
        Some(self.interner.external_of(self.block[self.at - 1]))
    }
}

/// An external id as the input spelled it, borrowed from an [`Interner`].
///
/// ```
/// use chambers_graph::{ExternalId, Interner};
/// let mut ids = Interner::new();
/// let u = ids.intern("77");
/// assert_eq!(ids.external(u), ExternalId::Number(77));
/// assert_eq!(ids.external(u).to_string(), "77");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternalId<'a> {
    /// A canonical decimal id.
    Number(u64),
    /// Any other id.
    Text(&'a str),
}

impl ExternalId<'_> {
    /// Calls `f` with the id's bytes, formatting numbers on the stack.
    ///
    /// ```
    /// use chambers_graph::ExternalId;
    /// assert_eq!(ExternalId::Number(905).with_bytes(|b| b.to_vec()), b"905");
    /// ```
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match *self {
            ExternalId::Text(s) => f(s.as_bytes()),
            ExternalId::Number(n) => {
                let mut buf = [0u8; 20];
                f(format_decimal(n, &mut buf))
            }
        }
    }

    /// Compares two ids by the byte order of their spelling (`"10" < "9"`), the tie-break of
    /// METHOD.md §2.
    ///
    /// ```
    /// use chambers_graph::ExternalId;
    /// use std::cmp::Ordering;
    /// assert_eq!(ExternalId::Number(10).cmp_bytes(&ExternalId::Number(9)), Ordering::Less);
    /// assert_eq!(ExternalId::Text("b").cmp_bytes(&ExternalId::Number(9)), Ordering::Greater);
    /// ```
    pub fn cmp_bytes(&self, other: &ExternalId<'_>) -> Ordering {
        match (self, other) {
            (ExternalId::Text(a), ExternalId::Text(b)) => a.as_bytes().cmp(b.as_bytes()),
            _ => self.with_bytes(|a| other.with_bytes(|b| a.cmp(b))),
        }
    }
}

impl fmt::Display for ExternalId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternalId::Number(n) => write!(f, "{n}"),
            ExternalId::Text(s) => f.write_str(s),
        }
    }
}

fn format_decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// A key whose numeric order is the byte order of `n`'s decimal spelling: `n` padded with zeros
/// to 19 digits, then its length (a shorter spelling that is a prefix of a longer one sorts
/// first). Ids below 2⁶³ have at most 19 digits, so the padded value fits a `u64`.
fn decimal_order_key(n: u64) -> (u64, u32) {
    let digits = n.checked_ilog10().unwrap_or(0) + 1;
    (n * 10u64.pow(19 - digits), digits)
}

/// The value of a canonical decimal id: 1–19 digits, no leading zero (except `"0"`), below 2⁶³.
pub(crate) fn canonical_number(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 || (bytes[0] == b'0' && bytes.len() > 1) {
        return None;
    }
    let mut n: u64 = 0;
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + d as u64;
    }
    (n < TEXT).then_some(n)
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of distinct ids seen.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// ids.intern("a");
    /// ids.intern("a");
    /// assert_eq!(ids.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no id was seen yet.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The id of `external`, assigning the next dense id on first sight.
    ///
    /// # Panics
    /// When more than 2³² − 1 distinct ids are interned.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// assert_eq!(ids.intern("x").0, 0);
    /// assert_eq!(ids.intern("y").0, 1);
    /// ```
    pub fn intern(&mut self, external: &str) -> UserId {
        let external = external.as_bytes();
        let next = self.next_id();
        if let Some(n) = canonical_number(external) {
            return self.intern_number(n);
        }
        let hash = self.hasher.hash_one(external);
        let (arena, ends) = (&self.arena, &self.text_ends);
        let keys = &self.keys;
        let found = self.text.find(hash, |&id| {
            text_of(arena, ends, keys[id as usize]) == external
        });
        if let Some(&id) = found {
            return UserId(id);
        }
        self.arena.extend_from_slice(external);
        self.text_ends.push(self.arena.len());
        self.keys.push(TEXT | (self.text_ends.len() as u64 - 1));
        let (arena, ends, keys, hasher) = (&self.arena, &self.text_ends, &self.keys, &self.hasher);
        self.text.insert_unique(hash, next, |&id| {
            hasher.hash_one(text_of(arena, ends, keys[id as usize]))
        });
        UserId(next)
    }

    /// Interns a canonical number (see [`canonical_number`]).
    #[inline]
    pub(crate) fn intern_number(&mut self, n: u64) -> UserId {
        if self.by_search {
            self.index_numbers();
        }
        let next = self.next_id();
        let id = self.numeric.get_or_insert(n, next);
        if id == next {
            self.keys.push(n);
        }
        UserId(id)
    }

    /// Asks the CPU to fetch the table slot of `n` ahead of [`Interner::intern_number`].
    #[inline]
    pub(crate) fn prefetch_number(&self, n: u64) {
        self.numeric.prefetch(n);
    }

    /// Rebuilds the numbers' hash index dropped by [`Interner::canonicalize`].
    fn index_numbers(&mut self) {
        let numbers = self.keys.iter().filter(|&&k| k & TEXT == 0).count();
        let mut index = NumericIndex::default();
        index.reserve(numbers);
        for (id, &k) in self.keys.iter().enumerate() {
            if k & TEXT == 0 {
                index.get_or_insert(k, id as u32);
            }
        }
        self.numeric = index;
        self.by_search = false;
    }

    fn next_id(&self) -> u32 {
        u32::try_from(self.keys.len())
            .ok()
            .filter(|&n| n < u32::MAX)
            .expect("Interner: more than 2^32 - 1 distinct ids")
    }

    /// The id of `external` if it was interned.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// ids.intern("7");
    /// assert!(ids.get("7").is_some());
    /// assert!(ids.get("8").is_none());
    /// ```
    pub fn get(&self, external: &str) -> Option<UserId> {
        let bytes = external.as_bytes();
        if let Some(n) = canonical_number(bytes) {
            if self.by_search {
                let wanted = ExternalId::Number(n);
                return self
                    .keys
                    .binary_search_by(|&k| self.external_of(k).cmp_bytes(&wanted))
                    .ok()
                    .map(|i| UserId(i as u32));
            }
            return self.numeric.get(n).map(UserId);
        }
        let hash = self.hasher.hash_one(bytes);
        self.text
            .find(hash, |&id| {
                text_of(&self.arena, &self.text_ends, self.keys[id as usize]) == bytes
            })
            .map(|&id| UserId(id))
    }

    /// The external id of `user`.
    ///
    /// # Panics
    /// When `user` was not handed out by this interner.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// let u = ids.intern("ann");
    /// assert_eq!(ids.external(u).to_string(), "ann");
    /// ```
    pub fn external(&self, user: UserId) -> ExternalId<'_> {
        self.external_of(self.keys[user.index()])
    }

    /// The external ids of `users`, in order. For long runs of users, as when a table names
    /// every member of a window's echo chambers: the ids are looked up a block at a time in a
    /// loop that does nothing else, so that the cache misses of the lookups overlap instead of
    /// waiting one by one between the rows a writer renders.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// let (a, b) = (ids.intern("ann"), ids.intern("7"));
    /// let names: Vec<String> = ids.externals([b, a, b]).map(|e| e.to_string()).collect();
    /// assert_eq!(names, ["7", "ann", "7"]);
    /// ```
    pub fn externals<I: IntoIterator<Item = UserId>>(
        &self,
        users: I,
    ) -> Externals<'_, I::IntoIter> {
        Externals {
            interner: self,
            users: users.into_iter(),
            block: [0; EXTERNALS_BLOCK],
            len: 0,
            at: 0,
        }
    }

    fn external_of(&self, key: u64) -> ExternalId<'_> {
        if key & TEXT == 0 {
            ExternalId::Number(key)
        } else {
            let bytes = text_of(&self.arena, &self.text_ends, key);
            ExternalId::Text(std::str::from_utf8(bytes).expect("arena holds UTF-8"))
        }
    }

    /// Compares two users by the byte order of their external ids.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// let (a, b) = (ids.intern("10"), ids.intern("9"));
    /// assert!(ids.cmp_external(a, b).is_lt());
    /// ```
    pub fn cmp_external(&self, a: UserId, b: UserId) -> Ordering {
        self.external(a).cmp_bytes(&self.external(b))
    }

    /// Renumbers the users in place in byte order of their external ids and returns, for each
    /// old id, its new one; `None` (and nothing changed) when the ids are in that order already.
    /// Numbering users by their ids, not by first appearance, makes every later order (local
    /// ids, stub lists of the null model, table rows, sums in the latent-ideology matrix)
    /// independent of the input's row order.
    ///
    /// The ids are distinct, so the order is total and the parallel sort has one possible
    /// result. When every id is a number, the sort runs on packed keys (decimal order, then the
    /// old id) without looking anything up. The text hash table keeps its layout (a slot's
    /// place depends on its key only) and only its ids are rewritten; the numbers' index is
    /// dropped, as ordered keys are searched instead.
    pub(crate) fn canonicalize(&mut self) -> Option<Vec<u32>> {
        self.numeric = NumericIndex::default();
        self.by_search = true;
        let n = self.keys.len();
        let order: Vec<u32> = if self.keys.par_iter().all(|&k| k & TEXT == 0) {
            // (19-digit padded value, digit count, old id): the order of the decimal spellings.
            let mut packed: Vec<u128> = self
                .keys
                .par_iter()
                .enumerate()
                .map(|(old, &k)| {
                    let (padded, digits) = decimal_order_key(k);
                    (u128::from(padded) << 64) | (u128::from(digits) << 32) | old as u128
                })
                .collect();
            if packed.par_windows(2).all(|w| w[0] < w[1]) {
                return None;
            }
            packed.par_sort_unstable();
            packed.par_iter().map(|&p| p as u32).collect()
        } else {
            let cmp = |a: &u32, b: &u32| self.cmp_external(UserId(*a), UserId(*b));
            let mut order: Vec<u32> = (0..n as u32).collect();
            if order.par_windows(2).all(|w| cmp(&w[0], &w[1]).is_lt()) {
                return None;
            }
            order.par_sort_unstable_by(cmp);
            order
        };
        let mut renumber = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        self.keys = order
            .par_iter()
            .map(|&old| self.keys[old as usize])
            .collect();
        for id in self.text.iter_mut() {
            *id = renumber[*id as usize];
        }
        Some(renumber)
    }

    /// Heap bytes held by the interner (keys, hash tables and text arena), for memory reports.
    ///
    /// ```
    /// let mut ids = chambers_graph::Interner::new();
    /// ids.intern("someone");
    /// assert!(ids.heap_bytes() > 0);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.numeric.heap_bytes()
            + self.text.allocation_size()
            + self.arena.capacity()
            + self.text_ends.capacity() * std::mem::size_of::<usize>()
    }
}

/// Open-addressing map from canonical numbers to ids: linear probing over 16-byte slots that
/// hold key and id together, so a lookup costs one cache miss (hashbrown keeps control bytes
/// apart from the slots: two misses on a table larger than the cache, which is the common case
/// for a million accounts).
#[derive(Clone, Default)]
struct NumericIndex {
    slots: Vec<Slot>,
    len: usize,
}

#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    id: u32,
}

/// Marks an empty slot; canonical numbers are below 2⁶³ and never equal it.
const EMPTY: u64 = u64::MAX;

impl NumericIndex {
    #[inline]
    fn start(&self, key: u64) -> usize {
        // Fibonacci hashing: the top bits of the product are well mixed even for sequential ids.
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    #[inline]
    fn prefetch(&self, key: u64) {
        if self.slots.is_empty() {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let slot: *const Slot = &self.slots[self.start(key)];
            // SAFETY: prefetching is a hint with no effect on memory; the address is in bounds.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(slot.cast::<i8>()) };
        }
    }

    fn get(&self, key: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        loop {
            let slot = self.slots[i];
            if slot.key == key {
                return Some(slot.id);
            }
            if slot.key == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The id of `key`, inserting `id` for it when absent.
    #[inline]
    fn get_or_insert(&mut self, key: u64, id: u32) -> u32 {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        loop {
            let slot = &mut self.slots[i];
            if slot.key == key {
                return slot.id;
            }
            if slot.key == EMPTY {
                *slot = Slot { key, id };
                self.len += 1;
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    /// Grows the table to hold `more` more keys without growing again.
    fn reserve(&mut self, more: usize) {
        let mut size = self.slots.len().max(1024);
        while 2 * (self.len + more) > size {
            size *= 2;
        }
        if size > self.slots.len() {
            self.resize(size);
        }
    }

    fn grow(&mut self) {
        self.resize((self.slots.len() * 2).max(1024));
    }

    fn resize(&mut self, size: usize) {
        let mut slots: Vec<Slot> = Vec::with_capacity(size);
        // Each lookup lands on a random slot: on 4 KiB pages, a table of millions of accounts
        // would also miss the address cache (TLB) on almost every one.
        crate::pages::prefer_huge_pages(&slots);
        slots.resize(size, Slot { key: EMPTY, id: 0 });
        let old = std::mem::replace(&mut self.slots, slots);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.key != EMPTY) {
            let mut i = self.start(slot.key);
            while self.slots[i].key != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

fn text_of<'a>(arena: &'a [u8], ends: &[usize], key: u64) -> &'a [u8] {
    let i = (key & !TEXT) as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &arena[start..ends[i]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_order_key_is_byte_order() {
        let ids = [
            0u64,
            1,
            9,
            10,
            100,
            19,
            2,
            99,
            1_000_000_000_000_000_000,
            9_223_372_036_854_775_807,
            7,
            70,
            700,
            71,
        ];
        for &a in &ids {
            for &b in &ids {
                assert_eq!(
                    decimal_order_key(a).cmp(&decimal_order_key(b)),
                    a.to_string().cmp(&b.to_string()),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn canonical_renumbers_in_byte_order() {
        let mut ids = Interner::new();
        for x in ["9", "b", "10", "a", "100", "ä"] {
            ids.intern(x);
        }
        let renumber = ids.canonicalize().unwrap();
        let names: Vec<String> = (0..ids.len() as u32)
            .map(|u| ids.external(UserId(u)).to_string())
            .collect();
        assert_eq!(names, ["10", "100", "9", "a", "b", "ä"]);
        assert_eq!(renumber, [2, 4, 0, 3, 1, 5]);
        assert!(ids.canonicalize().is_none());
        assert_eq!(ids.get("b"), Some(UserId(4)));
        assert_eq!(ids.intern("9"), UserId(2));
    }

    proptest::proptest! {
        /// In place or not, numbers only or mixed with text: after `canonicalize` the ids run
        /// in byte order of the spellings, every lookup finds its new id (numbers by binary
        /// search), `renumber` takes each old id to the new id of the same account, and
        /// interning goes on after it (new numbers get the next ids, old ones keep theirs).
        #[test]
        fn canonicalize_numbers_by_byte_order(
            raw in proptest::collection::vec((0u64..3, 0u64..2_000_000), 0..300),
        ) {
            let spell = |(kind, v): (u64, u64)| match kind {
                0 => v.to_string(),
                1 => (v * 7_919_000_000_013).to_string(),
                _ => format!("0{v}"),
            };
            let mut ids = Interner::new();
            let before: Vec<String> = raw.iter().map(|&r| spell(r)).collect();
            for s in &before {
                ids.intern(s);
            }
            let old: Vec<String> =
                (0..ids.len() as u32).map(|u| ids.external(UserId(u)).to_string()).collect();
            let renumber = ids.canonicalize();
            let names: Vec<String> =
                (0..ids.len() as u32).map(|u| ids.external(UserId(u)).to_string()).collect();
            let mut sorted = old.clone();
            sorted.sort();
            proptest::prop_assert_eq!(&names, &sorted);
            for (u, name) in names.iter().enumerate() {
                proptest::prop_assert_eq!(ids.get(name), Some(UserId(u as u32)));
            }
            match renumber {
                Some(renumber) => {
                    for (o, name) in old.iter().enumerate() {
                        proptest::prop_assert_eq!(&names[renumber[o] as usize], name);
                    }
                }
                None => proptest::prop_assert_eq!(&old, &names),
            }
            proptest::prop_assert!(ids.canonicalize().is_none());
            proptest::prop_assert_eq!(ids.get("3000000"), None);
            let fresh = ids.intern("3000000");
            proptest::prop_assert_eq!(fresh, UserId(names.len() as u32));
            for (u, name) in names.iter().enumerate() {
                proptest::prop_assert_eq!(ids.intern(name), UserId(u as u32));
            }
            proptest::prop_assert_eq!(ids.get("3000000"), Some(fresh));
        }
    }

    proptest::proptest! {
        /// `externals` gives the ids `external` gives one by one, in order, for runs of any
        /// length (across blocks of 64), with repeats and with text ids among the numbers.
        #[test]
        fn externals_are_the_ids_one_by_one(
            spellings in proptest::collection::vec(0u32..500, 1..60),
            picks in proptest::collection::vec(0usize..1000, 0..300),
        ) {
            let mut ids = Interner::new();
            for v in &spellings {
                // Every third spelling is text: a leading zero is not a canonical number.
                ids.intern(&if v % 3 == 0 { format!("0{v}") } else { v.to_string() });
            }
            let users: Vec<UserId> =
                picks.iter().map(|&p| UserId((p % ids.len()) as u32)).collect();
            let one_by_one: Vec<ExternalId<'_>> = users.iter().map(|&u| ids.external(u)).collect();
            let blocks: Vec<ExternalId<'_>> = ids.externals(users.iter().copied()).collect();
            proptest::prop_assert_eq!(blocks, one_by_one);
        }
    }

    #[test]
    fn numbers_and_text_share_one_space() {
        let mut ids = Interner::new();
        let a = ids.intern("42");
        let b = ids.intern("042");
        let c = ids.intern("9223372036854775808"); // 2^63: stored as text
        let d = ids.intern("ünïcødé 🐦");
        assert_eq!([a.0, b.0, c.0, d.0], [0, 1, 2, 3]);
        assert_eq!(ids.external(a), ExternalId::Number(42));
        assert_eq!(ids.external(b), ExternalId::Text("042"));
        assert_eq!(ids.external(c).to_string(), "9223372036854775808");
        assert_eq!(ids.external(d).to_string(), "ünïcødé 🐦");
        for (s, u) in [
            ("42", a),
            ("042", b),
            ("9223372036854775808", c),
            ("ünïcødé 🐦", d),
        ] {
            assert_eq!(ids.intern(s), u);
            assert_eq!(ids.get(s), Some(u));
        }
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn byte_order_mixes_kinds() {
        let mut ids = Interner::new();
        let mut users: Vec<UserId> = ["9", "10", "a", "1", "", "0"]
            .iter()
            .map(|s| ids.intern(s))
            .collect();
        users.sort_by(|&x, &y| ids.cmp_external(x, y));
        let names: Vec<String> = users.iter().map(|&u| ids.external(u).to_string()).collect();
        assert_eq!(names, ["", "0", "1", "10", "9", "a"]);
    }

    #[test]
    fn many_text_ids_survive_rehashing() {
        let mut ids = Interner::new();
        for i in 0..5000 {
            assert_eq!(ids.intern(&format!("user{i}")).0, i);
        }
        for i in 0..5000 {
            assert_eq!(ids.get(&format!("user{i}")), Some(UserId(i)));
        }
    }
}
