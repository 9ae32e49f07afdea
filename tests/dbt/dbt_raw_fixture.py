"""Hand-made raw layer for developing and testing the dbt project without real data.

Creates ``raw.<source>__<role>`` tables exactly as the ingestion lands them: every
column of ``ingestion/presets.yml`` under its original header name, all VARCHAR, empty
values as NULL, plus the lineage columns. The rows carry the contract's quirks (Excel
guards, Excel serial dates, ``2024年8月19日``, full-width digits, a deleted Salesforce
contact, records re-exported later with changes, a file re-loaded under the same
export date, a multi-line Shopify order, references into an earlier export).

    python tests/dbt/dbt_raw_fixture.py /tmp/dev.duckdb     # build a scratch warehouse
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parents[2]
PRESETS = REPO / "ingestion" / "presets.yml"

EXPORT_1 = dt.date(2024, 8, 19)
EXPORT_2 = dt.date(2024, 8, 26)
INGEST_1 = dt.datetime(2024, 8, 19, 12, 0, tzinfo=dt.timezone.utc)
INGEST_2 = dt.datetime(2024, 8, 26, 12, 0, tzinfo=dt.timezone.utc)


def excel_serial(value: dt.datetime | dt.date) -> str:
    """The text a numeric Excel date cell becomes (Python str(float))."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    days = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return str(round(days, 5))


def _file(source: str, export: dt.date, name: str, ingested: dt.datetime, rows: list[dict]) -> dict:
    return {"source": source, "export": export, "name": name, "ingested": ingested, "rows": rows}


