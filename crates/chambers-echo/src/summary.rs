//! The headline figures of an analysis and how they are summarised from the windows.

use chambers_graph::GroupId;

use chambers_stats::{BimodalityParams, DipTestParams, bimodalities, bimodality};

use crate::{AnalysisParams, BimodalityReport, IdeologyComparison, WindowReport};

/// The headline figures (METHOD.md §6, §8 and §12): means over windows, their standard
/// deviations in [`Summary::sd`], the bimodality of the pooled overlaps, coverage, the
/// latent-ideology agreement and the controversy score.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Mean P(t) over valid windows (defined, both groups with ≥ 2 active leaders).
    pub polarization: Option<f64>,
    /// Mean P(t) over every window where it is defined, flagged ones included (the paper's
    /// mean over weeks).
    pub polarization_all_windows: Option<f64>,
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
    /// Latent-ideology agreement by the authors' rule ([`crate::IdeologyComparison`]): mean
    /// accuracy over windows with a comparison that are not faulty.
    pub ideology_accuracy: Option<f64>,
    /// The same for the authors'-rule precision of A.
    pub ideology_precision: Option<f64>,
    /// The same for the authors'-rule recall of A.
    pub ideology_recall: Option<f64>,
    /// The same for the authors'-rule F1 of A.
    pub ideology_f1: Option<f64>,
    /// Windows with a comparison left out as faulty (a metric equal to 1).
    pub ideology_faulty_windows: usize,
    /// Mean accuracy of the one-side rule over every window with a comparison.
    pub ideology_one_side_accuracy: Option<f64>,
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
    /// Leaders in each group, A, B, … (unassigned leaders are in none); its length is the
    /// number of groups.
    pub group_sizes: Vec<usize>,
    /// Standard deviations over the same windows as each mean.
    pub sd: SummarySd,
}

/// Sample standard deviations (n − 1 in the denominator; `None` under 2 windows) of the
/// per-window figures over the windows their means in [`Summary`] use; each field is named
/// as the mean it goes with, so `mean ± sd` is `summary.polarization ± summary.sd.polarization`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SummarySd {
    /// Of P(t) over valid windows.
    pub polarization: Option<f64>,
    /// Of P(t) over every window where it is defined.
    pub polarization_all_windows: Option<f64>,
    /// Of the shuffled-label P(t).
    pub polarization_shuffled: Option<f64>,
    /// Of the configuration-model P(t).
    pub polarization_null: Option<f64>,
    /// Of the size-normalised P(t).
    pub polarization_adaptive: Option<f64>,
    /// Of the leader groups' modularity.
    pub modularity: Option<f64>,
    /// Of the null's modularity.
    pub modularity_null: Option<f64>,
    /// Of coverage.
    pub coverage: Option<f64>,
    /// Of the paper's coverage.
    pub coverage_paper: Option<f64>,
    /// Of the authors'-rule accuracy.
    pub ideology_accuracy: Option<f64>,
    /// Of the authors'-rule precision.
    pub ideology_precision: Option<f64>,
    /// Of the authors'-rule recall.
    pub ideology_recall: Option<f64>,
    /// Of the authors'-rule F1.
    pub ideology_f1: Option<f64>,
    /// Of the one-side accuracy.
    pub ideology_one_side_accuracy: Option<f64>,
    /// Of the per-window controversy score.
    pub controversy: Option<f64>,
}

/// Mean of `values`, `None` when there are none.
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Mean and sample standard deviation (n − 1) of `values`.
pub(crate) fn mean_sd(values: impl Iterator<Item = f64>) -> (Option<f64>, Option<f64>) {
    let values: Vec<f64> = values.collect();
    let mean = mean(values.iter().copied());
    let sd = mean.filter(|_| values.len() >= 2).map(|m| {
        let ss: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
        (ss / (values.len() - 1) as f64).sqrt()
    });
    (mean, sd)
}

