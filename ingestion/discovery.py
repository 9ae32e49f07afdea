"""Find a source's export files under ``<landing>/<source>/<YYYY-MM-DD>/``.

Only what the contract promises is accepted: a date folder and a file name that
matches exactly one role. Anything else is reported back, never guessed at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .presets import FileRole, SourcePreset

_IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class DiscoveredFile:
    path: Path
    role: FileRole
    export_date: dt.date


@dataclass
class Discovery:
    folder_exists: bool
    files: list[DiscoveredFile] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def discover(preset: SourcePreset, landing_dir: Path) -> Discovery:
    """Files in export-date order (then name), so later versions land after earlier ones."""
    folder = landing_dir / preset.name
    if not folder.is_dir():
        return Discovery(folder_exists=False)
    found = Discovery(folder_exists=True)
    for entry in sorted(folder.iterdir()):
        rel = entry.relative_to(landing_dir).as_posix()
        if entry.name in _IGNORED or entry.name.startswith("."):
            continue
        if not entry.is_dir():
            found.problems.append(f"{rel}: a file outside any export-date folder; skipped")
            continue
        try:
            export_date = dt.date.fromisoformat(entry.name)
        except ValueError:
            found.problems.append(f"{rel}: folder name is not an export date (YYYY-MM-DD); skipped")
            continue
        for path in sorted(p for p in entry.rglob("*") if p.is_file()):
            if path.name in _IGNORED or path.name.startswith((".", "~$")):
                continue
            role = preset.role_for(path.name)
            if role is None:
                found.unmatched.append(path.relative_to(landing_dir).as_posix())
            else:
                found.files.append(DiscoveredFile(path, role, export_date))
    return found
