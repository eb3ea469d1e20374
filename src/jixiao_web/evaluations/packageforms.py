"""Forms for every part of the evaluation package, generated from the core's pydantic model.

The package model (``jixiao.model``) is the one source of truth for the data (HOUSE.md): the
edit pages are not a second hand-made copy of the schema but are generated from it. Every input
is named by its path in the package (``overall.indicators[3].score``, ``unit.authorized_staff``)
— the same path the audit checker puts in ``Finding.location.path`` — so findings, computed
values, reviewer comments and validation errors are shown beside the field they concern.

Rows of a list (indicator rows, 三公 rows, evaluators …) may be added and removed in the browser;
new rows get fresh, possibly non-contiguous indices. :func:`parse_post` rebuilds JSON data from
the posted fields (compacting the indices and remembering the mapping), and :func:`to_form_path`
maps a path of the compacted package back to the input names on the page.
"""

from __future__ import annotations

import copy
import json
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from django.utils.html import escape
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from jixiao.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    EvaluationPackage,
    Indicator,
    Level1,
    Level2,
    negative_values,
)
from jixiao.model.io import chinese_error
from jixiao.text import halfwidth

# ---------------------------------------------------------------- parts

PARTS: list[tuple[str, str, list[str]]] = [
    ("unit", "单位基本情况", ["year", "unit", "cover"]),
    ("budget", "收支、资产与基础数据", ["income", "expenditure", "fixed_assets", "base_data"]),
    ("three_public", "三公经费", ["three_public_tables"]),
    ("overall", "整体支出绩效自评表", ["overall"]),
    ("scoring", "评分表", ["scoring_table", "work_assessment"]),
    ("reports", "报告正文", ["reports"]),
    ("evaluators", "评价人员与审签", ["evaluators", "signoffs"]),
    ("final_accounts", "部门决算", ["final_accounts"]),
]
PART_TITLES = {key: title for key, title, _ in PARTS}
_PROJECT_PART = re.compile(r"^project-(\d+|new)$")


class UnknownPart(KeyError):
    pass


def part_roots(part: str, data: dict[str, Any]) -> tuple[str, list[str]]:
    """The title and the root paths of one part; ``project-N`` is project N, ``project-new`` a new one."""
    for key, title, roots in PARTS:
        if key == part:
            return title, roots
    m = _PROJECT_PART.match(part)
    if m:
        count = len(data.get("projects") or [])
        index = count if m.group(1) == "new" else int(m.group(1))
        if index > count:
            raise UnknownPart(part)
        return ("新增项目支出绩效自评表" if index == count else f"项目支出绩效自评表（{index + 1}）"), [
            f"projects[{index}]"
        ]
    raise UnknownPart(part)


