"""Shopify order export: one row per line item, order-level fields on the first row
only, `+0800` times, zips with a leading apostrophe, sequential order Names (#1001...).

One mention per order; repeat buyers give true duplicates (often with a different
email spelling or a guest checkout address). Orders whose payment or fulfilment
changes are delivered again in a later export.
"""

from __future__ import annotations

from datagen.lifecycle import Timeline
from datagen.population import Person
from datagen.quirks import apostrophe
from datagen.render.base import Ctx
from datagen.render.common import display_name, phone_text, written_email, written_phone
from datagen.rng import ch, picker, ri
from datagen.specs import TZ_OFFSET_HOURS
from datagen.timefmt import ymd_hms_offset
from datagen.vocab import business as B

SRC = "shopify"
OFF = TZ_OFFSET_HOURS[SRC]

_NAME_STYLE = {
    "cn": picker([("family_first_lower", 25), ("western", 35), ("family_first", 15),
                  ("upper_family_first", 10), ("hanzi", 10), ("english", 5)]),
    "western": picker([("western", 60), ("nickname", 12), ("honorific", 6), ("lower", 7),
                       ("initial", 5), ("middle", 5), ("upper", 5)]),
}
_QTY = picker([(1, 75), (2, 20), (3, 5)])
_LINES = picker([(1, 60), (2, 25), (3, 10), (4, 5)])


def _status(rng, age_days: float) -> tuple[str, str]:
    """(Financial Status, Fulfillment Status) of an order of a given age."""
    if age_days < 3:
        return ch(rng, (("pending", "unfulfilled"), ("paid", "unfulfilled"),
                           ("paid", "unfulfilled"), ("paid", "partial")))
    return ch(rng, (("paid", "fulfilled"),) * 8 + (("refunded", "fulfilled"),
                      ("partially_refunded", "fulfilled")))


def _order_rows(ctx: Ctx, p: Person, name: str, oid: str, tl: Timeline, cut: int,
                truth: dict[str, str]) -> list[dict]:
    rng = ctx.rng
    created = tl.created
    fin, ful = _status(rng, (cut - created) / 86400)
    lines = [ch(rng, B.SHOPIFY_PRODUCTS) for _ in range(_LINES.pick(rng))]
    qty = [_QTY.pick(rng) for _ in lines]
    subtotal = sum(price * q for (_, _, price), q in zip(lines, qty))
    code = ch(rng, B.SHOPIFY_DISCOUNTS)
    discount = round(subtotal * 0.1, 2) if code else 0.0
    shipping = ch(rng, (0.0, 5.99, 12.0))
    taxes = round((subtotal - discount) * 0.08, 2) if p.country == "US" else 0.0
    total = subtotal - discount + shipping + taxes
    a = p.address
    billing_name = display_name(rng, p, _NAME_STYLE[p.culture].pick(rng))
    ship_to = p
    others = [m for m in p.household.members if m is not p]
    if others and rng.random() < 0.1:
        ship_to = ch(rng, others)  # a gift to a family member at the same address
    ship_name = billing_name if ship_to is p else \
        display_name(rng, ship_to, _NAME_STYLE[ship_to.culture].pick(rng))
    bill_phone, truth["Billing Phone"] = written_phone(rng, p.phone, "global") \
        if rng.random() < 0.8 else ("", "")
    zip_code = a.postcode if rng.random() < 0.9 else ""
    if zip_code and rng.random() < 0.4:
        zip_code = apostrophe(zip_code)
    street = ", ".join(a.en_lines()) if not a.is_cn or rng.random() < 0.8 else a.cn_detail()
    first = {
        "Name": name, "Email": written_email(rng, p), "Financial Status": fin,
        "Paid at": ymd_hms_offset(created + ri(rng, 5, 600), OFF) if fin != "pending" else "",
        "Fulfillment Status": ful, "Currency": "USD", "Subtotal": f"{subtotal:.2f}",
        "Shipping": f"{shipping:.2f}", "Taxes": f"{taxes:.2f}", "Total": f"{total:.2f}",
        "Discount Code": code, "Discount Amount": f"{discount:.2f}",
        "Created at": ymd_hms_offset(created, OFF),
        "Billing Name": billing_name, "Billing Street": street, "Billing City": a.city_en,
        "Billing Zip": zip_code, "Billing Province": a.province_en if a.is_cn else a.province,
        "Billing Country": a.country, "Billing Phone": bill_phone,
        "Shipping Name": ship_name, "Shipping City": a.city_en,
        "Shipping Province": a.province_en if a.is_cn else a.province,
        "Shipping Country": a.country, "Shipping Phone": "", "Cancelled at": "", "Id": oid,
        "Phone": "",
    }
    if rng.random() < 0.4:
        first["Shipping Phone"], truth["Shipping Phone"] = written_phone(rng, ship_to.phone, "global")
    if rng.random() < 0.3:
        first["Phone"], truth["Phone"] = phone_text(rng, p.phone, "global"), p.phone.e164  # type: ignore[union-attr]
    rows = [first]
    for k, ((title, sku, price), q) in enumerate(zip(lines, qty)):
        row = first if k == 0 else {c: "" for c in first}
        if k:
            row.update({"Name": name, "Email": first["Email"], "Created at": first["Created at"]})
            rows.append(row)
        row.update({"Lineitem quantity": str(q), "Lineitem name": title,
                    "Lineitem price": f"{price:.2f}", "Lineitem sku": sku})
    return rows


def _progress(ctx: Ctx, rows: list[dict], when: int) -> list[dict]:
    """The order after payment / fulfilment / cancellation happened."""
    rng = ctx.rng
    first = dict(rows[0])
    if rng.random() < 0.15:
        first.update({"Financial Status": "voided" if first["Financial Status"] == "pending"
                      else "refunded", "Cancelled at": ymd_hms_offset(when, OFF)})
    else:
        if first["Financial Status"] == "pending":
            first["Financial Status"] = "paid"
            first["Paid at"] = ymd_hms_offset(when, OFF)
        first["Fulfillment Status"] = "fulfilled"
    return [first] + rows[1:]


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    planned = []
    for p, _dup in items:
        tl = cal.plan(rng, p_later=0.25, p_update=0.0, recent_days=365)
        planned.append((tl.created, p, tl))
    planned.sort(key=lambda t: (t[0], t[1].idx))  # Names follow creation order
    for _, p, tl in planned:
        number = 1001 + ctx.seq("shopify")
        name = f"#{number}"
        oid = str(5_600_000_000_000 + number * 37 + ri(rng, 0, 36))
        truth: dict[str, str] = {}
        rows = _order_rows(ctx, p, name, oid, tl, cal.cut[tl.born], truth)
        versions = [rows]
        open_order = rows[0]["Financial Status"] == "pending" or rows[0]["Fulfillment Status"] != "fulfilled"
        if open_order and tl.born + 1 < cal.n and rng.random() < 0.8:
            j = ri(rng, tl.born + 1, cal.n - 1)
            when = cal.instant(rng, j)
            tl.exports.append(j)
            tl.times.append(when)
            versions.append(_progress(ctx, rows, when))
        for j, version in zip(tl.exports, versions):
            for row in version:
                ctx.emit(SRC, "orders", j, row)
        ctx.mention(SRC, name, p, tl, versions[-1][0], truth)
