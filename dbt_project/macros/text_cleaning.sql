{#-
    Text cleaning helpers shared by every staging model. Each macro takes a SQL
    expression (usually a quoted raw column such as '"Record Id"') and returns a
    SQL expression. Raw columns are all VARCHAR; empty cells are already NULL.
-#}

{#- Characters stripped from both ends of every value: ASCII whitespace, the
    ideographic space U+3000 (which SQL trim() keeps), no-break space U+00A0 and
    a stray byte-order mark U+FEFF. -#}
{% macro _edge_whitespace() -%}
    (E' \t\n\r\x0b\x0c' || chr(160) || chr(12288) || chr(65279))
{%- endmacro %}


{#- Trim (see above); inner spaces are kept. '' stays '' (clean_text makes it NULL). -#}
{% macro _trimmed(column) -%}
    trim({{ column }}, {{ crm_quality._edge_whitespace() }})
{%- endmacro %}


{#- Trim (see above) and turn empty strings into NULL. Inner spaces are kept. -#}
{% macro clean_text(column) -%}
    nullif({{ crm_quality._trimmed(column) }}, '')
{%- endmacro %}


{#- Remove Excel "keep this as text" guards: ="3012345678901234567" and a
    leading apostrophe ('13800138000), then trim again. -#}
{% macro strip_excel_guard(column) -%}
    nullif({{ crm_quality._guard_stripped(column) }}, '')
{%- endmacro %}


{#- strip_excel_guard without the final nullif: '' where the value is empty.
    Why apart: DuckDB expands nullif(x, '') to CASE WHEN x = '' THEN NULL ELSE x END,
    so each nested nullif doubled the expression inside it (a date column of a
    staging model evaluated its trim and regexes a dozen times per value). Macros
    that go on transforming the text build on this and apply one nullif at the end;
    every step maps '' to '' and a non-empty value to a non-empty one, so the result
    is the same. -#}
{% macro _guard_stripped(column) -%}
    trim(
        regexp_replace(
            regexp_replace({{ crm_quality._trimmed(column) }}, '^=\s*"(.*)"$', '\1'),
            '^''+', ''
        ),
        {{ crm_quality._edge_whitespace() }}
    )
{%- endmacro %}


{#- Full-width (U+FF01..U+FF5E) ASCII look-alikes to ASCII, for values that are
    parsed (ids, numbers, dates). Free text keeps its width: the standardization
    step owns that. Only text with a non-ASCII character (more bytes than
    characters) goes through translate(): DuckDB's translate with multi-byte
    characters cost ten times a trim per value, and was most of the staging
    models' time; ASCII text is left as it is, which translate would do too. -#}
{% macro to_halfwidth(column) -%}
    (case when strlen({{ column }}) = length({{ column }}) then {{ column }} else translate(
        {{ column }},
        '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＋－．，：／（）＃＿＠',
        '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+-.,:/()#_@'
    ) end)
{%- endmacro %}


{#- A record id, kept as TEXT: guards stripped, trimmed, full-width digits and
    letters folded, and the `.0` an Excel numeric cell adds (`10001.0`) removed. -#}
{% macro clean_id(column) -%}
    nullif(regexp_replace({{ crm_quality.to_halfwidth(crm_quality._guard_stripped(column)) }}, '^(\d+)\.0+$', '\1'), '')
{%- endmacro %}


{#- Phones and zip codes: guards stripped and trimmed, otherwise as in the
    source (formatting, `.0`, full width are left to the standardization step). -#}
{% macro clean_contact_value(column) -%}
    {{ crm_quality.strip_excel_guard(column) }}
{%- endmacro %}
