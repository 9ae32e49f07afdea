"""Source presets: what each CRM system's export folder contains, loaded from YAML.

A preset is configuration, not code: the loader reads every system through the same
path, driven by these records. Adding a system means adding a block to `presets.yml`
(or to a file named by ``CRM_PRESETS``) and a staging model.
"""

from __future__ import annotations

import fnmatch
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_PRESETS_FILE = Path(__file__).with_name("presets.yml")

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class FileRole:
    """One kind of file in a source's export folder (e.g. salesforce contacts)."""

    source: str
    name: str
    pattern: str
    format: str
    columns: tuple[str, ...]
    key: str
    mention: bool = False
    encodings: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """Raw table name: ``<source>__<role>`` in schema ``raw``."""
        return f"{self.source}__{self.name}"

    def matches(self, filename: str) -> bool:
        # File names from macOS arrive NFD-decomposed; compare in NFC so 联系人 still matches.
        return fnmatch.fnmatchcase(unicodedata.normalize("NFC", filename), self.pattern)


@dataclass(frozen=True)
class SourcePreset:
    """A source system: its time zone, default phone region and file roles."""

    name: str
    timezone: str
    default_region: str
    roles: tuple[FileRole, ...] = field(default_factory=tuple)

    def role_for(self, filename: str) -> FileRole | None:
        """The role whose pattern matches; ``None`` when none does (never guess)."""
        matches = [r for r in self.roles if r.matches(filename)]
        if len(matches) > 1:
            names = ", ".join(r.name for r in matches)
            raise ValueError(f"{self.name}: file {filename!r} matches several roles ({names})")
        return matches[0] if matches else None


class PresetError(ValueError):
    """The preset configuration itself is wrong (not the data)."""


def _parse_source(name: str, block: dict) -> SourcePreset:
    roles = []
    for role_name, spec in (block.get("roles") or {}).items():
        fmt = spec.get("format")
        if fmt not in FORMATS:
            raise PresetError(f"preset {name}.{role_name}: format must be one of {FORMATS}, got {fmt!r}")
        columns = tuple(str(c) for c in spec.get("columns") or ())
        if not columns:
            raise PresetError(f"preset {name}.{role_name}: columns are required")
        if len(set(columns)) != len(columns):
            raise PresetError(f"preset {name}.{role_name}: duplicate column names")
        key = str(spec.get("key", ""))
        if key not in columns:
            raise PresetError(f"preset {name}.{role_name}: key {key!r} is not one of its columns")
        roles.append(
            FileRole(
                source=name,
                name=role_name,
                pattern=str(spec["pattern"]),
                format=fmt,
                columns=columns,
                key=key,
                mention=bool(spec.get("mention", False)),
                encodings=tuple(spec.get("encodings") or ()),
            )
        )
    return SourcePreset(
        name=name,
        timezone=str(block.get("timezone", "UTC")),
        default_region=str(block.get("default_region", "US")),
        roles=tuple(roles),
    )


def load_presets(*paths: Path | str) -> dict[str, SourcePreset]:
    """Load the shipped presets plus any extra files (later files override earlier ones).

    With no arguments, reads the shipped ``presets.yml`` and then every path listed in
    ``CRM_PRESETS`` (``os.pathsep``-separated), so a deployment can add a system without
    editing the package.
    """
    if not paths:
        extra = [p for p in os.environ.get("CRM_PRESETS", "").split(os.pathsep) if p]
        paths = (DEFAULT_PRESETS_FILE, *extra)
    presets: dict[str, SourcePreset] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        for name, block in doc.items():
            presets[name] = _parse_source(name, block)
    return presets
