"""Split the dbt step into staging and standardization with dbt's own run_results.json.

``dbt_staging_and_intermediate`` is one Dagster step, but the issue asks for staging
(rename, cast) and standardization (the ``intermediate`` models, where the Python
standardizers run inside DuckDB) apart. dagster-dbt gives every invocation its own
target folder, ``<op name>-<run id[:7]>-<uuid>``; its run_results.json has each
node's compile/execute timestamps and its manifest says where each node is defined.
Nodes run on two threads, so a layer's time is the union of its nodes' intervals,
not their sum. What the step spent outside any node (dbt start-up, parsing, the
row counts afterwards) is reported as overhead.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

INTERMEDIATE_PREFIX = "models/intermediate/"


@dataclass(frozen=True)
class DbtSplit:
    standardization_s: float   # union of the intermediate layer's node intervals
    staging_nodes_s: float     # union of every other node's intervals (staging, seeds, source tests)
    nodes: int
    elapsed_s: float           # dbt's own elapsed time for the invocation


def target_dirs(dbt_target: Path, op_name: str, run_id: str) -> list[Path]:
    return sorted(Path(dbt_target).glob(f"{op_name}-{run_id[:7]}-*"))


def _ts(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _union_s(intervals: list[tuple[float, float]]) -> float:
    total, cur_start, cur_end = 0.0, None, None
    for start, end in sorted(intervals):
        if cur_end is None or start > cur_end:
            if cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_end is not None:
        total += cur_end - cur_start
    return total


def _interval(result: dict) -> tuple[float, float] | None:
    stamps = [(_ts(t["started_at"]), _ts(t["completed_at"])) for t in result.get("timing", [])
              if t.get("started_at") and t.get("completed_at")]
    if not stamps:
        return None
    return min(s for s, _ in stamps), max(e for _, e in stamps)


def split_dbt(target_dir: Path) -> DbtSplit:
    """The split of one invocation's target folder (run_results.json + manifest.json)."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))
    nodes = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    std, other = [], []
    for r in results["results"]:
        interval = _interval(r)
        if interval is None:
            continue
        path = nodes.get(r["unique_id"], {}).get("original_file_path", "")
        (std if path.startswith(INTERMEDIATE_PREFIX) else other).append(interval)
    return DbtSplit(standardization_s=_union_s(std), staging_nodes_s=_union_s(other),
                    nodes=len(results["results"]), elapsed_s=float(results.get("elapsed_time", 0.0)))


def remove_target_dirs(dirs: list[Path]) -> None:
    """The bench's own invocation folders (compiled SQL, logs): read once, then not kept."""
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
