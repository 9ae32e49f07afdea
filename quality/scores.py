"""Five data-quality dimensions of the customer mentions, per source and field, in DuckDB SQL.

``score_quality(con, as_of)`` reads (each only when it exists; columns are discovered in
``information_schema``, and what is absent is simply not scored and listed in ``notes``):

* ``intermediate.int_customer_mentions`` - one row per customer mention
* ``raw._ingested_files`` / ``raw._quarantine`` - ingestion accounting
* reference data for the consistency checks: the dbt seeds ``seeds.country_aliases``,
  ``seeds.country_codes``, ``seeds.cn_cities``, ``seeds.region_mapping`` in the warehouse,
  else the same CSVs in ``$CRM_SEEDS_DIR`` / ``<repo>/dbt_project/seeds`` (read by DuckDB)

Every figure is an aggregate computed by DuckDB (a handful of GROUP BY queries, no row
loop in Python); 1M mentions score in a few seconds.

Dimensions (each score = numerator / denominator, in [0, 1]; a row is emitted only when
its denominator is > 0)
-----------------------------------------------------------------------------------------
completeness   per person field (``QualityConfig.person_fields`` that exist): rows whose
               value is non-NULL and, for text, not blank / rows of the source. When the
               standardization keeps a raw twin (``birth_date_raw``) the twin is counted:
               what the source delivered. A field a source does not provide (no value in
               any of its rows, or not in ``expected_fields[source]`` when given) keeps its
               0 row but is left out of the source's overall (``in_overall=False``): Taobao
               has no email, and its completeness should not say so every night. A column
               that disappears from an export is the Great Expectations required-columns
               check's business.
validity       among rows with a non-empty value:
               email         ``email_is_valid``, else ``email_canonical IS NOT NULL``, else
                             ``trim(email) LIKE '%_@_%._%'``
               phone         with ``phone_is_valid`` / ``mobile_phone_is_valid`` (else
                             ``phone_e164`` / ``mobile_phone_e164``): ONE row per record - any
                             flag true (any E.164 present) among records with a phone or a
                             mobile phone. The standardization flags a record's numbers
                             together (``phone_is_valid`` = either parses), which is also the
                             Great Expectations "valid phones" share.
               phone,        without those columns, per column: at least ``phone_min_digits``
               mobile_phone  (7) digits
               birth_date    between ``min_birth_date`` (1900-01-01) and ``as_of``; with
                             ``birth_date_raw`` the cleaned ``birth_date`` must also have
                             survived (placeholders such as 1900-01-01 are nulled there)
               country       ``country_code`` (ISO, standardized) is set, else the spelling is
                             known to seed ``country_aliases`` (normalized like
                             ``standardize.countries.alias_key``)
uniqueness     1 - duplicate share = distinct values / non-empty values, within the source:
               ``source_record_id`` (the source key), email (``email_canonical`` if it exists,
               else lower(trim(email))), phone and mobile_phone (``<field>_e164`` if it
               exists - ``phone_e164`` is the record's primary standardized number - else
               the digits). Order sources hold one mention per order, so a
               repeated email there is a repeat buyer, not necessarily an error.
consistency    record-level agreement between fields, among rows where both sides exist:
               ``country~phone``           the first raw phone written with an
                                           international prefix (``+`` / ``00``) starts
                                           with the calling code of the country
                                           (``country_code`` when standardized, else the
                                           spelling via seed ``country_aliases``; calling
                                           codes from seed ``country_codes``). E.164 columns
                                           are not used: a national number gets its code
                                           from the record's own country.
               ``city~province``           a Chinese city known to seed ``cn_cities`` (with
                                           or without the trailing 市) lies in the stated
                                           province (Chinese name, its prefix such as 江苏
                                           or 广西, or the pinyin of ``region_mapping``)
               ``created_at<=updated_at``  creation not after the last modification
timeliness     ``updated_at``   rows whose last change (coalesce(updated_at, created_at))
                                is within ``recent_update_days`` (365) days of the latest
                                export date of their source / rows with such a date
               ``export``       1 when the source's latest export is at most
                                ``max_export_age_days`` (2) days before ``as_of``, else 0
                                (the age in days is ``IngestionRow.days_since_export``)

Per source and dimension an ``overall`` row (field ``"overall"``) is the unweighted mean of
that dimension's field scores (numerator = sum of the scores, denominator = number of
fields); per source a row with dimension ``"overall"`` is the mean of the dimension
overalls. The latest export date of a source is the newest ``export_date`` in
``raw._ingested_files`` (else in the mentions).

Ingestion figures per source: files, rows read / loaded / quarantined, quarantine rate
(quarantined / read) over all logged files and for the latest export date alone.

``QualityScores.flat_metrics()`` -> ``{"<source>.<dimension>": score, "<source>.overall": ...,
"<source>.quarantine_rate": rate of the latest export, "<source>.days_since_export": days}``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

__all__ = [
    "DIMENSIONS",
    "OVERALL",
    "PERSON_FIELDS",
    "IngestionRow",
    "QualityConfig",
    "QualityScores",
    "QuarantineRow",
    "ScoreRow",
    "score_quality",
]

DIMENSIONS: tuple[str, ...] = ("completeness", "validity", "uniqueness", "consistency", "timeliness")
OVERALL = "overall"
UNKNOWN_SOURCE = "(no source_system)"

PERSON_FIELDS: tuple[str, ...] = (
    "full_name", "given_name", "family_name", "email", "phone", "mobile_phone", "company",
    "city", "state_province", "postal_code", "country", "birth_date",
)

# consistency / timeliness field names (also the column labels of the report)
COUNTRY_PHONE = "country~phone"
CITY_PROVINCE = "city~province"
CREATED_UPDATED = "created_at<=updated_at"
RECENT_UPDATE = "updated_at"
EXPORT_FRESH = "export"

_TEXT_TYPES = ("VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR")
_COUNTRY_KEY_CHARS = r"[^0-9a-z\p{Han}\p{Cyrillic}\p{Greek}\p{Hangul}\p{Hiragana}\p{Katakana}\p{Arabic}]"


@dataclass(frozen=True)
class QualityConfig:
    """Relations and parameters of the scoring (defaults match the warehouse)."""

    mentions_relation: str = "intermediate.int_customer_mentions"
    files_relation: str = "raw._ingested_files"
    quarantine_relation: str = "raw._quarantine"
    person_fields: tuple[str, ...] = PERSON_FIELDS
    recent_update_days: int = 365
    max_export_age_days: int = 2
    phone_min_digits: int = 7
    email_like: str = "%_@_%._%"
    min_birth_date: dt.date = dt.date(1900, 1, 1)
    seeds_schema: str = "seeds"
    #: CSV fallback for the reference data; None = $CRM_SEEDS_DIR or <repo>/dbt_project/seeds
    seeds_dir: Path | None = None
    #: completeness overall: {source: fields it provides}; a source not listed provides the
    #: fields with a value in at least one of its rows (the others are left out of its overall)
    expected_fields: Mapping[str, Sequence[str]] | None = None
    #: at most this many (source, file, reason) groups of quarantined rows are kept
    max_quarantine_groups: int = 500


@dataclass(frozen=True)
class ScoreRow:
    source: str
    field: str
    dimension: str
    score: float
    numerator: float
    denominator: float
    method: str = ""
    #: False for a field the source does not provide at all (left out of the overall)
    in_overall: bool = True


@dataclass(frozen=True)
class IngestionRow:
    source: str
    files: int
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    quarantine_rate: float | None
    latest_export_date: dt.date | None
    latest_rows_read: int
    latest_rows_loaded: int
    latest_rows_quarantined: int
    latest_quarantine_rate: float | None
    days_since_export: int | None
    last_ingested_at: dt.datetime | None


@dataclass(frozen=True)
class QuarantineRow:
    source: str
    file_role: str
    file_path: str
    reason: str
    rows: int
    first_record_number: int | None


@dataclass
class QualityScores:
    as_of: dt.datetime
    rows: list[ScoreRow]
    ingestion: list[IngestionRow]
    quarantine: list[QuarantineRow]
    sources: list[str]
    mention_counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    config: QualityConfig = field(default_factory=QualityConfig)

    def score(self, source: str, dimension: str, field_name: str = OVERALL) -> float | None:
        for r in self.rows:
            if r.source == source and r.dimension == dimension and r.field == field_name:
                return r.score
        return None

    def field_rows(self, dimension: str) -> list[ScoreRow]:
        """Rows of one dimension, without the overall rows."""
        return [r for r in self.rows if r.dimension == dimension and r.field != OVERALL]

    def ingestion_for(self, source: str) -> IngestionRow | None:
        return next((i for i in self.ingestion if i.source == source), None)

    def flat_metrics(self) -> dict[str, float]:
        """``{"<source>.<dimension>": score}`` (+ ``.overall``, ``.quarantine_rate``,
        ``.days_since_export``), for Dagster metadata and the history table."""
        out: dict[str, float] = {}
        for r in self.rows:
            if r.field == OVERALL:
                out[f"{r.source}.{r.dimension}"] = float(r.score)
        for i in self.ingestion:
            if i.latest_quarantine_rate is not None:
                out[f"{i.source}.quarantine_rate"] = float(i.latest_quarantine_rate)
            if i.days_since_export is not None:
                out[f"{i.source}.days_since_export"] = float(i.days_since_export)
        return dict(sorted(out.items()))

    def to_records(self) -> list[dict[str, Any]]:
        """The tidy rows as dicts (e.g. ``pandas.DataFrame(scores.to_records())``)."""
        return [asdict(r) for r in self.rows]


# ---------------------------------------------------------------------------------------------
# SQL helpers


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _split(relation: str) -> tuple[str, str]:
    schema, _, name = relation.rpartition(".")
    return (schema or "main"), name


def _qrel(relation: str) -> str:
    schema, name = _split(relation)
    return f"{_q(schema)}.{_q(name)}"


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str] | None:
    """``{column: data_type}`` of a table/view, or None when it does not exist."""
    schema, name = _split(relation)
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()
    if not rows:
        return None
    return {c: str(t).upper() for c, t in rows}


def _is_text(col_type: str) -> bool:
    return col_type.split("(")[0].strip() in _TEXT_TYPES


class _Cols:
    """The mention columns that exist, with SQL fragments over them."""

    def __init__(self, types: dict[str, str]):
        self.types = types

    def has(self, *names: str) -> bool:
        return all(n in self.types for n in names)

    def nonempty(self, name: str) -> str:
        c = _q(name)
        if _is_text(self.types[name]):
            return f"(nullif(trim({c}), '') IS NOT NULL)"
        return f"({c} IS NOT NULL)"

    def text(self, name: str) -> str:
        c = _q(name)
        return f"trim({c})" if _is_text(self.types[name]) else f"trim(CAST({c} AS VARCHAR))"

    def digits(self, name: str) -> str:
        return f"regexp_replace({self.text(name)}, '[^0-9]', '', 'g')"


def _source_expr(types: dict[str, str]) -> str:
    return f"coalesce(CAST({_q('source_system')} AS VARCHAR), {_lit(UNKNOWN_SOURCE)})"


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else float("nan")


# ---------------------------------------------------------------------------------------------
# reference data (dbt seeds)


def _seeds_dir(cfg: QualityConfig) -> Path:
    if cfg.seeds_dir is not None:
        return Path(cfg.seeds_dir)
    env = os.environ.get("CRM_SEEDS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"


def _reference(con: duckdb.DuckDBPyConnection, cfg: QualityConfig, notes: list[str]) -> dict[str, str]:
    """SQL relation expression per seed name: the warehouse table, else the CSV."""
    needed = {
        "country_aliases": ("alias_key", "iso2"),
        "country_codes": ("iso2", "calling_code"),
        "cn_cities": ("city", "province"),
        "region_mapping": ("scope", "key", "name_en"),
    }
    out: dict[str, str] = {}
    for name, cols in needed.items():
        rel = f"{cfg.seeds_schema}.{name}"
        have = _columns(con, rel)
        if have is not None and all(c in have for c in cols):
            out[name] = f"(SELECT {', '.join('CAST(' + _q(c) + ' AS VARCHAR) AS ' + _q(c) for c in cols)} FROM {_qrel(rel)})"
            continue
        path = _seeds_dir(cfg) / f"{name}.csv"
        if path.is_file():
            out[name] = (f"(SELECT {', '.join(_q(c) for c in cols)} FROM read_csv({_lit(str(path))}, "
                         f"header = true, all_varchar = true))")
            continue
        notes.append(f"reference {name} not found (table {rel} or {path}): checks using it are skipped")
    return out


def _country_key(expr: str) -> str:
    """SQL twin of standardize.countries.alias_key (without NFKC)."""
    return (f"regexp_replace(regexp_replace(lower(strip_accents({expr})), '^the\\s+', ''), "
            f"'{_COUNTRY_KEY_CHARS}', '', 'g')")


# ---------------------------------------------------------------------------------------------
# scoring


def score_quality(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.datetime,
    config: QualityConfig | None = None,
) -> QualityScores:
    """Score the warehouse behind ``con`` (read-only use; nothing is written)."""
    cfg = config or QualityConfig()
    as_of_date = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    notes: list[str] = []
    rows: list[ScoreRow] = []
    counts: dict[str, int] = {}

    ingestion, latest_export = _ingestion(con, cfg, as_of_date, notes)
    quarantine = _quarantine(con, cfg, notes)

    types = _columns(con, cfg.mentions_relation)
    if types is None:
        notes.append(f"{cfg.mentions_relation} not found: no mention scores")
    elif "source_system" not in types:
        notes.append(f"{cfg.mentions_relation} has no source_system column: no mention scores")
    else:
        cols = _Cols(types)
        ref = _reference(con, cfg, notes)
        rel = _qrel(cfg.mentions_relation)
        src = _source_expr(types)
        export = f"max(CAST({_q('export_date')} AS DATE))" if "export_date" in types else "CAST(NULL AS DATE)"
        per_source = con.execute(f"SELECT {src} AS s, count(*), {export} FROM {rel} GROUP BY 1 ORDER BY 1").fetchall()
        counts = {s: int(n) for s, n, _ in per_source}
        # the files' latest export wins; the mentions' own export_date when a source has no file log
        latest_export = {**{s: d for s, _, d in per_source if d is not None},
                         **{s: d for s, d in latest_export.items() if d is not None}}
        rows += _completeness(con, cfg, cols, rel, src, counts, notes)
        rows += _validity(con, cfg, cols, rel, src, ref, as_of_date, notes)
        rows += _uniqueness(con, cfg, cols, rel, src, notes)
        rows += _consistency(con, cfg, cols, rel, src, ref, notes)
        rows += _timeliness_records(con, cfg, cols, rel, src, latest_export, notes)

    rows += _timeliness_exports(cfg, ingestion, latest_export, as_of_date, counts)
    sources = sorted(set(counts) | {i.source for i in ingestion} | {q.source for q in quarantine})
    rows = _with_overalls(rows, sources, cfg)
    return QualityScores(as_of=as_of, rows=rows, ingestion=ingestion, quarantine=quarantine,
                         sources=sources, mention_counts=counts, notes=notes, config=cfg)


def _run_counts(
    con,
    rel: str,
    src: str,
    items: list[tuple[str, str, str]],
    derived: Mapping[str, str] | None = None,
    joins: str = "",
) -> dict[str, dict[str, tuple[int, int]]]:
    """items: (key, numerator SQL condition, denominator SQL condition) ->
    {source: {key: (numerator, denominator)}} in one GROUP BY query.

    ``derived``: ``{alias: expression}`` computed once per row in an inner SELECT (the
    conditions refer to the aliases); ``joins``: LEFT JOINs onto that inner relation ``m``
    (their columns must be named ``__*`` so that nothing is ambiguous).
    """
    if not items:
        return {}
    select = []
    for i, (_, num, den) in enumerate(items):
        select.append(f"count(*) FILTER (WHERE ({den}) AND ({num})) AS n{i}")
        select.append(f"count(*) FILTER (WHERE {den}) AS d{i}")
    extra = "".join(f", {expr} AS {_q(alias)}" for alias, expr in (derived or {}).items())
    sql = (f"SELECT m.__src, {', '.join(select)} FROM (SELECT *, {src} AS __src{extra} FROM {rel}) m {joins} "
           f"GROUP BY 1 ORDER BY 1")
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for rec in con.execute(sql).fetchall():
        out[rec[0]] = {key: (int(rec[1 + 2 * i]), int(rec[2 + 2 * i])) for i, (key, _, _) in enumerate(items)}
    return out


def _emit(result: dict[str, dict[str, tuple[int, int]]], dimension: str, methods: dict[str, str]) -> list[ScoreRow]:
    rows = []
    for source, per_key in result.items():
        for key, (num, den) in per_key.items():
            if den > 0:
                rows.append(ScoreRow(source, key, dimension, _ratio(num, den), num, den, methods.get(key, "")))
    return rows


def _completeness(con, cfg, cols: _Cols, rel, src, counts, notes) -> list[ScoreRow]:
    present = [f for f in cfg.person_fields if cols.has(f)]
    missing = [f for f in cfg.person_fields if not cols.has(f)]
    if missing:
        notes.append(f"completeness: columns absent, not scored: {', '.join(missing)}")
    # a standardized field with a raw twin (birth_date / birth_date_raw): what the source delivered
    col = {f: f"{f}_raw" if cols.has(f"{f}_raw") else f for f in present}
    items = [(f, cols.nonempty(col[f]), "TRUE") for f in present]
    methods = {f: "non-NULL, non-blank / rows" + ("" if col[f] == f else f" (column {col[f]})") for f in present}
    rows = []
    for r in _emit(_run_counts(con, rel, src, items), "completeness", methods):
        expected = (cfg.expected_fields or {}).get(r.source)
        provided = (r.field in expected) if expected is not None else r.numerator > 0
        if not provided:
            why = "not among expected_fields" if expected is not None else "no value in any row"
            r = replace(r, in_overall=False, method=f"{r.method}; not provided by this source ({why}), "
                                                    "left out of the overall")
        rows.append(r)
    return rows


def _country_map(ref: Mapping[str, str], rel: str, country_text: str) -> str:
    """LEFT JOIN of the distinct country spellings to (``__known``, ``__cc`` calling code);
    the inner relation must carry ``__country`` (trimmed country text)."""
    codes = (f"LEFT JOIN {ref['country_codes']} c ON c.iso2 = a.iso2" if "country_codes" in ref
             else "LEFT JOIN (SELECT NULL AS iso2, NULL AS calling_code) c ON FALSE")
    return (f"LEFT JOIN (SELECT d.v AS __cty, bool_or(x.alias_key IS NOT NULL) AS __known, "
            f"min(x.calling_code) AS __cc "
            f"FROM (SELECT DISTINCT {country_text} AS v FROM {rel}) d "
            f"LEFT JOIN (SELECT a.alias_key, min(nullif(trim(c.calling_code), '')) AS calling_code "
            f"FROM {ref['country_aliases']} a {codes} GROUP BY a.alias_key) x "
            f"ON x.alias_key = {_country_key('d.v')} GROUP BY d.v) cm ON cm.__cty = m.__country")


def _any(conds: Sequence[str]) -> str:
    return "(" + " OR ".join(conds) + ")"


def _validity(con, cfg, cols: _Cols, rel, src, ref, as_of_date, notes) -> list[ScoreRow]:
    items: list[tuple[str, str, str]] = []
    methods: dict[str, str] = {}
    derived: dict[str, str] = {}
    joins = ""

    # email: the flag, else the canonical form, else a shape check; among non-empty emails
    if "email" in cfg.person_fields and cols.has("email"):
        present = cols.nonempty("email")
        if cols.has("email_is_valid"):
            items.append(("email", "coalesce(CAST(email_is_valid AS BOOLEAN), FALSE)", present))
            methods["email"] = "email_is_valid is true"
        elif cols.has("email_canonical"):
            items.append(("email", "(email_canonical IS NOT NULL)", present))
            methods["email"] = "email_canonical IS NOT NULL"
        else:
            items.append(("email", f"{cols.text('email')} LIKE {_lit(cfg.email_like)}", present))
            methods["email"] = f"pattern: trim(email) LIKE '{cfg.email_like}'"

    # phones: the standardization flags a record's phones together (phone_is_valid = phone or
    # mobile_phone parses; phone_e164 = the mobile first), so with flags / E.164 the score is
    # per record ("a usable phone among records with any phone", the Great Expectations
    # contact share); without them, a digit count per column
    phones = [p for p in ("phone", "mobile_phone") if p in cfg.person_fields and cols.has(p)]
    flags = [f for f in ("phone_is_valid", "mobile_phone_is_valid") if cols.has(f)]
    e164 = [f for f in ("phone_e164", "mobile_phone_e164") if cols.has(f)]
    if phones and (flags or e164):
        used = flags or e164
        cond = (_any([f"coalesce(CAST({_q(f)} AS BOOLEAN), FALSE)" for f in flags]) if flags
                else _any([f"({_q(f)} IS NOT NULL)" for f in e164]))
        items.append(("phone", cond, _any([cols.nonempty(p) for p in phones])))
        methods["phone"] = (f"{' or '.join(used)} {'is true' if flags else 'IS NOT NULL'}, per record with "
                            f"any of {', '.join(phones)}")
    else:
        for ph in phones:
            derived[f"__{ph}_nd"] = f"length({cols.digits(ph)})"
            items.append((ph, f"__{ph}_nd >= {int(cfg.phone_min_digits)}", cols.nonempty(ph)))
            methods[ph] = f"pattern: at least {cfg.phone_min_digits} digits"

    # birth date: with a raw twin (birth_date_raw), the cleaned birth_date must survive; always
    # within [min_birth_date, as_of]
    if "birth_date" in cfg.person_fields and cols.has("birth_date"):
        def as_date(c: str) -> str:
            return _q(c) if not _is_text(cols.types[c]) else f"try_cast({_q(c)} AS DATE)"

        raw = "birth_date_raw" if cols.has("birth_date_raw") else "birth_date"
        items.append(("birth_date",
                      f"coalesce(CAST({as_date('birth_date')} AS DATE) BETWEEN {_lit(cfg.min_birth_date)} "
                      f"AND {_lit(as_of_date)}, FALSE)", cols.nonempty(raw)))
        methods["birth_date"] = (("birth_date (cleaned) kept from birth_date_raw and " if raw != "birth_date"
                                  else "") + f"a date between {cfg.min_birth_date.isoformat()} and as_of")

    # country: the standardized ISO code, else a known spelling in the seed
    if "country" in cfg.person_fields and cols.has("country"):
        if cols.has("country_code"):
            items.append(("country", "(nullif(trim(CAST(country_code AS VARCHAR)), '') IS NOT NULL)",
                          cols.nonempty("country")))
            methods["country"] = "country_code (ISO) IS NOT NULL"
        elif "country_aliases" in ref:
            derived["__country"] = cols.text("country")
            joins = _country_map(ref, rel, cols.text("country"))
            items.append(("country", "coalesce(__known, FALSE)", cols.nonempty("country")))
            methods["country"] = "a known country spelling (seed country_aliases)"
        else:
            notes.append("validity: country not scored (no country_code column, no country_aliases reference)")

    return _emit(_run_counts(con, rel, src, items, derived, joins), "validity", methods)


def _uniqueness(con, cfg, cols: _Cols, rel, src, notes) -> list[ScoreRow]:
    specs: list[tuple[str, str, str]] = []  # field, value expr (NULL when absent), method
    if cols.has("source_record_id"):
        specs.append(("source_record_id", f"nullif({cols.text('source_record_id')}, '')",
                      "distinct / non-empty source keys"))
    else:
        notes.append("uniqueness: source_record_id absent, the source key is not scored")
    if cols.has("email_canonical"):
        specs.append(("email", f"nullif({cols.text('email_canonical')}, '')", "distinct / non-empty email_canonical"))
    elif cols.has("email"):
        specs.append(("email", f"nullif(lower({cols.text('email')}), '')", "distinct / non-empty lower(trim(email))"))
    for ph in ("phone", "mobile_phone"):
        if cols.has(f"{ph}_e164"):
            specs.append((ph, f"nullif({cols.text(ph + '_e164')}, '')", f"distinct / non-empty {ph}_e164"))
        elif cols.has(ph):
            specs.append((ph, f"nullif({cols.digits(ph)}, '')", f"distinct / non-empty digits of {ph}"))
    if not specs:
        return []
    inner = ", ".join(f"{val} AS v{i}" for i, (_, val, _) in enumerate(specs))
    select = ", ".join(f"count(DISTINCT v{i}), count(v{i})" for i in range(len(specs)))
    sql = f"SELECT s, {select} FROM (SELECT {src} AS s, {inner} FROM {rel}) GROUP BY 1 ORDER BY 1"
    rows = []
    for rec in con.execute(sql).fetchall():
        for i, (fld, _, method) in enumerate(specs):
            num, den = int(rec[1 + 2 * i]), int(rec[2 + 2 * i])
            if den:
                rows.append(ScoreRow(rec[0], fld, "uniqueness", _ratio(num, den), num, den, method))
    return rows


def _intl_phone(cols: _Cols) -> str | None:
    """Digits of the first raw phone written with an international prefix (+ or 00), else NULL.

    Standardized E.164 numbers are not used: a number in national format gets its country
    code from the record's own country, so it would agree by construction."""
    parts = []
    for ph in ("phone", "mobile_phone"):
        if cols.has(ph):
            t = cols.text(ph)
            parts.append(f"CASE WHEN {t} LIKE '+%' OR {t} LIKE '00%' "
                         f"THEN nullif(regexp_replace(regexp_replace({t}, '^00', ''), '[^0-9]', '', 'g'), '') END")
    return f"coalesce({', '.join(parts)})" if parts else None


