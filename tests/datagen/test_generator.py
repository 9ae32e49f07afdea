"""Tests of the deterministic sample-data generator (package `datagen`).

They run the real generator into temporary directories and read the files back the
way the pipeline will (csv module with the right encoding, python-calamine for xlsx).
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from fnmatch import fnmatchcase
from pathlib import Path

import phonenumbers
import pytest
from python_calamine import CalamineWorkbook

from datagen import phones
from datagen.generator import GenConfig, generate
from datagen.presets import load_presets
from datagen.specs import FILES, MENTION_ROLE, NAME_COLUMNS, PHONE_COLUMNS, SOURCES
from datagen.vocab import geo
from datagen.writers import XlsxFile

REPO = Path(__file__).resolve().parents[2]
DATES = ("2024-08-19", "2024-08-26")
PRESETS = load_presets()


# ---------------------------------------------------------------------------- helpers

def run(out: Path, people: int, seed: int = 7, dates=DATES) -> dict:
    return generate(GenConfig(people=people, export_dates=tuple(dates), out=out, seed=seed),
                    log=lambda _msg: None)


def all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def decode(raw: bytes, source: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        (encoding,) = {e for (s, _), pr in PRESETS.items() if s == source for e in pr.encodings}
        return raw.decode(encoding)


def read_table(path: Path, source: str) -> list[list]:
    """Header + rows of a landing file, values as a reader sees them."""
    if path.suffix == ".xlsx":
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return list(csv.reader(io.StringIO(decode(path.read_bytes(), source), newline="")))


def role_files(landing: Path, source: str, role: str, date: str) -> list[Path]:
    pattern = PRESETS[(source, role)].pattern
    folder = landing / source / date
    return sorted(p for p in folder.iterdir() if fnmatchcase(p.name, pattern))


def records(landing: Path, source: str, role: str, date: str) -> list[dict]:
    """Well-formed rows of a role on a date as dicts (header -> value)."""
    out = []
    for path in role_files(landing, source, role, date):
        header, *rows = read_table(path, source)
        out += [dict(zip(header, r)) for r in rows if len(r) == len(header)]
    return out


def cell_text(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def read_csv_dicts(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small")
    run(out, 200)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The shipped sample's exact arguments, generated afresh."""
    out = tmp_path_factory.mktemp("sample")
    run(out, 2000)
    return out


# ---------------------------------------------------------------------------- determinism

def test_same_arguments_give_identical_bytes(small, tmp_path):
    """A second run through the real CLI reproduces every byte."""
    out = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "datagen", "--people", "200", "--export-dates",
                    ",".join(DATES), "--out", str(out), "--seed", "7"], check=True,
                   capture_output=True, cwd=REPO)
    a, b = all_files(small), all_files(out)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def test_seed_changes_output(small, tmp_path):
    run(tmp_path, 200, seed=8)
    assert (tmp_path / "truth/people.csv").read_bytes() != \
        (small / "truth/people.csv").read_bytes()


def test_output_does_not_depend_on_chunking_workers(tmp_path):
    """Several chunks in worker processes == the same chunks in-process."""
    cfg = dict(people=300, export_dates=DATES, seed=3, chunk_size=100)
    generate(GenConfig(out=tmp_path / "a", workers=2, **cfg), log=lambda _m: None)
    generate(GenConfig(out=tmp_path / "b", workers=1, **cfg), log=lambda _m: None)
    assert all_files(tmp_path / "a") == all_files(tmp_path / "b")
    people = read_csv_dicts(tmp_path / "a/truth/people.csv")
    assert [p["person_id"] for p in people] == [f"P{i:07d}" for i in range(1, 301)]
    for column in ("email", "phone_e164"):
        values = [p[column] for p in people]
        assert len(set(values)) == len(values), f"true people must not share {column}"


# ---------------------------------------------------------------------------- layout

def test_every_preset_role_has_files_with_exact_headers(small):
    landing = small / "landing"
    for (source, role), pr in PRESETS.items():
        for date in DATES:
            files = role_files(landing, source, role, date)
            assert files, f"no {source}/{role} file on {date}"
            for path in files:
                header = read_table(path, source)[0]
                assert tuple(header) == pr.columns, path


def test_every_landing_file_matches_a_role_of_its_preset(small):
    landing = small / "landing"
    assert sorted(p.name for p in landing.iterdir()) == sorted({s for s, _ in PRESETS})
    for path in landing.rglob("*"):
        if path.is_file():
            source, date, name = path.relative_to(landing).parts
            assert date in DATES
            assert any(fnmatchcase(name, pr.pattern) for (s, _), pr in PRESETS.items()
                       if s == source), path


