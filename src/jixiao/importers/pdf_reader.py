"""PDF into blocks with pypdfium2 (PDFium): ruled tables as grids, other text as lines in reading order.

Per page, PDFium gives every character with its box and every path object (lines and rectangles,
also inside form XObjects). The ruling lines are merged and grouped; each group that crosses
itself forms a grid whose rows and columns are the distinct ruling positions. An elementary grid
cell is joined to its neighbour where the ruling between them is missing, so a merged cell becomes
one cell with its ``row_span`` / ``col_span`` (and, in ``Table.rows``, the shape Word's text export
gives: given once at its top-left, an empty placeholder with ``anchor`` set in the rows below).
Regions open to the outside are not cells. Characters go to the cell their centre falls in; a
cell's text is its lines top to bottom. A table that continues at the top of the next page (a bare
page number may stand between) is joined to the one that ended the page before, with the same
number of grid columns; its rows keep counting and keep their own page.

The remaining characters become lines (characters whose vertical centres overlap), each a
paragraph with its box. Runs of three or more lines whose pieces — separated by gaps of at least a
character's height — stand in shared columns become a table of cells, each with its ``bbox``, so a
recogniser can align text-only tables by position.

Bounded: the page count, objects on each page and characters on each page are checked against
:class:`ImportLimits` before the page's work. A PDF without a text layer (a scan) raises
:class:`DocumentError`; :func:`has_text_layer` is the hook an OCR reader uses to choose itself.
Locations: page, 表N, row, column (the grid column, 1-based).
"""

from __future__ import annotations

import bisect
import ctypes
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from .blocks import BBox, Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError, ImportLimits
from .text_reader import aligned_columns

# (left, top, right, bottom, character) with top/bottom measured down from the page's top edge
Char = tuple[float, float, float, float, str]

_SNAP = 2.0  # rulings closer than this (points) are one ruling
_JOIN = 3.0  # collinear ruling pieces with a gap up to this are one ruling
_THIN = 3.0  # a filled or stroked box this thin is a line
_MAX_EDGES = 4000  # more ruling pieces than this on a page: no table detection there


@dataclass
class _Edge:
    pos: float  # y of a horizontal ruling, x of a vertical one
    a: float  # start along the ruling
    b: float  # end along the ruling


@dataclass
class _Region:
    i0: int
    j0: int
    i1: int  # inclusive
    j1: int  # inclusive
    chars: list[Char] = field(default_factory=list)


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]
    regions: dict[tuple[int, int], _Region]  # elementary cell -> the (merged) cell holding it

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def _open(data: bytes, where: str) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise DocumentError(where, "PDF 设有密码保护（已加密），请先去除密码后再导入") from exc
        raise DocumentError(where, "PDF 文件已损坏或格式不正确，无法打开") from exc


class NoTextLayer(Exception):
    """Raised by :func:`read_pdf` (with ``scan_pages``) for a PDF whose first pages hold no text: a scan."""


def _first_pages_have_text(data: bytes, pages: int, where: str) -> bool:
    """The OCR reader's own test, on a fresh opening of the file (only after a failure while reading)."""
    from .ocr import pdf_has_text

    return pdf_has_text(data, pages=pages, where=where)


def has_text_layer(pdf: bytes | Any) -> bool:
    """True when some page of the PDF (bytes or an open ``pypdfium2.PdfDocument``) holds text.

    The hook for OCR: a PDF without a text layer is a scan that only an OCR reader can read.
    """
    doc = _open(pdf, "PDF") if isinstance(pdf, bytes) else pdf
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            try:
                if textpage.get_text_range().strip():
                    return True
            finally:
                textpage.close()
                page.close()
        return False
    finally:
        if isinstance(pdf, bytes):
            doc.close()


# characters ---------------------------------------------------------------------------------------


