"""Run the real `nightly_refresh` job in process on any landing folder.

Pipeline-level tests (end to end, corrupted exports, a second night, review decisions,
the browser test) all need the same thing: the project's one `Definitions` with its
resources pointed at private paths. This module builds that, so each test says only
what differs (landing folder, decisions file, Dagster instance).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from dagster import DagsterInstance, Definitions, ExecuteInProcessResult


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
    """The project's Definitions with every resource pointed at `paths` and `landing` (the bench's wiring)."""
    from benchmarks.runner import definitions_for
    from orchestration.settings import DEFAULT_ER_DECISIONS, DEFAULT_ER_MODEL_DIR

    return definitions_for(paths, landing, DEFAULT_ER_MODEL_DIR, decisions or DEFAULT_ER_DECISIONS)


# Not a test function, whatever its name says.
test_definitions.__test__ = False  # type: ignore[attr-defined]


def run_nightly(paths: PipelinePaths, landing: Path, *, decisions: Path | None = None,
                instance: DagsterInstance | None = None, raise_on_error: bool = True) -> ExecuteInProcessResult:
    """Execute `nightly_refresh` in process; the dbt subprocess reads the build path from the env."""
    from benchmarks.runner import build_warehouse_env

    with build_warehouse_env(paths):
        job = test_definitions(paths, landing, decisions).resolve_job_def("nightly_refresh")
        return job.execute_in_process(instance=instance or DagsterInstance.ephemeral(),
                                      raise_on_error=raise_on_error)


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
