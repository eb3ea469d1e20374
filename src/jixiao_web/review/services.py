"""Services of 财政重点评价 and 抽评: everything that writes. Permissions are checked here, never in views.

Only the bureau's 财政绩效科 (its 管理员) keeps the registry of agencies and experts, draws samples,
assigns each sampled evaluation to the bureau itself or to a registered agency or expert, enters the
re-scores (the agency's report is entered by the bureau) and publishes the results to the units.

- :func:`round_draw`: the core's :func:`jixiao.monitoring.sampling.draw_sample` over the bureau's
  evaluations of the year that were submitted (not drafts, not returned), with the seed recorded — typed,
  or drawn at random and then recorded;
- :func:`item_assign`: refused with the reasons when the agency or expert is related to the unit (回避:
  works there, declared a relation, or sat on the unit's own evaluation panel);
- :func:`rescore_save`: the re-score of a form, typed as a total or row by row, always with a reason.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jixiao.monitoring.results import results_rule_set
from jixiao.monitoring.sampling import (
    Candidate,
    Conflict,
    ScoredForm,
    conflicts,
    draw_sample,
    re_score_total,
    scored_forms,
    size_band,
)
from jixiao.monitoring.sampling import Reviewer as CoreReviewer
from jixiao.rules import RuleSetError
from jixiao.rules.inputs import plain
from jixiao_web.evaluations.models import Evaluation, State, column_value
from jixiao_web.orgs.models import BudgetUnit, Bureau, Membership, Role
from jixiao_web.orgs.permissions import membership, require

from .models import Assignee, ReScore, Reviewer, ReviewerKind, ReviewItem, ReviewRound, Stratification

SAMPLED_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.APPROVED, State.PUBLISHED)
REASON_MIN_LENGTH = 4
MAX_SEED = 10**9


def _bureau_admin(user: Any, bureau: Bureau | None, action: str) -> Membership:
    m = membership(user)
    require(
        m is not None
        and m.role == Role.BUREAU_ADMIN
        and m.bureau_id is not None
        and (bureau is None or m.bureau_id == bureau.pk),
        f"只有本级财政绩效科管理员可以{action}",
    )
    assert m is not None
    return m


# ---------------------------------------------------------------- registry


def reviewer_register(
    *,
    user: Any,
    kind: str,
    name: str,
    organisation: str = "",
    related_units: list[int] | None = None,
    note: str = "",
) -> Reviewer:
    """Add an agency or expert to the bureau's registry, with the units it declares a relation to."""
    m = _bureau_admin(user, None, "管理评价机构和专家库")
    if kind not in ReviewerKind.values:
        raise ValidationError(f"未知的类别：{kind}（应为第三方机构或专家）")
    name = name.strip()
    if not name:
        raise ValidationError("请填写机构名称或专家姓名")
    if Reviewer.objects.filter(bureau_id=m.bureau_id, name=name).exists():
        raise ValidationError(f"库中已有“{name}”")
    units = list(BudgetUnit.objects.filter(pk__in=related_units or [], bureau_id=m.bureau_id))
    if len(units) != len(set(related_units or [])):
        raise ValidationError("关联单位须为本级财政的预算单位")
    with transaction.atomic():
        reviewer = Reviewer.objects.create(
            bureau_id=m.bureau_id,
            kind=kind,
            name=name,
            organisation=organisation.strip(),
            note=note.strip(),
            created_by=user,
        )
        reviewer.related_units.set(units)
    return reviewer


# ---------------------------------------------------------------- sample


def _stratum(evaluation: Evaluation, budget: Decimal | None, stratify_by: str, bounds: list[Decimal]) -> str:
    if stratify_by == Stratification.DESK:
        return evaluation.unit.desk.name if evaluation.unit.desk else "（未分配科室）"
    if stratify_by == Stratification.SIZE:
        return size_band(budget, bounds)
    return ""


def _budget(evaluation: Evaluation) -> Decimal | None:
    """The 全年预算数 (万元) of the overall form: the size a sample may be stratified by."""
    from jixiao.model import FundsRowKind
    from jixiao_web.evaluations.services import package_of

    package = package_of(evaluation)
    if package is None or package.overall is None or package.overall.funds is None:
        return None
    total = package.overall.funds.row(FundsRowKind.TOTAL)
    return total.annual_budget if total is not None else None


