"""Bind a child process's life to its parent's: when the parent dies, the child is killed.

Why: a nightly run starts dbt as a child process that writes the run's build file. When the
run is killed hard (SIGKILL, the OOM killer), nothing stops that child: the orphaned dbt goes
on writing the build and holds DuckDB's write lock on it, so the rerun cannot open its own
build (it fails, or waits out its retries) and the two runs' writes interleave. On Linux the
kernel sends the child SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); elsewhere a
daemon thread polls the parent pid. A killed dbt leaves only what it committed (DuckDB
replays the committed transactions of its WAL on the next open), and the rerun rebuilds
every model anyway.

The parent announces itself in ``CRM_DBT_PARENT_PID`` (``orchestration.assets.dbt`` sets it
before starting dbt); the child binds in :mod:`orchestration.dbt_lifeline`, a dbt-duckdb
plugin. Standard library only: the Dagster side imports the constant, dbt the function.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PARENT_ENV = "CRM_DBT_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def bind_to_parent(parent_pid: int, poll_s: float = 1.0) -> str:
    """Die (SIGKILL) when ``parent_pid``, this process's parent, dies. Returns how it is bound."""
    if os.getppid() != parent_pid:  # started by something else, e.g. a shell the run spawned
        return "unbound"
    how = "watcher"
    if sys.platform.startswith("linux"):
        try:
            if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                how = "pdeathsig"
        except (OSError, AttributeError):
            pass
    if how == "watcher":
        threading.Thread(target=_watch, args=(parent_pid, poll_s), daemon=True, name="lifeline").start()
    if os.getppid() != parent_pid:  # the parent died before the binding took effect
        os.kill(os.getpid(), signal.SIGKILL)
    return how


def bind_from_env() -> str:
    """Bind to the parent named in ``CRM_DBT_PARENT_PID``; a process started by hand is left alone."""
    parent = os.environ.get(PARENT_ENV, "")
    return bind_to_parent(int(parent)) if parent.isdigit() else "unbound"


def _watch(parent_pid: int, poll_s: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(poll_s)
    os.kill(os.getpid(), signal.SIGKILL)
