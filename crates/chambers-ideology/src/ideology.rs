//! Latent ideology of a window's retweet network: influencers, the user filter, the count
//! matrix, correspondence analysis, orientation, scaling and supplementary users.

use chambers_graph::{GroupId, Interner, RetweetGraph, UserId};
use serde::{Deserialize, Serialize};

use crate::{
    Convergence, Correspondence, CsrMatrix, IdeologyError, Method, SolverParams, UserScores,
    correspondence_analysis,
};

/// Which way the first dimension points. The sign of a singular vector is arbitrary; this
/// fixes it so that scores are comparable between runs and windows.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyParams, Orientation, OrientedBy};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
///                   ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)] {
///     b.push_external(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let (g, ids) = (&w.windows[0].graph, &w.interner);
/// let anchored = |a| IdeologyParams::default().orientation(Orientation::Anchor(ids.get(a).unwrap()));
/// // u1 and u3 sit at opposite ends; whichever is the anchor ends up at +1.
/// let by_u1 = latent_ideology(g, ids, &anchored("u1")).unwrap();
/// let by_u3 = latent_ideology(g, ids, &anchored("u3")).unwrap();
/// assert_eq!(by_u1.oriented_by, OrientedBy::Anchor);
/// assert_eq!((by_u1.users.get(0).score_scaled, by_u1.users.get(2).score_scaled), (1.0, -1.0));
/// assert_eq!((by_u3.users.get(0).score_scaled, by_u3.users.get(2).score_scaled), (-1.0, 1.0));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orientation {
    /// The default rule of [`Correspondence`]: the influencer with the largest |column
    /// standard coordinate| is positive.
    #[default]
    Default,
    /// The anchor account's side gets positive scores: its column coordinate when it is a
    /// fitted influencer, else its row coordinate when it is a fitted user.
    Anchor(UserId),
    /// Agreement with a labelling of users into groups 0 and 1: the sign is chosen so that more
    /// labelled fitted users have group 0 positive and group 1 negative than the reverse.
    Groups(Vec<(UserId, GroupId)>),
}

/// What oriented the first dimension of a [`LatentIdeology`].
///
/// ```
/// use chambers_ideology::OrientedBy;
/// assert_eq!(serde_json::to_string(&OrientedBy::Anchor).unwrap(), "\"anchor\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrientedBy {
    /// The default rule: asked for, or the anchor was not fitted (or sits exactly at 0), or
    /// the labelled users agreed equally with both signs.
    Default,
    /// The anchor account.
    Anchor,
    /// The labelled groups.
    Groups,
}

/// Parameters of [`latent_ideology`]; defaults are the paper's (Kolic et al. 2025 §8, after
/// Falkenberg et al. 2022): 300 influencers, users who retweeted at least 2 of them, one
/// dimension.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
///                   ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)] {
///     b.push_external(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let (g, ids) = (&w.windows[0].graph, &w.interner);
/// // The paper's n = 2 leaves out u5, who retweeted one influencer; n = 1 fits it too.
/// let paper = latent_ideology(g, ids, &IdeologyParams::default()).unwrap();
/// let loose = IdeologyParams::default().min_influencers(1).dims(2);
/// assert!(loose.check().is_ok());
/// let all = latent_ideology(g, ids, &loose).unwrap();
/// assert_eq!((paper.users.len(), all.users.len()), (4, 5));
/// assert_eq!((paper.singular_values.len(), all.singular_values.len()), (1, 2));
/// assert!(IdeologyParams::default().dims(0).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeologyParams {
    /// m: the number of influencers, the accounts with the most distinct retweeters.
    pub influencers: usize,
    /// n: users are sources that retweeted at least this many distinct influencers.
    pub min_influencers: usize,
    /// Number of non-trivial dimensions to compute (the score uses the first).
    pub dims: usize,
    /// How the first dimension is oriented.
    pub orientation: Orientation,
    /// The eigensolver.
    pub solver: SolverParams,
}

impl Default for IdeologyParams {
    fn default() -> Self {
        Self {
            influencers: 300,
            min_influencers: 2,
            dims: 1,
            orientation: Orientation::Default,
            solver: SolverParams::default(),
        }
    }
}

impl IdeologyParams {
    /// Sets the number of influencers m.
    pub fn influencers(mut self, m: usize) -> Self {
        self.influencers = m;
        self
    }

    /// Sets the user threshold n.
    pub fn min_influencers(mut self, n: usize) -> Self {
        self.min_influencers = n;
        self
    }

    /// Sets the number of dimensions.
    pub fn dims(mut self, dims: usize) -> Self {
        self.dims = dims;
        self
    }

    /// Sets the orientation rule.
    pub fn orientation(mut self, orientation: Orientation) -> Self {
        self.orientation = orientation;
        self
    }

    /// Sets the eigensolver parameters.
    pub fn solver(mut self, solver: SolverParams) -> Self {
        self.solver = solver;
        self
    }

