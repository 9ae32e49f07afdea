"""A synthetic warehouse that passes every suite, and the validation timings on it.

    python -m expectations.bench --mentions 1000000          # time every suite at 1M mentions
    python -m expectations.bench --mentions 10000 --json out.json

``build_synthetic_warehouse(con, mentions=...)`` is also what the tests corrupt: raw tables
(every preset role, three export dates), ``raw._ingested_files``,
``intermediate.int_customer_mentions``, ``marts.customer_xref``, ``marts.dim_customers``,
``marts.fct_orders`` and a report ``marts.rpt_revenue_by_source`` that reconciles with it.
Everything is generated in SQL (deterministic, ~1 s per million mentions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from .config import Replace

SYSTEMS = ("salesforce", "hubspot", "zoho_crm", "fxiaoke", "shopify", "taobao", "feedback")
EXPORT_DATES = (dt.date(2024, 8, 12), dt.date(2024, 8, 19), dt.date(2024, 8, 26))
AS_OF = dt.datetime(2024, 8, 27, 6, 0)
RAW_ROWS = 40  # rows per raw table and export date

# thresholds for the synthetic warehouse: the marts it builds are required, with a reconciliation
MARTS_SPEC = {
    "marts": Replace({
        "tables": {
            "marts.dim_customers": {"primary_key": ["customer_id"], "optional": False},
            "marts.fct_orders": {
                "primary_key": ["order_key"],
                "not_null": ["customer_id"],
                "foreign_keys": [
                    {"columns": ["customer_id"], "references": "marts.dim_customers",
                     "referenced_columns": ["customer_id"]},
                    {"columns": ["mention_key"], "references": "marts.customer_xref",
                     "referenced_columns": ["mention_key"]},
                ],
                "non_negative": ["subtotal_amount", "shipping_amount", "total_amount"],
                "optional": False,
                "min_rows": 1,
            },
        },
        "reconciliations": [
            {"name": "revenue_by_source",
             "report": {"relation": "marts.rpt_revenue_by_source", "expression": "sum(total_amount)"},
             "fact": {"relation": "marts.fct_orders", "expression": "sum(total_amount)"},
             "tolerance": 0.01},
        ],
    })
}


def build_synthetic_warehouse(con: duckdb.DuckDBPyConnection, mentions: int = 10_000) -> None:
    _raw(con)
    _mentions(con, mentions)
    _marts(con)


def _raw(con: duckdb.DuckDBPyConnection) -> None:
    from ingestion.loader import ensure_tables
    from ingestion.presets import load_presets

    presets = load_presets()
    ensure_tables(con, presets)
    files = []
    for preset in presets.values():
        for role in preset.roles:
            cols = ", ".join(f"'{role.source[:2]}-' || i || '-{j}' AS \"{c}\"" if c != role.key
                             else f"'{role.source}-{role.name}-' || i AS \"{c}\"" for j, c in enumerate(role.columns))
            for n_export, export in enumerate(EXPORT_DATES):
                n = RAW_ROWS - 5 * n_export  # a gentle decline, well above any collapse threshold
                path = f"{role.source}/{export}/{role.name}.csv"
                con.execute(
                    f"""INSERT INTO raw."{role.table}" SELECT {cols}, '{role.source}', '{path}', i + 1,
                               DATE '{export}', TIMESTAMPTZ '{export} 06:00:00+00', 'sha-{role.table}-{export}'
                        FROM range({n}) t(i)""")
                files.append((f"sha-{role.table}-{export}", role.source, role.name, path, export, 1000 + n,
                              "utf-8", "loaded", n, n, 0, None, dt.datetime(export.year, export.month, export.day, 6,
                                                                           tzinfo=dt.timezone.utc)))
    con.executemany("INSERT INTO raw._ingested_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", files)


def _mentions(con: duckdb.DuckDBPyConnection, n: int) -> None:
    systems = "[" + ", ".join(f"'{s}'" for s in SYSTEMS) + "]"
    con.execute("CREATE SCHEMA IF NOT EXISTS intermediate")
    con.execute(f"""
        CREATE OR REPLACE TABLE intermediate.int_customer_mentions AS
        WITH base AS (SELECT i, {systems}[1 + (i % 7)] AS source_system FROM range({n}) t(i))
        SELECT source_system || ':' || i AS mention_key,
               source_system,
               CAST(i AS VARCHAR) AS source_record_id,
               'Person ' || (i // 3) AS full_name,
               CASE WHEN source_system = 'taobao' THEN NULL
                    WHEN i % 97 = 0 THEN NULL
                    ELSE 'person' || (i // 3) || '@example.com' END AS email,
               CASE WHEN i % 89 = 0 THEN NULL ELSE '+1 415 555 ' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') END AS phone,
               CASE WHEN i % 5 = 0 THEN '+86 138 0013 ' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') END AS mobile_phone,
               CASE WHEN source_system IN ('salesforce', 'zoho_crm', 'fxiaoke')
                    THEN DATE '1950-01-01' + CAST(i % 20000 AS INTEGER) END AS birth_date,
               TIMESTAMP '2020-01-01' + to_seconds(i % 100000000) AS created_at,
               CASE WHEN source_system IN ('salesforce', 'zoho_crm', 'fxiaoke')
                    THEN TIMESTAMP '2024-01-01' + to_seconds(i % 10000000) END AS updated_at,
               (i % 200) || ' Main Street' AS street,
               DATE '2024-08-26' AS export_date
        FROM base""")


def _marts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")
    # three mentions per person (i // 3): customers = ceil(n / 3), duplicate rate ~ 0.67
    con.execute("""
        CREATE OR REPLACE TABLE marts.customer_xref AS
        SELECT mention_key, source_system, source_record_id,
               'cus_' || (CAST(source_record_id AS BIGINT) // 3) AS customer_id
        FROM intermediate.int_customer_mentions""")
    con.execute("""
        CREATE OR REPLACE TABLE marts.dim_customers AS
        SELECT x.customer_id, any_value(m.email) AS email, any_value(m.phone) AS phone,
               any_value(m.birth_date) AS birth_date, any_value(m.street) AS street, count(*) AS mention_count
        FROM marts.customer_xref x JOIN intermediate.int_customer_mentions m USING (mention_key)
        GROUP BY 1""")
    con.execute("""
        CREATE OR REPLACE TABLE marts.fct_orders AS
        SELECT x.source_system || ':' || x.source_record_id AS order_key, x.source_system,
               x.source_record_id AS order_id, x.mention_key, x.customer_id,
               CAST(10 + (CAST(x.source_record_id AS BIGINT) % 500) AS DECIMAL(18, 2)) AS subtotal_amount,
               CAST(5 AS DECIMAL(18, 2)) AS shipping_amount,
               CAST(15 + (CAST(x.source_record_id AS BIGINT) % 500) AS DECIMAL(18, 2)) AS total_amount,
               TIMESTAMP '2024-08-01' + to_seconds(CAST(x.source_record_id AS BIGINT) % 2000000) AS ordered_at
        FROM marts.customer_xref x WHERE x.source_system IN ('shopify', 'taobao')""")
    con.execute("""
        CREATE OR REPLACE TABLE marts.rpt_revenue_by_source AS
        SELECT source_system, sum(total_amount) AS total_amount, count(*) AS orders
        FROM marts.fct_orders GROUP BY 1""")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--no-docs", action="store_true", help="skip UpdateDataDocsAction")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from expectations import validate  # noqa: PLC0415
    import great_expectations  # noqa: F401, PLC0415
    t_import = time.perf_counter() - t0
    report: dict = {"mentions": args.mentions, "import_s": round(t_import, 2), "suites": {}}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        con = duckdb.connect(str(db))
        t0 = time.perf_counter()
        build_synthetic_warehouse(con, args.mentions)
        report["build_s"] = round(time.perf_counter() - t0, 2)
        con.close()
        con = duckdb.connect(str(db), read_only=True)
        for suite in ("raw", "staging", "entity_resolution", "marts"):
            runs = []
            for _ in range(args.repeats):
                out = validate(con, suite, thresholds=MARTS_SPEC, as_of=AS_OF, gx_root=Path(tmp) / "gx",
                               run_id="bench", data_docs=not args.no_docs, previous_duplicate_rate=0.66)
                runs.append(out)
            best = min(runs, key=lambda o: o.duration_s)
            report["suites"][suite] = {
                "success": best.success, "expectations": best.n_evaluated, "failed": best.n_failed,
                "wall_s": round(best.duration_s, 2), **{f"{k}_s": round(v, 2) for k, v in best.timings.items()},
                "rows_read_into_pandas": sum(best.rows_read.values()),
            }
            print(f"{suite:18s} {best.summary().splitlines()[0]}  timings="
                  f"{ {k: round(v, 2) for k, v in best.timings.items()} }", flush=True)
        con.close()
    report["total_wall_s"] = round(sum(s["wall_s"] for s in report["suites"].values()), 2)
    report["total_cpu_s"] = round(sum(s["cpu_s"] for s in report["suites"].values()), 2)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0 if all(s["success"] for s in report["suites"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
