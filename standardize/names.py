"""Person names in Han and Latin script → comparable family/given parts and pinyin.

Why: the same customer is ``张伟`` (fxiaoke, taobao), ``Wei Zhang`` / ``Wei ZHANG``
(salesforce), ``zhang wei`` (shopify), ``张 伟`` / ``张　伟`` (stray spaces, U+3000),
``Mr. ZHANG Wei`` or ``张先生``. Matching needs the family name and the given name
separately and in one script, so every name gets:

* ``family_name`` / ``given_name`` as cleaned, in the original script;
* ``family_name_latin`` / ``given_name_latin``: lowercase ASCII; for Han names the
  pinyin without tones, given-name syllables joined (``xiaoming``). ü is written
  ``u`` (吕 → ``lu``, 女 → ``nu``) because that is how most Latin-script systems and
  passports-before-2012 spell it and ``v`` never appears in typed names; Latin input
  ``Lü``/``Lv``/``Lyu`` of a Chinese surname is folded to ``lu`` the same way;
* ``given_name_canonical``: the first given name with Western nicknames mapped
  (``bob`` → ``robert``, seed ``name_nicknames.csv``); for Chinese names the pinyin;
* ``full_name_latin``: ``"family given"`` in that order, for comparison.

Family/given split:

* Han: compound surnames (欧阳, 司马, 诸葛 …) take two characters, otherwise the first
  character is the surname. Spaces inside a Han name are dropped (``张 伟``), except
  that ``伟 王`` / ``萱婷 于`` (a First + " " + Last concatenation from a Western CRM)
  is read given-first when the surname evidence says so (see _given_family_order). Surname readings use the surname pronunciation of
  heteronyms (单 → shan, 曾 → zeng, 区 → ou, 仇 → qiu, 解 → xie, 查 → zha, 朴 → piao,
  乐 → yue …): pypinyin 0.55 has no surname mode (checked: no ``surname`` option or
  module in the installed package), so :data:`SURNAME_READINGS` supplies them, and the
  given name is converted on its own so phrase rules never straddle the boundary.
* Latin, in order of evidence: ``Last, First`` (comma); an ALL-CAPS token among
  mixed-case ones is the family name (``ZHANG Wei``, ``Wei ZHANG``); for names whose
  tokens are all pinyin syllables, a token that is a common Chinese surname (ranked
  by frequency, so ``Wei Zhang`` and ``zhang wei`` both give zhang; when both tokens
  are among the ~40 commonest surnames, ``zhang li`` / ``ZHANG LI`` are read
  family-first and ``Li Zhang`` given-first, which is how they are usually typed);
  a two-token Western name whose last token is a known given name and first is not
  is family-first (``Hughes Victoria``); otherwise the Western rule: the last token
  (with particles van/von/de/…) is the family name. Quoted or bracketed nicknames
  (``Matthew "Matt" Brown``, ``张伟(VIP)``) are dropped.

Irreducible ambiguity stays: ``Zhang Li`` may be either order, and an English name
(``Lily Wang``) or an initial (``J. Smith``) cannot be mapped to the person's given
name. Splink should compare ``full_name_latin`` token-order-insensitively as well.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ._seeds import read_seed
from ._text import ascii_fold, clean, is_han

__all__ = ["NameResult", "standardize_name", "han_to_pinyin", "text_to_pinyin", "SURNAME_READINGS", "COMPOUND_SURNAMES"]


class NameResult(NamedTuple):
    full_name: str | None  # cleaned display form, original script
    name_script: str | None  # han / latin / mixed / other
    family_name: str | None
    given_name: str | None
    family_name_latin: str | None
    given_name_latin: str | None
    given_name_canonical: str | None
    full_name_latin: str | None
    honorific: str | None  # removed title, e.g. "mr", "dr", "先生" (a gender cue)
    reject_reason: str | None  # empty / placeholder / no_letters / unsupported_script / encoding_damage


_EMPTY = NameResult(None, None, None, None, None, None, None, None, None, "empty")

# Chinese compound surnames (复姓), the ones that occur in practice.
COMPOUND_SURNAMES = frozenset(
    """欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫
    万俟 闻人 太史 澹台 公羊 赫连 宗政 濮阳 公冶 太叔 申屠 仲孙 钟离 鲜于 司空 闾丘 亓官 司寇
    巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 段干 百里 呼延 东郭 南门 羊舌 微生
    梁丘 左丘 西门 第五 呼延 拓拔""".split()
)

# Surname readings of heteronymous characters (the default reading is a common word's).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "区": "ou", "仇": "qiu", "解": "xie", "查": "zha", "朴": "piao",
    "乐": "yue", "覃": "qin", "盖": "ge", "秘": "bi", "繁": "po", "句": "gou", "员": "yun",
    "种": "chong", "缪": "miao", "翟": "zhai", "柏": "bai", "沈": "shen", "薄": "bo", "贲": "ben",
    "隗": "wei", "能": "nai", "冼": "xian", "藏": "zang", "祭": "zhai", "洗": "xian", "莘": "shen",
    "阚": "kan", "蔚": "yu", "褚": "chu", "尉": "wei", "宁": "ning", "都": "du", "华": "hua",
    "任": "ren", "纪": "ji", "燕": "yan", "谌": "chen", "召": "shao", "折": "she", "佴": "nai",
    "厍": "she", "黑": "he", "相": "xiang", "长": "chang", "重": "chong", "朝": "chao",
    "那": "na", "车": "che", "石": "shi", "叶": "ye", "郇": "huan", "眭": "sui", "过": "guo",
    "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi", "澹台": "tantai", "令狐": "linghu",
    "单于": "chanyu", "乐正": "yuezheng",
}

# Common Chinese surnames in pinyin, most frequent first (rank = list position).
_PINYIN_SURNAMES = """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao
luo zheng liang xie song tang han deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu du
ye cheng wei su lu ding ren yao shen zhong cui tan fan liao shi jin jia xia fu fang zou xiong bai
meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian dai ou mo kong xiang
chang kang yi qiao lai wen hong xin ke zhuang niu ge xing an qi shan zha piao yue geng guan bao
hua lan nie miao zhan mei ning ji cen bi ling rong pang che mu lian ruan shu diao chu zhai yun
jiao kou zuo jing tong lou quan ai zang ban bian bo shang zhuo
ouyang sima shangguan zhuge dongfang huangfu yuchi gongsun murong zhangsun yuwen situ linghu
xiahou xuanyuan duanmu dugu nangong""".split()
# Romanizations other than Hanyu Pinyin (Wade-Giles, Cantonese, Hokkien): they mark a
# Chinese surname but are not converted to pinyin (Wong may be 王 or 黄).
_OTHER_ROMANIZED = """lee wong chan cheung chang ng ho lau leung tan lim teo tsai hsu kuo tseng
hsieh chou chiang chung yeung yip kwok tsang mak lai lam kwan tse tsui choi chow fong law
koh goh ong khoo chua yap chin ang""".split()
_SURNAME_RANK: dict[str, int] = {}
for _i, _s in enumerate(_PINYIN_SURNAMES):
    _SURNAME_RANK.setdefault(_s, _i)
for _s in ("lv", "lyu", "lue", "nv", "nyu"):
    _SURNAME_RANK.setdefault(_s, _SURNAME_RANK["lu"])
_OTHER_RANK = {s: 500 + i for i, s in enumerate(_OTHER_ROMANIZED)}
# Common Chinese surnames in Han, most frequent first (used to read "伟 王", a Western
# First + Last form of 王伟, the right way round).
_HAN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫"
    "孔向常汤康易乔赖文施洪辛柯庄牛樊葛邢安齐申单区仇解查朴乐翟聂岳殷章鲁倪庞温焦滕成詹梅柴耿关兰祝包"
)
_HAN_SURNAME_RANK = {c: i for i, c in enumerate(_HAN_SURNAMES)}
for _c in COMPOUND_SURNAMES:
    _HAN_SURNAME_RANK.setdefault(_c, len(_HAN_SURNAMES))
# Both tokens of a pinyin name are surnames among the most common ones ("Zhang Li",
# "Li Zhang"): frequency says little, the writing convention says more.
_TOP_SURNAME_RANK = 40

# Common Western given names (plus every nickname and canonical of the seed): a name
# written family-first ("Hughes Victoria", fxiaoke style) is recognized when its last
# token is a given name and its first is not.
_WESTERN_GIVEN = frozenset(
    """aaron adam adrian alan albert alex alexander alexandra alice alicia allen alison amanda amber amy
    andrea andrew angela anita ann anna anne anthony antonio arthur ashley audrey barbara benjamin
    beth betty beverly bill billy bob bonnie brandon brenda brian bruce bryan carl carlos carol
    caroline carolyn catherine charles charlie charlotte cheryl chloe chris christian christina
    christine christopher cindy claire clara craig cynthia dale daniel danielle david dean debbie
    deborah debra denise dennis diana diane donald donna doris dorothy douglas dylan edward elaine
    eleanor elizabeth ella emily emma eric erica ethan eugene eva evelyn frances frank fred
    frederick gabriel gary george gerald gloria grace greg gregory hannah harold harry heather
    helen henry holly howard ian irene isabella jack jacob jacqueline james jamie jane janet janice
    jason jean jeffrey jennifer jeremy jerry jesse jessica joan joe john johnny jonathan jose joseph
    joshua joyce juan judith judy julia julie justin karen katherine kathleen kathryn kathy katie
    keith kelly kenneth kevin kimberly kyle larry laura lauren lawrence leo leonard linda lisa lori
    louis louise lucas lucy luis lukas madison margaret maria marie marilyn mark martha martin mary
    matthew megan melissa michael michelle mike nancy natalie nathan nicholas nicole noah olivia
    oliver pamela patricia patrick paul peter philip phillip rachel ralph randy raymond rebecca
    richard rick robert roger ronald rose roy russell ruth ryan samantha samuel sandra sara sarah
    scott sean sharon shirley sophia sophie stephanie stephen steve steven susan teresa terry
    theresa thomas timothy tina todd tony tyler victoria vincent virginia walter wayne william
    zachary zoe juergen jurgen""".split()
)
_UMLAUT_FOLD = {"lv": "lu", "lyu": "lu", "lue": "lue", "nv": "nu", "nyu": "nu"}

_HAN_SUFFIX_TITLES = ("先生", "女士", "小姐", "太太", "夫人", "老师", "博士", "教授", "总经理",
                      "经理", "总监", "董事长", "主任", "老板", "师傅", "同学", "阿姨", "总", "工")
_LATIN_PREFIX_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
                        "madam", "madame", "mme", "mlle", "herr", "frau", "rev", "hon", "dame"}
_LATIN_SUFFIX_TITLES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa", "dds"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "das", "del", "della", "di", "du", "la",
              "le", "bin", "binti", "al", "el", "st", "ter", "ten", "dos", "mac"}
_PLACEHOLDERS = {"未知", "无", "暂无", "不详", "客户", "顾客", "匿名", "测试", "test", "unknown",
                 "n/a", "na", "none", "null", "nil", "-", "customer", "anonymous", "guest", "xxx",
                 "tbd", "noname", "no name"}

_PAREN_RE = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]|\"[^\"]*\"|“[^”]*”")  # (VIP), "Matt"
_LATIN_TOKEN_RE = re.compile(r"[A-Za-zÀ-ɏ'’\-.]+")
_MIDDLE_DOT = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "．": "·"})


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_NOT_LOWER_SPACE_RE = re.compile(r"[^a-z ]+")


def _script(s: str) -> str | None:
    """han / latin / mixed / other / None (no letters at all)."""
    if s.isascii():
        return "latin" if _ASCII_LETTER_RE.search(s) else None
    han = _HAN_RE.search(s) is not None
    rest = _HAN_RE.sub("", s) if han else s
    latin = _LATIN_LETTER_RE.search(rest) is not None
    other = any(c.isalpha() for c in _LATIN_LETTER_RE.sub("", rest))
    if han and latin:
        return "mixed"
    if other:
        return "other"
    return "han" if han else ("latin" if latin else None)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """All toneless pinyin syllables pypinyin knows (minus interjection-only ones)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    # Tone-marked readings → toneless (ü → v first, then strip the tone marks). This is
    # what pypinyin's to_normal does, 30x faster for the 40k dictionary entries.
    readings = {p for v in pinyin_dict.values() for p in v.split(",")}
    syl = set()
    for p in readings:
        p = p.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
        syl.add("".join(c for c in unicodedata.normalize("NFKD", p) if not unicodedata.combining(c)))
    syl -= {"m", "n", "ng", "hm", "hng", "ê", "r", "o", "e", "ei", "yo", "lo", "dia", "den"}
    syl |= {"lyu", "nyu"}
    return frozenset(s for s in syl if s.isascii() and s.isalpha())


