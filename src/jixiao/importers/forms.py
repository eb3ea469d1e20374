"""Self-evaluation forms (绩效自评表) in grids, read by the form specs of ``data/forms``.

The columns of a form are found from its header rows by the spec's vocabularies, in any order (see
:mod:`jixiao.layouts`): the 项目资金 block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 /
得分 or their synonyms), 年度总体目标 (预期目标 / 实际完成情况), the three-level indicator block
(一级 / 二级 / 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因…) and the total and grade rows.
Rows are read by their labels (年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 …). The
amount unit the form declares ("金额单位：元", "项目资金（元）") converts money to 万元.

Each data row is re-aligned on its level-1 or level-2 heading, because merged cells make rows
shorter or shift them. Blank level-1, level-2 and name cells continue the row above (merged
cells); rows that are blank or only "……" are not indicators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao.figures import Amount
from jixiao.layouts import (
    FormSpec,
    Vocabulary,
    header_key,
    heading_max,
    is_level1_label,
    is_level2_label,
    level1_from_level2,
    level1_of,
    level2_of,
)
from jixiao.layouts.labels import is_filler
from jixiao.layouts.spec import Role, RowKind, best_spec, column_words, self_evaluation_specs
from jixiao.model import (
    EvaluationPackage,
    Funds,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level2,
    Scope,
    SelfEvaluation,
    StatedSubtotal,
)
from jixiao.model.unit import FormFooter
from jixiao.text import halfwidth

from .blocks import Cell
from .context import Context, Item
from .normalize import is_placeholder, join_lines, parse_number, squash, tidy_block

__all__ = [
    "FormLayout",
    "choose_spec",
    "funds_header",
    "heading_max",
    "indicator_header",
    "is_level1_label",
    "is_level2_label",
    "level1_from_level2",
    "level1_of",
    "level2_of",
    "parse_footer",
    "parse_form_rows",
    "points_in",
]

_MONEY: tuple[Role, ...] = ("initial_budget", "annual_budget", "received", "executed")
_ROW_KINDS: dict[RowKind, FundsRowKind] = {
    "total": FundsRowKind.TOTAL,
    "appropriation": FundsRowKind.APPROPRIATION,
    "carried_over": FundsRowKind.CARRIED_OVER,
    "other": FundsRowKind.OTHER,
}
_CELL_UNIT = re.compile(r"\d(万元|亿元|元|万)$")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*分(?![值数])")
_NOTE_START = re.compile(r"^(?:注|说明|备注|填表说明)\d*[:：.、]")
_GRADE_RX = re.compile(r"(?:等\s*级|等\s*次)\s*[:：]?\s*[“\"]?(优秀|优|良好|良|中等|中|较差|差|合格|不合格)")


def header_text(cell: Cell) -> str:
    """A header cell's text; under a header merged down over two header rows (a multi-row header:
    "分值" beside the group "指标值" over 年度指标值 | 实际完成值) the merged cell's text."""
    if cell.anchor is not None and not cell.text.strip():
        return cell.anchor.text
    return cell.text


def merged_tail(prev: Sequence[Cell] | None, row: list[Cell]) -> list[Cell]:
    """``row`` with the header cells of the row above that are merged down over it past its last
    cell (a reader leaves no placeholder after a row's last cell of its own): the sub-header row of
    a two-row header is then whole ("年度指标值 | 实际完成值" under "指标值", then "分值", "得分"
    merged over both rows)."""
    if not prev:
        return row
    width = sum(c.col_span for c in row)
    out = list(row)
    col = 0
    for cell in prev:
        if col >= width and cell.row_span > 1 and cell.anchor is None:
            out.append(replace(cell, text="", anchor=cell, lines=[]))
        col += cell.col_span
    return out if len(out) > len(row) else row


def _roles(cells: Sequence[Cell], columns: Mapping[Role, Vocabulary]) -> dict[Role, int]:
    out: dict[Role, int] = {}
    if not any(header_key(c.text) in column_words() for c in cells):
        return out  # no cell is a header word of any form: not a header row
    for i, cell in enumerate(cells):
        key = header_key(header_text(cell))
        if not key:
            continue
        for role, vocab in columns.items():
            if role not in out and vocab.match_key(key):
                out[role] = i
                break
    return out


# ---------------------------------------------------------------------------- headers


@dataclass
class IndicatorColumns:
    """Where the indicator block's roles stand in its header row (and whether the name is the target)."""

    at: dict[Role, int]
    name_is_target: bool = False
    # every header cell stands over one column: the numbers are printed columns, and a data cell
    # merged across columns is read by column (:func:`by_column`)
    one_column_cells: bool = False
    # the printed columns each role's header cell spans (its first and past its last), counting the
    # spans of the cells before it — a data cell is under a role when it starts within them
    spans: dict[Role, tuple[int, int]] = field(default_factory=dict)

    def get(self, role: Role) -> int | None:
        return self.at.get(role)


def indicator_header(row: Sequence[Cell], spec: FormSpec | None = None) -> IndicatorColumns | None:
    """The indicator header's columns, or ``None`` when the row is not one."""
    for s in [spec] if spec is not None else self_evaluation_specs():
        block = s.indicators
        if block is None:
            continue
        at = _roles(row, dict(block.columns))
        has_level = "level1" in at or "level2" in at
        named = all(r in at for r in block.required) or ("target" in at and has_level)
        # the sub-header row of a two-row header may print only 一级 / 二级 / 三级指标 (年度指标值,
        # 分值 … merged down from the row above, past its last cell)
        levels = {"level1", "level2", "name"} <= set(at)
        valued = bool({"target", "actual", "score"} & set(at)) or levels
        if (len(at) < block.min_header and not levels) or not named or not valued:
            continue
        return _shape_indicator_columns(row, at)
    return None


