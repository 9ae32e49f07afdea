"""Entity resolution: Splink customers between the standardized mentions and the marts.

The body wires the `entity_resolution` library to the warehouse: read the mentions,
last night's crosswalk and the reviewed decisions, resolve with the saved model
(never retrained here), write the four outputs, and report counts and, where the
landing folder carries a truth file (the sample, benchmarks), pairwise accuracy.
"""

import csv
from pathlib import Path

import duckdb
import pyarrow as pa
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from entity_resolution import (
    ResolverState,
    Thresholds,
    load_model,
    pairwise_metrics,
    read_decisions,
    resolve,
    save_model,
    train_model,
)
from entity_resolution.mentions import read_mentions

from ..resources import EntityResolutionSettings, LandingZone, RefreshMode, WarehouseResource

ER_GROUP = "entity_resolution"
#: what tonight's run leaves for tomorrow's increment (entity_resolution.incremental); not published to analysts
STATE_SCHEMA = "er_state"
MENTIONS = AssetKey(["intermediate", "int_customer_mentions"])
OUTPUTS = ("customer_xref", "dim_customers", "er_review_queue", "customer_id_history")
_DESCRIPTIONS = {
    "customer_xref": "One row per live customer mention: its stable customer_id.",
    "dim_customers": "One golden record per customer, with the source of each golden value.",
    "er_review_queue": "Pairs between the review and match thresholds, side by side with match weights.",
    "customer_id_history": "Every created / merged / split customer id, run after run (appended).",
}


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    [(n,)] = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchall()  # fetched to the end: DuckDB 2 refuses the next query while a result is half read
    return bool(n)


def _truth(landing: Path) -> pa.Table | None:
    """Truth beside the landing folder (<landing>/../truth/mentions.csv), as the generator writes it."""
    path = landing.parent / "truth" / "mentions.csv"
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [{"mention_key": f"{r['source_system']}:{r['source_record_id']}", "person_id": r["person_id"]}
                for r in csv.DictReader(fh) if r["is_live"] == "true"]
    return pa.Table.from_pylist(rows)


def _read_state(con: duckdb.DuckDBPyConnection) -> ResolverState | None:
    if not _table_exists(con, STATE_SCHEMA, "meta"):
        return None
    meta = con.sql(f"SELECT * FROM {STATE_SCHEMA}.meta").to_arrow_table().to_pylist()
    return ResolverState(
        fingerprints=con.sql(f"SELECT * FROM {STATE_SCHEMA}.fingerprints").to_arrow_table(),
        pairs=con.sql(f"SELECT * FROM {STATE_SCHEMA}.pairs").to_arrow_table(),
        meta=meta[0] if meta else {},
    )


def _write_state(con: duckdb.DuckDBPyConnection, state: ResolverState) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    tables = {"fingerprints": state.fingerprints, "pairs": state.pairs, "meta": pa.Table.from_pylist([state.meta])}
    for name, table in tables.items():
        con.register("_er_state", table)
        con.execute(f"CREATE OR REPLACE TABLE {STATE_SCHEMA}.{name} AS SELECT * FROM _er_state")
        con.unregister("_er_state")


