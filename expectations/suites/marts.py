"""Marts: keys, references, amounts and report totals, from a declarative spec.

The tables and their columns are data, not code: ``marts.tables`` and
``marts.reconciliations`` in ``expectations/thresholds.yml`` (format documented there), so the
suite follows the marts models as their final column names settle. Each table reads only
the columns its spec names (aggregates in DuckDB; failing-row samples on failure).

Checks (metrics part ``marts.tables``), per declared table
    * exists (``optional: true`` -> warning while it is not built yet)      blocking
    * has every declared column                                               blocking
    * at least ``min_rows`` rows                                              blocking
    * primary key not NULL and unique                                         blocking
    * ``not_null`` columns                                                    blocking
    * every non-NULL foreign key resolves in the referenced relation          blocking
    * ``non_negative`` columns have no value < 0                              blocking
and per reconciliation: report total = fact total within tolerance           blocking
(``severity: warning`` on a table or reconciliation downgrades its checks).
Messages name the offending rows' source_system when the table has one.
"""

from __future__ import annotations

import duckdb

from ..spec import BLOCKING, WARNING, MetricsPart, Part, SuiteContext, q, qrel
from .staging import slug

LAYER = "marts"
RELATIONS = {"<every relation of marts.tables>": ("<the columns its spec names>",)}


def build(ctx: SuiteContext) -> list[Part]:
    cfg = ctx.section("marts")
    part = MetricsPart(LAYER, "tables", "marts.*")
    for relation, spec in (cfg.get("tables") or {}).items():
        _table(ctx, part, relation, spec or {})
    for rec in cfg.get("reconciliations") or []:
        _reconcile(ctx, part, rec)
    return [part.build()]