# --------------------------------------------------------------------------- files
# Each entry is one landed file: table, export date, file name, ingestion time, records.
FILES: dict[str, list[dict]] = {
    "salesforce__contacts": [
        _file("salesforce", EXPORT_1, "Contact.csv", INGEST_1, [
            {"Id": "0035g00000AbCdEAAA", "IsDeleted": "false", "AccountId": "0015g00000AcMeAAAA",
             "FirstName": "Wei", "LastName": "Zhang", "Salutation": "Mr.", "Name": "Wei Zhang",
             "MailingStreet": "100 Main St\nSuite 5", "MailingCity": "San Francisco",
             "MailingState": "CA", "MailingPostalCode": "94105", "MailingCountry": "United States",
             "Phone": "+86 138 0013 8000", "MobilePhone": "415.555.0134", "Email": "wei.zhang@acme.com",
             "Title": "Engineer", "LeadSource": "Web", "Birthdate": "1985-03-02",
             "OwnerId": "0055g00000OwNeRAAA", "CreatedDate": "2024-08-19T01:30:00.000Z",
             "LastModifiedDate": "2024-08-19T01:30:00.000Z"},
            {"Id": "0035g00000DeLeTAAA", "IsDeleted": "false", "AccountId": "0015g00000BeTaAAAA",
             "FirstName": "Jane", "LastName": "Doe", "Name": "Jane Doe", "Email": "jane@beta.example",
             "CreatedDate": "2024-08-10T08:00:00.000Z", "LastModifiedDate": "2024-08-10T08:00:00.000Z"},
            {"Id": "0035g00000NoAcCAAA", "IsDeleted": "false", "AccountId": "0015g00000MiSsAAAA",
             "FirstName": "Bob", "LastName": "Smith", "Name": "Bob Smith", "Phone": "(415) 555-0199",
             "CreatedDate": "2024-08-11T08:00:00.000Z", "LastModifiedDate": "2024-08-11T08:00:00.000Z"},
            {"Id": "0035g00000GoNeXAAA", "IsDeleted": "true", "AccountId": "0015g00000AcMeAAAA",
             "FirstName": "Old", "LastName": "Record", "Name": "Old Record",
             "CreatedDate": "2024-08-01T08:00:00.000Z", "LastModifiedDate": "2024-08-12T08:00:00.000Z"},
        ]),
        _file("salesforce", EXPORT_2, "Contact.csv", INGEST_2, [
            # re-exported with changes: the later version wins
            {"Id": "0035g00000AbCdEAAA", "IsDeleted": "false", "AccountId": "0015g00000AcMeAAAA",
             "FirstName": "Wei", "LastName": "ZHANG", "Salutation": "Mr.", "Name": "Wei ZHANG",
             "MailingStreet": "100 Main St\nSuite 5", "MailingCity": "San Francisco",
             "MailingState": "CA", "MailingPostalCode": "94105", "MailingCountry": "United States",
             "Phone": "+86 138 0013 8000", "MobilePhone": "415.555.0134", "Email": "wei.zhang@acme.com",
             "Title": "CTO", "LeadSource": "Web", "Birthdate": "1985-03-02",
             "OwnerId": "0055g00000OwNeRAAA", "CreatedDate": "2024-08-19T01:30:00.000Z",
             "LastModifiedDate": "2024-08-25T10:00:00.000Z"},
            # deleted since the last export: gone
            {"Id": "0035g00000DeLeTAAA", "IsDeleted": "true", "AccountId": "0015g00000BeTaAAAA",
             "FirstName": "Jane", "LastName": "Doe", "Name": "Jane Doe", "Email": "jane@beta.example",
             "CreatedDate": "2024-08-10T08:00:00.000Z", "LastModifiedDate": "2024-08-24T08:00:00.000Z"},
        ]),
    ],
    "salesforce__accounts": [
        _file("salesforce", EXPORT_1, "Account.csv", INGEST_1, [
            {"Id": "0015g00000AcMeAAAA", "IsDeleted": "false", "Name": "Acme Corp", "Type": "Customer",
             "Industry": "Technology", "BillingCountry": "United States", "NumberOfEmployees": "250",
             "AnnualRevenue": "12500000", "CreatedDate": "2024-01-02T03:04:05.000Z"},
            {"Id": "0015g00000BeTaAAAA", "IsDeleted": "false", "Name": "Beta Ltd", "Industry": "Retail",
             "CreatedDate": "2024-01-05T00:00:00.000Z"},
            {"Id": "0015g00000GoNeAAAA", "IsDeleted": "true", "Name": "Gone Inc",
             "CreatedDate": "2024-01-06T00:00:00.000Z"},
        ]),
    ],
    "salesforce__opportunities": [
        _file("salesforce", EXPORT_1, "Opportunity.csv", INGEST_1, [
            {"Id": "0065g00000OpP1AAAA", "IsDeleted": "false", "AccountId": "0015g00000AcMeAAAA",
             "Name": "Acme renewal", "StageName": "Closed Won", "Amount": "12000.50",
             "CloseDate": "2024-09-30", "IsClosed": "true", "IsWon": "true",
             "CreatedDate": "2024-08-01T00:00:00.000Z"},
            {"Id": "0065g00000OpP2AAAA", "IsDeleted": "false", "AccountId": "0015g00000MiSsAAAA",
             "Name": "Orphan deal", "StageName": "Prospecting", "Amount": "500",
             "CloseDate": "2024-12-31", "IsClosed": "false", "IsWon": "false",
             "CreatedDate": "2024-08-02T00:00:00.000Z"},
        ]),
    ],
    "hubspot__contacts": [
        _file("hubspot", EXPORT_1, "hubspot-crm-exports-all-contacts-2024-08-19.csv", INGEST_1, [
            {"Record ID": "51101", "First Name": "Wei", "Last Name": "Zhang", "Email": "Wei.Zhang@Gmail.com",
             "Phone Number": "+1 (415) 555-0134", "Company Name": "Acme Corp", "Job Title": "CTO",
             "City": "San Francisco", "State/Region": "CA", "Postal Code": "94105",
             "Country/Region": "United States", "Industry": "Technology", "Lifecycle Stage": "customer",
             "Create Date": "2024-08-19 09:30", "Last Activity Date": "2024-08-20 18:45"},
            {"Record ID": "51102", "First Name": "Amy", "Last Name": "Chen", "Email": "amy.old@example.com",
             "Create Date": "2024-08-18 23:10"},
        ]),
        # the same file name loaded again the same day with a fix: the later ingestion wins
        _file("hubspot", EXPORT_1, "hubspot-crm-exports-all-contacts-2024-08-19.csv",
              INGEST_1 + dt.timedelta(hours=1), [
            {"Record ID": "51102", "First Name": "Amy", "Last Name": "Chen", "Email": "amy.chen@example.com",
             "Create Date": "2024-08-18 23:10"},
        ]),
    ],
    "zoho_crm__contacts": [
        _file("zoho_crm", EXPORT_1, "Contacts_2024_08_19.csv", INGEST_1, [
            {"Record Id": "zcrm_3152079000000153079", "First Name": "Na", "Last Name": "Li",
             "Account Name": "Hangzhou Xingchen Tech Co., Ltd.", "Email": "li.na@xingchen.cn",
             "Secondary Email": "lina1985@163.com", "Mobile": "+86 139 0013 9000",
             "Date of Birth": "03/02/1985", "Mailing Street": "文三路 100 号\n3幢502室",
             "Mailing City": "Hangzhou", "Mailing Zip": "310012", "Mailing Country": "China",
             "Created Time": "2024-08-19 09:30:00", "Modified Time": "2024-08-19 10:00:00"},
            {"Record Id": "zcrm_3152079000000153080", "First Name": "Tom", "Last Name": "Brown",
             "Email": "tom@example.com", "Created Time": "2024-08-19 11:00:00"},
        ]),
    ],
    "zoho_crm__calls": [
        _file("zoho_crm", EXPORT_2, "Calls_2024_08_26.csv", INGEST_2, [
            # refers to a contact delivered in the earlier export
            {"Record Id": "zcrm_3152079000000200001", "Subject": "Renewal call", "Call Type": "Inbound",
             "Contact Id": "zcrm_3152079000000153079", "Contact Name": "Na Li",
             "Call Start Time": "2024-08-26 10:00:00", "Call Duration (in seconds)": "125",
             "Call Result": "Interested", "Description": "asked about pricing"},
            # refers to a contact nobody delivered: kept, flagged
            {"Record Id": "zcrm_3152079000000200002", "Subject": "Cold call", "Call Type": "Outbound",
             "Contact Id": "zcrm_3152079000009999999", "Contact Name": "Unknown",
             "Call Start Time": "2024-08-26 11:00:00", "Call Duration (in seconds)": "0"},
        ]),
    ],
    "fxiaoke__contacts": [
        _file("fxiaoke", EXPORT_1, "联系人_20240819.xlsx", INGEST_1, [
            {"联系人编号": "LXR-0001", "姓名": "张 伟", "客户名称": "杭州星辰科技有限公司",
             "手机": "13800138000.0", "电话": "1088886666.0", "邮箱": "zhangwei@xingchen.cn",
             "职务": "总经理", "性别": "男", "生日": excel_serial(dt.date(1985, 3, 2)),
             "省": "浙江省", "市": "杭州市", "区": "西湖区", "详细地址": "文三路100号",
             "创建时间": "45523.39583", "最后修改时间": "2024年8月19日"},
            {"联系人编号": "LXR-0002", "姓名": "王芳", "客户名称": "北京远航贸易有限公司",
             "手机": "１３９００１３９０００", "省": "上海市", "市": "上海市",
             "创建时间": "2024/8/19 9:30", "最后修改时间": "2024-08-19 09:30:00"},
            {"联系人编号": "10003.0", "姓名": "王芳", "客户名称": "北京远航贸易有限公司",
             "手机": "13700137000", "市": "深圳市",
             "创建时间": "2024-08-19 09:30:00"},
        ]),
    ],
    "fxiaoke__accounts": [
        _file("fxiaoke", EXPORT_1, "客户_20240819.xlsx", INGEST_1, [
            {"客户编号": "KH-001", "客户名称": "杭州星辰科技有限公司", "行业": "互联网", "省": "浙江省",
             "市": "杭州市", "创建时间": "2024-01-01 00:00:00"},
            # two accounts share a name
            {"客户编号": "KH-002", "客户名称": "北京远航贸易有限公司", "行业": "贸易", "省": "北京市",
             "市": "北京市", "创建时间": "2024-01-02 00:00:00"},
            {"客户编号": "KH-003", "客户名称": "北京远航贸易有限公司", "行业": "物流", "省": "上海市",
             "市": "上海市", "创建时间": "2024-01-03 00:00:00"},
        ]),
    ],
    "fxiaoke__followups": [
        _file("fxiaoke", EXPORT_2, "销售记录_20240826.xlsx", INGEST_2, [
            {"记录编号": "GJ-001", "客户名称": "杭州星辰科技有限公司", "联系人": "张伟", "联系人编号": "LXR-0001",
             "跟进方式": "电话", "跟进时间": excel_serial(dt.datetime(2024, 8, 26, 10, 30)),
             "跟进内容": "续约沟通", "跟进结果": "成功", "满意度": "5.0", "负责人": "李四"},
            {"记录编号": "GJ-002", "客户名称": "北京远航贸易有限公司", "联系人": "陈静", "联系人编号": "LXR-9999",
             "跟进方式": "微信沟通", "跟进时间": "2024年8月26日", "跟进结果": "跟进中"},
            {"记录编号": "GJ-003", "客户名称": "北京远航贸易有限公司", "联系人": "王芳", "联系人编号": "10003",
             "跟进方式": "上门拜访", "跟进时间": "2024/8/26 14:05", "跟进结果": "失败", "满意度": "２"},
        ]),
    ],
    "shopify__orders": [
        _file("shopify", EXPORT_1, "orders_export_1.csv", INGEST_1, [
            {"Name": "#1001", "Email": "zhang.wei@gmail.com", "Financial Status": "paid",
             "Paid at": "2024-08-19 09:31:00 +0800", "Fulfillment Status": "unfulfilled",
             "Currency": "USD", "Subtotal": "140.00", "Shipping": "10.00", "Taxes": "0.00",
             "Total": "150.00", "Created at": "2024-08-19 09:30:00 +0800",
             "Lineitem quantity": "1", "Lineitem name": "Tea set", "Lineitem price": "100.00",
             "Lineitem sku": "TEA-1", "Billing Name": "zhang wei", "Billing Street": "1 Market St",
             "Billing City": "San Francisco", "Billing Zip": "'94105", "Billing Province": "CA",
             "Billing Country": "US", "Billing Phone": "+1 415-555-0134", "Shipping Name": "zhang wei",
             "Id": "5678901234567", "Phone": "4155550134"},
            {"Name": "#1001", "Email": "zhang.wei@gmail.com", "Created at": "2024-08-19 09:30:00 +0800",
             "Lineitem quantity": "2", "Lineitem name": "Tea cup", "Lineitem price": "20.00",
             "Lineitem sku": "CUP-2"},
            {"Name": "#1002", "Email": "amy.chen@example.com", "Financial Status": "voided",
             "Currency": "USD", "Total": "35.00", "Created at": "2024-08-20 08:00:00 -0700",
             "Lineitem quantity": "1", "Lineitem name": "Mug", "Lineitem price": "35.00",
             "Billing Name": "Amy Chen", "Cancelled at": "2024-08-20 09:00:00 -0700",
             "Id": "5678901234568"},
        ]),
        _file("shopify", EXPORT_2, "orders_export_1.csv", INGEST_2, [
            # #1001 re-exported after fulfilment: replaces both lines, not appended
            {"Name": "#1001", "Email": "zhang.wei@gmail.com", "Financial Status": "paid",
             "Paid at": "2024-08-19 09:31:00 +0800", "Fulfillment Status": "fulfilled",
             "Currency": "USD", "Subtotal": "140.00", "Shipping": "10.00", "Taxes": "0.00",
             "Total": "150.00", "Created at": "2024-08-19 09:30:00 +0800",
             "Lineitem quantity": "1", "Lineitem name": "Tea set", "Lineitem price": "100.00",
             "Lineitem sku": "TEA-1", "Billing Name": "zhang wei", "Billing Street": "1 Market St",
             "Billing City": "San Francisco", "Billing Zip": "'94105", "Billing Province": "CA",
             "Billing Country": "US", "Billing Phone": "+1 415-555-0134", "Shipping Name": "zhang wei",
             "Id": "5678901234567", "Phone": "4155550134"},
            {"Name": "#1001", "Email": "zhang.wei@gmail.com", "Created at": "2024-08-19 09:30:00 +0800",
             "Lineitem quantity": "2", "Lineitem name": "Tea cup", "Lineitem price": "20.00",
             "Lineitem sku": "CUP-2"},
        ]),
    ],
    "taobao__orders": [
        _file("taobao", EXPORT_1, "ExportOrderList202408191234.csv", INGEST_1, [
            {"订单编号": '="3012345678901234567"', "买家会员名": "tb_zhangwei", "买家应付货款": "198.00",
             "买家应付邮费": "0.00", "总金额": "198.00", "买家实际支付金额": "198.00", "订单状态": "交易成功",
             "收货人姓名": "张伟", "收货地址": "浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)",
             "联系电话": "'0571-88886666", "联系手机": "'13800138000",
             "订单创建时间": "2024-08-19 09:30:00", "订单付款时间": "2024-08-19 09:35:00",
             "宝贝标题": "紫砂茶具套装", "宝贝种类": "1", "宝贝总数量": "2", "商品分类": "茶具"},
            {"订单编号": '="3012345678901234568"', "买家会员名": "tb_wf", "总金额": "59.90",
             "订单状态": "等待买家付款", "收货人姓名": "王芳", "收货地址": "上海市 浦东新区 世纪大道 1 号(200120)",
             "联系手机": "'13900139000", "订单创建时间": "2024-08-20 20:00:00",
             "宝贝标题": "茶杯", "宝贝种类": "1", "宝贝总数量": "1"},
        ]),
    ],
    "feedback__tickets": [
        _file("feedback", EXPORT_1, "feedback_2024-08-19.csv", INGEST_1, [
            {"ticket_id": "FB-0001", "created_at": "2024-08-19 09:30:00", "channel": "email",
             "customer_name": "Wei Zhang", "email": "WEI.ZHANG@acme.com", "category": "billing",
             "content": "Invoice is wrong", "satisfaction": "4", "status": "closed"},
            {"ticket_id": "FB-0002", "created_at": "2024-08-19 23:59:59", "channel": "phone",
             "phone": "138-0013-8000", "content": "物流太慢", "status": "open"},
        ]),
    ],
}

