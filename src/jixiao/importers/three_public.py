"""三公经费 tables in tables: rows are the 三公 components, columns 决算数 / 预算数 / 控制率 / 增减 ….

A table is taken for one when its first header cell names the rows (项目, 科目 …), at least two other
header cells name a 三公 column, and its rows name 三公 components. A component is named as the
figure engine names it (:func:`jixiao.figures.subjects.three_public_component`), with the short
forms tables print (公车, 车辆, 运维, 合计).
"""

from __future__ import annotations

import re

from jixiao.figures.subjects import three_public_component
from jixiao.model import EvaluationPackage, ThreePublicComponent, ThreePublicRow, ThreePublicTable

from .blocks import Cell
from .context import Context, Item
from .normalize import NUMBER_IN_TEXT, join_lines, number_in_text, parse_number, squash

THREE_PUBLIC_LABELS = {
    ThreePublicComponent.TOTAL: "三公经费合计",
    ThreePublicComponent.RECEPTION: "公务接待费",
    ThreePublicComponent.VEHICLE_OPERATION: "公务用车运行维护费",
    ThreePublicComponent.VEHICLE_PURCHASE: "公务用车购置费",
    ThreePublicComponent.OVERSEAS_TRAVEL: "因公出国（境）费用",
    ThreePublicComponent.VEHICLE: "公务用车购置及运行维护费",
}


def component_of(label: str) -> ThreePublicComponent | None:
    """The 三公 component a table's row label names ("公车运维费" → VEHICLE_OPERATION, "合计" → TOTAL)."""
    key = squash(label).replace("运维", "运行维护")
    if "公务用车" not in key and ("公车" in key or "车辆" in key):
        key = "公务用车" + key
    found = three_public_component(key)
    if found is None and "合计" in key:
        return ThreePublicComponent.TOTAL
    return found


def _three_public_column(header: str, year: int) -> str | None:
    key = squash(header).replace("、", "").replace("/", "")  # "比上年增、减情况", "增/减幅度"
    m = re.match(r"^(\d{4})年", key)
    if "控制率" in key or "完成率" in key:
        return "stated_control_rate"
    if "比率" in key or "幅度" in key or "变动率" in key or _CHANGE_RATE.search(key):
        return "stated_change_rate"  # "增减率", "支出减少率", "增长率"
    if "增减" in key or _CHANGE_AMOUNT.search(key):
        return "stated_change_amount"  # "增减额", "支出减少情况(万元)"
    if "上年" in key or (m and int(m.group(1)) < year and ("决算" in key or "支出" in key)):
        return "last_year_actual"
    if "预算" in key:
        return "budget"
    if "决算" in key or "实际" in key or "支出" in key:
        return "actual"  # "2020年度支出(万元)"
    return None


_CHANGE_RATE = re.compile(r"(增减|增加|减少|增长|下降|降低)率$|[增降]幅")
_CHANGE_AMOUNT = re.compile(r"(增加|减少|增长|下降|降低)(额|金额|数|情况)")


def _positional_sub_header(data: list[Cell], cols: dict[int, str | None], year: int) -> bool:
    """A second header row printed in the header's own columns, its first cells blank under the merged
    ones above ("项目" spanning two rows; "增、减额 | 增、减幅度" under "较上年增减情况"): each of its
    cells names its own column. False (nothing changed) when it is not one."""
    named = {i: _three_public_column(c.text, year) for i, c in enumerate(data) if squash(c.text)}
    if not named or not all(named.values()) or any(parse_number(c.text) is not None for c in data):
        return False
    cols.update(named)
    return True


def _spanned_from(header: list[Cell], width: int) -> int:
    """Where a sub-header of ``width`` cells starts: under the last header cell followed by
    ``width − 1`` blank ones ("项目 | 上年决算数 | 本年决算数 | 较上年增减情况 | | " over "增、减额 |
    增、减幅度": column 3), else under the header's last ``width`` cells (a merged cell repeated)."""
    texts = [squash(c.text) for c in header]
    for k in range(len(texts) - width, 0, -1):
        if texts[k] and not any(texts[k + 1 : k + width]):
            return k
    return len(header) - width


