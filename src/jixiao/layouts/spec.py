"""Form layouts as data: the spec model, its loader and its lint.

Every province prints its own variant of the same forms. A variant is a YAML file under
``jixiao/data/forms/<family>/<variant>.yaml`` (see ``docs/adr/0008-forms-as-data.md``): which header
words (with synonyms) name which column, which row labels name the total and its 其中 parts, which
columns hold money, rates, scores and targets, how the amount unit is declared, and which identities
the form implies. A file may ``extends`` another id and restate only what changes (mappings merge
key by key; a list replaces the parent's list unless it is written as ``{add: [...]}``).

The spec model is the schema: a file that does not validate is refused with a Chinese message
naming the file and the place. Nothing here reads documents; :mod:`jixiao.layouts.grid` and
:mod:`jixiao.layouts.stream` match documents against the specs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .base_data import BaseDataBlock
from .facts import FactsBlock
from .scoring import ScoringBlock
from .words import Vocabulary

FORMS_DIR = Path(__file__).resolve().parents[1] / "data" / "forms"

Role = Literal[
    "initial_budget",
    "annual_budget",
    "executed",
    "received",
    "max_score",
    "rate",
    "score",
    "level1",
    "level2",
    "name",
    "target",
    "target_comparator",
    "target_unit",
    "actual",
    "note",
    "weight_share",
    "weighted_score",
    "expected_goal",
    "achieved_goal",
]
RowKind = Literal["total", "appropriation", "carried_over", "other"]
Family = Literal["self-evaluation", "scoring-table", "final-accounts", "base-data", "overall-facts"]
_PART_MARK = re.compile(r"^\s*其中")  # "其中：财政拨款"


class FormSpecError(ValueError):
    """A form spec that cannot be loaded; the message is Chinese and names the file."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Spec):
    """Where a layout comes from: the issuing document, its article, where it was published."""

    title: str
    document: str | None = None  # 财预〔2020〕10号
    article: str | None = None  # 附件2
    published: str | None = None  # 财政部网站 / a province's portal
    seen_in: list[str] = []  # corpus documents that print this variant

    @field_validator("title")
    @classmethod
    def _title_filled(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("来源标题不能为空")
        return v


class AmountUnit(_Spec):
    """The amount unit of a form: its default and the patterns that declare another one."""

    default: Literal["元", "万元", "亿元"] = "万元"
    declared_by: list[str] = [
        r"(?:金额|资金|计量)?单位[:：]\s*(元|万元|亿元)",
        r"[（(]\s*(元|万元|亿元)\s*[）)]",
    ]

    @field_validator("declared_by")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式“{pattern}”无效：{exc}") from exc
            if compiled.groups < 1:
                raise ValueError(f"正则表达式“{pattern}”须有一个捕获组（单位）")
        return v

    def declared_in(self, text: str) -> str | None:
        """The amount unit a form's head text declares ("金额单位：元", "项目资金（万元）"), if any."""
        flat = re.sub(r"\s+", "", text)
        for pattern in self.declared_by:
            m = re.search(pattern, flat)
            if m:
                return m.group(1)
        return None


class FundsBlock(_Spec):
    """The 项目资金 block: column roles by header words, rows by their labels."""

    columns: dict[Role, Vocabulary]
    rows: dict[RowKind, Vocabulary]
    part_columns: list[Role] = ["initial_budget", "annual_budget", "executed"]
    anchor: Vocabulary = Vocabulary(words=["项目资金", "资金情况", "预算执行情况"])
    min_header: int = Field(2, ge=1)

    def row_kind(self, text: str) -> RowKind | None:
        """Which funds row a printed label names. A label printed as a part ("其中：财政拨款") is
        only ever a part; any other label is the total when the total's vocabulary names it (so
        "年度财政资金总额" is the total, though it contains 财政资金), else the part it names."""
        key = Vocabulary.key(text)
        total = self.rows.get("total")
        if total is not None and not _PART_MARK.match(text) and total.match_key(key):
            return "total"
        for kind in ("carried_over", "other", "appropriation", "total"):
            vocab = self.rows.get(kind)
            if vocab is not None and vocab.match_key(key):
                return kind
        return None


class GoalsBlock(_Spec):
    """年度总体目标: 预期目标 / 实际完成情况."""

    columns: dict[Role, Vocabulary]
    anchor: Vocabulary = Vocabulary(words=["年度总体目标", "总体目标"])


class IndicatorsBlock(_Spec):
    """The three-level indicator block and its total row."""

    columns: dict[Role, Vocabulary]
    required: list[Role] = ["name"]
    min_header: int = Field(3, ge=1)
    total: Vocabulary = Vocabulary(words=["总分", "合计", "总计"])


class DisclosureLine(_Spec):
    """A figure a 说明 section restates from its table: its label words and the cell it names.

    ``row`` names the row (its label words; none = the table's total row), ``column`` the value
    column key, ``side`` the side of a two-sided table; ``fills`` the package field the figure
    gives (``income.total``, ``expenditure.basic`` …) when the document prints no form for it.
    """

    label: Vocabulary
    column: str
    row: Vocabulary | None = None
    side: Literal["income", "expenditure"] | None = None
    fills: str | None = None


class DisclosureTable(_Spec):
    """A 部门决算 / 部门预算 disclosure table (family ``final-accounts``): columns by header words.

    ``number`` is the national 公开NN表 number the table corresponds to (or a number of its own for
    the tables some provinces add); ``sides`` lists the sides of a two-sided table left to right;
    ``columns`` maps a value column key to its header words (``"预算数/合计"``: 合计 under 预算数);
    ``sections`` the headings of the 说明 section that speaks of the table, ``lines`` what it restates.
    """

    number: str
    kind: Literal["final", "budget"] = "final"
    sides: list[Literal["income", "expenditure"]] = []
    columns: dict[str, Vocabulary]
    parts: list[str] = []  # value columns that add up to the row's ``total`` column
    code: Vocabulary = Vocabulary(
        words=["科目编码", "功能分类科目编码", "经济分类科目编码", "编码", "科目代码"]
    )
    name: Vocabulary = Vocabulary(
        words=["科目名称", "项目", "项目名称", "功能分类科目名称", "经济分类科目名称"]
    )
    row_number: Vocabulary = Vocabulary(words=["行次"])
    total_rows: Vocabulary = Vocabulary(words=["合计", "总计"])
    empty_note: Vocabulary = Vocabulary(
        patterns=["本表无数据", "本表为空", "为空表", "空表", "(本单位|本部门|我单位|我部门)(无|没有)"]
    )
    sections: Vocabulary = Vocabulary()
    lines: list[DisclosureLine] = []


class FormSpec(_Spec):
    """One form family variant (a resolved spec: ``extends`` already applied)."""

    id: str
    family: Family
    scope: Literal["project", "overall"] | None = None
    extends: str | None = None
    name: str  # 中文名称, shown to people ("项目支出绩效自评表（财预〔2020〕10号）")
    source: Source
    title: Vocabulary  # words of the form's title
    amount_unit: AmountUnit = AmountUnit()
    fields: dict[str, Vocabulary] = {}  # head fields: name, department, implementing_unit ...
    funds: FundsBlock | None = None
    goals: GoalsBlock | None = None
    indicators: IndicatorsBlock | None = None
    grade: Vocabulary = Vocabulary(words=["评价等次", "评价等级", "自评等级", "等级", "等次"])
    # whose level-1 weights the form follows: "national" (财预〔2020〕10号: 产出50 效益30 满意度10, or the
    # rule set's) or "own" (a province's form that prints its own, e.g. 绩效指标(90分)): an "own" form's
    # level-1 sums are checked against its printed headings only
    weights: Literal["national", "own"] = "national"
    disclosure: DisclosureTable | None = None  # family final-accounts: the table's columns and lines
    scoring: ScoringBlock | None = None  # family scoring-table: 评分表 columns (layouts/scoring.py)
    base_data: BaseDataBlock | None = None  # family base-data: 基础数据表 sections (layouts/base_data.py)
    facts: FactsBlock | None = None  # family overall-facts: labelled facts, figure rows (layouts/facts.py)
    identities: list[str] = []  # the identities the form implies, as documentation and for coverage

    @property
    def header_vocabularies(self) -> Iterator[tuple[str, Role, Vocabulary]]:
        for block_name, block in (
            ("funds", self.funds),
            ("goals", self.goals),
            ("indicators", self.indicators),
        ):
            if block is None:
                continue
            for role, vocab in block.columns.items():
                yield block_name, role, vocab


# ------------------------------------------------------------------------------- loading


def _merge(base: Any, override: Any) -> Any:
    if isinstance(override, dict) and set(override) == {"add"} and isinstance(base, list):
        return [*base, *override["add"]]
    if (
        isinstance(base, list)
        and isinstance(override, dict)
        and set(override) <= {"words", "prefixes", "patterns"}
    ):
        base = {"words": base}  # a vocabulary written as a plain list, restated in its long form
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge(base.get(key), value) if key in base else _strip_adds(value)
        return out
    return _strip_adds(override)


def _strip_adds(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"add"}:
            return list(value["add"])
        return {k: _strip_adds(v) for k, v in value.items()}
    return value


# libyaml's safe loader when PyYAML has it: the same data (checked on every spec file) in a seventh of
# the time — every import process loads the specs once, a bulk audit's isolated child for each document
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)  # a safe loader (C or Python)
    except yaml.YAMLError:
        try:  # the pure-Python loader names the error as it always did
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise FormSpecError(f"{path.name}：YAML 格式错误（{exc}）") from exc
    if not isinstance(data, dict):
        raise FormSpecError(f"{path.name}：应为一个映射（键: 值）")
    return data


