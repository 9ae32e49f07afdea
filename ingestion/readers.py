"""Read one export file into a DuckDB temp table of positional text fields.

Every reader produces the same shape, ``_staged``: ``_record_number`` (1-based data
record, header excluded), ``_field_count`` (fields the record really has) and
``f0 .. fN`` (text; NULL where the record has no such field). The loader then
validates and lands rows with one SQL path whatever the format.

CSV is parsed by DuckDB itself (no Python per row): the file is read with one more
positional column than its header and ``null_padding``, so a short record shows as
trailing NULLs and a long one fills the extra column; empty values are kept as ''
(not NULL) by a sentinel ``nullstr``, which makes ``_field_count`` exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook

from .arrow_csv import IrregularCsv, read_regular_csv, staged_table
from .encoding import PreparedText, detect_encoding, transcode_to_utf8

log = logging.getLogger(__name__)

STAGED = "_staged"
_NULL_SENTINEL = "\x01\x02NULL\x02\x01"


@dataclass(frozen=True)
class StagedFile:
    """What a reader learnt about a file besides its records."""

    header: tuple[str, ...]
    encoding: str
    undecodable_bytes: int
    n_fields: int  # positional columns staged (header length + 1 overflow column)
    # The fast CSV path stages empty values as NULL (every record has every field there);
    # the exact path keeps '' so that NULL means "the record has no such field".
    empty_is_null: bool = False


def clean_header(name: object) -> str:
    """Header cell as a column name: BOM, NFC, surrounding (also ideographic) spaces removed."""
    text = "" if name is None else str(name)
    return unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip().strip("\u3000")


def _field_count_sql(n: int) -> str:
    return " + ".join(f'(f{i} IS NOT NULL)::INTEGER' for i in range(n))


def _read_csv_header(path: Path, encoding: str, delimiter: str) -> tuple[str, ...]:
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        first = next(csv.reader(io.StringIO(fh.read(1 << 20)), delimiter=delimiter), [])
    return tuple(clean_header(h) for h in first)


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encodings: tuple[str, ...] = (),
    delimiter: str = ",",
    workdir: Path | None = None,
) -> StagedFile:
    """Stage a CSV: the parallel Arrow path when every record is regular, else the exact path."""
    encoding = detect_encoding(path, encodings)
    try:
        return stage_csv_fast(con, path, encoding, delimiter)
    except IrregularCsv as why:
        log.info("%s: exact CSV path (%s)", path.name, why)
    return stage_csv_exact(con, path, encoding, delimiter, workdir)


def stage_csv_fast(con: duckdb.DuckDBPyConnection, path: Path, encoding: str, delimiter: str = ",") -> StagedFile:
    """Register a regular file's Arrow records as ``_staged`` (no copy); ``IrregularCsv`` otherwise."""
    header = _read_csv_header(path, encoding, delimiter)  # the same header the exact path reads
    parsed = read_regular_csv(path, encoding, len(header), delimiter)
    if tuple(clean_header(h) for h in parsed.header_row) != header:
        raise IrregularCsv("Arrow and the csv module read the header differently")
    n = max(len(header), 1) + 1
    con.register(STAGED, staged_table(parsed, n))
    return StagedFile(header, encoding, parsed.undecodable_bytes, n, empty_is_null=True)


def stage_csv_exact(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str,
    delimiter: str = ",",
    workdir: Path | None = None,
) -> StagedFile:
    """Record-by-record staging by DuckDB's serial reader: exact for short, long and multi-line records.

    A UTF-8 file goes to DuckDB as it is; DuckDB rejects invalid UTF-8 (before anything
    is written), and only then is the file transcoded with replacement characters, so a
    clean file is not validated twice.
    """
    if encoding == "utf-8":
        try:
            return _stage_duckdb(con, PreparedText(path, "utf-8", False, 0), delimiter)
        except duckdb.InvalidInputException as exc:
            if "Invalid unicode" not in str(exc):
                raise
    return _stage_duckdb(con, transcode_to_utf8(path, encoding, workdir), delimiter)


def _stage_duckdb(con: duckdb.DuckDBPyConnection, prepared: PreparedText, delimiter: str) -> StagedFile:
    try:
        header = _read_csv_header(prepared.path, "utf-8-sig" if prepared.encoding == "utf-8" else "utf-8", delimiter)
        n = max(len(header), 1) + 1
        columns = {f"f{i}": "VARCHAR" for i in range(n)}
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {STAGED} AS
            SELECT row_number() OVER () AS _record_number, {_field_count_sql(n)} AS _field_count, *
            FROM read_csv($path, header = false, skip = 1, columns = $columns, delim = $delim,
                          quote = '"', escape = '"', null_padding = true, nullstr = $nullstr,
                          strict_mode = false, parallel = false, auto_detect = false)
            """,
            {"path": str(prepared.path), "columns": columns, "delim": delimiter, "nullstr": _NULL_SENTINEL},
        )
    finally:
        if prepared.transcoded:
            prepared.path.unlink(missing_ok=True)
    return StagedFile(header, prepared.encoding, prepared.undecodable_bytes, n)


def drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Forget ``_staged`` whichever path made it (a registered Arrow table or a temp table)."""
    con.unregister(STAGED)
    con.execute(f"DROP TABLE IF EXISTS {STAGED}")


def _cell_text(value: object) -> str | None:
    """An Excel cell as the text a person would see in the raw export (no reinterpretation).

    Numbers stay as Python renders floats (``13800138000.0``): recovering what Excel
    damaged is standardization's job, which needs to see the damage.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _text_column(values: tuple) -> pa.Array:
    """A column of cells as text; the common all-text column converts in C, not per cell."""
    try:
        return pa.array(values, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([_cell_text(v) for v in values], pa.string())


def stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> StagedFile:
    """First sheet, first row as header (python-calamine: DuckDB's excel extension is not bundled)."""
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    header = tuple(clean_header(h) for h in rows[0]) if rows else ()
    while header and header[-1] == "":
        header = header[:-1]
    n = max(len(header), 1) + 1
    width = max((len(r) for r in rows), default=0)
    # calamine gives '' for empty cells; `any(r)` alone would drop a row holding only a 0.
    body = [r for r in rows[1:] if any(r) or any(v is not None and v != "" for v in r)]
    # Pad to a rectangle, then transpose in C; the column after the header is the overflow.
    padded = [r + [""] * (width - len(r)) if len(r) < width else r for r in body]
    columns_in = list(zip(*padded)) if padded else [()] * width
    columns: dict[str, pa.Array] = {"_record_number": pa.array(range(1, len(body) + 1), pa.int64())}
    for i in range(n):
        values = columns_in[i] if i < len(columns_in) else (None,) * len(body)
        columns[f"f{i}"] = _text_column(values)
    # A sheet is rectangular: every header column is a field; anything past it is extra.
    extra = [sum(1 for v in r[len(header):] if v not in (None, "")) for r in padded]
    columns["_field_count"] = pa.array([len(header) + e for e in extra], pa.int32())
    table = pa.table(columns)
    con.register("_xlsx_arrow", table)
    try:
        cols = ", ".join(f"nullif(f{i}, '') AS f{i}" for i in range(n))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {STAGED} AS "
            f"SELECT _record_number, _field_count, {cols} FROM _xlsx_arrow"
        )
    finally:
        con.unregister("_xlsx_arrow")
    return StagedFile(header, "xlsx", 0, n)
