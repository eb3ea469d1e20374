"""Bounds and precision of every number in the package: the one place that declares them.

A real document holds amounts below a trillion 万元, scores up to a thousand points, rates within
a million per cent, headcounts up to ten million; nothing finite beyond that is a figure anyone
printed, and NaN or Infinity never is. Each numeric type of the model (:data:`Amount`,
:data:`Points`, :data:`Rate`, :data:`Headcount` …) carries a :class:`Bound`; validating a package —
typed input, an uploaded package file, an API body — refuses a value out of its bound or with more
decimals than its precision, with a Chinese message naming the field (error type
:data:`ERROR_TYPE`).

Importers read what a document prints and must not fail on one absurd figure: they build the
package inside :func:`relaxed_bounds` and then call :func:`quarantine_out_of_bounds`, which moves
each out-of-bound value to the import report at its place (the value becomes blank).

Storage columns must hold whatever the model accepts: see :data:`STORAGE` (max digits, decimal
places) per kind.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, ParamSpec, TypeVar, get_args, get_origin

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

MAX_DIGITS = 40
"""Most digits a number may be written with (trailing zeros included: ``96.50`` has four)."""

ERROR_TYPE = "value_out_of_bounds"
"""The pydantic error type of a bound violation; its message is already Chinese."""


@dataclass(frozen=True)
class Bound:
    """Declared range and precision of one kind of number.

    ``limit`` is the largest magnitude allowed (``exclusive``: strictly below it); ``places`` the
    most decimals (0: an integer). ``signed`` allows negative values down to ``-limit`` — a
    document may print a negative balance, or a negative score that the checker then reports
    (typed input refuses negatives separately, see :func:`jixiao.model.negative_values`).
    """

    kind: str
    label: str  # generic Chinese name, used when the field has no label of its own
    unit: str  # 万元, 分, %, 人 — shown in messages
    limit: Decimal
    places: int
    exclusive: bool = False
    signed: bool = True

    def violation(self, value: Any, field: str | None = None) -> str | None:
        """A Chinese sentence when ``value`` breaks the bound, else None."""
        name = FIELD_LABELS.get(field or "", self.label)
        if isinstance(value, bool):
            return None
        if isinstance(value, float):
            if not math.isfinite(value):
                return f"{name}不是有效的数字（填写的是 {value}）"
            value = Decimal(repr(value))
        if isinstance(value, int):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            return None
        if not value.is_finite():
            return f"{name}不是有效的数字（填写的是 {_shown(value)}）"
        magnitude = value.copy_abs()
        too_big = magnitude >= self.limit if self.exclusive else magnitude > self.limit
        if too_big or (not self.signed and value < 0):
            return f"{name}超出可接受的范围（{self.range_text(value)}，填写的是 {_shown(value)}）"
        digits = value.as_tuple()
        if len(digits.digits) > MAX_DIGITS:
            return f"{name}的数字位数过多（超过 {MAX_DIGITS} 位，填写的是 {_shown(value)}）"
        exponent = digits.exponent
        if isinstance(exponent, int) and exponent < -self.places:
            try:
                exact = value == value.quantize(Decimal(1).scaleb(-self.places))
            except InvalidOperation:
                exact = False
            if not exact:
                if self.places == 0:
                    return f"{name}应为整数（填写的是 {_shown(value)}）"
                return f"{name}最多保留 {self.places} 位小数（填写的是 {_shown(value)}）"
        return None

    def range_text(self, value: Decimal) -> str:
        """The side of the range ``value`` falls out of, in Chinese."""
        limit = _limit_text(self.limit)
        if value < 0 and not self.signed:
            return "不能为负数"
        sign = "-" if value < 0 else ""
        if self.exclusive:
            return f"绝对值应小于 {limit}{self.unit}"
        return f"{'不能小于' if value < 0 else '不能大于'} {sign}{limit}{self.unit}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = handler(source)
        return core_schema.with_info_wrap_validator_function(self._validate, inner)

    def _validate(
        self, value: Any, handler: core_schema.ValidatorFunctionWrapHandler, info: core_schema.ValidationInfo
    ) -> Any:
        field = info.field_name
        if not _RELAXED.get():
            early = self._early(value, field)
            if early is not None:
                raise PydanticCustomError(ERROR_TYPE, early)
        result = handler(value)
        if not _RELAXED.get():
            problem = self.violation(result, field)
            if problem is not None:
                raise PydanticCustomError(ERROR_TYPE, problem)
        return result

    def _early(self, value: Any, field: str | None) -> str | None:
        """Refuse NaN/Infinity (and, for integers, huge numbers) before pydantic parses them."""
        if isinstance(value, float) and not math.isfinite(value):
            return self.violation(value, field)
        if isinstance(value, Decimal) and not value.is_finite():
            return self.violation(value, field)
        if isinstance(value, str) and len(value) <= 200:
            text = value.strip().replace(",", "")
            try:
                number = Decimal(text)
            except (InvalidOperation, ValueError):
                return None
            if not number.is_finite() or (self.places == 0 and number.copy_abs() > self.limit):
                return self.violation(number, field)
        return None


def _shown(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:20] + "…" + text[-10:]


def _limit_text(limit: Decimal) -> str:
    digits = len(str(int(limit))) - 1
    if limit == Decimal(10) ** digits and digits >= 6:
        return f"10^{digits}"
    return format(limit, "f")


AMOUNT = Bound("amount", "金额", "万元", Decimal(10) ** 12, 6, exclusive=True)
"""Money (万元 unless a field says otherwise): |x| < 10^12, at most 6 decimals (元 to the fen)."""

POINTS = Bound("points", "分数", "分", Decimal(1000), 4)
"""A score or a 分值: at most 1000 in magnitude, at most 4 decimals."""

RATE = Bound("rate", "比率", "%", Decimal(10) ** 6, 6)
"""A percentage as printed (99.97 for 99.97%): within ±10^6 %, at most 6 decimals."""

HEADCOUNT = Bound("headcount", "人数", "人", Decimal(10) ** 7, 0)
"""A number of people or offices: at most 10^7."""

POSITION = Bound("position", "位置序号", "", Decimal(10) ** 9, 0, signed=False)
"""A line, page or row number, a 行次: 0 … 10^9."""

FIGURE = Bound("figure", "数值", "", Decimal(10) ** 12, 6, exclusive=True)
"""Any other figure (a scoring fact): |x| < 10^12, at most 6 decimals."""

BOUNDS: tuple[Bound, ...] = (AMOUNT, POINTS, RATE, HEADCOUNT, POSITION, FIGURE)


class Storage(NamedTuple):
    """What a database column needs to hold every value of a kind (SQL NUMERIC(max_digits, places))."""

    max_digits: int
    decimal_places: int


def storage_of(bound: Bound) -> Storage:
    """Digits a NUMERIC column needs for ``bound`` (integers: ``decimal_places`` 0)."""
    integer_digits = len(str(int(bound.limit))) - (1 if bound.exclusive else 0)
    return Storage(integer_digits + bound.places, bound.places)


STORAGE: dict[str, Storage] = {b.kind: storage_of(b) for b in BOUNDS}
"""amount NUMERIC(18, 6), points (8, 4), rate (13, 6), headcount (8, 0), position (10, 0), figure (18, 6)."""


FIELD_LABELS: dict[str, str] = {
    # scores
    "stated_total_score": "总分（得分）",
    "stated_total_max": "总分（分值）",
    "score": "得分",
    "max_score": "分值",
    "stated_score": "自评得分",
    "self_score": "自评得分",
    "level1_max": "一级指标分值",
    "level2_max": "二级指标分值",
    # funds and budget
    "initial_budget": "年初预算数",
    "annual_budget": "全年预算数",
    "executed": "全年执行数",
    "stated_execution_rate": "执行率",
    "total_investment": "项目总投资",
    "total_investment_appropriation": "项目总投资中的财政拨款",
    "by_source": "按收入性质分的金额",
    "by_nature": "按支出性质分的金额",
    "total": "合计",
    "carried_over": "上年结转",
    "general_public": "一般公共预算拨款",
    "government_fund": "政府性基金拨款",
    "state_capital": "国有资本经营预算拨款",
    "special_account_non_tax": "纳入专户管理的非税收入拨款",
    "other": "其他",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public_operation": "公用经费",
    "project": "项目支出",
    "balance_current": "当年结余",
    "balance_accumulated": "累计结余",
    "in_use": "在用资产",
    "leased": "出租资产",
    # 三公 and controls
    "last_year_actual": "上年决算数",
    "last_year_budget": "上年预算数",
    "budget": "本年预算数",
    "actual": "本年决算数",
    "stated_control_rate": "控制率",
    "stated_change_amount": "同比增减额",
    "stated_change_rate": "同比增减率",
    "approved_area": "核定面积",
    "actual_area": "实际面积",
    "stated_area_control_rate": "面积控制率",
    "budget_investment": "预算投资",
    "actual_investment": "实际投资",
    "stated_investment_control_rate": "投资控制率",
    "stated_staffing_control_rate": "财政供养人员控制率",
    # staffing
    "authorized_staff": "编制数",
    "actual_staff": "实有人数",
    "retired_staff": "退休人数",
    "internal_office_count": "内设机构数",
    # places and tables
    "values": "决算表金额",
    "row_number": "行次",
    "line": "行号",
    "page": "页码",
    "row": "表格行号",
    "scoring_facts": "评分事实",
}
"""Chinese names of the numeric fields, for messages (field names are unique enough in the model)."""


def decimal_text(value: Decimal) -> str:
    """Exact text of a decimal that is never much longer than its digits.

    Plain notation (``"96.50"``) for any figure a document can hold; scientific beyond that, so
    that ``9e999999999`` stays twelve characters instead of a gigabyte of zeros before the model
    gets to refuse it.
    """
    if not value.is_finite() or abs(value.adjusted()) >= MAX_DIGITS:
        return str(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent <= -2 * MAX_DIGITS:
        return str(value)
    return format(value, "f")


# ---------------------------------------------------------------- relaxed validation for importers

_RELAXED: ContextVar[bool] = ContextVar("jixiao_relaxed_bounds", default=False)


@contextmanager
def relaxed_bounds() -> Iterator[None]:
    """Inside this block the model accepts out-of-bound numbers (importers building a package).

    Call :func:`quarantine_out_of_bounds` on every package built inside before it leaves.
    """
    token = _RELAXED.set(True)
    try:
        yield
    finally:
        _RELAXED.reset(token)


class BoundViolation(NamedTuple):
    """A number outside its declared bound, with the model and field that hold it."""

    path: str  # overall.indicators[3].score, final_accounts.tables[0].rows[2].values[total]
    owner: BaseModel
    field: str
    key: str | None  # the dict key, for dict-valued fields
    value: Decimal | int
    message: str


def bound_of(annotation: object) -> Bound | None:
    """The :class:`Bound` in an annotation (``Annotated[..., Bound]``, also inside unions, dicts)."""
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        for meta in annotation.__metadata__:
            if isinstance(meta, Bound):
                return meta
    for arg in get_args(annotation):
        found = bound_of(arg)
        if found is not None:
            return found
    return None


_FIELD_BOUNDS: dict[type[BaseModel], dict[str, Bound | None]] = {}


def _field_bounds(cls: type[BaseModel]) -> dict[str, Bound | None]:
    """Each field's bound, worked out once per model class (its fields do not change)."""
    found = _FIELD_BOUNDS.get(cls)
    if found is None:
        found = _FIELD_BOUNDS[cls] = {
            name: next((m for m in info.metadata if isinstance(m, Bound)), None) or bound_of(info.annotation)
            for name, info in cls.model_fields.items()
        }
    return found


