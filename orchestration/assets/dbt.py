"""The dbt project as Dagster assets: staging, intermediate and marts models.

dbt sources map onto the raw assets (``raw/<source>/<role>``), so every model sits
downstream of exactly the raw tables it reads. Row counts are read after the dbt
run has released the DuckDB file (DuckDB allows one writing process at a time).
"""


from collections.abc import Iterator, Mapping
from typing import Any

import duckdb
from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from ..resources import WarehouseResource
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


def _build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator[Any]:
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    events = list(invocation.stream())
    relations = {}
    for event in events:
        if isinstance(event, Output):
            key = context.asset_key_for_output(event.output_name)
            relation = context.assets_def.specs_by_key[key].metadata.get("dagster/relation_identifier")
            if relation:
                relations[key] = str(relation)
    counts = _row_counts(warehouse, relations) if relations else {}  # after dbt released the file
    for event in events:
        if isinstance(event, Output):
            n = counts.get(context.asset_key_for_output(event.output_name))
            if n is not None:
                event = event.with_metadata({**event.metadata, "dagster/row_count": n})
        yield event
    if not invocation.is_successful():
        raise invocation.get_error() or RuntimeError("dbt build failed")


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
def dbt_staging_and_intermediate(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator[Any]:
    yield from _build(context, dbt, warehouse)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=CrmDbtTranslator(),
    project=dbt_project,
    select=_DOWNSTREAM_OF_ER,
    name="dbt_marts",
)
def dbt_marts(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator[Any]:
    yield from _build(context, dbt, warehouse)