@lru_cache(maxsize=1 << 16)
def _is_pinyin(token: str) -> bool:
    """Can the lowercase token be split into pinyin syllables (``xiaoming`` → xiao+ming)?"""
    if not token.isascii() or not token.isalpha():
        return False
    syl = _pinyin_syllables()
    n = len(token)
    ok = [True] + [False] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - 6), i):
            if ok[j] and token[j:i] in syl:
                ok[i] = True
                break
    return ok[n]


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, str]:
    return {r["nickname"].lower(): r["canonical"].lower() for r in read_seed("name_nicknames")}


# Name characters outside pypinyin's dictionary, read as their common variant
# (𠮷 "tu-ji", the character GBK cannot encode, is 吉 in every other respect).
_HAN_VARIANTS = {"𠮷": "吉"}
_TONE_FOLD = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuuuuuunnnm")


@lru_cache(maxsize=None)
def _char_pinyin(ch: str) -> str:
    """Default (most common) reading of one character, toneless, ü → u; "" if unknown.

    This is what ``lazy_pinyin`` returns for a character outside any dictionary phrase,
    read straight from pypinyin's dictionary without its segmentation machinery.
    """
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(ch)) or pinyin_dict.get(ord(_HAN_VARIANTS.get(ch, ch)))
    return readings.split(",", 1)[0].translate(_TONE_FOLD) if readings else ""