    /// Checks that m ≥ 2, n ≥ 1, 1 ≤ dims < m, group labels are 0 or 1, and the solver
    /// parameters.
    ///
    /// # Errors
    /// [`IdeologyError::BadParameter`] naming the field.
    ///
    /// ```
    /// use chambers_graph::UserId;
    /// use chambers_ideology::{IdeologyParams, Orientation};
    /// assert!(IdeologyParams::default().influencers(1).check().is_err());
    /// assert!(IdeologyParams::default().min_influencers(0).check().is_err());
    /// let groups = Orientation::Groups(vec![(UserId(0), chambers_graph::GroupId(2))]);
    /// assert!(IdeologyParams::default().orientation(groups).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), IdeologyError> {
        if self.influencers < 2 {
            return Err(IdeologyError::bad("influencers", "must be at least 2"));
        }
        if self.min_influencers == 0 {
            return Err(IdeologyError::bad("min_influencers", "must be at least 1"));
        }
        if self.dims == 0 || self.dims >= self.influencers {
            return Err(IdeologyError::bad(
                "dims",
                "must be at least 1 and below the number of influencers",
            ));
        }
        if let Orientation::Groups(labels) = &self.orientation
            && labels.iter().any(|&(_, g)| g > GroupId::B)
        {
            return Err(IdeologyError::bad(
                "orientation",
                "group labels must be 0 or 1",
            ));
        }
        self.solver.check()
    }
}

/// A fitted influencer: a matrix column.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
///                   ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)] {
///     b.push_external(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let (g, ids) = (&w.windows[0].graph, &w.interner);
/// let li = latent_ideology(g, ids, &IdeologyParams::default()).unwrap();
/// let score = |name| li.users.iter().find(|u| u.user == ids.get(name).unwrap()).unwrap().standard[0];
/// let i1 = li.influencers.iter().find(|i| i.user == ids.get("I1").unwrap()).unwrap();
/// assert_eq!(i1.retweeters, 2); // u1 and u2; u5 is not fitted
/// assert!((i1.median_retweeter_score - (score("u1") + score("u2")) / 2.0).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfluencerScore {
    /// The account.
    pub user: UserId,
    /// Fitted users who retweeted it.
    pub retweeters: usize,
    /// Column standard coordinates y_jk = V_jk / √c_j.
    pub standard: Vec<f64>,
    /// Column principal coordinates y_jk σ_k.
    pub principal: Vec<f64>,
    /// Median of its fitted retweeters' first standard coordinates (Flamino et al., *Nature
    /// Human Behaviour* 7, 2023), unweighted over distinct retweeters.
    pub median_retweeter_score: f64,
    /// The same median on the min–max scale of the users.
    pub median_retweeter_scaled: f64,
}

/// Sizes of the fitted problem.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
///                   ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)] {
///     b.push_external(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let (g, ids) = (&w.windows[0].graph, &w.interner);
/// let c = latent_ideology(g, ids, &IdeologyParams::default()).unwrap().counts;
/// assert_eq!((c.window_users, c.influencers, c.retweeters, c.users), (9, 4, 5, 4));
/// assert_eq!((c.nonzeros, c.retweets), (9, 16)); // u5's one retweet is not in the matrix
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeologyCounts {
    /// Users in the window's graph.
    pub window_users: usize,
    /// Influencers selected (at most m).
    pub influencers_selected: usize,
    /// Selected influencers left out because none of their retweeters passed the user filter.
    pub influencers_dropped: usize,
    /// Influencers in the matrix (columns).
    pub influencers: usize,
    /// Accounts that retweeted at least one influencer.
    pub retweeters: usize,
    /// Users in the matrix (rows): those that retweeted at least n influencers.
    pub users: usize,
    /// Non-zero cells of the matrix.
    pub nonzeros: usize,
    /// Retweets in the matrix (the sum of its cells).
    pub retweets: u64,
    /// Connected components of the user–influencer graph of the users that passed the filter.
    /// Above 1 the matrix is disconnected, and only its main component (the most users) is
    /// analysed: a disconnected matrix's first dimension separates the components instead of
    /// ordering users (METHOD.md §8).
    pub components: usize,
    /// Users that passed the filter but lie outside the main component (no score).
    pub users_outside: usize,
    /// Influencers with retweeters only outside the main component (no score).
    pub influencers_outside: usize,
}

/// The min–max scale of the first dimension: score = 2 (x − min) / (max − min) − 1.
///
/// ```
/// use chambers_ideology::ScoreScale;
/// let s = ScoreScale { min: -2.0, max: 2.0 };
/// assert_eq!(s.scale(0.0), 0.0);
/// assert_eq!(s.scale(-2.0), -1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreScale {
    /// Smallest fitted user coordinate.
    pub min: f64,
    /// Largest fitted user coordinate.
    pub max: f64,
}

impl ScoreScale {
    /// Maps a raw first-dimension coordinate to the scale (outside [−1, 1] for supplementary
    /// users beyond the fitted range).
    ///
    /// ```
    /// let s = chambers_ideology::ScoreScale { min: 0.0, max: 1.0 };
    /// assert_eq!(s.scale(1.0), 1.0);
    /// ```
    pub fn scale(&self, x: f64) -> f64 {
        2.0 * (x - self.min) / (self.max - self.min) - 1.0
    }
}

