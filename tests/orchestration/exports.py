"""Copy the shipped sample landing and damage one CSV export the way a bad export would.

Pipeline-level gate tests need real export files that differ from the sample in exactly
one way. Each edit keeps the file's encoding, byte-order mark, quoting and line endings,
so the only thing the pipeline can notice is the damage itself.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

Rows = list[list[str]]


def copy_landing(sample: Path, dest: Path, export_dates: tuple[str, ...] | None = None) -> Path:
    """``<sample>/<source>/<date>/`` copied to ``dest``, keeping only ``export_dates`` (all when None)."""
    for date_dir in sorted(sample.glob("*/*")):
        if date_dir.is_dir() and (export_dates is None or date_dir.name in export_dates):
            shutil.copytree(date_dir, dest / date_dir.parent.name / date_dir.name)
    return dest


def edit_csv(path: Path, edit: Callable[[list[str], Rows], None], *, encoding: str = "utf-8",
             quote_all: bool = False) -> None:
    """Parse ``path``, let ``edit(header, rows)`` change the rows in place, write it back alike."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig" if bom else encoding)
    newline = "\r\n" if "\r\n" in text[:4096] else "\n"
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    edit(header, rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding))


def set_column(column: str, value: str, where: Callable[[int, dict[str, str]], bool] = lambda i, r: True):
    """An ``edit``: ``column`` := ``value`` on the rows (0-based index, row as dict) ``where`` selects."""

    def edit(header: list[str], rows: Rows) -> None:
        j = header.index(column)
        for i, row in enumerate(rows):
            if where(i, dict(zip(header, row))):
                row[j] = value

    return edit
