"""End to end with real Splink + DuckDB on the synthetic mentions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from entity_resolution import settings as S
from entity_resolution.charts import remote_references
from entity_resolution.evaluate import blocking_recall, count_blocked_pairs, pairwise_metrics
from entity_resolution.model import load_model, model_version
from entity_resolution.pipeline import resolve
from entity_resolution.predict import score_new_mentions
from entity_resolution.prepare import prepare_mentions

RUN_AT = dt.datetime(2024, 6, 1, 2, 0)
F1_BAR = 0.88
PRECISION_BAR = 0.97


@pytest.fixture(scope="module")
def base_run(synthetic, trained_model, tmp_path_factory):
    mentions, _ = synthetic
    _, path = trained_model
    con = duckdb.connect()
    con.register("mentions_df", mentions)
    con.execute("create table int_customer_mentions as select * from mentions_df")
    out = tmp_path_factory.mktemp("er_charts")
    result = resolve(con, "int_customer_mentions", path, out_dir=out, run_id="run1", run_at=RUN_AT,
                     output_schema="er")
    return con, result, out


def _xref(result) -> pd.Series:
    return result.customer_xref.to_pandas().set_index("mention_key")["customer_id"]


def test_model_artifact(trained_model):
    model, path = trained_model
    doc = json.loads(Path(path).read_text())
    assert doc["format"] == "crm-er-model/1" and doc["version"] == model.version
    assert Path(path).name == f"er_model_{model.version}.json"
    loaded = load_model(path)
    assert loaded.version == model.version and loaded.splink_settings == model.splink_settings
    assert load_model(Path(path).parent).version == model.version  # directory -> newest
    assert model_version(loaded.splink_settings, loaded.term_frequencies) == model.version
    # every non-null level has trained (or floored) m and u
    for comp in loaded.splink_settings["comparisons"]:
        for lv in comp["comparison_levels"]:
            if not lv.get("is_null_level"):
                assert 0 < lv["m_probability"] <= 1 and 0 < lv["u_probability"] <= 1
    tampered = Path(path).with_name("tampered.json")
    doc["splink_settings"]["probability_two_random_records_match"] = 0.5
    tampered.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="does not match"):
        load_model(tampered)
    doc = json.loads(Path(path).read_text())  # frozen term frequencies are part of the version too
    doc["term_frequencies"]["full_name_latin"][0][1] *= 2
    tampered.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="does not match"):
        load_model(tampered)


def test_resolution_quality(base_run, synthetic):
    _, result, _ = base_run
    _, truth = synthetic
    m = pairwise_metrics(result.customer_xref.to_pandas(), truth, cluster_col="customer_id")
    assert m.f1 >= F1_BAR, m
    assert m.precision >= PRECISION_BAR, m
    x = _xref(result)
    # cross-script duplicate (张伟 / 'Wei Zhang' / swapped 'Wei Zhang') is one customer
    assert x["taobao:ZW1"] == x["crm:ZW2"] == x["shopify:ZW3"]
    # hard negatives stay apart: two different 王芳, colleagues sharing a switchboard
    assert x["taobao:WF1"] != x["taobao:WF2"]
    assert len({x["erp:SB1"], x["erp:SB2"], x["erp:SB3"]}) == 3
    # household trap: same address, landline, family mailbox and surname, different people
    assert x["crm:HH1"] != x["shopify:HH2"]


def test_outputs_schema_and_stats(base_run):
    con, result, _ = base_run
    xref = result.customer_xref.to_pandas()
    assert list(xref.columns) == ["mention_key", "source_system", "source_record_id", "customer_id",
                                  "cluster_size", "match_probability", "run_id", "model_version"]
    assert xref.mention_key.is_unique
    assert (xref.groupby("customer_id").size() == xref.groupby("customer_id").cluster_size.first()).all()
    dim = result.dim_customers.to_pandas()
    assert dim.customer_id.is_unique and set(dim.customer_id) == set(xref.customer_id)
    assert dim.mention_count.sum() == len(xref)
    hist = result.customer_id_history.to_pandas()
    assert set(hist.event) == {"created"} and len(hist) == len(dim)
    assert result.stats["n_customers"] == len(dim) and result.stats["n_mentions"] == len(xref)
    # written back to the caller's connection
    for name in ("customer_xref", "dim_customers", "er_review_queue", "customer_id_history"):
        assert con.execute(f"select count(*) from er.{name}").fetchall()[0][0] == getattr(result, name).num_rows


def test_review_queue(base_run):
    _, result, _ = base_run
    q = result.er_review_queue.to_pandas()
    assert len(q) > 0
    assert set(q.reason) == {"grey_zone"}
    assert ((q.match_probability >= 0.5) & (q.match_probability < 0.95)).all()
    for col in ("mention_key_l", "mention_key_r", "customer_id_l", "customer_id_r", "full_name_latin_l",
                "full_name_latin_r", "email_canonical_l", "email_canonical_r", "source_system_l",
                "gamma_name", "bf_name", "mw_name", "gamma_address", "bf_address", "match_weight",
                "same_customer"):
        assert col in q.columns, col
    # pairs across two customers first (the ones a reviewer can still join)
    assert list(q.same_customer) == sorted(q.same_customer)
    assert (q.bf_email > 0).all()


def test_charts_are_offline(base_run):
    _, result, out = base_run
    assert set(result.charts) == {"match_weights", "m_u_parameters", "comparison_viewer", "cluster_studio"}
    for path in result.charts.values():
        html = Path(path).read_text(encoding="utf-8")
        assert Path(path).parent == out
        assert len(html) > 10_000
        assert remote_references(html) == []
        assert "<script src=\"http" not in html and "<script src='http" not in html
    assert "vega" in Path(result.charts["match_weights"]).read_text(encoding="utf-8")


def test_decisions_split_and_join(base_run, trained_model):
    con, result, _ = base_run
    _, path = trained_model
    x = _xref(result)
    assert x["taobao:ZW1"] == x["crm:ZW2"] and x["taobao:WF1"] != x["taobao:WF2"]
    decisions = pd.DataFrame({
        "mention_key_l": ["crm:ZW2", "taobao:WF1"],
        "mention_key_r": ["taobao:ZW1", "taobao:WF2"],
        "decision": ["cannot_link", "must_link"],
    })
    r2 = resolve(con, "int_customer_mentions", path, previous_xref=result.customer_xref,
                 decisions=decisions, run_id="run2", run_at=RUN_AT, charts=False)
    x2 = _xref(r2)
    assert x2["taobao:ZW1"] != x2["crm:ZW2"]          # cannot_link splits a matching pair
    assert x2["taobao:WF1"] == x2["taobao:WF2"]       # must_link joins a non-matching pair
    # the third mention cannot bridge the cannot_link pair (transitivity)
    assert x2["shopify:ZW3"] in (x2["taobao:ZW1"], x2["crm:ZW2"])
    hist = r2.customer_id_history.to_pandas()
    assert {"split", "merged"} <= set(hist.event)
    assert (hist.loc[hist.event == "merged", "from_customer_id"].isin([x["taobao:WF1"], x["taobao:WF2"]])).all()
    # everything not touched by the decisions kept its id
    touched = {x["taobao:ZW1"], x["taobao:WF1"], x["taobao:WF2"]}
    same = x[~x.isin(touched)]
    assert (x2[same.index] == same).all()


def test_stable_ids_rerun_and_new_mentions(base_run, synthetic, trained_model):
    con, result, _ = base_run
    mentions, _ = synthetic
    _, path = trained_model
    again = resolve(con, "int_customer_mentions", path, previous_xref="er.customer_xref",
                    run_id="run1b", run_at=RUN_AT, charts=False)
    assert again.customer_xref.column("customer_id").equals(result.customer_xref.column("customer_id"))
    assert again.customer_id_history.num_rows == 0
    # history is appended on write, the crosswalk replaced (and re-read as previous)
    n_hist = con.execute("select count(*) from er.customer_id_history").fetchall()[0][0]
    resolve(con, "int_customer_mentions", path, previous_xref="er.customer_xref", run_id="run1c",
            run_at=RUN_AT, charts=False, output_schema="er",
            reserved_ids="er.customer_id_history")
    assert con.execute("select count(*) from er.customer_id_history").fetchall()[0][0] == n_hist
    assert con.execute("select count(*) from er.customer_xref where run_id = 'run1c'").fetchall()[0][0] == len(mentions)
    # a new order by the 张伟 customer joins its customer id ('updated')
    new = mentions[mentions.mention_key == "shopify:ZW3"].copy()
    new["mention_key"], new["source_record_id"] = "shopify:ZW4", "ZW4"
    grown = pd.concat([mentions, new], ignore_index=True)
    r3 = resolve(con, grown, path, previous_xref=result.customer_xref, run_id="run3", run_at=RUN_AT,
                 charts=False)
    x, x3 = _xref(result), _xref(r3)
    assert x3["shopify:ZW4"] == x["shopify:ZW3"]
    hist = r3.customer_id_history.to_pandas()
    assert list(hist.event) == ["updated"] and hist.customer_id.iloc[0] == x["shopify:ZW3"]
    assert (x3[x.index] == x).all()


def test_incremental_scoring(synthetic, trained_model):
    mentions, _ = synthetic
    model, _ = trained_model
    new_keys = ["shopify:ZW3", "taobao:WF2"]
    existing = mentions[~mentions.mention_key.isin(new_keys)]
    new = mentions[mentions.mention_key.isin(new_keys)]
    con = duckdb.connect()
    scored = score_new_mentions(model, con, existing, new, threshold=0.5)
    pairs = con.sql(f"select mention_key_l, mention_key_r, match_probability from {scored.table}").df()
    assert len(pairs) > 0
    assert (pairs.mention_key_l.isin(new_keys) | pairs.mention_key_r.isin(new_keys)).all()
    linked = set(pairs.loc[pairs.match_probability >= 0.95, ["mention_key_l", "mention_key_r"]].itertuples(index=False))
    assert {("taobao:ZW1", "shopify:ZW3"), ("crm:ZW2", "shopify:ZW3")} & linked


def test_blocking_recall_and_reduction(synthetic):
    mentions, truth = synthetic
    con = duckdb.connect()
    prepare_mentions(con, mentions, "prep")
    br = blocking_recall(con, "prep", truth, S.BLOCKING_RULES)
    n = len(mentions)
    blocked = count_blocked_pairs(con, "prep", S.BLOCKING_RULES)
    assert br["recall"] >= 0.85, br
    assert blocked < 0.01 * n * (n - 1) / 2