def _shape_indicator_columns(row: Sequence[Cell], at: dict[Role, int]) -> IndicatorColumns:
    cols = IndicatorColumns(dict(at), one_column_cells=all(c.col_span <= 1 for c in row))
    starts = printed_columns(row)
    cols.spans = {role: (starts[i], starts[i] + row[i].col_span) for role, i in at.items() if i < len(row)}
    lvl1 = at.get("level1")
    if "level2" not in at and lvl1 is not None:
        head = row[lvl1]
        if getattr(head, "col_span", 1) > 1 or header_key(head.text) == "评价内容":
            # "评价内容" spans the level-1 and level-2 columns: every later column moves right by one.
            cols.at["level2"] = lvl1 + 1
            for role, v in at.items():
                if role != "level1" and v > lvl1:
                    cols.at[role] = v + 1
    if "name" not in cols.at and "target" in cols.at:
        cols.at["name"] = cols.at["target"]
        cols.name_is_target = True
    return cols


def funds_header(row: Sequence[Cell], spec: FormSpec | None = None) -> dict[Role, int] | None:
    """The funds header's columns (at least two money columns), or ``None``.

    A header with one budget column only ("预算数（A） | 执行数（B） | 执行率（B/A）") names the budget the
    rate divides: the annual budget, unless its words say 年初. A transposed header (the sources are
    the columns: "中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率") is a header too: its 合计 column
    holds the total's budget (see :func:`transposed_funds_header`)."""
    for s in [spec] if spec is not None else self_evaluation_specs():
        if s.funds is None:
            continue
        at = _roles(row, dict(s.funds.columns))
        if sum(1 for r in _MONEY if r in at) >= 2 and len(at) >= s.funds.min_header:
            return _lone_budget(row, at)
        transposed = transposed_funds_header(row, s)
        if transposed is not None:
            return transposed.at
    return None


def _lone_budget(row: Sequence[Cell], at: dict[Role, int]) -> dict[Role, int]:
    lone = at.get("initial_budget")
    if lone is None or "annual_budget" in at or header_key(header_text(row[lone])).startswith("年初"):
        return at
    out: dict[Role, int] = {r: v for r, v in at.items() if r != "initial_budget"}
    out["annual_budget"] = lone
    return out


@dataclass
class TransposedFunds:
    """A funds block printed sideways: one column per source (row kind), one row of amounts."""

    at: dict[Role, int]  # annual_budget = the total's column; executed, rate, score when printed
    kinds: dict[int, RowKind]  # column → the source it holds (the total's column included)


def transposed_funds_header(row: Sequence[Cell], spec: FormSpec) -> TransposedFunds | None:
    """A header row naming the funds sources as columns (湖北 "中央 | 省、地 | 本级 | 其他 | 合计 |
    执行数 | 执行率"): a total column, at least one part column and an 执行数 column, all words of
    the spec's funds vocabulary."""
    block = spec.funds
    if block is None or not any(header_key(c.text) in column_words() for c in row):
        return None
    kinds: dict[int, RowKind] = {}
    for i, cell in enumerate(row):
        key = header_key(header_text(cell))
        kind = block.row_kind(header_text(cell)) if key else None
        if kind is not None and not any(v.match_key(key) for v in block.columns.values()):
            kinds[i] = kind
    totals = [i for i, k in kinds.items() if k == "total"]
    at: dict[Role, int] = {"annual_budget": totals[0]} if len(totals) == 1 else {}
    for role, col in _roles(row, dict(block.columns)).items():
        if role in ("executed", "rate", "score"):
            at[role] = col
    if len(totals) != 1 or len(kinds) < 2 or "executed" not in at:
        return None
    return TransposedFunds(at, kinds)


def funds_row_kind(spec: FormSpec, label: str) -> FundsRowKind | None:
    """The funds row a label names under ``spec`` (see :meth:`FundsBlock.row_kind`)."""
    kind = spec.funds.row_kind(label) if spec.funds is not None else None
    return _ROW_KINDS[kind] if kind is not None else None


def choose_spec(rows: Sequence[Sequence[Cell]], scope: Scope) -> tuple[FormSpec, float]:
    """The self-evaluation spec whose header vocabulary covers most of a grid's header cells."""
    return best_spec((header_key(c.text) for row in rows[:60] for c in row), scope.value)


# ---------------------------------------------------------------------------- reading


@dataclass
class FormLayout:
    """What a form reader found: the spec, the blocks' columns, the declared amount unit."""

    spec: FormSpec
    confidence: float
    funds: dict[Role, int] | None = None
    goals: tuple[int, int] | None = None
    indicators: IndicatorColumns | None = None
    amount_unit: str = "万元"


