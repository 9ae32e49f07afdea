"""Evaluation: pairwise precision / recall / F1, blocking recall, cluster counts.

Pairwise metrics never enumerate pairs: with ``n_ct`` = mentions in predicted
cluster c AND true entity t,

    TP             = sum_ct C(n_ct, 2)
    predicted pairs = sum_c  C(n_c, 2)
    true pairs      = sum_t  C(n_t, 2)

precision = TP / predicted, recall = TP / true, F1 = harmonic mean.  Only mentions
present in both frames are scored.  Everything runs as one DuckDB query, so it is
fast at millions of mentions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence

import duckdb

from ._db import connect as _connect
from ._db import fetchall, fetchone
from .prepare import register_frame


@dataclass(frozen=True)
class PairwiseMetrics:
    n_mentions: int
    n_predicted_clusters: int
    n_true_entities: int
    n_predicted_singletons: int
    predicted_pairs: int
    true_pairs: int
    true_positive_pairs: int
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def pairwise_metrics(
    clusters,
    truth,
    *,
    cluster_col: str = "cluster_id",
    truth_col: str = "person_id",
    key_col: str = "mention_key",
    con: duckdb.DuckDBPyConnection | None = None,
) -> PairwiseMetrics:
    """Pairwise P/R/F1 of ``clusters`` (key -> cluster) against ``truth`` (key -> entity).

    Both may be table names on ``con`` or pandas / Arrow frames.
    """
    own = con is None
    con = con or _connect()
    try:
        c = register_frame(con, clusters, "__er_eval_clusters")
        t = register_frame(con, truth, "__er_eval_truth")
        row = fetchone(
            con,
            f"""
            with j as (
              select c.{key_col} as k, cast(c.{cluster_col} as varchar) as c,
                     cast(t.{truth_col} as varchar) as t
              from {c} c join {t} t on c.{key_col} = t.{key_col}
            ),
            cc as (select count(*) n from j group by c),
            tt as (select count(*) n from j group by t),
            ct as (select count(*) n from j group by c, t)
            select
              (select count(*) from j),
              (select count(*) from cc),
              (select count(*) from tt),
              (select count(*) from cc where n = 1),
              (select coalesce(sum(n * (n - 1) // 2), 0) from cc),
              (select coalesce(sum(n * (n - 1) // 2), 0) from tt),
              (select coalesce(sum(n * (n - 1) // 2), 0) from ct)
            """,
        )
    finally:
        if own:
            con.close()
    n, ncl, nt, nsing, pp, tp_all, tp = (int(x) for x in row)
    precision = _ratio(tp, pp)
    recall = _ratio(tp, tp_all)
    f1 = 2 * precision * recall / (precision + recall) if (precision + recall) else 0.0
    return PairwiseMetrics(n, ncl, nt, nsing, pp, tp_all, tp, precision, recall, f1)


def cluster_counts(clusters, *, cluster_col: str = "cluster_id", con=None) -> dict[str, int]:
    """Number of clusters, singletons, mentions and the largest cluster size."""
    own = con is None
    con = con or _connect()
    try:
        c = register_frame(con, clusters, "__er_eval_clusters2")
        row = fetchone(
            con,
            f"""
            with s as (select {cluster_col}, count(*) n from {c} group by 1)
            select count(*), count(*) filter (where n = 1), coalesce(sum(n), 0), coalesce(max(n), 0)
            from s
            """,
        )
    finally:
        if own:
            con.close()
    return {"clusters": int(row[0]), "singletons": int(row[1]), "mentions": int(row[2]),
            "largest_cluster": int(row[3])}


def blocking_recall(
    con: duckdb.DuckDBPyConnection,
    mentions: str,
    truth,
    blocking_rules: Sequence[str],
    *,
    key_col: str = "mention_key",
    truth_col: str = "person_id",
) -> dict[str, Any]:
    """Share of true pairs that the blocking rules generate.

    Enumerates only TRUE pairs (sum of C(n_t, 2), small), joins both mentions, and
    evaluates each rule's SQL (``l.`` / ``r.`` aliases, as in Splink) on them.
    ``mentions`` must be a table of *prepared* mentions on ``con``.
    Returns overall recall plus, per rule, the marginal recall (pairs found by this rule
    and by no earlier rule) and the cumulative recall.
    """
    t = register_frame(con, truth, "__er_br_truth")
    flags = ",\n".join(f"coalesce(({rule}), false) as r{i}" for i, rule in enumerate(blocking_rules))
    fetchall(
        con,
        f"""
        create or replace temp table __er_br_pairs as
        with tk as (
          select t.{key_col} as k, cast(t.{truth_col} as varchar) as e
          from {t} t join {mentions} m on m.{key_col} = t.{key_col}
        ),
        tp as (
          select a.k as kl, b.k as kr from tk a join tk b on a.e = b.e and a.k < b.k
        )
        select {flags}
        from tp join {mentions} l on l.{key_col} = tp.kl join {mentions} r on r.{key_col} = tp.kr
        """,
    )
    n_true = fetchone(con, "select count(*) from __er_br_pairs")[0]
    per_rule = []
    found_before = "false"
    for i, rule in enumerate(blocking_rules):
        marginal, cumulative = fetchone(
            con,
            f"select count(*) filter (where r{i} and not ({found_before})), "
            f"count(*) filter (where r{i} or {found_before}) from __er_br_pairs",
        )
        found_before = f"({found_before} or r{i})"
        per_rule.append({
            "rule": rule,
            "marginal_true_pairs": int(marginal),
            "cumulative_recall": _ratio(cumulative, n_true),
        })
    found = per_rule[-1]["cumulative_recall"] * n_true if per_rule else 0
    fetchall(con, "drop table if exists __er_br_pairs")
    return {"true_pairs": int(n_true), "found_true_pairs": int(round(found)),
            "recall": _ratio(found, n_true), "per_rule": per_rule}


def count_blocked_pairs(
    con: duckdb.DuckDBPyConnection, mentions: str, blocking_rules: Sequence[str],
    *, key_col: str = "mention_key",
) -> int:
    """Exact number of distinct candidate pairs the rules generate (dedupe, l < r).

    Each rule is an equi-join; pairs found by an earlier rule are excluded the same way
    Splink does, so the sum over rules is the number of comparisons Splink scores.
    """
    total = 0
    for i, rule in enumerate(blocking_rules):
        previous = " or ".join(f"coalesce(({r}), false)" for r in blocking_rules[:i]) or "false"
        total += fetchone(
            con,
            f"select count(*) from {mentions} l join {mentions} r on ({rule}) "
            f"and l.{key_col} < r.{key_col} where not ({previous})",
        )[0]
    return int(total)
