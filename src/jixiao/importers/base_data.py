"""基础数据表 in tables or in flattened text, read by the ``base-data`` specs (``data/forms/base-data/*.yaml``).

The table starts at the row that opens a spec's first section; each later row either opens another
section or is read by the section it stands in (see :mod:`jixiao.layouts.base_data`). A table whose
staff header (编制数 / 实际在职人数) comes without the section's title row starts there. Text a web
archive flattened ("财政供养人员情况 编制数 2018年实际在职人数 控制率 143 136 95.10% 经费控制情况 …")
is cut into the same rows: a section's title, a header of column words, a label with its figures.
The expense columns go by the header's words (上年 / 预算数 / 决算数), not by their order. The
staffing figures also fill the unit, the 三公经费 lines a 三公 table (上年决算 / 预算 / 决算), and the
footer's 填表人 / 单位负责人 become the unit's contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.layouts.base_data import BaseDataBlock, Section
from jixiao.layouts.spec import FormSpec, specs
from jixiao.layouts.words import Vocabulary
from jixiao.model import (
    BaseDataTable,
    BuildingControl,
    Contact,
    EvaluationPackage,
    ExpenseControlRow,
    FormFooter,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
    Unit,
)

from .blocks import Cell, Loc
from .context import Context, Item
from .forms import parse_footer
from .normalize import is_placeholder, join_lines, parse_int, parse_number, squash


@dataclass
class _Reading:
    """A 基础数据表 being read: the spec's block, the section the rows stand in, what is carried."""

    block: BaseDataBlock
    base: BaseDataTable
    section: Section | None = None
    staff_cols: dict[str, int] = field(default_factory=dict)
    group: str | None = None  # the key of the line that opened the current expense group
    placeholders: bool = False
    # the expense columns as the header names them, in its order (None: the spec's order)
    expense_cols: list[str | None] | None = None
    text: bool = False  # rows cut from flattened text: a short line's figures are its last columns
    scale: Decimal = Decimal(1)  # the amounts' declared unit to 万元 (“单位:元” → 0.0001)


def _base_specs() -> list[tuple[FormSpec, BaseDataBlock]]:
    return [(s, s.base_data) for s in specs() if s.family == "base-data" and s.base_data is not None]


def _start(ctx: Context) -> tuple[FormSpec, Item] | None:
    """The table cell a 基础数据表 starts at: its first section's title, else a staff header row
    (编制数 beside 在职人数) standing without it."""
    for s, block in _base_specs():
        first = next(iter(block.sections.values()))
        item = next((it for it in ctx.items if it.table is not None and first.match(it.key)), None)
        if item is not None:
            return s, item
    for s, block in _base_specs():
        for it in ctx.items:
            if it.table is None or not block.staff_columns["authorized"].match(it.key):
                continue
            row = ctx.tables[it.table].rows[it.row or 0]
            if any(block.staff_columns["actual"].match(squash(c.text)) for c in row):
                return s, it
    return None


def parse_base_data(ctx: Context, package: EvaluationPackage) -> None:
    found = _start(ctx)
    if found is None:
        _parse_text(ctx, package)
        return
    spec, start = found
    assert spec.base_data is not None and start.table is not None
    reading = _Reading(spec.base_data, BaseDataTable())
    head = [it.text for it in ctx.paragraphs_before(start.table, 4)]
    head += [c.text for row in ctx.tables[start.table].rows[: start.row or 0] for c in row]
    reading.scale = _scale(head)
    if reading.block.section_of(start.key) is None:
        reading.section = "staff"  # a staff header without its section's title row
    _title(ctx, spec, reading.base)
    for item in ctx.paragraphs_before(start.table, 4):
        if item.key.startswith("附件") and len(item.key) < 10:
            ctx.use(item)
    for row in ctx.tables[start.table].rows[start.row or 0 :]:
        _read_row(ctx, reading, row)
    base = reading.base
    if reading.placeholders:
        base.note = "表中“……”占位行未填写"
    footer = _after(ctx, reading, start.table)
    _fill(ctx, package, base)
    if footer is not None:
        _footer_contacts(ctx, package.unit, footer)


def _fill(ctx: Context, package: EvaluationPackage, base: BaseDataTable) -> None:
    """The 基础数据表 into the package: the table, the unit's staffing, its 三公 lines as a 三公 table."""
    package.base_data = base
    for attr in ("authorized_staff", "actual_staff"):
        if getattr(base, attr) is not None:
            setattr(package.unit, attr, getattr(base, attr))
            package.unit.sources[attr] = base.sources[attr]
    table = _three_public(base)
    if table is not None:
        package.three_public_tables = [*package.three_public_tables, table]


