"""Checks across years (YOY001–YOY006) on a 2025 package made from seed 001 (桃江县, 2024).

Every figure below is read from the seed (tests/corpus/seeds/001_a74d644552a354b1.yaml, lines as cited)
and compared by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from jixiao.audit import check_package
from jixiao.audit.checks.previous import context_with_previous
from jixiao.cli import main
from jixiao.model import EvaluationPackage, load_package, save_package
from tests.conftest import seed_package_path

SEED = seed_package_path("001_a74d644552a354b1")


def seed() -> EvaluationPackage:
    return load_package(SEED)


def next_year(package: EvaluationPackage, **changes: dict[str, str]) -> EvaluationPackage:
    """The package as if filed for 2025: the same forms, with some indicators changed (by name)."""
    new = package.model_copy(update={"year": 2025}, deep=True)
    for form in new.evaluations():
        form.indicators = [
            i.model_copy(update=changes[i.name]) if i.name in changes else i for i in form.indicators
        ]
    return new


def yoy(current: EvaluationPackage, previous: EvaluationPackage) -> list[tuple[str, str | None]]:
    found = check_package(current, context=context_with_previous(previous))
    return [(f.code, f.location.path) for f in found if f.code.startswith("YOY")]


def test_targets_below_last_years_actuals_are_reported() -> None:
    last = seed()
    got = sorted(yoy(next_year(last), last))
    assert got == sorted(
        [
            ("YOY001", "overall.indicators[0].target_raw"),  # ≥45万人 < 45.99万人 (line 215)
            ("YOY001", "overall.indicators[2].target_raw"),  # ≥95% < 100%
            ("YOY001", "overall.indicators[3].target_raw"),  # >15万人 < 20.15万人
            ("YOY001", "overall.indicators[6].target_raw"),  # ≤50万元, yet 37.78万元 was enough
            ("YOY001", "overall.indicators[9].target_raw"),  # ≥6个月 < 45个月
            ("YOY001", "projects[0].indicators[0].target_raw"),  # ≥11.19万人 < 16.49万人 (line 550)
            ("YOY001", "projects[0].indicators[2].target_raw"),  # 98% < 100%
            ("YOY001", "projects[0].indicators[7].target_raw"),  # ≥6个月 < 45个月
            # 实际发放人数: ≥98%, 94% achieved in 2024 and (unchanged) again in 2025 — missed twice
            ("YOY005", "overall.indicators[4].target_raw"),
            ("YOY005", "projects[0].indicators[1].target_raw"),
        ]
    )
    # equal is not below: 职业年金归集次数 12 → 12, 参保人员满意度 ≥90% → 90%


def test_the_certified_persons_finding_gives_both_years_figures_and_places() -> None:
    last = seed()
    found = check_package(next_year(last), context=context_with_previous(last))
    f = next(
        f for f in found if f.code == "YOY001" and f.location.path == "projects[0].indicators[0].target_raw"
    )
    assert (f.stated, f.computed) == ("大于等于11.19万人", "2024年实际16.49万人")
    assert (f.location.document, f.location.line) == ("001_a74d644552a354b1", 550)
    assert "2025年" in f.message and "2024年" in f.message and "第550行" in f.message


def test_a_raised_target_is_not_reported() -> None:
    last = seed()
    current = next_year(last, 全年认证人数={"target_raw": "≥17万人", "actual_raw": "17.2万人"})
    assert ("YOY001", "projects[0].indicators[0].target_raw") not in yoy(current, last)


def test_lowered_dropped_renamed_and_cost_efficiency() -> None:
    last = seed()
    current = next_year(
        last,
        # >15万人 → >14万人: lowered (YOY002) and below 20.15万人 (YOY001)
        缴费人数={"target_raw": "大于14万人"},
        # 45.99万人 → 44万人 while the money grows (below): YOY006
        参保扩面任务={"actual_raw": "44"},
        # renamed: 全年认证人数 → 年度认证人数 (YOY004)
        全年认证人数={"name": "年度认证人数", "target_raw": "≥16.5万人", "actual_raw": "16.6万人"},
    )
    assert current.overall is not None and current.overall.funds is not None
    total = current.overall.funds.rows[0]
    assert total.executed == Decimal("444.24")  # 2024 全年执行数 (line 156)
    current.overall.funds.rows[0] = total.model_copy(update={"executed": Decimal("500")})
    # dropped: 基金静态可支付月数 leaves the overall form (YOY003, placed at its 2024 line 344)
    current.overall.indicators = [i for i in current.overall.indicators if i.name != "基金静态可支付月数"]
    found = check_package(current, context=context_with_previous(last))
    got = {(f.code, f.location.path): f for f in found if f.code in ("YOY002", "YOY003", "YOY004", "YOY006")}
    assert sorted(got) == [
        ("YOY002", "overall.indicators[3].target_raw"),
        ("YOY003", "previous.overall.indicators[9].target_raw"),
        ("YOY004", "projects[0].indicators[0].target_raw"),
        ("YOY006", "overall.indicators[0].target_raw"),
    ]
    assert got[("YOY003", "previous.overall.indicators[9].target_raw")].location.line == 344
    cost = got[("YOY006", "overall.indicators[0].target_raw")]
    # money: (500 − 444.24) ÷ 444.24 = 55.76 ÷ 444.24 = 12.552%… → +12.55%
    # output: (44 − 45.99) ÷ 45.99 = −1.99 ÷ 45.99 = −4.327%… → −4.33%
    assert (cost.stated, cost.computed) == ("资金+12.55%", "产出−4.33%")
    assert "444.24万元" in cost.message and "500万元" in cost.message
    renamed = got[("YOY004", "projects[0].indicators[0].target_raw")]
    assert (renamed.stated, renamed.computed) == ("年度认证人数", "全年认证人数")


def test_no_previous_package_no_cross_year_findings() -> None:
    assert [f for f in check_package(next_year(seed())) if f.code.startswith("YOY")] == []


def test_declared_targets_are_compared_when_the_package_has_them() -> None:
    from jixiao.model.targets import declaration_from_form

    last = seed()
    assert last.projects
    decl = declaration_from_form(last.projects[0], year=2025)
    indicators = [
        i.model_copy(update={"target_raw": "≥12万人"}) if i.name == "全年认证人数" else i
        for i in decl.indicators
    ]
    filed = EvaluationPackage(
        year=2025, unit=last.unit, targets=[decl.model_copy(update={"indicators": indicators})]
    )
    found = [f for f in check_package(filed, context=context_with_previous(last)) if f.code == "YOY001"]
    certified = [f for f in found if f.location.path == "targets[0].indicators[0].target_raw"]
    assert [(f.stated, f.computed) for f in certified] == [("≥12万人", "2024年实际16.49万人")]


def test_cli_check_previous(tmp_path: Path) -> None:
    current = tmp_path / "2025.yaml"
    last = seed()
    save_package(next_year(last), current)
    result = CliRunner().invoke(
        main, ["check", str(current), "--previous", str(SEED), "--format", "json", "--fail-on", "none"]
    )
    assert result.exit_code == 0, result.output
    codes = [f["code"] for d in json.loads(result.output)["documents"] for f in d["findings"]]
    assert codes.count("YOY001") == 8 and codes.count("YOY005") == 2
    # without --previous, nothing across years
    result = CliRunner().invoke(main, ["check", str(current), "--format", "json", "--fail-on", "none"])
    assert "YOY" not in result.output
