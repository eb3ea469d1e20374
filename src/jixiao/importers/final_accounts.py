"""部门决算 and 部门预算 disclosure tables as published, in any province's wording.

The tables are declared as data (``jixiao/data/forms/final-accounts/*.yaml``, family
``final-accounts``): each spec names a table by its title words (收入支出决算总表, 收入决算表, …,
财政拨款“三公”经费支出决算表, the 部门预算 收支总表 …), its value columns by header words (any order,
multi-level headers as ``"预算数/合计"``), its sides (a two-sided 收入 | 支出 table), the 说明 section
that speaks of it and the figures that section restates. Nothing here knows a province.

- :func:`parse_final_accounts` finds the tables by their titles — with or without a "公开NN表"
  mark, under their own numbering ("十三、…", "表1", "附表") — and the 目录 (contents) that lists
  them; reads every printed row into a :class:`LineItem` by the columns its headers name; keeps
  what the contents lists but the document does not print as a table without rows (its title
  located in the contents only). The two sides of a 收入支出决算总表 are never a 三公 table: every
  cell of a recognised table is marked used, so no other reader takes it.
- :func:`parse_final_accounts_notes` runs after the reports are read: it finds the 说明 sections
  (a report of kind ``final_accounts_notes`` is made from the paragraphs when no report holds
  them), reads their sentences once through :func:`jixiao.figures.read_text`, and fills the
  package where no form did: income and expenditure totals, 基本/项目支出, 人员/公用经费 (from the
  tables, else from the text), the 收入/支出总计 a 说明 states when its table is not printed, the
  三公 figures of a 公开07表 (components as columns, or as rows) and of running text, and a
  本级财政决算报告's totals.
- 三公 figures of running text ("“三公”经费支出431万元,比上年累计支出433万元减少2万元"): each money
  figure the figure engine read gets the component its label names last and a column — 预算, 决算,
  上年 (an earlier year, or the base of a comparison) — from its own words, else from the figure it is
  a part of (Total) or follows; the stated change against last year is kept for the checks. Only what
  no table states is added, and a total is summed only when the text names all three components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from jixiao.figures import Change, Quantity, Sentence, Staffing, Total, is_budget, is_change, read_text
from jixiao.figures.subjects import three_public_component
from jixiao.layouts import FormSpec, Vocabulary, header_key, specs
from jixiao.layouts.spec import DisclosureLine, DisclosureTable
from jixiao.model import (
    EvaluationPackage,
    ExpenditureByNature,
    FinalAccounts,
    FinalAccountsTable,
    IncomeBySource,
    LineItem,
    Report,
    ReportSection,
    SourceLocation,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
)

from .blocks import Cell, Table
from .context import Context, Item
from .normalize import join_lines, parse_int, parse_number, squash

# ------------------------------------------------------------------------------------ specs


@cache
def table_specs() -> tuple[FormSpec, ...]:
    """The disclosure table specs that have a title (a table can be printed)."""
    return tuple(
        s for s in specs() if s.family == "final-accounts" and s.disclosure is not None and s.title.words
    )


@cache
def text_specs() -> tuple[FormSpec, ...]:
    """Specs without a table: what a government's 决算 report states in words only."""
    return tuple(
        s for s in specs() if s.family == "final-accounts" and s.disclosure is not None and not s.title.words
    )


def disclosure_of(number: str) -> DisclosureTable | None:
    """The disclosure spec of a table number ("01", "B07")."""
    for s in table_specs():
        assert s.disclosure is not None
        if s.disclosure.number == number:
            return s.disclosure
    return None


def title_key(text: str) -> str:
    """A printed title as compared: header key without quotes, marks, units and numbering."""
    key = (
        header_key(text).replace("“", "").replace("”", "").replace('"', "").replace("'", "").replace("、", "")
    )
    key = re.sub(r"PAGEREF_?Toc\d+\\?h\d*$", "", key)  # a Word contents field: "PAGEREF _Toc20349 \h 22"
    key = re.sub(r"[…·.．]{2,}\d*$", "", key)  # dot leaders and the page number
    key = re.sub(r"(公开|附)?(表)?\d{1,2}(-\d+)?表?$", "", key) if re.search(r"公开\d+表$", key) else key
    key = re.sub(r"(金额)?单位[:：](元|万元|亿元)$", "", key)
    key = re.sub(r"^(附表|表|附件)[\d一二三四五六七八九十]*[-—.、:：]?\d*", "", key)
    key = re.sub(r"^[一二三四五六七八九十]+[、.．]", "", key)
    return key


@cache
def _title_words() -> tuple[tuple[str, FormSpec], ...]:
    """(title key, spec) of every title word, longest first (so 财政拨款收入支出决算总表 wins)."""
    out = [(title_key(w), s) for s in table_specs() for w in s.title.words]
    return tuple(sorted(out, key=lambda ws: len(ws[0]), reverse=True))


def match_title(text: str) -> FormSpec | None:
    """The spec whose title the printed text is: the whole key, or a year/unit prefix and the title."""
    key = title_key(text)
    if not key or len(key) > 70 or "。" in key or "，" in key:
        return None
    for word, s in _title_words():
        if key == word:
            return s
        if key.endswith(word):
            prefix = key[: -len(word)]
            if re.search(r"(\d{4}年度?|[局委办院所站队馆厅会部处中心校园]|单位|部门|本级|汇总|\d)$", prefix):
                return s
    return None


@lru_cache(maxsize=4096)
def section_spec(heading: str) -> FormSpec | None:
    """The spec whose 说明 section a heading names ("三、支出决算情况说明" → 支出决算表).

    Cached: a pure function of the heading (the specs are immutable once loaded), asked for every
    heading of every document by the importer and again by the checks."""
    key = header_key(heading).replace("“", "").replace("”", "").rstrip("。.")
    key = re.sub(r"^[一二三四五六七八九十]+[、.．]", "", key)
    key = re.sub(r"^(?:(?:19|20)\d{2}年度?|本单位|本部门)+", "", key)  # "2023年度收入支出决算总体情况"
    key = re.sub(r"安排的|及?增减变动(?=情况)|[及和]增减变动", "", key)  # "财政拨款安排的“三公”经费…"
    if not key or len(key) > 40:
        return None
    best: tuple[int, FormSpec] | None = None
    for s in table_specs():
        assert s.disclosure is not None
        vocab = s.disclosure.sections
        if vocab.match_key(key):
            size = max(
                (len(w) for w in [*vocab.words, *vocab.prefixes] if key.startswith(header_key(w))), default=0
            )
            if best is None or size > best[0]:
                best = (size, s)
    return best[1] if best is not None else None


def figure_name(q: Quantity) -> str:
    """What a figure is called: its label, with a total verb (合计 / 总计) kept, annotations dropped."""
    verb = q.verb.removesuffix("为")
    label = q.label + "计" if q.label.endswith("预") and verb.startswith("计") else q.label  # 预|计为
    name = label + (verb if verb in ("合计", "总计", "共计") else "")
    key = header_key(name).replace("“", "").replace("”", "")
    return re.sub(r"(均|分别|各|共|达|实现)$", "", key)


def line_for(spec: DisclosureTable, q: Quantity) -> DisclosureLine | None:
    """The line of a table that a 说明 figure restates, by its label words."""
    name = figure_name(q)
    return next((ln for ln in spec.lines if ln.label.match_key(name)), None)


# ------------------------------------------------------------------------------ the contents


_TOC = re.compile(r"^目\s*录$")


