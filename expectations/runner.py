"""``validate(con, suite_name, **params) -> ValidationOutcome``: one layer's suite, one GE run.

    import duckdb
    from expectations import validate

    con = duckdb.connect("data/warehouse/crm.duckdb", read_only=True)
    outcome = validate(con, "staging", run_id="nightly-2024-08-26")
    if not outcome.success:            # a blocking expectation failed
        raise RuntimeError(outcome.summary())
    for w in outcome.warnings: ...     # row-level findings: flag, don't block

The suite module builds its parts from the warehouse (aggregates in DuckDB SQL; only small
relations are read into pandas, only the declared columns); each part is validated by a GE
Checkpoint with ``UpdateDataDocsAction`` in the file context under ``expectations/``; the
results come back as plain dataclasses with one message per failure naming the source, the
column and the observed value. Failing-row samples of aggregate checks are fetched from
DuckDB only for the checks that failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import shutil
import string
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from . import context as gxctx
from .config import load_thresholds
from .spec import BLOCKING, WARNING, Check, Part, SuiteContext, Warehouse, plain
from .suites import SUITES

RESULT_FORMAT_SAMPLE = 20  # GE partial_unexpected_count for rows parts


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's outcome."""

    suite: str  # layer: raw | staging | entity_resolution | marts
    part: str  # GE suite / checkpoint name, e.g. "staging.mentions"
    check_id: str
    expectation_type: str
    relation: str
    column: str | None
    source: str | None
    severity: str  # blocking | warning
    success: bool
    observed_value: Any  # the metric (metrics parts) or the number of failing rows (rows parts)
    expected: Any  # bounds / accepted set
    unexpected_count: int | None
    element_count: int | None
    sample: list[Any]  # failing rows / values (GE partial_unexpected_list or SQL sample)
    message: str

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING


