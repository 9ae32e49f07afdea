"""A hand-made warehouse with known quality figures (real DuckDB, a few rows).

Source ``alpha`` (4 mentions, latest export 2024-08-26):

====  =========  ==============  ===================  =============  ==========  ==========
row   record id  email           phone                country        created     updated
====  =========  ==============  ===================  =============  ==========  ==========
1     a1         x@ex.com        +1 212 555 0101      USA            2024-01-01  2024-06-01
2     a2         bad-email       12345                United States  2024-02-01  2024-01-01
3     a2         ' X@ex.com '    +44 20 7946 0000     USA            2019-01-01  2020-01-01
4     a4         NULL            ''                   ''             2024-08-01  NULL
====  =========  ==============  ===================  =============  ==========  ==========

Source ``beta`` (2 mentions, latest export 2024-08-25): complete, valid, unique; city/province
pairs 杭州市/浙江 (agrees) and 苏州/浙江省 (苏州市 lies in 江苏省: disagrees).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

AS_OF = dt.datetime(2024, 8, 27, 6, 0)

MENTIONS = [
    # mention_key, source, id, full_name, email, phone, mobile, city, province, country, created, updated, export
    ("alpha:a1", "alpha", "a1", "Ann One", "x@ex.com", "+1 212 555 0101", None, None, None, "USA",
     "2024-01-01", "2024-06-01", "2024-08-26"),
    ("alpha:a2", "alpha", "a2", "Bob Two", "bad-email", "12345", None, None, None, "United States",
     "2024-02-01", "2024-01-01", "2024-08-26"),
    ("alpha:a2b", "alpha", "a2", "Cy Three", " X@ex.com ", "+44 20 7946 0000", None, None, None, "USA",
     "2019-01-01", "2020-01-01", "2024-08-19"),
    ("alpha:a4", "alpha", "a4", "Di Four", None, "", None, None, None, "",
     "2024-08-01", None, "2024-08-19"),
    ("beta:b1", "beta", "b1", "张伟", "zw@ex.cn", "13800138000", "+86 138 0013 8001", "杭州市", "浙江", "中国",
     "2024-03-01", "2024-08-20", "2024-08-25"),
    ("beta:b2", "beta", "b2", "李娜", "ln@ex.cn", "13900139000", "+86 139 0013 9001", "苏州", "浙江省", "CN",
     "2024-03-02", "2024-08-21", "2024-08-25"),
]

FILES = [
    # source, role, path, export_date, read, loaded, quarantined
    ("alpha", "contacts", "alpha/2024-08-19/c.csv", "2024-08-19", 10, 10, 0),
    ("alpha", "contacts", "alpha/2024-08-26/c.csv", "2024-08-26", 8, 6, 2),
    ("beta", "contacts", "beta/2024-08-25/c.csv", "2024-08-25", 5, 5, 0),
]

QUARANTINE = [
    ("alpha", "contacts", "alpha/2024-08-26/c.csv", 3, "expected 5 fields, found 4"),
    ("alpha", "contacts", "alpha/2024-08-26/c.csv", 7, "expected 5 fields, found 4"),
]

SEEDS = {
    "country_aliases": ("alias_key VARCHAR, iso2 VARCHAR",
                        [("usa", "US"), ("unitedstates", "US"), ("us", "US"), ("中国", "CN"), ("cn", "CN"),
                         ("unitedkingdom", "GB")]),
    "country_codes": ("iso2 VARCHAR, iso3 VARCHAR, name_en VARCHAR, name_zh VARCHAR, calling_code VARCHAR",
                      [("US", "USA", "United States", "美国", "1"), ("CN", "CHN", "China", "中国", "86"),
                       ("GB", "GBR", "United Kingdom", "英国", "44")]),
    "cn_cities": ("city VARCHAR, province VARCHAR", [("杭州市", "浙江省"), ("苏州市", "江苏省")]),
    "region_mapping": ("scope VARCHAR, key VARCHAR, name_en VARCHAR, region VARCHAR, continent VARCHAR",
                       [("cn_province", "浙江省", "Zhejiang", "华东", "Asia"),
                        ("cn_province", "江苏省", "Jiangsu", "华东", "Asia")]),
}


def build_warehouse(con: duckdb.DuckDBPyConnection, *, validity: bool = False, seeds: bool = True,
                    sources: dict[str, str] | None = None) -> None:
    """Create the tables; ``validity`` adds the standardization's columns; ``sources`` renames
    source systems (e.g. to a hostile string)."""
    rename = sources or {}
    con.execute("CREATE SCHEMA intermediate; CREATE SCHEMA raw")
    con.execute("""CREATE TABLE intermediate.int_customer_mentions (
        mention_key VARCHAR, source_system VARCHAR, source_record_id VARCHAR, full_name VARCHAR,
        email VARCHAR, phone VARCHAR, mobile_phone VARCHAR, city VARCHAR, state_province VARCHAR,
        country VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP, export_date DATE)""")
    con.executemany("INSERT INTO intermediate.int_customer_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(m[0], rename.get(m[1], m[1]), *m[2:]) for m in MENTIONS])
    if validity:
        # the standardization's columns as int_customer_mentions carries them (phone_is_valid /
        # phone_e164 per record, birth_date cleaned from birth_date_raw, ISO country_code), with
        # values that disagree with the fallback checks on purpose: alpha's only "valid" email
        # is bad-email, its only valid phone the first one, its 1900-01-01 birth date a
        # placeholder, and its third country unrecognised
        con.execute("""
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN email_is_valid BOOLEAN;
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN phone_is_valid BOOLEAN;
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN phone_e164 VARCHAR;
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN birth_date_raw DATE;
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN birth_date DATE;
            ALTER TABLE intermediate.int_customer_mentions ADD COLUMN country_code VARCHAR;
            UPDATE intermediate.int_customer_mentions SET
                email_is_valid = mention_key IN ('alpha:a2', 'beta:b1', 'beta:b2'),
                phone_is_valid = mention_key IN ('alpha:a1', 'beta:b1', 'beta:b2'),
                phone_e164 = CASE mention_key WHEN 'alpha:a1' THEN '+12125550101'
                                              WHEN 'alpha:a2b' THEN '+442079460000'
                                              WHEN 'beta:b1' THEN '+8613800138001' END,
                birth_date_raw = CASE mention_key WHEN 'alpha:a1' THEN DATE '1985-05-05'
                                                  WHEN 'alpha:a2' THEN DATE '1900-01-01'
                                                  WHEN 'alpha:a4' THEN DATE '1990-01-01' END,
                birth_date = CASE mention_key WHEN 'alpha:a1' THEN DATE '1985-05-05'
                                              WHEN 'alpha:a4' THEN DATE '1990-01-01' END,
                country_code = CASE WHEN mention_key IN ('alpha:a1', 'alpha:a2') THEN 'US'
                                    WHEN source_system = 'beta' THEN 'CN' END""")
    con.execute("""CREATE TABLE raw._ingested_files (
        file_sha256 VARCHAR, source_system VARCHAR, file_role VARCHAR, file_path VARCHAR, export_date DATE,
        size_bytes BIGINT, encoding VARCHAR, status VARCHAR, rows_read BIGINT, rows_loaded BIGINT,
        rows_quarantined BIGINT, message VARCHAR, ingested_at TIMESTAMPTZ)""")
    con.executemany("INSERT INTO raw._ingested_files VALUES (?, ?, ?, ?, ?, 1, 'utf-8', 'loaded', ?, ?, ?, NULL, "
                    "TIMESTAMPTZ '2024-08-27 01:00:00+00')",
                    [(f"sha{i}", rename.get(s, s), role, path, d, r, lo, q)
                     for i, (s, role, path, d, r, lo, q) in enumerate(FILES)])
    con.execute("""CREATE TABLE raw._quarantine (
        source_system VARCHAR, file_role VARCHAR, file_path VARCHAR, file_sha256 VARCHAR, export_date DATE,
        record_number BIGINT, field VARCHAR, reason VARCHAR, raw_record VARCHAR, ingested_at TIMESTAMPTZ)""")
    con.executemany("INSERT INTO raw._quarantine VALUES (?, ?, ?, 'sha1', DATE '2024-08-26', ?, NULL, ?, "
                    "'[\"secret\"]', TIMESTAMPTZ '2024-08-27 01:00:00+00')",
                    [(rename.get(s, s), role, path, rn, reason) for s, role, path, rn, reason in QUARANTINE])
    if seeds:
        con.execute("CREATE SCHEMA seeds")
        for name, (ddl, rows) in SEEDS.items():
            con.execute(f"CREATE TABLE seeds.{name} ({ddl})")
            width = len(rows[0])
            con.executemany(f"INSERT INTO seeds.{name} VALUES ({', '.join('?' * width)})", rows)


@pytest.fixture
def make_warehouse(tmp_path: Path) -> Callable[..., duckdb.DuckDBPyConnection]:
    """``make_warehouse(persist=False, **build_warehouse kwargs)`` -> an open connection (closed
    after the test); in memory unless ``persist`` (a database file under tmp_path)."""
    opened: list[duckdb.DuckDBPyConnection] = []

    def make(persist: bool = False, **kwargs) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(tmp_path / f"wh{len(opened)}.duckdb") if persist else ":memory:")
        opened.append(con)
        build_warehouse(con, **kwargs)
        return con

    yield make
    for con in opened:
        con.close()
