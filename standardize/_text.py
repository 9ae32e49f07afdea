"""Small text helpers shared by the standardizers.

Every standardizer starts the same way: Unicode NFKC (so full-width digits, letters and
punctuation typed on a Chinese IME become their ASCII forms), removal of invisible
characters that Excel and web forms leave behind, and whitespace folding that also
covers the ideographic space U+3000 and the no-break space, which SQL ``trim()`` keeps.
"""

from __future__ import annotations

import unicodedata

# Zero-width and format characters that sneak in from copy/paste and BOM-prefixed files.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)

# Dashes that NFKC leaves alone but people use as separators.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"), "-")


def nfkc(s: str) -> str:
    """NFKC-normalize and drop invisible characters.

    NFKC maps full-width ASCII (``１３８``, ``＠``, ``（``) to ASCII and U+3000 to a
    normal space, which is exactly the width folding CRM data needs.
    """
    if s.isascii():
        return s
    return unicodedata.normalize("NFKC", s).translate(_INVISIBLE)


def clean(s: str | None) -> str:
    """NFKC, dash folding, whitespace collapsed to single spaces and trimmed.

    Returns ``""`` for ``None`` so callers can test emptiness once.
    """
    if s is None:
        return ""
    s = nfkc(s).translate(_DASHES)
    return " ".join(s.split())


def is_han(ch: str) -> bool:
    """True for CJK ideographs (URO, extension A, compatibility, and the SIP planes)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or o == 0x3007  # 〇
    )


def has_han(s: str) -> bool:
    return any(is_han(c) for c in s)


_FOLD_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def ascii_fold(s: str) -> str:
    """Strip diacritics (é→e, ü→u, ñ→n) and fold a few letters NFKD cannot decompose.

    Used for Latin-script names and company keys so that ``Müller`` and ``Mueller`` are
    at least close and ``José`` equals ``Jose``. ü becomes u (not v): see names.py.
    """
    if s.isascii():
        return s
    s = s.translate(_FOLD_SPECIAL)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s)  # recompose what is not Latin (Hangul syllables)
