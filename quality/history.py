"""Nightly flat metrics in ``quality.score_history`` and the last N runs back for trends.

Table (created when missing)::

    quality.score_history(run_id VARCHAR, scored_at TIMESTAMP, metric VARCHAR, value DOUBLE)

one row per run and metric (``QualityScores.flat_metrics()``). ``scored_at`` is stored as
a naive UTC timestamp (an aware datetime is converted to UTC; a naive one is taken as is).
Saving a run id again replaces that run's rows (a re-run of the same night).

``load_history`` returns, oldest first, ``[{"run_id", "scored_at", "metrics": {metric: value}}]``
- the ``history`` argument of :func:`quality.report.write_report`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from .scores import QualityScores

__all__ = ["HISTORY_TABLE", "ensure_history_table", "load_history", "save_history"]

HISTORY_TABLE = "quality.score_history"


def _rel(table: str) -> str:
    schema, _, name = table.rpartition(".")
    schema = schema or "main"
    return '"' + schema.replace('"', '""') + '"."' + name.replace('"', '""') + '"', schema


def ensure_history_table(con: duckdb.DuckDBPyConnection, table: str = HISTORY_TABLE) -> None:
    rel, schema = _rel(table)
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema.replace(chr(34), chr(34) * 2)}"')
    con.execute(f"CREATE TABLE IF NOT EXISTS {rel} "
                "(run_id VARCHAR NOT NULL, scored_at TIMESTAMP NOT NULL, metric VARCHAR NOT NULL, value DOUBLE)")


def _utc_naive(ts: dt.datetime) -> dt.datetime:
    if ts.tzinfo is not None:
        return ts.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return ts


def save_history(
    con: duckdb.DuckDBPyConnection,
    scores: "QualityScores | Mapping[str, float]",
    run_id: str | None = None,
    scored_at: dt.datetime | None = None,
    table: str = HISTORY_TABLE,
) -> int:
    """Store one run's flat metrics; returns the number of metric rows written.

    ``scores`` is a :class:`QualityScores` (its ``as_of`` is the default ``scored_at``) or a
    plain ``{metric: value}`` mapping (then ``scored_at`` is required). ``run_id`` defaults to
    ``scored_at`` in ISO format. NaN values are stored as NULL.
    """
    if isinstance(scores, Mapping):
        metrics = dict(scores)
        if scored_at is None:
            raise ValueError("scored_at is required when saving a plain metrics mapping")
    else:
        metrics = scores.flat_metrics()
        scored_at = scored_at or scores.as_of
    ts = _utc_naive(scored_at)
    run = run_id or ts.isoformat()
    rows = [(run, ts, str(k), None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v))
            for k, v in sorted(metrics.items())]
    ensure_history_table(con, table)
    rel, _ = _rel(table)
    own = _begin(con)
    try:
        con.execute(f"DELETE FROM {rel} WHERE run_id = ?", [run])
        if rows:
            con.executemany(f"INSERT INTO {rel} VALUES (?, ?, ?, ?)", rows)
        if own:
            con.execute("COMMIT")
    except BaseException:
        if own:
            con.execute("ROLLBACK")
        raise
    return len(rows)


def _begin(con: duckdb.DuckDBPyConnection) -> bool:
    """Open a transaction unless the caller already has one (then theirs covers us)."""
    try:
        con.execute("BEGIN TRANSACTION")
        return True
    except duckdb.TransactionException:
        return False


def load_history(
    con: duckdb.DuckDBPyConnection,
    last_n: int = 30,
    table: str = HISTORY_TABLE,
    before: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """The last ``last_n`` runs (by ``scored_at``), oldest first; [] when the table is missing.

    ``before``: only runs scored strictly before this instant (e.g. to leave tonight out).
    """
    rel, schema = _rel(table)
    name = table.rpartition(".")[2]
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
                         "AND table_schema = ? AND table_name = ?", [schema, name]).fetchall()[0][0]
    if not exists or last_n <= 0:
        return []
    where, params = "", []
    if before is not None:
        where, params = "WHERE scored_at < ?", [_utc_naive(before)]
    runs = con.execute(
        f"SELECT run_id, max(scored_at) AS t FROM {rel} {where} GROUP BY run_id ORDER BY t DESC, run_id DESC LIMIT ?",
        [*params, int(last_n)]).fetchall()
    if not runs:
        return []
    ids = [r for r, _ in runs]
    got = con.execute(f"SELECT run_id, metric, value FROM {rel} WHERE run_id IN (SELECT unnest(?)) "
                      "ORDER BY run_id, metric", [ids]).fetchall()
    metrics: dict[str, dict[str, float]] = {r: {} for r in ids}
    for run, metric, value in got:
        metrics[run][metric] = float("nan") if value is None else float(value)
    return [{"run_id": run, "scored_at": t, "metrics": metrics[run]} for run, t in reversed(runs)]