/// Scores of an account projected as a supplementary user, from
/// [`LatentIdeology::project`] or [`LatentIdeology::project_user`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// Standard coordinates, one per dimension.
    pub standard: Vec<f64>,
    /// Principal coordinates.
    pub principal: Vec<f64>,
    /// The first standard coordinate on the fitted users' min–max scale.
    pub score_scaled: f64,
    /// Distinct fitted influencers in the profile.
    pub influencers: usize,
}

/// The latent ideology of one window: correspondence analysis of the users × influencers
/// retweet counts (Barberá 2015; Flamino et al. 2023; Falkenberg et al., *Nature Climate
/// Change* 12, 2022, the variant Kolic et al. 2025 compare against).
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I2", 2), ("u2", "I3", 1), ("u3", "I3", 2), ("u3", "I1", 1)] {
///     let (s, t) = (b.intern(s), b.intern(t));
///     b.push(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let li = latent_ideology(&w.windows[0].graph, &w.interner, &IdeologyParams::default()).unwrap();
/// assert_eq!((li.users.len(), li.influencers.len()), (3, 3));
/// assert!(li.users.iter().all(|u| (-1.0..=1.0).contains(&u.score_scaled)));
/// let json = serde_json::to_string(&li).unwrap();
/// assert!(json.contains("\"singular_values\""));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatentIdeology {
    /// σ_1, σ_2, … of the non-trivial dimensions.
    pub singular_values: Vec<f64>,
    /// σ_k² / total inertia.
    pub inertia_shares: Vec<f64>,
    /// Total inertia over all non-trivial dimensions.
    pub total_inertia: f64,
    /// What oriented the first dimension.
    pub oriented_by: OrientedBy,
    /// The min–max scale of the first dimension.
    pub scale: ScoreScale,
    /// How the eigensolver went (method, iterations, residuals).
    pub convergence: Convergence,
    /// Problem sizes.
    pub counts: IdeologyCounts,
    /// Fitted users in ascending [`UserId`] order.
    pub users: UserScores,
    /// Fitted influencers by rank (distinct retweeters, then external id bytes).
    pub influencers: Vec<InfluencerScore>,
    /// Influencer ids with their position in `influencers`, sorted by id.
    #[serde(skip)]
    columns: Vec<(UserId, u32)>,
}

impl LatentIdeology {
    /// The method the eigensolver used.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_ideology::{latent_ideology, IdeologyParams, Method};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t) in [("a", "X"), ("a", "Y"), ("b", "Y"), ("b", "Z"), ("c", "Z"), ("c", "X"), ("c", "Y")] {
    ///     let (s, t) = (b.intern(s), b.intern(t));
    ///     b.push(s, t, 1, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let li = latent_ideology(&w.windows[0].graph, &w.interner, &IdeologyParams::default()).unwrap();
    /// assert_eq!(li.method(), Method::Gram);
    /// ```
    pub fn method(&self) -> Method {
        self.convergence.method
    }

    /// Scores of an account outside the fit from its retweet counts of influencers
    /// (supplementary row, [`Correspondence::project_row`]): x_k = Σ_j (a_j / Σa) y_jk / σ_k
    /// over the fitted influencers j it retweeted; retweets of other accounts are ignored.
    /// `None` when it retweeted no fitted influencer. Projecting a fitted user's own counts
    /// gives back its coordinates.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_ideology::{latent_ideology, IdeologyParams};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I2", 2), ("u2", "I3", 1), ("u3", "I3", 2), ("u3", "I1", 1)] {
    ///     let (s, t) = (b.intern(s), b.intern(t));
    ///     b.push(s, t, w, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let ids = &w.interner;
    /// let li = latent_ideology(&w.windows[0].graph, ids, &IdeologyParams::default()).unwrap();
    /// let (i1, i2) = (ids.get("I1").unwrap(), ids.get("I2").unwrap());
    /// let p = li.project(&[(i1, 3.0), (i2, 1.0)]).unwrap();
    /// let u1 = li.users.iter().find(|u| u.user == ids.get("u1").unwrap()).unwrap();
    /// assert!((p.standard[0] - u1.standard[0]).abs() < 1e-12);
    /// assert!(li.project(&[(ids.get("u1").unwrap(), 1.0)]).is_none());
    /// ```
    pub fn project(&self, retweets: &[(UserId, f64)]) -> Option<Projection> {
        let mut counts: Vec<(u32, f64)> = retweets
            .iter()
            .filter(|&&(_, a)| a > 0.0)
            .filter_map(|&(user, a)| self.column(user).map(|j| (j, a)))
            .collect();
        counts.sort_by_key(|&(j, _)| j);
        let total: f64 = counts.iter().map(|&(_, a)| a).sum();
        if counts.is_empty() || !total.is_finite() {
            return None;
        }
        let mut influencers = 0;
        let mut last = None;
        for &(j, _) in &counts {
            if last != Some(j) {
                influencers += 1;
                last = Some(j);
            }
        }
        let standard: Vec<f64> = self
            .singular_values
            .iter()
            .enumerate()
            .map(|(k, s)| {
                counts
                    .iter()
                    .map(|&(j, a)| a * self.influencers[j as usize].standard[k])
                    .sum::<f64>()
                    / total
                    / s
            })
            .collect();
        Some(Projection {
            principal: standard
                .iter()
                .zip(&self.singular_values)
                .map(|(x, s)| x * s)
                .collect(),
            score_scaled: self.scale.scale(standard[0]),
            standard,
            influencers,
        })
    }

