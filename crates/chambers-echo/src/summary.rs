//! The headline figures of an analysis and how they are summarised from the windows.

use chambers_graph::GroupId;

use crate::{BimodalityReport, WindowReport};

/// The headline figures (METHOD.md §6 and §12): means over valid windows, the bimodality of
/// the pooled overlaps, coverage, and the controversy score.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Mean P(t) over valid windows.
    pub polarization: Option<f64>,
    /// Mean shuffled-label P(t) over the same windows.
    pub polarization_shuffled: Option<f64>,
    /// Mean configuration-model P(t) (same groups) over the same windows.
    pub polarization_null: Option<f64>,
    /// Mean size-normalised P(t) over valid windows.
    pub polarization_adaptive: Option<f64>,
    /// Mean modularity of the leader groups on Q(t) over valid windows.
    pub modularity: Option<f64>,
    /// Mean modularity of the null with its own spectral groups, over the same windows.
    pub modularity_null: Option<f64>,
    /// Sarle's bimodality coefficient of the pooled overlaps.
    pub bimodality_coefficient: Option<f64>,
    /// Hartigan's dip of the pooled overlaps.
    pub dip: Option<f64>,
    /// Its Monte-Carlo p-value.
    pub dip_p_value: Option<f64>,
    /// Mean coverage over non-empty windows.
    pub coverage: Option<f64>,
    /// Mean union coverage over non-empty windows.
    pub coverage_union: Option<f64>,
    /// How polarized the conversation is, comparable across datasets, in [0, 1]:
    /// `clamp((M − M₀) / (½ − M₀), 0, 1) × valid / active`.
    ///
    /// * M is the mean weighted modularity of the leader groups on Q(t) over valid windows.
    ///   Unlike P, modularity does not reward unbalanced groups (P grows as one group takes
    ///   most pairs), and ½ is its ceiling for two groups.
    /// * M₀ is the same on configuration-model chambers of the same leaders, each realisation
    ///   split by the same spectral rule on its own aggregate overlaps: what degrees plus the
    ///   choice of the best split give a network without groups (splitting noise always finds
    ///   some modularity). With groups given by the user, those groups; without a null, 0.
    /// * `valid / active` discounts windows where P is undefined or a group has fewer than 2
    ///   active leaders (a one-leader group scores P = 1 and is not valid).
    ///
    /// Splitting noise scores about 0, sparse overlaps no better than the null score about 0,
    /// and two groups whose chambers overlap only inside approach 1.
    pub controversy: f64,
    /// Windows in the data.
    pub windows: usize,
    /// Windows where P(t) is valid.
    pub valid_windows: usize,
    /// Number of leaders.
    pub leaders: usize,
    /// Leaders in group A and group B (unassigned leaders are in neither).
    pub group_sizes: [usize; 2],
}

/// Mean of `values`, `None` when there are none.
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The summary of the per-window reports: means over valid windows (P is valid when defined
/// and both groups have ≥ 2 active leaders) and the controversy score of METHOD.md §12.
pub(crate) fn summarise(
    windows: &[WindowReport],
    bimodality: &BimodalityReport,
    labels: &[Option<GroupId>],
    k: usize,
) -> Summary {
    let valid: Vec<&WindowReport> = windows.iter().filter(|w| w.is_valid()).collect();
    let polarization = mean(valid.iter().filter_map(|w| w.polarization));
    let polarization_shuffled = mean(valid.iter().filter_map(|w| w.polarization_shuffled));
    let polarization_null = mean(valid.iter().filter_map(|w| w.polarization_null));
    let polarization_adaptive = mean(valid.iter().filter_map(|w| w.polarization_adaptive));
    let modularity = mean(valid.iter().filter_map(|w| w.modularity));
    let modularity_null = mean(valid.iter().filter_map(|w| w.modularity_null));
    let active = windows
        .iter()
        .filter(|w| w.active[0] + w.active[1] > 0)
        .count();
    let baseline = modularity_null.unwrap_or(0.0).min(0.49);
    let controversy = match modularity {
        Some(m) if active > 0 => {
            ((m - baseline) / (0.5 - baseline)).clamp(0.0, 1.0) * valid.len() as f64 / active as f64
        }
        _ => 0.0,
    };
    let real = bimodality.real.as_ref();
    let nonempty = windows.iter().filter(|w| w.users > 0);
    Summary {
        polarization,
        polarization_shuffled,
        polarization_null,
        polarization_adaptive,
        modularity,
        modularity_null,
        bimodality_coefficient: real.and_then(|b| b.bimodality_coefficient),
        dip: real.map(|b| b.dip.dip.dip),
        dip_p_value: real.map(|b| b.dip.p_value),
        coverage: mean(nonempty.clone().filter_map(|w| w.coverage)),
        coverage_union: mean(nonempty.filter_map(|w| w.coverage_union)),
        controversy,
        windows: windows.len(),
        valid_windows: valid.len(),
        group_sizes: [GroupId::A, GroupId::B]
            .map(|g| labels.iter().filter(|&&l| l == Some(g)).count()),
        leaders: k,
    }
}
