"""The fast CSV path: a well-formed file parsed once, in parallel, by Arrow.

DuckDB's CSV reader cannot run in parallel with ``null_padding`` on files with
quoted newlines, and ``row_number()`` makes its pipeline single-threaded, so the
exact path (``readers.stage_csv_exact``) parses on one core into a temp table that
is then scanned again. Most exports are regular: every record has the header's
field count and the text decodes. For those, Arrow's multi-threaded reader
(``newlines_in_values``) gives the same fields in file order, so the record number
is simply the row index, and the table is handed to DuckDB without a copy.

Anything irregular (a short or long record, bytes that are not UTF-8, a header the
two parsers read differently) raises ``IrregularCsv``; the caller then takes the
exact path, which quarantines record by record. Arrow only ever accepts a file
whose every record it parsed to the header's width, so the fast path never has
to decide what a damaged record means.
"""

from __future__ import annotations

import io
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from .transcode import Transcoder

_UTF8 = {"utf-8", "utf-8-sig"}
# Arrow parses blocks in parallel; bigger blocks mean fewer, longer tasks (2 cores).
_BLOCK = 4 << 20
_TRANSCODE_CHUNK = 4 << 20


class IrregularCsv(Exception):
    """The file needs the exact (record-by-record) path; the message says why."""


@dataclass(frozen=True)
class ArrowCsv:
    """The records of a regular CSV as Arrow strings, header row removed."""

    body: pa.Table  # columns f0 .. f(width-1); an empty value is NULL (every record has every field)
    header_row: tuple[str, ...]  # the header as Arrow parsed it (raw, uncleaned)
    undecodable_bytes: int  # U+FFFD written while transcoding (0 for UTF-8 input)


class _TranscodingReader(io.RawIOBase):
    """A file read as UTF-8 bytes, transcoded from ``encoding`` on a thread of its own.

    No GB18030 codec in Arrow or the bundled DuckDB, so the bytes are converted here
    (``transcode.Transcoder``: glibc iconv, which releases the GIL), one chunk ahead of
    the block Arrow is parsing, and without a temporary UTF-8 copy on disk. Undecodable
    bytes become U+FFFD and are counted, exactly as the exact path's transcoder does.
    """

    _DONE = object()

    def __init__(self, path: Path, encoding: str) -> None:
        super().__init__()
        self._transcoder = Transcoder(encoding)
        self._chunks: queue.Queue = queue.Queue(maxsize=3)
        self._stop = threading.Event()
        self._pending = b""
        self._offset = 0  # bytes of _pending already handed out (no re-slicing per read)
        self._eof = False
        self.quotes = 0
        self._worker = threading.Thread(target=self._produce, args=(path,), name="crm-transcode", daemon=True)
        self._worker.start()

    def readable(self) -> bool:
        return True

    @property
    def replaced(self) -> int:
        return self._transcoder.replaced

    def _produce(self, path: Path) -> None:
        try:
            with open(path, "rb") as src:
                while not self._stop.is_set():
                    chunk = src.read(_TRANSCODE_CHUNK)
                    out = self._transcoder.feed(chunk, final=not chunk)
                    self.quotes += out.count(b'"')
                    self._put(out)
                    if not chunk:
                        break
            self._put(self._DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
            self._put(exc)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _fill(self, want: int) -> None:
        while len(self._pending) - self._offset < want and not self._eof:
            item = self._chunks.get()
            if item is self._DONE:
                self._eof = True
                break
            if isinstance(item, BaseException):
                raise item
            self._pending = self._pending[self._offset :] + item
            self._offset = 0

    def read(self, size: int = -1) -> bytes:
        self._fill(size if size >= 0 else 1 << 62)
        end = len(self._pending) if size < 0 else min(len(self._pending), self._offset + size)
        out = self._pending[self._offset : end]
        self._offset = end
        return out

    def readinto(self, buffer) -> int:  # pragma: no cover - Arrow calls read()
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stop.set()
        self._worker.join()
        self._transcoder.close()
        super().close()


def read_regular_csv(path: Path, encoding: str, width: int, delimiter: str = ",") -> ArrowCsv:
    """Parse the whole file with Arrow, or raise ``IrregularCsv`` if any record is not ``width`` fields wide."""
    if width == 0:
        raise IrregularCsv("no header fields")
    source = str(path) if encoding in _UTF8 else _TranscodingReader(path, encoding)
    # Arrow takes the width from the first row (the header) and fails on any other width;
    # the column types name every column as text, so nothing is type-inferred. Empty
    # values arrive as NULL (what the raw table stores), which saves a nullif() per value
    # on insert: in a regular file NULL can only mean an empty value, never a missing field.
    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=_BLOCK, autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                newlines_in_values=True, ignore_empty_lines=True,  # as DuckDB: a blank line is no record
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True, check_utf8=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise IrregularCsv(str(exc).splitlines()[0]) from exc
    finally:
        if not isinstance(source, str):
            source.close()
    quotes = _count_quotes(path) if isinstance(source, str) else source.quotes
    if quotes % 2:
        # Arrow keeps an unterminated last quoted value (newline included); DuckDB does not.
        raise IrregularCsv("odd number of quote characters (an unterminated quoted value)")
    if table.num_columns != width or table.num_rows == 0:
        raise IrregularCsv(f"header read as {table.num_columns} fields, expected {width}")
    header_row = tuple(v or "" for v in table.slice(0, 1).to_pylist()[0].values())
    replaced = source.replaced if not isinstance(source, str) else 0
    return ArrowCsv(table.slice(1), header_row, replaced)


def _count_quotes(path: Path) -> int:
    """Quote characters in a UTF-8 file (bytes.count in C, from the page cache the hash just read)."""
    count = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_TRANSCODE_CHUNK):
            count += chunk.count(b'"')
    return count


def staged_table(csv: ArrowCsv, n_fields: int) -> pa.Table:
    """The ``_staged`` shape: record number, field count, f0..f(n_fields-1) (last one all NULL).

    Every record of a regular file has the header's width, so the field count is a
    constant and the overflow column is empty; record numbers are the row order.
    """
    body = csv.body
    rows = body.num_rows
    names = ["_record_number", "_field_count"] + [f"f{i}" for i in range(n_fields)]
    arrays = [pa.array(np.arange(1, rows + 1, dtype=np.int64)), pa.array(np.full(rows, body.num_columns, dtype=np.int32))]
    arrays += [body.column(i) if i < body.num_columns else pa.nulls(rows, pa.string()) for i in range(n_fields)]
    return pa.Table.from_arrays(arrays, names=names)
