"""Figure sentences generated from the package: execution, 三公经费, staffing, projects, scores.

The report's sentences and the tables printed beside them are built from the same figures
(:class:`ThreePublicFigure`, the funds rows), so no figure in the text can disagree with a table.
Rates are computed here from the amounts (执行率 = 全年执行数 / 全年预算数, 财预〔2020〕10号;
完成预算 = 决算数 / 预算数; 增减率 = (本年 − 上年) / 上年); the rates a document states are not
repeated, because the audit checks them against these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import (
    EvaluationPackage,
    FundsRowKind,
    SelfEvaluation,
    ThreePublicComponent,
    ThreePublicTable,
)

from .numbers import chinese_date, grade_basis, national_grade, percent, plain, rate, wan

C = ThreePublicComponent

THREE_PUBLIC_LABELS: dict[ThreePublicComponent, str] = {
    C.TOTAL: "“三公经费”",
    C.OVERSEAS_TRAVEL: "因公出国（境）费",
    C.VEHICLE: "公务用车购置及运行维护费",
    C.VEHICLE_PURCHASE: "公务用车购置费",
    C.VEHICLE_OPERATION: "公务用车运行维护费",
    C.RECEPTION: "公务接待费",
}
THREE_PUBLIC_ORDER = [
    C.TOTAL,
    C.OVERSEAS_TRAVEL,
    C.VEHICLE,
    C.VEHICLE_PURCHASE,
    C.VEHICLE_OPERATION,
    C.RECEPTION,
]
_BASE_KEYS = {
    "three_public": C.TOTAL,
    "overseas_travel": C.OVERSEAS_TRAVEL,
    "vehicle": C.VEHICLE,
    "vehicle_purchase": C.VEHICLE_PURCHASE,
    "vehicle_operation": C.VEHICLE_OPERATION,
    "reception": C.RECEPTION,
}
_FA07 = {
    C.TOTAL: "total",
    C.OVERSEAS_TRAVEL: "abroad",
    C.VEHICLE: "vehicle",
    C.VEHICLE_PURCHASE: "vehicle_purchase",
    C.VEHICLE_OPERATION: "vehicle_operation",
    C.RECEPTION: "reception",
}


@dataclass
class ThreePublicFigure:
    """One 三公 component: 上年决算数, 本年预算数, 本年决算数, and what follows from them."""

    component: ThreePublicComponent
    last_year: Decimal | None = None
    budget: Decimal | None = None
    actual: Decimal | None = None
    reason: str | None = None  # the unit's own reason for the change, where it gave one

    @property
    def label(self) -> str:
        return THREE_PUBLIC_LABELS[self.component]

    @property
    def completion(self) -> Decimal | None:
        """完成预算的 N% (决算数 / 预算数)."""
        return rate(self.actual, self.budget)

    @property
    def change(self) -> Decimal | None:
        if self.actual is None or self.last_year is None:
            return None
        return self.actual - self.last_year

    @property
    def change_rate(self) -> Decimal | None:
        change = self.change
        return None if change is None else rate(change, self.last_year)

    def known(self) -> bool:
        return any(v is not None for v in (self.last_year, self.budget, self.actual))


def _table_fullness(table: ThreePublicTable) -> int:
    return sum(
        (r.last_year_actual is not None) + (r.budget is not None) + (r.actual is not None) for r in table.rows
    )


def three_public_figures(package: EvaluationPackage) -> list[ThreePublicFigure]:
    """The 三公 figures of the package, merged from its tables.

    Each value is taken from the first source that states it: the 基础数据表, then the 三公 tables
    (the most complete first), then 公开07表. Components with no figure at all are left out.
    """
    figures = {c: ThreePublicFigure(c) for c in THREE_PUBLIC_ORDER}

    def offer(
        component: ThreePublicComponent, last: Decimal | None, budget: Decimal | None, actual: Decimal | None
    ) -> None:
        f = figures[component]
        if f.last_year is None:
            f.last_year = last
        if f.budget is None:
            f.budget = budget
        if f.actual is None:
            f.actual = actual

    if package.base_data is not None:
        for row in package.base_data.expense_rows:
            if row.key in _BASE_KEYS:
                offer(_BASE_KEYS[row.key], row.last_year_actual, row.budget, row.actual)
    for table in sorted(package.three_public_tables, key=_table_fullness, reverse=True):
        for r in table.rows:
            offer(r.component, r.last_year_actual, r.budget, r.actual)
            if r.reason and figures[r.component].reason is None:
                figures[r.component].reason = r.reason
    fa = package.final_accounts.table("07") if package.final_accounts is not None else None
    if fa is not None and fa.rows:
        values = fa.rows[0].values
        for component, key in _FA07.items():
            offer(component, None, values.get(f"budget_{key}"), values.get(f"final_{key}"))
    return [figures[c] for c in THREE_PUBLIC_ORDER if figures[c].known()]


def three_public_sentence(f: ThreePublicFigure) -> str:
    """``“三公经费”支出预算为4.00万元，支出决算为2.76万元，完成预算的69.00%，比上年减少4.11万元，下降59.83%。``"""
    parts: list[str] = []
    if f.budget == 0 and f.actual == 0:
        parts.append(f"{f.label}支出预算数和决算数均为{wan(Decimal(0))}")
    elif f.budget is not None:
        parts.append(f"{f.label}支出预算为{wan(f.budget)}")
    if f.actual is not None and not (f.budget == 0 and f.actual == 0):
        parts.append(f"{'' if parts else f.label}支出决算为{wan(f.actual)}")
    completion = f.completion
    if completion is not None:
        parts.append(f"完成预算的{percent(completion)}")
    elif f.budget == 0 and f.actual:
        parts.append("预算数为0，不计算完成比例")
    change = f.change
    if change is not None:
        if change == 0:
            parts.append("与上年持平")
        else:
            word, trend, amount = ("增加", "增长", change) if change > 0 else ("减少", "下降", -change)
            text = f"比上年{word}{wan(amount)}"
            change_rate = rate(amount, f.last_year)
            if change_rate is not None:
                text += f"，{trend}{percent(change_rate)}"
            parts.append(text)
    if f.reason:
        parts.append(f"主要原因是：{f.reason.rstrip('。')}")
    if not parts:
        return ""
    return "，".join(parts) + "。"


def three_public_sentences(package: EvaluationPackage) -> list[str]:
    figures = three_public_figures(package)
    components = {f.component for f in figures}
    out: list[str] = []
    for f in figures:
        if f.component == C.VEHICLE and {C.VEHICLE_PURCHASE, C.VEHICLE_OPERATION} <= components:
            continue  # its two parts are stated separately
        sentence = three_public_sentence(f)
        if sentence:
            out.append(sentence)
    return out


def staffing_sentence(package: EvaluationPackage) -> str | None:
    """``单位编制数32人，实有人数27人，财政供养人员控制率84.38%。``"""
    unit = package.unit
    base = package.base_data
    authorized = (
        unit.authorized_staff
        if unit.authorized_staff is not None
        else (base.authorized_staff if base else None)
    )
    actual = unit.actual_staff if unit.actual_staff is not None else (base.actual_staff if base else None)
    parts: list[str] = []
    if authorized is not None:
        parts.append(f"单位编制数{authorized}人")
    if actual is not None:
        parts.append(f"实有人数{actual}人")
    control = (
        rate(Decimal(actual), Decimal(authorized)) if actual is not None and authorized is not None else None
    )
    if control is not None:
        parts.append(f"财政供养人员控制率{percent(control)}")
    if unit.retired_staff is not None:
        parts.append(f"退休人员{unit.retired_staff}人")
    return "，".join(parts) + "。" if parts else None


def offices_sentence(package: EvaluationPackage) -> str | None:
    unit = package.unit
    if not unit.internal_offices:
        return None
    return f"内设机构{len(unit.internal_offices)}个，分别为：{'、'.join(unit.internal_offices)}。"


def execution_sentence(evaluation: SelfEvaluation, year: int) -> str | None:
    """``2024年度部门整体支出年初预算数354.83万元，全年预算数444.37万元，执行数444.24万元，执行率99.97%。``"""
    funds = evaluation.funds
    total = funds.row(FundsRowKind.TOTAL) if funds is not None else None
    if total is None or (total.annual_budget is None and total.executed is None):
        return None
    subject = f"{year}年度部门整体支出" if evaluation.name is None else f"“{evaluation.name}”项目"
    parts: list[str] = []
    if total.initial_budget is not None:
        parts.append(f"年初预算数{wan(total.initial_budget)}")
    if total.annual_budget is not None:
        parts.append(f"全年预算数{wan(total.annual_budget)}")
    if total.executed is not None:
        parts.append(f"执行数{wan(total.executed)}")
    execution = rate(total.executed, total.annual_budget)
    if execution is not None:
        parts.append(f"执行率{percent(execution)}")
    return subject + "，".join(parts) + "。"


def nature_sentence(evaluation: SelfEvaluation) -> str | None:
    """``按支出性质分，基本支出373.59万元，项目支出70.65万元。``"""
    funds = evaluation.funds
    if funds is None:
        return None
    parts = [f"{k}{wan(v)}" for k, v in funds.by_nature.items() if v is not None]
    sources = [f"{k}{wan(v)}" for k, v in funds.by_source.items() if v is not None]
    out = ""
    if sources:
        out += "按收入性质分，" + "，".join(sources) + "。"
    if parts:
        out += "按支出性质分，" + "，".join(parts) + "。"
    return out or None


def income_expenditure_sentence(package: EvaluationPackage) -> str | None:
    """The 单位收支情况 block in words (收入合计 …；支出合计 …)."""
    inc = package.income
    exp = package.expenditure
    parts: list[str] = []
    if inc is not None and inc.total is not None:
        items = [
            (label, value)
            for label, value in (
                ("上年结转", inc.carried_over),
                ("公共财政拨款", inc.general_public),
                ("政府基金拨款", inc.government_fund),
                ("国有资本经营收入", inc.state_capital),
                ("纳入专户管理的非税收入拨款", inc.special_account_non_tax),
                ("其他收入", inc.other),
            )
            if value
        ]
        text = f"{package.year}年度收入合计{wan(inc.total)}"
        if items:
            text += "，其中：" + "，".join(f"{label}{wan(v)}" for label, v in items if v is not None)
        parts.append(text)
    if exp is not None and exp.total is not None:
        text = f"支出合计{wan(exp.total)}"
        items2: list[str] = []
        if exp.basic is not None:
            detail = [
                f"{label}{wan(v)}"
                for label, v in (("人员支出", exp.personnel), ("公用支出", exp.public_operation))
                if v is not None
            ]
            items2.append(f"基本支出{wan(exp.basic)}" + (f"（{'，'.join(detail)}）" if detail else ""))
        if exp.project is not None:
            items2.append(f"项目支出{wan(exp.project)}")
        if items2:
            text += "，其中：" + "，".join(items2)
        if exp.balance_current is not None:
            text += f"；当年结余{wan(exp.balance_current)}"
        parts.append(text)
    return "；".join(parts) + "。" if parts else None


def grade_of(evaluation: SelfEvaluation) -> tuple[str | None, bool]:
    """The grade the form states, or (derived from the score by 财预〔2020〕10号 bands, True)."""
    if evaluation.stated_grade:
        return evaluation.stated_grade, False
    if evaluation.stated_total_score is not None:
        return national_grade(evaluation.stated_total_score), True
    return None, False


def score_sentence(evaluation: SelfEvaluation) -> str | None:
    """``部门整体支出绩效自评得分96分，评价等次为“优”。`` with the execution score and indicator count."""
    subject = "部门整体支出" if evaluation.name is None else f"“{evaluation.name}”项目"
    parts: list[str] = []
    if evaluation.stated_total_score is not None:
        total = f"{subject}绩效自评得分{plain(evaluation.stated_total_score)}分"
        if evaluation.stated_total_max is not None:
            total += f"（满分{plain(evaluation.stated_total_max)}分）"
        parts.append(total)
        grade, derived = grade_of(evaluation)
        parts.append(f"评价等次为“{grade}”" + (grade_basis() if derived else ""))
    funds = evaluation.funds
    if funds is not None and funds.stated_score is not None:
        parts.append(
            f"其中预算执行率得分{plain(funds.stated_score)}分"
            + (f"（分值{plain(funds.max_score)}分）" if funds.max_score is not None else "")
        )
    if evaluation.indicators:
        text = f"共设置三级绩效指标{len(evaluation.indicators)}个"
        scored = [i for i in evaluation.indicators if i.max_score is not None and i.score is not None]
        if scored:
            full = sum(1 for i in scored if i.score == i.max_score)
            text += f"，其中{full}个指标得满分"
            lost = [
                i for i in scored if i.score is not None and i.max_score is not None and i.score < i.max_score
            ]
            if lost:
                text += "，扣分指标为" + "、".join(
                    f"{i.name}（{plain(i.score)}/{plain(i.max_score)}分）" for i in lost
                )
        parts.append(text)
    if not parts:
        return None
    if evaluation.stated_total_score is None:
        parts[0] = subject + parts[0].removeprefix("其中")
    return "，".join(parts) + "。"


def projects_sentence(package: EvaluationPackage) -> str | None:
    names = [p.name or "（未命名项目）" for p in package.projects]
    if not names:
        return None
    return f"本年度开展项目支出绩效自评{len(names)}个：{'、'.join(names)}。"


def project_sentences(package: EvaluationPackage) -> list[str]:
    out: list[str] = []
    for p in package.projects:
        for sentence in (execution_sentence(p, package.year), score_sentence(p)):
            if sentence:
                out.append(sentence)
    return out


def report_sentences(package: EvaluationPackage) -> list[str]:
    """Every figure sentence of the self-evaluation report, in the order the report prints them."""
    out: list[str | None] = [staffing_sentence(package), offices_sentence(package)]
    if package.overall is not None:
        out += [execution_sentence(package.overall, package.year), nature_sentence(package.overall)]
    out.append(income_expenditure_sentence(package))
    out += three_public_sentences(package)
    out.append(projects_sentence(package))
    out += project_sentences(package)
    if package.overall is not None:
        out.append(score_sentence(package.overall))
    return [s for s in out if s]


def report_date(package: EvaluationPackage) -> str:
    report = package.report("self_evaluation_report")
    if report is not None and report.date:
        return chinese_date(report.date)
    if package.cover is not None and package.cover.report_date:
        return chinese_date(package.cover.report_date)
    return ""