def _consistency(con, cfg, cols: _Cols, rel, src, ref, notes) -> list[ScoreRow]:
    joins: list[str] = []
    items: list[tuple[str, str, str]] = []
    methods: dict[str, str] = {}
    derived: dict[str, str] = {}

    intl = _intl_phone(cols)
    if intl and cols.has("country_code") and "country_codes" in ref:
        # the standardized ISO code: only the calling code is looked up
        derived["__iso"] = "upper(trim(CAST(country_code AS VARCHAR)))"
        derived["__intl"] = intl
        joins.append(f"LEFT JOIN (SELECT upper(trim(iso2)) AS __iso2, min(nullif(trim(calling_code), '')) AS __cc "
                     f"FROM {ref['country_codes']} GROUP BY 1) cm ON cm.__iso2 = m.__iso")
        items.append((COUNTRY_PHONE, "starts_with(__intl, __cc)", "__cc IS NOT NULL AND __intl IS NOT NULL"))
        methods[COUNTRY_PHONE] = "international phone starts with the calling code of country_code"
    elif intl and cols.has("country") and "country_aliases" in ref and "country_codes" in ref:
        derived["__country"] = cols.text("country")
        derived["__intl"] = intl
        joins.append(_country_map(ref, rel, cols.text("country")))
        items.append((COUNTRY_PHONE, "starts_with(__intl, __cc)", "__cc IS NOT NULL AND __intl IS NOT NULL"))
        methods[COUNTRY_PHONE] = "international phone starts with the country's calling code"
    else:
        notes.append("consistency: country~phone not scored (needs country, a phone and the country seeds)")

    if cols.has("city", "state_province") and "cn_cities" in ref:
        if "region_mapping" in ref:
            en = (f"LEFT JOIN (SELECT key, min(name_en) AS name_en FROM {ref['region_mapping']} "
                  f"WHERE scope = 'cn_province' GROUP BY key) rm ON rm.key = k.province")
            en_col = "regexp_replace(lower(rm.name_en), '[^a-z]', '', 'g')"
        else:
            en, en_col = "", "CAST(NULL AS VARCHAR)"
        joins.append(
            f"LEFT JOIN (SELECT k.k AS __city, k.province AS __prov, {en_col} AS __prov_en FROM ("
            f"SELECT k, min(province) AS province FROM ("
            f"SELECT trim(city) AS k, trim(province) AS province FROM {ref['cn_cities']} "
            f"UNION ALL SELECT regexp_replace(trim(city), '市$', ''), trim(province) FROM {ref['cn_cities']} "
            f"WHERE trim(city) LIKE '%市' AND length(trim(city)) > 2) "
            f"GROUP BY k HAVING count(DISTINCT province) = 1) k {en}) cp ON cp.__city = m.__city")
        derived["__city"] = cols.text("city")
        derived["__sp"] = f"nullif({cols.text('state_province')}, '')"
        letters = "regexp_replace(regexp_replace(lower(__sp), '[^a-z]', '', 'g'), '(province|sheng)$', '')"
        agree = (f"(__sp = __prov OR (length(__sp) >= 2 AND starts_with(__prov, __sp)) "
                 f"OR coalesce({letters} = __prov_en, FALSE))")
        items.append((CITY_PROVINCE, agree, "__prov IS NOT NULL AND __sp IS NOT NULL"))
        methods[CITY_PROVINCE] = "a known Chinese city lies in the stated province (seed cn_cities)"
    else:
        notes.append("consistency: city~province not scored (needs city, state_province and seed cn_cities)")

    if cols.has("created_at", "updated_at"):
        items.append((CREATED_UPDATED, f"{_q('created_at')} <= {_q('updated_at')}",
                      f"{_q('created_at')} IS NOT NULL AND {_q('updated_at')} IS NOT NULL"))
        methods[CREATED_UPDATED] = "created_at not after updated_at"

    return _emit(_run_counts(con, rel, src, items, derived, " ".join(joins)), "consistency", methods)


