"""One end-to-end run of every asset, in process, on the shipped sample.

Asserts the warehouse against the generator's truth (data/sample/truth), not against
itself: every live mention exactly once, every staging model's record count, exact
file accounting. Other tests reuse the warehouse this run leaves behind.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_DIR
from tests.pii_scan import find_leaks

pytestmark = pytest.mark.e2e

TRUTH = SAMPLE_DIR / "truth"


@pytest.fixture(scope="session")
def wh(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    yield con
    con.close()


def truth_mentions() -> list[dict]:
    with open(TRUTH / "mentions.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_live_mention_exactly_once(wh):
    live = {(m["source_system"], m["source_record_id"]) for m in truth_mentions() if m["is_live"] == "true"}
    got = wh.execute("SELECT source_system, source_record_id FROM intermediate.int_customer_mentions").fetchall()
    assert len(got) == len(set(got)), "a mention appears twice"
    assert set(got) == live


def test_file_accounting_matches_truth(wh):
    summary = json.loads((TRUTH / "summary.json").read_text(encoding="utf-8"))
    logged = {r[0]: r[1:] for r in wh.execute(
        "SELECT file_path, rows_read, rows_loaded, rows_quarantined FROM raw._ingested_files").fetchall()}
    assert len(logged) == summary["totals"]["landing_files"]
    for f in summary["files"]:
        read, loaded, quarantined = logged[f["path"]]
        assert (read, quarantined) == (f["rows"], f["malformed_rows"]), f["path"]
        assert read == loaded + quarantined
    assert wh.execute("SELECT count(*) FROM raw._quarantine").fetchone()[0] == summary["totals"]["quarantined_rows"]


def test_mention_staging_models_match_truth(wh):
    mentions = truth_mentions()
    live_by_source: dict[str, int] = {}
    for m in mentions:
        if m["is_live"] == "true":
            live_by_source[m["source_system"]] = live_by_source.get(m["source_system"], 0) + 1
    models = {
        "salesforce": "stg_salesforce__contacts", "hubspot": "stg_hubspot__contacts",
        "zoho_crm": "stg_zoho_crm__contacts", "fxiaoke": "stg_fxiaoke__contacts",
        "shopify": "stg_shopify__orders", "taobao": "stg_taobao__orders", "feedback": "stg_feedback__tickets",
    }
    for source, model in models.items():
        assert wh.execute(f"SELECT count(*) FROM staging.{model}").fetchone()[0] == live_by_source[source], model


def test_other_staging_models_hold_each_record_once(wh):
    """Non-mention roles: one row per distinct well-formed record id across export dates."""
    summary = json.loads((TRUTH / "summary.json").read_text(encoding="utf-8"))
    for source, model, role in [("salesforce", "stg_salesforce__accounts", "accounts"),
                                ("salesforce", "stg_salesforce__opportunities", "opportunities"),
                                ("zoho_crm", "stg_zoho_crm__calls", "calls"),
                                ("fxiaoke", "stg_fxiaoke__accounts", "accounts"),
                                ("fxiaoke", "stg_fxiaoke__followups", "followups")]:
        n = wh.execute(f"SELECT count(*) FROM staging.{model}").fetchone()[0]
        per_date = summary["counts"][source][role]
        assert max(d["records"] for d in per_date.values()) <= n <= sum(d["records"] for d in per_date.values()), model
    lines = sum(d["rows"] for d in summary["counts"]["shopify"]["orders"].values())
    n_lines = wh.execute("SELECT count(*) FROM staging.stg_shopify__order_lines").fetchone()[0]
    assert 0 < n_lines <= lines


def test_crosswalk_has_every_live_mention_once_and_is_accurate(wh):
    live = {f"{m['source_system']}:{m['source_record_id']}": m["person_id"]
            for m in truth_mentions() if m["is_live"] == "true"}
    xref = dict(wh.execute("SELECT mention_key, customer_id FROM marts.customer_xref").fetchall())
    assert wh.execute("SELECT count(*) FROM marts.customer_xref").fetchone()[0] == len(xref) == len(live)
    assert set(xref) == set(live)
    # Pairwise precision/recall from cluster co-membership (small sample: enumerate pairs).
    from collections import defaultdict
    by_customer, by_person = defaultdict(set), defaultdict(set)
    for k, c in xref.items():
        by_customer[c].add(k)
        by_person[live[k]].add(k)
    pairs = lambda groups: {(a, b) for g in groups.values() for a in g for b in g if a < b}
    predicted, true = pairs(by_customer), pairs(by_person)
    precision = len(predicted & true) / len(predicted)
    recall = len(predicted & true) / len(true)
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= 0.98, precision
    assert f1 >= 0.97, (f1, precision, recall)


def test_reports_reconcile_with_orders(wh):
    orders = wh.execute("SELECT count(*), sum(amount_cny) FROM marts.fct_orders").fetchone()
    report = wh.execute("SELECT sum(order_count), sum(amount_cny) FROM marts.rpt_customer_value").fetchone()
    assert orders[0] == report[0] and abs(orders[1] - report[1]) < 1e-6
    staged = wh.execute("SELECT (SELECT count(*) FROM staging.stg_shopify__orders) + "
                        "(SELECT count(*) FROM staging.stg_taobao__orders)").fetchone()[0]
    assert orders[0] == staged
    interactions = wh.execute("SELECT count(*) FROM intermediate.int_interactions").fetchone()[0]
    assert wh.execute("SELECT sum(interaction_count) FROM marts.rpt_channel_effectiveness").fetchone()[0] == interactions


def test_every_gate_ran_and_passed(sample_run):
    evaluations = sample_run["result"].get_asset_check_evaluations()
    names = {e.check_name for e in evaluations}
    assert {"ge_raw_suite", "ge_staging_suite", "ge_entity_resolution_suite", "ge_marts_suite"} <= names
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    assert failed == []


def test_published_file_is_stamped_and_analyst_copy_is_masked(sample_run):
    with duckdb.connect(str(sample_run["published"]), read_only=True) as con:
        assert con.execute("SELECT run_id FROM meta.publish_info").fetchone()[0] == sample_run["result"].run_id
    analyst = sample_run["published"].with_name("crm_analyst.duckdb")
    with duckdb.connect(str(analyst), read_only=True) as con:
        schemas = {r[0] for r in con.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()}
        assert "raw" not in schemas
        raw_emails = [r[0] for r in duckdb.connect(str(sample_run["build"]), read_only=True).execute(
            "SELECT email FROM intermediate.int_customer_mentions WHERE email LIKE '%@%' LIMIT 50").fetchall()]
        hit = con.execute(
            "SELECT count(*) FROM intermediate.int_customer_mentions WHERE email IN (SELECT unnest($e))",
            {"e": raw_emails}).fetchone()[0]
        assert raw_emails and hit == 0
        # every personal column is declared in the dbt project: none was caught by the name rule only
        undeclared = con.execute("SELECT table_schema || '.' || table_name || '.' || column_name FROM meta.masking "
                                 "WHERE reason NOT LIKE '%dbt manifest%'").fetchall()
        assert undeclared == []
    assert (sample_run["reports"] / "data_quality.html").exists()


def test_analyst_copy_holds_no_raw_email_phone_birth_date_or_street_of_the_sample(sample_run):
    """Issue #6: every text / date column of the analysts' file, scanned for the sample's personal values."""
    analyst = sample_run["published"].with_name("crm_analyst.duckdb")
    leaks, n_personal, n_cells = find_leaks(analyst, sample_run["build"], TRUTH)
    assert n_personal > 10_000 and n_cells > 100_000  # the scan saw the sample
    assert leaks == []
    # the same scan on the full warehouse finds them: the check can fail
    full_leaks, _, _ = find_leaks(sample_run["published"], sample_run["build"], TRUTH)
    kinds = {kind for _, _, kind, _, _ in full_leaks}
    assert kinds == {"email", "phone", "birth_date", "street"}, full_leaks


