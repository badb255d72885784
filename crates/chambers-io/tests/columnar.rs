//! Parquet and Arrow IPC: column types, renames, projection, conversion, and every error path.
#![cfg(feature = "parquet")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, LargeStringArray,
    RecordBatch, StringArray, StringViewArray, TimestampMillisecondArray, TimestampNanosecondArray,
    UInt8Array, UInt32Array, UInt64Array,
};
use chambers_io::{Columns, Format, IoError, ReadOptions, ReadReport, convert_edges, read_edges};

type Row = (String, String, u32, Option<i64>, u64);

fn read(path: &Path, options: &ReadOptions) -> Result<(Vec<Row>, ReadReport), IoError> {
    let mut rows = Vec::new();
    let report = read_edges(path, options, |r| {
        rows.push((
            r.source.to_owned(),
            r.target.to_owned(),
            r.weight,
            r.time,
            r.line,
        ));
        Ok(())
    })?;
    Ok((rows, report))
}

/// Writes `columns` as one batch to `name` (.parquet, .arrow for the file form, .arrows for
/// the stream form).
fn table(dir: &Path, name: &str, columns: Vec<(&str, ArrayRef)>) -> PathBuf {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    if name.ends_with(".parquet") {
        let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    } else if name.ends_with(".arrows") {
        let mut w = arrow_ipc::writer::StreamWriter::try_new(file, &batch.schema()).unwrap();
        w.write(&batch).unwrap();
        w.finish().unwrap();
    } else {
        let mut w = arrow_ipc::writer::FileWriter::try_new(file, &batch.schema()).unwrap();
        w.write(&batch).unwrap();
        w.finish().unwrap();
    }
    path
}

fn strings(values: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

const T0: i64 = 1_551_398_400; // 2019-03-01T00:00:00Z

#[test]
fn integer_ids_renamed_columns_and_any_timestamp_unit() {
    let dir = tempfile::tempdir().unwrap();
    let columns = || {
        vec![
            ("note", strings(&["x", "y", "z"])),
            (
                "ts",
                Arc::new(
                    TimestampMillisecondArray::from(vec![T0 * 1000 + 999, -1, T0 * 1000])
                        .with_timezone("Europe/Rome"),
                ) as ArrayRef,
            ),
            (
                "retweeter",
                Arc::new(Int64Array::from(vec![1, -2, 1_000_000_000_000])) as ArrayRef,
            ),
            (
                "author",
                Arc::new(UInt64Array::from(vec![u64::MAX, 7, 7])) as ArrayRef,
            ),
            (
                "n",
                Arc::new(Float64Array::from(vec![1.0, 2.0, 0.0])) as ArrayRef,
            ),
        ]
    };
    let options = ReadOptions::default().columns(
        Columns::default()
            .source("retweeter")
            .target("author")
            .weight("n")
            .time("ts"),
    );
    for name in ["t.parquet", "t.arrow", "t.arrows"] {
        let path = table(dir.path(), name, columns());
        let (rows, report) = read(&path, &options).unwrap();
        assert_eq!(
            rows,
            [
                ("1".into(), u64::MAX.to_string(), 1, Some(T0), 1),
                ("-2".into(), "7".into(), 2, Some(-1), 2),
            ],
            "{name}"
        );
        assert_eq!((report.rows, report.zero_weight), (2, 1));
        assert!(report.has_time);
    }
}

#[test]
fn other_id_weight_and_time_types() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(ArrayRef, ArrayRef, ArrayRef, ArrayRef, Option<i64>)> = vec![
        (
            Arc::new(LargeStringArray::from(vec!["a"])),
            Arc::new(StringViewArray::from(vec!["b"])),
            Arc::new(UInt8Array::from(vec![3])),
            Arc::new(TimestampNanosecondArray::from(vec![T0 * 1_000_000_000 + 5])),
            Some(T0),
        ),
        (
            Arc::new(Int32Array::from(vec![-5])),
            Arc::new(UInt32Array::from(vec![6])),
            Arc::new(Int64Array::from(vec![3])),
            Arc::new(Date32Array::from(vec![17_956])),
            Some(T0),
        ),
        (
            strings(&["a"]),
            strings(&["b"]),
            Arc::new(Int32Array::from(vec![3])),
            Arc::new(Int64Array::from(vec![Some(T0)])),
            Some(T0),
        ),
        (
            strings(&["a"]),
            strings(&["b"]),
            Arc::new(Int32Array::from(vec![3])),
            strings(&["Fri Mar 01 00:00:00 +0000 2019"]),
            Some(T0),
        ),
        (
            strings(&["a"]),
            strings(&["b"]),
            Arc::new(Int32Array::from(vec![3])),
            Arc::new(Int32Array::from(vec![None])),
            None,
        ),
    ];
    for (i, (source, target, weight, time, expected)) in cases.into_iter().enumerate() {
        for ext in ["parquet", "arrow"] {
            let path = table(
                dir.path(),
                &format!("c{i}.{ext}"),
                vec![
                    ("source", source.clone()),
                    ("target", target.clone()),
                    ("weight", weight.clone()),
                    ("time", time.clone()),
                ],
            );
            let (rows, _) = read(&path, &ReadOptions::default()).unwrap();
            assert_eq!(rows.len(), 1, "case {i} {ext}");
            assert_eq!((rows[0].2, rows[0].3), (3, expected), "case {i} {ext}");
        }
    }
}

