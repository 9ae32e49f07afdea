"""Atomic publish on real DuckDB files: readers never see a half-written or mixed version,
open connections survive, failures leave the published file alone, backups rotate, restore
gives back the exact bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import publish.atomic as atomic
from publish import PublishError, list_backups, publish, read_publish_info
from publish.restore import main as restore_main
from publish.restore import restore

REPO = Path(__file__).resolve().parents[2]
ROWS = 200_000  # a few MB per version: copies take long enough for a reader to race them


def build(path: Path, version: int, rows: int = ROWS) -> Path:
    """A build database whose two tables carry the same version marker."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(f"CREATE TABLE marts.a AS SELECT {version} AS version, i, 'row ' || i AS payload "
                    f"FROM range({rows}) t(i)")
        con.execute(f"CREATE TABLE marts.b AS SELECT {version} AS version, count(*) AS n FROM marts.a")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_in_subprocess(db: Path) -> int:
    """What a fresh analyst process sees (DuckDB caches databases per path within a process)."""
    code = ("import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('select max(version) from marts.a').fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "build" / "crm.duckdb", tmp_path / "published" / "crm.duckdb"


def do_publish(build_db, published, version, **kw):
    build(build_db, version, kw.pop("rows", ROWS))
    kw.setdefault("analyst", False)
    return publish(build_db, published, run_id=f"run-{version}", **kw)


def test_publish_stamps_the_version_and_rotates_backups(paths):
    build_db, published = paths
    build_db.parent.mkdir()
    first = do_publish(build_db, published, 1, rows=10)
    assert first.backup_of_previous is None and first.path == published.resolve()
    info = read_publish_info(published)
    assert info["run_id"] == "run-1" and info["source_build_path"] == str(build_db.resolve())
    assert info["row_counts"] == {"marts.a": 10, "marts.b": 1}
    assert info["published_at"] >= info["built_at"]
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT * FROM meta.publish_tables ORDER BY 2").fetchall() == [
            ("marts", "a", 10), ("marts", "b", 1)]
    for v in range(2, 7):
        out = do_publish(build_db, published, v, rows=10, keep=3)
        assert out.backup_of_previous.name.endswith(f"-run-{v - 1}.duckdb")
    backups = list_backups(published)
    assert [run for _, _, run in backups] == ["run-5", "run-4", "run-3"]  # newest first, N = 3
    assert read_publish_info(backups[0][0])["run_id"] == "run-5"
    assert read_publish_info(published)["run_id"] == "run-6"
    assert not [p for p in published.parent.rglob(".tmp-*")]


def test_readers_only_ever_see_complete_versions(paths):
    build_db, published = paths
    build_db.parent.mkdir()
    do_publish(build_db, published, 1)
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                con = duckdb.connect(str(published), read_only=True)
                try:
                    a = con.execute("SELECT min(version), max(version), count(*) FROM marts.a").fetchone()
                    b = con.execute("SELECT version, n FROM marts.b").fetchone()
                    run = con.execute("SELECT run_id FROM meta.publish_info").fetchone()[0]
                finally:
                    con.close()
                assert a[0] == a[1] == b[0], (a, b)  # one version in both tables
                assert a[2] == b[1] == ROWS  # complete
                assert run == f"run-{a[0]}"
                seen.append(a[0])
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for v in range(2, 6):
            do_publish(build_db, published, v, keep=2)
            time.sleep(0.05)
        deadline = time.monotonic() + 20
        while not errors and not (seen and seen[-1] == 5) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors[0]
    assert len(seen) > 10
    assert seen == sorted(seen)  # never back to an older version
    assert seen[-1] == 5 and len(set(seen)) >= 2


def test_an_open_connection_keeps_its_version_across_a_publish(paths):
    build_db, published = paths
    build_db.parent.mkdir()
    do_publish(build_db, published, 1, rows=1000)
    analyst = duckdb.connect(str(published), read_only=True)
    try:
        assert analyst.execute("SELECT max(version) FROM marts.a").fetchone()[0] == 1
        do_publish(build_db, published, 2, rows=1000)
        # the old inode lives on for the open connection
        assert analyst.execute("SELECT max(version), count(*) FROM marts.a").fetchone() == (1, 1000)
        assert analyst.execute("SELECT run_id FROM meta.publish_info").fetchone()[0] == "run-1"
        # a new connection (a new analyst process) sees the new version
        assert version_in_subprocess(published) == 2
    finally:
        analyst.close()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT max(version) FROM marts.a").fetchone()[0] == 2