def parse_three_public_tables(ctx: Context, package: EvaluationPackage) -> None:
    """A table whose rows are 三公经费 components and whose columns are 决算数 / 预算数 / 控制率 …"""
    for t, table in enumerate(ctx.tables):
        for r, row in enumerate(table.rows):
            if not row or ctx.is_used(row[0]):
                continue
            keys = [squash(c.text) for c in row]
            cols = {i: _three_public_column(c.text, package.year) for i, c in enumerate(row) if i > 0}
            named = sum(1 for v in cols.values() if v)
            if keys[0] not in ("项目", "项目名称", "科目", "费用项目", "经费项目") or named < 1:
                continue
            if named < 2 and "三公" not in "".join(x.key for x in ctx.paragraphs_before(t, 3)):
                continue  # one column ("项目 | 决算数") is a 三公 table only under a 三公 title
            labels = [table.rows[k][0] for k in range(r + 1, len(table.rows)) if table.rows[k]]
            if not labels or not any(component_of(c.text) is not None for c in labels):
                continue
            title_items = [
                x for x in ctx.paragraphs_before(t, 3) if not re.match(r"^[（(]?(金额)?单位", x.key)
            ][:2]  # not "单位:万元" above the header
            title = title_items[0].joined if title_items else "三公经费表"
            if len(title_items) == 2 and len(title) <= 4 and "三公" in title_items[1].key:
                title = title_items[1].joined + title  # a title broken over two lines ("…支出决", "算表")
            title_items = title_items[:1]
            out = ThreePublicTable(title=title)
            if title_items:
                out.sources["title"] = ctx.src(title_items[0])
                ctx.use(title_items[0])
            for c in row:
                ctx.use(c)
            for data in table.rows[r + 1 :]:
                if data and not squash(data[0].text) and _positional_sub_header(data, cols, package.year):
                    ctx.use(
                        *(c for c in data if squash(c.text))
                    )  # "| | | 增、减额 | 增、减幅度" under merged cells
                    continue
                if not data or not squash(data[0].text):
                    continue
                label = join_lines(data[0].text)
                comp = component_of(re.sub(r"^\d+[.．、]", "", label))
                sub = [_three_public_column(c.text, package.year) for c in data if squash(c.text)]
                if comp is None and sub and all(sub) and not any(parse_number(c.text) for c in data):
                    # a second header row under a spanning header ("比上年增、减情况" over "增、减金额 |
                    # 增、减幅度"): its columns are the spanning cell's and the blank ones after it
                    first = _spanned_from(row, len(sub))
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
                    if attr == "stated_change_amount" and cell.text.strip().endswith("%"):
                        attr = "stated_change_rate"  # "-57.39%" under a header that reads "增减": a rate
                    setattr(tp, attr, value)
                    tp.sources[attr] = ctx.src(cell)
                    ctx.use(cell)
                if not tp.sources:
                    tp.sources["label"] = ctx.src(data[0])
                out.rows = [*out.rows, tp]
            if out.rows:
                package.three_public_tables = [*package.three_public_tables, out]
            break
    parse_year_row_three_public(ctx, package)
    parse_column_three_public(ctx, package)


# a 三公 table a PDF's text gives as lines ----------------------------------------------------------------

_COLUMN_PHRASES = re.compile(r"\d{4}年(?:决算数|预算数|控制率)|同比增减比率|同比增减|增减率")
_FIGURES = re.compile(rf"^((?:{NUMBER_IN_TEXT}%?\s+)*{NUMBER_IN_TEXT}%?)$")
_LABELLED_FIGURES = re.compile(rf"^((?:\d+[.．])?\D.*?)\s+((?:{NUMBER_IN_TEXT}%?\s*)+)$")


