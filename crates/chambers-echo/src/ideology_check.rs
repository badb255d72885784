//! The latent-ideology benchmark of a window against its echo-chamber sides (METHOD.md §8).

use chambers_graph::{GroupId, Interner, RetweetGraph, UserId};
use chambers_ideology::{IdeologyParams, LatentIdeology, Orientation, latent_ideology};
use chambers_stats::{aligned_confusion, majority_agreement};

use crate::Side;

/// The echo-chamber classification against latent ideology in one window (METHOD.md §8).
///
/// Users classified to exactly one side by the echo chambers and scored by correspondence
/// analysis are compared; the ideology side is the sign of the min–max scaled score (positive =
/// A, the orientation chosen to agree with the echo-chamber sides). `accuracy`..`f1` follow the
/// paper's rule (each echo-chamber side counts its majority ideology side as correct, positive
/// class A); `confusion` is the sign-aligned confusion matrix (rows = ideology side, columns =
/// echo-chamber side).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IdeologyComparison {
    /// Users with an ideology score.
    pub scored: usize,
    /// scored / |V_t| (the paper's coverage of latent ideology).
    pub coverage: Option<f64>,
    /// Users classified by both methods.
    pub compared: usize,
    /// Accuracy under the majority rule.
    pub accuracy: Option<f64>,
    /// Precision of side A.
    pub precision: Option<f64>,
    /// Recall of side A.
    pub recall: Option<f64>,
    /// F1 of side A.
    pub f1: Option<f64>,
    /// Sign-aligned confusion counts.
    pub confusion: Vec<Vec<usize>>,
    /// Why the correspondence analysis could not run, when it could not.
    pub error: Option<String>,
}

/// Latent ideology of one window, oriented by the echo-chamber sides, and its agreement with them.
pub(crate) fn compare_ideology(
    interner: &Interner,
    graph: &RetweetGraph,
    classified: &[(u32, Side)],
    params: &IdeologyParams,
) -> (IdeologyComparison, Option<LatentIdeology>) {
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
    let mut truth = Vec::new();
    let mut predicted = Vec::new();
    for score in &fitted.users {
        if let Ok(i) = labels.binary_search_by_key(&score.user, |&(u, _)| u) {
            truth.push(usize::from(score.score_scaled < 0.0));
            predicted.push(labels[i].1.index());
        }
    }
    let mut comparison = IdeologyComparison {
        scored: fitted.users.len(),
        coverage: (users > 0).then(|| fitted.users.len() as f64 / users as f64),
        compared: truth.len(),
        ..Default::default()
    };
    if !truth.is_empty() {
        let rule = majority_agreement(&truth, &predicted, 2, 0).expect("equal lengths");
        comparison.accuracy = rule.accuracy;
        comparison.precision = rule.precision;
        comparison.recall = rule.recall;
        comparison.f1 = rule.f1;
        comparison.confusion = aligned_confusion(&truth, &predicted, 2)
            .expect("k = 2")
            .0
            .counts;
    }
    (comparison, Some(fitted))
}
