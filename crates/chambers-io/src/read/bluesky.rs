//! The reader of Bluesky records: Jetstream commit events, `com.atproto.repo.listRecords`
//! records and pages, and bare records with their author beside them.
//!
//! Accounts are DIDs. A post is named by its AT URI, `at://<did>/app.bsky.feed.post/<rkey>`,
//! whose authority is the post's author: a repost, quote or reply names the account acted upon
//! without any lookup.

use std::marker::PhantomData;
use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::json::{Delivery, Text, Values, for_each_object};
use crate::{
    EdgeRow, Interaction, Interactions, IoError, Problem, ReadOptions, ReadReport, Rejection,
    parse_time,
};

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";
const MENTION: &str = "app.bsky.richtext.facet#mention";

/// A strong reference to a record (`{uri, cid}`): only the URI.
#[derive(Deserialize)]
struct Ref<'a> {
    #[serde(borrow, default)]
    uri: Option<Text<'a>>,
}

/// A record's `subject`: a strong reference (reposts, likes) or a DID (follows, blocks).
enum Subject<'a> {
    Record(Ref<'a>),
    Account,
}

impl<'de: 'a, 'a> Deserialize<'de> for Subject<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Subject<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a record reference or a DID")
            }
            fn visit_str<E>(self, _: &str) -> Result<Subject<'a>, E> {
                Ok(Subject::Account)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Subject<'a>, A::Error> {
                Ref::deserialize(de::value::MapAccessDeserializer::new(map)).map(Subject::Record)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A post's `reply`: the post it answers is `parent`.
#[derive(Deserialize)]
struct Reply<'a> {
    #[serde(borrow, default)]
    parent: Option<Ref<'a>>,
}

/// `embed.record`: a strong reference (`app.bsky.embed.record`) or, in
/// `app.bsky.embed.recordWithMedia`, an object whose `record` is one.
#[derive(Deserialize)]
struct Embedded<'a> {
    #[serde(borrow, default)]
    uri: Option<Text<'a>>,
    #[serde(borrow, default)]
    record: Option<Ref<'a>>,
}

#[derive(Deserialize)]
struct Embed<'a> {
    #[serde(borrow, default)]
    record: Option<Embedded<'a>>,
}

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(rename = "$type", borrow, default)]
    kind: Option<Text<'a>>,
    #[serde(borrow, default)]
    did: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct Facet<'a> {
    #[serde(borrow, default)]
    features: Vec<Feature<'a>>,
}

/// A Jetstream `commit`.
#[derive(Deserialize)]
struct Commit<'a> {
    #[serde(borrow, default)]
    operation: Option<Text<'a>>,
    #[serde(borrow, default)]
    collection: Option<Text<'a>>,
    #[serde(borrow, default)]
    record: Option<Box<Object<'a>>>,
}

/// One JSON object with the fields of every form: a Jetstream event (`did`, `time_us`,
/// `kind`, `commit`), a listRecords record (`uri`, `value`) or page (`records`), and a record
/// itself (`$type`, `subject`, `reply`, `embed`, `facets`, `createdAt`).
#[derive(Deserialize)]
struct Object<'a> {
    #[serde(borrow, default)]
    did: Option<Text<'a>>,
    #[serde(borrow, default)]
    repo: Option<Text<'a>>,
    #[serde(default)]
    time_us: Option<i64>,
    #[serde(borrow, default)]
    kind: Option<Text<'a>>,
    #[serde(borrow, default)]
    commit: Option<Commit<'a>>,
    #[serde(borrow, default)]
    uri: Option<Text<'a>>,
    #[serde(borrow, default)]
    value: Option<Box<Object<'a>>>,
    #[serde(borrow, default)]
    records: Option<Vec<Object<'a>>>,
    #[serde(rename = "$type", borrow, default)]
    record_type: Option<Text<'a>>,
    #[serde(rename = "createdAt", borrow, default)]
    created_at: Option<Text<'a>>,
    #[serde(borrow, default)]
    subject: Option<Subject<'a>>,
    #[serde(borrow, default)]
    reply: Option<Reply<'a>>,
    #[serde(borrow, default)]
    embed: Option<Embed<'a>>,
    #[serde(borrow, default)]
    facets: Option<Vec<Facet<'a>>>,
}

