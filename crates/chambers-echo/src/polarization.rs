//! P(t) and the figures beside it on one window's overlap matrix Q(t) (METHOD.md §5): what the
//! window report holds that Q(t) and the leaders' groups alone determine, so that a record of
//! Q(t) computed elsewhere (the DataFusion engine's pair counts) gives the same numbers.

use chambers_graph::GroupId;
use chambers_stats::{
    ShuffleParams, adaptive_polarization_index, group_polarization, polarization_index,
    shuffle_baseline, shuffle_baseline_in,
};

use crate::baseline::overlap_modularity;
use crate::{AnalysisParams, ShuffleScheme};

/// P(t), P_g(t), the adaptive P(t), the shuffled baseline and the modularity of one window:
/// the fields of the same names in [`crate::WindowReport`]. All `None` (and `polarization_groups`
/// all `None`) with fewer than two active leaders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowPolarization {
    /// P(t) = (I − E)/(I + E); `None` when undefined.
    pub polarization: Option<f64>,
    /// P_g(t) of each group.
    pub polarization_groups: Vec<Option<f64>>,
    /// The size-normalised (adaptive) P(t).
    pub polarization_adaptive: Option<f64>,
    /// Mean P(t) over label shuffles (group sizes kept), seeded by the window.
    pub polarization_shuffled: Option<f64>,
    /// Weighted modularity of the leader groups on Q(t).
    pub modularity: Option<f64>,
}

/// The figures of [`WindowPolarization`] for window `window` from its Q(t) (`q`, row-major,
/// over the `active` leaders in that order, positions in the leader list), every leader's
/// group `labels` among `groups` groups, and the analysis' parameters (measure already applied
/// to `q`; shuffles, shuffle scheme and seed read here).
///
/// ```
/// use chambers_echo::{AnalysisParams, window_polarization};
/// use chambers_graph::GroupId;
/// // Two groups of two leaders: overlaps 0.8 within, 0.2 across.
/// let q = [
///     0.0, 0.8, 0.2, 0.2, //
///     0.8, 0.0, 0.2, 0.2, //
///     0.2, 0.2, 0.0, 0.8, //
///     0.2, 0.2, 0.8, 0.0,
/// ];
/// let labels = [Some(GroupId::A), Some(GroupId::A), Some(GroupId::B), Some(GroupId::B)];
/// let p = window_polarization(&q, &[0, 1, 2, 3], &labels, 2, 0, &AnalysisParams::default());
/// // I = 4 × 0.8 over the ordered same-group pairs, E = 8 × 0.2 across: (3.2 − 1.6)/4.8.
/// assert!((p.polarization.unwrap() - 1.0 / 3.0).abs() < 1e-12);
/// ```
pub fn window_polarization(
    q: &[f64],
    active: &[usize],
    labels: &[Option<GroupId>],
    groups: usize,
    window: usize,
    params: &AnalysisParams,
) -> WindowPolarization {
    let ka = active.len();
    let mut out = WindowPolarization {
        polarization_groups: vec![None; groups],
        ..WindowPolarization::default()
    };
    if ka < 2 {
        return out;
    }
    let in_window: Vec<Option<GroupId>> = active.iter().map(|&i| labels[i]).collect();
    let group_of = GroupId::indices(&in_window);
    let plain = polarization_index(q, ka, &group_of).expect("Q(t) is a finite k × k matrix");
    out.polarization = plain.value;
    let mut by_group = group_polarization(q, ka, &group_of).expect("Q(t) is a finite k × k matrix");
    by_group.resize(groups, None);
    out.polarization_groups = by_group;
    out.modularity = overlap_modularity(q, ka, &group_of);
    out.polarization_adaptive = adaptive_polarization_index(q, ka, &group_of)
        .expect("finite")
        .value;
    let shuffles = ShuffleParams::default()
        .replicates(params.shuffles)
        .seed(params.window_seed(window));
    let baseline = match params.shuffle_scheme {
        ShuffleScheme::Active => shuffle_baseline(q, ka, &group_of, &shuffles),
        ShuffleScheme::All => {
            shuffle_baseline_in(q, ka, &GroupId::indices(labels), active, &shuffles)
        }
    };
    out.polarization_shuffled = baseline.expect("checked parameters").mean;
    out
}
