"""Generated exports at a chosen scale, cached by scale and seed under ``data/bench/``.

Generating a million mentions takes minutes and is not what is being measured, so a
dataset is generated once per (people, seed) and reused; a folder whose generation
did not finish (no completion stamp) is generated again.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from datagen.generator import GenConfig, generate

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "bench"
SAMPLE_SUMMARY = PROJECT_ROOT / "data" / "sample" / "truth" / "summary.json"
# the shipped sample's two export dates: one full refresh sees both, as a first night would
EXPORT_DATES = ("2024-08-19", "2024-08-26")
#: for the increment bench: a first export then 15 weekly ones, each carrying ~1% new
#: records plus the updates of its week (the generator spreads late-born records and
#: updates over the later exports)
INCREMENT_DATES = tuple(f"2024-{m:02d}-{d:02d}" for m, d in (
    (8, 19), (8, 26), (9, 2), (9, 9), (9, 16), (9, 23), (9, 30), (10, 7), (10, 14), (10, 21), (10, 28),
    (11, 4), (11, 11), (11, 18), (11, 25), (12, 2)))
_STAMP = ".bench-complete"


@dataclass(frozen=True)
class Dataset:
    """One generated landing folder and its truth (``<root>/landing``, ``<root>/truth``)."""

    root: Path
    people: int
    seed: int
    mentions: int        # live customer mentions (what entity resolution sees)
    landing_rows: int    # data rows in every landing file (orders, interactions too)
    generate_s: float | None  # None: reused from the cache

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def truth(self) -> Path:
        return self.root / "truth"


def mentions_per_person(summary: Path = SAMPLE_SUMMARY) -> float:
    """Live mentions per person in the shipped sample (~2.6): turns --mentions into --people."""
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
        return data["totals"]["live_mentions"] / data["people"]
    except (OSError, KeyError, ZeroDivisionError, ValueError):
        return 2.6


def people_for_mentions(mentions: int) -> int:
    return max(1, round(mentions / mentions_per_person()))


def _landing_rows(summary: dict) -> int:
    """Data rows of all landing files (orders and interactions too), from the generator's summary."""
    return sum(int(f.get("rows", 0)) for f in summary.get("files", []))


def ensure_dataset(people: int, seed: int = 7, data_dir: Path = DEFAULT_DATA_DIR,
                   export_dates: tuple[str, ...] = EXPORT_DATES) -> Dataset:
    """The dataset for (people, seed, export dates), generated into ``data_dir`` unless
    already complete there."""
    suffix = "" if export_dates == EXPORT_DATES else f"-d{len(export_dates)}"
    root = Path(data_dir) / f"gen-p{people}-s{seed}{suffix}"
    stamp = root / _STAMP
    generate_s = None
    if not stamp.exists():
        started = time.perf_counter()
        generate(GenConfig(people=people, export_dates=tuple(export_dates), out=root, seed=seed))
        generate_s = time.perf_counter() - started
        stamp.write_text(json.dumps({"people": people, "seed": seed, "export_dates": export_dates}), encoding="utf-8")
    summary = json.loads((root / "truth" / "summary.json").read_text(encoding="utf-8"))
    return Dataset(root=root, people=people, seed=seed, mentions=int(summary["totals"]["live_mentions"]),
                   landing_rows=_landing_rows(summary), generate_s=generate_s)
