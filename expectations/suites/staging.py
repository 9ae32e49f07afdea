"""Staging / intermediate layer: the customer mentions every later step reads.

Relation and the columns read (aggregates in DuckDB; only failing-row samples leave it)
---------------------------------------------------------------------------------------
``intermediate.int_customer_mentions`` (``staging.relation``)
    required: mention_key, source_system, source_record_id
    optional (checked when present): email, phone, mobile_phone, birth_date, created_at,
    updated_at and the standardization's validity flags email_is_valid, phone_is_valid,
    mobile_phone_is_valid

Checks (metrics part ``staging.mentions``)
    * relation exists with the required columns, has rows                    blocking
    * mention_key not null and unique                                         blocking
    * per source: source_record_id not null and unique                        blocking
    * accepted values (source_system in the seven systems, ...)               blocking
    * per source: share of mentions with a valid email / phone >= the
      source's floor (validity flag when the column exists, else non-empty)  blocking
    * per source and column: malformed emails / phones (validity flag false,
      else a syntax test)                                                     warning
    * per source and date column: values outside [min, as_of + tolerance]   warning
      and their share of the source's dated rows <= max_implausible_share    blocking
"""

from __future__ import annotations

import datetime as dt
import re

from ..config import per_source
from ..spec import BLOCKING, WARNING, MetricsPart, Part, SuiteContext, lit, q, qrel, require_relation

LAYER = "staging"
REQUIRED = ("mention_key", "source_system", "source_record_id")
OPTIONAL = ("email", "phone", "mobile_phone", "birth_date", "created_at", "updated_at",
            "email_is_valid", "phone_is_valid", "mobile_phone_is_valid")
RELATIONS = {"intermediate.int_customer_mentions": REQUIRED + OPTIONAL}

_DATE_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP WITH TIME ZONE")


def slug(text: str) -> str:
    return re.sub(r"\W+", "_", str(text)).strip("_") or "x"


def build(ctx: SuiteContext) -> list[Part]:
    cfg = ctx.section("staging")
    rel = cfg.get("relation", "intermediate.int_customer_mentions")
    key = cfg.get("key", "mention_key")
    compound = list(cfg.get("compound_key") or ["source_system", "source_record_id"])
    required = list(dict.fromkeys([key, "source_system", *compound]))
    part = MetricsPart(LAYER, "mentions", rel, columns=[c for c in (*required, *OPTIONAL)])
    missing = require_relation(part, ctx, rel, required, what="customer mentions")
    if missing is None or missing:
        return [part.build()]
    have = ctx.wh.columns(rel)
    part.columns = tuple(c for c in (*required, *OPTIONAL) if c in have)
    _keys(ctx, part, rel, key)
    _accepted_values(ctx, part, rel, have)
    _per_source(ctx, part, rel, key, compound, have)
    return [part.build()]


def _keys(ctx: SuiteContext, part: MetricsPart, rel: str, key: str) -> None:
    R, K, k = qrel(rel), q(key), ctx.sample_size
    g = ctx.wh.row(f"SELECT count(*) AS n, count(*) - count({K}) AS nulls, "
                   f"count({K}) - count(DISTINCT {K}) AS dups, count(*) - count(source_system) AS null_src FROM {R}")
    part.add("row_count", g["n"], min_value=1, severity=BLOCKING, column=None, source="all sources",
             message="{source}: {relation} has {observed} rows", description=f"{rel} is not empty")
    part.add(f"null__{key}", g["nulls"], max_value=0, severity=BLOCKING, column=key, source=None,
             message="{source}: {observed} rows with NULL {column} (column {column})",
             description=f"{key} is never NULL",
             sample_sql=f"SELECT source_system, source_record_id FROM {R} WHERE {K} IS NULL "
                        f"ORDER BY 1, 2 LIMIT {k}")
    part.add("null__source_system", g["null_src"], max_value=0, severity=BLOCKING, column="source_system",
             source="(no source_system)",
             message="{source}: {observed} rows with NULL {column} (column {column}), e.g. {sample}",
             description="source_system is never NULL",
             sample_sql=f"SELECT {K} FROM {R} WHERE source_system IS NULL ORDER BY 1 LIMIT {k}")
    part.add(f"duplicate__{key}", g["dups"], max_value=0, severity=BLOCKING, column=key, source=None,
             message="{source}: {observed} duplicated {column} values (column {column}), e.g. {sample}",
             description=f"{key} is unique",
             sample_sql=f"""SELECT {K}, count(*) AS n,
                                   string_agg(DISTINCT source_system, ', ' ORDER BY source_system) AS source_system
                            FROM {R} WHERE {K} IS NOT NULL GROUP BY 1 HAVING count(*) > 1
                            ORDER BY n DESC, 1 LIMIT {k}""")


