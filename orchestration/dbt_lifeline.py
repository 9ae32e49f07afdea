"""dbt-duckdb plugin: the dbt process a nightly run starts dies with that run.

See :mod:`orchestration.lifeline` for why. dbt-duckdb initializes plugins when it opens its
connection to the build, before it writes anything; profiles.yml lists this module.
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from .lifeline import bind_from_env


class Plugin(BasePlugin):
    """Binds this dbt process to the run that started it (``CRM_DBT_PARENT_PID``)."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.binding = bind_from_env()
