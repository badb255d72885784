//! What the JSON readers (Twitter, Bluesky, Mastodon) share: strings borrowed from the input,
//! the loop over a file's JSON values (one object per line, or arrays of objects streamed
//! element by element), and the delivery of edges with `file:line` errors and skipped bad rows.

use std::borrow::Cow;
use std::io::{BufRead, BufReader};
use std::marker::PhantomData;
use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

use crate::{
    EdgeRow, Interaction, IoError, Problem, ReadOptions, ReadReport, Rejection, open_input,
};

/// A string field, borrowed from the input unless it holds escapes.
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V(PhantomData))
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Where rows go and what was found, for one file.
pub(super) struct Delivery<'f, S> {
    pub(super) file: &'f str,
    pub(super) skip_bad_rows: bool,
    pub(super) sink: S,
    pub(super) report: ReadReport,
}

impl<'f, S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Delivery<'f, S> {
    /// Rows of `file` to `sink`, bad rows handled as `options` say, nothing found yet.
    pub(super) fn new(file: &'f str, options: &ReadOptions, sink: S) -> Self {
        Self {
            file,
            skip_bad_rows: options.skip_bad_rows,
            sink,
            report: ReadReport::default(),
        }
    }

    /// Handles a bad row: skipped and counted, or the error.
    pub(super) fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError> {
        let error = IoError::Data {
            file: self.file.to_owned(),
            line,
            problem,
        };
        if self.skip_bad_rows {
            self.report.skip(|| error.to_string());
            Ok(())
        } else {
            Err(error)
        }
    }

    /// Hands one edge of weight 1 to the sink and counts it by kind.
    pub(super) fn edge(
        &mut self,
        kind: Interaction,
        source: &str,
        target: &str,
        time: Option<i64>,
        line: u64,
    ) -> Result<(), IoError> {
        let outcome = if source.is_empty() {
            Err(Rejection::Row(Problem::EmptyId { column: "source" }))
        } else if target.is_empty() {
            Err(Rejection::Row(Problem::EmptyId { column: "target" }))
        } else {
            (self.sink)(EdgeRow {
                source,
                target,
                weight: 1,
                time,
                line,
            })
        };
        match outcome {
            Ok(()) => {
                let r = &mut self.report;
                r.rows += 1;
                r.has_time |= time.is_some();
                *match kind {
                    Interaction::Retweet => &mut r.retweets,
                    Interaction::Quote => &mut r.quotes,
                    Interaction::Reply => &mut r.replies,
                    Interaction::Mention => &mut r.mentions,
                } += 1;
                Ok(())
            }
            Err(Rejection::Stop(e)) => Err(e),
            Err(Rejection::Row(problem)) => self.refuse(line, problem),
        }
    }

    /// Hands one mention edge per distinct target, in order of first appearance.
    pub(super) fn mentions<T: AsRef<str>>(
        &mut self,
        source: &str,
        targets: &[T],
        time: Option<i64>,
        line: u64,
    ) -> Result<(), IoError> {
        for (i, target) in targets.iter().enumerate() {
            let target = target.as_ref();
            if !targets[..i].iter().any(|t| t.as_ref() == target) {
                self.edge(Interaction::Mention, source, target, time, line)?;
            }
        }
        Ok(())
    }
}

/// A reader of JSON values: what it makes of one object, and of a value it cannot use.
pub(super) trait Values {
    /// Takes one JSON object (the bytes of `{…}`) that starts on line `line`; `Break` stops
    /// reading.
    fn object(&mut self, bytes: &[u8], line: u64) -> Result<ControlFlow<()>, IoError>;

    /// Handles a value that is not an object, or a malformed array, at `line`.
    fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError>;
}

impl<S: FnMut(EdgeRow<'_>) -> Result<(), Rejection>> Delivery<'_, S> {
    /// Parses one object into `T`, refusing it (with its line) when it is malformed.
    pub(super) fn parse<'b, T: Deserialize<'b>>(
        &mut self,
        bytes: &'b [u8],
        line: u64,
    ) -> Result<Option<T>, IoError> {
        match serde_json::from_slice(bytes) {
            Ok(parsed) => Ok(Some(parsed)),
            Err(e) => self.refuse(line, Problem::BadJson(e)).map(|()| None),
        }
    }
}

/// What a value that is not an object is, for the error message.
fn found(first: u8) -> &'static str {
    match first {
        b'[' => "an array",
        b'"' => "a string",
        _ => "something else",
    }
}

/// Reads every JSON value of `path` (plain or `.gz`) and hands each object to `values`: one
/// object per line; with `arrays`, also arrays of objects, on one line or spread over many
/// (a saved API page, pretty-printed or not), whose elements are handed over one by one with
/// the line each starts on. Blank lines and a leading byte-order mark are ignored.
pub(super) fn for_each_object(
    path: &Path,
    arrays: bool,
    values: &mut impl Values,
) -> Result<(), IoError> {
    let file = path.display().to_string();
    let mut reader = BufReader::with_capacity(1 << 16, open_input(path)?);
    let mut buf = Vec::with_capacity(1 << 12);
    let mut line = 0u64;
    let mut array: Option<ArraySplitter> = None;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| IoError::Data {
                file: file.clone(),
                line: line + 1,
                problem: Problem::Read(e),
            })?;
        if n == 0 {
            break;
        }
        line += 1;
        let mut bytes = buf.as_slice();
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if let Some(split) = &mut array {
            match split.feed(bytes, line, values)? {
                Fed::More => continue,
                Fed::Stop => return Ok(()),
                Fed::Closed(rest) => {
                    array = None;
                    if !bytes[bytes.len() - rest..].trim_ascii().is_empty() {
                        values.refuse(line, Problem::BadArray(AFTER_ARRAY))?;
                    }
                    continue;
                }
            }
        }
        let bytes = bytes.trim_ascii();
        let flow = match bytes.first() {
            None => ControlFlow::Continue(()),
            Some(b'{') => values.object(bytes, line)?,
            Some(b'[') if arrays => {
                let mut split = ArraySplitter::new(line);
                match split.feed(&bytes[1..], line, values)? {
                    Fed::More => array = Some(split),
                    Fed::Stop => return Ok(()),
                    Fed::Closed(0) => {}
                    Fed::Closed(_) => values.refuse(line, Problem::BadArray(AFTER_ARRAY))?,
                }
                ControlFlow::Continue(())
            }
            Some(&first) => {
                let found = found(first);
                values.refuse(line, Problem::NotAnObject { found })?;
                ControlFlow::Continue(())
            }
        };
        if flow.is_break() {
            return Ok(());
        }
    }
    if let Some(split) = array {
        values.refuse(split.opened, Problem::BadArray("the array is never closed"))?;
    }
    Ok(())
}

