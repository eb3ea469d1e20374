"""Excel (.xlsx) into blocks: each sheet's runs of rows as tables titled by the sheet, merges as spans.

Reading is bounded before it starts: each sheet's declared dimension and its merged ranges (how
many, how far each reaches, how many cells they cover) are checked against :class:`ImportLimits`
by streaming the sheet's XML, and a sheet that declares more than the limits raises a Chinese
:class:`DocumentError` naming the sheet, the range and the limit. Cells are then streamed with
openpyxl's read-only worksheet parser (only the cells the file holds, no padding), counting rows,
columns and cells as they come.

Shape (the one Word's text export gives, which the structuring layer expects): a range merged
across columns is given once with its ``col_span`` (covered cells dropped); a range merged down
rows is given at its top with its ``row_span`` and as an empty placeholder (``anchor`` set) in the
rows below. A row whose only content is one cell merged across three or more columns (a title, a
note) becomes a paragraph; an empty row ends a table. Text is as Excel prints it: the number format
the file declares (0.95 with "0.00%" reads "95.00%", 1234.5 with "#,##0.00" reads "1,234.50",
dates in their format, the Chinese built-in date formats included), rendered by xlfmt; the raw
number is kept in ``value`` (Decimal) and the format in ``number_format``. "General" numbers are
given in full ("1234.5678"), not cut to a column's width. Locations: sheet name as table, Excel row
number, column letter.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError, ImportLimits

# Excel's built-in formats 27–36 and 50–58 are locale-dependent; openpyxl knows only the Western
# ones and reads these as "General". These are the zh-CN ones (ECMA-376 Part 1, 18.8.30).
_ZH_CN_BUILTIN = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}


@dataclass(frozen=True)
class _Merge:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _ref(m: _Merge) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(m.min_col)}{m.min_row}:{get_column_letter(m.max_col)}{m.max_row}"


def _scan_sheet(ws: Any, where: str, limits: ImportLimits, merged_so_far: list[int]) -> list[_Merge]:
    """The sheet's merged ranges, streamed from its XML and checked against the limits."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    name = f"工作表“{ws.title}”"
    if ws.max_row is not None and ws.max_column is not None:
        declared = f"{ws.min_row}:{ws.max_row}"
        if ws.max_row > limits.max_rows:
            raise DocumentError(
                where,
                f"{name}声明的范围（第 {declared} 行）共 {ws.max_row} 行，超过上限 {limits.max_rows} 行，已拒绝导入",
            )
        if ws.max_column > limits.max_columns:
            raise DocumentError(
                where, f"{name}声明的范围共 {ws.max_column} 列，超过上限 {limits.max_columns} 列，已拒绝导入"
            )
    merges: list[_Merge] = []
    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
    with ws._get_source() as src:
        for _event, element in iterparse(src):
            if element.tag == tag:
                ref = element.get("ref") or ""
                element.clear()
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (ValueError, TypeError):
                    continue
                if min_col is None or min_row is None or max_col is None or max_row is None:
                    continue  # a whole-row / whole-column reference is not a cell range
                m = _Merge(min_row, min_col, max_row, max_col)
                rows, cols = max_row - min_row + 1, max_col - min_col + 1
                if rows > limits.max_rows or cols > limits.max_columns:
                    raise DocumentError(
                        where,
                        f"{name}的合并单元格 {_ref(m)} 跨 {rows} 行 {cols} 列，超过上限"
                        f"（{limits.max_rows} 行、{limits.max_columns} 列），已拒绝导入",
                    )
                merged_so_far[0] += 1
                merged_so_far[1] += rows * cols
                if merged_so_far[0] > limits.max_merged_ranges:
                    raise DocumentError(
                        where, f"合并单元格区域超过 {limits.max_merged_ranges} 个（{name}），已拒绝导入"
                    )
                if merged_so_far[1] > limits.max_merged_cells:
                    raise DocumentError(
                        where,
                        f"合并单元格共覆盖超过 {limits.max_merged_cells} 个单元格（至{name}的 {_ref(m)}），已拒绝导入",
                    )
                merges.append(m)
            elif element.tag.endswith("}row") or element.tag.endswith("}c"):
                element.clear()
    return merges


