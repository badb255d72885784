use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;

/// Thread pools of 1 to 4 threads, built once.
fn pools() -> &'static [rayon::ThreadPool] {
    static POOLS: OnceLock<Vec<rayon::ThreadPool>> = OnceLock::new();
    POOLS.get_or_init(|| {
        (1..=4)
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap()
            })
            .collect()
    })
}

type Row = (String, String, u32, Option<i64>, u64);

/// The rows a reading hands on (self-retweets refused when `refuse_loops`), and its report or
/// its error as text.
fn outcome(
    refuse_loops: bool,
    read: impl FnOnce(
        &mut dyn FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<ReadReport, IoError>,
) -> (Vec<Row>, Result<ReadReport, String>) {
    let mut rows = Vec::new();
    let result = read(&mut |r| {
        if refuse_loops && r.source == r.target {
            return Err(Rejection::Row(Problem::Other("self-retweet".into())));
        }
        rows.push((r.source.into(), r.target.into(), r.weight, r.time, r.line));
        Ok(())
    });
    (rows, result.map_err(|e| e.to_string()))
}

/// Reads `text`, plain and gzip-compressed, with the streaming reader and with the parallel one
/// at the given sizes and thread count, and checks that both give the same.
fn check_same(text: &str, delimiter: u8, options: &ReadOptions, sizes: Sizes, threads: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rt.csv");
    std::fs::write(&path, text).unwrap();
    let gz = dir.path().join("rt.csv.gz");
    let mut encoder =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), Default::default());
    std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
    encoder.finish().unwrap();
    for (path, refuse_loops) in [(&path, false), (&path, true), (&gz, false)] {
        let serial = outcome(refuse_loops, |sink| {
            read_serial(path, delimiter, options, sink)
        });
        let parallel = pools()[threads - 1].install(|| {
            outcome(refuse_loops, |sink| {
                read_chunked(path, delimiter, options, sizes, sink)
            })
        });
        assert_eq!(parallel, serial, "{text:?} {sizes:?} {threads} threads");
    }
}

#[test]
fn quoted_line_ends_after_plain_blocks_fall_back() {
    let mut text = String::from("source,target,weight\n");
    for i in 0..50 {
        text.push_str(&format!("u{i},v{},1\n", i % 7));
    }
    text.push_str("\"a\nb\",c,2\nd,e,x\nf,g,1\n");
    let options = ReadOptions::default().skip_bad_rows(true);
    for threads in 1..=4 {
        check_same(
            &text,
            b',',
            &options,
            Sizes {
                block: 64,
                chunk: 8,
            },
            threads,
        );
    }
    let (rows, report) = pools()[1].install(|| {
        outcome(false, |sink| {
            read_chunked(
                Path::new("/dev/null"),
                b',',
                &options,
                Sizes::default(),
                sink,
            )
        })
    });
    assert!(rows.is_empty());
    assert!(report.unwrap_err().contains(":1: empty file"));
}

#[test]
fn first_error_wins_with_its_line() {
    let text = "source,target,weight\na,b,1\n\nc,d,-1\ne,f,x\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rt.csv");
    std::fs::write(&path, text).unwrap();
    let sizes = Sizes { block: 4, chunk: 1 };
    let (rows, result) = pools()[3].install(|| {
        outcome(false, |sink| {
            read_chunked(&path, b',', &ReadOptions::default(), sizes, sink)
        })
    });
    assert_eq!(rows, [("a".into(), "b".into(), 1, None, 2)]);
    // The physical line: the blank line before it counts.
    assert!(
        result
            .unwrap_err()
            .ends_with("rt.csv:4: bad weight \"-1\": negative")
    );
    check_same(text, b',', &ReadOptions::default(), sizes, 2);
}

