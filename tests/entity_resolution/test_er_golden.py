"""Survivorship rules of the golden record."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from entity_resolution.golden import build_golden_records, describe_rules
from entity_resolution.prepare import prepare_mentions
from entity_resolution.synthetic import mention_row as _row


def _mentions():
    rows = [
        _row("shopify:1", 1, family_name_latin="smith", given_name_latin="bob", given_name_canonical="robert",
             email_normalized="old@x.com", phone_e164="+15550001", address_key="1 old st", city="boston",
             postal_code="02101", country_code="US", updated_at=pd.Timestamp("2024-05-01")),
        _row("crm:2", 1, family_name_latin="smith", given_name_latin="robert",
             email_normalized="new@x.com", phone_e164="+15550002", birth_date=dt.date(1980, 1, 2),
             updated_at=pd.Timestamp("2023-01-01")),
        _row("events:3", 1, family_name_latin="smith", given_name_latin="r", email_normalized="newest@x.com",
             phone_e164="+15550001", birth_date=dt.date(1980, 2, 1), updated_at=pd.Timestamp("2024-06-01")),
        _row("erp:4", 1, family_name_latin="smith", given_name_latin="robert", phone_e164="+15550001",
             birth_date=dt.date(1980, 1, 2), company_key="acme", address_key="9 new ave", city="austin",
             postal_code="78701", country_code="US", updated_at=pd.Timestamp("2024-07-01")),
        _row("taobao:5", 2, name_script="han", family_name_han="张", given_name_han="伟",
             family_name_latin="zhang", given_name_latin="wei", phone_e164="+8613900000001",
             updated_at=pd.Timestamp("2024-01-01")),
    ]
    df = pd.DataFrame([r for r, _ in rows])
    df["birth_date"] = df["birth_date"].astype(object)
    xref = pd.DataFrame({"mention_key": [r["mention_key"] for r, _ in rows],
                         "customer_id": ["C1", "C1", "C1", "C1", "C2"]})
    return df, xref


def test_golden_record_rules_and_provenance():
    df, xref = _mentions()
    con = duckdb.connect()
    prepare_mentions(con, df, "prep")
    con.register("xref", xref)
    build_golden_records(con, "prep", "xref", out_table="gold")
    g = con.sql("select * from gold").df().set_index("customer_id")
    c1 = g.loc["C1"]
    # name: most trusted source (crm rank 1) ...
    assert (c1.family_name_latin, c1.given_name_latin, c1.name_latin_source_mention_key) == ("smith", "robert", "crm:2")
    # e-mail: most recent valid value
    assert (c1.email_normalized, c1.email_source_mention_key) == ("newest@x.com", "events:3")
    # phone: most frequent (3 of 4 mentions)
    assert c1.phone_e164 == "+15550001"
    # birth date: most frequent (2 vs 1)
    assert pd.Timestamp(c1.birth_date) == pd.Timestamp("1980-01-02")
    # address: most recent full address, taken together from one mention
    assert (c1.address_key, c1.city, c1.postal_code, c1.address_source_mention_key) == (
        "9 new ave", "austin", "78701", "erp:4")
    assert c1.company_key == "acme" and c1.mention_count == 4
    assert list(c1.source_systems) == ["crm", "erp", "events", "shopify"]
    c2 = g.loc["C2"]
    assert (c2.family_name_han, c2.given_name_han, c2.name_han_source_system) == ("张", "伟", "taobao")
    assert pd.isna(c2.email_normalized) and pd.isna(c2.email_source_mention_key)


def test_source_trust_is_data():
    df, xref = _mentions()
    con = duckdb.connect()
    prepare_mentions(con, df, "prep")
    con.register("xref", xref)
    build_golden_records(con, "prep", "xref", out_table="gold",
                         source_trust={"shopify": 1, "crm": 2, "erp": 3, "events": 4, "taobao": 5})
    c1 = con.sql("select * from gold where customer_id = 'C1'").df().iloc[0]
    assert (c1.given_name_latin, c1.name_latin_source_mention_key) == ("bob", "shopify:1")
    assert not describe_rules().empty
