"""The one Dagster `Definitions` of the CRM quality pipeline."""

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource

from .assets.dbt import dbt_marts, dbt_project, dbt_staging_and_intermediate
from .assets.entity_resolution import er_model, resolve_customers
from .assets.freshness import marts_freshness_checks, marts_freshness_sensor
from .assets.gates import gate_checks
from .assets.publish import data_quality_report, published_warehouse
from .assets.raw import raw_assets
from .jobs import nightly_refresh, retrain_entity_resolution
from .resources import EntityResolutionSettings, LandingZone, Publisher, RefreshMode, WarehouseResource
from .schedules import alert_on_failure, new_export_sensor, nightly_schedule
from .settings import (
    DEFAULT_BUILD_WAREHOUSE,
    DEFAULT_ER_DECISIONS,
    DEFAULT_ER_MODEL_DIR,
    DEFAULT_LANDING_DIR,
    DEFAULT_REPORTS_DIR,
    DEFAULT_WAREHOUSE,
    dbt_executable,
    env_int_or_default,
    env_or_default,
)

defs = Definitions(
    assets=[*raw_assets, dbt_staging_and_intermediate, resolve_customers, er_model, dbt_marts,
            data_quality_report, published_warehouse],
    asset_checks=[*gate_checks, *marts_freshness_checks],
    jobs=[nightly_refresh, retrain_entity_resolution],
    schedules=[nightly_schedule],
    sensors=[new_export_sensor, alert_on_failure, marts_freshness_sensor],
    resources={
        "warehouse": WarehouseResource(database=env_or_default("CRM_BUILD_WAREHOUSE", DEFAULT_BUILD_WAREHOUSE)),
        "landing": LandingZone(path=env_or_default("CRM_LANDING_DIR", DEFAULT_LANDING_DIR)),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        "er": EntityResolutionSettings(
            model_dir=env_or_default("CRM_ER_MODEL_DIR", DEFAULT_ER_MODEL_DIR),
            decisions_file=env_or_default("CRM_ER_DECISIONS", DEFAULT_ER_DECISIONS),
            charts_dir=str(DEFAULT_REPORTS_DIR / "entity_resolution"),
        ),
        "refresh": RefreshMode(full=env_int_or_default("CRM_FULL_REFRESH", 0)),
        "publisher": Publisher(
            published_db=env_or_default("CRM_WAREHOUSE", DEFAULT_WAREHOUSE),
            keep_backups=env_int_or_default("CRM_KEEP_BACKUPS", 7),
            reports_dir=str(DEFAULT_REPORTS_DIR),
        ),
    },
    executor=in_process_executor,
)