@lru_cache(maxsize=1)
def _phrase_dict() -> dict[str, object]:
    from pypinyin.phrases_dict import phrases_dict

    return phrases_dict


def _in_phrase(han: str) -> bool:
    """Does any substring of ≥ 2 characters form a pypinyin dictionary phrase?"""
    phrases = _phrase_dict()
    n = len(han)
    return any(han[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))


@lru_cache(maxsize=1 << 16)
def han_to_pinyin(han: str, surname: bool = False) -> str:
    """Toneless lowercase pinyin, syllables joined; ``surname=True`` uses surname readings.

    Equal to ``"".join(lazy_pinyin(han, Style.NORMAL, errors="ignore"))`` with ü → u
    (asserted by the tests), but per character unless the text contains a dictionary
    phrase, which makes it ~20x faster for names.
    """
    if not han:
        return ""
    if surname:
        if han in SURNAME_READINGS:
            return SURNAME_READINGS[han]
        return "".join(SURNAME_READINGS.get(c) or _char_pinyin(c) for c in han)
    if len(han) > 1 and _in_phrase(han):
        from pypinyin import Style, lazy_pinyin

        parts = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
        # pypinyin writes ü as v in NORMAL style (lv, nv, lve); we spell it u.
        return "".join(p.replace("v", "u") for p in parts if p.isascii()).lower()
    return "".join(_char_pinyin(c) for c in han)


