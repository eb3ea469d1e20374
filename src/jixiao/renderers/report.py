"""The self-evaluation report (部门整体支出绩效评价报告) as a :class:`~jixiao.renderers.layout.Doc`.

Two section layouts, taken from the seeds: the prefecture's ten sections (seed 000, 湘西自治州:
一、基本情况 … 十、其他需要说明的问题) and the county's (seed 001, 桃江县: 一、部门概况 …). Sections
that state figures (budget execution, 三公经费, staffing, projects, score and grade) are generated
from the package with :mod:`jixiao.renderers.figures`, with a table built from the same numbers;
narrative that only a person can write (achievements, problems, suggestions …) comes from the
package's report sections, matched by heading, and where the unit wrote nothing the report says so
in words fit for a published paper ("本部分未填报。") — it never invents text — and
:func:`unfilled_sections` lists those places, so that the web app can ask before publishing. The
unit's own narrative of a figure section is not copied, because its figures are the ones the audit
checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS, EvaluationPackage, FundsRowKind, Report, ReportSection

from . import figures as fig
from .layout import Block, Doc, Grid, Heading, Paragraph
from .numbers import money, percent, plain, rate

Layout = Literal["prefecture", "county"]
MISSING = "本部分未填报。"
"""Printed under a section the unit wrote nothing for (a published paper says so plainly)."""
GOAL_MISSING = "本年度未填报部门整体支出绩效目标。"
_NUMERALS = "一二三四五六七八九十"


@dataclass
class SectionSpec:
    """One numbered section of a layout: its heading, the headings it takes narrative from, generators."""

    heading: str
    keywords: list[str] = field(default_factory=list)
    generate: list[Callable[[EvaluationPackage], list[Block]]] = field(default_factory=list)
    narrative: bool = True  # take the unit's text for this section (False: figures only)
    fallback: bool = False  # the unit's text only where no figure could be generated


def _p(text: str | None) -> list[Block]:
    return [Paragraph(text)] if text else []


# --- generated blocks --------------------------------------------------------------------------


def unit_blocks(package: EvaluationPackage) -> list[Block]:
    unit = package.unit
    out: list[Block] = [Heading("（一）单位基本情况", 2)]
    facts: list[str] = []
    if unit.unit_type:
        facts.append(f"{unit.name}系{unit.unit_type}")
    else:
        facts.append(unit.name)
    if unit.address:
        facts.append(f"单位住所：{unit.address}")
    if unit.credit_code:
        facts.append(f"统一社会信用代码：{unit.credit_code}")
    if unit.head:
        facts.append(f"单位负责人：{unit.head}")
    if unit.parent:
        facts.append(f"主管部门：{unit.parent}")
    out.append(Paragraph("，".join(facts) + "。"))
    if unit.duties:  # nothing printed where the unit stated no duties (listed by unfilled_sections)
        out.append(Paragraph(f"单位的主要职责：{unit.duties}"))
    out += _p(fig.offices_sentence(package))
    out += _p(fig.staffing_sentence(package))
    if unit.annual_work:
        out.append(Paragraph(f"年度主要工作内容：{unit.annual_work}"))
    goal = package.overall.expected_goal if package.overall is not None else None
    out.append(Heading("（二）部门（单位）年度整体支出绩效目标", 2))
    out.append(Paragraph(goal) if goal else Paragraph(GOAL_MISSING))
    return out


def funds_grid(package: EvaluationPackage) -> Grid | None:
    """资金来源 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 for the overall form's funds rows."""
    ev = package.overall
    if ev is None or ev.funds is None or not ev.funds.rows:
        return None
    grid = Grid(title="部门整体支出预算执行情况（万元）", widths=[14, 9, 9, 9, 8], caption="预算执行情况表")
    for k, h in enumerate(["资金", "年初预算数", "全年预算数", "全年执行数", "执行率"]):
        grid.add(0, k, h, header=True, align="center")
    grid.header_rows = 1
    for r, row in enumerate(ev.funds.rows, start=1):
        grid.add(r, 0, row.label or row.kind.value)
        grid.add(r, 1, money(row.initial_budget), align="right")
        grid.add(r, 2, money(row.annual_budget), align="right")
        grid.add(r, 3, money(row.executed), align="right")
        grid.add(r, 4, percent(rate(row.executed, row.annual_budget)), align="right")
    return grid


