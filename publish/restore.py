"""Restore a backup as the published warehouse, atomically.

    python -m publish.restore --list                     # newest first, numbered
    python -m publish.restore 2                          # the 2nd newest backup
    python -m publish.restore nightly-2024-08-19         # by run id
    python -m publish.restore crm-20240819T060000Z-nightly-2024-08-19.duckdb
    options: --published PATH (default $CRM_PUBLISHED_DB or data/warehouse/crm.duckdb),
             --backups-dir DIR (default <published dir>/backups), --no-analyst, --keep N

The backup is copied to a temporary file beside the published one, fsynced and renamed
over it (``os.replace``), so readers see the old version or the restored one, never a mix.
The restored file is byte-identical to the backup (it is not re-stamped: its
``meta.publish_info`` still names the run that built it). The version it replaces is kept
as a backup first (so a restore can itself be undone), and the analysts' copy is rebuilt
from the restored version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from .atomic import (
    TMP_PREFIX,
    PublishedVersion,
    PublishError,
    _copy_file,
    _unlink_db,
    _utc,
    analyst_path_for,
    cleanup_leftovers,
    default_backups_dir,
    list_backups,
    publish_lock,
    read_publish_info,
    rotate_backups,
    swap_in,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PUBLISHED = "CRM_PUBLISHED_DB"


def default_published_db() -> Path:
    return Path(os.environ.get(ENV_PUBLISHED) or PROJECT_ROOT / "data" / "warehouse" / "crm.duckdb")


def find_backup(version: str, published_db: Path, backups_dir: Path | None = None) -> Path:
    """A backup by number (1 = newest, as ``--list`` shows), file name, path or run id."""
    backups = list_backups(published_db, backups_dir)
    if not backups:
        raise PublishError(f"no backups of {published_db}")
    if version.isdigit() and 1 <= int(version) <= len(backups):
        return backups[int(version) - 1][0]
    candidate = Path(version)
    if candidate.is_file():
        return candidate.resolve()
    by_name = [p for p, _, _ in backups if p.name == version or p.stem == version]
    if by_name:
        return by_name[0]
    by_run = [p for p, _, run in backups if run == version]
    if len(by_run) == 1:
        return by_run[0]
    if len(by_run) > 1:
        raise PublishError(f"run id {version!r} matches {len(by_run)} backups; give the file name")
    raise PublishError(f"no backup {version!r} of {published_db} (see --list)")


def restore(
    version: str | Path,
    published_db: Path | None = None,
    *,
    backups_dir: Path | None = None,
    analyst: bool = True,
    keep: int | None = None,
    manifest_path: Path | None = None,
    salt: str | None = None,
) -> PublishedVersion:
    """Make backup ``version`` the published warehouse (see module doc)."""
    started = time.perf_counter()
    published_db = Path(published_db or default_published_db()).resolve()
    backups = Path(backups_dir).resolve() if backups_dir else default_backups_dir(published_db)
    source = find_backup(str(version), published_db, backups)
    tmp = published_db.parent / f"{TMP_PREFIX}restore-{os.getpid()}{published_db.suffix or '.duckdb'}"
    tmp_analyst = published_db.parent / f"{TMP_PREFIX}restore-{os.getpid()}_analyst.duckdb"
    analyst_final = analyst_path_for(published_db)
    report = None
    with publish_lock(published_db):
        cleanup_leftovers(published_db, backups)
        try:
            _copy_file(source, tmp)  # first: rotation below may delete the source
            # the analysts' copy attaches tmp READ_ONLY: the restored file stays byte-identical
            backup, report = swap_in(tmp, tmp_analyst if analyst else None, published_db, backups,
                                     manifest_path=manifest_path, salt=salt)
        except BaseException:
            _unlink_db(tmp)
            _unlink_db(tmp_analyst)
            raise
        removed = rotate_backups(backups, published_db, keep) if keep is not None else []
    info = read_publish_info(published_db) or {}
    return PublishedVersion(
        run_id=info.get("run_id", "unstamped"),
        path=published_db,
        published_at=_utc(info["published_at"]) if info.get("published_at") else
        dt.datetime.fromtimestamp(published_db.stat().st_mtime, dt.timezone.utc),
        built_at=_utc(info["built_at"]) if info.get("built_at") else None,
        source_build_path=info.get("source_build_path"),
        git_sha=info.get("git_sha"),
        row_counts=dict(info.get("row_counts") or {}),
        size_bytes=published_db.stat().st_size,
        backup_of_previous=backup,
        analyst_path=analyst_final if analyst else None,
        masked_columns=dict(report.masked) if report else {},
        removed_backups=tuple(removed),
        duration_s=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m publish.restore", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("version", nargs="?", help="backup number (1 = newest), file name, path or run id")
    ap.add_argument("--list", action="store_true", help="list the backups, newest first")
    ap.add_argument("--published", type=Path, default=None, help="the published warehouse file")
    ap.add_argument("--backups-dir", type=Path, default=None)
    ap.add_argument("--no-analyst", action="store_true", help="do not rebuild the analysts' copy")
    ap.add_argument("--keep", type=int, default=None, help="also rotate backups down to N")
    args = ap.parse_args(argv)
    published = (args.published or default_published_db()).resolve()
    if args.list or not args.version:
        backups = list_backups(published, args.backups_dir)
        current = read_publish_info(published) if published.exists() else None
        if current:
            print(f"published: {published}  run {current['run_id']}  published_at "
                  f"{_utc(current['published_at']).isoformat()}")
        if not backups:
            print(f"no backups of {published}")
            return 0 if args.list else 2
        print(f"{'#':>3}  {'published_at (UTC)':20}  {'run_id':30}  {'MB':>9}  file")
        for i, (p, ts, run) in enumerate(backups, 1):
            print(f"{i:>3}  {ts.strftime('%Y-%m-%d %H:%M:%S'):20}  {run:30}  {p.stat().st_size / 1e6:9.1f}  {p.name}")
        return 0 if args.list else 2
    try:
        version = restore(args.version, published, backups_dir=args.backups_dir, analyst=not args.no_analyst,
                          keep=args.keep)
    except PublishError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    print(f"restored run {version.run_id} (published_at {version.published_at.isoformat()}) as {version.path}")
    if version.backup_of_previous:
        print(f"the version it replaced is kept as {version.backup_of_previous}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
