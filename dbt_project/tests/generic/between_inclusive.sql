{#- Fails for every row whose column lies outside [min_value, max_value] (NULL
    passes). Used on scores (1–5), satisfaction (1–5) and rates (0–1). -#}
{% test between_inclusive(model, column_name, min_value, max_value) %}

select {{ column_name }} as out_of_range_value
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}

{% endtest %}
