"""``resolve``: one nightly entity-resolution run, callable from a thin Dagster asset.

    result = resolve(con, "int_customer_mentions", "models/",   # dir or file
                     previous_xref=prev_xref, decisions=decisions,
                     thresholds=Thresholds(match=0.95, review=0.5),
                     out_dir="reports/er")

All the work runs in a private in-memory DuckDB connection (Splink creates many
``__splink__*`` tables; they never touch the caller's database).  Inputs given as
table names are read from ``con``; frames (pandas / Arrow) are used directly.
Outputs are Arrow tables on the result; with ``output_schema`` they are also written
to ``con`` as ``<schema>.customer_xref`` etc. (replaced; ``customer_id_history`` is
appended).  Inputs are read before anything is written, so ``previous_xref`` may be
the very table this run replaces.

Output schemas
--------------
customer_xref        mention_key, source_system, source_record_id, customer_id,
                     cluster_size, match_probability (strongest accepted link of the
                     mention inside its cluster; NULL for singletons), run_id,
                     model_version
dim_customers        customer_id, golden columns (see :mod:`.golden`) each group with
                     <group>_source_mention_key / <group>_source_system,
                     mention_count, source_systems, first_seen_at, last_updated_at
er_review_queue      reason ('grey_zone' | 'conflicts_with_cannot_link' |
                     'must_link_conflicts_with_cannot_link'), mention_key_l/_r,
                     customer_id_l/_r, same_customer (already linked through other
                     mentions; these sort last), match_probability, match_weight, both records'
                     compared columns side by side (<col>_l / <col>_r), per comparison
                     gamma_* (level), mw_* / mw_tf_adj_* (match weight, log2) and
                     bf_* (Bayes factor incl. term-frequency adjustment), run_id,
                     model_version
customer_id_history  run_id, event, customer_id, from_customer_id, mention_count,
                     moved_mention_count, at   (see :mod:`.ids`)
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink.internals.duckdb.dataframe import DuckDBDataFrame

from ._db import arrow, columns, execute, fetchall, fetchone
from ._db import connect as _connect
from .charts import write_charts
from .clusters import cluster_with_decisions
from .golden import build_golden_records
from .ids import assign_customer_ids
from .incremental import (ResolverState, cluster_increment, fingerprint_table, orient_in_place, score_increment,
                          state_after, unusable_reason)
from .model import TrainedModel, as_model
from .predict import make_linker, predict_pairs, scaled_prior
from .prepare import prepare_mentions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thresholds:
    """match: pairs at or above are linked.  review: pairs in [review, match) go to
    the review queue."""

    match: float = 0.95
    review: float = 0.5

    def __post_init__(self):
        if not 0 < self.review <= self.match <= 1:
            raise ValueError("need 0 < review <= match <= 1")


@dataclass
class ResolutionResult:
    run_id: str
    model_version: str
    customer_xref: pa.Table
    dim_customers: pa.Table
    er_review_queue: pa.Table
    customer_id_history: pa.Table
    stats: dict[str, Any]
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)  # written to con (output_schema)
    state: ResolverState | None = None  # for the next run's increment (see :mod:`.incremental`)


def _read(con: duckdb.DuckDBPyConnection, obj):
    """Table name on the caller's connection -> Arrow; frames pass through."""
    if obj is None or not isinstance(obj, str):
        return obj
    return con.sql(f"select * from {obj}").to_arrow_table()


