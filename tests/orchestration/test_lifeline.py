"""A child bound with orchestration.lifeline dies when its parent is SIGKILLed; an unbound
one (what dbt was before) outlives it. Real processes, a few seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import PROJECT_ROOT

# The parent starts a child with CRM_DBT_PARENT_PID set (as orchestration.assets.dbt does),
# prints the child's pid, and sleeps until it is killed.
PARENT = """
import os, subprocess, sys, time
env = {**os.environ, "CRM_DBT_PARENT_PID": str(os.getpid())}
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], env=env, stdout=subprocess.PIPE, text=True)
print(child.pid, child.stdout.readline().strip(), flush=True)
time.sleep(120)
"""
CHILD = """
import time
from orchestration.lifeline import bind_from_env
print({bind} or "unbound", flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead, just not reaped yet
        return fh.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.parametrize("bind, survives", [("bind_from_env()", False), ("None", True)], ids=["bound", "unbound"])
def test_a_bound_child_dies_with_its_killed_parent(bind, survives):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD.format(bind=bind)], env=env,
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        child_pid, how = parent.stdout.readline().split()
        child_pid = int(child_pid)
        assert how == ("pdeathsig" if not survives else "unbound")
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(child_pid) is survives
    finally:
        try:
            os.killpg(parent.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
