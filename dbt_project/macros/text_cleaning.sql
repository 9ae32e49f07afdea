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


{#- Trim (see above) and turn empty strings into NULL. Inner spaces are kept. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}, {{ crm_quality._edge_whitespace() }}), '')
{%- endmacro %}


{#- Remove Excel "keep this as text" guards: ="3012345678901234567" and a
    leading apostrophe ('13800138000), then trim again. -#}
{% macro strip_excel_guard(column) -%}
    nullif(trim(
        regexp_replace(
            regexp_replace({{ crm_quality.clean_text(column) }}, '^=\s*"(.*)"$', '\1'),
            '^''+', ''
        ),
        {{ crm_quality._edge_whitespace() }}
    ), '')
{%- endmacro %}


{#- Full-width (U+FF01..U+FF5E) ASCII look-alikes to ASCII, for values that are
    parsed (ids, numbers, dates). Free text keeps its width: the standardization
    step owns that. -#}
{% macro to_halfwidth(column) -%}
    translate(
        {{ column }},
        '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＋－．，：／（）＃＿＠',
        '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+-.,:/()#_@'
    )
{%- endmacro %}


{#- A record id, kept as TEXT: guards stripped, trimmed, full-width digits and
    letters folded, and the `.0` an Excel numeric cell adds (`10001.0`) removed. -#}
{% macro clean_id(column) -%}
    regexp_replace({{ crm_quality.to_halfwidth(crm_quality.strip_excel_guard(column)) }}, '^(\d+)\.0+$', '\1')
{%- endmacro %}


{#- Phones and zip codes: guards stripped and trimmed, otherwise as in the
    source (formatting, `.0`, full width are left to the standardization step). -#}
{% macro clean_contact_value(column) -%}
    {{ crm_quality.strip_excel_guard(column) }}
{%- endmacro %}
