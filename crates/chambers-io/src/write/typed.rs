//! Result tables ([`Table`]) as typed Arrow record batches: what result folders hold as Parquet
//! and what the Python package hands to pandas and Polars.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chambers_graph::Table;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::IoError;

/// Rows per record batch: a table of every classified user of every window is never held
/// whole, only its typed columns one batch at a time.
const TABLE_BATCH: usize = 1 << 16;

/// What a column's cells have been so far.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Only empty cells.
    Empty,
    Int,
    Float,
    Text,
}

impl Kind {
    /// The kind of the column once `cell` is seen too.
    fn widen(self, cell: &str) -> Kind {
        if self == Kind::Text || cell.is_empty() {
            return self;
        }
        let kind = if cell.parse::<i64>().is_ok() {
            Kind::Int
        } else if cell.parse::<f64>().is_ok() {
            Kind::Float
        } else {
            Kind::Text
        };
        self.max(kind)
    }

    fn data_type(self) -> DataType {
        match self {
            Kind::Int => DataType::Int64,
            Kind::Float => DataType::Float64,
            Kind::Empty | Kind::Text => DataType::Utf8,
        }
    }
}

/// The Arrow schema of a result table: a column is Int64 when every non-empty cell is an
/// integer, Float64 when every one is a number, else Utf8; columns marked by [`Table::text`]
/// (account ids, group names) are always Utf8, those marked by [`Table::floats`] Float64 unless a
/// cell is not a number, and any other column without a non-empty cell is Utf8.
/// In the number columns an empty cell (a missing value) is null. Reads the rows once.
///
/// ```
/// use arrow_schema::DataType;
/// use chambers_graph::Table;
/// let t = Table::new("t", &["user", "n", "x"], |sink| {
///     sink(&["007".into(), "1".into(), "0.5".into()])?;
///     sink(&["8".into(), "2".into(), "".into()])
/// })
/// .text(&["user"]);
/// let schema = chambers_io::table_schema(&t).unwrap();
/// let types: Vec<_> = schema.fields().iter().map(|f| f.data_type().clone()).collect();
/// assert_eq!(types, [DataType::Utf8, DataType::Int64, DataType::Float64]);
/// ```
///
/// # Errors
/// [`IoError::Write`] when the table's rows fail.
pub fn table_schema(table: &Table<'_>) -> Result<SchemaRef, IoError> {
    let n = table.columns().len();
    let mut kinds: Vec<Kind> = (0..n)
        .map(|c| match (table.is_text(c), table.is_float(c)) {
            (true, _) => Kind::Text,
            (_, true) => Kind::Float,
            _ => Kind::Empty,
        })
        .collect();
    table
        .for_each_row(&mut |row| {
            for (kind, cell) in kinds.iter_mut().zip(row) {
                *kind = kind.widen(cell);
            }
            Ok(())
        })
        .map_err(|e| failed(table, e))?;
    let fields: Vec<Field> = table
        .columns()
        .iter()
        .zip(&kinds)
        .map(|(name, kind)| Field::new(name, kind.data_type(), true))
        .collect();
    Ok(Arc::new(Schema::new(fields)))
}

/// One column being built.
enum Column {
    Int(Int64Builder),
    Float(Float64Builder),
    Text(StringBuilder),
}

impl Column {
    fn new(t: &DataType) -> Self {
        match t {
            DataType::Int64 => Column::Int(Int64Builder::with_capacity(TABLE_BATCH)),
            DataType::Float64 => Column::Float(Float64Builder::with_capacity(TABLE_BATCH)),
            _ => Column::Text(StringBuilder::new()),
        }
    }

    /// Appends a cell; `schema` came from [`table_schema`], so numbers parse.
    fn push(&mut self, cell: &str) {
        match self {
            Column::Int(b) => b.append_option(cell.parse().ok()),
            Column::Float(b) => b.append_option(cell.parse().ok()),
            Column::Text(b) => b.append_value(cell),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Int(b) => Arc::new(b.finish()),
            Column::Float(b) => Arc::new(b.finish()),
            Column::Text(b) => Arc::new(b.finish()),
        }
    }
}

