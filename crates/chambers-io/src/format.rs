//! The names of input and output formats and of interaction kinds, parsed and printed.

use std::path::Path;
use std::str::FromStr;

/// A file format of edge input or output.
///
/// ```
/// use chambers_io::Format;
/// use std::path::Path;
/// assert_eq!(Format::from_path(Path::new("week.tsv.gz")), Format::Tsv);
/// assert_eq!(Format::from_path(Path::new("dump.ndjson")), Format::Jsonl);
/// assert_eq!("parquet".parse::<Format>().unwrap(), Format::Parquet);
/// assert_eq!(Format::Arrow.to_string(), "arrow");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated values with a header (`.csv`, `.csv.gz`, and any unknown extension).
    Csv,
    /// Tab-separated values with a header (`.tsv`, `.tsv.gz`).
    Tsv,
    /// One JSON object per line, tweets of the Twitter API v1.1 or v2 (`.jsonl`, `.ndjson`,
    /// `.json`, each optionally `.gz`).
    Jsonl,
    /// Apache Parquet (`.parquet`, `.pq`).
    Parquet,
    /// Arrow IPC, file or stream form (`.arrow`, `.arrows`, `.ipc`, `.feather`).
    Arrow,
    /// Bluesky records as JSON: Jetstream commit events, `com.atproto.repo.listRecords`
    /// records or pages (each optionally `.gz`). Found from the content of a JSON file.
    Bluesky,
    /// Mastodon statuses as the API returns them: one per line or JSON arrays (each optionally
    /// `.gz`). Found from the content of a JSON file.
    Mastodon,
}

impl Format {
    /// Every format, in the order of the documentation, for help texts and for code that
    /// covers each.
    pub const ALL: [Format; 7] = [
        Format::Csv,
        Format::Tsv,
        Format::Jsonl,
        Format::Parquet,
        Format::Arrow,
        Format::Bluesky,
        Format::Mastodon,
    ];

    /// The format implied by a file name; a trailing `.gz` is looked through, and an unknown
    /// or missing extension means CSV. JSON names give [`Format::Jsonl`]: which social network
    /// wrote a JSON file is read from its content, not its name.
    ///
    /// ```
    /// use chambers_io::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::from_path(Path::new("a/b.JSONL.gz")), Format::Jsonl);
    /// assert_eq!(Format::from_path(Path::new("t.feather")), Format::Arrow);
    /// assert_eq!(Format::from_path(Path::new("edges.txt")), Format::Csv);
    /// ```
    pub fn from_path(path: &Path) -> Format {
        Format::from_extension(path).unwrap_or(Format::Csv)
    }

    /// The format a file name's extension names (before an optional `.gz`), or `None` when it
    /// names none: [`Format::from_path`] reads such inputs as CSV, but an output is not
    /// written in a guessed format.
    ///
    /// ```
    /// use chambers_io::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::from_extension(Path::new("week.tsv.gz")), Some(Format::Tsv));
    /// assert_eq!(Format::from_extension(Path::new("week.xlsx")), None);
    /// ```
    pub fn from_extension(path: &Path) -> Option<Format> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        Some(match extension {
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "parquet" | "pq" => Format::Parquet,
            "arrow" | "arrows" | "ipc" | "feather" => Format::Arrow,
            _ => return None,
        })
    }

    /// The lowercase name, as [`FromStr`] parses it and messages print it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
            Format::Arrow => "arrow",
            Format::Bluesky => "bluesky",
            Format::Mastodon => "mastodon",
        }
    }

    /// Whether the format is a text format that may be gzip-compressed.
    ///
    /// ```
    /// assert!(chambers_io::Format::Jsonl.is_text());
    /// assert!(!chambers_io::Format::Parquet.is_text());
    /// ```
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Format::Csv | Format::Tsv | Format::Jsonl | Format::Bluesky | Format::Mastodon
        )
    }

    /// Whether the format holds posts of a social network (Twitter JSONL, Bluesky, Mastodon),
    /// read as input only: edges are made of their interactions.
    ///
    /// ```
    /// assert!(chambers_io::Format::Mastodon.is_posts());
    /// assert!(!chambers_io::Format::Csv.is_posts());
    /// ```
    pub fn is_posts(self) -> bool {
        matches!(self, Format::Jsonl | Format::Bluesky | Format::Mastodon)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the accepted ones (a format or an interaction kind).
///
/// ```
/// let e = "xml".parse::<chambers_io::Format>().unwrap_err();
/// assert_eq!(e.to_string(), "unknown format \"xml\": expected one of csv, tsv, jsonl, parquet, arrow, bluesky, mastodon");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {name:?}: expected one of {expected}")]
pub struct UnknownName {
    /// What was being named.
    pub what: &'static str,
    /// The name given.
    pub name: String,
    /// The accepted names.
    pub expected: &'static str,
}

impl FromStr for Format {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "parquet" | "pq" => Ok(Format::Parquet),
            "arrow" | "arrows" | "ipc" | "feather" => Ok(Format::Arrow),
            "bluesky" | "bsky" | "jetstream" => Ok(Format::Bluesky),
            "mastodon" => Ok(Format::Mastodon),
            _ => Err(UnknownName {
                what: "format",
                name: s.to_owned(),
                expected: "csv, tsv, jsonl, parquet, arrow, bluesky, mastodon",
            }),
        }
    }
}

