"""Shared building blocks of the evaluation package: provenance, money, enums.

Money and rates are :class:`decimal.Decimal` everywhere (万元 unless a field says otherwise);
rates are stored as fractions of one only when a field name ends in ``_fraction``, otherwise a
rate is a percentage number as printed (``99.97`` for ``99.97%``).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, NamedTuple, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

from .bounds import AMOUNT, FIGURE, HEADCOUNT, POINTS, POSITION, RATE

Money = Decimal
"""An amount in 万元 unless the field says otherwise."""


class NonNegative:
    """Marker on a field that cannot be negative (a budget, an actual, a score, a headcount).

    The model still holds a negative figure a document prints (the package keeps what documents
    state); typed input is refused (:func:`negative_values`), and the checker reports it.
    """

    def __repr__(self) -> str:
        return "NonNegative()"


NON_NEGATIVE = NonNegative()

Amount = Annotated[Decimal, NON_NEGATIVE, AMOUNT]
"""An amount that cannot be negative (a budget, an actual, an asset): 万元 unless stated."""

SignedAmount = Annotated[Decimal, AMOUNT]
"""An amount that may be negative (a balance, a change): 万元 unless stated."""

Points = Annotated[Decimal, NON_NEGATIVE, POINTS]
"""A score or a 分值: never negative."""

Rate = Annotated[Decimal, RATE]
"""A percentage as printed (``99.97`` for 99.97%)."""

Figure = Annotated[Decimal, FIGURE]
"""Any other number (a scoring fact)."""

Headcount = Annotated[int, NON_NEGATIVE, HEADCOUNT]
"""A number of people or offices."""

Position = Annotated[int, POSITION]
"""A line, page or row number, a 行次."""


class StrictModel(BaseModel):
    """Base for every package model: unknown keys are an error, assignment is validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


class SourceLocation(StrictModel):
    """Where a value was read: the document and the place inside it.

    Text documents give ``line``; PDF gives ``page``; Word and Excel give ``table``, ``row`` and
    ``column``. ``text`` keeps the raw characters that were read, for display and for audit.
    """

    document: str | None = None
    line: Position | None = None
    page: Position | None = None
    table: str | None = None
    row: Position | None = None
    column: str | None = None
    text: str | None = None
    # text not read from the file itself (a scan): reader "OCR", the lowest confidence (0-100) of its
    # characters, and the digits read with low confidence, each shown in its word ("45.9[9]")
    reader: str | None = None
    confidence: float | None = None
    uncertain: list[str] = []

    def describe(self) -> str:
        """A short Chinese description, e.g. ``001.txt 第12行``."""
        parts: list[str] = []
        if self.document:
            parts.append(self.document)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table:
            parts.append(self.table)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"“{self.column}”列")
        if self.line is not None and self.row is None:
            parts.append(f"第{self.line}行")
        return " ".join(parts)


class Located(StrictModel):
    """A model whose fields may each carry a :class:`SourceLocation` (keyed by field name)."""

    sources: dict[str, SourceLocation] = Field(default_factory=dict, title="出处")


class Scope(str, Enum):
    """部门整体支出 / 项目支出."""

    OVERALL = "overall"
    PROJECT = "project"


class Level1(str, Enum):
    """一级指标."""

    OUTPUT = "output"  # 产出指标
    BENEFIT = "benefit"  # 效益指标
    SATISFACTION = "satisfaction"  # 满意度指标
    COST = "cost"  # 成本指标 (财预〔2021〕101号 raises cost to level 1)
    OTHER = "other"


class Level2(str, Enum):
    """二级指标."""

    QUANTITY = "quantity"  # 数量指标
    QUALITY = "quality"  # 质量指标
    TIMELINESS = "timeliness"  # 时效指标
    COST = "cost"  # 成本指标
    ECONOMIC = "economic"  # 经济效益
    SOCIAL = "social"  # 社会效益
    ECOLOGICAL = "ecological"  # 生态效益
    SUSTAINABILITY = "sustainability"  # 可持续影响
    SATISFACTION = "satisfaction"  # 服务对象满意度
    OTHER = "other"


class Grade(str, Enum):
    """优 / 良 / 中 / 差 (the bands come from the rule set)."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"


LEVEL1_LABELS: dict[Level1, str] = {
    Level1.OUTPUT: "产出指标",
    Level1.BENEFIT: "效益指标",
    Level1.SATISFACTION: "满意度指标",
    Level1.COST: "成本指标",
    Level1.OTHER: "其他指标",
}

LEVEL2_LABELS: dict[Level2, str] = {
    Level2.QUANTITY: "数量指标",
    Level2.QUALITY: "质量指标",
    Level2.TIMELINESS: "时效指标",
    Level2.COST: "成本指标",
    Level2.ECONOMIC: "经济效益指标",
    Level2.SOCIAL: "社会效益指标",
    Level2.ECOLOGICAL: "生态效益指标",
    Level2.SUSTAINABILITY: "可持续影响指标",
    Level2.SATISFACTION: "服务对象满意度指标",
    Level2.OTHER: "其他",
}


class NegativeValue(NamedTuple):
    """A negative number in a field marked :class:`NonNegative`."""

    path: str  # overall.funds.rows[0].executed
    owner: BaseModel  # the model holding the field (its ``sources`` locate the value)
    field: str
    value: Decimal | int


def negative_values(model: BaseModel, path: str = "") -> list[NegativeValue]:
    """Every field marked :class:`NonNegative` that holds a negative number, with its path."""
    out: list[NegativeValue] = []
    for name, marked in _walked_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out += negative_values(value, f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += negative_values(item, f"{path}.{name}[{i}]" if path else f"{name}[{i}]")
        elif marked and isinstance(value, (Decimal, int)) and not isinstance(value, bool) and value < 0:
            out.append(NegativeValue(f"{path}.{name}" if path else name, model, name, value))
    return out


@functools.cache
def _walked_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of a model class :func:`negative_values` must look at, each with whether it is
    marked :class:`NonNegative` (read once per class): the marked ones, and the unmarked ones that
    can hold a model (``str``, ``Decimal | None`` … can hold no negative value to report)."""
    out: list[tuple[str, bool]] = []
    for name, info in model.model_fields.items():
        marked = any(isinstance(m, NonNegative) for m in info.metadata) or _marked(info.annotation)
        if marked or _may_hold_model(info.annotation):
            out.append((name, marked))
    return tuple(out)


def _may_hold_model(annotation: object) -> bool:
    """Whether a value of this annotation can be (or be a list holding) a model; True when unsure."""
    if isinstance(annotation, type) and not get_args(annotation):
        return issubclass(annotation, BaseModel) or annotation is object
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    if origin is Annotated:
        return _may_hold_model(get_args(annotation)[0])
    args = get_args(annotation)
    return any(_may_hold_model(a) for a in args) if args else annotation is not None


def _marked(annotation: object) -> bool:
    """Whether ``Annotated[..., NonNegative()]`` stands in the annotation (also inside ``X | None``)."""
    if get_origin(annotation) is Annotated:
        return any(isinstance(m, NonNegative) for m in get_args(annotation)[1:])
    return any(_marked(a) for a in get_args(annotation))
