"""The suites' parameters: ``expectations/thresholds.yml``, optionally overridden.

``load_thresholds()`` returns the shipped file; ``load_thresholds(path)`` another file;
``load_thresholds({"staging": {...}})`` the shipped file with that mapping deep-merged over
it (mappings merge key by key, lists and scalars replace), which is how tests and Dagster
config adjust one threshold without copying the file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_THRESHOLDS = PACKAGE_DIR / "thresholds.yml"
ENV_THRESHOLDS = "CRM_GE_THRESHOLDS"  # optional: another thresholds file for a deployment


class Replace(dict):
    """A mapping that replaces, instead of merging into, the section it overrides:
    ``validate(..., thresholds={"marts": Replace({...})})``."""


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Replace):
            out[key] = copy.deepcopy(dict(value))
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_thresholds(thresholds: str | Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The thresholds mapping (see module doc)."""
    base_path = Path(os.environ.get(ENV_THRESHOLDS) or DEFAULT_THRESHOLDS)
    if thresholds is not None and not isinstance(thresholds, Mapping):
        base_path = Path(thresholds)
    with open(base_path, encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh) or {}
    if isinstance(thresholds, Mapping):
        cfg = deep_merge(cfg, thresholds)
    return cfg


def per_source(mapping: Any, source: str, role: str | None = None, default: Any = None) -> Any:
    """Value for ``<source>__<role>``, else ``<source>``, else ``default`` key, else ``default``.

    ``mapping`` may also be a plain scalar (one value for every source).
    """
    if not isinstance(mapping, Mapping):
        return default if mapping is None else mapping
    if role is not None and f"{source}__{role}" in mapping:
        return mapping[f"{source}__{role}"]
    if source in mapping:
        return mapping[source]
    return mapping.get("default", default)