/// One kind of interaction between two accounts in a tweet; each gives an edge from the acting
/// account (source) to the account acted upon (target).
///
/// ```
/// use chambers_io::Interaction;
/// assert_eq!("reply".parse::<Interaction>().unwrap(), Interaction::Reply);
/// assert_eq!(Interaction::Quote.name(), "quote");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interaction {
    /// The source retweeted a tweet of the target.
    Retweet,
    /// The source quoted a tweet of the target.
    Quote,
    /// The source replied to a tweet of the target.
    Reply,
    /// The source mentioned the target.
    Mention,
}

impl Interaction {
    /// The lowercase name, as [`FromStr`] parses it.
    pub fn name(self) -> &'static str {
        match self {
            Interaction::Retweet => "retweet",
            Interaction::Quote => "quote",
            Interaction::Reply => "reply",
            Interaction::Mention => "mention",
        }
    }
}

impl FromStr for Interaction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "retweet" | "retweets" | "rt" => Ok(Interaction::Retweet),
            "quote" | "quotes" => Ok(Interaction::Quote),
            "reply" | "replies" => Ok(Interaction::Reply),
            "mention" | "mentions" => Ok(Interaction::Mention),
            _ => Err(UnknownName {
                what: "interaction",
                name: s.to_owned(),
                expected: "retweet, quote, reply, mention, all",
            }),
        }
    }
}

/// Which interactions a tweet reader turns into edges; the default is retweets only, the
/// network of the chamber method.
///
/// ```
/// use chambers_io::{Interaction, Interactions};
/// let i: Interactions = "retweet,reply".parse().unwrap();
/// assert!(i.contains(Interaction::Reply) && !i.contains(Interaction::Quote));
/// assert_eq!(Interactions::default(), "retweet".parse().unwrap());
/// assert_eq!("all".parse::<Interactions>().unwrap(), Interactions::ALL);
/// assert!("".parse::<Interactions>().is_err());
/// assert_eq!(Interactions::ALL.to_string(), "retweet,quote,reply,mention");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Interactions {
    /// Retweets: source retweeted target.
    pub retweet: bool,
    /// Quote tweets: source quoted target.
    pub quote: bool,
    /// Replies: source replied to target.
    pub reply: bool,
    /// Mentions: source mentioned target.
    pub mention: bool,
}

impl Default for Interactions {
    fn default() -> Self {
        Self {
            retweet: true,
            quote: false,
            reply: false,
            mention: false,
        }
    }
}

impl Interactions {
    /// All four kinds: the full interaction network of a tweet dump.
    pub const ALL: Interactions = Interactions {
        retweet: true,
        quote: true,
        reply: true,
        mention: true,
    };

    /// Whether `kind` is selected.
    ///
    /// ```
    /// use chambers_io::{Interaction, Interactions};
    /// assert!(Interactions::default().contains(Interaction::Retweet));
    /// ```
    pub fn contains(self, kind: Interaction) -> bool {
        match kind {
            Interaction::Retweet => self.retweet,
            Interaction::Quote => self.quote,
            Interaction::Reply => self.reply,
            Interaction::Mention => self.mention,
        }
    }
}

impl std::fmt::Display for Interactions {
    /// The selected kinds as [`FromStr`] parses them, comma-separated (empty for none).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds = [
            Interaction::Retweet,
            Interaction::Quote,
            Interaction::Reply,
            Interaction::Mention,
        ];
        let mut first = true;
        for kind in kinds.into_iter().filter(|k| self.contains(*k)) {
            if !first {
                f.write_str(",")?;
            }
            f.write_str(kind.name())?;
            first = false;
        }
        Ok(())
    }
}

impl FromStr for Interactions {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("all") {
            return Ok(Interactions::ALL);
        }
        let mut out = Interactions {
            retweet: false,
            ..Interactions::default()
        };
        for name in s.split(',') {
            match name.parse()? {
                Interaction::Retweet => out.retweet = true,
                Interaction::Quote => out.quote = true,
                Interaction::Reply => out.reply = true,
                Interaction::Mention => out.mention = true,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
            if !matches!(f, Format::Bluesky | Format::Mastodon) {
                assert_eq!(Format::from_path(Path::new(&format!("x.{}", f.name()))), f);
            }
        }
        assert_eq!(
            Format::from_path(Path::new("jetstream.json")),
            Format::Jsonl
        );
        for k in [
            Interaction::Retweet,
            Interaction::Quote,
            Interaction::Reply,
            Interaction::Mention,
        ] {
            assert_eq!(k.name().parse::<Interaction>().unwrap(), k);
            assert!(Interactions::ALL.contains(k));
        }
        for text in ["retweet", "quote,mention", "retweet,quote,reply,mention"] {
            assert_eq!(text.parse::<Interactions>().unwrap().to_string(), text);
        }
        let e = "retweet,like".parse::<Interactions>().unwrap_err();
        assert_eq!(e.name, "like");
        assert_eq!(Format::from_path(Path::new("noext")), Format::Csv);
        assert_eq!(Format::from_path(Path::new(".gz")), Format::Csv);
    }
}
