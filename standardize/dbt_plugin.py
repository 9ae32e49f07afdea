"""dbt-duckdb plugin that makes the ``std_*`` functions callable from dbt models.

Why a plugin: dbt-duckdb opens its own DuckDB connection; a plugin's
``configure_connection`` is the hook it calls on that connection right after
opening it (before any model runs), and the per-thread cursors dbt uses are
cursors of that connection, which see functions registered on it.

profiles.yml::

    crm_quality:
      target: dev
      outputs:
        dev:
          type: duckdb
          path: "{{ env_var('CRM_WAREHOUSE', '../data/warehouse/crm.duckdb') }}"
          plugins:
            - module: standardize.dbt_plugin

dbt-duckdb imports ``module`` with :func:`importlib.import_module` and instantiates its
``Plugin`` class, so the dotted module path of this file is all that is needed (the
package is installed in the venv that runs dbt).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from .duckdb_functions import register_functions


class Plugin(BasePlugin):
    """Registers every ``std_*`` function (see :mod:`standardize.duckdb_functions`)."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.registered: list[str] = []

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        self.registered = register_functions(conn)
