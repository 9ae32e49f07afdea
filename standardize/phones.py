"""Phone numbers to E.164, recovering the damage CRM exports do to them.

Why this is more than ``phonenumbers.parse``: the exports carry numbers that Excel
and people have mangled (``13800138000.0``, ``'13800138000``, ``="13800138000"``,
``１３８…`` in full width, ``(+86)…``, ``0086 …``, ``8613800138000`` without its plus,
``… ext. 204`` / ``转204``, and CN landlines stored as numbers that lost their trunk
``0``). Each repair is a deterministic rewrite of the *same digits*; a number is only
reported when libphonenumber says the result is a valid number. We never guess digits:
anything not valid gets ``e164 = None`` and a ``reject_reason``.

The default region is per record (``default_region``), because the same digits mean
different things in a Chinese and in a US CRM (``4155550134`` is a Dandong landline
for a CN source and a San Francisco number for a US one). ISO2 codes are expected;
country names (``China``, ``美国``) are accepted and mapped via :mod:`countries`.

Same-digit readings tried when the number is not valid as written (``repair`` says
which one was used, comma-separated with the cleaning repairs such as ``excel_float``,
``excel_guard``, ``idd_prefix``, ``first_of_many``):
  * ``missing_plus``: the digits start with the region's calling code
    (``8613800138000`` for CN) → read as ``+<digits>``;
  * ``lost_leading_zero`` (CN only): a landline that Excel stored as a number
    (``1088886666`` from ``010 8888 6666``). Its digits are read as a CN national
    number, which is exactly "re-add the trunk 0"; it is accepted only if the result is
    a valid CN *fixed-line* number, so a valid mobile is never turned into a landline
    and a short/long string is never padded into one;
  * ``region_fallback_cn``: an 11-digit CN-mobile-shaped string (checked against
    libphonenumber's CN mobile pattern) that is not valid in the record's non-CN
    region → CN mobile: a Chinese customer typing their mobile into a US form. Also
    when it is written in the Chinese 3-4-4 grouping (``150-2364-1458``) in a NANP
    record, even if the digits happen to be a valid +1 number too.

  * ``national_grouping``: a national number written in a grouping only one of the
    business's markets uses (``NATIONAL_GROUPINGS``: German mobiles ``0152 38596651``,
    UK mobiles ``07731 051703``, Australian mobiles ``0426 480 479``) and valid there.
    No Chinese or North American number is written that way (``01xx``/``07xxx``/``04xx``
    plus those groups are not CN area codes), so the grouping decides;
  * ``nanp_grouping``: a 10-digit number written in the North American grouping
    (``(415) 555-0134``, ``415.555.0134``, ``1-415-555-0134``) in a record whose region
    is not NANP, and valid as a NANP number: the grouping says which reading was meant;

``1.38001E+10`` (Excel scientific notation) is rejected, not expanded: Excel may already
have dropped digits. Clean CN and NANP numbers skip libphonenumber's parser (see
``_RegionTypes``); the tests assert that this gives libphonenumber's own verdict.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
from phonenumbers import ValidationResult
from phonenumbers.phonemetadata import PhoneMetadata

from ._text import nfkc

__all__ = ["PhoneResult", "standardize_phone", "PHONE_TYPES"]


class PhoneResult(NamedTuple):
    """One standardized phone value. ``e164`` is set if and only if ``is_valid``."""

    e164: str | None
    type: str | None  # mobile / fixed_line / fixed_line_or_mobile / toll_free / voip / other
    is_valid: bool
    extension: str | None
    region: str | None  # ISO2 region the number belongs to (not the default region)
    repair: str | None  # comma-separated repairs applied, e.g. "excel_float,missing_plus"
    reject_reason: str | None  # empty / unparseable / too_short / too_long / invalid_number / ...


PHONE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
}

_EMPTY = PhoneResult(None, None, False, None, None, None, "empty")

# Placeholders people type into a mandatory phone field.
_PLACEHOLDERS = {
    "-", "--", "n/a", "na", "none", "null", "nil", "无", "暂无", "没有", "未知", "不详", "/", ".",
    "0", "00", "000", "x", "xx", "?", "unknown", "tbd",
}

# Extension markers: "ext. 204", "x204", "extension 204", "#204", "转204", "分机204".
_EXT_RE = re.compile(
    r"\s*[,;]?\s*(?:(?:ext|extn|extension|ex)\.?|(?<=[\d\s])x|#|转|轉|分机|分機)\s*[:.]?\s*(\d{1,6})\s*$",
    re.IGNORECASE,
)
# Chinese convention "010-88886666-204": area code, local number, extension.
_CN_LANDLINE_EXT_RE = re.compile(r"(\(?0\d{2,3}\)?[- ]?\d{7,8})-(\d{1,6})")
_EXCEL_FLOAT_RE = re.compile(r"(\+?\d+)\.0+")
_SCIENTIFIC_RE = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")
_PAREN_CC_RE = re.compile(r"^\+?\s*\(\s*\+\s*(\d{1,3})\s*\)\s*|^\+\s*\(\s*(\d{1,3})\s*\)\s*")
_ALLOWED_RE = re.compile(r"[\d\s+\-.()/]+")
_SIMPLE_RE = re.compile(r"\+?\d[\d \-]{3,22}\d")
_NON_DIGIT_RE = re.compile(r"\D+")
_MAYBE_SPLIT_RE = re.compile(r"[,;、，；|/或]|\sor\s")
_SPLIT_RE = re.compile(r"\s*[,;、，；|]\s*|\s+/\s+|\s+or\s+|\s*或\s*")

# libphonenumber's CN mobile/fixed patterns, for the cross-region CN-mobile fallback.
_CN_META = PhoneMetadata.metadata_for_region("CN")
_CN_MOBILE_RE = re.compile(f"(?:{_CN_META.mobile.national_number_pattern})")
_CN_FIXED_RE = re.compile(f"(?:{_CN_META.fixed_line.national_number_pattern})")


def _is_cn_mobile(digits: str) -> bool:
    """11-digit national number matching libphonenumber's CN mobile pattern (and not fixed)."""
    return (
        len(digits) == 11
        and _CN_MOBILE_RE.fullmatch(digits) is not None
        and _CN_FIXED_RE.fullmatch(digits) is None
    )