def test_taobao_is_gbk_not_utf8(sample):
    for date in DATES:
        (path,) = role_files(sample / "landing", "taobao", "orders", date)
        raw = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode("gb18030")
        assert text.startswith("订单编号,买家会员名")
        assert re.search(r'^"=""\d{19}""",', text, re.M), "Excel-guarded 19-digit order id"
        assert ",'1" in text, "apostrophe-guarded mobile"
    messages = {r["买家留言"] for d in DATES for r in records(sample / "landing", "taobao", "orders", d)}
    assert any(m.endswith("?") for m in messages), "emoji must arrive as '?'"


def test_hubspot_starts_with_bom_and_other_csvs_do_not(small):
    for path in (small / "landing").rglob("*.csv"):
        has_bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert has_bom == (path.parts[-3] == "hubspot"), path


def test_salesforce_quotes_every_value(sample):
    raw = (sample / "landing/salesforce/2024-08-19/Contact.csv").read_text(encoding="utf-8")
    first = raw.split("\n", 2)[1]
    assert first.startswith('"') and first.endswith('"') and '","' in first
    rows = records(sample / "landing", "salesforce", "contacts", "2024-08-19")
    assert any("\n" in r["MailingStreet"] for r in rows), "quoted newline in MailingStreet"
    assert '""' in raw, "embedded quotes are doubled"
    assert all(len(r["Id"]) == 18 for r in rows)
    assert all(r["CreatedDate"].endswith(".000Z") for r in rows)


# ---------------------------------------------------------------------------- truth

def test_every_mention_is_in_the_files_and_every_file_record_is_a_mention(small):
    landing = small / "landing"
    truth = read_csv_dicts(small / "truth/mentions.csv")
    truth_ids = defaultdict(set)
    for m in truth:
        truth_ids[m["source_system"]].add(m["source_record_id"])
    assert sum(map(len, truth_ids.values())) == len(truth), "mention keys are unique"
    for source in SOURCES:
        role = MENTION_ROLE[source]
        key = PRESETS[(source, role)].key
        in_files = set()
        for date in DATES:
            for r in records(landing, source, role, date):
                value = cell_text(r[key])
                if source == "taobao":
                    assert value.startswith('="') and value.endswith('"')
                    value = value[2:-1]
                in_files.add(value)
        assert truth_ids[source] == in_files, source


def test_latest_versions_agree_with_truth(small):
    """written_name, written_phone, is_live and export dates are what the files say."""
    landing = small / "landing"
    latest: dict[tuple[str, str], tuple[str, dict]] = {}
    seen_dates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source in SOURCES:
        role = MENTION_ROLE[source]
        key = PRESETS[(source, role)].key
        for date in DATES:
            firsts = {}
            for r in records(landing, source, role, date):
                rid = cell_text(r[key])
                rid = rid[2:-1] if source == "taobao" else rid
                firsts.setdefault(rid, r)  # Shopify: the order's first row
            for rid, r in firsts.items():
                latest[(source, rid)] = (date, r)
                seen_dates[(source, rid)].append(date)
    for m in read_csv_dicts(small / "truth/mentions.csv"):
        k = (m["source_system"], m["source_record_id"])
        date, row = latest[k]
        assert m["last_export_date"] == date and m["first_export_date"] == seen_dates[k][0]
        name = " ".join(p for p in (cell_text(row[c]) for c in NAME_COLUMNS[k[0]]) if p)
        assert m["written_name"] == name, k
        assert bool(m["given_name_pinyin"]) == bool(name)
        phone = next((cell_text(row[c]) for c in PHONE_COLUMNS[k[0]] if cell_text(row[c])), "")
        assert m["written_phone"] == phone, k
        deleted = k[0] == "salesforce" and row["IsDeleted"] == "true"
        assert m["is_live"] == ("false" if deleted else "true")


