"""Dashboard figures, read with aggregated queries on the Evaluation columns (no package JSON).

Every chart is a :class:`Chart`: a table (what the .xlsx download holds) plus which columns the
chart draws, so the picture and the download always show the same numbers. Scores use the
reviewed score (复核得分, computed by the scoring engine) where there is one, else the unit's
own; grade bands follow 财预〔2020〕10号 (优 ≥90, 良 80–90, 中 60–80, 差 <60).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from jixiao_web.campaigns.models import Campaign
from jixiao_web.evaluations.models import Evaluation, Revision, State
from jixiao_web.orgs.models import BudgetUnit, Jurisdiction

from .access import BureauScope
from .models import FindingCount, FindingsCounted
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
GRADES = ["优", "良", "中", "差"]


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


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    jurisdiction_id: int | None = None
    campaign_id: int | None = None


# ---------------------------------------------------------------- scope and filters


def jurisdiction_subtree(root_id: int) -> list[int]:
    """The id of a jurisdiction and of every jurisdiction under it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Jurisdiction.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    out, stack = [], [root_id]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node, []))
    return out


def jurisdiction_choices(scope: BureauScope) -> list[tuple[int, str]]:
    """(id, indented name) of the jurisdictions in scope, as a tree."""
    rows = list(Jurisdiction.objects.values_list("pk", "parent_id", "name"))
    children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for pk, parent, name in sorted(rows, key=lambda r: r[2]):
        children[parent].append((pk, name))
    if scope.everything:
        roots: list[int | None] = [None]
    else:
        from jixiao_web.orgs.models import Bureau

        roots = [Bureau.objects.filter(pk=scope.bureau_id).values_list("jurisdiction_id", flat=True).first()]
    out: list[tuple[int, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for pk, name in children.get(parent, []):
            out.append((pk, "　" * depth + name))
            walk(pk, depth + 1)

    for root in roots:
        if root is None and not scope.everything:
            continue
        if root is not None:
            name = next((r[2] for r in rows if r[0] == root), "")
            out.append((root, name))
            walk(root, 1)
        else:
            walk(None, 0)
    return out


def scoped_evaluations(scope: BureauScope) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(scope.units("unit__"))


def year_choices(scope: BureauScope) -> list[int]:
    return sorted(
        set(scoped_evaluations(scope).order_by().values_list("year", flat=True).distinct()), reverse=True
    )


def campaign_choices(scope: BureauScope, year: int | None) -> QuerySet[Campaign]:
    qs = Campaign.objects.all() if scope.everything else Campaign.objects.filter(bureau_id=scope.bureau_id)
    return qs.filter(year=year) if year else qs


def default_year(scope: BureauScope) -> int | None:
    value = scoped_evaluations(scope).aggregate(y=Max("year"))["y"]
    return int(value) if value is not None else None


def filter_q(scope: BureauScope, filters: Filters, *, with_year: bool = True, prefix: str = "") -> Q:
    """The scope and filters as one condition on evaluations (``prefix`` to reach them from another model)."""
    q = scope.units(f"{prefix}unit__")
    if with_year and filters.year:
        q &= Q(**{f"{prefix}year": filters.year})
    if filters.jurisdiction_id:
        q &= Q(**{f"{prefix}unit__jurisdiction_id__in": jurisdiction_subtree(filters.jurisdiction_id)})
    if filters.campaign_id:
        q &= Q(**{f"{prefix}campaign_id": filters.campaign_id})
    return q


def filtered(scope: BureauScope, filters: Filters, *, with_year: bool = True) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(filter_q(scope, filters, with_year=with_year)).order_by()


def _expected_units(scope: BureauScope, filters: Filters) -> QuerySet[BudgetUnit]:
    """Units a campaign of the year was addressed to (the denominator of submission progress)."""
    campaigns = campaign_choices(scope, filters.year)
    if filters.campaign_id:
        campaigns = campaigns.filter(pk=filters.campaign_id)
    units = BudgetUnit.objects.filter(campaigns__in=campaigns)
    if filters.jurisdiction_id:
        units = units.filter(jurisdiction_id__in=jurisdiction_subtree(filters.jurisdiction_id))
    return units.distinct()


# ---------------------------------------------------------------- charts of a campaign / year

SUBMITTED_STATES = [State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED, State.APPROVED, State.PUBLISHED]


def progress(scope: BureauScope, filters: Filters) -> Chart:
    """按时报送 / 逾期报送 / 未报送: evaluations by submission, plus addressed units with none."""
    qs = filtered(scope, filters)
    sent = Q(state__in=SUBMITTED_STATES) | Q(submitted_at__isnull=False)
    counts = qs.aggregate(
        on_time=Count("pk", filter=sent & Q(days_late__lte=0)),
        late=Count("pk", filter=sent & Q(days_late__gt=0)),
        draft=Count("pk", filter=~sent),
    )
    no_evaluation = 0
    if filters.year:
        no_evaluation = _expected_units(scope, filters).exclude(evaluations__year=filters.year).count()
    table = Table(
        "报送进度",
        ["报送情况", "单位数"],
        [
            ["按时报送", counts["on_time"]],
            ["逾期报送", counts["late"]],
            ["未报送", counts["draft"] + no_evaluation],
        ],
    )
    note = f"其中未建立自评的单位 {no_evaluation} 个" if no_evaluation else ""
    return Chart("progress", "报送进度", table, kind="pie", note=note, unit="个")


def states(scope: BureauScope, filters: Filters) -> Chart:
    qs = filtered(scope, filters)
    found = dict(qs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    rows = [[State(s).label, found.get(s, 0)] for s in State.values]
    return Chart("states", "办理状态", Table("办理状态", ["状态", "单位数"], rows), kind="bar", unit="个")


SCORE_BUCKETS: list[tuple[str, Decimal | None, Decimal | None]] = [
    ("60分以下", None, Decimal(60)),
    ("60–70分", Decimal(60), Decimal(70)),
    ("70–80分", Decimal(70), Decimal(80)),
    ("80–90分", Decimal(80), Decimal(90)),
    ("90–95分", Decimal(90), Decimal(95)),
    ("95–100分", Decimal(95), Decimal(100)),
    ("100分", Decimal(100), None),
]


def _bucket_q(name: str, low: Decimal | None, high: Decimal | None) -> Q:
    q = Q(**{f"{name}__isnull": False})
    if low is not None:
        q &= Q(**{f"{name}__gte": low})
    if high is not None:
        q &= Q(**{f"{name}__lt": high})
    return q


def score_distribution(scope: BureauScope, filters: Filters) -> Chart:
    """How many units fall in each score band, by their own score and by the reviewed score."""
    qs = filtered(scope, filters)
    agg: dict[str, Any] = {}
    for i, (_, low, high) in enumerate(SCORE_BUCKETS):
        agg[f"s{i}"] = Count("pk", filter=_bucket_q("self_score", low, high))
        agg[f"c{i}"] = Count("pk", filter=_bucket_q("computed_score", low, high))
    counts = qs.aggregate(**agg)
    rows = [[label, counts[f"s{i}"], counts[f"c{i}"]] for i, (label, _, _) in enumerate(SCORE_BUCKETS)]
    table = Table("得分分布", ["得分区间", "自评得分（单位数）", "复核得分（单位数）"], rows)
    return Chart("scores", "得分分布", table, kind="bar", series=[1, 2], unit="个")


def grade_distribution(scope: BureauScope, filters: Filters) -> Chart:
    qs = filtered(scope, filters)
    found = dict(qs.values_list("grade").annotate(n=Count("pk")).values_list("grade", "n"))
    rows: list[list[Any]] = [[g, found.pop(g, 0)] for g in GRADES]
    other = sum(found.values())
    if other:
        rows.append(["未评定或其他", other])
    return Chart("grades", "自评等级分布", Table("等级分布", ["等级", "单位数"], rows), kind="pie", unit="个")


def ranking(scope: BureauScope, filters: Filters, limit: int = TOP) -> Chart:
    """Units ranked by score (复核得分, else 自评得分), highest first; ties by unit name."""
    qs = (
        filtered(scope, filters)
        .annotate(score=Coalesce("computed_score", "self_score"))
        .filter(score__isnull=False)
        .order_by("-score", "unit__name")
        .values_list(
            "unit_id",
            "unit__name",
            "unit__jurisdiction__name",
            "score",
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


EXECUTION_BUCKETS: list[tuple[str, Decimal | None, Decimal | None]] = [
    ("60%以下", None, Decimal(60)),
    ("60%–80%", Decimal(60), Decimal(80)),
    ("80%–90%", Decimal(80), Decimal(90)),
    ("90%–95%", Decimal(90), Decimal(95)),
    ("95%–100%", Decimal(95), Decimal(100)),
    ("100%及以上", Decimal(100), None),
]


def execution_rates(scope: BureauScope, filters: Filters) -> Chart:
    qs = filtered(scope, filters)
    agg = {
        f"b{i}": Count("pk", filter=_bucket_q("execution_rate", low, high))
        for i, (_, low, high) in enumerate(EXECUTION_BUCKETS)
    }
    counts = qs.aggregate(**agg, missing=Count("pk", filter=Q(execution_rate__isnull=True)))
    rows: list[list[Any]] = [[label, counts[f"b{i}"]] for i, (label, _, _) in enumerate(EXECUTION_BUCKETS)]
    note = f"未填执行率的单位 {counts['missing']} 个" if counts["missing"] else ""
    return Chart(
        "execution",
        "预算执行率分布",
        Table("预算执行率", ["执行率区间", "单位数"], rows),
        kind="bar",
        note=note,
        unit="个",
    )


def three_public_by_unit(scope: BureauScope, filters: Filters, limit: int = TOP) -> Chart:
    """三公经费 of the units that spend most this year, beside last year's, with the change."""
    qs = filtered(scope, filters).filter(three_public_actual__isnull=False)
    top = list(
        qs.order_by("-three_public_actual", "unit__name").values_list(
            "unit_id", "unit__name", "three_public_actual"
        )[:limit]
    )
    last: dict[int, Decimal] = {}
    if filters.year and top:
        last = dict(
            Evaluation.objects.filter(
                unit_id__in=[t[0] for t in top], year=filters.year - 1, three_public_actual__isnull=False
            ).values_list("unit_id", "three_public_actual")
        )
    rows: list[list[Any]] = []
    ids: list[int] = []
    for unit_id, name, actual in top:
        ids.append(unit_id)
        before = last.get(unit_id)
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


def three_public_by_year(scope: BureauScope, filters: Filters) -> Chart:
    """三公经费 summed over the units in scope, year by year (the year filter is not applied)."""
    qs = filtered(scope, filters, with_year=False).filter(three_public_actual__isnull=False)
    years = list(qs.values("year").annotate(total=Sum("three_public_actual"), n=Count("pk")).order_by("year"))
    rows: list[list[Any]] = []
    previous: Decimal | None = None
    for y in years:
        total = Decimal(y["total"]).quantize(Decimal("0.01"))
        rate = ((total - previous) / previous * 100).quantize(Decimal("0.01")) if previous else None
        rows.append([f"{y['year']}年", total, y["n"], rate])
        previous = total
    table = Table("三公经费（年度）", ["年度", "合计（万元）", "单位数", "同比增减率（%）"], rows)
    return Chart("three_public_years", "三公经费合计（逐年）", table, kind="line", series=[1], unit="万元")


def finding_counts_refresh(qs: QuerySet[Evaluation], limit: int = 50) -> int:
    """Count the findings of evaluations whose current revision is not counted yet; return how many remain."""
    from jixiao_web.evaluations import engine
    from jixiao_web.evaluations.services import package_of

    stale = (
        qs.filter(current_revision__isnull=False)
        .filter(Q(findings_counted__isnull=True) | ~Q(findings_counted__revision_id=F("current_revision_id")))
        .order_by()
        .values_list("pk", flat=True)
    )
    ids = list(stale[: limit + 1])
    for pk in ids[:limit]:
        evaluation = Evaluation.objects.select_related("current_revision").get(pk=pk)
        package = package_of(evaluation)
        counts: dict[tuple[str, str, str], int] = defaultdict(int)
        for f in engine.check(package) if package is not None else []:
            counts[(f["code"], f.get("category") or "", f["severity"])] += 1
        FindingCount.objects.filter(evaluation_id=pk).delete()
        FindingCount.objects.bulk_create(
            [
                FindingCount(
                    evaluation_id=pk,
                    revision_id=evaluation.current_revision_id or 0,
                    code=code,
                    category=category,
                    severity=severity,
                    count=n,
                )
                for (code, category, severity), n in counts.items()
            ]
        )
        FindingsCounted.objects.update_or_create(
            evaluation_id=pk, defaults={"revision_id": evaluation.current_revision_id or 0}
        )
    return max(0, len(ids) - limit)


def findings_by_category(scope: BureauScope, filters: Filters) -> Chart:
    qs = filtered(scope, filters)
    remaining = finding_counts_refresh(qs)
    rows_q = (
        FindingCount.objects.filter(
            filter_q(scope, filters, prefix="evaluation__"), revision_id=F("evaluation__current_revision_id")
        )
        .order_by()
        .values("category", "severity")
        .annotate(n=Sum("count"))
    )
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows_q:
        by[r["category"]][r["severity"]] += int(r["n"])
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
    note = f"还有 {remaining} 个单位的问题尚未统计，请稍后刷新" if remaining else ""
    table = Table("问题类别", ["问题类别", "错误", "警告", "提示", "合计"], rows)
    return Chart(
        "findings_category", "问题按类别", table, kind="stack", series=[1, 2, 3], note=note, unit="个"
    )


def findings_by_unit(scope: BureauScope, filters: Filters, limit: int = TOP) -> Chart:
    qs = (
        filtered(scope, filters)
        .filter(Q(error_count__gt=0) | Q(warning_count__gt=0))
        .order_by("-error_count", "-warning_count", "unit__name")
        .values_list("unit__name", "error_count", "warning_count")[:limit]
    )
    rows = [[name, e, w, e + w] for name, e, w in qs]
    table = Table("问题（单位）", ["单位", "错误", "警告", "合计"], rows)
    return Chart("findings_unit", f"问题最多的{limit}个单位", table, kind="stack", series=[1, 2], unit="个")


def summary(scope: BureauScope, filters: Filters) -> dict[str, Any]:
    qs = filtered(scope, filters)
    result = qs.aggregate(
        units=Count("pk"),
        published=Count("pk", filter=Q(state=State.PUBLISHED)),
        errors=Sum("error_count"),
        warnings=Sum("warning_count"),
        three_public=Sum("three_public_actual"),
    )
    # SQLite sums decimals with floating digits (2.76000000000000): show 万元 with two decimals
    if result["three_public"] is not None:
        result["three_public"] = Decimal(result["three_public"]).quantize(Decimal("0.01"))
    return result


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


def campaign_charts(scope: BureauScope, filters: Filters) -> list[Chart]:
    return [fn(scope, filters) for fn in CAMPAIGN_CHARTS.values()]


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


def _staffing(data: dict[str, Any]) -> tuple[int | None, int | None]:
    unit = data.get("unit") or {}
    base = data.get("base_data") or {}
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
        scores.append([year, e["self_score"], e["computed_score"], e["grade"], State(e["state"]).label])
        execution.append([year, e["execution_rate"]])
        three.append([year, e["three_public_actual"], e["error_count"], e["warning_count"]])
        authorized, actual = _staffing(revisions.get(e["current_revision_id"]) or {})
        staff.append([year, authorized, actual])
    return [
        Chart(
            "unit_scores",
            "得分",
            Table("得分", ["年度", "自评得分", "复核得分", "自评等级", "状态"], scores),
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
            "三公经费与问题数",
            Table("三公经费", ["年度", "三公经费（万元）", "错误", "警告"], three),
            kind="bar",
            series=[1],
            unit="万元",
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