def candidates_for(bureau: Bureau, year: int) -> list[Evaluation]:
    """The bureau's evaluations of the year that a sample is drawn from: submitted, not drafts or returned."""
    return list(
        Evaluation.objects.filter(unit__bureau=bureau, year=year, state__in=SAMPLED_STATES)
        .select_related("unit", "unit__desk")
        .order_by("pk")
    )


def round_draw(
    *,
    user: Any,
    year: int,
    size: int,
    seed: int | None = None,
    stratify_by: str = "",
    size_bounds: list[Decimal] | None = None,
    title: str = "",
) -> ReviewRound:
    """Draw a reproducible sample of the bureau's evaluations of ``year`` and record how."""
    m = _bureau_admin(user, None, "抽取财政评价样本")
    assert m.bureau is not None
    if stratify_by not in Stratification.values:
        raise ValidationError(f"未知的分层方式：{stratify_by}")
    if size < 1:
        raise ValidationError("抽样数量至少为1")
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not 0 <= seed < MAX_SEED:
        raise ValidationError(f"随机种子应为0至{MAX_SEED - 1}之间的整数")
    bounds = sorted(size_bounds or [])
    if stratify_by == Stratification.SIZE and not bounds:
        raise ValidationError("按预算规模分层须给出分档界限（万元），如 100,1000")
    try:
        rs = results_rule_set(None, year=year)
    except RuleSetError as exc:
        raise ValidationError(str(exc)) from exc
    pool = candidates_for(m.bureau, year)
    if not pool:
        raise ValidationError(f"{year}年度本级没有已报送的绩效自评，无从抽取")
    by_key = {f"{e.pk:010d}": e for e in pool}
    sized = stratify_by == Stratification.SIZE  # the budget is read from the package only when needed
    cands = [
        Candidate(key, e.unit.name, _stratum(e, _budget(e) if sized else None, stratify_by, bounds))
        for key, e in by_key.items()
    ]
    sample = draw_sample(cands, size=size, seed=seed, stratify_by=stratify_by)  # type: ignore[arg-type]
    with transaction.atomic():
        rnd = ReviewRound.objects.create(
            bureau=m.bureau,
            year=year,
            title=title.strip() or f"{year}年度财政重点评价抽评",
            seed=seed,
            size=size,
            stratify_by=stratify_by,
            size_bounds=[format(b, "f") for b in bounds],
            population=sample.population,
            allocation=sample.allocation,
            candidates=[{"key": c.key, "label": c.label, "stratum": c.stratum} for c in cands],
            description=sample.describe(),
            rule_set_id=rs.id,
            rule_set_version=rs.version,
            rule_set_hash=rs.content_hash,
            created_by=user,
        )
        for c in sample.drawn:
            e = by_key[c.key]
            ReviewItem.objects.create(round=rnd, evaluation=e, unit=e.unit, stratum=c.stratum)
    return rnd


# ---------------------------------------------------------------- assignment


def panel_of(item: ReviewItem) -> list[str]:
    """The names on the unit's own evaluation panel for the year, and their organisations (an agency that
    did the unit's self-evaluation appears as an organisation)."""
    from jixiao_web.evaluations.services import package_of

    package = package_of(item.evaluation)
    panel: list[str] = []
    for person in package.evaluators if package is not None else []:
        panel.append(person.name)
        if person.organisation:
            panel.append(person.organisation)
    return panel


def conflicts_of(reviewer: Reviewer, item: ReviewItem, panel: list[str] | None = None) -> list[Conflict]:
    """Why the agency or expert may not re-evaluate the item's unit (empty: no conflict)."""
    core = CoreReviewer(
        name=reviewer.name,
        kind=reviewer.kind,  # type: ignore[arg-type]
        employer=reviewer.organisation or None,
        clients=tuple(u.name for u in reviewer.related_units.all()),
    )
    return conflicts(core, item.unit.name, panel=panel_of(item) if panel is None else panel)


def item_assign(*, item: ReviewItem, user: Any, reviewer: Reviewer | None = None) -> ReviewItem:
    """The bureau re-evaluates the item itself (``reviewer`` None) or entrusts an agency or expert of
    its registry — refused, naming the reasons, when they are related to the unit (回避)."""
    _bureau_admin(user, item.round.bureau, "委派评价")
    if item.round.published_at is not None:
        raise ValidationError("抽评结果已公开，不能再改变评价方")
    if item.rescores.exists():
        raise ValidationError("该评价已有复评得分，不能再改变评价方")
    if reviewer is not None:
        require(reviewer.bureau_id == item.round.bureau_id, "只能委派本级评价机构和专家库中的机构或专家")
        found = conflicts_of(reviewer, item)
        if found:
            raise ValidationError(
                f"“{reviewer.name}”须回避，不能评价{item.unit.name}：" + "；".join(c.reason for c in found)
            )
    item.assignee = Assignee.REVIEWER if reviewer is not None else Assignee.BUREAU
    item.reviewer = reviewer
    item.assigned_by = user
    item.assigned_at = timezone.now()
    item.save(update_fields=["assignee", "reviewer", "assigned_by", "assigned_at"])
    return item


