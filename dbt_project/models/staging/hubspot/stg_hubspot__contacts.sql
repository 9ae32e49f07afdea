with

source as (

    select * from {{ source('hubspot', 'contacts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Record ID"') }} as contact_id,

        ----------  person
        {{ clean_text('"First Name"') }} as first_name,
        {{ clean_text('"Last Name"') }} as last_name,
        {{ clean_text('"Job Title"') }} as job_title,
        {{ clean_text('"Company Name"') }} as company_name,
        {{ clean_text('"Industry"') }} as industry,
        {{ clean_text('"Lifecycle Stage"') }} as lifecycle_stage,
        {{ clean_text('"Original Source"') }} as original_source,
        {{ clean_text('"Contact owner"') }} as owner_name,

        ----------  contact details
        {{ clean_text('"Email"') }} as email,
        {{ clean_contact_value('"Phone Number"') }} as phone,
        {{ clean_contact_value('"Mobile Phone Number"') }} as mobile_phone,
        {{ clean_text('"Street Address"') }} as street_address,
        {{ clean_text('"City"') }} as city,
        {{ clean_text('"State/Region"') }} as state_region,
        {{ clean_contact_value('"Postal Code"') }} as postal_code,
        {{ clean_text('"Country/Region"') }} as country_region,

        ----------  timestamps (UTC; naive values are in the portal's zone)
        {{ to_utc('"Create Date"', 'hubspot') }} as created_at,
        {{ to_utc('"Last Activity Date"', 'hubspot') }} as last_activity_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

)

select * from renamed
where contact_id is not null
{{ keep_latest_version('contact_id') }}
