"""WGT002 against the level-1 weights a form's own printed note fixes, and SCO003 when the form leaves the
execution rate out of both totals though its note counts it (issue 16). Expected values worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D
from functools import partial

from jixiao.audit import Severity, check_package
from jixiao.audit.checks.scores import weights_in_note
from jixiao.model import (
    Funds,
    Level1,
    Level2,
    Scope,
    SelfEvaluation,
    SourceLocation,
    StatedSubtotal,
)
from tests.factories import indicator, package

ind = partial(indicator, source=SourceLocation(document="t", line=5))

NOTE = (
    "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分,"
    "各部门根据各项指标重要程度确定三级指标的分值,得分最高不能超过该指标分值上限,"
    "分别按照该指标对应分值区间100-80%(含80%)、80-60%(含60%)、60-0%合理确定得分,"
)


def _form(output: list[int], benefit: list[int], note: str | None, total: int) -> SelfEvaluation:
    """A project form whose rows carry full marks, with level-1 headings that print each group's Σ 分值."""
    inds = [ind(f"产出{i}", "1", "1", str(w), str(w)) for i, w in enumerate(output)]
    inds += [
        ind(f"效益{i}", "1", "1", str(w), str(w), Level1.BENEFIT, Level2.SOCIAL)
        for i, w in enumerate(benefit)
    ]
    inds.append(ind("满意度", "≥95%", "96%", "10", "10", Level1.SATISFACTION, Level2.SATISFACTION))
    return SelfEvaluation(
        scope=Scope.PROJECT,
        name="项目",
        indicators=inds,
        funds=Funds(max_score=D(10), stated_score=D(10)),
        subtotals=[
            StatedSubtotal(
                label=f"产出指标({sum(output)}分)",
                level1=Level1.OUTPUT,
                max_score=D(sum(output)),
                where="表头",
            ),
            StatedSubtotal(
                label=f"效益指标({sum(benefit)}分)",
                level1=Level1.BENEFIT,
                max_score=D(sum(benefit)),
                where="表头",
            ),
            StatedSubtotal(
                label="满意度指标(10分)", level1=Level1.SATISFACTION, max_score=D(10), where="表头"
            ),
        ],
        stated_total_max=D(total),
        stated_total_score=D(total),
        grade_note=note,
    )


def test_weights_in_note() -> None:
    assert weights_in_note(NOTE) == {Level1.OUTPUT: D(50), Level1.BENEFIT: D(30), Level1.SATISFACTION: D(10)}
    # no 分值 in the note, or one level only: not a weights statement
    assert weights_in_note("注：产出指标50分") == {}
    assert weights_in_note("注：1.分值按产出指标50分计算") == {}
    assert weights_in_note(None) == {}


def test_headings_against_the_forms_own_note() -> None:
    # 产出 10 + 10 + 20 + 10 + 10 + 10 = 70 (heading 70, note 50); 效益 10 + 10 = 20 (heading 20, note 30);
    # 满意度 10 = note 10. 分值 70 + 20 + 10 = 100 + 执行率 10 = 110 ≠ 总分 100 (WGT003);
    # 得分 100 + 执行率 10 = 110 ≠ 100 (SCO003)
    form = _form([10, 10, 20, 10, 10, 10], [10, 10], NOTE, 100)
    found = check_package(package(projects=[form]))
    wgt002 = sorted((f.stated, f.computed) for f in found if f.code == "WGT002")
    assert wgt002 == [("20", "30"), ("70", "50")]
    assert all(f.rule == "表上注明的一级指标分值" for f in found if f.code == "WGT002")
    assert [(f.stated, f.computed) for f in found if f.code == "WGT003"] == [("100", "110")]
    assert [(f.stated, f.computed) for f in found if f.code == "SCO003"] == [("100", "110")]


def test_clean_form_with_its_note_raises_nothing() -> None:
    # 产出 20 + 20 + 10 = 50, 效益 15 + 15 = 30, 满意度 10: as the note fixes; 50 + 30 + 10 + 10 = 100 = 总分
    form = _form([20, 20, 10], [15, 15], NOTE, 100)
    errors = [f for f in check_package(package(projects=[form])) if f.severity == Severity.ERROR]
    assert errors == []


def test_own_weights_without_a_note_are_left_alone() -> None:
    # headings 70 / 20 / 10 printed by the form and no note fixing other weights: the form's own scheme
    # (70 + 20 + 10 + 执行率 10 = 110 = 总分 110), no WGT002
    form = _form([10, 10, 20, 10, 10, 10], [10, 10], None, 110)
    found = check_package(package(projects=[form]))
    assert not [f for f in found if f.code == "WGT002"]


def test_totals_leaving_execution_out_without_a_note_give_wgt003_only() -> None:
    # 分值 50 + 30 + 10 = 90 = 总分 90 and 得分 90 = 总分 90: the form leaves 执行率 (10) out of both totals,
    # a scheme of its own → WGT003 (90 + 10 = 100 ≠ 90) once, no SCO003
    form = _form([20, 20, 10], [15, 15], None, 90)
    found = check_package(package(projects=[form]))
    assert [(f.stated, f.computed) for f in found if f.code == "WGT003"] == [("90", "100")]
    assert not [f for f in found if f.code == "SCO003"]
    # the same form whose note counts 预算资金执行率10分 among the weights: 得分 90 + 10 = 100 ≠ 90 → SCO003
    noted = _form([20, 20, 10], [15, 15], NOTE, 90)
    found = check_package(package(projects=[noted]))
    assert [(f.stated, f.computed) for f in found if f.code == "SCO003"] == [("90", "100")]
