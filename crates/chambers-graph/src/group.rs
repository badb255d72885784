//! Groups of accounts: the sides of a conversation.

/// A group (side) of leaders and of the users classified with them: group 0 is "A", group 1 is
/// "B", and so on. One type for every stage that labels accounts — the leader split, the echo
/// chambers, the orientation of latent ideology — so that two-sided and k-sided analyses share
/// it. Serialises as its number.
///
/// ```
/// use chambers_graph::GroupId;
/// let labels = [Some(GroupId::A), None, Some(GroupId(2))];
/// let sizes = GroupId::sizes(&labels, 3);
/// assert_eq!(sizes, [1, 0, 1]);
/// assert_eq!(GroupId(2).letter(), "C");
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct GroupId(pub u32);

impl GroupId {
    /// The first group: the positive side of stance scores.
    pub const A: GroupId = GroupId(0);
    /// The second group: the negative side of stance scores.
    pub const B: GroupId = GroupId(1);

    /// The group's position, for indexing per-group arrays.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The group with position `index`.
    ///
    /// # Panics
    /// If `index` does not fit in a `u32` (a caller bug: no analysis has 4 billion groups).
    pub fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("a group index fits in u32"))
    }

    /// The default display name: "A", "B", … "Z", then "G26", "G27", ….
    pub fn letter(self) -> String {
        match u8::try_from(self.0) {
            Ok(i) if i < 26 => char::from(b'A' + i).to_string(),
            _ => format!("G{}", self.0),
        }
    }

    /// Labels as plain indices (`None` = unassigned), the form the statistics take.
    pub fn indices(labels: &[Option<GroupId>]) -> Vec<Option<usize>> {
        labels.iter().map(|l| l.map(GroupId::index)).collect()
    }

    /// How many labels fall in each of `k` groups (labels ≥ k are not counted).
    pub fn sizes(labels: &[Option<GroupId>], k: usize) -> Vec<usize> {
        let mut sizes = vec![0; k];
        for g in labels.iter().flatten() {
            if let Some(n) = sizes.get_mut(g.index()) {
                *n += 1;
            }
        }
        sizes
    }
}

impl std::fmt::Display for GroupId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.letter())
    }
}
