"""CLI: ``python -m benchmarks [--mentions N | --people N] [--repeat N] [--skip-retrain] [--growth]``.

One bench: generate (or reuse) the exports, run ``nightly_refresh`` ``--repeat`` times
on fresh private paths, measure blocking and accuracy against the truth, time
``retrain_entity_resolution`` on the first run's build, optionally the same nightly
run at a tenth of the scale, then print the table and write
``<data-dir>/results-<scale>-<timestamp>.json``. Exit status 1 when a run failed;
missed targets are reported, not turned into a failure (the figures are the product).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .datasets import (DEFAULT_DATA_DIR, EXPORT_DATES, INCREMENT_DATES, PROJECT_ROOT, Dataset, ensure_dataset,
                       people_for_mentions)
from .er_quality import blocking_figures
from .events import read_run_events
from .memory import GIB, TreeRssSampler
from .report import aggregate_stages, format_table, judge, machine_info, write_json
from .runner import RunPaths, instance_for, run_job
from .stages import NightlyFigures, Stage, nightly_figures

DBT_TARGET = PROJECT_ROOT / "dbt_project" / "target"
SAMPLE_LANDING = PROJECT_ROOT / "data" / "sample" / "landing"


class RunFailed(RuntimeError):
    """A job of the bench did not succeed: its figures would mean nothing."""


def _gated_marts():
    from orchestration.assets.gates import MART_KEYS  # Dagster definitions: imported when a bench runs

    return MART_KEYS


def _nightly(ds_landing: Path, root: Path | RunPaths, sampler: TreeRssSampler,
             instance=None) -> tuple[NightlyFigures, RunPaths]:
    """One ``nightly_refresh``: on fresh paths (``root`` a folder), or on the paths and
    instance of an earlier night (``root`` its RunPaths: the next night's increment)."""
    paths = root if isinstance(root, RunPaths) else RunPaths(root)
    instance = instance or instance_for(paths)
    run = run_job("nightly_refresh", paths, ds_landing, instance)
    if not run.result.success:
        failed = [e.step_key for e in run.result.all_events if e.is_step_failure]
        raise RunFailed(f"nightly_refresh failed on {ds_landing} (steps {failed}); "
                        f"see {paths.root / 'nightly_refresh.log'} and {paths.dagster_home}")
    events = read_run_events(instance, run.result.run_id)
    return nightly_figures(run, events, sampler, DBT_TARGET, _gated_marts(), paths.build), paths


def _retrain(paths: RunPaths, landing: Path, sampler: TreeRssSampler) -> dict[str, Any]:
    """``retrain_entity_resolution`` on the run's build; the new model goes to the run's own folder."""
    instance = instance_for(paths)
    run = run_job("retrain_entity_resolution", paths, landing, instance, model_dir=paths.models)
    if not run.result.success:
        raise RunFailed(f"retrain_entity_resolution failed; see {paths.root / 'retrain_entity_resolution.log'}")
    events = read_run_events(instance, run.result.run_id)
    step = next(iter(events.steps.values()))
    rows = events.total("trained_on_mentions")
    return {"wall_s": step.wall_s, "job_wall_s": run.wall_s, "rows": rows,
            "rows_per_s": rows / step.wall_s if step.wall_s else None,
            "peak_rss_gib": sampler.peak(step.start, step.end) / GIB}


def sample_f1(data_dir: Path, sampler: TreeRssSampler) -> dict[str, Any]:
    """Pairwise F1 of the saved model on the shipped sample (one run), cached per model version."""
    from entity_resolution import load_model
    from orchestration.settings import DEFAULT_ER_MODEL_DIR

    version = load_model(DEFAULT_ER_MODEL_DIR).version
    cache = data_dir / f"sample-baseline-{version}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    root = data_dir / "runs" / f"sample-baseline-{version}"
    figures, _ = _nightly(SAMPLE_LANDING, root, sampler)
    shutil.rmtree(root, ignore_errors=True)
    baseline = {"model_version": version, "pairwise_f1": figures.er["pairwise_f1"],
                "pairwise_precision": figures.er["pairwise_precision"],
                "pairwise_recall": figures.er["pairwise_recall"]}
    cache.write_text(json.dumps(baseline, indent=2), encoding="utf-8")
    return baseline


def _scale_runs(ds: Dataset, session: Path, repeat: int, sampler: TreeRssSampler,
                log) -> tuple[list[NightlyFigures], RunPaths]:
    runs, first = [], None
    for i in range(repeat):
        log(f"nightly_refresh on {ds.mentions:,} mentions, run {i + 1} of {repeat} ...")
        figures, paths = _nightly(ds.landing, session / f"p{ds.people}-run{i + 1}", sampler)
        log(f"  {figures.wall_s:.1f} s")
        runs.append(figures)
        if first is None:
            first = paths
        else:
            shutil.rmtree(paths.root, ignore_errors=True)
    return runs, first


def _link_dates(src: Path, dst: Path, dates: tuple[str, ...]) -> None:
    """Land ``dates`` of the dataset's landing folder in ``dst`` (hard links: no copy)."""
    for date_dir in sorted(src.glob("*/*")):
        if date_dir.name not in dates:
            continue
        target = dst / date_dir.parent.name / date_dir.name
        target.mkdir(parents=True, exist_ok=True)
        for f in date_dir.iterdir():
            try:
                os.link(f, target / f.name)
            except OSError:
                shutil.copy2(f, target / f.name)


def _increment(ds: Dataset, session: Path, sampler: TreeRssSampler, full_s: float, log) -> dict[str, Any]:
    """Night A on every export date but the last, then night B adds the last one on the
    same build: B's wall time against the full refresh of all dates (``full_s``)."""
    paths = RunPaths(session / "increment")
    landing = paths.root / "landing"
    dates = INCREMENT_DATES
    _link_dates(ds.landing, landing, dates[:-1])
    log(f"increment: night A on {len(dates) - 1} export dates ...")
    night_a, _ = _nightly(landing, paths, sampler)
    log(f"  {night_a.wall_s:.1f} s; night B adds {dates[-1]} ...")
    _link_dates(ds.landing, landing, dates[-1:])
    # DuckDB keeps a database open while any Python object of it lives: collect night A's
    # before night B's dbt process asks for the build's write lock (one writer per file).
    gc.collect()
    night_b, _ = _nightly(landing, paths, sampler, instance=instance_for(paths))
    log(f"  {night_b.wall_s:.1f} s")
    inc = night_b.er.get("increment") or {}
    mentions = inc.get("mentions") or night_b.er.get("mentions") or 0
    return {"night_a_s": night_a.wall_s, "night_b_s": night_b.wall_s, "full_refresh_s": full_s,
            "ratio_to_full": night_b.wall_s / full_s if full_s else None,
            "refresh_mode": night_b.er.get("refresh_mode"), "er_increment": inc,
            "changed_share": (inc.get("changed_mentions", 0) + inc.get("removed_mentions", 0)) / mentions
            if mentions else None,
            "stages": [s.as_dict() for s in night_b.stages],
            "pairwise_f1": night_b.er.get("pairwise_f1")}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="The whole nightly pipeline at a chosen scale: a figure per stage, the targets, JSON.")
    scale = p.add_mutually_exclusive_group()
    scale.add_argument("--mentions", type=int, default=1_000_000,
                       help="live customer mentions across all sources (default 1,000,000); people = mentions / ~2.6")
    scale.add_argument("--people", type=int, help="true people to generate instead of --mentions")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=1, help="nightly runs; stage times are their medians (default 1)")
    p.add_argument("--skip-retrain", action="store_true", help="do not time retrain_entity_resolution")
    p.add_argument("--growth", action="store_true", help="also run at a tenth of the scale; print the time ratio")
    p.add_argument("--increment", action="store_true",
                   help="generate 16 weekly export dates; time the last one as a nightly increment on the "
                        "other 15, against the full refresh of all 16")
    p.add_argument("--sample-f1", type=float, default=None,
                   help="pairwise F1 floor (default: the saved model's F1 on the shipped sample, one cached run)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="cache and results (default data/bench)")
    p.add_argument("--json", type=Path, default=None, help="results file (default <data-dir>/results-<scale>-<ts>.json)")
    p.add_argument("--keep-runs", action="store_true", help="keep the runs' build, published and Dagster folders")
    return p


def run_bench(args: argparse.Namespace, log=print) -> dict[str, Any]:
    people = args.people or people_for_mentions(args.mentions)
    scale_label = f"p{args.people}" if args.people else f"m{args.mentions}"
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    data_dir = args.data_dir.resolve()
    session = data_dir / "runs" / f"{scale_label}-{stamp}"
    machine = machine_info()
    result: dict[str, Any] = {"started_at": stamp, "repeat": args.repeat, "machine": machine,
                              "command": " ".join(sys.argv)}
    with TreeRssSampler() as sampler:
        started = time.perf_counter()
        ds = ensure_dataset(people, args.seed, data_dir,
                            export_dates=INCREMENT_DATES if args.increment else EXPORT_DATES)
        log(f"dataset {ds.root}: {ds.mentions:,} live mentions, {ds.landing_rows:,} landing rows"
            + (f", generated in {ds.generate_s:.1f} s" if ds.generate_s is not None else ", cached"))
        runs, first = _scale_runs(ds, session, args.repeat, sampler, log)

        log("blocking: candidate pairs and recall against the truth ...")
        t0 = time.time()
        blocking = blocking_figures(first.build, ds.truth)
        blocking_peak = sampler.peak(t0, time.time())
        extra = [Stage("blocking", blocking.blocking_s, blocking.mentions, blocking_peak, level=1,
                       note=f"counted apart from the run: {blocking.comparisons:,} pairs").as_dict()]
        retrain = None
        if not args.skip_retrain:
            log("retrain_entity_resolution on the first run's build ...")
            retrain = _retrain(first, ds.landing, sampler)
            extra.insert(0, {"name": "training", "level": 1, "wall_s": retrain["wall_s"], "rows": retrain["rows"],
                             "rows_per_s": retrain["rows_per_s"], "peak_rss_gib": retrain["peak_rss_gib"],
                             "note": "retrain_entity_resolution job, its step"})
        increment = None
        if args.increment:
            increment = _increment(ds, session, sampler, statistics.median(r.wall_s for r in runs), log)
        growth = None
        if args.growth:
            small = ensure_dataset(max(1, people // 10), args.seed, data_dir)
            log(f"growth: {small.mentions:,} mentions ...")
            small_runs, small_first = _scale_runs(small, session, args.repeat, sampler, log)
            small_e2e = statistics.median(r.wall_s for r in small_runs)
            growth = {"small_people": small.people, "small_mentions": small.mentions, "small_end_to_end_s": small_e2e,
                      "small_end_to_end_s_runs": [r.wall_s for r in small_runs],
                      "ratio": statistics.median(r.wall_s for r in runs) / small_e2e}
        baseline = {"pairwise_f1": args.sample_f1} if args.sample_f1 is not None else sample_f1(data_dir, sampler)
        bench_s = time.perf_counter() - started

    e2e = statistics.median(r.wall_s for r in runs)
    er = {**runs[0].er,
          "prediction_plus_clustering_s": statistics.median(r.er["prediction_plus_clustering_s"] for r in runs),
          "comparisons": blocking.comparisons, "blocking_s": blocking.blocking_s,
          "blocking_recall": blocking.recall, "true_pairs": blocking.true_pairs,
          "found_true_pairs": blocking.found_true_pairs, "sample_f1": baseline.get("pairwise_f1")}
    result.update({
        "scale": {"people": ds.people, "seed": ds.seed, "mentions": ds.mentions, "landing_rows": ds.landing_rows,
                  "requested": scale_label, "generate_s": ds.generate_s},
        "stages": aggregate_stages(runs),
        "extra_stages": extra,
        "end_to_end_s": e2e,
        "end_to_end_s_runs": [r.wall_s for r in runs],
        "peak_rss_gib": max(r.peak_rss for r in runs) / GIB,          # during the full refreshes
        "peak_rss_gib_bench": max(s for _, s in sampler.samples) / GIB,  # the whole bench, retraining too
        "entity_resolution": er,
        "dbt_split": [r.dbt for r in runs],
        "retrain": retrain,
        "growth": growth,
        "increment": increment,
        "bench_wall_s": bench_s,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    })
    result["targets"] = [t.as_dict() for t in judge(result)]
    if not args.keep_runs:
        shutil.rmtree(session, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.repeat < 1:
        raise SystemExit("--repeat must be >= 1")
    try:
        result = run_bench(args, log=lambda msg: print(msg, flush=True))
    except RunFailed as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    path = args.json or args.data_dir / f"results-{result['scale']['requested']}-{result['started_at']}.json"
    write_json(result, path)
    print()
    print(format_table(result))
    print(f"\nJSON: {path}")
    return 0
