"""Comparing tables: a command-line CSV read with the Python table's column types."""

import pyarrow as pa
import pyarrow.csv as pacsv


def read_csv_as(path, schema: pa.Schema) -> pa.Table:
    """The CSV at `path`, its columns typed as `schema`; an empty cell is null in number
    columns and the empty string in text columns, as the Python tables have them."""
    options = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in schema},
        null_values=[""],
        strings_can_be_null=False,
    )
    return pacsv.read_csv(path, convert_options=options).select(schema.names)


def assert_tables_equal(expected: pa.Table, actual: pa.Table, what: str) -> None:
    assert expected.schema.names == actual.schema.names, what
    assert expected.num_rows == actual.num_rows, what
    if not expected.equals(actual):
        for name in expected.column_names:
            a, b = expected.column(name).to_pylist(), actual.column(name).to_pylist()
            for i, (x, y) in enumerate(zip(a, b)):
                assert x == y, f"{what}: column {name}, row {i}: {x!r} != {y!r}"
        raise AssertionError(f"{what}: tables differ")
