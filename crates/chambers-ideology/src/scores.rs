//! The fitted users of a latent-ideology fit, held as columns: three allocations per window
//! however many users were fitted, where a struct per user with its own coordinate vectors
//! would cost two allocations and about 130 bytes per user (a paper-scale run fits 1.7 M
//! users over 40 windows).

use chambers_graph::UserId;
use serde::{Deserialize, Serialize};

/// The fitted users (matrix rows) of one window, in ascending [`UserId`] order.
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
/// assert_eq!(li.users.len(), 4); // u5 retweeted one influencer: not fitted
/// let u2 = li.users.iter().find(|u| u.user == ids.get("u2").unwrap()).unwrap();
/// assert_eq!(u2.standard.len(), li.singular_values.len());
/// assert!((u2.principal(0, &li) - u2.standard[0] * li.singular_values[0]).abs() < 1e-12);
/// assert!((u2.score_scaled - li.scale.scale(u2.standard[0])).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserScores {
    users: Vec<UserId>,
    /// Row standard coordinates, row-major: user i's are `standard[i * dims..(i + 1) * dims]`.
    standard: Vec<f64>,
    dims: usize,
    score_scaled: Vec<f64>,
}

/// One fitted user, borrowed from [`UserScores`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UserScore<'a> {
    /// The account.
    pub user: UserId,
    /// Row standard coordinates x_ik, one per dimension; `standard[0]` is the raw latent
    /// ideology score x_i = U_i1 / √r_i.
    pub standard: &'a [f64],
    /// The first standard coordinate min–max scaled to [−1, 1], as in the paper.
    pub score_scaled: f64,
}

impl UserScore<'_> {
    /// The row principal coordinate x_ik σ_k on dimension `k` (0-based) of `fit`.
    pub fn principal(&self, k: usize, fit: &crate::LatentIdeology) -> f64 {
        self.standard[k] * fit.singular_values[k]
    }
}

impl UserScores {
    /// Users with their standard coordinates by dimension (`by_dimension[k][i]`, as the
    /// correspondence analysis gives them) and scaled scores, in the same order.
    pub(crate) fn new(
        users: Vec<UserId>,
        by_dimension: &[Vec<f64>],
        score_scaled: Vec<f64>,
    ) -> Self {
        let dims = by_dimension.len();
        let standard = (0..users.len())
            .flat_map(|i| by_dimension.iter().map(move |column| column[i]))
            .collect();
        Self {
            users,
            standard,
            dims,
            score_scaled,
        }
    }

    /// Number of fitted users.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Whether no user was fitted.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// The `i`-th fitted user.
    ///
    /// # Panics
    /// When `i` is not below [`UserScores::len`].
    pub fn get(&self, i: usize) -> UserScore<'_> {
        UserScore {
            user: self.users[i],
            standard: &self.standard[i * self.dims..(i + 1) * self.dims],
            score_scaled: self.score_scaled[i],
        }
    }

    /// The fitted users in ascending [`UserId`] order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = UserScore<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The fitted accounts in ascending order, for lookups by id.
    pub fn ids(&self) -> &[UserId] {
        &self.users
    }
}
