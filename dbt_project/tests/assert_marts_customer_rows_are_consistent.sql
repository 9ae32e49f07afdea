-- Consistency rules across the customer marts:
--   * a fact row with a mention_key has a customer_id (the crosswalk covers it);
--   * a feedback category_rule_id is set exactly when category_source = 'rule';
--   * a customer with a paid order has complete RFM scores, segment and type, and
--     one without has none.

select 'fct_interactions' as model, interaction_key as row_key, 'mention without customer_id' as problem
from {{ ref('fct_interactions') }}
where mention_key is not null and customer_id is null

union all

select 'fct_feedback', ticket_id, 'category_rule_id does not match category_source'
from {{ ref('fct_feedback') }}
where (category_source = 'rule') is distinct from (category_rule_id is not null)

union all

select 'rpt_customer_value', customer_id, 'RFM columns inconsistent with paid orders'
from {{ ref('rpt_customer_value') }}
where (paid_order_count > 0) is distinct from (
        r_score is not null and f_score is not null and m_score is not null
        and rfm_segment is not null and customer_type is not null)
    or (paid_order_count = 0 and coalesce(r_score, f_score, m_score) is not null)