def contents_region(ctx: Context) -> tuple[int, int] | None:
    """(first, end) item indices of the 目录: from its heading until a line repeats or the body begins."""
    start = next((it.index for it in ctx.items[:400] if it.table is None and _TOC.match(it.key)), None)
    if start is None:
        return None
    seen: set[str] = set()
    end = start + 1
    for item in ctx.items[start + 1 : start + 200]:
        key = item.key
        if item.table is not None or len(key) > 60 or "。" in key:
            break
        if key and re.sub(r"\d+$", "", key) in seen:
            break
        if key:
            seen.add(re.sub(r"\d+$", "", key))
        end = item.index + 1
    return start, end


# ----------------------------------------------------------------------------- reading grids


_CODE = re.compile(r"^\d{3,9}$")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_TOTAL_LABEL = re.compile(r"(合计|总计|小计)$")
_MARK = re.compile(r"公开0?(\d{1,2})表")


def _is_code(text: str) -> bool:
    return bool(_CODE.match(squash(text)))


def _is_data_row(row: list[Cell | None]) -> bool:
    texts = [squash(c.text) for c in row if c is not None]
    if any(_is_code(t) for t in texts):
        return True
    if any("." in t and parse_number(t) is not None for t in texts):
        return True
    first = next((t for t in texts[:2] if t), "")
    if _NUMBERED.match(first):
        return True
    # a 合计 row is data when it prints a figure (a header may say 合计 over a column)
    return bool(_TOTAL_LABEL.search(header_key(first))) and any(parse_number(t) is not None for t in texts)


def _is_column_numbers(row: list[Cell | None]) -> bool:
    """A 栏次 row: small whole numbers (and the word 栏次), nothing else."""
    texts = [squash(c.text) for c in row if c is not None and squash(c.text)]
    if not texts:
        return False
    nums = [t for t in texts if re.fullmatch(r"\d{1,2}", t)]
    return len(nums) >= max(1, len(texts) - 2) and all(t in ("栏次", "行次") or t in nums for t in texts)


def _dedupe(grid: list[list[Cell | None]]) -> list[list[Cell | None]]:
    """One entry per printed cell in each row (a merged cell counts at its first grid column)."""
    out: list[list[Cell | None]] = []
    for row in grid:
        seen: set[int] = set()
        new: list[Cell | None] = []
        for c in row:
            if c is not None and id(c) in seen:
                new.append(None)
                continue
            if c is not None:
                seen.add(id(c))
            new.append(c)
        out.append(new)
    return out


@dataclass
class _Block:
    """One side (or one repeated part) of a table: its code, name, 行次 and value columns."""

    code: int | None = None
    name: int | None = None
    row_number: int | None = None
    values: dict[int, str] = field(default_factory=dict)  # grid column -> column key


def _path_match(words: Vocabulary, path: list[str]) -> int:
    """How specifically a column's header path matches a vocabulary (0: not at all)."""
    if not path:
        return 0
    best = 0
    for word in words.words:
        segs = [title_key(s) for s in word.split("/")]
        if segs[-1] != path[-1]:
            continue
        if all(s in path[:-1] for s in segs[:-1]):
            best = max(best, len(segs))
    return best


def _header_paths(grid: list[list[Cell | None]], header: list[int]) -> list[list[str]]:
    width = max((len(r) for r in grid), default=0)
    texts = [[title_key(c.text) if c is not None else "" for c in grid[h]] for h in header]
    for k in range(len(texts) - 1, -1, -1):  # a parent header over sub-headers reaches right over blanks
        row = texts[k]
        below = texts[k + 1] if k + 1 < len(texts) else None
        for c in range(1, len(row)):
            if not row[c] and below is not None and c < len(below) and below[c] and row[c - 1]:
                row[c] = row[c - 1]
    paths: list[list[str]] = []
    for c in range(width):
        path: list[str] = []
        for row in texts:
            t = row[c] if c < len(row) else ""
            if t and not re.fullmatch(r"\d{1,2}", t) and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    return paths


def _blocks(spec: DisclosureTable, paths: list[list[str]]) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    for c, path in enumerate(paths):
        leaf = path[-1] if path else ""
        role: str | None = None
        if spec.row_number.match_key(leaf):
            role = "row_number"
        elif spec.code.match_key(leaf):
            role = "code"
        elif spec.name.match_key(leaf) or leaf in ("收入", "支出"):
            role = "name"
        key: str | None = None
        if role is None:
            scored = [(_path_match(v, path), k) for k, v in spec.columns.items()]
            score, best = max(scored, default=(0, ""))
            key = best if score else None
        if role in ("code", "name") and (current.values or current.row_number is not None):
            blocks.append(current)
            current = _Block()
        if role == "code" and current.code is None:
            current.code = c
        elif role == "name" and current.name is None:
            current.name = c
        elif role == "row_number":
            current.row_number = c
        elif key is not None:
            current.values[c] = key
    if current.values or current.name is not None or current.code is not None:
        blocks.append(current)
    return blocks


@dataclass
class _Read:
    rows: list[LineItem]
    columns: dict[str, str]


def read_grid(ctx: Context, spec: DisclosureTable, table: Table) -> _Read:
    """The rows of one printed table, by the columns its header words name."""
    grid = _dedupe(table.grid())
    if not grid:
        return _Read([], {})
    first_data = next((r for r, row in enumerate(grid) if _is_data_row(row)), len(grid))
    header = [r for r in range(first_data) if not _is_column_numbers(grid[r])]
    paths = _header_paths(grid, header)
    blocks = _blocks(spec, paths)
    columns: dict[str, str] = {}
    for b in blocks:
        for c, key in b.values.items():
            columns.setdefault(key, "/".join(paths[c]))
    for r in range(first_data):
        for cell in grid[r]:
            if cell is not None:
                ctx.use(cell)
    header_keys = {t for p in paths for t in p}
    out: list[LineItem] = []
    per_block: list[list[LineItem]] = [[] for _ in blocks]
    if not blocks:
        return _Read(out, columns)
    for r in range(first_data, len(grid)):
        ctx.deadline.check()
        row = grid[r]
        texts = [title_key(c.text) if c is not None else "" for c in row]
        if _is_column_numbers(row) or (texts and texts[0] == "栏次" and not any("." in t for t in texts)):
            for cell in row:
                ctx.use(cell)
            continue
        nonempty = [t for t in texts if t]
        if nonempty and all(t in header_keys for t in nonempty):
            for cell in row:  # a header repeated on the next page
                ctx.use(cell)
            continue
        pending: tuple[int, LineItem, _Block] | None = None
        for k, b in enumerate(blocks):
            item = _line(ctx, spec, row, b, k)
            if item is None:
                continue
            if item.name == "" and item.values and pending is not None and not pending[1].values:
                pending[1].values = item.values  # a label spanning two parts: its figure stands after
                pending[1].sources["values"] = item.sources["values"]
                pending = None
                continue
            if item.name == "":
                for cell in row:
                    if cell is not None and parse_number(cell.text) is not None and not ctx.is_used(cell):
                        ctx.issue(cell, "决算表中的数字没有对应的科目名称，未能归入", cell.text)
                continue
            (out if spec.sides else per_block[k]).append(item)
            pending = (k, item, b)
    if not spec.sides:  # parts side by side (公开06表): each part is read down, then the next
        out = [item for part in per_block for item in part]
    return _Read(out, columns)


def _cell(row: list[Cell | None], c: int | None) -> Cell | None:
    return row[c] if c is not None and c < len(row) else None


