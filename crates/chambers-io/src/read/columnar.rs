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
use crate::{EdgeRow, IoError, Problem, ReadOptions, ReadReport, Rejection, parse_time_in};

/// Rows per record batch read from Parquet: small enough for a batch's columns to stay in cache.
pub(super) const READ_BATCH: usize = 1 << 13;

const ID_TYPES: &str =
    "Utf8, LargeUtf8, Utf8View, Int32, Int64, UInt32 or UInt64, or a Dictionary of one of these";
const WEIGHT_TYPES: &str = "an integer or a float type";
const TIME_TYPES: &str = "Timestamp (any unit, any zone), Int64 or Int32 Unix seconds, Date32, \
     Date64 or a string (also dictionary-encoded)";

/// The values of an id column of one batch, or of its dictionary.
enum Values<'b> {
    Utf8(&'b StringArray),
    LargeUtf8(&'b LargeStringArray),
    View(&'b StringViewArray),
    I32(&'b [i32]),
    I64(&'b [i64]),
    U32(&'b [u32]),
    U64(&'b [u64]),
}

impl<'b> Values<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        Some(match a.data_type() {
            DataType::Utf8 => Values::Utf8(a.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => Values::LargeUtf8(a.as_string_opt::<i64>()?),
            DataType::Utf8View => Values::View(a.as_string_view_opt()?),
            DataType::Int32 => Values::I32(a.as_primitive_opt::<Int32Type>()?.values()),
            DataType::Int64 => Values::I64(a.as_primitive_opt::<Int64Type>()?.values()),
            DataType::UInt32 => Values::U32(a.as_primitive_opt::<UInt32Type>()?.values()),
            DataType::UInt64 => Values::U64(a.as_primitive_opt::<UInt64Type>()?.values()),
            _ => return None,
        })
    }

    fn len(&self) -> usize {
        match self {
            Values::Utf8(a) => a.len(),
            Values::LargeUtf8(a) => a.len(),
            Values::View(a) => a.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::U32(v) => v.len(),
            Values::U64(v) => v.len(),
        }
    }

    /// Value `i` as text; integers are written into `buf`.
    fn get<'s>(&'s self, i: usize, buf: &'s mut NumBuf) -> &'s str {
        match self {
            Values::Utf8(a) => a.value(i),
            Values::LargeUtf8(a) => a.value(i),
            Values::View(a) => a.value(i),
            Values::I32(v) => signed_decimal(i64::from(v[i]), buf),
            Values::I64(v) => signed_decimal(v[i], buf),
            Values::U32(v) => decimal(u64::from(v[i]), buf),
            Values::U64(v) => decimal(v[i], buf),
        }
    }
}

/// The keys of a dictionary-encoded column of one batch, of any integer type.
enum Keys<'b> {
    I8(&'b [i8]),
    I16(&'b [i16]),
    I32(&'b [i32]),
    I64(&'b [i64]),
    U8(&'b [u8]),
    U16(&'b [u16]),
    U32(&'b [u32]),
    U64(&'b [u64]),
}

impl<'b> Keys<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        let DataType::Dictionary(key, _) = a.data_type() else {
            return None;
        };
        Some(match key.as_ref() {
            DataType::Int8 => Keys::I8(a.as_dictionary_opt::<Int8Type>()?.keys().values()),
            DataType::Int16 => Keys::I16(a.as_dictionary_opt::<Int16Type>()?.keys().values()),
            DataType::Int32 => Keys::I32(a.as_dictionary_opt::<Int32Type>()?.keys().values()),
            DataType::Int64 => Keys::I64(a.as_dictionary_opt::<Int64Type>()?.keys().values()),
            DataType::UInt8 => Keys::U8(a.as_dictionary_opt::<UInt8Type>()?.keys().values()),
            DataType::UInt16 => Keys::U16(a.as_dictionary_opt::<UInt16Type>()?.keys().values()),
            DataType::UInt32 => Keys::U32(a.as_dictionary_opt::<UInt32Type>()?.keys().values()),
            DataType::UInt64 => Keys::U64(a.as_dictionary_opt::<UInt64Type>()?.keys().values()),
            _ => return None,
        })
    }

    /// Key `i` as an index into the dictionary (`usize::MAX` for a negative key, which no
    /// dictionary has).
    fn get(&self, i: usize) -> usize {
        let index = |k: i64| usize::try_from(k).unwrap_or(usize::MAX);
        match self {
            Keys::I8(k) => index(k[i].into()),
            Keys::I16(k) => index(k[i].into()),
            Keys::I32(k) => index(k[i].into()),
            Keys::I64(k) => index(k[i]),
            Keys::U8(k) => k[i].into(),
            Keys::U16(k) => k[i].into(),
            Keys::U32(k) => usize::try_from(k[i]).unwrap_or(usize::MAX),
            Keys::U64(k) => usize::try_from(k[i]).unwrap_or(usize::MAX),
        }
    }
}

/// An id column of one batch: plain values, or dictionary keys into values (pandas
/// `category`, Arrow `dictionary<…>`). The dictionary's values are resolved once per batch;
/// a row is then a key lookup, text borrowed from the dictionary without copying.
struct Ids<'b> {
    keys: Option<Keys<'b>>,
    values: Values<'b>,
}

impl<'b> Ids<'b> {
    fn new(a: &'b dyn Array) -> Option<Self> {
        Some(match a.as_any_dictionary_opt() {
            Some(dictionary) => Self {
                keys: Some(Keys::new(a)?),
                values: Values::new(dictionary.values().as_ref())?,
            },
            None => Self {
                keys: None,
                values: Values::new(a)?,
            },
        })
    }

    /// Whether the column holds text (so it can also be a time column).
    fn is_text(&self) -> bool {
        matches!(
            self.values,
            Values::Utf8(_) | Values::LargeUtf8(_) | Values::View(_)
        )
    }

    /// Row `i` as text; integers are written into `buf`.
    fn get<'s>(&'s self, i: usize, buf: &'s mut NumBuf) -> Result<&'s str, Problem> {
        let index = match &self.keys {
            None => i,
            Some(keys) => {
                let k = keys.get(i);
                if k >= self.values.len() {
                    return Err(Problem::Corrupt("a dictionary key is out of range"));
                }
                k
            }
        };
        Ok(self.values.get(index, buf))
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
    /// 32-bit counts of `seconds` seconds (Date32), or of 1/`per` seconds (Int32).
    Narrow {
        values: &'b [i32],
        seconds: i64,
        per: i64,
    },
    /// Text parsed by [`parse_time_in`], integers in the unit given.
    Text(Ids<'b>, crate::TimeUnit),
}

/// The Arrow unit of integer times in `unit`.
fn arrow_unit(unit: crate::TimeUnit) -> TimeUnit {
    match unit {
        crate::TimeUnit::Seconds => TimeUnit::Second,
        crate::TimeUnit::Milliseconds => TimeUnit::Millisecond,
        crate::TimeUnit::Microseconds => TimeUnit::Microsecond,
        crate::TimeUnit::Nanoseconds => TimeUnit::Nanosecond,
    }
}

impl<'b> Times<'b> {
    /// `unit` is that of plain integer columns ([`ReadOptions::time_unit`]).
    fn new(a: &'b dyn Array, unit: crate::TimeUnit) -> Option<Self> {
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
                arrow_unit(unit),
            ),
            DataType::Date64 => wide(
                a.as_primitive_opt::<Date64Type>()?.values(),
                TimeUnit::Millisecond,
            ),
            DataType::Int32 => Times::Narrow {
                values: a.as_primitive_opt::<Int32Type>()?.values(),
                seconds: 1,
                per: unit.per_second(),
            },
            DataType::Date32 => Times::Narrow {
                values: a.as_primitive_opt::<Date32Type>()?.values(),
                seconds: 86_400,
                per: 1,
            },
            _ => Times::Text(Ids::new(a).filter(Ids::is_text)?, unit),
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
            // Exact: an i32 times 86,400 fits an i64; floored to whole seconds.
            Times::Narrow {
                values,
                seconds,
                per,
            } => Ok((i64::from(values[i]) * seconds).div_euclid(*per)),
            Times::Text(ids, unit) => {
                let mut buf = NumBuf::default();
                let text = ids.get(i, &mut buf)?.as_bytes();
                parse_time_in(text, *unit).ok_or_else(|| {
                    Problem::BadTime(String::from_utf8_lossy(text).chars().take(40).collect())
                })
            }
        }
    }
}

/// Whether [`Ids`] reads this type: a value type of [`Values`], or a dictionary of one.
fn is_id_type(t: &DataType) -> bool {
    match t {
        DataType::Dictionary(key, value) => key.is_integer() && is_value_type(value),
        t => is_value_type(t),
    }
}

fn is_value_type(t: &DataType) -> bool {
    is_text_value_type(t)
        || matches!(
            t,
            DataType::Int32 | DataType::Int64 | DataType::UInt32 | DataType::UInt64
        )
}

/// Whether the type is text, plain or dictionary-encoded.
fn is_text_type(t: &DataType) -> bool {
    match t {
        DataType::Dictionary(key, value) => key.is_integer() && is_text_value_type(value),
        t => is_text_value_type(t),
    }
}

fn is_text_value_type(t: &DataType) -> bool {
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
    /// Finds the columns by name and checks their types, before any row is read; a missing time
    /// column under [`ReadOptions::require_time`] is [`Problem::MissingTimeColumn`].
    pub(super) fn new(schema: &Schema, options: &ReadOptions) -> Result<Self, Problem> {
        let columns = &options.columns;
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        columns.check_unique(&names, "schema")?;
        let find = |name: &str| names.iter().position(|&n| n == name);
        let need = |name: &str| {
            find(name).ok_or_else(|| Problem::MissingColumn {
                column: name.to_owned(),
                header: names.join(","),
            })
        };
        let (source, target) = (need(&columns.source)?, need(&columns.target)?);
        let (weight, time) = (find(&columns.weight), find(&columns.time));
        if options.require_time && time.is_none() {
            return Err(Problem::MissingTimeColumn {
                column: columns.time.clone(),
                header: names.join(","),
            });
        }
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

/// The typed columns of one batch, with their validity bits (logical: a dictionary-encoded
/// row is also null when its key points at a null value).
struct View<'b> {
    source: (Ids<'b>, Option<NullBuffer>),
    target: (Ids<'b>, Option<NullBuffer>),
    weight: Option<(Weights<'b>, Option<NullBuffer>)>,
    time: Option<(Times<'b>, Option<NullBuffer>)>,
}

impl<'b> View<'b> {
    fn new(batch: &'b RecordBatch, layout: &Layout, unit: crate::TimeUnit) -> Option<Self> {
        let column = |i: usize| batch.columns().get(i).map(AsRef::as_ref);
        let ids = |i: usize| column(i).and_then(|a| Some((Ids::new(a)?, a.logical_nulls())));
        let weight = match layout.weight {
            Some(i) => column(i)
                .and_then(|a| Some((Weights::new(a)?, a.logical_nulls())))?
                .into(),
            None => None,
        };
        let time = match layout.time {
            Some(i) => column(i)
                .and_then(|a| Some((Times::new(a, unit)?, a.logical_nulls())))?
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
        if null(self.source.1.as_ref(), i) {
            return Err(Problem::EmptyId { column: "source" });
        }
        if null(self.target.1.as_ref(), i) {
            return Err(Problem::EmptyId { column: "target" });
        }
        let weight = match &self.weight {
            Some((_, nulls)) if null(nulls.as_ref(), i) => {
                return Err(Problem::BadWeight {
                    value: "null".into(),
                    why: "missing",
                });
            }
            Some((w, _)) => w.get(i)?,
            None => 1,
        };
        let time = match &self.time {
            Some((_, nulls)) if null(nulls.as_ref(), i) => None,
            Some((t, _)) => Some(t.get(i)?),
            None => None,
        };
        let source = self.source.0.get(i, &mut bufs.0)?;
        let target = self.target.0.get(i, &mut bufs.1)?;
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
        let view = View::new(&batch, layout, options.time_unit).ok_or_else(|| {
            at(
                row + 1,
                Problem::Corrupt("a batch's columns differ from the file's schema"),
            )
        })?;
        for i in 0..batch.num_rows() {
            row += 1;
            report.take_row(view.row(i, row, &mut bufs), &mut sink, options, |p| {
                at(row, p)
            })?;
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
pub(super) fn layout(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<Layout, IoError> {
    Layout::new(schema, options).map_err(|problem| IoError::Schema {
        file: path.display().to_string(),
        problem,
    })
}
