"""Self-evaluation forms whose table was flattened into a stream of words.

Web archives, WPS/Word attachments turned into text and PDF text layers often keep a form's cells
but lose its grid: "年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974 上年结转资金 …" on one
line, one cell per line, or cells ending in " |". Empty cells vanish, or stand as "-", "/", "……",
an empty "|" cell.

The header words fix the columns: the run of header cells of the funds block and of the indicator
block is matched against the form specs (:mod:`jixiao.layouts`), which gives the columns in their
printed order. The values that follow are then assigned by the header's grammar — a funds row is a
label and its numbers; an indicator row is [一级] [二级] 三级指标 then the remaining columns in order,
each of a declared kind (score columns hold numbers, 指标性质 a comparator, 度量单位 a unit), any of
them possibly empty — choosing, per row, the reading that fills the most columns and leaves the next
row a proper start. Every value keeps the line it came from and the header it was read under.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

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
    specs,
)
from jixiao.layouts.labels import is_filler
from jixiao.layouts.segment import continues_run, is_run_together, segment
from jixiao.layouts.spec import Role, best_spec, national_spec, self_evaluation_specs
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

from .blocks import Loc
from .context import Context, Item
from .forms import _NOTE_START, funds_row_kind, lone_total, points_in
from .normalize import parse_number

_PLACEHOLDERS = {"-", "—", "——", "/", "／", "…", "……", "...", "······", "\\", "无", "－", "∅"}
_COMPARATORS = re.compile(
    r"^(≥|≤|>|<|=|﹦|＝|═|≧|≦|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过|不大于|不小于)$"
)
_UNITS = re.compile(
    r"^(%|％|‰|万元|元|亿元|个|人|万人|人次|次|户|万户|天|日|月|年|项|台|辆|件|份|家|所|座|公里|千米|米|平方米|亩|吨|分|篇|期|批|场|套|本|条|间|张|课时|学时|元/人|元/月)$"
)
_SCORE_MARK = re.compile(r"^[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]?$")
_GLUED_FIGURES = re.compile(r"^\d[\d.]*\d[%％]?$")
_AMOUNT = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(万元|亿元|元|万)$")  # an amount printing its unit: "10万"
_MONEY: tuple[Role, ...] = ("initial_budget", "annual_budget", "received", "executed")
# a self-evaluation's funds header scores the execution; a budget or 决算 table's money columns do not
_SCORING: frozenset[Role | None] = frozenset({"rate", "max_score", "score"})
_POINTS = re.compile(r"^\d+(?:\.\d+)?\s*分$")  # a 总分 printed with its unit: "99.55分"


_STRAY_REACH = 40
"""How many cells before an indicator header a stray header cell of it is looked for."""


def _points(text: str) -> str:
    return text.strip().removesuffix("分").strip()


_GRADE = re.compile(r"^(优秀|优|良好|良|中等|中|较差|差|合格|不合格)$")


@dataclass
class Tok:
    """One cell of a flattened form: its text, the line item it came from, whether it is an empty cell."""

    text: str
    item: Item
    empty: bool = False
    run: bool = False  # cut from a run-together line: its digits may hold several cells
    guessed: bool = False  # cut out of a run of figures where no printed rate confirmed the cut

    @property
    def key(self) -> str:
        return header_key(self.text)

    @property
    def is_filler(self) -> bool:
        """A template's unfilled row marker: "指标2：", "指标1:/", "……"."""
        return not self.empty and is_filler(self.text)

    @property
    def is_number(self) -> bool:
        return not self.empty and bool(_NUMBER.match(self.text.replace(" ", "")))

    @property
    def is_amount(self) -> bool:
        """A number, an amount that prints its own unit ("10万", "3.5万元"), or figures of a run-together
        line glued into one ("194.9194.9100%"), which the funds reader cuts by the columns."""
        if self.empty:
            return False
        text = self.text.replace(" ", "")
        return self.is_number or bool(_AMOUNT.match(text)) or (self.run and bool(_GLUED_FIGURES.match(text)))


# ---------------------------------------------------------------------------- tokens


def _cells_of_line(text: str) -> list[tuple[str, bool]]:
    line = text.strip().replace("\u3000", " ").replace("\xa0", " ")
    if "|" in line:
        pieces = line.split("|")
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]  # the terminator of the last cell
        return [(p.strip(), not p.strip()) for p in pieces]
    return [(p, False) for p in re.split(r"\s+", line) if p]


def tokens(items: Sequence[Item]) -> list[Tok]:
    """The cells of a run of text lines, in reading order, with empty cells kept where printed."""
    out: list[Tok] = []
    running = False  # the lines after a run-together form line are its next pages ("2、…", "3、…")
    for item in items:
        running = is_run_together(item.text) or (running and continues_run(item.text))
        if running:
            out.extend(Tok(text, item, text in _PLACEHOLDERS, run=True) for text in segment(item.text))
            continue
        for text, empty in _cells_of_line(item.text):
            out.append(Tok(text, item, empty or text in _PLACEHOLDERS))
    return _merge(_join_header_lines(out))


def _join_header_lines(toks: list[Tok]) -> list[Tok]:
    """A header line whose cells broke onto a second line that holds only their continuations
    ("… 三级指标 年度 实际 分值 得分 …" over "指标值 完成值", a PDF's text layer): each piece of the first
    line that names nothing joins the continuation below it, in order (年度指标值, 实际完成值)."""
    lines: list[list[Tok]] = []
    for tok in toks:
        if lines and lines[-1][0].item is tok.item:
            lines[-1].append(tok)
        else:
            lines.append([tok])
    out: list[Tok] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        below = [t for t in lines[k + 1] if not t.empty] if k + 1 < len(lines) else []
        joined = _continued(line, below) if below and not any(t.run or t.is_number for t in below) else None
        if joined is not None:
            out.extend(joined)
            k += 2
            continue
        out.extend(line)
        k += 1
    return out


def _continued(line: list[Tok], below: list[Tok]) -> list[Tok] | None:
    pieces = [
        i
        for i, t in enumerate(line)
        if not t.empty and not t.run and not t.is_number and not _is_known(t.key)
    ]
    n = len(below)
    for start in range(len(pieces) - n + 1):
        window = pieces[start : start + n]
        words = [line[i].text + b.text for i, b in zip(window, below, strict=True)]
        if all(_is_known(header_key(w)) for w in words):
            joined = list(line)
            for i, w in zip(window, words, strict=True):
                joined[i] = Tok(w, line[i].item)
            return joined
    return None


@lru_cache(maxsize=1)
def _all_header_keys() -> frozenset[str]:
    keys: set[str] = set()
    for s in specs():
        if s.family != "self-evaluation":
            continue
        for _, _, vocab in s.header_vocabularies:
            keys.update(header_key(w) for w in vocab.words)
        for vocab in s.fields.values():
            keys.update(header_key(w) for w in vocab.words)
        if s.funds is not None:
            for vocab in s.funds.rows.values():
                keys.update(header_key(w) for w in vocab.words)
        if s.indicators is not None:
            keys.update(header_key(w) for w in s.indicators.total.words)
        keys.update(header_key(w) for w in s.grade.words)
    keys.discard("")
    return frozenset(keys)


def _is_known(key: str) -> bool:
    return key in _all_header_keys() or is_level1_label(key) or is_level2_label(key)