def spec_files(root: Path = FORMS_DIR) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.name != "vocabulary.yaml")


def _raw_specs(root: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    out: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in spec_files(root):
        data = _read(path)
        spec_id = path.relative_to(root).with_suffix("").as_posix()
        if data.get("id", spec_id) != spec_id:
            raise FormSpecError(f"{path.name}：id“{data.get('id')}”应与文件路径一致（{spec_id}）")
        data["id"] = spec_id
        out[spec_id] = (path, data)
    return out


def _resolve(spec_id: str, raw: dict[str, tuple[Path, dict[str, Any]]], seen: tuple[str, ...] = ()) -> Any:
    path, data = raw[spec_id]
    parent = data.get("extends")
    if parent is None:
        return data
    if parent in seen or parent == spec_id:
        raise FormSpecError(f"{path.name}：extends 形成循环（{' → '.join((*seen, spec_id, parent))}）")
    if parent not in raw:
        raise FormSpecError(f"{path.name}：extends 的“{parent}”不存在")
    base = _resolve(parent, raw, (*seen, spec_id))
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    merged["id"] = spec_id
    return merged


def _place(error: Any) -> str:
    return ".".join(str(p) for p in error.get("loc", ()))


def load_specs(root: Path = FORMS_DIR) -> list[FormSpec]:
    """Every spec under ``root``, resolved and validated; a bad file raises :class:`FormSpecError`."""
    raw = _raw_specs(root)
    out: list[FormSpec] = []
    for spec_id in sorted(raw):
        path = raw[spec_id][0]
        try:
            out.append(FormSpec.model_validate(_resolve(spec_id, raw)))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise FormSpecError(f"{path.name}：{_place(first)}：{first.get('msg')}") from exc
    return out


@cache
def specs() -> tuple[FormSpec, ...]:
    """The bundled specs (cached)."""
    return tuple(load_specs())


def self_evaluation_specs(scope: str | None = None) -> list[FormSpec]:
    """The bundled 自评表 specs, of one scope ("project" / "overall") when given."""
    return [s for s in specs() if s.family == "self-evaluation" and (scope is None or s.scope == scope)]


def national_spec(scope: str) -> FormSpec:
    """The national spec of a scope: what a form is read by when no variant fits better."""
    for s in self_evaluation_specs(scope):
        if s.id.endswith(("project-national-2020", "overall-national")):
            return s
    return self_evaluation_specs()[0]


def best_spec(keys: Iterable[str], scope: str) -> tuple[FormSpec, float]:
    """The 自评表 spec whose header vocabulary covers most of the printed header keys.

    Score: the share of the spec's declared column roles found; ties go to the spec that declares
    more roles (the more specific variant), then to the first in id order (the national spec).
    """
    keyset = {k for k in keys if k}
    national = national_spec(scope).id
    hits = [_roles_named(k, scope) for k in keyset]
    best: tuple[float, int, int, bool, FormSpec] | None = None
    for i, s in enumerate(self_evaluation_specs(scope)):
        declared = sum(1 for _ in s.header_vocabularies)
        found = len(frozenset().union(*(h[i] for h in hits)))
        score = found / declared if declared else 0.0
        # then the spec naming more of the printed headers (a variant's own words: 执行率权重, 指标权重),
        # then the national spec: a variant that only adds words never wins on the national form
        named = sum(1 for h in hits if h[i])
        rank = (score, found, named, s.id == national)
        if best is None or rank > best[:4]:
            best = (score, found, named, s.id == national, s)
    return (best[4], best[0]) if best is not None else (national_spec(scope), 0.0)


@cache
def _scope_only_roles(scope: str) -> tuple[tuple[str, Role, Vocabulary], ...]:
    """The header columns that specs of ``scope`` declare and no 自评表 spec of another scope does
    (the 四川 project form's 指标性质 / 度量单位): what tells a form's scope from its header alone."""
    others = {
        (b, r) for s in self_evaluation_specs() if s.scope != scope for b, r, _ in s.header_vocabularies
    }
    return tuple(
        (b, r, v)
        for s in self_evaluation_specs(scope)
        for b, r, v in s.header_vocabularies
        if (b, r) not in others
    )


def scope_by_header(keys: Iterable[str]) -> str | None:
    """The one scope whose own columns (:func:`_scope_only_roles`) the printed header keys name,
    or None when they name none or those of both scopes."""
    keyset = {k for k in keys if k}
    named = [
        scope
        for scope in ("project", "overall")
        if any(v.match_key(k) for _, _, v in _scope_only_roles(scope) for k in keyset)
    ]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=1 << 16)
