"""Turn ``int_customer_mentions`` into the frame the Splink model compares.

Pure DuckDB SQL.  Adds derived keys only; never changes the standardized values.

Derived columns
---------------
name_han_full      family_name_han || given_name_han (both present), else NULL
full_name_latin    input value, or 'family given' rebuilt when NULL
name_sorted        family/given latin tokens sorted: order- and script-insensitive name key
family_initial     first letter of family_name_latin
email_local        local part of email_canonical
phone_last8        last 8 digits of phone_e164 (mis-parsed country codes still match)
phone_alt_last8    same for phone_e164_alt
phone_shared       phone_e164 seen with >= ``SHARED_PHONE_MIN_NAMES`` distinct people, a
                   person being told apart by the sorted initials of family and
                   canonical given name (robust to nicknames, typos, swapped order)
phone_alt_shared   same for phone_e164_alt (switchboards, household landlines)
blk_*              capped blocking keys (see ``BLOCK_KEYS``)

The ``*_shared`` flags depend on the whole frame being resolved: compute them on
existing + new mentions together when scoring incrementally.
"""

from __future__ import annotations

import duckdb

from ._db import columns, execute, fetchone
from .settings import INPUT_COLUMNS

SHARED_PHONE_MIN_NAMES = 3


def _letters(expr: str) -> str:
    """SQL: the latin letters of ``expr``, lower case."""
    return f"regexp_replace(lower({expr}), '[^a-z]', '', 'g')"


def _sorted_letters(expr: str) -> str:
    """SQL: the letters of ``expr`` sorted (NULL when none): one key for any order of them."""
    return f"nullif(array_to_string(list_sort(string_split({_letters(expr)}, '')), ''), '')"


#: Letters of a name (family + nickname-canonical given, both present) sorted: one key for
#: swapped order, pinyin split differently ('xiao yupeng' / 'peng xiaoyu') and nicknames.
_NAME_LETTERS = _sorted_letters("family_name_latin || given_name_canonical")
#: E-mail local part without its +tag: what is left of one mailbox written several ways.
_EMAIL_LOCAL_BASE = "split_part(split_part(email_canonical, '@', 1), '+', 1)"
#: Letters of the e-mail local part, sorted (same alphabet as ``_NAME_LETTERS``):
#: 'liuxiufang1971@' and 'dongtian.sun@' spell the owner's name.
_EMAIL_LETTERS = _sorted_letters(_EMAIL_LOCAL_BASE)

#: Capped blocking keys ``blk_*``: the key value, or NULL when more than ``cap``
#: mentions share it.  A block of n mentions costs n^2/2 comparisons, and the biggest
#: blocks (a placeholder e-mail, a switchboard, 'wang wei' + 'beijing') are the least
#: informative, so capping bounds the cost at scale while losing little recall.
#: Expressions are over the ``named`` CTE below; ``||`` propagates NULL.
BLOCK_KEYS: dict[str, tuple[str, int]] = {
    # mailbox: +tag dropped, dots dropped (canonical already folds gmail; other
    # providers' +tags and dotted spellings of one mailbox land here too)
    "blk_email": (f"nullif(replace({_EMAIL_LOCAL_BASE}, '.', ''), '') || '@' || split_part(email_canonical, '@', 2)",
                  1000),
    "blk_phone": ("phone_last8", 1000),
    "blk_phone_alt": ("phone_alt_last8", 1000),
    "blk_name_postal": ("name_sorted || '|' || postal_code", 300),
    "blk_name_city": ("name_sorted || '|' || city", 300),
    "blk_name_company": ("name_sorted || '|' || company_key", 300),
    "blk_dob_family": ("cast(birth_date as varchar) || '|' || family_name_latin", 300),
    "blk_dob_given": ("cast(birth_date as varchar) || '|' || given_name_canonical", 300),
    "blk_address_postal": ("address_key || '|' || postal_code", 300),
    "blk_address_city": ("address_key || '|' || city", 300),
    "blk_email_local_family": ("email_local || '|' || family_initial", 300),
    # the name alone (rules add conditions: see settings.BLOCKING_RULES).  Low caps:
    # name blocks grow with the square of the data size (at 1M mentions caps 30/10 add
    # 11 % comparisons, 300/50 would add 170 %)
    "blk_name": (_NAME_LETTERS, 30),
    "blk_name_rare": (_NAME_LETTERS, 10),
    # mentions without a full name: the letters of their e-mail, to meet blk_name
    "blk_email_name": (f"case when length({_letters(_EMAIL_LOCAL_BASE)}) >= 4 "
                       f"and (family_name_latin is null or given_name_canonical is null) then {_EMAIL_LETTERS} end",
                       100),
}


def prepare_config() -> dict:
    """Preparation parameters the model depends on (recorded in the model artifact)."""
    return {"shared_phone_min_names": SHARED_PHONE_MIN_NAMES,
            "block_keys": {k: {"expr": e, "cap": c} for k, (e, c) in BLOCK_KEYS.items()}}


def _blank_to_null(col: str) -> str:
    return f"nullif(trim(cast({col} as varchar)), '')"


