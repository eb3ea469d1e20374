"""Sentence extractor: the figures stated in the narrative reports.

Regular expressions over ``package.reports[*].sections[*].text`` find the sentences the seeds
use — "支出决算为2.76万元，完成预算的69%", "与上年相比减少4.11万元，下降59.82%", "基本支出214.33万元，
占85.32%", "编制39人", "内设科室6个，分别为：…", "总计251. 21万元" — and return them as plain facts
for the checks in :mod:`jixiao.audit.checks`. Whitespace inside the text is removed before matching
(Chinese needs none, and PDF extraction leaves "251. 21"); line breaks stay as paragraph ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import EvaluationPackage, Report, ReportSection

from .numbers import NUMBER, chinese_int, dec

N = rf"({NUMBER})"


@dataclass(frozen=True)
class Passage:
    """The text of one report section, normalised, with where it stands."""

    report_index: int
    report: Report
    section: ReportSection
    path: str  # reports[1].sections[4].subsections[0]
    text: str  # whitespace removed except line breaks
    raw: str

    @property
    def line(self) -> int | None:
        return self.section.line


@dataclass(frozen=True)
class Amount:
    """An amount stated in the text: value, unit as printed (万元 / 元 / 亿元), offset in the text."""

    value: Decimal
    unit: str
    start: int
    end: int
    before: str  # up to 12 characters before the number


@dataclass
class Facts:
    """Everything the extractor found in a package's narrative."""

    passages: list[Passage] = field(default_factory=list)


def normalise(text: str) -> str:
    """Remove spaces (ASCII, full-width, tabs) but keep line breaks; unify full-width digits."""
    text = text.translate(str.maketrans("０１２３４５６７８９．％：", "0123456789.%:"))
    return re.sub(r"[ \t\u3000\u00a0]+", "", text)


