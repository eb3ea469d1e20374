"""The fact blocks of an overall form, read by the ``overall-facts`` spec, from PDF-like lines."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers import import_bytes


def test_labelled_facts_figure_rows_and_evaluators_from_lines() -> None:
    text = "\n".join(
        [
            "某州社会保险服务中心2024年度部门整体支出绩效自评报告",
            "联系人 张三",
            "联系电话 0743-8720486",
            "人员编制 31 实有人数 30",
            "职能职责概述",
            "负责全州社会保险经办工作。",
            "二、收支情况",
            "年度收入情况（万元）",
            "机构名称 收入合计 上年结转 一般公共预算 政府性基金 专户管理的非税收入 其他",
            "本中心 743.43 0 736.89 0 0 6.54",
            "评价人员",
            "姓名 职务/职称 单位 签字",
            "李四 主任 州社会保险服务中心",
            "评价组组长签署意见：",
            "同意。",
        ]
    )
    (package,) = import_bytes(text.encode(), "facts.txt")
    unit = package.unit
    assert (unit.authorized_staff, unit.actual_staff) == (31, 30)
    assert [(c.name, c.phone) for c in unit.contacts] == [("张三", "0743-8720486")]
    assert unit.duties == "负责全州社会保险经办工作。"
    income = package.income
    assert income is not None
    assert (income.total, income.general_public, income.other) == (
        Decimal("743.43"),
        Decimal("736.89"),
        Decimal("6.54"),
    )
    assert [(e.name, e.title, e.organisation) for e in package.evaluators] == [
        ("李四", "主任", "州社会保险服务中心")
    ]
    assert [(s.party, s.opinion) for s in package.signoffs] == [("评价组组长", "同意。")]
