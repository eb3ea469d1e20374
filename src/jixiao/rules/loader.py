"""Loading, validating (JSON Schema + semantic checks), hashing and selecting rule-set files.

Rule sets live in ``jixiao/data/rules/<jurisdiction>/<scope>/<id>.yaml``; the id is that path
without the suffix. A file may ``extends`` another id and restate only what changes (mappings
merge key by key, lists are replaced whole). The content hash is the sha256 of the canonical JSON
of the resolved rule set, so a change in a parent changes its children's hashes too. Lint problems
are Chinese and name the file and the place in it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic import ValidationError

from jixiao.model import EvaluationPackage, Scope

from .inputs import known_input
from .model import Band, Composite, Interval, Row, RuleSet

RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "rules"
SCHEMA_PATH = RULES_DIR / "schema.json"


class RuleSetError(ValueError):
    """A rule set that cannot be found or loaded; the message is Chinese."""


@dataclass(frozen=True)
class LintProblem:
    """One problem in a rule file: the file, the place inside it, a Chinese message."""

    file: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}：{self.place}：{self.message}" if self.place else f"{self.file}：{self.message}"


# ---------------------------------------------------------------- YAML with decimals


class _DecimalLoader(yaml.SafeLoader):
    pass


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Decimal(str(value).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)  # a SafeLoader subclass


@cache
def _schema() -> dict[str, Any]:
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# ---------------------------------------------------------------- merge and hash


def _keyed(items: Any) -> bool:
    return isinstance(items, list) and bool(items) and all(isinstance(i, dict) and "key" in i for i in items)


def _merge(base: Any, override: Any) -> Any:
    """``extends``: mappings merge key by key; a list whose items all carry a ``key`` (weights, rows,
    rules) merges item by item — an item with a key the base has replaces it whole, a new key is
    appended — so an extending file restates only the rows it changes or adds; any other list is
    replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if _keyed(base) and _keyed(override):
        merged = list(base)
        where = {item["key"]: i for i, item in enumerate(merged)}
        for item in override:
            if item["key"] in where:
                merged[where[item["key"]]] = item
            else:
                merged.append(item)
        return merged
    return override


