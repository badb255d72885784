//! Sample moments and Sarle's bimodality coefficient.

use crate::error::{StatsError, check_sample};

/// Central moments m2, m3, m4 (divided by n) and the mean.
fn central_moments(values: &[f64]) -> (f64, f64, f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
    for &v in values {
        let d = v - mean;
        let d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    (mean, m2 / n, m3 / n, m4 / n)
}

/// True when the spread is zero up to rounding relative to the values' magnitude.
fn is_degenerate(values: &[f64], m2: f64, mean: f64) -> bool {
    let scale = values.iter().fold(mean.abs(), |a, v| a.max(v.abs()));
    m2.sqrt() <= scale * 1e-14 || m2 == 0.0
}

/// Sample-adjusted skewness G1 = g1 · √(n(n−1)) / (n−2), with g1 = m3 / m2^{3/2}.
///
/// This is the estimator SAS and SPSS report (Joanes & Gill 1998, "Comparing measures of sample
/// skewness and kurtosis", J. R. Stat. Soc. D 47, 183–189, type G1). `None` when n < 3 or the
/// sample has zero variance.
///
/// # Errors
/// [`StatsError::EmptySample`] and [`StatsError::NonFinite`].
///
/// ```
/// use chambers_stats::skewness;
/// let g = skewness(&[1.0, 2.0, 3.0, 10.0]).unwrap().unwrap();
/// assert!(g > 1.0);
/// assert_eq!(skewness(&[1.0, 2.0]).unwrap(), None);
/// ```
pub fn skewness(values: &[f64]) -> Result<Option<f64>, StatsError> {
    check_sample(values)?;
    let n = values.len();
    if n < 3 {
        return Ok(None);
    }
    let (mean, m2, m3, _) = central_moments(values);
    if is_degenerate(values, m2, mean) {
        return Ok(None);
    }
    let nf = n as f64;
    let g1 = m3 / m2.powf(1.5);
    Ok(Some(g1 * (nf * (nf - 1.0)).sqrt() / (nf - 2.0)))
}

/// Sample-adjusted excess kurtosis G2 = ((n+1) g2 + 6) (n−1) / ((n−2)(n−3)), with
/// g2 = m4 / m2² − 3.
///
/// The estimator SAS and SPSS report (Joanes & Gill 1998, type G2). `None` when n < 4 or the
/// sample has zero variance.
///
/// # Errors
/// [`StatsError::EmptySample`] and [`StatsError::NonFinite`].
///
/// ```
/// use chambers_stats::excess_kurtosis;
/// // A symmetric two-point sample is as platykurtic as a sample can be.
/// let k = excess_kurtosis(&[-1.0, -1.0, 1.0, 1.0, -1.0, 1.0]).unwrap().unwrap();
/// assert!(k < -2.0);
/// ```
pub fn excess_kurtosis(values: &[f64]) -> Result<Option<f64>, StatsError> {
    check_sample(values)?;
    let n = values.len();
    if n < 4 {
        return Ok(None);
    }
    let (mean, m2, _, m4) = central_moments(values);
    if is_degenerate(values, m2, mean) {
        return Ok(None);
    }
    let nf = n as f64;
    let g2 = m4 / (m2 * m2) - 3.0;
    Ok(Some(
        ((nf + 1.0) * g2 + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0)),
    ))
}

/// Sarle's bimodality coefficient BC = (G1² + 1) / (G2 + 3(n−1)² / ((n−2)(n−3))).
///
/// G1 and G2 are the sample-adjusted skewness and excess kurtosis ([`skewness`],
/// [`excess_kurtosis`]). BC lies in (0, 1]; the uniform distribution gives 5/9, and BC > 5/9
/// suggests bimodality (SAS Institute, *SAS/STAT User's Guide*, PROC CLUSTER; Pfister et al. 2013,
/// "Good things peak in pairs", Front. Psychol. 4:700). `None` when n < 4 or the sample has zero
/// variance.
///
/// # Errors
/// [`StatsError::EmptySample`] and [`StatsError::NonFinite`].
///
/// ```
/// use chambers_stats::bimodality_coefficient;
/// // Five values at −1 and five at +1: BC = (n−2)(n−3) / ((n−1)(n+1)) = 56/99.
/// let mut v = vec![-1.0; 5];
/// v.extend([1.0; 5]);
/// let bc = bimodality_coefficient(&v).unwrap().unwrap();
/// assert!((bc - 56.0 / 99.0).abs() < 1e-12);
/// assert!(bc > 5.0 / 9.0);
/// ```
pub fn bimodality_coefficient(values: &[f64]) -> Result<Option<f64>, StatsError> {
    let (Some(g), Some(k)) = (skewness(values)?, excess_kurtosis(values)?) else {
        return Ok(None);
    };
    let nf = values.len() as f64;
    let correction = 3.0 * (nf - 1.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0));
    Ok(Some((g * g + 1.0) / (k + correction)))
}
