//! Latent ideology as tables keyed by external ids: users and influencers per window.

use chambers_graph::{Interner, Table, UserId};

use crate::LatentIdeology;

/// `ideology` (every fitted user: window, user, `dims` standard coordinates, scaled score) and
/// `influencers` (window, influencer, coordinates, median score of its retweeters) of the
/// windows in `fitted` (`(window index, fit)`, in window order). Coordinates a fit lacks (fewer
/// dimensions than `dims`) are empty cells.
///
/// ```
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_ideology::{ideology_tables, latent_ideology, IdeologyParams};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t, w) in [("u1","I1",3),("u1","I2",1),("u2","I1",1),("u2","I2",2),("u2","I3",1),
///     ("u3","I3",2),("u3","I4",2),("u4","I2",1),("u4","I4",3),("u5","I1",1)] {
///     b.push_external(s, t, w, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let params = IdeologyParams::default().influencers(4).dims(1);
/// let fit = latent_ideology(&w.windows[0].graph, &w.interner, &params).unwrap();
/// let [users, influencers] = ideology_tables(&w.interner, vec![(0, &fit)], 1);
/// assert_eq!(users.columns(), ["window", "user", "dim_1", "score_scaled"]);
/// assert_eq!(users.collect().unwrap().len(), 4); // u5 retweeted one influencer: not fitted
/// assert_eq!(influencers.collect().unwrap().len(), 4);
/// ```
pub fn ideology_tables<'a>(
    interner: &'a Interner,
    fitted: Vec<(usize, &'a LatentIdeology)>,
    dims: usize,
) -> [Table<'a>; 2] {
    let header = |first: &str, last: &str| -> Vec<String> {
        let mut h = vec!["window".to_owned(), first.to_owned()];
        h.extend((1..=dims).map(|d| format!("dim_{d}")));
        h.push(last.to_owned());
        h
    };
    let row = move |window: usize, user: UserId, coordinates: &[f64], last: f64| -> Vec<String> {
        let mut r = vec![window.to_string(), interner.external(user).to_string()];
        r.extend((0..dims).map(|d| coordinates.get(d).map(f64::to_string).unwrap_or_default()));
        r.push(last.to_string());
        r
    };
    let users_fitted = fitted.clone();
    let users = Table::with_columns_in_parts(
        "ideology",
        header("user", "score_scaled"),
        users_fitted.len(),
        move |part, sink| {
            let (window, li) = users_fitted[part];
            for u in &li.users {
                sink(&row(window, u.user, &u.standard, u.score_scaled))?;
            }
            Ok(())
        },
    )
    .text(&["user"]);
    let influencers = Table::with_columns(
        "influencers",
        header("influencer", "median_retweeter_score"),
        move |sink| {
            for &(window, li) in &fitted {
                for i in &li.influencers {
                    sink(&row(window, i.user, &i.standard, i.median_retweeter_score))?;
                }
            }
            Ok(())
        },
    )
    .text(&["influencer"]);
    [users, influencers]
}