def resolve(
    con: duckdb.DuckDBPyConnection | None,
    mentions_table,
    model_path: TrainedModel | str | Path,
    previous_xref=None,
    decisions=None,
    thresholds: Thresholds = Thresholds(),
    out_dir: str | Path | None = None,
    *,
    run_id: str | None = None,
    run_at: dt.datetime | None = None,
    source_trust=None,
    reserved_ids=None,
    output_schema: str | None = None,
    charts: bool = True,
    record_unchanged: bool = False,
    max_review_pairs: int | None = None,
    work_con: duckdb.DuckDBPyConnection | None = None,
    log_level: int = logging.ERROR,
    state: ResolverState | None = None,
    full_refresh: bool = False,
) -> ResolutionResult:
    """Resolve customer mentions into stable customers.

    Args:
        con: caller's DuckDB connection (source of table-name inputs, target of
            ``output_schema`` writes).  May be None when every input is a frame.
        mentions_table: int_customer_mentions (table name on ``con`` / pandas / Arrow).
        model_path: saved model file, a directory of them (newest used) or a
            ``TrainedModel``.  Never retrained here.
        previous_xref: last run's customer_xref (needs mention_key, customer_id), or None.
        decisions: review decisions (mention_key_l, mention_key_r, decision
            [, decided_at]), or None.
        thresholds: match / review probabilities.
        out_dir: where charts go (``charts=True``); None -> no charts.
        run_id / run_at: identify the run in outputs (defaults: now, UTC).
        source_trust: ``{source_system: rank}`` or frame, for golden records.
        reserved_ids: ids never to re-issue (e.g. customer_id_history).
        max_review_pairs: cap the review queue (pairs across two customers first,
            then by probability); None keeps all.
        output_schema: also write the outputs to ``con`` in this schema (history is
            appended, the rest replaced; see :func:`write_outputs`).
        state: the previous run's ``result.state``: when usable (same model and
            thresholds, ``previous_xref`` written by that run; see :mod:`.incremental`)
            only new or changed mentions are scored and only the customers they touch
            re-clustered.  The outputs equal a full run's.
        full_refresh: ignore ``state``; score every pair and cluster every mention.
    """
    t_all = time.perf_counter()
    timings: dict[str, float] = {}
    model = as_model(model_path)
    run_at = run_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    run_id = run_id or f"er-{run_at:%Y%m%dT%H%M%S}"

    mentions = _read(con, mentions_table)
    prev = _read(con, previous_xref)
    dec = _read(con, decisions)
    reserved = _read(con, reserved_ids)

    own = work_con is None
    w = work_con or _connect()
    try:
        t = time.perf_counter()
        prepared = prepare_mentions(w, mentions, "er_mentions_prepared")
        n_mentions = fetchone(w, f"select count(*) from {prepared}")[0]
        timings["prepare_s"] = time.perf_counter() - t

        prior = scaled_prior(model, n_mentions)
        why_full = "full refresh asked for" if full_refresh else unusable_reason(
            state, model, thresholds.match, thresholds.review, prev, prior)
        increment: dict[str, Any] = {"mode": "full" if why_full else "incremental", "full_reason": why_full,
                                     "prior": prior}
        t = time.perf_counter()
        if why_full:
            scored = predict_pairs(model, w, prepared, threshold=thresholds.review,
                                   out_table="er_predictions", log_level=log_level)
            orient_in_place(w, scored.table)
            fingerprint_table(w, prepared)
            n_pairs, linker, predictions_sdf = scored.n_pairs, scored.linker, scored.predictions
        else:
            figures = score_increment(model, w, prepared, state, threshold=thresholds.review,
                                      out_table="er_predictions", log_level=log_level)
            n_pairs = fetchone(w, "select count(*) from er_predictions")[0]
            linker = predictions_sdf = None
        timings["predict_s"] = time.perf_counter() - t

        t = time.perf_counter()
        if why_full:
            cl = cluster_with_decisions(w, prepared, "er_predictions", match_threshold=thresholds.match,
                                        decisions=dec, out_table="er_clusters")
        else:
            cl, figures.touched = cluster_increment(w, prepared, "er_predictions", prev, match_threshold=thresholds.match,
                                                    decisions=dec, out_table="er_clusters")
            increment.update(figures.as_dict())
        timings["cluster_s"] = time.perf_counter() - t

        t = time.perf_counter()
        ids = assign_customer_ids(w, cl.table, prev, run_id=run_id, run_at=run_at,
                                  reserved_ids=reserved, record_unchanged=record_unchanged)
        execute(w, f"""
            create or replace table customer_xref as
            select x.mention_key, m.source_system, m.source_record_id, x.customer_id,
                   c.cluster_size, c.match_probability,
                   cast(? as varchar) as run_id, cast(? as varchar) as model_version
            from {ids.xref_table} x
            join {cl.table} c using (mention_key)
            join {prepared} m using (mention_key)
            order by x.mention_key
        """, [run_id, model.version])
        timings["ids_s"] = time.perf_counter() - t

        t = time.perf_counter()
        build_golden_records(w, prepared, "customer_xref", source_trust=source_trust, out_table="dim_customers")
        timings["golden_s"] = time.perf_counter() - t

        t = time.perf_counter()
        _review_queue(w, "er_predictions", cl, thresholds, run_id, model.version, max_review_pairs)
        timings["review_s"] = time.perf_counter() - t

        chart_paths: dict[str, str] = {}
        if charts and out_dir is not None:
            t = time.perf_counter()
            execute(w, f"""create or replace table er_clustered_for_charts as
                select x.customer_id as cluster_id, m.* from customer_xref x join {prepared} m using (mention_key)""")
            if linker is None:  # incremental: a linker over tonight's mentions, the merged pairs
                linker = make_linker(model, w, prepared, log_level=log_level)
                # Splink's dashboards read their input under the name predict() gives it
                predictions_sdf = DuckDBDataFrame("__splink__df_predict", "er_predictions", linker._db_api)
            clustered = linker._db_api.register("er_clustered_for_charts")
            chart_paths = write_charts(linker, out_dir, predictions=predictions_sdf, clustered=clustered)
            timings["charts_s"] = time.perf_counter() - t

        stats = _stats(w, n_mentions, n_pairs, cl, ids, thresholds, model)
        stats["increment"] = increment
        result = ResolutionResult(
            run_id=run_id,
            model_version=model.version,
            customer_xref=arrow(w, "select * from customer_xref"),
            dim_customers=arrow(w, "select * from dim_customers"),
            er_review_queue=arrow(w, "select * from er_review_queue"),
            customer_id_history=arrow(w, f"select * from {ids.history_table}"),
            stats=stats,
            charts=chart_paths,
            state=state_after(w, "er_predictions", prepared, {
                "model_version": model.version, "match_threshold": thresholds.match,
                "review_threshold": thresholds.review, "run_id": run_id, "prior": prior}),
        )
    finally:
        if own:
            w.close()

    if output_schema:
        if con is None:
            raise ValueError("output_schema needs a connection")
        result.tables = write_outputs(con, result, output_schema)
    timings["total_s"] = time.perf_counter() - t_all
    result.stats["timings"] = {k: round(v, 3) for k, v in timings.items()}
    return result


