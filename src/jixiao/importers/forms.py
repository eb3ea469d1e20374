"""Self-evaluation forms (绩效自评表) in tables: funds block, goals, indicator rows, total and grade.

Implements the layout of the 项目支出绩效自评表 attached to 财预〔2020〕10号 (项目资金 block with
年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分; 年度总体目标; 一级 / 二级 / 三级指标 with
年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施; 总分) and the Hunan 部门整体支出
绩效自评表 variants of the seeds (评价内容 / 绩效目标 / 完成情况 without scores; 绩效自评综合得分;
评价等次).

Columns are found from the header row and each data row is re-aligned on its level-1 or level-2
label, because merged cells make rows shorter or shift them (a row printed one cell to the left).
Blank level-1, level-2 and name cells continue the row above (merged cells); rows that are blank or
only "……" are not indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import (
    Funds,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level1,
    Level2,
    Scope,
    SelfEvaluation,
    StatedSubtotal,
)
from jixiao.model.unit import FormFooter

from .blocks import Cell
from .context import Context, Item
from .normalize import is_placeholder, join_lines, parse_number, squash, tidy_block

_L1_RX = re.compile(r"^(产出|效益|满意度|成本)(指标|目标)")
_L2_RX = re.compile(
    r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|社会公众或服务对象满意度)"
    r"(指标?)?(\(\d+分\))?$"
)
_SCORE_IN_HEADING = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")

_PROJECT_LABELS = ("项目支出名称", "项目名称")
_LABELS = {
    "项目支出名称",
    "项目名称",
    "专项名称",
    "主管部门",
    "实施单位",
    "部门名称",
    "项目总投资(万元)",
    "项目总投资",
    "其中:财政拨款",
    "支出方向名称(子项目)",
    "项目总实施期:",
    "县级预算部门、单位名称",
    "单位名称",
}


def level1_of(text: str) -> Level1 | None:
    key = squash(text)
    if key.startswith("产出"):
        return Level1.OUTPUT
    if key.startswith("效益"):
        return Level1.BENEFIT
    if key.startswith("满意") or key.startswith("社会公众") or key.startswith("服务对象"):
        return Level1.SATISFACTION
    if key.startswith("成本"):
        return Level1.COST
    return None


def level2_of(text: str) -> Level2:
    key = squash(text)
    if "、" in key:  # one heading for several kinds ("数量、质量、时效、成本指标")
        return Level2.OTHER
    for word, level in (
        ("满意", Level2.SATISFACTION),
        ("数量", Level2.QUANTITY),
        ("质量", Level2.QUALITY),
        ("时效", Level2.TIMELINESS),
        ("成本", Level2.COST),
        ("经济", Level2.ECONOMIC),
        ("社会", Level2.SOCIAL),
        ("生态", Level2.ECOLOGICAL),
        ("可持续", Level2.SUSTAINABILITY),
    ):
        if word in key:
            return level
    return Level2.OTHER


def level1_from_level2(level2: Level2) -> Level1:
    if level2 in (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST):
        return Level1.OUTPUT
    if level2 == Level2.SATISFACTION:
        return Level1.SATISFACTION
    if level2 == Level2.OTHER:
        return Level1.OTHER
    return Level1.BENEFIT


def is_level1_label(text: str) -> bool:
    key = squash(text)
    if not _L1_RX.match(key) or key.startswith("满意度指标值"):
        return False
    # "成本指标" is a level-2 label under 产出 unless it states its own weight as a level-1 heading
    return not (_L2_RX.match(key) and not _SCORE_IN_HEADING.search(key))


def is_level2_label(text: str) -> bool:
    return bool(_L2_RX.match(squash(text)))


def heading_max(text: str) -> Decimal | None:
    m = _SCORE_IN_HEADING.search(text.replace("\n", ""))
    return Decimal(m.group(1)) if m else None


@dataclass
class _Columns:
    level1: int | None = None
    level2: int | None = None
    name: int | None = None
    target: int | None = None
    actual: int | None = None
    max_score: int | None = None
    score: int | None = None
    note: int | None = None
    name_is_target: bool = False


def indicator_header(row: list[Cell]) -> _Columns | None:
    keys = [squash(c.text) for c in row]
    has_l3 = any(k == "三级指标" for k in keys)
    has_content = any(k == "评价内容" for k in keys) and any(k in ("绩效目标", "年度指标值") for k in keys)
    if not (has_l3 and any(k == "一级指标" for k in keys)) and not has_content:
        return None
    cols = _Columns()
    for i, k in enumerate(keys):
        if k in ("一级指标", "评价内容") and cols.level1 is None:
            cols.level1 = i
        elif k == "二级指标":
            cols.level2 = i
        elif k == "三级指标":
            cols.name = i
        elif k in ("年度指标值", "绩效目标", "指标值", "预期指标值") and cols.target is None:
            cols.target = i
        elif (k.startswith("实际完成") or k == "完成情况") and cols.actual is None:
            cols.actual = i
        elif k in ("分值", "权重") and cols.max_score is None:
            cols.max_score = i
        elif "得分" in k and cols.score is None:
            cols.score = i
        elif k.startswith("偏差") or k.startswith("未完成原因"):
            cols.note = i
    if cols.level2 is None and cols.level1 is not None:
        # "评价内容" spans the level-1 and level-2 columns: every later column moves right by one.
        lvl1 = cols.level1
        cols.level2 = lvl1 + 1
        for attr in ("name", "target", "actual", "max_score", "score", "note"):
            v = getattr(cols, attr)
            if v is not None and v > lvl1:
                setattr(cols, attr, v + 1)
    if cols.name is None:
        cols.name = cols.target
        cols.name_is_target = True
    return cols


def funds_header(row: list[Cell]) -> dict[str, int] | None:
    keys = [squash(c.text) for c in row]
    if not any(k.startswith("年初预算") for k in keys):
        return None
    cols: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k.startswith("年初预算"):
            cols["initial"] = i
        elif k.startswith("全年预算"):
            cols["annual"] = i
        elif k.startswith("全年执行") or k.startswith("实际执行"):
            cols["executed"] = i
        elif k == "分值":
            cols["max"] = i
        elif k.startswith("执行率") or k == "执行":
            cols["rate"] = i
        elif "得分" in k or k.startswith("得分"):
            cols["score"] = i
    return cols


def _funds_kind(label: str) -> FundsRowKind | None:
    key = squash(label)
    if "结转" in key:
        return FundsRowKind.CARRIED_OVER
    if "其他资金" in key:
        return FundsRowKind.OTHER
    if "财政拨款" in key:
        return FundsRowKind.APPROPRIATION
    if key in ("合计", "年度资金总额", "资金总额") or key.startswith("年度资金总额"):
        return FundsRowKind.TOTAL
    return None


@dataclass
class FormParse:
    """A self-evaluation form being read from the rows of one table."""

    ctx: Context
    table: int
    evaluation: SelfEvaluation
    used_rows: set[int] = field(default_factory=set)


def _cell(row: list[Cell], i: int | None) -> Cell | None:
    if i is None or i < 0 or i >= len(row):
        return None
    return row[i]


def _next_value(row: list[Cell], i: int) -> Cell | None:
    j = i + 1
    while j < len(row):
        key = squash(row[j].text)
        if key in _LABELS or (key.endswith(":") and len(key) < 16):
            j += 1
            continue
        return row[j] if key else None
    return None


def _next_number(row: list[Cell], i: int) -> Cell | None:
    for cell in row[i + 1 :]:
        if parse_number(cell.text) is not None:
            return cell
        if squash(cell.text) and squash(cell.text) not in _LABELS:
            return None
    return None


def _numbers(row: list[Cell], start: int = 0) -> list[Cell]:
    return [c for c in row[start:] if parse_number(c.text) is not None]


_GRADE_RX = re.compile(r"(?:等\s*级|等\s*次)\s*[:：]?\s*[“\"]?(优秀|优|良好|良|中等|中|较差|差|合格|不合格)")


def parse_form_rows(
    ctx: Context, table_index: int, start: int, end: int, scope: Scope, title: Item | None
) -> SelfEvaluation:
    """Read one self-evaluation form from rows ``start`` to ``end`` (exclusive) of a table."""
    table = ctx.tables[table_index]
    ev = SelfEvaluation(scope=scope)
    if title is not None:
        ev.title = title.joined.strip()
        ev.sources["title"] = ctx.src(title)
        ctx.use(title)
    rows = table.rows[start:end]
    funds: Funds | None = None
    fcols: dict[str, int] | None = None
    icols: _Columns | None = None
    goal_cols: tuple[int | None, int | None] | None = None
    nature_cols: tuple[int, int] | None = None
    state: dict[str, str | None] = {"l1": None, "l2": None, "name": None}
    l1_cell: Cell | None = None
    l2_cell: Cell | None = None
    seen_subtotals: set[str] = set()
    for row in rows:
        ctx.deadline.check()
        keys = [squash(c.text) for c in row]
        joined_keys = "".join(keys)
        if not joined_keys or all(is_placeholder(c.text) for c in row):
            continue
        first_key = next((k for k in keys if k), "")
        if icols is not None and re.match(r"^[一二三四五六七八九十]+、", first_key):
            break
        # header fields ---------------------------------------------------------------
        consumed = False
        for i, k in enumerate(keys):
            if k in _PROJECT_LABELS or (k == "专项名称" and ev.name is None):
                cell = _next_value(row, i)
                if cell is not None and ev.name is None:
                    ev.name = join_lines(cell.text)
                    ev.sources["name"] = ctx.src(cell)
                    ctx.use(row[i], cell)
                consumed = True
            elif k in ("主管部门", "部门名称", "县级预算部门、单位名称", "单位名称", "预算部门名称"):
                cell = _next_value(row, i)
                if cell is not None and ev.department is None:
                    ev.department = join_lines(cell.text)
                    ev.sources["department"] = ctx.src(cell)
                    ctx.use(cell)
                ctx.use(row[i])
                consumed = True
            elif k == "实施单位":
                cell = _next_value(row, i)
                if cell is not None:
                    ev.implementing_unit = join_lines(cell.text)
                    ev.sources["implementing_unit"] = ctx.src(cell)
                    ctx.use(cell)
                ctx.use(row[i])
                consumed = True
            elif k.startswith("项目总投资"):
                cell = _next_number(row, i)
                funds = funds or Funds()
                if cell is not None:
                    funds.total_investment = parse_number(cell.text)
                    funds.sources["total_investment"] = ctx.src(cell)
                    ctx.use(cell)
                ctx.use(row[i])
                consumed = True
            elif k in ("其中:财政拨款", "其中：财政拨款") and fcols is None:
                cell = _next_number(row, i)
                funds = funds or Funds()
                if cell is not None:
                    funds.total_investment_appropriation = parse_number(cell.text)
                    funds.sources["total_investment_appropriation"] = ctx.src(cell)
                    ctx.use(cell)
                ctx.use(row[i])
                consumed = True
            elif k.startswith("支出方向名称"):
                cell = _next_value(row, i)
                if cell is not None and parse_number(cell.text) is None:
                    ev.sub_item = join_lines(cell.text)
                    ev.sources["sub_item"] = ctx.src(cell)
                    ctx.use(cell)
                ctx.use(row[i])
                consumed = True
            elif k.startswith("项目总实施期"):
                ctx.use(row[i])
                consumed = True
        if consumed:
            continue
        # funds ---------------------------------------------------------------------------
        header = funds_header(row)
        if header is not None:
            fcols = header
            funds = funds or Funds()
            for c in row:
                ctx.use(c)
            continue
        if any(k.startswith("按收入性质分") for k in keys):
            src_i = next(i for i, k in enumerate(keys) if k.startswith("按收入性质分"))
            nat_i = next((i for i, k in enumerate(keys) if k.startswith("按支出性质分")), src_i + 1)
            nature_cols = (src_i, nat_i)
            for c in row:
                ctx.use(c)
            continue
        if nature_cols is not None and not any(re.search(r"[:：]", c.text) for c in row[1:]):
            nature_cols = None
        if nature_cols is not None and icols is None and not any("目标" in k for k in keys):
            funds = funds or Funds()
            for which, col in (("by_source", nature_cols[0]), ("by_nature", nature_cols[1])):
                cell = _cell(row, col)
                if cell is None or not squash(cell.text):
                    continue
                text = join_lines(cell.text).removeprefix("其中：").removeprefix("其中:").strip()
                m = re.match(r"^(.*?)[：:]\s*(.*)$", text)
                if not m:
                    continue
                label, value = m.group(1).strip(), m.group(2).strip()
                bucket = funds.by_source if which == "by_source" else funds.by_nature
                bucket[label] = parse_number(value)
                ctx.use(cell)
            # keep the dicts validated
            funds.by_source = dict(funds.by_source)
            funds.by_nature = dict(funds.by_nature)
            continue
        if fcols is not None and icols is None and goal_cols is None:
            label_cell = next(
                (c for c in row[: fcols["initial"]] if squash(c.text) and parse_number(c.text) is None), None
            )
            kind = _funds_kind(label_cell.text) if label_cell is not None else None
            if kind is not None and label_cell is not None:
                funds = funds or Funds()
                offset = row.index(label_cell) - (fcols["initial"] - 1)
                frow = FundsRow(kind=kind, label=join_lines(label_cell.text))
                ctx.use(label_cell)
                any_value = False
                for attr, key in (
                    ("initial_budget", "initial"),
                    ("annual_budget", "annual"),
                    ("executed", "executed"),
                ):
                    cell = _cell(row, fcols.get(key, -99) + offset) if key in fcols else None
                    if cell is not None and parse_number(cell.text) is not None:
                        setattr(frow, attr, parse_number(cell.text))
                        frow.sources[attr] = ctx.src(cell)
                        ctx.use(cell)
                        any_value = True
                if not any_value:
                    frow.sources["label"] = ctx.src(label_cell)
                if kind == FundsRowKind.TOTAL:
                    for attr, key in (
                        ("max_score", "max"),
                        ("stated_execution_rate", "rate"),
                        ("stated_score", "score"),
                    ):
                        cell = _cell(row, fcols[key] + offset) if key in fcols else None
                        if cell is not None and parse_number(cell.text) is not None:
                            setattr(funds, attr, parse_number(cell.text))
                            funds.sources[attr] = ctx.src(cell)
                            ctx.use(cell)
                funds.rows = [*funds.rows, frow]
                continue
        # goals -----------------------------------------------------------------------------
        if any(k == "预期目标" for k in keys) and any(k.startswith("实际完成") for k in keys):
            goal_cols = (
                next(i for i, k in enumerate(keys) if k == "预期目标"),
                next(i for i, k in enumerate(keys) if k.startswith("实际完成")),
            )
            for c in row:
                ctx.use(c)
            continue
        if goal_cols is not None and icols is None:
            if indicator_header(row) is None and not any(
                k.startswith("评价内容") or k.endswith("完成情况") for k in keys[:2]
            ):
                exp = _cell(row, goal_cols[0])
                act = _cell(row, goal_cols[1])
                if exp is not None and squash(exp.text):
                    ev.expected_goal = tidy_block(exp.text)
                    ev.sources["expected_goal"] = ctx.src(exp)
                    ctx.use(exp)
                if act is not None and squash(act.text):
                    ev.achieved_goal = tidy_block(act.text)
                    ev.sources["achieved_goal"] = ctx.src(act)
                    ctx.use(act)
                goal_cols = None
                continue
            goal_cols = None
        # indicators -----------------------------------------------------------------------
        header_cols = indicator_header(row)
        if header_cols is not None:
            icols = header_cols
            for c in row:
                ctx.use(c)
            continue
        if any(k.startswith("总分") or k in ("合计",) or "综合得分" in k for k in keys) and (
            icols is not None or "综合得分" in joined_keys
        ):
            label_i = next(
                i for i, k in enumerate(keys) if k.startswith("总分") or k == "合计" or "综合得分" in k
            )
            nums = _numbers(row, label_i + 1)
            inline = parse_number(re.sub(r"^.*?(总分|综合得分)[:：]?", "", keys[label_i]))
            ctx.use(row[label_i])
            if len(nums) >= 2:
                ev.stated_total_max = parse_number(nums[0].text)
                ev.sources["stated_total_max"] = ctx.src(nums[0])
                ev.stated_total_score = parse_number(nums[1].text)
                ev.sources["stated_total_score"] = ctx.src(nums[1])
                ctx.use(nums[0], nums[1])
            elif len(nums) == 1:
                ev.stated_total_score = parse_number(nums[0].text)
                ev.sources["stated_total_score"] = ctx.src(nums[0])
                ctx.use(nums[0])
            elif inline is not None:
                ev.stated_total_score = inline
                ev.sources["stated_total_score"] = ctx.src(row[label_i])
            text = " ".join(c.text for c in row)
            m = _GRADE_RX.search(text)
            if m:
                grade_cell = next((c for c in row if _GRADE_RX.search(c.text)), row[label_i])
                ev.stated_grade = m.group(1)
                ev.sources["stated_grade"] = ctx.src(grade_cell)
                ctx.use(grade_cell)
            continue
        if any(k.startswith("评价等次") or k.startswith("评价等级") or k == "等级" for k in keys):
            label_i = next(i for i, k in enumerate(keys) if k.startswith("评价等") or k == "等级")
            cell = _next_value(row, label_i)
            if cell is not None:
                ev.stated_grade = join_lines(cell.text)
                ev.sources["stated_grade"] = ctx.src(cell)
                ctx.use(row[label_i], cell)
            continue
        if icols is None:
            continue
        ind_cells = _indicator_row(row, icols)
        if ind_cells is None:
            continue
        c_l1, c_l2, c_name, c_target, c_actual, c_max, c_score, c_note = ind_cells
        if c_l1 is not None and squash(c_l1.text) and not is_placeholder(c_l1.text):
            state["l1"] = join_lines(c_l1.text)
            l1_cell = c_l1
            ctx.use(c_l1)
            hmax = heading_max(c_l1.text)
            raw = state["l1"] or ""
            if hmax is not None and raw not in seen_subtotals:
                seen_subtotals.add(raw)
                ev.subtotals = [
                    *ev.subtotals,
                    StatedSubtotal(label=raw, level1=level1_of(raw), max_score=hmax, where="表头"),
                ]
            state["l2"] = None
            state["name"] = None
        if c_l2 is not None and squash(c_l2.text) and not is_placeholder(c_l2.text):
            state["l2"] = join_lines(c_l2.text)
            l2_cell = c_l2
            ctx.use(c_l2)
            state["name"] = None

        def text_of(cell: Cell | None) -> str | None:
            if cell is None or is_placeholder(cell.text):
                return None
            return join_lines(cell.text) or None

        name = text_of(c_name)
        target = text_of(c_target)
        actual = text_of(c_actual)
        max_score = parse_number(c_max.text) if c_max is not None else None
        score = parse_number(c_score.text) if c_score is not None else None
        note = text_of(c_note)
        if icols.name_is_target:
            name = target
        if not any((name, target, actual, max_score is not None, score is not None)):
            continue
        if name is None:
            name = state["name"]
        if name is None:
            ctx.issue(row[0], "指标行没有三级指标名称，未能归入", " | ".join(c.text for c in row))
            continue
        state["name"] = name
        l2_raw = state["l2"]
        level2 = level2_of(l2_raw) if l2_raw else Level2.OTHER
        l1_raw = state["l1"]
        level1 = (level1_of(l1_raw) if l1_raw else None) or level1_from_level2(level2)
        ind = Indicator(
            level1=level1,
            level1_raw=l1_raw,
            level2=level2,
            level2_raw=l2_raw,
            name=name,
            target_raw=target,
            actual_raw=actual,
            max_score=max_score,
            score=score,
            deviation_note=note,
        )
        name_cell = c_name if c_name is not None and text_of(c_name) else (c_target or row[0])
        ind.sources["name"] = ctx.src(name_cell)
        for attr, cell in (
            ("target_raw", c_target),
            ("actual_raw", c_actual),
            ("max_score", c_max),
            ("score", c_score),
            ("deviation_note", c_note),
        ):
            if cell is not None and getattr(ind, attr) is not None:
                ind.sources[attr] = ctx.src(cell)
        if l1_cell is not None and l1_raw is not None:
            ind.sources["level1_raw"] = ctx.src(l1_cell)
        if l2_cell is not None and l2_raw is not None:
            ind.sources["level2_raw"] = ctx.src(l2_cell)
        ctx.use(c_name, c_target, c_actual, c_max, c_score, c_note)
        ev.indicators = [*ev.indicators, ind]
    if funds is not None:
        ev.funds = funds
    return ev


def _indicator_row(row: list[Cell], cols: _Columns) -> tuple[Cell | None, ...] | None:
    offset = 0
    found = False
    if cols.level1 is not None:
        for i, c in enumerate(row):
            if is_level1_label(c.text):
                offset = i - cols.level1
                found = True
                break
    if not found and cols.level2 is not None:
        for i, c in enumerate(row):
            if is_level2_label(c.text):
                offset = i - cols.level2
                break

    def at(i: int | None) -> Cell | None:
        return None if i is None else _cell(row, i + offset)

    return (
        at(cols.level1),
        at(cols.level2),
        at(cols.name),
        at(cols.target),
        at(cols.actual),
        at(cols.max_score),
        at(cols.score),
        at(cols.note),
    )


_FOOTER_FIELDS = (
    ("filled_by", r"填(?:表|报)人(?:（签名）|\(签名\))?[:：]\s*([^\s:：]*)"),
    ("fill_date", r"填报日期[:：]\s*([^\s]*)"),
    ("phone", r"联系电话[:：]\s*([^\s]*)"),
    ("head_signature", r"单位负责人(?:签字|签章|（签字）)?[:：]\s*([^\s]*)"),
)


def parse_footer(ctx: Context, item: Item) -> FormFooter | None:
    text = item.text
    if "填表人" not in text and "填报人" not in text:
        return None
    footer = FormFooter()
    for attr, pattern in _FOOTER_FIELDS:
        m = re.search(pattern, text)
        if m is None:
            continue
        value = m.group(1).strip()
        if value:
            setattr(footer, attr, value)
        footer.sources[attr] = ctx.src(item, m.group(0).strip())
    ctx.use(item)
    return footer
