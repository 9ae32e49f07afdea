"""The dbt-duckdb plugin: loaded the way dbt-duckdb loads it, and in a real `dbt build`
of a tiny project that uses the seeds and calls the functions from a model."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.plugins import BasePlugin

from standardize._seeds import seeds_dir
from tests.dbt.dbt_runner import dbt_executable

SEEDS = ["name_nicknames", "country_codes", "country_aliases", "region_mapping", "cn_cities"]


def test_plugin_loads_by_module_path_and_registers_functions():
    # Exactly what dbt-duckdb does for `plugins: [{module: standardize.dbt_plugin}]`.
    plugin = BasePlugin.create("standardize.dbt_plugin", config={}, alias="crm_udfs")
    assert plugin.name == "crm_udfs"
    conn = duckdb.connect()
    try:
        plugin.configure_connection(conn)
        assert "std_phone" in plugin.registered
        assert conn.execute("SELECT std_phone('+86 138 0013 8000', 'CN').e164").fetchone() == ("+8613800138000",)
    finally:
        conn.close()


def test_dbt_build_with_plugin_and_seeds(tmp_path: Path):
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    shutil.copytree(seeds_dir(), project / "seeds", ignore=lambda d, names: [
        n for n in names if n not in {f"{s}.csv" for s in SEEDS} | {"_seeds.yml"}])
    (project / "dbt_project.yml").write_text(
        "name: std_smoke\nversion: '1.0'\nconfig-version: 2\nprofile: std_smoke\n"
        "model-paths: [models]\nseed-paths: [seeds]\n"
    )
    db = tmp_path / "smoke.duckdb"
    (project / "profiles.yml").write_text(
        "std_smoke:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: '{db}'\n      threads: 1\n"
        "      plugins:\n        - module: standardize.dbt_plugin\n          alias: crm_udfs\n"
    )
    (project / "models" / "std_smoke.sql").write_text(
        """{{ config(materialized='table') }}
select v.id,
       std_phone(v.phone, std_country(v.country)).e164 as phone_e164,
       std_name(v.full_name, null, null).full_name_latin as name_latin,
       std_country(v.country) as country_iso2,
       r.region as sales_region,
       p.region as cn_region
from (values (1, '13800138000.0', 'PRC', '张　伟', '浙江省 杭州市 西湖区 文三路 100 号'),
             (2, '+1 (415) 555-0134', 'USA', 'Wei ZHANG', null)) v(id, phone, country, full_name, address)
left join {{ ref('region_mapping') }} r on r.scope = 'country' and r.key = std_country(v.country)
left join {{ ref('region_mapping') }} p on p.scope = 'cn_province' and p.key = std_cn_address(v.address).province
"""
    )
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    proc = subprocess.run(
        # Only what the model needs (seed + model + their data tests) keeps this quick;
        # every seed's properties in _seeds.yml are still parsed and validated.
        dbt_executable() + ["build", "--select", "region_mapping", "std_smoke",
                  "--project-dir", str(project), "--profiles-dir", str(project),
                  "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    conn = duckdb.connect(str(db), read_only=True)
    try:
        rows = conn.execute("SELECT * FROM std_smoke ORDER BY id").fetchall()
        namibia = conn.execute("SELECT key FROM region_mapping WHERE name_en = 'Namibia'").fetchone()
    finally:
        conn.close()
    assert rows == [
        (1, "+8613800138000", "zhang wei", "CN", "Greater China", "华东"),
        (2, "+14155550134", "zhang wei", "US", "North America", None),
    ]
    assert namibia == ("NA",)  # Namibia's code is not read as NULL
