//! The reader of Mastodon statuses as the API returns them (`/api/v1/timelines/…`,
//! `/api/v1/accounts/:id/statuses`, instance exports): one status per line, or arrays of them.
//!
//! Accounts are named `user@instance`: `acct` is bare for accounts of the instance that served
//! the status, so the instance is taken from the account's `url` then, and instances are
//! lowercased, so that the same account gets one name whichever instance a status came from.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;

use super::json::{Delivery, Text, Values, for_each_object};
use crate::{
    EdgeRow, Interaction, Interactions, IoError, Problem, ReadOptions, ReadReport, Rejection,
    parse_time,
};

/// An account (`account`, `reblog.account`) or a mention (`mentions[]`).
#[derive(Deserialize)]
struct Account<'a> {
    #[serde(borrow, default)]
    id: Option<Text<'a>>,
    #[serde(borrow, default)]
    acct: Option<Text<'a>>,
    #[serde(borrow, default)]
    url: Option<Text<'a>>,
}

/// A status, with the fields that give edges.
#[derive(Deserialize)]
struct Status<'a> {
    #[serde(borrow, default)]
    created_at: Option<Text<'a>>,
    #[serde(borrow, default)]
    account: Option<Account<'a>>,
    #[serde(borrow, default)]
    reblog: Option<Box<Status<'a>>>,
    #[serde(borrow, default)]
    in_reply_to_account_id: Option<Text<'a>>,
    #[serde(borrow, default)]
    mentions: Vec<Account<'a>>,
}

impl Account<'_> {
    /// `user@instance`, the instance lowercased; a bare `acct` takes the host of `url`.
    fn name(&self, kind: &'static str) -> Result<String, Problem> {
        let acct = self.acct.as_deref().unwrap_or_default();
        if acct.is_empty() {
            return Err(Problem::MissingField {
                kind,
                field: "acct",
            });
        }
        let (user, instance) = match acct.split_once('@') {
            Some(parts) => parts,
            None => {
                let url = self.url.as_deref().unwrap_or_default();
                let host = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"))
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or_default();
                (acct, host)
            }
        };
        if user.is_empty() || instance.is_empty() || instance.contains('@') {
            return Err(Problem::BadReference {
                kind: "account",
                value: acct.chars().take(80).collect(),
                why: "expected user@instance, or a bare user with the instance in the account's url",
            });
        }
        Ok(format!("{user}@{}", instance.to_ascii_lowercase()))
    }
}

/// The edges of one status, checked before any is delivered so that a bad status is refused
/// whole.
struct Edges<'t> {
    source: String,
    time: Option<i64>,
    boost: Option<String>,
    /// The account id replied to.
    reply: Option<&'t str>,
    mentions: Vec<String>,
}

impl<'a> Status<'a> {
    fn time(&self) -> Result<Option<i64>, Problem> {
        self.created_at
            .as_ref()
            .map(|t| {
                parse_time(t.as_bytes())
                    .ok_or_else(|| Problem::BadTime(t.chars().take(40).collect()))
            })
            .transpose()
    }

    /// The edges of the selected kinds; a boost is only a boost.
    fn edges(&self, account: &Account<'_>, kinds: Interactions) -> Result<Edges<'_>, Problem> {
        let mut edges = Edges {
            source: account.name("status")?,
            time: None,
            boost: None,
            reply: None,
            mentions: Vec::new(),
        };
        // Accounts are named for replies too, which are resolved through them.
        if let Some(original) = &self.reblog {
            if kinds.retweet || kinds.reply {
                let author = original.account.as_ref().ok_or(Problem::MissingField {
                    kind: "boost",
                    field: "reblog.account",
                })?;
                edges.boost = Some(author.name("boost")?);
            }
            if kinds.retweet {
                edges.time = self.time()?;
            }
            return Ok(edges);
        }
        if kinds.reply {
            edges.reply = self.in_reply_to_account_id.as_deref();
        }
        if kinds.mention || kinds.reply {
            edges.mentions = (self.mentions.iter())
                .map(|m| m.name("mention"))
                .collect::<Result<_, _>>()?;
        }
        if edges.reply.is_some() || (kinds.mention && !edges.mentions.is_empty()) {
            edges.time = self.time()?;
        }
        Ok(edges)
    }
}

/// A reply whose account was not yet seen, resolved at the end of the file.
struct Pending {
    source: String,
    account_id: String,
    time: Option<i64>,
    line: u64,
}

/// The Mastodon reader: the shared delivery, the selected interactions, the account ids seen
/// (id → `user@instance`) and the replies waiting for theirs.
struct Statuses<'f, S> {
    out: Delivery<'f, S>,
    kinds: Interactions,
    accounts: HashMap<String, String>,
    pending: Vec<Pending>,
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Statuses<'_, S> {
    /// Remembers the name of an account id, for replies.
    fn learn(&mut self, account: &Account<'_>, name: &str) {
        if let Some(id) = account.id.as_deref()
            && !self.accounts.contains_key(id)
        {
            self.accounts.insert(id.to_owned(), name.to_owned());
        }
    }

