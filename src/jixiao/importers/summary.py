"""The flat key-figure object of a package (``jixiao summary``), one per package.

Keys (``null`` where the document does not state the figure; decimals as strings of their
printed digits):

``path``                           the file the package came from
``unit_name``                      单位名称
``year``                           评价年度 (int)
``jurisdiction``                   list of names, province first
``authorized_staff``               编制数 (int)
``actual_staff``                   实有人数 (int)
``initial_budget``                 年初预算数: the overall form's total funds row
``annual_budget``                  全年预算数: same row; else 收入合计 of the income block
``executed``                       全年执行数: same row; else 支出合计 of the expenditure block
``execution_rate``                 执行率 (%) as stated on the overall form
``basic_expenditure``              基本支出 (expenditure block, else the form's 按支出性质分)
``project_expenditure``            项目支出 (same sources)
``three_public_expenses_actual``   三公经费 actual total of the first table that states one
``overall_self_score``             整体支出自评总分 (stated)
``overall_grade``                  等级 as printed
``project_count``                  number of 项目支出绩效自评表
``indicator_count``                indicator rows of all self-evaluation forms
``project_self_scores``            {项目名称: stated total score}
``final_accounts_income_total``    公开01表 本年收入合计
``final_accounts_expenditure_total`` 公开01表 本年支出合计
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.model import EvaluationPackage, FundsRowKind, ThreePublicComponent


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def summary(package: EvaluationPackage, path: str | Path) -> dict[str, Any]:
    overall = package.overall
    total_row = (
        overall.funds.row(FundsRowKind.TOTAL) if overall is not None and overall.funds is not None else None
    )
    income = package.income
    expenditure = package.expenditure
    annual = total_row.annual_budget if total_row is not None else None
    if annual is None and income is not None:
        annual = income.total
    executed = total_row.executed if total_row is not None else None
    if executed is None and expenditure is not None:
        executed = expenditure.total
    basic = expenditure.basic if expenditure is not None else None
    project = expenditure.project if expenditure is not None else None
    if overall is not None and overall.funds is not None:
        if basic is None:
            basic = overall.funds.by_nature.get("基本支出")
        if project is None:
            project = overall.funds.by_nature.get("项目支出")
    three_public = None
    for table in package.three_public_tables:
        row = table.row(ThreePublicComponent.TOTAL)
        if row is not None and row.actual is not None:
            three_public = row.actual
            break
    fa_income = fa_expenditure = None
    if package.final_accounts is not None:
        t01 = package.final_accounts.table("01")
        if t01 is not None:
            inc = t01.find(name="本年收入合计", side="income")
            exp = t01.find(name="本年支出合计", side="expenditure")
            fa_income = inc.values.get("amount") if inc is not None else None
            fa_expenditure = exp.values.get("amount") if exp is not None else None
    return {
        "path": str(path),
        "unit_name": package.unit.name,
        "year": package.year,
        "jurisdiction": list(package.unit.jurisdiction),
        "authorized_staff": package.unit.authorized_staff,
        "actual_staff": package.unit.actual_staff,
        "initial_budget": _s(total_row.initial_budget if total_row is not None else None),
        "annual_budget": _s(annual),
        "executed": _s(executed),
        "execution_rate": _s(
            overall.funds.stated_execution_rate if overall is not None and overall.funds is not None else None
        ),
        "basic_expenditure": _s(basic),
        "project_expenditure": _s(project),
        "three_public_expenses_actual": _s(three_public),
        "overall_self_score": _s(overall.stated_total_score if overall is not None else None),
        "overall_grade": overall.stated_grade if overall is not None else None,
        "project_count": len(package.projects),
        "indicator_count": sum(len(e.indicators) for e in package.evaluations()),
        "project_self_scores": {
            (p.name or f"项目{i + 1}"): _s(p.stated_total_score) for i, p in enumerate(package.projects)
        },
        "final_accounts_income_total": _s(fa_income),
        "final_accounts_expenditure_total": _s(fa_expenditure),
    }
