"""The fast (Arrow, parallel) and exact (DuckDB, serial) CSV paths stage the same records.

The fast path may only decline a file (``IrregularCsv``), never read it differently:
for every file both accept, the staged records must be identical.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingestion.arrow_csv import IrregularCsv
from ingestion.encoding import detect_encoding
from ingestion.readers import STAGED, drop_staged, stage_csv_exact, stage_csv_fast

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports"

HEADER = '"Id","Name","Street","Note"\n'
TRICKY = {
    "quoted_newlines_and_quotes.csv": HEADER + '"1","Wei ""W"" Zhang","100 Market St\nSuite 5",""\n"2","王芳","a\r\nb","x,y"\n',
    "crlf_unquoted.csv": "Id,Name,Street,Note\r\n1,张伟,Main St,\r\n2,,,n\r\n",
    "no_final_newline.csv": HEADER + '"1","a","b","c"',
    "bom.csv": "\ufeff" + HEADER + '"1","a","b","c"\n',
    "stray_quote_inside_value.csv": 'Id,Name,Street,Note\n1,VP "Growth",x,y\n',
    "short_record.csv": HEADER + '"1","a"\n"2","a","b","c"\n',
    "long_record.csv": HEADER + '"1","a","b","c","d"\n',
    "blank_line.csv": HEADER + '"1","a","b","c"\n\n"2","a","b","c"\n',
    "unterminated_quote.csv": HEADER + '"1","a","b","c\n',
}


def _staged_rows(con: duckdb.DuckDBPyConnection, staged) -> list[tuple]:
    """Staged records with empty values as '' (the fast path stages them as NULL)."""
    n_header = len(staged.header)
    cols = ", ".join(f"coalesce(f{i}, '')" if staged.empty_is_null and i < n_header else f"f{i}"
                     for i in range(staged.n_fields))
    return con.execute(f"SELECT _record_number, _field_count, {cols} FROM {STAGED} ORDER BY 1").fetchall()


def _both(path: Path, encoding: str | None = None):
    encoding = encoding or detect_encoding(path)
    con = duckdb.connect()
    try:
        exact = stage_csv_exact(con, path, encoding)
        exact_rows = _staged_rows(con, exact)
        drop_staged(con)
        try:
            fast = stage_csv_fast(con, path, encoding)
        except IrregularCsv:
            return exact, exact_rows, None, None
        return exact, exact_rows, fast, _staged_rows(con, fast)
    finally:
        con.close()


CSV_FIXTURES = sorted(p for p in FIXTURES.rglob("*.csv") if p.stat().st_size > 0)


@pytest.mark.parametrize("path", CSV_FIXTURES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_exports_stage_identically_on_both_paths(path: Path):
    exact, exact_rows, fast, fast_rows = _both(path)
    if fast is None:
        # Only files with a record of the wrong width may leave the fast path.
        assert any(r[1] != len(exact.header) for r in exact_rows), path
        return
    assert (fast.header, fast.encoding, fast.undecodable_bytes) == (exact.header, exact.encoding, exact.undecodable_bytes)
    assert fast_rows == exact_rows


def test_regular_fixtures_take_the_fast_path():
    taken = {p.name for p in CSV_FIXTURES if _both(p)[2] is not None}
    # Quoted newlines (Contact.csv), a BOM (hubspot) and GBK with a bad byte (taobao) are regular.
    assert {"Contact.csv", "ExportOrderList20240819.csv"} <= taken
    assert any(name.startswith("hubspot-crm-exports") for name in taken)
    assert "Account.csv" not in taken  # a short and a long record


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_files_are_declined_or_read_identically(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(TRICKY[name].encode("utf-8"))
    exact, exact_rows, fast, fast_rows = _both(path)
    if name in {"short_record.csv", "long_record.csv", "unterminated_quote.csv"}:
        assert fast is None
    if name in {"quoted_newlines_and_quotes.csv", "crlf_unquoted.csv", "no_final_newline.csv", "bom.csv", "blank_line.csv"}:
        assert fast is not None
    if fast is not None:
        assert fast.header == exact.header
        assert fast_rows == exact_rows
    if name == "quoted_newlines_and_quotes.csv":
        assert fast_rows[0][2:6] == ("1", 'Wei "W" Zhang', "100 Market St\nSuite 5", "")
        assert fast_rows[1][0] == 2


def test_gb18030_transcoded_while_parsing_counts_undecodable_bytes(tmp_path: Path):
    path = tmp_path / "ExportOrderList1.csv"
    path.write_bytes("订单编号,买家会员名\n1,张伟\n".encode("gb18030") + b"2,\x81\n" + "3,王芳\n".encode("gb18030"))
    con = duckdb.connect()
    staged = stage_csv_fast(con, path, "gb18030")
    assert staged.undecodable_bytes == 1
    assert con.execute(f"SELECT _record_number, f1 FROM {STAGED} ORDER BY 1").fetchall() == [
        (1, "张伟"), (2, "\ufffd"), (3, "王芳")]