def parse_flow_three_public(ctx: Context, package: EvaluationPackage) -> None:
    """The report's 三公经费 table as lines: a heading (“三公经费”…使用和管理), the header's column
    phrases, then rows "3.公务接待费 2.77 0.4 4 0.1% -2.37 -85.56%" (a label may wrap above its figures)."""
    for item in ctx.items:
        if (
            item.table is not None
            or "三公经费" not in item.key
            or "使用和管理" not in item.key
            or len(item.key) > 30
        ):
            continue
        header, rows = _flow_rows(ctx, item)
        columns = [
            column
            for m in _COLUMN_PHRASES.finditer(squash("".join(header)))
            if (column := _three_public_column(m.group(0), package.year)) is not None
        ]
        if not rows or not columns:
            continue
        title = re.sub(r"^\d+[.．、]\s*", "", item.text.strip()).replace("“", "").replace("”", "")
        table = ThreePublicTable(title="绩效评价报告/" + title)
        table.sources["title"] = ctx.src(item)
        for label, figures, where in rows:
            comp = component_of(re.sub(r"^\d+[.．]", "", label))
            if comp is None:
                ctx.issue(where, "三公经费表的这一行不认识（不是因公出国、公务用车、公务接待或合计）", label)
                continue
            row = ThreePublicRow(component=comp, label=label)
            for attr, fig in zip(columns, figures, strict=False):
                setattr(row, attr, number_in_text(fig.rstrip("%")))
                row.sources[attr] = ctx.src(where, fig)
            table.rows = [*table.rows, row]
        package.three_public_tables = [*package.three_public_tables, table]


def _flow_rows(ctx: Context, heading: Item) -> tuple[list[str], list[tuple[str, list[str], Item]]]:
    """The header lines and the rows (label, figures, where) under a 三公 heading."""
    header: list[str] = []
    rows: list[tuple[str, list[str], Item]] = []
    label_parts: list[str] = []
    label_item: Item | None = None
    for other in ctx.items[heading.index + 1 : heading.index + 60]:
        text = other.text.strip()
        if other.table is not None or not text:
            continue
        m = _LABELLED_FIGURES.match(text)
        if _FIGURES.match(text) and label_parts:
            rows.append(("".join(label_parts), text.split(), label_item or other))
        elif m and not re.search(r"\d{4}\s*年", m.group(1)):
            rows.append(("".join(label_parts) + m.group(1).strip(), m.group(2).split(), label_item or other))
        elif rows and len(text) > 20:
            break
        elif not rows and not re.match(r"^\d+[.．]", text) and not label_parts:
            header.append(text)
            ctx.use(other)
            continue
        else:
            label_parts.append(text)
            label_item = label_item or other
            ctx.use(other)
            continue
        label_parts, label_item = [], None
        ctx.use(other)
    return header, rows


# a 三公 table with the years as rows, flattened one cell a line between lone pipes --------------------

_YEAR_ROW = re.compile(r"^(\d{4})\s*年度?")
_PIPE_ONLY = re.compile(r"^[|｜\s]+$")
_HEADER_FIRST = ("年度", "年份", "年度项目", "项目年度")


def _pipe_run(ctx: Context, start: int) -> list[Item]:
    """The cells of a run "年度", "|", "合计", "|", … from ``start``: the items between lone pipes."""
    cells: list[Item] = []
    k = start
    while k < len(ctx.items):
        item = ctx.items[k]
        if item.table is not None:
            break
        if _PIPE_ONLY.match(item.text):
            k += 1
            continue
        nxt = ctx.items[k + 1] if k + 1 < len(ctx.items) else None
        if nxt is None or nxt.table is not None or not _PIPE_ONLY.match(nxt.text) or len(item.key) > 30:
            break  # a cell is followed by its pipe
        cells.append(item)
        k += 2
    return cells


