"""Plain text (.txt) into blocks: the shapes text extracted from published papers takes.

* PDF-extracted: flowing text, one table cell or one wrapped piece of a cell per line — every line
  becomes a paragraph; the structuring layer reads such forms from the line stream.
* Word-extracted, one row per line: cells separated by tabs ("\\t合计\\t7253.94\\t...") — runs of
  such lines become one table.
* Word-extracted, one cell per line: each cell starts with a tab ("\\t编制数"); a line without the
  tab continues the cell above (also after one blank line); a blank line before a tab line starts a
  new row; two blank lines before ordinary text end the table.
* Tables typed or laid out in text: two or more lines of cells between pipes ("| 项目 | 金额 |",
  rule rows such as "|---|" skipped), or two or more lines whose cells two or more spaces part and
  that stand in shared columns (``pdftotext -layout`` output, plain-text tables; CJK characters
  count two columns) — each becomes a table. Lines of one cell each ending with a pipe ("经费项目 |",
  "71.53 |"), rows back to back, become a table when the header's width fits them (see
  :func:`_cell_lines_table`). A flattened row with single spaces ("年度资金总额: 0 0 0
  10 0 0 其中:本年财政拨款 90 89.974") stays a paragraph: the recogniser aligns it by header words.

Encoding: UTF-8 (with or without BOM) first, else what charset-normalizer detects (GBK papers are
common); text that is neither raises :class:`DocumentError`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError


def decode_text(data: bytes, where: str) -> str:
    """Bytes of a text file as str; GBK and other encodings detected; binary refused."""
    if not data.strip():
        raise DocumentError(where, "文件是空的，没有可导入的内容")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise DocumentError(where, "文件不是文本（含有二进制内容），请确认文件类型")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(where, "无法识别文件的文字编码（既不是 UTF-8 也不是 GBK 等常见编码）")
    text = str(best)
    if not text.strip():
        raise DocumentError(where, "文件解码后没有可导入的文字")
    return text


def aligned_columns(lines: Sequence[Sequence[tuple[float, float]]]) -> list[tuple[float, float]] | None:
    """The columns that lines of pieces (start, end) share, or None when they do not stand in columns.

    Columns are the union of the pieces' overlapping extents; the lines stand in columns when there
    are at least two and no line has two pieces in one column (a piece bridging two columns of other
    lines merges them, and then some line has two pieces in one). Used for text files (positions in
    character widths) and PDF lines (positions in points).
    """
    spans = sorted((a, b) for line in lines for a, b in line)
    columns: list[tuple[float, float]] = []
    for a, b in spans:
        if columns and a <= columns[-1][1]:
            columns[-1] = (columns[-1][0], max(b, columns[-1][1]))
        else:
            columns.append((a, b))
    if len(columns) < 2:
        return None
    starts = [a for a, _ in columns]
    for line in lines:
        at = [bisect.bisect_right(starts, a) - 1 for a, _ in line]
        if len(set(at)) != len(at):
            return None
    return columns


def _kind(line: str) -> str:
    if not line.strip(" \u3000\r"):
        return "tab-blank" if "\t" in line and line.count("\t") == 1 and line.strip() == "" else "blank"
    if "\t" in line:
        body = line[1:] if line.startswith("\t") else line
        if "\t" in body:
            return "row"
        if line.startswith("\t"):
            return "cell"
        return "row"
    return "text"


_PIPES = re.compile(r"[|｜]")
_RULE_ROW = re.compile(r"^(?=.*(?:[-—=]{2}|\+))[\s|｜:：\-—=+]+$")  # "|---|:--:|", "+----+----+", not "| — |"
_PIECE = re.compile(r"[^\s]+(?:[ \u3000][^\s]+)*")  # a cell: words with single spaces between


def _pipe_cells(line: str) -> list[str] | None:
    if not _PIPES.search(line) or _RULE_ROW.match(line):
        return None
    cells = [c.strip(" \u3000") for c in _PIPES.split(line.strip(" \u3000"))]
    if cells and cells[0] == "" and line.strip(" \u3000")[:1] in "|｜":
        cells = cells[1:]
    if cells and cells[-1] == "" and line.strip(" \u3000")[-1:] in "|｜":
        cells = cells[:-1]
    return cells if len(cells) >= 2 else None


def _flattened_pipe_run(lines: list[str], kinds: list[str], i: int) -> int | None:
    """The end of a run of pipe lines that is a flattened stream of cells, not a grid: an HTML table
    the archive wrote out cell after cell with "|" between them and a line break wherever a cell held
    one ("| 387664.62 | 387664.62 | — |", "| — | 上年结转 资金 |", "|", "| 质量指标 | 营养改善…"). It is
    told from a typed table (one row a line, whose rows differ in width where cells were merged) by
    the lines that hold only an empty cell or a dash ("|", "| — |") between lines of several cells
    (a table printed row by row has no such row), or by a cell broken over two lines (see
    :func:`_cell_broken`). Its lines stay paragraphs; the form recogniser reads
    the cells in order, by the header's grammar."""
    if i and _PIPES.search(lines[i - 1]) and kinds[i - 1] == "text":
        return None  # only a whole run
    widths: list[int] = []  # cells per line; -1: a line of one empty cell or dash
    j = i
    while j < len(lines) and kinds[j] == "text" and (_PIPES.search(lines[j]) or _sandwiched(lines, kinds, j)):
        if not _PIPES.search(lines[j]):
            j += 1  # its row is the next line's (see _pipe_table)
            continue
        body = _PIPES.sub("", lines[j]).strip(" \u3000")
        if body in ("", *_NO_FIGURE) and len(_PIPES.findall(lines[j])) <= 2:
            widths.append(-1)
        elif not _RULE_ROW.match(lines[j]):
            widths.append(len(_pipe_cells(lines[j]) or ()))
        j += 1
    if any(_cell_broken(lines[k], lines[k + 1]) for k in range(i, j - 1)):
        return j
    multi = [k for k, w in enumerate(widths) if w >= 2]
    if len(multi) < 2:
        return None
    return j if any(widths[k] == -1 for k in range(multi[0], multi[-1])) else None


