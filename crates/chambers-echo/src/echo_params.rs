//! Parameters of the augmented echo-chamber classification (METHOD.md §7).

use crate::EchoError;

/// How high-impact accounts are scored against the echo chambers.
///
/// ```
/// use chambers_echo::ScoreRule;
/// assert_eq!("exclusive".parse::<ScoreRule>().unwrap(), ScoreRule::Exclusive);
/// assert_eq!(ScoreRule::default(), ScoreRule::Full);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreRule {
    /// The paper's rule: count audience members in EC_A and in EC_B.
    #[default]
    Full,
    /// Count audience members in the exclusive parts EC_A \ EC_B and EC_B \ EC_A; needed on
    /// dense graphs where the full echo chambers overlap so much that nobody is classified.
    Exclusive,
}

impl std::str::FromStr for ScoreRule {
    type Err = EchoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "full" => Ok(Self::Full),
            "exclusive" => Ok(Self::Exclusive),
            other => Err(EchoError::InvalidParameter(format!(
                "score must be full or exclusive, not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for ScoreRule {
    /// The form `FromStr` reads: `full` or `exclusive`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ScoreRule::Full => "full",
            ScoreRule::Exclusive => "exclusive",
        })
    }
}

/// Parameters of the augmented classification: the paper's η = 0.5 (its 2022 version used 0.2).
///
/// ```
/// use chambers_echo::{EchoParams, ScoreRule};
/// let p = EchoParams::default().eta(0.2).score(ScoreRule::Exclusive);
/// assert!(p.check().is_ok());
/// assert!(EchoParams::default().eta(1.5).check().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EchoParams {
    /// Threshold η on the stance score s_h for adding an audience to a side.
    pub eta: f64,
    /// Which echo-chamber parts the score counts.
    pub score: ScoreRule,
}

impl Default for EchoParams {
    fn default() -> Self {
        Self {
            eta: 0.5,
            score: ScoreRule::Full,
        }
    }
}

impl EchoParams {
    /// Builder-lite setter for [`EchoParams::eta`].
    ///
    /// ```
    /// assert_eq!(chambers_echo::EchoParams::default().eta(0.3).eta, 0.3);
    /// ```
    pub fn eta(mut self, eta: f64) -> Self {
        self.eta = eta;
        self
    }

    /// Builder-lite setter for [`EchoParams::score`].
    ///
    /// ```
    /// use chambers_echo::{EchoParams, ScoreRule};
    /// assert_eq!(EchoParams::default().score(ScoreRule::Exclusive).score, ScoreRule::Exclusive);
    /// ```
    pub fn score(mut self, score: ScoreRule) -> Self {
        self.score = score;
        self
    }

    /// Checks that η lies in [0, 1).
    ///
    /// # Errors
    /// [`EchoError::InvalidParameter`] otherwise.
    ///
    /// ```
    /// assert!(chambers_echo::EchoParams::default().eta(f64::NAN).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), EchoError> {
        if (0.0..1.0).contains(&self.eta) {
            Ok(())
        } else {
            Err(EchoError::InvalidParameter(format!(
                "eta must be in [0, 1), got {}",
                self.eta
            )))
        }
    }
}
