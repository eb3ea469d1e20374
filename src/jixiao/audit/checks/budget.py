"""Checks on the budget figures of the forms: sums, rates, control, adjustment, dates.

Identities: 收入合计 = Σ 来源; 基本支出 = 人员经费 + 公用经费; 支出合计 = 基本支出 + 项目支出;
收入 − 支出 = 当年结余; 年度资金总额 = 财政拨款 + 上年结转 + 其他资金 (财预〔2020〕10号 自评表, RULES.md
§1.8); 三公合计 = 因公出国 + 公务用车购置 + 公务用车运行维护 + 公务接待 (RULES.md §5.2 item 9);
执行率 = 全年执行数 / 全年预算数 (§1.5); 财政供养人员控制率 = 实有 / 编制 (§2.1, §3.2);
"三公"经费控制率 = 决算 / 预算; 预算调整率 = (全年预算 − 年初预算) / 年初预算 (§2.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from jixiao.model import (
    EvaluationPackage,
    FundsRowKind,
    SourceLocation,
    ThreePublicComponent,
    ThreePublicRow,
)

from ..findings import Finding
from ..numbers import HUNDRED, decimals, percent, rate_matches, show, total
from ..registry import CheckContext, declare, locate, register
from .common import forms

declare(
    "SGN002",
    "rate_mismatch",
    "error",
    "“三公”经费增减的用词与数字不符",
    "增加：本年数 > 上年数；减少：本年数 < 上年数（决算对上年决算，预算对上年预算或上年决算）",
    "公务接待费决算5.2万元，上年决算6.0万元，文中“比上年增加0.8万元”",
)
declare(
    "SUM001",
    "sum_mismatch",
    "error",
    "收入合计与各来源之和不符",
    "收入合计 = 上年结转 + 各项拨款 + 其他收入",
    "收入合计743.43 ≠ 0 + 736.89 + 6.54 = 743.43 时不报告；相差超过0.01万元时报告",
)
declare(
    "SUM002",
    "sum_mismatch",
    "error",
    "基本支出与人员经费、公用经费之和不符",
    "基本支出 = 人员经费 + 公用经费",
    "基本支出648.59，人员565.76 + 公用82.83 = 648.59",
)
declare(
    "SUM003",
    "sum_mismatch",
    "error",
    "支出合计与基本支出、项目支出之和不符",
    "支出合计 = 基本支出 + 项目支出",
    "支出合计741.9 = 648.59 + 93.31",
)
declare(
    "SUM004",
    "sum_mismatch",
    "error",
    "收入减支出与当年结余不符",
    "收入 − 支出 = 当年结余",
    "743.43 − 741.9 = 1.53",
)
declare(
    "SUM005",
    "sum_mismatch",
    "error",
    "资金情况“合计”行与其中各行之和不符",
    "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金",
    "全年预算数合计7486.96 = 7480.72 + 6.24",
)
declare(
    "SUM006",
    "sum_mismatch",
    "error",
    "按收入或支出性质分的金额之和与全年执行数不符",
    "全年执行数 = Σ按收入性质分 = Σ按支出性质分",
    "基本支出373.59 + 项目支出70.65 = 444.24",
)
declare(
    "SUM007",
    "sum_mismatch",
    "error",
    "“三公”经费合计与各项之和不符",
    "三公合计 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行维护费 + 公务接待费",
    "合计0.4 = 0.4 + 0 + 0 + 0",
)
declare(
    "SUM008",
    "sum_mismatch",
    "error",
    "基础数据表“其中”各项之和超过或不等于上级行",
    "三公经费 = 公务用车 + 出国 + 接待；公务用车 = 购置 + 运行维护；其中各项之和 ≤ 上级行",
    "三公经费决算2.76 = 1.13 + 1.63",
)
declare(
    "RAT001",
    "rate_mismatch",
    "error",
    "执行率与全年执行数/全年预算数不符",
    "执行率 = 全年执行数 ÷ 全年预算数",
    "444.24 ÷ 444.37 = 99.97%",
)
declare(
    "RAT002",
    "rate_mismatch",
    "error",
    "“三公”经费控制率与决算数/预算数不符",
    "“三公”经费控制率 = 决算数 ÷ 预算数",
    "表列控制率0.1%，0.4 ÷ 4 = 10%",
)
declare(
    "RAT003",
    "rate_mismatch",
    "error",
    "同比增减额与本年、上年决算数之差不符",
    "同比增减 = 本年决算数 − 上年决算数",
    "0.4 − 2.77 = −2.37",
)
declare(
    "RAT004",
    "rate_mismatch",
    "error",
    "同比增减率与增减额/上年决算数不符",
    "同比增减率 = (本年决算数 − 上年决算数) ÷ 上年决算数",
    "−2.37 ÷ 2.77 = −85.56%",
)
declare(
    "RAT005",
    "rate_mismatch",
    "error",
    "财政供养人员控制率与实有人数/编制数不符",
    "财政供养人员控制率 = 实有人数 ÷ 编制数",
    "27 ÷ 32 = 84.38%",
)
declare(
    "XRF007",
    "cross_reference_mismatch",
    "error",
    "同一“三公”经费数字在不同表格中不一致",
    "同一单位同一年度的“三公”经费预算数、决算数、上年决算数在各表中应一致",
    "基础数据表公务接待决算1.63，报告表格写1.36",
)
declare(
    "CTL001",
    "staffing_control",
    "warning",
    "财政供养人员控制率超过100%",
    "财政供养人员控制率 = 实有人数 ÷ 编制数 ≤ 100%（RULES.md §3.2）",
    "实有20人，编制14人，控制率142.86%",
)
declare(
    "CTL002",
    "expense_control",
    "warning",
    "“三公”经费决算超过预算",
    "“三公”经费决算数 ≤ 预算数",
    "公务接待费决算5万元，预算4万元",
)
declare(
    "CTL003",
    "expense_control",
    "warning",
    "“三公”经费比上年增加",
    "“三公”经费变动率 ≤ 0（RULES.md §3.2）",
    "公务接待费上年2.77万元，本年3万元",
)
declare(
    "OVB001",
    "over_budget",
    "warning",
    "基础数据表某项决算数超过预算数",
    "本年决算数 ≤ 本年预算数",
    "公用经费决算37.78万元，预算24.53万元（154.02%）",
)
declare(
    "OVB002",
    "over_budget",
    "error",
    "全年执行数超过全年预算数",
    "全年执行数 ≤ 全年预算数",
    "全年预算数46，全年执行数50",
)
declare(
    "ADJ001",
    "budget_adjustment",
    "warning",
    "年中预算调整幅度大",
    "预算调整率 = (全年预算数 − 年初预算数) ÷ 年初预算数 ≤ 10%（可配置）",
    "年初预算200万元，全年预算422.75万元，调整111.38%",
)
declare(
    "DAT001",
    "date_error",
    "error",
    "填报日期早于被评价年度结束",
    "自评在被评价年度结束后进行：填报日期 > 评价年度12月31日",
    "2024年度自评表填报日期2024-04-30",
)


def _yuan_slip(obj: Any, fields: tuple[str, ...], stated: Decimal, computed: Decimal, tol: Decimal) -> bool:
    """Whether the sum holds once a part printed in 元 is read in 万元 ("项目支出29.36元" among 万元
    figures): the slip is the unit's, which UNT001 reports, not the sum's."""
    for name in fields:
        value, src = getattr(obj, name), obj.sources.get(name)
        said = src.text.rstrip("。，,；; ") if src is not None and src.text else ""
        if (
            value is not None
            and said.endswith("元")
            and not said.endswith(("万元", "亿元"))
            and abs(stated - (computed - value + value * 10000)) <= tol
        ):
            return True
    return False


@register("SUM001", "SUM002", "SUM003", "SUM004")
def check_income_expenditure(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    inc = package.income
    if inc is not None and inc.total is not None:
        parts = [
            inc.carried_over,
            inc.general_public,
            inc.government_fund,
            inc.state_capital,
            inc.special_account_non_tax,
            inc.other,
        ]
        # figures gathered from sentences of their own ("收入总计…", "一般公共预算收入…") are no printed
        # identity, and a source the text does not name is unknown, not 0: the sentences' own totals
        # are checked where they are stated (check_narrative_rates)
        from_text = all(_said_in_words(src) for src in inc.sources.values())
        if any(p is not None for p in parts) and not from_text:
            s = total(parts)
            if abs(s - inc.total) > ctx.amount_tolerance:
                yield ctx.emit(
                    "SUM001",
                    f"年度收入情况：收入合计{show(inc.total)}万元，各来源之和为{show(s)}万元，相差{show(inc.total - s)}万元。",
                    locate(inc, "income.total", "total"),
                    stated=inc.total,
                    computed=s,
                )
    exp = package.expenditure
    if exp is None:
        return
    if exp.basic is not None and (exp.personnel is not None or exp.public_operation is not None):
        s = total([exp.personnel, exp.public_operation])
        if abs(s - exp.basic) > ctx.amount_tolerance:
            yield ctx.emit(
                "SUM002",
                f"年度支出情况：基本支出{show(exp.basic)}万元，人员经费{show(exp.personnel)} + 公用经费{show(exp.public_operation)} = {show(s)}万元。",
                locate(exp, "expenditure.basic", "basic"),
                stated=exp.basic,
                computed=s,
            )
    basic = exp.basic
    if basic is None and exp.personnel is not None and exp.public_operation is not None:
        # 支出 split as 人员经费 + 公用经费 + 项目支出: the first two are the 基本支出 it does not print
        basic = exp.personnel + exp.public_operation
    # a part the text does not name is unknown, not 0 ("总支出7778.55万元,其中财政项目补助支出683.20万元,基本支出
    # 7095.35万元": the first part's name is no 项目支出 the reader knows): only a table's blank cell is 0
    one_unsaid = (basic is None or exp.project is None) and all(
        _said_in_words(src) for src in exp.sources.values()
    )
    if exp.total is not None and (basic is not None or exp.project is not None) and not one_unsaid:
        s = total([basic, exp.project])
        if abs(s - exp.total) > ctx.amount_tolerance and not _yuan_slip(
            exp, ("basic", "project"), exp.total, s, ctx.amount_tolerance
        ):
            yield ctx.emit(
                "SUM003",
                f"年度支出情况：支出合计{show(exp.total)}万元，基本支出{show(basic)} + 项目支出{show(exp.project)} = {show(s)}万元。",
                locate(exp, "expenditure.total", "total"),
                stated=exp.total,
                computed=s,
            )
    if (
        inc is not None
        and inc.total is not None
        and exp.total is not None
        and exp.balance_current is not None
    ):
        s = inc.total - exp.total
        if abs(s - exp.balance_current) > ctx.amount_tolerance:
            yield ctx.emit(
                "SUM004",
                f"收入合计{show(inc.total)} − 支出合计{show(exp.total)} = {show(s)}万元，表列当年结余{show(exp.balance_current)}万元。",
                locate(exp, "expenditure.balance_current", "balance_current"),
                stated=exp.balance_current,
                computed=s,
            )


_FUND_COLUMNS = (
    ("initial_budget", "年初预算数"),
    ("annual_budget", "全年预算数"),
    ("executed", "全年执行数"),
)


@register("SUM005", "SUM006", "RAT001", "OVB002", "ADJ001")
def check_funds(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for path, form, label in forms(package):
        funds = form.funds
        if funds is None:
            continue
        top = funds.row(FundsRowKind.TOTAL)
        parts = [r for r in funds.rows if r.kind != FundsRowKind.TOTAL]
        ti = next((i for i, r in enumerate(funds.rows) if r.kind == FundsRowKind.TOTAL), None)
        if top is not None and parts:
            for attr, name in _FUND_COLUMNS:
                whole = getattr(top, attr)
                values = [getattr(r, attr) for r in parts]
                if whole is None or all(v is None for v in values):
                    continue
                s = total(values)
                if abs(s - whole) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM005",
                        f"{label}资金情况：{name}合计{show(whole)}万元，其中各行之和{show(s)}万元。",
                        locate(top, f"{path}.funds.rows[{ti}].{attr}", attr),
                        stated=whole,
                        computed=s,
                    )
        if top is None:
            continue
        for attr, mapping, name in (
            ("by_source", funds.by_source, "按收入性质分"),
            ("by_nature", funds.by_nature, "按支出性质分"),
        ):
            values = [v for v in mapping.values() if v is not None]
            if values and top.executed is not None:
                s = total(values)
                if abs(s - top.executed) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM006",
                        f"{label}：{name}合计{show(s)}万元，全年执行数{show(top.executed)}万元。",
                        locate(funds, f"{path}.funds.{attr}", attr),
                        stated=top.executed,
                        computed=s,
                    )
        if top.annual_budget is not None and top.executed is not None:
            if funds.stated_execution_rate is not None and top.annual_budget != 0:
                computed = percent(top.executed, top.annual_budget)
                assert computed is not None
                if not rate_matches(funds.stated_execution_rate, computed):
                    yield ctx.emit(
                        "RAT001",
                        f"{label}：执行率{show(funds.stated_execution_rate)}%，全年执行数{show(top.executed)} ÷ 全年预算数{show(top.annual_budget)} = {show(computed)}%。",
                        locate(funds, f"{path}.funds.stated_execution_rate", "stated_execution_rate"),
                        stated=f"{show(funds.stated_execution_rate)}%",
                        computed=f"{show(computed)}%",
                    )
            if top.executed - top.annual_budget > ctx.amount_tolerance:
                yield ctx.emit(
                    "OVB002",
                    f"{label}：全年执行数{show(top.executed)}万元超过全年预算数{show(top.annual_budget)}万元。",
                    locate(top, f"{path}.funds.rows[{ti}].executed", "executed"),
                    stated=top.executed,
                    computed=top.annual_budget,
                )
        if top.initial_budget is not None and top.annual_budget is not None:
            change = top.annual_budget - top.initial_budget
            if top.initial_budget == 0:
                if change > ctx.amount_tolerance:
                    yield ctx.emit(
                        "ADJ001",
                        f"{label}：年初预算数为0，年中调整为{show(top.annual_budget)}万元（全部为年中追加）。",
                        locate(
                            top, f"{path}.funds.rows[{ti}].annual_budget", "annual_budget", "initial_budget"
                        ),
                        stated=f"{show(top.initial_budget)} → {show(top.annual_budget)}",
                        computed="年初预算为0",
                    )
            else:
                rate = abs(change) / top.initial_budget
                if rate > ctx.adjustment_threshold:
                    yield ctx.emit(
                        "ADJ001",
                        f"{label}：年初预算数{show(top.initial_budget)}万元，全年预算数{show(top.annual_budget)}万元，调整{show(change)}万元，调整率{show(rate * HUNDRED)}%（超过{show(ctx.adjustment_threshold * HUNDRED)}%）。",
                        locate(
                            top, f"{path}.funds.rows[{ti}].annual_budget", "annual_budget", "initial_budget"
                        ),
                        stated=f"{show(top.initial_budget)} → {show(top.annual_budget)}",
                        computed=f"{show(rate * HUNDRED)}%",
                    )


_COMPONENTS = (
    ThreePublicComponent.OVERSEAS_TRAVEL,
    ThreePublicComponent.VEHICLE_PURCHASE,
    ThreePublicComponent.VEHICLE_OPERATION,
    ThreePublicComponent.RECEPTION,
)
_TP_COLUMNS = (("last_year_actual", "上年决算数"), ("budget", "预算数"), ("actual", "决算数"))
_TP_LABELS = {
    ThreePublicComponent.TOTAL: "“三公”经费合计",
    ThreePublicComponent.OVERSEAS_TRAVEL: "因公出国（境）费",
    ThreePublicComponent.VEHICLE: "公务用车购置及运行维护费",
    ThreePublicComponent.VEHICLE_PURCHASE: "公务用车购置费",
    ThreePublicComponent.VEHICLE_OPERATION: "公务用车运行维护费",
    ThreePublicComponent.RECEPTION: "公务接待费",
}


def _three_public_change(
    r: ThreePublicRow, where: str, name: str, base: str, ctx: CheckContext
) -> Iterator[Finding]:
    """The stated change of a 三公 row against last year: 决算 against 上年决算; a 预算 disclosure's
    预算 against 上年预算, else against 上年决算 ("2022年预算11.8万元…较上年同期减少0.58万元", 上年决算12.39)."""
    now: Decimal | None
    before: Decimal | None
    if r.actual is not None:
        now, before, now_name, before_name = r.actual, r.last_year_actual, "决算数", "上年决算数"
    else:
        now, now_name = r.budget, "预算数"
        before, before_name = (
            (r.last_year_budget, "上年预算数")
            if r.last_year_budget is not None
            else (r.last_year_actual, "上年决算数")
        )
    if now is None or before is None:
        return
    change = now - before
    s = r.stated_change_amount
    tol = ctx.amount_tolerance
    said = r.sources.get("stated_change_amount")
    in_words = (
        said is not None and said.table is None and said.column is None
    )  # a table's 增减 column may be unsigned
    wrong_word = in_words and s is not None and abs(change) > tol and abs(s) > tol and (s > 0) != (change > 0)
    if s is not None and wrong_word and abs(abs(s) - abs(change)) <= tol:  # else RAT003 below
        yield ctx.emit(
            "SGN002",
            f"{where}“{name}”：文中写{'增加' if s > 0 else '减少'}{show(abs(s))}万元，{now_name}{show(now)} − {before_name}{show(before)} = {show(change)}万元。",
            locate(r, f"{base}.stated_change_amount", "stated_change_amount"),
            stated="增加" if s > 0 else "减少",
            computed=change,
        )
        return
    as_rate = percent(change, before) if before != 0 else None
    if (
        s is not None
        and abs(s - change) > ctx.amount_tolerance
        and abs(abs(s) - abs(change)) > ctx.amount_tolerance
        and not (as_rate is not None and rate_matches(abs(s), abs(as_rate)))
        # a 增减 column that holds the rate ("-57.39" under "增减", 18.17 ÷ 31.66 = 57.39%): not wrong
    ):
        yield ctx.emit(
            "RAT003",
            f"{where}“{name}”：同比增减写为{show(s)}万元，{now_name}{show(now)} − {before_name}{show(before)} = {show(change)}万元。",
            locate(r, f"{base}.stated_change_amount", "stated_change_amount"),
            stated=s,
            computed=change,
        )
    if r.stated_change_rate is not None and before != 0:
        computed = percent(change, before)
        assert computed is not None
        rate = r.stated_change_rate
        if not (
            rate_matches(rate, computed)
            or rate_matches(abs(rate), abs(computed))
            or _within_rounding(abs(rate), now, before)
        ):
            yield ctx.emit(
                "RAT004",
                f"{where}“{name}”：同比增减率写为{show(rate)}%，({now_name}{show(now)} − {before_name}{show(before)}) ÷ {show(before)} = {show(computed)}%。",
                locate(r, f"{base}.stated_change_rate", "stated_change_rate"),
                stated=f"{show(rate)}%",
                computed=f"{show(computed)}%",
            )


def _within_rounding(rate: Decimal, now: Decimal, before: Decimal) -> bool:
    """The rate one gets from the amounts before they were rounded to the digits printed: 2364 and
    2840 in whole 万元 stand for 2363.5…2364.5 and 2839.5…2840.5, so −16.77 % is as right as −16.76 %."""
    half = Decimal(1).scaleb(-max(decimals(now), decimals(before))) / 2
    if before - half <= 0:
        return False
    corners = [
        abs(n - b) / b * HUNDRED for n in (now - half, now + half) for b in (before - half, before + half)
    ]
    unit = Decimal(1).scaleb(-decimals(rate)) / 2
    return min(corners) - unit <= rate <= max(corners) + unit


def _only_vehicle_wrong(
    rows: dict[ThreePublicComponent, ThreePublicRow],
    attr: str,
    whole: Decimal,
    others: list[Decimal | None],
    ctx: CheckContext,
) -> bool:
    """合计 agrees once the 公务用车 subtotal is replaced by its 其中 rows: the subtotal alone is wrong
    (reported on its own row), not the 合计 ("3.公务用车费 0; 其中：运行维护费 32.65")."""
    if ThreePublicComponent.VEHICLE not in rows:
        return False
    parts = [
        getattr(rows[c], attr)
        for c in (ThreePublicComponent.VEHICLE_PURCHASE, ThreePublicComponent.VEHICLE_OPERATION)
        if c in rows
    ]
    if all(x is None for x in parts):
        return False
    return abs(total([*parts, *others]) - whole) <= ctx.amount_tolerance


def _in_words(r: ThreePublicRow, attr: str) -> bool:
    """The figure was read from a sentence (its source quotes words), not from a table's cell."""
    return _said_in_words(r.sources.get(attr))


