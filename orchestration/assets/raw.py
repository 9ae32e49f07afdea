"""Raw layer: one multi-asset per source preset, one asset per file role.

The asset bodies only wire the `ingestion` library to Dagster: they pass the
connection and landing folder in, and turn its report into metadata an operator
reads in the UI (files, row accounting, quarantine, unmatched files).
"""


from collections.abc import Iterator

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, asset, multi_asset

from ingestion.loader import SourceReport, ensure_tables, ingest_source, write_source_presets
from ingestion.presets import FileRole, SourcePreset, load_presets

from ..resources import LandingZone, WarehouseResource

RAW_GROUP = "raw"


def raw_asset_key(source: str, role: str) -> AssetKey:
    """The key dbt sources map to (see the dbt translator): ``raw/<source>/<role>``."""
    return AssetKey(["raw", source, role])


def _role_metadata(report: SourceReport, role: FileRole, table_rows: int) -> dict:
    files = report.for_role(role.name)
    read = sum(f.rows_read for f in files)
    quarantined = sum(f.rows_quarantined for f in files)
    lines = ["| file | status | encoding | read | loaded | quarantined | note |", "|---|---|---|---|---|---|---|"]
    lines += [
        f"| {f.file_path} | {f.status} | {f.encoding or ''} | {f.rows_read} | {f.rows_loaded} "
        f"| {f.rows_quarantined} | {f.message or ''} |"
        for f in files
    ]
    return {
        "dagster/row_count": table_rows,
        "table": MetadataValue.text(f"raw.{role.table}"),
        "files_loaded": sum(f.status == "loaded" for f in files),
        "files_already_loaded": sum(f.status == "already_loaded" for f in files),
        "files_empty": sum(f.status == "empty" for f in files),
        "rows_read": read,
        "rows_loaded": sum(f.rows_loaded for f in files),
        "rows_quarantined": quarantined,
        "quarantine_rate": (quarantined / read) if read else 0.0,
        "files": MetadataValue.md("\n".join(lines)) if files else MetadataValue.text("no new files"),
        "unmatched_files": MetadataValue.json(report.unmatched),
        "problems": MetadataValue.json(report.problems),
        "source_folder_exists": report.folder_exists,
    }


def build_raw_assets(presets: dict[str, SourcePreset]) -> list:
    return [_source_assets(p) for p in presets.values()]


def _source_assets(preset: SourcePreset):
    specs = [
        AssetSpec(
            key=raw_asset_key(preset.name, role.name),
            group_name=RAW_GROUP,
            kinds={"duckdb"},
            description=f"{preset.name} {role.name} exports ({role.pattern}, {role.format}) landed as text "
            f"in raw.{role.table}, with lineage columns.",
            metadata={"file_pattern": role.pattern, "record_id": role.key, "customer_mention": role.mention},
        )
        for role in preset.roles
    ]

    @multi_asset(name=f"raw_{preset.name}", specs=specs, can_subset=False)
    def _ingest(context: AssetExecutionContext, warehouse: WarehouseResource, landing: LandingZone) -> Iterator[MaterializeResult]:
        with warehouse.get_connection() as con:
            ensure_tables(con, {preset.name: preset})
            report = ingest_source(con, preset, landing.root)
            counts = {
                role.name: con.execute(f'SELECT count(*) FROM raw."{role.table}"').fetchone()[0]
                for role in preset.roles
            }
        if not report.folder_exists:
            context.log.info(f"{preset.name}: no folder under {landing.root}; nothing to load")
        for msg in report.problems:
            context.log.warning(msg)
        for path in report.unmatched:
            context.log.warning(f"{path}: matches no file role of {preset.name}; skipped, not guessed")
        for f in report.files:
            if f.status == "empty":
                context.log.warning(f"{f.file_path}: {f.message}")
            if f.rows_quarantined:
                context.log.warning(f"{f.file_path}: {f.rows_quarantined} of {f.rows_read} rows quarantined")
        for role in preset.roles:
            yield MaterializeResult(
                asset_key=raw_asset_key(preset.name, role.name),
                metadata=_role_metadata(report, role, counts[role.name]),
            )

    return _ingest


@asset(key=["raw", "source_presets"], group_name=RAW_GROUP, kinds={"duckdb"})
def source_presets(warehouse: WarehouseResource, landing: LandingZone) -> MaterializeResult:
    """The presets (ingestion/presets.yml + CRM_PRESETS) as raw._source_presets, for dbt to read."""
    presets = landing.presets()
    with warehouse.get_connection() as con:
        write_source_presets(con, presets)
    return MaterializeResult(metadata={"dagster/row_count": len(presets), "sources": MetadataValue.json(sorted(presets))})


raw_assets = [*build_raw_assets(load_presets()), source_presets]