def bound_violations(model: BaseModel, path: str = "") -> list[BoundViolation]:
    """Every number in ``model`` (recursively) that breaks its field's bound."""
    out: list[BoundViolation] = []
    bounds = _field_bounds(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            out += bound_violations(value, where)
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += bound_violations(item, f"{where}[{i}]")
            continue
        bound = bounds[name]
        if bound is None:
            continue
        items: list[tuple[str | None, Any]] = (
            list(value.items()) if isinstance(value, dict) else [(None, value)]
        )
        for key, item in items:
            if isinstance(item, (Decimal, int)) and not isinstance(item, bool):
                message = bound.violation(item, name)
                if message is not None:
                    at = where if key is None else f"{where}[{key}]"
                    out.append(BoundViolation(at, model, name, key, item, message))
    return out


def quarantine_out_of_bounds(package: Any) -> int:
    """Move every out-of-bound number of an imported package to its import report; return how many.

    The value becomes blank (or its dict entry blank/removed) and an
    :class:`~jixiao.model.ImportIssue` records where it stood, what was printed and why it was not
    taken, so the rest of the document is still imported and checked.
    """
    from .common import SourceLocation
    from .package import ImportIssue

    found = bound_violations(package)
    default_doc = package.documents[0].id if getattr(package, "documents", None) else None
    for v in found:
        sources: dict[str, SourceLocation] = getattr(v.owner, "sources", {}) or {}
        key_source = f"{v.field}.{v.key}" if v.key is not None else v.field
        location = sources.get(key_source) or sources.get(v.field) or SourceLocation(document=default_doc)
        with relaxed_bounds():  # other entries of the same dict are quarantined in their turn
            if v.key is None:
                setattr(v.owner, v.field, None)
                sources.pop(v.field, None)
            else:
                mapping = dict(getattr(v.owner, v.field))
                try:
                    mapping[v.key] = None
                    setattr(v.owner, v.field, mapping)
                except ValueError:  # a dict whose values cannot be blank: drop the entry
                    mapping.pop(v.key, None)
                    setattr(v.owner, v.field, mapping)
                sources.pop(key_source, None)
        package.import_report = [
            *package.import_report,
            ImportIssue(
                location=location.model_copy(),
                reason=f"{v.message}：该数值未导入（{v.path}）",
                text=_shown(Decimal(v.value)),
            ),
        ]
    return len(found)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def importing(build: Callable[_P, list[_T]]) -> Callable[_P, list[_T]]:
    """Decorate an importer's ``… -> list[EvaluationPackage]``: relaxed bounds, then quarantine.

    The packages it returns hold no out-of-bound number; each one it met is in the import report.
    """

    @functools.wraps(build)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> list[_T]:
        with relaxed_bounds():
            packages = build(*args, **kwargs)
        for package in packages:
            quarantine_out_of_bounds(package)
        return packages

    return wrapper
