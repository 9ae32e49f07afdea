"""Run the project's real jobs in this process, every path private to one bench run.

The bench must not touch the developer's warehouse, Dagster history or saved models:
the build, published file, reports, DAGSTER_HOME and (for retraining) the model
directory all live under one run folder. ``tests/pipeline.py`` uses the same wiring.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from dagster import DagsterInstance, Definitions, ExecuteInProcessResult
from dagster_dbt import DbtCliResource

from orchestration.settings import DEFAULT_ER_DECISIONS, DEFAULT_ER_MODEL_DIR, PROJECT_ROOT, dbt_executable


@dataclass
class RunPaths:
    """Everything one bench run writes, under ``root``."""

    root: Path
    build: Path = field(init=False)
    published: Path = field(init=False)
    reports: Path = field(init=False)
    dagster_home: Path = field(init=False)
    models: Path = field(init=False)  # where retraining saves its model, never the project's folder

    def __post_init__(self) -> None:
        self.build = self.root / "build" / "crm_build.duckdb"
        self.published = self.root / "published" / "crm.duckdb"
        self.reports = self.root / "reports"
        self.dagster_home = self.root / "dagster_home"
        self.models = self.root / "models"


def instance_for(paths: RunPaths) -> DagsterInstance:
    """A persistent instance in the run's own DAGSTER_HOME, with the project's settings (no telemetry)."""
    paths.dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "orchestration" / "dagster.yaml", paths.dagster_home / "dagster.yaml")
    return DagsterInstance.from_config(str(paths.dagster_home))


def definitions_for(paths: RunPaths, landing: Path, model_dir: Path = DEFAULT_ER_MODEL_DIR,
                    decisions: Path = DEFAULT_ER_DECISIONS, full_refresh: bool = False) -> Definitions:
    """The project's Definitions with every resource pointed at ``paths`` and ``landing``.

    ``paths`` needs ``build``, ``published`` and ``reports`` (tests pass their own paths type).
    """
    from orchestration.assets.dbt import dbt_project
    from orchestration.definitions import defs
    from orchestration.resources import EntityResolutionSettings, LandingZone, Publisher, RefreshMode, WarehouseResource

    return Definitions(
        assets=defs.assets, asset_checks=defs.asset_checks, jobs=defs.jobs, executor=defs.executor,
        resources={
            "warehouse": WarehouseResource(database=str(paths.build)),
            "landing": LandingZone(path=str(landing)),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
            "er": EntityResolutionSettings(model_dir=str(model_dir), decisions_file=str(decisions),
                                           charts_dir=str(paths.reports / "er")),
            "publisher": Publisher(published_db=str(paths.published), reports_dir=str(paths.reports)),
            "refresh": RefreshMode(full=int(full_refresh)),
        },
    )


@contextmanager
def build_warehouse_env(paths: RunPaths) -> Iterator[None]:
    """The dbt subprocess reads the build path from CRM_BUILD_WAREHOUSE (its profile)."""
    old = os.environ.get("CRM_BUILD_WAREHOUSE")
    os.environ["CRM_BUILD_WAREHOUSE"] = str(paths.build)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("CRM_BUILD_WAREHOUSE", None)
        else:
            os.environ["CRM_BUILD_WAREHOUSE"] = old


def _parse_dbt(log) -> None:
    """Parse the dbt project for this run's profile, as ``make run`` does (``make manifest``).

    dbt re-parses the whole project when its profile changed (here: the run's build
    path), which a nightly schedule with a fixed path never does; without this each dbt
    step of a bench run would pay a full parse that production does not.
    """
    from orchestration.assets.dbt import dbt_project

    project = str(dbt_project.project_dir)
    subprocess.run([dbt_executable(), "parse", "--quiet", "--profiles-dir", project, "--project-dir", project],
                   cwd=project, check=True, stdout=log, stderr=log)


# the console shows warnings and errors only: the bench prints its own progress and table
_QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class TimedRun:
    result: ExecuteInProcessResult
    started: float   # wall clock (time.time), the event log's clock
    finished: float

    @property
    def wall_s(self) -> float:
        return self.finished - self.started


def run_job(job_name: str, paths: RunPaths, landing: Path, instance: DagsterInstance,
            model_dir: Path = DEFAULT_ER_MODEL_DIR) -> TimedRun:
    """Execute ``job_name`` in process; its wall time excludes building the Definitions.

    What the run prints (dbt's lines, warnings) goes to ``<root>/<job>.log``, so the
    bench's own progress and table stay readable.
    """
    job = definitions_for(paths, landing, model_dir).resolve_job_def(job_name)
    paths.root.mkdir(parents=True, exist_ok=True)
    with build_warehouse_env(paths), open(paths.root / f"{job_name}.log", "a", encoding="utf-8") as log, \
            redirect_stdout(log), redirect_stderr(log):
        _parse_dbt(log)
        started = time.time()
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=_QUIET)
        finished = time.time()
    return TimedRun(result, started, finished)
