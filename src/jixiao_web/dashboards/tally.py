"""Keeping the dashboards' aggregates current (see :mod:`jixiao_web.dashboards.models`).

- :func:`evaluation_counted` — the evaluation services call it after an evaluation is created,
  saved or moves state. It compares what the evaluation contributes now with what was counted
  last time (its :class:`EvaluationTally`) and adds the difference to the group counters in one
  upsert, so concurrent saves in the same group never overwrite each other. It never makes a save
  fail: if counting goes wrong it is logged and the next count of that evaluation puts it right.
- :func:`findings_seen` — the services hand over the findings they computed for a revision, so
  counting them costs no second check.
- :func:`campaign_reach_refresh` — the number of units each notice is addressed to (the
  denominator of 报送进度), recounted when a notice's units change.
- :func:`rebuild` — everything recomputed from the evaluations (``manage.py dashboards_rebuild``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction

from jixiao_web.evaluations.models import Evaluation, State

from .models import NO_CAMPAIGN, DashboardCounter, DashboardStamp, EvaluationTally

log = logging.getLogger(__name__)

GRADES = ["优", "良", "中", "差"]
SUBMITTED_STATES = {State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED, State.APPROVED, State.PUBLISHED}
Bucket = tuple[str, Decimal | None, Decimal | None]
SCORE_BUCKETS: list[Bucket] = [
    ("60分以下", None, Decimal(60)),
    ("60–70分", Decimal(60), Decimal(70)),
    ("70–80分", Decimal(70), Decimal(80)),
    ("80–90分", Decimal(80), Decimal(90)),
    ("90–95分", Decimal(90), Decimal(95)),
    ("95–100分", Decimal(95), Decimal(100)),
    ("100分", Decimal(100), None),
]
EXECUTION_BUCKETS: list[Bucket] = [
    ("60%以下", None, Decimal(60)),
    ("60%–80%", Decimal(60), Decimal(80)),
    ("80%–90%", Decimal(80), Decimal(90)),
    ("90%–95%", Decimal(90), Decimal(95)),
    ("95%–100%", Decimal(95), Decimal(100)),
    ("100%及以上", Decimal(100), None),
]
LIMIT = Decimal(10) ** 25  # larger figures (typing slips) are not summed: they would drown the rest
FINDINGS_ATTRIBUTE = "_dashboard_findings"
Group = tuple[int, int, int, int]  # year, bureau, jurisdiction, campaign (0: none)


def _figure(value: Any) -> Decimal | None:
    """A stored figure the counters can use: finite, not absurdly large; anything else counts as missing."""
    if value is None:
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite() or abs(number) >= LIMIT:
            return None
        return number
    except (InvalidOperation, ValueError, TypeError):
        return None


def bucket_of(value: Decimal | None, buckets: list[Bucket]) -> int | None:
    if value is None:
        return None
    for i, (_, low, high) in enumerate(buckets):
        if (low is None or value >= low) and (high is None or value < high):
            return i
    return None


@dataclass
class Contribution:
    """The figures of one evaluation the counters are made of."""

    group: Group
    state: str
    sent: bool
    days_late: int
    self_score: Decimal | None
    computed_score: Decimal | None
    grade: str
    execution_rate: Decimal | None
    three_public_actual: Decimal | None
    error_count: int
    warning_count: int
    findings: dict[str, int] = field(default_factory=dict)
    findings_counted: bool = True

    def metrics(self) -> dict[str, Decimal]:
        one = Decimal(1)
        m: dict[str, Decimal] = defaultdict(Decimal)
        m["total"] += one
        m[f"state:{self.state}"[:80]] += one
        if self.sent:
            m["progress:late" if self.days_late > 0 else "progress:on_time"] += one
        else:
            m["progress:unsent"] += one
        for name, value in (("self", self.self_score), ("computed", self.computed_score)):
            i = bucket_of(value, SCORE_BUCKETS)
            if i is not None:
                m[f"{name}:{i}"] += one
        m[f"grade:{self.grade if self.grade in GRADES else 'other'}"] += one
        i = bucket_of(self.execution_rate, EXECUTION_BUCKETS)
        m["execution:missing" if i is None else f"execution:{i}"] += one
        m["errors"] += Decimal(self.error_count)
        m["warnings"] += Decimal(self.warning_count)
        if self.three_public_actual is not None:
            m["three_public:sum"] += self.three_public_actual
            m["three_public:n"] += one
        for key, n in self.findings.items():
            category, _, severity = key.partition("|")
            m[f"finding:{category[:40]}:{severity[:20]}"] += Decimal(n)
        if not self.findings_counted:
            m["findings:uncounted"] += one
        return dict(m)


def findings_key_counts(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[f"{f.get('category') or ''}|{f.get('severity') or ''}"] += 1
    return dict(counts)


def _sent(state: str, submitted_at: Any) -> bool:
    return state in SUBMITTED_STATES or submitted_at is not None


def _contribution_of_tally(t: EvaluationTally) -> Contribution:
    return Contribution(
        group=(t.year, t.bureau_id, t.jurisdiction_id, t.campaign_id),
        state=t.state,
        sent=t.sent,
        days_late=t.days_late,
        self_score=_figure(t.self_score),
        computed_score=_figure(t.computed_score),
        grade=t.grade,
        execution_rate=_figure(t.execution_rate),
        three_public_actual=_figure(t.three_public_actual),
        error_count=t.error_count,
        warning_count=t.warning_count,
        findings=dict(t.findings or {}),
        findings_counted=t.revision_id is not None,
    )


def _tally_row(
    evaluation_id: int,
    unit: tuple[int, int, str],
    values: Mapping[str, Any],
    findings: dict[str, int] | None,
    revision_id: int | None,
) -> EvaluationTally:
    bureau_id, jurisdiction_id, unit_name = unit
    self_score, computed = _figure(values["self_score"]), _figure(values["computed_score"])
    return EvaluationTally(
        evaluation_id=evaluation_id,
        unit_id=values["unit_id"],
        unit_name=unit_name[:200],
        jurisdiction_id=jurisdiction_id,
        year=values["year"],
        bureau_id=bureau_id,
        campaign_id=values["campaign_id"] or NO_CAMPAIGN,
        state=str(values["state"])[:20],
        sent=_sent(values["state"], values["submitted_at"]),
        days_late=values["days_late"] or 0,
        self_score=self_score,
        computed_score=computed,
        rank_score=computed if computed is not None else self_score,
        grade=(values["grade"] or "")[:20],
        execution_rate=_figure(values["execution_rate"]),
        three_public_actual=_figure(values["three_public_actual"]),
        three_public_last_year=_figure(values["three_public_last_year"]),
        error_count=values["error_count"] or 0,
        warning_count=values["warning_count"] or 0,
        findings=findings or {},
        revision_id=revision_id if findings is not None else None,
    )


FIELDS = [
    "unit_id",
    "year",
    "campaign_id",
    "state",
    "submitted_at",
    "days_late",
    "self_score",
    "computed_score",
    "grade",
    "execution_rate",
    "three_public_actual",
    "three_public_last_year",
    "error_count",
    "warning_count",
    "current_revision_id",
]


def stamp(pairs: Iterable[tuple[int, int]]) -> None:
    """Give each (year, bureau) a new random token (see :class:`DashboardStamp`): the dashboards that
    cover it are computed afresh. Called in the transaction that changes its counters or tallies."""
    import secrets

    rows = sorted(set(pairs))
    table = DashboardStamp._meta.db_table
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        params: list[Any] = []
        for year, bureau in chunk:
            params += [year, bureau, secrets.randbits(62)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (year, bureau_id, token) VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
                "ON CONFLICT (year, bureau_id) DO UPDATE SET token = EXCLUDED.token",
                params,
            )


def apply(deltas: Mapping[tuple[Group, str], Decimal]) -> None:
    """Add to the counters in one statement (rows sorted, so concurrent upserts take locks in one order),
    and stamp every (year, bureau) the deltas name — even where they add up to nothing, as a tally
    may have changed within its buckets (a score that moves up the ranking)."""
    stamp((group[0], group[1]) for group, _ in deltas)
    rows = sorted((k, v) for k, v in deltas.items() if v)
    table = DashboardCounter._meta.db_table
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (group, metric), value in chunk:
            params += [*group, metric, value]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (year, bureau_id, jurisdiction_id, campaign_id, metric, value) "
                f"VALUES {values} ON CONFLICT (year, bureau_id, jurisdiction_id, campaign_id, metric) "
                f"DO UPDATE SET value = {table}.value + EXCLUDED.value",
                params,
            )


def findings_seen(evaluation: Evaluation, findings: list[dict[str, Any]]) -> None:
    """Remember the findings just computed for the evaluation's current revision (for :func:`evaluation_counted`)."""
    setattr(evaluation, FINDINGS_ATTRIBUTE, (evaluation.current_revision_id, findings))


