-- fxiaoke contacts with their account (客户), matched by 客户名称 — which is not
-- unique. When several accounts share the name, the pick is deterministic: prefer
-- the account in the contact's own city, then province, then the lowest 客户编号.
-- account_match_count and is_account_ambiguous say how sure the pick is.

with

contacts as (

    select * from {{ ref('stg_fxiaoke__contacts') }}

),

accounts as (

    select * from {{ ref('stg_fxiaoke__accounts') }}

),

candidates as (

    select
        contacts.contact_id,
        accounts.account_id,
        accounts.industry,
        count(*) over (partition by contacts.contact_id) as account_match_count,
        row_number() over (
            partition by contacts.contact_id
            order by
                coalesce(accounts.city = contacts.city, false) desc,
                coalesce(accounts.province = contacts.province, false) desc,
                accounts.account_id
        ) as pick_rank

    from contacts
    inner join accounts
        on {{ to_halfwidth('contacts.account_name') }} = {{ to_halfwidth('accounts.account_name') }}

)

select
    contacts.*,
    candidates.account_id,
    candidates.industry,
    coalesce(candidates.account_match_count, 0) as account_match_count,
    coalesce(candidates.account_match_count, 0) > 1 as is_account_ambiguous

from contacts
left join candidates
    on contacts.contact_id = candidates.contact_id
    and candidates.pick_rank = 1
