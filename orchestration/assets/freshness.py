"""Freshness checks on the marts: a mart not rebuilt within `CRM_MARTS_MAX_AGE_HOURS` fails.

The nightly refresh runs once a day; if it stops running (schedule off, a gate keeps
blocking, the machine was down), the marts analysts read silently age. One last-update
check per mart asset (the dbt marts and the tables entity resolution writes to `marts`)
fails, with ERROR severity, once the asset's latest materialization is older than the
allowed age (default 26 h: a day plus two hours of slack for a slow night).

Evaluated by `marts_freshness_sensor` (stopped by default, like the schedule and the
export sensor: switch it on in the UI), which launches the checks when their result can
have changed; they are not part of `nightly_refresh` (right after a build they pass by
construction). A check reads the run history only: no warehouse access.

Why checks and not `FreshnessPolicy`: Dagster 1.13 marks `build_last_update_freshness_checks`
as superseded by freshness policies, but a policy only yields a state computed by the
freshness daemon; a check yields a PASS/FAIL result with metadata (last update, overdue
since) in the same check history as the Great Expectations gates, which the alerting
and the tests read. The supersession warning is silenced here, once.
"""

import os
import warnings
from datetime import timedelta

from dagster import (
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    SensorDefinition,
    build_last_update_freshness_checks,
    build_sensor_for_freshness_checks,
)

from .dbt import dbt_marts, dbt_staging_and_intermediate
from .entity_resolution import resolve_customers

ENV_MAX_AGE = "CRM_MARTS_MAX_AGE_HOURS"
DEFAULT_MAX_AGE_HOURS = 26.0
MARTS_GROUP = "marts"


def marts_max_age() -> timedelta:
    """The allowed age of a mart, from `CRM_MARTS_MAX_AGE_HOURS` (hours, decimals allowed)."""
    raw = os.environ.get(ENV_MAX_AGE, "").strip()
    hours = float(raw) if raw else DEFAULT_MAX_AGE_HOURS
    if hours <= 0:
        raise ValueError(f"{ENV_MAX_AGE} must be a positive number of hours, got {raw!r}")
    return timedelta(hours=hours)


def mart_asset_keys() -> list[AssetKey]:
    """Every asset of the `marts` layer: dbt models in group marts plus the entity-resolution tables."""
    dbt_keys = [key for assets in (dbt_staging_and_intermediate, dbt_marts)
                for key, spec in assets.specs_by_key.items() if spec.group_name == MARTS_GROUP]
    er_keys = [key for key in resolve_customers.keys if key.path[0] == MARTS_GROUP]
    return sorted(set(dbt_keys) | set(er_keys), key=lambda k: k.to_user_string())


def build_marts_freshness_checks(max_age: timedelta | None = None) -> list[AssetChecksDefinition]:
    """One last-update freshness check per mart asset, failing (ERROR) beyond `max_age`."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*superseded.*")
        return list(build_last_update_freshness_checks(
            assets=mart_asset_keys(),
            lower_bound_delta=max_age or marts_max_age(),
            severity=AssetCheckSeverity.ERROR,
        ))


def build_marts_freshness_sensor(checks: list[AssetChecksDefinition]) -> SensorDefinition:
    """The sensor that evaluates `checks` (every 15 minutes at most, only when a result can change)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*superseded.*")
        return build_sensor_for_freshness_checks(
            freshness_checks=checks, name="marts_freshness_sensor", minimum_interval_seconds=15 * 60)


marts_freshness_checks = build_marts_freshness_checks()
marts_freshness_sensor = build_marts_freshness_sensor(marts_freshness_checks)
