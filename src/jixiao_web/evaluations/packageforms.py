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

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS, EvaluationPackage, Level1, Level2, negative_values
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

    def scalar(self, name: str, kind: Kind, value: Any, path: str, bare: bool = False) -> str:
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
        label = f'<label for="{fid}">{escape(label_of(name))}</label>'
        cls = "field" + (" cell" if bare else "") + (" has-error" if path in self.errors else "")
        if bare:
            label = f'<label for="{fid}" class="visually-hidden">{escape(label_of(name))}</label>'
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
                parts.append(self.scalar(name, kind, value, sub))
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
        if flat:
            cols = "".join(f'<th scope="col">{escape(label_of(n))}</th>' for n, _ in flat)
            body = "".join(self.row(cls, flat, item, f"{path}[{i}]") for i, item in enumerate(items))
            html = f'{head}<div class="table-wrap"><table class="rows"><thead><tr>{cols}<th></th></tr></thead><tbody class="items">{body}</tbody></table></div>'
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

    def row(self, cls: type[BaseModel], flat: list[tuple[str, Kind]], item: Any, path: str) -> str:
        item = item if isinstance(item, dict) else {}
        cells = "".join(
            f"<td>{self.scalar(n, k, item.get(n), f'{path}.{n}', bare=True)}</td>" for n, k in flat
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
    return raw if kind.kind == "str" and "\n" in raw else text


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
            errors.setdefault(_path(tokens), []).append(
                chinese_error(err["type"], err["msg"], err.get("ctx"))
            )
        return errors
    # typed input: a budget, an actual, a score or a headcount cannot be negative
    negatives = negative_values(package)
    if negatives:
        return {item.path: [f"不能为负数（填写的是{item.value}）"] for item in negatives}
    return None
