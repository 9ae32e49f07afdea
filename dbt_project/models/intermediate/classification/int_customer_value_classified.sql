-- Per resolved customer (customer_id from the entity-resolution crosswalk): RFM
-- scores, RFM segment and customer type, from the customer's PAID orders
-- (int_orders_classified.is_paid_order). Every customer with at least one order
-- (any status) has a row; one without a paid order has NULL scores, segment and type.
--
-- Reference date: the latest order_date in the data (not now(): deterministic).
--   recency_days   reference_date − last paid order date
--   frequency      number of paid orders
--   monetary_cny   paid orders' amount_cny
-- Scores 1–5 are quintiles over the customers with a paid order, exactly ntile(5)
-- over the ordered customers (earlier buckets take the remainder), except that ties
-- share the score of the first tied position: equal values never get different
-- scores. R orders by recency_days descending (5 = most recent); F and M ascending
-- (5 = most / highest). fm_score = floor((F + M + 1) / 2); the segment is looked up
-- in seed rfm_segments by (r_score, fm_score).
-- Customer type (thresholds: vars customer_dormant_after_days = 180,
-- customer_lost_after_days = 365):
--   lost       recency_days >= 365
--   dormant    180 <= recency_days < 365
--   new        recency_days < 180 and exactly one paid order
--   returning  recency_days < 180 and two or more paid orders

{%- set dormant_days = var('customer_dormant_after_days', 180) %}
{%- set lost_days = var('customer_lost_after_days', 365) %}

with

orders as (

    select
        orders.*,
        xref.customer_id
    from {{ ref('int_orders_classified') }} as orders
    left join {{ source('entity_resolution', 'customer_xref') }} as xref
        on orders.mention_key = xref.mention_key

),

reference as (

    select max(order_date) as reference_date from orders

),

per_customer as (

    select
        customer_id,
        count(*) filter (where is_paid_order) as frequency,
        coalesce(sum(amount_cny) filter (where is_paid_order), 0) as monetary_cny,
        min(order_date) filter (where is_paid_order) as first_paid_order_date,
        max(order_date) filter (where is_paid_order) as last_paid_order_date
    from orders
    group by customer_id

),

measured as (

    select
        per_customer.*,
        reference.reference_date,
        date_diff('day', per_customer.last_paid_order_date, reference.reference_date) as recency_days
    from per_customer
    cross join reference

),

positioned as (

    select
        customer_id,
        rank() over (order by recency_days desc) - 1 as r_position,
        rank() over (order by frequency) - 1 as f_position,
        rank() over (order by monetary_cny) - 1 as m_position,
        count(*) over () // 5 as bucket_size,
        count(*) over () % 5 as larger_buckets
    from measured
    where frequency > 0

),

scored as (

    select
        customer_id,
        {%- for metric in ['r', 'f', 'm'] %}
        1 + (case
            when {{ metric }}_position < larger_buckets * (bucket_size + 1)
                then {{ metric }}_position // (bucket_size + 1)
            else larger_buckets + ({{ metric }}_position - larger_buckets * (bucket_size + 1)) // nullif(bucket_size, 0)
        end) as {{ metric }}_score{{ ',' if not loop.last }}
        {%- endfor %}
    from positioned

),

segments as (

    select * from {{ ref('rfm_segments') }}

)

select
    measured.customer_id,
    measured.reference_date,
    measured.first_paid_order_date,
    measured.last_paid_order_date,
    measured.recency_days,
    measured.frequency,
    measured.monetary_cny,
    scored.r_score,
    scored.f_score,
    scored.m_score,
    (scored.f_score + scored.m_score + 1) // 2 as fm_score,
    cast(scored.r_score as varchar) || cast(scored.f_score as varchar) || cast(scored.m_score as varchar) as rfm_score,
    segments.rfm_segment,
    (case
        when measured.frequency = 0 then null
        when measured.recency_days >= {{ lost_days }} then 'lost'
        when measured.recency_days >= {{ dormant_days }} then 'dormant'
        when measured.frequency = 1 then 'new'
        else 'returning'
    end) as customer_type

from measured
left join scored on measured.customer_id = scored.customer_id
left join segments
    on scored.r_score = segments.r_score
    and (scored.f_score + scored.m_score + 1) // 2 = segments.fm_score
