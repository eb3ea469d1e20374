"""The 绩效目标申报表 as a file: read it from .xlsx/.docx/.html/.pdf, write it as .xlsx.

Reading uses the importers' readers (:func:`jixiao.importers.api.read_document`: located cells,
merged spans, the same limits as any import) and recognises a declaration table by its title
(绩效目标申报表 / 绩效目标表) and its indicator header: 一级指标 / 二级指标 / 三级指标 and a value
column (指标值, 年度指标值, 目标值) without an 实际完成值 column (that would be a self-evaluation).
Optional columns: 权重/分值, 指标值设定依据, 依据数值, 计量单位, 指标方向/运算符号, 指标性质, 指标解释,
数据来源. Header rows give 项目名称, 主管部门, 实施单位, 年度资金总额 / 财政拨款 / 其他资金 and the
年度总体目标. Every value keeps its place (document, table, row, column).

Writing gives the same layout (:func:`write_declarations`), so a declaration read and written again
is the same. Level labels come from ``data/forms/vocabulary.yaml`` (:mod:`jixiao.layouts.labels`).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    EvaluationPackage,
    FundsRowKind,
    Level1,
    Level2,
    Scope,
    SourceDocument,
    Unit,
)
from jixiao.model.targets import (
    VALUE_BASIS_LABELS,
    DeclaredFund,
    DeclaredIndicator,
    DeclaredTask,
    TargetDeclaration,
)

TITLE_WORDS = ("绩效目标申报表", "绩效目标表", "绩效目标申报", "绩效目标批复表", "绩效目标审批表")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "绩效指标"),
    "target": ("年度指标值", "指标值", "目标值", "年度目标值"),
    "weight": ("权重", "分值", "权重（分）", "分值（分）", "指标权重"),
    "basis": ("指标值设定依据", "设定依据", "取值依据", "指标值确定依据", "依据", "绩效标准", "标准类型"),
    "basis_figure": ("依据数值", "参考值", "历史值", "依据值", "上年实际"),
    "basis_source": ("依据来源", "依据出处"),
    "unit": ("计量单位", "度量单位", "单位"),
    "comparator": ("指标方向", "运算符号", "符号", "比较符"),
    "nature": ("指标性质", "指标类型"),
    "definition": ("指标解释", "指标说明", "计算公式"),
    "data_source": ("数据来源", "数据出处"),
    # a table listing several projects (四川 部门预算项目绩效目标申报表): each project's first row carries
    # its name, amount and goal in columns of their own, its other rows only the indicator cells
    "project": ("项目名称",),
    "amount": ("预算数", "预算金额", "项目预算数", "年度预算数"),
    "goal": ("年度目标", "年度绩效目标", "项目年度目标"),
    "unit_name": ("单位名称", "预算单位名称"),
}
_PROJECT_ROLES = ("project", "amount", "goal", "unit_name")
_CONTAINED = ("指标值", "目标值")  # a value column whatever stands around it: 计划指标值(或计划水平)
_ACTUAL_WORDS = ("实际完成值", "完成值", "实际完成", "得分", "实际值")
_FIELDS = {
    "name": ("项目名称", "项目支出名称"),
    "department": ("主管部门", "部门名称", "预算部门", "主管部门及编码", "业务主管部门"),
    "implementing_unit": ("实施单位", "项目单位", "单位名称", "预算单位", "部门（单位）名称", "项目实施单位"),
    "annual_goal": (
        "年度总体目标",
        "年度目标",
        "总体目标",
        "本年度绩效目标",
        "年度绩效目标",
        "当年整体绩效目标",
        "年度整体绩效目标",
        "年度主要目标和成果",
    ),
}
# label words of declared amounts; a label holding a "中期/长期/上年" word is never this year's amount
_FUNDS = (
    (
        FundsRowKind.TOTAL,
        ("年度资金总额", "资金总额", "合计", "支出预算总量", "预算总量", "当年年度预算", "项目总预算"),
    ),
    (
        FundsRowKind.APPROPRIATION,
        ("财政拨款", "本年财政拨款", "当年财政拨款", "本级预算金额", "财政预算资金", "财政资金"),
    ),
    (FundsRowKind.OTHER, ("其他资金", "其它资金")),
)
_NOT_THIS_YEAR = ("中期", "长期", "上年", "实施期", "以前年度")
# a row that ends the indicator table: the review box, the signatures, what follows the form
_STOP_WORDS = ("审核意见", "填表人", "填报人", "单位负责人", "附件", "扫一扫")
_COMPARATORS = ("≥", "≤", "=", ">", "<", "＞", "＜", "＝")
HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标方向",
    "指标值",
    "计量单位",
    "权重",
    "指标值设定依据",
    "依据数值",
    "依据来源",
]


class DeclarationError(ValueError):
    """A file that holds no declaration (Chinese message)."""


@dataclass
class _Cell:
    text: str
    loc: Any  # jixiao.importers.blocks.Loc


def _squash(text: str | None) -> str:
    from jixiao.importers.normalize import squash

    return squash(text or "")


def _joined(text: str | None) -> str:
    from jixiao.importers.normalize import join_lines

    return join_lines(text or "").strip()


def _role(header: str) -> str | None:
    key = _squash(header)
    if not key:
        return None
    for role, words in _COLUMNS.items():
        if key in words:
            return role
    for role, words in _COLUMNS.items():
        if any(key.startswith(w) for w in words if len(w) >= 3):
            return role
    if any(w in key for w in _CONTAINED):
        return "target"
    return None


def _word_rank(role: str, header: str) -> int:
    """How well a header names its role: the index of the first of the role's words it holds."""
    key = _squash(header)
    words = _COLUMNS[role]
    return next((i for i, w in enumerate(words) if key == w or key.startswith(w)), len(words))


