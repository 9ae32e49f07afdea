"""Building blocks of the suites.

A suite module (``expectations/suites/<layer>.py``) turns the warehouse into one or more
*parts*. A part is one Great Expectations suite validated on one pandas frame by one
checkpoint. There are two kinds:

* **metrics** parts (most of them): dataset-level aggregates computed in DuckDB SQL
  (shares, duplicate counts, orphan counts, ratios) collected into a one-row frame, one
  column per metric, each validated by ``ExpectColumnMaxToBeBetween`` (its observed value
  is the metric). Nothing row-sized leaves DuckDB, so a suite costs the same at 10k and
  1M rows. Row-level findings are counted in SQL too; the failing rows themselves are
  fetched by a per-check ``sample_sql`` only when the check fails.
* **rows** parts: small relations (``raw._ingested_files``: one row per file) read into
  pandas with only the columns the suite declares, validated row by row by GE; failing
  rows come back from GE (``partial_unexpected_list`` / index list).

Every expectation carries ``meta`` the runner reports from: ``check_id``, ``severity``
(``blocking`` = dataset-level breach, ``warning`` = row-level flag that never blocks),
``relation``, ``column`` and ``source``; a failure message template names all three and
the observed value.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

BLOCKING = "blocking"
WARNING = "warning"
SEVERITIES = (BLOCKING, WARNING)


def q(identifier: str) -> str:
    """Quote one SQL identifier."""
    return '"' + str(identifier).replace('"', '""') + '"'


def qrel(relation: str) -> str:
    """Quote ``schema.table`` (or ``table``) for SQL."""
    return ".".join(q(p) for p in split_relation(relation))


def lit(value: Any) -> str:
    """A SQL literal for a str / number / date / None."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, decimal.Decimal)):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.replace(tzinfo=None).isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def split_relation(relation: str) -> tuple[str, ...]:
    parts = tuple(p.strip().strip('"') for p in relation.split("."))
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"not a relation name: {relation!r}")
    return parts


@dataclass
class Check:
    """One expectation plus what the runner needs to report it."""

    id: str
    expectation: Any  # a great_expectations Expectation (imported lazily by the builders)
    severity: str
    relation: str
    column: str | None
    source: str | None
    message: str  # failure message template (see runner.render_message)
    sample_sql: str | None = None  # metrics parts: failing rows, run only when the check fails
    row_message: str | None = None  # rows parts: template applied to each failing row
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Part:
    """One GE suite on one frame (see module doc)."""

    name: str  # GE suite / data asset / checkpoint name: "<layer>.<part>"
    relation: str  # the DuckDB relation it is about
    columns: tuple[str, ...]  # columns of that relation it reads
    kind: str  # "metrics" | "rows"
    frame: pd.DataFrame
    checks: list[Check]
    index_columns: tuple[str, ...] = ()
    rows_read: int = 0  # rows pulled out of DuckDB into pandas


class Warehouse:
    """Read-only helpers over a DuckDB connection (introspection, scalars, small reads)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._columns: dict[str, dict[str, str]] = {}

    def _lookup(self, relation: str) -> dict[str, str] | None:
        key = relation.lower()
        if key not in self._columns:
            parts = split_relation(relation)
            schema, name = (parts[-2] if len(parts) > 1 else "main"), parts[-1]
            rows = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?) ORDER BY ordinal_position",
                [schema, name],
            ).fetchall()
            self._columns[key] = {c: t for c, t in rows} if rows else None
        return self._columns[key]

    def exists(self, relation: str) -> bool:
        return self._lookup(relation) is not None

    def columns(self, relation: str) -> dict[str, str]:
        """Column name -> DuckDB type ({} when the relation does not exist)."""
        return dict(self._lookup(relation) or {})

    def has(self, relation: str, column: str) -> bool:
        return column in self.columns(relation)

    def scalar(self, sql: str, params: list | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def row(self, sql: str, params: list | None = None) -> dict[str, Any]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        values = cur.fetchone()
        return dict(zip(names, values)) if values is not None else {}

    def dicts(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A (small) result fully fetched into pandas."""
        return self.con.execute(sql, params or []).df()


