-- One row per order line (Shopify line items; one summary line per Taobao order),
-- priced in the original currency and in CNY, with the order's resolved customer.

with

lines as (

    select * from {{ ref('int_order_lines_classified') }}

),

xref as (

    select mention_key, customer_id from {{ source('entity_resolution', 'customer_xref') }}

)

select
    lines.order_line_key,
    lines.order_id || '-' || lines.line_number as order_line_id,
    lines.order_key,
    lines.order_id,
    lines.line_number,
    lines.source_system,
    lines.mention_key,
    xref.customer_id,
    lines.ordered_at,
    lines.order_date,
    lines.order_status,
    lines.is_paid_order,
    lines.sku,
    lines.product_name,
    lines.product_category,
    lines.quantity,
    lines.currency,
    lines.fx_rate_to_cny,
    lines.unit_price_original,
    lines.unit_price_cny,
    lines.line_amount_original,
    lines.line_amount_cny

from lines
left join xref on lines.mention_key = xref.mention_key
