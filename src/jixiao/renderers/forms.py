"""The standard forms as grids: 基础数据表, 单位收支情况表, 整体/项目支出绩效自评表, 评分表, 考核评分表.

Layouts follow the seeds: the 项目支出绩效自评表 attached to 财预〔2020〕10号 (项目资金 block with
年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, 年度总体目标, the three-level indicator
block 一级 / 二级 / 三级指标 with 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施, 总分,
评价等次, the 填表人 footer), the Hunan 部门整体支出绩效评价基础数据表 (seed 001), the prefecture's
单位收支情况 blocks (seed 000), the district 评分表 (seed 003, 附件3-2) and the prefecture's
考核评分表 (seed 000, 附件9).

Filled forms print what the package states (figures as printed, errors included: the audit, not the
form, corrects them). Blank templates (``blank=True``) keep the unit, the projects and the planned
indicators, leave the year-end cells to fill, and carry live formulas for rates, totals and scores.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    EvaluationPackage,
    FormFooter,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level1,
    Level2,
    Scope,
    ScoringTable,
    SelfEvaluation,
)

from .figures import three_public_figures
from .layout import Grid, GridCell, NumberFormat
from .numbers import chinese_date, grade_formula, grade_note

GRID_TOP = 3
"""Worksheet row of grid row 0 (row 1 holds the title, row 2 the subtitle)."""


def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def a1(row: int, col: int) -> str:
    """The worksheet reference of a grid position."""
    return f"{column_letter(col)}{row + GRID_TOP}"


def _num(
    grid: Grid,
    row: int,
    col: int,
    value: Decimal | None,
    fmt: NumberFormat = "money",
    *,
    colspan: int = 1,
    blank: bool = False,
    formula: str | None = None,
    input_cell: bool = False,
) -> GridCell:
    from .numbers import money, percent, plain

    text = ""
    if value is not None and not blank:
        text = {"money": money, "percent": percent}.get(fmt, plain)(value)
    return grid.add(
        row,
        col,
        text,
        colspan=colspan,
        align="right",
        number=None if blank else value,
        number_format=fmt,
        formula=formula if blank else None,
        input=input_cell and blank,
    )


def signature_block(footer: FormFooter | None) -> list[list[tuple[str, str]]]:
    """The signature, seal and date block of the forms, as the paper prints it under the table.

    填表人 / 联系电话 / 填报日期 from the form's footer; 单位负责人（签章） and 单位（盖章） are signed and
    sealed on the paper (a name the form states is printed; the seal is left to stamp). Blank
    where the form states nothing: room to write, never a placeholder.
    """
    f = footer or FormFooter()
    return [
        [("填表人", f.filled_by or ""), ("联系电话", f.phone or ""), ("填报日期", chinese_date(f.fill_date))],
        [("单位负责人（签章）", f.head_signature or ""), ("单位（盖章）", "")],
    ]


# --- self-evaluation forms ------------------------------------------------------------------

_FUNDS_LABELS = {
    FundsRowKind.TOTAL: "年度资金总额",
    FundsRowKind.APPROPRIATION: "其中：当年财政拨款",
    FundsRowKind.CARRIED_OVER: "上年结转资金",
    FundsRowKind.OTHER: "其他资金",
}

_SKELETON: list[tuple[Level1, Level2, int]] = [
    (Level1.OUTPUT, Level2.QUANTITY, 2),
    (Level1.OUTPUT, Level2.QUALITY, 1),
    (Level1.OUTPUT, Level2.TIMELINESS, 1),
    (Level1.OUTPUT, Level2.COST, 1),
    (Level1.BENEFIT, Level2.ECONOMIC, 1),
    (Level1.BENEFIT, Level2.SOCIAL, 1),
    (Level1.BENEFIT, Level2.ECOLOGICAL, 1),
    (Level1.BENEFIT, Level2.SUSTAINABILITY, 1),
    (Level1.SATISFACTION, Level2.SATISFACTION, 1),
]

FORM_WIDTHS = [4.0, 9.0, 9.0, 13.0, 12.0, 12.0, 6.0, 6.0, 13.0]


def _level1_text(ind: Indicator) -> str:
    return ind.level1_raw or LEVEL1_LABELS[ind.level1]


def _level2_text(ind: Indicator) -> str:
    return ind.level2_raw or LEVEL2_LABELS[ind.level2]


def evaluation_grid(package: EvaluationPackage, ev: SelfEvaluation, *, blank: bool = False) -> Grid:
    """One 绩效自评表 (overall or project) as a 9-column grid."""
    project = ev.scope == Scope.PROJECT
    kind = "项目支出绩效自评表" if project else "部门整体支出绩效自评表"
    title = ev.title or f"{package.year}年度{kind}"
    if kind not in title.replace(" ", ""):
        title = f"{title}（{kind}）"
    sheet = (
        f"项目自评-{ev.name}" if project and ev.name else ("项目支出自评表" if project else "整体支出自评表")
    )
    grid = Grid(title=title, widths=list(FORM_WIDTHS), sheet_name=sheet, subtitle="金额单位：万元")
    grid.caption = f"{package.unit.name}{title}"
    r = 0
    if project:
        grid.add(r, 0, "项目支出名称", colspan=2, header=True)
        grid.add(r, 2, ev.name or "", colspan=7, input=blank)
        r += 1
        grid.add(r, 0, "主管部门", colspan=2, header=True)
        grid.add(r, 2, ev.department or "", colspan=3, input=blank)
        grid.add(r, 5, "实施单位", header=True)
        grid.add(r, 6, ev.implementing_unit or "", colspan=3, input=blank)
        r += 1
    else:
        grid.add(r, 0, "部门名称", colspan=2, header=True)
        grid.add(r, 2, ev.department or package.unit.name, colspan=7)
        r += 1
    grid.header_rows = r
    # funds block -------------------------------------------------------------------------
    funds = ev.funds
    rows: list[FundsRow]
    if blank:
        rows = [FundsRow(kind=k) for k in _FUNDS_LABELS]
    else:
        rows = list(funds.rows) if funds is not None else []
    if rows:
        label = "项目资金（万元）" if project else "年度资金（万元）"
        grid.add(r, 0, label, colspan=2, rowspan=1 + len(rows), header=True, align="center")
        for k, text in enumerate(["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
            grid.add(r, 2 + k, text, header=True, align="center")
        r += 1
        first, last = r + 1, r + len(rows) - 1  # sub-rows of the total in blank templates
        for frow in rows:
            grid.add(r, 2, frow.label or _FUNDS_LABELS[frow.kind])
            is_total = frow.kind == FundsRowKind.TOTAL
            for k, attr in enumerate(("initial_budget", "annual_budget", "executed")):
                col = 3 + k
                formula = None
                if blank and is_total and len(rows) > 1:
                    formula = f"=SUM({a1(first, col)}:{a1(last, col)})"
                _num(grid, r, col, getattr(frow, attr), blank=blank, formula=formula, input_cell=not formula)
            if is_total:
                e, f, g = a1(r, 4), a1(r, 5), a1(r, 6)
                max_cell = _num(
                    grid, r, 6, Decimal(10) if blank else (funds.max_score if funds else None), "score"
                )
                max_cell.input = blank
                _num(
                    grid,
                    r,
                    7,
                    funds.stated_execution_rate if funds else None,
                    "percent",
                    blank=blank,
                    formula=f'=IF(N({e})>0,ROUND({f}/{e}*100,2),"")',
                )
                _num(
                    grid,
                    r,
                    8,
                    funds.stated_score if funds else None,
                    "score",
                    blank=blank,
                    formula=f'=IF(N({e})>0,ROUND({g}*MIN(1,{f}/{e}),2),"")',
                )
            else:
                for col in (6, 7, 8):
                    grid.add(r, col, "—", align="center")
            r += 1
    if funds is not None and (funds.by_source or funds.by_nature) and not blank:
        n = max(len(funds.by_source), len(funds.by_nature))
        grid.add(r, 0, "资金构成", colspan=2, rowspan=n + 1, header=True, align="center")
        grid.add(r, 2, "按收入性质分", colspan=3, header=True, align="center")
        grid.add(r, 5, "按支出性质分", colspan=4, header=True, align="center")
        r += 1
        src = list(funds.by_source.items())
        nat = list(funds.by_nature.items())
        from .numbers import plain

        for k in range(n):
            # both cells always filled ("—" where one side has fewer lines): a row holding one wide
            # merged cell alone reads back as a paragraph, not as a row of the form
            grid.add(r, 2, f"{src[k][0]}：{plain(src[k][1])}" if k < len(src) else "—", colspan=3)
            grid.add(r, 5, f"{nat[k][0]}：{plain(nat[k][1])}" if k < len(nat) else "—", colspan=4)
            r += 1
    # goals ---------------------------------------------------------------------------------
    # A form without goals leaves the block out: an empty row would end the table for a reader.
    if blank or ev.expected_goal or ev.achieved_goal:
        grid.add(r, 0, "年度总体目标", colspan=2, rowspan=2, header=True, align="center")
        grid.add(r, 2, "预期目标", colspan=4, header=True, align="center")
        grid.add(r, 6, "实际完成情况", colspan=3, header=True, align="center")
        r += 1
        expected = ev.expected_goal or ("" if blank else "—")
        achieved = "" if blank else (ev.achieved_goal or "—")
        grid.add(r, 2, expected, colspan=4, input=blank)
        grid.add(r, 6, achieved, colspan=3, input=blank)
        r += 1
    # indicators ----------------------------------------------------------------------------
    indicators = list(ev.indicators)
    if not indicators and blank:
        indicators = [Indicator(level1=l1, level2=l2, name="") for l1, l2, n in _SKELETON for _ in range(n)]
    grid.add(r, 0, "绩效指标", rowspan=1 + max(1, len(indicators)), header=True, align="center")
    for k, text in enumerate(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    ):
        grid.add(r, 1 + k, text, header=True, align="center")
    r += 1
    top = r
    _merge_runs(grid, indicators, r, 1, _level1_text)
    _merge_runs(grid, indicators, r, 2, lambda i: _level1_text(i) + "\x00" + _level2_text(i), _level2_text)
    for ind in indicators:
        grid.add(r, 3, ind.name, input=blank and not ind.name)
        grid.add(r, 4, ind.target_raw or "", input=blank)
        grid.add(r, 5, "" if blank else (ind.actual_raw or ""), input=blank)
        _num(grid, r, 6, ind.max_score, "score").input = blank
        _num(grid, r, 7, ind.score, "score", blank=blank, input_cell=True)
        grid.add(r, 8, "" if blank else (ind.deviation_note or ""), input=blank)
        r += 1
    if not indicators:
        r += 1
    bottom = r - 1
    # total and grade -------------------------------------------------------------------------
    grid.add(r, 0, "总分", colspan=6, header=True, align="center")
    funds_total = next((c for c in grid.cells if c.col == 8 and c.formula and "MIN" in c.formula), None)
    extra_max = f"+N({a1(funds_total.row, 6)})" if funds_total else ""
    extra_score = f"+N({a1(funds_total.row, 8)})" if funds_total else ""
    _num(
        grid,
        r,
        6,
        ev.stated_total_max,
        "score",
        blank=blank,
        formula=f"=SUM({a1(top, 6)}:{a1(bottom, 6)}){extra_max}",
    )
    _num(
        grid,
        r,
        7,
        ev.stated_total_score,
        "score",
        blank=blank,
        formula=f"=SUM({a1(top, 7)}:{a1(bottom, 7)}){extra_score}",
    )
    grid.add(r, 8, "")
    total_row = r
    r += 1
    grid.add(r, 0, "评价等次", colspan=6, header=True, align="center")
    h = a1(total_row, 7)
    formula = grade_formula(h)
    grid.add(
        r,
        6,
        "" if blank else (ev.stated_grade or ""),
        colspan=3,
        formula=formula if blank else None,
        align="center",
    )
    r += 1
    if ev.grade_note and not blank:
        grid.notes.append(f"备注：{ev.grade_note}")
    elif blank:
        grid.notes.append(grade_note())
    grid.signature = signature_block(None if blank else ev.footer)
    return grid


def _merge_runs(
    grid: Grid,
    indicators: list[Indicator],
    start: int,
    col: int,
    key: Callable[[Indicator], str],
    text: Callable[[Indicator], str] | None = None,
) -> None:
    """Merge consecutive rows with the same key into one cell (the 一级 / 二级指标 columns)."""
    shown = text or key
    k = 0
    while k < len(indicators):
        j = k
        while j + 1 < len(indicators) and key(indicators[j + 1]) == key(indicators[k]):
            j += 1
        grid.add(start + k, col, shown(indicators[k]), rowspan=j - k + 1, align="center")
        k = j + 1


# --- 基础数据表 -----------------------------------------------------------------------------

_BASE_ROWS: list[tuple[str, str, str | None]] = [
    ("三公经费：", "three_public", None),
    ("1、公务用车购置和维护经费", "vehicle", "three_public"),
    ("其中：公车购置", "vehicle_purchase", "vehicle"),
    ("公车运行维护", "vehicle_operation", "vehicle"),
    ("2、出国经费", "overseas_travel", "three_public"),
    ("3、公务接待", "reception", "three_public"),
    ("项目支出：", "project", None),
    ("1、业务工作经费", "project_item", "project"),
    ("2、运行维护经费", "project_item", "project"),
    ("公用经费", "public_operation", None),
    ("其中：办公经费", "office", "public_operation"),
    ("水费、电费、差旅费", "utilities_travel", "public_operation"),
    ("会议费、培训费", "meetings_training", "public_operation"),
    ("政府采购金额", "procurement", None),
    ("部门基本支出预算调整", "basic_adjustment", None),
]


def base_data_grid(package: EvaluationPackage, *, blank: bool = False) -> Grid:
    """部门整体支出绩效评价基础数据表 (staffing, 经费控制情况, 楼堂馆所, 厉行节约)."""
    from jixiao.model import ExpenseControlRow

    base = package.base_data
    year = package.year
    title = (base.title if base and base.title else None) or f"{year}年度部门整体支出绩效评价基础数据表"
    grid = Grid(title=title, widths=[22.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0], sheet_name="基础数据表")
    grid.subtitle = f"单位名称：{package.unit.name}"
    grid.caption = f"{package.unit.name}{title}"
    r = 0
    grid.add(r, 0, "财政供养人员情况（人）", rowspan=2, header=True, align="center")
    for k, text in enumerate(["编制数", f"{year}年实际在职人数", "控制率"]):
        grid.add(r, 1 + 2 * k, text, colspan=2, header=True, align="center")
    r += 1
    authorized = base.authorized_staff if base else package.unit.authorized_staff
    actual = base.actual_staff if base else package.unit.actual_staff
    _num(
        grid,
        r,
        1,
        None if authorized is None else Decimal(authorized),
        "integer",
        colspan=2,
        blank=blank,
        input_cell=True,
    )
    _num(
        grid,
        r,
        3,
        None if actual is None else Decimal(actual),
        "integer",
        colspan=2,
        blank=blank,
        input_cell=True,
    )
    b, d = a1(r, 1), a1(r, 3)
    _num(
        grid,
        r,
        5,
        base.stated_staffing_control_rate if base else None,
        "percent",
        colspan=2,
        blank=blank,
        formula=f'=IF(N({b})>0,ROUND({d}/{b}*100,2),"")',
    )
    r += 1
    grid.header_rows = 0
    grid.add(r, 0, "经费控制情况（万元）", header=True, align="center")
    for k, text in enumerate([f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"]):
        grid.add(r, 1 + 2 * k, text, colspan=2, header=True, align="center")
    r += 1
    rows: list[ExpenseControlRow]
    if blank or base is None:
        rows = [ExpenseControlRow(label=label, key=key, parent=parent) for label, key, parent in _BASE_ROWS]
    else:
        rows = list(base.expense_rows)
    first_row = r
    for index, row in enumerate(rows):
        grid.add(r, 0, row.label)
        child_rows = [first_row + i for i, c in enumerate(rows) if row.key and c.parent == row.key]
        for k, attr in enumerate(("last_year_actual", "budget", "actual")):
            col = 1 + 2 * k
            formula = None
            if blank and child_rows:
                formula = "=" + "+".join(f"N({a1(cr, col)})" for cr in child_rows)
            _num(
                grid,
                r,
                col,
                getattr(row, attr),
                colspan=2,
                blank=blank,
                formula=formula,
                input_cell=formula is None,
            )
        del index
        r += 1
    grid.add(r, 0, f"楼堂馆所控制情况（{year - 1}年完工项目）", rowspan=2, header=True, align="center")
    for k, text in enumerate(
        [
            "批复规模（m²）",
            "实际规模（m²）",
            "规模控制率",
            "预算投资（万元）",
            "实际投资（万元）",
            "投资概算控制率",
        ]
    ):
        grid.add(r, 1 + k, text, header=True, align="center")
    r += 1
    bld = base.buildings if base else None
    _num(grid, r, 1, bld.approved_area if bld else None, blank=blank, input_cell=True)
    _num(grid, r, 2, bld.actual_area if bld else None, blank=blank, input_cell=True)
    _num(
        grid,
        r,
        3,
        bld.stated_area_control_rate if bld else None,
        "percent",
        blank=blank,
        formula=f'=IF(N({a1(r, 1)})>0,ROUND({a1(r, 2)}/{a1(r, 1)}*100,2),"")',
    )
    _num(grid, r, 4, bld.budget_investment if bld else None, blank=blank, input_cell=True)
    _num(grid, r, 5, bld.actual_investment if bld else None, blank=blank, input_cell=True)
    _num(
        grid,
        r,
        6,
        bld.stated_investment_control_rate if bld else None,
        "percent",
        blank=blank,
        formula=f'=IF(N({a1(r, 4)})>0,ROUND({a1(r, 5)}/{a1(r, 4)}*100,2),"")',
    )
    r += 1
    grid.add(r, 0, "厉行节约保障措施", header=True, align="center")
    grid.add(r, 1, "" if blank else (base.saving_measures or "") if base else "", colspan=6, input=blank)
    grid.notes.append(
        "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
    )
    footer = package.overall.footer if package.overall is not None else None
    grid.signature = signature_block(None if blank else footer)
    return grid


# --- 单位收支情况表 (prefecture form, seed 000) ------------------------------------------------


def income_grid(package: EvaluationPackage, *, blank: bool = False) -> Grid:
    """年度收入 / 支出和结余 / 三公经费 / 固定资产 blocks of the prefecture's self-evaluation form."""
    name = package.unit.short_name or package.unit.name
    grid = Grid(
        title=f"{package.year}年度部门（单位）收支情况",
        widths=[16.0, 9.0, 9.0, 9.0, 9.0, 11.0, 9.0, 9.0],
        sheet_name="单位收支情况",
        subtitle="金额单位：万元",
    )
    grid.caption = f"{package.unit.name}{grid.title}"
    inc, exp, assets = package.income, package.expenditure, package.fixed_assets
    r = 0

    def block(title: str, heads: list[str], values: list[Decimal | None], total_formula: str | None) -> None:
        nonlocal r
        grid.add(r, 0, title, colspan=8, header=True)
        r += 1
        grid.add(r, 0, "机构名称", header=True, align="center")
        for k, h in enumerate(heads):
            grid.add(r, 1 + k, h, header=True, align="center")
        r += 1
        grid.add(r, 0, name)
        for k, v in enumerate(values):
            formula = total_formula.format(row=r + GRID_TOP) if (k == 0 and total_formula) else None
            _num(grid, r, 1 + k, v, blank=blank, formula=formula, input_cell=formula is None)
        r += 1

    block(
        "年度收入情况（万元）",
        ["收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入"],
        [
            inc.total,
            inc.carried_over,
            inc.general_public,
            inc.government_fund,
            inc.special_account_non_tax,
            inc.other,
        ]
        if inc
        else [None] * 6,
        "=SUM(C{row}:G{row})",
    )
    block(
        "部门（单位）年度支出和结余情况（万元）",
        ["支出合计", "基本支出", "其中：人员支出", "其中：公用支出", "项目支出", "当年结余", "累计结余"],
        [
            exp.total,
            exp.basic,
            exp.personnel,
            exp.public_operation,
            exp.project,
            exp.balance_current,
            exp.balance_accumulated,
        ]
        if exp
        else [None] * 7,
        "=N(C{row})+N(F{row})",
    )
    figs = {f.component: f for f in three_public_figures(package)}
    from jixiao.model import ThreePublicComponent as TP

    def actual(c: TP) -> Decimal | None:
        f = figs.get(c)
        return f.actual if f else None

    block(
        "“三公”经费（万元）",
        ["三公经费合计", "公务接待费", "公务用车运行维护费", "公务用车购置费", "因公出国（境）费用"],
        [
            actual(TP.TOTAL),
            actual(TP.RECEPTION),
            actual(TP.VEHICLE_OPERATION),
            actual(TP.VEHICLE_PURCHASE),
            actual(TP.OVERSEAS_TRAVEL),
        ],
        "=SUM(C{row}:F{row})",
    )
    block(
        "固定资产（万元）",
        ["固定资产合计", "在用固定资产", "出租固定资产", "其他"],
        [assets.total, assets.in_use, assets.leased, assets.other] if assets else [None] * 4,
        "=SUM(C{row}:E{row})",
    )
    return grid