@dataclass
class _Reader:
    ctx: Context
    layout: FormLayout
    ev: SelfEvaluation
    funds: Funds | None = None
    nature_cols: tuple[int, int] | None = None
    expecting_goals: bool = False
    state: dict[str, str | None] = field(default_factory=lambda: {"l1": None, "l2": None, "name": None})
    l1_cell: Cell | None = None
    l2_cell: Cell | None = None
    seen_subtotals: set[str] = field(default_factory=set)
    total_seen: bool = False  # a 总分 / 合计 row was read (a score printed in the head is not one)
    prev_row: list[Cell] | None = None  # the row read before, whose header cells may span this one
    transposed: TransposedFunds | None = None  # a sideways funds header waiting for its row of amounts

    @property
    def spec(self) -> FormSpec:
        return self.layout.spec

    # -- head fields ---------------------------------------------------------------
    def head_fields(self, row: list[Cell], keys: list[str]) -> bool:
        consumed = False
        for i, cell in enumerate(row):
            key = header_key(cell.text)
            if not key:
                continue
            label, colon, _ = key.partition(":")
            for attr, vocab in self.spec.fields.items():
                if vocab.match_key(key):
                    value = _next_value(row, i, self.spec)
                    text = join_lines(value.text) if value is not None else None
                elif colon and vocab.match_key(label):  # "填报日期：2022年8月10日": the value in the cell
                    value, text = cell, join_lines(cell.text).split("：", 1)[-1].split(":", 1)[-1].strip()
                else:
                    continue
                consumed = True
                self.ctx.use(cell)
                if value is not None and text and getattr(self.ev, attr, "absent") is None:
                    setattr(self.ev, attr, text)
                    self.ev.sources[attr] = self.ctx.src(value)
                    self.ctx.use(value)
                break
            else:
                consumed = self._investment(row, i, keys[i]) or self._head_total(row, i, key) or consumed
        return consumed

    def _head_total(self, row: list[Cell], i: int, key: str) -> bool:
        """A form's score printed in its head ("自评总分(分) | 97.6", or in one cell "自评总分：95"),
        before any indicator."""
        block = self.spec.indicators
        if block is None or self.layout.indicators is not None:
            return False  # after the indicator header a 总分 row is the total row's to read
        label, _, inline = key.partition(":")
        if "分" not in label or not block.total.match_key(label):
            return False
        if self.ev.stated_total_score is not None:
            return False
        value = parse_number(inline) if inline else None
        if value is not None:
            self.ev.stated_total_score = value
            self.ev.sources["stated_total_score"] = self.ctx.src(row[i])
            self.ctx.use(row[i])
            return True
        cell = _next_number(row, i, self.spec)
        if cell is None:
            return False
        self._set("stated_total_score", cell)
        self.ctx.use(row[i])
        return True

    def _investment(self, row: list[Cell], i: int, k: str) -> bool:
        if k.startswith("项目总投资") or (
            k in ("其中:财政拨款", "其中：财政拨款") and self.layout.funds is None
        ):
            cell = _next_number(row, i, self.spec)
            funds = self._funds()
            attr = "total_investment" if k.startswith("项目总投资") else "total_investment_appropriation"
            if cell is not None:
                setattr(funds, attr, self._money(cell))
                funds.sources[attr] = self.ctx.src(cell)
                self.ctx.use(cell)
            self.ctx.use(row[i])
            return True
        if k.startswith("支出方向名称"):
            cell = _next_value(row, i, self.spec)
            if cell is not None and parse_number(cell.text) is None:
                self.ev.sub_item = join_lines(cell.text)
                self.ev.sources["sub_item"] = self.ctx.src(cell)
                self.ctx.use(cell)
            self.ctx.use(row[i])
            return True
        if k.startswith("项目总实施期"):
            self.ctx.use(row[i])
            return True
        return False

    # -- funds -----------------------------------------------------------------------
    def _funds(self) -> Funds:
        if self.funds is None:
            self.funds = Funds()
        return self.funds

    def _money(self, cell: Cell) -> Decimal | None:
        value = parse_number(cell.text)
        if value is None:
            return None
        # an amount that prints its own unit ("10万", "3.5万元", "1200元") is in that unit
        m = _CELL_UNIT.search(squash(cell.text))
        unit = {"万": "万元"}.get(m.group(1), m.group(1)) if m else self.layout.amount_unit
        return Amount(value, unit).wan()

    def funds_header_row(self, row: list[Cell]) -> bool:
        full = merged_tail(self.prev_row, row)
        header = funds_header(full, self.spec)
        if header is None:
            return False
        self.layout.funds = header
        self.transposed = transposed_funds_header(full, self.spec)
        funds = self._funds()
        # the points of the execution row printed in a heading when no column holds them:
        # "预算执行情况（万元）（20分）", "得分（20分*执行率）"
        if "max_score" not in header and funds.max_score is None:
            heads = [c.anchor if c.anchor is not None else c for c in full]
            top = next((m for c in heads if (m := points_in(c.text)) is not None), None)
            if top is not None:
                funds.max_score = top
                funds.sources["max_score"] = self.ctx.src(next(c for c in heads if points_in(c.text) == top))
        above = self.prev_row if full is not row or any(c.covered for c in row) else []
        unit = self.spec.amount_unit.declared_in(" ".join(header_text(c) for c in [*(above or []), *full]))
        if unit is not None:
            self.layout.amount_unit = unit
        self.ctx.use(*row)
        return True

    def nature_rows(self, row: list[Cell], keys: list[str]) -> bool:
        if any(k.startswith("按收入性质分") for k in keys):
            src_i = next(i for i, k in enumerate(keys) if k.startswith("按收入性质分"))
            nat_i = next((i for i, k in enumerate(keys) if k.startswith("按支出性质分")), src_i + 1)
            self.nature_cols = (src_i, nat_i)
            self.ctx.use(*row)
            return True
        if self.nature_cols is not None and not any(re.search(r"[:：]", c.text) for c in row[1:]):
            self.nature_cols = None
        if self.nature_cols is None or self.layout.indicators is not None or any("目标" in k for k in keys):
            return False
        funds = self._funds()
        for which, col in zip(("by_source", "by_nature"), self.nature_cols, strict=True):
            cell = _cell(row, col)
            if cell is None or not squash(cell.text):
                continue
            text = join_lines(cell.text).removeprefix("其中：").removeprefix("其中:").strip()
            m = re.match(r"^(.*?)[：:]\s*(.*)$", text)
            if not m:
                continue
            bucket = funds.by_source if which == "by_source" else funds.by_nature
            bucket[m.group(1).strip()] = parse_number(m.group(2).strip())
            self.ctx.use(cell)
        funds.by_source = dict(funds.by_source)
        funds.by_nature = dict(funds.by_nature)
        return True

    def transposed_row(self, row: list[Cell]) -> bool:
        """The one row of amounts under a transposed funds header: the total's budget in the 合计
        column, its 执行数 / 执行率 / 得分, and each source column a row of its own."""
        sideways = self.transposed
        if sideways is None or self.layout.indicators is not None:
            return False
        cells = by_column(row) if len(row) < max(sideways.kinds) + 1 else row
        if not any(parse_number(c.text) is not None for c in cells):
            return False
        self.transposed = None
        funds = self._funds()
        rows: list[FundsRow] = []
        for col, kind in sorted(sideways.kinds.items(), key=lambda kv: kv[1] != "total"):
            cell = _cell(cells, col)
            head = _cell(self.prev_row or [], col)
            frow = FundsRow(kind=_ROW_KINDS[kind], label=join_lines(header_text(head)) if head else None)
            if cell is not None and parse_number(cell.text) is not None:
                frow.annual_budget = self._money(cell)
                frow.sources["annual_budget"] = self.ctx.src(cell)
                self.ctx.use(cell)
            elif kind != "total":
                continue
            if kind == "total":
                spent = _cell(cells, sideways.at.get("executed"))
                if spent is not None and parse_number(spent.text) is not None:
                    frow.executed = self._money(spent)
                    frow.sources["executed"] = self.ctx.src(spent)
                    self.ctx.use(spent)
                sides: tuple[tuple[str, Role], ...] = (
                    ("stated_execution_rate", "rate"),
                    ("stated_score", "score"),
                )
                for attr, role in sides:
                    cell = _cell(cells, sideways.at.get(role))
                    value = parse_number(cell.text) if cell is not None else None
                    if cell is not None and value is not None:
                        setattr(funds, attr, value)
                        funds.sources[attr] = self.ctx.src(cell)
                        self.ctx.use(cell)
            rows.append(frow)
        funds.rows = [*funds.rows, *rows]
        return True

    def funds_row(self, row: list[Cell]) -> bool:
        cols = self.layout.funds
        if cols is None or self.layout.indicators is not None or self.expecting_goals:
            return False
        first_money = min(v for r, v in cols.items() if r in _MONEY)
        label_cell, label = _funds_label(row, first_money)
        kind = funds_row_kind(self.spec, label) if label_cell is not None else None
        if kind is None or label_cell is None:
            return False
        funds = self._funds()
        offset = row.index(label_cell) - (first_money - 1)
        frow = FundsRow(kind=kind, label=join_lines(label))
        self.ctx.use(label_cell)
        any_value = False
        for attr in ("initial_budget", "annual_budget", "executed"):
            cell = _cell(row, cols[attr] + offset) if attr in cols else None
            if cell is not None and parse_number(cell.text) is not None:
                setattr(frow, attr, self._money(cell))
                frow.sources[attr] = self.ctx.src(cell)
                self.ctx.use(cell)
                any_value = True
        if not any_value:
            frow.sources["label"] = self.ctx.src(label_cell)
        if kind == FundsRowKind.TOTAL:
            for attr, role in (
                ("max_score", "max_score"),
                ("stated_execution_rate", "rate"),
                ("stated_score", "score"),
            ):
                cell = _cell(row, cols[role] + offset) if role in cols else None
                if cell is not None and parse_number(cell.text) is not None:
                    setattr(funds, attr, parse_number(cell.text))
                    funds.sources[attr] = self.ctx.src(cell)
                    self.ctx.use(cell)
        funds.rows = [*funds.rows, frow]
        return True

    # -- goals -----------------------------------------------------------------------
    def goals(self, row: list[Cell], keys: list[str]) -> bool:
        block = self.spec.goals
        if block is None:
            return False
        at = _roles(row, dict(block.columns))
        if "expected_goal" in at and "achieved_goal" in at and self.layout.indicators is None:
            if indicator_header(row, self.spec) is not None:
                return False
            self.layout.goals = (at["expected_goal"], at["achieved_goal"])
            self.expecting_goals = True
            self.ctx.use(*row)
            return True
        if not self.expecting_goals or self.layout.goals is None or self.layout.indicators is not None:
            return False
        self.expecting_goals = False
        if indicator_header(row, self.spec) is not None or any(
            k.startswith("评价内容") or k.endswith("完成情况") for k in keys[:2]
        ):
            return False
        for attr, col in zip(("expected_goal", "achieved_goal"), self.layout.goals, strict=True):
            cell = _cell(row, col)
            if cell is not None and squash(cell.text):
                setattr(self.ev, attr, tidy_block(cell.text))
                self.ev.sources[attr] = self.ctx.src(cell)
                self.ctx.use(cell)
        return True

    # -- indicators ------------------------------------------------------------------
    def indicator_header_row(self, row: list[Cell]) -> bool:
        cols = indicator_header(merged_tail(self.prev_row, row), self.spec)
        if cols is None:
            return False
        self.layout.indicators = cols
        self.ctx.use(*row)
        return True

    def total_row(self, row: list[Cell], keys: list[str]) -> bool:
        block = self.spec.indicators
        joined = "".join(keys)
        is_total = [i for i, k in enumerate(keys) if k and block is not None and block.total.match(k)]
        inline = [i for i, k in enumerate(keys) if k.startswith("总分") or "综合得分" in k]
        candidates = is_total or inline
        label_i = candidates[0] if candidates else None
        if label_i is None or (self.layout.indicators is None and "综合得分" not in joined):
            return False
        self.total_seen = True
        nums = _numbers(row, label_i + 1)
        inline_value = parse_number(re.sub(r"^.*?(总分|综合得分|合计)[:：]?", "", keys[label_i]))
        self.ctx.use(row[label_i])
        if len(nums) >= 2:
            self._set("stated_total_max", nums[0])
            self._set("stated_total_score", nums[1])
        elif len(nums) == 1:
            kind = self._lone_total_column(row, nums[0]) or lone_total(
                self.ev.indicators, self.funds, parse_number(nums[0].text)
            )
            self._set("stated_total_max" if kind == "max" else "stated_total_score", nums[0])
        elif inline_value is not None:
            self.ev.stated_total_score = inline_value
            self.ev.sources["stated_total_score"] = self.ctx.src(row[label_i])
        m = _GRADE_RX.search(" ".join(c.text for c in row))
        if m:
            grade_cell = next((c for c in row if _GRADE_RX.search(c.text)), row[label_i])
            self.ev.stated_grade = m.group(1)
            self.ev.sources["stated_grade"] = self.ctx.src(grade_cell)
            self.ctx.use(grade_cell)
        return True

    def _lone_total_column(self, row: list[Cell], number: Cell) -> str | None:
        """The 合计 row's one figure by the column it stands under — "max" under 分值/权重, "score"
        under 得分 — counted in printed columns (each cell's span) in the header and in this row,
        so merged cells on either side do not shift it (None when it stands under neither): a
        form's tail sums 分值 90 under 权重 but prints 100 with its lost funds row."""
        cols = self.layout.indicators
        if cols is None:
            return None
        at = next((start for start, c in zip(printed_columns(row), row, strict=True) if c is number), None)
        if at is None:
            return None
        under: tuple[tuple[Role, str], ...] = (("max_score", "max"), ("score", "score"))
        for role, kind in under:
            span = cols.spans.get(role)
            if span is not None and span[0] <= at < span[1]:
                return kind
        return None

    def _set(self, attr: str, cell: Cell) -> None:
        setattr(self.ev, attr, parse_number(cell.text))
        self.ev.sources[attr] = self.ctx.src(cell)
        self.ctx.use(cell)

    def grade_row(self, row: list[Cell], keys: list[str]) -> bool:
        label_i = next(
            (i for i, k in enumerate(keys) if k and self.spec.grade.match_key(header_key(k))), None
        )
        if label_i is None:
            label_i = next((i for i, k in enumerate(keys) if k.startswith(("评价等次", "评价等级"))), None)
        if label_i is None:
            return False
        cell = _next_value(row, label_i, self.spec)
        if cell is not None:
            self.ev.stated_grade = join_lines(cell.text)
            self.ev.sources["stated_grade"] = self.ctx.src(cell)
            self.ctx.use(row[label_i], cell)
        return True

    def note_row(self, row: list[Cell], keys: list[str]) -> bool:
        """The form's printed note under its 总分 row ("注：1.一级指标分值统一设置为：产出指标50分…"): kept
        as the form's 备注, where the checks read the weights and grade bands the form fixes for itself."""
        filled = {k for k in keys if k}
        if not self.total_seen or len(filled) != 1 or not _NOTE_START.match(next(iter(filled))):
            return False
        cell = next(c for c, k in zip(row, keys, strict=True) if k)
        note = join_lines(cell.text)
        self.ev.grade_note = note if self.ev.grade_note is None else self.ev.grade_note + note
        self.ev.sources.setdefault("grade_note", self.ctx.src(cell))
        self.ctx.use(*(c for c, k in zip(row, keys, strict=True) if k))
        return True

    def indicator_row(self, row: list[Cell]) -> None:
        cols = self.layout.indicators
        if cols is None:
            return
        cells = _indicator_cells(row, cols)
        self._levels(cells["level1"], cells["level2"])
        name = _text_of(cells["name"])
        target = _text_of(cells["target"])
        comparator = cells["target_comparator"]
        if target is None and comparator is not None and comparator.col_span > 1:
            target = _text_of(comparator)  # one value merged over 指标性质 / 指标值 / 度量单位 ("有效")
            comparator = None
        if target is not None and (comparator is not None or cells["target_unit"] is not None):
            # 指标性质 / 指标值 / 度量单位 printed in three columns: one target "≤30万元"
            target = "".join(t for t in (_text_of(comparator), target, _text_of(cells["target_unit"])) if t)
        actual = _text_of(cells["actual"])
        max_score = parse_number(cells["max_score"].text) if cells["max_score"] is not None else None
        score = parse_number(cells["score"].text) if cells["score"] is not None else None
        if cols.name_is_target:
            name = target
        if not any((name, target, actual, max_score is not None, score is not None)):
            return
        if (
            name is not None
            and is_filler(name)
            and not any((actual, max_score is not None, score is not None))
        ):
            return  # a template's unfilled row: "指标2：", "……"
        name = name or self.state["name"]
        if name is None:
            self.ctx.issue(row[0], "指标行没有三级指标名称，未能归入", " | ".join(c.text for c in row))
            return
        self.state["name"] = name
        self._add_indicator(row, cells, name, target, actual, max_score, score)

    def _levels(self, c_l1: Cell | None, c_l2: Cell | None) -> None:
        if c_l1 is not None and squash(c_l1.text) and not is_placeholder(c_l1.text):
            raw = join_lines(c_l1.text)
            self.state.update(l1=raw, l2=None, name=None)
            self.l1_cell = c_l1
            self.ctx.use(c_l1)
            hmax = heading_max(c_l1.text)
            if hmax is not None and raw not in self.seen_subtotals:
                self.seen_subtotals.add(raw)
                self.ev.subtotals = [
                    *self.ev.subtotals,
                    StatedSubtotal(label=raw, level1=level1_of(raw), max_score=hmax, where="表头"),
                ]
        if c_l2 is not None and squash(c_l2.text) and not is_placeholder(c_l2.text):
            self.state.update(l2=join_lines(c_l2.text), name=None)
            self.l2_cell = c_l2
            self.ctx.use(c_l2)

    def _add_indicator(
        self,
        row: list[Cell],
        cells: dict[str, Cell | None],
        name: str,
        target: str | None,
        actual: str | None,
        max_score: Decimal | None,
        score: Decimal | None,
    ) -> None:
        l2_raw = self.state["l2"]
        level2 = level2_of(l2_raw) if l2_raw else Level2.OTHER
        l1_raw = self.state["l1"]
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
            deviation_note=_text_of(cells["note"]),
        )
        c_name = cells["name"]
        name_cell = c_name if c_name is not None and _text_of(c_name) else (cells["target"] or row[0])
        ind.sources["name"] = self.ctx.src(name_cell)
        for attr, role in (
            ("target_raw", "target"),
            ("actual_raw", "actual"),
            ("max_score", "max_score"),
            ("score", "score"),
            ("deviation_note", "note"),
        ):
            cell = cells[role]
            if cell is not None and getattr(ind, attr) is not None:
                ind.sources[attr] = self.ctx.src(cell)
        if self.l1_cell is not None and l1_raw is not None:
            ind.sources["level1_raw"] = self.ctx.src(self.l1_cell)
        if self.l2_cell is not None and l2_raw is not None:
            ind.sources["level2_raw"] = self.ctx.src(self.l2_cell)
        self.ctx.use(*(cells[r] for r in ("name", "target", "actual", "max_score", "score", "note")))
        self.ev.indicators = [*self.ev.indicators, ind]


