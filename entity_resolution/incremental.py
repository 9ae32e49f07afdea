"""Incremental resolution: score and re-cluster only what tonight's mentions changed.

A full run scores every blocked pair and clusters every mention.  Most nights only a
few percent of the mentions are new or changed, and with the model's term frequencies
frozen (:mod:`.model`) a pair's score depends on its two prepared records and the
model only.  So yesterday's scores of pairs between unchanged mentions still hold, and
a run can resume from what the last one left (:class:`ResolverState`):

``fingerprints``  mention_key, fingerprint: a hash of every prepared column
                  (:mod:`.prepare`), population-derived ones included (capped blocking
                  keys, shared-phone flags), so a mention whose blocking or comparison
                  inputs moved because *others* changed counts as changed too;
``pairs``         every scored pair at or above the review threshold, ``l < r``, scores
                  only: the two records' values beside them (``<column>_l/_r``) are
                  columns of the prepared mentions, which a kept pair's unchanged
                  mentions still hold, so they are joined back tonight rather than
                  stored (at a million mentions the wide pairs took 4 GiB to collect);
``meta``          model version, thresholds, the run that wrote them and the pairs'
                  full column order.

Tonight (:func:`score_increment`):

1. changed = new or changed fingerprints; removed = fingerprints gone;
2. pairs = yesterday's pairs between unchanged mentions, plus (changed x unchanged)
   (Splink ``predict_between``) and (changed x changed) (``predict_within``);

then (:func:`cluster_increment`) only the customers they touch are re-clustered:

3. seeds = changed mentions, mentions named by a review decision, and every mention of
   a previous customer that held a changed, removed or decided mention;
4. touched = the seeds and everything linked to them tonight (closure over the
   edges at or above the match threshold and must_links);
5. the touched mentions are clustered (with the decisions) exactly as a full run
   clusters; every other mention keeps its previous cluster, size and probability.

Why 5 equals a full run: a mention outside ``touched`` is unchanged, and so is every
mention of its previous customer (else it would be a seed); their edges are
yesterday's edges, and no edge leads from them into ``touched`` (the closure would
have taken them in), so the component a full run finds for them is yesterday's
customer.  ``tests/entity_resolution/test_incremental.py`` checks the equality on
the sample's two export dates.

The state is only usable with the same model version, thresholds and population prior
(:func:`.predict.scaled_prior`, whole-bit steps), a model with
frozen term frequencies, and yesterday's crosswalk written by the run that wrote the
state: otherwise :func:`unusable_reason` says why and the caller runs a full refresh.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from ._db import columns, execute, fetchone
from .clusters import ClusterResult, cluster_with_decisions, normalise_decisions
from .model import TrainedModel
from .predict import make_linker
from .prepare import register_frame

log = logging.getLogger(__name__)


@dataclass
class ResolverState:
    """What a run leaves for the next one (see the module docstring)."""

    fingerprints: pa.Table
    pairs: pa.Table
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class IncrementFigures:
    """How much of tonight's work the increment skipped."""

    mentions: int
    changed: int
    removed: int
    pairs_kept: int
    pairs_scored: int
    touched: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"mentions": self.mentions, "changed_mentions": self.changed, "removed_mentions": self.removed,
                "pairs_kept": self.pairs_kept, "pairs_scored": self.pairs_scored,
                "mentions_reclustered": self.touched}


def unusable_reason(state: ResolverState | None, model: TrainedModel, match: float, review: float,
                    previous_xref: pa.Table | None, prior: float | None = None) -> str | None:
    """Why ``state`` cannot seed an incremental run (None: it can)."""
    if state is None:
        return "no state from a previous run"
    if not model.term_frequencies:
        return "the model has no frozen term frequencies (scores would depend on the population)"
    meta = state.meta
    if meta.get("model_version") != model.version:
        return f"model changed ({meta.get('model_version')} -> {model.version})"
    if meta.get("match_threshold") != match or meta.get("review_threshold") != review:
        return "thresholds changed"
    if prior is not None and meta.get("prior") != prior:
        return f"the population moved the prior a step ({meta.get('prior')} -> {prior}; see predict.scaled_prior)"
    if not meta.get("pair_columns"):
        return "the state was written by an older version (no pair column list)"
    if previous_xref is None or "run_id" not in previous_xref.column_names:
        return "no previous crosswalk"
    runs = set(previous_xref.column("run_id").unique().to_pylist())
    if runs != {meta.get("run_id")}:
        return f"the previous crosswalk ({sorted(map(str, runs))}) is not the state's run ({meta.get('run_id')})"
    return None


def fingerprint_table(con: duckdb.DuckDBPyConnection, prepared: str, out: str = "er_fingerprints") -> str:
    """``mention_key, fingerprint``: md5 of the prepared row as JSON (every column)."""
    execute(con, f"create or replace table {out} as select mention_key, md5(to_json(p)) as fingerprint "
                 f"from {prepared} p")
    return out


