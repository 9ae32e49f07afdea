"""Reviewed Splink settings for CRM customer mentions.

The model compares *prepared* mentions (see :mod:`entity_resolution.prepare`): the
``int_customer_mentions`` columns plus a few derived keys (``name_han_full``,
``name_sorted``, ``phone_last8`` ...).  Everything here is plain data (SQL strings and
dicts) so that it serialises into the model JSON unchanged.

Design decisions (see also ``entity_resolution/README.md``):

* **Names** are ONE comparison.  Han script is compared exactly where both sides have
  it; otherwise the Latin (pinyin) columns are compared, so 张伟 (han) matches
  'Wei Zhang' (latin).  Swapped family/given order is a level of its own
  (``name_sorted``), nicknames go through ``given_name_canonical``.  Exact levels carry
  term-frequency adjustments, so a common name (王芳, John Smith) counts less.
* **Household trap**: address, postcode and city are ONE comparison (scoring them
  separately multiplies three views of the same household fact and teaches the model
  "same household" instead of "same person").  The m-probabilities are trained only
  with person-level blocking rules (e-mail, phone, birth date) for the same reason.
* **Shared identifiers** (family mailboxes, household landlines, company
  switchboards): an e-mail or phone that agrees while the given names are
  incompatible (``NAMES_COMPATIBLE``), or a phone seen with >= 3 different people
  (``phone_shared``, computed at preparation), falls into a separate level whose m
  and u are FIXED (Bayes factor 2), because EM would learn "same household".
* **Blocking** uses capped keys (``prepare.BLOCK_KEYS``) so the cost stays bounded at
  1M mentions; recall is measured with ``evaluate.blocking_recall``.
"""

from __future__ import annotations

import copy
from typing import Any

UNIQUE_ID = "mention_key"

#: columns of ``int_customer_mentions`` this library relies on
INPUT_COLUMNS = [
    "mention_key", "source_system", "source_record_id", "name_script",
    "family_name_han", "given_name_han", "family_name_latin", "given_name_latin",
    "given_name_canonical", "full_name_latin", "email_normalized", "email_canonical",
    "phone_e164", "phone_e164_alt", "birth_date", "company_key", "city", "postal_code",
    "country_code", "address_key", "updated_at",
]

#: columns carried through to the pairwise output for reviewers (not compared)
ADDITIONAL_COLUMNS_TO_RETAIN = ["source_system", "source_record_id", "country_code", "name_script"]

#: Candidate-pair generation.  Each rule is an equi-join on a *capped* key
#: (``prepare.BLOCK_KEYS``: NULL when more than a few hundred mentions share the
#: value) so DuckDB hash-joins it and no block explodes at scale; Splink
#: de-duplicates pairs found by several rules.  Measured on the synthetic
#: benchmark with :func:`entity_resolution.evaluate.blocking_recall`.
BLOCKING_RULES: list[str] = [
    # person-level identifiers
    "l.blk_email = r.blk_email",
    "l.blk_phone = r.blk_phone",
    "l.blk_phone = r.blk_phone_alt",
    "l.blk_phone_alt = r.blk_phone",
    # name (order-insensitive, script-insensitive) + a location / person key
    "l.blk_name_postal = r.blk_name_postal",
    "l.blk_name_city = r.blk_name_city",
    "l.blk_name_company = r.blk_name_company",
    "l.blk_dob_family = r.blk_dob_family",
    "l.blk_dob_given = r.blk_dob_given",
    # same street address: catches typos / nicknames of one person at one address
    "l.blk_address_postal = r.blk_address_postal",
    "l.blk_address_city = r.blk_address_city",
    # e-mail local part (same person, other domain) with the family initial
    "l.blk_email_local_family = r.blk_email_local_family",
    # the name alone.  Tickets carry no address, marketplace orders no e-mail: a
    # ticket and an order of one person often share nothing but the name.  A pair
    # whose phones both exist (and differ, else a phone rule found it) is left out;
    # rarer names (<= 10 mentions) also when either side lacks an e-mail or a phone.
    "l.blk_name = r.blk_name and (l.phone_last8 is null or r.phone_last8 is null)",
    "l.blk_name_rare = r.blk_name_rare and (l.email_canonical is null or r.email_canonical is null "
    "or l.phone_last8 is null or r.phone_last8 is null)",
    # no full name on one side: its e-mail spells the other's name
    "l.blk_email_name = r.blk_name",
    "l.blk_name = r.blk_email_name",
]

#: EM training rules: person-level only (never postcode/address).  Each session
#: estimates m for every comparison except the one it blocks on.
TRAINING_BLOCKING_RULES: list[str] = [
    "l.email_canonical = r.email_canonical",
    "l.phone_last8 = r.phone_last8",
    "l.birth_date = r.birth_date",
]

#: Near-deterministic rules used to estimate the prior (probability two random
#: mentions match); ``PRIOR_RECALL`` is the assumed recall of these rules.
DETERMINISTIC_RULES: list[str] = [
    "l.email_canonical = r.email_canonical and l.name_sorted = r.name_sorted",
    "l.phone_last8 = r.phone_last8 and l.name_sorted = r.name_sorted",
    "l.birth_date = r.birth_date and l.name_sorted = r.name_sorted",
]
PRIOR_RECALL = 0.7


