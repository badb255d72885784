#!/usr/bin/env python3
"""Generate data/reference/tied_dip.csv: samples with tied values and their dip by the reference.

The reference is the PyPI `diptest` package (the C code of R's `diptest`, AS 217 with
Maechler's fixes), called as `diptest.dipstat(x, allow_zero=False)`, the convention of R's
`dip(x)` (min.is.0 = FALSE: the smallest dip is 1/(2n)). Ties are the normal case for
chambers, whose overlaps are ratios of small integers, so the samples are:
  * normal and two-component mixtures rounded to one decimal (n = 1..80);
  * small integers 0..5 (heavy ties, n = 1..40);
  * Jaccard-like ratios k/m with m <= 8 (n = 2..40);
  * a few degenerate ones (all equal, two values, one value).
Each row: sample id, n, the dip, the modal interval's ends (values), and the sample itself,
space separated in Python's shortest round-trip notation. Asserted to 1e-12 by
crates/chambers-stats/tests/golden.rs `dip_of_tied_samples_equals_the_reference`.

Usage: python3 data/reference/tied_dip.py > data/reference/tied_dip.csv   (repository root)
"""
import diptest
import numpy as np


def samples():
    rng = np.random.default_rng(2025)
    out = [[5.0], [5.0, 5.0, 5.0], [0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0, 1.0],
           [1.0, 1.0, 2.0], [0.0, 0.5, 0.5, 0.5, 1.0, 1.0]]
    for i in range(24):
        n = 1 + (i * 7) % 80
        if i % 2 == 0:
            x = rng.normal(size=n)
        else:
            x = np.where(rng.random(n) < 0.5, rng.normal(-1.5, 0.6, n), rng.normal(1.5, 0.6, n))
        out.append(list(np.round(x, 1)))
    for i in range(16):
        n = 1 + (i * 5) % 40
        out.append([float(v) for v in rng.integers(0, 6, n)])
    for i in range(14):
        n = 2 + (i * 3) % 39
        m = rng.integers(1, 9, n)
        k = rng.integers(0, m + 1)
        out.append([float(a) / float(b) for a, b in zip(k, m)])
    return out


def main():
    print("sample,n,dip,modal_lower,modal_upper,values")
    for i, x in enumerate(samples()):
        x = np.sort(np.array(x, dtype=float))
        d, full = diptest.dipstat(x, full_output=True, allow_zero=False)
        vals = " ".join(repr(float(v)) for v in x)
        print(f"{i},{len(x)},{d!r},{float(full['xl'])!r},{float(full['xu'])!r},{vals}")


if __name__ == "__main__":
    main()
