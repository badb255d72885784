//! SVG figures of an analysis: the overlap distribution against the null, P(t) over time, and
//! the aggregate overlap matrix. Plain SVG text, no fonts or drawing library needed.

use std::fmt::Write as _;

use anyhow::Result;
use chambers_echo::Report;

use crate::output::OutDir;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 400.0;
const MARGIN: f64 = 50.0;

/// An SVG document under construction.
struct Svg(String);

impl Svg {
    fn new(width: f64, height: f64, title: &str) -> Self {
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">{}</text>",
            width / 2.0,
            escape(title)
        );
        Self(s)
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str) {
        let _ = writeln!(
            self.0,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>",
            escape(text)
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), colour: &str) {
        let _ = writeln!(
            self.0,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{colour}\"/>"
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = writeln!(
            self.0,
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{fill}\"/>"
        );
    }

    fn polyline(&mut self, points: &[(f64, f64)], colour: &str, dashed: bool) {
        let p: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let dash = if dashed {
            " stroke-dasharray=\"5,4\""
        } else {
            ""
        };
        let _ = writeln!(
            self.0,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
            p.join(" ")
        );
    }

    /// Axes of a plot area with `x` and `y` labels and the y range ends.
    fn axes(&mut self, x_label: &str, y_label: &str, (y_min, y_max): (f64, f64)) {
        let (left, bottom) = (MARGIN, HEIGHT - MARGIN);
        self.line((left, bottom), (WIDTH - 20.0, bottom), "black");
        self.line((left, bottom), (left, 35.0), "black");
        self.text(WIDTH / 2.0, HEIGHT - 12.0, "middle", x_label);
        let _ = writeln!(
            self.0,
            "<text x=\"14\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1})\">{}</text>",
            HEIGHT / 2.0,
            HEIGHT / 2.0,
            escape(y_label)
        );
        self.text(left - 4.0, bottom, "end", &format!("{y_min:.2}"));
        self.text(left - 4.0, 40.0, "end", &format!("{y_max:.2}"));
    }

    fn legend(&mut self, entries: &[(&str, &str)]) {
        for (i, (colour, name)) in entries.iter().enumerate() {
            let y = 45.0 + 16.0 * i as f64;
            self.rect(WIDTH - 170.0, y - 9.0, 12.0, 10.0, colour);
            self.text(WIDTH - 152.0, y, "start", name);
        }
    }

    fn finish(mut self) -> String {
        self.0.push_str("</svg>\n");
        self.0
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Histogram densities of `values` over [0, 1] in `bins` bins.
fn histogram(values: &[f64], bins: usize) -> Vec<f64> {
    let mut counts = vec![0.0; bins];
    for &v in values {
        counts[((v.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1)] += 1.0;
    }
    let total = values.len().max(1) as f64;
    counts.iter().map(|c| c / total * bins as f64).collect()
}

/// The pooled chamber overlaps against the configuration-model null (METHOD.md §4).
fn overlap_distribution(real: &[f64], null: &[f64]) -> String {
    const BINS: usize = 40;
    let (h_real, h_null) = (histogram(real, BINS), histogram(null, BINS));
    let top = h_real.iter().chain(&h_null).copied().fold(1e-9, f64::max);
    let mut svg = Svg::new(
        WIDTH,
        HEIGHT,
        "Chamber overlaps: pooled windows against the configuration-model null",
    );
    svg.axes("chamber overlap (Jaccard)", "density", (0.0, top));
    let (w, h) = (WIDTH - MARGIN - 20.0, HEIGHT - 2.0 * MARGIN + 15.0 - 35.0);
    let bar = w / BINS as f64;
    for (i, d) in h_real.iter().enumerate() {
        let height = d / top * h;
        svg.rect(
            MARGIN + i as f64 * bar,
            HEIGHT - MARGIN - height,
            bar - 1.0,
            height,
            "#4c72b0",
        );
    }
    if !null.is_empty() {
        let points: Vec<(f64, f64)> = h_null
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    MARGIN + (i as f64 + 0.5) * bar,
                    HEIGHT - MARGIN - d / top * h,
                )
            })
            .collect();
        svg.polyline(&points, "#dd8452", false);
    }
    svg.text(MARGIN, HEIGHT - MARGIN + 14.0, "middle", "0");
    svg.text(MARGIN + w, HEIGHT - MARGIN + 14.0, "middle", "1");
    svg.legend(&[("#4c72b0", "real"), ("#dd8452", "null")]);
    svg.finish()
}

