"""Landing files: one writer per (source, role, export date), driven by the preset
column list and the source's file spec (name, CSV dialect or xlsx).

CSV writers append bytes the chunks already serialised. The xlsx writer streams rows
with xlsxwriter's constant_memory mode and starts a new workbook before a sheet fills
up (a sheet holds 1,048,576 rows). Workbook metadata is pinned so bytes are stable.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing as mp
import traceback
from pathlib import Path

import xlsxwriter

from datagen.presets import preset
from datagen.specs import FILES, CsvDialect, FileSpec

FIXED_CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)
XLSX_MAX_DATA_ROWS = 999_999  # + header row: stays under 1,000,000 rows per sheet

DATE_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


class CsvFile:
    def __init__(self, path: Path, columns: tuple[str, ...], dialect: CsvDialect) -> None:
        self.path = path
        self.rows = 0
        self.fh = open(path, "wb")
        if dialect.bom:
            self.fh.write("\ufeff".encode("utf-8"))
        buf = io.StringIO()
        csv.writer(buf, quoting=dialect.quoting, lineterminator=dialect.lineterminator) \
            .writerow(columns)
        self.fh.write(buf.getvalue().encode(dialect.encoding, dialect.errors))

    def append(self, data: bytes, n_rows: int) -> None:
        self.fh.write(data)
        self.rows += n_rows

    def close(self) -> list[tuple[Path, int]]:
        self.fh.close()
        return [(self.path, self.rows)]


class XlsxFile:
    """Streaming xlsx writer that splits into numbered parts when a sheet is full."""

    def __init__(self, folder: Path, spec: FileSpec, date: str, columns: tuple[str, ...],
                 max_rows: int = XLSX_MAX_DATA_ROWS) -> None:
        self.folder, self.spec, self.date, self.columns = folder, spec, date, columns
        self.max_rows = max_rows
        self.parts: list[tuple[Path, int]] = []
        self._open(1)

    def _open(self, part: int) -> None:
        path = self.folder / self.spec.filename(self.date, part)
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                             "strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"created": FIXED_CREATED, "author": "", "title": ""})
        self.formats = {k: wb.add_format({"num_format": v}) for k, v in DATE_FORMATS.items()}
        ws = wb.add_worksheet()
        for c, name in enumerate(self.columns):
            ws.write_string(0, c, name)
        self.wb, self.ws, self.part, self.path, self.n = wb, ws, part, path, 0

    def _close_part(self) -> None:
        self.wb.close()
        self.parts.append((self.path, self.n))

    def write_rows(self, rows: list) -> None:
        for values in rows:
            if self.n >= self.max_rows:
                self._close_part()
                self._open(self.part + 1)
            self.n += 1
            r = self.n
            ws = self.ws
            for c, v in enumerate(values):
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    if v:
                        ws.write_string(r, c, v)
                elif t is float or t is int:
                    ws.write_number(r, c, v)
                elif t is tuple:
                    ws.write_number(r, c, v[0], self.formats[v[1]])
                else:
                    raise TypeError(f"unsupported xlsx cell {v!r}")

    def close(self) -> list[tuple[Path, int]]:
        self._close_part()
        return self.parts


def _xlsx_child(folder: Path, spec: FileSpec, date: str, columns: tuple[str, ...],
                max_rows: int, inbox, outbox) -> None:
    try:
        f = XlsxFile(folder, spec, date, columns, max_rows)
        while True:
            rows = inbox.get()
            if rows is None:
                break
            f.write_rows(rows)
        outbox.put(("ok", f.close()))
    except BaseException:  # report to the parent instead of hanging it
        outbox.put(("error", traceback.format_exc()))


class XlsxInProcess:
    """An XlsxFile living in its own process: xlsx serialisation is the slowest part
    of a large run, and each workbook can be written in parallel with everything else.
    Rows arrive in order through a bounded queue, so output equals XlsxFile's."""

    def __init__(self, folder: Path, spec: FileSpec, date: str, columns: tuple[str, ...],
                 max_rows: int) -> None:
        ctx = mp.get_context("fork")
        self.inbox = ctx.Queue(maxsize=4)
        self.outbox = ctx.Queue()
        self.proc = ctx.Process(target=_xlsx_child, daemon=True,
                                args=(folder, spec, date, columns, max_rows, self.inbox,
                                      self.outbox))
        self.proc.start()

    def write_rows(self, rows: list) -> None:
        self.inbox.put(rows)

    def close(self) -> list[tuple[Path, int]]:
        self.inbox.put(None)
        status, payload = self.outbox.get()
        self.proc.join()
        if status != "ok":
            raise RuntimeError(f"xlsx writer failed:\n{payload}")
        return payload


class LandingWriter:
    """All landing files of a run, opened up front so every role exists per date."""

    def __init__(self, landing: Path, export_dates: list[str],
                 xlsx_max_rows: int = XLSX_MAX_DATA_ROWS, xlsx_processes: bool = False) -> None:
        self.landing = landing
        self.files: dict[tuple[str, str, int], CsvFile | XlsxFile | XlsxInProcess] = {}
        xlsx_cls = XlsxInProcess if xlsx_processes else XlsxFile
        for (source, role), spec in FILES.items():
            columns = preset(source, role).columns
            for j, date in enumerate(export_dates):
                folder = landing / source / date
                folder.mkdir(parents=True, exist_ok=True)
                if spec.dialect is None:
                    self.files[(source, role, j)] = xlsx_cls(folder, spec, date, columns,
                                                             xlsx_max_rows)
                else:
                    self.files[(source, role, j)] = CsvFile(folder / spec.filename(date),
                                                            columns, spec.dialect)

    def append_csv(self, key: tuple[str, str, int], data: bytes, n_rows: int) -> None:
        f = self.files[key]
        assert isinstance(f, CsvFile)
        f.append(data, n_rows)

    def append_xlsx(self, key: tuple[str, str, int], rows: list) -> None:
        f = self.files[key]
        assert isinstance(f, (XlsxFile, XlsxInProcess))
        f.write_rows(rows)

    def close(self) -> dict[tuple[str, str, int], list[tuple[str, int]]]:
        """Per file key: the written files (paths relative to landing) and their rows."""
        return {key: [(p.relative_to(self.landing).as_posix(), n) for p, n in f.close()]
                for key, f in self.files.items()}
