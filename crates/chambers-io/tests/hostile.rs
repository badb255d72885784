//! Hostile inputs: nothing lost, nothing stale. Times at the ends of the i64 range survive
//! `convert`; integer times in other units; inputs without a usable edge and weight overflows
//! are errors that say which file, which row and why.

use std::path::{Path, PathBuf};

use chambers_graph::{DAY, GraphOptions, WindowSpec};
use chambers_io::{
    IoError, Problem, ReadOptions, ReadReport, TimeUnit, convert_edges, read_edges, read_windows,
};
use proptest::prelude::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The times of a file's rows, in order, and what reading found.
fn times(path: &Path, options: &ReadOptions) -> Result<(Vec<Option<i64>>, ReadReport), IoError> {
    let mut times = Vec::new();
    let report = read_edges(path, options, |r| {
        times.push(r.time);
        Ok(())
    })?;
    Ok((times, report))
}

/// Interesting times: the ends of i64, of RFC 3339 (years 0000–9999), of Parquet milliseconds.
fn edge_times() -> Vec<i64> {
    let rfc = [-62_167_219_200i64, 253_402_300_799];
    let ms = [i64::MIN / 1000, i64::MAX / 1000];
    let mut v = vec![i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1, 0, -1];
    for t in rfc.into_iter().chain(ms) {
        v.extend([t - 1, t, t + 1]);
    }
    v
}

/// Converts a CSV of `times` (written as Unix seconds) to every output format and reads each
/// back: the same times, or (Parquet, which keeps milliseconds) a refusal, never other times.
fn round_trip(dir: &Path, times_in: &[Option<i64>]) -> Result<(), TestCaseError> {
    let mut text = String::from("source,target,time\n");
    for t in times_in {
        text += &format!("a,b,{}\n", t.map(|t| t.to_string()).unwrap_or_default());
    }
    let input = write(dir, "in.csv", &text);
    let options = ReadOptions::default();
    let (read_in, _) = times(&input, &options).unwrap();
    prop_assert_eq!(&read_in, times_in);
    let mut outputs = vec!["out.csv", "out.tsv.gz", "out.tsv"];
    if cfg!(feature = "parquet") {
        outputs.extend(["out.arrow", "out.parquet"]);
    }
    for name in outputs {
        let out = dir.join(name);
        let converted = convert_edges(&[&input], &out, None, &options);
        let fits_ms = times_in
            .iter()
            .flatten()
            .all(|t| t.checked_mul(1000).is_some());
        if name.ends_with(".parquet") && !fits_ms {
            prop_assert!(
                matches!(converted, Err(IoError::TimeRange { .. })),
                "{name}: {converted:?}"
            );
            prop_assert!(!out.exists());
            continue;
        }
        prop_assert!(converted.is_ok(), "{name}: {converted:?}");
        let (back, _) = times(&out, &options).unwrap();
        prop_assert_eq!(&back, times_in, "{}", name);
    }
    Ok(())
}

