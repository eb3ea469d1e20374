"""Named inputs of rule-set rows: each a Python function that computes one quantity from a package.

Rule files name their inputs (``input: staffing_control_rate``); nothing in a rule file is ever
evaluated. Formulas follow the 部门整体支出绩效评价共性指标体系框架 (财预〔2013〕53号, RULES.md §2.1)
and the 岳阳楼区 评分表 (RULES.md §3.2). Rates are percentage numbers (88 for 88 %). An input that
the package cannot give returns ``missing`` with a Chinese reason; some inputs (checklists, days
late) are facts no package holds and can only be supplied by the caller (``facts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jixiao.model import EvaluationPackage, FundsRowKind, Level1, Level2, ThreePublicComponent

InputValue = Decimal | str | list[str]
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class InputResult:
    """The value of an input, how it was obtained (Chinese), or why it is missing."""

    value: InputValue | None
    how: str = ""
    missing: str | None = None
    figures: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class InputSpec:
    name: str
    label: str  # Chinese name shown to users
    unit: str  # "%", "人", "天", "" …
    compute: Callable[[EvaluationPackage], InputResult] | None = None
    fact_hint: str = ""  # for inputs only a caller can give: what to supply


REGISTRY: dict[str, InputSpec] = {}


def _register(
    name: str, label: str, unit: str, fact_hint: str = ""
) -> Callable[[Callable[[EvaluationPackage], InputResult]], Callable[[EvaluationPackage], InputResult]]:
    def wrap(func: Callable[[EvaluationPackage], InputResult]) -> Callable[[EvaluationPackage], InputResult]:
        REGISTRY[name] = InputSpec(name, label, unit, func, fact_hint)
        return func

    return wrap


def _fact(name: str, label: str, unit: str, hint: str) -> None:
    REGISTRY[name] = InputSpec(name, label, unit, None, hint)


def missing(reason: str) -> InputResult:
    return InputResult(None, missing=reason)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def fmt(value: Decimal, places: int = 2) -> str:
    """A number for display: rounded half up, trailing zeros kept to ``places``."""
    q = _QUANTA.get(places)
    if q is None:
        q = Decimal(1).scaleb(-places)
    return format(value.quantize(q, rounding=ROUND_HALF_UP), "f")


def plain(value: Decimal) -> str:
    """A number as written: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return numerator / denominator * HUNDRED


# ---------------------------------------------------------------- staffing


def staffing_figures(package: EvaluationPackage) -> tuple[int | None, int | None, str]:
    """编制数 and 实有人数 as the forms state them (unit block first, then the 基础数据表)."""
    unit = package.unit
    if unit.authorized_staff is not None and unit.actual_staff is not None:
        return unit.authorized_staff, unit.actual_staff, "基本概况"
    base = package.base_data
    if base is not None and base.authorized_staff is not None and base.actual_staff is not None:
        return base.authorized_staff, base.actual_staff, "基础数据表"
    return unit.authorized_staff, unit.actual_staff, "基本概况"


def staffing_rate(authorized: int, actual: int) -> Decimal:
    return ratio_percent(Decimal(actual), Decimal(authorized))


@_register("staffing_control_rate", "财政供养人员控制率", "%")
def staffing_control_rate(package: EvaluationPackage) -> InputResult:
    """实有（在职）人数 / 编制数 × 100 %."""
    authorized, actual, where = staffing_figures(package)
    if authorized is None or actual is None:
        lacking = "编制数" if authorized is None else "实有人数"
        return missing(f"缺少{lacking}")
    if authorized == 0:
        return missing("编制数为0，无法计算控制率")
    rate = staffing_rate(authorized, actual)
    return InputResult(
        rate,
        f"实有{actual}人/编制{authorized}人={fmt(rate)}%（{where}）",
        figures={"authorized_staff": Decimal(authorized), "actual_staff": Decimal(actual)},
    )


# ---------------------------------------------------------------- 三公经费


