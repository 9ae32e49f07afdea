{#- Fails for every row whose column is below zero (NULL passes: pair it with
    not_null where the value is required). Used on amounts, counts, rates and
    durations in the marts. -#}
{% test not_negative(model, column_name) %}

select {{ column_name }} as negative_value
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
