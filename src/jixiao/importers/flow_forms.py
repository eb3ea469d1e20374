"""An overall form's indicator block in PDF-extracted flowing text, where the table lost its cells.

The words come from the ``flow`` block of an ``overall-facts`` spec (:mod:`jixiao.layouts.flow`;
湖南 部门整体支出绩效自评表: 定性目标 预期目标 / 实际完成; 定量目标 评价内容 / 绩效目标 / 完成情况 with
"指标 N：" markers; 评分 / 等级 / 备注). What stays here is how wrapped cells are rebuilt, which no
spec can say: a line of the 绩效目标 column that is as wide as the column's first line, or whose next
word would not have fitted, continues on the next line; a line ending in "。" or "%" ends the cell.
Label cells of the first two columns, printed in pieces between the indicators, are told by how the
spec says their pieces open and end. (A 评分表 as flowing lines is read by its spec,
:func:`jixiao.importers.scoring_forms.parse_scoring_streams`; a 三公 table as lines by
:func:`jixiao.importers.three_public.parse_flow_three_public`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.layouts.flow import FlowIndicators
from jixiao.layouts.spec import specs
from jixiao.model import (
    EvaluationPackage,
    Indicator,
    Level1,
    Level2,
    Scope,
    SelfEvaluation,
)

from .context import Context, Item
from .forms import level1_from_level2, level1_of, level2_of
from .normalize import number_in_text

_CLOSING = "，。、；：）”%！？"


def width(text: str) -> int:
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def _next_token(line: str) -> str:
    m = re.match(r"[0-9A-Za-z.%≥≤><]+", line)
    token = m.group(0) if m else line[:1]
    rest = line[len(token) :]
    while rest and rest[0] in _CLOSING:
        token += rest[0]
        rest = rest[1:]
    return token


@dataclass
class _Chunk:
    marker: Item
    lines: list[Item] = field(default_factory=list)
    tail: list[Item] = field(default_factory=list)
    tail_text: list[str] = field(default_factory=list)
    l1: str | None = None
    l1_item: Item | None = None
    l2: str | None = None
    l2_item: Item | None = None


def _split(chunk: _Chunk) -> tuple[list[str], list[str]]:
    texts = [it.text.strip() for it in chunk.lines]
    if not texts:
        return [], []
    full = width(texts[0])
    target_end = len(texts)
    for i, t in enumerate(texts):
        if t.endswith(("。", "%")):
            target_end = i + 1
            break
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        continued = width(t) >= full - 1 or (nxt and width(t) + width(_next_token(nxt)) > full)
        if not continued:
            target_end = i + 1
            break
    if chunk.tail_text:
        # the rest of the target stood on a label line further down: keep only the full lines
        k = 0
        while k < len(texts) and width(texts[k]) >= full - 1 and not texts[k].endswith("。"):
            k += 1
        return texts[:k] + chunk.tail_text, texts[k:]
    return texts[:target_end], texts[target_end:]


def _actual_start(chunk: _Chunk, target_count: int) -> Item | None:
    """The line where the 实际完成值 begins (after the target lines, or after the full lines)."""
    if chunk.tail_text:
        k = 0
        while (
            k < len(chunk.lines)
            and width(chunk.lines[k].text.strip()) >= width(chunk.lines[0].text.strip()) - 1
            and not chunk.lines[k].text.strip().endswith("。")
        ):
            k += 1
        return chunk.lines[k] if k < len(chunk.lines) else None
    return chunk.lines[target_count] if target_count < len(chunk.lines) else None


def _done(chunk: _Chunk) -> bool:
    _target, actual = _split(chunk)
    return bool(actual) and actual[-1].endswith(("。",))


_NAME_VALUE = re.compile(
    r"^(.+?)\s*(?:≥|≤|>|<|大于等于|小于等于|大于|小于|不低于|不高于)?\s*\d[\d.]*\s*(?:%|万人|人|万元|元|个|次|户)$"
)


def indicator_name(target: str) -> str:
    """The 三级指标 name in a cell that fuses name and target ("养老保险待遇社会化发放率≥100%")."""
    m = _NAME_VALUE.match(target)
    if m and not re.search(r"\d", m.group(1)) and len(m.group(1)) >= 2:
        return m.group(1).rstrip("≥≤><").strip()
    return target


@dataclass
class _Labels:
    """The level-1 and level-2 label cells, printed in pieces between the indicators."""

    flow: FlowIndicators
    chunks: list[_Chunk] = field(default_factory=list)
    l1_parts: list[str] = field(default_factory=list)
    l1_open: bool = False
    l1_item: Item | None = None
    l2_parts: list[str] = field(default_factory=list)
    l2_open: bool = False
    l2_item: Item | None = None
    labels_mode: bool = False

    def grow_l1(self, text: str) -> None:
        self.l1_parts.append(text)
        self.l1_open = "）" not in text and ")" not in text
        for c in self.chunks:
            if c.l1_item is self.l1_item:
                c.l1 = "".join(self.l1_parts)

    def grow_l2(self, piece: str) -> None:
        self.l2_parts.append(piece)
        self.l2_open = not re.search(self.flow.level2_end, piece)
        for c in self.chunks:
            if c.l2_item is self.l2_item:
                c.l2 = "".join(self.l2_parts)


def _flows() -> Iterator[FlowIndicators]:
    for s in specs():
        if s.family == "overall-facts" and s.facts is not None and s.facts.flow is not None:
            yield s.facts.flow


def parse_flow_overall(ctx: Context, package: EvaluationPackage) -> None:
    """The overall form's indicator block as wrapped PDF lines, by the specs that say how it reads."""
    for flow in _flows():
        if package.overall is not None:
            return
        header = next((it for it in ctx.items if it.table is None and flow.header.match_key(it.key)), None)
        if header is not None:
            _read_flow(ctx, package, flow, header)


