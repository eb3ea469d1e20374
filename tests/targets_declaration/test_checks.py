"""The declaration checks (TGT001–TGT013) on hand-made declarations, every expected figure worked out by hand."""

from __future__ import annotations

from jixiao.audit import check_package
from jixiao.model import Level1, Level2, Scope, load_package
from jixiao.model.targets import TargetAdjustment, ValueBasis, declaration_from_form
from tests.conftest import seed_package_path

from .support import declaration, declared, package


def tgt(findings: list) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return sorted((f.code, f.location.path) for f in findings if f.code.startswith("TGT"))


def project_declaration():  # type: ignore[no-untyped-def]
    return declaration(
        # 11.19万人 below the history figure 16.49万人 it cites → TGT009
        declared(
            "全年认证人数",
            "≥11.19万人",
            weight=40,
            row=7,
            basis=ValueBasis.HISTORY,
            basis_raw="历史标准",
            basis_figure_raw="16.49万人",
        ),
        # a numeric value with no basis at all → TGT003
        declared("虚报冒领资金追缴率", "≥95%", Level1.OUTPUT, Level2.QUALITY, weight=30, row=8),
        # satisfaction filed as 质量 → TGT006 (its 90% equals its basis figure: no TGT009)
        declared(
            "群众满意度",
            "≥90%",
            Level1.OUTPUT,
            Level2.QUALITY,
            weight=20,
            basis=ValueBasis.INDUSTRY,
            basis_figure_raw="90%",
        ),
        # a cost indicator with a bare number → TGT008
        declared(
            "不超年初预算指标",
            "46",
            Level1.OUTPUT,
            Level2.COST,
            weight=20,
            basis=ValueBasis.PLAN,
            basis_source="2025年部门预算",
        ),
        # an output rate filed as 社会效益 → TGT006; no weight → TGT002; no basis → TGT003
        declared("验收合格率", "100%", Level1.BENEFIT, Level2.SOCIAL),
        # qualitative content with a % value → TGT007; 历史标准 without its figure → TGT004; TGT002
        declared("长效管理制度健全性", "≥90%", Level1.BENEFIT, Level2.SUSTAINABILITY, basis_raw="历史标准"),
        # a vague value → TGT005; declared 定量 but qualitative → TGT007; TGT002
        declared("养老金待遇水平", "稳步提升", Level1.BENEFIT, Level2.SOCIAL, nature_raw="定量"),
    )


def test_a_declaration_is_audited_without_actuals() -> None:
    findings = check_package(package(project_declaration()))
    p = "targets[0].indicators"
    assert tgt(findings) == sorted(
        [
            ("TGT001", "targets[0].stated_total_weight"),  # 40 + 30 + 20 + 20 = 110, not 100
            ("TGT009", f"{p}[0].target_raw"),
            ("TGT003", f"{p}[1].basis"),
            ("TGT006", f"{p}[2].level2"),
            ("TGT008", f"{p}[3].target_raw"),
            ("TGT002", f"{p}[4].weight"),
            ("TGT003", f"{p}[4].basis"),
            ("TGT006", f"{p}[4].level2"),
            ("TGT002", f"{p}[5].weight"),
            ("TGT004", f"{p}[5].basis_figure_raw"),
            ("TGT007", f"{p}[5].target_raw"),
            ("TGT002", f"{p}[6].weight"),
            ("TGT005", f"{p}[6].target_raw"),
            ("TGT007", f"{p}[6].target_raw"),
        ]
    )
    by_code = {f.code: f for f in findings}
    assert (by_code["TGT001"].stated, by_code["TGT001"].computed) == ("110", "100")
    assert (by_code["TGT009"].stated, by_code["TGT009"].computed) == ("≥11.19万人", "16.49万人")
    # the place is the one the reader recorded: table 申报表1, row 7, the value column
    where = by_code["TGT009"].location
    assert (where.document, where.table, where.row, where.column) == ("申报表", "申报表1", 7, "E")


def test_weights_with_the_execution_weight_kept_aside_and_a_stated_total() -> None:
    a = declared("认证人数", "≥16万人", weight=50, basis=ValueBasis.HISTORY, basis_figure_raw="16.49万人")
    b = declared(
        "参保率", "≥95%", Level1.BENEFIT, Level2.SOCIAL, weight=40, basis=ValueBasis.PLAN, basis_source="x"
    )
    # 50 + 40 = 90 = 100 − 10 (预算执行率) → no TGT001; 16万人 < 16.49万人 → TGT009
    assert tgt(check_package(package(declaration(a, b, execution_weight=10)))) == [
        ("TGT009", "targets[0].indicators[0].target_raw")
    ]
    # a stated total of 100 against 90 → TGT001
    found = check_package(package(declaration(a, b, stated_total_weight=100)))
    tgt001 = [f for f in found if f.code == "TGT001"]
    assert [(f.stated, f.computed) for f in tgt001] == [("90", "100")]


