"""A verdict written in the review file flips that pair in the next run of the real asset.

Starts from the sample run's working warehouse (a copy), writes a decisions CSV the way
a reviewer would (one pair the model linked -> cannot_link, one grey-zone pair from
`marts.er_review_queue` -> must_link), materializes `resolve_customers` with it and
checks both outcomes flipped while every other customer kept its id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize

from orchestration.assets.entity_resolution import resolve_customers
from orchestration.resources import EntityResolutionSettings, LandingZone, RefreshMode, WarehouseResource
from orchestration.settings import DEFAULT_ER_MODEL_DIR


def _xref(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT mention_key, customer_id FROM marts.customer_xref").fetchall())


def _pairs(db: Path) -> tuple[tuple[str, str], tuple[str, str]]:
    """A pair the model linked (a two-mention customer) and the likeliest grey-zone pair it did not."""
    with duckdb.connect(str(db), read_only=True) as con:
        linked = con.execute(
            "SELECT min(mention_key), max(mention_key) FROM marts.customer_xref WHERE cluster_size = 2 "
            "GROUP BY customer_id ORDER BY customer_id LIMIT 1").fetchone()
        grey = con.execute(
            "SELECT mention_key_l, mention_key_r FROM marts.er_review_queue "
            "WHERE reason = 'grey_zone' AND NOT same_customer "
            "ORDER BY match_probability DESC, mention_key_l, mention_key_r LIMIT 1").fetchone()
    assert linked and grey, "the sample should have a linked pair and a grey-zone pair"
    return tuple(linked), tuple(grey)


def test_review_file_decisions_flip_pairs_in_next_run(sample_run, tmp_path):
    build = tmp_path / "crm_build.duckdb"
    shutil.copyfile(sample_run["build"], build)
    before = _xref(build)
    (a, b), (c, d) = _pairs(build)
    assert before[a] == before[b] and before[c] != before[d]

    decisions = tmp_path / "review_decisions.csv"
    decisions.write_text(
        "mention_key_l,mention_key_r,decision,decided_at,reviewer,note\n"
        "# reviewed 2024-08-27\n"
        f"{a},{b},cannot_link,2024-08-27T09:00:00,ops,different people sharing a mailbox\n"
        f"{d},{c},must_link,2024-08-27,ops,same person after a move\n",
        encoding="utf-8",
    )
    result = materialize(
        [resolve_customers],
        resources={
            "warehouse": WarehouseResource(database=str(build)),
            "landing": LandingZone(path=str(sample_run["landing"])),
            "er": EntityResolutionSettings(model_dir=str(DEFAULT_ER_MODEL_DIR), decisions_file=str(decisions),
                                           charts_dir=str(tmp_path / "charts")),
            "refresh": RefreshMode(),
        },
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    after = _xref(build)
    assert after[a] != after[b], "cannot_link must split the pair the model linked"
    assert after[c] == after[d], "must_link must join the pair the model left apart"

    # Only the customers the two decisions touch may change ids.
    touched = {before[k] for k in (a, b, c, d)}
    moved = {k for k in before if before[k] != after[k]}
    assert moved, "a flipped pair moves at least one mention"
    assert all(before[k] in touched for k in moved), sorted(moved)[:10]
    with duckdb.connect(str(build), read_only=True) as con:
        events = {r[0] for r in con.execute(
            "SELECT DISTINCT event FROM marts.customer_id_history WHERE run_id = ?", [result.run_id]).fetchall()}
    assert {"split", "merged"} <= events, events
