"""Shared pytest fixtures: real files, real DuckDB."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from tests.pipeline import PipelinePaths, run_nightly

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_EXPORTS = PROJECT_ROOT / "tests" / "fixtures" / "exports"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    """A private copy of the fixture exports, so a test may add or change files."""
    dest = tmp_path / "landing"
    shutil.copytree(FIXTURE_EXPORTS, dest)
    return dest


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> dict:
    """Run the real `nightly_refresh` job (assets, gates, publish) on the sample, in process.

    The run is recorded in a persistent Dagster instance (a private DAGSTER_HOME), so the
    browser test can open the UI on this very run.
    """
    root = tmp_path_factory.mktemp("e2e")
    paths = PipelinePaths(root)
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    # the project's instance settings (no telemetry, no community dialog over the UI)
    shutil.copy(PROJECT_ROOT / "orchestration" / "dagster.yaml", dagster_home / "dagster.yaml")
    instance = DagsterInstance.from_config(str(dagster_home))
    result = run_nightly(paths, SAMPLE_DIR / "landing", instance=instance)
    assert result.success
    return {"build": paths.build, "published": paths.published, "reports": paths.reports,
            "result": result, "dagster_home": dagster_home, "instance": instance}


@pytest.fixture(scope="session")
def sample_warehouse(sample_run) -> Path:
    """The published warehouse the run left: what analysts query."""
    return sample_run["published"]
