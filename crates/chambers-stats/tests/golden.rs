//! Golden values on real data and property tests over the public API.

use std::path::PathBuf;

use chambers_stats::*;
use proptest::prelude::*;

/// A data file from the workspace's data/ folder (provenance in data/README.md).
fn data_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rows of a CSV file, header skipped, split at the first `fields − 1` commas (only the last
/// column of these files may hold quoted commas).
fn csv_rows(name: &str, fields: usize) -> Vec<Vec<String>> {
    data_file(name)
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.splitn(fields, ',').map(str::to_owned).collect())
        .collect()
}

fn statfaculty() -> Vec<f64> {
    csv_rows("statfaculty.csv", 1)
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect()
}

/// polblogs: labels (column `value`) and directed edges.
fn polblogs() -> (Vec<Option<usize>>, Vec<(u32, u32)>) {
    let labels = csv_rows("polblogs_nodes.csv", 4)
        .iter()
        .map(|r| Some(r[2].parse().unwrap()))
        .collect();
    let edges = csv_rows("polblogs_edges.csv", 2)
        .iter()
        .map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap()))
        .collect();
    (labels, edges)
}

#[test]
fn dip_of_hartigan_example() {
    let x: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
    let d = dip(&x).unwrap();
    println!("dip(1..10 ∪ 100..110) = {:.7}", d.dip);
    assert!((d.dip - 0.2164502).abs() < 5e-8);
}

#[test]
fn dip_of_statfaculty() {
    let x = statfaculty();
    assert_eq!(x.len(), 63);
    let d = dip(&x).unwrap();
    println!("dip(statfaculty) = {:.7}", d.dip);
    assert!((d.dip - 0.0595238).abs() < 5e-8);
}

/// Samples of the fixture where the reference picks its modal interval between two candidates
/// at exactly equal distance: it compares them in x87 80-bit arithmetic (C `long double`), so
/// its choice there depends on the platform it was built for; chambers compares in f64 and may
/// pick the other one. The dip is the same either way.
const EXTENDED_PRECISION_TIES: &[&str] = &["22"];

/// Samples with tied values and their dip, modal interval included, by the reference
/// implementation (R/PyPI `diptest`; data/reference/tied_dip.py wrote the file).
#[test]
fn dip_of_tied_samples_equals_the_reference() {
    let rows = csv_rows("reference/tied_dip.csv", 6);
    assert_eq!(rows.len(), 60);
    let mut worst = 0.0f64;
    for r in &rows {
        let x: Vec<f64> = r[5].split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(x.len(), r[1].parse::<usize>().unwrap());
        let want: f64 = r[2].parse().unwrap();
        let got = dip(&x).unwrap();
        worst = worst.max((got.dip - want).abs());
        assert!(
            (got.dip - want).abs() < 1e-12,
            "sample {}: dip {} vs reference {want}",
            r[0],
            got.dip
        );
        let ends = (r[3].parse::<f64>().unwrap(), r[4].parse::<f64>().unwrap());
        if !EXTENDED_PRECISION_TIES.contains(&r[0].as_str()) {
            assert_eq!((got.modal_lower, got.modal_upper), ends, "sample {}", r[0]);
        }
    }
    println!("tied samples: max |dip - reference| = {worst:e}");
}

#[test]
fn dip_p_value_of_statfaculty() {
    let t = dip_test(
        &statfaculty(),
        &DipTestParams::default().replicates(4000).seed(1),
    )
    .unwrap();
    println!("p(statfaculty) = {} ± {}", t.p_value, t.std_error);
    assert!((t.p_value - 0.087).abs() < 3.0 * t.std_error + 0.005);
}

#[test]
fn dip_p_value_is_thread_count_invariant() {
    let x = statfaculty();
    let params = DipTestParams::default().replicates(300).seed(42);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| dip_test(&x, &params).unwrap())
    };
    let one = run(1);
    assert_eq!(one.p_value.to_bits(), run(3).p_value.to_bits());
    assert_eq!(one, run(4));
}

