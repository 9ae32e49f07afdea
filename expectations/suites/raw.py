"""Raw layer: every file parsed, every table has its columns, no export collapsed.

Relations and the columns read
------------------------------
``raw._ingested_files``   (rows part ``raw.files``, one row per file, read into pandas)
    file_path, source_system, file_role, export_date, status, rows_read, rows_loaded,
    rows_quarantined
    * status in ``raw.file_statuses`` (loaded | empty)                        blocking
    * rows_read = rows_loaded + rows_quarantined                              blocking
    * rows_quarantined / rows_read <= ``raw.max_quarantine_share``            warning

``raw.<source>__<role>``  (metrics part ``raw.tables``, aggregates only)
    the role's required columns (``raw.required_columns``) and ``_export_date``
    * the table exists and has every required column, none of them entirely empty in
      the table's latest export                                               blocking
    * rows loaded in the source's latest export >= ``min_ratio`` x rows loaded in the
      source's previous export (from raw._ingested_files; a file missing from the latest
      export counts 0 rows)                                                   blocking
    the role's key column (the preset's record id), ``_file_path``, ``_file_sha256``,
    ``_record_number``
    * no record id on two rows of one file of the latest export (a record seen again in a
      later export is a new version, not a duplicate; roles in
      ``raw.key_repeats_allowed`` write one row per line item)                  blocking
"""

from __future__ import annotations

from ..config import per_source
from ..spec import BLOCKING, WARNING, MetricsPart, Part, RowsPart, SuiteContext, q, qrel, require_relation

LAYER = "raw"
FILE_COLUMNS = ("file_path", "source_system", "file_role", "export_date", "status",
                "rows_read", "rows_loaded", "rows_quarantined")
RELATIONS = {"raw._ingested_files": FILE_COLUMNS, "raw.<source>__<role>": ("<required columns>", "_export_date")}


def build(ctx: SuiteContext) -> list[Part]:
    return [_files(ctx), _tables(ctx)]


def _files(ctx: SuiteContext) -> Part:
    import great_expectations.expectations as gxe

    cfg = ctx.section("raw")
    relation = cfg.get("files_relation", "raw._ingested_files")
    if not ctx.wh.exists(relation):
        part = MetricsPart(LAYER, "files", relation, FILE_COLUMNS)
        require_relation(part, ctx, relation, FILE_COLUMNS)
        return part.build()
    frame = ctx.wh.frame(
        f"""SELECT file_path, source_system, file_role, CAST(export_date AS VARCHAR) AS export_date, status,
                   rows_read, rows_loaded, rows_quarantined,
                   rows_read - rows_loaded - rows_quarantined AS rows_unaccounted,
                   CAST(rows_quarantined AS DOUBLE) / nullif(rows_read, 0) AS quarantine_share
            FROM {qrel(relation)} ORDER BY source_system, export_date, file_path"""
    )
    part = RowsPart(LAYER, "files", relation, frame, FILE_COLUMNS,
                    index_columns=("source_system", "file_path", "status", "rows_read", "rows_loaded",
                                   "rows_quarantined"))
    statuses = list(cfg.get("file_statuses") or ["loaded", "empty"])
    part.add(
        "file_status", gxe.ExpectColumnValuesToBeInSet, value_set=statuses, severity=BLOCKING,
        column="status", source=None,
        message="{observed} file(s) left unparsed (status not in {expected})",
        row_message="{source_system}: file {file_path} has status {status!r}, not one of {expected} (column status)",
        description=f"every ingested file has status in {statuses}",
    )
    part.add(
        "rows_balance", gxe.ExpectColumnValuesToBeBetween, min_value=0, max_value=0, severity=BLOCKING,
        column="rows_unaccounted", source=None,
        message="{observed} file(s) where rows read != rows loaded + rows quarantined",
        row_message=("{source_system}: file {file_path} read {rows_read} rows but loaded {rows_loaded} + "
                     "quarantined {rows_quarantined} (column rows_read)"),
        description="rows_read = rows_loaded + rows_quarantined for every file",
    )
    share = float(cfg.get("max_quarantine_share", 0.05))
    part.add(
        "quarantine_share", gxe.ExpectColumnValuesToBeBetween, min_value=0, max_value=share, severity=WARNING,
        column="quarantine_share", source=None,
        message="{observed} file(s) quarantined more than {max} of their rows",
        row_message=("{source_system}: file {file_path} quarantined {rows_quarantined} of {rows_read} rows "
                     "(share {quarantine_share} > {max}) (column rows_quarantined)"),
        description=f"each file quarantines at most {share:.0%} of its rows",
    )
    return part.build()