def as_percent(rate: Decimal | None, budget: Decimal | None, spent: Decimal | None) -> Decimal | None:
    """A 执行率 printed as a fraction (a spreadsheet cell 0.95 without its "%" format) in percent, when
    执行数 ÷ 预算数 says so (0.95 beside 95 of 100 → 95); any other figure as printed."""
    if rate is None or not budget or spent is None or not (0 < rate <= 2):
        return rate
    ratio = spent / budget
    if abs(ratio - rate) < Decimal("0.006") and abs(ratio * 100 - rate) > Decimal("0.6"):
        return rate.scaleb(2)  # 0.958 → 95.8: the printed precision kept
    return rate


def lone_total(indicators: Sequence[Indicator], funds: Funds | None, value: Decimal | None) -> str:
    """Whether the one figure of a 合计 row is its 分值 ("max") or its 得分 ("score"): the 分值 when it
    equals the sum of the printed 分值 (the funds row's included) and not the sum of the scores."""
    if value is None:
        return "score"
    tops = [i.max_score for i in indicators if i.max_score is not None]
    scores = [i.score for i in indicators if i.score is not None]
    funds_top = funds.max_score if funds is not None and funds.max_score is not None else Decimal(0)
    funds_score = funds.stated_score if funds is not None and funds.stated_score is not None else Decimal(0)
    top = sum(tops, Decimal(0))
    if (
        tops
        and value in (top, top + funds_top)
        and value
        not in (
            sum(scores, Decimal(0)),
            sum(scores, Decimal(0)) + funds_score,
        )
    ):
        return "max"
    return "score"


