{#-
    Date and time parsing for every export format in the contract. Three macros:

      parse_timestamp_any(column)   -> naive TIMESTAMP, the wall-clock time as written
                                       (no zone applied, any offset ignored)
      parse_date_any(column)        -> DATE
      to_utc(column, source)        -> TIMESTAMP in UTC, using the value's own
                                       offset (`Z`, `+0800`, `+08:00`) when it has
                                       one, else var('source_timezones')[source]

    Accepted shapes (after trimming and folding full-width digits):
      2024-08-19T01:30:00.000Z     Salesforce (offset: to_utc)
      2024-08-19 09:30:00 +0800    Shopify    (offset: to_utc)
      2024-08-19 09:30[:00[.fff]]  HubSpot, Zoho, Taobao, feedback, XLSX date cells
      2024/8/19 9:30, 2024/8/19    fxiaoke text dates
      2024年8月19日 [9:30]          fxiaoke text dates
      45523.39583, 45523.0, 45523  Excel serial day numbers (1900 date system)
      03/02/1985 [9:30[:00]]       MM/dd/yyyy (Zoho Date of Birth)
      1985-03-02, 19850302         ISO dates
    Anything else is NULL (never an error).
-#}

{#- Normalised text the strptime formats are written against: guards stripped,
    full width folded, 年/月/日 and `/` to `-`, `T` to a space, runs of spaces
    collapsed, a trailing `Z` / `UTC` / `GMT` written as `+00:00`. -#}
{% macro _datetime_text(column) -%}
    regexp_replace(regexp_replace(regexp_replace(
        replace(replace(replace(replace(
            {{ crm_quality.to_halfwidth(crm_quality._guard_stripped(column)) }},
            '年', '-'), '月', '-'), '日', ' '), '/', '-'),
        '(\d)T(\d)', '\1 \2'),
        '\s+', ' ', 'g'),
        '(\d) ?(Z|UTC|GMT) ?$', '\1+00:00', 'i')
{%- endmacro %}


{#- Naive TIMESTAMP from text already normalised by _datetime_text. -#}
{% macro _parse_naive_text(s) -%}
    coalesce(
        {#- wall-clock time of a value with an offset: the offset is dropped here
            (to_utc applies it) #}
        try_strptime(regexp_replace(trim({{ s }}), '(\d:\d{2}(:\d{2}(\.\d+)?)?) ?[+-]\d{2}:?\d{2}$', '\1'), [
            '%Y-%m-%d %H:%M:%S.%f',
            '%Y-%m-%d %H:%M:%S',
            '%Y-%m-%d %H:%M',
            '%Y-%m-%d %I:%M:%S %p',
            '%Y-%m-%d %I:%M %p',
            '%Y-%m-%d',
            '%m-%d-%Y %H:%M:%S',
            '%m-%d-%Y %H:%M',
            '%m-%d-%Y %I:%M:%S %p',
            '%m-%d-%Y %I:%M %p',
            '%m-%d-%Y',
            '%Y%m%d'
        ]),
        {#- Excel serial: 5 digits (1927..2173) plus an optional fraction of a day,
            rounded to the second. 25569 = days from 1899-12-30 to 1970-01-01. #}
        (case when regexp_full_match({{ s }}, '\d{5}(\.\d+)?')
            then make_timestamp(cast(round((try_cast({{ s }} as double) - 25569) * 86400) as bigint) * 1000000)
        end)
    )
{%- endmacro %}


{% macro parse_timestamp_any(column) -%}
    {{ crm_quality._parse_naive_text(crm_quality._datetime_text(column)) }}
{%- endmacro %}


{% macro parse_date_any(column) -%}
    cast({{ crm_quality.parse_timestamp_any(column) }} as date)
{%- endmacro %}


{#- Naive local TIMESTAMP expression -> UTC TIMESTAMP for a zone known at compile
    time: UTC is a no-op, fixed offsets (`-07:00`, `UTC+8`) are plain arithmetic,
    IANA names go through ICU (DST-aware). -#}
{% macro _local_to_utc(ts, tz) -%}
    {%- set tz = tz | string | trim -%}
    {%- set m = modules.re.match('^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$', tz) -%}
    {%- if tz | upper in ('UTC', 'GMT', 'Z', 'ETC/UTC', 'ETC/GMT', '+00:00', '-00:00') -%}
        {{ ts }}
    {%- elif m -%}
        {%- set minutes = (m.group(2) | int) * 60 + (m.group(3) or '0') | int -%}
        {%- set sign = -1 if m.group(1) == '-' else 1 -%}
        ({{ ts }} - to_minutes({{ sign * minutes }}))
    {%- else -%}
        timezone('UTC', timezone('{{ tz }}', {{ ts }}))
    {%- endif -%}
{%- endmacro %}


{% macro to_utc(column, source) -%}
    {%- set zones = var('source_timezones') -%}
    {%- if source not in zones -%}
        {{ exceptions.raise_compiler_error("to_utc: no time zone for source '" ~ source ~ "' in var('source_timezones')") }}
    {%- endif -%}
    {%- set s = crm_quality._datetime_text(column) -%}
    coalesce(
        {#- the value carries its own offset (Z was normalised to +00:00) #}
        timezone('UTC', try_strptime({{ s }}, [
            '%Y-%m-%d %H:%M:%S.%f%z',
            '%Y-%m-%d %H:%M:%S.%f %z',
            '%Y-%m-%d %H:%M:%S%z',
            '%Y-%m-%d %H:%M:%S %z',
            '%Y-%m-%d %H:%M%z',
            '%Y-%m-%d %H:%M %z'
        ])),
        {#- naive: the source system's zone #}
        {{ crm_quality._local_to_utc(crm_quality._parse_naive_text(s), zones[source]) }}
    )
{%- endmacro %}
