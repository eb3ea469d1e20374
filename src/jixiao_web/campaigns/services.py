"""Campaign services: issue the annual self-evaluation notice (自评通知) and check its contents.

The notice check implements the 布置工作·自评通知 rows of the prefecture's 绩效自评工作考核评分表
(seed 000, 附件9): “印发绩效自评通知的得2分”; “绩效自评通知包括自评范围、自评主要依据、自评主要
内容、自评程序和步骤、有关要求等内容，并附有本规程要求的附件的，得6分；否则缺1项扣1分，最多扣6分”.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jixiao.model import EvaluationPackage, Unit
from jixiao_web.orgs.models import BudgetUnit, Bureau, Role
from jixiao_web.orgs.permissions import membership

from .models import Campaign

NOTICE_ITEMS: list[tuple[str, str]] = [
    ("scope", "自评范围"),
    ("basis", "自评主要依据"),
    ("content", "自评主要内容"),
    ("procedure", "自评程序和步骤"),
    ("requirements", "有关要求"),
    ("attachments", "附件"),
]


# The parts of the package a notice may require before a unit can submit: (key, 中文, is it filled?)
REQUIRED_PARTS: list[tuple[str, str]] = [
    ("unit", "单位基本情况（编制数、实有人数）"),
    ("budget", "收支与基础数据表"),
    ("three_public", "“三公”经费表"),
    ("overall", "整体支出绩效自评表（绩效指标）"),
    ("projects", "项目支出绩效自评表"),
    ("reports", "自评报告正文"),
]
DEFAULT_REQUIRED_PARTS = ["unit", "overall"]
PART_LABELS = dict(REQUIRED_PARTS)


def _part_filled(key: str, package: EvaluationPackage) -> bool:
    if key == "unit":
        return package.unit.authorized_staff is not None or package.unit.actual_staff is not None
    if key == "budget":
        return package.expenditure is not None or package.income is not None or package.base_data is not None
    if key == "three_public":
        return any(t.rows for t in package.three_public_tables)
    if key == "overall":
        return package.overall is not None and bool(package.overall.indicators)
    if key == "projects":
        return any(p.indicators for p in package.projects)
    if key == "reports":
        return any(r.sections for r in package.reports)
    return True


def missing_parts(campaign: Campaign | None, package: EvaluationPackage | None) -> list[str]:
    """The parts the notice requires that the package leaves empty (Chinese names); a package with
    nothing in it lacks them all. A notice that names none requires the default parts; an evaluation
    no notice asked for (created by hand or through the API) has no required parts."""
    if campaign is None:
        return []
    keys = list(campaign.required_parts or []) or DEFAULT_REQUIRED_PARTS
    if package is None:
        return [PART_LABELS.get(k, k) for k in keys]
    return [PART_LABELS.get(k, k) for k in keys if not _part_filled(k, package)]


@dataclass(frozen=True)
class NoticeItem:
    key: str
    label: str
    present: bool


def notice_check(campaign: Campaign) -> list[NoticeItem]:
    """Each content the 考核评分表 asks of a notice, and whether this notice has it."""
    out = []
    for key, label in NOTICE_ITEMS:
        value = getattr(campaign, key)
        present = (
            bool([a for a in value if str(a).strip()])
            if isinstance(value, list)
            else bool(str(value).strip())
        )
        out.append(NoticeItem(key, label, present))
    return out


def notice_problems(
    *, title: str, year: int, deadline: date, contents: dict[str, Any], today: date | None = None
) -> list[str]:
    """What stops a notice from being issued (Chinese): no title, an odd year, a deadline not in the
    future, or any content the 考核评分表 requires missing (自评范围 … 附件)."""
    from django.utils import timezone

    problems = []
    if not title.strip():
        problems.append("请填写通知标题")
    if not 1990 <= year <= 2100:
        problems.append("评价年度不合理")
    day = today or timezone.localdate()
    if deadline <= day:
        problems.append(f"报送截止日期（{deadline:%Y-%m-%d}）应晚于今天（{day:%Y-%m-%d}）")
    for key, label in NOTICE_ITEMS:
        value = contents.get(key)
        present = (
            bool([a for a in value if str(a).strip()])
            if isinstance(value, list)
            else bool(str(value or "").strip())
        )
        if not present:
            problems.append(f"通知缺少“{label}”（考核评分表要求通知写明）")
    return problems


def notice_score(campaign: Campaign) -> Decimal:
    """自评通知 score out of 8: 2 for issuing it, 6 less 1 per missing content."""
    missing = sum(1 for item in notice_check(campaign) if not item.present)
    return Decimal(2) + Decimal(max(0, 6 - missing))


def _bureau_for(user: Any, bureau: Bureau | None) -> Bureau:
    m = membership(user)
    if m is None or m.role not in (Role.BUREAU_ADMIN, Role.SYSTEM_ADMIN):
        raise PermissionDenied("只有财政绩效科管理员可以印发自评通知")
    if m.role == Role.BUREAU_ADMIN:
        if m.bureau is None or (bureau is not None and bureau.pk != m.bureau_id):
            raise PermissionDenied("只能为本财政局印发自评通知")
        return m.bureau
    if bureau is None:
        raise ValidationError("请选择财政局")
    return bureau


@transaction.atomic
def campaign_create(
    *,
    user: Any,
    title: str,
    year: int,
    deadline: date,
    bureau: Bureau | None = None,
    units: list[BudgetUnit] | None = None,
    document_number: str = "",
    scope: str = "",
    basis: str = "",
    content: str = "",
    procedure: str = "",
    requirements: str = "",
    attachments: list[str] | None = None,
    rule_sets: list[str] | None = None,
    required_parts: list[str] | None = None,
    today: date | None = None,
    confirm_incomplete: bool = False,
) -> Campaign:
    """Issue a notice to units of the user's bureau; each unit without an evaluation that year gets a draft.

    The notice is checked first (:func:`notice_problems`): a deadline that is not in the future is
    refused; a notice lacking contents the 考核评分表 requires is issued only when the bureau confirms
    it (``confirm_incomplete``), and then scores less."""
    from django.utils import timezone

    from jixiao_web.evaluations.models import Evaluation
    from jixiao_web.evaluations.services import evaluation_create

    the_bureau = _bureau_for(user, bureau)
    chosen = list(units) if units is not None else list(the_bureau.units.all())
    if any(u.bureau_id != the_bureau.pk for u in chosen):
        raise PermissionDenied("只能向本财政局所辖单位印发通知")
    problems = notice_problems(
        title=title,
        year=year,
        deadline=deadline,
        contents={
            "scope": scope,
            "basis": basis,
            "content": content,
            "procedure": procedure,
            "requirements": requirements,
            "attachments": [a for a in (attachments or []) if a.strip()],
        },
        today=today,
    )
    blocking = [p for p in problems if not p.startswith("通知缺少")]
    if blocking or (problems and not confirm_incomplete):
        raise ValidationError(problems)
    campaign = Campaign.objects.create(
        bureau=the_bureau,
        year=year,
        title=title.strip(),
        document_number=document_number,
        scope=scope,
        basis=basis,
        content=content,
        procedure=procedure,
        requirements=requirements,
        attachments=[a for a in (attachments or []) if a.strip()],
        rule_sets=rule_sets or [],
        required_parts=[p for p in (required_parts or DEFAULT_REQUIRED_PARTS) if p in PART_LABELS],
        deadline=deadline,
        issued_at=timezone.now(),
    )
    campaign.units.set(chosen)
    for unit in chosen:
        existing = Evaluation.objects.filter(unit=unit, year=year).first()
        if existing is None:
            package = EvaluationPackage(
                year=year, unit=Unit(name=unit.name, budget_code=unit.budget_code or None)
            )
            evaluation_create(
                unit=unit,
                year=year,
                package=package,
                author=user,
                campaign=campaign,
                message="根据自评通知创建",
            )
        elif existing.campaign_id is None:
            existing.campaign = campaign
            existing.save(update_fields=["campaign"])
    return campaign
