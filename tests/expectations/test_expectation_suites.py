"""The GE suites on a small real DuckDB warehouse: it passes, then each corruption fails
the matching suite with a message naming the source, the column and the observed value."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from expectations import BLOCKING, WARNING, validate
from expectations.bench import AS_OF, MARTS_SPEC, build_synthetic_warehouse
from expectations.config import Replace, deep_merge
from expectations.context import get_context

MENTIONS = 1400  # 200 per source


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "crm.duckdb"
    with duckdb.connect(str(path)) as con:
        build_synthetic_warehouse(con, MENTIONS)
    return path


@pytest.fixture(scope="module")
def gx_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gx")


@pytest.fixture
def db(base_db, tmp_path):
    """A private copy of the warehouse, open for writing (corruptions) then validated."""
    path = tmp_path / "crm.duckdb"
    shutil.copyfile(base_db, path)
    con = duckdb.connect(str(path))
    yield con
    con.close()


def run(con, suite, gx_root, **kw):
    kw.setdefault("data_docs", False)
    return validate(con, suite, thresholds=MARTS_SPEC, as_of=AS_OF, gx_root=gx_root, run_id="test", **kw)


def failed(outcome, check_prefix):
    return [r for r in outcome.results if not r.success and r.check_id.startswith(check_prefix)]


def test_clean_warehouse_passes_every_suite_with_data_docs(base_db, gx_root):
    con = duckdb.connect(str(base_db), read_only=True)
    try:
        outcomes = {s: run(con, s, gx_root, data_docs=True, previous_duplicate_rate=0.66)
                    for s in ("raw", "staging", "entity_resolution", "marts")}
    finally:
        con.close()
    for name, o in outcomes.items():
        assert o.success, o.summary()
        assert o.n_failed == 0 and o.n_blocking_failed == 0, o.summary()
        assert o.n_evaluated == len(o.results) > 0
        assert o.data_docs_index and o.data_docs_index.startswith("file://")
        assert Path(o.data_docs_index[len("file://"):]).is_file()
        assert "/expectations/uncommitted/" not in o.data_docs_index  # the test used its own GE project
        assert o.data_docs_pages and all(Path(p[len("file://"):]).is_file() for p in o.data_docs_pages)
        assert {r.severity for r in o.results} <= {BLOCKING, WARNING}
    # aggregates, not rows: only the tiny raw._ingested_files frame is read into pandas
    assert outcomes["staging"].rows_read == {"staging.mentions": 0}
    assert 0 < outcomes["raw"].rows_read["raw.files"] < 100
    rate = outcomes["entity_resolution"].metrics["duplicate_rate"]
    assert rate == pytest.approx(1 - 467 / 1400, abs=1e-9)
    staging = {r.check_id: r for r in outcomes["staging"].results}
    assert staging["share__email__hubspot"].observed_value > 0.9
    assert staging["share__email__hubspot"].expectation_type == "expect_column_max_to_be_between"
    # the per-run artifacts went to <gx_root>/uncommitted, the config was copied, analytics off
    assert (gx_root / "gx" / "great_expectations.yml").is_file()
    assert (gx_root / "uncommitted" / "validations" / "staging" / "mentions").is_dir()
    assert get_context(gx_root).config.analytics_enabled is False


def test_emails_emptied_in_one_source_fail_staging(db, gx_root):
    db.execute("UPDATE intermediate.int_customer_mentions SET email = NULL WHERE source_system = 'hubspot'")
    o = run(db, "staging", gx_root)
    assert not o.success
    [r] = failed(o, "share__email__")
    assert (r.source, r.column, r.severity, r.observed_value) == ("hubspot", "email", BLOCKING, 0.0)
    assert r.message.startswith("hubspot: share of valid emails 0.00 < 0.85 (column email")
    assert r.sample and all(row["email"] is None for row in r.sample)
    assert all(x.source == "hubspot" for x in o.blocking_failures)


def test_validity_columns_are_used_when_they_exist(db, gx_root):
    db.execute("ALTER TABLE intermediate.int_customer_mentions ADD COLUMN email_is_valid BOOLEAN")
    db.execute("UPDATE intermediate.int_customer_mentions SET email_is_valid = email IS NOT NULL "
               "AND NOT (source_system = 'zoho_crm' AND CAST(source_record_id AS BIGINT) % 2 = 0)")
    o = run(db, "staging", gx_root)
    valid, invalid = db.execute(
        "SELECT avg(CAST(email_is_valid AS INT)), count(*) FILTER (WHERE email IS NOT NULL AND NOT email_is_valid) "
        "FROM intermediate.int_customer_mentions WHERE source_system = 'zoho_crm'").fetchone()
    [r] = failed(o, "share__email__")
    assert r.source == "zoho_crm" and r.observed_value == pytest.approx(valid) and valid < 0.8
    assert f"share of valid emails {valid:.2f} < 0.80 (column email)" in r.message
    # the rows flagged invalid are also reported row by row, as a warning
    [w] = failed(o, "malformed__email__")
    assert w.severity == WARNING and w.source == "zoho_crm" and w.observed_value == invalid > 90


def test_duplicated_key_fails_staging(db, gx_root):
    db.execute("INSERT INTO intermediate.int_customer_mentions SELECT * FROM intermediate.int_customer_mentions "
               "WHERE mention_key = 'shopify:4'")
    o = run(db, "staging", gx_root)
    assert not o.success
    [dup] = failed(o, "duplicate__mention_key")
    assert dup.observed_value == 1 and dup.column == "mention_key" and dup.source == "shopify"
    assert dup.message.startswith("shopify: 1 duplicated mention_key values (column mention_key)")
    assert "shopify:4" in dup.message
    [rid] = failed(o, "duplicate__source_record_id__")
    assert rid.source == "shopify" and "(column source_record_id)" in rid.message


def test_negative_amount_fails_marts(db, gx_root):
    db.execute("UPDATE marts.fct_orders SET total_amount = -12.5 WHERE order_key = 'taobao:5'")
    o = run(db, "marts", gx_root)
    assert not o.success
    [neg] = failed(o, "negative__marts_fct_orders__total_amount")
    assert (neg.observed_value, neg.column, neg.source) == (1, "total_amount", "taobao")
    assert neg.message.startswith("taobao: 1 negative total_amount values in marts.fct_orders (column total_amount)")
    assert "-12.50" in neg.message
    # the report no longer reconciles with its fact
    [rec] = failed(o, "reconcile__revenue_by_source")
    assert rec.observed_value == pytest.approx(20 + 12.5)
    assert "revenue_by_source" in rec.message and "difference 32.50" in rec.message


def test_marts_spec_follows_renamed_columns(db, gx_root):
    db.execute("ALTER TABLE marts.fct_orders RENAME COLUMN total_amount TO amount")
    o = run(db, "marts", gx_root)
    [miss] = failed(o, "missing_columns__marts_fct_orders")
    assert miss.column == "total_amount" and "thresholds.yml" in miss.message
    spec = deep_merge(MARTS_SPEC, {"marts": {"tables": {"marts.fct_orders": {"non_negative": ["amount"]}},
                                             "reconciliations": []}})
    o = validate(db, "marts", thresholds={"marts": Replace(spec["marts"])}, as_of=AS_OF, gx_root=gx_root,
                 data_docs=False)
    assert o.success, o.summary()


def test_raw_unparsed_file_collapse_and_empty_required_column(db, gx_root):
    db.execute("UPDATE raw._ingested_files SET status = 'failed' "
               "WHERE source_system = 'taobao' AND export_date = DATE '2024-08-26'")
    db.execute("UPDATE raw._ingested_files SET rows_read = 4, rows_loaded = 4 "
               "WHERE source_system = 'hubspot' AND export_date = DATE '2024-08-26'")
    db.execute("UPDATE raw._ingested_files SET rows_quarantined = 3 "
               "WHERE source_system = 'feedback' AND export_date = DATE '2024-08-19'")
    db.execute("""UPDATE raw.salesforce__contacts SET "Email" = NULL WHERE _export_date = DATE '2024-08-26'""")
    o = run(db, "raw", gx_root)
    assert not o.success
    [status] = failed(o, "file_status")
    assert status.observed_value == 1
    assert status.message.startswith("taobao: file taobao/2024-08-26/orders.csv has status 'failed'")
    assert "(column status)" in status.message
    [balance] = failed(o, "rows_balance")
    assert balance.message.startswith("feedback: file feedback/2024-08-19/tickets.csv read 35 rows but loaded 35")
    [collapse] = failed(o, "row_count_ratio__hubspot__contacts")
    assert collapse.observed_value == pytest.approx(4 / 35)
    assert collapse.message == ("hubspot: latest export 2024-08-26 of raw.hubspot__contacts has 4 rows, 0.11 of "
                                "the previous export 2024-08-19 (35 rows) < 0.50 (column _export_date)")
    [empty] = failed(o, "required_columns__salesforce__contacts")
    assert empty.column == "Email" and empty.source == "salesforce" and empty.observed_value == 1
    assert "entirely empty in the latest export 2024-08-26" in empty.message


def test_raw_key_repeated_within_one_file_blocks_but_not_across_exports_or_line_items(db, gx_root):
    # the synthetic raw tables repeat every record id across the three export dates: versions, not duplicates
    latest = "(SELECT max(_export_date) FROM raw.{t})"
    db.execute(f"""INSERT INTO raw.zoho_crm__contacts SELECT * REPLACE (_record_number + 1000 AS _record_number)
                   FROM raw.zoho_crm__contacts WHERE "Record Id" = 'zoho_crm-contacts-7'
                   AND _export_date = {latest.format(t='zoho_crm__contacts')}""")
    # Shopify writes one row per line item: the order Name on several rows of one file is fine
    db.execute(f"""INSERT INTO raw.shopify__orders SELECT * REPLACE (_record_number + 1000 AS _record_number)
                   FROM raw.shopify__orders WHERE _export_date = {latest.format(t='shopify__orders')}""")
    # a changed file under the same name (other sha256) repeats its ids: a new version, not a duplicate
    db.execute(f"""INSERT INTO raw.hubspot__contacts SELECT * REPLACE ('sha-changed' AS _file_sha256)
                   FROM raw.hubspot__contacts WHERE _export_date = {latest.format(t='hubspot__contacts')}""")
    o = run(db, "raw", gx_root)
    assert not o.success
    assert [r.check_id for r in o.blocking_failures] == ["key_unique_in_file__zoho_crm__contacts"]
    [dup] = o.blocking_failures
    assert (dup.source, dup.column, dup.relation, dup.observed_value) == (
        "zoho_crm", "Record Id", "raw.zoho_crm__contacts", 1)
    assert dup.message.startswith("zoho_crm: 1 record id(s) on more than one row of one file of "
                                  "raw.zoho_crm__contacts (column Record Id), e.g. (file_path=")
    assert "Record Id='zoho_crm-contacts-7', n='2', record_numbers='[8, 1008]'" in dup.message
    assert dup.sample[0]["record_numbers"] == [8, 1008]


def test_entity_resolution_coverage_cluster_size_and_duplicate_rate(db, gx_root):
    db.execute("DELETE FROM marts.customer_xref WHERE mention_key = 'fxiaoke:3'")
    db.execute("UPDATE marts.customer_xref SET customer_id = 'cus_big' WHERE CAST(source_record_id AS BIGINT) < 80")
    db.execute("INSERT INTO marts.dim_customers (customer_id) VALUES ('cus_big')")
    o = run(db, "entity_resolution", gx_root, previous_duplicate_rate=0.40)
    assert not o.success
    [missing] = failed(o, "missing_from_xref__")
    assert (missing.source, missing.column, missing.observed_value) == ("fxiaoke", "mention_key", 1)
    assert "fxiaoke:3" in missing.message
    [big] = failed(o, "max_cluster_size")
    assert big.observed_value == 79 and "cus_big" in big.message and "> 50" in big.message
    [rate] = failed(o, "duplicate_rate")
    assert "outside [0.35, 0.45]" in rate.message and "previous run's 0.400" in rate.message
    assert o.metrics["duplicate_rate"] == pytest.approx(rate.observed_value)


def test_row_level_finding_warns_without_blocking(db, gx_root):
    db.execute("UPDATE intermediate.int_customer_mentions SET phone = 'n/a' WHERE mention_key = 'salesforce:7'")
    db.execute("UPDATE intermediate.int_customer_mentions SET birth_date = DATE '1850-01-01' "
               "WHERE mention_key = 'zoho_crm:2'")
    o = run(db, "staging", gx_root)
    assert o.success, o.summary()
    assert o.n_blocking_failed == 0 and o.n_warnings == 2
    birth, phone = sorted(o.warnings, key=lambda r: r.check_id)
    assert phone.message == ("salesforce: 1 malformed phone values (fewer than 6 digits) (column phone), "
                             "e.g. (mention_key='salesforce:7', phone='n/a')")
    assert birth.source == "zoho_crm" and birth.column == "birth_date" and "1850-01-01" in birth.message


def test_future_dates_block_when_a_source_has_many(db, gx_root):
    db.execute("UPDATE intermediate.int_customer_mentions SET created_at = TIMESTAMP '2031-01-01' "
               "WHERE source_system = 'feedback' AND CAST(source_record_id AS BIGINT) % 10 = 6")
    o = run(db, "staging", gx_root)
    [share] = failed(o, "implausible_share__created_at__feedback")
    assert share.severity == BLOCKING and share.observed_value == pytest.approx(0.1)
    assert share.message.startswith("feedback: share of created_at values outside 1990-01-01 .. 2024-08-28 06:00 "
                                    "0.10 > 0.02 (20 of 200) (column created_at)")


def test_unknown_source_system_is_named(db, gx_root):
    db.execute("UPDATE intermediate.int_customer_mentions SET source_system = 'sap' WHERE mention_key = 'hubspot:1'")
    o = run(db, "staging", gx_root)
    [bad] = failed(o, "accepted_values__source_system")
    assert bad.source == "sap" and bad.observed_value == 1
    assert bad.message.startswith("sap: 1 rows with source_system outside the accepted values (column source_system)")
