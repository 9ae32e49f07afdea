"""Atomic publish: analysts only ever open a warehouse file that passed every gate.

    from publish import publish
    version = publish(Path("data/warehouse/build/crm.duckdb"),   # the run's working file
                      Path("data/warehouse/crm.duckdb"),         # what analysts open
                      run_id="nightly-2024-08-26", keep=7)

Steps, all under a lock file next to the published file (one publish / restore at a time):

1. leftovers of a failed or killed run (``.tmp-*.duckdb`` beside the published file and in
   the backups dir) are removed;
2. the build database is checkpointed (``CHECKPOINT`` folds its WAL into the file; a build
   still open for writing in another process is refused) and copied byte for byte to
   ``<published dir>/.tmp-<run_id>.duckdb``;
3. the copy is stamped: ``meta.publish_info(run_id, built_at, published_at,
   source_build_path, git_sha, row_counts MAP(table -> rows), publisher)`` and
   ``meta.publish_tables(table_schema, table_name, row_count)``; checkpointed, fsynced;
4. the analysts' copy (``<stem>_analyst.duckdb``, personal columns hashed, raw schema left
   out; see :mod:`publish.masking`) is written from it the same way;
5. the current published file is kept as ``<backups>/<stem>-<its published_at>-<its
   run_id>.duckdb`` (a hard link: instant, no copy; a copy where links are not possible);
6. ``os.replace`` renames the stamped copy over the published file (atomic on POSIX), the
   directory is fsynced, then the same for the analysts' copy;
7. backups beyond the newest ``keep`` are deleted.

Nothing touches the published file before step 6, so a run that fails or is killed
earlier leaves it as it was. A reader never sees a half-written file: ``open()`` resolves
the name to the old inode or the new one, both complete. A connection already open keeps
reading the old inode (kept alive by the backup link and by the open descriptor) until it
reconnects. NB: within one Python process DuckDB caches an open database by path, so a
*new* ``duckdb.connect(path)`` made while another connection of the same process still has
the old file open returns the old database; other processes (analysts) are not affected.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

META_SCHEMA = "meta"
TMP_PREFIX = ".tmp-"
ANALYST_SUFFIX = "_analyst"
LOCK_NAME = ".publish.lock"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
_TS_FORMAT = "%Y%m%dT%H%M%SZ"


class PublishError(RuntimeError):
    """The publish was refused or failed; the published warehouse is unchanged."""


@dataclass(frozen=True)
class PublishedVersion:
    """What is now published (or was restored)."""

    run_id: str
    path: Path
    published_at: dt.datetime
    built_at: dt.datetime | None
    source_build_path: str | None
    git_sha: str | None
    row_counts: dict[str, int]
    size_bytes: int
    backup_of_previous: Path | None  # where the version it replaced was kept (None on a first publish)
    analyst_path: Path | None
    masked_columns: dict[str, list[str]] = field(default_factory=dict)  # analysts' copy: table -> hashed cols
    removed_backups: tuple[Path, ...] = ()
    duration_s: float = 0.0


def default_backups_dir(published_db: Path) -> Path:
    return Path(published_db).parent / "backups"


def analyst_path_for(published_db: Path) -> Path:
    published_db = Path(published_db)
    return published_db.with_name(f"{published_db.stem}{ANALYST_SUFFIX}{published_db.suffix or '.duckdb'}")


def publish(
    build_db: Path,
    published_db: Path,
    run_id: str,
    keep: int = 7,
    *,
    backups_dir: Path | None = None,
    analyst: bool = True,
    manifest_path: Path | None = None,
    salt: str | None = None,
    git_sha: str | None = None,
) -> PublishedVersion:
    """Publish ``build_db`` as ``published_db`` atomically (see module doc).

    Args:
        build_db: the run's working DuckDB file; must not be open for writing elsewhere.
        published_db: the file analysts open.
        run_id: identifies this version (stamped, and names its backup later).
        keep: how many previous versions to keep in ``backups_dir``.
        backups_dir: default ``<published dir>/backups``.
        analyst: also publish the masked analysts' copy ``<stem>_analyst.duckdb``.
        manifest_path: dbt manifest declaring personal columns (default
            ``dbt_project/target/manifest.json``).
        salt: hashing salt of the analysts' copy (default env ``CRM_PII_SALT``).
        git_sha: recorded in meta.publish_info (default: ``CRM_GIT_SHA`` or ``git rev-parse``).
    """
    started = time.perf_counter()
    build_db, published_db = Path(build_db).resolve(), Path(published_db).resolve()
    if build_db == published_db:
        raise PublishError("build and published database must be different files")
    if not build_db.is_file():
        raise PublishError(f"build database {build_db} does not exist")
    if keep < 0:
        raise ValueError("keep must be >= 0")
    published_db.parent.mkdir(parents=True, exist_ok=True)
    backups = Path(backups_dir).resolve() if backups_dir else default_backups_dir(published_db)
    tag = safe_name(run_id)
    tmp = published_db.parent / f"{TMP_PREFIX}{tag}{published_db.suffix or '.duckdb'}"
    analyst_final = analyst_path_for(published_db)
    tmp_analyst = published_db.parent / f"{TMP_PREFIX}{tag}{ANALYST_SUFFIX}{published_db.suffix or '.duckdb'}"
    with publish_lock(published_db):
        cleanup_leftovers(published_db, backups)
        report = None
        try:
            built_at = checkpoint_build(build_db)
            _copy_file(build_db, tmp)
            published_at = dt.datetime.now(dt.timezone.utc)
            git_sha = git_sha or current_git_sha()
            row_counts = stamp(tmp, run_id=run_id, built_at=built_at, published_at=published_at,
                               source_build_path=str(build_db), git_sha=git_sha)
            fsync_file(tmp)
            backup, report = swap_in(tmp, tmp_analyst if analyst else None, published_db, backups,
                                     manifest_path=manifest_path, salt=salt, catalog_alias=build_db.stem)
        except BaseException:
            for p in (tmp, tmp_analyst):
                _unlink_db(p)
            raise
        removed = rotate_backups(backups, published_db, keep)
    log.info("published %s as %s (%d tables)", run_id, published_db, len(row_counts))
    return PublishedVersion(
        run_id=run_id,
        path=published_db,
        published_at=published_at,
        built_at=built_at,
        source_build_path=str(build_db),
        git_sha=git_sha,
        row_counts=row_counts,
        size_bytes=published_db.stat().st_size,
        backup_of_previous=backup,
        analyst_path=analyst_final if analyst else None,
        masked_columns=dict(report.masked) if report else {},
        removed_backups=tuple(removed),
        duration_s=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------------------------
# steps


def swap_in(tmp: Path, tmp_analyst: Path | None, published_db: Path, backups: Path, *,
            manifest_path: Path | None, salt: str | None, catalog_alias: str | None = None):
    """The shared last step of publish and restore: a ready, fsynced ``tmp`` replaces the
    published file (its predecessor kept as a backup), then the masked analysts' copy
    written from it replaces the analysts' file. Returns (backup path, masking report)."""
    report = None
    if tmp_analyst is not None:
        from .masking import write_analyst_copy

        report = write_analyst_copy(tmp, tmp_analyst, manifest_path=manifest_path, salt=salt,
                                    catalog_alias=catalog_alias)
        fsync_file(tmp_analyst)
    backup = backup_current(published_db, backups)
    _set_aside_wal(published_db, backup)
    os.replace(tmp, published_db)
    fsync_dir(published_db.parent)
    if tmp_analyst is not None:
        analyst_final = analyst_path_for(published_db)
        _set_aside_wal(analyst_final, None)
        os.replace(tmp_analyst, analyst_final)
        fsync_dir(published_db.parent)
    return backup, report


