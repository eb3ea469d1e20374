"""Names, not paths: a place in the package said the way the paper prints it.

A finding, a comment or a revision points at a field of the package by its path
(``overall.indicators[0].max_score``); a person reads the form, the section, the row and the column
as printed: "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值". :func:`describe` makes the one
from the other with the model's own field titles (``Field(title=…)``, one source for the web forms,
the messages and the documents) and the package's own values (the indicator's name, the project's
name, the row's label, the 决算 table's number and column headers). Without a package it still
names every step, by position ("绩效指标第1行").
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .budget import ExpenseControlRow, ThreePublicComponent, ThreePublicRow, ThreePublicTable
from .common import LEVEL1_LABELS, Scope
from .evaluation import FundsRow, FundsRowKind, Indicator, SelfEvaluation, StatedSubtotal
from .package import EvaluationPackage, SourceDocument
from .tables import FinalAccountsTable, LineItem, Report, ReportSection, ScoringRow, ScoringTable
from .targets import DeclaredIndicator, TargetDeclaration
from .unit import Contact, Evaluator, Signoff

SEPARATOR = " · "
_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]|\[[\"']([^\"']*)[\"']\]")

_TRANSPARENT = {"footer", "values", "sources"}
"""Fields that are not a place of their own on the paper: the step is named by what follows."""

FUNDS_ROW_LABELS: dict[FundsRowKind, str] = {
    FundsRowKind.TOTAL: "年度资金总额",
    FundsRowKind.APPROPRIATION: "当年财政拨款",
    FundsRowKind.CARRIED_OVER: "上年结转资金",
    FundsRowKind.OTHER: "其他资金",
}

THREE_PUBLIC_LABELS: dict[ThreePublicComponent, str] = {
    ThreePublicComponent.TOTAL: "合计",
    ThreePublicComponent.OVERSEAS_TRAVEL: "因公出国（境）费",
    ThreePublicComponent.VEHICLE: "公务用车购置及运行维护费",
    ThreePublicComponent.VEHICLE_PURCHASE: "公务用车购置费",
    ThreePublicComponent.VEHICLE_OPERATION: "公务用车运行维护费",
    ThreePublicComponent.RECEPTION: "公务接待费",
}


def _evaluation(ev: SelfEvaluation, index: int) -> str:
    if ev.scope == Scope.PROJECT:
        return f"项目支出绩效自评表（{ev.name}）" if ev.name else f"项目支出绩效自评表（第{index + 1}个项目）"
    return "部门整体支出绩效自评表"


def _indicator(ind: Indicator | DeclaredIndicator, index: int) -> str:
    level1 = ind.level1_raw if ind.level1_raw and len(ind.level1_raw) <= 12 else LEVEL1_LABELS[ind.level1]
    return f"{level1}{SEPARATOR}{ind.name}" if ind.name else f"{level1}{SEPARATOR}第{index + 1}行"


def _section(s: ReportSection, index: int) -> str:
    number = s.number or ""
    if number and number[-1] not in "、）)．.":
        number += "、" if re.fullmatch(r"[一二三四五六七八九十]+", number) else "．"
    return f"{number}{s.heading}" if s.heading else f"第{index + 1}部分"


def _declaration(d: TargetDeclaration, index: int) -> str:
    kind = "项目支出绩效目标申报表" if d.scope == Scope.PROJECT else "部门整体支出绩效目标申报表"
    return f"{kind}（{d.name}）" if d.name else kind


def _final_accounts_table(t: FinalAccountsTable, index: int) -> str:
    return f"公开{t.number}表{t.title}" if t.title else f"公开{t.number}表"


def _line_item(r: LineItem, index: int) -> str:
    return f"{r.code} {r.name}" if r.code else r.name


_ITEM_NAMES: dict[type, Callable[[Any, int], str]] = {
    SelfEvaluation: _evaluation,
    Indicator: _indicator,
    DeclaredIndicator: _indicator,
    FundsRow: lambda r, i: r.label or FUNDS_ROW_LABELS[r.kind],
    StatedSubtotal: lambda s, i: s.label,
    ExpenseControlRow: lambda r, i: r.label,
    ThreePublicTable: lambda t, i: SEPARATOR.join(p.strip() for p in t.title.split("/") if p.strip()),
    ThreePublicRow: lambda r, i: r.label or THREE_PUBLIC_LABELS[r.component],
    ScoringRow: lambda r, i: r.name,
    ScoringTable: lambda t, i: t.title,
    FinalAccountsTable: _final_accounts_table,
    LineItem: _line_item,
    Report: lambda r, i: r.title,
    ReportSection: _section,
    TargetDeclaration: _declaration,
    Evaluator: lambda e, i: f"评价人员（{e.name}）",
    Contact: lambda c, i: f"联系人（{c.name}）",
    Signoff: lambda s, i: f"{s.party}意见",
    SourceDocument: lambda d, i: d.title or d.filename or f"第{i + 1}份文档",
}
"""How a list element is named on the paper, from its own values."""

_POSITION_NAMES: dict[str, str] = {
    "indicators": "{title}第{n}行",
    "rows": "第{n}行",
    "expense_rows": "{title}第{n}行",
    "subtotals": "{title}第{n}项",
    "sections": "第{n}部分",
    "subsections": "第{n}部分",
    "attachments": "附件{n}",
    "projects": "{title}（第{n}个项目）",
    "tables": "{title}第{n}张",
    "reports": "{title}第{n}份",
}
"""How a list element is named without the package: by its position (after its list's title)."""


def _strip(annotation: Any) -> Any:
    """The model, list or dict type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _element_type(annotation: Any) -> Any:
    args = get_args(_strip(annotation))
    return _strip(args[-1]) if args else None


def _field_title(model: type[BaseModel], name: str) -> str | None:
    info = model.model_fields.get(name)
    return info.title if info is not None else None


def describe(package: EvaluationPackage | None, path: str) -> str:
    """The Chinese name of the place ``path`` points at, e.g.

    ``overall.indicators[0].max_score`` → "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值".

    Each step is named by the model's field title, a list element by its own values (an
    indicator by its 一级指标 and name, a project by its name, a 决算 row by its code and name, a
    report section by its number and heading) or, without the package, by its position; a 决算
    amount by its column header as printed. A step the model does not know is named "其他内容"; the
    result never contains the path's own syntax.
    """
    if not path:
        return ""
    parts: list[str] = []
    model: Any = EvaluationPackage
    value: Any = package
    field_name = ""
    list_title = ""
    for match in _TOKEN.finditer(path):
        name, index, key = match.group(1), match.group(2), match.group(3)
        if index is not None:
            i = int(index)
            item = value[i] if isinstance(value, list) and i < len(value) else None
            namer = _ITEM_NAMES.get(model) if isinstance(model, type) else None
            if item is not None and namer is not None:
                parts.append(namer(item, i))
            elif item is not None and isinstance(item, str) and field_name == "attachments":
                parts.append(item)
            else:
                shape = _POSITION_NAMES.get(field_name, "{title}第{n}项")
                parts.append(shape.format(title=list_title, n=i + 1))
            value = item
            continue
        name = key if key is not None else name
        if isinstance(model, type) and issubclass(model, BaseModel) and name in model.model_fields:
            title = _field_title(model, name)
            annotation = model.model_fields[name].annotation
            if name not in _TRANSPARENT:
                # a list's title goes with its element's name ("绩效指标第1行"); an element named by
                # its own values ("产出指标 · 参保扩面任务") needs no list title
                is_list = get_origin(_strip(annotation)) is list
                if is_list and _next_is_index(path, match.end()):
                    list_title = title or ""
                else:
                    parts.append(title or "其他内容")
            target = _strip(annotation)
            origin = get_origin(target)
            if origin in (list, dict):
                model = _element_type(annotation)
                model = _strip(model) if model is not None else None
            else:
                model = target
            value = getattr(value, name, None) if value is not None else None
            field_name = name
            if origin is dict:
                model = ("dict", model)
            continue
        if isinstance(model, tuple):  # a key of a dict field
            parts.append(_dict_key(field_name, name, value, package, path))
            value = value.get(name) if isinstance(value, dict) else None
            model = model[1]
            field_name = name
            continue
        parts.append("其他内容")
        value, model = None, None
    return SEPARATOR.join(p for p in _dedupe(parts) if p)


def _next_is_index(path: str, pos: int) -> bool:
    return path.startswith("[", pos)


def _dedupe(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if not out or out[-1] != p:
            out.append(p)
    return out


def _dict_key(field: str, key: str, mapping: Any, package: EvaluationPackage | None, path: str) -> str:
    """A dict key as printed: a 决算 column by its header, a 资金构成 line by its own label."""
    if field == "values" and package is not None:
        table = _final_accounts_table_of(package, path)
        if table is not None and key in table.columns:
            return table.columns[key]
    if field == "values":
        return "金额"
    if field == "scoring_facts":
        return "评分依据"
    return key if re.search(r"[\u4e00-\u9fff]", key) else "其他内容"


def _final_accounts_table_of(package: EvaluationPackage, path: str) -> FinalAccountsTable | None:
    m = re.match(r"final_accounts\.tables\[(\d+)\]", path)
    if m is None or package.final_accounts is None:
        return None
    i = int(m.group(1))
    tables = package.final_accounts.tables
    return tables[i] if i < len(tables) else None


def field_title(model: type[BaseModel], name: str) -> str:
    """The printed name of one field ("max_score" of :class:`Indicator` → "分值")."""
    return _field_title(model, name) or name
