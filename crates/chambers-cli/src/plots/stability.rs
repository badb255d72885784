//! stability: how much of each set is still there Δ windows later (METHOD.md §9).

use chambers_echo::{LagSummary, StabilityReport};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawError, Figure, GREY, Inputs, PlotFormat, Underlay};

/// The curves and the group names.
pub struct Stability<'a> {
    stability: &'a StabilityReport,
    names: &'a [String],
}

impl<'a> Stability<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        Self {
            stability: &inputs.report.stability,
            names: inputs.names,
        }
    }
}

impl Figure for Stability<'_> {
    const NAME: &'static str = "stability";
    const CAPTION: &'static str = "Stability: the median Jaccard index of each set with itself Δ \
        windows later, with bars from the first to the third quartile over the window pairs \
        (leaders' chambers pooled over leaders).";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Stability over time lags";
        let s = self.stability;
        let mut curves: Vec<(String, &[LagSummary], RGBColor, bool)> = Vec::new();
        for (kind, sets, dashed) in [("AEC", &s.aec, false), ("EC", &s.ec, true)] {
            for (g, set) in sets.iter().enumerate() {
                let (colour, name) = super::group_style(self.names, g);
                curves.push((format!("{kind} {name}"), set, colour, dashed));
            }
        }
        curves.push(("leaders' chambers".to_owned(), &s.chambers, GREY, false));
        let max_lag = curves
            .iter()
            .flat_map(|c| c.1.iter().filter(|l| l.median.is_some()).map(|l| l.lag))
            .max();
        let Some(max_lag) = max_lag else {
            return super::nothing_to_plot(
                root,
                title,
                "fewer than two windows: no lag to compare",
            );
        };
        let top = curves
            .iter()
            .flat_map(|c| c.1.iter().filter_map(|l| l.q3.or(l.median)))
            .fold(0.0, f64::max);
        let top = super::axes::headroom(top).min(1.05);
        let mut chart = super::chart(root, title, 0.5..max_lag as f64 + 0.5, 0.0..top)?;
        super::mesh(&mut chart, "lag Δ (windows)", "Jaccard index", &|x| {
            // Lags are whole windows.
            if x.fract() == 0.0 {
                super::axes::number(x)
            } else {
                String::new()
            }
        })?;
        for (i, (name, lags, colour, dashed)) in curves.into_iter().enumerate() {
            // Side by side at each lag, so that the quartile bars do not hide each other.
            let offset = (i as f64 - 2.0) * 0.06;
            let points: Vec<(f64, f64)> = lags
                .iter()
                .filter_map(|l| Some((l.lag as f64 + offset, l.median?)))
                .collect();
            let style = colour.mix(if dashed { 0.6 } else { 1.0 }).stroke_width(2);
            chart.draw_series(lags.iter().filter_map(|l| {
                let x = l.lag as f64 + offset;
                Some(PathElement::new([(x, l.q1?), (x, l.q3?)], style))
            }))?;
            let series = if dashed {
                chart.draw_series(DashedLineSeries::new(points.clone(), 6, 4, style))?
            } else {
                chart.draw_series(LineSeries::new(points.clone(), style))?
            };
            series
                .label(name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], style));
            chart.draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 3, style.filled())),
            )?;
        }
        super::legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
        Ok(None)
    }
}
