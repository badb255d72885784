//! Ingestion throughput on one core, on inputs generated in a temporary folder:
//! * `jsonl_v1_retweets`: Twitter API v1.1 retweet lines of about 3 KB with the usual extra fields
//!   (user objects, entities, counts), MB/s of input;
//! * `bluesky_jetstream`: Jetstream events in the firehose's mix (likes, posts with facets and
//!   replies, reposts, follows, deletions, identity events), MB/s;
//! * `mastodon_lines`, `mastodon_pages`: Mastodon statuses with full account objects, a third of
//!   them boosts, one per line and as API pages (JSON arrays of 40 on a line), MB/s;
//! * `parquet_read_5M`: the canonical edge table of 5,000,000 rows, rows/s;
//! * `convert_csv_to_parquet_5M`: `convert_edges` of a 5,000,000-row CSV to Parquet, rows/s.
//!
//! Run with `cargo bench -p chambers-io`; the inputs are seeded, so runs are comparable.

use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;

use chambers_io::{EdgeWrite, ParquetEdgeWriter, ReadOptions, convert_edges, read_edges};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const ROWS: u64 = 5_000_000;
const JSONL_BYTES: u64 = 96 << 20;
const T0: i64 = 1_551_398_400;

/// A small deterministic generator (SplitMix64).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A retweeter among a million accounts and a retweeted account skewed to the popular.
    fn pair(&mut self) -> (u64, u64) {
        let source = 100_000_000 + self.next() % 1_000_000;
        let u = (self.next() % 1_000_000) as f64 / 1e6;
        let target = 2_000_000_000 + (u * u * u * 50_000.0) as u64;
        (source, target)
    }
}

fn user_json(id: u64, handle: &str) -> String {
    format!(
        r#"{{"id":{id},"id_str":"{id}","name":"Example \u00c9lodie {handle}","screen_name":"{handle}","url":null,"description":"Invented account for benchmarks \ud83d\udc26 #tag \"quoted\"","protected":false,"verified":false,"followers_count":{f},"friends_count":{g},"listed_count":3,"favourites_count":{h},"statuses_count":{s},"created_at":"Mon Jan 01 00:00:00 +0000 2018","profile_image_url_https":"https://example.invalid/profile_images/{id}/a_normal.jpg","profile_link_color":"1DA1F2","default_profile":true,"default_profile_image":false,"following":null,"follow_request_sent":null,"notifications":null}}"#,
        f = id % 9973,
        g = id % 997,
        h = id % 99_991,
        s = id % 999_983,
    )
}

/// One v1.1 retweet as a streaming collector writes it.
fn retweet_line(rng: &mut Mix, i: u64) -> String {
    let (source, target) = rng.pair();
    let id = 1_100_000_000_000_000_000 + i;
    let original = 1_000_000_000_000_000_000 + rng.next() % 1_000_000_000;
    let text = "Turnout at the polls is up this year \u{2014} \\\"every vote counts\\\" \\n see the thread below #vote #election2019";
    let extra = "x".repeat((rng.next() % 300) as usize);
    let day = ["Fri", "Sat", "Sun"][(i % 3) as usize];
    let created = format!(
        "{day} Mar 0{} 1{}:2{}:3{} +0000 2019",
        1 + i % 3,
        i % 10,
        i % 10,
        i % 10
    );
    format!(
        r#"{{"created_at":"{created}","id":{id},"id_str":"{id}","text":"RT @acct{target}: {text}","source":"<a href=\"https://example.invalid/download\" rel=\"nofollow\">Example for Android</a>","truncated":false,"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,"in_reply_to_user_id_str":null,"in_reply_to_screen_name":null,"user":{user},"geo":null,"coordinates":null,"place":null,"contributors":null,"retweeted_status":{{"created_at":"Thu Feb 28 23:00:00 +0000 2019","id":{original},"id_str":"{original}","text":"{text} {extra}","truncated":false,"entities":{{"hashtags":[{{"text":"vote","indices":[70,75]}}],"symbols":[],"user_mentions":[],"urls":[]}},"user":{author},"is_quote_status":false,"quote_count":1,"reply_count":2,"retweet_count":{rts},"favorite_count":5,"favorited":false,"retweeted":false,"filter_level":"low","lang":"en"}},"is_quote_status":false,"quote_count":0,"reply_count":0,"retweet_count":0,"favorite_count":0,"entities":{{"hashtags":[{{"text":"vote","indices":[90,95]}}],"urls":[],"user_mentions":[{{"screen_name":"acct{target}","name":"Account","id":{target},"id_str":"{target}","indices":[3,15]}}],"symbols":[]}},"favorited":false,"retweeted":false,"filter_level":"low","lang":"en","timestamp_ms":"{ms}"}}"#,
        user = user_json(source, &format!("user{source}")),
        author = user_json(target, &format!("acct{target}")),
        rts = rng.next() % 10_000,
        ms = (T0 + i as i64) * 1000,
    )
}

