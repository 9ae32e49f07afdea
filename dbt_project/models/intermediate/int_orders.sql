-- Orders from Shopify and Taobao in one shape, amounts in the order's currency.
-- Each order is also a customer mention (the buyer), so mention_key = order_key.
-- order_status maps each system's statuses onto one vocabulary; source_status keeps
-- the system's own words.

with

shopify as (

    select
        'shopify' as source_system,
        order_name as order_id,
        shopify_order_id as source_internal_id,
        (case
            when cancelled_at is not null or lower(financial_status) = 'voided' then 'cancelled'
            when lower(financial_status) = 'refunded' then 'refunded'
            when lower(financial_status) in ('pending', 'authorized', 'partially_paid', 'expired')
                then 'pending_payment'
            when lower(fulfillment_status) = 'fulfilled' then 'fulfilled'
            when lower(financial_status) in ('paid', 'partially_refunded') then 'paid'
            else 'unknown'
        end) as order_status,
        concat_ws(' / ', financial_status, fulfillment_status) as source_status,
        financial_status,
        fulfillment_status,
        currency,
        subtotal_amount,
        shipping_amount,
        tax_amount,
        discount_code,
        discount_amount,
        total_amount,
        cast(null as decimal(18, 2)) as paid_amount,
        line_count,
        item_quantity,
        created_at as ordered_at,
        paid_at,
        cancelled_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_shopify__orders') }}

),

taobao as (

    select
        'taobao' as source_system,
        order_id,
        cast(null as varchar) as source_internal_id,
        (case order_status
            when '交易成功' then 'completed'
            when '交易关闭' then 'closed'
            when '等待买家付款' then 'pending_payment'
            when '卖家已发货' then 'fulfilled'
            when '买家已付款' then 'paid'
            when '等待卖家发货' then 'paid'
            when '买家已付款，等待卖家发货' then 'paid'
            else 'unknown'
        end) as order_status,
        order_status as source_status,
        cast(null as varchar) as financial_status,
        cast(null as varchar) as fulfillment_status,
        'CNY' as currency,
        goods_amount as subtotal_amount,
        shipping_amount,
        cast(null as decimal(18, 2)) as tax_amount,
        cast(null as varchar) as discount_code,
        cast(null as decimal(18, 2)) as discount_amount,
        total_amount,
        paid_amount,
        cast(1 as bigint) as line_count,
        item_quantity,
        created_at as ordered_at,
        paid_at,
        cast(null as timestamp) as cancelled_at,
        export_date,
        ingested_at,
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
    source_system || ':' || order_id as order_key,
    source_system,
    order_id,
    source_system || ':' || order_id as mention_key,
    source_internal_id,
    order_status,
    source_status,
    financial_status,
    fulfillment_status,
    currency,
    subtotal_amount,
    shipping_amount,
    tax_amount,
    discount_code,
    discount_amount,
    total_amount,
    paid_amount,
    line_count,
    item_quantity,
    ordered_at,
    paid_at,
    cancelled_at,
    export_date,
    ingested_at,
    source_file_path,
    source_record_number

from unioned
