//! The paper's figures from the command line's files: each figure recomputed independently
//! from the tables `analyze` writes equals what it reports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::{chambers, data, stderr, table};

/// `analyze` on the sample data with few replicates; returns the result folder.
fn analyze_sample(dir: &Path, extra: &[&str]) -> PathBuf {
    let sample = data("sample_weekly.csv");
    let out = dir.join("out");
    let mut args = vec![
        "analyze",
        sample.to_str().unwrap(),
        "--window",
        "7d",
        "--window-start",
        "2019-03-01",
        "--null",
        "2",
        "--controversy-null",
        "2",
        "--dip-replicates",
        "20",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = chambers(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// The authors' agreement rule (METHOD.md §8) recomputed from `ideology.csv` (scaled scores)
/// and `users.csv` (AEC sides) alone: every membership of a scored user in an augmented echo
/// chamber is an item, the AEC side the reference, ideology ≥ 0 the prediction A. It equals
/// the per-window figures of `windows.csv` and the summary means over non-faulty windows.
#[test]
fn authors_agreement_recomputes_from_the_written_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = analyze_sample(dir.path(), &[]);
    let mut score: HashMap<(String, String), f64> = HashMap::new();
    for r in table(&out.join("ideology.csv")) {
        score.insert(
            (r["window"].clone(), r["user"].clone()),
            r["score_scaled"].parse().unwrap(),
        );
    }
    // Per window: [[AEC A → ideology A, → B], [AEC B → A, → B]].
    let mut counts: HashMap<String, [[usize; 2]; 2]> = HashMap::new();
    for r in table(&out.join("users.csv")) {
        let Some(&s) = score.get(&(r["window"].clone(), r["user"].clone())) else {
            continue;
        };
        let predicted = usize::from(s < 0.0);
        let sides: &[usize] = match r["side"].as_str() {
            "A" => &[0],
            "B" => &[1],
            "both" => &[0, 1],
            other => panic!("side {other}"),
        };
        for &g in sides {
            counts.entry(r["window"].clone()).or_default()[g][predicted] += 1;
        }
    }
    let close = |what: &str, got: Option<f64>, cell: &str| match got {
        Some(v) => {
            let want: f64 = cell.parse().unwrap_or_else(|_| panic!("{what}: {cell:?}"));
            assert!(
                (v - want).abs() < 1e-12,
                "{what}: recomputed {v}, reported {want}"
            );
        }
        None => assert_eq!(cell, "", "{what}"),
    };
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let (mut sums, mut sound) = ([0.0f64; 4], 0usize);
    let windows = table(&out.join("windows.csv"));
    let mut checked = 0;
    for w in &windows {
        let Some(c) = counts.get(&w["window"]) else {
            continue;
        };
        let tp = c[0][0];
        let metrics = [
            ratio(c[0][0] + c[1][1], c[0][0] + c[0][1] + c[1][0] + c[1][1]),
            ratio(tp, c[0][0] + c[1][0]),
            ratio(tp, c[0][0] + c[0][1]),
            ratio(2 * tp, 2 * tp + c[0][1] + c[1][0]),
        ];
        for (name, m) in ["accuracy", "precision", "recall", "f1"]
            .iter()
            .zip(metrics)
        {
            close(name, m, &w[&format!("ideology_{name}")]);
        }
        let faulty = metrics.contains(&Some(1.0));
        assert_eq!(w["ideology_faulty"], faulty.to_string());
        if !faulty {
            sound += 1;
            for (s, m) in sums.iter_mut().zip(metrics) {
                *s += m.unwrap();
            }
        }
        checked += 1;
    }
    assert!(checked >= 6, "{checked} windows compared");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let summary = &report["summary"];
    for (name, sum) in ["accuracy", "precision", "recall", "f1"].iter().zip(sums) {
        let reported = summary[format!("ideology_{name}")].as_f64().unwrap();
        assert!((sum / sound as f64 - reported).abs() < 1e-12, "{name}");
        assert!(
            summary["sd"][format!("ideology_{name}")].is_number(),
            "{name}"
        );
    }
    assert_eq!(summary["ideology_faulty_windows"], checked - sound);
    println!(
        "authors' rule over {sound} non-faulty of {checked} windows: accuracy {:.4}, \
         one-side accuracy {:.4}",
        summary["ideology_accuracy"], summary["ideology_one_side_accuracy"]
    );
}

/// The figure tables: one row per pair of `overlaps.csv` in `sub_chambers.csv`,
/// `audience_overlaps.csv` and `null_overlaps.csv` (the mean over realisations, in [0, 1]);
/// `echo_chambers.csv` holds exactly the EC and AEC sizes of `windows.csv`; `leader_impact.csv`
/// the impacts of `chambers.csv`'s active leaders.
#[test]
fn figure_tables_match_the_window_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = analyze_sample(dir.path(), &[]);
    let overlaps = table(&out.join("overlaps.csv"));
    let pair = |r: &HashMap<String, String>| {
        (
            r["window"].clone(),
            r["leader_a"].clone(),
            r["leader_b"].clone(),
        )
    };
    let pairs: Vec<_> = overlaps.iter().map(pair).collect();
    assert!(!pairs.is_empty());
    for name in [
        "sub_chambers.csv",
        "audience_overlaps.csv",
        "null_overlaps.csv",
    ] {
        let rows = table(&out.join(name));
        assert_eq!(rows.iter().map(pair).collect::<Vec<_>>(), pairs, "{name}");
    }
    for (sub, real) in table(&out.join("sub_chambers.csv")).iter().zip(&overlaps) {
        assert_eq!(sub["overlap"], real["jaccard"]);
        let s: f64 = sub["sub_chamber_overlap"].parse().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
    for r in table(&out.join("null_overlaps.csv")) {
        let m: f64 = r["mean_overlap"].parse().unwrap();
        assert!((0.0..=1.0).contains(&m));
    }
    let mut sizes: HashMap<(String, String, String), usize> = HashMap::new();
    for r in table(&out.join("echo_chambers.csv")) {
        *sizes
            .entry((r["window"].clone(), r["kind"].clone(), r["group"].clone()))
            .or_default() += 1;
    }
    for w in table(&out.join("windows.csv")) {
        for (kind, column, group) in [
            ("EC", "ec_a", "A"),
            ("EC", "ec_b", "B"),
            ("AEC", "aec_a", "A"),
            ("AEC", "aec_b", "B"),
        ] {
            let key = (w["window"].clone(), kind.to_owned(), group.to_owned());
            let want: usize = w[column].parse().unwrap();
            assert_eq!(sizes.get(&key).copied().unwrap_or(0), want, "{key:?}");
        }
    }
    let impact: HashMap<(String, String), (String, String)> = table(&out.join("leader_impact.csv"))
        .into_iter()
        .map(|r| {
            (
                (r["window"].clone(), r["leader"].clone()),
                (r["impact"].clone(), r["active"].clone()),
            )
        })
        .collect();
    for c in table(&out.join("chambers.csv")) {
        let (_, active) = &impact[&(c["window"].clone(), c["leader"].clone())];
        assert_eq!(active, "true");
    }
    let active = impact.values().filter(|(_, a)| a == "true").count();
    assert_eq!(active, table(&out.join("chambers.csv")).len());
}
