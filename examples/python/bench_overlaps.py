"""chambers against a plain pandas/scipy implementation of chambers and chamber overlaps
(METHOD.md §2–§3), in one run on the same generated data: both results are checked equal
pair by pair, then the times and their ratio are printed.

    python examples/python/bench_overlaps.py [--users 100000] [--edges 2000000] [--repeat 3]

The baseline is what a researcher would write with pandas and scipy.sparse: per window, impact
by group-by, H(t) and the leaders with the tie rules of METHOD.md §2, the binary retweet matrix
A, chambers as (A[:, leaders]ᵀ A > 0) minus the leader and H(t), intersections as C Cᵀ. It
runs single-threaded (BLAS threads set to 1 before numpy loads), as does `chambers.overlap`
with threads=1; chambers with all cores is shown beside it.
"""

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402

import chambers  # noqa: E402

WEEK = 7 * 86_400


def pandas_overlaps(events: pd.DataFrame, top_n: int, m: int) -> pd.DataFrame:
    """Overlaps of every pair of active leaders in every window (window, leader_a, leader_b,
    intersection, jaccard), leader_a before leader_b in leader rank."""
    t = (events["time"] - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    start = (int(t.min()) // 86_400) * 86_400
    frame = pd.DataFrame(
        {"window": (t - start) // WEEK, "source": events["source"], "target": events["target"],
         "weight": events["weight"].astype("int64")}
    )
    frame = frame[frame["source"] != frame["target"]]
    # Dense ids for the accounts (any order: results are named by external id).
    codes, users = pd.factorize(pd.concat([frame["source"], frame["target"]]), sort=False)
    frame["s"] = codes[: len(frame)]
    frame["t"] = codes[len(frame):]
    n = len(users)
    # H(t): impact descending, then the external id in byte order.
    impact = frame.groupby(["window", "t"], sort=False)["weight"].sum().reset_index()
    impact["id"] = users[impact["t"].to_numpy()]
    impact = impact.sort_values(["window", "weight", "id"], ascending=[True, False, True])
    impact["rank"] = impact.groupby("window").cumcount()
    high = impact[impact["rank"] < top_n]
    # Leaders: persistence descending, then the first window in H(t), then the rank there.
    first = high.sort_values(["window", "rank"]).groupby("t", sort=False).first()
    persistence = high.groupby("t").size()
    ranking = pd.DataFrame({"persistence": persistence, "window": first["window"], "rank": first["rank"]})
    ranking = ranking.sort_values(["persistence", "window", "rank"], ascending=[False, True, True])
    leaders = ranking.index.to_numpy()[:m]
    leader_rank = {u: r for r, u in enumerate(leaders)}
    rows = []
    for window, edges in frame.groupby("window", sort=True):
        a = sp.csr_matrix(
            (np.ones(len(edges), dtype=np.int32), (edges["s"].to_numpy(), edges["t"].to_numpy())),
            shape=(n, n),
        )
        a.data[:] = 1  # binary: duplicates summed above, distinct pairs only
        h = high.loc[high["window"] == window, "t"].to_numpy()
        active = sorted((u for u in h if u in leader_rank), key=leader_rank.get)
        if len(active) < 2:
            continue
        audience = a[:, active].T.tocsr()  # k × n: who retweeted each leader
        chamber = (audience @ a).tocsr()  # k × n: what each audience retweeted
        chamber.data[:] = 1
        keep = np.ones(n, dtype=bool)
        keep[h] = False  # X(t) = H(t), which holds every active leader
        chamber = chamber @ sp.diags(keep.astype(np.int32), dtype=np.int32)
        chamber.eliminate_zeros()
        sizes = np.asarray(chamber.sum(axis=1)).ravel()
        inter = (chamber @ chamber.T).toarray()
        i, j = np.triu_indices(len(active), k=1)
        shared = inter[i, j]
        union = sizes[i] + sizes[j] - shared
        jaccard = np.where(shared > 0, shared / np.maximum(union, 1), 0.0)
        names = users[np.asarray(active)]
        rows.append(pd.DataFrame({"window": window, "leader_a": names[i], "leader_b": names[j],
                                  "intersection": shared, "jaccard": jaccard}))
    return pd.concat(rows, ignore_index=True)


def timed(f, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - started)
    return best, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=2_000_000)
    parser.add_argument("--top-n", type=int, default=50)
    parser.add_argument("--leaders", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--analyze", action="store_true", help="also time chambers.analyze")
    args = parser.parse_args()

    events, _ = chambers.generate(users=args.users, edges=args.edges, seed=1)
    frame = events.to_pandas()
    print(f"{args.edges:,} retweets, {args.users:,} users, {events.num_rows:,} rows; "
          f"N = {args.top_n}, M = {args.leaders}")

    t_read, edges = timed(
        lambda: chambers.from_frame(events, weight="weight", time="time", window="7d"), args.repeat
    )
    kwargs = {"top_n": args.top_n, "leaders": args.leaders}
    t_one, result = timed(lambda: chambers.overlap(edges, threads=1, **kwargs), args.repeat)
    t_all, _ = timed(lambda: chambers.overlap(edges, **kwargs), args.repeat)
    t_pandas, expected = timed(lambda: pandas_overlaps(frame, args.top_n, args.leaders), args.repeat)

    got = result.overlaps().to_pandas()[["window", "leader_a", "leader_b", "intersection", "jaccard"]]
    key = ["window", "leader_a", "leader_b"]
    merged = expected.merge(got, on=key, how="outer", suffixes=("_pandas", "_chambers"), indicator=True)
    assert (merged["_merge"] == "both").all(), "different leader pairs"
    assert (merged["intersection_pandas"] == merged["intersection_chambers"]).all(), "intersections differ"
    assert np.allclose(merged["jaccard_pandas"], merged["jaccard_chambers"], rtol=1e-12, atol=0)
    print(f"results equal: {len(merged):,} leader pairs over {got['window'].nunique()} windows")

    print(f"chambers.from_frame (read, windows):        {t_read:7.2f} s")
    print(f"pandas/scipy chambers + overlaps, 1 thread: {t_pandas:7.2f} s")
    print(f"chambers.overlap, 1 thread:                 {t_one:7.2f} s   ratio {t_pandas / t_one:5.1f}x")
    print(f"chambers.overlap, {os.cpu_count()} threads:                {t_all:7.2f} s   ratio {t_pandas / t_all:5.1f}x")
    # The baseline starts from the frame: compare it with reading the frame as well.
    print(f"chambers.from_frame + overlap, 1 thread:    {t_read + t_one:7.2f} s   ratio {t_pandas / (t_read + t_one):5.1f}x")
    if args.analyze:
        t_analyze, _ = timed(lambda: chambers.analyze(edges, threads=1, **kwargs), 1)
        print(f"chambers.analyze (whole method), 1 thread:  {t_analyze:7.2f} s")


if __name__ == "__main__":
    main()
