"""The file-based Great Expectations context under ``expectations/``.

Committed: ``expectations/gx/great_expectations.yml`` (analytics off, progress bars off, one
pandas datasource ``duckdb_frames`` with one dataframe asset per suite part, every store
pointing at ``../uncommitted/``). Generated per run, git-ignored, under
``expectations/uncommitted/``: the suites as built that night, validation definitions,
checkpoints, validation results and the Data Docs site.

The suites themselves are reviewed code (``expectations/suites/*.py`` +
``thresholds.yml``) rebuilt at every run, so the expectation store is a per-run artifact.

GE rewrites great_expectations.yml only when a datasource / asset / batch definition is
added; with the committed file listing every part it is never rewritten. A new part shows
up as a diff of that file (commit it). Runs in one project are serialized with a file lock
(parallel Dagster asset checks in several processes share the stores and the docs index).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_PROJECT_DIR = PACKAGE_DIR  # GE project root dir: <this>/gx/great_expectations.yml
COMMITTED_CONFIG = PACKAGE_DIR / "gx" / "great_expectations.yml"
DATASOURCE = "duckdb_frames"
BATCH_DEFINITION = "whole_frame"
SITE = "local_site"


def offline_environment() -> None:
    """No telemetry, no network: set before great_expectations is imported."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


offline_environment()


ENV_PROJECT_DIR = "CRM_GX_PROJECT_DIR"  # optional: another GE project dir (e.g. on a data disk)


def project_dir(root: str | Path | None = None) -> Path:
    """The GE project root (the directory holding ``gx/``); a fresh one gets the committed config.

    Default: ``$CRM_GX_PROJECT_DIR``, else ``expectations/`` itself (editable install).
    """
    root = Path(root or os.environ.get(ENV_PROJECT_DIR) or DEFAULT_PROJECT_DIR)
    config = root / "gx" / "great_expectations.yml"
    if not config.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(COMMITTED_CONFIG, config)
    (root / "uncommitted").mkdir(parents=True, exist_ok=True)
    return root


def uncommitted_dir(root: str | Path | None = None) -> Path:
    return project_dir(root) / "uncommitted"


@contextlib.contextmanager
def locked(root: str | Path | None = None) -> Iterator[None]:
    """Serialize GE runs of one project across processes."""
    path = uncommitted_dir(root) / ".gx.lock"
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def get_context(root: str | Path | None = None) -> Any:
    """The FileDataContext of the project (analytics disabled, checked)."""
    offline_environment()
    import great_expectations as gx

    context = gx.get_context(mode="file", project_root_dir=str(project_dir(root)))
    if context.config.analytics_enabled:
        raise RuntimeError(f"{COMMITTED_CONFIG}: analytics_enabled must be false (no network at run time)")
    return context


def batch_definition(context: Any, asset_name: str) -> Any:
    """The whole-dataframe batch definition of ``asset_name`` (added once if missing)."""
    try:
        ds = context.data_sources.get(DATASOURCE)
    except Exception:  # noqa: BLE001 - GE raises several kinds of "not found"
        ds = context.data_sources.add_pandas(DATASOURCE)
    try:
        asset = ds.get_asset(asset_name)
    except Exception:  # noqa: BLE001
        asset = ds.add_dataframe_asset(asset_name)
    try:
        return asset.get_batch_definition(BATCH_DEFINITION)
    except Exception:  # noqa: BLE001
        return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


def file_uri(url: str | None) -> str | None:
    """Normalize GE's ``file://.../gx/../uncommitted/...`` to a clean absolute file URI."""
    if not url:
        return None
    if url.startswith("file://"):
        return Path(os.path.normpath(url[len("file://"):])).as_uri()
    return url