def _line(ctx: Context, spec: DisclosureTable, row: list[Cell | None], b: _Block, k: int) -> LineItem | None:
    code_cell, name_cell = _cell(row, b.code), _cell(row, b.name)
    shift = 0
    if (
        code_cell is not None
        and name_cell is not None
        and squash(code_cell.text)
        and not _is_code(code_cell.text)
        and parse_number(code_cell.text) is None
        and parse_number(name_cell.text) is not None
    ):
        shift = -1  # "合计 | 0": a total row whose label spans code and name, its figures start early
    code: str | None = None
    name = ""
    where: Cell | None = None
    if code_cell is not None and _is_code(code_cell.text):
        code, where = squash(code_cell.text), code_cell
        ctx.use(code_cell)
    elif code_cell is not None and squash(code_cell.text) and parse_number(code_cell.text) is None:
        name, where = join_lines(code_cell.text), code_cell
        ctx.use(code_cell)
    if name_cell is not None and squash(name_cell.text) and parse_number(name_cell.text) is None:
        name = join_lines(name_cell.text)
        where = where or name_cell
        ctx.use(name_cell)
    values: dict[str, Decimal | None] = {}
    first_value: Cell | None = None
    for c, key in b.values.items():
        cell = _cell(row, c + shift)
        if cell is None or not squash(cell.text) or squash(cell.text) in ("-", "—", "/", "／", "--"):
            if cell is not None:
                ctx.use(cell)
            continue
        value = parse_number(cell.text)
        if value is None:
            ctx.issue(cell, "决算表单元格不是数字，未能读取", cell.text)
            continue
        values[key] = value
        first_value = first_value or cell
        ctx.use(cell)
    if squash(name) == "栏次":
        numbers = [_cell(row, x) for x in b.values]
        if not any(c is not None and "." in c.text for c in numbers):
            ctx.use(*numbers, _cell(row, b.row_number))
            return None  # the column numbers of one side
    rn_cell = _cell(row, b.row_number)
    if b.code is None and b.name is None and values:
        name = "合计"  # a table of one line of figures (公开07表): the line is the table's total
        where = first_value
    if not name and code is None:
        ctx.use(rn_cell)
        if not values:
            return None
        item = LineItem(name="", values=values)
        item.sources["values"] = ctx.src(first_value or row[0] or Cell("", ctx.items[0].loc))
        return item
    row_number = parse_int(rn_cell.text) if rn_cell is not None else None
    if rn_cell is not None:
        ctx.use(rn_cell)
    side = spec.sides[k] if k < len(spec.sides) else None
    item = LineItem(code=code, name=name or "", row_number=row_number, side=side, values=values)
    assert where is not None
    item.sources["values"] = ctx.src(where)
    return item


# ------------------------------------------------------------------------------ the tables


@dataclass
class _Title:
    spec: FormSpec
    item: Item
    title: str


def _printed_titles(ctx: Context, toc: tuple[int, int] | None) -> list[_Title]:
    out: list[_Title] = []
    for item in ctx.items:
        if toc is not None and toc[0] <= item.index < toc[1]:
            continue
        if item.table is not None and (item.row or 0) > 1:
            continue
        s = match_title(item.text)
        if s is None:
            continue
        if out and out[-1].spec.id == s.id and item.index - out[-1].item.index <= 3:
            continue  # a title printed twice (a caption and the table's first row)
        out.append(_Title(s, item, _clean_title(item.joined)))
    # "公开NN表" marks with no recognised title before them name their table by number
    for item in ctx.items:
        if item.table is not None or (toc is not None and toc[0] <= item.index < toc[1]):
            continue
        m = _MARK.search(item.key)
        if m is None or len(item.key) > 14:
            continue
        number = f"{int(m.group(1)):02d}"
        if any(t.item.index <= item.index <= t.item.index + 6 for t in out):
            continue
        s = next(
            (x for x in table_specs() if x.disclosure is not None and x.disclosure.number == number), None
        )
        if s is not None:
            out.append(_Title(s, item, s.name))
    return sorted(out, key=lambda t: t.item.index)


def _clean_title(text: str) -> str:
    t = re.sub(
        r"^\s*(?:(?:附表|表|附件)\s*[一二三四五六七八九十\d]*|[一二三四五六七八九十\d]+)\s*[、.．:：]\s*",
        "",
        text.strip(),
    )
    t = re.sub(r"^\s*(?:附表|表)\s*\d+\s*", "", t)
    t = re.sub(r"\s*[（(]?公开\s*\d+\s*表[）)]?\s*$", "", t)
    return t.strip() or text.strip()


def parse_final_accounts(ctx: Context) -> FinalAccounts | None:
    """The disclosure tables the document prints (by title) and the ones its contents lists."""
    toc = contents_region(ctx)
    listed: list[_Title] = []
    if toc is not None:
        for item in ctx.items[toc[0] + 1 : toc[1]]:
            s = match_title(item.text)
            if s is not None and item.table is None:
                listed.append(_Title(s, item, _clean_title(item.joined)))
                ctx.use(item)
    printed = _printed_titles(ctx, toc)
    if not printed and not listed:
        return None
    fa = FinalAccounts()
    ends = [t.item.index for t in printed[1:]] + ([len(ctx.items)] if printed else [])
    tables: list[FinalAccountsTable] = []
    for t, end in zip(printed, ends, strict=True):
        ctx.deadline.check()
        table = _parse_table(ctx, t, end)
        if any(x.number == table.number and x.rows for x in tables) and not table.rows:
            continue
        tables.append(table)
    for t in listed:
        hit = next((x for x in tables if x.number == _number(t.spec)), None)
        if hit is None:
            hit = FinalAccountsTable(number=_number(t.spec), title=t.title)
            tables.append(hit)
        hit.sources.setdefault("listed", ctx.src(t.item))
    fa.tables = tables
    return fa


def _number(s: FormSpec) -> str:
    assert s.disclosure is not None
    return s.disclosure.number


def _parse_table(ctx: Context, t: _Title, end: int) -> FinalAccountsTable:
    spec = t.spec.disclosure
    assert spec is not None
    ctx.use(t.item)
    table = FinalAccountsTable(number=spec.number, title=t.title)
    table.sources["title"] = ctx.src(t.item)
    unit = re.search(r"(?:金额)?单位[:：]\s*(元|万元|亿元)", t.item.text)
    if unit:
        table.unit_of_amount = unit.group(1)
    blocks: list[int] = []
    notes: list[Item] = []
    start = t.item.index + 1
    if t.item.table is not None:
        blocks.append(t.item.table)
        start = ctx.table_start[t.item.table] + sum(len(r) for r in ctx.tables[t.item.table].rows)
    for item in ctx.items[start:end]:
        if item.table is not None:
            if item.table not in blocks and (not notes or not blocks):
                blocks.append(item.table)
            continue
        key = item.key
        m = re.search(r"(?:金额)?单位[:：]\s*(元|万元|亿元)", item.text)
        if m and len(key) <= 30:
            table.unit_of_amount = m.group(1)
            ctx.use(item)
        elif (_MARK.search(key) and len(key) <= 14) or re.match(
            r"^(部门|单位|编制单位|填报单位|预算单位)(名称)?[:：]", key
        ):
            ctx.use(item)
        elif _empty_note(spec, key):
            table.empty_statement = item.joined
            table.sources["empty_statement"] = ctx.src(item)
            ctx.use(item)
        elif key.startswith(("注", "备注", "说明")) or (notes and re.match(r"^\d+[.．、]", key)):
            notes.append(item)
            ctx.use(item)
        elif notes or blocks:
            break
    if notes:
        text = "\n".join(n.joined for n in notes)
        table.note = re.sub(r"^(注|备注)\s*[:：]\s*", "", text)
        table.sources["note"] = ctx.src(notes[0])
        if table.empty_statement is None and _empty_note(spec, squash(text)):
            table.empty_statement = notes[-1].joined
            table.sources["empty_statement"] = ctx.src(notes[-1])
    rows: list[LineItem] = []
    columns: dict[str, str] = {}
    grids = [ctx.tables[b] for b in blocks]
    if not grids and (flat := _flat_two_sided(ctx, spec, ctx.items[start:end])) is not None:
        grids = [flat]  # a 收入支出决算总表 given one cell a paragraph
    for grid in grids:
        first = next((c for row in grid.rows for c in row), None)
        if first is not None:
            table.sources.setdefault("grid", ctx.src(first))
        read = read_grid(ctx, spec, grid)
        rows.extend(read.rows)
        for k, v in read.columns.items():
            columns.setdefault(k, v)
    table.columns = columns or {k: v.words[0] if v.words else k for k, v in spec.columns.items()}
    table.rows = rows
    return table


