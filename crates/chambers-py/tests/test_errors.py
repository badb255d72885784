"""Errors as Python exceptions: InputError (a ValueError) naming the file or frame and the
line or row for bad input; ValueError for bad parameters; TypeError for unsupported objects."""

import pandas as pd
import pyarrow as pa
import pytest

import chambers
from conftest import QUICK


def test_input_error_is_a_value_error():
    assert issubclass(chambers.InputError, ValueError)


def test_bad_csv_row_names_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("source,target,weight\na,b,1\nc,d,x\n")
    with pytest.raises(chambers.InputError) as caught:
        chambers.read(path)
    assert caught.value.file == str(path)
    assert caught.value.line == 3
    assert f"{path}:3: bad weight" in str(caught.value)


def test_skip_bad_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("source,target,weight\na,b,1\nc,d,x\n")
    edges = chambers.read(path, skip_bad_rows=True)
    assert edges.retweets == 1


def test_bad_frame_row_names_frame_and_row():
    frame = pd.DataFrame({"source": ["a", "b", "c"], "target": ["x", None, "y"]})
    with pytest.raises(chambers.InputError) as caught:
        chambers.from_frame(frame, name="my_frame")
    assert (caught.value.file, caught.value.line) == ("my_frame", 2)
    assert "my_frame: row 2: empty target id" in str(caught.value)


def test_missing_column_names_the_frame():
    with pytest.raises(chambers.InputError) as caught:
        chambers.from_frame(pa.table({"src": ["a"], "target": ["b"]}))
    assert (caught.value.file, caught.value.line) == ("frame", None)
    assert "missing column" in str(caught.value)


def test_wrong_column_type():
    with pytest.raises(chambers.InputError, match="column"):
        chambers.from_frame(pa.table({"source": [1.5], "target": [2.5]}))


def test_missing_file():
    with pytest.raises(chambers.InputError) as caught:
        chambers.read("no/such/file.csv")
    assert caught.value.file == "no/such/file.csv"


def test_time_windows_need_a_time_column():
    with pytest.raises(chambers.InputError, match="time"):
        chambers.from_frame(pa.table({"source": ["a"], "target": ["b"]}), window="7d")


def test_no_usable_edges():
    with pytest.raises(chambers.InputError, match="no edges"):
        chambers.from_frame(pa.table({"source": ["a"], "target": ["a"]}))


def test_unsupported_object():
    with pytest.raises(TypeError, match="pandas or Polars"):
        chambers.from_frame([("a", "b")])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"window": "7x"}, "unknown unit"),
        ({"window": "0d"}, "positive"),
        ({"window_start": "2019-03-01"}, "window_start needs window"),
        ({"window": "7d", "window_start": "someday"}, "window_start"),
        ({"window": "7d", "per_file": True}, "exclude each other"),
        ({"format": "xls"}, "format"),
        ({"time_unit": "hours"}, "time_unit"),
        ({"interactions": "likes"}, "interactions"),
    ],
)
def test_bad_read_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match) as caught:
        chambers.read("data/sample_weekly.csv", **kwargs)
    assert not isinstance(caught.value, chambers.InputError)


@pytest.fixture(scope="module")
def small_edges():
    frame = pa.table(
        {
            "source": ["a", "a", "b", "b", "c", "c", "d"],
            "target": ["L1", "x", "L2", "x", "L3", "y", "L1"],
        }
    )
    return chambers.from_frame(frame)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"exclude": "everyone"}, "exclude"),
        ({"top_n": 0}, "top_n must be at least 1"),
        ({"eta": 2.0}, "eta"),
        ({"score": "half"}, "score"),
        ({"split": "coin"}, "split"),
        ({"shuffle_scheme": "some"}, "shuffle_scheme"),
        ({"threads": 0}, "threads"),
        ({"threads": 5000}, "threads"),
        ({"groups": ("left", "left")}, "different"),
        ({"groups": ("left", "both")}, "both"),
        ({"leader_ids": ["nobody"]}, "does not appear"),
        ({"leader_ids": ["L1", "L1"]}, "twice"),
        ({"anchor": "nobody"}, "does not appear"),
        ({"labels": {"L1": "p", "L2": "q", "L3": "r"}}, "two-sided"),
        ({"labels": {"L1": "p"}, "leader_ids": ["L1", "L2"]}, "no label"),
        ({"labels": {"L1": "p"}, "groups": ("x", "y")}, "group names given"),
    ],
)
def test_bad_analysis_parameters(small_edges, kwargs, match):
    with pytest.raises(ValueError, match=match):
        chambers.analyze(small_edges, **{**QUICK, **kwargs})


def test_labels_partial_leaves_unlabelled_leaders_out(small_edges):
    result = chambers.analyze(
        small_edges, labels=[("L1", "p"), ("L2", "p"), ("L3", "q")], leader_ids=["L1", "L2", "L3", "x"],
        labels_partial=True, exclude="leaders", **QUICK,
    )
    assert result.summary["group_sizes"] == [2, 1]
    assert result.leaders().column("group").to_pylist() == ["p", "p", "q", ""]


def test_unknown_table(small_edges):
    result = chambers.overlap(small_edges)
    with pytest.raises(ValueError, match="no table"):
        result.table("nothing")
    with pytest.raises(AttributeError):
        result.nothing()


def test_bimodality_needs_values():
    with pytest.raises(ValueError):
        chambers.bimodality([])


def test_generate_parameters():
    with pytest.raises(ValueError):
        chambers.generate(users=0)
