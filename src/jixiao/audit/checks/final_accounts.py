"""Checks on the 部门决算 disclosure tables 公开01–09 (RULES.md §5.2 identities).

Within tables: 01 本年收入合计 = Σ 收入行, 本年支出合计 = Σ 功能分类类级行, 总计 = 合计 + 结转结余,
收入总计 = 支出总计; 02/03/05 合计列 = Σ 分列, 类 = Σ 款, 款 = Σ 项, 合计行 = Σ 类; 06 each
经济分类 class (301/302/303/307/310/399) = Σ its items, 人员经费合计 = 301 + 303, 公用经费合计 =
302 + 307 + 310 + 399. Between tables: 01 ↔ 02, 01 ↔ 03, 01 ↔ 04, 04 ↔ 05, 05 基本支出 ↔ 06.
Where the set announces 尾数误差 ("金额单位转换时可能存在尾数误差"), a difference of at most 0.01 is
reported as the info RND001 instead of an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.figures import Completion, Share, find_labelled, is_budget, is_change
from jixiao.figures.subjects import three_public_component
from jixiao.importers.final_accounts import (
    NoteFigure,
    disclosure_of,
    note_figures,
    note_sections,
    table_row,
)
from jixiao.layouts.spec import DisclosureTable
from jixiao.model import (
    EvaluationPackage,
    FinalAccountsTable,
    LineItem,
    ReportSection,
    ThreePublicComponent,
)

from ..findings import Finding, FindingLocation
from ..numbers import HUNDRED, decimals, rate_matches, show, total
from ..registry import CheckContext, declare, locate, package_document, register

declare(
    "SUM009",
    "sum_mismatch",
    "error",
    "公开06表经济分类款级科目之和与类级小计不符",
    "301/302/303/307/310/399 类 = Σ 其下各款（RULES.md §5.2 第8项）",
    "301 工资福利支出192.43，各款之和192.53",
)
declare(
    "SUM010",
    "sum_mismatch",
    "error",
    "公开06表人员经费合计或公用经费合计与类级小计不符",
    "人员经费合计 = 301 + 303；公用经费合计 = 302 + 307 + 310 + 399",
    "人员经费合计193.51 = 192.43 + 1.08",
)
declare(
    "SUM011",
    "sum_mismatch",
    "error",
    "功能分类科目上下级之和不符",
    "类 = Σ 款；款 = Σ 项（各列）",
    "208 项目支出空白，其下各款项目支出之和36.88",
)
declare(
    "SUM012",
    "sum_mismatch",
    "error",
    "决算表一行中合计与各分列之和不符",
    "本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；本年收入合计 = Σ 各收入列",
    "公开03表208行：合计244.97，基本支出208.09 + 项目支出（空） = 208.09",
)
declare(
    "SUM013",
    "sum_mismatch",
    "error",
    "决算表“合计”行与各类级科目之和不符",
    "合计 = Σ 类级科目（各列）",
    "公开05表合计244.97 = 208 类 244.97",
)
declare(
    "SUM014",
    "sum_mismatch",
    "error",
    "收入支出决算总表（公开01/04表）恒等式不成立",
    "本年收入合计 = Σ 收入项；本年支出合计 = Σ 支出功能分类；总计 = 本年合计 + 结转结余；收入总计 = 支出总计",
    "公开01表本年收入合计251.21 = 244.97 + 6.24",
)
declare(
    "REC001",
    "reconciliation",
    "error",
    "决算表之间对应数字不一致",
    "01本年收入合计 = 02合计；01本年支出合计 = 03合计；04一般公共预算支出 = 05合计；05基本支出 = 06人员经费 + 公用经费",
    "公开05表基本支出208.09，公开06表人员经费193.51 + 公用经费14.58 = 208.09",
)
declare(
    "RND001",
    "sum_mismatch",
    "info",
    "尾数误差，已容忍",
    "报表声明“金额单位转换时可能存在尾数误差”时，相差不超过0.01视为尾数误差",
    "303 对个人和家庭的补助1.08，各款之和1.07",
)


def _label(t: FinalAccountsTable) -> str:
    if "stated_in_text" in t.sources and "title" not in t.sources:
        return f"说明中的{t.title}"
    if t.number.isdigit() and int(t.number) <= 9:
        return f"公开{t.number}表"
    return t.title


def _tail_error_announced(package: EvaluationPackage) -> bool:
    fa = package.final_accounts
    if fa is None:
        return False
    return any("尾数" in (t.note or "") for t in fa.tables)


def _loc(t: FinalAccountsTable, ti: int, row: LineItem, ri: int, column: str) -> FindingLocation:
    return locate(
        row,
        f"final_accounts.tables[{ti}].rows[{ri}].values.{column}",
        "values",
        table=_label(t),
        column=t.columns.get(column, column),
    )


def _compare(
    ctx: CheckContext,
    tail: bool,
    code: str,
    message: str,
    stated: Decimal,
    computed: Decimal,
    location: FindingLocation,
) -> Iterator[Finding]:
    diff = abs(stated - computed)
    if diff == 0:
        return
    if diff <= ctx.amount_tolerance:
        if tail:
            yield ctx.emit(
                "RND001",
                f"{message}（相差{show(diff)}，尾数误差，已容忍）",
                location,
                stated=stated,
                computed=computed,
            )
        return
    yield ctx.emit(code, message, location, stated=stated, computed=computed)


def _value(row: LineItem, column: str) -> Decimal | None:
    return row.values.get(column)


@register("SUM009", "SUM010", "RND001")
def check_economic_items(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    fa = package.final_accounts
    if fa is None:
        return
    tail = _tail_error_announced(package)
    for ti, t in enumerate(fa.tables):
        if t.number != "06":
            continue
        rows = list(enumerate(t.rows))
        classes = {r.code: (ri, r) for ri, r in rows if r.code and len(r.code) == 3}
        for code, (ri, r) in classes.items():
            for column in r.values:
                whole = _value(r, column)
                items = [
                    _value(x, column)
                    for _, x in rows
                    if x.code and len(x.code) == 5 and x.code.startswith(code)
                ]
                if whole is None or all(i is None for i in items):
                    continue
                s = total(items)
                yield from _compare(
                    ctx,
                    tail,
                    "SUM009",
                    f"{_label(t)}{code} {r.name}：小计{show(whole)}万元，其下各款之和{show(s)}万元。",
                    whole,
                    s,
                    _loc(t, ti, r, ri, column),
                )
        amount = {c: _value(r, "amount") for c, (_, r) in classes.items()}
        for name, codes in (("人员经费合计", ("301", "303")), ("公用经费合计", ("302", "307", "310", "399"))):
            hit = next(
                ((ri, r) for ri, r in rows if r.code is None and r.name.replace(" ", "") == name), None
            )
            if hit is None or _value(hit[1], "amount") is None:
                continue
            ri, r = hit
            whole = _value(r, "amount")
            assert whole is not None
            present = [amount.get(c) for c in codes]
            if all(p is None for p in present):
                continue
            s = total(present)
            yield from _compare(
                ctx,
                tail,
                "SUM010",
                f"{_label(t)}{name}{show(whole)}万元，{' + '.join(codes)} = {show(s)}万元。",
                whole,
                s,
                _loc(t, ti, r, ri, "amount"),
            )


_PART_COLUMNS = (
    "basic",
    "project",
    "to_upper",
    "operating",
    "to_affiliated",
    "fiscal",
    "upper_level",
    "business",
    "affiliated",
    "other_income",
    "general_public",
    "gov_fund",
    "state_capital",
)


def _parts(t: FinalAccountsTable) -> list[str]:
    """The columns that add up to 合计: as the table's spec declares them, else the usual ones."""
    spec = disclosure(t.number)
    if spec is not None and spec.parts:
        return [c for c in t.columns if c in spec.parts]
    return [c for c in t.columns if c in _PART_COLUMNS]


