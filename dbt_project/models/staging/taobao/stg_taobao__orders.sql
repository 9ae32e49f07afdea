with

source as (

    select * from {{ source('taobao', 'orders') }}

),

renamed as (

    select
        ----------  ids (19 digits: text, Excel guard `="..."` removed)
        {{ clean_id('"订单编号"') }} as order_id,
        {{ clean_text('"买家会员名"') }} as buyer_nick,

        ----------  order
        {{ clean_text('"订单状态"') }} as order_status,
        {{ clean_text('"买家留言"') }} as buyer_message,
        {{ clean_text('"宝贝标题"') }} as item_title,
        {{ parse_integer('"宝贝种类"') }} as item_kind_count,
        {{ parse_integer('"宝贝总数量"') }} as item_quantity,
        {{ clean_text('"商品分类"') }} as product_category,

        ----------  amounts (CNY)
        {{ parse_decimal('"买家应付货款"') }} as goods_amount,
        {{ parse_decimal('"买家应付邮费"') }} as shipping_amount,
        {{ parse_decimal('"总金额"') }} as total_amount,
        {{ parse_decimal('"买家实际支付金额"') }} as paid_amount,

        ----------  recipient (address kept as one string; parsed downstream)
        {{ clean_text('"收货人姓名"') }} as recipient_name,
        {{ clean_text('"收货地址"') }} as shipping_address,
        {{ clean_contact_value('"联系电话"') }} as phone,
        {{ clean_contact_value('"联系手机"') }} as mobile_phone,

        ----------  timestamps (UTC)
        {{ to_utc('"订单创建时间"', 'taobao') }} as created_at,
        {{ to_utc('"订单付款时间"', 'taobao') }} as paid_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where order_id is not null
{{ keep_latest_version('order_id') }}
