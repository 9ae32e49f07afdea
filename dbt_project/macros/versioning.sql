{#-
    Raw tables are append-only across export dates (and a changed file under the
    same name is loaded again), so one record can arrive many times. The latest
    version wins: latest export date, then latest ingestion, then the highest
    record number in the file.

    `lineage_columns()` renames the ingestion's lineage columns the same way in
    every staging model; `latest_version_order()` is the ORDER BY that ranks
    versions of a record (newest first); `keep_latest_version(key)` is the
    QUALIFY clause that keeps only the newest.
-#}

{% macro lineage_columns() -%}
        _source_system as source_system,
        _export_date as export_date,
        _ingested_at as ingested_at,
        _file_path as source_file_path,
        _record_number as source_record_number,
        _file_sha256 as source_file_sha256
{%- endmacro %}


{% macro latest_version_order() -%}
    export_date desc, ingested_at desc, source_record_number desc, source_file_path desc
{%- endmacro %}


{% macro keep_latest_version(key_columns) -%}
    {%- if key_columns is string -%}{%- set key_columns = [key_columns] -%}{%- endif -%}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by {{ crm_quality.latest_version_order() }}
    ) = 1
{%- endmacro %}