def test_truth_phones_are_valid_and_garbage_is_not(sample):
    people = read_csv_dicts(sample / "truth/people.csv")
    mentions = read_csv_dicts(sample / "truth/mentions.csv")
    for p in people:
        assert phonenumbers.is_valid_number(phonenumbers.parse(p["phone_e164"])), p
    garbage = 0
    for m in mentions:
        if m["phone_e164"]:
            assert re.fullmatch(r"\+\d{8,15}", m["phone_e164"])
            assert phonenumbers.is_valid_number(phonenumbers.parse(m["phone_e164"])), m
        elif m["written_phone"]:
            garbage += 1
            for region in ("CN", "US"):
                try:
                    parsed = phonenumbers.parse(m["written_phone"], region)
                except phonenumbers.NumberParseException:
                    continue
                assert not phonenumbers.is_valid_number(parsed), m
    assert garbage > 0


def test_mentions_point_at_true_people_with_matching_pinyin(sample):
    people = {p["person_id"]: p for p in read_csv_dicts(sample / "truth/people.csv")}
    for m in read_csv_dicts(sample / "truth/mentions.csv"):
        p = people[m["person_id"]]
        if m["given_name_pinyin"]:
            assert (m["family_name_pinyin"], m["given_name_pinyin"]) == \
                (p["family_name_pinyin"], p["given_name_pinyin"])
    for p in people.values():
        assert re.fullmatch(r"[a-z']+", p["family_name_pinyin"]), p
        assert re.fullmatch(r"[a-z']+", p["given_name_pinyin"]), p
    cultures = Counter(p["culture"] for p in people.values())
    assert 0.5 < cultures["cn"] / len(people) < 0.7


def test_quarantine_truth_matches_malformed_rows(small):
    landing = small / "landing"
    expected = {r["file"]: int(r["expected_quarantined_rows"])
                for r in read_csv_dicts(small / "truth/quarantine.csv")}
    assert 2 <= sum(expected.values()) <= 4
    for path in landing.rglob("*.csv"):
        rel = path.relative_to(landing).as_posix()
        source = path.parts[-3]
        header, *rows = read_table(path, source)
        bad = sum(1 for r in rows if len(r) != len(header))
        assert bad == expected.get(rel, 0), rel
        if bad:
            role = next(r for (s, r), pr in PRESETS.items()
                        if s == source and fnmatchcase(path.name, pr.pattern))
            assert not PRESETS[(source, role)].mention, "only non-mention roles are damaged"


def test_summary_counts_match_the_files(small):
    summary = json.loads((small / "truth/summary.json").read_text(encoding="utf-8"))
    landing = small / "landing"
    for f in summary["files"]:
        table = read_table(landing / f["path"], f["source"])
        assert len(table) - 1 == f["rows"], f["path"]
    truth = read_csv_dicts(small / "truth/mentions.csv")
    assert summary["totals"]["mentions"] == len(truth)
    assert summary["totals"]["live_mentions"] == sum(m["is_live"] == "true" for m in truth)
    assert summary["people"] == 200
    for source, m in summary["mentions"].items():
        assert m["mentions"] == sum(t["source_system"] == source for t in truth)


# ---------------------------------------------------------------------------- contract quirks

def test_second_export_is_a_delta_with_references_to_the_first(sample):
    landing = sample / "landing"
    first, second = DATES
    c1 = {r["Record Id"] for r in records(landing, "zoho_crm", "contacts", first)}
    c2 = {r["Record Id"] for r in records(landing, "zoho_crm", "contacts", second)}
    assert c1 & c2 and c2 - c1 and c1 - c2, "re-exported, new and not re-exported contacts"
    calls2 = {r["Contact Id"] for r in records(landing, "zoho_crm", "calls", second)}
    assert calls2 & (c1 - c2), "calls about contacts delivered only in the first export"
    f1 = {r["联系人编号"] for r in records(landing, "fxiaoke", "contacts", first)}
    f2 = {r["联系人编号"] for r in records(landing, "fxiaoke", "contacts", second)}
    fu2 = {r["联系人编号"] for r in records(landing, "fxiaoke", "followups", second)}
    assert fu2 & (f1 - f2)
    deleted = [r for r in records(landing, "salesforce", "contacts", second)
               if r["IsDeleted"] == "true"]
    assert deleted and all(r["Id"] in {x["Id"] for x in records(
        landing, "salesforce", "contacts", first)} for r in deleted)
    accounts = {r["Id"] for d in DATES for r in records(landing, "salesforce", "accounts", d)}
    contacts = records(landing, "salesforce", "contacts", first)
    assert all(r["AccountId"] in accounts for r in contacts if r["AccountId"])