def _role_tables(ctx: SuiteContext) -> list[tuple[str, str, str | None]]:
    """(source, role, key column) of every raw table: presets, plus any configured table."""
    out: dict[tuple[str, str], str | None] = {}
    try:
        from ingestion.presets import load_presets

        for preset in load_presets().values():
            for role in preset.roles:
                out[(role.source, role.name)] = role.key
    except Exception as exc:  # noqa: BLE001 - the suite still runs from the configured list
        ctx.note(f"raw: ingestion presets not loaded ({exc}); using raw.required_columns only")
    for table in (ctx.section("raw").get("required_columns") or {}):
        source, _, role = table.partition("__")
        out.setdefault((source, role), None)
    return [(s, r, k) for (s, r), k in sorted(out.items())]


def _tables(ctx: SuiteContext) -> Part:
    cfg = ctx.section("raw")
    files_rel = cfg.get("files_relation", "raw._ingested_files")
    part = MetricsPart(LAYER, "tables", "raw.*")
    required_cfg = cfg.get("required_columns") or {}
    min_rows = int(cfg.get("min_rows_for_empty_check", 20))
    tables = _role_tables(ctx)
    exports = _exports(ctx, files_rel)
    repeats_allowed = set(cfg.get("key_repeats_allowed") or [])
    for source, role, key in tables:
        table = f"{source}__{role}"
        relation = f"raw.{table}"
        required = list(required_cfg.get(table) or ([key] if key else []))
        if not ctx.wh.exists(relation):
            part.add(f"exists__{table}", 0, min_value=1, severity=BLOCKING, relation=relation, column=None,
                     source=source, message="{source}: raw table {relation} does not exist",
                     description=f"{relation} exists")
            continue
        _required_columns(ctx, part, source, role, relation, required, min_rows)
        _row_count(ctx, part, source, role, relation, exports)
        if key and table not in repeats_allowed:
            _key_unique_in_file(ctx, part, source, role, relation, key)
    return part.build()


def _required_columns(ctx: SuiteContext, part: MetricsPart, source: str, role: str, relation: str,
                      required: list[str], min_rows: int) -> None:
    have = ctx.wh.columns(relation)
    missing = [c for c in required if c not in have]
    present = [c for c in required if c in have]
    empty: list[str] = []
    latest = None
    n_latest = 0
    if present and "_export_date" in have:
        counts = ", ".join(f"count({q(c)}) AS {q('c' + str(i))}" for i, c in enumerate(present))
        row = ctx.wh.row(
            f"""WITH l AS (SELECT max(_export_date) AS d FROM {qrel(relation)})
                SELECT (SELECT d FROM l) AS latest, count(*) AS n, {counts}
                FROM {qrel(relation)} WHERE _export_date = (SELECT d FROM l)"""
        )
        latest, n_latest = row.get("latest"), int(row.get("n") or 0)
        if n_latest >= min_rows:
            empty = [c for i, c in enumerate(present) if not row[f"c{i}"]]
        elif n_latest:
            ctx.note(f"{source}: emptiness of required columns of {relation} not checked "
                     f"(latest export has {n_latest} < {min_rows} rows)")
    bad = missing + empty
    detail = []
    if missing:
        detail.append("missing from the table: " + ", ".join(missing))
    if empty:
        detail.append(f"entirely empty in the latest export {latest} ({n_latest} rows): "
                      + ", ".join(f"{c} filled in 0 of {n_latest} rows" for c in empty))
    part.add(
        f"required_columns__{source}__{role}", len(bad), max_value=0, severity=BLOCKING, relation=relation,
        column=", ".join(bad) or ", ".join(required), source=source,
        message="{source}: {observed} required column(s) of {relation} {detail} (column {column})",
        description=f"{source} {role}: required columns {', '.join(required)} present and filled",
        context={"detail": "; ".join(detail), "latest_export": latest, "rows_latest": n_latest},
    )


