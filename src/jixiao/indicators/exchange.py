"""Library files in and out: YAML (the shipped form) and .xlsx (what a bureau edits in a spreadsheet).

An .xlsx library has a sheet 说明 (key / value rows: 标识, 版本, 名称, 来源文件, 文号, 条款, 发布, 网址,
可信度, 范围, 行业) and a sheet 指标 with one entry per row under the header :data:`COLUMNS`. Lists
(推荐依据, 典型值, 同义名称) are separated by “；”. Reading validates against the library schema, so
a spreadsheet that does not describe a valid library is refused with a Chinese message.
"""

from __future__ import annotations

import io
from typing import Any

import yaml

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Level2
from jixiao.model.targets import VALUE_BASIS_LABELS, ValueBasis

from .library import LibraryError, parse_library
from .model import LibraryFile

COLUMNS = [
    "标识",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标解释或公式",
    "指标性质",
    "计量单位",
    "指标方向",
    "推荐依据",
    "数据来源",
    "申报表一级",
    "申报表二级",
    "典型值",
    "同义名称",
    "停用",
    "出处",
    "出处文号",
    "出处网址",
    "出处可信度",
    "备注",
]
_NATURE = {"quantitative": "定量", "qualitative": "定性"}
_DIRECTION = {"higher_better": "正向", "lower_better": "反向", "exact": "等于", "none": "无"}
_HEAD = [
    ("id", "标识"),
    ("version", "版本"),
    ("title", "名称"),
    ("scope", "范围"),
    ("sector", "行业"),
]
_SOURCE = [
    ("title", "来源文件"),
    ("document", "文号"),
    ("article", "条款"),
    ("published", "发布"),
    ("url", "网址"),
    ("confidence", "可信度"),
]
SEP = "；"


def dump_yaml(library: LibraryFile) -> str:
    data = library.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("scope", library.scope)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def _reverse(mapping: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in mapping.items()}


def library_to_xlsx(library: LibraryFile) -> bytes:
    from openpyxl import Workbook

    from jixiao.renderers.spreadsheet import append_row

    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = "说明"
    for key, label in _HEAD:
        append_row(about, [label, str(getattr(library, key))])
    for key, label in _SOURCE:
        append_row(about, [label, getattr(library.source, key) or ""])
    sheet = wb.create_sheet("指标")
    append_row(sheet, COLUMNS)
    for e in library.entries:
        append_row(
            sheet,
            [
                e.id,
                e.level1,
                e.level2,
                e.name,
                e.definition,
                _NATURE[e.nature],
                e.unit or "",
                _DIRECTION[e.direction],
                SEP.join(VALUE_BASIS_LABELS[b] for b in e.basis),
                e.data_source or "",
                LEVEL1_LABELS[e.maps_to[0]] if e.maps_to else "",
                LEVEL2_LABELS[e.maps_to[1]] if e.maps_to else "",
                SEP.join(e.typical_values),
                SEP.join(e.synonyms),
                "是" if e.retired else "",
                e.source.title if e.source else "",
                (e.source.document or "") if e.source else "",
                (e.source.url or "") if e.source else "",
                e.source.confidence if e.source else "",
                e.note or "",
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def library_from_xlsx(data: bytes, where: str = "指标库.xlsx") -> LibraryFile:
    """A library file from a workbook written by :func:`library_to_xlsx` (or typed in the same layout)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise LibraryError(f"{where}：无法读取 .xlsx（{type(exc).__name__}）") from exc
    if "说明" not in wb.sheetnames or "指标" not in wb.sheetnames:
        raise LibraryError(f"{where}：应有“说明”和“指标”两个工作表")
    about = {_cell(r[0]): _cell(r[1]) for r in wb["说明"].iter_rows(values_only=True) if r and len(r) >= 2}
    head: dict[str, Any] = {key: about.get(label, "") for key, label in _HEAD}
    head["version"] = int(head["version"] or 1)
    source = {key: about.get(label) or None for key, label in _SOURCE}
    source["confidence"] = source["confidence"] or "K"
    rows = list(wb["指标"].iter_rows(values_only=True))
    if not rows or [_cell(c) for c in rows[0][: len(COLUMNS)]] != COLUMNS:
        raise LibraryError(f"{where}：“指标”工作表的表头应为：{'、'.join(COLUMNS)}")
    basis = _reverse({k.value: v for k, v in VALUE_BASIS_LABELS.items()})
    level1 = _reverse({k.value: v for k, v in LEVEL1_LABELS.items()})
    level2 = _reverse({k.value: v for k, v in LEVEL2_LABELS.items()})
    entries = []
    for n, row in enumerate(rows[1:], start=2):
        cells = dict(zip(COLUMNS, [_cell(c) for c in row], strict=False))
        if not any(cells.values()):
            continue
        try:
            maps = None
            if cells.get("申报表一级") and cells.get("申报表二级"):
                maps = [Level1(level1[cells["申报表一级"]]), Level2(level2[cells["申报表二级"]])]
            entry = {
                "id": cells["标识"],
                "level1": cells["一级指标"],
                "level2": cells["二级指标"],
                "name": cells["三级指标"],
                "definition": cells["指标解释或公式"],
                "nature": _reverse(_NATURE)[cells["指标性质"] or "定量"],
                "unit": cells["计量单位"] or None,
                "direction": _reverse(_DIRECTION)[cells["指标方向"] or "正向"],
                "basis": [ValueBasis(basis[b]) for b in cells["推荐依据"].split(SEP) if b],
                "data_source": cells["数据来源"] or None,
                "maps_to": maps,
                "typical_values": [v for v in cells["典型值"].split(SEP) if v],
                "synonyms": [v for v in cells["同义名称"].split(SEP) if v],
                "retired": cells.get("停用") == "是",
                "note": cells.get("备注") or None,
                "source": {
                    k: v
                    for k, v in {
                        "title": cells.get("出处"),
                        "document": cells.get("出处文号"),
                        "url": cells.get("出处网址"),
                        "confidence": cells.get("出处可信度") or "K",
                    }.items()
                    if v
                }
                if cells.get("出处")
                else None,
            }
        except KeyError as exc:
            raise LibraryError(f"{where}：第{n}行“{exc.args[0]}”不是可选的取值") from exc
        entries.append({k: v for k, v in entry.items() if v not in (None, [], "", False)})
    return parse_library(
        {**head, "source": {k: v for k, v in source.items() if v}, "entries": entries}, where
    )


MAX_UPLOAD_BYTES = 2_000_000


def read_library_upload(data: bytes, filename: str) -> LibraryFile:
    """A library file a person uploads: .yaml/.yml (the shipped files' schema) or .xlsx (the layout of
    :func:`library_to_xlsx`). :class:`LibraryError` with a Chinese message naming the file otherwise."""
    name = filename.rsplit("/", 1)[-1] or "指标库"
    if len(data) > MAX_UPLOAD_BYTES:
        raise LibraryError(f"{name}：文件过大（上限 {MAX_UPLOAD_BYTES // 1_000_000} MB）")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx":
        return library_from_xlsx(data, name)
    if suffix in ("yaml", "yml"):
        try:
            parsed: Any = yaml.safe_load(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LibraryError(f"{name}：无法读取 YAML（{type(exc).__name__}）") from exc
        return parse_library(parsed, name)
    raise LibraryError(f"{name}：只能导入 .yaml、.yml 或 .xlsx 文件")


__all__ = [
    "COLUMNS",
    "MAX_UPLOAD_BYTES",
    "dump_yaml",
    "library_from_xlsx",
    "library_to_xlsx",
    "read_library_upload",
]
