"""Writes the Feather/Arrow/Parquet fixtures of tests/columnar.rs as pandas and pyarrow write them.

Run from anywhere: python make_pyarrow_fixtures.py  (needs pyarrow and pandas; the versions used
for the committed files are in README.md). Every fixture holds the edges of edges.csv (string ids)
or edges_int.csv (integer ids), which the script writes too, so the tests compare each fixture
with reading the CSV. The files are a few KB each; rerunning rewrites them (the bytes may differ
between library versions, the edges do not).
"""

import os

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))

# Source = the account that retweeted, target = the account retweeted. One row of weight 0 (left
# out by the reader) and one without a time; times with fractions of a second (floored).
SOURCES = ["ann", "bob", "cy", "ann", "dee", "bob", "ann", "émile"]
TARGETS = ["bob", "cy", "bob", "cy", "bob", "ann", "bob", "ann"]
WEIGHTS = [1, 2, 1, 3, 0, 1, 4, 1]
TIMES = [
    "2019-03-01T00:00:00Z",
    "2019-03-01T00:00:01.250Z",
    "2019-03-01T12:30:00Z",
    None,
    "2019-03-02T00:00:00Z",
    "2019-03-02T23:59:59.999Z",
    "2019-03-03T08:00:00Z",
    "2019-03-04T00:00:00Z",
]
# Integer ids, one above 2^53 (exact only as integers) and one negative.
INT_SOURCES = [11, 22, 33, 11, 9007199254740993, 22, -5, 11]
INT_TARGETS = [22, 33, 22, 33, 22, 11, 22, 9007199254740993]


def path(name):
    return os.path.join(HERE, name)


def write_csv(name, sources, targets):
    with open(path(name), "w", encoding="utf-8", newline="") as f:
        f.write("source,target,weight,time\n")
        for s, t, w, time in zip(sources, targets, WEIGHTS, TIMES):
            f.write(f"{s},{t},{w},{time or ''}\n")


def frame(sources, targets):
    """The edges as pandas holds them: datetime64[ns] times (NaT = none), an unused column."""
    return pd.DataFrame(
        {
            "source": sources,
            "target": targets,
            "weight": pd.Series(WEIGHTS, dtype="int64"),
            "time": pd.to_datetime(TIMES, utc=False, format="ISO8601")
            .tz_localize(None)
            .astype("datetime64[ns]"),
            "text": [f"tweet {i}" for i in range(len(sources))],
        }
    )


def times_ms_utc():
    return pa.array(
        pd.to_datetime(TIMES, format="ISO8601").astype("datetime64[ms, UTC]"),
        type=pa.timestamp("ms", tz="UTC"),
    )


def main():
    write_csv("edges.csv", SOURCES, TARGETS)
    write_csv("edges_int.csv", INT_SOURCES, INT_TARGETS)

    # pandas defaults: Feather v2 with LZ4_FRAME, strings as pandas writes them, datetime64[ns].
    df = frame(SOURCES, TARGETS)
    df.to_feather(path("pandas_lz4.feather"))

    # pandas `category` columns, uncompressed Feather and Parquet (pandas' default writer).
    cat = df.astype({"source": "category", "target": "category"})
    cat.to_feather(path("pandas_category.feather"), compression="uncompressed")
    cat.to_parquet(path("pandas_category.parquet"), index=False)

    # pyarrow: ZSTD Feather, timestamp[ms, tz=UTC], dictionary<values=string, indices=int32>.
    table = pa.table(
        {
            "source": pa.array(SOURCES).dictionary_encode(),
            "target": pa.array(TARGETS, type=pa.large_string()),
            "weight": pa.array(WEIGHTS, type=pa.uint16()),
            "time": times_ms_utc(),
        }
    )
    feather.write_feather(table, path("pyarrow_zstd.feather"), compression="zstd")

    # Integer ids as dictionaries of integers, with other index types (int8, uint16), as Arrow
    # IPC (stream form, LZ4) and Parquet.
    int_table = pa.table(
        {
            "time": times_ms_utc(),
            "source": pa.DictionaryArray.from_arrays(
                pa.array([0, 1, 2, 0, 3, 1, 4, 0], type=pa.int8()),
                pa.array([11, 22, 33, 9007199254740993, -5], type=pa.int64()),
            ),
            "target": pa.DictionaryArray.from_arrays(
                pa.array([1, 2, 1, 2, 1, 0, 1, 3], type=pa.uint16()),
                pa.array([11, 22, 33, 9007199254740993], type=pa.uint64()),
            ),
            "weight": pa.array(WEIGHTS, type=pa.int32()),
        }
    )
    options = ipc.IpcWriteOptions(compression="lz4")
    with ipc.new_stream(path("pyarrow_int_dict_lz4.arrows"), int_table.schema, options=options) as w:
        # Two batches: each batch carries its own dictionary.
        for batch in int_table.to_batches(max_chunksize=5):
            w.write_batch(batch)
    pq.write_table(int_table, path("pyarrow_int_dict.parquet"))


if __name__ == "__main__":
    main()