def _said_in_words(said: SourceLocation | None) -> bool:
    return (
        said is not None
        and said.table is None
        and said.column is None
        and said.text is not None
        and re.search(r"[\u4e00-\u9fff]", said.text) is not None
    )


def _known(
    rows: dict[ThreePublicComponent, ThreePublicRow], component: ThreePublicComponent, attr: str
) -> bool:
    """A component's figure in a column is known: stated, or left blank in a table's printed row (a
    blank cell of a printed row is nothing spent); a component the text does not name is unknown."""
    row = rows.get(component)
    if row is None:
        return False
    if getattr(row, attr) is not None:
        return True
    return any(not _in_words(row, a) for a in row.sources)


def _vehicle(rows: dict[ThreePublicComponent, ThreePublicRow], attr: str) -> tuple[Decimal | None, bool]:
    v = rows.get(ThreePublicComponent.VEHICLE)
    if v is not None and getattr(v, attr) is not None:
        return getattr(v, attr), True
    parts = [
        getattr(rows[c], attr)
        for c in (ThreePublicComponent.VEHICLE_PURCHASE, ThreePublicComponent.VEHICLE_OPERATION)
        if c in rows
    ]
    if any(p is not None for p in parts):
        return total(parts), True
    return None, False


def check_three_public_changes_in_words(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """A change the text states with no figures beside it ("支出决算数比2019年减少18.17万元,下降57.41%"),
    against the 本年 and 上年 figures a table prints for the same component (决算数对比情况表: 13.49,
    31.66): 增减额 = 本年 − 上年 (SUM020), 增减率 = 增减额 ÷ 上年 (RAT007). Registered by
    :mod:`.text`, which declares those narrative codes (after its own checks, whose order matters)."""
    tables = package.three_public_tables
    for ti, table in enumerate(tables):
        for ri, r in enumerate(table.rows):
            if r.actual is not None or r.last_year_actual is not None or r.budget is not None:
                continue
            said = [a for a in ("stated_change_amount", "stated_change_rate") if getattr(r, a) is not None]
            if not said or not all(_in_words(r, a) for a in said):
                continue
            other = next(
                (
                    (t, o)
                    for t in tables
                    if t is not table
                    and (o := t.row(r.component)) is not None
                    and o.actual is not None
                    and o.last_year_actual is not None
                    and not _in_words(o, "actual")
                    and not _in_words(o, "last_year_actual")
                ),
                None,
            )
            if other is None:
                continue
            t, o = other
            assert o.actual is not None and o.last_year_actual is not None
            now, before = o.actual, o.last_year_actual
            change = now - before
            name = r.label or _TP_LABELS[r.component]
            base = f"three_public_tables[{ti}].rows[{ri}]"
            s = r.stated_change_amount
            if s is not None and abs(abs(s) - abs(change)) > ctx.amount_tolerance:
                yield ctx.emit(
                    "SUM020",
                    f"{table.title}“{name}”：文中增减额{show(abs(s))}万元，{t.title}本年{show(now)} − 上年{show(before)} = {show(change)}万元。",
                    locate(r, f"{base}.stated_change_amount", "stated_change_amount"),
                    stated=s,
                    computed=change,
                )
                continue
            rate = r.stated_change_rate
            if rate is None or before == 0:
                continue
            amount = abs(s) if s is not None else abs(change)
            computed = amount / before * 100
            if not rate_matches(abs(rate), computed):
                yield ctx.emit(
                    "RAT007",
                    f"{table.title}“{name}”：文中增减率写为{show(abs(rate))}%，增减额{show(amount)} ÷ 上年数{show(before)}（{t.title}） = {show(computed)}%。",
                    locate(r, f"{base}.stated_change_rate", "stated_change_rate"),
                    stated=f"{show(rate)}%",
                    computed=f"{show(-computed if change < 0 else computed)}%",
                )


@register("SUM007", "RAT002", "RAT003", "RAT004", "CTL002", "CTL003", "XRF007", "SGN002")
def check_three_public(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    seen: dict[tuple[ThreePublicComponent, str], tuple[Decimal, str]] = {}
    for ti, table in enumerate(package.three_public_tables):
        rows = {r.component: r for r in table.rows}
        index = {r.component: i for i, r in enumerate(table.rows)}
        where = table.title
        # components against the total, per column
        tot = rows.get(ThreePublicComponent.TOTAL)
        if tot is not None:
            for attr, name in _TP_COLUMNS:
                whole = getattr(tot, attr)
                if whole is None:
                    continue
                vehicle, has_vehicle = _vehicle(rows, attr)
                others = [
                    getattr(rows[c], attr)
                    for c in (ThreePublicComponent.OVERSEAS_TRAVEL, ThreePublicComponent.RECEPTION)
                    if c in rows
                ]
                if not (
                    has_vehicle
                    and _known(rows, ThreePublicComponent.OVERSEAS_TRAVEL, attr)
                    and _known(rows, ThreePublicComponent.RECEPTION, attr)
                ):
                    continue  # a part not read is unknown, not 0 ("合计13.49万元，其中公务接待费1.50万元")
                s = total([vehicle, *others])
                if abs(s - whole) > ctx.amount_tolerance and not _only_vehicle_wrong(
                    rows, attr, whole, others, ctx
                ):
                    yield ctx.emit(
                        "SUM007",
                        f"{where}：{name}合计{show(whole)}万元，各项之和{show(s)}万元。",
                        locate(
                            tot,
                            f"three_public_tables[{ti}].rows[{index[ThreePublicComponent.TOTAL]}].{attr}",
                            attr,
                        ),
                        stated=whole,
                        computed=s,
                    )
        veh = rows.get(ThreePublicComponent.VEHICLE)
        if veh is not None:
            for attr, name in _TP_COLUMNS:
                whole = getattr(veh, attr)
                parts = [
                    getattr(rows[c], attr)
                    for c in (ThreePublicComponent.VEHICLE_PURCHASE, ThreePublicComponent.VEHICLE_OPERATION)
                    if c in rows
                ]
                if whole is None or all(p is None for p in parts):
                    continue
                if not (
                    _known(rows, ThreePublicComponent.VEHICLE_PURCHASE, attr)
                    and _known(rows, ThreePublicComponent.VEHICLE_OPERATION, attr)
                ):
                    continue  # a part not read is unknown, not 0 ("其中,公务用车购置费0万元…" and no more)
                s = total(parts)
                if abs(s - whole) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM007",
                        f"{where}：公务用车购置及运行维护费{name}{show(whole)}万元，购置费与运行维护费之和{show(s)}万元。",
                        locate(
                            veh,
                            f"three_public_tables[{ti}].rows[{index[ThreePublicComponent.VEHICLE]}].{attr}",
                            attr,
                        ),
                        stated=whole,
                        computed=s,
                    )
        for r in table.rows:
            ri = index[r.component]
            base = f"three_public_tables[{ti}].rows[{ri}]"
            name = r.label or _TP_LABELS[r.component]
            if (
                r.stated_control_rate is not None
                and r.budget is not None
                and r.actual is not None
                and r.budget != 0
                and not _in_words(r, "stated_control_rate")  # "完成预算的x%": RAT006 checks the sentence
            ):
                computed = percent(r.actual, r.budget)
                assert computed is not None
                if not rate_matches(r.stated_control_rate, computed):
                    yield ctx.emit(
                        "RAT002",
                        f"{where}“{name}”：控制率写为{show(r.stated_control_rate)}%，决算数{show(r.actual)} ÷ 预算数{show(r.budget)} = {show(computed)}%。",
                        locate(r, f"{base}.stated_control_rate", "stated_control_rate"),
                        stated=f"{show(r.stated_control_rate)}%",
                        computed=f"{show(computed)}%",
                    )
            yield from _three_public_change(r, where, name, base, ctx)
            if r.component in (ThreePublicComponent.TOTAL,) or tot is None:
                if (
                    r.actual is not None
                    and r.budget is not None
                    and r.actual - r.budget > ctx.amount_tolerance
                ):
                    yield ctx.emit(
                        "CTL002",
                        f"{where}“{name}”：决算数{show(r.actual)}万元超过预算数{show(r.budget)}万元。",
                        locate(r, f"{base}.actual", "actual"),
                        stated=r.actual,
                        computed=r.budget,
                    )
                if (
                    r.actual is not None
                    and r.last_year_actual is not None
                    and r.actual - r.last_year_actual > ctx.amount_tolerance
                ):
                    yield ctx.emit(
                        "CTL003",
                        f"{where}“{name}”：本年决算数{show(r.actual)}万元高于上年决算数{show(r.last_year_actual)}万元。",
                        locate(r, f"{base}.actual", "actual"),
                        stated=r.actual,
                        computed=r.last_year_actual,
                    )
            for attr, col in _TP_COLUMNS:
                v = getattr(r, attr)
                if v is None:
                    continue
                key = (r.component, attr)
                if key in seen and abs(seen[key][0] - v) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "XRF007",
                        f"“{name}”{col}：{where}写{show(v)}万元，{seen[key][1]}写{show(seen[key][0])}万元。",
                        locate(r, f"{base}.{attr}", attr),
                        stated=v,
                        computed=seen[key][0],
                    )
                else:
                    seen.setdefault(key, (v, where))


