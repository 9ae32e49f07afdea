-- Interactions (int_interactions: Zoho calls, fxiaoke follow-ups) with the channel
-- and outcome classified by the mapping seeds:
--   channel  from the channel the source writes — fxiaoke 跟进方式 (电话沟通, 微信聊天,
--            上门拜访, 视频会议 ...), Zoho `Call Type` + ' call' ('Inbound call') — by
--            seed channel_mapping (exact rules first, then contains rules by priority,
--            then longest pattern); unmatched or empty → 'other'.
--   outcome  from fxiaoke 跟进结果 / Zoho `Call Result` by seed
--            interaction_outcome_mapping (per source system); else 'unknown'.
-- Satisfaction outside 1–5 is treated as missing (staging keeps and warns on it).

{%- set ws = "'[\\s\\x{3000}\\x{00A0}]+'" %}

with

interactions as (

    select * from {{ ref('int_interactions') }}

),

fxiaoke_followups as (

    select followup_id, followup_method from {{ ref('stg_fxiaoke__followups') }}

),

zoho_calls as (

    select call_id, call_type from {{ ref('stg_zoho_crm__calls') }}

),

with_source_channel as (

    select
        interactions.*,
        (case interactions.source_system
            when 'fxiaoke' then fxiaoke_followups.followup_method
            when 'zoho_crm' then concat_ws(' ', zoho_calls.call_type, 'call')
        end) as source_channel

    from interactions
    left join fxiaoke_followups
        on interactions.source_system = 'fxiaoke'
        and interactions.source_record_id = fxiaoke_followups.followup_id
    left join zoho_calls
        on interactions.source_system = 'zoho_crm'
        and interactions.source_record_id = zoho_calls.call_id

),

keyed as (

    select
        *,
        regexp_replace(lower({{ to_halfwidth(clean_text('source_channel')) }}), {{ ws }}, ' ', 'g') as channel_key,
        regexp_replace(lower({{ to_halfwidth(clean_text('source_outcome')) }}), {{ ws }}, ' ', 'g') as outcome_key
    from with_source_channel

),

{{ channel_match_ctes('keyed') }},

outcome_rules as (

    select
        source_system,
        regexp_replace(lower({{ to_halfwidth(clean_text('source_outcome')) }}), {{ ws }}, ' ', 'g') as outcome_key,
        outcome
    from {{ ref('interaction_outcome_mapping') }}

)

select
    keyed.interaction_key,
    keyed.source_system,
    keyed.source_record_id,
    keyed.interaction_type,
    keyed.mention_key,
    keyed.is_reference_resolved,
    keyed.source_channel,
    coalesce(channel_matches.channel, 'other') as channel,
    channel_matches.pattern as channel_matched_pattern,
    keyed.direction,
    keyed.occurred_at,
    keyed.duration_seconds,
    keyed.subject,
    keyed.content,
    keyed.source_outcome,
    coalesce(outcome_rules.outcome, 'unknown') as outcome,
    (case
        when outcome_rules.outcome is null then null
        else outcome_rules.outcome = 'success'
    end) as is_follow_up_success,
    (case when keyed.satisfaction between 1 and 5 then keyed.satisfaction end) as satisfaction,
    keyed.owner_name,
    keyed.company,
    keyed.source_account_id,
    keyed.export_date,
    keyed.source_file_path,
    keyed.source_record_number

from keyed
left join channel_matches
    on keyed.channel_key = channel_matches.channel_key
    and channel_matches.match_rank = 1
left join outcome_rules
    on keyed.source_system = outcome_rules.source_system
    and keyed.outcome_key = outcome_rules.outcome_key