    fn status(&mut self, status: &Status<'_>, line: u64) -> Result<(), IoError> {
        let Some(account) = &status.account else {
            self.out.report.non_tweets += 1;
            return Ok(());
        };
        self.out.report.tweets += 1;
        let edges = match status.edges(account, self.kinds) {
            Ok(edges) => edges,
            Err(problem) => return self.out.refuse(line, problem),
        };
        self.learn(account, &edges.source);
        for (mention, name) in status.mentions.iter().zip(&edges.mentions) {
            self.learn(mention, name);
        }
        if let Some(target) = &edges.boost {
            if let Some(author) = status.reblog.as_ref().and_then(|r| r.account.as_ref()) {
                self.learn(author, target);
            }
            if !self.kinds.retweet {
                return Ok(());
            }
            let kind = Interaction::Retweet;
            return self.out.edge(kind, &edges.source, target, edges.time, line);
        }
        if let Some(id) = edges.reply {
            match self.accounts.get(id) {
                Some(target) => {
                    let target = target.clone();
                    let kind = Interaction::Reply;
                    self.out
                        .edge(kind, &edges.source, &target, edges.time, line)?;
                }
                None => self.pending.push(Pending {
                    source: edges.source.clone(),
                    account_id: id.to_owned(),
                    time: edges.time,
                    line,
                }),
            }
        }
        if !self.kinds.mention {
            return Ok(());
        }
        self.out
            .mentions(&edges.source, &edges.mentions, edges.time, line)
    }

    /// Delivers the replies whose account appeared later in the file; counts the others.
    fn resolve_pending(&mut self) -> Result<(), IoError> {
        for p in std::mem::take(&mut self.pending) {
            match self.accounts.get(&p.account_id) {
                Some(target) => {
                    let kind = Interaction::Reply;
                    self.out.edge(kind, &p.source, target, p.time, p.line)?;
                }
                None => self.out.report.unresolved_replies += 1,
            }
        }
        Ok(())
    }
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Values for Statuses<'_, S> {
    fn object(&mut self, bytes: &[u8], line: u64) -> Result<ControlFlow<()>, IoError> {
        if let Some(parsed) = self.out.parse::<Status<'_>>(bytes, line)? {
            self.status(&parsed, line)?;
        }
        Ok(ControlFlow::Continue(()))
    }

    fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError> {
        self.out.refuse(line, problem)
    }
}

/// Streams the edges of one file of Mastodon statuses (plain or `.gz`) to `sink`: one status
/// per line, or JSON arrays of statuses as API pages (streamed element by element, on one line
/// or pretty-printed).
///
/// Accounts are `user@instance` (see the module notes). A status with `reblog` is a boost: an
/// edge from the booster (`account`) to the original author (`reblog.account`), the retweet of
/// the chamber method; a boost is only a boost. With [`ReadOptions::interactions`], a status
/// also gives a reply edge to the account `in_reply_to_account_id` names, and one mention edge
/// per account of `mentions[]`. The time is `created_at`.
///
/// Account ids are those of the instance that served the statuses, so replies are resolved
/// against the accounts (authors, boosted authors, mentions) seen in the same file; a reply to an
/// account seen only later in the file is delivered at the end of the file, and one to an
/// account never seen is counted in [`ReadReport::unresolved_replies`]. Resolving is sound for
/// statuses fetched from one instance. Objects without `account` are counted in
/// [`ReadReport::non_tweets`].
///
/// # Errors
/// [`IoError`] naming the file, the line and the problem: malformed JSON, an account without
/// `acct` or without an instance, a bad `created_at`. Under [`ReadOptions::skip_bad_rows`] they
/// are counted and skipped instead.
///
/// ```
/// use chambers_io::{read_mastodon_edges, Interactions, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("statuses.json");
/// std::fs::write(
///     &path,
///     concat!(
///         r#"[{"created_at":"2024-05-01T10:00:00.000Z","account":{"id":"1","acct":"ann","url":"https://Example.Social/@ann"},"#,
///         r#""reblog":{"account":{"id":"7","acct":"bob@other.example","url":"https://other.example/@bob"}}},"#, "\n",
///         r#"{"created_at":"2024-05-01T11:00:00.000Z","account":{"id":"7","acct":"bob@other.example","url":"https://other.example/@bob"},"#,
///         r#""in_reply_to_account_id":"1","mentions":[]}]"#,
///     ),
/// )
/// .unwrap();
/// let mut edges = Vec::new();
/// let options = ReadOptions::default().interactions(Interactions::ALL);
/// let report = read_mastodon_edges(&path, &options, |r| {
///     edges.push(format!("{} > {}", r.source, r.target));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(edges, ["ann@example.social > bob@other.example", "bob@other.example > ann@example.social"]);
/// assert_eq!((report.retweets, report.replies), (1, 1));
/// ```
pub fn read_mastodon_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let file = path.display().to_string();
    let mut statuses = Statuses {
        out: Delivery::new(&file, options, sink),
        kinds: options.interactions,
        accounts: HashMap::new(),
        pending: Vec::new(),
    };
    for_each_object(path, true, &mut statuses)?;
    statuses.resolve_pending()?;
    Ok(statuses.out.report)
}
