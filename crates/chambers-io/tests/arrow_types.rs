//! Fuzzing the Parquet and Arrow IPC readers with foreign column types: record batches whose
//! source, target, weight and time columns have random Arrow types (usable or not) and random
//! values and nulls, written as Arrow IPC (file and stream form, plain or LZ4/ZSTD) and as
//! Parquet, then read. Nothing may panic; an error names the file first, on one line; a lenient
//! read accounts for every data row; every encoding of the same batches reads the same.
#![cfg(feature = "parquet")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::{Int8Type, Int32Type, UInt16Type};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Date64Array, DictionaryArray,
    Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Int64Array, LargeStringArray,
    NullArray, RecordBatch, StringArray, StringViewArray, TimestampMicrosecondArray,
    TimestampMillisecondArray, TimestampNanosecondArray, TimestampSecondArray, UInt8Array,
    UInt16Array, UInt32Array, UInt64Array,
};
use arrow_ipc::CompressionType;
use arrow_ipc::writer::{FileWriter, IpcWriteOptions, StreamWriter};
use arrow_schema::{Field, Schema};
use chambers_graph::WindowSpec;
use chambers_io::{IoError, ReadOptions, ReadReport, TimeUnit, read_edges, read_windows};
use proptest::prelude::*;

const T0: i64 = 1_551_398_400; // 2019-03-01T00:00:00Z
const WEEK: i64 = 7 * 86_400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Int {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

const INTS: [Int; 8] = [
    Int::I8,
    Int::I16,
    Int::I32,
    Int::I64,
    Int::U8,
    Int::U16,
    Int::U32,
    Int::U64,
];

/// An integer column of `values` (cast, wrapping, to the type) with nulls where `None`.
fn int_array(int: Int, values: &[Option<i64>]) -> ArrayRef {
    macro_rules! build {
        ($array:ty, $t:ty) => {
            Arc::new(
                values
                    .iter()
                    .map(|v| v.map(|v| v as $t))
                    .collect::<$array>(),
            ) as ArrayRef
        };
    }
    match int {
        Int::I8 => build!(Int8Array, i8),
        Int::I16 => build!(Int16Array, i16),
        Int::I32 => build!(Int32Array, i32),
        Int::I64 => build!(Int64Array, i64),
        Int::U8 => build!(UInt8Array, u8),
        Int::U16 => build!(UInt16Array, u16),
        Int::U32 => build!(UInt32Array, u32),
        Int::U64 => build!(UInt64Array, u64),
    }
}

#[derive(Clone, Copy, Debug)]
enum Key {
    I8,
    I32,
    U16,
}

#[derive(Clone, Copy, Debug)]
enum IdType {
    Utf8,
    LargeUtf8,
    Utf8View,
    Binary,
    Int(Int),
    Float32,
    Float64,
    Boolean,
    /// Dictionary-encoded: keys, and text (`true`) or Int64 values.
    Dict(Key, bool),
    Null,
}

impl IdType {
    /// Whether the reader takes this type (Utf8, LargeUtf8, Utf8View, Int32/64, UInt32/64, and
    /// dictionaries of these).
    fn usable(self) -> bool {
        matches!(
            self,
            IdType::Utf8
                | IdType::LargeUtf8
                | IdType::Utf8View
                | IdType::Int(Int::I32 | Int::I64 | Int::U32 | Int::U64)
                | IdType::Dict(..)
        )
    }
}

/// Any id type, or (not `wild`) one the reader takes.
fn id_type(wild: bool) -> BoxedStrategy<IdType> {
    let key = prop::sample::select(vec![Key::I8, Key::I32, Key::U16]);
    if !wild {
        let ints = prop::sample::select(vec![Int::I32, Int::I64, Int::U32, Int::U64]);
        return prop_oneof![
            3 => Just(IdType::Utf8),
            1 => Just(IdType::LargeUtf8),
            1 => Just(IdType::Utf8View),
            2 => ints.prop_map(IdType::Int),
            2 => (key, any::<bool>()).prop_map(|(k, text)| IdType::Dict(k, text)),
        ]
        .boxed();
    }
    prop_oneof![
        3 => Just(IdType::Utf8),
        1 => Just(IdType::LargeUtf8),
        1 => Just(IdType::Utf8View),
        1 => Just(IdType::Binary),
        2 => prop::sample::select(INTS.to_vec()).prop_map(IdType::Int),
        1 => Just(IdType::Float32),
        1 => Just(IdType::Float64),
        1 => Just(IdType::Boolean),
        2 => (key, any::<bool>()).prop_map(|(k, text)| IdType::Dict(k, text)),
        1 => Just(IdType::Null),
    ]
    .boxed()
}

/// One id: a number, and which text stands for it in text columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct IdCell {
    n: i64,
    text: u8,
}