def _broken_rows(t: FinalAccountsTable) -> dict[int, list[str]]:
    """Rows whose 合计 column differs from the sum of their part columns (index → part columns)."""
    out: dict[int, list[str]] = {}
    for ri, r in enumerate(t.rows):
        whole = r.values.get("total")
        parts = _parts(t)
        if whole is None or not parts:
            continue
        values = [r.values.get(c) for c in parts]
        if all(v is None for v in values):
            continue
        if abs(total(values) - whole) > Decimal("0.01"):
            out[ri] = parts
    return out


@register("SUM011", "SUM012", "SUM013", "RND001")
def check_functional_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    fa = package.final_accounts
    if fa is None:
        return
    tail = _tail_error_announced(package)
    for ti, t in enumerate(fa.tables):
        if t.number in ("01", "04", "06", "07", "B01", "B04", "B06", "B07"):
            continue
        broken = _broken_rows(t)
        parts = _parts(t)
        for ri in broken:
            r = t.rows[ri]
            whole = r.values["total"]
            assert whole is not None
            s = total([r.values.get(c) for c in parts])
            shown = " + ".join(
                f"{t.columns[c]}{show(r.values.get(c)) if r.values.get(c) is not None else '（空）'}"
                for c in parts
                if c in t.columns
            )
            yield from _compare(
                ctx,
                tail,
                "SUM012",
                f"{_label(t)}“{r.code or ''}{r.name}”行：合计{show(whole)}万元，{shown} = {show(s)}万元。",
                whole,
                s,
                _loc(t, ti, r, ri, "total"),
            )
        coded = [(ri, r) for ri, r in enumerate(t.rows) if r.code]
        for ri, r in coded:
            assert r.code is not None
            child_len = {3: 5, 5: 7}.get(len(r.code))
            if child_len is None:
                continue
            children = [
                (ci, c)
                for ci, c in coded
                if c.code and len(c.code) == child_len and c.code.startswith(r.code)
            ]
            if not children:
                continue
            yield from _hierarchy(
                ctx, tail, t, ti, r, ri, children, broken, "SUM011", f"{_label(t)}“{r.code} {r.name}”"
            )
        top = next(
            (
                (ri, r)
                for ri, r in enumerate(t.rows)
                if r.code is None and r.name.replace(" ", "") in ("合计", "总计")
            ),
            None,
        )
        classes = [(ci, c) for ci, c in coded if c.code and len(c.code) == 3]
        if top is not None and classes:
            yield from _hierarchy(
                ctx, tail, t, ti, top[1], top[0], classes, broken, "SUM013", f"{_label(t)}“合计”行"
            )


