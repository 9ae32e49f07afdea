"""The one Dagster `Definitions` of the CRM quality pipeline."""

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from .assets.dbt import crm_dbt_models, dbt_project
from .assets.raw import raw_assets
from .jobs import nightly_refresh
from .resources import LandingZone
from .settings import DEFAULT_LANDING_DIR, DEFAULT_WAREHOUSE, dbt_executable, env_or_default

defs = Definitions(
    assets=[*raw_assets, crm_dbt_models],
    jobs=[nightly_refresh],
    resources={
        "warehouse": DuckDBResource(database=env_or_default("CRM_WAREHOUSE", DEFAULT_WAREHOUSE)),
        "landing": LandingZone(path=env_or_default("CRM_LANDING_DIR", DEFAULT_LANDING_DIR)),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    },
    executor=in_process_executor,
)
