-- One row per record that carries a lifecycle / deal stage, with the stage unified
-- by seed lifecycle_stage_mapping onto seed lifecycle_stages
-- (lead / qualified / opportunity / customer / lost / other):
--   hubspot     contacts, `Lifecycle Stage`       (source_field 'Lifecycle Stage')
--   salesforce  opportunities, `StageName`        (source_field 'StageName')
--   salesforce  accounts, `Type`                  (source_field 'Account.Type')
--   fxiaoke     accounts (客户), 成交状态           (source_field '成交状态')
-- Values match per system and field on a key that folds width and case and drops
-- whitespace and punctuation, so HubSpot's internal `marketingqualifiedlead` and its
-- label `Marketing Qualified Lead` are one value. Unmapped or empty → 'other'.

{%- set stage_key = "regexp_replace(lower(" ~ to_halfwidth(clean_text('__v__')) ~ "), '[^a-z0-9\\x{4e00}-\\x{9fff}]+', '', 'g')" %}

with

records as (

    select
        'hubspot' as source_system,
        'contact' as record_type,
        contact_id as record_id,
        'hubspot:' || contact_id as mention_key,
        'Lifecycle Stage' as source_field,
        lifecycle_stage as source_stage
    from {{ ref('stg_hubspot__contacts') }}

    union all

    select
        'salesforce',
        'opportunity',
        opportunity_id,
        cast(null as varchar),
        'StageName',
        stage_name
    from {{ ref('stg_salesforce__opportunities') }}

    union all

    select
        'salesforce',
        'account',
        account_id,
        cast(null as varchar),
        'Account.Type',
        account_type
    from {{ ref('stg_salesforce__accounts') }}

    union all

    select
        'fxiaoke',
        'account',
        account_id,
        cast(null as varchar),
        '成交状态',
        deal_status
    from {{ ref('stg_fxiaoke__accounts') }}

),

mapping as (

    -- a label and an internal name of one stage (`Marketing Qualified Lead`,
    -- `marketingqualifiedlead`) fold to the same key: keep it once
    select distinct
        source_system,
        source_field,
        {{ stage_key | replace('__v__', 'source_value') }} as stage_key,
        lifecycle_stage
    from {{ ref('lifecycle_stage_mapping') }}

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

classified as (

    select
        records.*,
        coalesce(mapping.lifecycle_stage, 'other') as lifecycle_stage,
        mapping.lifecycle_stage is not null as is_stage_mapped

    from records
    left join mapping
        on records.source_system = mapping.source_system
        and records.source_field = mapping.source_field
        and {{ stage_key | replace('__v__', 'records.source_stage') }} = mapping.stage_key

)

select
    classified.source_system || ':' || classified.record_type || ':' || classified.record_id as lifecycle_record_key,
    classified.source_system,
    classified.record_type,
    classified.record_id,
    classified.mention_key,
    classified.source_field,
    classified.source_stage,
    classified.lifecycle_stage,
    stages.stage_order,
    stages.is_funnel_stage,
    classified.is_stage_mapped

from classified
inner join stages on classified.lifecycle_stage = stages.lifecycle_stage