def _hierarchy(
    ctx: CheckContext,
    tail: bool,
    t: FinalAccountsTable,
    ti: int,
    parent: LineItem,
    pi: int,
    children: list[tuple[int, LineItem]],
    broken: dict[int, list[str]],
    code: str,
    where: str,
) -> Iterator[Finding]:
    for column in t.columns:
        whole = parent.values.get(column)
        values = [c.values.get(column) for _, c in children]
        if whole is None and all(v is None for v in values):
            continue
        involved = [(pi, whole)] + [(ci, c.values.get(column)) for ci, c in children]
        if any(idx in broken and v is None for idx, v in involved):
            continue  # a blank cell already reported by the row identity (SUM012)
        whole_value = Decimal(0) if whole is None else whole
        s = total(values)
        yield from _compare(
            ctx,
            tail,
            code,
            f"{where}“{t.columns[column]}”列{show(whole_value)}万元，下级科目之和{show(s)}万元。",
            whole_value,
            s,
            _loc(t, ti, parent, pi, column),
        )


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


_ALIASES = {"总计": {"income": "收入总计", "expenditure": "支出总计"}}
"""A 说明 names a two-sided table's 总计 by its side: 收入总计 / 支出总计."""


def _find(t: FinalAccountsTable, name: str, side: str | None = None) -> tuple[int, LineItem] | None:
    names = {name}
    if side is not None and name in _ALIASES:
        names.add(_ALIASES[name][side])
    for ri, r in enumerate(t.rows):
        if r.name.replace(" ", "") in names and (side is None or r.side == side):
            return ri, r
    return None


@register("SUM014", "RND001")
def check_summary_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    fa = package.final_accounts
    if fa is None:
        return
    tail = _tail_error_announced(package)
    for ti, t in enumerate(fa.tables):
        if t.number not in ("01", "04", "B01", "B04"):
            continue
        income_total_name = "本年收入合计"
        expenditure_total_name = "本年支出合計".replace("計", "计")
        columns = list(t.columns)
        for side, total_name in (("income", income_total_name), ("expenditure", expenditure_total_name)):
            hit = _find(t, total_name, side)
            if hit is None:
                continue
            ri, tr = hit
            items = [
                r
                for r in t.rows
                if r.side == side
                and _NUMBERED.match(r.name)
                and (r.row_number is None or tr.row_number is None or r.row_number < tr.row_number)
            ]
            for column in columns:
                whole = tr.values.get(column)
                values = [r.values.get(column) for r in items]
                if whole is None or all(v is None for v in values):
                    continue
                s = total(values)
                yield from _compare(
                    ctx,
                    tail,
                    "SUM014",
                    f"{_label(t)}{total_name}“{t.columns[column]}”{show(whole)}万元，各项之和{show(s)}万元。",
                    whole,
                    s,
                    _loc(t, ti, tr, ri, column),
                )
        # 总计 = 本年合计 + 结转结余 on each side, and 收入总计 = 支出总计
        grand = {side: _find(t, "总计", side) for side in ("income", "expenditure")}
        for side, base_name, extra_names in (
            ("income", "本年收入合计", ("使用非财政拨款结余", "年初结转和结余", "年初财政拨款结转和结余")),
            ("expenditure", "本年支出合计", ("结余分配", "年末结转和结余", "年末财政拨款结转和结余")),
        ):
            g = grand[side]
            base = _find(t, base_name, side)
            if g is None or base is None:
                continue
            gi, gr = g
            for column in columns:
                whole = gr.values.get(column)
                if whole is None:
                    continue
                parts = [base[1].values.get(column)]
                for n in extra_names:
                    e = _find(t, n, side)
                    if e is not None:
                        parts.append(e[1].values.get(column))
                s = total(parts)
                yield from _compare(
                    ctx,
                    tail,
                    "SUM014",
                    f"{_label(t)}{'收入' if side == 'income' else '支出'}总计“{t.columns[column]}”{show(whole)}万元，本年合计与结转结余之和{show(s)}万元。",
                    whole,
                    s,
                    _loc(t, ti, gr, gi, column),
                )
        gi_ = grand["income"]
        ge_ = grand["expenditure"]
        if gi_ is not None and ge_ is not None:
            a = next((v for v in gi_[1].values.values() if v is not None), None)
            b = ge_[1].values.get("total", ge_[1].values.get("amount"))
            if a is not None and b is not None:
                yield from _compare(
                    ctx,
                    tail,
                    "SUM014",
                    f"{_label(t)}收入总计{show(a)}万元，支出总计{show(b)}万元。",
                    a,
                    b,
                    _loc(t, ti, ge_[1], ge_[0], "total" if "total" in ge_[1].values else "amount"),
                )