const AFTER_ARRAY: &str = "text after the end of the array on its line";

/// What feeding a line to an [`ArraySplitter`] came to.
enum Fed {
    /// The array goes on.
    More,
    /// The reader asked to stop.
    Stop,
    /// The array closed; this many bytes of the line follow its `]`.
    Closed(usize),
}

/// Splits a JSON array into its elements as its bytes arrive, tracking strings and nesting
/// only (each element is checked when parsed).
struct ArraySplitter {
    /// The line of the opening `[`.
    opened: u64,
    /// The element so far.
    element: Vec<u8>,
    /// The line its first byte is on.
    start: u64,
    /// Brackets and braces open inside the element.
    depth: u32,
    in_string: bool,
    escaped: bool,
}

impl ArraySplitter {
    fn new(opened: u64) -> Self {
        Self {
            opened,
            element: Vec::new(),
            start: opened,
            depth: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// Hands the element gathered so far to `values`.
    fn emit(&mut self, values: &mut impl Values) -> Result<ControlFlow<()>, IoError> {
        let flow = match self.element.trim_ascii() {
            [] => {
                values.refuse(self.start, Problem::BadArray("an empty element"))?;
                ControlFlow::Continue(())
            }
            bytes @ [b'{', ..] => values.object(bytes, self.start)?,
            [first, ..] => {
                values.refuse(
                    self.start,
                    Problem::NotAnObject {
                        found: found(*first),
                    },
                )?;
                ControlFlow::Continue(())
            }
        };
        self.element.clear();
        Ok(flow)
    }

    fn feed(&mut self, bytes: &[u8], line: u64, values: &mut impl Values) -> Result<Fed, IoError> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_string {
                self.element.push(b);
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b',' | b']' if self.depth == 0 => {
                    let empty_array = b == b']' && self.element.trim_ascii().is_empty();
                    if !empty_array && self.emit(values)?.is_break() {
                        return Ok(Fed::Stop);
                    }
                    if b == b']' {
                        return Ok(Fed::Closed(bytes.len() - i - 1));
                    }
                }
                b' ' | b'\t' | b'\r' | b'\n' if self.element.is_empty() => {}
                _ => {
                    if self.element.is_empty() {
                        self.start = line;
                    }
                    self.element.push(b);
                    match b {
                        b'"' => self.in_string = true,
                        b'{' | b'[' => self.depth += 1,
                        b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
        }
        Ok(Fed::More)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects the objects and refusals it is handed.
    #[derive(Default)]
    struct Collect(Vec<(u64, String)>);

    impl Values for Collect {
        fn object(&mut self, bytes: &[u8], line: u64) -> Result<ControlFlow<()>, IoError> {
            self.0
                .push((line, String::from_utf8(bytes.to_vec()).unwrap()));
            Ok(ControlFlow::Continue(()))
        }
        fn refuse(&mut self, line: u64, problem: Problem) -> Result<(), IoError> {
            self.0.push((line, problem.to_string()));
            Ok(())
        }
    }

    fn split(text: &str) -> Vec<(u64, String)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        std::fs::write(&path, text).unwrap();
        let mut out = Collect::default();
        for_each_object(&path, true, &mut out).unwrap();
        out.0
    }

    #[test]
    fn arrays_are_split_into_their_objects_with_their_lines() {
        let text = "[{\"a\":\"],}\\\"{\"},\n  {\"b\":[1,{}]}\n]\n{\"c\":1}\n[]\n[\n{\"d\":2}]";
        let got = split(text);
        let want = [
            (1, r#"{"a":"],}\"{"}"#),
            (2, r#"{"b":[1,{}]}"#),
            (4, r#"{"c":1}"#),
            (7, r#"{"d":2}"#),
        ];
        let got: Vec<_> = got.iter().map(|(l, s)| (*l, s.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn broken_arrays_are_refused_with_their_line() {
        let got = split("[{\"a\":1},,3]\n[{\"b\":1}] x\n[{\"c\":1},\n");
        let want = [
            (1, "{\"a\":1}".to_owned()),
            (1, "malformed JSON array: an empty element".to_owned()),
            (
                1,
                "malformed JSON: expected one JSON object per line, found something else"
                    .to_owned(),
            ),
            (2, "{\"b\":1}".to_owned()),
            (
                2,
                "malformed JSON array: text after the end of the array on its line".to_owned(),
            ),
            (3, "{\"c\":1}".to_owned()),
            (
                3,
                "malformed JSON array: the array is never closed".to_owned(),
            ),
        ];
        assert_eq!(got, want);
    }
}