def _funds_label(row: Sequence[Cell], first_money: int) -> tuple[Cell | None, str]:
    """The cell labelling a funds row and its text: a cell of its own before the money columns, else
    any text cell, else the block's cell merged down beside the row ("部门预算执行情况" spanning the
    header and the one row of figures)."""
    for cells in (row[:first_money], row):
        cell = next((c for c in cells if squash(c.text) and parse_number(c.text) is None), None)
        if cell is not None:
            return cell, cell.text
    for c in row[:first_money]:
        if c.anchor is not None and squash(c.anchor.text):
            return c, c.anchor.text
    return None, ""


def points_in(text: str) -> Decimal | None:
    """The points a funds heading prints for the execution row: "（20分）", "得分（20分*执行率）"."""
    flat = squash(halfwidth(text))
    if not re.search(r"[（(]", flat):
        return None
    m = _POINTS.search(flat)
    return Decimal(m.group(1)) if m else None


_points_in = points_in  # the name stream_forms.py imports (to be moved to points_in)


def _text_of(cell: Cell | None) -> str | None:
    if cell is None or is_placeholder(cell.text):
        return None
    return join_lines(cell.text) or None


def parse_form_rows(
    ctx: Context,
    table_index: int,
    start: int,
    end: int,
    scope: Scope,
    title: Item | None,
    spec: FormSpec | None = None,
) -> SelfEvaluation:
    """Read one self-evaluation form from rows ``start`` to ``end`` (exclusive) of a table."""
    table = ctx.tables[table_index]
    rows = table.rows[start:end]
    chosen, confidence = (spec, 1.0) if spec is not None else choose_spec(rows, scope)
    ev = SelfEvaluation(scope=scope)
    layout = FormLayout(chosen, confidence, amount_unit=chosen.amount_unit.default)
    before = " ".join(it.text for it in ctx.paragraphs_before(table_index, 3)) if start == 0 else ""
    head = " ".join(c.text for row in rows[: _head_rows(rows, chosen)] for c in row)
    layout.amount_unit = chosen.amount_unit.declared_in(before + " " + head) or layout.amount_unit
    if title is not None:
        ev.title = title.joined.strip()
        ev.sources["title"] = ctx.src(title)
        ctx.use(title)
    reader = _Reader(ctx, layout, ev)
    _READERS[id(ev)] = reader
    _read_rows(reader, rows, ends_table=end >= len(table.rows))
    return ev


