"""The words the figure engine knows: units, the connectives before a figure, the markers of relations.

Every sentence pattern of jixiao lives here and nowhere else (HOUSE.md, "One reading of the text").
The vocabulary is taken from the seeds and the documents of ``tests/corpus/real/dev``: 部门决算
情况说明 (财政部《部门决算编制说明》 wording: "比上年增加…，增长…%", "完成年初预算的…%",
"其中：…"), 整体支出绩效自评报告 and 项目支出绩效自评报告 (财预〔2020〕10号 annexes).
"""

from __future__ import annotations

import re
from typing import Final

from jixiao.text import CN_NUMERAL_CHARS

# --- units ---------------------------------------------------------------------------------------

UNITS: Final[tuple[str, ...]] = tuple(
    sorted(
        [
            "亿元",
            "万元",
            "千元",
            "元",
            "万人次",
            "万人",
            "万户",
            "万家",
            "万件",
            "万笔",
            "万份",
            "万册",
            "万亩",
            "万吨",
            "万平方米",
            "万",
            "人次",
            "平方米",
            "个工作日",
            "工作日",
            "个月",
            "小时",
            "公里",
            "千米",
            "%",
            "‰",
            "人",
            "个",
            "辆",
            "台",
            "套",
            "次",
            "户",
            "家",
            "件",
            "项",
            "笔",
            "名",
            "位",
            "所",
            "间",
            "份",
            "册",
            "场",
            "期",
            "批",
            "条",
            "类",
            "亩",
            "吨",
            "米",
            "天",
            "日",
            "年",
            "月",
            "周",
            "岁",
            "分",
            "倍",
        ],
        key=len,
        reverse=True,
    )
)
"""Units as printed after a figure, longest first."""

COUNT_UNITS: Final[str] = "个人名项次辆台户家件位所批条类"
"""Units after which a Chinese numeral is a count ("设六个内设机构", "两名")."""

PER_UNIT: Final = re.compile(r"[/／](人·月|人月|平方米|人次|[人月年次户天日件份])")
"""A unit per something after a figure: 2932元/月, 50元/人次."""

# --- what is not a quantity -----------------------------------------------------------------------

NUMBER: Final = re.compile(r"(?<![\d.A-Za-z])(?<!\d,)-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\dA-Za-z])")
"""A figure in normalised text: 251.21, 1,234,500.00, -2.37 (not part of a code like 12433100MB1E); after a
comma that follows words ("支出总计,867.48万元") it is a figure, after one that follows a digit it is not."""

CHINESE_COUNT: Final = re.compile(
    rf"(?<![{CN_NUMERAL_CHARS}统同唯第初每任逐单])([{CN_NUMERAL_CHARS}]+)(?=[{COUNT_UNITS}])"
)

NOT_QUANTITIES: Final = re.compile(
    r"\d{4}[-./年]\d{1,2}[-./月]\d{1,2}[日号]?"  # dates: 2024-04-30, 2024年12月31日
    r"|[〔\[［(（【]\d{4}[〕\]］)）】]第?\d+号"  # document numbers: 财预〔2020〕10号
    r"|(?<!\d)(?:0\d{2,3}[-－—]\d{7,8}|1[3-9]\d{9})(?!\d)"  # telephone numbers
    r"|(?<!\d)\d{1,2}月\d{1,2}[日号]"  # 12月31日
    r"|(?<![\d.])\d{1,2}月(?![\d个])"  # 5月, 12月份
    r"|(?<=月)\d{1,2}[日号]"  # 每月28日
    r"|\d+号"  # 3号 (addresses)
    r"|第[\d一二三四五六七八九十]+"  # ordinals
    r"|[（(]\d{1,2}[）)]"  # (3)
    r"|附件\d+"
)
"""Spans whose digits are not quantities."""

SECTION_NUMBER: Final = re.compile(r"(?:^|(?<=[。：:；;\n]))\d{1,2}[、．.](?!\d)")
"""A numbered item at the start of a clause: "1、", "2．", "3." (not "3.5")."""

YEAR: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-—~至到]((?:19|20)\d{2}))?年(度)?")
COMPARATIVE_BEFORE: Final = ("比", "较", "与", "上", "和", "、", "同")
COMPARATIVE_AFTER: Final = ("相比", "比较", "同期")

