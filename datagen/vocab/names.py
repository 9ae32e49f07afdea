"""Person-name vocabularies with their romanisations.

Chinese characters carry an explicit pinyin reading (the one used *in names*, e.g.
单 = shan, 曾 = zeng) so the truth never depends on a heteronym guess by a library.
Characters with ü readings are left out: their ASCII spelling (lv/lu/lyu) is ambiguous.
"""

from __future__ import annotations

# (surname, pinyin, relative frequency)
CN_SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "wang", 7.2), ("李", "li", 7.1), ("张", "zhang", 6.8), ("刘", "liu", 5.4),
    ("陈", "chen", 4.5), ("杨", "yang", 3.1), ("黄", "huang", 2.4), ("赵", "zhao", 2.3),
    ("吴", "wu", 2.0), ("周", "zhou", 1.9), ("徐", "xu", 1.4), ("孙", "sun", 1.4),
    ("马", "ma", 1.3), ("朱", "zhu", 1.2), ("胡", "hu", 1.1), ("郭", "guo", 1.1),
    ("何", "he", 1.0), ("高", "gao", 1.0), ("林", "lin", 1.0), ("罗", "luo", 0.9),
    ("郑", "zheng", 0.9), ("梁", "liang", 0.8), ("谢", "xie", 0.7), ("宋", "song", 0.7),
    ("唐", "tang", 0.6), ("许", "xu", 0.6), ("韩", "han", 0.6), ("冯", "feng", 0.6),
    ("邓", "deng", 0.6), ("曹", "cao", 0.5), ("彭", "peng", 0.5), ("曾", "zeng", 0.5),
    ("肖", "xiao", 0.5), ("田", "tian", 0.4), ("董", "dong", 0.4), ("袁", "yuan", 0.4),
    ("潘", "pan", 0.4), ("于", "yu", 0.4), ("蒋", "jiang", 0.4), ("蔡", "cai", 0.4),
    ("余", "yu", 0.4), ("杜", "du", 0.4), ("叶", "ye", 0.4), ("程", "cheng", 0.4),
    ("苏", "su", 0.3), ("魏", "wei", 0.3), ("丁", "ding", 0.3), ("任", "ren", 0.3),
    ("沈", "shen", 0.3), ("姚", "yao", 0.3), ("卢", "lu", 0.3), ("姜", "jiang", 0.3),
    ("崔", "cui", 0.3), ("钟", "zhong", 0.3), ("谭", "tan", 0.3), ("陆", "lu", 0.3),
    ("汪", "wang", 0.3), ("范", "fan", 0.3), ("金", "jin", 0.3), ("石", "shi", 0.3),
    ("廖", "liao", 0.2), ("贾", "jia", 0.2), ("夏", "xia", 0.2), ("韦", "wei", 0.2),
    ("付", "fu", 0.2), ("方", "fang", 0.2), ("白", "bai", 0.2), ("邹", "zou", 0.2),
    ("孟", "meng", 0.2), ("熊", "xiong", 0.2), ("秦", "qin", 0.2), ("邱", "qiu", 0.2),
    ("江", "jiang", 0.2), ("尹", "yin", 0.2), ("薛", "xue", 0.2), ("段", "duan", 0.2),
    ("雷", "lei", 0.2), ("侯", "hou", 0.2), ("龙", "long", 0.2), ("史", "shi", 0.2),
    ("陶", "tao", 0.2), ("黎", "li", 0.2), ("贺", "he", 0.2), ("顾", "gu", 0.2),
    ("毛", "mao", 0.2), ("郝", "hao", 0.2), ("龚", "gong", 0.2), ("邵", "shao", 0.2),
    ("万", "wan", 0.2), ("钱", "qian", 0.2), ("严", "yan", 0.2), ("武", "wu", 0.2),
    ("戴", "dai", 0.2), ("莫", "mo", 0.1), ("孔", "kong", 0.1), ("向", "xiang", 0.1),
    ("汤", "tang", 0.1), ("单", "shan", 0.05), ("解", "xie", 0.03),
    ("欧阳", "ouyang", 0.08), ("司马", "sima", 0.02), ("上官", "shangguan", 0.02),
    ("诸葛", "zhuge", 0.02),
)