def three_public_grid(package: EvaluationPackage) -> Grid | None:
    figures = fig.three_public_figures(package)
    if not figures:
        return None
    grid = Grid(
        title="“三公”经费支出情况（万元）",
        widths=[15, 8, 8, 8, 8, 8, 8],
        caption="三公经费：上年决算数、本年预算数、本年决算数、完成预算比例、比上年增减额和增减率",
    )
    year = package.year
    for k, h in enumerate(
        [
            "项目",
            f"{year - 1}年决算数",
            f"{year}年预算数",
            f"{year}年决算数",
            "完成预算",
            "比上年增减",
            "增减率",
        ]
    ):
        grid.add(0, k, h, header=True, align="center")
    grid.header_rows = 1
    for r, f in enumerate(figures, start=1):
        label = "合计" if f.component == fig.C.TOTAL else f.label
        if f.component in (fig.C.VEHICLE_PURCHASE, fig.C.VEHICLE_OPERATION):
            label = "其中：" + label
        grid.add(r, 0, label)
        grid.add(r, 1, money(f.last_year), align="right")
        grid.add(r, 2, money(f.budget), align="right")
        grid.add(r, 3, money(f.actual), align="right")
        grid.add(r, 4, percent(f.completion), align="right")
        grid.add(r, 5, money(f.change), align="right")
        grid.add(r, 6, percent(f.change_rate), align="right")
    return grid


def budget_blocks(package: EvaluationPackage) -> list[Block]:
    out: list[Block] = []
    if package.overall is not None:
        out += _p(fig.execution_sentence(package.overall, package.year))
        out += _p(fig.nature_sentence(package.overall))
        grid = funds_grid(package)
        if grid is not None:
            out.append(grid)
    out += _p(fig.income_expenditure_sentence(package))
    sentences = fig.three_public_sentences(package)
    if sentences:
        out.append(Heading("“三公”经费支出情况", 3))
        out += [Paragraph(s) for s in sentences]
        grid3 = three_public_grid(package)
        if grid3 is not None:
            out.append(grid3)
    if not out:
        out.append(Paragraph(MISSING))
    return out


def projects_grid(package: EvaluationPackage) -> Grid | None:
    if not package.projects:
        return None
    grid = Grid(
        title="项目支出绩效自评情况",
        widths=[18, 9, 9, 8, 7, 6],
        caption="项目支出：预算、执行、执行率、自评得分和等级",
    )
    for k, h in enumerate(
        ["项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评得分", "等级"]
    ):
        grid.add(0, k, h, header=True, align="center")
    grid.header_rows = 1
    for r, p in enumerate(package.projects, start=1):
        total = p.funds.row(FundsRowKind.TOTAL) if p.funds is not None else None
        grid.add(r, 0, p.name or "")
        grid.add(r, 1, money(total.annual_budget if total else None), align="right")
        grid.add(r, 2, money(total.executed if total else None), align="right")
        grid.add(r, 3, percent(rate(total.executed, total.annual_budget) if total else None), align="right")
        grid.add(r, 4, plain(p.stated_total_score), align="right")
        grade, _ = fig.grade_of(p)
        grid.add(r, 5, grade or "", align="center")
    return grid


def project_blocks(package: EvaluationPackage) -> list[Block]:
    out: list[Block] = []
    out += _p(fig.projects_sentence(package))
    out += [Paragraph(s) for s in fig.project_sentences(package)]
    grid = projects_grid(package)
    if grid is not None:
        out.append(grid)
    return out


def indicators_grid(package: EvaluationPackage) -> Grid | None:
    ev = package.overall
    if ev is None or not ev.indicators:
        return None
    grid = Grid(
        title="部门整体支出绩效指标完成情况",
        widths=[8, 8, 14, 14, 14, 5, 5],
        caption="绩效指标：一级、二级、三级指标，年度指标值，实际完成值，分值，得分",
    )
    for k, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]):
        grid.add(0, k, h, header=True, align="center")
    grid.header_rows = 1
    for r, ind in enumerate(ev.indicators, start=1):
        grid.add(
            r,
            0,
            LEVEL1_LABELS[ind.level1]
            if ind.level1_raw is None or len(ind.level1_raw) > 12
            else ind.level1_raw,
        )
        grid.add(
            r,
            1,
            ind.level2_raw if ind.level2_raw and len(ind.level2_raw) <= 12 else LEVEL2_LABELS[ind.level2],
        )
        grid.add(r, 2, ind.name)
        grid.add(r, 3, ind.target_raw or "")
        grid.add(r, 4, ind.actual_raw or "")
        grid.add(r, 5, plain(ind.max_score), align="right")
        grid.add(r, 6, plain(ind.score), align="right")
    return grid


