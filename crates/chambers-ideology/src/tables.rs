//! Latent ideology as tables keyed by external ids: users and influencers per window.

use chambers_graph::{ExternalId, Interner, Table, set_cell};

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
    // Fills `row` (reused: no allocation per cell) with one account's cells.
    let fill = move |row: &mut Vec<String>,
                     window: usize,
                     user: ExternalId<'_>,
                     coordinates: &[f64],
                     last: f64| {
        row.resize(dims + 3, String::new());
        set_cell(&mut row[0], window);
        set_cell(&mut row[1], user);
        for d in 0..dims {
            match coordinates.get(d) {
                Some(x) => set_cell(&mut row[2 + d], x),
                None => row[2 + d].clear(),
            }
        }
        set_cell(&mut row[dims + 2], last);
    };
    let users_fitted = fitted.clone();
    let users = Table::with_columns_in_parts(
        "ideology",
        header("user", "score_scaled"),
        users_fitted.len(),
        move |part, sink| {
            let (window, li) = users_fitted[part];
            let mut row = Vec::new();
            let names = interner.externals(li.users.ids().iter().copied());
            for (u, user) in li.users.iter().zip(names) {
                fill(&mut row, window, user, u.standard, u.score_scaled);
                sink(&row)?;
            }
            Ok(())
        },
    )
    .text(&["user"]);
    let influencers = Table::with_columns(
        "influencers",
        header("influencer", "median_retweeter_score"),
        move |sink| {
            let mut row = Vec::new();
            for &(window, li) in &fitted {
                for i in &li.influencers {
                    fill(
                        &mut row,
                        window,
                        interner.external(i.user),
                        &i.standard,
                        i.median_retweeter_score,
                    );
                    sink(&row)?;
                }
            }
            Ok(())
        },
    )
    .text(&["influencer"]);
    [users, influencers]
}
