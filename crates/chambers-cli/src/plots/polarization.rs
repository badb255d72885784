//! polarization: P(t) per window with its baselines (METHOD.md §4).

use chambers_echo::WindowReport;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{TimeAxis, runs};
use super::{DrawError, Figure, GREY, GROUP, Inputs, PlotFormat, Underlay};

/// The colour of the configuration-model baseline.
const NULL: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);

/// A baseline's value in a window.
type Baseline = fn(&WindowReport) -> Option<f64>;

/// The windows to plot.
pub struct Polarization<'a> {
    windows: &'a [WindowReport],
}

impl<'a> Polarization<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        Self {
            windows: &inputs.report.windows,
        }
    }
}

impl Figure for Polarization<'_> {
    const NAME: &'static str = "polarization";
    const CAPTION: &'static str = "Polarization P(t) of each window (filled: both groups have at \
        least two active leaders; open: P is not meaningful), against the mean over label \
        shuffles and over configuration-model chambers.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Polarization P(t) by window";
        if self.windows.is_empty() {
            return super::nothing_to_plot(root, title, "no windows");
        }
        let axis = TimeAxis::of(self.windows);
        let mut chart = super::chart(root, title, axis.range(self.windows), -1.05..1.05)?;
        super::mesh(&mut chart, axis.description(), "P(t)", &|x| axis.label(x))?;
        let x_range = axis.range(self.windows);
        chart.draw_series(std::iter::once(PathElement::new(
            [(x_range.start, 0.0), (x_range.end, 0.0)],
            BLACK.mix(0.3),
        )))?;
        let baselines: [(&str, Baseline, ShapeStyle); 2] = [
            (
                "shuffled labels",
                |w| w.polarization_shuffled,
                GREY.stroke_width(2),
            ),
            (
                "configuration-model null",
                |w| w.polarization_null,
                NULL.stroke_width(2),
            ),
        ];
        for (i, (name, value, style)) in baselines.into_iter().enumerate() {
            let runs = runs(self.windows, &axis, value);
            if runs.is_empty() {
                continue;
            }
            let (dash, gap) = if i == 0 { (8, 5) } else { (2, 3) };
            for (r, run) in runs.into_iter().enumerate() {
                // Small marks too, so that a lone window's baseline shows.
                let marks = run.iter().map(|&p| Circle::new(p, 2, style.filled()));
                chart.draw_series(marks.collect::<Vec<_>>())?;
                let series = chart.draw_series(DashedLineSeries::new(run, dash, gap, style))?;
                if r == 0 {
                    series
                        .label(name)
                        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], style));
                }
            }
        }
        let colour = GROUP[0];
        for run in runs(self.windows, &axis, |w| w.polarization) {
            chart.draw_series(LineSeries::new(run, colour.stroke_width(2)))?;
        }
        chart
            .draw_series(self.windows.iter().filter_map(|w| {
                let p = w.polarization?;
                let style = if w.is_valid() {
                    colour.filled()
                } else {
                    colour.stroke_width(2)
                };
                Some(Circle::new((axis.x(w), p), 4, style))
            }))?
            .label("P(t)")
            .legend(move |(x, y)| Circle::new((x + 7, y), 4, colour.filled()));
        super::legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(None)
    }
}
