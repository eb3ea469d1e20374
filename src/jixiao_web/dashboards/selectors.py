"""Dashboard figures, read from the maintained aggregates (:mod:`jixiao_web.dashboards.models`).

Nothing here scans the evaluations of a year: the counters of the groups in scope are summed in
one query, the rankings read the first rows of an index, and every page makes the same small
number of queries whatever the number of units.

Every chart is a :class:`Chart`: a table (what the .xlsx download holds) plus which columns the
chart draws, so the picture and the download always show the same numbers. Scores use the
reviewed score (复核得分, computed by the scoring engine) where there is one, else the unit's
own; grade bands follow 财预〔2020〕10号 (优 ≥90, 良 80–90, 中 60–80, 差 <60).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import F, Q, QuerySet, Sum

from jixiao_web.campaigns.models import Campaign
from jixiao_web.evaluations.models import Evaluation, Revision, State
from jixiao_web.orgs.models import BudgetUnit, Jurisdiction

from .access import BureauScope
from .models import DashboardCounter, DashboardStamp, EvaluationTally
from .tally import EXECUTION_BUCKETS, GRADES, SCORE_BUCKETS
from .xlsx import Table

TOP = 20

CATEGORY_LABELS: dict[str, str] = {
    "sum_mismatch": "合计不符",
    "rate_mismatch": "比率不符",
    "score_sum_mismatch": "得分合计不符",
    "score_exceeds_max": "得分超过分值",
    "weight_mismatch": "权重不符",
    "grade_mismatch": "等级不符",
    "score_vs_target": "得分与完成情况不符",
    "score_vs_rule": "得分与评分规则不符",
    "missing_deviation_note": "未说明偏差原因",
    "unit_error": "计量单位错误",
    "year_error": "年度错误",
    "date_error": "日期错误",
    "cross_reference_mismatch": "前后数据不一致",
    "staffing_control": "人员控制",
    "expense_control": "经费控制",
    "over_budget": "超预算",
    "budget_adjustment": "预算调整",
    "target_too_low": "目标值偏低",
    "indicator_quality": "指标质量",
    "reconciliation": "勾稽关系",
    "format": "格式",
    "import": "导入",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Chart:
    """A chart and its data: ``kind`` is bar | hbar | pie | line | stack; ``series`` are column indexes."""

    key: str
    title: str
    table: Table
    kind: str = "bar"
    series: list[int] = field(default_factory=lambda: [1])
    note: str = ""
    unit: str = ""
    ids: list[int] = field(default_factory=list)  # the unit of each row, for links (not downloaded)
    _html: str | None = field(default=None, repr=False, compare=False)

    def shown_rows(self) -> list[list[str]]:
        """The table's cells as the page shows them (what ``{{ v|default_if_none:"" }}`` printed),
        formatted once here instead of through the template engine cell by cell."""
        return [[_shown(v) for v in row] for row in self.table.rows]

    def table_html(self) -> str:
        """The data table's head and body (``<thead>…</tbody>``), every cell escaped, built once here:
        through the template engine a province's charts cost a lookup and a filter per cell."""
        from django.utils.html import escape
        from django.utils.safestring import mark_safe

        if self._html is not None:
            return self._html

        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.table.columns)
        rows = self.shown_rows()
        body = (
            "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
            if rows
            else f'<tr><td colspan="{len(self.table.columns)}">暂无数据</td></tr>'
        )
        self._html = mark_safe(f"<thead><tr>{head}</tr></thead><tbody>\n  {body}\n  </tbody>")  # escaped
        return self._html

    def echarts(self) -> dict[str, Any]:
        """The data the page's script turns into an ECharts option."""

        def num(v: Any) -> Any:
            return float(v) if isinstance(v, Decimal) else v

        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "categories": [str(r[0]) for r in self.table.rows],
            "series": [
                {"name": self.table.columns[i], "data": [num(r[i]) for r in self.table.rows]}
                for i in self.series
            ],
        }