def _header_roles(texts: Sequence[str | None]) -> dict[str, int]:
    """Which column holds which role. Several columns naming one role (a 长期/中期 set of columns
    and a 年度 set; "绩效指标" over the row and "三级指标") resolve to the best-named one, then to
    the column marked 年度, then to the last (this year's columns follow the multi-year ones)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for c, text in enumerate(texts):
        role = _role(text or "")
        if role:
            found.setdefault(role, []).append((c, _squash(text)))
    out: dict[str, int] = {}
    for role, cands in found.items():
        best = min(
            cands,
            key=lambda ct: (
                _word_rank(role, ct[1]),
                any(w in ct[1] for w in _NOT_THIS_YEAR),
                "年度" not in ct[1],
                -ct[0],
            ),
        )
        out[role] = best[0]
    return out


def read_declarations(data: bytes, filename: str) -> EvaluationPackage:
    """A package holding the declarations of a 申报表 file (no self-evaluation, no actuals)."""
    import hashlib

    from jixiao.importers.api import read_document
    from jixiao.importers.errors import Deadline, DocumentError, ImportLimits

    where = Path(filename).name
    limits = ImportLimits()
    if len(data) > limits.max_bytes:
        raise DocumentError(where, "文件过大")
    suffix = Path(filename).suffix.lower()
    doc_id = Path(filename).stem
    reading = read_document(data, suffix, doc_id, where, limits, Deadline(limits.time_limit_seconds, where))
    decls = declarations_in(reading.document)
    if not decls:
        raise DeclarationError(
            f"{where}：没有识别出绩效目标申报表（应有“一级指标、二级指标、三级指标、指标值”表头）"
        )
    year = _year(reading.document) or 2000
    unit_name = next(
        (d.implementing_unit or d.department for d in decls if d.implementing_unit or d.department), None
    )
    return EvaluationPackage(
        year=year,
        unit=Unit(name=unit_name or "（申报表未写单位名称）"),
        documents=[
            SourceDocument(
                id=doc_id,
                filename=where,
                kind=suffix.lstrip("."),
                sha256=hashlib.sha256(data).hexdigest(),
                reader=reading.reader,
                title=decls[0].title,
            )
        ],
        targets=decls,
    )


def _year(document: Any) -> int | None:
    from jixiao.importers.blocks import Paragraph, Table

    for block in document.blocks:
        texts = [block.text] if isinstance(block, Paragraph) else []
        if isinstance(block, Table):
            texts = [block.title or ""] + [c.text for row in block.rows[:3] for c in row]
        for t in texts:
            m = re.search(r"((?:19|20)\d{2})\s*年度?", t)
            if m and any(w in _squash(t) for w in (*TITLE_WORDS, "年度")):
                return int(m.group(1))
            m = re.fullmatch(r"\s*[（(]?\s*((?:19|20)\d{2})\s*年度?\s*[）)]?\s*", t)
            if m:  # the year line under a form's title: “(2021年)”
                return int(m.group(1))
    return None


def fill_declarations(document: Any, package: EvaluationPackage) -> None:
    """The importer's step (:func:`jixiao.importers.structure.structure`): the declarations a read
    document holds go to ``package.targets``; a package whose unit the importer could not name takes
    the declaration's 实施单位 / 预算部门, and so does a document holding declarations only."""
    decls = declarations_in(document)
    if not decls:
        return
    package.targets = [*package.targets, *decls]
    named = next(
        (d.implementing_unit or d.department for d in decls if d.implementing_unit or d.department), None
    )
    if named and (package.unit.name.startswith("（") or not package.evaluations()):
        package.unit.name = named  # a document of declarations only: its own 实施单位 names the unit


def declarations_in(document: Any) -> list[TargetDeclaration]:
    """Every declaration table of a read document."""
    from jixiao.importers.blocks import Paragraph, Table

    out: list[TargetDeclaration] = []
    title: str | None = None
    preamble: list[str] = []  # the lines since the last table: “金额单位:元” above a table
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if any(w in _squash(block.text) for w in TITLE_WORDS):
                title = _joined(block.text)
            preamble = [*preamble[-5:], block.text]
            continue
        if not isinstance(block, Table):
            continue
        grid = block.grid()
        table_title = title or (
            block.title if block.title and any(w in block.title for w in TITLE_WORDS) else None
        )
        for row in grid[:4]:
            texts = [_joined(c.text) for c in row if c is not None]
            hit = next((t for t in texts if any(w in _squash(t) for w in TITLE_WORDS)), None)
            if hit:
                table_title = hit
                break
        decls = _declarations(grid, document.id, table_title, notes=preamble)
        preamble = []
        if decls:
            if block is document.blocks[-1] and _cut_short(grid):
                decls[-1].truncated = True
            out.extend(decls)
            title = None
    return out or _text_declarations(document)


def _cut_short(grid: list[list[Any]]) -> bool:
    """The last row of a text table that ends its document stops before the row above it does
    (“| 行政村数量 | = | 11 | 个 | 10 ” where the rows above run on to their last cell): an excerpt."""
    if len(grid) < 2:
        return False
    last, above = grid[-1], grid[-2]
    end = max((c for c, cell in enumerate(above) if cell is not None), default=-1)
    cells = [cell for cell in last if cell is not None]
    text = bool(cells) and all(cell.loc.line is not None for cell in cells)  # a text file's table only
    return text and end >= 0 and last[end] is None


# ------------------------------------------------------------------------------ text (web archives)
#
# A web archive gives a published form as text: rows as "cell | cell |" lines (东莞), one cell per
# line with pipes (湘潭) or without (武汉), or a row's cells run together with no separator (巴南).
# The header words (the same as the tables') name the columns; the rows are rebuilt into a grid by
# the header's grammar and read by the same :func:`_declaration` as any table.

_LEVEL1_WORDS = ("产出指标", "效益指标", "满意度指标", "效果指标", "预期产出指标", "预期效果指标")
_UNITS = (
    "平方米", "立方米", "万元", "亿元", "公里", "千米", "人次", "户次", "%", "‰", "元", "米", "个", "人", "次",
    "场", "天", "日", "月", "年", "户", "家", "项", "件", "份", "台", "辆", "吨", "亩", "所", "座", "处", "张",
    "本", "篇", "批", "期", "类", "种", "条", "分", "册", "套", "株", "头", "只", "间", "栋", "小时",
)  # fmt: skip


def _document_lines(document: Any) -> list[tuple[int, str]]:
    """The document's text lines (line number, text), a table's cells joined again with " | "."""
    from jixiao.importers.blocks import Paragraph, Table

    by_line: dict[int, list[str]] = {}
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.loc.line is not None:
                by_line.setdefault(block.loc.line, []).append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if cell.loc.line is not None and cell.text.strip():
                        by_line.setdefault(cell.loc.line, []).append(cell.text + " |")
    return [(n, " ".join(parts)) for n, parts in sorted(by_line.items())]


