"""Cutting a run-together line of a form into its cells.

Some web pages and OCR text layers lose every separator of a form: "资金情况(万元)全年预算数(A)全年
执行数(B)分值执行率(B/A)得分年度资金总额:202010100.00%10其中:本年财政拨款2020…". Such a line is cut
at the words the specs and the level vocabulary know (header words, row labels, head fields, level
headings, the words that end a form), longest first, each word keeping the annotation printed
right after it ("(A)", "(70分)"); what lies between two words is cut into text runs and figures
("安装坡面水标尺10≥266米≥266米10" → 安装坡面水标尺 / 10 / ≥266米 / ≥266米 / 10). Two cells printed
alike run together are told apart where a text is printed twice ("显著提升显著提升") or a figure ends
with the figure after it ("1020万元" before "20万元" → 10 / 20万元). Digits that stay run together
(“202010100.00%”) are left for the reader, which knows the columns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .labels import indicator_labels
from .spec import self_evaluation_specs

_ENDINGS = (
    "评价结论",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填表人",
    "绩效指标",
    "年度绩效指标",
    "年度总体目标",
    "注:",  # the notes under the table: "说明无注:1、其他资金包括…"
    "注：",
)
_ANNOTATION = re.compile(r"^[（(][^（()）]{0,12}[）)]")
_UNIT = (
    r"(?:%|％|‰|万元|元|亿元|万人次|万人|万|人次|人|个|次|户|天|日|月|年|项|台|辆|件|份|家|所|座|公里|千米|厘米|"
    r"米|平方米|亩|吨|分|篇|期|批|场|套|本|条|间|张|课时|学时|起)"
)
_VALUE = re.compile(
    r"[≥≤<>=﹦＝]?\d+(?:\.\d+)*" + _UNIT + "?"
)  # "194.9194.9100%": figures glued, cut by the reader
_NUMBER = re.compile(r"^[≥≤<>=﹦＝]?(0|[1-9]\d*)(\.\d+)?" + _UNIT + "?$")


def is_run_together(line: str) -> bool:
    """A line with (almost) no separators between its cells that prints a form's column headers
    (three or more of them, "全年预算数", "年度指标值", "三级指标" …) — not running prose: a long line,
    or a short one (a header row of its own) with no sentence punctuation."""
    if len(set(_columns().findall(line))) < 3:
        return False
    return unseparated(line) or (_glued(line) and not _SENTENCE.search(line))


_SENTENCE = re.compile(r"[，。；]")


def _glued(line: str, chars_per_space: int = 40) -> bool:
    text = line.strip()
    if not text or "|" in text or "｜" in text or "\t" in text:
        return False
    return text.count(" ") + text.count("\u3000") <= len(text) / chars_per_space


def unseparated(line: str) -> bool:
    """A long line whose cells, if it holds any, ran together (no pipes or tabs, and a space no more
    often than one in twelve characters: those of a cell wrapped over lines, "医院东 津医疗收入" — a
    row whose cells single spaces part has one every few characters)."""
    return len(line.strip()) >= 80 and _glued(line, 12)


def continues_run(line: str) -> bool:
    """A line after a run-together form line that goes on with its cells: a long unseparated line
    (the form's next page), or a short line with no separator (the form's next row)."""
    return unseparated(line) or _glued(line)


_PAGE_NUMBER = re.compile(r"^\s*\d{1,2}、(?=\S)")  # a document site's page marker: "2、100%质量 指标…"
_WRAP_SPACE = re.compile(r"(?<=[\u4e00-\u9fff（(，、：:]) (?=[\u4e00-\u9fff（(])")


@lru_cache(maxsize=1)
def _columns() -> re.Pattern[str]:
    words = {
        w
        for spec in self_evaluation_specs()
        for _, _, vocab in spec.header_vocabularies
        for w in vocab.words
        if len(w) >= 3
    }
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _words() -> re.Pattern[str]:
    words: set[str] = set(_ENDINGS)
    for spec in self_evaluation_specs():
        for _, _, vocab in spec.header_vocabularies:
            words.update(vocab.words)
        for vocab in spec.fields.values():
            words.update(vocab.words)
        if spec.funds is not None:
            for vocab in spec.funds.rows.values():
                words.update(vocab.words)
        if spec.indicators is not None:
            words.update(spec.indicators.total.words)
    labels = indicator_labels()
    for vocab in (*labels.level1.values(), *labels.level2.values()):
        words.update(w for w in vocab.words if len(w) >= 4)  # "满意度" stays inside "户满意度"
    # two-letter words cut only where a header row stands; longer ones anywhere
    ordered = sorted((w for w in words if len(w) >= 2 and not w[0].isdigit()), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


def segment(line: str) -> list[str]:
    """The cells of a run-together line, in order (see the module docstring). A document site's page
    marker opening the line ("2、") is dropped, and a single space between two Chinese characters
    is a cell wrapped over lines ("产 出 指 标", "县级储备粮管理制 度严格执行率"), closed up."""
    text = _WRAP_SPACE.sub("", _PAGE_NUMBER.sub("", line.strip()))
    pieces: list[tuple[str, bool]] = []  # (text, is a known word)
    at = 0
    for m in _words().finditer(text):
        if m.start() < at:
            continue
        if m.start() > at:
            pieces.append((text[at : m.start()], False))
        end = m.end()
        note = _ANNOTATION.match(text[end:])
        if note:
            end += note.end()
        pieces.append((text[m.start() : end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    cells: list[str] = []
    for piece, known in pieces:
        if known:
            if cells and cells[-1].rstrip(":：") == "其中":
                cells[-1] += piece  # "其中:" + "本年财政拨款"
            else:
                cells.append(piece)
        elif piece.strip() in (":", "：") and cells:
            cells[-1] += piece.strip()  # "年度资金总额" + ":"
        else:
            cells.extend(_values(piece))
    return _untwin(cells)


def _values(piece: str) -> list[str]:
    """Text runs and figures of the stretch between two known words."""
    out: list[str] = []
    at = 0
    for m in _VALUE.finditer(piece):
        if m.start() > at:
            out.append(piece[at : m.start()])
        out.append(m.group())
        at = m.end()
    if at < len(piece):
        out.append(piece[at:])
    return _enumerations([c for c in (p.strip() for p in out) if c])


def _enumerations(cells: list[str]) -> list[str]:
    """A text cut at its figures where it enumerates them ("5000吨稻谷、500吨成品粮储备到位率"): no cell
    ends with "、", so the text before it, the figure that opens it and the next text are one cell."""
    out: list[str] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if cell.endswith("、") and k + 1 < len(cells):
            if out and _NUMBER.match(out[-1]):
                cell = out.pop() + cell
            rest = cells[k + 1]
            k += 1
            if _NUMBER.match(rest) and k + 1 < len(cells) and not _NUMBER.match(cells[k + 1]):
                rest += cells[k + 1]
                k += 1
            out.append(cell + rest)
            k += 1
            continue
        out.append(cell)
        k += 1
    return out


def _untwin(cells: list[str]) -> list[str]:
    """Two adjacent cells printed alike and run together, told apart."""
    out: list[str] = []
    for k, cell in enumerate(cells):
        nxt = cells[k + 1] if k + 1 < len(cells) else ""
        half = len(cell) // 2
        twin = _twin_tail(cell)
        if re.fullmatch(r"0\d+(?:\.\d+)?%?", cell):  # "00": two cells of 0 (no figure opens with 0)
            out.extend(_untwin(["0", cell[1:]]))  # ("05月" stays: a date's month)
        elif len(cell) >= 2 and len(cell) % 2 == 0 and cell[:half] == cell[half:] and not _NUMBER.match(cell):
            out.extend([cell[:half], cell[half:]])  # "显著提升显著提升", "高高" (a cell alone is never 常常)
        elif twin is not None:
            out.extend([cell[: -2 * len(twin)], twin, twin])  # "成本控制不超过预算不超过预算"
        elif nxt and _NUMBER.match(nxt) and cell.endswith(nxt) and _NUMBER.match(cell[: -len(nxt)] or "x"):
            out.extend([cell[: -len(nxt)], nxt])  # "1020万元" before "20万元"
        else:
            out.append(cell)
    return out


def _twin_tail(cell: str) -> str | None:
    """The text printed twice at the end of a cell that ran into the two after it — a name, then its
    target and its actual alike ("成本控制" + "不超过预算" twice): the longest such text of two
    characters or more that leaves a name of two or more; None when there is none."""
    if _NUMBER.match(cell) or re.search(r"\d", cell):
        return None
    for size in range((len(cell) - 2) // 2, 1, -1):
        tail = cell[-size:]
        if cell[-2 * size : -size] == tail:
            return tail
    return None