def _three_public_total(
    package: EvaluationPackage,
) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
    """(上年决算, 本年预算, 本年决算) of 三公经费 合计: first table that states them, else the 基础数据表."""
    best: tuple[Decimal | None, Decimal | None, Decimal | None, str] = (None, None, None, "")
    for table in package.three_public_tables:
        row = table.row(ThreePublicComponent.TOTAL)
        if row is None:
            continue
        candidate = (row.last_year_actual, row.budget, row.actual, table.title)
        if sum(v is not None for v in candidate[:3]) > sum(v is not None for v in best[:3]):
            best = candidate
    if package.base_data is not None:
        row2 = package.base_data.expense("three_public")
        if row2 is not None:
            candidate = (row2.last_year_actual, row2.budget, row2.actual, "基础数据表")
            if sum(v is not None for v in candidate[:3]) > sum(v is not None for v in best[:3]):
                best = candidate
    return best


@_register("three_public_control_rate", "“三公经费”控制率", "%")
def three_public_control_rate(package: EvaluationPackage) -> InputResult:
    """三公经费实际支出数 / 三公经费预算安排数 × 100 %."""
    _, budget, actual, where = _three_public_total(package)
    if actual is None:
        return missing("缺少三公经费实际支出数")
    if actual == 0:
        return InputResult(
            Decimal(0), f"三公经费实际支出为0（{where}），控制率按0%计", figures={"actual": actual}
        )
    if budget is None:
        return missing("缺少三公经费预算数")
    if budget == 0:
        return missing(f"三公经费预算为0而实际支出{plain(actual)}万元，控制率无法计算")
    rate = ratio_percent(actual, budget)
    return InputResult(
        rate,
        f"实际{plain(actual)}万元/预算{plain(budget)}万元={fmt(rate)}%（{where}）",
        figures={"budget": budget, "actual": actual},
    )


@_register("three_public_change_rate", "“三公经费”变动率（预算口径）", "%")
def three_public_change_rate(package: EvaluationPackage) -> InputResult:
    """(本年度三公经费预算数 − 上年度三公经费预算数) / 上年度三公经费预算数 (财预〔2013〕53号).

    Needs 上年预算数 (``ThreePublicRow.last_year_budget`` of the 合计 row); missing otherwise
    (the caller may then supply it as a fact).
    """
    for table in package.three_public_tables:
        row = table.row(ThreePublicComponent.TOTAL)
        if row is None or row.last_year_budget is None or row.budget is None:
            continue
        if row.last_year_budget == 0:
            return missing("上年三公经费预算为0，变动率无法计算")
        rate = (row.budget - row.last_year_budget) / row.last_year_budget * HUNDRED
        return InputResult(
            rate,
            f"（本年预算{plain(row.budget)}−上年预算{plain(row.last_year_budget)}）/上年预算"
            f"{plain(row.last_year_budget)}={fmt(rate)}%（{table.title}）",
            figures={"last_year_budget": row.last_year_budget, "budget": row.budget},
        )
    return missing("评价包中没有上年度三公经费预算数（财预〔2013〕53号口径：本年预算数与上年预算数相比）")


@_register("three_public_actual_change_rate", "“三公经费”变动率（决算口径）", "%")
def three_public_actual_change_rate(package: EvaluationPackage) -> InputResult:
    """(本年决算数 − 上年决算数) / 上年决算数 × 100 % (the basis the published tables print)."""
    last, _, actual, where = _three_public_total(package)
    if last is None or actual is None:
        return missing("缺少三公经费上年决算数或本年决算数")
    if last == 0:
        return missing("上年三公经费决算为0，变动率无法计算")
    rate = (actual - last) / last * HUNDRED
    return InputResult(
        rate,
        f"（本年{plain(actual)}−上年{plain(last)}）/上年{plain(last)}={fmt(rate)}%（{where}）",
        figures={"last_year_actual": last, "actual": actual},
    )


# ---------------------------------------------------------------- budget execution


def _funds_total(package: EvaluationPackage) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    if package.overall is None or package.overall.funds is None:
        return None, None, None
    row = package.overall.funds.row(FundsRowKind.TOTAL)
    if row is None:
        return None, None, None
    return row.initial_budget, row.annual_budget, row.executed


