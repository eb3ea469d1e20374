"""The 部门决算 disclosure: 公开01–09表 with their notes, and the 情况说明 figures from the tables.

Implements the layout of the nine tables a unit publishes with its 部门决算 (seed 004: 收入支出决算
总表, 收入决算表, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款支出决算表, 基本支出决算
明细表, “三公”经费支出决算表, 政府性基金 and 国有资本经营 tables). Two-sided tables (01, 04) print
收入 on the left and 支出 on the right; grouped column headers ("本年支出/基本支出") become two
header rows with merged cells. The 情况说明 sentences are computed from the tables (shares of
基本支出 and 项目支出, 人员经费 = 301 + 303, 公用经费 = 302 + 310 of 公开06表).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import EvaluationPackage, FinalAccountsTable, LineItem

from . import figures as fig
from .layout import Block, Doc, Grid, Heading, PageBreak, Paragraph
from .numbers import money, percent, rate, wan

_PERSONNEL = ("301", "303")
_PUBLIC = ("302", "310")


def _value_columns(table: FinalAccountsTable, rows: list[LineItem]) -> list[str]:
    used = [k for k in table.columns if any(r.values.get(k) is not None for r in rows)]
    if not used:
        used = list(table.columns)[:1]
    if len(used) == 1 and len(table.columns) > 1 and any(r.side for r in rows):
        return used
    return [k for k in table.columns if k in used or not any(r.side for r in rows)]


def _header_levels(labels: list[str]) -> list[list[str]]:
    parts = [label.split("/") for label in labels]
    depth = max((len(p) for p in parts), default=1)
    return [[p[k] if k < len(p) else "" for p in parts] for k in range(depth)]


def _add_headers(grid: Grid, start_col: int, labels: list[str], depth: int) -> None:
    """Column headers over ``depth`` rows; equal adjacent parents merge, a short path spans down."""
    levels = _header_levels(labels)
    levels += [[""] * len(labels)] * (depth - len(levels))
    covered: set[tuple[int, int]] = set()
    for level in range(depth):
        k = 0
        while k < len(labels):
            if (level, k) in covered:
                k += 1
                continue
            text = levels[level][k]
            j = k
            while (
                j + 1 < len(labels)
                and levels[level][j + 1] == text
                and level < depth - 1
                and text
                and all(levels[x][j + 1] == levels[x][k] for x in range(level + 1))
            ):
                j += 1
            down = 1
            while level + down < depth and not levels[level + down][k] and j == k:
                down += 1
            grid.add(level, start_col + k, text, colspan=j - k + 1, rowspan=down, header=True, align="center")
            for x in range(level, level + down):
                for y in range(k, j + 1):
                    covered.add((x, y))
            k = j + 1


def table_grid(table: FinalAccountsTable) -> Grid:
    title = f"公开{table.number}表  {table.title}"
    sides = [s for s in ("income", "expenditure") if any(r.side == s for r in table.rows)]
    grid = Grid(
        title=title,
        widths=[],
        sheet_name=f"公开{table.number}表",
        subtitle=f"金额单位：{table.unit_of_amount}",
    )
    grid.caption = title
    if len(sides) == 2:
        col = 0
        depth = 1
        blocks: list[tuple[str, list[LineItem], list[str]]] = []
        for side in sides:
            rows = [r for r in table.rows if r.side == side]
            keys = _value_columns(table, rows)
            depth = max(depth, max(len(table.columns[k].split("/")) for k in keys))
            blocks.append((side, rows, keys))
        for side, rows, keys in blocks:
            label = "收入" if side == "income" else "支出"
            grid.add(0, col, label, colspan=2 + len(keys), header=True, align="center")
            grid.add(1, col, "项目", rowspan=depth, header=True, align="center")
            grid.add(1, col + 1, "行次", rowspan=depth, header=True, align="center")
            _add_headers_offset(grid, 1, col + 2, [table.columns[k] for k in keys], depth)
            grid.widths += [20.0, 4.0] + [8.0] * len(keys)
            for r, item in enumerate(rows):
                rr = 1 + depth + r
                grid.add(rr, col, item.name)
                grid.add(rr, col + 1, "" if item.row_number is None else str(item.row_number), align="center")
                for k, key in enumerate(keys):
                    value = item.values.get(key)
                    grid.add(
                        rr, col + 2 + k, money(value), align="right", number=value, number_format="money"
                    )
            col += 2 + len(keys)
        grid.header_rows = 1 + depth
    else:
        keys = list(table.columns)
        depth = max((len(v.split("/")) for v in table.columns.values()), default=1)
        grid.add(0, 0, "科目编码", rowspan=depth, header=True, align="center")
        grid.add(0, 1, "科目名称", rowspan=depth, header=True, align="center")
        _add_headers(grid, 2, [table.columns[k] for k in keys], depth)
        grid.widths = [9.0, 20.0] + [8.0] * len(keys)
        for r, item in enumerate(table.rows):
            rr = depth + r
            grid.add(rr, 0, item.code or "")
            grid.add(rr, 1, item.name)
            for k, key in enumerate(keys):
                value = item.values.get(key)
                grid.add(rr, 2 + k, money(value), align="right", number=value, number_format="money")
        if not table.rows:
            grid.add(depth, 0, "（本表无数据）", colspan=2 + len(keys), align="center")
        grid.header_rows = depth
    grid.landscape = sum(grid.widths) > 90
    if table.empty_statement:
        grid.notes.append(table.empty_statement)
    if table.note:
        grid.notes += [f"注：{line}" if k == 0 else line for k, line in enumerate(table.note.split("\n"))]
    return grid


def _add_headers_offset(grid: Grid, row: int, col: int, labels: list[str], depth: int) -> None:
    sub = Grid(title="", widths=[])
    _add_headers(sub, 0, labels, depth)
    for c in sub.cells:
        c.row += row
        c.col += col
        grid.cells.append(c)


# --- 情况说明 --------------------------------------------------------------------------------


def _row(table: FinalAccountsTable | None, name: str, side: str | None = None) -> LineItem | None:
    if table is None:
        return None
    for r in table.rows:
        if r.name.replace(" ", "") == name and (side is None or r.side == side):
            return r
    return None


def _total_row(table: FinalAccountsTable | None) -> LineItem | None:
    return _row(table, "合计") or _row(table, "总计")


def _v(item: LineItem | None, key: str) -> Decimal | None:
    return item.values.get(key) if item is not None else None


def final_accounts_sentences(package: EvaluationPackage) -> list[tuple[str, str]]:
    """(heading, sentence) pairs of the 决算情况说明, each computed from the tables."""
    fa = package.final_accounts
    if fa is None:
        return []
    year = package.year
    out: list[tuple[str, str]] = []
    t01 = fa.table("01")
    total = _v(_row(t01, "总计", "income"), "amount")
    spent = _v(_row(t01, "总计", "expenditure"), "amount")
    if total is not None:
        text = f"{year}年度收入总计{wan(total)}"
        if spent is not None:
            text += f"，支出总计{wan(spent)}"
        out.append(("收入支出决算总体情况说明", text + "。"))
    t02 = fa.table("02")
    row = _total_row(t02)
    if t02 is not None and row is not None and _v(row, "total") is not None:
        income_total = _v(row, "total")
        parts = [
            f"{t02.columns[k]}{wan(v)}，占{percent(rate(v, income_total))}"
            for k, v in row.values.items()
            if k != "total" and v
        ]
        out.append(
            (
                "收入决算情况说明",
                f"{year}年度收入合计{wan(income_total or Decimal(0))}"
                + ("，其中：" + "；".join(parts) if parts else "")
                + "。",
            )
        )
    t03 = fa.table("03")
    row = _total_row(t03)
    if row is not None and _v(row, "total") is not None:
        spent_total = _v(row, "total")
        parts = [
            f"{label}{wan(v)}，占{percent(rate(v, spent_total))}"
            for label, v in (("基本支出", _v(row, "basic")), ("项目支出", _v(row, "project")))
            if v is not None
        ]
        out.append(
            (
                "支出决算情况说明",
                f"{year}年度支出合计{wan(spent_total or Decimal(0))}"
                + ("，其中：" + "；".join(parts) if parts else "")
                + "。",
            )
        )
    t04 = fa.table("04")
    fiscal = _v(_row(t04, "总计", "income"), "amount")
    if fiscal is not None:
        out.append(("财政拨款收入支出决算总体情况说明", f"{year}年度财政拨款收、支总计{wan(fiscal)}。"))
    t05 = fa.table("05")
    row = _total_row(t05)
    if row is not None and _v(row, "total") is not None:
        text = f"{year}年度一般公共预算财政拨款支出{wan(_v(row, 'total') or Decimal(0))}"
        details = [
            f"{label}{wan(v)}"
            for label, v in (("基本支出", _v(row, "basic")), ("项目支出", _v(row, "project")))
            if v is not None
        ]
        out.append(
            (
                "一般公共预算财政拨款支出决算情况说明",
                text + ("，其中：" + "，".join(details) if details else "") + "。",
            )
        )
    t06 = fa.table("06")
    if t06 is not None and t06.rows:
        tops = {r.code: r.values.get("amount") for r in t06.rows if r.code and len(r.code) == 3}
        basic = sum((v for v in tops.values() if v is not None), Decimal(0))
        personnel = sum((tops.get(c) or Decimal(0) for c in _PERSONNEL), Decimal(0))
        public = sum((tops.get(c) or Decimal(0) for c in _PUBLIC), Decimal(0))
        out.append(
            (
                "一般公共预算财政拨款基本支出决算情况说明",
                f"{year}年度财政拨款基本支出{wan(basic)}，其中：人员经费{wan(personnel)}，占基本支出的"
                f"{percent(rate(personnel, basic))}；公用经费{wan(public)}，占基本支出的{percent(rate(public, basic))}。",
            )
        )
    three = fig.three_public_sentences(package)
    if three:
        out.append(("一般公共预算财政拨款“三公”经费支出决算情况说明", "".join(three)))
    for number, label in (("08", "政府性基金预算财政拨款"), ("09", "国有资本经营预算财政拨款")):
        t = fa.table(number)
        if t is None:
            continue
        amounts = [v for r in t.rows for v in r.values.values() if v]
        if not amounts:
            out.append((f"{label}收入支出决算情况说明", f"本单位{year}年度无{label}收入和支出。"))
        else:
            row = _total_row(t) or (t.rows[0] if t.rows else None)
            described = "，".join(
                f"{t.columns.get(k, k).replace('/', '')}{wan(v)}"
                for k, v in (row.values.items() if row else [])
                if v is not None
            )
            out.append((f"{label}收入支出决算情况说明", f"{year}年度{label}：{described}。"))
    return out


def final_accounts_doc(package: EvaluationPackage) -> Doc:
    fa = package.final_accounts
    title = f"{package.unit.name}{package.year}年度部门决算"
    doc = Doc(title=title)
    doc.blocks.append(Heading(package.unit.name, 0))
    doc.blocks.append(Heading(f"{package.year}年度部门决算", 0))
    if fa is None or not fa.tables:
        doc.blocks.append(Paragraph("（评价包中没有部门决算公开表）", "missing"))
        return doc
    doc.blocks.append(Heading("第一部分  部门决算公开表", 1))
    for k, table in enumerate(sorted(fa.tables, key=lambda t: t.number)):
        if k:
            doc.blocks.append(PageBreak())
        doc.blocks.append(table_grid(table))
    doc.blocks.append(PageBreak())
    doc.blocks.append(Heading(f"第二部分  {package.year}年度部门决算情况说明", 1))
    numerals = "一二三四五六七八九十"
    blocks: list[Block] = []
    for k, (heading, sentence) in enumerate(final_accounts_sentences(package)):
        blocks.append(Heading(f"{numerals[k] if k < 10 else '十' + numerals[k - 10]}、{heading}", 2))
        blocks.append(Paragraph(sentence))
    doc.blocks += blocks
    return doc


def final_accounts_grids(package: EvaluationPackage) -> list[Grid]:
    fa = package.final_accounts
    grids = [table_grid(t) for t in sorted(fa.tables, key=lambda t: t.number)] if fa is not None else []
    notes = final_accounts_sentences(package)
    if notes:
        g = Grid(
            title=f"{package.year}年度部门决算情况说明",
            widths=[30.0, 70.0],
            sheet_name="情况说明",
            header_rows=1,
        )
        g.add(0, 0, "事项", header=True, align="center")
        g.add(0, 1, "说明", header=True, align="center")
        for r, (heading, sentence) in enumerate(notes, start=1):
            g.add(r, 0, heading)
            g.add(r, 1, sentence)
        grids.append(g)
    return grids