_INCOME_SIDE = ("收入", "年初", "使用非财政")
_EXPENDITURE_SIDE = ("支出", "年末", "结余分配")


def _flat_two_sided(ctx: Context, spec: DisclosureTable, items: list[Item]) -> Table | None:
    """A two-sided table of one figure a side (公开01表) flattened one cell a paragraph: "收入", "支出",
    "项目", "行次", "金额", "项目", "行次", "金额", "栏次", "1", …, "一、一般公共预算财政拨款收入", "1",
    "440.55", "一、一般公共服务支出", "29", "423.20", …. The header's second 项目 fixes a side's width
    (项目 | 行次 | 金额, or 项目 | 金额); each label takes the figures after it; a label's words say its
    side (收入 / 年初 / 使用 left, 支出 / 年末 / 结余分配 right), else it stands opposite the one before.
    None when the cells do not read so (a grid is then not guessed)."""
    if len(spec.sides) != 2 or len(spec.columns) != 1:
        return None
    cells: list[Item] = []
    for item in items:
        if item.table is not None or len(item.key) > 40:
            break
        if item.key:
            cells.append(item)
    keys = [title_key(c.text) for c in cells]
    names = [i for i, k in enumerate(keys[:24]) if spec.name.match_key(k)]
    if len(names) < 2:
        return None
    width = names[1] - names[0]
    numbered = width == 3 and spec.row_number.match_key(keys[names[0] + 1])
    if not (width == 2 or numbered) or names[1] + width > len(keys):
        return None
    header = cells[names[0] : names[1] + width]
    k = names[1] + width
    while k < len(keys) and (keys[k] in ("栏次", "行次") or re.fullmatch(r"\d{1,2}", keys[k])):
        k += 1  # the 栏次 row
    rows: list[list[Cell]] = [[Cell(c.text, c.loc) for c in header]]
    side = 1
    used: list[Item] = list(cells[:k])
    while k < len(cells):
        label = cells[k]
        if parse_number(label.text) is not None:
            return None  # a figure where a label should stand: not this grammar
        figures: list[Item] = []
        j = k + 1
        while j < len(cells) and len(figures) < width - 1 and parse_number(cells[j].text) is not None:
            figures.append(cells[j])
            j += 1
        key = keys[k]
        if any(w in key for w in _INCOME_SIDE) and not any(w in key for w in _EXPENDITURE_SIDE):
            side = 0
        elif any(w in key for w in _EXPENDITURE_SIDE):
            side = 1
        else:
            side = 1 - side
        part = [Cell(x.text, x.loc) for x in (label, *figures)]
        part += [Cell("", label.loc)] * (width - len(part))
        if side == 0 or len(rows) == 1 or len(rows[-1]) > width:
            rows.append([Cell("", label.loc)] * width if side == 1 else [])
        rows[-1].extend(part)
        used.extend([label, *figures])
        k = j
    if len(rows) < 2:
        return None
    ctx.use(*used)
    return Table(rows=rows, loc=header[0].loc)


def _empty_note(spec: DisclosureTable, key: str) -> bool:
    if len(key) > 120:
        return False
    return spec.empty_note.match_key(key) or "无数据" in key or ("没有" in key and "本表" in key)


# ------------------------------------------------------------------------------ the 说明


@dataclass(frozen=True)
class NoteFigure:
    """A figure of a 说明 section that restates a line of its table."""

    spec: FormSpec
    line: DisclosureLine
    quantity: Quantity
    sentence: Sentence
    section: ReportSection


def note_sections(package: EvaluationPackage) -> list[tuple[FormSpec, ReportSection, Report]]:
    """The report sections that speak of a disclosure table (by their headings), depth first."""
    out: list[tuple[FormSpec, ReportSection, Report]] = []

    def walk(report: Report, sections: list[ReportSection], inherited: FormSpec | None) -> None:
        for s in sections:
            spec = section_spec(s.heading) or inherited
            if spec is not None:
                out.append((spec, s, report))
            walk(report, s.subsections, spec)

    for r in package.reports:
        # a heading the reader took for the report's title ("三、" alone on its line, "支出决算情况说明"
        # on the next): the untitled sections before the first titled one are under it
        k = next((i for i, sec in enumerate(r.sections) if sec.heading), len(r.sections))
        walk(r, r.sections[:k], section_spec(r.title) if k else None)
        walk(r, r.sections[k:], None)
    return out


def note_figures(package: EvaluationPackage) -> list[NoteFigure]:
    """Every money figure of a 说明 section that names a line of the section's table."""
    out: list[NoteFigure] = []
    for s, section, report in note_sections(package):
        spec = s.disclosure
        assert spec is not None
        text = section.text or ""
        if len(section.heading) > 30:
            text = section.heading + "\n" + text
        for sentence in read_text(text, report.document):
            for q in sentence.quantities:
                if not q.is_money or is_change(q) or (is_budget(q) and spec.kind == "final"):
                    continue
                name = figure_name(q)
                for line in spec.lines:  # "收、支总计均为…" restates both sides
                    if line.label.match_key(name):
                        out.append(NoteFigure(s, line, q, sentence, section))
    return out


_STATES_FIGURE = re.compile(r"\d\s*(?:万元|亿元|千元|元|%)")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


def _notes_report(ctx: Context, toc: tuple[int, int] | None) -> Report | None:
    """A 说明 report made of the paragraphs under headings that name a disclosure table's section."""
    sections: list[ReportSection] = []
    current: ReportSection | None = None
    body: list[str] = []
    for item in ctx.items:
        if item.table is not None or (toc is not None and toc[0] <= item.index < toc[1]):
            continue
        head = item.text.strip()
        first, _, rest = head.partition("。")
        spec = (
            section_spec(first)
            if len(first) <= 40 and not head.endswith(("|", "｜")) and not _STATES_FIGURE.search(first)
            else None
        )  # "2018年“三公”经费预算数比2017年预算数减少0.06万元,…" is a sentence, not a section's heading
        if spec is not None:
            if current is not None:
                current.text = "\n".join(body)
            number = _HEADING.match(first)
            current = ReportSection(
                number=number.group(0).strip(" 、.．()（）") if number else None,
                heading=first.strip(),
                line=item.loc.line,
            )
            sections.append(current)
            body = [rest] if rest.strip() else []
            continue
        if current is None:
            continue
        if (
            len(head) <= 30
            and not re.search(r"\d", head)
            and re.match(r"^\s*[一二三四五六七八九十]+[、.．]", head)
        ):
            current.text = "\n".join(body)  # the next numbered part (一、…) that speaks of no table
            current = None
            body = []
            continue
        if match_title(head) is not None:
            current.text = "\n".join(body)
            current = None
            body = []
            continue
        body.append(item.text)
    if current is not None:
        current.text = "\n".join(body)
    if not sections:
        return None
    said = [s for x in sections if x.heading.endswith("说明") and (s := section_spec(x.heading)) is not None]
    budget = bool(said) and all(_is_budget_spec(s) for s in said)
    title = "预算情况说明" if budget else "决算情况说明"  # a 预算 disclosure's 说明 is not a 决算's
    report = Report(kind="final_accounts_notes", title=title, document=ctx.doc.id, sections=sections)
    report.sources["title"] = ctx.src(ctx.items[0].loc).model_copy(update={"line": sections[0].line})
    return report


