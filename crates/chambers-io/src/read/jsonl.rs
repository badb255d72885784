//! The reader of Twitter JSONL dumps: API v1.1 statuses, API v2 response pages, and the
//! one-tweet-per-line v2 form that twarc2 writes.
//!
//! Each line is deserialized into small structs of borrowed strings holding only the fields an
//! edge needs; serde skips every other field without building a tree.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::json::{Delivery, Text, Values, for_each_object};
use crate::num::{NumBuf, decimal};
use crate::{
    EdgeRow, Interaction, Interactions, IoError, Problem, ReadOptions, ReadReport, Rejection,
    parse_time,
};

/// An account or tweet id as Twitter writes it: a string (`id_str`, every v2 id) or a
/// non-negative integer (v1.1 `id`, `in_reply_to_user_id`).
enum Id<'a> {
    Str(Cow<'a, str>),
    Num(u64),
}

impl Id<'_> {
    /// The id as text; numbers are written into `buf`.
    fn text<'s>(&'s self, buf: &'s mut NumBuf) -> &'s str {
        match self {
            Id::Str(s) => s,
            Id::Num(n) => decimal(*n, buf),
        }
    }

    fn same(&self, other: &Id<'_>) -> bool {
        let (mut a, mut b) = (NumBuf::default(), NumBuf::default());
        self.text(&mut a) == other.text(&mut b)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Id<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an id (a string or a non-negative integer)")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Id<'a>, E> {
                Ok(Id::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Id<'a>, E> {
                Ok(Id::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Id<'a>, E> {
                Ok(Id::Num(v))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// The v2 `data` member: an array of tweets (search, timelines) or one tweet (lookup).
struct OneOrMany<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a tweet or an array of tweets")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut all = Vec::new();
                while let Some(t) = seq.next_element()? {
                    all.push(t);
                }
                Ok(OneOrMany(all))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|t| OneOrMany(vec![t]))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A user object (v1.1 `user`, v2 expanded `author`) or a mention: only its id.
#[derive(Deserialize)]
struct UserRef<'a> {
    #[serde(borrow, default)]
    id_str: Option<Id<'a>>,
    #[serde(borrow, default)]
    id: Option<Id<'a>>,
    /// v2 mentions: offset in the text (a retweet's `RT @author:` mention starts at 3).
    #[serde(default)]
    start: Option<u64>,
}

impl<'a> UserRef<'a> {
    fn id(&self) -> Option<&Id<'a>> {
        self.id_str.as_ref().or(self.id.as_ref())
    }
}

/// A v1.1 `retweeted_status` or `quoted_status`: only its author.
#[derive(Deserialize)]
struct Original<'a> {
    #[serde(borrow, default)]
    user: Option<UserRef<'a>>,
}

#[derive(Deserialize)]
struct Entities<'a> {
    /// v1.1.
    #[serde(borrow, default)]
    user_mentions: Option<Vec<UserRef<'a>>>,
    /// v2.
    #[serde(borrow, default)]
    mentions: Option<Vec<UserRef<'a>>>,
}

impl<'a> Entities<'a> {
    fn all(&self) -> &[UserRef<'a>] {
        self.user_mentions
            .as_deref()
            .or(self.mentions.as_deref())
            .unwrap_or_default()
    }
}

/// v1.1 `extended_tweet` (streamed tweets over 140 characters): its entities are complete.
#[derive(Deserialize)]
struct Extended<'a> {
    #[serde(borrow, default)]
    entities: Option<Entities<'a>>,
}

/// A v2 `referenced_tweets` element; twarc2's flattened form expands the tweet in place.
#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Text<'a>>,
    #[serde(borrow, default)]
    id: Option<Id<'a>>,
    #[serde(borrow, default)]
    author_id: Option<Id<'a>>,
    #[serde(borrow, default)]
    author: Option<UserRef<'a>>,
}

impl Reference<'_> {
    fn is(&self, kind: &str) -> bool {
        self.kind.as_ref().is_some_and(|k| **k == *kind)
    }
}

/// A v2 `includes.tweets` element: only its id and author.
#[derive(Deserialize)]
struct Included<'a> {
    #[serde(borrow, default)]
    id: Option<Id<'a>>,
    #[serde(borrow, default)]
    author_id: Option<Id<'a>>,
}

#[derive(Deserialize)]
struct Includes<'a> {
    #[serde(borrow, default)]
    tweets: Option<Vec<Included<'a>>>,
}

