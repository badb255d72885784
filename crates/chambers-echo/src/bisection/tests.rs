//! The bisection against the textbook modularity and planted blocks.

use super::*;
use proptest::prelude::*;

/// Modularity of a ±1 split by the textbook formula, on the main component.
fn brute_modularity(w: &[f64], k: usize, main: &[usize], side: &[Option<GroupId>]) -> f64 {
    let two_m: f64 = main
        .iter()
        .flat_map(|&i| main.iter().map(move |&j| w[i * k + j]))
        .sum();
    let s = |i: usize| main.iter().map(|&j| w[i * k + j]).sum::<f64>();
    let mut q = 0.0;
    for &i in main {
        for &j in main {
            if side[i] == side[j] {
                q += w[i * k + j] - s(i) * s(j) / two_m;
            }
        }
    }
    q / two_m
}

proptest! {
    /// On small random graphs: the split is a local optimum (no single move helps), its
    /// modularity is the textbook value, and for k ≤ 10 it is within reach of the exhaustive
    /// optimum (the greedy refinement of the spectral split is a heuristic).
    #[test]
    fn bisection_is_locally_optimal(k in 2usize..10, density in 0.2f64..1.0, seed in 0u64..500) {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x >> 11) as f64 / (1u64 << 53) as f64 };
        let mut w = vec![0.0; k * k];
        for i in 0..k {
            for j in i + 1..k {
                if next() < density {
                    let v = (next() * 100.0).round() / 100.0;
                    w[i * k + j] = v;
                    w[j * k + i] = v;
                }
            }
        }
        let order: Vec<usize> = (0..k).collect();
        let b = modularity_bisection(&w, k, None, &order);
        if b.main.len() >= 2 && b.modularity > 0.0 {
            let q = brute_modularity(&w, k, &b.main, &b.labels);
            prop_assert!((q - b.modularity).abs() < 1e-9, "{q} vs {}", b.modularity);
            for &i in &b.main {
                let mut moved = b.labels.clone();
                moved[i] = Some(if moved[i] == Some(GroupId::A) { GroupId::B } else { GroupId::A });
                prop_assert!(brute_modularity(&w, k, &b.main, &moved) <= b.modularity + 1e-9);
            }
        }
        for i in 0..k {
            prop_assert_eq!(b.labels[i].is_some(), b.main.contains(&i));
        }
    }
}

#[test]
fn planted_blocks_with_an_outsider() {
    let k = 12;
    let side = |i: usize| usize::from(i.is_multiple_of(3)); // 4 on side 1, 7 on side 0 (+ 11 alone)
    let mut w = vec![0.0; k * k];
    for i in 0..11 {
        for j in 0..11 {
            if i != j {
                w[i * k + j] = if side(i) == side(j) { 0.3 } else { 0.02 };
            }
        }
    }
    let order: Vec<usize> = (0..k).collect();
    let b = modularity_bisection(&w, k, None, &order);
    assert_eq!(b.labels[11], None);
    for i in 0..11 {
        let want = if side(i) == 0 { GroupId::A } else { GroupId::B };
        assert_eq!(b.labels[i], Some(want), "leader {i}");
    }
    // The anchor names its side A.
    let anchored = modularity_bisection(&w, k, Some(0), &order);
    assert_eq!(anchored.labels[0], Some(GroupId::A));
    assert_eq!(anchored.labels[1], Some(GroupId::B));
}

#[test]
fn power_iteration_agrees_with_the_dense_solver() {
    let n = 30;
    let b = Mat::<f64>::from_fn(n, n, |a, c| {
        let same = (a < 12) == (c < 12);
        if a == c {
            0.0
        } else if same {
            0.4
        } else {
            -0.1
        }
    });
    let (dense_value, dense) = leading_eigenvector(&b);
    let (power_value, mut power) = power_iteration(&b);
    if power
        .iter()
        .copied()
        .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m })
        < 0.0
    {
        power.iter_mut().for_each(|v| *v = -*v);
    }
    assert!((dense_value - power_value).abs() < 1e-8);
    for (x, y) in dense.iter().zip(&power) {
        assert!((x - y).abs() < 1e-6);
    }
}
