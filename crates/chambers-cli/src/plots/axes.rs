//! What the figures' axes show: tick labels, time axes of window start dates, histograms.

use chambers_echo::WindowReport;

/// A tick value with as many decimals as a tick step of a "nice" scale needs (at most 4),
/// without trailing zeros: 0, 0.25, 1.5, 120.
pub fn number(x: &f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The x axis of a quantity per window: window start dates where windows are time windows,
/// else the window number. Dated axes count in window lengths from the first start, so that
/// ticks fall on window starts.
pub struct TimeAxis {
    /// The first window start and the window step, in seconds; `None` for window numbers.
    dated: Option<(i64, i64)>,
    /// The x of the last window: ticks beyond the windows get no label.
    last: f64,
}

impl TimeAxis {
    /// The axis of `windows`: dated when every window has a start instant.
    pub fn of(windows: &[WindowReport]) -> Self {
        let starts: Option<Vec<i64>> = windows.iter().map(|w| w.start).collect();
        let dated = starts.filter(|s| !s.is_empty()).map(|mut s| {
            s.sort_unstable();
            let step = s.windows(2).map(|p| p[1] - p[0]).filter(|&d| d > 0).min();
            (s[0], step.unwrap_or(86_400))
        });
        let mut axis = Self { dated, last: 0.0 };
        axis.last = windows.iter().map(|w| axis.x(w)).fold(0.0, f64::max);
        axis
    }

    /// The x of a window.
    pub fn x(&self, window: &WindowReport) -> f64 {
        match (self.dated, window.start) {
            (Some((origin, step)), Some(start)) => (start - origin) as f64 / step as f64,
            _ => window.window as f64,
        }
    }

    /// The x range of `windows`, padded by half the typical step so that end points show.
    pub fn range(&self, windows: &[WindowReport]) -> std::ops::Range<f64> {
        let xs: Vec<f64> = windows.iter().map(|w| self.x(w)).collect();
        let (lo, hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        if xs.len() < 2 {
            let x = if xs.is_empty() { 0.0 } else { lo };
            return x - 1.0..x + 1.0;
        }
        let pad = (hi - lo) / (xs.len() - 1) as f64 / 2.0;
        lo - pad..hi + pad
    }

    /// The tick label at `x`: the UTC date of a window start (`2019-03-08`, with the hour
    /// `2019-03-08 14h` when windows do not start at midnight), nothing between window starts
    /// or outside the windows, or a window number.
    pub fn label(&self, x: &f64) -> String {
        let Some((origin, step)) = self.dated else {
            return number(x);
        };
        if x.fract() != 0.0 || *x < 0.0 || *x > self.last {
            return String::new();
        }
        let t = origin + (*x as i64) * step;
        let time = chambers_graph::format_time(t);
        if t % 86_400 == 0 {
            time[..10].to_owned()
        } else {
            format!("{} {}h", &time[..10], &time[11..13])
        }
    }

    /// The axis description.
    pub fn description(&self) -> &'static str {
        if self.dated.is_some() {
            "window start (UTC)"
        } else {
            "window"
        }
    }
}

/// Runs of consecutive points where `value` is defined: an undefined window breaks the line.
pub fn runs(
    windows: &[WindowReport],
    axis: &TimeAxis,
    value: impl Fn(&WindowReport) -> Option<f64>,
) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for w in windows {
        match value(w) {
            Some(v) => runs.last_mut().expect("never empty").push((axis.x(w), v)),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Counts of values in equal bins over `[lo, hi]` (values outside are clamped into the end
/// bins; the last bin includes `hi`).
pub struct Histogram {
    lo: f64,
    width: f64,
    /// Values per bin.
    pub counts: Vec<u64>,
    /// Values counted.
    pub total: u64,
}

impl Histogram {
    /// Bins `values` into `bins` bins over `[lo, hi]`.
    pub fn new(values: impl IntoIterator<Item = f64>, lo: f64, hi: f64, bins: usize) -> Self {
        let width = (hi - lo) / bins as f64;
        let mut counts = vec![0u64; bins];
        let mut total = 0;
        for v in values.into_iter().filter(|v| v.is_finite()) {
            let i = ((v - lo) / width).floor().clamp(0.0, (bins - 1) as f64) as usize;
            counts[i] += 1;
            total += 1;
        }
        Self {
            lo,
            width,
            counts,
            total,
        }
    }

    /// Each bin's left edge, right edge and count.
    pub fn bins(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        self.counts.iter().enumerate().map(|(i, &c)| {
            let left = self.lo + i as f64 * self.width;
            (left, left + self.width, c as f64)
        })
    }

    /// Each bin's edges and probability density (integrates to 1 over the range).
    pub fn densities(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let scale = 1.0 / (self.total.max(1) as f64 * self.width);
        self.bins().map(move |(l, r, c)| (l, r, c * scale))
    }
}

/// The top of a y axis that shows `top` with a little room above it.
pub fn headroom(top: f64) -> f64 {
    if top > 0.0 { top * 1.08 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_drop_trailing_zeros() {
        assert_eq!(number(&0.25), "0.25");
        assert_eq!(number(&120.0), "120");
        assert_eq!(number(&-0.00001), "0");
    }

    #[test]
    fn densities_integrate_to_one_and_the_upper_end_is_in_the_last_bin() {
        let h = Histogram::new([0.0, 0.1, 0.5, 1.0, 1.0], 0.0, 1.0, 10);
        assert_eq!(h.counts[9], 2);
        let area: f64 = h.densities().map(|(l, r, d)| (r - l) * d).sum();
        assert!((area - 1.0).abs() < 1e-12);
        assert_eq!(h.densities().nth(9).unwrap().2, 4.0);
    }

    #[test]
    fn time_axes_label_dates_of_window_starts() {
        let w = |window, start| WindowReport {
            window,
            start,
            ..Default::default()
        };
        let days = [w(0, Some(1_551_398_400)), w(1, Some(1_552_003_200))];
        let axis = TimeAxis::of(&days);
        assert_eq!(axis.x(&days[1]), 1.0);
        assert_eq!(axis.label(&axis.x(&days[1])), "2019-03-08");
        assert_eq!(axis.label(&0.5), "", "no label between window starts");
        assert_eq!(axis.label(&-1.0), "", "nor before the first");
        assert_eq!(axis.description(), "window start (UTC)");
        let hours = [w(0, Some(1_551_398_400)), w(1, Some(1_551_398_400 + 7_200))];
        let axis = TimeAxis::of(&hours);
        assert_eq!(axis.label(&axis.x(&hours[1])), "2019-03-01 02h");
        let counted = [w(0, None), w(1, None)];
        assert_eq!(TimeAxis::of(&counted).label(&1.0), "1");
    }
}