@_register("execution_rate", "预算执行率", "%")
def execution_rate(package: EvaluationPackage) -> InputResult:
    """全年执行数 / 全年预算数 × 100 % (整体支出自评表 资金情况)."""
    _, annual, executed = _funds_total(package)
    if annual is None or executed is None:
        return missing("缺少整体支出自评表的全年预算数或全年执行数")
    if annual == 0:
        return missing("全年预算数为0")
    rate = ratio_percent(executed, annual)
    return InputResult(
        rate,
        f"执行{plain(executed)}万元/全年预算{plain(annual)}万元={fmt(rate)}%",
        figures={"annual_budget": annual, "executed": executed},
    )


@_register("budget_adjustment_rate", "预算调整率", "%")
def budget_adjustment_rate(package: EvaluationPackage) -> InputResult:
    """|全年预算数 − 年初预算数| / 年初预算数 × 100 % (预算调整数 / 预算数)."""
    initial, annual, _ = _funds_total(package)
    if initial is None or annual is None:
        return missing("缺少年初预算数或全年预算数")
    if initial == 0:
        return missing("年初预算数为0")
    rate = abs(annual - initial) / initial * HUNDRED
    return InputResult(
        rate,
        f"|全年预算{plain(annual)}−年初预算{plain(initial)}|/年初预算{plain(initial)}={fmt(rate)}%",
        figures={"initial_budget": initial, "annual_budget": annual},
    )


@_register("balance_status", "资金结余", "")
def balance_status(package: EvaluationPackage) -> InputResult:
    """none / within_carried_over / above_carried_over: 结余 against 上年结转."""
    exp = package.expenditure
    inc = package.income
    balance: Decimal | None = None
    how = ""
    if exp is not None and exp.balance_current is not None:
        balance, how = exp.balance_current, f"当年结余{plain(exp.balance_current)}万元"
    elif exp is not None and inc is not None and exp.total is not None and inc.total is not None:
        balance = inc.total - exp.total
        how = f"收入合计{plain(inc.total)}−支出合计{plain(exp.total)}={plain(balance)}万元"
    if balance is None:
        return missing("缺少结余数（或收入合计与支出合计）")
    if balance <= 0:
        return InputResult("none", how, figures={"balance": balance})
    carried = inc.carried_over if inc is not None else None
    if carried is None:
        return missing(f"{how}，有结余，但缺少上年结转数")
    level = "within_carried_over" if balance <= carried else "above_carried_over"
    relation = "不超过" if level == "within_carried_over" else "超过"
    return InputResult(
        level,
        f"{how}，{relation}上年结转{plain(carried)}万元",
        figures={"balance": balance, "carried_over": carried},
    )


def _base_data_ratio(package: EvaluationPackage, key: str, label: str, actual_word: str) -> InputResult:
    """本年决算数 / 本年预算数 × 100 % of one 基础数据表 row (``key``)."""
    row = package.base_data.expense(key) if package.base_data is not None else None
    if row is None or row.budget is None or row.actual is None:
        return missing(f"缺少基础数据表中的{label}预算数或{actual_word}")
    if row.budget == 0:
        return missing(f"{label}预算为0")
    rate = ratio_percent(row.actual, row.budget)
    return InputResult(
        rate,
        f"{label}{actual_word}{plain(row.actual)}万元/预算{plain(row.budget)}万元={fmt(rate)}%",
        figures={"budget": row.budget, "actual": row.actual},
    )


@_register("procurement_execution_rate", "政府采购执行率", "%")
def procurement_execution_rate(package: EvaluationPackage) -> InputResult:
    """实际政府采购金额 / 政府采购预算数 × 100 % (基础数据表 政府采购金额)."""
    return _base_data_ratio(package, "procurement", "政府采购", "实际采购金额")


@_register("public_operation_control_rate", "公用经费控制率", "%")
def public_operation_control_rate(package: EvaluationPackage) -> InputResult:
    """实际支出公用经费总额 / 预算安排公用经费总额 × 100 % (基础数据表)."""
    return _base_data_ratio(package, "public_operation", "公用经费", "决算数")


