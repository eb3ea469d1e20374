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


def test_expense_columns_go_by_the_header_words_not_their_order() -> None:
    # this unit prints 本年预算数 first, then this year's and last year's 决算数
    data = _html(
        [
            ["财政供养人员情况", "编制数", "实有人数", "控制率"],
            ["", "20", "18", "90%"],
            ["经费控制情况", "2024年预算数", "2024年决算数", "2023年决算数"],
            ["三公经费", "5", "4.5", "6"],
            ["公务接待", "2", "1.5", "2.5"],
        ]
    )
    (package,) = import_bytes(data, "base.html")
    base = package.base_data
    assert base is not None
    first = base.expense_rows[0]
    assert (first.budget, first.actual, first.last_year_actual) == (Decimal(5), Decimal("4.5"), Decimal(6))
    # the 三公 lines also make a 三公 table: 合计 and 公务接待 with their three columns
    (table,) = [
        t for t in package.three_public_tables if t.title.startswith("部门整体支出绩效评价基础数据表")
    ]
    assert [(r.component.value, r.budget, r.actual, r.last_year_actual) for r in table.rows] == [
        ("total", Decimal(5), Decimal("4.5"), Decimal(6)),
        ("reception", Decimal(2), Decimal("1.5"), Decimal("2.5")),
    ]


def test_a_staff_header_without_its_section_title_starts_the_table() -> None:
    data = _html([["编制数", "2024年实际在职人数", "控制率"], ["32", "27", "84.38%"]])
    (package,) = import_bytes(data, "base.html")
    assert package.base_data is not None
    assert (package.unit.authorized_staff, package.unit.actual_staff) == (32, 27)


def test_a_base_data_table_flattened_into_text() -> None:
    # as a web archive gives it: sections, header words and figures in one run, "95." / "10%" broken
    text = (
        "附件3: 部门整体支出绩效评价基础数据表 填报单位: 单位:万元 财政供养人员情况 编制数 "
        "2018年实际在职人数 控制率\n\n143 136 95.\n\n10% 经费控制情况 2017年决算数 2018年预算数 "
        "2018年决算数 三公经费 29.08 63.46 44.29\n\n1、公务用车购置和维护经费 11.86 41.46 39.30 "
        "其中:公车购置 29.46 29.46 公车运行维护 11.86\n\n12 9.84\n\n2、出国经费\n\n3、公务接待 17.22\n\n"
        "22 4.99 部门整体支出绩效评价指标表 一级指标 分值\n"
    )
    (package,) = import_bytes(text.encode("utf-8"), "base.txt")
    base = package.base_data
    assert base is not None
    assert (base.authorized_staff, base.actual_staff, base.stated_staffing_control_rate) == (
        143,
        136,
        Decimal("95.10"),  # 136 ÷ 143 = 0.95104, printed 95.10%
    )
    lines = {r.key: (r.last_year_actual, r.budget, r.actual) for r in base.expense_rows}
    assert lines["three_public"] == (Decimal("29.08"), Decimal("63.46"), Decimal("44.29"))
    # two figures for three columns: the line's last two (29.46 + 12 = 41.46, the 公务用车 budget)
    assert lines["vehicle_purchase"] == (None, Decimal("29.46"), Decimal("29.46"))
    assert lines["vehicle_operation"] == (Decimal("11.86"), Decimal(12), Decimal("9.84"))
    assert lines["overseas_travel"] == (None, None, None)
    assert lines["reception"] == (Decimal("17.22"), Decimal(22), Decimal("4.99"))


def test_staff_figures_beside_their_words_and_amounts_in_yuan() -> None:
    data = (
        "<html><body><p>部门整体支出绩效评价基础数据表</p><p>金额单位：元</p><table>"
        "<tr><td>财政供养人员情况</td><td>编制数</td><td>25</td><td>实有人数</td><td>23</td></tr>"
        "<tr><td>经费控制情况</td><td>上年决算数</td><td>预算数</td><td>决算数</td></tr>"
        "<tr><td>三公经费</td><td>52,000.00</td><td>60,000.00</td><td>48,500.00</td></tr>"
        "</table></body></html>"
    ).encode()
    (package,) = import_bytes(data, "base.html")
    base = package.base_data
    assert base is not None
    assert (base.authorized_staff, base.actual_staff) == (25, 23)
    (line,) = base.expense_rows
    # 52,000.00 元 × 0.0001 = 5.2 万元; 60,000.00 → 6; 48,500.00 → 4.85
    assert (line.last_year_actual, line.budget, line.actual) == (Decimal("5.2"), Decimal(6), Decimal("4.85"))
