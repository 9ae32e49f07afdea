"""Per-step wall windows and materialization metadata, read from a run's Dagster event log.

Steps run one after another (in-process executor), so a step's window is from its
first STEP_START (a retried step starts more than once) to its last STEP_SUCCESS or
STEP_FAILURE, on the event log's wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster import AssetKey, DagsterEventType, DagsterInstance

_ENDS = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE)


@dataclass(frozen=True)
class StepWindow:
    step_key: str
    start: float
    end: float
    succeeded: bool

    @property
    def wall_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Materialization:
    step_key: str
    asset_key: AssetKey
    metadata: dict[str, Any]  # plain values (numbers, text, JSON)

    def number(self, name: str) -> float:
        value = self.metadata.get(name)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


@dataclass(frozen=True)
class RunEvents:
    steps: dict[str, StepWindow]
    materializations: list[Materialization]

    def step_keys(self, prefix: str) -> list[str]:
        return [k for k in self.steps if k.startswith(prefix)]

    def window(self, step_keys: list[str]) -> tuple[float, float] | None:
        windows = [self.steps[k] for k in step_keys if k in self.steps]
        if not windows:
            return None
        return min(w.start for w in windows), max(w.end for w in windows)

    def wall_s(self, step_keys: list[str]) -> float:
        return sum(self.steps[k].wall_s for k in step_keys if k in self.steps)

    def total(self, name: str, *, steps: list[str] | None = None, layer: str | None = None) -> int:
        """Sum of metadata ``name`` over materializations of ``steps`` and/or key layer (raw, staging...)."""
        return int(sum(m.number(name) for m in self.materializations
                       if (steps is None or m.step_key in steps) and (layer is None or m.asset_key.path[0] == layer)))

    def metadata(self, key: AssetKey) -> dict[str, Any]:
        found = [m.metadata for m in self.materializations if m.asset_key == key]
        return found[-1] if found else {}


def _plain(value: Any) -> Any:
    """A MetadataValue's Python value (numbers, text, JSON)."""
    return getattr(value, "value", value)


def read_run_events(instance: DagsterInstance, run_id: str) -> RunEvents:
    starts: dict[str, float] = {}
    ends: dict[str, tuple[float, bool]] = {}
    mats: list[Materialization] = []
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if kind == DagsterEventType.STEP_START and entry.step_key:
            starts.setdefault(entry.step_key, entry.timestamp)
        elif kind in _ENDS and entry.step_key:
            ends[entry.step_key] = (entry.timestamp, kind == DagsterEventType.STEP_SUCCESS)
        elif kind == DagsterEventType.ASSET_MATERIALIZATION:
            mat = entry.asset_materialization
            if mat is not None:
                mats.append(Materialization(entry.step_key or "", mat.asset_key,
                                            {k: _plain(v) for k, v in mat.metadata.items()}))
    steps = {key: StepWindow(key, start, ends[key][0], ends[key][1])
             for key, start in starts.items() if key in ends}
    return RunEvents(steps=steps, materializations=mats)