@dataclass(frozen=True)
class ValidationOutcome:
    """One suite run. ``success`` = no blocking expectation failed (warnings never block)."""

    suite: str
    success: bool
    n_evaluated: int
    n_failed: int  # failed expectations, blocking + warning
    n_blocking_failed: int
    n_warnings: int  # failed warning expectations
    results: tuple[ExpectationResult, ...]
    data_docs_index: str | None  # file://.../expectations/uncommitted/data_docs/local_site/index.html
    data_docs_pages: tuple[str, ...]  # the validation pages of this run
    metrics: dict[str, Any]  # every metric computed (e.g. "duplicate_rate", shares), by check id
    notes: tuple[str, ...]  # checks skipped and why
    run_id: str
    as_of: str
    duration_s: float
    timings: dict[str, float]  # wall s: build (SQL + reads), ge (checkpoints + docs), samples; cpu s
    rows_read: dict[str, int]  # rows pulled into pandas, by part
    ge_success: bool = field(default=False)  # GE's own verdict (false as soon as a warning fails)

    @property
    def failures(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success]

    @property
    def blocking_failures(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity == BLOCKING]

    @property
    def warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity == WARNING]

    @property
    def messages(self) -> list[str]:
        return [f"[{r.severity}] {r.message}" for r in self.failures]

    def summary(self, limit: int = 20) -> str:
        head = (f"{self.suite}: {'PASSED' if self.success else 'FAILED'} - {self.n_evaluated} expectations, "
                f"{self.n_blocking_failed} blocking failure(s), {self.n_warnings} warning(s) "
                f"[{self.duration_s:.2f}s]")
        lines = [head] + [f"  {m}" for m in self.messages[:limit]]
        if len(self.messages) > limit:
            lines.append(f"  ... {len(self.messages) - limit} more")
        if self.data_docs_index:
            lines.append(f"  data docs: {self.data_docs_index}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serializable (for Dagster metadata / reports)."""
        d = asdict(self)
        d["results"] = [_jsonable(asdict(r)) for r in self.results]
        d["metrics"] = _jsonable(self.metrics)
        return d


def validate(
    con: duckdb.DuckDBPyConnection,
    suite_name: str,
    *,
    thresholds: str | Path | Mapping[str, Any] | None = None,
    run_id: str | None = None,
    as_of: dt.datetime | dt.date | str | None = None,
    gx_root: str | Path | None = None,
    data_docs: bool = True,
    **params: Any,
) -> ValidationOutcome:
    """Validate one layer (``raw``, ``staging``, ``entity_resolution``, ``marts``).

    Args:
        con: an open DuckDB connection to the warehouse (read-only is enough).
        suite_name: a key of ``expectations.suites.SUITES``.
        thresholds: another thresholds file, or a mapping deep-merged over
            ``expectations/thresholds.yml``.
        run_id: names the GE run (validation results and Data Docs pages); default ``adhoc``.
        as_of: "now" for the no-dates-in-the-future checks (default: current UTC time); pass
            the run's logical time for reproducible results.
        gx_root: another GE project dir (default ``expectations/``; tests use a tmp dir).
        data_docs: run ``UpdateDataDocsAction`` (default True).
        **params: suite parameters, e.g. ``previous_duplicate_rate`` for entity_resolution.
    """
    if suite_name not in SUITES:
        raise KeyError(f"unknown suite {suite_name!r}; one of {sorted(SUITES)}")
    started = time.perf_counter()
    cpu_started = time.process_time()
    cfg = load_thresholds(thresholds)
    as_of_dt = _as_of(as_of)
    ctx = SuiteContext(Warehouse(con), cfg, as_of_dt, dict(params), sample_size=int(cfg.get("sample_size", 10)))
    with _quiet(con):  # no DuckDB progress bar in logs
        parts = [p for p in SUITES[suite_name].build(ctx) if p.checks]
    t_build = time.perf_counter() - started

    run_name = run_id or "adhoc"
    t0 = time.perf_counter()
    results: list[tuple[Part, Check, Any]] = []
    pages: list[str] = []
    index = None
    ge_success = True
    if parts:
        with gxctx.locked(gx_root):
            context = gxctx.get_context(gx_root)
            for part in parts:
                part_results, page, ok = _run_part(context, part, run_name, data_docs)
                results.extend(part_results)
                ge_success &= ok
                if page:
                    pages.append(page)
            if data_docs:
                urls = context.get_docs_sites_urls(site_name=gxctx.SITE)
                index = gxctx.file_uri(urls[0]["site_url"]) if urls else None
            _prune(gxctx.uncommitted_dir(gx_root), [p.name for p in parts], int(cfg.get("retention_runs", 30)))
    t_ge = time.perf_counter() - t0

    t0 = time.perf_counter()
    with _quiet(con):
        out = [_result(suite_name, part, check, res, con, ctx.sample_size) for part, check, res in results]
    t_samples = time.perf_counter() - t0

    metrics = {}
    for p in parts:
        if p.kind == "metrics":
            metrics.update({k: plain(v) for k, v in p.frame.iloc[0].to_dict().items()})
    n_failed = sum(not r.success for r in out)
    n_block = sum(not r.success and r.severity == BLOCKING for r in out)
    return ValidationOutcome(
        suite=suite_name,
        success=n_block == 0,
        n_evaluated=len(out),
        n_failed=n_failed,
        n_blocking_failed=n_block,
        n_warnings=n_failed - n_block,
        results=tuple(out),
        data_docs_index=index,
        data_docs_pages=tuple(pages),
        metrics=metrics,
        notes=tuple(ctx.notes),
        run_id=run_name,
        as_of=as_of_dt.isoformat(),
        duration_s=time.perf_counter() - started,
        timings={"build": t_build, "ge": t_ge, "samples": t_samples,
                 "cpu": time.process_time() - cpu_started},
        rows_read={p.name: p.rows_read for p in parts},
        ge_success=ge_success and bool(parts),
    )


def validate_all(con: duckdb.DuckDBPyConnection, suites: tuple[str, ...] | None = None,
                 **kwargs: Any) -> dict[str, ValidationOutcome]:
    """Every suite in order (raw, staging, entity_resolution, marts)."""
    return {name: validate(con, name, **kwargs) for name in (suites or tuple(SUITES))}


# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Progress bar off for the suite's queries, the caller's setting restored after."""
    try:
        before = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    except duckdb.Error:
        before = None
    con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        if before is not None:
            con.execute(f"SET enable_progress_bar = {'true' if before else 'false'}")


def _as_of(value: dt.datetime | dt.date | str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _run_part(context: Any, part: Part, run_name: str, data_docs: bool) -> tuple[list, str | None, bool]:
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.core.run_identifier import RunIdentifier

    batch_definition = gxctx.batch_definition(context, part.name)
    # Suites are rebuilt from code every run: replace the stored objects instead of GE's
    # add_or_update, which matches every new expectation against every stored one (O(n^2),
    # seconds for a suite of ~100 expectations).
    for factory in (context.checkpoints, context.validation_definitions, context.suites):
        try:
            factory.delete(part.name)
        except Exception:  # noqa: BLE001 - not there yet
            pass
    suite = context.suites.add(
        gx.ExpectationSuite(
            name=part.name,
            expectations=[c.expectation for c in part.checks],
            meta={"relation": part.relation, "columns": list(part.columns), "kind": part.kind,
                  "built_by": f"expectations/suites/{part.name.split('.')[0]}.py"},
        )
    )
    vd = context.validation_definitions.add(gx.ValidationDefinition(name=part.name, data=batch_definition, suite=suite))
    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": RESULT_FORMAT_SAMPLE}
    if part.index_columns:
        result_format["unexpected_index_column_names"] = list(part.index_columns)
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=part.name,
            validation_definitions=[vd],
            actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[gxctx.SITE])] if data_docs else [],
            result_format=result_format,
        )
    )
    run_time = dt.datetime.now(dt.timezone.utc)
    res = checkpoint.run(batch_parameters={"dataframe": part.frame},
                         run_id=RunIdentifier(run_name=run_name, run_time=run_time))
    by_id = {c.id: c for c in part.checks}
    out = []
    page = None
    for identifier, suite_result in res.run_results.items():
        for r in suite_result.results:
            check = by_id.get((r.expectation_config.meta or {}).get("check_id"))
            if check is not None:
                out.append((part, check, r))
        if data_docs:
            urls = context.get_docs_sites_urls(resource_identifier=identifier, site_name=gxctx.SITE)
            page = gxctx.file_uri(urls[0]["site_url"]) if urls else None
    return out, page, bool(res.success)