def plain(value: Any) -> Any:
    """A JSON-friendly Python value (metrics and samples go into GE's JSON stores)."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return value.item()  # numpy scalar
        except (AttributeError, ValueError):
            return value
    return value


class MetricsPart:
    """Collects metrics and their bounds; ``build()`` gives the one-row Part."""

    def __init__(self, layer: str, name: str, relation: str, columns: Iterable[str] = ()):
        self.layer = layer
        self.name = f"{layer}.{name}"
        self.relation = relation
        self.columns = tuple(columns)
        self.metrics: dict[str, Any] = {}
        self.checks: list[Check] = []

    def add(
        self,
        check_id: str,
        value: Any,
        *,
        min_value: float | None = None,
        max_value: float | None = None,
        severity: str,
        relation: str | None = None,
        column: str | None,
        source: str | None,
        message: str,
        description: str,
        sample_sql: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        import great_expectations.expectations as gxe

        if check_id in self.metrics:
            raise ValueError(f"{self.name}: duplicate check id {check_id!r}")
        if severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}")
        if min_value is None and max_value is None:
            raise ValueError(f"{check_id}: give min_value and/or max_value")
        value = plain(value)
        if value is None:
            raise ValueError(f"{self.name}.{check_id}: metric is NULL; skip the check instead")
        self.metrics[check_id] = float(value) if isinstance(value, float) else value
        relation = relation or self.relation
        ctx = {k: plain(v) for k, v in (context or {}).items()}
        meta = {
            "check_id": check_id,
            "severity": severity,
            "layer": self.layer,
            "relation": relation,
            "column": column,
            "source": source,
            **({"context": ctx} if ctx else {}),
        }
        expectation = gxe.ExpectColumnMaxToBeBetween(
            column=check_id,
            min_value=min_value,
            max_value=max_value,
            meta=meta,
            description=f"[{severity}] {description}",
        )
        self.checks.append(
            Check(check_id, expectation, severity, relation, column, source, message, sample_sql, None, ctx)
        )

    def build(self) -> Part:
        frame = pd.DataFrame([self.metrics]) if self.metrics else pd.DataFrame()
        return Part(self.name, self.relation, self.columns, "metrics", frame, self.checks)


class RowsPart:
    """A small relation read into pandas and validated row by row."""

    def __init__(self, layer: str, name: str, relation: str, frame: pd.DataFrame,
                 columns: Iterable[str], index_columns: Iterable[str] = ()):
        self.layer = layer
        self.name = f"{layer}.{name}"
        self.relation = relation
        self.frame = frame
        self.columns = tuple(columns)
        self.index_columns = tuple(index_columns)
        self.checks: list[Check] = []

    def add(
        self,
        check_id: str,
        expectation_cls: Any,
        *,
        severity: str,
        column: str,
        source: str | None,
        message: str,
        row_message: str,
        description: str,
        **kwargs: Any,
    ) -> None:
        if severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}")
        meta = {"check_id": check_id, "severity": severity, "layer": self.layer,
                "relation": self.relation, "column": column, "source": source}
        expectation = expectation_cls(column=column, meta=meta, description=f"[{severity}] {description}", **kwargs)
        self.checks.append(Check(check_id, expectation, severity, self.relation, column, source,
                                 message, None, row_message))

    def build(self) -> Part:
        return Part(self.name, self.relation, self.columns, "rows", self.frame, self.checks,
                    self.index_columns, rows_read=len(self.frame))


@dataclass
class SuiteContext:
    """What a suite builder gets: the warehouse, the thresholds, the run's parameters."""

    wh: Warehouse
    cfg: dict[str, Any]
    as_of: dt.datetime  # "now" for not-in-the-future checks: naive UTC
    params: dict[str, Any]
    sample_size: int = 10
    notes: list[str] = field(default_factory=list)  # checks skipped and why (reported, never fail)

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.cfg.get(name) or {})

    def note(self, text: str) -> None:
        self.notes.append(text)


def require_relation(part: MetricsPart, ctx: SuiteContext, relation: str, columns: Iterable[str],
                     *, severity: str = BLOCKING, what: str | None = None) -> list[str] | None:
    """Add blocking checks that ``relation`` exists and has ``columns``.

    Returns the missing columns (``[]`` when all are there) or ``None`` when the relation
    itself is missing, so the caller can skip the checks that need them.
    """
    slug = relation.replace(".", "__")
    what = what or relation
    if not ctx.wh.exists(relation):
        part.add(f"exists__{slug}", 0, min_value=1, severity=severity, relation=relation, column=None,
                 source=relation, message="{relation}: relation does not exist (observed {observed} relations)",
                 description=f"{what} exists")
        return None
    have = ctx.wh.columns(relation)
    missing = [c for c in columns if c not in have]
    part.add(f"missing_columns__{slug}", len(missing), max_value=0, severity=severity, relation=relation,
             column=", ".join(missing) or None, source=relation,
             message="{relation}: {observed} required column(s) missing (column {column})",
             description=f"{what} has columns {', '.join(columns)}",
             context={"missing": missing})
    return missing
