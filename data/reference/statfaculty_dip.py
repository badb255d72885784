#!/usr/bin/env python3
"""Recompute the dip-test golden values with the PyPI `diptest` package (used, not copied).

Reproduces crates/chambers-stats/tests/golden.rs (dip_of_hartigan_example, dip_of_statfaculty,
dip_p_value_of_statfaculty), tests/integration/cli.rs (bimodality_of_the_statfaculty_sample) and
the data/README.md note on data/statfaculty.csv:
  * dip of 1..10 and 100..110 = 0.2164502;
  * dip of the 63 statfaculty scores = 0.0595238;
  * p-value of the statfaculty dip under the uniform null ~ 0.087 (the tests draw 4,000
    Monte-Carlo samples; the Rust test accepts |p - 0.087| < 3 SE + 0.005, the CLI test < 0.015).
The p-value is shown three ways: diptest's interpolated table, diptest's own bootstrap, and a
plain Monte-Carlo loop here (uniform samples of the same size, fraction with dip >= observed).

Usage: python3 data/reference/statfaculty_dip.py   (from the repository root)
"""
import csv
import os

import diptest
import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def main():
    x = np.array([float(v) for v in range(1, 11)] + [float(v) for v in range(100, 111)])
    print(f"dip(1..10 u 100..110) = {diptest.dipstat(x):.7f}  (test: 0.2164502)")
    with open(os.path.join(DATA, "statfaculty.csv"), newline="") as f:
        s = np.array([float(r["score"]) for r in csv.DictReader(f)])
    d = diptest.dipstat(s)
    print(f"statfaculty: n = {len(s)}, dip = {d:.7f}  (test: 0.0595238)")
    _, p_table = diptest.diptest(s)
    print(f"p-value, diptest interpolated table: {p_table:.4f}")
    _, p_boot = diptest.diptest(s, boot_pval=True, n_boot=100_000, seed=1, n_threads=1)
    print(f"p-value, diptest bootstrap (100,000 uniform samples, seed 1): {p_boot:.4f}")
    rng = np.random.default_rng(1)
    reps = 4000
    sims = np.array([diptest.dipstat(rng.uniform(size=len(s))) for _ in range(reps)])
    p = np.mean(sims >= d)
    se = np.sqrt(p * (1 - p) / reps)
    print(f"p-value, Monte-Carlo here ({reps} uniform samples, numpy seed 1): {p:.4f} +- {se:.4f}"
          f"  (test: 0.087)")


if __name__ == "__main__":
    main()