/// One line of a generated file: mostly rows, some broken, blank or quoted.
fn line() -> impl Strategy<Value = String> {
    let id = prop::sample::select(vec!["1", "2", "01", "x", "y", " y", "", "é"]);
    let weight = prop::sample::select(vec!["1", "1", "2", "0", "2.0", "-1", "x", ""]);
    let time = prop::sample::select(vec!["", "100", "2024-01-01T00:00:00Z", "bad"]);
    prop_oneof![
        8 => (id.clone(), id, weight, time)
            .prop_map(|(s, t, w, time)| format!("{s},{t},{w},{time}")),
        1 => Just(String::new()),
        1 => Just("a,b".to_owned()),
        1 => Just("\"q\nq\",b,1,".to_owned()),
        1 => Just("a,b,1,\r".to_owned()),
        1 => Just("a\rb,c,1,".to_owned()),
    ]
}

/// A line after the header: `None` a blank line, `Some(quoted)` a row (quoted: its source
/// holds a line end, so it spans two lines).
fn kind() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![6 => Just(Some(false)), 1 => Just(Some(true)), 2 => Just(None)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rows_are_numbered_by_their_physical_line(
        kinds in prop::collection::vec(kind(), 0..25),
        crlf in any::<bool>(),
        block in 1usize..80,
        chunk in 1usize..24,
        threads in 1usize..=4,
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("source,target{end}");
        let mut expected = Vec::new();
        let mut line = 2;
        for (i, kind) in kinds.iter().enumerate() {
            match kind {
                Some(false) => text.push_str(&format!("r{i},t{end}")),
                Some(true) => text.push_str(&format!("\"r{i}{end}x\",t{end}")),
                None => text.push_str(end),
            }
            if let Some(quoted) = kind {
                let source = if *quoted { format!("r{i}{end}x") } else { format!("r{i}") };
                expected.push((source, "t".to_owned(), 1, None, line));
            }
            line += 1 + u64::from(*kind == Some(true));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rt.csv");
        std::fs::write(&path, &text).unwrap();
        let options = ReadOptions::default();
        let serial = outcome(false, |sink| read_serial(&path, b',', &options, sink));
        prop_assert_eq!(&serial.0, &expected);
        let sizes = Sizes { block, chunk };
        let parallel = pools()[threads - 1]
            .install(|| outcome(false, |sink| read_chunked(&path, b',', &options, sizes, sink)));
        prop_assert_eq!(parallel, serial);
    }

    #[test]
    fn parallel_reader_matches_the_streaming_one(
        lines in prop::collection::vec(line(), 0..25),
        crlf in any::<bool>(),
        trailing in any::<bool>(),
        tabs in any::<bool>(),
        skip in any::<bool>(),
        trim in any::<bool>(),
        block in 1usize..80,
        chunk in 1usize..24,
        threads in 1usize..=4,
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = ["source,target,weight,time".to_owned()]
            .into_iter()
            .chain(lines)
            .collect::<Vec<_>>()
            .join(end);
        if trailing {
            text.push_str(end);
        }
        let delimiter = if tabs { b'\t' } else { b',' };
        if tabs {
            text = text.replace(',', "\t");
        }
        let options = ReadOptions::default().skip_bad_rows(skip).trim_ids(trim);
        check_same(&text, delimiter, &options, Sizes { block, chunk }, threads);
    }
}

/// A gzip file cut short fails as the streaming reader fails on it, the rows before the cut
/// handed on alike.
#[test]
fn cut_gzip_fails_as_the_streaming_reader() {
    let mut text = String::from("source,target,weight\n");
    for i in 0..3_000 {
        text.push_str(&format!("u{i},v{},1\n", i % 7));
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), Default::default());
    std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
    let bytes = encoder.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.csv.gz");
    let sizes = Sizes {
        block: 256,
        chunk: 64,
    };
    for cut in [1, 10, 30, bytes.len() / 3, bytes.len() / 2, bytes.len() - 4] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let serial = outcome(false, |sink| {
            read_serial(&path, b',', &ReadOptions::default(), sink)
        });
        let parallel = pools()[1].install(|| {
            outcome(false, |sink| {
                read_chunked(&path, b',', &ReadOptions::default(), sizes, sink)
            })
        });
        assert!(serial.1.is_err(), "cut at {cut}");
        assert_eq!(parallel, serial, "cut at {cut}");
    }
}
