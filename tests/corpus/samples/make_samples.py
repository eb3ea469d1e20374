"""Make realistic .docx / .xlsx / .pdf / .html sample documents from the hand-made seed packages.

Each seed package (tests/corpus/seeds/<seed>.yaml) is laid out the way published papers print
their forms — the Hunan 基本概况 / 收支情况 blocks, 三公经费 tables, the 基础数据表, 自评表 with
funds block and three-level indicators (一级指标 cells merged down their rows), 评分表 and
考核评分表, the nine 决算 tables (公开07 with header cells merged across), the narrative reports and
the 评价人员 table — and written as:

* ``<seed>.docx`` with python-docx (vertically merged 一级指标 / 资金情况 cells, horizontally merged
  headers, header rows repeated on every page);
* ``<seed>.xlsx`` with openpyxl (merged header cells, titles merged across the sheet);
* ``<seed>.html`` (rowspan / colspan);
* ``<seed>.pdf`` converted from the .docx by LibreOffice (``soffice --headless --convert-to pdf``),
  landscape A4 with long tables running over page breaks.

Run: ``.venv/bin/python tests/corpus/samples/make_samples.py`` (writes next to this file).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

from jixiao.model import LEVEL1_LABELS, EvaluationPackage, SelfEvaluation, load_package

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
SEED_IDS = ["000_805ae84eb2841fa9", "001_a74d644552a354b1", "003_7518ab3a3420526e", "004_da89c46e97eef31b"]


@dataclass
class TableSpec:
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (inclusive)
    header_rows: int = 1


Layout = list[str | TableSpec]


def n(value: Decimal | int | None, percent: bool = False) -> str:
    if value is None:
        return ""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text + ("%" if percent else "")


def layout(p: EvaluationPackage) -> Layout:
    out: Layout = []
    unit = p.unit
    out.append(f"{unit.name}{p.year}年度部门整体支出绩效评价材料")
    if p.cover is not None:
        c = p.cover
        for label, value in (
            ("部门(单位)名称：", c.unit_name),
            ("预 算 编 码：", c.budget_code),
            ("评价方式：", c.method),
            ("评价机构：", c.evaluator),
            ("报告日期：", c.report_date),
        ):
            if value:
                out.append(f"{label}{value}")
    # 基本概况
    facts: list[list[str]] = [["一、部门（单位）基本概况", "", "", ""]]
    if unit.contacts:
        facts.append(["联系人", unit.contacts[0].name, "联系电话", unit.contacts[0].phone or ""])
    if unit.authorized_staff is not None or unit.actual_staff is not None:
        facts.append(["人员编制", n(unit.authorized_staff), "实有人数", n(unit.actual_staff)])
    for label, value in (
        ("职能职责概述", unit.duties),
        ("年度主要工作内容", unit.annual_work),
        ("年度总体运行情况及取得的成绩", unit.achievements),
    ):
        if value:
            facts.append([label, value, "", ""])
    out.append(
        TableSpec(
            facts,
            merges=[(0, 0, 0, 3)]
            + [(r, 1, r, 3) for r, row in enumerate(facts) if r and row[2] == "" and row[3] == ""],
        )
    )
    # 收支情况 blocks
    if p.income is not None:
        i = p.income
        out.append(
            TableSpec(
                [
                    ["年度收入情况（万元）", "", "", "", "", "", ""],
                    [
                        "机构名称",
                        "收入合计",
                        "上年结转",
                        "公共财政拨款",
                        "政府基金拨款",
                        "纳入专户管理的非税收入拨款",
                        "其他收入",
                    ],
                    [
                        "本单位",
                        *(
                            n(getattr(i, f))
                            for f in (
                                "total",
                                "carried_over",
                                "general_public",
                                "government_fund",
                                "special_account_non_tax",
                                "other",
                            )
                        ),
                    ],
                ],
                merges=[(0, 0, 0, 6)],
                header_rows=2,
            )
        )
    if p.expenditure is not None:
        e = p.expenditure
        out.append(
            TableSpec(
                [
                    ["部门（单位）年度支出和结余情况（万元）", "", "", "", "", "", "", ""],
                    [
                        "机构名称",
                        "支出合计",
                        "基本支出",
                        "人员支出",
                        "公用支出",
                        "项目支出",
                        "当年结余",
                        "累计结余",
                    ],
                    [
                        "本单位",
                        *(
                            n(getattr(e, f))
                            for f in (
                                "total",
                                "basic",
                                "personnel",
                                "public_operation",
                                "project",
                                "balance_current",
                                "balance_accumulated",
                            )
                        ),
                    ],
                ],
                merges=[(0, 0, 0, 7)],
                header_rows=2,
            )
        )
    if p.fixed_assets is not None:
        a = p.fixed_assets
        out.append(
            TableSpec(
                [
                    ["机构名称", "固定资产合计", "在用固定资产", "出租固定资产", "其他"],
                    ["本单位", *(n(getattr(a, f)) for f in ("total", "in_use", "leased", "other"))],
                ]
            )
        )
    for t in p.three_public_tables:
        out.append(f"三公经费情况：{t.title}")
        rows = [
            ["项目", "上年决算数", "本年预算数", "本年决算数", "控制率（%）", "同比增减", "同比增减比率（%）"]
        ]
        for r in t.rows:
            rows.append(
                [
                    r.label or r.component.value,
                    n(r.last_year_actual),
                    n(r.budget),
                    n(r.actual),
                    n(r.stated_control_rate),
                    n(r.stated_change_amount),
                    n(r.stated_change_rate),
                ]
            )
        out.append(TableSpec(rows))
    if p.base_data is not None:
        b = p.base_data
        out.append(b.title or f"{p.year}年度部门整体支出绩效评价基础数据表")
        rows = [
            ["财政供养人员情况（人）", "编制数", "实际在职人数", "控制率"],
            [
                "",
                n(b.authorized_staff),
                n(b.actual_staff),
                n(b.stated_staffing_control_rate, percent=b.stated_staffing_control_rate is not None),
            ],
            ["经费控制情况（万元）", f"{p.year - 1}年决算数", f"{p.year}年预算数", f"{p.year}年决算数"],
        ]
        for er in b.expense_rows:
            rows.append([er.label, n(er.last_year_actual), n(er.budget), n(er.actual)])
        out.append(TableSpec(rows))
    if p.overall is not None:
        out.extend(form(p.overall, overall=True))
    for project in p.projects:
        out.extend(form(project, overall=False))
    for kind, table in (("scoring", p.scoring_table), ("work", p.work_assessment)):
        if table is None:
            continue
        if table.attachment:
            out.append(table.attachment)
        out.append(table.title)
        if kind == "scoring":
            rows = [
                ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"]
            ]
            merges = []
            prev: tuple[str, str | None] | None = None
            start = 1
            for k, r in enumerate(table.rows, start=1):
                l1 = f"{r.level1}（{n(r.level1_max)}分）" if r.level1_max is not None else r.level1
                l2 = f"{r.level2}（{n(r.level2_max)}分）" if r.level2_max is not None else (r.level2 or "")
                new_group = prev is None or prev[0] != r.level1
                rows.append(
                    [
                        l1 if new_group else "",
                        l2 if new_group or prev is None or prev[1] != r.level2 else "",
                        r.name,
                        r.criterion or "",
                        n(r.max_score),
                        n(r.self_score),
                        r.note or "",
                    ]
                )
                if new_group and k > 1 and k - 1 > start:
                    merges.append((start, 0, k - 1, 0))
                if new_group:
                    start = k
                prev = (r.level1, r.level2)
            if len(table.rows) > start:
                merges.append((start, 0, len(table.rows), 0))
            rows.append(["总分", "", "", "", n(table.stated_total_max), n(table.stated_total_score), ""])
        else:
            rows = [["一级指标", "二级指标", "评分标准", "评分"]]
            merges = []
            last_l1 = None
            for r in table.rows:
                l1 = f"{r.level1}（{n(r.level1_max)}分）" if r.level1 != last_l1 else ""
                last_l1 = r.level1
                rows.append([l1, f"{r.name}（{n(r.max_score)}分）", r.criterion or "", n(r.self_score)])
            rows.append(["合计", f"{n(table.stated_total_max)}分", "", n(table.stated_total_score)])
            if table.grade_note or table.stated_grade:
                rows.append(["评分等级", table.grade_note or "", "", table.stated_grade or ""])
        out.append(TableSpec(rows, merges=merges))
    if p.final_accounts is not None:
        out.extend(final_accounts(p))
    for report in p.reports:
        out.append(report.title)
        for line in report_lines(report.sections):
            out.append(line)
        if report.date:
            out.append(report.date)
    if p.evaluators:
        out.append("四、评价人员")
        rows = [["姓名", "职务/职称", "单位", "签字"]]
        for ev in p.evaluators:
            rows.append([ev.name, ev.title or "", ev.organisation or "", ""])
        out.append(TableSpec(rows))
    return out


def report_lines(sections: list, depth: int = 0) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for s in sections:
        number = s.number or ""
        if number and not number.startswith(("（", "(")) and number[-1] not in "．.、":
            number += "、" if not number.isdigit() else "．"
        if s.heading:
            out.append(f"{number}{s.heading}")
        out.extend(line for line in s.text.split("\n") if line.strip())
        out.extend(report_lines(s.subsections, depth + 1))
    return out


def form(ev: SelfEvaluation, overall: bool) -> Layout:
    out: Layout = [ev.title or ("部门整体支出绩效自评表" if overall else "项目支出绩效自评表")]
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    width = 9
    if not overall:
        rows.append(
            [
                "项目支出名称",
                ev.name or "",
                "",
                "主管部门",
                ev.department or "",
                "实施单位",
                ev.implementing_unit or "",
                "",
                "",
            ]
        )
    elif ev.department:
        rows.append(["部门名称", ev.department, "", "", "", "", "", "", ""])
    f = ev.funds
    if f is not None and (f.total_investment is not None or f.total_investment_appropriation is not None):
        rows.append(
            [
                "项目总投资(万元)",
                n(f.total_investment),
                "",
                "其中:财政拨款",
                n(f.total_investment_appropriation),
                "",
                "",
                "",
                "",
            ]
        )
    if f is not None and f.rows:
        top = len(rows)
        rows.append(
            [
                "资金情况（万元）",
                "年度资金总额",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
                "",
            ]
        )
        for fr in f.rows:
            is_total = fr.kind.value == "total"
            rows.append(
                [
                    "",
                    fr.label or fr.kind.value,
                    n(fr.initial_budget),
                    n(fr.annual_budget),
                    n(fr.executed),
                    n(f.max_score) if is_total else "",
                    n(f.stated_execution_rate, percent=True)
                    if is_total and f.stated_execution_rate is not None
                    else "",
                    n(f.stated_score) if is_total else "",
                    "",
                ]
            )
        merges.append((top, 0, len(rows) - 1, 0))
        if f.by_source or f.by_nature:
            rows.append(["", "按收入性质分：", "按支出性质分：", "", "", "", "", "", ""])
            for s_item, n_item in zip_longest(f.by_source.items(), f.by_nature.items()):
                rows.append(
                    [
                        "",
                        f"{s_item[0]}：{n(s_item[1])}" if s_item else "",
                        f"{n_item[0]}：{n(n_item[1])}" if n_item else "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    if ev.expected_goal or ev.achieved_goal:
        rows.append(["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""])
        rows.append(["", ev.expected_goal or "", "", "", "", ev.achieved_goal or "", "", "", ""])
        merges.append((len(rows) - 1, 1, len(rows) - 1, 4))
        merges.append((len(rows) - 1, 5, len(rows) - 1, 8))
        merges.append((len(rows) - 2, 1, len(rows) - 2, 4))
        merges.append((len(rows) - 2, 5, len(rows) - 2, 8))
    if ev.indicators:
        top = len(rows)
        rows.append(
            [
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ]
        )
        prev_l1: tuple[str, str | None] | None = None
        prev_l2: str | None = None
        group_start = len(rows)
        for ind in ev.indicators:
            from jixiao.importers.forms import level1_of

            l1_text = ind.level1_raw or ""
            if l1_text and level1_of(l1_text) not in (ind.level1, None):
                l1_text = LEVEL1_LABELS[ind.level1]
            key = (ind.level1.value, l1_text)
            new_l1 = prev_l1 != key
            if new_l1 and len(rows) - 1 > group_start:
                merges.append((group_start, 1, len(rows) - 1, 1))
            if new_l1:
                group_start = len(rows)
            l2 = ind.level2_raw or ""
            rows.append(
                [
                    "",
                    l1_text if new_l1 else "",
                    l2 if new_l1 or l2 != prev_l2 else "",
                    ind.name,
                    ind.target_raw or "",
                    ind.actual_raw or "",
                    n(ind.max_score),
                    n(ind.score),
                    ind.deviation_note or "",
                ]
            )
            prev_l1, prev_l2 = key, l2
        if len(rows) - 1 > group_start:
            merges.append((group_start, 1, len(rows) - 1, 1))
        merges.append((top, 0, len(rows) - 1, 0))
    printed = {ind.level1_raw for ind in ev.indicators}
    for sub in ev.subtotals:
        if sub.where == "表头" and sub.label not in printed:
            rows.append(["", sub.label, "", "", "", "", "", "", ""])
    if ev.stated_total_score is not None or ev.stated_total_max is not None:
        grade = f"等级：{ev.stated_grade}" if ev.stated_grade else ""
        rows.append(["总分", "", "", "", "", "", n(ev.stated_total_max), n(ev.stated_total_score), grade])
    elif ev.stated_grade:
        rows.append(["评价等次", ev.stated_grade, "", "", "", "", "", "", ""])
    out.append(TableSpec([r[:width] for r in rows], merges=merges, header_rows=0))
    if ev.grade_note:
        out.append(f"备注：{ev.grade_note}")
    if ev.footer is not None and (ev.footer.filled_by or ev.footer.fill_date):
        fo = ev.footer
        out.append(
            f"填表人：{fo.filled_by or ''}    填报日期：{fo.fill_date or ''}    联系电话：{fo.phone or ''}    单位负责人签字：{fo.head_signature or ''}"
        )
    return out


def final_accounts(p: EvaluationPackage) -> Layout:
    from jixiao.importers.final_accounts import SPECS

    assert p.final_accounts is not None
    out: Layout = []
    for t in p.final_accounts.tables:
        spec = SPECS[t.number]
        out.append(t.title)
        out.append(f"公开{t.number}表")
        out.append(f"单位：{t.unit_of_amount}")
        out.append(f"部门：{p.unit.name}")
        keys = list(t.columns) or [k for k, _ in spec.columns]
        if t.number in ("01", "04"):
            inc_keys, exp_keys = spec.income_keys, spec.expenditure_keys
            rows = [
                [
                    "项目",
                    "行次",
                    *(t.columns.get(k, k) for k in inc_keys),
                    "项目",
                    "行次",
                    *(t.columns.get(k, k) for k in exp_keys),
                ]
            ]
            income = [r for r in t.rows if r.side == "income"]
            expenditure = [r for r in t.rows if r.side == "expenditure"]
            for a, b in zip_longest(income, expenditure):
                left = (
                    [a.name, n(a.row_number), *(n(a.values.get(k)) for k in inc_keys)]
                    if a
                    else ["", "", *([""] * len(inc_keys))]
                )
                right = (
                    [b.name, n(b.row_number), *(n(b.values.get(k)) for k in exp_keys)]
                    if b
                    else ["", "", *([""] * len(exp_keys))]
                )
                rows.append(left + right)
            out.append(TableSpec(rows))
        elif t.number == "07":
            rows = [
                ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
                [label.split("/")[-1] for label in t.columns.values()] or [""] * 12,
            ]
            for r in t.rows:
                rows.append([n(r.values.get(k)) for k in keys])
            out.append(TableSpec(rows, merges=[(0, 0, 0, 5), (0, 6, 0, 11)], header_rows=2))
        else:
            header = ["科目编码", "科目名称", *(t.columns.get(k, k).split("/")[-1] for k in keys)]
            rows = [header]
            for r in t.rows:
                rows.append([r.code or "", r.name, *(n(r.values.get(k)) for k in keys)])
            out.append(TableSpec(rows))
        if t.note:
            out.extend(f"注：{line}" if i == 0 else line for i, line in enumerate(t.note.split("\n")))
        if t.empty_statement:
            out.append(t.empty_statement)
    return out


# writers ---------------------------------------------------------------------------------------


def write_docx(items: Layout, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.2))
    style = doc.styles["Normal"]
    style.font.size = Pt(8)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
    for item in items:
        if isinstance(item, str):
            doc.add_paragraph(item)
            continue
        ncols = max(len(r) for r in item.rows)
        table = doc.add_table(rows=len(item.rows), cols=ncols)
        table.style = "Table Grid"
        for r, row in enumerate(item.rows):
            for c in range(ncols):
                table.cell(r, c).text = row[c] if c < len(row) else ""
        for r in range(item.header_rows):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)
        for r0, c0, r1, c1 in item.merges:
            if (r0, c0) == (r1, c1):
                continue
            keep = item.rows[r0][c0] if c0 < len(item.rows[r0]) else ""
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            merged.text = keep
        if ncols == 9:
            for row_cells in table.rows:
                for cell, w in zip(
                    row_cells.cells, (1.2, 2.6, 2.4, 3.6, 5.2, 5.2, 1.1, 1.1, 4.6), strict=False
                ):
                    cell.width = Cm(w)
        doc.add_paragraph("")
    doc.save(str(path))


def write_xlsx(items: Layout, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.title = "评价材料"
    r = 1
    width = 12
    for item in items:
        if isinstance(item, str):
            sheet.cell(row=r, column=1, value=item)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
            continue
        for k, row in enumerate(item.rows):
            for c, value in enumerate(row, start=1):
                if value != "":
                    cell = sheet.cell(row=r + k, column=c, value=value)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r0, c0, r1, c1 in item.merges:
            if (r0, c0) != (r1, c1):
                sheet.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
        r += len(item.rows) + 1
    book.save(str(path))


def write_html(items: Layout, path: Path) -> None:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>评价材料</title></head><body>"]
    for item in items:
        if isinstance(item, str):
            parts.append(f"<p>{html.escape(item)}</p>")
            continue
        covered: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in item.merges:
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            for rr in range(r0, r1 + 1):
                for cc in range(c0, c1 + 1):
                    if (rr, cc) != (r0, c0):
                        covered.add((rr, cc))
        parts.append("<table border='1'>")
        for r, row in enumerate(item.rows):
            parts.append("<tr>")
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
                text = html.escape(value).replace("\n", "<br>")
                parts.append(f"<td{attrs}>{text}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def to_pdf(docx: Path, out_dir: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) 未安装：不生成 PDF 样本", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    return pdf if pdf.exists() else None


def main() -> None:
    for seed in SEED_IDS:
        package = load_package(SEEDS / f"{seed}.yaml")
        items = layout(package)
        write_docx(items, HERE / f"{seed}.docx")
        write_xlsx(items, HERE / f"{seed}.xlsx")
        write_html(items, HERE / f"{seed}.html")
        to_pdf(HERE / f"{seed}.docx", HERE)
        print(f"{seed}: docx xlsx html pdf")


if __name__ == "__main__":
    main()
