//! Which social network wrote a JSON file, read from its first objects: Twitter, Bluesky and
//! Mastodon share the `.json`/`.jsonl` names but not their fields.

use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::json::{Text, Values, for_each_object};
use crate::{Format, IoError, Problem};

/// How many objects are looked at before giving up and taking the file as Twitter JSONL.
const LOOK_AT: u32 = 64;

/// The fields that tell the formats apart (null counts as absent).
#[derive(Deserialize)]
struct Probe<'a> {
    // Bluesky: Jetstream events, listRecords records and pages, bare records.
    #[serde(default)]
    did: Option<IgnoredAny>,
    #[serde(default)]
    time_us: Option<IgnoredAny>,
    #[serde(default)]
    commit: Option<IgnoredAny>,
    #[serde(default)]
    records: Option<IgnoredAny>,
    #[serde(borrow, default)]
    uri: Option<Text<'a>>,
    #[serde(rename = "$type", borrow, default)]
    record_type: Option<Text<'a>>,
    // Twitter: v1.1 statuses and notices, v2 tweets and pages.
    #[serde(default)]
    user: Option<IgnoredAny>,
    #[serde(default)]
    author_id: Option<IgnoredAny>,
    #[serde(default)]
    data: Option<IgnoredAny>,
    #[serde(default)]
    referenced_tweets: Option<IgnoredAny>,
    #[serde(default)]
    delete: Option<IgnoredAny>,
    #[serde(default)]
    limit: Option<IgnoredAny>,
    // Mastodon statuses.
    #[serde(default)]
    account: Option<IgnoredAny>,
}

impl Probe<'_> {
    /// The format this object can only belong to, if any.
    fn format(&self) -> Option<Format> {
        let bluesky = (self.did.is_some() && (self.time_us.is_some() || self.commit.is_some()))
            || self.records.is_some()
            || self.uri.as_deref().is_some_and(|u| u.starts_with("at://"))
            || (self.record_type.as_deref())
                .is_some_and(|t| t.starts_with("app.bsky.") || t.starts_with("com.atproto."));
        let twitter = self.user.is_some()
            || self.author_id.is_some()
            || self.data.is_some()
            || self.referenced_tweets.is_some()
            || self.delete.is_some()
            || self.limit.is_some();
        match (bluesky, twitter, self.account.is_some()) {
            (true, false, _) => Some(Format::Bluesky),
            (false, true, _) => Some(Format::Jsonl),
            (false, false, true) => Some(Format::Mastodon),
            _ => None,
        }
    }
}

struct Sniff {
    found: Option<Format>,
    seen: u32,
}

impl Sniff {
    fn look(&mut self) -> ControlFlow<()> {
        self.seen += 1;
        if self.found.is_some() || self.seen >= LOOK_AT {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

impl Values for Sniff {
    fn object(&mut self, bytes: &[u8], _line: u64) -> Result<ControlFlow<()>, IoError> {
        if let Ok(probe) = serde_json::from_slice::<Probe<'_>>(bytes) {
            self.found = probe.format();
        }
        Ok(self.look())
    }

    fn refuse(&mut self, _line: u64, _problem: Problem) -> Result<(), IoError> {
        // The reader will report it; detection goes on with the next object.
        self.seen += 1;
        Ok(())
    }
}

/// The format of a JSON file, from the first of its objects (up to 64) that only one format
/// has: Bluesky (`did` with `time_us` or `commit`, `records`, an `at://` `uri`, an
/// `app.bsky.*` `$type`), Twitter (`user`, `author_id`, `data`, `referenced_tweets`,
/// `delete`, `limit`) or Mastodon (`account` with none of those). A file that shows none is
/// read as Twitter JSONL, whose reader reports what it finds.
pub(super) fn json_format(path: &Path) -> Result<Format, IoError> {
    let mut sniff = Sniff {
        found: None,
        seen: 0,
    };
    for_each_object(path, true, &mut sniff)?;
    Ok(sniff.found.unwrap_or(Format::Jsonl))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Format {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("posts.json");
        std::fs::write(&path, text).unwrap();
        json_format(&path).unwrap()
    }

    #[test]
    fn jetstream_and_list_records_are_bluesky() {
        let event = r#"{"did":"did:plc:a","time_us":1,"kind":"commit","commit":{}}"#;
        assert_eq!(detect(event), Format::Bluesky);
        let listed = r#"{"uri":"at://did:plc:a/app.bsky.feed.repost/1","value":{}}"#;
        assert_eq!(detect(listed), Format::Bluesky);
        assert_eq!(detect(r#"{"records":[],"cursor":"x"}"#), Format::Bluesky);
    }

    #[test]
    fn statuses_with_accounts_are_mastodon() {
        let status = r#"{"id":"1","account":{"acct":"a"},"reblog":null,"visibility":"public"}"#;
        assert_eq!(detect(status), Format::Mastodon);
        assert_eq!(detect(&format!("[\n{status}\n]")), Format::Mastodon);
    }

    #[test]
    fn tweets_and_undecided_files_are_twitter() {
        let notice = r#"{"delete":{"status":{"id_str":"5"}}}"#;
        let tweet = r#"{"user":{"id_str":"1"},"retweeted_status":{"user":{"id_str":"2"}}}"#;
        assert_eq!(detect(&format!("\n{notice}\n{tweet}")), Format::Jsonl);
        assert_eq!(detect(r#"{"author_id":"1","text":"hi"}"#), Format::Jsonl);
        // Nothing telling (a lone object, broken JSON): the Twitter reader says what is wrong.
        assert_eq!(detect("{\"id\":1}\n{broken"), Format::Jsonl);
    }
}