def _year_columns(header: list[Item], width: int) -> list[tuple[ThreePublicComponent, str]] | None:
    """The component of each figure column: as many header cells as figures, or one more when a
    spanning 公务用车 cell stands over its own 合计/小计 and parts ("公车购置及运行维护费" over "合计 |
    车辆购置 | 车辆运行")."""
    names = [squash(c.text) for c in header]
    if len(names) == width + 1:
        spans = [
            i
            for i in range(len(names) - 1)
            if component_of(names[i]) == ThreePublicComponent.VEHICLE and names[i + 1] in ("合计", "小计")
        ]
        if len(spans) != 1:
            return None
        names = [*names[: spans[0]], "公务用车购置及运行维护费", *names[spans[0] + 2 :]]
    if len(names) != width:
        return None
    out = [(component_of(n), n) for n in names]
    if any(c is None for c, _ in out) or len({c for c, _ in out}) != len(out):
        return None
    return [(c, n) for c, n in out if c is not None]


def parse_year_row_three_public(ctx: Context, package: EvaluationPackage) -> None:
    """ "年度 | 合计 | 因公出国(境)经费 | 公务接待费 | …" then "2015年 | 2840 | 90 | …", "2016年 | …",
    "2016年比2015年增减% | -16.77 | …": a 三公 table whose rows are years (浙江 district pages), given
    one cell a line with a lone pipe after each cell. A year before the report's is last year's
    决算 (or 预算 under a 预算 title); a row that says 增减 holds the stated changes."""
    k = 0
    while k < len(ctx.items):
        item = ctx.items[k]
        if item.table is not None or squash(item.text) not in _HEADER_FIRST or ctx.is_used(item):
            k += 1
            continue
        cells = _pipe_run(ctx, k)
        first_row = next((i for i, c in enumerate(cells) if _YEAR_ROW.match(squash(c.text))), None)
        if first_row is None or first_row < 3:
            k += 1
            continue
        labels = [i for i, c in enumerate(cells) if i >= first_row and parse_number(c.text) is None]
        width = (labels[1] - labels[0] - 1) if len(labels) > 1 else len(cells) - first_row - 1
        columns = _year_columns(cells[1:first_row], width)
        if columns is None or any(
            len(cells[a + 1 : b]) != width for a, b in zip(labels, [*labels[1:], len(cells)], strict=False)
        ):
            k += 1
            continue
        title_item = next((x for x in reversed(ctx.items[:k]) if x.key and x.table is None), None)
        title = title_item.joined if title_item is not None else "三公经费表"
        budget = "预算" in title and "决算" not in title
        rows = {c: ThreePublicRow(component=c, label=name) for c, name in columns}
        for a in labels:
            label = squash(cells[a].text)
            m = _YEAR_ROW.match(label)
            if "增减" in label or "增长" in label or "变动" in label:
                attr = "stated_change_rate" if "%" in label or "率" in label else "stated_change_amount"
            elif m is not None and int(m.group(1)) < package.year:
                attr = "last_year_budget" if budget else "last_year_actual"
            elif m is not None and int(m.group(1)) == package.year:
                attr = "budget" if budget else "actual"
            else:
                continue
            for (column, _name), cell in zip(columns, cells[a + 1 : a + 1 + width], strict=True):
                value = parse_number(cell.text.rstrip("%"))
                if value is None:
                    continue
                setattr(rows[column], attr, value)
                rows[column].sources[attr] = ctx.src(cell)
            ctx.use(cells[a], *cells[a + 1 : a + 1 + width])
        ctx.use(*cells[:first_row])
        table = ThreePublicTable(title=title, rows=[r for r in rows.values() if r.sources])
        if title_item is not None:
            table.sources["title"] = ctx.src(title_item)
            ctx.use(title_item)
        if table.rows:
            package.three_public_tables = [*package.three_public_tables, table]
        k = cells[-1].index + 1


# a 三公 table with the components as columns, one cell a line ending with a pipe --------------------

_PIPED = re.compile(r"^(.*?)[\s|｜]*$")


