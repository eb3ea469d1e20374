"""基础数据表 read by the ``base-data`` spec: sections by their first cell, expense lines by their labels."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers import import_bytes


def _html(rows: list[list[str]]) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (
        "<html><body><p>附件1</p><p>某县2024年度部门整体支出绩效评价</p><p>基础数据表</p>"
        f"<table>{body}</table><p>填表人：张三 联系电话：0737-1234567</p></body></html>"
    ).encode()


def test_sections_staff_and_expense_lines_with_their_groups() -> None:
    data = _html(
        [
            ["财政供养人员情况（人）", "编制数", "2024年实际在职人数", "控制率"],
            ["", "32", "27", "84.38%"],
            ["经费控制情况（万元）", "2023年决算数", "2024年预算数", "2024年决算数"],
            ["三公经费：", "6.87", "4", "2.76"],
            ["1、公务用车购置和维护经费", "3.45", "2", "1.13"],
            ["项目支出：", "114.79", "70.65", "70.65"],
            ["1、业务工作经费", "46", "46", "46"],
            ["……", "", "", ""],
            ["厉行节约保障措施", "严格执行公务接待标准"],
        ]
    )
    (package,) = import_bytes(data, "base.html")
    base = package.base_data
    assert base is not None
    assert base.title == "某县2024年度部门整体支出绩效评价基础数据表"
    assert (base.authorized_staff, base.actual_staff, base.stated_staffing_control_rate) == (
        32,
        27,
        Decimal("84.38"),
    )
    assert package.unit.authorized_staff == 32
    lines = [(r.key, r.parent, r.actual) for r in base.expense_rows]
    assert lines == [
        ("three_public", None, Decimal("2.76")),
        ("vehicle", "three_public", Decimal("1.13")),
        ("project", None, Decimal("70.65")),
        ("project_item", "project", Decimal(46)),
    ]
    assert base.saving_measures == "严格执行公务接待标准"
    assert base.note is not None and "占位行" in base.note