#[test]
fn round_trip_through_every_output_format() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    let mut text = String::from("source,target,weight,time\n");
    for i in 0..150_000u32 {
        let time = if i % 7 == 0 {
            String::new()
        } else {
            (T0 + i64::from(i)).to_string()
        };
        text += &format!("u{},\"v,{}\",{},{time}\n", i % 1000, i % 313, 1 + i % 3);
    }
    std::fs::write(&csv, text).unwrap();
    let (want, _) = read(&csv, &ReadOptions::default()).unwrap();
    let strip = |rows: Vec<Row>| -> Vec<(String, String, u32, Option<i64>)> {
        rows.into_iter()
            .map(|(s, t, w, time, _)| (s, t, w, time))
            .collect()
    };
    let want = strip(want);
    let mut previous = csv;
    for name in ["a.parquet", "b.arrow", "c.tsv.gz", "d.parquet", "e.csv"] {
        let out = dir.path().join(name);
        let report = convert_edges(&[&previous], &out, None, &ReadOptions::default()).unwrap();
        assert_eq!(report.rows, 150_000);
        let (got, _) = read(&out, &ReadOptions::default()).unwrap();
        assert_eq!(strip(got), want, "{name}");
        previous = out;
    }
    // An explicit output format wins over the extension.
    let out = dir.path().join("table.bin");
    convert_edges(
        &[&previous],
        &out,
        Some(Format::Arrow),
        &ReadOptions::default(),
    )
    .unwrap();
    let options = ReadOptions::default().format(Some(Format::Arrow));
    assert_eq!(read(&out, &options).unwrap().0.len(), 150_000);
}

#[test]
fn bad_rows_name_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<(&str, ArrayRef)>, &str)> = vec![
        (
            vec![
                (
                    "source",
                    Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef,
                ),
                ("target", strings(&["b", "c"])),
            ],
            "row 2: empty source id",
        ),
        (
            vec![
                ("source", strings(&["a", "b"])),
                ("target", strings(&["b", ""])),
            ],
            "row 2: empty target id",
        ),
        (
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                ("weight", Arc::new(Int64Array::from(vec![-4])) as ArrayRef),
            ],
            "row 1: bad weight \"-4\": negative",
        ),
        (
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                (
                    "weight",
                    Arc::new(UInt64Array::from(vec![1 << 40])) as ArrayRef,
                ),
            ],
            "row 1: bad weight \"1099511627776\": above 4294967295",
        ),
        (
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                (
                    "weight",
                    Arc::new(Float64Array::from(vec![2.5])) as ArrayRef,
                ),
            ],
            "row 1: bad weight \"2.5\": not a whole number of retweets",
        ),
        (
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                ("weight", Arc::new(Int32Array::from(vec![None])) as ArrayRef),
            ],
            "row 1: bad weight \"null\": missing",
        ),
        (
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                ("time", strings(&["soon"])),
            ],
            "row 1: bad time \"soon\"",
        ),
    ];
    for (i, (columns, message)) in cases.into_iter().enumerate() {
        for ext in ["parquet", "arrow"] {
            let path = table(dir.path(), &format!("b{i}.{ext}"), columns.clone());
            let err = read(&path, &ReadOptions::default())
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("b{i}.{ext}: {message}")),
                "{ext}: {err}"
            );
            let (rows, report) = read(&path, &ReadOptions::default().skip_bad_rows(true)).unwrap();
            assert_eq!(report.skipped, 1);
            assert_eq!(rows.len() as u64 + 1, report.rows + report.skipped);
            assert!(report.skipped_examples[0].contains(message));
        }
    }
}

