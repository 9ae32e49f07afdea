"""纷享销客 Excel exports: 联系人, 客户, 销售记录.

Excel damage is the point here: phones stored as numbers (landline leading zero lost,
mobiles read back as 13800138000.0), dates as serial numbers, as date-formatted cells
or as text (2024/8/19 9:30, 2024年8月19日), full-width digits, stray blanks in names.
Accounts are referenced by 客户名称 only, and two accounts can share a name.

Cell values: str, float/int (number cells), None (empty) or (serial, "date"|"datetime")
for a number cell with a date format (see writers.XlsxFile).
"""

from __future__ import annotations

from datagen import phones
from datagen.lifecycle import Timeline, interaction_export
from datagen.phones import Phone
from datagen.population import Person
from datagen.quirks import excel_phone_number, fullwidth, hanzi_name
from datagen.render.base import Ctx
from datagen.render.common import company_cn, phone_text, written_email
from datagen.rng import ch, picker, ri, rr
from datagen.specs import TZ_OFFSET_HOURS
from datagen.timefmt import cn_date, excel_serial, excel_serial_date, slash_hm
from datagen.vocab import business as B

SRC = "fxiaoke"
OFF = TZ_OFFSET_HOURS[SRC]
_MACHINE = {"contact": "a3f1c2", "account": "b71e04", "followup": "c09d5e"}

_FOLLOWUPS = picker([(0, 35), (1, 30), (2, 20), (3, 15)])
_MOBILE_CELL = picker([("number", 55), ("national", 15), ("fullwidth", 8), ("intl", 7),
                       ("dash", 5), ("empty", 8), ("garbage", 2)])
_TIME_CELL = picker([("datetime", 50), ("serial", 25), ("text", 25)])
_DATE_CELL = picker([("date", 40), ("serial", 20), ("cn_text", 20), ("slash_text", 20)])


def object_id(ctx: Ctx, kind: str, ts: int) -> str:
    """A MongoDB-style 24-hex id (creation time + object type + run-wide counter)."""
    return f"{ts & 0xFFFFFFFF:08x}{_MACHINE[kind]}{ctx.seq('fx_' + kind):010x}"


def time_cell(ctx: Ctx, ts: int):
    kind = _TIME_CELL.pick(ctx.rng)
    if kind == "datetime":
        return (excel_serial(ts, OFF), "datetime")
    if kind == "serial":
        return excel_serial(ts, OFF)
    return slash_hm(ts, OFF)


def date_cell(ctx: Ctx, iso: str):
    kind = _DATE_CELL.pick(ctx.rng)
    y, m, d = (int(x) for x in iso.split("-"))
    if kind == "date":
        return (excel_serial_date(iso), "date")
    if kind == "serial":
        return excel_serial_date(iso)
    if kind == "cn_text":
        return f"{y}年{m}月{d}日"
    return f"{y}/{m}/{d}"


def _mobile(ctx: Ctx, p: Phone) -> tuple[object, str]:
    """(cell value, true E.164) of a mobile as it sits in the sheet."""
    rng = ctx.rng
    kind = _MOBILE_CELL.pick(rng)
    if p.country != "CN" and kind in ("national", "fullwidth", "dash"):
        kind = "intl"
    if kind == "number":
        return excel_phone_number(p), p.e164
    if kind == "national":
        return phones.national(p), p.e164
    if kind == "fullwidth":
        return fullwidth(phones.national(p)), p.e164
    if kind == "intl":
        return phone_text(rng, p, "cn_local") if p.country != "CN" else phones.render(p, "intl"), p.e164
    if kind == "dash":
        return phones.render(p, "national_dash"), p.e164
    if kind == "garbage":
        return phones.garbage(rng, p), ""
    return None, ""


def _landline(ctx: Ctx, p: Phone, ext: str) -> tuple[object, str]:
    rng = ctx.rng
    r = rng.random()
    if r < 0.4:
        return excel_phone_number(p), p.e164   # 01088886666 -> 1088886666
    text = phones.render(p, "national_dash" if r < 0.8 else "national_grouped")
    if ext and rng.random() < 0.5:
        text = f"{text}转{ext}"
    return text, p.e164


def _name(ctx: Ctx, p: Person) -> str:
    if p.culture == "cn":
        return hanzi_name(p.family, p.given, ctx.rng, 0.2)
    r = ctx.rng.random()
    if r < 0.06:
        return fullwidth(f"{p.given} {p.family}")  # Ｊｏｈｎ　Ｓｍｉｔｈ
    if r < 0.7:
        return f"{p.given} {p.family}"
    if r < 0.85:
        return f"{p.given} {p.family.upper()}"
    return f"{p.family} {p.given}"