def _head_rows(rows: Sequence[list[Cell]], spec: FormSpec) -> int:
    """How many rows form the head, where an amount unit may be declared: those before the funds
    or indicator header (at least two, at most ten; two when no header is found there)."""
    for i, row in enumerate(rows[:10]):
        if funds_header(row, spec) is not None or indicator_header(row, spec) is not None:
            return max(i, 2)
    return 2


_READERS: dict[int, _Reader] = {}  # the reader of each form read in this process, to continue it


def continue_form(ctx: Context, table_index: int, ev: SelfEvaluation, between: Sequence[Item] = ()) -> bool:
    """Read a table with no header of its own as the continuation of ``ev`` (the next page of a
    form whose table broke at the page end): its rows keep the columns of the form's header. Level
    headings of cells merged across the page break, printed between the two tables, are taken in."""
    reader = _READERS.get(id(ev))
    if reader is None or reader.ev is not ev or reader.layout.indicators is None:
        return False
    for item in between:
        if is_level1_label(item.text):
            reader.state.update(l1=join_lines(item.text), l2=None, name=None)
            ctx.use(item)
        elif is_level2_label(item.text):
            reader.state.update(l2=join_lines(item.text), name=None)
            ctx.use(item)
    rows = ctx.tables[table_index].rows
    before = len(ev.indicators), ev.stated_total_score
    ev.truncated = False
    _read_rows(reader, rows, ends_table=True)
    return (len(ev.indicators), ev.stated_total_score) != before


