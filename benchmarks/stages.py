"""One run's figures per stage: wall seconds, rows, rows per second, peak RSS of the tree.

The nightly job's steps map onto the issue's stages: ingestion (one step per source
plus the presets), dbt (split into staging and standardization by ``dbt_split``),
entity resolution (its own timings from the asset metadata split it into prediction
and clustering), the four GE gates, the marts, the quality report and the publish.
Sub-stages (``level=1``) are part of the stage above them and are not summed again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dagster import AssetKey

from .dbt_split import DbtSplit, remove_target_dirs, split_dbt, target_dirs
from .events import RunEvents
from .memory import GIB, TreeRssSampler
from .runner import TimedRun
from .warehouse_rows import rows_by_table, rows_in

DBT_STEP = "dbt_staging_and_intermediate"
ER_STEP = "resolve_customers"
MARTS_STEP = "dbt_marts"
# a single asset's step key is its key joined by "__"; an asset check's ends in the check's name
REPORT_STEP = "reports__data_quality"
PUBLISH_STEP = "published__warehouse"
GATE_CHECKS = ("ge_raw_suite", "ge_staging_suite", "ge_entity_resolution_suite", "ge_marts_suite")
XREF = AssetKey(["marts", "customer_xref"])
ER_TABLES = ("marts.customer_xref", "marts.dim_customers", "marts.er_review_queue", "marts.customer_id_history")
# what `resolve` times (entity_resolution.pipeline) and which figure each belongs to
PREDICTION_TIMINGS = ("prepare_s", "predict_s")          # derived keys, then Splink: block + score
CLUSTERING_TIMINGS = ("cluster_s", "ids_s", "golden_s", "review_s")


@dataclass
class Stage:
    name: str
    wall_s: float
    rows: int
    peak_rss: int          # bytes, whole process tree, largest sample in the stage's window
    level: int = 0         # 1: a part of the stage above (not added to the total again)
    note: str = ""

    @property
    def rows_per_s(self) -> float | None:
        return self.rows / self.wall_s if self.wall_s > 0 and self.rows else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["peak_rss_gib"] = data.pop("peak_rss") / GIB
        return {**data, "rows_per_s": self.rows_per_s}


@dataclass
class NightlyFigures:
    success: bool
    run_id: str
    wall_s: float               # execute_in_process, start to end
    landing_rows: int           # rows read from the landing files
    peak_rss: int
    stages: list[Stage]
    er: dict[str, Any] = field(default_factory=dict)    # pairwise accuracy, timings, counts
    dbt: dict[str, Any] = field(default_factory=dict)


def _peak(sampler: TreeRssSampler, window: tuple[float, float] | None) -> int:
    return sampler.peak(*window) if window else 0


def _dbt_split(run_id: str, dbt_target: Path) -> DbtSplit | None:
    dirs = target_dirs(dbt_target, DBT_STEP, run_id)
    try:
        return split_dbt(dirs[-1]) if dirs else None
    except (OSError, KeyError, ValueError):
        return None


def nightly_figures(run: TimedRun, events: RunEvents, sampler: TreeRssSampler, dbt_target: Path,
                    gated_marts: list[AssetKey], build: Path) -> NightlyFigures:
    """The stages of one ``nightly_refresh`` run; ``build`` is its working warehouse (row counts)."""
    run_id = run.result.run_id
    ingest = events.step_keys("raw_")  # one step per source, and raw__source_presets
    gates = [k for k in events.steps if k.endswith(GATE_CHECKS)]
    counts = rows_by_table(build)
    all_rows = sum(counts.values())
    landing_rows = events.total("rows_read", steps=ingest)
    stages = [Stage("ingestion", events.wall_s(ingest), landing_rows, _peak(sampler, events.window(ingest)))]

    dbt_wall = events.wall_s([DBT_STEP])
    dbt_window = events.window([DBT_STEP])
    split = _dbt_split(run_id, dbt_target)
    std_s = split.standardization_s if split else 0.0
    stages += [
        Stage("dbt staging", dbt_wall - std_s, rows_in(counts, "staging"),
              _peak(sampler, dbt_window), note="dbt start-up and row counts included" if split else
              "no run_results.json: the whole dbt step"),
        Stage("dbt start-up, overhead", max(dbt_wall - std_s - (split.staging_nodes_s if split else 0.0), 0.0), 0,
              _peak(sampler, dbt_window), level=1, note="step time outside any dbt node"),
        Stage("standardization", std_s, rows_in(counts, "intermediate"),
              _peak(sampler, dbt_window), note="intermediate models + their tests (dbt run_results)"),
    ]

    xref = events.metadata(XREF)
    timings = xref.get("timings") or {}
    mentions = int(xref.get("dagster/row_count", 0) or 0)
    er_wall = events.wall_s([ER_STEP])
    er_window = events.window([ER_STEP])
    er_peak = _peak(sampler, er_window)
    prediction = sum(float(timings.get(k, 0.0)) for k in PREDICTION_TIMINGS)
    clustering = sum(float(timings.get(k, 0.0)) for k in CLUSTERING_TIMINGS)
    stages += [
        Stage("entity resolution", er_wall, mentions, er_peak),
        Stage("prediction", prediction, mentions, er_peak, level=1, note="prepare + Splink block & score"),
        Stage("clustering", clustering, mentions, er_peak, level=1, note="clusters, stable ids, golden, review"),
        Stage("other", max(er_wall - prediction - clustering, 0.0), mentions, er_peak, level=1,
              note="read mentions, charts, write outputs, truth"),
    ]

    gated = ("intermediate.int_customer_mentions", "marts.customer_xref", *(".".join(k.path) for k in gated_marts))
    gated_rows = rows_in(counts, "raw") + sum(counts.get(name, 0) for name in gated)
    stages += [
        Stage("quality gates", events.wall_s(gates), gated_rows, _peak(sampler, events.window(gates)),
              note="GE raw, staging, entity resolution, marts"),
        Stage("dbt marts", events.wall_s([MARTS_STEP]), rows_in(counts, "marts", exclude=ER_TABLES),
              _peak(sampler, events.window([MARTS_STEP]))),
        Stage("quality report", events.wall_s([REPORT_STEP]), all_rows,
              _peak(sampler, events.window([REPORT_STEP])), note="rows: all tables of the build"),
        Stage("publish", events.wall_s([PUBLISH_STEP]), all_rows,
              _peak(sampler, events.window([PUBLISH_STEP])), note="rows: all tables of the build"),
    ]
    # run start, step launches, event writes between steps: the rest of the run's wall time
    stages.append(Stage("Dagster, between steps", max(run.wall_s - events.wall_s(list(events.steps)), 0.0), 0,
                        sampler.peak(run.started, run.finished), note="run start, step launches, events"))
    dbt_info = {}
    if split:
        dbt_info = {"standardization_s": split.standardization_s, "staging_nodes_s": split.staging_nodes_s,
                    "overhead_s": dbt_wall - split.standardization_s - split.staging_nodes_s,
                    "nodes": split.nodes, "dbt_elapsed_s": split.elapsed_s}
    er_info = {"mentions": mentions, "timings": timings, "customers": xref.get("customers"),
               "pairwise_precision": xref.get("pairwise_precision"), "pairwise_recall": xref.get("pairwise_recall"),
               "pairwise_f1": xref.get("pairwise_f1"), "model_version": xref.get("model_version"),
               "prediction_plus_clustering_s": prediction + clustering,
               "refresh_mode": xref.get("refresh_mode"), "increment": xref.get("increment")}
    for op in (DBT_STEP, MARTS_STEP):
        remove_target_dirs(target_dirs(dbt_target, op, run_id))
    return NightlyFigures(success=run.result.success, run_id=run_id, wall_s=run.wall_s, landing_rows=landing_rows,
                          peak_rss=sampler.peak(run.started, run.finished), stages=stages, er=er_info, dbt=dbt_info)
