-- Industry of every record that carries one — Salesforce accounts (`Industry`),
-- HubSpot contacts (`Industry`), fxiaoke accounts (`行业`) — classified onto the
-- fixed taxonomy in seed `industries` by the rules in seed `industry_taxonomy`.
--
-- Matching is done once per distinct value (a few dozen), then joined back. Both
-- sides are folded to a match key: full width → half width, lower case, trimmed,
-- whitespace runs collapsed. Exact rules win over contains rules; among contains
-- rules the lowest priority, then the longest pattern, then the pattern wins.
-- Empty → 'Unknown'; given but matched by no rule → 'Other'.

{%- set ws = "'[\\s\\x{3000}\\x{00A0}]+'" %}

with

records as (

    select
        'salesforce' as source_system,
        'account' as record_type,
        account_id as record_id,
        cast(null as varchar) as mention_key,
        industry as source_industry
    from {{ ref('stg_salesforce__accounts') }}

    union all

    select
        'hubspot',
        'contact',
        contact_id,
        'hubspot:' || contact_id,
        industry
    from {{ ref('stg_hubspot__contacts') }}

    union all

    select
        'fxiaoke',
        'account',
        account_id,
        cast(null as varchar),
        industry
    from {{ ref('stg_fxiaoke__accounts') }}

),

keyed as (

    select
        *,
        regexp_replace(lower({{ to_halfwidth(clean_text('source_industry')) }}), {{ ws }}, ' ', 'g') as industry_key
    from records

),

rules as (

    select
        regexp_replace(lower({{ to_halfwidth(clean_text('pattern')) }}), {{ ws }}, ' ', 'g') as pattern_key,
        pattern,
        match_type,
        industry,
        priority
    from {{ ref('industry_taxonomy') }}

),

distinct_values as (

    select distinct industry_key from keyed where industry_key is not null

),

ranked_matches as (

    select
        distinct_values.industry_key,
        rules.industry,
        rules.match_type,
        rules.pattern,
        row_number() over (
            partition by distinct_values.industry_key
            order by
                (rules.match_type = 'exact') desc,
                rules.priority,
                length(rules.pattern_key) desc,
                rules.pattern_key
        ) as match_rank

    from distinct_values
    inner join rules
        on (rules.match_type = 'exact' and distinct_values.industry_key = rules.pattern_key)
        or (rules.match_type = 'contains' and contains(distinct_values.industry_key, rules.pattern_key))

),

best_match as (

    select * from ranked_matches where match_rank = 1

)

select
    keyed.source_system || ':' || keyed.record_type || ':' || keyed.record_id as industry_record_key,
    keyed.source_system,
    keyed.record_type,
    keyed.record_id,
    keyed.mention_key,
    keyed.source_industry,
    (case
        when keyed.industry_key is null then 'Unknown'
        else coalesce(best_match.industry, 'Other')
    end) as industry,
    (case
        when keyed.industry_key is null then 'empty'
        when best_match.industry is null then 'default'
        else best_match.match_type
    end) as industry_match_type,
    best_match.pattern as industry_matched_pattern

from keyed
left join best_match on keyed.industry_key = best_match.industry_key