def _cols(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _table(ctx: SuiteContext, part: MetricsPart, relation: str, spec: dict) -> None:
    t = slug(relation)
    sev = spec.get("severity", BLOCKING)
    k = ctx.sample_size
    if not ctx.wh.exists(relation):
        part.add(f"exists__{t}", 0, min_value=1, severity=WARNING if spec.get("optional") else sev,
                 relation=relation, column=None, source=relation,
                 message="{source}: relation does not exist" + (" (optional: not built yet)" if spec.get("optional") else ""),
                 description=f"{relation} exists")
        return
    pk = _cols(spec.get("primary_key"))
    not_null = _cols(spec.get("not_null"))
    fks = list(spec.get("foreign_keys") or [])
    non_neg = _cols(spec.get("non_negative"))
    declared = list(dict.fromkeys(pk + not_null + [c for fk in fks for c in _cols(fk.get("columns"))] + non_neg))
    have = ctx.wh.columns(relation)
    missing = [c for c in declared if c not in have]
    part.add(f"missing_columns__{t}", len(missing), max_value=0, severity=sev, relation=relation,
             column=", ".join(missing) or None, source=relation,
             message="{source}: {observed} declared column(s) missing (column {column}); adjust marts.tables in thresholds.yml or the model",
             description=f"{relation} has columns {', '.join(declared)}")
    if missing:
        return
    R = qrel(relation)
    src_col = ["source_system"] if "source_system" in have else []
    show = lambda cols: ", ".join(q(c) for c in list(dict.fromkeys(src_col + cols)))  # noqa: E731
    sel = ["count(*) AS n"]
    if pk:
        any_null = " OR ".join(f"{q(c)} IS NULL" for c in pk)
        all_set = " AND ".join(f"{q(c)} IS NOT NULL" for c in pk)
        tup = q(pk[0]) if len(pk) == 1 else "(" + ", ".join(q(c) for c in pk) + ")"
        sel += [f"count(*) FILTER (WHERE {any_null}) AS pk_null",
                f"count(*) FILTER (WHERE {all_set}) - count(DISTINCT {tup}) FILTER (WHERE {all_set}) AS pk_dup"]
    sel += [f"count(*) FILTER (WHERE {q(c)} IS NULL) AS nn{i}" for i, c in enumerate(not_null)]
    sel += [f"count(*) FILTER (WHERE {q(c)} < 0) AS neg{i}" for i, c in enumerate(non_neg)]
    r = ctx.wh.row(f"SELECT {', '.join(sel)} FROM {R}")
    base = {"severity": sev, "relation": relation}
    min_rows = int(spec.get("min_rows", 0) or 0)
    if min_rows:
        part.add(f"row_count__{t}", r["n"], min_value=min_rows, **base, column=None, source=relation,
                 message="{source}: {observed} rows < {min}", description=f"{relation} has >= {min_rows} rows")
    if pk:
        pkc = ", ".join(pk)
        agg = (", string_agg(DISTINCT source_system, ', ' ORDER BY source_system) AS source_system"
               if src_col else "")
        part.add(f"pk_null__{t}", r["pk_null"], max_value=0, **base, column=pkc, source=None,
                 message="{source}: {observed} rows of {relation} with a NULL primary key (column {column}), e.g. {sample}",
                 description=f"{relation}: primary key {pkc} never NULL",
                 sample_sql=f"SELECT {show(pk)} FROM {R} WHERE {any_null} LIMIT {k}")
        part.add(f"pk_duplicate__{t}", r["pk_dup"], max_value=0, **base, column=pkc, source=None,
                 message="{source}: {observed} duplicated primary-key values in {relation} (column {column}), e.g. {sample}",
                 description=f"{relation}: primary key {pkc} unique",
                 sample_sql=f"""SELECT {', '.join(q(c) for c in pk)}, count(*) AS n
                                {agg}
                                FROM {R} WHERE {all_set} GROUP BY {', '.join(q(c) for c in pk)}
                                HAVING count(*) > 1 ORDER BY n DESC LIMIT {k}""")
    for i, c in enumerate(not_null):
        part.add(f"null__{t}__{slug(c)}", r[f"nn{i}"], max_value=0, **base, column=c, source=None,
                 message="{source}: {observed} rows of {relation} with NULL {column} (column {column}), e.g. {sample}",
                 description=f"{relation}: {c} never NULL",
                 sample_sql=f"SELECT {show(pk or [c])} FROM {R} WHERE {q(c)} IS NULL LIMIT {k}")
    for i, c in enumerate(non_neg):
        part.add(f"negative__{t}__{slug(c)}", r[f"neg{i}"], max_value=0, **base, column=c, source=None,
                 message="{source}: {observed} negative {column} values in {relation} (column {column}), e.g. {sample}",
                 description=f"{relation}: {c} >= 0",
                 sample_sql=f"SELECT {show(pk + [c])} FROM {R} WHERE {q(c)} < 0 ORDER BY {q(c)} LIMIT {k}")
    for fk in fks:
        _foreign_key(ctx, part, relation, R, t, fk, base, show)


def _foreign_key(ctx, part, relation, R, t, fk, base, show) -> None:
    cols = _cols(fk.get("columns"))
    target = fk.get("references")
    tcols = _cols(fk.get("referenced_columns")) or cols
    name = f"fk__{t}__{slug('_'.join(cols))}"
    label = f"{', '.join(cols)} -> {target}({', '.join(tcols)})"
    k = ctx.sample_size
    if not target or len(tcols) != len(cols):
        raise ValueError(f"marts.tables.{relation}: foreign key {fk} needs references and matching referenced_columns")
    if not ctx.wh.exists(target) or any(c not in ctx.wh.columns(target) for c in tcols):
        part.add(name, 0, min_value=1, **base, column=", ".join(cols), source=relation,
                 message=f"{{source}}: foreign key {label} cannot be checked: {target} or its columns do not exist (column {{column}})",
                 description=f"{relation}: {label} resolves")
        return
    set_ = " AND ".join(f"c.{q(c)} IS NOT NULL" for c in cols)
    match = " AND ".join(f"p.{q(tc)} = c.{q(c)}" for c, tc in zip(cols, tcols))
    cond = f"{set_} AND NOT EXISTS (SELECT 1 FROM {qrel(target)} p WHERE {match})"
    n = ctx.wh.scalar(f"SELECT count(*) FROM {R} c WHERE {cond}")
    part.add(name, n, max_value=0, **base, column=", ".join(cols), source=None,
             message=f"{{source}}: {{observed}} rows of {{relation}} whose {label} does not resolve (column {{column}}), e.g. {{sample}}",
             description=f"{relation}: {label} resolves",
             sample_sql=f"SELECT {show(cols)}, count(*) AS n FROM {R} c WHERE {cond} GROUP BY ALL ORDER BY n DESC LIMIT {k}")


def _reconcile(ctx: SuiteContext, part: MetricsPart, rec: dict) -> None:
    name = rec.get("name") or "reconciliation"
    sev = rec.get("severity", BLOCKING)
    sides = {}
    for side in ("report", "fact"):
        spec = rec.get(side) or {}
        rel, expr = spec.get("relation"), spec.get("expression")
        if not rel or not expr:
            raise ValueError(f"marts.reconciliations.{name}: {side} needs relation and expression")
        if not ctx.wh.exists(rel):
            if rec.get("optional"):
                ctx.note(f"marts: reconciliation {name} not checked ({rel} does not exist yet)")
                return
            part.add(f"reconcile__{slug(name)}", 0, min_value=1, severity=sev, relation=rel, column=expr,
                     source=name, message="{source}: {relation} does not exist (column {column})",
                     description=f"{name}: report total = fact total")
            return
        where = f" WHERE {spec['where']}" if spec.get("where") else ""
        try:
            value = ctx.wh.scalar(f"SELECT CAST({expr} AS DOUBLE) FROM {qrel(rel)}{where}")
        except duckdb.Error as exc:
            part.add(f"reconcile__{slug(name)}", 0, min_value=1, severity=sev, relation=rel, column=expr,
                     source=name, message="{source}: {column} cannot be computed on {relation}: {error}",
                     description=f"{name}: report total = fact total",
                     context={"error": str(exc).splitlines()[0]})
            return
        sides[side] = (rel, expr, float(value or 0.0))
    (r_rel, r_expr, r_val), (f_rel, f_expr, f_val) = sides["report"], sides["fact"]
    tol = float(rec.get("tolerance", 0.01)) + float(rec.get("relative_tolerance", 0.0)) * abs(f_val)
    part.add(f"reconcile__{slug(name)}", r_val - f_val, min_value=-tol, max_value=tol, severity=sev,
             relation=r_rel, column=r_expr, source=name,
             message=("{source}: {relation} total {report} != {fact_relation} total {fact} "
                      "(difference {observed}, tolerance {max}) (column {column} vs {fact_expression})"),
             description=f"{name}: {r_rel} {r_expr} = {f_rel} {f_expr} within {tol:g}",
             context={"report": round(r_val, 6), "fact": round(f_val, 6), "fact_relation": f_rel,
                      "fact_expression": f_expr})

