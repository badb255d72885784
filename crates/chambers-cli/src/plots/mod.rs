//! The figures of `chambers analyze`, drawn with plotters as SVG or PNG: one file per figure
//! here, the shared frame (fonts, colours, axes, histograms, encoding) in this module and in
//! `axes`.
//!
//! Text in PNG figures is drawn with the DejaVu Sans font shipped in `fonts/` (no system font
//! library is needed); SVG figures name `sans-serif` and leave drawing the text to the viewer.

mod axes;
mod echo_sizes;
mod ideology;
mod matrix;
mod overlaps;
mod polarization;
mod stability;
mod stance;

use anyhow::{Result, anyhow, bail};
use chambers_echo::Report;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::output::OutDir;

/// The file format of the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlotFormat {
    /// Vector figures; text stays text (journals, further editing).
    Svg,
    /// Bitmaps (slides, word processors, chat).
    Png,
}

impl PlotFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            PlotFormat::Svg => "svg",
            PlotFormat::Png => "png",
        }
    }

    /// The media type, for data URIs.
    pub fn mime(self) -> &'static str {
        match self {
            PlotFormat::Svg => "image/svg+xml",
            PlotFormat::Png => "image/png",
        }
    }
}

/// A figure written to the result folder: its file name, a caption and the encoded bytes.
pub struct Rendered {
    /// `polarization.svg`, …
    pub file: String,
    /// One sentence saying what the figure shows.
    pub caption: &'static str,
    /// The format of `bytes`.
    pub format: PlotFormat,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

/// What every figure draws from.
pub struct Inputs<'a> {
    /// The analysis.
    pub report: &'a Report,
    /// Names of group A and group B.
    pub names: &'a [String],
    /// The pooled real chamber overlaps.
    pub real: &'a [f64],
    /// The pooled configuration-model overlaps.
    pub null: &'a [f64],
}

/// A chart with numeric axes.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// An error of a drawing backend.
type DrawError<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;

/// The plot area of a figure and a bitmap to lay under it in the SVG file (the
/// overlap matrix above [`matrix::MAX_VECTOR_LEADERS`] leaders, whose cells as vector
/// rectangles would make a file of megabytes).
pub struct Underlay {
    /// Left, top, right, bottom in pixels.
    area: (i32, i32, i32, i32),
    /// Width and height of the bitmap in pixels, stretched over `area` without smoothing.
    side: u32,
    /// Its RGB pixels, row by row.
    rgb: Vec<u8>,
}

/// One figure: a file stem, a caption and how to draw it on any plotters backend.
trait Figure {
    /// The file stem.
    const NAME: &'static str;
    /// What the figure shows.
    const CAPTION: &'static str;
    /// Width and height in pixels.
    const SIZE: (u32, u32) = (760, 460);
    /// Draws the figure; an [`Underlay`] is returned only for SVG (`format`).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        format: PlotFormat,
    ) -> Result<Option<Underlay>, DrawError<DB>>;
}

/// The file stem and caption of every figure, in the order [`write`] draws them.
pub const CATALOGUE: [(&str, &str); 7] = [
    catalogued::<polarization::Polarization<'_>>(),
    catalogued::<overlaps::Overlaps>(),
    catalogued::<matrix::Matrix<'_>>(),
    catalogued::<echo_sizes::EchoSizes<'_>>(),
    catalogued::<stance::Stance<'_>>(),
    catalogued::<ideology::Ideology>(),
    catalogued::<stability::Stability<'_>>(),
];

/// A figure's entry in [`CATALOGUE`].
const fn catalogued<F: Figure>() -> (&'static str, &'static str) {
    (F::NAME, F::CAPTION)
}

/// The figures [`write`] left in the result folder `dir`, read back in [`CATALOGUE`] order (a
/// figure found in both formats is taken as SVG; one in neither is left out, as after
/// `--no-plots`).
pub fn read_back(dir: &std::path::Path) -> Result<Vec<Rendered>> {
    let mut figures = Vec::new();
    for (name, caption) in CATALOGUE {
        for format in [PlotFormat::Svg, PlotFormat::Png] {
            let file = format!("{name}.{}", format.extension());
            let path = dir.join(&file);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    figures.push(Rendered {
                        file,
                        caption,
                        format,
                        bytes,
                    });
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(anyhow!("{}: cannot read the figure: {e}", path.display())),
            }
        }
    }
    Ok(figures)
}

/// Renders every figure of `inputs` as `format` into `out` and returns them.
pub fn write(out: &OutDir, inputs: &Inputs<'_>, format: PlotFormat) -> Result<Vec<Rendered>> {
    register_font()?;
    let figures = vec![
        render(&polarization::Polarization::new(inputs), format)?,
        render(&overlaps::Overlaps::new(inputs), format)?,
        render(&matrix::Matrix::new(inputs), format)?,
        render(&echo_sizes::EchoSizes::new(inputs), format)?,
        render(&stance::Stance::new(inputs), format)?,
        render(&ideology::Ideology::new(inputs), format)?,
        render(&stability::Stability::new(inputs), format)?,
    ];
    for figure in &figures {
        out.bytes(&figure.file, &figure.bytes)?;
    }
    Ok(figures)
}

