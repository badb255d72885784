//! Physical line numbers for the CSV parser's records.
//!
//! The CSV parser numbers a record from where the reading of the record before stopped: that is
//! before any blank lines it skips, and, after a row ending in `\r\n`, before the `\n` (the `\r`
//! ends the record, the `\n` is consumed with the next one). [`LineEnds`] sees every byte the
//! parser reads, so a record can be numbered by the line of its first byte: one plus the line
//! feeds before it, as `grep -n` and editors count.

use std::collections::VecDeque;
use std::io::Read;

use memchr::memchr2_iter;

/// An input that remembers where its `\r` and `\n` bytes are, until the records after them have
/// been numbered.
pub(super) struct LineEnds<R> {
    inner: R,
    /// Bytes read so far.
    read: u64,
    /// Offset and byte of each `\r` and `\n` not yet behind a numbered record.
    ends: VecDeque<(u64, u8)>,
    /// Line feeds behind the last numbered record.
    passed: u64,
}

impl<R> LineEnds<R> {
    /// Wraps `inner`, whose first byte starts line 1.
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            read: 0,
            ends: VecDeque::new(),
            passed: 0,
        }
    }

    /// The line (from 1) of the first byte of the record whose reading began at byte `start`:
    /// the line ends the parser skipped there are counted. Records are numbered in order.
    pub(super) fn line_of_record(&mut self, start: u64) -> u64 {
        let mut skipped = start;
        while let Some(&(at, byte)) = self.ends.front() {
            if at > skipped {
                break;
            }
            if at == skipped {
                skipped += 1; // a line end the parser skips before the record
            }
            self.passed += u64::from(byte == b'\n');
            self.ends.pop_front();
        }
        self.passed + 1
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = self.read;
        self.ends
            .extend(memchr2_iter(b'\r', b'\n', &buf[..n]).map(|i| (read + i as u64, buf[i])));
        self.read += n as u64;
        Ok(n)
    }
}
