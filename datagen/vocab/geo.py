"""Places: Chinese cities with districts, streets, phone area codes and postcodes;
Western cities with states, zip shapes and area codes.

Every area code here is checked by the test-suite to give numbers that
`phonenumbers.is_valid_number` accepts, since truth phones must be valid.
"""

from __future__ import annotations

from typing import NamedTuple


class CnCity(NamedTuple):
    province: str          # as written on a Chinese address, e.g. 浙江省 / 北京市
    province_short: str    # as Taobao writes it, e.g. 浙江 / 北京
    province_en: str       # Zhejiang
    city: str              # 杭州市
    city_en: str           # Hangzhou
    districts: tuple[tuple[str, str], ...]  # (区, English)
    area_code: str         # "571" (without trunk 0)
    postcode_prefix: str   # first 3 digits
    weight: float


CN_CITIES: tuple[CnCity, ...] = (
    CnCity("北京市", "北京", "Beijing", "北京市", "Beijing",
           (("朝阳区", "Chaoyang"), ("海淀区", "Haidian"), ("东城区", "Dongcheng"),
            ("西城区", "Xicheng"), ("丰台区", "Fengtai")), "10", "100", 9.0),
    CnCity("上海市", "上海", "Shanghai", "上海市", "Shanghai",
           (("浦东新区", "Pudong"), ("徐汇区", "Xuhui"), ("静安区", "Jing'an"),
            ("黄浦区", "Huangpu"), ("长宁区", "Changning")), "21", "200", 9.0),
    CnCity("广东省", "广东", "Guangdong", "广州市", "Guangzhou",
           (("天河区", "Tianhe"), ("越秀区", "Yuexiu"), ("海珠区", "Haizhu"),
            ("番禺区", "Panyu")), "20", "510", 6.0),
    CnCity("广东省", "广东", "Guangdong", "深圳市", "Shenzhen",
           (("南山区", "Nanshan"), ("福田区", "Futian"), ("罗湖区", "Luohu"),
            ("宝安区", "Bao'an")), "755", "518", 6.0),
    CnCity("浙江省", "浙江", "Zhejiang", "杭州市", "Hangzhou",
           (("西湖区", "Xihu"), ("上城区", "Shangcheng"), ("拱墅区", "Gongshu"),
            ("滨江区", "Binjiang"), ("余杭区", "Yuhang")), "571", "310", 6.0),
    CnCity("浙江省", "浙江", "Zhejiang", "宁波市", "Ningbo",
           (("鄞州区", "Yinzhou"), ("海曙区", "Haishu"), ("江北区", "Jiangbei")), "574", "315", 2.5),
    CnCity("江苏省", "江苏", "Jiangsu", "南京市", "Nanjing",
           (("玄武区", "Xuanwu"), ("鼓楼区", "Gulou"), ("建邺区", "Jianye"),
            ("秦淮区", "Qinhuai")), "25", "210", 3.5),
    CnCity("江苏省", "江苏", "Jiangsu", "苏州市", "Suzhou",
           (("姑苏区", "Gusu"), ("吴中区", "Wuzhong"), ("虎丘区", "Huqiu")), "512", "215", 3.5),
    CnCity("四川省", "四川", "Sichuan", "成都市", "Chengdu",
           (("武侯区", "Wuhou"), ("锦江区", "Jinjiang"), ("青羊区", "Qingyang"),
            ("成华区", "Chenghua")), "28", "610", 4.0),
    CnCity("湖北省", "湖北", "Hubei", "武汉市", "Wuhan",
           (("武昌区", "Wuchang"), ("江汉区", "Jianghan"), ("洪山区", "Hongshan")), "27", "430", 3.0),
    CnCity("天津市", "天津", "Tianjin", "天津市", "Tianjin",
           (("和平区", "Heping"), ("南开区", "Nankai"), ("河西区", "Hexi")), "22", "300", 2.5),
    CnCity("重庆市", "重庆", "Chongqing", "重庆市", "Chongqing",
           (("渝中区", "Yuzhong"), ("江北区", "Jiangbei"), ("南岸区", "Nan'an")), "23", "400", 2.5),
    CnCity("福建省", "福建", "Fujian", "福州市", "Fuzhou",
           (("鼓楼区", "Gulou"), ("台江区", "Taijiang"), ("仓山区", "Cangshan")), "591", "350", 2.0),
    CnCity("山东省", "山东", "Shandong", "青岛市", "Qingdao",
           (("市南区", "Shinan"), ("崂山区", "Laoshan"), ("黄岛区", "Huangdao")), "532", "266", 2.5),
    CnCity("陕西省", "陕西", "Shaanxi", "西安市", "Xi'an",
           (("雁塔区", "Yanta"), ("碑林区", "Beilin"), ("未央区", "Weiyang")), "29", "710", 2.5),
)

