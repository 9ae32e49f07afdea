"""Great Expectations gates as blocking Dagster asset checks, one suite per layer.

Each check runs its suite through a GE checkpoint (the `expectations` library) on the
run's working warehouse and turns the outcome into check metadata: expectations
evaluated and failed, the failure messages (source, column, observed value), a
sample of failing rows and a link to the Data Docs. A failed blocking check stops
everything downstream in the run, so nothing bad reaches the published warehouse.
Row-level findings (one bad phone) are warnings: reported, never blocking.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from ingestion.presets import load_presets

from ..resources import WarehouseResource

MENTIONS = AssetKey(["intermediate", "int_customer_mentions"])
XREF = AssetKey(["marts", "customer_xref"])
MART_KEYS = [AssetKey(["marts", n]) for n in ("fct_orders", "fct_order_lines", "fct_interactions",
                                              "fct_feedback", "rpt_customer_value")]
RAW_KEYS = [AssetKey(["raw", p.name, r.name]) for p in load_presets().values() for r in p.roles]


def _validate(warehouse: WarehouseResource, suite: str, run_id: str, **params):
    from expectations import validate  # GE is slow to import: only when a check runs

    with warehouse.get_connection() as con:
        return validate(con, suite, run_id=run_id, **params)


def _metadata(outcome) -> dict:
    failures = outcome.failures
    meta = {
        "expectations_evaluated": outcome.n_evaluated,
        "expectations_failed": outcome.n_failed,
        "blocking_failed": outcome.n_blocking_failed,
        "warnings": outcome.n_warnings,
        "duration_s": round(outcome.duration_s, 2),
        "failures": MetadataValue.md("\n".join(f"- **{f.severity}** {f.message}" for f in failures) or "none"),
        "failing_rows_sample": MetadataValue.json([{"check": f.check_id, "sample": f.sample[:5]} for f in failures][:20]),
    }
    if outcome.data_docs_index:
        meta["data_docs"] = MetadataValue.url(outcome.data_docs_index)
    return meta


def _result(outcome, key: AssetKey | None = None) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key=key,
        passed=outcome.success,
        severity=AssetCheckSeverity.ERROR,
        metadata=_metadata(outcome),
        description=outcome.summary(limit=10),
    )


def _table_result(key: AssetKey, check_name: str, outcome, own: list) -> AssetCheckResult:
    """One table's share of a suite run: its own blocking failures decide, and their messages
    (source, column, observed value) are the description, so the UI and alerts show them first."""
    return AssetCheckResult(
        asset_key=key, check_name=check_name, passed=not own, severity=AssetCheckSeverity.ERROR,
        metadata={**_metadata(outcome),
                  "failures_for_this_table": MetadataValue.md("\n".join(f"- {f.message}" for f in own) or "none")},
        description="\n".join(f.message for f in own[:10]) if own else None,
    )


@multi_asset_check(
    specs=[AssetCheckSpec("ge_raw_suite", asset=k, blocking=True,
                          description="Raw suite: required columns, no file left unparsed, no collapsed export.")
           for k in RAW_KEYS],
    can_subset=False,
)
def ge_raw_suite(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    outcome = _validate(warehouse, "raw", context.run.run_id)
    for key in RAW_KEYS:
        source, role = key.path[1], key.path[2]
        table = f"raw.{source}__{role}"
        own = [f for f in outcome.blocking_failures if f.relation == table or (f.source == source and f.relation == "raw._ingested_files")]
        yield _table_result(key, "ge_raw_suite", outcome, own)


@asset_check(asset=MENTIONS, blocking=True, description="Staging suite: keys, validity shares per source, date ranges, enumerations.")
def ge_staging_suite(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    return _result(_validate(warehouse, "staging", context.run.run_id))


@asset_check(asset=XREF, blocking=True, description="Entity-resolution suite: every live mention once, cluster sizes, duplicate rate.")
def ge_entity_resolution_suite(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    return _result(_validate(warehouse, "entity_resolution", context.run.run_id))


@multi_asset_check(
    specs=[AssetCheckSpec("ge_marts_suite", asset=k, blocking=True,
                          description="Marts suite: keys unique, foreign keys resolve, amounts not negative, reports reconcile.")
           for k in MART_KEYS],
    can_subset=False,
)
def ge_marts_suite(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    outcome = _validate(warehouse, "marts", context.run.run_id)
    for key in MART_KEYS:
        relation = f"marts.{key.path[-1]}"
        own = [f for f in outcome.blocking_failures if f.relation == relation]
        yield _table_result(key, "ge_marts_suite", outcome, own)


gate_checks = [ge_raw_suite, ge_staging_suite, ge_entity_resolution_suite, ge_marts_suite]