# Given-name characters by gender, (hanzi, pinyin).
CN_GIVEN_M: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("刚", "gang"),
    ("平", "ping"), ("辉", "hui"), ("鹏", "peng"), ("华", "hua"), ("飞", "fei"),
    ("鑫", "xin"), ("波", "bo"), ("斌", "bin"), ("宇", "yu"), ("浩", "hao"),
    ("凯", "kai"), ("健", "jian"), ("俊", "jun"), ("帆", "fan"), ("帅", "shuai"),
    ("旭", "xu"), ("宁", "ning"), ("龙", "long"), ("林", "lin"), ("阳", "yang"),
    ("洋", "yang"), ("峰", "feng"), ("建", "jian"), ("国", "guo"), ("志", "zhi"),
    ("文", "wen"), ("东", "dong"), ("海", "hai"), ("晨", "chen"), ("博", "bo"),
    ("昊", "hao"), ("天", "tian"), ("子", "zi"), ("轩", "xuan"), ("睿", "rui"),
    ("泽", "ze"), ("然", "ran"), ("哲", "zhe"), ("成", "cheng"), ("立", "li"),
    ("新", "xin"), ("亮", "liang"), ("春", "chun"), ("嘉", "jia"), ("振", "zhen"),
    ("永", "yong"), ("德", "de"), ("荣", "rong"), ("庆", "qing"), ("兴", "xing"),
    ("良", "liang"), ("铭", "ming"), ("毅", "yi"), ("锋", "feng"), ("小", "xiao"),
    ("晓", "xiao"), ("一", "yi"), ("喆", "zhe"), ("堃", "kun"), ("赟", "yun"),
)
CN_GIVEN_F: tuple[tuple[str, str], ...] = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("艳", "yan"), ("娟", "juan"), ("霞", "xia"), ("燕", "yan"), ("玲", "ling"),
    ("婷", "ting"), ("雪", "xue"), ("慧", "hui"), ("莹", "ying"), ("倩", "qian"),
    ("琳", "lin"), ("颖", "ying"), ("欣", "xin"), ("悦", "yue"), ("怡", "yi"),
    ("佳", "jia"), ("萍", "ping"), ("红", "hong"), ("梅", "mei"), ("兰", "lan"),
    ("秀", "xiu"), ("英", "ying"), ("云", "yun"), ("洁", "jie"), ("琴", "qin"),
    ("璐", "lu"), ("晶", "jing"), ("露", "lu"), ("雨", "yu"), ("思", "si"),
    ("梦", "meng"), ("诗", "shi"), ("涵", "han"), ("萱", "xuan"), ("蕾", "lei"),
    ("薇", "wei"), ("馨", "xin"), ("月", "yue"), ("丹", "dan"), ("凤", "feng"),
    ("雯", "wen"), ("婧", "jing"), ("瑶", "yao"), ("琪", "qi"), ("晴", "qing"),
    ("小", "xiao"), ("晓", "xiao"), ("美", "mei"), ("玥", "yue"), ("桂", "gui"),
)
# Characters outside GBK (a Taobao export writes them as "?"); used rarely.
CN_GIVEN_RARE: tuple[tuple[str, str], ...] = (("䶮", "yan"), ("𠮷", "ji"))

# Very common full names: different true people share them (hard negatives).
# (family, given, family pinyin, given pinyin syllables, gender)
CN_COMMON_NAMES: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("张", "伟", "zhang", ("wei",), "M"), ("王", "伟", "wang", ("wei",), "M"),
    ("王", "芳", "wang", ("fang",), "F"), ("李", "伟", "li", ("wei",), "M"),
    ("李", "娜", "li", ("na",), "F"), ("张", "敏", "zhang", ("min",), "F"),
    ("李", "静", "li", ("jing",), "F"), ("王", "静", "wang", ("jing",), "F"),
    ("刘", "伟", "liu", ("wei",), "M"), ("王", "秀英", "wang", ("xiu", "ying"), "F"),
    ("张", "丽", "zhang", ("li",), "F"), ("李", "强", "li", ("qiang",), "M"),
    ("刘", "洋", "liu", ("yang",), "M"), ("陈", "静", "chen", ("jing",), "F"),
)

CN_ENGLISH_NAMES_M = ("David", "Kevin", "Jason", "Tony", "Michael", "Eric", "Jack", "Leo",
                      "Vincent", "Peter", "Frank", "Allen", "Steven", "Henry", "Alex")
CN_ENGLISH_NAMES_F = ("Grace", "Lily", "Amy", "Cindy", "Vivian", "Linda", "Helen", "Sophia",
                      "Emma", "Jessica", "Cherry", "Coco", "Wendy", "Tina", "Iris")