def _read_flow(ctx: Context, package: EvaluationPackage, flow: FlowIndicators, header: Item) -> None:
    ev = SelfEvaluation(scope=Scope.OVERALL)
    ctx.use(header)
    _flow_goals(ctx, flow, ev, header)
    labels = _Labels(flow)
    end_index = len(ctx.items)
    for item in ctx.items[header.index + 1 :]:
        ctx.deadline.check()
        if item.table is not None or re.match(flow.end, item.key):
            end_index = item.index
            break
        if item.key:
            _flow_line(ctx, labels, item)
    ev.indicators = [ind for chunk in labels.chunks if (ind := _flow_indicator(ctx, chunk)) is not None]
    _flow_end(ctx, flow, ev, end_index)
    if ev.indicators or ev.stated_total_score is not None:
        package.overall = ev


def _flow_line(ctx: Context, labels: _Labels, item: Item) -> None:
    """One line of the form: an indicator's marker, a piece of a label, or a line of the indicator."""
    text, key = item.text.strip(), item.key
    current = labels.chunks[-1] if labels.chunks else None
    m = re.match(labels.flow.marker, text)
    if m:
        chunk = _Chunk(marker=item)
        chunk.l1, chunk.l1_item = "".join(labels.l1_parts) or None, labels.l1_item
        chunk.l2, chunk.l2_item = "".join(labels.l2_parts) or None, labels.l2_item
        labels.chunks.append(chunk)
        labels.labels_mode = False
        ctx.use(item)
        if m.group(2):
            chunk.lines.append(item)
        return
    free = current is None or labels.labels_mode or _done(current)
    if re.match(labels.flow.level1_start, key):
        labels.l1_parts, labels.l1_open, labels.l1_item = [text], "）" not in text and ")" not in text, item
        labels.l2_parts, labels.l2_open, labels.l2_item = [], False, None
        labels.labels_mode = True
        ctx.use(item)
        return
    if _label_piece(labels, current, item, free):
        ctx.use(item)
        return
    if current is not None:
        current.lines.append(item)
        ctx.use(item)


