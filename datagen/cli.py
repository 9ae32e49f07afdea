"""Command line: `python -m datagen --people N --export-dates D1,D2 --out DIR --seed S`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from datagen.generator import DEFAULT_CHUNK_SIZE, GenConfig, generate


def _dates(text: str) -> tuple[str, ...]:
    dates = tuple(d.strip() for d in text.split(",") if d.strip())
    if not dates:
        raise argparse.ArgumentTypeError("at least one export date is required")
    for d in dates:
        try:
            if dt.date.fromisoformat(d).isoformat() != d:
                raise ValueError
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {d!r}") from None
    if list(dates) != sorted(set(dates)):
        raise argparse.ArgumentTypeError("export dates must be distinct and ascending")
    return dates


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m datagen",
        description="Generate deterministic CRM raw exports (DIR/landing) and their ground "
                    "truth (DIR/truth). Same arguments -> byte-identical output.")
    p.add_argument("--people", type=_positive, required=True, help="number of true people")
    p.add_argument("--export-dates", type=_dates, required=True,
                   help="comma-separated export dates, ascending (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, required=True,
                   help="output directory (its landing/ and truth/ are replaced)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--chunk-size", type=_positive, default=DEFAULT_CHUNK_SIZE,
                   help=f"people per chunk (default {DEFAULT_CHUNK_SIZE}); part of the "
                        "output's identity: changing it changes the data")
    p.add_argument("--workers", type=int, default=0,
                   help="worker processes (default: up to 4; output does not depend on it)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    generate(GenConfig(people=args.people, export_dates=args.export_dates, out=args.out,
                       seed=args.seed, chunk_size=args.chunk_size, workers=args.workers))
    return 0