RELATIVE_YEARS: Final[tuple[tuple[str, int], ...]] = (
    ("上一年度", -1),
    ("上一年", -1),
    ("上年度", -1),
    ("上年", -1),
    ("去年", -1),
    ("本年度", 0),
    ("本年", 0),
    ("当年", 0),
    ("今年", 0),
)

# --- labels -----------------------------------------------------------------------------------

CLAUSE_SEPARATORS: Final[str] = "，,；;：:、\n"
LEADING_WORDS: Final[tuple[str, ...]] = (
    "其中",
    "主要包括",
    "具体包括",
    "包括",
    "分别为",
    "分别是",
    "具体为",
    "具体有",
    "主要用于",
    "用于",
    "另外",
    "此外",
    "以及",
    "及",
    "和",
    "即",
    "本单位",
    "本部门",
    "我单位",
    "我部门",
    "本中心",
    "我中心",
)
UP_WORDS: Final[tuple[str, ...]] = ("增加", "增长", "上升", "提高", "增幅", "涨幅", "增收", "增支", "增")
DOWN_WORDS: Final[tuple[str, ...]] = (
    "减少",
    "下降",
    "降低",
    "节约",
    "节省",
    "降幅",
    "减幅",
    "减收",
    "减支",
    "减",
)
FLAT_WORDS: Final[tuple[str, ...]] = ("基本持平", "相持平", "持平")
TOTAL_WORDS: Final[tuple[str, ...]] = ("合计", "总计", "共计")
VERBS: Final[tuple[str, ...]] = tuple(
    sorted(
        (
            *UP_WORDS,
            *DOWN_WORDS,
            *TOTAL_WORDS,
            "为",
            "是",
            "达到",
            "达",
            "共有",
            "共",
            "计",
            "约",
            "追加",
            "调增",
            "调减",
            "占",
            "完成",
            "实现",
            "累计",
        ),
        key=len,
        reverse=True,
    )
)
"""Words between a label and its figure, longest first (each may be followed by 了)."""

BUDGET_KINDS: Final = (
    "预算稳定调节基金",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "社会保险基金预算",
)
"""The four budgets of 《预算法》: names of kinds of money, not of budget figures."""

# --- relations --------------------------------------------------------------------------------

COMPLETION: Final = re.compile(
    r"(?:(?:完成|为)(?P<basis>年初|全年|年度|调整后?)?预算(?:数)?(?:的)?|预算完成率"
    r"|(?:预算|资金|支出|项目|经费)?(?:执行|支付|拨付|使用|支出|到位)(?:率|进度)"
    r"|(?:预算|资金|支出|经费)完成(?:率|进度))"
    r"(?:均)?(?:为|是|达到|达)?$"
)
"""Before a rate: "完成年初预算的", "为年初预算的", "完成调整预算的", "执行率", "预算执行率为", "预算完成率",
"支付率", "资金拨付率", "资金使用率", "资金到位率", "预算执行进度"."""

REMAINDER_WORDS: Final[tuple[str, ...]] = ("结余", "未支", "未使用", "未拨付", "剩余", "尚未", "未执行")
"""Labels of what is left of a budget ("结余0万元", "未支703万元"): budget = spent + left."""

SPENT_WORDS: Final[tuple[str, ...]] = ("支出", "执行", "使用", "拨付", "支付", "完成", "决算", "实际", "报账")
"""Labels of money spent ("已完成拨付", "资金已使用", "实际支出")."""

FUNDS_WORDS: Final[tuple[str, ...]] = ("资金", "经费", "金额", "总额", "投资", "款")
"""Endings of a label naming a sum of money made available ("项目资金共2179万元", "补助资金2.00万元")."""

GIVEN_WORDS: Final[tuple[str, ...]] = ("安排", "下达", "批复", "计划", "拨入", "到位", "核定")
"""Words of money made available, a completion's base ("下达资金", "计划投资", "到位资金")."""

SHARE: Final = re.compile(r"占(?:比)?(?P<whole>[^，,；;。%]*?)(?:的)?(?:比重|比例)?(?:为|是|达)?$")
"""Before a rate: "占", "占比", "占本年支出合计的", "占基本支出的比重为"."""