/// Feeds the rows of `table`, typed by `schema` (from [`table_schema`]), to `sink` as record
/// batches of up to 2^16 rows, in order; a table without rows gives no batch.
///
/// # Errors
/// [`IoError::Write`] when the table's rows fail, a row does not fit the schema, or `sink`
/// fails (its error is kept as the source).
pub fn for_each_table_batch(
    table: &Table<'_>,
    schema: &SchemaRef,
    mut sink: impl FnMut(RecordBatch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let mut columns: Vec<Column> = schema
        .fields()
        .iter()
        .map(|f| Column::new(f.data_type()))
        .collect();
    let mut rows = 0usize;
    let mut flush = |columns: &mut Vec<Column>| -> Result<(), IoError> {
        let arrays = columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| failed(table, e))?;
        sink(batch)
    };
    let mut error = None;
    table
        .for_each_row(&mut |row| {
            for (column, cell) in columns.iter_mut().zip(row) {
                column.push(cell);
            }
            rows += 1;
            if rows == TABLE_BATCH {
                rows = 0;
                if let Err(e) = flush(&mut columns) {
                    error = Some(e);
                    return Err(std::io::Error::other("stopped"));
                }
            }
            Ok(())
        })
        .map_err(|e| error.take().unwrap_or_else(|| failed(table, e)))?;
    if rows > 0 {
        flush(&mut columns)?;
    }
    Ok(())
}

/// The table as an Arrow IPC stream (schema from [`table_schema`], then its batches): the form
/// in which the Python package hands tables to pyarrow.
///
/// ```
/// use chambers_graph::Table;
/// let t = Table::new("t", &["n"], |sink| sink(&["1".into()]));
/// let bytes = chambers_io::table_ipc(&t).unwrap();
/// let mut reader = arrow_ipc::reader::StreamReader::try_new(&bytes[..], None).unwrap();
/// assert_eq!(reader.next().unwrap().unwrap().num_rows(), 1);
/// ```
///
/// # Errors
/// Those of [`for_each_table_batch`].
pub fn table_ipc(table: &Table<'_>) -> Result<Vec<u8>, IoError> {
    let schema = table_schema(table)?;
    let mut writer = StreamWriter::try_new(Vec::new(), &schema).map_err(|e| failed(table, e))?;
    for_each_table_batch(table, &schema, |batch| {
        writer.write(&batch).map_err(|e| failed(table, e))
    })?;
    writer.into_inner().map_err(|e| failed(table, e))
}

/// Writes the table as Parquet (types from [`table_schema`], Snappy-compressed) into `out`
/// and returns it.
///
/// # Errors
/// Those of [`for_each_table_batch`]; [`IoError::Write`] when `out` fails.
pub fn write_table_parquet<W: Write + Send>(table: &Table<'_>, out: W) -> Result<W, IoError> {
    let schema = table_schema(table)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
        .map_err(|e| failed(table, e))?;
    for_each_table_batch(table, &schema, |batch| {
        writer.write(&batch).map_err(|e| failed(table, e))
    })?;
    writer.into_inner().map_err(|e| failed(table, e))
}

/// A write error naming the table.
fn failed(table: &Table<'_>, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> IoError {
    IoError::Write {
        file: format!("table {}", table.name()),
        source: std::io::Error::other(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};

    /// Ids marked as text stay text; numbers are typed; a missing number is null; rows beyond
    /// one batch arrive in order.
    #[test]
    fn typed_batches_keep_ids_and_order() {
        let rows = TABLE_BATCH + 3;
        let t = Table::new("t", &["user", "n", "x", "flags"], move |sink| {
            for i in 0..rows {
                let x = if i == 1 {
                    String::new()
                } else {
                    format!("{i}.5")
                };
                sink(&[format!("00{i}"), i.to_string(), x, String::new()])?;
            }
            Ok(())
        })
        .text(&["user"]);
        let schema = table_schema(&t).unwrap();
        let mut batches = Vec::new();
        for_each_table_batch(&t, &schema, |b| {
            batches.push(b);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            batches
                .iter()
                .map(RecordBatch::num_rows)
                .collect::<Vec<_>>(),
            [TABLE_BATCH, 3]
        );
        let last = &batches[1];
        assert_eq!(
            last.column(0).as_string::<i32>().value(2),
            format!("00{}", rows - 1)
        );
        let n = last.column(1).as_primitive::<Int64Type>();
        assert_eq!(n.value(2), i64::try_from(rows - 1).unwrap());
        let x = batches[0].column(2).as_primitive::<Float64Type>();
        assert!(x.is_null(1) && x.value(2) == 2.5);
        assert_eq!(schema.field(3).data_type(), &DataType::Utf8);
    }
}
