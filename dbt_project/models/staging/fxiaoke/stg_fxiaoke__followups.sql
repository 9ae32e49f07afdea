with

source as (

    select * from {{ source('fxiaoke', 'followups') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"记录编号"') }} as followup_id,
        {{ clean_id('"联系人编号"') }} as contact_id,

        ----------  follow-up
        {{ clean_text('"客户名称"') }} as account_name,
        {{ clean_text('"联系人"') }} as contact_name,
        {{ clean_text('"跟进方式"') }} as followup_method,
        {{ clean_text('"跟进内容"') }} as content,
        {{ clean_text('"跟进结果"') }} as followup_result,
        {{ parse_integer('"满意度"') }} as satisfaction,
        {{ clean_text('"负责人"') }} as owner_name,

        ----------  timestamps (UTC)
        {{ to_utc('"跟进时间"', 'fxiaoke') }} as followed_up_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where followup_id is not null
{{ keep_latest_version('followup_id') }}
