"""Survey / ticket export: a ticket may carry only an email or only a phone, the
category may be empty, content is Chinese or English, satisfaction 1–5 or empty."""

from __future__ import annotations

from datagen.population import Person
from datagen.render.base import Ctx
from datagen.render.common import display_name, written_email, written_phone
from datagen.rng import ch, picker, ri
from datagen.specs import TZ_OFFSET_HOURS
from datagen.timefmt import ymd_hms
from datagen.vocab import business as B

SRC = "feedback"
OFF = TZ_OFFSET_HOURS[SRC]

_NAME_STYLE = {
    "cn": picker([("hanzi", 50), ("none", 15), ("honorific_cn", 5), ("western", 10),
                  ("family_first_lower", 8), ("english", 7), ("lower", 5)]),
    "western": picker([("western", 50), ("none", 15), ("nickname", 10), ("honorific", 5),
                       ("lower", 10), ("initial", 5), ("upper", 5)]),
}


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    for p, _dup in items:
        tid = str(100_001 + ctx.seq("ticket"))
        tl = cal.plan(rng, p_later=0.3, p_update=0.25, recent_days=180)
        style = _NAME_STYLE[p.culture].pick(rng)
        name = "" if style == "none" else display_name(rng, p, style)
        email = written_email(rng, p) if rng.random() < 0.7 else ""
        truth: dict[str, str] = {}
        phone = ""
        if rng.random() < 0.5 or not (email or name):
            phone, truth["phone"] = written_phone(
                rng, p.phone, "cn_local" if p.culture == "cn" else "global", 0.02)
        if not (email or phone):
            email = p.email
        chinese = rng.random() < (0.85 if p.culture == "cn" else 0.03)
        row = {
            "ticket_id": tid, "created_at": ymd_hms(tl.created, OFF),
            "channel": ch(rng, B.FEEDBACK_CHANNELS), "customer_name": name, "email": email,
            "phone": phone,
            "category": ch(rng, B.FEEDBACK_CATEGORIES) if rng.random() < 0.8 else "",
            "content": ch(rng, B.FEEDBACK_TEXTS_CN if chinese else B.FEEDBACK_TEXTS_EN),
            "satisfaction": str(ri(rng, 1, 5)) if rng.random() < 0.7 else "",
            "status": ch(rng, ("open", "open", "pending", "resolved")),
        }
        versions = [row]
        for _k in range(1, len(tl.exports)):
            new = dict(versions[-1])
            new["status"] = ch(rng, ("resolved", "closed"))
            if not new["category"] and rng.random() < 0.5:
                new["category"] = ch(rng, B.FEEDBACK_CATEGORIES)
            versions.append(new)
        for j, r in zip(tl.exports, versions):
            ctx.emit(SRC, "tickets", j, r)
        ctx.mention(SRC, tid, p, tl, versions[-1], truth)
