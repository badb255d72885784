//! The latent-ideology benchmark of a window against its echo-chamber sides (METHOD.md §8).

use chambers_graph::{GroupId, Interner, RetweetGraph, UserId};
use chambers_ideology::{IdeologyParams, LatentIdeology, Orientation, latent_ideology};
use chambers_stats::{ConfusionMatrix, aligned_confusion, majority_agreement};

use crate::Side;

/// The echo-chamber classification against latent ideology in one window (METHOD.md §8).
///
/// The ideology side of a scored user is the sign of its min–max scaled score (≥ 0 = A, the
/// orientation chosen to agree with the echo-chamber sides). Two rules compare it with the
/// augmented echo chambers:
///
/// * **the authors' rule** (the primary fields `compared`..`faulty`): every membership of a
///   scored user in an augmented echo chamber is one item, so a user in both AEC_A and AEC_B
///   counts twice, once in each; the AEC side is the reference and the ideology side the
///   prediction, positive class A. Precision = TP / (users of either AEC scored A), recall =
///   TP / (scored members of AEC_A).
/// * **the one-side rule** ([`OneSideAgreement`], `one_side`): users in exactly one augmented
///   echo chamber only, ideology as the truth and the AEC side as the prediction, each AEC side
///   counting its majority ideology side as correct.
///
/// ```
/// let c = chambers_echo::IdeologyComparison { accuracy: Some(1.0), ..Default::default() };
/// assert!(!c.faulty); // computed by the analysis: here only built by hand
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IdeologyComparison {
    /// Users with an ideology score.
    pub scored: usize,
    /// scored / |V_t| (the paper's coverage of latent ideology).
    pub coverage: Option<f64>,
    /// Authors' rule: memberships of scored users in AEC_A or AEC_B (a user in both counts twice).
    pub compared: usize,
    /// Authors' rule: share of memberships whose ideology side is the AEC's side.
    pub accuracy: Option<f64>,
    /// Authors' rule: precision of A, TP / memberships with ideology side A.
    pub precision: Option<f64>,
    /// Authors' rule: recall of A, TP / scored members of AEC_A.
    pub recall: Option<f64>,
    /// Authors' rule: F1 of A.
    pub f1: Option<f64>,
    /// Authors' rule: counts, rows = AEC side (A, B), columns = ideology side (A, B).
    pub confusion: Vec<Vec<usize>>,
    /// A faulty window in the authors' sense: one of `accuracy`, `precision`, `recall`, `f1`
    /// equals 1 (typically one side has no scored member); the summary leaves it out.
    pub faulty: bool,
    /// The one-side rule, kept for comparison.
    pub one_side: OneSideAgreement,
    /// Why the correspondence analysis could not run, when it could not.
    pub error: Option<String>,
}

/// The one-side rule of [`IdeologyComparison`]: users in exactly one augmented echo chamber,
/// ideology side as the truth, the AEC side as the prediction, each AEC side counting its
/// majority ideology side as correct (positive class A).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OneSideAgreement {
    /// Scored users in exactly one augmented echo chamber.
    pub compared: usize,
    /// Accuracy under the majority rule.
    pub accuracy: Option<f64>,
    /// Precision of side A.
    pub precision: Option<f64>,
    /// Recall of side A.
    pub recall: Option<f64>,
    /// F1 of side A.
    pub f1: Option<f64>,
    /// Sign-aligned confusion counts (rows = ideology side, columns = AEC side).
    pub confusion: Vec<Vec<usize>>,
}

/// Latent ideology of one window, oriented by the echo-chamber sides, and its agreement with them.
/// `classified` holds each classified user once, in ascending local id, as
/// [`crate::WindowEcho::classified`] gives it.
pub(crate) fn compare_ideology(
    interner: &Interner,
    graph: &RetweetGraph,
    classified: &[(u32, Side)],
    params: &IdeologyParams,
) -> (IdeologyComparison, Option<LatentIdeology>) {
    debug_assert!(classified.is_sorted_by_key(|&(v, _)| v));
    let labels: Vec<(UserId, GroupId)> = classified
        .iter()
        .filter_map(|&(v, s)| Some((graph.user(v), s.group()?)))
        .collect();
    let params = params
        .clone()
        .orientation(Orientation::Groups(labels.clone()));
    let fitted = match latent_ideology(graph, interner, &params) {
        Ok(f) => f,
        Err(e) => {
            return (
                IdeologyComparison {
                    error: Some(e.to_string()),
                    ..Default::default()
                },
                None,
            );
        }
    };
    let users = graph.n_users();
    // Ideology side of each scored user (0 = A: scaled score ≥ 0). The classified users come in
    // ascending local id, so in ascending user id (local ids follow them), as the fit lists its
    // users: one forward walk over the fit finds them all.
    let ids = fitted.users.ids();
    let mut at = 0;
    let mut side_of = |user: UserId| {
        while ids.get(at).is_some_and(|&u| u < user) {
            at += 1;
        }
        (ids.get(at) == Some(&user)).then(|| usize::from(fitted.users.get(at).score_scaled < 0.0))
    };
    let (mut aec_side, mut ideology_side) = (Vec::new(), Vec::new());
    let (mut truth, mut predicted) = (Vec::new(), Vec::new());
    for &(v, side) in classified {
        let Some(ideology) = side_of(graph.user(v)) else {
            continue;
        };
        let memberships: &[usize] = match side {
            Side::Group(g) => &[g.index()],
            Side::Both => &[0, 1],
            Side::Neutral => &[],
        };
        for &g in memberships {
            aec_side.push(g);
            ideology_side.push(ideology);
        }
        if let Side::Group(g) = side {
            truth.push(ideology);
            predicted.push(g.index());
        }
    }
    let mut comparison = IdeologyComparison {
        scored: fitted.users.len(),
        coverage: (users > 0).then(|| fitted.users.len() as f64 / users as f64),
        compared: aec_side.len(),
        ..Default::default()
    };
    let authors = ConfusionMatrix::new(&aec_side, &ideology_side, 2).expect("equal lengths");
    comparison.accuracy = authors.accuracy();
    comparison.precision = authors.precision(0);
    comparison.recall = authors.recall(0);
    comparison.f1 = authors.f1(0);
    comparison.faulty = [
        comparison.accuracy,
        comparison.precision,
        comparison.recall,
        comparison.f1,
    ]
    .contains(&Some(1.0));
    comparison.confusion = authors.counts;
    comparison.one_side.compared = truth.len();
    if !truth.is_empty() {
        let rule = majority_agreement(&truth, &predicted, 2, 0).expect("equal lengths");
        comparison.one_side = OneSideAgreement {
            compared: truth.len(),
            accuracy: rule.accuracy,
            precision: rule.precision,
            recall: rule.recall,
            f1: rule.f1,
            confusion: aligned_confusion(&truth, &predicted, 2)
                .expect("k = 2")
                .0
                .counts,
        };
    }
    (comparison, Some(fitted))
}
