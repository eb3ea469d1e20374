"""The fact blocks of the Hunan 部门整体支出绩效自评表 and the 基础数据表.

Implements the layout of the Hunan overall self-evaluation form (湘西州 附件3, 岳阳楼区 自评报告
一、二): 基本概况 (联系人, 联系电话, 人员编制, 实有人数, 职能职责概述, 年度主要工作内容, 总体运行情况),
收支情况 (年度收入情况, 年度支出和结余情况, 三公经费, 固定资产: one row per 机构, figures in the
standard column order), 评价人员 and the 签署意见 blocks; and the 部门整体支出绩效评价基础数据表
(益阳 附件1: 财政供养人员情况, 经费控制情况, 楼堂馆所控制情况).

Works on both shapes of text: table rows (cells) and PDF-extracted lines where a row of figures
reads "本中心 743.43 0 736.89 0 0 6.54".
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.model import (
    Contact,
    EvaluationPackage,
    Evaluator,
    ExpenditureByNature,
    FixedAssets,
    IncomeBySource,
    Signoff,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
)

from .blocks import Cell
from .context import Context, Item
from .normalize import (
    NUMBER_IN_TEXT,
    join_lines,
    number_in_text,
    parse_int,
    parse_number,
    squash,
    tidy_block,
)

INCOME_ORDER = (
    "total",
    "carried_over",
    "general_public",
    "government_fund",
    "special_account_non_tax",
    "other",
)
EXPENDITURE_ORDER = (
    "total",
    "basic",
    "personnel",
    "public_operation",
    "project",
    "balance_current",
    "balance_accumulated",
)
THREE_PUBLIC_ORDER = (
    ThreePublicComponent.TOTAL,
    ThreePublicComponent.RECEPTION,
    ThreePublicComponent.VEHICLE_OPERATION,
    ThreePublicComponent.VEHICLE_PURCHASE,
    ThreePublicComponent.OVERSEAS_TRAVEL,
)
THREE_PUBLIC_LABELS = {
    ThreePublicComponent.TOTAL: "三公经费合计",
    ThreePublicComponent.RECEPTION: "公务接待费",
    ThreePublicComponent.VEHICLE_OPERATION: "公务用车运行维护费",
    ThreePublicComponent.VEHICLE_PURCHASE: "公务用车购置费",
    ThreePublicComponent.OVERSEAS_TRAVEL: "因公出国（境）费用",
    ThreePublicComponent.VEHICLE: "公务用车购置及运行维护费",
}
ASSET_ORDER = ("total", "in_use", "leased", "other")

_FLOW_ROW = re.compile(rf"^(\S{{1,20}}?)\s+((?:{NUMBER_IN_TEXT}%?\s*)+)$")


def component_of(label: str) -> ThreePublicComponent | None:
    key = squash(label)
    if "出国" in key:
        return ThreePublicComponent.OVERSEAS_TRAVEL
    if "接待" in key:
        return ThreePublicComponent.RECEPTION
    if "公务用车" in key or "公车" in key or "车辆" in key:
        has_purchase = "购置" in key
        has_operation = "运行" in key or "维护" in key or "运维" in key
        if has_purchase and has_operation:
            return ThreePublicComponent.VEHICLE
        if has_purchase:
            return ThreePublicComponent.VEHICLE_PURCHASE
        if has_operation:
            return ThreePublicComponent.VEHICLE_OPERATION
        return ThreePublicComponent.VEHICLE
    if "合计" in key or "三公" in key:
        return ThreePublicComponent.TOTAL
    return None


def _data_after(
    ctx: Context, start: Item, stop_words: tuple[str, ...]
) -> tuple[list[Cell | None], list[Item]] | None:
    """The figures row that follows a block title: (value cells in column order, header items)."""
    headers: list[Item] = []
    for item in ctx.items[start.index + 1 : start.index + 80]:
        key = item.key
        if any(w in key for w in stop_words):
            return None
        if item.table is not None:
            row = ctx.tables[item.table].rows[item.row or 0]
            cells = row[1:]
            if (
                item.col == 0
                and any(parse_number(c.text) is not None for c in cells)
                and all(parse_number(c.text) is not None or not squash(c.text) for c in cells)
            ):
                first = row[0]
                if parse_number(first.text) is None:
                    ctx.use(first)
                    return list(cells), headers
        else:
            m = _FLOW_ROW.match(item.text.strip())
            if m and not re.search(r"\d", m.group(1)):
                nums = re.findall(NUMBER_IN_TEXT + "%?", m.group(2))
                ctx.use(item)
                return [Cell(n, item.loc) for n in nums], headers
        headers.append(item)
    return None


def parse_hunan_blocks(ctx: Context, package: EvaluationPackage) -> None:
    blocks = (
        ("年度收入情况", ("年度支出", "三、")),
        ("年度支出和结余情况", ("三公经费", "三、")),
        ("三公经费", ("固定资产", "三、")),
        ("固定资产", ("三、", "整体支出绩效")),
    )
    for title_word, stops in blocks:
        title = next(
            (
                it
                for it in ctx.items
                if title_word in it.key
                and len(it.key) < 20
                and (title_word != "三公经费" or _after_label(ctx, it, "机构名称"))
                and (title_word != "固定资产" or _after_label(ctx, it, "机构名称"))
            ),
            None,
        )
        if title is None:
            continue
        found = _data_after(ctx, title, stops)
        if found is None:
            continue
        ctx.use(title)
        cells, _headers = found
        if title_word == "年度收入情况":
            income = IncomeBySource()
            _fill(ctx, income, INCOME_ORDER, cells)
            package.income = income
        elif title_word == "年度支出和结余情况":
            expenditure = ExpenditureByNature()
            _fill(ctx, expenditure, EXPENDITURE_ORDER, cells)
            package.expenditure = expenditure
        elif title_word == "三公经费":
            table = ThreePublicTable(title="部门整体支出绩效自评表/收支情况/三公经费")
            table.sources["title"] = ctx.src(title)
            header_labels = _three_public_labels(_headers)
            for component, cell in zip(THREE_PUBLIC_ORDER, cells + [None] * 5, strict=False):
                row = ThreePublicRow(
                    component=component, label=header_labels.get(component, THREE_PUBLIC_LABELS[component])
                )
                if cell is not None and parse_number(cell.text) is not None:
                    row.actual = parse_number(cell.text)
                    row.sources["actual"] = ctx.src(cell)
                    ctx.use(cell)
                else:
                    row.sources["label"] = ctx.src(title)
                table.rows = [*table.rows, row]
            package.three_public_tables = [*package.three_public_tables, table]
        else:
            assets = FixedAssets()
            _fill(ctx, assets, ASSET_ORDER, cells)
            package.fixed_assets = assets


def _three_public_labels(headers: list[Item]) -> dict[ThreePublicComponent, str]:
    labels: dict[ThreePublicComponent, str] = {}
    for item in headers:
        if item.table is None:
            continue
        label = join_lines(item.text)
        comp = component_of(label)
        if comp is not None and comp not in labels and label not in ("其中：", "其中:"):
            labels[comp] = label
    return labels


def _after_label(ctx: Context, item: Item, label: str) -> bool:
    window = ctx.items[max(0, item.index - 2) : item.index + 1]
    return any(label in w.key for w in window)


def _fill(
    ctx: Context,
    model: IncomeBySource | ExpenditureByNature | FixedAssets,
    order: tuple[str, ...],
    cells: list[Cell | None],
) -> None:
    for field, cell in zip(order, cells, strict=False):
        if cell is None:
            continue
        value = parse_number(cell.text)
        if value is None:
            continue
        setattr(model, field, value)
        model.sources[field] = ctx.src(cell)
        ctx.use(cell)


# basic facts -----------------------------------------------------------------------------------

_FACT_LABELS: tuple[tuple[str, str], ...] = (
    ("contact", r"^联系人[:：]?"),
    ("phone", r"^(联系电话|联络电话)[:：]?"),
    ("authorized_staff", r"^(人员编制|编制数|编制人数)[:：]?"),
    ("actual_staff", r"^(实有人数|实际在职人数|\d{4}年实际在职人数)[:：]?"),
    ("duties", r"^职能职责概述[:：]?"),
    ("annual_work", r"^年度主要(工作内容)?$"),
    ("achievements", r"^年度(部门（单位）|部门\(单位\)|单位)?总体运行情况及取(得的成绩)?"),
)


def parse_unit_facts(ctx: Context, package: EvaluationPackage) -> None:
    unit = package.unit
    contact: Contact | None = None
    for item in ctx.items:
        key = item.key
        if len(key) > 40 and item.table is None:
            continue
        for name, pattern in _FACT_LABELS:
            m = re.match(pattern, key)
            if not m:
                continue
            if name in ("authorized_staff", "actual_staff", "contact", "phone"):
                rest = item.text.strip()
                # "人员编制 31 实有人数 30" on one line
                if name == "authorized_staff" and item.table is None:
                    m2 = re.search(
                        r"(?:人员编制|编制数|编制人数)\s*[:：]?\s*(\d+)\s*(?:人)?\s*实有人数\s*[:：]?\s*(\d+)",
                        rest,
                    )
                    if m2:
                        if unit.authorized_staff is None:
                            unit.authorized_staff = int(m2.group(1))
                            unit.sources["authorized_staff"] = ctx.src(item, m2.group(1))
                        if unit.actual_staff is None:
                            unit.actual_staff = int(m2.group(2))
                            unit.sources["actual_staff"] = ctx.src(item, m2.group(2))
                        ctx.use(item)
                        break
                value_item, value = _value_for(ctx, item, m.end())
                if value is None or value_item is None:
                    break
                if name in ("authorized_staff", "actual_staff"):
                    number = parse_int(value)
                    if number is not None and getattr(unit, name) is None:
                        setattr(unit, name, number)
                        unit.sources[name] = ctx.src(value_item, value)
                        ctx.use(item, value_item)
                elif name == "contact":
                    if contact is None and not re.search(r"\d{5,}", value):
                        contact = Contact(name=value, role="联系人")
                        contact.sources["name"] = ctx.src(value_item, value)
                        ctx.use(item, value_item)
                elif name == "phone" and contact is not None and contact.phone is None:
                    phone = re.sub(r"\s+", "", value)
                    if re.search(r"\d{5,}", phone):
                        contact.phone = phone
                        contact.sources["phone"] = ctx.src(value_item, value)
                        ctx.use(item, value_item)
                break
            value_item, value = _long_value(ctx, item)
            if value and getattr(unit, name) is None:
                setattr(unit, name, value)
                if value_item is not None:
                    unit.sources[name] = ctx.src(value_item)
            ctx.use(item)
            break
    if contact is not None and not unit.contacts:
        unit.contacts = [contact]


def _value_for(ctx: Context, item: Item, label_end: int) -> tuple[Item | None, str | None]:
    key = item.key
    rest = key[label_end:].strip(":：")
    if rest:
        if item.table is None:
            # "联系电话 0743-8720486": the value is the rest of the line
            text = re.sub(
                r"^\S*?(联系人|联系电话|联络电话|人员编制|编制数|实有人数)[:：]?", "", item.text.strip()
            ).strip()
            return item, text.split()[0] if text else None
        return None, None
    nxt = _next_item(ctx, item)
    if nxt is None or not nxt.key:
        return None, None
    return nxt, nxt.joined.strip()


def _next_item(ctx: Context, item: Item) -> Item | None:
    for other in ctx.items[item.index + 1 : item.index + 3]:
        if item.table is not None and (other.table != item.table or other.row != item.row):
            return None
        if other.key:
            return other
    return None


def _long_value(ctx: Context, item: Item) -> tuple[Item | None, str | None]:
    """A long text value: the next cell in the row, or the flowing lines up to the next label."""
    if item.table is not None:
        nxt = _next_item(ctx, item)
        if nxt is None:
            return None, None
        ctx.use(nxt)
        return nxt, tidy_block(nxt.text)
    lines: list[Item] = []
    for other in ctx.items[item.index + 1 : item.index + 200]:
        key = other.key
        if (
            other.table is not None
            or any(re.match(p, key) for _, p in _FACT_LABELS)
            or re.match(r"^[一二三四五六七八九十]+、", key)
        ):
            break
        if key in ("得的成绩", "工作内容", "运行情况及取") or re.fullmatch(
            r"(年度单位总体|运行情况及取|得的成绩)", key
        ):
            ctx.use(other)
            continue
        lines.append(other)
    if not lines:
        return None, None
    for other in lines:
        ctx.use(other)
    return lines[0], flow_join([o.text for o in lines])


def flow_join(lines: list[str]) -> str:
    """Join PDF-wrapped lines into paragraphs: a line break is kept only after 。；！？ or a colon."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and out[-1] in "。；！？：":
            out += "\n" + line
        else:
            out += line
    return out