def _result(suite: str, part: Part, check: Check, r: Any, con: duckdb.DuckDBPyConnection,
            sample_size: int) -> ExpectationResult:
    cfg = r.expectation_config
    kwargs = dict(cfg.kwargs)
    res = dict(r.result or {})
    exc = r.exception_info or {}
    raised = bool(exc.get("raised_exception")) if isinstance(exc, dict) else False
    success = bool(r.success) and not raised
    lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
    expected: Any = kwargs.get("value_set")
    if expected is None:
        if lo is not None and hi is not None:
            expected = lo if lo == hi else [lo, hi]
        else:
            expected = hi if hi is not None else lo
    if part.kind == "metrics":
        observed = plain(res.get("observed_value"))
        unexpected = None
        sample: list[Any] = []
        if not success and check.sample_sql:
            sample = _sample(con, check.sample_sql, sample_size)
    else:
        unexpected = res.get("unexpected_count")
        observed = unexpected
        index_rows = res.get("partial_unexpected_index_list") or []
        sample = [_jsonable(row) for row in index_rows] or [_jsonable(v) for v in res.get("partial_unexpected_list") or []]
    fields = {
        "observed": observed,
        "min": lo,
        "max": hi,
        "expected": expected,
        "relation": check.relation,
        "column": check.column or "-",
        "unexpected_count": unexpected,
        "element_count": res.get("element_count"),
        **check.context,
    }
    fields["source"] = check.source or _sample_sources(sample) or check.relation
    fields["sample"] = _fmt_sample(sample)
    if success:
        desc = (getattr(check.expectation, "description", None) or check.id).split("] ", 1)[-1]
        message = f"ok: {desc} (observed {_fmt(observed)})"
    elif raised:
        message = (f"{fields['source']}: {check.id} could not be evaluated: "
                   f"{exc.get('exception_message')} (column {fields['column']})")
    elif part.kind == "rows" and not success and sample and check.row_message:
        shown = [_render(check.row_message, {**fields, **row, "source_system": row.get("source_system", "?")})
                 for row in sample[:3] if isinstance(row, dict)]
        more = (unexpected or 0) - len(shown)
        message = "; ".join(shown) + (f" (+{more} more)" if more > 0 else "")
    else:
        message = _render(check.message, fields)
    return ExpectationResult(
        suite=suite,
        part=part.name,
        check_id=check.id,
        expectation_type=cfg.type,
        relation=check.relation,
        column=check.column,
        source=check.source or _sample_sources(sample),
        severity=check.severity,
        success=success,
        observed_value=observed,
        expected=_jsonable(expected),
        unexpected_count=unexpected,
        element_count=res.get("element_count"),
        sample=sample,
        message=message,
    )


