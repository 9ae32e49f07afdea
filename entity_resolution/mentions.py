"""Which columns of the warehouse's standardized mentions the model compares.

The dbt model ``intermediate.int_customer_mentions`` keeps raw values beside their
standardized twins; the model reads only the twins, under the names it was trained on.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

MENTIONS_RELATION = "intermediate.int_customer_mentions"

#: model input column -> expression over int_customer_mentions
COLUMN_MAP: dict[str, str] = {
    "mention_key": "mention_key",
    "source_system": "source_system",
    "source_record_id": "source_record_id",
    "name_script": "name_script",
    "family_name_han": "family_name_han",
    "given_name_han": "given_name_han",
    "family_name_latin": "family_name_latin",
    "given_name_latin": "given_name_latin",
    "given_name_canonical": "given_name_canonical",
    "full_name_latin": "full_name_latin",
    "email_normalized": "email_normalized",
    "email_canonical": "email_canonical",
    "phone_e164": "phone_e164",
    "phone_e164_alt": "phone_e164_alt",
    "birth_date": "birth_date",
    "company_key": "company_key",
    "city": "city_key",
    "postal_code": "postal_code_std",
    "country_code": "country_code",
    "address_key": "address_key",
    "updated_at": "updated_at",
}


def read_mentions(con: duckdb.DuckDBPyConnection, relation: str = MENTIONS_RELATION) -> pa.Table:
    """The mentions as the model expects them, fetched whole (Splink needs a free connection)."""
    select = ", ".join(f"{expr} AS {name}" for name, expr in COLUMN_MAP.items())
    return con.sql(f"SELECT {select} FROM {relation} ORDER BY mention_key").to_arrow_table()