def test_fxiaoke_excel_damage(sample):
    landing = sample / "landing"
    contacts = [r for d in DATES for r in records(landing, "fxiaoke", "contacts", d)]
    mobiles = [r["手机"] for r in contacts]
    assert any(isinstance(v, float) and 1.3e10 <= v < 2e10 for v in mobiles)
    assert any(isinstance(v, str) and re.fullmatch("[０-９]{11}", v) for v in mobiles)
    landlines = [r["电话"] for r in contacts if isinstance(r["电话"], float)]
    assert any(v < 1e10 for v in landlines), "landline lost its leading zero"
    times = [r["创建时间"] for r in contacts]
    assert {type(v).__name__ for v in times} >= {"datetime", "float", "str"}
    assert any(isinstance(v, str) and re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d\d", v)
               for v in times)
    assert any(isinstance(v, str) and "年" in v for v in (r["生日"] for r in contacts))
    names = [r["姓名"] for r in contacts]
    assert any("\u3000" in n for n in names) and any(re.search("[一-龥] [一-龥]", n) for n in names)
    assert any(re.search("[Ａ-Ｚａ-ｚ]", n) for n in names + [r["邮箱"] for r in contacts])
    accounts = [r["客户名称"] for d in DATES for r in records(landing, "fxiaoke", "accounts", d)]
    assert any(n > 1 for n in Counter(accounts).values()), "two accounts share a 客户名称"
    followups = [r for d in DATES for r in records(landing, "fxiaoke", "followups", d)]
    assert {r["跟进结果"] for r in followups} == {"成功", "跟进中", "失败"}
    methods = {r["跟进方式"] for r in followups}
    assert {"电话", "微信", "邮件", "拜访", "会议"} <= methods and len(methods) > 5
    assert {r["满意度"] for r in followups} >= {"", 1.0, 5.0}


def test_shopify_multi_row_orders(sample):
    rows = records(sample / "landing", "shopify", "orders", DATES[0])
    by_order = defaultdict(list)
    for r in rows:
        by_order[r["Name"]].append(r)
    multi = [rs for rs in by_order.values() if len(rs) > 1]
    assert multi
    for rs in multi:
        assert rs[0]["Financial Status"] and rs[0]["Id"]
        for later in rs[1:]:
            assert later["Email"] == rs[0]["Email"] and later["Created at"]
            assert later["Financial Status"] == later["Total"] == later["Billing Name"] == ""
    assert all(re.fullmatch(r"#\d+", n) for n in by_order)
    assert all(r["Created at"].endswith(" +0800") for r in rows)
    assert any(r["Billing Zip"].startswith("'") for r in rows)


def test_feedback_and_taobao_values(sample):
    landing = sample / "landing"
    tickets = [r for d in DATES for r in records(landing, "feedback", "tickets", d)]
    assert any(r["category"] == "" for r in tickets)
    assert {r["satisfaction"] for r in tickets} == {"", "1", "2", "3", "4", "5"}
    assert any(re.search("[一-龥]", r["content"]) for r in tickets)
    assert any(re.fullmatch("[A-Za-z ,.!'\"?()]+", r["content"]) for r in tickets)
    orders = [r for d in DATES for r in records(landing, "taobao", "orders", d)]
    assert {r["订单状态"] for r in orders} == {"交易成功", "交易关闭", "等待买家付款", "卖家已发货"}
    addresses = [r["收货地址"] for r in orders]
    assert all(re.search(r"\(\w[\w ]*\)$", a) for a in addresses)
    assert any(re.match(r"\S+省 \S+市 \S+区 ", a) for a in addresses)
    assert any(re.match(r"\S+省 \S+市 [^区]+ \d+ 号", a) for a in addresses), "district missing"


def test_written_phone_formats_cover_the_contract(sample):
    written = {m["written_phone"] for m in read_csv_dicts(sample / "truth/mentions.csv")}
    shapes = {
        "+86 138 0013 8000": r"\+86 1\d\d \d{4} \d{4}",
        "138-0013-8000": r"1\d\d-\d{4}-\d{4}",
        "8613800138000": r"861\d{10}",
        "13800138000.0": r"1\d{10}\.0",
        "(+86)13800138000": r"\(\+86\)1\d{10}",
        "0086 138...": r"0086 1\d\d \d{4} \d{4}",
        "+44 (0)20 ...": r"\+44 \(0\)\d.*",
        "... ext. 204": r".* ext\. \d+",
        "+1 (415) 555-0134": r"\+1 \(\d{3}\) \d{3}-\d{4}",
        "415.555.0134": r"\d{3}\.\d{3}\.\d{4}",
        "4155550134.0": r"[2-9]\d{9}\.0",
        "'13800138000": r"'1\d{10}",
    }
    missing = [k for k, rx in shapes.items() if not any(re.fullmatch(rx, w) for w in written)]
    assert missing == []


