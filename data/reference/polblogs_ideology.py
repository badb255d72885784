#!/usr/bin/env python3
"""Recompute the latent-ideology golden values on polblogs (dense numpy SVD of the CA residuals).

Reproduces crates/chambers-ideology/tests/golden.rs, polblogs_golden, and the data/README.md fact
"first two non-trivial CA singular values 0.848373 and 0.526908":
  * influencers = the 50 blogs with the most distinct in-neighbours (self-loops dropped; ties by
    id as text, byte order); users = sources that link to >= 2 distinct influencers
    (790 users, 50 influencers); A_ij = number of link rows from i to j (duplicates summed);
  * correspondence analysis: P = A / sum A, r = P 1, c = P^T 1,
    S = D_r^-1/2 (P - r c^T) D_c^-1/2 = U diag(sigma) V^T;
  * score x_i = U_i1 / sqrt(r_i), signed so that more conservative blogs (value 1) are positive
    than the reverse, min-max scaled to [-1, 1];
  * agreement of the sign with the labels: 0.965 for the scaled score, 0.957 for the raw
    coordinate (the test allows +-0.001).

Usage: python3 data/reference/polblogs_ideology.py   (from the repository root)
"""
import csv
import os
from collections import defaultdict

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def main():
    with open(os.path.join(DATA, "polblogs_nodes.csv"), newline="") as f:
        labels = {r["id"]: int(r["value"]) for r in csv.DictReader(f)}
    with open(os.path.join(DATA, "polblogs_edges.csv"), newline="") as f:
        rows = [(r["source"], r["target"]) for r in csv.DictReader(f)]
    rows = [(s, t) for s, t in rows if s != t]  # self-retweets dropped by default
    retweeters = defaultdict(set)
    count = defaultdict(int)
    for s, t in rows:
        retweeters[t].add(s)
        count[(s, t)] += 1
    ranked = sorted(retweeters, key=lambda v: (-len(retweeters[v]), v.encode()))
    influencers = ranked[:50]
    print(f"50th / 51st influencer distinct retweeters: {len(retweeters[ranked[49]])} / "
          f"{len(retweeters[ranked[50]])}")
    col = {v: j for j, v in enumerate(influencers)}
    per_user = defaultdict(set)
    for s, t in rows:
        if t in col:
            per_user[s].add(t)
    users = sorted(u for u, inf in per_user.items() if len(inf) >= 2)
    print(f"accounts linking to an influencer: {len(per_user)}; users (>= 2 influencers): "
          f"{len(users)}")
    a = np.zeros((len(users), len(influencers)))
    for i, u in enumerate(users):
        for t in per_user[u]:
            a[i, col[t]] = count[(u, t)]
    keep = a.sum(axis=0) > 0
    a = a[:, keep]
    print(f"matrix {a.shape[0]} x {a.shape[1]}, cells {np.count_nonzero(a)}, sum {a.sum():.0f}")
    p = a / a.sum()
    r = p.sum(axis=1)
    c = p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, _ = np.linalg.svd(s, full_matrices=False)
    inertia = (sigma ** 2).sum()
    print(f"singular values sigma1 {sigma[0]:.9f} (test: 0.848373), sigma2 {sigma[1]:.9f} "
          f"(test: 0.526908), sigma3 {sigma[2]:.6f}")
    print(f"inertia shares {sigma[0] ** 2 / inertia:.6f} {sigma[1] ** 2 / inertia:.6f}")
    x = u[:, 0] / np.sqrt(r)
    lab = np.array([labels[v] for v in users])
    # Orientation: conservative (1) positive, liberal (0) negative, by majority.
    agree_pos = np.sum((x > 0) & (lab == 1)) + np.sum((x < 0) & (lab == 0))
    agree_neg = np.sum((x < 0) & (lab == 1)) + np.sum((x > 0) & (lab == 0))
    if agree_neg > agree_pos:
        x = -x
    scaled = 2 * (x - x.min()) / (x.max() - x.min()) - 1
    print(f"weighted mean {np.dot(r, x):.2e}, weighted variance {np.dot(r, x * x):.6f} "
          f"(standard coordinates: 0 and 1)")
    for name, score in (("scaled", scaled), ("raw", x)):
        share = np.mean((score > 0) == (lab == 1))
        want = {"scaled": 0.965, "raw": 0.957}[name]
        print(f"agreement, {name} split at 0: {share:.6f}  (test: {want} +- 0.001)")


if __name__ == "__main__":
    main()
