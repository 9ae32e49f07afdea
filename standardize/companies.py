"""Company names → a comparable key.

Why: the same account is ``杭州阿里巴巴网络科技有限公司`` in one system and
``杭州阿里巴巴网络科技`` in another, ``Acme Co., Ltd.`` and ``ACME Co Ltd`` or
``Acme Inc``. Legal-form suffixes, the ``(中国)`` country marker, width, case and
punctuation carry no identity, so the key drops them. It deliberately keeps
everything else (city prefixes like 杭州, industry words like 网络科技): dropping
those would merge different companies, and fuzzy comparison of the remaining key is
Splink's job, not ours.

Key shape: lowercase, ASCII-folded Latin words separated by single spaces, Han text
without spaces, ``&`` → ``and``, legal suffixes removed from the end repeatedly
(``… Holdings Co., Ltd.`` → ``…``). If nothing but a legal form remains
(``有限公司``), the key is ``None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._text import ascii_fold, clean, is_han

__all__ = ["company_key"]

# Longest first matters: 股份有限公司 before 有限公司 before 公司.
_HAN_SUFFIXES = sorted(
    """集团股份有限公司 集团有限责任公司 集团有限公司 股份有限公司 有限责任公司 控股有限公司 有限公司
    股份公司 控股集团 集团公司 总公司 责任公司 公司 集团 控股 企业 商行""".split(),
    key=len,
    reverse=True,
)
# Tokens (after punctuation folding) that are legal forms, matched at the end.
_LATIN_SUFFIX_SEQS = sorted(
    (
        tuple(x.split())
        for x in """co ltd|company limited|company ltd|co limited|pty ltd|pte ltd|pvt ltd|sdn bhd|
        private limited|public limited company|limited liability company|ltd|limited|llc|l l c|
        inc|incorporated|corp|corporation|co|company|gmbh|gmbh co kg|co kg|kg|ag|sa|s a|sas|
        sarl|srl|spa|s p a|plc|gmbh and co kg|and co kg|and co|und co kg|pty|pte|bv|b v|nv|n v|oy|ab|as|a s|kk|k k|kabushiki kaisha|
        lp|llp|l p|group|holdings|holding|intl|international""".replace("\n", "").split("|")
    ),
    key=len,
    reverse=True,
)
_REGION_MARKERS = re.compile(r"[(]\s*(?:中国|中國|china|prc|中国大陆|hk|hong kong|香港)\s*[)]", re.I)
_PUNCT_RE = re.compile(r"[^\w\s&]+", re.UNICODE)
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def _strip_han(s: str) -> str:
    changed = True
    while changed:
        changed = False
        for suf in _HAN_SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf):
                s = s[: -len(suf)].rstrip()
                changed = True
                break
    return s


def _strip_latin(tokens: list[str]) -> list[str]:
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for seq in _LATIN_SUFFIX_SEQS:
            n = len(seq)
            if len(tokens) > n and tuple(tokens[-n:]) == seq:
                tokens = tokens[:-n]
                changed = True
                break
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return tokens


@lru_cache(maxsize=1 << 18)
def company_key(raw: str | None) -> str | None:
    """Comparable key of a company name, or ``None`` for empty/legal-form-only input."""
    s = clean(raw)
    if not s:
        return None
    s = _REGION_MARKERS.sub(" ", s)
    s = ascii_fold(s).lower().replace("&", " and ")
    s = _PUNCT_RE.sub(" ", s).replace("_", " ")
    s = " ".join(s.split())
    if not s:
        return None
    # Han part: legal suffix at the very end (possibly followed by a Latin legal form).
    tokens = _strip_latin(s.split())
    s = " ".join(tokens)
    s = _SPACE_BETWEEN_HAN.sub("", s)
    if any(is_han(c) for c in s):
        if s in _HAN_SUFFIXES:  # the legal form alone is not a name
            return None
        s = _strip_han(s)
        s = " ".join(_strip_latin(s.split()))
    if s in _HAN_SUFFIXES or (len(s.split()) == 1 and (s,) in _LATIN_SUFFIX_SEQS):
        return None
    return s or None
