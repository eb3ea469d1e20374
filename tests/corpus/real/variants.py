"""Metamorphic variants of the dev self-evaluation forms: layouts a unit could print, same figures.

From each dev document whose ``layout.yaml`` is a self-evaluation form (``project-form`` or
``overall-form`` in its expected.yaml), each transformation rewrites the grid the way another
province or county prints the same form, and the figures a reader must get right stay the same:

- ``two_row``: two-row headers — a group cell merged over its sub-headers ("绩效指标" over
  一级/二级/三级指标, "指标值" over 年度指标值 | 实际完成值, "评分" over 标准分 | 自评分,
  "项目资金（万元）" over the money columns); the other header cells span both rows;
- ``reorder``: the columns after the level columns in another order (分值/得分 before the targets;
  in the funds block 全年预算数 before 年初预算数 and 得分 before 执行率);
- ``synonyms``: the header words other forms use (指标值/年度目标值/预期目标/目标值 …);
- ``yuan``: amounts in 元, declared "金额单位：元" above the form, the values × 10000;
  ``yuan_in_head``: the same declared only in a head row of the form (after 实施单位 …);
- ``extra_columns``: 指标性质, 度量单位 and 备注 columns and a blank spacer column in the
  indicator block (the rows above merged across them);
- ``wrapped``: header texts broken by line breaks inside their cells ("年度\\n指标值");
- ``yuan_in_cells``: amounts in 元 printed with their unit in each cell ("894300元", as 湖北 黄冈
  prints "10万"), no unit declared anywhere; the headers drop their "（万元）";
- ``row_labels``: the funds rows labelled by other members of their family (项目资金合计,
  其中：县级财政资金, 上年结转结余资金, 其他来源资金), as the 湖南 / 湖北 forms print them;
- ``section_row``: a row of one cell across the grid between the funds block and the indicator
  header ("项目年度目标1：…", as 湖北 广水 prints it), which must not cut the form in two;
- the ``_alt`` forms use the other group and synonym words; ``combined`` does everything at once.

Grids are :class:`typeset.Grid` objects; :func:`variants` yields ``(name, grid)`` and
:func:`write` typesets one as .xlsx and .docx with typeset.py's writers.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent


def _load(name: str, file: str) -> object:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


typeset = _load("corpus_typeset", "typeset.py")
Grid = typeset.Grid  # type: ignore[attr-defined]
Cell = typeset.Cell  # type: ignore[attr-defined]

TRANSFORMS = (
    "two_row",
    "two_row_alt",
    "reorder",
    "synonyms",
    "synonyms_alt",
    "yuan",
    "yuan_in_head",
    "extra_columns",
    "wrapped",
    "yuan_in_cells",
    "row_labels",
    "section_row",
    "combined",
)

# the printed header of each role (after squashing spaces, line breaks and parenthesised notes)
_FUNDS_ROLES: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算"),
    "annual": ("全年预算数", "调整后预算数", "全年(调整)预算数", "全年预算"),
    "executed": ("全年执行数", "预算执行数", "执行数"),
    "max": ("分值", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率", "执行率(%)"),
    "score": ("得分", "执行率得分"),
}
_INDICATOR_ROLES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "target": ("年度指标值", "指标值", "年初指标值"),
    "actual": ("实际完成值", "完成值", "全年实际值", "全年完成值"),
    "max": ("分值", "权重", "指标权重"),
    "score": ("得分", "指标得分"),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "target": ("指标值", "年度目标值", "预期目标", "目标值"),
    "actual": ("实际完成值", "完成值", "实际值", "全年实际值", "实际完成情况"),
    "max": ("分值", "权重", "标准分", "指标分值"),
    "score": ("得分", "自评得分", "评分", "实际得分"),
    "initial": ("年初预算数", "年初预算"),
    "annual": ("全年预算数", "调整后预算数", "全年预算"),
    "executed": ("全年执行数", "执行数", "实际支出", "全年实际支出"),
}

for _roles_words in (_FUNDS_ROLES, _INDICATOR_ROLES):  # a renamed header keeps its role
    for _role, _words in SYNONYMS.items():
        if _role in _roles_words:
            _roles_words[_role] = tuple(dict.fromkeys((*_roles_words[_role], *_words)))


def _key(text: str | None) -> str:
    flat = re.sub(r"\s+", "", text or "").replace("（", "(").replace("）", ")")
    flat = re.sub(r"\((?:万元|元|A|B|B/A|分)\)$", "", flat)
    return flat.rstrip(":：")


def self_evaluation_folders(split: str = "dev") -> list[Path]:
    out = []
    for folder in sorted((ROOT / split).glob("*/")):
        if not (folder / "layout.yaml").exists() or not (folder / "expected.yaml").exists():
            continue
        expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
        kinds = (expected.get("source") or {}).get("kinds") or []
        if {"project-form", "overall-form"} & set(kinds):
            out.append(folder)
    return out


# ------------------------------------------------------------------------------ grid helpers


def _at(grid: Grid, r: int, c: int) -> Cell | None:
    for cell in grid.cells:
        if cell.row <= r < cell.row + cell.rows and cell.col <= c < cell.col + cell.cols:
            return cell
    return None


def _row_cells(grid: Grid, r: int) -> list[Cell]:
    return sorted((c for c in grid.cells if c.row == r), key=lambda c: c.col)


def header_roles(grid: Grid, r: int, roles: dict[str, tuple[str, ...]]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for cell in _row_cells(grid, r):
        key = _key(cell.text)
        for role, words in roles.items():
            if role not in out and key in words:
                out[role] = cell
                break
    return out


def funds_headers(grid: Grid) -> list[int]:
    money = ("initial", "annual", "executed")
    return [
        r
        for r in range(grid.n_rows)
        if sum(1 for k in header_roles(grid, r, _FUNDS_ROLES) if k in money) >= 2
    ]


def indicator_headers(grid: Grid) -> list[int]:
    return [
        r
        for r in range(grid.n_rows)
        if "name" in (roles := header_roles(grid, r, _INDICATOR_ROLES)) and len(roles) >= 4
    ]


def _block_end(grid: Grid, r: int) -> int:
    """The row after a block that starts with its header at ``r``: the next header or form head."""
    heads = set(funds_headers(grid)) | set(indicator_headers(grid))
    for rr in range(r + 1, grid.n_rows):
        texts = [_key(c.text) for c in _row_cells(grid, rr)]
        if rr in heads or any(t.startswith(("项目名称", "评价结论", "部门预算项目支出")) for t in texts):
            return rr
        if any(t.startswith(("年度总体目标", "当年绩效目标", "项目基本情况")) for t in texts):
            return rr
    return grid.n_rows


def insert_row(grid: Grid, r: int) -> None:
    for cell in grid.cells:
        if cell.row >= r:
            cell.row += 1
        elif cell.row + cell.rows > r:
            cell.rows += 1
    grid.n_rows += 1


def insert_column(grid: Grid, c: int, rows: range, header_row: int, header: str) -> None:
    """A new column at ``c`` for the rows of one block (its header text in ``header_row``); the
    cells of other rows left of it widen over it."""
    for cell in grid.cells:
        if cell.col >= c:
            cell.col += 1
        elif cell.col + cell.cols > c:
            cell.cols += 1
    grid.n_cols += 1
    if grid.widths is not None:
        grid.widths.insert(c, 8.0)
    for r in range(grid.n_rows):
        if _at(grid, r, c) is not None:
            continue
        if r in rows:
            text = header if r == header_row else None
            grid.cells.append(Cell(r, c, text, None, None, 1, 1, False))
            continue
        right = _at(grid, r, c + 1) if c + 1 < grid.n_cols else None
        left = _at(grid, r, c - 1) if c > 0 else None
        if right is not None and right.row == r and right.rows == 1:
            right.col -= 1  # the cell to the right reaches over the new column
            right.cols += 1
        elif left is not None:
            left.cols += 1
        else:
            grid.cells.append(Cell(r, c, None, None, None, 1, 1, False))


# ------------------------------------------------------------------------------ transformations


def two_row(grid: Grid, alt: bool = False) -> bool:
    groups_ind = (
        ("绩效指标", ("level1", "level2", "name")),
        ("年度绩效目标" if alt else "指标值", ("target", "actual")),
        ("分值" if alt else "评分", ("max", "score")),
    )
    groups_funds = (("项目资金（万元）", ("initial", "annual", "executed")),)
    changed = False
    plan = [(r, _INDICATOR_ROLES, groups_ind) for r in indicator_headers(grid)]
    plan += [(r, _FUNDS_ROLES, groups_funds) for r in funds_headers(grid)]
    for r, roles_words, groups in sorted(plan, reverse=True):
        roles = header_roles(grid, r, roles_words)
        new_groups = []
        for text, members in groups:
            cells = [roles[m] for m in members if m in roles]
            cols = sorted(c.col for c in cells)
            if len(cells) < 2 or any(c.cols != 1 or c.rows != 1 for c in cells):
                continue
            if cols != list(range(cols[0], cols[0] + len(cols))):
                continue
            new_groups.append((text, cols[0], len(cols), {id(c) for c in cells}))
        if not new_groups:
            continue
        grouped = set().union(*(g[3] for g in new_groups))
        header_cells = _row_cells(grid, r)
        insert_row(grid, r)
        for cell in header_cells:
            if id(cell) not in grouped:
                cell.row = r
                cell.rows += 1
        for text, col, width, ids in new_groups:
            grid.cells.append(Cell(r, col, text, None, None, 1, width, False))
            if text in ("评分", "分值"):  # the sub-headers a two-row 评分 / 分值 group prints
                subs = ("标准分", "自评分") if text == "评分" else ("权重", "得分")
                for cell in header_cells:
                    if id(cell) in ids:
                        cell.text = subs[0] if cell is roles.get("max") else subs[1]
        changed = True
    return changed


def _permute(grid: Grid, rows: range, order: list[Cell]) -> bool:
    """Put the header cells' columns in ``order`` for the rows of a block (single cells only)."""
    slots = sorted(c.col for c in order)
    move = {cell.col: slot for cell, slot in zip(order, slots, strict=True)}
    if all(k == v for k, v in move.items()):
        return False
    for cell in grid.cells:
        if cell.row in rows and cell.col in move and cell.cols == 1:
            cell.col = move[cell.col]
        elif cell.row in rows and any(cell.col < k < cell.col + cell.cols for k in move):
            return False  # not reached for the blocks chosen (checked before)
    return True


