"""Companies, jobs, products, CRM pick-lists and free texts.

Pick-list values mirror what each system actually offers (Salesforce stages, Zoho call
results, fxiaoke 跟进方式) so downstream value tests see realistic domains.
"""

from __future__ import annotations

# Company name cores: (hanzi, pinyin) and Western cores.
CN_COMPANY_CORES: tuple[tuple[str, str], ...] = (
    ("星河", "Xinghe"), ("华创", "Huachuang"), ("远航", "Yuanhang"), ("恒信", "Hengxin"),
    ("博远", "Boyuan"), ("金桥", "Jinqiao"), ("天成", "Tiancheng"), ("瑞丰", "Ruifeng"),
    ("鼎盛", "Dingsheng"), ("新宇", "Xinyu"), ("汇通", "Huitong"), ("达安", "Da'an"),
    ("中科", "Zhongke"), ("云图", "Yuntu"), ("智联", "Zhilian"), ("海纳", "Haina"),
    ("宏图", "Hongtu"), ("盛世", "Shengshi"), ("永泰", "Yongtai"), ("嘉禾", "Jiahe"),
    ("青松", "Qingsong"), ("长风", "Changfeng"), ("明德", "Mingde"), ("锦程", "Jincheng"),
)
# (hanzi sector, English sector, industry label)
CN_SECTORS: tuple[tuple[str, str, str], ...] = (
    ("科技", "Technology", "Technology"), ("贸易", "Trading", "Retail"),
    ("电子", "Electronics", "Electronics"), ("实业", "Industrial", "Manufacturing"),
    ("信息技术", "Information Technology", "Technology"), ("生物", "Biotech", "Healthcare"),
    ("物流", "Logistics", "Transportation"), ("机械", "Machinery", "Manufacturing"),
    ("服饰", "Apparel", "Apparel"), ("食品", "Food", "Food & Beverage"),
    ("茶业", "Tea", "Food & Beverage"), ("进出口", "Import & Export", "Retail"),
)
INDUSTRY_CN: dict[str, str] = {
    "Technology": "信息技术", "Retail": "零售", "Electronics": "电子制造",
    "Manufacturing": "制造业", "Healthcare": "医疗健康", "Transportation": "物流运输",
    "Apparel": "服装纺织", "Food & Beverage": "食品饮料", "Consulting": "咨询服务",
    "Education": "教育培训", "Finance": "金融",
}
WESTERN_COMPANY_CORES: tuple[str, ...] = (
    "Northwind", "Brightline", "Bluepeak", "Summit", "Redwood", "Ironbridge", "Silverline",
    "Harbor", "Crescent", "Keystone", "Evergreen", "Pioneer", "Atlas", "Orion", "Granite",
    "Maple", "Cedar", "Lakeside", "Sterling", "Vertex", "Blackstone", "Clearwater",
)
# (English sector, industry label)
WESTERN_SECTORS: tuple[tuple[str, str], ...] = (
    ("Robotics", "Technology"), ("Foods", "Food & Beverage"), ("Logistics", "Transportation"),
    ("Analytics", "Technology"), ("Health", "Healthcare"), ("Labs", "Technology"),
    ("Systems", "Technology"), ("Trading", "Retail"), ("Outdoor", "Retail"),
    ("Design", "Consulting"), ("Capital", "Finance"), ("Learning", "Education"),
    ("Apparel", "Apparel"), ("Tea Company", "Food & Beverage"),
)
# Legal suffixes by country: (canonical, written variants)
LEGAL_SUFFIXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "US": (("Inc.", ("Inc.", "Inc", ", Inc.", "Incorporated", "")),
           ("LLC", ("LLC", "L.L.C.", "")), ("Corp.", ("Corp.", "Corporation", "Corp", ""))),
    "CA": (("Inc.", ("Inc.", "Inc", "")), ("Ltd.", ("Ltd.", "Limited", ""))),
    "GB": (("Ltd", ("Ltd", "Ltd.", "Limited", "")), ("PLC", ("PLC", "plc", ""))),
    "DE": (("GmbH", ("GmbH", "Gmbh", "GMBH", "")), ("AG", ("AG", ""))),
    "AU": (("Pty Ltd", ("Pty Ltd", "Pty. Ltd.", "")),),
    "SG": (("Pte. Ltd.", ("Pte. Ltd.", "Pte Ltd", "")),),
}
CN_LEGAL_SUFFIXES: tuple[tuple[str, str], ...] = (
    # (hanzi, English)
    ("有限公司", "Co., Ltd."), ("股份有限公司", "Co., Ltd."),
)
CN_EN_SUFFIX_VARIANTS: tuple[str, ...] = ("Co., Ltd.", "Co.,Ltd.", "Co. Ltd", "Co., Ltd", "Ltd.", "")

