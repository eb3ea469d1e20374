"""评分表 in tables, read by the ``scoring-table`` specs (``data/forms/scoring-table/*.yaml``).

A table holds a 评分表 when a row is one of the specs' header rows (its anchor 评分标准 and the
required columns). The spec the title above the table names decides what it is: a
部门整体支出绩效评价评分表 or a 绩效自评工作考核评分表. Rows are read by the header's columns: level-1
and level-2 headings state their weight and a blank heading continues the one above; a criterion,
分值 or 得分 merged over several rows is printed once and stays on the row where it stands; the
total row (总分 / 合计) and the grade row (评分等级) close the table's figures. A spec that says how
the form reads as flowing lines (``stream``: a PDF's text, its grid lost) is also looked for there
(:func:`parse_scoring_streams`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.layouts.labels import level1_of, level2_of
from jixiao.layouts.scoring import ScoringBlock, ScoringRole, ScoringStream
from jixiao.layouts.spec import FormSpec, specs
from jixiao.layouts.words import header_key
from jixiao.model import (
    EvaluationPackage,
    Funds,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level1,
    Scope,
    ScoringRow,
    ScoringTable,
    SelfEvaluation,
)

from .blocks import Cell
from .context import Context, Item
from .normalize import is_placeholder, join_lines, parse_number, squash, tidy_block


def scoring_specs() -> list[FormSpec]:
    """The bundled 评分表 specs, the most specific (an ``extends``) first."""
    found = [s for s in specs() if s.family == "scoring-table" and s.scoring is not None]
    return sorted(found, key=lambda s: (s.extends is None, s.id))


@dataclass
class _Open:
    """The 评分表 being read: its spec's block, the header's columns, the headings carried down."""

    block: ScoringBlock
    table: ScoringTable
    cols: dict[ScoringRole, int]
    carried: dict[str, object] = field(default_factory=dict)

    def at(self, row: list[Cell], role: ScoringRole) -> Cell | None:
        i = self.cols.get(role)
        return row[i] if i is not None and i < len(row) else None


def find_scoring_tables(ctx: Context) -> list[tuple[str, ScoringTable]]:
    """Every 评分表 given as a table: (the spec's kind — "scoring" | "work_assessment" —, table)."""
    out: list[tuple[str, ScoringTable]] = []
    candidates = [s for s in scoring_specs() if s.scoring is not None and s.scoring.kind != "results"]
    if not candidates:
        return out
    for t, table in enumerate(ctx.tables):
        current: _Open | None = None  # a table block of its own; page repeats come as header rows
        for r, row in enumerate(table.rows):
            header = _header(candidates, row)
            if header is not None:
                ctx.use(*row)
                if current is None or (r == 0 and header.keys() != current.cols.keys()):
                    spec, title, attachment = _title(ctx, t, candidates)
                    assert spec.scoring is not None
                    current = _Open(spec.scoring, _new_table(ctx, title, attachment), header)
                    out.append((spec.scoring.kind, current.table))
                current.cols = header
                continue
            if current is not None:
                ctx.deadline.check()
                _row(ctx, current, row)
    for _, read in out:
        if read.stated_total_score is None and read.stated_total_max is None:
            _open_groups(read)  # an excerpt cut inside the form: its last groups are not complete
    return out


def _header(candidates: list[FormSpec], row: list[Cell]) -> dict[ScoringRole, int] | None:
    texts = [c.text for c in row]
    for s in candidates:
        assert s.scoring is not None
        cols = s.scoring.header(texts)
        if cols is not None:
            return cols
    return None


def _title(ctx: Context, t: int, candidates: list[FormSpec]) -> tuple[FormSpec, Item | None, Item | None]:
    """The spec the title above table ``t`` names (the least specific when none), the title, the 附件 line."""
    title = attachment = None
    for item in ctx.paragraphs_before(t, 4):
        if title is None and any(s.title.match_key(item.key) for s in candidates):
            title = item
        elif attachment is None and item.key.startswith("附件"):
            attachment = item
    chosen = candidates[-1]
    if title is not None:
        chosen = next((s for s in candidates if s.title.match_key(title.key)), chosen)
    return chosen, title, attachment


def _new_table(ctx: Context, title: Item | None, attachment: Item | None) -> ScoringTable:
    table = ScoringTable(title=title.joined if title is not None else "评分表")
    for attr, item in (("title", title), ("attachment", attachment)):
        if item is not None:
            if attr == "attachment":
                table.attachment = item.joined
            table.sources[attr] = ctx.src(item)
            ctx.use(item)
    return table


def _row(ctx: Context, form: _Open, row: list[Cell]) -> None:
    keys = [squash(c.text) for c in row]
    first = next((k for k in keys if k), "")
    if not first:
        return
    if form.block.total.match(first):
        _total_row(ctx, form.table, row, first)
    elif form.block.grade.match(first):
        _grade_row(ctx, form, row)
    else:
        _indicator_row(ctx, form, row)


def _total_row(ctx: Context, table: ScoringTable, row: list[Cell], first: str) -> None:
    nums = [c for c in row if parse_number(c.text) is not None]
    label_cell = next(c for c in row if squash(c.text))
    ctx.use(label_cell)
    if len(nums) >= 2:
        table.stated_total_max = parse_number(nums[0].text)
        table.stated_total_score = parse_number(nums[1].text)
        table.sources["stated_total_max"] = ctx.src(nums[0])
        table.sources["stated_total_score"] = ctx.src(nums[1])
        ctx.use(nums[0], nums[1])
    elif len(nums) == 1:
        table.stated_total_score = parse_number(nums[0].text)
        table.sources["stated_total_score"] = ctx.src(nums[0])
        ctx.use(nums[0])
        inline = re.search(r"\d+(?:\.\d+)?", first)  # "总分（100分）"
        if inline is not None:
            table.stated_total_max = Decimal(inline.group(0))
            table.sources["stated_total_max"] = ctx.src(label_cell)


def _grade_row(ctx: Context, form: _Open, row: list[Cell]) -> None:
    table = form.table
    for c in row:
        key = squash(c.text)
        if not key or form.block.grade.match(key):
            continue
        if any(word in key for word in form.block.grade_note) and len(key) > 4:
            table.grade_note = tidy_block(c.text)
            table.sources["grade_note"] = ctx.src(c)
        else:
            table.stated_grade = key
            table.sources["stated_grade"] = ctx.src(c)
        ctx.use(c)


def _heading(ctx: Context, form: _Open, cell: Cell | None, level: str) -> None:
    if cell is not None and squash(cell.text) and not is_placeholder(cell.text):
        label, weight = form.block.split_weight(cell.text)
        form.carried[level], form.carried[f"{level}_max"], form.carried[f"{level}_cell"] = label, weight, cell
        ctx.use(cell)


def _indicator_row(ctx: Context, form: _Open, row: list[Cell]) -> None:
    c_l1, c_l2 = form.at(row, "level1"), form.at(row, "level2")
    _heading(ctx, form, c_l1, "l1")
    _heading(ctx, form, c_l2, "l2")
    three_levels = "name" in form.cols
    name_cell = form.at(row, "name") if three_levels else c_l2  # two levels: the 二级 cell is the row
    if name_cell is None or not squash(name_cell.text) or "l1" not in form.carried:
        return
    carried = form.carried
    srow = ScoringRow(
        level1=str(carried["l1"]),
        level1_max=_decimal(carried.get("l1_max")),
        level2=str(carried["l2"]) if carried.get("l2") is not None and three_levels else None,
        level2_max=_decimal(carried.get("l2_max")) if three_levels else None,
        name=join_lines(name_cell.text) if three_levels else str(carried.get("l2") or ""),
    )
    if not three_levels:
        srow.max_score = _decimal(carried.get("l2_max"))
    srow.sources["name"] = ctx.src(name_cell)
    ctx.use(name_cell)
    if c_l1 is not None and carried.get("l1_cell") is c_l1:
        srow.sources["level1"] = ctx.src(c_l1)
    if three_levels and c_l2 is not None and carried.get("l2_cell") is c_l2:
        srow.sources["level2"] = ctx.src(c_l2)
    _fill(ctx, form, row, srow)
    form.table.rows = [*form.table.rows, srow]


def _fill(ctx: Context, form: _Open, row: list[Cell], srow: ScoringRow) -> None:
    texts: tuple[tuple[str, ScoringRole], ...] = (("criterion", "criterion"), ("note", "note"))
    figures: tuple[tuple[str, ScoringRole], ...] = (("max_score", "max_score"), ("self_score", "score"))
    for attr, role in texts:
        cell = form.at(row, role)
        if cell is not None and squash(cell.text):
            setattr(srow, attr, tidy_block(cell.text))
            srow.sources[attr] = ctx.src(cell)
            ctx.use(cell)
    for attr, role in figures:
        cell = form.at(row, role)
        if cell is not None and parse_number(cell.text) is not None:
            setattr(srow, attr, parse_number(cell.text))
            srow.sources[attr] = ctx.src(cell)
            ctx.use(cell)


def _decimal(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


# the form as flowing lines (a PDF's text layer) ------------------------------------------------------


@dataclass
class _Stream:
    """A 评分表 read from flowing lines: the heading lines gathered, the scored line open."""

    block: ScoringBlock
    stream: ScoringStream
    table: ScoringTable
    in_header: bool = True
    grading: bool = False
    level1: str | None = None
    level1_max: Decimal | None = None
    pending: list[Item] = field(default_factory=list)
    row: ScoringRow | None = None
    criterion: list[str] = field(default_factory=list)
    grade_lines: list[str] = field(default_factory=list)


def parse_scoring_streams(ctx: Context, package: EvaluationPackage) -> None:
    """评分表 printed as flowing lines or as a run of pipe cells, for the kinds no table gave; then a
    评分表 that is the unit's self-evaluation itself read as its overall form."""
    _parse_flowing(ctx, package)
    parse_scoring_cell_runs(ctx, package)
    scoring_self_evaluation(package)


def scoring_self_evaluation(package: EvaluationPackage) -> None:
    """The 评分表 whose title names the unit's own self-evaluation (a spec's ``self_evaluation_title``:
    安徽's 部门整体支出绩效评价自评表) is also its overall form, when the document gives no other: one
    indicator a scored row, with its headings, 分值 and 得分, and the table's totals."""
    table = package.scoring_table
    if table is None or package.overall is not None or not table.rows:
        return
    spec = next(
        (
            s
            for s in scoring_specs()
            if s.scoring is not None
            and s.scoring.kind == "scoring"
            and s.scoring.self_evaluation_title.match(table.title)
        ),
        None,
    )
    if spec is None:
        return
    ev = SelfEvaluation(scope=Scope.OVERALL, title=table.title, layout=spec.id)
    if "title" in table.sources:
        ev.sources["title"] = table.sources["title"]
    indicators: list[Indicator] = []
    for row in table.rows:
        ind = Indicator(
            level1=level1_of(row.level1) or Level1.OTHER,
            level1_raw=row.level1,
            level2=level2_of(row.level2 or ""),
            level2_raw=row.level2,
            name=row.name,
            max_score=row.max_score,
            score=row.self_score,
        )
        for attr, src in (("name", "name"), ("max_score", "max_score"), ("score", "self_score")):
            if src in row.sources:
                ind.sources[attr] = row.sources[src]
        indicators.append(ind)
    ev.indicators = indicators
    ev.truncated = table.stated_total_score is None and table.stated_total_max is None
    for attr in ("stated_total_max", "stated_total_score", "stated_grade"):
        if getattr(table, attr) is not None:
            setattr(ev, attr, getattr(table, attr))
            if attr in table.sources:
                ev.sources[attr] = table.sources[attr]
    package.overall = ev


def _parse_flowing(ctx: Context, package: EvaluationPackage) -> None:
    for spec in scoring_specs():
        block = spec.scoring
        if block is None or block.stream is None:
            continue
        if getattr(package, block.kind if block.kind == "work_assessment" else "scoring_table") is not None:
            continue
        title = next(
            (it for it in ctx.items if it.table is None and block.stream.title.match_key(it.key)), None
        )
        if title is None:
            continue
        table = _read_stream(ctx, block, block.stream, title)
        if table.rows:
            if block.kind == "work_assessment":
                package.work_assessment = table
            else:
                package.scoring_table = table


def _read_stream(ctx: Context, block: ScoringBlock, stream: ScoringStream, title: Item) -> ScoringTable:
    title_text, start = title.text.strip(), title.index + 1
    if (
        not title.key.endswith("评分表")
        and start < len(ctx.items)
        and stream.title_rest.match_key(ctx.items[start].key)
    ):
        title_text += ctx.items[start].text.strip()
        ctx.use(ctx.items[start])
        start += 1
    table = ScoringTable(title=title_text)
    table.sources["title"] = ctx.src(title)
    ctx.use(title)
    prev = ctx.items[title.index - 1] if title.index > 0 else None
    if prev is not None and prev.key.startswith("附件"):
        table.attachment = prev.text.strip()
        table.sources["attachment"] = ctx.src(prev)
        ctx.use(prev)
    state = _Stream(block, stream, table)
    for item in ctx.items[start : start + stream.lines]:
        ctx.deadline.check()
        if item.key and item.table is None and _stream_line(ctx, state, item):
            break
    if state.grade_lines:
        table.grade_note = "".join(state.grade_lines)
    return table


def _stream_line(ctx: Context, state: _Stream, item: Item) -> bool:
    """Read one line; ``True`` when the form has ended."""
    text, key, table = item.text.strip(), item.key, state.table
    ctx.use(item)
    m_unit = re.match(state.stream.assessed_unit, text)
    if m_unit:
        table.assessed_unit = m_unit.group(1)
        table.sources["assessed_unit"] = ctx.src(item)
    elif state.in_header:
        state.in_header = not any(header_key(w) in key for w in state.block.anchor.words)
    elif state.grading:
        if state.stream.end.match_key(key):
            return True
        if len(key) <= 2:
            table.stated_grade = key
            table.sources["stated_grade"] = ctx.src(item)
        else:
            state.grade_lines.append(text)
    elif (m_total := re.match(state.stream.total, text)) is not None:
        table.stated_total_max = Decimal(m_total.group(1))
        table.sources["stated_total_max"] = ctx.src(item)
        if m_total.group(2):
            table.stated_total_score = Decimal(m_total.group(2))
            table.sources["stated_total_score"] = ctx.src(item)
    elif state.block.grade.match_key(key):
        state.grading = True
    elif state.row is None:
        _heading_line(ctx, state, item)
    else:
        _criterion_line(ctx, state, item)
    return False


def _heading_line(ctx: Context, state: _Stream, item: Item) -> None:
    """A piece of a heading, or the weight line that closes one."""
    m1 = re.match(state.stream.level1_weight, item.key.replace(" ", ""))
    m2 = re.match(state.stream.level2_weight, item.text.strip().replace(" ", ""))
    if m1:
        state.level1 = "".join(p.text.strip() for p in state.pending)
        state.level1_max = Decimal(m1.group(1))
        state.pending = []
    elif m2 and state.level1 is not None:
        name = "".join(p.text.strip() for p in state.pending)
        state.row = ScoringRow(
            level1=state.level1, level1_max=state.level1_max, name=name, max_score=Decimal(m2.group(1))
        )
        state.row.sources["name"] = ctx.src(state.pending[0] if state.pending else item)
        state.pending, state.criterion = [], []
    else:
        state.pending.append(item)


def _criterion_line(ctx: Context, state: _Stream, item: Item) -> None:
    """A line of the open row's criterion, or its score (which closes the row)."""
    text, row = item.text.strip(), state.row
    assert row is not None
    m_score = re.match(state.stream.score, text)
    m_trail = re.match(state.stream.trailing_score, text)
    if m_score is None and m_trail is None:
        state.criterion.append(text)
        return
    if m_trail is not None:
        state.criterion.append(m_trail.group(1))
    score = m_score.group(1) if m_score is not None else m_trail.group(2)  # type: ignore[union-attr]
    row.criterion = "".join(state.criterion) or None
    row.self_score = Decimal(score)
    row.sources["self_score"] = ctx.src(item)
    state.table.rows = [*state.table.rows, row]
    state.row = None


# the form as a run of pipe cells (an archive's copy of an HTML table) -----------------------------------

_PIPE = re.compile(r"[|｜]")


def parse_scoring_cell_runs(ctx: Context, package: EvaluationPackage) -> None:
    """评分表 given as a run of cells between pipes, for the kinds no table gave (specs with ``cell_runs``).

    An archive that writes an HTML table out cell after cell breaks a row wherever a cell held a line
    break and leaves out the cells a merge covered, so the text reader's tables are pieces of rows.
    The cells are taken in order from those pieces and from the lines of one cell ("3 |"); the header
    is the run of cells that the spec's header words name, and each row is read by the header's
    grammar: its 序号, the headings it prints (a merged one left out), the indicator, the 分值, the
    texts up to the 得分 — see :func:`_cell_row`.
    """
    for spec in scoring_specs():
        block = spec.scoring
        if block is None or not block.cell_runs or block.kind == "results":
            continue
        attr = "work_assessment" if block.kind == "work_assessment" else "scoring_table"
        if getattr(package, attr) is not None:
            continue
        for run in _cell_runs(ctx):
            table = _read_cell_run(ctx, spec, block, run)
            if table is not None and table.rows:
                setattr(package, attr, table)
                break


def _cell_runs(ctx: Context) -> list[list[tuple[str, Item]]]:
    """Runs of consecutive items that hold pipe cells: table cells, and lines with a pipe split at it."""
    runs: list[list[tuple[str, Item]]] = []
    current: list[tuple[str, Item]] = []
    for item in ctx.items:
        if item.table is not None:
            current.append((item.text.strip(), item))
        elif _PIPE.search(item.text):
            parts = _PIPE.split(item.text.strip())
            if parts and parts[-1].strip() == "":
                parts = parts[:-1]  # the pipe that closes the line's last cell
            current.extend((part.strip(), item) for part in parts)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _stream_header(block: ScoringBlock, texts: list[str]) -> tuple[int, int, dict[ScoringRole, int]] | None:
    """Where a run of header words starts and ends, and the column of each role in it."""
    for start in range(len(texts)):
        end = start
        while end < len(texts) and any(v.match(texts[end]) for v in block.columns.values()):
            end += 1
        if end - start >= 4:
            header = block.header(texts[start:end])
            if header is not None:
                return start, end, header
    return None


def _read_cell_run(
    ctx: Context, spec: FormSpec, block: ScoringBlock, run: list[tuple[str, Item]]
) -> ScoringTable | None:
    found = _stream_header(block, [t for t, _ in run])
    if found is None:
        return None
    start, end, header = found
    title = next(
        (
            it
            for it in reversed(ctx.items[max(0, run[0][1].index - 4) : run[0][1].index])
            if it.table is None and spec.title.match_key(it.key)
        ),
        None,
    )
    table = _new_table(ctx, title, None)
    for _, item in run[start:end]:
        ctx.use(item)
    cells = [(t, it) for t, it in run[end:] if t]  # the empty cells a row is padded with say nothing
    form = _Open(block, table, header)
    k = 0
    while k < len(cells):
        ctx.deadline.check()
        text, item = cells[k]
        if block.total.match(squash(text)):
            k = _cell_total(ctx, table, cells, k)
            continue
        nxt = _cell_row(ctx, form, cells, k)
        if nxt is None:
            break
        k = nxt
    if table.stated_total_score is None and table.stated_total_max is None:
        _open_groups(table)
    return table


def _open_groups(table: ScoringTable) -> None:
    """A run that ends before the total row (an excerpt cut inside the form) leaves its last level-1
    and level-2 groups open: their rows keep their headings but not the headings' weights, which
    the rows read so far cannot add up to."""
    if not table.rows:
        return
    last = table.rows[-1]
    rows = []
    for row in table.rows:
        update: dict[str, None] = {}
        if row.level1 == last.level1:
            update["level1_max"] = None
        if row.level2 is not None and row.level2 == last.level2 and row.level1 == last.level1:
            update["level2_max"] = None
        rows.append(row.model_copy(update=update) if update else row)
    table.rows = rows


def _cell_total(ctx: Context, table: ScoringTable, cells: list[tuple[str, Item]], k: int) -> int:
    """The total row: its label, then the 分值 and the 得分 printed after it."""
    ctx.use(cells[k][1])
    nums: list[tuple[Decimal, Item]] = []
    j = k + 1
    while j < len(cells) and len(nums) < 2:
        value = parse_number(cells[j][0])
        if value is None:
            break
        nums.append((value, cells[j][1]))
        j += 1
    if len(nums) == 2:
        table.stated_total_max, table.stated_total_score = nums[0][0], nums[1][0]
        table.sources["stated_total_max"] = ctx.src(nums[0][1], cells[k + 1][0])
        table.sources["stated_total_score"] = ctx.src(nums[1][1], cells[k + 2][0])
    elif nums:
        table.stated_total_score = nums[0][0]
        table.sources["stated_total_score"] = ctx.src(nums[0][1], cells[k + 1][0])
    for _, it in cells[k + 1 : j]:
        ctx.use(it)
    return j


def _cell_row(ctx: Context, form: _Open, cells: list[tuple[str, Item]], k: int) -> int | None:
    """One row from cell ``k`` on, by the header's grammar; the index after it, or ``None`` when the
    cells there are no row.

    The row opens with its 序号 when the header has one; then come the headings it prints — a
    heading states its weight ("规划 (15分)"), the left-out ones continue those above, and one
    heading alone is the inner (二级) one —, the indicator's name, its 分值 (the first figure), the
    texts the header prints between 分值 and 得分 (指标解释, 评分标准: the last is the criterion),
    and the 得分, which closes the row.
    """
    cols, block = form.cols, form.block
    j = k
    if "seq" in cols:
        if parse_number(cells[j][0]) is None:
            return None
        ctx.use(cells[j][1])
        j += 1
    headings: list[tuple[str, Decimal, Item]] = []
    while j < len(cells):
        label, weight = block.split_weight(cells[j][0])
        if weight is None or parse_number(cells[j][0]) is not None:
            break
        headings.append((label, weight, cells[j][1]))
        j += 1
    if j >= len(cells) or parse_number(cells[j][0]) is not None:
        return None
    name_text, name_item = cells[j]
    j += 1
    levels = ["l1", "l2"] if "level2" in cols else ["l1"]
    for (label, weight, item), level in zip(
        headings, levels[-len(headings) :] if headings else [], strict=False
    ):
        form.carried[level], form.carried[f"{level}_max"] = label, weight
        ctx.use(item)
    if "l1" not in form.carried:
        return None
    srow = ScoringRow(
        level1=str(form.carried["l1"]),
        level1_max=_decimal(form.carried.get("l1_max")),
        level2=str(form.carried["l2"]) if form.carried.get("l2") is not None else None,
        level2_max=_decimal(form.carried.get("l2_max")),
        name=squash(name_text),
    )
    srow.sources["name"] = ctx.src(name_item, name_text)
    ctx.use(name_item)
    if j < len(cells) and parse_number(cells[j][0]) is not None:
        srow.max_score = parse_number(cells[j][0])
        srow.sources["max_score"] = ctx.src(cells[j][1], cells[j][0])
        ctx.use(cells[j][1])
        j += 1
    texts: list[tuple[str, Item]] = []
    while j < len(cells) and parse_number(cells[j][0]) is None:
        texts.append(cells[j])
        j += 1
    scored = j < len(cells) and "score" in cols
    # the text columns between 分值 and 得分, in the header's order: a row that ends before its 得分
    # (cut off) fills them from the left, a scored one from the right (a left-out cell is an empty one)
    lo, hi = cols.get("max_score", -1), cols.get("score", max(cols.values()) + 1)
    roles = [role for role, c in sorted(cols.items(), key=lambda rc: rc[1]) if lo < c < hi]
    placed = (
        zip(roles[-len(texts) :], texts, strict=False)
        if scored and texts
        else zip(roles, texts, strict=False)
    )
    for role, (text, it) in placed:
        if role in ("criterion", "note"):
            setattr(srow, role, tidy_block(text))
            srow.sources[role] = ctx.src(it, text)
    for _, it in texts:
        ctx.use(it)
    if scored:
        srow.self_score = parse_number(cells[j][0])
        srow.sources["self_score"] = ctx.src(cells[j][1], cells[j][0])
        ctx.use(cells[j][1])
        j += 1
    form.table.rows = [*form.table.rows, srow]
    return j


# lists of evaluation results (kind ``results``) ------------------------------------------------------


def parse_results(ctx: Context, package: EvaluationPackage) -> None:
    """Lists of evaluated projects (a 财政局's 重点绩效评价结果明细): one project evaluation a row, with
    its name, amount (资金规模, 万元 unless the header says 元), score and grade. Read
    from tables and from text whose cells come one or a few a line ("序号 |", "评分情况 |")."""
    for s in scoring_specs():
        block = s.scoring
        if block is None or block.kind != "results":
            continue
        for header, cells, records in [*_result_tables(ctx, block), *_result_runs(ctx, block)]:
            scale = Decimal("0.0001") if re.search(r"[（(]元[）)]", cells.get("amount", "")) else Decimal(1)
            for record in records:
                ev = _result(ctx, header, record, scale, s.id)
                if ev is not None:
                    package.projects = [*package.projects, ev]


def _result_tables(
    ctx: Context, block: ScoringBlock
) -> list[tuple[dict[ScoringRole, int], dict[str, str], list[list[Cell | Item]]]]:
    out: list[tuple[dict[ScoringRole, int], dict[str, str], list[list[Cell | Item]]]] = []
    for table in ctx.tables:
        for r, row in enumerate(table.rows):
            header = block.header([c.text for c in row])
            if header is None:
                continue
            names: dict[str, str] = {role: row[i].text for role, i in header.items()}
            records: list[list[Cell | Item]] = [list(x) for x in table.rows[r + 1 :]]
            out.append((header, names, records))
            ctx.use(*row)
            break
    return out


def _result_runs(
    ctx: Context, block: ScoringBlock
) -> list[tuple[dict[ScoringRole, int], dict[str, str], list[list[Cell | Item]]]]:
    """Cells of text lines ending in "|": a run of header words, then the rows, as many cells each."""
    out: list[tuple[dict[ScoringRole, int], dict[str, str], list[list[Cell | Item]]]] = []
    cells: list[tuple[str, Item]] = []

    def flush() -> None:
        found = _result_header(block, [t for t, _ in cells])
        if found is not None:
            start, header = found
            width = max(header.values()) + 1
            names: dict[str, str] = {role: cells[start + i][0] for role, i in header.items()}
            for _, item in cells[start : start + width]:
                ctx.use(item)
            body = cells[start + width :]
            records: list[list[Cell | Item]] = []
            for k in range(0, len(body), width):
                chunk = body[k : k + width]
                seq = header.get("seq")
                if seq is not None and (seq >= len(chunk) or parse_number(chunk[seq][0]) is None):
                    break
                records.append([Cell(text=t, loc=item.loc) for t, item in chunk])
                for _, item in chunk:
                    ctx.use(item)
            out.append((header, names, records))
        cells.clear()

    for item in ctx.items:
        text = item.text.strip()
        if item.table is None and text.endswith("|"):
            cells.extend((part.strip(), item) for part in text.split("|")[:-1])
        elif item.table is None and cells and text and not text.endswith("|"):
            flush()
    if cells:
        flush()
    return out


def _result_header(block: ScoringBlock, texts: list[str]) -> tuple[int, dict[ScoringRole, int]] | None:
    """Where a run of header words starts and the column of each role in it."""
    for start in range(len(texts)):
        end = start
        while end < len(texts) and any(v.match(texts[end]) for v in block.columns.values()):
            end += 1
        if end - start >= 3:
            header = block.header(texts[start:end])
            if header is not None:
                return start, header
    return None


def _result(
    ctx: Context, header: dict[ScoringRole, int], record: list[Cell | Item], scale: Decimal, layout: str
) -> SelfEvaluation | None:
    def cell(role: ScoringRole) -> Cell | Item | None:
        i = header.get(role)
        c = record[i] if i is not None and i < len(record) else None
        return c if c is not None and squash(c.text) else None

    name, score, grade = cell("name"), cell("score"), cell("grade")
    total = parse_number(score.text) if score is not None else None
    if name is None or total is None:
        return None
    ev = SelfEvaluation(scope=Scope.PROJECT, name=join_lines(name.text).strip(), layout=layout)
    ev.sources["name"] = ctx.src(name)
    ev.stated_total_score = total
    ev.sources["stated_total_score"] = ctx.src(score)  # type: ignore[arg-type]
    if grade is not None:
        ev.stated_grade = squash(grade.text)
        ev.sources["stated_grade"] = ctx.src(grade)
    # 主管部门 / 实施单位 are each evaluated project's, not the paper's unit (the bureau that had them
    # evaluated): not copied to the evaluation, where they would be compared with the paper's unit
    amount_cell = cell("amount")
    amount = parse_number(amount_cell.text) if amount_cell is not None else None
    if amount_cell is not None and amount is not None:
        row = FundsRow(kind=FundsRowKind.TOTAL, label="资金规模", annual_budget=amount * scale)
        row.sources["annual_budget"] = ctx.src(amount_cell)
        ev.funds = Funds(rows=[row])
    for c in record:
        if c is not None:
            ctx.use(c)
    return ev