def _read_rows(reader: _Reader, rows: Sequence[list[Cell]], *, ends_table: bool) -> None:
    ev, layout, ctx = reader.ev, reader.layout, reader.ctx
    for row in rows:
        ctx.deadline.check()
        if _read_row(reader, row) == "stop":
            break
        reader.prev_row = row
    if ev.indicators and not reader.total_seen and ends_table:
        ev.truncated = True  # the table ends before its 总分 row (an excerpt, or a page break)
    if reader.funds is not None:
        if layout.amount_unit != "万元":
            reader.funds.amount_unit = layout.amount_unit
        ev.funds = reader.funds
    ev.layout = layout.spec.id


def _read_row(reader: _Reader, row: list[Cell]) -> str | None:
    keys = [squash(c.text) for c in row]
    if not "".join(keys) or all(is_placeholder(c.text) for c in row):
        return None
    first_key = next((k for k in keys if k), "")
    if (
        reader.layout.indicators is not None
        and re.match(r"^[一二三四五六七八九十]+、", first_key)
        and sum(bool(k) and not is_placeholder(k) for k in keys) == 1
    ):
        return "stop"  # a section heading after the form ("三、自评结论"), not a numbered indicator row
    steps: tuple[Callable[[], bool], ...] = (
        lambda: reader.head_fields(row, keys),
        lambda: reader.funds_header_row(row),
        lambda: reader.nature_rows(row, keys),
        lambda: reader.transposed_row(row),
        lambda: reader.funds_row(row),
        lambda: reader.goals(row, keys),
        lambda: reader.indicator_header_row(row),
        lambda: reader.total_row(row, keys),
        lambda: reader.grade_row(row, keys),
        lambda: reader.note_row(row, keys),
    )
    for step in steps:
        if step():
            return None
    reader.indicator_row(row)
    return None


# ---------------------------------------------------------------------------- cells


def _cell(row: Sequence[Cell], i: int | None) -> Cell | None:
    if i is None or i < 0 or i >= len(row):
        return None
    return row[i]


def _is_label(spec: FormSpec, text: str) -> bool:
    key = header_key(text)
    return any(v.match_key(key) for v in spec.fields.values()) or key in (
        "项目总投资",
        "财政拨款",
        "支出方向名称",
        "项目总实施期",
    )


def _next_value(row: Sequence[Cell], i: int, spec: FormSpec) -> Cell | None:
    j = i + 1
    while j < len(row):
        key = squash(row[j].text)
        if _is_label(spec, row[j].text) or (key.endswith(":") and len(key) < 16):
            j += 1
            continue
        return row[j] if key else None
    return None


def _next_number(row: Sequence[Cell], i: int, spec: FormSpec) -> Cell | None:
    for cell in row[i + 1 :]:
        if parse_number(cell.text) is not None:
            return cell
        if squash(cell.text) and not _is_label(spec, cell.text):
            return None
    return None


def _numbers(row: Sequence[Cell], start: int = 0) -> list[Cell]:
    return [c for c in row[start:] if parse_number(c.text) is not None]