def _findings_of(evaluation: Evaluation, old: EvaluationTally | None) -> dict[str, int] | None:
    revision_id = evaluation.current_revision_id
    if revision_id is None:
        return {}
    seen = getattr(evaluation, FINDINGS_ATTRIBUTE, None)
    if seen is not None and seen[0] == revision_id:
        return findings_key_counts(seen[1])
    if old is not None and old.revision_id == revision_id:
        return dict(old.findings or {})
    from jixiao_web.evaluations import engine
    from jixiao_web.evaluations.services import package_of

    package = package_of(Evaluation.objects.select_related("current_revision").get(pk=evaluation.pk))
    return findings_key_counts(engine.check(package)) if package is not None else {}


def evaluation_counted(evaluation: Evaluation) -> None:
    """Bring the counters up to date with one evaluation (call after saving it, in its transaction)."""
    try:
        with transaction.atomic():
            _count(evaluation)
    except Exception:  # counting must never lose a save; the next count of this evaluation repairs it
        log.exception("dashboard counters not updated for evaluation %s", evaluation.pk)


def _count(evaluation: Evaluation) -> None:
    from jixiao_web.orgs.models import BudgetUnit

    old = EvaluationTally.objects.select_for_update().filter(pk=evaluation.pk).first()
    unit = BudgetUnit.objects.values_list("bureau_id", "jurisdiction_id", "name").get(pk=evaluation.unit_id)
    values = {name: getattr(evaluation, name) for name in FIELDS}
    try:
        findings = _findings_of(evaluation, old)
    except Exception:
        log.exception("findings not counted for evaluation %s", evaluation.pk)
        findings = None
    new = _tally_row(evaluation.pk, unit, values, findings, evaluation.current_revision_id)
    deltas: dict[tuple[Group, str], Decimal] = defaultdict(Decimal)
    if old is not None:
        previous = _contribution_of_tally(old)
        for metric, value in previous.metrics().items():
            deltas[(previous.group, metric)] -= value
    current = _contribution_of_tally(new)
    for metric, value in current.metrics().items():
        deltas[(current.group, metric)] += value
    apply(deltas)
    new.save(force_insert=old is None)