def _shown(value: Any) -> str:
    """A cell as the template showed it: "" for None, numbers localised (no grouping: plain digits)."""
    from django.conf import settings
    from django.utils import formats

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not settings.USE_THOUSAND_SEPARATOR and not isinstance(value, bool):
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Decimal) and value.is_finite():
            _, digits, exponent = value.as_tuple()
            if abs(int(exponent)) + len(digits) <= 200:
                return f"{value:f}"
    return str(formats.localize(value))


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    jurisdiction_id: int | None = None
    campaign_id: int | None = None


def state_label(value: str) -> str:
    """The Chinese name of a state; an unknown stored value is shown as it is, marked (never a 500)."""
    try:
        return str(State(value).label)
    except ValueError:
        return f"未知状态（{value}）"


# ---------------------------------------------------------------- scope and filters


class Jurisdictions:
    """Every jurisdiction (a province has a few hundred), read once per request."""

    def __init__(self) -> None:
        self.rows = list(Jurisdiction.objects.order_by("name").values_list("pk", "parent_id", "name"))
        self.children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
        for pk, parent, name in self.rows:
            self.children[parent].append((pk, name))

    def subtree(self, root_id: int) -> list[int]:
        """The id of a jurisdiction and of every jurisdiction under it."""
        out, stack = [], [root_id]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(pk for pk, _ in self.children.get(node, []))
        return out

    def choices(self, scope: BureauScope) -> list[tuple[int, str]]:
        """(id, indented name) of the jurisdictions in scope, as a tree."""
        out: list[tuple[int, str]] = []

        def walk(parent: int | None, depth: int) -> None:
            for pk, name in self.children.get(parent, []):
                out.append((pk, "　" * depth + name))
                walk(pk, depth + 1)

        if scope.everything:
            walk(None, 0)
            return out
        from jixiao_web.orgs.models import Bureau

        root = Bureau.objects.filter(pk=scope.bureau_id).values_list("jurisdiction_id", flat=True).first()
        if root is not None:
            out.append((root, next((r[2] for r in self.rows if r[0] == root), "")))
            walk(root, 1)
        return out


def jurisdiction_subtree(root_id: int) -> list[int]:
    return Jurisdictions().subtree(root_id)


def jurisdiction_choices(scope: BureauScope) -> list[tuple[int, str]]:
    return Jurisdictions().choices(scope)


def _scope_q(scope: BureauScope) -> Q:
    return Q() if scope.everything else Q(bureau_id=scope.bureau_id)


def year_choices(scope: BureauScope) -> list[int]:
    years = DashboardCounter.objects.filter(_scope_q(scope), metric="total", value__gt=0)
    return sorted(set(years.order_by().values_list("year", flat=True).distinct()), reverse=True)


def campaign_choices(scope: BureauScope, year: int | None) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("bureau")
    if not scope.everything:
        qs = qs.filter(bureau_id=scope.bureau_id)
    return qs.filter(year=year) if year else qs


def campaign_options(scope: BureauScope, year: int | None) -> list[tuple[int, str]]:
    """(id, label) of the notices in the filter: the title cut at 30 characters and the bureau — two
    columns read, not whole notices with their texts."""
    rows = campaign_choices(scope, year).values_list("pk", "title", "bureau__name")
    return [(pk, f"{_cut(title, 30)}（{bureau}）") for pk, title, bureau in rows]