#[test]
fn schema_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = table(
        dir.path(),
        "s.parquet",
        vec![("from", strings(&["a"])), ("to", strings(&["b"]))],
    );
    let err = read(&path, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("s.parquet: missing column \"source\" (header: from,to)"),
        "{err}"
    );
    for (column, array, expected) in [
        (
            "source",
            Arc::new(BooleanArray::from(vec![true])) as ArrayRef,
            "column \"source\" has type Boolean, expected Utf8",
        ),
        (
            "weight",
            strings(&["1"]),
            "column \"weight\" has type Utf8, expected an integer or a float type",
        ),
        (
            "time",
            Arc::new(Float64Array::from(vec![1.0])) as ArrayRef,
            "column \"time\" has type Float64, expected Timestamp",
        ),
    ] {
        let mut columns = vec![("source", strings(&["a"])), ("target", strings(&["b"]))];
        match column {
            "source" => columns[0].1 = array,
            other => columns.push((other, array)),
        }
        let path = table(dir.path(), &format!("{column}.arrow"), columns);
        let err = read(&path, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("{column}.arrow: {expected}")),
            "{err}"
        );
    }
}

#[test]
fn truncated_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let columns = || {
        vec![
            ("source", strings(&["a"; 1000])),
            ("target", strings(&["b"; 1000])),
        ]
    };
    for (name, format) in [("t.parquet", "Parquet"), ("t.arrow", "Arrow IPC")] {
        let path = table(dir.path(), name, columns());
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 3, 8, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let err = read(&path, &ReadOptions::default()).unwrap_err();
            assert!(
                matches!(err, IoError::Format { .. }),
                "{name} cut at {cut}: {err}"
            );
            assert!(
                err.to_string()
                    .contains(&format!("{name}: not a readable {format} file")),
                "{err}"
            );
        }
    }
    let text = dir.path().join("csv.parquet");
    std::fs::write(&text, "source,target\na,b\n").unwrap();
    assert!(matches!(
        read(&text, &ReadOptions::default()),
        Err(IoError::Format { .. })
    ));
    let gz = dir.path().join("t.parquet.gz");
    std::fs::write(&gz, b"").unwrap();
    let err = read(&gz, &ReadOptions::default()).unwrap_err().to_string();
    assert!(
        err.contains("a gzip-compressed parquet file cannot be read"),
        "{err}"
    );
    let missing = read(&dir.path().join("none.arrow"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(missing, IoError::Open { .. }));
}

#[test]
fn convert_refuses_empty_input_and_jsonl_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = table(
        dir.path(),
        "z.parquet",
        vec![
            ("source", strings(&["a"])),
            ("target", strings(&["b"])),
            ("weight", Arc::new(Int32Array::from(vec![0])) as ArrayRef),
        ],
    );
    let out = dir.path().join("out.parquet");
    let err = convert_edges(&[&input], &out, None, &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no edges"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let err = convert_edges(
        &[&input],
        dir.path().join("o.jsonl"),
        None,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("JSONL is an input format only"),
        "{err}"
    );
}

/// The fixtures of `tests/data/make_pyarrow_fixtures.py`, as pandas and pyarrow write them.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Rows without their position, and the CSV's lines turned into row numbers (header = line 1).
fn edges(rows: &[Row], header_lines: u64) -> Vec<Row> {
    rows.iter()
        .map(|(s, t, w, time, line)| (s.clone(), t.clone(), *w, *time, line - header_lines))
        .collect()
}

