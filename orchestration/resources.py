"""Dagster resources: thin, configured from the environment, no logic of their own."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource
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