def _pieces(text: str) -> list[str]:
    """A line's cells: split at pipes (empty cells kept, the padding after the last one dropped)."""
    if "|" not in text:
        return [text.strip()] if text.strip() else []
    parts = [p.strip() for p in text.split("|")]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _is_heading(text: str) -> bool:
    key = re.sub(r"[（(].*?[）)]|\d+分", "", _label_key(text))
    return 0 < len(key) <= 24 and key.endswith("指标") and _role(text) is None


def _is_level1(text: str) -> bool:
    key = re.sub(r"[（(].*?[）)]|\d+分", "", _label_key(text))
    return key in _LEVEL1_WORDS


def _run_together_header(text: str) -> list[tuple[str, str]] | None:
    """A header whose words are run together ("指标名称指标权重计量单位指标性质指标值"): its words."""
    words = sorted({w for ws in _COLUMNS.values() for w in ws if len(w) >= 2}, key=len, reverse=True)
    key = _squash(text)
    found = [(m.group(), _role(m.group()) or "") for m in re.finditer("|".join(map(re.escape, words)), key)]
    roles = {r for _, r in found}
    if (
        len(found) >= 3
        and {"name", "target"} <= roles
        and "".join(w for w, _ in found) == key[-sum(len(w) for w, _ in found) :]
    ):
        return found
    return None


def _row_pattern(roles: list[str]) -> re.Pattern[str]:
    """A run-together row by its header's column order: name, weight, unit, comparator, value …"""
    unit = "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True)))
    comp = "|".join(map(re.escape, (*_COMPARATORS, "≧", "≦", "定量", "定性")))
    parts = {
        "name": r"(?P<name>.+?)",
        "weight": r"(?P<weight>100|\d{1,2}(?:\.\d+)?)",
        "unit": rf"(?P<unit>{unit})?",
        "nature": rf"(?P<nature>{comp})?",
        "comparator": rf"(?P<comparator>{comp})?",
        "target": r"(?P<target>\S.*?)",
    }
    body = "".join(parts.get(r, "") for r in roles if r in parts)
    return re.compile(rf"^{body}$")


def _title_line(text: str) -> bool:
    """A line that can title a declaration: it names one (TITLE_WORDS) and reads as a title, not as a
    sentence of a report that mentions one ("…根据绩效目标申报表的内容…制定评价方案。")."""
    squashed = _squash(text.split("|")[0])
    return any(w in squashed for w in TITLE_WORDS) and len(squashed) <= 60 and "。" not in squashed


def _text_declarations(document: Any) -> list[TargetDeclaration]:
    from jixiao.importers.blocks import Loc

    lines = _document_lines(document)
    tokens: list[tuple[int, int, str]] = []  # (line index, line number, cell text)
    for li, (number, text) in enumerate(lines):
        for piece in _pieces(text):
            tokens.append((li, number, piece))

    def cell(text: str, number: int) -> _Cell:
        return _Cell(text, Loc(line=number))

    out: list[TargetDeclaration] = []
    k, start = 0, 0
    while k < len(tokens):
        li, number, text = tokens[k]
        spaced = _spaced_header(text)  # words a space apart are cells, not words run together
        together = _run_together_header(text) if spaced is None and len(_squash(text)) > 8 else None
        run_end = k
        while (
            run_end < len(tokens)
            and _role(tokens[run_end][2]) is not None
            and not (run_end > k and _run_together_header(tokens[run_end][2]))
        ):
            run_end += 1
        head = [t for _, _, t in tokens[k:run_end]]
        roles = _header_roles(head)
        if (
            together is None
            and spaced is None
            and not ({"name", "target"} <= set(roles) and {"level1", "level2", "weight"} & set(roles))
        ):
            k += 1
            continue
        # the title: the last title line before the header; the head rows: the tokens between
        title_li = max(
            (
                i
                for i in range(tokens[start][0] if start < len(tokens) else 0, li + 1)
                if _title_line(lines[i][1])
            ),
            default=None,
        )
        if title_li is None:
            k = max(run_end, k + 1)
            continue
        head_items = _join_broken_labels([(n, t) for i, n, t in tokens if title_li < i < li])
        pre = [cell(x, n) for n, t in head_items for x in _split_run_labels(t)]
        if together is not None:
            header = [cell(w, number) for w, _ in together]
            rows, k = _together_rows(tokens, k + 1, [w for w, _ in together], cell)
        elif spaced is not None:
            header = [cell(w, number) for w in spaced]
            rows, k = _spaced_rows(tokens, k + 1, spaced, cell)
        else:
            header = [cell(t, n) for _, n, t in tokens[k:run_end]]
            body_at = run_end
            # header cells may spill onto lines that open with a cell of the header (东莞)
            multi = sum(
                1
                for i in range(body_at, min(body_at + 6, len(tokens)))
                if len([p for p in _pieces(lines[tokens[i][0]][1]) if p]) >= 2
            )
            if multi >= 3:
                rows, k = _line_rows(lines, tokens, body_at, head, cell)
            else:
                rows, k = _walk_rows(tokens, body_at, head, roles, cell)
        title = _joined(lines[title_li][1].split("|")[0])
        grid: list[list[Any]] = [pre, header, *rows]
        width = max(len(r) for r in grid)
        grid = [r + [None] * (width - len(r)) for r in grid]
        decls = _declarations(grid, document.id, title, notes=[text, *(c.text for c in pre)])
        if decls:
            # the body ran to the end of the text, or to a last fragment of a line (“效”): an excerpt
            last = tokens[k][2] if k < len(tokens) else ""
            decls[-1].truncated = k >= len(tokens) or (k == len(tokens) - 1 and len(_squash(last)) <= 4)
            decls[0].tasks = _text_tasks(head_items, document.id)
            out.extend(decls)
        start = k if k < len(tokens) else start
    return out


_TASK_COLUMNS = {
    "duty": ("职能", "职责"),
    "task": ("任务",),
    "item": ("项目名称", "支出项目"),
    "amount": ("金额",),
}