@lru_cache(maxsize=1 << 16)
def text_to_pinyin(text: str | None) -> str | None:
    """Any text with Han characters in toneless pinyin (Han runs joined, other text kept,
    lowercased, whitespace folded): ``杭州 Acme 科技`` → ``hangzhou acme keji``."""
    if not text:
        return None
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(clean(text), style=Style.NORMAL, errors=lambda x: " " + x + " ")
    out = " ".join("".join(p.replace("v", "u") if p.isascii() and p.isalpha() and p.islower() else p
                           for p in parts).split()).lower()
    return out or None


def _latin(s: str | None) -> str | None:
    """Lowercase ASCII, apostrophes/dots removed, hyphens and spaces kept as one space."""
    if not s:
        return None
    t = ascii_fold(s).lower().replace("'", "").replace("’", "")
    t = _NOT_LOWER_SPACE_RE.sub(lambda m: "" if m.group(0) in ("'",) else " ", t.replace(".", " ").replace("-", " "))
    return " ".join(t.split()) or None


def _strip_han_titles(s: str) -> tuple[str, str | None]:
    for t in _HAN_SUFFIX_TITLES:
        if s.endswith(t) and len(s) > len(t):
            stem = s[: -len(t)]
            # "王总" / "李工": only strip the one-character titles after a bare surname.
            if len(t) == 1 and len(stem) != 1:
                continue
            return stem, t
    return s, None


