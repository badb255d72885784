//! The parallel CSV/TSV reader: an uncompressed file read in large blocks cut at line ends,
//! each block cut into chunks parsed on all rayon threads, the parsed rows then handed to the
//! consumer in file order while the next block is parsed.
//!
//! The results are those of the streaming reader (`read_serial`): the same rows in the same
//! order with the same lines, the same first error, the same skipped-row examples and counts.
//! Cutting at line ends is exact only where every line end ends a record, so a block holding a
//! quote (a quoted field may hold a line end) or a carriage return not followed by a line feed
//! (the CSV parser ends records there too) is read, with everything after it, by the streaming
//! reader; so is a file whose first line is not a plain header.
//!
//! A row is numbered by its physical line (blank lines and `\r\n` endings counted), as the
//! streaming reader numbers it.

use std::io::{Cursor, Read};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use memchr::{memchr, memchr_iter, memchr2_iter, memrchr};

use super::csv::{Fields, Layout, csv_reader, data_error, read_records, read_serial};
use crate::{EdgeRow, IoError, Problem, ReadOptions, ReadReport, Rejection, TimeUnit};

/// The chunks of one block, parsed by whichever threads take them: each thread takes the next
/// unparsed chunk until none is left, and each result lands in its chunk's slot, so the chunks
/// come out in order whoever parsed them.
struct SharedParse<'r> {
    reader: &'r Reader<'r>,
    block: &'r [u8],
    ranges: Vec<Range<usize>>,
    next: AtomicUsize,
    parsed: Vec<OnceLock<Chunk>>,
}

impl<'r> SharedParse<'r> {
    fn new(reader: &'r Reader<'r>, block: &'r [u8]) -> Self {
        let ranges = reader.chunk_ranges(block);
        Self {
            reader,
            block,
            parsed: ranges.iter().map(|_| OnceLock::new()).collect(),
            ranges,
            next: AtomicUsize::new(0),
        }
    }

    /// Parses the block on the pool while this thread runs `meanwhile` (feeding the previous
    /// block), then on this thread too, and returns what `meanwhile` returned. One worker fewer
    /// than the pool has is asked to help: with all of them there would be one thread more
    /// than the cores while this one feeds, and the feed, which every row waits for, would get
    /// a share of its core. With one thread, it feeds and then parses.
    fn parse_while<R>(&self, meanwhile: impl FnOnce() -> R) -> R {
        rayon::in_place_scope(|s| {
            for _ in 1..rayon::current_num_threads() {
                s.spawn(|_| self.help());
            }
            let result = meanwhile();
            self.help();
            result
        })
    }

    /// Parses chunks until none is left to take.
    fn help(&self) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(range) = self.ranges.get(i) else {
                return;
            };
            let chunk =
                self.reader
                    .parse_chunk(self.block, range.clone(), self.reader.options.time_unit);
            // Each index is taken once, so its slot is empty.
            let _ = self.parsed[i].set(chunk);
        }
    }

    /// The parsed chunks in order, once every taker has returned.
    fn into_chunks(self) -> Vec<Chunk> {
        self.parsed
            .into_iter()
            .map(|c| c.into_inner().expect("every chunk is taken and parsed"))
            .collect()
    }
}

/// Bytes read per block and parsed per chunk (tests force them tiny).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sizes {
    /// Bytes read at a time; a block grows to hold at least one whole line.
    pub(crate) block: usize,
    /// Bytes per parsing task, extended to the next line end.
    pub(crate) chunk: usize,
}

impl Default for Sizes {
    /// 2 MiB blocks of 128 KiB chunks: 16 tasks per block, and a block's parsed rows stay
    /// in the processor's cache until they are handed on.
    fn default() -> Self {
        Self {
            block: 2 << 20,
            chunk: 128 << 10,
        }
    }
}