def _timeliness_records(con, cfg, cols: _Cols, rel, src, latest_export, notes) -> list[ScoreRow]:
    stamps = [c for c in ("updated_at", "created_at") if cols.has(c)]
    if not stamps:
        notes.append("timeliness: no updated_at / created_at column, record recency not scored")
        return []
    change = f"coalesce({', '.join('CAST(' + _q(c) + ' AS DATE)' for c in stamps)})"
    values = ", ".join(f"({_lit(s)}, {_lit(d)})" for s, d in sorted(latest_export.items()) if d is not None)
    if not values:
        notes.append("timeliness: no export date known, record recency not scored")
        return []
    latest_sql = f"(SELECT * FROM (VALUES {values}) v(s, d))"
    days = int(cfg.recent_update_days)
    sql = (f"SELECT m.s, count(*) FILTER (WHERE m.c >= l.d - INTERVAL {days} DAY), count(*) "
           f"FROM (SELECT {src} AS s, {change} AS c FROM {rel}) m JOIN {latest_sql} l ON l.s = m.s "
           f"WHERE m.c IS NOT NULL AND l.d IS NOT NULL GROUP BY 1 ORDER BY 1")
    method = f"coalesce({', '.join(stamps)}) within {days} days of the source's latest export"
    return [ScoreRow(s, RECENT_UPDATE, "timeliness", _ratio(n, d), n, d, method)
            for s, n, d in con.execute(sql).fetchall() if d]


