"""Dagster resources: thin, configured from the environment, no logic of their own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_duckdb import DuckDBResource
from pydantic import Field

from ingestion.presets import SourcePreset, load_presets


class LandingZone(ConfigurableResource):
    """The folder where CRM exports land: ``<path>/<source>/<YYYY-MM-DD>/<files>``."""

    path: str = Field(description="Landing directory (CRM_LANDING_DIR).")

    @property
    def root(self) -> Path:
        return Path(self.path)

    def presets(self) -> dict[str, SourcePreset]:
        return load_presets()


class EntityResolutionSettings(ConfigurableResource):
    """Where the entity-resolution model, review decisions and charts live, and its thresholds."""

    model_dir: str = Field(description="Saved Splink models (newest *.json is used): CRM_ER_MODEL_DIR.")
    decisions_file: str = Field(description="Reviewed must_link / cannot_link decisions (CSV): CRM_ER_DECISIONS.")
    charts_dir: str = Field(description="Where the offline Splink charts are written.")
    match_threshold: float = Field(default=0.98, description="Match probability at or above which mentions link.")
    review_threshold: float = Field(default=0.5, description="Pairs between this and the match threshold go to review.")

    def model_path(self) -> Path:
        return Path(self.model_dir)

    def decisions_path(self) -> Path:
        return Path(self.decisions_file)

    def charts_path(self) -> Path:
        path = Path(self.charts_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path


class RefreshMode(ConfigurableResource):
    """Incremental nightly work, or everything again (CRM_FULL_REFRESH=1, `make full-refresh`).

    Incremental: dbt standardizes only new or changed mentions, entity resolution scores
    only their pairs and re-clusters only the customers they touch; the result equals a
    full refresh. A full refresh is for a changed standardization rule or model setting.
    """

    full: int = Field(default=0, description="1: rebuild every dbt model and re-score every pair (CRM_FULL_REFRESH).")

    @property
    def is_full(self) -> bool:
        return bool(self.full)


class WarehouseResource(DuckDBResource):
    """The run's working DuckDB file (CRM_BUILD_WAREHOUSE); created with its folder on first use."""

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        with super().get_connection() as con:
            yield con


class Publisher(ConfigurableResource):
    """Where the checked warehouse is published for analysts, and how many versions are kept."""

    published_db: str = Field(description="The analysts' DuckDB file (CRM_WAREHOUSE).")
    keep_backups: int = Field(default=7, description="Previous published versions kept (CRM_KEEP_BACKUPS).")
    reports_dir: str = Field(description="Where HTML reports are written.")

    def path(self) -> Path:
        return Path(self.published_db)

    def reports_path(self) -> Path:
        path = Path(self.reports_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path
