with

source as (

    select * from {{ source('salesforce', 'contacts') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Id"') }} as contact_id,
        {{ clean_id('"AccountId"') }} as account_id,
        {{ clean_id('"MasterRecordId"') }} as master_record_id,
        {{ clean_id('"OwnerId"') }} as owner_id,

        ----------  person
        {{ clean_text('"Salutation"') }} as salutation,
        {{ clean_text('"FirstName"') }} as first_name,
        {{ clean_text('"LastName"') }} as last_name,
        {{ clean_text('"Name"') }} as full_name,
        {{ clean_text('"Title"') }} as job_title,
        {{ clean_text('"Department"') }} as department,
        {{ clean_text('"LeadSource"') }} as lead_source,
        {{ parse_date_any('"Birthdate"') }} as birth_date,

        ----------  contact details
        {{ clean_text('"Email"') }} as email,
        {{ clean_contact_value('"Phone"') }} as phone,
        {{ clean_contact_value('"MobilePhone"') }} as mobile_phone,
        {{ clean_text('"MailingStreet"') }} as mailing_street,
        {{ clean_text('"MailingCity"') }} as mailing_city,
        {{ clean_text('"MailingState"') }} as mailing_state,
        {{ clean_contact_value('"MailingPostalCode"') }} as mailing_postal_code,
        {{ clean_text('"MailingCountry"') }} as mailing_country,

        ----------  flags
        coalesce({{ parse_boolean('"IsDeleted"') }}, false) as is_deleted,

        ----------  timestamps (UTC)
        {{ to_utc('"CreatedDate"', 'salesforce') }} as created_at,
        {{ to_utc('"LastModifiedDate"', 'salesforce') }} as updated_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

),

latest as (

    select * from renamed
    where contact_id is not null
    {{ keep_latest_version('contact_id') }}

)

-- a contact whose latest version is a deletion is gone
select * exclude (is_deleted)
from latest
where not is_deleted
