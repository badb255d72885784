//! What the Parquet and Arrow writers share: the canonical edge table's schema, and rows
//! gathered into record batches of bounded size.

use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, Int64Builder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, RecordBatch, TimestampMillisecondArray, TimestampSecondArray};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::IoError;

/// An encoder's error, kept whole.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Rows per record batch written.
const BATCH: usize = 1 << 16;

/// The schema of the canonical edge table: `source` and `target` (Utf8), `weight` (UInt32),
/// `time` (Timestamp in `unit`, UTC, null when unknown).
pub(super) fn edge_schema(unit: TimeUnit) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("source", DataType::Utf8, false),
        Field::new("target", DataType::Utf8, false),
        Field::new("weight", DataType::UInt32, false),
        Field::new("time", DataType::Timestamp(unit, Some("UTC".into())), true),
    ]))
}

/// Rows gathered for the next record batch.
pub(super) struct Pending {
    format: &'static str,
    schema: SchemaRef,
    unit: TimeUnit,
    source: StringBuilder,
    target: StringBuilder,
    weight: UInt32Builder,
    time: Int64Builder,
}

impl Pending {
    /// Times are kept in seconds (Arrow IPC) or milliseconds (Parquet, which has no seconds).
    pub(super) fn new(unit: TimeUnit, format: &'static str) -> Self {
        Self {
            format,
            schema: edge_schema(unit),
            unit,
            source: StringBuilder::with_capacity(BATCH, BATCH * 12),
            target: StringBuilder::with_capacity(BATCH, BATCH * 12),
            weight: UInt32Builder::with_capacity(BATCH),
            time: Int64Builder::with_capacity(BATCH),
        }
    }

    /// Rows gathered and not yet handed on.
    pub(super) fn rows(&self) -> usize {
        self.weight.len()
    }

    /// Adds a row; says whether the batch is full.
    fn push(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<bool, IoError> {
        let time = match (time, self.unit) {
            (Some(t), TimeUnit::Millisecond) => {
                Some(t.checked_mul(1_000).ok_or(IoError::TimeRange { time: t })?)
            }
            (time, _) => time,
        };
        self.source.append_value(source);
        self.target.append_value(target);
        self.weight.append_value(weight);
        self.time.append_option(time);
        Ok(self.weight.len() >= BATCH)
    }

    /// Adds a row and hands a full batch to `sink`.
    pub(super) fn add<E: Into<Cause>>(
        &mut self,
        (source, target, weight, time): (&str, &str, u32, Option<i64>),
        sink: impl FnOnce(&RecordBatch) -> Result<(), E>,
    ) -> Result<(), IoError> {
        if self.push(source, target, weight, time)? {
            self.flush(sink)?;
        }
        Ok(())
    }

    /// Hands the rows gathered so far, if any, to `sink` as one batch.
    pub(super) fn flush<E: Into<Cause>>(
        &mut self,
        sink: impl FnOnce(&RecordBatch) -> Result<(), E>,
    ) -> Result<(), IoError> {
        if self.weight.len() == 0 {
            return Ok(());
        }
        let batch = self.take().map_err(|e| table_error(self.format, e))?;
        sink(&batch).map_err(|e| table_error(self.format, e))
    }

    fn take(&mut self) -> Result<RecordBatch, ArrowError> {
        let (_, values, nulls) = self.time.finish().into_parts();
        let time: ArrayRef = match self.unit {
            TimeUnit::Millisecond => {
                Arc::new(TimestampMillisecondArray::new(values, nulls).with_timezone("UTC"))
            }
            _ => Arc::new(TimestampSecondArray::new(values, nulls).with_timezone("UTC")),
        };
        RecordBatch::try_new(
            self.schema.clone(),
            vec![
                Arc::new(self.source.finish()),
                Arc::new(self.target.finish()),
                Arc::new(self.weight.finish()),
                time,
            ],
        )
    }
}

/// A write error of the `format` encoder, which does not know the file's name
/// ([`crate::EdgeFileWriter`] puts it in).
pub(super) fn table_error(format: &str, e: impl Into<Cause>) -> IoError {
    IoError::Write {
        file: format!("{format} edge table"),
        source: std::io::Error::other(e),
    }
}
