"""Selectors of 财政重点评价 and 抽评: everything that reads, scoped by role.

- the bureau's 绩效科 sees its rounds whole; a desk's reviewer sees the items of its desk's units;
- a unit's preparer or head sees its own item once the round's results are published, nothing before;
- the system administrator sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from jixiao.monitoring.sampling import Gap, UnitGap, overstating_units
from jixiao.rules import get_rule_set
from jixiao_web.orgs.models import BudgetUnit, Role
from jixiao_web.orgs.permissions import membership, require

from .models import ReScore, Reviewer, ReviewItem, ReviewRound
from .services import conflicts_of, forms_of, panel_of


def _item_filter(user: Any) -> Q | None:
    """The items a user may see; None: every item."""
    m = membership(user)
    if m is None:
        return Q(pk__in=[])
    if m.role == Role.SYSTEM_ADMIN:
        return None
    if m.role == Role.BUREAU_ADMIN and m.bureau_id:
        return Q(round__bureau_id=m.bureau_id)
    if m.role == Role.REVIEWER and m.desk_id:
        return Q(unit__desk_id=m.desk_id)
    if m.role in (Role.PREPARER, Role.UNIT_HEAD) and m.unit_id:
        return Q(unit_id=m.unit_id, round__published_at__isnull=False)
    return Q(pk__in=[])


def item_list_for_user(user: Any) -> QuerySet[ReviewItem]:
    qs = ReviewItem.objects.select_related("unit", "unit__desk", "round", "reviewer", "evaluation")
    f = _item_filter(user)
    return qs if f is None else qs.filter(f)


def round_list_for_user(user: Any) -> QuerySet[ReviewRound]:
    m = membership(user)
    qs = ReviewRound.objects.select_related("bureau")
    if m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id:
        return qs.filter(bureau_id=m.bureau_id)  # even a round whose sample is empty of nothing
    return qs.filter(pk__in=item_list_for_user(user).values("round_id"))


def round_get_for_user(user: Any, pk: int) -> ReviewRound:
    rnd = round_list_for_user(user).filter(pk=pk).first()
    require(rnd is not None, "无权查看该抽评批次或其不存在")
    assert rnd is not None
    return rnd


def item_get_for_user(user: Any, pk: int) -> ReviewItem:
    item = item_list_for_user(user).filter(pk=pk).first()
    require(item is not None, "无权查看该抽评结果或其不存在")
    assert item is not None
    return item


def is_bureau_admin(user: Any, bureau_id: int | None = None) -> bool:
    m = membership(user)
    return (
        m is not None
        and m.role == Role.BUREAU_ADMIN
        and m.bureau_id is not None
        and (bureau_id is None or m.bureau_id == bureau_id)
    )


def reviewer_list_for_user(user: Any) -> QuerySet[Reviewer]:
    """The registry of the user's bureau (the 绩效科 and the desks' reviewers of that bureau)."""
    m = membership(user)
    qs = Reviewer.objects.prefetch_related("related_units")
    if m is None:
        return qs.none()
    if m.role == Role.SYSTEM_ADMIN:
        return qs
    if m.role == Role.BUREAU_ADMIN and m.bureau_id:
        return qs.filter(bureau_id=m.bureau_id)
    if m.role == Role.REVIEWER and m.desk_id:
        return qs.filter(bureau__desks__id=m.desk_id)
    return qs.none()


def registry_units(user: Any) -> QuerySet[BudgetUnit]:
    """The units a registry entry may declare a relation to: the 绩效科's own bureau's."""
    m = membership(user)
    if m is None or m.role != Role.BUREAU_ADMIN or not m.bureau_id:
        return BudgetUnit.objects.none()
    return BudgetUnit.objects.filter(bureau_id=m.bureau_id).order_by("name")


@dataclass
class Choice:
    reviewer: Reviewer
    conflicts: list[str]


def assignment_choices(item: ReviewItem) -> list[Choice]:
    """Each agency and expert of the round's bureau, with the reasons it must stand aside (回避)."""
    out = []
    panel = panel_of(item)
    for r in Reviewer.objects.filter(bureau_id=item.round.bureau_id).prefetch_related("related_units"):
        out.append(Choice(r, [c.reason for c in conflicts_of(r, item, panel)]))
    return out


def redraw_matches(rnd: ReviewRound) -> bool:
    """Whether drawing again from the recorded candidates, seed and size gives the recorded sample (the
    check anyone may make that the sample was not chosen by hand)."""
    from jixiao.monitoring.sampling import Candidate, draw_sample

    candidates = [Candidate(c["key"], c["label"], c["stratum"]) for c in rnd.candidates]
    again = draw_sample(candidates, size=rnd.size, seed=rnd.seed, stratify_by=rnd.stratify_by)  # type: ignore[arg-type]
    recorded = sorted(rnd.items.values_list("evaluation_id", flat=True))
    return sorted(int(c.key) for c in again.drawn) == recorded