/// One line: a v1.1 status, a v2 tweet (flattened), or a v2 response page (`data`), with the
/// fields of all three; anything else (deletes, limit notices) has none of them.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow, default)]
    created_at: Option<Text<'a>>,
    #[serde(default)]
    text: Option<IgnoredAny>,
    #[serde(default)]
    full_text: Option<IgnoredAny>,
    // v1.1
    #[serde(borrow, default)]
    user: Option<UserRef<'a>>,
    #[serde(borrow, default)]
    retweeted_status: Option<Original<'a>>,
    #[serde(borrow, default)]
    quoted_status: Option<Original<'a>>,
    #[serde(borrow, default)]
    in_reply_to_user_id_str: Option<Id<'a>>,
    /// A number in v1.1, a string in v2.
    #[serde(borrow, default)]
    in_reply_to_user_id: Option<Id<'a>>,
    #[serde(borrow, default)]
    entities: Option<Entities<'a>>,
    #[serde(borrow, default)]
    extended_tweet: Option<Extended<'a>>,
    // v2
    #[serde(borrow, default)]
    author_id: Option<Id<'a>>,
    #[serde(borrow, default)]
    author: Option<UserRef<'a>>,
    #[serde(borrow, default)]
    referenced_tweets: Option<Vec<Reference<'a>>>,
    // v2 response page
    #[serde(borrow, default)]
    data: Option<OneOrMany<Line<'a>>>,
    #[serde(borrow, default)]
    includes: Option<Includes<'a>>,
}

/// Which API wrote a tweet.
#[derive(Clone, Copy)]
enum Api {
    V1,
    V2,
}

/// The edges of one tweet, checked before any is delivered so that a bad tweet is refused whole.
struct Edges<'t, 'a> {
    source: &'t Id<'a>,
    time: Option<i64>,
    retweet: Option<&'t Id<'a>>,
    quote: Option<&'t Id<'a>>,
    reply: Option<&'t Id<'a>>,
    mentions: &'t [UserRef<'a>],
}

/// Finds the author of a v2 referenced tweet: expanded in place (twarc2) or in `includes.tweets`.
fn resolve<'t, 'a>(r: &'t Reference<'a>, included: &'t [Included<'a>]) -> Option<&'t Id<'a>> {
    if let Some(a) = r
        .author_id
        .as_ref()
        .or(r.author.as_ref().and_then(UserRef::id))
    {
        return Some(a);
    }
    let id = r.id.as_ref()?;
    included
        .iter()
        .find(|t| t.id.as_ref().is_some_and(|i| i.same(id)))
        .and_then(|t| t.author_id.as_ref())
}

fn unresolved(kind: &'static str, r: &Reference<'_>) -> Problem {
    let mut buf = NumBuf::default();
    Problem::Unresolved {
        kind,
        id: r
            .id
            .as_ref()
            .map_or_else(|| "(no id)".into(), |i| i.text(&mut buf).to_owned()),
    }
}

impl<'a> Line<'a> {
    /// What kind of line this is: a page of tweets, one tweet, or neither.
    fn api(&self) -> Option<Api> {
        if self.user.is_some() {
            Some(Api::V1)
        } else if self.author_id.is_some()
            || self.author.is_some()
            || self.referenced_tweets.is_some()
            || self.text.is_some()
            || self.full_text.is_some()
        {
            Some(Api::V2)
        } else {
            None
        }
    }

    fn time(&self) -> Result<Option<i64>, Problem> {
        self.created_at
            .as_ref()
            .map(|t| {
                parse_time(t.as_bytes())
                    .ok_or_else(|| Problem::BadTime(t.0.chars().take(40).collect()))
            })
            .transpose()
    }