#[test]
fn polblogs_modularity_of_largest_component() {
    let (labels, edges) = polblogs();
    let n = labels.len();
    // Simple undirected graph: distinct unordered pairs, no self-loops.
    let mut pairs: Vec<(u32, u32)> = edges
        .iter()
        .filter(|(u, v)| u != v)
        .map(|&(u, v)| (u.min(v), u.max(v)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    // Largest connected component by union-find.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for &(u, v) in &pairs {
        let (a, b) = (find(&mut parent, u as usize), find(&mut parent, v as usize));
        parent[a] = b;
    }
    let mut size = vec![0usize; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        size[r] += 1;
    }
    let root = (0..n).max_by_key(|&i| size[i]).unwrap();
    let sub: Vec<(u32, u32, f64)> = pairs
        .iter()
        .filter(|&&(u, _)| find(&mut parent, u as usize) == root)
        .map(|&(u, v)| (u, v, 1.0))
        .collect();
    let sub_labels: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if find(&mut parent, i) == root {
                labels[i]
            } else {
                None
            }
        })
        .collect();
    assert_eq!(size[root], 1222);
    assert_eq!(sub.len(), 16714);
    let q = modularity(n, &sub, &sub_labels).unwrap().unwrap();
    println!("modularity(polblogs LCC) = {q:.6}");
    assert!((q - 0.405248).abs() < 5e-7);
}

#[test]
fn polblogs_directed_ei_index() {
    let (labels, edges) = polblogs();
    let e: Vec<(u32, u32, f64)> = edges.iter().map(|&(u, v)| (u, v, 1.0)).collect();
    let ei = ei_index(labels.len(), &e, &labels, EdgeCounting::DistinctPairs)
        .unwrap()
        .unwrap();
    println!("E-I(polblogs) = {ei:.6}");
    assert!((ei + 0.823047).abs() < 5e-7);
}

#[test]
fn polblogs_random_walk_controversy_is_high() {
    let (labels, edges) = polblogs();
    let e: Vec<(u32, u32, f64)> = edges.iter().map(|&(u, v)| (u, v, 1.0)).collect();
    let params = RwcParams::default().top_k(20).directed(false);
    let r = random_walk_controversy(labels.len(), &e, &labels, &params).unwrap();
    assert!(r.converged);
    let v = r.value.unwrap();
    println!("RWC(polblogs, undirected, k = 20) = {v:.6}");
    assert!(v > 0.5 && v <= 1.0);
}

#[test]
fn toy_polarization_and_baseline() {
    let q = [0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0];
    let labels = [Some(0), Some(0), Some(1)];
    assert_eq!(polarization_index(&q, 3, &labels).unwrap().value, Some(0.0));
    let only_inside = polarization_index(&q, 3, &[Some(0), Some(0), None]).unwrap();
    assert_eq!(only_inside.value, Some(1.0));
    let empty = polarization_index(&[0.0; 9], 3, &labels).unwrap();
    assert_eq!(empty.value, None);
    assert!(polarization_index(&q, 3, &labels[..2]).is_err());
    let a = shuffle_baseline(&q, 3, &labels, &ShuffleParams::default().seed(5)).unwrap();
    let b = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| shuffle_baseline(&q, 3, &labels, &ShuffleParams::default().seed(5)).unwrap());
    assert_eq!(a, b);
}

#[test]
fn gmm_recovers_planted_mixtures() {
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    for &(m1, s1, m2, s2, w) in &[
        (0.0, 1.0, 8.0, 1.0, 0.5),
        (-3.0, 0.5, 2.0, 1.5, 0.3),
        (10.0, 2.0, 30.0, 3.0, 0.7),
    ] {
        // Box–Muller normals.
        let mut normal = |m: f64, s: f64| {
            let (u, v): (f64, f64) = (1.0 - rng.random::<f64>(), rng.random());
            m + s * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        };
        let x: Vec<f64> = (0..2000)
            .map(|i| {
                if (i as f64) < w * 2000.0 {
                    normal(m1, s1)
                } else {
                    normal(m2, s2)
                }
            })
            .collect();
        let g = gaussian_mixture(&x, &GmmParams::default()).unwrap();
        assert!(g.converged);
        assert!(g.delta_bic > 10.0 && g.ashman_d > 2.0);
        let [a, b] = g.two;
        assert!((a.mean - m1).abs() < 0.2 * s1 + 0.1, "{a:?}");
        assert!((b.mean - m2).abs() < 0.2 * s2 + 0.1, "{b:?}");
        assert!((a.weight - w).abs() < 0.05);
        assert!((a.variance.sqrt() - s1).abs() < 0.15 * s1);
        assert!((b.variance.sqrt() - s2).abs() < 0.15 * s2);
    }
}

