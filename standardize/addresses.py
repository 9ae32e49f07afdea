"""One-string Chinese addresses → province / city / district / street / postal code.

Why: taobao (and free-text address fields elsewhere) deliver the whole address as one
string, ``浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)``, with or without
spaces, sometimes without the district, with municipalities (``北京市 朝阳区``, or
``北京 北京市 朝阳区``), autonomous regions (``广西壮族自治区``), full-width brackets
and overseas buyers' foreign addresses. Matching households and reporting by region
needs the parts.

How: a gazetteer of the 34 provincial-level divisions (seed ``region_mapping.csv``)
and their prefecture-level cities (seed ``cn_cities.csv``) anchors the first two
levels, so a missing province is inferred from the city (``杭州市西湖区…`` →
浙江省). Below the city no gazetteer is used: the district is the next chunk ending in
区/县/市/旗 that does not look like a street (路, 街, 号, 小区 …), which is right for
the usual shapes and leaves ``district`` empty instead of swallowing a street when it
is missing. The rest is the street (up to the house number ``…号``) and the detail
(building/room).

Country names go through :mod:`countries` (``std_country`` in SQL).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ._seeds import read_seed
from ._text import has_han, nfkc
from .countries import _aliases as _country_aliases
from .countries import alias_key, to_iso2

__all__ = ["CnAddress", "parse_cn_address", "to_iso2", "cn_province", "cn_region"]


class CnAddress(NamedTuple):
    """Parsed address. ``parse_status``: parsed / partial / foreign / unparsed / empty."""

    country_iso2: str | None
    province: str | None
    city: str | None
    district: str | None
    street: str | None
    detail: str | None
    postal_code: str | None
    parse_status: str


_EMPTY = CnAddress(None, None, None, None, None, None, None, "empty")

_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_SAR = {"香港特别行政区": "HK", "澳门特别行政区": "MO", "台湾省": "TW"}
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_ETHNIC_PREFECTURE_RE = re.compile(
    r"^(.{2,4}?)(?:(?:朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克)族?)+自治州$"
)
_POSTAL_RE = re.compile(r"(?:邮编|邮政编码|postcode|zip)?[:：]?\s*[(\[]?\s*(?<!\d)(\d{6})\s*[)\]]?\s*$", re.I)
_NON_ASCII_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_DISTRICT_RE = re.compile(r"^(.{1,8}?(?:自治县|自治旗|新区|林区|特区|开发区|区|县|旗|市))")
_NOT_DISTRICT = ("路", "街", "巷", "弄", "号", "村", "镇", "乡", "大道", "大厦", "栋", "幢", "室", "楼", "小区", "花园", "公寓")
_STREET_RE = re.compile(r"^(.*?\d+(?:-\d+)?号(?:院|楼)?)(.+)$")
_HAN_ONLY_RE = re.compile(r"[\u3400-\u9fff]+")
_CITY_GENERIC_RE = re.compile(r"^(.{2,6}?(?:自治州|地区|盟|市))")


def _short_province(full: str) -> str:
    for suf in _PROVINCE_SUFFIXES:
        if full.endswith(suf) and len(full) > len(suf) + 1:
            return full[: -len(suf)]
    return full


def _short_city(full: str) -> str:
    m = _ETHNIC_PREFECTURE_RE.match(full)
    if m:
        return m.group(1)
    for suf in ("特别行政区", "自治州", "地区", "林区", "盟", "市"):
        if full.endswith(suf) and len(full) > len(suf) + 1:
            return full[: -len(suf)]
    return full


_Index = dict[str, list[tuple[str, str]]]  # first character -> [(name, full name)], longest first


def _index(pairs: list[tuple[str, str]]) -> _Index:
    idx: _Index = {}
    for name, full in sorted(pairs, key=lambda t: -len(t[0])):
        idx.setdefault(name[0], []).append((name, full))
    return idx


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], _Index, dict[str, _Index], _Index, dict[str, str]]:
    """(province → region, province names index, city index per province,
    city index over all provinces, city → province)."""
    regions = {r["key"]: r["region"] for r in read_seed("region_mapping") if r["scope"] == "cn_province"}
    provinces: list[tuple[str, str]] = []
    for full in regions:
        provinces.append((full, full))
        short = _short_province(full)
        if short != full:
            provinces.append((short, full))
    province_shorts = {p for p, _ in provinces}
    per_prov: dict[str, list[tuple[str, str]]] = {}
    all_cities: list[tuple[str, str]] = []
    city_province: dict[str, str] = {}
    for r in read_seed("cn_cities"):
        city, prov = r["city"], r["province"]
        city_province[city] = prov
        names = [city]
        short = _short_city(city)
        if short != city and short not in province_shorts:
            names.append(short)
        for n in names:
            per_prov.setdefault(prov, []).append((n, city))
            all_cities.append((n, city))
    return (
        regions,
        _index(provinces),
        {p: _index(v) for p, v in per_prov.items()},
        _index(all_cities),
        city_province,
    )


# A short name is not a city/province when the next character makes it a district,
# street or another word ("朝阳区" in Beijing is not 朝阳市 in Liaoning).
_SHORT_STOP = set("区县镇乡村路街道巷弄号")


def _match_prefix(s: str, index: _Index) -> tuple[str, int] | None:
    """Longest gazetteer name that ``s`` starts with, as (full name, matched length)."""
    if not s:
        return None
    for name, full in index.get(s[0], ()):
        if s.startswith(name):
            if name != full and len(s) > len(name) and s[len(name)] in _SHORT_STOP:
                continue
            return full, len(name)
    return None


def cn_region(province: str | None) -> str | None:
    """华东/华北/华南/华中/西南/西北/东北 for a canonical province name."""
    if not province:
        return None
    return _gazetteer()[0].get(province)


@lru_cache(maxsize=4096)
def cn_province(raw: str | None) -> str | None:
    """Canonical province name from ``浙江``, ``浙江省``, ``Zhejiang``, ``zhejiang sheng``.

    Used for the separate 省 field of fxiaoke and for Western CRMs' State field.
    """
    if not raw:
        return None
    s = nfkc(raw).strip().replace(" ", "")
    if not s:
        return None
    provinces = _gazetteer()[1]
    hit = _match_prefix(s, provinces)
    if hit and hit[1] == len(s) or (hit and s[hit[1]:] in ("省", "市")):
        return hit[0]
    key = alias_key(raw).removesuffix("sheng").removesuffix("province").removesuffix("shi")
    for r in read_seed("region_mapping"):
        if r["scope"] == "cn_province" and alias_key(r["name_en"]) == key:
            return r["key"]
    extra = {"neimenggu": "内蒙古自治区", "nemongol": "内蒙古自治区", "xizang": "西藏自治区",
             "macao": "澳门特别行政区", "hongkongsar": "香港特别行政区"}
    return extra.get(key)


def _country_prefix(s: str) -> tuple[str | None, str]:
    """Strip a leading country name (``中国``, ``中华人民共和国``, ``美国`` …)."""
    aliases = _country_aliases()
    for n in range(min(8, len(s)), 1, -1):
        head = s[:n]
        iso = aliases.get(head) if _HAN_ONLY_RE.fullmatch(head) else None
        # HK/MO/TW are kept in the string: they are also provincial-level divisions.
        if iso and iso not in _SAR.values():
            return iso, s[n:]
    return None, s


_FOREIGN_POSTAL_RE = re.compile(r"\s*[(（]\s*([A-Za-z0-9][A-Za-z0-9 -]{1,9}[A-Za-z0-9])\s*[)）]\s*$")


def _foreign(text: str, iso: str | None) -> CnAddress:
    """An overseas buyer's address: country and, taobao-style, a trailing "(postcode)"."""
    postal = None
    m = _FOREIGN_POSTAL_RE.search(text)
    if m and any(c.isdigit() for c in m.group(1)):
        postal = m.group(1).upper()
        text = text[: m.start()]
    if iso is None:
        parts = [p.strip() for p in re.split(r"[,，\n]", text) if p.strip()]
        for cand in (parts[-1:] + parts[:1]) if parts else []:
            iso = to_iso2(cand)
            if iso:
                break
            # "CA 94043 USA": try the last word
            words = cand.split()
            if words and (iso := to_iso2(words[-1])) is not None:
                break
    return CnAddress(iso, None, None, None, " ".join(text.split()) or None, None, postal, "foreign")


