"""Aggregate repeated runs, judge the targets, print the table, write the JSON.

Wall times are medians over the repeats (a short stage is noisy on a shared
machine); peak RSS is the largest seen in any repeat. The targets are the issue's,
set for a full refresh of 1,000,000 mentions: at another scale they are printed
as an indication only.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from .memory import GIB
from .stages import NightlyFigures

TARGET_MENTIONS = 1_000_000


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    limit: float
    higher_is_better: bool
    unit: str = ""

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "limit": self.limit,
                "comparison": ">=" if self.higher_is_better else "<=", "unit": self.unit, "passed": self.passed}


def aggregate_stages(runs: list[NightlyFigures]) -> list[dict[str, Any]]:
    """Per stage over the repeats: median wall, all walls, rows, rows/s at the median, worst peak."""
    out = []
    for i, first in enumerate(runs[0].stages):
        walls = [r.stages[i].wall_s for r in runs]
        median = statistics.median(walls)
        out.append({"name": first.name, "level": first.level, "note": first.note,
                     "wall_s": median, "wall_s_runs": walls, "rows": first.rows,
                     "rows_per_s": first.rows / median if median > 0 and first.rows else None,
                     "peak_rss_gib": max(r.stages[i].peak_rss for r in runs) / GIB})
    return out


def machine_info() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / GIB, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
            "platform": platform.platform()}


def judge(result: dict[str, Any]) -> list[Target]:
    er = result["entity_resolution"]
    targets = [
        Target("full refresh, end to end", result["end_to_end_s"], 300, False, "s"),
        Target("peak RSS, process tree", result["peak_rss_gib"], 8, False, "GiB"),
        Target("ER prediction + clustering", er.get("prediction_plus_clustering_s"), 60, False, "s"),
        Target("blocking recall", er.get("blocking_recall"), 0.99, True),
    ]
    if er.get("sample_f1") is not None:
        targets.append(Target("pairwise F1 (sample's as floor)", er.get("pairwise_f1"), er["sample_f1"], True))
    if result.get("retrain"):
        targets.append(Target("retraining", result["retrain"]["wall_s"], 180, False, "s"))
    if result.get("growth"):
        targets.append(Target("growth: time ratio to a tenth", result["growth"]["ratio"], 12, False))
    if result.get("increment"):
        targets.append(Target("nightly increment / full refresh", result["increment"]["ratio_to_full"], 0.10, False))
    return targets


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if digits else f"{value:,.0f}"


def format_table(result: dict[str, Any]) -> str:
    scale = result["scale"]
    repeat = result["repeat"]
    lines = [
        f"bench: {scale['mentions']:,} live customer mentions ({scale['people']:,} people, seed {scale['seed']}), "
        f"{scale['landing_rows']:,} landing rows; {repeat} run(s), wall = median"
        + (" (min-max beside)" if repeat > 1 else ""),
        f"machine: {result['machine']['cpus']} cpus, {result['machine']['memory_gib']} GiB, "
        f"load average at start {result['machine']['load_average']} (shared: times are pessimistic)",
        "",
        f"{'stage':<30} {'wall s':>9} {'rows':>12} {'rows/s':>11} {'peak GiB':>9}  note",
    ]
    for st in result["stages"]:
        name = ("  " * st["level"]) + st["name"]
        spread = f" [{min(st['wall_s_runs']):.1f}-{max(st['wall_s_runs']):.1f}]" if repeat > 1 else ""
        lines.append(f"{name:<30} {st['wall_s']:>9.2f} {st['rows']:>12,} {_num(st['rows_per_s'], 0):>11} "
                     f"{st['peak_rss_gib']:>9.2f}  {st['note']}{spread}")
    er = result["entity_resolution"]
    for extra in result.get("extra_stages", []):
        name = ("  " * extra["level"]) + extra["name"]
        lines.append(f"{name:<30} {extra['wall_s']:>9.2f} {extra['rows']:>12,} {_num(extra['rows_per_s'], 0):>11} "
                     f"{extra['peak_rss_gib']:>9.2f}  {extra['note']}")
    lines.append(f"{'end to end (nightly_refresh)':<30} {result['end_to_end_s']:>9.2f} {scale['landing_rows']:>12,} "
                 f"{_num(scale['landing_rows'] / result['end_to_end_s'] if result['end_to_end_s'] else None, 0):>11} "
                 f"{result['peak_rss_gib']:>9.2f}")
    lines += [
        "",
        f"entity resolution: {er.get('comparisons', 0):,} comparisons, blocking recall {_num(er.get('blocking_recall'), 4)} "
        f"({er.get('found_true_pairs', 0):,} of {er.get('true_pairs', 0):,} true pairs); pairwise precision "
        f"{_num(er.get('pairwise_precision'), 4)} recall {_num(er.get('pairwise_recall'), 4)} F1 {_num(er.get('pairwise_f1'), 4)}"
        + (f" (sample: {er['sample_f1']:.4f})" if er.get("sample_f1") is not None else ""),
    ]
    if result.get("growth"):
        g = result["growth"]
        lines.append(f"growth: {g['small_mentions']:,} mentions in {g['small_end_to_end_s']:.1f} s, "
                     f"{scale['mentions']:,} in {result['end_to_end_s']:.1f} s: ratio {g['ratio']:.2f}")
    if result.get("increment"):
        i = result["increment"]
        e = i.get("er_increment") or {}
        lines.append(f"increment: night B (last export date on the other 15) {i['night_b_s']:.1f} s against a full "
                     f"refresh of {i['full_refresh_s']:.1f} s: ratio {i['ratio_to_full']:.3f}; entity resolution "
                     f"{i.get('refresh_mode')}, {e.get('changed_mentions', 0):,} changed + {e.get('removed_mentions', 0):,} "
                     f"removed of {e.get('mentions', 0):,} mentions, {e.get('pairs_scored', 0):,} pairs scored, "
                     f"{e.get('pairs_kept', 0):,} kept, {e.get('mentions_reclustered', 0):,} re-clustered")
        for st in i["stages"]:
            if st["level"] == 0:
                lines.append(f"  {st['name']:<28} {st['wall_s']:>9.2f}")
    lines += ["", "targets" + ("" if scale["mentions"] >= 0.95 * TARGET_MENTIONS else
                                f" (set for {TARGET_MENTIONS:,} mentions; at this scale an indication only)")]
    for t in result["targets"]:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[t["passed"]]
        value = "-" if t["value"] is None else f"{t['value']:.4g}"
        lines.append(f"  {mark}  {t['name']:<34} {value:>10} {t['unit']:<4} (target {t['comparison']} {t['limit']:g} {t['unit']})")
    return "\n".join(lines)


def write_json(result: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return path
