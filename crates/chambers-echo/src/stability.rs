//! Stability of echo chambers and chambers over time (METHOD.md §9).

use chambers_graph::Windows;
use chambers_overlap::{ChamberAnalysis, Measure, PairCounts, SetFamily, pair_counts};
use rayon::prelude::*;

use crate::{StabilityReport, WindowEcho};

/// Jaccard index of two sorted, duplicate-free id lists; 0 when the intersection is empty.
///
/// ```
/// assert_eq!(chambers_echo::jaccard_sorted(&[1, 2, 3], &[2, 3, 4]), 0.5);
/// assert_eq!(chambers_echo::jaccard_sorted(&[], &[]), 0.0);
/// ```
pub fn jaccard_sorted(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if both == 0 {
        0.0
    } else {
        both as f64 / (a.len() + b.len() - both) as f64
    }
}

/// The Jaccard indices at one lag, summarised by median and inter-quartile range.
///
/// ```
/// let s = chambers_echo::LagSummary::of(1, vec![0.1, 0.2, 0.3]);
/// assert_eq!((s.pairs, s.median), (3, Some(0.2)));
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LagSummary {
    /// Δ in windows.
    pub lag: usize,
    /// Number of (t, t + Δ) comparisons.
    pub pairs: usize,
    /// Median Jaccard index.
    pub median: Option<f64>,
    /// First quartile.
    pub q1: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
}

impl LagSummary {
    /// Summarises `values` (quantiles by linear interpolation between order statistics, the
    /// common "type 7" rule).
    ///
    /// ```
    /// let s = chambers_echo::LagSummary::of(2, vec![0.0, 1.0]);
    /// assert_eq!((s.q1, s.median, s.q3), (Some(0.25), Some(0.5), Some(0.75)));
    /// ```
    pub fn of(lag: usize, mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        let q = |p: f64| {
            (!values.is_empty()).then(|| {
                let h = p * (values.len() - 1) as f64;
                let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
                values[lo] + (h - lo as f64) * (values[hi] - values[lo])
            })
        };
        Self {
            lag,
            pairs: values.len(),
            median: q(0.5),
            q1: q(0.25),
            q3: q(0.75),
        }
    }
}

/// For Δ = 1..=`max_lag`: the Jaccard index of each series with itself Δ windows later, over
/// every series and every t where both windows have a set, summarised per Δ. A series is one
/// set per window (global ids, sorted), `None` where it does not exist (an inactive leader).
///
/// # Panics
/// When a set is not strictly increasing (a caller contract, as for
/// [`chambers_overlap::SetFamily::from_sets`]).
///
/// ```
/// let series = vec![vec![Some(vec![1, 2]), Some(vec![2, 3]), None]];
/// let s = chambers_echo::stability(&series, 2);
/// assert_eq!(s[0].median, Some(1.0 / 3.0));
/// assert_eq!(s[1].pairs, 0);
/// ```
pub fn stability(series: &[Vec<Option<Vec<u32>>>], max_lag: usize) -> Vec<LagSummary> {
    let pairs: Vec<SeriesPairs> = series
        .par_iter()
        .map(|s| SeriesPairs::of(s, max_lag))
        .collect();
    (1..=max_lag)
        .into_par_iter()
        .map(|lag| {
            let values = series
                .iter()
                .zip(&pairs)
                .flat_map(|(s, p)| {
                    (0..s.len().saturating_sub(lag)).filter_map(move |t| p.jaccard(s, t, t + lag))
                })
                .collect();
            LagSummary::of(lag, values)
        })
        .collect()
}

/// How one series' pairs of windows are compared. A series of T windows is compared at up to
/// min(`max_lag`, T − 1) lags, so merging each pair walks every member that often; one
/// all-pairs count (kernel K2) walks each member about once but clears a counter per possible
/// member id. The cheaper of the two is used; both give the same integers.
struct SeriesPairs {
    /// Per window, the set's index in `counts`, `None` where the series has no set.
    slot: Vec<Option<usize>>,
    /// Every pairwise intersection, or `None` when merging each pair is cheaper.
    counts: Option<PairCounts>,
}

