"""Addresses and countries: one-string Chinese addresses, province names, ISO codes."""

from __future__ import annotations

import pytest

from standardize.addresses import cn_province, cn_region, parse_cn_address
from standardize.countries import alias_key, to_iso2

# raw -> (country, province, city, district, street, detail, postal_code, status)
ADDRESSES = [
    ("浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)",
     ("CN", "浙江省", "杭州市", "西湖区", "文三路100号", "3幢502室", "310012", "parsed")),
    ("浙江省杭州市西湖区文三路100号3幢502室（310012）",
     ("CN", "浙江省", "杭州市", "西湖区", "文三路100号", "3幢502室", "310012", "parsed")),
    # district missing: the street must not be taken for a district
    ("浙江省 杭州市 文三路 100 号 3幢502室(310012)",
     ("CN", "浙江省", "杭州市", None, "文三路100号", "3幢502室", "310012", "parsed")),
    ("浙江省 杭州市 西湖区 文一路阳光小区3幢",
     ("CN", "浙江省", "杭州市", "西湖区", "文一路阳光小区3幢", None, None, "parsed")),
    # municipalities: province = city, written once or twice, with or without 市
    ("北京市 朝阳区 建国路 88 号 SOHO现代城 A座1201(100022)",
     ("CN", "北京市", "北京市", "朝阳区", "建国路88号", "SOHO现代城A座1201", "100022", "parsed")),
    ("北京 北京市 朝阳区 建国路88号", ("CN", "北京市", "北京市", "朝阳区", "建国路88号", None, None, "parsed")),
    ("上海市浦东新区世纪大道100号", ("CN", "上海市", "上海市", "浦东新区", "世纪大道100号", None, None, "parsed")),
    ("重庆 重庆市 渝中区 解放碑 1号", ("CN", "重庆市", "重庆市", "渝中区", "解放碑1号", None, None, "parsed")),
    # autonomous regions and prefectures
    ("广西壮族自治区 南宁市 青秀区 民族大道 100 号",
     ("CN", "广西壮族自治区", "南宁市", "青秀区", "民族大道100号", None, None, "parsed")),
    ("内蒙古 呼和浩特市 新城区 新华大街 1 号",
     ("CN", "内蒙古自治区", "呼和浩特市", "新城区", "新华大街1号", None, None, "parsed")),
    ("延边朝鲜族自治州 延吉市 光明街 1号",
     ("CN", "吉林省", "延边朝鲜族自治州", "延吉市", "光明街1号", None, None, "parsed")),
    # province missing: inferred from the city; 吉林市 is a city of 吉林省
    ("杭州市西湖区文三路100号", ("CN", "浙江省", "杭州市", "西湖区", "文三路100号", None, None, "parsed")),
    ("吉林市船营区北京路1号", ("CN", "吉林省", "吉林市", "船营区", "北京路1号", None, None, "parsed")),
    ("江苏省 苏州市 昆山市 前进中路 8 号", ("CN", "江苏省", "苏州市", "昆山市", "前进中路8号", None, None, "parsed")),
    ("中国 广东省 深圳市 南山区 深南大道 9988 号",
     ("CN", "广东省", "深圳市", "南山区", "深南大道9988号", None, None, "parsed")),
    ("香港特别行政区 九龙 弥敦道 100 号",
     ("HK", "香港特别行政区", "香港特别行政区", None, "九龙弥敦道100号", None, None, "parsed")),
    # foreign addresses of overseas buyers
    ("1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA",
     ("US", None, None, None, "1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA", None, None, "foreign")),
    ("10 Downing Street, London SW1A 2AA, United Kingdom",
     ("GB", None, None, None, "10 Downing Street, London SW1A 2AA, United Kingdom", None, None, "foreign")),
    ("日本 東京都 港区 六本木 1-1", ("JP", None, None, None, "日本 東京都 港区 六本木 1-1", None, None, "foreign")),
    # taobao's overseas format: country first or last, "(postcode)" at the end
    ("美国 Los Angeles 1447 Main St(90098)",
     ("US", None, None, None, "美国 Los Angeles 1447 Main St", None, "90098", "foreign")),
    ("1831 King St W, Toronto, ON, Canada(M5V 2A3)",
     ("CA", None, None, None, "1831 King St W, Toronto, ON, Canada", None, "M5V 2A3", "foreign")),
    ("Goethestra?e 145, Berlin, Berlin, Germany(10137)",
     ("DE", None, None, None, "Goethestra?e 145, Berlin, Berlin, Germany", None, "10137", "foreign")),
    (None, (None, None, None, None, None, None, None, "empty")),
    ("  ", (None, None, None, None, None, None, None, "empty")),
    ("某某地方", (None, None, None, None, "某某地方", None, None, "unparsed")),
]


@pytest.mark.parametrize("raw,expected", ADDRESSES, ids=[str(a) for a, _ in ADDRESSES])
def test_cn_address(raw, expected):
    assert tuple(parse_cn_address(raw)) == expected


@pytest.mark.parametrize(
    "raw,iso2",
    [("China", "CN"), ("中国", "CN"), ("PRC", "CN"), ("P.R. China", "CN"), ("CN", "CN"), ("CHN", "CN"),
     ("中华人民共和国", "CN"), ("Mainland China", "CN"), ("United States", "US"), ("USA", "US"),
     ("U.S.A.", "US"), ("US", "US"), ("美国", "US"), ("美國", "US"), ("UK", "GB"),
     ("United Kingdom", "GB"), ("GB", "GB"), ("英国", "GB"), ("Great Britain", "GB"),
     ("Germany", "DE"), ("Deutschland", "DE"), ("德国", "DE"), ("DEU", "DE"), ("España", "ES"),
     ("대한민국", "KR"), ("South Korea", "KR"), ("Hong Kong", "HK"), ("香港", "HK"), ("台灣", "TW"),
     ("Japan", "JP"), ("日本", "JP"), ("the Netherlands", "NL"), ("Côte d’Ivoire", "CI"),
     ("ＣＨＩＮＡ", "CN"), ("  china  ", "CN"), ("NA", "NA"), ("Nowhere", None), ("", None), (None, None)],
)
def test_country(raw, iso2):
    assert to_iso2(raw) == iso2


def test_alias_key():
    assert alias_key("People's Republic of China") == "peoplesrepublicofchina"
    assert alias_key(" U.S.A. ") == "usa"


@pytest.mark.parametrize(
    "raw,province",
    [("浙江", "浙江省"), ("浙江省", "浙江省"), ("Zhejiang", "浙江省"), ("广西", "广西壮族自治区"),
     ("Inner Mongolia", "内蒙古自治区"), ("北京", "北京市"), ("Shaanxi", "陕西省"), ("Shanxi", "山西省"),
     ("Tibet", "西藏自治区"), ("California", None), (None, None)],
)
def test_cn_province(raw, province):
    assert cn_province(raw) == province


def test_cn_region():
    assert [cn_region(p) for p in ("浙江省", "北京市", "广东省", "湖北省", "四川省", "陕西省", "辽宁省")] == [
        "华东", "华北", "华南", "华中", "西南", "西北", "东北"]
