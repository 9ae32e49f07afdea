"""Issue #6, publish: a killed run leaves the published warehouse intact, a rerun converges,
and an analyst reading during a run only ever sees complete versions.

One sequence on the shipped sample, over a copy of the sample run's published warehouse
("yesterday"), in one working directory as a nightly deployment has it:

1. the run is started as a process of its own and SIGKILLed three times, at moments chosen
   by following its progress in its Dagster instance: during ingestion, during dbt (once
   dbt has written to the build), during entity resolution (while it writes its outputs
   when the poll catches that, else just after); every time, no process of the run may be
   left behind and both published files must keep their bytes and answer queries;
2. the fourth start runs to completion while a separate analyst process opens the
   published warehouse and its analysts' copy afresh, read-only, in a loop: no error, only
   complete versions (stamp and tables agree), yesterday's then tonight's, never back;
3. tonight's warehouse equals an uninterrupted run's (the sample run's): the same crosswalk
   and the same row count in every table that is not a per-run history.

Cost: three partial runs plus one full run (on a loaded 2-core machine, the partial runs
take about a quarter, a half and three quarters of a full run's dbt time).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterEventType, DagsterInstance

from publish.atomic import analyst_path_for, list_backups, wal_path
from tests.conftest import PROJECT_ROOT, SAMPLE_DIR
from tests.pipeline import PipelinePaths

RUN_TIMEOUT_S = 1800  # a full run on a busy 2-core machine takes several minutes
POLL_S = 0.02
# tables that record each run (they grow with every run that reaches them), not tonight's data
PER_RUN_HISTORY = {"marts.customer_id_history", "quality.score_history"}


pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # several runs of the whole job: `make test-all` (see the module doc)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Progress:
    """Steps of one run, from its Dagster event log."""

    started: list[str]
    finished: set[str]

    @property
    def running(self) -> list[str]:
        return [s for s in self.started if s not in self.finished]


class RunProcess:
    """`python -m tests.pipeline` in a new session (so the test can find all its processes)."""

    def __init__(self, paths: PipelinePaths, landing: Path, dagster_home: Path, log: Path):
        self.instance = DagsterInstance.from_config(str(dagster_home))
        self.known = {r.run_id for r in self.instance.get_runs()}
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "DAGSTER_HOME": str(dagster_home)}
        self.log = open(log, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.pipeline", str(paths.root), str(landing),
                                      str(dagster_home)], cwd=PROJECT_ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.run_id: str | None = None

    def progress(self) -> Progress:
        if self.run_id is None:
            new = [r.run_id for r in self.instance.get_runs() if r.run_id not in self.known]
            if not new:
                return Progress([], set())
            self.run_id = new[0]
        started, finished = [], set()
        for entry in self.instance.all_logs(self.run_id, of_type={DagsterEventType.STEP_START,
                                                                  DagsterEventType.STEP_SUCCESS,
                                                                  DagsterEventType.STEP_FAILURE}):
            if entry.dagster_event.event_type == DagsterEventType.STEP_START:
                started.append(entry.step_key)
            else:
                finished.add(entry.step_key)
        return Progress(started, finished)

    def kill_when(self, moment: Callable[[Progress], bool]) -> Progress:
        """SIGKILL the run process the first time ``moment(progress)`` holds; the progress it died at."""
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while not moment(self.progress()):
            assert self.proc.poll() is None, f"the run ended (rc {self.proc.returncode}) before the kill point"
            assert time.monotonic() < deadline, "kill point not reached"
            time.sleep(POLL_S)
        self.proc.send_signal(signal.SIGKILL)  # the run process only: its children must not outlive it
        self.proc.wait()
        return self.progress()

    def leftover_processes(self, grace_s: float = 60) -> bool:
        """Whether any process of the run's session is still alive after ``grace_s`` (then killed)."""
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return False
            time.sleep(0.2)
        os.killpg(self.proc.pid, signal.SIGKILL)
        return True

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def _ingesting(p: Progress) -> bool:
    """A source's exports are being loaded (``raw_<source>``; ``raw__source_presets`` loads no file)."""
    return any(_is_ingestion(s) for s in p.running)


def _is_ingestion(step: str) -> bool:
    return step.startswith("raw_") and not step.startswith("raw__")


def _dbt_writing(build: Path) -> Callable[[Progress], bool]:
    """dbt is running and has written to the build (its WAL holds the models built so far)."""
    wal = wal_path(build)
    return lambda p: "dbt_staging_and_intermediate" in p.running and wal.exists() and wal.stat().st_size > 0


def _er_writing(build: Path) -> Callable[[Progress], bool]:
    """Entity resolution is writing its outputs (the build's WAL is growing: it only reads
    before that), or, when the poll missed that second, has just finished."""
    wal = wal_path(build)
    return lambda p: ("resolve_customers" in p.running and wal.exists() and wal.stat().st_size > 0
                      ) or "resolve_customers" in p.finished


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {f"{s}.{t}": n for s, t, n in con.execute("SELECT * FROM meta.publish_tables").fetchall()}


def _xref(db: Path) -> list[tuple]:
    """The crosswalk with each customer named by its smallest mention key.

    The reference run (`sample_run`) met the sample over two nights, so its ids carry
    night 1's history; this run met it in one. Same mentions, same clusters, same scores.
    """
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT mention_key, source_system, source_record_id, "
                           "min(mention_key) OVER (PARTITION BY customer_id) AS customer, cluster_size, "
                           "round(match_probability, 9), model_version FROM marts.customer_xref "
                           "ORDER BY mention_key").fetchall()


