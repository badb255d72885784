//! Parameters of the embedded DataFusion engine and of the event table's windows.

use std::path::PathBuf;

use crate::EngineError;

/// How the embedded engine runs: its memory pool and where it spills.
///
/// `Default` is DataFusion's own: no memory limit, spill files in the system's temporary folder,
/// one partition per core, batches of 8,192 rows.
///
/// ```
/// use chambers_datafusion::EngineParams;
/// let p = EngineParams::default().memory_limit(Some(64 << 20)).spill_dir(Some("/tmp".into()));
/// assert!(p.check().is_ok());
/// assert!(EngineParams::default().memory_limit(Some(0)).check().is_err());
/// assert!(EngineParams::default().batch_size(0).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineParams {
    /// Bytes the query may hold in memory before its sorts, joins and aggregations spill to
    /// disk; `None` for no limit.
    pub memory_limit: Option<usize>,
    /// Folder for spill files; `None` for the system's temporary folder.
    pub spill_dir: Option<PathBuf>,
    /// Partitions a plan runs in parallel; 0 for one per core. Under a memory limit at least 2,
    /// since only then does DataFusion plan joins that spill.
    pub partitions: usize,
    /// A running Ballista scheduler to run the plans on, as `df://HOST:PORT`, instead of the
    /// embedded engine (`None`). The input paths and the spill folder, where the staged tables
    /// go, must be readable by the driver and every executor (one machine, or shared storage);
    /// the memory limit and partitions are the executors' own settings then.
    #[cfg(feature = "ballista")]
    pub scheduler: Option<String>,
    /// Rows per batch at most. Every operator holds at least a batch or two, so under a memory
    /// limit the engine uses smaller ones ([`EngineParams::effective_batch_size`]).
    pub batch_size: usize,
}

impl Default for EngineParams {
    fn default() -> Self {
        Self {
            memory_limit: None,
            spill_dir: None,
            partitions: 0,
            #[cfg(feature = "ballista")]
            scheduler: None,
            batch_size: 8192,
        }
    }
}

impl EngineParams {
    /// Builder-lite setter for [`EngineParams::memory_limit`].
    pub fn memory_limit(mut self, bytes: Option<usize>) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// Builder-lite setter for [`EngineParams::spill_dir`].
    pub fn spill_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.spill_dir = dir;
        self
    }

    /// Builder-lite setter for [`EngineParams::partitions`].
    pub fn partitions(mut self, n: usize) -> Self {
        self.partitions = n;
        self
    }

    /// Builder-lite setter for [`EngineParams::scheduler`].
    #[cfg(feature = "ballista")]
    pub fn scheduler(mut self, url: Option<String>) -> Self {
        self.scheduler = url;
        self
    }

    /// Builder-lite setter for [`EngineParams::batch_size`].
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows;
        self
    }

    /// Rows per batch the engine uses: [`EngineParams::batch_size`], or under a memory limit
    /// one row per 16 KiB of the limit (at least 512, at most `batch_size`), so that the
    /// dozen operators sharing the pool each hold a few batches within their share.
    ///
    /// ```
    /// use chambers_datafusion::EngineParams;
    /// assert_eq!(EngineParams::default().effective_batch_size(), 8192);
    /// assert_eq!(EngineParams::default().memory_limit(Some(16 << 20)).effective_batch_size(), 1024);
    /// assert_eq!(EngineParams::default().memory_limit(Some(1 << 20)).effective_batch_size(), 512);
    /// assert_eq!(EngineParams::default().memory_limit(Some(4 << 30)).effective_batch_size(), 8192);
    /// ```
    pub fn effective_batch_size(&self) -> usize {
        match self.memory_limit {
            Some(bytes) => (bytes / (16 << 10)).clamp(512.min(self.batch_size), self.batch_size),
            None => self.batch_size,
        }
    }

    /// Checks that a memory limit, when given, and the batch size are positive and that a spill
    /// folder exists.
    ///
    /// # Errors
    /// [`EngineError::InvalidParameter`] naming the bad value.
    pub fn check(&self) -> Result<(), EngineError> {
        if self.memory_limit == Some(0) {
            return Err(EngineError::InvalidParameter(
                "the memory limit must be positive".into(),
            ));
        }
        if self.batch_size == 0 {
            return Err(EngineError::InvalidParameter(
                "the batch size must be positive".into(),
            ));
        }
        if let Some(dir) = &self.spill_dir
            && !dir.is_dir()
        {
            return Err(EngineError::InvalidParameter(format!(
                "the spill folder {} is not a folder",
                dir.display()
            )));
        }
        Ok(())
    }
}
