"""Shared fixtures: the repository's sample data, the command line (to compare against), and
analyses run once per session."""

import os
import pathlib
import subprocess

import pytest

import chambers

ROOT = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "sample_weekly.csv"
WINDOWS = {"window": "7d", "window_start": "2019-03-01"}
# Cheaper baselines for the comparisons between inputs (the full defaults are compared with the
# command line once, in test_cli.py).
QUICK = {"controversy_null": 0, "null": 0, "shuffles": 5, "dip_replicates": 50}
QUICK_FLAGS = ["--controversy-null", "0", "--null", "0", "--shuffles", "5", "--dip-replicates", "50"]


def cli_binary() -> pathlib.Path:
    """The `chambers` binary: $CHAMBERS_BIN, else the one `cargo test`/`cargo build` left."""
    env = os.environ.get("CHAMBERS_BIN")
    candidates = [pathlib.Path(env)] if env else [
        ROOT / "target" / "debug" / "chambers",
        ROOT / "target" / "release" / "chambers",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "the chambers binary is needed to compare with; run `cargo build` or set CHAMBERS_BIN"
    )


def run_cli(*args) -> str:
    done = subprocess.run(
        [str(cli_binary()), *map(str, args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def sample_edges():
    return chambers.read(SAMPLE, **WINDOWS)


@pytest.fixture(scope="session")
def quick_result(sample_edges):
    return chambers.analyze(sample_edges, **QUICK)
