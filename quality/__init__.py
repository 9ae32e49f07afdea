"""Data-quality scores of the warehouse and a self-contained HTML report (no Dagster).

::

    from quality import score_quality, write_report, save_history, load_history

    scores = score_quality(con, as_of=datetime.now(timezone.utc))
    save_history(con, scores, run_id=context.run_id)
    write_report(scores, Path("quality.html"), history=load_history(con, last_n=30),
                 links={"Great Expectations Data Docs": "/path/to/data_docs/index.html"})
    context.add_output_metadata(scores.flat_metrics())

* :mod:`quality.scores`  - five dimensions per source and field, ingestion figures
* :mod:`quality.report`  - one HTML file, inline SVG, opens offline
* :mod:`quality.history` - ``quality.score_history`` (one row per run and metric)
"""

from __future__ import annotations

from .history import HISTORY_TABLE, ensure_history_table, load_history, save_history
from .report import write_report
from .scores import (
    DIMENSIONS,
    OVERALL,
    IngestionRow,
    QualityConfig,
    QualityScores,
    QuarantineRow,
    ScoreRow,
    score_quality,
)

__all__ = [
    "DIMENSIONS",
    "HISTORY_TABLE",
    "OVERALL",
    "IngestionRow",
    "QualityConfig",
    "QualityScores",
    "QuarantineRow",
    "ScoreRow",
    "ensure_history_table",
    "load_history",
    "save_history",
    "score_quality",
    "write_report",
]
