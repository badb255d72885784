//! Twitter JSONL: the sample dumps of tests/data (invented accounts) and every error path.

use std::io::Write;
use std::path::{Path, PathBuf};

use chambers_graph::{GraphOptions, WindowSpec};
use chambers_io::{
    Format, Interactions, IoError, ReadOptions, ReadReport, Rejection, read_edges, read_windows,
};

type Edge = (String, String, Option<i64>, u64);

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(path: &Path, options: &ReadOptions) -> Result<(Vec<Edge>, ReadReport), IoError> {
    let mut edges = Vec::new();
    let report = read_edges(path, options, |r| {
        assert_eq!(r.weight, 1);
        edges.push((r.source.to_owned(), r.target.to_owned(), r.time, r.line));
        Ok(())
    })?;
    Ok((edges, report))
}

fn pairs(edges: &[Edge]) -> Vec<(&str, &str)> {
    edges
        .iter()
        .map(|(s, t, ..)| (s.as_str(), t.as_str()))
        .collect()
}

fn all() -> ReadOptions {
    ReadOptions::default().interactions(Interactions::ALL)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn error(text: &str, options: &ReadOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.jsonl", text);
    read(&path, options).unwrap_err().to_string()
}

#[test]
fn v1_retweets_by_default() {
    let (edges, report) = read(&sample("v1_statuses.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(
        edges,
        [
            ("1001".into(), "2002".into(), Some(1_539_202_764), 1),
            ("1006".into(), "2002".into(), Some(1_539_248_400), 8),
        ]
    );
    assert_eq!(
        (
            report.rows,
            report.retweets,
            report.tweets,
            report.non_tweets
        ),
        (2, 2, 5, 2)
    );
    assert_eq!((report.quotes, report.replies, report.mentions), (0, 0, 0));
    assert!(report.has_time);
}

#[test]
fn v1_every_interaction() {
    let (edges, report) = read(&sample("v1_statuses.jsonl"), &all()).unwrap();
    assert_eq!(
        pairs(&edges),
        [
            ("1001", "2002"), // retweet only: not its mention nor the original's quote
            ("1003", "2002"), // quote
            ("1003", "3001"), // mention
            ("1004", "2002"), // reply
            ("1004", "2002"), // its leading mention
            ("1005", "3001"), // extended_tweet mentions, repeated mention once
            ("1005", "3002"), // numeric id without id_str
            ("1006", "2002"), // escaped id string
        ]
    );
    assert_eq!(
        (
            report.retweets,
            report.quotes,
            report.replies,
            report.mentions
        ),
        (2, 1, 1, 4)
    );
    let (only_replies, _) = read(
        &sample("v1_statuses.jsonl"),
        &ReadOptions::default().interactions("reply".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(pairs(&only_replies), [("1004", "2002")]);
}

#[test]
fn v2_pages_resolve_through_includes() {
    let (edges, report) = read(&sample("v2_page.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(pairs(&edges), [("1001", "2002"), ("1005", "3002")]);
    assert_eq!(edges[0].2, Some(1_646_474_400));
    assert_eq!(edges[1].3, 2);
    assert_eq!((report.tweets, report.non_tweets), (4, 1));

    let (edges, report) = read(&sample("v2_page.jsonl"), &all()).unwrap();
    assert_eq!(
        pairs(&edges),
        [
            ("1001", "2002"),
            ("1003", "3002"), // quote, author from includes.tweets
            ("1003", "3001"),
            ("1004", "2002"),
            ("1004", "2002"),
            ("1005", "3002"), // retweet of a missing tweet: its RT @author mention
        ]
    );
    assert_eq!(
        (
            report.retweets,
            report.quotes,
            report.replies,
            report.mentions
        ),
        (2, 1, 1, 2)
    );
}

#[test]
fn v2_twarc2_flattened_lines() {
    let (edges, _) = read(&sample("v2_twarc2.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(pairs(&edges), [("1001", "2002")]);
    let (edges, report) = read(&sample("v2_twarc2.jsonl"), &all()).unwrap();
    assert_eq!(
        pairs(&edges),
        [
            ("1001", "2002"),
            ("1003", "3002"),
            ("1003", "3001"),
            ("1004", "2002"), // author.id when author_id is absent
            ("1004", "2002"),
        ]
    );
    assert_eq!(report.rows, 5);
}

#[test]
fn gzip_and_format_override() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(sample("v1_statuses.jsonl")).unwrap();
    let gz = dir.path().join("dump.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&text).unwrap();
    enc.finish().unwrap();
    let (edges, _) = read(&gz, &ReadOptions::default()).unwrap();
    assert_eq!(edges.len(), 2);

    let odd = dir.path().join("dump.txt");
    std::fs::write(&odd, &text).unwrap();
    assert!(read(&odd, &ReadOptions::default()).is_err(), "read as CSV");
    let options = ReadOptions::default().format(Some(Format::Jsonl));
    assert_eq!(read(&odd, &options).unwrap().0.len(), 2);

    // A truncated gzip file is a clear error, at the line after the last one read.
    let bytes = std::fs::read(&gz).unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() / 2]).unwrap();
    let err = read(&gz, &ReadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("dump.jsonl.gz:"), "{err}");
    assert!(
        err.contains("truncated or corrupt compressed file"),
        "{err}"
    );
}

#[test]
fn windows_from_tweets() {
    let paths = [
        sample("v1_statuses.jsonl"),
        sample("v2_page.jsonl"),
        sample("v2_twarc2.jsonl"),
    ];
    let (w, report) = read_windows(
        &paths,
        WindowSpec::PerFile,
        GraphOptions::default(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(w.windows.len(), 3);
    assert_eq!(report.retweets, 5);
    let retweets: Vec<u64> = w.windows.iter().map(|w| w.graph.retweets()).collect();
    assert_eq!(retweets, [2, 2, 1]);
    let days = WindowSpec::Fixed {
        start: None,
        length: 86_400,
    };
    let (w, _) = read_windows(
        &[sample("v1_statuses.jsonl")],
        days,
        GraphOptions::default(),
        &all(),
    )
    .unwrap();
    assert_eq!(w.windows.len(), 2);
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let text = "{\"user\":{\"id_str\":\"1\"}}\n\n{\"user\": }\n";
    assert_eq!(
        error(text, &ReadOptions::default())
            .rsplit_once('/')
            .unwrap()
            .1,
        "t.jsonl:3: malformed JSON: expected value at column 10"
    );
    for (bad, message) in [
        ("[1,2]", "expected one JSON object per line, found an array"),
        ("\"x\"", "expected one JSON object per line, found a string"),
        ("{\"data\":[[1]]}", "invalid type: integer `1`"),
        (
            "nul",
            "expected one JSON object per line, found something else",
        ),
        ("{\"user\":{\"id_str\":\"1\"}} {}", "trailing characters"),
        (
            "{\"user\":{\"id_str\":true}}",
            "invalid type: boolean `true`",
        ),
        ("{\"user\":{\"id\":-3}}", "invalid type: integer `-3`"),
        ("{\"user\":{\"id\":1.5}}", "invalid type: floating point"),
        ("{\"data\":7}", "invalid type: integer `7`"),
        (
            "{\"created_at\":5,\"user\":{}}",
            "invalid type: integer `5`",
        ),
        ("{\"user\":\"\u{1F426}", "EOF while parsing"),
        ("\u{FEFF}{\"limit\":{}}\u{FEFF}", "trailing characters"),
    ] {
        let err = error(bad, &ReadOptions::default());
        assert!(err.contains("t.jsonl:1: malformed JSON: "), "{err}");
        assert!(err.contains(message), "{bad}: {err}");
    }
    let err = error(
        "{\"user\":{\"id_str\":\"\\ud800\"}}",
        &ReadOptions::default(),
    );
    assert!(err.contains("t.jsonl:1: malformed JSON"), "{err}");
}

#[test]
fn tweets_missing_what_an_edge_needs() {
    let rt = |body: &str| format!("{{\"user\":{{\"id_str\":\"1\"}},{body}}}");
    for (text, options, message) in [
        (
            rt("\"retweeted_status\":{\"user\":{}}"),
            ReadOptions::default(),
            "retweet without retweeted_status.user.id_str",
        ),
        (
            "{\"text\":\"hi\",\"retweeted_status\":{\"user\":{\"id_str\":\"2\"}}}".into(),
            ReadOptions::default(),
            "tweet without author_id",
        ),
        (
            "{\"user\":{\"screen_name\":\"x\"},\"text\":\"hi\"}".into(),
            ReadOptions::default(),
            "tweet without user.id_str",
        ),
        (
            rt("\"quoted_status\":{\"text\":\"q\"}"),
            all(),
            "quote without quoted_status.user.id_str",
        ),
        (
            rt("\"entities\":{\"user_mentions\":[{\"screen_name\":\"x\"}]}"),
            all(),
            "mention without an id",
        ),
        (
            rt(
                "\"created_at\":\"Wed Oct 10 20:19:24 2018\",\"retweeted_status\":{\"user\":{\"id_str\":\"2\"}}",
            ),
            ReadOptions::default(),
            "bad time \"Wed Oct 10 20:19:24 2018\"",
        ),
        (
            "{\"author_id\":\"1\",\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"77\"}]}"
                .into(),
            ReadOptions::default(),
            "the author of retweeted tweet 77 is not in the line",
        ),
        (
            "{\"author_id\":\"1\",\"referenced_tweets\":[{\"type\":\"quoted\",\"id\":\"78\"}]}"
                .into(),
            all(),
            "the author of quoted tweet 78 is not in the line",
        ),
        (
            "{\"author_id\":\"1\",\"referenced_tweets\":[{\"type\":\"replied_to\"}]}".into(),
            all(),
            "the author of replied_to tweet (no id) is not in the line",
        ),
        (
            "{\"data\":[{\"id\":\"5\",\"text\":\"x\"}]}".into(),
            ReadOptions::default(),
            "tweet without author_id (request the tweet field author_id)",
        ),
        (
            rt("\"retweeted_status\":{\"user\":{\"id_str\":\"\"}}"),
            ReadOptions::default(),
            "empty target id",
        ),
        (
            "{\"user\":{\"id_str\":\"\"},\"retweeted_status\":{\"user\":{\"id_str\":\"2\"}}}"
                .into(),
            ReadOptions::default(),
            "empty source id",
        ),
    ] {
        let err = error(&text, &options);
        assert!(
            err.contains(&format!("t.jsonl:1: {message}")),
            "{text}: {err}"
        );
    }
    // A quote of a deleted tweet does not stop a retweet-only read.
    let text = "{\"author_id\":\"1\",\"referenced_tweets\":[{\"type\":\"quoted\",\"id\":\"78\"}]}";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "q.jsonl", text);
    let (edges, report) = read(&path, &ReadOptions::default()).unwrap();
    assert!(edges.is_empty());
    assert_eq!(report.tweets, 1);
    // Nor does a bad time on a tweet that gives no edge.
    let path = write(
        dir.path(),
        "t.jsonl",
        "{\"user\":{\"id_str\":\"1\"},\"text\":\"hi\",\"created_at\":\"soon\"}",
    );
    assert_eq!(read(&path, &ReadOptions::default()).unwrap().1.tweets, 1);
    assert_eq!(read(&path, &all()).unwrap().1.rows, 0);
}

#[test]
fn skip_bad_rows_counts_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = concat!(
        "{\"user\":{\"id_str\":\"1\"},\"retweeted_status\":{\"user\":{\"id_str\":\"2\"}}}\n",
        "{not json\n",
        "{\"data\":[{\"author_id\":\"3\",\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"9\"}]},",
        "{\"author_id\":\"4\",\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"8\"}]}],",
        "\"includes\":{\"tweets\":[{\"id\":\"8\",\"author_id\":\"5\"}]}}\n",
        "{\"delete\":{}}\n",
    );
    let path = write(dir.path(), "s.jsonl", text);
    let options = ReadOptions::default().skip_bad_rows(true);
    let (edges, report) = read(&path, &options).unwrap();
    assert_eq!(pairs(&edges), [("1", "2"), ("4", "5")]);
    assert_eq!(
        (report.skipped, report.non_tweets, report.tweets),
        (2, 1, 3)
    );
    assert!(
        report.skipped_examples[0]
            .ends_with("s.jsonl:2: malformed JSON: key must be a string at column 2")
    );
    assert!(report.skipped_examples[1].contains("s.jsonl:3: the author of retweeted tweet 9"));
}

#[test]
fn consumers_refuse_or_stop() {
    let path = sample("v1_statuses.jsonl");
    let refuse = |options: &ReadOptions| {
        read_edges(&path, options, |r| {
            if r.source == "1001" {
                Err(Rejection::Row(chambers_io::Problem::MissingTime))
            } else {
                Ok(())
            }
        })
    };
    let err = refuse(&ReadOptions::default()).unwrap_err().to_string();
    assert!(err.ends_with("v1_statuses.jsonl:1: no time on this row, but time windows need one"));
    let report = refuse(&ReadOptions::default().skip_bad_rows(true)).unwrap();
    assert_eq!((report.rows, report.skipped), (1, 1));
    let err = read_edges(&path, &ReadOptions::default(), |_| {
        Err(Rejection::Stop(IoError::Input("disk full".into())))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
}

#[test]
fn blank_and_crlf_lines() {
    let dir = tempfile::tempdir().unwrap();
    let line = "{\"user\":{\"id_str\":\"1\"},\"retweeted_status\":{\"user\":{\"id_str\":\"2\"}}}";
    let path = write(
        dir.path(),
        "w.ndjson",
        &format!("\u{FEFF}{line}\r\n\r\n   \n{line}"),
    );
    let (edges, _) = read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(edges.iter().map(|e| e.3).collect::<Vec<_>>(), [1, 4]);
    let empty = write(dir.path(), "e.json", "");
    assert_eq!(read(&empty, &ReadOptions::default()).unwrap().1.rows, 0);
    assert!(read(&dir.path().join("missing.jsonl"), &ReadOptions::default()).is_err());
}