def _is_budget_spec(spec: FormSpec) -> bool:
    return spec.disclosure is not None and spec.disclosure.kind == "budget"


def parse_final_accounts_notes(ctx: Context, package: EvaluationPackage) -> None:
    """Fill the package from the disclosure tables and the 说明 (see the module docstring)."""
    toc = contents_region(ctx)
    if not note_sections(package):
        report = _notes_report(ctx, toc)
        if report is not None:
            package.reports = [*package.reports, report]
    figures = note_figures(package)
    _tables_from_text(ctx, package, figures)
    _fill_from_tables(package)
    _fill_from_text(ctx, package, figures)
    _three_public_from_table(package)
    _three_public_from_text(ctx, package)
    _staff_from_text(ctx, package)
    _government_totals(ctx, package, toc)


def _src_of(ctx: Context, f: NoteFigure) -> Item | None:
    probe = squash(f.sentence.raw)[:14]
    for item in ctx.items:
        if probe and item.table is None and probe in item.key:
            return item
    return None


def _tables_from_text(ctx: Context, package: EvaluationPackage, figures: list[NoteFigure]) -> None:
    """Lines a 说明 states of a table the document does not print (收入总计 / 支出总计 of 公开01)."""
    for f in figures:
        spec = f.spec.disclosure
        assert spec is not None
        if f.line.row is None or f.line.side is None:
            continue
        fa = package.final_accounts
        table = fa.table(spec.number) if fa is not None else None
        if table is not None and ("title" in table.sources and table.rows):
            continue  # printed: the text is checked against it, not copied into it
        name = f.line.label.words[0] if f.line.label.words else f.line.label.prefixes[0]
        if fa is None:
            fa = FinalAccounts()
            package.final_accounts = fa
        if table is None:
            table = FinalAccountsTable(number=spec.number, title=f.spec.name, columns={f.line.column: "文中"})
            fa.tables = [*fa.tables, table]
        table.sources.setdefault("stated_in_text", _loc(ctx, f))
        if table.find(name=name, side=f.line.side) is not None:
            continue
        amount = f.quantity.amount
        value = amount.wan() if amount is not None else f.quantity.value
        item = LineItem(name=name, side=f.line.side, values={f.line.column: value})
        item.sources["values"] = _loc(ctx, f)
        table.rows = [*table.rows, item]


def _loc(ctx: Context, f: NoteFigure) -> SourceLocation:
    item = _src_of(ctx, f)
    said = f.quantity.lead + f.quantity.raw
    if item is not None:
        return ctx.src(item, said)
    return ctx.src(ctx.items[0].loc, said).model_copy(update={"line": f.section.line})


_FIELDS = {
    "income.total": ("income", "total"),
    "income.other": ("income", "other"),
    "expenditure.total": ("expenditure", "total"),
    "expenditure.basic": ("expenditure", "basic"),
    "expenditure.project": ("expenditure", "project"),
    "expenditure.personnel": ("expenditure", "personnel"),
    "expenditure.public_operation": ("expenditure", "public_operation"),
}


def _fill_from_tables(package: EvaluationPackage) -> None:
    """income / expenditure from the printed tables' total rows, when no form gave them."""
    fa = package.final_accounts
    if fa is None or package.income is not None or package.expenditure is not None:
        return
    income = IncomeBySource()
    expenditure = ExpenditureByNature()
    for s in table_specs():
        spec = s.disclosure
        assert spec is not None
        table = fa.table(spec.number)
        if table is None or "title" not in table.sources or spec.kind != "final":
            continue
        for line in spec.lines:
            if line.fills not in _FIELDS:
                continue
            row = table_row(table, spec, line)
            value = row.values.get(line.column) if row is not None else None
            if row is None or value is None:
                continue
            block, attr = _FIELDS[line.fills]
            target = income if block == "income" else expenditure
            if getattr(target, attr) is None:
                setattr(target, attr, value)
                target.sources[attr] = row.sources["values"]
    if income.sources:
        package.income = income
    if expenditure.sources:
        package.expenditure = expenditure


def table_row(table: FinalAccountsTable, spec: DisclosureTable, line: DisclosureLine) -> LineItem | None:
    """The row of a table a line names: by its row words and side, else the table's total row."""
    vocab = line.row or spec.total_rows
    for r in table.rows:
        if line.side is not None and r.side not in (None, line.side):
            continue
        if r.code is None and vocab.match_key(header_key(r.name)):
            return r
    if line.row is None:
        return next(
            (r for r in table.rows if r.code is None and r.name.replace(" ", "") in ("合计", "总计")), None
        )
    return None


def _fill_from_text(ctx: Context, package: EvaluationPackage, figures: list[NoteFigure]) -> None:
    """income / expenditure from the 说明 sentences, when neither a form nor a table gave them."""
    if package.income is not None and package.expenditure is not None:
        return
    income = package.income or IncomeBySource()
    expenditure = package.expenditure or ExpenditureByNature()
    fresh = {"income": package.income is None, "expenditure": package.expenditure is None}
    kinds = ("final",) if _speaks_of_outturn(package, figures) else ("final", "budget")
    for f in figures:
        if f.line.fills not in _FIELDS or f.spec.disclosure is None or f.spec.disclosure.kind not in kinds:
            continue
        block, attr = _FIELDS[f.line.fills]
        if not fresh[block]:
            continue
        target = income if block == "income" else expenditure
        if getattr(target, attr) is None:
            amount = f.quantity.amount
            setattr(target, attr, amount.wan() if amount is not None else f.quantity.value)
            target.sources[attr] = _loc(ctx, f)
    if fresh["income"] and income.sources:
        package.income = income
    if fresh["expenditure"] and expenditure.sources:
        package.expenditure = expenditure


def _speaks_of_outturn(package: EvaluationPackage, figures: list[NoteFigure]) -> bool:
    """A 决算 disclosure (a 决算 table or 说明 figure): its 预算 figures are not the year's spending; a 预算
    disclosure's are its figures ("其中:基本支出 1037103.63 元,项目支出 48100 元")."""
    fa = package.final_accounts
    tables = [] if fa is None else [t for t in fa.tables if "title" in t.sources]
    specs = {s.disclosure.number: s.disclosure.kind for s in table_specs() if s.disclosure is not None}
    return any(specs.get(t.number) == "final" for t in tables) or any(
        f.spec.disclosure is not None and f.spec.disclosure.kind == "final" for f in figures
    )


