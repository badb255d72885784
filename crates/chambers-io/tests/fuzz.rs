//! Fuzzing by property tests: the CSV and JSONL readers (and the Parquet and Arrow readers on
//! damaged files) return a value or an error for any bytes, and never panic.

use std::path::Path;

use chambers_io::{Interactions, ReadOptions, read_edges};
use proptest::prelude::*;

/// Reads `bytes` as `name` strictly and leniently with every interaction kind; only a panic
/// fails.
fn survive(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    for skip in [false, true] {
        let options = ReadOptions::default()
            .skip_bad_rows(skip)
            .interactions(Interactions::ALL);
        let mut rows = 0u64;
        if let Ok(report) = read_edges(&path, &options, |r| {
            assert!(!r.source.is_empty() && !r.target.is_empty() && r.weight > 0);
            rows += 1;
            Ok(())
        }) {
            assert_eq!(report.rows, rows);
        }
    }
}

/// Pieces of tweets, so that random lines often get deep into the JSONL reader.
fn json_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "1",
        "-1",
        "1.5",
        "\"1\"",
        "\"\"",
        "true",
        "\"user\"",
        "\"id_str\"",
        "\"id\"",
        "\"retweeted_status\"",
        "\"quoted_status\"",
        "\"in_reply_to_user_id\"",
        "\"in_reply_to_user_id_str\"",
        "\"entities\"",
        "\"user_mentions\"",
        "\"mentions\"",
        "\"extended_tweet\"",
        "\"author_id\"",
        "\"author\"",
        "\"referenced_tweets\"",
        "\"type\"",
        "\"retweeted\"",
        "\"quoted\"",
        "\"replied_to\"",
        "\"data\"",
        "\"includes\"",
        "\"tweets\"",
        "\"start\"",
        "3",
        "\"created_at\"",
        "\"Wed Oct 10 20:19:24 +0000 2018\"",
        "\"2022-03-05T10:00:00.000Z\"",
        "\"text\"",
        "\"\\u0041\"",
        "\"\\ud800\"",
        "\n",
        " ",
        "\u{FEFF}",
        "\u{1F426}",
    ])
}

fn json_lines() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(json_piece(), 0..80).prop_map(|p| p.concat().into_bytes())
}

/// A well-formed tweet line, to be mutated.
fn tweet() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["\"1\"", "1", "\"\"", "null", "\"a\\\"b\""]),
        prop::sample::select(vec!["\"2\"", "2", "\"\"", "null", "{}", "[]"]),
        prop::sample::select(vec!["retweeted", "quoted", "replied_to", "x"]),
        any::<bool>(),
    )
        .prop_map(|(a, b, kind, v2)| {
            if v2 {
                format!(
                    "{{\"data\":[{{\"author_id\":{a},\"referenced_tweets\":[{{\"type\":\"{kind}\",\"id\":\"9\"}}],\
                     \"entities\":{{\"mentions\":[{{\"start\":3,\"id\":{b}}}]}}}}],\
                     \"includes\":{{\"tweets\":[{{\"id\":\"9\",\"author_id\":{b}}}]}}}}\n"
                )
            } else {
                format!(
                    "{{\"user\":{{\"id_str\":{a}}},\"retweeted_status\":{{\"user\":{{\"id\":{b}}}}},\
                     \"created_at\":\"Wed Oct 10 20:19:24 +0000 2018\"}}\n"
                )
            }
        })
}

fn csv_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "source",
        "target",
        "weight",
        "time",
        ",",
        "\t",
        "\n",
        "\r\n",
        "\"",
        "a",
        "b",
        "1",
        "0",
        "-1",
        "2.5",
        "1e3",
        "NaN",
        "2019-03-01T00:00:00Z",
        "2019-02-30",
        "",
        " ",
        "\u{FF}",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn jsonl_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        survive(dir.path(), "f.jsonl", &bytes);
    }

    #[test]
    fn jsonl_tweet_fragments(bytes in json_lines()) {
        let dir = tempfile::tempdir().unwrap();
        survive(dir.path(), "f.jsonl", &bytes);
    }

    #[test]
    fn jsonl_mutated_tweets(
        lines in prop::collection::vec(tweet(), 1..5),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = lines.concat().into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let keep = cut.index(bytes.len() + 1);
        let dir = tempfile::tempdir().unwrap();
        survive(dir.path(), "f.jsonl", &bytes[..keep]);
    }

    #[test]
    fn csv_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        survive(dir.path(), "f.csv", &bytes);
        survive(dir.path(), "f.tsv", &bytes);
    }

    #[test]
    fn csv_fragments(pieces in prop::collection::vec(csv_piece(), 0..60)) {
        let dir = tempfile::tempdir().unwrap();
        let text = format!("source,target,weight,time\n{}", pieces.concat());
        survive(dir.path(), "f.csv", text.as_bytes());
    }

    #[test]
    fn gzip_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        gz.extend_from_slice(&bytes);
        survive(dir.path(), "f.jsonl.gz", &gz);
        survive(dir.path(), "f.csv.gz", &gz);
    }
}

#[cfg(feature = "parquet")]
mod columnar {
    use super::*;
    use chambers_io::{ArrowEdgeWriter, EdgeWrite, ParquetEdgeWriter};

    fn parquet_bytes() -> Vec<u8> {
        let mut w = ParquetEdgeWriter::new(Vec::new()).unwrap();
        for i in 0..50u32 {
            w.write(
                &format!("u{i}"),
                "t",
                1 + i,
                (i % 2 == 0).then_some(i64::from(i)),
            )
            .unwrap();
        }
        w.finish().unwrap()
    }

    fn arrow_bytes() -> Vec<u8> {
        let mut w = ArrowEdgeWriter::new(Vec::new()).unwrap();
        for i in 0..50u32 {
            w.write(&format!("u{i}"), "t", 1 + i, None).unwrap();
        }
        w.finish().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn parquet_truncated(cut in any::<prop::sample::Index>()) {
            let bytes = parquet_bytes();
            let dir = tempfile::tempdir().unwrap();
            survive(dir.path(), "f.parquet", &bytes[..cut.index(bytes.len())]);
        }

        #[test]
        fn parquet_damaged_pages(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let mut bytes = parquet_bytes();
            // Damage the data (not the footer, whose decoder has its own fuzzing upstream).
            let i = 4 + at.index(bytes.len() / 2);
            bytes[i] = byte;
            let dir = tempfile::tempdir().unwrap();
            survive(dir.path(), "f.parquet", &bytes);
        }

        #[test]
        fn arrow_truncated(cut in any::<prop::sample::Index>()) {
            let bytes = arrow_bytes();
            let dir = tempfile::tempdir().unwrap();
            survive(dir.path(), "f.arrow", &bytes[..cut.index(bytes.len())]);
        }
    }
}