def test_phones_right_and_never_invented_against_truth(wh):
    """Issue bar: >= 99% of phones valid in the truth come out as the right E.164; none invented."""
    wh.execute("CREATE OR REPLACE TEMP TABLE truth AS SELECT * FROM read_csv($p, all_varchar = true)",
               {"p": str(TRUTH / "mentions.csv")})
    valid, right, invented = wh.execute("""
        SELECT count(*) FILTER (WHERE t.phone_e164 <> ''),
               count(*) FILTER (WHERE t.phone_e164 <> '' AND t.phone_e164 IN (m.phone_e164, m.phone_e164_alt)),
               -- garbage written (no true number) and no second phone column it could come from
               count(*) FILTER (WHERE coalesce(t.phone_e164, '') = '' AND t.written_phone IS NOT NULL
                                AND m.phone_e164 IS NOT NULL AND (m.phone IS NULL OR m.mobile_phone IS NULL))
        FROM truth t JOIN intermediate.int_customer_mentions m USING (source_system, source_record_id)
    """).fetchone()
    assert right / valid >= 0.99, (right, valid)
    assert invented == 0


def test_han_names_get_the_right_pinyin_split(wh):
    """Family name always; given name wherever the export writes one (李先生 carries none)."""
    wh.execute("CREATE OR REPLACE TEMP TABLE truth AS SELECT * FROM read_csv($p, all_varchar = true)",
               {"p": str(TRUTH / "mentions.csv")})
    n, family_ok, given_ok, given_written = wh.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE m.family_name_latin = t.family_name_pinyin),
               count(*) FILTER (WHERE replace(m.given_name_latin, ' ', '') = t.given_name_pinyin),
               count(*) FILTER (WHERE m.given_name_latin IS NOT NULL AND m.name_reject_reason IS NULL)
        FROM truth t JOIN intermediate.int_customer_mentions m USING (source_system, source_record_id)
        WHERE m.name_script = 'han' AND t.family_name_pinyin <> ''
    """).fetchone()
    assert family_ok / n >= 0.99, (family_ok, n)
    assert given_ok / given_written >= 0.99, (given_ok, given_written)


def test_second_export_date_changes_ids_only_of_customers_whose_records_changed(sample_run, wh):
    """Night 2 adds the second export date on night 1's warehouse: untouched customers keep their ids.

    A record is touched when the second export carries it (new, updated or deleted). A
    mention may change customer_id only when its customer, on night 1 or night 2,
    holds a touched record.
    """
    from collections import defaultdict

    from tests.conftest import FIRST_EXPORT_DATE

    touched = {f"{m['source_system']}:{m['source_record_id']}" for m in truth_mentions()
               if m["last_export_date"] != FIRST_EXPORT_DATE}
    night1 = sample_run["night1_xref"]
    night2 = dict(wh.execute("SELECT mention_key, customer_id FROM marts.customer_xref").fetchall())
    members1, members2 = defaultdict(set), defaultdict(set)
    for k, c in night1.items():
        members1[c].add(k)
    for k, c in night2.items():
        members2[c].add(k)

    kept = [k for k in night1 if k in night2]
    moved = [k for k in kept if night1[k] != night2[k]]
    unexplained = [k for k in moved if not (members1[night1[k]] | members2[night2[k]]) & touched]
    # Matching evidence is partly population-level: a phone seen with three people is
    # "shared" and weighs less, term frequencies shift. When a deleted or updated record
    # of someone else changes that evidence, two untouched mentions may newly link (seen
    # here: one pair, after a deleted record took a landline below the shared count).
    assert len(unexplained) <= max(2, len(kept) // 1000), unexplained[:10]
    assert len(kept) > 0.9 * len(night1)  # deletions are few; nearly every night-1 mention is still live
    assert len(moved) < 0.05 * len(kept), len(moved)


def test_night_two_resolved_incrementally_and_equals_a_full_refresh(sample_run, wh):
    """Night 2 scored only the new or changed mentions and re-clustered only the customers
    they touch; replaying it as a full refresh from night 1's outputs gives the same tables."""
    import pandas as pd
    from dagster import AssetKey

    from entity_resolution import Thresholds, read_decisions, resolve
    from entity_resolution.mentions import read_mentions
    from orchestration.settings import DEFAULT_ER_DECISIONS, DEFAULT_ER_MODEL_DIR

    [event] = [m for m in sample_run["result"].get_asset_materialization_events()
               if m.asset_key == AssetKey(["marts", "customer_xref"])]
    meta = event.materialization.metadata
    increment = meta["increment"].value
    assert meta["refresh_mode"].value == "incremental", increment
    [(n,)] = wh.execute("SELECT count(*) FROM marts.customer_xref").fetchall()
    assert 0 < increment["changed_mentions"] < n / 2
    assert increment["pairs_kept"] > increment["pairs_scored"]

    [(run_id,)] = wh.execute("SELECT any_value(run_id) FROM marts.customer_xref").fetchall()
    full = resolve(None, read_mentions(wh), DEFAULT_ER_MODEL_DIR,
                   previous_xref=sample_run["night1_er"]["customer_xref"],
                   reserved_ids=sample_run["night1_er"]["customer_id_history"],
                   decisions=read_decisions(DEFAULT_ER_DECISIONS), thresholds=Thresholds(match=0.98, review=0.5),
                   run_id=run_id, charts=False, full_refresh=True)

    def same(table: str, published_sql: str, replayed, keys: list[str], drop=()):
        got = wh.sql(published_sql).to_arrow_table().to_pandas()
        got = got.drop(columns=list(drop)).sort_values(keys).reset_index(drop=True)
        want = replayed.to_pandas().drop(columns=list(drop)).sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=table)

    same("customer_xref", "SELECT * FROM marts.customer_xref", full.customer_xref, ["mention_key"])
    same("dim_customers", "SELECT * FROM marts.dim_customers", full.dim_customers, ["customer_id"])
    same("er_review_queue", "SELECT * FROM marts.er_review_queue", full.er_review_queue,
         ["mention_key_l", "mention_key_r"])
    same("customer_id_history", f"SELECT * FROM marts.customer_id_history WHERE run_id = '{run_id}'",
         full.customer_id_history, ["event", "customer_id", "from_customer_id"], drop=("at",))


def test_dbt_assets_report_their_row_counts(sample_run, wh):
    """Ops see each model's row count in the UI: the materialization metadata equals the table."""
    from dagster import AssetKey

    for schema, table in (("staging", "stg_hubspot__contacts"), ("intermediate", "int_customer_mentions"),
                          ("marts", "fct_orders")):
        [event] = [m for m in sample_run["result"].get_asset_materialization_events()
                   if m.asset_key == AssetKey([schema, table])]
        reported = event.materialization.metadata["dagster/row_count"].value
        assert reported == wh.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0] > 0