def _cell_broken(line: str, nxt: str) -> bool:
    """A cell broken over two lines of a pipe run: the line opens with a pipe and stops inside a cell,
    the next goes on without a pipe before closing with one ("| … | 项目资金", "(万元) | | 年初预算数 |")."""
    a, b = line.strip(" \u3000"), nxt.strip(" \u3000")
    if not a or not b or a[-1] in "|｜" or b[0] in "|｜":
        return False
    return a[0] in "|｜" or b[-1] in "|｜"


def _sandwiched(lines: list[str], kinds: list[str], j: int) -> bool:
    """A row's first cell broken off onto a line of its own inside a pipe run: no pipe on the line,
    pipes on the line before, and the next line opens with one ("…| 10 |", "成本指标", "| 省级宣传片
    制作费 | 200万 | …"): the two lines are one row."""
    return (
        0 < j < len(lines) - 1
        and kinds[j] == "text"
        and kinds[j + 1] == "text"
        and not _PIPES.search(lines[j])
        and bool(_PIPES.search(lines[j - 1]))
        and lines[j + 1].strip(" \u3000")[:1] in "|｜"
        and len(lines[j].strip()) <= 20
    )


def _pipe_table(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int] | None:
    """Lines of cells between pipes ("| 项目 | 预算数 |", rule rows skipped): a table of two rows or more."""
    table = Table(loc=Loc(line=i + 1))
    j = i
    while j < len(lines) and kinds[j] == "text":
        cells = _pipe_cells(lines[j])
        if cells is None and table.rows and _sandwiched(lines, kinds, j):
            cells = _pipe_cells(lines[j].strip(" \u3000") + " " + lines[j + 1].strip(" \u3000"))
            if cells is not None:
                table.rows.append([Cell(c, Loc(line=j + 1, column=str(k + 1))) for k, c in enumerate(cells)])
                j += 2
                continue
        if cells is None:
            if _PIPES.search(lines[j]) and _RULE_ROW.match(lines[j]):
                j += 1
                continue
            break
        table.rows.append([Cell(c, Loc(line=j + 1, column=str(k + 1))) for k, c in enumerate(cells)])
        j += 1
    return (table, j) if len(table.rows) >= 2 else None


