"""Row counts of every table the run built, read from its build file.

The figures' "rows" come from the warehouse itself rather than from asset metadata:
the dbt assets carry no row counts in their materializations (see the report), and a
count straight from DuckDB is what a stage actually produced.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

LAYERS = ("raw", "staging", "intermediate", "marts")


def rows_by_table(build: Path) -> dict[str, int]:
    """``{"schema.table": rows}`` for the tables of the pipeline's layers (bookkeeping ``_*`` left out)."""
    with duckdb.connect(str(build), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            f"WHERE schema_name IN ({', '.join('?' for _ in LAYERS)}) AND NOT starts_with(table_name, '_')",
            list(LAYERS)).fetchall()
        counts = {}
        for schema, table in tables:
            counts[f"{schema}.{table}"] = int(con.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()[0])
    return counts


def rows_in(counts: dict[str, int], schema: str, *, exclude: tuple[str, ...] = ()) -> int:
    return sum(n for name, n in counts.items() if name.startswith(f"{schema}.") and name not in exclude)