def passages(package: EvaluationPackage) -> list[Passage]:
    """Every report section of the package as a :class:`Passage` (depth first)."""
    out: list[Passage] = []

    def walk(ri: int, report: Report, sections: list[ReportSection], prefix: str) -> None:
        for si, s in enumerate(sections):
            path = f"{prefix}[{si}]"
            text = s.text or ""
            if len(s.heading) > 30:  # a numbered sentence transcribed as a heading
                text = s.heading + "\n" + text
            out.append(Passage(ri, report, s, path, normalise(text), text))
            walk(ri, report, s.subsections, f"{path}.subsections")

    for ri, report in enumerate(package.reports):
        walk(ri, report, report.sections, f"reports[{ri}].sections")
    return out


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Split on 。；! ? and line breaks; yield (offset, sentence)."""
    start = 0
    for m in re.finditer(r"[。；;！!？?\n]", text):
        if m.start() > start:
            yield start, text[start : m.start()]
        start = m.end()
    if start < len(text):
        yield start, text[start:]


_AMOUNT = re.compile(rf"{N}(万元|亿元|千元|元|万)(?![/／])")


def amounts(text: str) -> list[Amount]:
    """Amounts with a money unit in ``text`` ("2.76万元", "208.09元", "53万")."""
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        value = dec(m.group(1))
        if value is None:
            continue
        unit = m.group(2)
        if unit == "万":
            # "53万" is money only when followed by nothing unit-like (人, 户 …)
            nxt = text[m.end() : m.end() + 1]
            if nxt and re.match(r"[\u4e00-\u9fff]", nxt) and nxt not in "，。；、,":
                continue
            unit = "万元"
        out.append(Amount(value, unit, m.start(), m.end(), text[max(0, m.start() - 12) : m.start()]))
    return out


def stray_space_numbers(raw: str) -> list[str]:
    """Numbers printed with a space inside ("251. 21", "43 .97")."""
    return [m.group(0) for m in re.finditer(r"\d+\.[ \u3000]+\d+|\d+[ \u3000]+\.\d+", raw)]


# --- budget completion: "预算为4万元，支出决算为2.76万元，完成预算的69%" -------------------------

_COMPLETION = re.compile(rf"完成(?:年初|全年|调整后)?预算(?:数)?的{N}%")
_BUDGET_BEFORE = re.compile(rf"预算(?:数)?(?:为|是)?{N}(万元|元|万)")
_ACTUAL_BEFORE = re.compile(
    rf"(?:决算(?:数)?(?:为|是)?|执行数(?:为|是)?|实际支出(?:为)?|支出)(?<!预算)({NUMBER})(万元|元|万)"
)


@dataclass(frozen=True)
class Completion:
    passage: Passage
    sentence: str
    rate: Decimal
    budget: Amount | None
    actual: Amount | None


def completions(p: Passage) -> Iterator[Completion]:
    for _, s in sentences(p.text):
        for m in _COMPLETION.finditer(s):
            rate = dec(m.group(1))
            if rate is None:
                continue
            head = s[: m.start()]
            budget = _last(_BUDGET_BEFORE, head)
            actual = None
            for am in _ACTUAL_BEFORE.finditer(head):
                if budget is not None and am.start(1) == budget.start:
                    continue
                if "预算" in head[max(0, am.start() - 3) : am.start() + 2]:
                    continue
                v = dec(am.group(1))
                if v is not None:
                    actual = Amount(
                        v, am.group(2), am.start(1), am.end(), head[max(0, am.start(1) - 12) : am.start(1)]
                    )
            yield Completion(p, s, rate, budget, actual)


def _last(pattern: re.Pattern[str], text: str) -> Amount | None:
    found: Amount | None = None
    for m in pattern.finditer(text):
        v = dec(m.group(1))
        if v is not None:
            unit = "万元" if m.group(2) == "万" else m.group(2)
            found = Amount(v, unit, m.start(1), m.end(), text[max(0, m.start(1) - 12) : m.start(1)])
    return found


# --- year-on-year change: "与上年相比减少4.11万元，下降59.82%" -------------------------------------

_CHANGE = re.compile(
    rf"(?:与上年(?:相比|同期相比)?|比上年(?:决算数?|同期)?|较上年|同比|比\d{{4}}年(?:度)?(?:决算数?)?)"
    rf"[，,]?[^。；，,\n]{{0,12}}?(增加|减少|增长|下降|降低|减)({NUMBER})万元[，,](增长|下降|降低|减少|增加)({NUMBER})%"
)


@dataclass(frozen=True)
class Change:
    passage: Passage
    sentence: str
    current: Amount | None
    direction: str  # "up" / "down"
    amount: Decimal
    rate: Decimal


def changes(p: Passage) -> Iterator[Change]:
    text = p.text
    for m in _CHANGE.finditer(text):
        amount = dec(m.group(2))
        rate = dec(m.group(4))
        if amount is None or rate is None:
            continue
        direction = "up" if m.group(1) in ("增加", "增长") else "down"
        para_start = text.rfind("\n", 0, m.start()) + 1
        window_start = max(para_start, m.start() - 160)
        head = text[window_start : m.start()]
        current = None
        for a in amounts(head):
            if a.unit not in ("万元", "元"):
                continue
            if re.search(r"预算(?:数)?(?:为|是)?$", a.before) or re.search(r"(增加|减少|追加)$", a.before):
                continue
            current = a
        line_start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        line_end_candidates = [i for i in (text.find("。", m.end()), text.find("\n", m.end())) if i >= 0]
        line_end = min(line_end_candidates) if line_end_candidates else len(text)
        yield Change(p, text[line_start:line_end], current, direction, amount, rate)


# --- shares: "基本支出214.33万元，占85.32%" ------------------------------------------------------

_SHARE = re.compile(rf"{N}万元[，,]占([^，。；%\d]{{0,16}}?)的?{N}%")


@dataclass(frozen=True)
class Share:
    passage: Passage
    sentence: str
    part: Decimal
    label: str  # the named whole ("本年支出合计", "基本支出") or ""
    rate: Decimal
    whole: Decimal | None


def shares(p: Passage, report_text: str) -> Iterator[Share]:
    for _, s in sentences(p.text):
        for m in _SHARE.finditer(s):
            part = dec(m.group(1))
            rate = dec(m.group(3))
            if part is None or rate is None:
                continue
            label = m.group(2).rstrip("的")
            whole: Decimal | None = None
            if label:
                for scope in (s[: m.start()], p.text, report_text):
                    whole = _named_amount(label, scope)
                    if whole is not None:
                        break
            else:
                head = s[: m.start()]
                k = head.rfind("其中")
                if k >= 0:
                    before = [a for a in amounts(head[:k]) if a.unit == "万元"]
                    if before:
                        whole = before[-1].value
            yield Share(p, s, part, label, rate, whole)


def _named_amount(label: str, text: str) -> Decimal | None:
    candidates = [label]
    if label.startswith("本年"):
        candidates.append(label[2:])
    for name in candidates:
        found: Decimal | None = None
        for m in re.finditer(rf"{re.escape(name)}(?:为|是|共|共计)?{N}万元", text):
            found = dec(m.group(1))
        if found is not None:
            return found
    return None


# --- staffing and offices: "编制39人", "实有人数20人", "内设科室6个，分别为：…" ------------------

_AUTHORIZED = re.compile(r"编制(?:人数|数)?(?:为|共)?(\d+)人")
_ACTUAL_STAFF = re.compile(r"实有(?:在职)?人数(?:为|共)?(\d+)人")
_OFFICES = re.compile(
    r"(\d+|[一二三四五六七八九十]+)个(?:内设机构|内设科室|科室|股室|机构)?[，,]?"
    r"(?:分别为|具体有|分别是|具体为|包括|为)[：:]([^。\n]+)"
)


@dataclass(frozen=True)
class Count:
    passage: Passage
    sentence: str
    value: int
    listed: int | None = None
    items: tuple[str, ...] = ()


def staffing(p: Passage) -> tuple[list[Count], list[Count]]:
    authorized = [Count(p, m.group(0), int(m.group(1))) for m in _AUTHORIZED.finditer(p.text)]
    actual = [Count(p, m.group(0), int(m.group(1))) for m in _ACTUAL_STAFF.finditer(p.text)]
    return authorized, actual


def offices(p: Passage) -> Iterator[Count]:
    for m in _OFFICES.finditer(p.text):
        context = p.text[max(0, m.start() - 20) : m.start()]
        if "设" not in context:
            continue
        n = chinese_int(m.group(1))
        if n is None:
            continue
        items = tuple(i for i in (x.strip().rstrip("等") for x in re.split(r"[、，,；;]", m.group(2))) if i)
        yield Count(p, m.group(0), n, len(items), items)


# --- 其中 parts: "政府采购支出总额0万元，其中：政府采购货物支出0.27万元" -----------------------------


@dataclass(frozen=True)
class PartOf:
    passage: Passage
    sentence: str
    whole_label: str
    whole: Decimal
    parts: list[tuple[str, Decimal]]


def parts_of(p: Passage) -> Iterator[PartOf]:
    for _, s in sentences(p.text):
        k = s.find("其中")
        if k < 0:
            continue
        head = [a for a in amounts(s[:k]) if a.unit == "万元"]
        if not head or k - head[-1].end > 2:
            continue
        whole = head[-1]
        label_match = re.search(r"([\u4e00-\u9fff“”]{1,12}?)(?:为|是|共|共计)?$", s[: whole.start])
        tail = s[k:]
        parts: list[tuple[str, Decimal]] = []
        for a in amounts(tail):
            if a.unit != "万元":
                continue
            label = re.sub(r"^.*[，,：:、]", "", a.before)
            parts.append((label, a.value))
        if parts:
            yield PartOf(p, s, label_match.group(1) if label_match else "", whole.value, parts)


# --- scores and project summaries -----------------------------------------------------------

_SCORE = re.compile(
    rf"(?:综合评分自评为|自评得分为|总绩效为|绩效自评得分为|综合得分为|评分自评为|结合评价自评得分为){N}分"
)


def stated_scores(p: Passage) -> list[tuple[str, Decimal]]:
    out: list[tuple[str, Decimal]] = []
    for m in _SCORE.finditer(p.text):
        v = dec(m.group(1))
        if v is not None:
            out.append((m.group(0), v))
    return out


_PROJECT_SUMMARY = re.compile(r"([^\n。：:]{2,40}?)项目绩效自评综述[：:]([^\n]*)")
_PROJECT_BUDGET = re.compile(rf"全年预算数为{N}万元")
_PROJECT_EXECUTED = re.compile(rf"执行数为{N}万元")


@dataclass(frozen=True)
class ProjectSummary:
    passage: Passage
    name: str
    text: str
    score: Decimal | None
    annual_budget: Decimal | None
    executed: Decimal | None


def project_summaries(p: Passage) -> Iterator[ProjectSummary]:
    for m in _PROJECT_SUMMARY.finditer(p.text):
        body = m.group(2)
        score = _first(_SCORE, body)
        yield ProjectSummary(
            p, m.group(1), body, score, _first(_PROJECT_BUDGET, body), _first(_PROJECT_EXECUTED, body)
        )


_PROJECT_LIST = re.compile(rf"(年初预算|年中追加)项目“([^”]+)”金额{N}万元?[，,]实际支出{N}万元")


@dataclass(frozen=True)
class ProjectListItem:
    passage: Passage
    kind: str  # 年初预算 / 年中追加
    name: str
    amount: Decimal
    executed: Decimal


def project_list(p: Passage) -> Iterator[ProjectListItem]:
    for m in _PROJECT_LIST.finditer(p.text):
        a, e = dec(m.group(3)), dec(m.group(4))
        if a is not None and e is not None:
            yield ProjectListItem(p, m.group(1), m.group(2), a, e)


def _first(pattern: re.Pattern[str], text: str) -> Decimal | None:
    m = pattern.search(text)
    return dec(m.group(1)) if m else None


# --- in-year adjustment: "年初预算620.76万元，年中追加116.13万元" -----------------------------------

_ADJUSTMENT = re.compile(rf"年初预算(?:数)?(?:为)?{N}万元[，,](?:年中|调整)?追加(?:预算)?{N}万元")


def adjustments(p: Passage) -> Iterator[tuple[str, Decimal, Decimal]]:
    for m in _ADJUSTMENT.finditer(p.text):
        a, b = dec(m.group(1)), dec(m.group(2))
        if a is not None and b is not None:
            yield m.group(0), a, b


# --- 三公 statements: "公务接待费支出预算为2万元，支出决算为1.63万元" ----------------------------------

THREE_PUBLIC_NAMES = {
    "三公": "total",
    "因公出国（境）费": "overseas_travel",
    "因公出国(境)费": "overseas_travel",
    "公务接待费": "reception",
    "公务用车运行维护费": "vehicle_operation",
    "公务用车购置费": "vehicle_purchase",
}

_THREE_PUBLIC = re.compile(
    rf"(“三公”经费|三公经费|“三公经费”|因公出国（境）费|因公出国\(境\)费|公务接待费|公务用车运行维护费|公务用车购置费)"
    rf"(?:财政拨款)?支出预算(?:数)?为{N}万元[，,]支出决算(?:数)?为{N}万元"
)
_THREE_PUBLIC_RATE = re.compile(rf"三公经费”?控制率(?:为|是)?{N}%")


def three_public_statements(p: Passage) -> Iterator[tuple[str, str, Decimal, Decimal]]:
    for m in _THREE_PUBLIC.finditer(p.text):
        name = m.group(1)
        key = "total" if "三公" in name else THREE_PUBLIC_NAMES.get(name, "")
        b, a = dec(m.group(2)), dec(m.group(3))
        if key and b is not None and a is not None:
            yield m.group(0), key, b, a


def three_public_rates(p: Passage) -> Iterator[tuple[str, Decimal]]:
    for m in _THREE_PUBLIC_RATE.finditer(p.text):
        v = dec(m.group(1))
        if v is not None:
            yield m.group(0), v


# --- years -----------------------------------------------------------------------------------

_YEAR_SUBJECT = re.compile(
    r"(\d{4})年(?:度)?(部门决算|部门整体支出|部门预算|单位决算|项目支出绩效|整体支出绩效)"
)


def year_mentions(p: Passage) -> Iterator[tuple[str, int]]:
    for m in _YEAR_SUBJECT.finditer(p.text):
        before = p.text[max(0, m.start() - 3) : m.start()]
        after = p.text[m.end() : m.end() + 4]
        if re.search(r"(比|较|与|上|和|、)$", before) or after.startswith(("相比", "比较")):
            continue
        yield m.group(0), int(m.group(1))


# --- units: "支出决算为208.09元" in a 万元 context -------------------------------------------------

_YUAN = re.compile(rf"(?<![\d.]){N}元(?![/／\d])")


def yuan_amounts(p: Passage) -> Iterator[tuple[str, Decimal, str]]:
    """Amounts printed with the unit 元 (not 万元): (match, value, sentence)."""
    for _, s in sentences(p.text):
        for m in _YUAN.finditer(s):
            before = s[max(0, m.start() - 1) : m.start()]
            if before in ("万", "亿", "千", "百"):
                continue
            v = dec(m.group(1))
            if v is None:
                continue
            yield m.group(0), v, s


# --- indicator figures in the text: "已完成政府代缴人数1200人" ----------------------------------------


def figure_after(name: str, text: str) -> Iterator[tuple[str, Decimal, str]]:
    """Numbers printed right after ``name`` (within two characters) with their unit."""
    for m in re.finditer(rf"{re.escape(name)}(?:为|是|达|达到)?{N}(万人|人次|人|户|家|个|次|件|%)", text):
        v = dec(m.group(1))
        if v is not None:
            yield m.group(0), v, m.group(2)