@_register("fixed_asset_utilization_rate", "固定资产利用率", "%")
def fixed_asset_utilization_rate(package: EvaluationPackage) -> InputResult:
    """实际在用固定资产总额 / 所有固定资产总额 × 100 %."""
    assets = package.fixed_assets
    if assets is None or assets.total is None or assets.in_use is None:
        return missing("缺少固定资产合计或在用固定资产")
    if assets.total == 0:
        return missing("固定资产合计为0")
    rate = ratio_percent(assets.in_use, assets.total)
    return InputResult(
        rate,
        f"在用{plain(assets.in_use)}万元/合计{plain(assets.total)}万元={fmt(rate)}%",
        figures={"in_use": assets.in_use, "total": assets.total},
    )


@_register("satisfaction_rate", "社会公众或服务对象满意度", "%")
def satisfaction_rate(package: EvaluationPackage) -> InputResult:
    """The satisfaction indicators' actual values on the overall form (their mean if several)."""
    from jixiao.targets import parse_actual, parse_target

    if package.overall is None:
        return missing("没有整体支出自评表")
    values: list[Decimal] = []
    shown: list[str] = []
    for ind in package.overall.indicators:
        is_satisfaction = (
            ind.level1 == Level1.SATISFACTION or ind.level2 == Level2.SATISFACTION or "满意" in ind.name
        )
        if not is_satisfaction or not ind.actual_raw:
            continue
        target = parse_target(ind.target_raw or "", indicator_name=ind.name)
        actual = parse_actual(ind.actual_raw, target)
        if actual.value is None or actual.unit != "%":
            continue
        values.append(actual.value)
        shown.append(f"{ind.name}{plain(actual.value)}%")
    if not values:
        return missing("整体支出自评表中没有以百分比表示的满意度完成值")
    mean = sum(values, Decimal(0)) / len(values)
    how = "、".join(shown) + ("" if len(values) == 1 else f"，平均{fmt(mean)}%")
    return InputResult(mean, how)


# ---------------------------------------------------------------- facts no package holds

_fact(
    "key_expenditure_rate", "重点支出安排率", "%", "重点项目支出/项目总支出×100（评价包中没有重点项目的划分）"
)
_fact("late_special_funds", "未按进度下达的专项数", "个", "未按进度下达资金的专项个数")
_fact("official_card_rate", "公务卡刷卡率", "%", "公务卡刷卡金额占比（评价包中没有公务卡数据）")
_fact("failed_items", "不符合要求的事项", "项", "不符合要求的事项编号列表，或不符合的次数")
_fact("days_late", "推迟报送天数", "天", "报告比规定时间推迟的天数")
_fact(
    "overdue_rectification_items",
    "逾期未整改事项数",
    "项",
    "财政部门整改通知所列事项中，过了整改期限仍未销号的个数（整改台账统计）",
)


def known_input(name: str) -> bool:
    """Whether a rule file may name this input (``failed_items:<row>`` style names share a base)."""
    return name.split(":", 1)[0] in REGISTRY


def compute_input(
    name: str, package: EvaluationPackage, facts: dict[str, InputValue] | None = None
) -> InputResult:
    """The value of one input: a supplied fact first, else the registry function, else missing."""
    if facts and name in facts:
        value = facts[name]
        if isinstance(value, int | float):
            value = Decimal(str(value))
        return InputResult(value, "由评分人提供")
    spec = REGISTRY.get(name.split(":", 1)[0])
    if spec is None:
        return missing(f"未知的输入量“{name}”")
    if spec.compute is None:
        return missing(f"评价包中没有“{spec.label}”的数据，须由评分人提供（{name}：{spec.fact_hint}）")
    return spec.compute(package)


def input_label(name: str) -> str:
    spec = REGISTRY.get(name.split(":", 1)[0])
    return spec.label if spec else name


def input_unit(name: str) -> str:
    spec = REGISTRY.get(name.split(":", 1)[0])
    return spec.unit if spec else ""
