-- Order lines of Shopify (one per line item) and Taobao (one summary line per order:
-- the export has 宝贝标题 / 宝贝总数量 per order, not per item).

with

shopify as (

    select
        'shopify' as source_system,
        order_name as order_id,
        line_number,
        product_name,
        sku,
        cast(null as varchar) as product_category,
        quantity,
        unit_price,
        line_amount,
        export_date,
        source_file_path,
        source_record_number

    from {{ ref('stg_shopify__order_lines') }}

),

taobao as (

    select
        'taobao' as source_system,
        order_id,
        cast(1 as bigint) as line_number,
        item_title as product_name,
        cast(null as varchar) as sku,
        product_category,
        item_quantity as quantity,
        cast(null as decimal(18, 2)) as unit_price,
        goods_amount as line_amount,
        export_date,
        source_file_path,
        source_record_number

    from {{ ref('stg_taobao__orders') }}

),

unioned as (

    select * from shopify
    union all by name
    select * from taobao

)

select
    source_system || ':' || order_id || ':' || line_number as order_line_key,
    source_system || ':' || order_id as order_key,
    source_system || ':' || order_id as mention_key,
    source_system,
    order_id,
    line_number,
    product_name,
    sku,
    product_category,
    quantity,
    unit_price,
    line_amount,
    export_date,
    source_file_path,
    source_record_number

from unioned
