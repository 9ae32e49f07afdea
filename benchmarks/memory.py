"""Peak RSS of the whole process tree, sampled in a thread.

dbt runs as a subprocess of the Dagster step (and DuckDB / Splink run in this
process), so the bench process's own ``ru_maxrss`` would miss dbt: the sampler sums
the RSS of this process and all its descendants. Shared pages are counted once per
process, so the figure errs on the high side. Samples keep their wall time
(``time.time()``, the clock of Dagster's event log), so a stage's peak is the
largest sample inside its window.
"""

from __future__ import annotations

import os
import threading
import time

import psutil

GIB = 1024**3


def tree_rss(root: psutil.Process) -> int:
    """RSS in bytes of ``root`` and every live descendant."""
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:  # the child ended between listing and reading
            continue
    return total


class TreeRssSampler:
    """Context manager: samples (wall time, tree RSS) every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1, pid: int | None = None) -> None:
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._root = psutil.Process(pid or os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tree-rss-sampler", daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), tree_rss(self._root)))
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeRssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((time.time(), tree_rss(self._root)))

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        """Largest sample in [start, end] (bytes); the nearest sample before a short window counts too."""
        lo = -float("inf") if start is None else start
        hi = float("inf") if end is None else end
        inside = [rss for t, rss in self.samples if lo <= t <= hi]
        before = [rss for t, rss in self.samples if t < lo]
        if before:  # a stage shorter than the interval still gets the state it started in
            inside.append(before[-1])
        return max(inside, default=0)