#[test]
fn convert_keeps_the_ends_of_the_time_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut all: Vec<Option<i64>> = edge_times().into_iter().map(Some).collect();
    all.push(None);
    round_trip(dir.path(), &all).unwrap();
    // Within Parquet's range every format keeps them.
    let fitting: Vec<Option<i64>> = edge_times()
        .into_iter()
        .filter(|t| t.checked_mul(1000).is_some())
        .map(Some)
        .collect();
    round_trip(dir.path(), &fitting).unwrap();
    // Years beyond 9999 are written as Unix seconds, those within as RFC 3339.
    let input = write(
        dir.path(),
        "y.csv",
        "source,target,time\na,b,253402300800\nc,d,0\n",
    );
    let out = dir.path().join("y.csv.out.csv");
    convert_edges(&[&input], &out, None, &ReadOptions::default()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "source,target,weight,time\na,b,1,253402300800\nc,d,1,1970-01-01T00:00:00Z\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// convert → read gives the same times for every time the readers accept (every i64:
    /// windows take any of them, refusing only windows whose bounds overflow).
    #[test]
    fn convert_then_read_gives_the_same_times(
        times_in in proptest::collection::vec(
            proptest::option::weighted(
                0.9,
                prop_oneof![
                    any::<i64>(),
                    -100_000_000_000i64..400_000_000_000,
                    proptest::sample::select(edge_times()),
                ],
            ),
            1..12,
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        round_trip(dir.path(), &times_in)?;
    }
}

#[test]
fn integer_times_in_other_units_floor_to_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = 1_551_398_400i64;
    let path = write(
        dir.path(),
        "ms.csv",
        &format!(
            "source,target,time\na,b,{}\na,b,-1\na,b,2019-03-01T00:00:00Z\na,b,{}\n",
            t0 * 1000 + 999,
            i64::MAX
        ),
    );
    let ms = ReadOptions::default().time_unit(TimeUnit::Milliseconds);
    let (got, report) = times(&path, &ms).unwrap();
    assert_eq!(got, [Some(t0), Some(-1), Some(t0), Some(i64::MAX / 1000)]);
    assert_eq!(report.far_future_times, 1);
    // Read as seconds, the milliseconds land tens of thousands of years ahead: counted.
    let (got, report) = times(&path, &ReadOptions::default()).unwrap();
    assert_eq!(got[0], Some(t0 * 1000 + 999));
    assert_eq!(report.far_future_times, 2);
    let ns = ReadOptions::default().time_unit(TimeUnit::Nanoseconds);
    let path = write(
        dir.path(),
        "ns.csv",
        &format!("source,target,time\na,b,{}\n", t0 * 1_000_000_000 - 1),
    );
    assert_eq!(times(&path, &ns).unwrap().0, [Some(t0 - 1)]);
    // Beyond i64 is a bad time, not a wrapped one.
    let path = write(
        dir.path(),
        "big.csv",
        "source,target,time\na,b,9223372036854775808\n",
    );
    let err = times(&path, &ns).unwrap_err().to_string();
    assert!(err.ends_with("big.csv:2: bad time \"9223372036854775808\": expected RFC 3339 (2019-03-01T00:00:00Z), Unix seconds or Twitter's created_at (Fri Mar 01 00:00:00 +0000 2019)"), "{err}");
}

#[cfg(feature = "parquet")]
#[test]
fn integer_columns_take_the_unit_too() {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray};
    let dir = tempfile::tempdir().unwrap();
    let t0 = 1_551_398_400i64;
    let columns = |time: ArrayRef| {
        vec![
            (
                "source",
                Arc::new(StringArray::from(vec!["a", "c"])) as ArrayRef,
            ),
            (
                "target",
                Arc::new(StringArray::from(vec!["b", "b"])) as ArrayRef,
            ),
            ("time", time),
        ]
    };
    let cases: [(ArrayRef, TimeUnit, [i64; 2]); 4] = [
        (
            Arc::new(Int64Array::from(vec![t0 * 1000 + 1, -1])),
            TimeUnit::Milliseconds,
            [t0, -1],
        ),
        (
            Arc::new(Int64Array::from(vec![t0 * 1_000_000, -1_000_001])),
            TimeUnit::Microseconds,
            [t0, -2],
        ),
        (
            Arc::new(Int32Array::from(vec![1500, -1])),
            TimeUnit::Milliseconds,
            [1, -1],
        ),
        (
            Arc::new(StringArray::from(vec![
                format!("{}", t0 * 1_000_000_000),
                "2019-03-01".to_owned(),
            ])),
            TimeUnit::Nanoseconds,
            [t0, t0],
        ),
    ];
    for (i, (time, unit, want)) in cases.into_iter().enumerate() {
        for ext in ["parquet", "arrow"] {
            let batch = RecordBatch::try_from_iter(columns(time.clone())).unwrap();
            let path = dir.path().join(format!("t{i}.{ext}"));
            let file = std::fs::File::create(&path).unwrap();
            if ext == "parquet" {
                let mut w =
                    parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
                w.write(&batch).unwrap();
                w.close().unwrap();
            } else {
                let mut w = arrow_ipc::writer::FileWriter::try_new(file, &batch.schema()).unwrap();
                w.write(&batch).unwrap();
                w.finish().unwrap();
            }
            let options = ReadOptions::default().time_unit(unit);
            let (got, _) = times(&path, &options).unwrap();
            assert_eq!(got, want.map(Some), "case {i} {ext}");
        }
    }
}

