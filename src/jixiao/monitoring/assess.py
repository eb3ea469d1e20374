"""A monitoring form assessed on its as-of date: each project's and the unit's execution warning and the
indicators whose 完成可能性 is not 确定能, under a monitoring rule set (财预〔2019〕136号 双监控).

This is what a page or a spreadsheet shows beside the form; the audit checks
(:mod:`jixiao.audit.checks.monitoring`) turn the same assessment into findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jixiao.model.monitoring import IndicatorProgress, Likelihood, MonitoringForm, ProjectMonitoring
from jixiao.rules import RuleSet, RuleSetError, get_rule_set, load_rule_sets
from jixiao.rules.model import MonitoringRules

from .timing import ElapsedShare, LagAssessment, assess_lag, elapsed_share

LEVEL_RANK = {"green": 0, "yellow": 1, "red": 2}
LEVEL_LABELS = {"green": "正常", "yellow": "黄色预警", "red": "红色预警"}


def monitoring_rule_set(rule_set_id: str | None = None, year: int | None = None) -> RuleSet:
    """The monitoring rule set: the one named, else the latest national one applying to ``year``."""
    if rule_set_id:
        rs = get_rule_set(rule_set_id)
        if rs.form != "monitoring" or rs.monitoring is None:
            raise RuleSetError(f"规则集“{rule_set_id}”不是绩效运行监控规则集")
        return rs
    candidates = [
        rs
        for rs in load_rule_sets().values()
        if rs.form == "monitoring" and rs.monitoring is not None and (year is None or rs.years.contains(year))
    ]
    if not candidates:
        raise RuleSetError("没有适用的绩效运行监控规则集（form: monitoring）")
    return max(candidates, key=lambda r: (len(r.places), r.years.start, r.version))


def rules_of(rule_set: RuleSet) -> MonitoringRules:
    if rule_set.monitoring is None:
        raise RuleSetError(f"规则集“{rule_set.id}”没有监控预警区间")
    return rule_set.monitoring


@dataclass(frozen=True)
class ProjectWarning:
    """One project's (or the unit's, ``path == "totals"``) execution against time."""

    path: str  # projects[0] / totals
    name: str
    code: str | None
    lag: LagAssessment

    @property
    def level(self) -> str:
        return self.lag.level


@dataclass(frozen=True)
class IndicatorWarning:
    path: str  # projects[0].indicators[2] / overall_indicators[1]
    project: str | None
    indicator: IndicatorProgress
    level: str


@dataclass
class Assessment:
    as_of: date
    share: ElapsedShare
    rule_set_id: str
    rule_set_version: str
    rule_set_hash: str
    projects: list[ProjectWarning] = field(default_factory=list)
    unit: ProjectWarning | None = None
    indicators: list[IndicatorWarning] = field(default_factory=list)

    @property
    def level(self) -> str:
        """The worst level of the form (the unit, every project, every indicator)."""
        levels = [w.level for w in self.projects] + [w.level for w in self.indicators]
        if self.unit is not None:
            levels.append(self.unit.level)
        return max(levels, key=lambda lv: LEVEL_RANK[lv], default="green")

    def counts(self) -> dict[str, int]:
        out = {"red": 0, "yellow": 0, "green": 0}
        for w in self.projects:
            out[w.level] += 1
        return out


def unit_figures(form: MonitoringForm) -> tuple[Decimal | None, Decimal | None]:
    """The unit's budget and execution: the 合计 row when stated, else the sums of the projects."""
    t = form.totals
    budget = t.annual_budget if t is not None and t.annual_budget is not None else None
    executed = t.executed if t is not None and t.executed is not None else None
    budgets = [p.budget for p in form.projects if p.budget is not None]
    paid = [p.executed for p in form.projects if p.executed is not None]
    if budget is None and budgets:
        budget = sum(budgets, Decimal(0))
    if executed is None and paid:
        executed = sum(paid, Decimal(0))
    return budget, executed


def _project_warning(
    path: str, p: ProjectMonitoring, share: ElapsedShare, rules: MonitoringRules
) -> ProjectWarning | None:
    if p.budget is None or p.executed is None:
        return None
    lag = assess_lag(p.budget, p.executed, share, rules)
    return None if lag is None else ProjectWarning(path, p.name, p.code, lag)


def _indicator_level(indicator: IndicatorProgress, rules: MonitoringRules) -> str | None:
    if indicator.likelihood is None:
        return None
    return rules.likelihood_warnings.get(indicator.likelihood.value)


def assess(form: MonitoringForm, *, as_of: date | None = None, rule_set: RuleSet | None = None) -> Assessment:
    """The warnings of ``form`` on ``as_of`` (default: the form's own date)."""
    when = as_of or form.as_of
    if when is None:
        raise ValueError("监控表没有截止日期：请给出监控截止日期")
    rs = rule_set or monitoring_rule_set(year=when.year)
    rules = rules_of(rs)
    share = elapsed_share(when, rules.time_basis)
    out = Assessment(when, share, rs.id, rs.version, rs.content_hash)
    for i, p in enumerate(form.projects):
        w = _project_warning(f"projects[{i}]", p, share, rules)
        if w is not None:
            out.projects.append(w)
        for j, ind in enumerate(p.indicators):
            level = _indicator_level(ind, rules)
            if level is not None and ind.likelihood != Likelihood.CERTAIN:
                out.indicators.append(IndicatorWarning(f"projects[{i}].indicators[{j}]", p.name, ind, level))
    for j, ind in enumerate(form.overall_indicators):
        level = _indicator_level(ind, rules)
        if level is not None and ind.likelihood != Likelihood.CERTAIN:
            out.indicators.append(IndicatorWarning(f"overall_indicators[{j}]", None, ind, level))
    budget, executed = unit_figures(form)
    if budget is not None and executed is not None and (form.totals is not None or len(form.projects) > 1):
        lag = assess_lag(budget, executed, share, rules)
        if lag is not None:
            out.unit = ProjectWarning("totals", form.unit.name, None, lag)
    return out