@lru_cache(maxsize=1024)
def _region(default_region: str | None) -> str | None:
    """Normalize the default region: ISO2 as is, else a country name via countries."""
    if not default_region:
        return None
    r = default_region.strip().upper()
    if len(r) == 2 and r.isascii() and r.isalpha():
        return r if r != "UK" else "GB"
    from .countries import to_iso2  # local import: countries reads a seed

    return to_iso2(default_region)


#: Writing conventions that identify the numbering plan: (pattern on the stripped text, region).
#: Deliberately narrow: an ambiguous grouping (``020 8888 6666`` is London and Guangzhou)
#: is not listed, so it stays with the record's region.
NATIONAL_GROUPINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"01[5-7]\d \d{7,8}"), "DE"),
    (re.compile(r"07\d{3} \d{6}"), "GB"),
    (re.compile(r"04\d{2} \d{3} \d{3}"), "AU"),
)


def _national_grouping(text: str) -> PhoneResult | None:
    """The number read in the one plan whose national grouping it is written in, if valid there."""
    stripped = text.strip()
    for pattern, region in NATIONAL_GROUPINGS:
        if pattern.fullmatch(stripped):
            num = _try_parse(stripped, region)
            if num is None:
                return None
            e164, ptype, reg, _, _ = _from_num(num, None)
            return PhoneResult(e164, ptype, True, None, reg, "national_grouping", None)
    return None


_NANP_GROUPING_RE = re.compile(r"(?:\+?1[-. ])?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}")


def _nanp_grouped(text: str, digits: str, region: str | None) -> str | None:
    """E.164 of a NANP-grouped number in a non-NANP record, if valid as NANP."""
    if region is None or phonenumbers.country_code_for_region(region) == 1:
        return None
    if not _NANP_GROUPING_RE.fullmatch(text.strip()) or len(digits) not in (10, 11):
        return None
    national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    num = _try_parse("+1" + national, None)
    return phonenumbers.format_number(num, PhoneNumberFormat.E164) if num is not None else None


def _reject(reason: str) -> PhoneResult:
    return PhoneResult(None, None, False, None, None, None, reason)

_REASONS = {
    ValidationResult.TOO_SHORT: "too_short",
    ValidationResult.TOO_LONG: "too_long",
    ValidationResult.INVALID_COUNTRY_CODE: "invalid_country_code",
    ValidationResult.INVALID_LENGTH: "invalid_length",
}
_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "invalid_country_code",
    NumberParseException.NOT_A_NUMBER: "unparseable",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too_short",
    NumberParseException.TOO_SHORT_NSN: "too_short",
    NumberParseException.TOO_LONG: "too_long",
}


