//! The controversy score of a window (METHOD.md §12): the modularity of the best bisection of
//! Q(t) on its main component, above what fixed-margins randomisations of the same chambers
//! give, normalised by what the observed split can reach, and discounted by the leaders outside
//! the main component.

use chambers_graph::GroupId;
use chambers_overlap::{Measure, WindowChambers};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::curveball::{Margins, curveball};
use crate::{Bisection, modularity_bisection};

/// The highest the null baseline M₀ may reach, relative to the ceiling D: M₀ ≤ D − 0.01 (0.49
/// for two equal sides), so that the score's denominator stays positive.
const BASELINE_MARGIN: f64 = 0.01;

/// The ceiling of two-group modularity used as the score's denominator is at least that of a
/// split whose sides hold 90 % and 10 % of the overlap strength (1 − 0.9² − 0.1² = 0.18):
/// lopsided splits are measured against what their sizes allow, but a tiny side cannot reach a
/// high score by being tiny.
const CEILING_FLOOR: f64 = 0.18;

/// Trades per leader of the main component in one fixed-margins randomisation.
const TRADES_PER_LEADER: usize = 20;

/// The controversy figures of one window.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WindowControversy {
    /// |L(t)|: active leaders.
    pub leaders: usize,
    /// The score in [0, 1]; `None` for a window without active leaders.
    pub score: Option<f64>,
    /// M: modularity of the best bisection of Q(t) on the main component L*.
    pub modularity: Option<f64>,
    /// M₀: the mean of the same over fixed-margins randomisations of L*'s chambers (capped).
    pub baseline: Option<f64>,
    /// D: the modularity ceiling of the observed split, 1 − Σ a_g² (a_g: the groups' strength
    /// shares), at least 0.18.
    pub ceiling: Option<f64>,
    /// |L*|: active leaders in the main component of the overlap graph.
    pub main_component: usize,
}

/// The controversy figures of a window from its chamber record and its overlap matrix `q` (Q(t)
/// under `measure`, as [`WindowChambers::matrix`] gives it): `realisations` randomisations
/// seeded by `seed` (realisation r from its own stream), in parallel, bit-identical for any
/// thread count.
///
/// ```
/// use chambers_echo::window_controversy;
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
/// // Two sides: L1, L2 share x and y; L3, L4 share z and w; one crossing account c.
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a", "L1"), ("a", "x"), ("a", "y"), ("b", "L2"), ("b", "x"), ("b", "y"),
///     ("b", "c"), ("d", "L3"), ("d", "z"), ("d", "w"), ("e", "L4"), ("e", "z"), ("e", "w"),
///     ("e", "c")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let leaders = ["L1", "L2", "L3", "L4"].map(|x| w.interner.get(x).unwrap());
/// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
/// let a = analyse_chambers(&w, &params, Some(&leaders)).unwrap();
/// let wc = &a.windows[0];
/// let c = window_controversy(wc, &wc.matrix(Measure::Jaccard), Measure::Jaccard, 20, 1);
/// assert_eq!((c.main_component, c.leaders), (4, 4));
/// assert!(c.modularity.unwrap() > 0.3 && c.score.unwrap() > 0.0);
/// ```
pub fn window_controversy(
    wc: &WindowChambers,
    q: &[f64],
    measure: Measure,
    realisations: usize,
    seed: u64,
) -> WindowControversy {
    let (out, split) = controversy_of_overlaps(q, wc.active.len());
    match split {
        Some(real) => {
            let chambers: Vec<&[u32]> = real.main.iter().map(|&a| wc.chambers.get(a)).collect();
            controversy_baseline(out, &real, &chambers, measure, realisations, seed)
        }
        None => out,
    }
}

