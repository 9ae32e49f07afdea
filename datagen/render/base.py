"""What every renderer shares: the chunk context, id allocation, row emission and the
truth row of a mention.

Rows are emitted as dicts and laid out by the preset column list, so a renderer that
misses or invents a column fails immediately instead of shifting values silently.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from datagen.lifecycle import ExportCalendar, Timeline
from datagen.population import Person
from datagen.presets import preset
from datagen.quirks import excel_text_of_number
from datagen.specs import NAME_COLUMNS, PHONE_COLUMNS

FileKey = tuple[str, str, int]  # (source, role, export index)
ID_BLOCK_PER_PERSON = 10


@dataclass(slots=True)
class Malformed:
    """A row written with the wrong number of fields on purpose (quarantine truth)."""

    values: list


@dataclass
class ChunkOutput:
    rows: dict[FileKey, list] = field(default_factory=dict)
    mentions: list[list[str]] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)


class Ctx:
    """Everything a renderer of one chunk needs."""

    def __init__(self, rng: random.Random, chunk_index: int, cal: ExportCalendar,
                 out: ChunkOutput | None = None, chunk_size: int = 50_000) -> None:
        self.rng = rng
        self.chunk = chunk_index
        self.chunk_size = chunk_size
        self.cal = cal
        self.out = out if out is not None else ChunkOutput()
        self._counters: dict[str, int] = {}
        self._columns: dict[tuple[str, str], tuple[str, ...]] = {}

    # ------------------------------------------------------------------ ids
    def next(self, counter: str) -> int:
        """Chunk-local sequence number (0, 1, 2...) of a named id sequence."""
        n = self._counters.get(counter, 0)
        self._counters[counter] = n + 1
        return n

    def seq(self, counter: str) -> int:
        """Run-wide unique sequence number: each chunk owns a block of
        ID_BLOCK_PER_PERSON * chunk_size numbers (no source makes more records per person)."""
        n = self.next(counter)
        block = ID_BLOCK_PER_PERSON * self.chunk_size
        if n >= block:
            raise OverflowError(f"id block of chunk {self.chunk} exhausted for {counter}")
        return self.chunk * block + n

    # ------------------------------------------------------------------ rows
    def columns(self, source: str, role: str) -> tuple[str, ...]:
        cols = self._columns.get((source, role))
        if cols is None:
            cols = self._columns[(source, role)] = preset(source, role).columns
        return cols

    def emit(self, source: str, role: str, j: int, row: dict) -> None:
        cols = self.columns(source, role)
        if len(row) != len(cols):
            extra = sorted(set(row) - set(cols))
            missing = [c for c in cols if c not in row]
            raise KeyError(f"{source}/{role}: missing {missing}, unknown {extra}")
        self.out.rows.setdefault((source, role, j), []).append([row[c] for c in cols])

    def emit_malformed(self, source: str, role: str, j: int, row: dict, delta: int) -> None:
        """Emit `row` with `delta` fields too many (>0) or too few (<0)."""
        values = [row[c] for c in self.columns(source, role)]
        if delta > 0:
            values = values + ["" for _ in range(delta - 1)] + ["see attached"]
        else:
            values = values[:delta]
        self.out.rows.setdefault((source, role, j), []).append(Malformed(values))

    # ------------------------------------------------------------------ truth
    def mention(self, source: str, record_id: str, person: Person, tl: Timeline,
                last_row: dict, phone_truth: dict[str, str]) -> None:
        """Record one customer mention as it stands after the latest export."""
        parts = [last_row[c] for c in NAME_COLUMNS[source]]
        written_name = " ".join(p for p in parts if p)
        written_phone, e164 = "", ""
        for col in PHONE_COLUMNS[source]:
            value = last_row[col]
            if value is None or value == "":
                continue
            written_phone = excel_text_of_number(value) if isinstance(value, float) else value
            e164 = phone_truth.get(col, "")
            break
        dates = self.cal.dates
        self.out.mentions.append([
            source, record_id, person.pid, "false" if tl.deleted else "true",
            dates[tl.born], dates[tl.last], written_name,
            person.family_py if written_name else "", person.given_py if written_name else "",
            written_phone, e164,
        ])
