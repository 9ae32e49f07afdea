"""Raw layer for the marts tests: the base fixture (tests/dbt/dbt_raw_fixture.py) plus
rows that exercise classification and the marts, and the crosswalk entity resolution
would write.

Added on top of the base fixture:
- Shopify #1003 in EUR (paid) and #1004 in USD (pending, ordered late evening UTC−7:
  a different local date in Asia/Shanghai).
- Taobao orders of three repeat buyers and two one-off buyers, for an RFM set small
  enough to score by hand (see ``EXPECTED_RFM``).
- Feedback tickets with an EMPTY category classified by Chinese and English keyword
  rules, one no rule matches (`translate` must not fire the whole-word rule `late`),
  and tickets with their own category in odd spellings.
- fxiaoke follow-ups with free-text methods (视频会议, 邮件往来, `电话 `), a Zoho call
  with an in-progress result.
- HubSpot contacts across lifecycle stages (labels and internal names) and with
  free-text industries; Salesforce opportunities across stages; fxiaoke accounts
  re-exported with 成交状态.

    python tests/dbt/marts_fixture.py /tmp/dev.duckdb   # raw layer only
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("dbt_raw_fixture", HERE / "dbt_raw_fixture.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

EXPORT_1, EXPORT_2 = base.EXPORT_1, base.EXPORT_2
INGEST_1, INGEST_2 = base.INGEST_1, base.INGEST_2
EXPORT_3 = dt.date(2024, 10, 1)
INGEST_3 = dt.datetime(2024, 10, 1, 12, 0, tzinfo=dt.timezone.utc)


def _taobao(order_id: str, created: str, amount: str, status: str = "交易成功",
            category: str | None = None, title: str = "龙井茶叶", name: str = "买家") -> dict:
    return {"订单编号": f'="{order_id}"', "买家会员名": f"tb_{order_id[-3:]}", "买家应付货款": amount,
            "买家应付邮费": "0.00", "总金额": amount, "买家实际支付金额": amount, "订单状态": status,
            "收货人姓名": name, "收货地址": "浙江省 杭州市 西湖区 文三路 1 号(310012)",
            "联系手机": "'13800138000", "订单创建时间": created, "订单付款时间": created,
            "宝贝标题": title, "宝贝种类": "1", "宝贝总数量": "1", "商品分类": category}


# Taobao order ids of the RFM set, by the customer entity resolution merges them into.
TAOBAO_CUSTOMERS: dict[str, list[str]] = {
    "C-VIP": ["3012345678900000101", "3012345678900000102", "3012345678900000103",
              "3012345678900000104", "3012345678900000105"],
    "C-LOYAL": ["3012345678900000201", "3012345678900000202", "3012345678900000203"],
    "C-TWICE": ["3012345678900000301", "3012345678900000302"],
}
OLD_ORDER = "3012345678900000401"      # one order, 487 days before the reference date
DORMANT_ORDER = "3012345678900000501"  # one big order, 242 days before

EXTRA_FILES: dict[str, list[dict]] = {
    "shopify__orders": [
        base._file("shopify", EXPORT_3, "orders_export_2.csv", INGEST_3, [
            {"Name": "#1003", "Email": "anna@example.de", "Financial Status": "paid",
             "Paid at": "2024-09-25 10:00:00 +0200", "Fulfillment Status": "fulfilled",
             "Currency": "EUR", "Subtotal": "89.99", "Shipping": "10.00", "Taxes": "0.00",
             "Total": "99.99", "Created at": "2024-09-25 10:00:00 +0200",
             "Lineitem quantity": "1", "Lineitem name": "Porcelain Tea Set - 6 pcs",
             "Lineitem price": "89.99", "Lineitem sku": "PTS-6", "Billing Name": "Anna Schmidt",
             "Billing Country": "DE", "Id": "5678901234569"},
            # 20:30 at UTC-7 = 03:30 UTC next day = 11:30 in Shanghai: order_date 2024-09-01
            {"Name": "#1004", "Email": "bob@example.com", "Financial Status": "pending",
             "Fulfillment Status": "unfulfilled", "Currency": "USD", "Subtotal": "20.00",
             "Shipping": "0.00", "Total": "20.00", "Created at": "2024-08-31 20:30:00 -0700",
             "Lineitem quantity": "1", "Lineitem name": "Jade Roller", "Lineitem price": "20.00",
             "Lineitem sku": "JR-01", "Billing Name": "Bob Smith", "Id": "5678901234570"},
        ]),
    ],
    "taobao__orders": [
        base._file("taobao", EXPORT_3, "ExportOrderList202410010900.csv", INGEST_3, [
            # C-VIP: 4 paid orders (2600.00) + 1 closed order, last on the reference date
            _taobao("3012345678900000101", "2024-09-30 10:00:00", "500.00", category="茶/咖啡/冲饮"),
            _taobao("3012345678900000102", "2024-09-20 10:00:00", "600.00", category="餐饮具"),
            _taobao("3012345678900000103", "2024-07-01 10:00:00", "700.00", category="茶/咖啡/冲饮"),
            _taobao("3012345678900000104", "2024-03-01 10:00:00", "800.00", category="餐饮具"),
            _taobao("3012345678900000105", "2024-09-10 10:00:00", "999.00", status="交易关闭",
                    category="茶/咖啡/冲饮"),
            # C-LOYAL: 3 paid orders (1000.00)
            _taobao("3012345678900000201", "2024-09-15 10:00:00", "300.00", category="茶/咖啡/冲饮"),
            _taobao("3012345678900000202", "2024-06-15 10:00:00", "300.00"),
            _taobao("3012345678900000203", "2024-01-15 10:00:00", "400.00"),
            # C-TWICE: 2 paid orders (250.00)
            _taobao("3012345678900000301", "2024-09-01 10:00:00", "100.00"),
            _taobao("3012345678900000302", "2023-12-01 10:00:00", "150.00"),
            # one-off buyers
            _taobao(OLD_ORDER, "2023-06-01 10:00:00", "50.00"),
            _taobao(DORMANT_ORDER, "2024-02-01 10:00:00", "1500.00", status="卖家已发货"),
        ]),
    ],
    "feedback__tickets": [
        base._file("feedback", EXPORT_2, "feedback_2024-08-26.csv", INGEST_2, [
            {"ticket_id": "FB-0003", "created_at": "2024-08-26 10:00:00", "channel": "WeChat",
             "content": "收到的商品有破损，申请退换", "satisfaction": "1", "status": "open"},
            {"ticket_id": "FB-0004", "created_at": "2024-08-26 11:00:00", "channel": "微信",
             "content": "尺码偏小，建议买大一码", "satisfaction": "3", "status": "resolved"},
            {"ticket_id": "FB-0005", "created_at": "2024-08-26 12:00:00", "channel": "web",
             "email": "pay@example.com",
             "content": 'Please add more payment options, e.g. "Apple Pay".', "status": "pending"},
            {"ticket_id": "FB-0006", "created_at": "2024-08-26 13:00:00", "channel": "app",
             "email": "cs@example.com", "content": "Customer service was very helpful.",
             "satisfaction": "5", "status": "closed"},
            {"ticket_id": "FB-0007", "created_at": "2024-08-26 14:00:00", "channel": "Email",
             "email": "tr@example.com", "content": "Can you translate the manual?", "status": "open"},
            {"ticket_id": "FB-0008", "created_at": "2024-08-26 15:00:00", "channel": "email",
             "email": "q@example.com", "category": "Product Quality",
             "content": "Great quality, will order again!", "satisfaction": "5", "status": "resolved"},
            {"ticket_id": "FB-0009", "created_at": "2024-08-26 16:00:00", "channel": "微博",
             "customer_name": "李娜", "category": "returns", "content": "退货流程太复杂",
             "satisfaction": "2", "status": "pending"},
        ]),
    ],
    "fxiaoke__followups": [
        base._file("fxiaoke", EXPORT_3, "销售记录_20241001.xlsx", INGEST_3, [
            {"记录编号": "GJ-004", "客户名称": "杭州星辰科技有限公司", "联系人": "张伟", "联系人编号": "LXR-0001",
             "跟进方式": "视频会议", "跟进时间": "2024-09-02 10:00:00", "跟进结果": "成功", "满意度": "4"},
            {"记录编号": "GJ-005", "客户名称": "杭州星辰科技有限公司", "联系人": "张伟", "联系人编号": "LXR-0001",
             "跟进方式": "邮件往来", "跟进时间": "2024-09-03 10:00:00", "跟进结果": "跟进中"},
            {"记录编号": "GJ-006", "客户名称": "北京远航贸易有限公司", "联系人": "王芳", "联系人编号": "LXR-0002",
             "跟进方式": "电话 ", "跟进时间": "2024-09-04 10:00:00", "跟进结果": "成功", "满意度": "3"},
        ]),
    ],
    "zoho_crm__calls": [
        base._file("zoho_crm", EXPORT_3, "Calls_2024_10_01.csv", INGEST_3, [
            {"Record Id": "zcrm_3152079000000200003", "Subject": "Follow-up call", "Call Type": "Outbound",
             "Contact Id": "3152079000000153080", "Contact Name": "Tom Brown",
             "Call Start Time": "2024-09-05 10:00:00", "Call Duration (in seconds)": "300",
             "Call Result": "Requested call back"},
        ]),
    ],
    "hubspot__contacts": [
        base._file("hubspot", EXPORT_3, "hubspot-crm-exports-all-contacts-2024-10-01.csv", INGEST_3, [
            {"Record ID": "51103", "First Name": "Li", "Last Name": "Lei", "Email": "li.lei@example.com",
             "Industry": "Information Technology and Services", "Lifecycle Stage": "Marketing Qualified Lead",
             "Create Date": "2024-09-01 09:00"},
            {"Record ID": "51104", "First Name": "Han", "Last Name": "Mei", "Email": "han.mei@example.com",
             "Industry": "生物科技", "Lifecycle Stage": "salesqualifiedlead", "Create Date": "2024-09-01 09:00"},
            {"Record ID": "51105", "First Name": "Sam", "Last Name": "Lee", "Email": "sam@example.com",
             "Industry": "Fintech", "Lifecycle Stage": "Subscriber", "Create Date": "2024-09-01 09:00"},
            {"Record ID": "51106", "First Name": "Eve", "Last Name": "Ng", "Email": "eve@example.com",
             "Industry": "Widgets", "Lifecycle Stage": "Evangelist", "Create Date": "2024-09-01 09:00"},
            {"Record ID": "51107", "First Name": "Kai", "Last Name": "Wu", "Email": "kai@example.com",
             "Industry": "ＩＴ服务", "Lifecycle Stage": "opportunity", "Create Date": "2024-09-01 09:00"},
        ]),
    ],
    "salesforce__opportunities": [
        base._file("salesforce", EXPORT_3, "Opportunity.csv", INGEST_3, [
            {"Id": "0065g00000OpP3AAAA", "IsDeleted": "false", "AccountId": "0015g00000AcMeAAAA",
             "Name": "Acme expansion", "StageName": "Negotiation/Review", "Amount": "8000",
             "CloseDate": "2024-11-30", "IsClosed": "false", "IsWon": "false",
             "CreatedDate": "2024-09-01T00:00:00.000Z"},
            {"Id": "0065g00000OpP4AAAA", "IsDeleted": "false", "AccountId": "0015g00000BeTaAAAA",
             "Name": "Beta pilot", "StageName": "Closed Lost", "Amount": "1500",
             "CloseDate": "2024-09-15", "IsClosed": "true", "IsWon": "false",
             "CreatedDate": "2024-08-01T00:00:00.000Z"},
            {"Id": "0065g00000OpP5AAAA", "IsDeleted": "false", "AccountId": "0015g00000BeTaAAAA",
             "Name": "Beta restock", "StageName": "Id. Decision Makers", "Amount": "2500",
             "CloseDate": "2024-12-15", "IsClosed": "false", "IsWon": "false",
             "CreatedDate": "2024-09-10T00:00:00.000Z"},
            {"Id": "0065g00000OpP6AAAA", "IsDeleted": "false", "AccountId": "0015g00000AcMeAAAA",
             "Name": "Acme add-on", "StageName": "Qualification", "Amount": "900",
             "CloseDate": "2024-12-20", "IsClosed": "false", "IsWon": "false",
             "CreatedDate": "2024-09-12T00:00:00.000Z"},
        ]),
    ],
    "fxiaoke__accounts": [
        # re-exported with 成交状态 filled: the later version of each account wins
        base._file("fxiaoke", EXPORT_3, "客户_20241001.xlsx", INGEST_3, [
            {"客户编号": "KH-001", "客户名称": "杭州星辰科技有限公司", "行业": "互联网", "省": "浙江省",
             "市": "杭州市", "成交状态": "多次成交", "创建时间": "2024-01-01 00:00:00"},
            {"客户编号": "KH-002", "客户名称": "北京远航贸易有限公司", "行业": "贸易", "省": "北京市",
             "市": "北京市", "成交状态": "未成交", "创建时间": "2024-01-02 00:00:00"},
            {"客户编号": "KH-003", "客户名称": "北京远航贸易有限公司", "行业": "物流运输", "省": "上海市",
             "市": "上海市", "成交状态": "已成交", "创建时间": "2024-01-03 00:00:00"},
        ]),
    ],
}

# customer_id -> (r, f, m, segment, customer_type) for every customer with a paid order,
# reference date 2024-09-30 (C-VIP's last order). Worked by hand in tests/dbt/test_marts.py.
EXPECTED_RFM: dict[str, tuple[int, int, int, str, str]] = {
    "C-VIP": (5, 5, 5, "Champions", "returning"),
    "C-LOYAL": (3, 4, 3, "Loyal", "returning"),
    "C-TWICE": (3, 3, 2, "Need Attention", "returning"),
    "C-shopify:#1003": (4, 1, 2, "Potential Loyalists", "new"),
    "C-shopify:#1001": (2, 1, 3, "Hibernating", "new"),
    "C-taobao:3012345678901234567": (2, 1, 1, "Hibernating", "new"),
    f"C-taobao:{DORMANT_ORDER}": (1, 1, 4, "At Risk", "dormant"),
    f"C-taobao:{OLD_ORDER}": (1, 1, 1, "Hibernating", "lost"),
}


def files() -> dict[str, list[dict]]:
    """The base fixture's files plus the marts' extra files."""
    merged = copy.deepcopy(base.FILES)
    for table, extra in EXTRA_FILES.items():
        merged.setdefault(table, []).extend(copy.deepcopy(extra))
    return merged


def build_raw(database: str | Path) -> dict[str, int]:
    return base.build_raw(database, files())


def write_customer_xref(database: str | Path) -> int:
    """Write marts.customer_xref as entity resolution would: one row per live mention of
    intermediate.int_customer_mentions. Identity (customer_id = 'C-' || mention_key),
    except the Taobao orders of TAOBAO_CUSTOMERS, merged into one customer each."""
    merges = [(f"taobao:{order}", customer)
              for customer, orders in TAOBAO_CUSTOMERS.items() for order in orders]
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute("CREATE OR REPLACE TEMP TABLE merges (mention_key VARCHAR, customer_id VARCHAR)")
        con.executemany("INSERT INTO merges VALUES (?, ?)", merges)
        con.execute("""
            CREATE OR REPLACE TABLE marts.customer_xref AS
            SELECT m.mention_key, m.source_system, m.source_record_id,
                   coalesce(merges.customer_id, 'C-' || m.mention_key) AS customer_id
            FROM intermediate.int_customer_mentions AS m
            LEFT JOIN merges USING (mention_key)
            ORDER BY m.mention_key""")
        return con.execute("SELECT count(*) FROM marts.customer_xref").fetchone()[0]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} WAREHOUSE.duckdb")
    for name, count in build_raw(sys.argv[1]).items():
        print(f"raw.{name}: {count} rows")