/// A Jetstream event of the firehose's usual mix; `true` when it is a repost (an edge).
fn jetstream_line(rng: &mut Mix, i: u64) -> (String, bool) {
    let (source, target) = rng.pair();
    let did = |n: u64| format!("did:plc:{n:024x}");
    let time_us = (T0 as u64 + i) * 1_000_000 + rng.next() % 1_000_000;
    let post = format!(
        "at://{}/app.bsky.feed.post/3l{:x}",
        did(target),
        rng.next() % (1 << 40)
    );
    let subject = format!(r#"{{"cid":"bafyreig{:032x}","uri":"{post}"}}"#, rng.next());
    let created = "2019-03-01T12:30:45.123Z";
    let (collection, record) = match rng.next() % 20 {
        0..=8 => (
            "app.bsky.feed.like",
            format!(
                r#"{{"$type":"app.bsky.feed.like","createdAt":"{created}","subject":{subject}}}"#
            ),
        ),
        9..=12 => {
            let text = r#"Turnout at the polls is up this year \u2014 \"every vote counts\", see the thread below #vote"#;
            let extra = "x".repeat((rng.next() % 200) as usize);
            let mention = did(source + 1);
            (
                "app.bsky.feed.post",
                format!(
                    r#"{{"$type":"app.bsky.feed.post","createdAt":"{created}","langs":["en"],"text":"{text} {extra}","reply":{{"parent":{subject},"root":{subject}}},"facets":[{{"$type":"app.bsky.richtext.facet","features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{mention}"}}],"index":{{"byteEnd":20,"byteStart":10}}}},{{"features":[{{"$type":"app.bsky.richtext.facet#tag","tag":"vote"}}],"index":{{"byteEnd":95,"byteStart":90}}}}]}}"#
                ),
            )
        }
        13..=15 => (
            "app.bsky.feed.repost",
            format!(
                r#"{{"$type":"app.bsky.feed.repost","createdAt":"{created}","subject":{subject}}}"#
            ),
        ),
        16 => (
            "app.bsky.graph.follow",
            format!(
                r#"{{"$type":"app.bsky.graph.follow","createdAt":"{created}","subject":"{}"}}"#,
                did(target)
            ),
        ),
        17 | 18 => {
            let line = format!(
                r#"{{"did":"{}","time_us":{time_us},"kind":"commit","commit":{{"rev":"3l{:x}","operation":"delete","collection":"app.bsky.feed.like","rkey":"3l{:x}"}}}}"#,
                did(source),
                rng.next() % (1 << 40),
                rng.next() % (1 << 40)
            );
            return (line, false);
        }
        _ => {
            let line = format!(
                r#"{{"did":"{0}","time_us":{time_us},"kind":"identity","identity":{{"did":"{0}","handle":"user{source}.bsky.example","seq":{i},"time":"{created}"}}}}"#,
                did(source)
            );
            return (line, false);
        }
    };
    let line = format!(
        r#"{{"did":"{}","time_us":{time_us},"kind":"commit","commit":{{"rev":"3l{:x}","operation":"create","collection":"{collection}","rkey":"3l{:x}","record":{record},"cid":"bafyreih{:032x}"}}}}"#,
        did(source),
        rng.next() % (1 << 40),
        rng.next() % (1 << 40),
        rng.next()
    );
    (line, collection == "app.bsky.feed.repost")
}

/// A Mastodon API account object.
fn mastodon_account(id: u64) -> String {
    let user = format!("user{id}");
    let host = ["town.example", "harbour.example", "isle.example"][(id % 3) as usize];
    format!(
        r#"{{"id":"{id}","username":"{user}","acct":"{user}@{host}","display_name":"Example \u00c9lodie {id}","locked":false,"bot":false,"discoverable":true,"group":false,"created_at":"2018-01-01T00:00:00.000Z","note":"<p>Invented account for benchmarks \ud83d\udc18 <a href=\"https://{host}/tags/vote\" class=\"mention hashtag\" rel=\"tag\">#<span>vote</span></a></p>","url":"https://{host}/@{user}","uri":"https://{host}/users/{user}","avatar":"https://files.{host}/accounts/avatars/{id}/original/a.png","avatar_static":"https://files.{host}/accounts/avatars/{id}/original/a.png","header":"https://{host}/headers/original/missing.png","header_static":"https://{host}/headers/original/missing.png","followers_count":{},"following_count":{},"statuses_count":{},"last_status_at":"2019-03-01","emojis":[],"fields":[{{"name":"Web","value":"<a href=\"https://example.invalid\">example.invalid</a>","verified_at":null}}]}}"#,
        id % 9973,
        id % 997,
        id % 99_991
    )
}

/// A Mastodon status, a third of them boosts; `true` when it is a boost (an edge).
fn mastodon_status(rng: &mut Mix, i: u64) -> (String, bool) {
    let (source, target) = rng.pair();
    let content = format!(
        r#""content":"<p>Turnout at the polls is up this year \u2014 \"every vote counts\" {}</p>","visibility":"public","language":"en","sensitive":false,"spoiler_text":"","media_attachments":[],"tags":[{{"name":"vote","url":"https://town.example/tags/vote"}}],"emojis":[],"replies_count":{},"reblogs_count":{},"favourites_count":{},"card":null,"poll":null"#,
        "x".repeat((rng.next() % 200) as usize),
        rng.next() % 50,
        rng.next() % 500,
        rng.next() % 900
    );
    let time = format!(
        "2019-03-01T{:02}:{:02}:{:02}.000Z",
        i / 3600 % 24,
        i / 60 % 60,
        i % 60
    );
    let (id, original) = (110_000_000_000_000_000 + i, 100_000_000_000_000_000 + i);
    let boost = rng.next().is_multiple_of(3);
    let line = if boost {
        format!(
            r#"{{"id":"{id}","created_at":"{time}","in_reply_to_id":null,"in_reply_to_account_id":null,"uri":"https://town.example/users/u/statuses/{id}/activity","url":null,"account":{},"reblog":{{"id":"{original}","created_at":"{time}","in_reply_to_id":null,"in_reply_to_account_id":null,"account":{},{content},"mentions":[],"reblog":null}},"content":"","mentions":[]}}"#,
            mastodon_account(source),
            mastodon_account(target)
        )
    } else {
        format!(
            r#"{{"id":"{id}","created_at":"{time}","in_reply_to_id":"{original}","in_reply_to_account_id":"{target}","uri":"https://town.example/users/u/statuses/{id}","url":"https://town.example/@u/{id}","account":{},"reblog":null,{content},"mentions":[{{"id":"{target}","username":"user{target}","url":"https://isle.example/@user{target}","acct":"user{target}@isle.example"}}]}}"#,
            mastodon_account(source)
        )
    };
    (line, boost)
}

/// Writes generated values up to [`JSONL_BYTES`], one per line, or `per_line` to a line as a
/// JSON array (an API page); returns the bytes and the edges to expect.
fn write_lines(
    path: &Path,
    seed: u64,
    per_line: usize,
    value: impl Fn(&mut Mix, u64) -> (String, bool),
) -> (u64, u64) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let mut rng = Mix(seed);
    let (mut bytes, mut edges, mut i) = (0u64, 0u64, 0u64);
    while bytes < JSONL_BYTES {
        let mut values = Vec::with_capacity(per_line);
        for _ in 0..per_line {
            let (text, edge) = value(&mut rng, i);
            values.push(text);
            edges += u64::from(edge);
            i += 1;
        }
        let line = if per_line == 1 {
            values.pop().unwrap()
        } else {
            format!("[{}]", values.join(","))
        };
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        bytes += line.len() as u64 + 1;
    }
    out.flush().unwrap();
    (bytes, edges)
}

