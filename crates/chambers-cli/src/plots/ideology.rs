//! ideology_scores: the users' latent-ideology scores (METHOD.md §8), pooled over the windows
//! where it ran.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Histogram, headroom};
use super::{DrawError, Figure, GREY, Inputs, PlotFormat, Underlay};

/// Bins over [−1, 1].
const BINS: usize = 40;

/// The histogram of the scaled scores.
pub struct Ideology {
    scores: Histogram,
    windows: usize,
}

impl Ideology {
    pub fn new(inputs: &Inputs<'_>) -> Self {
        let fitted: Vec<_> = inputs.report.ideology.iter().flatten().collect();
        Self {
            scores: Histogram::new(
                fitted
                    .iter()
                    .flat_map(|i| i.users.iter().map(|u| u.score_scaled)),
                -1.0,
                1.0,
                BINS,
            ),
            windows: fitted.len(),
        }
    }
}

impl Figure for Ideology {
    const NAME: &'static str = "ideology_scores";
    const CAPTION: &'static str = "Latent-ideology scores of the users (the first dimension of \
        the correspondence analysis of users × influencers retweets, min–max scaled to [−1, 1] \
        in each window), pooled over the windows where it ran.";

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Latent ideology of users, pooled over windows";
        if self.scores.total == 0 {
            return super::nothing_to_plot(
                root,
                title,
                "latent ideology did not run in any window",
            );
        }
        let top = headroom(self.scores.bins().map(|b| b.2).fold(0.0, f64::max));
        let mut chart = super::chart(root, title, -1.0..1.0, 0.0..top)?;
        super::mesh(
            &mut chart,
            "latent ideology score (scaled)",
            "users",
            &super::axes::number,
        )?;
        let label = format!(
            "{} user scores from {} window(s)",
            self.scores.total, self.windows
        );
        chart
            .draw_series(
                self.scores
                    .bins()
                    .map(|(l, r, c)| Rectangle::new([(l, 0.0), (r, c)], GREY.mix(0.8).filled())),
            )?
            .label(label)
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], GREY.mix(0.8).filled()));
        super::legend(&mut chart, SeriesLabelPosition::UpperMiddle)?;
        Ok(None)
    }
}