impl IdCell {
    fn text(self) -> String {
        match self.text {
            0 => String::new(),
            1 => "é @ü\u{1F426}".into(),
            2 => " ".into(),
            3 => "a\"b,\nc".into(),
            4 => format!("u{}", self.n),
            _ => self.n.to_string(),
        }
    }
}

/// Any id (null one time in ten, odd text), or (not `wild`) mostly plain ones.
fn id_cell(wild: bool) -> BoxedStrategy<Option<IdCell>> {
    let n = prop_oneof![6 => 0i64..6, 1 => any::<i64>(), 1 => Just(-1i64)];
    let text = prop_oneof![1 => 0u8..5, 6 => Just(9u8)];
    let cell = (n, text).prop_map(|(n, text)| IdCell { n, text });
    if wild {
        prop::option::weighted(0.9, cell).boxed()
    } else {
        prop::option::weighted(0.99, (0i64..8).prop_map(|n| IdCell { n, text: 9 })).boxed()
    }
}

/// An id column of `cells`. A dictionary's values are `pool` (shared by every batch, so that an
/// IPC file holds one dictionary).
fn id_array(ty: IdType, cells: &[Option<IdCell>], pool: &Pool) -> ArrayRef {
    let texts = || cells.iter().map(|c| c.map(IdCell::text));
    let nums: Vec<Option<i64>> = cells.iter().map(|c| c.map(|c| c.n)).collect();
    match ty {
        IdType::Utf8 => Arc::new(texts().collect::<StringArray>()),
        IdType::LargeUtf8 => Arc::new(texts().collect::<LargeStringArray>()),
        IdType::Utf8View => Arc::new(texts().collect::<StringViewArray>()),
        IdType::Binary => Arc::new(
            texts()
                .map(|t| t.map(String::into_bytes))
                .collect::<Vec<_>>()
                .iter()
                .map(|t| t.as_deref())
                .collect::<BinaryArray>(),
        ),
        IdType::Int(int) => int_array(int, &nums),
        IdType::Float32 => Arc::new(
            nums.iter()
                .map(|n| n.map(|n| n as f32))
                .collect::<Float32Array>(),
        ),
        IdType::Float64 => Arc::new(
            nums.iter()
                .map(|n| n.map(|n| n as f64))
                .collect::<Float64Array>(),
        ),
        IdType::Boolean => Arc::new(
            nums.iter()
                .map(|n| n.map(|n| n % 2 == 0))
                .collect::<BooleanArray>(),
        ),
        IdType::Null => Arc::new(NullArray::new(cells.len())),
        IdType::Dict(key, text) => {
            let values = if text {
                pool.texts.clone()
            } else {
                pool.numbers.clone()
            };
            let index: Vec<Option<i64>> = cells
                .iter()
                .map(|c| c.map(|c| pool.cells.binary_search(&c).expect("pooled") as i64))
                .collect();
            let dictionary = |keys: ArrayRef| -> ArrayRef {
                match key {
                    Key::I8 => Arc::new(
                        DictionaryArray::<Int8Type>::try_new(
                            keys.as_any().downcast_ref::<Int8Array>().unwrap().clone(),
                            values,
                        )
                        .unwrap(),
                    ),
                    Key::I32 => Arc::new(
                        DictionaryArray::<Int32Type>::try_new(
                            keys.as_any().downcast_ref::<Int32Array>().unwrap().clone(),
                            values,
                        )
                        .unwrap(),
                    ),
                    Key::U16 => Arc::new(
                        DictionaryArray::<UInt16Type>::try_new(
                            keys.as_any().downcast_ref::<UInt16Array>().unwrap().clone(),
                            values,
                        )
                        .unwrap(),
                    ),
                }
            };
            let int = match key {
                Key::I8 => Int::I8,
                Key::I32 => Int::I32,
                Key::U16 => Int::U16,
            };
            dictionary(int_array(int, &index))
        }
    }
}

