"""The dbt project, built for real on a hand-made raw layer (tests/dbt/dbt_raw_fixture.py).

One `dbt build` (models + data tests) into a scratch DuckDB, then assertions on the
staging and intermediate models: counts, latest version wins, deleted records gone,
exact UTC conversions, Excel quirks, reference resolution across export dates.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from tests.dbt.dbt_runner import one, run_dbt

HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("dbt_raw_fixture", HERE / "dbt_raw_fixture.py")
fixture_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture_data)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("dbt")
    db = tmp / "warehouse.duckdb"
    fixture_data.build_raw(db)
    # everything up to the crosswalk; the marts downstream of entity resolution are tested in test_marts.py
    statuses = run_dbt(db, tmp, "build", "--no-partial-parse", "--exclude", "source:entity_resolution+")
    (tmp / "statuses.json").write_text(json.dumps(statuses))
    return tmp


def test_every_model_and_data_test_passes(warehouse):
    statuses = json.loads((warehouse / "statuses.json").read_text())
    models = {k: v for k, v in statuses.items() if k.startswith("model.")}
    tests = {k: v for k, v in statuses.items() if k.startswith("test.")}
    assert len(models) >= 21
    assert set(models.values()) == {"success"}
    assert len(tests) > 50
    # not even a warning: the fixture follows the contract
    assert {k: v for k, v in tests.items() if v != "pass"} == {}


def test_mentions_one_per_live_record_per_source(con):
    counts = dict(con.execute(
        "select source_system, count(*) from intermediate.int_customer_mentions group by 1").fetchall())
    assert counts == {
        "salesforce": 2,  # 4 contacts delivered; one deleted later, one deleted from the start
        "hubspot": 2,
        "zoho_crm": 2,
        "fxiaoke": 3,
        "shopify": 2,     # orders, not line items
        "taobao": 2,
        "feedback": 2,
    }
    keys = [r[0] for r in con.execute("select mention_key from intermediate.int_customer_mentions").fetchall()]
    assert len(keys) == len(set(keys))
    assert "shopify:#1001" in keys and "taobao:3012345678901234567" in keys


def test_deleted_salesforce_records_are_gone(con):
    ids = {r[0] for r in con.execute("select contact_id from staging.stg_salesforce__contacts").fetchall()}
    assert ids == {"0035g00000AbCdEAAA", "0035g00000NoAcCAAA"}
    accounts = {r[0] for r in con.execute("select account_id from staging.stg_salesforce__accounts").fetchall()}
    assert "0015g00000GoNeAAAA" not in accounts


def test_latest_version_wins(con):
    row = one(con, """
        select family_name, full_name, job_title, company, industry, export_date, updated_at, street
        from intermediate.int_customer_mentions where mention_key = 'salesforce:0035g00000AbCdEAAA'""")
    assert row == ("ZHANG", "Wei ZHANG", "CTO", "Acme Corp", "Technology", dt.date(2024, 8, 26),
                   dt.datetime(2024, 8, 25, 10, 0), "100 Main St\nSuite 5")
    # same file name re-loaded on the same export date: the later ingestion wins
    assert one(con, "select email from intermediate.int_customer_mentions where mention_key = 'hubspot:51102'") \
        == ("amy.chen@example.com",)


def test_utc_conversion(con):
    def created(key):
        return one(con, "select created_at from intermediate.int_customer_mentions where mention_key = ?", key)[0]

    assert created("salesforce:0035g00000AbCdEAAA") == dt.datetime(2024, 8, 19, 1, 30)   # ...Z
    assert created("hubspot:51101") == dt.datetime(2024, 8, 19, 16, 30)                  # naive UTC-7
    assert created("hubspot:51102") == dt.datetime(2024, 8, 19, 6, 10)                   # crosses midnight
    assert created("zoho_crm:zcrm_3152079000000153079") == dt.datetime(2024, 8, 19, 1, 30)
    assert created("fxiaoke:LXR-0001") == dt.datetime(2024, 8, 19, 1, 30)                # Excel serial
    assert created("fxiaoke:LXR-0002") == dt.datetime(2024, 8, 19, 1, 30)                # 2024/8/19 9:30
    assert created("shopify:#1001") == dt.datetime(2024, 8, 19, 1, 30)                   # +0800
    assert created("shopify:#1002") == dt.datetime(2024, 8, 20, 15, 0)                   # -0700
    assert created("taobao:3012345678901234567") == dt.datetime(2024, 8, 19, 1, 30)
    assert created("feedback:FB-0002") == dt.datetime(2024, 8, 19, 15, 59, 59)
    # 2024年8月19日 (a date, midnight Shanghai)
    assert one(con, "select updated_at from intermediate.int_customer_mentions where mention_key = 'fxiaoke:LXR-0001'") \
        == (dt.datetime(2024, 8, 18, 16, 0),)
    assert one(con, "select last_activity_at from staging.stg_hubspot__contacts where contact_id = '51101'") \
        == (dt.datetime(2024, 8, 21, 1, 45),)


def test_dates_and_excel_quirks(con):
    births = dict(con.execute("""
        select mention_key, birth_date from intermediate.int_customer_mentions
        where birth_date is not null""").fetchall())
    assert births == {
        "salesforce:0035g00000AbCdEAAA": dt.date(1985, 3, 2),   # 1985-03-02
        "zoho_crm:zcrm_3152079000000153079": dt.date(1985, 3, 2),  # 03/02/1985
        "fxiaoke:LXR-0001": dt.date(1985, 3, 2),                # Excel serial 31108.0
    }
    # taobao: ="..." guard off the id, ' guard off the phones; address kept whole
    assert one(con, """
        select source_record_id, phone, mobile_phone, street, username
        from intermediate.int_customer_mentions where source_system = 'taobao' and full_name = '张伟'""") == (
        "3012345678901234567", "0571-88886666", "13800138000",
        "浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)", "tb_zhangwei")
    # fxiaoke: phones keep their Excel damage for the standardization step; id `10003.0` -> `10003`
    assert one(con, "select phone, mobile_phone, full_name from intermediate.int_customer_mentions "
                    "where mention_key = 'fxiaoke:LXR-0001'") == ("1088886666.0", "13800138000.0", "张 伟")
    assert one(con, "select count(*) from intermediate.int_customer_mentions where mention_key = 'fxiaoke:10003'") == (1,)
    assert one(con, "select satisfaction from staging.stg_fxiaoke__followups where followup_id = 'GJ-003'") == (2,)


def test_shopify_orders_and_lines(con):
    order = one(con, """
        select fulfillment_status, line_count, item_quantity, total_amount, billing_zip, billing_phone, export_date
        from staging.stg_shopify__orders where order_name = '#1001'""")
    assert order[0:3] == ("fulfilled", 2, 3)          # re-exported: latest version, lines not doubled
    assert float(order[3]) == 150.0
    assert order[4:] == ("94105", "+1 415-555-0134", dt.date(2024, 8, 26))
    lines = con.execute("""
        select order_line_key, product_name, quantity, line_amount from intermediate.int_order_lines
        where order_key = 'shopify:#1001' order by line_number""").fetchall()
    assert [(k, p, q, float(a)) for k, p, q, a in lines] == [
        ("shopify:#1001:1", "Tea set", 1, 100.0),
        ("shopify:#1001:2", "Tea cup", 2, 40.0),
    ]
    statuses = dict(con.execute("select order_key, order_status from intermediate.int_orders").fetchall())
    assert statuses == {
        "shopify:#1001": "fulfilled",
        "shopify:#1002": "cancelled",
        "taobao:3012345678901234567": "completed",
        "taobao:3012345678901234568": "pending_payment",
    }


def test_interactions_resolve_across_exports_and_keep_orphans(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select interaction_key, mention_key, is_reference_resolved, channel, direction, outcome, occurred_at
        from intermediate.int_interactions""").fetchall()}
    assert rows == {
        # call exported 08-26 about a contact exported 08-19
        "zoho_crm:zcrm_3152079000000200001": ("zoho_crm:zcrm_3152079000000153079", True, "phone", "inbound",
                                              None, dt.datetime(2024, 8, 26, 2, 0)),
        "zoho_crm:zcrm_3152079000000200002": (None, False, "phone", "outbound", None,
                                              dt.datetime(2024, 8, 26, 3, 0)),
        "fxiaoke:GJ-001": ("fxiaoke:LXR-0001", True, "phone", None, "success",
                           dt.datetime(2024, 8, 26, 2, 30)),               # Excel serial time
        "fxiaoke:GJ-002": (None, False, "wechat", None, "in_progress",
                           dt.datetime(2024, 8, 25, 16, 0)),               # 2024年8月26日
        "fxiaoke:GJ-003": ("fxiaoke:10003", True, "visit", None, "failed",
                           dt.datetime(2024, 8, 26, 6, 5)),                # 2024/8/26 14:05
    }


def test_fxiaoke_account_by_shared_name_is_deterministic_and_flagged(con):
    picks = {r[0]: r[1:] for r in con.execute("""
        select contact_id, account_id, industry, account_match_count, is_account_ambiguous
        from intermediate.int_fxiaoke__contacts_joined_to_accounts""").fetchall()}
    assert picks == {
        "LXR-0001": ("KH-001", "互联网", 1, False),
        "LXR-0002": ("KH-003", "物流", 2, True),   # same city as the contact wins
        "10003": ("KH-002", "贸易", 2, True),      # no location match: lowest 客户编号
    }
    assert one(con, "select is_company_ambiguous from intermediate.int_customer_mentions "
                    "where mention_key = 'fxiaoke:LXR-0002'") == (True,)
