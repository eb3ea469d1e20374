"""Documents that read like official papers (issue 12, item 5).

Chinese line breaking in every PDF of the four seeds, headings kept with their text, table cells
that hold their figures and short headers, the signature and seal block, nothing printed as a
placeholder, Excel formats as the paper prints, Chinese download names.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextLine

from jixiao.model import EvaluationPackage
from jixiao.renderers import download_name, render_bytes, unfilled
from jixiao.renderers.layout import Doc, Heading, Paragraph
from jixiao.renderers.linebreak import break_points
from jixiao.renderers.pdf import pdf_bytes

from .conftest import seed, seed_paths

CLOSING = "，。；：、）》”！？"
OPENING = "（《“"


def pdf_lines(data: bytes) -> list[list[str]]:
    """The text lines of each page as drawn (cells of a table stay apart: small character margin)."""
    pages: list[list[str]] = []
    for page in extract_pages(BytesIO(data), laparams=LAParams(char_margin=0.3, line_margin=0.2)):
        found: list[tuple[float, float, str]] = []
        stack: list[object] = [page]
        while stack:
            el = stack.pop()
            if isinstance(el, LTTextLine):
                text = el.get_text().strip()
                if text:
                    found.append((-el.y1, el.x0, text))
            elif hasattr(el, "__iter__"):
                stack.extend(list(el))  # type: ignore[call-overload]
        pages.append([t for _, _, t in sorted(found)])
    return pages


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_no_line_of_any_rendered_pdf_breaks_the_chinese_rules(path: object) -> None:
    package = seed(path.name[:3])  # type: ignore[attr-defined]
    for name, data in render_bytes(package, what="all", fmt="pdf"):
        lines = [line for page in pdf_lines(data) for line in page]
        assert len(lines) > 100, name
        starts = [line for line in lines if line[0] in CLOSING]
        ends = [line for line in lines if line[-1] in OPENING]
        assert not starts, (name, starts[:5])
        assert not ends, (name, ends[:5])


def test_break_points_move_the_break_back_never_forward() -> None:
    one = [1.0] * 8
    # 甲乙丙 fill the line; "，" may not start the next: 丙 goes down with it
    assert break_points(list("甲乙丙，丁"), one, [3.0]) == [2, 5]
    # "（" may not end a line: it goes down with what it opens
    assert break_points(list("甲乙（丙"), one, [3.0]) == [2, 4]
    # a figure stays whole: 总计 / 99.97%
    assert break_points(list("总计99.97%"), one, [6.0]) == [2, 8]
    # a run longer than the line breaks where the width ends (the text always advances)
    assert break_points(list("12345678"), one, [3.0]) == [3, 6, 8]
    # "\n" breaks the line there
    assert break_points(list("甲\n乙"), one, [3.0]) == [1, 3]


def test_a_heading_is_never_the_last_line_of_a_page() -> None:
    # body lines of varying count before 二、… put the heading at every height of the page, the foot
    # included; it must always move to the next page with its text
    for n in range(30, 42):
        doc = Doc(title="测试")
        doc.blocks += [Paragraph(f"第{k}段正文，用于把标题推到页面的不同位置。") for k in range(n)]
        doc.blocks.append(Heading("二、部门整体支出管理及使用情况分析", 1))
        doc.blocks += [Paragraph("标题之后的正文。" * 6) for _ in range(3)]
        for page in pdf_lines(pdf_bytes(doc))[:-1]:
            assert "二、部门整体支出管理及使用情况分析" not in page[-2:], n


def test_form_cells_hold_their_figures_and_short_headers_and_the_signature_block(
    p001: EvaluationPackage,
) -> None:
    ((_, data),) = render_bytes(p001, what="forms", fmt="pdf")
    lines = [line for page in pdf_lines(data) for line in page]
    # seed 001 line 158: 执行率 99.97% — one line in its cell, not "99.97" over "%"
    assert "99.97%" in lines and "%" not in lines
    assert "执行率" in lines and "分值" in lines
    # 填表人 刘巧玲, 联系电话 8829998, 填报日期 2024-04-30, 单位负责人 刘晶晶 (seed 001 lines 409-414)
    for text in (
        "填表人：刘巧玲",
        "联系电话：8829998",
        "填报日期：2024年4月30日",
        "单位负责人（签章）：刘晶晶",
    ):
        assert text in lines
    assert "单位（盖章）：" in lines


def test_docx_headings_keep_with_next(p001: EvaluationPackage) -> None:
    ((_, data),) = render_bytes(p001, what="report", fmt="docx")
    document = docx.Document(BytesIO(data))
    heading = next(p for p in document.paragraphs if p.text == "一、部门概况")
    assert heading.paragraph_format.keep_with_next is True


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_nothing_is_printed_as_a_placeholder(prefix: str) -> None:
    package = seed(prefix)
    for fmt in ("docx", "html"):
        for name, data in render_bytes(package, what="all", fmt=fmt):
            if fmt == "docx":
                d = docx.Document(BytesIO(data))
                text = "\n".join(p.text for p in d.paragraphs)
                text += "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
            else:
                text = data.decode("utf-8")
            assert "未填写）" not in text, name


def test_unfilled_lists_what_seed_001_leaves_empty(p001: EvaluationPackage) -> None:
    # seed 001: 实际发放人数 scored 6 of 10 with no 偏差原因 (line 255); neither form prints a 评价等次;
    # the report has no 其他需要说明的问题 section
    assert unfilled(p001) == [
        "部门整体支出绩效自评表 · 产出指标 · 实际发放人数 · 偏差原因分析及改进措施",
        "部门整体支出绩效自评表 · 评价等次",
        "项目支出绩效自评表（稽核管理工作经费） · 评价等次",
        "绩效评价报告 · 七、其他需要说明的问题",
    ]
    doc_text = render_bytes(p001, what="report", fmt="html")[0][1].decode("utf-8")
    assert "本部分未填报。" in doc_text


def test_xlsx_formats_show_what_the_paper_shows(p001: EvaluationPackage) -> None:
    ((_, data),) = render_bytes(p001, what="forms", fmt="xlsx")
    wb = openpyxl.load_workbook(BytesIO(data))
    formats = {c.number_format for ws in wb for row in ws.iter_rows() for c in row}
    assert not any("#" in f for f in formats), formats  # no "0.##" (10 printed as "10.")
    ws = wb["整体支出自评表"]
    cells = {(c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None}
    assert (Decimal("10") in {v for v, _ in cells}) or (10 in {v for v, _ in cells})
    # 分值 10 → "0"; 年初预算数 354.83 → "0.00"; 执行率 99.97 (a percentage number) → 0.00"%"
    assert (10, "0") in cells
    assert (354.83, "0.00") in cells
    assert (99.97, '0.00"%"') in cells


def test_download_names_are_chinese(p001: EvaluationPackage, p004: EvaluationPackage) -> None:
    assert download_name(p001, "forms", "xlsx") == "2024年度桃江县社会保险服务中心整体支出绩效自评表.xlsx"
    assert (
        download_name(p001, "report", "pdf") == "2024年度桃江县社会保险服务中心部门整体支出绩效评价报告.pdf"
    )
    assert download_name(p004, "final-accounts", "docx") == (
        "2022年度株洲市石峰区社会保险服务中心部门决算公开表.docx"
    )
    names = [name for name, _ in render_bytes(p001, what="all", fmt="pdf")]
    assert names == [
        "2024年度桃江县社会保险服务中心整体支出绩效自评表.pdf",
        "2024年度桃江县社会保险服务中心部门整体支出绩效评价报告.pdf",
    ]


def test_no_space_inside_a_word(p004: EvaluationPackage) -> None:
    # seed 004 line 582 prints "社会保障水 平" (a wrapped cell flattened by the website); the package keeps
    # it as read, the documents print 社会保障水平
    assert p004.overall is not None and p004.overall.indicators[3].name == "社会保障水 平"
    (pdf,) = [data for name, data in render_bytes(p004, what="forms", fmt="pdf")]
    lines = [line for page in pdf_lines(pdf) for line in page]
    assert "社会保障水平" in lines and "社会保障水 平" not in lines