/// Checks a DID (`did:<method>:<identifier>`), the only offline-resolvable account name.
fn did(text: &str) -> Result<&str, Problem> {
    let bad = |why| Problem::BadReference {
        kind: "DID",
        value: text.chars().take(80).collect(),
        why,
    };
    let rest = text
        .strip_prefix("did:")
        .ok_or_else(|| bad("expected did:<method>:<identifier>"))?;
    let (method, id) = rest
        .split_once(':')
        .ok_or_else(|| bad("expected did:<method>:<identifier>"))?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(bad("the method must be lowercase letters"));
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b".-_:%".contains(&b);
    if id.is_empty() || !id.bytes().all(allowed) || id.ends_with(':') {
        return Err(bad("bad identifier"));
    }
    Ok(text)
}

/// The author (a checked DID) and collection of an AT URI `at://<did>/<collection>/<rkey>`.
fn at_uri(uri: &str) -> Result<(&str, &str), Problem> {
    let bad = |why| Problem::BadReference {
        kind: "AT URI",
        value: uri.chars().take(80).collect(),
        why,
    };
    let rest = uri
        .strip_prefix("at://")
        .ok_or_else(|| bad("expected at://<did>/<collection>/<rkey>"))?;
    let mut parts = rest.splitn(3, '/');
    let authority = parts.next().unwrap_or_default();
    let collection = parts.next().unwrap_or_default();
    if !authority.starts_with("did:") {
        return Err(bad(
            "names a handle, not a DID; a handle cannot be resolved offline",
        ));
    }
    let author = did(authority).map_err(|_| bad("its DID is malformed"))?;
    Ok((author, collection))
}

/// The edges of one record, checked before any is delivered so that a bad record is refused
/// whole.
struct Edges<'t> {
    time: Option<i64>,
    repost: Option<&'t str>,
    quote: Option<&'t str>,
    reply: Option<&'t str>,
    mentions: Vec<&'t str>,
}

impl<'a> Object<'a> {
    /// The time: Jetstream's `time_us` (floored to seconds), else the record's `createdAt`.
    fn time(&self, time_us: Option<i64>) -> Result<Option<i64>, Problem> {
        if let Some(us) = time_us {
            return Ok(Some(us.div_euclid(1_000_000)));
        }
        self.created_at
            .as_ref()
            .map(|t| {
                parse_time(t.as_bytes())
                    .ok_or_else(|| Problem::BadTime(t.chars().take(40).collect()))
            })
            .transpose()
    }

    /// The edges of this record, a post or a repost (`collection`), of the selected kinds.
    fn edges(
        &self,
        collection: &str,
        kinds: Interactions,
        time_us: Option<i64>,
    ) -> Result<Edges<'_>, Problem> {
        let mut edges = Edges {
            time: None,
            repost: None,
            quote: None,
            reply: None,
            mentions: Vec::new(),
        };
        if collection == REPOST {
            if kinds.retweet {
                let uri = match &self.subject {
                    Some(Subject::Record(r)) => r.uri.as_deref(),
                    _ => None,
                };
                let uri = uri.ok_or(Problem::MissingField {
                    kind: "repost",
                    field: "subject.uri",
                })?;
                edges.repost = Some(at_uri(uri)?.0);
            }
        } else {
            if kinds.quote {
                let embedded = self.embed.as_ref().and_then(|e| e.record.as_ref());
                let uri = embedded.and_then(|r| {
                    r.uri
                        .as_deref()
                        .or(r.record.as_ref().and_then(|r| r.uri.as_deref()))
                });
                if let Some(uri) = uri {
                    // Embedded lists and feed generators are not quotes of a post.
                    let (author, collection) = at_uri(uri)?;
                    edges.quote = (collection == POST).then_some(author);
                }
            }
            if kinds.reply
                && let Some(reply) = &self.reply
            {
                let uri = reply.parent.as_ref().and_then(|p| p.uri.as_deref());
                let uri = uri.ok_or(Problem::MissingField {
                    kind: "reply",
                    field: "reply.parent.uri",
                })?;
                edges.reply = Some(at_uri(uri)?.0);
            }
            if kinds.mention {
                let features = self.facets.iter().flatten().flat_map(|f| &f.features);
                for feature in features.filter(|f| f.kind.as_deref() == Some(MENTION)) {
                    let target = feature.did.as_deref().ok_or(Problem::MissingField {
                        kind: "mention",
                        field: "facets[].features[].did",
                    })?;
                    edges.mentions.push(did(target)?);
                }
            }
        }
        let any = edges.repost.is_some()
            || edges.quote.is_some()
            || edges.reply.is_some()
            || !edges.mentions.is_empty();
        if any {
            edges.time = self.time(time_us)?;
        }
        Ok(edges)
    }
}

