"""Small DuckDB helpers.

DuckDB 2.0 refuses further work on a connection while a result is still open, so
every read here fetches its whole result.
"""

from __future__ import annotations

from typing import Any

import duckdb


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> None:
    """Run a statement and drain its result."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    cur.fetchall()


def fetchall(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> list[tuple]:
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    return cur.fetchall()


def fetchone(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> tuple | None:
    rows = fetchall(con, sql, params)
    return rows[0] if rows else None


def arrow(con: duckdb.DuckDBPyConnection, sql: str):
    """Whole result as a pyarrow Table."""
    return con.sql(sql).to_arrow_table()


def df(con: duckdb.DuckDBPyConnection, sql: str):
    """Whole result as a pandas DataFrame."""
    return con.sql(sql).df()


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    cur = con.execute(f"select * from {relation} limit 0")
    cols = [d[0] for d in cur.description]
    cur.fetchall()
    return cols


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    try:
        columns(con, name)
        return True
    except duckdb.Error:
        return False


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A private working connection (no progress bar on stderr)."""
    con = duckdb.connect(database)
    execute(con, "set enable_progress_bar = false")
    return con
