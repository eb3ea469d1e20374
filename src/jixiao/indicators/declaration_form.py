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
    Scope,
    SourceDocument,
    Unit,
)
from jixiao.model.targets import VALUE_BASIS_LABELS, DeclaredFund, DeclaredIndicator, TargetDeclaration

TITLE_WORDS = ("绩效目标申报表", "绩效目标表", "绩效目标申报")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "绩效指标"),
    "target": ("年度指标值", "指标值", "目标值", "年度目标值"),
    "weight": ("权重", "分值", "权重（分）", "分值（分）"),
    "basis": ("指标值设定依据", "设定依据", "取值依据", "指标值确定依据", "依据"),
    "basis_figure": ("依据数值", "参考值", "历史值", "依据值", "上年实际"),
    "basis_source": ("依据来源", "依据出处"),
    "unit": ("计量单位", "度量单位", "单位"),
    "comparator": ("指标方向", "运算符号", "符号", "比较符"),
    "nature": ("指标性质", "指标类型"),
    "definition": ("指标解释", "指标说明", "计算公式"),
    "data_source": ("数据来源", "数据出处"),
}
_ACTUAL_WORDS = ("实际完成值", "完成值", "实际完成", "得分")
_FIELDS = {
    "name": ("项目名称", "项目支出名称"),
    "department": ("主管部门", "部门名称", "预算部门"),
    "implementing_unit": ("实施单位", "项目单位", "单位名称"),
    "annual_goal": ("年度总体目标", "年度目标", "总体目标"),
}
_FUNDS = (
    (FundsRowKind.TOTAL, ("年度资金总额", "资金总额", "合计")),
    (FundsRowKind.APPROPRIATION, ("财政拨款", "本年财政拨款", "当年财政拨款")),
    (FundsRowKind.OTHER, ("其他资金",)),
)
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
    return None


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
    return None


def declarations_in(document: Any) -> list[TargetDeclaration]:
    """Every declaration table of a read document."""
    from jixiao.importers.blocks import Paragraph, Table

    out: list[TargetDeclaration] = []
    title: str | None = None
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if any(w in _squash(block.text) for w in TITLE_WORDS):
                title = _joined(block.text)
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
        decl = _declaration(grid, document.id, table_title)
        if decl is not None:
            out.append(decl)
            title = None
    return out


def _declaration(grid: list[list[Any]], doc_id: str, title: str | None) -> TargetDeclaration | None:
    from jixiao.layouts.labels import level1_from_level2, level1_of, level2_of
    from jixiao.model import SourceLocation

    head_at, roles = None, {}
    for r, row in enumerate(grid):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            if cell is None or (c > 0 and row[c - 1] is cell):
                continue
            role = _role(_joined(cell.text))
            if role and role not in found:
                found[role] = c
        if {"level1", "level2", "name", "target"} <= set(found):
            if any(_squash(_joined(c.text)) in _ACTUAL_WORDS for c in row if c is not None):
                return None  # a self-evaluation form, not a declaration
            head_at, roles = r, found
            break
    if head_at is None:
        return None

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
    for row in grid[:head_at]:
        cells = [c for i, c in enumerate(row) if c is not None and (i == 0 or row[i - 1] is not c)]
        for i, cell in enumerate(cells):
            label = _squash(_joined(cell.text)).rstrip(":：")
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            value = _joined(nxt.text) if nxt is not None else ""
            for key, words in _FIELDS.items():
                if label in words and value and key not in fields:
                    fields[key] = value
                    if nxt is not None:
                        sources[key] = src(nxt, value)
            for kind, words in _FUNDS:
                if any(label.startswith(w) or label.endswith(w) for w in words) and nxt is not None:
                    amount = _amount(value)
                    if amount is not None and all(f.kind != kind for f in funds):
                        funds.append(
                            DeclaredFund(
                                kind=kind, label=label, amount=amount, sources={"amount": src(nxt, value)}
                            )
                        )
    indicators: list[DeclaredIndicator] = []
    l1_text = l2_text = ""
    total_weight: Decimal | None = None
    for row in grid[head_at + 1 :]:

        def cell(role: str, row: list[Any] = row) -> Any:
            c = roles.get(role)
            return row[c] if c is not None and c < len(row) else None

        def text(role: str) -> str:
            c = cell(role)
            return _joined(c.text) if c is not None else ""

        first = _squash(text("level1"))
        if first in ("合计", "总计", "权重合计", "分值合计"):
            total_weight = _amount(text("weight"))
            continue
        name = text("name")
        if text("level1"):
            l1_text = text("level1")
        if text("level2"):
            l2_text = text("level2")
        if not name or name in ("……", "...") or _squash(name) in ("三级指标",):
            continue
        level2 = level2_of(l2_text)
        level1 = level1_of(l1_text) or level1_from_level2(level2)
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
                comparator_raw=text("comparator") or None,
                target_raw=text("target") or None,
                unit_raw=text("unit") or None,
                nature_raw=text("nature") or None,
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
        layout="target-declaration/generic",
        sources=sources,
    )


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
    "looks_like_declaration",
    "read_declarations",
    "write_declarations",
]