def _exports(ctx: SuiteContext, files_rel: str) -> dict[str, dict]:
    """Per source: its export dates (ascending) and rows loaded per (role, export date)."""
    if not ctx.wh.exists(files_rel):
        return {}
    rows = ctx.wh.dicts(
        f"""SELECT source_system, file_role, export_date, sum(rows_loaded) AS n
            FROM {qrel(files_rel)} GROUP BY ALL ORDER BY 1, 3, 2"""
    )
    out: dict[str, dict] = {}
    for r in rows:
        src = out.setdefault(r["source_system"], {"dates": [], "rows": {}})
        if r["export_date"] not in src["dates"]:
            src["dates"].append(r["export_date"])
        src["rows"][(r["file_role"], r["export_date"])] = int(r["n"] or 0)
    for src in out.values():
        src["dates"].sort()
    return out


def _row_count(ctx: SuiteContext, part: MetricsPart, source: str, role: str, relation: str,
               exports: dict[str, dict]) -> None:
    cfg = ctx.section("raw").get("row_count") or {}
    info = exports.get(source)
    if not info or len(info["dates"]) < 2:
        ctx.note(f"{source} {role}: row-count trend not checked (fewer than two export dates)")
        return
    dates = info["dates"]
    latest, previous = dates[-1], dates[-2]
    exclude_initial = per_source(cfg.get("exclude_initial_export_overrides") or {}, source, role,
                                 default=cfg.get("exclude_initial_export", True))
    if exclude_initial and previous == dates[0]:
        ctx.note(f"{source} {role}: row-count trend not checked (previous export {previous} is the "
                 f"initial load; see raw.row_count.exclude_initial_export)")
        return
    n_latest = info["rows"].get((role, latest), 0)
    n_prev = info["rows"].get((role, previous), 0)
    if n_prev == 0:
        ctx.note(f"{source} {role}: row-count trend not checked (previous export {previous} had 0 rows)")
        return
    min_ratio = float(per_source(cfg.get("min_ratio_overrides") or {}, source, role,
                                 default=cfg.get("min_ratio", 0.5)))
    part.add(
        f"row_count_ratio__{source}__{role}", n_latest / n_prev, min_value=min_ratio, severity=BLOCKING,
        relation=relation, column="_export_date", source=source,
        message=("{source}: latest export {latest} of {relation} has {rows_latest} rows, {observed} of the "
                 "previous export {previous} ({rows_previous} rows) < {min} (column _export_date)"),
        description=f"{source} {role}: latest export has >= {min_ratio:.0%} of the previous export's rows",
        context={"latest": latest, "previous": previous, "rows_latest": n_latest, "rows_previous": n_prev},
    )


def _key_unique_in_file(ctx: SuiteContext, part: MetricsPart, source: str, role: str, relation: str,
                        key: str) -> None:
    """A record id twice in one export file is a duplicated key, which staging would otherwise
    resolve silently (it keeps the highest record number). Two versions of a file (same name,
    other bytes) are told apart by their sha256, so a re-dropped file is not a duplicate."""
    have = ctx.wh.columns(relation)
    needed = (key, "_export_date", "_file_path", "_file_sha256", "_record_number")
    if any(c not in have for c in needed):
        ctx.note(f"{source} {role}: key uniqueness per file not checked ({relation} lacks one of {needed})")
        return
    R, K = qrel(relation), q(key)
    latest = f"_export_date = (SELECT max(_export_date) FROM {R})"
    repeats = f"""SELECT _file_path AS file_path, trim({K}) AS {K}, count(*) AS n,
                         list(_record_number ORDER BY _record_number) AS record_numbers
                  FROM {R} WHERE {latest} AND nullif(trim({K}), '') IS NOT NULL
                  GROUP BY _file_sha256, _file_path, trim({K}) HAVING count(*) > 1"""
    ids = int(ctx.wh.scalar(f"SELECT count(*) FROM ({repeats})") or 0)
    part.add(
        f"key_unique_in_file__{source}__{role}", ids, max_value=0, severity=BLOCKING,
        relation=relation, column=key, source=source,
        message=("{source}: {observed} record id(s) on more than one row of one file of {relation} "
                 "(column {column}), e.g. {sample}"),
        description=f"{source} {role}: each {key} once per export file",
        sample_sql=f"SELECT * FROM ({repeats}) ORDER BY file_path, n DESC, {K} LIMIT {ctx.sample_size}",
    )
