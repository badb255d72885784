//! Temporary outputs removed when the process is interrupted: SIGINT and SIGTERM skip
//! destructors, so every temporary file or folder is registered here while it exists, and the
//! signal handler removes what is registered before exiting.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler: on SIGINT, SIGTERM or SIGHUP, remove every registered path and exit
/// with 130 (the shell's code for an interrupted program).
pub fn install() {
    // A second installation (tests calling `main` twice) is refused by ctrlc; the first stays.
    let _ = ctrlc::set_handler(|| {
        remove_all();
        std::process::exit(130);
    });
}

fn remove_all() {
    let paths = match REGISTERED.lock() {
        Ok(mut paths) => std::mem::take(&mut *paths),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for path in paths {
        if path.is_dir() {
            // The main thread may still be adding a file: retry until the folder is gone.
            for _ in 0..5 {
                if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                    break;
                }
            }
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A registered temporary path; dropping the guard unregisters it (the owner has removed or
/// renamed it by then).
#[derive(Debug)]
pub struct Registered(PathBuf);

impl Registered {
    /// Registers `path` for removal on a signal.
    pub fn new(path: &Path) -> Self {
        let mut paths = REGISTERED.lock().unwrap_or_else(|p| p.into_inner());
        paths.push(path.to_path_buf());
        Self(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut paths = REGISTERED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = paths.iter().position(|p| *p == self.0) {
            paths.swap_remove(i);
        }
    }
}