_FIGURE_CELL = re.compile(r"^[-+−]?[\d,，.]+%?$")
_NO_FIGURE = ("-", "—", "－", "/", "无", "——")


def _trailing_pipe_cell(line: str) -> str | None:
    """The cell of a line that holds one cell and ends with a pipe ("经费项目 |", "71.53 |")."""
    body = line.strip(" \u3000")
    if not body.endswith(("|", "｜")):
        return None
    cell = body[:-1].strip(" \u3000")
    return cell if cell and not _PIPES.search(cell) else None


def _cell_lines_table(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int] | None:
    """One cell per line, each ending with a pipe, rows one after another with nothing between them
    ("经费项目 |", "2020年度支出 (万元) |", …, "因公出国(境)费 |", "0 |", …). The row's width is the
    number of header cells: those before the first row's label, which stands just before the first
    figure. Taken only when the cells fill whole rows, every row begins with a label and holds only
    figures (or "-", "无") after it — else the lines stay paragraphs (a form laid out one cell a line
    is read from the line stream)."""
    if i and lines[i - 1].strip(" \u3000").endswith(("|", "｜")):
        return None  # only a whole run: not its tail once its start was refused
    cells: list[tuple[int, str]] = []
    j = i
    while j < len(lines) and kinds[j] == "text":
        cell = _trailing_pipe_cell(lines[j])
        if cell is None:
            if not cells or lines[j].strip(" \u3000") not in ("|", "｜"):
                break
            cell = ""  # a blank cell of a row: "因公出国(境)费 |", "|", "|" (安徽 三公 决算表)
        cells.append((j, cell))
        j += 1
    first = next((k for k, (_, c) in enumerate(cells) if _FIGURE_CELL.match(c)), None)
    if first is None or first < 3:
        return None
    width = first - 1
    if len(cells) % width or len(cells) < 2 * width:
        return None
    rows = [cells[k : k + width] for k in range(0, len(cells), width)]
    if any(not row[0][1] or _FIGURE_CELL.match(row[0][1]) for row in rows) or not all(
        not c or _FIGURE_CELL.match(c) or c in _NO_FIGURE for row in rows[1:] for _, c in row[1:]
    ):
        return None  # a form laid out one cell a line (labels and texts among the figures) is no grid
    table = Table(loc=Loc(line=i + 1))
    for row in rows:
        table.rows.append([Cell(c, Loc(line=n + 1, column=str(k + 1))) for k, (n, c) in enumerate(row)])
    return table, j


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _spaced_pieces(line: str) -> list[tuple[int, int, str]]:
    """A line's cells where two or more spaces (or a tab) part them, with display columns (CJK = 2)."""
    if "\t" in line:
        return []
    found = list(_PIECE.finditer(line))
    if len(found) < 2 or any(m.group().endswith((":", "：")) for m in found):
        return []  # one piece, or "名称：  岳阳市…" — a label and its value, not a row of cells
    offsets = [0]
    for ch in line:
        offsets.append(offsets[-1] + _width(ch))
    return [(offsets[m.start()], offsets[m.end()], m.group()) for m in found]


