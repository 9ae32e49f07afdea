"""Dev-only generator of ``country_codes.csv``, ``country_aliases.csv`` and the country
rows of ``region_mapping.csv`` (run: ``python -m standardize._build_country_seeds``).

Why generated: 249 countries in English, Simplified and Traditional Chinese and their
own languages are too many to type by hand without mistakes. The names come from the
Unicode CLDR data that ``babel`` ships (a transitive dependency, needed only to
regenerate); calling codes from ``phonenumbers``. Hand-written aliases (USA, PRC,
UK, 中国大陆, …) and the continent/sales-region overrides are in this file. The
generated CSVs are committed; the runtime never imports babel.
"""

from __future__ import annotations

import csv
import os
import pickle
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"

# ISO 3166-1 "exceptionally reserved" and CLDR-only codes that are not countries.
_SKIP = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "XK"}

# CLDR keeps withdrawn alpha-3 codes as aliases; they are not the current ISO codes.
_DEPRECATED_ALPHA3 = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}
_SOUTH_AMERICA = set("AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS".split())
_MIDDLE_EAST = set("AE BH IL IQ IR JO KW LB OM PS QA SA SY YE".split())
_CIS = set("RU BY UA MD KZ UZ TM KG TJ AM AZ GE".split())
_GREATER_CHINA = {"CN", "HK", "MO", "TW"}
_NORTH_AMERICA_SALES = {"US", "CA", "PM", "BM", "UM"}
_CONTINENT_OVERRIDES = {
    # Islands whose first time zone is an ocean: assign by geography/politics.
    "BM": "North America", "CV": "Africa", "SH": "Africa", "FO": "Europe", "IS": "Europe",
    "PT": "Europe", "FK": "South America", "GS": "South America", "MG": "Africa",
    "MU": "Africa", "SC": "Africa", "KM": "Africa", "RE": "Africa", "YT": "Africa",
    "MV": "Asia", "IO": "Asia", "CC": "Asia", "CX": "Asia", "TF": "Antarctica",
    "SJ": "Europe", "AQ": "Antarctica", "BV": "Antarctica", "HM": "Antarctica",
    "CL": "South America", "EC": "South America", "ES": "Europe", "GL": "North America",
    "CY": "Europe", "TR": "Europe", "RU": "Europe", "EG": "Africa", "AU": "Oceania",
    "UM": "Oceania", "AM": "Asia", "AZ": "Asia", "GE": "Asia",
}

