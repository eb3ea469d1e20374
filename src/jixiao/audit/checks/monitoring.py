"""Checks of a 绩效运行监控表 (财预〔2019〕136号 双监控) and of what monitoring foresaw at year end.

- Execution behind the time elapsed (``monitoring_lag``): execution rate ÷ time-proportional share of
  the year, banded by the monitoring rule set (red MON001, yellow MON002), for each project and the unit.
- Indicators unlikely to be met (``monitoring_forecast``): 完成可能性 完全不可能 (MON003) or 有可能 (MON004),
  levels from the rule set.
- A deviation without its cause (MON005) or its corrective measure (MON006).
- Figures that do not add up: Σ project budgets and executions against the 合计 row (MON007, MON008), a
  stated execution rate against executed ÷ budget (MON009), execution above the budget (MON010), a
  full-year forecast below what is already spent (MON011); the as-of date outside the form's year or
  different from the one asked for (MON012); a form from which nothing was read (MON013).
- At year end (MON014): an indicator whose deviation the unit explained during monitoring, missed again in
  the self-evaluation with no 偏差原因分析及改进措施.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jixiao.model import EvaluationPackage
from jixiao.model.monitoring import (
    IndicatorProgress,
    Likelihood,
    MonitoringForm,
    ProjectMonitoring,
    UnitTotals,
)
from jixiao.rules import RuleSet

from ..findings import Finding, FindingLocation
from ..numbers import amounts_equal, percent, rate_matches, show
from ..registry import CheckContext, declare, locate, register

declare(
    "MON001",
    "monitoring_lag",
    "warning",
    "预算执行进度明显落后于时间进度（红色预警）",
    "执行率 ÷ 时间进度落在监控规则集的红色区间（如低于60%）",
    "2024-07-31 执行率30%，时间进度213/366=58.20%，30÷58.20=51.55% < 60%",
)
declare(
    "MON002",
    "monitoring_lag",
    "info",
    "预算执行进度落后于时间进度（黄色预警）",
    "执行率 ÷ 时间进度落在监控规则集的黄色区间（如60%–80%）",
    "2024-07-31 执行率40%，40÷58.20=68.73%",
)
declare(
    "MON003",
    "monitoring_forecast",
    "warning",
    "绩效指标全年预计不能完成（完成目标可能性：完全不可能）",
    "监控规则集把“完全不可能”定为红色",
    "参保人数 年度指标值≥45万人，全年预计40万人，完全不可能",
)
declare(
    "MON004",
    "monitoring_forecast",
    "info",
    "绩效指标全年完成存在不确定性（完成目标可能性：有可能）",
    "监控规则集把“有可能”定为黄色",
    "稽核覆盖率 年度指标值100%，1-7月完成45%，有可能",
)
declare(
    "MON005",
    "missing_deviation_note",
    "warning",
    "偏差未说明原因",
    "执行进度预警或完成可能性不是“确定能”时，须写明偏差原因（政策/管理/资金/人员/硬件/其他）",
    "执行率30%、红色预警，偏差原因栏空白",
)
declare(
    "MON006",
    "missing_deviation_note",
    "warning",
    "偏差未提出纠偏措施",
    "执行进度预警或完成可能性不是“确定能”时，须写明纠偏（改进）措施",
    "偏差原因“资金未到位”，措施栏空白",
)
declare(
    "MON007",
    "sum_mismatch",
    "error",
    "合计行预算数与各项目预算数之和不符",
    "合计 预算数 = Σ 项目预算数（±0.01万元）",
    "合计500 ≠ 46 + 400 = 446",
)
declare(
    "MON008",
    "sum_mismatch",
    "error",
    "合计行执行数与各项目执行数之和不符",
    "合计 执行数 = Σ 项目执行数（±0.01万元）",
    "合计200 ≠ 13.8 + 160 = 173.8",
)
declare(
    "MON009",
    "rate_mismatch",
    "error",
    "执行率与执行数 ÷ 预算数不符",
    "执行率 = 执行数 ÷ 预算数（按印刷精度比较）",
    "所述执行率50%，13.8 ÷ 46 = 30%",
)
declare(
    "MON010",
    "over_budget",
    "error",
    "截至监控日的执行数超过预算数",
    "执行数 ≤ 预算数",
    "预算46万元，执行50万元",
)
declare(
    "MON011",
    "reconciliation",
    "error",
    "全年预计执行数小于已执行数",
    "全年预计执行数 ≥ 截至监控日的执行数",
    "已执行30万元，全年预计20万元",
)
declare(
    "MON012",
    "date_error",
    "error",
    "监控截止日期与监控年度或所给日期不符",
    "截止日期应在监控年度内，并与审核所给日期一致",
    "2024年度监控表，截止日期2023-07-31",
)
declare(
    "MON013",
    "import",
    "error",
    "监控表中没有读到项目或指标（未审核任何内容）",
    "没有读到内容时不能说“未发现问题”",
    "表头不含“项目名称”与预算、执行数栏目",
)
declare(
    "MON014",
    "missing_deviation_note",
    "warning",
    "监控中已说明的偏差在年终自评中再次出现却未说明",
    "监控时已填偏差原因的指标，年终未完成时自评表须有偏差原因分析及改进措施",
    "8月监控：参保人数“有可能”，原因“政策调整”；年终自评未完成、偏差原因栏空白",
)


@dataclass
class MonitoringContext(CheckContext):
    """What a monitoring check receives: the as-of date asked for and the monitoring rule set."""

    as_of: date | None = None
    rule_set: RuleSet | None = None


def _where(form: MonitoringForm, obj: object, path: str, *fields: str) -> FindingLocation:
    loc = locate(obj, path, *fields)
    if loc.document is None and len(form.documents) == 1:
        loc = loc.model_copy(update={"document": form.documents[0].id})
    return loc


def _assessment(form: MonitoringForm, ctx: MonitoringContext) -> object:
    from jixiao.monitoring.assess import assess

    key = "monitoring_assessment"
    if key not in ctx.cache:
        ctx.cache[key] = assess(form, as_of=ctx.as_of, rule_set=ctx.rule_set)
    return ctx.cache[key]


@register("MON001", "MON002", subject="monitoring")
def check_monitoring_lag(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[Finding]:
    from jixiao.monitoring.assess import Assessment

    a = _assessment(form, ctx)
    assert isinstance(a, Assessment)
    share = a.share
    warnings = list(a.projects) + ([a.unit] if a.unit is not None else [])
    for w in warnings:
        if w.level == "green":
            continue
        code = "MON001" if w.level == "red" else "MON002"
        band = w.lag.band
        bound = f"，低于{show(band.upper)}%" if band is not None and band.upper is not None else ""
        subject = f"单位合计（{w.name}）" if w.path == "totals" else f"项目“{w.name}”"
        owner: object = form.totals if w.path == "totals" else form.projects[int(w.path[9:-1])]
        yield ctx.emit(
            code,
            f"{subject}截至{share.as_of.isoformat()}执行{show(w.lag.executed)}万元，执行率{show(w.lag.rate)}%；"
            f"时间进度{show(share.percent)}%（{share.describe()}）；执行进度为时间进度的{show(w.lag.ratio)}%{bound}："
            f"{band.label if band is not None else ''}",
            _where(form, owner, f"{w.path}.executed", "executed"),
            stated=show(w.lag.rate),
            computed=show(w.lag.ratio),
            rule=f"执行率 ÷ 时间进度（规则集{a.rule_set_id}）",
        )


def _indicators(form: MonitoringForm) -> Iterator[tuple[str, str | None, IndicatorProgress]]:
    for i, p in enumerate(form.projects):
        for j, ind in enumerate(p.indicators):
            yield f"projects[{i}].indicators[{j}]", p.name, ind
    for j, ind in enumerate(form.overall_indicators):
        yield f"overall_indicators[{j}]", None, ind


@register("MON003", "MON004", subject="monitoring")
def check_monitoring_forecast(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[Finding]:
    from jixiao.monitoring.assess import Assessment

    a = _assessment(form, ctx)
    assert isinstance(a, Assessment)
    for w in a.indicators:
        if w.level == "green":
            continue
        ind = w.indicator
        where = f"项目“{w.project}”的" if w.project else "部门整体"
        yield ctx.emit(
            "MON003" if w.level == "red" else "MON004",
            f"{where}指标“{ind.name}”年度指标值{ind.target_raw or '（空）'}，截至监控日完成"
            f"{ind.progress_raw or '（空）'}，全年预计{ind.forecast_raw or '（空）'}：完成目标可能性“{ind.likelihood.value if ind.likelihood else ''}”",
            _where(form, ind, w.path, "name"),
            stated=ind.likelihood.value if ind.likelihood else None,
            rule=f"完成目标可能性（规则集{a.rule_set_id}）",
        )


def _needs_explanation(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[tuple[str, str, object]]:
    """(path, Chinese subject, the project or indicator) for every deviation the unit must explain."""
    from jixiao.monitoring.assess import Assessment

    a = _assessment(form, ctx)
    assert isinstance(a, Assessment)
    for w in a.projects:
        if w.level != "green":
            yield (
                w.path,
                f"项目“{w.name}”执行进度{ {'red': '红色', 'yellow': '黄色'}[w.level] }预警",
                form.projects[int(w.path[9:-1])],
            )
    for path, project, ind in _indicators(form):
        if ind.likelihood in (Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE):
            prefix = f"项目“{project}”的" if project else "部门整体"
            yield path, f"{prefix}指标“{ind.name}”完成可能性“{ind.likelihood.value}”", ind


@register("MON005", "MON006", subject="monitoring")
def check_monitoring_explanations(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[Finding]:
    for path, subject, owner in _needs_explanation(form, ctx):
        assert isinstance(owner, ProjectMonitoring | IndicatorProgress)
        if owner.cause is None and not (owner.cause_note or "").strip():
            yield ctx.emit(
                "MON005",
                f"{subject}，但没有写明偏差原因（政策/管理/资金/人员/硬件/其他）",
                _where(form, owner, f"{path}.cause", "cause", "name"),
            )
        if not (owner.measure or "").strip():
            yield ctx.emit(
                "MON006",
                f"{subject}，但没有写明纠偏措施",
                _where(form, owner, f"{path}.measure", "measure", "name"),
            )


@dataclass(frozen=True)
class _Figures:
    budget: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    forecast: Decimal | None


@register("MON007", "MON008", "MON009", "MON010", "MON011", subject="monitoring")
def check_monitoring_figures(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[Finding]:
    tol = ctx.amount_tolerance
    if ctx.rule_set is not None and ctx.rule_set.monitoring is not None:
        tol = ctx.rule_set.monitoring.tolerance
    t = form.totals
    if t is not None and form.projects:
        for field, code, label in (("annual_budget", "MON007", "预算数"), ("executed", "MON008", "执行数")):
            stated = getattr(t, field)
            parts = [p.budget if field == "annual_budget" else p.executed for p in form.projects]
            if stated is None or any(v is None for v in parts):
                continue
            computed = sum((v for v in parts if v is not None), Decimal(0))
            if not amounts_equal(stated, computed, tol):
                detail = " + ".join(show(v) for v in parts if v is not None)
                yield ctx.emit(
                    code,
                    f"合计行{label}{show(stated)}万元，各项目{label}之和 {detail} = {show(computed)}万元",
                    _where(form, t, f"totals.{field}", field),
                    stated=stated,
                    computed=computed,
                )
    rows: list[tuple[str, str, ProjectMonitoring | UnitTotals, _Figures]] = [
        (
            f"projects[{i}]",
            f"项目“{p.name}”",
            p,
            _Figures(p.budget, p.executed, p.stated_execution_rate, p.forecast_executed),
        )
        for i, p in enumerate(form.projects)
    ]
    if t is not None:
        rows.append(
            (
                "totals",
                "合计行",
                t,
                _Figures(t.annual_budget, t.executed, t.stated_execution_rate, t.forecast_executed),
            )
        )
    for path, name, owner, f in rows:
        if f.budget is not None and f.executed is not None and f.rate is not None:
            exact = percent(f.executed, f.budget)
            if exact is not None and not rate_matches(f.rate, exact):
                yield ctx.emit(
                    "MON009",
                    f"{name}执行率{show(f.rate)}%，执行数 ÷ 预算数 = {show(f.executed)} ÷ {show(f.budget)} = {show(exact)}%",
                    _where(form, owner, f"{path}.stated_execution_rate", "stated_execution_rate"),
                    stated=f.rate,
                    computed=exact,
                )
        if f.budget is not None and f.executed is not None and f.executed > f.budget + tol:
            yield ctx.emit(
                "MON010",
                f"{name}截至监控日执行{show(f.executed)}万元，超过预算{show(f.budget)}万元",
                _where(form, owner, f"{path}.executed", "executed"),
                stated=f.executed,
                computed=f.budget,
            )
        if f.forecast is not None and f.executed is not None and f.forecast + tol < f.executed:
            yield ctx.emit(
                "MON011",
                f"{name}全年预计执行{show(f.forecast)}万元，少于已执行的{show(f.executed)}万元",
                _where(form, owner, f"{path}.forecast_executed", "forecast_executed"),
                stated=f.forecast,
                computed=f.executed,
            )


@register("MON012", "MON013", subject="monitoring")
def check_monitoring_dates(form: MonitoringForm, ctx: MonitoringContext) -> Iterator[Finding]:
    if form.as_of is not None and form.as_of.year != form.year:
        yield ctx.emit(
            "MON012",
            f"{form.year}年度的监控表，截止日期却是{form.as_of.isoformat()}",
            _where(form, form, "as_of", "as_of"),
            stated=form.as_of.isoformat(),
            computed=str(form.year),
        )
    if form.as_of is not None and ctx.as_of is not None and form.as_of != ctx.as_of:
        yield ctx.emit(
            "MON012",
            f"监控表所写截止日期{form.as_of.isoformat()}与审核所给日期{ctx.as_of.isoformat()}不同（按后者计算）",
            _where(form, form, "as_of", "as_of"),
            stated=form.as_of.isoformat(),
            computed=ctx.as_of.isoformat(),
        )
    if not form.projects and not form.overall_indicators:
        yield ctx.emit(
            "MON013",
            "监控表中没有读到任何项目或指标，未进行审核",
            FindingLocation(document=form.documents[0].id if form.documents else None, path="projects"),
        )


def check_monitoring(
    form: MonitoringForm, *, as_of: date | None = None, rule_set: RuleSet | None = None
) -> list[Finding]:
    """Every finding of the monitoring checks for ``form`` on ``as_of`` (default: the form's date).

    A check that raises becomes one INT001 finding and the run goes on, as for packages.
    """
    import traceback

    from jixiao.monitoring.assess import monitoring_rule_set

    from ..check import _dedupe
    from ..registry import CHECKS

    when = as_of or form.as_of
    ctx = MonitoringContext(
        as_of=when, rule_set=rule_set or monitoring_rule_set(year=(when or date(form.year, 12, 31)).year)
    )
    ctx.rule_set_id = ctx.rule_set.id if ctx.rule_set is not None else None
    out: list[Finding] = []
    for chk in CHECKS:
        if chk.subject != "monitoring":
            continue
        if when is None and chk.codes[0] in ("MON001", "MON003", "MON005"):
            continue  # no date: nothing to measure against time
        try:
            out.extend(chk.function(form, ctx))
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
    return sorted(_dedupe(out), key=lambda f: (f.severity.rank, f.location.sort_key(), f.code))


# ---------------------------------------------------------------- year end


def _same(a: str | None, b: str | None) -> bool:
    from jixiao.layouts.words import header_key

    return bool(a and b) and header_key(a or "") == header_key(b or "")


@register("MON014", subject="year_end")
def check_foresight(
    package: EvaluationPackage, forms: list[MonitoringForm], ctx: CheckContext
) -> Iterator[Finding]:
    """An indicator explained during monitoring and missed again at year end without a deviation note."""
    from jixiao.monitoring.foresight import foresee

    for item in foresee(package, forms):
        if item.explained_in_monitoring and item.missed_at_year_end and not item.explained_at_year_end:
            yield ctx.emit(
                "MON014",
                f"{item.subject}：{item.as_of.isoformat()}监控时已说明偏差（{item.monitoring_note}），"
                f"年终自评仍未完成（得分{show(item.score)}/{show(item.max_score)}），却没有偏差原因分析及改进措施",
                locate(item.indicator, item.path, "deviation_note", "name"),
                stated=item.monitoring_note,
            )


def check_year_end(package: EvaluationPackage, forms: list[MonitoringForm]) -> list[Finding]:
    """The year-end findings that compare a package with the unit's monitoring forms of that year."""
    ctx = CheckContext()
    return list(check_foresight(package, forms, ctx))
