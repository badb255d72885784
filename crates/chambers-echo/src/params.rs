//! Parameters of the whole analysis.

use chambers_ideology::IdeologyParams;
use chambers_overlap::{ChamberParams, Measure};

use crate::{EchoError, EchoParams, GroupCount, Mode, Split};

/// Which leader labels the shuffled baseline of P(t) permutes (METHOD.md §6).
///
/// ```
/// use chambers_echo::ShuffleScheme;
/// assert_eq!("active".parse::<ShuffleScheme>().unwrap(), ShuffleScheme::Active);
/// assert_eq!(ShuffleScheme::default().to_string(), "all");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShuffleScheme {
    /// The authors': permute the labels of all M leaders, then read those of the window's
    /// active leaders (the window's group sizes vary between replicates).
    #[default]
    All,
    /// Permute only the active leaders' labels (the window's group sizes are kept).
    Active,
}

impl std::str::FromStr for ShuffleScheme {
    type Err = EchoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(Self::All),
            "active" => Ok(Self::Active),
            other => Err(EchoError::InvalidParameter(format!(
                "shuffle scheme must be all or active, not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for ShuffleScheme {
    /// The form `FromStr` reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ShuffleScheme::All => "all",
            ShuffleScheme::Active => "active",
        })
    }
}

/// Parameters of the whole analysis; defaults are the paper's values (Kolic et al. 2025,
/// METHOD.md §2–9): N = M = 50 leaders, exclusion of H(t), η = 0.5, 50 label shuffles, 10
/// configuration-model realisations, lags up to 20 windows.
///
/// ```
/// use chambers_echo::AnalysisParams;
/// // A quick exploratory run: fewer null realisations and dip replicates, no latent ideology.
/// let p = AnalysisParams::default()
///     .null_realisations(2)
///     .dip_replicates(200)
///     .ideology(None);
/// assert!(p.check().is_ok());
/// assert!(p.clone().shuffles(0).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnalysisParams {
    /// Leaders (N, M) and the exclusion set of chambers.
    pub chambers: ChamberParams,
    /// How the leaders are split: the modularity bisection (default) or the paper's Laplacian.
    pub split: Split,
    /// How many groups of leaders to find: two (the paper, default), a fixed number, or as many
    /// as raise the modularity of Q̄ (METHOD.md §5).
    pub group_count: GroupCount,
    /// Which Laplacian mode splits the leaders (with [`Split::Laplacian`]).
    pub mode: Mode,
    /// Stance threshold η and scoring rule of the augmented classification.
    pub echo: EchoParams,
    /// Overlap measure for Q(t), Q̄ and the pooled distribution.
    pub measure: Measure,
    /// Label shuffles of the baseline P (paper: 50).
    pub shuffles: usize,
    /// Which labels the shuffles permute (paper: all leaders').
    pub shuffle_scheme: ShuffleScheme,
    /// Configuration-model realisations of the null (paper: 10; 0 skips the null).
    pub null_realisations: usize,
    /// Fixed-margins randomisations of the main component's chambers behind the controversy
    /// score's baseline M₀ (METHOD.md §12; 0 takes M₀ = 0).
    pub controversy_realisations: usize,
    /// Monte-Carlo replicates of the dip test p-value.
    pub dip_replicates: usize,
    /// Largest lag Δ of the stability curves (paper: 20).
    pub max_lag: usize,
    /// Seed of every random part.
    pub seed: u64,
    /// Latent-ideology benchmark per window (correspondence analysis, METHOD.md §8); `None`
    /// skips it. Its orientation is always set by agreement with the echo-chamber sides.
    pub ideology: Option<IdeologyParams>,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        Self {
            chambers: ChamberParams::default(),
            split: Split::default(),
            group_count: GroupCount::default(),
            mode: Mode::default(),
            echo: EchoParams::default(),
            measure: Measure::Jaccard,
            shuffles: 50,
            shuffle_scheme: ShuffleScheme::default(),
            null_realisations: 10,
            controversy_realisations: 20,
            dip_replicates: 2000,
            max_lag: 20,
            seed: 1,
            ideology: Some(IdeologyParams::default()),
        }
    }
}

