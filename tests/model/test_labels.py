"""Names, not paths (issue 12): every place shown to a person is named as the paper prints it."""

from __future__ import annotations

import re

import pytest

from jixiao.audit import check_package
from jixiao.audit.findings import FindingLocation
from jixiao.model import EvaluationPackage, Indicator, load_package
from jixiao.model.labels import describe, field_title
from tests.conftest import SEED_IDS, seed_package_path

PATH_SYNTAX = re.compile(r"\[|\]|[A-Za-z_]+\.[A-Za-z_]|[a-z]+_[a-z]+")


def _seed(seed_id: str) -> EvaluationPackage:
    return load_package(seed_package_path(seed_id))


def test_titles_come_from_the_model() -> None:
    assert field_title(Indicator, "max_score") == "分值"
    assert field_title(Indicator, "deviation_note") == "偏差原因分析及改进措施"
    assert EvaluationPackage.model_json_schema()["properties"]["overall"]["title"] == "部门整体支出绩效自评表"


def test_paths_of_seed_001_by_the_package_s_own_values() -> None:
    p = _seed("001_a74d644552a354b1")
    # line 214 of seed 001: the first indicator of the overall form, 参保扩面任务 under 产出指标
    assert (
        describe(p, "overall.indicators[0].max_score")
        == "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值"
    )
    assert describe(p, "overall.footer.fill_date") == "部门整体支出绩效自评表 · 填报日期"
    assert describe(p, "overall.funds.rows[0].annual_budget") == (
        "部门整体支出绩效自评表 · 年度资金 · 年度资金总额 · 全年预算数"
    )
    assert describe(p, "projects[0].stated_grade") == "项目支出绩效自评表（稽核管理工作经费） · 评价等次"
    assert (
        describe(p, "base_data.expense_rows[9].actual")
        == "部门整体支出绩效评价基础数据表 · 公用经费 · 本年决算数"
    )
    assert describe(p, "unit.actual_staff") == "单位基本情况 · 实有人数"


def test_without_the_package_places_are_named_by_position() -> None:
    assert (
        describe(None, "overall.indicators[0].max_score") == "部门整体支出绩效自评表 · 绩效指标第1行 · 分值"
    )
    assert describe(None, "projects[2].stated_grade") == "项目支出绩效自评表（第3个项目） · 评价等次"


def test_final_accounts_column_by_its_printed_header() -> None:
    # seed 004 公开01表 收入支出决算总表, first row 一、一般公共预算财政拨款收入, column "amount" printed 决算数
    p = _seed("004_da89c46e97eef31b")
    assert describe(p, "final_accounts.tables[0].rows[0].values.amount") == (
        "部门决算 · 公开01表收入支出决算总表 · 一、一般公共预算财政拨款收入 · 决算数"
    )


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_no_finding_of_the_seeds_is_located_by_a_path(seed_id: str) -> None:
    p = _seed(seed_id)
    findings = check_package(p)
    assert findings
    for f in findings:
        shown = f.location.describe(p)
        assert not PATH_SYNTAX.search(shown), (f.code, f.location.path, shown)
        if f.location.path:
            assert describe(p, f.location.path), f.location.path


def test_finding_location_names_the_place_then_the_line() -> None:
    p = _seed("001_a74d644552a354b1")
    where = FindingLocation(
        document="001_a74d644552a354b1", line=214, column="4", path="overall.indicators[0].max_score"
    )
    assert where.describe(p) == "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值（原文第214行）"
    assert where.describe() == "部门整体支出绩效自评表 · 绩效指标第1行 · 分值（原文第214行）"
    # no field: the table, its row and a named column (a column numbered by the reader is not shown)
    assert FindingLocation(table="表6", row=4, column="分值", line=35).describe() == (
        "表6，表内第4行，“分值”列，原文第35行"
    )
    assert FindingLocation(table="表6", row=4, column="5").describe() == "表6，表内第4行"
    assert FindingLocation().describe() == ""
