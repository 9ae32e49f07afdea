"""An analyst in a loop: `python -m tests.orchestration.reader OUT STOP DB [DB ...]`.

Run as its own process (DuckDB caches open databases per path within a process, so only
a separate process sees what a fresh analyst session sees). Each iteration opens every
DB afresh, read-only, and checks that the version it got is complete: the publish stamp
(`meta.publish_info`, `meta.publish_tables`) lists exactly the tables the file holds (the
analysts' copy: minus the raw schema it leaves out), and each table has the row count
stamped beside it. One JSON line per DB and iteration goes
to OUT (run id, tables, or the error); the loop ends when the file STOP exists.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from publish.atomic import ANALYST_SUFFIX
from publish.masking import EXCLUDED_SCHEMAS


def read_version(db: str) -> dict:
    """What one fresh read-only session sees in ``db``, and whether it is one complete version."""
    con = duckdb.connect(db, read_only=True)
    try:
        run_id, stamped = con.execute("SELECT run_id, row_counts FROM meta.publish_info").fetchone()
        listed = {f"{s}.{t}": n for s, t, n in con.execute("SELECT * FROM meta.publish_tables").fetchall()}
        present = {f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name <> 'meta'").fetchall()}
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sorted(present & set(listed))}
    finally:
        con.close()
    # the analysts' copy carries the full version's stamp but leaves the raw schema out by design
    left_out = EXCLUDED_SCHEMAS if Path(db).stem.endswith(ANALYST_SUFFIX) else frozenset()
    missing = sorted(t for t in set(listed) - present if t.split(".", 1)[0] not in left_out)
    problems = []
    if dict(stamped) != listed:
        problems.append("publish_info.row_counts differs from publish_tables")
    if missing or present - set(listed):
        problems.append(f"tables missing: {missing}, unlisted: {sorted(present - set(listed))}")
    problems += [f"{t}: {counts[t]} rows, stamped {listed[t]}" for t in counts if counts[t] != listed[t]]
    return {"run_id": run_id, "tables": len(present), "problems": problems}


def main(argv: list[str]) -> int:
    out, stop, dbs = Path(argv[0]), Path(argv[1]), argv[2:]
    with open(out, "a", encoding="utf-8") as fh:
        while not stop.exists():
            for db in dbs:
                started = time.time()
                try:
                    row = {"db": db, **read_version(db)}
                except Exception as exc:  # noqa: BLE001 - an error is what the test looks for
                    row = {"db": db, "error": f"{type(exc).__name__}: {exc}"}
                fh.write(json.dumps({"at": started, **row}) + "\n")
                fh.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
