"""The fact blocks of an overall form, read by the ``overall-facts`` specs (``data/forms/overall-facts``).

Three readers, each driven by the spec's words (see :mod:`jixiao.layouts.facts`): the rows of figures
under block titles (:func:`parse_figure_rows`), the labelled facts of the unit
(:func:`parse_unit_facts`), and the evaluators with the sign-off blocks (:func:`parse_evaluators`).
Each works on both shapes of text: table rows (cells) and PDF-extracted lines, where a row of figures
reads "本中心 743.43 0 736.89 0 0 6.54" and a fact "联系电话 0743-8720486".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.layouts.facts import FactsBlock, FigureRow, People
from jixiao.layouts.spec import specs
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
    Unit,
)

from .blocks import Cell
from .context import Context, Item
from .normalize import NUMBER_IN_TEXT, join_lines, parse_int, parse_number, squash, tidy_block
from .three_public import THREE_PUBLIC_LABELS, component_of

_FLOW_ROW = re.compile(rf"^(\S{{1,20}}?)\s+((?:{NUMBER_IN_TEXT}%?\s*)+)$")


def _blocks() -> Iterator[FactsBlock]:
    for s in specs():
        if s.family == "overall-facts" and s.facts is not None:
            yield s.facts


# rows of figures under a block title ----------------------------------------------------------------


def parse_figure_rows(ctx: Context, package: EvaluationPackage) -> None:
    for block in _blocks():
        for spec in block.figure_rows:
            title = next((it for it in ctx.items if _is_title(ctx, it, spec)), None)
            if title is None:
                continue
            found = _data_after(ctx, title, spec.stops)
            if found is None:
                continue
            ctx.use(title)
            cells, headers = found
            _fill_figures(ctx, package, spec, title, cells, headers)


def _is_title(ctx: Context, item: Item, spec: FigureRow) -> bool:
    if spec.title not in item.key or len(item.key) >= spec.title_max:
        return False
    if spec.after is None:
        return True
    window = ctx.items[max(0, item.index - 2) : item.index + 1]
    return any(spec.after in w.key for w in window)


def _fill_figures(
    ctx: Context,
    package: EvaluationPackage,
    spec: FigureRow,
    title: Item,
    cells: list[Cell | None],
    headers: list[Item],
) -> None:
    if spec.fills == "three_public":
        package.three_public_tables = [
            *package.three_public_tables,
            _three_public(ctx, spec, title, cells, headers),
        ]
        return
    model: IncomeBySource | ExpenditureByNature | FixedAssets
    if spec.fills == "income":
        model = package.income = IncomeBySource()
    elif spec.fills == "expenditure":
        model = package.expenditure = ExpenditureByNature()
    else:
        model = package.fixed_assets = FixedAssets()
    for name, cell in zip(spec.columns, cells, strict=False):
        value = parse_number(cell.text) if cell is not None else None
        if cell is None or value is None:
            continue
        setattr(model, name, value)
        model.sources[name] = ctx.src(cell)
        ctx.use(cell)


def _three_public(
    ctx: Context, spec: FigureRow, title: Item, cells: list[Cell | None], headers: list[Item]
) -> ThreePublicTable:
    table = ThreePublicTable(title="部门整体支出绩效自评表/收支情况/三公经费")
    table.sources["title"] = ctx.src(title)
    labels = _header_labels(headers)
    components = [ThreePublicComponent(c) for c in spec.columns]
    for component, cell in zip(components, cells + [None] * len(components), strict=False):
        row = ThreePublicRow(component=component, label=labels.get(component, THREE_PUBLIC_LABELS[component]))
        value = parse_number(cell.text) if cell is not None else None
        if cell is not None and value is not None:
            row.actual = value
            row.sources["actual"] = ctx.src(cell)
            ctx.use(cell)
        else:
            row.sources["label"] = ctx.src(title)
        table.rows = [*table.rows, row]
    return table


def _header_labels(headers: list[Item]) -> dict[ThreePublicComponent, str]:
    labels: dict[ThreePublicComponent, str] = {}
    for item in headers:
        if item.table is None:
            continue
        label = join_lines(item.text)
        comp = component_of(label)
        if comp is not None and comp not in labels and label not in ("其中：", "其中:"):
            labels[comp] = label
    return labels


def _data_after(ctx: Context, start: Item, stops: list[str]) -> tuple[list[Cell | None], list[Item]] | None:
    """The figures row that follows a block title: (value cells in column order, header items)."""
    headers: list[Item] = []
    for item in ctx.items[start.index + 1 : start.index + 80]:
        if any(w in item.key for w in stops):
            return None
        cells = _figures_of(ctx, item)
        if cells is not None:
            return cells, headers
        headers.append(item)
    return None


def _figures_of(ctx: Context, item: Item) -> list[Cell | None] | None:
    """The figures of the row ``item`` opens — its other cells, or the numbers of its line."""
    if item.table is None:
        m = _FLOW_ROW.match(item.text.strip())
        if m and not re.search(r"\d", m.group(1)):
            ctx.use(item)
            return [Cell(n, item.loc) for n in re.findall(NUMBER_IN_TEXT + "%?", m.group(2))]
        return None
    row = ctx.tables[item.table].rows[item.row or 0]
    cells = row[1:]
    if (
        item.col == 0
        and any(parse_number(c.text) is not None for c in cells)
        and all(parse_number(c.text) is not None or not squash(c.text) for c in cells)
        and parse_number(row[0].text) is None
    ):
        ctx.use(row[0])
        return list(cells)
    return None


# labelled facts ---------------------------------------------------------------------------------------

_SHORT = ("authorized_staff", "actual_staff", "contact", "phone")


def parse_unit_facts(ctx: Context, package: EvaluationPackage) -> None:
    for block in _blocks():
        contact: list[Contact] = []
        for item in ctx.items:
            if len(item.key) > 40 and item.table is None:
                continue
            for name, pattern in block.facts.items():
                m = re.match(pattern, item.key)
                if m is None:
                    continue
                if name in _SHORT:
                    _short_fact(ctx, block, package.unit, contact, item, name, m.end())
                else:
                    _long_fact(ctx, block, package.unit, item, name)
                break
        if contact and not package.unit.contacts:
            package.unit.contacts = contact[:1]


def _short_fact(
    ctx: Context, block: FactsBlock, unit: Unit, contact: list[Contact], item: Item, name: str, end: int
) -> None:
    if name == "authorized_staff" and item.table is None and _staff_pair(ctx, block, unit, item):
        return
    value_item, value = _value_for(ctx, block, item, end)
    if value is None or value_item is None:
        return
    if name in ("authorized_staff", "actual_staff"):
        number = parse_int(value)
        if number is not None and getattr(unit, name) is None:
            setattr(unit, name, number)
            unit.sources[name] = ctx.src(value_item, value)
            ctx.use(item, value_item)
    elif name == "contact":
        if not contact and not re.search(r"\d{5,}", value):
            person = Contact(name=value, role="联系人")
            person.sources["name"] = ctx.src(value_item, value)
            contact.append(person)
            ctx.use(item, value_item)
    elif contact and contact[0].phone is None:
        phone = re.sub(r"\s+", "", value)
        if re.search(r"\d{5,}", phone):
            contact[0].phone = phone
            contact[0].sources["phone"] = ctx.src(value_item, value)
            ctx.use(item, value_item)


def _staff_pair(ctx: Context, block: FactsBlock, unit: Unit, item: Item) -> bool:
    """ "人员编制 31 实有人数 30" on one line."""
    m = re.search(block.staff_pair, item.text.strip())
    if m is None:
        return False
    for attr, group in (("authorized_staff", 1), ("actual_staff", 2)):
        if getattr(unit, attr) is None:
            setattr(unit, attr, int(m.group(group)))
            unit.sources[attr] = ctx.src(item, m.group(group))
    ctx.use(item)
    return True


def _long_fact(ctx: Context, block: FactsBlock, unit: Unit, item: Item, name: str) -> None:
    value_item, value = _long_value(ctx, block, item)
    if value and getattr(unit, name) is None:
        setattr(unit, name, value)
        if value_item is not None:
            unit.sources[name] = ctx.src(value_item)
    ctx.use(item)


def _value_for(ctx: Context, block: FactsBlock, item: Item, label_end: int) -> tuple[Item | None, str | None]:
    rest = item.key[label_end:].strip(":：")
    if rest:
        if item.table is None:
            # "联系电话 0743-8720486": the value is the rest of the line
            text = re.sub(block.value_labels, "", item.text.strip()).strip()
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


def _long_value(ctx: Context, block: FactsBlock, item: Item) -> tuple[Item | None, str | None]:
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
            or any(re.match(p, key) for p in block.facts.values())
            or re.match(r"^[一二三四五六七八九十]+、", key)
        ):
            break
        if key in block.continuations:
            ctx.use(other)
            continue
        lines.append(other)
    if not lines:
        return None, None
    ctx.use(*lines)
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


# evaluators and sign-off blocks -------------------------------------------------------------------------


def parse_evaluators(ctx: Context, package: EvaluationPackage) -> None:
    for block in _blocks():
        people = block.people
        if people is None:
            continue
        header = next((it for it in ctx.items if people.header.match(it.key)), None)
        if header is None:
            continue
        ctx.use(header)
        if header.table is not None:
            package.evaluators = _evaluators_in_table(ctx, people, header)
        else:
            package.evaluators = _evaluators_in_lines(ctx, people, header)
        package.signoffs = _signoffs(ctx, people, header.index)
        return


def _evaluators_in_table(ctx: Context, people: People, header: Item) -> list[Evaluator]:
    assert header.table is not None
    table = ctx.tables[header.table]
    ctx.use(*table.rows[header.row or 0])
    evaluators: list[Evaluator] = []
    for row in table.rows[(header.row or 0) + 1 :]:
        texts = [join_lines(c.text) for c in row]
        if any(t.startswith(tuple(people.ends)) for t in texts):
            break
        if not texts or not texts[0]:
            continue
        columns: dict[str, int] = dict(zip(people.columns, range(len(texts)), strict=False))
        ev = Evaluator(name=texts[columns["name"]])
        ev.sources["name"] = ctx.src(row[columns["name"]])
        for attr in ("title", "organisation"):
            i = columns.get(attr)
            if i is not None and texts[i]:
                setattr(ev, attr, texts[i])
                ev.sources[attr] = ctx.src(row[i])
        signature = columns.get("signature")
        ev.signed = signature is not None and bool(texts[signature])
        ctx.use(*row)
        evaluators.append(ev)
    return evaluators


def _evaluators_in_lines(ctx: Context, people: People, header: Item) -> list[Evaluator]:
    """ "张三 主任 州社保中心" lines: the last two words are the title and the organisation."""
    evaluators: list[Evaluator] = []
    for item in ctx.items[header.index + 1 : header.index + 40]:
        text = item.text.strip()
        if not text:
            continue
        if text.startswith(tuple(people.ends)) or item.table is not None:
            break
        parts = text.split()
        if len(parts) < 3:
            continue
        name = parts[0] if len(parts) == 3 else "".join(parts[:-2])
        if len(parts) > 3 and len(parts[0]) == 1:
            name = " ".join(parts[:-2])
        ev = Evaluator(name=name, title=parts[-2], organisation=parts[-1])
        ev.sources["name"] = ctx.src(item)
        ctx.use(item)
        evaluators.append(ev)
    return evaluators


def _signoffs(ctx: Context, people: People, start: int) -> list[Signoff]:
    signoffs: list[Signoff] = []
    current: Signoff | None = None
    for item in ctx.items[start : start + 80]:
        key = item.key
        party = next((p for p, pattern in people.parties.items() if re.match(pattern, key)), None)
        if party is not None:
            ctx.use(item)
            if current is None or current.party != party:
                current = Signoff(party=party)
                signoffs.append(current)
            continue
        if current is None:
            continue
        if re.fullmatch(people.blank_date, key) or not key:
            ctx.use(item)
            continue
        if re.match(people.stop, key) or len(key) > 60:
            break
        if item.table is None and current.opinion is None and not re.search(people.signature_words, key):
            current.opinion = item.text.strip()
            ctx.use(item)
    return signoffs