/// The summary of the per-window reports: means over valid windows (P is valid when defined
/// and both groups have ≥ 2 active leaders) and the controversy score of METHOD.md §12;
/// `bimodality` describes the pooled overlaps, `labels` are the leaders' groups among `groups`
/// and `k` the number of leaders. What [`crate::Analysis::run`] reports, for a caller that
/// computed the windows' figures another way (on a query engine).
///
/// ```
/// use chambers_echo::{AnalysisParams, WindowPolarization, WindowReport, pooled_bimodality, summarise};
/// use chambers_graph::GroupId;
/// let labels = [Some(GroupId::A), Some(GroupId::A), Some(GroupId::B), Some(GroupId::B)];
/// let window = |p| {
///     let p = WindowPolarization { polarization: Some(p), ..Default::default() };
///     WindowReport::new(0, None, 10, 12, &[0, 1, 2, 3], &labels, 2, p)
/// };
/// let none = pooled_bimodality(&[], &[], &AnalysisParams::default());
/// let s = summarise(&[window(0.6), window(0.8)], &none, &labels, 2, 4);
/// assert!((s.polarization.unwrap() - 0.7).abs() < 1e-12);
/// assert_eq!(s.group_sizes, [2, 2]);
/// ```
pub fn summarise(
    windows: &[WindowReport],
    bimodality: &BimodalityReport,
    labels: &[Option<GroupId>],
    groups: usize,
    k: usize,
) -> Summary {
    let valid: Vec<&WindowReport> = windows.iter().filter(|w| w.is_valid()).collect();
    let over_valid =
        |f: fn(&WindowReport) -> Option<f64>| mean_sd(valid.iter().filter_map(|w| f(w)));
    let (polarization, polarization_sd) = over_valid(|w| w.polarization);
    let (polarization_all_windows, polarization_all_windows_sd) =
        mean_sd(windows.iter().filter_map(|w| w.polarization));
    let (polarization_shuffled, polarization_shuffled_sd) = over_valid(|w| w.polarization_shuffled);
    let (polarization_null, polarization_null_sd) = over_valid(|w| w.polarization_null);
    let (polarization_adaptive, polarization_adaptive_sd) = over_valid(|w| w.polarization_adaptive);
    let (modularity, modularity_sd) = over_valid(|w| w.modularity);
    let (modularity_null, modularity_null_sd) = over_valid(|w| w.modularity_null);
    let active = windows
        .iter()
        .filter(|w| w.active.iter().sum::<usize>() > 0)
        .count();
    let baseline = modularity_null.unwrap_or(0.0).min(0.49);
    let scored: Vec<&WindowReport> = windows
        .iter()
        .filter(|w| w.controversy.score.is_some())
        .collect();
    let (controversy, controversy_sd) = mean_sd(scored.iter().filter_map(|w| w.controversy.score));
    let controversy_modularity = mean(scored.iter().filter_map(|w| w.controversy.modularity));
    let controversy_baseline = mean(scored.iter().filter_map(|w| w.controversy.baseline));
    let controversy_split_null = match modularity {
        Some(m) if active > 0 => {
            ((m - baseline) / (0.5 - baseline)).clamp(0.0, 1.0) * valid.len() as f64 / active as f64
        }
        _ => 0.0,
    };
    let compared: Vec<&IdeologyComparison> =
        windows.iter().filter_map(|w| w.ideology.as_ref()).collect();
    let sound: Vec<&IdeologyComparison> = compared.iter().copied().filter(|c| !c.faulty).collect();
    let over_sound =
        |f: fn(&IdeologyComparison) -> Option<f64>| mean_sd(sound.iter().filter_map(|c| f(c)));
    let (ideology_accuracy, ideology_accuracy_sd) = over_sound(|c| c.accuracy);
    let (ideology_precision, ideology_precision_sd) = over_sound(|c| c.precision);
    let (ideology_recall, ideology_recall_sd) = over_sound(|c| c.recall);
    let (ideology_f1, ideology_f1_sd) = over_sound(|c| c.f1);
    let (ideology_one_side_accuracy, ideology_one_side_accuracy_sd) =
        mean_sd(compared.iter().filter_map(|c| c.one_side.accuracy));
    let real = bimodality.real.as_ref();
    let nonempty: Vec<&WindowReport> = windows.iter().filter(|w| w.users > 0).collect();
    let (coverage, coverage_sd) = mean_sd(nonempty.iter().filter_map(|w| w.coverage));
    let (coverage_paper, coverage_paper_sd) =
        mean_sd(nonempty.iter().filter_map(|w| w.coverage_paper));
    Summary {
        polarization,
        polarization_all_windows,
        polarization_shuffled,
        polarization_null,
        polarization_adaptive,
        modularity,
        modularity_null,
        bimodality_coefficient: real.and_then(|b| b.bimodality_coefficient),
        dip: real.map(|b| b.dip.dip.dip),
        dip_p_value: real.map(|b| b.dip.p_value),
        dip_p_value_upper_bound: real.and_then(|b| b.dip.p_value_upper_bound),
        coverage,
        coverage_paper,
        controversy: controversy.unwrap_or(0.0),
        ideology_accuracy,
        ideology_precision,
        ideology_recall,
        ideology_f1,
        ideology_faulty_windows: compared.len() - sound.len(),
        ideology_one_side_accuracy,
        controversy_modularity,
        controversy_baseline,
        controversy_split_null,
        windows: windows.len(),
        valid_windows: valid.len(),
        group_sizes: (0..groups)
            .map(|g| {
                labels
                    .iter()
                    .filter(|&&l| l == Some(GroupId::new(g)))
                    .count()
            })
            .collect(),
        leaders: k,
        sd: SummarySd {
            polarization: polarization_sd,
            polarization_all_windows: polarization_all_windows_sd,
            polarization_shuffled: polarization_shuffled_sd,
            polarization_null: polarization_null_sd,
            polarization_adaptive: polarization_adaptive_sd,
            modularity: modularity_sd,
            modularity_null: modularity_null_sd,
            coverage: coverage_sd,
            coverage_paper: coverage_paper_sd,
            ideology_accuracy: ideology_accuracy_sd,
            ideology_precision: ideology_precision_sd,
            ideology_recall: ideology_recall_sd,
            ideology_f1: ideology_f1_sd,
            ideology_one_side_accuracy: ideology_one_side_accuracy_sd,
            controversy: controversy_sd,
        },
    }
}

