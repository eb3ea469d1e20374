"""The structuring layer: blocks of any format -> evaluation packages.

Every reader yields a :class:`~jixiao.importers.blocks.Document`; this module recognises which forms
it holds (部门整体支出绩效自评表, 项目支出绩效自评表 — several per document —, 基础数据表, 评分表,
考核评分表, the nine 部门决算 tables, narrative reports and their sections, cover page,
evaluators) and fills one package per unit and year. Figures that no recogniser placed are listed in
the package's import report, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache

from jixiao.layouts.spec import scope_by_header, self_evaluation_specs
from jixiao.layouts.words import Vocabulary, header_key
from jixiao.model import (
    CoverPage,
    EvaluationPackage,
    ReadCoverage,
    Scope,
    SelfEvaluation,
    SourceDocument,
    SourceLocation,
    Unit,
)
from jixiao.model.bounds import importing

from .base_data import parse_base_data
from .blocks import Cell, Document
from .context import Context, Item
from .coverage import measure_coverage
from .errors import Deadline, DocumentError
from .final_accounts import parse_final_accounts, parse_final_accounts_notes
from .flow_forms import parse_flow_overall
from .forms import (
    continue_form,
    fraction_rates,
    funds_header,
    indicator_header,
    parse_footer,
    parse_form_rows,
)
from .identity import find_year, unit_candidates, unit_from_labels, weak_unit
from .narrative import (
    flow_text,
    parse_budget_sentences,
    parse_document_text,
    parse_reports,
    parse_text_facts,
    parse_text_scores,
    parse_three_public_sentences,
)
from .normalize import parse_number, squash
from .overall_facts import parse_evaluators, parse_figure_rows, parse_unit_facts
from .places import jurisdiction_of, province_of
from .scoring_forms import find_scoring_tables, parse_results, parse_scoring_streams
from .stream_forms import parse_stream_forms
from .three_public import parse_flow_three_public, parse_three_public_tables

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")


@importing  # an absurd printed figure goes to the import report, not a crash
def structure(
    doc: Document, deadline: Deadline | None = None, *, strict: bool = False
) -> list[EvaluationPackage]:
    """Map a read document onto packages (one per unit and year).

    A recogniser that fails on an odd document is reported in the import report and the others
    go on; ``strict=True`` (the tests) lets the failure through instead.
    """
    deadline = deadline or Deadline.unlimited(doc.filename or doc.id)
    ctx = Context.build(doc, deadline)
    if not any(item.key for item in ctx.items):
        raise DocumentError(doc.filename or doc.id, "文档中没有可导入的文字")
    year_item, found_year = find_year(ctx, doc.filename)
    year = found_year if found_year is not None else date.today().year - 1
    name_item, name, strong = unit_from_labels(ctx)  # identity.py: the one unit finder
    unit = Unit(name=name or "（未识别的单位）")
    if name_item is not None:
        unit.sources["name"] = ctx.src(name_item)
    else:
        ctx.issue(ctx.items[0].loc, "没有识别出单位名称", None)
    unit.jurisdiction = jurisdiction_of(unit.name)
    package = EvaluationPackage(year=year, unit=unit, year_stated=found_year is not None)
    if found_year is None:  # still read and checked; the year-bound checks are left out
        ctx.issue(
            ctx.items[0].loc,
            f"没有识别出评价年度（标题、正文和文件名中都未见“20XX年”），暂按{year}年处理；"
            "与评价年度比较的检查（标题年度、填报日期等）未做",
            None,
        )
    package.sources["year"] = (
        ctx.src(year_item) if year_item is not None else SourceLocation(document=doc.id, text=doc.filename)
    )
    package.documents = [
        SourceDocument(
            id=doc.id, filename=doc.filename, kind=doc.kind, sha256=doc.sha256, title=_doc_title(ctx)
        )
    ]
    steps: list[Callable[[Context, EvaluationPackage], None]] = [
        _cover,
        parse_base_data,
        _forms,
        parse_stream_forms,
        fraction_rates,
        _scoring,
        parse_results,
        _final_accounts,
        parse_figure_rows,
        parse_three_public_tables,
        parse_unit_facts,
        parse_evaluators,
        parse_flow_overall,
        parse_scoring_streams,
        parse_flow_three_public,
        parse_reports,
        _text_facts,
        parse_three_public_sentences,
        parse_budget_sentences,
        parse_final_accounts_notes,
        _declarations,
        parse_document_text,
    ]
    for step in steps:
        try:
            step(ctx, package)
        except DocumentError:
            raise
        except Exception as exc:  # a recogniser's bug must not lose the rest of the document
            if strict:
                raise
            ctx.issue(
                ctx.items[0].loc,
                f"导入程序内部错误（{step.__name__}：{type(exc).__name__}），这一部分未能导入，请报告此问题",
                None,
            )
    if not strong:
        _settle_unit(ctx, package)
    for loc, reason, text in doc.warnings:
        ctx.issue(loc, reason, text)
    _unplaced(ctx)
    package.import_report = ctx.issues
    package.coverage = coverage = measure_coverage(ctx, package)
    if found_year is None and _nothing_read(coverage):
        raise DocumentError(
            doc.filename or doc.id,
            "没有识别出评价年度（标题、正文和文件名中都未见“20XX年”），也没有读出任何评价表、表格数字或可核对的句子，"
            "无法建立评价包",
        )
    return [package]


def _nothing_read(coverage: ReadCoverage) -> bool:
    """Nothing of the document found a place: no form, no kind of content, no figure, no sentence."""
    return not (coverage.forms or coverage.kinds or coverage.figures_placed or coverage.sentences_related)


def _declarations(ctx: Context, package: EvaluationPackage) -> None:
    from jixiao.indicators.declaration_form import fill_declarations  # 绩效目标申报表 (issue 13)

    fill_declarations(ctx.doc, package)
    if package.targets and not package.unit.jurisdiction:  # a unit the declaration named
        package.unit.jurisdiction = jurisdiction_of(package.unit.name)
    for decl in package.targets:  # the province's weighting (data/places): 四川 keeps 10 for 预算执行率
        if decl.execution_weight is not None or decl.stated_total_weight is not None:
            continue
        province = province_of(decl.implementing_unit or decl.department or package.unit.name)
        if province is not None and province.declarations is not None:
            decl.execution_weight = province.declarations.execution_weight


def _scoring(ctx: Context, package: EvaluationPackage) -> None:
    for kind, table in find_scoring_tables(ctx):
        if kind == "work_assessment":
            package.work_assessment = table
        elif package.scoring_table is None:
            package.scoring_table = table


def _final_accounts(ctx: Context, package: EvaluationPackage) -> None:
    package.final_accounts = parse_final_accounts(ctx)
    if package.final_accounts is not None and package.cover is not None:
        package.final_accounts.title = package.cover.title


def _text_facts(ctx: Context, package: EvaluationPackage) -> None:
    flow = flow_text(ctx)
    parse_text_facts(ctx, package, flow)
    parse_text_scores(ctx, package, flow)


def _settle_unit(ctx: Context, package: EvaluationPackage) -> None:
    """Replace a guessed unit name by one the forms, cover, title or signature state."""
    for name, item in unit_candidates(ctx, package):
        _set_unit(ctx, package, name, item)
        return
    weak_item, weak_name = weak_unit(ctx)
    if weak_name is not None:
        _set_unit(ctx, package, weak_name, weak_item)


def _set_unit(ctx: Context, package: EvaluationPackage, name: str, item: Item | None) -> None:
    package.unit.name = name
    package.unit.jurisdiction = jurisdiction_of(name)
    if item is not None:
        package.unit.sources["name"] = ctx.src(item)
    package.import_report = [i for i in ctx.issues if i.reason != "没有识别出单位名称"]
    ctx.issues[:] = package.import_report


def _doc_title(ctx: Context) -> str | None:
    for item in ctx.items[:40]:
        if item.table is None and len(item.key) >= 6 and re.search(r"(报告|决算|自评表|数据表)$", item.key):
            return item.joined.strip()
    return None


def _cover(ctx: Context, package: EvaluationPackage) -> None:
    cover = CoverPage()
    fields = (
        ("unit_name", r"^部门[（(]单位[）)]名称[:：]\s*(.+)$"),
        ("budget_code", r"^预\s*算\s*编\s*码[:：]\s*(.+)$"),
        ("method", r"^评价方式[:：]\s*(.+)$"),
        ("evaluator", r"^评价机构[:：]\s*(.+)$"),
        ("report_date", r"^报告日期[:：]\s*(.+)$"),
    )
    for item in ctx.items[:40]:
        text = item.text.strip().replace("\u3000", " ")
        for attr, pattern in fields:
            m = re.match(pattern, text)
            if m and getattr(cover, attr) is None:
                setattr(cover, attr, m.group(1).strip())
                cover.sources[attr] = ctx.src(item)
                ctx.use(item)
        if re.search(r"[（(]制[）)]$", text) and cover.issuer is None:
            cover.issuer = text
            cover.sources["issuer"] = ctx.src(item)
            ctx.use(item)
    if cover.unit_name is not None:
        # the title stands above the unit line: "岳阳楼区2021年度部门（单位）整体支出" / "绩效评价自评报告"
        first = ctx.items[0] if ctx.items else None
        if first is not None and first.table is None and _YEAR.search(first.text):
            parts = [first.text.strip()]
            second = ctx.items[1] if len(ctx.items) > 1 else None
            if second is not None and second.table is None and second.key.endswith("报告"):
                parts.append(second.text.strip())
                ctx.use(second)
            cover.title = "".join(parts)
            cover.sources["title"] = ctx.src(first)
            ctx.use(first)
        if cover.budget_code and package.unit.budget_code is None:
            package.unit.budget_code = cover.budget_code
            package.unit.sources["budget_code"] = cover.sources["budget_code"]
        package.cover = cover
        return
    # 部门决算 cover: "2022年度" / "<unit>" / "部门决算"
    head = [it for it in ctx.items[:6] if it.table is None]
    for k, item in enumerate(head):
        if item.key == "部门决算" and k >= 1:
            parts = [h.text.strip() for h in head[: k + 1]]
            cover.title = "".join(parts)
            cover.sources["title"] = ctx.src(head[0])
            if k >= 2:
                cover.unit_name = head[k - 1].text.strip()
                cover.sources["unit_name"] = ctx.src(head[k - 1])
            for h in head[: k + 1]:
                ctx.use(h)
            package.cover = cover
            return


def _form_title(ctx: Context, t: int, first_row: int) -> Item | None:
    table = ctx.tables[t]
    for row in table.rows[:first_row][::-1]:
        for cell in row:
            key = squash(cell.text)
            if re.search(r"整体支出绩效自评(情况|表)$", key):
                item = next(it for it in ctx.items if it.cell is cell)
                return item
    if first_row <= 2:
        before = ctx.paragraphs_before(t, 4)
        for item in before:
            if item.key.startswith("附件") and len(item.key) < 10:
                ctx.use(item)
        for item in before:
            if "自评表" in item.key or "自评情况" in item.key:
                return item
    return None


def _forms(ctx: Context, package: EvaluationPackage) -> None:
    for t, table in enumerate(ctx.tables):
        ctx.deadline.check()
        funds_rows = [r for r, row in enumerate(table.rows) if funds_header(row) is not None]
        indicator_rows = [r for r, row in enumerate(table.rows) if indicator_header(row) is not None]
        if not funds_rows and not indicator_rows:
            last = package.projects[-1] if package.projects else package.overall
            between = _between_tables(ctx, t)
            if last is not None and last.truncated and between is not None:
                continue_form(ctx, t, last, between)
            continue
        if any("评分标准" in squash(c.text) for row in table.rows for c in row):
            continue
        starts = _form_starts(table.rows, sorted({*funds_rows, *indicator_rows}))
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else len(table.rows)
            _read_form(ctx, package, t, s, e, k)


def _between_tables(ctx: Context, t: int) -> list[Item] | None:
    """The lines between table ``t`` and the one before when nothing but page numbers and short
    labels (a merged cell's heading cut by the page break) stand there — the rest of a form whose
    table broke at the end of a page; ``None`` when other text separates them."""
    if t == 0:
        return None
    between = ctx.items[ctx.table_start[t - 1] : ctx.table_start[t]]
    prose = [it for it in between if it.table is None and it.text.strip()]
    if all(re.fullmatch(r"[\s\-—–第页/\d]*", it.text) or len(it.key) <= 8 for it in prose):
        return prose
    return None


def _form_starts(rows: Sequence[Sequence[Cell]], headers: list[int]) -> list[int]:
    """Where each form of a table begins: its title or head rows before a funds or indicator header.

    A header starts a new form when a title ("…绩效自评表") or head row (项目名称 …) stands between it
    and the previous header; the form then begins at the earliest such row. A document excerpt may
    start inside a form (its first rows are the tail of a form whose head was not printed): that tail
    is a form of its own, from row 0.
    """
    starts: list[int] = []
    previous = -1
    for h in headers:
        heads = [
            r
            for r in range(max(previous + 1, h - 10), h)
            if _is_form_head(rows[r]) or _is_form_title_row(rows[r])
        ]
        if not starts:
            starts.append(heads[0] if heads else (0 if h <= 12 else h))
        elif heads:
            starts.append(heads[0])
        previous = h
    if starts and starts[0] > 0 and any(h < starts[0] for h in headers):
        starts.insert(0, 0)
    return starts or [0]


def _project_header(rows: Sequence[Sequence[Cell]]) -> bool:
    """A headless fragment's header prints columns only project specs declare (指标性质 / 度量单位)."""
    return scope_by_header(header_key(c.text) for row in rows[:12] for c in row) == "project"


def _is_form_title_row(row: Sequence[Cell]) -> bool:
    return any(
        re.search(r"绩效自评(表|情况|结果表)", squash(c.text)) for c in row if len(squash(c.text)) <= 40
    )


def _read_form(ctx: Context, package: EvaluationPackage, t: int, s: int, e: int, k: int) -> None:
    table = ctx.tables[t]
    rows = table.rows[s:e]
    keys = {squash(c.text) for row in rows for c in row}
    is_project = any(_names_project(k) for k in keys)
    title = _form_title(ctx, t, s) if k == 0 else _title_in_rows(ctx, t, s, e)
    if title is not None and "项目" in title.key:
        is_project = True
    scope = Scope.PROJECT if is_project else Scope.OVERALL
    # the tail of a form whose head the excerpt (or a page break) lost: no title, no head rows
    fragment = title is None and s == 0 and not any(_is_form_head(r) for r in rows)
    if fragment and not is_project:
        later = " ".join(it.text for it in ctx.items[ctx.table_start[t] :] if it.table != t)[:4000]
        later += " ".join(c.text for row in table.rows[e : e + 12] for c in row)  # the next form, same table
        if re.search(r"项目(支出)?(绩效)?自评|项目名称|项目支出名称", later):
            scope = Scope.PROJECT
        elif _project_header(rows):
            scope = Scope.PROJECT  # its header is a project variant's (四川 指标性质 / 度量单位)
    if scope == Scope.OVERALL and package.overall is not None:
        scope = Scope.PROJECT
    ev = parse_form_rows(ctx, t, s, e, scope, title)
    if fragment:
        ev.truncated = True  # its head was not printed: what it sums is not the whole form
    if title is not None and ev.title is not None:
        ev.title = re.sub(r"^[一二三四五六七八九十]+、", "", ev.title)
    _attach_footer(ctx, t, ev)
    if not ev.indicators and ev.funds is None and ev.stated_total_score is None:
        return
    if scope == Scope.OVERALL:
        package.overall = ev
    else:
        package.projects = [*package.projects, ev]


def _title_in_rows(ctx: Context, t: int, s: int, e: int) -> Item | None:
    for row in ctx.tables[t].rows[s : min(e, s + 3)]:
        for cell in row:
            if _is_form_title_row([cell]):
                return next(it for it in ctx.items if it.cell is cell)
    return None


def _is_form_head(row: Sequence[Cell]) -> bool:
    """A 自评表's head row: a cell names one of its head fields (项目名称, 主管部门, 实施单位 …) in a spec,
    or the project's span, direction or investment."""
    return any(_head_field(c.text) or squash(c.text).startswith(_HEAD_PREFIXES) for c in row)


_HEAD_PREFIXES = ("项目总实施期", "支出方向名称", "项目总投资")


@cache
def _head_vocabularies() -> tuple[Vocabulary, ...]:
    return tuple(v for s in self_evaluation_specs() for v in s.fields.values())


def _names_project(key: str) -> bool:
    """Whether a cell is a project form's 项目名称 label (a head field only project specs declare)."""
    return bool(key) and any(
        "name" in s.fields and s.fields["name"].match(key) for s in self_evaluation_specs("project")
    )


def _head_field(text: str) -> bool:
    key = header_key(text)
    return bool(key) and any(v.match_key(key) for v in _head_vocabularies())


_NOTE = re.compile(r"^(?:注|说明)\d?[:：.、]")


def _attach_footer(ctx: Context, t: int, ev: SelfEvaluation) -> None:
    table = ctx.tables[t]
    end = ctx.table_start[t] + sum(len(r) for r in table.rows)
    for item in ctx.items[end : end + 30]:
        if item.table is not None and _is_big_table(ctx, item.table):
            break
        if item.key.startswith("备注") and "优" in item.key:
            ev.grade_note = re.sub(r"^备注[:：]\s*", "", item.text.strip())
            ev.sources["grade_note"] = ctx.src(item)
            ctx.use(item)
        elif ev.grade_note is None and _NOTE.match(squash(item.text)):
            # the form's own note printed under it ("注:1.一级指标分值统一设置为:…"), as a grid keeps it
            ev.grade_note = item.text.strip()
            ev.sources["grade_note"] = ctx.src(item)
            ctx.use(item)
        footer = parse_footer(ctx, item)
        if footer is not None:
            ev.footer = footer
            return


def _is_big_table(ctx: Context, t: int) -> bool:
    table = ctx.tables[t]
    return len(table.rows) > 3


def _unplaced(ctx: Context) -> None:
    """List figures in tables that no recogniser placed, so nothing is dropped silently."""
    for item in ctx.items:
        if ctx.is_used(item):
            continue
        text = item.text.strip()
        if not text:
            continue
        if item.table is not None:
            if parse_number(text) is not None or re.search(r"\d+(\.\d+)?\s*(万元|元|%|分)", text):
                ctx.issue(item, "表格中的内容未能归入评价包", text)
        elif re.search(r"\d", text) and len(text) < 200:
            ctx.issue(item, "未能归入评价包的文字（含数字）", text)
