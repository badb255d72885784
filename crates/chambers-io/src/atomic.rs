//! Outputs that appear complete or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::IoError;

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]; dropped uncommitted (an error on the way), the temporary file is
/// removed, so a reader never sees a half-written output under the final name.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.csv");
/// let mut f = chambers_io::AtomicFile::create(&path).unwrap();
/// writeln!(f, "a,b").unwrap();
/// assert!(!path.exists());
/// f.commit().unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    writer: Option<BufWriter<File>>,
    temp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file beside `path`.
    ///
    /// # Errors
    /// [`IoError::Open`] when the folder is not writable.
    ///
    /// ```
    /// assert!(chambers_io::AtomicFile::create("/no/such/dir/x.csv").is_err());
    /// ```
    pub fn create(path: impl AsRef<Path>) -> Result<Self, IoError> {
        let target = path.as_ref().to_path_buf();
        let temp = Self::temp_path(&target);
        let file = File::create(&temp).map_err(|e| IoError::Open {
            file: target.display().to_string(),
            source: e,
        })?;
        Ok(Self {
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            temp,
            target,
        })
    }

    /// The temporary name under which this process writes `target` before renaming it into
    /// place: `.NAME.tmp-PID` in the same folder (so that a program can remove it when it is
    /// interrupted by a signal, which skips destructors).
    ///
    /// ```
    /// let t = chambers_io::AtomicFile::temp_path(std::path::Path::new("out/report.json"));
    /// assert_eq!(t, std::path::Path::new(&format!("out/.report.json.tmp-{}", std::process::id())));
    /// ```
    pub fn temp_path(target: &Path) -> PathBuf {
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
    }

    /// The final path, under which the file appears on [`AtomicFile::commit`] (to name it in
    /// messages).
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// [`IoError::Write`] when flushing or renaming fails; the temporary file is removed.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let f = chambers_io::AtomicFile::create(dir.path().join("e.txt")).unwrap();
    /// f.commit().unwrap();
    /// assert!(dir.path().join("e.txt").exists());
    /// ```
    pub fn commit(mut self) -> Result<(), IoError> {
        let writer = self.writer.take().expect("committed once");
        let fail = |e: std::io::Error| IoError::Write {
            file: self.target.display().to_string(),
            source: e,
        };
        let file = writer.into_inner().map_err(|e| fail(e.into_error()))?;
        file.sync_all().map_err(fail)?;
        std::fs::rename(&self.temp, &self.target).map_err(fail)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() || self.temp.exists() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("half.csv");
        {
            use std::io::Write;
            let mut f = super::AtomicFile::create(&path).unwrap();
            writeln!(f, "partial").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
