"""The words of 年度指标值 / 实际完成值: comparators, directions and qualitative levels.

Comparator words (大于等于, 不低于, 以上, 以内, 左右 …), the indicator-name words that make an
indicator "lower is better" (成本, 费用, 时限, 投诉, 差错 … as in the reverse indicators of
财预〔2020〕10号, RULES.md §1.3 R-Q2), and the qualitative vocabulary normalised to levels for the
达成 / 部分达成 / 未达成 bands of RULES.md §1.4.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Comparator, Direction

# Symbols and words that stand immediately before the number, longest first.
PREFIX_COMPARATORS: list[tuple[str, Comparator]] = sorted(
    [
        ("≥", Comparator.GE),
        ("≤", Comparator.LE),
        (">", Comparator.GT),
        ("<", Comparator.LT),
        ("=", Comparator.EQ),
        ("≈", Comparator.APPROX),
        ("大于或等于", Comparator.GE),
        ("大于等于", Comparator.GE),
        ("高于或等于", Comparator.GE),
        ("高于等于", Comparator.GE),
        ("不低于", Comparator.GE),
        ("不少于", Comparator.GE),
        ("不小于", Comparator.GE),
        ("至少", Comparator.GE),
        ("最低", Comparator.GE),
        ("达到", Comparator.GE),
        ("达", Comparator.GE),
        ("高于", Comparator.GT),
        ("超过", Comparator.GT),
        ("大于", Comparator.GT),
        ("多于", Comparator.GT),
        ("小于或等于", Comparator.LE),
        ("小于等于", Comparator.LE),
        ("低于或等于", Comparator.LE),
        ("不超过", Comparator.LE),
        ("不超出", Comparator.LE),
        ("不超", Comparator.LE),
        ("不高于", Comparator.LE),
        ("不多于", Comparator.LE),
        ("不大于", Comparator.LE),
        ("至多", Comparator.LE),
        ("最高", Comparator.LE),
        ("控制在", Comparator.LE),
        ("控制", Comparator.LE),
        ("低于", Comparator.LT),
        ("小于", Comparator.LT),
        ("少于", Comparator.LT),
        ("等于", Comparator.EQ),
        ("约为", Comparator.APPROX),
        ("大约", Comparator.APPROX),
        ("约", Comparator.APPROX),
    ],
    key=lambda pair: -len(pair[0]),
)

# Words after the number and unit.
SUFFIX_COMPARATORS: list[tuple[str, Comparator]] = sorted(
    [
        ("及以上", Comparator.GE),
        ("或以上", Comparator.GE),
        ("以上", Comparator.GE),
        ("及以下", Comparator.LE),
        ("以下", Comparator.LE),
        ("以内", Comparator.LE),
        ("之内", Comparator.LE),
        ("内", Comparator.LE),
        ("封顶", Comparator.LE),
        ("左右", Comparator.APPROX),
        ("上下", Comparator.APPROX),
    ],
    key=lambda pair: -len(pair[0]),
)

# Words that may follow a number and unit without making the cell a comparison with something
# else ("≥95%的", "1200人完成").
HARMLESS_TAILS = (
    "完成",
    "发放",
    "到位",
    "兑付",
    "拨付",
    "足额",
    "的",
    "(含)",
    "含",
    "为宜",
    "为准",
    "即可",
)

# In an actual, these words before the number only say "reached", not "at least".
ACTUAL_PLAIN_WORDS = ("达到", "达", "约", "约为", "大约")

# Words in the cell that make lower better when no comparator is written.
LOWER_WORDS_RE = re.compile(r"下降|减少|降低|压减|压缩|节约|控制|不超过|不超|不高于|以内|以下|之内")

# Indicator names: always lower-better.
_STRONG_LOWER_NAME_RE = re.compile(
    r"差错|投诉|事故|逾期|变质|结余|调整率|调整次数|控制率|控制额|发生率|发生数|违规|违纪|损失|误差|超支|"
    r"失误|不超|超标|欠费|拖欠|返工"
)
# Names that are rates or degrees ("及时率", "满意度"): higher-better unless a strong word says otherwise.
_RATE_NAME_RE = re.compile(r"(率|度|性|比例|比重|覆盖面|水平)$")
# Weaker cost / time words.
_WEAK_LOWER_NAME_RE = re.compile(r"成本|费用|经费|费$|时限|时间|时长|用时|天数")


_BRACKETED_RE = re.compile(r"[(（][^)）]*[)）]")
_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def direction_from_name(indicator_name: str | None) -> Direction | None:
    """LOWER_BETTER for cost / time / complaint / error indicators, HIGHER_BETTER for rates, else None."""
    # a pure function of the name: cached (every target and comparison of an indicator asks; issue 11)
    if not indicator_name:
        return None
    name = _BRACKETED_RE.sub("", indicator_name)
    name = _SPACES_RE.sub("", name)
    if _STRONG_LOWER_NAME_RE.search(name):
        return Direction.LOWER_BETTER
    if _RATE_NAME_RE.search(name):
        return Direction.HIGHER_BETTER
    if _WEAK_LOWER_NAME_RE.search(name):
        return Direction.LOWER_BETTER
    return None


# Qualitative levels. Whole-cell words first (single characters only match a whole cell).
WHOLE_LEVELS: dict[str, str] = {
    "优": "excellent",
    "优秀": "excellent",
    "良": "good",
    "良好": "good",
    "中": "fair",
    "中等": "fair",
    "一般": "fair",
    "低": "low",
    "较低": "low",
    "差": "poor",
    "较差": "poor",
    "优良": "excellent_or_good",
    "优良中低差": "scale",
    "优良中差": "scale",
    "优良中低": "scale",
    "优秀良好中等差": "scale",
    "是": "yes",
    "有": "yes",
    "否": "no",
    "无": "none",
    "没有": "none",
    "高": "high",
    "较高": "high",
    "很高": "high",
    "满意": "satisfied",
    "很满意": "satisfied",
    "非常满意": "satisfied",
    "比较满意": "satisfied",
    "基本满意": "basically_satisfied",
    "不满意": "not_satisfied",
    "有效": "effective",
    "及时": "timely",
    "按时": "timely",
    "准时": "timely",
    "健全": "sound",
    "完善": "sound",
    "安全": "safe",
    "长期": "long_term",
    "稳定": "stable",
    "合格": "qualified",
    "达标": "achieved",
    "完成": "achieved",
    "已完成": "achieved",
    "到位": "achieved",
    "规范": "compliant",
    "提升": "improving",
    "提高": "improving",
    "改善": "improving",
}

# Searched in order inside the text.
LEVEL_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), level)
    for p, level in [
        (r"未达成|未完成|未达到|未实现|没有完成|未到位|不合格|不达标|没有达到", "not_achieved"),
        (r"部分达成|部分完成|基本完成|基本达成|基本达到|基本实现|部分实现|基本到位", "partly"),
        (r"应(.)尽\1|全覆盖|全部覆盖|全员覆盖", "full_coverage"),
        (r"不超过预算|不超预算|未超预算|未超支|预算(成本)?(范围)?内|控制在预算", "within_budget"),
        (
            r"按政策|按照政策|依政策|依据政策|按规定|按照规定|按国家规定|按标准|按照标准|参照|按要求|按照要求|依法依规",
            "as_policy",
        ),
        (
            r"效果明显|效果显著|成效明显|成效显著|明显改善|显著改善|显著提升|明显提升|显著提高|明显提高|大幅提升|大幅提高|"
            r"明显增强|显著增强|大幅改善",
            "significant",
        ),
        (
            r"稳步提升|不断提升|进一步提高|进一步提升|有所提升|有所提高|稳步提高|逐步提高|逐步提升|持续提升|持续提高|"
            r"巩固提高|巩固提升|持续改善|不断改善|逐步改善|有所改善|得到改善|不断提高|逐年提高|逐年提升|稳中有升|"
            r"改善|提升|提高|增强",
            "improving",
        ),
        (r"专款专用|符合政策|符合规定|符合要求|合规|无违规|依规|规范", "compliant"),
        (r"安全完整|安全运行|基金安全|运行安全|安全", "safe"),
        (r"按时足额|及时足额|按时|及时|准时", "timely"),
        (r"健全|完善", "sound"),
        (r"有效", "effective"),
        (
            r"达成预期|达成年度|已达成|达到预期|达到目标|实现目标|目标任务已完成|已完成|全部完成|完成|已开展|已落实|落实到位|"
            r"到位|达标|实现|达成",
            "achieved",
        ),
        (r"较好|良好|很好", "good"),
        (r"优秀", "excellent"),
        (r"满意", "satisfied"),
        (r"较高|很高", "high"),
        (r"长期|持续|可持续", "long_term"),
        (r"稳定|和谐", "stable"),
    ]
]

# Levels that, in an actual, say the target was reached.
POSITIVE_LEVELS = frozenset(
    {
        "achieved",
        "excellent",
        "good",
        "excellent_or_good",
        "significant",
        "improving",
        "full_coverage",
        "as_policy",
        "effective",
        "timely",
        "sound",
        "safe",
        "compliant",
        "within_budget",
        "yes",
        "high",
        "satisfied",
        "stable",
        "long_term",
        "qualified",
    }
)

GRADE_RANK: dict[str, int] = {
    "excellent": 4,
    "excellent_or_good": 3,
    "good": 3,
    "fair": 2,
    "low": 1,
    "poor": 0,
}

IMPROVEMENT_RANK: dict[str, int] = {"improving": 1, "significant": 2}

# A target that only describes how the indicator is computed ("实际完成工作数与计划工作数的比").
DEFINITION_RE = re.compile(r"的比$|之比|的比值|比率$|所带来的|直接或间接影响|满意程度$|的程度$|计算公式|=.*/")

# Verbs that open a task description ("开展党政廉政学习，防范基金风险").
TASK_VERB_RE = re.compile(
    r"^(开展|落实|做好|实施|规范|推进|推动|加强|确保|维护|维持|保障|保证|保护|促进|完成|建立|健全|提高|提升|减轻|改善|"
    r"实现|执行|贯彻|巩固|优化|服务|防范|严格|组织|提供|强化|深化|坚持|按时|及时|全面|持续|积极|认真|加快|扎实|切实|"
    r"进一步|不断|有效|着力|努力|力争|争取|保持|发挥|满足|解决|帮助|支持|引导|鼓励|宣传|培训|督促|监督|检查|整治|治理|"
    r"建设|打造|构建|完善|形成|增强|扩大|增加|减少|降低|防止|杜绝|避免|做到|达到|按照|依法|依规)"
)
