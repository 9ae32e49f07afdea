{#- Fails for every row whose column is below zero (NULL passes: pair it with
    not_null where the value is required). Used on amounts, counts, rates and
    durations in the marts. -#}
{#- A warning in dbt: the blocking gate for negative values is the Great Expectations marts
    suite (expectations/thresholds.yml, marts.tables.*.non_negative), which names the source,
    the column and the value. As an error here, dbt build would skip every model downstream
    and fail the step before that gate could report. -#}
{% test not_negative(model, column_name) %}
{{ config(severity='warn') }}

select {{ column_name }} as negative_value
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
