"""`make bench`'s harness at a tiny scale: real generator, real nightly job, real figures.

One run on 300 generated people (no retraining, the sample's F1 given so the harness
does not run the sample too). The JSON must hold every stage with a positive time,
rows that match what was generated and built, and rates that follow from them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from benchmarks.cli import main

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # a whole generated run (~3 min): `make test-all`

STAGES = ["ingestion", "dbt staging", "dbt start-up, overhead", "standardization", "entity resolution",
          "prediction", "clustering", "other", "quality gates", "dbt marts", "quality report", "publish",
          "Dagster, between steps"]
NO_ROWS = {"dbt start-up, overhead", "Dagster, between steps"}


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> dict:
    data_dir = tmp_path_factory.mktemp("bench")
    out = data_dir / "results.json"
    assert main(["--people", "300", "--skip-retrain", "--sample-f1", "0.9",
                 "--data-dir", str(data_dir), "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    result["_data_dir"] = str(data_dir)
    return result


def test_every_stage_has_a_positive_time_and_a_sensible_rate(bench):
    stages = {s["name"]: s for s in bench["stages"]}
    assert list(stages) == STAGES
    for name in STAGES:
        stage = stages[name]
        assert stage["wall_s"] > 0, name
        assert 0 < stage["peak_rss_gib"] < 8, name
        if name in NO_ROWS:
            continue
        assert stage["rows"] > 0, name
        assert math.isclose(stage["rows_per_s"], stage["rows"] / stage["wall_s"]), name
    # the top-level stages account for the run (in-process executor: one step after another)
    top = sum(s["wall_s"] for s in bench["stages"] if s["level"] == 0)
    assert math.isclose(top, bench["end_to_end_s"], rel_tol=0.01)
    assert stages["Dagster, between steps"]["wall_s"] < 0.5 * bench["end_to_end_s"]
    er = stages["entity resolution"]
    parts = sum(stages[n]["wall_s"] for n in ("prediction", "clustering", "other"))
    assert math.isclose(parts, er["wall_s"], rel_tol=0.01)


def test_rows_match_what_was_generated_and_resolved(bench):
    stages = {s["name"]: s for s in bench["stages"]}
    scale = bench["scale"]
    assert scale["people"] == 300 and scale["mentions"] > 300
    assert stages["ingestion"]["rows"] == scale["landing_rows"]  # every generated row read, malformed ones too
    assert stages["entity resolution"]["rows"] == scale["mentions"]  # every live mention resolved once


def test_entity_resolution_figures_against_the_truth(bench):
    er = bench["entity_resolution"]
    assert er["comparisons"] > 0 and er["true_pairs"] > 0
    assert 0.5 < er["blocking_recall"] <= 1
    assert er["found_true_pairs"] <= er["true_pairs"]
    assert 0.8 < er["pairwise_f1"] <= 1
    assert 0 < er["prediction_plus_clustering_s"] < bench["end_to_end_s"]
    blocking = next(s for s in bench["extra_stages"] if s["name"] == "blocking")
    assert blocking["wall_s"] > 0 and blocking["rows"] == bench["scale"]["mentions"]


def test_targets_judged_and_private_run_folders_removed(bench, tmp_path_factory):
    targets = {t["name"]: t for t in bench["targets"]}
    assert {"full refresh, end to end", "peak RSS, process tree", "ER prediction + clustering",
            "blocking recall", "pairwise F1 (sample's as floor)"} <= set(targets)
    assert "retraining" not in targets  # --skip-retrain
    assert targets["peak RSS, process tree"]["passed"] is True
    assert all(isinstance(t["passed"], bool) for t in targets.values())
    runs = Path(bench["_data_dir"]) / "runs"
    assert not runs.exists() or not any(runs.iterdir())
    assert bench["peak_rss_gib"] >= max(s["peak_rss_gib"] for s in bench["stages"])