def _label_piece(labels: _Labels, current: _Chunk | None, item: Item, free: bool) -> bool:
    """Whether the line continues (or opens) a label; the label is grown when it does."""
    text, key = item.text.strip(), item.key
    piece, _, tail = text.partition(" ")
    if (
        labels.l1_open
        and labels.l2_open
        and free
        and not re.search(labels.flow.level2_end, piece)
        and (width(text) > 10 or "）" in text or ")" in text)
    ):
        # both labels still run: the wider piece continues the level-1 label (its column is wider)
        labels.grow_l1(text)
        return True
    if labels.l2_open and (free or (tail.strip() and re.search(labels.flow.level2_end, piece))):
        labels.grow_l2(piece)
        if tail.strip() and current is not None:
            current.tail.append(item)
            current.tail_text.append(tail.strip())
        return True
    if free and re.match(labels.flow.level2_start, key):
        labels.l2_parts, labels.l2_item = [text], item
        labels.l2_open = not re.search(labels.flow.level2_end, key)
        return True
    if free and labels.l1_open:
        labels.grow_l1(text)
        return True
    return False


def _flow_indicator(ctx: Context, chunk: _Chunk) -> Indicator | None:
    target_lines, actual_lines = _split(chunk)
    target = "".join(target_lines)
    if not target:
        return None
    actual = "".join(actual_lines) or None
    l2_raw = chunk.l2
    level2 = Level2.OTHER if l2_raw is None or "、" in l2_raw else level2_of(l2_raw)
    l1_raw = chunk.l1
    level1 = (level1_of(l1_raw) if l1_raw else None) or level1_from_level2(level2)
    if level2 == Level2.SATISFACTION:
        level1 = Level1.SATISFACTION
    ind = Indicator(
        level1=level1,
        level1_raw=l1_raw,
        level2=level2,
        level2_raw=l2_raw,
        name=indicator_name(target),
        target_raw=target,
        actual_raw=actual,
    )
    ind.sources["name"] = ctx.src(chunk.marker)
    if chunk.lines:
        ind.sources["target_raw"] = ctx.src(chunk.lines[0], target)
    if actual is not None:
        first_actual = _actual_start(chunk, len(target_lines))
        if first_actual is not None:
            ind.sources["actual_raw"] = ctx.src(first_actual, actual)
    return ind


def _flow_end(ctx: Context, flow: FlowIndicators, ev: SelfEvaluation, end_index: int) -> None:
    """The total, the grade and the bands printed under the form."""
    for item in ctx.items[end_index : end_index + 8]:
        m = re.search(flow.total, item.text)
        if m:
            ev.stated_total_score = number_in_text(m.group(1))
            ev.stated_grade = m.group(2)
            ev.sources["stated_total_score"] = ctx.src(item, m.group(0))
            ev.sources["stated_grade"] = ctx.src(item, m.group(0))
            ctx.use(item)
        if re.match(flow.note, item.key) and any(w in item.key for w in flow.note_words):
            parts = [re.sub(flow.note + r"\s*", "", item.text.strip())]
            ctx.use(item)
            nxt = ctx.items[item.index + 1] if item.index + 1 < len(ctx.items) else None
            if not parts[0].endswith("。") and nxt is not None and nxt.table is None:
                parts.append(nxt.text.strip())
                ctx.use(nxt)
            ev.grade_note = "".join(parts)
            ev.sources["grade_note"] = ctx.src(item)
            ctx.use(ctx.items[end_index])


def _flow_goals(ctx: Context, flow: FlowIndicators, ev: SelfEvaluation, header: Item) -> None:
    start = next(
        (it for it in ctx.items[max(0, header.index - 60) : header.index] if flow.goals.match_key(it.key)),
        None,
    )
    if start is None:
        return
    ctx.use(start)
    paragraphs: list[list[Item]] = [[]]
    for item in ctx.items[start.index + 1 : header.index]:
        text = item.text.strip()
        if not text:
            continue
        if len(paragraphs) > 2 or re.match(flow.goal_noise, item.key):
            ctx.use(item)
            continue
        paragraphs[-1].append(item)
        ctx.use(item)
        if text.endswith("。"):
            paragraphs.append([])
    texts = ["".join(i.text.strip() for i in p) for p in paragraphs if p]
    if texts:
        ev.expected_goal = texts[0]
        ev.sources["expected_goal"] = ctx.src(paragraphs[0][0])
    if len(texts) > 1:
        ev.achieved_goal = texts[1]
        ev.sources["achieved_goal"] = ctx.src(paragraphs[1][0])
