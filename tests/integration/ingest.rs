//! Reading edge files into windows through the library API.

use chambers::prelude::*;
use chambers_graph::DAY;

use crate::{read, write};

#[test]
fn duplicate_rows_aggregate_and_self_loops_drop() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"source,target,weight\na,b,1\na,b,2.0\nb,b,5\nc,b,1\n",
    );
    let w = read(&p, WindowSpec::Single).unwrap().0;
    let g = &w.windows[0].graph;
    assert_eq!(
        (g.n_edges(), g.retweets(), g.self_loops_dropped()),
        (2, 4, 1)
    );
    let b = g.local(w.interner.get("b").unwrap()).unwrap();
    assert_eq!(g.impact(b), 4);

    let (kept, _) = read_windows(
        &[&p],
        WindowSpec::Single,
        GraphOptions::default().with_self_loops(true),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(kept.windows[0].graph.retweets(), 9);
}

#[test]
fn unicode_quoted_and_renamed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "u.tsv",
        "when\tauthor\tfan\n2019-03-01T00:00:00Z\t\"ñandú, 🐦\"\tzoë\n".as_bytes(),
    );
    let options = ReadOptions::default().columns(
        Columns::default()
            .source("fan")
            .target("author")
            .time("when"),
    );
    let (w, report) =
        read_windows(&[&p], WindowSpec::Single, GraphOptions::default(), &options).unwrap();
    assert!(report.has_time);
    assert!(w.interner.get("ñandú, 🐦").is_some());
    assert!(w.interner.get("zoë").is_some());
}

#[test]
fn an_event_on_a_boundary_belongs_to_the_later_window() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "t.csv",
        b"source,target,time\na,b,2019-03-07T23:59:59Z\nc,b,2019-03-08T00:00:00Z\nd,b,1552003200\n",
    );
    let w = read(
        &p,
        WindowSpec::Fixed {
            start: Some(1_551_398_400),
            length: 7 * DAY,
        },
    )
    .unwrap()
    .0;
    assert_eq!(w.windows.len(), 2);
    assert_eq!(w.windows[0].rows, 1);
    assert_eq!(w.windows[1].rows, 2);
    assert_eq!(w.windows[1].start, Some(1_551_398_400 + 7 * DAY));
}

#[test]
fn gzip_input_reads_like_plain() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let text = b"source,target\na,b\nc,b\n";
    let plain = write(dir.path(), "p.csv", text);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text).unwrap();
    let zipped = write(dir.path(), "p.csv.gz", &gz.finish().unwrap());
    let (a, b) = (
        read(&plain, WindowSpec::Single).unwrap().0,
        read(&zipped, WindowSpec::Single).unwrap().0,
    );
    assert_eq!(a.windows[0].graph.retweets(), b.windows[0].graph.retweets());
}

#[test]
fn every_malformed_input_names_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.csv", b"", ":1: empty file: no header line"),
        (
            "header_only.csv",
            b"source,target\n",
            "no edges: no data rows",
        ),
        (
            "columns.csv",
            b"from,to\na,b\n",
            ":1: missing column \"source\" (header: from,to)",
        ),
        (
            "fields.csv",
            b"source,target\na,b\nc\n",
            ":3: expected 2 fields, found 1",
        ),
        (
            "weight.csv",
            b"source,target,weight\na,b,1\na,b,x\n",
            ":3: bad weight \"x\": not a number",
        ),
        (
            "negative.csv",
            b"source,target,weight\na,b,-2\n",
            ":2: bad weight \"-2\": negative",
        ),
        (
            "nan.csv",
            b"source,target,weight\na,b,NaN\n",
            ":2: bad weight \"NaN\": not finite",
        ),
        (
            "frac.csv",
            b"source,target,weight\na,b,1.5\n",
            ":2: bad weight \"1.5\": not a whole number",
        ),
        (
            "huge.csv",
            b"source,target,weight\na,b,99999999999\n",
            ":2: bad weight \"99999999999\": above",
        ),
        (
            "time.csv",
            b"source,target,time\na,b,2019-02-30\n",
            ":2: bad time \"2019-02-30\"",
        ),
        (
            "utf8.csv",
            b"source,target\na,b\n\xff,b\n",
            ":3: invalid UTF-8 in source",
        ),
        ("emptyid.csv", b"source,target\na,\n", ":2: empty target id"),
    ];
    for (name, content, expected) in cases {
        let p = write(dir.path(), name, content);
        let err = read(&p, WindowSpec::Single).unwrap_err().to_string();
        assert!(err.contains(expected), "{name}: {err}");
        if expected.starts_with(':') {
            assert!(err.starts_with(&p), "{name}: {err}");
        }
    }
}

#[test]
fn skip_bad_rows_counts_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "s.csv",
        b"source,target,weight\na,b,1\nc\nd,b,x\ne,b,0\nf,b,2\n",
    );
    let options = ReadOptions::default().skip_bad_rows(true);
    let (w, report) =
        read_windows(&[&p], WindowSpec::Single, GraphOptions::default(), &options).unwrap();
    assert_eq!((report.rows, report.skipped, report.zero_weight), (2, 2, 1));
    assert_eq!(report.skipped_examples.len(), 2);
    assert!(report.skipped_examples[0].ends_with(":3: expected 3 fields, found 1"));
    assert_eq!(w.windows[0].graph.retweets(), 3);
}

#[test]
fn time_windows_need_times() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "nt.csv", b"source,target\na,b\n");
    let spec = WindowSpec::Fixed {
        start: None,
        length: DAY,
    };
    let err = read(&p, spec).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "nt.csv:1: no time column \"time\" (header: source,target), but time windows need one"
        ),
        "{err}"
    );
    // A time column with an empty cell: that row is the error.
    let p = write(
        dir.path(),
        "gap.csv",
        b"source,target,time
a,b,10
c,b,
",
    );
    let err = read(&p, spec).unwrap_err();
    assert!(
        err.to_string().contains("gap.csv:3: no time on this row"),
        "{err}"
    );
    let p = write(dir.path(), "early.csv", b"source,target,time\na,b,10\n");
    let spec = WindowSpec::Fixed {
        start: Some(100),
        length: DAY,
    };
    let err = read(&p, spec).unwrap_err();
    assert!(
        err.to_string()
            .contains("early.csv:2: time 1970-01-01T00:00:10Z is before"),
        "{err}"
    );
}
