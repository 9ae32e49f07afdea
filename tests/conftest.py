"""Shared pytest fixtures: real files, real DuckDB."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

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