def part_list(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(part key, title) for the edit page's navigation: fixed parts, then one per project."""
    out = [(k, t) for k, t, _ in PARTS[:4]]
    for i, p in enumerate(data.get("projects") or []):
        out.append((f"project-{i}", f"项目：{(p or {}).get('name') or i + 1}"))
    out.append(("project-new", "＋新增项目"))
    out += [(k, t) for k, t, _ in PARTS[4:]]
    return out


# ---------------------------------------------------------------- labels

LABELS: dict[str, str] = {
    "year": "评价年度",
    "unit": "单位",
    "cover": "封面",
    "income": "年度收入情况",
    "expenditure": "年度支出和结余情况",
    "fixed_assets": "固定资产",
    "base_data": "基础数据表",
    "three_public_tables": "三公经费表",
    "overall": "整体支出自评",
    "projects": "项目支出自评",
    "scoring_table": "部门整体支出绩效评价评分表",
    "work_assessment": "绩效自评工作考核评分表",
    "final_accounts": "部门决算",
    "reports": "报告",
    "evaluators": "评价人员",
    "signoffs": "审签意见",
    "name": "名称",
    "short_name": "简称",
    "budget_code": "预算编码",
    "credit_code": "统一社会信用代码",
    "jurisdiction": "行政区划（每行一级）",
    "unit_type": "单位性质",
    "parent": "主管部门／上级项",
    "address": "地址",
    "head": "单位负责人",
    "authorized_staff": "编制数",
    "actual_staff": "实有人数",
    "retired_staff": "退休人数",
    "internal_office_count": "内设机构数",
    "internal_offices": "内设机构（每行一个）",
    "duties": "职能职责",
    "annual_work": "年度主要工作",
    "achievements": "年度运行情况及成绩",
    "contacts": "联系人",
    "role": "身份",
    "phone": "联系电话",
    "title": "标题",
    "unit_name": "单位名称",
    "method": "评价方式",
    "evaluator": "评价机构",
    "report_date": "报告日期",
    "issuer": "制发机关",
    "total": "合计",
    "carried_over": "上年结转",
    "general_public": "一般公共预算拨款",
    "government_fund": "政府性基金拨款",
    "state_capital": "国有资本经营预算",
    "special_account_non_tax": "纳入专户管理的非税收入",
    "other": "其他",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public_operation": "公用经费",
    "project": "项目支出／所属项目",
    "balance_current": "当年结余",
    "balance_accumulated": "累计结余",
    "in_use": "在用",
    "leased": "出租出借",
    "stated_staffing_control_rate": "财政供养人员控制率（%）",
    "expense_rows": "经费控制情况",
    "buildings": "楼堂馆所控制情况",
    "saving_measures": "厉行节约保障措施",
    "note": "说明",
    "label": "行名称",
    "key": "行代码",
    "last_year_actual": "上年决算数",
    "budget": "本年预算数",
    "actual": "本年决算数／实际完成值",
    "approved_area": "批复面积",
    "actual_area": "实际面积",
    "stated_area_control_rate": "面积控制率（%）",
    "budget_investment": "预算投资",
    "actual_investment": "实际投资",
    "stated_investment_control_rate": "投资控制率（%）",
    "rows": "行",
    "component": "项目",
    "stated_control_rate": "控制率（%）",
    "stated_change_amount": "同比增减额",
    "stated_change_rate": "同比增减率（%）",
    "scope": "范围",
    "department": "主管部门",
    "implementing_unit": "实施单位",
    "sub_item": "子项目",
    "funds": "资金情况",
    "kind": "类别",
    "initial_budget": "年初预算数",
    "annual_budget": "全年预算数",
    "executed": "全年执行数",
    "max_score": "分值",
    "stated_execution_rate": "执行率（%）",
    "stated_score": "得分",
    "total_investment": "项目总投资",
    "total_investment_appropriation": "其中：财政拨款",
    "by_source": "按收入性质分（每行“名称：金额”）",
    "by_nature": "按支出性质分（每行“名称：金额”）",
    "expected_goal": "年度总体目标（预期目标）",
    "achieved_goal": "实际完成情况",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level1_raw": "一级指标（原文）",
    "level2": "二级指标",
    "level2_raw": "二级指标（原文）",
    "target_raw": "年度指标值",
    "actual_raw": "实际完成值",
    "score": "得分／评分",
    "deviation_note": "偏差原因分析及改进措施",
    "subtotals": "分项得分",
    "where": "出处",
    "stated_total_max": "总分值",
    "stated_total_score": "总得分",
    "stated_grade": "等级",
    "grade_note": "等级说明",
    "footer": "表尾",
    "filled_by": "填表人",
    "fill_date": "填报日期",
    "head_signature": "单位负责人签字",
    "attachment": "附件号",
    "assessed_unit": "被评价单位",
    "level1_max": "一级分值",
    "level2_max": "二级分值",
    "criterion": "评分标准",
    "self_score": "自评得分",
    "rule_key": "规则行",
    "tables": "表",
    "number": "编号",
    "unit_of_amount": "金额单位",
    "columns": "列（每行“代码：表头”）",
    "empty_statement": "无数据说明",
    "code": "代码",
    "row_number": "行次",
    "side": "收／支",
    "values": "各列金额（每行“列：金额”）",
    "sections": "章节",
    "heading": "标题",
    "text": "正文",
    "line": "原文行号",
    "subsections": "小节",
    "date": "日期",
    "signed_by": "签署人",
    "attachments": "附件（每行一个）",
    "document": "所在文档",
    "organisation": "单位",
    "signed": "已签字",
    "party": "审签方",
    "opinion": "意见",
}

ENUM_LABELS: dict[type[Enum], dict[str, str]] = {
    Level1: {k.value: v for k, v in LEVEL1_LABELS.items()},
    Level2: {k.value: v for k, v in LEVEL2_LABELS.items()},
}
_EXTRA_ENUM_LABELS = {
    "overall": "部门整体支出",
    "project": "项目支出",
    "total": "合计",
    "overseas_travel": "因公出国（境）费",
    "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "appropriation": "当年财政拨款",
    "carried_over": "上年结转资金",
    "other": "其他资金",
}
LONG_TEXT = {
    "duties",
    "annual_work",
    "achievements",
    "expected_goal",
    "achieved_goal",
    "deviation_note",
    "text",
    "criterion",
    "opinion",
    "saving_measures",
    "note",
    "grade_note",
    "empty_statement",
}
SKIPPED = {"schema_version", "documents", "import_report", "rule_sets"}


def label_of(name: str) -> str:
    return LABELS.get(name, name)


# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class Kind:
    kind: str  # str, int, decimal, bool, enum, literal, model, model_list, str_list, dict, sources, json
    target: Any = None


def _strip_optional(annotation: Any) -> Any:
    """The type inside ``X | None`` and inside ``Annotated[X, …]`` (constraints such as ge=0)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
    if origin is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def kind_of(name: str, annotation: Any) -> Kind:
    t = _strip_optional(annotation)
    origin = typing.get_origin(t)
    if name == "sources":
        return Kind("sources")
    if origin is list:
        (item,) = typing.get_args(t)
        item = _strip_optional(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return Kind("model_list", item)
        return Kind("str_list")
    if origin is dict:
        return Kind("dict")
    if origin is typing.Literal:
        return Kind("literal")
    if isinstance(t, type):
        if issubclass(t, BaseModel):
            return Kind("model", t)
        if issubclass(t, Enum):
            return Kind("enum", t)
        if issubclass(t, bool):
            return Kind("bool")
        if issubclass(t, int):
            return Kind("int")
        if issubclass(t, Decimal):
            return Kind("decimal")
        if issubclass(t, str):
            return Kind("str")
    return Kind("json")


def _tokens(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        out.append(int(index) if index else name)
    return out


def _path(tokens: list[str | int]) -> str:
    s = ""
    for t in tokens:
        s += f"[{t}]" if isinstance(t, int) else (f".{t}" if s else t)
    return s


def kind_at(path: str) -> Kind:
    """The kind of the value at a package path (``projects[2]`` is a SelfEvaluation)."""
    current: Kind = Kind("model", EvaluationPackage)
    for token in _tokens(path):
        if isinstance(token, int):
            if current.kind != "model_list":
                raise UnknownPart(path)
            current = Kind("model", current.target)
        else:
            if current.kind != "model" or token not in current.target.model_fields:
                raise UnknownPart(path)
            current = kind_of(token, current.target.model_fields[token].annotation)
    return current


# ---------------------------------------------------------------- rendering


def _id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)


def _display(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


@dataclass
class Renderer:
    """Renders a part's inputs as HTML; ``errors`` maps form paths to messages shown beside them."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    readonly: bool = False
    counter: int = 0

    def _err(self, path: str) -> str:
        msgs = self.errors.get(path, [])
        return "".join(f'<p class="error" role="alert">{escape(m)}</p>' for m in msgs)

    def _dis(self) -> str:
        return " disabled" if self.readonly else ""

    def indicator_grid(self, items: list[Any], path: str, placeholder: str, head: str) -> str:
        """The three-level indicator block as printed: 一级/二级 cells merged over their rows, then
        三级指标, 年度指标值, 实际完成值, 分值, 得分, the rule set's score (computed), 偏差原因."""
        rows = [i if isinstance(i, dict) else {} for i in items]
        spans1 = _runs([(r.get("level1"), r.get("level1_raw")) for r in rows])
        spans2 = _runs(
            [(r.get("level1"), r.get("level1_raw"), r.get("level2"), r.get("level2_raw")) for r in rows]
        )
        cols = "".join(f'<th scope="col" class="c-{n}">{escape(t)}</th>' for n, t in INDICATOR_COLUMNS)
        body = "".join(
            self.indicator_row(r, f"{path}[{i}]", spans1.get(i, 0), spans2.get(i, 0))
            for i, r in enumerate(rows)
        )
        html = (
            f'{head}<table class="rows grid indicators" data-list="{escape(path)}">'
            f'<thead><tr>{cols}<th class="act"><span class="visually-hidden">操作</span></th></tr></thead>'
            f'<tbody class="items">{body}</tbody>'
            f'<tfoot><tr><th scope="row" colspan="5">合计</th>'
            f'<td class="computed" data-computed="{escape(path)}#max"></td>'
            f'<td class="computed" data-computed="{escape(path)}#score"></td>'
            f'<td class="computed" data-computed="{escape(path)}#rule"></td><td colspan="2"></td></tr></tfoot></table>'
        )
        if not self.readonly:
            template = self.indicator_row({}, f"{path}[{placeholder}]", 1, 1)
            html += (
                f'<button type="button" class="add-row" data-placeholder="{placeholder}" data-next="{len(rows)}">'
                f"添加一行（绩效指标）</button><template><table><tbody>{template}</tbody></table></template>"
            )
        hint = (
            '<p class="hint grid-hint">方向键、Tab、回车在格子间移动（Alt+回车在格内换行）；'
            "可从 Excel／WPS 复制一块单元格后粘贴到任一格。</p>"
        )
        return html.replace("</legend>", "</legend>" + hint, 1) + "</fieldset>"

    def indicator_row(self, item: dict[str, Any], path: str, span1: int, span2: int) -> str:
        cells = []
        hidden = []
        for name, span in (("level1", span1), ("level2", span2)):
            raw_name = f"{name}_raw"
            raw = item.get(raw_name)
            raw_input = (
                f'<input type="hidden" name="{escape(path)}.{raw_name}" value="{escape(_display(raw))}" '
                f'data-col="{raw_name}">'
            )
            if span:
                kind = Kind("enum", Level1 if name == "level1" else Level2)
                control = self.scalar(
                    name, kind, item.get(name), f"{path}.{name}", bare=True, title=_LEVEL_TITLES[name]
                )
                if raw and raw not in ENUM_LABELS[kind.target].values():
                    control += f'<span class="raw" title="表中原文">{escape(raw)}</span>'
                rowspan = f' rowspan="{span}"' if span > 1 else ""
                cells.append(
                    f'<td class="merged {name}"{rowspan} data-col="{name}">{control}{raw_input}</td>'
                )
            else:
                hidden.append(
                    f'<input type="hidden" name="{escape(path)}.{name}" value="{escape(_display(item.get(name)))}" '
                    f'data-col="{name}" data-follows="{name}">'
                    + raw_input.replace('data-col="', 'data-follows="' + raw_name + '" data-col="')
                )
        for name, kind in (
            ("name", Kind("str")),
            ("target_raw", Kind("str")),
            ("actual_raw", Kind("str")),
            ("max_score", Kind("decimal")),
            ("score", Kind("decimal")),
        ):
            cells.append(
                f'<td data-col="{name}">{self.scalar(name, kind, item.get(name), f"{path}.{name}", bare=True, title=_INDICATOR_TITLES[name], area=name in _GRID_TEXT)}</td>'
            )
        cells.append(f'<td class="computed" data-computed="{escape(path)}.score" aria-label="系统评分"></td>')
        cells.append(
            f'<td data-col="deviation_note">{self.scalar("deviation_note", Kind("str"), item.get("deviation_note"), f"{path}.deviation_note", bare=True, title="偏差原因分析及改进措施", area=True)}</td>'
        )
        sources = item.get("sources")
        hidden.append(
            f'<input type="hidden" name="{escape(path)}.sources" value="{escape(json.dumps(sources or {}, ensure_ascii=False))}">'
        )
        actions = (
            ""
            if self.readonly
            else (
                '<button type="button" class="insert-row" aria-label="在下方插入一行" title="在下方插入一行（同一组）">＋</button>'
                '<button type="button" class="remove-row" aria-label="删除此行" title="删除此行">×</button>'
            )
        )
        return (
            f'<tr class="item" data-path="{escape(path)}">{"".join(cells)}'
            f'<td class="act">{"".join(hidden)}{actions}</td></tr>'
        )

    def scalar(
        self,
        name: str,
        kind: Kind,
        value: Any,
        path: str,
        bare: bool = False,
        title: str | None = None,
        area: bool = False,
    ) -> str:
        fid = _id(path)
        p = escape(path)
        if kind.kind == "enum":
            labels = ENUM_LABELS.get(kind.target, {})
            opts = ['<option value="">（未填）</option>']
            for member in kind.target:
                text = labels.get(member.value) or _EXTRA_ENUM_LABELS.get(member.value) or member.value
                sel = " selected" if _display(value) == member.value else ""
                opts.append(f'<option value="{escape(member.value)}"{sel}>{escape(text)}</option>')
            control = f'<select id="{fid}" name="{p}"{self._dis()}>{"".join(opts)}</select>'
        elif kind.kind == "bool":
            checked = " checked" if value in (True, "true", "on", "1") else ""
            control = (
                f'<input type="hidden" name="{p}" value="false">'
                f'<input type="checkbox" id="{fid}" name="{p}" value="true"{checked}{self._dis()}>'
            )
        elif area and bare:
            rows = 1 if name not in ("deviation_note",) else 2
            control = (
                f'<textarea id="{fid}" name="{p}" rows="{rows}" class="cell-text"{self._dis()}>'
                f"{escape(_display(value))}</textarea>"
            )
        elif kind.kind in ("str_list", "dict", "json") or (
            kind.kind == "str" and (name in LONG_TEXT or "\n" in _display(value) or len(_display(value)) > 80)
        ):
            text = value
            if kind.kind == "str_list" and isinstance(value, list):
                text = "\n".join(_display(v) for v in value)
            elif kind.kind == "dict" and isinstance(value, dict):
                text = "\n".join(f"{k}：{_display(v)}" for k, v in value.items())
            elif kind.kind == "json" and not isinstance(value, str):
                text = json.dumps(value, ensure_ascii=False) if value is not None else ""
            rows = min(12, max(2, _display(text).count("\n") + 2, len(_display(text)) // 60 + 1))
            control = f'<textarea id="{fid}" name="{p}" rows="{rows}"{self._dis()}>{escape(_display(text))}</textarea>'
        else:
            mode = {"int": ' inputmode="numeric"', "decimal": ' inputmode="decimal"'}.get(kind.kind, "")
            control = f'<input type="text" id="{fid}" name="{p}" value="{escape(_display(value))}"{mode}{self._dis()}>'
        text = title or label_of(name)
        label = f'<label for="{fid}">{escape(text)}</label>'
        cls = "field" + (" cell" if bare else "") + (" has-error" if path in self.errors else "")
        if bare:
            label = f'<label for="{fid}" class="visually-hidden">{escape(text)}</label>'
        return f'<div class="{cls}" data-path="{p}">{label}{control}{self._err(path)}<div class="live" aria-live="polite"></div></div>'

    def model(self, cls: type[BaseModel], data: Any, path: str, in_template: bool = False) -> str:
        data = data if isinstance(data, dict) else {}
        parts: list[str] = []
        for name, finfo in cls.model_fields.items():
            if name in SKIPPED:
                continue
            kind = kind_of(name, finfo.annotation)
            sub = f"{path}.{name}" if path else name
            value = data.get(name)
            if kind.kind == "sources":
                parts.append(
                    f'<input type="hidden" name="{escape(sub)}" value="{escape(json.dumps(value or {}, ensure_ascii=False))}">'
                )
            elif kind.kind == "literal":
                continue
            elif kind.kind == "model":
                parts.append(
                    f'<fieldset class="group" data-path="{escape(sub)}"><legend>{escape(label_of(name))}</legend>'
                    f"{self._err(sub)}{self.model(kind.target, value, sub, in_template)}</fieldset>"
                )
            elif kind.kind == "model_list":
                parts.append(self.model_list(name, kind.target, value, sub, in_template))
            else:
                parts.append(self.scalar(name, kind, value, sub, title=self.title(cls, name)))
        return "".join(parts)

    @staticmethod
    def _flat(cls: type[BaseModel]) -> list[tuple[str, Kind]]:
        """The scalar fields of a row model, or [] when it has nested parts (then it is a fieldset)."""
        out = []
        for name, finfo in cls.model_fields.items():
            kind = kind_of(name, finfo.annotation)
            if kind.kind in ("model", "model_list", "json"):
                return []
            if kind.kind in ("sources", "literal"):
                continue
            out.append((name, kind))
        return out

    def model_list(self, name: str, cls: type[BaseModel], items: Any, path: str, in_template: bool) -> str:
        items = items if isinstance(items, list) else []
        self.counter += 1
        placeholder = f"__n{self.counter}__"
        flat = self._flat(cls)
        title = escape(label_of(name))
        head = f'<fieldset class="list" data-path="{escape(path)}"><legend>{title}（{len(items)}）</legend>{self._err(path)}'
        if cls is Indicator:
            return self.indicator_grid(items, path, placeholder, head)
        if flat:
            extra = _COMPUTED_COLUMNS.get(cls, [])
            cols = "".join(
                f'<th scope="col" data-col="{n}">{escape(self.title(cls, n))}</th>' for n, _ in flat
            ) + "".join(f'<th scope="col" class="computed">{escape(t)}</th>' for _, t in extra)
            body = "".join(self.row(cls, flat, item, f"{path}[{i}]") for i, item in enumerate(items))
            html = (
                f'{head}<table class="rows grid" data-list="{escape(path)}"><thead><tr>{cols}<th class="act">'
                f'<span class="visually-hidden">操作</span></th></tr></thead><tbody class="items">{body}</tbody></table>'
            )
            template_html = self.row(cls, flat, {}, f"{path}[{placeholder}]")
            template = f"<template><table><tbody>{template_html}</tbody></table></template>"
        else:
            body = "".join(self.item(cls, item, f"{path}[{i}]", in_template) for i, item in enumerate(items))
            html = f'{head}<div class="items">{body}</div>'
            template = (
                ""
                if in_template
                else f"<template>{self.item(cls, {}, f'{path}[{placeholder}]', True)}</template>"
            )
        if not self.readonly and (flat or not in_template):
            html += (
                f'<button type="button" class="add-row" data-placeholder="{placeholder}" data-next="{len(items)}">'
                f"添加一行（{title}）</button>{template}"
            )
        return html + "</fieldset>"

    def _remove(self) -> str:
        if self.readonly:
            return ""
        return '<button type="button" class="remove-row" aria-label="删除此行">删除</button>'

    @staticmethod
    def title(cls: Any, name: str) -> str:
        """A column's or field's title: the package model's own (``Field(title=…)``), else ours."""
        info = cls.model_fields.get(name) if isinstance(cls, type) and issubclass(cls, BaseModel) else None
        if name in LABELS and name in _OUR_TITLES_FIRST:
            return LABELS[name]
        if info is not None and info.title:
            return str(info.title)
        return label_of(name)

    def row(self, cls: type[BaseModel], flat: list[tuple[str, Kind]], item: Any, path: str) -> str:
        item = item if isinstance(item, dict) else {}
        cells = "".join(
            f'<td data-col="{n}">{self.scalar(n, k, item.get(n), f"{path}.{n}", bare=True, title=self.title(cls, n))}</td>'
            for n, k in flat
        ) + "".join(
            f'<td class="computed" data-computed="{escape(path)}.{c}" aria-label="{escape(t)}（系统计算）"></td>'
            for c, t in _COMPUTED_COLUMNS.get(cls, [])
        )
        sources = item.get("sources")
        hidden = ""
        if "sources" in cls.model_fields:
            hidden = f'<input type="hidden" name="{escape(path)}.sources" value="{escape(json.dumps(sources or {}, ensure_ascii=False))}">'
        return f'<tr class="item" data-path="{escape(path)}">{cells}<td>{hidden}{self._remove()}</td></tr>'

    def item(self, cls: type[BaseModel], item: Any, path: str, in_template: bool) -> str:
        return (
            f'<fieldset class="item" data-path="{escape(path)}"><legend>{escape(_item_title(item))}</legend>'
            f"{self.model(cls, item, path, in_template)}{self._remove()}</fieldset>"
        )


INDICATOR_COLUMNS = [
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("target_raw", "年度指标值"),
    ("actual_raw", "实际完成值"),
    ("max_score", "分值"),
    ("score", "得分"),
    ("rule", "系统评分"),
    ("deviation_note", "偏差原因分析及改进措施"),
]
_INDICATOR_TITLES = dict(INDICATOR_COLUMNS)
_LEVEL_TITLES = {"level1": "一级指标", "level2": "二级指标"}
_GRID_TEXT = {"name", "target_raw", "actual_raw"}
_OUR_TITLES_FIRST: set[str] = set()


def _computed_columns() -> dict[Any, list[tuple[str, str]]]:
    from jixiao.model import FundsRow, ThreePublicRow

    return {
        FundsRow: [("execution_rate", "执行率（%）")],
        ThreePublicRow: [("stated_control_rate", "控制率（系统计算）")],
    }


def _runs(keys: list[Any]) -> dict[int, int]:
    """Merged cells: the first row of each run of equal keys → the run's length."""
    out: dict[int, int] = {}
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or keys[start] == (None,) * len(keys[start]):
            out[start] = i - start
            start = i
    return out


def _item_title(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("name", "title", "heading", "label", "party"):
            if item.get(key):
                return str(item[key])[:40]
    return "新增"


def render_part(
    data: dict[str, Any], roots: list[str], errors: dict[str, list[str]] | None = None, readonly: bool = False
) -> str:
    """The inputs of one part of the package (``data`` is raw JSON, possibly invalid)."""
    r = Renderer(errors=errors or {}, readonly=readonly)
    out = []
    for root in roots:
        kind = kind_at(root)
        value = _get(data, _tokens(root))
        name = str(_tokens(root)[-1]) if not isinstance(_tokens(root)[-1], int) else "projects"
        if kind.kind == "model":
            inner = r.model(kind.target, value, root)
            out.append(
                f'<fieldset class="group" data-path="{escape(root)}"><legend>{escape(label_of(name))}</legend>{r._err(root)}{inner}</fieldset>'
            )
        elif kind.kind == "model_list":
            out.append(r.model_list(name, kind.target, value, root, False))
        else:
            out.append(r.scalar(name, kind, value, root))
    return "".join(out)


# ---------------------------------------------------------------- parsing


def _get(data: Any, tokens: list[str | int]) -> Any:
    for t in tokens:
        if isinstance(t, int):
            if not isinstance(data, list) or t >= len(data):
                return None
            data = data[t]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(t)
    return data


class _Tree(dict[Any, Any]):
    """Raw nested data while parsing; integer keys are list indices as posted."""


@dataclass
class Parsed:
    data: dict[str, Any]  # the whole package as JSON data with the part replaced
    index_map: dict[str, list[int]]  # compact list path -> posted indices


IGNORED_POST_KEYS = {"csrfmiddlewaretoken", "based_on", "message", "action"}


def parse_post(post: Any, current: dict[str, Any], roots: list[str]) -> Parsed:
    """Rebuild the package data from a posted part form (``post`` is a QueryDict or a dict of lists)."""
    tree = _Tree()
    keys = post.keys()
    for key in keys:
        if key in IGNORED_POST_KEYS or not any(key == r or key.startswith((r + ".", r + "[")) for r in roots):
            continue
        values = post.getlist(key) if hasattr(post, "getlist") else post[key]
        value = values[-1] if isinstance(values, list) else values
        node = tree
        tokens = _tokens(key)
        for t in tokens[:-1]:
            node = node.setdefault(t, _Tree())
        node[tokens[-1]] = value
    data = copy.deepcopy(current)
    index_map: dict[str, list[int]] = {}
    for root in roots:
        tokens = _tokens(root)
        raw: Any = tree
        for t in tokens:
            raw = raw.get(t) if isinstance(raw, dict) else None
        value = _coerce(kind_at(root), raw, root, index_map)
        _set(data, tokens, value)
    return Parsed(data, index_map)


def _set(data: dict[str, Any], tokens: list[str | int], value: Any) -> None:
    node: Any = data
    for i, t in enumerate(tokens[:-1]):
        if isinstance(t, int):
            node = node[t]
        else:
            node = node.setdefault(t, [] if isinstance(tokens[i + 1], int) else {})
    last = tokens[-1]
    if isinstance(last, int):
        if value is None:
            if last < len(node):
                del node[last]
        elif last < len(node):
            node[last] = value
        else:
            node.append(value)
    elif value is None or value == []:
        node.pop(last, None)
    else:
        node[last] = value


def _coerce(kind: Kind, raw: Any, path: str, index_map: dict[str, list[int]]) -> Any:
    if kind.kind == "model":
        if not isinstance(raw, dict):
            return None
        out: dict[str, Any] = {}
        for name, finfo in kind.target.model_fields.items():
            if name not in raw:
                continue
            value = _coerce(
                kind_of(name, finfo.annotation), raw[name], f"{path}.{name}" if path else name, index_map
            )
            if value is not None and value != [] and value != {}:
                out[name] = value
        if not out.get("sources") and not any(v not in ("", None) for v in _leaves(raw)):
            return None
        for name, finfo in kind.target.model_fields.items():
            # a required text the page posted empty stays "" (the model allows it; dropping it would not)
            if (
                finfo.is_required()
                and name not in out
                and raw.get(name) == ""
                and kind_of(name, finfo.annotation).kind == "str"
            ):
                out[name] = ""
        return out
    if kind.kind == "model_list":
        if not isinstance(raw, dict):
            return []
        indices = sorted(k for k in raw if isinstance(k, int))
        items = []
        kept = []
        for i in indices:
            value = _coerce(Kind("model", kind.target), raw[i], f"{path}[{len(items)}]", index_map)
            if value is not None:
                items.append(value)
                kept.append(i)
        index_map[path] = kept
        return items
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if kind.kind == "sources":
        try:
            value = json.loads(text) if text else {}
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) and value else None
    if kind.kind == "bool":
        return text in ("true", "on", "1")
    if text == "":
        return None
    if kind.kind == "str_list":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind.kind == "dict":
        out2: dict[str, Any] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            k, _, v = re.split(r"([:：])", line, maxsplit=1) if re.search(r"[:：]", line) else (line, "", "")
            out2[k.strip()] = v.strip() or None
        return out2
    if kind.kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    if kind.kind in ("decimal", "int"):  # full-width digits (２０) as typed by a Chinese IME, in both
        return halfwidth(text).replace(",", "").replace("，", "")
    if kind.kind == "str" and "\n" in raw.replace("\r", "\n"):
        # browsers post a textarea with \r\n: an untouched text must not count as a change
        return raw.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _leaves(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        out = []
        for k, v in raw.items():
            if k not in ("sources", "scope"):
                out += _leaves(v)
        return out
    if isinstance(raw, str):
        return ["" if raw.strip() in ("false", "") else raw]
    return [raw]


def to_form_path(path: str, index_map: dict[str, list[int]]) -> str:
    """Map a path in the compacted package to the input names on the page that was posted."""
    tokens = _tokens(path)
    out: list[str | int] = []
    compact: list[str | int] = []
    for t in tokens:
        if isinstance(t, int):
            mapping = index_map.get(_path(compact))
            out.append(mapping[t] if mapping is not None and t < len(mapping) else t)
        else:
            out.append(t)
        compact.append(t)
    return _path(out)


def validation_errors(data: dict[str, Any]) -> dict[str, list[str]] | None:
    """Validate as a package: None when valid, else {path: [中文消息]}."""
    try:
        package = EvaluationPackage.model_validate(data)
    except PydanticValidationError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors():
            tokens: list[str | int] = []
            for p in err["loc"]:
                if isinstance(p, int) or (isinstance(p, str) and not p.startswith(("function-", "json-"))):
                    tokens.append(p)
            errors.setdefault(_path(tokens), []).append(chinese_message(err))
        return errors
    # typed input: a budget, an actual, a score or a headcount cannot be negative
    negatives = negative_values(package)
    if negatives:
        return {item.path: [f"不能为负数（填写的是{item.value}）"] for item in negatives}
    return None


# ---------------------------------------------------------------- messages in Chinese only

_MESSAGES = {
    "decimal_parsing": "应为数字，如 12.5",
    "decimal_type": "应为数字，如 12.5",
    "float_parsing": "应为数字，如 12.5",
    "int_parsing": "应为整数，如 12",
    "int_from_float": "应为整数，如 12",
    "decimal_max_places": "小数位过多",
    "decimal_max_digits": "数字位数过多",
    "missing": "必须填写",
    "string_too_long": "文字过长",
    "enum": "请从列表中选择",
    "literal_error": "请从列表中选择",
    "bool_parsing": "请选择是或否",
}


def chinese_message(err: Any) -> str:
    """One pydantic error as a Chinese sentence a person can act on — never pydantic's English."""
    kind = str(err.get("type", ""))
    shown = err.get("input")
    typed = f"（填写的是“{shown}”）" if isinstance(shown, str | int | float | Decimal) and str(shown) else ""
    if kind in _MESSAGES:
        return _MESSAGES[kind] + typed
    text = chinese_error(kind, str(err.get("msg", "")), err.get("ctx"))
    # the core keeps pydantic's words in brackets; a person reads only the Chinese part
    text = re.sub(r"（[^（）]*[A-Za-z]{3,}[^（）]*）", "", text).strip()
    return (text or "取值不合规") + typed


# ---------------------------------------------------------------- names, not paths


def _core_describe() -> Any:
    """``jixiao.model.labels.describe(package, path)`` when the core has it (it names the place the
    way the paper prints it, from the model's field titles); None before it lands."""
    try:
        from jixiao.model.labels import describe
    except ImportError:
        return None
    return describe


_ROOT_NAMES = {
    "overall": "部门整体支出绩效自评表",
    "projects": "项目支出绩效自评表",
    "three_public_tables": "“三公”经费表",
    "base_data": "部门整体支出绩效评价基础数据表",
}


def _field_title(cls: Any, name: str) -> str:
    info = cls.model_fields.get(name) if isinstance(cls, type) and issubclass(cls, BaseModel) else None
    if info is not None and info.title:
        return str(info.title)
    return (
        _ROOT_NAMES.get(name)
        if cls is EvaluationPackage and name in _ROOT_NAMES
        else LABELS.get(name, "其他内容")
    )


def _describe_fallback(path: str, data: Any) -> str:
    """The adapter's own naming (used until the core's ``describe`` lands): form, row, column."""
    parts: list[str] = []
    cls: Any = EvaluationPackage
    node: Any = data
    list_title = ""
    tokens = _tokens(path)
    for i, t in enumerate(tokens):
        if isinstance(t, int):
            item = node[t] if isinstance(node, list) and t < len(node) else None
            name = ""
            if isinstance(item, dict):
                if "level1" in item and item.get("name"):
                    level = item.get("level1_raw") or ENUM_LABELS[Level1].get(str(item.get("level1")), "")
                    name = f"{level} · {item['name']}" if level else str(item["name"])
                else:
                    name = _item_title(item) if _item_title(item) != "新增" else ""
            prev = tokens[i - 1] if i else ""
            if prev == "projects":
                parts[-1:] = [f"项目支出绩效自评表（{name or f'第{t + 1}个项目'}）"]
            elif prev == "three_public_tables":
                parts[-1:] = [name or f"“三公”经费表（第{t + 1}张）"]
            else:
                parts.append(name or f"{list_title}第{t + 1}行")
            node = item
            continue
        is_list = i + 1 < len(tokens) and isinstance(tokens[i + 1], int)
        if cls is not None and isinstance(cls, type) and issubclass(cls, BaseModel) and t in cls.model_fields:
            if is_list:
                list_title = _field_title(cls, t)
                if t in ("projects", "three_public_tables"):
                    parts.append(list_title)
            elif t not in ("footer", "sources"):
                parts.append(_field_title(cls, t))
            kind = kind_of(t, cls.model_fields[t].annotation)
            cls = kind.target if kind.kind in ("model", "model_list") else None
        else:
            parts.append(LABELS.get(t, "其他内容"))
            cls = None
        node = node.get(t) if isinstance(node, dict) else None
    return " · ".join(p for p in parts if p)


def describe_path(path: str, data: Any = None, package: Any = None) -> str:
    """Where ``path`` points, named as printed: "部门整体支出绩效自评表 · 效益指标 · 参保人数 · 分值"."""
    if not path:
        return ""
    core = _core_describe()
    if core is not None:
        try:
            return str(core(package, path))
        except Exception:  # a path the core cannot name is named by the adapter
            pass
    return _describe_fallback(path, data if data is not None else {})


def document_names(data: Any) -> dict[str, str]:
    """Document id → the name a person knows it by (its title or file name, never the id)."""
    out = {}
    for i, d in enumerate((data or {}).get("documents") or []):
        if isinstance(d, dict) and d.get("id"):
            out[str(d["id"])] = str(d.get("title") or d.get("filename") or f"第{i + 1}份原文")
    return out


def place_of(finding: dict[str, Any], data: Any, package: Any = None) -> str:
    """A finding's place in words: the form, row and column, then the line in the source document."""
    parts = []
    if finding.get("path") and finding["path"] != "coverage":
        parts.append(describe_path(finding["path"], data, package))
    source = []
    names = document_names(data)
    if finding.get("document") and len(names) > 1:
        source.append(f"《{names.get(finding['document'], '原文')}》")
    if finding.get("page"):
        source.append(f"第{finding['page']}页")
    if finding.get("line"):
        source.append(f"原文第{finding['line']}行")
    if source:
        parts.append("".join(source))
    return "，".join(parts) or "整个评价包"


def name_findings(findings: list[dict[str, Any]], data: Any, package: Any = None) -> list[dict[str, Any]]:
    """Give every finding ``where`` (its place in words) and ``path_label`` (the field in words)."""
    for f in findings:
        f["where"] = place_of(f, data, package)
        f["path_label"] = describe_path(f["path"], data, package) if f.get("path") else ""
        f["rule"] = plain_rule(f.get("rule"))
        f["message"] = plain_rule(f.get("message"))
        for key in ("stated", "computed"):
            if isinstance(f.get(key), str):
                f[key] = plain_rule(f[key])
    return findings


_RULE_CODE = re.compile(r"[（(]?\s*(?:R-[A-Z]+\d+|RULES\.md)[^）)；;]*[）)]?|，?RULES\.md\s*§[\d.]+")


def plain_rule(text: Any) -> str:
    """A rule's words without its internal code (R-Q1, RULES.md §1.3): people read the name."""
    if text is None:
        return ""
    out = re.sub(r"[（(]\s*(?:R-[A-Z]+\d+|RULES\.md)[^（）()]*[）)]", "", str(text))
    out = re.sub(r"R-[A-Z]+\d+[，,]?\s*|RULES\.md\s*§?[\d.]*", "", out)
    out = re.sub(r"（sha256:[0-9a-f]+）|sha256:[0-9a-f]+", "", out)
    return out.strip()


# ---------------------------------------------------------------- revisions: old → new


def _leaf_changes(old: Any, new: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(old, dict) or isinstance(new, dict):
        o = old if isinstance(old, dict) else {}
        n = new if isinstance(new, dict) else {}
        for key in sorted(set(o) | set(n), key=str):
            if key in ("sources", "schema_version", "documents", "import_report", "coverage", "rule_sets"):
                continue
            _leaf_changes(o.get(key), n.get(key), f"{path}.{key}" if path else str(key), out)
        return
    if isinstance(old, list) or isinstance(new, list):
        o = old if isinstance(old, list) else []
        n = new if isinstance(new, list) else []
        if all(not isinstance(x, dict | list) for x in [*o, *n]):  # a list of texts is one value
            if o != n:
                out.append((path, "\n".join(map(str, o)), "\n".join(map(str, n))))
            return
        for i in range(max(len(o), len(n))):
            _leaf_changes(o[i] if i < len(o) else None, n[i] if i < len(n) else None, f"{path}[{i}]", out)
        return
    if (
        isinstance(old, str)
        and isinstance(new, str)
        and old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    ):
        return
    if old != new:
        out.append((path, old, new))


@dataclass
class Change:
    place: str
    old: str
    new: str


def _shown_value(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    for enum in (ENUM_LABELS[Level1], ENUM_LABELS[Level2], _EXTRA_ENUM_LABELS):
        if text in enum:
            return enum[text]
    return text


def changes_between(old: Any, new: Any, limit: int = 500) -> list[Change]:
    """What differs between two versions, field by field, named as printed, with both values."""
    leaves: list[tuple[str, Any, Any]] = []
    _leaf_changes(old or {}, new or {}, "", leaves)
    packages = {"old": as_package(old), "new": as_package(new)}
    documents = {**document_names(old), **document_names(new)}  # a document is named, not its id
    out = []
    for path, a, b in leaves[:limit]:
        side = "new" if b not in (None, "") else "old"
        named_in = new if side == "new" else old
        a, b = documents.get(str(a), a), documents.get(str(b), b)
        out.append(Change(describe_path(path, named_in, packages[side]), _shown_value(a), _shown_value(b)))
    return out


def as_package(data: Any) -> EvaluationPackage | None:
    """``data`` as a package when it validates (to name rows by their values), else None."""
    if not isinstance(data, dict):
        return None
    try:
        return EvaluationPackage.model_validate(data)
    except PydanticValidationError:
        return None


_COMPUTED_COLUMNS = _computed_columns()


# ---------------------------------------------------------------- fields a reviewer may point at

_NOT_COMMENTED = SKIPPED | {"sources", "coverage", "targets", "scoring_facts", "final_accounts", "reports"}


def _walk_fields(cls: Any, data: Any, path: str, out: list[str]) -> None:
    data = data if isinstance(data, dict) else {}
    for name, finfo in cls.model_fields.items():
        if name in _NOT_COMMENTED:
            continue
        sub = f"{path}.{name}" if path else name
        kind = kind_of(name, finfo.annotation)
        if kind.kind == "model":
            if name in data or not path:
                _walk_fields(kind.target, data.get(name), sub, out)
        elif kind.kind == "model_list":
            for i, item in enumerate(data.get(name) or []):
                _walk_fields(kind.target, item, f"{sub}[{i}]", out)
        elif kind.kind not in ("literal", "sources", "json"):
            out.append(sub)


def commentable_fields(data: Any, package: Any = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every field of the forms the package has, filled or not, grouped by form, named as printed:
    [(form, [(path, name)])] — what the reviewer picks (or clicks) to comment on, never a path typed."""
    paths: list[str] = []
    _walk_fields(EvaluationPackage, data, "", paths)
    groups: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        name = describe_path(path, data, package)
        form, _, rest = name.partition(" · ")
        groups.setdefault(form, []).append((path, rest or form))
    return list(groups.items())


# ---------------------------------------------------------------- upload over edits: merge


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge_kept(kept: Any, document: Any) -> Any:
    """Merge a document's package into what is there: every value already filled stays, the document
    fills what is blank. A list already filled (indicator rows, 三公 rows) stays whole — rows are not
    matched one by one — and a list left empty takes the document's."""
    if isinstance(kept, dict) and isinstance(document, dict):
        out = dict(document)
        for key, value in kept.items():
            if key in ("sources", "documents", "import_report", "coverage"):
                continue
            out[key] = merge_kept(value, document.get(key)) if key in document else value
        return out
    return document if _blank(kept) else kept


def has_hand_edits(data: Any) -> bool:
    """Whether the package holds anything beyond what a notice creates (year and unit name)."""
    if not isinstance(data, dict):
        return False
    rest = {k: v for k, v in data.items() if k not in ("year", "schema_version", "unit") and not _blank(v)}
    unit = {
        k: v
        for k, v in (data.get("unit") or {}).items()
        if k not in ("name", "budget_code") and not _blank(v)
    }
    return bool(rest or unit)