/// Completes the controversy figures `out` of a window whose main component splits (`real`,
/// both from [`controversy_of_overlaps`]) with M₀ and the score: `realisations` fixed-margins
/// randomisations of `chambers`, the chambers of the main component's leaders in the order of
/// `real.main`, each sorted and duplicate-free, seeded by `seed` (realisation r from its own
/// stream), in parallel, bit-identical for any thread count. The randomisations compare
/// members only by their order, so any numbering of the accounts in the byte order of their
/// ids gives the in-memory result (a window's local ids are such a numbering).
pub fn controversy_baseline(
    mut out: WindowControversy,
    real: &Bisection,
    chambers: &[&[u32]],
    measure: Measure,
    realisations: usize,
    seed: u64,
) -> WindowControversy {
    let Some(ceiling) = out.ceiling else {
        return out;
    };
    let main = real.main.len();
    let family = Margins::new(chambers);
    let baseline = if realisations == 0 {
        0.0
    } else {
        let values: Vec<f64> = (0..realisations)
            .into_par_iter()
            .map(|r| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                    seed ^ (r as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03),
                );
                let shuffled = curveball(&family, TRADES_PER_LEADER * main, &mut rng);
                let q0 = shuffled.overlaps(measure);
                let order: Vec<usize> = (0..main).collect();
                modularity_bisection(&q0, main, None, &order).modularity
            })
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    }
    .min(ceiling - BASELINE_MARGIN);
    let score = ((real.modularity - baseline) / (ceiling - baseline)).clamp(0.0, 1.0) * main as f64
        / out.leaders as f64;
    out.score = Some(score);
    out.baseline = Some(baseline);
    out
}

/// What Q(t) (`q`, over `ka` active leaders) alone gives of a window's controversy: M, |L*|,
/// |L(t)|, and where the main component has a split (2 or more leaders, positive modularity)
/// its ceiling D and the split itself; without a split the score is 0 and needs nothing more.
/// With a split, the score and M₀ need the fixed-margins randomisations of the chambers, which
/// [`controversy_baseline`] runs: here they stay `None`.
///
/// ```
/// use chambers_echo::controversy_of_overlaps;
/// // Two pairs that overlap strongly within and weakly across: one component that splits.
/// let q = [0.0, 0.6, 0.1, 0.0, 0.6, 0.0, 0.0, 0.1, 0.1, 0.0, 0.0, 0.5, 0.0, 0.1, 0.5, 0.0];
/// let (c, split) = controversy_of_overlaps(&q, 4);
/// assert_eq!((c.leaders, c.main_component), (4, 4));
/// assert!(split.is_some() && c.ceiling.is_some() && c.modularity.unwrap() > 0.0);
/// assert_eq!((c.score, c.baseline), (None, None)); // they need the randomisations
/// // Two pairs that do not overlap across: the main component is one pair, which does not
/// // split; the score is 0 without randomisations.
/// let q = [0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.4, 0.0, 0.0, 0.4, 0.0];
/// let (c, split) = controversy_of_overlaps(&q, 4);
/// assert_eq!((c.main_component, c.score), (2, Some(0.0)));
/// assert!(split.is_none() && c.ceiling.is_none());
/// ```
pub fn controversy_of_overlaps(q: &[f64], ka: usize) -> (WindowControversy, Option<Bisection>) {
    if ka == 0 {
        return (WindowControversy::default(), None);
    }
    assert_eq!(
        q.len(),
        ka * ka,
        "controversy_of_overlaps: q must be the window's Q(t)"
    );
    let order: Vec<usize> = (0..ka).collect();
    let real = modularity_bisection(q, ka, None, &order);
    let mut out = WindowControversy {
        score: Some(0.0),
        modularity: Some(real.modularity),
        main_component: real.main.len(),
        leaders: ka,
        ..WindowControversy::default()
    };
    if real.main.len() < 2 || real.modularity <= 0.0 {
        return (out, None);
    }
    out.score = None;
    out.ceiling = Some(ceiling(q, ka, &real.labels).max(CEILING_FLOOR));
    (out, Some(real))
}

/// 1 − Σ a_g²: the highest modularity a split with these groups' strength shares can reach.
fn ceiling(q: &[f64], k: usize, labels: &[Option<GroupId>]) -> f64 {
    let mut strength = [0.0f64; 2];
    for i in 0..k {
        if let Some(g) = labels[i] {
            strength[g.index().min(1)] += (0..k)
                .filter(|&j| labels[j].is_some())
                .map(|j| q[i * k + j])
                .sum::<f64>();
        }
    }
    let total = strength[0] + strength[1];
    if total <= 0.0 {
        return 0.0;
    }
    1.0 - strength.iter().map(|s| (s / total).powi(2)).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_of_even_and_lopsided_splits() {
        // Two disconnected pairs of equal strength: 1 − 2·(½)² = ½.
        let mut q = vec![0.0; 16];
        for (i, j) in [(0, 1), (2, 3)] {
            q[i * 4 + j] = 1.0;
            q[j * 4 + i] = 1.0;
        }
        let labels = [
            Some(GroupId::A),
            Some(GroupId::A),
            Some(GroupId::B),
            Some(GroupId::B),
        ];
        assert!((ceiling(&q, 4, &labels) - 0.5).abs() < 1e-12);
    }
}