def _write_outputs(con: duckdb.DuckDBPyConnection, result) -> int:
    """Write the four outputs and the state for tomorrow in one transaction; return the
    history's row count.

    One transaction, because the next run reads this crosswalk, history and state back
    as its "previous" state (stable ids, the increment): a run killed half way must leave
    either last night's outputs or tonight's, never tonight's crosswalk beside last
    night's history or state.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        if result.state is not None:
            _write_state(con, result.state)
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        for name in ("customer_xref", "dim_customers", "er_review_queue"):
            con.register("_er_out", getattr(result, name))
            con.execute(f"CREATE OR REPLACE TABLE marts.{name} AS SELECT * FROM _er_out")
            con.unregister("_er_out")
        con.register("_er_out", result.customer_id_history)
        if _table_exists(con, "marts", "customer_id_history"):
            con.execute("INSERT INTO marts.customer_id_history BY NAME SELECT * FROM _er_out")
        else:
            con.execute("CREATE TABLE marts.customer_id_history AS SELECT * FROM _er_out")
        con.unregister("_er_out")
        history_rows = con.execute("SELECT count(*) FROM marts.customer_id_history").fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return history_rows


@multi_asset(
    name="resolve_customers",
    specs=[AssetSpec(AssetKey(["marts", name]), deps=[MENTIONS], group_name=ER_GROUP, kinds={"splink", "duckdb"},
                     description=_DESCRIPTIONS[name]) for name in OUTPUTS],
    can_subset=False,
)
def resolve_customers(context: AssetExecutionContext, warehouse: WarehouseResource, er: EntityResolutionSettings,
                      landing: LandingZone, refresh: RefreshMode):
    with warehouse.get_connection() as con:
        mentions = read_mentions(con)
        has_previous = _table_exists(con, "marts", "customer_xref")
        previous = con.sql("SELECT * FROM marts.customer_xref").to_arrow_table() if has_previous else None
        history = (con.sql("SELECT * FROM marts.customer_id_history").to_arrow_table()
                   if _table_exists(con, "marts", "customer_id_history") else None)
        state = None if refresh.is_full else _read_state(con)
    result = resolve(
        None, mentions, er.model_path(), previous_xref=previous, decisions=read_decisions(er.decisions_path()),
        thresholds=Thresholds(match=er.match_threshold, review=er.review_threshold),
        out_dir=er.charts_path(), run_id=context.run_id, reserved_ids=history,
        state=state, full_refresh=refresh.is_full,
    )
    increment = result.stats.get("increment", {})
    if increment.get("mode") == "full" and state is not None:
        context.log.info(f"entity resolution: full refresh ({increment.get('full_reason')})")
    with warehouse.get_connection() as con:
        history_rows = _write_outputs(con, result)

    n_mentions, n_customers = result.customer_xref.num_rows, result.dim_customers.num_rows
    common = {"model_version": result.model_version}
    xref_meta = {
        **common,
        "dagster/row_count": n_mentions,
        "customers": n_customers,
        "duplicate_rate": 1 - n_customers / n_mentions if n_mentions else 0.0,
        "review_queue_pairs": result.er_review_queue.num_rows,
        "charts": MetadataValue.json({k: f"file://{v}" for k, v in result.charts.items()}),
        "stats": MetadataValue.json({k: v for k, v in result.stats.items() if isinstance(v, (int, float, str))}),
        # prepare / predict / cluster / ids / golden / review / charts seconds: `make bench` reads them
        "timings": MetadataValue.json(result.stats.get("timings", {})),
        # incremental or full; changed / removed mentions, pairs kept and scored, mentions re-clustered
        "refresh_mode": increment.get("mode", "full"),
        "increment": MetadataValue.json(increment),
    }
    truth = _truth(landing.root)
    if truth is not None:
        clusters = result.customer_xref.select(["mention_key", "customer_id"])
        m = pairwise_metrics(clusters, truth, cluster_col="customer_id")
        xref_meta.update({"pairwise_precision": m.precision, "pairwise_recall": m.recall, "pairwise_f1": m.f1})
        context.log.info(f"entity resolution vs truth: precision {m.precision:.4f} recall {m.recall:.4f} F1 {m.f1:.4f}")
    yield MaterializeResult(asset_key=AssetKey(["marts", "customer_xref"]), metadata=xref_meta)
    yield MaterializeResult(asset_key=AssetKey(["marts", "dim_customers"]), metadata={**common, "dagster/row_count": n_customers})
    yield MaterializeResult(asset_key=AssetKey(["marts", "er_review_queue"]),
                            metadata={**common, "dagster/row_count": result.er_review_queue.num_rows})
    yield MaterializeResult(asset_key=AssetKey(["marts", "customer_id_history"]),
                            metadata={**common, "dagster/row_count": history_rows,
                                      "events_this_run": result.customer_id_history.num_rows})


@asset(key=["entity_resolution", "model"], group_name=ER_GROUP, deps=[MENTIONS], kinds={"splink"})
def er_model(warehouse: WarehouseResource, er: EntityResolutionSettings) -> MaterializeResult:
    """Retrain the Splink model (unsupervised) and save it as a new versioned JSON artifact.

    Only the `retrain_entity_resolution` job runs this: nightly runs reuse the saved model.
    """
    with warehouse.get_connection() as con:
        mentions = read_mentions(con)
    path = save_model(train_model(mentions), er.model_path())
    model = load_model(path)
    return MaterializeResult(metadata={"path": MetadataValue.path(str(path)), "model_version": model.version,
                                       "trained_on_mentions": mentions.num_rows})
