-- One row per order (Shopify + Taobao) with the resolved customer, the unified
-- status, amounts in the original currency and in CNY (fixed rates, seed fx_rates).

with

orders as (

    select * from {{ ref('int_orders_classified') }}

),

xref as (

    select mention_key, customer_id from {{ source('entity_resolution', 'customer_xref') }}

)

select
    orders.order_key,
    orders.order_id,
    orders.source_system,
    orders.mention_key,
    xref.customer_id,
    orders.ordered_at,
    orders.order_date,
    orders.paid_at,
    orders.cancelled_at,
    orders.order_status,
    orders.source_status,
    orders.is_paid_order,
    orders.currency,
    orders.fx_rate_to_cny,
    orders.amount_original,
    orders.amount_cny,
    orders.subtotal_original,
    orders.subtotal_cny,
    orders.shipping_original,
    orders.shipping_cny,
    orders.tax_original,
    orders.tax_cny,
    orders.discount_original,
    orders.discount_cny,
    orders.discount_code,
    orders.line_count,
    orders.item_count,
    orders.product_category

from orders
left join xref on orders.mention_key = xref.mention_key
