"""The parsed forms of 年度指标值 / 实际完成值 and the verdict on a pair of them.

A :class:`Target` is what one cell says (a number with comparator and unit, a change against last
year, a deadline, a qualitative level, or several of these for a compound cell); an
:class:`Assessment` says whether an actual meets a target and why, in Chinese, with the numbers.
The met / partly / missed bands follow 财预〔2020〕10号 as summarised in RULES.md §1.3–§1.4
(proportional completion for quantitative indicators; achieved / partly / not achieved for
qualitative ones).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .units import unit_base


class Comparator(StrEnum):
    """How the actual must relate to the target value."""

    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    EQ = "="
    APPROX = "≈"


COMPARATOR_LABELS: dict[Comparator, str] = {
    Comparator.GE: "不低于",
    Comparator.LE: "不超过",
    Comparator.GT: "高于",
    Comparator.LT: "低于",
    Comparator.EQ: "等于",
    Comparator.APPROX: "约为",
}


class TargetKind(StrEnum):
    """What sort of statement a cell holds."""

    NUMERIC = "numeric"  # ≥90%, 大于等于45万人, 1200 人
    CHANGE = "change"  # 比上年度下降10%, 同比增长5%
    DEADLINE = "deadline"  # 每月28日前发放, 2022年底前
    QUALITATIVE = "qualitative"  # 应保尽保, 稳步提升, 优
    UNKNOWN = "unknown"  # not understood; see Target.note


class Direction(StrEnum):
    """Which way is better for the measured quantity."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    EXACT = "exact"
    NONE = "none"


class Outcome(StrEnum):
    """达成 / 部分达成 / 未达成 / 无法判断."""

    MET = "met"
    PARTLY_MET = "partly_met"
    MISSED = "missed"
    UNKNOWN = "unknown"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.MET: "达成",
    Outcome.PARTLY_MET: "部分达成",
    Outcome.MISSED: "未达成",
    Outcome.UNKNOWN: "无法判断",
}

LEVEL_LABELS: dict[str, str] = {
    "achieved": "达成",
    "partly": "部分达成",
    "not_achieved": "未达成",
    "excellent": "优",
    "good": "良",
    "excellent_or_good": "优良",
    "fair": "中",
    "low": "低",
    "poor": "差",
    "scale": "优良中低差等级",
    "improving": "稳步提升",
    "significant": "明显改善",
    "as_policy": "按政策执行",
    "full_coverage": "应保尽保（全覆盖）",
    "within_budget": "不超预算",
    "compliant": "合规",
    "safe": "安全完整",
    "timely": "及时",
    "sound": "健全",
    "effective": "有效",
    "yes": "是",
    "no": "否",
    "none": "无",
    "high": "高",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "not_satisfied": "不满意",
    "long_term": "长期",
    "stable": "稳定",
    "qualified": "合格",
    "task": "工作任务（未给出量化目标）",
}


