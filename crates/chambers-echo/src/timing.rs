//! Where an analysis spends its time: wall seconds of the stages that run once, and seconds of
//! the per-window stages summed over the windows (which run in parallel, so the sums can exceed
//! the wall time of the window stage).

use std::time::Instant;

/// Seconds per phase of one [`crate::Analysis::run`]; serialised as a JSON object in the order
/// below. Not part of the results: two runs with equal results have different times.
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams};
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// b.push_external("a", "L", 1, None).unwrap();
/// let report = Analysis::new(AnalysisParams::default()).run(&b.finish().unwrap()).unwrap();
/// let t = report.timings;
/// assert!(t.windows_wall >= 0.0 && t.null_model >= 0.0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PhaseTimes {
    /// Leaders, audiences, chambers and overlaps of every window (the overlap stage), wall.
    pub chambers: f64,
    /// Aggregate overlaps and the leader groups, wall.
    pub groups: f64,
    /// The per-window stage below, wall.
    pub windows_wall: f64,
    /// Configuration-model null realisations (METHOD.md §6), summed over windows.
    pub null_model: f64,
    /// P(t), its variants and the shuffled baseline, summed over windows.
    pub polarization: f64,
    /// Controversy and its curveball baseline (METHOD.md §12), summed over windows.
    pub controversy: f64,
    /// Echo chambers, scores and the augmented classification, summed over windows.
    pub echo: f64,
    /// Latent ideology and its comparison with the classification, summed over windows.
    pub ideology: f64,
    /// Groups of the null realisations and the null polarization, wall.
    pub null_groups: f64,
    /// Bimodality of the real and null overlaps (dip test), wall; it runs beside `stability`.
    pub bimodality: f64,
    /// Stability over time (beside `bimodality`) and the summary, wall.
    pub stability: f64,
}

/// Per-window phase times, added into [`PhaseTimes`] in window order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WindowTimes {
    pub null_model: f64,
    pub polarization: f64,
    pub controversy: f64,
    pub echo: f64,
    pub ideology: f64,
}

impl PhaseTimes {
    /// The phases as (name, seconds), in the order of the fields.
    pub fn phases(&self) -> [(&'static str, f64); 11] {
        [
            ("chambers", self.chambers),
            ("groups", self.groups),
            ("windows_wall", self.windows_wall),
            ("null_model", self.null_model),
            ("polarization", self.polarization),
            ("controversy", self.controversy),
            ("echo", self.echo),
            ("ideology", self.ideology),
            ("null_groups", self.null_groups),
            ("bimodality", self.bimodality),
            ("stability", self.stability),
        ]
    }

    /// Adds one window's times to the sums.
    pub(crate) fn add_window(&mut self, w: &WindowTimes) {
        self.null_model += w.null_model;
        self.polarization += w.polarization;
        self.controversy += w.controversy;
        self.echo += w.echo;
        self.ideology += w.ideology;
    }
}

/// The result of `phase` and its wall seconds.
pub(crate) fn timed<T>(phase: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    (phase(), start.elapsed().as_secs_f64())
}

/// Seconds since `t`, and restarts `t`.
pub(crate) fn lap(t: &mut Instant) -> f64 {
    let s = t.elapsed().as_secs_f64();
    *t = Instant::now();
    s
}