_SEVEN_ROWS = (
    (ThreePublicComponent.TOTAL, "total", "合计"),
    (ThreePublicComponent.OVERSEAS_TRAVEL, "abroad", "因公出国（境）费"),
    (ThreePublicComponent.VEHICLE, "vehicle", "公务用车购置及运行费"),
    (ThreePublicComponent.VEHICLE_PURCHASE, "vehicle_purchase", "公务用车购置费"),
    (ThreePublicComponent.VEHICLE_OPERATION, "vehicle_operation", "公务用车运行费"),
    (ThreePublicComponent.RECEPTION, "reception", "公务接待费"),
)


def _three_public_from_table(package: EvaluationPackage) -> None:
    """The 三公 figures of a printed 公开07表 (or a 预算 三公 table) by component."""
    fa = package.final_accounts
    if fa is None:
        return
    for t in fa.tables:
        spec = disclosure_of(t.number)
        if spec is None or not any(k.startswith("budget_total") for k in spec.columns) or not t.rows:
            continue
        figures = [r for r in t.rows if r.values]
        if not figures:
            continue
        out = ThreePublicTable(title=t.title)
        if "title" in t.sources:
            out.sources["title"] = t.sources["title"]
        out.rows = _components_as_rows(figures)
        for component, key, label in _SEVEN_ROWS if not out.rows else ():
            budget = _sum(figures, f"budget_{key}")
            actual = _sum(figures, f"final_{key}")
            if budget is None and actual is None:
                continue
            row = ThreePublicRow(component=component, label=label, budget=budget, actual=actual)
            for attr, value in (("budget", budget), ("actual", actual)):
                if value is not None:
                    row.sources[attr] = figures[0].sources["values"]
            out.rows = [*out.rows, row]
        if out.rows and not any(x.title == out.title for x in package.three_public_tables):
            package.three_public_tables = [*package.three_public_tables, out]


_ROW_COLUMNS = {
    "budget": "budget",
    "final": "actual",
    "last_final": "last_year_actual",
    "last_budget": "last_year_budget",
    "change_amount": "stated_change_amount",
    "change_rate": "stated_change_rate",
}


def _components_as_rows(figures: list[LineItem]) -> list[ThreePublicRow]:
    """A 三公 table printed with the components as rows ("项目 | 预算数 | 决算数"; "合计 | 10.00 | 8.00")."""
    out: list[ThreePublicRow] = []
    for r in figures:
        keys = [k for k in r.values if k in _ROW_COLUMNS]
        name = re.sub(r"^(其中)?[:：]?[（(]?\d*[)）.．、]?", "", r.name.replace(" ", ""))
        component = _tp_component(name) or (ThreePublicComponent.TOTAL if _TOTAL_LABEL.search(name) else None)
        if not keys or component is None or any(x.component == component for x in out):
            continue
        row = ThreePublicRow(component=component, label=r.name)
        for k in keys:
            setattr(row, _ROW_COLUMNS[k], r.values[k])
            row.sources[_ROW_COLUMNS[k]] = r.sources["values"]
        out.append(row)
    return out


def _sum(rows: list[LineItem], key: str) -> Decimal | None:
    values = [v for r in rows if (v := r.values.get(key)) is not None]
    return sum(values, Decimal(0)) if values else None


# 三公 figures in running text -----------------------------------------------------------------
#
# "2019年度“三公”经费财政拨款支出预算为44.52万元,2019年实际支出“三公经费”决算为22.62万元。其中公务接待费为
# 20.10万元" / "公务接待支出124万元,比上年累计支出148万元下降24万元" / "2022年度“三公”经费预算总计21.8万元,
# 其中:…;2021年度“三公”经费合计支出20.12万元". Each money figure the figure engine read is given a
# component (its label's, else the one last named) and a column: 预算 (is_budget), 决算 (its label
# says 决算 / 实际 / 支出 …), or the column of the figure it is a part of (Total) or compared with;
# a figure of an earlier year, or the base of a comparison ("比上年…433万元"), is last year's.

_TP_NOT_AMOUNT = (
    "差值",
    "差额",
    "结余",
    "节约",
    "超支",
    "增减",
    "保有量",
    "占",
    "平均",
    "人均",
    "未使用",
    "未用完",
    "未支出",
)  # "公车运行维护费未使用完1.88万元": what was left of the budget, not the spending
_TP_ACTUAL = ("决算", "实际", "执行", "支出", "开支", "使用", "发生")
_TP_COMPARED = ("比", "较", "与", "同比", "相比")
_TP_BUDGET = ("预安排",)  # 安排 alone only without an outturn word: "财政拨款安排的“三公”经费支出" is one
_CONNECTOR = re.compile(r"[和与及、,，;；\s]")


def _respectively(label: str) -> list[ThreePublicComponent]:
    """The components a "…分别为" label names in order ("因公出国(境)经费与公务用车购置及运行维护费分别")."""
    head = re.sub(r"分别(为|是)?$", "", label)
    if head == label:
        return []
    names = [_tp_component(n) for n in re.split(r"[与和、]", head) if n]
    return [c for c in names if c is not None] if all(names) else []


@dataclass
class _TPFigure:
    q: Quantity
    component: ThreePublicComponent
    last: bool | None  # None: not said (inherits)
    kind: str | None  # "budget" | "actual" | None (inherits)
    wan: Decimal  # the amount in 万元
    base: bool = False  # the other side of a comparison ("较预算数600万元"): its column is not passed on


def _tp_figures(sentence: Sentence, year: int, current: ThreePublicComponent | None) -> list[_TPFigure]:
    """The sentence's 三公 money figures, with what their labels say of component, year and column."""
    out: list[_TPFigure] = []
    qs = sentence.quantities
    queue: list[ThreePublicComponent] = []  # "出国经费与公务用车…费分别为0.34亿元和4.23亿元"
    for i, q in enumerate(qs):
        named = _tp_component(q.label)
        if queue and not _CONNECTOR.sub("", q.label):
            current = queue.pop(0)
        elif len(several := _respectively(q.label)) >= 2:
            current, queue = several[0], several[1:]
        elif named is not None:
            current, queue = named, []
        elif _other_subject(q.label):
            current, queue = None, []  # "机关运行经费支出…": no longer a 三公 figure
        wan = _tp_amount(q, qs[i - 1] if i else None, qs[i + 1] if i + 1 < len(qs) else None)
        if current is None or wan is None or is_change(q):
            continue
        if any(w in q.label for w in _TP_NOT_AMOUNT):
            continue
        before = q.year is not None and (
            q.year.relative == -1 or (q.year.year is not None and q.year.year < year)
        )
        compared = q.label.startswith(_TP_COMPARED)
        if compared and "预算" in q.label and not _earlier_year(q.label, year):
            compared = False  # "较预算数1237万元减少103万元": this year's budget, not last year's
        last: bool | None = True if before or compared else None
        if q.year is not None and q.year.year == year and not compared:
            last = False
        actual = any(w in q.label for w in _TP_ACTUAL)
        kind = (
            "budget"
            if _tp_is_budget(q) or any(w in q.label for w in _TP_BUDGET) or ("安排" in q.label and not actual)
            else ("actual" if actual else None)
        )
        if compared and kind == "actual" and not any(w in q.label for w in _TP_ACTUAL[:3]):
            kind = None  # "比上年累计支出433万元": the column of the figure it is compared with
        out.append(_TPFigure(q, current, last, kind, wan, q.label.startswith(_TP_COMPARED)))
    return out


_TP_NAMES = re.compile(r"三公|出国|接待|公务用车|公车|车辆|购置及运行|运行维护费")