def test_lower_is_better_below_its_basis_is_fine_and_above_it_is_reported() -> None:
    cost = declared(
        "公用经费控制额",
        "≤50万元",
        Level1.OUTPUT,
        Level2.COST,
        basis=ValueBasis.HISTORY,
        basis_figure_raw="37.78万元",
    )
    benefit = declared(
        "参保率", "≥95%", Level1.BENEFIT, Level2.SOCIAL, basis=ValueBasis.PLAN, basis_source="计划"
    )
    # ≤50万元 is looser than the 37.78万元 already spent → TGT009
    assert tgt(check_package(package(declaration(cost, benefit)))) == [
        ("TGT009", "targets[0].indicators[0].target_raw")
    ]
    tight = cost.model_copy(update={"target_raw": "≤35万元"})
    assert tgt(check_package(package(declaration(tight, benefit)))) == []


def test_generic_indicators_no_goal_and_no_benefit_indicator() -> None:
    decl = declaration(
        declared("实际完成工作数与计划工作数的比", "100%", basis=ValueBasis.PLAN, basis_source="年度计划"),
        declared("数量指标", "≥1", basis=ValueBasis.PLAN, basis_source="年度计划"),
        scope=Scope.OVERALL,
        annual_goal="",
    )
    assert tgt(check_package(package(decl))) == [
        ("TGT005", "targets[0].indicators[0].target_raw"),  # generic wording
        ("TGT005", "targets[0].indicators[1].target_raw"),  # a category for a name
        ("TGT010", "targets[0].annual_goal"),
        ("TGT011", "targets[0].indicators"),  # 效益指标 missing
    ]


def test_the_self_evaluation_must_print_the_approved_targets() -> None:
    seed = load_package(seed_package_path("001_a74d644552a354b1"))
    assert seed.overall is not None and seed.projects
    approved = declaration_from_form(seed.projects[0]).model_copy(
        update={"approved": True, "approval_reference": "桃财预〔2024〕1号"}
    )
    # the printed targets are the approved ones → nothing
    clean = seed.model_copy(update={"targets": [approved]})
    assert [f for f in check_package(clean) if f.code in ("TGT012", "TGT013")] == []
    # written differently but the same target (大于等于 ↔ ≥) → nothing
    same = [
        i.model_copy(update={"target_raw": "≥11.19万人"}) if i.name == "全年认证人数" else i
        for i in approved.indicators
    ]
    assert [
        f
        for f in check_package(
            clean.model_copy(update={"targets": [approved.model_copy(update={"indicators": same})]})
        )
        if f.code == "TGT012"
    ] == []
    # an approved adjustment the form does not follow → TGT012 at the form's cell (001 line 550)
    adjusted = approved.model_copy(
        update={
            "adjustments": [
                TargetAdjustment(
                    indicator="全年认证人数", new_target_raw="≥16万人", reason="按上年实际调整", approved=True
                )
            ]
        }
    )
    found = [
        f
        for f in check_package(seed.model_copy(update={"targets": [adjusted]}))
        if f.code.startswith("TGT01")
    ]
    assert [(f.code, f.location.path, f.location.line, f.stated, f.computed) for f in found] == [
        ("TGT012", "projects[0].indicators[0].target_raw", 550, "大于等于11.19万人", "≥16万人")
    ]
    # an approved indicator the form dropped → TGT013 at the declaration
    extra = approved.model_copy(
        update={
            "indicators": [
                *approved.indicators,
                approved.indicators[0].model_copy(update={"name": "稽核追回人次"}),
            ]
        }
    )
    found = [f for f in check_package(seed.model_copy(update={"targets": [extra]})) if f.code == "TGT013"]
    assert [f.location.path for f in found] == ["targets[0].indicators[9].name"]


def test_declared_funds_add_up() -> None:
    from decimal import Decimal

    from jixiao.model import FundsRowKind
    from jixiao.model.targets import DeclaredFund

    def funds(total: str, fiscal: str, other: str | None) -> list[DeclaredFund]:
        rows = [
            DeclaredFund(kind=FundsRowKind.TOTAL, label="年度资金总额", amount=Decimal(total)),
            DeclaredFund(kind=FundsRowKind.APPROPRIATION, label="财政拨款", amount=Decimal(fiscal)),
        ]
        if other is not None:
            rows.append(DeclaredFund(kind=FundsRowKind.OTHER, label="其他资金", amount=Decimal(other)))
        return rows

    ind = declared("全年认证人数", "≥16.5万人", weight=100, basis=ValueBasis.PLAN, basis_raw="计划标准")
    # 80 + 30 = 110 ≠ 100: TGT014, stated 100, computed 110
    found = [
        f
        for f in check_package(package(declaration(ind, funds=funds("100", "80", "30"))))
        if f.code == "TGT014"
    ]
    assert [(f.stated, f.computed) for f in found] == [("100", "110")]
    # 80 + 20 = 100: consistent
    assert not [
        f
        for f in check_package(package(declaration(ind, funds=funds("100", "80", "20"))))
        if f.code == "TGT014"
    ]
    # no 其他资金 printed: the total may hold parts the form does not list — only a part above it is wrong
    assert not [
        f
        for f in check_package(package(declaration(ind, funds=funds("100", "80", None))))
        if f.code == "TGT014"
    ]
    over = [
        f
        for f in check_package(package(declaration(ind, funds=funds("100", "120", None))))
        if f.code == "TGT014"
    ]
    assert [(f.stated, f.computed) for f in over] == [("100", "120")]
