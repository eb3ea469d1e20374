"""The flat key-figure object, checked by hand against seed 001 (桃江县社会保险服务中心 2024)."""

from __future__ import annotations

import json

from jixiao.importers import import_file, summary

from .conftest import SEED_TEXT_DIR


def test_summary_of_seed_001() -> None:
    path = SEED_TEXT_DIR / "001_a74d644552a354b1.txt"
    package = import_file(path)[0]
    s = summary(package, path)
    json.dumps(s, ensure_ascii=False)  # JSON-ready: decimals are strings
    assert s["path"] == str(path)
    assert s["unit_name"] == "桃江县社会保险服务中心"
    assert s["year"] == 2024
    assert s["jurisdiction"] == ["湖南省", "益阳市", "桃江县"]
    # 基础数据表 line 13-14: 编制数 32, 实际在职人数 27
    assert (s["authorized_staff"], s["actual_staff"]) == (32, 27)
    # 整体支出绩效自评表 年度资金总额 (lines 154-158)
    assert (s["initial_budget"], s["annual_budget"], s["executed"]) == ("354.83", "444.37", "444.24")
    assert s["execution_rate"] == "99.97"
    # no 支出 block: 按支出性质分 基本支出 373.59 + 项目支出 70.65 = 444.24 (lines 167, 171)
    assert (s["basic_expenditure"], s["project_expenditure"]) == ("373.59", "70.65")
    # report line 428: "“三公”经费财政拨款支出预算为4万元，支出决算为2.76万元"
    assert s["three_public_expenses_actual"] == "2.76"
    # 总分 100 / 96 (lines 406-408); no grade printed on this form
    assert s["overall_self_score"] == "96"
    assert s["overall_grade"] is None
    # one project form (稽核管理工作经费, 总分 96); indicators 11 overall + 9 project = 20
    assert s["project_count"] == 1
    assert s["project_self_scores"] == {"稽核管理工作经费": "96"}
    assert s["indicator_count"] == 20
    assert s["final_accounts_income_total"] is None


def test_summary_of_seed_004_final_accounts() -> None:
    package = import_file(SEED_TEXT_DIR / "004_da89c46e97eef31b.txt")[0]
    s = summary(package, "x")
    # 公开01表 line 133: 本年收入合计 251.21 / 本年支出合计 251.21
    assert (s["final_accounts_income_total"], s["final_accounts_expenditure_total"]) == ("251.21", "251.21")
    assert s["project_count"] == 5
    assert s["overall_grade"] == "优"
