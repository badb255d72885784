"""chambers in a notebook: the whole method on the sample data, in five lines, then a plot of
P(t) against its shuffled baseline (when matplotlib is installed).

    python examples/python/quickstart.py   # from the repository root, after installing chambers
"""

import chambers

edges = chambers.read("data/sample_weekly.csv", window="7d", window_start="2019-03-01")
result = chambers.analyze(edges)
print(edges)
print(
    f"polarization P = {result.summary['polarization']:.3f} "
    f"(shuffled baseline {result.summary['polarization_shuffled']:.3f}), "
    f"leaders per group {result.summary['group_sizes']}"
)
windows = result.windows().to_pandas()
print(windows[["window", "start", "polarization", "polarization_shuffled"]])
print(result.leaders().to_pandas().head())

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plot")
else:
    start = windows["start"].str.slice(0, 10)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(start, windows["polarization"], marker="o", label="P(t)")
    ax.plot(start, windows["polarization_shuffled"], marker=".", label="shuffled labels")
    ax.set_xlabel("window start")
    ax.set_ylabel("polarization")
    ax.tick_params(axis="x", rotation=45)
    ax.legend()
    fig.tight_layout()
    fig.savefig("polarization.png", dpi=120)
    print("wrote polarization.png")
