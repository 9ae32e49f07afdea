"""Splink charts as self-contained HTML (JavaScript inlined: no CDN, works offline).

``write_charts`` writes, into ``out_dir``:

* ``match_weights.html``       - partial match weights of every comparison level
* ``m_u_parameters.html``      - m and u probabilities
* ``comparison_viewer.html``   - comparison viewer dashboard (example pairs per
                                 comparison vector)
* ``cluster_studio.html``      - cluster studio (a sample of clusters, by size)

and checks that no file loads a script from the network (``assert_offline``).
"""

from __future__ import annotations

import re
from pathlib import Path

from splink import Linker
from splink.internals.splink_dataframe import SplinkDataFrame

_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)


def remote_references(html: str) -> list[str]:
    """``<script src=http...>`` / ``<link href=http...>`` tags found in ``html``."""
    return [m.group(0) for m in _REMOTE_SCRIPT.finditer(html)] + [
        m.group(0) for m in _REMOTE_LINK.finditer(html)
    ]


def strip_remote_links(path: str | Path) -> None:
    """Remove ``<link href=http...>`` tags (the dashboards' web-font links): the page
    then uses local fonts and makes no request at load time."""
    p = Path(path)
    html = p.read_text(encoding="utf-8")
    cleaned = re.sub(r"<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//[^>]*>\s*", "", html, flags=re.IGNORECASE)
    if cleaned != html:
        p.write_text(cleaned, encoding="utf-8")


def assert_offline(path: str | Path) -> None:
    html = Path(path).read_text(encoding="utf-8")
    bad = remote_references(html)
    if bad:
        raise AssertionError(f"{path} loads remote resources: {bad[:3]}")


def write_charts(
    linker: Linker,
    out_dir: str | Path,
    *,
    predictions: SplinkDataFrame | None = None,
    clustered: SplinkDataFrame | None = None,
    cluster_sample_size: int = 20,
    comparison_viewer_min_count: int = 0,
) -> dict[str, str]:
    """Write the charts; returns ``{name: path}``.  Dashboards need ``predictions``
    (Splink predictions with bf_/gamma_ columns); cluster studio also needs
    ``clustered`` (mentions with a ``cluster_id`` column)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}

    p = out / "match_weights.html"
    p.write_text(linker.visualisations.match_weights_chart().to_html(inline=True), encoding="utf-8")
    written["match_weights"] = str(p)

    p = out / "m_u_parameters.html"
    p.write_text(linker.visualisations.m_u_parameters_chart().to_html(inline=True), encoding="utf-8")
    written["m_u_parameters"] = str(p)

    if predictions is not None:
        p = out / "comparison_viewer.html"
        linker.visualisations.comparison_viewer_dashboard(
            predictions, str(p), overwrite=True, num_example_rows=2,
            minimum_comparison_vector_count=comparison_viewer_min_count,
        )
        written["comparison_viewer"] = str(p)

        if clustered is not None:
            p = out / "cluster_studio.html"
            linker.visualisations.cluster_studio_dashboard(
                predictions, clustered, str(p), sampling_method="by_cluster_size",
                sample_size=cluster_sample_size, overwrite=True,
            )
            written["cluster_studio"] = str(p)

    for path in written.values():
        strip_remote_links(path)
        assert_offline(path)
    return written
