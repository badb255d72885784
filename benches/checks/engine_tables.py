"""Compares the output of the `engine_analysis` example (OUT/ and its printed windows, saved
as OUT.csv) with `chambers analyze --table-format parquet` of the same events (MEM/): the two
per-user tables schema and cell by cell, in order, and each window's P(t), shuffled P(t), coverage
(to the six printed decimals), users in several AECs and active leaders. Needs pyarrow.

Usage: python3 benches/checks/engine_tables.py OUT MEM
"""
import csv, sys
import pyarrow.parquet as pq
eo, mo = sys.argv[1], sys.argv[2]
for name in ["users", "echo_chambers"]:
    e, m = pq.read_table(f"{eo}/{name}.parquet"), pq.read_table(f"{mo}/{name}.parquet")
    assert e.schema.equals(m.schema), (name, e.schema, m.schema)
    assert e.equals(m), name
    print(f"{name}: {e.num_rows} rows, schema and every cell equal")
w = pq.read_table(f"{mo}/windows.parquet").to_pylist()
rows = list(csv.DictReader(open(f"{eo}.csv")))
assert len(rows) == len(w)
n = 0
for r, m in zip(rows, w):
    for col in ["polarization", "polarization_shuffled", "coverage"]:
        a, b = r[col], m[col]
        if a == "" or b is None:
            assert a == "" and b is None, (col, r, m)
        else:
            assert abs(float(a) - b) <= 5e-7, (col, a, b)
            n += 1
    assert int(r["aec_both"]) == m["aec_both"], (r, m)
    assert int(r["active_leaders"]) == m["active_leaders"], (r, m)
print(f"windows: {len(rows)}, {n} values equal to the printed 6 decimals, aec_both and active leaders equal")