_DECLARED_UNIT = re.compile(r"单位\s*[:：]\s*(万元|亿元|元)")
_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _scale(texts: list[str]) -> Decimal:
    """What turns the table's amounts into 万元: its declared unit (“单位:元”), 万元 when none is."""
    for text in texts:
        m = _DECLARED_UNIT.search(squash(text))
        if m:
            return _TO_WAN[m.group(1)]
    return Decimal(1)


_COMPONENTS = {
    "three_public": ThreePublicComponent.TOTAL,
    "vehicle": ThreePublicComponent.VEHICLE,
    "vehicle_purchase": ThreePublicComponent.VEHICLE_PURCHASE,
    "vehicle_operation": ThreePublicComponent.VEHICLE_OPERATION,
    "overseas_travel": ThreePublicComponent.OVERSEAS_TRAVEL,
    "reception": ThreePublicComponent.RECEPTION,
}


def _three_public(base: BaseDataTable) -> ThreePublicTable | None:
    """The 三公经费 lines of the 经费控制情况 block as a 三公 table (上年决算数 / 预算数 / 决算数)."""
    rows: list[ThreePublicRow] = []
    for erow in base.expense_rows:
        component = _COMPONENTS.get(erow.key or "")
        if component is None or any(r.component == component for r in rows):
            continue
        row = ThreePublicRow(component=component, label=erow.label)
        for attr in ("last_year_actual", "budget", "actual"):
            if getattr(erow, attr) is not None:
                setattr(row, attr, getattr(erow, attr))
                row.sources[attr] = erow.sources[attr]
        if not any(attr in row.sources for attr in ("last_year_actual", "budget", "actual")):
            continue
        rows.append(row)
    if not any(r.component is ThreePublicComponent.TOTAL for r in rows):
        return None
    return ThreePublicTable(title="部门整体支出绩效评价基础数据表/经费控制情况/三公经费", rows=rows)


# flattened text ------------------------------------------------------------------------------------

_TEXT_STOPS = ("指标表", "一级指标", "评价指标", "填表人", "填报人", "厉行节约")
_FIGURE = re.compile(r"^-?\d[\d,]*(?:\.\d+)?\.?%?$")  # “7.50.”: a stray full stop after a figure


def _parse_text(ctx: Context, package: EvaluationPackage) -> None:
    """A 基础数据表 a web archive flattened into runs of words and figures."""
    for spec, block in _base_specs():
        first = next(iter(block.sections.values()))
        start = next((it for it in ctx.items if it.table is None and _opens(first, it.text)), None)
        if start is None:
            continue
        reading = _Reading(block, BaseDataTable(), text=True, scale=_scale([start.text]))
        items: list[Item] = []
        for row in _text_rows(ctx, block, start, items):
            _read_row(ctx, reading, row)
        base = reading.base
        if base.authorized_staff is None and not any(r.actual is not None for r in base.expense_rows):
            continue
        base.title = spec.name
        base.sources["title"] = ctx.src(start)
        ctx.use(*items)
        _fill(ctx, package, base)
        return


def _opens(vocab: Vocabulary, text: str) -> bool:
    return any(vocab.match(word) for word in text.split())


def _text_rows(ctx: Context, block: BaseDataBlock, start: Item, used: list[Item]) -> list[list[Cell]]:
    """The rows of a flattened 基础数据表: from its first section's title to the 指标表 or the footer."""
    tokens: list[tuple[str, Loc]] = []
    begun = False
    for item in ctx.items[start.index : start.index + 120]:
        if item.table is not None:
            break
        words = item.text.split()
        if begun and any(w in item.key for w in _TEXT_STOPS):
            cut = next(i for i, w in enumerate(words) if any(s in w for s in _TEXT_STOPS))
            words = words[:cut]
            tokens.extend((w, item.loc) for w in words)
            used.append(item)
            break
        for w in words:
            if not begun and block.section_of(w) is None:
                continue
            begun = True
            if tokens and re.fullmatch(r"\d+\.", tokens[-1][0]) and re.match(r"\d", w):
                tokens[-1] = (tokens[-1][0] + w, tokens[-1][1])  # “95.” / “10%”: a figure broken over lines
            else:
                tokens.append((w, item.loc))
        if begun:
            used.append(item)
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    header = False  # the row being built is a header of column words

    def is_head(word: str) -> bool:
        key = squash(word)
        return block.staff_column(key) is not None or bool(block.expense_header.match(key))

    for word, loc in tokens:
        cell = Cell(text=word, loc=loc)
        if _FIGURE.match(word.replace("，", ",")):
            if header or not row:
                if row:
                    rows.append(row)
                row, header = [Cell(text="", loc=loc)], False
            row.append(cell)
        elif is_head(word):
            if not header:
                if row:
                    rows.append(row)
                row, header = [Cell(text="", loc=loc)], True
            row.append(cell)
        else:
            if row:
                rows.append(row)
            row, header = [cell], False
    if row:
        rows.append(row)
    return rows


