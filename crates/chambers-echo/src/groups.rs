//! Grouping leaders by spectral bipartition of the aggregate overlap graph (METHOD.md §5).

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{ComputeEigenvectors, self_adjoint_evd, self_adjoint_evd_scratch};
use faer::{Mat, Par};

use chambers_graph::GroupId;

use crate::{EchoError, modularity_bisection};

/// Which Laplacian eigenvector splits the leaders.
///
/// ```
/// use chambers_echo::Mode;
/// assert_eq!("auto".parse::<Mode>().unwrap(), Mode::Auto);
/// assert_eq!("3".parse::<Mode>().unwrap(), Mode::Fixed(3));
/// assert!("1".parse::<Mode>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    /// Among modes 2..=4, the split with the highest weighted modularity (the project default).
    #[default]
    Auto,
    /// Eigenvector number `n` in ascending eigenvalue order, counting the trivial zero mode as
    /// the 1st (the paper's climate run used 3, its Higgs example 2).
    Fixed(usize),
}

impl std::str::FromStr for Mode {
    type Err = EchoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "auto" {
            return Ok(Mode::Auto);
        }
        match s.parse::<usize>() {
            Ok(n) if n >= 2 => Ok(Mode::Fixed(n)),
            _ => Err(EchoError::InvalidParameter(format!(
                "mode must be auto or an eigenvector number ≥ 2, not {s:?}"
            ))),
        }
    }
}

impl std::fmt::Display for Mode {
    /// The form [`Mode`]'s `FromStr` reads: `auto` or the eigenvector number.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mode::Auto => f.write_str("auto"),
            Mode::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// How leaders are split into two groups (METHOD.md §5).
///
/// ```
/// use chambers_echo::Split;
/// assert_eq!("laplacian".parse::<Split>().unwrap(), Split::Laplacian);
/// assert_eq!(Split::default().to_string(), "modularity");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    /// The modularity-optimal bisection of Q̄ on its main connected component; leaders outside
    /// it are unassigned (the project's default: real overlap graphs hold leaders that overlap
    /// nobody, and the Laplacian split cuts those off).
    #[default]
    Modularity,
    /// The paper's split: the sign of a Laplacian eigenvector of Q̄ (see [`Mode`]).
    Laplacian,
}

impl std::str::FromStr for Split {
    type Err = EchoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "modularity" => Ok(Self::Modularity),
            "laplacian" => Ok(Self::Laplacian),
            other => Err(EchoError::InvalidParameter(format!(
                "split must be modularity or laplacian, not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for Split {
    /// The form `FromStr` reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Split::Modularity => "modularity",
            Split::Laplacian => "laplacian",
        })
    }
}

/// The two groups of leaders and how they were found.
///
/// ```
/// use chambers_echo::{spectral_groups, Mode};
/// // Two cliques of two with a weak tie.
/// let w = [0.0, 0.9, 0.1, 0.0, 0.9, 0.0, 0.0, 0.1, 0.1, 0.0, 0.0, 0.8, 0.0, 0.1, 0.8, 0.0];
/// let g = spectral_groups(&w, 4, Mode::Auto, None, &[0, 1, 2, 3]).unwrap();
/// use chambers_graph::GroupId;
/// assert_eq!(g.labels, [Some(GroupId::A), Some(GroupId::A), Some(GroupId::B), Some(GroupId::B)]);
/// assert_eq!(g.mode, Some(2));
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeaderGroups {
    /// Which split found the groups.
    pub split: Split,
    /// Group of each leader: [`GroupId::A`], [`GroupId::B`], or `None` = unassigned (outside
    /// the main component of the overlap graph, or an exactly zero Laplacian eigenvector entry).
    pub labels: Vec<Option<GroupId>>,
    /// The splitting eigenvector (of the modularity matrix, or of the Laplacian), signed so
    /// that group A is positive; 0 for leaders outside the main component.
    pub eigenvector: Vec<f64>,
    /// The Laplacian eigenvector number used (2 = Fiedler vector); `None` for the modularity
    /// bisection.
    pub mode: Option<usize>,
    /// Newman's weighted modularity of the split on Q̄ (on its main component for the
    /// modularity bisection).
    pub modularity: Option<f64>,
    /// Leaders left unassigned.
    pub unassigned: usize,
    /// Weighted modularity of each candidate split, `(mode, modularity)`.
    pub candidates: Vec<(usize, Option<f64>)>,
    /// The Laplacian split: its smallest eigenvalues, ascending (up to 5); the modularity
    /// bisection: the leading eigenvalue of the modularity matrix.
    pub eigenvalues: Vec<f64>,
}

