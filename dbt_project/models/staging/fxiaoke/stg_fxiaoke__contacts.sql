with

source as (

    select * from {{ source('fxiaoke', 'contacts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"联系人编号"') }} as contact_id,

        ----------  person (names as written: stray inner spaces are kept)
        {{ clean_text('"姓名"') }} as full_name,
        {{ clean_text('"客户名称"') }} as account_name,
        {{ clean_text('"职务"') }} as job_title,
        {{ clean_text('"部门"') }} as department,
        {{ clean_text('"性别"') }} as gender,
        {{ parse_date_any('"生日"') }} as birth_date,
        {{ clean_text('"来源"') }} as lead_source,
        {{ clean_text('"负责人"') }} as owner_name,

        ----------  contact details (Excel damage such as `13800138000.0` is kept)
        {{ clean_contact_value('"手机"') }} as mobile_phone,
        {{ clean_contact_value('"电话"') }} as phone,
        {{ clean_text('"邮箱"') }} as email,
        {{ clean_text('"省"') }} as province,
        {{ clean_text('"市"') }} as city,
        {{ clean_text('"区"') }} as district,
        {{ clean_text('"详细地址"') }} as street_address,

        ----------  timestamps (UTC)
        {{ to_utc('"创建时间"', 'fxiaoke') }} as created_at,
        {{ to_utc('"最后修改时间"', 'fxiaoke') }} as updated_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where contact_id is not null
{{ keep_latest_version('contact_id') }}