#[test]
fn pandas_and_pyarrow_fixtures_read_as_their_csv() {
    const DAY: i64 = 86_400;
    let times = [
        Some(T0),
        Some(T0 + 1),
        Some(T0 + 12 * 3600 + 1800),
        None,
        Some(T0 + 2 * DAY - 1),
        Some(T0 + 2 * DAY + 8 * 3600),
        Some(T0 + 3 * DAY),
    ];
    let expected = |ids: [(&str, &str); 7]| -> Vec<Row> {
        let weights = [1, 2, 1, 3, 1, 4, 1];
        let rows = [1, 2, 3, 4, 6, 7, 8]; // row 5 has weight 0
        (0..7)
            .map(|i| {
                let (s, t) = ids[i];
                (s.into(), t.into(), weights[i], times[i], rows[i])
            })
            .collect()
    };
    let names = expected([
        ("ann", "bob"),
        ("bob", "cy"),
        ("cy", "bob"),
        ("ann", "cy"),
        ("bob", "ann"),
        ("ann", "bob"),
        ("émile", "ann"),
    ]);
    let big = "9007199254740993";
    let numbers = expected([
        ("11", "22"),
        ("22", "33"),
        ("33", "22"),
        ("11", "33"),
        ("22", "11"),
        ("-5", "22"),
        ("11", big),
    ]);
    for (csv, want) in [("edges.csv", &names), ("edges_int.csv", &numbers)] {
        let (rows, report) = read(&fixture(csv), &ReadOptions::default()).unwrap();
        assert_eq!(&edges(&rows, 1), want, "{csv}");
        assert_eq!((report.rows, report.zero_weight), (7, 1), "{csv}");
    }
    for (name, want) in [
        ("pandas_lz4.feather", &names), // LZ4_FRAME, large_string, timestamp[ns]
        ("pandas_category.feather", &names), // dictionary<large_string, int8>
        ("pandas_category.parquet", &names), // the same as Parquet
        ("pyarrow_zstd.feather", &names), // ZSTD, dictionary<string, int32>, ms UTC
        ("pyarrow_int_dict_lz4.arrows", &numbers), // stream form, two batches, int dictionaries
        ("pyarrow_int_dict.parquet", &numbers),
    ] {
        let (rows, report) =
            read(&fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&edges(&rows, 0), want, "{name}");
        assert_eq!((report.rows, report.zero_weight), (7, 1), "{name}");
        assert!(report.has_time, "{name}");
    }
}

