//! overlaps: the pooled chamber overlaps against the configuration-model null (METHOD.md §4).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Histogram, headroom};
use super::{DrawError, Figure, GREY, GROUP, Inputs, PlotFormat, Underlay};

/// Bins over [0, 1].
const BINS: usize = 40;

/// Histograms of the real and the null overlaps.
pub struct Overlaps {
    real: Histogram,
    null: Option<Histogram>,
}

impl Overlaps {
    pub fn new(inputs: &Inputs<'_>) -> Self {
        Self {
            real: Histogram::new(inputs.real.iter().copied(), 0.0, 1.0, BINS),
            null: (!inputs.null.is_empty())
                .then(|| Histogram::new(inputs.null.iter().copied(), 0.0, 1.0, BINS)),
        }
    }
}

impl Figure for Overlaps {
    const NAME: &'static str = "overlaps";
    const CAPTION: &'static str = "Chamber overlaps of every pair of active leaders, pooled over \
        the windows (bars), against the configuration-model null (line): a second mode at high \
        overlap is the signature of groups.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Chamber overlaps, pooled over windows, against the null";
        if self.real.total == 0 {
            return super::nothing_to_plot(root, title, "no pair of leaders is active together");
        }
        let top = self
            .real
            .densities()
            .chain(self.null.iter().flat_map(Histogram::densities))
            .map(|(_, _, d)| d)
            .fold(0.0, f64::max);
        let mut chart = super::chart(root, title, 0.0..1.0, 0.0..headroom(top))?;
        super::mesh(
            &mut chart,
            "chamber overlap (Jaccard index)",
            "density",
            &super::axes::number,
        )?;
        let colour = GROUP[0];
        chart
            .draw_series(
                self.real
                    .densities()
                    .map(|(l, r, d)| Rectangle::new([(l, 0.0), (r, d)], colour.mix(0.75).filled())),
            )?
            .label(format!("real ({} pairs)", self.real.total))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.mix(0.75).filled())
            });
        if let Some(null) = &self.null {
            // The null as a step outline over the same bins.
            let steps = null.densities().flat_map(|(l, r, d)| [(l, d), (r, d)]);
            chart
                .draw_series(LineSeries::new(steps, GREY.stroke_width(2)))?
                .label(format!("configuration-model null ({} pairs)", null.total))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], GREY.stroke_width(2)));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(None)
    }
}
