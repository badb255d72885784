#!/usr/bin/env python3
"""Recompute the polblogs facts of data/README.md and the golden values the tests assert.

Independent of the Rust code: reads data/polblogs_nodes.csv and data/polblogs_edges.csv with
the csv module and uses networkx for the component and the modularity.

Reproduces:
  * file facts: 1,490 nodes (758 liberal, 732 conservative), 19,090 edge rows, 3 self-loops,
    65 duplicate rows, 19,022 distinct non-loop edges;
  * largest weakly connected component as a simple undirected graph: 1,222 nodes, 16,714
    edges, modularity of the label partition 0.405248
    (crates/chambers-stats/tests/golden.rs, polblogs_modularity_of_largest_component);
  * directed E-I index (E - I)/(E + I) of the label partition over all nodes, each distinct
    directed non-loop pair once: -0.823047 (golden.rs, polblogs_directed_ei_index);
  * chambers of the 20 most-linked blogs of each side (chamber = distinct targets of the
    leader's in-neighbours minus the leader): mean Jaccard 0.708140 same side, 0.411053 cross
    side (tests/integration/overlap.rs, polblogs_same_side_chambers_overlap_more);
  * random-walk controversy, undirected, 20 absorbing blogs per side, solved exactly: the
    test asserts only 0.5 < RWC <= 1 (golden.rs, polblogs_random_walk_controversy_is_high).

Usage: python3 data/reference/polblogs_facts.py   (from the repository root)
"""
import csv
import os
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# The leader lists asserted in tests/integration/overlap.rs (ids of the edge file).
LIBERAL_TEST = "154 640 54 728 322 641 755 492 179 482 433 534 740 296 686 513 188 362 149 546"
CONSERVATIVE_TEST = ("1050 962 1244 854 1152 1436 1111 1040 797 1478 1178 877 1305 1269 1329 "
                     "1462 1100 1460 999 825")


def read():
    with open(os.path.join(DATA, "polblogs_nodes.csv"), newline="") as f:
        nodes = list(csv.DictReader(f))
    labels = {int(r["id"]): int(r["value"]) for r in nodes}
    with open(os.path.join(DATA, "polblogs_edges.csv"), newline="") as f:
        rows = [(int(r["source"]), int(r["target"])) for r in csv.DictReader(f)]
    return labels, rows


def file_facts(labels, rows):
    print("== file facts")
    count = Counter(labels.values())
    print(f"nodes {len(labels)} (liberal 0: {count[0]}, conservative 1: {count[1]})")
    loops = sum(1 for s, t in rows if s == t)
    distinct_rows = len(set(rows))
    distinct_nonloop = len({(s, t) for s, t in rows if s != t})
    print(f"edge rows {len(rows)}, self-loops {loops}, duplicate rows {len(rows) - distinct_rows}, "
          f"distinct non-loop edges {distinct_nonloop}")


def lcc_modularity(labels, rows):
    print("== largest component, undirected simple graph")
    g = nx.Graph()
    g.add_nodes_from(labels)
    g.add_edges_from((s, t) for s, t in rows if s != t)
    lcc = max(nx.connected_components(g), key=len)
    sub = g.subgraph(lcc)
    parts = [{v for v in lcc if labels[v] == side} for side in (0, 1)]
    q = nx.community.modularity(sub, parts)
    print(f"nodes {sub.number_of_nodes()}, edges {sub.number_of_edges()}")
    print(f"modularity of the label partition {q:.6f}  (test: 0.405248)")
    # Weakly connected component of the directed graph: the same node set.
    d = nx.DiGraph()
    d.add_nodes_from(labels)
    d.add_edges_from((s, t) for s, t in rows if s != t)
    wcc = max(nx.weakly_connected_components(d), key=len)
    print(f"largest weakly connected component of the directed graph: {len(wcc)} nodes "
          f"(same set: {wcc == lcc})")


def ei_index(labels, rows):
    print("== directed E-I index, distinct pairs")
    pairs = {(s, t) for s, t in rows if s != t}
    e = sum(1 for s, t in pairs if labels[s] != labels[t])
    i = len(pairs) - e
    print(f"E {e}, I {i}, E-I index {(e - i) / (e + i):.6f}  (test: -0.823047)")


