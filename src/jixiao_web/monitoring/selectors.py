"""Selectors of 绩效运行监控: everything that reads, scoped by role (see :func:`services.can_view_unit`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from jixiao.model import EvaluationPackage
from jixiao.model.monitoring import MonitoringForm
from jixiao.monitoring import assess, elapsed_share
from jixiao.monitoring.assess import Assessment
from jixiao.monitoring.foresight import IndicatorForesight, ProjectForesight, foresee, foresee_projects
from jixiao.rules import get_rule_set
from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import membership, require

from .models import MonitoringReport, MonitoringRound


def _unit_filter(user: Any, prefix: str) -> Q | None:
    """The units a user may see, as a filter on ``<prefix>unit``; None: every unit."""
    m = membership(user)
    if m is None:
        return Q(pk__in=[])
    if m.role == Role.SYSTEM_ADMIN:
        return None
    if m.role == Role.BUREAU_ADMIN:
        return Q(**{f"{prefix}unit__bureau_id": m.bureau_id}) if m.bureau_id else Q(pk__in=[])
    if m.role == Role.REVIEWER:
        return Q(**{f"{prefix}unit__desk_id": m.desk_id}) if m.desk_id else Q(pk__in=[])
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return Q(**{f"{prefix}unit_id": m.unit_id}) if m.unit_id else Q(pk__in=[])
    return Q(pk__in=[])


def report_list_for_user(user: Any) -> QuerySet[MonitoringReport]:
    qs = MonitoringReport.objects.select_related("unit", "unit__desk", "round")
    f = _unit_filter(user, "")
    return qs if f is None else qs.filter(f)


def round_list_for_user(user: Any) -> QuerySet[MonitoringRound]:
    """The rounds in which the user may see at least one report."""
    reports = report_list_for_user(user)
    return MonitoringRound.objects.filter(pk__in=reports.values("round_id")).select_related("bureau")


def round_get_for_user(user: Any, pk: int) -> MonitoringRound:
    rnd = round_list_for_user(user).filter(pk=pk).first()
    require(rnd is not None, "无权查看该监控轮次或其不存在")
    assert rnd is not None
    return rnd


def report_get_for_user(user: Any, pk: int) -> MonitoringReport:
    report = report_list_for_user(user).filter(pk=pk).first()
    require(report is not None, "无权查看该监控表或其不存在")
    assert report is not None
    return report


def can_open_round(user: Any) -> bool:
    m = membership(user)
    return m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id is not None


def can_import(user: Any, rnd: MonitoringRound) -> bool:
    m = membership(user)
    return m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id == rnd.bureau_id


def decision_actions(user: Any, report: MonitoringReport) -> list[tuple[str, str]]:
    """The decisions the user may record on the report (value, label)."""
    from .models import Action

    m = membership(user)
    if m is None:
        return []
    if m.role == Role.REVIEWER and m.desk_id is not None and report.unit.desk_id == m.desk_id:
        return [(Action.URGE.value, Action.URGE.label)]
    if m.role == Role.BUREAU_ADMIN and m.bureau_id == report.round.bureau_id:
        return [(a.value, a.label) for a in Action]
    return []


def can_fill(user: Any, report: MonitoringReport) -> bool:
    m = membership(user)
    return m is not None and m.role in (Role.PREPARER, Role.UNIT_HEAD) and m.unit_id == report.unit_id


def assessment_of(report: MonitoringReport) -> tuple[MonitoringForm, Assessment]:
    form = MonitoringForm.model_validate(report.data)
    return form, assess(form, as_of=report.round.as_of, rule_set=get_rule_set(report.round.rule_set_id))


BAR_LEFT = 220  # svg units: unit names to the left, bars from here; 100 % execution = BAR_SCALE wide
BAR_SCALE = 500
ROW = 22


@dataclass(frozen=True)
class Bar:
    report: MonitoringReport
    y: int
    width: int


@dataclass
class DeskRow:
    desk: str
    red: int = 0
    yellow: int = 0
    green: int = 0
    none: int = 0
    reports: list[MonitoringReport] = field(default_factory=list)

    @property
    def bars(self) -> list[Bar]:
        out = []
        for i, r in enumerate(self.reports):
            rate = min(r.execution_rate or Decimal(0), Decimal(120))
            out.append(Bar(r, i * ROW, int(rate * BAR_SCALE / 100)))
        return out

    @property
    def height(self) -> int:
        return max(1, len(self.reports)) * ROW


@dataclass
class RoundDashboard:
    share_percent: Decimal
    share_text: str
    desks: list[DeskRow]
    totals: dict[str, int]
    decisions: int

    @property
    def time_x(self) -> int:
        """Where the time-elapsed line stands on the bars (svg units)."""
        return BAR_LEFT + int(self.share_percent * BAR_SCALE / 100)

    bar_left: int = BAR_LEFT


def round_dashboard(user: Any, rnd: MonitoringRound) -> RoundDashboard:
    """Warnings by desk and unit, and the time-elapsed line (the rule set's time basis)."""
    rs = get_rule_set(rnd.rule_set_id)
    share = elapsed_share(rnd.as_of, rs.monitoring.time_basis if rs.monitoring else "days")
    desks: dict[str, DeskRow] = {}
    totals = {"red": 0, "yellow": 0, "green": 0, "none": 0}
    decisions = 0
    for r in (
        report_list_for_user(user)
        .filter(round=rnd)
        .prefetch_related("decisions")
        .order_by("unit__desk__name", "unit__name")
    ):
        name = r.unit.desk.name if r.unit.desk else "（未分配科室）"
        row = desks.setdefault(name, DeskRow(name))
        key = r.level or "none"
        setattr(row, key, getattr(row, key) + 1)
        totals[key] += 1
        row.reports.append(r)
        decisions += len(r.decisions.all())
    return RoundDashboard(
        share.percent.quantize(Decimal("0.01")), share.describe(), list(desks.values()), totals, decisions
    )


@dataclass
class Foresight:
    report: MonitoringReport
    projects: list[ProjectForesight]
    indicators: list[IndicatorForesight]
    decisions: list[Any]


def foresight_for(user: Any, unit_id: int, package: EvaluationPackage | None) -> Foresight | None:
    """What the latest monitoring round of the package's year foresaw for this unit (None: not monitored)."""
    if package is None:
        return None
    report = (
        report_list_for_user(user)
        .filter(unit_id=unit_id, round__year=package.year)
        .order_by("-round__as_of")
        .first()
    )
    if report is None:
        return None
    form = MonitoringForm.model_validate(report.data)
    return Foresight(
        report=report,
        projects=foresee_projects(package, [form]),
        indicators=foresee(package, [form]),
        decisions=list(report.decisions.all()),
    )


def year_end_findings(unit_id: int, package: EvaluationPackage | None) -> list[dict[str, Any]]:
    """MON014 on the year-end self-evaluation: a deviation the unit explained during monitoring that
    reappears unexplained. Run when a monitoring round of the package's year holds a report of the unit
    (the caller may already see the evaluation; the findings concern it alone). Finding dicts as the
    evaluation pages show them."""
    from jixiao.audit.checks.monitoring import check_year_end
    from jixiao_web.evaluations.engine import finding_dict

    if package is None:
        return []
    forms = [
        MonitoringForm.model_validate(r.data)
        for r in MonitoringReport.objects.filter(unit_id=unit_id, round__year=package.year)
    ]
    if not forms:
        return []
    return [finding_dict(f) for f in check_year_end(package, forms)]