def _review_queue(w, predictions: str, cl, thresholds: Thresholds, run_id: str, version: str,
                  max_pairs: int | None = None) -> None:
    pred_cols = [c for c in columns(w, predictions) if c not in ("match_key",)]
    cols = ", ".join(f"p.{c}" for c in pred_cols if c not in ("mention_key_l", "mention_key_r",
                                                              "match_probability", "match_weight"))
    # Bayes factor per comparison (incl. its term-frequency adjustment) next to Splink's
    # match weights (mw_* = log2 Bayes factor)
    bfs = []
    for c in pred_cols:
        if c.startswith("gamma_") and f"mw_{c[6:]}" in pred_cols:
            comp = c[6:]
            tf = f" + coalesce(p.mw_tf_adj_{comp}, 0)" if f"mw_tf_adj_{comp}" in pred_cols else ""
            bfs.append(f"power(2, p.mw_{comp}{tf}) as bf_{comp}")
    if bfs:
        cols += ", " + ", ".join(bfs)
    execute(w, f"""
        create or replace table er_review_queue as
        with grey as (
          select 'grey_zone' as reason, p.mention_key_l, p.mention_key_r
          from {predictions} p
          where p.match_probability >= {thresholds.review!r} and p.match_probability < {thresholds.match!r}
            and not exists (select 1 from {cl.decisions_table} d
                            where d.k1 = least(p.mention_key_l, p.mention_key_r)
                              and d.k2 = greatest(p.mention_key_l, p.mention_key_r))
        ),
        blocked as (
          select b.reason, p.mention_key_l, p.mention_key_r
          from {cl.blocked_edges_table} b join {predictions} p
            on least(p.mention_key_l, p.mention_key_r) = b.mention_key_l
           and greatest(p.mention_key_l, p.mention_key_r) = b.mention_key_r
        ),
        q as (select * from grey union all select * from blocked)
        select q.reason, p.mention_key_l, p.mention_key_r,
               xl.customer_id as customer_id_l, xr.customer_id as customer_id_r,
               coalesce(xl.customer_id = xr.customer_id, false) as same_customer,
               p.match_probability, p.match_weight, {cols},
               cast(? as varchar) as run_id, cast(? as varchar) as model_version
        from q
        join {predictions} p on p.mention_key_l = q.mention_key_l and p.mention_key_r = q.mention_key_r
        left join customer_xref xl on xl.mention_key = p.mention_key_l
        left join customer_xref xr on xr.mention_key = p.mention_key_r
        order by same_customer, p.match_probability desc, p.mention_key_l, p.mention_key_r
        {f"limit {int(max_pairs)}" if max_pairs is not None else ""}
    """, [run_id, version])