/// The font that PNG text is drawn with and that SVG text is laid out with.
const FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

/// Makes [`FONT`] plotters' `sans-serif` (once per process).
fn register_font() -> Result<()> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    if !ok {
        bail!("the figures' font could not be loaded");
    }
    Ok(())
}

/// Draws `figure` and encodes it as `format`.
fn render<F: Figure>(figure: &F, format: PlotFormat) -> Result<Rendered> {
    let fail = |e: String| anyhow!("drawing {}: {e}", F::NAME);
    let (w, h) = F::SIZE;
    let bytes = match format {
        PlotFormat::Svg => {
            let mut svg = String::new();
            let underlay = {
                let root = SVGBackend::with_string(&mut svg, F::SIZE).into_drawing_area();
                let underlay = figure
                    .draw(&root, format)
                    .map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
                underlay
            };
            match underlay {
                Some(u) => {
                    lay_under(&svg, u.area, &encode_png(&u.rgb, u.side, u.side)?).into_bytes()
                }
                None => svg.into_bytes(),
            }
        }
        PlotFormat::Png => {
            let mut rgb = vec![0u8; w as usize * h as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, F::SIZE).into_drawing_area();
                figure
                    .draw(&root, format)
                    .map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            encode_png(&rgb, w, h)?
        }
    };
    Ok(Rendered {
        file: format!("{}.{}", F::NAME, format.extension()),
        caption: F::CAPTION,
        format,
        bytes,
    })
}

/// `svg` with the underlay's bitmap drawn first: right after the opening `<svg …>` tag, on a
/// white background, so that everything plotters drew (axes, marks, labels) lies on top.
fn lay_under(svg: &str, (x0, y0, x1, y1): (i32, i32, i32, i32), png: &[u8]) -> String {
    let split = svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| s + e + 1));
    let split = split.unwrap_or(0);
    format!(
        "{}\n<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n<image x=\"{x0}\" y=\"{y0}\" \
         width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" \
         href=\"{}\"/>{}",
        &svg[..split],
        x1 - x0,
        y1 - y0,
        data_uri("image/png", png),
        &svg[split..]
    )
}

/// Encodes 8-bit RGB pixels, row by row, as PNG.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(bytes)
}

/// `data:MIME;base64,…` of `bytes` (RFC 2397 with the standard base64 alphabet).
///
/// The three bytes of "Man" become `TWFu`; two bytes are padded with one `=`.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(mime.len() + 13 + bytes.len().div_ceil(3) * 4);
    out.push_str("data:");
    out.push_str(mime);
    out.push_str(";base64,");
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Colours of groups A, B, C, … (repeating after six), and of everything else (neutral,
/// pooled, baselines).
const GROUP: [RGBColor; 6] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
];

/// Colour and name of group `g` (its letter where `names` has none).
fn group_style(names: &[String], g: usize) -> (RGBColor, String) {
    let name = names
        .get(g)
        .cloned()
        .unwrap_or_else(|| chambers_graph::GroupId::new(g).letter());
    (GROUP[g % GROUP.len()], name)
}
const GREY: RGBColor = RGBColor(0x7f, 0x7f, 0x7f);

/// A chart with a caption, axis areas and the margins every figure uses.
fn chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<Chart<'a, DB>, DrawError<DB>> {
    root.fill(&WHITE)?;
    ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(x, y)
}

/// Axes with intermediate ticks, a light grid, descriptions, and `x_label` for the x ticks.
fn mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    x_desc: &str,
    y_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
) -> Result<(), DrawError<DB>> {
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(x_label)
        .y_label_formatter(&axes::number)
        .max_light_lines(1)
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .draw()
}

/// A legend in the upper right corner.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    position: SeriesLabelPosition,
) -> Result<(), DrawError<DB>> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .label_font(("sans-serif", 12))
        .draw()
}

/// A figure with nothing to plot: its title and why.
fn nothing_to_plot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    why: &str,
) -> Result<Option<Underlay>, DrawError<DB>> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let centred = |size| {
        TextStyle::from(("sans-serif", size).into_font()).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ),
        )
    };
    root.draw_text(title, &centred(17), (w as i32 / 2, 24))?;
    root.draw_text(why, &centred(14).color(&GREY), (w as i32 / 2, h as i32 / 2))?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_uris_are_standard_base64() {
        assert_eq!(
            data_uri("text/plain", b"Man"),
            "data:text/plain;base64,TWFu"
        );
        assert_eq!(data_uri("x", b"Ma"), "data:x;base64,TWE=");
        assert_eq!(data_uri("x", b"M"), "data:x;base64,TQ==");
        assert_eq!(data_uri("x", b""), "data:x;base64,");
    }

    #[test]
    fn the_underlay_goes_right_after_the_opening_tag() {
        let svg =
            "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n<line/></svg>";
        let out = lay_under(svg, (1, 2, 5, 8), &[1, 2, 3]);
        let image = out
            .find("<image x=\"1\" y=\"2\" width=\"4\" height=\"6\"")
            .unwrap();
        assert!(out.find("xmlns").unwrap() < image && image < out.find("<line/>").unwrap());
    }
}