def _tp_component(label: str) -> ThreePublicComponent | None:
    """The component a label names last: "出国(境)经费、…、公务接待费(简称“三公”经费)支出" is the total,
    "“三公”经费支出决算中,因公出国(境)费支出" the 因公出国; "车辆购置及运行费", "购置及运行维护费" (after
    "公务用车保有量2辆") the cars."""
    hits = list(_TP_NAMES.finditer(label))
    if not hits:
        return None
    tail = label[hits[-1].start() :]
    if not tail.startswith(("三公", "出国", "接待", "公务用车")):
        tail = "公务用车" + tail.removeprefix("公车").removeprefix("车辆")
    return three_public_component(tail)


_FUNDING = re.compile(r"(财政)?预算(内)?(财政)?拨款")


def _tp_is_budget(q: Quantity) -> bool:
    """预算 as a column, not as the funding ("财政预算拨款“三公”经费支出合计35万元" is an outturn)."""
    return is_budget(q) and "预算" in _FUNDING.sub("", q.label)


def _tp_amount(q: Quantity, before: Quantity | None, after: Quantity | None) -> Decimal | None:
    """A money figure in 万元; a bare number compared between two money figures takes their unit
    ("支出2.05万元,较上年2.08减少0.03万元")."""
    if q.is_money and q.amount is not None:
        return q.amount.wan()
    if q.unit or not q.label.startswith(_TP_COMPARED) or before is None or after is None:
        return None
    if before.amount is None or after.amount is None or before.amount.unit != after.amount.unit:
        return None
    return type(before.amount)(q.value, before.amount.unit).wan()


_TP_GENERIC = re.compile(
    r"(其中|合计|总计|共计|小计|累计|支出|预算|决算|实际|执行|财政拨款|一般公共|本年|上年|当年|同期|年度|年初|全年|"
    r"完成|汇总|总额|总数|金额|去年|调整|安排|"
    r"[比较与为是共计数额费用的和及总达约占]|\d{4}年?度?|[“”\"'()（）:：,，、\s])"
)


def _other_subject(label: str) -> bool:
    """A label that names something besides the 三公 columns ("机关运行经费支出", "政府采购支出总额")."""
    return len(_TP_GENERIC.sub("", label)) > 1  # "会议费支出": 会议 is another subject


def _tp_resolve(
    sentence: Sentence, figures: list[_TPFigure], seen: dict[int, _TPFigure], state: list[str]
) -> None:
    """Fill what a figure does not say from its whole (Total, perhaps in an earlier sentence of the
    paragraph) or the figure before it; ``state`` holds the column of the last figure of this year."""
    seen.update({id(f.q): f for f in figures})
    for t in sentence.of(Total):
        whole = seen.get(id(t.whole))
        for p in t.parts:
            part = seen.get(id(p))
            if whole is None or part is None:
                continue
            part.kind = part.kind or whole.kind
            part.last = whole.last if part.last is None else part.last
    for f in figures:
        if f.kind is None:
            f.kind = state[0]
        if f.last is None:
            f.last = False
        if not f.last and not f.base:
            state[0] = f.kind


_TP_ATTR = {
    ("budget", False): "budget",
    ("actual", False): "actual",
    ("budget", True): "last_year_budget",
    ("actual", True): "last_year_actual",
}


def _three_public_from_text(ctx: Context, package: EvaluationPackage) -> None:
    """The 三公 figures stated in running text, where no table or section gave them (see above)."""
    rows: dict[ThreePublicComponent, ThreePublicRow] = {}
    alone: set[ThreePublicComponent] = set()  # a change said without the figures it compares
    state = ["actual"]  # a paragraph that says no column continues the one before it
    for item in ctx.items:
        if item.table is not None or not _speaks_of_three_public(item.text):
            continue
        seen: dict[int, _TPFigure] = {}
        sentences = read_text(item.text, ctx.doc.id)
        said = next((f.kind for s in sentences for f in _tp_figures(s, package.year, None) if f.kind), None)
        state[0] = said or state[0]
        previous: ThreePublicComponent | None = None
        for sentence in sentences:
            figures = _tp_figures(sentence, package.year, None)
            current = figures[-1].component if figures else _named_in(sentence)
            _tp_resolve(sentence, figures, seen, state)
            for f in figures:
                _tp_put(ctx, item, rows, f, package)
            _tp_changes(ctx, item, sentence, rows, (current, figures), package.year, alone, previous)
            previous = current or previous
    if _tp_disagrees(package, list(rows.values())):
        kept = list(rows.values())  # the text says otherwise than a table: kept whole, checked on its own
    else:
        kept = [r for r in rows.values() if _tp_new(package, r, r.component in alone)]
    if not kept:
        return
    order = [c for c, _key, _label in _SEVEN_ROWS]
    kept.sort(key=lambda r: order.index(r.component) if r.component in order else len(order))
    prefix = f"{package.reports[0].title}/" if package.reports else ""
    groups = [kept]
    if not _all_components(kept):  # "支出10万元，其中公务接待费4万元": the rest unsaid, not 0 — not summed
        groups = [
            [r for r in kept if r.component != ThreePublicComponent.TOTAL],
            [r for r in kept if r.component == ThreePublicComponent.TOTAL],
        ]
    for rows_of, suffix in zip(groups, ("", "合计"), strict=False):
        if not rows_of:
            continue
        out = ThreePublicTable(title=f"{prefix}文中“三公”经费{suffix}", rows=rows_of)
        where = next((next(iter(r.sources.values())) for r in rows_of if r.sources), None)
        if where is not None:
            out.sources["title"] = where
        package.three_public_tables = [*package.three_public_tables, out]


def _all_components(rows: list[ThreePublicRow]) -> bool:
    """The text names each of the three: 因公出国, 公务接待, 公务用车 (whole or a part)."""
    named = {r.component for r in rows}
    vehicle = named & {
        ThreePublicComponent.VEHICLE,
        ThreePublicComponent.VEHICLE_PURCHASE,
        ThreePublicComponent.VEHICLE_OPERATION,
    }
    return (
        ThreePublicComponent.OVERSEAS_TRAVEL in named
        and ThreePublicComponent.RECEPTION in named
        and bool(vehicle)
    )


def _named_in(sentence: Sentence) -> ThreePublicComponent | None:
    """The 三公 component the sentence's last labelled figure names (a count: "公务接待24批次")."""
    named = [c for q in sentence.quantities if (c := _tp_component(q.label)) is not None]
    return named[-1] if named else None


def _speaks_of_three_public(text: str) -> bool:
    return any(w in text for w in ("三公", "出国", "公务接待", "公务用车"))


def _tp_row(
    rows: dict[ThreePublicComponent, ThreePublicRow], component: ThreePublicComponent
) -> ThreePublicRow:
    row = rows.get(component)
    if row is None:
        label = next((label for c, _key, label in _SEVEN_ROWS if c == component), component.value)
        row = ThreePublicRow(component=component, label=label)
        rows[component] = row
    return row


def _tp_put(
    ctx: Context,
    item: Item,
    rows: dict[ThreePublicComponent, ThreePublicRow],
    f: _TPFigure,
    package: EvaluationPackage,
) -> None:
    attr = _TP_ATTR[(f.kind or "actual", bool(f.last))]
    row = _tp_row(rows, f.component)
    if getattr(row, attr) is not None:
        return
    setattr(row, attr, f.wan)
    row.sources[attr] = ctx.src(item, f.q.lead + f.q.raw)


