with

source as (

    select * from {{ source('feedback', 'tickets') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"ticket_id"') }} as ticket_id,

        ----------  ticket
        {{ clean_text('"channel"') }} as channel,
        {{ clean_text('"category"') }} as category,
        {{ clean_text('"content"') }} as content,
        {{ parse_integer('"satisfaction"') }} as satisfaction,
        {{ clean_text('"status"') }} as status,

        ----------  customer (may carry only an email or only a phone)
        {{ clean_text('"customer_name"') }} as customer_name,
        {{ clean_text('"email"') }} as email,
        {{ clean_contact_value('"phone"') }} as phone,

        ----------  timestamps (UTC)
        {{ to_utc('"created_at"', 'feedback') }} as created_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where ticket_id is not null
{{ keep_latest_version('ticket_id') }}
