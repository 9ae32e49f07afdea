"""The reviewed decisions file: comments, dates, and errors that name file, line and field."""

from __future__ import annotations

import datetime as dt

import pytest

from entity_resolution import DecisionsFileError, read_decisions

HEADER = "mention_key_l,mention_key_r,decision,decided_at,reviewer,note\n"


def test_reads_rows_skips_comments_and_normalises(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(HEADER + "# a comment\n"
                    "hubspot:1,taobao:T9,Cannot_Link,2024-08-27T10:00:00+08:00,li,\"household, not person\"\n"
                    "zoho_crm:5,salesforce:0035,must_link,,,\n", encoding="utf-8")
    table = read_decisions(path)
    rows = table.to_pylist()
    assert [r["decision"] for r in rows] == ["cannot_link", "must_link"]
    assert rows[0]["decided_at"] == dt.datetime(2024, 8, 27, 2, 0)  # UTC
    assert rows[0]["note"] == "household, not person" and rows[1]["decided_at"] is None


def test_absent_or_header_only_file_means_no_decisions(tmp_path):
    assert read_decisions(tmp_path / "missing.csv") is None
    (tmp_path / "empty.csv").write_text(HEADER, encoding="utf-8")
    assert read_decisions(tmp_path / "empty.csv") is None


@pytest.mark.parametrize("line, field", [
    ("hubspot:1,taobao:T9,maybe,,,", "decision"),
    ("hubspot1,taobao:T9,must_link,,,", "mention_key_l"),
    ("hubspot:1,hubspot:1,must_link,,,", "mention_key_r"),
    ("hubspot:1,taobao:T9,must_link,yesterday,,", "decided_at"),
])
def test_bad_row_names_file_line_and_field(tmp_path, line, field):
    path = tmp_path / "d.csv"
    path.write_text(HEADER + "zoho_crm:5,salesforce:0035,must_link,,,\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DecisionsFileError, match=rf"d\.csv, line 3, field {field}"):
        read_decisions(path)


def test_header_without_required_column_is_an_error(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("left,right,decision\nhubspot:1,taobao:T9,must_link\n", encoding="utf-8")
    with pytest.raises(DecisionsFileError, match="mention_key_l"):
        read_decisions(path)
