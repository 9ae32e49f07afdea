with

source as (

    select * from {{ source('fxiaoke', 'accounts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"客户编号"') }} as account_id,

        ----------  account
        {{ clean_text('"客户名称"') }} as account_name,
        {{ clean_text('"客户级别"') }} as account_level,
        {{ clean_text('"行业"') }} as industry,
        {{ clean_text('"客户来源"') }} as account_source,
        {{ clean_text('"成交状态"') }} as deal_status,
        {{ clean_text('"负责人"') }} as owner_name,

        ----------  address
        {{ clean_text('"省"') }} as province,
        {{ clean_text('"市"') }} as city,
        {{ clean_text('"区"') }} as district,
        {{ clean_text('"详细地址"') }} as street_address,

        ----------  timestamps (UTC)
        {{ to_utc('"创建时间"', 'fxiaoke') }} as created_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where account_id is not null
{{ keep_latest_version('account_id') }}