def _permutable(grid: Grid, r: int, cols: list[int]) -> range:
    """The rows from header ``r`` in which every cell touching ``cols`` is a single column."""
    end = _block_end(grid, r)
    for rr in range(r, end):
        for cell in _row_cells(grid, rr):
            if cell.cols > 1 and any(cell.col <= k < cell.col + cell.cols for k in cols):
                return range(r, rr)
        for k in cols:
            above = _at(grid, rr, k)
            if above is not None and above.row < r:
                return range(r, r)
    return range(r, end)


def _permute_total_row(grid: Grid, r: int, move: dict[int, int]) -> None:
    """The 合计 row under a reordered indicator block as a form printed in that order has it: its
    figures under their columns' new places, its label spanning up to the first of them (the label
    merged across the block's columns is why :func:`_permutable` stopped above this row)."""
    if r >= grid.n_rows:
        return
    cells = _row_cells(grid, r)
    if not cells or _key(cells[0].text) not in ("合计", "总分", "总计") or cells[0].rows != 1:
        return
    label, rest = cells[0], cells[1:]
    if any(c.cols != 1 or c.rows != 1 for c in rest):
        return
    moved = [c for c in rest if c.col in move]
    for cell in moved:
        cell.col = move[cell.col]
    first = min((c.col for c in rest), default=label.col + label.cols)
    if first < label.col + label.cols:
        end = label.col + label.cols
        label.cols = first - label.col
        taken = {c.col for c in rest}
        for col in range(first, end):
            if col not in taken:
                grid.cells.append(Cell(r, col, None, None, None, 1, 1, False))


