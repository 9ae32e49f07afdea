"""One self-contained HTML file for ops: tables, inline SVG charts, no script, no network.

``write_report(scores, out_path, history=None, links=None)`` writes:

* a summary table source x dimension (+ overall, mentions, quarantine rate of the latest
  export, days since that export), cells coloured by score band
* an SVG bar chart per dimension (one bar per source)
* an SVG heat-map of field completeness per source
* an SVG trend line per dimension (one line per source) when ``history`` is given: previous
  runs as :func:`quality.history.load_history` returns them (``{"scored_at", "metrics":
  {...}}``) or flat dicts (``{"scored_at": ..., "<source>.<dimension>": value, ...}``); the
  current scores are appended unless a run with the same ``scored_at`` is already there
* the ingestion figures and quarantined rows per source, file and reason (no raw records)
* the links given (``{label: target}``; a local path becomes a ``file://`` URI, only
  file/http/https/relative targets are linked, anything else is shown as text)
* every field score with its numerator, denominator and method, and the scorer's notes

Every data value is escaped (``html.escape``); the page has no ``<script>``, no external
stylesheet, font or image. The output depends only on the inputs (no clock, sorted keys,
fixed float formatting), so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any

from .scores import DIMENSIONS, OVERALL, QualityScores

__all__ = ["write_report", "render_report", "BANDS"]

#: (lower bound, background, text colour, label) - a score falls in the first band it reaches
BANDS: tuple[tuple[float, str, str, str], ...] = (
    (0.95, "#1a9850", "#ffffff", ">= 0.95"),
    (0.90, "#91cf60", "#000000", ">= 0.90"),
    (0.80, "#fee08b", "#000000", ">= 0.80"),
    (0.60, "#fc8d59", "#000000", ">= 0.60"),
    (0.00, "#d73027", "#ffffff", "< 0.60"),
)
NA_FILL, NA_TEXT = "#e0e0e0", "#555555"
#: line colours of the trend charts, by source position (sorted names); repeats after 10
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
_LINK_SCHEMES = ("file:", "http:", "https:")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #ccc;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}
td.na{background:#e0e0e0;color:#555}
.legend span{display:inline-block;padding:2px 8px;margin-right:4px;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{border:1px solid #eee;padding:8px}
.chart h3{margin:0 0 4px 0;font-size:15px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.muted{color:#666;font-size:13px}
nav a{margin-right:12px}
details{margin:8px 0}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _band(score: float | None) -> tuple[str, str]:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return NA_FILL, NA_TEXT
    for lower, fill, text, _ in BANDS:
        if score >= lower:
            return fill, text
    return BANDS[-1][1], BANDS[-1][2]


def _fmt(score: float | None, digits: int = 3) -> str:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "n/a"
    return f"{score:.{digits}f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}%"


def _num(value: float) -> str:
    """Coordinates: fixed precision, no '-0'."""
    s = f"{value:.1f}"
    return "0.0" if s == "-0.0" else s


def _cell(score: float | None, title: str = "") -> str:
    fill, text = _band(score)
    cls = ' class="na"' if score is None else ""
    t = f' title="{_e(title)}"' if title else ""
    style = "" if score is None else f' style="background:{fill};color:{text}"'
    return f"<td{cls}{style}{t}>{_fmt(score)}</td>"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _legend() -> str:
    spans = "".join(f'<span style="background:{f};color:{t}">{_e(lbl)}</span>' for _, f, t, lbl in BANDS)
    return f'<p class="legend">{spans}<span style="background:{NA_FILL};color:{NA_TEXT}">n/a / not provided</span></p>'


# ---------------------------------------------------------------------------------------------
# sections


def _summary(scores: QualityScores) -> str:
    head = "".join(f"<th>{_e(d)}</th>" for d in (*DIMENSIONS, OVERALL))
    lines = [f'<table><thead><tr><th class="l">source</th>{head}<th>mentions</th>'
             "<th>quarantine rate (latest export)</th><th>latest export</th><th>days since export</th>"
             "</tr></thead><tbody>"]
    for source in scores.sources:
        cells = "".join(_cell(scores.score(source, d), f"{source} {d}") for d in DIMENSIONS)
        cells += _cell(scores.score(source, OVERALL, OVERALL), f"{source} overall")
        ing = scores.ingestion_for(source)
        lines.append(
            f'<tr><td class="l">{_e(source)}</td>{cells}<td>{scores.mention_counts.get(source, 0)}</td>'
            f"<td>{_pct(ing.latest_quarantine_rate) if ing else 'n/a'}</td>"
            f"<td>{_e(ing.latest_export_date.isoformat()) if ing and ing.latest_export_date else 'n/a'}</td>"
            f"<td>{ing.days_since_export if ing and ing.days_since_export is not None else 'n/a'}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _bar_chart(scores: QualityScores, dimension: str) -> str:
    sources = scores.sources
    label_w, bar_w, bar_h, gap, top = 130, 300, 18, 6, 22
    width = label_w + bar_w + 60
    height = top + len(sources) * (bar_h + gap) + 24
    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(dimension)} by source">']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * bar_w
        parts.append(f'<line x1="{_num(x)}" y1="{top - 4}" x2="{_num(x)}" y2="{height - 20}" stroke="#ddd"/>')
        parts.append(f'<text x="{_num(x)}" y="{height - 6}" font-size="10" text-anchor="middle" fill="#666">'
                     f"{tick:g}</text>")
    for i, source in enumerate(sources):
        y = top + i * (bar_h + gap)
        s = scores.score(source, dimension)
        parts.append(f'<text x="{label_w - 6}" y="{_num(y + bar_h * 0.72)}" font-size="12" text-anchor="end">'
                     f"<title>{_e(source)}</title>{_e(_short(source, 18))}</text>")
        if s is None:
            parts.append(f'<text x="{label_w + 4}" y="{_num(y + bar_h * 0.72)}" font-size="11" fill="{NA_TEXT}">'
                         "n/a</text>")
            continue
        fill, _ = _band(s)
        w = max(0.0, min(1.0, s)) * bar_w
        parts.append(f'<rect x="{label_w}" y="{y}" width="{_num(w)}" height="{bar_h}" fill="{fill}">'
                     f"<title>{_e(source)} {_e(dimension)}: {_fmt(s, 4)}</title></rect>")
        parts.append(f'<text x="{_num(label_w + w + 4)}" y="{_num(y + bar_h * 0.72)}" font-size="11">'
                     f"{_fmt(s)}</text>")
    parts.append("</svg>")
    return f'<div class="chart"><h3>{_e(dimension)}</h3>{"".join(parts)}</div>'


def _heatmap(scores: QualityScores) -> str:
    rows = scores.field_rows("completeness")
    if not rows:
        return '<p class="muted">No completeness scores.</p>'
    order = {f: i for i, f in enumerate(scores.config.person_fields)}
    fields = sorted({r.field for r in rows}, key=lambda f: (order.get(f, 999), f))
    by = {(r.source, r.field): r for r in rows}
    label_w, cell_w, cell_h, top = 130, 76, 26, 70
    width = label_w + cell_w * len(fields) + 80  # room for the last rotated label
    height = top + cell_h * len(scores.sources) + 10
    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="field completeness per source">']
    for j, f in enumerate(fields):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{_num(x)}" y="{top - 8}" font-size="11" text-anchor="start" '
                     f'transform="rotate(-35 {_num(x)} {top - 8})">{_e(f)}</text>')
    for i, source in enumerate(scores.sources):
        y = top + i * cell_h
        parts.append(f'<text x="{label_w - 6}" y="{_num(y + cell_h * 0.65)}" font-size="12" text-anchor="end">'
                     f"<title>{_e(source)}</title>{_e(_short(source, 18))}</text>")
        for j, f in enumerate(fields):
            x = label_w + j * cell_w
            r = by.get((source, f))
            provided = r is not None and r.in_overall
            fill, text = _band(r.score) if provided else (NA_FILL, NA_TEXT)
            label = _fmt(r.score, 2) if provided else ("\u2014" if r is not None else "")
            tip = (f"{source} {f}: {r.numerator:g} / {r.denominator:g} = {_fmt(r.score, 4)}"
                   + ("" if provided else " (not provided)")) if r is not None else f"{source} {f}: not scored"
            parts.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}">'
                         f"<title>{_e(tip)}</title></rect>")
            parts.append(f'<text x="{_num(x + (cell_w - 2) / 2)}" y="{_num(y + cell_h * 0.62)}" font-size="11" '
                         f'text-anchor="middle" fill="{text}">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _to_naive_utc(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None


_TIME_KEYS = ("scored_at", "timestamp", "as_of", "ts")
_META_KEYS = (*_TIME_KEYS, "run_id", "metrics")


def _history_points(scores: QualityScores, history: Sequence[Mapping[str, Any]] | None) -> list[tuple[dt.datetime, str, dict[str, float]]]:
    points: list[tuple[dt.datetime, str, dict[str, float]]] = []
    for entry in history or []:
        ts = next((_to_naive_utc(entry.get(k)) for k in _TIME_KEYS if entry.get(k) is not None), None)
        if ts is None:
            continue
        raw = entry.get("metrics")
        if not isinstance(raw, Mapping):
            raw = {k: v for k, v in entry.items() if k not in _META_KEYS}
        metrics = {}
        for k, v in raw.items():
            try:
                metrics[str(k)] = float(v)
            except (TypeError, ValueError):
                continue
        points.append((ts, str(entry.get("run_id") or ""), metrics))
    now = _to_naive_utc(scores.as_of)
    if now is not None and all(ts != now for ts, _, _ in points):
        points.append((now, "current", scores.flat_metrics()))
    points.sort(key=lambda p: (p[0], p[1]))
    return points


def _trend_chart(points, sources: list[str], dimension: str) -> str:
    label_w, plot_w, plot_h, top, bottom = 40, 460, 170, 14, 40
    width, height = label_w + plot_w + 160, top + plot_h + bottom
    series = {s: [(i, p[2].get(f"{s}.{dimension}")) for i, p in enumerate(points)] for s in sources}
    values = [v for pts in series.values() for _, v in pts if v is not None and not math.isnan(v)]
    if not values:
        return ""
    lo = max(0.0, math.floor(min(values) * 10) / 10)
    lo = min(lo, 0.9)  # always show at least 0.9 .. 1
    hi = 1.0 if max(values) <= 1.0 else math.ceil(max(values) * 10) / 10
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = label_w + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))
        y = top + plot_h - (v - lo) / (hi - lo) * plot_h
        return x, y

    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(dimension)} trend">']
    tick = 0.1 if hi - lo <= 0.5 + 1e-9 else 0.2
    for k in range(int(round((hi - lo) / tick)) + 1):
        v = lo + k * tick
        _, y = xy(0, v)
        parts.append(f'<line x1="{label_w}" y1="{_num(y)}" x2="{label_w + plot_w}" y2="{_num(y)}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{label_w - 4}" y="{_num(y + 3)}" font-size="10" text-anchor="end" fill="#666">'
                     f"{v:.2f}</text>")
    step = max(1, math.ceil(n / 8))
    for i, (ts, _, _) in enumerate(points):
        if i % step and i != n - 1:
            continue
        x, _ = xy(i, lo)
        parts.append(f'<text x="{_num(x)}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" fill="#666">'
                     f"{_e(ts.strftime('%m-%d'))}</text>")
    drawn = 0
    for k, source in enumerate(sources):
        color = PALETTE[k % len(PALETTE)]  # by position among all sources: same colour in every chart
        pts = [(i, v) for i, v in series[source] if v is not None and not math.isnan(v)]
        if not pts:
            continue
        coords = [xy(i, v) for i, v in pts]
        if len(coords) > 1:
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (i, v), (x, y) in zip(pts, coords):
            ts, run, _ = points[i]
            tip = f"{source} {dimension} {ts.isoformat(sep=' ', timespec='minutes')} {run}: {_fmt(v, 4)}"
            parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{color}"><title>{_e(tip)}</title></circle>')
        ly = top + 10 + drawn * 16
        drawn += 1
        parts.append(f'<rect x="{label_w + plot_w + 12}" y="{ly - 8}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{label_w + plot_w + 26}" y="{ly + 1}" font-size="11"><title>{_e(source)}</title>'
                     f"{_e(_short(source, 18))}</text>")
    parts.append("</svg>")
    return f'<div class="chart"><h3>{_e(dimension)}</h3>{"".join(parts)}</div>'


def _trends(scores: QualityScores, history) -> str:
    if history is None:
        return '<p class="muted">No history given.</p>'
    points = _history_points(scores, history)
    # a metric key is "<source>.<dimension>": split on the last dot (a source name may hold dots)
    sources = sorted({m.rsplit(".", 1)[0] for _, _, mm in points for m in mm if "." in m} | set(scores.sources))
    charts = [c for c in (_trend_chart(points, sources, d) for d in (*DIMENSIONS, OVERALL)) if c]
    if not charts:
        return '<p class="muted">No scores in the history.</p>'
    first, last = points[0][0], points[-1][0]
    return (f'<p class="muted">{len(points)} runs from {_e(first.isoformat(sep=" ", timespec="minutes"))} '
            f'to {_e(last.isoformat(sep=" ", timespec="minutes"))} (UTC).</p>'
            f'<div class="charts">{"".join(charts)}</div>')


def _ingestion(scores: QualityScores) -> str:
    if not scores.ingestion:
        return '<p class="muted">No ingestion log.</p>'
    lines = ['<table><thead><tr><th class="l">source</th><th>files</th><th>rows read</th><th>rows loaded</th>'
             "<th>rows quarantined</th><th>quarantine rate</th><th>latest export</th><th>read (latest)</th>"
             "<th>loaded (latest)</th><th>quarantined (latest)</th><th>rate (latest)</th>"
             "<th>last ingested at</th></tr></thead><tbody>"]
    for i in scores.ingestion:
        last = i.last_ingested_at.isoformat(sep=" ", timespec="seconds") if i.last_ingested_at else "n/a"
        lines.append(
            f'<tr><td class="l">{_e(i.source)}</td><td>{i.files}</td><td>{i.rows_read}</td><td>{i.rows_loaded}</td>'
            f"<td>{i.rows_quarantined}</td><td>{_pct(i.quarantine_rate)}</td>"
            f"<td>{_e(i.latest_export_date.isoformat()) if i.latest_export_date else 'n/a'}</td>"
            f"<td>{i.latest_rows_read}</td><td>{i.latest_rows_loaded}</td><td>{i.latest_rows_quarantined}</td>"
            f"<td>{_pct(i.latest_quarantine_rate)}</td><td>{_e(last)}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _quarantine(scores: QualityScores) -> str:
    if not scores.quarantine:
        return '<p class="muted">No quarantined rows.</p>'
    lines = ['<table><thead><tr><th class="l">source</th><th class="l">file role</th><th class="l">file</th>'
             '<th class="l">reason</th><th>rows</th><th>first record number</th></tr></thead><tbody>']
    for q in scores.quarantine:
        lines.append(
            f'<tr><td class="l">{_e(q.source)}</td><td class="l">{_e(q.file_role)}</td>'
            f'<td class="l">{_e(q.file_path)}</td><td class="l">{_e(q.reason)}</td><td>{q.rows}</td>'
            f"<td>{'' if q.first_record_number is None else q.first_record_number}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _href(target: Any) -> str | None:
    if isinstance(target, PurePath):
        return Path(target).absolute().as_uri()
    t = str(target).strip()
    if t.startswith("/"):
        return Path(t).as_uri()
    low = t.lower()
    if ":" in t.split("/", 1)[0] and not low.startswith(_LINK_SCHEMES):
        return None  # javascript:, data:, vbscript: ... are shown, never linked
    return t


def _links(links: Mapping[str, Any] | None) -> str:
    if not links:
        return ""
    items = []
    for label, target in links.items():
        href = _href(target)
        if href is None:
            items.append(f"<li>{_e(label)}: <code>{_e(target)}</code></li>")
        else:
            items.append(f'<li><a href="{_e(href)}">{_e(label)}</a> <span class="muted">{_e(href)}</span></li>')
    return f'<h2 id="links">Links</h2><ul>{"".join(items)}</ul>'


def _details(scores: QualityScores) -> str:
    lines = ['<table><thead><tr><th class="l">source</th><th class="l">dimension</th><th class="l">field</th>'
             '<th>score</th><th>numerator</th><th>denominator</th><th class="l">method</th></tr></thead><tbody>']
    for r in scores.rows:
        lines.append(
            f'<tr><td class="l">{_e(r.source)}</td><td class="l">{_e(r.dimension)}</td><td class="l">{_e(r.field)}</td>'
            f"{_cell(r.score if r.in_overall or r.field == OVERALL else None)}"
            f"<td>{_e(_g(r.numerator))}</td><td>{_e(_g(r.denominator))}</td>"
            f'<td class="l">{_e(r.method)}</td></tr>')
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _g(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4f}"


# ---------------------------------------------------------------------------------------------


def render_report(
    scores: QualityScores,
    history: Sequence[Mapping[str, Any]] | None = None,
    links: Mapping[str, Any] | None = None,
    title: str = "CRM data quality",
) -> str:
    """The report as a string (see :func:`write_report`)."""
    as_of = scores.as_of.isoformat(sep=" ", timespec="seconds") if isinstance(scores.as_of, dt.datetime) \
        else str(scores.as_of)
    total = sum(scores.mention_counts.values())
    nav = " ".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in (
        ("summary", "Summary"), ("dimensions", "Dimensions"), ("completeness", "Completeness"),
        ("trends", "Trends"), ("ingestion", "Ingestion"), ("details", "Details")))
    notes = "".join(f"<li>{_e(n)}</li>" for n in scores.notes)
    cfg = scores.config
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)} \u2014 {_e(as_of)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">Scored as of {_e(as_of)} \u00b7 {len(scores.sources)} sources \u00b7 '
        f"{total} customer mentions</p>",
        f"<nav>{nav}</nav>",
        _links(links),
        '<h2 id="summary">Summary</h2>',
        "<p>Each cell is the mean of the dimension's field scores for that source (share of records "
        "passing, 0\u20131); overall is the mean of the dimensions.</p>",
        _legend(),
        _summary(scores),
        '<h2 id="dimensions">Dimensions by source</h2>',
        '<div class="charts">' + "".join(_bar_chart(scores, d) for d in DIMENSIONS) + "</div>",
        '<h2 id="completeness">Field completeness</h2>',
        "<p>Share of a source's mentions with a non-empty value; grey \u2014 = the source does not "
        "provide the field (left out of its completeness score).</p>",
        _heatmap(scores),
        '<h2 id="trends">Trends</h2>',
        _trends(scores, history),
        '<h2 id="ingestion">Ingestion</h2>',
        _ingestion(scores),
        '<h3 id="quarantine">Quarantined rows</h3>',
        _quarantine(scores),
        '<h2 id="details">Details</h2>',
        f"<details><summary>All {len(scores.rows)} scores (numerator / denominator, method)</summary>",
        _details(scores),
        "</details>",
        "<h3>Definitions</h3><ul>"
        "<li><b>completeness</b>: non-empty values / mentions, per person field.</li>"
        "<li><b>validity</b>: valid / non-empty values: the standardization's columns when present "
        "(email_is_valid; phone_is_valid per record with any phone; cleaned birth_date; country_code), "
        f"else shape checks (email LIKE '{_e(cfg.email_like)}', phone \u2265 {cfg.phone_min_digits} digits, "
        "birth date in range, country a known spelling).</li>"
        "<li><b>uniqueness</b>: distinct / non-empty values within the source (source key, email, phones). "
        "Order sources repeat the buyer's email and phone by design.</li>"
        "<li><b>consistency</b>: a phone written with an international prefix carries the country's calling "
        "code; a Chinese city lies in the stated province; created_at not after updated_at.</li>"
        f"<li><b>timeliness</b>: records changed within {cfg.recent_update_days} days of the source's latest "
        f"export, and that export at most {cfg.max_export_age_days} days old.</li></ul>",
        f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "",
        "</body></html>",
    ]
    return "\n".join(b for b in body if b) + "\n"


def write_report(
    scores: QualityScores,
    out_path: Path,
    history: list[dict] | None = None,
    links: dict[str, str] | None = None,
) -> Path:
    """Write the HTML report to ``out_path`` (parent folders created) and return the path."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = render_report(scores, history=history, links=links)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
