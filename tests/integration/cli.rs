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
    assert!(stderr(&o).contains("has an unknown unit \"y\": use w, d, h, m or s"));
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

/// The operating system's reason appears once, after the file it concerns.
#[test]
fn hostile_missing_input_names_the_os_error_once() {
    let o = chambers(&["stats", "/no/such/file.csv"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let os = std::fs::File::open("/no/such/file.csv")
        .unwrap_err()
        .to_string();
    assert_eq!(err.matches(&os).count(), 1, "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(
        err.starts_with("chambers: error: /no/such/file.csv: "),
        "{err}"
    );
}

/// Times outside the years 0000–9999 survive convert → convert (written as Unix seconds).
#[test]
fn hostile_convert_writes_times_it_can_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "far.csv",
        b"source,target,time\na,b,253402300800\nc,d,-62167219201\ne,f,9223372036854775807\ng,h,0\n",
    );
    let out = dir.path().join("out.tsv");
    let o = chambers(&["convert", &input, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "source\ttarget\tweight\ttime\na\tb\t1\t253402300800\nc\td\t1\t-62167219201\n\
         e\tf\t1\t9223372036854775807\ng\th\t1\t1970-01-01T00:00:00Z\n"
    );
    let again = dir.path().join("again.tsv");
    let o = chambers(&[
        "convert",
        out.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

/// An input without a usable edge fails naming the file and why, whatever the reason.
#[test]
fn hostile_no_usable_edge_says_which_file_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        b"source,target,weight\na,,1\nb\nc,d,0\n",
    );
    let o = chambers(&["stats", &bad, "--skip-bad-rows"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.ends_with(&format!(
            "chambers: error: {bad}: no edges: 2 rows skipped as bad (first: line 2: empty target id), 1 row of weight 0\n"
        )),
        "{err}"
    );
    let loops = write(dir.path(), "loops.csv", b"source,target\na,a\nb,b\n");
    let o = chambers(&["stats", &loops]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        format!(
            "chambers: error: {loops}: no edges: all 2 rows are self-retweets, dropped by default \
             (keep self-retweets with --keep-self-loops)\n"
        )
    );
    let o = chambers(&["stats", &loops, "--keep-self-loops", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = chambers(&[
        "convert",
        &bad,
        "--skip-bad-rows",
        "--out",
        dir.path().join("o.csv").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("bad.csv: no edges: 2 rows skipped as bad"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("o.csv").exists());
}

/// A retweet count beyond u32 names the accounts, the window, the file and the line.
#[test]
fn hostile_weight_overflow_names_accounts_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "big.csv",
        b"source,target,weight\n1001,@news,4294967295\nx,y,1\n1001,@news,1\n",
    );
    let o = chambers(&["stats", &input]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        format!(
            "chambers: error: {input}:4: \"1001\" retweeted \"@news\" more than 4294967295 times \
             in the input (one window)\n"
        )
    );
}

/// `--time-unit` reads integer times in milliseconds; without it they look like the far future,
/// and the command line says so.
#[test]
fn hostile_time_unit_and_the_millisecond_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "ms.csv",
        b"source,target,time\na,b,1551398400000\nc,b,1551484800500\n",
    );
    let o = chambers(&[
        "stats",
        &input,
        "--time-unit",
        "ms",
        "--window",
        "1d",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["windows"][0]["start"], "2019-03-01T00:00:00Z");
    assert_eq!(v["windows"].as_array().unwrap().len(), 2);
    let o = chambers(&["stats", &input, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "chambers: warning: 2 rows have times after the year 5000; are integer times in a finer \
         unit than --time-unit s? (milliseconds: --time-unit ms)\n"
    );
    let out = dir.path().join("out.csv");
    let o = chambers(&[
        "convert",
        &input,
        "--time-unit",
        "ms",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "source,target,weight,time\na,b,1,2019-03-01T00:00:00Z\nc,b,1,2019-03-02T00:00:00Z\n"
    );
    let o = chambers(&["stats", &input, "--time-unit", "minutes"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("unknown time unit \"minutes\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hostile_analyze_refuses_two_equal_group_names() {
    let dir = tempfile::tempdir().unwrap();
    let sample = data("sample_weekly.csv");
    let out = dir.path().join("out");
    // Two groups, and three (names for A, B, C of --groups-k 3): every name must differ.
    for (count, names) in [("2", "left,left"), ("3", "left,right,left")] {
        let o = chambers(&[
            "analyze",
            sample.to_str().unwrap(),
            "--groups-k",
            count,
            "--groups",
            names,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(!o.status.success());
        assert_eq!(
            stderr(&o),
            "chambers: error: --groups takes different names, not \"left\" twice\n"
        );
        assert!(!out.exists());
    }
}

/// The mistakes a newcomer makes first each get one line that says what is wrong and which
/// flag or file name fixes it, and leave nothing behind.
#[test]
fn mistakes_get_a_fix_in_their_message() {
    let dir = tempfile::tempdir().unwrap();
    let fails = |args: &[&str]| {
        let o = chambers(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    };
    // A TSV file named .csv, and a CSV file named .tsv.
    let tsv = write(dir.path(), "t.csv", b"source\ttarget\ttime\na\tb\t0\n");
    let err = fails(&["stats", &tsv]);
    assert!(
        err.contains(
            "t.csv:1: missing column \"source\": the header looks tab-separated \
             (header: \"source\\ttarget\\ttime\") (use --format tsv, or name the file .tsv)"
        ),
        "{err}"
    );
    let csv = write(dir.path(), "c.tsv", b"source,target\na,b\n");
    let err = fails(&["stats", &csv]);
    assert!(err.contains("looks comma-separated"), "{err}");
    assert!(
        err.ends_with("(use --format csv, or name the file .csv)\n"),
        "{err}"
    );
    // Time windows on a file without a time column: refused at the header.
    let no_time = write(dir.path(), "nt.csv", b"source,target\na,b\nc,b\n");
    for command in ["stats", "analyze", "overlap", "ideology"] {
        let out = dir.path().join(format!("out-{command}"));
        let mut args = vec![command, no_time.as_str(), "--window", "7d"];
        if command != "stats" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let err = fails(&args);
        assert!(
            err.contains(
                "nt.csv:1: no time column \"time\" (header: source,target), but time windows \
                 need one (name the time column with --time, or drop --window)"
            ),
            "{command}: {err}"
        );
        assert!(!out.exists());
    }
    // A window length without a unit.
    let timed = write(dir.path(), "timed.csv", b"source,target,time\na,b,0\n");
    let err = fails(&["stats", &timed, "--window", "7"]);
    assert!(
        err.ends_with(
            "bad --window: duration \"7\" has no unit: write 7d for days, 7h for hours or 7s \
             for seconds\n"
        ),
        "{err}"
    );
    // An output format chambers does not write: an error, and no file.
    let xlsx = dir.path().join("x.xlsx");
    let err = fails(&["convert", &timed, "--out", xlsx.to_str().unwrap()]);
    assert!(
        err.contains("x.xlsx: unknown output format: name the file .csv, .tsv, .parquet or .arrow"),
        "{err}"
    );
    assert!(err.contains("--out-format"), "{err}");
    assert!(!xlsx.exists());
    // Ids with spaces around them: a warning, and --trim-ids merges them.
    let padded = write(
        dir.path(),
        "p.csv",
        b"source,target\n ann,bob\nann,bob\ncid,bob\n",
    );
    let o = chambers(&["stats", &padded, "--json"]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("warning: 1 row has an account id with spaces around it"),
        "{err}"
    );
    let users = |o: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["users"].as_u64().unwrap()
    };
    assert_eq!(users(&o), 4);
    let trimmed = chambers(&["stats", &padded, "--json", "--trim-ids"]);
    assert!(trimmed.status.success());
    assert_eq!(stderr(&trimmed), "");
    assert_eq!(users(&trimmed), 3);
}

/// `chambers --help` says what chambers measures and shows the commands most runs need.
#[test]
fn top_level_help_says_what_chambers_does() {
    let o = chambers(&["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(
        help.starts_with("Measure polarization in retweet networks"),
        "{help}"
    );
    for command in ["chambers analyze", "chambers stats", "chambers convert"] {
        assert!(help.contains(command), "{help}");
    }
    assert!(
        help.contains("source is the\naccount that retweeted"),
        "{help}"
    );
}

/// A build without the feature `datafusion` names the feature to build with, on one line.
#[cfg(not(feature = "datafusion"))]
#[test]
fn engines_need_their_feature() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for (engine, feature) in [
        ("datafusion", "--features datafusion"),
        ("ballista://127.0.0.1:50050", "--features ballista"),
    ] {
        let o = chambers(&[
            "analyze",
            "events.parquet",
            "--engine",
            engine,
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert!(!o.status.success());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(feature), "{err}");
    }
    assert!(!out.exists());
}

/// A folder given to a command that reads files is refused in one line naming it, before any
/// reading (the readers would fail with "line 1: read error: Is a directory").
#[test]
fn a_folder_input_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events");
    std::fs::create_dir(&events).unwrap();
    let out = dir.path().join("out");
    let o = chambers(&[
        "analyze",
        events.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("events: is a folder"), "{err}");
    assert!(err.contains("/*.parquet"), "{err}");
    assert!(!out.exists());
}
