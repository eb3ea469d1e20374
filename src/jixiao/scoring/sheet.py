"""The score sheet (评分结果表): every row's rule, inputs, computed score and the unit's own score.

A sheet records the rule set id, version and content hash that produced it, so any result can be
reproduced. Scores are rounded half up to two decimals for display; totals are summed from the
exact row scores and rounded once.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Round half up to two decimals (the only rounding the engine does)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class SheetModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputShown(SheetModel):
    """An input of a row: its name, value as shown, how it was obtained, or why it is missing."""

    name: str
    label: str
    value: str | None = None
    how: str = ""
    missing: str | None = None


def score_and_difference(
    exact: Decimal | None, unit_score: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """A row's shown score (``exact`` rounded to cents) and the unit's self-score minus it."""
    if exact is None:
        return None, None
    return round2(exact), None if unit_score is None else round2(unit_score - exact)


class ScoreRow(SheetModel):
    """One scored row (an indicator of a 自评表, a row of a 评分表, or the execution-rate row)."""

    key: str
    level1: str | None = None
    level2: str | None = None
    name: str
    primitive: str  # proportional_capped, qualitative_bands, linear_deduction, bands, manual …
    rule: str  # the rule's parameters in words
    inputs: list[InputShown] = Field(default_factory=list)
    max_score: Decimal | None = None
    score: Decimal | None = None  # computed, rounded to 2 decimals
    unit_score: Decimal | None = None  # the unit's own score as printed
    difference: Decimal | None = None  # unit_score − score
    status: Literal["computed", "missing", "manual"] = "computed"
    disputed: bool = False
    alternatives: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    outcome: Literal["met", "partly_met", "missed", "unknown"] | None = None  # indicator rows
    overachievement: Decimal | None = None  # how far beyond the target (fraction), indicator rows
    overachieved: bool = False  # beyond the rule set's R-Q3 threshold
    explanation: str = ""
    _exact: Decimal | None = PrivateAttr(default=None)

    def set_score(self, exact: Decimal | None) -> None:
        self._exact = exact
        self.score, self.difference = score_and_difference(exact, self.unit_score)

    @property
    def exact_score(self) -> Decimal | None:
        return self._exact_value()

    def _exact_value(self) -> Decimal | None:
        # read from pydantic's private dict: ``self._exact`` goes through BaseModel.__getattr__,
        # which the totals call for every row (issue 11's profile)
        private = self.__pydantic_private__
        exact = private.get("_exact") if private else None
        return exact if isinstance(exact, Decimal) else None

    def counted(self) -> Decimal | None:
        """What the row contributes to the computed total: its score, else the unit's own score — never
        more than the row's 分值 (a unit's 100 in a column worth 10 counts 10)."""
        exact = self._exact_value()
        if exact is not None:
            return exact
        if self.unit_score is not None and self.max_score is not None and self.unit_score > self.max_score:
            return self.max_score
        return self.unit_score


class GroupSubtotal(SheetModel):
    """A level-1 group: the rule's points, the rows' points, computed and unit subtotals."""

    key: str
    label: str
    rule_points: Decimal | None = None
    max_score: Decimal | None = None
    score: Decimal | None = None
    unit_score: Decimal | None = None


class ScoreSheet(SheetModel):
    """The recomputed scores of one form or table under one rule set."""

    rule_set_id: str
    rule_set_version: str
    rule_set_hash: str
    rule_set_title: str
    source: str
    form: Literal["self_evaluation", "scoring_table", "work_assessment"]
    scope: str
    subject: str  # 部门整体支出绩效自评表 / 项目支出绩效自评表：… / 评分表 title
    unit_name: str | None = None
    year: int | None = None
    rows: list[ScoreRow] = Field(default_factory=list)
    execution: ScoreRow | None = None
    groups: list[GroupSubtotal] = Field(default_factory=list)
    total: Decimal | None = None
    total_max: Decimal | None = None  # what the rows' 分值 add up to: the total is never above it
    grade: str | None = None
    stated_total: Decimal | None = None
    stated_grade: str | None = None
    total_difference: Decimal | None = None  # stated_total − total
    complete: bool = True
    adopted: list[str] = Field(default_factory=list)  # rows counted with the unit's own score (无法自动计算)
    notes: list[str] = Field(default_factory=list)

    def all_rows(self) -> list[ScoreRow]:
        return ([self.execution] if self.execution is not None else []) + list(self.rows)

    def row(self, key: str) -> ScoreRow | None:
        for r in self.all_rows():
            if r.key == key:
                return r
        return None

    def to_text(self) -> str:
        """A fixed-width table in Chinese, each row followed by its explanation."""
        out: list[str] = []
        title = self.subject + (f"（{self.unit_name} {self.year}年度）" if self.unit_name else "")
        out.append(title)
        out.append(
            f"规则集：{self.rule_set_id} 第{self.rule_set_version}版（sha256:{self.rule_set_hash[:12]}）{self.rule_set_title}"
        )
        out.append(f"出处：{self.source}")
        widths = [10, 24, 6, 8, 8, 8, 4]
        head = ["一级指标", "指标", "分值", "计算得分", "自评得分", "相差", "状态"]
        line = "─" * (sum(widths) + len(widths) - 1)
        out.append(line)
        out.append(_cells(head, widths))
        out.append(line)
        for r in self.all_rows():
            status = {"computed": "", "missing": "缺数", "manual": "人工"}[r.status] + (
                "有疑" if r.disputed else ""
            )
            out.append(
                _cells(
                    [
                        r.level1 or "",
                        r.name,
                        _n(r.max_score),
                        _n(r.score),
                        _n(r.unit_score),
                        _signed(r.difference),
                        status,
                    ],
                    widths,
                )
            )
            out.append(f"    {r.explanation}")
            out.extend(f"    另：{alt}" for alt in r.alternatives)
            out.extend(f"    ※{flag}" for flag in r.flags)
        out.append(line)
        for g in self.groups:
            out.append(
                _cells(
                    [
                        g.label,
                        "小计" + (f"（规则{_n(g.rule_points)}分）" if g.rule_points is not None else ""),
                        _n(g.max_score),
                        _n(g.score),
                        _n(g.unit_score),
                        _signed(_diff(g.unit_score, g.score)),
                        "",
                    ],
                    widths,
                )
            )
        out.append(line)
        of = (
            f"（满分{_n(self.total_max)}分）" if self.total_max is not None and self.total is not None else ""
        )
        out.append(
            f"计算总分：{_n(self.total)}分{of}，等级：{self.grade or '—'}；"
            f"单位自评：{_n(self.stated_total)}分，等级：{self.stated_grade or '—'}；"
            f"相差：{_signed(self.total_difference)}分"
        )
        if self.adopted:
            out.append(
                f"其中{len(self.adopted)}行无法自动计算，总分中采用单位自评分：{'、'.join(self.adopted)}"
            )
        out.extend(f"注：{n}" for n in self.notes)
        return "\n".join(out)


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else round2(a - b)


def _n(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + _n(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            out = out[:-1] + "…" if _width(out) >= width else out + "…"
            break
        out += ch
    return out + " " * max(0, width - _width(out))


def _cells(values: list[str], widths: list[int]) -> str:
    return " ".join(_fit(v, w) for v, w in zip(values, widths, strict=True)).rstrip()
