{#-
    Typed parsing of VARCHAR raw values. Every macro returns NULL (never an
    error) for a value it cannot read, so one bad cell never fails a model.
    They parse the text as `_guard_stripped` leaves it ('' for an empty value,
    which no cast or pattern reads) rather than through a nullif, which DuckDB
    would expand into a second copy of the whole expression.
-#}

{#- Decimal amount: full width folded, thousands separators, spaces and
    currency signs removed. Handles `1088.0` (Excel numeric cells) and `1.2E3`. -#}
{% macro parse_decimal(column, precision=18, scale=2) -%}
    {%- set s -%}
        regexp_replace({{ crm_quality.to_halfwidth(crm_quality._guard_stripped(column)) }}, '[\s,¥￥$€£]|CNY|RMB|USD', '', 'g')
    {%- endset -%}
    coalesce(
        try_cast({{ s }} as decimal({{ precision }}, {{ scale }})),
        try_cast(try_cast({{ s }} as double) as decimal({{ precision }}, {{ scale }}))
    )
{%- endmacro %}


{#- Whole number; accepts `5`, `5.0` (Excel), `５`. Non-integral values -> NULL. -#}
{% macro parse_integer(column) -%}
    {%- set s -%}
        regexp_replace({{ crm_quality.to_halfwidth(crm_quality._guard_stripped(column)) }}, '[\s,]', '', 'g')
    {%- endset -%}
    (case when regexp_full_match({{ s }}, '[+-]?\d+(\.0*)?')
        then try_cast(regexp_replace({{ s }}, '\.0*$', '') as bigint)
    end)
{%- endmacro %}


{#- Boolean: true/false (Salesforce), 1/0, yes/no, 是/否. -#}
{% macro parse_boolean(column) -%}
    (case
        when lower({{ crm_quality._trimmed(column) }}) in ('true', 't', '1', '1.0', 'yes', 'y', '是') then true
        when lower({{ crm_quality._trimmed(column) }}) in ('false', 'f', '0', '0.0', 'no', 'n', '否') then false
    end)
{%- endmacro %}


{#- Duration in seconds: a whole number (`125`, `125.0`), or the display forms
    `mm:ss` / `hh:mm:ss`. -#}
{% macro parse_duration_seconds(column) -%}
    {%- set s = crm_quality.to_halfwidth(crm_quality._trimmed(column)) -%}
    coalesce(
        {{ crm_quality.parse_integer(column) }},
        (case
            when regexp_full_match({{ s }}, '\d+:\d{1,2}:\d{1,2}')
                then try_cast(split_part({{ s }}, ':', 1) as bigint) * 3600
                    + try_cast(split_part({{ s }}, ':', 2) as bigint) * 60
                    + try_cast(split_part({{ s }}, ':', 3) as bigint)
            when regexp_full_match({{ s }}, '\d+:\d{1,2}')
                then try_cast(split_part({{ s }}, ':', 1) as bigint) * 60
                    + try_cast(split_part({{ s }}, ':', 2) as bigint)
        end)
    )
{%- endmacro %}
