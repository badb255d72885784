//! The names of the two groups, and hand labels of leaders given by group name: shared by the
//! command line (`--groups`, `--labels FILE`) and the Python package (`groups=`, `labels=`).

use chambers_graph::{GroupId, Interner, UserId};

/// Why group names or hand labels cannot be used. Rows are 0-based positions in the labels
/// given; the caller turns them into its own lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LabelError {
    /// Not two names, or a name that is empty or reserved (`both`, `neutral` name the sides of
    /// classified users).
    #[error("two group names are needed, as in believers,skeptics (not empty, both or neutral)")]
    GroupNames,
    /// The same name twice.
    #[error("two different group names are needed, not {0:?} twice")]
    SameNames(String),
    /// A label row without leader or group.
    #[error("empty leader or group")]
    Empty {
        /// Which row.
        row: usize,
    },
    /// The labels name more than two groups.
    #[error("the labels name {} groups ({}); the analysis is two-sided", .0.len(), .0.join(", "))]
    TooManyGroups(Vec<String>),
    /// The labels' groups are not the group names given.
    #[error("the labels' groups ({}) are not the group names given ({})", labels.join(", "), groups.join(", "))]
    OtherGroups {
        /// The labels' group names.
        labels: Vec<String>,
        /// The names given.
        groups: Vec<String>,
    },
    /// An account labelled twice.
    #[error("{id:?} is labelled twice")]
    Twice {
        /// Which row (the second label).
        row: usize,
        /// The account.
        id: String,
    },
}

/// The default group names, `A` and `B`.
pub fn default_group_names() -> Vec<String> {
    vec![GroupId::A.letter(), GroupId::B.letter()]
}

/// Checks the names of the groups: two or more (groups A, B, … in order), all different, none
/// empty, `both` or `neutral`.
///
/// ```
/// use chambers_echo::check_group_names;
/// assert!(check_group_names(&["left".into(), "right".into()]).is_ok());
/// assert!(check_group_names(&["left".into(), "left".into()]).is_err());
/// ```
///
/// # Errors
/// [`LabelError::GroupNames`], [`LabelError::SameNames`].
pub fn check_group_names(names: &[String]) -> Result<(), LabelError> {
    if names.len() < 2
        || names
            .iter()
            .any(|g| g.is_empty() || g == "both" || g == "neutral")
    {
        return Err(LabelError::GroupNames);
    }
    if let Some((i, _)) = names
        .iter()
        .enumerate()
        .find(|&(i, n)| names[..i].contains(n))
    {
        return Err(LabelError::SameNames(names[i].clone()));
    }
    Ok(())
}

/// Hand labels resolved against an input: for `Analysis::with_labels`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandLabels {
    /// Each labelled account of the input with its group.
    pub labels: Vec<(UserId, GroupId)>,
    /// The names of groups A and B.
    pub names: Vec<String>,
    /// Labelled accounts that do not appear in the input (a label set may cover more).
    pub absent: usize,
}

/// Resolves `(account, group name)` rows: the group names are `groups` when every label uses
/// one of those, else (when `groups` are the defaults, A and B) the labels' own names in order
/// of first appearance. Accounts absent from the input are counted and left out.
///
/// ```
/// use chambers_echo::{default_group_names, hand_labels};
/// use chambers_graph::{GroupId, Interner};
/// let mut interner = Interner::default();
/// let l1 = interner.intern("L1");
/// let rows = [("L1".to_string(), "left".to_string()), ("L9".into(), "right".into())];
/// let h = hand_labels(&rows, &interner, &default_group_names()).unwrap();
/// assert_eq!(h.names, ["left", "right"]);
/// assert_eq!((h.labels, h.absent), (vec![(l1, GroupId::A)], 1));
/// ```
///
/// # Errors
/// [`LabelError::Empty`], [`LabelError::TooManyGroups`], [`LabelError::OtherGroups`],
/// [`LabelError::Twice`].
pub fn hand_labels(
    rows: &[(String, String)],
    interner: &Interner,
    groups: &[String],
) -> Result<HandLabels, LabelError> {
    let mut seen: Vec<String> = Vec::new();
    for (row, (id, name)) in rows.iter().enumerate() {
        if id.is_empty() || name.is_empty() {
            return Err(LabelError::Empty { row });
        }
        if !seen.contains(name) {
            seen.push(name.clone());
        }
    }
    if seen.len() > 2 {
        return Err(LabelError::TooManyGroups(seen));
    }
    let names: Vec<String> = if seen.iter().all(|n| groups.contains(n)) {
        groups.to_vec()
    } else if groups == default_group_names() {
        let mut names = seen;
        while names.len() < 2 {
            names.push(GroupId::new(names.len()).letter());
        }
        names
    } else {
        return Err(LabelError::OtherGroups {
            labels: seen,
            groups: groups.to_vec(),
        });
    };
    let mut labels: Vec<(UserId, GroupId)> = Vec::with_capacity(rows.len());
    let mut absent = 0usize;
    for (row, (id, name)) in rows.iter().enumerate() {
        let Some(user) = interner.get(id) else {
            absent += 1;
            continue;
        };
        if labels.iter().any(|&(u, _)| u == user) {
            return Err(LabelError::Twice {
                row,
                id: id.clone(),
            });
        }
        let g = names.iter().position(|n| n == name).expect("a known name");
        labels.push((user, GroupId::new(g)));
    }
    Ok(HandLabels {
        labels,
        names,
        absent,
    })
}
