"""chambers: polarization in retweet networks with the second-neighbour chamber method of
Kolic et al. (2025), for pandas, Polars and Arrow.

Edge direction everywhere: **source = the account that retweeted, target = the account whose
tweet was retweeted**.

>>> import chambers
>>> edges = chambers.read("data/sample_weekly.csv", window="7d", window_start="2019-03-01")
>>> result = chambers.analyze(edges)
>>> result.summary["windows"]
8
>>> result.windows().to_pandas()  # doctest: +SKIP

Keyword arguments carry the command line's names and defaults (``--top-n 50`` is
``top_n=50``). Every computation runs with the GIL released; Ctrl-C stops a long run.
Bad input raises :class:`InputError` (a ``ValueError`` with ``.file`` and ``.line``), bad
parameters ``ValueError``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _chambers
from ._chambers import Edges, InputError

__all__ = [
    "Edges",
    "InputError",
    "Result",
    "analyze",
    "bimodality",
    "from_frame",
    "generate",
    "ideology",
    "overlap",
    "read",
]
__version__ = _chambers.__version__

PathLike = Union[str, "os.PathLike[str]"]


def _read_args(
    source: str,
    target: str,
    weight: Optional[str],
    time: Optional[str],
    format: Optional[str] = None,
    interactions: str = "retweet",
    time_unit: str = "s",
    skip_bad_rows: bool = False,
    keep_self_loops: bool = False,
) -> dict:
    # A column that is absent is never found: weight 1 per row, no time.
    return {
        "source": source,
        "target": target,
        "weight": "weight" if weight is None else weight,
        "time": "time" if time is None else time,
        "format": format,
        "interactions": interactions,
        "time_unit": time_unit,
        "skip_bad_rows": skip_bad_rows,
        "keep_self_loops": keep_self_loops,
    }


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
) -> Edges:
    """Read retweet files into windows, as ``chambers analyze INPUT...`` does.

    ``paths``: one file or a list; CSV/TSV (optionally ``.gz``), Twitter JSONL (API v1.1 or
    v2), Parquet or Arrow IPC, the format from the extension or ``format``.
    ``window``: a window length (``"7d"``, ``"24h"``, ``"3600s"``; default: one window);
    ``window_start``: the start of the first window (RFC 3339 or a date; default: midnight UTC
    before the first event); ``per_file``: one window per file, in the order given.
    ``source``/``target``/``weight``/``time``: column names; ``interactions``: what tweets
    give (``"retweet,quote"``, ``"all"``); ``time_unit``: unit of integer times
    (``s``, ``ms``, ``us``, ``ns``); ``skip_bad_rows``: skip malformed rows instead of raising;
    ``keep_self_loops``: keep self-retweets.

    Raises :class:`InputError` naming the file and line of bad input.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    args = _read_args(
        source, target, weight, time, format, interactions, time_unit, skip_bad_rows,
        keep_self_loops,
    )
    return _chambers.read_files(
        [os.fspath(p) for p in paths], window, window_start, per_file, args
    )


def _arrow_stream(df: Any) -> Any:
    """An object with ``__arrow_c_stream__`` for a pandas or Polars frame, a pyarrow Table or
    RecordBatch, or anything already exposing the Arrow C stream interface."""
    if hasattr(df, "__arrow_c_stream__"):
        return df
    module = type(df).__module__
    if module.startswith("pandas"):
        return pa.Table.from_pandas(df, preserve_index=False)
    if module.startswith("polars"):
        return df.to_arrow()
    raise TypeError(
        "expected a pandas or Polars DataFrame, a pyarrow Table or RecordBatch, or an object "
        f"with __arrow_c_stream__, not {type(df).__name__}"
    )


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
) -> Edges:
    """Read a table of retweets held in memory: a pandas DataFrame, a Polars DataFrame, a
    pyarrow Table or RecordBatch, or anything with ``__arrow_c_stream__``.

    The columns are read through the Arrow C stream interface, without copying, by the rules
    of Parquet files: ids as text or integers (also categorical), weights as whole numbers,
    times as timestamps, integers in ``time_unit`` or text. ``weight``/``time`` default to the
    columns ``weight``/``time`` when present. ``window``/``window_start`` as in :func:`read`.
    Errors name ``name`` and the 1-based row: ``InputError(file=name, line=row)``.
    """
    stream = _arrow_stream(df)
    args = _read_args(
        source, target, weight, time, None, "retweet", time_unit, skip_bad_rows,
        keep_self_loops,
    )
    return _chambers.read_stream(stream, name, window, window_start, args)


def _table(ipc: bytes) -> pa.Table:
    """A pyarrow Table from Arrow IPC bytes, stream or file form."""
    if ipc[:6] == b"ARROW1":
        return pa.ipc.open_file(pa.BufferReader(ipc)).read_all()
    return pa.ipc.open_stream(ipc).read_all()


