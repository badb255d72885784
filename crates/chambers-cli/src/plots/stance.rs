//! stance_scores: the augmented classification's stance scores of the high-impact accounts
//! (METHOD.md §7), pooled over the windows.

use chambers_echo::Side;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Histogram, headroom};
use super::{DrawError, Figure, GREY, GROUP, Inputs, PlotFormat, Underlay};

/// Bins over [−1, 1]: 0.05 wide, so that the default η = 0.5 falls on a bin edge.
const BINS: usize = 40;

/// Histograms of the scores of the accounts on each side (A, B, neutral) and the threshold.
pub struct Stance<'a> {
    sides: [Histogram; 3],
    eta: f64,
    names: &'a [String],
}

impl<'a> Stance<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        let side = |wanted: Side| {
            let scores = inputs.report.echo.iter().flat_map(|w| {
                w.scored
                    .iter()
                    .filter(move |s| s.side == wanted)
                    .map(|s| s.score)
            });
            Histogram::new(scores, -1.0, 1.0, BINS)
        };
        Self {
            sides: [side(Side::A), side(Side::B), side(Side::Neutral)],
            eta: inputs.report.parameters.echo.eta,
            names: inputs.names,
        }
    }
}

impl Figure for Stance<'_> {
    const NAME: &'static str = "stance_scores";
    const CAPTION: &'static str = "Stance scores s of the high-impact accounts, all windows \
        pooled: s > η joins the first group's augmented echo chamber, s < −η the second's \
        (dashed lines at ±η); bars are stacked by side.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Stance scores of high-impact accounts, pooled over windows";
        if self.sides.iter().all(|h| h.total == 0) {
            return super::nothing_to_plot(root, title, "no high-impact account was scored");
        }
        // Stacked: neutral at the bottom, then A, then B (a bin on ±η can hold two sides).
        let order = [2, 0, 1];
        let mut base = vec![0.0; BINS];
        let mut stacks = Vec::new();
        for side in order {
            let bars: Vec<(f64, f64, f64, f64)> = self.sides[side]
                .bins()
                .zip(&mut base)
                .map(|((l, r, c), b)| {
                    let bar = (l, r, *b, *b + c);
                    *b += c;
                    bar
                })
                .collect();
            stacks.push((side, bars));
        }
        let top = headroom(base.iter().copied().fold(0.0, f64::max));
        let mut chart = super::chart(root, title, -1.0..1.0, 0.0..top)?;
        super::mesh(
            &mut chart,
            "stance score s",
            "accounts",
            &super::axes::number,
        )?;
        let colours = [GROUP[0], GROUP[1], GREY];
        let labels = [
            format!("{} (s > η): {}", self.names[0], self.sides[0].total),
            format!("{} (s < −η): {}", self.names[1], self.sides[1].total),
            format!("neutral: {}", self.sides[2].total),
        ];
        for (side, bars) in stacks {
            let colour = colours[side].mix(0.8);
            chart
                .draw_series(
                    bars.into_iter()
                        .filter(|b| b.3 > b.2)
                        .map(|(l, r, y0, y1)| Rectangle::new([(l, y0), (r, y1)], colour.filled())),
                )?
                .label(labels[side].as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled())
                });
        }
        for x in [-self.eta, self.eta] {
            chart.draw_series(DashedLineSeries::new(
                [(x, 0.0), (x, top)],
                6,
                4,
                BLACK.mix(0.6).stroke_width(1),
            ))?;
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperMiddle)?;
        Ok(None)
    }
}
