-- One row per line item of each order's latest export.

with

order_rows as (

    select * from {{ ref('base_shopify__order_rows') }}

)

select
    order_name || '-' || line_number as order_line_id,
    order_name,
    line_number,
    lineitem_name as product_name,
    lineitem_sku as sku,
    lineitem_quantity as quantity,
    lineitem_price as unit_price,
    lineitem_quantity * lineitem_price as line_amount,

    source_system,
    export_date,
    ingested_at,
    source_file_path,
    source_record_number,
    source_file_sha256

from order_rows
