"""Freshness checks on the marts: on every mart asset, configured from the env, and they judge right."""

import time
from datetime import timedelta

import pytest
from dagster import (
    AssetCheckKey,
    AssetKey,
    AssetMaterialization,
    AssetSelection,
    DagsterInstance,
    Definitions,
    MetadataValue,
    define_asset_job,
)

from orchestration.assets.freshness import (
    DEFAULT_MAX_AGE_HOURS,
    ENV_MAX_AGE,
    build_marts_freshness_checks,
    mart_asset_keys,
    marts_max_age,
)
from orchestration.definitions import defs

ER_MARTS = {AssetKey(["marts", n]) for n in ("customer_xref", "dim_customers", "er_review_queue", "customer_id_history")}


def test_every_mart_asset_has_a_freshness_check_in_the_definitions():
    graph = defs.resolve_asset_graph()
    marts = {k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "marts"} | ER_MARTS
    assert AssetKey(["marts", "rpt_sales_funnel"]) in marts and AssetKey(["marts", "fct_orders"]) in marts
    checked = {ck.asset_key for ck in graph.asset_check_keys if ck.name == "freshness_check"}
    assert checked == marts == set(mart_asset_keys())
    assert "marts_freshness_sensor" in {s.name for s in defs.sensors}
    # judged between runs by the sensor, not inside the nightly build
    nightly = defs.resolve_job_def("nightly_refresh").asset_layer.asset_graph.asset_check_keys
    assert not {ck for ck in nightly if ck.name == "freshness_check"}


def test_max_age_comes_from_the_env(monkeypatch):
    monkeypatch.delenv(ENV_MAX_AGE, raising=False)
    assert marts_max_age() == timedelta(hours=DEFAULT_MAX_AGE_HOURS) == timedelta(hours=26)
    monkeypatch.setenv(ENV_MAX_AGE, "30.5")
    assert marts_max_age() == timedelta(hours=30, minutes=30)
    monkeypatch.setenv(ENV_MAX_AGE, "0")
    with pytest.raises(ValueError):
        marts_max_age()


def _evaluate(instance: DagsterInstance, checks) -> dict[str, bool]:
    """Run the freshness checks alone (as the sensor does) and return asset -> passed."""
    job = define_asset_job("marts_freshness", selection=AssetSelection.checks(*checks))
    local = Definitions(assets=defs.assets, asset_checks=checks, jobs=[job], resources=defs.resources,
                        executor=defs.executor)
    result = local.resolve_job_def("marts_freshness").execute_in_process(instance=instance)
    assert result.success
    return {e.asset_key.to_user_string(): e.passed for e in result.get_asset_check_evaluations()}


def test_checks_pass_after_a_fresh_materialization_and_fail_when_the_last_update_is_older(tmp_path):
    instance = DagsterInstance.from_config(str(tmp_path))  # a real, file-backed instance
    checks = build_marts_freshness_checks(timedelta(hours=26))
    # never materialized: overdue
    assert set(_evaluate(instance, checks).values()) == {False}

    for key in mart_asset_keys():
        instance.report_runless_asset_event(AssetMaterialization(key))
    fresh = _evaluate(instance, checks)
    assert len(fresh) == len(mart_asset_keys()) and all(fresh.values())

    # fct_orders last updated 27 h ago (as a materialization reporting its update time says)
    stale = AssetKey(["marts", "fct_orders"])
    old = time.time() - 27 * 3600
    instance.report_runless_asset_event(
        AssetMaterialization(stale, metadata={"dagster/last_updated_timestamp": MetadataValue.timestamp(old)}))
    outcome = _evaluate(instance, checks)
    assert outcome.pop("marts/fct_orders") is False
    assert all(outcome.values())
    # a longer allowed age accepts it
    assert _evaluate(instance, build_marts_freshness_checks(timedelta(hours=28)))["marts/fct_orders"] is True

    # every evaluation is recorded in the instance's check history, as the UI shows it
    key = AssetCheckKey(stale, "freshness_check")
    assert instance.event_log_storage.get_latest_asset_check_execution_by_key([key])[key].status.value == "SUCCEEDED"
