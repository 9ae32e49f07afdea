{% macro delete_vanished_mentions(unioned) %}
  {#-
    post_hook of the incremental int_customer_mentions: delete+insert only replaces the
    keys of the night's batch, so a mention that left the union (a Salesforce contact
    exported with IsDeleted, a record no staging model keeps any more) would otherwise stay.
    A full build has nothing to delete, so the statement is skipped there.
  -#}
  {% if is_incremental() %}
    delete from {{ this }} as t
    where not exists (
        select 1 from {{ unioned }} as u
        where u.mention_key = t.mention_key
    )
  {% else %}
    select 1 as nothing_vanished_in_a_full_build
  {% endif %}
{% endmacro %}
