"""Phones: every damage shape of the input contract, in both scripts, and the rule that
an invalid number is never turned into an E.164 value."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import NumberParseException

from standardize.phones import _resolve, standardize_phone

CN_MOBILE = "+8613800138000"

# (raw, default region) -> (e164, type, extension, repair)
VALID = [
    # CN mobile in every spelling the contract lists
    ("13800138000", "CN", CN_MOBILE, "mobile", None, None),
    ("13800138000.0", "CN", CN_MOBILE, "mobile", None, "excel_float"),
    ("8613800138000", "CN", CN_MOBILE, "mobile", None, "missing_plus"),
    ("(+86)13800138000", "CN", CN_MOBILE, "mobile", None, None),
    ("（＋８６）１３８００１３８０００", "CN", CN_MOBILE, "mobile", None, None),
    ("0086 138 0013 8000", "CN", CN_MOBILE, "mobile", None, "idd_prefix"),
    ("0086 13800138000", "US", CN_MOBILE, "mobile", None, "idd_prefix"),
    ("+86 138 0013 8000", "CN", CN_MOBILE, "mobile", None, None),
    ("+86 138 0013 8000", "US", CN_MOBILE, "mobile", None, None),
    ("138-0013-8000", "CN", CN_MOBILE, "mobile", None, None),
    ("１３８００１３８０００", "CN", CN_MOBILE, "mobile", None, None),
    ("'13800138000", "CN", CN_MOBILE, "mobile", None, "excel_guard"),
    ('="13800138000"', "CN", CN_MOBILE, "mobile", None, "excel_guard"),
    ("  13800138000\u3000", "CN", CN_MOBILE, "mobile", None, None),
    ("+86 138 0013 8000 转 204", "CN", CN_MOBILE, "mobile", "204", None),
    # a Chinese mobile typed into a US-region CRM (hubspot): region fallback, same digits
    ("13800138000", "US", CN_MOBILE, "mobile", None, "region_fallback_cn"),
    ("8613800138000", "US", CN_MOBILE, "mobile", None, "missing_plus"),
    # US
    ("4155550134.0", "US", "+14155550134", "fixed_line_or_mobile", None, "excel_float"),
    ("+1 (415) 555-0134", "US", "+14155550134", "fixed_line_or_mobile", None, None),
    ("415.555.0134", "US", "+14155550134", "fixed_line_or_mobile", None, None),
    ("+1 (415) 555-0134 ext. 204", "US", "+14155550134", "fixed_line_or_mobile", "204", None),
    ("415-555-0134 x204", "US", "+14155550134", "fixed_line_or_mobile", "204", None),
    ("+1 415 555 0134", "CN", "+14155550134", "fixed_line_or_mobile", None, None),
    # UK with the (0) trunk prefix people keep after +44
    ("+44 (0)20 7946 0958", "CN", "+442079460958", "fixed_line", None, None),
    ("+44 (0)20 7946 0958 ext. 12", "GB", "+442079460958", "fixed_line", "12", None),
    # CN landlines, including the ones that lost their leading 0 as Excel numbers
    ("01088886666", "CN", "+861088886666", "fixed_line", None, None),
    ("1088886666", "CN", "+861088886666", "fixed_line", None, "lost_leading_zero"),
    ("2112345678", "CN", "+862112345678", "fixed_line", None, "lost_leading_zero"),
    ("57188886666", "CN", "+8657188886666", "fixed_line", None, "lost_leading_zero"),
    ("1088886666.0", "CN", "+861088886666", "fixed_line", None, "excel_float,lost_leading_zero"),
    ("010-88886666-204", "CN", "+861088886666", "fixed_line", "204", None),
    ("010-8888 6666 转 204", "CN", "+861088886666", "fixed_line", "204", None),
    ("0571-8888 6666 分机 3", "CN", "+8657188886666", "fixed_line", "3", None),
    ("(010) 8888 6666", "CN", "+861088886666", "fixed_line", None, None),
    ("+86 10 8888 6666", "US", "+861088886666", "fixed_line", None, None),
    ("+86 (0)10 8888 6666", "US", "+861088886666", "fixed_line", None, None),
    # region given as a country name
    ("13800138000", "China", CN_MOBILE, "mobile", None, None),
    ("13800138000", "中国", CN_MOBILE, "mobile", None, None),
    # two numbers in one field: the first one
    ("13800138000 / 13900139000", "CN", CN_MOBILE, "mobile", None, "first_of_many"),
    ("13800138000；13900139000", "CN", CN_MOBILE, "mobile", None, "first_of_many"),
    # CN service numbers are valid but neither mobile nor fixed line
    ("400-123-4567", "CN", "+864001234567", "other", None, None),
]


@pytest.mark.parametrize("raw,region,e164,ptype,ext,repair", VALID)
def test_valid_numbers(raw, region, e164, ptype, ext, repair):
    r = standardize_phone(raw, region)
    assert (r.e164, r.type, r.is_valid, r.extension, r.repair, r.reject_reason) == (
        e164, ptype, True, ext, repair, None
    )


# (raw, region) -> reject_reason; e164 must stay NULL.
INVALID = [
    (None, "CN", "empty"),
    ("", "CN", "empty"),
    ("   ", "CN", "empty"),
    ("\u3000", "CN", "empty"),
    ("N/A", "CN", "empty"),
    ("无", "CN", "empty"),
    ("abc", "CN", "unparseable"),
    ("138OO138OOO", "CN", "unparseable"),
    ("123", "CN", "too_short"),
    ("12345", "CN", "invalid_number"),
    ("1380013800", "CN", "invalid_number"),  # one digit short of a mobile: never padded
    ("138001380001", "CN", "invalid_number"),  # one digit too many: never truncated
    ("10000000000", "CN", "invalid_number"),
    ("1.38001E+10", "CN", "excel_scientific"),  # Excel may have dropped digits already
    ("4155550134", None, "missing_region"),  # no region, no country code: unknowable
    ("+999 1234567", "CN", "invalid_country_code"),
    ("+1234567890123456789", "CN", "too_long"),
    ("+1 (415) 555-01", "US", "too_short"),
]


@pytest.mark.parametrize("raw,region,reason", INVALID)
def test_invalid_numbers_are_never_invented(raw, region, reason):
    r = standardize_phone(raw, region)
    assert (r.e164, r.type, r.is_valid, r.region, r.reject_reason) == (None, None, False, None, reason)


def test_landline_zero_only_re_added_when_result_is_fixed_line():
    # 1380013800 (10 digits) is not a CN fixed-line number with a 0 in front either.
    assert standardize_phone("1380013800", "CN").e164 is None
    # A valid mobile is never turned into a landline by prefixing 0.
    r = standardize_phone("13800138000", "CN")
    assert (r.type, r.repair) == ("mobile", None)


def test_outputs_are_e164_only():
    for raw, region, *_ in VALID:
        e164 = standardize_phone(raw, region).e164
        assert e164.startswith("+") and e164[1:].isdigit() and len(e164) <= 16


def _reference(digits: str, has_plus: bool, region: str) -> str | None:
    text = "+" + digits if has_plus else digits
    try:
        num = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def test_fast_path_agrees_with_phonenumbers():
    """The precompiled CN/NANP fast path and the 'final reject' shortcut give exactly
    libphonenumber's verdict; our extra fallbacks only ever add same-digit readings."""
    rng = random.Random(20240819)
    prefixes = ["13", "15", "18", "17", "14", "19", "16", "10", "21", "571", "0571", "010", "0",
                "01", "86", "8613", "400", "800", "1", "1415", "415", "212", "416", "95", "12",
                "179", "11", ""]
    for _ in range(4000):
        region = rng.choice(["CN", "US", "CA"])
        has_plus = rng.random() < 0.2
        p = rng.choice(prefixes)
        n = rng.randint(5, 14)
        digits = p + "".join(str(rng.randrange(10)) for _ in range(max(0, n - len(p))))
        if digits.startswith("00"):
            continue
        ref = _reference(digits, has_plus, region)
        e164, _t, _r, repair, _reason = _resolve.__wrapped__(digits, has_plus, region)
        if ref is not None:
            assert e164 == ref, (digits, has_plus, region)
        else:
            assert e164 is None or repair in ("region_fallback_cn", "missing_plus"), (digits, region)


@pytest.mark.parametrize(
    ("raw", "region", "e164", "repair"),
    [
        ("917.361.3612", "CN", "+19173613612", "nanp_grouping"),  # not the CN landline 0917…
        ("(323) 366-3035", "CN", "+13233663035", "nanp_grouping"),
        ("0152 38596651", "US", "+4915238596651", "national_grouping"),
        ("0172 00284937", "CN", "+4917200284937", "national_grouping"),  # not a CN mobile with a trunk 0
        ("07731 051703", "CN", "+447731051703", "national_grouping"),  # not the Guilin landline
        ("0426 480 479", "US", "+61426480479", "national_grouping"),
    ],
)
def test_grouping_says_which_numbering_plan(raw, region, e164, repair):
    r = standardize_phone(raw, region)
    assert (r.e164, r.repair) == (e164, repair)


@pytest.mark.parametrize(("raw", "region", "e164"), [
    ("020 7071 6563", "CN", "+862070716563"),  # London or Guangzhou: the record's region decides
    ("0571 88886666", "CN", "+8657188886666"),
    ("0755 67453595", "CN", "+8675567453595"),
])
def test_ambiguous_groupings_stay_with_the_record_region(raw, region, e164):
    assert standardize_phone(raw, region).e164 == e164