# evaluators and sign-off blocks -------------------------------------------------------------------


def parse_evaluators(ctx: Context, package: EvaluationPackage) -> None:
    header = next(
        (
            it
            for it in ctx.items
            if it.key in ("姓名", "姓名职务/职称单位签字") or it.key.startswith("姓名职务")
        ),
        None,
    )
    if header is None:
        return
    ctx.use(header)
    evaluators: list[Evaluator] = []
    if header.table is not None:
        table = ctx.tables[header.table]
        for c in table.rows[header.row or 0]:
            ctx.use(c)
        for row in table.rows[(header.row or 0) + 1 :]:
            texts = [join_lines(c.text) for c in row]
            if any(t.startswith(("评价组组长", "部门（单位）", "财政部门")) for t in texts):
                break
            if not texts or not texts[0]:
                continue
            ev = Evaluator(name=texts[0])
            ev.sources["name"] = ctx.src(row[0])
            for attr, i in (("title", 1), ("organisation", 2)):
                if i < len(texts) and texts[i]:
                    setattr(ev, attr, texts[i])
                    ev.sources[attr] = ctx.src(row[i])
            ev.signed = len(texts) > 3 and bool(texts[3])
            for c in row:
                ctx.use(c)
            evaluators.append(ev)
    else:
        for item in ctx.items[header.index + 1 : header.index + 40]:
            text = item.text.strip()
            if not text:
                continue
            if text.startswith(("评价组组长", "部门（单位）", "财政部门")) or item.table is not None:
                break
            parts = text.split()
            if len(parts) < 3:
                continue
            ev = Evaluator(
                name="".join(parts[:-2]) if len(parts) > 3 else parts[0],
                title=parts[-2],
                organisation=parts[-1],
            )
            if len(parts) == 3:
                ev.name = parts[0]
            elif len(parts) > 3 and len(parts[0]) == 1:
                ev.name = " ".join(parts[:-2])
            ev.sources["name"] = ctx.src(item)
            ctx.use(item)
            evaluators.append(ev)
    package.evaluators = evaluators
    _signoffs(ctx, package, header.index)


