"""Classification models and marts, built for real with dbt on a hand-made raw layer
(tests/dbt/marts_fixture.py = the base fixture + mart-specific rows).

The build runs the way the nightly pipeline must: everything upstream of the
entity-resolution crosswalk, then the crosswalk (written here as entity resolution
would: identity, except three Taobao buyers whose orders are merged into one customer
each), then everything downstream of it. Then `dbt docs generate`, whose catalog and
manifest must describe every column of every mart.

Asserted: exact values (a USD and a EUR order in CNY, feedback classified by Chinese
and English keyword rules, RFM scores on a set small enough to score by hand, lifecycle
mappings and the funnel), and the reconciliations of every report with staging —
recomputed here in Python, independently of the dbt singular tests (which must pass too).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.dbt.dbt_runner import one, run_dbt

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1] / "dbt_project"

_spec = importlib.util.spec_from_file_location("marts_fixture", HERE / "marts_fixture.py")
marts_fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(marts_fixture)

MART_MODELS = {
    "fct_orders", "fct_order_lines", "fct_interactions", "fct_opportunities", "fct_feedback",
    "dim_accounts", "rpt_channel_effectiveness", "rpt_customer_value", "rpt_sales_funnel",
    "rpt_feedback_summary",
}
CLASSIFICATION_MODELS = {
    "int_industry_classified", "int_interactions_classified", "int_feedback_classified",
    "int_lifecycle_stages", "int_orders_classified", "int_order_lines_classified",
    "int_customer_value_classified",
}
RECONCILIATION_TESTS = {
    "assert_orders_reconcile_with_staging", "assert_order_lines_reconcile_with_staging",
    "assert_interactions_reconcile_with_staging", "assert_feedback_reconciles_with_staging",
    "assert_sales_funnel_reconciles_with_staging", "assert_customer_xref_covers_every_mention",
    "assert_marts_customer_rows_are_consistent",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("marts")
    db = tmp / "warehouse.duckdb"
    marts_fixture.build_raw(db)
    statuses: dict[str, str] = {}

    def dbt(*args: str) -> None:
        statuses.update(run_dbt(db, tmp, *args))

    # 1. everything the marts need that does not read the crosswalk (staging and
    #    intermediate tests belong to test_dbt_models.py: skipped here for speed)
    #    (cautious: an exclusion by path must not drag along the reconciliation tests
    #    that merely read a staging model)
    dbt("build", "--threads", "4", "--indirect-selection", "cautious",
        "--select", "+path:models/marts", "path:seeds/classification",
        "--exclude", "source:entity_resolution+",
        "resource_type:test,path:models/staging",
        "resource_type:test,path:models/intermediate/_int__models.yml")
    # 2. entity resolution's output
    assert marts_fixture.write_customer_xref(db) > 0
    # 3. everything downstream of the crosswalk
    dbt("build", "--threads", "4", "--select", "source:entity_resolution+")
    # 4. documentation (catalog from the warehouse, descriptions from the manifest)
    dbt("docs", "generate", "--no-compile")
    (tmp / "statuses.json").write_text(json.dumps(statuses))
    return tmp


def d(value: str) -> Decimal:
    return Decimal(value)


# --------------------------------------------------------------------------- build


def test_every_model_and_test_passes(warehouse):
    statuses = json.loads((warehouse / "statuses.json").read_text())
    models = {k.split(".")[-1]: v for k, v in statuses.items() if k.startswith("model.")}
    assert MART_MODELS | CLASSIFICATION_MODELS <= set(models)
    assert set(models.values()) == {"success"}
    tests = {k: v for k, v in statuses.items() if k.startswith("test.")}
    assert len(tests) > 150
    assert {k: v for k, v in tests.items() if v != "pass"} == {}   # not even a warning
    singular = {k.split(".")[2] for k in tests}
    assert RECONCILIATION_TESTS <= singular
    seeds = {k.split(".")[-1] for k, v in statuses.items() if k.startswith("seed.") and v == "success"}
    assert {"industry_taxonomy", "channel_mapping", "feedback_keyword_rules", "lifecycle_stage_mapping",
            "fx_rates", "rfm_segments"} <= seeds


# --------------------------------------------------------------------------- orders


def test_usd_and_eur_orders_in_cny(con):
    row = one(con, """
        select source_system, mention_key, customer_id, currency, fx_rate_to_cny, amount_original, amount_cny,
               subtotal_cny, shipping_cny, order_status, is_paid_order, order_date, item_count, line_count
        from marts.fct_orders where order_key = 'shopify:#1001'""")
    assert row == ("shopify", "shopify:#1001", "C-shopify:#1001", "USD", d("7.100000"), d("150.00"),
                   d("1065.00"), d("994.00"), d("71.00"), "fulfilled", True, dt.date(2024, 8, 19), 3, 2)
    # 99.99 EUR × 7.70 = 769.923 -> 769.92
    assert one(con, "select currency, amount_original, amount_cny from marts.fct_orders "
                    "where order_key = 'shopify:#1003'") == ("EUR", d("99.99"), d("769.92"))
    # 2024-08-31 20:30 at UTC-7 = 2024-09-01 03:30 UTC = 11:30 in Shanghai
    assert one(con, "select ordered_at, order_date, order_status, is_paid_order from marts.fct_orders "
                    "where order_key = 'shopify:#1004'") == (
        dt.datetime(2024, 9, 1, 3, 30), dt.date(2024, 9, 1), "pending_payment", False)
    # Taobao: CNY at 1, category where the export gives one
    assert one(con, """select amount_cny, product_category, customer_id from marts.fct_orders
                       where order_id = '3012345678900000102'""") == (d("600.00"), "餐饮具", "C-VIP")


def test_order_lines_priced_in_cny(con):
    lines = con.execute("""
        select order_line_key, order_line_id, sku, quantity, unit_price_original, unit_price_cny, line_amount_original,
               line_amount_cny, customer_id
        from marts.fct_order_lines where order_key = 'shopify:#1001' order by line_number""").fetchall()
    assert lines == [
        ("shopify:#1001:1", "#1001-1", "TEA-1", 1, d("100.00"), d("710.00"), d("100.00"), d("710.00"), "C-shopify:#1001"),
        ("shopify:#1001:2", "#1001-2", "CUP-2", 2, d("20.00"), d("142.00"), d("40.00"), d("284.00"), "C-shopify:#1001"),
    ]


# --------------------------------------------------------------------------- feedback


def test_feedback_categories_from_source_and_keyword_rules(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select ticket_id, channel, category, category_source, category_rule_id, is_open, customer_id
        from marts.fct_feedback""").fetchall()}
    assert rows == {
        # own category, mapped onto the five
        "FB-0001": ("email", "service_quality", "source", None, False, "C-feedback:FB-0001"),   # billing
        "FB-0008": ("email", "product_experience", "source", None, False, "C-feedback:FB-0008"),  # Product Quality
        "FB-0009": ("social", "complaint", "source", None, True, "C-feedback:FB-0009"),          # returns, 微博
        # empty category: Chinese keyword rules
        "FB-0002": ("phone", "complaint", "rule", "FBK-ZH-006", True, "C-feedback:FB-0002"),     # 物流太慢: 太慢 beats 物流
        "FB-0003": ("wechat", "complaint", "rule", "FBK-ZH-002", True, "C-feedback:FB-0003"),    # 破损 (ties 退换 by rule_id)
        "FB-0004": ("wechat", "product_experience", "rule", "FBK-ZH-021", False, "C-feedback:FB-0004"),  # 尺码 beats 建议
        # empty category: English keyword rules (whole words)
        "FB-0005": ("web", "suggestion", "rule", "FBK-EN-030", True, "C-feedback:FB-0005"),      # please add
        "FB-0006": ("web", "service_quality", "rule", "FBK-EN-040", False, "C-feedback:FB-0006"),  # app -> web
        # `late` must not fire on `translate`: no rule, default
        "FB-0007": ("email", "other", "default", None, True, "C-feedback:FB-0007"),
    }