def reorder(grid: Grid) -> bool:
    changed = False
    for r in indicator_headers(grid):
        roles = header_roles(grid, r, _INDICATOR_ROLES)
        order = [roles[k] for k in ("max", "score", "target", "actual") if k in roles]
        if len(order) < 2 or any(c.cols != 1 for c in order):
            continue
        rows = _permutable(grid, r, [c.col for c in order])
        if len(rows) > 1:
            move = {cell.col: slot for cell, slot in zip(order, sorted(c.col for c in order), strict=True)}
            changed |= _permute(grid, rows, order)
            _permute_total_row(grid, rows.stop, move)
    for r in funds_headers(grid):
        roles = header_roles(grid, r, _FUNDS_ROLES)
        order = [roles[k] for k in ("annual", "initial", "executed", "max", "score", "rate") if k in roles]
        if any(c.cols != 1 for c in order):
            continue
        rows = _permutable(grid, r, [c.col for c in order])
        if len(rows) > 1:
            changed |= _permute(grid, rows, order)
    return changed


def synonyms(grid: Grid, seed: int = 0) -> bool:
    changed = False
    for r, words in [(r, _INDICATOR_ROLES) for r in indicator_headers(grid)] + [
        (r, _FUNDS_ROLES) for r in funds_headers(grid)
    ]:
        for i, (role, cell) in enumerate(header_roles(grid, r, words).items()):
            options = [w for w in SYNONYMS.get(role, ()) if w != _key(cell.text)]
            if options:
                cell.text = options[(seed + i) % len(options)]
                changed = True
    return changed