def _canonical(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _canonical(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_canonical(v) for v in data]
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return data
    if isinstance(data, int | Decimal):
        return format(Decimal(data).normalize(), "f")
    return str(data)


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a resolved rule set (sorted keys, numbers normalised)."""
    text = json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- reading files

_SCHEMA_TEXT = {
    "required": "缺少必填项",
    "type": "类型不对",
    "enum": "取值不在允许范围内",
    "const": "取值不在允许范围内",
    "additionalProperties": "有不认识的字段",
    "minimum": "数值过小",
    "exclusiveMinimum": "数值过小",
    "maximum": "数值过大",
    "minItems": "列表项太少",
    "minLength": "不能为空",
    "pattern": "格式不对",
    "oneOf": "不符合任何一种允许的写法",
    "anyOf": "不符合任何一种允许的写法",
}

_TYPE_TEXT = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "boolean": "是/否",
    "array": "列表",
    "object": "键值结构",
}


def _place(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（文件顶层）"


def _schema_message(error: jsonschema.ValidationError) -> str:
    kind = str(error.validator)
    text = _SCHEMA_TEXT.get(kind, "不符合规则集格式")
    if kind == "required":
        missing = [
            name
            for name in error.validator_value
            if isinstance(error.instance, dict) and name not in error.instance
        ]
        return f"{text}“{'、'.join(missing)}”"
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        return f"{text}，应为{'或'.join(_TYPE_TEXT.get(n, n) for n in names)}"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return f"{text}“{'、'.join(map(str, extra))}”"
    if kind == "enum":
        return f"{text}（“{error.instance}”不在 {', '.join(map(str, error.validator_value))} 之中）"
    if kind in ("minimum", "exclusiveMinimum", "maximum"):
        return f"{text}（{error.instance}）"
    return text


@dataclass
class _RawFile:
    path: Path
    label: str  # how the file is named in messages
    data: dict[str, Any]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(RULES_DIR))
    except ValueError:
        return str(path)


def _read_files(paths: Iterable[Path], problems: list[LintProblem]) -> list[_RawFile]:
    validator = jsonschema.Draft202012Validator(_schema())
    files: list[_RawFile] = []
    for path in paths:
        label = _display(path)
        try:
            data = _read_yaml(path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"第{mark.line + 1}行" if mark is not None else ""
            problems.append(LintProblem(label, place, f"YAML 格式错误：{getattr(exc, 'problem', exc)}"))
            continue
        except OSError as exc:
            problems.append(LintProblem(label, "", f"无法读取文件（{exc.strerror}）"))
            continue
        if not isinstance(data, dict):
            problems.append(LintProblem(label, "", "文件内容不是规则集（应为键值结构）"))
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            problems.append(LintProblem(label, _place(error.absolute_path), _schema_message(error)))
        if errors:
            continue
        expected_id = _expected_id(path)
        if expected_id is not None and data.get("id") != expected_id:
            problems.append(
                LintProblem(label, "id", f"id“{data.get('id')}”应与文件位置一致：“{expected_id}”")
            )
        files.append(_RawFile(path, label, data))
    return files


def _expected_id(path: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(RULES_DIR)
    except ValueError:
        return None
    return rel.with_suffix("").as_posix()


def _installed_paths() -> list[Path]:
    return sorted(p for p in RULES_DIR.rglob("*.yaml") if p.is_file())


def _resolve(files: list[_RawFile], problems: list[LintProblem]) -> dict[str, RuleSet]:
    """Merge ``extends`` chains, validate with pydantic, run the semantic checks."""
    by_id: dict[str, _RawFile] = {}
    for f in files:
        rid = str(f.data["id"])
        if rid in by_id:
            problems.append(LintProblem(f.label, "id", f"规则集 id“{rid}”重复（已见于 {by_id[rid].label}）"))
            continue
        by_id[rid] = f

    resolved: dict[str, dict[str, Any]] = {}

    def resolve(rid: str, chain: tuple[str, ...]) -> dict[str, Any] | None:
        if rid in resolved:
            return resolved[rid]
        f = by_id[rid]
        parent_id = f.data.get("extends")
        if parent_id is None:
            data = dict(f.data)
        else:
            if parent_id in chain or parent_id == rid:
                problems.append(
                    LintProblem(f.label, "extends", f"继承关系成环：{' → '.join((*chain, rid, parent_id))}")
                )
                return None
            if parent_id not in by_id:
                problems.append(LintProblem(f.label, "extends", f"继承的规则集“{parent_id}”不存在"))
                return None
            parent = resolve(parent_id, (*chain, rid))
            if parent is None:
                return None
            data = _merge({k: v for k, v in parent.items() if k not in ("status",)}, f.data)
            data["status"] = {**parent.get("status", {}), **f.data.get("status", {})}
        resolved[rid] = data
        return data

    out: dict[str, RuleSet] = {}
    for rid, f in by_id.items():
        data = resolve(rid, ())
        if data is None:
            continue
        try:
            rule_set = RuleSet.model_validate(
                {**data, "path": str(f.path), "content_hash": content_hash(data)}
            )
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(LintProblem(f.label, _place(err["loc"]), f"内容不合规：{err['msg']}"))
            continue
        before = len(problems)
        problems.extend(_semantic_checks(rule_set, data, f.label))
        if len(problems) == before:
            out[rid] = rule_set
    return out


# ---------------------------------------------------------------- semantic checks


def _n(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _contiguous(intervals: list[Interval], label: str, place: str, what: str) -> list[LintProblem]:
    """Intervals sorted by lower bound must meet exactly: no gap, no overlap."""
    out: list[LintProblem] = []
    ordered = sorted(intervals, key=lambda b: Decimal("-Infinity") if b.lower is None else b.lower)
    for i, (a, b) in enumerate(itertools.pairwise(ordered)):
        if a.upper is None or b.lower is None:
            out.append(
                LintProblem(label, place, f"{what}第{i + 1}档与第{i + 2}档重叠（存在无上限或无下限的中间档）")
            )
            continue
        if a.upper < b.lower or (a.upper == b.lower and not a.upper_inclusive and not b.lower_inclusive):
            out.append(LintProblem(label, place, f"{what}在{_n(a.upper)}与{_n(b.lower)}之间有空缺"))
        elif a.upper > b.lower or (a.upper == b.lower and a.upper_inclusive and b.lower_inclusive):
            out.append(LintProblem(label, place, f"{what}在{_n(b.lower)}处重叠（两档都包含该值或区间交叉）"))
    for b in intervals:
        if (
            b.lower is not None
            and b.upper is not None
            and (b.lower > b.upper or (b.lower == b.upper and not (b.lower_inclusive and b.upper_inclusive)))
        ):
            out.append(LintProblem(label, place, f"{what}的区间[{_n(b.lower)}, {_n(b.upper)}]为空"))
    return out


def _semantic_checks(rs: RuleSet, data: dict[str, Any], label: str) -> list[LintProblem]:
    out: list[LintProblem] = []
    src = rs.source
    if not src.title.strip() or not src.issuer.strip():
        out.append(LintProblem(label, "source", "出处不完整：须写明文件标题和发文机关"))
    if not (src.document_number or src.published):
        out.append(LintProblem(label, "source", "出处不完整：须给出文号或发布地址"))
    if rs.years.end is not None and rs.years.end < rs.years.start:
        out.append(LintProblem(label, "years", f"适用年度起{rs.years.start}晚于止{rs.years.end}"))

    if rs.form in ("monitoring", "results_application"):  # no weights, bands or rows: their own block
        return out + _cycle_checks(rs, label, data)

    # weights
    if not rs.weights:
        out.append(LintProblem(label, "weights", "缺少权重"))
    total = sum((w.points for w in rs.weights), Decimal(0))
    if rs.weights and total != rs.total:
        detail = "+".join(_n(w.points) for w in rs.weights)
        out.append(
            LintProblem(label, "weights", f"权重合计{detail}={_n(total)}分，与总分{_n(rs.total)}分不符")
        )
    keys: set[str] = set()
    for i, w in enumerate(rs.weights):
        if w.key in keys:
            out.append(LintProblem(label, f"weights[{i}].key", f"权重键“{w.key}”重复"))
        keys.add(w.key)
        if w.parts:
            part_sum = sum((p.points for p in w.parts), Decimal(0))
            if part_sum != w.points:
                out.append(
                    LintProblem(
                        label,
                        f"weights[{i}].parts",
                        f"“{w.label}”的二级指标分值合计{_n(part_sum)}分，与其{_n(w.points)}分不符",
                    )
                )

    # grade bands
    if not rs.grade_bands:
        out.append(LintProblem(label, "grade_bands", "缺少等级区间"))
    else:
        out += _contiguous(list(rs.grade_bands), label, "grade_bands", "等级区间")
        lows = [b.lower for b in rs.grade_bands]
        highs = [b.upper for b in rs.grade_bands]
        if None not in lows and min(b for b in lows if b is not None) > 0:
            out.append(LintProblem(label, "grade_bands", "等级区间没有覆盖到0分"))
        if None not in highs and max(b for b in highs if b is not None) < rs.total:
            out.append(LintProblem(label, "grade_bands", f"等级区间没有覆盖到总分{_n(rs.total)}分"))

    # self-evaluation forms
    if rs.form == "self_evaluation":
        if rs.execution is None:
            out.append(LintProblem(label, "execution", "自评表规则集须写明预算执行率的计分方法"))
        else:
            ew = rs.weight("execution")
            if ew is not None and ew.points != rs.execution.weight:
                out.append(
                    LintProblem(
                        label,
                        "execution.weight",
                        f"预算执行率分值{_n(rs.execution.weight)}与权重表中的{_n(ew.points)}不符",
                    )
                )
        if rs.indicator_scoring is None:
            out.append(LintProblem(label, "indicator_scoring", "自评表规则集须写明指标计分方法"))
        else:
            q = rs.indicator_scoring.qualitative
            if q:
                bands = [
                    Interval(
                        lower=b.lower,
                        upper=b.upper,
                        lower_inclusive=b.lower_inclusive,
                        upper_inclusive=b.upper_inclusive,
                    )
                    for b in q
                ]
                out += _contiguous(bands, label, "indicator_scoring.qualitative", "定性指标档次")
                for i, b in enumerate(q):
                    if not bands[i].contains(b.award) and not (b.award == b.upper and b.lower < b.award):
                        out.append(
                            LintProblem(
                                label,
                                f"indicator_scoring.qualitative[{i}].award",
                                f"给分比例{_n(b.award)}不在本档区间[{_n(b.lower)}, {_n(b.upper)}]内",
                            )
                        )
    elif not rs.rows:
        out.append(LintProblem(label, "rows", "评分表规则集须列出评分行"))

    # rows
    weights_by_label = {w.label: w for w in rs.weights}
    row_keys: set[str] = set()
    level1_sums: dict[str, Decimal] = {}
    level2_sums: dict[tuple[str, str], Decimal] = {}
    for i, row in enumerate(rs.rows):
        place = f"rows[{i}]（{row.name}）"
        if row.key in row_keys:
            out.append(LintProblem(label, place, f"行键“{row.key}”重复"))
        row_keys.add(row.key)
        group = weights_by_label.get(row.level1)
        if group is None:
            out.append(LintProblem(label, place, f"一级指标“{row.level1}”不在权重表中"))
        else:
            level1_sums[row.level1] = level1_sums.get(row.level1, Decimal(0)) + row.max_score
            if group.parts:
                if row.level2 not in {p.label for p in group.parts}:
                    out.append(
                        LintProblem(label, place, f"二级指标“{row.level2}”不在“{row.level1}”的权重表中")
                    )
                else:
                    k = (row.level1, row.level2 or "")
                    level2_sums[k] = level2_sums.get(k, Decimal(0)) + row.max_score
        out += _row_checks(row, label, place)
    for w in rs.weights:
        if rs.rows and w.label in level1_sums and level1_sums[w.label] != w.points:
            out.append(
                LintProblem(
                    label,
                    "rows",
                    f"“{w.label}”各行分值合计{_n(level1_sums[w.label])}分，与权重{_n(w.points)}分不符",
                )
            )
        elif rs.rows and rs.form != "self_evaluation" and w.label not in level1_sums:
            out.append(LintProblem(label, "rows", f"“{w.label}”（{_n(w.points)}分）下没有评分行"))
        for p in w.parts:
            s = level2_sums.get((w.label, p.label))
            if rs.rows and s is not None and s != p.points:
                out.append(
                    LintProblem(
                        label,
                        "rows",
                        f"“{w.label}/{p.label}”各行分值合计{_n(s)}分，与权重{_n(p.points)}分不符",
                    )
                )

    # status paths
    for path_text in rs.status:
        if not _path_exists(data, path_text):
            out.append(LintProblem(label, f"status.{path_text}", "标注的条目在规则集中不存在"))
    return out


def _cycle_checks(rs: RuleSet, label: str, data: dict[str, Any]) -> list[LintProblem]:
    """Monitoring warnings (bands without gaps, red to green) and results-application rules."""
    out: list[LintProblem] = []
    if rs.form == "monitoring":
        if rs.monitoring is None:
            return [LintProblem(label, "monitoring", "监控规则集须写明预警区间（monitoring）")]
        out += _contiguous(list(rs.monitoring.execution_warnings), label, "monitoring", "预警区间")
        lows = [b.lower for b in rs.monitoring.execution_warnings]
        highs = [b.upper for b in rs.monitoring.execution_warnings]
        if None not in lows:
            out.append(LintProblem(label, "monitoring", "预警区间须从最低（无下限）开始"))
        if None not in highs:
            out.append(LintProblem(label, "monitoring", "预警区间须一直覆盖到无上限"))
    else:
        ra = rs.results_application
        if ra is None:
            return [
                LintProblem(label, "results_application", "结果应用规则集须写明规则（results_application）")
            ]
        keys: set[str] = set()
        for i, rule in enumerate(ra.rules):
            place = f"results_application.rules[{i}]（{rule.key}）"
            if rule.key in keys:
                out.append(LintProblem(label, place, f"规则键“{rule.key}”重复"))
            keys.add(rule.key)
            if rule.action == "cut" and rule.cut_at_least is None:
                out.append(LintProblem(label, place, "核减规则须写明最低核减比例（cut_at_least）"))
            if rule.action != "cut" and rule.cut_at_least is not None:
                out.append(LintProblem(label, place, "只有核减规则可以写核减比例"))
            if not rule.when.grade and rule.when.execution_rate_below is None:
                out.append(LintProblem(label, place, "规则须写明条件（等级或执行率）"))
    for path_text in rs.status:
        if not _path_exists(data, path_text):
            out.append(LintProblem(label, f"status.{path_text}", "标注的条目在规则集中不存在"))
    return out


def _row_checks(row: Row, label: str, place: str) -> list[LintProblem]:
    out: list[LintProblem] = []
    scoring = row.scoring
    if isinstance(scoring, Composite):
        part_sum = sum((p.max_score for p in scoring.parts), Decimal(0))
        if part_sum != row.max_score:
            out.append(
                LintProblem(
                    label, place, f"各条款分值合计{_n(part_sum)}分，与本行分值{_n(row.max_score)}分不符"
                )
            )
        for j, part in enumerate(scoring.parts):
            out += _primitive_checks(part.scoring, part.max_score, part.input, label, f"{place}.parts[{j}]")
        return out
    return _primitive_checks(scoring, row.max_score, row.input, label, place)


def _primitive_checks(
    scoring: Any, max_score: Decimal, input_name: str | None, label: str, place: str
) -> list[LintProblem]:
    out: list[LintProblem] = []
    kind = scoring.type
    if kind != "manual":
        if input_name is None:
            out.append(LintProblem(label, place, f"计分方法{kind}须写明输入量（input）"))
        elif not known_input(input_name):
            out.append(LintProblem(label, place, f"输入量“{input_name}”不在输入量登记表中"))
    if kind == "bands":
        bands: list[Band] = list(scoring.bands)
        out += _contiguous(list(bands), label, place, "档次")
        for b in bands:
            if b.points > max_score:
                out.append(LintProblem(label, place, f"档次得分{_n(b.points)}超过本行分值{_n(max_score)}"))
    elif kind == "checklist":
        if scoring.mode == "award":
            pts = [it.points for it in scoring.items]
            if any(p is None for p in pts):
                out.append(LintProblem(label, place, "逐项得分的清单须给出每项分值"))
            else:
                s = sum((p for p in pts if p is not None), Decimal(0))
                if s != max_score:
                    out.append(
                        LintProblem(
                            label, place, f"清单各项分值合计{_n(s)}分，与本行分值{_n(max_score)}分不符"
                        )
                    )
        elif scoring.deduction_per_item is None:
            out.append(LintProblem(label, place, "逐项扣分的清单须给出每项扣分（deduction_per_item）"))
    elif kind == "qualitative":
        for key, level in scoring.levels.items():
            if (level.share is None) == (level.points is None):
                out.append(LintProblem(label, place, f"等级“{key}”须给出且只给出 share 或 points 之一"))
            elif level.points is not None and level.points > max_score:
                out.append(
                    LintProblem(label, place, f"等级“{key}”得分{_n(level.points)}超过本行分值{_n(max_score)}")
                )
    elif kind == "linear_deduction" and scoring.floor > max_score:
        out.append(LintProblem(label, place, "保底分高于本行分值"))
    return out


def _path_exists(data: Any, dotted: str) -> bool:
    node = data
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, list):
            match = [n for n in node if isinstance(n, dict) and n.get("key") == part]
            if not match:
                return False
            node = match[0]
        else:
            return False
    return True


# ---------------------------------------------------------------- public API


def lint_rule_sets(paths: list[Path] | None = None) -> list[LintProblem]:
    """Every problem in the given rule files (default: all installed ones). Empty list: all good.

    Files given explicitly are checked together with the installed ones, so that their
    ``extends`` can name an installed rule set.
    """
    problems: list[LintProblem] = []
    if paths is None:
        files = _read_files(_installed_paths(), problems)
        _resolve(files, problems)
        return problems
    wanted: list[Path] = []
    for p in paths:
        wanted += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    wanted_set = {p.resolve() for p in wanted}
    own = _read_files(wanted, problems)
    own_ids = {str(f.data["id"]) for f in own}
    installed_problems: list[LintProblem] = []
    installed = [
        f
        for f in _read_files(
            [p for p in _installed_paths() if p.resolve() not in wanted_set], installed_problems
        )
        if str(f.data["id"]) not in own_ids
    ]
    resolve_problems: list[LintProblem] = []
    _resolve(own + installed, resolve_problems)
    own_labels = {f.label for f in own}
    problems += [p for p in resolve_problems if p.file in own_labels]
    return problems


def load_rule_sets(directory: Path | None = None) -> dict[str, RuleSet]:
    """All rule sets (installed ones by default), resolved and validated, by id."""
    if directory is None:
        return dict(_load_installed())
    problems: list[LintProblem] = []
    files = _read_files(sorted(directory.rglob("*.yaml")), problems)
    result = _resolve(files, problems)
    if problems:
        raise RuleSetError("规则集有误：\n" + "\n".join(str(p) for p in problems))
    return result


@cache
def _load_installed() -> dict[str, RuleSet]:
    problems: list[LintProblem] = []
    files = _read_files(_installed_paths(), problems)
    result = _resolve(files, problems)
    if problems:
        raise RuleSetError(
            "已安装的规则集有误（请运行 jixiao rules lint）：\n" + "\n".join(str(p) for p in problems)
        )
    return result


def get_rule_set(rule_set_id: str) -> RuleSet:
    """One installed rule set by id (e.g. ``national/project/cai-yu-2020-10``)."""
    sets = load_rule_sets()
    if rule_set_id in sets:
        return sets[rule_set_id]
    matches = [rs for rid, rs in sets.items() if rid.rsplit("/", 1)[-1] == rule_set_id]
    if len(matches) == 1:
        return matches[0]
    known = "、".join(sorted(sets))
    raise RuleSetError(f"没有找到规则集“{rule_set_id}”（已安装：{known}）")


def _place_match(rule_set: RuleSet, package: EvaluationPackage) -> bool:
    names = [*package.unit.jurisdiction, package.unit.name]
    return all(any(alt in name for alt in level for name in names) for level in rule_set.places)


def _specificity(rule_set: RuleSet) -> tuple[int, int, str]:
    return (len(rule_set.places), rule_set.years.start, rule_set.version)


def select_rule_sets(package: EvaluationPackage) -> list[RuleSet]:
    """The rule sets that apply to a package: the ones it declares, else by scope, year and place.

    For each kind of form the package holds (overall form, project forms, 评分表, 考核评分表) the
    most specific matching rule set is chosen: most place levels, then the latest start year.
    """
    sets = load_rule_sets()
    if package.rule_sets:
        return [get_rule_set(rid) for rid in package.rule_sets]
    wanted: list[tuple[str, str]] = []
    if package.overall is not None:
        wanted.append(("self_evaluation", Scope.OVERALL.value))
    if package.projects:
        wanted.append(("self_evaluation", Scope.PROJECT.value))
    if package.scoring_table is not None:
        wanted.append(("scoring_table", Scope.OVERALL.value))
    if package.work_assessment is not None:
        wanted.append(("work_assessment", "work-assessment"))
    chosen: list[RuleSet] = []
    for form, scope in wanted:
        candidates = [
            rs
            for rs in sets.values()
            if rs.form == form
            and rs.selectable
            and rs.scope == scope
            and rs.years.contains(package.year)
            and _place_match(rs, package)
        ]
        if candidates:
            chosen.append(max(candidates, key=_specificity))
    return chosen
