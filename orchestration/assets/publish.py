"""Quality report and the atomic publish: the last two steps of a nightly run.

The run builds into a working DuckDB file; only when every blocking check upstream
passed does `published_warehouse` run, copying it aside and renaming it over the
analysts' file (the `publish` library), so readers never see half a refresh and a
failed run leaves yesterday's warehouse untouched.
"""

import datetime as dt
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from publish import publish
from quality import load_history, save_history, score_quality, write_report

from ..resources import Publisher, WarehouseResource
from .dbt import dbt_marts, dbt_project
from .entity_resolution import resolve_customers

MENTIONS = AssetKey(["intermediate", "int_customer_mentions"])


@asset(key=["reports", "data_quality"], group_name="reports", deps=[MENTIONS, AssetKey(["marts", "customer_xref"])],
       kinds={"html"})
def data_quality_report(context: AssetExecutionContext, warehouse: WarehouseResource,
                        publisher: Publisher) -> MaterializeResult:
    """Completeness, validity, uniqueness, consistency and timeliness per source and field.

    Numeric metadata (one entry per source and dimension) lets Dagster plot each score
    across nights; the HTML report (charts inline, opens offline) is linked.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with warehouse.get_connection() as con:
        scores = score_quality(con, as_of=now)
        save_history(con, scores, run_id=context.run_id, scored_at=now)
        history = load_history(con, last_n=30)
    path = write_report(scores, publisher.reports_path() / "data_quality.html", history=history,
                        links={"Great Expectations Data Docs": str(Path("expectations/uncommitted/data_docs/local_site/index.html").resolve())})
    metrics = {k: float(v) for k, v in scores.flat_metrics().items() if v is not None}
    return MaterializeResult(metadata={**metrics, "report": MetadataValue.path(str(path)),
                                       "report_url": MetadataValue.url(f"file://{path}")})


@asset(
    key=["published", "warehouse"],
    group_name="publish",
    deps=[*dbt_marts.keys, *resolve_customers.keys, AssetKey(["reports", "data_quality"])],
    kinds={"duckdb"},
)
def published_warehouse(context: AssetExecutionContext, warehouse: WarehouseResource,
                        publisher: Publisher) -> MaterializeResult:
    """Publish the checked build as the analysts' warehouse (atomic rename), keep backups,
    and write the masked analysts' copy (personal columns as salted hashes)."""
    version = publish(Path(warehouse.database), publisher.path(), run_id=context.run_id,
                      keep=publisher.keep_backups, manifest_path=dbt_project.manifest_path)
    meta = {k: v for k, v in vars(version).items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}
    return MaterializeResult(metadata={**meta, "published": MetadataValue.path(str(publisher.path()))})
