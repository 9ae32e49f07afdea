"""The analysts' copy: the published warehouse with personal values replaced by salted hashes.

Which columns are personal is declared once, in the dbt project, as column meta
(dbt >= 1.10 form; the manifest carries it as both ``meta`` and ``config.meta``)::

    columns:
      - name: email
        config: {meta: {pii: true}}

and read from ``dbt_project/target/manifest.json`` by :func:`pii_columns_from_manifest`
(models / seeds / snapshots, plus sources). "Once" means where the column *gets its name*:
the export's own column in the sources YAML (``Email``), a staging column that renames one
(``MobilePhone`` -> ``mobile_phone``), a model column that derives a new one
(``phone_e164``), and the tables entity resolution writes in Python (declared as the dbt
source ``entity_resolution``). dbt has no column-level lineage, so the flag travels by name:
a column that declares nothing inherits the flag of a same-named column (case-insensitive)
of any node upstream of it (``depends_on``), so ``email`` declared at a source covers
``email`` in every staging, intermediate and mart model built from it. An explicit
declaration beats an inherited one (``pii: false`` stops it); between parents, true wins.

What is personal here: emails, phones (and parts: extension, last digits), birth dates,
street addresses, and every value built from them (normalized emails, E.164 phones,
address keys, entity-resolution blocking keys). Person *names* are not hashed: the issue
names those four kinds; without contact, birth date or street, a name does not reach a
person, and the analysts' data-quality work (name standardization, pinyin, review of
entity-resolution pairs) reads names. To hash them, declare the name columns ``pii: true``
in the same way (e.g. ``full_name`` on int_customer_mentions and its staging origins).

The copy (:func:`write_analyst_copy`):

* leaves out the ``raw`` schema entirely (it holds the exports' unmasked text);
* replaces every declared column by ``left(sha256(salt || CAST(value AS VARCHAR)), 16)``
  (hex; NULL stays NULL; lists are hashed element by element), so the same input gives
  the same hash everywhere: joins and counts of distinct values still work, nobody reads
  the value. :func:`mask_value` computes the same hash in Python (to look one up);
* defence in depth: in every table, declared or not, a text / date / number column whose
  *name* looks personal (email, phone, mobile, birth, street, address, 收货地址 / 地址, 手机,
  电话, 邮箱, 生日, dob) is hashed too unless the manifest declares it ``pii: false``; names
  that only describe such a value (``email_is_valid``, ``phone_type``, ``email_source_system``,
  ``*_key`` / ``*_id`` / ``*_count``...) and booleans are not. Each such column is logged as a
  warning ("tag it in the dbt project") and listed in ``meta.masking``;
* copies everything else as is (views are materialized as tables), plus ``meta.masking``
  (table, column, reason) so analysts know which columns hold hashes.

The salt comes from ``CRM_PII_SALT``. Without it the documented development default
``crm-quality-dev-salt`` is used and a warning logged: set a secret salt in production, or
anyone can hash a guessed email and find it. Hashes are stable only for a given salt.
Not covered: personal data inside free text (ticket content, notes), names (above) and
account handles (Taobao ``buyer_nick`` / ``username``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

ENV_SALT = "CRM_PII_SALT"
DEFAULT_SALT = "crm-quality-dev-salt"  # development only; documented in the README of publish/
HASH_CHARS = 16
EXCLUDED_SCHEMAS = frozenset({"raw", "er_state"})  # er_state: entity resolution's scored pairs, side by side
DEFAULT_MANIFEST = Path(__file__).resolve().parents[1] / "dbt_project" / "target" / "manifest.json"

PERSONAL_NAME = re.compile(
    r"e[-_ ]?mail|phone|mobile|birth|street|address|(^|_)dob($|_)|地址|手机|电话|邮箱|生日|身份证",
    re.IGNORECASE,
)
# names that describe a personal value without holding it
DESCRIPTIVE_NAME = re.compile(
    r"(_key|_keys|_id|_ids|_system|_systems|_count|_share|_rate|_type|_region|_country|_status|_reason"
    r"|_domain|_source|_is_valid|_valid|_verified|_flag|_repair|_at)$|^(is|has|n|num)_|_is_",
    re.IGNORECASE,
)
_MASKABLE_TYPES = re.compile(r"^(VARCHAR|TEXT|STRING|CHAR|BLOB|DATE|TIME|TIMESTAMP|BIGINT|INTEGER|HUGEINT|UBIGINT|"
                             r"DECIMAL|DOUBLE|UUID|JSON)", re.IGNORECASE)


@dataclass
class MaskingReport:
    path: Path
    tables: list[str] = field(default_factory=list)  # copied, "schema.table"
    masked: dict[str, list[str]] = field(default_factory=dict)  # table -> hashed columns
    undeclared: dict[str, list[str]] = field(default_factory=dict)  # hashed by the name rule only
    skipped_schemas: list[str] = field(default_factory=list)
    skipped_views: list[str] = field(default_factory=list)
    default_salt: bool = False


def salt_from_env(salt: str | None = None) -> tuple[str, bool]:
    """(salt, is_the_dev_default)."""
    if salt:
        return salt, False
    env = os.environ.get(ENV_SALT)
    if env:
        return env, False
    return DEFAULT_SALT, True


def mask_value(value: object, salt: str | None = None) -> str | None:
    """The hash the analysts' copy holds for ``value`` (same as the SQL expression)."""
    if value is None:
        return None
    salt, _ = salt_from_env(salt)
    return hashlib.sha256((salt + str(value)).encode("utf-8")).hexdigest()[:HASH_CHARS]


