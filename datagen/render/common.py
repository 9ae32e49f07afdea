"""Helpers several renderers share: written names, phones, emails, company names and
addresses, each choosing a damage style from a weighted table."""

from __future__ import annotations

import random

from datagen import phones
from datagen.phones import NANP, Phone
from datagen.population import Address, Company, Person
from datagen.quirks import (cap, email_variant, latin_cn_parts, western_first, western_last)
from datagen.rng import Picker, ch, picker
from datagen.vocab import business as B
from datagen.vocab import geo as G
from datagen.vocab import names as N

# ------------------------------------------------------------------ phones
# How a phone gets typed, by the typist's habits ("global" = Western CRM users,
# "cn_local" = Chinese systems) and by the number's plan.
_PHONE_STYLES: dict[tuple[str, str], Picker[str]] = {
    ("global", "CN"): picker([("intl", 25), ("e164", 12), ("national", 20), ("national_dash", 10),
                              ("national_grouped", 10), ("cc", 6), ("paren_cc", 6), ("idd00", 6),
                              ("intl_dash", 5)]),
    ("global", "NANP"): picker([("us_paren_intl", 25), ("dots", 15), ("national_grouped", 20),
                                ("national_dash", 15), ("national", 5), ("e164", 10),
                                ("one_dash", 5), ("intl", 5)]),
    ("global", "OTHER"): picker([("trunk_paren", 25), ("intl", 25), ("national_grouped", 25),
                                 ("e164", 15), ("idd00", 5), ("national", 5)]),
    ("cn_local", "CN"): picker([("national", 60), ("national_dash", 10), ("national_grouped", 10),
                                ("intl", 5), ("cc", 5), ("paren_cc", 5), ("e164", 5)]),
    ("cn_local", "NANP"): picker([("e164", 40), ("intl", 30), ("idd00", 15), ("us_paren_intl", 15)]),
    ("cn_local", "OTHER"): picker([("e164", 40), ("intl", 40), ("idd00", 20)]),
}


def _plan(p: Phone) -> str:
    return "CN" if p.country == "CN" else ("NANP" if p.country in NANP else "OTHER")


def phone_text(rng: random.Random, p: Phone, habit: str) -> str:
    return phones.render(p, _PHONE_STYLES[(habit, _plan(p))].pick(rng))


def written_phone(rng: random.Random, p: Phone | None, habit: str,
                  p_garbage: float = 0.015) -> tuple[str, str]:
    """(text, true E.164); garbage entries have no truth."""
    if p is None:
        return "", ""
    if rng.random() < p_garbage:
        return phones.garbage(rng, p), ""
    return phone_text(rng, p, habit), p.e164


def switchboard_text(rng: random.Random, person: Person, habit: str) -> tuple[str, str]:
    """The company's main line, sometimes with the person's extension."""
    company = person.company
    assert company is not None
    text = phone_text(rng, company.switchboard, habit)
    if rng.random() < 0.4:
        text = phones.with_extension(text, company.switchboard, person.ext, rng)
    return text, company.switchboard.e164


# ------------------------------------------------------------------ names
def latin_name(rng: random.Random, p: Person, style: str) -> tuple[str, str]:
    """(first, last) in a Latin-script CRM. Styles: western, upper_last, swapped, lower,
    upper, hanzi, english, nickname, quoted_nickname, middle, initial, full_in_first,
    honorific."""
    if style == "full_in_first":
        first, last = latin_name(rng, p, "swapped" if p.culture == "cn" else "western")
        return f"{first} {last}", ""
    if style == "honorific":
        first, last = latin_name(rng, p, "western")
        titles = N.HONORIFICS_M if p.gender == "M" else N.HONORIFICS_F
        return f"{ch(rng, titles)} {first}", last
    if p.culture == "cn":
        if style == "hanzi":
            return p.given, p.family
        if style == "english" and p.english_name:
            return p.english_name, cap(p.family_py)
        if style not in ("western", "upper_last", "swapped", "lower", "upper"):
            style = "western"
        return latin_cn_parts(p.family_py, p.given_syll, style, rng)
    if style in ("hanzi", "english", "swapped"):
        style = "western"
    return (western_first(p.given, p.nicknames, style, rng, p.middle_initial),
            western_last(p.family, style))