_BASE_DECOMPOSITION = {
    "three_public": ("vehicle", "overseas_travel", "reception"),
    "vehicle": ("vehicle_purchase", "vehicle_operation"),
}


@register("SUM008", "RAT005", "OVB001", "CTL002", "CTL003")
def check_base_data(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    bd = package.base_data
    if bd is None:
        return
    if bd.stated_staffing_control_rate is not None and bd.authorized_staff and bd.actual_staff is not None:
        computed = percent(Decimal(bd.actual_staff), Decimal(bd.authorized_staff))
        assert computed is not None
        if not rate_matches(bd.stated_staffing_control_rate, computed):
            yield ctx.emit(
                "RAT005",
                f"基础数据表：控制率写为{show(bd.stated_staffing_control_rate)}%，实际在职{bd.actual_staff} ÷ 编制{bd.authorized_staff} = {show(computed)}%。",
                locate(bd, "base_data.stated_staffing_control_rate", "stated_staffing_control_rate"),
                stated=f"{show(bd.stated_staffing_control_rate)}%",
                computed=f"{show(computed)}%",
            )
    rows = bd.expense_rows
    for i, row in enumerate(rows):
        children = [r for r in rows if r.parent is not None and r.parent == row.key and r is not row]
        if not children or row.key is None:
            continue
        exact = row.key in _BASE_DECOMPOSITION
        for attr, name in _TP_COLUMNS:
            whole = getattr(row, attr)
            values = [getattr(c, attr) for c in children]
            if whole is None or all(v is None for v in values):
                continue
            s = total(values)
            bad = abs(s - whole) > ctx.amount_tolerance if exact else s - whole > ctx.amount_tolerance
            if bad:
                yield ctx.emit(
                    "SUM008",
                    f"基础数据表“{row.label.rstrip('：:')}”{name}{show(whole)}万元，其中各项之和{show(s)}万元。",
                    locate(row, f"base_data.expense_rows[{i}].{attr}", attr),
                    stated=whole,
                    computed=s,
                )
    for i, row in enumerate(rows):
        if row.actual is None or row.budget is None or row.actual - row.budget <= ctx.amount_tolerance:
            continue
        if row.key == "basic_adjustment":
            continue
        code = (
            "CTL002"
            if row.key
            in (
                "three_public",
                "vehicle",
                "vehicle_purchase",
                "vehicle_operation",
                "overseas_travel",
                "reception",
            )
            else "OVB001"
        )
        if code == "CTL002" and row.parent is not None:
            continue
        ratio = percent(row.actual, row.budget) if row.budget != 0 else None
        extra = f"（{show(ratio)}%）" if ratio is not None else ""
        yield ctx.emit(
            code,
            f"基础数据表“{row.label.rstrip('：:')}”：本年决算数{show(row.actual)}万元超过本年预算数{show(row.budget)}万元{extra}。",
            locate(row, f"base_data.expense_rows[{i}].actual", "actual"),
            stated=row.actual,
            computed=row.budget,
        )
    for i, row in enumerate(rows):
        if (
            row.key == "three_public"
            and row.actual is not None
            and row.last_year_actual is not None
            and row.actual - row.last_year_actual > ctx.amount_tolerance
        ):
            yield ctx.emit(
                "CTL003",
                f"基础数据表“三公经费”：本年决算数{show(row.actual)}万元高于上年决算数{show(row.last_year_actual)}万元。",
                locate(row, f"base_data.expense_rows[{i}].actual", "actual"),
                stated=row.actual,
                computed=row.last_year_actual,
            )


@register("CTL001")
def check_staffing_control(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    pairs: list[tuple[int, int, str, object, str]] = []
    u = package.unit
    if u.authorized_staff and u.actual_staff is not None:
        pairs.append((u.authorized_staff, u.actual_staff, "unit.actual_staff", u, "actual_staff"))
    bd = package.base_data
    if bd is not None and bd.authorized_staff and bd.actual_staff is not None:
        pairs.append((bd.authorized_staff, bd.actual_staff, "base_data.actual_staff", bd, "actual_staff"))
    done: set[tuple[int, int]] = set()
    for authorized, actual, path, obj, fld in pairs:
        if (authorized, actual) in done:
            continue
        done.add((authorized, actual))
        rate = percent(Decimal(actual), Decimal(authorized))
        if rate is not None and rate > HUNDRED:
            yield ctx.emit(
                "CTL001",
                f"实有人数{actual}人超过编制数{authorized}人，财政供养人员控制率{show(rate)}%。",
                locate(obj, path, fld),
                stated=f"{actual}/{authorized}",
                computed=f"{show(rate)}%",
            )
    ctx.cache["staffing_checked"] = done


_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@register("DAT001", needs_year=True)
def check_dates(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    year_end = date(package.year, 12, 31)
    candidates: list[tuple[str | None, str, object, str, str]] = []
    for path, form, label in forms(package):
        if form.footer is not None:
            candidates.append(
                (
                    form.footer.fill_date,
                    f"{path}.footer.fill_date",
                    form.footer,
                    "fill_date",
                    f"{label}填报日期",
                )
            )
    for i, r in enumerate(package.reports):
        candidates.append((r.date, f"reports[{i}].date", r, "date", f"《{r.title}》日期"))
    if package.cover is not None:
        candidates.append(
            (package.cover.report_date, "cover.report_date", package.cover, "report_date", "封面报告日期")
        )
    for i, s in enumerate(package.signoffs):
        candidates.append((s.date, f"signoffs[{i}].date", s, "date", f"{s.party}签署日期"))
    for text, path, obj, fld, label in candidates:
        d = parse_date(text)
        if d is not None and d <= year_end:
            yield ctx.emit(
                "DAT001",
                f"{label}为{text}，早于被评价的{package.year}年度结束（{year_end.isoformat()}）。",
                locate(obj, path, fld),
                stated=text,
                computed=f"应晚于{year_end.isoformat()}",
            )


__all__: list[str] = []
