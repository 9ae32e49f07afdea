-- Interactions with a customer: Zoho calls and fxiaoke follow-ups (销售记录), each
-- resolved to the customer mention it refers to. References resolve against every
-- contact ever delivered (staging keeps the latest version of each record across
-- export dates), so a call about a contact exported last week still resolves. An
-- interaction whose contact is not found is kept with mention_key NULL and
-- is_reference_resolved = false.

with

zoho_calls as (

    select * from {{ ref('stg_zoho_crm__calls') }}

),

zoho_contacts as (

    select * from {{ ref('stg_zoho_crm__contacts') }}

),

fxiaoke_followups as (

    select * from {{ ref('stg_fxiaoke__followups') }}

),

fxiaoke_contacts as (

    select * from {{ ref('int_fxiaoke__contacts_joined_to_accounts') }}

),

fxiaoke_accounts as (

    select * from {{ ref('stg_fxiaoke__accounts') }}

),

-- 客户名称 -> one account (lowest 客户编号) and how many share the name; used when
-- a follow-up's contact is not found or names another account
fxiaoke_accounts_by_name as (

    select
        {{ to_halfwidth('account_name') }} as account_name_key,
        min(account_id) as account_id,
        count(*) as account_match_count

    from fxiaoke_accounts
    group by 1

),

calls as (

    select
        'zoho_crm' as source_system,
        zoho_calls.call_id as source_record_id,
        'call' as interaction_type,
        'phone' as channel,
        (case lower(zoho_calls.call_type)
            when 'inbound' then 'inbound'
            when 'outbound' then 'outbound'
            when 'missed' then 'missed'
            else 'other'
        end) as direction,
        zoho_calls.call_started_at as occurred_at,
        zoho_calls.duration_seconds,
        zoho_calls.subject,
        zoho_calls.description as content,
        cast(null as varchar) as outcome,
        zoho_calls.call_result as source_outcome,
        cast(null as bigint) as satisfaction,
        zoho_calls.owner_name,
        zoho_calls.contact_id as referenced_contact_id,
        zoho_calls.contact_name as referenced_contact_name,
        zoho_contacts.contact_id as resolved_contact_id,
        zoho_contacts.account_name as company,
        cast(null as varchar) as source_account_id,
        false as is_account_ambiguous,
        zoho_calls.export_date,
        zoho_calls.ingested_at,
        zoho_calls.source_file_path,
        zoho_calls.source_record_number

    from zoho_calls
    -- Zoho writes ids with or without the `zcrm_` prefix depending on the export
    left join zoho_contacts
        on regexp_replace(zoho_calls.contact_id, '^zcrm_', '')
            = regexp_replace(zoho_contacts.contact_id, '^zcrm_', '')
    -- an exact id match wins should both spellings ever exist
    qualify row_number() over (
        partition by zoho_calls.call_id
        order by coalesce(zoho_calls.contact_id = zoho_contacts.contact_id, false) desc, zoho_contacts.contact_id
    ) = 1

),

followups as (

    select
        'fxiaoke' as source_system,
        fxiaoke_followups.followup_id as source_record_id,
        'followup' as interaction_type,
        (case
            when fxiaoke_followups.followup_method is null then null
            when regexp_matches(fxiaoke_followups.followup_method, '会议|会面|(?i:meeting)') then 'meeting'
            when regexp_matches(fxiaoke_followups.followup_method, '微信|(?i:wechat|weixin)') then 'wechat'
            when regexp_matches(fxiaoke_followups.followup_method, '邮件|邮箱|(?i:e-?mail)') then 'email'
            when regexp_matches(fxiaoke_followups.followup_method, '拜访|上门|面谈|见面|(?i:visit)') then 'visit'
            when regexp_matches(fxiaoke_followups.followup_method, '电话|通话|致电|(?i:phone|call)') then 'phone'
            else 'other'
        end) as channel,
        cast(null as varchar) as direction,
        fxiaoke_followups.followed_up_at as occurred_at,
        cast(null as bigint) as duration_seconds,
        cast(null as varchar) as subject,
        fxiaoke_followups.content,
        (case fxiaoke_followups.followup_result
            when '成功' then 'success'
            when '跟进中' then 'in_progress'
            when '失败' then 'failed'
            else 'other'
        end) as outcome,
        fxiaoke_followups.followup_result as source_outcome,
        fxiaoke_followups.satisfaction,
        fxiaoke_followups.owner_name,
        fxiaoke_followups.contact_id as referenced_contact_id,
        fxiaoke_followups.contact_name as referenced_contact_name,
        fxiaoke_contacts.contact_id as resolved_contact_id,
        coalesce(fxiaoke_followups.account_name, fxiaoke_contacts.account_name) as company,
        -- the contact's own (location-aware) pick when it names the same account,
        -- else the first account of that name
        (case
            when fxiaoke_contacts.account_id is not null
                and {{ to_halfwidth('fxiaoke_contacts.account_name') }}
                    = {{ to_halfwidth('coalesce(fxiaoke_followups.account_name, fxiaoke_contacts.account_name)') }}
                then fxiaoke_contacts.account_id
            else fxiaoke_accounts_by_name.account_id
        end) as source_account_id,
        coalesce(fxiaoke_accounts_by_name.account_match_count, 0) > 1 as is_account_ambiguous,
        fxiaoke_followups.export_date,
        fxiaoke_followups.ingested_at,
        fxiaoke_followups.source_file_path,
        fxiaoke_followups.source_record_number

    from fxiaoke_followups
    left join fxiaoke_contacts
        on fxiaoke_followups.contact_id = fxiaoke_contacts.contact_id
    left join fxiaoke_accounts_by_name
        on {{ to_halfwidth('coalesce(fxiaoke_followups.account_name, fxiaoke_contacts.account_name)') }}
            = fxiaoke_accounts_by_name.account_name_key

),

unioned as (

    select * from calls
    union all by name
    select * from followups

)

select
    source_system || ':' || source_record_id as interaction_key,
    source_system,
    source_record_id,
    interaction_type,
    channel,
    direction,
    occurred_at,
    duration_seconds,
    subject,
    content,
    outcome,
    source_outcome,
    satisfaction,
    owner_name,
    referenced_contact_id,
    referenced_contact_name,
    source_system || ':' || resolved_contact_id as mention_key,
    resolved_contact_id is not null as is_reference_resolved,
    company,
    source_account_id,
    is_account_ambiguous,
    export_date,
    ingested_at,
    source_file_path,
    source_record_number

from unioned