def forget(tally: EvaluationTally) -> None:
    """Subtract what a tally contributed (its evaluation is being deleted)."""
    contribution = _contribution_of_tally(tally)
    apply({(contribution.group, m): -v for m, v in contribution.metrics().items()})


# ---------------------------------------------------------------- notices: units addressed


def campaign_reach_refresh(campaign_ids: Iterable[int]) -> None:
    """Recount the units each notice is addressed to, per (bureau, jurisdiction) of the units."""
    from django.db.models import Count

    from jixiao_web.campaigns.models import Campaign

    ids = sorted(set(campaign_ids))
    if not ids:
        return
    with transaction.atomic():
        addressed = DashboardCounter.objects.filter(campaign_id__in=ids, metric="addressed")
        stamp(addressed.values_list("year", "bureau_id").distinct().order_by())  # those that go
        addressed.delete()
        rows = (
            Campaign.units.through.objects.filter(campaign_id__in=ids)
            .values_list(
                "campaign__year", "budgetunit__bureau_id", "budgetunit__jurisdiction_id", "campaign_id"
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        apply({((y, b, j, c), "addressed"): Decimal(n) for y, b, j, c, n in rows})


# ---------------------------------------------------------------- rebuild


@dataclass
class RebuildReport:
    evaluations: int = 0
    checked: int = 0
    uncounted: int = 0


def rebuild(*, check: bool = True, chunk: int = 2000) -> RebuildReport:
    """Recompute every tally and counter from the evaluations.

    Findings already counted for an evaluation's current revision are kept; the others are checked
    again when ``check`` (slow: one check per package) or else marked as not counted.
    """
    from jixiao_web.campaigns.models import Campaign

    report = RebuildReport()
    with transaction.atomic():
        kept = {
            pk: (revision_id, findings)
            for pk, revision_id, findings in EvaluationTally.objects.values_list(
                "pk", "revision_id", "findings"
            ).iterator(chunk_size=chunk)
        }
        stamp(DashboardStamp.objects.values_list("year", "bureau_id"))  # also groups that go
        with connection.cursor() as cursor:  # no per-row signals: the counters are rebuilt anyway
            cursor.execute(f"DELETE FROM {EvaluationTally._meta.db_table}")
            cursor.execute(f"DELETE FROM {DashboardCounter._meta.db_table}")
        totals: dict[tuple[Group, str], Decimal] = defaultdict(Decimal)
        batch: list[EvaluationTally] = []
        rows = (
            Evaluation.objects.order_by("pk")
            .values("pk", *FIELDS, "unit__bureau_id", "unit__jurisdiction_id", "unit__name")
            .iterator(chunk_size=chunk)
        )
        for values in rows:
            report.evaluations += 1
            revision_id = values["current_revision_id"]
            findings: dict[str, int] | None
            previous = kept.get(values["pk"])
            if revision_id is None:
                findings = {}
            elif previous is not None and previous[0] == revision_id:
                findings = dict(previous[1] or {})
            elif check:
                findings = _check(values["pk"])
                report.checked += 1
            else:
                findings = None
            if findings is None:
                report.uncounted += 1
            unit = (values["unit__bureau_id"], values["unit__jurisdiction_id"], values["unit__name"])
            tally = _tally_row(values["pk"], unit, values, findings, revision_id)
            contribution = _contribution_of_tally(tally)
            for metric, value in contribution.metrics().items():
                totals[(contribution.group, metric)] += value
            batch.append(tally)
            if len(batch) >= chunk:
                EvaluationTally.objects.bulk_create(batch)
                batch = []
        EvaluationTally.objects.bulk_create(batch)
        apply(totals)
        campaign_reach_refresh(Campaign.objects.values_list("pk", flat=True))
    return report


def _check(pk: int) -> dict[str, int]:
    from jixiao_web.evaluations import engine
    from jixiao_web.evaluations.services import package_of

    try:
        package = package_of(Evaluation.objects.select_related("current_revision").get(pk=pk))
    except Exception:  # a revision that is not a valid package any more: nothing to count
        log.exception("package of evaluation %s unreadable", pk)
        return {}
    return findings_key_counts(engine.check(package)) if package is not None else {}
