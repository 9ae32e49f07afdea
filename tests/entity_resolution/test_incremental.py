"""Incremental resolution equals a full one (real Splink + DuckDB on the synthetic mentions).

Night 1 resolves 95% of the mentions in full.  Night 2 brings new mentions, changed ones
(a phone added, a name retyped), removes some, and carries a review decision; it is
resolved twice from night 1's outputs: incrementally (from night 1's state) and in
full.  Every output must be the same, and the increment must have scored only the
changed mentions' pairs.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pyarrow as pa
import pytest

from entity_resolution.incremental import unusable_reason
from entity_resolution.model import load_model
from entity_resolution.pipeline import Thresholds, resolve
from entity_resolution.predict import scaled_prior

RUN1, RUN2 = dt.datetime(2024, 6, 1, 2, 0), dt.datetime(2024, 6, 2, 2, 0)


def _nights(synthetic):
    mentions, _ = synthetic
    mentions = mentions.sort_values("mention_key").reset_index(drop=True)
    night1 = mentions.iloc[: int(len(mentions) * 0.95)].copy()  # within one prior step of night 2
    night2 = mentions.copy()
    # changes among night 1's mentions: a retyped name, a new phone, and two removals
    changed = night1["mention_key"].iloc[[5, 40, 41]].tolist()
    night2.loc[night2["mention_key"] == changed[0], "given_name_latin"] = "zzretyped"
    night2.loc[night2["mention_key"] == changed[1], "phone_e164"] = "+8613911112222"
    night2.loc[night2["mention_key"] == changed[2], "phone_e164"] = "+8613911112222"
    removed = night1["mention_key"].iloc[[7, 200]].tolist()
    night2 = night2[~night2["mention_key"].isin(removed)].reset_index(drop=True)
    return night1, night2, changed, removed


def _sorted(table: pa.Table, keys: list[str], drop: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = table.to_pandas()
    frame = frame.drop(columns=[c for c in drop if c in frame.columns])
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.fixture(scope="module")
def runs(synthetic, trained_model, tmp_path_factory):
    model, _ = trained_model
    night1, night2, changed, removed = _nights(synthetic)
    # a reviewer splits two mentions that night 1 linked
    x1 = resolve(None, night1, model, run_id="n1", run_at=RUN1, charts=False)
    linked = (x1.customer_xref.to_pandas().groupby("customer_id")["mention_key"].apply(sorted)
              .loc[lambda s: s.str.len() >= 2])
    pair = linked.iloc[0][:2]
    decisions = pd.DataFrame({"mention_key_l": [pair[0]], "mention_key_r": [pair[1]], "decision": ["cannot_link"]})
    common = dict(previous_xref=x1.customer_xref, decisions=decisions, run_id="n2", run_at=RUN2, charts=False,
                  reserved_ids=x1.customer_id_history)
    inc = resolve(None, night2, model, state=x1.state, **{**common, "charts": True},
                  out_dir=tmp_path_factory.mktemp("inc_charts"))
    full = resolve(None, night2, model, full_refresh=True, **common)
    return x1, inc, full, changed, removed, night2


def test_the_increment_scored_only_the_changed_mentions(runs):
    x1, inc, full, changed, removed, night2 = runs
    stats = inc.stats["increment"]
    assert stats["mode"] == "incremental", stats
    assert full.stats["increment"]["full_reason"] == "full refresh asked for"
    new = len(night2) - (x1.customer_xref.num_rows - len(removed))
    assert stats["changed_mentions"] == new + len(changed)
    assert stats["removed_mentions"] == len(removed)
    assert stats["pairs_kept"] > 0
    assert stats["pairs_kept"] + stats["pairs_scored"] >= full.stats["n_pairs_at_or_above_review"]
    assert stats["mentions_reclustered"] < len(night2) / 2
    assert set(inc.charts) >= {"comparison_viewer", "cluster_studio"}  # dashboards over the merged pairs


def test_increment_equals_full_refresh(runs):
    _, inc, full, *_ = runs
    pd.testing.assert_frame_equal(_sorted(inc.customer_xref, ["mention_key"]),
                                  _sorted(full.customer_xref, ["mention_key"]))
    pd.testing.assert_frame_equal(_sorted(inc.dim_customers, ["customer_id"]),
                                  _sorted(full.dim_customers, ["customer_id"]))
    pd.testing.assert_frame_equal(_sorted(inc.er_review_queue, ["mention_key_l", "mention_key_r"]),
                                  _sorted(full.er_review_queue, ["mention_key_l", "mention_key_r"]))
    pd.testing.assert_frame_equal(_sorted(inc.customer_id_history, ["event", "customer_id", "from_customer_id"]),
                                  _sorted(full.customer_id_history, ["event", "customer_id", "from_customer_id"]))
    # tomorrow's state too: the same pairs with the same scores
    pd.testing.assert_frame_equal(_sorted(inc.state.pairs, ["mention_key_l", "mention_key_r"], drop=("match_key",)),
                                  _sorted(full.state.pairs, ["mention_key_l", "mention_key_r"], drop=("match_key",)))


def test_the_state_keeps_scores_not_the_records_values(runs):
    """The records' values are joined back from tonight's prepared mentions: stored, they
    made the state several times larger (4 GiB to collect at a million mentions)."""
    _, inc, full, *_ = runs
    stored = set(inc.state.pairs.column_names)
    full_cols = json.loads(inc.state.meta["pair_columns"])
    assert {"mention_key_l", "mention_key_r", "match_probability", "match_weight"} <= stored
    assert any(c.startswith("gamma_") for c in stored) and any(c.startswith("mw_") for c in stored)
    assert "full_name_latin_l" in full_cols and "full_name_latin_l" not in stored
    assert len(stored) < len(full_cols) / 2
    # the review queue of the increment shows the records' values, widened back
    assert inc.er_review_queue.num_rows and "full_name_latin_l" in inc.er_review_queue.column_names


def test_the_decision_holds_in_the_increment(runs):
    x1, inc, *_ = runs
    assert inc.stats["decisions"]["cannot_link"] == 1
    assert inc.stats["id_events"].get("split", 0) >= 1


def test_state_is_refused_when_it_would_not_equal_a_full_run(runs, trained_model, synthetic):
    x1, inc, *_ = runs
    model, _ = trained_model
    assert unusable_reason(inc.state, model, 0.95, 0.5, inc.customer_xref) is None
    assert "thresholds" in unusable_reason(inc.state, model, 0.9, 0.5, inc.customer_xref)
    assert "not the state's run" in unusable_reason(inc.state, model, 0.95, 0.5, x1.customer_xref)
    assert "no state" in unusable_reason(None, model, 0.95, 0.5, inc.customer_xref)
    prior = inc.state.meta["prior"]
    assert unusable_reason(inc.state, model, 0.95, 0.5, inc.customer_xref, prior) is None
    assert "prior" in unusable_reason(inc.state, model, 0.95, 0.5, inc.customer_xref, prior * 2)
    population_tf = type(model)(model.splink_settings, "other", "", term_frequencies=None)
    assert "frozen term frequencies" in unusable_reason(inc.state, population_tf, 0.95, 0.5, inc.customer_xref)
    older = type(inc.state)(inc.state.fingerprints, inc.state.pairs,
                            {k: v for k, v in inc.state.meta.items() if k != "pair_columns"})
    assert "older version" in unusable_reason(older, model, 0.95, 0.5, inc.customer_xref)
    # and a run with such a state falls back to a full refresh, saying why
    _, night2, *_ = _nights(synthetic)
    again = resolve(None, night2, model, previous_xref=x1.customer_xref, state=inc.state, charts=False,
                    thresholds=Thresholds(match=0.9, review=0.5))
    assert again.stats["increment"]["mode"] == "full"
    assert "thresholds" in again.stats["increment"]["full_reason"]


def test_frozen_term_frequencies_travel_with_the_model(trained_model):
    model, path = trained_model
    assert model.term_frequencies and set(model.term_frequencies) >= {"name_han_full", "full_name_latin"}
    loaded = load_model(path)
    assert loaded.version == model.version
    assert loaded.term_frequencies == model.term_frequencies
    freqs = [tf for _, tf in model.term_frequencies["full_name_latin"]]
    assert abs(sum(freqs) - 1) < 1e-6


def test_the_prior_follows_the_population_in_whole_bits(trained_model):
    model, _ = trained_model
    n, prior = model.stats["n_mentions"], model.splink_settings["probability_two_random_records_match"]
    assert scaled_prior(model, n) == prior
    assert scaled_prior(model, int(n * 1.3)) == prior  # growth within a step: same prior, increments stay exact
    assert scaled_prior(model, int(n * 0.75)) == prior
    assert scaled_prior(model, n * 2) == prior / 2
    big = scaled_prior(model, (n - 1) * 200 + 1)
    assert big == pytest.approx(prior * 2.0 ** round(math.log2(1 / 200)))
    assert big < prior / 150
