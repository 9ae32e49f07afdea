"""Entity resolution: the crosswalk covers every live mention exactly once, clusters are sane.

Relations and the columns read (aggregates in DuckDB)
-----------------------------------------------------
``intermediate.int_customer_mentions``  mention_key, source_system          (the live mentions)
``marts.customer_xref``                 mention_key, source_system, customer_id
``marts.dim_customers``                 customer_id

Checks (metrics part ``entity_resolution.xref``)
    * the three relations exist with those columns                            blocking
    * per source: every live mention is in customer_xref                      blocking
    * per source: no mention twice in customer_xref                           blocking
    * per source: no customer_xref row for a mention that is not live         blocking
    * per source: customer_id never NULL                                      blocking
    * largest cluster (mentions per customer_id) <= max_cluster_size          blocking
    * duplicate rate 1 - customers / mentions within duplicate_rate_band of the
      previous run's rate (``validate(..., previous_duplicate_rate=r)``), or within
      duplicate_rate_bounds on a first run                                    blocking
    * dim_customers: customer_id unique and not NULL; every xref customer_id is a
      dim_customers row and every dim_customers row has a mention              blocking

The duplicate rate of this run is in ``ValidationOutcome.metrics["duplicate_rate"]``: keep it
and pass it as ``previous_duplicate_rate`` next night.
"""

from __future__ import annotations

from ..spec import BLOCKING, MetricsPart, Part, SuiteContext, lit, qrel, require_relation
from .staging import slug

LAYER = "entity_resolution"
RELATIONS = {
    "intermediate.int_customer_mentions": ("mention_key", "source_system"),
    "marts.customer_xref": ("mention_key", "source_system", "customer_id"),
    "marts.dim_customers": ("customer_id",),
}


def build(ctx: SuiteContext) -> list[Part]:
    cfg = ctx.section("entity_resolution")
    m_rel = cfg.get("mentions_relation", "intermediate.int_customer_mentions")
    x_rel = cfg.get("xref_relation", "marts.customer_xref")
    d_rel = cfg.get("customers_relation", "marts.dim_customers")
    part = MetricsPart(LAYER, "xref", x_rel, columns=RELATIONS["marts.customer_xref"])
    ok_m = require_relation(part, ctx, m_rel, RELATIONS["intermediate.int_customer_mentions"], what="live mentions")
    ok_x = require_relation(part, ctx, x_rel, RELATIONS["marts.customer_xref"], what="customer crosswalk")
    ok_d = require_relation(part, ctx, d_rel, RELATIONS["marts.dim_customers"], what="customers")
    if ok_m == [] and ok_x == []:
        _coverage(ctx, part, m_rel, x_rel)
        _clusters(ctx, part, x_rel, cfg)
    if ok_x == [] and ok_d == []:
        _customers(ctx, part, x_rel, d_rel)
    return [part.build()]


