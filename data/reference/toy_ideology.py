#!/usr/bin/env python3
"""The latent-ideology toy of docs/METHOD.md §10, by a dense numpy SVD of the CA residuals.

Edges user -> influencer (retweets). With 4 influencers and the user filter "at least 2
distinct influencers", u5 (one influencer) is dropped. The score is the first row standard
coordinate x_i = U_i1 / sqrt(r_i), min-max scaled to [-1, 1], with u3 on the positive side.
Expected: u1 -1.000, u2 -0.272, u3 +1.000, u4 +0.852 (up to a global sign before anchoring);
u5 projected as a supplementary user lands on the negative side, with u1.

Asserted by: crates/chambers-ideology/tests/golden.rs (toy_scores, to 5e-4) and
tests/integration/cli.rs (ideology_toy_through_the_command_line, 3 decimals).

Usage: python3 data/reference/toy_ideology.py   (from the repository root)
"""
from collections import defaultdict

import numpy as np

EDGES = [("u1", "I1", 3), ("u1", "I2", 1), ("u2", "I1", 1), ("u2", "I2", 2), ("u2", "I3", 1),
         ("u3", "I3", 2), ("u3", "I4", 2), ("u4", "I2", 1), ("u4", "I4", 3), ("u5", "I1", 1)]


def main():
    retweeters = defaultdict(set)
    for s, t, _ in EDGES:
        retweeters[t].add(s)
    influencers = sorted(retweeters, key=lambda v: (-len(retweeters[v]), v.encode()))[:4]
    per_user = defaultdict(dict)
    for s, t, w in EDGES:
        if t in influencers:
            per_user[s][t] = per_user[s].get(t, 0) + w
    users = sorted(u for u, row in per_user.items() if len(row) >= 2)
    dropped = sorted(set(per_user) - set(users))
    print(f"influencers {influencers}; users {users}; dropped {dropped}")
    a = np.array([[per_user[u].get(j, 0) for j in influencers] for u in users], dtype=float)
    p = a / a.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(s)
    print("singular values " + " ".join(f"{x:.6f}" for x in sigma))
    x = u[:, 0] / np.sqrt(r)
    y = vt[0] / np.sqrt(c)  # influencer standard coordinates
    if x[users.index("u3")] < 0:  # u3 anchors the positive side
        x, y = -x, -y
    scaled = 2 * (x - x.min()) / (x.max() - x.min()) - 1
    for name, raw, sc in zip(users, x, scaled):
        print(f"{name}: raw {raw:+.6f}  scaled {sc:+.3f}")
    # u5 as a supplementary row: x = sum_j (a_j / sum a) y_j / sigma_1 (it retweeted I1 only).
    x5 = y[influencers.index("I1")] / sigma[0]
    print(f"u5 (supplementary): raw {x5:+.6f}  scaled "
          f"{2 * (x5 - x.min()) / (x.max() - x.min()) - 1:+.3f}  (test: negative)")


if __name__ == "__main__":
    main()
