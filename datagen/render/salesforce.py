"""Salesforce weekly Data Export: Contact, Account, Opportunity.

18-character ids with the real case-safe checksum, UTC `...000Z` timestamps,
`true`/`false`, multi-line MailingStreet, contacts tied to Accounts by AccountId, a few
contacts deleted (IsDeleted=true, merged duplicates point at their MasterRecordId) in
a later export, which is a delta (new or modified records only).
"""

from __future__ import annotations

from datagen.lifecycle import Timeline, interaction_export
from datagen.population import Company, Person
from datagen.render.base import Ctx
from datagen.render.common import (company_cn, company_en, country_written, latin_name,
                                   phone_text, street_lines, switchboard_text, written_email,
                                   written_phone)
from datagen.rng import ch, picker, ri, rr
from datagen.timefmt import iso_z
from datagen.vocab import business as B

SRC = "salesforce"
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

_NAME_STYLE = {
    "cn": picker([("western", 50), ("upper_last", 14), ("swapped", 10), ("hanzi", 8),
                  ("english", 10), ("lower", 3), ("upper", 3), ("full_in_first", 2)]),
    "western": picker([("western", 65), ("nickname", 12), ("quoted_nickname", 3), ("middle", 6),
                       ("upper_last", 5), ("lower", 4), ("upper", 2), ("initial", 1),
                       ("full_in_first", 2)]),
}
_OPPS = picker([(0, 35), (1, 35), (2, 20), (3, 10)])
_SALUTATION = {"M": picker([("Mr.", 60), ("", 30), ("Dr.", 7), ("Prof.", 3)]),
               "F": picker([("Ms.", 45), ("Mrs.", 15), ("", 30), ("Dr.", 7), ("Prof.", 3)])}


