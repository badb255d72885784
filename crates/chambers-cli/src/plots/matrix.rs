//! overlap_matrix: Q̄ as a heat map, leaders ordered by group, with group boundaries and a
//! colour bar.

use chambers_echo::Report;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawError, Figure, Inputs, PlotFormat, Underlay};

/// Above this many leaders an SVG matrix is a bitmap (one pixel per leader pair, laid under
/// the axes) rather than k² rectangles: 64² rectangles are about 350 kB, 300² would be 8 MB.
pub const MAX_VECTOR_LEADERS: usize = 64;

/// The leaders in display order and the matrix values.
pub struct Matrix<'a> {
    report: &'a Report,
    names: &'a [String],
    /// Leader indices by group (A, B, …, unassigned), then by descending eigenvector entry.
    order: Vec<usize>,
    /// Leaders in each group, then unassigned ones.
    sizes: Vec<usize>,
    /// The largest off-diagonal Q̄ (the top of the colour scale).
    top: f64,
}

impl<'a> Matrix<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Self {
        let report = inputs.report;
        let groups = report.summary.group_sizes.len();
        let group = |i: usize| report.leaders[i].group.map_or(groups, |g| g.index());
        let mut order: Vec<usize> = (0..report.aggregate.leaders).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| (group(i), -report.leaders[i].eigenvector.unwrap_or(0.0));
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut sizes = vec![0; groups + 1];
        for &i in &order {
            sizes[group(i).min(groups)] += 1;
        }
        let top = report.aggregate.mean.iter().copied().fold(0.0, f64::max);
        Self {
            report,
            names: inputs.names,
            order,
            sizes,
            top: if top > 0.0 { top } else { 1.0 },
        }
    }

    /// The colour of row `r`, column `c` of the display: grey on the diagonal (not measured).
    fn colour(&self, r: usize, c: usize) -> RGBColor {
        if r == c {
            return RGBColor(0xdd, 0xdd, 0xdd);
        }
        let k = self.order.len();
        let q = self.report.aggregate.mean[self.order[r] * k + self.order[c]];
        ViridisRGB::get_color_normalized(q, 0.0, self.top)
    }

    /// The k × k display as RGB pixels, row by row.
    fn pixels(&self) -> Vec<u8> {
        let k = self.order.len();
        (0..k * k)
            .flat_map(|i| {
                let c = self.colour(i / k, i % k);
                [c.0, c.1, c.2]
            })
            .collect()
    }

    /// The axis description: which leader positions each group holds.
    fn description(&self) -> String {
        let mut parts = Vec::new();
        let mut start = 1;
        for (g, &n) in self.sizes.iter().enumerate() {
            if n > 0 {
                let name = if g + 1 == self.sizes.len() {
                    "unassigned".to_owned()
                } else {
                    super::group_style(self.names, g).1
                };
                parts.push(format!("{name} {start}–{}", start + n - 1));
                start += n;
            }
        }
        format!("leaders by group ({})", parts.join(", "))
    }
}

impl Figure for Matrix<'_> {
    const NAME: &'static str = "overlap_matrix";
    const CAPTION: &'static str = "Mean chamber overlap Q̄ of every pair of leaders over the \
        windows where both are active, leaders ordered by group (lines mark the group \
        boundaries) and within a group by their entry in the splitting eigenvector.";
    const SIZE: (u32, u32) = (700, 620);

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        format: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>> {
        let title = "Mean chamber overlap between leaders";
        let k = self.order.len();
        if k < 2 {
            return super::nothing_to_plot(root, title, "fewer than two leaders");
        }
        let underlaid = format == PlotFormat::Svg && k > MAX_VECTOR_LEADERS;
        if !underlaid {
            // An underlaid bitmap brings its own background: a fill would hide it.
            root.fill(&WHITE)?;
        }
        let (width, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(width as i32 - 110);
        let kf = k as f64;
        // y grows downwards through the display: row r spans [k − r − 1, k − r].
        let mut chart = ChartBuilder::on(&left)
            .caption(title, ("sans-serif", 17))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..kf, 0.0..kf)?;
        let position = move |y: &f64| super::axes::number(&(kf - y).round());
        let description = self.description();
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(description.as_str())
            .y_desc("leader position")
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| super::axes::number(&x.round()))
            .y_label_formatter(&position)
            .axis_desc_style(("sans-serif", 14))
            .label_style(("sans-serif", 12))
            .draw()?;
        let mut underlay = None;
        match format {
            PlotFormat::Svg if !underlaid => {
                chart.draw_series((0..k * k).map(|i| {
                    let (r, c) = (i / k, i % k);
                    let (x, y) = (c as f64, kf - r as f64);
                    Rectangle::new([(x, y - 1.0), (x + 1.0, y)], self.colour(r, c).filled())
                }))?;
            }
            PlotFormat::Svg => {
                let (xs, ys) = chart.plotting_area().get_pixel_range();
                underlay = Some(Underlay {
                    area: (xs.start, ys.start, xs.end, ys.end),
                    side: k as u32,
                    rgb: self.pixels(),
                });
            }
            PlotFormat::Png => {
                // One pixel at a time, each showing the pair under its centre.
                let (xs, ys) = chart.plotting_area().get_pixel_range();
                let (w, h) = ((xs.end - xs.start) as f64, (ys.end - ys.start) as f64);
                for py in ys.clone() {
                    let r = (((py - ys.start) as f64 + 0.5) / h * kf) as usize;
                    for px in xs.clone() {
                        let c = (((px - xs.start) as f64 + 0.5) / w * kf) as usize;
                        root.draw_pixel((px, py), &self.colour(r.min(k - 1), c.min(k - 1)))?;
                    }
                }
            }
        }
        // Group boundaries, across the whole matrix in both directions.
        let mut boundary = 0;
        for &n in &self.sizes[..self.sizes.len() - 1] {
            boundary += n;
            if boundary == 0 || boundary == k {
                continue;
            }
            let b = boundary as f64;
            let style = WHITE.stroke_width(2);
            chart.draw_series([
                PathElement::new([(b, 0.0), (b, kf)], style),
                PathElement::new([(0.0, kf - b), (kf, kf - b)], style),
            ])?;
        }
        colour_bar(&right, self.top)?;
        Ok(underlay)
    }
}

/// The colour scale from 0 to `top`, with ticks.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    top: f64,
) -> Result<(), DrawError<DB>> {
    const STEPS: usize = 128;
    let mut bar = ChartBuilder::on(area)
        .margin_top(48)
        .margin_bottom(58)
        .margin_right(50)
        .y_label_area_size(0)
        .right_y_label_area_size(44)
        .build_cartesian_2d(0.0..1.0, 0.0..top)?;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(6)
        .y_label_formatter(&super::axes::number)
        .y_desc("mean overlap")
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .draw()?;
    let step = top / STEPS as f64;
    bar.draw_series((0..STEPS).map(|i| {
        let (lo, hi) = (i as f64 * step, (i + 1) as f64 * step);
        let colour = ViridisRGB::get_color_normalized((lo + hi) / 2.0, 0.0, top);
        Rectangle::new([(0.0, lo), (1.0, hi)], colour.filled())
    }))?;
    Ok(())
}
