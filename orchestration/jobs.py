"""Jobs: the nightly refresh materializes every asset, in one process.

In-process execution is deliberate: DuckDB lets one process write the warehouse at a
time, and the stages run one after another anyway.
"""

from dagster import AssetSelection, define_asset_job

nightly_refresh = define_asset_job(
    "nightly_refresh",
    selection=AssetSelection.all(),
    description="Ingest new exports, rebuild the warehouse (dbt), resolve customers and gate the result.",
)
