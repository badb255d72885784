"""Results equal to the command line's outputs on data/sample_weekly.csv: every table cell for
cell, the summary, report.json; overlap, ideology, bimodality and generate likewise."""

import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import chambers
from conftest import SAMPLE, run_cli
from helpers import assert_tables_equal, read_csv_as

WINDOW_FLAGS = ["--window", "7d", "--window-start", "2019-03-01"]


@pytest.fixture(scope="module")
def cli_analyze(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "analyze"
    run_cli("analyze", SAMPLE, *WINDOW_FLAGS, "--out", out)
    return out


@pytest.fixture(scope="module")
def full_result(sample_edges):
    return chambers.analyze(sample_edges)


TABLES = [
    "leaders", "chambers", "overlaps", "windows", "groups", "aggregate_overlap", "high_impact", "users",
    "ideology", "influencers", "stability", "audience_overlaps", "sub_chambers", "null_overlaps",
    "echo_chambers", "leader_impact",
]


def test_every_table_of_the_cli_is_a_method(full_result):
    assert full_result.table_names == TABLES
    for name in TABLES:
        assert isinstance(getattr(full_result, name)(), pa.Table)
    assert set(TABLES) <= set(dir(full_result))


@pytest.mark.parametrize("name", TABLES)
def test_tables_equal_the_cli_csv(cli_analyze, full_result, name):
    table = full_result.table(name)
    assert_tables_equal(read_csv_as(cli_analyze / f"{name}.csv", table.schema), table, name)


def test_ids_stay_text_and_numbers_are_typed(full_result):
    leaders = full_result.leaders().schema
    assert leaders.field("leader").type == pa.string()
    assert leaders.field("rank").type == pa.int64()
    assert leaders.field("eigenvector").type == pa.float64()
    assert full_result.users().schema.field("user").type == pa.string()
    assert full_result.overlaps().schema.field("jaccard").type == pa.float64()


def without_run_context(document):
    document = dict(document)
    document.pop("timings_s", None)
    document["input"] = {k: v for k, v in document["input"].items() if k != "files"}
    return document


def test_to_json_equals_report_json(cli_analyze, full_result):
    cli = json.loads((cli_analyze / "report.json").read_text())
    assert without_run_context(json.loads(full_result.to_json())) == without_run_context(cli)
    assert "timings_s" not in json.loads(full_result.to_json())


def test_summary_equals_report_json(cli_analyze, full_result):
    cli = json.loads((cli_analyze / "report.json").read_text())
    assert full_result.summary == cli["summary"]
    assert full_result.summary["windows"] == 8


def test_overlap_equals_the_cli(tmp_path, sample_edges):
    out = tmp_path / "overlap"
    run_cli("overlap", SAMPLE, *WINDOW_FLAGS, "--top-n", 30, "--leaders", 20, "--out", out)
    result = chambers.overlap(sample_edges, top_n=30, leaders=20)
    assert result.table_names == ["leaders", "chambers", "overlaps"]
    for name in result.table_names:
        table = result.table(name)
        assert_tables_equal(read_csv_as(out / f"{name}.csv", table.schema), table, name)
    with pytest.raises(AttributeError):
        result.summary


def test_ideology_equals_the_cli(tmp_path, sample_edges):
    out = tmp_path / "ideology"
    run_cli("ideology", SAMPLE, *WINDOW_FLAGS, "--influencers", 100, "--out", out)
    result = chambers.ideology(sample_edges, influencers=100)
    for name in ["ideology", "influencers"]:
        table = result.table(name)
        assert table.num_rows > 0
        assert_tables_equal(read_csv_as(out / f"{name}.csv", table.schema), table, name)


def test_bimodality_equals_the_cli(tmp_path, quick_result):
    values = quick_result.overlaps().column("jaccard").to_pylist()
    path = tmp_path / "values.csv"
    path.write_text("q\n" + "\n".join(map(repr, values)) + "\n")
    cli = json.loads(run_cli("bimodality", path, "--replicates", 200, "--seed", 3))
    assert chambers.bimodality(values, replicates=200, seed=3) == cli


def test_generate_equals_the_cli(tmp_path):
    out = tmp_path / "gen.csv"
    run_cli("generate", "--users", 400, "--edges", 3000, "--seed", 7, "--out", out)
    events, labels = chambers.generate(users=400, edges=3000, seed=7)
    cli = pacsv.read_csv(
        out, convert_options=pacsv.ConvertOptions(column_types={"source": pa.string(), "target": pa.string()})
    )
    assert events.column("source").to_pylist() == cli.column("source").to_pylist()
    assert events.column("target").to_pylist() == cli.column("target").to_pylist()
    assert events.column("time").cast(pa.timestamp("s", "UTC")).to_pylist() == cli.column(
        "time"
    ).cast(pa.timestamp("s", "UTC")).to_pylist()
    cli_labels = read_csv_as(tmp_path / "gen.labels.csv", labels.schema)
    assert_tables_equal(cli_labels, labels, "labels")


def test_hand_labels_equal_the_cli(tmp_path, sample_edges, quick_result):
    from conftest import QUICK, QUICK_FLAGS

    leaders = quick_result.leaders().column("leader").to_pylist()
    planted = pacsv.read_csv(
        SAMPLE.with_name("sample_weekly.labels.csv"),
        convert_options=pacsv.ConvertOptions(column_types={"user": pa.string(), "group": pa.string()}),
    )
    group_of = dict(zip(planted.column("user").to_pylist(), planted.column("group").to_pylist()))
    names = {"0": "left", "1": "right"}
    labels = {leader: names[group_of[leader]] for leader in leaders}
    path = tmp_path / "labels.csv"
    path.write_text("leader,group\n" + "".join(f"{k},{v}\n" for k, v in labels.items()))
    out = tmp_path / "labelled"
    run_cli("analyze", SAMPLE, *WINDOW_FLAGS, *QUICK_FLAGS, "--labels", path, "--out", out)
    cli = json.loads((out / "report.json").read_text())
    as_dict = chambers.analyze(sample_edges, labels=labels, **QUICK)
    as_frame = chambers.analyze(
        sample_edges,
        labels=pa.table({"leader": list(labels), "group": list(labels.values())}),
        **QUICK,
    )
    for result in (as_dict, as_frame):
        assert result.summary == cli["summary"]
        assert result.report["group_names"] == cli["group_names"] == ["left", "right"]
        table = result.leaders()
        assert_tables_equal(read_csv_as(out / "leaders.csv", table.schema), table, "leaders")


def test_parquet_result_folders_equal_the_python_tables(tmp_path, quick_result):
    import pyarrow.parquet as pq

    from conftest import QUICK_FLAGS

    out = tmp_path / "parquet"
    run_cli("analyze", SAMPLE, *WINDOW_FLAGS, *QUICK_FLAGS, "--table-format", "parquet", "--out", out)
    for name in quick_result.table_names:
        assert not (out / f"{name}.csv").exists()
        assert_tables_equal(pq.read_table(out / f"{name}.parquet"), quick_result.table(name), name)


def test_groups_k_equals_the_cli(tmp_path, sample_edges):
    from conftest import QUICK, QUICK_FLAGS

    out = tmp_path / "three"
    run_cli("analyze", SAMPLE, *WINDOW_FLAGS, *QUICK_FLAGS, "--groups-k", 3, "--out", out)
    cli = json.loads((out / "report.json").read_text())
    result = chambers.analyze(sample_edges, groups_k=3, **QUICK)
    assert result.summary == cli["summary"]
    assert len(result.summary["group_sizes"]) == 3
    table = result.groups()
    assert table.column("group").to_pylist()[:3] == ["A", "B", "C"]
    assert_tables_equal(read_csv_as(out / "groups.csv", table.schema), table, "groups")
    with pytest.raises(ValueError, match="groups_k"):
        chambers.analyze(sample_edges, groups_k="three", **QUICK)