def test_a_failed_copy_leaves_the_published_file_untouched(paths, monkeypatch):
    build_db, published = paths
    build_db.parent.mkdir()
    do_publish(build_db, published, 1, rows=1000)
    before = sha256(published)

    def broken_copy(src, dst):
        with open(dst, "wb") as fh:  # half a file, then the disk "fails"
            fh.write(Path(src).read_bytes()[: 4096])
        raise OSError("disk full")

    monkeypatch.setattr(atomic, "_copy_file", broken_copy)
    with pytest.raises(OSError, match="disk full"):
        do_publish(build_db, published, 2, rows=1000)
    assert sha256(published) == before
    assert read_publish_info(published)["run_id"] == "run-1"
    assert list_backups(published) == []  # nothing was replaced, so nothing was backed up
    assert not [p for p in published.parent.iterdir() if p.name.startswith(".tmp-")]


def test_a_failed_stamp_or_a_killed_run_leaves_it_untouched_and_leftovers_are_cleaned(paths, monkeypatch):
    build_db, published = paths
    build_db.parent.mkdir()
    do_publish(build_db, published, 1, rows=1000)
    before = sha256(published)

    def broken_stamp(*args, **kwargs):
        raise RuntimeError("killed while stamping")

    monkeypatch.setattr(atomic, "stamp", broken_stamp)
    with pytest.raises(RuntimeError):
        do_publish(build_db, published, 2, rows=1000)
    monkeypatch.undo()
    assert sha256(published) == before
    # a run killed with SIGKILL leaves its temporary copy behind; the next publish removes it
    leftover = published.parent / ".tmp-run-killed.duckdb"
    leftover.write_bytes(b"half a database")
    (published.parent / ".tmp-run-killed.duckdb.wal").write_bytes(b"x")
    do_publish(build_db, published, 3, rows=1000)
    assert not leftover.exists()
    assert read_publish_info(published)["run_id"] == "run-3"


def test_a_build_still_open_for_writing_elsewhere_is_refused(paths):
    build_db, published = paths
    build_db.parent.mkdir()
    build(build_db, 1, rows=10)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); "
         "c.execute('create table x(i int)'); print('ready', flush=True); time.sleep(60)", str(build_db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(PublishError, match="open for writing"):
            publish(build_db, published, run_id="run-1", analyst=False)
        assert not published.exists()
    finally:
        holder.kill()
        holder.wait()


def test_restore_gives_back_the_exact_bytes_and_keeps_the_replaced_version(paths, capsys):
    build_db, published = paths
    build_db.parent.mkdir()
    for v in (1, 2, 3):
        do_publish(build_db, published, v, rows=1000)
    backups = list_backups(published)
    target = next(p for p, _, run in backups if run == "run-1")
    expected = sha256(target)

    out = restore("run-1", published, analyst=False)
    assert sha256(published) == expected
    assert out.run_id == "run-1"
    assert out.backup_of_previous.name.endswith("-run-3.duckdb")
    assert version_in_subprocess(published) == 1

    # the CLI: list (run-3 is now a backup too), then restore by number
    assert restore_main(["--list", "--published", str(published)]) == 0
    listing = capsys.readouterr().out
    assert "run-3" in listing and "run-2" in listing and "published:" in listing
    newest = list_backups(published)[0]
    assert newest[2] == "run-3"
    assert restore_main(["1", "--published", str(published), "--no-analyst"]) == 0
    assert sha256(published) == sha256(newest[0])
    assert read_publish_info(published)["run_id"] == "run-3"


def test_restore_cli_runs_as_a_module(paths):
    build_db, published = paths
    build_db.parent.mkdir()
    for v in (1, 2):
        do_publish(build_db, published, v, rows=10)
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRM_PUBLISHED_DB": str(published)}
    out = subprocess.run([sys.executable, "-m", "publish.restore", "--list"], capture_output=True, text=True,
                         env=env, cwd=REPO, check=True)
    assert "run-1" in out.stdout
    out = subprocess.run([sys.executable, "-m", "publish.restore", "run-1", "--no-analyst"], capture_output=True,
                         text=True, env=env, cwd=REPO, check=True)
    assert "restored run run-1" in out.stdout
    assert read_publish_info(published)["run_id"] == "run-1"
