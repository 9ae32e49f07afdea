"""The analysts' copy: no raw email / phone / birth date / street survives, hashes still join."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from publish import mask_value, pii_columns_from_manifest, publish, read_publish_info
from publish.masking import DEFAULT_SALT, looks_personal, write_analyst_copy

EMAILS = ["li.wei@example.cn", "Anna.Schmidt+crm@gmail.com", "bob@corp.io"]
PHONES = ["+86 138 0013 8000", "(415) 555-0100", "13800138000"]
BIRTHS = ["1985-03-02", "1990-12-31", "1979-07-14"]
STREETS = ["1 Infinite Loop", "浙江省杭州市西湖区文三路 90 号", "Hauptstraße 5"]


def manifest(path: Path) -> Path:
    """A dbt manifest (v12 layout) declaring the personal columns of two models."""
    def col(name, meta=None, config_meta=None):
        return {"name": name, "meta": meta or {}, "config": {"meta": config_meta or {}, "tags": []}}

    doc = {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
        "nodes": {
            "model.crm_quality.int_customer_mentions": {
                "resource_type": "model", "schema": "intermediate", "name": "int_customer_mentions",
                "alias": "int_customer_mentions",
                "columns": {
                    "mention_key": col("mention_key"),
                    "email": col("email", meta={"pii": True}),
                    "phone": col("phone", config_meta={"pii": True}),  # dbt >= 1.10 puts meta under config
                    "mobile_phone": col("mobile_phone", meta={"pii": "true"}),
                    "birth_date": col("birth_date", meta={"pii": True}),
                    "street": col("street", meta={"pii": True}),
                    "full_name": col("full_name", meta={"pii": True}),
                    "email_domain": col("email_domain", meta={"pii": False}),  # explicit opt-out
                },
            },
            "model.crm_quality.stg_taobao__orders": {
                "resource_type": "model", "schema": "staging", "name": "stg_taobao__orders",
                "alias": "stg_taobao__orders",
                "columns": {"order_id": col("order_id"), "收货地址": col("收货地址", meta={"pii": True})},
            },
            "test.crm_quality.not_null_x": {"resource_type": "test", "schema": "x", "name": "t", "columns": {}},
        },
        "sources": {
            "source.crm_quality.raw.hubspot__contacts": {
                "resource_type": "source", "schema": "raw", "name": "contacts", "identifier": "hubspot__contacts",
                "columns": {"Email": col("Email", meta={"pii": True})},
            }
        },
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def build_warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw; CREATE SCHEMA intermediate; CREATE SCHEMA staging; CREATE SCHEMA marts")
        rows = list(zip(range(3), EMAILS, PHONES, BIRTHS, STREETS))
        con.execute('CREATE TABLE raw.hubspot__contacts ("Record ID" VARCHAR, "Email" VARCHAR, "Phone Number" VARCHAR)')
        con.executemany("INSERT INTO raw.hubspot__contacts VALUES (?, ?, ?)", [(str(i), e, p) for i, e, p, _, _ in rows])
        con.execute("""CREATE TABLE intermediate.int_customer_mentions (mention_key VARCHAR, full_name VARCHAR,
                       email VARCHAR, email_domain VARCHAR, email_is_valid BOOLEAN, phone VARCHAR,
                       mobile_phone VARCHAR, birth_date DATE, street VARCHAR, city VARCHAR)""")
        con.executemany("INSERT INTO intermediate.int_customer_mentions VALUES (?, ?, ?, ?, true, ?, ?, ?, ?, 'X')",
                        [(f"k{i}", f"Name {i}", e, e.split("@")[1], p, p, b, s) for i, e, p, b, s in rows])
        # not in the manifest: hashed by the name rule; descriptive columns kept
        con.execute("""CREATE TABLE marts.dim_customers (customer_id VARCHAR, primary_email VARCHAR,
                       phones VARCHAR[], date_of_birth DATE, dob DATE, billing_street VARCHAR,
                       email_source_system VARCHAR, email_is_valid BOOLEAN, phone_count INTEGER, city VARCHAR)""")
        con.executemany("INSERT INTO marts.dim_customers VALUES (?, ?, ?, ?, ?, ?, 'hubspot', true, 1, 'Y')",
                        [(f"c{i}", e, [p, None], b, b, s) for i, e, p, b, s in rows])
        con.execute('CREATE TABLE staging.stg_taobao__orders (order_id VARCHAR, "收货地址" VARCHAR, "联系手机" VARCHAR, '
                    '"买家会员名" VARCHAR)')
        con.executemany("INSERT INTO staging.stg_taobao__orders VALUES (?, ?, ?, 'buyer')",
                        [(f"o{i}", s, p) for i, _, p, _, s in rows])
        con.execute("CREATE VIEW marts.v_mentions AS SELECT mention_key, email FROM intermediate.int_customer_mentions")
    return path


def all_values_as_text(db: Path) -> list[tuple[str, str, str]]:
    """Every value of every column of every table, as text (lists flattened)."""
    out = []
    with duckdb.connect(str(db), read_only=True) as con:
        cols = con.execute("SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
                           "WHERE database_name = current_database() AND NOT internal").fetchall()
        for schema, table, column, typ in cols:
            expr = f'CAST(unnest("{column}") AS VARCHAR)' if typ.endswith("[]") else f'CAST("{column}" AS VARCHAR)'
            for (v,) in con.execute(f'SELECT {expr} FROM "{schema}"."{table}"').fetchall():
                if v is not None:
                    out.append((f"{schema}.{table}", column, v))
    return out


def test_pii_columns_from_manifest(tmp_path):
    assert pii_columns_from_manifest(manifest(tmp_path / "manifest.json")) == {
        "intermediate.int_customer_mentions": ["birth_date", "email", "full_name", "mobile_phone", "phone", "street"],
        "raw.hubspot__contacts": ["Email"],
        "staging.stg_taobao__orders": ["收货地址"],
    }


def test_the_real_dbt_manifest_parses():
    real = Path(__file__).resolve().parents[2] / "dbt_project" / "target" / "manifest.json"
    if not real.exists():
        pytest.skip("no dbt manifest (run `make manifest`)")
    assert isinstance(pii_columns_from_manifest(real), dict)


def test_name_rule():
    for name, typ in [("email", "VARCHAR"), ("mobile_phone", "VARCHAR"), ("birth_date", "DATE"), ("dob", "DATE"),
                      ("mailing_street", "VARCHAR"), ("收货地址", "VARCHAR"), ("联系手机", "VARCHAR"),
                      ("电话", "VARCHAR"), ("邮箱", "VARCHAR"), ("生日", "DATE"), ("phones", "VARCHAR[]"),
                      ("phone", "BIGINT")]:
        assert looks_personal(name, typ), name
    for name, typ in [("email_is_valid", "BOOLEAN"), ("has_email", "BOOLEAN"), ("email_source_system", "VARCHAR"),
                      ("email_source_mention_key", "VARCHAR"), ("phone_type", "VARCHAR"), ("phone_count", "INTEGER"),
                      ("email_domain", "VARCHAR"), ("city", "VARCHAR"), ("customer_id", "VARCHAR")]:
        assert not looks_personal(name, typ), name


def test_analysts_copy_holds_no_personal_value_and_hashes_join(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_PII_SALT", "test-salt")
    src = build_warehouse(tmp_path / "crm.duckdb")
    dst = tmp_path / "crm_analyst.duckdb"
    report = write_analyst_copy(src, dst, manifest_path=manifest(tmp_path / "manifest.json"), catalog_alias="crm")

    values = all_values_as_text(dst)
    secrets = EMAILS + PHONES + BIRTHS + STREETS
    leaks = [(rel, col, v) for rel, col, v in values if any(s in v for s in secrets)]
    assert leaks == []
    assert "Name 0" not in {v for _, _, v in values}  # full_name declared pii: hashed too

    with duckdb.connect(str(dst), read_only=True) as con:
        schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_schemas() "
                                             "WHERE database_name = current_database()").fetchall()}
        assert "raw" not in schemas
        m = con.execute("SELECT mention_key, email, phone, mobile_phone, birth_date, email_domain, email_is_valid, city "
                        "FROM intermediate.int_customer_mentions ORDER BY 1").fetchall()
        # same input -> same hash: python helper, across columns and tables
        assert m[0][1] == mask_value(EMAILS[0], "test-salt") and len(m[0][1]) == 16
        assert m[0][2] == m[0][3] == mask_value(PHONES[0], "test-salt")
        assert m[0][4] == mask_value(BIRTHS[0], "test-salt")
        assert m[0][5:] == ("example.cn", True, "X")  # opt-out, descriptive and plain columns as they were
        joined = con.execute("""SELECT count(*) FROM intermediate.int_customer_mentions m
                                JOIN marts.dim_customers d ON d.primary_email = m.email
                                 AND list_contains(d.phones, m.phone) AND d.dob = m.birth_date
                                JOIN staging.stg_taobao__orders o ON o."收货地址" = m.street
                                 AND o."联系手机" = m.mobile_phone""").fetchone()[0]
        assert joined == 3
        d = con.execute("SELECT email_source_system, email_is_valid, phone_count, city, phones[2] "
                        "FROM marts.dim_customers LIMIT 1").fetchone()
        assert d == ("hubspot", True, 1, "Y", None)  # NULL list element stays NULL
        assert con.execute("SELECT count(*) FROM marts.v_mentions").fetchone()[0] == 3  # view materialized
        masking = con.execute("SELECT table_schema || '.' || table_name, column_name, reason FROM meta.masking").fetchall()
    assert ("marts.dim_customers", "primary_email", "name looks personal (not declared)") in masking
    assert ("intermediate.int_customer_mentions", "email", "declared pii in the dbt manifest") in masking
    assert report.undeclared["marts.dim_customers"] == ["primary_email", "phones", "date_of_birth", "dob",
                                                         "billing_street"]
    assert report.skipped_schemas == ["raw"] and not report.default_salt


def test_salt_changes_the_hashes_and_defaults_for_dev(tmp_path, monkeypatch):
    monkeypatch.delenv("CRM_PII_SALT", raising=False)
    assert mask_value("bob@corp.io") == mask_value("bob@corp.io", DEFAULT_SALT) != mask_value("bob@corp.io", "x")
    assert mask_value(None) is None


def test_publish_writes_the_analysts_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_PII_SALT", "prod-like")
    build_db = build_warehouse(tmp_path / "build.duckdb")
    published = tmp_path / "pub" / "crm.duckdb"
    out = publish(build_db, published, run_id="r1", manifest_path=manifest(tmp_path / "manifest.json"))
    assert out.analyst_path == (tmp_path / "pub" / "crm_analyst.duckdb").resolve()
    assert out.masked_columns["intermediate.int_customer_mentions"] == [
        "full_name", "email", "phone", "mobile_phone", "birth_date", "street"]
    assert read_publish_info(out.analyst_path)["run_id"] == "r1"  # meta copied as is
    secrets = EMAILS + PHONES + BIRTHS + STREETS
    assert not [v for _, _, v in all_values_as_text(out.analyst_path) if any(s in v for s in secrets)]
    # the full warehouse keeps the raw values for the pipeline
    assert any(EMAILS[0] == v for _, _, v in all_values_as_text(published))


def test_pii_is_inherited_by_same_named_columns_downstream(tmp_path, monkeypatch):
    """Declared once where a column gets its name; every model built from it inherits the flag."""
    def node(rtype, schema, name, columns, parents=(), identifier=None):
        cols = {c: {"name": c, "meta": {}, "config": {"meta": ({"pii": f} if f is not None else {})}}
                for c, f in columns.items()}
        return {"resource_type": rtype, "schema": schema, "name": name, "alias": name, "identifier": identifier,
                "columns": cols, "depends_on": {"nodes": list(parents)}}

    doc = {"nodes": {
        "model.p.stg": node("model", "staging", "stg_contacts", {"mobile_phone": True, "email": None},
                            ["source.p.raw.contacts"]),
        "model.p.int": node("model", "intermediate", "int_mentions",
                            {"email_domain": False, "EMAIL": None}, ["model.p.stg"]),
        "model.p.mart": node("model", "marts", "fct_x", {"email": False}, ["model.p.int"]),
    }, "sources": {
        "source.p.raw.contacts": node("source", "raw", "contacts", {"Email": True}, identifier="crm__contacts"),
    }}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert pii_columns_from_manifest(path) == {
        "raw.crm__contacts": ["Email"],
        "staging.stg_contacts": ["email", "mobile_phone"],  # email: from the source's Email (case-insensitive)
        "intermediate.int_mentions": ["EMAIL"],  # listed: documented columns only
    }  # marts.fct_x: an explicit pii: false beats the inherited flag

    monkeypatch.setenv("CRM_PII_SALT", "s")
    src = tmp_path / "crm.duckdb"
    with duckdb.connect(str(src)) as con:
        con.execute("CREATE SCHEMA intermediate")
        con.execute("CREATE TABLE intermediate.int_mentions AS SELECT 'a@b.cn' AS email, '+8613800138000' AS "
                    "mobile_phone, 'b.cn' AS email_domain")
    report = write_analyst_copy(src, tmp_path / "analyst.duckdb", manifest_path=path, catalog_alias="crm")
    # mobile_phone is not documented on int_mentions: still inherited from staging
    assert report.masked == {"intermediate.int_mentions": ["email", "mobile_phone"]} and not report.undeclared
    with duckdb.connect(str(tmp_path / "analyst.duckdb"), read_only=True) as con:
        assert con.execute("SELECT email, email_domain FROM intermediate.int_mentions").fetchone() == (
            mask_value("a@b.cn", "s"), "b.cn")
        reasons = dict(con.execute("SELECT column_name, reason FROM meta.masking").fetchall())
    assert reasons["email"] == "pii by lineage from raw.crm__contacts.Email (dbt manifest)"
    assert reasons["mobile_phone"] == "pii by lineage from staging.stg_contacts.mobile_phone (dbt manifest)"