def _timeliness_exports(cfg, ingestion, latest_export, as_of_date, counts) -> list[ScoreRow]:
    rows = []
    for source in sorted(set(latest_export) | set(counts)):
        d = latest_export.get(source)
        if d is None:
            continue
        age = (as_of_date - d).days
        fresh = 1 if age <= cfg.max_export_age_days else 0
        rows.append(ScoreRow(source, EXPORT_FRESH, "timeliness", float(fresh), fresh, 1,
                             f"latest export {d.isoformat()} is {age} days before as_of "
                             f"(fresh when <= {cfg.max_export_age_days})"))
    return rows


def _with_overalls(rows: list[ScoreRow], sources: list[str], cfg: QualityConfig) -> list[ScoreRow]:
    field_order = {f: i for i, f in enumerate(
        ("source_record_id", *cfg.person_fields, COUNTRY_PHONE, CITY_PROVINCE, CREATED_UPDATED,
         RECENT_UPDATE, EXPORT_FRESH))}
    dim_order = {d: i for i, d in enumerate(DIMENSIONS)}
    rows = [r for r in rows if not math.isnan(r.score)]
    rows.sort(key=lambda r: (r.source, dim_order.get(r.dimension, 99), field_order.get(r.field, 999), r.field))
    out: list[ScoreRow] = []
    for source in sources:
        dim_scores = []
        for dim in DIMENSIONS:
            fr = [r for r in rows if r.source == source and r.dimension == dim]
            out += fr
            counted = [r for r in fr if r.in_overall]
            if counted:
                total = sum(r.score for r in counted)
                out.append(ScoreRow(source, OVERALL, dim, total / len(counted), total, len(counted),
                                    "mean of the field scores"))
                dim_scores.append(total / len(counted))
        if dim_scores:
            total = sum(dim_scores)
            out.append(ScoreRow(source, OVERALL, OVERALL, total / len(dim_scores), total, len(dim_scores),
                                "mean of the dimension scores"))
    return out


