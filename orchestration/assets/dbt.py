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

from ..settings import DBT_PROJECT_DIR, DEFAULT_WAREHOUSE, resolved

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

_LAYERS = ("staging", "intermediate", "marts")


class CrmDbtTranslator(DagsterDbtTranslator):
    """Sources are the raw assets; models are grouped by their layer folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey(["raw", dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        layer = next((part for part in fqn[1:] if part in _LAYERS), None)
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return layer or super().get_group_name(dbt_resource_props)


def _row_counts(database: str, relations: dict[AssetKey, str]) -> dict[AssetKey, int]:
    counts: dict[AssetKey, int] = {}
    with duckdb.connect(database, read_only=True) as con:
        for key, relation in relations.items():
            try:
                counts[key] = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
            except duckdb.Error:
                continue
    return counts


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=CrmDbtTranslator(), project=dbt_project)
def crm_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    events = list(invocation.stream())
    outputs = [e for e in events if isinstance(e, Output)]
    relations = {}
    for event in outputs:
        key = context.asset_key_for_output(event.output_name)
        props = context.assets_def.specs_by_key[key].metadata
        relation = props.get("dagster/relation_identifier")
        if relation:
            relations[key] = str(relation)
    counts = _row_counts(resolved("CRM_WAREHOUSE", DEFAULT_WAREHOUSE), relations) if relations else {}
    for event in events:
        if isinstance(event, Output):
            n = counts.get(context.asset_key_for_output(event.output_name))
            if n is not None:
                event = event.with_metadata({**event.metadata, "dagster/row_count": n})
        yield event
    if not invocation.is_successful():
        raise invocation.get_error() or RuntimeError("dbt build failed")