fn write_csv(path: &Path) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let mut rng = Mix(11);
    writeln!(out, "source,target,weight,time").unwrap();
    for i in 0..ROWS {
        let (s, t) = rng.pair();
        writeln!(out, "{s},{t},{},{}", 1 + i % 3, T0 + i as i64).unwrap();
    }
    out.flush().unwrap();
}

fn write_parquet(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = ParquetEdgeWriter::new(BufWriter::with_capacity(1 << 16, file)).unwrap();
    let mut rng = Mix(11);
    for i in 0..ROWS {
        let (s, t) = rng.pair();
        w.write(
            &s.to_string(),
            &t.to_string(),
            1 + (i % 3) as u32,
            Some(T0 + i as i64),
        )
        .unwrap();
    }
    w.finish().unwrap().flush().unwrap();
}

/// Reads a file to the end, counting rows.
fn count(path: &Path) -> u64 {
    let mut n = 0u64;
    read_edges(path, &ReadOptions::default(), |r| {
        black_box(r);
        n += 1;
        Ok(())
    })
    .unwrap();
    n
}

fn ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    type Generator = fn(&mut Mix, u64) -> (String, bool);
    let readers: [(&str, &str, usize, Generator); 4] = [
        ("jsonl_v1_retweets", "retweets.jsonl", 1, |rng, i| {
            (retweet_line(rng, i), true)
        }),
        ("bluesky_jetstream", "jetstream.jsonl", 1, jetstream_line),
        ("mastodon_lines", "statuses.jsonl", 1, mastodon_status),
        ("mastodon_pages", "pages.json", 40, mastodon_status),
    ];
    for (name, file, per_line, generator) in readers {
        let path = dir.path().join(file);
        let (bytes, edges) = write_lines(&path, 7, per_line, generator);
        eprintln!("{name}: {:.1} MB, {edges} edges", bytes as f64 / 1e6);
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(name, |b| b.iter(|| assert_eq!(count(&path), edges)));
        std::fs::remove_file(&path).unwrap();
    }

    let parquet = dir.path().join("edges.parquet");
    write_parquet(&parquet);
    eprintln!(
        "parquet: {ROWS} rows, {:.1} MB",
        std::fs::metadata(&parquet).unwrap().len() as f64 / 1e6
    );
    g.throughput(Throughput::Elements(ROWS));
    g.bench_function("parquet_read_5M", |b| {
        b.iter(|| assert_eq!(count(&parquet), ROWS))
    });
    std::fs::remove_file(&parquet).unwrap();

    let csv = dir.path().join("edges.csv");
    write_csv(&csv);
    let out = dir.path().join("out.parquet");
    g.bench_function("convert_csv_to_parquet_5M", |b| {
        b.iter(|| {
            let report = convert_edges(&[&csv], &out, None, &ReadOptions::default()).unwrap();
            assert_eq!(report.rows, ROWS);
        })
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