def score_increment(model: TrainedModel, con: duckdb.DuckDBPyConnection, prepared: str, state: ResolverState,
                    *, threshold: float, out_table: str = "er_predictions",
                    log_level: int = logging.ERROR) -> IncrementFigures:
    """Steps 1-2: ``out_table`` = yesterday's pairs between unchanged mentions plus the
    pairs of changed mentions, scored with ``model`` (same columns, ``l < r``)."""
    fingerprint_table(con, prepared)
    register_frame(con, state.fingerprints, "__er_prev_fp")
    register_frame(con, state.pairs, "__er_prev_pairs")
    execute(con, """create or replace table er_inc_changed as
        select f.mention_key from er_fingerprints f
        left join __er_prev_fp p on p.mention_key = f.mention_key and p.fingerprint = f.fingerprint
        where p.mention_key is null""")
    execute(con, """create or replace table er_inc_removed as
        select p.mention_key from __er_prev_fp p anti join er_fingerprints f using (mention_key)""")
    execute(con, "create or replace table er_inc_dirty as "
                 "select mention_key from er_inc_changed union select mention_key from er_inc_removed")
    pair_cols = json.loads(state.meta["pair_columns"])
    execute(con, f"""create or replace table {out_table} as
        select {_widened(pair_cols, columns(con, prepared))}
        from __er_prev_pairs p
        join {prepared} l on l.mention_key = p.mention_key_l
        join {prepared} r on r.mention_key = p.mention_key_r
        where p.mention_key_l not in (select mention_key from er_inc_dirty)
          and p.mention_key_r not in (select mention_key from er_inc_dirty)""")
    kept = int(fetchone(con, f"select count(*) from {out_table}")[0])
    n_changed = int(fetchone(con, "select count(*) from er_inc_changed")[0])
    scored = 0
    if n_changed:
        execute(con, f"create or replace table er_inc_new_rows as select * from {prepared} "
                     f"where mention_key in (select mention_key from er_inc_changed)")
        execute(con, f"create or replace table er_inc_old_rows as select * from {prepared} "
                     f"where mention_key not in (select mention_key from er_inc_changed)")
        linker = make_linker(model, con, prepared, log_level=log_level)
        db_api = linker._db_api  # noqa: SLF001 - the linker's DuckDB API registers our tables
        new_sdf, old_sdf = db_api.register("er_inc_new_rows"), db_api.register("er_inc_old_rows")
        between = linker.inference.predict_between(new_sdf, old_sdf, threshold_match_probability=threshold,
                                                   warning_mode="never")
        within = linker.inference.predict_within(new_sdf, threshold_match_probability=threshold,
                                                 warning_mode="never")
        for sdf in (between, within):
            execute(con, f"insert into {out_table} select {_oriented(pair_cols, columns(con, sdf.physical_name))} "
                         f"from {sdf.physical_name}")
            scored += int(fetchone(con, f"select count(*) from {sdf.physical_name}")[0])
        linker.table_management.delete_tables_created_by_splink_from_db()
        execute(con, "drop table if exists er_inc_new_rows")
        execute(con, "drop table if exists er_inc_old_rows")
    con.unregister("__er_prev_pairs")
    n = int(fetchone(con, f"select count(*) from {prepared}")[0])
    removed = int(fetchone(con, "select count(*) from er_inc_removed")[0])
    return IncrementFigures(mentions=n, changed=n_changed, removed=removed, pairs_kept=kept, pairs_scored=scored)


def _record_columns(pair_cols: list[str], prepared_cols: list[str]) -> set[str]:
    """The ``<x>_l`` / ``<x>_r`` columns of a pair that are a prepared record's column ``x``."""
    have = set(prepared_cols) - {"mention_key"}
    return {c for c in pair_cols if c[-2:] in ("_l", "_r") and c[:-2] in have}


def _widened(pair_cols: list[str], prepared_cols: list[str]) -> str:
    """Select list giving stored (narrow) pairs ``p`` the full ``pair_cols``, the records'
    values taken from the prepared mentions ``l`` and ``r``."""
    record = _record_columns(pair_cols, prepared_cols)
    return ", ".join(f"{c[-1]}.{c[:-2]} as {c}" if c in record else f"p.{c}" for c in pair_cols)


def _oriented(target_cols: list[str], have: list[str]) -> str:
    """Select list that puts a Splink output in ``target_cols`` order with ``l < r``:
    when ``mention_key_l > mention_key_r`` every ``<x>_l`` / ``<x>_r`` pair swaps."""
    swap = "mention_key_l > mention_key_r"
    out = []
    for c in target_cols:
        if c not in have:
            out.append(f"null as {c}")
        elif c.endswith("_l") and f"{c[:-2]}_r" in have:
            out.append(f"case when {swap} then {c[:-2]}_r else {c} end as {c}")
        elif c.endswith("_r") and f"{c[:-2]}_l" in have:
            out.append(f"case when {swap} then {c[:-2]}_l else {c} end as {c}")
        else:
            out.append(c)
    return ", ".join(out)


