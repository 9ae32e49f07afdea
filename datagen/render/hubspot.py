"""HubSpot contact export: free-typed phones, portal-zone (UTC-7) `2024-08-19 09:30`
dates, and true duplicates created by a second form fill with a Gmail dot / +tag
variant of the same mailbox (HubSpot only de-duplicates on the exact address)."""

from __future__ import annotations

from datagen.population import Person
from datagen.render.base import Ctx
from datagen.render.common import (company_en, country_written, latin_name, switchboard_text,
                                   written_email, written_phone)
from datagen.rng import ch, picker, ri
from datagen.specs import TZ_OFFSET_HOURS
from datagen.quirks import email_variant
from datagen.timefmt import ymd_hm
from datagen.vocab import business as B

SRC = "hubspot"
OFF = TZ_OFFSET_HOURS[SRC]

_NAME_STYLE = {
    "cn": picker([("western", 45), ("lower", 12), ("full_in_first", 6), ("english", 12),
                  ("hanzi", 6), ("upper_last", 6), ("swapped", 6), ("upper", 3), ("honorific", 4)]),
    "western": picker([("western", 60), ("nickname", 12), ("honorific", 6), ("lower", 8),
                       ("upper", 3), ("middle", 4), ("full_in_first", 4), ("quoted_nickname", 1)]),
}
_DUP_EMAIL = picker([("dots", 40), ("plus", 35), ("case", 10), ("alt", 15)])


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    for p, dup in items:
        rid = str(51_000_000_000 + ctx.seq("hubspot") * 13 + ri(rng, 0, 12))
        tl = cal.plan(rng, p_later=0.15, p_update=0.2)
        first, last = latin_name(rng, p, _NAME_STYLE[p.culture].pick(rng))
        if dup == 0:
            email = written_email(rng, p) if rng.random() < 0.97 else ""
        else:
            kind = _DUP_EMAIL.pick(rng)
            email = (p.alt_email or email_variant(p.email, "plus", rng)) if kind == "alt" \
                else email_variant(p.email, kind, rng)
            if email == p.email:
                email = email_variant(p.email, "plus", rng)
        truth: dict[str, str] = {}
        row = {
            "Record ID": rid, "First Name": first, "Last Name": last, "Email": email,
            "Phone Number": "", "Mobile Phone Number": "", "Company Name": "", "Job Title": "",
            "Street Address": "", "City": "", "State/Region": "", "Postal Code": "",
            "Country/Region": "", "Industry": "", "Lifecycle Stage": ch(rng, B.HUBSPOT_LIFECYCLE[:6]),
            "Original Source": ch(rng, B.HUBSPOT_SOURCES),
            "Contact owner": ch(rng, B.HUBSPOT_OWNERS) if rng.random() < 0.8 else "",
            "Create Date": ymd_hm(tl.created, OFF),
            "Last Activity Date": ymd_hm(tl.times[0], OFF) if rng.random() < 0.75 else "",
        }
        if p.company is not None and rng.random() < 0.3:
            row["Phone Number"], truth["Phone Number"] = switchboard_text(rng, p, "global")
        elif rng.random() < 0.55:
            row["Phone Number"], truth["Phone Number"] = written_phone(rng, p.phone, "global")
        if rng.random() < 0.35:
            row["Mobile Phone Number"], truth["Mobile Phone Number"] = \
                written_phone(rng, p.phone, "global")
        if p.company is not None and rng.random() < 0.85:
            row["Company Name"] = company_en(rng, p.company)
            row["Job Title"] = B.JOBS[p.job][0] if rng.random() < 0.7 else ""
            row["Industry"] = p.company.industry if rng.random() < 0.5 else ""
        a = p.address
        if rng.random() < 0.6:
            row["Street Address"] = ", ".join(a.en_lines()) if rng.random() < 0.7 else ""
            row["City"] = a.city_en
            row["State/Region"] = a.province_en if a.is_cn else a.province
            row["Postal Code"] = a.postcode if rng.random() < 0.8 else ""
        if rng.random() < 0.7:
            row["Country/Region"] = country_written(rng, a.country)
        versions = [row]
        for k in range(1, len(tl.exports)):
            new = dict(versions[-1])
            new["Last Activity Date"] = ymd_hm(tl.times[k], OFF)
            stages = B.HUBSPOT_LIFECYCLE
            new["Lifecycle Stage"] = stages[min(stages.index(new["Lifecycle Stage"]) + 1, 6)]
            if rng.random() < 0.3 and not new["Phone Number"]:
                new["Phone Number"], truth["Phone Number"] = written_phone(rng, p.phone, "global", 0)
            versions.append(new)
        for j, r in zip(tl.exports, versions):
            ctx.emit(SRC, "contacts", j, r)
        ctx.mention(SRC, rid, p, tl, versions[-1], truth)