def _truthy(v: object) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "yes", "1"):
        return True
    if isinstance(v, str) and v.strip().lower() in ("false", "no", "0"):
        return False
    return None


@dataclass(frozen=True)
class PiiFlag:
    """A column's pii flag, its name as declared, and where it was declared (``schema.table.column``)."""

    pii: bool
    column: str
    origin: str
    inherited: bool = False


def _relation(node: dict) -> str:
    table = node.get("identifier") if node.get("resource_type") == "source" else None
    return f"{node.get('schema')}.{table or node.get('alias') or node.get('name')}".lower()


def _declared(node: dict) -> dict[str, tuple[str, bool]]:
    """lower column name -> (name as written, flag) for the columns of ``node`` that declare ``pii``."""
    out: dict[str, tuple[str, bool]] = {}
    for name, col in (node.get("columns") or {}).items():
        metas = [col.get("meta") or {}, (col.get("config") or {}).get("meta") or {}]
        flag = next((_truthy(m["pii"]) for m in metas if "pii" in m and _truthy(m["pii"]) is not None), None)
        if flag is not None:
            written = col.get("name") or name
            out[written.lower()] = (written, flag)
    return out


def _manifest_flags(manifest_path: Path | str, documented_only: bool = False) -> dict[str, dict[str, PiiFlag]]:
    """relation -> lower column name -> flag: declared on the column, or inherited by lineage.

    A column that declares nothing inherits the flag of the same-named column (case-insensitive)
    of any node it depends on, transitively (``depends_on.nodes`` of the manifest): ``email``
    declared on a staging model covers ``email`` in every model built from it. When parents
    disagree, ``pii: true`` wins. An explicit declaration always beats an inherited one.
    Inherited names hold whether or not the model documents the column (the copy looks at the
    table's real columns); ``documented_only`` keeps the columns the node lists, named as it
    lists them.
    """
    with open(manifest_path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    nodes = {uid: n for uid, n in {**(manifest.get("nodes") or {}), **(manifest.get("sources") or {})}.items()
             if n.get("resource_type") in ("model", "seed", "snapshot", "source")}
    effective: dict[str, dict[str, PiiFlag]] = {}

    def resolve(uid: str, seen: frozenset[str] = frozenset()) -> dict[str, PiiFlag]:
        if uid in effective:
            return effective[uid]
        node = nodes[uid]
        rel = _relation(node)
        inherited: dict[str, PiiFlag] = {}
        for parent in (node.get("depends_on") or {}).get("nodes") or []:
            if parent not in nodes or parent in seen:
                continue
            for col, flag in resolve(parent, seen | {uid}).items():
                if col not in inherited or (flag.pii and not inherited[col].pii):
                    inherited[col] = PiiFlag(flag.pii, flag.column, flag.origin, inherited=True)
        own = {col: PiiFlag(flag, written, f"{rel}.{written}") for col, (written, flag) in _declared(node).items()}
        effective[uid] = {**inherited, **own}
        return effective[uid]

    out: dict[str, dict[str, PiiFlag]] = {}
    for uid, node in nodes.items():
        flags = resolve(uid)
        if documented_only:
            listed = {(c.get("name") or n).lower(): c.get("name") or n for n, c in (node.get("columns") or {}).items()}
            flags = {c: PiiFlag(f.pii, listed[c], f.origin, f.inherited) for c, f in flags.items() if c in listed}
        if flags:
            out.setdefault(_relation(node), {}).update(flags)
    return out


def pii_columns_from_manifest(manifest_path: Path | str) -> dict[str, list[str]]:
    """``{"schema.table": [documented columns that are pii]}`` from a dbt ``manifest.json``:
    declared ``meta.pii: true`` on the column, or inherited from a same-named upstream column.

    Relations are keyed by the schema and alias dbt builds them under (lower case). The copy
    itself also applies inherited flags to columns a model does not document.
    """
    flags = _manifest_flags(manifest_path, documented_only=True)
    return {rel: sorted(f.column for f in cols.values() if f.pii)
            for rel, cols in sorted(flags.items()) if any(f.pii for f in cols.values())}


def looks_personal(column: str, data_type: str = "VARCHAR") -> bool:
    """The defence-in-depth name rule (see module doc)."""
    base = data_type.upper().removesuffix("[]")
    if base.startswith("BOOL") or not _MASKABLE_TYPES.match(base):
        return False
    return bool(PERSONAL_NAME.search(column)) and not DESCRIPTIVE_NAME.search(column)


def mask_expression(column: str, data_type: str) -> str:
    q = _q(column)
    hashed = "left(sha256(getvariable('crm_pii_salt') || CAST({x} AS VARCHAR)), " + str(HASH_CHARS) + ")"
    if data_type.upper().endswith("[]"):
        return f"list_transform({q}, lambda x: {hashed.format(x='x')}) AS {q}"
    return f"{hashed.format(x=q)} AS {q}"


def write_analyst_copy(
    src_db: Path,
    dst_db: Path,
    *,
    manifest_path: Path | None = None,
    salt: str | None = None,
    catalog_alias: str | None = None,
) -> MaskingReport:
    """Write the masked copy of ``src_db`` (a closed DuckDB file) to a new ``dst_db``.

    ``catalog_alias``: the database name views of ``src_db`` were written against (the build
    file's stem), so they can be materialized.
    """
    src_db, dst_db = Path(src_db), Path(dst_db)
    dst_db.unlink(missing_ok=True)
    Path(str(dst_db) + ".wal").unlink(missing_ok=True)
    manifest = Path(manifest_path) if manifest_path else DEFAULT_MANIFEST
    flags: dict[str, dict[str, PiiFlag]] = {}
    if manifest.exists():
        flags = _manifest_flags(manifest)
    else:
        log.warning("no dbt manifest at %s: personal columns found by name only", manifest)
    salt, is_default = salt_from_env(salt)
    if is_default:
        log.warning("%s is not set: the analysts' copy uses the development salt", ENV_SALT)
    report = MaskingReport(path=dst_db, default_salt=is_default)
    alias = _catalog_name(catalog_alias or src_db.stem)
    con = duckdb.connect(str(dst_db))
    try:
        con.execute("SET VARIABLE crm_pii_salt = ?", [salt])
        con.execute(f"ATTACH {_lit(str(src_db))} AS {_q(alias)} (READ_ONLY)")
        objects = con.execute(
            """SELECT schema_name, table_name, 'table' FROM duckdb_tables() WHERE database_name = ? AND NOT temporary
               UNION ALL
               SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE database_name = ? AND NOT internal
                 AND NOT temporary
               ORDER BY 1, 2""", [alias, alias]).fetchall()
        masking_rows = []
        for schema, name, kind in objects:
            rel = f"{schema}.{name}"
            if schema.lower() in EXCLUDED_SCHEMAS:
                if schema not in report.skipped_schemas:
                    report.skipped_schemas.append(schema)
                continue
            cols = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
                "AND table_name = ? ORDER BY column_index", [alias, schema, name]).fetchall()
            declared = flags.get(rel.lower(), {})
            select, masked = [], []
            for col, typ in cols:
                declared_flag = declared.get(col.lower())
                flag = declared_flag.pii if declared_flag else None
                by_name = flag is None and looks_personal(col, typ)
                if flag or by_name:
                    select.append(mask_expression(col, typ))
                    masked.append(col)
                    if by_name:
                        reason = "name looks personal (not declared)"
                    elif declared_flag.inherited:
                        reason = f"pii by lineage from {declared_flag.origin} (dbt manifest)"
                    else:
                        reason = "declared pii in the dbt manifest"
                    masking_rows.append((schema, name, col, reason))
                    if by_name:
                        report.undeclared.setdefault(rel, []).append(col)
                else:
                    select.append(_q(col))
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(schema)}")
            try:
                con.execute(f"CREATE TABLE {_q(schema)}.{_q(name)} AS SELECT {', '.join(select)} "
                            f"FROM {_q(alias)}.{_q(schema)}.{_q(name)}")
            except duckdb.Error as exc:
                if kind != "view":
                    raise
                log.warning("view %s not copied to the analysts' file: %s", rel, str(exc).splitlines()[0])
                report.skipped_views.append(rel)
                continue
            report.tables.append(rel)
            if masked:
                report.masked[rel] = masked
        for rel, cols in report.undeclared.items():
            log.warning("analysts' copy: %s columns %s hashed because their names look personal; declare them "
                        "with meta: {pii: true} (or pii: false) in the dbt project", rel, ", ".join(cols))
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute("CREATE OR REPLACE TABLE meta.masking (table_schema VARCHAR, table_name VARCHAR, "
                    "column_name VARCHAR, reason VARCHAR)")
        if masking_rows:
            con.executemany("INSERT INTO meta.masking VALUES (?, ?, ?, ?)", masking_rows)
        con.execute(f"DETACH {_q(alias)}")
        con.execute("RESET VARIABLE crm_pii_salt")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return report


def personal_looking(columns: Iterable[tuple[str, str]]) -> list[str]:
    """Columns of (name, type) pairs the name rule would hash (for reports / tests)."""
    return [c for c, t in columns if looks_personal(c, t)]


def _catalog_name(stem: str) -> str:
    name = re.sub(r"\W", "_", stem) or "src"
    return name if name not in ("main", "system", "temp", "memory") else f"{name}_src"


def _q(identifier: str) -> str:
    return '"' + str(identifier).replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
