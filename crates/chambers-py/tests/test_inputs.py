"""Every input type gives the same result as the CSV file: pyarrow Table and RecordBatch,
pandas (also categorical ids), Polars, any object with __arrow_c_stream__, Parquet; and the
result depends neither on row order nor on the number of threads."""

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import chambers
from conftest import QUICK, SAMPLE, WINDOWS
from helpers import assert_tables_equal

FRAME_COLUMNS = {"weight": "weight", "time": "time", **WINDOWS}


def assert_same_result(expected, actual):
    assert actual.summary == expected.summary
    for name in expected.table_names:
        assert_tables_equal(expected.table(name), actual.table(name), name)


@pytest.fixture(scope="module")
def arrow_table():
    # Integer ids and a UTC timestamp column, as pyarrow infers them.
    return pacsv.read_csv(SAMPLE)


def analyse_frame(frame, **kwargs):
    edges = chambers.from_frame(frame, **FRAME_COLUMNS)
    assert (edges.windows, edges.users, edges.retweets) == (8, 8600, 50_000)
    return chambers.analyze(edges, **QUICK, **kwargs)


def test_pyarrow_table(arrow_table, quick_result):
    assert arrow_table.schema.field("source").type == pa.int64()
    assert_same_result(quick_result, analyse_frame(arrow_table))


def test_record_batch(arrow_table, quick_result):
    batch = arrow_table.combine_chunks().to_batches()[0]
    assert isinstance(batch, pa.RecordBatch)
    assert_same_result(quick_result, analyse_frame(batch))


def test_pandas_with_text_times(quick_result):
    frame = pd.read_csv(SAMPLE)
    assert pd.api.types.is_string_dtype(frame["time"])
    assert_same_result(quick_result, analyse_frame(frame))


def test_pandas_categorical_ids_and_datetimes(quick_result):
    frame = pd.read_csv(SAMPLE, dtype={"source": str, "target": str})
    frame["source"] = frame["source"].astype("category")
    frame["target"] = frame["target"].astype("category")
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    assert_same_result(quick_result, analyse_frame(frame))


def test_polars(quick_result):
    frame = pl.read_csv(SAMPLE)
    assert_same_result(quick_result, analyse_frame(frame))


def test_any_arrow_c_stream(arrow_table, quick_result):
    class Stream:
        """Only the Arrow PyCapsule interface, as other libraries expose it."""

        def __arrow_c_stream__(self, requested_schema=None):
            return arrow_table.__arrow_c_stream__(requested_schema)

    assert_same_result(quick_result, analyse_frame(Stream()))


def test_parquet_file_in_row_groups(tmp_path, arrow_table, quick_result):
    path = tmp_path / "sample.parquet"
    pq.write_table(arrow_table, path, row_group_size=7000)
    edges = chambers.read(path, **WINDOWS)
    assert_same_result(quick_result, chambers.analyze(edges, **QUICK))


def test_row_order_and_threads_do_not_matter(arrow_table, quick_result):
    reversed_rows = arrow_table.take(pa.array(range(arrow_table.num_rows - 1, -1, -1)))
    assert_same_result(quick_result, analyse_frame(reversed_rows, threads=1))


def test_renamed_columns_without_weight(quick_result):
    frame = pd.read_csv(SAMPLE).rename(columns={"source": "from", "target": "to", "time": "at"})
    assert (frame["weight"] == 1).all()
    frame = frame.drop(columns="weight")
    edges = chambers.from_frame(frame, source="from", target="to", time="at", **WINDOWS)
    assert_same_result(quick_result, chambers.analyze(edges, **QUICK))


def test_tables_convert_to_pandas_and_polars(quick_result):
    windows = quick_result.windows()
    assert len(windows.to_pandas()) == 8
    assert pl.from_arrow(windows).height == 8
