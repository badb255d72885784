//! A column the reader uses (source, target, weight, time) named twice in a CSV/TSV header is
//! an error naming the file and the column; twins of unused columns are allowed. (Parquet and
//! Arrow schemas: `columnar.rs`.)

use chambers_io::{Columns, Format, IoError, Problem, ReadOptions, read_edges};

fn read(path: &std::path::Path, options: &ReadOptions) -> Result<Vec<String>, IoError> {
    let mut rows = Vec::new();
    read_edges(path, options, |r| {
        rows.push(format!("{}>{} x{}", r.source, r.target, r.weight));
        Ok(())
    })?;
    Ok(rows)
}

#[test]
fn csv_and_tsv_headers_with_a_used_column_twice() {
    let dir = tempfile::tempdir().unwrap();
    for (name, header, column, times) in [
        ("x.csv", "source,target,weight,weight", "weight", "twice"),
        ("x.tsv", "source\ttarget\ttime\t time ", "time", "twice"),
        (
            "y.csv.gz",
            "target,source,target,target",
            "target",
            "3 times",
        ),
        ("s.csv", "source,source,target,x", "source", "twice"),
    ] {
        let path = dir.path().join(name);
        let delimiter = if name.contains(".tsv") { "\t" } else { "," };
        let row = ["a", "b", "1", "1"].join(delimiter);
        let text = format!("{header}\n{row}\n");
        if name.ends_with(".gz") {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(text.as_bytes()).unwrap();
            std::fs::write(&path, gz.finish().unwrap()).unwrap();
        } else {
            std::fs::write(&path, text).unwrap();
        }
        let err = read(&path, &ReadOptions::default()).unwrap_err();
        assert!(
            matches!(
                &err,
                IoError::Data { line: 1, problem: Problem::DuplicateColumn { column, .. }, .. }
                    if column == column_name(column)
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "{}:1: column \"{column}\" appears {times} in the header",
                path.display()
            )
        );
        // Skipping bad rows does not skip a bad header.
        assert!(read(&path, &ReadOptions::default().skip_bad_rows(true)).is_err());
    }
}

/// The identity, to compare a `String` with a `&str` in a `matches!` guard.
fn column_name(c: &str) -> &str {
    c
}

#[test]
fn twins_of_unused_columns_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, "note,source,target,note,weight\nn,a,b,m,2\n").unwrap();
    assert_eq!(read(&path, &ReadOptions::default()).unwrap(), ["a>b x2"]);
    // `weight` twice, but the weight is read from `n`: the twins are unused.
    std::fs::write(&path, "source,target,weight,weight,n\na,b,7,8,3\n").unwrap();
    let options = ReadOptions::default().columns(Columns::default().weight("n"));
    assert_eq!(read(&path, &options).unwrap(), ["a>b x3"]);
    // Renamed columns are checked under their names.
    std::fs::write(&path, "from,from,to\na,c,b\n").unwrap();
    let options = ReadOptions::default()
        .format(Some(Format::Csv))
        .columns(Columns::default().source("from").target("to"));
    let err = read(&path, &options).unwrap_err().to_string();
    assert!(
        err.ends_with("x.csv:1: column \"from\" appears twice in the header"),
        "{err}"
    );
}
