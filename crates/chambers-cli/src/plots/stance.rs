//! stance_scores: the augmented classification's stance scores of the high-impact accounts
//! (METHOD.md §7), pooled over the windows.

use chambers_echo::Side;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Histogram, headroom};
use chambers_graph::GroupId;

use super::{DrawError, Figure, GREY, Inputs, PlotFormat, Underlay};

/// Bins over [−1, 1]: 0.05 wide, so that the default η = 0.5 falls on a bin edge (half as many
/// over [0, 1] for more than two groups).
const BINS: usize = 40;

/// Histograms of the scores of the accounts on each side (each group, then neutral) and the
/// threshold.
pub struct Stance<'a> {
    sides: Vec<Histogram>,
    eta: f64,
    names: &'a [String],
}

impl<'a> Stance<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        let groups = inputs.report.summary.group_sizes.len();
        let (low, bins) = if groups == 2 {
            (-1.0, BINS)
        } else {
            (0.0, BINS / 2)
        };
        let side = |wanted: Side| {
            let scores = inputs.report.echo.iter().flat_map(|w| {
                w.scored
                    .iter()
                    .filter(move |s| s.side == wanted)
                    .map(|s| s.score)
            });
            Histogram::new(scores, low, 1.0, bins)
        };
        let mut sides: Vec<Histogram> = (0..groups)
            .map(|g| side(Side::Group(GroupId::new(g))))
            .collect();
        sides.push(side(Side::Neutral));
        Self {
            sides,
            eta: inputs.report.parameters.echo.eta,
            names: inputs.names,
        }
    }
}

impl Figure for Stance<'_> {
    const NAME: &'static str = "stance_scores";
    const CAPTION: &'static str = "Stance scores s of the high-impact accounts, all windows \
        pooled: s > η joins the first group's augmented echo chamber, s < −η the second's \
        (dashed lines at ±η); bars are stacked by side. With more than two groups s is the \
        margin of the group that holds most of the audience, in [0, 1], and s > η joins it.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Stance scores of high-impact accounts, pooled over windows";
        if self.sides.iter().all(|h| h.total == 0) {
            return super::nothing_to_plot(root, title, "no high-impact account was scored");
        }
        let groups = self.sides.len() - 1;
        let two = groups == 2;
        // Stacked: neutral at the bottom, then A, B, … (a bin on ±η can hold two sides).
        let order = std::iter::once(groups).chain(0..groups);
        let bins = self.sides[0].bins().count();
        let mut base = vec![0.0; bins];
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
        let low = if two { -1.0 } else { 0.0 };
        let mut chart = super::chart(root, title, low..1.0, 0.0..top)?;
        super::mesh(
            &mut chart,
            if two {
                "stance score s"
            } else {
                "stance score s (margin of the leading group)"
            },
            "accounts",
            &super::axes::number,
        )?;
        let style = |side: usize| {
            if side == groups {
                (GREY, format!("neutral: {}", self.sides[side].total))
            } else {
                let (colour, name) = super::group_style(self.names, side);
                let rule = match (two, side) {
                    (true, 0) => "s > η",
                    (true, _) => "s < −η",
                    (false, _) => "s > η",
                };
                (
                    colour,
                    format!("{name} ({rule}): {}", self.sides[side].total),
                )
            }
        };
        for (side, bars) in stacks {
            let (colour, label) = style(side);
            let colour = colour.mix(0.8);
            chart
                .draw_series(
                    bars.into_iter()
                        .filter(|b| b.3 > b.2)
                        .map(|(l, r, y0, y1)| Rectangle::new([(l, y0), (r, y1)], colour.filled())),
                )?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled())
                });
        }
        let lines: &[f64] = if two {
            &[-self.eta, self.eta]
        } else {
            &[self.eta]
        };
        for &x in lines {
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
