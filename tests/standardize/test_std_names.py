"""Names: script, family/given split, pinyin, honorifics and nicknames."""

from __future__ import annotations

import random

import pytest
from pypinyin import Style, lazy_pinyin

from standardize.names import han_to_pinyin, standardize_name

# (full, given, family) -> (script, family, given, family_latin, given_latin, canonical, full_latin)
CASES = [
    (("ZHANG Wei", None, None), ("latin", "ZHANG", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("Wei ZHANG", None, None), ("latin", "ZHANG", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("Wei Zhang", None, None), ("latin", "Zhang", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("Zhang, Wei", None, None), ("latin", "Zhang", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("zhang wei", None, None), ("latin", "zhang", "wei", "zhang", "wei", "wei", "zhang wei")),
    (("ZHANG WEI", None, None), ("latin", "ZHANG", "WEI", "zhang", "wei", "wei", "zhang wei")),
    (("Ｗｅｉ　Ｚｈａｎｇ", None, None), ("latin", "Zhang", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("张伟", None, None), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),
    (("张 伟", None, None), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),
    (("张\u3000伟", None, None), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),
    ((" 张  伟 ", None, None), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),
    (("欧阳娜娜", None, None), ("han", "欧阳", "娜娜", "ouyang", "nana", "nana", "ouyang nana")),
    (("诸葛亮", None, None), ("han", "诸葛", "亮", "zhuge", "liang", "liang", "zhuge liang")),
    (("单田芳", None, None), ("han", "单", "田芳", "shan", "tianfang", "tianfang", "shan tianfang")),
    (("曾小贤", None, None), ("han", "曾", "小贤", "zeng", "xiaoxian", "xiaoxian", "zeng xiaoxian")),
    (("区家麟", None, None), ("han", "区", "家麟", "ou", "jialin", "jialin", "ou jialin")),
    (("仇英", None, None), ("han", "仇", "英", "qiu", "ying", "ying", "qiu ying")),
    (("解缙", None, None), ("han", "解", "缙", "xie", "jin", "jin", "xie jin")),
    (("查良镛", None, None), ("han", "查", "良镛", "zha", "liangyong", "liangyong", "zha liangyong")),
    (("朴树", None, None), ("han", "朴", "树", "piao", "shu", "shu", "piao shu")),
    (("乐嘉", None, None), ("han", "乐", "嘉", "yue", "jia", "jia", "yue jia")),
    (("吕布", None, None), ("han", "吕", "布", "lu", "bu", "bu", "lu bu")),  # ü -> u
    (("Lü Bu", None, None), ("latin", "Lü", "Bu", "lu", "bu", "bu", "lu bu")),
    (("Lyu Bu", None, None), ("latin", "Lyu", "Bu", "lu", "bu", "bu", "lu bu")),
    (("Xiao-Ming Zhang", None, None), ("latin", "Zhang", "Xiao-Ming", "zhang", "xiaoming", "xiaoming", "zhang xiaoming")),
    (("Zhang Xiao Ming", None, None), ("latin", "Zhang", "Xiao Ming", "zhang", "xiaoming", "xiaoming", "zhang xiaoming")),
    (("Ouyang Nana", None, None), ("latin", "Ouyang", "Nana", "ouyang", "nana", "nana", "ouyang nana")),
    (("Anna Li", None, None), ("latin", "Li", "Anna", "li", "anna", "anna", "li anna")),
    (("Dr. Robert Smith", None, None), ("latin", "Smith", "Robert", "smith", "robert", "robert", "smith robert")),
    (("Bob Smith", None, None), ("latin", "Smith", "Bob", "smith", "bob", "robert", "smith bob")),
    (("Smith, Bob", None, None), ("latin", "Smith", "Bob", "smith", "bob", "robert", "smith bob")),
    (("Mrs. Liz Taylor", None, None), ("latin", "Taylor", "Liz", "taylor", "liz", "elizabeth", "taylor liz")),
    (("John Paul Jones Jr.", None, None), ("latin", "Jones", "John Paul", "jones", "john paul", "john", "jones john paul")),
    (("Ludwig van Beethoven", None, None), ("latin", "van Beethoven", "Ludwig", "van beethoven", "ludwig", "ludwig", "van beethoven ludwig")),
    (("José García", None, None), ("latin", "García", "José", "garcia", "jose", "jose", "garcia jose")),
    (("Patrick O'Brien", None, None), ("latin", "O'Brien", "Patrick", "obrien", "patrick", "patrick", "obrien patrick")),
    # structured First/Last fields (salesforce, hubspot, zoho)
    ((None, "Wei", "ZHANG"), ("latin", "ZHANG", "Wei", "zhang", "wei", "wei", "zhang wei")),
    ((None, "Bob", "Smith"), ("latin", "Smith", "Bob", "smith", "bob", "robert", "smith bob")),
    ((None, "Dr. Robert", "Smith Jr"), ("latin", "Smith", "Robert", "smith", "robert", "robert", "smith robert")),
    ((None, "伟", "张"), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),
    ((None, None, "张伟"), ("han", "张", "伟", "zhang", "wei", "wei", "zhang wei")),  # full name in LastName
    ((None, "Wei Zhang", None), ("latin", "Zhang", "Wei", "zhang", "wei", "wei", "zhang wei")),
    (("ignored", "Bob", "Smith"), ("latin", "Smith", "Bob", "smith", "bob", "robert", "smith bob")),
    # First + " " + Last concatenations of Han names (HubSpot, Zoho) read the right way round
    (("伟 王", None, None), ("han", "王", "伟", "wang", "wei", "wei", "wang wei")),
    (("萱婷 于\u3000", None, None), ("han", "于", "萱婷", "yu", "xuanting", "xuanting", "yu xuanting")),
    (("梅梅 李", None, None), ("han", "李", "梅梅", "li", "meimei", "meimei", "li meimei")),
    (("李 梅梅", None, None), ("han", "李", "梅梅", "li", "meimei", "meimei", "li meimei")),
    # quoted nickname, family-first Western name, nickname that is not a given name
    (('Matthew "Matt" Brown', None, None), ("latin", "Brown", "Matthew", "brown", "matthew", "matthew", "brown matthew")),
    (("Hughes Victoria", None, None), ("latin", "Hughes", "Victoria", "hughes", "victoria", "victoria", "hughes victoria")),
    (("Tommy Martin", None, None), ("latin", "Martin", "Tommy", "martin", "tommy", "thomas", "martin tommy")),
    # two very common surnames: the writing convention decides; otherwise frequency
    (("zhang li", None, None), ("latin", "zhang", "li", "zhang", "li", "li", "zhang li")),
    (("Li Zhang", None, None), ("latin", "Zhang", "Li", "zhang", "li", "li", "zhang li")),
    (("Wang Fang", None, None), ("latin", "Wang", "Fang", "wang", "fang", "fang", "wang fang")),
    (("Fang Wang", None, None), ("latin", "Wang", "Fang", "wang", "fang", "fang", "wang fang")),
    # 𠮷 (the character GBK cannot encode) is read as 吉
    (("杨怡𠮷", None, None), ("han", "杨", "怡𠮷", "yang", "yiji", "yiji", "yang yiji")),
]


@pytest.mark.parametrize("args,expected", CASES, ids=[repr(a) for a, _ in CASES])
def test_names(args, expected):
    r = standardize_name(*args)
    got = (r.name_script, r.family_name, r.given_name, r.family_name_latin, r.given_name_latin,
           r.given_name_canonical, r.full_name_latin)
    assert got == expected
    assert r.reject_reason is None


def test_same_person_across_systems():
    spellings = [("张伟",), ("张 伟",), ("张\u3000伟",), ("Wei Zhang",), ("Wei ZHANG",), ("zhang wei",),
                 ("ZHANG Wei",), ("Zhang, Wei",), (None, "Wei", "Zhang"), ("Mr. Zhang Wei",)]
    assert {standardize_name(*s).full_name_latin for s in spellings} == {"zhang wei"}


@pytest.mark.parametrize(
    "raw,family,honorific",
    [("张先生", "张", "先生"), ("李女士", "李", "女士"), ("王总", "王", "总"), ("Mr. ZHANG Wei", "ZHANG", "mr"),
     ("Dr Robert Smith", "Smith", "dr")],
)
def test_honorifics_removed(raw, family, honorific):
    r = standardize_name(raw)
    assert (r.family_name, r.honorific) == (family, honorific)
    assert "先生" not in (r.full_name or "") and "Mr" not in (r.full_name or "")


def test_cleaned_han_name_has_no_spaces():
    assert standardize_name("张\u3000伟").full_name == "张伟"
    assert standardize_name("欧阳 娜娜").family_name == "欧阳"


@pytest.mark.parametrize(
    "raw,reason,script",
    [(None, "empty", None), ("", "empty", None), ("\u3000", "empty", None), ("123", "no_letters", None),
     ("未知", "placeholder", None), ("N/A", "placeholder", None), ("Иван Петров", "unsupported_script", "other"),
     ("张?", "encoding_damage", "han")],
)
def test_rejects(raw, reason, script):
    r = standardize_name(raw)
    assert (r.reject_reason, r.name_script) == (reason, script)


def test_damaged_han_name_keeps_what_is_readable():
    r = standardize_name("张?")
    assert (r.family_name, r.family_name_latin, r.given_name_latin) == ("张", "zhang", None)


def test_mixed_script_prefers_the_han_name():
    r = standardize_name("张伟 Wei Zhang")
    assert (r.name_script, r.family_name, r.given_name, r.full_name_latin) == ("mixed", "张", "伟", "zhang wei")


def test_han_to_pinyin_matches_lazy_pinyin():
    """The per-character shortcut gives exactly pypinyin's lazy_pinyin (ü spelled u)."""
    rng = random.Random(7)
    common = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞宇浩然子轩欣怡思雨梓涵晓东海波宁长乐重行朝阳和天女绿"
    allchars = [chr(c) for c in range(0x4E00, 0x9FA6)]
    samples = ["".join(rng.choice(common) for _ in range(rng.choice([1, 2, 3]))) for _ in range(1500)]
    samples += ["".join(rng.choice(allchars) for _ in range(rng.choice([1, 2]))) for _ in range(1500)]
    for s in samples:
        ref = "".join(p.replace("v", "u") for p in lazy_pinyin(s, style=Style.NORMAL, errors="ignore")
                      if p.isascii()).lower()
        assert han_to_pinyin.__wrapped__(s) == ref, s


def test_surname_readings_differ_from_default_readings():
    assert [han_to_pinyin(c, surname=True) for c in "单曾区仇解查朴乐"] == [
        "shan", "zeng", "ou", "qiu", "xie", "zha", "piao", "yue"]
    assert [han_to_pinyin(c) for c in "单曾区"] == ["dan", "ceng", "qu"]