def _accepted_values(ctx: SuiteContext, part: MetricsPart, rel: str, have: dict[str, str]) -> None:
    R, k = qrel(rel), ctx.sample_size
    for column, values in (ctx.section("staging").get("accepted_values") or {}).items():
        if values == "systems":
            values = list(ctx.cfg.get("systems") or [])
        if column not in have:
            ctx.note(f"staging: accepted values of {column} not checked (no such column in {rel})")
            continue
        C = q(column)
        inlist = ", ".join(lit(v) for v in values)
        n = ctx.wh.scalar(f"SELECT count(*) FROM {R} WHERE {C} IS NOT NULL AND CAST({C} AS VARCHAR) NOT IN ({inlist})")
        part.add(f"accepted_values__{slug(column)}", n, max_value=0, severity=BLOCKING, column=column,
                 source=None,
                 message="{source}: {observed} rows with {column} outside the accepted values (column {column}), e.g. {sample}",
                 description=f"{column} in {values}",
                 sample_sql=f"""SELECT {C}, count(*) AS n FROM {R}
                                WHERE {C} IS NOT NULL AND CAST({C} AS VARCHAR) NOT IN ({inlist})
                                GROUP BY 1 ORDER BY n DESC, 1 LIMIT {k}""",
                 context={"accepted": list(values)})


def _contact_kinds(ctx: SuiteContext, have: dict[str, str]) -> list[dict]:
    """Per kind (email, phone): the columns present, how 'usable' and 'malformed' are tested."""
    cfg = ctx.section("staging")
    kinds = []
    for kind, spec in (cfg.get("contact_shares") or {}).items():
        cols = [c for c in spec.get("columns") or [] if c in have]
        vcols = [c for c in spec.get("validity_columns") or [] if c in have]
        if not cols and not vcols:
            ctx.note(f"staging: {kind} not checked (none of {spec.get('columns')} in the relation)")
            continue
        if vcols:
            usable = " OR ".join(f"coalesce(TRY_CAST({q(v)} AS BOOLEAN), FALSE)" for v in vcols)
            how = ""
        else:
            usable = " OR ".join(f"nullif(trim(CAST({q(c)} AS VARCHAR)), '') IS NOT NULL" for c in cols)
            how = "; no validity column yet: non-empty values counted"
        malformed = {}
        for c in cols:
            value = f"nullif(trim(CAST({q(c)} AS VARCHAR)), '')"
            flag = f"{c}_is_valid"
            if flag in have:
                malformed[c] = (f"{value} IS NOT NULL AND NOT coalesce(TRY_CAST({q(flag)} AS BOOLEAN), FALSE)",
                                f"{flag} is false")
            elif spec.get("pattern") or kind == "email":
                pattern = spec.get("pattern") or cfg.get("email_pattern") or r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
                malformed[c] = (f"{value} IS NOT NULL AND NOT regexp_full_match({value}, {lit(pattern)})",
                                "not an address")
            elif spec.get("min_digits") or kind == "phone":
                digits = int(spec.get("min_digits") or cfg.get("phone_min_digits") or 6)
                malformed[c] = (f"{value} IS NOT NULL AND length(regexp_replace({value}, '[^0-9０-９]', '', 'g')) < {digits}",
                                f"fewer than {digits} digits")
        kinds.append({"kind": kind, "label": spec.get("label") or f"usable {kind}s", "cols": cols,
                      "vcols": vcols, "usable": usable, "how": how, "min_share": spec.get("min_share") or {},
                      "malformed": malformed})
    return kinds


def _date_specs(ctx: SuiteContext, have: dict[str, str]) -> list[dict]:
    cfg = ctx.section("staging")
    tol = dt.timedelta(hours=float(cfg.get("future_tolerance_hours", 24)))
    hi_default = ctx.as_of + tol
    out = []
    for column, spec in (cfg.get("dates") or {}).items():
        if column not in have:
            continue
        spec = spec or {}
        typ = have[column].upper()
        expr = q(column) if typ in _DATE_TYPES else f"TRY_CAST({q(column)} AS TIMESTAMP)"
        if typ == "TIMESTAMP WITH TIME ZONE":
            expr = f"CAST(timezone('UTC', {q(column)}) AS TIMESTAMP)"
        lo = dt.datetime.fromisoformat(str(spec.get("min", "1900-01-01")))
        hi = dt.datetime.fromisoformat(str(spec["max"])) if spec.get("max") else hi_default
        hi = min(hi, hi_default)
        bad = f"({expr} < {lit(lo)} OR {expr} > {lit(hi)})"
        out.append({"column": column, "expr": expr, "bad": bad, "lo": lo, "hi": hi})
    return out