# --- 评分表 / 考核评分表 ------------------------------------------------------------------------


def _with_weight(text: str, weight: Decimal | None) -> str:
    from .numbers import plain

    return text if weight is None or "分" in text else f"{text}（{plain(weight)}分）"


def scoring_grid(table: ScoringTable, *, sheet_name: str, blank: bool = False) -> Grid:
    """部门整体支出绩效评价评分表 (three levels) or 考核评分表 (two levels), with 分值 and 得分."""
    three_levels = any(r.level2 for r in table.rows)
    if three_levels:
        heads = ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"]
        widths = [8.0, 9.0, 11.0, 34.0, 5.0, 6.0, 12.0]
    else:
        heads = ["一级指标", "二级指标", "评分标准", "分值", "评分"]
        widths = [8.0, 13.0, 46.0, 5.0, 6.0]
    grid = Grid(title=table.title, widths=widths, sheet_name=sheet_name, landscape=three_levels)
    grid.caption = table.title
    if table.assessed_unit:
        grid.subtitle = f"被评价单位：{table.assessed_unit}"
    for k, h in enumerate(heads):
        grid.add(0, k, h, header=True, align="center")
    grid.header_rows = 1
    r = 1
    rows = table.rows
    # merge level-1 (and level-2) runs
    k = 0
    while k < len(rows):
        j = k
        while j + 1 < len(rows) and rows[j + 1].level1 == rows[k].level1:
            j += 1
        grid.add(
            r + k, 0, _with_weight(rows[k].level1, rows[k].level1_max), rowspan=j - k + 1, align="center"
        )
        if three_levels:
            m = k
            while m <= j:
                n = m
                while n + 1 <= j and rows[n + 1].level2 == rows[m].level2:
                    n += 1
                grid.add(
                    r + m,
                    1,
                    _with_weight(rows[m].level2 or "", rows[m].level2_max),
                    rowspan=n - m + 1,
                    align="center",
                )
                m = n + 1
        k = j + 1
    name_col = 2 if three_levels else 1
    for row in rows:
        grid.add(r, name_col, _with_weight(row.name, None))
        grid.add(r, name_col + 1, row.criterion or "")
        _num(grid, r, name_col + 2, row.max_score, "score")
        _num(grid, r, name_col + 3, row.self_score, "score", blank=blank, input_cell=True)
        if three_levels:
            grid.add(r, name_col + 4, "" if blank else (row.note or ""), input=blank)
        r += 1
    first, last = 1, r - 1
    grid.add(r, 0, "合计", colspan=name_col + 2, header=True, align="center")
    _num(
        grid,
        r,
        name_col + 2,
        table.stated_total_max,
        "score",
        blank=blank,
        formula=f"=SUM({a1(first, name_col + 2)}:{a1(last, name_col + 2)})",
    )
    _num(
        grid,
        r,
        name_col + 3,
        table.stated_total_score,
        "score",
        blank=blank,
        formula=f"=SUM({a1(first, name_col + 3)}:{a1(last, name_col + 3)})",
    )
    if three_levels:
        grid.add(r, name_col + 4, "")
    total = a1(r, name_col + 3)
    r += 1
    grid.add(r, 0, "评分等级", colspan=name_col + 2, header=True, align="center")
    grid.add(
        r,
        name_col + 2,
        "" if blank else (table.stated_grade or ""),
        colspan=len(heads) - name_col - 2,
        align="center",
        formula=grade_formula(total) if blank else None,
    )
    if table.grade_note:
        grid.notes.append(f"等级标准：{table.grade_note}")
    grid.signature = [[("评分人（签名）", ""), ("评分日期", "    年    月    日")]]
    return grid


