"""The HTML report: offline, escaped, deterministic, with the charts asked for."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from quality import score_quality, write_report

AS_OF = dt.datetime(2024, 8, 27, 6, 0)
HOSTILE = "<script>alert(1)</script>"

_REMOTE = re.compile(r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//",
                     re.IGNORECASE)


def _history(scores, nights: int = 3) -> list[dict]:
    flat = scores.flat_metrics()
    return [{"run_id": f"r{i}", "scored_at": AS_OF - dt.timedelta(days=nights - i),
             "metrics": {k: v * (0.9 + 0.03 * i) if not k.endswith("days_since_export") else v
                         for k, v in flat.items()}}
            for i in range(nights)]


def test_report_is_offline_and_has_the_sections(make_warehouse, tmp_path: Path):
    scores = score_quality(make_warehouse(), AS_OF)
    out = write_report(scores, tmp_path / "sub" / "quality.html", history=_history(scores),
                       links={"Great Expectations Data Docs": str(tmp_path / "docs" / "index.html")})
    text = out.read_text(encoding="utf-8")
    assert out == tmp_path / "sub" / "quality.html"
    assert not _REMOTE.findall(text)
    assert "<script" not in text.lower()
    assert "http://" not in text and "https://" not in text     # not even an SVG namespace
    assert "<svg" in text
    for source in ("alpha", "beta"):
        assert f">{source}<" in text
    assert 'aria-label="completeness by source"' in text                 # bar chart per dimension
    assert 'aria-label="field completeness per source"' in text           # heat-map
    assert 'aria-label="timeliness trend"' in text                         # trend lines
    assert "expected 5 fields, found 4" in text                          # quarantine table
    assert "secret" not in text                                           # raw records stay out
    assert (tmp_path / "docs" / "index.html").as_uri() in text            # link as file:// URI


def test_report_without_history_has_no_trend_chart(make_warehouse, tmp_path: Path):
    scores = score_quality(make_warehouse(), AS_OF)
    text = write_report(scores, tmp_path / "q.html").read_text(encoding="utf-8")
    assert "trend" not in re.sub(r'id="trends"|>Trends<|href="#trends"', "", text).lower()
    assert "No history given" in text


def test_hostile_values_are_escaped(make_warehouse, tmp_path: Path):
    scores = score_quality(make_warehouse(sources={"alpha": HOSTILE}), AS_OF)
    assert HOSTILE in scores.sources
    text = write_report(scores, tmp_path / "q.html", history=_history(scores),
                        links={HOSTILE: "javascript:alert(1)", "docs": 'x" onmouseover="alert(1)'}).read_text(
        encoding="utf-8")
    assert HOSTILE not in text
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'href="javascript:' not in text
    assert '" onmouseover="' not in text
    svgs = re.findall(r"<svg .*?</svg>", text, re.S)
    assert len(svgs) >= 5 + 1 + 6            # bars per dimension, heat-map, trends
    for svg in svgs:                         # every chart is well-formed XML: nothing leaked
        root = ET.fromstring(svg)
        assert not root.findall(".//script")


def test_report_is_deterministic(make_warehouse, tmp_path: Path):
    con = make_warehouse()
    a = write_report(score_quality(con, AS_OF), tmp_path / "a.html", history=[], links={"x": "docs/index.html"})
    b = write_report(score_quality(con, AS_OF), tmp_path / "b.html", history=[], links={"x": "docs/index.html"})
    assert a.read_bytes() == b.read_bytes()


def test_history_in_flat_form_and_current_run_appended_once(make_warehouse, tmp_path: Path):
    scores = score_quality(make_warehouse(), AS_OF)
    flat_form = [{"scored_at": (AS_OF - dt.timedelta(days=1)).isoformat(), **scores.flat_metrics()},
                 {"scored_at": AS_OF, **scores.flat_metrics()}]          # tonight already saved
    text = write_report(scores, tmp_path / "q.html", history=flat_form).read_text(encoding="utf-8")
    assert "2 runs from 2024-08-26 06:00 to 2024-08-27 06:00" in text
