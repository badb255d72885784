#!/usr/bin/env python3
"""Recovery of planted groups by `chambers analyze --groups-k K` (standard library only).

    chambers generate --groups 3 --users 20000 --edges 200000 --windows 4 --seed 1 --out g3.csv
    chambers analyze g3.csv --window 7d --groups-k 3 --out g3
    python3 scripts/planted_groups.py g3.labels.csv g3

Each found group is matched to the planted group holding most of its leaders. Prints the share
of leaders in their planted group (split accuracy), the mean P_g over windows of each group
(groups.csv), and for each group the share of its one-sided users (users.csv: in that group's
augmented echo chamber only) whose planted group is the matched one (AEC accuracy).
"""
import csv
import statistics
import sys
from collections import Counter, defaultdict


def main(labels_path, out):
    planted = {r["user"]: r["group"] for r in csv.DictReader(open(labels_path))}
    leaders = [r for r in csv.DictReader(open(f"{out}/leaders.csv")) if r["group"]]
    votes = defaultdict(Counter)
    for r in leaders:
        votes[r["group"]][planted[r["leader"]]] += 1
    match = {g: c.most_common(1)[0][0] for g, c in votes.items()}
    right = sum(match[r["group"]] == planted[r["leader"]] for r in leaders)
    print(f"groups found: {len(match)}; leaders assigned: {len(leaders)}; "
          f"split accuracy: {right / len(leaders):.3f}; matched: {dict(sorted(match.items()))}")
    p = defaultdict(list)
    for r in csv.DictReader(open(f"{out}/groups.csv")):
        if r["polarization"]:
            p[r["group"]].append(float(r["polarization"]))
    users = defaultdict(Counter)
    for r in csv.DictReader(open(f"{out}/users.csv")):
        if r["side"] in match:
            users[r["side"]][planted[r["user"]] == match[r["side"]]] += 1
    for g in sorted(match):
        n = users[g][True] + users[g][False]
        acc = users[g][True] / n if n else float("nan")
        print(f"group {g}: mean P_g {statistics.mean(p[g]):.3f} over {len(p[g])} windows; "
              f"AEC accuracy {acc:.3f} ({n} one-sided user-windows)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
