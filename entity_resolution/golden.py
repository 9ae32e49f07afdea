"""Golden record per customer by documented survivorship rules.

Rules are data (``FieldRule``); the defaults are ``DEFAULT_RULES``.  A rule picks ONE
mention per customer among those where the field group is *valid*, and takes all the
group's columns from that mention (so family/given names or street/postcode/city
never mix across mentions).  The chosen mention is kept in
``<group>_source_mention_key`` (and its source system in ``<group>_source_system``).

Strategies (ties always fall through to the next criterion, finally the smallest
mention_key, so the result is deterministic):

``trusted``   best source trust rank, then most recent ``updated_at``
``recent``    most recent ``updated_at``, then best source trust
``frequent``  value seen in most mentions, then best trust, then most recent
``longest``   longest value, then best trust, then most recent

Source trust is data too: a mapping / frame ``source_system -> trust_rank`` (1 =
most trusted); unknown sources rank last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import duckdb
import pandas as pd

from ._db import execute
from .prepare import register_frame

DEFAULT_SOURCE_TRUST: dict[str, int] = {
    "crm": 1,
    "erp": 2,
    "shopify": 3,
    "taobao": 4,
    "events": 5,
}


@dataclass(frozen=True)
class FieldRule:
    group: str                 # output prefix for the provenance columns
    columns: tuple[str, ...]   # columns taken together from the chosen mention
    strategy: str              # trusted | recent | frequent | longest
    valid_sql: str             # SQL predicate on the mention row (alias m)
    value_sql: str = ""        # value counted / measured by frequent / longest
    description: str = ""


DEFAULT_RULES: tuple[FieldRule, ...] = (
    FieldRule(
        "name_latin",
        ("family_name_latin", "given_name_latin", "given_name_canonical", "full_name_latin"),
        "trusted",
        "m.family_name_latin is not null and m.given_name_latin is not null and length(m.given_name_latin) > 1",
        description="most trusted source, then most recent; initials-only names are not valid",
    ),
    FieldRule(
        "name_han",
        ("family_name_han", "given_name_han"),
        "frequent",
        "m.family_name_han is not null and m.given_name_han is not null",
        value_sql="m.family_name_han || m.given_name_han",
        description="Han name written most often (IME homophone slips are rare), then trust",
    ),
    FieldRule(
        "email",
        ("email_normalized", "email_canonical"),
        "recent",
        "m.email_canonical like '%_@_%._%'",
        description="most recent valid e-mail",
    ),
    FieldRule(
        "phone",
        ("phone_e164",),
        "frequent",
        "m.phone_e164 like '+%' and not m.phone_shared",
        value_sql="m.phone_e164",
        description="personal (not shared) number seen most often",
    ),
    FieldRule(
        "birth_date",
        ("birth_date",),
        "frequent",
        "m.birth_date is not null and m.birth_date between date '1900-01-01' and current_date",
        value_sql="m.birth_date",
        description="most frequent plausible date, then most trusted source",
    ),
    FieldRule(
        "company",
        ("company_key",),
        "recent",
        "m.company_key is not null",
        description="current employer = most recent",
    ),
    FieldRule(
        "address",
        ("address_key", "postal_code", "city", "country_code"),
        "recent",
        "m.address_key is not null",
        description="most recent full street address (street, postcode, city, country together)",
    ),
)

_ORDER = {
    "trusted": "t.trust_rank asc, m.updated_at desc nulls last",
    "recent": "m.updated_at desc nulls last, t.trust_rank asc",
    "frequent": "freq desc, t.trust_rank asc, m.updated_at desc nulls last",
    "longest": "length(cast({value} as varchar)) desc, t.trust_rank asc, m.updated_at desc nulls last",
}


def _trust_table(con: duckdb.DuckDBPyConnection, source_trust) -> str:
    if source_trust is None:
        source_trust = DEFAULT_SOURCE_TRUST
    if isinstance(source_trust, Mapping):
        frame = pd.DataFrame({"source_system": list(source_trust), "trust_rank": list(source_trust.values())})
        con.register("__er_trust_src", frame)
        src = "__er_trust_src"
    else:
        src = register_frame(con, source_trust, "__er_trust_src")
    execute(con, f"""create or replace temp table __er_trust as
        select cast(source_system as varchar) as source_system, cast(trust_rank as integer) as trust_rank
        from {src}""")
    return "__er_trust"


def build_golden_records(
    con: duckdb.DuckDBPyConnection,
    mentions_table: str,
    xref_table: str,
    *,
    source_trust=None,
    rules: tuple[FieldRule, ...] = DEFAULT_RULES,
    out_table: str = "er_dim_customers",
) -> str:
    """Build ``out_table``: one row per customer_id of ``xref_table``.

    ``mentions_table`` is the prepared mentions table (needs the columns the rules
    use, ``mention_key``, ``source_system``, ``updated_at``); ``xref_table`` maps
    mention_key -> customer_id.
    """
    trust = _trust_table(con, source_trust)
    base = f"""
        select x.customer_id, m.*, coalesce(t.trust_rank, 999) as trust_rank_
        from {xref_table} x
        join {mentions_table} m on m.mention_key = x.mention_key
        left join {trust} t on t.source_system = m.source_system
    """
    execute(con, f"create or replace temp table __er_golden_base as {base}")
    selects, joins = [], []
    for i, rule in enumerate(rules):
        if rule.strategy not in _ORDER:
            raise ValueError(f"unknown strategy {rule.strategy!r} for {rule.group}")
        value = rule.value_sql or " || '|' || ".join(f"cast(m.{c} as varchar)" for c in rule.columns)
        order = _ORDER[rule.strategy].format(value=value).replace("t.trust_rank", "m.trust_rank_")
        freq = f"count(*) over (partition by m.customer_id, {value})" if rule.strategy == "frequent" else "0"
        alias = f"g{i}"
        cols = ", ".join(f"m.{c}" for c in rule.columns)
        joins.append(f"""
        left join (
          select customer_id, {', '.join(rule.columns)}, mention_key as {rule.group}_source_mention_key,
                 source_system as {rule.group}_source_system
          from (
            select m.customer_id, {cols}, m.mention_key, m.source_system,
                   row_number() over (partition by m.customer_id order by {order}, m.mention_key) as rn
            from (select *, {freq} as freq from __er_golden_base m where {rule.valid_sql}) m
          ) where rn = 1
        ) {alias} using (customer_id)""")
        selects.extend(f"{alias}.{c}" for c in rule.columns)
        selects.append(f"{alias}.{rule.group}_source_mention_key")
        selects.append(f"{alias}.{rule.group}_source_system")
    sql = f"""
        create or replace table {out_table} as
        with c as (
          select customer_id,
                 count(*) as mention_count,
                 list(distinct source_system order by source_system) as source_systems,
                 min(updated_at) as first_seen_at,
                 max(updated_at) as last_updated_at
          from __er_golden_base group by 1
        )
        select c.customer_id, {', '.join(selects)},
               c.mention_count, c.source_systems, c.first_seen_at, c.last_updated_at
        from c {' '.join(joins)}
        order by c.customer_id
    """
    execute(con, sql)
    execute(con, "drop table if exists __er_golden_base")
    execute(con, "drop table if exists __er_trust")
    try:
        con.unregister("__er_trust_src")
    except Exception:  # noqa: BLE001 - not registered when given a table name
        pass
    return out_table


def describe_rules(rules: tuple[FieldRule, ...] = DEFAULT_RULES) -> pd.DataFrame:
    """The survivorship rules as a frame (for docs / the Dagster asset metadata)."""
    return pd.DataFrame([
        {"group": r.group, "columns": ", ".join(r.columns), "strategy": r.strategy,
         "valid_when": r.valid_sql, "note": r.description}
        for r in rules
    ])