def format_number(value: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros (``100.00`` → ``100``)."""
    try:
        if value == value.to_integral_value():
            return str(int(value))
        text = format(value.normalize(), "f")
    except (ArithmeticError, ValueError, OverflowError):
        return str(value)
    return text


class Target(BaseModel):
    """One parsed 年度指标值 or 实际完成值 cell.

    ``value`` is the number as written, with a bare 万/亿/千 applied to it (``scale`` records
    which); a multiplier that belongs to a unit stays in the unit ("45万人" → 45, "万人").
    ``comparator_implied`` / ``unit_inferred`` say that the comparator or unit was not in the
    cell but taken from the indicator name, the target, or the "bare number means at least"
    convention. Deadlines use ``year`` / ``month`` / ``day`` (``None`` day = end of that month,
    ``None`` month with a year = end of the year) and ``recurring``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    raw: str
    kind: TargetKind
    comparator: Comparator | None = None
    comparator_implied: bool = False
    value: Decimal | None = None
    unit: str | None = None
    unit_inferred: bool = False
    scale: str | None = None
    direction: Direction = Direction.NONE
    change: str | None = None  # "increase" / "decrease"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    recurring: str | None = None  # "monthly" / "yearly" / "quarterly"
    start_year: int | None = None
    start_month: int | None = None
    level: str | None = None
    label: str | None = None  # the words before the number, e.g. "基础养老金补助人数"
    parts: list[Target] = Field(default_factory=list)  # a factory: no deep copy of a default per instance
    note: str | None = None

    @property
    def is_compound(self) -> bool:
        return bool(self.parts)

    def base_unit(self) -> str | None:
        """The unit that :meth:`normalized_value` is expressed in (``人``, ``万元``, ``%`` …)."""
        if self.unit is None:
            return None
        base = unit_base(self.unit)
        return None if base is None else base[0]

    def normalized_value(self) -> Decimal | None:
        """The value in base units: 45万人 → 450000 (人); 1.2亿元 → 12000 (万元); 37元 → 0.0037 (万元)."""
        if self.value is None:
            return None
        if self.unit is None:
            return self.value
        base = unit_base(self.unit)
        if base is None:
            return self.value
        return self.value * base[1]

    def deadline_date(self, reference_year: int | None = None) -> date | None:
        """The last day the deadline allows, for a one-off deadline (``None`` if recurring/unknown)."""
        if self.kind is not TargetKind.DEADLINE or self.recurring is not None:
            return None
        year = self.year if self.year is not None else reference_year
        if year is None:
            return None
        month = self.month if self.month is not None else 12
        last = calendar.monthrange(year, month)[1]
        day = self.day if self.day is not None else last
        return date(year, month, min(day, last))

    def describe(self) -> str:
        """A short Chinese rendering of what was understood (for explanations)."""
        if self.parts:
            return "；".join(p.describe() for p in self.parts)
        if self.kind is TargetKind.NUMERIC and self.value is not None:
            comp = self.comparator.value if self.comparator and not self.comparator_implied else ""
            return f"{comp}{format_number(self.value)}{self.unit or ''}"
        if self.kind is TargetKind.CHANGE and self.value is not None:
            verb = "下降" if self.change == "decrease" else "增长"
            return f"{verb}{format_number(self.value)}{self.unit or ''}"
        if self.kind is TargetKind.DEADLINE:
            return describe_deadline(self)
        if self.kind is TargetKind.QUALITATIVE:
            label = LEVEL_LABELS.get(self.level or "", self.level or "")
            return f"“{self.raw.strip()}”（{label}）" if label else f"“{self.raw.strip()}”"
        return f"“{self.raw.strip()}”"


def describe_deadline(target: Target) -> str:
    """每月28日 / 2022年12月31日 / 2022年底 …"""
    prefix = {"monthly": "每月", "yearly": "每年", "quarterly": "每季度"}.get(target.recurring or "", "")
    text = prefix
    if target.year is not None:
        text += f"{target.year}年"
        if target.month is None:
            text += "底"
    if target.month is not None:
        text += f"{target.month}月"
        if target.day is None and target.recurring is None:
            text += "底"
    if target.day is not None:
        text += f"{target.day}日"
    if not text:
        text = "年底" if target.recurring is None else prefix
    if target.comparator is Comparator.APPROX:
        text += "左右"
    elif target.comparator in (Comparator.LE, Comparator.LT):
        text += "前"
    return text


class Assessment(BaseModel):
    """Whether an actual meets a target, with the numbers and a Chinese explanation.

    ``completion_ratio`` is actual/target for higher-better, target/actual for lower-better
    (min/max for exact), capped at 1; ``raw_ratio`` is the same ratio uncapped.
    ``overachievement`` is how far beyond the target the actual went, as a fraction of the
    target (0 when not beyond it), for the "target set too low" check (RULES.md R-Q3).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Outcome
    completion_ratio: Decimal | None = None
    raw_ratio: Decimal | None = None
    overachievement: Decimal | None = None
    explanation: str
    unit_mismatch: bool = False
    direction: Direction = Direction.NONE
    parts: list[Assessment] = Field(default_factory=list)
