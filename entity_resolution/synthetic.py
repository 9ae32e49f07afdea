"""Synthetic ``int_customer_mentions`` with known truth, for tests and benchmarks.

The generator is vectorised (numpy/pandas) so it scales to ~1M mentions in seconds.
It deliberately plants the hard cases seen in real CRM data:

* the same person written in Han script in one source (张伟) and in Latin script in
  another ('Wei Zhang'), sometimes with family/given order swapped;
* Western nicknames (bob -> robert in ``given_name_canonical``), typos;
* Shopify / Taobao orders: one buyer -> many mentions;
* hard negatives: very common names (王芳, 张伟, John Smith) shared by different
  people, company switchboard phones shared by colleagues, family members at one
  address sharing the home phone and sometimes a family e-mail.

``make_mentions(n_people, seed)`` returns ``(mentions, truth)`` where ``truth`` has
columns ``mention_key, person_id``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CN_FAMILY = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("潘", "pan"), ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"),
    ("于", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("魏", "wei"),
    ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"), ("卢", "lu"),
]
CN_GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("桂英", "guiying"), ("建华", "jianhua"), ("晓明", "xiaoming"),
    ("志强", "zhiqiang"), ("海燕", "haiyan"), ("玉兰", "yulan"), ("子轩", "zixuan"),
    ("浩然", "haoran"), ("欣怡", "xinyi"), ("梓涵", "zihan"), ("宇航", "yuhang"),
    ("雨桐", "yutong"), ("俊杰", "junjie"), ("嘉怡", "jiayi"), ("思远", "siyuan"),
    ("文博", "wenbo"), ("佳琪", "jiaqi"), ("一鸣", "yiming"), ("天佑", "tianyou"),
    ("晨曦", "chenxi"), ("梦琪", "mengqi"), ("博文", "bowen"), ("诗涵", "shihan"),
    ("明轩", "mingxuan"), ("若曦", "ruoxi"), ("家豪", "jiahao"), ("紫萱", "zixuan"),
]
WEST_FAMILY = [
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis",
    "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson",
    "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson",
    "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker",
    "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores",
    "green", "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell",
    "carter", "roberts", "muller", "schmidt", "schneider", "fischer", "weber",
    "meyer", "wagner", "becker", "schulz", "hoffmann", "dubois", "bernard", "petit",
    "durand", "leroy", "moreau", "fontaine", "rousseau", "vincent", "fournier",
    "kowalski", "novak", "jensen", "hansen", "larsen", "rossi", "russo", "ferrari",
    "esposito", "bianchi", "romano", "colombo", "ricci", "marino", "greco",
]
# canonical given name -> nicknames
WEST_GIVEN = {
    "john": ["johnny", "jack"], "robert": ["bob", "rob", "bobby"],
    "william": ["bill", "will", "billy"], "richard": ["rick", "rich"],
    "james": ["jim", "jimmy"], "michael": ["mike"], "thomas": ["tom"],
    "elizabeth": ["liz", "beth", "betty"], "margaret": ["maggie", "peggy"],
    "katherine": ["kate", "katie", "kathy"], "jennifer": ["jen", "jenny"],
    "christopher": ["chris"], "daniel": ["dan", "danny"], "joseph": ["joe"],
    "david": ["dave"], "anthony": ["tony"], "patricia": ["pat", "patty"],
    "susan": ["sue"], "deborah": ["debbie"], "stephen": ["steve"],
    "matthew": ["matt"], "andrew": ["andy", "drew"], "edward": ["ed", "ted"],
    "alexander": ["alex"], "nicholas": ["nick"], "benjamin": ["ben"],
    "samuel": ["sam"], "jonathan": ["jon"], "mary": [], "linda": [], "barbara": [],
    "sarah": [], "karen": [], "nancy": [], "lisa": [], "emma": [], "olivia": [],
    "sophia": [], "anna": [], "laura": [], "julia": [], "peter": [], "paul": [],
    "mark": [], "george": [], "kevin": [], "brian": [], "lukas": [], "felix": [],
    "hans": [], "jean": [], "pierre": [], "marie": [], "sophie": [], "camille": [],
    "giulia": [], "marco": [], "luca": [], "elena": [], "ingrid": [], "lars": [],
}
#: characters used to compose two-character given names (real given names are
#: far more diverse than the common single-character ones above)
CN_GIVEN_CHARS = [
    ("子", "zi"), ("梓", "zi"), ("浩", "hao"), ("宇", "yu"), ("欣", "xin"), ("怡", "yi"),
    ("俊", "jun"), ("嘉", "jia"), ("佳", "jia"), ("思", "si"), ("雨", "yu"), ("晨", "chen"),
    ("文", "wen"), ("博", "bo"), ("明", "ming"), ("轩", "xuan"), ("涵", "han"), ("泽", "ze"),
    ("睿", "rui"), ("诗", "shi"), ("若", "ruo"), ("家", "jia"), ("志", "zhi"), ("建", "jian"),
    ("海", "hai"), ("玉", "yu"), ("晓", "xiao"), ("天", "tian"), ("一", "yi"), ("梦", "meng"),
    ("琪", "qi"), ("瑶", "yao"), ("婷", "ting"), ("雪", "xue"), ("慧", "hui"), ("颖", "ying"),
    ("鹏", "peng"), ("飞", "fei"), ("辉", "hui"), ("斌", "bin"), ("鑫", "xin"), ("龙", "long"),
    ("凯", "kai"), ("昊", "hao"), ("然", "ran"), ("阳", "yang"), ("安", "an"), ("乐", "le"),
    ("心", "xin"), ("悦", "yue"), ("清", "qing"), ("远", "yuan"), ("航", "hang"), ("成", "cheng"),
    ("华", "hua"), ("国", "guo"), ("平", "ping"), ("春", "chun"), ("秋", "qiu"), ("兰", "lan"),
]
#: syllables for a long tail of Western surnames
SURNAME_HEADS = ["ander", "bert", "carl", "dunn", "eck", "fair", "gold", "hart", "ivers", "jan",
                 "kemp", "lang", "mack", "nor", "ost", "pen", "quinn", "ross", "stan", "thorn",
                 "vance", "wald", "york", "zell", "bran", "crom", "dal", "elm", "frost", "grim"]
SURNAME_TAILS = ["son", "sen", "berg", "man", "ley", "ton", "field", "wood", "er", "ford",
                 "well", "stein", "ski", "ini", "ez", "ard", "ow", "ing", "ham", "by"]

CITIES = {
    "CN": [("beijing", "100"), ("shanghai", "200"), ("guangzhou", "510"),
           ("shenzhen", "518"), ("hangzhou", "310"), ("chengdu", "610")],
    "US": [("new york", "100"), ("chicago", "606"), ("san francisco", "941"),
           ("seattle", "981"), ("boston", "021"), ("austin", "787")],
    "DE": [("berlin", "101"), ("munich", "803"), ("hamburg", "203")],
    "FR": [("paris", "750"), ("lyon", "690")],
}
STREETS = ["main", "oak", "maple", "park", "cedar", "elm", "lake", "hill", "river",
           "chaoyang", "nanjing", "huaihai", "renmin", "jiefang", "zhongshan",
           "linden", "kant", "goethe", "victor hugo", "republique", "station",
           "church", "high", "king", "queen", "mill", "bridge", "garden", "north"]
SUFFIX = ["st", "rd", "ave", "ln", "blvd", "way"]
EMAIL_DOMAINS = {"CN": ["qq.com", "163.com", "126.com", "gmail.com"],
                 "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com"],
                 "DE": ["gmx.de", "web.de", "gmail.com"],
                 "FR": ["orange.fr", "gmail.com", "free.fr"]}
CC_PREFIX = {"CN": "+86", "US": "+1", "DE": "+49", "FR": "+33"}
SOURCES = ["crm", "erp", "shopify", "taobao", "events"]


def _zipf_choice(rng, n_items, size, a=1.1):
    """Indices 0..n_items-1 with a Zipf-like skew (index 0 is the most common)."""
    w = 1.0 / np.arange(1, n_items + 1) ** a
    return rng.choice(n_items, size=size, p=w / w.sum())


def _typo(s: str, r: float) -> str:
    if not s or len(s) < 3:
        return s
    i = int(r * 1e6) % (len(s) - 1) + 1
    kind = int(r * 1e7) % 3
    if kind == 0:  # transposition
        return s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :]
    if kind == 1:  # deletion
        return s[:i] + s[i + 1 :]
    return s[:i] + "aeiou"[int(r * 1e8) % 5] + s[i + 1 :]  # substitution


def make_people(n_people: int, seed: int = 0) -> pd.DataFrame:
    """One row per true person (with household and company structure)."""
    rng = np.random.default_rng(seed)
    n = n_people
    pid = np.arange(n)
    # households: consecutive people share a household with some probability
    new_hh = rng.random(n) < 0.62
    new_hh[0] = True
    household = np.cumsum(new_hh) - 1
    hh_first = pd.Series(pid).groupby(household).transform("min").to_numpy()
    is_head = pid == hh_first
    n_hh = household.max() + 1

    # household level attributes
    hh_country = rng.choice(["CN", "US", "DE", "FR"], size=n_hh, p=[0.45, 0.35, 0.12, 0.08])
    hh_city_idx = rng.integers(0, 100, size=n_hh)
    hh_street = rng.integers(0, len(STREETS), size=n_hh)
    hh_suffix = rng.integers(0, len(SUFFIX), size=n_hh)
    hh_no = rng.integers(1, 400, size=n_hh)
    hh_zip_tail = rng.integers(0, 1000, size=n_hh)
    hh_family_cn = _zipf_choice(rng, len(CN_FAMILY), n_hh, 0.7)
    hh_family_w = _zipf_choice(rng, len(WEST_FAMILY), n_hh, 0.5)
    hh_phone = rng.integers(10_000_000, 99_999_999, size=n_hh)
    hh_family_email = rng.random(n_hh) < 0.15

    country = hh_country[household]
    is_cn = country == "CN"
    # ethnicity of name: most CN residents Han names, some Han names abroad
    han_name = np.where(is_cn, rng.random(n) < 0.97, rng.random(n) < 0.12)
    # family name: shared with household head most of the time
    own_family = (~is_head) & (rng.random(n) < 0.3)
    fam_cn = np.where(own_family, _zipf_choice(rng, len(CN_FAMILY), n, 0.7), hh_family_cn[household])
    fam_w = np.where(own_family, _zipf_choice(rng, len(WEST_FAMILY), n, 0.5), hh_family_w[household])
    giv_cn = _zipf_choice(rng, len(CN_GIVEN), n, 1.0)
    west_given_names = list(WEST_GIVEN)
    giv_w = _zipf_choice(rng, len(west_given_names), n, 0.9)
    # family members rarely share a given name (juniors exist, but ~1 in 10 here)
    head = hh_first
    same_w = (~is_head) & (giv_w == giv_w[head]) & (rng.random(n) < 0.9)
    giv_w = np.where(same_w, (giv_w + 1 + rng.integers(0, 5, n)) % len(west_given_names), giv_w)
    same_c = (~is_head) & (giv_cn == giv_cn[head]) & (rng.random(n) < 0.9)
    giv_cn = np.where(same_c, (giv_cn + 1 + rng.integers(0, 5, n)) % len(CN_GIVEN), giv_cn)

    fam_han = np.array([CN_FAMILY[i][0] for i in fam_cn], dtype=object)
    fam_py = np.array([CN_FAMILY[i][1] for i in fam_cn], dtype=object)
    giv_han = np.array([CN_GIVEN[i][0] for i in giv_cn], dtype=object)
    giv_py = np.array([CN_GIVEN[i][1] for i in giv_cn], dtype=object)
    # two-character given names for ~60% of Han names (common single ones stay common)
    two = rng.random(n) < 0.6
    c1 = _zipf_choice(rng, len(CN_GIVEN_CHARS), n, 0.6)
    c2 = _zipf_choice(rng, len(CN_GIVEN_CHARS), n, 0.6)
    giv_han = np.where(two, np.array([CN_GIVEN_CHARS[a][0] + CN_GIVEN_CHARS[b][0] for a, b in zip(c1, c2)],
                                     dtype=object), giv_han)
    giv_py = np.where(two, np.array([CN_GIVEN_CHARS[a][1] + CN_GIVEN_CHARS[b][1] for a, b in zip(c1, c2)],
                                    dtype=object), giv_py)
    fam_west = np.array([WEST_FAMILY[i] for i in fam_w], dtype=object)
    # long tail of Western surnames for ~half of the households
    hh_tail = rng.random(n_hh) < 0.5
    tail_name = np.array([SURNAME_HEADS[a] + SURNAME_TAILS[b] for a, b in zip(
        rng.integers(0, len(SURNAME_HEADS), n_hh), rng.integers(0, len(SURNAME_TAILS), n_hh))], dtype=object)
    fam_west = np.where(hh_tail[household] & ~own_family, tail_name[household], fam_west)
    giv_west = np.array([west_given_names[i] for i in giv_w], dtype=object)

    family_latin = np.where(han_name, fam_py, fam_west)
    given_latin = np.where(han_name, giv_py, giv_west)
    family_han = np.where(han_name, fam_han, None)
    given_han = np.where(han_name, giv_han, None)

    # birth dates: heads 1950-2000, others anywhere
    days = rng.integers(0, 365 * 55, size=n)
    birth = (np.datetime64("1950-01-01") + days.astype("timedelta64[D]")).astype("datetime64[D]")

    city_list = [CITIES[c] for c in country]
    cidx = hh_city_idx[household]
    city = np.array([cl[i % len(cl)][0] for cl, i in zip(city_list, cidx)], dtype=object)
    zip_prefix = np.array([cl[i % len(cl)][1] for cl, i in zip(city_list, cidx)], dtype=object)
    ztail = hh_zip_tail[household]
    postal = np.array(
        [p + f"{t:03d}" if c == "CN" else (p + f"{t % 100:02d}") for p, t, c in zip(zip_prefix, ztail, country)],
        dtype=object,
    )
    address = np.array(
        [f"{no} {STREETS[s]} {SUFFIX[x]}" for no, s, x in zip(hh_no[household], hh_street[household], hh_suffix[household])],
        dtype=object,
    )
    # personal phone (mobile) and household landline
    mob = rng.integers(100_000_000, 999_999_999, size=n)
    prefix = np.array([CC_PREFIX[c] for c in country], dtype=object)
    phone = np.array([f"{p}{'13' if c == 'CN' else '7'}{m}" for p, c, m in zip(prefix, country, mob)], dtype=object)
    home_phone = np.array([f"{p}{'10' if c == 'CN' else '2'}{h}" for p, c, h in zip(prefix, country, hh_phone[household])], dtype=object)

    # companies: ~1 company per 8 people; colleagues share switchboard + domain + address
    n_comp = max(1, n // 8)
    company = rng.integers(0, n_comp, size=n)
    employed = rng.random(n) < 0.7
    company_key = np.where(employed, np.array([f"co{c:06d}" for c in company], dtype=object), None)
    switchboard = np.where(employed, np.array([f"+1800{c:07d}" for c in company], dtype=object), None)

    num = rng.integers(1, 99, size=n)
    dom_choice = rng.integers(0, 4, size=n)
    email_domain = np.array([EMAIL_DOMAINS[c][d % len(EMAIL_DOMAINS[c])] for c, d in zip(country, dom_choice)], dtype=object)
    style = rng.integers(0, 3, size=n)
    local = np.where(
        style == 0,
        pd.Series(given_latin) + "." + pd.Series(family_latin),
        np.where(style == 1, pd.Series(given_latin).str[0] + pd.Series(family_latin) + pd.Series(num).astype(str),
                 pd.Series(family_latin) + pd.Series(given_latin) + pd.Series(num + 1900).astype(str)),
    )
    email = pd.Series(local) + "@" + pd.Series(email_domain)
    # personal e-mail addresses are unique: namesakes get a numeric suffix
    dup = email.duplicated(keep="first").to_numpy()
    email = email.where(~dup, pd.Series(local) + pd.Series(pid).astype(str) + "@" + pd.Series(email_domain))
    hh_email = pd.Series([f"{f}family{h % 97}@gmail.com" for f, h in zip(family_latin, household)])
    use_family_email = hh_family_email[household] & (rng.random(n) < 0.6)
    email = np.where(use_family_email, hh_email, email)
    work_email = np.where(
        employed,
        pd.Series(given_latin).str[0] + pd.Series(family_latin) + pd.Series(pid % 10).astype(str) + "@" + pd.Series(company_key).fillna("x") + ".com",
        None,
    )

    # ~15% of people moved: a second address in the same country
    moved = rng.random(n) < 0.15
    alt_no = rng.integers(1, 400, size=n)
    alt_street = rng.integers(0, len(STREETS), size=n)
    address2 = np.where(
        moved,
        np.array([f"{no} {STREETS[s]} {SUFFIX[s % len(SUFFIX)]}" for no, s in zip(alt_no, alt_street)], dtype=object),
        None,
    )
    postal2 = np.where(moved, np.array([p[:-2] + f"{t % 100:02d}" for p, t in zip(postal, alt_no)], dtype=object), None)
    job_change = employed & (rng.random(n) < 0.1)
    company2 = np.where(job_change, np.array([f"co{c:06d}" for c in rng.integers(0, n_comp, size=n)], dtype=object), None)

    return pd.DataFrame({
        "person_id": pid, "household": household, "country_code": country, "han_name": han_name,
        "family_name_han": family_han, "given_name_han": given_han,
        "family_name_latin": family_latin, "given_name_latin": given_latin,
        "birth_date": birth, "city": city, "postal_code": postal, "address_key": address,
        "phone": phone, "home_phone": home_phone, "email": email, "work_email": work_email,
        "company_key": company_key, "switchboard": switchboard,
        "address2": address2, "postal2": postal2, "company2": company2,
    })


def make_mentions(n_people: int = 200, seed: int = 0, mentions_per_person: float = 2.5):
    """Return ``(mentions, truth)``: mentions in the ``int_customer_mentions`` schema."""
    rng = np.random.default_rng(seed + 1)
    people = make_people(n_people, seed)
    n = len(people)
    # number of mentions per person: 1 + geometric, heavy tail for repeat buyers
    extra = rng.geometric(1.0 / max(mentions_per_person - 0.5, 1.01), size=n) - 1
    repeat_buyer = rng.random(n) < 0.05
    extra = extra + np.where(repeat_buyer, rng.integers(3, 15, size=n), 0)
    counts = 1 + extra
    idx = np.repeat(np.arange(n), counts)
    m = people.iloc[idx].reset_index(drop=True)
    k = len(m)
    r = rng.random((k, 16))

    is_cn = (m["country_code"] == "CN").to_numpy()
    han = m["han_name"].to_numpy()
    # source system
    src_p_cn = np.array([0.25, 0.1, 0.1, 0.45, 0.1])
    src_p_w = np.array([0.3, 0.15, 0.4, 0.0, 0.15])
    cum_cn, cum_w = np.cumsum(src_p_cn), np.cumsum(src_p_w)
    src_idx = np.where(is_cn, np.searchsorted(cum_cn, r[:, 0]), np.searchsorted(cum_w, r[:, 0]))
    src_idx = np.minimum(src_idx, len(SOURCES) - 1)
    source = np.array(SOURCES, dtype=object)[src_idx]

    out = pd.DataFrame({"source_system": source})
    # --- names -------------------------------------------------------------
    # Han script kept in taobao always, in crm half the time; otherwise latin only
    keep_han = han & ((source == "taobao") | ((source == "crm") & (r[:, 1] < 0.5)) | ((source == "events") & (r[:, 1] < 0.2)))
    out["family_name_han"] = np.where(keep_han, m["family_name_han"], None)
    out["given_name_han"] = np.where(keep_han, m["given_name_han"], None)
    fam = m["family_name_latin"].to_numpy().copy()
    giv = m["given_name_latin"].to_numpy().copy()
    latin_src = ~keep_han
    # swapped order for Han names typed in Western systems
    swap = latin_src & han & (r[:, 2] < 0.25)
    fam, giv = np.where(swap, giv, fam), np.where(swap, fam, giv)
    canon = giv.copy()
    # nicknames
    nick = latin_src & ~han & (r[:, 3] < 0.25)
    for i in np.nonzero(nick)[0]:
        opts = WEST_GIVEN.get(giv[i], [])
        if opts:
            giv[i] = opts[int(r[i, 4] * len(opts))]
    # typos
    typo_f = latin_src & (r[:, 5] < 0.06)
    typo_g = latin_src & (r[:, 6] < 0.06)
    for i in np.nonzero(typo_f)[0]:
        fam[i] = _typo(fam[i], r[i, 7])
    for i in np.nonzero(typo_g)[0]:
        giv[i] = _typo(giv[i], r[i, 8])
        canon[i] = giv[i] if canon[i] == m["given_name_latin"].iat[i] and not nick[i] else canon[i]
    # given-name initial only (events badge scans)
    initial = latin_src & (source == "events") & (r[:, 9] < 0.15)
    giv = np.where(initial, pd.Series(giv).str[0], giv)
    canon = np.where(initial, pd.Series(giv).str[0], canon)
    out["family_name_latin"] = fam
    out["given_name_latin"] = giv
    out["given_name_canonical"] = canon
    out["name_script"] = np.where(keep_han, "han", "latin")
    mixed = keep_han & (r[:, 9] > 0.97)
    out.loc[mixed, "name_script"] = "mixed"
    out["full_name_latin"] = pd.Series(fam) + " " + pd.Series(giv)

    # --- e-mail --------------------------------------------------------------
    email = m["email"].to_numpy().copy()
    work = m["work_email"].to_numpy()
    use_work = ((source == "erp") | ((source == "events") & (r[:, 10] < 0.5))) & pd.notna(work)
    email = np.where(use_work, work, email)
    p_email = np.select(
        [source == "crm", source == "erp", source == "shopify", source == "taobao", source == "events"],
        [0.9, 0.95, 1.0, 0.2, 0.95],
    )
    email = np.where(r[:, 11] < p_email, email, None)
    canonical = email.copy()
    # gmail variants: dots / +tags that canonicalise away
    gm = pd.Series(email).fillna("").str.endswith("@gmail.com").to_numpy() & (r[:, 12] < 0.3)
    for i in np.nonzero(gm)[0]:
        loc, dom = email[i].split("@")
        plain = loc.replace(".", "")
        canonical[i] = plain + "@" + dom
        email[i] = (plain[:2] + "." + plain[2:] if r[i, 13] < 0.5 else plain + "+shop") + "@" + dom
    for i in np.nonzero(pd.Series(email).fillna("").str.endswith("@gmail.com").to_numpy() & ~gm)[0]:
        canonical[i] = email[i].split("@")[0].replace(".", "") + "@gmail.com"
    # every mention but a few carries e-mail or phone (taobao: phone)
    out["email_normalized"] = email
    out["email_canonical"] = canonical

    # --- phones --------------------------------------------------------------
    phone = m["phone"].to_numpy().copy()
    home = m["home_phone"].to_numpy()
    sw = m["switchboard"].to_numpy()
    p_phone = np.select(
        [source == "crm", source == "erp", source == "shopify", source == "taobao", source == "events"],
        [0.85, 0.9, 0.6, 0.95, 0.3],
    )
    primary = np.where(r[:, 13] < p_phone, phone, None)
    # erp often only has the switchboard; crm sometimes the home phone
    primary = np.where((source == "erp") & (r[:, 14] < 0.5) & pd.notna(sw), sw, primary)
    primary = np.where((source == "crm") & (r[:, 14] < 0.15), home, primary)
    # mis-parsed country code (last 8 digits survive)
    bad_cc = pd.notna(primary) & (r[:, 15] < 0.04)
    primary = np.where(bad_cc, "+44" + pd.Series(primary).fillna("").str[-9:], primary)
    alt = np.where((source == "crm") & (r[:, 12] > 0.75), home, None)
    alt = np.where((source == "erp") & (r[:, 12] > 0.6) & pd.notna(sw), sw, alt)
    alt = np.where(pd.Series(alt).fillna("").to_numpy() == pd.Series(primary).fillna("-").to_numpy(), None, alt)
    nothing = pd.isna(out["email_normalized"]).to_numpy() & pd.isna(primary) & (r[:, 14] > 0.02)
    primary = np.where(nothing & (source == "taobao"), phone, primary)
    force_mail = nothing & (source != "taobao")
    out.loc[force_mail, "email_normalized"] = m.loc[force_mail, "email"].to_numpy()
    out.loc[force_mail, "email_canonical"] = m.loc[force_mail, "email"].to_numpy()
    out["phone_e164"] = primary
    out["phone_e164_alt"] = alt

    # --- birth date, company, address -------------------------------------------
    r2 = rng.random((k, 8))
    p_dob = np.select(
        [source == "crm", source == "erp", source == "shopify", source == "taobao", source == "events"],
        [0.7, 0.1, 0.05, 0.15, 0.2],
    )
    bd = pd.to_datetime(m["birth_date"]).to_numpy()
    swap_dm = r2[:, 1] < 0.03
    bd_s = pd.Series(bd)
    swapped = pd.to_datetime(
        dict(year=bd_s.dt.year, month=bd_s.dt.day.clip(upper=12), day=bd_s.dt.month), errors="coerce"
    ).to_numpy()
    bd = np.where(swap_dm & (bd_s.dt.day <= 12).to_numpy(), swapped, bd)
    out["birth_date"] = pd.Series(np.where(r2[:, 0] < p_dob, bd, np.datetime64("NaT"))).astype("datetime64[ns]").dt.date
    out.loc[out["birth_date"].isna(), "birth_date"] = None
    p_comp = np.select([source == "crm", source == "erp", source == "events"], [0.5, 0.95, 0.7], 0.0)
    company = np.where(pd.notna(m["company2"]) & (r2[:, 7] < 0.4), m["company2"], m["company_key"])
    out["company_key"] = np.where(r2[:, 2] < p_comp, company, None)
    p_addr = np.select(
        [source == "crm", source == "erp", source == "shopify", source == "taobao", source == "events"],
        [0.8, 0.5, 0.95, 0.95, 0.1],
    )
    has_addr = r2[:, 3] < p_addr
    use2 = pd.notna(m["address2"]).to_numpy() & (r2[:, 7] > 0.6)
    addr = np.where(use2, m["address2"], m["address_key"])
    postal_m = np.where(use2, m["postal2"], m["postal_code"])
    # small variations of the street text
    var = has_addr & (r2[:, 4] < 0.1)
    addr = np.where(var, pd.Series(addr).str.replace(r" (st|rd|ave|ln|blvd|way)$", "", regex=True), addr)
    out["address_key"] = np.where(has_addr, addr, None)
    out["postal_code"] = np.where(has_addr & (r2[:, 5] < 0.9), postal_m, None)
    out["city"] = np.where(has_addr | (r2[:, 6] < 0.3), m["city"], None)
    out["country_code"] = m["country_code"].to_numpy()
    secs = rng.integers(0, 3 * 365 * 86400, size=k)
    out["updated_at"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(secs, unit="s")

    rec = pd.Series(np.arange(k)).map(lambda x: f"{x:07d}")
    out["source_record_id"] = pd.Series(source).str[:2].str.upper() + rec
    out["mention_key"] = out["source_system"] + ":" + out["source_record_id"]
    cols = [
        "mention_key", "source_system", "source_record_id", "name_script", "family_name_han",
        "given_name_han", "family_name_latin", "given_name_latin", "given_name_canonical",
        "full_name_latin", "email_normalized", "email_canonical", "phone_e164", "phone_e164_alt",
        "birth_date", "company_key", "city", "postal_code", "country_code", "address_key", "updated_at",
    ]
    mentions = out[cols]
    # shuffle rows so that mention order carries no signal
    perm = rng.permutation(k)
    mentions = mentions.iloc[perm].reset_index(drop=True)
    truth = pd.DataFrame({"mention_key": out["mention_key"].to_numpy()[perm],
                          "person_id": m["person_id"].to_numpy()[perm]})
    return mentions, truth


def mention_row(key: str, person, **kw):
    """One hand-written mention (for tests): ``(mention dict, truth dict)``; unset
    columns are NULL, full_name_latin / given_name_canonical / email_canonical are
    derived when not given."""
    base = {c: None for c in [
        "name_script", "family_name_han", "given_name_han", "family_name_latin", "given_name_latin",
        "given_name_canonical", "full_name_latin", "email_normalized", "email_canonical", "phone_e164",
        "phone_e164_alt", "birth_date", "company_key", "city", "postal_code", "country_code",
        "address_key"]}
    src, rid = key.split(":")
    base.update(mention_key=key, source_system=src, source_record_id=rid,
                updated_at=pd.Timestamp("2024-06-01"))
    base.update(kw)
    if base["full_name_latin"] is None and base["family_name_latin"]:
        base["full_name_latin"] = f"{base['family_name_latin']} {base['given_name_latin']}"
    if base["given_name_canonical"] is None:
        base["given_name_canonical"] = base["given_name_latin"]
    if base["email_canonical"] is None:
        base["email_canonical"] = base["email_normalized"]
    return base, {"mention_key": key, "person_id": person}
