-- Orders (int_orders: Shopify + Taobao) classified and priced for the marts:
--   order_date     the local calendar date of ordered_at in the reporting zone
--                  (var 'reporting_timezone', default Asia/Shanghai)
--   is_paid_order  order_status in (paid, fulfilled, completed): the buyer paid and
--                  the order was not cancelled, closed or refunded
--   amounts in CNY round(amount × seed fx_rates.cny_per_unit, 2), per order; NULL
--                  when the currency has no rate (fct_orders' tests fail then)
--   product_category  category of the order's lines where the source gives one
--                  (Taobao 商品分类; Shopify exports have none): of several, the one
--                  with the largest line amount, then alphabetical

{%- set tz = var('reporting_timezone', 'Asia/Shanghai') %}

with

orders as (

    select * from {{ ref('int_orders') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

line_categories as (

    select
        order_key,
        product_category,
        row_number() over (
            partition by order_key
            order by sum(line_amount) desc nulls last, product_category
        ) as category_rank
    from {{ ref('int_order_lines') }}
    where product_category is not null
    group by order_key, product_category

),

priced as (

    select
        orders.*,
        upper(trim(orders.currency)) as currency_code,
        fx_rates.cny_per_unit
    from orders
    left join fx_rates on upper(trim(orders.currency)) = fx_rates.currency

)

select
    priced.order_key,
    priced.order_id,
    priced.source_system,
    priced.mention_key,
    priced.ordered_at,
    cast(timezone('{{ tz }}', timezone('UTC', priced.ordered_at)) as date) as order_date,
    priced.paid_at,
    priced.cancelled_at,
    priced.order_status,
    priced.source_status,
    priced.order_status in ('paid', 'fulfilled', 'completed') as is_paid_order,
    priced.currency_code as currency,
    priced.cny_per_unit as fx_rate_to_cny,
    priced.total_amount as amount_original,
    cast(round(priced.total_amount * priced.cny_per_unit, 2) as decimal(18, 2)) as amount_cny,
    priced.subtotal_amount as subtotal_original,
    cast(round(priced.subtotal_amount * priced.cny_per_unit, 2) as decimal(18, 2)) as subtotal_cny,
    priced.shipping_amount as shipping_original,
    cast(round(priced.shipping_amount * priced.cny_per_unit, 2) as decimal(18, 2)) as shipping_cny,
    priced.tax_amount as tax_original,
    cast(round(priced.tax_amount * priced.cny_per_unit, 2) as decimal(18, 2)) as tax_cny,
    priced.discount_amount as discount_original,
    cast(round(priced.discount_amount * priced.cny_per_unit, 2) as decimal(18, 2)) as discount_cny,
    priced.discount_code,
    priced.line_count,
    priced.item_quantity as item_count,
    line_categories.product_category,
    priced.export_date,
    priced.source_file_path,
    priced.source_record_number

from priced
left join line_categories
    on priced.order_key = line_categories.order_key
    and line_categories.category_rank = 1
