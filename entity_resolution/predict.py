"""Score mention pairs with a saved model (never retrains).

* :func:`predict_pairs` - full dedupe of one prepared mentions table (nightly run).
* :func:`score_new_mentions` - incremental: new mentions against existing ones
  (``predict_between``) plus new mentions among themselves (``predict_within``), with
  term-frequency tables computed on existing + new.  Same output schema as
  :func:`predict_pairs`, so clustering / review code is shared.

Output: a DuckDB table with one row per scored pair at or above ``threshold``:
``match_weight, match_probability, mention_key_l, mention_key_r``, the compared
columns ``<col>_l/_r``, ``gamma_<comparison>`` (level), ``bf_<comparison>`` /
``bf_tf_adj_<comparison>`` (Bayes factors), ``tf_<col>_l/_r`` and
``source_system_l/_r, source_record_id_l/_r, country_code_l/_r, name_script_l/_r``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
from splink import DuckDBAPI, Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from ._db import execute, fetchone
from .model import TrainedModel, as_model
from .prepare import prepare_mentions, register_frame


@dataclass
class Scored:
    """Pairwise predictions plus the linker that produced them (for charts)."""

    linker: Linker
    predictions: SplinkDataFrame
    table: str  # DuckDB table name holding the predictions
    n_pairs: int
    model_version: str


def make_linker(
    model: TrainedModel | str,
    con: duckdb.DuckDBPyConnection,
    prepared_table: str,
    *,
    log_level: int = logging.ERROR,
) -> Linker:
    """A Splink linker over ``prepared_table`` on ``con`` using the saved model."""
    model = as_model(model)
    db_api = DuckDBAPI(con)
    sdf = db_api.register(prepared_table)
    return Linker(sdf, model.settings_copy(), log_level=log_level)


def _materialise(con, sdf: SplinkDataFrame, table: str) -> int:
    execute(con, f"create or replace table {table} as select * from {sdf.physical_name}")
    return int(fetchone(con, f"select count(*) from {table}")[0])


def predict_pairs(
    model: TrainedModel | str,
    con: duckdb.DuckDBPyConnection,
    prepared_table: str,
    *,
    threshold: float = 0.5,
    out_table: str = "er_predictions",
    log_level: int = logging.ERROR,
) -> Scored:
    """Score all blocked pairs of ``prepared_table`` (see :mod:`.prepare`), keeping
    pairs with ``match_probability >= threshold`` in ``out_table``."""
    model = as_model(model)
    linker = make_linker(model, con, prepared_table, log_level=log_level)
    pred = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    n = _materialise(con, pred, out_table)
    return Scored(linker, pred, out_table, n, model.version)


def score_new_mentions(
    model: TrainedModel | str,
    con: duckdb.DuckDBPyConnection,
    existing_mentions: Any,
    new_mentions: Any,
    *,
    threshold: float = 0.5,
    out_table: str = "er_incremental_predictions",
    log_level: int = logging.ERROR,
) -> Scored:
    """Incremental scoring: pairs (existing x new) and (new x new), never
    (existing x existing).

    ``existing_mentions`` / ``new_mentions`` are int_customer_mentions rows (table name
    on ``con``, pandas or Arrow).  Derived columns and term frequencies are computed on
    the union so a common name still counts less.  Keys present in both are treated as
    new (their latest version is scored).
    """
    model = as_model(model)
    ex = register_frame(con, existing_mentions, "__er_inc_existing_src")
    nw = register_frame(con, new_mentions, "__er_inc_new_src")
    execute(
        con,
        f"""create or replace temp view __er_inc_union as
        select * from {ex} where mention_key not in (select mention_key from {nw})
        union all by name select * from {nw}""",
    )
    prepare_mentions(con, "__er_inc_union", "er_inc_all")
    execute(con, f"""create or replace table er_inc_new as
        select * from er_inc_all where mention_key in (select mention_key from {nw})""")
    execute(con, f"""create or replace table er_inc_existing as
        select * from er_inc_all where mention_key not in (select mention_key from {nw})""")

    linker = make_linker(model, con, "er_inc_all", log_level=log_level)
    for col in _tf_columns(model):
        linker.table_management.compute_tf_table(col)
    db_api = linker._db_api
    sdf_ex = db_api.register("er_inc_existing")
    sdf_new = db_api.register("er_inc_new")
    between = linker.inference.predict_between(
        sdf_ex, sdf_new, threshold_match_probability=threshold, warning_mode="never"
    )
    within = linker.inference.predict_within(
        sdf_new, threshold_match_probability=threshold, warning_mode="never"
    )
    execute(
        con,
        f"""create or replace table {out_table} as
        select * from {between.physical_name}
        union all by name
        select * from {within.physical_name}""",
    )
    n = int(fetchone(con, f"select count(*) from {out_table}")[0])
    pred = db_api.register(out_table)
    return Scored(linker, pred, out_table, n, model.version)


def _tf_columns(model: TrainedModel) -> list[str]:
    cols: list[str] = []
    for comp in model.splink_settings["comparisons"]:
        for lv in comp["comparison_levels"]:
            c = lv.get("tf_adjustment_column")
            if c and c not in cols:
                cols.append(c)
    return cols