def printed_columns(row: Sequence[Cell]) -> list[int]:
    """The printed column each cell of ``row`` starts at: the spans of the cells before it."""
    out: list[int] = []
    col = 0
    for cell in row:
        out.append(col)
        col += max(cell.col_span, 1)
    return out


def by_column(row: Sequence[Cell]) -> list[Cell]:
    """``row`` with one entry per printed column: a cell merged across columns ("有效" over 指标性质 |
    指标值 | 度量单位) is followed by empty placeholders for the columns it covers, where the reader
    left none, so the header's column numbers find the cells after it."""
    out: list[Cell] = []
    for i, cell in enumerate(row):
        out.append(cell)
        if cell.anchor is not None or cell.col_span <= 1:
            continue
        given = 0
        while (
            i + 1 + given < len(row) and given < cell.col_span - 1 and row[i + 1 + given].anchor is not None
        ):
            given += 1
        out.extend(replace(cell, text="", anchor=cell, lines=[]) for _ in range(cell.col_span - 1 - given))
    return out


def _indicator_cells(row: Sequence[Cell], cols: IndicatorColumns) -> dict[str, Cell | None]:
    if (
        cols.one_column_cells
        and cols.get("target_comparator") is not None
        and cols.get("target_unit") is not None
    ):
        row = by_column(row)  # 指标性质 / 指标值 / 度量单位: one value may be merged over the three
    offset = 0
    found = False
    lvl1, lvl2 = cols.get("level1"), cols.get("level2")
    if lvl1 is not None:
        for i, c in enumerate(row):
            if is_level1_label(c.text):
                offset, found = i - lvl1, True
                break
    if not found and lvl2 is not None:
        for i, c in enumerate(row):
            if is_level2_label(c.text):
                offset, found = i - lvl2, True
                break
    if not found:
        offset = _rowspan_offset(row, cols)
    roles: tuple[Role, ...] = (
        "level1",
        "level2",
        "name",
        "target_comparator",
        "target",
        "target_unit",
        "actual",
        "max_score",
        "score",
        "note",
    )
    out: dict[str, Cell | None] = {}
    for r in roles:
        at = cols.get(r)
        out[r] = None if at is None else _cell(row, at + offset)
    return out


def _rowspan_offset(row: Sequence[Cell], cols: IndicatorColumns) -> int:
    """A row printed without the cells merged down from the rows above it (an HTML table written out
    one row a line gives a rowspan cell once) has its cells under the header's last columns. Its end
    is the row's last cell, or — for a pipe row padded with empty cells to the table's width
    ("… | 5.0 | ||||||") — its last non-empty one; an empty last cell may also be a real empty 备注."""
    width = max(cols.at.values(), default=-1) + 1
    ends = [len(row)]
    printed = len(row)
    while printed and row[printed - 1].anchor is None and not row[printed - 1].text.strip():
        printed -= 1
    if printed < len(row):
        ends.append(printed)
    if _misplaced_by(row, cols, 0) == 0:
        return 0
    for end in ends:
        right = end - width
        if (
            0 < end < width
            and _misplaced_by(row, cols, right) == 0
            and any(_number_under(row, cols, role, right) for role in ("max_score", "score"))
        ):
            return right
    return 0


def _number_under(row: Sequence[Cell], cols: IndicatorColumns, role: Role, offset: int) -> bool:
    at = cols.get(role)
    cell = _cell(row, at + offset) if at is not None else None
    return cell is not None and parse_number(cell.text.strip()) is not None


_VALUE_CELL = re.compile(
    r"^(?:[≥≤><=≧≦＞＜]|不低于|不少于|不高于|不超过|大于等于|小于等于)?\s*\d[\d.,]*\s*[%％]?[^\d\s、.，,:：]{0,3}$"
)
"""A cell that is a value ("≧500亩", "500亩", "95%"), not an indicator's name."""


def _misplaced_by(row: Sequence[Cell], cols: IndicatorColumns, offset: int) -> int:
    """How many cells read with ``offset`` do not look like their role: a figure for a name, words
    for a 分值 or 得分, a name or a score that falls outside the row."""
    bad = 0
    for role in ("level1", "level2", "name", "max_score", "score"):
        at = cols.get(role)
        if at is None:
            continue
        cell = _cell(row, at + offset)
        text = cell.text.strip() if cell is not None else ""
        if cell is None:
            bad += role in ("name", "max_score")
        elif role == "level1":
            bad += bool(text) and not is_level1_label(text) and not is_level2_label(text)
        elif role == "level2":
            bad += bool(text) and not is_level2_label(text) and not is_level1_label(text)
        elif role == "name":
            bad += bool(text) and (parse_number(text) is not None or _VALUE_CELL.match(text) is not None)
        else:
            bad += bool(text) and parse_number(text) is None
    return bad


def fraction_rates(ctx: Context, package: EvaluationPackage) -> None:
    """Every form's 执行率 printed as a fraction ("0.958": an Excel cell without its percent format) in
    percent when its figures say so (:func:`as_percent`), whichever reader read the form; a rate printed
    with its "%" ("0.96%") stays as printed."""
    forms = [*package.projects, *([package.overall] if package.overall is not None else [])]
    for ev in forms:
        funds = ev.funds
        total = funds.row(FundsRowKind.TOTAL) if funds is not None else None
        if funds is None or total is None or funds.stated_execution_rate is None:
            continue
        where = funds.sources.get("stated_execution_rate")
        if where is not None and "%" in (where.text or ""):
            continue
        funds.stated_execution_rate = as_percent(
            funds.stated_execution_rate, total.annual_budget, total.executed
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
