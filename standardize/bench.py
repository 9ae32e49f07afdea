"""Benchmark the DuckDB ``std_*`` functions: ``python -m standardize.bench --rows N``.

Why a synthetic generator here: the target is "1,000,000 mentions in under 60 s" and
the cost of the Python UDFs depends almost entirely on how many *distinct* values a
column has (each distinct value is computed once per process). The generator
therefore mimics CRM duplication: a pool of customers (one per ``--mentions-per-person``
mentions, default 3), each mention rendering that customer's phone/email/name/company
in one of the formats the exports really use (clean most of the time, Excel or human
damage sometimes), half Chinese and half Western customers.

Each function is timed cold (caches cleared) over the whole table with
``CREATE TEMP TABLE … AS SELECT std_x(…) FROM mentions``, then the four mention
functions together, which is what a nightly run pays.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import duckdb
import pyarrow as pa

from . import addresses, companies, countries, emails, names, phones
from .duckdb_functions import clear_caches, register_functions

_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛")
_SURNAMES += ["欧阳", "司马", "诸葛", "单", "区", "仇"]
_GIVEN_CHARS = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞宇浩然子轩欣怡思雨梓涵晓东海波宁")
_WEST_GIVEN = ["Robert", "Bob", "William", "Bill", "Elizabeth", "Liz", "James", "Jim", "Michael", "Mike",
               "David", "Dave", "Mary", "Jennifer", "Jenny", "Thomas", "Tom", "Susan", "Sue", "Richard",
               "Rick", "Anna", "Laura", "Peter", "Kevin", "Emily", "Sarah", "Daniel", "Dan", "Olivia"]
_WEST_FAMILY = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Müller",
                "Schmidt", "O'Brien", "van der Berg", "Martin", "Wilson", "Anderson", "Taylor", "Thomas",
                "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "King"]
_CN_CO = ["杭州阿里巴巴网络科技", "深圳市腾讯计算机系统", "北京字节跳动科技", "华为技术", "上海浦东发展银行",
          "小米通讯技术", "网易(杭州)网络", "京东世纪贸易", "美团点评", "百度在线网络技术", "宁波华东贸易",
          "苏州工业园区精密机械", "广州宏达电子", "成都天府软件"]
_CN_SUFFIX = ["有限公司", "有限公司", "股份有限公司", "", "(中国)有限公司", "集团有限公司"]
_WEST_CO = ["Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli",
            "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne Systems", "Wonka Foods"]
_WEST_SUFFIX = ["Co., Ltd.", "Co Ltd", "Inc.", "Inc", "LLC", "GmbH", "Corp", "Ltd", "", "Corporation"]
_DOMAINS = ["gmail.com", "qq.com", "163.com", "outlook.com", "hotmail.com", "icloud.com", "yahoo.com",
            "126.com", "company.com.cn", "acme.com", "sina.com", "gmial.com"]
_ADDRS = ["浙江省 杭州市 西湖区 文三路 {n} 号 3幢502室(310012)", "北京市朝阳区建国路{n}号", "上海 上海市 浦东新区 世纪大道 {n} 号",
          "广东省深圳市南山区深南大道{n}号", "江苏省 苏州市 昆山市 前进中路 {n} 号", "杭州市西湖区文一路{n}号",
          "{n} Market St, San Francisco, CA 94103, USA"]


def _mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "186", "135", "150", "177", "199", "158"]) + f"{rng.randrange(10**8):08d}"


def _phone_variant(rng: random.Random, national: str, country: str) -> str:
    if country == "US":
        d = national
        forms = [f"+1 ({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d}.0", d,
                 f"+1 {d[:3]} {d[3:6]} {d[6:]} ext. 204"]
        return rng.choices(forms, [3, 3, 1, 3, 1])[0]
    if national.startswith("0"):  # landline
        forms = [national, national[1:], f"{national[:3]}-{national[3:]}", f"+86 {national[1:3]} {national[3:]}"]
        return rng.choices(forms, [4, 2, 3, 1])[0]
    m = national
    forms = [m, f"+86 {m[:3]} {m[3:7]} {m[7:]}", f"{m}.0", f"86{m}", f"(+86){m}", f"0086 {m}",
             f"{m[:3]}-{m[3:7]}-{m[7:]}", f"'{m}", f'="{m}"', "".join(chr(ord(c) + 0xFEE0) for c in m)]
    return rng.choices(forms, [30, 6, 8, 3, 2, 2, 4, 4, 2, 1])[0]


def _person(rng: random.Random) -> dict:
    if rng.random() < 0.5:
        fam = rng.choice(_SURNAMES)
        giv = "".join(rng.choice(_GIVEN_CHARS) for _ in range(rng.choice([1, 2, 2])))
        co = rng.choice(_CN_CO)
        phone = _mobile(rng) if rng.random() < 0.85 else "0" + rng.choice(["10", "21", "571", "755"]) + f"{rng.randrange(10**7, 10**8)}"
        return {"cn": True, "fam": fam, "giv": giv, "co": co, "phone": phone, "country": "CN",
                "local": rng.choice([f"{rng.randrange(10**5, 10**10)}", f"user{rng.randrange(10**6)}"]),
                "addr": rng.choice(_ADDRS[:-1]).format(n=rng.randrange(1, 999))}
    fam = rng.choice(_WEST_FAMILY)
    giv = rng.choice(_WEST_GIVEN)
    return {"cn": False, "fam": fam, "giv": giv, "co": rng.choice(_WEST_CO),
            "phone": rng.choice(["415", "212", "646", "206"]) + f"555{rng.randrange(10**4):04d}",
            "country": "US", "local": f"{giv.lower()}.{fam.lower().replace(' ', '').replace(chr(39), '')}{rng.randrange(100)}",
            "addr": _ADDRS[-1].format(n=rng.randrange(1, 999))}


def _name_variant(rng: random.Random, p: dict) -> tuple[str | None, str | None, str | None]:
    if p["cn"]:
        from .names import han_to_pinyin

        fam_py = han_to_pinyin(p["fam"], surname=True).capitalize()
        giv_py = han_to_pinyin(p["giv"]).capitalize()
        forms = [(p["fam"] + p["giv"], None, None), (p["fam"] + " " + p["giv"], None, None),
                 (p["fam"] + "\u3000" + p["giv"], None, None), (f"{giv_py} {fam_py}", None, None),
                 (f"{giv_py} {fam_py.upper()}", None, None), (f"{fam_py.lower()} {giv_py.lower()}", None, None),
                 (None, giv_py, fam_py), (p["fam"] + "先生", None, None)]
        return rng.choices(forms, [10, 2, 1, 3, 2, 2, 3, 1])[0]
    forms = [(f"{p['giv']} {p['fam']}", None, None), (None, p["giv"], p["fam"]),
             (f"{p['fam']}, {p['giv']}", None, None), (f"Dr. {p['giv']} {p['fam']}", None, None),
             (f"{p['giv'].upper()} {p['fam'].upper()}", None, None)]
    return rng.choices(forms, [5, 6, 1, 1, 1])[0]


def _email_variant(rng: random.Random, p: dict, domain: str) -> str:
    local = p["local"]
    forms = [f"{local}@{domain}", f"{local.upper()}@{domain.upper()}", f" {local}@{domain} ",
             f"{local}+shop@{domain}", f"mailto:{local}@{domain}", f"{local}@{domain}".replace("@", " @"),
             f"{local.replace('.', '')}@{domain}"]
    return rng.choices(forms, [20, 2, 2, 2, 1, 1, 2])[0]


def build_table(rows: int, mentions_per_person: float = 3.0, seed: int = 7) -> pa.Table:
    """``rows`` mentions over ``rows / mentions_per_person`` customers (deterministic)."""
    rng = random.Random(seed)
    people = [_person(rng) for _ in range(max(1, int(rows / mentions_per_person)))]
    for p in people:
        p["domain"] = rng.choice(_DOMAINS)
        p["co_full"] = p["co"] + (rng.choice(_CN_SUFFIX) if p["cn"] else " " + rng.choice(_WEST_SUFFIX))
    cols: dict[str, list] = {k: [] for k in ("phone", "region", "email", "full_name", "given_name",
                                             "family_name", "company", "address", "country")}
    for _ in range(rows):
        p = people[rng.randrange(len(people))]
        cols["phone"].append(_phone_variant(rng, p["phone"], p["country"]) if rng.random() < 0.9 else None)
        cols["region"].append(p["country"] if rng.random() < 0.9 else rng.choice(["CN", "US"]))
        cols["email"].append(_email_variant(rng, p, p["domain"]) if rng.random() < 0.8 else None)
        f, g, fa = _name_variant(rng, p)
        cols["full_name"].append(f)
        cols["given_name"].append(g)
        cols["family_name"].append(fa)
        co = p["co_full"]
        if rng.random() < 0.3:
            co = co.upper() if not p["cn"] else p["co"]
        cols["company"].append(co if rng.random() < 0.85 else None)
        cols["address"].append(p["addr"] if rng.random() < 0.7 else None)
        cols["country"].append(rng.choice({"CN": ["China", "中国", "CN", "PRC", "CHN"],
                                           "US": ["USA", "United States", "US", "美国"]}[p["country"]]))
    return pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()})


_QUERIES = {
    "std_phone": "std_phone(phone, region) r",
    "std_email": "std_email(email) r",
    "std_name": "std_name(full_name, given_name, family_name) r",
    "std_company": "std_company(company) r",
    "std_cn_address": "std_cn_address(address) r",
    "std_country": "std_country(country) r",
}
_CACHED = [phones.standardize_phone, phones._resolve, emails.standardize_email, names.standardize_name,
           names._parse_full, names.han_to_pinyin, companies.company_key, addresses.parse_cn_address,
           countries.to_iso2]


def _clear_caches() -> None:
    for fn in _CACHED:
        fn.cache_clear()
    clear_caches()


def run(rows: int, mentions_per_person: float = 3.0, threads: int | None = None) -> dict[str, float]:
    """Build the table, time each function cold, print and return rows/s per function."""
    t0 = time.perf_counter()
    table = build_table(rows, mentions_per_person)
    gen_s = time.perf_counter() - t0
    conn = duckdb.connect()
    if threads:
        conn.execute(f"SET threads = {int(threads)}")
    register_functions(conn)
    conn.register("mentions_arrow", table)
    conn.execute("CREATE TABLE mentions AS SELECT * FROM mentions_arrow")
    conn.unregister("mentions_arrow")
    print(f"rows={rows:,} people={int(rows / mentions_per_person):,} (generated in {gen_s:.1f}s)")
    distinct = conn.execute(
        "SELECT count(DISTINCT (phone, region)), count(DISTINCT email), "
        "count(DISTINCT (full_name, given_name, family_name)), count(DISTINCT company) FROM mentions"
    ).fetchone()
    print(f"distinct inputs: phone={distinct[0]:,} email={distinct[1]:,} name={distinct[2]:,} company={distinct[3]:,}")
    # Warm the imports / seed loading once so they are not charged to the first function.
    conn.execute("SELECT std_name('张伟', NULL, NULL), std_cn_address('北京市'), std_country('CN')").fetchall()
    results: dict[str, float] = {}
    print(f"{'function':26s} {'wall':>8s} {'cpu':>8s} {'rows/s (wall)':>14s}")
    queries = dict(_QUERIES)
    queries["phone+email+name+company"] = (
        "std_phone(phone, region) p, std_email(email) e, "
        "std_name(full_name, given_name, family_name) n, std_company(company) c"
    )
    for name, expr in queries.items():
        _clear_caches()
        t, c = time.perf_counter(), time.process_time()
        conn.execute(f"CREATE OR REPLACE TEMP TABLE out AS SELECT {expr} FROM mentions")
        dt, dc = time.perf_counter() - t, time.process_time() - c
        results[name] = rows / dt
        print(f"{name:26s} {dt:7.2f}s {dc:7.2f}s {rows / dt:14,.0f}")
    # Wall time depends on what else runs on the machine; CPU time of this process
    # (all threads) is the load-independent figure.
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    conn.close()
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--mentions-per-person", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    args = ap.parse_args(argv)
    run(args.rows, args.mentions_per_person, args.threads)


if __name__ == "__main__":
    main()
