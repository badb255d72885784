//! Chambers and overlaps: the toy vectors, real data, and determinism.

use chambers::overlap::{ChamberParams, Exclusion, Measure, analyse_chambers};
use chambers::prelude::*;

use crate::{chambers, data, read, stderr, write};

const TOY: &str = "source,target,weight\na1,A,2\na1,X,1\na2,A,1\na2,B,1\na2,Y,3\na3,B,1\na3,X,1\n\
c1,C,1\nc1,Z,1\nc2,C,2\nc2,Z,1\nc2,X,1\nh1,H,1\na1,H,1\na3,H,1\nc1,H,1\n";

#[test]
fn toy_vectors_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "toy.csv", TOY.as_bytes());
    let out = dir.path().join("out");
    let o = chambers(&[
        "overlap",
        &input,
        "--leader-ids",
        "A,B,C",
        "--exclude",
        "leaders",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(
        read("overlaps.csv"),
        "window,leader_a,leader_b,intersection,jaccard,overlap_coefficient\n\
         0,A,B,3,1,1\n0,A,C,2,0.5,0.6666666666666666\n0,B,C,2,0.5,0.6666666666666666\n"
    );
    assert_eq!(
        read("chambers.csv"),
        "window,leader,audience_size,chamber_size\n0,A,2,3\n0,B,2,3\n0,C,2,3\n"
    );
    assert!(
        read("leaders.csv")
            .starts_with("leader,rank,persistence,total_impact,windows_active\nA,1,1,3,1\n")
    );
    let report: serde_json::Value = serde_json::from_str(&read("report.json")).unwrap();
    assert_eq!(report["parameters"]["exclusion"], "leaders");
}

/// `--table-format parquet` writes the tables as Parquet (their typed content is compared with
/// the CSV files by the Python tests), and a later CSV run replaces that folder.
#[test]
fn parquet_tables_replace_and_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "toy.csv", TOY.as_bytes());
    let out = dir.path().join("out");
    let run = |format: &str| {
        let o = chambers(&[
            "overlap",
            &input,
            "--leader-ids",
            "A,B,C",
            "--table-format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run("parquet");
    for name in ["leaders", "chambers", "overlaps"] {
        let bytes = std::fs::read(out.join(format!("{name}.parquet"))).unwrap();
        assert_eq!(&bytes[..4], b"PAR1", "{name}");
        assert!(!out.join(format!("{name}.csv")).exists());
    }
    run("csv");
    assert!(out.join("overlaps.csv").exists());
    assert!(!out.join("overlaps.parquet").exists());
}

#[test]
fn toy_impacts_and_chambers_through_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "toy.csv", TOY.as_bytes());
    let (w, _) = read(&input, WindowSpec::Single).unwrap();
    let g = &w.windows[0].graph;
    let impact = |name: &str| g.impact(g.local(w.interner.get(name).unwrap()).unwrap());
    assert_eq!(
        ["H", "A", "C", "X", "Y", "B", "Z"].map(impact),
        [4, 3, 3, 3, 3, 2, 2]
    );
    let leaders: Vec<UserId> = ["A", "B", "C"]
        .iter()
        .map(|x| w.interner.get(x).unwrap())
        .collect();
    let a = analyse_chambers(
        &w,
        &ChamberParams::default().exclusion(Exclusion::Leaders),
        Some(&leaders),
    )
    .unwrap();
    let names = |set: &[u32]| -> Vec<String> {
        let mut v: Vec<String> = set
            .iter()
            .map(|&x| w.interner.external(g.user(x)).to_string())
            .collect();
        v.sort();
        v
    };
    let wc = &a.windows[0];
    assert_eq!(names(wc.audiences.get(0)), ["a1", "a2"]);
    assert_eq!(names(wc.audiences.get(2)), ["c1", "c2"]);
    assert_eq!(names(wc.chambers.get(0)), ["H", "X", "Y"]);
    assert_eq!(names(wc.chambers.get(1)), ["H", "X", "Y"]);
    assert_eq!(names(wc.chambers.get(2)), ["H", "X", "Z"]);
}