def _merge(toks: list[Tok]) -> list[Tok]:
    """Glue what a flattening split: header words in pieces, "≥" before its number, "%" after it."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        prev = out[-1] if out else None
        if (
            prev is not None
            and not tok.empty
            and _SCORE_MARK.match(tok.text)
            and (is_level1_label(prev.text) or is_level2_label(prev.text))
        ):
            prev.text += tok.text
            i += 1
            continue
        paired = _interleaved_header(toks, i)
        if paired is not None:
            out.extend(paired)
            i += 2 * len(paired)
            continue
        merged = _merge_header(toks, i)
        if merged is not None:
            out.append(merged[0])
            i = merged[1]
            continue
        if not tok.empty and _COMPARATORS.match(tok.text) and i + 1 < len(toks) and toks[i + 1].is_number:
            out.append(Tok(tok.text + toks[i + 1].text, tok.item))
            i += 2
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and not tok.empty
            and not prev.empty
            and _UNITS.match(tok.text)
            and prev.is_number
            and prev.item is tok.item
        ):
            prev.text += tok.text
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _interleaved_header(toks: list[Tok], i: int) -> list[Tok] | None:
    """Header cells printed on two lines each, flattened line by line: "年度 实际 指标值 完成值" is
    年度指标值 and 实际完成值 — the first lines of k cells, then their second lines (k = 2 or 3)."""
    for k in (3, 2):
        if i + 2 * k > len(toks):
            continue
        firsts, seconds = toks[i : i + k], toks[i + k : i + 2 * k]
        if any(t.empty or t.is_number or not t.key for t in (*firsts, *seconds)):
            continue
        words = [a.text + b.text for a, b in zip(firsts, seconds, strict=True)]
        if all(
            _is_known(header_key(w)) and not (_is_known(a.key) and _is_known(b.key))
            for w, a, b in zip(words, firsts, seconds, strict=True)
        ):
            return [Tok(w, a.item, run=a.run) for w, a in zip(words, firsts, strict=True)]
    return None


def _merge_header(toks: list[Tok], i: int) -> tuple[Tok, int] | None:
    """The longest run of 2–4 cells from ``i`` that together spell a known header word or label."""
    if toks[i].empty or _SCORE_MARK.match(toks[i].text) or toks[i].is_number or not toks[i].key:
        return None  # "(2023年度)" is an annotation, not the first piece of a header word
    text = toks[i].text
    best: tuple[Tok, int] | None = None
    for j in range(i + 1, min(i + 4, len(toks))):
        if toks[j].empty or toks[j].is_number:
            break
        if j == i + 1 and _is_known(toks[i].key) and _is_known(toks[j].key):
            break  # two header cells side by side ("执行率", "得分"), not one word in pieces
        text += toks[j].text
        if _is_known(header_key(text)) and not _SCORE_MARK.search(toks[j].text):
            best = (Tok(text, toks[i].item), j + 1)
        elif (
            toks[i].run
            and not _is_known(toks[i].key)
            and _total_label(text)
            and j + 1 < len(toks)
            and toks[j + 1].is_amount
        ):
            best = (Tok(text, toks[i].item, run=True), j + 1)  # "年度" "财政资金" "总额" 1000…
    return best


def _total_label(text: str) -> bool:
    """The funds block's total row label in the national form's words ("年度财政资金总额")."""
    return funds_row_kind(national_spec(Scope.PROJECT.value), text) == FundsRowKind.TOTAL


# ---------------------------------------------------------------------------- reading


@dataclass
class _Form:
    spec: FormSpec
    ev: SelfEvaluation
    funds_cols: list[Role | None] = field(default_factory=list)
    indicator_cols: list[Role | None] = field(default_factory=list)
    unit: str = "万元"
    # the funds figures came before their row labels (a PDF text layer): the head's labels may too
    labels_after: bool = False


def _roles_of(tok: Tok, columns: Mapping[Role, Vocabulary]) -> Role | None:
    key = tok.key
    for role, vocab in columns.items():
        if vocab.match_key(key):
            return role
    return None


def _header_run(
    toks: list[Tok], i: int, columns: Mapping[Role, Vocabulary], stop: Callable[[Tok], bool]
) -> list[Role | None]:
    """The roles of the header cells starting at ``i`` (unknown cells inside the run are kept as None)."""
    run: list[Role | None] = []
    misses = 0
    j = i
    while j < len(toks) and misses <= 1:
        if toks[j].empty:
            j += 1
            continue
        role = _roles_of(toks[j], columns)
        if role is None:
            # a lone digit between two header cells of a run-together line is a bracket misread
            # ("执行率(B/A" "1" "得分(20分*执行率)"), not the first figure
            stray = (
                toks[j].run
                and len(toks[j].text) == 1
                and j + 1 < len(toks)
                and _roles_of(toks[j + 1], columns) is not None
            )
            if stop(toks[j]) and not stray:
                break
            misses += 1
            run.append(None)
        else:
            misses = 0
            run.append(role)
        j += 1
    while run and run[-1] is None:
        run.pop()
    return run


def _src(ctx: Context, tok: Tok, column: str | None) -> Loc:
    loc = tok.item.loc
    # a figure the reader cut out of a run without a check is uncertain: a finding resting on it is a
    # warning, not an error (``CheckContext.emit``)
    uncertain = (*loc.uncertain, tok.text) if tok.guessed else loc.uncertain
    return Loc(
        line=loc.line,
        page=loc.page,
        table=loc.table,
        row=loc.row,
        column=column or loc.column,
        reader=loc.reader,
        confidence=loc.confidence,
        uncertain=uncertain,
    )


def _money(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None:
        return None
    return Amount(value, unit).wan()


@dataclass
class _Stream:
    ctx: Context
    toks: list[Tok]
    forms: list[_Form] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def use(self, *indices: int) -> None:
        for i in indices:
            self.used.add(i)
            self.ctx.use(self.toks[i].item)

    # -- where forms start ---------------------------------------------------------------
    def read(self, scope_hint: Scope | None) -> list[SelfEvaluation]:
        i = 0
        while i < len(self.toks):
            self.ctx.deadline.check()
            i = self._step(i, scope_hint)
        return [f.ev for f in self.forms if f.ev.indicators or _has_figures(f.ev.funds) or _has_head(f.ev)]

    def _current(self, scope_hint: Scope | None, i: int) -> _Form:
        if not self.forms:
            self._new_form(scope_hint, i)
        return self.forms[-1]

    def _new_form(self, scope_hint: Scope | None, i: int) -> _Form:
        scope = scope_hint or _scope_near(self.toks, i)
        spec = _choose(self.toks, i, scope)
        ev = SelfEvaluation(scope=scope, layout=spec.id)
        title = _title_near(self.toks, i)
        if title is not None:
            ev.title = title.text
            ev.sources["title"] = self.ctx.src(_src(self.ctx, title, None), title.text)
        form = _Form(spec, ev, unit=_unit_near(self.toks, i, spec) or spec.amount_unit.default)
        self.forms.append(form)
        return form

    def _step(self, i: int, scope_hint: Scope | None) -> int:
        tok = self.toks[i]
        if tok.empty:
            return i + 1
        if not _is_known(tok.key) and not _is_known(self._next_key(i)):
            return i + 1  # neither this cell nor the next names a column, a field or a row
        for spec in self_evaluation_specs():
            if spec.funds is None:
                continue
            run = _header_run(self.toks, i, dict(spec.funds.columns), _stops_funds)
            if sum(1 for r in run if r in _MONEY) >= 2 and _SCORING & set(run):
                form = self._form_for_funds(scope_hint, i)
                return self._funds(form, i, run)
        last = self.forms[-1] if self.forms else None
        spec = (
            last.spec if last is not None else _choose(self.toks, i, scope_hint or _scope_near(self.toks, i))
        )
        if spec.indicators is not None:
            run = _header_run(self.toks, i, dict(spec.indicators.columns), lambda t: False)
            named = "name" in run or ("target" in run and ("level1" in run or "level2" in run))
            # a self-evaluation reports what was done or scored; a 申报表's targets alone are not one
            named = named and bool({"actual", "score"} & set(run))
            if len([r for r in run if r]) >= spec.indicators.min_header and named:
                if last is None:
                    last = self._new_form(scope_hint, i)
                    # an indicator block with no head, title or funds before it: the tail of a form
                    last.ev.truncated = last.ev.title is None
                return self._indicators(last, i, run)
        goals_end = self._goals(i)
        if goals_end is not None:
            return goals_end
        field_end = self._field(i, scope_hint)
        if field_end is not None:
            return field_end
        return i + 1

    def _next_key(self, i: int) -> str:
        j = i + 1
        while j < len(self.toks) and self.toks[j].empty:
            j += 1
        return self.toks[j].key if j < len(self.toks) else ""

    def _form_for_funds(self, scope_hint: Scope | None, i: int) -> _Form:
        form = self.forms[-1] if self.forms else None
        if form is None or form.ev.funds is not None or form.ev.indicators:
            form = self._new_form(scope_hint, i)
        return form

    # -- 年度总体目标 ----------------------------------------------------------------------------
    def _goals(self, i: int) -> int | None:
        """预期目标 / 实际完成情况 headers followed by their two texts (split as the cells were)."""
        form = self.forms[-1] if self.forms else None
        if form is None or form.spec.goals is None or form.ev.indicators:
            return None
        columns = form.spec.goals.columns
        j = self._next_index(i)
        expected, achieved = columns.get("expected_goal"), columns.get("achieved_goal")
        if expected is None or achieved is None or j is None:
            return None
        if not (expected.match_key(self.toks[i].key) and achieved.match_key(self.toks[j].key)):
            return None
        texts: list[int] = []
        k = j + 1
        while k < len(self.toks) and len(texts) < 8:
            tok = self.toks[k]
            if not tok.empty and (_is_known(tok.key) or _is_level1(tok) or tok.key.startswith(_BLOCK_WORDS)):
                break
            if not tok.empty:
                texts.append(k)
            k += 1
        self.use(i, j, *texts)
        if not texts:
            return k
        if len(texts) == 1:
            parts = _split_goals(self.toks[texts[0]].text)
        else:
            half = 1 if len(texts) == 2 else (len(texts) + 1) // 2
            parts = (
                "".join(self.toks[t].text for t in texts[:half]),
                "".join(self.toks[t].text for t in texts[half:]),
            )
        for attr, text, header in (
            ("expected_goal", parts[0], self.toks[i]),
            ("achieved_goal", parts[1], self.toks[j]),
        ):
            if text:
                setattr(form.ev, attr, text)
                form.ev.sources[attr] = self.ctx.src(_src(self.ctx, self.toks[texts[0]], header.text), text)
        return k

    def _next_index(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.toks) and self.toks[j].empty:
            j += 1
        return j if j < len(self.toks) else None

    # -- head fields -----------------------------------------------------------------------
    def _field(self, i: int, scope_hint: Scope | None) -> int | None:
        spec = (
            self.forms[-1].spec
            if self.forms
            else _choose(self.toks, i, scope_hint or _scope_near(self.toks, i))
        )
        key = self.toks[i].key
        for attr, vocab in spec.fields.items():
            if not vocab.match_key(key):
                continue
            form = self.forms[-1] if self.forms else None
            # a second 项目名称 — or one after funds a PDF text layer printed before their labels (the
            # first form's name, printed after its value, went by unread) — begins the next form
            late = form is not None and form.labels_after
            if form is None or form.ev.indicators or (attr == "name" and (form.ev.name is not None or late)):
                form = self._new_form(scope_hint, i)
            self.use(i)
            j = i + 1
            # a figure after the label is a cell of the grid the PDF text put there, not a name
            if (
                j < len(self.toks)
                and not self.toks[j].empty
                and not _is_known(self.toks[j].key)
                and not (attr != "fill_date" and self.toks[j].is_number)
            ):
                value = self.toks[j]
                if getattr(form.ev, attr, "absent") is None:
                    setattr(form.ev, attr, value.text)
                    form.ev.sources[attr] = self.ctx.src(_src(self.ctx, value, self.toks[i].text), value.text)
                self.use(j)
                return j + 1
            return j
        return None

    # -- funds -------------------------------------------------------------------------------
    def _header_end(self, i: int, run: list[Role | None]) -> int:
        """Where a header run of ``len(run)`` cells from ``i`` ends (empty cells inside it skipped)."""
        end = i
        seen = 0
        while seen < len(run):
            if not self.toks[end].empty:
                seen += 1
            end += 1
        self.use(*range(i, end))
        return end

    def _funds(self, form: _Form, i: int, run: list[Role | None]) -> int:
        header_end = self._header_end(i, run)
        heads = [t for t in self.toks[i:header_end] if not t.empty]
        cols = [
            "annual_budget"
            if r == "initial_budget" and "annual_budget" not in run and not t.key.startswith("年初")
            else r
            for r, t in zip(run, heads, strict=False)
        ]  # a lone budget column not printed 年初 is the year's budget, 执行率's denominator
        form.funds_cols = cols
        funds = form.ev.funds or Funds()
        if "max_score" not in run and funds.max_score is None:
            # the points of the execution row printed in a heading: "预算执行情况（万元）（20分）",
            # "得分（20分*执行率）"
            heads = [t for t in self.toks[max(0, i - 2) : header_end] if not t.empty]
            top = next(((t, m) for t in heads if (m := points_in(t.text)) is not None), None)
            if top is not None:
                funds.max_score = top[1]
                funds.sources["max_score"] = self.ctx.src(_src(self.ctx, top[0], None), top[0].text)
        if form.unit != "万元":
            funds.amount_unit = form.unit
        j = header_end
        # header cells of no known role after the run ("原因", "备注") before the first row label
        skipped = 0
        while (
            j < len(self.toks)
            and skipped < 2
            and _funds_row_kind(form.spec, self.toks[j]) is None
            and not self.toks[j].is_number
        ):
            self.use(j)
            j += 1
            skipped += 1
        placed: set[int] = set()
        j = self._unlabelled_rows(form, funds, j, cols, placed)
        j = self._rows_labelled_before(form, funds, i, j, cols)
        while j < len(self.toks):
            if j in placed:  # a label printed after the figures it heads, already read
                j += 1
                continue
            kind = _funds_row_kind(form.spec, self.toks[j])
            if kind is None:
                # a note cell between rows ("原因" column): skipped when a row label follows it
                nxt = j + 1
                while nxt < len(self.toks) and self.toks[nxt].empty:
                    nxt += 1
                if self.toks[j].is_number or nxt >= len(self.toks):
                    break
                if _funds_row_kind(form.spec, self.toks[nxt]) is None:
                    break
                self.use(j)
                j = nxt
                continue
            j = self._funds_row(form, funds, kind, j, cols)
        form.ev.funds = funds
        return j

    def _unlabelled_rows(
        self, form: _Form, funds: Funds, j: int, cols: list[Role | None], placed: set[int]
    ) -> int:
        """Figures printed before their row labels (a PDF text layer that puts the label column after
        the figures: "… 得分 250000.00 250000.00 215,457.6 10 8.62 250000.00 250000.00 215457.6 — 上年结转资金
        0 0 — … 年度资金总额 项目资金 (元) … 其中:当年财政拨款"). A run of figures right after the header
        that holds two rows — the total's (its money and score cells) and, at its end, one part's (its
        money cells and the empty cells after them) — is read as those two rows when both labels follow
        later with no figures of their own, and the part is no larger than the total in any column."""
        run: list[int] = []
        k = j
        while k < len(self.toks) and (self.toks[k].is_amount or self.toks[k].empty):
            run.append(k)
            k += 1
        roles = [r for r in cols if r is not None]
        money = [r for r in roles if r in _MONEY]
        if not money or len([i for i in run if not self.toks[i].empty]) <= len(money) + 1:
            return j
        end = len(run)
        while end > 0 and self.toks[run[end - 1]].empty:
            end -= 1
        part, head = run[end - len(money) : end], run[: end - len(money)]
        if not (len(money) < len(head) <= len(roles)) or any(self.toks[i].empty for i in head + part):
            return j
        whole = [parse_number(self.toks[i].text) for i in head[: len(money)]]
        piece = [parse_number(self.toks[i].text) for i in part]
        if any(w is None or p is None or p > w for w, p in zip(whole, piece, strict=True)):
            return j
        labels: dict[FundsRowKind, int] = {}
        stop = k
        for n in range(k, min(k + 40, len(self.toks))):
            tok = self.toks[n]
            stop = n
            if _is_level1(tok) or tok.key in ("一级指标", "绩效指标", "年度绩效指标"):
                break  # the labels stand before the indicator table
            kind = _funds_row_kind(form.spec, tok)
            nxt = self.toks[n + 1] if n + 1 < len(self.toks) else None
            if kind is not None and kind not in labels and (nxt is None or not nxt.is_amount):
                labels[kind] = n
        part_kind = next((kd for kd in labels if kd != FundsRowKind.TOTAL), None)
        if FundsRowKind.TOTAL not in labels or part_kind is None:
            return j
        # the block's unit is printed with its labels ("项目资金 (元)"), after the figures too
        unit = form.spec.amount_unit.declared_in("".join(t.text for t in self.toks[k:stop]))
        if unit is not None and unit != form.unit:
            form.unit = unit
            funds.amount_unit = None if unit == "万元" else unit
        for kind, values in ((FundsRowKind.TOTAL, head), (part_kind, run[end - len(money) :])):
            self._fill_row(form, funds, kind, labels[kind], values, cols)
            placed.add(labels[kind])
        form.labels_after = True
        # the total's 执行率 cell, put among the labels by the same layer: the block's one percentage
        rates = [n for n in range(k, stop) if re.fullmatch(r"\d+(?:\.\d+)?[%％]", self.toks[n].text.strip())]
        if "rate" in roles and funds.stated_execution_rate is None and len(rates) == 1:
            tok = self.toks[rates[0]]
            funds.stated_execution_rate = parse_number(tok.text)
            funds.sources["stated_execution_rate"] = self.ctx.src(
                _src(self.ctx, tok, _header_word(form.spec, "rate")), tok.text
            )
            self.use(rates[0])
        return k

    def _rows_labelled_before(
        self, form: _Form, funds: Funds, i: int, j: int, cols: list[Role | None]
    ) -> int:
        """Rows whose labels a workbook flattened cell by cell printed before the header ("项目资金 年初预算数
        (万元) 年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 65.66 65.07 10 99% 9
        65.66 65.07 — 99% —"): the figures after the header, one column each, are those rows in order — the
        total's first. Each row is as wide as the header, its cells figures or empty ("—")."""
        width = len([r for r in cols if r is not None])
        if width < 3 or j >= len(self.toks) or not _figure_cell(self.toks[j]):
            return j
        labels = [
            n
            for n in range(max(0, i - _STRAY_REACH), i)
            if n not in self.used and _funds_row_kind(form.spec, self.toks[n]) is not None
        ]
        if not labels or _funds_row_kind(form.spec, self.toks[labels[0]]) != FundsRowKind.TOTAL:
            return j
        k = j
        for n in labels:
            cells = self.toks[k : k + width]
            if len(cells) < width or not all(_figure_cell(t) for t in cells):
                break
            kind = _funds_row_kind(form.spec, self.toks[n])
            assert kind is not None
            if kind == FundsRowKind.TOTAL and not _rate_fits(cols, cells):
                for t in cells:  # which cell is which is a guess the printed 执行率 does not bear out
                    t.guessed = True
            self._fill_row(form, funds, kind, n, list(range(k, k + width)), cols)
            k += width
        return k

    def _funds_row(
        self, form: _Form, funds: Funds, kind: FundsRowKind, j: int, cols: list[Role | None]
    ) -> int:
        values: list[int] = []
        k = j + 1
        while k < len(self.toks) and (self.toks[k].is_amount or self.toks[k].empty):
            values.append(k)
            k += 1
        self._fill_row(form, funds, kind, j, values, cols)
        return k

    def _fill_row(
        self,
        form: _Form,
        funds: Funds,
        kind: FundsRowKind,
        j: int,
        values: list[int],
        cols: list[Role | None],
    ) -> None:
        label = self.toks[j]
        row = FundsRow(kind=kind, label=label.text)
        self.use(j, *values)
        toks = _unrun_funds(cols, [self.toks[v] for v in values], kind, funds)
        assigned = _assign_funds(cols, toks, kind)
        for role, tok in assigned:
            column = tok.item.loc.column
            where = self.ctx.src(_src(self.ctx, tok, _header_word(form.spec, role) or column), tok.text)
            number = parse_number(tok.text)
            if role in ("initial_budget", "annual_budget", "executed"):
                printed = _AMOUNT.match(tok.text.replace(" ", ""))
                unit = {"万": "万元"}.get(printed.group(1), printed.group(1)) if printed else form.unit
                setattr(row, role, _money(number, unit))
                row.sources[role] = where
            elif kind == FundsRowKind.TOTAL and role in ("max_score", "rate", "score"):
                attr = {"max_score": "max_score", "rate": "stated_execution_rate", "score": "stated_score"}[
                    role
                ]
                setattr(funds, attr, number)
                funds.sources[attr] = where
        if not row.sources:
            row.sources["label"] = self.ctx.src(_src(self.ctx, label, None), label.text)
        funds.rows = [*funds.rows, row]

    # -- indicators -------------------------------------------------------------------------
    def _indicators(self, form: _Form, i: int, run: list[Role | None]) -> int:
        header_end = self._header_end(i, run)
        cols: list[Role] = []
        for r in fold_header(run):
            if r not in (None, "level1", "level2") and r not in cols:
                cols.append(r)  # a role printed twice ("分值 … 分值") is read once, at its first column
        if "name" in cols and not {"target", "actual"} & set(cols):
            at = cols.index("name") + 1
            cols[at:at] = self._stray_columns(form, i, ("target", "actual"))
        form.indicator_cols = list(cols)
        state: dict[str, Tok | None] = {"l1": None, "l2": None}
        j = header_end
        last: Tok | None = None  # the last token taken for a level heading
        while j < len(self.toks):
            self.ctx.deadline.check()
            tok = self.toks[j]
            if tok.empty:
                j += 1
                continue
            if tok.is_filler:
                self.use(j)
                j += 1
                continue
            heading_name = self._heading_name(j, last, cols)
            last = None
            if heading_name:
                pass  # read as the row's name below
            elif _is_level1(tok):
                state["l1"], state["l2"] = tok, None
                self.use(j)
                self._subtotal(form, tok)
                j += 1
                continue
            elif is_level2_label(tok.text) and not is_level1_label(tok.text):
                state["l2"] = last = tok
                self.use(j)
                j += 1
                continue
            end = self._total(form, j)
            if end is not None:
                return self._note(form, end)
            if tok.key.startswith(_REMARK_ROW):
                # a remark row between the indicators and the 总分 row ("其他需要说明事项 | 无")
                nxt = self._next_index(j)
                self.use(j)
                if nxt is not None and not self.toks[nxt].is_number and not _starts_block(self.toks[nxt]):
                    self.use(nxt)
                    j = nxt
                j += 1
                continue
            if _ends_indicators(form.spec, tok):
                return j
            row = _parse_row(self.toks, j, cols, heading_name=heading_name)
            if row is None:
                return j
            end, cells = row
            if end >= len(self.toks) and set(cells) == {"name"}:
                form.ev.truncated = True  # the text ends inside this row
                self.use(*range(j, end))
                return end
            self._add_indicator(form, state, cells, j, end)
            j = end
        form.ev.truncated = True  # the text ended before the 总分 row
        return j

    def _stray_columns(self, form: _Form, i: int, roles: tuple[Role, ...]) -> list[Role]:
        """Header cells of ``roles`` printed apart from the rest of the indicator header, a little before
        it (a workbook flattened cell by cell out of order: "年度 实际 指标值 完成值 指标1:… 二级指标
        三级指标 … 分值 得分"). They stand after 三级指标, as every form prints them."""
        assert form.spec.indicators is not None
        columns = {r: v for r, v in form.spec.indicators.columns.items() if r in roles}
        found: list[Role] = []
        for j in range(max(0, i - _STRAY_REACH), i):
            tok = self.toks[j]
            if j in self.used or tok.empty:
                continue
            role = _roles_of(tok, columns)
            if role is not None and role not in found:
                found.append(role)
                self.use(j)
        return found

    def _note(self, form: _Form, k: int) -> int:
        """The form's printed note right after its 总分 row ("注:1.一级指标分值统一设置为:产出指标50分…"),
        kept as its 备注 as the grid readers keep it (the checks read the weights it fixes); its pieces
        up to a signature line or the next form. Returns where the form ends."""
        while k < len(self.toks) and (self.toks[k].empty or self.toks[k].is_number):
            k += 1
        if k >= len(self.toks) or not _NOTE_START.match(self.toks[k].text.strip()):
            return k
        end = k + 1
        while (
            end < len(self.toks)
            and end - k < 400
            and not _is_stop_word(self.toks[end])
            and not _is_form_title(self.toks[end].key)
        ):
            end += 1
        note = "".join(t.text for t in self.toks[k:end] if not t.empty)
        if form.ev.grade_note is None:
            form.ev.grade_note = note
            form.ev.sources["grade_note"] = self.ctx.src(_src(self.ctx, self.toks[k], None), note[:60])
        self.use(*range(k, end))
        return end

    def _heading_name(self, j: int, last: Tok | None, cols: Sequence[Role]) -> bool:
        """A bare heading word right after the row's level-2 heading, with a value after it where the
        name would be followed by one ("服务对象满意度指标 | 满意度 | ≥ | 95"): the indicator's name."""
        tok = self.toks[j]
        if last is None or not _bare_label(tok) or not cols or cols[0] != "name" or len(cols) < 2:
            return False
        nxt = self._next_index(j)
        if nxt is None:
            return False
        after = self.toks[nxt]
        return bool(
            after.is_number
            or _COMPARED_FIGURE.match(after.text)
            or _COMPARATORS.match(after.text)
            or _FIGURE_WITH_UNIT.match(after.text)
        )

    def _subtotal(self, form: _Form, tok: Tok) -> None:
        hmax = heading_max(tok.text)
        if hmax is None:
            return
        raw = tok.text
        if any(s.label == raw for s in form.ev.subtotals):
            return
        form.ev.subtotals = [
            *form.ev.subtotals,
            StatedSubtotal(label=raw, level1=level1_of(raw), max_score=hmax, where="表头"),
        ]

    def _add_indicator(
        self, form: _Form, state: dict[str, Tok | None], cells: dict[Role, Tok], start: int, end: int
    ) -> None:
        self.use(*range(start, end))
        name_tok = cells.get("name")
        if name_tok is None or name_tok.empty or _is_blank_row(cells):
            return
        if name_tok.run and len(re.sub(r"[\W_]", "", name_tok.text)) <= 1:
            # a run-together line cut into a row whose name is one character ("工", "粒"): the cut is a
            # guess, and findings on the row's figures are warnings that say so
            for cell in cells.values():
                cell.guessed = True
        l1, l2 = state["l1"], state["l2"]
        level2 = level2_of(l2.text) if l2 is not None else Level2.OTHER
        level1 = (level1_of(l1.text) if l1 is not None else None) or level1_from_level2(level2)
        target = _target_text(cells)
        ind = Indicator(
            level1=level1,
            level1_raw=l1.text if l1 is not None else None,
            level2=level2,
            level2_raw=l2.text if l2 is not None else None,
            name=name_tok.text,
            target_raw=target,
            actual_raw=_value(cells.get("actual"), printed_none=True),
            max_score=_number(cells.get("max_score")),
            score=_number(cells.get("score")),
            deviation_note=_value(cells.get("note")),
        )
        fields: tuple[tuple[str, Role], ...] = (
            ("name", "name"),
            ("target_raw", "target"),
            ("actual_raw", "actual"),
            ("max_score", "max_score"),
            ("score", "score"),
            ("deviation_note", "note"),
        )
        for attr, role in fields:
            tok = cells.get(role)
            if tok is not None and not tok.empty:
                column = _header_word(form.spec, role)
                ind.sources[attr] = self.ctx.src(_src(self.ctx, tok, column), tok.text)
        if l1 is not None:
            ind.sources["level1_raw"] = self.ctx.src(_src(self.ctx, l1, "一级指标"), l1.text)
        if l2 is not None:
            ind.sources["level2_raw"] = self.ctx.src(_src(self.ctx, l2, "二级指标"), l2.text)
        form.ev.indicators = [*form.ev.indicators, ind]

    def _lone_total_column(self, form: _Form, k: int) -> Role | None:
        """The column of a total row's one figure told by the empty cells printed after it: as many as
        the columns right of 分值 ("合计 | 100 | | |" under 分值 | 得分 | 原因) — else None."""
        cols = form.indicator_cols
        empties = 0
        j = k + 1
        while j < len(self.toks) and self.toks[j].empty:
            empties += 1
            j += 1
        fits = [r for r in ("max_score", "score") if r in cols and len(cols) - cols.index(r) - 1 == empties]
        return fits[0] if len(fits) == 1 else None

    def _split_total(self, k: int) -> list[int]:
        """总分 and its score run together ("100100"): the cut into 分值 ≥ 得分 with 分值 at most 100."""
        tok = self.toks[k]
        for top, score in _cuts(tok.text, 2):
            if (parse_number(top) or 0) <= 100 and (parse_number(score) or 0) <= (parse_number(top) or 0):
                self.toks[k : k + 1] = [Tok(top, tok.item), Tok(score, tok.item)]
                self.used = {i + 1 if i > k else i for i in self.used} | {k + 1}
                return [k, k + 1]
        return [k]

    def _total(self, form: _Form, j: int) -> int | None:
        spec = form.spec
        tok = self.toks[j]
        if spec.indicators is None or not spec.indicators.total.match_key(tok.key):
            return None
        nums: list[int] = []
        k = j + 1
        while (
            k < len(self.toks)
            and (self.toks[k].is_number or self.toks[k].empty or _POINTS.match(self.toks[k].text.strip()))
            and len(nums) < 3
        ):
            if not self.toks[k].empty:
                nums.append(k)
            k += 1
        self.use(j, *nums)
        ev = form.ev
        if len(nums) == 1 and self.toks[nums[0]].run:
            nums = self._split_total(nums[0])
        if len(nums) >= 2:
            ev.stated_total_max = parse_number(_points(self.toks[nums[0]].text))
            ev.sources["stated_total_max"] = self.ctx.src(
                _src(self.ctx, self.toks[nums[0]], "分值"), self.toks[nums[0]].text
            )
            nums = nums[1:]
        if nums:
            value = parse_number(_points(self.toks[nums[0]].text))
            attr, header = ("stated_total_score", "得分")
            if len(nums) == 1 and (
                lone_total(ev.indicators, ev.funds, value) == "max"
                or self._lone_total_column(form, nums[0]) == "max_score"
            ):
                attr, header = ("stated_total_max", "分值")
            setattr(ev, attr, value)
            ev.sources[attr] = self.ctx.src(
                _src(self.ctx, self.toks[nums[0]], header), self.toks[nums[0]].text
            )
        while k < len(self.toks) and self.toks[k].empty:
            k += 1
        if k < len(self.toks) and _GRADE.match(self.toks[k].text):
            ev.stated_grade = self.toks[k].text
            ev.sources["stated_grade"] = self.ctx.src(_src(self.ctx, self.toks[k], "等级"), self.toks[k].text)
            self.use(k)
            k += 1
        return k


# ---------------------------------------------------------------------------- grammar

_LEVELS: frozenset[Role | None] = frozenset({"level1", "level2", "name"})
_TARGET_PARTS: frozenset[Role | None] = frozenset({"target_comparator", "target", "target_unit"})


def _sub_header_start(run: Sequence[Role | None]) -> int | None:
    """Where the second row of a two-row header begins in the flattened run of its cells, or None.

    A header printed over two rows is flattened row after row: the first row's group cells
    ("绩效指标" over 一级/二级/三级指标, "年度指标值" over 指标性质/指标值/度量单位) and the cells merged down
    through both rows, then the sub-headers. The second row begins where the three level columns
    (一级 / 二级 / 三级指标, together) come after other columns and a group cell no spec names, or
    where the parts of the target (指标性质 first) come after the target's own column."""
    for p in range(len(run)):
        before = {r for r in run[:p] if r is not None}
        if (
            list(run[p : p + 3]) == ["level1", "level2", "name"]
            and before - _LEVELS
            and run[p - 1] not in _LEVELS
            and None in run[:p]
        ):
            return p  # the three level columns together, under a group cell of the first row
        parts = list(run[p : p + 3])
        if (
            parts
            and parts[0] == "target_comparator"
            and "target" in before
            and len(set(parts) & _TARGET_PARTS) >= 2
        ):
            return p
    return None


def fold_header(run: Sequence[Role | None]) -> list[Role | None]:
    """The columns, left to right, of a header run that may have been printed over two rows.

    One row: the run as it is. Two rows (see :func:`_sub_header_start`): each group cell of the first
    row is replaced by the sub-headers under it — the level columns under an unnamed group cell
    ("绩效指标") or under a level cell, the target's parts under the target's cell — and the cells
    merged down through both rows keep their place. Sub-headers no group cell took go first when they
    are levels (labels stand at the left), else last.
    """
    p = _sub_header_start(run)
    if p is None:
        return list(run)
    first, second = list(run[:p]), list(run[p:])
    out: list[Role | None] = []
    for role in first:
        if second and second[0] in _LEVELS and (role is None or role in _LEVELS):
            while second and second[0] in _LEVELS:
                out.append(second.pop(0))
        elif second and second[0] in _TARGET_PARTS and role == "target":
            while second and second[0] in _TARGET_PARTS:
                out.append(second.pop(0))
        elif role is not None:
            out.append(role)
    levels = [r for r in second if r in _LEVELS]
    return [*levels, *out, *(r for r in second if r not in _LEVELS)]


_REMARK_ROW = ("其他需要说明事项", "其他说明事项", "其他需说明事项")
_BLOCK_WORDS = ("绩效指标", "年度绩效指标", "年度绩效目标完成情况", "绩效目标完成情况")


def _split_goals(text: str) -> tuple[str, str]:
    """The two goal cells run together: split where the achievement starts ("。本项目共完成…", "。已完成…")."""
    for m in re.finditer(r"。", text):
        rest = text[m.end() :]
        if re.match(r"^\s*(本项目|项目|全年|年度|已|实际|共)?[^。]{0,6}完成", rest):
            return text[: m.end()], rest.strip()
    return text, ""


def _has_figures(funds: Funds | None) -> bool:
    if funds is None:
        return False
    return any(
        v is not None for r in funds.rows for v in (r.initial_budget, r.annual_budget, r.executed)
    ) or any(v is not None for v in (funds.max_score, funds.stated_execution_rate, funds.stated_score))


def _has_head(ev: SelfEvaluation) -> bool:
    return any(getattr(ev, attr) for attr in _HEAD_FIELDS)


_HEAD_FIELDS = ("name", "department", "implementing_unit")


def _is_level1(tok: Tok) -> bool:
    return is_level1_label(tok.text) or bool(_SCORE_MARK.match(tok.text))


def _choose(toks: list[Tok], i: int, scope: Scope) -> FormSpec:
    return best_spec((t.key for t in toks[i : i + 400] if not t.empty), scope.value)[0]


def _scope_near(toks: list[Tok], i: int) -> Scope:
    for tok in reversed(toks[max(0, i - 60) : i + 1]):
        if "整体" in tok.text and ("自评" in tok.text or "绩效" in tok.text):
            return Scope.OVERALL
        if "项目" in tok.text and "自评" in tok.text:
            return Scope.PROJECT
    return Scope.PROJECT


def _title_near(toks: list[Tok], i: int) -> Tok | None:
    for tok in reversed(toks[max(0, i - 60) : i + 1]):
        if re.search(r"绩效(自评|目标自评)(表|结果表)", tok.text) and len(tok.text) <= 60:
            return tok
    return None


def _unit_near(toks: list[Tok], i: int, spec: FormSpec) -> str | None:
    return spec.amount_unit.declared_in("".join(t.text for t in toks[max(0, i - 30) : i + 12]))


def _stops_funds(tok: Tok) -> bool:
    return bool(_NUMBER.match(tok.text)) or _is_known(tok.key)


def _funds_row_kind(spec: FormSpec, tok: Tok) -> FundsRowKind | None:
    return None if tok.empty else funds_row_kind(spec, tok.text)


def _assign_funds(cols: list[Role | None], values: list[Tok], kind: FundsRowKind) -> list[tuple[Role, Tok]]:
    """Values of one funds row onto the header's columns.

    As many values as columns: in order. Fewer: empty cells vanished — a part row fills its money
    columns first; a total row whose values carry no "%" skips the 执行率 column.
    """
    roles = [r for r in cols if r is not None]
    filled = [v for v in values]
    if len(filled) >= len(roles):
        return [(r, v) for r, v in zip(roles, filled, strict=False) if not v.empty]
    present = [v for v in filled if not v.empty]
    if kind != FundsRowKind.TOTAL:
        money = [r for r in roles if r in _MONEY]
        return list(zip(money, present, strict=False))
    if "rate" in roles and not any("%" in v.text for v in present) and len(present) == len(roles) - 1:
        roles = [r for r in roles if r != "rate"]
    return list(zip(roles, present, strict=False))


_PIECE = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$")


def _figure_cell(tok: Tok) -> bool:
    """A cell of a funds row: an amount, a percentage, or an empty cell ("—", "/")."""
    return tok.empty or tok.is_amount  # Tok.is_number already takes a percentage ("99%")


def _rate_fits(cols: list[Role | None], cells: list[Tok]) -> bool:
    """Whether a funds row's printed 执行率 is its 执行数 ÷ 全年预算数 (within a point), or cannot be told."""
    roles = [r for r in cols if r is not None]
    at = {r: cells[n] for n, r in enumerate(roles) if n < len(cells)}
    budget, spent, rate = (
        parse_number(at[r].text) if r in at and not at[r].empty else None
        for r in ("annual_budget", "executed", "rate")
    )
    if budget is None or spent is None or rate is None:
        return True
    if budget == 0:
        return spent == 0
    return abs(spent / budget * 100 - rate) <= 1


def _cuts(digits: str, n: int) -> Iterator[list[str]]:
    """Every way to cut a run of digits ("202010100.00%") into ``n`` numbers; a "%" stays on the last."""
    tail = "%" if digits.endswith(("%", "％")) else ""
    body = digits.rstrip("%％")
    if n == 1:
        if _PIECE.match(body):
            yield [body + tail]
        return
    for k in range(1, len(body)):
        head = body[:k]
        if _PIECE.match(head):
            for rest in _cuts(body[k:] + tail, n - 1):
                yield [head, *rest]


def _unrun_funds(cols: list[Role | None], values: list[Tok], kind: FundsRowKind, funds: Funds) -> list[Tok]:
    """A funds row whose figures ran together ("202010100.00%" "10" under 全年预算数 / 全年执行数 / 分值 /
    执行率 / 得分): the cut whose figures agree — 执行率 = 执行数 ÷ 预算数, a part no larger than the total."""
    roles = [r for r in cols if r is not None]
    present = [v for v in values if not v.empty]
    want = len(roles) if kind == FundsRowKind.TOTAL else len([r for r in roles if r in _MONEY])
    if len(present) >= want or not any(v.run for v in present):
        return values
    extra = want - len(present) + 1
    total = funds.row(FundsRowKind.TOTAL)
    # a cut is checked by the row's printed 执行率 (the total row) or by a total that was itself checked;
    # otherwise its figures are a guess
    checked = (
        "rate" in roles and "executed" in roles and "annual_budget" in roles
        if kind == FundsRowKind.TOTAL
        else total is not None and not any(s.uncertain for s in total.sources.values())
    )
    # the longest run of digits holds the cells that ran together
    for k in sorted(range(len(present)), key=lambda i: -len(present[i].text)):
        if not present[k].is_amount:
            continue
        for pieces in _cuts(present[k].text.replace(",", ""), extra):
            texts = [t.text for t in present]
            texts[k : k + 1] = pieces
            if _agree(roles, texts, kind, total):
                cut = [Tok(t, present[k].item, guessed=not checked) for t in pieces]
                return [*present[:k], *cut, *present[k + 1 :]]
    return values


def _agree(roles: list[Role], texts: list[str], kind: FundsRowKind, total: FundsRow | None) -> bool:
    if kind != FundsRowKind.TOTAL:
        money = [r for r in roles if r in _MONEY]
        for role, text in zip(money, texts, strict=False):
            whole = getattr(total, role, None) if total is not None else None
            if whole is not None and (parse_number(text) or Decimal(0)) > whole:
                return False
        return True
    got = {r: parse_number(t) for r, t in zip(roles, texts, strict=False)}
    budget, spent, rate = got.get("annual_budget"), got.get("executed"), got.get("rate")
    if budget and spent is not None and rate is not None:
        places = len(texts[roles.index("rate")].rstrip("%％").partition(".")[2])
        if abs(spent / budget * 100 - rate) > Decimal(5) / Decimal(10) ** (places + 1):
            return False
    top, score = got.get("max_score"), got.get("score")
    if top is not None and not (0 < top <= 100):
        return False
    return not (top is not None and score is not None and score > top)


_NUMERIC_ROLES = {"max_score", "score", "weight_share", "weighted_score"}
_PENALTY = {"name": 100, "max_score": 3, "score": 3, "target": 2, "actual": 2, "note": 0}


def _fits(role: Role, tok: Tok) -> bool:
    if tok.empty:
        return True
    if tok.is_filler or re.match(r"^注[:：]", tok.key):  # the notes under the table open no cell
        return False
    if _is_level1(tok) or is_level2_label(tok.text):
        return False
    if role in _NUMERIC_ROLES:
        return tok.is_number
    if role == "name":  # a figure, or a comparator and a figure ("=100%", ">=90%"), is a value, not a name
        return not tok.is_number and not _COMPARED_FIGURE.match(tok.text)
    if role == "target_comparator":
        return bool(_COMPARATORS.match(tok.text))
    if role == "target_unit":
        return bool(_UNITS.match(tok.text))
    return True


_COMPARED_FIGURE = re.compile(r"^[≥≤<>=﹦＝≧≦═]{1,2}\s*\d+(?:\.\d+)?\s*\S{0,3}$")
_TEXT_ROLES: frozenset[Role] = frozenset({"name", "target", "actual", "note"})
_JOIN_PENALTY = 1  # per piece of a cell wrapped over lines joined back


def _wrapped_piece(tok: Tok) -> bool:
    """A piece a text cell may have been broken into (a PDF line, an archive's line): words, not a
    figure (with its unit), label, comparator, unit or empty cell."""
    return (
        not tok.empty
        and not tok.is_number
        and not tok.is_filler
        and not _is_level1(tok)
        and not is_level2_label(tok.text)
        and not _starts_block(tok)
        and not _COMPARATORS.match(tok.text)
        and not _UNITS.match(tok.text)
        and not _FIGURE_WITH_UNIT.match(tok.text)
        and bool(re.search(r"[\u4e00-\u9fff]", tok.text))
    )


_FIGURE_WITH_UNIT = re.compile(
    r"^[≥≤<>=﹦＝≧≦═]?\s*\d+(?:\.\d+)?\s*[^\d\s]{1,3}$"
)  # "≥120公里": a whole value


def _bare_label(tok: Tok) -> bool:
    """A heading word with no weight of its own ("满意度", "质量指标"), which a wrapped cell may end with."""
    return (
        not tok.empty
        and not _SCORE_MARK.search(tok.text)
        and heading_max(tok.text) is None
        and (is_level1_label(tok.text) or is_level2_label(tok.text))
    )


def _joined(toks: Sequence[Tok]) -> Tok:
    return Tok("".join(t.text for t in toks), toks[0].item, run=any(t.run for t in toks))


def _implausible(cells: Mapping[Role, Tok]) -> int:
    """The cost of a reading the columns' kinds argue against: a score above its 分值, a bare figure
    as the deviation note, a unit or comparator alone as the actual value."""
    cost = 0
    top, score = cells.get("max_score"), cells.get("score")
    numbers = top is not None and score is not None and top.is_number and score.is_number
    if numbers and top is not None and score is not None:
        cost += 3 if (parse_number(score.text) or 0) > (parse_number(top.text) or 0) else 0
    note = cells.get("note")
    if note is not None and note.is_number:
        cost += 2
    actual = cells.get("actual")
    if (
        actual is not None
        and not actual.empty
        and (_UNITS.match(actual.text) or _COMPARATORS.match(actual.text))
    ):
        cost += 3  # a unit or a comparator alone is a piece of the target, not what was done
    return cost


def _row_candidates(
    toks: list[Tok], i: int, cols: list[Role], *, heading_name: bool = False
) -> Iterator[tuple[int, int, dict[Role, Tok]]]:
    """Every reading of one indicator row from ``toks[i]``: (end, penalty, cells). A text column may
    take two or three pieces of a cell wrapped over lines, at a small cost each."""

    def walk(
        c: int, j: int, penalty: int, cells: dict[Role, Tok]
    ) -> Iterator[tuple[int, int, dict[Role, Tok]]]:
        if c == len(cols):
            yield j, penalty + _implausible(cells), dict(cells)
            return
        role = cols[c]
        # a name that is a heading word ("满意度指标 | 服务对象满意度指标 | 满意度 | ≥ | 95"): when the
        # caller found it so (``heading_name``)
        named = heading_name and role == "name" and j == i
        if j < len(toks) and (_fits(role, toks[j]) or named) and not _starts_block(toks[j]):
            cells[role] = toks[j]
            yield from walk(c + 1, j + 1, penalty, cells)
            if role in _TEXT_ROLES and _wrapped_piece(toks[j]):
                k = j + 1
                cost = penalty
                while k < len(toks) and k - j < 3 and (_wrapped_piece(toks[k]) or _bare_label(toks[k])):
                    # a piece that reads as a heading ("满意度") continues a cell only at a higher cost
                    cost += _JOIN_PENALTY if _wrapped_piece(toks[k]) else 3
                    cells[role] = _joined(toks[j : k + 1])
                    yield from walk(c + 1, k + 1, cost, cells)
                    k += 1
            del cells[role]
        if role != "name":
            yield from walk(c + 1, j, penalty + _PENALTY.get(role, 1), cells)

    yield from walk(0, i, 0, {})


def _starts_block(tok: Tok) -> bool:
    return not tok.empty and (tok.key in ("总分", "合计", "评价等级", "自评等级", "评价结论", "存在问题"))


def _after(toks: list[Tok], j: int, roles: list[Role]) -> int:
    """The cost of what follows a row ending at ``j``: 0 for a clear row start, more the less it looks like one."""
    while j < len(toks) and toks[j].empty:
        j += 1
    if j >= len(toks):
        return 0
    tok = toks[j]
    if (
        _is_level1(tok)
        or is_level2_label(tok.text)
        or _starts_block(tok)
        or _is_stop_word(tok)
        or tok.is_filler
    ):
        return 0
    if tok.is_number:
        return 50
    best = min((p for end, p, _ in _row_candidates(toks, j, roles) if end > j), default=100)
    return min(best, 5)


def _parse_row(
    toks: list[Tok], i: int, cols: Sequence[Role | None], *, heading_name: bool = False
) -> tuple[int, dict[Role, Tok]] | None:
    roles = [r for r in cols if r is not None]
    best: tuple[int, int, dict[Role, Tok]] | None = None
    for end, penalty, cells in _row_candidates(toks, i, roles, heading_name=heading_name):
        if end == i:
            continue
        penalty += _after(toks, end, roles)
        if best is None or (penalty, end) < (best[1], best[0]):
            best = (end, penalty, cells)
    if best is None or best[1] >= 50:
        return None
    return best[0], best[2]


def _is_stop_word(tok: Tok) -> bool:
    return bool(
        re.match(
            r"^(评价结论|存在问题|改进措施|主要问题|项目负责人|财务负责人|填表人|备注|注[:：]|说明[:：]?无?$)",
            tok.key,
        )
    )


def _is_blank_row(cells: dict[Role, Tok]) -> bool:
    name = cells.get("name")
    values = [t for r, t in cells.items() if r != "name" and not t.empty]
    return name is not None and not values and name.is_filler


def _ends_indicators(spec: FormSpec, tok: Tok) -> bool:
    if tok.empty:
        return False
    key = tok.key
    if any(v.match_key(key) for v in spec.fields.values()):
        return True
    return _is_stop_word(tok)


def _value(tok: Tok | None, *, printed_none: bool = False) -> str | None:
    """A text cell's value; an empty cell is None — but "无" printed as what was done is the value
    "无" when ``printed_none`` (the grid readers keep it so)."""
    if tok is not None and printed_none and tok.text.strip() == "无":
        return "无"
    if tok is None or tok.empty:
        return None
    return tok.text


def _number(tok: Tok | None) -> Decimal | None:
    return None if tok is None or tok.empty else parse_number(tok.text)


def _target_text(cells: dict[Role, Tok]) -> str | None:
    parts = [
        _value(cells.get("target_comparator")),
        _value(cells.get("target")),
        _value(cells.get("target_unit")),
    ]
    text = "".join(p for p in parts if p)
    return text or None


def _header_word(spec: FormSpec, role: Role) -> str | None:
    for _, r, vocab in spec.header_vocabularies:
        if r == role and vocab.words:
            return vocab.words[0]
    return None


# ---------------------------------------------------------------------------- entry


def parse_stream_forms(ctx: Context, package: EvaluationPackage) -> None:
    """Read flattened forms from the text lines no table reader used (see the module docstring).

    A table no grid reader took whose cells name indicator levels ("产出指标", "数量指标") is read
    with the lines around it: its header was printed as loose lines (a header cell broken over lines
    ends a text table), so only the stream has the whole header. An indicator block read this way
    with no head of its own continues the form whose head and funds a grid reader read before it.
    """
    loose = _loose_tables(ctx)
    items = [
        it
        for it in ctx.items
        if (it.table is None or it.table in loose) and not ctx.is_used(it) and it.text.strip()
    ]
    single_column = [
        it
        for it in ctx.items
        if it.table is not None and not ctx.is_used(it) and len(ctx.tables[it.table].rows[0]) == 1
    ]
    items = sorted({it.index: it for it in [*items, *single_column]}.values(), key=lambda it: it.index)
    if not items:
        return
    read_before = list(package.evaluations())
    hosts = [ev for ev in read_before if not ev.indicators]
    for ev in _labelled_blocks(ctx, items):
        host = next((h for h in reversed(hosts) if _last_line(h) <= _first_line(ev)), None)
        if host is not None:
            _continue_with(host, ev)
            hosts.remove(host)
        else:
            package.projects = [*package.projects, ev]
    items = [it for it in items if not ctx.is_used(it)]
    stream = _Stream(ctx, tokens(items))
    for ev in stream.read(None):
        host = _host_of_tail(hosts, ev)
        if host is not None:
            _continue_with(host, ev)
            hosts.remove(host)
        elif not ev.indicators and not _has_figures(ev.funds):
            _give_head(read_before, ev)  # a title block printed apart from the grid it heads
        elif ev.scope == Scope.OVERALL and package.overall is None:
            package.overall = ev
        else:
            ev.scope = Scope.PROJECT
            package.projects = [*package.projects, ev]


# ---------------------------------------------------------------------------- labelled rows

_LABELLED = re.compile(
    r"^\s*(?:\d+\s*[.、．]|[（(]\d+[）)])\s*(?P<name>[^,，;；:：。]{2,60}?)[,，]\s*(?P<rest>.+?)[;；。]?\s*$"
)
_VALUE_START = re.compile(r"[≥≤<>=﹦＝]|\d")


def _labelled_blocks(ctx: Context, items: Sequence[Item]) -> Iterator[SelfEvaluation]:
    """Indicator rows written as numbered lines of labelled values, as a report lists its form:
    "1.重大动物强制免疫病种群体免疫密度,年初目标值≥90%,实际完成值≥90%,自评得分20分;". Each label is a
    column's header word (the end of it: "初目标值" is a 目标值); two such lines or more make a block."""
    spec = national_spec(Scope.PROJECT.value)
    block: list[tuple[Item, dict[Role, str]]] = []
    for item in [*items, None]:
        cells = _labelled_row(item.text, spec) if item is not None and item.table is None else None
        if cells is not None and item is not None:
            block.append((item, cells))
            continue
        if len(block) >= 2:
            yield _labelled_form(ctx, spec, block)
        block = []


def _labelled_row(text: str, spec: FormSpec) -> dict[Role, str] | None:
    m = _LABELLED.match(text)
    if m is None or spec.indicators is None:
        return None
    cells: dict[Role, str] = {"name": m.group("name").strip()}
    columns = {
        r: v for r, v in spec.indicators.columns.items() if r in ("target", "actual", "max_score", "score")
    }
    for part in re.split(r"[,，]", m.group("rest")):
        v = _VALUE_START.search(part)
        if v is None or v.start() == 0:
            return None
        label = header_key(part[: v.start()]).rstrip("为是:：")
        role = next(
            (r for r, vocab in columns.items() if any(label.endswith(header_key(w)) for w in vocab.words)),
            None,
        )
        if role is None or role in cells:
            return None
        value = part[v.start() :].strip()
        cells[role] = value.removesuffix("分") if role in ("max_score", "score") else value
    return cells if len(cells) >= 3 and {"actual", "score"} & cells.keys() else None


def _labelled_form(ctx: Context, spec: FormSpec, block: list[tuple[Item, dict[Role, str]]]) -> SelfEvaluation:
    ev = SelfEvaluation(scope=Scope.PROJECT, layout=spec.id)
    for item, cells in block:
        ctx.use(item)
        ind = Indicator(
            level1=level1_from_level2(Level2.OTHER),
            level2=Level2.OTHER,
            name=cells["name"],
            target_raw=cells.get("target"),
            actual_raw=cells.get("actual"),
            max_score=parse_number(cells["max_score"]) if "max_score" in cells else None,
            score=parse_number(cells["score"]) if "score" in cells else None,
        )
        loc = item.loc
        for attr, role in (
            ("name", "name"),
            ("target_raw", "target"),
            ("actual_raw", "actual"),
            ("max_score", "max_score"),
            ("score", "score"),
        ):
            if role in cells:
                where = Loc(line=loc.line, page=loc.page, column=_header_word(spec, role))
                ind.sources[attr] = ctx.src(where, cells[role])
        ev.indicators = [*ev.indicators, ind]
    return ev


def _loose_tables(ctx: Context) -> set[int]:
    """Tables of two or more columns that nothing read yet and whose cells name indicator levels."""
    by_table: dict[int, list[Item]] = {}
    for it in ctx.items:
        if it.table is not None:
            by_table.setdefault(it.table, []).append(it)
    out: set[int] = set()
    for t, its in by_table.items():
        if len(ctx.tables[t].rows[0]) < 2 or any(ctx.is_used(it) for it in its):
            continue
        if _continues_header(ctx, t) and any(
            is_level1_label(it.key) or is_level2_label(it.key) for it in its
        ):
            out.add(t)  # the indicator rows of a header printed as loose lines just before the table
        elif len(ctx.tables[t].rows) <= 4 and any(_is_form_title(it.key) for it in its):
            out.add(t)  # a form's title block ("部门整体支出绩效自评表", "部门 | <unit>") apart from its grid
    return out


def _continues_header(ctx: Context, t: int) -> bool:
    """The line just before table ``t`` is a loose header cell ("实际 完成值 |" broken off its row)."""
    k = ctx.table_start.get(t, 0) - 1
    while k >= 0 and not ctx.items[k].text.strip():
        k -= 1
    if k < 0 or ctx.items[k].table is not None:
        return False
    cells = [text for text, empty in _cells_of_line(ctx.items[k].text) if not empty]
    return bool(cells) and _is_known(header_key(cells[-1]))


def _is_form_title(key: str) -> bool:
    return any(spec.title.match_key(key) for spec in self_evaluation_specs())


def _give_head(forms: list[SelfEvaluation], head: SelfEvaluation) -> None:
    """Head fields read apart from their form go to the first form after them that lacks them."""
    line = min((s.line for s in head.sources.values() if s.line is not None), default=None)
    if line is None:
        return
    after = [ev for ev in forms if _last_line(ev) >= line]
    target = min(after, key=_last_line, default=None)
    if target is None:
        return
    for attr in (*_HEAD_FIELDS, "title"):
        if getattr(target, attr) is None and getattr(head, attr) is not None and attr in head.sources:
            setattr(target, attr, getattr(head, attr))
            target.sources[attr] = head.sources[attr]


def _first_line(ev: SelfEvaluation) -> int:
    lines = [s.line for ind in ev.indicators[:1] for s in ind.sources.values() if s.line is not None]
    return min(lines, default=0)


def _last_line(ev: SelfEvaluation) -> int:
    locs = [*ev.sources.values()]
    if ev.funds is not None:
        locs.extend(ev.funds.sources.values())
        for r in ev.funds.rows:
            locs.extend(r.sources.values())
    return max((s.line for s in locs if s.line is not None), default=-1)


def _host_of_tail(hosts: list[SelfEvaluation], ev: SelfEvaluation) -> SelfEvaluation | None:
    """The grid form an indicator block without funds continues: read before the block, after its head."""
    if not ev.indicators or _has_figures(ev.funds):
        return None
    start = _first_line(ev)
    head = min((s.line for s in ev.sources.values() if s.line is not None), default=-1)
    before = [h for h in hosts if head <= _last_line(h) <= start and _last_line(h) >= 0]
    return max(before, key=_last_line, default=None)


def _continue_with(host: SelfEvaluation, tail: SelfEvaluation) -> None:
    _give_head([host], tail)
    host.indicators = [*host.indicators, *tail.indicators]
    host.subtotals = [*host.subtotals, *tail.subtotals]
    for attr in ("stated_total_max", "stated_total_score", "stated_grade"):
        if getattr(host, attr) is None and getattr(tail, attr) is not None:
            setattr(host, attr, getattr(tail, attr))
            host.sources[attr] = tail.sources[attr]
    host.truncated = host.truncated or tail.truncated
