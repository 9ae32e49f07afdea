"""Ingestion on small real export files: every preset, every quirk, exact accounting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.loader import ensure_tables, ingest_source
from ingestion.presets import load_presets

PRESETS = load_presets()


def ingest_all(con, landing: Path):
    ensure_tables(con, PRESETS)
    return {name: ingest_source(con, preset, landing) for name, preset in PRESETS.items()}


def rows(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchall()


def test_every_file_balances_read_loaded_quarantined(con, landing):
    reports = ingest_all(con, landing)
    files = [f for r in reports.values() for f in r.files]
    assert len(files) == 11
    for f in files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.file_path
    logged = rows(con, "SELECT sum(rows_read), sum(rows_loaded), sum(rows_quarantined) FROM raw._ingested_files")[0]
    assert logged[0] == logged[1] + logged[2]
    assert logged[2] == rows(con, "SELECT count(*) FROM raw._quarantine")[0][0] == 5


def test_quarantine_names_file_record_field_and_reason(con, landing):
    ingest_all(con, landing)
    q = rows(con, "SELECT file_path, record_number, field, reason FROM raw._quarantine ORDER BY file_path, record_number")
    assert q == [
        ("fxiaoke/2024-08-19/联系人_2024-08-19.xlsx", 3, "联系人编号", "empty record id in field '联系人编号'"),
        ("salesforce/2024-08-19/Account.csv", 2, None, "expected 16 fields, found 3"),
        ("salesforce/2024-08-19/Account.csv", 3, None, "expected 16 fields, found 17"),
        ("taobao/2024-08-19/ExportOrderList20240819.csv", 2, "买家会员名", "undecodable bytes (gb18030) in field '买家会员名'"),
        ("zoho_crm/2024-08-19/Calls_001.csv", 2, None, "expected 11 fields, found 3"),
    ]
    raw = json.loads(rows(con, "SELECT raw_record FROM raw._quarantine WHERE file_path LIKE 'salesforce%' "
                              "AND record_number = 2")[0][0])
    assert raw[:3] == ["0015g00000XyZaCAAV", "false", "Short"]


def test_salesforce_quoted_newlines_and_doubled_quotes(con, landing):
    ingest_all(con, landing)
    got = rows(con, 'SELECT "MailingStreet", "Title", _record_number, _export_date::VARCHAR FROM raw.salesforce__contacts '
                    "WHERE \"Id\" = '0035g00000AbCdEAAZ' ORDER BY _export_date")
    assert got == [("100 Market St\nSuite 5", 'VP "Growth"', 1, "2024-08-19"),
                   ("100 Market St\nSuite 5", "CEO", 1, "2024-08-26")]
    # The record after a multi-line one is record 2, not line 3.
    assert rows(con, "SELECT _record_number FROM raw.salesforce__contacts WHERE \"Id\" = '0035g00000AbCdFAAZ' "
                     "AND _export_date = DATE '2024-08-19'") == [(2,)]


def test_gbk_taobao_detected_and_guards_kept_verbatim(con, landing):
    reports = ingest_all(con, landing)
    [f] = reports["taobao"].files
    assert f.encoding == "gb18030"
    got = rows(con, 'SELECT "订单编号", "收货人姓名", "联系手机", "收货地址" FROM raw.taobao__orders')
    assert got == [('="3012345678901234567"', "张伟", "'13800138000", "浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)")]


def test_hubspot_bom_header_is_clean(con, landing):
    ingest_all(con, landing)
    assert rows(con, 'SELECT "Record ID", "Email", "Phone Number" FROM raw.hubspot__contacts') == [
        ("101", "wei.zhang+crm@gmail.com", "415.555.0134")]


def test_fxiaoke_xlsx_keeps_excel_damage_as_text(con, landing):
    ingest_all(con, landing)
    got = rows(con, 'SELECT "联系人编号", "姓名", "手机", "电话", "创建时间", "最后修改时间", _record_number '
                    "FROM raw.fxiaoke__contacts ORDER BY _record_number")
    assert got == [
        ("LXR-0001", "张 伟", "13800138000.0", "1088886666.0", "45523.39583", "2024年8月19日", 1),
        ("LXR-0002", "王芳", "１３９００１３９０００", None, None, None, 2),
    ]


def test_shopify_line_rows_and_lineage(con, landing):
    ingest_all(con, landing)
    got = rows(con, 'SELECT "Name", "Lineitem name", "Billing Zip", "Total", _source_system, _file_path, _record_number, '
                    "length(_file_sha256) FROM raw.shopify__orders ORDER BY _record_number")
    assert got == [
        ("#1001", "Tea", "'94105", "59.00", "shopify", "shopify/2024-08-19/orders_export_1.csv", 1, 64),
        ("#1001", "Cup", None, None, "shopify", "shopify/2024-08-19/orders_export_1.csv", 2, 64),
    ]


def test_unmatched_empty_and_missing_folders_are_reported_not_errors(con, landing):
    shutil.rmtree(landing / "feedback")
    reports = ingest_all(con, landing)
    assert reports["salesforce"].unmatched == ["salesforce/2024-08-19/README.txt"]
    assert not reports["feedback"].folder_exists and reports["feedback"].files == []
    [empty] = [f for f in reports["zoho_crm"].files if f.file_path.endswith("Calls_002.csv")]
    assert empty.status == "empty" and empty.rows_read == 0
    # Raw tables exist for every role, even with no file.
    assert rows(con, "SELECT count(*) FROM raw.feedback__tickets") == [(0,)]


def test_second_run_loads_nothing_and_changes_nothing(con, landing):
    ingest_all(con, landing)
    before = rows(con, "SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY 1")
    counts = {t: rows(con, f'SELECT count(*) FROM raw."{t}"')[0][0] for t, _ in before}
    reports = ingest_all(con, landing)
    statuses = {f.status for r in reports.values() for f in r.files}
    assert statuses == {"already_loaded"}
    assert {t: rows(con, f'SELECT count(*) FROM raw."{t}"')[0][0] for t, _ in before} == counts


def test_same_bytes_under_another_date_are_not_loaded_twice(con, landing):
    ingest_all(con, landing)
    copy = landing / "hubspot" / "2024-08-26"
    copy.mkdir()
    shutil.copy(next((landing / "hubspot" / "2024-08-19").iterdir()), copy)
    [f] = ingest_source(con, PRESETS["hubspot"], landing).files[1:]
    assert f.status == "already_loaded"
    assert rows(con, "SELECT count(*) FROM raw.hubspot__contacts") == [(1,)]


def test_changed_file_under_same_name_is_a_new_version(con, landing):
    ingest_all(con, landing)
    path = next((landing / "hubspot" / "2024-08-19").iterdir())
    path.write_bytes(path.read_bytes().replace(b"VP", b"CTO"))
    [f] = ingest_source(con, PRESETS["hubspot"], landing).files
    assert f.status == "loaded" and f.rows_loaded == 1
    assert rows(con, 'SELECT "Job Title" FROM raw.hubspot__contacts ORDER BY _ingested_at') == [("VP",), ("CTO",)]


def test_utf8_file_with_one_bad_byte_stays_utf8(con, landing):
    path = landing / "feedback" / "2024-08-19" / "feedback_2024-08-19.csv"
    data = path.read_bytes()
    path.write_bytes(data + "T-2,2024-08-19 10:00:00,电话,李娜,,,,".encode() + b"\xe4\xb8 ok,3,closed\n")
    reports = ingest_all(con, landing)
    [f] = reports["feedback"].files
    assert f.encoding == "utf-8" and (f.rows_loaded, f.rows_quarantined) == (1, 1)
    assert rows(con, "SELECT field FROM raw._quarantine WHERE file_role = 'tickets'") == [("content",)]
    assert rows(con, 'SELECT "customer_name" FROM raw.feedback__tickets') == [("张伟",)]


def test_header_missing_key_column_quarantines_every_record(con, landing):
    path = landing / "feedback" / "2024-08-19" / "feedback_2024-08-19.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ticket_id", "ticket", 1), encoding="utf-8")
    [f] = ingest_all(con, landing)["feedback"].files
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (1, 0, 1)
    assert "ticket_id" in f.message
