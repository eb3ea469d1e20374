"""Services of 绩效运行监控: everything that writes. Permissions are checked here, never in views.

- 财政绩效科管理员 opens a round for the bureau's units and imports the 一体化 platform's budget-execution
  export (one file for every unit: matched by 单位编码 = the unit's 预算编码, else by 单位名称);
- 单位填报人 / 单位负责人 upload or correct their unit's 绩效运行监控表 (indicator progress, 完成可能性,
  causes and measures);
- the bureau records its decisions: a desk's reviewer may 督促 its units; the 绩效科 may also 调整预算,
  暂缓拨款 and 收回 (财预〔2019〕136号: serious deviations — funds suspended or withdrawn).

Every save re-assesses the report under the round's rule set and keeps the findings (MON…).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from pydantic import ValidationError as PydanticValidationError

from jixiao.audit.checks.monitoring import check_monitoring
from jixiao.model import Unit
from jixiao.model.io import chinese_error
from jixiao.model.monitoring import MonitoringForm
from jixiao.monitoring import (
    MonitoringError,
    apply_execution,
    assess,
    monitoring_rule_set,
    read_execution_export,
    read_monitoring_form,
)
from jixiao.rules import RuleSetError, get_rule_set
from jixiao_web.evaluations.models import column_value
from jixiao_web.orgs.models import BudgetUnit, Bureau, Membership, Role
from jixiao_web.orgs.permissions import membership, require

from .models import Action, Decision, MonitoringReport, MonitoringRound

MAX_UPLOAD = 20 * 1024 * 1024
REASON_MIN_LENGTH = 4


# ---------------------------------------------------------------- permissions


def can_view_unit(user: Any, unit: BudgetUnit) -> bool:
    m = membership(user)
    if m is None:
        return False
    if m.role == Role.SYSTEM_ADMIN:
        return True
    if m.role == Role.BUREAU_ADMIN:
        return m.bureau_id is not None and unit.bureau_id == m.bureau_id
    if m.role == Role.REVIEWER:
        return m.desk_id is not None and unit.desk_id == m.desk_id
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return m.unit_id is not None and unit.pk == m.unit_id
    return False


def _bureau_admin(user: Any, bureau: Bureau, action: str) -> Membership:
    m = membership(user)
    require(
        m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id == bureau.pk,
        f"只有本级财政绩效科管理员可以{action}",
    )
    assert m is not None
    return m


def _unit_staff(user: Any, unit: BudgetUnit, action: str) -> Membership:
    m = membership(user)
    require(
        m is not None and m.role in (Role.PREPARER, Role.UNIT_HEAD) and m.unit_id == unit.pk,
        f"只有本单位填报人或负责人可以{action}",
    )
    assert m is not None
    return m


# ---------------------------------------------------------------- rounds


def round_create(
    *, user: Any, as_of: date, title: str = "", rule_set_id: str | None = None
) -> MonitoringRound:
    """Open a round for the user's bureau: one empty report per unit of the bureau."""
    m = membership(user)
    require(
        m is not None and m.role == Role.BUREAU_ADMIN and m.bureau is not None,
        "只有财政绩效科管理员可以开展绩效运行监控",
    )
    assert m is not None and m.bureau is not None
    try:
        rs = monitoring_rule_set(rule_set_id, year=as_of.year)
    except RuleSetError as exc:
        raise ValidationError(str(exc)) from exc
    if MonitoringRound.objects.filter(bureau=m.bureau, as_of=as_of).exists():
        raise ValidationError(f"{as_of.isoformat()} 的监控轮次已经存在")
    with transaction.atomic():
        rnd = MonitoringRound.objects.create(
            bureau=m.bureau,
            year=as_of.year,
            as_of=as_of,
            title=title.strip() or f"{as_of.year}年1-{as_of.month}月绩效运行监控",
            rule_set_id=rs.id,
            rule_set_version=rs.version,
            rule_set_hash=rs.content_hash,
            created_by=user,
        )
        for unit in BudgetUnit.objects.filter(bureau=m.bureau).order_by("name"):
            form = MonitoringForm(
                year=rnd.year, as_of=as_of, unit=Unit(name=unit.name, budget_code=unit.budget_code or None)
            )
            report = MonitoringReport(round=rnd, unit=unit, data={})
            _store(report, form, user)
    return rnd


