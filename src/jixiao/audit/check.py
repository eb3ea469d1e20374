"""Run every registered check on a package: ``check_package(package, *, rule_set_id=None)``.

``check_and_score`` does the checks and ``jixiao.scoring.score_package`` together, scoring each
form once (the checks' sheets are reused through ``CheckContext.scoring``).

A check that raises becomes one INT001 finding and the run goes on. Weights and grade bands come
from the rule set when :mod:`jixiao.rules` can supply it, else from 财预〔2020〕10号 defaults.
"""

from __future__ import annotations

import re
import traceback
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.model import EvaluationPackage, Level1

from . import checks  # noqa: F401  (registers the checks)
from .checks import monitoring as _monitoring  # noqa: F401  (registers the 绩效运行监控表 checks)
from .findings import Finding, FindingLocation
from .registry import CHECKS, CheckContext, declare

if TYPE_CHECKING:
    from jixiao.scoring import ScoreSheet

declare(
    "INT001",
    "import",
    "error",
    "检查程序内部错误（该项检查未完成）",
    "每项检查都应完成；出错时报告并继续其他检查",
    "check_funds：ZeroDivisionError",
)

_LEVEL_KEYS = {
    "output": Level1.OUTPUT,
    "benefit": Level1.BENEFIT,
    "satisfaction": Level1.SATISFACTION,
    "cost": Level1.COST,
}


def _apply_rule_set(ctx: CheckContext, rule_set_id: str) -> None:
    """Take weights and grade bands from the rule set when the rules module provides it."""
    try:
        from jixiao import rules

        rs: Any = rules.get_rule_set(rule_set_id)
    except Exception:
        return
    weights: dict[Level1, Decimal] = {}
    for w in getattr(rs, "weights", None) or []:
        lvl = _LEVEL_KEYS.get(str(getattr(w, "key", "")))
        if lvl is not None:
            weights[lvl] = Decimal(w.points)
    if weights:
        ctx.weights = weights
        ctx.weights_source = f"规则集{rule_set_id}"
    execution = getattr(rs, "execution", None)
    if execution is not None and getattr(execution, "weight", None) is not None:
        ctx.execution_weight = Decimal(execution.weight)
    bands = []
    for b in getattr(rs, "grade_bands", None) or []:
        lower = getattr(b, "lower", None)
        grade = getattr(b, "grade", None)
        label = grade.value if grade is not None else getattr(b, "label", None)
        if label:
            bands.append((Decimal(lower) if lower is not None else Decimal(0), str(label)))
    if bands:
        ctx.bands = sorted(bands, key=lambda x: x[0], reverse=True)


def check_package(
    package: EvaluationPackage, *, rule_set_id: str | None = None, context: CheckContext | None = None
) -> list[Finding]:
    """Every finding for ``package``, sorted by severity then location."""
    ctx = context or CheckContext(rule_set_id=rule_set_id)
    if rule_set_id:
        _apply_rule_set(ctx, rule_set_id)
    out: list[Finding] = []
    for chk in CHECKS:
        if chk.subject != "package" or (chk.needs_year and not package.year_stated):
            continue
        try:
            out.extend(chk.function(package, ctx))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            out.append(
                ctx.emit(
                    "INT001",
                    f"检查“{chk.name}”出错未完成：{type(exc).__name__}: {exc}（{where.name}:{where.lineno}）",
                    FindingLocation(path=chk.name),
                    stated=type(exc).__name__,
                )
            )
    out = _placed(out, ctx)
    return sorted(_dedupe(out), key=lambda f: (f.severity.rank, f.location.sort_key(), f.code))


_QUOTED = re.compile(r"“([^”]{2,})”")


def _placed(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """A finding about a report section's text gets the sentence it quotes as its location's text,
    so that a reader finds it in a long section. The line stays the section's: the section's text was
    joined from the page's wrapped lines, so a line counted in it is not a line of the source."""
    cached = ctx.cache.get("passages")
    if not isinstance(cached, tuple):
        return findings
    by_path = {f"{p.path}.text": p for p in cached[1]}
    out: list[Finding] = []
    for f in findings:
        p = by_path.get(f.location.path or "")
        quoted = _QUOTED.findall(f.message) if p is not None and f.location.text is None else []
        sentence = next(
            (
                s
                for q in quoted
                for s in (p.sentences if p is not None else ())
                if q.rstrip("…") in s.text or q.rstrip("…") in s.raw
            ),
            None,
        )
        if p is None or sentence is None:
            out.append(f)
            continue
        where = f.location.model_copy(update={"text": sentence.raw.strip()[:120]})
        out.append(f.model_copy(update={"location": where}))
    return out


def check_and_score(
    package: EvaluationPackage, *, rule_set_id: str | None = None, context: CheckContext | None = None
) -> tuple[list[Finding], list[ScoreSheet]]:
    """``check_package`` and then ``score_package`` under the same rule set, each form scored once.

    The sheets are those ``score_package(package, rule_set_id)`` returns (shared with the checks,
    which only read them); a rule set that cannot be found raises ``RuleSetError`` as there.
    """
    from jixiao.scoring import score_package

    ctx = context or CheckContext(rule_set_id=rule_set_id)
    findings = check_package(package, rule_set_id=rule_set_id, context=ctx)
    return findings, score_package(package, rule_set_id, memo=ctx.scoring)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str | None, int | None, str]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.location.path, f.location.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