def test_hard_negatives_exist(sample):
    people = read_csv_dicts(sample / "truth/people.csv")
    names = Counter((p["family_name"], p["given_name"]) for p in people)
    assert any(n > 1 for (f, g), n in names.items() if re.match("[一-龥]", f))
    companies = Counter(p["company"] for p in people if p["company"])
    assert max(companies.values()) >= 3, "colleagues share a company (and its switchboard)"
    mentions = read_csv_dicts(sample / "truth/mentions.csv")
    phone_owners = defaultdict(set)
    for m in mentions:
        if m["phone_e164"]:
            phone_owners[m["phone_e164"]].add(m["person_id"])
    assert any(len(v) > 1 for v in phone_owners.values()), "a number shared by several people"
    homes = Counter((p["city"], p["family_name"]) for p in people)
    assert any(n > 1 for n in homes.values())


# ---------------------------------------------------------------------------- units

def test_phone_generators_only_make_valid_numbers():
    rng = random.Random(11)
    for country in ("CN", "US", "CA", "GB", "DE", "AU", "SG"):
        areas = tuple(a for c in geo.WESTERN_CITIES if c.country == country for a in c.area_codes)
        for _ in range(400):
            p = phones.unique_mobile(rng, country, areas, rng.randrange(10**7), 7)
            assert phonenumbers.is_valid_number(phonenumbers.parse(p.e164)), p
    for city in geo.CN_CITIES:
        for _ in range(100):
            p = phones.landline(rng, "CN", city.area_code)
            assert phonenumbers.is_valid_number(phonenumbers.parse(p.e164)), p
    for city in geo.WESTERN_CITIES:
        for area in city.area_codes:
            for _ in range(100):
                p = phones.landline(rng, city.country, area)
                assert phonenumbers.is_valid_number(phonenumbers.parse(p.e164)), p
    for country in ("CN", "US", "CA", "GB", "DE", "AU", "SG"):
        numbers = {phones.unique_mobile(rng, country, ("212", "646"), i, 12345).e164
                   for i in range(20_000)}
        assert len(numbers) == 20_000
        for e164 in list(numbers)[:2000]:
            assert phonenumbers.is_valid_number(phonenumbers.parse(e164)), e164
    # every written style still denotes the same number when the region is known
    # ("00" international dialling is read from a country that dials 00, e.g. China)
    for _ in range(300):
        p = phones.unique_mobile(rng, rng.choice(("CN", "US", "GB", "DE")), ("212",),
                                 rng.randrange(10**7), 7)
        for style in phones.STYLES:
            if style == "cc" and p.country == "DE":
                continue  # 49171... without "+" is ambiguous in Germany (never generated)
            region = "CN" if style == "idd00" else p.country
            parsed = phonenumbers.parse(phones.render(p, style), region)
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
                == p.e164, (style, phones.render(p, style))


def test_xlsx_splits_before_the_sheet_is_full(tmp_path):
    spec = FILES[("fxiaoke", "contacts")]
    columns = PRESETS[("fxiaoke", "contacts")].columns
    f = XlsxFile(tmp_path, spec, "2024-08-19", columns, max_rows=5)
    rows = [[f"id{i}"] + [None] * (len(columns) - 1) for i in range(12)]
    f.write_rows(rows)
    parts = f.close()
    assert [n for _, n in parts] == [5, 5, 2]
    assert [p.name for p, _ in parts] == ["联系人_2024-08-19.xlsx", "联系人_2024-08-19_2.xlsx",
                                          "联系人_2024-08-19_3.xlsx"]
    ids = []
    for path, _ in parts:
        assert fnmatchcase(path.name, PRESETS[("fxiaoke", "contacts")].pattern)
        header, *data = read_table(path, "fxiaoke")
        assert tuple(header) == columns
        ids += [r[0] for r in data]
    assert ids == [f"id{i}" for i in range(12)]


def test_shipped_sample_is_current(sample):
    """data/sample is exactly what `make sample` produces."""
    shipped = REPO / "data/sample"
    if not (shipped / "truth/summary.json").exists():
        pytest.skip("no shipped sample yet")
    assert all_files(shipped / "landing") == all_files(sample / "landing")
    assert all_files(shipped / "truth") == all_files(sample / "truth")
