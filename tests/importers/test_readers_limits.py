"""Bounded reading: hostile grids are refused before the work, with a Chinese error naming what
exceeded which limit, and reading them costs little memory (tracemalloc figures, not time)."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest

from jixiao.importers import DocumentError, ImportLimits, import_bytes
from jixiao.importers.blocks import Table
from jixiao.importers.docx_reader import read_docx
from jixiao.importers.html_reader import read_html
from jixiao.importers.xlsx_reader import read_xlsx


def _small_xlsx(rows: int = 2) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    for r in range(rows):
        ws.append(["项目", r])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _edit_sheet(data: bytes, edit: Callable[[str], str]) -> bytes:
    """The same .xlsx with xl/worksheets/sheet1.xml rewritten by ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _merges(*refs: str) -> Callable[[str], str]:
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    return lambda xml: xml.replace(
        "</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>'
    )


def _peak(call: Callable[[], object]) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        call()
        error: BaseException | None = None
    except DocumentError as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak


def test_one_merged_range_over_200000_rows_is_refused_cheaply() -> None:
    # issue 10: a 4.9 KB workbook declaring A1:J200000 merged cost 35 s and 960 MB per worker
    data = _edit_sheet(_small_xlsx(), _merges("A1:J200000"))
    assert len(data) < 10_000
    error, peak = _peak(lambda: import_bytes(data, "hostile.xlsx"))
    assert isinstance(error, DocumentError)
    assert error.where == "hostile.xlsx"
    assert "A1:J200000" in error.what and "200000 行" in error.what and "100000 行" in error.what
    print(f"\nA1:J200000: refused, tracemalloc peak {peak / 1048576:.1f} MB")
    assert peak < 30 * 1024 * 1024  # the 2 000 000 covered cells are never made


def test_merged_cells_covering_too_much_in_total() -> None:
    data = _edit_sheet(_small_xlsx(), _merges("A1:J60000", "K1:T60000"))  # 600 000 + 600 000 cells
    error, peak = _peak(lambda: import_bytes(data, "hostile.xlsx"))
    assert isinstance(error, DocumentError)
    assert "1000000" in error.what and "K1:T60000" in error.what
    assert peak < 30 * 1024 * 1024


def test_too_many_merged_ranges() -> None:
    data = _edit_sheet(_small_xlsx(), _merges(*[f"C{r}:D{r}" for r in range(1, 13)]))
    with pytest.raises(DocumentError) as info:
        read_xlsx(data, "x", limits=ImportLimits(max_merged_ranges=10))
    assert "超过 10 个" in info.value.what


def test_declared_dimension_beyond_the_limits() -> None:
    data = _edit_sheet(
        _small_xlsx(),
        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml),
    )
    error, peak = _peak(lambda: import_bytes(data, "wide.xlsx"))
    assert isinstance(error, DocumentError)
    assert "1048576 行" in error.what and "Sheet1" in error.what
    assert peak < 30 * 1024 * 1024


def test_a_far_row_without_a_declared_dimension() -> None:
    def far(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', "", xml)
        return xml.replace(
            "</sheetData>",
            '<row r="150000"><c r="A150000" t="inlineStr"><is><t>远</t></is></c></row></sheetData>',
        )

    with pytest.raises(DocumentError) as info:
        read_xlsx(_edit_sheet(_small_xlsx(), far), "x")
    assert "第 150000 行" in info.value.what


def test_cells_are_counted() -> None:
    data = _small_xlsx(rows=10)  # 20 cells
    with pytest.raises(DocumentError) as info:
        read_xlsx(data, "x", limits=ImportLimits(max_cells=15))
    assert "单元格超过 15 个" in info.value.what
    assert read_xlsx(data, "x", limits=ImportLimits(max_cells=20)).blocks


def test_html_spans_are_capped_and_cells_counted() -> None:
    page = '<table><tr><td colspan="100000" rowspan="100000">宽</td></tr><tr></tr></table>'
    table = next(b for b in read_html(page, "x").blocks if isinstance(b, Table))
    first = table.rows[0][0]
    assert first.col_span == 1000  # capped at max_columns
    assert first.row_span == 2  # only the rows that exist
    assert [len(row) for row in table.grid()] == [1000, 1000]
    wider = '<table><tr><td colspan="1000">宽</td><td>右</td></tr></table>'
    with pytest.raises(DocumentError) as info:
        read_html(wider, "x")
    assert "超过 1000 列" in info.value.what
    many = "<table>" + "<tr><td>1</td><td>2</td></tr>" * 20 + "</table>"
    with pytest.raises(DocumentError) as info:
        read_html(many, "x", limits=ImportLimits(max_cells=30))
    assert "单元格超过 30 个" in info.value.what


def test_docx_rows_are_counted() -> None:
    import docx

    d = docx.Document()
    d.add_table(rows=12, cols=2)
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(DocumentError) as info:
        read_docx(buf.getvalue(), "x", limits=ImportLimits(max_rows=10))
    assert "12 行" in info.value.what and "上限 10 行" in info.value.what