    /// The edges of the selected kinds; a retweet is only a retweet (its text's mentions and
    /// quoted tweet belong to the original author).
    fn edges<'t>(
        &'t self,
        api: Api,
        kinds: Interactions,
        included: &'t [Included<'a>],
    ) -> Result<Edges<'t, 'a>, Problem> {
        let missing = |kind, field| Problem::MissingField { kind, field };
        let source = match api {
            Api::V1 => self.user.as_ref().and_then(UserRef::id),
            Api::V2 => self
                .author_id
                .as_ref()
                .or(self.author.as_ref().and_then(UserRef::id)),
        }
        .ok_or_else(|| match api {
            Api::V1 => missing("tweet", "user.id_str"),
            Api::V2 => missing("tweet", "author_id (request the tweet field author_id)"),
        })?;
        let mut edges = Edges {
            source,
            time: None,
            retweet: None,
            quote: None,
            reply: None,
            mentions: &[],
        };
        let references = self.referenced_tweets.as_deref().unwrap_or_default();
        let retweeted = match api {
            Api::V1 => self.retweeted_status.as_ref().map(|o| {
                o.user
                    .as_ref()
                    .and_then(UserRef::id)
                    .ok_or_else(|| missing("retweet", "retweeted_status.user.id_str"))
            }),
            Api::V2 => references.iter().find(|r| r.is("retweeted")).map(|r| {
                resolve(r, included)
                    .or_else(|| {
                        // `RT @author: …`: the first mention names the retweeted author.
                        self.entities
                            .as_ref()
                            .and_then(|e| e.all().iter().find(|m| m.start == Some(3)))
                            .and_then(UserRef::id)
                    })
                    .ok_or_else(|| unresolved("retweeted", r))
            }),
        };
        if let Some(target) = retweeted {
            if kinds.retweet {
                edges.retweet = Some(target?);
                edges.time = self.time()?;
            }
            return Ok(edges);
        }
        if kinds.quote {
            edges.quote = match api {
                Api::V1 => self
                    .quoted_status
                    .as_ref()
                    .map(|o| {
                        o.user
                            .as_ref()
                            .and_then(UserRef::id)
                            .ok_or_else(|| missing("quote", "quoted_status.user.id_str"))
                    })
                    .transpose()?,
                Api::V2 => references
                    .iter()
                    .find(|r| r.is("quoted"))
                    .map(|r| resolve(r, included).ok_or_else(|| unresolved("quoted", r)))
                    .transpose()?,
            };
        }
        if kinds.reply {
            edges.reply = match self
                .in_reply_to_user_id_str
                .as_ref()
                .or(self.in_reply_to_user_id.as_ref())
            {
                Some(id) => Some(id),
                None => references
                    .iter()
                    .find(|r| r.is("replied_to"))
                    .map(|r| resolve(r, included).ok_or_else(|| unresolved("replied_to", r)))
                    .transpose()?,
            };
        }
        if kinds.mention {
            let entities = self
                .extended_tweet
                .as_ref()
                .and_then(|x| x.entities.as_ref())
                .or(self.entities.as_ref());
            edges.mentions = entities.map(Entities::all).unwrap_or_default();
            if edges.mentions.iter().any(|m| m.id().is_none()) {
                return Err(missing(
                    "mention",
                    "an id (entities.user_mentions[].id_str or entities.mentions[].id)",
                ));
            }
        }
        // The time is read only for a tweet that gives edges.
        if edges.quote.is_some() || edges.reply.is_some() || !edges.mentions.is_empty() {
            edges.time = self.time()?;
        }
        Ok(edges)
    }
}

/// The Twitter reader: the shared delivery and the selected interactions.
struct Tweets<'f, S> {
    out: Delivery<'f, S>,
    kinds: Interactions,
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Tweets<'_, S> {
    fn tweet(
        &mut self,
        tweet: &Line<'_>,
        api: Api,
        included: &[Included<'_>],
        line: u64,
    ) -> Result<(), IoError> {
        self.out.report.tweets += 1;
        match tweet.edges(api, self.kinds, included) {
            Ok(edges) => self.deliver(&edges, line),
            Err(problem) => self.out.refuse(line, problem),
        }
    }

    fn deliver(&mut self, edges: &Edges<'_, '_>, line: u64) -> Result<(), IoError> {
        let mut a = NumBuf::default();
        let source = edges.source.text(&mut a);
        let single = [
            (Interaction::Retweet, edges.retweet),
            (Interaction::Quote, edges.quote),
            (Interaction::Reply, edges.reply),
        ];
        for (kind, target) in single {
            if let Some(target) = target {
                let mut b = NumBuf::default();
                self.out
                    .edge(kind, source, target.text(&mut b), edges.time, line)?;
            }
        }
        if !edges.mentions.is_empty() {
            let mut bufs = vec![NumBuf::default(); edges.mentions.len()];
            let targets: Vec<&str> = edges
                .mentions
                .iter()
                .zip(&mut bufs)
                .map(|(m, b)| m.id().expect("mention ids checked in Line::edges").text(b))
                .collect();
            self.out.mentions(source, &targets, edges.time, line)?;
        }
        Ok(())
    }
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Values for Tweets<'_, S> {
    fn object(&mut self, bytes: &[u8], line: u64) -> Result<ControlFlow<()>, IoError> {
        let Some(parsed) = self.out.parse::<Line<'_>>(bytes, line)? else {
            return Ok(ControlFlow::Continue(()));
        };
        if let Some(page) = &parsed.data {
            let included = parsed
                .includes
                .as_ref()
                .and_then(|i| i.tweets.as_deref())
                .unwrap_or_default();
            if page.0.is_empty() {
                self.out.report.non_tweets += 1;
            }
            for tweet in &page.0 {
                self.tweet(tweet, Api::V2, included, line)?;
            }
        } else if let Some(api) = parsed.api() {
            self.tweet(&parsed, api, &[], line)?;
        } else {
            self.out.report.non_tweets += 1;
        }
        Ok(ControlFlow::Continue(()))
    }

    fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError> {
        self.out.refuse(line, problem)
    }
}