/// Spectral bipartition of a symmetric k × k weight matrix `w` (row-major; the aggregate overlap
/// matrix Q̄): the unnormalised Laplacian L = D − W, eigenvectors in ascending eigenvalue order,
/// leaders split by the sign of eigenvector `mode` (Kolic et al. 2025, METHOD.md §5).
///
/// Orientation: with an `anchor` (leader index) its side is group A; otherwise group A is the
/// larger group, ties going to the group holding the leader whose `id_order` is smallest
/// (`id_order[i]` = position of leader i's external id in byte order).
///
/// The eigensolver runs on one thread so that the result does not depend on the thread count.
///
/// # Errors
/// [`EchoError::TooFewLeaders`] for k < 2, [`EchoError::InvalidParameter`] when a fixed mode
/// exceeds k, [`EchoError::Eigen`] when the eigensolver fails.
///
/// ```
/// use chambers_echo::{spectral_groups, Mode};
/// let w = [0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
/// let g = spectral_groups(&w, 3, Mode::Fixed(2), None, &[2, 1, 0]).unwrap();
/// assert_eq!(g.labels[0], g.labels[1]);
/// assert_ne!(g.labels[0], g.labels[2]);
/// ```
pub fn spectral_groups(
    w: &[f64],
    k: usize,
    mode: Mode,
    anchor: Option<usize>,
    id_order: &[usize],
) -> Result<LeaderGroups, EchoError> {
    assert_eq!(w.len(), k * k, "spectral_groups: w must be k × k");
    assert_eq!(
        id_order.len(),
        k,
        "spectral_groups: one id_order entry per leader"
    );
    if k < 2 {
        return Err(EchoError::TooFewLeaders { leaders: k });
    }
    if let Mode::Fixed(m) = mode
        && m > k
    {
        return Err(EchoError::InvalidParameter(format!(
            "mode {m} exceeds the {k} leaders"
        )));
    }
    let laplacian = Mat::<f64>::from_fn(k, k, |i, j| {
        if i == j {
            (0..k).filter(|&x| x != i).map(|x| w[i * k + x]).sum()
        } else {
            -w[i * k + j]
        }
    });
    let mut vectors = Mat::<f64>::zeros(k, k);
    let mut values = Diag::<f64>::zeros(k);
    let scratch =
        self_adjoint_evd_scratch::<f64>(k, ComputeEigenvectors::Yes, Par::Seq, Default::default());
    self_adjoint_evd(
        laplacian.as_ref(),
        values.as_mut(),
        Some(vectors.as_mut()),
        Par::Seq,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )
    .map_err(|e| EchoError::Eigen(format!("{e:?}")))?;
    let eigenvalues: Vec<f64> = (0..k.min(5)).map(|i| values[i]).collect();
    let split = |m: usize| -> Vec<Option<usize>> {
        (0..k)
            .map(|i| {
                let x = vectors[(i, m - 1)];
                (x != 0.0).then_some(usize::from(x < 0.0))
            })
            .collect()
    };
    let edges: Vec<(u32, u32, f64)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i as u32, j as u32)))
        .map(|(i, j)| (i, j, w[i as usize * k + j as usize]))
        .filter(|e| e.2 > 0.0)
        .collect();
    let candidates_modes: Vec<usize> = match mode {
        Mode::Auto => (2..=k.min(4)).collect(),
        Mode::Fixed(m) => vec![m],
    };
    let candidates: Vec<(usize, Option<f64>)> = candidates_modes
        .iter()
        .map(|&m| {
            let q =
                chambers_stats::modularity(k, &edges, &split(m)).map_err(EchoError::Statistics)?;
            Ok((m, q))
        })
        .collect::<Result<_, EchoError>>()?;
    // The first candidate with the highest modularity (undefined modularity ranks lowest).
    let chosen = candidates
        .iter()
        .fold(None::<(usize, Option<f64>)>, |best, &(m, q)| match best {
            Some((_, bq)) if q.unwrap_or(f64::NEG_INFINITY) <= bq.unwrap_or(f64::NEG_INFINITY) => {
                best
            }
            _ => Some((m, q)),
        })
        .map(|(m, _)| m)
        .expect("at least one candidate mode");
    let mut labels = split(chosen);
    let mut eigenvector: Vec<f64> = (0..k).map(|i| vectors[(i, chosen - 1)]).collect();
    let count =
        |g: usize, labels: &[Option<usize>]| labels.iter().filter(|&&l| l == Some(g)).count();
    let flip = match anchor.and_then(|a| labels[a]) {
        Some(side) => side == 1,
        None => {
            let (a, b) = (count(0, &labels), count(1, &labels));
            let smallest = |g: usize| {
                (0..k)
                    .filter(|&i| labels[i] == Some(g))
                    .map(|i| id_order[i])
                    .min()
            };
            b > a || (a == b && smallest(1) < smallest(0))
        }
    };
    if flip {
        for l in labels.iter_mut().flatten() {
            *l = 1 - *l;
        }
        for x in &mut eigenvector {
            *x = -*x;
        }
    }
    let unassigned = labels.iter().filter(|l| l.is_none()).count();
    let modularity = candidates
        .iter()
        .find(|&&(m, _)| m == chosen)
        .and_then(|&(_, q)| q);
    Ok(LeaderGroups {
        split: Split::Laplacian,
        modularity,
        unassigned,
        labels: labels.into_iter().map(|l| l.map(GroupId::new)).collect(),
        eigenvector,
        mode: Some(chosen),
        candidates,
        eigenvalues,
    })
}

