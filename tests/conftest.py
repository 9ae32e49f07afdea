"""Shared pytest fixtures: real files, real DuckDB."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from tests.orchestration.exports import copy_landing
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


FIRST_EXPORT_DATE = "2024-08-19"


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> dict:
    """Two real nights of `nightly_refresh` on the sample, in process, on one working warehouse.

    Night 1 sees the first export date only; night 2 finds the second export date landed
    beside it and loads only those new files. Tests assert on night 2 (the whole sample);
    `night1_xref` keeps night 1's crosswalk for the id-stability test (`night1_er`: its
    crosswalk and id history as tables, to replay night 2 as a full refresh). Both runs are
    recorded in one persistent Dagster instance (a private DAGSTER_HOME), so the browser
    test can open the UI on them and see trends across the two nights.
    """
    root = tmp_path_factory.mktemp("e2e")
    paths = PipelinePaths(root)
    landing = root / "landing"
    shutil.copytree(SAMPLE_DIR / "truth", root / "truth")  # read beside the landing: accuracy metadata
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    # the project's instance settings (no telemetry, no community dialog over the UI)
    shutil.copy(PROJECT_ROOT / "orchestration" / "dagster.yaml", dagster_home / "dagster.yaml")
    instance = DagsterInstance.from_config(str(dagster_home))

    copy_landing(SAMPLE_DIR / "landing", landing, (FIRST_EXPORT_DATE,))
    night1 = run_nightly(paths, landing, instance=instance)
    assert night1.success
    with duckdb.connect(str(paths.build), read_only=True) as con:
        night1_xref = dict(con.execute("SELECT mention_key, customer_id FROM marts.customer_xref").fetchall())
        night1_er = {name: con.execute(f"SELECT * FROM marts.{name}").to_arrow_table()
                     for name in ("customer_xref", "customer_id_history")}

    later = tuple(sorted({p.name for p in (SAMPLE_DIR / "landing").glob("*/*")} - {FIRST_EXPORT_DATE}))
    copy_landing(SAMPLE_DIR / "landing", landing, later)  # the next night's folders land beside night 1's
    night2 = run_nightly(paths, landing, instance=instance)
    assert night2.success
    return {"build": paths.build, "published": paths.published, "reports": paths.reports, "landing": landing,
            "result": night2, "night1": night1, "night1_xref": night1_xref, "night1_er": night1_er,
            "dagster_home": dagster_home, "instance": instance}


@pytest.fixture(scope="session")
def sample_warehouse(sample_run) -> Path:
    """The published warehouse the run left: what analysts query."""
    return sample_run["published"]