def _chars(textpage: Any, height: float, deadline: Deadline | None) -> list[Char]:
    """Every printed character with its (loose) box; spaces PDFium made up and line ends dropped."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf)
    if got - 1 == n:
        text = bytes(buf)[: 2 * n].decode("utf-16-le", errors="surrogatepass")
    else:  # text and character list disagree: one character at a time
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
    rect = raw.FS_RECTF()
    box = raw.FPDFText_GetLooseCharBox
    generated = raw.FPDFText_IsGenerated
    out: list[Char] = []
    append = out.append
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe\uffff":
            continue
        if ch.isspace() and generated(tp, i):
            continue
        if not box(tp, i, rect):
            continue
        left, right = rect.left, rect.right
        if right - left <= 0 and not ch.isspace():
            continue
        append((left, height - rect.top, right, height - rect.bottom, ch))
        if deadline is not None and i % 20000 == 0:
            deadline.check()
    return out


_LEFT = itemgetter(0)


def _lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters into lines (vertical centres within one line's span), each left to right."""
    lines: list[list[Char]] = []
    mids = [(c[1] + c[3]) / 2 for c in chars]
    line: list[Char] = []
    top = bottom = 0.0
    for k in sorted(range(len(mids)), key=mids.__getitem__):  # stable: ties keep their order
        mid = mids[k]
        if lines and top <= mid <= bottom:
            line.append(chars[k])
        else:
            c = chars[k]
            line = [c]
            lines.append(line)
            top, bottom = c[1], c[3]
    for line in lines:
        line.sort(key=_LEFT)
    return lines


def _size(c: Char) -> float:
    return max(1.0, c[3] - c[1])


def _line_text(line: Sequence[Char], strip: bool = True) -> str:
    """A line's text; a space where the gap between two characters exceeds a quarter of their height."""
    parts: list[str] = []
    px1 = 0.0
    ph = 0.0
    pspace = True
    for x0, top, x1, bottom, ch in line:
        h = bottom - top
        space = ch.isspace()
        if not space and not pspace:
            low = ph if ph < h else h  # max(1.0, min(h, ph)) without the calls
            if x0 - px1 > 0.25 * (low if low > 1.0 else 1.0):
                parts.append(" ")
        parts.append(ch)
        px1, ph, pspace = x1, h, space
    text = "".join(parts)
    return text.strip() if strip else text


def _pieces(line: Sequence[Char]) -> list[list[Char]]:
    """A line cut where the gap is at least a character's height (two spaces or more)."""
    pieces: list[list[Char]] = []
    prev: Char | None = None
    psize = 0.0
    for c in line:
        if c[4].isspace():
            continue
        h = c[3] - c[1]
        size = h if h > 1.0 else 1.0  # _size(c)
        if prev is None or c[0] - prev[2] >= 0.9 * (psize if psize < size else size):
            pieces.append([c])
        else:
            pieces[-1].append(c)
        prev, psize = c, size
    return pieces


def _box(chars: Sequence[Char]) -> BBox:
    """The characters' common box (one pass; the same values min() and max() give)."""
    left, top, right, bottom = chars[0][:4]
    for x0, y0, x1, y1, _ in chars:
        if x0 < left:
            left = x0
        if y0 < top:
            top = y0
        if x1 > right:
            right = x1
        if y1 > bottom:
            bottom = y1
    return (left, top, right, bottom)


def _cell_text(chars: Sequence[Char]) -> str:
    if not chars:  # an empty cell (most of a form's)
        return ""
    lines = [_line_text(line, strip=False) for line in _lines(chars)]
    lines = [ln for ln in lines if ln.strip()]
    # a line broken after ASCII "," ";" ":" lost the space that followed it
    lines = [(" " + ln if k and lines[k - 1].endswith((",", ";", ":")) else ln) for k, ln in enumerate(lines)]
    return "\n".join(lines).strip()


# rulings ------------------------------------------------------------------------------------------

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: _Matrix, parent: _Matrix) -> _Matrix:
    a, b, c, d, e, f = m
    pa, pb, pc, pd, pe, pf = parent
    return (
        a * pa + b * pc,
        a * pb + b * pd,
        c * pa + d * pc,
        c * pb + d * pd,
        e * pa + f * pc + pe,
        e * pb + f * pd + pf,
    )


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _objects(container: Any, is_form: bool) -> Iterator[Any]:
    import pypdfium2.raw as raw

    count = raw.FPDFFormObj_CountObjects(container) if is_form else raw.FPDFPage_CountObjects(container)
    get = raw.FPDFFormObj_GetObject if is_form else raw.FPDFPage_GetObject
    for k in range(max(0, count)):
        obj = get(container, k)
        if obj:
            yield obj


