-- Feedback tickets (int_feedback) with channel and category classified:
--   channel   `channel` by seed channel_mapping (as for interactions); unmatched or
--             empty → 'other'.
--   category  a ticket that carries a category keeps it, mapped onto the five
--             categories by seed feedback_category_mapping (category_source =
--             'source'; an unmapped category becomes 'other'). A ticket with an EMPTY
--             category is classified from its content by seed feedback_keyword_rules
--             (category_source = 'rule', category_rule_id = the rule that fired: the
--             lowest priority among the matching rules, then the lowest rule_id);
--             no rule matches → 'other' (category_source = 'default').
-- Keywords match on match keys (full width folded, lower case). `zh` keywords match
-- anywhere; `en` keywords must match whole words (`late` does not fire on `translate`).
-- Satisfaction outside 1–5 is treated as missing.

{%- set ws = "'[\\s\\x{3000}\\x{00A0}]+'" %}

with

feedback as (

    select * from {{ ref('int_feedback') }}

),

keyed as (

    select
        *,
        regexp_replace(lower({{ to_halfwidth(clean_text('channel')) }}), {{ ws }}, ' ', 'g') as channel_key,
        -- category codes: `Product Quality`, `product-quality` and `product_quality` are one key
        regexp_replace(
            regexp_replace(lower({{ to_halfwidth(clean_text('category')) }}), {{ ws }}, ' ', 'g'),
            '[ -]+', '_', 'g') as category_key,
        regexp_replace(lower({{ to_halfwidth(clean_text('content')) }}), {{ ws }}, ' ', 'g') as content_key
    from feedback

),

{{ channel_match_ctes('keyed') }},

category_map as (

    select
        regexp_replace(
            regexp_replace(lower({{ to_halfwidth(clean_text('source_category')) }}), {{ ws }}, ' ', 'g'),
            '[ -]+', '_', 'g') as category_key,
        category
    from {{ ref('feedback_category_mapping') }}

),

keyword_rules as (

    select
        rule_id,
        priority,
        language,
        category,
        regexp_replace(lower({{ to_halfwidth(clean_text('keyword')) }}), {{ ws }}, ' ', 'g') as keyword_key
    from {{ ref('feedback_keyword_rules') }}

),

rule_matches as (

    select
        keyed.feedback_key,
        keyword_rules.rule_id,
        keyword_rules.category,
        row_number() over (
            partition by keyed.feedback_key
            order by keyword_rules.priority, keyword_rules.rule_id
        ) as match_rank

    from keyed
    inner join keyword_rules
        on (keyword_rules.language = 'zh' and contains(keyed.content_key, keyword_rules.keyword_key))
        or (keyword_rules.language = 'en'
            and contains(keyed.content_key, keyword_rules.keyword_key)
            and regexp_matches(
                keyed.content_key,
                '(^|[^a-z0-9])' || regexp_replace(keyword_rules.keyword_key, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g')
                    || '($|[^a-z0-9])'))
    where keyed.category_key is null

)

select
    keyed.feedback_key,
    keyed.ticket_id,
    keyed.mention_key,
    keyed.created_at,
    keyed.channel as source_channel,
    coalesce(channel_matches.channel, 'other') as channel,
    channel_matches.pattern as channel_matched_pattern,
    keyed.category as source_category,
    (case
        when keyed.category_key is not null then coalesce(category_map.category, 'other')
        else coalesce(rule_matches.category, 'other')
    end) as category,
    (case
        when keyed.category_key is not null then 'source'
        when rule_matches.rule_id is not null then 'rule'
        else 'default'
    end) as category_source,
    rule_matches.rule_id as category_rule_id,
    keyed.content,
    (case when keyed.satisfaction between 1 and 5 then keyed.satisfaction end) as satisfaction,
    keyed.status,
    keyed.export_date,
    keyed.source_file_path,
    keyed.source_record_number

from keyed
left join channel_matches
    on keyed.channel_key = channel_matches.channel_key
    and channel_matches.match_rank = 1
left join category_map
    on keyed.category_key = category_map.category_key
left join rule_matches
    on keyed.feedback_key = rule_matches.feedback_key
    and rule_matches.match_rank = 1
