"""Find raw personal values of the sample anywhere in a DuckDB file (the analysts' copy).

The list of personal values is built independently of the dbt declarations the masking
reads, so a column someone forgets to declare (and whose name the fallback rule misses)
shows up here as a leak:

* from the raw exports as landed (``raw.*`` of the run's build file): every email, phone,
  birth date and street-address field the input contract names;
* from the sample's truth: ``mentions.csv`` (written phone, true E.164) and ``people.csv``
  (email, E.164, birth date), i.e. the standardized forms a pipeline step may produce.

A value of the scanned file leaks when, as text:

* it equals a personal email, street or birth date (case-insensitive, trimmed; 5+ characters
  holding an ``@``, a digit or a non-ASCII letter, so export garbage such as ``-`` or
  ``Unknown`` in a phone field is no secret), e.g. a birth date as written (``01/20/1990``,
  ``1989年12月19日``) or as a DATE (``1989-12-19``);
* an email written inside it is a personal email (catches emails in free text);
* a run of 7+ digits inside it (separators ``+ -.()`` and spaces allowed) is a personal
  phone: same digits, or the same last 9 digits when both have 9 or more (so
  ``+86 138 0013 8000``, ``13800138000`` and ``'13800138000`` are one phone).

Every VARCHAR, VARCHAR[], DATE and TIMESTAMP column of every table is scanned.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# raw table -> (kind, column) of every personal field the input contract names
RAW_PERSONAL = {
    "salesforce__contacts": [("email", "Email"), ("phone", "Phone"), ("phone", "MobilePhone"),
                             ("birth_date", "Birthdate"), ("street", "MailingStreet")],
    "salesforce__accounts": [("phone", "Phone"), ("street", "BillingStreet")],
    "hubspot__contacts": [("email", "Email"), ("phone", "Phone Number"), ("phone", "Mobile Phone Number"),
                          ("street", "Street Address")],
    "zoho_crm__contacts": [("email", "Email"), ("email", "Secondary Email"), ("phone", "Phone"),
                           ("phone", "Mobile"), ("birth_date", "Date of Birth"), ("street", "Mailing Street")],
    "fxiaoke__contacts": [("email", "邮箱"), ("phone", "手机"), ("phone", "电话"), ("birth_date", "生日"),
                          ("street", "详细地址")],
    "fxiaoke__accounts": [("street", "详细地址")],
    "shopify__orders": [("email", "Email"), ("phone", "Billing Phone"), ("phone", "Shipping Phone"),
                        ("phone", "Phone"), ("street", "Billing Street")],
    "taobao__orders": [("phone", "联系电话"), ("phone", "联系手机"), ("street", "收货地址")],
    "feedback__tickets": [("email", "email"), ("phone", "phone")],
}
_SCANNED_TYPES = ("VARCHAR", "VARCHAR[]", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
_EMAIL_RE = r"[a-z0-9._%+\-]+@[a-z0-9\-]+(\.[a-z0-9\-]+)+"
_PHONE_RE = r"\+?\d[\d \-.()]{5,}\d"


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _digits(expr: str) -> str:
    # Excel writes numbers as floats: '13800138000.0' is 13800138000
    return f"regexp_replace(regexp_replace({expr}, '\\.0$', ''), '[^0-9]', '', 'g')"


def load_personal_values(con: duckdb.DuckDBPyConnection, build_db: Path, truth_dir: Path) -> int:
    """Fill temp table ``personal(kind, value)`` from the raw exports and the truth; its size."""
    con.execute("CREATE OR REPLACE TEMP TABLE personal (kind VARCHAR, value VARCHAR)")
    con.execute(f"ATTACH {duckdb_literal(build_db)} AS build_src (READ_ONLY)")
    try:
        for table, fields in RAW_PERSONAL.items():
            for kind, column in fields:
                con.execute(f"INSERT INTO personal SELECT ?, trim({_q(column)}) FROM build_src.raw.{_q(table)} "
                            f"WHERE trim({_q(column)}) <> ''", [kind])
    finally:
        con.execute("DETACH build_src")
    people, mentions = duckdb_literal(truth_dir / "people.csv"), duckdb_literal(truth_dir / "mentions.csv")
    con.execute(f"""INSERT INTO personal
        SELECT kind, value FROM (
            SELECT 'email' AS kind, email AS value FROM read_csv({people}, all_varchar = true)
            UNION ALL SELECT 'phone', phone_e164 FROM read_csv({people}, all_varchar = true)
            UNION ALL SELECT 'birth_date', birth_date FROM read_csv({people}, all_varchar = true)
            UNION ALL SELECT 'phone', written_phone FROM read_csv({mentions}, all_varchar = true)
            UNION ALL SELECT 'phone', phone_e164 FROM read_csv({mentions}, all_varchar = true))
        WHERE coalesce(trim(value), '') <> ''""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE personal_phone AS
        SELECT DISTINCT {_digits('value')} AS digits FROM personal WHERE kind = 'phone'""")
    con.execute("DELETE FROM personal_phone WHERE length(digits) < 7")
    return con.execute("SELECT count(*) FROM personal").fetchone()[0]


def find_leaks(db: Path, build_db: Path, truth_dir: Path) -> tuple[list[tuple], int, int]:
    """(leaks, personal values known, distinct cells scanned) for ``db``.

    A leak is (table, column, kind, distinct values leaked, one example).
    """
    con = duckdb.connect()
    try:
        n_personal = load_personal_values(con, build_db, truth_dir)
        con.execute(f"ATTACH {duckdb_literal(db)} AS scanned (READ_ONLY)")
        cols = con.execute(
            "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = 'scanned' AND data_type IN (SELECT unnest(?))", [list(_SCANNED_TYPES)]).fetchall()
        con.execute("CREATE TEMP TABLE cell (rel VARCHAR, col VARCHAR, value VARCHAR)")
        for schema, table, column, typ in cols:
            expr = f"CAST(unnest({_q(column)}) AS VARCHAR)" if typ.endswith("[]") else f"CAST({_q(column)} AS VARCHAR)"
            con.execute(f"INSERT INTO cell SELECT DISTINCT ?, ?, v FROM (SELECT {expr} AS v "
                        f"FROM scanned.{_q(schema)}.{_q(table)}) WHERE v IS NOT NULL",
                        [f"{schema}.{table}", column])
        n_cells = con.execute("SELECT count(*) FROM cell").fetchone()[0]
        leaks = con.execute(f"""
            WITH exact AS (
                SELECT c.rel, c.col, p.kind, c.value FROM cell c
                JOIN (SELECT DISTINCT kind, lower(value) AS v FROM personal WHERE kind <> 'phone'
                        AND regexp_matches(value, '@|[0-9]|[^\x00-\x7F]') AND length(value) >= 5) p
                  ON lower(trim(c.value)) = p.v),
            emails AS (
                SELECT c.rel, c.col, 'email' AS kind, c.value FROM cell c,
                     unnest(regexp_extract_all(lower(c.value), '{_EMAIL_RE}')) AS e(found)
                WHERE found IN (SELECT lower(value) FROM personal WHERE kind = 'email')),
            runs AS (
                SELECT c.rel, c.col, c.value, {_digits('found')} AS digits FROM cell c,
                     unnest(regexp_extract_all(c.value, '{_PHONE_RE}')) AS r(found)),
            phones AS (
                SELECT r.rel, r.col, 'phone' AS kind, r.value FROM runs r JOIN personal_phone p ON r.digits = p.digits
                UNION ALL
                SELECT r.rel, r.col, 'phone' AS kind, r.value FROM runs r JOIN personal_phone p
                  ON length(r.digits) >= 9 AND length(p.digits) >= 9 AND right(r.digits, 9) = right(p.digits, 9)),
            found AS (SELECT * FROM exact UNION ALL SELECT * FROM emails UNION ALL SELECT * FROM phones)
            SELECT rel, col, kind, count(DISTINCT value), min(value) FROM found GROUP BY ALL
            ORDER BY 1, 2, 3""").fetchall()
        return leaks, n_personal, n_cells
    finally:
        con.close()


def duckdb_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