def _contact(ctx: Ctx, p: Person, cid: str, account: str, tl: Timeline,
             truth: dict[str, str]) -> dict:
    rng = ctx.rng
    a = p.company.address if (p.company is not None and rng.random() < 0.5) else p.address
    title = dept = ""
    if p.company is not None:
        _, _, title, dept = B.JOBS[p.job]
    row = {
        "联系人编号": cid, "姓名": _name(ctx, p), "客户名称": account, "手机": None, "电话": None,
        "邮箱": written_email(rng, p) if rng.random() < 0.7 else None,
        "职务": title or None, "部门": (dept if rng.random() < 0.6 else None) or None,
        "性别": ("男" if p.gender == "M" else "女") if rng.random() < 0.9 else None,
        "生日": date_cell(ctx, p.birth) if rng.random() < 0.45 else None,
        "省": None, "市": None, "区": None, "详细地址": None,
        "来源": ch(rng, B.FX_CONTACT_SOURCES) or None, "负责人": ch(rng, B.FXIAOKE_OWNERS),
        "创建时间": time_cell(ctx, tl.created), "最后修改时间": time_cell(ctx, tl.times[0]),
    }
    if row["邮箱"]:
        r = rng.random()
        if r < 0.03:
            row["邮箱"] = row["邮箱"].replace("@", "＠")  # typed with a full-width IME
        elif r < 0.05:
            row["邮箱"] = fullwidth(row["邮箱"])
    row["手机"], truth["手机"] = _mobile(ctx, p.phone)  # type: ignore[arg-type]
    if p.company is not None and rng.random() < 0.5:
        row["电话"], truth["电话"] = _landline(ctx, p.company.switchboard, p.ext)
    elif p.household.landline is not None and rng.random() < 0.3:
        row["电话"], truth["电话"] = _landline(ctx, p.household.landline, "")
    if a.is_cn:
        row["省"] = a.province if rng.random() < 0.9 else None
        row["市"] = a.city if rng.random() < 0.95 else a.city.rstrip("市")
        row["区"] = a.district if rng.random() < 0.75 else None
        row["详细地址"] = a.cn_detail(rng.random() < 0.8) if rng.random() < 0.85 else None
    else:
        row["市"] = a.city
        row["详细地址"] = ", ".join(a.en_lines())
    return row


def _account_row(ctx: Ctx, aid: str, name: str, p: Person, ts: int) -> dict:
    rng = ctx.rng
    c = p.company
    a = c.address if c is not None else p.address
    industry = B.INDUSTRY_CN.get(c.industry, "其他") if c is not None else "个人"
    return {
        "客户编号": aid, "客户名称": name,
        "客户级别": (ch(rng, B.FX_CUSTOMER_LEVELS) if c is not None else "一般客户") or None,
        "行业": industry, "客户来源": ch(rng, B.FX_CUSTOMER_SOURCES),
        "省": a.province if a.is_cn else None, "市": a.city,
        "区": (a.district or None) if rng.random() < 0.8 else None,
        "详细地址": a.cn_detail() if a.is_cn else ", ".join(a.en_lines()),
        "负责人": ch(rng, B.FXIAOKE_OWNERS), "成交状态": ch(rng, B.FX_DEAL_STATUS),
        "创建时间": time_cell(ctx, ts),
    }


def _followup(ctx: Ctx, j: int, account: str, contact_name: str, cid: str) -> dict:
    rng = ctx.rng
    ts = ctx.cal.instant(rng, j, 90)
    return {
        "记录编号": object_id(ctx, "followup", ts), "客户名称": account,
        "联系人": contact_name.strip() if rng.random() < 0.8 else contact_name,
        "联系人编号": cid, "跟进方式": ch(rng, B.FX_FOLLOWUP_METHODS),
        "跟进时间": time_cell(ctx, ts) if rng.random() < 0.85 else cn_date(ts, OFF),
        "跟进内容": ch(rng, B.FX_FOLLOWUP_TEXTS), "跟进结果": ch(rng, B.FX_FOLLOWUP_RESULTS),
        "满意度": ri(rng, 1, 5) if rng.random() < 0.7 else None,
        "负责人": ch(rng, B.FXIAOKE_OWNERS),
    }


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    accounts: dict[str, list] = {}  # 客户名称 -> [born, created, person]
    for p, _dup in items:
        tl = cal.plan(rng, p_later=0.15, p_update=0.15)
        cid = object_id(ctx, "contact", tl.created)
        if p.company is not None:
            account = company_cn(rng, p.company)
        else:
            account = p.family + p.given if p.culture == "cn" else f"{p.given} {p.family}"
        acc = accounts.setdefault(account, [tl.born, tl.created, p])
        if (tl.born, tl.created) < (acc[0], acc[1]):
            acc[0], acc[1] = tl.born, tl.created
        truth: dict[str, str] = {}
        row = _contact(ctx, p, cid, account, tl, truth)
        versions = [row]
        for k in range(1, len(tl.exports)):
            new = dict(versions[-1])
            new["最后修改时间"] = time_cell(ctx, tl.times[k])
            if rng.random() < 0.5:
                new["手机"], truth["手机"] = _mobile(ctx, p.phone)  # type: ignore[arg-type]
            if rng.random() < 0.3 and p.company is not None:
                new["职务"] = ch(rng, B.JOBS)[2]
            versions.append(new)
        for j, r in zip(tl.exports, versions):
            ctx.emit(SRC, "contacts", j, r)
        ctx.mention(SRC, cid, p, tl, versions[-1], truth)
        for _ in range(_FOLLOWUPS.pick(rng)):
            j = interaction_export(rng, tl.born, cal.n)
            ctx.emit(SRC, "followups", j, _followup(ctx, j, account, row["姓名"], cid))

    for name, (born, first_created, p) in accounts.items():
        lo, _ = cal.window(born)
        created = rr(rng, lo, first_created + 1)
        ctx.emit(SRC, "accounts", born,
                 _account_row(ctx, object_id(ctx, "account", created), name, p, created))
        if p.company is not None and rng.random() < 0.04:
            # a second account with the same 客户名称 (a branch entered separately)
            twin_ts = rr(rng, lo, first_created + 1)
            ctx.emit(SRC, "accounts", born,
                     _account_row(ctx, object_id(ctx, "account", twin_ts), name, p, twin_ts))