def _coverage(ctx: SuiteContext, part: MetricsPart, m_rel: str, x_rel: str) -> None:
    M, X, k = qrel(m_rel), qrel(x_rel), ctx.sample_size
    rows = ctx.wh.dicts(f"""
        WITH m AS (SELECT mention_key, any_value(source_system) AS source_system
                   FROM {M} WHERE mention_key IS NOT NULL GROUP BY 1),
             xs AS (SELECT mention_key, any_value(source_system) AS source_system, count(*) AS n,
                           count(*) FILTER (WHERE customer_id IS NULL) AS nulls
                    FROM {X} GROUP BY 1),
             j AS (SELECT coalesce(m.source_system, xs.source_system) AS src,
                          m.mention_key IS NOT NULL AS in_m, xs.mention_key IS NOT NULL AS in_x,
                          coalesce(xs.n, 0) AS n, coalesce(xs.nulls, 0) AS nulls
                   FROM m FULL OUTER JOIN xs ON m.mention_key = xs.mention_key)
        SELECT src,
               count(*) FILTER (WHERE in_m AND NOT in_x) AS missing,
               coalesce(sum(n - 1) FILTER (WHERE in_x AND n > 1), 0) AS duplicated,
               coalesce(sum(n) FILTER (WHERE in_x AND NOT in_m), 0) AS unknown,
               coalesce(sum(nulls), 0) AS null_customer
        FROM j GROUP BY 1 ORDER BY 1 NULLS LAST""")
    for r in rows:
        src = r["src"] if r["src"] is not None else "(no source_system)"
        s = slug(src)
        cond = f"= {lit(r['src'])}" if r["src"] is not None else "IS NULL"
        w_m, w_x = f"m.source_system {cond}", f"x.source_system {cond}"
        part.add(f"missing_from_xref__{s}", r["missing"], max_value=0, severity=BLOCKING, relation=x_rel,
                 column="mention_key", source=src,
                 message="{source}: {observed} live mentions missing from {relation} (column {column}), e.g. {sample}",
                 description=f"{src}: every live mention is in the crosswalk",
                 sample_sql=f"""SELECT m.mention_key FROM {M} m WHERE {w_m} AND NOT EXISTS
                                (SELECT 1 FROM {X} x WHERE x.mention_key = m.mention_key) ORDER BY 1 LIMIT {k}""")
        part.add(f"duplicated_in_xref__{s}", r["duplicated"], max_value=0, severity=BLOCKING, relation=x_rel,
                 column="mention_key", source=src,
                 message="{source}: {observed} extra rows for mentions listed more than once in {relation} (column {column}), e.g. {sample}",
                 description=f"{src}: every mention at most once in the crosswalk",
                 sample_sql=f"""SELECT x.mention_key, count(*) AS n, count(DISTINCT x.customer_id) AS customers
                                FROM {X} x WHERE {w_x} GROUP BY 1 HAVING count(*) > 1 ORDER BY n DESC, 1 LIMIT {k}""")
        part.add(f"unknown_in_xref__{s}", r["unknown"], max_value=0, severity=BLOCKING, relation=x_rel,
                 column="mention_key", source=src,
                 message="{source}: {observed} rows of {relation} for mentions that are not live (column {column}), e.g. {sample}",
                 description=f"{src}: the crosswalk holds live mentions only",
                 sample_sql=f"""SELECT x.mention_key, x.customer_id FROM {X} x WHERE {w_x} AND NOT EXISTS
                                (SELECT 1 FROM {M} m WHERE m.mention_key = x.mention_key) ORDER BY 1 LIMIT {k}""")
        part.add(f"null_customer_id__{s}", r["null_customer"], max_value=0, severity=BLOCKING, relation=x_rel,
                 column="customer_id", source=src,
                 message="{source}: {observed} rows of {relation} with NULL {column} (column {column}), e.g. {sample}",
                 description=f"{src}: every crosswalk row has a customer_id",
                 sample_sql=f"SELECT x.mention_key FROM {X} x WHERE {w_x} AND x.customer_id IS NULL ORDER BY 1 LIMIT {k}")


