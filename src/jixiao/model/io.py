"""Lossless reading and writing of packages as YAML and JSON.

Decimals stay decimals: YAML floats are read as :class:`~decimal.Decimal` from their text, and
decimals are written as plain numbers with the digits they have ("0.40" stays "0.40").

Reading is bounded: a package file larger than :data:`MAX_PACKAGE_BYTES` or with more than
:data:`MAX_PACKAGE_NODES` values is refused before validation, and YAML anchors and aliases
(``&a`` / ``*a``, which let a few kilobytes expand to millions of values) are refused outright —
a package never needs them, and :func:`dumps_yaml` never writes them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .bounds import ERROR_TYPE
from .package import EvaluationPackage


class PackageError(ValueError):
    """A package file that cannot be read; the message is Chinese and names the place."""


MAX_PACKAGE_BYTES = 10 * 1024 * 1024
"""Largest package file read (the largest seed package is under 100 KB)."""

MAX_PACKAGE_NODES = 100_000
"""Most values (mappings, lists and scalars) in one package file (the largest seed has about 4,000)."""


class _DecimalLoader(yaml.SafeLoader):
    """Safe YAML with decimals, no anchors or aliases, and at most :data:`MAX_PACKAGE_NODES` nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.node_count = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            raise _Refused(
                f"第{line}行使用了 YAML 锚点或别名（&{getattr(event, 'anchor', '')} / *…），"
                "评价包文件不允许使用，请把内容直接写出"
            )
        self.node_count += 1
        if self.node_count > MAX_PACKAGE_NODES:
            raise _Refused(f"内容过多（超过 {MAX_PACKAGE_NODES} 个数据项），不像一个评价包，已拒绝读取")
        return super().compose_node(parent, index)


class _Refused(Exception):
    """A bound on package files was exceeded (the message is Chinese)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Decimal(str(value).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _DecimalDumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DecimalDumper.add_representer(Decimal, _represent_decimal)
_DecimalDumper.add_representer(str, _represent_str)


def _strip(data: Any) -> Any:
    """Drop empty containers and None values so files stay readable (they are the defaults)."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            v = _strip(v)
            if v is None or v == {} or v == []:
                continue
            out[k] = v
        return out
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def package_to_data(package: EvaluationPackage) -> dict[str, Any]:
    """The package as plain Python data (Decimals kept), defaults left out."""
    data = package.model_dump(mode="python", exclude_defaults=False)
    result = _strip(_enum_values(data))
    assert isinstance(result, dict)
    return result


def _enum_values(data: Any) -> Any:
    from enum import Enum

    if isinstance(data, dict):
        return {k: _enum_values(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_enum_values(v) for v in data]
    if isinstance(data, Enum):
        return data.value
    return data


def dumps_yaml(package: EvaluationPackage) -> str:
    return yaml.dump(
        package_to_data(package),
        Dumper=_DecimalDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def dumps_json(package: EvaluationPackage) -> str:
    """JSON with decimals as strings of their exact digits (as pydantic does)."""
    return json.dumps(package_to_data(package), ensure_ascii=False, indent=2, default=_json_default)


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return format(o, "f")
    raise TypeError(type(o).__name__)


def loads_yaml(text: str, name: str = "<yaml>") -> EvaluationPackage:
    _check_size(text, name)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)
    except _Refused as exc:
        raise PackageError(f"{name}：{exc}") from exc
    except yaml.YAMLError as exc:
        raise PackageError(f"{name}：YAML 格式错误：{exc}") from exc
    except RecursionError as exc:
        raise PackageError(f"{name}：嵌套层次过深，不像一个评价包，已拒绝读取") from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise PackageError(f"{name}：含有无法读取的数值（{str(exc)[:80]}）") from exc
    return _validate(data, name)


def loads_json(text: str, name: str = "<json>") -> EvaluationPackage:
    _check_size(text, name)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise PackageError(f"{name}：第{exc.lineno}行第{exc.colno}列 JSON 格式错误：{exc.msg}") from exc
    except RecursionError as exc:
        raise PackageError(f"{name}：嵌套层次过深，不像一个评价包，已拒绝读取") from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise PackageError(f"{name}：含有无法读取的数值（{str(exc)[:80]}）") from exc
    count_nodes(data, name)
    return _validate(data, name)


def _check_size(text: str, name: str) -> None:
    if len(text) > MAX_PACKAGE_BYTES:
        raise PackageError(
            f"{name}：文件过大（{len(text) / 1048576:.1f} MB，评价包文件上限为 "
            f"{MAX_PACKAGE_BYTES / 1048576:.0f} MB）"
        )


def count_nodes(data: Any, name: str = "<数据>", limit: int = MAX_PACKAGE_NODES) -> int:
    """How many values ``data`` holds (iteratively); :class:`PackageError` beyond ``limit``."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            raise PackageError(f"{name}：内容过多（超过 {limit} 个数据项），不像一个评价包，已拒绝读取")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _validate(data: Any, name: str) -> EvaluationPackage:
    if not isinstance(data, dict):
        raise PackageError(f"{name}：文件内容不是一个评价包（应为键值结构）")
    try:
        return EvaluationPackage.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err["loc"])
            lines.append(f"  {where}：{chinese_error(err['type'], err['msg'], err.get('ctx'))}")
        raise PackageError(
            f"{name}：评价包内容不合规（{exc.error_count()}处）：\n" + "\n".join(lines)
        ) from exc


_ERROR_TEXT = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段",
    "decimal_parsing": "应为数字",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "finite_number": "应为有限的数字",
    "list_type": "应为列表",
    "dict_type": "应为键值结构",
    "model_type": "应为键值结构",
}


def chinese_error(kind: str, msg: str, ctx: dict[str, Any] | None = None) -> str:
    """A Chinese sentence for one pydantic error (bound violations already speak Chinese)."""
    if kind == ERROR_TYPE:
        return msg
    if kind == "greater_than_equal" and ctx is not None and str(ctx.get("ge")) == "0":
        return f"不能为负数（{msg}）"
    return _ERROR_TEXT.get(kind, "取值不合规") + f"（{msg}）"


def load_package(path: str | Path) -> EvaluationPackage:
    """Read a package from a .yaml/.yml/.json file."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_PACKAGE_BYTES * 4:  # characters are checked after decoding
            raise PackageError(f"{p}：文件过大，评价包文件上限为 {MAX_PACKAGE_BYTES / 1048576:.0f} MB")
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"{p}：文件不是 UTF-8 编码的文本") from exc
    except OSError as exc:
        raise PackageError(f"{p}：无法读取文件（{exc.strerror}）") from exc
    if p.suffix.lower() == ".json":
        return loads_json(text, str(p))
    return loads_yaml(text, str(p))


def save_package(package: EvaluationPackage, path: str | Path) -> None:
    p = Path(path)
    text = dumps_json(package) if p.suffix.lower() == ".json" else dumps_yaml(package)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
