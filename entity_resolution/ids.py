"""Stable customer ids across runs.

Inputs: this run's clusters (``mention_key -> cluster_key``) and the previous run's
crosswalk (``mention_key -> customer_id``; None on the first run).

Rules (all set-based SQL; deterministic: same inputs -> identical output):

* **home cluster** of a previous id P: the current cluster holding most of P's
  (still existing) mentions; tie -> smallest cluster_key.  Only there can P survive.
* **survivor**: a cluster that is the home of one or more previous ids keeps the one
  carrying most mentions in the cluster (tie -> smallest id).  The others are
  recorded as ``merged`` into it.  So an unchanged cluster keeps its id; a cluster
  that only gained new mentions keeps its id (``updated``).
* **split**: the part of P outside its home cluster gets a new id (event ``split``,
  ``from_customer_id`` = P).  The largest part (the home) keeps P.
* **new id**: ``'C' + first 16 hex of sha256(smallest mention_key of the cluster)``.
  If that id is already taken (an id in the previous crosswalk, an id of this run,
  or one of ``reserved_ids`` - pass every id ever issued, e.g. from
  customer_id_history, to never resurrect a retired id) it is re-hashed with a salt
  (``mention_key || '#1'``, ``'#2'`` ...), in cluster_key order.
* **retired**: a previous id none of whose mentions exists any more.

History rows (``customer_id_history``): run_id, event in {created, merged, split,
updated, retired, unchanged}, customer_id, from_customer_id, mention_count (size of
customer_id after this run), moved_mention_count (mentions that moved into
customer_id with this event), at.  ``unchanged`` rows are only written with
``record_unchanged=True`` (one row per customer per run is a lot of history).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb

from ._db import execute, fetchall, fetchone
from .prepare import register_frame

ID_PREFIX = "C"
ID_HEX = 16


def new_customer_id(cluster_key: str, salt: int = 0) -> str:
    """Deterministic id for a cluster (hash of its smallest mention_key)."""
    text = cluster_key if salt == 0 else f"{cluster_key}#{salt}"
    return ID_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX].upper()


def _id_sql(expr: str) -> str:
    return f"'{ID_PREFIX}' || upper(left(sha256({expr}), {ID_HEX}))"


@dataclass
class IdResult:
    xref_table: str
    history_table: str
    n_customers: int
    events: dict[str, int]


def assign_customer_ids(
    con: duckdb.DuckDBPyConnection,
    clusters_table: str,
    previous_xref=None,
    *,
    run_id: str,
    run_at: dt.datetime | None = None,
    reserved_ids=None,
    record_unchanged: bool = False,
    xref_table: str = "er_xref_ids",
    history_table: str = "er_customer_id_history",
) -> IdResult:
    """Assign stable ids to ``clusters_table`` (mention_key, cluster_key).

    ``previous_xref``: table name / pandas / Arrow with ``mention_key, customer_id``
    (other columns ignored) or None.  ``reserved_ids``: table/frame with a
    ``customer_id`` column, or an iterable of ids, that must never be issued again.
    Writes ``xref_table`` (mention_key, cluster_key, customer_id) and
    ``history_table``.
    """
    run_at = run_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if previous_xref is None:
        execute(con, "create or replace temp table __er_prev(mention_key varchar, customer_id varchar)")
    else:
        src = register_frame(con, previous_xref, "__er_prev_src")
        execute(con, f"""create or replace temp table __er_prev as
            select distinct cast(mention_key as varchar) as mention_key, cast(customer_id as varchar) as customer_id
            from {src} where mention_key is not null and customer_id is not null""")
        dup = fetchone(con, "select count(*) - count(distinct mention_key) from __er_prev")[0]
        if dup:
            raise ValueError(f"previous_xref maps {dup} mention_key(s) to several customer_ids")

    execute(con, "create or replace temp table __er_reserved(customer_id varchar)")
    if reserved_ids is not None:
        if isinstance(reserved_ids, (list, tuple, set, frozenset)):
            con.executemany("insert into __er_reserved values (?)", [(str(x),) for x in sorted(reserved_ids)])
        else:
            src = register_frame(con, reserved_ids, "__er_reserved_src")
            execute(con, f"insert into __er_reserved select distinct cast(customer_id as varchar) from {src} "
                         "where customer_id is not null")

    execute(con, f"""
        create or replace temp table __er_ov as
        select c.cluster_key, p.customer_id, count(*) as n
        from {clusters_table} c join __er_prev p using (mention_key)
        group by 1, 2
    """)
    execute(con, """
        create or replace temp table __er_home as
        select customer_id, cluster_key, n from (
          select *, row_number() over (partition by customer_id order by n desc, cluster_key) as rn
          from __er_ov) where rn = 1
    """)
    execute(con, """
        create or replace temp table __er_cand as
        select cluster_key, customer_id, n,
               row_number() over (partition by cluster_key order by n desc, customer_id) as rn
        from __er_home
    """)
    # clusters needing a new id
    execute(con, f"""
        create or replace temp table __er_new as
        select cluster_key, {_id_sql('cluster_key')} as customer_id
        from (select distinct cluster_key from {clusters_table})
        where cluster_key not in (select cluster_key from __er_cand)
    """)
    _resolve_collisions(con)

    execute(con, f"""
        create or replace table {xref_table} as
        with ids as (
          select cluster_key, customer_id from __er_cand where rn = 1
          union all
          select cluster_key, customer_id from __er_new
        )
        select c.mention_key, c.cluster_key, ids.customer_id
        from {clusters_table} c join ids using (cluster_key)
        order by c.mention_key
    """)

    run_at_sql = f"timestamp '{run_at.isoformat(sep=' ')}'"
    execute(con, f"""
        create or replace table {history_table} as
        with size as (select customer_id, count(*) as n from {xref_table} group by 1),
        prev_size as (select customer_id, count(*) as n from __er_prev group by 1),
        prev_set as (select customer_id, list(mention_key order by mention_key) as ks from __er_prev group by 1),
        cur_set as (select customer_id, list(mention_key order by mention_key) as ks from {xref_table} group by 1),
        merged as (
          select s.customer_id, m.customer_id as from_customer_id, m.n as moved
          from __er_cand m join __er_cand s on s.cluster_key = m.cluster_key and s.rn = 1
          where m.rn > 1
        ),
        survivors as (select cluster_key, customer_id from __er_cand where rn = 1),
        split as (
          select nw.customer_id, ov.customer_id as from_customer_id, ov.n as moved
          from __er_new nw join __er_ov ov using (cluster_key)
        ),
        created as (
          select nw.customer_id, cast(null as varchar) as from_customer_id, sz.n as moved
          from __er_new nw join size sz using (customer_id)
          where nw.cluster_key not in (select cluster_key from __er_ov)
        ),
        touched as (select customer_id from merged),
        same as (
          select s.customer_id, (ps.ks = cs.ks) as same_members
          from survivors s join prev_set ps using (customer_id) join cur_set cs using (customer_id)
        ),
        updated as (
          select sm.customer_id, cast(null as varchar) as from_customer_id,
                 sz.n - coalesce(ho.n, 0) as moved
          from same sm join size sz using (customer_id) left join __er_home ho using (customer_id)
          where not sm.same_members and sm.customer_id not in (select customer_id from touched)
        ),
        unchanged as (
          select customer_id, cast(null as varchar) as from_customer_id, 0 as moved
          from same where same_members and {'true' if record_unchanged else 'false'}
        ),
        retired as (
          select customer_id, cast(null as varchar) as from_customer_id, 0 as moved
          from (select distinct customer_id from __er_prev)
          where customer_id not in (select customer_id from __er_home)
        ),
        ev as (
          select 'created' as event, * from created
          union all select 'split', * from split
          union all select 'merged', * from merged
          union all select 'updated', * from updated
          union all select 'unchanged', * from unchanged
          union all select 'retired', * from retired
        )
        select cast(? as varchar) as run_id, ev.event, ev.customer_id, ev.from_customer_id,
               cast(coalesce(sz.n, 0) as integer) as mention_count,
               cast(ev.moved as integer) as moved_mention_count,
               {run_at_sql} as at
        from ev left join size sz using (customer_id)
        order by case ev.event when 'created' then 1 when 'split' then 2 when 'merged' then 3
                 when 'updated' then 4 when 'unchanged' then 5 else 6 end,
                 ev.customer_id, ev.from_customer_id nulls first
    """, [run_id])
    events = dict(fetchall(con, f"select event, count(*) from {history_table} group by 1 order by 1"))
    n_customers = fetchone(con, f"select count(distinct customer_id) from {xref_table}")[0]
    for t in ("__er_prev", "__er_reserved", "__er_ov", "__er_home", "__er_cand", "__er_new"):
        execute(con, f"drop table if exists {t}")
    return IdResult(xref_table, history_table, int(n_customers), {k: int(v) for k, v in events.items()})


def _resolve_collisions(con: duckdb.DuckDBPyConnection) -> None:
    """Re-hash new ids that collide with a taken id or with each other (rare)."""
    taken_sql = """
        select customer_id from __er_prev
        union select customer_id from __er_reserved
        union select customer_id from __er_cand where rn = 1
    """
    rows = fetchall(con, f"""
        select cluster_key, customer_id,
               customer_id in ({taken_sql}) as taken,
               row_number() over (partition by customer_id order by cluster_key) as dup_rank
        from __er_new order by cluster_key
    """)
    bad = [(k, cid) for k, cid, taken, dup_rank in rows if taken or dup_rank > 1]
    if not bad:
        return
    used = {r[0] for r in fetchall(con, taken_sql)} | {cid for k, cid, taken, dr in rows if not taken and dr == 1}
    fixes = []
    for key, _ in bad:
        salt = 1
        cid = new_customer_id(key, salt)
        while cid in used:
            salt += 1
            cid = new_customer_id(key, salt)
        used.add(cid)
        fixes.append((cid, key))
    con.executemany("update __er_new set customer_id = ? where cluster_key = ?", fixes)
