"""Read the ingestion presets so the writers use exactly the columns ingestion expects.

The generator does not keep its own copy of any header: a column list changes in
`ingestion/presets.yml` and the files follow (a renderer that forgets a column fails
loudly in `render.base.Ctx.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class RolePreset:
    source: str
    role: str
    pattern: str
    format: str
    key: str
    mention: bool
    columns: tuple[str, ...]
    encodings: tuple[str, ...] = ()

    def matches(self, filename: str) -> bool:
        return fnmatchcase(filename, self.pattern)


def presets_path() -> Path:
    """Location of presets.yml inside the installed `ingestion` package."""
    return Path(str(resources.files("ingestion").joinpath("presets.yml")))


@lru_cache(maxsize=1)
def load_presets() -> dict[tuple[str, str], RolePreset]:
    """All (source, role) presets, in file order."""
    data = yaml.safe_load(presets_path().read_text(encoding="utf-8"))
    out: dict[tuple[str, str], RolePreset] = {}
    for source, block in data.items():
        for role, spec in block["roles"].items():
            out[(source, role)] = RolePreset(
                source=source,
                role=role,
                pattern=spec["pattern"],
                format=spec["format"],
                key=spec["key"],
                mention=bool(spec.get("mention", False)),
                columns=tuple(str(c) for c in spec["columns"]),
                encodings=tuple(spec.get("encodings", ())),
            )
    return out


def preset(source: str, role: str) -> RolePreset:
    return load_presets()[(source, role)]
