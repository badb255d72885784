//! Running library work off the GIL: other Python threads run meanwhile, Ctrl-C (a notebook's
//! interrupt) stops an analysis between windows, and `threads` bounds the worker threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::panicked;

/// How often the waiting thread looks for a pending Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The most worker threads `threads` accepts (as the command line's `--threads`).
const MAX_THREADS: usize = 1024;

/// Runs `work` with the GIL released, on a worker thread, inside a pool of `threads` rayon
/// threads (`None`: the shared pool of all cores). The calling thread waits and checks Python's
/// signals every 50 ms; on Ctrl-C it sets the flag `work` gets (the analysis reads it between
/// windows and stages, see `Analysis::with_cancel`), waits for `work` to return, and raises
/// `KeyboardInterrupt`. A panic in `work` becomes `RuntimeError`.
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    work: impl FnOnce(Arc<AtomicBool>) -> T + Send,
) -> PyResult<T> {
    let pool = match threads {
        None => None,
        Some(n) if n == 0 || n > MAX_THREADS => {
            return Err(PyValueError::new_err(format!(
                "threads must be between 1 and {MAX_THREADS}, not {n}"
            )));
        }
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyValueError::new_err(format!("starting {n} threads: {e}")))?,
        ),
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let mut interrupt: Option<PyErr> = None;
    let outcome = py.detach(|| {
        std::thread::scope(|scope| {
            let waiter = std::thread::current();
            let flag = cancel.clone();
            let worker = scope.spawn(move || {
                let out = match &pool {
                    Some(pool) => pool.install(|| work(flag)),
                    None => work(flag),
                };
                waiter.unpark();
                out
            });
            while !worker.is_finished() {
                std::thread::park_timeout(SIGNAL_POLL);
                if interrupt.is_none()
                    && let Err(e) = Python::attach(|py| py.check_signals())
                {
                    cancel.store(true, Ordering::Relaxed);
                    interrupt = Some(e);
                }
            }
            worker.join()
        })
    });
    let out = outcome.map_err(|payload| panicked(payload.as_ref()))?;
    match interrupt {
        Some(e) => Err(e),
        None => Ok(out),
    }
}
