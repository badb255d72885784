//! Parquet and Arrow IPC: reading edge tables of any reasonable column types, and writing the
//! canonical edge table in bounded memory.

use std::fs::File;
use std::io::{BufReader, Read, Seek, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::LargeStringArray;
use arrow_array::builder::{ArrayBuilder, Int64Builder, StringBuilder, UInt32Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, RecordBatch, StringArray, StringViewArray, TimestampMillisecondArray,
    TimestampSecondArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, Encoding};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::csv_edges::whole_weight;
use crate::num::{NumBuf, decimal, signed_decimal};
use crate::{Columns, EdgeRow, IoError, Problem, ReadOptions, ReadReport, Rejection, parse_time};

/// Rows per record batch written.
const BATCH: usize = 1 << 16;
/// Rows per record batch read from Parquet: small enough for a batch's columns to stay in cache.
const READ_BATCH: usize = 1 << 13;
/// Rows per Parquet row group written: bounds the writer's memory.
const ROW_GROUP: usize = 1 << 20;
/// Dictionary size per column chunk before Parquet falls back to plain encoding: room for the
/// distinct ids of a row group, so that id columns stay dictionary-encoded (smaller, faster).
const DICTIONARY_BYTES: usize = 16 << 20;
/// Data page size: pages of 64 KiB decompress into buffers that the allocator reuses.
const PAGE_BYTES: usize = 1 << 16;

const ID_TYPES: &str = "Utf8, LargeUtf8, Utf8View, Int32, Int64, UInt32 or UInt64";
const WEIGHT_TYPES: &str = "an integer or a float type";
const TIME_TYPES: &str =
    "Timestamp (any unit, any zone), Int64 or Int32 Unix seconds, Date32, Date64 or a string";

/// An id column of one batch.
enum Ids<'b> {
    Utf8(&'b StringArray),
    LargeUtf8(&'b LargeStringArray),
    View(&'b StringViewArray),
    I32(&'b [i32]),
    I64(&'b [i64]),
    U32(&'b [u32]),
    U64(&'b [u64]),
}

impl<'b> Ids<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        Some(match a.data_type() {
            DataType::Utf8 => Ids::Utf8(a.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => Ids::LargeUtf8(a.as_string_opt::<i64>()?),
            DataType::Utf8View => Ids::View(a.as_string_view_opt()?),
            DataType::Int32 => Ids::I32(a.as_primitive_opt::<Int32Type>()?.values()),
            DataType::Int64 => Ids::I64(a.as_primitive_opt::<Int64Type>()?.values()),
            DataType::UInt32 => Ids::U32(a.as_primitive_opt::<UInt32Type>()?.values()),
            DataType::UInt64 => Ids::U64(a.as_primitive_opt::<UInt64Type>()?.values()),
            _ => return None,
        })
    }

    /// Whether the column holds text (so it can also be a time column).
    fn is_text(&self) -> bool {
        matches!(self, Ids::Utf8(_) | Ids::LargeUtf8(_) | Ids::View(_))
    }

    /// Row `i` as text; integers are written into `buf`.
    fn get<'s>(&'s self, i: usize, buf: &'s mut NumBuf) -> &'s str {
        match self {
            Ids::Utf8(a) => a.value(i),
            Ids::LargeUtf8(a) => a.value(i),
            Ids::View(a) => a.value(i),
            Ids::I32(v) => signed_decimal(i64::from(v[i]), buf),
            Ids::I64(v) => signed_decimal(v[i], buf),
            Ids::U32(v) => decimal(u64::from(v[i]), buf),
            Ids::U64(v) => decimal(v[i], buf),
        }
    }
}

/// A weight column of one batch.
enum Weights<'b> {
    I8(&'b [i8]),
    I16(&'b [i16]),
    I32(&'b [i32]),
    I64(&'b [i64]),
    U8(&'b [u8]),
    U16(&'b [u16]),
    U32(&'b [u32]),
    U64(&'b [u64]),
    F32(&'b [f32]),
    F64(&'b [f64]),
}

impl<'b> Weights<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        Some(match a.data_type() {
            DataType::Int8 => Weights::I8(a.as_primitive_opt::<Int8Type>()?.values()),
            DataType::Int16 => Weights::I16(a.as_primitive_opt::<Int16Type>()?.values()),
            DataType::Int32 => Weights::I32(a.as_primitive_opt::<Int32Type>()?.values()),
            DataType::Int64 => Weights::I64(a.as_primitive_opt::<Int64Type>()?.values()),
            DataType::UInt8 => Weights::U8(a.as_primitive_opt::<UInt8Type>()?.values()),
            DataType::UInt16 => Weights::U16(a.as_primitive_opt::<UInt16Type>()?.values()),
            DataType::UInt32 => Weights::U32(a.as_primitive_opt::<UInt32Type>()?.values()),
            DataType::UInt64 => Weights::U64(a.as_primitive_opt::<UInt64Type>()?.values()),
            DataType::Float32 => Weights::F32(a.as_primitive_opt::<Float32Type>()?.values()),
            DataType::Float64 => Weights::F64(a.as_primitive_opt::<Float64Type>()?.values()),
            _ => return None,
        })
    }

    fn get(&self, i: usize) -> Result<u32, Problem> {
        let int = |n: i128| {
            u32::try_from(n).map_err(|_| Problem::BadWeight {
                value: n.to_string(),
                why: if n < 0 {
                    "negative"
                } else {
                    "above 4294967295"
                },
            })
        };
        let float = |x: f64| {
            whole_weight(x).map_err(|why| Problem::BadWeight {
                value: x.to_string(),
                why,
            })
        };
        match self {
            Weights::I8(v) => int(v[i].into()),
            Weights::I16(v) => int(v[i].into()),
            Weights::I32(v) => int(v[i].into()),
            Weights::I64(v) => int(v[i].into()),
            Weights::U8(v) => Ok(v[i].into()),
            Weights::U16(v) => Ok(v[i].into()),
            Weights::U32(v) => Ok(v[i]),
            Weights::U64(v) => int(v[i].into()),
            Weights::F32(v) => float(v[i].into()),
            Weights::F64(v) => float(v[i]),
        }
    }
}

/// A time column of one batch, read as Unix seconds.
enum Times<'b> {
    /// 64-bit counts of a unit (timestamps, Int64, Date64).
    Wide { values: &'b [i64], unit: TimeUnit },
    /// 32-bit counts of `seconds` seconds (Int32, Date32).
    Narrow { values: &'b [i32], seconds: i64 },
    /// Text parsed by [`parse_time`].
    Text(Ids<'b>),
}

impl<'b> Times<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        let wide = |values: &'b [i64], unit| Times::Wide { values, unit };
        Some(match a.data_type() {
            DataType::Timestamp(TimeUnit::Second, _) => wide(
                a.as_primitive_opt::<TimestampSecondType>()?.values(),
                TimeUnit::Second,
            ),
            DataType::Timestamp(TimeUnit::Millisecond, _) => wide(
                a.as_primitive_opt::<TimestampMillisecondType>()?.values(),
                TimeUnit::Millisecond,
            ),
            DataType::Timestamp(TimeUnit::Microsecond, _) => wide(
                a.as_primitive_opt::<TimestampMicrosecondType>()?.values(),
                TimeUnit::Microsecond,
            ),
            DataType::Timestamp(TimeUnit::Nanosecond, _) => wide(
                a.as_primitive_opt::<TimestampNanosecondType>()?.values(),
                TimeUnit::Nanosecond,
            ),
            DataType::Int64 => wide(
                a.as_primitive_opt::<Int64Type>()?.values(),
                TimeUnit::Second,
            ),
            DataType::Date64 => wide(
                a.as_primitive_opt::<Date64Type>()?.values(),
                TimeUnit::Millisecond,
            ),
            DataType::Int32 => Times::Narrow {
                values: a.as_primitive_opt::<Int32Type>()?.values(),
                seconds: 1,
            },
            DataType::Date32 => Times::Narrow {
                values: a.as_primitive_opt::<Date32Type>()?.values(),
                seconds: 86_400,
            },
            _ => Times::Text(Ids::new(a).filter(Ids::is_text)?),
        })
    }

    fn get(&self, i: usize) -> Result<i64, Problem> {
        match self {
            // Constant divisors, so that no division instruction runs per row.
            Times::Wide { values, unit } => Ok(match unit {
                TimeUnit::Second => values[i],
                TimeUnit::Millisecond => values[i].div_euclid(1_000),
                TimeUnit::Microsecond => values[i].div_euclid(1_000_000),
                TimeUnit::Nanosecond => values[i].div_euclid(1_000_000_000),
            }),
            Times::Narrow { values, seconds } => Ok(i64::from(values[i]) * seconds),
            Times::Text(ids) => {
                let mut buf = NumBuf::default();
                let text = ids.get(i, &mut buf).as_bytes();
                parse_time(text).ok_or_else(|| {
                    Problem::BadTime(String::from_utf8_lossy(text).chars().take(40).collect())
                })
            }
        }
    }
}

/// Whether [`Ids`] reads this type.
fn is_id_type(t: &DataType) -> bool {
    is_text_type(t)
        || matches!(
            t,
            DataType::Int32 | DataType::Int64 | DataType::UInt32 | DataType::UInt64
        )
}

fn is_text_type(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// Where the wanted columns are: their indices in the file and in the projected batches.
struct Layout {
    /// File column indices to read, ascending.
    projection: Vec<usize>,
    source: usize,
    target: usize,
    weight: Option<usize>,
    time: Option<usize>,
}

impl Layout {
    /// Finds the columns by name and checks their types, before any row is read.
    fn new(schema: &Schema, columns: &Columns) -> Result<Self, Problem> {
        let find = |name: &str| schema.fields().iter().position(|f| f.name() == name);
        let need = |name: &str| {
            find(name).ok_or_else(|| Problem::MissingColumn {
                column: name.to_owned(),
                header: schema
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            })
        };
        let (source, target) = (need(&columns.source)?, need(&columns.target)?);
        let (weight, time) = (find(&columns.weight), find(&columns.time));
        let check = |index: usize, expected: &'static str, ok: fn(&DataType) -> bool| {
            let field = &schema.fields()[index];
            if ok(field.data_type()) {
                Ok(())
            } else {
                Err(Problem::ColumnType {
                    column: field.name().clone(),
                    found: field.data_type().to_string(),
                    expected,
                })
            }
        };
        check(source, ID_TYPES, is_id_type)?;
        check(target, ID_TYPES, is_id_type)?;
        if let Some(w) = weight {
            check(w, WEIGHT_TYPES, |t| t.is_integer() || t.is_floating())?;
        }
        if let Some(t) = time {
            check(t, TIME_TYPES, |t| {
                is_text_type(t)
                    || matches!(
                        t,
                        DataType::Timestamp(..)
                            | DataType::Int64
                            | DataType::Int32
                            | DataType::Date32
                            | DataType::Date64
                    )
            })?;
        }
        let mut projection: Vec<usize> = [Some(source), Some(target), weight, time]
            .into_iter()
            .flatten()
            .collect();
        projection.sort_unstable();
        projection.dedup();
        let at = |i: usize| projection.binary_search(&i).expect("projected");
        Ok(Self {
            source: at(source),
            target: at(target),
            weight: weight.map(at),
            time: time.map(at),
            projection,
        })
    }
}

/// Whether row `i` is null in a column with these validity bits.
fn null(nulls: Option<&NullBuffer>, i: usize) -> bool {
    nulls.is_some_and(|n| n.is_null(i))
}

/// The typed columns of one batch, with their validity bits.
struct View<'b> {
    source: (Ids<'b>, Option<&'b NullBuffer>),
    target: (Ids<'b>, Option<&'b NullBuffer>),
    weight: Option<(Weights<'b>, Option<&'b NullBuffer>)>,
    time: Option<(Times<'b>, Option<&'b NullBuffer>)>,
}

impl<'b> View<'b> {
    fn new(batch: &'b RecordBatch, layout: &Layout) -> Option<Self> {
        let column = |i: usize| batch.columns().get(i).map(AsRef::as_ref);
        let ids = |i: usize| column(i).and_then(|a| Some((Ids::new(a)?, a.nulls())));
        let weight = match layout.weight {
            Some(i) => column(i)
                .and_then(|a| Some((Weights::new(a)?, a.nulls())))?
                .into(),
            None => None,
        };
        let time = match layout.time {
            Some(i) => column(i)
                .and_then(|a| Some((Times::new(a)?, a.nulls())))?
                .into(),
            None => None,
        };
        Some(Self {
            source: ids(layout.source)?,
            target: ids(layout.target)?,
            weight,
            time,
        })
    }

    /// Row `i`, or `None` for weight 0.
    fn row<'s>(
        &'s self,
        i: usize,
        line: u64,
        bufs: &'s mut (NumBuf, NumBuf),
    ) -> Result<Option<EdgeRow<'s>>, Problem> {
        if null(self.source.1, i) {
            return Err(Problem::EmptyId { column: "source" });
        }
        if null(self.target.1, i) {
            return Err(Problem::EmptyId { column: "target" });
        }
        let weight = match &self.weight {
            Some((_, nulls)) if null(*nulls, i) => {
                return Err(Problem::BadWeight {
                    value: "null".into(),
                    why: "missing",
                });
            }
            Some((w, _)) => w.get(i)?,
            None => 1,
        };
        let time = match &self.time {
            Some((_, nulls)) if null(*nulls, i) => None,
            Some((t, _)) => Some(t.get(i)?),
            None => None,
        };
        let source = self.source.0.get(i, &mut bufs.0);
        let target = self.target.0.get(i, &mut bufs.1);
        if source.is_empty() {
            return Err(Problem::EmptyId { column: "source" });
        }
        if target.is_empty() {
            return Err(Problem::EmptyId { column: "target" });
        }
        Ok((weight > 0).then_some(EdgeRow {
            source,
            target,
            weight,
            time,
            line,
        }))
    }
}

/// Streams the rows of record batches to `sink`, numbering rows from 1.
fn read_batches(
    file: &str,
    layout: &Layout,
    mut batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
    options: &ReadOptions,
    mut sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let at = |row: u64, problem: Problem| IoError::Row {
        file: file.to_owned(),
        row,
        problem,
    };
    let mut report = ReadReport {
        has_time: layout.time.is_some(),
        ..ReadReport::default()
    };
    let mut row = 0u64;
    let mut bufs = (NumBuf::default(), NumBuf::default());
    loop {
        // The arrow-rs decoders assert on some corrupt pages instead of returning an error; a
        // damaged file must give an error, not abort the program.
        let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batches.next()))
            .map_err(|_| {
                at(
                    row + 1,
                    Problem::Read("corrupt data: the decoder failed on a damaged page".into()),
                )
            })?;
        let Some(batch) = next else { break };
        let batch = batch.map_err(|e| at(row + 1, Problem::Read(e.to_string())))?;
        let view = View::new(&batch, layout).ok_or_else(|| {
            at(
                row + 1,
                Problem::Read("a batch's columns differ from the file's schema".into()),
            )
        })?;
        for i in 0..batch.num_rows() {
            row += 1;
            report.take_row(
                view.row(i, row, &mut bufs),
                &mut sink,
                options.skip_bad_rows,
                |p| at(row, p),
            )?;
        }
    }
    Ok(report)
}

fn open(path: &Path) -> Result<File, IoError> {
    File::open(path).map_err(|e| IoError::Open {
        file: path.display().to_string(),
        source: e,
    })
}

fn unreadable(path: &Path, format: &'static str) -> impl Fn(String) -> IoError {
    let file = path.display().to_string();
    move |why| IoError::Format {
        file: file.clone(),
        format,
        why,
    }
}

fn layout(path: &Path, schema: &Schema, columns: &Columns) -> Result<Layout, IoError> {
    Layout::new(schema, columns).map_err(|p| IoError::Input(format!("{}: {p}", path.display())))
}

/// Streams the rows of one Parquet file to `sink`, one record batch in memory at a time and
/// only the wanted columns read.
///
/// Columns are found by name ([`Columns`]); ids may be strings (`Utf8`, `LargeUtf8`,
/// `Utf8View`) or integers (`Int32`, `Int64`, `UInt32`, `UInt64`, written as decimal text);
/// weight, when present, any integer or float type holding whole non-negative counts (1 per
/// row when absent); time, when present, a `Timestamp` of any unit and zone, `Int64`/`Int32`
/// Unix seconds, `Date32`/`Date64`, or text read by [`parse_time`]; a null time is no time.
/// [`EdgeRow::line`] is the 1-based row number.
///
/// # Errors
/// [`IoError::Format`] for a file that is not Parquet or is truncated; [`IoError::Input`] for
/// a missing column or one of an unusable type; [`IoError::Row`] (`file: row N: problem`) for
/// a null or empty id, a null, negative or fractional weight, an unparsable time, or data
/// that cannot be decoded.
///
/// ```
/// use chambers_io::{read_parquet_edges, ParquetEdgeWriter, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.parquet");
/// let mut w = ParquetEdgeWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
/// w.write("ann", "bob", 2, Some(1_551_398_400)).unwrap();
/// w.finish().unwrap();
/// let mut rows = Vec::new();
/// let report = read_parquet_edges(&path, &ReadOptions::default(), |r| {
///     rows.push((r.source.to_owned(), r.target.to_owned(), r.weight, r.time, r.line));
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(rows, [("ann".into(), "bob".into(), 2, Some(1_551_398_400), 1)]);
/// assert!(report.has_time);
///
/// std::fs::write(&path, b"PAR1 not really").unwrap();
/// let err = read_parquet_edges(&path, &ReadOptions::default(), |_| Ok(())).unwrap_err();
/// assert!(err.to_string().contains("rt.parquet: not a readable Parquet file"));
/// ```
pub fn read_parquet_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    let fail = unreadable(path, "Parquet");
    let file = open(path)?;
    let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
        .map_err(|e| fail(e.to_string()))?;
    let layout = layout(path, metadata.schema(), &options.columns)?;
    // Text ids are read as string views: short ids then sit inside the view, no copying.
    let schema = metadata.schema();
    let ids = [&options.columns.source, &options.columns.target];
    let hinted = Schema::new_with_metadata(
        schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 if ids.contains(&f.name()) => {
                    Arc::new(f.as_ref().clone().with_data_type(DataType::Utf8View))
                }
                _ => f.clone(),
            })
            .collect::<Vec<_>>(),
        schema.metadata().clone(),
    );
    let metadata = ArrowReaderMetadata::try_new(
        metadata.metadata().clone(),
        ArrowReaderOptions::new().with_schema(Arc::new(hinted)),
    )
    .map_err(|e| fail(e.to_string()))?;
    let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata);
    let mask = ProjectionMask::roots(builder.parquet_schema(), layout.projection.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(READ_BATCH)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    read_batches(&path.display().to_string(), &layout, reader, options, sink)
}

/// Streams the rows of one Arrow IPC file to `sink`: the file form (`ARROW1` magic, as
/// `.arrow` and Feather v2 files) or the stream form, one record batch in memory at a time and
/// only the wanted columns decoded. Columns and rows are as for [`read_parquet_edges`].
///
/// # Errors
/// [`IoError::Format`] for a file that is not Arrow IPC or is truncated; the others of
/// [`read_parquet_edges`].
///
/// ```
/// use chambers_io::{read_arrow_edges, ArrowEdgeWriter, ReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("rt.arrow");
/// let mut w = ArrowEdgeWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
/// w.write("ann", "bob", 1, None).unwrap();
/// w.finish().unwrap();
/// let mut n = 0;
/// read_arrow_edges(&path, &ReadOptions::default(), |r| {
///     assert_eq!((r.source, r.target, r.time), ("ann", "bob", None));
///     n += 1;
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(n, 1);
/// ```
pub fn read_arrow_edges(
    path: &Path,
    options: &ReadOptions,
    sink: impl FnMut(EdgeRow<'_>) -> Result<(), Rejection>,
) -> Result<ReadReport, IoError> {
    use arrow_ipc::reader::{FileReader, StreamReader};
    let fail = unreadable(path, "Arrow IPC");
    let mut file = open(path)?;
    let mut magic = [0u8; 6];
    let is_file_form = file.read_exact(&mut magic).is_ok() && &magic == b"ARROW1";
    file.rewind().map_err(|e| fail(e.to_string()))?;
    let name = path.display().to_string();
    // The schema comes first; the reader is then opened again with the projection.
    if is_file_form {
        let schema = FileReader::try_new_buffered(file, None)
            .map_err(|e| fail(e.to_string()))?
            .schema();
        let layout = layout(path, &schema, &options.columns)?;
        let reader = FileReader::try_new_buffered(open(path)?, Some(layout.projection.clone()))
            .map_err(|e| fail(e.to_string()))?;
        read_batches(&name, &layout, reader, options, sink)
    } else {
        let schema = StreamReader::try_new(BufReader::new(file), None)
            .map_err(|e| fail(e.to_string()))?
            .schema();
        let layout = layout(path, &schema, &options.columns)?;
        let reader = StreamReader::try_new(
            BufReader::with_capacity(1 << 16, open(path)?),
            Some(layout.projection.clone()),
        )
        .map_err(|e| fail(e.to_string()))?;
        read_batches(&name, &layout, reader, options, sink)
    }
}

/// The schema of the canonical edge table: `source` and `target` (Utf8), `weight` (UInt32),
/// `time` (Timestamp in `unit`, UTC, null when unknown).
fn edge_schema(unit: TimeUnit) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("source", DataType::Utf8, false),
        Field::new("target", DataType::Utf8, false),
        Field::new("weight", DataType::UInt32, false),
        Field::new("time", DataType::Timestamp(unit, Some("UTC".into())), true),
    ]))
}

