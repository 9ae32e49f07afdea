"""quality.score_history: save, replace, read back the last N runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from quality import load_history, save_history, score_quality

AS_OF = dt.datetime(2024, 8, 27, 6, 0)


@pytest.fixture
def con(tmp_path: Path):
    c = duckdb.connect(str(tmp_path / "h.duckdb"))
    yield c
    c.close()


def test_round_trip_of_scores(make_warehouse):
    wh = make_warehouse(persist=True)
    scores = score_quality(wh, AS_OF)
    n = save_history(wh, scores, run_id="night-1")
    assert n == len(scores.flat_metrics())
    [run] = load_history(wh)
    assert run["run_id"] == "night-1"
    assert run["scored_at"] == AS_OF
    assert run["metrics"] == pytest.approx(scores.flat_metrics())
    cols = wh.execute("SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = 'quality' AND table_name = 'score_history' ORDER BY ordinal_position").fetchall()
    assert cols == [("run_id", "VARCHAR"), ("scored_at", "TIMESTAMP"), ("metric", "VARCHAR"), ("value", "DOUBLE")]


def test_last_n_oldest_first_and_rerun_replaces(con):
    assert load_history(con) == []                                     # no table yet
    for day in range(1, 6):
        save_history(con, {"a.completeness": day / 10, "a.validity": 1.0}, run_id=f"r{day}",
                     scored_at=dt.datetime(2024, 8, day, 6, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    save_history(con, {"a.completeness": 0.99}, run_id="r5", scored_at=dt.datetime(2024, 8, 5, 6))  # re-run
    runs = load_history(con, last_n=3)
    assert [r["run_id"] for r in runs] == ["r3", "r4", "r5"]
    assert runs[0]["scored_at"] == dt.datetime(2024, 8, 2, 22)         # +08:00 stored as UTC
    assert runs[0]["metrics"] == {"a.completeness": 0.3, "a.validity": 1.0}
    assert runs[-1]["metrics"] == {"a.completeness": 0.99}
    assert [r["run_id"] for r in load_history(con, before=dt.datetime(2024, 8, 2, 12))] == ["r1", "r2"]
    assert con.execute("SELECT count(*) FROM quality.score_history").fetchall() == [(9,)]


def test_plain_mapping_needs_a_timestamp(con):
    with pytest.raises(ValueError):
        save_history(con, {"a.validity": 1.0})