impl AnalysisParams {
    /// Builder-lite setter for [`AnalysisParams::chambers`].
    pub fn chambers(mut self, chambers: ChamberParams) -> Self {
        self.chambers = chambers;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::split`].
    pub fn split(mut self, split: Split) -> Self {
        self.split = split;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::group_count`].
    ///
    /// ```
    /// use chambers_echo::{AnalysisParams, GroupCount};
    /// let p = AnalysisParams::default().group_count(GroupCount::Auto);
    /// assert!(p.check().is_ok());
    /// assert!(AnalysisParams::default().group_count(GroupCount::Fixed(1)).check().is_err());
    /// ```
    pub fn group_count(mut self, count: GroupCount) -> Self {
        self.group_count = count;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::controversy_realisations`].
    pub fn controversy_realisations(mut self, realisations: usize) -> Self {
        self.controversy_realisations = realisations;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::mode`].
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::echo`].
    pub fn echo(mut self, echo: EchoParams) -> Self {
        self.echo = echo;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::measure`].
    pub fn measure(mut self, measure: Measure) -> Self {
        self.measure = measure;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::shuffles`].
    pub fn shuffles(mut self, shuffles: usize) -> Self {
        self.shuffles = shuffles;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::shuffle_scheme`].
    pub fn shuffle_scheme(mut self, scheme: ShuffleScheme) -> Self {
        self.shuffle_scheme = scheme;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::null_realisations`].
    pub fn null_realisations(mut self, null_realisations: usize) -> Self {
        self.null_realisations = null_realisations;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::dip_replicates`].
    pub fn dip_replicates(mut self, dip_replicates: usize) -> Self {
        self.dip_replicates = dip_replicates;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::max_lag`].
    pub fn max_lag(mut self, max_lag: usize) -> Self {
        self.max_lag = max_lag;
        self
    }

    /// The seed of window `window`'s random parts (shuffles, null model, controversy
    /// baseline), derived from [`AnalysisParams::seed`], so that windows draw independently
    /// and each draws the same whatever the thread count.
    ///
    /// ```
    /// let p = chambers_echo::AnalysisParams::default();
    /// assert_eq!(p.window_seed(0), p.seed);
    /// assert_ne!(p.window_seed(1), p.window_seed(2));
    /// ```
    pub fn window_seed(&self, window: usize) -> u64 {
        self.seed ^ (window as u64).wrapping_mul(0xA076_1D64_78BD_642F)
    }

    /// The seed of window `window`'s controversy baseline: its own stream of
    /// [`AnalysisParams::window_seed`], apart from the null model's.
    ///
    /// ```
    /// let p = chambers_echo::AnalysisParams::default();
    /// assert_ne!(p.controversy_seed(0), p.window_seed(0));
    /// ```
    pub fn controversy_seed(&self, window: usize) -> u64 {
        self.window_seed(window) ^ 0x5851_F42D_4C95_7F2D
    }

    /// Builder-lite setter for [`AnalysisParams::seed`].
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Builder-lite setter for [`AnalysisParams::ideology`].
    pub fn ideology(mut self, ideology: Option<IdeologyParams>) -> Self {
        self.ideology = ideology;
        self
    }

    /// Checks every parameter.
    ///
    /// # Errors
    /// [`EchoError::Chambers`] for bad leader or exclusion parameters (with their cause),
    /// [`EchoError::InvalidParameter`] naming the first other bad value.
    pub fn check(&self) -> Result<(), EchoError> {
        self.chambers.check().map_err(EchoError::Chambers)?;
        self.echo.check()?;
        if let GroupCount::Fixed(n) = self.group_count
            && n < 2
        {
            return Err(EchoError::InvalidParameter(format!(
                "the number of groups must be at least 2, not {n}"
            )));
        }
        if self.shuffles == 0 {
            return Err(EchoError::InvalidParameter(
                "shuffles must be at least 1".into(),
            ));
        }
        if self.dip_replicates == 0 {
            return Err(EchoError::InvalidParameter(
                "dip_replicates must be at least 1".into(),
            ));
        }
        Ok(())
    }
}
