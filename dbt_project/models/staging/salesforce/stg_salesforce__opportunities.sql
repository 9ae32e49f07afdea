with

source as (

    select * from {{ source('salesforce', 'opportunities') }}

),

renamed as (

    select
        ----------  ids
        {{ clean_id('"Id"') }} as opportunity_id,
        {{ clean_id('"AccountId"') }} as account_id,
        {{ clean_id('"OwnerId"') }} as owner_id,

        ----------  opportunity
        {{ clean_text('"Name"') }} as opportunity_name,
        {{ clean_text('"StageName"') }} as stage_name,
        {{ clean_text('"LeadSource"') }} as lead_source,
        {{ parse_decimal('"Amount"') }} as amount,
        {{ parse_date_any('"CloseDate"') }} as close_date,

        ----------  flags
        {{ parse_boolean('"IsClosed"') }} as is_closed,
        {{ parse_boolean('"IsWon"') }} as is_won,
        coalesce({{ parse_boolean('"IsDeleted"') }}, false) as is_deleted,

        ----------  timestamps (UTC)
        {{ to_utc('"CreatedDate"', 'salesforce') }} as created_at,

        ----------  lineage
        {{ lineage_columns() }}

    from source

),

latest as (

    select * from renamed
    where opportunity_id is not null
    {{ keep_latest_version('opportunity_id') }}

)

-- an opportunity whose latest version is a deletion is gone
select * exclude (is_deleted)
from latest
where not is_deleted
