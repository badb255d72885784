//! Bluesky and Mastodon: the sample files of tests/data (invented accounts), detection of the
//! format from content, and the error paths.

use std::path::{Path, PathBuf};

use chambers_io::{
    Format, Interactions, IoError, ReadOptions, ReadReport, convert_edges, parse_time, read_edges,
};

/// source, target, time, line.
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

fn all() -> ReadOptions {
    ReadOptions::default().interactions(Interactions::ALL)
}

fn at(text: &str) -> Option<i64> {
    Some(parse_time(text.as_bytes()).unwrap())
}

fn edge(source: &str, target: &str, time: Option<i64>, line: u64) -> Edge {
    (source.into(), target.into(), time, line)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const ANN: &str = "did:plc:ann00000000000000000001";
const BOB: &str = "did:plc:bob00000000000000000002";
const CAT: &str = "did:plc:cat00000000000000000003";
const DAN: &str = "did:plc:dan00000000000000000004";
const EVE: &str = "did:plc:eve00000000000000000005";
const FAY: &str = "did:plc:fay00000000000000000006";
const GUS: &str = "did:plc:gus00000000000000000007";

#[test]
fn jetstream_reposts_by_default() {
    let (edges, report) =
        read(&sample("bluesky_jetstream.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(
        edges,
        [
            edge(ANN, BOB, Some(1_725_000_000), 1),
            edge(EVE, CAT, Some(1_725_000_300), 9),
        ]
    );
    assert_eq!(report.retweets, 2);
    assert_eq!(report.tweets, 4, "posts and reposts read");
    assert_eq!(report.deletions, 1);
    assert_eq!(report.other_records, 2, "a like and a profile update");
    assert_eq!(report.non_tweets, 1, "an identity event");
    assert!(report.has_time);
}

#[test]
fn jetstream_quotes_replies_and_mentions() {
    let (edges, report) = read(&sample("bluesky_jetstream.jsonl"), &all()).unwrap();
    // time_us 1725000060500000 is floored to the second.
    let t = Some(1_725_000_060);
    assert_eq!(
        edges,
        [
            edge(ANN, BOB, Some(1_725_000_000), 1),
            edge(CAT, DAN, t, 2),
            edge(CAT, BOB, t, 2),
            edge(CAT, BOB, t, 2),
            edge(CAT, "did:web:dan.example.invalid", t, 2),
            edge(DAN, ANN, Some(1_725_000_180), 7),
            edge(EVE, CAT, Some(1_725_000_300), 9),
        ]
    );
    let kinds = (
        report.retweets,
        report.quotes,
        report.replies,
        report.mentions,
    );
    assert_eq!(
        kinds,
        (2, 2, 1, 2),
        "the repeated mention of bob counts once"
    );
}

#[test]
fn list_records_pages_and_bare_records() {
    let (edges, report) = read(&sample("bluesky_list_records.json"), &all()).unwrap();
    assert_eq!(
        edges,
        [
            edge(FAY, ANN, at("2024-09-01T12:00:00Z"), 1),
            edge(FAY, CAT, at("2024-09-01T10:02:00Z"), 2),
            edge(GUS, FAY, at("2024-09-01T12:03:00Z"), 3),
        ]
    );
    assert_eq!((report.retweets, report.replies), (2, 1));
    assert_eq!(report.other_records, 1, "a follow");
}

#[test]
fn mastodon_boosts_by_default() {
    let (edges, report) = read(&sample("mastodon_statuses.json"), &ReadOptions::default()).unwrap();
    assert_eq!(
        edges,
        [
            edge(
                "ann@town.example",
                "bob@harbour.example",
                at("2024-05-01T10:00:00Z"),
                2
            ),
            edge(
                "dan@town.example",
                "bob@harbour.example",
                at("2024-05-01T10:20:00Z"),
                56
            ),
        ]
    );
    assert_eq!((report.tweets, report.non_tweets), (5, 1));
    assert_eq!(
        report.unresolved_replies, 0,
        "replies are not read by default"
    );
}

#[test]
fn mastodon_replies_resolve_through_the_accounts_seen() {
    let (edges, report) = read(&sample("mastodon_statuses.json"), &all()).unwrap();
    let t2 = at("2024-05-01T10:05:00Z");
    assert_eq!(
        edges,
        [
            edge(
                "ann@town.example",
                "bob@harbour.example",
                at("2024-05-01T10:00:00Z"),
                2
            ),
            edge("bob@harbour.example", "cat@isle.example", t2, 18),
            edge("bob@harbour.example", "cat@isle.example", t2, 18),
            edge("bob@harbour.example", "ann@town.example", t2, 18),
            edge(
                "dan@town.example",
                "bob@harbour.example",
                at("2024-05-01T10:20:00Z"),
                56
            ),
            // Ann replied to account 412 before dan@town.example appeared: delivered at the end.
            edge(
                "ann@town.example",
                "dan@town.example",
                at("2024-05-01T10:10:00Z"),
                33
            ),
        ]
    );
    let kinds = (report.retweets, report.replies, report.mentions);
    assert_eq!(kinds, (2, 2, 2));
    assert_eq!(report.unresolved_replies, 1, "account 999 never appears");
}

#[test]
fn json_files_are_detected_by_content() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("bluesky_jetstream.jsonl", Format::Bluesky),
        ("bluesky_list_records.json", Format::Bluesky),
        ("mastodon_statuses.json", Format::Mastodon),
    ] {
        let named = read(&sample(name), &all()).unwrap();
        let told = read(&sample(name), &all().format(Some(format))).unwrap();
        assert_eq!(named, told, "{name}");
        // Another name with no telling extension needs --format; with it, the same edges.
        let text = std::fs::read_to_string(sample(name)).unwrap();
        let renamed = write(dir.path(), &format!("{name}.txt"), &text);
        assert_eq!(read(&renamed, &all().format(Some(format))).unwrap(), told);
        assert!(read(&renamed, &all()).is_err(), "{name} read as CSV");
    }
    // Twitter JSONL is still read as such.
    let (edges, _) = read(&sample("v1_statuses.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(edges[0].0, "1001");
}

#[test]
fn bluesky_bad_rows_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let repost = |author: &str, subject: &str| {
        format!(
            r#"{{"did":"{author}","time_us":1725000000000000,"kind":"commit","commit":{{"operation":"create","collection":"app.bsky.feed.repost","record":{{"subject":{{"uri":"{subject}"}}}}}}}}"#
        )
    };
    let good = repost(ANN, "at://did:plc:bob/app.bsky.feed.post/1");
    let cases = [
        (
            repost(ANN, "at://bob.example.invalid/app.bsky.feed.post/1"),
            "bad AT URI \"at://bob.example.invalid/app.bsky.feed.post/1\": names a handle",
        ),
        (
            repost("ann.example.invalid", "at://did:plc:bob/app.bsky.feed.post/1"),
            "bad DID \"ann.example.invalid\"",
        ),
        (
            r#"{"$type":"app.bsky.feed.repost","subject":{"uri":"at://did:plc:bob/app.bsky.feed.post/1"}}"#.into(),
            "record without its author (did or repo)",
        ),
        (
            r#"{"did":"did:plc:a","$type":"app.bsky.feed.post","createdAt":"soon","facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:b"}]}]}"#.into(),
            "bad time \"soon\"",
        ),
        (
            r#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"create",}}"#.into(),
            "malformed JSON",
        ),
        ("[1]".into(), "found something else"),
    ];
    for (bad, message) in cases {
        let path = write(
            dir.path(),
            "bad.jsonl",
            &format!("{good}\n\n{bad}\n{good}\n"),
        );
        let options = all().format(Some(Format::Bluesky));
        let err = read(&path, &options).unwrap_err().to_string();
        let want = format!("{}:3: ", path.display());
        assert!(
            err.starts_with(&want) && err.contains(message),
            "{err}\nwanted {message}"
        );
        let (edges, report) = read(&path, &options.skip_bad_rows(true)).unwrap();
        assert_eq!((edges.len(), report.skipped), (2, 1), "{bad}");
        assert!(report.skipped_examples[0].ends_with(&err[want.len()..]));
    }
}

#[test]
fn mastodon_bad_rows_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"created_at":"2024-05-01T10:00:00Z","account":{"acct":"a@x.example"},"reblog":{"account":{"acct":"b@y.example"}}}"#;
    let cases = [
        (
            r#"{"account":{"acct":"a@x.example"},"reblog":{"account":{"acct":"b"}}}"#,
            "bad account \"b\": expected user@instance",
        ),
        (
            r#"{"account":{"url":"https://x.example/@a"},"reblog":{}}"#,
            "status without acct",
        ),
        (
            r#"{"account":{"acct":"a@x.example"},"reblog":{"id":"1"}}"#,
            "boost without reblog.account",
        ),
        (
            r#"{"created_at":"May 1","account":{"acct":"a@x.example"},"reblog":{"account":{"acct":"b@y.example"}}}"#,
            "bad time \"May 1\"",
        ),
        (
            r#"[{"account":{"acct":"a@x.example"}}, 7]"#,
            "found something else",
        ),
        (
            r#"[{"account":"#,
            "malformed JSON array: the array is never closed",
        ),
    ];
    for (bad, message) in cases {
        let path = write(dir.path(), "bad.json", &format!("{good}\n{good}\n{bad}\n"));
        let options = all().format(Some(Format::Mastodon));
        let err = read(&path, &options).unwrap_err().to_string();
        let want = format!("{}:3: ", path.display());
        assert!(
            err.starts_with(&want) && err.contains(message),
            "{err}\nwanted {message}"
        );
        let (edges, report) = read(&path, &options.skip_bad_rows(true)).unwrap();
        assert_eq!((edges.len(), report.skipped), (2, 1), "{bad}");
    }
}

#[test]
fn convert_writes_the_canonical_table_from_either_network() {
    let dir = tempfile::tempdir().unwrap();
    for (name, first) in [
        (
            "bluesky_jetstream.jsonl",
            format!("{ANN},{BOB},1,2024-08-30T06:40:00Z"),
        ),
        (
            "mastodon_statuses.json",
            "ann@town.example,bob@harbour.example,1,2024-05-01T10:00:00Z".to_owned(),
        ),
    ] {
        let out = dir.path().join(format!("{name}.csv"));
        let report = convert_edges(&[sample(name)], &out, None, &ReadOptions::default()).unwrap();
        assert_eq!(report.rows, 2);
        let text = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[1], first);
    }
}

#[test]
fn read_options_round_trip_through_json() {
    let options = all()
        .format(Some(Format::Mastodon))
        .skip_bad_rows(true)
        .time_unit(chambers_io::TimeUnit::Milliseconds)
        .columns(chambers_io::Columns::default().source("fan"));
    let text = serde_json::to_string(&options).unwrap();
    assert!(text.contains(r#""format":"mastodon""#), "{text}");
    let loaded: ReadOptions = serde_json::from_str(&text).unwrap();
    assert_eq!(loaded, options);
}
