"""The true people of one chunk: names, contacts, households and employers.

This is the ground truth every export is derived from. Households (shared address,
often shared surname, sometimes a shared home line), colleagues (shared switchboard
and company) and very common names are built in on purpose: they are the hard
negatives an entity resolver must not merge.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from datagen import phones
from datagen.phones import Phone
from datagen.quirks import ascii_fold
from datagen.rng import Picker, ch, picker, ri, rr
from datagen.vocab import business as B
from datagen.vocab import geo as G
from datagen.vocab import names as N

CN_SHARE = 0.6

_CN_CITY = Picker(G.CN_CITIES, [c.weight for c in G.CN_CITIES])
_W_CITIES_BY_COUNTRY: dict[str, Picker[G.WesternCity]] = {}
for _country in sorted({c.country for c in G.WESTERN_CITIES}):
    _cities = [c for c in G.WESTERN_CITIES if c.country == _country]
    _W_CITIES_BY_COUNTRY[_country] = Picker(_cities, [c.weight for c in _cities])

_CN_SURNAME = Picker([(s, p) for s, p, _ in N.CN_SURNAMES], [w for *_, w in N.CN_SURNAMES])
_W_FAMILY = picker(N.WESTERN_FAMILY)
_W_GIVEN = {g: [x for x in N.WESTERN_GIVEN if x[1] == g] for g in ("M", "F")}
_CN_COMMON = {g: [x for x in N.CN_COMMON_NAMES if x[4] == g] for g in ("M", "F")}
_W_COMMON_GENDER = {"John": "M", "Michael": "M", "David": "M", "James": "M",
                    "Mary": "F", "Sarah": "F"}

# Where people live, by culture.
_COUNTRY = {
    "cn": picker([("CN", 92), ("US", 3), ("GB", 1.5), ("CA", 1.5), ("AU", 1), ("SG", 1)]),
    "western": picker([("US", 45), ("GB", 18), ("DE", 12), ("CA", 8), ("AU", 7), ("SG", 3),
                       ("CN", 7)]),
}
_HOUSEHOLD_SIZE = picker([(1, 60), (2, 25), (3, 10), (4, 5)])
_EMAIL_DOMAINS = {
    "cn": picker([("qq.com", 30), ("163.com", 25), ("126.com", 8), ("gmail.com", 12),
                  ("outlook.com", 5), ("sina.com", 5), ("work", 15)]),
    "western": picker([("gmail.com", 45), ("outlook.com", 12), ("yahoo.com", 10),
                       ("hotmail.com", 6), ("icloud.com", 7), ("work", 20)]),
}
_DOMAIN_TLD = {"CN": ".com.cn", "US": ".com", "CA": ".ca", "GB": ".co.uk", "DE": ".de",
               "AU": ".com.au", "SG": ".com.sg"}


@dataclass(slots=True)
class Address:
    """A postal address; Chinese ones keep both the hanzi and an English rendering."""

    country: str
    city: str                 # truth value (杭州市 / San Francisco)
    province: str             # truth value (浙江省 / CA)
    city_en: str
    province_en: str          # Zhejiang / California
    postcode: str
    street: str               # 文三路 / Market St
    number: int
    line2: str = ""           # Apt 5B (western)
    province_short: str = ""  # 浙江 (Taobao style)
    district: str = ""
    district_en: str = ""
    street_en: str = ""
    compound: str = ""
    building: str = ""        # 3幢
    room: str = ""            # 502室
    area_codes: tuple[str, ...] = ()

    @property
    def is_cn(self) -> bool:
        return self.country == "CN"

    def cn_detail(self, with_room: bool = True) -> str:
        """文三路100号 绿城桂花园3幢502室 (the detail part of a Chinese address)."""
        head = f"{self.street}{self.number}号"
        if not with_room:
            return head
        tail = f"{self.compound}{self.building}{self.room}"
        return f"{head} {tail}" if tail else head

    def en_lines(self) -> list[str]:
        """Street lines in Latin script, Western order."""
        if self.is_cn:
            lines = [f"{self.number} {self.street_en}"]
            if self.room:
                lines.append(f"Bldg {self.building.rstrip('幢号楼栋')}, Rm {self.room.rstrip('室')}")
            lines.append(f"{self.district_en} District")
            return lines
        if self.country == "DE":
            lines = [f"{self.street} {self.number}"]
        else:
            lines = [f"{self.number} {self.street}"]
        if self.line2:
            lines.append(self.line2)
        return lines


@dataclass(slots=True)
class Company:
    cid: int
    country: str
    name: str                 # canonical legal name (truth): hanzi for CN companies
    name_en: str              # English legal name
    core_en: str              # Hangzhou Xinghe Technology / Northwind Robotics
    core_cn: str              # 杭州星河科技 ("" outside CN)
    suffix_cn: str            # 有限公司 / 股份有限公司
    domain: str
    industry: str
    switchboard: Phone
    address: Address
    employees: int
    revenue: int


@dataclass(slots=True)
class Household:
    hid: int
    address: Address
    landline: Phone | None
    members: list["Person"] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    pid: str
    idx: int                  # index inside the chunk
    culture: str              # cn | western
    gender: str               # M | F
    family: str
    given: str
    family_py: str            # lowercase ASCII
    given_syll: tuple[str, ...]
    english_name: str         # a Chinese person's English first name, or ""
    nicknames: tuple[str, ...]
    middle_initial: str
    country: str
    birth: str                # YYYY-MM-DD
    household: Household
    phone: Phone | None = None
    email: str = ""
    alt_email: str = ""
    company: Company | None = None
    job: int = 0
    ext: str = ""

    @property
    def given_py(self) -> str:
        return "".join(self.given_syll)

    @property
    def address(self) -> Address:
        return self.household.address


def _address(rng: random.Random, country: str) -> Address:
    if country == "CN":
        c = _CN_CITY.pick(rng)
        d, d_en = ch(rng, c.districts)
        s, s_en = ch(rng, G.CN_STREETS)
        floor = ri(rng, 1, 28)
        return Address(
            country="CN", city=c.city, province=c.province, city_en=c.city_en,
            province_en=c.province_en, postcode=c.postcode_prefix + f"{ri(rng, 0, 99):03d}",
            street=s, number=ri(rng, 1, 999), province_short=c.province_short,
            district=d, district_en=d_en, street_en=s_en, compound=ch(rng, G.CN_COMPOUNDS),
            building=f"{ri(rng, 1, 20)}{ch(rng, ('幢', '号楼', '栋'))}",
            room=f"{floor}{ri(rng, 1, 8):02d}室" if rng.random() < 0.9 else "",
            area_codes=(c.area_code,),
        )
    w = _W_CITIES_BY_COUNTRY[country].pick(rng)
    street = ch(rng, G.WESTERN_STREETS[country])
    line2 = ""
    if country != "DE" and rng.random() < 0.35:
        line2 = ch(rng, (f"Apt {ri(rng, 1, 30)}{ch(rng, 'ABCDEF')}",
                            f"Suite {ri(rng, 1, 9)}00", f"Unit {ri(rng, 1, 40)}",
                            f"Flat {ri(rng, 1, 12)}"))
    return Address(
        country=country, city=w.city, province=w.region, city_en=w.city,
        province_en=w.region_name, postcode=_postcode(rng, w), street=street,
        number=ri(rng, 1, 2500) if country in ("US", "CA") else ri(rng, 1, 220),
        line2=line2, area_codes=w.area_codes,
    )


def _postcode(rng: random.Random, w: G.WesternCity) -> str:
    k = w.postcode_kind
    if k == "us5":
        return w.postcode_seed + f"{ri(rng, 1, 99):02d}"
    if k == "uk":
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return f"{w.postcode_seed}{ch(rng, 'AB') if len(w.postcode_seed) == 3 else ''} " \
               f"{ri(rng, 1, 9)}{ch(rng, letters)}{ch(rng, letters)}"
    if k == "de5":
        return w.postcode_seed + f"{ri(rng, 1, 99):02d}"
    if k == "ca":
        return f"{w.postcode_seed} {ri(rng, 1, 9)}{ch(rng, 'ABCEGHJKLMNPRSTVXY')}{ri(rng, 0, 9)}"
    if k == "au4":
        return w.postcode_seed
    return f"{ri(rng, 1, 82):02d}{ri(rng, 0, 9999):04d}"


def _cn_name(rng: random.Random, gender: str, family: tuple[str, str] | None):
    if family is None and rng.random() < 0.04:
        fam, giv, fam_py, syl, _ = ch(rng, _CN_COMMON[gender])
        return fam, giv, fam_py, syl
    fam, fam_py = family if family is not None else _CN_SURNAME.pick(rng)
    pool = N.CN_GIVEN_M if gender == "M" else N.CN_GIVEN_F
    n = 1 if rng.random() < 0.3 else 2
    chars = [ch(rng, pool) for _ in range(n)]
    if rng.random() < 0.01:
        chars[-1] = ch(rng, N.CN_GIVEN_RARE)
    return fam, "".join(c for c, _ in chars), fam_py, tuple(p for _, p in chars)


def _western_name(rng: random.Random, gender: str, family: str | None):
    if family is None and rng.random() < 0.03:
        candidates = [x for x in N.WESTERN_COMMON_NAMES if _W_COMMON_GENDER[x[0]] == gender]
        giv, fam = ch(rng, candidates)
        nick = next((x[2] for x in N.WESTERN_GIVEN if x[0] == giv), ())
        return fam, giv, nick
    giv, _, nick = ch(rng, _W_GIVEN[gender])
    return (family if family is not None else _W_FAMILY.pick(rng)), giv, nick


def _birth(rng: random.Random, year: int) -> str:
    return f"{year:04d}-{ri(rng, 1, 12):02d}-{ri(rng, 1, 28):02d}"


def build_people(rng: random.Random, first_global_index: int, n: int,
                 owns: Callable[[str], bool] = lambda _email: True,
                 phone_salt: int = 0) -> list[Person]:
    """`n` people in households, with employers, emails and phones.

    `owns(address)` tells whether this chunk may hand out an email address (see _email);
    `phone_salt` shifts the personal-number bijection (see phones.unique_mobile).
    """
    people: list[Person] = []
    hid = 0
    while len(people) < n:
        culture = "cn" if rng.random() < CN_SHARE else "western"
        country = _COUNTRY[culture].pick(rng)
        address = _address(rng, country)
        size = min(_HOUSEHOLD_SIZE.pick(rng), n - len(people))
        has_line = rng.random() < (0.25 if country == "CN" else 0.35)
        home = phones.landline(rng, country, ch(rng, address.area_codes)) if has_line else None
        hh = Household(hid, address, home)
        hid += 1
        head_gender = ch(rng, "MF")
        head_year = ri(rng, 1955, 1998)
        shared_family: object = None
        for k in range(size):
            if k == 0:
                gender, year, family = head_gender, head_year, None
            elif k == 1 and size >= 2:
                gender = "F" if head_gender == "M" else "M"
                year = min(2004, max(1950, head_year + ri(rng, -6, 6)))
                # Chinese spouses keep their surname; Western spouses often share it.
                family = shared_family if (culture == "western" and rng.random() < 0.7) else None
            else:
                gender = ch(rng, "MF")
                year = min(2006, head_year + ri(rng, 22, 38))
                family = shared_family  # children take the head's surname
            i = len(people)
            gi = first_global_index + i
            if culture == "cn":
                fam, giv, fam_py, syl = _cn_name(rng, gender, family)  # type: ignore[arg-type]
                eng = ch(rng, N.CN_ENGLISH_NAMES_M if gender == "M" else N.CN_ENGLISH_NAMES_F) \
                    if rng.random() < 0.25 else ""
                p = Person(f"P{gi + 1:07d}", i, culture, gender, fam, giv, fam_py, syl, eng, (),
                           "", country, _birth(rng, year), hh)
                if k == 0:
                    shared_family = (fam, fam_py)
            else:
                fam, giv, nick = _western_name(rng, gender, family)  # type: ignore[arg-type]
                p = Person(f"P{gi + 1:07d}", i, culture, gender, fam, giv, ascii_fold(fam),
                           (ascii_fold(giv),), "", nick, ch(rng, "ABCDEFGHJKLMNPRSTW"),
                           country, _birth(rng, year), hh)
                if k == 0:
                    shared_family = fam
            hh.members.append(p)
            people.append(p)
    _assign_companies(rng, people)
    _assign_contacts(rng, people, first_global_index, owns, phone_salt)
    return people


def _company(rng: random.Random, cid: int, country: str, near: Address) -> Company:
    address = _address(rng, country)
    if country == "CN" or (near.country == country and rng.random() < 0.8):
        # most companies are in their first employee's city
        address.city, address.province, address.city_en = near.city, near.province, near.city_en
        address.province_en, address.province_short = near.province_en, near.province_short
        address.area_codes, address.postcode = near.area_codes, near.postcode
        if near.is_cn:
            address.district, address.district_en = near.district, near.district_en
            address.room = f"{ri(rng, 2, 30)}{ri(rng, 1, 20):02d}室"
            address.compound = ch(rng, ("", "科技园", "大厦", "国际中心", "创业园"))
    switchboard = phones.landline(rng, country, ch(rng, address.area_codes))
    if country == "CN":
        core_cn, core_py = ch(rng, B.CN_COMPANY_CORES)
        sec_cn, sec_en, industry = ch(rng, B.CN_SECTORS)
        suffix_cn, suffix_en = B.CN_LEGAL_SUFFIXES[0 if rng.random() < 0.75 else 1]
        city_cn = near.city.rstrip("市") if near.is_cn else "上海"
        city_en = near.city_en if near.is_cn else "Shanghai"
        core = f"{city_cn}{core_cn}{sec_cn}"
        core_en = f"{city_en} {core_py} {sec_en}"
        domain = ascii_fold(core_py).replace("'", "") + "-" + sec_en.split()[0].lower()[:4] + ".cn"
        return Company(cid, country, core + suffix_cn, f"{core_en} {suffix_en}", core_en, core,
                       suffix_cn, domain, industry, switchboard, address,
                       ch(rng, (12, 35, 80, 150, 420, 1200)), ri(rng, 5, 900) * 100_000)
    core_w = ch(rng, B.WESTERN_COMPANY_CORES)
    sec, industry = ch(rng, B.WESTERN_SECTORS)
    canonical_suffix = ch(rng, B.LEGAL_SUFFIXES[country])[0]
    core_en = f"{core_w} {sec}"
    domain = (core_w + sec).lower().replace(" ", "") + _DOMAIN_TLD[country]
    return Company(cid, country, f"{core_en} {canonical_suffix}", f"{core_en} {canonical_suffix}",
                   core_en, "", "", domain, industry, switchboard, address,
                   ch(rng, (8, 25, 60, 140, 500, 2300)), ri(rng, 2, 2000) * 100_000)


def _assign_companies(rng: random.Random, people: list[Person]) -> None:
    """Employment by preferential attachment: joining a random earlier employee of the
    same city gives a few big employers (many colleagues) and many small ones."""
    employed_by_city: dict[tuple[str, str], list[Person]] = {}
    cid = 0
    for p in people:
        if p.birth > "2004-12-31" or rng.random() >= (0.55 if p.culture == "cn" else 0.6):
            continue
        key = (p.country, p.address.city)
        peers = employed_by_city.setdefault(key, [])
        if peers and rng.random() < 0.6:
            p.company = ch(rng, peers).company
        else:
            p.company = _company(rng, cid, p.country, p.address)
            cid += 1
        peers.append(p)
        p.job = rr(rng, len(B.JOBS))
        p.ext = str(ri(rng, 100, 899))


FREEMAIL = frozenset(("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com",
                      "qq.com", "163.com", "126.com", "sina.com"))


def _email(rng: random.Random, p: Person, domain: str, used: set[str], gi: int,
           owns: Callable[[str], bool]) -> str:
    """A mailbox built from the name. Uniqueness across the whole population: a chunk
    may only use an address it `owns` (a stable hash partition of address strings) and
    falls back to a `_<global index>` suffix otherwise, so chunks never collide."""
    fam = p.family_py.replace("'", "")
    giv = p.given_py.replace("'", "")
    if domain == "qq.com" and rng.random() < 0.5:
        local = str(ri(rng, 10000, 2999999999))
    else:
        if p.culture == "cn":
            initials = "".join(s[0] for s in p.given_syll)
            local = ch(rng, (f"{fam}{giv}", f"{giv}.{fam}", f"{fam}_{giv}",
                                f"{fam}{initials}", f"{giv}{fam}"))
            if p.english_name and rng.random() < 0.3:
                local = f"{p.english_name.lower()}.{fam}"
        else:
            local = ch(rng, (f"{giv}.{fam}", f"{giv[0]}{fam}", f"{giv}{fam}", f"{giv}_{fam}",
                                f"{fam}.{giv}"))
        if domain in FREEMAIL:
            r = rng.random()
            if r < 0.35:
                local += p.birth[2:4] if rng.random() < 0.5 else p.birth[:4]
            elif r < 0.75:
                local += str(ri(rng, 1, 999))
    email = f"{local}@{domain}"
    if email in used or not owns(email):
        email = f"{local}_{gi}@{domain}"
    used.add(email)
    return email


def _assign_contacts(rng: random.Random, people: list[Person], first_global_index: int,
                     owns: Callable[[str], bool], salt: int) -> None:
    used: set[str] = set()
    for p in people:
        gi = first_global_index + p.idx
        p.phone = phones.unique_mobile(rng, p.country, p.address.area_codes, gi, salt)
        domain = _EMAIL_DOMAINS[p.culture].pick(rng)
        if domain == "work":
            domain = p.company.domain if p.company else "gmail.com"
        p.email = _email(rng, p, domain, used, gi, owns)
        if rng.random() < 0.35:
            alt = p.company.domain if (p.company and not p.email.endswith(p.company.domain)) \
                else ("gmail.com" if not p.email.endswith("gmail.com") else "outlook.com")
            p.alt_email = _email(rng, p, alt, used, gi, owns)
