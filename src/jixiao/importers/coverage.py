"""How much of a document the importer read: forms, tables, figures, sentences (``package.coverage``).

Figures in tables, forms and short lines count as read when the importer placed them in the package;
figures in running text are judged by sentence: a sentence with figures counts as related when the
figure engine (:mod:`jixiao.figures`) found a relation among them (a total and its parts, a change,
a completion, a share, staffing). The checker turns the result into a statement of coverage and a
warning when little was read (:mod:`jixiao.audit.checks.coverage`).
"""

from __future__ import annotations

import re

from jixiao.figures import read_text
from jixiao.layouts import FormSpecError, spec
from jixiao.model import EvaluationPackage, ReadCoverage, Scope

from .context import Context, Item

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_NOT_A_FIGURE = re.compile(r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|第\s*\d+|〔\d+〕|\d+号|^\d+$")


def _is_prose(item: Item) -> bool:
    text = item.text.strip()
    return item.table is None and len(text) >= 30 and bool(re.search(r"[。，；]", text))


def _figures(text: str) -> int:
    return len(_NUMBER.findall(_NOT_A_FIGURE.sub(" ", text)))


def _form_name(package: EvaluationPackage) -> list[str]:
    out: list[str] = []
    for ev in package.evaluations():
        kind = "部门整体支出绩效自评表" if ev.scope == Scope.OVERALL else "项目支出绩效自评表"
        name = kind
        if ev.layout:
            try:
                name = spec(ev.layout).name
            except FormSpecError:
                name = kind
        what = f"：{ev.name}" if ev.name else ""
        rows = f"（指标{len(ev.indicators)}行" + ("，文末中断" if ev.truncated else "") + "）"
        out.append(name + what + rows)
    return out


def _kinds(package: EvaluationPackage) -> list[str]:
    kinds: list[str] = []
    if package.evaluations():
        kinds.append("绩效自评表")
    if package.base_data is not None:
        kinds.append("基础数据表")
    if package.three_public_tables:
        kinds.append("三公经费表")
    if package.scoring_table is not None or package.work_assessment is not None:
        kinds.append("评分表")
    if package.final_accounts is not None and package.final_accounts.tables:
        kinds.append("部门决算公开表")
    for report in package.reports:
        label = {"final_accounts_notes": "决算说明"}.get(report.kind, "报告")
        if label not in kinds:
            kinds.append(label)
    return kinds


def measure_coverage(ctx: Context, package: EvaluationPackage) -> ReadCoverage:
    """The coverage of one structuring pass (see the module docstring)."""
    tables_read = {it.table for it in ctx.items if it.table is not None and ctx.is_used(it)}
    figures = placed = 0
    with_figures = related = 0
    for item in ctx.items:
        if _is_prose(item):
            for sentence in read_text(item.text):
                if sentence.quantities:
                    with_figures += 1
                    related += bool(sentence.relations)
            continue
        n = _figures(item.text)
        figures += n
        if ctx.is_used(item):
            placed += n
    return ReadCoverage(
        forms=_form_name(package),
        kinds=_kinds(package),
        tables=len(ctx.tables),
        tables_read=len(tables_read),
        figures=figures,
        figures_placed=placed,
        sentences_with_figures=with_figures,
        sentences_related=related,
        truncated_forms=sum(1 for ev in package.evaluations() if ev.truncated),
    )
