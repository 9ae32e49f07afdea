"""Run the real `nightly_refresh` job in process on any landing folder.

Pipeline-level tests (end to end, corrupted exports, a second night, review decisions,
the browser test) all need the same thing: the project's one `Definitions` with its
resources pointed at private paths. This module builds that, so each test says only
what differs (landing folder, decisions file, Dagster instance).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dagster import DagsterInstance, Definitions, ExecuteInProcessResult
from dagster_dbt import DbtCliResource


@dataclass
class PipelinePaths:
    """Where one night's run writes: a working build file, the published file, reports."""

    root: Path
    build: Path = field(init=False)
    published: Path = field(init=False)
    reports: Path = field(init=False)

    def __post_init__(self) -> None:
        self.build = self.root / "build" / "crm_build.duckdb"
        self.published = self.root / "crm.duckdb"
        self.reports = self.root / "reports"


def test_definitions(paths: PipelinePaths, landing: Path, decisions: Path | None = None) -> Definitions:
    """The project's Definitions with every resource pointed at `paths` and `landing`."""
    from orchestration.assets.dbt import dbt_project
    from orchestration.definitions import defs
    from orchestration.resources import EntityResolutionSettings, LandingZone, Publisher, WarehouseResource
    from orchestration.settings import DEFAULT_ER_DECISIONS, DEFAULT_ER_MODEL_DIR, dbt_executable

    return Definitions(
        assets=defs.assets, asset_checks=defs.asset_checks, jobs=defs.jobs, executor=defs.executor,
        resources={
            "warehouse": WarehouseResource(database=str(paths.build)),
            "landing": LandingZone(path=str(landing)),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
            "er": EntityResolutionSettings(model_dir=str(DEFAULT_ER_MODEL_DIR),
                                           decisions_file=str(decisions or DEFAULT_ER_DECISIONS),
                                           charts_dir=str(paths.reports / "er")),
            "publisher": Publisher(published_db=str(paths.published), reports_dir=str(paths.reports)),
        },
    )


# Not a test function, whatever its name says.
test_definitions.__test__ = False  # type: ignore[attr-defined]


def run_nightly(paths: PipelinePaths, landing: Path, *, decisions: Path | None = None,
                instance: DagsterInstance | None = None, raise_on_error: bool = True) -> ExecuteInProcessResult:
    """Execute `nightly_refresh` in process; the dbt subprocess reads the build path from the env."""
    old = os.environ.get("CRM_BUILD_WAREHOUSE")
    os.environ["CRM_BUILD_WAREHOUSE"] = str(paths.build)  # read by the dbt profile in the subprocess
    try:
        job = test_definitions(paths, landing, decisions).resolve_job_def("nightly_refresh")
        return job.execute_in_process(instance=instance or DagsterInstance.ephemeral(),
                                      raise_on_error=raise_on_error)
    finally:
        if old is None:
            os.environ.pop("CRM_BUILD_WAREHOUSE", None)
        else:
            os.environ["CRM_BUILD_WAREHOUSE"] = old


def main(argv: list[str]) -> int:
    """``python -m tests.pipeline ROOT LANDING DAGSTER_HOME``: one run in a process of its own.

    For tests that must kill a run or read beside it from another process; the run is
    recorded in the instance at DAGSTER_HOME, where the test follows its progress.
    """
    root, landing, dagster_home = (Path(a) for a in argv)
    instance = DagsterInstance.from_config(str(dagster_home))
    result = run_nightly(PipelinePaths(root), landing, instance=instance, raise_on_error=False)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
