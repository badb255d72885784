//! Result folders and determinism of the command line: a folder holds the old complete result
//! or the new complete one, never a mix; interrupted runs leave nothing behind; outputs do not
//! depend on input row order or thread count.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{chambers, data, stderr, write};

/// Every file of a folder with its bytes; `report.json` without its timings and input names.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let mut bytes = std::fs::read(e.path()).unwrap();
            if name == "report.json" {
                let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                json.as_object_mut().unwrap().remove("timings_s");
                json["input"]["files"] = serde_json::Value::Null;
                bytes = serde_json::to_vec_pretty(&json).unwrap();
            }
            (name, bytes)
        })
        .collect()
}

/// Names in `dir` that start with a dot: temporary files or folders left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// The first `n` rows of the sample (a small, fast, still polarized input).
fn small_sample(dir: &Path, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(data("sample_weekly.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.truncate(n + 1);
    write(dir, "small.csv", (lines.join("\n") + "\n").as_bytes());
    lines
}

const FAST: [&str; 10] = [
    "--window",
    "7d",
    "--null",
    "2",
    "--controversy-null",
    "3",
    "--dip-replicates",
    "50",
    "--shuffles",
    "5",
];

fn analyze(input: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["analyze", input, "--out", out.to_str().unwrap()];
    args.extend(FAST);
    args.extend(extra);
    chambers(&args)
}

#[test]
fn a_failed_rerun_keeps_the_old_result_whole() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 6000);
    let input = dir.path().join("small.csv");
    let out = dir.path().join("out");
    let ok = analyze(input.to_str().unwrap(), &out, &[]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = contents(&out);
    assert!(before.contains_key("users.csv") && before.contains_key("report.json"));
    // A rerun that fails half-way (a malformed row at the end of the input).
    let bad = write(
        dir.path(),
        "bad.csv",
        (std::fs::read_to_string(&input).unwrap() + "1,2,x,2019-03-02T00:00:00Z\n").as_bytes(),
    );
    let failed = analyze(&bad, &out, &[]);
    assert!(!failed.status.success());
    assert_eq!(contents(&out), before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // An early failure into a new folder leaves nothing at all.
    let fresh = dir.path().join("fresh");
    assert!(!analyze(&bad, &fresh, &[]).status.success());
    assert!(!fresh.exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_new_result_replaces_the_old_one_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 3000);
    let input = dir.path().join("small.csv");
    let out = dir.path().join("out");
    assert!(analyze(input.to_str().unwrap(), &out, &[]).status.success());
    let o = chambers(&[
        "overlap",
        input.to_str().unwrap(),
        "--window",
        "7d",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = contents(&out).into_keys().collect();
    assert_eq!(
        names,
        ["chambers.csv", "leaders.csv", "overlaps.csv", "report.json"]
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_folder_with_foreign_files_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 500);
    let input = dir.path().join("small.csv");
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let r = analyze(input.to_str().unwrap(), &out, &[]);
    assert!(!r.status.success());
    assert!(stderr(&r).contains("notes.txt"), "{}", stderr(&r));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// SIGTERM and SIGINT in the middle of a run: the temporary folder is removed and the old
/// result stays.
#[test]
fn signals_leave_the_old_result_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 500);
    let small = dir.path().join("small.csv");
    let out = dir.path().join("out");
    assert!(analyze(small.to_str().unwrap(), &out, &[]).status.success());
    let before = contents(&out);
    let big = data("sample_weekly.csv");
    for signal in ["TERM", "INT"] {
        let child = Command::new(env!("CARGO_BIN_EXE_chambers"))
            .args(["analyze", big.to_str().unwrap(), "--window", "7d"])
            .args(["--null", "50", "--out", out.to_str().unwrap()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the run has started writing into its temporary folder's parent.
        let start = Instant::now();
        while leftovers(dir.path()).is_empty() && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            !leftovers(dir.path()).is_empty(),
            "the run made no temporary folder"
        );
        crate::interrupt(child, signal);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(contents(&out), before, "SIG{signal}");
    }
}

/// The same bytes out whatever the input row order and the thread count.
#[test]
fn outputs_do_not_depend_on_row_order_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let lines = small_sample(dir.path(), 4000);
    let (header, rows) = lines.split_first().unwrap();
    let mut reversed: Vec<&String> = rows.iter().collect();
    reversed.reverse();
    let mut interleaved: Vec<&String> = rows.iter().step_by(2).collect();
    interleaved.extend(rows.iter().skip(1).step_by(2));
    let mut reference = None;
    for (name, order) in [("reversed", &reversed), ("interleaved", &interleaved)] {
        let text: String = std::iter::once(header)
            .chain(order.iter().copied())
            .map(|l| format!("{l}\n"))
            .collect();
        write(dir.path(), &format!("{name}.csv"), text.as_bytes());
    }
    let runs = [
        ("small.csv", "1"),
        ("small.csv", "3"),
        ("reversed.csv", "2"),
        ("interleaved.csv", "1"),
    ];
    for (file, threads) in runs {
        let input = dir.path().join(file);
        let out = dir.path().join(format!("out-{file}-{threads}"));
        let r = analyze(input.to_str().unwrap(), &out, &["--threads", threads]);
        assert!(r.status.success(), "{}", stderr(&r));
        let got = contents(&out);
        match &reference {
            None => reference = Some(got),
            Some(want) => {
                for (name, bytes) in want {
                    assert!(
                        got[name] == *bytes,
                        "{name} differs for {file} with {threads} threads"
                    );
                }
            }
        }
    }
}

/// An absurd thread count is refused at once instead of starting millions of threads.
#[test]
fn thread_counts_are_bounded() {
    let start = Instant::now();
    let r = chambers(&[
        "--threads",
        "100000000",
        "stats",
        data("karate_edges.csv").to_str().unwrap(),
    ]);
    assert!(!r.status.success());
    assert!(stderr(&r).contains("at most 1024"), "{}", stderr(&r));
    assert!(start.elapsed() < Duration::from_secs(30));
}

/// report.json names leaders by their account ids, as leaders.csv does.
#[test]
fn report_json_names_leaders_by_account() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 3000);
    let out = dir.path().join("out");
    let r = analyze(dir.path().join("small.csv").to_str().unwrap(), &out, &[]);
    assert!(r.status.success(), "{}", stderr(&r));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let in_json: Vec<String> = json["leaders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["user"].as_str().expect("an account id string").to_owned())
        .collect();
    let csv = std::fs::read_to_string(out.join("leaders.csv")).unwrap();
    let in_csv: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert!(!in_csv.is_empty());
    assert_eq!(in_json, in_csv);
}

/// A report.json that `analyze` saved loads back into a `Report` holding the same figures: every
/// member the `Report` serialises equals the file's (the file adds the input and timings).
#[test]
fn saved_report_json_loads_back_into_a_report() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 3000);
    let out = dir.path().join("out");
    let r = analyze(dir.path().join("small.csv").to_str().unwrap(), &out, &[]);
    assert!(r.status.success(), "{}", stderr(&r));
    let text = std::fs::read_to_string(out.join("report.json")).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
    let report: chambers::prelude::Report = serde_json::from_str(&text).unwrap();
    let loaded = serde_json::to_value(&report).unwrap();
    let members = loaded.as_object().unwrap();
    assert!(members.len() >= 8, "{:?}", members.keys());
    for (key, value) in members {
        assert_eq!(value, &saved[key], "{key}");
    }
}

/// `--scored FILE` classifies exactly the accounts it lists (where they are in a window).
#[test]
fn scored_accounts_come_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    small_sample(dir.path(), 3000);
    let input = dir.path().join("small.csv");
    let first = dir.path().join("first");
    assert!(
        analyze(input.to_str().unwrap(), &first, &[])
            .status
            .success()
    );
    let users = std::fs::read_to_string(first.join("users.csv")).unwrap();
    let picked: Vec<&str> = users
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let list = write(
        dir.path(),
        "scored.txt",
        format!("# two accounts\n{}\n{}\n", picked[0], picked[1]).as_bytes(),
    );
    let out = dir.path().join("out");
    let r = analyze(input.to_str().unwrap(), &out, &["--scored", &list]);
    assert!(r.status.success(), "{}", stderr(&r));
    let high = std::fs::read_to_string(out.join("high_impact.csv")).unwrap();
    let accounts: std::collections::BTreeSet<&str> = high
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(accounts, picked.iter().copied().collect());
}
