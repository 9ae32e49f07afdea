"""Jobs. Both run in one process: DuckDB lets one process write the warehouse at a time.

The nightly refresh never retrains the entity-resolution model: retraining is its own,
explicit job, whose new model the next nightly run picks up.
"""

from dagster import AssetKey, AssetSelection, RetryPolicy, define_asset_job

from .assets.freshness import marts_freshness_checks

ER_MODEL = AssetSelection.assets(AssetKey(["entity_resolution", "model"]))
# freshness is judged by its own sensor between runs; right after a build it passes by construction
FRESHNESS = AssetSelection.checks(*marts_freshness_checks)

nightly_refresh = define_asset_job(
    "nightly_refresh",
    selection=AssetSelection.all() - ER_MODEL - FRESHNESS,
    description="Ingest new exports, rebuild the warehouse (dbt), resolve customers, gate and publish.",
    # Transient failures (a file still being copied in, a locked file) get two more tries.
    op_retry_policy=RetryPolicy(max_retries=2, delay=30),
)

retrain_entity_resolution = define_asset_job(
    "retrain_entity_resolution",
    selection=ER_MODEL,
    description="Retrain the Splink model on the current mentions and save a new versioned model file.",
)