def _spaced_table(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int] | None:
    """Lines whose cells two or more spaces part, standing in shared columns (pdftotext -layout, plain
    text tables): a table of two rows or more, one cell per column. One blank line may stand between
    rows. Lines of one piece, and label lines ("名称：  …"), end the run, so flowing text, cover
    pages and flattened rows stay paragraphs."""
    rows: list[tuple[int, list[tuple[int, int, str]]]] = []
    j = i
    while j < len(lines):
        if kinds[j] == "text":
            pieces = _spaced_pieces(lines[j])
            if len(pieces) < 2:
                break
            rows.append((j, pieces))
            j += 1
        elif kinds[j] == "blank" and j + 1 < len(lines) and kinds[j + 1] == "text" and rows:
            if len(_spaced_pieces(lines[j + 1])) < 2:
                break
            j += 1
        else:
            break
    if len(rows) < 2:
        return None
    columns = aligned_columns([[(a, b) for a, b, _ in pieces] for _, pieces in rows])
    if columns is None:
        return None
    starts = [a for a, _ in columns]
    table = Table(loc=Loc(line=i + 1))
    for n, pieces in rows:
        cells = [Cell("", Loc(line=n + 1, column=str(k + 1))) for k in range(len(columns))]
        for a, _, text in pieces:
            k = bisect.bisect_right(starts, a) - 1
            cells[k] = Cell(text, Loc(line=n + 1, column=str(k + 1)))
        table.rows.append(cells)
    return table, rows[-1][0] + 1


def read_text(text: str, doc_id: str, *, deadline: Deadline | None = None) -> Document:
    """Split text into blocks (see the module docstring); line numbers are 1-based."""
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kinds = [_kind(line) for line in lines]
    # A line holding only a tab is an empty cell in the one-cell-per-line shape.
    kinds = ["cell" if k == "tab-blank" else k for k in kinds]
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    while i < n:
        if deadline is not None and i % 2000 == 0:
            deadline.check()
        kind = kinds[i]
        if kind == "blank":
            i += 1
            continue
        if kind == "text":
            run_end = _flattened_pipe_run(lines, kinds, i)
            if run_end is not None:
                blocks.extend(
                    Paragraph(lines[k].strip(" \u3000\t"), Loc(line=k + 1)) for k in range(i, run_end)
                )
                i = run_end
                continue
            found = (
                _pipe_table(lines, kinds, i)
                or _cell_lines_table(lines, kinds, i)
                or _spaced_table(lines, kinds, i)
            )
            if found is not None:
                blocks.append(found[0])
                i = found[1]
                continue
            blocks.append(Paragraph(lines[i].strip(" \u3000\t"), Loc(line=i + 1)))
            i += 1
            continue
        if kind == "row":
            table = Table(loc=Loc(line=i + 1))
            while i < n:
                if kinds[i] == "row":
                    cells = [
                        Cell(c.strip(" \u3000"), Loc(line=i + 1, column=str(j + 1)))
                        for j, c in enumerate(lines[i].split("\t"))
                    ]
                    table.rows.append(cells)
                    i += 1
                elif kinds[i] == "blank":
                    j = i
                    while j < n and kinds[j] == "blank":
                        j += 1
                    if j < n and kinds[j] == "row":
                        i = j
                    else:
                        break
                else:
                    break
            blocks.append(table)
            continue
        # one cell per line
        table = Table(loc=Loc(line=i + 1))
        row: list[Cell] = []
        blank_run = 0
        while i < n:
            k = kinds[i]
            if k == "cell":
                if blank_run and row:
                    table.rows.append(row)
                    row = []
                row.append(Cell(lines[i][1:].strip(" \u3000"), Loc(line=i + 1, column=str(len(row) + 1))))
                blank_run = 0
                i += 1
            elif k == "blank":
                blank_run += 1
                i += 1
            elif k == "text" and row and blank_run <= 1:
                last = row[-1]
                piece = lines[i].strip(" \u3000")
                if last.text:
                    last.text = f"{last.text}\n{piece}"
                    last.lines.append(i + 1)
                else:
                    last.text = piece
                    last.loc = Loc(line=i + 1, column=last.loc.column)
                blank_run = 0
                i += 1
            else:
                break
        if row:
            table.rows.append(row)
        blocks.append(table)
    return Document(id=doc_id, kind="txt", blocks=blocks)