def sf_id(prefix: str, seq: int) -> str:
    """An 18-character Salesforce id: 15-char case-sensitive id + case checksum."""
    num = 9_876_543_210 + seq * 7
    body = ""
    for _ in range(6):
        num, r = divmod(num, 62)
        body = _B62[r] + body
    if num:
        raise OverflowError("Salesforce id space exhausted")
    id15 = f"{prefix}5g0000{body}"
    suffix = ""
    for i in range(3):
        bits = sum(1 << k for k, ch in enumerate(id15[i * 5:i * 5 + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX[bits]
    return id15 + suffix


OWNER_IDS = tuple(sf_id("005", 1_000_000_000 + k) for k in range(B.SF_OWNER_COUNT))


def _contact_row(ctx: Ctx, p: Person, cid: str, account_id: str, tl: Timeline,
                 truth: dict[str, str]) -> dict:
    rng = ctx.rng
    first, last = latin_name(rng, p, _NAME_STYLE[p.culture].pick(rng))
    name = last + first if (first == p.given and last == p.family and p.culture == "cn") \
        else f"{first} {last}".strip()
    use_work = p.company is not None and rng.random() < 0.6
    addr = p.company.address if use_work else p.address  # type: ignore[union-attr]
    row = {
        "Id": cid, "IsDeleted": "false", "MasterRecordId": "", "AccountId": account_id,
        "LastName": last, "FirstName": first, "Salutation": _SALUTATION[p.gender].pick(rng),
        "Name": name, "MailingStreet": "", "MailingCity": "", "MailingState": "",
        "MailingPostalCode": "", "MailingCountry": "", "Phone": "", "MobilePhone": "",
        "Email": "", "Title": "", "Department": "", "LeadSource": ch(rng, B.SF_LEAD_SOURCES),
        "Birthdate": p.birth if rng.random() < 0.35 else "",
        "OwnerId": ch(rng, OWNER_IDS), "CreatedDate": iso_z(tl.created),
        "LastModifiedDate": iso_z(tl.times[0]),
    }
    if rng.random() < 0.95:
        row["MailingStreet"] = "\n".join(street_lines(rng, addr, 0.3)) if rng.random() < 0.9 else ""
        hanzi = addr.is_cn and rng.random() < 0.3
        row["MailingCity"] = addr.city if hanzi else addr.city_en
        row["MailingState"] = (addr.province if hanzi else addr.province_en if addr.is_cn
                               else addr.province) if rng.random() < 0.85 else ""
        row["MailingPostalCode"] = addr.postcode if rng.random() < 0.85 else ""
        row["MailingCountry"] = country_written(rng, addr.country)
    if p.company is not None and rng.random() < 0.5:
        row["Phone"], truth["Phone"] = switchboard_text(rng, p, "global")
    elif p.household.landline is not None and rng.random() < 0.3:
        row["Phone"], truth["Phone"] = written_phone(rng, p.household.landline, "global", 0.0)
    if rng.random() < 0.85:
        row["MobilePhone"], truth["MobilePhone"] = written_phone(rng, p.phone, "global")
    if rng.random() < 0.92:
        row["Email"] = written_email(rng, p)
    if p.company is not None:
        title, dept, _, _ = B.JOBS[p.job]
        row["Title"] = title
        row["Department"] = dept if rng.random() < 0.7 else ""
    return row


def _change(ctx: Ctx, p: Person, row: dict, truth: dict[str, str], when: int) -> dict:
    """A later version of a contact: one or two fields edited by a user."""
    rng = ctx.rng
    new = dict(row)
    new["LastModifiedDate"] = iso_z(when)
    for op in rng.sample(("title", "phone", "name", "email", "address"), ri(rng, 1, 2)):
        if op == "title" and p.company is not None:
            new["Title"] = ch(rng, B.JOBS)[0]
        elif op == "phone" and new["MobilePhone"]:
            new["MobilePhone"], truth["MobilePhone"] = written_phone(rng, p.phone, "global", 0.0)
        elif op == "name":
            first, last = latin_name(rng, p, "western")
            new["FirstName"], new["LastName"], new["Name"] = first, last, f"{first} {last}"
        elif op == "email":
            new["Email"] = p.email
        elif op == "address" and not new["MailingPostalCode"]:
            new["MailingPostalCode"] = p.address.postcode
    return new


def _account_row(ctx: Ctx, c: Company, aid: str, created: int) -> dict:
    rng = ctx.rng
    a = c.address
    name = company_cn(rng, c) if (c.country == "CN" and rng.random() < 0.3) else company_en(rng, c)
    return {
        "Id": aid, "IsDeleted": "false", "Name": name,
        "Type": ch(rng, B.SF_ACCOUNT_TYPES), "Industry": c.industry if rng.random() < 0.85 else "",
        "BillingStreet": "\n".join(street_lines(rng, a, 0.2)),
        "BillingCity": a.city_en, "BillingState": a.province_en if a.is_cn else a.province,
        "BillingPostalCode": a.postcode if rng.random() < 0.9 else "",
        "BillingCountry": country_written(rng, a.country),
        "Phone": phone_text(rng, c.switchboard, "global"),
        "Website": ch(rng, (f"www.{c.domain}", f"https://{c.domain}", c.domain, ""))
        if rng.random() < 0.85 else "",
        "NumberOfEmployees": str(c.employees) if rng.random() < 0.8 else "",
        "AnnualRevenue": str(c.revenue) if rng.random() < 0.6 else "",
        "OwnerId": ch(rng, OWNER_IDS), "CreatedDate": iso_z(created),
    }


def _opportunity_row(ctx: Ctx, oid: str, account_id: str, account_name: str, created: int,
                     stage: int) -> dict:
    rng = ctx.rng
    stage_name, closed, won = B.SF_STAGES[stage]
    close_ts = created + ri(rng, 20, 120) * 86400
    return {
        "Id": oid, "IsDeleted": "false", "AccountId": account_id,
        "Name": f"{account_name} - {ch(rng, B.SF_OPP_PRODUCTS)}", "StageName": stage_name,
        "Amount": f"{ri(rng, 10, 2000) * 50:.2f}" if rng.random() < 0.95 else "",
        "CloseDate": iso_z(close_ts)[:10], "IsClosed": "true" if closed else "false",
        "IsWon": "true" if won else "false", "LeadSource": ch(rng, B.SF_LEAD_SOURCES),
        "OwnerId": ch(rng, OWNER_IDS), "CreatedDate": iso_z(created),
    }


def render(ctx: Ctx, items: list[tuple[Person, int]]) -> None:
    rng, cal = ctx.rng, ctx.cal
    accounts: dict[int, list] = {}   # company id -> [account id, born, created, company]
    contacts = []                    # (person, id, timeline, versions, truth)
    by_person: dict[str, list[int]] = {}
    for p, _dup in items:
        cid = sf_id("003", ctx.seq("sf_contact"))
        tl = cal.plan(rng, p_later=0.12, p_update=0.15, p_delete=0.03)
        account_id = ""
        if p.company is not None and rng.random() < 0.9:
            acc = accounts.get(p.company.cid)
            if acc is None:
                acc = accounts[p.company.cid] = [sf_id("001", ctx.seq("sf_account")),
                                                 tl.born, tl.created, p.company]
            elif tl.born < acc[1] or (tl.born == acc[1] and tl.created < acc[2]):
                acc[1], acc[2] = tl.born, min(acc[2], tl.created)
            account_id = acc[0]
        truth: dict[str, str] = {}
        row = _contact_row(ctx, p, cid, account_id, tl, truth)
        versions = [row]
        for k in range(1, len(tl.exports)):
            if tl.deleted and k == len(tl.exports) - 1:
                gone = dict(versions[-1])
                gone["IsDeleted"] = "true"
                gone["LastModifiedDate"] = iso_z(tl.times[k])
                versions.append(gone)
            else:
                versions.append(_change(ctx, p, versions[-1], truth, tl.times[k]))
        by_person.setdefault(p.pid, []).append(len(contacts))
        contacts.append((p, cid, tl, versions, truth))

    # merged duplicates: a deleted duplicate points at the surviving record
    for idxs in by_person.values():
        if len(idxs) < 2:
            continue
        survivors = [i for i in idxs if not contacts[i][2].deleted]
        for i in idxs:
            if contacts[i][2].deleted and survivors:
                contacts[i][3][-1]["MasterRecordId"] = contacts[survivors[0]][1]

    for aid, born, first_created, company in accounts.values():
        lo, _ = cal.window(born)
        created = rr(rng, lo, first_created + 1)
        name_row = _account_row(ctx, company, aid, created)
        ctx.emit(SRC, "accounts", born, name_row)
        for _ in range(_OPPS.pick(rng)):
            j = interaction_export(rng, born, cal.n)
            stage = rr(rng, len(B.SF_STAGES))
            oid = sf_id("006", ctx.seq("sf_opp"))
            opp = _opportunity_row(ctx, oid, aid, name_row["Name"], cal.instant(rng, j), stage)
            ctx.emit(SRC, "opportunities", j, opp)
            if j + 1 < cal.n and stage < 5 and rng.random() < 0.3:
                later = dict(opp)
                stage_name, closed, won = B.SF_STAGES[ri(rng, stage + 1, 6)]
                later.update(StageName=stage_name, IsClosed="true" if closed else "false",
                             IsWon="true" if won else "false")
                ctx.emit(SRC, "opportunities", ri(rng, j + 1, cal.n - 1), later)

    for p, cid, tl, versions, truth in contacts:
        for j, row in zip(tl.exports, versions):
            ctx.emit(SRC, "contacts", j, row)
        ctx.mention(SRC, cid, p, tl, versions[-1], truth)


def malformed(ctx: Ctx) -> None:
    """One Opportunity row with a field missing, in the latest export."""
    j = ctx.cal.n - 1
    oid = sf_id("006", ctx.seq("sf_opp"))
    row = _opportunity_row(ctx, oid, "", "Pilot", ctx.cal.instant(ctx.rng, j), 0)
    ctx.emit_malformed(SRC, "opportunities", j, row, -1)