def _number_format(book: Any, style_id: int) -> tuple[int, str]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    try:
        fmt_id = int(book._cell_styles[style_id].numFmtId)
    except (IndexError, AttributeError, TypeError):
        return 0, "General"
    if fmt_id in _ZH_CN_BUILTIN:
        return fmt_id, _ZH_CN_BUILTIN[fmt_id]
    if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
        return fmt_id, str(BUILTIN_FORMATS.get(fmt_id, "General"))
    try:
        return fmt_id, str(book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE])
    except IndexError:
        return fmt_id, "General"


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell_text(value: Any, number_format: str, *, date1904: bool = False) -> tuple[str, Decimal | None]:
    """A stored value as Excel prints it with ``number_format``, and the number it holds (if any)."""
    from openpyxl.styles import is_date_format
    from xlfmt import format_value

    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, (datetime, date, time, timedelta)):
        try:
            return str(format_value(value, number_format, date1904=date1904)).strip(), None
        except Exception:  # a format xlfmt cannot render: the ISO form
            return (str(value) if isinstance(value, timedelta) else value.isoformat()), None
    if isinstance(value, (int, float, Decimal)):
        try:
            number = value if isinstance(value, Decimal) else Decimal(repr(value))
        except InvalidOperation:
            return str(value), None
        if not number.is_finite():
            return str(value), None
        is_date = is_date_format(number_format)
        if number_format in ("General", "") or number_format.lower() == "general":
            return _plain(number), number
        try:
            text = str(format_value(number, number_format, date1904=date1904)).strip()
        except Exception:  # a format xlfmt cannot render: the plain number
            text = _plain(number)
        return text, (None if is_date else number)
    return str(value).strip(), None


_TITLE_LIKE = re.compile(r"(表|年度|单位[:：].*|[（(].{0,12}[）)])\s*$")


def _is_section_row(text: str, r: int, stored: dict[int, dict[int, tuple[str, Decimal | None, str]]]) -> bool:
    """A row of one cell merged across the sheet, between two rows of a grid ("项目年度目标1：乡村道路
    建设养护项目" above the indicator header): a heading inside the form, kept in its table so that
    the form is not cut in two. A title ("…自评表", "（2022年度）", "单位：万元") still starts a new block,
    and so does a row the sheet does not continue (the next row empty or absent)."""
    if _TITLE_LIKE.search(text.strip()) or "绩效自评" in text or ("绩效目标" in text and "表" in text):
        return False
    following = stored.get(r + 1, {})
    return sum(1 for c, v in following.items() if v[0]) >= 2


def read_xlsx(
    data: bytes, doc_id: str, *, deadline: Deadline | None = None, limits: ImportLimits | None = None
) -> Document:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    from openpyxl.worksheet._reader import WorkSheetParser

    limits = limits or ImportLimits()
    where = f"{doc_id}.xlsx"
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    date1904 = book.epoch == CALENDAR_MAC_1904
    blocks: list[Block] = []
    merged_so_far = [0, 0]
    cell_count = 0
    try:
        sheets = [ws for ws in book.worksheets if hasattr(ws, "_get_source")]
        merges_of = {ws.title: _scan_sheet(ws, where, limits, merged_so_far) for ws in sheets}
        for ws in sheets:
            if deadline is not None:
                deadline.check()
            title = ws.title
            name = f"工作表“{title}”"
            merges = merges_of[title]
            # stream the stored cells: row number -> {column: (text, value, format)}
            stored: dict[int, dict[int, tuple[str, Decimal | None, str]]] = {}
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=book.epoch,
                    date_formats=book._date_formats,
                    timedelta_formats=book._timedelta_formats,
                )
                for n, (idx, row) in enumerate(parser.parse()):
                    if deadline is not None and n % 500 == 0:
                        deadline.check()
                    if idx > limits.max_rows:
                        raise DocumentError(
                            where, f"{name}有第 {idx} 行，超过上限 {limits.max_rows} 行，已拒绝导入"
                        )
                    cells: dict[int, tuple[str, Decimal | None, str]] = {}
                    for c in row:
                        col = int(c["column"])
                        if col > limits.max_columns:
                            raise DocumentError(
                                where,
                                f"{name}第 {idx} 行有第 {col} 列，超过上限 {limits.max_columns} 列，已拒绝导入",
                            )
                        if c.get("value") is None:
                            continue
                        _, fmt = _number_format(book, int(c.get("style_id") or 0))
                        text, number = cell_text(c["value"], fmt, date1904=date1904)
                        cells[col] = (text, number, fmt)
                        cell_count += 1
                        if cell_count > limits.max_cells:
                            raise DocumentError(
                                where, f"单元格超过 {limits.max_cells} 个（至{name}第 {idx} 行），已拒绝导入"
                            )
                    if cells:
                        stored[idx] = cells
            blocks.extend(_sheet_blocks(title, stored, merges, ws.max_column, get_column_letter, deadline))
    finally:
        book.close()
    return Document(id=doc_id, kind="xlsx", blocks=blocks)


