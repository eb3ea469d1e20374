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

from jixiao.model import EvaluationPackage, FinalAccountsTable, LineItem

from ..findings import Finding, FindingLocation
from ..numbers import show, total
from ..registry import CheckContext, declare, locate, register

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
    return f"公开{t.number}表"


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


def _broken_rows(t: FinalAccountsTable) -> dict[int, list[str]]:
    """Rows whose 合计 column differs from the sum of their part columns (index → part columns)."""
    out: dict[int, list[str]] = {}
    for ri, r in enumerate(t.rows):
        whole = r.values.get("total")
        parts = [c for c in t.columns if c in _PART_COLUMNS]
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
        if t.number in ("01", "04", "06", "07"):
            continue
        broken = _broken_rows(t)
        parts = [c for c in t.columns if c in _PART_COLUMNS]
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


def _find(t: FinalAccountsTable, name: str, side: str | None = None) -> tuple[int, LineItem] | None:
    for ri, r in enumerate(t.rows):
        if r.name.replace(" ", "") == name and (side is None or r.side == side):
            return ri, r
    return None


@register("SUM014", "RND001")
def check_summary_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    fa = package.final_accounts
    if fa is None:
        return
    tail = _tail_error_announced(package)
    for ti, t in enumerate(fa.tables):
        if t.number not in ("01", "04"):
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