@pytest.fixture(scope="module")
def night(sample_run, tmp_path_factory) -> dict:
    """Yesterday's published copy, three killed runs and one finished run, with a reader."""
    root = tmp_path_factory.mktemp("killed")
    paths = PipelinePaths(root / "warehouse")
    paths.root.mkdir()
    published, analyst = paths.published, analyst_path_for(paths.published)
    shutil.copy2(sample_run["published"], published)
    shutil.copy2(analyst_path_for(sample_run["published"]), analyst)
    yesterday = {p: sha256(p) for p in (published, analyst)}
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "orchestration" / "dagster.yaml", dagster_home / "dagster.yaml")
    landing = SAMPLE_DIR / "landing"
    log = root / "runs.log"

    kills = []
    for name, moment in (("ingestion", _ingesting), ("dbt", _dbt_writing(paths.build)),
                         ("entity_resolution", _er_writing(paths.build))):
        run = RunProcess(paths, landing, dagster_home, log)
        try:
            progress = run.kill_when(moment)
            lingering = run.leftover_processes()
        finally:
            run.close()
        with duckdb.connect(str(published), read_only=True) as con:
            answer = con.execute("SELECT run_id, (SELECT count(*) FROM marts.customer_xref) FROM meta.publish_info"
                                 ).fetchone()
        kills.append({"point": name, "running": progress.running, "finished": progress.finished,
                      "lingering": lingering, "sha256": {p: sha256(p) for p in (published, analyst)},
                      "answer": answer, "leftovers": sorted(p.name for p in paths.root.glob(".tmp-*"))})

    # the fourth start finishes, while an analyst reads in a loop
    reads, stop = root / "reads.jsonl", root / "stop-reading"
    reader = subprocess.Popen([sys.executable, "-m", "tests.orchestration.reader", str(reads), str(stop),
                               str(published), str(analyst)], cwd=PROJECT_ROOT,
                              env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    run = RunProcess(paths, landing, dagster_home, log)
    try:
        rc = run.proc.wait(timeout=RUN_TIMEOUT_S)
        n_at_end = _lines(reads)
        deadline = time.monotonic() + 60
        while _lines(reads) < n_at_end + 4 and time.monotonic() < deadline:  # reads after the run, too
            time.sleep(0.1)
    finally:
        stop.touch()
        reader.wait(timeout=120)
        run.close()
    final = run.progress()
    publish_window = [(e.timestamp, e.dagster_event.event_type) for e in run.instance.all_logs(
        run.run_id, of_type={DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS})
        if e.step_key == "published__warehouse"]
    return {"paths": paths, "yesterday": yesterday, "kills": kills, "rc": rc, "run_id": run.run_id,
            "final": final, "reads": [json.loads(x) for x in reads.read_text().splitlines()],
            "publish_window": publish_window, "log": log}


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_a_killed_run_leaves_the_published_warehouse_intact(night, sample_run):
    kills = {k["point"]: k for k in night["kills"]}
    assert set(kills) == {"ingestion", "dbt", "entity_resolution"}
    # each kill hit the phase it was meant for
    assert kills["ingestion"]["running"] and all(_is_ingestion(s) for s in kills["ingestion"]["running"])
    assert kills["dbt"]["running"] == ["dbt_staging_and_intermediate"]
    er = kills["entity_resolution"]
    assert er["running"] == ["resolve_customers"] or (
        "resolve_customers" in er["finished"] and "published__warehouse" not in er["finished"])
    for k in night["kills"]:
        assert not k["lingering"], f"a process of the run outlived the kill at {k['point']}"
        assert k["sha256"] == night["yesterday"], k["point"]
        assert k["answer"] == (sample_run["result"].run_id, _counts(sample_run["published"])["marts.customer_xref"])
        assert k["leftovers"] == []


def test_a_reader_sees_only_complete_versions_during_the_run(night, sample_run):
    reads = night["reads"]
    errors = [r for r in reads if "error" in r or r["problems"]]
    assert not errors, errors[:3]
    old, new = sample_run["result"].run_id, night["run_id"]
    for db in {r["db"] for r in reads}:
        seen = [r["run_id"] for r in reads if r["db"] == db]
        assert set(seen) == {old, new}, db
        flips = sum(1 for a, b in zip(seen, seen[1:]) if a != b)
        assert seen[0] == old and seen[-1] == new and flips == 1, (db, flips)  # never back to yesterday
    # the reader was reading while the publish step swapped the files in
    (start, _), (end, _) = night["publish_window"]
    assert any(start <= r["at"] <= end for r in reads), "no read during the publish step"


def test_the_rerun_converges_to_an_uninterrupted_run(night, sample_run):
    assert night["rc"] == 0, night["log"].read_text()[-3000:]
    paths = night["paths"]
    published = paths.published
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT run_id FROM meta.publish_info").fetchone()[0] == night["run_id"]
    assert _xref(published) == _xref(sample_run["published"])
    tonight, uninterrupted = _counts(published), _counts(sample_run["published"])
    assert set(tonight) == set(uninterrupted)
    differ = {t: (tonight[t], uninterrupted[t]) for t in tonight if tonight[t] != uninterrupted[t]}
    assert set(differ) <= PER_RUN_HISTORY, differ  # no file loaded twice, no row lost
    # yesterday's version is kept as a backup, byte for byte; no leftovers of the killed runs
    [(backup, _, run)] = list_backups(published)
    assert run == sample_run["result"].run_id and sha256(backup) == night["yesterday"][published]
    assert not list(paths.root.glob(".tmp-*")) and not list(paths.root.glob("backups/.tmp-*"))
