"""Scoring tables in tables: 部门整体支出绩效评价评分表 and 绩效自评工作考核评分表.

Implements the layout of the district 评分表 (seed 003, 附件3-2: 一级指标 / 二级指标 / 三级指标 /
评分标准 / 分值 / 自评得分 / 扣分原因和其他说明) and of a 考核评分表 given as a table (一级指标 /
二级指标 / 评分标准 / 评分). Level-1 and level-2 cells state their weight ("投  入（15分）"); blank ones
continue the row above. Criterion, 分值 and 得分 cells merged over several rows are printed once and
stay on the row where they are printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.model import ScoringRow, ScoringTable

from .blocks import Cell
from .context import Context, Item
from .normalize import is_placeholder, join_lines, parse_number, squash, tidy_block

_WEIGHT = re.compile(r"[(（]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")


def split_weight(text: str) -> tuple[str, Decimal | None]:
    """ "投  入\\n（15分）" -> ("投入", 15); "自评通知（8分）" -> ("自评通知", 8)."""
    flat = squash(text)
    m = _WEIGHT.search(flat)
    if m and m.start() > 0:
        return flat[: m.start()], Decimal(m.group(1))
    return flat, None


def _header(row: list[Cell]) -> dict[str, int] | None:
    keys = [squash(c.text) for c in row]
    if not any(k == "评分标准" for k in keys):
        return None
    cols: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k == "一级指标":
            cols["l1"] = i
        elif k == "二级指标":
            cols["l2"] = i
        elif k == "三级指标":
            cols["name"] = i
        elif k == "评分标准":
            cols["criterion"] = i
        elif k in ("分值", "权重"):
            cols["max"] = i
        elif k in ("自评得分", "得分", "评分", "自评分"):
            cols["score"] = i
        elif k.startswith("扣分原因") or k == "备注" or k == "说明":
            cols["note"] = i
    if "l1" not in cols:
        return None
    return cols


def find_scoring_tables(ctx: Context) -> list[tuple[str, ScoringTable]]:
    """Every 评分表 given as a table: ("scoring" | "work_assessment", table)."""
    out: list[tuple[str, ScoringTable]] = []
    current: ScoringTable | None = None
    current_cols: dict[str, int] | None = None
    state: dict[str, object] = {}
    for t, table in enumerate(ctx.tables):
        current, current_cols = None, None  # a table block of its own; page repeats come as header rows
        for r, row in enumerate(table.rows):
            header = _header(row)
            if header is not None:
                for c in row:
                    ctx.use(c)
                if current is None or (
                    r == 0 and current_cols is not None and header.keys() != current_cols.keys()
                ):
                    title, attachment = _title(ctx, t)
                    kind = "work_assessment" if title is not None and "考核" in title.key else "scoring"
                    current = ScoringTable(title=title.joined if title is not None else "评分表")
                    if title is not None:
                        current.sources["title"] = ctx.src(title)
                        ctx.use(title)
                    if attachment is not None:
                        current.attachment = attachment.joined
                        current.sources["attachment"] = ctx.src(attachment)
                        ctx.use(attachment)
                    out.append((kind, current))
                    state = {}
                current_cols = header
                continue
            if current is None or current_cols is None:
                continue
            ctx.deadline.check()
            done = _row(ctx, current, current_cols, row, state)
            if done:
                current, current_cols = None, None
        # a scoring table continued in the next table block keeps its state
    return out


def _title(ctx: Context, t: int) -> tuple[Item | None, Item | None]:
    title = None
    attachment = None
    for item in ctx.paragraphs_before(t, 4):
        if title is None and "评分表" in item.key:
            title = item
        elif attachment is None and item.key.startswith("附件"):
            attachment = item
    return title, attachment


def _row(
    ctx: Context, table: ScoringTable, cols: dict[str, int], row: list[Cell], state: dict[str, object]
) -> bool:
    keys = [squash(c.text) for c in row]
    if not any(keys):
        return False
    first = next((k for k in keys if k), "")
    if first.startswith("总分") or first.startswith("合计"):
        nums = [c for c in row if parse_number(c.text) is not None]
        label_cell = next(c for c in row if squash(c.text))
        ctx.use(label_cell)
        inline = re.findall(r"(\d+(?:\.\d+)?)", first)
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
            if inline:
                table.stated_total_max = Decimal(inline[0])
                table.sources["stated_total_max"] = ctx.src(label_cell)
        return False
    if first.startswith("评分等级") or first.startswith("等级"):
        rest = [c for c in row if squash(c.text) and not squash(c.text).startswith(("评分等级", "等级"))]
        for c in rest:
            if "优" in c.text and len(squash(c.text)) > 4:
                table.grade_note = tidy_block(c.text)
                table.sources["grade_note"] = ctx.src(c)
            elif squash(c.text):
                table.stated_grade = squash(c.text)
                table.sources["stated_grade"] = ctx.src(c)
            ctx.use(c)
        return False

    def at(key: str) -> Cell | None:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    c_l1, c_l2, c_name = at("l1"), at("l2"), at("name")
    if c_l1 is not None and squash(c_l1.text) and not is_placeholder(c_l1.text):
        state["l1"], state["l1_max"] = split_weight(c_l1.text)
        state["l1_cell"] = c_l1
        ctx.use(c_l1)
    if c_l2 is not None and squash(c_l2.text) and not is_placeholder(c_l2.text):
        label, weight = split_weight(c_l2.text)
        state["l2"], state["l2_max"] = label, weight
        state["l2_cell"] = c_l2
        ctx.use(c_l2)
    if "name" in cols:
        if c_name is None or not squash(c_name.text):
            return False
        name = join_lines(c_name.text)
        name_cell = c_name
    else:
        # two-level table: the level-2 cell is the row's name
        if c_l2 is None or not squash(c_l2.text):
            return False
        name = str(state.get("l2") or "")
        name_cell = c_l2
    if "l1" not in state:
        return False
    srow = ScoringRow(
        level1=str(state["l1"]),
        level1_max=state.get("l1_max"),
        level2=str(state["l2"]) if state.get("l2") is not None and "name" in cols else None,
        level2_max=state.get("l2_max") if "name" in cols else None,
        name=name,
    )
    if "name" not in cols:
        srow.max_score = state.get("l2_max")  # type: ignore[assignment]
    srow.sources["name"] = ctx.src(name_cell)
    ctx.use(name_cell)
    l1_cell = state.get("l1_cell")
    if isinstance(l1_cell, Cell) and l1_cell is c_l1:
        srow.sources["level1"] = ctx.src(l1_cell)
    l2_cell = state.get("l2_cell")
    if isinstance(l2_cell, Cell) and l2_cell is c_l2 and "name" in cols:
        srow.sources["level2"] = ctx.src(l2_cell)
    crit = at("criterion")
    if crit is not None and squash(crit.text):
        srow.criterion = tidy_block(crit.text)
        srow.sources["criterion"] = ctx.src(crit)
        ctx.use(crit)
    for attr, key in (("max_score", "max"), ("self_score", "score")):
        cell = at(key)
        if cell is not None and parse_number(cell.text) is not None:
            setattr(srow, attr, parse_number(cell.text))
            srow.sources[attr] = ctx.src(cell)
            ctx.use(cell)
    note = at("note")
    if note is not None and squash(note.text):
        srow.note = tidy_block(note.text)
        srow.sources["note"] = ctx.src(note)
        ctx.use(note)
    table.rows = [*table.rows, srow]
    return False
