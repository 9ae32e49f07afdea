"""Fixtures shared by the dbt tests: each module builds its own `warehouse` folder."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(warehouse):
    """Read-only connection to the module's freshly built warehouse."""
    c = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    yield c
    c.close()
