"""Locate and read the reference CSVs that live in ``dbt_project/seeds/``.

The same files are dbt seeds (so SQL can join on them) and lookup tables for the Python
standardizers, which keeps one source of truth for nicknames, country aliases and the
region mapping. The directory is found next to the package (editable install, which
is how this repo is installed); ``CRM_SEEDS_DIR`` overrides it for other layouts.
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path


def seeds_dir() -> Path:
    """Directory holding the seed CSVs (``$CRM_SEEDS_DIR`` or ``<repo>/dbt_project/seeds``)."""
    env = os.environ.get("CRM_SEEDS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"


@lru_cache(maxsize=None)
def read_seed(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``<seeds_dir>/<name>.csv`` as dicts (cached; seeds are read-only)."""
    path = seeds_dir() / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"seed {path} not found; set CRM_SEEDS_DIR to the dbt_project/seeds directory"
        )
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)
        )
