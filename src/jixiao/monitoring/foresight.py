"""What monitoring foresaw, set beside the year-end self-evaluation (中发〔2018〕34号: 双监控 and evaluation
are one cycle).

For each project and indicator of a package that was also monitored during the year (same project
name, same indicator name, compared after normalisation), the monitoring figures (execution to the
as-of date and its warning, 完成可能性, forecast, cause and measure) and the year-end ones (executed,
score, 偏差原因分析及改进措施). The page shows them; the check MON014 reports a deviation explained
during monitoring that is missed again at year end without a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jixiao.layouts.words import header_key
from jixiao.model import EvaluationPackage, FundsRowKind, Indicator, SelfEvaluation
from jixiao.model.monitoring import IndicatorProgress, Likelihood, MonitoringForm, ProjectMonitoring


@dataclass(frozen=True)
class IndicatorForesight:
    path: str  # where the year-end indicator stands in the package
    subject: str  # 项目“X”的指标“Y” / 部门整体指标“Y”
    indicator: Indicator
    monitored: IndicatorProgress
    as_of: date
    score: Decimal | None
    max_score: Decimal | None

    @property
    def likelihood(self) -> Likelihood | None:
        return self.monitored.likelihood

    @property
    def monitoring_note(self) -> str:
        parts = [
            self.monitored.cause.value if self.monitored.cause else "",
            self.monitored.cause_note or "",
            f"措施：{self.monitored.measure}" if self.monitored.measure else "",
        ]
        return "；".join(p for p in parts if p)

    @property
    def explained_in_monitoring(self) -> bool:
        return bool(self.monitored.cause or (self.monitored.cause_note or "").strip())

    @property
    def foreseen(self) -> bool:
        """Monitoring said the target might not be met."""
        return self.monitored.likelihood in (Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE)

    @property
    def missed_at_year_end(self) -> bool:
        return self.score is not None and self.max_score is not None and self.score < self.max_score

    @property
    def explained_at_year_end(self) -> bool:
        return bool((self.indicator.deviation_note or "").strip())


@dataclass(frozen=True)
class ProjectForesight:
    name: str
    as_of: date
    budget: Decimal | None
    executed_to_date: Decimal | None
    forecast_executed: Decimal | None
    year_end_budget: Decimal | None
    year_end_executed: Decimal | None


def _key(text: str | None) -> str:
    return header_key(text or "")


def _latest(forms: list[MonitoringForm], year: int) -> MonitoringForm | None:
    dated = [f for f in forms if f.year == year and f.as_of is not None]
    return max(dated, key=lambda f: f.as_of or date.min, default=None)


def _pairs(
    package: EvaluationPackage, form: MonitoringForm
) -> list[tuple[str, SelfEvaluation, list[IndicatorProgress], str]]:
    out: list[tuple[str, SelfEvaluation, list[IndicatorProgress], str]] = []
    if package.overall is not None and form.overall_indicators:
        out.append(("overall", package.overall, form.overall_indicators, "部门整体"))
    by_name: dict[str, ProjectMonitoring] = {_key(p.name): p for p in form.projects}
    for i, project in enumerate(package.projects):
        monitored = by_name.get(_key(project.name))
        if monitored is not None:
            out.append((f"projects[{i}]", project, monitored.indicators, f"项目“{project.name}”的"))
    return out


def foresee(package: EvaluationPackage, forms: list[MonitoringForm]) -> list[IndicatorForesight]:
    """Each year-end indicator that the latest monitoring form of the package's year also holds."""
    form = _latest(forms, package.year)
    if form is None or form.as_of is None:
        return []
    out: list[IndicatorForesight] = []
    for path, evaluation, monitored, prefix in _pairs(package, form):
        by_name = {_key(m.name): m for m in monitored}
        for j, indicator in enumerate(evaluation.indicators):
            m = by_name.get(_key(indicator.name))
            if m is None:
                continue
            out.append(
                IndicatorForesight(
                    path=f"{path}.indicators[{j}]",
                    subject=f"{prefix}指标“{indicator.name}”"
                    if prefix != "部门整体"
                    else f"部门整体指标“{indicator.name}”",
                    indicator=indicator,
                    monitored=m,
                    as_of=form.as_of,
                    score=indicator.score,
                    max_score=indicator.max_score,
                )
            )
    return out


def foresee_projects(package: EvaluationPackage, forms: list[MonitoringForm]) -> list[ProjectForesight]:
    """Each monitored project with its year-end funds (when the package holds its form)."""
    form = _latest(forms, package.year)
    if form is None or form.as_of is None:
        return []
    year_end = {_key(p.name): p for p in package.projects}
    out: list[ProjectForesight] = []
    for p in form.projects:
        evaluation = year_end.get(_key(p.name))
        total = (
            evaluation.funds.row(FundsRowKind.TOTAL) if evaluation is not None and evaluation.funds else None
        )
        out.append(
            ProjectForesight(
                name=p.name,
                as_of=form.as_of,
                budget=p.budget,
                executed_to_date=p.executed,
                forecast_executed=p.forecast_executed,
                year_end_budget=total.annual_budget if total is not None else None,
                year_end_executed=total.executed if total is not None else None,
            )
        )
    return out
