-- Feedback tickets. The ticket itself is the customer mention (its name / email /
-- phone are in int_customer_mentions under the same mention_key).

select
    'feedback:' || ticket_id as feedback_key,
    ticket_id,
    'feedback:' || ticket_id as mention_key,
    source_system,
    created_at,
    channel,
    category,
    content,
    satisfaction,
    status,
    export_date,
    ingested_at,
    source_file_path,
    source_record_number

from {{ ref('stg_feedback__tickets') }}