#[test]
fn bimodality_report_serialises_and_handles_tiny_samples() {
    let tiny = bimodality(&[1.0, 2.0], &BimodalityParams::default()).unwrap();
    assert_eq!(tiny.bimodality_coefficient, None);
    assert_eq!(tiny.gmm, None);
    let flat = bimodality(&[3.0; 10], &BimodalityParams::default()).unwrap();
    assert_eq!((flat.gmm, flat.kde), (None, None));
    assert_eq!(
        bimodality(&[], &BimodalityParams::default()).unwrap_err(),
        StatsError::EmptySample
    );
}

#[test]
fn kde_bandwidth_rules() {
    let x: Vec<f64> = (0..100).map(|i| f64::from(i % 10)).collect();
    let scott = kde(&x, &KdeParams::default()).unwrap().bandwidth;
    let silver = kde(&x, &KdeParams::default().bandwidth(Bandwidth::Silverman))
        .unwrap()
        .bandwidth;
    let sd = (x.iter().map(|v| (v - 4.5) * (v - 4.5)).sum::<f64>() / 99.0).sqrt();
    assert!((scott - sd * 100f64.powf(-0.2)).abs() < 1e-12);
    assert!((silver - sd * 75f64.powf(-0.2)).abs() < 1e-12);
}

#[test]
fn agreement_metrics() {
    let c = ConfusionMatrix::new(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 1, 1], 2).unwrap();
    assert_eq!(c.accuracy(), Some(5.0 / 6.0));
    // p_o = 5/6, p_e = (3·2 + 3·4)/36 = 1/2.
    assert!((c.cohen_kappa().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1])
        .unwrap()
        .unwrap();
    assert!((ari + 0.5).abs() < 1e-12);
    let m = majority_agreement(&[0, 0, 1, 1], &[1, 1, 0, 0], 2, 0).unwrap();
    assert_eq!((m.accuracy, m.f1), (Some(1.0), Some(1.0)));
}

fn distinct_sample() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::btree_set(-100_000i32..100_000, 2..60)
        .prop_map(|s| s.into_iter().map(f64::from).collect())
        .prop_shuffle()
}

proptest! {
    #[test]
    fn dip_is_within_bounds(x in distinct_sample()) {
        let d = dip(&x).unwrap().dip;
        let n = x.len() as f64;
        prop_assert!(d >= 0.5 / n - 1e-12 && d <= 0.25 + 1e-12, "dip {} n {}", d, n);
    }

    #[test]
    fn dip_is_invariant(x in distinct_sample(), shift in -1e3f64..1e3, scale in 0.01f64..100.0) {
        let d = dip(&x).unwrap().dip;
        let mut rev = x.clone();
        rev.reverse();
        prop_assert_eq!(dip(&rev).unwrap().dip, d);
        let moved: Vec<f64> = x.iter().map(|v| v * scale + shift).collect();
        prop_assert!((dip(&moved).unwrap().dip - d).abs() < 1e-9);
        let mirrored: Vec<f64> = x.iter().map(|v| -v).collect();
        prop_assert!((dip(&mirrored).unwrap().dip - d).abs() < 1e-9);
    }

    #[test]
    fn bc_of_symmetric_two_point_sample(m in 2usize..200, a in -50.0f64..50.0, h in 0.1f64..10.0) {
        let mut x = vec![a - h; m];
        x.extend(vec![a + h; m]);
        let n = (2 * m) as f64;
        // m2 = h², m3 = 0, m4 = h⁴: G1 = 0, G2 = −2(n−1)/(n−3), hence BC = (n−2)(n−3)/((n−1)(n+1)).
        let expected = (n - 2.0) * (n - 3.0) / ((n - 1.0) * (n + 1.0));
        let bc = bimodality_coefficient(&x).unwrap().unwrap();
        prop_assert!((bc - expected).abs() < 1e-9, "{} vs {}", bc, expected);
    }

    #[test]
    fn polarization_is_bounded(
        w in prop::collection::vec(0.0f64..1.0, 36),
        l in prop::collection::vec(prop::option::of(0usize..3), 6),
    ) {
        let mut sym = vec![0.0; 36];
        for i in 0..6 {
            for j in 0..6 {
                if i != j {
                    sym[i * 6 + j] = w[i.min(j) * 6 + i.max(j)];
                }
            }
        }
        for p in [polarization_index(&sym, 6, &l).unwrap(), adaptive_polarization_index(&sym, 6, &l).unwrap()] {
            if let Some(v) = p.value {
                prop_assert!((-1.0..=1.0).contains(&v));
            }
        }
    }

    #[test]
    fn morales_is_bounded(s in prop::collection::vec(-1.0f64..=1.0, 1..50)) {
        let m = morales_index(&s).unwrap();
        prop_assert!((0.0..=1.0).contains(&m.mu));
    }
}

