"""Excel 97–2003 (.xls) and WPS Spreadsheets (.et) into blocks, with xlrd.

xlrd reads the workbook's BIFF records with ``formatting_info`` so that merged ranges and every
cell's number format are known; the stored cells then go through the .xlsx reader's own rendering
and shaping (:func:`.xlsx_reader.cell_text`, ``_sheet_blocks``), so an .xls gives exactly the blocks
its .xlsx twin gives: text as Excel prints it (0.95 with "0.00%" reads "95.00%"), the raw number in
``value``, the format in ``number_format``, merges as spans. Locations: sheet name as table, Excel
row number, column letter. Bounded by the import limits (rows, columns, cells, merged ranges).

A WPS ``.et`` file is the same BIFF8 workbook in most cases and goes through this reader; one that
xlrd cannot read raises :class:`NotBiff`, and the caller converts it with LibreOffice
(:mod:`.office_convert`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .blocks import Block, Document
from .errors import Deadline, DocumentError, ImportLimits


class NotBiff(Exception):
    """The bytes are not a workbook xlrd can read (the caller may try LibreOffice instead)."""


def _column_letter(index: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_format(book: Any, xf_index: int) -> str:
    from .xlsx_reader import _ZH_CN_BUILTIN

    try:
        key = book.xf_list[xf_index].format_key
        fmt = str(book.format_map[key].format_str)
    except (AttributeError, IndexError, KeyError, TypeError):
        return "General"
    if key in _ZH_CN_BUILTIN:
        return _ZH_CN_BUILTIN[key]
    return fmt or "General"


def _stored(book: Any, cell: Any) -> Any:
    """The cell's value as openpyxl would give it (numbers, text, booleans; errors as text)."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    return cell.value  # a date stays its serial number: its format renders it


def read_xls(
    data: bytes,
    doc_id: str,
    *,
    deadline: Deadline | None = None,
    limits: ImportLimits | None = None,
    where: str | None = None,
    kind: str = "xls",
) -> Document:
    """Read an .xls / .et workbook; raises :class:`NotBiff` when xlrd does not know the bytes."""
    import xlrd

    from .xlsx_reader import _Merge, _sheet_blocks, cell_text

    limits = limits or ImportLimits()
    where = where or f"{doc_id}.{kind}"
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise DocumentError(where, "文件设有密码保护（已加密），请先去除密码后再导入") from exc
        raise NotBiff(str(exc)) from exc
    except (AssertionError, IndexError, KeyError, ValueError, EOFError, TypeError) as exc:
        raise NotBiff(f"{type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    cell_count = merged_ranges = merged_cells = 0
    try:
        for sheet_index in range(book.nsheets):
            if deadline is not None:
                deadline.check()
            sheet = book.sheet_by_index(sheet_index)
            name = f"工作表“{sheet.name}”"
            if sheet.nrows > limits.max_rows:
                raise DocumentError(
                    where, f"{name}共 {sheet.nrows} 行，超过上限 {limits.max_rows} 行，已拒绝导入"
                )
            if sheet.ncols > limits.max_columns:
                raise DocumentError(
                    where, f"{name}共 {sheet.ncols} 列，超过上限 {limits.max_columns} 列，已拒绝导入"
                )
            merges: list[Any] = []
            for rlo, rhi, clo, chi in sheet.merged_cells:  # 0-based, exclusive ends
                merged_ranges += 1
                merged_cells += (rhi - rlo) * (chi - clo)
                if merged_ranges > limits.max_merged_ranges or merged_cells > limits.max_merged_cells:
                    raise DocumentError(where, f"合并单元格过多（至{name}），已拒绝导入")
                merges.append(_Merge(rlo + 1, clo + 1, rhi, chi))
            stored: dict[int, dict[int, tuple[str, Decimal | None, str]]] = {}
            for r in range(sheet.nrows):
                if deadline is not None and r % 500 == 0:
                    deadline.check()
                cells: dict[int, tuple[str, Decimal | None, str]] = {}
                for c, cell in enumerate(sheet.row(r)):
                    value = _stored(book, cell)
                    if value is None or value == "":
                        continue
                    fmt = _number_format(book, cell.xf_index)
                    text, number = cell_text(value, fmt, date1904=book.datemode == 1)
                    cells[c + 1] = (text, number, fmt)
                    cell_count += 1
                    if cell_count > limits.max_cells:
                        raise DocumentError(
                            where, f"单元格超过 {limits.max_cells} 个（至{name}第 {r + 1} 行），已拒绝导入"
                        )
                if cells:
                    stored[r + 1] = cells
            blocks.extend(_sheet_blocks(sheet.name, stored, merges, sheet.ncols, _column_letter, deadline))
            book.unload_sheet(sheet_index)
    finally:
        book.release_resources()
    return Document(id=doc_id, kind=kind, blocks=blocks)