    /// [`LatentIdeology::project`] of `user` from what it retweeted in `graph` (any window's
    /// graph over the same interner). `None` when the user is not in the graph or retweeted no
    /// fitted influencer there.
    ///
    /// ```
    /// use chambers_graph::{WindowSpec, WindowsBuilder};
    /// use chambers_ideology::{latent_ideology, IdeologyParams};
    /// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
    /// for (s, t, w) in [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I2", 2), ("u2", "I3", 1), ("u3", "I3", 2), ("u3", "I1", 1), ("late", "I1", 1)] {
    ///     let (s, t) = (b.intern(s), b.intern(t));
    ///     b.push(s, t, w, None).unwrap();
    /// }
    /// let w = b.finish().unwrap();
    /// let g = &w.windows[0].graph;
    /// let li = latent_ideology(g, &w.interner, &IdeologyParams::default()).unwrap();
    /// let late = w.interner.get("late").unwrap(); // one influencer: not fitted, but projectable
    /// assert!(li.users.iter().all(|u| u.user != late));
    /// assert_eq!(li.project_user(g, late).unwrap().influencers, 1);
    /// ```
    pub fn project_user(&self, graph: &RetweetGraph, user: UserId) -> Option<Projection> {
        let v = graph.local(user)?;
        let retweets: Vec<(UserId, f64)> = graph
            .retweeted(v)
            .iter()
            .zip(graph.retweeted_weights(v))
            .map(|(&t, &w)| (graph.user(t), f64::from(w)))
            .collect();
        self.project(&retweets)
    }

    fn column(&self, user: UserId) -> Option<u32> {
        self.columns
            .binary_search_by_key(&user, |&(u, _)| u)
            .ok()
            .map(|i| self.columns[i].1)
    }
}