class _RegionTypes:
    """libphonenumber's ``_number_type_helper`` for one region with precompiled patterns.

    ``phonenumbers.number_type``/``is_valid_number`` recompute the region of a number by
    trying every region that shares its calling code (25 for +1) and look patterns up
    in a regex cache on every call; this mirrors the same metadata checks in the same
    order for a region we already know, which is what the fast path needs.
    Equivalence with phonenumbers is asserted by tests/standardize/test_phones.py.
    """

    _ORDER = (
        ("premium_rate", PhoneNumberType.PREMIUM_RATE),
        ("toll_free", PhoneNumberType.TOLL_FREE),
        ("shared_cost", PhoneNumberType.SHARED_COST),
        ("voip", PhoneNumberType.VOIP),
        ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
        ("pager", PhoneNumberType.PAGER),
        ("uan", PhoneNumberType.UAN),
        ("voicemail", PhoneNumberType.VOICEMAIL),
    )

    def __init__(self, region: str) -> None:
        md = PhoneMetadata.metadata_for_region(region)
        self.region = region
        self.country_code = str(md.country_code)
        self.same_mobile_fixed = bool(md.same_mobile_and_fixed_line_pattern)
        self.general = self._desc(md.general_desc)
        self.special = [(self._desc(getattr(md, a)), t) for a, t in self._ORDER]
        self.special = [(d, t) for d, t in self.special if d is not None]
        # One regex that matches iff any special type (premium, toll-free …) matches,
        # lengths included: the common mobile/fixed number then costs one check, not 8.
        alts = []
        for (lengths, pattern), _ in self.special:
            sizes = "|".join(r"\d{%d}" % n for n in sorted(lengths))
            guard = f"(?=(?:{sizes})$)" if lengths else ""
            alts.append(f"{guard}(?:{pattern.pattern})")
        self.any_special = re.compile("|".join(alts)) if alts else None
        self.fixed = self._desc(md.fixed_line)
        self.mobile = self._desc(md.mobile)

    @staticmethod
    def _desc(desc: object) -> tuple[frozenset[int], re.Pattern[str]] | None:
        pattern = getattr(desc, "national_number_pattern", None)
        if not pattern:
            return None
        return frozenset(desc.possible_length or ()), re.compile(f"(?:{pattern})")

    @staticmethod
    def _match(nsn: str, desc: tuple[frozenset[int], re.Pattern[str]] | None) -> bool:
        if desc is None:
            return False
        lengths, pattern = desc
        if lengths and len(nsn) not in lengths:
            return False
        return pattern.fullmatch(nsn) is not None

    def type_of(self, nsn: str) -> int:
        if not self._match(nsn, self.general):
            return PhoneNumberType.UNKNOWN
        if self.any_special is not None and self.any_special.fullmatch(nsn):
            for desc, t in self.special:
                if self._match(nsn, desc):
                    return t
        if self._match(nsn, self.fixed):
            if self.same_mobile_fixed or self._match(nsn, self.mobile):
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if not self.same_mobile_fixed and self._match(nsn, self.mobile):
            return PhoneNumberType.MOBILE
        return PhoneNumberType.UNKNOWN


_FAST = {r: _RegionTypes(r) for r in ("CN", "US", "CA")}


def _fast_resolve(digits: str, has_plus: bool, region: str | None) -> tuple[str, int, str] | None:
    """(e164, type, region) when the number is valid in its obvious region, else None.

    Covers the bulk of this business's numbers (CN and NANP) without phonenumbers'
    parser; anything it does not accept goes through the full parser.
    """
    if has_plus:
        if digits.startswith("86"):
            r, nsn = "CN", digits[2:]
        elif digits.startswith("1"):
            r, nsn = (region if region in ("US", "CA") else "US"), digits[1:]
        else:
            return None
    elif region == "CN":
        r, nsn = "CN", digits[1:] if digits.startswith("0") else digits
    elif region in ("US", "CA"):
        r, nsn = region, digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    else:
        return None
    rt = _FAST[r]
    t = rt.type_of(nsn)
    if t == PhoneNumberType.UNKNOWN:
        return None
    return "+" + rt.country_code + nsn, t, r


# (e164, type name, region, extra repair, reject_reason)
_Resolved = tuple[str | None, str | None, str | None, str | None, str | None]


def _try_parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        num = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    return num if phonenumbers.is_valid_number(num) else None


def _from_num(num: phonenumbers.PhoneNumber, repair: str | None) -> _Resolved:
    return (
        phonenumbers.format_number(num, PhoneNumberFormat.E164),
        PHONE_TYPES.get(phonenumbers.number_type(num), "other"),
        phonenumbers.region_code_for_number(num),
        repair,
        None,
    )


