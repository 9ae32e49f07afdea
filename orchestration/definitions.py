"""The one Dagster `Definitions` of the CRM quality pipeline."""

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from .assets.dbt import dbt_marts, dbt_project, dbt_staging_and_intermediate
from .assets.entity_resolution import er_model, resolve_customers
from .assets.raw import raw_assets
from .jobs import nightly_refresh, retrain_entity_resolution
from .resources import EntityResolutionSettings, LandingZone
from .settings import (
    DEFAULT_ER_DECISIONS,
    DEFAULT_ER_MODEL_DIR,
    DEFAULT_LANDING_DIR,
    DEFAULT_REPORTS_DIR,
    DEFAULT_WAREHOUSE,
    dbt_executable,
    env_or_default,
)

defs = Definitions(
    assets=[*raw_assets, dbt_staging_and_intermediate, resolve_customers, er_model, dbt_marts],
    jobs=[nightly_refresh, retrain_entity_resolution],
    resources={
        "warehouse": DuckDBResource(database=env_or_default("CRM_WAREHOUSE", DEFAULT_WAREHOUSE)),
        "landing": LandingZone(path=env_or_default("CRM_LANDING_DIR", DEFAULT_LANDING_DIR)),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        "er": EntityResolutionSettings(
            model_dir=env_or_default("CRM_ER_MODEL_DIR", DEFAULT_ER_MODEL_DIR),
            decisions_file=env_or_default("CRM_ER_DECISIONS", DEFAULT_ER_DECISIONS),
            charts_dir=str(DEFAULT_REPORTS_DIR / "entity_resolution"),
        ),
    },
    executor=in_process_executor,
)
