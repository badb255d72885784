"""Type stubs of the chambers package (see __init__.py for the documentation)."""

import os
from typing import Any, Iterable, Optional, Sequence, Tuple, Union

import pyarrow as pa

PathLike = Union[str, os.PathLike[str]]

__version__: str

class InputError(ValueError):
    """Bad input; ``file`` names the file or frame, ``line`` the line or row at fault."""

    file: Optional[str]
    line: Optional[int]

class Edges:
    """Retweets read into windows."""

    @property
    def windows(self) -> int: ...
    @property
    def users(self) -> int: ...
    @property
    def retweets(self) -> int: ...
    def input_json(self) -> str: ...

class Result:
    """Tables of an analysis as pyarrow Tables; for analyze, the report."""

    @property
    def table_names(self) -> list[str]: ...
    def table(self, name: str) -> pa.Table: ...
    @property
    def report(self) -> dict[str, Any]: ...
    @property
    def summary(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def leaders(self) -> pa.Table: ...
    def chambers(self) -> pa.Table: ...
    def overlaps(self) -> pa.Table: ...
    def windows(self) -> pa.Table: ...
    def groups(self) -> pa.Table: ...
    def aggregate_overlap(self) -> pa.Table: ...
    def high_impact(self) -> pa.Table: ...
    def users(self) -> pa.Table: ...
    def ideology(self) -> pa.Table: ...
    def influencers(self) -> pa.Table: ...
    def stability(self) -> pa.Table: ...
    def audience_overlaps(self) -> pa.Table: ...
    def sub_chambers(self) -> pa.Table: ...
    def null_overlaps(self) -> pa.Table: ...
    def echo_chambers(self) -> pa.Table: ...
    def leader_impact(self) -> pa.Table: ...
    def __getattr__(self, name: str) -> Any: ...

def read(
    paths: Union[PathLike, Sequence[PathLike]],
    window: Optional[str] = None,
    window_start: Optional[str] = None,
    per_file: bool = False,
    *,
    source: str = "source",
    target: str = "target",
    weight: str = "weight",
    time: str = "time",
    format: Optional[str] = None,
    interactions: str = "retweet",
    time_unit: str = "s",
    skip_bad_rows: bool = False,
    keep_self_loops: bool = False,
) -> Edges: ...
def from_frame(
    df: Any,
    source: str = "source",
    target: str = "target",
    weight: Optional[str] = None,
    time: Optional[str] = None,
    window: Optional[str] = None,
    window_start: Optional[str] = None,
    *,
    name: str = "frame",
    time_unit: str = "s",
    skip_bad_rows: bool = False,
    keep_self_loops: bool = False,
) -> Edges: ...
def analyze(
    edges: Edges,
    top_n: int = 50,
    leaders: int = 50,
    exclude: str = "high-impact",
    eta: float = 0.5,
    labels: Any = None,
    seed: int = 1,
    threads: Optional[int] = None,
    *,
    leader_ids: Optional[Sequence[str]] = None,
    score: str = "full",
    split: str = "modularity",
    groups_k: Union[int, str] = 2,
    mode: str = "auto",
    controversy_null: int = 20,
    anchor: Optional[str] = None,
    groups: Sequence[str] = ("A", "B"),
    labels_partial: bool = False,
    scored: Optional[Sequence[str]] = None,
    shuffles: int = 50,
    shuffle_scheme: str = "all",
    null: int = 10,
    dip_replicates: int = 2000,
    max_lag: int = 20,
) -> Result: ...
def overlap(
    edges: Edges,
    top_n: int = 50,
    leaders: int = 50,
    exclude: str = "high-impact",
    leader_ids: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
) -> Result: ...
def ideology(
    edges: Edges,
    influencers: int = 300,
    min_influencers: int = 2,
    dims: int = 1,
    anchor: Optional[str] = None,
    threads: Optional[int] = None,
) -> Result: ...
def bimodality(values: Iterable[float], replicates: int = 2000, seed: int = 0) -> dict[str, Any]: ...
def generate(
    users: int = 10_000,
    edges: int = 50_000,
    groups: int = 2,
    sizes: Sequence[float] = (),
    windows: int = 8,
    cross: float = 0.03,
    activity: float = 1.0,
    popularity: float = 1.2,
    churn: float = 0.1,
    seed: int = 1,
) -> Tuple[pa.Table, pa.Table]: ...