def _lvl(sql: str, label: str, **kw: Any) -> dict[str, Any]:
    d = {"sql_condition": sql, "label_for_charts": label}
    d.update(kw)
    return d


def _null(sql: str) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": "Null", "is_null_level": True}


ELSE = {"sql_condition": "ELSE", "label_for_charts": "All other comparisons"}


def name_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "name",
        "comparison_description": "Han exact / Latin (pinyin) exact, swapped, nickname, fuzzy",
        "comparison_levels": [
            _null(
                "(full_name_latin_l IS NULL OR full_name_latin_r IS NULL) "
                "AND (name_han_full_l IS NULL OR name_han_full_r IS NULL)"
            ),
            _lvl(
                "name_han_full_l = name_han_full_r",
                "Han name exact",
                tf_adjustment_column="name_han_full",
                tf_adjustment_weight=1.0,
            ),
            _lvl(
                "name_han_full_l <> name_han_full_r AND full_name_latin_l = full_name_latin_r",
                "Han differs, same pinyin (homophone)",
            ),
            _lvl(
                "full_name_latin_l = full_name_latin_r",
                "Latin name exact",
                tf_adjustment_column="full_name_latin",
                tf_adjustment_weight=1.0,
            ),
            _lvl("name_sorted_l = name_sorted_r", "Family/given swapped"),
            _lvl(
                "family_name_latin_l = family_name_latin_r "
                "AND given_name_canonical_l = given_name_canonical_r",
                "Family exact, canonical given (nickname)",
            ),
            _lvl(
                "jaro_winkler_similarity(family_name_latin_l, family_name_latin_r) >= 0.92 "
                "AND jaro_winkler_similarity(given_name_canonical_l, given_name_canonical_r) >= 0.92",
                "Family and given Jaro-Winkler >= 0.92",
            ),
            _lvl(
                "family_name_latin_l = family_name_latin_r AND (("
                "length(given_name_latin_l) = 1 AND given_name_latin_l = left(given_name_latin_r, 1)"
                ") OR ("
                "length(given_name_latin_r) = 1 AND given_name_latin_r = left(given_name_latin_l, 1)))",
                "Family exact, given initial only",
            ),
            _lvl("family_name_latin_l = family_name_latin_r", "Family name only"),
            ELSE,
        ],
    }


#: Fixed (not trained) m AND u of the "shared identifier" levels.  EM cannot tell a
#: household / office sharing a mailbox or phone from one person (they agree on
#: address, family name and company too), so it learns "same household"; and a
#: sampled u shrinks with data size, so fixing m alone still gives +10 bits at 1M
#: mentions.  We fix the Bayes factor instead: a shared identifier with incompatible
#: names is weak evidence, m/u = 2 (+1 bit), whatever the data size.
SHARED_IDENTIFIER_M = 2e-4
SHARED_IDENTIFIER_U = 1e-4

#: Given names that could belong to the same person (exact, nickname-canonical,
#: typo, swapped order, initial, or unknown).  Used to split "same e-mail / phone"
#: into "same identifier, compatible names" vs "shared identifier" (family mailbox,
#: household landline, switchboard): the second is a different, much weaker, fact.
NAMES_COMPATIBLE = (
    "(given_name_canonical_l IS NULL OR given_name_canonical_r IS NULL "
    "OR name_sorted_l = name_sorted_r "
    "OR name_han_full_l = name_han_full_r "
    "OR given_name_canonical_l = given_name_canonical_r "
    "OR jaro_winkler_similarity(given_name_canonical_l, given_name_canonical_r) >= 0.88 "
    "OR given_name_latin_l = family_name_latin_r OR family_name_latin_l = given_name_latin_r "
    "OR (length(given_name_latin_l) = 1 AND given_name_latin_l = left(given_name_latin_r, 1)) "
    "OR (length(given_name_latin_r) = 1 AND given_name_latin_r = left(given_name_latin_l, 1)))"
)


def email_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "email",
        "comparison_description": "normalized exact / canonical exact / shared mailbox / local part",
        "comparison_levels": [
            _null("email_canonical_l IS NULL OR email_canonical_r IS NULL"),
            _lvl(f"email_normalized_l = email_normalized_r AND {NAMES_COMPATIBLE}", "Email exact"),
            _lvl(
                f"email_canonical_l = email_canonical_r AND {NAMES_COMPATIBLE}",
                "Email canonical exact (gmail dots/+tags)",
            ),
            _lvl(
                "email_canonical_l = email_canonical_r",
                "Email exact, names incompatible (shared mailbox)",
                m_probability=SHARED_IDENTIFIER_M, fix_m_probability=True,
                u_probability=SHARED_IDENTIFIER_U, fix_u_probability=True,
            ),
            _lvl("email_local_l = email_local_r", "Same local part, other domain"),
            ELSE,
        ],
    }