# ---------------------------------------------------------------- re-scores


def forms_of(item: ReviewItem) -> list[ScoredForm]:
    from jixiao_web.evaluations.services import package_of

    package = package_of(item.evaluation)
    return scored_forms(package) if package is not None else []


@dataclass(frozen=True)
class RowScore:
    """A row re-scored: its re-score and why."""

    re_score: Decimal
    reason: str = ""


def _score(value: Decimal, what: str) -> Decimal:
    stored = column_value(ReScore._meta.get_field("re_score"), value)
    assert stored is not None
    if stored < 0:
        raise ValidationError(f"{what}不能为负数")
    return stored


def rescore_save(
    *,
    item: ReviewItem,
    user: Any,
    path: str,
    reason: str,
    total: Decimal | None = None,
    rows: dict[str, RowScore] | None = None,
) -> ReScore:
    """The re-score of one form of the item: row by row (each row within its 分值, a reason for each row
    scored differently) or as a total, always with a reason."""
    _bureau_admin(user, item.round.bureau, "录入复评得分")
    if item.round.published_at is not None:
        raise ValidationError("抽评结果已公开，不能再修改复评得分")
    if not item.assignee:
        raise ValidationError("请先委派评价方（财政部门自行评价或第三方机构、专家）")
    form = next((f for f in forms_of(item) if f.path == path), None)
    if form is None:
        raise ValidationError("该评价中没有这张自评表")
    if form.self_score is None:
        raise ValidationError(f"{form.label}没有自评总分，无法比较自评与复评")
    if len(reason.strip()) < REASON_MIN_LENGTH:
        raise ValidationError(f"请写明复评理由（不少于{REASON_MIN_LENGTH}个字）")
    by_key = {r.key: r for r in form.rows}
    problems: list[str] = []
    pairs: dict[str, tuple[Decimal | None, Decimal]] = {}
    shown: list[dict[str, Any]] = []
    for key, given in (rows or {}).items():
        row = by_key.get(key)
        if row is None:
            problems.append(f"没有这一行：{key}")
            continue
        value = _score(given.re_score, f"“{row.label}”的复评得分")
        if row.max_score is not None and value > row.max_score:
            problems.append(f"“{row.label}”的复评得分{value}超过分值{row.max_score}")
        if value != row.self_score and len(given.reason.strip()) < 2:
            problems.append(f"“{row.label}”的复评得分与自评不同，请写明理由")
        pairs[key] = (row.self_score, value)
        shown.append(
            {
                "key": key,
                "label": row.label,
                "max": None if row.max_score is None else plain(row.max_score),
                "self": None if row.self_score is None else plain(row.self_score),
                "re": plain(value),
                "reason": given.reason.strip(),
            }
        )
    if problems:
        raise ValidationError(problems)
    if not pairs and total is not None:
        total = _score(total, "复评总分")
        if total > 100:
            raise ValidationError("复评总分不能超过100分")
    try:
        re_total = re_score_total(form.self_score, pairs, total)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    rescore, _ = ReScore.objects.update_or_create(
        item=item,
        path=path,
        defaults={
            "subject": form.label,
            "self_score": column_value(ReScore._meta.get_field("self_score"), form.self_score),
            "re_score": _score(re_total, "复评得分"),
            "reason": reason.strip(),
            "rows": shown,
            "scored_by": user,
        },
    )
    return rescore


def round_publish(*, round: ReviewRound, user: Any) -> ReviewRound:
    """Publish the results: each unit then sees its own re-scores and gaps."""
    _bureau_admin(user, round.bureau, "公开抽评结果")
    if round.published_at is not None:
        raise ValidationError("抽评结果已经公开")
    if not ReScore.objects.filter(item__round=round).exists():
        raise ValidationError("还没有任何复评得分，不能公开")
    round.published_at = timezone.now()
    round.save(update_fields=["published_at"])
    return round
