{{
    config(
        materialized='incremental',
        unique_key='mention_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_vanished_mentions(ref('int_customer_mentions_unioned')) }}"
    )
}}

-- One row per live customer mention across the seven mention roles of the contract
-- ("Record identity"), keyed (source_system, source_record_id): first the canonical
-- columns as each source gives them (guards stripped, trimmed), then their
-- standardized twins (names split and in pinyin, E.164 phones, canonical emails,
-- company and address keys) that entity resolution compares.
--
-- Incremental: the union of the sources and each row's fingerprint (mention_row_hash)
-- come from int_customer_mentions_unioned, rebuilt every night in pure SQL. Only rows
-- whose (mention_key, mention_row_hash) this table does not hold yet (new, changed or
-- re-exported mentions, or a changed default region) are standardized, then replace their
-- key's row (delete+insert); the post_hook drops mentions that left the union (deleted at
-- the source). Each output row is a function of its input row alone, so the table equals a
-- full rebuild (`dbt build --full-refresh`). A full refresh is needed after a change to the
-- model's columns (on_schema_change='fail'), to the standardize package or its seed CSVs.

with

mentions as (

    select u.*
    from {{ ref('int_customer_mentions_unioned') }} as u
    {% if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as t
        where t.mention_key = u.mention_key and t.mention_row_hash = u.mention_row_hash
    )
    {% endif %}

)

-- Standardization: the std_* functions are Python (phonenumbers, pypinyin) registered on
-- dbt's DuckDB connection by the standardize.dbt_plugin; each is vectorized over Arrow
-- batches and computes every distinct input once. Every standardized column keeps its
-- raw twin above and a *_reject_reason when it came out NULL.
, parsed as (

    select
        m.*,
        std_name(m.full_name, m.given_name, m.family_name) as n,
        std_email(m.email) as e,
        std_country(m.country) as country_iso2,
        case when m.source_system = 'taobao' then std_cn_address(m.street) end as a
    from mentions as m

), hinted as (

    -- Which country's numbering plan to read a phone without a country code in:
    -- the record's own evidence first (country, a Chinese province, the email's
    -- country-code domain or a Chinese mail provider), the source's default last.
    select
        *,
        coalesce(a.country_iso2, country_iso2) as country_code,
        coalesce(
            a.country_iso2,
            country_iso2,
            case when std_cn_province(state_province) is not null then 'CN' end,
            case
                when e.domain in ('qq.com', '163.com', '126.com', 'sina.com', 'sina.cn', 'sohu.com', 'foxmail.com',
                                  'aliyun.com', 'yeah.net', '139.com') then 'CN'
                when regexp_matches(e.domain, '\.(cn|de|fr|au|sg|hk|tw|jp|kr|ca|uk)$')
                    then replace(upper(regexp_extract(e.domain, '\.([a-z]{2})$', 1)), 'UK', 'GB')
            end,
            default_region
        ) as phone_region
    from parsed

), first_read as (

    select
        *,
        std_phone(mobile_phone, phone_region) as pm1,
        std_phone(phone, phone_region) as pf1
    from hinted

), phoned as (

    -- A record's two phones vouch for each other: when one is read in another country
    -- (it carries its country code, or its grouping is North American), the other is
    -- read in that country first. Then the record's region, then the source default.
    select
        *,
        case
            when pf1.is_valid and pf1.region <> phone_region and std_phone(mobile_phone, pf1.region).is_valid
                then std_phone(mobile_phone, pf1.region)
            when pm1.is_valid or phone_region = default_region then pm1
            else std_phone(mobile_phone, default_region)
        end as pm,
        case
            when pm1.is_valid and pm1.region <> phone_region and std_phone(phone, pm1.region).is_valid
                then std_phone(phone, pm1.region)
            when pf1.is_valid or phone_region = default_region then pf1
            else std_phone(phone, default_region)
        end as pf
    from first_read

)

select
    * exclude (n, e, a, pm, pf, pm1, pf1, country_iso2, default_region, phone_region),

    ----------  names (pinyin for Han names, so 张伟 and Wei ZHANG compare)
    n.full_name as full_name_clean,
    n.name_script,
    case when n.name_script = 'han' then n.family_name end as family_name_han,
    case when n.name_script = 'han' then n.given_name end as given_name_han,
    n.family_name_latin,
    n.given_name_latin,
    n.given_name_canonical,
    n.full_name_latin,
    n.honorific,
    n.reject_reason as name_reject_reason,

    ----------  email
    e.email as email_normalized,
    case when e.is_valid then e.canonical end as email_canonical,
    e.domain as email_domain,
    coalesce(e.is_valid, false) as email_is_valid,
    e.reject_reason as email_reject_reason,

    ----------  phones: the mobile column first, then the other one
    coalesce(pm.e164, pf.e164) as phone_e164,
    case when pm.e164 is not null and pf.e164 is not null and pm.e164 <> pf.e164 then pf.e164 end as phone_e164_alt,
    case when pm.e164 is not null then pm.type else pf.type end as phone_type,
    case when pm.e164 is not null then pm.extension else pf.extension end as phone_extension,
    (pm.e164 is not null or pf.e164 is not null) as phone_is_valid,
    case when pm.e164 is null and pf.e164 is null
         then coalesce(nullif(pm.reject_reason, 'empty'), pf.reject_reason) end as phone_reject_reason,

    ----------  company and address
    std_company(company) as company_key,
    coalesce(a.province, std_cn_province(state_province)) as province_std,
    nullif(std_pinyin(regexp_replace(coalesce(a.city, city), '市$', '')), '') as city_key,
    coalesce(a.postal_code, regexp_replace(postal_code, '\s', '', 'g')) as postal_code_std,
    nullif(lower(regexp_replace(coalesce(a.street || coalesce(a.detail, ''), street), '[\s,.#\-()（）]+', '', 'g')), '')
        as address_key,

    ----------  birth date: placeholders and impossible values are flagged, not kept as facts
    -- "future" is after the record's last change, else after its export date; never
    -- current_date, which would make a row depend on the night it was standardized.
    case
        when birth_date_raw is null then null
        when birth_date_raw in (date '1900-01-01', date '1970-01-01') then 'placeholder'
        when birth_date_raw > coalesce(cast(updated_at as date), export_date) then 'future'
        when birth_date_raw < date '1900-01-02' then 'implausible'
    end as birth_date_reject_reason,
    case
        when birth_date_raw in (date '1900-01-01', date '1970-01-01') then null
        when birth_date_raw > coalesce(cast(updated_at as date), export_date) then null
        when birth_date_raw < date '1900-01-02' then null
        else birth_date_raw
    end as birth_date

from phoned