def _cell(
    package: EvaluationPackage, number: str, name: str, column: str, side: str | None = None
) -> tuple[int, int, FinalAccountsTable, LineItem, Decimal] | None:
    fa = package.final_accounts
    if fa is None:
        return None
    for ti, t in enumerate(fa.tables):
        if t.number != number:
            continue
        hit = _find(t, name, side)
        if hit is None:
            return None
        v = hit[1].values.get(column)
        if v is None:
            return None
        return ti, hit[0], t, hit[1], v
    return None


_LINKS: tuple[
    tuple[tuple[str, str, str, str | None], tuple[tuple[str, str, str, str | None], ...], str], ...
] = (
    (
        ("02", "合计", "total", None),
        (("01", "本年收入合计", "amount", "income"),),
        "公开02表合计 = 公开01表本年收入合计",
    ),
    (
        ("03", "合计", "total", None),
        (("01", "本年支出合计", "amount", "expenditure"),),
        "公开03表合计 = 公开01表本年支出合计",
    ),
    (
        ("04", "一、一般公共预算财政拨款", "amount", "income"),
        (("01", "一、一般公共预算财政拨款收入", "amount", "income"),),
        "公开04表一般公共预算财政拨款 = 公开01表一般公共预算财政拨款收入",
    ),
    (
        ("05", "合计", "total", None),
        (("04", "本年支出合计", "general_public", "expenditure"),),
        "公开05表合计 = 公开04表本年支出合计（一般公共预算财政拨款）",
    ),
    (
        ("05", "合计", "basic", None),
        (("06", "人员经费合计", "amount", None), ("06", "公用经费合计", "amount", None)),
        "公开05表基本支出 = 公开06表人员经费合计 + 公用经费合计",
    ),
)


