"""The package's one score and grade (复核得分 / 评价等次), computed once by the rule set.

Every page, download and document shows the same score and grade: this function's. It takes the
score sheet of the 部门整体支出绩效自评表 (where its indicators can be scored), else that of the
部门整体支出绩效评价评分表, else — a package of one project — that project's; and where no sheet can
give a total, the unit's own stated total, graded by the same rule set, saying so.

A total is never shown above its maximum. When the unit's 分值 break the rule set (效益指标 weighted
40 where 财预〔2020〕10号 gives 30, the whole adding up to 110), the score stands under the weights the
unit declared — out of the maximum they add up to — and the grade is taken at the equivalent on the
rule set's scale (110 of 110 → 100 of 100 → 优); the reasons say both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jixiao.model import EvaluationPackage, Scope
from jixiao.rules import RuleSet, RuleSetError, get_rule_set

from .engine import score_package
from .sheet import ScoreSheet, round2

ZERO = Decimal(0)


class FinalScore(NamedTuple):
    """``(score, max_score, grade, reasons)``: what to show, out of what, and why."""

    score: Decimal | None
    max_score: Decimal | None
    grade: str | None
    reasons: list[str]


def _n(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _primary(package: EvaluationPackage, sheets: list[ScoreSheet]) -> ScoreSheet | None:
    overall = [s for s in sheets if s.form == "self_evaluation" and s.scope == Scope.OVERALL.value]
    tables = [s for s in sheets if s.form == "scoring_table"]
    projects = [s for s in sheets if s.form == "self_evaluation" and s.scope == Scope.PROJECT.value]
    for candidates in (overall, tables):
        with_total = [s for s in candidates if s.total is not None]
        if with_total:
            return with_total[0]
    if package.overall is None and len(projects) == 1:
        return projects[0]
    rest = overall or tables
    return rest[0] if rest else None


def _declared_max(sheet: ScoreSheet, rule_set: RuleSet) -> Decimal:
    """The maximum the form's own 分值 add up to (the rule set's total where the form states none)."""
    declared = sum((g.max_score for g in sheet.groups if g.max_score is not None), ZERO)
    return declared if declared > 0 else rule_set.total


def final_score(
    package: EvaluationPackage,
    rule_set: RuleSet | str | None = None,
    *,
    sheets: list[ScoreSheet] | None = None,
) -> FinalScore:
    """The score, its maximum, the grade and the reasons, for the web app, the portal, the downloads
    and bulk audit alike. ``sheets`` (from :func:`score_package`) saves scoring the package twice."""
    try:
        sheets = sheets if sheets is not None else score_package(package, rule_set)
    except RuleSetError as exc:
        return FinalScore(None, None, None, [f"无法评分：{exc}"])
    sheet = _primary(package, sheets)
    if sheet is None:
        return FinalScore(None, None, None, ["没有适用于本评价包的规则集，无法评分"])
    rs = get_rule_set(sheet.rule_set_id)
    reasons = [f"按规则集“{rs.title}”对{sheet.subject}评分"]
    if sheet.total is None:
        return _stated(sheet, rs, reasons)
    declared = _declared_max(sheet, rs)
    score = sheet.total
    if score > declared:  # cannot happen with capped rows; kept as a guard for what is shown
        reasons.append(f"计算得分{_n(score)}分超过满分{_n(declared)}分，按满分计")
        score = declared
    reasons += sheet.notes
    if sheet.adopted:
        reasons.append(f"其中{len(sheet.adopted)}行无法自动计算，采用单位自评分：{'、'.join(sheet.adopted)}")
    if declared != rs.total:
        equivalent = round2(score * rs.total / declared)
        band = rs.grade_for(equivalent)
        grade = band.label if band is not None else None
        reasons.append(
            f"单位所列各项分值合计{_n(declared)}分，与规则集规定的总分{_n(rs.total)}分不符："
            f"得分按单位所列分值计算，满分为{_n(declared)}分；折合{_n(rs.total)}分制为{_n(equivalent)}分，"
            f"据此评定等次为“{grade or '—'}”"
        )
    else:
        grade = sheet.grade
    if sheet.stated_total is not None and sheet.stated_total != score:
        stated_grade = f"，等次“{sheet.stated_grade}”" if sheet.stated_grade else "，未写等次"
        reasons.append(
            f"单位自评{_n(sheet.stated_total)}分{stated_grade}；按规则集复核为{_n(score)}分（满分{_n(declared)}分）"
        )
    elif sheet.stated_grade and grade and sheet.stated_grade != grade:
        reasons.append(f"单位自评等次为“{sheet.stated_grade}”，按规则集应为“{grade}”")
    return FinalScore(score, declared, grade, reasons)


def _stated(sheet: ScoreSheet, rs: RuleSet, reasons: list[str]) -> FinalScore:
    """No total could be computed: the unit's stated total, graded by the same rule set."""
    why = next((n.split("（")[0] for n in sheet.notes if n.startswith("无法得出总分")), "缺少计分所需的数据")
    if sheet.stated_total is None:
        return FinalScore(None, None, None, [*reasons, f"无法按规则集计算总分（{why}），单位也未填写总分"])
    maximum = rs.total
    score = min(sheet.stated_total, maximum)
    band = rs.grade_for(score)
    grade = band.label if band is not None else None
    reasons.append(f"无法按规则集计算总分（{why}），采用单位自评得分{_n(sheet.stated_total)}分")
    if sheet.stated_total > maximum:
        reasons.append(f"单位自评得分超过满分{_n(maximum)}分，按满分计")
    if sheet.stated_grade and grade and sheet.stated_grade != grade:
        reasons.append(f"单位自评等次为“{sheet.stated_grade}”，按规则集应为“{grade}”")
    return FinalScore(score, maximum, grade, reasons)
