-- Orders reconcile EXACTLY across layers: staging (Shopify + Taobao orders, totals
-- converted here independently: round(total × seed fx_rates rate, 2) per order)
-- = fct_orders = rpt_customer_value (counts and CNY amounts, all orders and paid
-- orders). Returns one row per measure that differs.

with

fx as (

    select currency, cny_per_unit from {{ ref('fx_rates') }}

),

staging as (

    select
        count(*) as order_count,
        sum(round(total_amount * fx.cny_per_unit, 2)) as amount_cny
    from (
        select currency, total_amount from {{ ref('stg_shopify__orders') }}
        union all
        select 'CNY', total_amount from {{ ref('stg_taobao__orders') }}
    ) as orders
    left join fx on upper(trim(orders.currency)) = fx.currency

),

facts as (

    select
        count(*) as order_count,
        sum(amount_cny) as amount_cny,
        count(*) filter (where is_paid_order) as paid_order_count,
        coalesce(sum(amount_cny) filter (where is_paid_order), 0) as paid_amount_cny,
        count(distinct customer_id) as customer_count
    from {{ ref('fct_orders') }}

),

report as (

    select
        sum(order_count) as order_count,
        sum(amount_cny) as amount_cny,
        sum(paid_order_count) as paid_order_count,
        sum(paid_amount_cny) as paid_amount_cny,
        count(*) as customer_count
    from {{ ref('rpt_customer_value') }}

),

checks as (

    select 'order_count staging vs fct' as measure, staging.order_count::decimal(38, 2) as expected, facts.order_count::decimal(38, 2) as actual from staging, facts
    union all
    select 'amount_cny staging vs fct', staging.amount_cny, facts.amount_cny from staging, facts
    union all
    select 'order_count fct vs rpt', facts.order_count, report.order_count from facts, report
    union all
    select 'amount_cny fct vs rpt', facts.amount_cny, report.amount_cny from facts, report
    union all
    select 'paid_order_count fct vs rpt', facts.paid_order_count, report.paid_order_count from facts, report
    union all
    select 'paid_amount_cny fct vs rpt', facts.paid_amount_cny, report.paid_amount_cny from facts, report
    union all
    select 'customers fct vs rpt', facts.customer_count, report.customer_count from facts, report

)

select * from checks where expected is distinct from actual
