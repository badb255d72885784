//! The command line as users run it.

use crate::{chambers, data, stderr, write};

#[test]
fn generate_is_deterministic_and_writes_labels() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let o = chambers(&[
            "generate",
            "--users",
            "500",
            "--edges",
            "3000",
            "--seed",
            seed,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (
            std::fs::read(&out).unwrap(),
            std::fs::read(dir.path().join(name.replace(".csv", ".labels.csv"))).unwrap(),
        )
    };
    let (a, la) = run("a.csv", "5");
    let (b, lb) = run("b.csv", "5");
    let (c, _) = run("c.csv", "6");
    assert_eq!(a, b);
    assert_eq!(la, lb);
    assert_ne!(a, c);
    assert_eq!(String::from_utf8(la).unwrap().lines().count(), 501);
}

#[test]
fn stats_on_the_sample_lists_weekly_windows() {
    let sample = data("sample_weekly.csv");
    let o = chambers(&[
        "stats",
        sample.to_str().unwrap(),
        "--window",
        "7d",
        "--window-start",
        "2019-03-01",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"], 50_000);
    assert_eq!(v["windows"].as_array().unwrap().len(), 8);
    assert_eq!(v["windows"][7]["start"], "2019-04-19T00:00:00Z");
    assert_eq!(v["windows"][0]["top"].as_array().unwrap().len(), 10);
}

#[test]
fn bad_input_fails_with_one_line_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.csv", b"source,target\na,b\nc\n");
    let out = dir.path().join("out.csv");
    let o = chambers(&["convert", &bad, "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.csv:3: expected 2 fields, found 1"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the input remains"
    );
}

#[test]
fn convert_round_trips_to_the_canonical_table() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.tsv",
        b"target\tsource\tweight\ttime\nb\ta\t2\t1551398400\n\"c\"\td\t1.0\t\n",
    );
    let out = dir.path().join("out.csv");
    let o = chambers(&["convert", &input, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "source,target,weight,time\na,b,2,2019-03-01T00:00:00Z\nd,c,1,\n"
    );
    let again = dir.path().join("again.csv");
    let o = chambers(&[
        "convert",
        out.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn bad_flags_are_refused() {
    let sample = data("sample_weekly.csv");
    let o = chambers(&["stats", sample.to_str().unwrap(), "--window", "7y"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unit must be"));
    let o = chambers(&["generate", "--users", "1", "--out", "/tmp/never.csv"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("users must be"));
}

#[test]
fn bimodality_of_the_statfaculty_sample() {
    let o = chambers(&[
        "bimodality",
        data("statfaculty.csv").to_str().unwrap(),
        "--column",
        "score",
        "--replicates",
        "4000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        format!("{:.7}", v["dip"]["dip"]["dip"].as_f64().unwrap()),
        "0.0595238"
    );
    let p = v["dip"]["p_value"].as_f64().unwrap();
    assert!((p - 0.087).abs() < 0.015, "p = {p}");
    let o = chambers(&[
        "bimodality",
        data("statfaculty.csv").to_str().unwrap(),
        "--column",
        "nope",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("statfaculty.csv:1: no column \"nope\""));
}

#[test]
fn tweets_convert_to_parquet_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let tweets = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/chambers-io/tests/data/v1_statuses.jsonl");
    let parquet = dir.path().join("rt.parquet");
    let o = chambers(&[
        "convert",
        tweets.to_str().unwrap(),
        "--interactions",
        "all",
        "--out",
        parquet.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = dir.path().join("rt.csv");
    let o = chambers(&[
        "convert",
        parquet.to_str().unwrap(),
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let direct = dir.path().join("direct.csv");
    let o = chambers(&[
        "convert",
        tweets.to_str().unwrap(),
        "--interactions",
        "all",
        "--out",
        direct.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        std::fs::read(&direct).unwrap()
    );
    let o = chambers(&["stats", parquet.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = std::fs::read_to_string(&direct).unwrap().lines().count() as u64 - 1;
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"], rows);
    assert!(rows > 0);
}

/// METHOD.md §10, latent-ideology toy: min–max scaled scores u1 −1.000, u2 −0.272, u3 +1.000,
/// u4 +0.852 (u3 anchors the sign); u5 retweeted one influencer only and is dropped.
#[test]
fn ideology_toy_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "toy.csv",
        b"source,target,weight\nu1,I1,3\nu1,I2,1\nu2,I1,1\nu2,I2,2\nu2,I3,1\nu3,I3,2\nu3,I4,2\nu4,I2,1\nu4,I4,3\nu5,I1,1\n",
    );
    let out = dir.path().join("out");
    let o = chambers(&[
        "ideology",
        &input,
        "--influencers",
        "4",
        "--anchor",
        "u3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = std::fs::read_to_string(out.join("ideology.csv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let scaled = header.iter().position(|&h| h == "score_scaled").unwrap();
    let user = header.iter().position(|&h| h == "user").unwrap();
    let scores: std::collections::BTreeMap<String, String> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[user].to_owned(),
                format!("{:.3}", f[scaled].parse::<f64>().unwrap()),
            )
        })
        .collect();
    let want: std::collections::BTreeMap<String, String> = [
        ("u1", "-1.000"),
        ("u2", "-0.272"),
        ("u3", "1.000"),
        ("u4", "0.852"),
    ]
    .iter()
    .map(|(u, s)| (u.to_string(), s.to_string()))
    .collect();
    assert_eq!(scores, want);
}
