"""淘宝 ExportOrderList (GBK): one row per order.

Excel guards (`="3012345678901234567"` order ids, `'13800138000` phones), one-string
addresses `浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)` (district sometimes
missing), overseas buyers, and characters GBK cannot hold (𠮷, emoji) turned into `?`
by the writer; the truth's written_name applies the same round trip.
"""

from __future__ import annotations

from datagen import phones
from datagen.population import Person
from datagen.quirks import apostrophe, excel_guard, gbk_roundtrip, hanzi_name
from datagen.render.base import Ctx
from datagen.render.common import phone_text
from datagen.rng import ch, picker, ri
from datagen.specs import TZ_OFFSET_HOURS
from datagen.timefmt import ymd_hms
from datagen.vocab import business as B
from datagen.vocab import geo as G

SRC = "taobao"
OFF = TZ_OFFSET_HOURS[SRC]
_FRESH_STATUS = picker([("等待买家付款", 15), ("卖家已发货", 45), ("交易成功", 30), ("交易关闭", 10)])
_ITEMS = picker([(1, 70), (2, 22), (3, 8)])
_QTY = picker([(1, 80), (2, 15), (3, 5)])


def order_id(ctx: Ctx) -> str:
    """19 digits: 2 random, 9 from a bijective scramble of the run-wide sequence
    (unique), 8 random."""
    seq = ctx.seq("taobao")
    if seq >= 10**9:
        raise OverflowError("taobao order id space exhausted")
    mid = (seq * 387_420_489 + 123_456_789) % 10**9
    return f"{ri(ctx.rng, 10, 39)}{mid:09d}{ri(ctx.rng, 0, 99_999_999):08d}"


def buyer_nick(ctx: Ctx, p: Person) -> str:
    """A Taobao member name: stable per buyer, so repeat orders share it."""
    rng = ctx.rng
    r = rng.random()
    if r < 0.3:
        return f"tb{ri(rng, 100000000, 999999999)}"
    if r < 0.6:
        return f"{p.family_py}{p.given_py}{ri(rng, 1, 9999)}"
    if r < 0.85:
        return f"{ch(rng, B.TAOBAO_NICK_WORDS)}{ri(rng, 1, 999)}"
    return f"{(p.english_name or p.given_py).lower()}_{ri(rng, 10, 99)}"


def address_line(ctx: Ctx, p: Person) -> str:
    rng = ctx.rng
    a = p.address
    if a.is_cn:
        prov = a.province if rng.random() < 0.7 else a.province_short
        parts = [prov, a.city]
        if rng.random() < 0.85:
            parts.append(a.district)
        parts += [a.street, str(a.number), "号"]
        tail = f"{a.compound}{a.building}{a.room}" if rng.random() < 0.9 else ""
        text = " ".join(parts) + (f" {tail}" if tail else "")
        return f"{text}({a.postcode})"
    lines = " ".join(a.en_lines())
    if rng.random() < 0.6:
        return f"{G.COUNTRY_CN[a.country]} {a.city} {lines}({a.postcode})"
    return f"{lines}, {a.city}, {a.province}, {G.COUNTRY_NAMES[a.country][0]}({a.postcode})"


def _status(rng, age_days: float) -> str:
    if age_days > 15:
        return "交易成功" if rng.random() < 0.85 else "交易关闭"
    return _FRESH_STATUS.pick(rng)


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    nicks: dict[str, str] = {}
    for p, _dup in items:
        nick = nicks.get(p.pid)
        if nick is None:
            nick = nicks[p.pid] = buyer_nick(ctx, p)
        tl = cal.plan(rng, p_later=0.25, p_update=0.0, recent_days=365)
        oid = order_id(ctx)
        status = _status(rng, (cal.cut[tl.born] - tl.created) / 86400)
        goods = [ch(rng, B.TAOBAO_PRODUCTS) for _ in range(_ITEMS.pick(rng))]
        qty = [_QTY.pick(rng) for _ in goods]
        price = sum(g[2] * q for g, q in zip(goods, qty))
        post = ch(rng, (0.0, 0.0, 6.0, 10.0))
        total = price + post
        paid = status in ("卖家已发货", "交易成功") or (status == "交易关闭" and rng.random() < 0.3)
        truth: dict[str, str] = {}
        name = hanzi_name(p.family, p.given, rng, 0.08) if p.culture == "cn" \
            else f"{p.given} {p.family}"
        mobile = ""
        if rng.random() < 0.985:
            style = "national" if p.phone.country == "CN" and rng.random() < 0.9 else "e164"  # type: ignore[union-attr]
            mobile = apostrophe(phones.render(p.phone, style))  # type: ignore[arg-type]
            truth["联系手机"] = p.phone.e164  # type: ignore[union-attr]
        else:
            mobile = phones.garbage(rng, p.phone)
        landline = ""
        if p.household.landline is not None and rng.random() < 0.3:
            landline = apostrophe(phone_text(rng, p.household.landline, "cn_local"))
            truth["联系电话"] = p.household.landline.e164
        row = {
            "订单编号": excel_guard(oid), "买家会员名": nick, "买家应付货款": f"{price:.2f}",
            "买家应付邮费": f"{post:.2f}", "总金额": f"{total:.2f}",
            "买家实际支付金额": f"{total:.2f}" if paid else "0.00", "订单状态": status,
            "买家留言": ch(rng, B.TAOBAO_MESSAGES), "收货人姓名": name,
            "收货地址": address_line(ctx, p), "联系电话": landline, "联系手机": mobile,
            "订单创建时间": ymd_hms(tl.created, OFF),
            "订单付款时间": ymd_hms(tl.created + ri(rng, 10, 3600), OFF) if paid else "",
            "宝贝标题": "，".join(g[0] for g in goods), "宝贝种类": str(len(goods)),
            "宝贝总数量": str(sum(qty)), "商品分类": goods[0][1],
        }
        versions = [row]
        if status in ("等待买家付款", "卖家已发货") and tl.born + 1 < cal.n and rng.random() < 0.8:
            j = ri(rng, tl.born + 1, cal.n - 1)
            new = dict(row)
            if status == "等待买家付款" and rng.random() < 0.4:
                new["订单状态"] = "交易关闭"
            else:
                new["订单状态"] = "交易成功" if status == "卖家已发货" else "卖家已发货"
                new["买家实际支付金额"] = f"{total:.2f}"
                new["订单付款时间"] = new["订单付款时间"] or ymd_hms(cal.instant(rng, j), OFF)
            tl.exports.append(j)
            tl.times.append(cal.instant(rng, j))
            versions.append(new)
        for j, r in zip(tl.exports, versions):
            ctx.emit(SRC, "orders", j, r)
        last = dict(versions[-1])
        last["收货人姓名"] = gbk_roundtrip(last["收货人姓名"])
        last["联系手机"] = gbk_roundtrip(last["联系手机"])
        ctx.mention(SRC, oid, p, tl, last, truth)
