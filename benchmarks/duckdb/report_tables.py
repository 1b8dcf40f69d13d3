"""The performance report's tables from a JSON-lines call log, in DuckDB (Python): the side-by-side
for benchmarks/README.md. Usage: python report_tables.py LOG [RUNS]. Prints the wall time of each
run (read, every table computed and fetched) and their median. The SQL is report_tables.sql, which
ReportTables.java runs in a JVM."""
import pathlib
import statistics
import sys
import time

import duckdb

SQL = pathlib.Path(__file__).with_name("report_tables.sql").read_text()
# Statements end with a semicolon at the end of a line; comment lines are dropped.
STATEMENTS = [
    "\n".join(l for l in s.splitlines() if not l.lstrip().startswith("--")).strip()
    for s in SQL.split(";\n")
]
STATEMENTS = [s for s in STATEMENTS if s]


def run(log):
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(STATEMENTS[0], [log])
    for query in STATEMENTS[1:]:
        con.execute(query).fetchall()
    con.close()
    return time.perf_counter() - start


if __name__ == "__main__":
    log = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    times = [run(log) for _ in range(runs)]
    print("runs:", " ".join(f"{t:.2f}" for t in times), "s; median", f"{statistics.median(times):.2f} s")