def orient_in_place(con: duckdb.DuckDBPyConnection, predictions: str) -> None:
    """Make every pair ``l < r`` (a full run's pairs are compared with tomorrow's kept ones)."""
    if fetchone(con, f"select count(*) from {predictions} where mention_key_l > mention_key_r")[0]:
        cols = columns(con, predictions)
        execute(con, f"create or replace table {predictions} as select {_oriented(cols, cols)} from {predictions}")


def cluster_increment(con: duckdb.DuckDBPyConnection, prepared: str, predictions: str, previous_xref: pa.Table,
                      *, match_threshold: float, decisions=None, out_table: str = "er_clusters") -> tuple[ClusterResult, int]:
    """Steps 3-5: ``out_table`` as :func:`~.clusters.cluster_with_decisions` writes it, with
    only the touched mentions re-clustered.  Returns the result and the touched count.
    Needs ``er_inc_changed`` / ``er_inc_removed`` from :func:`score_increment`."""
    register_frame(con, previous_xref.select(["mention_key", "customer_id", "cluster_size", "match_probability"]),
                   "__er_prev_xref")
    dec = normalise_decisions(con, decisions, prepared, out_table="er_inc_decisions")
    execute(con, f"""create or replace table er_inc_touched as
        with decided as (select k1 as mention_key from {dec} union select k2 from {dec}),
        hit as (select mention_key from er_inc_changed
                union select mention_key from er_inc_removed
                union select mention_key from decided),
        customers as (select distinct x.customer_id from __er_prev_xref x join hit using (mention_key))
        select mention_key from er_inc_changed
        union select mention_key from decided
        union select x.mention_key from __er_prev_xref x join customers using (customer_id)
              join {prepared} p using (mention_key)""")
    execute(con, f"""create or replace table er_inc_edges as
        select mention_key_l as a, mention_key_r as b from {predictions} where match_probability >= {match_threshold!r}
        union select k1, k2 from {dec} where decision = 'must_link'""")
    while True:  # closure: everything linked to a touched mention tonight is touched
        [(added,)] = con.execute("""insert into er_inc_touched
            select mention_key from (
              select e.b as mention_key from er_inc_edges e join er_inc_touched t on t.mention_key = e.a
              union select e.a from er_inc_edges e join er_inc_touched t on t.mention_key = e.b)
            except select mention_key from er_inc_touched""").fetchall()
        if not added:
            break
    touched = int(fetchone(con, "select count(*) from er_inc_touched")[0])
    execute(con, f"create or replace table er_inc_touched_rows as select * from {prepared} "
                 f"where mention_key in (select mention_key from er_inc_touched)")
    execute(con, f"""create or replace table er_inc_touched_pairs as select * from {predictions}
        where mention_key_l in (select mention_key from er_inc_touched)
          and mention_key_r in (select mention_key from er_inc_touched)""")
    part = cluster_with_decisions(con, "er_inc_touched_rows", "er_inc_touched_pairs", match_threshold=match_threshold,
                                  decisions=decisions, out_table=f"{out_table}_touched")
    execute(con, f"""create or replace table {out_table} as
        select * from {part.table}
        union all
        select x.mention_key, min(x.mention_key) over (partition by x.customer_id) as cluster_key,
               cast(x.cluster_size as integer) as cluster_size, x.match_probability
        from __er_prev_xref x
        where x.mention_key not in (select mention_key from er_inc_touched)
          and x.mention_key not in (select mention_key from er_inc_removed)
        order by mention_key""")
    con.unregister("__er_prev_xref")
    n_clusters, n_mentions = fetchone(con, f"select count(distinct cluster_key), count(*) from {out_table}")
    n_edges = fetchone(con, "select count(*) from er_inc_edges")[0]
    result = ClusterResult(
        table=out_table, blocked_edges_table=part.blocked_edges_table, decisions_table=part.decisions_table,
        n_clusters=int(n_clusters), n_mentions=int(n_mentions), n_edges=int(n_edges),
        n_must_link=part.n_must_link, n_cannot_link=part.n_cannot_link,
        n_conflicted_components=part.n_conflicted_components, n_blocked_edges=part.n_blocked_edges)
    return result, touched


def state_after(con: duckdb.DuckDBPyConnection, predictions: str, prepared: str,
                meta: dict[str, Any]) -> ResolverState:
    """Tonight's state for tomorrow (needs ``er_fingerprints``: :func:`fingerprint_table`).

    Pairs keep their scores and keys only; the records' own values are joined back
    from the prepared mentions when they are read (:func:`score_increment`).
    """
    pair_cols = columns(con, predictions)
    record = _record_columns(pair_cols, columns(con, prepared))
    narrow = ", ".join(c for c in pair_cols if c not in record)
    return ResolverState(
        fingerprints=con.sql("select * from er_fingerprints order by mention_key").to_arrow_table(),
        pairs=con.sql(f"select {narrow} from {predictions} order by mention_key_l, mention_key_r").to_arrow_table(),
        meta={**meta, "pair_columns": json.dumps(pair_cols)},
    )
