//! The headline figures of an analysis and how they are summarised from the windows.

use chambers_graph::GroupId;

use crate::{BimodalityReport, WindowReport};

/// The headline figures (METHOD.md §6 and §12): means over valid windows, the bimodality of
/// the pooled overlaps, coverage, and the controversy score.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// 1/R when no Monte-Carlo replicate reached the observed dip: the p-value is then below
    /// this bound, not 0.
    pub dip_p_value_upper_bound: Option<f64>,
    /// Mean coverage |AEC_A ∪ AEC_B| / |V_t| over non-empty windows, in [0, 1].
    pub coverage: Option<f64>,
    /// Mean of the paper's coverage (|AEC_A| + |AEC_B|) / |V_t| over non-empty windows; users
    /// in both count twice, so it may exceed 1.
    pub coverage_paper: Option<f64>,
    /// How controversial the conversation is, comparable across datasets, in [0, 1]: the mean
    /// over windows with at least one active leader of
    /// `clamp((M − M₀) / (D − M₀), 0, 1) · |L*| / |L(t)|` (METHOD.md §12; the parts of each
    /// window are in [`WindowReport::controversy`]).
    ///
    /// * L* is the main connected component of the window's overlap graph (an edge where
    ///   q_uv > 0): leaders that overlap nobody in it belong to other conversations.
    /// * M is the modularity of the best bisection of Q(t) on L*; M₀ the mean of the same over
    ///   fixed-margins randomisations of L*'s chambers (sizes and account popularity kept),
    ///   capped at D − 0.01.
    /// * D = max(1 − Σ a_g², 0.18) is the ceiling of modularity for the observed split (½ for
    ///   sides of equal overlap strength, 0.32 for 80/20, 0.18 for 90/10 and below), so unequal
    ///   sides are measured against what their sizes allow, and a tiny side is not rewarded.
    ///
    /// Two sides that share no second-neighbour account score 0 by design (they are separate
    /// conversations); multi-party debates are weakly two-sided.
    pub controversy: f64,
    /// The mean modularity M of the windows' best bisections on their main components.
    pub controversy_modularity: Option<f64>,
    /// The mean baseline M₀ of the same windows.
    pub controversy_baseline: Option<f64>,
    /// The score this project used before the main-component rule (kept for comparison):
    /// `clamp((M − M₀) / (½ − M₀), 0, 1) × valid / active` with M the mean modularity of the
    /// leader groups on Q(t) over valid windows and M₀ the same on the configuration-model
    /// null, each realisation split by the same rule.
    pub controversy_split_null: f64,
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
    let scored: Vec<&WindowReport> = windows
        .iter()
        .filter(|w| w.controversy.score.is_some())
        .collect();
    let controversy = mean(scored.iter().filter_map(|w| w.controversy.score)).unwrap_or(0.0);
    let controversy_modularity = mean(scored.iter().filter_map(|w| w.controversy.modularity));
    let controversy_baseline = mean(scored.iter().filter_map(|w| w.controversy.baseline));
    let controversy_split_null = match modularity {
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
        dip_p_value_upper_bound: real.and_then(|b| b.dip.p_value_upper_bound),
        coverage: mean(nonempty.clone().filter_map(|w| w.coverage)),
        coverage_paper: mean(nonempty.filter_map(|w| w.coverage_paper)),
        controversy,
        controversy_modularity,
        controversy_baseline,
        controversy_split_null,
        windows: windows.len(),
        valid_windows: valid.len(),
        group_sizes: [GroupId::A, GroupId::B]
            .map(|g| labels.iter().filter(|&&l| l == Some(g)).count()),
        leaders: k,
    }
}