# ---------------------------------------------------------------------------------------------
# ingestion


def _ingestion(con, cfg: QualityConfig, as_of_date: dt.date, notes: list[str]):
    types = _columns(con, cfg.files_relation)
    latest: dict[str, dt.date | None] = {}
    if types is None or "source_system" not in types:
        notes.append(f"{cfg.files_relation} not found: no ingestion figures")
        mtypes = _columns(con, cfg.mentions_relation)
        if mtypes and "export_date" in mtypes and "source_system" in mtypes:
            src = _source_expr(mtypes)
            latest = dict(con.execute(
                f"SELECT {src}, max(CAST({_q('export_date')} AS DATE)) FROM {_qrel(cfg.mentions_relation)} "
                f"GROUP BY 1 ORDER BY 1").fetchall())
        return [], latest
    rel = _qrel(cfg.files_relation)
    src = _source_expr(types)

    def col(name: str, default: str = "0") -> str:
        return f"coalesce({_q(name)}, 0)" if name in types else default

    export = f"CAST({_q('export_date')} AS DATE)" if "export_date" in types else "CAST(NULL AS DATE)"
    ingested = f"CAST({_q('ingested_at')} AS TIMESTAMP)" if "ingested_at" in types else "CAST(NULL AS TIMESTAMP)"
    read, loaded, quar = col("rows_read"), col("rows_loaded"), col("rows_quarantined")
    sql = f"""
        WITH f AS (SELECT {src} AS s, {export} AS e, {ingested} AS i,
                          {read} AS r, {loaded} AS l, {quar} AS q FROM {rel}),
             m AS (SELECT s, max(e) AS latest FROM f GROUP BY s)
        SELECT f.s, count(*), sum(r), sum(l), sum(q), m.latest,
               coalesce(sum(r) FILTER (WHERE f.e = m.latest), 0),
               coalesce(sum(l) FILTER (WHERE f.e = m.latest), 0),
               coalesce(sum(q) FILTER (WHERE f.e = m.latest), 0),
               max(i)
        FROM f JOIN m ON m.s = f.s GROUP BY f.s, m.latest ORDER BY f.s"""
    out = []
    for s, n, r, lo, q, lat, lr, ll, lq, last in con.execute(sql).fetchall():
        latest[s] = lat
        out.append(IngestionRow(
            source=s, files=int(n), rows_read=int(r or 0), rows_loaded=int(lo or 0), rows_quarantined=int(q or 0),
            quarantine_rate=(int(q) / int(r)) if r else None, latest_export_date=lat,
            latest_rows_read=int(lr), latest_rows_loaded=int(ll), latest_rows_quarantined=int(lq),
            latest_quarantine_rate=(int(lq) / int(lr)) if lr else None,
            days_since_export=(as_of_date - lat).days if lat is not None else None,
            last_ingested_at=last))
    return out, latest