def _split_han(s: str) -> tuple[str, str | None]:
    if "·" in s:  # transliterated foreign / minority name: 约翰·史密斯, 阿沛·阿旺晋美
        parts = [p for p in s.split("·") if p]
        if len(parts) >= 2:
            return parts[-1], "·".join(parts[:-1])
    if len(s) >= 3 and s[:2] in COMPOUND_SURNAMES:
        return s[:2], s[2:]
    return s[:1], (s[1:] or None)


def _han_result(full: str, family: str, given: str | None, script: str, honorific: str | None,
                reject: str | None) -> NameResult:
    fam_l = han_to_pinyin(family, surname=True) or None
    giv_l = han_to_pinyin(given) if given else None
    giv_l = giv_l or None
    full_l = " ".join(x for x in (fam_l, giv_l) if x) or None
    return NameResult(full, script, family, given, fam_l, giv_l, giv_l, full_l, honorific, reject)


def _tokens(s: str) -> list[str]:
    return [t.strip(".") for t in s.replace(",", " , ").split() if t.strip(".")]


def _family_index(toks: list[str]) -> tuple[int, bool]:
    """Index of the family-name token among ``toks`` (no comma) and whether it is Chinese."""
    caps = [i for i, t in enumerate(toks) if len(t) > 1 and t.isupper()]
    lows = [ascii_fold(t).lower().replace("-", "").replace("'", "") for t in toks]
    pinyin_like = all(_is_pinyin(t) or t in _OTHER_RANK for t in lows)
    if caps and len(caps) < len(toks):
        i = caps[0] if len(caps) == 1 else caps[-1]
        return i, pinyin_like
    if pinyin_like and 2 <= len(toks) <= 3:
        def rank(t: str) -> int | None:
            return _SURNAME_RANK.get(t, _OTHER_RANK.get(t))

        first, last = rank(lows[0]), rank(lows[-1])
        if len(toks) == 2 and first is not None and last is not None and max(first, last) < _TOP_SURNAME_RANK:
            # Both very common surnames: lowercase/uppercase typing is the Chinese
            # order (zhang li), Title case the Western one (Li Zhang).
            cue_first = all(t.islower() or t.isupper() for t in toks)
            return (0 if cue_first else len(toks) - 1), True
        if first is not None and (last is None or first < last):
            return 0, True
        if last is not None and (first is None or last < first):
            return len(toks) - 1, True
    if len(toks) == 2 and lows[1] in _given_names() and lows[0] not in _given_names():
        return 0, False  # "Hughes Victoria": family name first
    return len(toks) - 1, False


def _latin_result(full_clean: str, toks: list[str], family_toks: list[str], given_toks: list[str],
                  chinese: bool, script: str, honorific: str | None) -> NameResult:
    family = " ".join(family_toks) or None
    given = " ".join(given_toks) or None
    fam_l = _latin(family)
    giv_l = _latin(given)
    if chinese:
        if fam_l:
            fam_l = _UMLAUT_FOLD.get(fam_l.replace(" ", ""), fam_l.replace(" ", ""))
        if giv_l:
            giv_l = giv_l.replace(" ", "")
        canon = giv_l
    else:
        first = giv_l.split()[0] if giv_l else None
        canon = _nicknames().get(first, first) if first else None
    full_l = " ".join(x for x in (fam_l, giv_l) if x) or None
    return NameResult(full_clean, script, family, given, fam_l, giv_l, canon, full_l, honorific, None)