def safe_name(run_id: str) -> str:
    """``run_id`` as a file-name fragment."""
    if not run_id or not str(run_id).strip():
        raise ValueError("run_id is required")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(run_id)).strip("._")[:120] or "run"


@contextlib.contextmanager
def publish_lock(published_db: Path) -> Iterator[None]:
    """One publish / restore of a published file at a time (across processes)."""
    path = Path(published_db).parent / LOCK_NAME
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def cleanup_leftovers(published_db: Path, backups_dir: Path | None = None) -> list[Path]:
    """Remove ``.tmp-*`` files of runs that failed or were killed (call under the lock)."""
    removed = []
    for folder in {Path(published_db).parent, Path(backups_dir or default_backups_dir(published_db))}:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(TMP_PREFIX) and p.is_file():
                p.unlink(missing_ok=True)
                removed.append(p)
    if removed:
        log.warning("removed leftovers of an interrupted publish: %s", ", ".join(p.name for p in removed))
    return removed


def checkpoint_build(build_db: Path) -> dt.datetime:
    """Fold the build's WAL into its file; refuse a build another process is writing.

    Returns the build time: the last modification of the file or its WAL before publishing.
    """
    files = [p for p in (build_db, wal_path(build_db)) if p.exists()]
    built_at = dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in files), dt.timezone.utc)
    try:
        con = duckdb.connect(str(build_db))
    except duckdb.Error as exc:
        raise PublishError(f"cannot open build database {build_db} (still open for writing by "
                           f"another process?): {exc}") from exc
    try:
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise PublishError(f"CHECKPOINT of {build_db} failed (a transaction still open?): {exc}") from exc
    finally:
        con.close()
    wal = wal_path(build_db)
    if wal.exists() and wal.stat().st_size > 0:
        raise PublishError(f"{wal} is not empty after CHECKPOINT: the build is still being written")
    return built_at


