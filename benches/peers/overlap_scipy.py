#!/usr/bin/env python3
"""The chamber kernels K1 (chambers of k leaders) and K2 (all-pairs overlaps) with scipy.sparse,
on the same input as `chambers bench`, so that the speed ratio can be reproduced.

    chambers bench --write-input /tmp/ref.csv            # writes /tmp/ref.csv and /tmp/ref.leaders.txt
    OPENBLAS_NUM_THREADS=1 python3 benches/peers/overlap_scipy.py /tmp/ref.csv /tmp/ref.leaders.txt

Chamber of leader u = distinct targets of u's retweeters, minus the leaders (the exclusion set of
the bench) and u itself. Prints timings and `chamber_members` (the sum of chamber sizes), which must
equal the figure `chambers bench` prints.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp


def main(events_path, leaders_path):
    t = time.perf_counter()
    data = np.loadtxt(events_path, delimiter=",", skiprows=1, dtype=np.int64)
    src, dst = data[:, 0], data[:, 1]
    keep = src != dst
    src, dst = src[keep], dst[keep]
    ids, inverse = np.unique(np.concatenate([src, dst]), return_inverse=True)
    n = len(ids)
    s, d = inverse[: len(src)], inverse[len(src):]
    adjacency = sp.csr_matrix((np.ones(len(s), dtype=np.float64), (s, d)), shape=(n, n))
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    leaders = np.searchsorted(ids, np.loadtxt(leaders_path, dtype=np.int64))
    load_s = time.perf_counter() - t

    t = time.perf_counter()
    audiences = adjacency[:, leaders].T.tocsr()  # k × n: who retweeted each leader
    chambers = (audiences @ adjacency).tocsr()  # k × n: what they retweeted
    chambers.data[:] = 1.0
    excluded = np.zeros(n, dtype=bool)
    excluded[leaders] = True
    mask = sp.diags((~excluded).astype(np.float64))
    chambers = (chambers @ mask).tocsr()
    chambers.eliminate_zeros()
    k1 = time.perf_counter() - t

    t = time.perf_counter()
    intersections = (chambers @ chambers.T).toarray()
    sizes = np.diag(intersections).copy()
    union = sizes[:, None] + sizes[None, :] - intersections
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(intersections > 0, intersections / union, 0.0)
    np.fill_diagonal(jaccard, 0.0)
    k2 = time.perf_counter() - t
    print(json.dumps({
        "users": int(n),
        "aggregated_edges": int(adjacency.nnz),
        "leaders": int(len(leaders)),
        "chamber_members": int(chambers.nnz),
        "load_s": load_s,
        "k1_chambers_s": k1,
        "k2_overlaps_s": k2,
        "mean_jaccard": float(jaccard.sum() / (len(leaders) * (len(leaders) - 1))),
    }, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
