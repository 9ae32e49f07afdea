with

source as (

    select * from {{ source('zoho_crm', 'contacts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Record Id"') }} as contact_id,

        ----------  person
        {{ clean_text('"First Name"') }} as first_name,
        {{ clean_text('"Last Name"') }} as last_name,
        {{ clean_text('"Account Name"') }} as account_name,
        {{ clean_text('"Title"') }} as job_title,
        {{ clean_text('"Department"') }} as department,
        {{ clean_text('"Lead Source"') }} as lead_source,
        {{ clean_text('"Contact Owner"') }} as owner_name,
        {{ clean_text('"Tag"') }} as tags,
        {{ parse_date_any('"Date of Birth"') }} as birth_date,

        ----------  contact details
        {{ clean_text('"Email"') }} as email,
        {{ clean_text('"Secondary Email"') }} as email_secondary,
        {{ clean_contact_value('"Phone"') }} as phone,
        {{ clean_contact_value('"Mobile"') }} as mobile_phone,
        {{ clean_text('"Mailing Street"') }} as mailing_street,
        {{ clean_text('"Mailing City"') }} as mailing_city,
        {{ clean_text('"Mailing State"') }} as mailing_state,
        {{ clean_contact_value('"Mailing Zip"') }} as mailing_zip,
        {{ clean_text('"Mailing Country"') }} as mailing_country,

        ----------  timestamps (UTC)
        {{ to_utc('"Created Time"', 'zoho_crm') }} as created_at,
        {{ to_utc('"Modified Time"', 'zoho_crm') }} as updated_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where contact_id is not null
{{ keep_latest_version('contact_id') }}