def _text_tasks(items: list[tuple[int, str]], doc_id: str) -> list[DeclaredTask]:
    """A 部门整体 declaration's 年度履职目标 / 年度主要任务 printed a space apart (“部门职能 年度目标任务
    支出项目名称 预算金额(万元)”): one task a line, its amount the last cell."""
    from jixiao.model import SourceLocation

    out: list[DeclaredTask] = []
    columns: dict[str, int] | None = None
    width = 0
    for number, text in items:
        parts = text.split()
        if columns is None:
            found = {
                role: i
                for i, p in enumerate(parts)
                for role, words in _TASK_COLUMNS.items()
                if any(w in p for w in words)
            }
            if "amount" in found and ("task" in found or "item" in found) and len(parts) >= 3:
                columns, width = found, len(parts)
            continue
        amount = _amount(parts[-1]) if parts else None
        if len(parts) != width or amount is None:
            if out:
                break
            continue

        def at(role: str, parts: list[str] = parts, columns: dict[str, int] = columns) -> str | None:
            i = columns.get(role)
            return parts[i] if i is not None and i < len(parts) - 1 else None

        out.append(
            DeclaredTask(
                duty=at("duty"),
                task=at("task"),
                item=at("item"),
                amount=amount,
                sources={"amount": SourceLocation(document=doc_id, line=number, text=text.strip())},
            )
        )
    return out


