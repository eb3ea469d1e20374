"""Typeset a real document's form grid (``layout.yaml``) as the unit published it: .xlsx, .docx, .pdf.

The real-document corpus (``tests/corpus/real/README.md``) keeps most documents as the text a web
archive gives. For forms whose original was a spreadsheet, a Word file or a PDF, ``layout.yaml``
records the grid as the unit typeset it — its own header words, column order, merged cells, the
amount-unit line and numbers stored as numbers with their Excel formats — and this script rebuilds
the files an importer meets in the field:

- ``document.xlsx`` (openpyxl): one sheet, merged ranges for spans, ``number_format`` for ``fmt``,
  numbers as numbers, column widths wide enough for the text, the title row bold, thin borders on
  the grid, landscape and fit to one page wide;
- ``document.docx`` (python-docx): the leading full-width rows (title, year, unit line) as
  paragraphs above one table; merges for spans; each cell's text as the spreadsheet shows it
  (0.95 with ``"0.00%"`` is ``95.00%``);
- ``document.pdf``: LibreOffice headless converts the .xlsx, in a child process with a 120 s
  timeout and a profile directory of its own under /tmp. Skipped, with a message, when
  LibreOffice is not installed.

layout.yaml::

    title: 项目支出绩效自评表
    sheet: 自评表                  # optional, the sheet name (≤ 31 characters)
    widths: [12, 30, 10]           # optional, column widths in characters (else computed)
    rows:
      - [{t: 项目支出绩效自评表, span: [1, 10]}]
      - [项目名称, {t: 委托业务项目, span: [1, 9]}]
      - [{t: "项目资金（万元）", span: [4, 2]}, "", 年初预算数, 全年预算数, 12.5, {v: 0.95, fmt: "0.00%"}]

A cell is a string (text, kept as text even when it looks like a number), a number, null (an
empty cell), or a mapping with ``t`` (text) or ``v`` (number), and optionally ``fmt`` (an Excel
number format), ``span: [rows, cols]`` and ``bold: true``. Cells are placed left to right in the
next free position; positions covered by an earlier span (in the same row or from a row above)
are skipped, and a ``""`` or null written on a covered position is taken as its placeholder, so a
grid may be written either with or without placeholders. A blank cell just after a span that is
not a placeholder is written ``{t: ""}``.

Usage: ``python tests/corpus/real/typeset.py <folder> [<folder> ...]``
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

PDF_TIMEOUT_SECONDS = 120
MIN_WIDTH = 6.0
MAX_WIDTH = 40.0
SPAN_WIDTH = 16.0
CELL_KEYS = {"t", "v", "fmt", "span", "bold"}
LAYOUT_KEYS = {"title", "sheet", "rows", "widths"}


class LayoutError(ValueError):
    """layout.yaml does not follow the format; the message says where and what (in Chinese)."""


@dataclass
class Cell:
    row: int  # 0-based grid position
    col: int
    text: str | None  # text cell
    number: int | float | None  # number cell
    fmt: str | None
    rows: int
    cols: int
    bold: bool

    @property
    def display(self) -> str:
        """The text the spreadsheet shows for this cell."""
        if self.number is not None:
            return format_number(self.number, self.fmt)
        return self.text or ""


@dataclass
class Grid:
    title: str
    sheet: str
    cells: list[Cell]
    n_rows: int
    n_cols: int
    widths: list[float] | None


# --- reading layout.yaml -------------------------------------------------------------------------


def _parse_cell(raw: Any, where: str) -> tuple[str | None, int | float | None, str | None, int, int, bool]:
    """(text, number, fmt, rows, cols, bold) of one cell as written in layout.yaml."""
    if raw is None:
        return None, None, None, 1, 1, False
    if isinstance(raw, bool):
        raise LayoutError(f"{where}：单元格写成了布尔值 {raw!r}，文字请加引号")
    if isinstance(raw, str):
        return raw, None, None, 1, 1, False
    if isinstance(raw, int | float):
        return None, raw, None, 1, 1, False
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}：无法识别的单元格 {raw!r}（应为文字、数字或 {{t/v, fmt, span}}）")
    unknown = set(raw) - CELL_KEYS
    if unknown:
        raise LayoutError(f"{where}：单元格有未知的键 {sorted(unknown)}（可用 t, v, fmt, span, bold）")
    if "t" in raw and "v" in raw:
        raise LayoutError(f"{where}：单元格同时写了 t（文字）和 v（数字），只能写一个")
    text: str | None = None
    number: int | float | None = None
    if "v" in raw:
        value = raw["v"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise LayoutError(f"{where}：v 应为数字，实为 {value!r}（文字请用 t）")
        number = value
    elif "t" in raw:
        value = raw["t"]
        if value is None:
            value = ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise LayoutError(f"{where}：t 应为文字，实为 {value!r}")
        text = str(value)
    fmt = raw.get("fmt")
    if fmt is not None and not isinstance(fmt, str):
        raise LayoutError(f"{where}：fmt 应为 Excel 数字格式文字，实为 {fmt!r}")
    rows, cols = 1, 1
    if "span" in raw:
        span = raw["span"]
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in span)
        ):
            raise LayoutError(f"{where}：span 应为 [行数, 列数]（正整数），实为 {span!r}")
        rows, cols = span
    bold = raw.get("bold", False)
    if not isinstance(bold, bool):
        raise LayoutError(f"{where}：bold 应为 true 或 false，实为 {bold!r}")
    return text, number, fmt, rows, cols, bold


def _is_placeholder(raw: Any) -> bool:
    return raw is None or raw == ""


def parse_layout(data: Any, source: str = "layout.yaml") -> Grid:
    """Place the cells of a loaded layout.yaml on a grid (see the module docstring for the rules)."""
    if not isinstance(data, dict):
        raise LayoutError(f"{source}：顶层应为映射（title, sheet, rows）")
    unknown = set(data) - LAYOUT_KEYS
    if unknown:
        raise LayoutError(f"{source}：未知的键 {sorted(unknown)}（可用 title, sheet, rows, widths）")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise LayoutError(f"{source}：缺少 title（表名）")
    sheet = data.get("sheet") or title
    if not isinstance(sheet, str):
        raise LayoutError(f"{source}：sheet 应为文字")
    for bad in "[]:*?/\\":
        sheet = sheet.replace(bad, "_")
    sheet = sheet[:31]
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise LayoutError(f"{source}：缺少 rows（表格各行）")

    occupied: dict[tuple[int, int], Cell] = {}  # every grid position -> the cell covering it
    cells: list[Cell] = []
    n_cols = 0
    n_rows = len(rows)
    for r, row in enumerate(rows):
        if not isinstance(row, list):
            raise LayoutError(f"{source} 第{r + 1}行：应为单元格列表，实为 {row!r}")
        c = 0
        for i, raw in enumerate(row):
            where = f"{source} 第{r + 1}行第{i + 1}个单元格"
            if (r, c) in occupied and _is_placeholder(raw):
                c += 1  # a placeholder for a covered position
                continue
            while (r, c) in occupied:
                c += 1
            text, number, fmt, span_rows, span_cols, bold = _parse_cell(raw, where)
            for rr in range(r, r + span_rows):
                for cc in range(c, c + span_cols):
                    if (rr, cc) in occupied:
                        other = occupied[(rr, cc)]
                        raise LayoutError(
                            f"{where}：合并范围与第{other.row + 1}行第{other.col + 1}列的单元格重叠"
                        )
            cell = Cell(r, c, text, number, fmt, span_rows, span_cols, bold)
            cells.append(cell)
            for rr in range(r, r + span_rows):
                for cc in range(c, c + span_cols):
                    occupied[(rr, cc)] = cell
            n_rows = max(n_rows, r + span_rows)
            c += 1  # the rest of a span is covered: skipped, or taken by a placeholder
        n_cols = max(n_cols, c)
    n_cols = max([n_cols] + [cc + 1 for (_, cc) in occupied])
    widths = data.get("widths")
    if widths is not None:
        if not isinstance(widths, list) or not all(
            isinstance(w, int | float) and not isinstance(w, bool) and w > 0 for w in widths
        ):
            raise LayoutError(f"{source}：widths 应为正数列表（每列宽度，字符数）")
        widths = [float(w) for w in widths]
    return Grid(title=title, sheet=sheet, cells=cells, n_rows=n_rows, n_cols=n_cols, widths=widths)


def load_layout(folder: Path) -> Grid:
    path = folder / "layout.yaml"
    if not path.is_file():
        raise LayoutError(f"{path}：文件不存在")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return parse_layout(data, str(path))


# --- number formats ------------------------------------------------------------------------------


def _round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _general(value: int | float) -> str:
    """Excel's General format, for the values a form holds: no exponent, up to 10 decimals."""
    if isinstance(value, int):
        return str(value)
    number = Decimal(repr(value))
    if number == number.to_integral_value():
        return str(int(number))
    text = format(_round_half_up(number, 10).normalize(), "f")
    return text


