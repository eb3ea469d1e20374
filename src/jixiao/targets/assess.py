"""Decide whether a 实际完成值 meets its 年度指标值: met, partly met, missed, or unknown.

Implements the comparison behind the quantitative scoring of 财预〔2020〕10号 (RULES.md §1.3):
R-Q1 a completion value that reaches the target is met; R-Q2 otherwise completion is
actual/target for positive ("≥") indicators and target/actual for reverse ("≤": cost, time,
error) indicators; R-Q3 over-achievement is reported as a fraction for the "target set too low"
check. A numeric miss with completion ≥ 0.6 is "partly met" (the 60 % boundary of the qualitative
bands in §1.4); qualitative indicators use the achieved / partly / not-achieved bands of §1.4.
Anything that cannot be compared honestly is UNKNOWN with a Chinese explanation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from .model import (
    LEVEL_LABELS,
    OUTCOME_LABELS,
    Assessment,
    Comparator,
    Direction,
    Outcome,
    Target,
    TargetKind,
    describe_deadline,
    format_number,
)
from .parser import CACHE_SIZE, inherit_unit, parse_actual, parse_target
from .text import squash
from .units import unit_base
from .vocabulary import GRADE_RANK, IMPROVEMENT_RANK, POSITIVE_LEVELS, direction_from_name

DEFAULT_PARTIAL_THRESHOLD = Decimal("0.6")
DEFAULT_APPROX_TOLERANCE = Decimal("0.05")
APPROX_DEADLINE_DAYS = 3
_Q = Decimal("0.0001")
_ONE = Decimal(1)
_ZERO = Decimal(0)
_CENT = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    try:
        return value.quantize(_Q, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ArithmeticError):
        return value


def _pct(value: Decimal) -> str:
    """0.95918 → "95.92%"."""
    try:
        return f"{format_number((value * 100).quantize(_CENT))}%"
    except (InvalidOperation, ArithmeticError):
        return f"{value * 100}%"


_SCALE_FACTORS = {
    "万": Decimal(10000),
    "亿": Decimal(100000000),
    "千": Decimal(1000),
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
}


def _shown(t: Target) -> str:
    """The value as written: "8.34万", "45万人", "94%"."""
    if t.value is None:
        return t.raw.strip()
    if t.scale in _SCALE_FACTORS:
        return f"{format_number(t.value / _SCALE_FACTORS[t.scale])}{t.scale}{t.unit or ''}"
    return f"{format_number(t.value)}{t.unit or ''}"


def _unknown(explanation: str, *, unit_mismatch: bool = False) -> Assessment:
    return Assessment(outcome=Outcome.UNKNOWN, explanation=explanation, unit_mismatch=unit_mismatch)


def assess(
    target: Target,
    actual: Target,
    *,
    indicator_name: str | None = None,
    partial_threshold: Decimal = DEFAULT_PARTIAL_THRESHOLD,
    approx_tolerance: Decimal = DEFAULT_APPROX_TOLERANCE,
    direction: Direction | None = None,
) -> Assessment:
    """Compare ``actual`` with ``target``.

    ``partial_threshold``: the completion ratio from which a numeric miss is PARTLY_MET (0.6).
    ``approx_tolerance``: the relative deviation allowed by "左右" / "约" targets (0.05).
    ``direction``: overrides the direction (e.g. LOWER_BETTER for every 成本指标 row).
    """
    try:
        return _assess(target, actual, indicator_name, partial_threshold, approx_tolerance, direction)
    except (ArithmeticError, ValueError, IndexError, KeyError, TypeError) as exc:
        return _unknown(f"内部错误，无法判断：{type(exc).__name__}")


class Judgement(NamedTuple):
    """An indicator's cells read and compared: :func:`judge`'s result (shared, never changed)."""

    target: Target
    actual: Target
    assessment: Assessment
    reversed: bool  # the unmarked numeric target was taken as lower-better (``reverse_unmarked``)


def judge(
    target_raw: str, actual_raw: str, indicator_name: str | None, *, reverse_unmarked: bool = False
) -> Judgement:
    """:func:`parse_target`, :func:`parse_actual` and :func:`assess` of one indicator's cells.

    ``reverse_unmarked``: a numeric target written without a comparator (or with one only implied)
    that is not already lower-better is read as "≤" (lower is better) — what a rule set asks of
    its ``lower_better_level2`` indicators (成本指标 …). A pure function of its arguments and the
    results are frozen, so it is cached like the parser (issue 11: packages repeat the same rows).
    """
    return _judge(target_raw, actual_raw, indicator_name, reverse_unmarked)


@lru_cache(maxsize=CACHE_SIZE)
def _judge(target_raw: str, actual_raw: str, indicator_name: str | None, reverse_unmarked: bool) -> Judgement:
    target = parse_target(target_raw, indicator_name=indicator_name)
    reversed_ = (
        reverse_unmarked
        and target.kind == TargetKind.NUMERIC
        and (target.comparator is None or target.comparator_implied)
        and target.direction != Direction.LOWER_BETTER
    )
    if reversed_:
        target = target.model_copy(
            update={
                "direction": Direction.LOWER_BETTER,
                "comparator": Comparator.LE,
                "comparator_implied": True,
            }
        )
    actual = parse_actual(actual_raw, target)
    return Judgement(target, actual, assess(target, actual, indicator_name=indicator_name), reversed_)


def _assess(
    target: Target,
    actual: Target,
    indicator_name: str | None,
    threshold: Decimal,
    tolerance: Decimal,
    direction: Direction | None,
) -> Assessment:
    if target.parts or actual.parts:
        return _assess_compound(target, actual, indicator_name, threshold, tolerance, direction)
    if target.kind is TargetKind.UNKNOWN:
        why = f"：{target.note}" if target.note else ""
        return _unknown(f"年度指标值“{target.raw.strip()}”无法识别{why}，无法判断是否达成。")
    if not squash(actual.raw):
        return _unknown("实际完成值未填写，无法判断是否达成。")
    if indicator_name and actual.kind in (TargetKind.QUALITATIVE, TargetKind.UNKNOWN):
        name, said = squash(indicator_name), squash(actual.raw)
        if said == name or (actual.level is None and len(said) >= 4 and said in name):
            return _unknown(
                f"实际完成值“{actual.raw.strip()}”只重复了指标名称，没有说明完成情况，无法判断是否达成。"
            )
    if actual.kind is TargetKind.UNKNOWN:
        why = f"：{actual.note}" if actual.note else ""
        return _unknown(f"实际完成值“{actual.raw.strip()}”无法识别{why}，无法判断是否达成。")
    if target.kind is TargetKind.QUALITATIVE and squash(target.raw) == squash(actual.raw):
        return Assessment(
            outcome=Outcome.MET,
            explanation=f"实际完成值“{actual.raw.strip()}”与年度指标值相同（定性指标），判为达成。",
        )
    if target.kind is TargetKind.NUMERIC:
        if actual.kind is TargetKind.NUMERIC:
            return _assess_numeric(
                target, inherit_unit(actual, target), indicator_name, threshold, tolerance, direction
            )
        return _unknown(
            f"年度指标值为数值“{target.describe()}”，实际完成值“{actual.raw.strip()}”不是数值，无法核实是否达成。"
        )
    if target.kind is TargetKind.CHANGE:
        if actual.kind is TargetKind.CHANGE:
            return _assess_change(target, inherit_unit(actual, target), threshold)
        return _unknown(
            f"年度指标值是相对上年的变动“{target.describe()}”，实际完成值“{actual.raw.strip()}”"
            "未说明是增长还是下降，无法判断。"
        )
    if target.kind is TargetKind.DEADLINE:
        if actual.kind is TargetKind.DEADLINE:
            return _assess_deadline(target, actual)
        return _unknown(
            f"年度指标值是时限“{describe_deadline(target)}”，实际完成值“{actual.raw.strip()}”没有给出日期，无法核实。"
        )
    if actual.kind is TargetKind.QUALITATIVE:
        return _assess_qualitative(target, actual)
    return _unknown(
        f"年度指标值“{target.raw.strip()}”是定性表述，实际完成值“{actual.raw.strip()}”是数值，无法对应比较。"
    )


# ---------------------------------------------------------------------------------------------


def _assess_compound(
    target: Target,
    actual: Target,
    indicator_name: str | None,
    threshold: Decimal,
    tolerance: Decimal,
    direction: Direction | None,
) -> Assessment:
    if not (target.parts and actual.parts) or len(target.parts) != len(actual.parts):
        return _unknown(
            f"年度指标值有{len(target.parts) or 1}个分项，实际完成值有{len(actual.parts) or 1}个分项，无法逐项对应。"
        )
    results: list[Assessment] = []
    for t_part, a_part in zip(target.parts, actual.parts, strict=True):
        results.append(_assess(t_part, a_part, indicator_name, threshold, tolerance, direction))
    lines = "；".join(f"分项{i + 1}：{r.explanation.rstrip('。')}" for i, r in enumerate(results))
    mismatch = any(r.unit_mismatch for r in results)
    if any(r.outcome is Outcome.UNKNOWN for r in results):
        return Assessment(
            outcome=Outcome.UNKNOWN,
            explanation=f"{lines}。有分项无法判断，整体无法判断。",
            unit_mismatch=mismatch,
            parts=results,
        )
    if all(r.outcome is Outcome.MET for r in results):
        return Assessment(
            outcome=Outcome.MET,
            completion_ratio=_ONE,
            explanation=f"{lines}。各分项均达成。",
            unit_mismatch=mismatch,
            parts=results,
        )
    ratios = [r.completion_ratio for r in results]
    if any(r is None for r in ratios):
        outcome = Outcome.MISSED if any(r.outcome is Outcome.MISSED for r in results) else Outcome.PARTLY_MET
        return Assessment(outcome=outcome, explanation=f"{lines}。", unit_mismatch=mismatch, parts=results)
    mean = _q(sum((r for r in ratios if r is not None), _ZERO) / len(ratios))
    outcome = Outcome.PARTLY_MET if mean >= threshold else Outcome.MISSED
    return Assessment(
        outcome=outcome,
        completion_ratio=mean,
        explanation=f"{lines}。各分项平均完成比例{_pct(mean)}，{OUTCOME_LABELS[outcome]}。",
        unit_mismatch=mismatch,
        parts=results,
    )


def _resolve_direction(target: Target, indicator_name: str | None, override: Direction | None) -> Direction:
    if override is not None:
        return override
    weak = target.comparator_implied or target.comparator is Comparator.EQ
    if indicator_name and weak and direction_from_name(indicator_name) is Direction.LOWER_BETTER:
        return Direction.LOWER_BETTER
    return target.direction


def _assess_numeric(
    target: Target,
    actual: Target,
    indicator_name: str | None,
    threshold: Decimal,
    tolerance: Decimal,
    override: Direction | None,
) -> Assessment:
    if target.value is None or actual.value is None:
        return _unknown("缺少数值，无法比较。")
    tv, av = target.value, actual.value
    if target.unit and actual.unit:
        tb, ab = unit_base(target.unit), unit_base(actual.unit)
        if tb is None or ab is None:
            if target.unit != actual.unit:
                return _unknown(
                    f"单位不一致：年度指标值单位为“{target.unit}”，实际完成值单位为“{actual.unit}”，无法比较。",
                    unit_mismatch=True,
                )
        elif tb[0] != ab[0]:
            return _unknown(
                f"单位不一致：年度指标值单位为“{target.unit}”，实际完成值单位为“{actual.unit}”，无法比较。",
                unit_mismatch=True,
            )
        else:
            tv, av = tv * tb[1], av * ab[1]
    direction = _resolve_direction(target, indicator_name, override)
    comparator = target.comparator or Comparator.GE
    if override is not None or (target.comparator_implied and direction is Direction.LOWER_BETTER):
        if direction is Direction.LOWER_BETTER and comparator in (Comparator.GE, Comparator.GT):
            comparator = Comparator.LE
        elif direction is Direction.HIGHER_BETTER and comparator in (Comparator.LE, Comparator.LT):
            comparator = Comparator.GE
    if comparator in (Comparator.GE, Comparator.GT):
        direction = Direction.HIGHER_BETTER
    elif comparator in (Comparator.LE, Comparator.LT):
        direction = Direction.LOWER_BETTER
    elif direction not in (Direction.LOWER_BETTER, Direction.HIGHER_BETTER):
        direction = Direction.EXACT

    if comparator is Comparator.GE:
        met = av >= tv
    elif comparator is Comparator.GT:
        met = av > tv
    elif comparator is Comparator.LE:
        met = av <= tv
    elif comparator is Comparator.LT:
        met = av < tv
    elif comparator is Comparator.APPROX:
        met = abs(av - tv) <= tolerance * abs(tv)
    elif direction is Direction.LOWER_BETTER:
        met = av <= tv
    elif direction is Direction.HIGHER_BETTER:
        met = av >= tv
    else:
        met = av == tv

    raw_ratio: Decimal | None
    completion: Decimal | None
    over: Decimal | None = None
    if direction is Direction.HIGHER_BETTER:
        raw_ratio = av / tv if tv != 0 else None
        if tv > 0:
            over = (av - tv) / tv if av > tv else _ZERO
    elif direction is Direction.LOWER_BETTER:
        raw_ratio = tv / av if av != 0 else None
        if tv > 0:
            over = (tv - av) / tv if av < tv else _ZERO
    else:
        raw_ratio = av / tv if tv != 0 else None
        if tv > 0:
            over = (av - tv) / tv if av > tv else _ZERO
    if met:
        completion = _ONE
    elif direction is Direction.EXACT or comparator is Comparator.APPROX:
        hi, lo = max(av, tv), min(av, tv)
        completion = lo / hi if hi > 0 and lo >= 0 else _ZERO
    elif raw_ratio is None:
        completion = _ZERO
    else:
        completion = max(_ZERO, min(raw_ratio, _ONE))
    if met:
        outcome = Outcome.MET
    elif completion >= threshold:
        outcome = Outcome.PARTLY_MET
    else:
        outcome = Outcome.MISSED

    t_text = f"{comparator.value}{_shown(target)}"
    a_text = _shown(actual)
    notes: list[str] = []
    if actual.unit_inferred:
        notes.append(f"实际完成值未写单位，按年度指标值的“{actual.unit or actual.scale}”计")
    if actual.comparator is not None:
        notes.append(f"实际完成值写作“{actual.raw.strip()}”，按{format_number(actual.value)}计")
    if target.comparator_implied:
        notes.append(
            "年度指标值未写比较符号，"
            + ("按指标性质理解为不超过" if comparator is Comparator.LE else "按“不低于”理解")
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        notes.append(f"单位换算后比较（{format_number(tv)}与{format_number(av)}）")
    if direction is Direction.HIGHER_BETTER:
        ratio_text = f"完成比例 {a_text}÷{_shown(target)}"
    elif direction is Direction.LOWER_BETTER:
        ratio_text = f"完成比例（越低越好）{_shown(target)}÷{a_text}"
    else:
        ratio_text = "完成比例"
    if raw_ratio is not None:
        ratio_text += f" = {_pct(raw_ratio)}"
    else:
        ratio_text += " 无法计算（分母为0）"
    # only the wording of the outcome reached is built (issue 11)
    if outcome is Outcome.MET:
        verdict = "达到年度指标值，判为达成"
    elif outcome is Outcome.PARTLY_MET:
        verdict = f"未达到年度指标值，完成比例{_pct(completion)}不低于{_pct(threshold)}，判为部分达成"
    else:
        verdict = f"未达到年度指标值，完成比例{_pct(completion)}低于{_pct(threshold)}，判为未达成"
    if outcome is Outcome.MET and over is not None and over > 0:
        if direction is Direction.LOWER_BETTER:
            verdict += f"；比年度指标值低{_pct(over)}"
        else:
            verdict += f"；超出年度指标值{_pct(over)}"
    note_text = "（" + "；".join(notes) + "）" if notes else ""
    return Assessment(
        outcome=outcome,
        completion_ratio=_q(completion),
        raw_ratio=_q(raw_ratio) if raw_ratio is not None else None,
        overachievement=_q(over) if over is not None else None,
        explanation=f"年度指标值{t_text}，实际完成值{a_text}{note_text}；{ratio_text}；{verdict}。",
        direction=direction,
    )


def _assess_change(target: Target, actual: Target, threshold: Decimal) -> Assessment:
    if target.value is None or actual.value is None:
        return _unknown("缺少数值，无法比较。")
    verb_t = "下降" if target.change == "decrease" else "增长"
    verb_a = "下降" if actual.change == "decrease" else "增长"
    t_text = f"比上年{verb_t}{format_number(target.value)}{target.unit or ''}"
    a_text = f"{verb_a}{format_number(actual.value)}{actual.unit or ''}"
    if target.unit and actual.unit and target.unit != actual.unit:
        tb, ab = unit_base(target.unit), unit_base(actual.unit)
        if tb is None or ab is None or tb[0] != ab[0]:
            return _unknown(
                f"单位不一致：年度指标值“{t_text}”，实际完成值“{a_text}”，无法比较。", unit_mismatch=True
            )
    if target.change != actual.change:
        return Assessment(
            outcome=Outcome.MISSED,
            completion_ratio=_ZERO,
            explanation=f"年度指标值{t_text}，实际{a_text}，变动方向相反，判为未达成。",
            direction=target.direction,
        )
    tv, av = target.value, actual.value
    comparator = target.comparator or Comparator.GE
    if comparator in (Comparator.LE, Comparator.LT):
        met = av <= tv if comparator is Comparator.LE else av < tv
        raw_ratio = tv / av if av != 0 else None
        over = (tv - av) / tv if tv > 0 and av < tv else (_ZERO if tv > 0 else None)
    else:
        met = av >= tv if comparator is not Comparator.GT else av > tv
        raw_ratio = av / tv if tv != 0 else None
        over = (av - tv) / tv if tv > 0 and av > tv else (_ZERO if tv > 0 else None)
    completion = _ONE if met else (min(raw_ratio, _ONE) if raw_ratio is not None else _ZERO)
    outcome = Outcome.MET if met else (Outcome.PARTLY_MET if completion >= threshold else Outcome.MISSED)
    bound = "至少" if comparator in (Comparator.GE, Comparator.GT) else "至多"
    return Assessment(
        outcome=outcome,
        completion_ratio=_q(completion),
        raw_ratio=_q(raw_ratio) if raw_ratio is not None else None,
        overachievement=_q(over) if over is not None else None,
        explanation=(
            f"年度指标值{t_text}（{bound}{format_number(tv)}{target.unit or ''}），实际{a_text}；"
            f"{'达到' if met else '未达到'}目标，判为{OUTCOME_LABELS[outcome]}。"
        ),
        direction=target.direction,
    )


def _deadline_key(t: Target, year: int | None) -> tuple[int, int, int] | None:
    if t.recurring == "monthly":
        return (0, 0, t.day if t.day is not None else 31)
    if t.recurring in ("yearly", "quarterly"):
        return (0, t.month if t.month is not None else 12, t.day if t.day is not None else 31)
    when = t.deadline_date(year if year is not None else 2000)
    if when is None:
        return None
    return (when.year, when.month, when.day)


def _assess_deadline(target: Target, actual: Target) -> Assessment:
    t_text, a_text = describe_deadline(target), describe_deadline(actual)
    if target.recurring != actual.recurring:
        return _unknown(f"年度指标值为“{t_text}”，实际完成值为“{a_text}”，期限类型不同，无法比较。")
    year = target.year if target.year is not None else actual.year
    t_key = _deadline_key(target, year)
    a_key = _deadline_key(actual, actual.year if actual.year is not None else year)
    if t_key is None or a_key is None:
        return _unknown(f"年度指标值为“{t_text}”，实际完成值为“{a_text}”，无法确定日期。")
    slack = APPROX_DEADLINE_DAYS if target.comparator is Comparator.APPROX else 0
    t_days = t_key[0] * 372 + t_key[1] * 31 + t_key[2]
    a_days = a_key[0] * 372 + a_key[1] * 31 + a_key[2]
    met = a_days <= t_days + slack
    if met:
        return Assessment(
            outcome=Outcome.MET,
            completion_ratio=_ONE,
            explanation=f"年度指标值为“{t_text}”，实际完成值为“{a_text}”，未晚于期限，判为达成。",
            direction=Direction.LOWER_BETTER,
        )
    return Assessment(
        outcome=Outcome.MISSED,
        completion_ratio=_ZERO,
        explanation=f"年度指标值为“{t_text}”，实际完成值为“{a_text}”，晚于期限，判为未达成。",
        direction=Direction.LOWER_BETTER,
    )


def _assess_qualitative(target: Target, actual: Target) -> Assessment:
    t_level, a_level = target.level or "", actual.level or ""
    t_label = LEVEL_LABELS.get(t_level, t_level)
    a_label = LEVEL_LABELS.get(a_level, a_level)
    head = f"年度指标值“{target.raw.strip()}”（{t_label}），实际完成值“{actual.raw.strip()}”（{a_label}）"

    def verdict(outcome: Outcome, why: str) -> Assessment:
        return Assessment(outcome=outcome, explanation=f"{head}，{why}，判为{OUTCOME_LABELS[outcome]}。")

    if t_level == a_level:
        return verdict(Outcome.MET, "定性等级相同")
    if a_level == "not_achieved":
        return verdict(Outcome.MISSED, "实际完成值表明未达成")
    if a_level == "partly":
        return verdict(Outcome.PARTLY_MET, "实际完成值表明部分达成")
    if t_level == "scale":
        if a_level in ("excellent", "good", "excellent_or_good", "achieved"):
            return verdict(Outcome.MET, "按优良中低差等级，优、良属于达成")
        if a_level == "fair":
            return verdict(Outcome.PARTLY_MET, "按优良中低差等级，中属于部分达成")
        if a_level in ("low", "poor"):
            return verdict(Outcome.MISSED, "按优良中低差等级，低、差属于未达成")
        return _unknown(f"{head}，实际完成值不是优良中低差中的等级，无法判断。")
    if t_level in GRADE_RANK and a_level in GRADE_RANK:
        gap = GRADE_RANK[t_level] - GRADE_RANK[a_level]
        if gap <= 0:
            return verdict(Outcome.MET, "实际等级不低于目标等级")
        if gap == 1:
            return verdict(Outcome.PARTLY_MET, "实际等级比目标等级低一档")
        return verdict(Outcome.MISSED, "实际等级比目标等级低两档以上")
    if t_level in IMPROVEMENT_RANK and a_level in IMPROVEMENT_RANK:
        if IMPROVEMENT_RANK[a_level] >= IMPROVEMENT_RANK[t_level]:
            return verdict(Outcome.MET, "实际改善程度不低于目标")
        return verdict(Outcome.PARTLY_MET, "目标要求明显改善，实际只是有所提升")
    if t_level == "yes" and a_level in ("no", "none"):
        return verdict(Outcome.MISSED, "目标为“是”，实际为“否”")
    if a_level == "fair":
        return verdict(Outcome.PARTLY_MET, "实际完成情况为“中/一般”")
    if a_level in ("low", "poor", "not_satisfied"):
        return verdict(Outcome.MISSED, "实际完成情况较差")
    if a_level == "basically_satisfied":
        return verdict(Outcome.PARTLY_MET, "实际为基本满意")
    if a_level in POSITIVE_LEVELS:
        return verdict(Outcome.MET, "实际完成值表明已达成")
    return _unknown(f"{head}，无法对应比较。")