/// data/README.md: with the 20 most-linked blogs of each side as leaders and chamber =
/// distinct targets of the leader's in-neighbours minus the leader, the mean chamber Jaccard is
/// 0.708140 for same-side pairs and 0.411053 for cross-side pairs.
#[test]
fn polblogs_same_side_chambers_overlap_more() {
    let liberal = "154 640 54 728 322 641 755 492 179 482 433 534 740 296 686 513 188 362 149 546";
    let conservative = "1050 962 1244 854 1152 1436 1111 1040 797 1478 1178 877 1305 1269 1329 1462 1100 1460 999 825";
    let path = data("polblogs_edges.csv");
    let (w, _) = read(&path, WindowSpec::Single).unwrap();
    let ids: Vec<&str> = liberal.split(' ').chain(conservative.split(' ')).collect();
    let leaders: Vec<UserId> = ids.iter().map(|x| w.interner.get(x).unwrap()).collect();
    let params = ChamberParams::default()
        .leaders(LeaderParams::default().top_n(usize::MAX))
        .exclusion(Exclusion::None);
    let a = analyse_chambers(&w, &params, Some(&leaders)).unwrap();
    let wc = &a.windows[0];
    assert_eq!(wc.active.len(), 40);
    let (mut same, mut cross) = (Vec::new(), Vec::new());
    for i in 0..40 {
        for j in i + 1..40 {
            let q = Measure::Jaccard.of(&wc.overlaps, i, j);
            if (wc.active[i] < 20) == (wc.active[j] < 20) {
                same.push(q)
            } else {
                cross.push(q)
            }
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert_eq!(format!("{:.6}", mean(&same)), "0.708140");
    assert_eq!(format!("{:.6}", mean(&cross)), "0.411053");
}

/// The same input gives the same bytes whatever the thread count and the order of input rows.
#[test]
fn outputs_do_not_depend_on_threads_or_row_order() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(data("sample_weekly.csv")).unwrap();
    let mut lines: Vec<&str> = sample.lines().collect();
    let header = lines.remove(0);
    // A fixed permutation: stride through the rows.
    let n = lines.len();
    let shuffled: Vec<&str> = (0..n).map(|i| lines[(i * 7919) % n]).collect();
    let (mut a, mut b) = (lines.clone(), shuffled.clone());
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the stride is a permutation of the rows");
    assert_ne!(lines, shuffled);
    let shuffled_path = write(
        dir.path(),
        "shuffled.csv",
        format!("{header}\n{}\n", shuffled.join("\n")).as_bytes(),
    );
    let run = |input: &str, threads: &str, name: &str| {
        let out = dir.path().join(name);
        let o = chambers(&[
            "--threads",
            threads,
            "overlap",
            input,
            "--window",
            "7d",
            "--window-start",
            "2019-03-01",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        ["leaders.csv", "chambers.csv", "overlaps.csv"].map(|f| std::fs::read(out.join(f)).unwrap())
    };
    let sample_path = data("sample_weekly.csv");
    let reference = run(sample_path.to_str().unwrap(), "1", "t1");
    assert!(
        reference[2].len() > 10_000,
        "the sample has overlaps to compare"
    );
    assert_eq!(run(sample_path.to_str().unwrap(), "2", "t2"), reference);
    assert_eq!(run(sample_path.to_str().unwrap(), "7", "t7"), reference);
    assert_eq!(run(&shuffled_path, "2", "shuffled"), reference);
}

#[test]
fn unknown_or_repeated_leaders_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "toy.csv", TOY.as_bytes());
    let out = dir.path().join("out");
    let o = chambers(&[
        "overlap",
        &input,
        "--leader-ids",
        "A,Q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("leader \"Q\" (from --leader-ids) does not appear in the input"));
    let o = chambers(&[
        "overlap",
        &input,
        "--leader-ids",
        "A,A",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("listed twice"));
}