def format_number(value: int | float, fmt: str | None) -> str:
    """The text a spreadsheet shows for ``value`` under the Excel number format ``fmt``.

    Covers the formats forms use: General, ``0``, ``0.0…``, ``#,##0.0…``, the same with ``%``,
    and a literal suffix or prefix in quotes (``0.00"分"``). Anything else falls back to General.
    """
    if fmt is None or fmt in ("", "General", "@"):
        return _general(value)
    section = fmt.split(";")[0]
    prefix = suffix = ""
    core = section
    # literal text in quotes around the numeric part
    if '"' in core:
        parts = core.split('"')
        literals = parts[1::2]
        codes = parts[0::2]
        numeric_index = next((i for i, code in enumerate(codes) if any(ch in code for ch in "0#")), None)
        if numeric_index is None:
            return _general(value)
        prefix = "".join(codes[j] + literals[j] for j in range(numeric_index) if j < len(literals))
        suffix = "".join(literals[j] + codes[j + 1] for j in range(numeric_index, len(literals)))
        core = codes[numeric_index]
    percent = core.endswith("%")
    if percent:
        core = core[:-1]
    if not core or any(ch not in "0#,." for ch in core):
        return _general(value)
    places = len(core.split(".", 1)[1]) if "." in core else 0
    grouping = "," in core.split(".")[0]
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    rounded = _round_half_up(number, places)
    text = f"{rounded:,.{places}f}" if grouping else f"{rounded:.{places}f}"
    return f"{prefix}{text}{'%' if percent else ''}{suffix}"