def _per_source(ctx: SuiteContext, part: MetricsPart, rel: str, key: str, compound: list[str],
                have: dict[str, str]) -> None:
    cfg = ctx.section("staging")
    R, K, k = qrel(rel), q(key), ctx.sample_size
    ids = [c for c in compound if c != "source_system"]
    kinds = _contact_kinds(ctx, have)
    dates = _date_specs(ctx, have)
    sel = ["source_system AS src", "count(*) AS n"]
    if ids:
        any_null = " OR ".join(f"{q(c)} IS NULL" for c in ids)
        all_set = " AND ".join(f"{q(c)} IS NOT NULL" for c in ids)
        tup = q(ids[0]) if len(ids) == 1 else "(" + ", ".join(q(c) for c in ids) + ")"
        sel += [f"count(*) FILTER (WHERE {any_null}) AS id_null",
                f"count(*) FILTER (WHERE {all_set}) - count(DISTINCT {tup}) FILTER (WHERE {all_set}) AS id_dup"]
    for i, kd in enumerate(kinds):
        sel.append(f"count(*) FILTER (WHERE {kd['usable']}) AS ok{i}")
        for j, (c, (cond, _)) in enumerate(kd["malformed"].items()):
            sel.append(f"count(*) FILTER (WHERE {cond}) AS bad{i}_{j}")
    for i, d in enumerate(dates):
        sel += [f"count({d['expr']}) AS dn{i}", f"count(*) FILTER (WHERE {d['bad']}) AS db{i}"]
    rows = ctx.wh.dicts(f"SELECT {', '.join(sel)} FROM {R} WHERE source_system IS NOT NULL GROUP BY 1 ORDER BY 1")
    max_date_share = float(cfg.get("max_implausible_share", 0.02))
    for r in rows:
        src, n = r["src"], int(r["n"])
        s = slug(src)
        where_src = f"source_system = {lit(src)}"
        if ids:
            idcols = ", ".join(ids)
            part.add(f"null__{slug(idcols)}__{s}", r["id_null"], max_value=0, severity=BLOCKING,
                     column=idcols, source=src,
                     message="{source}: {observed} mentions with NULL {column} (column {column})",
                     description=f"{src}: {idcols} never NULL",
                     sample_sql=f"SELECT {K} FROM {R} WHERE {where_src} AND ({any_null}) ORDER BY 1 LIMIT {k}")
            part.add(f"duplicate__{slug(idcols)}__{s}", r["id_dup"], max_value=0, severity=BLOCKING,
                     column=idcols, source=src,
                     message="{source}: {observed} duplicated {column} values (column {column}), e.g. {sample}",
                     description=f"{src}: {idcols} unique",
                     sample_sql=f"""SELECT {', '.join(q(c) for c in ids)}, count(*) AS n FROM {R}
                                    WHERE {where_src} AND {all_set} GROUP BY ALL HAVING count(*) > 1
                                    ORDER BY n DESC LIMIT {k}""")
        for i, kd in enumerate(kinds):
            floor = float(per_source(kd["min_share"], src, default=0.0) or 0.0)
            shown = ", ".join(kd["cols"] or kd["vcols"])
            if floor > 0:
                part.add(f"share__{kd['kind']}__{s}", int(r[f"ok{i}"]) / n, min_value=floor, severity=BLOCKING,
                         column=shown, source=src,
                         message="{source}: share of {label} {observed} < {min} (column {column}{how})",
                         description=f"{src}: share of {kd['label']} >= {floor:.2f}",
                         sample_sql=f"""SELECT {K}, {', '.join(q(c) for c in kd['cols'] + kd['vcols'])} FROM {R}
                                        WHERE {where_src} AND NOT ({kd['usable']}) ORDER BY 1 LIMIT {k}""",
                         context={"label": kd["label"], "how": kd["how"], "mentions": n,
                                  "usable": int(r[f"ok{i}"])})
            for j, (c, (cond, why)) in enumerate(kd["malformed"].items()):
                part.add(f"malformed__{slug(c)}__{s}", r[f"bad{i}_{j}"], max_value=0, severity=WARNING,
                         column=c, source=src,
                         message="{source}: {observed} malformed {column} values ({why}) (column {column}), e.g. {sample}",
                         description=f"{src}: every {c} well-formed",
                         sample_sql=f"SELECT {K}, {q(c)} FROM {R} WHERE {where_src} AND {cond} ORDER BY 1 LIMIT {k}",
                         context={"why": why})
        for i, d in enumerate(dates):
            dated, bad = int(r[f"dn{i}"]), int(r[f"db{i}"])
            if not dated:
                continue
            c = d["column"]
            rng = {"lo": d["lo"].date().isoformat(), "hi": d["hi"].isoformat(sep=" ", timespec="minutes")}
            sample_sql = (f"SELECT {K}, {q(c)} FROM {R} WHERE {where_src} AND {d['bad']} "
                          f"ORDER BY {d['expr']}, 1 LIMIT {k}")
            part.add(f"implausible__{slug(c)}__{s}", bad, max_value=0, severity=WARNING, column=c, source=src,
                     message="{source}: {observed} {column} values outside {lo} .. {hi} (column {column}), e.g. {sample}",
                     description=f"{src}: {c} within {rng['lo']} .. {rng['hi']}", sample_sql=sample_sql,
                     context=rng)
            part.add(f"implausible_share__{slug(c)}__{s}", bad / dated, max_value=max_date_share,
                     severity=BLOCKING, column=c, source=src,
                     message=("{source}: share of {column} values outside {lo} .. {hi} {observed} > {max} "
                              "({bad} of {dated}) (column {column}), e.g. {sample}"),
                     description=f"{src}: at most {max_date_share:.0%} of {c} values implausible",
                     sample_sql=sample_sql, context={**rng, "bad": bad, "dated": dated})