/// The Bluesky reader: the shared delivery and the selected interactions.
struct Records<'f, S> {
    out: Delivery<'f, S>,
    kinds: Interactions,
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Records<'_, S> {
    /// One record of `collection` by `author` (unchecked): a post or a repost gives edges,
    /// other collections are counted.
    fn record(
        &mut self,
        author: Result<&str, Problem>,
        collection: &str,
        record: &Object<'_>,
        time_us: Option<i64>,
        line: u64,
    ) -> Result<(), IoError> {
        if collection != POST && collection != REPOST {
            self.out.report.other_records += 1;
            return Ok(());
        }
        self.out.report.tweets += 1;
        let checked = author
            .and_then(did)
            .and_then(|a| Ok((a, record.edges(collection, self.kinds, time_us)?)));
        let (source, edges) = match checked {
            Ok(found) => found,
            Err(problem) => return self.out.refuse(line, problem),
        };
        let single = [
            (Interaction::Retweet, edges.repost),
            (Interaction::Quote, edges.quote),
            (Interaction::Reply, edges.reply),
        ];
        for (kind, target) in single {
            if let Some(target) = target {
                self.out.edge(kind, source, target, edges.time, line)?;
            }
        }
        self.out.mentions(source, &edges.mentions, edges.time, line)
    }

    /// A listRecords record (`uri` and `value`): the author and collection are in the URI.
    fn listed(&mut self, uri: &str, value: &Object<'_>, line: u64) -> Result<(), IoError> {
        match at_uri(uri) {
            Ok((author, collection)) => self.record(Ok(author), collection, value, None, line),
            Err(problem) => {
                self.out.report.tweets += 1;
                self.out.refuse(line, problem)
            }
        }
    }

    fn object(&mut self, o: &Object<'_>, line: u64) -> Result<(), IoError> {
        let author = || {
            o.did
                .as_deref()
                .or(o.repo.as_deref())
                .ok_or(Problem::MissingField {
                    kind: "record",
                    field: "its author (did or repo)",
                })
        };
        if let Some(records) = &o.records {
            if records.is_empty() {
                self.out.report.non_tweets += 1;
            }
            for r in records {
                match (&r.uri, &r.value) {
                    (Some(uri), Some(value)) => self.listed(uri, value, line)?,
                    _ => self.out.report.non_tweets += 1,
                }
            }
        } else if o.commit.is_some() || o.kind.is_some() {
            // Jetstream: only commits carry records; identity and account events do not.
            let is_commit = o.kind.as_deref().is_none_or(|k| k == "commit");
            let Some(commit) = o.commit.as_ref().filter(|_| is_commit) else {
                self.out.report.non_tweets += 1;
                return Ok(());
            };
            let collection = commit.collection.as_deref().unwrap_or_default();
            match (commit.operation.as_deref(), &commit.record) {
                (Some("delete"), _) => self.out.report.deletions += 1,
                (Some("create"), Some(record)) => {
                    self.record(author(), collection, record, o.time_us, line)?
                }
                (Some("create"), None) => {
                    let problem = Problem::MissingField {
                        kind: "commit",
                        field: "commit.record",
                    };
                    self.out.refuse(line, problem)?
                }
                _ => self.out.report.other_records += 1,
            }
        } else if let (Some(uri), Some(value)) = (&o.uri, &o.value) {
            self.listed(uri, value, line)?;
        } else if let Some(kind) = &o.record_type {
            self.record(author(), kind, o, None, line)?;
        } else {
            self.out.report.non_tweets += 1;
        }
        Ok(())
    }
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Values for Records<'_, S> {
    fn object(&mut self, bytes: &[u8], line: u64) -> Result<ControlFlow<()>, IoError> {
        if let Some(parsed) = self.out.parse::<Object<'_>>(bytes, line)? {
            Records::object(self, &parsed, line)?;
        }
        Ok(ControlFlow::Continue(()))
    }

    fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError> {
        self.out.refuse(line, problem)
    }
}