# (hanzi, English) street names used in every Chinese city.
CN_STREETS: tuple[tuple[str, str], ...] = (
    ("文三路", "Wensan Rd"), ("中山路", "Zhongshan Rd"), ("人民路", "Renmin Rd"),
    ("解放路", "Jiefang Rd"), ("建国路", "Jianguo Rd"), ("南京路", "Nanjing Rd"),
    ("科技园路", "Kejiyuan Rd"), ("学院路", "Xueyuan Rd"), ("延安路", "Yan'an Rd"),
    ("滨江大道", "Binjiang Ave"), ("天府大道", "Tianfu Ave"), ("深南大道", "Shennan Blvd"),
    ("和平路", "Heping Rd"), ("新华路", "Xinhua Rd"), ("东风路", "Dongfeng Rd"),
    ("花园路", "Huayuan Rd"), ("湖滨路", "Hubin Rd"), ("体育场路", "Tiyuchang Rd"),
    ("江南大道", "Jiangnan Ave"), ("长江路", "Changjiang Rd"),
)
CN_COMPOUNDS: tuple[str, ...] = (
    "阳光花园", "绿城桂花园", "万科城市花园", "金色家园", "翠苑小区", "锦绣华庭",
    "碧桂园", "世纪新城", "和平里小区", "东方明珠苑", "",
)


class WesternCity(NamedTuple):
    country: str         # ISO 3166 alpha-2
    city: str
    region: str          # state / county / Land as a truth value (US: 2-letter code)
    region_name: str     # long form (California)
    postcode_kind: str   # us5 | uk | de5 | ca | au4 | sg6
    postcode_seed: str   # zip prefix / outward code
    area_codes: tuple[str, ...]  # fixed-line area codes (national, no trunk 0)
    weight: float


WESTERN_CITIES: tuple[WesternCity, ...] = (
    WesternCity("US", "San Francisco", "CA", "California", "us5", "941", ("415", "628"), 5.0),
    WesternCity("US", "New York", "NY", "New York", "us5", "100", ("212", "646", "917"), 6.0),
    WesternCity("US", "Los Angeles", "CA", "California", "us5", "900", ("213", "310", "323"), 4.0),
    WesternCity("US", "Seattle", "WA", "Washington", "us5", "981", ("206",), 2.5),
    WesternCity("US", "Boston", "MA", "Massachusetts", "us5", "021", ("617",), 2.5),
    WesternCity("US", "Chicago", "IL", "Illinois", "us5", "606", ("312", "773"), 3.0),
    WesternCity("US", "Austin", "TX", "Texas", "us5", "787", ("512",), 2.0),
    WesternCity("US", "San Jose", "CA", "California", "us5", "951", ("408",), 2.0),
    WesternCity("GB", "London", "England", "Greater London", "uk", "SW1", ("20",), 6.0),
    WesternCity("GB", "Manchester", "England", "Greater Manchester", "uk", "M1", ("161",), 2.0),
    WesternCity("DE", "Berlin", "Berlin", "Berlin", "de5", "101", ("30",), 3.0),
    WesternCity("DE", "München", "Bayern", "Bayern", "de5", "803", ("89",), 2.0),
    WesternCity("DE", "Hamburg", "Hamburg", "Hamburg", "de5", "201", ("40",), 1.5),
    WesternCity("CA", "Toronto", "ON", "Ontario", "ca", "M5V", ("416", "647"), 2.5),
    WesternCity("CA", "Vancouver", "BC", "British Columbia", "ca", "V6B", ("604",), 2.0),
    WesternCity("AU", "Sydney", "NSW", "New South Wales", "au4", "2000", ("2",), 2.5),
    WesternCity("AU", "Melbourne", "VIC", "Victoria", "au4", "3000", ("3",), 2.0),
    WesternCity("SG", "Singapore", "Singapore", "Singapore", "sg6", "", ("6",), 1.5),
)

WESTERN_STREETS: dict[str, tuple[str, ...]] = {
    "US": ("Market St", "Main St", "Broadway", "Mission St", "Oak Ave", "Pine St", "Elm St",
           "Park Ave", "5th Ave", "Lexington Ave", "Sunset Blvd", "Washington St", "Lake Shore Dr"),
    "CA": ("King St W", "Queen St W", "Granville St", "Robson St", "Yonge St", "Bay St"),
    "GB": ("Baker Street", "High Street", "King's Road", "Oxford Street", "Deansgate",
           "Portobello Road", "Victoria Street"),
    "DE": ("Hauptstraße", "Friedrichstraße", "Schillerstraße", "Bahnhofstraße", "Goethestraße",
           "Leopoldstraße"),
    "AU": ("George St", "Collins St", "Pitt St", "Bourke St", "Elizabeth St"),
    "SG": ("Orchard Road", "Robinson Road", "Tanjong Pagar Road", "Cecil Street"),
}

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    # spellings a person types into a "Country" box; the first is the canonical English name
    "US": ("United States", "USA", "US", "United States of America", "U.S."),
    "GB": ("United Kingdom", "UK", "GB", "England", "Great Britain"),
    "DE": ("Germany", "Deutschland", "DE"),
    "CA": ("Canada", "CA"),
    "AU": ("Australia", "AU"),
    "SG": ("Singapore", "SG"),
    "CN": ("China", "CN", "中国", "P.R. China", "PRC"),
}
COUNTRY_CN: dict[str, str] = {
    "US": "美国", "GB": "英国", "DE": "德国", "CA": "加拿大", "AU": "澳大利亚", "SG": "新加坡",
    "CN": "中国",
}
