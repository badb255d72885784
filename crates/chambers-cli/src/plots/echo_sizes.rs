//! echo_chambers: the sizes of the echo chambers and augmented echo chambers over time
//! (METHOD.md §6–7).

use chambers_echo::WindowReport;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{TimeAxis, headroom};
use super::{DrawError, Figure, Inputs, PlotFormat, Underlay};

/// The windows and the group names.
pub struct EchoSizes<'a> {
    windows: &'a [WindowReport],
    names: &'a [String],
}

impl<'a> EchoSizes<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        Self {
            windows: &inputs.report.windows,
            names: inputs.names,
        }
    }
}

impl Figure for EchoSizes<'_> {
    const NAME: &'static str = "echo_chambers";
    const CAPTION: &'static str = "Users in each group's echo chamber EC (the union of its active \
        leaders' audiences and chambers; dashed) and augmented echo chamber AEC (EC plus the \
        audiences of the high-impact accounts scored to the group; solid), per window.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Echo-chamber sizes by window";
        if self.windows.is_empty() {
            return super::nothing_to_plot(root, title, "no windows");
        }
        let axis = TimeAxis::of(self.windows);
        let top = self
            .windows
            .iter()
            .flat_map(|w| w.ec.iter().chain(&w.aec))
            .copied()
            .max()
            .unwrap_or(0) as f64;
        let mut chart = super::chart(root, title, axis.range(self.windows), 0.0..headroom(top))?;
        super::mesh(&mut chart, axis.description(), "users", &|x| axis.label(x))?;
        let groups = self.windows.first().map_or(0, |w| w.ec.len());
        for g in 0..groups {
            let (colour, name) = super::group_style(self.names, g);
            let aec: Vec<(f64, f64)> = self
                .windows
                .iter()
                .map(|w| (axis.x(w), w.aec[g] as f64))
                .collect();
            let ec: Vec<(f64, f64)> = self
                .windows
                .iter()
                .map(|w| (axis.x(w), w.ec[g] as f64))
                .collect();
            let solid = colour.stroke_width(2);
            chart.draw_series(LineSeries::new(aec.clone(), solid))?;
            chart
                .draw_series(aec.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?
                .label(format!("AEC {name}"))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], solid));
            let dashed = colour.mix(0.7).stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(ec, 6, 4, dashed))?
                .label(format!("EC {name}"))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 5, y)], dashed));
        }
        super::legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(None)
    }
}