JOBS: tuple[tuple[str, str, str, str], ...] = (
    # (English title, English department, 职务, 部门)
    ("Purchasing Manager", "Purchasing", "采购经理", "采购部"),
    ("CEO", "Management", "总经理", "总经办"),
    ("Head of Sales", "Sales", "销售总监", "销售部"),
    ("CTO", "Engineering", "技术总监", "技术部"),
    ("Office Manager", "Administration", "行政主管", "行政部"),
    ("Finance Manager", "Finance", "财务经理", "财务部"),
    ("Engineer", "Engineering", "工程师", "技术部"),
    ("Product Manager", "Product", "产品经理", "产品部"),
    ("Marketing Specialist", "Marketing", "市场专员", "市场部"),
    ("Operations Manager", "Operations", "运营经理", "运营部"),
    ("Buyer", "Purchasing", "采购专员", "采购部"),
    ("Director, \"Key Accounts\"", "Sales", "大客户经理", "销售部"),
)

SF_OWNER_COUNT = 8
HUBSPOT_OWNERS = ("Emily Carter", "Jason Li", "Sarah Wong", "Michael Brown", "Anna Schmidt")
ZOHO_OWNERS = ("Kevin Li", "Lisa Wang", "Tom Chen", "Anna Schmidt", "Rajesh Kumar")
FXIAOKE_OWNERS = ("王磊", "陈静", "刘洋", "赵敏", "孙强", "周婷")

SF_LEAD_SOURCES = ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show",
                   "Other", "")
SF_ACCOUNT_TYPES = ("Customer - Direct", "Customer - Channel", "Prospect", "Partner", "Other")
SF_STAGES: tuple[tuple[str, bool, bool], ...] = (
    # (StageName, IsClosed, IsWon) in pipeline order
    ("Prospecting", False, False), ("Qualification", False, False),
    ("Needs Analysis", False, False), ("Proposal/Price Quote", False, False),
    ("Negotiation/Review", False, False), ("Closed Won", True, True),
    ("Closed Lost", True, False),
)
SF_OPP_PRODUCTS = ("500 Tea Sets", "Annual Supply Contract", "Pilot Order", "Distributor Deal",
                   "Q4 Restock", "Custom Packaging", "Trade Show Bundle", "Renewal 2025")

HUBSPOT_LIFECYCLE = ("Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead",
                     "Opportunity", "Customer", "Evangelist", "Other")
HUBSPOT_SOURCES = ("Organic Search", "Paid Search", "Direct Traffic", "Social Media",
                   "Email Marketing", "Referrals", "Offline Sources", "Paid Social")

ZOHO_LEAD_SOURCES = ("Advertisement", "Cold Call", "Employee Referral", "External Referral",
                     "Online Store", "Partner", "Trade Show", "Web Download", "Chat", "")
ZOHO_TAGS = ("", "", "", "VIP", "Trade Show 2024", "Distributor", "VIP;Distributor", "微信客户")
ZOHO_CALL_SUBJECTS = ("Follow-up call", "Product demo", "Pricing discussion", "Order status",
                      "Intro call", "Quarterly check-in", "回访电话", "报价沟通", "售后回访")
ZOHO_CALL_PURPOSES = ("Prospecting", "Administrative", "Negotiation", "Demo", "Project", "Desk")
ZOHO_CALL_RESULTS = ("Interested", "Not interested", "No response/Busy", "Requested more info",
                     "Requested call back", "Invalid number")
ZOHO_CALL_DESCRIPTIONS = (
    "", "", "Customer asked about bulk pricing.",
    "Left a voicemail, will try again.",
    "Discussed the \"premium\" package; sending a quote.",
    "Wants samples before placing the order.\nFollow up next week.",
    "客户询问发货时间，已告知7个工作日。",
    "Confirmed shipping address, invoice to follow.",
)