@register("REC001", "RND001")
def check_table_links(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    if package.final_accounts is None:
        return
    tail = _tail_error_announced(package)
    for (num, name, column, side), others, rule in _LINKS:
        left = _cell(package, num, name, column, side)
        if left is None:
            continue
        right = [_cell(package, *o) for o in others]
        if any(r is None for r in right):
            continue
        s = total([r[4] for r in right if r is not None])
        ti, ri, t, row, value = left
        for f in _compare(
            ctx,
            tail,
            "REC001",
            f"{rule}：{show(value)}万元 ≠ {show(s)}万元。",
            value,
            s,
            _loc(t, ti, row, ri, column),
        ):
            yield f.model_copy(update={"rule": rule}) if f.code == "REC001" else f


# --- the disclosure as published: contents, 说明 against its table, placeholders, years, empty tables

declare(
    "XRF101",
    "cross_reference_mismatch",
    "error",
    "决算（预算）说明中的金额与其对应表格不一致",
    "说明各部分所述金额 = 对应公开表中的数（按表头识别的列与行）",
    "“三、支出决算情况说明”基本支出214.33万元，支出决算表基本支出合计208.09万元",
)
declare(
    "XRF102",
    "cross_reference_mismatch",
    "error",
    "说明中的全口径金额用了财政拨款口径的数",
    "本年收入合计、本年支出合计等全部资金口径的数应取自全口径列（收入决算表、支出决算表合计），不是财政拨款列",
    "文中“本年支出合计244.97万元”，支出决算表合计251.21万元，244.97为财政拨款支出",
)
declare(
    "XRF103",
    "cross_reference_mismatch",
    "warning",
    "目录列出的公开表在文件中没有",
    "目录所列各表均应公开；本单位无数据的表也应公开空表并说明",
    "目录列“八、政府性基金预算财政拨款收入支出决算表”，文件中其后各表均有而此表没有",
)
declare(
    "XRF104",
    "cross_reference_mismatch",
    "warning",
    "文件中公开的表没有列入目录",
    "目录应列出公开的每一张表",
    "文件印有“机关运行经费支出决算表”，目录未列",
)
declare(
    "RAT101",
    "rate_mismatch",
    "error",
    "说明中的占比与其对应表格的数不符",
    "占比 = 部分 ÷ 整体（整体取对应公开表的合计）",
    "基本支出214.33万元，占85%；支出决算表合计251.21：214.33 ÷ 251.21 = 85.32%",
)
declare(
    "RAT102",
    "rate_mismatch",
    "error",
    "说明中的完成预算比例，其对应表格的预算数为0或不符",
    "完成预算比例 = 决算数 ÷ 表中预算数；表中预算数为0时不能有比例",
    "“完成年初预算的95.89%”，一般公共预算财政拨款支出决算表年初预算数为0",
)
declare(
    "FMT101",
    "format",
    "warning",
    "公开文件中留有占位符",
    "模板中的“XX局”“××”“某某”“第届”等占位内容应替换为实际内容",
    "“XX局2022年度部门决算”",
)
declare(
    "FMT102",
    "format",
    "warning",
    "公开表为空表但没有空表说明",
    "本单位没有相关收支的，应公开空表并说明（如“本单位无政府性基金预算收支，故本表无数据”）",
    "政府性基金预算财政拨款收入支出决算表各栏均空，表下无说明",
)
declare(
    "YRS101",
    "year_error",
    "error",
    "决算（预算）公开的标题、表名或章节标题中的年度不是报告年度",
    "说明本年度决算的标题应为报告年度",
    "2022年度部门决算中“2021年度部门决算情况说明”",
)


def disclosure(number: str) -> DisclosureTable | None:
    return disclosure_of(number)


def _printed(t: FinalAccountsTable) -> bool:
    return "title" in t.sources and bool(t.rows)


def _to_wan(value: Decimal, t: FinalAccountsTable) -> Decimal:
    power = {"元": -4, "万元": 0, "亿元": 4}.get(t.unit_of_amount, 0)
    return value.scaleb(power)


def _note_loc(package: EvaluationPackage, f: NoteFigure) -> FindingLocation:
    line = f.section.line
    return FindingLocation(
        document=package_document(package), line=line, table=f.section.heading, path="reports"
    )


_ALL_FUNDS = ("income.total", "expenditure.total")
_FISCAL_CELLS = (("02", "fiscal"), ("04", "amount"), ("05", "total"), ("03", "fiscal"))


def _fiscal_values(package: EvaluationPackage) -> list[tuple[str, Decimal]]:
    fa = package.final_accounts
    out: list[tuple[str, Decimal]] = []
    if fa is None:
        return out
    for number, column in _FISCAL_CELLS:
        t = fa.table(number)
        if t is None or not _printed(t):
            continue
        for r in t.rows:
            v = r.values.get(column)
            if (
                r.code is None
                and v is not None
                and r.name.replace(" ", "") in ("合计", "总计", "本年收入合计")
            ):
                out.append((f"{t.title}{r.name}", _to_wan(v, t)))
    return out


@register("XRF101", "XRF102")
def check_notes_against_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """Every figure a 说明 section restates against the cell of its table (the columns by header words)."""
    fa = package.final_accounts
    if fa is None:
        return
    seen: set[tuple[int, str]] = set()
    for f in note_figures(package):
        spec = f.spec.disclosure
        assert spec is not None
        t = fa.table(spec.number)
        if t is None or not _printed(t):
            continue
        row = table_row(t, spec, f.line)
        value = row.values.get(f.line.column) if row is not None else None
        if row is None or value is None:
            continue
        tabled = _to_wan(value, t)
        q = f.quantity
        said = q.amount.wan() if q.amount is not None else q.value
        if abs(said - tabled) <= ctx.amount_tolerance or abs(q.value - tabled) <= ctx.amount_tolerance:
            continue  # equal, or a 元 printed for 万元 (UNT001 reports the unit)
        key = (id(f.sentence), f"{q.at}")
        if key in seen:
            continue
        seen.add(key)
        column = t.columns.get(f.line.column, f.line.column)
        fiscal = next(
            (name for name, v in _fiscal_values(package) if abs(v - said) <= ctx.amount_tolerance), None
        )
        if f.line.fills in _ALL_FUNDS and fiscal is not None:
            yield ctx.emit(
                "XRF102",
                f"“{f.section.heading}”中“{q.lead}{q.raw.strip()}”，{t.title}“{row.name}”{column}为{show(tabled)}万元；"
                f"{show(said)}万元是{fiscal}（财政拨款口径）。",
                _note_loc(package, f),
                stated=said,
                computed=tabled,
            )
            continue
        yield ctx.emit(
            "XRF101",
            f"“{f.section.heading}”中“{q.lead}{q.raw.strip()}”，{t.title}“{row.name}”{column}为{show(tabled)}万元。",
            _note_loc(package, f),
            stated=said,
            computed=tabled,
        )


@register("RAT101", "RAT102")
def check_note_rates_against_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """Shares and completion rates of a 说明 whose base stands only in the table."""
    yield from _three_public_shares(package, ctx)
    fa = package.final_accounts
    if fa is None:
        return
    for f in note_figures(package):
        spec = f.spec.disclosure
        assert spec is not None
        t = fa.table(spec.number)
        if t is None or not _printed(t):
            continue
        q = f.quantity
        said = q.amount.wan() if q.amount is not None else q.value
        for sh in f.sentence.of(Share):
            if sh.part is not q or sh.whole is not None:
                continue
            if sh.whole_label and find_labelled(sh.whole_label, list(f.sentence.quantities)) is not None:
                continue
            whole_row = next(
                (r for r in t.rows if r.code is None and r.name.replace(" ", "") in ("合计", "总计")), None
            )
            whole = whole_row.values.get("total", whole_row.values.get("amount")) if whole_row else None
            if whole is None or whole == 0 or sh.whole_label not in ("", *[w for w in spec.total_rows.words]):
                continue
            computed = said / _to_wan(whole, t) * HUNDRED
            if not rate_matches(sh.rate.value, computed):
                yield ctx.emit(
                    "RAT101",
                    f"“{f.section.heading}”中“{q.lead}{q.raw.strip()}，占{show(sh.rate.value)}%”：{t.title}合计"
                    f"{show(_to_wan(whole, t))}万元，{show(said)} ÷ {show(_to_wan(whole, t))} = {show(computed)}%。",
                    _note_loc(package, f),
                    stated=f"{show(sh.rate.value)}%",
                    computed=f"{show(computed)}%",
                )
        for c in f.sentence.of(Completion):
            if c.actual is not q or c.budget is not None:
                continue
            row = table_row(t, spec, f.line)
            column = "annual_budget" if c.basis in ("全年", "调整后") else "initial_budget"
            budget = row.values.get(column) if row is not None else None
            if budget is None:
                continue
            rate = c.rate.value
            if budget == 0:
                if rate != 0:
                    yield ctx.emit(
                        "RAT102",
                        f"“{f.section.heading}”中“{c.marker}{show(rate)}%”，{t.title}“{t.columns.get(column, column)}”为0，比例无从计算。",
                        _note_loc(package, f),
                        stated=f"{show(rate)}%",
                        computed="基数为0",
                    )
                continue
            computed = said / _to_wan(budget, t) * HUNDRED
            if not rate_matches(rate, computed):
                yield ctx.emit(
                    "RAT102",
                    f"“{f.section.heading}”中“{c.marker}{show(rate)}%”：{show(said)} ÷ {t.title}"
                    f"{t.columns.get(column, column)}{show(_to_wan(budget, t))} = {show(computed)}%。",
                    _note_loc(package, f),
                    stated=f"{show(rate)}%",
                    computed=f"{show(computed)}%",
                )


def _three_public_total(package: EvaluationPackage, budget: bool) -> tuple[Decimal, str] | None:
    """The 三公 合计 a share of a component is of: the printed table's first, else the text's."""
    attr = "budget" if budget else "actual"
    tables = sorted(package.three_public_tables, key=lambda t: "/" in t.title or "文中“三公”经费" in t.title)
    for t in tables:
        row = t.row(ThreePublicComponent.TOTAL)
        value = getattr(row, attr) if row is not None else None
        if value is not None and value != 0:
            return value, t.title
    return None


def _share_range(
    part: Decimal, whole: Decimal, part_unit: Decimal, whole_unit: Decimal
) -> tuple[Decimal, Decimal]:
    """The shares the printed (rounded) part and whole allow, in %."""
    low_whole, high_whole = whole + whole_unit / 2, max(whole - whole_unit / 2, whole_unit / 2)
    low = max(part - part_unit / 2, Decimal(0)) / low_whole * HUNDRED
    return low, (part + part_unit / 2) / high_whole * HUNDRED


def _three_public_shares(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """ "“三公”经费支出决算中，公务接待费支出决算0.53万元，占69%": a component's share whose whole the
    sentence leaves unsaid is of the 三公 合计 (the printed 三公 table's, else the one the text states)."""
    for p in ctx.passages(package):
        for sentence in p.sentences:
            if "三公" not in sentence.text:
                continue
            for sh in sentence.of(Share):
                part_q = sh.part
                component = three_public_component(part_q.label)
                if sh.whole is not None or sh.whole_label or not part_q.is_money or is_change(part_q):
                    continue
                if component is None or component == ThreePublicComponent.TOTAL:
                    continue
                found = _three_public_total(package, is_budget(part_q))
                if found is None:
                    continue
                whole, title = found
                part = part_q.amount.wan() if part_q.amount is not None else part_q.value
                rate = sh.rate.value
                unit = Decimal(1).scaleb(-decimals(rate))
                low, high = _share_range(
                    part,
                    whole,
                    Decimal(1).scaleb(-part_q.decimals()),
                    Decimal(1).scaleb(-decimals(whole)),
                )
                computed = part / whole * HUNDRED
                if computed > HUNDRED or low - unit / 2 <= rate <= high + unit / 2:
                    continue  # within the rounding of the figures, or a whole in another unit
                doc = p.report.document or package_document(package)
                yield ctx.emit(
                    "RAT101",
                    f"《{p.report.title}》“{part_q.lead}{part_q.raw.strip()}，占{show(rate)}%”：{title}“三公”经费合计"
                    f"{show(whole)}万元，{show(part)} ÷ {show(whole)} = {show(computed)}%。",
                    FindingLocation(document=doc, line=p.line, path=f"{p.path}.text", table=p.report.title),
                    stated=f"{show(rate)}%",
                    computed=f"{show(computed)}%",
                )


@register("XRF103", "XRF104")
def check_contents(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """The 目录 against the tables printed: a gap among the printed ones, a printed one not listed."""
    fa = package.final_accounts
    if fa is None:
        return
    listed = [t for t in fa.tables if "listed" in t.sources]
    printed = [t for t in fa.tables if "title" in t.sources]
    if len(listed) < 3 or not printed:
        return  # no contents of tables, or an excerpt that stops before the tables
    order = sorted(listed, key=lambda t: t.sources["listed"].line or 0)
    last_printed = max((k for k, t in enumerate(order) if "title" in t.sources), default=-1)
    for t in order[:last_printed]:
        if "title" not in t.sources:
            yield ctx.emit(
                "XRF103",
                f"目录列有“{t.title}”，文件中没有这张表（目录中在它之后的表都已公开）。",
                locate(t, f"final_accounts.tables[{fa.tables.index(t)}]", "listed", table=t.title),
                stated=t.title,
            )
    for t in printed:
        if "listed" not in t.sources:
            yield ctx.emit(
                "XRF104",
                f"文件公开了“{t.title}”，目录未列。",
                locate(t, f"final_accounts.tables[{fa.tables.index(t)}]", "title", table=t.title),
                stated=t.title,
            )


_PLACEHOLDER = re.compile(
    r"[XＸ×xｘ]{2,}(?=[局委办院所站队馆厅部处中心单位年月日万元%项个人])|×{2,}|某某|第届"
    # a figure left blank: "占 %", "比上年减少 万元" (the verb, then the unit with no number)
    r"|(?<!单位)(?:占|为|减少|增加|增长|下降|降低)[ \u3000]*(?:%|％|万元)"
)


def _headings(package: EvaluationPackage) -> Iterator[tuple[str, FindingLocation]]:
    doc = package_document(package)

    def walk(sections: list[ReportSection], path: str) -> Iterator[tuple[str, FindingLocation]]:
        for si, s in enumerate(sections):
            where = FindingLocation(document=doc, line=s.line, path=f"{path}[{si}].heading")
            yield s.heading, where
            yield from walk(s.subsections, f"{path}[{si}].subsections")

    for ri, r in enumerate(package.reports):
        src = r.sources.get("title")
        yield (
            r.title,
            FindingLocation(document=doc, line=src.line if src else None, path=f"reports[{ri}].title"),
        )
        yield from walk(r.sections, f"reports[{ri}].sections")
    fa = package.final_accounts
    if fa is not None:
        for ti, t in enumerate(fa.tables):
            if "title" in t.sources:
                yield t.title, locate(t, f"final_accounts.tables[{ti}].title", "title", table=t.title)


@register("FMT101")
def check_placeholders(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """Template placeholders left in a 决算 / 预算 disclosure ("XX局", "××", "某某", "第届")."""
    if package.final_accounts is None and not note_sections(package) and not package.three_public_tables:
        return
    seen: set[str] = set()
    texts = list(_headings(package))
    sections = [section for _spec, section, _report in note_sections(package)]
    if package.three_public_tables:  # a 三公 statement is a disclosure whatever its headings
        sections = [s for r in package.reports for s in _all_sections(r.sections)]
    for section in sections:
        texts.append(
            (
                section.text or "",
                FindingLocation(document=package_document(package), line=section.line, path="reports"),
            )
        )
    for text, where in texts:
        for m in _PLACEHOLDER.finditer(text):
            snippet = text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " ")
            if snippet in seen:
                continue
            seen.add(snippet)
            yield ctx.emit(
                "FMT101", f"“{snippet.strip()}”中留有占位符“{m.group(0)}”。", where, stated=m.group(0)
            )


def _all_sections(sections: list[ReportSection]) -> list[ReportSection]:
    return [x for s in sections for x in (s, *_all_sections(s.subsections))]


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")


@register("YRS101", needs_year=True)
def check_heading_years(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """A heading or table title of the disclosure that names another year than the report's (a 三公
    statement's too: "迪庆州州本级2020年度“三公”经费决支出情况说明" over 2021's figures)."""
    three_public = bool(package.three_public_tables)
    if package.final_accounts is None and not note_sections(package) and not three_public:
        return
    headings = list(_headings(package))
    if three_public:
        headings += list(_title_lines(package))
    budget = _budget_disclosure(package) or any(
        "预算" in text and str(package.year) in text for text, _where in headings
    )
    for text, where in headings:
        named = "决算" in text or (three_public and "三公" in text and "预算" not in text)
        if not named or any(w in text for w in ("上年", "比", "较", "与")):
            continue
        years = {int(y) for y in _TITLE_YEAR.findall(text)}
        if len(years) == 1 and package.year not in years:
            (year,) = years
            if year == package.year - 1 and budget:
                continue  # a 预算 disclosure recalls last year's outturn ("二、2021年“三公”经费决算情况")
            yield ctx.emit(
                "YRS101",
                f"“{text.strip()[:40]}”写的是{year}年度，报告年度为{package.year}年。",
                where,
                stated=year,
                computed=package.year,
            )


def _title_lines(package: EvaluationPackage) -> Iterator[tuple[str, FindingLocation]]:
    """The titles of 三公 statements inside a section's text — a web page prints its heading as text,
    and a reader may join it to the lines around it ("…打印迪庆州州本级2020年度“三公”经费决支出情况说明
    根据国务院…")."""
    doc = package_document(package)
    for ri, r in enumerate(package.reports):
        for section in _all_sections(r.sections):
            text = section.text or ""
            for m in _THREE_PUBLIC_TITLE.finditer(text):
                at = section.line + text.count("\n", 0, m.start()) if section.line is not None else None
                yield m.group(0), FindingLocation(document=doc, line=at, path=f"reports[{ri}].sections")


_THREE_PUBLIC_TITLE = re.compile(
    r"(?:19|20)\d{2}年度?[“\"]?三公[”\"]?经费[^，。,；;：:（(、\d]{0,10}?情况说明"
)


def _budget_disclosure(package: EvaluationPackage) -> bool:
    """The document discloses a budget: a 预算 table, or a 说明 section of a 预算 table."""
    specs = [disclosure(t.number) for t in package.final_accounts.tables] if package.final_accounts else []
    specs += [s.disclosure for s, _section, _report in note_sections(package)]
    return any(d is not None and d.kind == "budget" for d in specs)


@register("FMT102")
def check_empty_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """A printed table whose every cell is blank or 0 and that carries no "本单位无…" note."""
    fa = package.final_accounts
    if fa is None:
        return
    for ti, t in enumerate(fa.tables):
        if "grid" not in t.sources or t.empty_statement or not t.rows:
            continue  # no row read (a grid flattened past reading) is not a blank table
        values = [v for r in t.rows for v in r.values.values() if v is not None]
        if any(v != 0 for v in values):
            continue
        yield ctx.emit(
            "FMT102",
            f"“{t.title}”各栏均为空或0，表下没有空表说明（如“本单位无相关收支，故本表无数据”）。",
            locate(t, f"final_accounts.tables[{ti}]", "grid", table=t.title),
            stated="空表",
        )
