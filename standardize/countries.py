"""Country names and codes in any language the exports use → ISO 3166-1 alpha-2.

Why a lookup and not fuzzy matching: country fields are short and the set of real
values is small (``China``, ``中国``, ``PRC``, ``CN``, ``CHN``, ``USA``, ``美国``,
``Deutschland`` …). A normalized exact-key lookup over CLDR names (English, Simplified
and Traditional Chinese, each country's own official languages) plus hand-written
aliases is predictable; an unknown value stays ``None`` and shows up in data-quality
reports instead of being silently mapped to a near neighbour.

The alias table is the seed ``dbt_project/seeds/country_aliases.csv`` (``alias_key``,
``iso2``); ``alias_key`` is :func:`alias_key` of the alias, so SQL can join on it
after applying the same rule — or simply call ``std_country()``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._seeds import read_seed
from ._text import ascii_fold, nfkc

__all__ = ["alias_key", "to_iso2", "country_info"]

_NON_KEY = re.compile(r"[^0-9a-z\u3400-\u9fff\uf900-\ufaff\u0400-\u04ff\u0370-\u03ff\uac00-\ud7af\u3040-\u30ff\u0600-\u06ff]+")


def alias_key(s: str | None) -> str:
    """Lookup key: NFKC, casefold, diacritics removed, everything but letters/digits/Han dropped.

    ``"U.S.A."`` → ``"usa"``, ``"People's Republic of China"`` →
    ``"peoplesrepublicofchina"``, ``"Côte d’Ivoire"`` → ``"cotedivoire"``, ``"中国"`` →
    ``"中国"``. A leading English article is dropped (``The Netherlands``).
    """
    if not s:
        return ""
    k = ascii_fold(nfkc(s)).casefold().strip()
    if k.startswith("the "):
        k = k[4:]
    return _NON_KEY.sub("", k)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {r["alias_key"]: r["iso2"] for r in read_seed("country_aliases")}


@lru_cache(maxsize=1)
def _info() -> dict[str, dict[str, str]]:
    return {r["iso2"]: r for r in read_seed("country_codes")}


@lru_cache(maxsize=1 << 14)
def to_iso2(raw: str | None) -> str | None:
    """ISO2 code for a country name/code in English, Chinese or native spelling, else None.

    Also accepts a value with a trailing/leading parenthetical or a province attached
    (``"China (Mainland)"``, ``"中国 浙江"``) by retrying on the first token.
    """
    key = alias_key(raw)
    if not key:
        return None
    aliases = _aliases()
    hit = aliases.get(key)
    if hit:
        return hit
    # "中国浙江省" / "China, Zhejiang": try the first comma/space separated token.
    cleaned = nfkc(raw or "").strip()
    for sep in (",", " ", "(", "/"):
        if sep in cleaned:
            head = alias_key(cleaned.split(sep, 1)[0])
            if head and len(head) >= 2 and head in aliases:
                return aliases[head]
    for prefix in ("中国", "中國"):
        if key.startswith(prefix):
            return "CN"
    return None


def country_info(iso2: str) -> dict[str, str] | None:
    """Row of ``country_codes.csv`` (iso2, iso3, name_en, name_zh, calling_code)."""
    return _info().get(iso2.upper())