def rescores_for(user: Any, rnd: ReviewRound) -> list[ReScore]:
    return list(
        ReScore.objects.filter(item__in=item_list_for_user(user).filter(round=rnd))
        .select_related("item", "item__unit")
        .order_by("item__unit__name", "path")
    )


# ---------------------------------------------------------------- the gap and the scatter

PLOT = 300  # svg units of the square plot; scores from LOW to 100 along each axis
MARGIN = 40


@dataclass(frozen=True)
class Point:
    rescore: ReScore
    x: Decimal
    y: Decimal
    flagged: bool


@dataclass
class Board:
    threshold: Decimal
    min_samples: int
    rule_set: str
    rule_set_title: str
    flagged: list[UnitGap]
    points: list[Point] = field(default_factory=list)
    low: int = 0
    ticks: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)  # (score, x, y)
    mean_gap: Decimal | None = None

    plot: int = PLOT
    margin: int = MARGIN

    @property
    def size(self) -> int:
        return PLOT + 2 * MARGIN

    @property
    def diagonal(self) -> tuple[int, int, int, int]:
        return (MARGIN, MARGIN + PLOT, MARGIN + PLOT, MARGIN)

    @property
    def flagged_units(self) -> set[str]:
        return {u.unit for u in self.flagged}


def _axis_low(scores: list[Decimal]) -> int:
    """The lower end of both axes: 10 points under the lowest score, in tens, at least 0."""
    lowest = min(scores, default=Decimal(100))
    return max(0, int(lowest // 10) * 10 - 10)


def round_board(user: Any, rnd: ReviewRound) -> Board:
    """Self-score vs re-score of every form re-scored in the round, and the units flagged under the
    rule set's rule (mean gap above ``overstatement_points`` over at least ``min_samples`` forms)."""
    rs = get_rule_set(rnd.rule_set_id)
    rule = rs.results_application.re_evaluation if rs.results_application else None
    if rule is None:
        raise ValueError(f"规则集“{rs.id}”没有规定抽评高估的判定标准（results_application.re_evaluation）")
    rescores = rescores_for(user, rnd)
    gaps = [Gap(r.item.unit.name, r.subject, r.self_score, r.re_score) for r in rescores]
    flagged = overstating_units(gaps, points=rule.overstatement_points, min_samples=rule.min_samples)
    names = {u.unit for u in flagged}
    scores = [r.self_score for r in rescores] + [r.re_score for r in rescores]
    low = _axis_low(scores)
    span = Decimal(100 - low)

    def x(score: Decimal) -> Decimal:
        return (Decimal(MARGIN) + (min(score, Decimal(100)) - low) * PLOT / span).quantize(Decimal("0.1"))

    def y(score: Decimal) -> Decimal:
        return (Decimal(MARGIN + PLOT) - (min(score, Decimal(100)) - low) * PLOT / span).quantize(
            Decimal("0.1")
        )

    board = Board(rule.overstatement_points, rule.min_samples, rs.id, rs.title, flagged, low=low)
    board.points = [Point(r, x(r.self_score), y(r.re_score), r.item.unit.name in names) for r in rescores]
    board.ticks = [(t, x(Decimal(t)), y(Decimal(t))) for t in range(low, 101, 10)]
    if gaps:
        board.mean_gap = (sum((g.gap for g in gaps), Decimal(0)) / len(gaps)).quantize(Decimal("0.01"))
    return board


@dataclass
class FormView:
    path: str
    label: str
    self_score: Decimal | None
    rows: list[Any]
    rescore: ReScore | None

    def row_re(self, key: str) -> dict[str, Any] | None:
        if self.rescore is None:
            return None
        return next((r for r in self.rescore.rows if r["key"] == key), None)


def item_forms(item: ReviewItem) -> list[FormView]:
    """The item's forms with their rows and, where entered, the re-score (a row's re-score beside it)."""
    done = {r.path: r for r in item.rescores.all()}
    out = []
    for f in forms_of(item):
        rescore = done.get(f.path)
        rows = []
        for row in f.rows:
            entered = next((r for r in (rescore.rows if rescore else []) if r["key"] == row.key), None)
            rows.append({"row": row, "entered": entered})
        out.append(FormView(f.path, f.label, f.self_score, rows, rescore))
    return out