/// Streams the edges of one Twitter JSONL file (plain or `.gz`) to `sink`, one line in memory at
/// a time.
///
/// Each line is one JSON object:
/// * an API v1.1 status: source `user.id_str`; a retweet (`retweeted_status`) has target
///   `retweeted_status.user.id_str`, a quote `quoted_status.user.id_str`, a reply
///   `in_reply_to_user_id_str`, mentions `entities.user_mentions[].id_str` (the
///   `extended_tweet` entities when present); numeric `id` fields stand in for missing
///   `id_str`s;
/// * an API v2 tweet as twarc2 writes it, one per line: source `author_id`; targets from
///   `referenced_tweets[]` of type `retweeted` / `quoted` / `replied_to` (their expanded
///   `author_id`), `in_reply_to_user_id`, and `entities.mentions[].id`;
/// * an API v2 response page: every tweet of `data` as above, referenced authors looked up in
///   `includes.tweets` (a retweet whose original is missing falls back to its `RT @author:`
///   mention).
///
/// Only the kinds in [`ReadOptions::interactions`] become edges (retweets by default), each of
/// weight 1 from the acting account to the account acted upon; a retweet is only a retweet.
/// Repeated mentions of one account in a tweet give one edge. The time is `created_at` (v1.1
/// form or RFC 3339), none when absent. Blank lines are ignored; JSON lines that are not tweets
/// (`delete`, `limit` and other notices, empty pages) are counted in
/// [`ReadReport::non_tweets`] and skipped.
///
/// # Errors
/// [`IoError`] naming the file, the line and the problem: malformed JSON, a tweet without the
/// author a selected interaction needs, a bad `created_at`, an unreadable or truncated file.
/// Under [`ReadOptions::skip_bad_rows`] bad lines and tweets are counted and skipped instead.
///
/// ```
/// use chambers_io::{read_jsonl_edges, Interactions, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("tweets.jsonl");
/// std::fs::write(
///     &path,
///     concat!(
///         r#"{"author_id":"1","referenced_tweets":[{"type":"quoted","id":"9","author_id":"2"}],"#,
///         r#""entities":{"mentions":[{"start":0,"id":"3"}]}}"#, "\n",
///         r#"{"delete":{"status":{"id_str":"5"}}}"#, "\n",
///     ),
/// )
/// .unwrap();
/// let options = ReadOptions::default().interactions(Interactions::ALL);
/// let mut edges = Vec::new();
/// let report = read_jsonl_edges(&path, &options, |r| {
///     edges.push(format!("{}>{}", r.source, r.target));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(edges, ["1>2", "1>3"]);
/// assert_eq!((report.quotes, report.mentions, report.non_tweets), (1, 1, 1));
///
/// std::fs::write(&path, "{\"user\":\n").unwrap();
/// let err = read_jsonl_edges(&path, &options, |_| Ok(())).unwrap_err();
/// assert!(err.to_string().contains("tweets.jsonl:1: malformed JSON"));
/// ```
pub fn read_jsonl_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let file = path.display().to_string();
    let mut tweets = Tweets {
        out: Delivery::new(&file, options, sink),
        kinds: options.interactions,
    };
    for_each_object(path, false, &mut tweets)?;
    Ok(tweets.out.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_column() {
        let e = serde_json::from_slice::<Line<'_>>(b"{\"user\": }")
            .err()
            .unwrap();
        assert_eq!(
            Problem::BadJson(e).to_string(),
            "malformed JSON: expected value at column 10"
        );
        let e = serde_json::from_slice::<Line<'_>>(b"{\"user\":{\"id\":-4}}")
            .err()
            .unwrap();
        assert!(
            Problem::BadJson(e)
                .to_string()
                .starts_with("malformed JSON: invalid type: integer `-4`")
        );
    }
}