/// Reads with the default graph options (self-retweets dropped).
fn load(paths: &[&Path], spec: WindowSpec, options: &ReadOptions) -> Result<(), IoError> {
    read_windows(paths, spec, GraphOptions::default(), options).map(|_| ())
}

#[test]
fn no_usable_edge_names_the_files_and_the_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let skip = ReadOptions::default().skip_bad_rows(true);
    let bad = write(
        dir.path(),
        "bad.csv",
        "source,target,weight\na,,1\nb\nc,d,0\nc,d,0\nc,d,0\n",
    );
    let err = load(&[&bad], WindowSpec::Single, &skip).unwrap_err();
    assert!(matches!(&err, IoError::NoEdges(e) if e.skipped == 2 && e.zero_weight == 3));
    let b = bad.display();
    assert_eq!(
        err.to_string(),
        format!(
            "{b}: no edges: 2 rows skipped as bad (first: line 2: empty target id), 3 rows of weight 0"
        )
    );
    let err = convert_edges(&[&bad], dir.path().join("o.csv"), None, &skip).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{b}: no edges: 2 rows skipped as bad (first: line 2: empty target id), 3 rows of weight 0"
        )
    );

    let zero = write(dir.path(), "zero.csv", "source,target,weight\na,b,0\n");
    let err = load(&[&zero], WindowSpec::Single, &skip).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: no edges: 1 row of weight 0", zero.display())
    );

    let loops = write(dir.path(), "loops.csv", "source,target\na,a\nb,b\nc,c\n");
    let err = load(&[&loops], WindowSpec::Single, &skip).unwrap_err();
    assert!(matches!(&err, IoError::NoEdges(e) if e.self_loops == 3));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no edges: all 3 rows are self-retweets, dropped by default",
            loops.display()
        )
    );
    // Kept on request, they are edges.
    read_windows(
        &[&loops],
        WindowSpec::Single,
        GraphOptions::default().with_self_loops(true),
        &skip,
    )
    .unwrap();

    // Several files: each named, skip reasons with their file.
    let header = write(dir.path(), "header.csv", "source,target\n");
    let err = load(&[&header, &bad, &zero], WindowSpec::PerFile, &skip).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}, {b}, {}: no edges: 2 rows skipped as bad (first: {b}:2: empty target id), 4 rows of weight 0",
            header.display(),
            zero.display()
        )
    );
    let err = load(&[&header], WindowSpec::Single, &skip).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: no edges: no data rows", header.display())
    );
    let many: Vec<&Path> = vec![&header; 5];
    let err = load(&many, WindowSpec::Single, &skip).unwrap_err();
    assert!(
        err.to_string()
            .contains(" and 2 more files: no edges: no data rows"),
        "{err}"
    );
}

#[test]
fn weight_overflow_names_accounts_window_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "w1.csv",
        "source,target,weight,time\nzed,amy,1,1551398400\n1001,@news,4294967295,1551398400\n",
    );
    let second = write(
        dir.path(),
        "w2.csv",
        "source,target,weight,time\n1001,@news,1,1551398401\nx,y,1,1551398401\n1001,@news,2,1551398402\n",
    );
    let options = ReadOptions::default();
    let err = load(&[&first, &second], WindowSpec::Single, &options).unwrap_err();
    assert!(
        matches!(
            &err,
            IoError::Data {
                line: 2,
                problem: Problem::WeightOverflow { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2: \"1001\" retweeted \"@news\" more than 4294967295 times in the input (one window)",
            second.display()
        )
    );
    // Per file, each window holds one file: no overflow.
    load(&[&first, &second], WindowSpec::PerFile, &options).unwrap();
    let big = write(
        dir.path(),
        "big.csv",
        "source,target,weight\n1001,@news,4294967295\nq,r,1\n1001,@news,1\n",
    );
    let err = load(&[&second, &big], WindowSpec::PerFile, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:4: \"1001\" retweeted \"@news\" more than 4294967295 times in window 1 ({})",
            big.display(),
            big.display()
        )
    );
    let spec = WindowSpec::Fixed {
        start: None,
        length: DAY,
    };
    let err = load(&[&first, &second], spec, &options).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "w2.csv:2: \"1001\" retweeted \"@news\" more than 4294967295 times in window 0 \
             (2019-03-01T00:00:00Z to 2019-03-02T00:00:00Z)"
        ),
        "{err}"
    );
}