/// P(t) and its shuffled baseline over the windows.
fn polarization_series(report: &Report) -> String {
    let n = report.windows.len();
    let mut svg = Svg::new(WIDTH, HEIGHT, "Polarization P(t) by window");
    svg.axes("window", "P", (-1.0, 1.0));
    let (w, h) = (WIDTH - MARGIN - 20.0, HEIGHT - MARGIN - 40.0);
    let x = |t: usize| {
        MARGIN
            + if n > 1 {
                t as f64 / (n - 1) as f64 * w
            } else {
                w / 2.0
            }
    };
    let y = |p: f64| HEIGHT - MARGIN - (p + 1.0) / 2.0 * h;
    svg.line((MARGIN, y(0.0)), (MARGIN + w, y(0.0)), "#cccccc");
    for (series, colour, dashed) in [
        (
            report
                .windows
                .iter()
                .map(|r| r.polarization)
                .collect::<Vec<_>>(),
            "#4c72b0",
            false,
        ),
        (
            report
                .windows
                .iter()
                .map(|r| r.polarization_shuffled)
                .collect(),
            "#999999",
            true,
        ),
    ] {
        // Undefined windows break the line.
        for run in series
            .iter()
            .enumerate()
            .collect::<Vec<_>>()
            .split(|(_, p)| p.is_none())
        {
            let points: Vec<(f64, f64)> = run
                .iter()
                .filter_map(|&(t, p)| Some((x(t), y((*p)?))))
                .collect();
            if points.len() == 1 {
                svg.rect(points[0].0 - 2.0, points[0].1 - 2.0, 4.0, 4.0, colour);
            } else if points.len() > 1 {
                svg.polyline(&points, colour, dashed);
            }
        }
    }
    svg.text(MARGIN, HEIGHT - MARGIN + 14.0, "middle", "0");
    svg.text(
        MARGIN + w,
        HEIGHT - MARGIN + 14.0,
        "middle",
        &n.saturating_sub(1).to_string(),
    );
    svg.legend(&[("#4c72b0", "P(t)"), ("#999999", "shuffled labels")]);
    svg.finish()
}

/// Q̄ as a heat map, leaders ordered by group and then by their eigenvector entry.
fn overlap_matrix(report: &Report) -> String {
    let k = report.aggregate.leaders;
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                report.leaders[i].group.map_or(u32::MAX, |g| g.0),
                -report.leaders[i].eigenvector.unwrap_or(0.0),
            )
        };
        key(a)
            .partial_cmp(&key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let side = HEIGHT - 60.0;
    let cell = side / k.max(1) as f64;
    let top = report.aggregate.mean.iter().copied().fold(1e-9, f64::max);
    let mut svg = Svg::new(
        side + 40.0,
        side + 50.0,
        "Mean chamber overlap between leaders",
    );
    for (r, &i) in order.iter().enumerate() {
        for (c, &j) in order.iter().enumerate() {
            let shade = (255.0 * (1.0 - report.aggregate.mean[i * k + j] / top)).round() as u8;
            svg.rect(
                20.0 + c as f64 * cell,
                35.0 + r as f64 * cell,
                cell,
                cell,
                &format!("rgb({shade},{shade},255)"),
            );
        }
    }
    svg.text(
        20.0 + side / 2.0,
        side + 48.0,
        "middle",
        &format!("{k} leaders by group; darker = higher overlap (max {top:.2})"),
    );
    svg.finish()
}

/// Writes overlaps.svg, polarization.svg and overlap_matrix.svg into `out`.
pub fn write(out: &OutDir, report: &Report, real: &[f64], null: &[f64]) -> Result<()> {
    out.text("overlaps.svg", &overlap_distribution(real, null))?;
    out.text("polarization.svg", &polarization_series(report))?;
    out.text("overlap_matrix.svg", &overlap_matrix(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_integrates_to_one() {
        let h = histogram(&[0.0, 0.1, 0.5, 1.0, 1.0], 10);
        assert!((h.iter().sum::<f64>() / 10.0 - 1.0).abs() < 1e-12);
        assert_eq!(h[9], 2.0 * 10.0 / 5.0);
        assert_eq!(escape("a<b&c"), "a&lt;b&amp;c");
    }
}
