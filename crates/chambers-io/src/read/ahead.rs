//! Decoding ahead: the units of a columnar file (Parquet row groups, Arrow IPC batches) decoded
//! on the rayon threads, a window of them at a time, while the calling thread hands the rows of
//! the previous window on in file order ([`read_ahead`]).

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use rayon::prelude::*;

use super::columnar::{Layout, read_batches};
use crate::{EdgeRow, IoError, ReadOptions, ReadReport, Rejection};

/// Units decoded at once, at most: with each up to 2²⁰ rows (a Parquet row group as chambers
/// writes it), twice this many decoded units is the reader's memory.
const MAX_AHEAD: usize = 8;

/// Units per window for this thread pool: one thread feeds, the others decode; 0 with one
/// thread (then read on the calling thread).
pub(super) fn helpers() -> usize {
    rayon::current_num_threads()
        .saturating_sub(1)
        .min(MAX_AHEAD)
}

/// What decoding a unit gave: its batches up to the first error, or that the decoder panicked
/// there (the arrow-rs decoders assert on some corrupt pages).
pub(super) enum Decoded {
    Batch(Result<RecordBatch, ArrowError>),
    Panicked,
}

/// The batches of the reader `open` gives, stopping at the first error; a panic of the
/// decoder is kept as [`Decoded::Panicked`] after the batches decoded before it.
pub(super) fn decode_unit<I: Iterator<Item = Result<RecordBatch, ArrowError>>>(
    open: impl FnOnce() -> Result<I, ArrowError>,
) -> Vec<Decoded> {
    let mut out = Vec::new();
    let decode = || -> Result<(), ArrowError> {
        for batch in open()? {
            let failed = batch.is_err();
            out.push(Decoded::Batch(batch));
            if failed {
                break;
            }
        }
        Ok(())
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => out.push(Decoded::Batch(Err(e))),
        Err(_) => out.push(Decoded::Panicked),
    }
    out
}

/// [`read_batches`] over the `units` units of a file, unit `i` decoded by `decode(i)` on the
/// pool, `per_window` units at a time, one window ahead of the calling thread, which hands the
/// rows on in file order. The rows, report and errors are those of reading the units' batches
/// one after the other on the calling thread.
pub(super) fn read_ahead<F: Fn(usize) -> Vec<Decoded> + Sync>(
    name: &str,
    layout: &Layout,
    units: usize,
    per_window: usize,
    decode: &F,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    rayon::in_place_scope(|scope| {
        let ahead = Ahead {
            scope,
            decode,
            units,
            per_window: per_window.max(1),
            next_unit: 0,
            ready: VecDeque::new(),
            pending: None,
        };
        read_batches(name, layout, ahead, options, sink)
    })
}

/// The record batches of a file's units in file order, decoded ahead: while the caller handles
/// one window of `per_window` units, the next window is decoded on the pool, each unit by one
/// task. A unit whose decoder panicked panics again here, in the caller's thread, so the caller
/// reports it as it does for the one-thread reader.
struct Ahead<'a, 's, F> {
    scope: &'a rayon::Scope<'s>,
    decode: &'s F,
    units: usize,
    per_window: usize,
    next_unit: usize,
    ready: VecDeque<Decoded>,
    pending: Option<Receiver<Vec<Vec<Decoded>>>>,
}

impl<F: Fn(usize) -> Vec<Decoded> + Sync> Ahead<'_, '_, F> {
    /// Starts decoding the next window of units on the pool; `None` when none is left.
    fn start_next(&mut self) -> Option<Receiver<Vec<Vec<Decoded>>>> {
        let first = self.next_unit;
        let end = (first + self.per_window).min(self.units);
        if first == end {
            return None;
        }
        self.next_unit = end;
        let (sender, receiver) = sync_channel(1);
        let decode = self.decode;
        self.scope.spawn(move |_| {
            let window = (first..end).into_par_iter().map(decode).collect();
            // The reader may have stopped early; then nobody waits for this window.
            let _ = sender.send(window);
        });
        Some(receiver)
    }
}

impl<F: Fn(usize) -> Vec<Decoded> + Sync> Iterator for Ahead<'_, '_, F> {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.ready.pop_front() {
                Some(Decoded::Batch(batch)) => return Some(batch),
                Some(Decoded::Panicked) => std::panic::resume_unwind(Box::new(())),
                None => {}
            }
            let pending = match self.pending.take() {
                Some(pending) => pending,
                None => self.start_next()?,
            };
            self.pending = self.start_next();
            self.ready.extend(wait(&pending).into_iter().flatten());
        }
    }
}

/// Waits for a window. A thread of the pool runs the pool's work meanwhile (the window's task
/// may wait in its own queue), so that readers called from the pool's tasks, all waiting at
/// once, cannot wait on each other; with nothing left to run, the task runs elsewhere.
fn wait(pending: &Receiver<Vec<Vec<Decoded>>>) -> Vec<Vec<Decoded>> {
    const SENT: &str = "a started window is decoded and sent";
    loop {
        match pending.try_recv() {
            Ok(window) => return window,
            Err(TryRecvError::Disconnected) => panic!("{SENT}"),
            Err(TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    return pending.recv().expect(SENT);
                }
            }
        }
    }
}
