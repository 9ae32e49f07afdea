with

source as (

    select * from {{ source('salesforce', 'accounts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Id"') }} as account_id,
        {{ clean_id('"OwnerId"') }} as owner_id,

        ----------  account
        {{ clean_text('"Name"') }} as account_name,
        {{ clean_text('"Type"') }} as account_type,
        {{ clean_text('"Industry"') }} as industry,
        {{ clean_text('"Website"') }} as website,
        {{ clean_contact_value('"Phone"') }} as phone,
        {{ parse_integer('"NumberOfEmployees"') }} as number_of_employees,
        {{ parse_decimal('"AnnualRevenue"') }} as annual_revenue,

        ----------  billing address
        {{ clean_text('"BillingStreet"') }} as billing_street,
        {{ clean_text('"BillingCity"') }} as billing_city,
        {{ clean_text('"BillingState"') }} as billing_state,
        {{ clean_contact_value('"BillingPostalCode"') }} as billing_postal_code,
        {{ clean_text('"BillingCountry"') }} as billing_country,

        ----------  flags
        coalesce({{ parse_boolean('"IsDeleted"') }}, false) as is_deleted,

        ----------  timestamps (UTC)
        {{ to_utc('"CreatedDate"', 'salesforce') }} as created_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

),

latest as (

    select * from renamed
    where account_id is not null
    {{ keep_latest_version('account_id') }}

)

-- an account whose latest version is a deletion is gone
select * exclude (is_deleted)
from latest
where not is_deleted