def _times(cell: Cell, factor: int) -> bool:
    if cell.number is not None:
        value = Decimal(repr(cell.number)) * factor
        cell.number = int(value) if value == value.to_integral_value() else float(value)
        return True
    try:
        value = Decimal((cell.text or "").replace(",", "").strip())
    except InvalidOperation:
        return False
    cell.text = format(value * factor, "f")
    return True


def yuan(grid: Grid, in_head: bool = False) -> bool:
    heads = funds_headers(grid)
    if not heads:
        return False
    for r in heads:
        roles = header_roles(grid, r, _FUNDS_ROLES)
        money = [roles[k] for k in ("initial", "annual", "executed") if k in roles]
        for rr in range(r + 1, _block_end(grid, r)):
            for cell in _row_cells(grid, rr):
                if any(cell.col < h.col + h.cols and h.col < cell.col + cell.cols for h in money):
                    _times(cell, 10000)
    for cell in grid.cells:  # "项目资金（万元）", "单位：万元" (not a 度量单位 cell "万元")
        if cell.text and cell.row <= max(heads):
            if in_head:  # the unit is declared once, in the head: the headers drop theirs
                cell.text = re.sub(r"[（(]\s*万元\s*[)）]", "", cell.text)
            cell.text = re.sub(r"([（(]\s*|单位[:：]\s*)万元", r"\1元", cell.text)
    if in_head:  # "金额单位：元" in a head row of the form, not above it
        for r in range(min(heads)):
            cells = _row_cells(grid, r)
            label = cells[0] if len(cells) >= 2 else None
            if label is not None and _key(label.text).startswith(("主管部门", "项目名称")):
                label.text = f"{label.text}（金额单位：元）"  # the head label carries the note
                return True
    top = typeset.title_row(grid) + 1 if typeset.leading_rows(grid) else 0  # type: ignore[attr-defined]
    insert_row(grid, top)
    grid.cells.append(Cell(top, 0, "金额单位：元", None, None, 1, grid.n_cols, False))
    return True


def extra_columns(grid: Grid) -> bool:
    changed = False
    for r in reversed(indicator_headers(grid)):
        roles = header_roles(grid, r, _INDICATOR_ROLES)
        if not {"name", "target"} <= set(roles):
            continue
        end = _block_end(grid, r)
        last = max(c.col + c.cols for c in _row_cells(grid, r))
        spots = [(last, "备注"), (roles["target"].col + 1, "度量单位"), (roles["name"].col + 1, "指标性质")]
        if "actual" in roles:
            spots.insert(1, (roles["actual"].col + 1, ""))
        present = {_key(c.text) for c in _row_cells(grid, r)}
        for col, text in sorted(spots, key=lambda s: -s[0]):
            if text and text in present:
                continue  # the form prints this column already
            insert_column(grid, col, range(r, end), r, text)
        changed = True
    return changed