FX_CUSTOMER_LEVELS = ("重要客户", "普通客户", "一般客户", "")
FX_CUSTOMER_SOURCES = ("展会", "官网", "电话营销", "客户介绍", "阿里巴巴", "微信", "百度推广")
FX_DEAL_STATUS = ("已成交", "未成交", "多次成交")
FX_CONTACT_SOURCES = ("展会", "官网", "电话营销", "客户介绍", "微信", "老客户转介绍", "")
# 跟进方式: canonical values and free variants a salesperson types
FX_FOLLOWUP_METHODS = ("电话", "微信", "邮件", "拜访", "会议", "电话", "微信", "电话沟通",
                       "微信聊天", "上门拜访", "邮件往来", "视频会议", "电话 ", "微信沟通")
FX_FOLLOWUP_RESULTS = ("成功", "跟进中", "失败")
FX_FOLLOWUP_TEXTS = (
    "电话沟通采购需求，客户计划下月下单", "微信发送报价单，等待客户回复", "上门拜访，演示新产品",
    "客户反馈价格偏高，申请折扣", "邮件确认合同条款", "参加客户季度会议", "跟进样品测试结果",
    "客户暂无需求，三个月后再联系", "客户已付款，安排发货", "介绍新品茶具套装，客户感兴趣",
)

SHOPIFY_PRODUCTS: tuple[tuple[str, str, float], ...] = (
    ("Bamboo Travel Mug 350ml", "BTM-350", 24.00), ("Silk Eye Mask", "SEM-01", 18.50),
    ("Jasmine Green Tea 100g", "JGT-100", 12.90), ("Porcelain Tea Set - 6 pcs", "PTS-6", 89.00),
    ("Wireless Earbuds Pro", "WEP-2", 59.99), ("Phone Case - Black", "PC-BLK", 15.00),
    ("Yoga Mat 6mm", "YM-6", 39.00), ("Cashmere Scarf - Grey", "CS-GRY", 120.00),
    ("Ceramic Vase (M)", "CV-M", 45.00), ("Dumpling Steamer 10\"", "DS-10", 29.90),
    ("Longjing Tea Gift Box", "LJ-GB", 68.00), ("Jade Roller", "JR-01", 22.00),
)
SHOPIFY_DISCOUNTS = ("", "", "", "", "WELCOME10", "SUMMER24", "VIP15")

TAOBAO_PRODUCTS: tuple[tuple[str, str, float], ...] = (
    ("夏季新款纯棉T恤男短袖", "服装/男装", 59.0), ("龙井茶叶2024新茶明前特级250g", "茶/咖啡/冲饮", 238.0),
    ("无线蓝牙耳机降噪运动款", "影音电器", 199.0), ("儿童益智积木玩具", "玩具/童车", 89.0),
    ("家用不粘锅炒锅", "厨房/烹饪用具", 129.0), ("真丝眼罩睡眠遮光", "居家日用", 39.9),
    ("瑜伽垫加厚防滑", "运动/瑜伽", 69.0), ("手机壳适用iPhone15", "3C数码配件", 19.9),
    ("羊绒围巾女冬季", "服饰配件", 299.0), ("景德镇陶瓷茶具套装", "餐饮具", 168.0),
)
TAOBAO_MESSAGES = ("", "", "", "", "", "请尽快发货", "周末送货", "不要放快递柜，谢谢",
                   "发顺丰可以吗", "送人的，请不要放价格单", "请尽快发货😊", "包装好一点🙏")
TAOBAO_NICK_WORDS = ("小可爱", "爱购物", "快乐每一天", "静静", "阳光", "大白", "喵喵", "开心果")

FEEDBACK_CHANNELS = ("email", "wechat", "web", "phone", "app", "Email", "WeChat")
FEEDBACK_CATEGORIES = ("delivery", "product_quality", "billing", "returns", "service",
                       "suggestion")
FEEDBACK_STATUSES = ("open", "pending", "resolved", "closed")
FEEDBACK_TEXTS_CN = (
    "物流太慢了，等了一周才到", "产品质量很好，会再回购", "客服回复及时，点赞",
    "收到的商品有破损，申请退换", "发票什么时候能开？", "尺码偏小，建议买大一码",
    "包装很精美，送人很有面子", "希望增加更多颜色", "退款还没到账，请尽快处理", "App经常闪退",
)
FEEDBACK_TEXTS_EN = (
    "Delivery took longer than expected.", "Great quality, will order again!",
    "The item arrived damaged, please advise.", "How do I get an invoice for my order?",
    "Sizing runs small.", "Customer service was very helpful.", "Refund not received yet.",
    "Please add more payment options, e.g. \"Apple Pay\".", "Wrong item shipped, I ordered the black one.",
    "Love the packaging!",
)
