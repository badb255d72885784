//! Reading edge files into windows through the library API.

use chambers::prelude::*;
use chambers_graph::DAY;

use crate::{chambers, read, stderr, write};

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

/// One planted conversation (retweets from the generator, plus replies and mentions derived
/// from them), to be written in each social network's own format.
struct Conversation {
    /// source, target, time.
    retweets: Vec<(u32, u32, i64)>,
    replies: Vec<(u32, u32, i64)>,
    /// source, the accounts mentioned, time.
    mentions: Vec<(u32, [u32; 2], i64)>,
}

impl Conversation {
    fn planted() -> Self {
        let params = SynthParams::default()
            .users(400)
            .events(3_000)
            .windows(2)
            .seed(18);
        let events = generate(&params).unwrap().events;
        let at = |i: usize| (events[i].source, events[i].target, events[i].time);
        let n = events.len();
        Self {
            retweets: (0..n).map(at).collect(),
            replies: (0..n)
                .step_by(7)
                .map(|i| {
                    let (s, t, time) = at(i);
                    (s, t, time + 60)
                })
                .collect(),
            mentions: (0..n - 1)
                .step_by(11)
                .map(|i| {
                    let (s, t, time) = at(i);
                    (s, [t, events[i + 1].target], time + 120)
                })
                .collect(),
        }
    }

    /// Twitter API v2 tweets, one per line as twarc2 writes them; account `i` is `1` followed by
    /// `i` in four digits, so that every format orders accounts alike.
    fn twitter(&self) -> String {
        let id = |u: u32| format!("1{u:04}");
        let time = |t: i64| chambers::io::format_time(t);
        let mut out = String::new();
        for (k, &(s, t, at)) in self.retweets.iter().enumerate() {
            out += &format!(
                r#"{{"id":"9{k}","author_id":"{}","created_at":"{}","text":"RT @x: hi","referenced_tweets":[{{"type":"retweeted","id":"8{k}","author_id":"{}"}}]}}"#,
                id(s),
                time(at),
                id(t)
            );
            out.push('\n');
        }
        for (k, &(s, t, at)) in self.replies.iter().enumerate() {
            out += &format!(
                r#"{{"id":"7{k}","author_id":"{}","created_at":"{}","text":"indeed","in_reply_to_user_id":"{}","referenced_tweets":[{{"type":"replied_to","id":"6{k}"}}]}}"#,
                id(s),
                time(at),
                id(t)
            );
            out.push('\n');
        }
        for (k, &(s, [a, b], at)) in self.mentions.iter().enumerate() {
            out += &format!(
                r#"{{"id":"5{k}","author_id":"{}","created_at":"{}","text":"@a @b","entities":{{"mentions":[{{"start":0,"id":"{}"}},{{"start":3,"id":"{}"}}]}}}}"#,
                id(s),
                time(at),
                id(a),
                id(b)
            );
            out.push('\n');
        }
        out.push_str("{\"delete\":{\"status\":{\"id_str\":\"5\"}}}\n");
        out
    }

