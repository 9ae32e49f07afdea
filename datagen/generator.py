"""Run a whole generation: chunks (in worker processes when there are several), the
landing writers, the truth writer, and the summary.

Chunks are consumed strictly in index order, with at most a few in flight, so output is
identical for any number of workers and memory stays bounded at any scale.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from datagen.chunk import ChunkParams, ChunkResult, FileStats, generate_chunk
from datagen.presets import preset
from datagen.specs import FILES, MENTION_ROLE, SOURCES
from datagen.truth import TruthWriter
from datagen.writers import XLSX_MAX_DATA_ROWS, LandingWriter

MARKER = ".datagen"
DEFAULT_CHUNK_SIZE = 50_000


@dataclass(frozen=True)
class GenConfig:
    people: int
    export_dates: tuple[str, ...]
    out: Path
    seed: int = 7
    chunk_size: int = DEFAULT_CHUNK_SIZE
    workers: int = 0            # 0 = automatic
    xlsx_max_rows: int = XLSX_MAX_DATA_ROWS

    @property
    def params(self) -> ChunkParams:
        return ChunkParams(self.seed, self.people, self.chunk_size, self.export_dates)


def prepare_out(out: Path) -> None:
    """Empty landing/ and truth/ of a previous run; refuse to clobber foreign data."""
    out.mkdir(parents=True, exist_ok=True)
    landing, truth = out / "landing", out / "truth"
    if (landing.exists() or truth.exists()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} already holds landing/ or truth/ not written by datagen; "
                         "remove them or choose another --out")
    for d in (landing, truth):
        if d.exists():
            shutil.rmtree(d)
    (out / MARKER).write_text("written by python -m datagen; landing/ and truth/ are "
                              "regenerated on every run\n", encoding="utf-8")


def _results(cfg: GenConfig) -> Iterator[ChunkResult]:
    params = cfg.params
    n = params.n_chunks
    workers = cfg.workers or min(4, os.cpu_count() or 1)
    if n == 1 or workers <= 1:
        for i in range(n):
            yield generate_chunk(params, i)
        return
    with mp.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        nxt = 0
        while nxt < n and len(pending) < workers + 1:
            pending.append(pool.apply_async(generate_chunk, (params, nxt)))
            nxt += 1
        while pending:
            res = pending.popleft().get()
            if nxt < n:
                pending.append(pool.apply_async(generate_chunk, (params, nxt)))
                nxt += 1
            yield res


def generate(cfg: GenConfig, log: Callable[[str], None] = print) -> dict:
    """Write DIR/landing and DIR/truth; return the summary (also in truth/summary.json)."""
    started = time.perf_counter()
    prepare_out(cfg.out)
    dates = list(cfg.export_dates)
    n_chunks = cfg.params.n_chunks
    landing = LandingWriter(cfg.out / "landing", dates, cfg.xlsx_max_rows,
                            xlsx_processes=n_chunks > 1 and cfg.workers != 1)
    truth = TruthWriter(cfg.out / "truth")
    stats: dict[tuple[str, str, int], FileStats] = {}
    mentions: dict[str, list[int]] = {s: [0, 0] for s in SOURCES}
    people = people_with_mentions = 0
    for res in _results(cfg):
        for key, data in res.csv.items():
            landing.append_csv(key, data, res.stats[key].rows)
        for key, rows in res.xlsx.items():
            landing.append_xlsx(key, rows)
        for key, st in res.stats.items():
            acc = stats.setdefault(key, FileStats())
            acc.rows += st.rows
            acc.records += st.records
            acc.malformed_rows += st.malformed_rows
        for source, (total, live) in res.mentions.items():
            mentions[source][0] += total
            mentions[source][1] += live
        people += res.people
        people_with_mentions += res.people_with_mentions
        truth.append(res.people_csv, res.mentions_csv)
        if n_chunks > 1:
            log(f"chunk {res.index + 1}/{n_chunks} done "
                f"({time.perf_counter() - started:.1f}s)")
    written = landing.close()
    summary = build_summary(cfg, dates, stats, written, mentions, people, people_with_mentions)
    quarantine = [(f["path"], f["malformed_rows"]) for f in summary["files"] if f["malformed_rows"]]
    truth.close(quarantine, summary)
    summary_seconds = time.perf_counter() - started
    log(format_summary(summary, summary_seconds))
    return summary


def build_summary(cfg: GenConfig, dates: list[str], stats, written, mentions, people: int,
                  people_with_mentions: int) -> dict:
    files = []
    counts: dict = {}
    for (source, role), _spec in FILES.items():
        for j, date in enumerate(dates):
            st = stats.get((source, role, j), FileStats())
            parts = written[(source, role, j)]
            for path, n in parts:
                files.append({"path": path, "source": source, "role": role, "export_date": date,
                              "rows": n, "malformed_rows": st.malformed_rows if len(parts) == 1
                              else 0})
            counts.setdefault(source, {}).setdefault(role, {})[date] = {
                "rows": st.rows, "records": st.records, "malformed_rows": st.malformed_rows,
                "mention": preset(source, role).mention,
            }
    by_source = {}
    for source in SOURCES:
        total, live = mentions[source]
        role = MENTION_ROLE[source]
        by_source[source] = {
            "role": role, "mentions": total, "live_mentions": live, "deleted": total - live,
            "records_by_export_date": {d: counts[source][role][d]["records"] for d in dates},
        }
    return {
        "generator": "datagen",
        "args": {"people": cfg.people, "export_dates": dates, "seed": cfg.seed,
                 "chunk_size": cfg.chunk_size},
        "people": people,
        "people_with_mentions": people_with_mentions,
        "mentions": by_source,
        "totals": {
            "mentions": sum(m[0] for m in mentions.values()),
            "live_mentions": sum(m[1] for m in mentions.values()),
            "quarantined_rows": sum(f["malformed_rows"] for f in files),
            "landing_files": len(files),
        },
        "counts": counts,
        "files": files,
    }


def format_summary(summary: dict, seconds: float) -> str:
    lines = [f"datagen: {summary['people']} people, {summary['totals']['mentions']} mentions "
             f"({summary['totals']['live_mentions']} live), "
             f"{summary['totals']['quarantined_rows']} malformed rows, "
             f"{summary['totals']['landing_files']} files in {seconds:.1f}s"]
    lines.append(f"  {'source':<11} {'role':<14} " +
                 " ".join(f"{d:>12}" for d in summary["args"]["export_dates"]) + "   mentions/live")
    for source, roles in summary["counts"].items():
        for role, per_date in roles.items():
            cells = " ".join(f"{v['rows']:>12}" for v in per_date.values())
            m = summary["mentions"][source]
            tail = f"   {m['mentions']}/{m['live_mentions']}" if m["role"] == role else ""
            lines.append(f"  {source:<11} {role:<14} {cells}{tail}")
    lines.append("  (cells: data rows per export date)")
    return "\n".join(lines)