/// Reads `path` as [`super::csv::read_serial`] does, parsing on all rayon threads.
pub(crate) fn read_chunked(
    path: &Path,
    delimiter: u8,
    options: &ReadOptions,
    sizes: Sizes,
    mut sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let name = path.display().to_string();
    // Plain or gzip: the blocks are decompressed on this thread, parsed on the pool.
    let mut file = crate::open_input(path)?;
    let mut block = Vec::new();
    let eof = fill_lines(&mut file, &mut block, sizes.block)
        .map_err(|e| data_error(&name, 1, Problem::Read(e)))?;
    let header_end = memchr(b'\n', &block).unwrap_or(block.len());
    let header = block[..header_end]
        .strip_suffix(b"\r")
        .unwrap_or(&block[..header_end]);
    if header.is_empty() || !plain(&block) {
        return read_serial(path, delimiter, options, sink);
    }
    let mut record = csv::ByteRecord::new();
    let mut header_reader = csv_reader(delimiter, header);
    match header_reader.read_byte_record(&mut record) {
        Ok(true) => {}
        _ => return read_serial(path, delimiter, options, sink),
    }
    let layout =
        Layout::from_header(&record, options, delimiter).map_err(|p| data_error(&name, 1, p))?;
    let mut report = ReadReport {
        has_time: layout.time.is_some(),
        ..ReadReport::default()
    };
    let mut carry = block.split_off((header_end + 1).min(block.len()));
    let mut eof = eof;
    let reader = Reader {
        file: &name,
        layout: &layout,
        delimiter,
        options,
        sizes,
    };
    let mut at = Position { lines: 1 };
    let mut pending: Option<(Vec<u8>, Vec<Chunk>)> = None;
    loop {
        let mut block = std::mem::take(&mut carry);
        if !eof {
            match fill_lines(&mut file, &mut block, sizes.block) {
                Ok(end) => eof = end,
                Err(e) => {
                    // A read that fails part-way (a cut gzip file): the streaming reader takes
                    // the bytes read before it and then the failure, so the rows handed on and
                    // the line named are its own.
                    let (kind, message) = (e.kind(), e.to_string());
                    let rest = Cursor::new(block).chain(Failed(kind, message.clone()));
                    reader.stream_rest(pending.take(), rest, &mut at, &mut report, &mut sink)?;
                    // Not reached: the streaming reader fails where `Failed` does.
                    let e = std::io::Error::new(kind, message);
                    return Err(data_error(&name, at.lines + 1, Problem::Read(e)));
                }
            }
        }
        let cut = if eof {
            block.len()
        } else {
            memrchr(b'\n', &block).map_or(block.len(), |i| i + 1)
        };
        carry = block.split_off(cut);
        if !plain(&block) {
            // The streaming reader goes on from the start of this block, a line start.
            let rest = Cursor::new(block).chain(Cursor::new(carry)).chain(file);
            reader.stream_rest(pending.take(), rest, &mut at, &mut report, &mut sink)?;
            return Ok(report);
        }
        let work = SharedParse::new(&reader, &block);
        let fed = work.parse_while(|| match pending.take() {
            Some((done, chunks)) => reader.feed(&done, chunks, &mut at, &mut report, &mut sink),
            None => Ok(()),
        });
        fed?;
        let chunks = work.into_chunks();
        pending = Some((block, chunks));
        if eof && carry.is_empty() {
            break;
        }
    }
    if let Some((done, chunks)) = pending {
        reader.feed(&done, chunks, &mut at, &mut report, &mut sink)?;
    }
    Ok(report)
}

/// A reader that fails, always with the error a read of the input gave.
struct Failed(std::io::ErrorKind, String);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(self.0, self.1.clone()))
    }
}

/// Reads until `block` holds at least `size` bytes and a line end, or the file ends (`true`).
fn fill_lines(file: &mut impl Read, block: &mut Vec<u8>, size: usize) -> std::io::Result<bool> {
    let mut target = size.max(1);
    loop {
        let want = target.saturating_sub(block.len());
        let got = file.by_ref().take(want as u64).read_to_end(block)?;
        if got < want {
            return Ok(true);
        }
        if memchr(b'\n', block).is_some() {
            return Ok(false);
        }
        target = target.saturating_mul(2);
    }
}

/// Whether every line end of `bytes` ends a record: no quote, and every carriage return is
/// followed by a line feed.
fn plain(bytes: &[u8]) -> bool {
    memchr2_iter(b'"', b'\r', bytes).all(|i| bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
}

/// How far the rows handed on reach.
struct Position {
    /// Lines of the file before the next block.
    lines: u64,
}

/// What parsing and feeding share.
struct Reader<'a> {
    file: &'a str,
    layout: &'a Layout,
    delimiter: u8,
    options: &'a ReadOptions,
    sizes: Sizes,
}

/// Byte range of a field in its block.
type Span = Range<usize>;

/// One parsed line, its text kept as byte ranges of the block.
enum Parsed {
    Row {
        source: Span,
        target: Span,
        weight: u32,
        time: Option<i64>,
    },
    /// A row of weight 0.
    Zero,
    Bad(Box<Problem>),
}