def performance_blocks(package: EvaluationPackage) -> list[Block]:
    grid = indicators_grid(package)
    out: list[Block] = []
    ev = package.overall
    if ev is not None and ev.achieved_goal:
        out.append(Paragraph(f"年度目标实际完成情况：{ev.achieved_goal}"))
    if grid is not None:
        out.append(grid)
    return out


def score_blocks(package: EvaluationPackage) -> list[Block]:
    out: list[Block] = []
    if package.overall is not None:
        out += _p(fig.score_sentence(package.overall))
    out += project_blocks(package)
    if not out:
        out.append(Paragraph(MISSING))
    return out


def fund_kind_blocks(attr: str, label: str) -> Callable[[EvaluationPackage], list[Block]]:
    """政府性基金 / 国有资本经营 sections: a figure sentence where the income block states the amount."""

    def build(package: EvaluationPackage) -> list[Block]:
        value = getattr(package.income, attr) if package.income is not None else None
        if value is None:
            return []
        if value == 0:
            return [Paragraph(f"{package.year}年度本单位无{label}收入。")]
        return [Paragraph(f"{package.year}年度本单位{label}收入{money(value)}万元。")]

    return build


# --- layouts ----------------------------------------------------------------------------------

LAYOUTS: dict[str, list[SectionSpec]] = {
    "prefecture": [
        SectionSpec("基本情况", ["基本情况", "部门概况", "单位概况"], [unit_blocks], narrative=False),
        SectionSpec(
            "一般公共预算支出情况",
            ["一般公共预算支出", "支出管理及使用", "收支情况"],
            [budget_blocks],
            narrative=False,
        ),
        SectionSpec(
            "政府性基金预算支出情况",
            ["政府性基金"],
            [fund_kind_blocks("government_fund", "政府性基金预算")],
            fallback=True,
        ),
        SectionSpec(
            "国有资本经营预算支出情况",
            ["国有资本经营"],
            [fund_kind_blocks("state_capital", "国有资本经营预算")],
            fallback=True,
        ),
        SectionSpec(
            "部门整体支出绩效情况",
            ["整体支出绩效情况", "绩效情况分析", "资金使用及绩效"],
            [performance_blocks],
        ),
        SectionSpec("综合评价情况及评价结论", ["综合评价", "评价结论"], [score_blocks], narrative=False),
        SectionSpec("主要经验做法、存在的问题及原因分析", ["存在的问题", "主要问题", "经验做法"]),
        SectionSpec("有关建议", ["建议", "改进措施"]),
        SectionSpec("绩效自评结果拟应用和公开情况", ["结果拟应用", "结果应用", "公开情况"]),
        SectionSpec("其他需要说明的问题", ["其他需要说明"]),
    ],
    "county": [
        SectionSpec("部门概况", ["部门概况", "基本情况", "单位概况"], [unit_blocks], narrative=False),
        SectionSpec(
            "部门整体支出管理及使用情况分析",
            ["支出管理及使用", "一般公共预算支出", "收支情况"],
            [budget_blocks, project_blocks],
            narrative=False,
        ),
        SectionSpec(
            "部门整体支出绩效情况分析",
            ["整体支出绩效情况", "绩效情况分析", "资金使用及绩效"],
            [performance_blocks],
        ),
        SectionSpec(
            "绩效评价工作开展情况",
            ["评价工作开展", "工作开展情况"],
            [lambda p: _p(fig.score_sentence(p.overall)) if p.overall else []],
        ),
        SectionSpec("存在的主要问题", ["存在的问题", "主要问题"]),
        SectionSpec("改进措施和有关建议", ["建议", "改进措施"]),
        SectionSpec("其他需要说明的问题", ["其他需要说明"]),
    ],
}


