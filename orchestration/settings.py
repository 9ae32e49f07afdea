"""Paths and environment settings of the code location, with the project's defaults.

Every setting comes from an environment variable when it is set (shown as such in
the Dagster UI) and otherwise from a default inside the project, so `make run` works
on a fresh clone with no configuration.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from dagster import EnvVar

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_LANDING_DIR = PROJECT_ROOT / "data" / "sample" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "crm.duckdb"
DEFAULT_BUILD_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "build" / "crm_build.duckdb"
DEFAULT_ER_MODEL_DIR = PROJECT_ROOT / "entity_resolution" / "models"
DEFAULT_ER_DECISIONS = PROJECT_ROOT / "entity_resolution" / "review_decisions.csv"
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "data" / "warehouse" / "reports"


def env_or_default(name: str, default: Path | str) -> EnvVar | str:
    """`EnvVar(name)` when the variable is set, else the project default."""
    return EnvVar(name) if os.environ.get(name) else str(default)


def resolved(name: str, default: Path | str) -> str:
    """The value a setting has right now (for code that needs the string itself)."""
    return os.environ.get(name) or str(default)


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), so PATH need not be set up."""
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


def env_int_or_default(name: str, default: int) -> EnvVar | int:
    """`EnvVar.int(name)` when the variable is set, else the default."""
    return EnvVar.int(name) if os.environ.get(name) else default