impl SeriesPairs {
    fn of(series: &[Option<Vec<u32>>], max_lag: usize) -> Self {
        let mut present = 0;
        let slot = series
            .iter()
            .map(|s| {
                s.as_ref().map(|_| {
                    present += 1;
                    present - 1
                })
            })
            .collect();
        let listed: usize = series.iter().flatten().map(Vec::len).sum();
        let universe = series
            .iter()
            .flatten()
            .filter_map(|s| s.last())
            .max()
            .map_or(0, |&m| m as usize + 1);
        let lags = max_lag.min(series.len().saturating_sub(1));
        let counts = (lags * listed > universe)
            .then(|| pair_counts(&SetFamily::from_sets(series.iter().flatten())));
        Self { slot, counts }
    }

    /// The Jaccard index of windows `t` and `u` of `series` (as [`jaccard_sorted`] gives it),
    /// `None` when either has no set.
    fn jaccard(&self, series: &[Option<Vec<u32>>], t: usize, u: usize) -> Option<f64> {
        let (a, b) = (series[t].as_ref()?, series[u].as_ref()?);
        Some(match &self.counts {
            Some(counts) => Measure::Jaccard.of(counts, self.slot[t]?, self.slot[u]?),
            None => jaccard_sorted(a, b),
        })
    }
}

/// The stability curves of a report: EC_g, AEC_g and every leader's chamber, each set turned
/// into global ids so that windows compare.
pub(crate) fn stability_report(
    windows: &Windows,
    chambers: &ChamberAnalysis,
    echoes: &[WindowEcho],
    groups: usize,
    max_lag: usize,
) -> StabilityReport {
    let global = |t: usize, set: &[u32]| -> Vec<u32> {
        set.iter()
            .map(|&v| windows.windows[t].graph.user(v).0)
            .collect()
    };
    let series = |pick: &dyn Fn(&WindowEcho) -> &Vec<u32>| -> Vec<Vec<Option<Vec<u32>>>> {
        vec![
            echoes
                .iter()
                .enumerate()
                .map(|(t, e)| Some(global(t, pick(e))))
                .collect(),
        ]
    };
    let k = chambers.leaders.len();
    let mut leader_series = vec![vec![None; chambers.windows.len()]; k];
    let in_global: Vec<Vec<Vec<u32>>> = chambers
        .windows
        .par_iter()
        .enumerate()
        .map(|(t, wc)| {
            (0..wc.active.len())
                .map(|a| global(t, wc.chambers.get(a)))
                .collect()
        })
        .collect();
    for ((t, wc), sets) in chambers.windows.iter().enumerate().zip(in_global) {
        for (&i, set) in wc.active.iter().zip(sets) {
            leader_series[i][t] = Some(set);
        }
    }
    let ((ec, aec), chamber_curve) = rayon::join(
        || {
            let ec = (0..groups)
                .map(|g| stability(&series(&|e| &e.ec[g]), max_lag))
                .collect();
            let aec = (0..groups)
                .map(|g| stability(&series(&|e| &e.aec[g]), max_lag))
                .collect();
            (ec, aec)
        },
        || stability(&leader_series, max_lag),
    );
    StabilityReport {
        ec,
        aec,
        chambers: chamber_curve,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// At every lag, exactly the Jaccard indices of merging each pair of windows, whether
        /// the series are counted all pairs at once (long series, small id ranges) or merged.
        #[test]
        fn every_lag_equals_pair_by_pair_merges(
            series in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::option::weighted(0.8, proptest::collection::btree_set(0u32..120, 0..40)),
                    0..9,
                ),
                0..6,
            ),
            max_lag in 0usize..10,
        ) {
            let series: Vec<Vec<Option<Vec<u32>>>> = series
                .into_iter()
                .map(|s| s.into_iter().map(|w| w.map(|set| set.into_iter().collect())).collect())
                .collect();
            let want: Vec<LagSummary> = (1..=max_lag)
                .map(|lag| {
                    let values = series
                        .iter()
                        .flat_map(|s| s.iter().zip(s.iter().skip(lag)))
                        .filter_map(|pair| match pair {
                            (Some(a), Some(b)) => Some(jaccard_sorted(a, b)),
                            _ => None,
                        })
                        .collect();
                    LagSummary::of(lag, values)
                })
                .collect();
            prop_assert_eq!(stability(&series, max_lag), want);
        }
    }
}
