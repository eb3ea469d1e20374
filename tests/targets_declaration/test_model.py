"""The declaration model: the value assembled from the form's columns, adjustments, and the seeds' forms."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import EvaluationPackage, FundsRowKind, Level1, Level2, Scope, load_package
from jixiao.model.targets import (
    TargetAdjustment,
    ValueBasis,
    declaration_from_form,
    form_from_declaration,
)
from jixiao.targets import Comparator, TargetKind
from tests.conftest import seed_package_path

from .support import declaration, declared


def test_the_value_is_assembled_from_the_comparator_value_and_unit_columns() -> None:
    ind = declared("全年认证人数", "11.19", comparator_raw="≥", unit_raw="万人")
    assert ind.target_text() == "≥11.19万人"
    target = ind.target()
    assert (target.kind, target.comparator, target.value, target.unit) == (
        TargetKind.NUMERIC,
        Comparator.GE,
        Decimal("11.19"),
        "万人",
    )
    # a value that already carries its comparator and unit is left alone; 定性 is no comparator
    assert declared("x", "≥95%", comparator_raw="≥", unit_raw="%").target_text() == "≥95%"
    assert declared("x", "按时足额", comparator_raw="定性").target_text() == "按时足额"


def test_the_basis_figure_takes_the_unit_of_the_target() -> None:
    ind = declared("全年认证人数", "≥11.19万人", basis=ValueBasis.HISTORY, basis_figure_raw="16.49")
    figure = ind.basis_figure()
    assert figure is not None
    assert figure.normalized_value() == Decimal("164900")  # 16.49 万人 = 164,900 人


def test_the_value_in_force_is_the_last_approved_adjustment() -> None:
    ind = declared("全年认证人数", "≥11.19万人")
    decl = declaration(
        ind,
        adjustments=[
            TargetAdjustment(
                indicator="全年认证人数",
                new_target_raw="≥15万人",
                reason="上年已认证16.49万人",
                approved=True,
            ),
            TargetAdjustment(
                indicator="全年认证人数", new_target_raw="≥20万人", reason="未批准", approved=False
            ),
        ],
    )
    assert decl.effective_target_raw(ind) == "≥15万人"


def test_seed_001_forms_as_declarations_and_back() -> None:
    package = load_package(seed_package_path("001_a74d644552a354b1"))
    assert package.overall is not None
    decl = declaration_from_form(package.overall, year=2024)
    assert decl.scope is Scope.OVERALL
    assert [i.name for i in decl.indicators][:3] == ["参保扩面任务", "职业年金归集次数", "虚报冒领资金追缴率"]
    assert decl.indicators[0].target_raw == "居保参保人数大于等于45万人"
    assert decl.indicators[0].weight == Decimal(10)
    assert decl.fund(FundsRowKind.TOTAL) is not None
    assert decl.fund(FundsRowKind.TOTAL).amount == Decimal("354.83")  # type: ignore[union-attr]  # 年初预算数
    # the year-end form starts from the declaration: same names and targets, no actuals or scores
    form = form_from_declaration(decl)
    assert [(i.name, i.target_raw, i.max_score) for i in form.indicators] == [
        (i.name, i.target_raw, i.max_score) for i in package.overall.indicators
    ]
    assert all(i.actual_raw is None and i.score is None for i in form.indicators)
    assert form.funds is not None and form.funds.rows[0].initial_budget == Decimal("354.83")


def test_a_package_holds_declarations_and_round_trips() -> None:
    decl = declaration(
        declared("参保人员满意度", "≥90%", Level1.SATISFACTION, Level2.SATISFACTION, weight=10)
    )
    package = EvaluationPackage.model_validate(
        {"year": 2025, "unit": {"name": "u"}, "targets": [decl.model_dump()]}
    )
    assert package.targets[0].indicators[0].weight == Decimal(10)
    assert "targets" in EvaluationPackage.model_json_schema()["properties"]