def _sample(con: duckdb.DuckDBPyConnection, sql: str, limit: int) -> list[dict[str, Any]]:
    try:
        cur = con.execute(f"SELECT * FROM ({sql}) LIMIT {int(limit)}")
        names = [d[0] for d in cur.description]
        return [{n: plain(v) for n, v in zip(names, row)} for row in cur.fetchall()]
    except duckdb.Error as exc:  # a sample is a courtesy; never hide the failure itself
        return [{"sample_error": str(exc).splitlines()[0]}]


def _sample_sources(sample: list[Any]) -> str | None:
    srcs: list[str] = []
    for row in sample:
        if isinstance(row, dict) and row.get("source_system"):
            for s in str(row["source_system"]).split(", "):
                if s not in srcs:
                    srcs.append(s)
    return ", ".join(srcs) or None


def _fmt(value: Any) -> str:
    value = plain(value)
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) >= 1:
            return str(int(value))
        return f"{value:.2f}" if value == 0 or abs(value) >= 0.01 else f"{value:.2g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def _fmt_sample(sample: list[Any], n: int = 3) -> str:
    if not sample:
        return "-"
    shown = []
    for row in sample[:n]:
        if isinstance(row, dict):
            items = [(k, v) for k, v in row.items() if k != "source_system" or len(row) == 1]
            shown.append(repr(_fmt(items[0][1])) if len(items) == 1 else
                         "(" + ", ".join(f"{k}={_fmt(v)!r}" for k, v in items) + ")")
        else:
            shown.append(repr(_fmt(row)))
    return ", ".join(shown) + (", ..." if len(sample) > n else "")


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(template: str, fields: Mapping[str, Any]) -> str:
    values = _Fields({k: _fmt(v) for k, v in fields.items()})
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, IndexError, KeyError):
        return template + " " + repr(dict(values))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return plain(value)


def _prune(uncommitted: Path, part_names: list[str], keep: int) -> None:
    """Keep the newest ``keep`` runs of each part's validation results and docs pages."""
    if keep <= 0:
        return
    for name in part_names:
        rel = Path(*name.split("."))
        for base in (uncommitted / "validations" / rel, uncommitted / "data_docs" / gxctx.SITE / "validations" / rel):
            if not base.is_dir():
                continue
            runs = sorted(
                (p for run_dir in base.iterdir() if run_dir.is_dir() for p in run_dir.iterdir() if p.is_dir()),
                key=lambda p: p.name,  # run_time dirs: 20240826T120000.000000Z sort chronologically
            )
            for old in runs[:-keep]:
                shutil.rmtree(old, ignore_errors=True)
            for run_dir in base.iterdir():
                if run_dir.is_dir() and not any(run_dir.iterdir()):
                    run_dir.rmdir()