class Result:
    """What :func:`analyze`, :func:`overlap` and :func:`ideology` return: every table the
    command line writes, as a method returning a ``pyarrow.Table`` (``result.windows()``,
    ``result.leaders()``, ``result.overlaps()``, ``result.users()``, …; ``.to_pandas()`` or
    ``polars.from_arrow`` convert them), or by name with :meth:`table`. Numbers are Int64 or
    Float64 (a missing value is null), account ids and group names stay text.

    For :func:`analyze`, :attr:`summary` holds the headline figures and :meth:`to_json` the
    document the command line writes as report.json.
    """

    def __init__(self, outcome: Any) -> None:
        self._outcome = outcome
        self._names = list(outcome.table_names())
        text = outcome.report_json()
        self._report = None if text is None else json.loads(text)

    @property
    def table_names(self) -> list:
        """The tables, in the command line's order (its file stems)."""
        return list(self._names)

    def table(self, name: str) -> pa.Table:
        """The table ``name`` (e.g. ``"windows"``, the command line's ``windows.csv``)."""
        return _table(self._outcome.table_ipc(name))

    @property
    def report(self) -> dict:
        """report.json of ``chambers analyze`` as a dict (without ``timings_s``)."""
        if self._report is None:
            raise AttributeError("only analyze() gives a report")
        return self._report

    @property
    def summary(self) -> dict:
        """The headline figures: report.json's ``summary``."""
        return self.report["summary"]

    def to_json(self) -> str:
        """report.json of ``chambers analyze`` as JSON text (without ``timings_s``)."""
        return json.dumps(self.report, indent=2)

    def __getattr__(self, name: str) -> Any:
        names = self.__dict__.get("_names", ())
        if name in names:
            return lambda: self.table(name)
        raise AttributeError(f"{type(self).__name__} has no attribute or table {name!r}")

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + list(self._names)

    def __repr__(self) -> str:
        return f"Result(tables={self._names})"


def _labels(labels: Any) -> Optional[list]:
    """Hand labels as (leader, group) pairs from a dict, pairs, or a frame with columns
    leader and group."""
    if labels is None:
        return None
    if isinstance(labels, Mapping):
        return [(str(k), str(v)) for k, v in labels.items()]
    if hasattr(labels, "__arrow_c_stream__") or type(labels).__module__.startswith(
        ("pandas", "polars")
    ):
        table = pa.table(_arrow_stream(labels))
        missing = {"leader", "group"} - set(table.column_names)
        if missing:
            raise ValueError(f"the labels need the columns leader and group (missing: {sorted(missing)})")
        return [
            (str(a), str(b))
            for a, b in zip(table.column("leader").to_pylist(), table.column("group").to_pylist())
        ]
    return [(str(a), str(b)) for a, b in labels]


def _chamber_args(top_n: int, leaders: int, exclude: str, leader_ids: Optional[Sequence[str]]) -> dict:
    return {
        "top_n": top_n,
        "leaders": leaders,
        "exclude": exclude,
        "leader_ids": None if leader_ids is None else [str(i) for i in leader_ids],
    }


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
) -> Result:
    """The whole method, as ``chambers analyze``: leaders, chambers, groups, polarization,
    the null model, bimodality, echo chambers, stability and the controversy score.

    ``top_n`` (N) high-impact accounts per window; ``leaders`` (M) the most persistent;
    ``exclude``: what chambers leave out besides the leader (``high-impact``, ``leaders``,
    ``none``); ``eta``: the stance threshold; ``labels``: hand labels of the leaders (a dict
    leader → group name, (leader, group) pairs, or a frame with columns leader and group),
    replacing the split; ``seed``: every random part; ``threads``: worker threads (results do
    not depend on it). The keyword-only arguments are the command line's other flags.
    """
    chamber_args = _chamber_args(top_n, leaders, exclude, leader_ids)
    args = {
        "eta": float(eta),
        "score": score,
        "split": split,
        "groups_k": str(groups_k),
        "mode": str(mode),
        "controversy_null": controversy_null,
        "anchor": None if anchor is None else str(anchor),
        "groups": list(groups),
        "labels": _labels(labels),
        "labels_partial": labels_partial,
        "scored": None if scored is None else [str(s) for s in scored],
        "shuffles": shuffles,
        "shuffle_scheme": shuffle_scheme,
        "null": null,
        "dip_replicates": dip_replicates,
        "max_lag": max_lag,
        "seed": seed,
    }
    return Result(_chambers.analyze(edges, chamber_args, args, threads))


def overlap(
    edges: Edges,
    top_n: int = 50,
    leaders: int = 50,
    exclude: str = "high-impact",
    leader_ids: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
) -> Result:
    """Leaders, chambers and chamber overlaps per window, as ``chambers overlap``: a
    :class:`Result` with ``leaders()``, ``chambers()`` and ``overlaps()``."""
    chamber_args = _chamber_args(top_n, leaders, exclude, leader_ids)
    return Result(_chambers.overlap(edges, chamber_args, threads))


def ideology(
    edges: Edges,
    influencers: int = 300,
    min_influencers: int = 2,
    dims: int = 1,
    anchor: Optional[str] = None,
    threads: Optional[int] = None,
) -> Result:
    """Latent ideology per window (correspondence analysis of users × influencers), as
    ``chambers ideology``: a :class:`Result` with ``ideology()`` and ``influencers()``."""
    return Result(
        _chambers.ideology(
            edges, influencers, min_influencers, dims, None if anchor is None else str(anchor),
            threads,
        )
    )


def bimodality(values: Iterable[float], replicates: int = 2000, seed: int = 0) -> dict:
    """Bimodality statistics of ``values`` (a list, NumPy array, pandas or Polars series), as
    ``chambers bimodality`` prints them: Sarle's coefficient, Hartigan's dip with its
    Monte-Carlo p-value, a two-component mixture and the KDE valley."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    return json.loads(_chambers.bimodality([float(v) for v in values], replicates, seed))


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
) -> Tuple[pa.Table, pa.Table]:
    """Seeded retweet events with planted groups, as ``chambers generate``: the events
    (source, target, weight, time) and the planted truth (user, group) as pyarrow Tables."""
    events, labels = _chambers.generate(
        {
            "users": users,
            "edges": edges,
            "groups": groups,
            "sizes": [float(s) for s in sizes],
            "windows": windows,
            "cross": float(cross),
            "activity": float(activity),
            "popularity": float(popularity),
            "churn": float(churn),
            "seed": seed,
        }
    )
    return _table(events), _table(labels)