def display_name(rng: random.Random, p: Person, style: str) -> str:
    """A one-field full name (Shopify Billing Name, feedback customer_name)."""
    if p.culture == "cn":
        if style == "hanzi":
            return p.family + p.given
        if style == "family_first_lower":
            return f"{p.family_py} {' '.join(p.given_syll) if len(p.given_syll) > 1 and rng.random() < 0.3 else p.given_py}"
        if style == "family_first":
            return f"{cap(p.family_py)} {cap(p.given_py)}"
        if style == "upper_family_first":
            return f"{p.family_py.upper()} {p.given_py.upper()}"
        if style == "honorific_cn":
            return p.family + N.CN_HONORIFIC[p.gender]
    first, last = latin_name(rng, p, style)
    return f"{first} {last}".strip()


# ------------------------------------------------------------------ emails
EMAIL_KINDS = picker([("exact", 70), ("case", 8), ("dots", 6), ("plus", 5), ("typo", 3),
                      ("upper", 2), ("alt", 6)])


def written_email(rng: random.Random, p: Person, kinds: Picker[str] = EMAIL_KINDS) -> str:
    kind = kinds.pick(rng)
    if kind == "alt":
        return p.alt_email or p.email
    return email_variant(p.email, kind, rng)


# ------------------------------------------------------------------ companies
def company_en(rng: random.Random, c: Company) -> str:
    """Company name in English as someone typed it (legal suffix varies)."""
    if c.country == "CN":
        suffix = ch(rng, B.CN_EN_SUFFIX_VARIANTS)
        name = f"{c.core_en} {suffix}".strip()
    else:
        canonical = c.name_en[len(c.core_en) + 1:]
        variants = next((v for s, v in B.LEGAL_SUFFIXES[c.country] if s == canonical),
                        (canonical,))
        suffix = ch(rng, variants) if rng.random() < 0.5 else canonical
        name = c.core_en + suffix if suffix.startswith(",") else f"{c.core_en} {suffix}".strip()
    r = rng.random()
    if r < 0.05:
        return name.upper()
    return name


def company_cn(rng: random.Random, c: Company) -> str:
    """Company name in a Chinese system (short forms, 股份 mismatch, city in brackets)."""
    if c.country != "CN":
        return company_en(rng, c)
    r = rng.random()
    if r < 0.72:
        return c.name
    short = c.core_cn[2:] if len(c.core_cn) > 4 else c.core_cn  # drop the city
    city = c.core_cn[:2]
    if r < 0.82:
        return short
    if r < 0.9:
        return f"{short}（{city}）{c.suffix_cn}"
    if r < 0.95:
        return c.core_cn + ("股份有限公司" if c.suffix_cn == "有限公司" else "有限公司")
    return c.core_cn + "公司"


# ------------------------------------------------------------------ addresses
def country_written(rng: random.Random, country: str, canonical_share: float = 0.6) -> str:
    names = G.COUNTRY_NAMES[country]
    return names[0] if rng.random() < canonical_share else ch(rng, names)


def street_lines(rng: random.Random, a: Address, hanzi_share: float) -> list[str]:
    """Street lines of an address; Chinese addresses in hanzi or English."""
    if a.is_cn and rng.random() < hanzi_share:
        lines = [f"{a.street}{a.number}号"]
        tail = f"{a.compound}{a.building}{a.room}"
        if tail and rng.random() < 0.85:
            lines.append(tail)
        return lines
    lines = a.en_lines()
    if rng.random() < 0.15:
        lines = lines[:1]  # less complete
    return lines
