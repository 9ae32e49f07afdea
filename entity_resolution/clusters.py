"""Cluster scored pairs at a threshold, honouring human review decisions.

Decisions
---------
``decisions`` has columns ``mention_key_l, mention_key_r, decision`` with decision in
``{'must_link', 'cannot_link'}`` and optionally ``decided_at``.  Pairs are unordered.
When one pair has several decisions the latest ``decided_at`` wins; without
``decided_at`` (or on a tie) ``cannot_link`` wins (the conservative choice).
Decisions naming a mention that is not in this run are ignored.

They are applied BEFORE clustering:

* ``must_link`` adds an edge (weight 1.0) whatever the model says;
* ``cannot_link`` removes the edge between the two mentions AND guarantees the two
  never end in one cluster, even through other mentions (A-B-C chains with a
  cannot_link A-C).

Algorithm (set-based where it can be, Python only where it must be):

1. edges = model pairs with ``match_probability >= threshold``, minus cannot_link
   pairs, plus must_link pairs;
2. connected components of the edges in DuckDB (Splink's SQL connected components);
3. only components that contain both ends of a cannot_link pair are re-clustered,
   in Python, by *constrained single linkage*: edges are added strongest first
   (must_link first, then by match_probability, ties by key) with a union-find, and
   an edge is skipped when it would join two groups between which a cannot_link
   exists.  The result is deterministic and every cannot_link holds transitively.
   A must_link that contradicts cannot_links (e.g. A must B, B must C, A cannot C)
   is skipped too and reported in the conflicts table.

Outputs (DuckDB tables on ``con``):

``<out_table>``: mention_key, cluster_key (smallest mention_key of the cluster),
cluster_size, match_probability (strongest accepted edge of the mention inside its
cluster; NULL for singletons; 1.0 for must_link).

``<out_table>_blocked_edges``: mention_key_l, mention_key_r, match_probability,
reason ('conflicts_with_cannot_link' | 'must_link_conflicts_with_cannot_link') -
edges at or above the threshold that were dropped to honour a cannot_link
(other than the cannot_link pair itself).  They belong in the review queue.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
from splink import DuckDBAPI
from splink.clustering import cluster_pairwise_predictions_at_threshold

from ._db import df, execute, fetchall, fetchone
from .prepare import register_frame

DECISION_VALUES = ("must_link", "cannot_link")


@dataclass
class ClusterResult:
    table: str
    blocked_edges_table: str
    decisions_table: str
    n_clusters: int
    n_mentions: int
    n_edges: int
    n_must_link: int
    n_cannot_link: int
    n_conflicted_components: int
    n_blocked_edges: int


def empty_decisions_sql() -> str:
    return (
        "select cast(null as varchar) as mention_key_l, cast(null as varchar) as mention_key_r, "
        "cast(null as varchar) as decision, cast(null as timestamp) as decided_at where false"
    )


def normalise_decisions(con: duckdb.DuckDBPyConnection, decisions, nodes_table: str,
                        out_table: str = "er_decisions") -> str:
    """One row per unordered pair present in ``nodes_table``: k1 < k2, decision."""
    if decisions is None:
        src = f"({empty_decisions_sql()})"
    else:
        src = register_frame(con, decisions, "__er_decisions_src")
    cols = {c.lower() for c in df(con, f"select * from {src} limit 0").columns}
    missing = {"mention_key_l", "mention_key_r", "decision"} - cols
    if missing:
        raise ValueError(f"decisions is missing columns {sorted(missing)}")
    bad = fetchall(
        con,
        f"select distinct decision from {src} where decision is null or decision not in {DECISION_VALUES}",
    )
    if bad:
        raise ValueError(f"unknown decision values: {[b[0] for b in bad]}")
    decided_at = "try_cast(decided_at as timestamp)" if "decided_at" in cols else "cast(null as timestamp)"
    execute(
        con,
        f"""
        create or replace table {out_table} as
        with d as (
          select least(mention_key_l, mention_key_r) as k1,
                 greatest(mention_key_l, mention_key_r) as k2,
                 decision, {decided_at} as decided_at
          from {src}
          where mention_key_l is not null and mention_key_r is not null
            and mention_key_l <> mention_key_r
        ),
        ranked as (
          select *, row_number() over (
              partition by k1, k2
              order by decided_at desc nulls last, (decision = 'cannot_link') desc) as rn
          from d
        )
        select k1, k2, decision, decided_at from ranked
        where rn = 1
          and k1 in (select mention_key from {nodes_table})
          and k2 in (select mention_key from {nodes_table})
        order by k1, k2
        """,
    )
    return out_table


class _UnionFind:
    def __init__(self, nodes):
        self.parent = {n: n for n in nodes}
        self.size = {n: 1 for n in nodes}
        self.cannot: dict[str, set[str]] = {n: set() for n in nodes}

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def conflict(self, ra, rb) -> bool:
        a, b = (ra, rb) if len(self.cannot[ra]) <= len(self.cannot[rb]) else (rb, ra)
        other = b
        return any(self.find(p) == other for p in self.cannot[a])

    def union(self, ra, rb):
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.cannot[ra] |= self.cannot.pop(rb)


def _constrained_single_linkage(nodes, edges: pd.DataFrame, cannot: pd.DataFrame):
    """Return (assignment {node: root}, blocked edges list)."""
    uf = _UnionFind(nodes)
    for a, b in zip(cannot["k1"], cannot["k2"]):
        uf.cannot[a].add(b)
        uf.cannot[b].add(a)
    edges = edges.sort_values(
        ["is_must", "match_probability", "k1", "k2"], ascending=[False, False, True, True], kind="mergesort"
    )
    blocked = []
    for k1, k2, p, must in zip(edges["k1"], edges["k2"], edges["match_probability"], edges["is_must"]):
        ra, rb = uf.find(k1), uf.find(k2)
        if ra == rb:
            continue
        if uf.conflict(ra, rb):
            blocked.append((k1, k2, float(p),
                            "must_link_conflicts_with_cannot_link" if must else "conflicts_with_cannot_link"))
            continue
        uf.union(ra, rb)
    return {n: uf.find(n) for n in nodes}, blocked


def cluster_with_decisions(
    con: duckdb.DuckDBPyConnection,
    nodes_table: str,
    predictions_table: str,
    *,
    match_threshold: float,
    decisions=None,
    out_table: str = "er_clusters",
) -> ClusterResult:
    """Cluster mentions of ``nodes_table`` (needs ``mention_key``) using pairs of
    ``predictions_table`` (``mention_key_l, mention_key_r, match_probability``)."""
    dec = normalise_decisions(con, decisions, nodes_table, out_table=f"{out_table}_decisions")
    edges = f"{out_table}_edges"
    execute(
        con,
        f"""
        create or replace table {edges} as
        with model as (
          select least(mention_key_l, mention_key_r) as k1,
                 greatest(mention_key_l, mention_key_r) as k2,
                 max(match_probability) as match_probability
          from {predictions_table}
          where match_probability >= {float(match_threshold)!r}
          group by 1, 2
        )
        select m.k1, m.k2, m.match_probability, false as is_must
        from model m
        where not exists (select 1 from {dec} d
                          where d.k1 = m.k1 and d.k2 = m.k2 and d.decision = 'cannot_link')
          and not exists (select 1 from {dec} d
                          where d.k1 = m.k1 and d.k2 = m.k2 and d.decision = 'must_link')
        union all
        select k1, k2, 1.0, true from {dec} where decision = 'must_link'
        """,
    )
    db_api = DuckDBAPI(con)
    cc = cluster_pairwise_predictions_at_threshold(
        db_api.register(nodes_table),
        db_api.register(edges_view(con, edges)),
        db_api,
        node_id_column_name="mention_key",
        edge_id_column_name_left="mention_key_l",
        edge_id_column_name_right="mention_key_r",
    )
    comp = f"{out_table}_components"
    execute(con, f"create or replace table {comp} as select mention_key, cluster_id as comp from {cc.physical_name}")
    cc.drop_table_from_database_and_remove_from_cache()
    db_api.delete_tables_created_by_splink_from_db()

    # components holding both ends of a cannot_link pair
    conflicted = fetchall(
        con,
        f"""select distinct c1.comp from {dec} d
            join {comp} c1 on c1.mention_key = d.k1
            join {comp} c2 on c2.mention_key = d.k2
            where d.decision = 'cannot_link' and c1.comp = c2.comp order by 1""",
    )
    blocked_rows: list[tuple] = []
    reassigned: list[tuple[str, str]] = []
    if conflicted:
        execute(con, "create or replace temp table __er_conflicted(comp varchar)")
        con.executemany("insert into __er_conflicted values (?)", [c for c in conflicted])
        comp_edges = df(
            con,
            f"""select c.comp, e.k1, e.k2, e.match_probability, e.is_must from {edges} e
                join {comp} c on c.mention_key = e.k1
                where c.comp in (select comp from __er_conflicted)""",
        )
        comp_nodes = df(con, f"select comp, mention_key from {comp} where comp in (select comp from __er_conflicted)")
        comp_cannot = df(
            con,
            f"""select c.comp, d.k1, d.k2 from {dec} d join {comp} c on c.mention_key = d.k1
                where d.decision = 'cannot_link' and c.comp in (select comp from __er_conflicted)""",
        )
        for key, nodes in comp_nodes.groupby("comp", sort=True):
            assignment, blocked = _constrained_single_linkage(
                list(nodes["mention_key"]),
                comp_edges[comp_edges["comp"] == key],
                comp_cannot[comp_cannot["comp"] == key],
            )
            blocked_rows.extend(blocked)
            reassigned.extend(assignment.items())
        execute(con, "create or replace temp table __er_reassigned(mention_key varchar, grp varchar)")
        con.executemany("insert into __er_reassigned values (?, ?)", reassigned)
        execute(con, "drop table if exists __er_conflicted")
    else:
        execute(con, "create or replace temp table __er_reassigned(mention_key varchar, grp varchar)")

    execute(
        con,
        f"""
        create or replace table {out_table}_blocked_edges(
          mention_key_l varchar, mention_key_r varchar, match_probability double, reason varchar)
        """,
    )
    if blocked_rows:
        con.executemany(f"insert into {out_table}_blocked_edges values (?, ?, ?, ?)", blocked_rows)

    execute(
        con,
        f"""
        create or replace table {out_table} as
        with g as (
          select c.mention_key, coalesce('r:' || r.grp, 'c:' || c.comp) as grp
          from {comp} c left join __er_reassigned r using (mention_key)
        ),
        k as (
          select mention_key, grp,
                 min(mention_key) over (partition by grp) as cluster_key,
                 count(*) over (partition by grp) as cluster_size
          from g
        ),
        inc as (
          select e.k1 as mention_key, e.k2 as other, e.match_probability from {edges} e
          union all
          select e.k2, e.k1, e.match_probability from {edges} e
        ),
        within as (
          select i.mention_key, max(i.match_probability) as match_probability
          from inc i
          join k a on a.mention_key = i.mention_key
          join k b on b.mention_key = i.other
          where a.grp = b.grp
          group by 1
        )
        select k.mention_key, k.cluster_key, cast(k.cluster_size as integer) as cluster_size,
               w.match_probability
        from k left join within w using (mention_key)
        order by k.mention_key
        """,
    )
    execute(con, "drop table if exists __er_reassigned")
    stats = fetchone(
        con,
        f"""select count(distinct cluster_key), count(*),
                   (select count(*) from {edges}),
                   (select count(*) from {dec} where decision = 'must_link'),
                   (select count(*) from {dec} where decision = 'cannot_link'),
                   (select count(*) from {out_table}_blocked_edges)
            from {out_table}""",
    )
    return ClusterResult(
        table=out_table,
        blocked_edges_table=f"{out_table}_blocked_edges",
        decisions_table=dec,
        n_clusters=int(stats[0]),
        n_mentions=int(stats[1]),
        n_edges=int(stats[2]),
        n_must_link=int(stats[3]),
        n_cannot_link=int(stats[4]),
        n_conflicted_components=len(conflicted),
        n_blocked_edges=int(stats[5]),
    )


def edges_view(con: duckdb.DuckDBPyConnection, edges: str) -> str:
    view = f"{edges}_cc"
    execute(con, f"create or replace view {view} as select k1 as mention_key_l, k2 as mention_key_r from {edges}")
    return view