def _quarantine(con, cfg: QualityConfig, notes: list[str]) -> list[QuarantineRow]:
    types = _columns(con, cfg.quarantine_relation)
    if types is None or "source_system" not in types:
        notes.append(f"{cfg.quarantine_relation} not found: no quarantine table")
        return []

    def text(name: str) -> str:
        return f"coalesce(CAST({_q(name)} AS VARCHAR), '')" if name in types else "''"

    rn = f"min({_q('record_number')})" if "record_number" in types else "NULL"
    sql = (f"SELECT {_source_expr(types)} AS s, {text('file_role')} AS role, {text('file_path')} AS path, "
           f"{text('reason')} AS reason, count(*) AS n, {rn} AS first_rn FROM {_qrel(cfg.quarantine_relation)} "
           f"GROUP BY ALL ORDER BY s, role, path, n DESC, reason LIMIT {int(cfg.max_quarantine_groups) + 1}")
    got = con.execute(sql).fetchall()
    if len(got) > cfg.max_quarantine_groups:
        notes.append(f"quarantine: only the first {cfg.max_quarantine_groups} (source, file, reason) groups kept")
        got = got[: cfg.max_quarantine_groups]
    return [QuarantineRow(s, role, path, reason, int(n), None if rn is None else int(rn))
            for s, role, path, reason, n, rn in got]
