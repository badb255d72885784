//! The one integration-test binary: the public API and the `chambers` command line.

mod analyze;
#[cfg(feature = "ballista")]
mod ballista;
mod cli;
#[cfg(feature = "datafusion")]
mod datafusion;
mod figures;
mod ingest;
mod overlap;
mod pipeline;
mod results;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// Runs the `chambers` binary with `args`.
pub fn chambers(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chambers"))
        .args(args)
        .output()
        .expect("the chambers binary runs")
}

/// Reads one edge file with the default graph and read options.
pub fn read(
    path: impl AsRef<Path>,
    spec: chambers::prelude::WindowSpec,
) -> Result<(chambers::prelude::Windows, chambers::io::ReadReport), chambers::io::IoError> {
    chambers::prelude::read_windows(&[path], spec, Default::default(), &Default::default())
}

/// A file of the sample data folder.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Writes `content` to `name` in `dir` and returns the path as a string.
pub fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// What a finished command wrote to stderr, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A CSV result table as rows of named cells (result ids hold no commas).
pub fn table(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// Sends `SIG{signal}` (`INT`, `TERM`, …) to a running `chambers` and asserts that it stopped
/// with a failure.
pub fn interrupt(mut child: Child, signal: &str) {
    let kill = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "SIG{signal}: {status:?}");
}