def choose_layout(package: EvaluationPackage) -> Layout:
    """The county layout where the unit's report uses it (a 部门概况 section), else the prefecture's."""
    report = package.report("self_evaluation_report")
    if report is not None and any("部门概况" in s.heading for s in report.sections):
        return "county"
    return "prefecture"


def _section_text_blocks(section: ReportSection, depth: int = 0) -> list[Block]:
    out: list[Block] = []
    if section.text.strip():
        out += [Paragraph(line.strip()) for line in section.text.split("\n") if line.strip()]
    for sub in section.subsections:
        heading = f"{sub.number or ''}{'、' if sub.number and sub.number.isdigit() else ''}{sub.heading}"
        out.append(Heading(heading, min(3, depth + 2)))
        out += _section_text_blocks(sub, depth + 1)
    return out


def _match(report: Report | None, keywords: list[str], used: set[int]) -> ReportSection | None:
    if report is None:
        return None
    for section in report.sections:
        if id(section) in used:
            continue
        if any(k in section.heading for k in keywords):
            used.add(id(section))
            return section
    return None


def _has_content(blocks: list[Block]) -> bool:
    """Whether a section says anything: a paragraph, a table, or numbered points (headings with text)."""
    return any(
        isinstance(b, Grid) or (isinstance(b, Paragraph | Heading) and b.text.strip() and b.text != MISSING)
        for b in blocks
    )


def unfilled_sections(package: EvaluationPackage, layout: Layout | None = None) -> list[str]:
    """The parts of the report the unit wrote nothing for, by their printed names ("八、有关建议")."""
    doc = build_report(package, layout)
    out: list[str] = []
    heading = ""
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            heading = block.text
        elif isinstance(block, Paragraph) and block.text == MISSING:
            out.append(heading)
        elif isinstance(block, Paragraph) and block.text == GOAL_MISSING:
            out.append(f"{heading} · 部门（单位）年度整体支出绩效目标")
    has_report = package.overall is not None or package.report("self_evaluation_report") is not None
    if has_report and not package.unit.duties:
        out.insert(0, "部门（单位）基本情况 · 单位的主要职责")
    return out


def build_report(package: EvaluationPackage, layout: Layout | None = None) -> Doc:
    """The whole report: title, preamble, the numbered sections, signature and date."""
    chosen = layout or choose_layout(package)
    report = package.report("self_evaluation_report")
    title = f"{package.unit.name}{package.year}年度部门整体支出绩效评价报告"
    doc = Doc(title=title)
    doc.blocks.append(Heading(package.unit.name, 0))
    doc.blocks.append(Heading(f"{package.year}年度部门整体支出绩效评价报告", 0))
    if report is not None:
        preamble = next((s for s in report.sections if not s.number and not s.heading), None)
        if preamble is not None and preamble.text.strip():
            doc.blocks += [Paragraph(line) for line in preamble.text.split("\n") if line.strip()]
    used: set[int] = set()
    for k, spec in enumerate(LAYOUTS[chosen]):
        doc.blocks.append(Heading(f"{_NUMERALS[k] if k < 10 else str(k + 1)}、{spec.heading}", 1))
        generated: list[Block] = []
        for generate in spec.generate:
            generated += generate(package)
        section = _match(report, spec.keywords, used)
        narrative = _section_text_blocks(section) if spec.narrative and section is not None else []
        # fallback: the unit's words only where no figure was generated; otherwise its words first,
        # then the sentences and the table that support them
        blocks = (generated or narrative) if spec.fallback else narrative + generated
        if not _has_content(blocks):
            blocks.append(Paragraph(MISSING))
        doc.blocks += blocks
    if package.evaluators:
        grid = Grid(title="评价人员", widths=[8, 16, 18], caption="评价人员：姓名、职务/职称、单位")
        for k, h in enumerate(["姓名", "职务/职称", "单位"]):
            grid.add(0, k, h, header=True, align="center")
        grid.header_rows = 1
        for r, e in enumerate(package.evaluators, start=1):
            grid.add(r, 0, e.name)
            grid.add(r, 1, e.title or "")
            grid.add(r, 2, e.organisation or "")
        doc.blocks.append(Heading("附：评价人员", 1))
        doc.blocks.append(grid)
    doc.blocks.append(Paragraph(package.unit.name, "right"))
    date = fig.report_date(package)
    if date:
        doc.blocks.append(Paragraph(date, "right"))
    return doc