def _cut(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, the last an ellipsis (what Django's ``Truncator.chars``
    gives for Chinese text, at a tenth of its cost: a province's notices are cut on every request)."""
    return text if len(text) <= length else text[: length - 1] + "…"


def default_year(scope: BureauScope) -> int | None:
    years = year_choices(scope)
    return years[0] if years else None


class Dashboard:
    """The figures of one dashboard request: the counters are summed once and shared by every chart."""

    def __init__(
        self, scope: BureauScope, filters: Filters, jurisdictions: Jurisdictions | None = None
    ) -> None:
        self.scope, self.filters = scope, filters
        self._jurisdictions = jurisdictions

    @cached_property
    def jurisdictions(self) -> Jurisdictions:
        return self._jurisdictions or Jurisdictions()

    def q(self, *, with_year: bool = True) -> Q:
        """The groups (and tallies) in scope and filters."""
        q = _scope_q(self.scope)
        if with_year and self.filters.year:
            q &= Q(year=self.filters.year)
        if self.filters.jurisdiction_id:
            q &= Q(jurisdiction_id__in=self.jurisdictions.subtree(self.filters.jurisdiction_id))
        if self.filters.campaign_id:
            q &= Q(campaign_id=self.filters.campaign_id)
        return q

    @cached_property
    def counts(self) -> dict[str, Decimal]:
        rows = (
            DashboardCounter.objects.filter(self.q())
            .order_by()
            .values_list("metric")
            .annotate(v=Sum("value"))
            .values_list("metric", "v")
        )
        return {metric: Decimal(v) for metric, v in rows if v}

    def n(self, metric: str) -> int:
        return int(self.counts.get(metric, 0))

    @cached_property
    def no_evaluation(self) -> int:
        """Units a notice of the year was addressed to that have no evaluation under it."""
        if not self.filters.year:
            return 0
        rows = (
            DashboardCounter.objects.filter(self.q(), metric__in=["addressed", "total"])
            .exclude(campaign_id=0)
            .order_by()
            .values_list("campaign_id", "metric")
            .annotate(v=Sum("value"))
        )
        by: dict[int, dict[str, Decimal]] = defaultdict(dict)
        for campaign, metric, v in rows:
            by[campaign][metric] = Decimal(v or 0)
        return int(sum(max(Decimal(0), m.get("addressed", 0) - m.get("total", 0)) for m in by.values()))

    def tallies(self) -> QuerySet[EvaluationTally]:
        return EvaluationTally.objects.filter(self.q())


# ---------------------------------------------------------------- charts of a campaign / year


def progress(d: Dashboard) -> Chart:
    """按时报送 / 逾期报送 / 未报送: evaluations by submission, plus addressed units with none."""
    no_evaluation = d.no_evaluation
    table = Table(
        "报送进度",
        ["报送情况", "单位数"],
        [
            ["按时报送", d.n("progress:on_time")],
            ["逾期报送", d.n("progress:late")],
            ["未报送", d.n("progress:unsent") + no_evaluation],
        ],
    )
    note = f"其中未建立自评的单位 {no_evaluation} 个" if no_evaluation else ""
    return Chart("progress", "报送进度", table, kind="pie", note=note, unit="个")


def states(d: Dashboard) -> Chart:
    rows: list[list[Any]] = [[State(s).label, d.n(f"state:{s}")] for s in State.values]
    known = {f"state:{s}" for s in State.values}
    other = sum(int(v) for k, v in d.counts.items() if k.startswith("state:") and k not in known)
    if other:
        rows.append(["未知状态", other])
    return Chart("states", "办理状态", Table("办理状态", ["状态", "单位数"], rows), kind="bar", unit="个")


def score_distribution(d: Dashboard) -> Chart:
    """How many units fall in each score band, by their own score and by the reviewed score."""
    rows = [[label, d.n(f"self:{i}"), d.n(f"computed:{i}")] for i, (label, _, _) in enumerate(SCORE_BUCKETS)]
    table = Table("得分分布", ["得分区间", "自评得分（单位数）", "复核得分（单位数）"], rows)
    return Chart("scores", "得分分布", table, kind="bar", series=[1, 2], unit="个")


def grade_distribution(d: Dashboard) -> Chart:
    rows: list[list[Any]] = [[g, d.n(f"grade:{g}")] for g in GRADES]
    if d.n("grade:other"):
        rows.append(["未评定或其他", d.n("grade:other")])
    return Chart("grades", "自评等级分布", Table("等级分布", ["等级", "单位数"], rows), kind="pie", unit="个")


def ranking(d: Dashboard, limit: int = TOP) -> Chart:
    """Units ranked by score (复核得分, else 自评得分), highest first; ties by unit name."""
    qs = (
        d.tallies()
        .filter(rank_score__isnull=False)
        .order_by(F("rank_score").desc(), "unit_name")
        .values_list(
            "unit_id",
            "unit_name",
            "jurisdiction__name",
            "rank_score",
            "self_score",
            "computed_score",
            "grade",
        )[:limit]
    )
    rows: list[list[Any]] = []
    ids: list[int] = []
    for rank, (unit_id, name, juris, score, own, computed, grade) in enumerate(qs, start=1):
        rows.append([name, rank, score, own, computed, grade, juris])
        ids.append(unit_id)
    table = Table(
        "得分排名", ["单位", "名次", "排名得分", "自评得分", "复核得分", "自评等级", "行政区划"], rows
    )
    chart = Chart("ranking", f"得分排名（前{limit}名）", table, kind="hbar", series=[2], unit="分")
    chart.ids = ids
    return chart


def execution_rates(d: Dashboard) -> Chart:
    rows: list[list[Any]] = [
        [label, d.n(f"execution:{i}")] for i, (label, _, _) in enumerate(EXECUTION_BUCKETS)
    ]
    missing = d.n("execution:missing")
    note = f"未填执行率的单位 {missing} 个" if missing else ""
    return Chart(
        "execution",
        "预算执行率分布",
        Table("预算执行率", ["执行率区间", "单位数"], rows),
        kind="bar",
        note=note,
        unit="个",
    )


def three_public_by_unit(d: Dashboard, limit: int = TOP) -> Chart:
    """三公经费 of the units that spend most this year, beside last year's, with the change."""
    top = list(
        d.tallies()
        .filter(three_public_actual__isnull=False)
        .order_by(F("three_public_actual").desc(), "unit_name")
        .values_list("unit_id", "unit_name", "three_public_actual", "three_public_last_year")[:limit]
    )
    last: dict[int, Decimal] = {}
    if d.filters.year and top:
        last = dict(
            EvaluationTally.objects.filter(
                unit_id__in=[t[0] for t in top], year=d.filters.year - 1, three_public_actual__isnull=False
            ).values_list("unit_id", "three_public_actual")
        )
    rows: list[list[Any]] = []
    ids: list[int] = []
    for unit_id, name, actual, stated_last in top:
        ids.append(unit_id)
        # last year's evaluation where the system holds it, else what this year's table states
        before = last.get(unit_id, stated_last)
        change = actual - before if before is not None else None
        rate = (
            (change / before * 100).quantize(Decimal("0.01"))
            if before not in (None, 0) and change is not None
            else None
        )
        rows.append([name, actual, before, change, rate])
    table = Table(
        "三公经费（单位）", ["单位", "本年（万元）", "上年（万元）", "增减（万元）", "增减率（%）"], rows
    )
    return Chart(
        "three_public",
        f"三公经费最多的{limit}个单位（与上年比较）",
        table,
        kind="hbar",
        series=[1, 2],
        unit="万元",
        ids=ids,
    )


def three_public_by_year(d: Dashboard) -> Chart:
    """三公经费 summed over the units in scope, year by year (the year filter is not applied)."""
    found = (
        DashboardCounter.objects.filter(
            d.q(with_year=False), metric__in=["three_public:sum", "three_public:n"]
        )
        .order_by()
        .values_list("year", "metric")
        .annotate(v=Sum("value"))
    )
    by: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, metric, v in found:
        by[year][metric] = Decimal(v or 0)
    rows: list[list[Any]] = []
    previous: Decimal | None = None
    for year in sorted(by):
        n = int(by[year].get("three_public:n", 0))
        if not n:
            continue
        total = by[year].get("three_public:sum", Decimal(0)).quantize(Decimal("0.01"))
        rate = ((total - previous) / previous * 100).quantize(Decimal("0.01")) if previous else None
        rows.append([f"{year}年", total, n, rate])
        previous = total
    table = Table("三公经费（年度）", ["年度", "合计（万元）", "单位数", "同比增减率（%）"], rows)
    return Chart("three_public_years", "三公经费合计（逐年）", table, kind="line", series=[1], unit="万元")


def findings_by_category(d: Dashboard) -> Chart:
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for metric, value in d.counts.items():
        if metric.startswith("finding:"):
            _, category, severity = metric.split(":", 2)
            by[category][severity] += int(value)
    order = sorted(by, key=lambda c: (-sum(by[c].values()), c))
    rows = [
        [
            CATEGORY_LABELS.get(c, c or "其他"),
            by[c]["error"],
            by[c]["warning"],
            by[c]["info"],
            sum(by[c].values()),
        ]
        for c in order
    ]
    uncounted = d.n("findings:uncounted")
    note = f"还有 {uncounted} 个单位的问题尚未统计（运行 dashboards_rebuild 补齐）" if uncounted else ""
    table = Table("问题类别", ["问题类别", "错误", "警告", "提示", "合计"], rows)
    return Chart(
        "findings_category", "问题按类别", table, kind="stack", series=[1, 2, 3], note=note, unit="个"
    )


def findings_by_unit(d: Dashboard, limit: int = TOP) -> Chart:
    qs = (
        d.tallies()
        .filter(Q(error_count__gt=0) | Q(warning_count__gt=0))
        .order_by("-error_count", "-warning_count", "unit_name")
        .values_list("unit_name", "error_count", "warning_count")[:limit]
    )
    rows = [[name, e, w, e + w] for name, e, w in qs]
    table = Table("问题（单位）", ["单位", "错误", "警告", "合计"], rows)
    return Chart("findings_unit", f"问题最多的{limit}个单位", table, kind="stack", series=[1, 2], unit="个")


def summary(d: Dashboard) -> dict[str, Any]:
    three = d.counts.get("three_public:sum") if d.n("three_public:n") else None
    return {
        "units": d.n("total"),
        "published": d.n(f"state:{State.PUBLISHED}"),
        "errors": d.n("errors"),
        "warnings": d.n("warnings"),
        "three_public": Decimal(three).quantize(Decimal("0.01")) if three is not None else None,
    }


CAMPAIGN_CHARTS = {
    "progress": progress,
    "states": states,
    "scores": score_distribution,
    "grades": grade_distribution,
    "ranking": ranking,
    "execution": execution_rates,
    "three_public": three_public_by_unit,
    "three_public_years": three_public_by_year,
    "findings_category": findings_by_category,
    "findings_unit": findings_by_unit,
}


def campaign_charts(d: Dashboard) -> list[Chart]:
    return [fn(d) for fn in CAMPAIGN_CHARTS.values()]


@dataclass
class Figures:
    """What a dashboard shows of its scope and filters: the charts, their ECharts data, the summary."""

    charts: list[Chart]
    chart_data: list[dict[str, Any]]
    summary: dict[str, Any]


_FIGURES: dict[tuple[Any, ...], Figures] = {}
_FIGURES_LOCK = threading.Lock()
FIGURES_KEPT = 256  # dashboards (scope × filters) a web process keeps


def figures(d: Dashboard) -> Figures:
    """The dashboard's figures, computed once per version of what they are made of and then kept in
    this web process: the key is the scope, the filters, the jurisdictions (their tree and names) and
    the tokens of every (year, bureau) in scope, which the services replace in the same transaction
    as any change to those counters or tallies (:func:`tally.stamp`) — so a dashboard never shows
    figures older than the last committed save, and costs one small query when nothing changed."""
    stamps = (
        DashboardStamp.objects.filter(_scope_q(d.scope)).order_by().values_list("year", "bureau_id", "token")
    )
    key = (
        d.scope.bureau_id,
        d.filters,
        hash(tuple(d.jurisdictions.rows)),
        hash(tuple(sorted(stamps))),
    )
    found = _FIGURES.get(key) if stamps else None
    if found is not None:
        return found
    charts = campaign_charts(d)
    for chart in charts:
        chart.table_html()  # built once, kept with the chart
    made = Figures(charts, [c.echarts() for c in charts], summary(d))
    if not stamps:  # nothing stamped yet (aggregates written outside the services): never kept
        return made
    with _FIGURES_LOCK:
        if len(_FIGURES) >= FIGURES_KEPT:
            _FIGURES.pop(next(iter(_FIGURES)))  # the oldest
        _FIGURES[key] = made
    return made


# ---------------------------------------------------------------- one unit across years


def unit_get(scope: BureauScope, pk: int) -> BudgetUnit:
    from django.core.exceptions import PermissionDenied

    unit = BudgetUnit.objects.filter(scope.units(), pk=pk).select_related("jurisdiction").first()
    if unit is None:
        raise PermissionDenied("无权查看该单位或该单位不存在")
    return unit


def unit_search(scope: BureauScope, q: str, limit: int = 50) -> list[BudgetUnit]:
    qs = BudgetUnit.objects.filter(scope.units()).select_related("jurisdiction")
    if q:
        qs = qs.filter(name__contains=q)
    return list(qs.order_by("name")[:limit])


def _staffing(data: Any) -> tuple[int | None, int | None]:
    """编制数 and 实有人数 from a stored package (None where the stored JSON is not what is expected)."""
    if not isinstance(data, dict):
        return None, None
    unit = data.get("unit") if isinstance(data.get("unit"), dict) else {}
    base = data.get("base_data") if isinstance(data.get("base_data"), dict) else {}
    authorized = unit.get("authorized_staff", base.get("authorized_staff"))
    actual = unit.get("actual_staff", base.get("actual_staff"))
    return (authorized if isinstance(authorized, int) else None, actual if isinstance(actual, int) else None)


def unit_history(unit: BudgetUnit) -> list[Chart]:
    """Scores, execution, 三公 and staffing of one unit, year by year."""
    evaluations = list(
        Evaluation.objects.filter(unit=unit)
        .order_by("year")
        .values(
            "year",
            "state",
            "self_score",
            "computed_score",
            "grade",
            "execution_rate",
            "three_public_actual",
            "error_count",
            "warning_count",
            "current_revision_id",
        )
    )
    revisions = dict(
        Revision.objects.filter(
            pk__in=[e["current_revision_id"] for e in evaluations if e["current_revision_id"]]
        ).values_list("pk", "data")
    )
    scores, execution, three, staff = [], [], [], []
    for e in evaluations:
        year = f"{e['year']}年"
        scores.append([year, e["self_score"], e["computed_score"], e["grade"], state_label(e["state"])])
        execution.append([year, e["execution_rate"]])
        three.append([year, e["three_public_actual"], e["error_count"], e["warning_count"]])
        authorized, actual = _staffing(revisions.get(e["current_revision_id"]) or {})
        staff.append([year, authorized, actual])
    return [
        Chart(
            "unit_scores",
            "得分",
            Table("得分", ["年度", "自评得分", "复核得分", "等级（按规则集）", "状态"], scores),
            kind="line",
            series=[1, 2],
            unit="分",
        ),
        Chart(
            "unit_execution",
            "预算执行率",
            Table("执行率", ["年度", "执行率（%）"], execution),
            kind="line",
            unit="%",
        ),
        Chart(
            "unit_three_public",
            "三公经费",
            Table("三公经费", ["年度", "三公经费（万元）"], [row[:2] for row in three]),
            kind="bar",
            series=[1],
            unit="万元",
        ),
        Chart(
            "unit_findings",
            "问题数（错误与警告）",
            Table("问题数", ["年度", "错误", "警告"], [[row[0], row[2], row[3]] for row in three]),
            kind="stack",
            series=[1, 2],
            unit="个",
        ),
        Chart(
            "unit_staff",
            "人员编制",
            Table("人员", ["年度", "编制数", "实有人数"], staff),
            kind="bar",
            series=[1, 2],
            unit="人",
        ),
    ]
