"""True phone numbers and the many ways people write them.

`Phone` is the truth (country, calling code, national significant number); `render`
turns it into one of the written styles seen in the exports. Number generators only
use prefixes for which every draw is a valid number per `phonenumbers` (checked by the
tests on thousands of draws), so generation itself needs no validation call.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from datagen.rng import ch, ri, rr

CALLING_CODE = {"CN": "86", "US": "1", "CA": "1", "GB": "44", "DE": "49", "AU": "61", "SG": "65"}
TRUNK = {"CN": "0", "US": "", "CA": "", "GB": "0", "DE": "0", "AU": "0", "SG": ""}
NANP = ("US", "CA")

CN_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "177", "199",
)
# UK mobiles 07xxx: 076xx are pagers/personal numbers, 07700 900xxx is reserved for
# drama, and libphonenumber rejects 07700/07911 ranges outright.
GB_MOBILE_PREFIXES = tuple(str(x) for x in range(7400, 8000)
                           if not 7600 <= x < 7700 and x not in (7700, 7911))
DE_MOBILE_PREFIXES = ("151", "152", "160", "170", "171", "172", "176")


class Phone(NamedTuple):
    country: str   # ISO alpha-2 of the numbering plan
    nsn: str       # national significant number (no trunk prefix, no country code)
    kind: str      # "mobile" | "landline"
    area_len: int  # length of the area code inside nsn (landlines), 0 for mobiles

    @property
    def cc(self) -> str:
        return CALLING_CODE[self.country]

    @property
    def e164(self) -> str:
        return "+" + CALLING_CODE[self.country] + self.nsn


def _digits(rng: random.Random, n: int) -> str:
    return str(rr(rng, 10 ** n)).zfill(n)


def _nanp_local(rng: random.Random) -> str:
    while True:
        exchange = ri(rng, 200, 999)
        if exchange != 555 and exchange % 100 != 11:
            return f"{exchange}{_digits(rng, 4)}"


def landline(rng: random.Random, country: str, area: str) -> Phone:
    """A fixed-line number (home line or company switchboard) in an area code."""
    if country == "CN":
        while True:  # local numbers 800xxxxx are service numbers, not landlines
            local = str(ri(rng, 2, 8)) + _digits(rng, 7)
            if not local.startswith("800"):
                return Phone("CN", area + local, "landline", len(area))
    if country in NANP:
        return Phone(country, area + _nanp_local(rng), "landline", 3)
    if country == "GB":
        local_len = 8 if len(area) == 2 else 7
        first = ch(rng, "378") if area == "20" else str(ri(rng, 2, 9))
        return Phone("GB", area + first + _digits(rng, local_len - 1), "landline", len(area))
    if country == "DE":
        return Phone("DE", area + str(ri(rng, 2, 9)) + _digits(rng, 7), "landline", len(area))
    if country == "AU":
        return Phone("AU", area + "9" + _digits(rng, 7), "landline", 1)
    if country == "SG":
        return Phone("SG", ch(rng, ("63", "64", "65", "67", "68")) + _digits(rng, 6), "landline", 0)
    raise ValueError(f"no landline plan for {country}")


# ---------------------------------------------------------------- unique personal numbers
# A person's own mobile must not belong to anybody else (shared numbers are built on
# purpose, as switchboards and household lines). Drawing at random would collide across
# a million people, so the number is a bijection of the person's run-wide index into
# the plan's number space: distinct indices -> distinct numbers, no coordination
# between chunks needed. (Up to the space size: 7.9M people for a NANP area code.)

_SPREAD = 2_654_435_761  # prime, coprime with every space below
_NANP_EXCHANGES = tuple(x for x in range(200, 1000) if x != 555 and x % 100 != 11)
_SG_MOBILE_PREFIXES = tuple(f"8{d}" for d in range(1, 10)) + tuple(f"9{d}" for d in range(1, 9))
_AU_MOBILE_PREFIXES = ("40", "41", "42", "43")

# country -> (prefixes, digits after the prefix)
_MOBILE_SPACES: dict[str, tuple[tuple[str, ...], int]] = {
    "CN": (CN_MOBILE_PREFIXES, 8),
    "GB": (GB_MOBILE_PREFIXES, 6),
    "DE": (DE_MOBILE_PREFIXES, 8),
    "AU": (_AU_MOBILE_PREFIXES, 7),
    "SG": (_SG_MOBILE_PREFIXES, 6),
}


def unique_mobile(rng: random.Random, country: str, area_codes: tuple[str, ...], index: int,
                  salt: int) -> Phone:
    """The personal number of the person with run-wide `index` (unique per index)."""
    if country in NANP:
        space = len(_NANP_EXCHANGES) * 10_000
        v = (index * _SPREAD + salt) % space
        exchange, line = divmod(v, 10_000)
        area = ch(rng, area_codes) if area_codes else "415"
        return Phone(country, f"{area}{_NANP_EXCHANGES[exchange]}{line:04d}", "mobile", 0)
    prefixes, width = _MOBILE_SPACES[country]
    space = len(prefixes) * 10 ** width
    v = (index * _SPREAD + salt) % space
    pre, rest = divmod(v, 10 ** width)
    return Phone(country, prefixes[pre] + str(rest).zfill(width), "mobile", 0)


def groups(p: Phone) -> list[str]:
    """The national significant number split the way locals group it."""
    n = p.nsn
    if p.country in NANP:
        return [n[:3], n[3:6], n[6:]]
    if p.country == "CN":
        if p.kind == "mobile":
            return [n[:3], n[3:7], n[7:]]
        a = p.area_len
        return [n[:a], n[a:a + 4], n[a + 4:]]
    if p.country == "GB":
        if p.kind == "mobile":
            return [n[:4], n[4:]]
        a = p.area_len
        return [n[:a], n[a:a + 4], n[a + 4:]] if a == 2 else [n[:a], n[a:a + 3], n[a + 3:]]
    if p.country == "DE":
        if p.kind == "mobile":
            return [n[:3], n[3:]]
        return [n[:p.area_len], n[p.area_len:]]
    if p.country == "AU":
        if p.kind == "mobile":
            return [n[:3], n[3:6], n[6:]]
        return [n[:1], n[1:5], n[5:]]
    if p.country == "SG":
        return [n[:4], n[4:]]
    return [n]


def national(p: Phone) -> str:
    """Digits as dialled at home: trunk prefix (landlines in CN) + number."""
    trunk = TRUNK[p.country]
    if p.country == "CN" and p.kind == "mobile":
        trunk = ""
    return trunk + p.nsn


STYLES = (
    "e164", "intl", "intl_dash", "cc", "paren_cc", "idd00", "national", "national_grouped",
    "national_dash", "dots", "us_paren_intl", "trunk_paren", "one_dash",
)


def render(p: Phone, style: str) -> str:
    """The phone written in `style` (see STYLES); styles that make no sense for a
    numbering plan fall back to a close local equivalent."""
    g = groups(p)
    cc = p.cc
    nanp = p.country in NANP
    trunk = "" if (p.country == "CN" and p.kind == "mobile") else TRUNK[p.country]
    if style == "e164":
        return "+" + cc + p.nsn
    if style == "intl":
        return "+" + cc + " " + " ".join(g)
    if style == "intl_dash":
        return "+" + cc + "-" + "-".join(g)
    if style == "cc":
        return cc + p.nsn
    if style == "paren_cc":
        return "(+" + cc + ")" + p.nsn
    if style == "idd00":
        return "00" + cc + " " + " ".join(g)
    if style == "national":
        return trunk + p.nsn
    if style == "national_grouped":
        if nanp:
            return f"({g[0]}) {g[1]}-{g[2]}"
        if p.country == "CN" and p.kind == "landline":
            return f"0{g[0]}-{g[1]} {g[2]}"
        return trunk + " ".join(g) if p.country == "CN" else trunk + g[0] + " " + " ".join(g[1:])
    if style == "national_dash":
        if p.country == "CN" and p.kind == "landline":
            return f"0{g[0]}-{g[1]}{g[2]}"
        return trunk + "-".join(g)
    if style == "dots":
        return trunk + ".".join(g)
    if style == "us_paren_intl":
        if nanp:
            return f"+1 ({g[0]}) {g[1]}-{g[2]}"
        return "+" + cc + " " + " ".join(g)
    if style == "trunk_paren":
        if trunk:
            return "+" + cc + " (0)" + " ".join(g)
        return "+" + cc + " " + " ".join(g)
    if style == "one_dash":
        if nanp:
            return "1-" + "-".join(g)
        return trunk + "-".join(g)
    raise ValueError(f"unknown phone style {style!r}")


def with_extension(text: str, p: Phone, ext: str, rng: random.Random) -> str:
    """A switchboard number followed by a person's extension."""
    if p.country == "CN" and rng.random() < 0.6:
        return f"{text}转{ext}"
    return f"{text} {ch(rng, ('ext. ', 'ext ', 'x', 'Ext.'))}{ext}".replace("Ext.", "Ext. ")


def garbage(rng: random.Random, p: Phone | None) -> str:
    """A deliberately unusable phone entry (must never be a valid number)."""
    choice = rng.random()
    if p is not None and choice < 0.5:
        return national(p)[:7]
    return ch(rng, ("N/A", "-", "000000", "123456", "无", "unknown", "0", "1234"))
