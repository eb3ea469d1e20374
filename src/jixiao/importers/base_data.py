"""基础数据表 in tables, read by the ``base-data`` specs (``data/forms/base-data/*.yaml``).

The table starts at the row that opens a spec's first section; each later row either opens another
section or is read by the section it stands in (see :mod:`jixiao.layouts.base_data`). The staffing
figures also fill the unit, and the footer's 填表人 / 单位负责人 become its contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.layouts.base_data import BaseDataBlock, Section
from jixiao.layouts.spec import FormSpec, specs
from jixiao.model import (
    BaseDataTable,
    BuildingControl,
    Contact,
    EvaluationPackage,
    ExpenseControlRow,
    FormFooter,
    Unit,
)

from .blocks import Cell
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


def _start(ctx: Context) -> tuple[FormSpec, Item] | None:
    for s in specs():
        if s.family != "base-data" or s.base_data is None:
            continue
        block = s.base_data
        first = next(iter(block.sections.values()))
        item = next((it for it in ctx.items if it.table is not None and first.match(it.key)), None)
        if item is not None:
            return s, item
    return None


def parse_base_data(ctx: Context, package: EvaluationPackage) -> None:
    found = _start(ctx)
    if found is None:
        return
    spec, start = found
    assert spec.base_data is not None and start.table is not None
    reading = _Reading(spec.base_data, BaseDataTable())
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
    package.base_data = base
    if footer is not None:
        _footer_contacts(ctx, package.unit, footer)
    for attr in ("authorized_staff", "actual_staff"):
        if getattr(base, attr) is not None:
            setattr(package.unit, attr, getattr(base, attr))
            package.unit.sources[attr] = base.sources[attr]


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
    for attr, cell in zip(block.expense_columns, row[label_i + 1 :], strict=False):
        if parse_number(cell.text) is not None:
            setattr(erow, attr, parse_number(cell.text))
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