def test_feedback_summary(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select feedback_summary_key, ticket_count, open_ticket_count, rated_ticket_count, avg_satisfaction,
               rule_categorized_count
        from marts.rpt_feedback_summary""").fetchall()}
    assert rows["complaint:wechat"] == (1, 1, 1, 1.0, 1)
    assert rows["product_experience:email"] == (1, 0, 1, 5.0, 0)
    assert sum(r[0] for r in rows.values()) == 9


# --------------------------------------------------------------------------- interactions


def test_interaction_channels_and_outcomes(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select interaction_key, source_channel, channel, outcome, is_follow_up_success, customer_id
        from marts.fct_interactions""").fetchall()}
    assert rows["fxiaoke:GJ-004"] == ("视频会议", "meeting", "success", True, "C-fxiaoke:LXR-0001")
    assert rows["fxiaoke:GJ-005"] == ("邮件往来", "email", "in_progress", False, "C-fxiaoke:LXR-0001")
    assert rows["fxiaoke:GJ-006"] == ("电话", "phone", "success", True, "C-fxiaoke:LXR-0002")
    assert rows["fxiaoke:GJ-002"] == ("微信沟通", "wechat", "in_progress", False, None)     # contact never delivered
    assert rows["fxiaoke:GJ-003"] == ("上门拜访", "visit", "failed", False, "C-fxiaoke:10003")
    assert rows["zoho_crm:zcrm_3152079000000200003"] == (
        "Outbound call", "phone", "in_progress", False, "C-zoho_crm:zcrm_3152079000000153080")
    assert rows["zoho_crm:zcrm_3152079000000200002"] == ("Outbound call", "phone", "unknown", None, None)