# --- widths --------------------------------------------------------------------------------------


def display_width(text: str) -> float:
    """Width in Excel character units: full-width (CJK) characters count about two."""
    longest = 0.0
    for line in text.split("\n"):
        width = sum(2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.1 for ch in line)
        longest = max(longest, width)
    return longest


def column_widths(grid: Grid) -> list[float]:
    if grid.widths is not None:
        widths = list(grid.widths) + [MIN_WIDTH * 1.5] * (grid.n_cols - len(grid.widths))
        return widths[: grid.n_cols]
    widths = [MIN_WIDTH] * grid.n_cols
    for cell in grid.cells:
        if cell.cols == 1:
            widths[cell.col] = max(widths[cell.col], min(display_width(cell.display) + 2, MAX_WIDTH))
    # spans wider than their columns: share out what is missing (up to SPAN_WIDTH a column; longer
    # text wraps), unless it is a title-like full row
    for cell in grid.cells:
        if cell.cols > 1 and cell.cols < grid.n_cols:
            need = min(display_width(cell.display) + 2, SPAN_WIDTH * cell.cols)
            have = sum(widths[cell.col : cell.col + cell.cols])
            if need > have:
                extra = (need - have) / cell.cols
                for cc in range(cell.col, cell.col + cell.cols):
                    widths[cc] = min(widths[cc] + extra, MAX_WIDTH)
    return widths


def title_row(grid: Grid) -> int:
    """The row holding the title (bold, larger): the first whose only cell reads the title, else 0."""
    wanted = grid.title.replace(" ", "")
    for cell in grid.cells:
        if cell.text is not None and cell.text.replace(" ", "") == wanted:
            return cell.row
    return 0


def leading_rows(grid: Grid) -> int:
    """How many first rows are one full-width cell (title, year, unit line): paragraphs in .docx."""
    count = 0
    for r in range(grid.n_rows):
        in_row = [cell for cell in grid.cells if cell.row == r]
        if len(in_row) == 1 and in_row[0].cols == grid.n_cols and in_row[0].rows == 1:
            count += 1
        else:
            break
    return count


# --- xlsx ----------------------------------------------------------------------------------------


