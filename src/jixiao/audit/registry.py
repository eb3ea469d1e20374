"""The registry of checks and finding codes, and the context every check receives.

A check is a pure function ``(package, context) -> Iterable[Finding]`` registered with the codes
it may emit. ``docs/findings.md`` is generated from this registry by :func:`render_findings_doc`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from jixiao.model import EvaluationPackage, Level1, SourceLocation

from .findings import Category, CodeSpec, Finding, FindingLocation, Severity

if TYPE_CHECKING:
    from jixiao.figures.reports import Passage
    from jixiao.scoring import ScoreMemo

CheckFunction = Callable[[EvaluationPackage, "CheckContext"], Iterable[Finding]]
AnyCheck = TypeVar("AnyCheck", bound=Callable[..., Iterable[Finding]])


@dataclass(frozen=True)
class Check:
    """A registered check: its name, the function and the codes it may emit.

    ``subject`` is what the function checks: ``package`` (an evaluation package, run by
    :func:`jixiao.audit.check_package`) or ``monitoring`` (a 绩效运行监控表, run by
    :func:`jixiao.audit.checks.monitoring.check_monitoring`).
    """

    name: str
    function: Callable[..., Iterable[Finding]]
    codes: tuple[str, ...]
    subject: str = "package"
    # compares something with the evaluation year: not run when the document printed no year
    needs_year: bool = False


CODES: dict[str, CodeSpec] = {}
CHECKS: list[Check] = []


def declare(
    code: str, category: Category, severity: Severity | str, title: str, rule: str, example: str
) -> CodeSpec:
    """Declare a finding code (once; a second declaration with another meaning is a programming error)."""
    spec = CodeSpec(
        code=code, category=category, severity=Severity(severity), title=title, rule=rule, example=example
    )
    old = CODES.get(code)
    if old is not None and old != spec:
        raise ValueError(f"finding code {code} declared twice with different meanings")
    CODES[code] = spec
    return spec


def register(
    *codes: str, subject: str = "package", needs_year: bool = False
) -> Callable[[AnyCheck], AnyCheck]:
    """Decorator: register a check with the codes it may emit (they must be declared)."""

    def wrap(function: AnyCheck) -> AnyCheck:
        for c in codes:
            if c not in CODES:
                raise ValueError(f"check {function.__name__} uses undeclared code {c}")
        CHECKS.append(
            Check(
                name=function.__name__,
                function=function,
                codes=tuple(codes),
                subject=subject,
                needs_year=needs_year,
            )
        )
        return function

    return wrap


DEFAULT_WEIGHTS: dict[Level1, Decimal] = {
    Level1.OUTPUT: Decimal(50),
    Level1.BENEFIT: Decimal(30),
    Level1.SATISFACTION: Decimal(10),
}
"""财预〔2020〕10号: 产出 50, 效益 30, 满意度 10 (+ 预算执行率 10)."""

DEFAULT_EXECUTION_WEIGHT = Decimal(10)

DEFAULT_BANDS: list[tuple[Decimal, str]] = [
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
]
"""财预〔2020〕10号 grade bands: 优 ≥90, 良 80–90, 中 60–80, 差 <60 (lower bounds inclusive)."""


@dataclass
class CheckContext:
    """What every check receives besides the package: thresholds, rule-set data and caches."""

    rule_set_id: str | None = None
    amount_tolerance: Decimal = Decimal("0.01")
    adjustment_threshold: Decimal = Decimal("0.10")  # 预算调整率 above this is a warning
    overshoot_threshold: Decimal = Decimal("0.30")  # R-Q3: actual beyond target by more than this
    score_tolerance: Decimal = Decimal("0.5")  # points; smaller differences are rounding
    weights: dict[Level1, Decimal] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    execution_weight: Decimal = DEFAULT_EXECUTION_WEIGHT
    bands: list[tuple[Decimal, str]] = field(default_factory=lambda: list(DEFAULT_BANDS))
    weights_source: str = "财预〔2020〕10号（预算执行率10/产出50/效益30/满意度10）"
    cache: dict[str, Any] = field(default_factory=dict)
    # the forms' score sheets, scored once for the checks and reused by score_package(memo=…)
    scoring: ScoreMemo = field(default_factory=lambda: _score_memo())

    def passages(self, package: EvaluationPackage) -> list[Passage]:
        """:func:`jixiao.figures.reports.passages` of ``package``, built once per check run (issue 11:
        eight checks read the report sections). Passages are frozen; the list is the caller's own."""
        from jixiao.figures.reports import passages

        cached = self.cache.get("passages")
        if not (isinstance(cached, tuple) and cached[0] is package):
            cached = (package, passages(package))
            self.cache["passages"] = cached
        return list(cached[1])

    def emit(
        self,
        code: str,
        message: str,
        location: FindingLocation,
        *,
        stated: object = None,
        computed: object = None,
        rule: str | None = None,
    ) -> Finding:
        spec = CODES[code]
        severity = spec.severity
        if location.uncertain:
            # a finding resting on digits OCR read with low confidence is never an error (issue 15)
            digits = "、".join(location.uncertain[:4])
            how = "由扫描件识别" if location.reader == "OCR" else "由连写的数字拆分而来"
            message = f"{message}（所依据的数字{how}，存疑：{digits}，请核对原件）"
            if severity == Severity.ERROR:
                severity = Severity.WARNING
        return Finding(
            code=code,
            category=spec.category,
            severity=severity,
            message=message,
            stated=None if stated is None else _text(stated),
            computed=None if computed is None else _text(computed),
            rule=rule or spec.rule,
            location=location,
        )