def prepare_mentions_sqls(source: str, out: str, tmp: str = "__er_prep") -> list[str]:
    """Statements that build table ``out`` (prepared mentions) from relation
    ``source``.  Staged through narrow temp tables: block-key frequencies are
    GROUP BY counts joined back (a window per key would re-sort the full rows)."""
    text_cols = [c for c in INPUT_COLUMNS if c not in ("birth_date", "updated_at")]
    cleaned = ",\n        ".join(f"{_blank_to_null(c)} as {c}" for c in text_cols)
    keys = list(BLOCK_KEYS)
    stmts = [f"""
    create or replace temp table {tmp}_named as
    with base as (
      select
        {cleaned},
        try_cast(birth_date as date) as birth_date,
        try_cast(updated_at as timestamp) as updated_at
      from {source}
    )
    select * exclude (full_name_latin),
      case when family_name_han is not null and given_name_han is not null
           then family_name_han || given_name_han end as name_han_full,
      coalesce(full_name_latin,
               nullif(concat_ws(' ', family_name_latin, given_name_latin), '')) as full_name_latin,
      nullif(array_to_string(list_sort(list_filter(
          [family_name_latin, given_name_latin], lambda x: x is not null)), ' '), '') as name_sorted,
      left(family_name_latin, 1) as family_initial,
      nullif(split_part(email_canonical, '@', 1), '') as email_local,
      nullif(right(regexp_replace(phone_e164, '[^0-9]', '', 'g'), 8), '') as phone_last8,
      nullif(right(regexp_replace(phone_e164_alt, '[^0-9]', '', 'g'), 8), '') as phone_alt_last8
    from base
    """, f"""
    create or replace temp table {tmp}_keys as
    select mention_key,
      nullif(array_to_string(list_sort(list_filter(
          [left(family_name_latin, 1), left(given_name_canonical, 1)], lambda x: x is not null)), ''), '')
          as initials_key,
      {", ".join(f"({expr}) as {name}" for name, (expr, _) in BLOCK_KEYS.items())}
    from {tmp}_named
    """, f"""
    create or replace temp table {tmp}_phone_names as
    select phone, count(distinct initials_key) as n_names from (
      select n.phone_e164 as phone, k.initials_key from {tmp}_named n join {tmp}_keys k using (mention_key)
      where n.phone_e164 is not null
      union all
      select n.phone_e164_alt, k.initials_key from {tmp}_named n join {tmp}_keys k using (mention_key)
      where n.phone_e164_alt is not null
    ) group by phone
    """]
    joins = "\n".join(
        f"left join (select {k} as v, count(*) as n from {tmp}_keys where {k} is not null group by 1) c{i} "
        f"on c{i}.v = k.{k}"
        for i, k in enumerate(keys)
    )
    capped = ",\n      ".join(
        f"case when c{i}.n <= {BLOCK_KEYS[k][1]} then k.{k} end as {k}" for i, k in enumerate(keys)
    )
    stmts.append(f"""
    create or replace temp table {tmp}_capped as
    select k.mention_key,
      {capped}
    from {tmp}_keys k
    {joins}
    """)
    stmts.append(f"""
    create or replace table {out} as
    select n.*,
      coalesce(p1.n_names >= {SHARED_PHONE_MIN_NAMES}, false) as phone_shared,
      coalesce(p2.n_names >= {SHARED_PHONE_MIN_NAMES}, false) as phone_alt_shared,
      c.* exclude (mention_key)
    from {tmp}_named n
    join {tmp}_capped c using (mention_key)
    left join {tmp}_phone_names p1 on p1.phone = n.phone_e164
    left join {tmp}_phone_names p2 on p2.phone = n.phone_e164_alt
    """)
    stmts += [f"drop table if exists {tmp}_{t}" for t in ("named", "keys", "capped", "phone_names")]
    return stmts


def register_frame(con: duckdb.DuckDBPyConnection, obj, name: str) -> str:
    """Make ``obj`` (table name, pandas DataFrame, Arrow table/reader or DuckDB
    relation) queryable as ``name`` on ``con`` and return the name to query.

    A string is taken to be a table/view name already on ``con`` and returned as is.
    """
    if obj is None:
        raise ValueError(f"{name}: no data")
    if isinstance(obj, str):
        return obj
    if isinstance(obj, duckdb.DuckDBPyRelation):
        obj = obj.to_arrow_table()
    con.register(name, obj)
    return name


def prepare_mentions(
    con: duckdb.DuckDBPyConnection, source, table_name: str = "er_mentions_prepared"
) -> str:
    """Materialise prepared mentions as table ``table_name`` on ``con``."""
    src = register_frame(con, source, f"{table_name}__src")
    missing = set(INPUT_COLUMNS) - set(columns(con, src))
    if missing:
        raise ValueError(f"mentions are missing columns: {sorted(missing)}")
    for sql in prepare_mentions_sqls(src, table_name):
        execute(con, sql)
    dup = fetchone(
        con,
        f"select count(*) - count(distinct mention_key), count(*) filter (where mention_key is null) from {table_name}",
    )
    if dup[0] or dup[1]:
        raise ValueError(f"mention_key must be unique and not null ({dup[0]} duplicates, {dup[1]} nulls)")
    if not isinstance(source, str):
        con.unregister(src)
    return table_name
