"""The 绩效目标申报表 as a file: written as .xlsx, read back with every value placed, audited by jixiao check."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.indicators.declaration_form import (
    DeclarationError,
    looks_like_declaration,
    read_declarations,
    write_declarations,
)
from jixiao.model import FundsRowKind, Scope, load_package
from jixiao.model.targets import ValueBasis, declaration_from_form
from tests.conftest import seed_package_path


def seed_declarations():  # type: ignore[no-untyped-def]
    package = load_package(seed_package_path("001_a74d644552a354b1"))
    return package, [declaration_from_form(f, year=2024) for f in package.evaluations()]


def test_seed_001_targets_written_and_read_back() -> None:
    package, decls = seed_declarations()
    data = write_declarations(decls, unit=package.unit.name, year=2024)
    assert looks_like_declaration(data, "申报表.xlsx")
    read = read_declarations(data, "申报表.xlsx")
    assert read.year == 2024 and read.unit.name == "桃江县社会保险服务中心"
    assert [d.scope for d in read.targets] == [Scope.OVERALL, Scope.PROJECT]
    assert read.targets[1].name == "稽核管理工作经费"
    for written, back in zip(decls, read.targets, strict=True):
        assert [(i.level1, i.level2, i.name, i.target_raw, i.weight) for i in back.indicators] == [
            (i.level1, i.level2, i.name, i.target_raw, i.weight) for i in written.indicators
        ]
        assert back.annual_goal == written.annual_goal
    # 年初预算数 354.83 (overall), 46 (project, total and 财政拨款)
    assert [(f.kind, f.amount) for f in read.targets[0].funds] == [(FundsRowKind.TOTAL, Decimal("354.83"))]
    assert read.targets[1].fund(FundsRowKind.APPROPRIATION).amount == Decimal("46")  # type: ignore[union-attr]
    # 合计 row: 10+5+10+5+10+10+5+5+10+10+10 = 90 (overall)
    assert read.targets[0].stated_total_weight == Decimal(90)
    where = read.targets[1].indicators[0].sources["target_raw"]
    assert (where.document, where.table, where.column, where.text) == (
        "申报表",
        "申报表2",
        "E",
        "大于等于11.19万人",
    )


def test_basis_columns_are_read() -> None:
    _, decls = seed_declarations()
    project = decls[1]
    first = project.indicators[0].model_copy(
        update={"basis_raw": "历史标准", "basis_figure_raw": "16.49万人", "basis_source": "2024年度自评表"}
    )
    data = write_declarations([project.model_copy(update={"indicators": [first, *project.indicators[1:]]})])
    back = read_declarations(data, "x.xlsx").targets[0].indicators[0]
    assert (back.basis, back.basis_raw, back.basis_figure_raw, back.basis_source) == (
        ValueBasis.HISTORY,
        "历史标准",
        "16.49万人",
        "2024年度自评表",
    )


def test_a_self_evaluation_is_not_taken_for_a_declaration(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目支出绩效自评表"])
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    ws.append(["产出指标", "数量指标", "认证人数", "≥11万人", "16万人", 10, 10])
    path = tmp_path / "自评表.xlsx"
    wb.save(path)
    data = path.read_bytes()
    assert not looks_like_declaration(data, path.name)
    with pytest.raises(DeclarationError):
        read_declarations(data, path.name)


def test_jixiao_check_audits_a_declaration_file(tmp_path: Path) -> None:
    package, decls = seed_declarations()
    path = tmp_path / "桃江县2024年绩效目标申报表.xlsx"
    path.write_bytes(write_declarations(decls, unit=package.unit.name, year=2024))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["documents"][0]["findings"]
    codes = {f["code"] for f in findings}
    # no actuals, no self-evaluation checks: the declaration checks only
    assert codes <= {c for c in codes if c.startswith(("TGT", "COV"))}, codes
    # 不超年初预算指标 "46万" has no money unit (TGT008); 按政策调整 is vague (TGT005)
    places = {(f["code"], f["location"]["path"]) for f in findings}
    assert ("TGT008", "targets[1].indicators[4].target_raw") in places
    assert ("TGT005", "targets[1].indicators[6].target_raw") in places
