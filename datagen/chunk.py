"""Generate one chunk of people end to end, as a pure function of (config, chunk index).

A chunk builds its people, plans their mentions, renders every source with its own
derived RNG, and serialises CSV rows to bytes right here, so chunks can run in worker
processes and the parent only concatenates bytes (and writes the xlsx cells).
"""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import dataclass, field

from datagen.lifecycle import ExportCalendar
from datagen.population import Person, build_people
from datagen.presets import preset
from datagen.render import feedback, fxiaoke, hubspot, salesforce, shopify, taobao, zoho
from datagen.render.base import ChunkOutput, Ctx, FileKey, Malformed
from datagen.rng import chunk_rng, derive_seed
from datagen.mentions import plan_mentions
from datagen.specs import FILES, SOURCES, CsvDialect
from datagen.truth import MENTION_COLUMNS, PEOPLE_COLUMNS

RENDERERS = {
    "salesforce": salesforce.render, "hubspot": hubspot.render, "zoho_crm": zoho.render,
    "fxiaoke": fxiaoke.render, "shopify": shopify.render, "taobao": taobao.render,
    "feedback": feedback.render,
}
# The deliberately malformed rows (non-mention CSV roles only).
MALFORMED = (salesforce.malformed, zoho.malformed)


@dataclass(frozen=True)
class ChunkParams:
    seed: int
    people: int
    chunk_size: int
    export_dates: tuple[str, ...]

    @property
    def n_chunks(self) -> int:
        return max(1, -(-self.people // self.chunk_size))


@dataclass
class FileStats:
    rows: int = 0
    records: int = 0
    malformed_rows: int = 0


@dataclass
class ChunkResult:
    index: int
    csv: dict[FileKey, bytes] = field(default_factory=dict)
    xlsx: dict[FileKey, list] = field(default_factory=dict)
    stats: dict[FileKey, FileStats] = field(default_factory=dict)
    people_csv: bytes = b""
    mentions_csv: bytes = b""
    mentions: dict[str, list[int]] = field(default_factory=dict)  # source -> [total, live]
    people: int = 0
    people_with_mentions: int = 0


def csv_bytes(rows: list, dialect: CsvDialect) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=dialect.quoting, lineterminator=dialect.lineterminator)
    for row in rows:
        writer.writerow(row.values if isinstance(row, Malformed) else row)
    return buf.getvalue().encode(dialect.encoding, dialect.errors)


def person_row(p: Person) -> list[str]:
    a = p.address
    return [p.pid, p.culture, p.family, p.given, p.family_py, p.given_py, p.email,
            p.phone.e164 if p.phone else "", p.country, p.birth,
            p.company.name if p.company else "", a.city, a.province]


def generate_chunk(params: ChunkParams, index: int) -> ChunkResult:
    first = index * params.chunk_size
    n = min(params.chunk_size, params.people - first)
    n_chunks = params.n_chunks

    def owns(email: str) -> bool:
        return n_chunks == 1 or zlib.crc32(email.encode("utf-8")) % n_chunks == index

    people = build_people(chunk_rng(params.seed, index, "population"), first, n, owns,
                          derive_seed(params.seed, "phones"))
    plan = plan_mentions(chunk_rng(params.seed, index, "mentions"), people)
    cal = ExportCalendar(list(params.export_dates))
    out = ChunkOutput()
    for source in SOURCES:
        ctx = Ctx(chunk_rng(params.seed, index, source), index, cal, out, params.chunk_size)
        RENDERERS[source](ctx, plan[source])
    bad = Ctx(chunk_rng(params.seed, index, "malformed"), index, cal, out, params.chunk_size)
    for make in MALFORMED:
        make(bad)
    out.people = [person_row(p) for p in people]
    return serialise(index, out, n)


def serialise(index: int, out: ChunkOutput, n_people: int) -> ChunkResult:
    res = ChunkResult(index=index, people=n_people)
    for key in sorted(out.rows):
        rows = out.rows[key]
        source, role, _j = key
        pr = preset(source, role)
        k = pr.columns.index(pr.key)
        good = [r for r in rows if not isinstance(r, Malformed)]
        res.stats[key] = FileStats(rows=len(rows), records=len({r[k] for r in good}),
                                   malformed_rows=len(rows) - len(good))
        dialect = FILES[(source, role)].dialect
        if dialect is None:
            res.xlsx[key] = rows
        else:
            res.csv[key] = csv_bytes(rows, dialect)
    res.people_csv = csv_bytes(out.people, CsvDialect())
    res.mentions_csv = csv_bytes(out.mentions, CsvDialect())
    for m in out.mentions:
        counts = res.mentions.setdefault(m[0], [0, 0])
        counts[0] += 1
        counts[1] += m[3] == "true"
    res.people_with_mentions = len({m[2] for m in out.mentions})
    assert all(len(r) == len(PEOPLE_COLUMNS) for r in out.people)
    assert all(len(r) == len(MENTION_COLUMNS) for r in out.mentions)
    return res
