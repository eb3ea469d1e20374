"""What the scoring engine and the target parser say about each indicator, for the audit checks.

The audit has no target parser and no scoring formula of its own: every verdict on an indicator
(met or not, the score the rule set gives, over-achievement beyond the R-Q3 threshold) comes from
:func:`jixiao.scoring.score_evaluation` under the same rule set ``jixiao score`` selects, so the
checker and the score sheet can never disagree. The parsed cells (``Target``) and the plain
comparison (``Assessment``: unit mismatch, what kind of value a cell holds) come from
:mod:`jixiao.targets`. Implements nothing of its own beyond choosing the rule set: the rules are
财预〔2020〕10号 R-Q1–R-Q3 (RULES.md §1.3–§1.4) as the rule sets configure them.

Indicators without a 分值 (seed 000 prints none) are scored as if worth 100 points, so the
engine still says whether they met their target and whether the target was overshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from jixiao.model import EvaluationPackage, Indicator, SelfEvaluation
from jixiao.targets import Assessment, Target, assess, parse_actual, parse_target

if TYPE_CHECKING:
    from jixiao.rules import RuleSet
    from jixiao.scoring import ScoreRow

    from .registry import CheckContext

PROBE_POINTS = Decimal(100)
"""分值 given to an indicator that has none, only to ask the engine for its verdict."""

_FALLBACK = {"overall": "national/overall/self-evaluation-2020", "project": "national/project/cai-yu-2020-10"}


@dataclass(frozen=True)
class IndicatorVerdict:
    """One indicator of one form: the engine's row for it and the parsed target and actual."""

    path: str  # overall.indicators[3]
    indicator: Indicator
    row: ScoreRow | None  # the engine's row (on a probe 分值 of 100 when the form has none)
    probed: bool  # True when the row was computed on PROBE_POINTS, not the printed 分值
    target: Target
    actual: Target

    @cached_property
    def assessment(self) -> Assessment:
        """The plain comparison of :func:`jixiao.targets.assess` (unit mismatch); not used for scores."""
        return assess(self.target, self.actual, indicator_name=self.indicator.name)

    @property
    def unit_mismatch(self) -> bool:
        """Target and actual in units that cannot be compared ("100元/人/年" → "100%")."""
        t, a = self.target, self.actual
        if not (t.parts or a.parts) and (t.unit is None or a.unit is None or t.unit == a.unit):
            return False
        return self.assessment.unit_mismatch

    @property
    def computed(self) -> Decimal | None:
        """The engine's exact score (on the printed 分值), None when it could not compute one."""
        if self.row is None or self.probed or self.row.status != "computed":
            return None
        return self.row.exact_score

    @property
    def met(self) -> bool | None:
        """Whether the engine gives full points (达成), None when it cannot tell."""
        if self.row is None or self.row.status != "computed" or self.row.exact_score is None:
            return None
        if self.row.max_score is None:
            return None
        return self.row.exact_score >= self.row.max_score

    @property
    def overachievement_flag(self) -> str | None:
        """The engine's R-Q3 flag (target overshot beyond the rule set's threshold), if any."""
        if self.row is None or not self.row.overachieved:
            return None
        return next((flag for flag in self.row.flags if "R-Q3" in flag), "超出目标，目标可能偏低（R-Q3）")


def _rule_sets(package: EvaluationPackage, ctx: CheckContext) -> tuple[list[RuleSet], bool]:
    from jixiao.rules import get_rule_set, select_rule_sets

    if ctx.rule_set_id:
        try:
            forced = get_rule_set(ctx.rule_set_id)
        except Exception:
            forced = None
        if forced is not None and forced.form == "self_evaluation":
            return [forced], True
    try:
        return [rs for rs in select_rule_sets(package) if rs.form == "self_evaluation"], False
    except Exception:
        return [], False


def _rule_set_for(form: SelfEvaluation, rule_sets: list[RuleSet], forced: bool) -> RuleSet | None:
    """The rule set ``jixiao score`` uses for this form (score_package's choice), else the national one."""
    from jixiao.rules import get_rule_set

    for rs in rule_sets:
        if forced or rs.scope == form.scope.value:
            return rs
    try:
        return get_rule_set(_FALLBACK[form.scope.value])
    except Exception:
        return None


def _probe(form: SelfEvaluation) -> tuple[SelfEvaluation, set[int]]:
    missing = {i for i, ind in enumerate(form.indicators) if ind.max_score is None}
    if not missing:
        return form, missing
    indicators = [
        ind.model_copy(update={"max_score": PROBE_POINTS}) if i in missing else ind
        for i, ind in enumerate(form.indicators)
    ]
    return form.model_copy(update={"indicators": indicators}), missing


def verdicts(package: EvaluationPackage, ctx: CheckContext) -> dict[str, list[IndicatorVerdict]]:
    """Per form path (``overall``, ``projects[0]`` …), a verdict for each indicator, in form order."""
    key = "indicator_verdicts"
    cached = ctx.cache.get(key)
    if isinstance(cached, dict):
        return cached
    from jixiao.scoring import score_evaluation

    from .checks.common import forms

    rule_sets, forced = _rule_sets(package, ctx)
    out: dict[str, list[IndicatorVerdict]] = {}
    for path, form, _ in forms(package):
        rs = _rule_set_for(form, rule_sets, forced)
        rows: list[ScoreRow | None] = [None] * len(form.indicators)
        missing: set[int] = set()
        if rs is not None and rs.indicator_scoring is not None:
            probe, missing = _probe(form)
            sheet = score_evaluation(probe, rs, package=package, memo=ctx.scoring)
            rows = list(sheet.rows)
        items: list[IndicatorVerdict] = []
        for i, ind in enumerate(form.indicators):
            # what Indicator.target() / .actual() give, without parsing the target twice
            target = parse_target(ind.target_raw or "", indicator_name=ind.name)
            actual = parse_actual(ind.actual_raw or "", target)
            items.append(
                IndicatorVerdict(
                    path=f"{path}.indicators[{i}]",
                    indicator=ind,
                    row=rows[i] if i < len(rows) else None,
                    probed=i in missing,
                    target=target,
                    actual=actual,
                )
            )
        out[path] = items
    ctx.cache[key] = out
    return out
