"""The report and the disclosure as PDF (text extracted back), .docx and HTML."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import docx
import pdfplumber
import pytest

from jixiao.model import EvaluationPackage
from jixiao.renderers import RenderError, fonts, render_bytes, render_package, render_report_html
from jixiao.renderers.final_accounts import final_accounts_sentences
from jixiao.renderers.report import MISSING, build_report, choose_layout


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"\s+", "", text)


def test_pdf_report_text_has_the_generated_sentences(tmp_path: Path, p001: EvaluationPackage) -> None:
    (path,) = render_package(p001, what="report", fmt="pdf", out_dir=tmp_path)
    text = _pdf_text(path.read_bytes())
    # execution: 444.24 / 444.37 = 99.97%
    assert "全年预算数444.37万元，执行数444.24万元，执行率99.97%" in text
    # 三公: 2.76 / 4 = 69%; 6.87 -> 2.76 is -4.11, 4.11 / 6.87 = 59.83%
    assert (
        "“三公经费”支出预算为4.00万元，支出决算为2.76万元，完成预算的69.00%，比上年减少4.11万元，下降59.83%"
        in text
    )
    # staffing 27 / 32 = 84.38%; the county layout (seed 001's report has 部门概况)
    assert "财政供养人员控制率84.38%" in text
    assert "一、部门概况" in text and "二、部门整体支出管理及使用情况分析" in text
    # the font is embedded (a subset of 文泉驿正黑)
    assert b"FontFile2" in path.read_bytes()


def test_prefecture_layout_has_ten_sections_and_says_what_is_missing(p000: EvaluationPackage) -> None:
    assert choose_layout(p000) == "prefecture"
    doc = build_report(p000)
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 1]  # type: ignore[union-attr]
    assert headings[:10] == [
        "一、基本情况",
        "二、一般公共预算支出情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、部门整体支出绩效情况",
        "六、综合评价情况及评价结论",
        "七、主要经验做法、存在的问题及原因分析",
        "八、有关建议",
        "九、绩效自评结果拟应用和公开情况",
        "十、其他需要说明的问题",
    ]
    text = doc.text()
    # narrative comes from the unit's report (seed 000 section 八)
    assert "加强效益绩效目标管理工作" in text
    # 政府性基金 0 in the income block -> generated sentence, not invented text
    assert "2024年度本单位无政府性基金预算收入。" in text


def test_empty_narrative_is_marked_in_place(p001: EvaluationPackage) -> None:
    # seed 001's report has no 其他需要说明的问题 section
    doc = build_report(p001, "county")
    blocks = doc.blocks
    k = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "七、其他需要说明的问题")
    assert getattr(blocks[k + 1], "text", "") == MISSING


def test_docx_report(p001: EvaluationPackage) -> None:
    ((name, data),) = render_bytes(p001, what="report", fmt="docx")
    assert name.endswith("绩效评价报告.docx")
    document = docx.Document(BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全年预算数444.37万元，执行数444.24万元，执行率99.97%" in text
    assert len(document.tables) >= 3  # funds, 三公, projects, indicators
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_html_page_is_self_contained_and_accessible(p004: EvaluationPackage) -> None:
    page = render_report_html(p004)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<main" in page and "<caption>" in page and 'scope="col"' in page
    assert not re.search(r"(src|href)=|@import|url\(", page), "no external assets"
    assert page.count("<h1>") == 1


def test_final_accounts_sentences_of_004(p004: EvaluationPackage) -> None:
    notes = dict(final_accounts_sentences(p004))
    # 公开03表 合计 251.21 = 基本 214.33 + 项目 36.88; 214.33 / 251.21 = 85.319% -> 85.32%; 36.88 / 251.21 = 14.681% -> 14.68%
    assert (
        notes["支出决算情况说明"]
        == "2022年度支出合计251.21万元，其中：基本支出214.33万元，占85.32%；项目支出36.88万元，占14.68%。"
    )
    # 公开06表: 301 192.43 + 303 1.08 = 193.51 人员经费; basic = 192.43 + 1.08 + 14.58 = 208.09;
    # 193.51 / 208.09 = 92.993% -> 92.99%; 公用 14.58 / 208.09 = 7.007% -> 7.01%
    assert notes["一般公共预算财政拨款基本支出决算情况说明"] == (
        "2022年度财政拨款基本支出208.09万元，其中：人员经费193.51万元，占基本支出的92.99%；"
        "公用经费14.58万元，占基本支出的7.01%。"
    )


def test_final_accounts_pdf_and_xlsx(tmp_path: Path, p004: EvaluationPackage) -> None:
    (pdf,) = render_package(p004, what="final-accounts", fmt="pdf", out_dir=tmp_path)
    text = _pdf_text(pdf.read_bytes())
    for k in range(1, 10):
        assert f"公开0{k}表" in text
    assert "人员经费193.51万元，占基本支出的92.99%" in text
    (xlsx,) = render_package(p004, what="final-accounts", fmt="xlsx", out_dir=tmp_path)
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[:9] == [f"公开0{k}表" for k in range(1, 10)] and "情况说明" in wb.sheetnames


def test_errors_are_chinese(tmp_path: Path, p001: EvaluationPackage, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RenderError, match=r"不提供 \.xlsx"):
        render_package(p001, what="report", fmt="xlsx", out_dir=tmp_path)
    with pytest.raises(RenderError, match="没有部门决算"):
        render_package(p001, what="final-accounts", fmt="pdf", out_dir=tmp_path)
    monkeypatch.setattr(fonts, "CANDIDATES", ("/nonexistent/font.ttc",))
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.delenv("JIXIAO_CJK_FONT", raising=False)
    with pytest.raises(RenderError, match="找不到中文字体"):
        render_package(p001, what="report", fmt="pdf", out_dir=tmp_path / "x")
    assert not (tmp_path / "x").exists(), "nothing written when rendering fails"


def test_all_in_pdf_for_every_seed(
    tmp_path: Path, p000: EvaluationPackage, p003: EvaluationPackage, p004: EvaluationPackage
) -> None:
    for package, expected in ((p000, 2), (p003, 2), (p004, 3)):
        paths = render_package(package, what="all", fmt="pdf", out_dir=tmp_path / str(package.year))
        assert len(paths) == expected
        for p in paths:
            assert p.read_bytes().startswith(b"%PDF")
