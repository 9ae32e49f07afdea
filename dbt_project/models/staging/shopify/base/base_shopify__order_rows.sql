-- One row per line-item row of the LATEST export of each order.
-- Shopify writes one row per line item, so an order's "version" is the set of its
-- rows in one loaded file: for each order Name the newest load (export date, then
-- ingestion time) wins as a whole, so a re-exported order replaces its lines
-- instead of adding to them.

with

source as (

    select * from {{ source('shopify', 'orders') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Name"') }} as order_name,
        {{ clean_id('"Id"') }} as shopify_order_id,

        ----------  order-level (filled on an order's first row only)
        {{ clean_text('"Financial Status"') }} as financial_status,
        {{ clean_text('"Fulfillment Status"') }} as fulfillment_status,
        {{ clean_text('"Currency"') }} as currency,
        {{ parse_decimal('"Subtotal"') }} as subtotal_amount,
        {{ parse_decimal('"Shipping"') }} as shipping_amount,
        {{ parse_decimal('"Taxes"') }} as tax_amount,
        {{ parse_decimal('"Total"') }} as total_amount,
        {{ clean_text('"Discount Code"') }} as discount_code,
        {{ parse_decimal('"Discount Amount"') }} as discount_amount,
        {{ clean_text('"Billing Name"') }} as billing_name,
        {{ clean_text('"Billing Street"') }} as billing_street,
        {{ clean_text('"Billing City"') }} as billing_city,
        {{ clean_contact_value('"Billing Zip"') }} as billing_zip,
        {{ clean_text('"Billing Province"') }} as billing_province,
        {{ clean_text('"Billing Country"') }} as billing_country,
        {{ clean_contact_value('"Billing Phone"') }} as billing_phone,
        {{ clean_text('"Shipping Name"') }} as shipping_name,
        {{ clean_text('"Shipping City"') }} as shipping_city,
        {{ clean_text('"Shipping Province"') }} as shipping_province,
        {{ clean_text('"Shipping Country"') }} as shipping_country,
        {{ clean_contact_value('"Shipping Phone"') }} as shipping_phone,
        {{ clean_contact_value('"Phone"') }} as customer_phone,
        {{ to_utc('"Paid at"', 'shopify') }} as paid_at,
        {{ to_utc('"Cancelled at"', 'shopify') }} as cancelled_at,

        ----------  on every row
        {{ clean_text('"Email"') }} as email,
        {{ to_utc('"Created at"', 'shopify') }} as created_at,

        ----------  line item
        {{ parse_integer('"Lineitem quantity"') }} as lineitem_quantity,
        {{ clean_text('"Lineitem name"') }} as lineitem_name,
        {{ parse_decimal('"Lineitem price"') }} as lineitem_price,
        {{ clean_id('"Lineitem sku"') }} as lineitem_sku,

        ----------  lineage
        {{ lineage_columns() }}

    from source

),

latest_load as (

    -- the newest file load that carries each order
    select order_name, export_date, ingested_at, source_file_path
    from renamed
    where order_name is not null
    {{ keep_latest_version('order_name') }}

)

select
    renamed.*,
    row_number() over (
        partition by renamed.order_name
        order by renamed.source_record_number
    ) as line_number

from renamed
inner join latest_load
    on renamed.order_name = latest_load.order_name
    and renamed.export_date = latest_load.export_date
    and renamed.ingested_at = latest_load.ingested_at
    and renamed.source_file_path = latest_load.source_file_path