def _tp_changes(
    ctx: Context,
    item: Item,
    sentence: Sentence,
    rows: dict[ThreePublicComponent, ThreePublicRow],
    said_of: tuple[ThreePublicComponent | None, list[_TPFigure]],
    year: int,
    alone: set[ThreePublicComponent],
    previous: ThreePublicComponent | None = None,
) -> None:
    """ "比上年减少0.03万元，下降1.44%": the stated change of a component against last year (not against
    this year's budget: "与2018年度预算相比" in 2018 compares within the year)."""
    for ch in sentence.of(Change):
        said = ch.marker + "".join(ch.words) + (ch.amount.lead if ch.amount is not None else "")
        if ch.amount is None or ("预算" in said and not _earlier_year(said, year)):
            continue
        current, figures = said_of
        if ch.now is not None:  # the change of a figure read as 三公, else of something else (会议费)
            of_now = next((f.component for f in figures if f.q is ch.now), None)
            current = of_now
        else:  # the figure said last before it: "(…400万元。)比上年增加0万元；公务接待费2.4万元…"
            at = next((k for k, q in enumerate(sentence.quantities) if q is ch.amount), None)
            earlier = [f for f in figures if at is not None and _index_of(sentence, f.q) < at]
            current = earlier[-1].component if earlier else previous
        named = [_tp_component(q.label) for q in (ch.now, ch.amount) if q is not None]
        component = next((c for c in named if c is not None), current)
        if component is None or ch.amount.amount is None:
            continue
        row = _tp_row(rows, component)
        if row.stated_change_amount is not None:
            continue
        sign = Decimal(-1) if ch.direction == "down" else Decimal(1)
        row.stated_change_amount = sign * ch.amount.amount.wan()
        row.sources["stated_change_amount"] = ctx.src(item, ch.amount.lead + ch.amount.raw)
        if ch.rate is not None:
            row.stated_change_rate = sign * ch.rate.value
            row.sources["stated_change_rate"] = ctx.src(item, ch.rate.lead + ch.rate.raw)
        if ch.now is None and ch.base is None:
            alone.add(component)  # "支出决算数比2019年减少18.17万元,下降57.41%": checked against a table


def _index_of(sentence: Sentence, q: Quantity) -> int:
    return next((k for k, x in enumerate(sentence.quantities) if x is q), -1)


def _earlier_year(text: str, year: int) -> bool:
    """The words compare with an earlier year: 上年 / 去年 / 上一年 / a year before ``year``."""
    if any(w in text for w in ("上年", "去年", "上一年", "同期")):
        return True
    return any(int(y) < year for y in re.findall(r"((?:19|20)\d{2})年", text))


_TP_CHANGE = ("stated_change_amount", "stated_change_rate")


def _tp_disagrees(package: EvaluationPackage, rows: list[ThreePublicRow]) -> bool:
    """A figure of the text differs from the same figure of a table the document prints ("公务用车购置费
    38万元" in the text, 37 in the table): not a 元/万元 scale (UNT001's), a real difference."""
    for row in rows:
        for t in package.three_public_tables:
            other = t.row(row.component)
            if other is None:
                continue
            for attr in ("budget", "actual", "last_year_actual", "last_year_budget"):
                mine, theirs = getattr(row, attr), getattr(other, attr)
                if mine is None or theirs is None or abs(mine - theirs) <= Decimal("0.01"):
                    continue
                if theirs != 0 and mine != 0 and max(mine, theirs) / min(mine, theirs) in (10000, 1000):
                    continue
                return True
    return False


def _tp_new(package: EvaluationPackage, row: ThreePublicRow, alone: bool = False) -> bool:
    """Keep only what no other table of the package states (a 公开07表, a 三公 section); false if nothing is left.

    A change the text states with no figures beside it (``alone``) is kept when another table gives
    the component's 本年 and 上年 figures: the check compares the words with them."""
    others = [o for t in package.three_public_tables if (o := t.row(row.component)) is not None]
    compared = alone and any(o.actual is not None and o.last_year_actual is not None for o in others)
    for other in others:
        for attr in list(row.sources):
            if compared and attr in _TP_CHANGE:
                continue
            if getattr(other, attr) is not None:
                setattr(row, attr, None)  # stated there (the text is checked against it)
                del row.sources[attr]
    if compared and any(getattr(row, a) is not None for a in _TP_CHANGE):
        return True
    return any(
        getattr(row, a) is not None for a in ("budget", "actual", "last_year_actual", "last_year_budget")
    )


def _staff_from_text(ctx: Context, package: EvaluationPackage) -> None:
    """实有 / 在职 headcount stated alone ("在职人员81人"), when nothing else gave it."""
    unit = package.unit
    if unit.actual_staff is not None:
        return
    for item in ctx.items[:600]:
        if item.table is not None or "人" not in item.text:
            continue
        for sentence in read_text(item.text, ctx.doc.id):
            hit = next((r for r in sentence.of(Staffing) if r.actual is not None), None)
            if hit is not None and hit.actual is not None:
                unit.actual_staff = int(hit.actual.value)
                unit.sources["actual_staff"] = ctx.src(item, hit.actual.lead + hit.actual.raw)
                return


_BUDGET_CONTEXT = ("批准", "审议通过", "审查批准", "年初预算", "预算调整", "调整预算", "调整为", "预算数")


def _from_notes(block: IncomeBySource | ExpenditureByNature) -> bool:
    """A block the 说明 sentences alone filled (no form, no table): its missing totals may come from the text."""
    return all(src.table is None and src.column is None for src in block.sources.values())


def _government_totals(ctx: Context, package: EvaluationPackage, toc: tuple[int, int] | None) -> None:
    """A government's 决算 report: 收入/支出 totals by the G01 lines, in their order of preference.

    A block the 说明 sentences alone filled with parts (基本支出, 项目支出; 一般公共预算收入) takes its
    missing total here too (text beside text: the check does not sum them as a printed table)."""
    if package.income is not None and package.expenditure is not None:
        return
    fa = package.final_accounts
    if (fa is not None and any("title" in t.sources for t in fa.tables)) or package.evaluations():
        return  # printed tables give the totals (a 说明's own 总计 lines are not tables)
    candidates: list[tuple[Item, Quantity]] = []
    for item in ctx.items:
        if item.table is not None or (toc is not None and toc[0] <= item.index < toc[1]):
            continue
        sentences = read_text(item.text, ctx.doc.id)
        if (
            sentences
            and any(w in sentences[0].text for w in _BUDGET_CONTEXT[:3])
            and not any("实际" in s.text or "完成" in s.text for s in sentences)
        ):
            continue  # a paragraph about the budget the 人大 approved, not about the outturn
        for sentence in sentences:
            for q in sentence.quantities:
                if not q.is_money or is_change(q) or is_budget(q):
                    continue
                if any(w in q.label for w in _BUDGET_CONTEXT):
                    continue
                candidates.append((item, q))
    income = package.income or IncomeBySource()
    expenditure = package.expenditure or ExpenditureByNature()
    fresh = {"income": package.income is None, "expenditure": package.expenditure is None}
    for s in text_specs():
        assert s.disclosure is not None
        for line in s.disclosure.lines:
            if line.fills not in _FIELDS:
                continue
            block, attr = _FIELDS[line.fills]
            target = income if block == "income" else expenditure
            if getattr(target, attr) is not None or not (fresh[block] or _from_notes(target)):
                continue
            hit = next(((it, q) for it, q in candidates if line.label.match_key(figure_name(q))), None)
            if hit is None:
                continue
            item, q = hit
            assert q.amount is not None
            setattr(target, attr, q.amount.wan())
            target.sources[attr] = ctx.src(item, q.lead + q.raw)
    if fresh["income"] and income.sources:
        package.income = income
    if fresh["expenditure"] and expenditure.sources:
        package.expenditure = expenditure
