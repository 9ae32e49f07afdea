"""Entity resolution against the generated truth: comparisons, blocking recall, time to block.

Splink generates and scores candidate pairs in one call, so the nightly run cannot say
how long blocking alone took. After the run, the bench prepares the run's own mentions
(read from its build) exactly as the model does and counts the candidate pairs of the
model's blocking rules with DuckDB equi-joins: that count is the number of comparisons
Splink scored, and its wall time is the blocking figure (measured apart from the run).
Blocking recall is the share of true pairs (same person in the truth) the rules find.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from entity_resolution import settings as er_settings
from entity_resolution._db import connect, execute
from entity_resolution.evaluate import blocking_recall, count_blocked_pairs
from entity_resolution.mentions import read_mentions
from entity_resolution.prepare import prepare_mentions


@dataclass(frozen=True)
class BlockingFigures:
    mentions: int
    comparisons: int        # candidate pairs of the blocking rules = pairs Splink scores
    blocking_s: float       # wall time to generate (count) them, measured apart from the run
    prepare_s: float
    true_pairs: int
    found_true_pairs: int
    recall: float


def _load_truth(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> str:
    """The generator's truth as (mention_key, person_id) of live mentions, as table ``bench_truth``."""
    path = str(Path(truth_dir) / "mentions.csv").replace("'", "''")
    execute(con, f"""
        create or replace table bench_truth as
        select source_system || ':' || source_record_id as mention_key, person_id
        from read_csv('{path}', all_varchar = true, header = true)
        where is_live = 'true'
    """)
    return "bench_truth"


def blocking_figures(build: Path, truth_dir: Path) -> BlockingFigures:
    with duckdb.connect(str(build), read_only=True) as src:
        mentions = read_mentions(src)
    con = connect()
    try:
        started = time.perf_counter()
        prepared = prepare_mentions(con, mentions, "bench_prepared")
        prepare_s = time.perf_counter() - started
        started = time.perf_counter()
        comparisons = count_blocked_pairs(con, prepared, er_settings.BLOCKING_RULES)
        blocking_s = time.perf_counter() - started
        recall = blocking_recall(con, prepared, _load_truth(con, truth_dir), er_settings.BLOCKING_RULES)
    finally:
        con.close()
    return BlockingFigures(mentions=mentions.num_rows, comparisons=comparisons, blocking_s=blocking_s,
                           prepare_s=prepare_s, true_pairs=recall["true_pairs"],
                           found_true_pairs=recall["found_true_pairs"], recall=recall["recall"])