def _stats(w, n_mentions, n_pairs, cl, ids, thresholds, model) -> dict[str, Any]:
    size = fetchone(w, """
        with s as (select customer_id, count(*) n from customer_xref group by 1)
        select count(*), count(*) filter (where n = 1), max(n), avg(n) from s""")
    pairs_match = fetchone(w, f"select count(*) from er_predictions where match_probability >= {thresholds.match!r}")[0]
    review_n = fetchone(w, "select count(*) from er_review_queue")[0]
    edges = sorted({thresholds.review, 0.8, 0.9, thresholds.match, 0.99, 0.999})
    edges = [e for e in edges if e >= thresholds.review]
    cases = " ".join(f"when match_probability < {hi!r} then '[{lo}, {hi})'" for lo, hi in zip(edges, edges[1:]))
    hist = dict(fetchall(w, f"""
        select case {cases} else '[{edges[-1]}, 1]' end as bucket, count(*)
        from er_predictions group by 1 order by min(match_probability)"""))
    return {
        "model_version": model.version,
        "thresholds": {"match": thresholds.match, "review": thresholds.review},
        "n_mentions": int(n_mentions),
        "n_pairs_at_or_above_review": int(n_pairs),
        "n_pairs_at_or_above_match": int(pairs_match),
        "pairs_by_match_probability": {k: int(v) for k, v in hist.items()},
        "n_edges_clustered": cl.n_edges,
        "n_customers": int(size[0]),
        "n_singletons": int(size[1]),
        "largest_customer": int(size[2] or 0),
        "mean_mentions_per_customer": float(size[3] or 0),
        "n_review_pairs": int(review_n),
        "decisions": {"must_link": cl.n_must_link, "cannot_link": cl.n_cannot_link,
                      "conflicted_components": cl.n_conflicted_components,
                      "blocked_edges": cl.n_blocked_edges},
        "id_events": ids.events,
    }


def write_outputs(con: duckdb.DuckDBPyConnection, result: ResolutionResult, schema: str) -> dict[str, str]:
    """Write the outputs to ``con`` as ``<schema>.<name>``: customer_xref,
    dim_customers and er_review_queue are replaced; customer_id_history is APPENDED
    (rows of an earlier write of the same run_id are replaced, so a retried run does
    not duplicate its events)."""
    execute(con, f"create schema if not exists {schema}")
    names = {}
    for name in ("customer_xref", "dim_customers", "er_review_queue", "customer_id_history"):
        tbl = getattr(result, name)
        view = f"__er_out_{name}"
        con.register(view, tbl)
        target = f"{schema}.{name}"
        if name == "customer_id_history":
            execute(con, f"create table if not exists {target} as select * from {view} where false")
            execute(con, f"delete from {target} where run_id = ?", [result.run_id])
            execute(con, f"insert into {target} by name select * from {view}")
        else:
            execute(con, f"create or replace table {target} as select * from {view}")
        con.unregister(view)
        names[name] = target
    return names
