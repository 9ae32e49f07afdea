"""Damage functions: the ways humans and systems mangle the same true value.

Each function is small and pure given an RNG, so a renderer composes the damage it
needs (a name written family-first in capitals, a Gmail address with dots, a phone
stored as an Excel number...). Nothing here knows about files.
"""

from __future__ import annotations

import random
import unicodedata

from datagen.phones import Phone
from datagen.rng import ch, ri, rr

IDEOGRAPHIC_SPACE = "\u3000"

_FULLWIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_FULLWIDTH[0x20] = 0x3000


def fullwidth(text: str) -> str:
    """ASCII -> full-width forms (what a Chinese IME in full-width mode types)."""
    return text.translate(_FULLWIDTH)


def ascii_fold(text: str) -> str:
    """Lowercase ASCII spelling (Müller -> muller, José -> jose)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def gbk_roundtrip(text: str) -> str:
    """What survives a GBK export: unencodable characters (𠮷, emoji) become '?'."""
    return text.encode("gbk", "replace").decode("gbk")


def cap(syllable: str) -> str:
    return syllable[:1].upper() + syllable[1:]


# ---------------------------------------------------------------- Chinese names (hanzi)

def hanzi_name(family: str, given: str, rng: random.Random, damage: float) -> str:
    """张伟, or with stray spaces: 张 伟, 张\u3000伟, trailing/leading blanks."""
    if rng.random() >= damage:
        return family + given
    kind = rr(rng, 5)
    if kind == 0:
        return family + " " + given
    if kind == 1:
        return family + IDEOGRAPHIC_SPACE + given
    if kind == 2:
        return family + given + ch(rng, (" ", IDEOGRAPHIC_SPACE))
    if kind == 3:
        return " " + family + given
    return " ".join(family + given) if len(given) > 1 else family + "  " + given


# ---------------------------------------------------------------- romanised Chinese names

def pinyin_given(syllables: tuple[str, ...], rng: random.Random) -> str:
    """Xiaoming / Xiao Ming / Xiao-Ming / XiaoMing for a two-syllable given name."""
    if len(syllables) == 1:
        return cap(syllables[0])
    r = rng.random()
    if r < 0.7:
        return cap("".join(syllables))
    if r < 0.85:
        return " ".join(cap(s) for s in syllables)
    if r < 0.95:
        return "-".join(cap(s) for s in syllables) if rng.random() < 0.5 else \
            cap(syllables[0]) + "-" + syllables[1]
    return "".join(cap(s) for s in syllables)


def latin_cn_parts(family_py: str, syllables: tuple[str, ...], style: str,
                   rng: random.Random) -> tuple[str, str]:
    """(first, last) for a Chinese person in a Latin-script CRM field pair.

    styles: western (Wei Zhang), upper_last (Wei ZHANG), swapped (first=ZHANG last=Wei,
    i.e. typed family-first), lower (wei zhang), upper (WEI ZHANG).
    """
    given = pinyin_given(syllables, rng)
    fam = cap(family_py)
    if style == "western":
        return given, fam
    if style == "upper_last":
        return given, fam.upper()
    if style == "swapped":
        return fam.upper() if rng.random() < 0.6 else fam, given
    if style == "lower":
        return given.lower(), fam.lower()
    if style == "upper":
        return given.upper(), fam.upper()
    raise ValueError(style)


# ---------------------------------------------------------------- Western names

def western_first(given: str, nicknames: tuple[str, ...], style: str, rng: random.Random,
                  middle_initial: str) -> str:
    """Given name as written: formal, nickname, 'Robert "Bob"', middle initial, case."""
    if style == "nickname" and nicknames:
        return ch(rng, nicknames)
    if style == "quoted_nickname" and nicknames:
        return f'{given} "{ch(rng, nicknames)}"'
    if style == "middle":
        return f"{given} {middle_initial}."
    if style == "initial":
        return given[0] + "."
    if style == "lower":
        return given.lower()
    if style == "upper":
        return given.upper()
    return given


def western_last(family: str, style: str) -> str:
    if style == "lower":
        return family.lower()
    if style in ("upper", "upper_last"):
        return family.upper()
    return family


# ---------------------------------------------------------------- emails

_TYPO_DOMAINS = {
    "gmail.com": ("gmial.com", "gmail.con", "gmai.com", "gamil.com"),
    "qq.com": ("qq.con", "qq.co"), "163.com": ("163.con", "136.com"),
    "126.com": ("126.con",), "outlook.com": ("outlok.com", "outlook.co"),
    "yahoo.com": ("yaho.com", "yahoo.con"), "hotmail.com": ("hotmial.com",),
}


def email_variant(email: str, kind: str, rng: random.Random) -> str:
    """The same mailbox written differently (or a near-miss typo).

    kinds: exact, case, dots (Gmail ignores dots), plus (+tag), typo, upper, space.
    """
    if not email or kind == "exact":
        return email
    local, _, domain = email.partition("@")
    if kind == "case":
        return cap(local) + "@" + (domain if rng.random() < 0.5 else domain.capitalize())
    if kind == "upper":
        return email.upper()
    if kind == "dots" and domain == "gmail.com":
        bare = local.replace(".", "")
        if bare != local:
            return bare + "@" + domain
        if len(bare) > 3:
            i = ri(rng, 1, len(bare) - 1)
            return bare[:i] + "." + bare[i:] + "@" + domain
        return email
    if kind in ("plus", "dots"):
        tag = ch(rng, ("shop", "news", "crm", "orders", "2024", "promo"))
        return f"{local}+{tag}@{domain}"
    if kind == "typo":
        typos = _TYPO_DOMAINS.get(domain)
        if typos and rng.random() < 0.6:
            return local + "@" + ch(rng, typos)
        if len(local) > 4:
            i = ri(rng, 1, len(local) - 2)
            return local[:i] + local[i + 1:] + "@" + domain  # a dropped letter
        return email
    if kind == "space":
        return " " + email if rng.random() < 0.5 else email + " "
    if kind == "fullwidth_at":
        return local + "＠" + domain
    raise ValueError(kind)


# ---------------------------------------------------------------- Excel damage

def excel_phone_number(p: Phone) -> float:
    """A phone that went through an Excel number cell: leading zeros gone, a float."""
    return float(p.nsn)


def excel_text_of_number(value: float) -> str:
    """The text a reader shows for an Excel number cell (python-calamine gives floats)."""
    return repr(float(value))


def excel_guard(text: str) -> str:
    """Taobao's Excel guard around long ids: ="3012345678901234567"."""
    return f'="{text}"'


def apostrophe(text: str) -> str:
    """Leading-apostrophe text guard (Taobao phones, Shopify zips)."""
    return "'" + text if text else text