/// Splits `k` leaders with weight matrix `w` (Q̄) by `split`: the modularity bisection
/// ([`modularity_bisection`]) or the Laplacian split with `mode` ([`spectral_groups`]). Anchor and
/// orientation as in both.
///
/// # Errors
/// [`EchoError::TooFewLeaders`] for k < 2, and the Laplacian split's errors.
///
/// ```
/// use chambers_echo::{split_leaders, Mode, Split};
/// let w = [0.0, 0.9, 0.1, 0.0, 0.9, 0.0, 0.0, 0.1, 0.1, 0.0, 0.0, 0.8, 0.0, 0.1, 0.8, 0.0];
/// let m = split_leaders(&w, 4, Split::Modularity, Mode::Auto, None, &[0, 1, 2, 3]).unwrap();
/// let l = split_leaders(&w, 4, Split::Laplacian, Mode::Auto, None, &[0, 1, 2, 3]).unwrap();
/// assert_eq!(m.labels, l.labels);
/// assert_eq!((m.mode, l.mode), (None, Some(2)));
/// ```
pub fn split_leaders(
    w: &[f64],
    k: usize,
    split: Split,
    mode: Mode,
    anchor: Option<usize>,
    id_order: &[usize],
) -> Result<LeaderGroups, EchoError> {
    match split {
        Split::Laplacian => spectral_groups(w, k, mode, anchor, id_order),
        Split::Modularity => {
            if k < 2 {
                return Err(EchoError::TooFewLeaders { leaders: k });
            }
            let b = modularity_bisection(w, k, anchor, id_order);
            Ok(LeaderGroups {
                split,
                unassigned: k - b.main.len(),
                labels: b.labels,
                eigenvector: b.vector,
                mode: None,
                modularity: Some(b.modularity),
                candidates: Vec::new(),
                eigenvalues: vec![b.eigenvalue],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two blocks of leaders with strong internal and weak cross overlaps, shuffled.
    #[test]
    fn recovers_planted_blocks_and_orients_by_size() {
        let k = 12;
        let side = |i: usize| usize::from(i.is_multiple_of(3)); // 4 leaders on side 1, 8 on side 0
        let w: Vec<f64> = (0..k * k)
            .map(|x| {
                let (i, j) = (x / k, x % k);
                if i == j {
                    0.0
                } else if side(i) == side(j) {
                    0.6 + 0.01 * ((i + j) % 5) as f64
                } else {
                    0.05
                }
            })
            .collect();
        let order: Vec<usize> = (0..k).collect();
        let g = spectral_groups(&w, k, Mode::Auto, None, &order).unwrap();
        for i in 0..k {
            assert_eq!(g.labels[i], Some(GroupId::new(side(i))), "leader {i}");
            assert_eq!(g.eigenvector[i] > 0.0, side(i) == 0);
        }
        let anchored = spectral_groups(&w, k, Mode::Auto, Some(0), &order).unwrap();
        assert_eq!(anchored.labels[0], Some(GroupId::A));
        assert_eq!(anchored.labels[1], Some(GroupId::B));
        assert!(g.eigenvalues[0].abs() < 1e-9);
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(
            spectral_groups(&[0.0], 1, Mode::Auto, None, &[0]),
            Err(EchoError::TooFewLeaders { .. })
        ));
        assert!(spectral_groups(&[0.0; 4], 2, Mode::Fixed(3), None, &[0, 1]).is_err());
    }
}
