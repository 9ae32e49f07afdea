"""The dbt project as Dagster assets: staging, intermediate and marts models.

dbt sources map onto the raw assets (``raw/<source>/<role>``), so every model sits
downstream of exactly the raw tables it reads. Row counts are read after the dbt
run has released the DuckDB file (DuckDB allows one writing process at a time).
"""


import os
from collections.abc import Iterator, Mapping
from typing import Any

import duckdb
from dagster import AssetExecutionContext, AssetKey, Failure, Output
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from ..lifeline import PARENT_ENV
from ..resources import RefreshMode, WarehouseResource
from ..settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

_LAYERS = ("staging", "intermediate", "marts")


class CrmDbtTranslator(DagsterDbtTranslator):
    """Sources are the raw assets; models are grouped by their layer folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            schema = dbt_resource_props["schema"]  # raw, or marts for entity resolution's outputs
            if dbt_resource_props["source_name"] == "ingestion":
                return AssetKey(["raw", dbt_resource_props["name"]])
            if schema == "raw":
                return AssetKey(["raw", dbt_resource_props["source_name"], dbt_resource_props["name"]])
            return AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        layer = next((part for part in fqn[1:] if part in _LAYERS), None)
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return layer or super().get_group_name(dbt_resource_props)


def _row_counts(warehouse: WarehouseResource, relations: dict[AssetKey, str]) -> dict[AssetKey, int]:
    counts: dict[AssetKey, int] = {}
    with warehouse.get_connection() as con:
        for key, relation in relations.items():
            try:
                counts[key] = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
            except duckdb.Error:
                continue
    return counts


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
           refresh: RefreshMode) -> Iterator[Any]:
    # dbt dies with this process if the run is killed (orchestration.dbt_lifeline, a dbt plugin)
    os.environ[PARENT_ENV] = str(os.getpid())
    args = ["build", "--full-refresh"] if refresh.is_full else ["build"]
    invocation = dbt.cli(args, context=context, raise_on_error=False)
    events = list(invocation.stream())
    relations = {}
    for event in events:
        if isinstance(event, Output):
            key = context.asset_key_for_output(event.output_name)
            table = context.assets_def.specs_by_key[key].metadata.get("dagster/table_name")
            if table:  # "<catalog at parse time>.<schema>.<table>": the catalog is the file's name, not ours
                relations[key] = ".".join(str(table).split(".")[-2:])
    counts = _row_counts(warehouse, relations) if relations else {}  # after dbt released the file
    for event in events:
        if isinstance(event, Output):
            n = counts.get(context.asset_key_for_output(event.output_name))
            if n is not None:
                event = event.with_metadata({**event.metadata, "dagster/row_count": n})
        yield event
    if not invocation.is_successful():
        failed_tests = _failed_tests_only(invocation)
        if failed_tests:
            # Data, not a hiccup: rerunning the same build on the same data fails the same way,
            # so the job's retry policy (meant for locked or half-copied files) must not apply.
            raise Failure(description=f"dbt tests failed: {', '.join(failed_tests[:20])}",
                          metadata={"failed_tests": failed_tests}, allow_retries=False)
        raise invocation.get_error() or RuntimeError("dbt build failed")


def _failed_tests_only(invocation) -> list[str]:
    """Names of the failed dbt tests when they are the only failures (no node errored), else []."""
    try:
        results = invocation.get_artifact("run_results.json").get("results", [])
    except Exception:  # noqa: BLE001 - no artifact: dbt died early, treat as an error
        return []
    if any(r.get("status") == "error" for r in results):
        return []
    return sorted(r["unique_id"].split(".")[2] for r in results if r.get("status") == "fail")


# Entity resolution (Python, Splink) sits between the two halves of the dbt project:
# everything up to int_customer_mentions, then the marts that read its crosswalk.
_DOWNSTREAM_OF_ER = "source:entity_resolution+"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=CrmDbtTranslator(),
    project=dbt_project,
    exclude=_DOWNSTREAM_OF_ER,
    name="dbt_staging_and_intermediate",
)
def dbt_staging_and_intermediate(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
                                 refresh: RefreshMode) -> Iterator[Any]:
    yield from _build(context, dbt, warehouse, refresh)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=CrmDbtTranslator(),
    project=dbt_project,
    select=_DOWNSTREAM_OF_ER,
    name="dbt_marts",
)
def dbt_marts(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
              refresh: RefreshMode) -> Iterator[Any]:
    yield from _build(context, dbt, warehouse, refresh)
