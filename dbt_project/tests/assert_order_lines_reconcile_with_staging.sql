-- Order lines reconcile EXACTLY: staging (Shopify line items + one line per Taobao
-- order) = int_order_lines = fct_order_lines, in count and original line amount, and
-- every order has its lines.

with

staging as (

    select count(*) as line_count, sum(line_amount) as line_amount
    from (
        select line_amount from {{ ref('stg_shopify__order_lines') }}
        union all
        select goods_amount from {{ ref('stg_taobao__orders') }}
    ) as lines

),

intermediate as (

    select count(*) as line_count, sum(line_amount) as line_amount from {{ ref('int_order_lines') }}

),

facts as (

    select count(*) as line_count, sum(line_amount_original) as line_amount from {{ ref('fct_order_lines') }}

),

line_count_per_order as (

    select
        count(*) filter (where lines.n is distinct from orders.line_count) as orders_with_wrong_line_count
    from {{ ref('fct_orders') }} as orders
    left join (
        select order_key, count(*) as n from {{ ref('fct_order_lines') }} group by order_key
    ) as lines on orders.order_key = lines.order_key

),

checks as (

    select 'line_count staging vs int' as measure, staging.line_count::decimal(38, 2) as expected, intermediate.line_count::decimal(38, 2) as actual from staging, intermediate
    union all
    select 'line_count int vs fct', intermediate.line_count, facts.line_count from intermediate, facts
    union all
    select 'line_amount staging vs int', staging.line_amount, intermediate.line_amount from staging, intermediate
    union all
    select 'line_amount int vs fct', intermediate.line_amount, facts.line_amount from intermediate, facts
    union all
    select 'orders whose line_count differs from their lines', 0, orders_with_wrong_line_count from line_count_per_order

)

select * from checks where expected is distinct from actual