    /// Bluesky Jetstream events (times in microseconds), with likes, deletions and an identity
    /// event mixed in.
    fn bluesky(&self) -> String {
        let did = |u: u32| format!("did:plc:acct{u:04}");
        let post = |u: u32, k: usize| format!("at://{}/app.bsky.feed.post/3k{k}", did(u));
        let event = |u: u32, at: i64, collection: &str, record: String| {
            format!(
                r#"{{"did":"{}","time_us":{},"kind":"commit","commit":{{"operation":"create","collection":"{collection}","rkey":"3l","record":{record},"cid":"bafy"}}}}"#,
                did(u),
                at * 1_000_000 + 250_000
            ) + "\n"
        };
        let mut out = String::new();
        for (k, &(s, t, at)) in self.retweets.iter().enumerate() {
            let subject = format!(r#"{{"uri":"{}","cid":"bafy"}}"#, post(t, k));
            let repost = format!(r#"{{"$type":"app.bsky.feed.repost","subject":{subject}}}"#);
            out += &event(s, at, "app.bsky.feed.repost", repost);
            if k % 5 == 0 {
                let like = format!(r#"{{"$type":"app.bsky.feed.like","subject":{subject}}}"#);
                out += &event(t, at, "app.bsky.feed.like", like);
                out += &format!(
                    r#"{{"did":"{}","time_us":{},"kind":"commit","commit":{{"operation":"delete","collection":"app.bsky.feed.like","rkey":"3l"}}}}"#,
                    did(t),
                    at * 1_000_000
                );
                out.push('\n');
            }
        }
        for (k, &(s, t, at)) in self.replies.iter().enumerate() {
            let parent = post(t, k);
            let reply = format!(
                r#"{{"$type":"app.bsky.feed.post","text":"indeed","reply":{{"root":{{"uri":"{parent}"}},"parent":{{"uri":"{parent}"}}}}}}"#
            );
            out += &event(s, at, "app.bsky.feed.post", reply);
        }
        for &(s, [a, b], at) in &self.mentions {
            let facet = |u: u32| {
                format!(
                    r#"{{"index":{{"byteStart":0,"byteEnd":2}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{}"}}]}}"#,
                    did(u)
                )
            };
            let text = format!(
                r#"{{"$type":"app.bsky.feed.post","text":"@a @b","facets":[{},{}]}}"#,
                facet(a),
                facet(b)
            );
            out += &event(s, at, "app.bsky.feed.post", text);
        }
        out += r#"{"did":"did:plc:acct0001","time_us":1,"kind":"identity","identity":{"handle":"a.example.invalid"}}"#;
        out
    }

    /// Mastodon statuses as API pages: JSON arrays of up to 40 statuses, one per line; account
    /// `i` is `acct{i}` on example.social, its local id `i`.
    fn mastodon(&self) -> String {
        let account = |u: u32| {
            format!(
                r#"{{"id":"{u}","username":"acct{u:04}","acct":"acct{u:04}","url":"https://example.social/@acct{u:04}"}}"#
            )
        };
        let time = |t: i64| chambers::io::format_time(t);
        let mut statuses = Vec::new();
        for &(s, t, at) in &self.retweets {
            statuses.push(format!(
                r#"{{"created_at":"{}","account":{},"reblog":{{"account":{}}},"in_reply_to_account_id":null,"mentions":[]}}"#,
                time(at), account(s), account(t)
            ));
        }
        for &(s, t, at) in &self.replies {
            statuses.push(format!(
                r#"{{"created_at":"{}","account":{},"reblog":null,"in_reply_to_account_id":"{t}","mentions":[]}}"#,
                time(at), account(s)
            ));
        }
        for &(s, [a, b], at) in &self.mentions {
            statuses.push(format!(
                r#"{{"created_at":"{}","account":{},"reblog":null,"in_reply_to_account_id":null,"mentions":[{},{}]}}"#,
                time(at), account(s), account(a), account(b)
            ));
        }
        let pages: Vec<String> = statuses
            .chunks(40)
            .map(|page| format!("[\n{}\n]", page.join(",\n")))
            .collect();
        pages.join("\n")
    }
}

/// The account ids of a table cell in Twitter's form (`1` and four digits).
fn as_twitter(cell: &str) -> String {
    let local = cell.strip_prefix("did:plc:acct").or_else(|| {
        cell.strip_prefix("acct")
            .and_then(|c| c.strip_suffix("@example.social"))
    });
    local.map_or_else(|| cell.to_owned(), |digits| format!("1{digits}"))
}

/// Every table of a full analysis of `windows`, ids in Twitter's form.
fn analysis_tables(windows: &Windows) -> Vec<(String, Vec<Vec<String>>)> {
    let params = AnalysisParams::default()
        .null_realisations(2)
        .controversy_realisations(4)
        .dip_replicates(100);
    let report = Analysis::new(params).run(windows).unwrap();
    report
        .tables(windows, &[])
        .iter()
        .map(|t| {
            let rows = t.collect().unwrap();
            let rows = rows
                .iter()
                .map(|r| r.iter().map(|c| as_twitter(c)).collect())
                .collect();
            (t.name().to_owned(), rows)
        })
        .collect()
}

/// Every window's edges (source, target, weight), ids in Twitter's form.
fn window_edges(windows: &Windows) -> Vec<Vec<(String, String, u32)>> {
    windows
        .windows
        .iter()
        .map(|w| {
            let g = &w.graph;
            let name =
                |local: u32| as_twitter(&windows.interner.external(g.user(local)).to_string());
            let mut edges: Vec<_> = g.edges().map(|(s, t, w)| (name(s), name(t), w)).collect();
            edges.sort();
            edges
        })
        .collect()
}

#[test]
fn one_conversation_in_three_formats_gives_the_same_chambers() {
    let dir = tempfile::tempdir().unwrap();
    let talk = Conversation::planted();
    let files = [
        write(dir.path(), "twitter.jsonl", talk.twitter().as_bytes()),
        write(dir.path(), "bluesky.jsonl", talk.bluesky().as_bytes()),
        write(dir.path(), "mastodon.json", talk.mastodon().as_bytes()),
    ];
    let spec = WindowSpec::Fixed {
        start: None,
        length: 7 * DAY,
    };
    for interactions in [
        chambers::io::Interactions::default(),
        chambers::io::Interactions::ALL,
    ] {
        // No --format: each file's format is found from its content.
        let options = ReadOptions::default().interactions(interactions);
        let read =
            |path: &String| read_windows(&[path], spec, GraphOptions::default(), &options).unwrap();
        let (twitter, report) = read(&files[0]);
        let edges = window_edges(&twitter);
        let tables = analysis_tables(&twitter);
        assert_eq!(edges.len(), 2);
        assert_eq!(report.retweets, 3_000);
        if interactions.reply {
            assert_eq!(report.replies as usize, talk.replies.len());
        }
        assert!(
            tables
                .iter()
                .any(|(name, rows)| name == "leaders" && !rows.is_empty())
        );
        for file in &files[1..] {
            let (other, report) = read(file);
            assert_eq!(
                report.rows,
                report.retweets + report.replies + report.mentions
            );
            assert_eq!(window_edges(&other), edges, "{file}: {interactions}");
            assert_eq!(analysis_tables(&other), tables, "{file}: {interactions}");
        }
    }
}

#[test]
fn convert_writes_the_same_table_from_the_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let talk = Conversation::planted();
    let inputs = [
        write(dir.path(), "twitter.jsonl", talk.twitter().as_bytes()),
        write(dir.path(), "bluesky.jsonl", talk.bluesky().as_bytes()),
        // A name that says nothing: the format is given.
        write(dir.path(), "mastodon.txt", talk.mastodon().as_bytes()),
    ];
    let tables: Vec<Vec<String>> = inputs
        .iter()
        .enumerate()
        .map(|(k, input)| {
            let out = dir.path().join(format!("edges{k}.csv"));
            let mut args = vec!["convert", input, "--interactions", "all"];
            args.extend(["--out", out.to_str().unwrap()]);
            if input.ends_with(".txt") {
                args.extend(["--format", "mastodon"]);
            }
            let o = chambers(&args);
            assert!(o.status.success(), "{}", stderr(&o));
            let text = std::fs::read_to_string(&out).unwrap();
            let cells = |line: &str| {
                line.split(',')
                    .map(as_twitter)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            text.lines().map(cells).collect()
        })
        .collect();
    // One row per edge; a post mentioning one account twice gives one mention edge.
    let mentions: usize = talk
        .mentions
        .iter()
        .map(|(_, [a, b], _)| if a == b { 1 } else { 2 })
        .sum();
    let edges = talk.retweets.len() + talk.replies.len() + mentions;
    assert_eq!(tables[0].len(), 1 + edges);
    assert_eq!(tables[1], tables[0]);
    assert_eq!(tables[2], tables[0]);
}
