#!/usr/bin/env python3
"""The toy test vectors of docs/METHOD.md §10, recomputed with plain Python sets.

Edges source -> target (weight): who retweeted whom, how often. Leaders are given explicitly as
A, B, C; the exclusion set is the leaders only; groups {A, B} -> 1 and {C} -> 2; the scored
accounts are H and X. Printed: impacts, audiences, chambers, Jaccard and overlap coefficients,
P (and the exact mean of P over all label permutations), EC, stance scores and AEC for
eta = 0.2 and 0.5, with both coverages.

Asserted by: tests/integration/overlap.rs (toy_vectors_through_the_command_line,
toy_impacts_and_chambers_through_the_library), crates/chambers-stats/tests/golden.rs
(toy_polarization_and_baseline), crates/chambers-stats/src/polarization.rs (doctest),
crates/chambers-echo/src/analysis.rs (the METHOD.md §10 end-to-end unit test).

Usage: python3 data/reference/toy_vectors.py   (no third-party package needed)
"""
from itertools import combinations, permutations

EDGES = [("a1", "A", 2), ("a1", "X", 1), ("a2", "A", 1), ("a2", "B", 1), ("a2", "Y", 3),
         ("a3", "B", 1), ("a3", "X", 1), ("c1", "C", 1), ("c1", "Z", 1), ("c2", "C", 2),
         ("c2", "Z", 1), ("c2", "X", 1), ("h1", "H", 1), ("a1", "H", 1), ("a3", "H", 1),
         ("c1", "H", 1)]
LEADERS = ["A", "B", "C"]
GROUP = {"A": 1, "B": 1, "C": 2}
SCORED = ["H", "X"]


def fmt(s):
    return "{" + ",".join(sorted(s)) + "}"


def polarization(q, group):
    i = sum(q[u, v] for u in LEADERS for v in LEADERS if u != v and group[u] == group[v])
    e = sum(q[u, v] for u in LEADERS for v in LEADERS if u != v and group[u] != group[v])
    return i, e, (None if i + e == 0 else (i - e) / (i + e))


def main():
    impact, out, audience = {}, {}, {}
    for s, t, w in EDGES:
        impact[t] = impact.get(t, 0) + w
        out.setdefault(s, set()).add(t)
        audience.setdefault(t, set()).add(s)
    users = {s for s, _, _ in EDGES} | {t for _, t, _ in EDGES}
    print(f"|V| = {len(users)}")
    print("impact:", ", ".join(f"{u} {i}" for u, i in sorted(impact.items(), key=lambda x: (-x[1], x[0]))))
    excluded = set(LEADERS)
    chamber = {}
    for u in LEADERS:
        c = set().union(*(out[a] for a in audience[u])) - excluded - {u}
        chamber[u] = c
        print(f"audience {u} {fmt(audience[u])}  chamber {u} {fmt(c)}")
    q = {}
    for u, v in combinations(LEADERS, 2):
        inter = len(chamber[u] & chamber[v])
        jac = inter / len(chamber[u] | chamber[v]) if inter else 0.0
        oc = inter / min(len(chamber[u]), len(chamber[v])) if inter else 0.0
        q[u, v] = q[v, u] = jac
        print(f"{u}{v}: intersection {inter}, Jaccard {jac}, overlap coefficient {oc:.16g}")
    i, e, p = polarization(q, GROUP)
    print(f"groups {{A,B}} -> 1, {{C}} -> 2: I = {i}, E = {e}, P = {p}")
    labels = [GROUP[u] for u in LEADERS]
    ps = [polarization(q, dict(zip(LEADERS, perm)))[2] for perm in set(permutations(labels))]
    print(f"distinct label permutations: P = {sorted(ps)}, mean {sum(ps) / len(ps):.6f}")
    ec = {g: set().union(*(audience[u] | chamber[u] for u in LEADERS if GROUP[u] == g))
          for g in (1, 2)}
    print(f"EC_1 = {fmt(ec[1])}  EC_2 = {fmt(ec[2])}")
    scores = {}
    for h in SCORED:
        n1, n2 = len(audience[h] & ec[1]), len(audience[h] & ec[2])
        s = 0.0 if n1 + n2 == 0 else (n1 - n2) / (n1 + n2)
        scores[h] = s
        print(f"scored {h}: audience {fmt(audience[h])}, n1 = {n1}, n2 = {n2}, s = {s:.6f}")
    for eta in (0.2, 0.5):
        aec = {1: set(ec[1]), 2: set(ec[2])}
        for h in SCORED:  # scoring uses the un-augmented EC; only the audience joins
            if scores[h] > eta:
                aec[1] |= audience[h]
            elif scores[h] < -eta:
                aec[2] |= audience[h]
        both = aec[1] & aec[2]
        print(f"eta = {eta}: AEC_1 = {fmt(aec[1])}  AEC_2 = {fmt(aec[2])}  both = {fmt(both)}")
        print(f"  coverage (|AEC_1| + |AEC_2|)/|V| = {len(aec[1]) + len(aec[2])}/{len(users)}"
              f" = {(len(aec[1]) + len(aec[2])) / len(users):.6f}; union "
              f"{len(aec[1] | aec[2])}/{len(users)} = {len(aec[1] | aec[2]) / len(users):.6f}")


if __name__ == "__main__":
    main()