/// The distinct ids of every batch, and a dictionary's values for them (text and Int64).
struct Pool {
    cells: Vec<IdCell>,
    texts: ArrayRef,
    numbers: ArrayRef,
}

impl Pool {
    fn new<'a>(cells: impl Iterator<Item = &'a Option<IdCell>>) -> Self {
        let mut cells: Vec<IdCell> = cells.flatten().copied().collect();
        cells.sort_unstable();
        cells.dedup();
        let texts = Arc::new(
            cells
                .iter()
                .map(|c| Some(c.text()))
                .collect::<StringArray>(),
        );
        let numbers = Arc::new(cells.iter().map(|c| c.n).collect::<Int64Array>());
        Self {
            cells,
            texts,
            numbers,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum WeightType {
    Int(Int),
    Float32,
    Float64,
    Utf8,
}

/// Any weight type, or (not `wild`) one the reader takes.
fn weight_type(wild: bool) -> BoxedStrategy<WeightType> {
    if !wild {
        return prop_oneof![
            3 => prop::sample::select(INTS.to_vec()).prop_map(WeightType::Int),
            1 => Just(WeightType::Float32),
            2 => Just(WeightType::Float64),
        ]
        .boxed();
    }
    prop_oneof![
        3 => prop::sample::select(INTS.to_vec()).prop_map(WeightType::Int),
        1 => Just(WeightType::Float32),
        2 => Just(WeightType::Float64),
        1 => Just(WeightType::Utf8),
    ]
    .boxed()
}

/// One weight: an integer for integer and text columns, a float for float columns.
#[derive(Clone, Copy, Debug)]
struct WeightCell {
    int: i64,
    float: f64,
}

/// Any weight, or (not `wild`) mostly small whole ones.
fn weight_cell(wild: bool) -> BoxedStrategy<Option<WeightCell>> {
    if !wild {
        let small = (0i64..4).prop_map(|n| WeightCell {
            int: n,
            float: n as f64,
        });
        return prop::option::weighted(0.99, small).boxed();
    }
    let int = prop_oneof![
        8 => 0i64..4,
        1 => any::<i64>(),
        1 => prop::sample::select(vec![-1, i64::from(u32::MAX), i64::from(u32::MAX) + 1]),
    ];
    let float = prop_oneof![
        6 => (0u8..4).prop_map(f64::from),
        1 => any::<f64>(),
        2 => prop::sample::select(vec![
            f64::NAN,
            -1.0,
            0.5,
            2.000_001,
            1e30,
            f64::INFINITY,
            -0.0,
            4_294_967_295.0,
            4_294_967_296.0,
            f64::MIN_POSITIVE,
        ]),
    ];
    prop::option::weighted(
        0.9,
        (int, float).prop_map(|(int, float)| WeightCell { int, float }),
    )
    .boxed()
}

fn weight_array(ty: WeightType, cells: &[Option<WeightCell>]) -> ArrayRef {
    match ty {
        WeightType::Int(int) => {
            let values: Vec<Option<i64>> = cells.iter().map(|c| c.map(|c| c.int)).collect();
            int_array(int, &values)
        }
        WeightType::Float32 => Arc::new(
            cells
                .iter()
                .map(|c| c.map(|c| c.float as f32))
                .collect::<Float32Array>(),
        ),
        WeightType::Float64 => Arc::new(
            cells
                .iter()
                .map(|c| c.map(|c| c.float))
                .collect::<Float64Array>(),
        ),
        WeightType::Utf8 => Arc::new(
            cells
                .iter()
                .map(|c| c.map(|c| c.int.to_string()))
                .collect::<StringArray>(),
        ),
    }
}

#[derive(Clone, Copy, Debug)]
enum TimeType {
    Int64,
    Int32,
    /// Unit: 0 s, 1 ms, 2 us, 3 ns; with a time zone or not.
    Timestamp(u8, bool),
    Date32,
    Date64,
    Utf8,
    Float64,
}

/// Any time type; (not `wild`) one the reader takes.
fn time_type(wild: bool) -> BoxedStrategy<TimeType> {
    let time_type = prop_oneof![
        2 => Just(TimeType::Int64),
        1 => Just(TimeType::Int32),
        3 => (0u8..4, any::<bool>()).prop_map(|(u, tz)| TimeType::Timestamp(u, tz)),
        1 => Just(TimeType::Date32),
        1 => Just(TimeType::Date64),
        2 => Just(TimeType::Utf8),
        1 => Just(TimeType::Float64),
    ];
    if wild {
        time_type.boxed()
    } else {
        time_type
            .prop_filter("a usable type", |t| !matches!(t, TimeType::Float64))
            .boxed()
    }
}

/// One time: within three weeks of `T0` (in the column's own unit), any raw count, or (in text
/// columns) garbage.
#[derive(Clone, Copy, Debug)]
enum TimeCell {
    Sane(i64),
    Raw(i64),
    Garbage(u8),
}

const GARBAGE: [&str; 7] = [
    "yesterday",
    "",
    "2019-13-45T00:00:00Z",
    "2019-03-01T00:00:00+25:00",
    "2019-03-0",
    "\u{1F426}\u{1F426}\u{1F426}\u{1F426}-\u{1F426}",
    "99999999999999999999999",
];

/// Any time, or (not `wild`) mostly times within three weeks.
fn time_cell(wild: bool) -> BoxedStrategy<Option<TimeCell>> {
    if !wild {
        let sane = (0..3 * WEEK).prop_map(|s| TimeCell::Sane(T0 + s));
        return prop::option::weighted(0.99, sane).boxed();
    }
    prop::option::weighted(
        0.9,
        prop_oneof![
            8 => (0..3 * WEEK).prop_map(|s| TimeCell::Sane(T0 + s)),
            1 => any::<i64>().prop_map(TimeCell::Raw),
            1 => (0..GARBAGE.len() as u8).prop_map(TimeCell::Garbage),
        ],
    )
    .boxed()
}

fn time_array(ty: TimeType, cells: &[Option<TimeCell>]) -> ArrayRef {
    // Seconds scaled to a unit, or the raw count.
    let counts = |per_second: i64| -> Vec<Option<i64>> {
        cells
            .iter()
            .map(|c| {
                c.map(|c| match c {
                    TimeCell::Sane(s) => s * per_second,
                    TimeCell::Raw(r) => r,
                    TimeCell::Garbage(g) => i64::from(g),
                })
            })
            .collect()
    };
    let tz = |on: bool| on.then_some("+02:00");
    match ty {
        TimeType::Int64 => Arc::new(counts(1).into_iter().collect::<Int64Array>()),
        TimeType::Int32 => int_array(Int::I32, &counts(1)),
        TimeType::Timestamp(unit, zone) => {
            let tz = tz(zone);
            match unit {
                0 => Arc::new(
                    TimestampSecondArray::from(counts(1)).with_timezone_opt(tz.map(String::from)),
                ),
                1 => Arc::new(
                    TimestampMillisecondArray::from(counts(1_000))
                        .with_timezone_opt(tz.map(String::from)),
                ),
                2 => Arc::new(
                    TimestampMicrosecondArray::from(counts(1_000_000))
                        .with_timezone_opt(tz.map(String::from)),
                ),
                _ => Arc::new(
                    TimestampNanosecondArray::from(counts(1_000_000_000))
                        .with_timezone_opt(tz.map(String::from)),
                ),
            }
        }
        TimeType::Date32 => Arc::new(
            cells
                .iter()
                .map(|c| {
                    c.map(|c| match c {
                        TimeCell::Sane(s) => (s / 86_400) as i32,
                        TimeCell::Raw(r) => r as i32,
                        TimeCell::Garbage(g) => i32::from(g),
                    })
                })
                .collect::<Date32Array>(),
        ),
        TimeType::Date64 => Arc::new(counts(1_000).into_iter().collect::<Date64Array>()),
        TimeType::Float64 => Arc::new(
            counts(1)
                .into_iter()
                .map(|c| c.map(|c| c as f64))
                .collect::<Float64Array>(),
        ),
        TimeType::Utf8 => Arc::new(
            cells
                .iter()
                .map(|c| {
                    c.map(|c| match c {
                        TimeCell::Sane(s) => chambers_io::format_time(s),
                        TimeCell::Raw(r) => r.to_string(),
                        TimeCell::Garbage(g) => GARBAGE[usize::from(g)].to_owned(),
                    })
                })
                .collect::<StringArray>(),
        ),
    }
}

/// One row of every column (weight and time cells are unused when the column is absent).
type RowCells = (
    Option<IdCell>,
    Option<IdCell>,
    Option<WeightCell>,
    Option<TimeCell>,
);

/// A table: column types, whether the weight and time columns exist, the column order, and
/// the rows in batches.
#[derive(Clone, Debug)]
struct Case {
    source: IdType,
    target: IdType,
    weight: Option<WeightType>,
    time: Option<TimeType>,
    reversed: bool,
    unit: TimeUnit,
    batches: Vec<Vec<RowCells>>,
}

impl Case {
    fn rows(&self) -> u64 {
        self.batches.iter().map(|b| b.len() as u64).sum()
    }

    fn schema_and_batches(&self) -> (Arc<Schema>, Vec<RecordBatch>) {
        let pool = Pool::new(
            self.batches
                .iter()
                .flatten()
                .flat_map(|(s, t, _, _)| [s, t]),
        );
        let batches: Vec<RecordBatch> = self
            .batches
            .iter()
            .map(|rows| {
                let sources: Vec<_> = rows.iter().map(|r| r.0).collect();
                let targets: Vec<_> = rows.iter().map(|r| r.1).collect();
                let mut columns = vec![
                    ("source", id_array(self.source, &sources, &pool)),
                    ("target", id_array(self.target, &targets, &pool)),
                ];
                if let Some(ty) = self.weight {
                    let weights: Vec<_> = rows.iter().map(|r| r.2).collect();
                    columns.push(("weight", weight_array(ty, &weights)));
                }
                if let Some(ty) = self.time {
                    let times: Vec<_> = rows.iter().map(|r| r.3).collect();
                    columns.push(("time", time_array(ty, &times)));
                }
                if self.reversed {
                    columns.reverse();
                }
                let fields: Vec<Field> = columns
                    .iter()
                    .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
                    .collect();
                RecordBatch::try_new(
                    Arc::new(Schema::new(fields)),
                    columns.into_iter().map(|(_, a)| a).collect(),
                )
                .unwrap()
            })
            .collect();
        (batches[0].schema(), batches)
    }
}

/// A table of any types and values (`wild`), or of usable types and mostly good values, so
/// that reads also get past the schema and the first row.
fn case(wild: bool) -> impl Strategy<Value = Case> {
    let row = (
        id_cell(wild),
        id_cell(wild),
        weight_cell(wild),
        time_cell(wild),
    );
    (
        id_type(wild),
        id_type(wild),
        prop::option::weighted(0.7, weight_type(wild)),
        prop::option::weighted(0.8, time_type(wild)),
        any::<bool>(),
        prop::sample::select(vec![TimeUnit::Seconds, TimeUnit::Milliseconds]),
        prop::collection::vec(prop::collection::vec(row, 0..25), 1..4),
    )
        .prop_map(
            |(source, target, weight, time, reversed, unit, batches)| Case {
                source,
                target,
                weight,
                time,
                reversed,
                unit,
                batches,
            },
        )
}

/// The encodings of a table.
#[derive(Clone, Copy, Debug)]
enum Encoding {
    IpcFile(Option<CompressionType>),
    IpcStream(Option<CompressionType>),
    Parquet,
}

const ENCODINGS: [Encoding; 7] = [
    Encoding::IpcFile(None),
    Encoding::IpcFile(Some(CompressionType::LZ4_FRAME)),
    Encoding::IpcFile(Some(CompressionType::ZSTD)),
    Encoding::IpcStream(None),
    Encoding::IpcStream(Some(CompressionType::LZ4_FRAME)),
    Encoding::IpcStream(Some(CompressionType::ZSTD)),
    Encoding::Parquet,
];

/// Writes the batches in `encoding` to a file in `dir` named after it.
fn write(dir: &Path, encoding: Encoding, schema: &Arc<Schema>, batches: &[RecordBatch]) -> PathBuf {
    let options = |c: Option<CompressionType>| {
        IpcWriteOptions::default()
            .try_with_compression(c)
            .expect("LZ4 and ZSTD are built in")
    };
    let name = match encoding {
        Encoding::IpcFile(c) => format!("file-{c:?}.arrow"),
        Encoding::IpcStream(c) => format!("stream-{c:?}.arrows"),
        Encoding::Parquet => "table.parquet".into(),
    };
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    match encoding {
        Encoding::IpcFile(c) => {
            let mut w = FileWriter::try_new_with_options(file, schema, options(c)).unwrap();
            for b in batches {
                w.write(b).unwrap();
            }
            w.finish().unwrap();
        }
        Encoding::IpcStream(c) => {
            let mut w = StreamWriter::try_new_with_options(file, schema, options(c)).unwrap();
            for b in batches {
                w.write(b).unwrap();
            }
            w.finish().unwrap();
        }
        Encoding::Parquet => {
            let mut w = parquet::arrow::ArrowWriter::try_new(file, schema.clone(), None).unwrap();
            for b in batches {
                w.write(b).unwrap();
            }
            w.close().unwrap();
        }
    }
    path
}

/// A delivered row: source, target, weight, time, line.
type Row = (String, String, u32, Option<i64>, u64);

/// What one read gave: the rows and the report, or the error's text without the path.
#[derive(Debug, PartialEq)]
enum Outcome {
    Read(Vec<Row>, ReadReport),
    Failed(String),
}

/// Checks an error: its text starts with the file's path and is one line. Returns the rest.
fn check_error(path: &Path, e: &IoError) -> String {
    let text = e.to_string();
    let name = path.display().to_string();
    assert!(!text.contains('\n'), "more than one line: {text:?}");
    let rest = text
        .strip_prefix(&name)
        .unwrap_or_else(|| panic!("the error does not start with the path {name}: {text}"));
    assert!(rest.starts_with(':'), "{text}");
    rest.to_owned()
}

/// Reads `path` with `read_edges`, checking what every read must hold.
fn read(path: &Path, case: &Case, skip: bool) -> Outcome {
    let options = ReadOptions::default()
        .skip_bad_rows(skip)
        .time_unit(case.unit);
    let mut rows: Vec<Row> = Vec::new();
    let result = read_edges(path, &options, |r| {
        assert!(!r.source.is_empty() && !r.target.is_empty() && r.weight > 0);
        rows.push((
            r.source.to_owned(),
            r.target.to_owned(),
            r.weight,
            r.time,
            r.line,
        ));
        Ok(())
    });
    match result {
        Ok(report) => {
            let n = case.rows();
            assert_eq!(report.rows, rows.len() as u64);
            assert_eq!(report.has_time, case.time.is_some());
            // Rows are numbered 1.. in file order.
            assert!(rows.windows(2).all(|w| w[0].4 < w[1].4), "{rows:?}");
            assert!(rows.iter().all(|r| (1..=n).contains(&r.4)));
            // Nothing lost: every data row is delivered, of weight 0 or skipped.
            assert_eq!(report.rows + report.zero_weight + report.skipped, n);
            if !skip {
                assert_eq!(report.skipped, 0);
            }
            assert!(report.skipped_examples.len() as u64 <= report.skipped.min(5));
            // Skip reasons name the file like errors do; kept without it, to compare files.
            let mut report = report;
            for example in &mut report.skipped_examples {
                *example = check_error(path, &IoError::Input(example.clone()));
            }
            Outcome::Read(rows, report)
        }
        Err(e) => {
            let rest = check_error(path, &e);
            // A lenient read stops only at the file or its schema, never at a row.
            if skip {
                assert!(!matches!(e, IoError::Row { .. }), "{e}");
            }
            Outcome::Failed(rest)
        }
    }
}

/// Reads `path` into weekly windows, checking what every read must hold.
fn read_weeks(path: &Path, case: &Case, skip: bool) -> Result<(u64, ReadReport), String> {
    let options = ReadOptions::default()
        .skip_bad_rows(skip)
        .time_unit(case.unit);
    let spec = WindowSpec::Fixed {
        start: None,
        length: WEEK,
    };
    match read_windows(&[path], spec, Default::default(), &options) {
        Ok((windows, report)) => {
            assert_eq!(windows.rows(), report.rows);
            assert_eq!(
                report.rows + report.zero_weight + report.skipped,
                case.rows()
            );
            assert!(windows.windows.iter().any(|w| w.graph.n_edges() > 0));
            Ok((windows.rows(), report))
        }
        Err(e) => Err(check_error(path, &e)),
    }
}

/// The ids a usable id column delivers for a cell.
fn expected_id(ty: IdType, cell: IdCell) -> String {
    match ty {
        IdType::Utf8 | IdType::LargeUtf8 | IdType::Utf8View | IdType::Dict(_, true) => cell.text(),
        IdType::Int(Int::I32) => (cell.n as i32).to_string(),
        IdType::Int(Int::U32) => (cell.n as u32).to_string(),
        IdType::Int(Int::U64) => (cell.n as u64).to_string(),
        _ => cell.n.to_string(),
    }
}

fn check(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let (schema, batches) = case.schema_and_batches();
    let mut first: Option<(Encoding, [Outcome; 2])> = None;
    for encoding in ENCODINGS {
        let path = write(dir.path(), encoding, &schema, &batches);
        let outcomes = [read(&path, case, false), read(&path, case, true)];
        // A strict read that succeeds delivers every row as written.
        if let Outcome::Read(rows, report) = &outcomes[0] {
            assert!(case.source.usable() && case.target.usable());
            let cells: Vec<&RowCells> = case.batches.iter().flatten().collect();
            assert_eq!(report.rows + report.zero_weight, cells.len() as u64);
            for row in rows {
                let cell = cells[row.4 as usize - 1];
                assert_eq!(row.0, expected_id(case.source, cell.0.unwrap()), "{row:?}");
                assert_eq!(row.1, expected_id(case.target, cell.1.unwrap()), "{row:?}");
            }
        }
        // A lenient read delivers what a strict one does, and more only when rows were bad.
        if let (Outcome::Read(strict, _), Outcome::Read(lenient, report)) =
            (&outcomes[0], &outcomes[1])
        {
            assert_eq!(strict, lenient);
            assert_eq!(report.skipped, 0);
        }
        if case.time.is_some() {
            for skip in [false, true] {
                let weeks = read_weeks(&path, case, skip);
                if let (Ok((rows, _)), Outcome::Read(delivered, _)) =
                    (&weeks, &outcomes[usize::from(skip)])
                {
                    // Every row with a time lands in a window; one without is refused.
                    let timed = delivered.iter().filter(|r| r.3.is_some()).count();
                    assert_eq!(*rows, timed as u64);
                }
            }
        }
        // Every encoding of the same batches reads the same.
        match &first {
            None => first = Some((encoding, outcomes)),
            Some((e, want)) => assert_eq!(&outcomes, want, "{encoding:?} against {e:?}"),
        }
    }
}

/// An error of `read_windows` about the windows as a whole (too many of them, or bounds out of
/// range) names the file, like every other error (it once did not).
#[test]
fn window_range_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = WindowSpec::Fixed {
        start: None,
        length: WEEK,
    };
    let mut unnamed = Vec::new();
    // Too many windows (times 0 and 10¹¹); the first window's start before i64::MIN.
    for (name, first, last) in [
        ("many.csv", "0", "100000000000"),
        ("range.csv", "-9223372036854775808", "-9223372036854775808"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!("source,target,time\na,b,{first}\na,b,{last}\n"),
        )
        .unwrap();
        let err =
            read_windows(&[&path], spec, Default::default(), &ReadOptions::default()).unwrap_err();
        if !err.to_string().starts_with(&path.display().to_string()) {
            unnamed.push(format!("{name}: {err}"));
        }
    }
    assert!(
        unnamed.is_empty(),
        "errors without their file: {unnamed:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn foreign_arrow_types_read_or_fail_cleanly(case in any::<bool>().prop_flat_map(case)) {
        check(&case);
    }
}