@lru_cache(maxsize=1 << 16)
def parse_cn_address(raw: str | None) -> CnAddress:
    """Parse one address string (see module docstring). Never raises."""
    if raw is None:
        return _EMPTY
    text = nfkc(raw).strip()
    if not text:
        return _EMPTY
    if not has_han(text):
        return _foreign(text, None)

    postal = None
    m = _POSTAL_RE.search(text)
    if m and m.start() > 0:
        postal = m.group(1)
        text = text[: m.start()].rstrip(" ,，")
    s = _NON_ASCII_SPACE_RE.sub("", text).strip(" ,，")

    iso, s = _country_prefix(s)
    if iso and iso != "CN" and iso not in _SAR.values():
        return _foreign(text, iso)

    _, provinces, per_prov, all_cities, city_province = _gazetteer()
    province = city = district = None

    hit = _match_prefix(s, provinces)
    if hit:
        full, n = hit
        rest = s[n:]
        # "吉林市…" is the city of 吉林省, not the province written short.
        if full not in _MUNICIPALITIES and rest.startswith("市") and n < len(full):
            hit = None
        else:
            province, s = full, rest.lstrip("省")
    if province in _MUNICIPALITIES:
        city = province
        short = _short_province(province)
        for tok in (province, short, "市辖区", "市"):
            if s.startswith(tok):
                s = s[len(tok) :]
                break
    elif province in ("香港特别行政区", "澳门特别行政区"):
        city = province
    else:
        cities = per_prov.get(province, {}) if province else all_cities
        chit = _match_prefix(s, cities)
        if chit:
            city, n = chit
            s = s[n:]
            if province is None:
                province = city_province[city]
        elif province is not None:
            g = _CITY_GENERIC_RE.match(s)
            if g and not any(x in g.group(1) for x in _NOT_DISTRICT):
                city = g.group(1)
                s = s[g.end() :]

    if province is None and city is None:
        return CnAddress(iso or None, None, None, None, s or None, None, postal, "unparsed")

    d = _DISTRICT_RE.match(s)
    if d and not any(x in d.group(1) for x in _NOT_DISTRICT) and len(s) > d.end():
        district = d.group(1)
        s = s[d.end() :]
    elif d and len(s) == d.end() and not any(x in d.group(1) for x in _NOT_DISTRICT):
        district, s = d.group(1), ""

    street = detail = None
    if s:
        sm = _STREET_RE.match(s)
        if sm:
            street, detail = sm.group(1), sm.group(2) or None
        else:
            street = s
    country = _SAR.get(province or "", "CN")
    status = "parsed" if (province and city and street) else "partial"
    return CnAddress(country, province, city, district, street, detail, postal, status)
