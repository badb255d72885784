//! One error type for programs that use several stages.

/// Any error of the chambers stages, with the stage's own error as its
/// [`source`](std::error::Error::source), so that `?` works across stages in one function.
///
/// ```
/// use chambers::prelude::*;
/// fn run(path: &std::path::Path) -> Result<Report, chambers::Error> {
///     let (windows, _) = read_windows(&[path], WindowSpec::Single, GraphOptions::default(), &ReadOptions::default())?;
///     Ok(Analysis::new(AnalysisParams::default()).run(&windows)?)
/// }
/// let err = run(std::path::Path::new("no-such-file.csv")).unwrap_err();
/// assert!(matches!(err, chambers::Error::Io(_)));
/// assert!(err.to_string().contains("no-such-file.csv"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing files.
    #[error(transparent)]
    Io(#[from] chambers_io::IoError),
    /// Building graphs and windows, ranking leaders, generating data.
    #[error(transparent)]
    Graph(#[from] chambers_graph::GraphError),
    /// Chambers and overlaps.
    #[error(transparent)]
    Overlap(#[from] chambers_overlap::OverlapError),
    /// Latent ideology.
    #[error(transparent)]
    Ideology(#[from] chambers_ideology::IdeologyError),
    /// Statistics.
    #[error(transparent)]
    Stats(#[from] chambers_stats::StatsError),
    /// The echo-chamber analysis.
    #[error(transparent)]
    Echo(#[from] chambers_echo::EchoError),
}