/// The top `m` accounts of a window by distinct retweeters (unweighted in-degree), ties broken
/// by the external id in byte order, so the choice does not depend on input order. Accounts
/// nobody retweeted are never chosen, so fewer than `m` may come back. Local ids of `graph`.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::select_influencers;
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("a", "B", 9), ("a", "A", 1), ("c", "A", 1)] {
///     let (s, t) = (b.intern(s), b.intern(t));
///     b.push(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let g = &w.windows[0].graph;
/// let top = select_influencers(g, &w.interner, 5);
/// let names: Vec<String> = top.iter().map(|&v| w.interner.external(g.user(v)).to_string()).collect();
/// assert_eq!(names, ["A", "B"]); // A has two retweeters, B one (with more retweets)
/// ```
pub fn select_influencers(graph: &RetweetGraph, interner: &Interner, m: usize) -> Vec<u32> {
    let mut all: Vec<(usize, u32)> = (0..graph.n_users() as u32)
        .map(|v| (graph.retweeters(v).len(), v))
        .filter(|&(d, _)| d > 0)
        .collect();
    let by_rank = |a: &(usize, u32), b: &(usize, u32)| {
        b.0.cmp(&a.0)
            .then_with(|| interner.cmp_external(graph.user(a.1), graph.user(b.1)))
    };
    if m == 0 {
        return Vec::new();
    }
    if all.len() > m {
        all.select_nth_unstable_by(m - 1, |a, b| b.0.cmp(&a.0));
        let threshold = all[m - 1].0;
        all.retain(|&(d, _)| d >= threshold);
    }
    all.sort_by(by_rank);
    all.truncate(m);
    all.into_iter().map(|(_, v)| v).collect()
}

/// The users × influencers count matrix of a window: rows = sources that retweeted at least
/// `min_influencers` distinct influencers (ascending local id), columns = the influencers that
/// kept a retweeter, in rank order. Returns the matrix, the row users, the column users and the
/// counts.
fn count_matrix(
    graph: &RetweetGraph,
    influencers: &[u32],
    min_influencers: usize,
) -> (CsrMatrix, Vec<u32>, Vec<u32>, IdeologyCounts) {
    let mut column_of = vec![u32::MAX; graph.n_users()];
    for (j, &v) in influencers.iter().enumerate() {
        column_of[v as usize] = j as u32;
    }
    let mut rows = Vec::new();
    let mut offsets = vec![0usize];
    let mut entries: Vec<(u32, f64)> = Vec::new();
    let mut row_buf: Vec<(u32, f64)> = Vec::new();
    let mut retweeters = 0;
    for v in 0..graph.n_users() as u32 {
        row_buf.clear();
        for (&t, &w) in graph.retweeted(v).iter().zip(graph.retweeted_weights(v)) {
            let j = column_of[t as usize];
            if j != u32::MAX {
                row_buf.push((j, f64::from(w)));
            }
        }
        retweeters += usize::from(!row_buf.is_empty());
        if row_buf.len() >= min_influencers {
            row_buf.sort_unstable_by_key(|&(j, _)| j);
            entries.extend_from_slice(&row_buf);
            offsets.push(entries.len());
            rows.push(v);
        }
    }
    let all_users = rows.len();
    let mut reached = vec![false; influencers.len()];
    for &(j, _) in &entries {
        reached[j as usize] = true;
    }
    let dropped = reached.iter().filter(|&&r| !r).count();
    let components = keep_main_component(&mut rows, &mut offsets, &mut entries, influencers.len());
    let retweets = entries.iter().map(|&(_, w)| w as u64).sum();
    let mut used = vec![false; influencers.len()];
    for &(j, _) in &entries {
        used[j as usize] = true;
    }
    let mut renumber = vec![u32::MAX; influencers.len()];
    let mut columns = Vec::new();
    for (j, &v) in influencers.iter().enumerate() {
        if used[j] {
            renumber[j] = columns.len() as u32;
            columns.push(v);
        }
    }
    let (indices, values): (Vec<u32>, Vec<f64>) = entries
        .iter()
        .map(|&(j, w)| (renumber[j as usize], w))
        .unzip();
    let influencers_outside = influencers.len() - columns.len() - dropped;
    let counts = IdeologyCounts {
        window_users: graph.n_users(),
        influencers_selected: influencers.len(),
        influencers_dropped: dropped,
        influencers: columns.len(),
        retweeters,
        users: rows.len(),
        nonzeros: indices.len(),
        retweets,
        components,
        users_outside: all_users - rows.len(),
        influencers_outside,
    };
    let matrix = CsrMatrix::new(columns.len(), offsets, indices, values)
        .expect("rows built sorted, distinct and positive");
    (matrix, rows, columns, counts)
}

/// Restricts the matrix rows (`rows`, `offsets`, `entries` with column indices below
/// `n_columns`) to the main connected component of the user–influencer graph, and returns how
/// many components (with at least one user) there were.
///
/// A disconnected matrix has a singular value 1 beside the trivial one for each further
/// component: the first dimension then only tells the components apart (most scores 0, a
/// few far out) instead of ordering users by ideology. The main component is the one with the
/// most users; ties go to the one whose first row comes first.
fn keep_main_component(
    rows: &mut Vec<u32>,
    offsets: &mut Vec<usize>,
    entries: &mut Vec<(u32, f64)>,
    n_columns: usize,
) -> usize {
    // Union–find over columns; a row joins the columns it touches.
    let mut parent: Vec<u32> = (0..n_columns as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for r in 0..rows.len() {
        let row = &entries[offsets[r]..offsets[r + 1]];
        let first = find(&mut parent, row[0].0);
        for &(j, _) in &row[1..] {
            let root = find(&mut parent, j);
            if root != first {
                let (lo, hi) = (root.min(first), root.max(first));
                parent[hi as usize] = lo;
            }
        }
    }
    let component: Vec<u32> = (0..rows.len())
        .map(|r| find(&mut parent, entries[offsets[r]].0))
        .collect();
    let mut users = vec![0usize; n_columns];
    let mut first_row = vec![usize::MAX; n_columns];
    for (r, &c) in component.iter().enumerate() {
        users[c as usize] += 1;
        first_row[c as usize] = first_row[c as usize].min(r);
    }
    let components = users.iter().filter(|&&n| n > 0).count();
    if components <= 1 {
        return components;
    }
    let main = (0..n_columns)
        .filter(|&c| users[c] > 0)
        .max_by(|&a, &b| {
            users[a]
                .cmp(&users[b])
                .then(first_row[b].cmp(&first_row[a]))
        })
        .expect("at least two components") as u32;
    let (mut kept_rows, mut kept_offsets, mut kept_entries) = (Vec::new(), vec![0], Vec::new());
    for (r, &c) in component.iter().enumerate() {
        if c == main {
            kept_entries.extend_from_slice(&entries[offsets[r]..offsets[r + 1]]);
            kept_offsets.push(kept_entries.len());
            kept_rows.push(rows[r]);
        }
    }
    (*rows, *offsets, *entries) = (kept_rows, kept_offsets, kept_entries);
    components
}

/// Orients the first dimension by the requested rule; returns what decided it.
fn orient(
    ca: &mut Correspondence,
    orientation: &Orientation,
    rows: &[UserId],
    columns: &[UserId],
) -> OrientedBy {
    let sign = match orientation {
        Orientation::Default => None,
        Orientation::Anchor(anchor) => {
            let column = columns.iter().position(|u| u == anchor);
            let x = match column {
                Some(j) => Some(ca.column_standard[0][j]),
                None => rows
                    .binary_search(anchor)
                    .ok()
                    .map(|i| ca.row_standard[0][i]),
            };
            x.filter(|&x| x != 0.0)
                .map(|x| (x.signum(), OrientedBy::Anchor))
        }
        Orientation::Groups(labels) => {
            let mut balance = 0i64;
            for &(user, group) in labels {
                if let Ok(i) = rows.binary_search(&user) {
                    let x = ca.row_standard[0][i];
                    let expected = if group == GroupId::A { 1.0 } else { -1.0 };
                    if x != 0.0 {
                        balance += if x.signum() == expected { 1 } else { -1 };
                    }
                }
            }
            (balance != 0).then(|| (balance.signum() as f64, OrientedBy::Groups))
        }
    };
    match sign {
        Some((s, by)) => {
            if s < 0.0 {
                ca.flip(0);
            }
            by
        }
        None => OrientedBy::Default,
    }
}

/// Median of a non-empty slice (mean of the two middle values for an even length).
fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The latent ideology of one window's retweet network (METHOD.md §8; Barberá 2015,
/// Flamino et al. 2023, Falkenberg et al. 2022, as used by Kolic et al. 2025).
///
/// 1. Influencers: the top `params.influencers` accounts by distinct retweeters
///    ([`select_influencers`]).
/// 2. Users: sources that retweeted at least `params.min_influencers` distinct influencers;
///    A_ij = retweets of influencer j by user i. Influencers none of whose retweeters pass
///    the filter are dropped (counted in [`IdeologyCounts::influencers_dropped`]).
/// 3. [`correspondence_analysis`] of A; the user score is the row standard coordinate
///    x_i = U_i1/√r_i, oriented by `params.orientation`, and min–max scaled to [−1, 1]
///    (the paper splits the scaled score at 0); the raw coordinates are kept.
/// 4. Influencers get their column coordinates and the median of their retweeters' scores.
///
/// # Errors
/// [`IdeologyError::BadParameter`] from [`IdeologyParams::check`]; the errors of
/// [`correspondence_analysis`] when too few users or influencers remain or the matrix is
/// degenerate.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{latent_ideology, IdeologyError, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// let (a, x, y) = (b.intern("a"), b.intern("X"), b.intern("Y"));
/// b.push(a, x, 1, None).unwrap();
/// b.push(a, y, 1, None).unwrap();
/// let w = b.finish().unwrap();
/// let err = latent_ideology(&w.windows[0].graph, &w.interner, &IdeologyParams::default());
/// assert_eq!(err.unwrap_err(), IdeologyError::TooFewUsers { users: 1, needed: 2 });
/// ```
pub fn latent_ideology(
    graph: &RetweetGraph,
    interner: &Interner,
    params: &IdeologyParams,
) -> Result<LatentIdeology, IdeologyError> {
    params.check()?;
    let influencers = select_influencers(graph, interner, params.influencers);
    let (matrix, rows, columns, counts) = count_matrix(graph, &influencers, params.min_influencers);
    let mut ca = correspondence_analysis(&matrix, params.dims, &params.solver)?;
    let row_users: Vec<UserId> = rows.iter().map(|&v| graph.user(v)).collect();
    let column_users: Vec<UserId> = columns.iter().map(|&v| graph.user(v)).collect();
    let oriented_by = orient(&mut ca, &params.orientation, &row_users, &column_users);
    let first = &ca.row_standard[0];
    let scale = ScoreScale {
        min: first.iter().copied().fold(f64::INFINITY, f64::min),
        max: first.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    };
    let dims = ca.singular_values.len();
    let principal = |coords: &[Vec<f64>], i: usize| -> Vec<f64> {
        (0..dims)
            .map(|k| coords[k][i] * ca.singular_values[k])
            .collect()
    };
    let scaled = first.iter().map(|&x| scale.scale(x)).collect();
    let users = UserScores::new(row_users, &ca.row_standard[..dims], scaled);
    let mut column_rows: Vec<Vec<f64>> = vec![Vec::new(); columns.len()];
    for (i, x) in first.iter().enumerate() {
        for &j in matrix.row(i).0 {
            column_rows[j as usize].push(*x);
        }
    }
    let influencers = column_users
        .iter()
        .zip(&mut column_rows)
        .enumerate()
        .map(|(j, (&user, scores))| {
            let m = median(scores);
            InfluencerScore {
                user,
                retweeters: scores.len(),
                standard: (0..dims).map(|k| ca.column_standard[k][j]).collect(),
                principal: principal(&ca.column_standard, j),
                median_retweeter_score: m,
                median_retweeter_scaled: scale.scale(m),
            }
        })
        .collect();
    let mut lookup: Vec<(UserId, u32)> = column_users
        .iter()
        .enumerate()
        .map(|(j, &u)| (u, j as u32))
        .collect();
    lookup.sort_unstable();
    Ok(LatentIdeology {
        singular_values: ca.singular_values,
        inertia_shares: ca.inertia_shares,
        total_inertia: ca.total_inertia,
        oriented_by,
        scale,
        convergence: ca.convergence,
        counts,
        users,
        influencers,
        columns: lookup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chambers_graph::{GraphOptions, WindowSpec, Windows, WindowsBuilder};
    use proptest::prelude::*;

    fn build(edges: &[(String, String, u32)]) -> Windows {
        let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
        for (s, t, w) in edges {
            let (s, t) = (b.intern(s), b.intern(t));
            b.push(s, t, *w, None).unwrap();
        }
        b.finish().unwrap()
    }

    fn edges(list: &[(&str, &str, u32)]) -> Vec<(String, String, u32)> {
        list.iter()
            .map(|&(s, t, w)| (s.to_owned(), t.to_owned(), w))
            .collect()
    }

    /// Two camps: a* retweet X and Y, b* retweet Z and W, and a bridge user.
    fn camps() -> Windows {
        build(&edges(&[
            ("a1", "X", 2),
            ("a1", "Y", 1),
            ("a2", "X", 1),
            ("a2", "Y", 3),
            ("a3", "Y", 1),
            ("a3", "X", 1),
            ("b1", "Z", 2),
            ("b1", "W", 1),
            ("b2", "Z", 1),
            ("b2", "W", 1),
            ("b3", "W", 4),
            ("b3", "Z", 1),
            ("mid", "X", 1),
            ("mid", "Z", 1),
            ("solo", "W", 5),
        ]))
    }

    fn id(w: &Windows, name: &str) -> UserId {
        w.interner.get(name).unwrap()
    }

    fn score(li: &LatentIdeology, user: UserId) -> f64 {
        li.users.iter().find(|u| u.user == user).unwrap().standard[0]
    }

    /// A matrix in two pieces is analysed on its main piece only, exactly as if the other
    /// piece were not in the input, and says how much it left out.
    #[test]
    fn a_disconnected_matrix_keeps_its_main_component() {
        let main = edges(&[
            ("a1", "X", 2),
            ("a1", "Y", 1),
            ("a2", "X", 1),
            ("a2", "Y", 3),
            ("a3", "Y", 1),
            ("a3", "Z", 1),
            ("a4", "Z", 2),
            ("a4", "X", 1),
        ]);
        let island = edges(&[
            ("b1", "P", 1),
            ("b1", "Q", 2),
            ("b2", "P", 1),
            ("b2", "Q", 1),
        ]);
        let alone = build(&main);
        let both = build(&[island, main].concat());
        let fit = |w: &Windows| {
            latent_ideology(&w.windows[0].graph, &w.interner, &IdeologyParams::default()).unwrap()
        };
        let (alone_fit, both_fit) = (fit(&alone), fit(&both));
        assert_eq!(both_fit.counts.components, 2);
        assert_eq!(both_fit.counts.users_outside, 2);
        assert_eq!(both_fit.counts.influencers_outside, 2);
        assert_eq!(both_fit.counts.users, 4);
        assert_eq!(alone_fit.counts.components, 1);
        assert_eq!(alone_fit.counts.users_outside, 0);
        assert!(both_fit.singular_values[0] < 1.0 - 1e-6);
        assert_eq!(both_fit.singular_values, alone_fit.singular_values);
        for user in ["a1", "a2", "a3", "a4"] {
            assert_eq!(
                score(&both_fit, id(&both, user)),
                score(&alone_fit, id(&alone, user))
            );
        }
        assert!(both_fit.users.iter().all(|u| u.user != id(&both, "b1")));
    }

    #[test]
    fn influencer_ties_break_by_id_bytes() {
        let w = build(&edges(&[
            ("s", "9", 1),
            ("s", "10", 1),
            ("t", "b", 1),
            ("s", "b", 1),
        ]));
        let g = &w.windows[0].graph;
        let names: Vec<String> = select_influencers(g, &w.interner, 2)
            .iter()
            .map(|&v| w.interner.external(g.user(v)).to_string())
            .collect();
        assert_eq!(names, ["b", "10"]);
        assert!(select_influencers(g, &w.interner, 0).is_empty());
    }

    #[test]
    fn anchors_and_groups_orient_the_first_dimension() {
        let w = camps();
        let g = &w.windows[0].graph;
        for (orientation, positive, by) in [
            (Orientation::Anchor(id(&w, "X")), "a1", OrientedBy::Anchor),
            (Orientation::Anchor(id(&w, "W")), "b1", OrientedBy::Anchor),
            (Orientation::Anchor(id(&w, "b2")), "b1", OrientedBy::Anchor),
            (
                Orientation::Groups(vec![
                    (id(&w, "a1"), GroupId::B),
                    (id(&w, "b3"), GroupId::A),
                    (id(&w, "a2"), GroupId::B),
                ]),
                "b1",
                OrientedBy::Groups,
            ),
        ] {
            let params = IdeologyParams::default().orientation(orientation);
            let li = latent_ideology(g, &w.interner, &params).unwrap();
            assert_eq!(li.oriented_by, by);
            assert!(score(&li, id(&w, positive)) > 0.0);
            let x = li
                .influencers
                .iter()
                .find(|i| i.user == id(&w, "X"))
                .unwrap();
            assert_eq!(x.median_retweeter_score > 0.0, positive == "a1");
        }
        // A tie between the groups, or an anchor outside the fit: the default rule.
        let tie = Orientation::Groups(vec![(id(&w, "a1"), GroupId::A), (id(&w, "b1"), GroupId::A)]);
        let absent = Orientation::Anchor(id(&w, "solo"));
        for orientation in [tie, absent] {
            let params = IdeologyParams::default().orientation(orientation);
            let li = latent_ideology(g, &w.interner, &params).unwrap();
            assert_eq!(li.oriented_by, OrientedBy::Default);
        }
    }

    #[test]
    fn counts_and_medians() {
        let w = camps();
        let g = &w.windows[0].graph;
        let li = latent_ideology(g, &w.interner, &IdeologyParams::default()).unwrap();
        assert_eq!(li.counts.window_users, 12);
        assert_eq!(li.counts.influencers, 4);
        assert_eq!(li.counts.retweeters, 8);
        assert_eq!(li.counts.users, 7);
        assert_eq!(li.counts.nonzeros, 14);
        assert_eq!(li.counts.retweets, 21);
        let x = li
            .influencers
            .iter()
            .find(|i| i.user == id(&w, "X"))
            .unwrap();
        assert_eq!(x.retweeters, 4);
        let mut scores: Vec<f64> = ["a1", "a2", "a3", "mid"]
            .iter()
            .map(|u| score(&li, id(&w, u)))
            .collect();
        scores.sort_by(f64::total_cmp);
        assert_eq!(x.median_retweeter_score, (scores[1] + scores[2]) / 2.0);
        assert!(
            (x.median_retweeter_scaled - li.scale.scale(x.median_retweeter_score)).abs() < 1e-15
        );
        let ends: Vec<f64> = li.users.iter().map(|u| u.score_scaled).collect();
        assert!(ends.contains(&-1.0) && ends.contains(&1.0));
        // solo retweeted one influencer: projected, not fitted, on the b side.
        let solo = li.project_user(g, id(&w, "solo")).unwrap();
        assert_eq!(solo.standard[0].signum(), score(&li, id(&w, "b1")).signum());
        assert!(li.project_user(g, id(&w, "X")).is_none());
    }

    #[test]
    fn uncoupled_influencers_are_dropped() {
        // Q is an influencer (rank 3) but its only retweeter retweeted nothing else.
        let w = build(&edges(&[
            ("a", "X", 1),
            ("a", "Y", 1),
            ("b", "X", 1),
            ("b", "Y", 2),
            ("c", "X", 1),
            ("c", "Y", 1),
            ("d", "X", 1),
            ("q", "Q", 1),
        ]));
        let params = IdeologyParams::default().influencers(3);
        let li = latent_ideology(&w.windows[0].graph, &w.interner, &params).unwrap();
        assert_eq!(li.counts.influencers_selected, 3);
        assert_eq!(li.counts.influencers_dropped, 1);
        assert_eq!(li.counts.influencers, 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// The result depends on the retweets, not on the order of the input rows.
        #[test]
        fn input_order_does_not_matter(
            raw in proptest::collection::vec((0u8..25, 0u8..8, 1u32..4), 30..120),
            rotate in 1usize..29,
        ) {
            let rows: Vec<(String, String, u32)> = raw
                .iter()
                .map(|&(s, t, w)| (format!("u{s}"), format!("{t}"), w))
                .collect();
            let mut other = rows.clone();
            other.reverse();
            let r = rotate % other.len();
            other.rotate_left(r);
            let (a, b) = (build(&rows), build(&other));
            let params = IdeologyParams::default().influencers(6);
            let fa = latent_ideology(&a.windows[0].graph, &a.interner, &params);
            let fb = latent_ideology(&b.windows[0].graph, &b.interner, &params);
            prop_assert_eq!(fa.is_err(), fb.is_err());
            let (Ok(fa), Ok(fb)) = (fa, fb) else {
                return Ok(());
            };
            prop_assume!(fa.convergence.converged);
            let name = |w: &Windows, u: UserId| w.interner.external(u).to_string();
            let ia: Vec<String> = fa.influencers.iter().map(|i| name(&a, i.user)).collect();
            let ib: Vec<String> = fb.influencers.iter().map(|i| name(&b, i.user)).collect();
            prop_assert_eq!(ia, ib);
            prop_assert!((fa.singular_values[0] - fb.singular_values[0]).abs() < 1e-12);
            let mut sa: Vec<(String, f64)> = fa.users.iter().map(|u| (name(&a, u.user), u.score_scaled)).collect();
            let mut sb: Vec<(String, f64)> = fb.users.iter().map(|u| (name(&b, u.user), u.score_scaled)).collect();
            sa.sort_by(|x, y| x.0.cmp(&y.0));
            sb.sort_by(|x, y| x.0.cmp(&y.0));
            prop_assert_eq!(sa.len(), sb.len());
            for (x, y) in sa.iter().zip(&sb) {
                prop_assert_eq!(&x.0, &y.0);
                prop_assert!((x.1 - y.1).abs() < 1e-9, "{} {} {}", x.0, x.1, y.1);
            }
        }
    }
}
