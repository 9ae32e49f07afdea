"""Nightly operation: the schedule, the new-export sensor and the failure alert."""

import json
import os
import urllib.request
from pathlib import Path

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    sensor,
)

from .jobs import nightly_refresh
from .settings import DEFAULT_LANDING_DIR, resolved

nightly_schedule = ScheduleDefinition(
    name="nightly_refresh_schedule",
    job=nightly_refresh,
    cron_schedule=os.environ.get("CRM_NIGHTLY_CRON", "0 2 * * *"),
    execution_timezone=os.environ.get("CRM_SCHEDULE_TIMEZONE", "Asia/Shanghai"),
    default_status=DefaultScheduleStatus.STOPPED,
    description="The nightly refresh (default 02:00 Asia/Shanghai; CRM_NIGHTLY_CRON, CRM_SCHEDULE_TIMEZONE).",
)


def export_folders(landing: Path) -> list[str]:
    """Every `<source>/<YYYY-MM-DD>` folder that has landed, sorted."""
    if not landing.is_dir():
        return []
    return sorted(f"{s.name}/{d.name}" for s in landing.iterdir() if s.is_dir() for d in s.iterdir() if d.is_dir())


@sensor(job=nightly_refresh, minimum_interval_seconds=300, default_status=DefaultSensorStatus.STOPPED)
def new_export_sensor(context: SensorEvaluationContext):
    """Start a refresh when a new export-date folder lands (the run key is the folder)."""
    seen = set(json.loads(context.cursor)) if context.cursor else set()
    folders = export_folders(Path(resolved("CRM_LANDING_DIR", DEFAULT_LANDING_DIR)))
    new = [f for f in folders if f not in seen]
    if not new:
        yield SkipReason("no new export-date folder")
        return
    context.update_cursor(json.dumps(folders))
    yield RunRequest(run_key="|".join(new), tags={"crm/new_exports": ",".join(new)[:200]})


@run_failure_sensor(default_status=DefaultSensorStatus.RUNNING)
def alert_on_failure(context: RunFailureSensorContext) -> None:
    """Log every failed run; also POST it to CRM_ALERT_WEBHOOK when that is set."""
    message = {"run_id": context.dagster_run.run_id, "job": context.dagster_run.job_name,
               "error": context.failure_event.message}
    context.log.error(f"CRM pipeline run failed: {message}")
    url = os.environ.get("CRM_ALERT_WEBHOOK")
    if url:
        req = urllib.request.Request(url, data=json.dumps(message).encode(), headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).close()
