"""Run the real dbt CLI against a scratch warehouse (shared by the dbt tests)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def dbt_executable() -> list[str]:
    exe = Path(sys.executable).with_name("dbt")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("dbt")
    if found:
        return [found]
    pytest.skip("dbt is not installed in this environment")


def run_dbt(db: Path, tmp: Path, *args: str) -> dict[str, str]:
    """`dbt <args>` into ``db`` (target and logs under ``tmp``); asserts success, returns statuses."""
    env = {**os.environ, "CRM_BUILD_WAREHOUSE": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    cmd = dbt_executable() + list(args) + [
        "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT),
        "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"),
    ]
    proc = subprocess.run(cmd, env=env, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"dbt {args[0]} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    results = tmp / "target" / "run_results.json"
    if args[0] != "build" or not results.exists():
        return {}
    return {r["unique_id"]: r["status"] for r in json.loads(results.read_text())["results"]}


def one(con, sql: str, *params):
    """The single row `sql` returns (asserted)."""
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, f"expected one row, got {rows}"
    return rows[0]