# ---------------------------------------------------------------- reports


def form_of(report: MonitoringReport) -> MonitoringForm:
    return MonitoringForm.model_validate(report.data)


def _store(
    report: MonitoringReport, form: MonitoringForm, user: Any, import_report: list[Any] | None = None
) -> None:
    """Assess the form under the round's rule set, copy the figures into columns, save."""
    rnd = report.round
    rule_set = get_rule_set(rnd.rule_set_id)
    form = form.model_copy(update={"as_of": rnd.as_of, "year": rnd.year})
    a = assess(form, as_of=rnd.as_of, rule_set=rule_set)
    findings = check_monitoring(form, as_of=rnd.as_of, rule_set=rule_set)
    unit_lag = a.unit.lag if a.unit is not None else (a.projects[0].lag if len(a.projects) == 1 else None)
    report.data = json.loads(form.model_dump_json(exclude_defaults=True))
    fields = MonitoringReport._meta
    report.budget = column_value(fields.get_field("budget"), unit_lag.budget if unit_lag else None)
    report.executed = column_value(fields.get_field("executed"), unit_lag.executed if unit_lag else None)
    report.execution_rate = column_value(
        fields.get_field("execution_rate"), unit_lag.rate if unit_lag else None, exact=False
    )
    report.ratio = column_value(fields.get_field("ratio"), unit_lag.ratio if unit_lag else None, exact=False)
    has_figures = bool(a.projects) or bool(a.indicators)
    report.level = a.level if has_figures else ""
    counts = a.counts()
    report.red_count, report.yellow_count = counts["red"], counts["yellow"]
    report.unlikely_count = sum(1 for w in a.indicators if w.level != "green")
    report.findings = [json.loads(f.model_dump_json()) for f in findings if f.code != "MON013"]
    if import_report is not None:
        report.import_report = import_report
    report.updated_by = user
    report.save()


@dataclass
class ImportResult:
    units: list[str] = field(default_factory=list)  # units whose reports were updated
    rows: int = 0
    unmatched: list[str] = field(default_factory=list)  # records of no unit of the round
    issues: list[str] = field(default_factory=list)


def _check_upload(filename: str, content: bytes) -> None:
    if not filename.lower().endswith((".xlsx", ".csv")):
        raise ValidationError("请上传 .xlsx 或 .csv 文件")
    if len(content) > MAX_UPLOAD:
        raise ValidationError(f"文件超过 {MAX_UPLOAD // (1024 * 1024)} MB")


def execution_import(*, round: MonitoringRound, user: Any, filename: str, content: bytes) -> ImportResult:
    """The 一体化 platform's budget-execution export into every unit's report of the round."""
    _bureau_admin(user, round.bureau, "导入预算执行数据")
    _check_upload(filename, content)
    try:
        export = read_execution_export(content, filename)
    except MonitoringError as exc:
        raise ValidationError(str(exc)) from exc
    reports = {r.unit_id: r for r in round.reports.select_related("unit", "round")}
    units = {r.unit.budget_code: r for r in reports.values() if r.unit.budget_code}
    names = {r.unit.name: r for r in reports.values()}
    by_report: dict[int, list[Any]] = {}
    result = ImportResult(
        rows=len(export.records), issues=[f"第{i.location.row}行：{i.reason}" for i in export.issues]
    )
    for record in export.records:
        report = (units.get(record.unit_code or "") if record.unit_code else None) or names.get(
            record.unit_name or ""
        )
        if report is None and len(reports) == 1 and not (record.unit_code or record.unit_name):
            report = next(iter(reports.values()))
        if report is None:
            result.unmatched.append(
                f"第{record.row}行 {record.unit_name or record.unit_code or '（无单位）'}：{record.name}"
            )
            continue
        by_report.setdefault(report.pk, []).append(record)
    doc = filename.rsplit(".", 1)[0]
    with transaction.atomic():
        for report in reports.values():
            records = by_report.get(report.pk)
            if not records:
                continue
            _store(report, apply_execution(form_of(report), records, doc), user)
            result.units.append(report.unit.name)
    return result