def _title(ctx: Context, spec: FormSpec, base: BaseDataTable) -> None:
    """The title above the table; one printed on two lines ("…绩效评价" / "基础数据表") is joined."""
    title = next(
        (it for it in ctx.items if it.table is None and len(it.key) < 40 and spec.title.match_key(it.key)),
        None,
    )
    if title is None:
        return
    parts = [title.joined]
    prev = ctx.items[title.index - 1] if title.index > 0 else None
    source = title
    if len(title.key) <= 6 and prev is not None and prev.table is None and prev.key.endswith("评价"):
        parts.insert(0, prev.joined)
        ctx.use(prev)
        source = prev
    base.title = "".join(parts)
    base.sources["title"] = ctx.src(source)
    ctx.use(title)


def _read_row(ctx: Context, reading: _Reading, row: list[Cell]) -> None:
    keys = [squash(c.text) for c in row]
    if not any(keys):
        return
    first = next(k for k in keys if k)
    section = reading.block.section_of(first)
    if section is not None:
        reading.section = section
        if section == "staff":
            _staff_header(reading, row)
            _staff_pairs(ctx, reading, row)
        elif section == "expense":
            _expense_header(reading, row, keys)
        elif section == "saving":
            texts = [join_lines(c.text) for c in row if squash(c.text)]
            if len(texts) > 1:
                reading.base.saving_measures = texts[1]
            reading.section = None
        ctx.use(*row)
    elif reading.section == "staff":
        _staff_row(ctx, reading, row, keys)
    elif reading.section == "expense":
        _expense_row(ctx, reading, row, keys)
    elif reading.section == "building":
        _building_row(ctx, reading, row)


def _expense_header(reading: _Reading, row: list[Cell], keys: list[str]) -> None:
    """The expense columns by the header's words, from its first column word on (a line's figures
    follow its label, which stands before that column): a 决算数 of the earlier year (or 上年) is last
    year's actual, a 预算数 the budget, the later year's 决算数 this year's. Two words naming one
    column leave the spec's order."""
    heads = {i: k for i, k in enumerate(keys) if k and reading.block.expense_header.match(k)}
    if len(heads) < 2:
        return
    years = [int(m.group(1)) for k in heads.values() if (m := re.search(r"((?:19|20)\d{2})", k))]
    latest = max(years) if years else None
    out = [_expense_attr(heads[c], latest) if c in heads else None for c in range(min(heads), max(heads) + 1)]
    named = [a for a in out if a is not None]
    if len(set(named)) == len(named):
        reading.expense_cols = out


def _expense_attr(key: str, latest: int | None) -> str | None:
    m = re.search(r"((?:19|20)\d{2})", key)
    earlier = "上年" in key or (m is not None and latest is not None and int(m.group(1)) < latest)
    if "预算" in key:
        return None if earlier else "budget"
    return "last_year_actual" if earlier else "actual"


def _staff_header(reading: _Reading, row: list[Cell]) -> bool:
    found = False
    for i, cell in enumerate(row):
        column = reading.block.staff_column(cell.text)
        if column is not None:
            reading.staff_cols[column] = i
            found = True
    return found


def _staff_row(ctx: Context, reading: _Reading, row: list[Cell], keys: list[str]) -> None:
    if any(reading.block.staff_columns["authorized"].match(k) for k in keys if k):
        _staff_header(reading, row)  # 编制数 / 在职人数 / 控制率 under the section's title
        _staff_pairs(ctx, reading, row)
        ctx.use(*row)
        return
    base, cols = reading.base, reading.staff_cols
    for attr, key in (("authorized_staff", "authorized"), ("actual_staff", "actual")):
        col = cols.get(key)
        if col is not None and col < len(row) and parse_int(row[col].text) is not None:
            setattr(base, attr, parse_int(row[col].text))
            base.sources[attr] = ctx.src(row[col])
            ctx.use(row[col])
    col = cols.get("rate")
    if col is not None and col < len(row) and parse_number(row[col].text) is not None:
        base.stated_staffing_control_rate = parse_number(row[col].text)
        base.sources["stated_staffing_control_rate"] = ctx.src(row[col])
        ctx.use(row[col])


