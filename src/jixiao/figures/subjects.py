"""What the figures of a report are about: 三公经费 statements, stated scores, named figures.

Readings over :func:`~jixiao.figures.read_text` sentences that both the importer (which fills the
package from them) and the checks (which compare them with the forms) need, so that neither reads
the sentences with patterns of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.model import ThreePublicComponent

from . import lexicon as lx
from .model import Change, Completion, Quantity, Sentence
from .relate import is_budget, is_change


def three_public_component(name: str) -> ThreePublicComponent | None:
    """The 三公 component a name denotes ("公务接待费" → RECEPTION, "“三公”经费" → TOTAL)."""
    key = name.replace(" ", "")
    if "出国" in key:
        return ThreePublicComponent.OVERSEAS_TRAVEL
    if "接待" in key:
        return ThreePublicComponent.RECEPTION
    if "公务用车" in key:
        purchase, operation = "购置" in key, "运行" in key or "维护" in key
        if purchase and operation:
            return ThreePublicComponent.VEHICLE
        if purchase:
            return ThreePublicComponent.VEHICLE_PURCHASE
        return ThreePublicComponent.VEHICLE_OPERATION if operation else ThreePublicComponent.VEHICLE
    if "三公" in key:
        return ThreePublicComponent.TOTAL
    return None


@dataclass(frozen=True)
class ThreePublicStatement:
    """ "公务接待费支出预算为2万元，支出决算为1.63万元，完成预算的81.5%，比上年减少1.79万元，下降52.34%"."""

    sentence: Sentence
    component: ThreePublicComponent
    name: str  # as printed: 公务接待费, “三公”经费
    budget: Quantity | None
    actual: Quantity
    rate: Quantity | None
    change: Change | None


def three_public_statements(sentences: Iterable[Sentence]) -> list[ThreePublicStatement]:
    """The 三公 statements: a component named, its 决算 figure (and budget, completion, change)."""
    out: list[ThreePublicStatement] = []
    for s in sentences:
        name = ""
        budget: Quantity | None = None
        for q in s.quantities:
            m = lx.THREE_PUBLIC_NAME.search(q.label)
            if m is not None:
                name, budget = m.group(0), None
            if not name or not q.is_money or is_change(q):
                continue
            if is_budget(q):
                budget = q
                continue
            completion = next((c for c in s.of(Completion) if c.actual is q), None)
            if "决算" not in q.label and completion is None:
                continue
            component = three_public_component(name)
            if component is None:
                continue
            change = next((c for c in s.of(Change) if c.now is q), None)
            out.append(
                ThreePublicStatement(
                    s, component, name, budget, q, completion.rate if completion else None, change
                )
            )
            name, budget = "", None
    return out


def three_public_control_rates(sentences: Iterable[Sentence]) -> list[tuple[Sentence, Quantity]]:
    """ "“三公经费”控制率为0.1%": the rates the text calls the 三公 control rate."""
    return [
        (s, q)
        for s in sentences
        for q in s.quantities
        if q.is_percent and "控制率" in q.lead and "三公" in q.lead
    ]


STATED_TOTAL_SCORE = (
    "自评得分",
    "评分自评",
    "总绩效",
    "综合得分",
    "评价得分",
    "总得分",
    "评价分",
    "综合评分",
    "最终评分",
    "最终得分",
    "自评总分",
    "评价总分",
    "项目得分",
    "整体得分",
    "自评分",  # "本部门自评分为92分"
    "自评分数",
    "自评分值",
    "考评得分",
)


_PART_OF_SCORE = (
    "指标",
    "产出",
    "效益",
    "满意度",
    "决策",
    "过程",
    "预算执行",
    "成本",
    "数量",
    "质量",
    "时效",
)


def stated_scores(sentences: Iterable[Sentence]) -> list[tuple[Sentence, Quantity]]:
    """Total scores stated in the text: "综合评分自评为96分", "项目绩效自评得分为97分", "总绩效为97.98分"
    (not a group's: "产出指标自评得分40分")."""
    return [
        (s, q)
        for s in sentences
        for q in s.quantities
        if q.unit == "分"
        and q.label.endswith(STATED_TOTAL_SCORE)
        and not any(w in q.label for w in _PART_OF_SCORE)
    ]


def stated_grades(sentences: Iterable[Sentence]) -> list[tuple[Sentence, str]]:
    """Grades stated in the text: "评价等级为“优”", "整体绩效自评为优秀" (the word as printed)."""
    return [(s, m.group("grade")) for s in sentences for m in lx.GRADE.finditer(s.text)]


def part_scores(sentences: Iterable[Sentence]) -> list[tuple[Sentence, Quantity]]:
    """Scores of a group of indicators: "产出指标得分40分", "预算执行情况得分9.98分"."""
    return [
        (s, q)
        for s in sentences
        for q in s.quantities
        if q.unit == "分" and q.label.endswith("得分") and not q.label.endswith(STATED_TOTAL_SCORE)
    ]


def named(
    sentences: Iterable[Sentence], *endings: str, money: bool = True
) -> list[tuple[Sentence, Quantity]]:
    """Figures whose label ends with one of ``endings`` ("全年预算数", "执行数")."""
    return [
        (s, q)
        for s in sentences
        for q in s.quantities
        if (q.is_money or not money)
        and not is_change(q)
        and q.label.replace("“", "").replace("”", "").endswith(endings)
    ]