def report_upload(*, report: MonitoringReport, user: Any, filename: str, content: bytes) -> MonitoringReport:
    """The unit's own 绩效监控表 (.xlsx/.csv) replaces its projects and indicators; the bureau's
    execution figures are kept for the projects the file gives no figures for."""
    _unit_staff(user, report.unit, "上传本单位的绩效监控表")
    _check_upload(filename, content)
    try:
        form = read_monitoring_form(
            content, filename, year=report.round.year, as_of=report.round.as_of, unit=report.unit.name
        )
    except MonitoringError as exc:
        raise ValidationError(str(exc)) from exc
    old = form_of(report)
    for p in form.projects:
        before = old.project(p.code or p.name)
        if before is not None:
            p.annual_budget = p.annual_budget if p.annual_budget is not None else before.annual_budget
            p.executed = p.executed if p.executed is not None else before.executed
    issues = [
        {"where": i.location.describe(), "reason": i.reason, "text": i.text or ""} for i in form.import_report
    ]
    _store(report, form, user, import_report=issues)
    return report


def report_save(*, report: MonitoringReport, user: Any, data: dict[str, Any]) -> MonitoringReport:
    """The unit's corrections (the form as JSON: progress, 完成可能性, causes, measures)."""
    _unit_staff(user, report.unit, "填写本单位的绩效监控表")
    try:
        form = MonitoringForm.model_validate({**data, "unit": {"name": report.unit.name}})
    except PydanticValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'])}：{chinese_error(e['type'], e['msg'], e.get('ctx'))}"
            for e in exc.errors()[:20]
        ]
        raise ValidationError(problems) from exc
    _store(report, form, user)
    return report


def decision_record(
    *,
    report: MonitoringReport,
    user: Any,
    action: str,
    reason: str,
    project: str = "",
    amount: Decimal | None = None,
) -> Decision:
    """A decision of the bureau. A desk's reviewer may only 督促 (urge) its units."""
    m = membership(user)
    require(m is not None and can_view_unit(user, report.unit), "无权处理该单位的监控结果")
    assert m is not None
    if action not in Action.values:
        raise ValidationError(f"未知的处理意见：{action}")
    if m.role == Role.REVIEWER:
        require(action == Action.URGE, "归口科室审核员只能督促；调整预算、暂缓拨款、收回由财政绩效科决定")
    else:
        require(
            m.role == Role.BUREAU_ADMIN and m.bureau_id == report.round.bureau_id,
            f"当前角色“{m.get_role_display()}”不能作出财政处理意见",
        )
    if len(reason.strip()) < REASON_MIN_LENGTH:
        raise ValidationError(f"请写明理由（不少于{REASON_MIN_LENGTH}个字）")
    if project and form_of(report).project(project) is None:
        raise ValidationError(f"该单位的监控表中没有项目“{project}”")
    if action in (Action.ADJUST_BUDGET, Action.RECOVER) and amount is None:
        raise ValidationError("调整预算或收回须写明金额（万元）")
    value = column_value(Decision._meta.get_field("amount"), amount) if amount is not None else None
    if value is not None and value < 0:
        raise ValidationError("金额不能为负数")
    return Decision.objects.create(
        report=report, project=project, action=action, amount=value, reason=reason.strip(), decided_by=user
    )