/// Streams the edges of one Bluesky file (plain or `.gz`) to `sink`.
///
/// The file holds JSON objects, one per line, or arrays of them:
/// * Jetstream events: `{"did", "time_us", "kind": "commit", "commit": {"operation",
///   "collection", "record"}}`; the author is `did`, the time `time_us`;
/// * `com.atproto.repo.listRecords` records `{"uri", "value"}` (the author and collection are
///   in the URI) or whole pages `{"records": [...]}`; the time is the record's `createdAt`;
/// * bare records `{"$type", …}` with the author in `did` or `repo`.
///
/// `app.bsky.feed.repost` gives an edge from the reposter to the author of the post in
/// `subject.uri` (the retweet of the chamber method). With [`ReadOptions::interactions`],
/// `app.bsky.feed.post` also gives quotes (`embed.record`, also inside `recordWithMedia`),
/// replies (`reply.parent.uri`) and mentions (`facets[].features[]` of type
/// `app.bsky.richtext.facet#mention`, once per account). Deletions ([`ReadReport::deletions`]),
/// other collections and updates ([`ReadReport::other_records`]), identity and account events
/// ([`ReadReport::non_tweets`]) are counted and skipped.
///
/// # Errors
/// [`IoError`] naming the file, the line and the problem: malformed JSON, a malformed DID, an
/// AT URI that names a handle instead of a DID (a handle cannot be resolved offline), a record
/// without its author, a bad `createdAt`. Under [`ReadOptions::skip_bad_rows`] they are counted
/// and skipped instead.
///
/// ```
/// use chambers_io::{read_bluesky_edges, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("jetstream.jsonl");
/// std::fs::write(
///     &path,
///     concat!(
///         r#"{"did":"did:plc:ann","time_us":1725911162329308,"kind":"commit","commit":{"#,
///         r#""operation":"create","collection":"app.bsky.feed.repost","record":{"#,
///         r#""$type":"app.bsky.feed.repost","subject":{"uri":"at://did:plc:bob/app.bsky.feed.post/3k2"}}}}"#,
///         "\n",
///         r#"{"did":"did:plc:ann","time_us":1725911162329309,"kind":"commit","commit":{"#,
///         r#""operation":"delete","collection":"app.bsky.feed.like","rkey":"3k3"}}"#,
///     ),
/// )
/// .unwrap();
/// let mut edges = Vec::new();
/// let report = read_bluesky_edges(&path, &ReadOptions::default(), |r| {
///     edges.push((r.source.to_owned(), r.target.to_owned(), r.time));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(edges, [("did:plc:ann".into(), "did:plc:bob".into(), Some(1_725_911_162))]);
/// assert_eq!((report.retweets, report.deletions), (1, 1));
/// ```
pub fn read_bluesky_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let file = path.display().to_string();
    let mut records = Records {
        out: Delivery::new(&file, options, sink),
        kinds: options.interactions,
    };
    for_each_object(path, true, &mut records)?;
    Ok(records.out.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dids_and_at_uris_are_checked() {
        let plc = "did:plc:z72i7hdynmk6r22z27h6tvur";
        assert_eq!(did(plc).ok(), Some(plc));
        assert_eq!(did("did:web:example.com").ok(), Some("did:web:example.com"));
        for bad in ["did:plc:", "did::x", "did:PLC:x", "plc:x", "did:plc:a b"] {
            assert!(did(bad).is_err(), "{bad}");
        }
        let uri = "at://did:plc:abc/app.bsky.feed.post/3k2";
        assert_eq!(at_uri(uri).ok(), Some(("did:plc:abc", POST)));
        let handle = at_uri("at://alice.example.com/app.bsky.feed.post/3k2").unwrap_err();
        assert!(
            handle.to_string().contains("cannot be resolved offline"),
            "{handle}"
        );
        assert!(at_uri("https://bsky.app/profile/x").is_err());
    }
}
