#!/usr/bin/env python3
# Usage: python benches/checks/engine_only.py ENGINE_ONLY_FOLDER MEMORY_FOLDER (pyarrow).
# Compares the result folder of `chambers analyze --engine-only` (ENGINE) with the in-memory one
# written with --table-format parquet (MEMORY): every table the engine writes, schema and cells in
# order (pyarrow Table.equals), but for the windows columns it leaves empty; report.json's
# summary fields it keeps, leaders, grouping, aggregate, stability and the real bimodality.
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
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-12
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
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
print("not computed:", je["not_computed"])
print("ALL EQUAL" if ok else "SOME DIFFER")
sys.exit(0 if ok else 1)