class _Rulings:
    """Ruling pieces of one page, in top-down coordinates."""

    def __init__(self, height: float, width: float) -> None:
        self.height = height
        self.width = width
        self.h: list[_Edge] = []
        self.v: list[_Edge] = []
        self.objects = 0
        # text objects PDFium prints nothing for (a space LibreOffice writes after a cell's line):
        # given back as spaces, so "补助人数 " + "1921" keeps its space as pdfminer-based readers did
        self.spaces: list[Char] = []
        # out-parameters of PDFium's calls, made once per page (their values are read at once)
        self._bounds = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self._modes = (ctypes.c_int(0), ctypes.c_int(0))

    def collect(
        self, container: Any, is_form: bool, parent: _Matrix, depth: int, limits: ImportLimits, where: str
    ) -> None:
        import pypdfium2.raw as raw

        for obj in _objects(container, is_form):
            self.objects += 1
            if self.objects > limits.max_page_objects:
                raise DocumentError(
                    where, f"页面对象（文字、线条、图片等）超过 {limits.max_page_objects} 个，已拒绝导入"
                )
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, parent)
            elif kind == raw.FPDF_PAGEOBJ_TEXT:
                self._text(obj, parent)
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                fm = raw.FS_MATRIX()
                m = parent
                if raw.FPDFPageObj_GetMatrix(obj, fm):
                    m = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), parent)
                self.collect(obj, True, m, depth + 1, limits, where)

    def _text(self, obj: Any, parent: _Matrix) -> None:
        import pypdfium2.raw as raw

        lb, bb, rb, tb = self._bounds
        if not raw.FPDFPageObj_GetBounds(obj, lb, bb, rb, tb) or rb.value - lb.value > 0.01:
            return
        x, y = _apply(parent, lb.value, bb.value)
        self.spaces.append((x, self.height - y - 1.0, x, self.height - y + 1.0, " "))

    def _add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A drawn box (page space, y up) as a line or as its four sides."""
        left, right = min(x0, x1), max(x0, x1)
        top, bottom = self.height - max(y0, y1), self.height - min(y0, y1)
        w, h = right - left, bottom - top
        if w <= _THIN and h <= _THIN:
            return
        if h <= _THIN:
            self.h.append(_Edge((top + bottom) / 2, left, right))
        elif w <= _THIN:
            self.v.append(_Edge((left + right) / 2, top, bottom))
        else:
            self.h += [_Edge(top, left, right), _Edge(bottom, left, right)]
            self.v += [_Edge(left, top, bottom), _Edge(right, top, bottom)]

    def _path(self, obj: Any, parent: _Matrix) -> None:
        import pypdfium2.raw as raw

        fill, stroke = self._modes
        fill.value = stroke.value = 0
        if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and fill.value == 0 and not stroke.value:
            return  # neither filled nor stroked: a clipping path, nothing printed
        lb, bb, rb, tb = self._bounds
        if not raw.FPDFPageObj_GetBounds(obj, lb, bb, rb, tb):
            return
        (x0, y0), (x1, y1) = _apply(parent, lb.value, bb.value), _apply(parent, rb.value, tb.value)
        w, h = abs(x1 - x0), abs(y1 - y0)
        if w <= _THIN or h <= _THIN:
            self._add(x0, y0, x1, y1)
            return
        if w > 0.9 * self.width and h > 0.9 * self.height:
            return  # a page background or frame
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0 or n > 2000:
            return
        fm = raw.FS_MATRIX()
        m = parent
        if raw.FPDFPageObj_GetMatrix(obj, fm):
            m = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), parent)
        px, py = ctypes.c_float(), ctypes.c_float()
        start: tuple[float, float] | None = None
        current: tuple[float, float] | None = None
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            if not seg or not raw.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            point = _apply(m, px.value, py.value)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = current = point
            elif kind == raw.FPDF_SEGMENT_LINETO and current is not None:
                self._segment(current, point)
                current = point
            else:
                current = point
            if raw.FPDFPathSegment_GetClose(seg) and start is not None and current is not None:
                self._segment(current, start)
                current = start

    def _segment(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        if abs(p[0] - q[0]) <= 0.5 or abs(p[1] - q[1]) <= 0.5:
            self._add(p[0], p[1], q[0], q[1])


def _merge(edges: list[_Edge]) -> list[_Edge]:
    """Rulings at (nearly) one position joined where their pieces touch."""
    out: list[_Edge] = []
    edges = sorted(edges, key=lambda e: e.pos)
    group: list[_Edge] = []

    def flush() -> None:
        if not group:
            return
        pos = sum(e.pos for e in group) / len(group)
        run: _Edge | None = None
        for e in sorted(group, key=lambda e: e.a):
            if run is not None and e.a <= run.b + _JOIN:
                run.b = max(run.b, e.b)
            else:
                run = _Edge(pos, e.a, e.b)
                out.append(run)

    for e in edges:
        if group and e.pos - group[0].pos > _SNAP:
            flush()
            group = []
        group.append(e)
    flush()
    return out


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _grids(hs: list[_Edge], vs: list[_Edge]) -> list[_Grid]:
    """The tables the rulings draw: connected groups of crossing rulings, as grids of regions."""
    nh = len(hs)
    parent = list(range(nh + len(vs)))
    tol = _JOIN
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - tol <= v.pos <= h.b + tol and v.a - tol <= h.pos <= v.b + tol:
                ri, rj = _find(parent, i), _find(parent, nh + j)
                if ri != rj:
                    parent[ri] = rj
    groups: dict[int, tuple[list[_Edge], list[_Edge]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(_find(parent, nh + j), ([], []))[1].append(v)
    grids = []
    for gh, gv in groups.values():
        if len(gh) >= 2 and len(gv) >= 2:
            grid = _grid(gh, gv)
            if grid is not None:
                grids.append(grid)
    return grids


def _positions(edges: list[_Edge]) -> list[float]:
    out: list[float] = []
    for p in sorted(e.pos for e in edges):
        if not out or p - out[-1] > _SNAP:
            out.append(p)
    return out


def _nearest(sorted_positions: list[float], pos: float) -> int:
    """The index of the position nearest ``pos`` (the first of two as near), by bisection."""
    k = bisect.bisect_left(sorted_positions, pos)
    if k == 0:
        return 0
    if k == len(sorted_positions):
        return bisect.bisect_left(sorted_positions, sorted_positions[-1])
    before, after = sorted_positions[k - 1], sorted_positions[k]
    nearest = before if abs(before - pos) <= abs(after - pos) else after
    return bisect.bisect_left(sorted_positions, nearest)


def _grid(hs: list[_Edge], vs: list[_Edge]) -> _Grid | None:
    ys, xs = _positions(hs), _positions(vs)
    if len(ys) < 2 or len(xs) < 2:
        return None
    at_y: dict[int, list[_Edge]] = {}
    for h in hs:
        at_y.setdefault(_nearest(ys, h.pos), []).append(h)
    at_x: dict[int, list[_Edge]] = {}
    for v in vs:
        at_x.setdefault(_nearest(xs, v.pos), []).append(v)

    def ruled(at: dict[int, list[_Edge]], k: int, bounds: list[float]) -> list[bool]:
        """For each span between neighbouring ``bounds``: is it ruled at grid line ``k``?"""
        edges = [(e.a, e.b) for e in at.get(k, ())]
        out = []
        for n in range(len(bounds) - 1):
            a, b = bounds[n] + _JOIN, bounds[n + 1] - _JOIN
            for ea, eb in edges:
                if ea <= a and eb >= b:
                    out.append(True)
                    break
            else:
                out.append(False)
        return out

    rows, cols = len(ys) - 1, len(xs) - 1
    # v_ruled[j][i]: the vertical grid line j rules row i; h_ruled[i][j]: the horizontal line i rules column j
    v_ruled = [ruled(at_x, j, ys) for j in range(cols + 1)]
    h_ruled = [ruled(at_y, i, xs) for i in range(rows + 1)]
    parent = list(range(rows * cols))
    outside: set[int] = set()
    for i in range(rows):
        below = h_ruled[i + 1]
        for j in range(cols):
            k = i * cols + j
            if j + 1 < cols and not v_ruled[j + 1][i]:
                a, b = _find(parent, k), _find(parent, k + 1)
                parent[a] = b
            if i + 1 < rows and not below[j]:
                a, b = _find(parent, k), _find(parent, k + cols)
                parent[a] = b
    for i in range(rows):
        for j in range(cols):
            k = i * cols + j
            if (
                (j == 0 and not v_ruled[0][i])
                or (j == cols - 1 and not v_ruled[cols][i])
                or (i == 0 and not h_ruled[0][j])
                or (i == rows - 1 and not h_ruled[rows][j])
            ):
                outside.add(_find(parent, k))
    by_root: dict[int, _Region] = {}
    regions: dict[tuple[int, int], _Region] = {}
    for i in range(rows):
        for j in range(cols):
            root = _find(parent, i * cols + j)
            if root in outside:
                continue
            region = by_root.get(root)
            if region is None:
                region = by_root[root] = _Region(i, j, i, j)
            else:
                region.i0, region.j0 = min(region.i0, i), min(region.j0, j)
                region.i1, region.j1 = max(region.i1, i), max(region.j1, j)
            regions[(i, j)] = region
    if len(by_root) < 2:
        return None  # a single box (a frame around text) is not a table
    return _Grid(xs, ys, regions)


# tables -------------------------------------------------------------------------------------------


def _assign(grids: list[_Grid], chars: list[Char]) -> list[Char]:
    """Put each character into the grid cell its centre falls in; return the characters left over."""
    if not grids:
        return chars
    rest: list[Char] = []
    keep = rest.append
    right = bisect.bisect_right
    plans = [(*g.bbox, g.xs, g.ys, len(g.xs) - 2, len(g.ys) - 2, g.regions) for g in grids]
    for c in chars:
        cx, cy = (c[0] + c[2]) / 2, (c[1] + c[3]) / 2
        for x0, y0, x1, y1, xs, ys, jmax, imax, regions in plans:
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                # the row and column, clamped to the grid: min(max(i, 0), imax) without the calls
                i = right(ys, cy) - 1
                i = imax if i > imax else 0 if i < 0 else i
                j = right(xs, cx) - 1
                j = jmax if j > jmax else 0 if j < 0 else j
                region = regions.get((i, j))
                if region is not None:
                    region.chars.append(c)
                    break
        else:
            keep(c)
    return rest


def page_items(h: list[_Edge], v: list[_Edge], chars: list[Char], page_no: int) -> list[tuple[float, Block]]:
    """A page's blocks with their top, in reading order: the grids its ruling lines draw (none when
    there are too many lines to be a table's), the characters inside them as their cells, the rest as
    text tables and lines (the PDF text layer and the OCR of a scan share this)."""
    hs, vs = _merge(h), _merge(v)
    grids = _grids(hs, vs) if len(hs) + len(vs) <= _MAX_EDGES else []
    rest = _assign(grids, chars)
    items: list[tuple[float, Block]] = []
    for g in sorted(grids, key=lambda g: (g.ys[0], g.xs[0])):
        items.append((g.ys[0], _grid_table(g, page_no, "")))
    items.extend(_text_tables(_lines(rest), page_no))
    items.sort(key=lambda x: x[0])
    return items


def _grid_table(g: _Grid, page_no: int, name: str) -> Table:
    table = Table(loc=Loc(page=page_no, table=name))
    anchors: dict[int, Cell] = {}
    for i in range(len(g.ys) - 1):
        row: list[Cell] = []
        for j in range(len(g.xs) - 1):
            region = g.regions.get((i, j))
            if region is not None and region.j0 != j:
                continue  # covered by a cell merged from the left
            loc = Loc(page=page_no, table=name, row=i + 1, column=str(j + 1))
            if region is None:
                row.append(Cell("", loc))
                continue
            if region.i0 == i:
                cell = Cell(
                    _cell_text(region.chars),
                    loc,
                    row_span=region.i1 - region.i0 + 1,
                    col_span=region.j1 - region.j0 + 1,
                    bbox=(g.xs[region.j0], g.ys[region.i0], g.xs[region.j1 + 1], g.ys[region.i1 + 1]),
                )
                anchors[id(region)] = cell
                row.append(cell)
            else:
                anchor = anchors[id(region)]
                row.append(Cell("", loc, col_span=anchor.col_span, anchor=anchor))
        table.rows.append(row)
    return table


def _text_tables(lines: list[list[Char]], page_no: int) -> list[tuple[float, Block]]:
    """Lines outside ruled tables: paragraphs, and runs of column-aligned lines as tables."""
    items: list[tuple[float, Block]] = []
    pieces = [_pieces(line) for line in lines]
    k = 0
    while k < len(lines):
        # a run of lines of two or more pieces, each close below the one before
        end = k
        while (
            end < len(lines)
            and len(pieces[end]) >= 2
            and (end == k or lines[end][0][1] - lines[end - 1][0][3] < 2.5 * _size(lines[end][0]))
        ):
            end += 1
        columns = None
        if end - k >= 3:
            columns = aligned_columns([[(p[0][0], p[-1][2]) for p in pieces[m]] for m in range(k, end)])
        if columns is None:
            line = lines[k]
            text = _line_text(line)
            if text:
                items.append((_box(line)[1], Paragraph(text, Loc(page=page_no), bbox=_box(line))))
            k += 1
            continue
        table = Table(loc=Loc(page=page_no))
        starts = [s for s, _ in columns]
        for m in range(k, end):
            row: list[Cell] = [
                Cell("", Loc(page=page_no, row=m - k + 1, column=str(c + 1))) for c in range(len(columns))
            ]
            for p in pieces[m]:
                c = bisect.bisect_right(starts, p[0][0]) - 1
                row[c] = Cell(
                    _line_text(p), Loc(page=page_no, row=m - k + 1, column=str(c + 1)), bbox=_box(p)
                )
            table.rows.append(row)
        items.append((_box(lines[k])[1], table))
        k = end
    return items


# reading ------------------------------------------------------------------------------------------


def read_pdf(
    data: bytes,
    doc_id: str,
    *,
    deadline: Deadline | None = None,
    max_pages: int | None = None,
    limits: ImportLimits | None = None,
    scan_pages: int | None = None,
    open_where: str | None = None,
) -> Document:
    """The PDF's blocks (see the module docstring).

    With ``scan_pages``, a PDF none of whose first ``scan_pages`` pages holds text (by the test of
    :func:`jixiao.importers.ocr.pdf_has_text`, made here on the pages as they are read instead of
    opening the file a second time) raises :class:`NoTextLayer`: a scan, for the OCR reader.
    ``open_where`` names the file in the message when it cannot be opened (default "<doc_id>.pdf").
    """
    import pypdfium2.raw as raw

    limits = limits or ImportLimits()
    if max_pages is not None:
        limits = replace(limits, max_pages=max_pages)
    where = f"{doc_id}.pdf"
    pdf = _open(data, open_where or where)
    blocks: list[Block] = []
    any_text = False
    table_no = 0
    text_seen = not scan_pages
    try:
        try:
            n_pages = len(pdf)
            if n_pages > limits.max_pages:
                raise DocumentError(where, f"PDF 共 {n_pages} 页，超过上限 {limits.max_pages} 页，已拒绝导入")
            for page_no in range(1, n_pages + 1):
                if deadline is not None:
                    deadline.check()
                page = pdf[page_no - 1]
                page_where = f"{where} 第 {page_no} 页"
                try:
                    n_objects = raw.FPDFPage_CountObjects(page.raw)
                    if n_objects > limits.max_page_objects:
                        raise DocumentError(
                            page_where,
                            f"页面对象（文字、线条、图片等）共 {n_objects} 个，超过上限 {limits.max_page_objects} 个，已拒绝导入",
                        )
                    width, height = page.get_width(), page.get_height()
                    textpage = page.get_textpage()
                    try:
                        if not text_seen and page_no <= (scan_pages or 0):
                            text_seen = textpage.count_chars() > 0 and bool(textpage.get_text_range().strip())
                            if not text_seen and page_no == min(n_pages, scan_pages or 0):
                                raise NoTextLayer
                        n_chars = raw.FPDFText_CountChars(textpage.raw)
                        if n_chars > limits.max_page_chars:
                            raise DocumentError(
                                page_where,
                                f"共 {n_chars} 个字符，超过上限 {limits.max_page_chars} 个，已拒绝导入",
                            )
                        chars = _chars(textpage, height, deadline)
                    finally:
                        textpage.close()
                    rulings = _Rulings(height, width)
                    rulings.collect(page.raw, False, _IDENTITY, 0, limits, page_where)
                finally:
                    page.close()
                if any(not c[4].isspace() for c in chars):
                    any_text = True
                chars.extend(rulings.spaces)
                page_blocks = [b for _, b in page_items(rulings.h, rulings.v, chars, page_no)]
                # a table continued from the previous page: join it (page numbers may stand between)
                first_real = next((b for b in page_blocks if not _page_number(b)), None)
                last_real = next((b for b in reversed(blocks) if not _page_number(b)), None)
                joined: Table | None = None
                if (
                    isinstance(first_real, Table)
                    and first_real.loc.table == ""
                    and isinstance(last_real, Table)
                    and last_real.loc.table
                    and last_real.loc.page is not None
                    and last_real.rows
                    and last_real.rows[-1][0].loc.page == page_no - 1
                    and _width(first_real) == _width(last_real)
                ):
                    joined = last_real
                for block in page_blocks:
                    if isinstance(block, Table) and block.loc.table == "":
                        if block is first_real and joined is not None:
                            _rename(block, joined.loc.table or "", len(joined.rows))
                            joined.rows.extend(block.rows)
                            continue
                        table_no += 1
                        _rename(block, f"表{table_no}", 0)
                    elif isinstance(block, Table):
                        table_no += 1
                        _rename(block, f"表{table_no}", 0)
                    blocks.append(block)
                if len(blocks) > limits.max_cells:
                    raise DocumentError(where, f"内容块超过 {limits.max_cells} 个，已拒绝导入")
        except NoTextLayer:
            raise
        except Exception:  # a refusal or failure before text was seen: a scan goes to OCR as before
            if not text_seen and not _first_pages_have_text(data, scan_pages or 0, open_where or where):
                raise NoTextLayer from None
            raise
    finally:
        pdf.close()
    if not any_text:
        if not text_seen:  # no page at all
            raise NoTextLayer
        raise DocumentError(
            where,
            "PDF 没有文字层（可能是扫描件或图片），无法读取；请提供可复制文字的 PDF 或先做文字识别（OCR）",
        )
    return Document(id=doc_id, kind="pdf", blocks=blocks)


_PAGE_NUMBER = re.compile(r"^[\s第—–-]*\d+\s*(?:页|/\s*\d+)?[\s—–-]*$")


def _page_number(block: Block) -> bool:
    """A paragraph that is only a page number ("3", "- 3 -", "第 3 页", "3/15")."""
    return isinstance(block, Paragraph) and _PAGE_NUMBER.match(block.text.strip()) is not None


def _width(table: Table) -> int:
    return max((sum(max(1, c.col_span) for c in row) for row in table.rows), default=0)


def _rename(table: Table, name: str, row_offset: int) -> None:
    """Give a page's table its name 表N, and its rows their numbers after ``row_offset``."""
    table.loc = Loc(page=table.loc.page, table=name)
    for r, row in enumerate(table.rows, start=row_offset + 1):
        for cell in row:
            cell.loc = Loc(page=cell.loc.page, table=name, row=r, column=cell.loc.column)


def extract_text_only(data: bytes) -> str:
    """PDFium's plain text of every page — the floor the benchmark compares against."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(out)
    finally:
        pdf.close()
