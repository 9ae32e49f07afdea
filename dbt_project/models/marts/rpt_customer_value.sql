-- One row per resolved customer (customer_id) with at least one order: order totals
-- (all orders, every status — they reconcile with fct_orders), paid-order totals,
-- purchase frequency, preferred product category, and the RFM scores, segment and
-- customer type of int_customer_value_classified (computed on paid orders).
--   purchase_frequency_per_month = paid orders / months from the first paid order to
--       the reference date (30-day months, at least one month)
--   preferred_product_category = the category with the largest paid line amount in
--       CNY (ties: more lines, then alphabetical); NULL when no line has a category
--       (Shopify exports carry none)

with

orders as (

    select * from {{ ref('fct_orders') }}

),

lines as (

    select * from {{ ref('fct_order_lines') }}

),

value_classes as (

    select * from {{ ref('int_customer_value_classified') }}

),

per_customer as (

    select
        customer_id,
        count(*) as order_count,
        string_agg(distinct source_system, ',' order by source_system) as source_systems,
        sum(amount_cny) as amount_cny,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) filter (where is_paid_order) as paid_order_count,
        coalesce(sum(amount_cny) filter (where is_paid_order), 0) as paid_amount_cny,
        coalesce(sum(item_count) filter (where is_paid_order), 0) as paid_item_count
    from orders
    group by customer_id

),

category_ranked as (

    select
        customer_id,
        product_category,
        row_number() over (
            partition by customer_id
            order by sum(line_amount_cny) desc nulls last, count(*) desc, product_category
        ) as category_rank
    from lines
    where is_paid_order and product_category is not null
    group by customer_id, product_category

)

select
    per_customer.customer_id,
    per_customer.source_systems,
    per_customer.order_count,
    per_customer.amount_cny,
    per_customer.first_order_at,
    per_customer.last_order_at,
    per_customer.first_order_date,
    per_customer.last_order_date,
    per_customer.paid_order_count,
    per_customer.paid_amount_cny,
    per_customer.paid_item_count,
    cast(round(per_customer.paid_amount_cny / nullif(per_customer.paid_order_count, 0), 2) as decimal(18, 2))
        as avg_paid_order_value_cny,
    value_classes.first_paid_order_date,
    value_classes.last_paid_order_date,
    round(
        per_customer.paid_order_count
        / greatest(date_diff('day', value_classes.first_paid_order_date, value_classes.reference_date) / 30.0, 1.0),
        4
    ) as purchase_frequency_per_month,
    category_ranked.product_category as preferred_product_category,
    value_classes.reference_date,
    value_classes.recency_days,
    value_classes.r_score,
    value_classes.f_score,
    value_classes.m_score,
    value_classes.fm_score,
    value_classes.rfm_score,
    value_classes.rfm_segment,
    value_classes.customer_type

from per_customer
left join value_classes on per_customer.customer_id = value_classes.customer_id
left join category_ranked
    on per_customer.customer_id = category_ranked.customer_id
    and category_ranked.category_rank = 1
