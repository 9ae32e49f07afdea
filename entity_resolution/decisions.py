"""The reviewed decisions file: ops' must_link / cannot_link verdicts on mention pairs.

Reviewers copy a pair from ``marts.er_review_queue`` (or any two mention keys) into a
CSV kept under version control (``entity_resolution/review_decisions.csv`` by default)::

    mention_key_l,mention_key_r,decision,decided_at,reviewer,note
    hubspot:901,taobao:T77,cannot_link,2024-08-27,li.na,same household, different people

Every later run honours the file before clustering (:mod:`.clusters`). A typo in it
must not silently drop a verdict, so a bad row stops the run with an error naming the
file, the line and the field. Lines whose first field starts with ``#`` are comments.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa

from .clusters import DECISION_VALUES

REQUIRED = ("mention_key_l", "mention_key_r", "decision")
OPTIONAL = ("decided_at", "reviewer", "note")


class DecisionsFileError(ValueError):
    """A row of the decisions file cannot be honoured as written."""


def read_decisions(path: Path | str) -> pa.Table | None:
    """The decisions in `path` as an Arrow table, or None when the file is absent or empty."""
    path = Path(path)
    if not path.exists():
        return None
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise DecisionsFileError(f"{path}: header lacks column(s) {', '.join(missing)}")
        rows = []
        for row in reader:
            line = reader.line_num
            first = (row.get("mention_key_l") or "").strip()
            if not first or first.startswith("#"):
                continue
            rows.append(_checked(path, line, row))
    if not rows:
        return None
    schema = pa.schema([(c, pa.timestamp("us") if c == "decided_at" else pa.string()) for c in REQUIRED + OPTIONAL])
    return pa.Table.from_pylist(rows, schema=schema)


def _checked(path: Path, line: int, row: dict[str, str | None]) -> dict:
    out: dict = {c: (row.get(c) or "").strip() or None for c in REQUIRED + OPTIONAL}
    for col in ("mention_key_l", "mention_key_r"):
        if not out[col] or ":" not in out[col]:
            raise DecisionsFileError(
                f"{path}, line {line}, field {col}: {out[col]!r} is not a mention key (source_system:source_record_id)")
    if out["mention_key_l"] == out["mention_key_r"]:
        raise DecisionsFileError(f"{path}, line {line}, field mention_key_r: the pair names one mention twice")
    decision = (out["decision"] or "").lower()
    if decision not in DECISION_VALUES:
        raise DecisionsFileError(
            f"{path}, line {line}, field decision: {out['decision']!r} is not one of {', '.join(DECISION_VALUES)}")
    out["decision"] = decision
    if out["decided_at"]:
        try:
            at = dt.datetime.fromisoformat(out["decided_at"])
        except ValueError:
            raise DecisionsFileError(
                f"{path}, line {line}, field decided_at: {out['decided_at']!r} is not an ISO date or timestamp") from None
        out["decided_at"] = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    return out