def wrapped(grid: Grid) -> bool:
    changed = False
    heads = [(r, _INDICATOR_ROLES) for r in indicator_headers(grid)] + [
        (r, _FUNDS_ROLES) for r in funds_headers(grid)
    ]
    for r, words in heads:
        for cell in header_roles(grid, r, words).values():
            text = cell.text or ""
            if len(text) >= 4 and "\n" not in text:
                cell.text = text[: len(text) // 2] + "\n" + text[len(text) // 2 :]
                changed = True
    return changed


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan_in_cells(grid: Grid) -> bool:
    """Amounts × 10000 printed as text with "元" in every money cell; no declaration of the unit."""
    heads = funds_headers(grid)
    if not heads:
        return False
    declared = re.compile(r"[（(]\s*(万元|元)\s*[)）]|(?:金额)?单位[:：]\s*(万元|元)")
    in_yuan = any(
        m.group(1) == "元" or m.group(2) == "元"
        for c in grid.cells
        if c.text and c.row <= max(heads)
        for m in declared.finditer(c.text)
    )
    factor = 1 if in_yuan else 10000  # a form already in 元 keeps its figures
    changed = False
    for r in heads:
        roles = header_roles(grid, r, _FUNDS_ROLES)
        money = [roles[k] for k in ("initial", "annual", "executed") if k in roles]
        for rr in range(r + 1, _block_end(grid, r)):
            for cell in _row_cells(grid, rr):
                if not any(cell.col < h.col + h.cols and h.col < cell.col + cell.cols for h in money):
                    continue
                if cell.number is not None:
                    value = Decimal(repr(cell.number))
                else:
                    try:
                        value = Decimal((cell.text or "").replace(",", "").strip())
                    except InvalidOperation:
                        continue
                cell.text, cell.number, cell.fmt = f"{_plain(value * factor)}元", None, None
                changed = True
    for cell in grid.cells:  # no declaration left: "项目资金（万元）" → "项目资金", "金额单位：元" → ""
        if cell.text and cell.row <= max(heads):
            cell.text = declared.sub("", cell.text)
    return changed


_ROW_FAMILIES = (  # (printed label, the family member another form prints)
    (re.compile(r"^(年度资金总额|资金总额|总额|合计|总计|年度资金总额合计)[:：]?$"), "项目资金合计"),
    (re.compile(r"^(其中[:：]?)?(当年|本年)?财政(拨款|资金)$"), "其中：县级财政资金"),
    (re.compile(r"^(其中[:：]?)?上年结转(资金)?$"), "上年结转结余资金"),
    (re.compile(r"^(其中[:：]?)?其他资金$"), "其他来源资金"),
)


def row_labels(grid: Grid) -> bool:
    """The funds rows' labels replaced by other members of their family."""
    changed = False
    for r in funds_headers(grid):
        for rr in range(r + 1, _block_end(grid, r)):
            for cell in _row_cells(grid, rr):
                key = re.sub(r"\s+", "", cell.text or "")
                for rx, other in _ROW_FAMILIES:
                    if rx.match(key):
                        cell.text = other
                        changed = True
                        break
    return changed


def section_row(grid: Grid) -> bool:
    """A full-width row of one cell just above each indicator header that has a row above it."""
    changed = False
    for r in reversed(indicator_headers(grid)):
        if r == 0 or any(c.row < r < c.row + c.rows for c in grid.cells):
            continue  # a cell merged down across the header: no row can go between
        insert_row(grid, r)
        grid.cells.append(Cell(r, 0, "项目年度目标1：绩效指标完成情况", None, None, 1, grid.n_cols, False))
        changed = True
    return changed


def combined(grid: Grid) -> bool:
    """Everything at once, the other way round: synonyms, extra columns, reordered columns, a
    two-row header with the alternative group words, amounts in 元, wrapped header texts."""
    done = [synonyms(grid, seed=2), extra_columns(grid), reorder(grid), two_row(grid, alt=True)]
    done += [yuan(grid), wrapped(grid)]
    return any(done)


_APPLY: dict[str, Callable[[Grid], bool]] = {
    "two_row": two_row,
    "two_row_alt": lambda g: two_row(g, alt=True),
    "synonyms_alt": lambda g: synonyms(g, seed=1) and wrapped(g),
    "yuan_in_head": lambda g: yuan(g, in_head=True),
    "combined": combined,
    "reorder": reorder,
    "synonyms": synonyms,
    "yuan": yuan,
    "extra_columns": extra_columns,
    "wrapped": wrapped,
    "yuan_in_cells": yuan_in_cells,
    "row_labels": row_labels,
    "section_row": section_row,
}


def variants(folder: Path, names: tuple[str, ...] = TRANSFORMS) -> Iterator[tuple[str, Grid]]:
    """``("original", grid)`` and each transformation that applies to the folder's layout."""
    grid = typeset.load_layout(folder)  # type: ignore[attr-defined]
    yield "original", grid
    for name in names:
        changed = copy.deepcopy(grid)
        if _APPLY[name](changed):
            yield name, changed


def write(grid: Grid, out: Path, formats: tuple[str, ...] = ("xlsx", "docx")) -> list[tuple[str, Path]]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "xlsx" in formats:
        typeset.write_xlsx(grid, out / "document.xlsx")  # type: ignore[attr-defined]
        written.append(("xlsx", out / "document.xlsx"))
    if "docx" in formats:
        typeset.write_docx(grid, out / "document.docx")  # type: ignore[attr-defined]
        written.append(("docx", out / "document.docx"))
    return written