#[test]
fn compressed_arrow_ipc_both_forms() {
    use arrow_ipc::CompressionType;
    use arrow_ipc::writer::{FileWriter, IpcWriteOptions, StreamWriter};
    let dir = tempfile::tempdir().unwrap();
    let n = 5000;
    let sources: Vec<String> = (0..n).map(|i| format!("u{}", i % 97)).collect();
    let batch = RecordBatch::try_from_iter([
        (
            "source",
            Arc::new(StringArray::from(sources.clone())) as ArrayRef,
        ),
        ("target", strings(&["b"; 5000])),
    ])
    .unwrap();
    for codec in [CompressionType::LZ4_FRAME, CompressionType::ZSTD] {
        let options = IpcWriteOptions::default()
            .try_with_compression(Some(codec))
            .unwrap();
        for name in ["c.arrow", "c.arrows"] {
            let path = dir.path().join(name);
            let file = std::fs::File::create(&path).unwrap();
            if name.ends_with(".arrows") {
                let mut w =
                    StreamWriter::try_new_with_options(file, &batch.schema(), options.clone())
                        .unwrap();
                w.write(&batch).unwrap();
                w.finish().unwrap();
            } else {
                let mut w =
                    FileWriter::try_new_with_options(file, &batch.schema(), options.clone())
                        .unwrap();
                w.write(&batch).unwrap();
                w.finish().unwrap();
            }
            let (rows, _) = read(&path, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{codec:?} {name}: {e}"));
            assert_eq!(rows.len(), n, "{codec:?} {name}");
            assert_eq!(rows[4321].0, sources[4321]);
        }
    }
}

#[test]
fn dictionary_ids_of_every_key_and_value_type() {
    use arrow_array::types::{
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
    };
    use arrow_array::{DictionaryArray, PrimitiveArray};
    // Keys [1, 0, 1] into values of each id type; the same rows as plain ids.
    fn dictionary<K>(values: ArrayRef) -> ArrayRef
    where
        K: arrow_array::types::ArrowDictionaryKeyType,
    {
        use arrow_buffer::ArrowNativeType;
        let key = |k| K::Native::from_usize(k).unwrap();
        let keys = PrimitiveArray::<K>::from_iter_values([key(1), key(0), key(1)]);
        Arc::new(DictionaryArray::<K>::try_new(keys, values).unwrap())
    }
    let text = || strings(&["x", "y"]);
    let sources: Vec<(&str, ArrayRef, [&str; 2])> = vec![
        ("i8 utf8", dictionary::<Int8Type>(text()), ["y", "x"]),
        (
            "i16 large",
            dictionary::<Int16Type>(Arc::new(LargeStringArray::from(vec!["x", "y"]))),
            ["y", "x"],
        ),
        (
            "i32 view",
            dictionary::<Int32Type>(Arc::new(StringViewArray::from(vec!["x", "y"]))),
            ["y", "x"],
        ),
        (
            "i64 int64",
            dictionary::<Int64Type>(Arc::new(Int64Array::from(vec![-7, 1 << 40]))),
            ["1099511627776", "-7"],
        ),
        (
            "u8 uint64",
            dictionary::<UInt8Type>(Arc::new(UInt64Array::from(vec![u64::MAX, 3]))),
            ["3", "18446744073709551615"],
        ),
        (
            "u16 int32",
            dictionary::<UInt16Type>(Arc::new(Int32Array::from(vec![5, 6]))),
            ["6", "5"],
        ),
        (
            "u32 uint32",
            dictionary::<UInt32Type>(Arc::new(UInt32Array::from(vec![5, 6]))),
            ["6", "5"],
        ),
        ("u64 utf8", dictionary::<UInt64Type>(text()), ["y", "x"]),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, source, [a, b])) in sources.into_iter().enumerate() {
        // A text time column may be a dictionary too.
        let time = dictionary::<Int32Type>(strings(&["2019-03-01", "1551398401"]));
        for ext in ["arrow", "arrows", "parquet"] {
            // parquet 59 (the arrow line DataFusion builds on) cannot write a dictionary of
            // string views; the Arrow files read that case.
            if ext == "parquet" && case == "i32 view" {
                continue;
            }
            let path = table(
                dir.path(),
                &format!("d{i}.{ext}"),
                vec![
                    ("source", source.clone()),
                    ("target", strings(&["t", "t", "t"])),
                    ("time", time.clone()),
                ],
            );
            let (rows, _) = read(&path, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{case} {ext}: {e}"));
            let want: Vec<Row> = [(a, T0 + 1, 1), (b, T0, 2), (a, T0 + 1, 3)]
                .into_iter()
                .map(|(s, t, row)| (s.into(), "t".into(), 1, Some(t), row))
                .collect();
            assert_eq!(rows, want, "{case} {ext}");
        }
    }
}

#[test]
fn null_dictionary_keys_and_values_are_empty_ids() {
    use arrow_array::DictionaryArray;
    use arrow_array::types::Int32Type;
    let dir = tempfile::tempdir().unwrap();
    // Row 2 has a null key; row 3 a key to a null value.
    let keys = Int32Array::from(vec![Some(0), None, Some(1)]);
    let values = Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef;
    let source = Arc::new(DictionaryArray::<Int32Type>::try_new(keys, values).unwrap()) as ArrayRef;
    for ext in ["arrow", "parquet"] {
        let path = table(
            dir.path(),
            &format!("n.{ext}"),
            vec![("source", source.clone()), ("target", strings(&["b"; 3]))],
        );
        let err = read(&path, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(&format!("n.{ext}: row 2: empty source id")),
            "{err}"
        );
        let (rows, report) = read(&path, &ReadOptions::default().skip_bad_rows(true)).unwrap();
        assert_eq!(rows, [("a".into(), "b".into(), 1, None, 1)], "{ext}");
        assert_eq!(report.skipped, 2, "{ext}");
        assert!(
            report.skipped_examples[1].ends_with("row 3: empty source id"),
            "{ext}"
        );
    }
}

#[test]
fn a_used_column_named_twice_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["parquet", "arrow", "arrows"] {
        let path = table(
            dir.path(),
            &format!("dup.{ext}"),
            vec![
                ("source", strings(&["a"])),
                ("target", strings(&["b"])),
                ("weight", Arc::new(Int32Array::from(vec![2])) as ArrayRef),
                ("weight", Arc::new(Int32Array::from(vec![3])) as ArrayRef),
            ],
        );
        let err = read(&path, &ReadOptions::default()).unwrap_err();
        assert!(matches!(err, IoError::Schema { .. }), "{err}");
        assert!(
            err.to_string().ends_with(&format!(
                "dup.{ext}: column \"weight\" appears twice in the schema"
            )),
            "{err}"
        );
        // Under another name the column is no longer used: its twin is then no problem.
        let options = ReadOptions::default().columns(Columns::default().weight("n"));
        let (rows, _) = read(&path, &options).unwrap();
        assert_eq!(rows, [("a".into(), "b".into(), 1, None, 1)], "{ext}");
        // Renamed columns are checked under their names.
        let options = ReadOptions::default().columns(Columns::default().time("weight"));
        let err = read(&path, &options).unwrap_err().to_string();
        assert!(
            err.ends_with("column \"weight\" appears twice in the schema"),
            "{err}"
        );
    }
    let path = table(
        dir.path(),
        "three.arrow",
        vec![
            ("note", strings(&["x"])),
            ("note", strings(&["y"])),
            ("source", strings(&["a"])),
            ("target", strings(&["b"])),
            ("source", strings(&["c"])),
            ("source", strings(&["d"])),
        ],
    );
    let err = read(&path, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("three.arrow: column \"source\" appears 3 times in the schema"),
        "{err}"
    );
}