# Western given names: (formal, gender, nicknames)
WESTERN_GIVEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Robert", "M", ("Bob", "Rob", "Bobby")), ("William", "M", ("Bill", "Will", "Billy")),
    ("James", "M", ("Jim", "Jimmy")), ("John", "M", ("Johnny", "Jack")),
    ("Michael", "M", ("Mike", "Mick")), ("Richard", "M", ("Rick", "Dick")),
    ("Thomas", "M", ("Tom", "Tommy")), ("Christopher", "M", ("Chris",)),
    ("Joseph", "M", ("Joe",)), ("Daniel", "M", ("Dan", "Danny")),
    ("Matthew", "M", ("Matt",)), ("Anthony", "M", ("Tony",)), ("Andrew", "M", ("Andy", "Drew")),
    ("Nicholas", "M", ("Nick",)), ("Samuel", "M", ("Sam",)), ("Benjamin", "M", ("Ben",)),
    ("Edward", "M", ("Ed", "Ted")), ("Jonathan", "M", ("Jon",)), ("Alexander", "M", ("Alex",)),
    ("David", "M", ("Dave",)), ("Steven", "M", ("Steve",)), ("Charles", "M", ("Charlie", "Chuck")),
    ("Peter", "M", ("Pete",)), ("Mark", "M", ()), ("Paul", "M", ()), ("George", "M", ()),
    ("Lukas", "M", ()), ("Jürgen", "M", ()), ("José", "M", ("Pepe",)), ("Oliver", "M", ("Ollie",)),
    ("Elizabeth", "F", ("Liz", "Beth", "Betty")), ("Katherine", "F", ("Kate", "Katie", "Kathy")),
    ("Margaret", "F", ("Maggie", "Peggy")), ("Jennifer", "F", ("Jen", "Jenny")),
    ("Patricia", "F", ("Pat", "Patty")), ("Susan", "F", ("Sue",)), ("Rebecca", "F", ("Becky",)),
    ("Deborah", "F", ("Deb", "Debbie")), ("Victoria", "F", ("Vicky", "Tori")),
    ("Jessica", "F", ("Jess",)), ("Alexandra", "F", ("Alex", "Sasha")), ("Mary", "F", ()),
    ("Sarah", "F", ()), ("Emily", "F", ("Em",)), ("Laura", "F", ()), ("Anna", "F", ("Annie",)),
    ("Sophie", "F", ()), ("Olivia", "F", ("Liv",)), ("Charlotte", "F", ("Lottie",)),
    ("Hannah", "F", ()), ("Zoë", "F", ()), ("Chloé", "F", ()),
)
WESTERN_FAMILY: tuple[tuple[str, float], ...] = (
    ("Smith", 5.0), ("Johnson", 3.5), ("Williams", 3.0), ("Brown", 3.0), ("Jones", 2.8),
    ("Miller", 2.2), ("Davis", 2.0), ("Garcia", 1.8), ("Rodriguez", 1.5), ("Wilson", 1.5),
    ("Martinez", 1.4), ("Anderson", 1.3), ("Taylor", 1.4), ("Thomas", 1.2), ("Moore", 1.1),
    ("Martin", 1.1), ("Jackson", 1.0), ("Thompson", 1.0), ("White", 1.0), ("Harris", 0.9),
    ("Clark", 0.9), ("Lewis", 0.9), ("Robinson", 0.8), ("Walker", 0.8), ("Young", 0.8),
    ("Allen", 0.7), ("King", 0.7), ("Wright", 0.7), ("Scott", 0.7), ("Green", 0.7),
    ("Baker", 0.6), ("Adams", 0.6), ("Nelson", 0.6), ("Hill", 0.6), ("Campbell", 0.6),
    ("Mitchell", 0.5), ("Roberts", 0.5), ("Carter", 0.5), ("Phillips", 0.5), ("Evans", 0.5),
    ("Turner", 0.5), ("Parker", 0.5), ("Collins", 0.5), ("Edwards", 0.5), ("Stewart", 0.5),
    ("Murphy", 0.5), ("Cook", 0.4), ("Morgan", 0.4), ("Cooper", 0.4), ("Bennett", 0.4),
    ("Hughes", 0.4), ("Wood", 0.4), ("Price", 0.4), ("Patel", 0.6), ("Singh", 0.4),
    ("Müller", 0.5), ("Schmidt", 0.5), ("Schneider", 0.4), ("Fischer", 0.4), ("Weber", 0.4),
    ("Meyer", 0.4), ("Wagner", 0.3), ("Becker", 0.3), ("Schäfer", 0.2), ("Nguyen", 0.4),
    ("Kim", 0.3), ("MacDonald", 0.2), ("Fernández", 0.2), ("Dubois", 0.2), ("Rossi", 0.2),
)
# Common full Western names shared by different true people.
WESTERN_COMMON_NAMES: tuple[tuple[str, str], ...] = (
    ("John", "Smith"), ("Michael", "Johnson"), ("Mary", "Smith"), ("David", "Brown"),
    ("James", "Williams"), ("Sarah", "Jones"),
)

HONORIFICS_M = ("Mr.", "Dr.", "Prof.")
HONORIFICS_F = ("Ms.", "Mrs.", "Dr.", "Miss")
CN_HONORIFIC = {"M": "先生", "F": "女士"}