# Hand-written aliases (normalized with countries.alias_key at load time).
MANUAL_ALIASES = {
    "CN": ["PRC", "P.R.C.", "P.R. China", "PR China", "People's Republic of China",
           "Mainland China", "China Mainland", "China (Mainland)", "中国大陆", "大陆", "内地",
           "中华人民共和国", "中國大陸", "Zhongguo", "CHN", "Chinese Mainland"],
    "US": ["USA", "U.S.A.", "U.S.", "US", "United States of America", "America",
           "United States", "美国", "美國", "The United States"],
    "GB": ["UK", "U.K.", "United Kingdom", "Great Britain", "Britain", "England",
           "Scotland", "Wales", "Northern Ireland", "英国", "英國", "大不列颠"],
    "HK": ["Hong Kong", "HongKong", "Hong Kong SAR", "HK SAR", "香港", "中国香港", "中國香港"],
    "MO": ["Macau", "Macao", "Macao SAR", "Macau SAR", "澳门", "澳門", "中国澳门"],
    "TW": ["Taiwan", "台湾", "台灣", "中国台湾", "中國台灣", "Taiwan, China", "Chinese Taipei"],
    "KR": ["Korea", "South Korea", "Republic of Korea", "Korea, Republic of", "韩国", "南韩",
           "韓國", "大韩民国"],
    "KP": ["North Korea", "DPRK", "朝鲜"],
    "RU": ["Russia", "Russian Federation", "俄罗斯", "俄国"],
    "AE": ["UAE", "U.A.E.", "Emirates", "United Arab Emirates", "阿联酋"],
    "NL": ["Holland", "The Netherlands", "Netherlands", "荷兰"],
    "CZ": ["Czech Republic", "Czechia"],
    "VN": ["Vietnam", "Viet Nam", "越南"],
    "TR": ["Turkey", "Türkiye", "Turkiye", "土耳其"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "DE": ["Deutschland", "Germany", "德国", "德國", "BRD", "Federal Republic of Germany"],
    "JP": ["Japan", "Nippon", "日本国"],
    "SG": ["Singapore", "新加坡"],
    "MY": ["Malaysia", "马来西亚"],
    "AU": ["Australia", "澳洲", "澳大利亚"],
    "NZ": ["New Zealand", "新西兰", "纽西兰"],
    "CA": ["Canada", "加拿大"],
    "FR": ["France", "法国"],
    "IT": ["Italy", "意大利"],
    "ES": ["Spain", "西班牙"],
    "CH": ["Switzerland", "瑞士"],
    "IN": ["India", "印度"],
    "TH": ["Thailand", "泰国"],
    "PH": ["Philippines", "菲律宾"],
    "ID": ["Indonesia", "印尼", "印度尼西亚"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "LA": ["Laos"],
    "MD": ["Moldova"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "VA": ["Vatican", "Holy See"],
    "PS": ["Palestine"],
    "MK": ["Macedonia", "North Macedonia"],
    "SZ": ["Swaziland", "Eswatini"],
    "MM": ["Burma", "Myanmar"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo"],
}


def _continent(code: str, zones: list[str]) -> str:
    if code in _CONTINENT_OVERRIDES:
        return _CONTINENT_OVERRIDES[code]
    heads = [z.split("/")[0] for z in zones]
    head = max(set(heads), key=heads.count) if heads else ""
    if head == "America":
        return "South America" if code in _SOUTH_AMERICA else "North America"
    if head in ("Pacific", "Australia"):
        return "Oceania"
    return {"Europe": "Europe", "Africa": "Africa", "Asia": "Asia"}.get(head, "")


def _sales_region(code: str, continent: str) -> str:
    if code in _GREATER_CHINA:
        return "Greater China"
    if code in _NORTH_AMERICA_SALES:
        return "North America"
    if code in _MIDDLE_EAST or continent == "Africa":
        return "Middle East & Africa"
    if code in _CIS or continent == "Europe":
        return "Europe"
    if continent in ("North America", "South America"):
        return "LATAM"
    if continent in ("Asia", "Oceania"):
        return "APAC"
    return ""


def main() -> None:
    import babel  # noqa: PLC0415 - dev-only dependency
    import phonenumbers
    from babel import Locale

    from .countries import alias_key

    glob = pickle.load(open(os.path.join(os.path.dirname(babel.__file__), "global.dat"), "rb"))
    zones = glob["territory_zones"]
    iso3: dict[str, str] = {}
    for k, v in glob["territory_aliases"].items():
        if len(k) == 3 and k.isalpha() and len(v) == 1 and k not in _DEPRECATED_ALPHA3:
            iso3.setdefault(v[0], k)
    en = Locale("en").territories
    zh = Locale("zh").territories
    zh_hant = Locale("zh_Hant").territories
    codes = sorted(c for c in en if len(c) == 2 and c.isalpha() and c not in _SKIP)

    rows, region_rows = [], []
    aliases: dict[str, set[str]] = {}

    def add(alias: str, code: str) -> None:
        key = alias_key(alias)
        if key:
            aliases.setdefault(key, set()).add(code)

    for c in codes:
        cc = phonenumbers.country_code_for_region(c) or ""
        name_zh = zh.get(c, "")
        rows.append([c, iso3.get(c, ""), en[c], name_zh, cc])
        cont = _continent(c, zones.get(c, []))
        region_rows.append(["country", c, en[c], _sales_region(c, cont), cont])
        for a in (c, iso3.get(c, ""), en[c], name_zh, zh_hant.get(c, "")):
            add(a, c)
        for lang, info in glob["territory_languages"].get(c, {}).items():
            if info.get("official_status") in ("official", "de_facto_official"):
                try:
                    add(Locale.parse(lang).territories.get(c, ""), c)
                except Exception:  # noqa: BLE001 - locale missing in CLDR subset
                    pass
    for c, names in MANUAL_ALIASES.items():
        for a in names:
            aliases.pop(alias_key(a), None)  # a manual alias wins over generated clashes
        for a in names:
            add(a, c)
    ambiguous = {k: v for k, v in aliases.items() if len(v) > 1}
    for k, v in sorted(ambiguous.items()):
        print(f"dropping ambiguous alias {k!r}: {sorted(v)}", file=sys.stderr)
        del aliases[k]

    with (SEEDS / "country_codes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso2", "iso3", "name_en", "name_zh", "calling_code"])
        w.writerows(rows)
    with (SEEDS / "country_aliases.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["alias_key", "iso2"])
        w.writerows(sorted((k, next(iter(v))) for k, v in aliases.items()))
    # region_mapping.csv: keep the hand-written cn_province rows, regenerate countries.
    path = SEEDS / "region_mapping.csv"
    keep = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            keep = [r for r in csv.reader(fh)][1:]
        keep = [r for r in keep if r and r[0] != "country"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["scope", "key", "name_en", "region", "continent"])
        w.writerows(keep)
        w.writerows(region_rows)


if __name__ == "__main__":
    main()
