"""The nine 部门决算 disclosure tables (公开01–09表) into :class:`~jixiao.model.FinalAccounts`.

Implements the national layout of the 部门决算公开表 (财政部 部门决算报表, 公开01 收入支出决算总表 …
公开09 国有资本经营预算财政拨款支出决算表): each table is found by its "公开NN表" mark, its columns
are the standard ones of that number, and every printed row becomes a :class:`LineItem` with the
printed cells only (blank cells stay absent). Two-sided tables (01, 04) give one item per side.
A table continued on the next page repeats its header; header rows are skipped wherever they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import FinalAccounts, FinalAccountsTable, LineItem

from .blocks import Cell, Table
from .context import Context, Item
from .normalize import join_lines, parse_int, parse_number, squash


@dataclass(frozen=True)
class _Spec:
    title: str
    columns: tuple[tuple[str, str], ...]
    income_keys: tuple[str, ...] = ()  # two-sided tables: value keys of the income side
    expenditure_keys: tuple[str, ...] = ()


SPECS: dict[str, _Spec] = {
    "01": _Spec("收入支出决算总表", (("amount", "决算数"),), ("amount",), ("amount",)),
    "02": _Spec(
        "收入决算表",
        (
            ("total", "本年收入合计"),
            ("fiscal", "财政拨款收入"),
            ("upper_level", "上级补助收入"),
            ("business", "事业收入"),
            ("operating", "经营收入"),
            ("affiliated", "附属单位上缴收入"),
            ("other_income", "其他收入"),
        ),
    ),
    "03": _Spec(
        "支出决算表",
        (
            ("total", "本年支出合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
            ("to_upper", "上缴上级支出"),
            ("operating", "经营支出"),
            ("to_affiliated", "对附属单位补助支出"),
        ),
    ),
    "04": _Spec(
        "财政拨款收入支出决算总表",
        (
            ("amount", "金额"),
            ("total", "合计"),
            ("general_public", "一般公共预算财政拨款"),
            ("gov_fund", "政府性基金预算财政拨款"),
            ("state_capital", "国有资本经营预算财政拨款"),
        ),
        ("amount",),
        ("total", "general_public", "gov_fund", "state_capital"),
    ),
    "05": _Spec(
        "一般公共预算财政拨款支出决算表",
        (("total", "本年支出/小计"), ("basic", "本年支出/基本支出"), ("project", "本年支出/项目支出")),
    ),
    "06": _Spec("一般公共预算财政拨款基本支出决算明细表", (("amount", "决算数"),)),
    "07": _Spec(
        "一般公共预算财政拨款“三公”经费支出决算表",
        (
            ("budget_total", "预算数/合计"),
            ("budget_abroad", "预算数/因公出国(境)费"),
            ("budget_vehicle", "预算数/公务用车购置及运行费/小计"),
            ("budget_vehicle_purchase", "预算数/公务用车购置及运行费/公务用车购置费"),
            ("budget_vehicle_operation", "预算数/公务用车购置及运行费/公务用车运行费"),
            ("budget_reception", "预算数/公务接待费"),
            ("final_total", "决算数/合计"),
            ("final_abroad", "决算数/因公出国(境)费"),
            ("final_vehicle", "决算数/公务用车购置及运行费/小计"),
            ("final_vehicle_purchase", "决算数/公务用车购置及运行费/公务用车购置费"),
            ("final_vehicle_operation", "决算数/公务用车购置及运行费/公务用车运行费"),
            ("final_reception", "决算数/公务接待费"),
        ),
    ),
    "08": _Spec(
        "政府性基金预算财政拨款收入支出决算表",
        (
            ("carried_in", "年初结转和结余"),
            ("income", "本年收入"),
            ("expenditure_total", "本年支出/小计"),
            ("basic", "本年支出/基本支出"),
            ("project", "本年支出/项目支出"),
            ("carried_out", "年末结转和结余"),
        ),
    ),
    "09": _Spec(
        "国有资本经营预算财政拨款支出决算表",
        (("total", "本年支出/合计"), ("basic", "本年支出/基本支出"), ("project", "本年支出/项目支出")),
    ),
}

_MARK = re.compile(r"公开0?(\d)表")
_HEADER_WORDS = (
    "项目",
    "收入",
    "支出",
    "功能分类",
    "科目名称",
    "科目编码",
    "经济分类",
    "预算数",
    "决算数",
    "合计因公出国",
)


def _is_code(text: str) -> bool:
    return bool(re.fullmatch(r"\d{3,9}", squash(text)))


def _is_header(name: str) -> bool:
    key = squash(name)
    return key in ("收入", "支出", "项目", "项目(按功能分类)") or any(
        key.startswith(w) for w in _HEADER_WORDS[3:]
    )


def _column_numbers(cells: list[Cell]) -> bool:
    """True when the value cells are the printed column numbers of a 栏次 line (1, 2, 3 …)."""
    return all("." not in c.text for c in cells if squash(c.text))


def parse_final_accounts(ctx: Context) -> FinalAccounts | None:
    marks: list[tuple[str, Item]] = []
    for item in ctx.items:
        if item.table is None:
            m = _MARK.search(item.key)
            if m and len(item.key) <= 12:
                marks.append((f"0{m.group(1)}", item))
    if not marks:
        return None
    fa = FinalAccounts()
    seen: set[str] = set()
    for k, (number, mark) in enumerate(marks):
        if number in seen:
            continue
        seen.add(number)
        ctx.deadline.check()
        end = marks[k + 1][1].index if k + 1 < len(marks) else len(ctx.items)
        fa.tables = [*fa.tables, _parse_table(ctx, number, mark, end)]
    return fa


def _parse_table(ctx: Context, number: str, mark: Item, end: int) -> FinalAccountsTable:
    spec = SPECS[number]
    ctx.use(mark)
    table = FinalAccountsTable(number=number, title=spec.title, columns=dict(spec.columns))
    # title: the nearest paragraph before the mark that ends in 表
    for i in range(mark.index - 1, max(mark.index - 6, -1), -1):
        item = ctx.items[i]
        if item.table is not None:
            break
        if item.key.endswith("表") and not item.key.startswith(("公开", "单位", "部门")):
            table.title = item.joined
            table.sources["title"] = ctx.src(item)
            ctx.use(item)
            break
    # the table block and the paragraphs around it, up to the next mark
    first_table: int | None = None
    notes: list[Item] = []
    for item in ctx.items[mark.index + 1 : end]:
        if item.table is not None:
            if first_table is None:
                first_table = item.table
            continue
        key = item.key
        if re.match(r"^(单位|金额单位)[:：]", key):
            table.unit_of_amount = re.sub(r"^(单位|金额单位)[:：]", "", key) or "万元"
            ctx.use(item)
        elif key.startswith("部门:") or key.startswith("部门：") or key.startswith("编制单位"):
            ctx.use(item)
        elif "无数据" in key or ("没有" in key and "本表" in key):
            table.empty_statement = item.joined
            table.sources["empty_statement"] = ctx.src(item)
            ctx.use(item)
        elif key.startswith("注") or (notes and re.match(r"^\d+[.．、]", key)):
            notes.append(item)
            ctx.use(item)
        elif notes:
            break
    if notes:
        text = "\n".join(n.joined for n in notes)
        table.note = re.sub(r"^注\s*[:：]\s*", "", text)
        table.sources["note"] = ctx.src(notes[0])
    if first_table is not None:
        block = ctx.tables[first_table]
        table.rows = _rows(ctx, number, block)
        # headers, 行次 and 栏次 numbers are the table's structure, not figures to place
        for row in block.rows:
            for cell in row:
                if "." not in cell.text or parse_number(cell.text) is None:
                    ctx.use(cell)
    return table


def _values(ctx: Context, cells: list[Cell], keys: tuple[str, ...]) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {}
    for key, cell in zip(keys, cells, strict=False):
        if not squash(cell.text):
            continue
        value = parse_number(cell.text)
        if value is None:
            ctx.issue(cell, "决算表单元格不是数字，未能读取", cell.text)
            continue
        values[key] = value
        ctx.use(cell)
    return values


def _item(
    ctx: Context,
    name_cell: Cell,
    code: str | None,
    values: dict[str, Decimal | None],
    side: str | None,
    row_number: int | None,
    where: Cell,
) -> LineItem:
    ctx.use(name_cell)
    item = LineItem(
        code=code, name=join_lines(name_cell.text), row_number=row_number, side=side, values=values
    )
    item.sources["values"] = ctx.src(where)
    return item


def _rows(ctx: Context, number: str, block: Table) -> list[LineItem]:
    spec = SPECS[number]
    keys = tuple(k for k, _ in spec.columns)
    out: list[LineItem] = []
    if number in ("01", "04"):
        width = 3
        for row in block.rows:
            ctx.deadline.check()
            if not row:
                continue
            cells = row + [Cell("", row[-1].loc)] * 12
            sides = (
                ("income", cells[0:width], spec.income_keys),
                ("expenditure", cells[width : width + 2 + len(spec.expenditure_keys)], spec.expenditure_keys),
            )
            for side, part, vkeys in sides:
                name = squash(part[0].text)
                if not name or _is_header(name):
                    continue
                value_cells = part[2:]
                if name == "栏次":
                    if _column_numbers(value_cells):
                        continue
                    row_number = None
                else:
                    row_number = parse_int(part[1].text)
                    ctx.use(part[1])
                values = _values(ctx, value_cells, vkeys)
                out.append(_item(ctx, part[0], None, values, side, row_number, part[0]))
        return out
    if number == "06":
        blocks_out: list[list[LineItem]] = [[], [], []]
        footer: list[LineItem] = []
        for row in block.rows:
            ctx.deadline.check()
            texts = [squash(c.text) for c in row]
            if any("合计" in t for t in texts):
                for i, t in enumerate(texts):
                    if "合计" in t:
                        num = next((c for c in row[i + 1 :] if parse_number(c.text) is not None), None)
                        stop = next((j for j in range(i + 1, len(row)) if "合计" in texts[j]), len(row))
                        if num is not None and row.index(num) >= stop:
                            num = None
                        values = {"amount": parse_number(num.text)} if num is not None else {}
                        if num is not None:
                            ctx.use(num)
                        footer.append(_item(ctx, row[i], None, values, None, None, row[i]))
                continue
            for b in range(3):
                part = row[3 * b : 3 * b + 3]
                if len(part) < 2 or not _is_code(part[0].text):
                    continue
                ctx.use(part[0])
                values = _values(ctx, part[2:3], ("amount",))
                blocks_out[b].append(_item(ctx, part[1], squash(part[0].text), values, None, None, part[0]))
        return blocks_out[0] + blocks_out[1] + blocks_out[2] + footer
    # one-sided tables with code and name columns (02, 03, 05, 08, 09) and 07 (figures only)
    for row in block.rows:
        ctx.deadline.check()
        texts = [squash(c.text) for c in row]
        if not any(texts):
            continue
        if number == "07":
            nums = [c for c in row if parse_number(c.text) is not None]
            if nums and any("." in c.text for c in nums):
                values = _values(ctx, row, keys)
                out.append(LineItem(name="合计", values=values, sources={"values": ctx.src(row[0])}))
            continue
        if _is_code(row[0].text):
            code: str | None = texts[0]
            name_i = 1
        elif texts[0] and parse_number(row[0].text) is None:
            code, name_i = None, 0
        else:
            code, name_i = None, 1
        name_cell = row[name_i] if name_i < len(row) else None
        name = squash(name_cell.text) if name_cell is not None else ""
        if name and (_is_header(name) or name == "栏次" or name.startswith("功能分类")):
            continue
        if not name or parse_number(name_cell.text if name_cell else None) is not None:
            # a line of figures without a name continues the row above (a merged 合计 cell)
            nums = [c for c in row if parse_number(c.text) is not None]
            if nums and out and not out[-1].values:
                prev = out[-1]
                prev.values = _values(ctx, nums, keys)
                prev.sources["name"] = prev.sources["values"]
                prev.sources["values"] = ctx.src(nums[0])
            elif nums:
                for c in nums:
                    ctx.issue(c, "决算表中的数字没有对应的科目名称，未能归入", c.text)
            continue
        assert name_cell is not None
        values = _values(ctx, row[name_i + 1 :], keys)
        if code is not None:
            ctx.use(row[0])
        out.append(_item(ctx, name_cell, code, values, None, None, name_cell))
    return out