@lru_cache(maxsize=1 << 20)
def _resolve(digits: str, has_plus: bool, region: str | None) -> _Resolved:
    """Validate the digits of a cleaned number; cached on what actually determines it.

    Many spellings (``+1 (415) 555-0134``, ``415.555.0134``, ``4155550134.0``) share
    the same digits, so the expensive part runs once per number, not per spelling.
    """
    fast = _fast_resolve(digits, has_plus, region)
    if fast is not None:
        e164, t, r = fast
        repair = None
        if region == "CN" and not has_plus and digits[0] != "0" and t == PhoneNumberType.FIXED_LINE:
            repair = "lost_leading_zero"  # libphonenumber reads 1088886666 as 010 8888 6666
        return e164, PHONE_TYPES.get(t, "other"), r, repair, None

    text = "+" + digits if has_plus else digits
    reason: str | None = None
    primary: phonenumbers.PhoneNumber | None = None
    if _fast_reject_is_final(digits, has_plus, region):
        reason = "invalid_number"  # same digits, same metadata: phonenumbers would agree
    elif not has_plus and region is None:
        reason = "missing_region"
    else:
        try:
            primary = phonenumbers.parse(text, region)
        except NumberParseException as exc:
            reason = _PARSE_REASONS.get(exc.error_type, "unparseable")
        if primary is not None and phonenumbers.is_valid_number(primary):
            repair = None
            if not has_plus and region:
                cc = str(phonenumbers.country_code_for_region(region))
                if cc != "1" and digits.startswith(cc) and str(primary.national_number) == digits[len(cc):]:
                    repair = "missing_plus"  # 8613800138000 read as +86 138…
            return _from_num(primary, repair)

    # Same-digit fallbacks (the CN lost-leading-zero case needs none here: for CN the
    # fast path already read the digits as a national number, which is exactly what
    # re-adding the trunk 0 gives).
    if not has_plus:
        cc = str(phonenumbers.country_code_for_region(region)) if region else ""
        if cc and cc != "0" and digits.startswith(cc) and len(digits) > len(cc) + 5:
            num = _try_parse("+" + digits, None)
            if num is not None:
                return _from_num(num, "missing_plus")
        if region != "CN":
            if _is_cn_mobile(digits):
                return "+86" + digits, "mobile", "CN", "region_fallback_cn", None
            if digits.startswith("86") and _is_cn_mobile(digits[2:]):
                return "+" + digits, "mobile", "CN", "missing_plus", None

    if reason is None and primary is not None:
        reason = _REASONS.get(phonenumbers.is_possible_number_with_reason(primary), "invalid_number")
    return None, None, None, None, reason or "invalid_number"


def _fast_reject_is_final(digits: str, has_plus: bool, region: str | None) -> bool:
    """After the fast path said "not valid", is phonenumbers certain to agree?

    True for the CN national shapes where libphonenumber's parser cannot do anything
    the fast path did not (no IDD prefix, no carrier code, no country code to extract):
    11-digit ``1[3-9]…`` and ``0`` + 10/11 digits.
    Equivalence is asserted by tests/standardize/test_phones.py.
    """
    if has_plus:
        return False
    n = len(digits)
    if region == "CN":
        return (n == 11 and digits[0] == "1" and digits[1] in "3456789") or (
            digits[0] == "0" and digits[1] != "0" and n in (11, 12)
        )
    # Not for NANP: a number invalid for US may be valid for another of the 25 NANP
    # regions, and phonenumbers accepts it whatever the default region was.
    return False


_CN_GROUPING_RE = re.compile(r"1\d{2}[ -]\d{4}[ -]\d{4}")


def _cn_grouped_mobile(text: str, digits: str, default_region: str | None) -> bool:
    """A CN mobile written in the Chinese 3-4-4 grouping (``150-2364-1458``) in a NANP record.

    ``15023641458`` is also a valid US number (+1 502…), but nobody groups a US number
    3-4-4; the grouping says which reading the writer meant. Bare 11 digits stay with the
    record's region: pass the record's country as region where there is one.
    """
    if len(digits) != 11 or digits[0] != "1" or not _CN_GROUPING_RE.fullmatch(text.strip()):
        return False
    region = _region(default_region)
    return bool(region) and phonenumbers.country_code_for_region(region) == 1 and _is_cn_mobile(digits)