def phone_comparison() -> dict[str, Any]:
    any_exact = (
        "(phone_e164_l = phone_e164_r OR phone_e164_l = phone_e164_alt_r "
        "OR phone_e164_alt_l = phone_e164_r OR phone_e164_alt_l = phone_e164_alt_r)"
    )
    return {
        "output_column_name": "phone",
        "comparison_description": "either phone column; shared numbers (switchboards) weaker",
        "comparison_levels": [
            _null(
                "(phone_e164_l IS NULL AND phone_e164_alt_l IS NULL) "
                "OR (phone_e164_r IS NULL AND phone_e164_alt_r IS NULL)"
            ),
            _lvl(
                f"phone_e164_l = phone_e164_r AND NOT phone_shared_l AND {NAMES_COMPATIBLE}",
                "Primary phone exact (personal number)",
            ),
            _lvl(
                f"{any_exact} AND NOT (phone_shared_l OR phone_shared_r "
                f"OR phone_alt_shared_l OR phone_alt_shared_r) AND {NAMES_COMPATIBLE}",
                "Any phone exact (personal number)",
            ),
            _lvl(
                any_exact, "Any phone exact, shared number or names incompatible",
                m_probability=SHARED_IDENTIFIER_M, fix_m_probability=True,
                u_probability=SHARED_IDENTIFIER_U, fix_u_probability=True,
            ),
            _lvl(
                "phone_last8_l = phone_last8_r OR phone_last8_l = phone_alt_last8_r "
                "OR phone_alt_last8_l = phone_last8_r",
                "Last 8 digits equal",
            ),
            ELSE,
        ],
    }


def birth_date_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "birth_date",
        "comparison_description": "exact / day-month swapped / within a month / year typo",
        "comparison_levels": [
            _null("birth_date_l IS NULL OR birth_date_r IS NULL"),
            _lvl("birth_date_l = birth_date_r", "Birth date exact"),
            _lvl(
                "year(birth_date_l) = year(birth_date_r) AND month(birth_date_l) = day(birth_date_r) "
                "AND day(birth_date_l) = month(birth_date_r)",
                "Day and month transposed",
            ),
            _lvl("abs(date_diff('day', birth_date_l, birth_date_r)) <= 31", "Within a month"),
            _lvl(
                "month(birth_date_l) = month(birth_date_r) AND day(birth_date_l) = day(birth_date_r) "
                "AND abs(year(birth_date_l) - year(birth_date_r)) <= 10",
                "Same day and month, year typo",
            ),
            ELSE,
        ],
    }


def company_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "company_key",
        "comparison_description": "company exact (term-frequency adjusted: big employers count less)",
        "comparison_levels": [
            _null("company_key_l IS NULL OR company_key_r IS NULL"),
            _lvl("company_key_l = company_key_r", "Company exact",
                 tf_adjustment_column="company_key", tf_adjustment_weight=0.5),
            ELSE,
        ],
    }


def address_comparison() -> dict[str, Any]:
    """ONE comparison for street / postcode / city (household-level evidence)."""
    postal_ok = "(postal_code_l = postal_code_r OR postal_code_l IS NULL OR postal_code_r IS NULL)"
    return {
        "output_column_name": "address",
        "comparison_description": "combined street address / postal code / city",
        "comparison_levels": [
            _null(
                "(address_key_l IS NULL AND postal_code_l IS NULL AND city_l IS NULL) "
                "OR (address_key_r IS NULL AND postal_code_r IS NULL AND city_r IS NULL)"
            ),
            _lvl(f"address_key_l = address_key_r AND {postal_ok}", "Street address exact"),
            _lvl(
                "jaro_winkler_similarity(address_key_l, address_key_r) >= 0.9 "
                "AND (postal_code_l = postal_code_r OR city_l = city_r)",
                "Street similar, same postal code or city",
            ),
            _lvl("postal_code_l = postal_code_r", "Same postal code"),
            _lvl("city_l = city_r", "Same city"),
            ELSE,
        ],
    }


def comparisons() -> list[dict[str, Any]]:
    return [
        name_comparison(),
        email_comparison(),
        phone_comparison(),
        birth_date_comparison(),
        company_comparison(),
        address_comparison(),
    ]


def build_settings(
    blocking_rules: list[str] | None = None,
    probability_two_random_records_match: float = 1e-5,
    max_iterations: int = 25,
    em_convergence: float = 1e-4,
) -> dict[str, Any]:
    """Return the (untrained) Splink settings dict for CRM mentions."""
    return copy.deepcopy({
        "link_type": "dedupe_only",
        "unique_id_column_name": UNIQUE_ID,
        "linker_uid": "crm_er",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": list(blocking_rules or BLOCKING_RULES),
        "probability_two_random_records_match": probability_two_random_records_match,
        "retain_matching_columns": True,
        # bf_/tf_ columns are needed for the review queue and the comparison viewer
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": list(ADDITIONAL_COLUMNS_TO_RETAIN),
        "max_iterations": max_iterations,
        "em_convergence": em_convergence,
    })
