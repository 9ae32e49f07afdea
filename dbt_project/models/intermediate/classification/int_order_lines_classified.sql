-- Order lines (int_order_lines) priced in CNY with their order's currency and the
-- fixed rate of seed fx_rates: round(amount × cny_per_unit, 2) per line. Taobao has
-- one summary line per order and no unit price (the export gives none).

with

lines as (

    select * from {{ ref('int_order_lines') }}

),

orders as (

    select * from {{ ref('int_orders_classified') }}

)

select
    lines.order_line_key,
    lines.order_key,
    lines.order_id,
    lines.line_number,
    lines.source_system,
    lines.mention_key,
    orders.ordered_at,
    orders.order_date,
    orders.order_status,
    orders.is_paid_order,
    lines.sku,
    lines.product_name,
    lines.product_category,
    lines.quantity,
    orders.currency,
    orders.fx_rate_to_cny,
    lines.unit_price as unit_price_original,
    cast(round(lines.unit_price * orders.fx_rate_to_cny, 2) as decimal(18, 2)) as unit_price_cny,
    lines.line_amount as line_amount_original,
    cast(round(lines.line_amount * orders.fx_rate_to_cny, 2) as decimal(18, 2)) as line_amount_cny,
    lines.export_date,
    lines.source_file_path,
    lines.source_record_number

from lines
inner join orders on lines.order_key = orders.order_key