def _parse_latin(s: str, script: str, honorific: str | None) -> NameResult:
    toks = _tokens(s)
    # Titles before the name, suffixes after it.
    while toks and toks[0].lower().rstrip(".") in _LATIN_PREFIX_TITLES and len(toks) > 1:
        honorific = honorific or toks[0].lower().rstrip(".")
        toks = toks[1:]
    while toks and (toks[-1].lower() in _LATIN_SUFFIX_TITLES or toks[-1] == ",") and len(toks) > 1:
        toks = toks[:-1]
    while toks and toks[0] == ",":
        toks = toks[1:]
    display = " ".join(toks).replace(" , ", ", ")
    if "," in toks:
        k = toks.index(",")
        fam, giv = [t for t in toks[:k]], [t for t in toks[k + 1 :] if t != ","]
        lows = [t.lower() for t in fam + giv]
        chinese = all(_is_pinyin(t.replace("-", "")) or t in _OTHER_RANK for t in lows) and len(fam) == 1 and (
            lows[0] in _SURNAME_RANK or lows[0] in _OTHER_RANK)
        return _latin_result(display, toks, fam, giv, chinese, script, honorific)
    if len(toks) == 1:
        return _latin_result(display, toks, toks, [], toks[0].lower() in _SURNAME_RANK, script, honorific)
    i, chinese = _family_index(toks)
    if chinese:
        fam = [toks[i]]
        giv = toks[:i] + toks[i + 1 :]
    else:
        j = i
        while j > 1 and toks[j - 1].lower() in _PARTICLES:
            j -= 1  # "Ludwig van Beethoven" -> family "van Beethoven"
        fam = toks[j : i + 1] if j < i else [toks[i]]
        giv = toks[:j] + toks[i + 1 :]
    return _latin_result(display, toks, fam, giv, chinese, script, honorific)


def _given_family_order(first: str, last: str) -> bool:
    """Is the Han name "first last" written given name first (``伟 王`` for 王伟)?

    A space inside a Han name is usually stray (``张 伟``), so the order is only turned
    round on evidence: the last part is a surname and the first part cannot be one
    (``伟 王``), or is two characters that are not a compound surname (``梅梅 李``: 梅梅
    cannot be a family name), or is a much rarer surname than the last (``梅 陈``).
    """
    last_rank = _HAN_SURNAME_RANK.get(last)
    if last_rank is None or first in COMPOUND_SURNAMES:
        return False
    if len(first) == 2:
        return True
    first_rank = _HAN_SURNAME_RANK.get(first)
    return len(first) == 1 and (first_rank is None or (last_rank < 30 and first_rank >= 60))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    nick = _nicknames()
    return _WESTERN_GIVEN | frozenset(nick) | frozenset(nick.values())