/// Bimodality statistics (METHOD.md §8) of the pooled real overlaps and of the null sample
/// beside them, with the dip test's replicates and seed from `params`; a sample of fewer than 4
/// values is not described.
///
/// ```
/// use chambers_echo::{AnalysisParams, pooled_bimodality};
/// let params = AnalysisParams::default().dip_replicates(200);
/// let real = [0.05, 0.1, 0.08, 0.9, 0.85, 0.95, 0.07, 0.88];
/// let b = pooled_bimodality(&real, &[], &params);
/// assert!(b.real.is_some() && b.null.is_none());
/// assert_eq!((b.real_values, b.null_values), (8, 0));
/// ```
pub fn pooled_bimodality(real: &[f64], null: &[f64], params: &AnalysisParams) -> BimodalityReport {
    let stats = BimodalityParams::default().dip(
        DipTestParams::default()
            .replicates(params.dip_replicates)
            .seed(params.seed),
    );
    // Both in one call, so that their dip tests share one simulation when (as usual) the
    // null sample has the real one's size.
    let described: Vec<&[f64]> = [real, null].into_iter().filter(|v| v.len() >= 4).collect();
    let mut results = match bimodalities(&described, &stats) {
        Ok(all) => all.into_iter().map(Some).collect::<Vec<_>>(),
        // One sample the statistics refuse leaves the other described.
        Err(_) => described
            .iter()
            .map(|v| bimodality(v, &stats).ok())
            .collect(),
    }
    .into_iter();
    let mut next = |values: &[f64]| match values.len() >= 4 {
        true => results.next().flatten(),
        false => None,
    };
    let (real_stats, null_stats) = (next(real), next(null));
    BimodalityReport {
        real: real_stats,
        null: null_stats,
        real_values: real.len(),
        null_values: null.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sample_sd() {
        assert_eq!(
            mean_sd([1.0, 3.0].into_iter()),
            (Some(2.0), Some(2f64.sqrt()))
        );
        assert_eq!(mean_sd([4.0].into_iter()), (Some(4.0), None));
        assert_eq!(mean_sd(std::iter::empty()), (None, None));
    }
}