def _score_memo() -> ScoreMemo:
    from jixiao.scoring import ScoreMemo

    return ScoreMemo()


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def locate(
    obj: object,
    path: str,
    *fields: str,
    table: str | None = None,
    column: str | None = None,
    line: int | None = None,
) -> FindingLocation:
    """The location of ``obj`` (a model with ``sources``) for the first field that has a source."""
    sources: dict[str, SourceLocation] = getattr(obj, "sources", None) or {}
    src: SourceLocation | None = None
    for f in fields:
        if f in sources:
            src = sources[f]
            break
    if src is None and sources and not fields:
        src = next(iter(sources.values()))
    if src is None and sources:
        for key in ("values", "name", "total", "executed", "actual", "score"):
            if key in sources:
                src = sources[key]
                break
    # digits read by OCR with low confidence anywhere in the values this finding rests on
    uncertain = [u for s in sources.values() for u in (s.uncertain or [])]
    return FindingLocation(
        document=src.document if src else None,
        line=line if line is not None else (src.line if src else None),
        page=src.page if src else None,
        table=table or (src.table if src else None),
        row=src.row if src else None,
        column=column or (src.column if src else None),
        reader=src.reader if src else None,
        confidence=src.confidence if src else None,
        uncertain=list(dict.fromkeys(uncertain)),
        path=path,
    )


def package_document(package: EvaluationPackage) -> str | None:
    """The id of the package's single source document, if it has exactly one."""
    return package.documents[0].id if len(package.documents) == 1 else None


def render_findings_doc() -> str:
    """``docs/findings.md``: every code the registry declares, by family, with an example."""
    from . import checks  # noqa: F401  (importing registers every check)

    lines = [
        "# 审核发现代码（Finding codes）",
        "",
        "本文件由 `jixiao.audit.registry.render_findings_doc()` 生成，请勿手工编辑。",
        "Generated from the check registry; do not edit by hand.",
        "",
        "每条发现包含：代码、类别、严重程度（error 错误 / warning 警告 / info 提示）、中文说明、"
        "文件所述值（stated）、重新计算值（computed）、依据的规则或恒等式，以及在原文中的位置。",
        "金额按 ±0.01 万元比较；表格声明“尾数误差”时，相差不超过 0.01 的差异以提示（RND001）报告。"
        "比率按印刷精度比较（两位小数 ±0.005 个百分点，整数 ±0.5 个百分点；截尾亦视为一致）。",
        "",
    ]
    by_family: dict[str, list[CodeSpec]] = {}
    for spec in sorted(CODES.values(), key=lambda s: s.code):
        by_family.setdefault(spec.code[:-3], []).append(spec)
    checks_by_code: dict[str, str] = {}
    for chk in CHECKS:
        for c in chk.codes:
            checks_by_code.setdefault(c, chk.name)
    for family, specs in by_family.items():
        lines.append(f"## {family}")
        lines.append("")
        lines.append("| 代码 | 类别 | 严重程度 | 说明 | 规则 | 示例 | 检查函数 |")
        lines.append("|---|---|---|---|---|---|---|")
        for s in specs:
            cells = [
                s.code,
                s.category,
                s.severity.value,
                s.title,
                s.rule,
                s.example,
                f"`{checks_by_code.get(s.code, '—')}`",
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