def write_xlsx(grid: Grid, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = grid.sheet
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = leading_rows(grid)
    widths = column_widths(grid)
    title = title_row(grid)
    for cell in grid.cells:
        target = sheet.cell(row=cell.row + 1, column=cell.col + 1)
        if cell.number is not None:
            target.value = cell.number
            if cell.fmt:
                target.number_format = cell.fmt
        elif cell.text:
            target.value = cell.text
            target.number_format = "@"
            if cell.text.startswith("="):
                target.data_type = "s"  # a printed "=8个" is text, not a formula (openpyxl reads "=" as one)
        bold = cell.bold or cell.row == title
        target.font = Font(name="宋体", bold=bold, size=14 if cell.row == title else 10)
        wrap = cell.number is None and display_width(cell.display) + 2 > sum(
            widths[cell.col : cell.col + cell.cols]
        )
        if cell.row < head:
            horizontal = "center" if cell.row == title or not cell.display.startswith("单位") else "left"
            target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
        else:
            horizontal = "right" if cell.number is not None else "center"
            if cell.number is None and display_width(cell.display) > 24 and cell.row != title:
                horizontal = "left"
            target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
        if cell.rows > 1 or cell.cols > 1:
            sheet.merge_cells(
                start_row=cell.row + 1,
                start_column=cell.col + 1,
                end_row=cell.row + cell.rows,
                end_column=cell.col + cell.cols,
            )
    # borders on every position of the grid below the leading rows (merged ones included)
    for r in range(head, grid.n_rows):
        for c in range(grid.n_cols):
            sheet.cell(row=r + 1, column=c + 1).border = border
    for c, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(c + 1)].width = round(width, 1)
    # row heights for wrapped text (LibreOffice does not grow rows of merged cells by itself)
    lines_per_row: dict[int, float] = {}
    for cell in grid.cells:
        if cell.number is not None:
            continue
        available = max(sum(widths[cell.col : cell.col + cell.cols]) - 1, 1.0)
        lines = sum(max(1, math.ceil(display_width(line) / available)) for line in cell.display.split("\n"))
        per_row = lines / cell.rows
        lines_per_row[cell.row] = max(lines_per_row.get(cell.row, 1.0), per_row)
    for r, row_lines in lines_per_row.items():
        if row_lines > 1:
            sheet.row_dimensions[r + 1].height = round(13.5 * math.ceil(row_lines), 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    workbook.properties.title = grid.title
    workbook.save(path)


# --- docx ----------------------------------------------------------------------------------------


def _set_east_asian_font(run: Any, name: str = "宋体") -> None:
    run.font.name = name
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def write_docx(grid: Grid, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    head = leading_rows(grid)
    title = title_row(grid)
    for cell in sorted((c for c in grid.cells if c.row < head), key=lambda c: c.row):
        paragraph = document.add_paragraph()
        is_title = cell.row == title
        unit_line = cell.display.lstrip().startswith("单位")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if unit_line else WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(cell.display)
        run.bold = is_title or cell.bold
        run.font.size = Pt(16 if is_title else 10.5)
        _set_east_asian_font(run, "黑体" if is_title else "宋体")
    body_rows = grid.n_rows - head
    if body_rows <= 0:
        document.save(str(path))
        return
    table = document.add_table(rows=body_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(grid)
    total = sum(widths)
    usable_cm = 29.7 - 3.0
    for c, width in enumerate(widths):
        for row in table.rows:
            row.cells[c].width = Cm(usable_cm * width / total)
    for cell in grid.cells:
        if cell.row < head:
            continue
        r = cell.row - head
        target = table.cell(r, cell.col)
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(table.cell(r + cell.rows - 1, cell.col + cell.cols - 1))
        paragraph = target.paragraphs[0]
        for extra in target.paragraphs[1:]:  # merging leaves one empty paragraph per merged cell
            extra._element.getparent().remove(extra._element)
        if cell.number is not None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif display_width(cell.display) <= 24:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(cell.display)
        run.font.size = Pt(9)
        run.bold = cell.bold
        _set_east_asian_font(run)
    document.core_properties.title = grid.title
    document.save(str(path))


# --- pdf -----------------------------------------------------------------------------------------


def find_office() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(source: Path, out_dir: Path) -> Path | None:
    """document.pdf from the .xlsx by LibreOffice headless; None (with a message) when it cannot."""
    office = find_office()
    if office is None:
        print("未安装 LibreOffice（soffice），跳过 PDF", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory(prefix="typeset-lo-", dir="/tmp") as profile:
        command = [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            _, stderr = process.communicate(timeout=PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            print(f"{source}：LibreOffice 超过 {PDF_TIMEOUT_SECONDS} 秒未完成，已终止", file=sys.stderr)
            return None
    pdf = out_dir / (source.stem + ".pdf")
    if process.returncode != 0 or not pdf.is_file():
        message = stderr.decode("utf-8", "replace").strip()
        print(f"{source}：LibreOffice 转换 PDF 失败（退出码 {process.returncode}）{message}", file=sys.stderr)
        return None
    return pdf


def typeset(folder: Path, pdf: bool = True) -> list[Path]:
    """Write document.xlsx, document.docx and (with LibreOffice) document.pdf in ``folder``."""
    grid = load_layout(folder)
    xlsx = folder / "document.xlsx"
    docx = folder / "document.docx"
    write_xlsx(grid, xlsx)
    write_docx(grid, docx)
    written = [xlsx, docx]
    if pdf:
        made = write_pdf(xlsx, folder)
        if made is not None:
            written.append(made)
    return written


def main(argv: list[str]) -> int:
    folders = [arg for arg in argv if not arg.startswith("--")]
    if not folders:
        print("用法：python tests/corpus/real/typeset.py <文件夹> [<文件夹> ...] [--no-pdf]", file=sys.stderr)
        return 2
    status = 0
    for name in folders:
        try:
            for path in typeset(Path(name), pdf="--no-pdf" not in argv):
                print(path)
        except LayoutError as error:
            print(f"错误：{error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