def _signoffs(ctx: Context, package: EvaluationPackage, start: int) -> None:
    parties = (
        ("评价组组长", r"^评价组组长"),
        ("部门（单位）", r"^部门[（(]单位[）)](意见|负责人)"),
        ("财政部门归口业务科室", r"^财政部门归口业务科室"),
    )
    signoffs: list[Signoff] = []
    current: Signoff | None = None
    for item in ctx.items[start : start + 80]:
        key = item.key
        matched = False
        for party, pattern in parties:
            if re.match(pattern, key):
                matched = True
                ctx.use(item)
                if current is None or current.party != party:
                    current = Signoff(party=party)
                    signoffs.append(current)
                break
        if matched or current is None:
            continue
        if re.fullmatch(r"年月日", key) or not key:
            ctx.use(item)
            continue
        if re.match(r"^(填报人|填表人|[一二三四五六七八九十]+、|附件)", key) or len(key) > 60:
            break
        if item.table is None and current.opinion is None and not re.search(r"(签字|签章|盖章)", key):
            current.opinion = item.text.strip()
            ctx.use(item)
    package.signoffs = signoffs


def decimal_or_none(text: str | None) -> Decimal | None:
    return number_in_text(text) if text else None


# 三公经费 tables with budget / actual columns ----------------------------------------------------------


