#!/usr/bin/env python3
# Usage: python benches/checks/engine_only.py ENGINE_ONLY_FOLDER MEMORY_FOLDER (pyarrow).
# Compares the result folder of `chambers analyze --engine-only` (ENGINE) with the in-memory one
# written with --table-format parquet (MEMORY): every table the engine writes, schema and cells in
# order (pyarrow Table.equals), but for the windows columns it leaves empty; report.json's
# summary fields it keeps, leaders, grouping, aggregate, stability, the real bimodality and
# the windows' flags, all exactly.
import json, math, os, sys
import pyarrow.parquet as pq
engine, memory = sys.argv[1], sys.argv[2]
left_out = {"polarization_null", "modularity_null", "flags", "ideology_accuracy", "ideology_precision",
            "ideology_recall", "ideology_f1", "ideology_faulty", "ideology_one_side_accuracy"}
ok = True
for f in sorted(os.listdir(engine)):
    if not f.endswith(".parquet"):
        continue
    e, m = pq.read_table(os.path.join(engine, f)), pq.read_table(os.path.join(memory, f))
    cols = [c for c in m.column_names if not (f == "windows.parquet" and c in left_out)]
    same = e.schema == m.schema and e.select(cols).equals(m.select(cols))
    ok &= same
    print(f"{f}: {e.num_rows} rows, {'equal' if same else 'DIFFERENT'}")
je = json.load(open(os.path.join(engine, "report.json")))
jm = json.load(open(os.path.join(memory, "report.json")))
def close(a, b):
    # Exactly: the engine's figures come from the same functions on the same counts.
    return a == b
for k, v in je["summary"].items():
    if k == "sd":
        continue
    if not close(v, jm["summary"][k]):
        ok = False
        print("summary differs:", k, v, jm["summary"][k])
for key in ["leaders", "grouping", "aggregate", "stability"]:
    if not close(je[key], jm[key]):
        ok = False
        print("differs:", key)
if not close(je["bimodality"]["real"], jm["bimodality"]["real"]):
    ok = False
    print("differs: bimodality.real")
# The windows' flags: memory's, less the one that needs the latent ideology.
for we, wm in zip(je["windows"], jm["windows"]):
    if we["flags"] != [f for f in wm["flags"] if f != "ideology-disconnected"]:
        ok = False
        print("flags differ in window", we["window"], we["flags"], wm["flags"])
print("not computed:", je["not_computed"])
print("ALL EQUAL" if ok else "SOME DIFFER")
sys.exit(0 if ok else 1)