def _copy_file(src: Path, dst: Path) -> None:
    """Byte copy, flushed to disk (kernel copy_file_range/sendfile where available)."""
    shutil.copyfile(src, dst)
    fsync_file(dst)


def stamp(db: Path, *, run_id: str, built_at: dt.datetime | None, published_at: dt.datetime,
          source_build_path: str | None, git_sha: str | None) -> dict[str, int]:
    """Write ``meta.publish_info`` / ``meta.publish_tables`` into ``db``; return row counts."""
    con = duckdb.connect(str(db))
    try:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND NOT temporary AND schema_name <> ? ORDER BY 1, 2", [META_SCHEMA]
        ).fetchall()
        counts = {}
        for schema, table in tables:
            counts[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM {_q(schema)}.{_q(table)}").fetchone()[0]
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {META_SCHEMA}")
        con.execute(f"""CREATE OR REPLACE TABLE {META_SCHEMA}.publish_info (
            run_id VARCHAR NOT NULL, built_at TIMESTAMPTZ, published_at TIMESTAMPTZ NOT NULL,
            source_build_path VARCHAR, git_sha VARCHAR, row_counts MAP(VARCHAR, BIGINT), publisher VARCHAR)""")
        con.execute(f"INSERT INTO {META_SCHEMA}.publish_info VALUES (?, ?, ?, ?, ?, map(?::VARCHAR[], ?::BIGINT[]), ?)",
                    [run_id, built_at, published_at, source_build_path, git_sha, list(counts), list(counts.values()),
                     "publish.atomic"])
        con.execute(f"""CREATE OR REPLACE TABLE {META_SCHEMA}.publish_tables (
            table_schema VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_count BIGINT NOT NULL)""")
        if counts:
            con.executemany(f"INSERT INTO {META_SCHEMA}.publish_tables VALUES (?, ?, ?)",
                            [[*k.split(".", 1), v] for k, v in counts.items()])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if wal_path(db).exists():
        raise PublishError(f"{wal_path(db)} left after stamping")
    return counts


def read_publish_info(db: Path) -> dict | None:
    """``meta.publish_info`` of a published / backup file (None when absent or unreadable)."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        log.debug("cannot open %s: %s", db, exc)
        return None
    try:
        cur = con.execute(f"SELECT * FROM {META_SCHEMA}.publish_info LIMIT 1")
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        return dict(zip(names, row)) if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def backup_name(published_db: Path, published_at: dt.datetime, run_id: str) -> str:
    ts = published_at.astimezone(dt.timezone.utc).strftime(_TS_FORMAT)
    return f"{Path(published_db).stem}-{ts}-{safe_name(run_id)}{Path(published_db).suffix or '.duckdb'}"


def backup_current(published_db: Path, backups_dir: Path) -> Path | None:
    """Keep the current published file as a named backup (hard link); None if nothing published."""
    if not published_db.exists():
        return None
    backups_dir.mkdir(parents=True, exist_ok=True)
    link = backups_dir / f"{TMP_PREFIX}current-{os.getpid()}{published_db.suffix or '.duckdb'}"
    link.unlink(missing_ok=True)
    try:
        os.link(published_db, link)
    except OSError:  # another file system, or no hard links: copy
        _copy_file(published_db, link)
    # read the version's stamp through the link: a path no connection of this process has open,
    # so DuckDB's per-path instance cache cannot hand back another file
    info = read_publish_info(link)
    if info is None and published_db.exists():
        lock_probe = _probe_writer(link)
        if lock_probe:
            link.unlink(missing_ok=True)
            raise PublishError(f"{published_db} is open for writing by another process: {lock_probe}")
    if info:
        published_at = _utc(info["published_at"])
        run = info["run_id"]
    else:  # published before stamping existed, or by hand
        published_at = dt.datetime.fromtimestamp(published_db.stat().st_mtime, dt.timezone.utc)
        run = "unstamped"
    final = backups_dir / backup_name(published_db, published_at, run)
    if final.exists():
        if final.stat().st_ino == link.stat().st_ino or _same_bytes(final, link):
            link.unlink()
            return final
        stem, n = final.stem, 2
        while final.exists():
            final = final.with_name(f"{stem}-{n}{final.suffix}")
            n += 1
    os.replace(link, final)
    fsync_dir(backups_dir)
    return final


def _probe_writer(db: Path) -> str | None:
    try:
        duckdb.connect(str(db), read_only=True).close()
        return None
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]


_BACKUP_RE = r"^{stem}-(\d{{8}}T\d{{6}}Z)-(.+){suffix}$"


def list_backups(published_db: Path, backups_dir: Path | None = None) -> list[tuple[Path, dt.datetime, str]]:
    """Backups of ``published_db``: (path, published_at, run_id), newest first."""
    published_db = Path(published_db)
    folder = Path(backups_dir) if backups_dir else default_backups_dir(published_db)
    if not folder.is_dir():
        return []
    rx = re.compile(_BACKUP_RE.format(stem=re.escape(published_db.stem),
                                      suffix=re.escape(published_db.suffix or ".duckdb")))
    out = []
    for p in folder.iterdir():
        m = rx.match(p.name)
        if m and p.is_file():
            ts = dt.datetime.strptime(m.group(1), _TS_FORMAT).replace(tzinfo=dt.timezone.utc)
            out.append((p, ts, m.group(2)))
    out.sort(key=lambda t: (t[1], t[0].stat().st_mtime, t[0].name), reverse=True)
    return out


def rotate_backups(backups_dir: Path, published_db: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and their WAL files)."""
    removed = []
    for p, _, _ in list_backups(published_db, backups_dir)[keep:]:
        _unlink_db(p)
        removed.append(p)
    return removed


def current_git_sha() -> str | None:
    env = os.environ.get("CRM_GIT_SHA")
    if env:
        return env
    try:
        out = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    sha = out.stdout.strip()
    return sha if out.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", sha) else None


# --------------------------------------------------------------------------------------------
# file helpers


def wal_path(db: Path) -> Path:
    return Path(str(db) + ".wal")


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_db(path: Path) -> None:
    Path(path).unlink(missing_ok=True)
    wal_path(path).unlink(missing_ok=True)


def _set_aside_wal(db: Path, backup: Path | None) -> None:
    """A WAL beside the published file belongs to the old version: never pair it with the new one.

    (Only a process that wrote to the published file and did not close it leaves one.) It
    goes with the old version's backup, or is dropped when there is none.
    """
    wal = wal_path(db)
    if not wal.exists():
        return
    if backup is not None:
        os.replace(wal, wal_path(backup))
        log.warning("%s had a WAL (written outside publish); kept with its backup %s", db, backup)
    else:
        wal.unlink(missing_ok=True)


def _same_bytes(a: Path, b: Path, chunk: int = 1 << 20) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(chunk), fb.read(chunk)
            if x != y:
                return False
            if not x:
                return True


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