def _sheet_blocks(
    title: str,
    stored: dict[int, dict[int, tuple[str, Decimal | None, str]]],
    merges: list[_Merge],
    declared_width: int | None,
    letter: Any,
    deadline: Deadline | None,
) -> list[Block]:
    blocks: list[Block] = []
    width = declared_width or max((max(cells) for cells in stored.values()), default=1)
    by_top: dict[int, list[_Merge]] = {}
    for m in merges:
        by_top.setdefault(m.min_row, []).append(m)
    wide = {m.min_row: m.min_col for m in merges if m.max_col - m.min_col >= 2 and m.min_row == m.max_row}
    active: list[_Merge] = []
    anchors: dict[tuple[int, int], Cell] = {}  # (min_row, min_col) of a merge -> its cell in the table
    table: Table | None = None
    table_rows: list[int] = []

    def flush() -> None:
        nonlocal table, table_rows
        if table is not None and table.rows:
            last = table_rows[-1]
            for (top, _), cell in anchors.items():
                if top in table_rows:
                    cell.row_span = max(1, min(top + cell.row_span - 1, last) - top + 1)
            blocks.append(table)
        table = None
        table_rows = []
        anchors.clear()

    previous = 0
    for r in sorted(stored):
        if deadline is not None and r % 500 == 0:
            deadline.check()
        if r != previous + 1:
            flush()  # rows the file does not hold are empty rows: they end a table
        previous = r
        active = [m for m in active if m.max_row >= r] + by_top.get(r, [])
        row_values = stored[r]
        covered_h: set[int] = set()
        covered_v: dict[int, _Merge] = {}
        starts: dict[int, _Merge] = {}
        for m in active:
            if m.min_row == r:
                starts[m.min_col] = m
                covered_h.update(range(m.min_col + 1, m.max_col + 1))
            else:
                covered_v[m.min_col] = m
                covered_h.update(range(m.min_col + 1, m.max_col + 1))
        filled = [(c, v) for c, v in sorted(row_values.items()) if v[0] and c not in covered_h]
        if not filled:
            flush()
            continue
        if (
            len(filled) == 1
            and (wide.get(r) == filled[0][0] or width == 1)
            and not (table is not None and _is_section_row(filled[0][1][0], r, stored))
        ):
            flush()
            col = filled[0][0]
            blocks.append(Paragraph(filled[0][1][0], Loc(table=title, row=r, column=letter(col))))
            continue
        if table is None:
            table = Table(loc=Loc(table=title, row=r), title=title)
        table_rows.append(r)
        cells: list[Cell] = []
        last = max(c for c, _ in filled)
        for c in range(1, last + 1):
            if c in covered_h:
                continue
            loc = Loc(table=title, row=r, column=letter(c))
            if c in covered_v:
                m = covered_v[c]
                anchor = anchors.get((m.min_row, m.min_col))
                cells.append(Cell("", loc, col_span=m.max_col - m.min_col + 1, anchor=anchor))
                continue
            text, number, fmt = row_values.get(c, ("", None, "General"))
            cell = Cell(text, loc, number_format=fmt if c in row_values else None, value=number)
            m_start = starts.get(c)
            if m_start is not None:
                cell.row_span = m_start.max_row - m_start.min_row + 1
                cell.col_span = m_start.max_col - m_start.min_col + 1
                anchors[(r, c)] = cell
            cells.append(cell)
        table.rows.append(cells)
    flush()
    return blocks
