"""Paths and environment settings of the code location, with the project's defaults.

Every setting comes from an environment variable when it is set (shown as such in
the Dagster UI) and otherwise from a default inside the project, so `make run` works
on a fresh clone with no configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import EnvVar

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_LANDING_DIR = PROJECT_ROOT / "data" / "sample" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "crm.duckdb"


def env_or_default(name: str, default: Path | str) -> EnvVar | str:
    """`EnvVar(name)` when the variable is set, else the project default."""
    return EnvVar(name) if os.environ.get(name) else str(default)


def resolved(name: str, default: Path | str) -> str:
    """The value a setting has right now (for code that needs the string itself)."""
    return os.environ.get(name) or str(default)
