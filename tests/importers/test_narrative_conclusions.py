"""A project report's stated total and grade, and the form read from its own sentences."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import check_package
from jixiao.importers import import_bytes

_REPORT = """某某乡人民政府
2021年动物防疫补助经费项目支出绩效自评报告
一、自评结论
(一)自评得分
在全乡实施2021年动物防疫补助经费9.55万元。
因此评价分100分,自评等级为优秀。
(二)绩效目标完成情况
1.重大动物强制免疫病种群体免疫密度,年初目标值≥90%,实际完成值95%,自评得分50分;
2.补助对象对项目满意率,年初目标值≥90%,实际完成值96%,自评得分50分;
"""


def test_the_reports_conclusion_is_the_form_it_lists() -> None:
    [pkg] = import_bytes(_REPORT.encode(), "报告.txt")
    [form] = pkg.projects
    assert [(i.name, i.score) for i in form.indicators] == [
        ("重大动物强制免疫病种群体免疫密度", Decimal(50)),
        ("补助对象对项目满意率", Decimal(50)),
    ]
    # "评价分100分,自评等级为优秀" in 一、自评结论: the form's own total and grade (50 + 50 = 100)
    assert (form.stated_total_score, form.stated_grade) == (Decimal(100), "优秀")
    # an indicator's "自评得分50分" is not a total score that disagrees with 100
    codes = {f.code for f in check_package(pkg)}
    assert "XRF003" not in codes
