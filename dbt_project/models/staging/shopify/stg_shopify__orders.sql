-- One row per order Name. Order-level fields come from the order's first row in
-- its latest export (Shopify leaves them empty on later rows of the same order).

with

order_rows as (

    select * from {{ ref('base_shopify__order_rows') }}

),

line_totals as (

    select
        order_name,
        count(*) as line_count,
        cast(sum(lineitem_quantity) as bigint) as item_quantity

    from order_rows
    group by 1

),

first_rows as (

    select * from order_rows
    where line_number = 1

)

select
    first_rows.order_name,
    first_rows.shopify_order_id,

    first_rows.email,
    first_rows.financial_status,
    first_rows.fulfillment_status,
    first_rows.currency,
    first_rows.subtotal_amount,
    first_rows.shipping_amount,
    first_rows.tax_amount,
    first_rows.discount_code,
    first_rows.discount_amount,
    first_rows.total_amount,
    line_totals.line_count,
    line_totals.item_quantity,

    first_rows.billing_name,
    first_rows.billing_street,
    first_rows.billing_city,
    first_rows.billing_zip,
    first_rows.billing_province,
    first_rows.billing_country,
    first_rows.billing_phone,
    first_rows.shipping_name,
    first_rows.shipping_city,
    first_rows.shipping_province,
    first_rows.shipping_country,
    first_rows.shipping_phone,
    first_rows.customer_phone,

    first_rows.created_at,
    first_rows.paid_at,
    first_rows.cancelled_at,

    first_rows.source_system,
    first_rows.export_date,
    first_rows.ingested_at,
    first_rows.source_file_path,
    first_rows.source_record_number,
    first_rows.source_file_sha256

from first_rows
inner join line_totals on first_rows.order_name = line_totals.order_name