CHANGE: Final = re.compile(
    r"(?:与|比|较|同)(?P<year>上一?年度?|去年|(?:19|20)\d{2}年度?)(?:同期)?(?:决算数?|预算数?|实际数?)?(?:相比|比较)?"
    r"|(?:与|比|较)(?P<plan>(?:年初|全年|调整后?)?预算)数?(?:相比|比较)?"
    r"|同比|环比"
)
"""A comparison with an earlier year (比上年, 与上年相比, 较2021年, 同比) or with this year's budget
(较年初预算数, 比预算, 与全年预算相比: the base is the budget, last = now ∓ the change as for a year)."""

PARTS: Final = re.compile(r"其中|主要包括|具体包括|包括|分别为|分别是|具体为")

COMPOSED: Final = re.compile(r"(?:^|[，,])由(?!于|此)(?P<body>[^。；;]*?)(?:等)?(?:共同)?(?:构成|组成)")
"""A whole and the parts it is made of: "支出总计1867.48万元，由一般公共预算支出1867.48万元，加上解支出…等0万元
构成" (the whole before 由, or in the sentence before one that opens with 由)."""
"""After a whole, before its parts."""

LIST_START: Final = re.compile(r"[：:]|分别为|分别是|包括|加上")

LIST_ITEM: Final = re.compile(r"(?<=[）)。；;])\s*\d{1,2}[、．](?!\d)")
"""A numbered item after a closed clause ("…(1分)2、绩效目标…"): the parts of a 其中 before it end there."""

CONDITION: Final = re.compile(r"[，,；;](?:若|如果|如|否则|凡)")
"""A condition after a list ("，若单位无项目，得2分"): not one of its parts."""

RESPECTIVE_CHANGE: Final = re.compile(
    r"[，,；;](?:与[^，,。；;]{0,12}相比[，,]?|比[^，,。；;]{0,12}|较[^，,。；;]{0,12})?分别(?:比[^，,。；;]{0,12})?"
    r"(?:增加|减少|增长|下降|上升|降低|增支|减支|增收|减收)"
)
"""The changes of a list's parts told after it ("包括A0.14亿元和B1.27亿元，与2015年相比，分别减少0.18亿元和
0.56亿元"): the list ends where that clause starts; its figures are changes, not more parts."""

ADDING_CLAUSE: Final = re.compile(r"[，,；;]加上")
"""A clause that adds other sums to what was listed ("其中:税收收入…,非税收入…,加上上级补助收入…"): a list
of parts ends there."""

YEAR_WORDS: Final = re.compile(r"(?:19|20)\d{2}年度?|上一?年度?|本年度?|当年|今年|去年")
"""Year words that are not a subject ("2022年比上年…")."""

STATUS_WORDS: Final = re.compile(r"决算数?|预算数?|实际|执行数?|完成|总额|合计|总计")
"""Words of a figure's status, not of what it is ("支出决算" is a 支出)."""

RATE_BASE: Final = re.compile(r"^(?:完成|占|为)(?:全年|年初|调整后?|年度)?预算数?$")
"""The label of a budget printed as the base of a rate ("完成预算12.02万元的100%"): not a whole."""

CHANGE_SPLIT: Final = re.compile(r"(?:与|比|较|同比|环比)")
"""Where the subject of a change ends in its label ("收入较上年" → 收入)."""

JOINT_SUBJECTS: Final[dict[str, tuple[str, ...]]] = {
    "收支": ("收入", "支出"),
    "收、支": ("收入", "支出"),
    "收入、支出": ("收入", "支出"),
}
"""Subjects that name two figures stated equal ("收支较上年减少…": 收入 and 支出 alike)."""

JOINT_FIGURES: Final = re.compile(
    r"(?P<subject>收入、支出|收、支|收支)(?P<name>[^，,；;。各分\d]{0,6}?)(?:各|分别)"
    r"(?P<verb>是|为|增加|减少|增长|下降|降低|上升)?"
    r"(?P<a>\d+(?:\.\d+)?)(?P<unit>万元|亿元|千元|元)?[,，、](?P<b>\d+(?:\.\d+)?)"
)
"""Two figures of a joint subject, in order: "收、支总计各是4125.49,4143.91万元" (收入总计 4125.49, 支出总计
4143.91), "收、支总计各减少1267.86,2570.97万元" — the first figure takes the unit printed after the second."""

