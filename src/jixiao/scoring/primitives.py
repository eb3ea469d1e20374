"""The scoring primitives of 评分表-style rule sets, as pure functions on Decimal.

Each takes the primitive's parameters (from a rule file), the row's points and the input value,
and returns the exact score (no rounding: rounding happens once, at the end) with the computation
in Chinese words. Wordings follow the printed criteria: "每超过一个百分点扣0.5分，扣完为止"
(linear deduction, RULES.md §3.2), 档次 (bands), "按比例计分" (proportional, 财预〔2020〕10号 R-Q2),
清单 (checklist), "每推迟一天扣1分" (deduction per day late), 定性分级 (qualitative).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from jixiao.rules.inputs import InputValue, fmt, plain
from jixiao.rules.model import (
    Bands,
    Checklist,
    DeductionPerDayLate,
    LinearDeduction,
    Manual,
    Proportional,
    Qualitative,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class Outcome:
    """The exact score (``None`` when it cannot be computed) and how it was reached, in Chinese."""

    score: Decimal | None
    words: str


def _num(value: InputValue | None) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def describe_rule(primitive: object, unit: str = "%") -> str:
    """The rule's parameters in words (for the sheet's "rule applied" column)."""
    if isinstance(primitive, LinearDeduction):
        side = "超过" if primitive.direction == "above" else "低于"
        whole = "" if primitive.pro_rata else "（只计整百分点）"
        return (
            f"以{plain(primitive.threshold)}{unit}为界，每{side}一个百分点扣{plain(primitive.points_per_point)}分"
            f"{whole}，最低{plain(primitive.floor)}分"
        )
    if isinstance(primitive, Bands):
        return "；".join(f"{b.describe(primitive.unit)}得{plain(b.points)}分" for b in primitive.bands)
    if isinstance(primitive, Proportional):
        way = "完成值/标准值" if primitive.direction == "higher_better" else "标准值/完成值"
        cap = "，不超过分值" if primitive.cap else ""
        return f"按比例：分值×{way}（标准值{plain(primitive.standard)}{unit}）{cap}"
    if isinstance(primitive, Checklist):
        if primitive.mode == "award":
            return "逐项得分：" + "；".join(
                f"{it.text}{plain(it.points or ZERO)}分" for it in primitive.items
            )
        cap = (
            f"，最多扣{plain(primitive.max_deduction)}分"
            if primitive.max_deduction is not None
            else "，扣完为止"
        )
        return f"每出现一项不符合扣{plain(primitive.deduction_per_item or ZERO)}分{cap}"
    if isinstance(primitive, DeductionPerDayLate):
        cap = f"，最多扣{plain(primitive.max_deduction)}分" if primitive.max_deduction is not None else ""
        return f"每推迟一天扣{plain(primitive.per_day)}分{cap}"
    if isinstance(primitive, Qualitative):
        return "；".join(
            f"{lv.label}"
            + (
                f"得{plain(lv.points)}分"
                if lv.points is not None
                else f"得分值的{fmt((lv.share or ZERO) * 100)}%"
            )
            for lv in primitive.levels.values()
        )
    if isinstance(primitive, Manual):
        return f"人工评分：{primitive.reason}"
    return ""


def linear_deduction(
    p: LinearDeduction, max_score: Decimal, value: InputValue | None, unit: str = "%"
) -> Outcome:
    v = _num(value)
    if v is None:
        return Outcome(None, "输入量应为数值")
    excess = v - p.threshold if p.direction == "above" else p.threshold - v
    side = "超过" if p.direction == "above" else "低于"
    ok = "不超过" if p.direction == "above" else "不低于"
    if excess <= 0:
        return Outcome(max_score, f"{fmt(v)}{unit}{ok}{plain(p.threshold)}{unit}，得满分{plain(max_score)}分")
    points = excess if p.pro_rata else excess.to_integral_value(rounding=ROUND_FLOOR)
    deduction = points * p.points_per_point
    score = max(p.floor, max_score - deduction)
    counted = fmt(points) if p.pro_rata else plain(points)
    words = (
        f"{side}{plain(p.threshold)}{unit}共{fmt(excess)}个百分点"
        + ("" if p.pro_rata else f"（计{counted}个整百分点）")
        + f"，扣{counted}×{plain(p.points_per_point)}={fmt(deduction)}分，得{fmt(score)}分"
        + ("（扣完为止）" if score == p.floor and deduction >= max_score - p.floor else "")
    )
    return Outcome(score, words)


def bands(p: Bands, max_score: Decimal, value: InputValue | None) -> Outcome:
    v = _num(value)
    if v is None:
        return Outcome(None, "输入量应为数值")
    for band in p.bands:
        if band.contains(v):
            return Outcome(
                band.points, f"{fmt(v)}{p.unit}落在“{band.describe(p.unit)}”档，得{plain(band.points)}分"
            )
    return Outcome(None, f"{fmt(v)}{p.unit}不在任何档次内")


def proportional(p: Proportional, max_score: Decimal, value: InputValue | None, unit: str = "%") -> Outcome:
    v = _num(value)
    if v is None:
        return Outcome(None, "输入量应为数值")
    if p.direction == "higher_better":
        ratio = v / p.standard
        formula = f"{plain(max_score)}×{fmt(v)}/{plain(p.standard)}"
    else:
        if v == 0:
            return Outcome(max_score, f"完成值为0，低于标准{plain(p.standard)}{unit}，得满分")
        ratio = p.standard / v
        formula = f"{plain(max_score)}×{plain(p.standard)}/{fmt(v)}"
    capped = min(ratio, Decimal(1)) if p.cap else ratio
    score = max_score * capped
    note = "（封顶）" if p.cap and ratio > 1 else ""
    return Outcome(score, f"按比例计{formula}={fmt(max_score * ratio)}分{note}，得{fmt(score)}分")


def checklist(p: Checklist, max_score: Decimal, value: InputValue | None) -> Outcome:
    keys = {it.key: it for it in p.items}
    if isinstance(value, list):
        unknown = [k for k in value if k not in keys]
        if unknown and p.mode == "award":
            return Outcome(None, f"不认识的清单事项：{'、'.join(unknown)}")
        failed_count = Decimal(len(value))
        failed_text = "、".join(keys[k].text if k in keys else k for k in value) or "无"
    elif isinstance(value, Decimal):
        if p.mode == "award":
            return Outcome(None, "逐项得分的清单须给出不符合要求的事项编号，而不是次数")
        failed_count = value
        failed_text = f"{plain(value)}项"
    else:
        return Outcome(None, "清单输入应为不符合要求的事项列表或次数")
    if p.mode == "award":
        assert isinstance(value, list)
        got = [it for it in p.items if it.key not in value]
        score = sum((it.points or ZERO for it in got), ZERO)
        return Outcome(score, f"不符合：{failed_text}；得分事项{len(got)}项，共{plain(score)}分")
    deduction = failed_count * (p.deduction_per_item or ZERO)
    capped = min(deduction, p.max_deduction) if p.max_deduction is not None else deduction
    score = max(p.floor, max_score - capped)
    cap_note = (
        f"（最多扣{plain(p.max_deduction)}分）"
        if p.max_deduction is not None and deduction > p.max_deduction
        else ""
    )
    return Outcome(
        score,
        f"不符合：{failed_text}，扣{plain(failed_count)}×{plain(p.deduction_per_item or ZERO)}={plain(deduction)}分"
        f"{cap_note}，得{plain(score)}分",
    )


def deduction_per_day_late(p: DeductionPerDayLate, max_score: Decimal, value: InputValue | None) -> Outcome:
    days = _num(value)
    if days is None or days < 0:
        return Outcome(None, "推迟天数应为不小于0的数")
    if days == 0:
        return Outcome(max_score, f"按时报送，得满分{plain(max_score)}分")
    deduction = days * p.per_day
    capped = min(deduction, p.max_deduction) if p.max_deduction is not None else deduction
    score = max(ZERO, max_score - capped)
    cap_note = (
        f"（最多扣{plain(p.max_deduction)}分）"
        if p.max_deduction is not None and deduction > p.max_deduction
        else ""
    )
    return Outcome(
        score,
        f"推迟{plain(days)}天，扣{plain(days)}×{plain(p.per_day)}={plain(deduction)}分{cap_note}，得{plain(score)}分",
    )


def qualitative(p: Qualitative, max_score: Decimal, value: InputValue | None) -> Outcome:
    if not isinstance(value, str) or value not in p.levels:
        return Outcome(None, f"等级“{value}”不在规则列出的等级（{'、'.join(p.levels)}）之中")
    level = p.levels[value]
    if level.points is not None:
        return Outcome(level.points, f"{level.label}，得{plain(level.points)}分")
    share = level.share or ZERO
    score = max_score * share
    return Outcome(
        score, f"{level.label}，按{fmt(share * 100)}%计{plain(max_score)}×{plain(share)}={fmt(score)}分"
    )


def apply(primitive: object, max_score: Decimal, value: InputValue | None, unit: str = "%") -> Outcome:
    """Dispatch on the primitive's type (manual rows never reach here)."""
    if isinstance(primitive, LinearDeduction):
        return linear_deduction(primitive, max_score, value, unit)
    if isinstance(primitive, Bands):
        return bands(primitive, max_score, value)
    if isinstance(primitive, Proportional):
        return proportional(primitive, max_score, value, unit)
    if isinstance(primitive, Checklist):
        return checklist(primitive, max_score, value)
    if isinstance(primitive, DeductionPerDayLate):
        return deduction_per_day_late(primitive, max_score, value)
    if isinstance(primitive, Qualitative):
        return qualitative(primitive, max_score, value)
    return Outcome(None, "无法自动计算")