_STAFF_ATTRS = {
    "authorized": "authorized_staff",
    "actual": "actual_staff",
    "rate": "stated_staffing_control_rate",
}


def _staff_pairs(ctx: Context, reading: _Reading, row: list[Cell]) -> None:
    """Staff figures printed beside their words in one row (“编制数 | 143 | 实际在职人数 | 136 | …”)."""
    for i, cell in enumerate(row[:-1]):
        column = reading.block.staff_column(cell.text)
        nxt = row[i + 1]
        if column is None or reading.block.staff_column(nxt.text) is not None:
            continue
        value = parse_number(nxt.text) if column == "rate" else parse_int(nxt.text)
        if value is None:
            continue
        attr = _STAFF_ATTRS[column]
        setattr(reading.base, attr, value)
        reading.base.sources[attr] = ctx.src(nxt)
        reading.staff_cols.pop(column, None)  # the figures row, if any, is read by position no more
        ctx.use(nxt)


def _expense_row(ctx: Context, reading: _Reading, row: list[Cell], keys: list[str]) -> None:
    block = reading.block
    label_i = next(i for i, k in enumerate(keys) if k)
    label_cell = row[label_i]
    label = join_lines(label_cell.text)
    if is_placeholder(label):
        reading.placeholders = True
        ctx.use(label_cell)
        return
    if any(block.expense_header.match(k) for k in keys if k):
        _expense_header(reading, row, keys)
        ctx.use(*row)
        return
    erow = ExpenseControlRow(label=label)
    line = block.expense_line(label)
    if line is not None:
        erow.key, erow.parent = line.key, line.parent
    else:
        erow.key = block.group_items.get(reading.group or "")
        erow.parent = reading.group
    if erow.key in block.groups:
        reading.group = erow.key
    columns: list[str | None] = list(reading.expense_cols or block.expense_columns)
    values = row[label_i + 1 :]
    if reading.text and len(values) < len(columns):  # flattened text: a short line's figures are its last
        columns = columns[len(columns) - len(values) :]
    for attr, cell in zip(columns, values, strict=False):
        value = parse_number(cell.text)
        if attr is not None and value is not None:
            setattr(erow, attr, value * reading.scale if reading.scale != 1 else value)
            erow.sources[attr] = ctx.src(cell)
            ctx.use(cell)
    if not erow.sources:
        erow.sources["label"] = ctx.src(label_cell)
    ctx.use(label_cell)
    reading.base.expense_rows = [*reading.base.expense_rows, erow]


def _building_row(ctx: Context, reading: _Reading, row: list[Cell]) -> None:
    columns = reading.block.building_columns
    values = row[1:] if len(row) > len(columns) else row  # a first cell of its own: the label column
    bc = BuildingControl()
    for attr, cell in zip(columns, values, strict=False):
        if parse_number(cell.text) is not None:
            setattr(bc, attr, parse_number(cell.text))
            bc.sources[attr] = ctx.src(cell)
            ctx.use(cell)
    if bc.sources:
        reading.base.buildings = bc


def _after(ctx: Context, reading: _Reading, t: int) -> FormFooter | None:
    """The note and the footer printed under the table (kept with the note as printed)."""
    base, block = reading.base, reading.block
    footer = None
    for item in ctx.paragraphs_after(t, 3):
        if block.note.match(item.key):
            text = re.sub(r"^说明[:：]\s*", "", item.text.strip())
            base.note = (base.note + "\n" if base.note else "") + text
            ctx.use(item)
        elif footer is None and block.footer.match(item.key):
            base.note = (base.note + "\n" if base.note else "") + item.text.strip()
            footer = parse_footer(ctx, item)
    return footer


def _footer_contacts(ctx: Context, unit: Unit, footer: FormFooter) -> None:
    """填表人 and 单位负责人 of a form footer as the unit's contacts (and its head, if not known)."""
    if unit.contacts:
        return
    contacts: list[Contact] = []
    if footer.filled_by:
        person = Contact(name=footer.filled_by, role="填表人", phone=footer.phone)
        if "phone" in footer.sources:
            person.sources["phone"] = footer.sources["phone"]
        if "filled_by" in footer.sources:
            person.sources["name"] = footer.sources["filled_by"]
        contacts.append(person)
    if footer.head_signature:
        head = Contact(name=footer.head_signature, role="单位负责人")
        if "head_signature" in footer.sources:
            head.sources["name"] = footer.sources["head_signature"]
            if unit.head is None:
                unit.head = footer.head_signature
                unit.sources["head"] = footer.sources["head_signature"]
        contacts.append(head)
    unit.contacts = contacts