ADDING_WORDS: Final[tuple[str, ...]] = ("加上", "加")
"""Before the items added to a figure already stated ("收入238965万元，加上：上年结转…，收入总计…")."""

DIFFERENCE_WORDS: Final[tuple[str, ...]] = ("差值", "差额", "相差", "增减", "超支", "节约", "节余")
"""Labels of a difference between two figures: never a part of a total."""

CARRIED_WORDS: Final[tuple[str, ...]] = ("结转", "结余", "结存")
"""上年结转 / 上年结余: this year's money carried over, not last year's value of a figure."""

REASON: Final = re.compile(r"(?:主要)?原因|由于|因为|主要是")
"""The start of a reason given for a change ("下降22.31%,主要原因是2016年财政拨付1000万元政府债券"): the
figures after it explain the change, they are not the changed figure's earlier value."""

ENUMERATION: Final = re.compile(
    r"[^，,。；;：:]{0,8}[，,]?(?:分别为|分别是|具体有|具体为|包括|为|有)[：:](?P<items>[^。\n]+)"
)
ITEM_SEPARATORS: Final = re.compile(r"[、，,；;]")

COMPARISON: Final = re.compile(
    r"(?P<left>决算数?|支出数?|执行数|实际支出|实际数)(?P<word>大于|小于|等于|高于|低于|超过|少于|多于)"
    r"(?P<right>(?:年初|全年|调整后)?预算数?)"
)

ACTUAL_STAFF_WORDS: Final[tuple[str, ...]] = ("实有", "现有", "在职", "在岗", "在编")
"""Labels of the people a unit has ("实有人数", "现有在职职工", "实际在岗人数"), beside its 编制."""

COMPLETE_SPLITS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"基本", "项目"}),
    frozenset({"人员经费", "公用经费"}),
    frozenset({"人员经费", "公用经费", "项目"}),
    frozenset({"工资福利", "商品和服务", "对个人和家庭补助"}),
)
"""Sets of parts that make up their whole, by their labels without "支出" (:func:`split_label`):
支出 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; 支出 = 人员经费(支出) + 公用经费(支出) + 项目支出;
基本支出 = 工资福利支出 + 商品和服务支出 + 对个人和家庭的补助 (its economic classification)."""


def split_label(label: str) -> str:
    """A part's label as :data:`COMPLETE_SPLITS` names it: "人员经费支出" → "人员经费", "项目支出" → "项目",
    "对个人和家庭的补助支出" → "对个人和家庭补助"."""
    return label.removesuffix("支出").replace("的补助", "补助")


# --- subjects ---------------------------------------------------------------------------------

THREE_PUBLIC_NAME: Final = re.compile(
    r"“?三公”?经费|“三公经费”|因公出国[（(]境[）)]费用?|公务接待费|公务用车购置费?及运行维护?费"
    r"|公务用车运行维护?费(?:及|和|与)(?:公务用车)?购置费|公务用车运行维护费"
    r"|公务用车购置费|公务用车运行费"
)


GRADE: Final = re.compile(
    r"(?:(?:等级|等次|级别|档次|评价结果|评定|评价为|自评为|自评结果|评价结论|自评结论)(?:结果)?(?:为|是|[:：])?"
    r"|(?:属于|评为|定为|达到|为)(?=[“\"「]?(?:优秀|优|良好|良|中等|中|合格|较差|差)[”\"」]?(?:等级|等次|档次)(?!的)))"
    r"[“\"「]?(?P<grade>优秀|优|良好|良|中等|中|合格|较差|差)[”\"」]?"
    r"(?=[，,。；;、)）\s]|$|等|级|档)"
)
"""A grade stated in words: "评价等级为“优”", "整体绩效自评为优秀", "自评等次：良", "评价结论为优",
"自评结论为优秀", "评价级别为“优秀”", "属于“优”等级", "为“优”等级"."""
