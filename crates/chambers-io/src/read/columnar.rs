//! What the Parquet and Arrow IPC readers share: columns of any reasonable type read as edge
//! rows, record batch by record batch, with errors naming the 1-based row.

use std::fs::File;
use std::path::Path;

use arrow_array::LargeStringArray;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch, StringArray, StringViewArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{ArrowError, DataType, Schema, TimeUnit};

use crate::num::{NumBuf, decimal, signed_decimal, whole_weight};
use crate::{Columns, EdgeRow, IoError, Problem, ReadOptions, ReadReport, Rejection, parse_time};

/// Rows per record batch read from Parquet: small enough for a batch's columns to stay in cache.
pub(super) const READ_BATCH: usize = 1 << 13;

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
pub(super) struct Layout {
    /// File column indices to read, ascending.
    pub(super) projection: Vec<usize>,
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
pub(super) fn read_batches(
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
                    Problem::Corrupt("corrupt data: the decoder failed on a damaged page"),
                )
            })?;
        let Some(batch) = next else { break };
        let batch = batch.map_err(|e| at(row + 1, Problem::Decode(Box::new(e))))?;
        let view = View::new(&batch, layout).ok_or_else(|| {
            at(
                row + 1,
                Problem::Corrupt("a batch's columns differ from the file's schema"),
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

/// Opens the file, naming it in the error.
pub(super) fn open(path: &Path) -> Result<File, IoError> {
    File::open(path).map_err(|e| IoError::Open {
        file: path.display().to_string(),
        source: e,
    })
}

/// The error for a file that its decoder cannot read as `format`, keeping the decoder's error.
pub(super) fn unreadable(
    path: &Path,
    format: &'static str,
    e: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> IoError {
    IoError::Format {
        file: path.display().to_string(),
        format,
        source: e.into(),
    }
}

/// Finds the wanted columns in the file's schema ([`IoError::Schema`] when one is missing or
/// of an unusable type).
pub(super) fn layout(path: &Path, schema: &Schema, columns: &Columns) -> Result<Layout, IoError> {
    Layout::new(schema, columns).map_err(|problem| IoError::Schema {
        file: path.display().to_string(),
        problem,
    })
}