def _clusters(ctx: SuiteContext, part: MetricsPart, x_rel: str, cfg: dict) -> None:
    X, k = qrel(x_rel), ctx.sample_size
    s = ctx.wh.row(f"""SELECT count(DISTINCT mention_key) AS mentions, count(DISTINCT customer_id) AS customers,
                              (SELECT max(n) FROM (SELECT count(*) AS n FROM {X} WHERE customer_id IS NOT NULL
                                                   GROUP BY customer_id)) AS largest
                       FROM {X}""")
    mentions, customers, largest = int(s["mentions"] or 0), int(s["customers"] or 0), int(s["largest"] or 0)
    max_size = int(cfg.get("max_cluster_size", 50))
    part.add("max_cluster_size", largest, max_value=max_size, severity=BLOCKING, column="customer_id",
             source=None,
             message="{source}: largest customer has {observed} mentions > {max} (column {column}), e.g. {sample}",
             description=f"no customer with more than {max_size} mentions",
             sample_sql=f"""SELECT customer_id, count(*) AS n,
                                   string_agg(DISTINCT source_system, ', ' ORDER BY source_system) AS source_system
                            FROM {X} WHERE customer_id IS NOT NULL GROUP BY 1 HAVING count(*) > {max_size}
                            ORDER BY n DESC, 1 LIMIT {k}""")
    if not mentions:
        ctx.note("entity_resolution: duplicate rate not checked (empty crosswalk)")
        return
    rate = 1 - customers / mentions
    previous = ctx.params.get("previous_duplicate_rate")
    if previous is not None:
        band = float(cfg.get("duplicate_rate_band", 0.05))
        lo, hi = max(0.0, float(previous) - band), min(1.0, float(previous) + band)
        basis = f"previous run's {float(previous):.3f} +/- {band}"
    else:
        lo, hi = (float(v) for v in (cfg.get("duplicate_rate_bounds") or [0.0, 1.0]))
        basis = "first-run bounds (no previous rate given)"
    part.add("duplicate_rate", rate, min_value=lo, max_value=hi, severity=BLOCKING, column="customer_id",
             source="all sources",
             message=("{source}: duplicate rate {observed} (1 - {customers} customers / {mentions} mentions) "
                      "outside [{min}, {max}], {basis} (column {column})"),
             description=f"duplicate rate within [{lo:.3f}, {hi:.3f}] ({basis})",
             context={"customers": customers, "mentions": mentions, "basis": basis, "previous": previous})


def _customers(ctx: SuiteContext, part: MetricsPart, x_rel: str, d_rel: str) -> None:
    X, D, k = qrel(x_rel), qrel(d_rel), ctx.sample_size
    r = ctx.wh.row(f"""SELECT count(*) - count(customer_id) AS nulls, count(customer_id) - count(DISTINCT customer_id) AS dups,
                              (SELECT count(DISTINCT x.customer_id) FROM {X} x WHERE x.customer_id IS NOT NULL
                               AND NOT EXISTS (SELECT 1 FROM {D} d WHERE d.customer_id = x.customer_id)) AS orphans,
                              (SELECT count(*) FROM {D} d WHERE d.customer_id IS NOT NULL
                               AND NOT EXISTS (SELECT 1 FROM {X} x WHERE x.customer_id = d.customer_id)) AS empty
                       FROM {D}""")
    common = {"severity": BLOCKING, "relation": d_rel, "column": "customer_id", "source": "all sources"}
    part.add("dim_null__customer_id", r["nulls"], max_value=0, **common,
             message="{source}: {observed} rows of {relation} with NULL {column} (column {column})",
             description="dim_customers.customer_id never NULL")
    part.add("dim_duplicate__customer_id", r["dups"], max_value=0, **common,
             message="{source}: {observed} duplicated {column} values in {relation} (column {column}), e.g. {sample}",
             description="dim_customers.customer_id unique",
             sample_sql=f"SELECT customer_id, count(*) AS n FROM {D} WHERE customer_id IS NOT NULL GROUP BY 1 "
                        f"HAVING count(*) > 1 ORDER BY n DESC, 1 LIMIT {k}")
    part.add("xref_customer_missing_from_dim", r["orphans"], max_value=0, **common,
             message="{source}: {observed} customer_id values of the crosswalk missing from {relation} (column {column}), e.g. {sample}",
             description="every crosswalk customer_id is a dim_customers row",
             sample_sql=f"""SELECT DISTINCT x.customer_id FROM {X} x WHERE x.customer_id IS NOT NULL AND NOT EXISTS
                            (SELECT 1 FROM {D} d WHERE d.customer_id = x.customer_id) ORDER BY 1 LIMIT {k}""")
    part.add("dim_customer_without_mentions", r["empty"], max_value=0, **common,
             message="{source}: {observed} rows of {relation} with no mention in the crosswalk (column {column}), e.g. {sample}",
             description="every dim_customers row has at least one mention",
             sample_sql=f"""SELECT d.customer_id FROM {D} d WHERE d.customer_id IS NOT NULL AND NOT EXISTS
                            (SELECT 1 FROM {X} x WHERE x.customer_id = d.customer_id) ORDER BY 1 LIMIT {k}""")