LINEAGE = [
    ("_source_system", "VARCHAR"),
    ("_file_path", "VARCHAR"),
    ("_record_number", "BIGINT"),
    ("_export_date", "DATE"),
    ("_ingested_at", "TIMESTAMPTZ"),
    ("_file_sha256", "VARCHAR"),
]


def preset_columns() -> dict[str, list[str]]:
    """raw table name -> the preset's columns, verbatim."""
    presets = yaml.safe_load(PRESETS.read_text(encoding="utf-8"))
    return {
        f"{source}__{role}": [str(c) for c in spec["columns"]]
        for source, block in presets.items()
        for role, spec in (block.get("roles") or {}).items()
    }


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build_raw(database: str | Path, files: dict[str, list[dict]] | None = None) -> dict[str, int]:
    """Create every raw.<source>__<role> table (empty ones too) and load ``files``.

    Returns the number of rows loaded per table.
    """
    files = FILES if files is None else files
    tables = preset_columns()
    unknown = set(files) - set(tables)
    if unknown:
        raise ValueError(f"fixture tables not in presets.yml: {sorted(unknown)}")
    counts = {}
    with duckdb.connect(str(database)) as con:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        from ingestion.loader import write_source_presets
        from ingestion.presets import load_presets

        write_source_presets(con, load_presets())
        for table, columns in tables.items():
            col_defs = [f"{_q(c)} VARCHAR" for c in columns] + [f"{_q(c)} {t}" for c, t in LINEAGE]
            con.execute(f"CREATE OR REPLACE TABLE raw.{_q(table)} ({', '.join(col_defs)})")
            n = 0
            for f in files.get(table, []):
                path = f"landing/{f['source']}/{f['export'].isoformat()}/{f['name']}"
                sha = hashlib.sha256(repr((path, f["ingested"], f["rows"])).encode()).hexdigest()
                for number, row in enumerate(f["rows"], start=1):
                    bad = set(row) - set(columns)
                    if bad:
                        raise ValueError(f"{table}: columns not in the preset: {sorted(bad)}")
                    values = [row.get(c) for c in columns] + [
                        f["source"], path, number, f["export"], f["ingested"], sha,
                    ]
                    placeholders = ", ".join(["?"] * len(values))
                    con.execute(f"INSERT INTO raw.{_q(table)} VALUES ({placeholders})", values)
                    n += 1
            counts[table] = n
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} WAREHOUSE.duckdb")
    for name, count in build_raw(sys.argv[1]).items():
        print(f"raw.{name}: {count} rows")
