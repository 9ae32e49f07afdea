"""The reference seeds the standardizers and SQL share: shape and consistency."""

from __future__ import annotations

from collections import Counter

from standardize._seeds import read_seed
from standardize.countries import alias_key


def test_nicknames():
    rows = read_seed("name_nicknames")
    assert len(rows) >= 100
    nick = [r["nickname"] for r in rows]
    assert len(set(nick)) == len(nick)
    assert all(r["nickname"] == r["nickname"].lower().strip() and r["canonical"].isalpha() for r in rows)
    table = {r["nickname"]: r["canonical"] for r in rows}
    assert (table["bob"], table["bill"], table["liz"], table["peggy"]) == ("robert", "william", "elizabeth", "margaret")
    # a canonical name is never itself a nickname (no chains to follow)
    assert not set(table.values()) & set(table)


def test_countries_and_aliases_consistent():
    codes = {r["iso2"]: r for r in read_seed("country_codes")}
    assert len(codes) >= 240
    assert codes["CN"]["iso3"] == "CHN" and codes["CN"]["calling_code"] == "86"
    assert codes["DE"]["iso3"] == "DEU"  # not the withdrawn DDR
    aliases = read_seed("country_aliases")
    keys = [r["alias_key"] for r in aliases]
    assert len(set(keys)) == len(keys)
    assert {r["iso2"] for r in aliases} <= set(codes)
    assert all(alias_key(k) == k for k in keys)  # stored already normalized


def test_region_mapping_covers_provinces_and_countries():
    rows = read_seed("region_mapping")
    provinces = {r["key"]: r["region"] for r in rows if r["scope"] == "cn_province"}
    assert len(provinces) == 34
    assert set(provinces.values()) == {"华东", "华北", "华南", "华中", "西南", "西北", "东北"}
    countries = {r["key"]: r["region"] for r in rows if r["scope"] == "country"}
    assert set(countries) == {r["iso2"] for r in read_seed("country_codes")}
    assert (countries["US"], countries["CN"], countries["DE"], countries["JP"], countries["BR"]) == (
        "North America", "Greater China", "Europe", "APAC", "LATAM")
    assert Counter(r["scope"] for r in rows).keys() == {"cn_province", "country"}


def test_cities_belong_to_known_provinces():
    provinces = {r["key"] for r in read_seed("region_mapping") if r["scope"] == "cn_province"}
    cities = read_seed("cn_cities")
    assert len(cities) > 330
    assert {r["province"] for r in cities} == provinces
    names = [r["city"] for r in cities]
    assert len(set(names)) == len(names)