def _roles_named(key: str, scope: str) -> tuple[frozenset[int], ...]:
    """For each 自评表 spec of ``scope`` (in order), which of its declared header roles name ``key``.

    A document asks this for the same few header keys hundreds of times (every candidate header
    row of every table and stream): computed once per key, the specs being immutable once loaded."""
    return tuple(
        frozenset(j for j, (_, _, vocab) in enumerate(s.header_vocabularies) if vocab.match_key(key))
        for s in self_evaluation_specs(scope)
    )


@cache
def column_words() -> frozenset[str]:
    """Every column header word of every bundled spec, normalised (a fast test for header rows)."""
    words: set[str] = set()
    for s in specs():
        for _, _, vocab in s.header_vocabularies:
            words.update(Vocabulary.key(w) for w in vocab.words)
    return frozenset(words)


def spec(spec_id: str) -> FormSpec:
    for s in specs():
        if s.id == spec_id:
            return s
    raise FormSpecError(f"没有找到表式“{spec_id}”")


def content_hash(s: FormSpec) -> str:
    canonical = json.dumps(s.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def lint(root: Path = FORMS_DIR) -> list[str]:
    """Problems of the spec files, in Chinese: schema, ambiguous header words, missing sources."""
    try:
        loaded = load_specs(root)
    except FormSpecError as exc:
        return [str(exc)]
    problems: list[str] = []
    for s in loaded:
        problems.extend(_lint_one(s))
    return problems


def _lint_one(s: FormSpec) -> Iterable[str]:
    if s.family == "self-evaluation" and s.indicators is None and s.funds is None:
        yield f"{s.id}：自评表须至少声明资金块或指标块"
    for block_name, block in (("funds", s.funds), ("goals", s.goals), ("indicators", s.indicators)):
        if block is None:
            continue
        owner: dict[str, str] = {}
        for role, vocab in block.columns.items():
            for word in vocab.words:
                key = vocab.key(word)
                if key in owner and owner[key] != role:
                    yield f"{s.id}：{block_name}.columns：表头词“{word}”同时属于 {owner[key]} 与 {role}"
                owner[key] = role
    if s.indicators is not None:
        for role in s.indicators.required:
            if role not in s.indicators.columns:
                yield f"{s.id}：indicators.required 中的“{role}”没有声明表头词"