def _piped_cell(item: Item) -> str | None:
    """The cell of a line "公务接待费 |" (None for a line that does not end with a pipe)."""
    text = item.text.strip()
    if not text.endswith(("|", "｜")):
        return None
    m = _PIPED.match(text)
    return m.group(1).strip() if m else ""


def _component_columns(names: list[str]) -> list[tuple[ThreePublicComponent, str]] | None:
    """The leaf columns of a two-level header given in reading order: "公务用车购置及运行费" spans the
    "小计 | 公务用车购置费 | 公务用车运行费" printed after the first header row; they take its place."""
    comps = [component_of(n) if n not in ("小计", "合计") else None for n in names]
    subtotal = next((i for i, n in enumerate(names) if n in ("小计", "合计") and i > 0), None)
    out: list[tuple[ThreePublicComponent, str]] = []
    if subtotal is not None:
        span = next((i for i, c in enumerate(comps[:subtotal]) if c == ThreePublicComponent.VEHICLE), None)
        parts = names[subtotal + 1 :]
        if span is None or not parts or any(component_of(p) is None for p in parts):
            return None
        first = [(c, n) for c, n in zip(comps[:subtotal], names[:subtotal], strict=True) if c is not None]
        spanned = [(ThreePublicComponent.VEHICLE, names[span])]
        spanned += [(c, p) for p in parts if (c := component_of(p)) is not None]
        k = next(i for i, (c, _) in enumerate(first) if c == ThreePublicComponent.VEHICLE)
        out = [*first[:k], *spanned, *first[k + 1 :]]
    else:
        if any(c is None for c in comps):
            return None
        out = [(c, n) for c, n in zip(comps, names, strict=True) if c is not None]
    if len({c for c, _ in out}) != len(out) or ThreePublicComponent.TOTAL not in {c for c, _ in out}:
        return None
    return out


def parse_column_three_public(ctx: Context, package: EvaluationPackage) -> None:
    """ "“三公”经费合计 |", "因公出国(境)费 |", "公务用车购置及运行费 |", "公务接待费 |", "||", "小计 |",
    "公务用车购置费 |", "公务用车运行费 |", "|||", "79 |", "0 |", … (安徽 预算 template): the header's
    cells in reading order, the spanned 公务用车 cell's parts after it, then one figure a column. Read
    only when as many figures as leaf columns follow; the column is 预算 under a 预算 title."""
    k = 0
    while k < len(ctx.items):
        item = ctx.items[k]
        cell = _piped_cell(item) if item.table is None and not ctx.is_used(item) else None
        if cell is None or component_of(cell) != ThreePublicComponent.TOTAL or parse_number(cell) is not None:
            k += 1
            continue
        names: list[str] = []
        figures: list[Item] = []
        used: list[Item] = []
        j = k
        while j < len(ctx.items) and ctx.items[j].table is None:
            c = _piped_cell(ctx.items[j])
            if c is None:
                break
            used.append(ctx.items[j])
            j += 1
            if not c:
                continue
            if parse_number(c) is not None:
                figures.append(ctx.items[j - 1])
            elif figures:
                break
            else:
                names.append(squash(c))
        columns = _component_columns(names)
        if columns is None or len(columns) != len(figures):
            k = j if j > k else k + 1
            continue
        title_item = next(
            (x for x in reversed(ctx.items[:k]) if x.key and not re.match(r"^单位", x.key)), None
        )
        title = title_item.joined if title_item is not None else "三公经费表"
        attr = "budget" if "预算" in title and "决算" not in title else "actual"
        table = ThreePublicTable(title=title)
        if title_item is not None:
            table.sources["title"] = ctx.src(title_item)
            ctx.use(title_item)
        for (component, name), fig in zip(columns, figures, strict=True):
            value = parse_number(_piped_cell(fig) or "")
            row = ThreePublicRow(component=component, label=name)
            setattr(row, attr, value)
            row.sources[attr] = ctx.src(fig)
            table.rows = [*table.rows, row]
        ctx.use(*used)
        package.three_public_tables = [*package.three_public_tables, table]
        k = j