/// Rows gathered for the next record batch.
struct Pending {
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
    fn new(unit: TimeUnit, format: &'static str) -> Self {
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

    /// Adds a row; says whether the batch is full.
    fn push(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<bool, IoError> {
        let time = match (time, self.unit) {
            (Some(t), TimeUnit::Millisecond) => Some(t.checked_mul(1_000).ok_or_else(|| {
                IoError::Input(format!(
                    "time {t} (Unix seconds) is beyond the range of Parquet timestamps"
                ))
            })?),
            (time, _) => time,
        };
        self.source.append_value(source);
        self.target.append_value(target);
        self.weight.append_value(weight);
        self.time.append_option(time);
        Ok(self.weight.len() >= BATCH)
    }

    /// Adds a row and hands a full batch to `sink`.
    fn add<E: std::fmt::Display>(
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
    fn flush<E: std::fmt::Display>(
        &mut self,
        sink: impl FnOnce(&RecordBatch) -> Result<(), E>,
    ) -> Result<(), IoError> {
        if self.weight.len() == 0 {
            return Ok(());
        }
        let batch = self.take().map_err(|e| write_error(self.format, e))?;
        sink(&batch).map_err(|e| write_error(self.format, e))
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

fn write_error(format: &str, e: impl std::fmt::Display) -> IoError {
    IoError::Write {
        file: format!("{format} edge table"),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Writes the canonical edge table as Parquet: columns `source`, `target` (strings,
/// dictionary-encoded), `weight` (UInt32) and `time` (Timestamp in milliseconds, UTC — Parquet
/// has no seconds unit —, delta-encoded, null when unknown), Snappy-compressed, in row groups of
/// 2^20 rows, so memory stays bounded whatever the number of rows.
///
/// ```
/// let mut w = chambers_io::ParquetEdgeWriter::new(Vec::new()).unwrap();
/// w.write("a", "b", 2, Some(0)).unwrap();
/// let bytes = w.finish().unwrap();
/// assert_eq!(&bytes[..4], b"PAR1");
/// ```
pub struct ParquetEdgeWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    pending: Pending,
}

impl<W: Write + Send> std::fmt::Debug for ParquetEdgeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetEdgeWriter")
            .field("buffered_rows", &self.writer.in_progress_rows())
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> ParquetEdgeWriter<W> {
    /// Starts the table.
    ///
    /// # Errors
    /// [`IoError::Write`] when the file header cannot be written.
    ///
    /// ```
    /// assert!(chambers_io::ParquetEdgeWriter::new(Vec::new()).is_ok());
    /// ```
    pub fn new(out: W) -> Result<Self, IoError> {
        let time = ColumnPath::from("time");
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_dictionary_page_size_limit(DICTIONARY_BYTES)
            .set_data_page_size_limit(PAGE_BYTES)
            .set_column_dictionary_enabled(time.clone(), false)
            .set_column_encoding(time, Encoding::DELTA_BINARY_PACKED)
            .build();
        let writer =
            ArrowWriter::try_new(out, edge_schema(TimeUnit::Millisecond), Some(properties))
                .map_err(|e| write_error("Parquet", e))?;
        Ok(Self {
            writer,
            pending: Pending::new(TimeUnit::Millisecond, "Parquet"),
        })
    }

    /// Adds one row.
    ///
    /// # Errors
    /// [`IoError::Write`] when a full batch cannot be encoded or written; [`IoError::Input`]
    /// for a time beyond the millisecond range (about ±292 million years).
    ///
    /// ```
    /// let mut w = chambers_io::ParquetEdgeWriter::new(Vec::new()).unwrap();
    /// assert!(w.write("a", "b", 1, None).is_ok());
    /// ```
    pub fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let writer = &mut self.writer;
        self.pending
            .add((source, target, weight, time), |b| writer.write(b))
    }

    /// Writes the last rows and the footer, and returns the underlying writer.
    ///
    /// # Errors
    /// [`IoError::Write`] when writing fails.
    ///
    /// ```
    /// let w = chambers_io::ParquetEdgeWriter::new(Vec::new()).unwrap();
    /// let empty_table = w.finish().unwrap();
    /// assert_eq!(&empty_table[empty_table.len() - 4..], b"PAR1");
    /// ```
    pub fn finish(mut self) -> Result<W, IoError> {
        let writer = &mut self.writer;
        self.pending.flush(|b| writer.write(b))?;
        self.writer
            .into_inner()
            .map_err(|e| write_error("Parquet", e))
    }
}

/// Writes the canonical edge table as an Arrow IPC file (the `.arrow` / Feather v2 form):
/// `source`, `target` (Utf8), `weight` (UInt32), `time` (Timestamp in seconds, UTC, null when
/// unknown), in record batches of 2^16 rows.
///
/// ```
/// let mut w = chambers_io::ArrowEdgeWriter::new(Vec::new()).unwrap();
/// w.write("a", "b", 1, None).unwrap();
/// let bytes = w.finish().unwrap();
/// assert_eq!(&bytes[..6], b"ARROW1");
/// ```
pub struct ArrowEdgeWriter<W: Write> {
    writer: arrow_ipc::writer::FileWriter<W>,
    pending: Pending,
}

impl<W: Write> std::fmt::Debug for ArrowEdgeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArrowEdgeWriter")
            .field("pending_rows", &self.pending.weight.len())
            .finish_non_exhaustive()
    }
}

impl<W: Write> ArrowEdgeWriter<W> {
    /// Starts the file and writes its schema.
    ///
    /// # Errors
    /// [`IoError::Write`] when the header cannot be written.
    ///
    /// ```
    /// assert!(chambers_io::ArrowEdgeWriter::new(Vec::new()).is_ok());
    /// ```
    pub fn new(out: W) -> Result<Self, IoError> {
        let writer = arrow_ipc::writer::FileWriter::try_new(out, &edge_schema(TimeUnit::Second))
            .map_err(|e| write_error("Arrow", e))?;
        Ok(Self {
            writer,
            pending: Pending::new(TimeUnit::Second, "Arrow"),
        })
    }

    /// Adds one row.
    ///
    /// # Errors
    /// [`IoError::Write`] when a full batch cannot be written.
    ///
    /// ```
    /// let mut w = chambers_io::ArrowEdgeWriter::new(Vec::new()).unwrap();
    /// assert!(w.write("a", "b", 1, Some(5)).is_ok());
    /// ```
    pub fn write(
        &mut self,
        source: &str,
        target: &str,
        weight: u32,
        time: Option<i64>,
    ) -> Result<(), IoError> {
        let writer = &mut self.writer;
        self.pending
            .add((source, target, weight, time), |b| writer.write(b))
    }

    /// Writes the last rows and the footer, and returns the underlying writer.
    ///
    /// # Errors
    /// [`IoError::Write`] when writing fails.
    ///
    /// ```
    /// let w = chambers_io::ArrowEdgeWriter::new(Vec::new()).unwrap();
    /// assert!(w.finish().unwrap().ends_with(b"ARROW1"));
    /// ```
    pub fn finish(mut self) -> Result<W, IoError> {
        let writer = &mut self.writer;
        self.pending.flush(|b| writer.write(b))?;
        self.writer.finish().map_err(|e| write_error("Arrow", e))?;
        self.writer
            .into_inner()
            .map_err(|e| write_error("Arrow", e))
    }
}