def _three_public_column(header: str, year: int) -> str | None:
    key = squash(header).replace("、", "").replace("/", "")  # "比上年增、减情况", "增/减幅度"
    m = re.match(r"^(\d{4})年", key)
    if "比率" in key or key.endswith("增减率") or "幅度" in key or "变动率" in key:
        return "stated_change_rate"
    if "增减" in key:
        return "stated_change_amount"
    if "控制率" in key or "完成率" in key:
        return "stated_control_rate"
    if "上年" in key or (m and int(m.group(1)) < year and "决算" in key):
        return "last_year_actual"
    if "预算" in key:
        return "budget"
    if "决算" in key or "实际" in key:
        return "actual"
    return None


def parse_three_public_tables(ctx: Context, package: EvaluationPackage) -> None:
    """A table whose rows are 三公经费 components and whose columns are 决算数 / 预算数 / 控制率 …"""
    for t, table in enumerate(ctx.tables):
        for r, row in enumerate(table.rows):
            if not row or ctx.is_used(row[0]):
                continue
            keys = [squash(c.text) for c in row]
            cols = {i: _three_public_column(c.text, package.year) for i, c in enumerate(row) if i > 0}
            if (
                keys[0] not in ("项目", "项目名称", "科目", "费用项目")
                or sum(1 for v in cols.values() if v) < 2
            ):
                continue
            labels = [table.rows[k][0] for k in range(r + 1, len(table.rows)) if table.rows[k]]
            if not labels or not any(component_of(c.text) is not None for c in labels):
                continue
            title_items = ctx.paragraphs_before(t, 2)
            title = title_items[0].joined if title_items else "三公经费表"
            out = ThreePublicTable(title=title)
            if title_items:
                out.sources["title"] = ctx.src(title_items[0])
                ctx.use(title_items[0])
            for c in row:
                ctx.use(c)
            for data in table.rows[r + 1 :]:
                if not data or not squash(data[0].text):
                    continue
                label = join_lines(data[0].text)
                comp = component_of(re.sub(r"^\d+[.．、]", "", label))
                sub = [_three_public_column(c.text, package.year) for c in data if squash(c.text)]
                if comp is None and sub and all(sub) and not any(parse_number(c.text) for c in data):
                    # a second header row under a spanning header ("比上年增、减情况" over "增、减金额 |
                    # 增、减幅度"): its columns are the last ones of the header
                    first = len(row) - len(sub)
                    for k, attr in enumerate(sub):
                        cols[first + k] = attr
                    ctx.use(*data)
                    continue
                if comp is None:
                    ctx.issue(
                        data[0], "三公经费表的这一行不认识（不是因公出国、公务用车、公务接待或合计）", label
                    )
                    continue
                tp = ThreePublicRow(component=comp, label=label)
                ctx.use(data[0])
                for i, cell in enumerate(data[1:], start=1):
                    attr = cols.get(i)
                    value = parse_number(cell.text)
                    if attr is None or value is None:
                        continue
                    setattr(tp, attr, value)
                    tp.sources[attr] = ctx.src(cell)
                    ctx.use(cell)
                if not tp.sources:
                    tp.sources["label"] = ctx.src(data[0])
                out.rows = [*out.rows, tp]
            if out.rows:
                package.three_public_tables = [*package.three_public_tables, out]
            break
