"""Narrative reports: titles, numbered sections, and the figures their sentences state.

Reads the 绩效评价报告 / 绩效报告 / 部门决算情况说明 / 名词解释 / 单位概况 of a document into
:class:`~jixiao.model.Report` objects with their sections as numbered in the document (一、 /
（一） / 1．), and takes from the running text what the forms do not hold: staffing ("共有编制人数
14 人，实有人数 20 人"), internal offices, the head, credit code, address, the 三公经费 sentences
("公务接待费支出预算为2万元，支出决算为1.63万元，完成预算的81.5%") and part scores ("产出指标得分
40 分", "项目绩效自评得分为97分").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.figures import (
    Change,
    Completion,
    Enumeration,
    Quantity,
    Sentence,
    Share,
    Staffing,
    Total,
    is_change,
    read_text,
)
from jixiao.figures.lexicon import COMPLETE_SPLITS, split_label
from jixiao.figures.reports import passages
from jixiao.figures.subjects import (
    ThreePublicStatement,
    named,
    part_scores,
    stated_grades,
    stated_scores,
    three_public_statements,
)
from jixiao.model import (
    EvaluationPackage,
    ExpenditureByNature,
    IncomeBySource,
    Report,
    ReportSection,
    SourceLocation,
    StatedSubtotal,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
)

from .blocks import Cell, Loc
from .context import Context, Item
from .forms import level1_of
from .normalize import squash
from .sections import Line, SectionBuilder, apply, build_sections
from .three_public import THREE_PUBLIC_LABELS

_REPORT_KINDS: tuple[tuple[str, str], ...] = (
    (
        r"项目支出绩效(自评|评价)?报告$|项目绩效(自评|评价)?报告$"
        r"|^(?!.*整体)\S*(项目|专项|资金|补助|转移支付)\S{0,30}绩效(自评价?|评价)(总结|情况|工作)?报告$",
        "project_report",
    ),
    (r"(整体支出)?绩效(评价|自评价?)?(自评)?(总结|情况|工作)?报告$", "self_evaluation_report"),
    (r"决算情况说明$", "final_accounts_notes"),
    (r"^名词解释$", "glossary"),
    (r"单位概况$|部门概况$", "overview"),
)
_H1 = re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(.+)$")
_H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]+|\d+)\s*[）)]\s*(.+)$")
_H3 = re.compile(r"^(\d+)\s*[．.、]\s*(.+)$")


@dataclass
class _Start:
    item: Item
    kind: str
    title: str
    body: int = -1  # index of the first item after the title (a title may take two lines)


def _report_starts(ctx: Context) -> list[_Start]:
    starts: list[_Start] = []
    in_toc = False
    for item in ctx.items:
        key = item.key
        if key == "目录":
            in_toc = True
            continue
        if in_toc and re.match(r"^第[一二三四五]部分", key) and len(key) <= 5:
            in_toc = False
        if in_toc:
            ctx.use(item)
            continue
        if len(key) > 45 or len(key) < 3 or _heading(item.text)[0] is not None:
            continue
        if re.match(r"^(\d+[.．、]|附件|第[一二三四五]部分.)", key):
            continue
        if item.table is not None and not key.startswith("五、评价报告"):
            continue
        for pattern, kind in _REPORT_KINDS:
            if re.search(pattern, key) and "自评表" not in key:
                title = item.joined.strip()
                body = item.index + 1
                # a title broken over two lines ("… 2024 年度" / "部门整体支出绩效评价报告")
                prev = ctx.items[item.index - 1] if item.index > 0 else None
                if (
                    prev is not None
                    and prev.table is None
                    and re.search(r"\d{4}\s*年度?$", prev.text.strip())
                ):
                    title = prev.text.strip() + title
                    item = prev
                starts.append(_Start(item, kind, title, body))
                break
    return starts


def parse_reports(ctx: Context, package: EvaluationPackage) -> None:
    starts = _report_starts(ctx)
    reports: list[Report] = []
    form_starts = sorted({ctx.table_start[t] for t in range(len(ctx.tables)) if _is_form_table(ctx, t)})
    for k, start in enumerate(starts):
        ctx.deadline.check()
        end = starts[k + 1].item.index if k + 1 < len(starts) else len(ctx.items)
        report = Report(kind=start.kind, title=start.title, document=ctx.doc.id)
        report.sources["title"] = ctx.src(start.item)
        ctx.use(start.item)
        box = _boxed_table(ctx, start.item.index, end)
        if box is not None:
            # a report whose body is a form with the narrative typed into one of its cells (seed 003)
            if package.cover is not None and package.cover.title:
                report.title = package.cover.title
            _box_sections(ctx, box, report)
            for item in ctx.items[start.body : ctx.table_start[box[0]]]:
                if item.table is None and item.key.isdigit():
                    ctx.use(item)  # a page number under the cover
            if report.date is None and package.cover is not None:
                report.date = package.cover.report_date
        else:
            later_forms = [f for f in form_starts if f > start.item.index]
            if later_forms:
                end = min(end, _title_before(ctx, later_forms[0]))
            apply(ctx, report, build_sections(ctx, _narrative_lines(ctx, start.body, end)))
        if start.kind == "project_report" and package.projects:
            report.project = package.projects[-1].name
        reports.append(report)
    package.reports = reports


DOCUMENT_TEXT = "document_text"
"""Kind of the report made of the running text no recogniser placed (:func:`parse_document_text`)."""

_RELATED = (Total, Staffing, Completion, Change, Share)
_ROW_OF_FIGURES = re.compile(r"^[^，。；,;]*?(?:-?\d[\d,.]*%?\s+){2,}-?\d[\d,.]*%?[^，。；,;]*$")
"""A table row flattened into a line ("公务接待费 2 1.63 81.5%"): figures without a sentence around them."""


def parse_document_text(ctx: Context, package: EvaluationPackage) -> None:
    """The last narrative step: the running text no report took (:func:`_document_text`), then what
    every report concludes (:func:`_conclusions`)."""
    _document_text(ctx, package)
    for report in package.reports:
        _conclusions(ctx, report)
    _stated_totals(ctx, package)
    _report_conclusion_to_form(package)


def _report_conclusion_to_form(package: EvaluationPackage) -> None:
    """A project report's stated total and grade are its form's when the form was read from the
    report's own text ("1.…,年初目标值…,自评得分20分" listed in 二、绩效目标完成情况, "因此评价分100分,
    自评等级为优秀" in 一、自评结论): the one project form of the package, which states neither itself
    and whose every indicator stands below the report's title. A form printed apart from the report
    (its own table, perhaps cut off by an excerpt) keeps only what it states."""
    if len(package.projects) != 1 or package.overall is not None:
        return
    form = package.projects[0]
    if form.stated_total_score is not None or form.stated_grade is not None or not form.indicators:
        return
    for report in package.reports:
        if report.kind != "project_report" or (
            report.stated_total_score is None and report.stated_grade is None
        ):
            continue
        start = report.sources["title"].line if "title" in report.sources else None
        lines = [src.line for ind in form.indicators for src in ind.sources.values()]
        if start is None or not lines or any(line is None or line <= start for line in lines):
            continue
        for attr in ("stated_total_score", "stated_grade"):
            value = getattr(report, attr)
            if value is not None:
                setattr(form, attr, value)
                if attr in report.sources:
                    form.sources[attr] = report.sources[attr]
        return


_TOTAL_PREFIX = re.compile(r"^(?:本?部门|本?单位|全年|本年度?|年度|决算|实际|总|其中[:：]?)+")
_TOTAL_VERBS = ("合计", "总计", "共计", "为", "")


def _totals_in(sentences: list[Sentence], what: str, *, budget: bool = False) -> list[Quantity]:
    """Figures the text names as the unit's whole 收入 or 支出 ("本年收入合计1162.2万元", "支出总计…",
    "收入：792.22万元", a budget's "收入总预算1185.53万元" — and in a 预算 document, not a 决算 one, its
    "收入预算455.04万元"), 合计 first."""
    found = [
        q
        for s in sentences
        for q in s.quantities
        if q.is_money
        and not is_change(q)
        and _TOTAL_PREFIX.sub("", q.label)
        in (what, f"{what}合计", f"{what}总计", f"{what}总预算", *((f"{what}预算",) if budget else ()))
        and q.verb.removesuffix("为") in _TOTAL_VERBS
    ]
    # 本年收入合计 first; 收入总计 / 总收入 (this year's plus what was carried over) only when nothing else
    return sorted(
        found, key=lambda q: 0 if "合计" in q.label + q.verb else 2 if "总" in q.label + q.verb else 1
    )


_EXPENDITURE_PARTS = {
    "基本": "basic",
    "项目": "project",
    "人员经费": "personnel",
    "公用经费": "public_operation",
}
"""The parts of 支出 by nature, by their label without "支出" (基本支出, 人员经费(支出), …)."""


def _part_key(part: Quantity, total: Quantity) -> str:
    """A part of 支出 by its label as :data:`_EXPENDITURE_PARTS` names it; a budget's parts are named with
    their 预算 ("支出总预算…，基本支出预算…；项目支出预算…")."""
    name = _TOTAL_PREFIX.sub("", part.label)
    return split_label(name.removesuffix("预算") if "预算" in total.label else name)


def _separate_split(sentences: list[Sentence], total: Quantity) -> tuple[Quantity, ...]:
    """The parts of 支出 stated in sentences of their own after it ("支出480.2万元。基本支出300.2万元。
    项目支出180万元。"): taken only when they are a complete split (lexicon.COMPLETE_SPLITS) whose
    figures add up to the total exactly, within the three sentences that follow it."""
    at = next((i for i, s in enumerate(sentences) if any(q is total for q in s.quantities)), None)
    if at is None:
        return ()
    labelled: dict[str, Quantity] = {}
    for s in sentences[at : at + 4]:
        for q in s.quantities:
            key = _part_key(q, total)
            if q is not total and q.is_money and not is_change(q) and key in _EXPENDITURE_PARTS:
                labelled.setdefault(key, q)
    whole = _plain_wan(total)
    for split in sorted(COMPLETE_SPLITS, key=len, reverse=True):
        if split <= labelled.keys() and split != frozenset({"人员经费", "公用经费"}):
            chosen = tuple(labelled[k] for k in sorted(split))
            if sum((_plain_wan(q) for q in chosen), Decimal(0)) == whole:
                return chosen
    return ()


def _stated_totals(ctx: Context, package: EvaluationPackage) -> None:
    """收入合计 and 支出合计 stated in the reports' text, when no table or form states them; the
    支出 split (基本支出 / 项目支出, 人员经费 / 公用经费) from the sentence of its total, or from the
    sentences after it when the parts add up to it exactly (:func:`_separate_split`); a total read
    elsewhere (a 决算 说明) gets its parts when it has none and is the same figure."""
    # each section read as the checks read it (figures.reports.passages): a numbered sentence cut into
    # heading and text ("（一）本单位2021年度总收入581.45万元,其中本年收" / "入390.55万元,…") is whole again
    sentences = [s for p in passages(package) if p.report.kind != "form_goals" for s in p.sentences]
    where = ctx.src(ctx.items[0].loc)
    # a 预算 document by its own first lines ("…2022年度部门预算"), not by the names the readers gave its parts
    heads = "".join(item.text for item in ctx.items[:5])
    budget = "预算" in heads and re.search(r"(?<!预)决算", heads) is None  # "财政预决算 > 区部门预算": a 预算
    income = _totals_in(sentences, "收入", budget=budget)
    if income and package.income is None:  # never beside parts read from elsewhere (another scope)
        package.income = IncomeBySource()
        package.income.total = _plain_wan(income[0])
        package.income.sources["total"] = where.model_copy(update={"text": income[0].lead + income[0].raw})
    spent = _totals_in(sentences, "支出", budget=budget)
    exp = package.expenditure
    if not spent:
        return
    if exp is None:
        exp = ExpenditureByNature()
        exp.total = _plain_wan(spent[0])
        exp.sources["total"] = where.model_copy(update={"text": spent[0].lead + spent[0].raw})
    elif exp.total != _plain_wan(spent[0]) or any(
        getattr(exp, attr) is not None for attr in _EXPENDITURE_PARTS.values()
    ):
        return  # parts read from elsewhere, or another total: left as they are
    split = next((t for s in sentences for t in s.of(Total) if t.whole is spent[0] and t.exhaustive), None)
    parts = split.parts if split is not None else _separate_split(sentences, spent[0])
    for q in parts:
        attr = _EXPENDITURE_PARTS.get(_part_key(q, spent[0]))
        if attr is not None:
            setattr(exp, attr, _plain_wan(q))
            exp.sources[attr] = where.model_copy(update={"text": q.lead + q.raw})
    package.expenditure = exp


def _conclusions(ctx: Context, report: Report) -> None:
    """The overall score and grade a report states ("综合得分96分，评价等级为“优”").

    The grade is the first one stated; the score is the one stated with it (in its sentence or the
    sentence before), so that an indicator's "自评得分20分" listed earlier is never taken for the
    report's total; without a grade, the first total score stated. Each keeps the line of its section.
    """
    read = [
        (section, read_text(f"{section.heading}\n{section.text}", ctx.doc.id))
        for section in report.all_sections()
    ]
    score: tuple[ReportSection, Quantity] | None = None
    for section, sentences in read:
        for k, sentence in enumerate(sentences):
            grades = stated_grades([sentence])
            if not grades or report.stated_grade is not None:
                continue
            report.stated_grade = grades[0][1]
            report.sources["stated_grade"] = _at(ctx, section, grades[0][1])
            near = stated_scores(sentences[max(0, k - 1) : k + 1])
            if near:
                score = (section, near[-1][1])
    if report.stated_grade is None:
        score = next(((sec, q) for sec, ss in read for _, q in stated_scores(ss)), None)
    if score is not None and score[1].value <= 100 and report.stated_total_score is None:
        section, q = score
        report.stated_total_score = q.value
        report.sources["stated_total_score"] = _at(ctx, section, f"{q.lead}{q.raw}")


def _at(ctx: Context, section: ReportSection, text: str) -> SourceLocation:
    return ctx.src(ctx.items[0].loc).model_copy(update={"line": section.line, "text": text})


def _document_text(ctx: Context, package: EvaluationPackage) -> None:
    """The running text that no report, form or table took, read as one unnumbered report.

    A report printed without a title the recognisers know ("…绩效自评总结报告如下：", one paragraph
    run together by a portal, a 决算 whose 情况说明 has no heading) is still text with figures: its
    sentences are read by the figure engine and checked like any report's. Only text with at least
    one relation among its figures (a total and its parts, a completion, a change, a share, a
    headcount) is taken, so that a page of furniture adds nothing.
    """
    reported = squash("".join(r.full_text() for r in package.reports))
    lines = [
        Line(item.text.strip(), item.loc.line, item)
        for item in _line_items(ctx, list(ctx.items))
        if item.table is None
        and item.key
        and not ctx.is_used(item)
        and item.key not in reported
        and not _ROW_OF_FIGURES.search(item.text)
    ]
    if not lines:
        return
    text = "\n".join(x.text for x in lines)
    if not any(isinstance(r, _RELATED) for s in read_text(text, ctx.doc.id) for r in s.relations):
        return
    title = next(
        (x.text for x in lines[:20] if 6 <= len(x.key) <= 60 and re.search(r"(报告|决算|说明|结果)$", x.key)),
        None,
    )
    report = Report(kind=DOCUMENT_TEXT, title=title or "正文", document=ctx.doc.id)
    report.sources["title"] = ctx.src(lines[0].item)
    apply(ctx, report, build_sections(ctx, lines))
    package.reports = [*package.reports, report]


def _narrative_lines(ctx: Context, start: int, end: int) -> list[Line]:
    out: list[Line] = []
    for item in _line_items(ctx, ctx.items[start:end]):
        if item.table is not None and item.key.startswith(("评价人员", "姓名")):
            break
        if item.table is not None and len(item.key) < 40:
            continue  # a form cell, not narrative
        out.append(Line(item.text.strip(), item.loc.line, item))
    return out


def _boxed_table(ctx: Context, start: int, end: int) -> list[int] | None:
    """The form tables after a report title whose cells hold numbered parts, the last one the narrative.

    Returns the indexes of the tables from the first after the title to the one whose cell holds
    the narrative (seed 003: the 自评报告 form, its 五、评价报告综述 cell), or None.
    """
    tables: list[int] = []
    for t, first in sorted(ctx.table_start.items(), key=lambda kv: kv[1]):
        if first <= start:
            continue
        if first >= end:
            return None
        tables.append(t)
        cells = [c for row in ctx.tables[t].rows for c in row]
        for c in cells:
            head = c.text.split("\n")[0].strip()
            if _H1.match(head) and c.text.count("\n") >= 5:
                return tables
    return None


def _box_sections(ctx: Context, tables: list[int], report: Report) -> None:
    sections: list[ReportSection] = []
    lines: list[Line] = []
    box: ReportSection | None = None
    for row in [row for t in tables for row in ctx.tables[t].rows]:
        for cell in row:
            parts = cell.text.split("\n")
            m = _H1.match(parts[0].strip())
            item = next(it for it in ctx.items if it.cell is cell)
            numbers = [item.loc.line, *cell.lines]
            if box is None and m and len(m.group(2)) <= 30:
                sec = ReportSection(number=m.group(1), heading=m.group(2).strip(), line=cell.loc.line)
                ctx.use(cell)
                sections.append(sec)
                if len(parts) > 1:
                    box = sec
                    parts, numbers = parts[1:], numbers[1:]
                else:
                    continue
            if box is None:
                continue
            # the narrative typed into the box, and the cells that continue it
            ctx.use(cell)
            lines.extend(
                Line(text.strip(), numbers[k] if k < len(numbers) else None, item)
                for k, text in enumerate(parts)
            )
    if box is not None:
        parsed = SectionBuilder(ctx, lines, boxed=True).run()
        box.text = parsed.preface
        box.subsections = parsed.sections
        apply(ctx, report, parsed, sections=False)
    report.sections = sections


def _is_form_table(ctx: Context, t: int) -> bool:
    table = ctx.tables[t]
    keys = {squash(c.text) for row in table.rows for c in row}
    return bool(
        keys
        & {"年初预算数", "三级指标", "评分标准", "一级指标", "财政供养人员情况（人）", "财政供养人员情况(人)"}
    )


def _title_before(ctx: Context, index: int) -> int:
    i = index
    while (
        i > 0
        and ctx.items[i - 1].table is None
        and len(ctx.items[i - 1].key) < 40
        and index - i < 2
        and (ctx.items[i - 1].key.endswith("表") or ctx.items[i - 1].key.startswith("附件"))
    ):
        i -= 1
    return i


def _line_items(ctx: Context, items: list[Item]) -> list[Item]:
    """Narrative items: paragraphs, and the lines of long table cells (a report typed in a box)."""
    out: list[Item] = []
    for item in items:
        if item.table is None or "\n" not in item.text or len(item.key) < 40:
            out.append(item)
            continue
        ctx.use(item)
        lines = item.text.split("\n")
        numbers = [item.loc.line, *(item.cell.lines if isinstance(item.cell, Cell) else [])]
        for k, line in enumerate(lines):
            number = numbers[k] if k < len(numbers) else None
            loc = Loc(line=number) if number is not None else item.loc
            out.append(Item(item.index, line, loc, None, None, None, item.cell))
    return out


def _heading(text: str) -> tuple[int | None, str | None, str | None]:
    t = text.strip().lstrip("-").strip()
    m = _H1.match(t)
    if m:
        return 1, m.group(1), m.group(2)
    m = _H2.match(t)
    if m:
        return 2, f"（{m.group(1)}）", m.group(2)
    m = _H3.match(t)
    if m and len(m.group(2)) <= 30 and not re.search(r"[，,。；]", m.group(2)):
        return 3, m.group(1), m.group(2)
    return None, None, None


# facts in running text -------------------------------------------------------------------------


@dataclass
class FlowText:
    """The document's paragraphs joined, with a map from character offset to item."""

    text: str
    starts: list[tuple[int, Item]]

    def item_at(self, offset: int) -> Item:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.starts[lo][1]


def flow_text(ctx: Context) -> FlowText:
    parts: list[str] = []
    starts: list[tuple[int, Item]] = []
    pos = 0
    for item in ctx.items:
        text = item.text.replace("\n", "").strip() if item.table is None else item.joined
        if not text:
            continue
        starts.append((pos, item))
        parts.append(text + "\u0001")
        pos += len(text) + 1
    return FlowText("".join(parts), starts)


def parse_text_facts(ctx: Context, package: EvaluationPackage, flow: FlowText) -> None:
    unit = package.unit
    text = flow.text.replace("\u0001", "")
    # offsets in `text` differ from flow offsets by the number of separators before them
    sep_positions = [i for i, ch in enumerate(flow.text) if ch == "\u0001"]

    def item_for(offset: int) -> Item:
        # map an offset in `text` back to flow.text
        import bisect

        k = bisect.bisect_right([p - n for n, p in enumerate(sep_positions)], offset)
        return flow.item_at(offset + k)

    def first(pattern: str) -> re.Match[str] | None:
        return re.search(pattern, text)

    sentences = read_text(text, ctx.doc.id)
    staffing = [r for sentence in sentences for r in sentence.of(Staffing)]
    both = next((r for r in staffing if r.authorised is not None and r.actual is not None), None)
    if both is not None and (unit.authorized_staff is None or unit.actual_staff is None):
        assert both.authorised is not None and both.actual is not None
        said = text[both.authorised.offset : both.actual.offset + len(both.actual.raw)]
        where = item_for(both.authorised.offset)
        if unit.authorized_staff is None:
            unit.authorized_staff = int(both.authorised.value)
            unit.sources["authorized_staff"] = ctx.src(where, said)
        if unit.actual_staff is None:
            unit.actual_staff = int(both.actual.value)
            unit.sources["actual_staff"] = ctx.src(where, said)
    # the headcount stated on its own ("截止到2021年末在职244人，其中：…")
    actual = next((r.actual for r in staffing if r.actual is not None), None)
    if unit.actual_staff is None and actual is not None and actual.value == actual.value.to_integral_value():
        unit.actual_staff = int(actual.value)
        unit.sources["actual_staff"] = ctx.src(item_for(actual.offset), f"{actual.lead}{actual.raw}")
    offices = next(
        (
            e
            for sentence in sentences
            for e in sentence.of(Enumeration)
            if "内设" in e.count.label + e.count.after
        ),
        None,
    )
    if offices is not None:
        where = item_for(offices.count.offset)
        unit.internal_office_count = int(offices.count.value)
        unit.sources["internal_office_count"] = ctx.src(where, text[offices.count.offset :][:40])
        unit.internal_offices = list(offices.items)
        unit.sources["internal_offices"] = ctx.src(where)
    else:
        m = first(r"内设([^，。]{2,80}?(?:科|室|股|部|处))[，,]")
        if m:
            unit.internal_offices = [p.strip() for p in m.group(1).split("、") if p.strip()]
            unit.sources["internal_offices"] = ctx.src(item_for(m.start()))
    retired = next((r.retired for r in staffing if r.retired is not None), None)
    if unit.retired_staff is None and retired is not None:
        unit.retired_staff = int(retired.value)
        unit.sources["retired_staff"] = ctx.src(item_for(retired.offset), f"{retired.lead}{retired.raw}")
    for attr, pattern in (
        ("head", r"单位负责人[:：]\s*([^\s。，,：:（(]{2,4})[。，,]"),
        ("credit_code", r"统一社会\s*信\s*用\s*代\s*码[:：]\s*([0-9A-Z]{18})"),
        ("address", r"(?:单位住所[:：]|位于)\s*([^，。,；]{4,40}?号)"),
        (
            "unit_type",
            r"(?:系|为)((?:副科级|正科级|副处级|正处级)?(?:公益[一二三]类事业单位|参照公务员法管理(?:的)?事业单位))",
        ),
        ("parent", r"(?:为|是)([^，。,；]{4,30}?)(?:所属事业机构|的二级)"),
    ):
        if getattr(unit, attr) is not None:
            continue
        m = first(pattern)
        if m:
            value = re.sub(r"\s+", "", m.group(1)) if attr != "address" else m.group(1).strip()
            setattr(unit, attr, value)
            unit.sources[attr] = ctx.src(item_for(m.start()), m.group(0)[:60])
    if unit.duties is None:
        _duties_from_overview(ctx, package)


def _duties_from_overview(ctx: Context, package: EvaluationPackage) -> None:
    for report in package.reports:
        if report.kind != "overview":
            continue
        for sec in report.sections:
            if "职责" in sec.heading:
                lines = [
                    f"{s.number}{s.heading}"
                    if s.number and s.number.startswith("（")
                    else f"{s.number or ''}{s.heading}"
                    for s in sec.subsections
                ]
                text = sec.text or "\n".join(lines)
                if text:
                    package.unit.duties = text
                    if sec.line is not None:
                        package.unit.sources["duties"] = ctx.src(ctx.items[0].loc).model_copy(
                            update={"line": sec.line + 2, "text": None}
                        )


# 三公经费 sentences ------------------------------------------------------------------------------


def parse_three_public_sentences(ctx: Context, package: EvaluationPackage) -> None:
    """One table per report section that states 三公经费 figures in sentences (read by :mod:`jixiao.figures`)."""

    def label(section: ReportSection) -> str:
        number = section.number or ""
        return f"{number}、{section.heading}" if _H1.match(f"{number}、x") else f"{number}{section.heading}"

    def visit(report: Report, sections: list[ReportSection], path: str = "") -> None:
        for section in sections:
            if "三公" in section.heading:
                table = ThreePublicTable(title=f"{report.title}/{section.number or ''}、{section.heading}")
                for part in _walk([section]):
                    _sentences(ctx, part.text, table, section)
                if table.rows:
                    table.sources["title"] = ctx.src(ctx.items[0].loc).model_copy(
                        update={"line": section.line, "text": None}
                    )
                    package.three_public_tables = [*package.three_public_tables, table]
                continue
            if "三公" in section.text and _settled(read_text(section.text, ctx.doc.id)):
                table = ThreePublicTable(title=f"{report.title}/{path}{label(section)}/“三公”经费")
                _sentences(ctx, section.text, table, section)
                if table.rows:
                    table.sources["title"] = ctx.src(ctx.items[0].loc).model_copy(
                        update={"line": section.line, "text": None}
                    )
                    package.three_public_tables = [*package.three_public_tables, table]
            visit(report, section.subsections, f"{path}{label(section)}/")

    for report in package.reports:
        visit(report, report.sections)
    # a 三公 sentence outside a 三公 section ("三公经费使用情况：公务接待费0元，完成年初预算的0%")
    for item in _line_items(ctx, list(ctx.items)):
        if "三公经费使用情况" in item.key:
            table = ThreePublicTable(title="报告正文/三公经费使用情况")
            for st in three_public_statements(read_text(item.text, ctx.doc.id)):
                if st.rate is None or st.component == ThreePublicComponent.TOTAL:
                    continue
                row = ThreePublicRow(component=st.component, label=st.name)
                row.actual = _wan(st.actual, st.sentence)
                row.stated_control_rate = st.rate.value
                said = st.sentence.raw
                row.sources["actual"] = ctx.src(item, said)
                row.sources["stated_control_rate"] = ctx.src(item, said)
                table.rows = [*table.rows, row]
            if table.rows:
                table.sources["title"] = ctx.src(item)
                if not any(_same_rows(t, table) for t in package.three_public_tables):
                    package.three_public_tables = [*package.three_public_tables, table]


def _walk(sections: list[ReportSection]) -> list[ReportSection]:
    out: list[ReportSection] = []
    for sec in sections:
        out.append(sec)
        out.extend(_walk(sec.subsections))
    return out


def _same_rows(a: ThreePublicTable, b: ThreePublicTable) -> bool:
    return [(r.component, r.actual, r.budget) for r in a.rows] == [
        (r.component, r.actual, r.budget) for r in b.rows
    ]


def _sentences(ctx: Context, text: str, table: ThreePublicTable, section: ReportSection) -> None:
    """The 三公 statements of ``text`` into ``table``: budget, actual, completion, change per component."""
    for st in _settled(read_text(text, ctx.doc.id)):
        row = table.row(st.component)
        new = row is None
        if row is None:
            name = st.name if st.component == ThreePublicComponent.TOTAL else st.name.strip("“”")
            row = ThreePublicRow(component=st.component, label=name)
        line_item = _line_of(ctx, section, st.sentence.raw)
        if st.budget is not None and row.budget is None:
            row.budget = _wan(st.budget, st.sentence)
            row.sources["budget"] = line_item
        if row.actual is None:
            row.actual = _wan(st.actual, st.sentence)
            row.sources["actual"] = line_item
        if st.rate is not None and row.stated_control_rate is None:
            row.stated_control_rate = st.rate.value
            row.sources["stated_control_rate"] = line_item
        ch = st.change
        if ch is not None and ch.amount is not None and row.stated_change_amount is None:
            sign = Decimal(-1) if ch.direction == "down" else Decimal(1)
            amount = _wan(ch.amount, st.sentence)
            row.stated_change_amount = sign * amount
            row.sources["stated_change_amount"] = line_item
            if ch.rate is not None:
                row.stated_change_rate = sign * ch.rate.value
                row.sources["stated_change_rate"] = line_item
        if new:
            table.rows = [*table.rows, row]


def _settled(sentences: list[Sentence]) -> list[ThreePublicStatement]:
    """The 三公 statements that print a 决算 figure ("支出决算为1.63万元")."""
    return [st for st in three_public_statements(sentences) if "决算" in st.actual.label]


def _wan(q: Quantity, sentence: Sentence) -> Decimal:
    """A money figure in 万元: 亿元 / 千元 / 元 converted, except a figure in 元 among 万元 figures of its
    sentence, which is a slip kept as printed (the checker reports it, UNT001)."""
    amount = q.amount
    if amount is None:
        return q.value
    if amount.unit == "元" and any(other.unit == "万元" for other in sentence.quantities):
        return q.value
    return amount.wan()


def _line_of(ctx: Context, section: ReportSection, snippet: str) -> SourceLocation:
    probe = squash(snippet)[:12]
    for item in ctx.items:
        if probe and probe in item.key:
            return ctx.src(item, snippet)
    return ctx.src(ctx.items[0].loc, snippet).model_copy(update={"line": section.line})


# budget figures stated in the report ----------------------------------------------------------------


def parse_budget_sentences(ctx: Context, package: EvaluationPackage) -> None:
    """收入 / 支出 figures of a report's 预算收支情况 section, when no form states them."""
    for item in ctx.items:
        if item.table is not None:
            continue
        sentences = read_text(item.text, ctx.doc.id)
        if package.income is None or ("预算收入" in item.text and not package.income.sources):
            income_figure = next(
                (
                    q
                    for _, q in named(sentences, "预算收入")
                    if q.year is not None and q.year.year is not None
                ),
                None,
            )
            if income_figure is not None:
                income = package.income or IncomeBySource()
                income.general_public = _plain_wan(income_figure)
                income.sources["general_public"] = ctx.src(item, income_figure.lead + income_figure.raw)
                other = next((q for _, q in named(sentences, "其他资金来源")), None)
                if other is not None:
                    income.other = _plain_wan(other)
                    income.sources["other"] = ctx.src(item, other.lead + other.raw)
                package.income = income
                continue
        if package.expenditure is None:
            split = next(
                (
                    t
                    for s in sentences
                    for t in s.of(Total)
                    if t.whole.label == "支出"
                    and t.whole.verb in ("", "为")
                    and t.whole.year is not None
                    and t.whole.year.year is not None
                    and [p.label for p in t.parts] == ["基本支出", "项目支出"]
                ),
                None,
            )
            if split is not None:
                said = item.text[split.whole.offset : split.parts[-1].offset + len(split.parts[-1].raw)]
                exp = ExpenditureByNature()
                for attr, q in (
                    ("total", split.whole),
                    ("basic", split.parts[0]),
                    ("project", split.parts[1]),
                ):
                    setattr(exp, attr, _plain_wan(q))
                    exp.sources[attr] = ctx.src(item, said)
                package.expenditure = exp


def _plain_wan(q: Quantity) -> Decimal:
    return q.amount.wan() if q.amount is not None else q.value


# part scores stated in the text -------------------------------------------------------------------

_PART_SCORE_GROUPS = (
    "服务对象满意度指标",
    "服务对象满意度",
    "满意度指标",
    "满意度",
    "预算执行情况",
    "预算执行率",
    "预算执行",
    "产出指标",
    "成本指标",
    "效益指标",
    "效益情况",
)
_SUMMARY = "项目绩效自评综述"


def parse_text_scores(ctx: Context, package: EvaluationPackage, flow: FlowText) -> None:
    """Part scores ("产出指标得分40分") and project scores ("X项目绩效自评综述：…自评得分为97分")."""
    joined = flow.text.replace("\u0001", "")
    sentences = read_text(joined, ctx.doc.id)
    if package.overall is not None:
        found: list[StatedSubtotal] = []
        for _, q in part_scores(sentences):
            group = q.label.removesuffix("得分")
            label = next((g for g in _PART_SCORE_GROUPS if group.endswith(g)), None)
            if label is None:
                continue
            level1 = None if label.startswith("预算执行") else level1_of(label.removeprefix("服务对象"))
            found.append(StatedSubtotal(label=f"{label}得分", level1=level1, score=q.value, where="报告正文"))
        if found:
            package.overall.subtotals = [*package.overall.subtotals, *found]
    for sentence, q in stated_scores(sentences):
        k = sentence.text.find(_SUMMARY)
        if k <= 0 or q.at < k:
            continue
        name = re.split(r"[。：:；）)]", sentence.text[:k])[-1].strip()
        where = flow.item_at(_flow_offset(flow, sentence.offset))
        best = None
        best_ratio = 0.0
        for project in package.projects:
            ratio = difflib.SequenceMatcher(None, name, project.name or "").ratio()
            if ratio > best_ratio:
                best, best_ratio = project, ratio
        if best is None or best_ratio < 0.75:
            ctx.issue(where, "报告中的项目自评得分找不到对应的项目自评表", sentence.raw[:80])
            continue
        best.subtotals = [
            *best.subtotals,
            StatedSubtotal(label=f"{name}项目绩效自评得分", score=q.value, where="报告正文"),
        ]


def _flow_offset(flow: FlowText, offset: int) -> int:
    """An offset in the flow text without its separators → the offset in ``flow.text``."""
    seen = 0
    for i, ch in enumerate(flow.text):
        if ch == "\u0001":
            continue
        if seen == offset:
            return i
        seen += 1
    return len(flow.text) - 1


__all__ = [
    "THREE_PUBLIC_LABELS",
    "FlowText",
    "flow_text",
    "parse_reports",
    "parse_text_facts",
    "parse_text_scores",
    "parse_three_public_sentences",
]
