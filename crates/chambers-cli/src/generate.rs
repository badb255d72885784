//! `chambers generate`: seeded retweet events with planted groups, and their labels.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chambers_graph::{SynthParams, generate};
use chambers_io::{AtomicFile, EdgeTableWriter, EdgeWrite};

use crate::cleanup::Registered;

/// Flags of `chambers generate`; defaults come from [`SynthParams::default`].
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Number of accounts.
    #[arg(long, default_value_t = SynthParams::default().users)]
    users: usize,
    /// Number of retweet events.
    #[arg(long, default_value_t = SynthParams::default().events)]
    edges: usize,
    /// Number of planted groups.
    #[arg(long, default_value_t = SynthParams::default().groups)]
    groups: usize,
    /// Relative group sizes, comma-separated (e.g. 0.7,0.3; default: equal groups).
    #[arg(long, value_delimiter = ',')]
    sizes: Vec<f64>,
    /// Number of weekly windows.
    #[arg(long, default_value_t = SynthParams::default().windows)]
    windows: usize,
    /// Probability that a retweet crosses to another group.
    #[arg(long, default_value_t = SynthParams::default().cross)]
    cross: f64,
    /// Zipf exponent of retweeting activity (lower: activity spread over more accounts).
    #[arg(long, default_value_t = SynthParams::default().activity_exponent)]
    activity: f64,
    /// Zipf exponent of popularity (higher: retweets concentrate on fewer accounts).
    #[arg(long, default_value_t = SynthParams::default().popularity_exponent)]
    popularity: f64,
    /// Fraction of the activity and popularity rankings reshuffled between windows.
    #[arg(long, default_value_t = SynthParams::default().churn)]
    churn: f64,
    /// Random seed.
    #[arg(long, default_value_t = SynthParams::default().seed)]
    seed: u64,
    /// Output CSV of events; the planted labels go beside it as FILE.labels.csv.
    #[arg(long)]
    out: PathBuf,
}

/// `FILE.csv` → `FILE.labels.csv`.
fn labels_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    out.with_file_name(format!("{stem}.labels.csv"))
}

pub fn run(args: &GenerateArgs) -> Result<()> {
    let params = SynthParams::default()
        .users(args.users)
        .events(args.edges)
        .groups(args.groups)
        .sizes(args.sizes.clone())
        .windows(args.windows)
        .cross(args.cross)
        .churn(args.churn)
        .activity_exponent(args.activity)
        .popularity_exponent(args.popularity)
        .seed(args.seed);
    let synthetic = generate(&params)?;
    let labels_out = labels_path(&args.out);
    let _temporaries = [&args.out, &labels_out].map(|p| Registered::new(&AtomicFile::temp_path(p)));
    let mut events = EdgeTableWriter::new(AtomicFile::create(&args.out)?)?;
    let (mut s, mut t) = (itoa_buf(), itoa_buf());
    for e in &synthetic.events {
        events.write(
            fmt_id(&mut s, e.source),
            fmt_id(&mut t, e.target),
            1,
            Some(e.time),
        )?;
    }
    let mut labels = AtomicFile::create(&labels_out)?;
    let write_labels = |f: &mut AtomicFile| -> std::io::Result<()> {
        writeln!(f, "user,group")?;
        for (u, g) in synthetic.groups.iter().enumerate() {
            writeln!(f, "{},{g}", u + 1)?;
        }
        Ok(())
    };
    write_labels(&mut labels).with_context(|| format!("{}: write failed", labels_out.display()))?;
    events.finish()?.commit()?;
    labels.commit()?;
    eprintln!(
        "wrote {} events to {} and {} labels to {}",
        synthetic.events.len(),
        args.out.display(),
        synthetic.groups.len(),
        labels_out.display()
    );
    Ok(())
}

fn itoa_buf() -> String {
    String::with_capacity(12)
}

/// External id of generated user index `u` (1-based decimal).
fn fmt_id(buf: &mut String, u: u32) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    write!(buf, "{}", u as u64 + 1).expect("writing to a String");
    buf
}