def top_linked(rows, labels, side, k):
    """The k blogs of a side with the most distinct in-neighbours (self-loops dropped); ties by
    id as text in byte order, then listed."""
    indeg = defaultdict(set)
    for s, t in rows:
        if s != t:
            indeg[t].add(s)
    side_nodes = [v for v in labels if labels[v] == side and indeg[v]]
    side_nodes.sort(key=lambda v: (-len(indeg[v]), str(v).encode()))
    return side_nodes[:k], {v: len(indeg[v]) for v in side_nodes}


def chambers(labels, rows):
    print("== chambers of the 20 most-linked blogs of each side (no exclusion but the leader)")
    lib, deg = top_linked(rows, labels, 0, 20)
    con, deg1 = top_linked(rows, labels, 1, 20)
    test_lib = [int(x) for x in LIBERAL_TEST.split()]
    test_con = [int(x) for x in CONSERVATIVE_TEST.split()]
    print(f"top-20 liberal by distinct in-neighbours equals the test's list (as sets): "
          f"{set(lib) == set(test_lib)}; in order: {lib == test_lib}")
    print(f"top-20 conservative likewise: {set(con) == set(test_con)}; in order: {con == test_con}")
    print(f"  20th/21st in-degree liberal: {deg[lib[-1]]} / "
          f"{sorted(deg.values(), reverse=True)[20]}; conservative: {deg1[con[-1]]} / "
          f"{sorted(deg1.values(), reverse=True)[20]}")
    out = defaultdict(set)
    inn = defaultdict(set)
    for s, t in rows:
        if s != t:  # self-retweets are dropped, as the default graph options do
            out[s].add(t)
            inn[t].add(s)
    leaders = test_lib + test_con
    ch = {}
    for u in leaders:
        c = set()
        for a in inn[u]:
            c |= out[a]
        c.discard(u)
        ch[u] = c
    same, cross = [], []
    for i in range(40):
        for j in range(i + 1, 40):
            a, b = ch[leaders[i]], ch[leaders[j]]
            inter = len(a & b)
            q = inter / len(a | b) if inter else 0.0
            (same if (i < 20) == (j < 20) else cross).append(q)
    print(f"pairs same {len(same)}, cross {len(cross)}")
    print(f"mean Jaccard same side {np.mean(same):.6f}  (test: 0.708140)")
    print(f"mean Jaccard cross side {np.mean(cross):.6f}  (test: 0.411053)")


def rwc(labels, rows, k=20):
    print("== random-walk controversy, undirected, top 20 per side, exact solve")
    n = len(labels)
    # Every row counts (duplicates add up); undirected: each row is an arc both ways.
    src = np.array([s for s, t in rows] + [t for s, t in rows])
    dst = np.array([t for s, t in rows] + [s for s, t in rows])
    w = sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    degree = np.asarray(w.sum(axis=0)).ravel()
    absorb = -np.ones(n, dtype=int)
    for side in (0, 1):
        members = sorted((v for v in range(n) if labels[v] == side), key=lambda v: (-degree[v], v))
        absorb[members[:k]] = side
    out_w = np.asarray(w.sum(axis=1)).ravel()
    # Transient nodes that can reach an absorbing node (undirected: same component).
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), dst.tolist()))
    reach = set()
    for comp in nx.connected_components(g):
        if any(absorb[v] >= 0 for v in comp):
            reach |= comp
    trans = np.array([v for v in range(n) if absorb[v] < 0 and v in reach and out_w[v] > 0])
    absn = np.flatnonzero(absorb >= 0)
    t = sp.diags(1.0 / out_w[trans]) @ w[trans][:, trans]
    r = sp.diags(1.0 / out_w[trans]) @ w[trans][:, absn]
    h = np.zeros((n, 2))
    h[absn, absorb[absn]] = 1.0
    m = (sp.identity(len(trans)) - t).tocsc()
    for s in (0, 1):
        rhs = r @ (absorb[absn] == s).astype(float)
        h[trans, s] = spla.spsolve(m, rhs)
    p = np.zeros((2, 2))
    for side in (0, 1):
        starts = [v for v in range(n) if labels[v] == side]
        ends = h[starts].sum(axis=0)
        p[side] = ends / ends.sum()
    value = p[0, 0] * p[1, 1] - p[0, 1] * p[1, 0]
    print(f"P = {p.round(6).tolist()}, RWC {value:.6f}  (test: 0.5 < RWC <= 1)")


def main():
    labels, rows = read()
    file_facts(labels, rows)
    lcc_modularity(labels, rows)
    ei_index(labels, rows)
    chambers(labels, rows)
    rwc(labels, rows)


if __name__ == "__main__":
    main()
