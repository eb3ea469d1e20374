"""Relations between the figures of one sentence, whatever the wording and the order.

- :class:`Total`: a whole before 其中 / 包括 / 分别为 and the parts after it, or parts listed before
  合计 / 总计 / 共计 and the whole after it — any number of parts.
- :class:`Change`: a comparison with an earlier year (比上年 / 同比 / 较上年 / 与上年相比 …) and the
  amount and/or rate with their direction words (增加 / 减少 / 增长 / 下降 / 持平).
- :class:`Completion`: a rate after 完成(年初|全年|调整后)预算的 / 执行率 / 预算完成率, with the
  budget and the actual figures printed before it.
- :class:`Share`: a rate after 占 / 占比 / 占…的, the part before it and the whole it names.
- :class:`Staffing`: 编制 / 实有 / 退休 headcounts. :class:`Enumeration`: a count and the names
  listed after it. :class:`Comparison`: "决算数小于年初预算数".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from . import lexicon as lx
from .model import (
    Basis,
    Comparison,
    Completion,
    Direction,
    Enumeration,
    Quantity,
    Relation,
    Share,
    Staffing,
    Total,
)
from .model import Change as ChangeRelation


def is_budget(q: Quantity) -> bool:
    """A budget figure: its label says 预算 and not 决算 / 执行 / 实际 (一般公共预算收入 is not a budget)."""
    label = q.label
    for name in lx.BUDGET_KINDS:
        label = label.replace(name, "")
    if label.endswith("调整"):  # "一般公共预算收入调整为368000万元": the adjusted budget
        return True
    return "预算" in label and not any(w in label for w in ("决算", "执行", "实际"))


def is_change(q: Quantity) -> bool:
    """A figure that states a change (its verb is 增加 / 减少 / 增长 / 下降 …)."""
    return q.verb.removesuffix("为") in (*lx.UP_WORDS, *lx.DOWN_WORDS, "追加", "调增", "调减")


def same_kind(a: Quantity, b: Quantity) -> bool:
    """Two figures that can be added: both money (any money unit), or the same unit."""
    return (a.is_money and b.is_money) or (bool(a.unit) and a.unit == b.unit and not a.is_money)


def _basis(text: str) -> Basis | None:
    if "调整" in text:
        return "调整后"
    if "年初" in text:
        return "年初"
    if "全年" in text or "年度预算" in text:
        return "全年"
    return None


def relate(text: str, qs: list[Quantity]) -> list[Relation]:
    """Every relation among the quantities ``qs`` of the normalised sentence ``text``."""
    out: list[Relation] = []
    out.extend(_totals(text, qs))
    out.extend(_completions(text, qs))
    out.extend(_changes(text, qs))
    out.extend(_shares(text, qs, [r for r in out if isinstance(r, Total)]))
    staffing = _staffing(qs, [r for r in out if isinstance(r, Total)])
    if staffing is not None:
        out.append(staffing)
    out.extend(_enumerations(text, qs))
    out.extend(_comparisons(text, qs))
    return out


# --- totals ------------------------------------------------------------------------------------


def is_difference(q: Quantity) -> bool:
    """A difference between two figures ("差值为0.9万元", "相差3万元"): never a part of a total."""
    return any(w in q.label for w in lx.DIFFERENCE_WORDS)


def is_part(q: Quantity, whole: Quantity) -> bool:
    if q is whole or q.is_percent or not same_kind(q, whole) or is_change(q):
        return False
    if is_difference(q):
        return False  # "差值为0.95万元": a comparison, not a part
    if lx.CHANGE.match(q.label):
        return False  # "较上年251万元减少42万元": the base of a comparison, not a part
    if q.is_money and is_budget(q) and not is_budget(whole):
        return False  # "公务接待费支出2.05万元，年初预算为2万元": the budget is not a part of the 决算
    # 在职 30 人，其中：…；退休人员 23 人
    return not (q.unit == "人" and any(w in q.label for w in ("退休", "离休")) and "退休" not in whole.label)


def _whole_before(text: str, marker: int, before: list[Quantity]) -> Quantity | None:
    """The whole a 其中 refers to: the figure right before it, or the figure before the change told
    about it ("支出12.5万元，比上年减少2.3万元，下降15.54%，其中：…")."""
    k = len(before) - 1
    while k > 0 and (
        is_change(before[k])
        or before[k].is_percent
        or lx.RATE_BASE.match(before[k].label)
        or lx.CHANGE.match(before[k].label)  # "比上年的10万元增加2万元，其中…": the base of the change
    ):
        k -= 1
    whole = before[k]
    if whole.is_percent or is_change(whole):
        return None
    between = text[whole.end : marker]
    for q in before[k + 1 :]:
        between = between.replace(text[q.at : q.end], "")
    if k < len(before) - 1 and not lx.CHANGE.search(between):
        return None
    if k == len(before) - 1 and between.strip("，,：:；; （("):
        return None
    return whole


def _closed(text: str, qs: list[Quantity], start: int, stop: int, whole: Quantity) -> int:
    """Where a 其中 list closes before the next 其中: at the clause of the next whole when the parts
    before it already add up to this whole ("编制45人，其中行政编制30人、事业编制15人；实有人数42人，其中…"),
    else at the next 其中 (its whole is one of this list's parts)."""
    own = [q for q in qs if start <= q.at and q.end <= stop]
    if len(own) < 2:
        return stop
    cut = max(start, max((text.rfind(c, start, own[-1].at) for c in "；;"), default=-1))
    parts = [q for q in own if q.at < cut and is_part(q, whole)]
    amount = whole.amount
    total = sum(((q.amount.wan() if q.amount else q.value) for q in parts), Decimal(0))
    if parts and total == (amount.wan() if amount else whole.value):
        return cut
    return stop


def _kin(a: str, b: str) -> bool:
    """Two labels that open with the same name (three characters or more, numbering aside)."""
    a, b = (
        lx.SECTION_NUMBER.sub("", a).lstrip("（(一二三四五六七八九十）)、"),
        lx.SECTION_NUMBER.sub("", b).lstrip("（(一二三四五六七八九十）)、"),
    )
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 3


def _list_end(text: str, start: int) -> int:
    """Where a list of parts opened at ``start`` ends: at the bracket that closes a bracket the list
    stands in ("（2分，其中单位整体绩效目标1分，项目绩效目标1分）2、…"), at the next numbered item, at a
    condition ("，若单位无项目，得2分"), at the parts' changes told together ("，与2015年相比，分别减少…"), or
    at the end of the sentence."""
    found = (
        lx.LIST_ITEM.search(text, start),
        lx.CONDITION.search(text, start),
        lx.RESPECTIVE_CHANGE.search(text, start),
        lx.ADDING_CLAUSE.search(text, start),
    )
    ends = [m.start() for m in found if m]
    depth = 0
    for k in range(start - 1, -1, -1):
        if text[k] in "）)":
            depth += 1
        elif text[k] in "（(":
            if depth == 0:
                ends.extend(i for i in (text.find("）", start), text.find(")", start)) if i >= 0)
                break
            depth -= 1
    return min(ends, default=len(text))


def nested(text: str, start: int, q: Quantity) -> bool:
    """A figure inside brackets opened after ``start``: a part's own split, not a part of the list
    ("其中：因公出国(境)费0万元，公务用车购置及运行维护费21万元(公务用车购置费0万元、公务用车运行维护费21万元)，
    公务接待费20万元" — 41 = 0 + 21 + 20, not + 0 + 21 again)."""
    depth = 0
    for ch in text[start : q.at]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth > 0:
            depth -= 1
    return depth > 0


def sublisted(text: str, start: int, q: Quantity, qs: list[Quantity]) -> bool:
    """A figure of a part's own list opened by a colon inside the list ("其中:财力安排支出68.4亿元,…,主要支出
    事项:一般公共服务支出7.1亿元、教育支出7.5亿元…;上级专项…13.2亿元" — 7.1 and 7.5 are 财力安排支出's items,
    not more parts of the whole): after a colon that follows a part, up to the next semicolon."""
    colon = max(text.rfind("：", start, q.at), text.rfind(":", start, q.at))
    if colon < 0 or any(text.find(c, colon, q.at) >= 0 for c in "；;"):
        return False
    return any(start <= p.at and p.end <= colon for p in qs)


def _bracketed(text: str, at: int) -> bool:
    """Whether ``at`` stands inside brackets opened before it in ``text``."""
    depth = 0
    for ch in text[:at]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth > 0:
            depth -= 1
    return depth > 0


def _composed(qs: list[Quantity], found: Iterator[re.Match[str]]) -> list[Total]:
    """ "X万元，由A万元，加B万元等构成": the figure right before 由 and the figures of the 由 clause."""
    out: list[Total] = []
    for m in found:
        before = [q for q in qs if q.end <= m.start() and not q.is_percent and not is_change(q)]
        if not before:
            continue
        whole = before[-1]
        parts = tuple(q for q in qs if m.start("body") <= q.at < m.end("body") and is_part(q, whole))
        if len(parts) >= 2:
            out.append(Total(whole, parts, "由", True))
    return out


def _totals(text: str, qs: list[Quantity]) -> list[Total]:
    out: list[Total] = []
    spans: list[tuple[int, int]] = []  # the lists of parts read so far
    for m in lx.PARTS.finditer(text):
        before = [q for q in qs if q.end <= m.start()]
        whole = _whole_before(text, m.start(), before) if before else None
        stop = _list_end(text, m.end())
        nxt = lx.PARTS.search(text, m.end())
        if nxt is not None and nxt.group(0) == "其中":
            stop = min(stop, nxt.start())
            if whole is not None:
                stop = _closed(text, qs, m.end(), stop, whole)
        spans.append((m.end(), stop))
        if whole is None:
            continue
        parts = tuple(
            q
            for q in qs
            if m.end() <= q.at < stop
            and is_part(q, whole)
            and not nested(text, m.end(), q)
            and not sublisted(text, m.end(), q, qs)
        )
        if any(a <= whole.at < b for a, b in spans[:-1]):
            # a 其中 inside another's list: its parts are named like its whole ("公务用车购置及运行维护费…
            # 其中：公务用车购置…；公务用车运行维护费…；公务接待费…" — 公务接待费 is the outer list's)
            parts = tuple(q for q in parts if _kin(q.label, whole.label))
        if not parts:
            continue
        labels = frozenset(lx.split_label(p.label) for p in parts)
        exhaustive = m.group(0) != "其中" or any(labels == split for split in lx.COMPLETE_SPLITS)
        out.append(Total(whole, parts, m.group(0), exhaustive))
    out.extend(_composed(qs, lx.COMPOSED.finditer(text)))
    for q in qs:
        word = q.verb.removesuffix("为")
        if word not in lx.TOTAL_WORDS and q.label not in lx.TOTAL_WORDS:
            continue
        # a list opened inside brackets is a part's own split ("债务转贷收入7661万元(其中:新增一般债券…)")
        starts = [m.end() for m in lx.LIST_START.finditer(text, 0, q.at) if not _bracketed(text, m.start())]
        if not starts:
            continue  # "…发放补贴共计11.16万元": one item's own sum, not the list's
        start = starts[-1]
        parts = tuple(
            p for p in qs if start <= p.at and p.end <= q.at and is_part(p, q) and not nested(text, start, p)
        )
        if text[:start].rstrip("：:").endswith(lx.ADDING_WORDS):
            # "本级收入238965万元，增长3.98%，加上：上年结转4550万元、…，收入总计929393万元"
            first = [p for p in qs if p.end <= start and is_part(p, q)]
            if not first:
                continue  # "…。加上上级补助收入54.3亿元、…，收入总计222.7亿元": the first part is a sentence before
            parts = (first[-1], *parts)
        if len(parts) >= 2:
            out.append(Total(q, parts, word or q.label, True))
    return out


# --- completion --------------------------------------------------------------------------------


def is_remainder(q: Quantity) -> bool:
    """What is left of a budget: "结余0万元", "未支703万元", "尚未拨付…"."""
    return any(w in q.label for w in lx.REMAINDER_WORDS)


def _spent(q: Quantity, marker: str) -> bool:
    if "到位" in marker and "到位" in q.label:
        return True  # 到位率: the money received is the numerator
    return any(w in q.label for w in lx.SPENT_WORDS)


def _given(q: Quantity, marker: str) -> bool:
    """Money made available, the base of a completion rate ("下达资金", "项目资金共2179万元")."""
    if "到位" in marker and "到位" in q.label:
        return False
    if any(w in q.label for w in lx.SPENT_WORDS if w not in ("完成",)) and "到位" not in q.label:
        return False
    return any(w in q.label for w in lx.GIVEN_WORDS) or q.label.endswith(lx.FUNDS_WORDS)


def _completion_figures(
    window: list[Quantity], marker: str
) -> tuple[Quantity | None, Quantity | None, Quantity | None]:
    """(actual, budget, remainder) among the money figures before a completion rate."""
    remainder = next((c for c in reversed(window) if is_remainder(c)), None)
    rest = [c for c in window if not is_remainder(c)]
    budgets = [c for c in rest if is_budget(c)]
    basis = _basis(marker)
    # "年初预算300万元，调整后预算320万元，…，完成年初预算的103.33%": the budget the rate names
    named = [c for c in budgets if basis is not None and _basis(c.label) == basis]
    chosen = named or budgets
    budget = chosen[-1] if chosen else None
    others = [c for c in rest if c is not budget and not is_budget(c)]
    actual = next((c for c in reversed(others) if _spent(c, marker)), None)
    if actual is None:
        actual = others[-1] if others else None
    if budget is None and actual is not None:
        # "项目资金共2179万元，…已完成拨付2113.63万元，执行率97%": the funds named before the spending
        budget = next((c for c in rest if c.at < actual.at and _given(c, marker)), None)
    return actual, budget, remainder


def _named_base(text: str, qs: list[Quantity], q: Quantity) -> tuple[str, Quantity | None]:
    """The words before a rate, and the figure printed inside them: "完成预算12.02万元的100%" →
    ("完成预算的", 12.02万元); "占全年预算150万元的80%" → ("占全年预算的", 150万元)."""
    i = qs.index(q)
    if i > 0 and q.lead == "的" and text[qs[i - 1].end : q.at] == "的" and not qs[i - 1].is_percent:
        base = qs[i - 1]
        return base.lead + "的", base
    return q.lead, None


def _completions(text: str, qs: list[Quantity]) -> list[Completion]:
    out: list[Completion] = []
    floor = 0
    for q in qs:
        if not q.is_percent:
            continue
        lead, named = _named_base(text, qs, q)
        m = lx.COMPLETION.search(lead)
        if m is None:
            continue
        window = [c for c in qs if floor <= c.at and c.end <= q.at and c.is_money and not is_change(c)]
        floor = q.end
        if named is not None and named.is_money:
            rest = [c for c in window if c is not named and not is_budget(c) and not is_remainder(c)]
            out.append(Completion(rest[-1] if rest else None, named, q, _basis(lead), m.group(0)))
            continue
        actual, budget, remainder = _completion_figures(window, m.group(0))
        if budget is None and remainder is None and actual is not None and "到位" not in m.group(0):
            # "预算资金100万元，实际到位100万元，到位率100%，实际支出95万元，执行率95%": the one budget
            # of the sentence, before the rate read just before this one
            earlier = [
                c for c in qs if c.end <= actual.at and c.is_money and is_budget(c) and c not in window
            ]
            budget = earlier[0] if len(earlier) == 1 else None
        basis = _basis(m.group(0)) or (_basis(budget.label) if budget is not None else None)
        if basis != "年初" and any(c.verb in ("追加", "调增", "调减") for c in window):
            budget = None  # 年初 + 追加: the whole year's budget is not printed
        out.append(Completion(actual, budget, q, basis, m.group(0), remainder))
    return out


# --- change ------------------------------------------------------------------------------------


def _direction(words: list[str]) -> Direction | None:
    for w in words:
        if w in lx.UP_WORDS:
            return "up"
        if w in lx.DOWN_WORDS:
            return "down"
    return None


def _unmarked(text: str, qs: list[Quantity]) -> list[ChangeRelation]:
    """A change said without 比 / 较 / 同比: "公务接待费2万元，上年为3万元，减少1万元，下降33.33%",
    "本年收入合计1500万元，增加100万元，增长7.14%" — an amount and a rate in the same direction right after
    the figure they change (a year's figure "上年为…" between them is the base)."""
    out: list[ChangeRelation] = []
    for i in range(1, len(qs) - 1):
        amount, rate = qs[i], qs[i + 1]
        if amount.is_percent or not rate.is_percent or not (is_change(amount) and is_change(rate)):
            continue
        words = [amount.verb.removesuffix("为"), rate.verb.removesuffix("为")]
        direction = _direction(words[:1])
        if direction is None or direction != _direction(words[1:]) or "追加" in amount.lead:
            continue
        before = [q for q in qs[:i] if not q.is_percent and not is_change(q) and same_kind(q, amount)]
        base = next((q for q in before if q.year is not None and q.year.relative == -1), None)
        current = [q for q in before if q is not base and not is_budget(q)]
        if current and _earlier_than_another(current[-1], before):
            continue  # "2023年支出14.58万元,2022年支出11.86万元,增加…": the last figure is the earlier year's
        if not current or text[current[-1].end : amount.at].count("，") + text[
            current[-1].end : amount.at
        ].count(",") > (2 if base is not None else 1):
            continue  # the figure changed stands right before (one clause, or two with the base)
        between = text[current[-1].end : amount.at]
        if ("；" in between or ";" in between) and amount.label and not _names(current[-1], amount.label):
            continue  # "…运行费支出决算174,732.10元,增长176.55%;公务接待费支出决算增加56,716.00元": another subject
        out.append(ChangeRelation(current[-1], amount, rate, direction, base, "", tuple(words)))
    return out


def _own_year(q: Quantity) -> int | None:
    """The year a figure prints in its own words ("2022年支出11.86万元" → 2022), not one it inherits."""
    if q.year is None or q.year.year is None or str(q.year.year) not in q.lead:
        return None
    return q.year.year


def _earlier_than_another(q: Quantity, figures: list[Quantity]) -> bool:
    """Whether ``q`` prints a year earlier than another of ``figures`` prints: then it is not the figure
    an unmarked change is of (which of the two is meant is not read, so no change is read at all)."""
    year = _own_year(q)
    return year is not None and any((_own_year(f) or 0) > year for f in figures if f is not q)


def _changes(text: str, qs: list[Quantity]) -> list[ChangeRelation]:
    out: list[ChangeRelation] = []
    markers = list(lx.CHANGE.finditer(text))
    if not markers:
        return _unmarked(text, qs)
    skip: set[int] = set()
    for k, m in enumerate(markers):
        stop = markers[k + 1].start() if k + 1 < len(markers) else len(text)
        scope = [q for q in qs if m.start() <= q.at < stop]
        amount = next((q for q in scope if not q.is_percent and is_change(q)), None)
        rate = next((q for q in scope if q.is_percent and is_change(q)), None)
        if amount is not None and rate is None and k + 1 < len(markers):
            # "比上年减少3万元，同比下降25%": one change told twice
            after = markers[k + 2].start() if k + 2 < len(markers) else len(text)
            rest = [q for q in qs if stop <= q.at < after]
            if not any(not q.is_percent and is_change(q) for q in rest):
                rate = next((q for q in rest if q.is_percent and is_change(q)), None)
                if rate is not None:
                    skip.add(k + 1)
        if k in skip:
            continue
        words = [
            w.removesuffix("为") for w in (amount.verb if amount else "", rate.verb if rate else "") if w
        ]
        direction = _direction(words)
        if direction is None:
            flat = next((w for w in lx.FLAT_WORDS if w in text[m.start() : stop]), None)
            if flat is None:
                continue
            direction, words = "flat", [flat]
        clause = max((text.rfind(c, 0, m.start()) for c in "；;。"), default=-1) + 1
        if k > 0 and markers[k - 1].start() >= clause:
            clause = m.start()  # "较上年251万元减少42万元,…,较预算数62万元…": 251 is the first one's base
        if m.group("plan"):
            # "较预算数898万元增加114万元": the budget printed right after the comparison is its base
            base = next((q for q in scope if q.at == m.end() and q.is_money and not is_change(q)), None)
        else:
            base = _base(text, m.group("year") or "", qs, (amount, rate), (clause, stop), m.start())
        budgets = bool(m.group("year")) and "预算" in m.group(0)  # "预算为14.01万元,与2023年预算相比…"
        before = [
            q
            for q in qs
            if q.end <= m.start()
            and not q.is_percent
            and not is_change(q)
            and (not is_budget(q) or budgets)
            and not lx.CHANGE.match(q.label)  # an earlier comparison's base ("较上年251万元")
            and q is not base
            and (amount is None or same_kind(q, amount))
        ]
        now = _now(text, m.start(), before)
        out.append(ChangeRelation(now, amount, rate, direction, base, m.group(0), tuple(words)))
        for more, more_rate in _each(qs, scope, amount, rate):
            # "收、支总计各减少1267.86,2570.97万元,各下降23.51%、38.28%": the second figure's own change
            out.append(ChangeRelation(None, more, more_rate, direction, None, m.group(0), tuple(words)))
    return out


def _each(
    qs: list[Quantity], scope: list[Quantity], amount: Quantity | None, rate: Quantity | None
) -> list[tuple[Quantity, Quantity]]:
    """The further (amount, rate) pairs of a change told of several figures at once: amounts with one
    verb, then "各下降a%、b%" — the rates listed after the first in the same order."""
    if amount is None or rate is None or not rate.label.endswith(("各", "分别")):
        return []
    amounts = [q for q in scope if not q.is_percent and is_change(q) and q.verb == amount.verb]
    i = qs.index(rate)
    listed = [q for q in qs[i + 1 : i + len(amounts)] if q.is_percent and not q.label and not q.verb]
    if len(amounts) < 2 or len(listed) != len(amounts) - 1:
        return []
    return list(zip(amounts[1:], listed, strict=True))


def _now(text: str, marker: int, before: list[Quantity]) -> Quantity | None:
    """The current figure of a change: the last one before the comparison — unless the clause of the
    comparison names another subject ("收入100万元，支出同比增加10万元": not 收入's change)."""
    before = [q for q in before if not _aside(text, q, marker)]
    if not before:
        return None
    clause = max((text.rfind(c, 0, marker) for c in lx.CLAUSE_SEPARATORS), default=-1) + 1
    subject = lx.YEAR_WORDS.sub("", text[max(clause, before[-1].end) : marker]).strip("，,、；;：: ")
    if len(subject) < 2:
        return before[-1]
    return next((q for q in reversed(before) if _names(q, subject)), None)


def _aside(text: str, q: Quantity, marker: int) -> bool:
    """A figure inside brackets closed before ``marker``: "共计335000万元（其中：…45000万元），比2021年…"."""
    opened = max(text.rfind("（", 0, q.at), text.rfind("(", 0, q.at))
    if opened < 0 or max(text.rfind("）", opened, q.at), text.rfind(")", opened, q.at)) >= 0:
        return False
    closed = [i for i in (text.find("）", q.end, marker), text.find(")", q.end, marker)) if i >= 0]
    return bool(closed)


def _names(q: Quantity, subject: str) -> bool:
    """Whether a figure's label and a subject name the same thing ("支出决算" ~ "因公出国（境）费支出")."""
    core = lx.STATUS_WORDS.sub("", q.label)
    return subject in q.label or (len(core) >= 2 and (core in subject or subject in core))


def _base(
    text: str,
    year: str,
    qs: list[Quantity],
    skip: tuple[Quantity | None, ...],
    span: tuple[int, int],
    marker: int,
) -> Quantity | None:
    """The earlier year's figure when the sentence prints it ("上年决算数11.86万元", "比上年累计支出285万元").

    It stands in the comparison's own clause (``span``: from the clause before the marker to the
    next marker, or the reason given for the change: :data:`~.lexicon.REASON`); 上年结转 / 上年结余 are
    this year's money carried over, not last year's figure.
    """
    start, stop = span
    reason = lx.REASON.search(text, max(start, marker), stop)
    if reason is not None:
        stop = reason.start()
    for q in qs:
        if not start <= q.at < stop or q in skip or q.is_percent or is_budget(q) or is_change(q):
            continue
        if q.year is None or any(w in q.label for w in lx.CARRIED_WORDS):
            continue
        if q.year.relative == -1 and "上" in q.lead:
            return q
        if year[:4].isdigit() and q.year.year == int(year[:4]) and year[:4] in q.lead:
            return q
    return None


# --- share -------------------------------------------------------------------------------------


def _listed_shares(qs: list[Quantity], i: int, totals: list[Total], whole_label: str) -> list[Share]:
    """ "基本支出800万元、项目支出380万元，分别占67.8%、32.2%": the rates listed after 分别占 / 各占, in the
    order of the figures listed before them."""
    rates = [qs[i]]
    for q in qs[i + 1 :]:
        if not q.is_percent or q.label or q.verb:
            break
        rates.append(q)
    figures = [c for c in qs[:i] if not c.is_percent and not is_change(c)]
    if len(figures) < len(rates):
        return []
    parts = figures[-len(rates) :]
    whole = next((t.whole for t in totals if all(p in t.parts for p in parts)), None)
    if whole is None and whole_label:
        whole = find_labelled(whole_label, [c for c in qs[:i] if c not in parts and not c.is_percent])
    return [Share(part, whole, whole_label, rate) for part, rate in zip(parts, rates, strict=True)]


def _shares(text: str, qs: list[Quantity], totals: list[Total]) -> list[Share]:
    out: list[Share] = []
    listed: set[int] = set()
    for i, q in enumerate(qs):
        if not q.is_percent or id(q) in listed:
            continue
        lead, named = _named_base(text, qs, q)
        m = lx.SHARE.search(lead)
        if m is None or lx.COMPLETION.search(lead):
            continue
        if named is None and lead.startswith(("分别", "各")):
            shares = _listed_shares(qs, i, totals, m.group("whole").strip("“”"))
            listed.update(id(sh.rate) for sh in shares)
            out.extend(shares)
            continue
        part = next(
            (c for c in reversed(qs[:i]) if not c.is_percent and not is_change(c) and c is not named), None
        )
        if part is None:
            continue
        whole_label = m.group("whole").strip("“”")
        whole: Quantity | None = named
        if whole is None and whole_label:
            whole = find_labelled(whole_label, [c for c in qs[:i] if c is not part and not c.is_percent])
        elif whole is None:
            whole = next((t.whole for t in totals if part in t.parts), None)
        out.append(Share(part, whole, whole_label, q))
    return out


def find_labelled(label: str, qs: list[Quantity]) -> Quantity | None:
    """The last figure named ``label`` ("本年支出合计" also finds "支出合计", "基本支出" "财政拨款基本支出")."""
    names = [label]
    if label.startswith("总") and len(label) > 2:  # 总支出 = 支出合计 / 支出总计
        names.extend(label[1:] + w for w in lx.TOTAL_WORDS)
    for word, _ in lx.RELATIVE_YEARS:
        if label.startswith(word):
            names.append(label[len(word) :])
    names = [_core(n) for n in names]
    found: Quantity | None = None
    summed: Quantity | None = None  # a figure told as a 总计 of its name: another figure than the name's own
    for q in qs:
        if q.is_percent or is_change(q):
            continue
        name = q.label
        total = q.verb.removesuffix("为")
        candidates = [_core(c) for c in ([name, name + total] if total in lx.TOTAL_WORDS else [name])]
        if any(c == n or (c.endswith(n) and len(n) >= 4) for c in candidates for n in names):
            if total in lx.TOTAL_WORDS and not any(n.endswith(tuple(lx.TOTAL_WORDS)) for n in names):
                summed = q  # "一般公共预算收入总计673.56亿元" is not "一般公共预算收入137.78亿元"
            else:
                found = q
    return found or summed


_AMOUNT_WORDS = re.compile(r"(?:总额|总数|金额|数)$")


def _core(name: str) -> str:
    """A figure's name without quotes and the words that only say it is an amount: "“三公”经费预算数" and
    "三公经费预算总额" are both 三公经费预算."""
    return _AMOUNT_WORDS.sub("", name.replace("“", "").replace("”", ""))


# --- staffing, enumerations, comparisons -------------------------------------------------------


def _staffing(qs: list[Quantity], totals: list[Total]) -> Staffing | None:
    """编制 / 实有 / 退休 headcounts in 人 or 名 (编制 also in 个: "单位编制30个"); several 编制 figures
    ("核定行政编制10名、事业编制20名") name no one authorised total, so none is taken."""
    authorised = actual = retired = None
    heads = [q for q in qs if q.unit in ("人", "名") or (q.unit == "个" and "编制" in q.label)]
    posts = [q for q in heads if "编制" in q.label and "编制外" not in q.label]
    outer = [q for q in posts if not any(q in t.parts for t in totals)]  # "编制45人，其中行政编制30人…"
    for q in heads:
        if q in posts:
            if len(outer) == 1 and q is outer[0]:
                authorised = q
        elif "退休" in q.label or "离休" in q.label:
            retired = retired or q
        elif any(w in q.label for w in lx.ACTUAL_STAFF_WORDS) and actual is None:
            actual = q
    if authorised is None and actual is None and retired is None:
        return None
    return Staffing(authorised, actual, retired)


def _enumerations(text: str, qs: list[Quantity]) -> list[Enumeration]:
    out: list[Enumeration] = []
    for q in qs:
        if q.unit not in ("个", "项", "家", "类", "所") or q.value != q.value.to_integral_value():
            continue
        m = lx.ENUMERATION.match(text, q.end)
        if m is None:
            continue
        items = tuple(
            i
            for i in (x.strip().rstrip("等").strip() for x in lx.ITEM_SEPARATORS.split(m.group("items")))
            if i
        )
        if len(items) >= 2:
            out.append(Enumeration(q, items))
    return out


def _comparisons(text: str, qs: list[Quantity]) -> list[Comparison]:
    out: list[Comparison] = []
    for m in lx.COMPARISON.finditer(text):
        before = [q for q in qs if q.end <= m.start() and q.is_money and not is_change(q)]
        right_basis = _basis(m.group("right"))
        budgets = [q for q in before if is_budget(q) and (right_basis is None or right_basis in q.label)]
        actuals = [q for q in before if not is_budget(q)]
        if budgets and actuals:
            out.append(Comparison(actuals[-1], budgets[-1], m.group("word"), m.group(0)))
    return out