@lru_cache(maxsize=1 << 18)
def standardize_phone(raw: str | None, default_region: str | None = "CN") -> PhoneResult:
    """Standardize one phone value to E.164 (see the module docstring for the repairs).

    ``default_region`` is the ISO2 region used for numbers written without a country
    code (usually the source system's or the record's country). ``None`` means
    "unknown": only international numbers (and the CN-mobile fallback) can be valid.
    """
    if raw is None:
        return _EMPTY
    if raw[:1] == "0" and (grouped := _national_grouping(raw)) is not None:
        return grouped
    if _SIMPLE_RE.fullmatch(raw) and not raw.startswith("00"):
        # Fast path for the clean majority (13800138000, +86 138 0013 8000,
        # 138-0013-8000): nothing to repair, only digits to validate.
        digits = _NON_DIGIT_RE.sub("", raw)
        if _cn_grouped_mobile(raw, digits, default_region):
            return PhoneResult("+86" + digits, "mobile", True, None, "CN", "region_fallback_cn", None)
        if raw[0] != "+" and (nanp := _nanp_grouped(raw, digits, _region(default_region))) is not None:
            e164, ptype, region, _, _ = _resolve(nanp[1:], True, None)
            return PhoneResult(e164, ptype, True, None, region, "nanp_grouping", None)
        if 5 <= len(digits) <= 17 and not digits.startswith("00"):
            e164, ptype, region, repair, reason = _resolve(digits, raw[0] == "+", _region(default_region))
            if e164 is not None:
                return PhoneResult(e164, ptype, True, None, region, repair, None)
            # not valid as one number: maybe "010-88886666-204"; take the full path
    s = nfkc(raw).strip()
    if not s or s.lower() in _PLACEHOLDERS:
        return _EMPTY
    repairs: list[str] = []

    # Excel guards: ="13800138000", '13800138000, =13800138000, and stray quotes.
    while True:
        if s.startswith('="') and s.endswith('"') and len(s) > 3:
            s = s[2:-1].strip()
        elif s[0] in "'`=":
            s = s[1:].strip()
        elif len(s) > 1 and s[0] == s[-1] and s[0] in "\"'":
            s = s[1:-1].strip()
        else:
            break
        if "excel_guard" not in repairs:
            repairs.append("excel_guard")
        if not s:
            return _EMPTY

    # Several numbers in one field: keep the first one that has enough digits.
    # (Cheap substring tests guard each regex: most values need none of them.)
    parts = [p for p in _SPLIT_RE.split(s) if p] if _MAYBE_SPLIT_RE.search(s) else [s]
    if len(parts) > 1:
        first = next((p for p in parts if sum(c.isdigit() for c in p) >= 7), parts[0])
        s = first
        repairs.append("first_of_many")

    extension: str | None = None
    m = _EXT_RE.search(s) if not s.isdigit() else None
    if m and m.start() > 0:
        extension = m.group(1)
        s = s[: m.start()].strip()
    elif s.count("-") >= 2:
        m = _CN_LANDLINE_EXT_RE.fullmatch(s)
        if m:
            s, extension = m.group(1), m.group(2)

    if "." in s:
        if ("e" in s or "E" in s) and _SCIENTIFIC_RE.fullmatch(s):
            # 1.38001E+10: Excel may already have dropped digits; refusing beats inventing.
            return _reject("excel_scientific")
        m = _EXCEL_FLOAT_RE.fullmatch(s)
        if m:
            s = m.group(1)
            repairs.append("excel_float")

    if "(" in s:
        m = _PAREN_CC_RE.match(s)
        if m:  # "(+86)138…" / "+(86)138…" -> "+86 138…"
            s = "+" + (m.group(1) or m.group(2)) + " " + s[m.end() :]
    compact = s.replace(" ", "")
    if compact.startswith("00") and len(compact) > 4 and compact[2] != "0":
        s = "+" + compact[2:]  # international dialling prefix 00 (CN, Europe): "0086 138…"
        repairs.append("idd_prefix")

    if not _ALLOWED_RE.fullmatch(s) or "+" in s[1:]:
        return _reject("unparseable")
    digits = _NON_DIGIT_RE.sub("", s)
    if not digits:
        return _reject("unparseable")
    if len(digits) < 5:
        return _reject("too_short")
    if len(digits) > 17:
        return _reject("too_long")
    has_plus = s.startswith("+")
    record_region = _region(default_region)
    nanp = None if has_plus else _nanp_grouped(s, digits, record_region)
    if _cn_grouped_mobile(s, digits, default_region):
        e164, ptype, region, repair, reason = "+86" + digits, "mobile", "CN", "region_fallback_cn", None
    elif nanp is not None:
        e164, ptype, region, repair, reason = _resolve(nanp[1:], True, None)
        repair = "nanp_grouping"
    else:
        e164, ptype, region, repair, reason = _resolve(digits, has_plus, record_region)
    if e164 is None:
        return _reject(reason or "invalid_number")
    if repair:
        repairs.append(repair)
    return PhoneResult(e164, ptype, True, extension, region, ",".join(repairs) or None, None)
