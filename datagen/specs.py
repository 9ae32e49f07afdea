"""How each source writes its files: names, CSV dialect, encoding, time zone, and which
columns carry a mention's name and primary phone.

This is the per-source *data* the generic writers and the truth builder are driven by;
column lists themselves come from `ingestion/presets.yml` (see `presets.py`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

SOURCES: tuple[str, ...] = (
    "salesforce", "hubspot", "zoho_crm", "fxiaoke", "shopify", "taobao", "feedback",
)


@dataclass(frozen=True)
class CsvDialect:
    encoding: str = "utf-8"
    errors: str = "strict"         # taobao: "replace" -> GBK-unencodable chars become "?"
    bom: bool = False
    quote_all: bool = False
    lineterminator: str = "\n"

    @property
    def quoting(self) -> int:
        return csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL


@dataclass(frozen=True)
class FileSpec:
    """File naming and format of one (source, role)."""

    template: str                  # {date} = export date YYYY-MM-DD
    dialect: CsvDialect | None     # None for xlsx
    part_template: str = ""        # xlsx: name of the 2nd, 3rd... file when a sheet is full

    def filename(self, date: str, part: int = 1) -> str:
        if part == 1:
            return self.template.format(date=date)
        return self.part_template.format(date=date, part=part)


SALESFORCE_CSV = CsvDialect(quote_all=True)
ZOHO_CSV = CsvDialect(quote_all=True)
PLAIN_CSV = CsvDialect()

FILES: dict[tuple[str, str], FileSpec] = {
    ("salesforce", "contacts"): FileSpec("Contact.csv", SALESFORCE_CSV),
    ("salesforce", "accounts"): FileSpec("Account.csv", SALESFORCE_CSV),
    ("salesforce", "opportunities"): FileSpec("Opportunity.csv", SALESFORCE_CSV),
    ("hubspot", "contacts"): FileSpec("hubspot-crm-exports-all-{date}.csv", CsvDialect(bom=True)),
    ("zoho_crm", "contacts"): FileSpec("Contacts_001.csv", ZOHO_CSV),
    ("zoho_crm", "calls"): FileSpec("Calls_001.csv", ZOHO_CSV),
    ("fxiaoke", "contacts"): FileSpec("联系人_{date}.xlsx", None, "联系人_{date}_{part}.xlsx"),
    ("fxiaoke", "accounts"): FileSpec("客户_{date}.xlsx", None, "客户_{date}_{part}.xlsx"),
    ("fxiaoke", "followups"): FileSpec("销售记录_{date}.xlsx", None, "销售记录_{date}_{part}.xlsx"),
    ("shopify", "orders"): FileSpec("orders_export_1.csv", PLAIN_CSV),
    ("taobao", "orders"): FileSpec(
        "ExportOrderList{date}.csv",
        CsvDialect(encoding="gbk", errors="replace", lineterminator="\r\n"),
    ),
    ("feedback", "tickets"): FileSpec("feedback_{date}.csv", PLAIN_CSV),
}

# Hours east of UTC of the naive local times each system writes. Salesforce writes UTC
# with "Z"; Shopify writes an explicit "+0800" (the shop's zone), hence its offset here.
TZ_OFFSET_HOURS: dict[str, int] = {
    "salesforce": 0, "hubspot": -7, "zoho_crm": 8, "fxiaoke": 8, "shopify": 8,
    "taobao": 8, "feedback": 8,
}

# Mention roles: which columns make up the "written name" and, in priority order, which
# column holds the mention's primary phone (the first non-empty one).
NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "salesforce": ("Name",),
    "hubspot": ("First Name", "Last Name"),
    "zoho_crm": ("First Name", "Last Name"),
    "fxiaoke": ("姓名",),
    "shopify": ("Billing Name",),
    "taobao": ("收货人姓名",),
    "feedback": ("customer_name",),
}
PHONE_COLUMNS: dict[str, tuple[str, ...]] = {
    "salesforce": ("MobilePhone", "Phone"),
    "hubspot": ("Mobile Phone Number", "Phone Number"),
    "zoho_crm": ("Mobile", "Phone"),
    "fxiaoke": ("手机", "电话"),
    "shopify": ("Billing Phone", "Phone", "Shipping Phone"),
    "taobao": ("联系手机", "联系电话"),
    "feedback": ("phone",),
}
MENTION_ROLE: dict[str, str] = {
    "salesforce": "contacts", "hubspot": "contacts", "zoho_crm": "contacts",
    "fxiaoke": "contacts", "shopify": "orders", "taobao": "orders", "feedback": "tickets",
}