def test_channel_effectiveness(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select channel, interaction_count, distinct_customers, avg_satisfaction, interactions_with_outcome,
               successful_interaction_count, follow_up_success_rate, feedback_ticket_count
        from marts.rpt_channel_effectiveness""").fetchall()}
    # phone: 3 Zoho calls (1 success, 1 in progress, 1 unknown) + GJ-001, GJ-006 (success, 5 and 3)
    assert rows["phone"] == (5, 4, 4.0, 4, 3, 0.75, 1)
    assert rows["meeting"] == (1, 1, 4.0, 1, 1, 1.0, 0)
    assert rows["web"] == (0, 0, None, 0, 0, None, 2)
    assert set(rows) == {"phone", "wechat", "email", "visit", "meeting", "web", "social"}


# --------------------------------------------------------------------------- customer value


def test_rfm_scores_segments_and_customer_types(con):
    got = {r[0]: r[1:] for r in con.execute("""
        select customer_id, r_score, f_score, m_score, rfm_segment, customer_type
        from marts.rpt_customer_value where paid_order_count > 0""").fetchall()}
    assert got == marts_fixture.EXPECTED_RFM
    # customers whose orders were never paid: in the report, without RFM
    unpaid = con.execute("""select customer_id, order_count, r_score, rfm_segment, customer_type
                            from marts.rpt_customer_value where paid_order_count = 0
                            order by customer_id""").fetchall()
    assert unpaid == [("C-shopify:#1002", 1, None, None, None), ("C-shopify:#1004", 1, None, None, None),
                      ("C-taobao:3012345678901234568", 1, None, None, None)]


def test_customer_value_of_a_merged_customer(con):
    row = one(con, """
        select source_systems, order_count, amount_cny, paid_order_count, paid_amount_cny, first_paid_order_date,
               last_paid_order_date, reference_date, recency_days, purchase_frequency_per_month,
               preferred_product_category, rfm_score, fm_score
        from marts.rpt_customer_value where customer_id = 'C-VIP'""")
    # 5 orders (one closed: 999.00) merged by entity resolution; 4 paid = 2600.00;
    # 4 paid orders over 213 days since 2024-03-01 = 4 / 7.1 months; 餐饮具 1400 > 茶 1200
    assert row == ("taobao", 5, d("3599.00"), 4, d("2600.00"), dt.date(2024, 3, 1), dt.date(2024, 9, 30),
                   dt.date(2024, 9, 30), 0, 0.5634, "餐饮具", "555", 5)
    assert one(con, "select count(*), count(distinct mention_key) from marts.fct_orders where customer_id = 'C-VIP'") \
        == (5, 5)


# --------------------------------------------------------------------------- lifecycle, industry


def test_lifecycle_stage_mapping(con):
    hubspot = dict(con.execute("""select record_id, lifecycle_stage from intermediate.int_lifecycle_stages
                                  where source_system = 'hubspot'""").fetchall())
    assert hubspot == {"51101": "customer", "51102": "other", "51103": "qualified", "51104": "qualified",
                       "51105": "lead", "51106": "customer", "51107": "opportunity"}
    opportunities = dict(con.execute("select stage_name, lifecycle_stage from marts.fct_opportunities").fetchall())
    assert opportunities == {"Closed Won": "customer", "Prospecting": "lead", "Negotiation/Review": "opportunity",
                             "Closed Lost": "lost", "Id. Decision Makers": "opportunity",
                             "Qualification": "qualified"}
    fxiaoke = dict(con.execute("select account_id, lifecycle_stage from marts.dim_accounts "
                               "where source_system = 'fxiaoke'").fetchall())
    assert fxiaoke == {"KH-001": "customer", "KH-002": "lead", "KH-003": "customer"}


def test_sales_funnel(con):
    rows = {r[0]: r[1:] for r in con.execute("""
        select lifecycle_stage, record_count, reached_count, conversion_rate_from_previous, win_rate
        from marts.rpt_sales_funnel where source_system = 'salesforce'""").fetchall()}
    assert rows == {
        "lead": (1, 5, None, None),
        "qualified": (1, 4, 0.8, None),
        "opportunity": (2, 3, 0.75, None),
        "customer": (1, 1, 0.3333, 0.5),   # 1 won of 2 closed
        "lost": (1, None, None, None),
        "other": (0, None, None, None),
    }


def test_industry_taxonomy(con):
    industries = dict(con.execute("""select record_id, industry from intermediate.int_industry_classified
                                     where source_system = 'hubspot'""").fetchall())
    assert industries == {
        "51101": "Technology & Software",   # Technology (exact)
        "51102": "Unknown",                 # empty
        "51103": "Technology & Software",   # Information Technology and Services
        "51104": "Healthcare",              # 生物科技: 生物 outranks 科技
        "51105": "Technology & Software",   # Fintech: contains tech
        "51106": "Other",                   # Widgets: no rule
        "51107": "Technology & Software",   # ＩＴ服务: full width folded, exact
    }
    assert one(con, "select industry from marts.dim_accounts where account_key = 'fxiaoke:KH-003'") \
        == ("Logistics & Transportation",)   # 物流运输
    assert one(con, "select industry from marts.fct_opportunities where opportunity_id = '0065g00000OpP1AAAA'") \
        == ("Technology & Software",)


# --------------------------------------------------------------------------- reconciliation


def _fx_rates() -> dict[str, Decimal]:
    with (PROJECT / "seeds" / "classification" / "fx_rates.csv").open(encoding="utf-8") as f:
        return {r["currency"]: Decimal(r["cny_per_unit"]) for r in csv.DictReader(f)}


def test_orders_reconcile_with_staging(con):
    rates = _fx_rates()
    staged = con.execute("""
        select currency, total_amount from staging.stg_shopify__orders
        union all select 'CNY', total_amount from staging.stg_taobao__orders""").fetchall()
    expected = sum((total * rates[currency]).quantize(Decimal("0.01"), ROUND_HALF_UP) for currency, total in staged)
    fct_count, fct_amount = one(con, "select count(*), sum(amount_cny) from marts.fct_orders")
    rpt_count, rpt_amount, rpt_customers = one(
        con, "select sum(order_count), sum(amount_cny), count(*) from marts.rpt_customer_value")
    assert (fct_count, fct_amount) == (len(staged), expected) == (rpt_count, rpt_amount)
    assert rpt_customers == one(con, "select count(distinct customer_id) from marts.fct_orders")[0]
    assert one(con, "select sum(paid_amount_cny) from marts.rpt_customer_value") \
        == one(con, "select sum(amount_cny) from marts.fct_orders where is_paid_order")
    assert one(con, "select count(*) from marts.fct_order_lines") == one(con, """
        select (select count(*) from staging.stg_shopify__order_lines) + (select count(*) from staging.stg_taobao__orders)""")


def test_interactions_reconcile_with_staging(con):
    staged = one(con, """select (select count(*) from staging.stg_zoho_crm__calls)
                               + (select count(*) from staging.stg_fxiaoke__followups)""")[0]
    assert staged == 9
    assert one(con, "select count(*) from intermediate.int_interactions")[0] == staged
    assert one(con, "select count(*) from marts.fct_interactions")[0] == staged
    assert one(con, "select sum(interaction_count) from marts.rpt_channel_effectiveness")[0] == staged
    assert one(con, "select sum(successful_interaction_count) from marts.rpt_channel_effectiveness") \
        == one(con, "select count(*) from marts.fct_interactions where outcome = 'success'")


def test_feedback_reconciles_with_staging(con):
    staged = one(con, "select count(*) from staging.stg_feedback__tickets")[0]
    assert staged == 9
    for sql in ("select count(*) from intermediate.int_feedback",
                "select count(*) from marts.fct_feedback",
                "select sum(ticket_count) from marts.rpt_feedback_summary",
                "select sum(feedback_ticket_count) from marts.rpt_channel_effectiveness"):
        assert one(con, sql)[0] == staged, sql
    assert one(con, "select sum(open_ticket_count) from marts.rpt_feedback_summary") \
        == one(con, "select count(*) from marts.fct_feedback where is_open") == (5,)


def test_sales_funnel_reconciles_with_staging(con):
    funnel = dict(con.execute("select source_system, sum(record_count) from marts.rpt_sales_funnel "
                              "group by 1").fetchall())
    assert funnel == {
        "hubspot": one(con, "select count(*) from staging.stg_hubspot__contacts")[0],
        "salesforce": one(con, "select count(*) from staging.stg_salesforce__opportunities")[0],
        "fxiaoke": one(con, "select count(*) from staging.stg_fxiaoke__accounts")[0],
    }
    assert funnel == {"hubspot": 7, "salesforce": 6, "fxiaoke": 3}


# --------------------------------------------------------------------------- documentation


def test_docs_describe_every_mart_column(warehouse):
    catalog = json.loads((warehouse / "target" / "catalog.json").read_text())
    manifest = json.loads((warehouse / "target" / "manifest.json").read_text())
    checked = set()
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node["name"] not in MART_MODELS | CLASSIFICATION_MODELS:
            continue
        assert node["description"].strip(), f"{node['name']} has no description"
        built_columns = {c.lower() for c in catalog["nodes"][unique_id]["columns"]}
        documented = {name.lower(): col["description"] for name, col in node["columns"].items()}
        undocumented = sorted(c for c in built_columns if not (documented.get(c) or "").strip())
        assert undocumented == [], f"{node['name']}: columns without a description: {undocumented}"
        stale = sorted(set(documented) - built_columns)
        assert stale == [], f"{node['name']}: documented columns that do not exist: {stale}"
        checked.add(node["name"])
    assert checked == MART_MODELS | CLASSIFICATION_MODELS
    # the crosswalk source is declared once and documented
    sources = [s for s in manifest["sources"].values() if s["source_name"] == "entity_resolution"]
    assert sorted((s["schema"], s["name"]) for s in sources) == [
        ("marts", "customer_xref"), ("marts", "dim_customers"), ("marts", "er_review_queue")]
    assert all(s["description"].strip() for s in sources)
