"""Zoho CRM data export: Contacts and Calls.

`zcrm_` ids, `MM/dd/yyyy` birth dates, multi-line streets, Beijing-time timestamps.
Calls of a later export keep referencing contacts delivered only in an earlier one.
"""

from __future__ import annotations

from datagen.lifecycle import Timeline, interaction_export
from datagen.population import Person
from datagen.quirks import IDEOGRAPHIC_SPACE
from datagen.render.base import Ctx
from datagen.render.common import (company_cn, company_en, country_written, latin_name,
                                   street_lines, switchboard_text, written_email, written_phone)
from datagen.rng import ch, picker, ri
from datagen.specs import TZ_OFFSET_HOURS
from datagen.timefmt import ymd_hms
from datagen.vocab import business as B

SRC = "zoho_crm"
OFF = TZ_OFFSET_HOURS[SRC]
_BASE = 3152079000000000000

_CALLS = picker([(0, 40), (1, 30), (2, 20), (3, 10)])
_NAME_STYLE = {
    "cn": picker([("hanzi", 35), ("western", 40), ("english", 10), ("upper_last", 5),
                  ("swapped", 5), ("lower", 5)]),
    "western": picker([("western", 70), ("nickname", 12), ("middle", 6), ("upper_last", 5),
                       ("lower", 5), ("quoted_nickname", 2)]),
}


def zoho_id(ctx: Ctx, counter: str, offset: int) -> str:
    """zcrm_ + 19 digits, increasing with gaps like Zoho's own ids."""
    return f"zcrm_{_BASE + offset + ctx.seq(counter) * 29 + ri(ctx.rng, 0, 28)}"


def _contact(ctx: Ctx, p: Person, rid: str, tl: Timeline, truth: dict[str, str]) -> dict:
    rng = ctx.rng
    habit = "cn_local" if p.culture == "cn" else "global"
    first, last = latin_name(rng, p, _NAME_STYLE[p.culture].pick(rng))
    if first == p.given and p.culture == "cn" and rng.random() < 0.15:
        last += ch(rng, (" ", IDEOGRAPHIC_SPACE))  # a stray blank typed after 张
    cn_company = p.company is not None and p.company.country == "CN"
    row = {
        "Record Id": rid, "Contact Owner": ch(rng, B.ZOHO_OWNERS),
        "Lead Source": ch(rng, B.ZOHO_LEAD_SOURCES), "First Name": first, "Last Name": last,
        "Account Name": "", "Email": written_email(rng, p) if rng.random() < 0.9 else "",
        "Secondary Email": p.alt_email if rng.random() < 0.5 else "", "Title": "",
        "Department": "", "Phone": "", "Mobile": "",
        "Date of Birth": "", "Mailing Street": "", "Mailing City": "", "Mailing State": "",
        "Mailing Zip": "", "Mailing Country": "", "Created Time": ymd_hms(tl.created, OFF),
        "Modified Time": ymd_hms(tl.times[0], OFF), "Tag": ch(rng, B.ZOHO_TAGS),
    }
    if p.company is not None:
        row["Account Name"] = company_cn(rng, p.company) if cn_company else company_en(rng, p.company)
        _, _, title_cn, dept_cn = B.JOBS[p.job]
        title, dept = (title_cn, dept_cn) if cn_company else B.JOBS[p.job][:2]
        row["Title"], row["Department"] = title, dept if rng.random() < 0.6 else ""
        if rng.random() < 0.45:
            row["Phone"], truth["Phone"] = switchboard_text(rng, p, habit)
    if rng.random() < 0.88:
        row["Mobile"], truth["Mobile"] = written_phone(rng, p.phone, habit)
    if rng.random() < 0.5:
        y, m, d = p.birth.split("-")
        row["Date of Birth"] = f"{m}/{d}/{y}"
    a = p.address
    if rng.random() < 0.8:
        hanzi = a.is_cn and rng.random() < 0.6
        lines = street_lines(rng, a, 1.0 if hanzi else 0.0)
        row["Mailing Street"] = "\n".join(lines) if rng.random() < 0.6 else " ".join(lines)
        row["Mailing City"] = a.city if hanzi else a.city_en
        row["Mailing State"] = (a.province if hanzi else a.province_en) if a.is_cn else a.province
        row["Mailing Zip"] = a.postcode if rng.random() < 0.75 else ""
        row["Mailing Country"] = "中国" if hanzi and rng.random() < 0.5 else country_written(rng, a.country)
    return row


def _call(ctx: Ctx, j: int, contact_id: str, contact_name: str) -> dict:
    rng = ctx.rng
    return {
        "Record Id": zoho_id(ctx, "zoho_call", 10_000_000_000),
        "Subject": ch(rng, B.ZOHO_CALL_SUBJECTS),
        "Call Type": "Outbound" if rng.random() < 0.65 else "Inbound",
        "Call Purpose": ch(rng, B.ZOHO_CALL_PURPOSES), "Contact Id": contact_id,
        "Contact Name": contact_name, "Call Start Time": ymd_hms(ctx.cal.instant(rng, j, 60), OFF),
        "Call Duration (in seconds)": str(ri(rng, 0, 1800)),
        "Call Result": ch(rng, B.ZOHO_CALL_RESULTS), "Call Owner": ch(rng, B.ZOHO_OWNERS),
        "Description": ch(rng, B.ZOHO_CALL_DESCRIPTIONS),
    }


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    for p, _dup in items:
        rid = zoho_id(ctx, "zoho_contact", 153_000)
        tl = cal.plan(rng, p_later=0.15, p_update=0.15)
        truth: dict[str, str] = {}
        row = _contact(ctx, p, rid, tl, truth)
        versions = [row]
        for k in range(1, len(tl.exports)):
            new = dict(versions[-1])
            new["Modified Time"] = ymd_hms(tl.times[k], OFF)
            if rng.random() < 0.5:
                new["Tag"] = ch(rng, B.ZOHO_TAGS)
            if rng.random() < 0.4 and new["Mobile"]:
                new["Mobile"], truth["Mobile"] = written_phone(
                    rng, p.phone, "cn_local" if p.culture == "cn" else "global", 0)
            versions.append(new)
        for j, r in zip(tl.exports, versions):
            ctx.emit(SRC, "contacts", j, r)
        ctx.mention(SRC, rid, p, tl, versions[-1], truth)
        if row["First Name"] == p.given and p.culture == "cn":
            name = (row["Last Name"] + row["First Name"]).strip()
        else:
            name = f"{row['First Name']} {row['Last Name']}".strip()
        for _ in range(_CALLS.pick(rng)):
            j = interaction_export(rng, tl.born, cal.n)
            ctx.emit(SRC, "calls", j, _call(ctx, j, rid, name))


def malformed(ctx: Ctx) -> None:
    """A Calls row with one field too many (an unquoted comma in the export) in the
    first export, and one with a field missing in the latest."""
    call = _call(ctx, 0, "", "")
    call["Description"] = "Customer asked for a discount"
    ctx.emit_malformed(SRC, "calls", 0, call, +1)
    j = ctx.cal.n - 1
    ctx.emit_malformed(SRC, "calls", j, _call(ctx, j, "", ""), -1)