def _join_broken_labels(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A merged label cell broken a few characters a line (“年度 / 总体 / 目标”) joined again when the
    pieces make a label word."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and 0 < len(_squash(items[j][1])) <= 3 and not re.search(r"\d", items[j][1]):
            j += 1
        if j - i >= 2 and _label_key("".join(t for _, t in items[i:j])) in _ALL_LABELS:
            out.append((items[i][0], "".join(_squash(t) for _, t in items[i:j])))
            i = j
            continue
        out.append(items[i])
        i += 1
    return out


_NATURE_WORDS = ("正向", "反向", "定量", "定性", "正向指标", "反向指标")


def _spaced_header(text: str) -> list[str] | None:
    """A header whose cells are separated by spaces (乌海: “一级指标 二级指标 三级指标 指标性质 … 分值 备注”),
    from its first level column on."""
    if "|" in text:
        return None
    cells = text.split()
    first = next((i for i, c in enumerate(cells) if _role(c) in ("level1", "level2")), None)
    if first is None or len(cells) - first < 4:
        return None
    cells = cells[first:]
    roles = _header_roles(cells)
    if {"name", "target"} <= set(roles) and {"level1", "level2", "weight"} & set(roles):
        return cells
    return None


def _spaced_rows(
    tokens: list[tuple[int, int, str]], k: int, head: list[str], cell: Any
) -> tuple[list[list[Any]], int]:
    """Rows of cells separated by spaces, where an empty cell leaves nothing: the levels and the name
    come first; the weight is the row's last number when the weight is the header's last column; the
    other cells go by what they are (正向/反向 to 指标性质, ≥/=/≤ to 指标方向, 计划标准 … to the basis),
    the rest in the header's order (目标值 before 计量单位)."""
    from jixiao.indicators.words import declaration_words

    roles = _header_roles(head)
    order = [r for r, _ in sorted(roles.items(), key=lambda rc: rc[1])]
    values = [r for r in order if r not in ("level1", "level2", "name")]
    rows: list[list[Any]] = []
    while k < len(tokens):
        _, number, text = tokens[k]
        parts = text.split()
        key = _squash(text)
        if len(parts) < 2 or any(w in key for w in (*TITLE_WORDS, *_STOP_WORDS)):
            break
        row: list[Any] = [None] * len(head)
        i = 0
        if "level1" in roles and _is_level1(parts[0]):
            row[roles["level1"]] = cell(parts[0], number)
            i += 1
        if i < len(parts) and "level2" in roles and _is_heading(parts[i]):
            row[roles["level2"]] = cell(parts[i], number)
            i += 1
        if i < len(parts):
            row[roles["name"]] = cell(parts[i], number)
            tail = parts[i + 1 :]
            filled: set[str] = set()
            if values and values[-1] == "weight" and tail and _amount(tail[-1]) is not None:
                row[roles["weight"]] = cell(tail.pop(), number)
                filled.add("weight")
            for part in tail:
                kind = (
                    "nature"
                    if part in _NATURE_WORDS
                    else "comparator"
                    if part in (*_COMPARATORS, "≧", "≦")
                    else "basis"
                    if declaration_words().basis_of(part) is not None and len(part) <= 8
                    else None
                )
                if kind == "comparator" and ("comparator" not in roles or "comparator" in filled):
                    kind = "nature"
                if kind is None or kind not in roles or kind in filled:
                    free = [
                        r for r in values if r not in filled and r not in ("nature", "comparator", "basis")
                    ]
                    kind = free[0] if free else None
                if kind is not None:
                    row[roles[kind]] = cell(part, number)
                    filled.add(kind)
        rows.append(row)
        k += 1
    return rows, k


def _split_run_labels(text: str) -> list[str]:
    """“部门(单位)名称重庆市…区级支出预算总量3724.39”: labels and values of a line run together;
    “资金总额 3”, “其中: 财政拨款数 3”: a label word and its value after a space."""
    labels = sorted(_ALL_LABELS, key=len, reverse=True)
    spaced = re.sub(r"^其中[:：]\s*", "", text.strip())
    if "|" not in text and len(spaced.split(None, 1)) == 2:
        first, rest = spaced.split(None, 1)
        if any(_label_key(first).startswith(w) for w in labels):
            return [first, rest]
    norm = text.replace("(", "（").replace(")", "）")
    if "|" in text or not any(norm.startswith(w) for w in labels) or len(norm) > 400:
        return [text] if text.strip() else []
    pattern = "|".join(map(re.escape, (w for w in labels if len(w) >= 4)))
    parts, at = [], 0
    for m in re.finditer(pattern, norm):
        if m.start() > at:
            parts.append(norm[at : m.start()])
        parts.append(m.group())
        at = m.end()
        if _label_key(m.group()) in {_label_key(w) for w in _FIELDS["annual_goal"]}:
            break  # a goal's text runs to the end of the line
    if at < len(norm):
        parts.append(norm[at:])
    return [p.strip().lstrip(":：").strip() for p in parts if p.strip().lstrip(":：").strip()]


def _together_rows(
    tokens: list[tuple[int, int, str]], k: int, words: list[str], cell: Any
) -> tuple[list[list[Any]], int]:
    chosen = _header_roles(words)
    order = [r for r, _ in sorted(chosen.items(), key=lambda rc: rc[1])]
    pattern = _row_pattern(order)
    rows: list[list[Any]] = []
    while k < len(tokens):
        _, number, text = tokens[k]
        key = _squash(text)
        if any(w in key for w in (*TITLE_WORDS, *_STOP_WORDS)):
            break
        m = pattern.match(key)
        if m is None:
            break
        row: list[Any] = [None] * len(words)
        for r, c in chosen.items():
            if m.groupdict().get(r):
                row[c] = cell(m.group(r), number)
        rows.append(row)
        k += 1
    return rows, k


def _line_rows(
    lines: list[tuple[int, str]], tokens: list[tuple[int, int, str]], k: int, head: list[str], cell: Any
) -> tuple[list[list[Any]], int]:
    """Rows one per line (东莞): a row's first heading cell anchors it under its column."""
    roles = _header_roles(head)
    level2_cols = [c for c, h in enumerate(head) if _role(h) == "level2"]
    width = len(head)
    rows: list[list[Any]] = []
    li = tokens[k][0] if k < len(tokens) else len(lines)
    while li < len(lines):
        number, text = lines[li]
        parts = _pieces(text)
        while parts and not parts[0]:
            parts.pop(0)
        key = _squash(text)
        if not parts:
            li += 1
            continue
        if any(w in key for w in (*TITLE_WORDS, *_STOP_WORDS)):
            break
        at = width - len(parts)
        if _is_level1(parts[0]) and "level1" in roles:
            at = roles["level1"]
        elif _is_heading(parts[0]) and level2_cols:
            fits = [c for c in level2_cols if c + len(parts) == width]
            at = (
                fits[0]
                if fits
                else (
                    roles.get("level2", level2_cols[0])
                    if roles.get("level2", 0) + len(parts) <= width
                    else level2_cols[0]
                )
            )
        at = max(0, at)
        row: list[Any] = [None] * width
        for j, part in enumerate(parts[: width - at]):
            row[at + j] = cell(part, number) if part else None
        rows.append(row)
        li += 1
    k = next((i for i, t in enumerate(tokens) if t[0] >= li), len(tokens))
    return rows, k


def _walk_rows(
    tokens: list[tuple[int, int, str]], k: int, head: list[str], roles: dict[str, int], cell: Any
) -> tuple[list[list[Any]], int]:
    """Rows from one cell after another (湘潭, 武汉): headings start rows, the cells fill the columns
    in the header's order; a basis word (计划标准 …) goes to the basis column."""
    from jixiao.indicators.words import declaration_words

    width = len(head)
    values = [
        r for r, _ in sorted(roles.items(), key=lambda rc: rc[1]) if r not in ("level1", "level2", "name")
    ]
    rows: list[list[Any]] = []
    row: dict[str, Any] = {}

    def emit() -> None:
        if row.get("name") is not None or row.get("level1") is not None or row.get("level2") is not None:
            line = [None] * width
            for r, c in row.items():
                line[roles[r]] = c
            rows.append(line)
        row.clear()

    while k < len(tokens):
        _, number, text = tokens[k]
        key = _squash(text)
        if not key:
            k += 1
            continue
        if any(w in key for w in (*TITLE_WORDS, *_STOP_WORDS)) or key.startswith(("注:", "注：")):
            break
        if not _is_heading(text) and not re.search(r"\d", text) and k + 1 < len(tokens):
            tail = tokens[k + 1][2]  # a heading broken over two cells: 经济效益 / 指标
            joined = text.strip() + tail.strip()
            if (
                _squash(tail) == "指标" or (0 < len(_squash(tail)) <= 3 and not _is_heading(tail))
            ) and _is_heading(joined):
                text = joined
                k += 1
        c = cell(text, number)
        if _is_heading(text):
            if "name" in row:
                emit()
            if _is_level1(text) and "level1" in roles and not row:
                row["level1"] = c
            elif "level2" in roles:
                row["level2"] = c
        elif (
            "basis" in roles
            and declaration_words().basis_of(text) is not None
            and len(key) <= 12
            and "name" in row
        ):
            row["basis"] = c
        elif "name" not in row:
            row["name"] = c
        else:
            free = [r for r in values if r not in row and r != "basis"]
            if free:
                row[free[0]] = c
            else:
                emit()
                row["name"] = c
        k += 1
    emit()
    return rows, k


_STATED_TOTAL = re.compile(r"(?:权重分值|权重|绩效目标|绩效指标)[（(]?\s*(\d{2,3})\s*分")


def _header_at(grid: list[list[Any]], title: str | None) -> tuple[int, dict[str, int]] | None:
    """The indicator header row of a grid and its column roles; None for no header or for a
    self-evaluation's header (it has an 实际完成值 / 得分 column)."""
    for r, row in enumerate(grid):
        found = _header_roles(
            [
                None if cell is None or (c > 0 and row[c - 1] is cell) else _joined(cell.text)
                for c, cell in enumerate(row)
            ]
        )
        if {"name", "target"} <= set(found) and ({"level1", "level2", "weight"} & set(found)):
            if any(w in _squash(_joined(c.text)) for c in row if c is not None for w in _ACTUAL_WORDS):
                return None
            if not ({"level1", "level2"} & set(found)) and not title:
                return None
            return r, found
    return None


_AMOUNT_UNIT = re.compile(r"单位\s*[:：]?\s*[（(]?\s*(万元|亿元|元)")
_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _declarations(
    grid: list[list[Any]], doc_id: str, title: str | None, notes: Sequence[str] = ()
) -> list[TargetDeclaration]:
    """The declarations of one grid: one, or one per project when the grid lists several projects
    (a 项目名称 and a 预算数 column beside the indicator columns; a project's first row names it)."""
    found = _header_at(grid, title)
    if found is None:
        return []
    head_at, roles = found
    body = [_realigned(row, roles, grid[r - 1]) for r, row in enumerate(grid) if r > head_at]
    grid = [*grid[: head_at + 1], *body]
    project_col = roles.get("project")
    if project_col is None or "amount" not in roles:
        decl = _declaration(grid, doc_id, title, notes)
        return [decl] if decl is not None else []
    starts: list[int] = []
    previous: Any = None
    for r in range(head_at + 1, len(grid)):
        cell = grid[r][project_col] if project_col < len(grid[r]) else None
        if cell is None or cell is previous or not _joined(cell.text):
            continue
        starts.append(r)
        previous = cell
    head = [*notes, *(_joined(c.text) for row in grid[:head_at] for c in row if c is not None)]
    declared = next((m.group(1) for t in head for m in [_AMOUNT_UNIT.search(_squash(t))] if m), "万元")
    out: list[TargetDeclaration] = []
    unit_name: str | None = None
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(grid)
        decl = _declaration([*grid[: head_at + 1], *grid[start:end]], doc_id, title, notes)
        if decl is None:
            continue
        first = grid[start]

        def at(role: str, first: list[Any] = first) -> Any:
            c = roles.get(role)
            cell = first[c] if c is not None and c < len(first) else None
            return cell if cell is not None and _joined(cell.text) else None

        _project_fields(decl, at, doc_id, _TO_WAN[declared])
        named = at("unit_name")
        if named is not None:
            unit_name = re.sub(r"^[\[［【(（]?\d+[\]］】)）]?[-－—:：]?", "", _joined(named.text)).strip()
        decl.implementing_unit = decl.implementing_unit or unit_name
        out.append(decl)
    return out


def _realigned(row: list[Any], roles: dict[str, int], above: list[Any]) -> list[Any]:
    """A row of a text table written without its leading empty cells (“| 产出指标 | 时效指标 | … |”
    under a header that starts with 单位名称 / 项目名称 …) moved right so that its level-1 label
    stands under the 一级指标 column — when the cells it pushes out at the right are empty. A row with a
    cell merged down from the row above is a real table's row, in place already."""
    if any(c is not None and c is a for c, a in zip(row, above, strict=False)):
        return row
    texts = [_joined(c.text) if c is not None else "" for c in row]
    for i, text in enumerate(texts):
        if not (_is_level1(text) and "level1" in roles):
            continue
        shift = roles["level1"] - i
        if shift > 0 and not any(texts[len(texts) - shift :]):
            return [*([None] * shift), *row[: len(row) - shift]]
        return row
    return row


def _project_fields(decl: TargetDeclaration, at: Any, doc_id: str, to_wan: Decimal) -> None:
    """A listed project's name, amount (in 万元) and goal from the cells of its first row."""
    from jixiao.model import SourceLocation

    def src(cell: Any) -> SourceLocation:
        loc = cell.loc
        return SourceLocation(
            document=doc_id,
            table=loc.table,
            row=loc.row,
            column=loc.column,
            line=loc.line,
            page=loc.page,
            text=_joined(cell.text),
        )

    name, amount, goal = at("project"), at("amount"), at("goal")
    if name is not None:
        decl.name = _joined(name.text)
        decl.sources["name"] = src(name)
    if goal is not None:
        decl.annual_goal = _joined(goal.text)
        decl.sources["annual_goal"] = src(goal)
    value = _amount(_joined(amount.text)) if amount is not None else None
    if amount is not None and value is not None and decl.fund(FundsRowKind.TOTAL) is None:
        decl.funds = [
            DeclaredFund(
                kind=FundsRowKind.TOTAL,
                label="预算数",
                amount=value * to_wan,
                sources={"amount": src(amount)},
            ),
            *decl.funds,
        ]


def _declaration(
    grid: list[list[Any]], doc_id: str, title: str | None, notes: Sequence[str] = ()
) -> TargetDeclaration | None:
    from jixiao.layouts.labels import level1_from_level2, level1_of, level2_of
    from jixiao.model import SourceLocation

    header = _header_at(grid, title)  # None too for a self-evaluation's header, or levels without a title
    if header is None:
        return None
    head_at, roles = header

    def src(cell: Any, text: str) -> SourceLocation:
        return SourceLocation(
            document=doc_id,
            table=cell.loc.table,
            row=cell.loc.row,
            column=cell.loc.column,
            line=cell.loc.line,
            page=cell.loc.page,
            text=text,
        )

    fields: dict[str, str] = {}
    sources: dict[str, SourceLocation] = {}
    funds: list[DeclaredFund] = []
    head_rows = [
        [c for i, c in enumerate(row) if c is not None and (i == 0 or row[i - 1] is not c)]
        for row in grid[:head_at]
    ]
    for n, cells in enumerate(head_rows):
        cells = [x for c in cells for x in _split_label_cell(c)]
        for i, cell in enumerate(cells):
            label = _label_key(cell.text)
            j = i + 1
            while j < len(cells) and re.fullmatch(r"及?(编码|代码)", _label_key(cells[j].text)):
                j += 1  # “主管部门 / 及编码” broken over two cells
            nxt = cells[j] if j < len(cells) else None
            value = _joined(nxt.text) if nxt is not None else ""
            for key, words in _FIELDS.items():
                if key in fields or not label or label not in words:
                    continue
                if key == "annual_goal":
                    nxt = _goal_cell(cells, i, head_rows[n + 1] if n + 1 < len(head_rows) else [])
                    value = _joined(nxt.text) if nxt is not None else ""
                    if nxt is not None and re.match(r"\s*目标\s*1", value) and nxt in cells:
                        more = cells[cells.index(nxt) + 1 :]  # 目标1 …, 目标2 … one a cell
                        for c in more:
                            if not re.match(r"\s*目标\s*\d", _joined(c.text)):
                                break
                            value = f"{value}{_joined(c.text)}"
                elif key in ("department", "implementing_unit"):
                    value = re.sub(r"^[\[［【(（]?\d+[\]］】)）]?[-－—:：]?", "", value).strip()
                if value and nxt is not None and _label_key(nxt.text) not in _ALL_LABELS:
                    fields[key] = value
                    sources[key] = src(nxt, value)
            kind = _fund_kind(label)
            if kind is not None and nxt is not None:
                amount = _fund_amount(value)
                if amount is not None and all(f.kind != kind for f in funds):
                    funds.append(
                        DeclaredFund(
                            kind=kind, label=label, amount=amount, sources={"amount": src(nxt, value)}
                        )
                    )
    indicators: list[DeclaredIndicator] = []
    comparator_cols = [
        c
        for c, cell in enumerate(grid[head_at])
        if cell is not None and _role(_joined(cell.text)) == "comparator"
    ]
    omitted = False
    l1_text = l2_text = ""
    total_weight: Decimal | None = None
    for row in grid[head_at + 1 :]:

        def cell(role: str, row: list[Any] = row) -> Any:
            c = roles.get(role)
            return row[c] if c is not None and c < len(row) else None

        def text(role: str) -> str:
            c = cell(role)
            return _joined(c.text) if c is not None else ""

        first = _squash(text("level1") or text("level2") or text("name"))
        if first in ("合计", "总计", "权重合计", "分值合计"):
            total_weight = _amount(text("weight"))
            continue
        lead = next((_squash(_joined(c.text)) for c in row if c is not None and _joined(c.text)), "")
        if any(w in lead for w in _STOP_WORDS) or lead.startswith(("注:", "注：")):
            break  # the review box, the signatures, the template's notes under the table
        name = text("name")
        if text("level1"):
            l1_text = text("level1")
        if text("level2"):
            l2_text = text("level2")
        if name in ("……", "...", "…"):
            omitted = True  # rows left out (“……”): the table is not whole, its weights are not summed
            continue
        if not name or _squash(name) in ("三级指标",):
            continue
        level2 = level2_of(l2_text)
        level1 = level1_of(re.sub(r"^(预期|预计)", "", l1_text)) or level1_from_level2(level2)
        if level2 is Level2.SATISFACTION and not text("level1"):
            level1 = Level1.SATISFACTION  # a 满意度 row under no level-1 cell of its own: not the 效益 above
        comparator, nature = text("comparator") or None, text("nature") or None
        if nature and nature.strip() in _COMPARATORS and (comparator or "").strip() not in _COMPARATORS:
            # 重庆, 四川: the 指标性质 column holds ≥ / ≤ / =; a 指标方向性 column then holds 正向/反向
            comparator, nature = nature.strip(), comparator
        if (comparator or "").strip() not in _COMPARATORS:
            # two columns of the comparator's words (运算符号 and 指标方向): the one holding ≥ / ≤ / =
            symbol = next(
                (
                    _joined(row[c].text).strip()
                    for c in comparator_cols
                    if c < len(row) and row[c] is not None and _joined(row[c].text).strip() in _COMPARATORS
                ),
                None,
            )
            if symbol is not None:
                comparator, nature = symbol, nature or comparator
        ind_sources = {}
        for role, field in (
            ("name", "name"),
            ("target", "target_raw"),
            ("weight", "weight"),
            ("basis", "basis_raw"),
            ("basis_figure", "basis_figure_raw"),
        ):
            c = cell(role)
            if c is not None and _joined(c.text):
                ind_sources[field] = src(c, _joined(c.text))
        from jixiao.indicators.words import declaration_words

        basis_raw = text("basis") or None
        indicators.append(
            DeclaredIndicator(
                level1=level1,
                level1_raw=l1_text or None,
                level2=level2,
                level2_raw=l2_text or None,
                name=name,
                comparator_raw=comparator,
                target_raw=text("target") or None,
                unit_raw=text("unit") or None,
                nature_raw=nature,
                weight=_amount(text("weight")),
                basis=declaration_words().basis_of(basis_raw),
                basis_raw=basis_raw,
                basis_figure_raw=text("basis_figure") or None,
                basis_source=text("basis_source") or None,
                definition=text("definition") or None,
                data_source=text("data_source") or None,
                sources=ind_sources,
            )
        )
    if not indicators:
        return None
    if total_weight is None:  # “绩效指标(权重分值90分…)”, “年度绩效目标(90分)”: the indicators' stated total
        heads = [_joined(c.text) for c in grid[head_at] if c is not None]
        for note in (*notes, *heads):
            m = _STATED_TOTAL.search(_squash(note))
            if m:
                total_weight = Decimal(m.group(1))
                break
    scope = (
        Scope.OVERALL
        if title and ("整体" in title or ("部门" in title and "项目" not in title))
        else Scope.PROJECT
    )
    if "name" not in fields and scope is Scope.PROJECT and title and "整体" not in title:
        scope = Scope.PROJECT
    return TargetDeclaration(
        scope=scope,
        title=title,
        name=fields.get("name"),
        department=fields.get("department"),
        implementing_unit=fields.get("implementing_unit"),
        funds=funds,
        annual_goal=fields.get("annual_goal"),
        indicators=indicators,
        stated_total_weight=total_weight,
        truncated=omitted,
        layout="target-declaration/generic",
        sources=sources,
    )


def _label_key(text: str | None) -> str:
    """A label as the field words spell it: no spaces, full-width brackets, no trailing colon or (万元)."""
    key = _squash(_joined(text)).replace("(", "（").replace(")", "）")
    key = re.sub(r"^其中[:：]", "", key.rstrip(":："))
    return re.sub(r"（(万元|元|亿元)）$", "", key).rstrip(":：")


def _all_labels() -> frozenset[str]:
    words = [w for ws in _FIELDS.values() for w in ws] + [w for _, ws in _FUNDS for w in ws]
    return frozenset(_label_key(w) for w in words)


_ALL_LABELS = _all_labels()


def _fund_kind(label: str) -> FundsRowKind | None:
    if not label or any(w in label for w in (*_NOT_THIS_YEAR, "代码", "编码", "分类", "科目", "执行率")):
        return None
    for kind, words in _FUNDS:
        if any(w in label for w in words):
            return kind
    return None


def _split_label_cell(cell: Any) -> list[Any]:
    """“预算单位:东莞市交通运输局” in one cell: the label and the value as two cells."""
    text = _joined(cell.text)
    m = re.match(r"^([^:：]{2,12})[:：]\s*(\S.*)$", text)
    if m and _label_key(m.group(1)) in _ALL_LABELS:
        return [_Cell(m.group(1), cell.loc), _Cell(m.group(2), cell.loc)]
    return [cell]


def _goalish(text: str | None) -> bool:
    key = _label_key(text)
    return 0 < len(key) <= 24 and "目标" in key and not re.search(r"[:：;；,，。、]|目标\d", key)


def _goal_cell(cells: list[Any], i: int, next_row: list[Any]) -> Any:
    """The 年度 goal's cell for the label at ``i``. A run of goal labels (总体目标 | 中期目标 | 年度目标)
    puts its values after the run or in the row below, in the same order."""
    if i + 1 >= len(cells) or not _goalish(cells[i + 1].text):
        return cells[i + 1] if i + 1 < len(cells) else (next_row[0] if next_row else None)
    end = i
    while end + 1 < len(cells) and _goalish(cells[end + 1].text):
        end += 1
    run = cells[i : end + 1]
    if len(run) > 1 and _label_key(run[0].text) == "总体目标":
        run = run[1:]
    keys = [_label_key(c.text) for c in run]
    k = next(
        (
            n
            for n, key in enumerate(keys)
            if any(w in key for w in ("年度", "本年", "当年")) and not any(w in key for w in _NOT_THIS_YEAR)
        ),
        len(run) - 1,
    )
    values = cells[end + 1 :] or next_row
    return values[k] if k < len(values) else None


# a funds cell printing its amount then its breakdown: "854万(高标准农田建设400万元,…)", the amount
# printed twice by the page ("854万854万(…)")
_AMOUNT_WITH_PARTS = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*(?:万元|万)\s*(?:\1\s*(?:万元|万)\s*)?[(（]")


def _fund_amount(text: str) -> Decimal | None:
    """The amount of a funds cell: a number, or the amount before the breakdown in brackets."""
    amount = _amount(text)
    if amount is None and (m := _AMOUNT_WITH_PARTS.match(text)):
        amount = _amount(m.group(1))
    return amount


def _amount(text: str) -> Decimal | None:
    from jixiao.importers.normalize import parse_number

    value = parse_number(text)
    return value if value is not None and value.is_finite() and value >= 0 else None


SNIFF_LIMIT = 20 * 1024 * 1024
"""Most bytes of a file's text part read to decide whether it is a declaration."""


def looks_like_declaration(data: bytes, filename: str) -> bool:
    """Whether a file's text names a 绩效目标申报表 and prints no 实际完成值 (so it is no self-evaluation).

    A cheap look before reading: the shared strings of an .xlsx, the body of a .docx, or the text of
    an .html/.txt file, never more than :data:`SNIFF_LIMIT` bytes.
    """
    import zipfile

    suffix = Path(filename).suffix.lower()
    text = ""
    if suffix in (".xlsx", ".xlsm", ".docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts = [
                    i
                    for i in zf.infolist()
                    if i.filename in ("word/document.xml", "xl/sharedStrings.xml")
                    or (i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
                ]
                if sum(i.file_size for i in parts) > SNIFF_LIMIT:
                    return False
                text = "".join(zf.read(i).decode("utf-8", errors="replace") for i in parts)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
            return False
        text = html.unescape(re.sub(r"<[^>]+>", "", text))  # openpyxl writes &#24180; for 年
    elif suffix in (".html", ".htm", ".txt"):
        text = re.sub(r"<[^>]+>", "", data[:SNIFF_LIMIT].decode("utf-8", errors="replace"))
    else:
        return False
    plain = re.sub(r"\s+", "", text)
    return any(w in plain for w in TITLE_WORDS) and not any(w in plain for w in _ACTUAL_WORDS[:2])


def declaration_package(path: str | Path) -> EvaluationPackage | None:
    """The declarations of a 申报表 file, or None when the file is not one (then import it as usual)."""
    from jixiao.importers.errors import ImportLimits

    p = Path(path)
    if p.stat().st_size > ImportLimits().max_bytes:
        return None  # the usual import refuses it with its own message
    data = p.read_bytes()
    if not looks_like_declaration(data, p.name):
        return None
    try:
        return read_declarations(data, p.name)
    except DeclarationError:
        return None


# ------------------------------------------------------------------------------------------- writing


def write_declarations(
    declarations: Sequence[TargetDeclaration], *, unit: str = "", year: int | None = None
) -> bytes:
    """The declarations as an .xlsx workbook, one sheet each, in the layout :func:`read_declarations` reads."""
    from openpyxl import Workbook

    from jixiao.renderers.spreadsheet import append_row

    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for n, decl in enumerate(declarations, start=1):
        scope = "部门整体支出" if decl.scope is Scope.OVERALL else "项目支出"
        ws = wb.create_sheet(f"申报表{n}")
        y = decl.year or year
        append_row(ws, [f"{y or ''}年度{scope}绩效目标申报表"])
        if decl.scope is Scope.PROJECT:
            append_row(ws, ["项目名称", decl.name or ""])
        append_row(ws, ["主管部门", decl.department or ""])
        append_row(ws, ["实施单位", decl.implementing_unit or unit])
        for f in decl.funds:
            label = {FundsRowKind.TOTAL: "年度资金总额", FundsRowKind.APPROPRIATION: "其中：财政拨款"}.get(
                f.kind, f.label or "其他资金"
            )
            append_row(ws, [label, f.amount])
        append_row(ws, ["年度总体目标", decl.annual_goal or ""])
        append_row(ws, HEADER)
        for i in decl.indicators:
            append_row(
                ws,
                [
                    i.level1_raw or LEVEL1_LABELS[i.level1],
                    i.level2_raw or LEVEL2_LABELS[i.level2],
                    i.name,
                    i.comparator_raw or "",
                    i.target_raw or "",
                    i.unit_raw or "",
                    i.weight,
                    i.basis_raw or (VALUE_BASIS_LABELS[i.basis] if i.basis else ""),
                    i.basis_figure_raw or "",
                    i.basis_source or "",
                ],
            )
        weights = [i.weight for i in decl.indicators if i.weight is not None]
        if weights:
            append_row(ws, ["合计", "", "", "", "", "", sum(weights, Decimal(0))])
        for col, width in zip("ABCDEFGHIJ", (12, 14, 26, 8, 16, 8, 6, 14, 18, 18), strict=True):
            ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = [
    "DeclarationError",
    "declaration_package",
    "declarations_in",
    "fill_declarations",
    "looks_like_declaration",
    "read_declarations",
    "write_declarations",
]