/// The non-blank lines of one chunk: line number from 1 within the chunk, the row.
struct Chunk {
    rows: Vec<(u64, Parsed)>,
    /// Line ends in the chunk (every chunk but the file's last ends with one).
    lines: u64,
}

/// The fields of one line of a plain region, split at the delimiter.
struct LineFields<'r, 'e> {
    text: &'r [u8],
    /// End of each field in `text`.
    ends: &'e [usize],
}

impl<'r> Fields<'r> for LineFields<'r, '_> {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &'r [u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.text[start..self.ends[i]]
    }
}

impl Reader<'_> {
    /// The chunks of a plain block cut at line ends: about `sizes.chunk` bytes each, each
    /// ending at a line end or the block's end.
    fn chunk_ranges(&self, block: &[u8]) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let mut start = 0;
        while start < block.len() {
            let end = (start + self.sizes.chunk.max(1)).min(block.len());
            let end = memchr(b'\n', &block[end - 1..]).map_or(block.len(), |i| end + i);
            ranges.push(start..end);
            start = end;
        }
        ranges
    }

    fn parse_chunk(&self, block: &[u8], range: Range<usize>, unit: TimeUnit) -> Chunk {
        let offset = |s: &str| s.as_ptr() as usize - block.as_ptr() as usize;
        let span = |s: &str| offset(s)..offset(s) + s.len();
        let mut rows = Vec::new();
        let mut ends = Vec::new();
        let mut at = range.start;
        let mut line = 0;
        while at < range.end {
            let stop = memchr(b'\n', &block[at..range.end]).map_or(range.end, |i| at + i);
            let line_text = &block[at..stop];
            let text = line_text.strip_suffix(b"\r").unwrap_or(line_text);
            line += 1;
            at = stop + 1;
            if text.is_empty() {
                continue; // a blank line, which the CSV parser skips
            }
            ends.clear();
            ends.extend(memchr_iter(self.delimiter, text));
            ends.push(text.len());
            let parsed = match self
                .layout
                .parse(&LineFields { text, ends: &ends }, line, unit)
            {
                Ok(Some(row)) => Parsed::Row {
                    source: span(row.source),
                    target: span(row.target),
                    weight: row.weight,
                    time: row.time,
                },
                Ok(None) => Parsed::Zero,
                Err(problem) => Parsed::Bad(Box::new(problem)),
            };
            rows.push((line, parsed));
        }
        Chunk { rows, lines: line }
    }

    /// Hands on the rows of the parsed block left, if any, then reads `rest`, which starts at
    /// a line start, with the streaming reader.
    fn stream_rest(
        &self,
        pending: Option<(Vec<u8>, Vec<Chunk>)>,
        rest: impl Read,
        at: &mut Position,
        report: &mut ReadReport,
        sink: &mut impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<(), IoError> {
        if let Some((done, chunks)) = pending {
            self.feed(&done, chunks, at, report, sink)?;
        }
        let records = csv_reader(self.delimiter, rest);
        read_records(
            self.file,
            records,
            self.layout,
            at.lines,
            self.options,
            report,
            sink,
        )
    }

    /// Hands the rows of a parsed block to `sink` in order, numbered by their lines in the
    /// file, and moves `at` past the block.
    fn feed(
        &self,
        block: &[u8],
        chunks: Vec<Chunk>,
        at: &mut Position,
        report: &mut ReadReport,
        sink: &mut impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
    ) -> Result<(), IoError> {
        // SAFETY: every span is the range of a `&str` that `Layout::parse` returned for this
        // block (`parse_chunk`), so the bytes are UTF-8 and end on character boundaries; the
        // block is the one parsed, unchanged since. Checking again cost a tenth of the serial
        // feeding of a large file.
        let text = |span: Span| unsafe { std::str::from_utf8_unchecked(&block[span]) };
        for chunk in chunks {
            for (local, parsed) in chunk.rows {
                let line = at.lines + local;
                let parsed = match parsed {
                    Parsed::Row {
                        source,
                        target,
                        weight,
                        time,
                    } => Ok(Some(EdgeRow {
                        source: text(source),
                        target: text(target),
                        weight,
                        time,
                        line,
                    })),
                    Parsed::Zero => Ok(None),
                    Parsed::Bad(problem) => Err(*problem),
                };
                report.take_row(parsed, sink, self.options, |p| {
                    data_error(self.file, line, p)
                })?;
            }
            at.lines += chunk.lines;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
