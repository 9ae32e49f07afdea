{#-
    The channel classification shared by interactions and feedback: the rules of the
    `channel_mapping` seed and, for every distinct `channel_key` of `keyed_cte`, the
    rules that match it ranked (exact before contains, then priority, then the longest
    pattern). Emits two CTEs, `channel_rules` and `channel_matches`; keep match_rank = 1.
-#}
{% macro channel_match_ctes(keyed_cte) -%}
{%- set ws = "'[\\s\\x{3000}\\x{00A0}]+'" %}
channel_rules as (

    select
        regexp_replace(lower({{ to_halfwidth(clean_text('pattern')) }}), {{ ws }}, ' ', 'g') as pattern_key,
        pattern,
        match_type,
        channel,
        priority
    from {{ ref('channel_mapping') }}

),

channel_matches as (

    select
        channel_values.channel_key,
        channel_rules.channel,
        channel_rules.pattern,
        row_number() over (
            partition by channel_values.channel_key
            order by
                (channel_rules.match_type = 'exact') desc,
                channel_rules.priority,
                length(channel_rules.pattern_key) desc,
                channel_rules.pattern_key
        ) as match_rank

    from (select distinct channel_key from {{ keyed_cte }} where channel_key is not null) as channel_values
    inner join channel_rules
        on (channel_rules.match_type = 'exact' and channel_values.channel_key = channel_rules.pattern_key)
        or (channel_rules.match_type = 'contains' and contains(channel_values.channel_key, channel_rules.pattern_key))

)
{%- endmacro %}
