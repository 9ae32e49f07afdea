with

source as (

    select * from {{ source('zoho_crm', 'calls') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Record Id"') }} as call_id,
        {{ clean_id('"Contact Id"') }} as contact_id,

        ----------  call
        {{ clean_text('"Subject"') }} as subject,
        {{ clean_text('"Call Type"') }} as call_type,
        {{ clean_text('"Call Purpose"') }} as call_purpose,
        {{ clean_text('"Contact Name"') }} as contact_name,
        {{ parse_duration_seconds('"Call Duration (in seconds)"') }} as duration_seconds,
        {{ clean_text('"Call Result"') }} as call_result,
        {{ clean_text('"Call Owner"') }} as owner_name,
        {{ clean_text('"Description"') }} as description,

        ----------  timestamps (UTC)
        {{ to_utc('"Call Start Time"', 'zoho_crm') }} as call_started_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where call_id is not null
{{ keep_latest_version('call_id') }}
