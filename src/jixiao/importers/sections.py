"""The section tree of a narrative report: numbered headings, their text, where each stands.

Builds the :class:`~jixiao.model.ReportSection` tree the checker reads (figures in sentences,
numbering order and style, cross-references), the way a careful reader transcribes a printed
report:

* headings keep their number as printed: ``一`` (一、), ``（一）`` or ``(一)`` (the brackets as
  printed), ``（2）``, ``1．`` (a full-width point is kept; ``1、`` and ``1.`` give ``1``); the levels
  are those of GB/T 9704: 一、 above （一） above 1． above （1）, so "（1）" under "（一）" is a
  subsection, not a sibling in another style;
* a numbered paragraph without a title of its own ("1．2024 年基本支出……。按经济科目……") has its first
  sentence as heading and the rest as text; a short title before a colon or a full stop ("（三）项目绩效总
  目标：做好……") is the heading; "（一）运行成本方面，严格执行……" cuts at the first comma;
* lines wrapped by PDF extraction are joined (a line break is kept after 。；！？：);
* a small table printed inside the text (the 三公经费 table of seed 000) stays text, one row a line;
* a bulleted one-sentence list ("- (一) 认真贯彻执行……。") stays the text of its section;
* text before the first heading is an unnumbered section with an empty heading;
* an unnumbered short title followed by a （一） heading ("项目组织实施情况分析") is an unnumbered
  top-level section;
* inside a report typed into one table cell (seed 003), only punctuation-free numbered lines are
  headings, and an arabic number continuing the top-level count ("5、 存在的主要问题" after 四) is a
  top-level section, as printed;
* the 附件 list, the signature and the date close the report; a "附件 N" or "第N部分" line ends it.

No regulation is implemented here; the numbering styles follow GB/T 9704-2012 (党政机关公文格式)
as the seeds use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.model import Report, ReportSection
from jixiao.text import chinese_numeral

from .context import Context, Item

_H1 = re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(.+)$")
_H2 = re.compile(r"^([（(])\s*([一二三四五六七八九十]+|\d+)\s*([）)])\s*(.+)$")
_H3 = re.compile(r"^(\d{1,2})\s*([．.、])\s*(.+)$")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_NAMED_DATE = re.compile(r"^(\S{2,30}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_TABLE_ROW = re.compile(r"(?:\s+-?\d[\d.,]*%?){2,}\s*$")
_ROW_START = re.compile(r"^(?:\d+\s*[.．、]|合\s*计|小\s*计|总\s*计)")
_SHORT_TITLE = re.compile(r"^[\u4e00-\u9fff（）()“”]{4,16}$")
_UNIT_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}(?:中心|局|委员会|办公室|院|所|站|队|馆|厅|部|处)$")
_END = re.compile(r"附件\d+(?:[-－]\d+)?|第[一二三四五六七八九十]+部分")
_PUNCT = re.compile(r"[，,。；;：:]")
_TERMINAL = "。；！？：:"


@dataclass
class Line:
    """One line of narrative: its text (stripped), source line, and the item it came from."""

    text: str
    line: int | None
    item: Item

    @property
    def key(self) -> str:
        return re.sub(r"\s+", "", self.text)


@dataclass
class Parsed:
    """What the builder read from a run of lines."""

    sections: list[ReportSection] = field(default_factory=list)
    preface: str = ""
    preface_line: int | None = None
    date: str | None = None
    signed_by: str | None = None
    attachments: list[str] = field(default_factory=list)
    where: dict[str, Line] = field(default_factory=dict)  # date, signed_by, attachments -> line


def chinese_value(number: str) -> int | None:
    """一 -> 1, 十二 -> 12, 3 -> 3 (the value of a heading number, brackets and points removed)."""
    return chinese_numeral(re.sub(r"[（）()、．.\s]", "", number))


def heading_of(text: str) -> tuple[int, str, str] | None:
    """(level, number as printed, rest of the line) of a numbered heading line, else None."""
    t = text.strip()
    m = _H1.match(t)
    if m:
        return 1, m.group(1), m.group(2).strip()
    m = _H2.match(t)
    if m:
        # （一） is the second level, （1） the fourth, under 1． (GB/T 9704: 一、 （一） 1． （1）)
        level = 4 if m.group(2).isdigit() else 2
        return level, f"{m.group(1)}{m.group(2)}{m.group(3)}", m.group(4).strip()
    m = _H3.match(t)
    if m:
        return 3, m.group(1) + ("．" if m.group(2) == "．" else ""), m.group(3).strip()
    return None


def width(text: str) -> int:
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def wrap_width(lines: list[Line]) -> int:
    """The width at which the extraction wrapped lines (80th percentile of line widths)."""
    widths = sorted(width(x.text) for x in lines if x.text)
    if len(widths) < 5:
        return 10**6
    return widths[int(len(widths) * 0.8)]


def split_heading(level: int, body: str) -> tuple[str, str]:
    """Heading and following text of a numbered paragraph (see the module docstring)."""
    body = body.strip()

    def first(chars: str) -> int:
        found = [i for i, ch in enumerate(body) if ch in chars]
        return found[0] if found else -1

    stop = first("。")
    colon = first("：:")
    comma = first("，,")
    cuts = [i for i in (stop, colon) if i >= 0]
    cut = min(cuts) if cuts else -1
    if (
        level in (2, 4)
        and (stop >= 0 or body.endswith(("，", "；", ",")))
        and 0 < comma <= 12
        and (cut < 0 or comma < cut)
    ):
        return body[:comma].strip(), body[comma + 1 :].strip()
    if cut < 0:
        return body, ""
    head, rest = body[:cut].strip(), body[cut + 1 :].strip()
    if rest:
        return head, rest
    if body[cut] == "。" and len(head) > 10:
        return body, ""  # the whole paragraph is one sentence: it is the heading, as printed
    return head, ""


class SectionBuilder:
    def __init__(self, ctx: Context, lines: list[Line], *, boxed: bool) -> None:
        self.ctx = ctx
        self.lines = lines
        self.boxed = boxed
        self.full = wrap_width(lines)
        # PDF-extracted text wraps at a fixed width: a full line that ends in 。 may go on
        widths = [width(x.text) for x in lines if x.text]
        at_wrap = sum(1 for w in widths if abs(w - self.full) <= 4)
        self.flow = not boxed and len(widths) >= 20 and self.full <= 90 and at_wrap >= len(widths) // 4
        self.out = Parsed()
        self.stack: list[tuple[int, ReportSection]] = []
        self.pending: list[tuple[str, bool]] = []  # (text, wrapped at full width)

    # text ---------------------------------------------------------------------------------
    def _append(self, text: str) -> None:
        if not text:
            return
        if self.stack:
            sec = self.stack[-1][1]
            sec.text = f"{sec.text}\n{text}" if sec.text else text
        else:
            self.out.preface = f"{self.out.preface}\n{text}" if self.out.preface else text

    def _is_full(self, text: str) -> bool:
        return self.flow and width(text) >= self.full - 6

    def _join(self, pieces: list[tuple[str, bool]]) -> str:
        """Join lines into paragraphs: a break after 。；！？： unless the line was wrapped at full width."""
        out = ""
        brk = False
        for text, full in pieces:
            text = text.strip()
            if not text:
                continue
            if out:
                out += "\n" if brk or self.boxed else ""
            out += text
            brk = text[-1] in "。；！？：" and not full
        return out

    def flush(self) -> None:
        if self.pending:
            self._append(self._join(self.pending))
            self.pending.clear()

    def _continues(self, text: str) -> bool:
        if not text:
            return False
        if self._is_full(text):
            return True
        if text[-1] in _TERMINAL:
            return False
        return text[-1] in "，、,"

    def _paragraph(self, i: int, first: str) -> tuple[str, int]:
        """The paragraph starting at line ``i`` (``first``: its text after the number), and the next index."""
        parts = [(first, self._is_full(self.lines[i].text))]
        last = self.lines[i].text
        j = i + 1
        while j < len(self.lines) and self._continues(last):
            nxt = self.lines[j]
            if not nxt.key:
                j += 1
                continue
            if heading_of(nxt.text.lstrip("-• ")) is not None or _END.fullmatch(nxt.key):
                break
            parts.append((nxt.text, self._is_full(nxt.text)))
            last = nxt.text
            j += 1
        for x in self.lines[i:j]:
            self.ctx.use(x.item)
        return self._join(parts), j

    def _plain_list(self, i: int) -> int | None:
        """End index of a run of untitled one-paragraph arabic items ("1、……。" "2、……。"), else None.

        Such a run is a list inside its section's text, not a row of subsections: no item has a
        title of its own (a short first sentence without figures, or a "……：" lead), and no item
        is followed by text of its own.
        """
        j = i
        count = 0
        while j < len(self.lines):
            ln = self.lines[j]
            if not ln.key:
                j += 1
                continue
            found = heading_of(ln.text)
            if found is None or found[0] != 3 or found[1].endswith("．"):
                break
            if count == 0 and chinese_value(found[1]) != 1:
                return None
            paragraph, k = self._paragraph(j, found[2])
            heading, rest = split_heading(3, paragraph)
            if rest and not re.search(r"\d", heading):
                return None
            count += 1
            j = k
        if count == 0:
            return None
        nxt = self._next_key(j - 1) if j > 0 else ""
        below = heading_of(nxt) if nxt else None
        if below is not None and below[0] > 3:
            return None  # "1．产出指标完成情况分析。" over "（1）数量指标": a title with subsections
        if (
            nxt
            and heading_of(nxt) is None
            and not re.fullmatch(r"附件.*|第.+部分", nxt)
            and not _SHORT_TITLE.match(nxt)
        ):
            return None  # the last item has text of its own
        return j

    def _next_key(self, i: int) -> str:
        for x in self.lines[i + 1 :]:
            if x.key:
                return x.key
        return ""

    # headings -----------------------------------------------------------------------------
    def _place(self, level: int, sec: ReportSection) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if self.stack:
            parent = self.stack[-1][1]
            parent.subsections = [*parent.subsections, sec]
        else:
            self.out.sections.append(sec)
        self.stack.append((level, sec))

    def _promoted(self, level: int, number: str) -> int:
        """An arabic number that continues the top-level count stands at the top level; a "（2）"
        that opens no list of its own (no "（1）" before it) continues the （一） list it follows."""
        if level == 4:
            if chinese_value(number) == 1 or (self.stack and self.stack[-1][0] == 4):
                return 4
            return 2
        if level != 3 or not self.boxed:
            return level
        top = next((s for lv, s in self.stack if lv == 1), None)
        if top is None or top.subsections or top.number is None:
            return level
        value, top_value = chinese_value(number), chinese_value(top.number)
        if value is not None and top_value is not None and value == top_value + 1:
            return 1
        return level

    def _closing(self, i: int, ln: Line) -> bool:
        """The date and the signature under the report: recorded, not text."""
        text, key = ln.text, ln.key
        m = _NAMED_DATE.match(text)
        if _DATE.fullmatch(text) or (m and not heading_of(text)):
            self.flush()
            self.out.date = text if _DATE.fullmatch(text) else m.group(2) if m else text
            self.out.where["date"] = ln
            return True
        if _UNIT_NAME.match(key) and _DATE.fullmatch(self._next_key(i)):
            self.flush()
            self.out.signed_by = text
            self.out.where["signed_by"] = ln
            return True
        return False

    def run(self) -> Parsed:
        i = 0
        n = len(self.lines)
        in_table = False
        rows: list[list[str]] = []
        collecting = False
        inline_attachments = False
        while i < n:
            ln = self.lines[i]
            text, key = ln.text, ln.key
            self.ctx.use(ln.item)
            if not key:
                i += 1
                continue
            # the end of the report: the next attachment or part begins
            if _END.fullmatch(key) and (self.out.sections or self.out.preface):
                break
            # signature and date
            if self._closing(i, ln):
                i += 1
                continue
            # the 附件 list
            m_att = re.match(r"^附\s*件\s*[:：]\s*(.*)$", text)
            if m_att:
                self.flush()
                collecting = True
                self.out.where["attachments"] = ln
                entry = m_att.group(1).strip()
                inline_attachments = bool(entry)
                if entry:
                    self.out.attachments.append(entry)
                i += 1
                continue
            if collecting:
                m_entry = re.match(r"^\d+\s*[.．、]\s*(.*)$", text)
                if m_entry:
                    self.out.attachments.append(text if inline_attachments else m_entry.group(1).strip())
                    i += 1
                    continue
                if self.out.attachments and not _PUNCT.search(text) and len(key) < 40:
                    self.out.attachments[-1] += text
                    i += 1
                    continue
                collecting = False
            # a small table inside the text
            if in_table:
                if _PUNCT.search(text) and not _TABLE_ROW.search(text):
                    self._close_table(rows)
                    rows = []
                    in_table = False
                else:
                    self._table_line(rows, text)
                    i += 1
                    continue
            if key == "项目" or (_ROW_START.match(key) and _TABLE_ROW.search(text)):
                self.flush()
                in_table = True
                rows = []
                self._table_line(rows, text)
                i += 1
                continue
            # a bulleted one-sentence list item stays text
            bullet = text.startswith(("- ", "-（", "-(", "• "))
            body_text = text.lstrip("-• ").strip()
            found = heading_of(body_text)
            if found is not None and bullet:
                _lv, _num, rest = found
                if "。" not in rest.rstrip("。"):
                    self.flush()
                    self._append(body_text)
                    i += 1
                    continue
            if found is not None and self.boxed and _PUNCT.search(found[2]):
                found = None
            if found is not None and found[0] == 3 and not self.boxed:
                end = self._plain_list(i)
                if end is not None:
                    self.flush()
                    k = i
                    while k < end:
                        if not self.lines[k].key:
                            k += 1
                            continue
                        paragraph, k = self._paragraph(k, self.lines[k].text)
                        self._append(paragraph)
                    i = end
                    continue
            if found is not None:
                level, number, rest = found
                self.flush()
                # the heading paragraph: the line and the lines it wraps onto
                paragraph, j = self._paragraph(i, rest)
                heading, after = split_heading(level, paragraph)
                sec = ReportSection(number=number, heading=heading, line=ln.line)
                self._place(self._promoted(level, number), sec)
                if after:
                    self.pending.append((after, False))
                i = j
                continue
            # an unnumbered title over （一） headings
            nxt_found = heading_of(self._next_key(i))
            if (
                _SHORT_TITLE.match(key)
                and self.out.sections
                and nxt_found is not None
                and nxt_found[0] == 2
                and chinese_value(nxt_found[1]) == 1
            ):
                self.flush()
                self._place(1, ReportSection(number=None, heading=key, line=ln.line))
                i += 1
                continue
            if not self.out.sections and not self.stack and self.out.preface_line is None:
                self.out.preface_line = ln.line
            self.pending.append((text, self._is_full(text)))
            i += 1
        if in_table:
            self._close_table(rows)
        self.flush()
        return self.out

    def _table_line(self, rows: list[list[str]], text: str) -> None:
        starts_row = bool(_ROW_START.match(re.sub(r"\s+", "", text)))
        ended = bool(rows) and bool(rows[-1]) and bool(re.search(r"\d%?$", rows[-1][-1]))
        if not rows or starts_row or ended:
            rows.append([text])
        else:
            rows[-1].append(text)

    def _close_table(self, rows: list[list[str]]) -> None:
        for row in rows:
            out = ""
            for piece in row:
                if out and not (_cjk(out[-1]) and _cjk(piece[0])):
                    out += " "
                out += piece
            self._append(out)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "（）“”"


def build_sections(ctx: Context, lines: list[Line], *, boxed: bool = False) -> Parsed:
    """Read a run of narrative lines into sections (see the module docstring)."""
    out = SectionBuilder(ctx, lines, boxed=boxed).run()
    if out.preface:
        out.sections.insert(
            0, ReportSection(number=None, heading="", text=out.preface, line=out.preface_line)
        )
        out.preface = ""
    return out


def apply(ctx: Context, report: Report, parsed: Parsed, *, sections: bool = True) -> None:
    """Put what the builder read into the report, each value with the line it stands on."""
    if sections:
        report.sections = parsed.sections
    if parsed.date is not None:
        report.date = parsed.date
    if parsed.signed_by is not None:
        report.signed_by = parsed.signed_by
    if parsed.attachments:
        report.attachments = parsed.attachments
    for attr, ln in parsed.where.items():
        if getattr(report, attr):
            report.sources[attr] = ctx.src(ln.item.loc, ln.text).model_copy(update={"line": ln.line})