/// The authors' shuffle (all leaders' labels permuted, the active ones read) against the exact
/// expectation over every arrangement of the labels.
#[test]
fn shuffle_of_a_population_matches_its_exact_expectation() {
    let q = [0.0, 0.9, 0.2, 0.9, 0.0, 0.1, 0.2, 0.1, 0.0];
    let population = [Some(0), Some(0), Some(1), Some(1), Some(1)];
    let members = [0, 2, 4];
    // Every placement of the two 0-labels among five leaders is equally likely.
    let mut values = Vec::new();
    for a in 0..5 {
        for b in a + 1..5 {
            let label = |i: usize| Some(usize::from(i != a && i != b));
            let read: Vec<Option<usize>> = members.iter().map(|&m| label(m)).collect();
            if let Some(p) = polarization_index(&q, 3, &read).unwrap().value {
                values.push(p);
            }
        }
    }
    let exact = values.iter().sum::<f64>() / values.len() as f64;
    let params = ShuffleParams::default().replicates(20_000).seed(3);
    let sampled = shuffle_baseline_in(&q, 3, &population, &members, &params)
        .unwrap()
        .mean
        .unwrap();
    assert!((sampled - exact).abs() < 0.02, "{sampled} vs {exact}");
    // Permuting only the active labels is another statistic.
    let active: Vec<Option<usize>> = members.iter().map(|&m| population[m]).collect();
    let only_active = shuffle_baseline(&q, 3, &active, &params)
        .unwrap()
        .mean
        .unwrap();
    assert!(
        (only_active - exact).abs() > 0.05,
        "{only_active} vs {exact}"
    );
}

proptest! {
    /// P_g against brute force over the pairs of a random labelled matrix; the I_g and E_g add
    /// up to the I and E of the whole index, so two groups' P_g bracket the same ratio.
    #[test]
    fn group_polarization_is_each_groups_own_ratio(
        (k, weights, labels) in (2usize..9).prop_flat_map(|k| (
            Just(k),
            proptest::collection::vec(0.0f64..1.0, k * k),
            proptest::collection::vec(proptest::option::weighted(0.85, 0usize..4), k),
        ))
    ) {
        // Symmetric, zero diagonal.
        let w: Vec<f64> = (0..k * k)
            .map(|x| {
                let (i, j) = (x / k, x % k);
                if i == j { 0.0 } else { weights[i.min(j) * k + i.max(j)] }
            })
            .collect();
        let got = group_polarization(&w, k, &labels).unwrap();
        let groups = labels.iter().flatten().max().map_or(0, |g| g + 1);
        prop_assert_eq!(got.len(), groups);
        let (mut total_i, mut total_e) = (0.0, 0.0);
        for (g, p) in got.iter().enumerate() {
            let (mut i, mut e) = (0.0, 0.0);
            for u in 0..k {
                for v in 0..k {
                    if u != v && labels[u] == Some(g) {
                        match labels[v] {
                            Some(h) if h == g => i += w[u * k + v],
                            Some(_) => e += w[u * k + v],
                            None => {}
                        }
                    }
                }
            }
            total_i += i;
            total_e += e;
            let want = (i + e > 0.0).then(|| (i - e) / (i + e));
            match (p, want) {
                (Some(p), Some(want)) => prop_assert!((p - want).abs() < 1e-12),
                (p, want) => prop_assert_eq!(*p, want),
            }
        }
        let whole = polarization_index(&w, k, &labels).unwrap();
        prop_assert!((whole.internal - total_i).abs() < 1e-9);
        prop_assert!((whole.external - total_e).abs() < 1e-9);
    }
}
