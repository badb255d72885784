//! Parameters of the chamber stage: the exclusion set, the overlap measure, N and M
//! (METHOD.md §2–3).

use chambers_graph::LeaderParams;

use crate::{OverlapError, PairCounts};

/// Accounts removed from every chamber besides the leader itself (METHOD.md §3).
///
/// ```
/// use chambers_overlap::Exclusion;
/// assert_eq!("leaders".parse::<Exclusion>().unwrap(), Exclusion::Leaders);
/// assert_eq!(Exclusion::default(), Exclusion::HighImpact);
/// assert!("everyone".parse::<Exclusion>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
    /// The window's high-impact set H(t): the hubs everyone retweets (the paper's choice), so
    /// that overlaps reflect the long tail.
    #[default]
    HighImpact,
    /// The leaders that take part in the window.
    Leaders,
    /// Nothing but the leader itself.
    None,
}

impl std::str::FromStr for Exclusion {
    type Err = OverlapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "high-impact" => Ok(Self::HighImpact),
            "leaders" => Ok(Self::Leaders),
            "none" => Ok(Self::None),
            other => Err(OverlapError::InvalidParameter(format!(
                "exclusion must be high-impact, leaders or none, not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for Exclusion {
    /// The form `FromStr` reads: `high-impact`, `leaders` or `none`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Exclusion::HighImpact => "high-impact",
            Exclusion::Leaders => "leaders",
            Exclusion::None => "none",
        })
    }
}

/// Which overlap of two chambers (METHOD.md §3).
///
/// ```
/// use chambers_overlap::{pair_counts, Measure, SetFamily};
/// // A niche leader's chamber {3, 4} lies inside a broad chamber of eight accounts.
/// let c = pair_counts(&SetFamily::from_sets([(0..8).collect::<Vec<u32>>(), vec![3, 4]]));
/// assert_eq!(Measure::Jaccard.of(&c, 0, 1), 0.25);
/// assert_eq!(Measure::OverlapCoefficient.of(&c, 0, 1), 1.0); // nesting counts as full overlap
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// |C_u ∩ C_v| / |C_u ∪ C_v| (the paper's q_uv).
    #[default]
    Jaccard,
    /// |C_u ∩ C_v| / min(|C_u|, |C_v|).
    OverlapCoefficient,
}

impl Measure {
    /// The measure of sets `i` and `j` of `counts`.
    ///
    /// ```
    /// use chambers_overlap::{pair_counts, Measure, SetFamily};
    /// let c = pair_counts(&SetFamily::from_sets([vec![1, 2], vec![2]]));
    /// assert_eq!(Measure::Jaccard.of(&c, 0, 1), 0.5);
    /// assert_eq!(Measure::OverlapCoefficient.of(&c, 0, 1), 1.0);
    /// ```
    pub fn of(self, counts: &PairCounts, i: usize, j: usize) -> f64 {
        self.of_sizes(counts.intersection(i, j), counts.size(i), counts.size(j))
    }

    /// The measure of two sets of sizes `size_i` and `size_j` sharing `shared` members; 0 when
    /// they share none.
    ///
    /// ```
    /// use chambers_overlap::Measure;
    /// assert_eq!(Measure::Jaccard.of_sizes(1, 2, 1), 0.5);
    /// assert_eq!(Measure::OverlapCoefficient.of_sizes(1, 2, 1), 1.0);
    /// ```
    pub fn of_sizes(self, shared: u32, size_i: u32, size_j: u32) -> f64 {
        if shared == 0 {
            return 0.0;
        }
        let n = f64::from(shared);
        match self {
            Measure::Jaccard => n / (f64::from(size_i) + f64::from(size_j) - n),
            Measure::OverlapCoefficient => n / f64::from(size_i.min(size_j)),
        }
    }
}

/// Parameters of the chamber analysis: the paper's N = 50, M = 50 and exclusion of H(t).
///
/// ```
/// use chambers_graph::{LeaderParams, WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Measure};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a1", "A"), ("a2", "A"), ("a2", "B"), ("b1", "B"), ("a1", "x"), ("a2", "y"), ("b1", "y")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// // N = 2: H(t) = {A, B} (y ties with them at impact 2 and loses on id order), so x and y
/// // stay in the chambers: C_A = {x, y}, C_B = {y}.
/// let two = ChamberParams::default().leaders(LeaderParams::default().top_n(2).leaders(2));
/// assert!(two.check().is_ok());
/// let a = analyse_chambers(&w, &two, None).unwrap();
/// assert_eq!(a.windows[0].matrix(Measure::Jaccard)[1], 0.5);
/// // The paper's N = 50 puts every retweeted account in H(t): the chambers are empty.
/// let paper = analyse_chambers(&w, &ChamberParams::default(), None).unwrap();
/// assert!(paper.windows[0].chambers.iter().all(<[u32]>::is_empty));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChamberParams {
    /// High-impact set size and number of leaders.
    pub leaders: LeaderParams,
    /// What is removed from chambers.
    pub exclusion: Exclusion,
}

impl ChamberParams {
    /// Builder-lite setter for [`ChamberParams::leaders`] (N and M).
    pub fn leaders(mut self, leaders: LeaderParams) -> Self {
        self.leaders = leaders;
        self
    }

    /// Builder-lite setter for [`ChamberParams::exclusion`].
    pub fn exclusion(mut self, exclusion: Exclusion) -> Self {
        self.exclusion = exclusion;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// [`OverlapError::Leaders`] for a zero size.
    ///
    /// ```
    /// use chambers_graph::LeaderParams;
    /// let p = chambers_overlap::ChamberParams::default().leaders(LeaderParams::default().top_n(0));
    /// assert!(p.check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), OverlapError> {
        self.leaders.check().map_err(OverlapError::Leaders)
    }
}