@lru_cache(maxsize=1 << 18)
def _parse_full(raw: str) -> NameResult:
    s = clean(raw).translate(_MIDDLE_DOT)
    s = _PAREN_RE.sub(" ", s).strip(" ,;/")
    if not s:
        return _EMPTY
    if s.lower() in _PLACEHOLDERS:
        return NameResult(s, None, None, None, None, None, None, None, None, "placeholder")
    script = _script(s)
    if script is None:
        return NameResult(s, None, None, None, None, None, None, None, None, "no_letters")
    damaged = "?" in s or "\ufffd" in s
    if script == "han" or (script == "mixed" and not _LATIN_TOKEN_RE.search(s.replace("·", ""))):
        parts = s.split()
        if len(parts) == 2 and _given_family_order(parts[0], parts[1]):
            # "伟 王" / "萱婷 于": a First + " " + Last concatenation (HubSpot, Zoho).
            fam, giv = parts[1], parts[0]
            return _han_result(fam + giv, fam, giv, "han", None, "encoding_damage" if damaged else None)
        h = "".join(parts)  # otherwise spaces inside Han names carry no meaning (张 伟, 张　伟)
        h, title = _strip_han_titles(h)
        if h.lower() in _PLACEHOLDERS or h in _HAN_SUFFIX_TITLES:
            return NameResult(h, "han", None, None, None, None, None, None, title, "placeholder")
        fam, giv = _split_han(h)
        return _han_result(h, fam, giv, "han", title, "encoding_damage" if damaged else None)
    if script == "mixed":
        # "张伟 Wei Zhang" / "Wei(张伟)": prefer the Han run when it looks like a name.
        runs = re.findall(r"[\u3400-\u9fff\uf900-\ufaff·]{2,}", s)
        if len(runs) == 1 and 2 <= len(runs[0].replace("·", "")) <= 6:
            h, title = _strip_han_titles(runs[0])
            fam, giv = _split_han(h)
            return _han_result(s, fam, giv, "mixed", title, None)
        latin_part = " ".join(_LATIN_TOKEN_RE.findall(s))
        han_titles = [t for t in _HAN_SUFFIX_TITLES if t in s]
        if latin_part and (han_titles or not runs):
            r = _parse_latin(latin_part, "mixed", han_titles[0] if han_titles else None)
            return r._replace(full_name=s)
        return NameResult(s, "mixed", None, None, None, None, None, None, None, "mixed_script")
    if script == "other":
        toks = s.split()
        fam = toks[-1] if len(toks) > 1 else s
        giv = " ".join(toks[:-1]) or None
        return NameResult(s, "other", fam, giv, None, None, None, None, None, "unsupported_script")
    r = _parse_latin(s, "latin", None)
    return r._replace(reject_reason="encoding_damage") if damaged else r


def _one_token(s: str) -> bool:
    return len(s.split()) == 1 and not any(is_han(c) for c in s)


@lru_cache(maxsize=1 << 18)
def standardize_name(full: str | None = None, given: str | None = None,
                     family: str | None = None) -> NameResult:
    """Standardize a person name given as one string and/or as given + family parts.

    Structured parts win when present (Western CRMs' First/Last Name); a full name that
    was put in one part (``LastName = "张伟"``, ``FirstName = "Wei Zhang"``) is parsed
    as a full name. ``full`` is used when both parts are empty.
    """
    g, f = clean(given), clean(family)
    if not g and not f:
        return _parse_full(full) if full else _EMPTY
    if not g or not f:
        only = g or f
        if g and _one_token(g):
            r = _parse_latin(g, "latin", None) if _script(g) == "latin" else _parse_full(g)
            if r.name_script == "latin":
                fl = r.family_name_latin
                canon = _nicknames().get(fl, fl) if fl else None
                return NameResult(r.full_name, r.name_script, None, r.family_name, None, fl,
                                  canon, fl, r.honorific, r.reject_reason)
            return r
        return _parse_full(only)
    combined = f"{f} {g}"
    script = _script(combined)
    if script == "han" or (script == "mixed" and all(_script(x) == "han" for x in (f, g))):
        fh, title = _strip_han_titles("".join(f.split()))
        gh = "".join(g.split())
        return _han_result(fh + gh, fh, gh, "han", title, None)
    if script == "latin":
        # Titles/suffixes may sit in either field ("Dr." in first name, "Jr" in last).
        gt = _tokens(g)
        honorific = None
        while len(gt) > 1 and gt[0].lower().rstrip(".") in _LATIN_PREFIX_TITLES:
            honorific = honorific or gt[0].lower().rstrip(".")
            gt = gt[1:]
        ft = [t for t in _tokens(f) if t.lower() not in _LATIN_SUFFIX_TITLES] or _tokens(f)
        lows = [t.lower() for t in ft + gt]
        chinese = (
            len(ft) == 1
            and ft[0].lower() in _SURNAME_RANK
            and all(_is_pinyin(t.replace("-", "")) for t in lows)
        )
        display = " ".join(gt + ft)
        return _latin_result(display, gt + ft, ft, gt, chinese, "latin", honorific)
    return _parse_full(f"{f} {g}" if script != "latin" else f"{g} {f}")