def form_grids(package: EvaluationPackage, *, blank: bool = False) -> list[Grid]:
    """All the forms the package has (blank templates: the standard set, even where it has none)."""
    grids: list[Grid] = []
    if package.base_data is not None or blank:
        grids.append(base_data_grid(package, blank=blank))
    if (
        package.income is not None
        or package.expenditure is not None
        or package.fixed_assets is not None
        or blank
    ):
        grids.append(income_grid(package, blank=blank))
    if package.overall is not None:
        grids.append(evaluation_grid(package, package.overall, blank=blank))
    elif blank:
        grids.append(evaluation_grid(package, SelfEvaluation(scope=Scope.OVERALL), blank=True))
    for project in package.projects:
        grids.append(evaluation_grid(package, project, blank=blank))
    if blank and not package.projects:
        grids.append(evaluation_grid(package, SelfEvaluation(scope=Scope.PROJECT, name=""), blank=True))
    if package.scoring_table is not None:
        grids.append(scoring_grid(package.scoring_table, sheet_name="评分表", blank=blank))
    if package.work_assessment is not None:
        grids.append(scoring_grid(package.work_assessment, sheet_name="考核评分表", blank=blank))
    seen: set[str] = set()
    for g in grids:
        name = _sheet_name(g.sheet_name or g.title)
        base, n = name, 2
        while name in seen:
            suffix = f"({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        seen.add(name)
        g.sheet_name = name
    return grids


def _sheet_name(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, "-")
    return text[:31] or "表"