proptest::proptest! {
    /// A Parquet file of many row groups, or an Arrow IPC file of many batches, is decoded on
    /// the pool while its rows are handed on in file order: the rows, report and error of the
    /// one-batch-at-a-time reader, for any number of threads, with bad rows (kept as errors or
    /// skipped) and damaged bytes.
    #[test]
    fn row_groups_decoded_ahead_read_as_one_by_one(
        rows in proptest::collection::vec((0u8..30, 0u8..30, 0i64..4), 1..400),
        group in 1usize..60,
        ipc in proptest::bool::ANY,
        bad in proptest::option::of(0usize..400),
        skip in proptest::bool::ANY,
        damage in proptest::option::of((0.0..0.9f64, 1u8..=255)),
        threads in 2usize..5,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let source: Vec<Option<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (Some(i) != bad).then(|| format!("u{}", r.0)))
            .collect();
        let target: Vec<String> = rows.iter().map(|r| format!("u{}", r.1)).collect();
        let batch = RecordBatch::try_from_iter([
            ("source", Arc::new(StringArray::from(source)) as ArrayRef),
            ("target", Arc::new(StringArray::from(target)) as ArrayRef),
            ("weight", Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.2)))),
            ("time", Arc::new(Int64Array::from_iter_values((0..rows.len() as i64).map(|i| T0 + i)))),
        ])
        .unwrap();
        let path = dir.path().join(if ipc { "groups.arrow" } else { "groups.parquet" });
        let file = std::fs::File::create(&path).unwrap();
        if ipc {
            let mut w = arrow_ipc::writer::FileWriter::try_new(file, &batch.schema()).unwrap();
            for start in (0..batch.num_rows()).step_by(group) {
                w.write(&batch.slice(start, group.min(batch.num_rows() - start))).unwrap();
            }
            w.finish().unwrap();
        } else {
            let properties = parquet::file::properties::WriterProperties::builder()
                .set_max_row_group_row_count(Some(group))
                .build();
            let mut w =
                parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(properties)).unwrap();
            w.write(&batch).unwrap();
            w.close().unwrap();
        }
        if let Some((at, xor)) = damage {
            let mut bytes = std::fs::read(&path).unwrap();
            let i = 4 + (at * (bytes.len() - 8) as f64) as usize;
            bytes[i] ^= xor;
            std::fs::write(&path, bytes).unwrap();
        }
        let options = ReadOptions::default().skip_bad_rows(skip);
        let outcome = |r: Result<(Vec<Row>, ReadReport), IoError>| r.map_err(|e| e.to_string());
        let one_by_one = outcome(read(&path, &options.clone().serial(true)));
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let ahead = pool.install(|| outcome(read(&path, &options)));
        proptest::prop_assert_eq!(ahead, one_by_one);
    }
}

/// Readers called from the pool's own tasks, more at once than it has threads, each decoding
/// ahead on the same pool: none waits forever, and each reads its file.
#[test]
fn readers_inside_the_pool_do_not_wait_on_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5_000;
    let ids: Vec<String> = (0..n).map(|i| format!("u{}", i % 97)).collect();
    let batch = RecordBatch::try_from_iter([
        (
            "source",
            Arc::new(StringArray::from(ids.clone())) as ArrayRef,
        ),
        ("target", Arc::new(StringArray::from(ids)) as ArrayRef),
    ])
    .unwrap();
    let mut files = Vec::new();
    for k in 0..6 {
        let path = dir.path().join(format!("part-{k}.parquet"));
        let properties = parquet::file::properties::WriterProperties::builder()
            .set_max_row_group_row_count(Some(100))
            .build();
        let file = std::fs::File::create(&path).unwrap();
        let mut w =
            parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(properties)).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        files.push(path);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let counts: Vec<usize> = pool.install(|| {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|f| read(f, &ReadOptions::default()).unwrap().0.len())
            .collect()
    });
    assert_eq!(counts, vec![n; 6]);
}
