"""Services of the target round: everything that writes. Views and the API call these and nothing else.

The filing's workflow is an explicit state machine (:data:`TRANSITIONS`) that only these functions move,
every move logged (财预〔2015〕88号: 申报 → 审核 → 批复; 调整 with the budget). Permissions are checked
here: the unit (填报人, 负责人) fills and its head submits; the unit's desk (归口科室) or the bureau's 绩效科
reviews with an opinion per indicator (通过 / 修改后通过 / 不通过, a reason for the last two) and approves;
the 绩效科 publishes. The system administrator sees everything and acts for no one. The person who
submitted a filing never approves it.

At year end :func:`filing_carry_into_evaluation` starts the unit's self-evaluation from the approved
targets (copied; the checker's TGT012 reports any target the form then prints differently).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from jixiao.model import EvaluationPackage, Unit, negative_values
from jixiao.model.io import chinese_error
from jixiao.model.targets import (
    TargetAdjustment,
    TargetDeclaration,
    declaration_from_form,
    form_from_declaration,
)
from jixiao_web.evaluations.services import ConflictError, WorkflowError
from jixiao_web.orgs.models import BudgetUnit, Bureau, Membership, Role
from jixiao_web.orgs.permissions import membership, require

from . import selectors
from .models import (
    AdjustmentState,
    BureauIndicator,
    BureauIndicatorChange,
    FilingRevision,
    FilingState,
    FilingTransition,
    IndicatorOpinion,
    LibraryChangeAction,
    LibraryEntryState,
    TargetAdjustmentRequest,
    TargetFiling,
    TargetRound,
    Verdict,
)

TRANSITIONS: dict[str, set[str]] = {
    FilingState.DRAFT: {FilingState.SUBMITTED},
    FilingState.SUBMITTED: {FilingState.UNDER_REVIEW},
    FilingState.UNDER_REVIEW: {FilingState.RETURNED, FilingState.APPROVED},
    FilingState.RETURNED: {FilingState.SUBMITTED},
    FilingState.APPROVED: {FilingState.PUBLISHED},
    FilingState.PUBLISHED: set(),
}
EDITABLE = (FilingState.DRAFT, FilingState.RETURNED)
UNIT_ROLES = (Role.PREPARER, Role.UNIT_HEAD)
DESK_ROLES = (Role.REVIEWER, Role.BUREAU_ADMIN)
MAX_DECLARATIONS = 200
_DECLARATIONS = TypeAdapter(list[TargetDeclaration])


# ---------------------------------------------------------------- permissions


def _member(user: Any, unit: BudgetUnit, roles: tuple[str, ...], action: str) -> Membership:
    """The user's membership when it covers ``unit`` and its role may take ``action``; else PermissionDenied."""
    m = membership(user)
    require(m is not None and selectors.can_view_unit(user, unit), f"无权访问该单位的绩效目标（{action}）")
    assert m is not None
    if m.role == Role.SYSTEM_ADMIN:
        raise PermissionDenied(f"系统管理员负责系统管理，不代替单位或审核人员{action}")
    require(m.role in roles, f"当前角色“{m.get_role_display()}”不能{action}")
    return m


# ---------------------------------------------------------------- declarations


def validate_declarations(data: Any) -> list[TargetDeclaration]:
    """JSON data as a list of declarations; ``ValidationError`` with Chinese messages and places."""
    if not isinstance(data, list):
        raise ValidationError("绩效目标申报表应为列表")
    if len(data) > MAX_DECLARATIONS:
        raise ValidationError(f"申报表过多（最多{MAX_DECLARATIONS}张）")
    try:
        declarations = _DECLARATIONS.validate_python(data)
    except PydanticValidationError as exc:
        problems = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}：{chinese_error(err['type'], err['msg'], err.get('ctx'))}")
        raise ValidationError(problems) from exc
    negatives = [
        item for i, d in enumerate(declarations) for item in negative_values(d, f"第{i + 1}张申报表")
    ]
    if negatives:
        raise ValidationError([f"{item.path}：不能为负数（填写的是{item.value}）" for item in negatives[:20]])
    return declarations


def _dump(declarations: list[TargetDeclaration]) -> list[Any]:
    data: list[Any] = json.loads(_DECLARATIONS.dump_json(declarations, exclude_defaults=True))
    return data


def _refresh_counts(filing: TargetFiling, declarations: list[TargetDeclaration]) -> None:
    findings = selectors.filing_findings(filing, declarations)
    filing.indicator_count = sum(len(d.indicators) for d in declarations)
    filing.with_basis_count = sum(
        1 for d in declarations for i in d.indicators if i.basis is not None or (i.basis_raw or "").strip()
    )
    filing.below_history_count = sum(1 for f in findings if f.code == "YOY001")
    filing.error_count = sum(1 for f in findings if f.severity.value == "error")
    filing.warning_count = sum(1 for f in findings if f.severity.value == "warning")


def _write(
    filing: TargetFiling,
    user: Any,
    declarations: list[TargetDeclaration],
    message: str,
    *,
    conflict: bool = False,
) -> FilingRevision:
    last = filing.revisions.order_by("-number").first()
    number = (last.number if last else 0) + 1
    revision = FilingRevision.objects.create(
        filing=filing,
        number=number,
        data=_dump(declarations),
        author=user,
        message=message[:300],
        conflict=conflict,
    )
    if not conflict:
        filing.data = revision.data
        filing.revision = number
        _refresh_counts(filing, declarations)
        filing.save()
    return revision


def _move(filing: TargetFiling, user: Any, to_state: str, comment: str = "") -> None:
    if to_state not in TRANSITIONS[filing.state]:
        raise WorkflowError(f"不能从“{FilingState(filing.state).label}”变为“{FilingState(to_state).label}”")
    FilingTransition.objects.create(
        filing=filing, from_state=filing.state, to_state=to_state, actor=user, comment=comment
    )
    filing.state = to_state


def _locked(filing: TargetFiling) -> TargetFiling:
    return TargetFiling.objects.select_for_update().select_related("unit", "round").get(pk=filing.pk)


# ---------------------------------------------------------------- the round


def _starting_declarations(unit: BudgetUnit, year: int) -> tuple[list[TargetDeclaration], str]:
    """Last year's approved targets, else the targets last year's self-evaluation printed, else nothing."""
    last = TargetFiling.objects.filter(unit=unit, year=year - 1, state__in=selectors.APPROVED_STATES).first()
    if last is not None:
        decls = [
            d.model_copy(
                update={"year": year, "approved": False, "approval_reference": None, "adjustments": []}
            )
            for d in validate_declarations(last.data)
        ]
        return decls, f"沿用{year - 1}年度批复的绩效目标"
    package = selectors.evaluation_package(unit, year - 1)
    if package is not None and package.evaluations():
        return [
            declaration_from_form(f, year=year) for f in package.evaluations()
        ], f"沿用{year - 1}年度自评表的指标"
    return [], "新建"


@transaction.atomic
def round_open(
    *,
    user: Any,
    year: int,
    title: str,
    deadline: date,
    units: list[BudgetUnit] | None = None,
    bureau: Bureau | None = None,
) -> TargetRound:
    """绩效科 opens the year's target round: one filing per unit, started from last year's targets."""
    m = membership(user)
    if m is None or m.role != Role.BUREAU_ADMIN or m.bureau is None:
        raise PermissionDenied("只有财政绩效科管理员可以发布绩效目标申报通知")
    if bureau is not None and bureau.pk != m.bureau_id:
        raise PermissionDenied("只能为本财政局发布")
    if not title.strip():
        raise ValidationError("请填写通知标题")
    if not 1990 <= year <= 2100:
        raise ValidationError("预算年度不合理")
    if TargetRound.objects.filter(bureau=m.bureau, year=year).exists():
        raise WorkflowError(f"{year}年度的绩效目标申报已发布")
    chosen = list(units) if units is not None else list(m.bureau.units.all())
    if any(u.bureau_id != m.bureau_id for u in chosen):
        raise PermissionDenied("只能向本财政局所辖单位发布")
    target_round = TargetRound.objects.create(
        bureau=m.bureau, year=year, title=title.strip()[:200], deadline=deadline, opened_by=user
    )
    target_round.units.set(chosen)
    for unit in chosen:
        filing = TargetFiling.objects.create(round=target_round, unit=unit, year=year)
        declarations, message = _starting_declarations(unit, year)
        _write(filing, user, declarations, message)
    return target_round


# ---------------------------------------------------------------- the unit


@dataclass
class SaveResult:
    revision: FilingRevision


def filing_save(
    *, filing: TargetFiling, user: Any, data: Any, based_on: int, message: str = ""
) -> SaveResult:
    """Save the declarations as a new revision; a save based on an old revision is kept as a conflict."""
    _member(user, filing.unit, UNIT_ROLES, "填报绩效目标")
    if isinstance(based_on, bool) or not isinstance(based_on, int) or not 0 <= based_on < 2**31:
        raise ValidationError(f"所依据的版本号应为非负整数（收到的是 {based_on}）")
    declarations = validate_declarations(data)
    conflict: ConflictError | None = None
    with transaction.atomic():
        locked = _locked(filing)
        if locked.state not in EDITABLE:
            raise WorkflowError(f"“{FilingState(locked.state).label}”的申报表不能修改；批复后请申请目标调整")
        if based_on != locked.revision:
            kept = _write(locked, user, declarations, message or "冲突版本", conflict=True)
            conflict = ConflictError(locked.revision, based_on, kept.number)
        else:
            revision = _write(locked, user, declarations, message or "保存")
    if conflict is not None:
        raise conflict
    return SaveResult(revision)


@transaction.atomic
def filing_submit(*, filing: TargetFiling, user: Any, today: date | None = None) -> TargetFiling:
    """单位负责人报送: only with at least one indicator and no error-level finding."""
    _member(user, filing.unit, (Role.UNIT_HEAD,), "报送")
    filing = _locked(filing)
    declarations = validate_declarations(filing.data)
    if not any(d.indicators for d in declarations):
        raise WorkflowError("申报表没有绩效指标，不能报送")
    errors = [f for f in selectors.filing_findings(filing, declarations) if f.severity.value == "error"]
    if errors:
        codes = "、".join(sorted({f.code for f in errors}))
        raise WorkflowError(f"还有{len(errors)}个错误级问题未改正（{codes}），不能报送")
    _move(filing, user, FilingState.SUBMITTED)
    filing.submitted_at = timezone.now()
    filing.submitted_by = user
    filing.save()
    return filing


# ---------------------------------------------------------------- the desk


@transaction.atomic
def filing_start_review(*, filing: TargetFiling, user: Any) -> TargetFiling:
    _member(user, filing.unit, DESK_ROLES, "审核")
    filing = _locked(filing)
    _move(filing, user, FilingState.UNDER_REVIEW)
    filing.save()
    return filing


def _indicator(declarations: list[TargetDeclaration], declaration: int, indicator: int) -> str:
    if not 0 <= declaration < len(declarations) or not 0 <= indicator < len(
        declarations[declaration].indicators
    ):
        raise ValidationError("没有这个指标")
    return declarations[declaration].indicators[indicator].name


@transaction.atomic
def opinion_add(
    *, filing: TargetFiling, user: Any, declaration: int, indicator: int, verdict: str, reason: str = ""
) -> IndicatorOpinion:
    """An opinion on one indicator (通过 / 修改后通过 / 不通过); the two last need a reason."""
    _member(user, filing.unit, DESK_ROLES, "审核")
    filing = _locked(filing)
    if filing.state != FilingState.UNDER_REVIEW:
        raise WorkflowError("只有审核中的申报表可以逐项提出审核意见")
    if verdict not in Verdict.values:
        raise ValidationError(f"审核意见应为：{'、'.join(Verdict.labels)}")
    if verdict != Verdict.PASS and len(reason.strip()) < 2:
        raise ValidationError(f"“{Verdict(verdict).label}”须写明理由")
    name = _indicator(validate_declarations(filing.data), declaration, indicator)
    return IndicatorOpinion.objects.create(
        filing=filing,
        revision_number=filing.revision,
        declaration=declaration,
        indicator=indicator,
        indicator_name=name,
        verdict=verdict,
        reason=reason.strip()[:2000],
        reviewer=user,
    )


@transaction.atomic
def filing_return(*, filing: TargetFiling, user: Any, comment: str = "") -> TargetFiling:
    """退回修改: with a comment or at least one indicator not passed."""
    _member(user, filing.unit, DESK_ROLES, "退回")
    filing = _locked(filing)
    opinions = selectors.current_opinions(filing)
    if not comment.strip() and not any(o.verdict != Verdict.PASS for o in opinions.values()):
        raise WorkflowError("退回时请写明意见，或对需要修改的指标提出“修改后通过”“不通过”意见")
    _move(filing, user, FilingState.RETURNED, comment.strip())
    filing.save()
    return filing


@transaction.atomic
def filing_approve(*, filing: TargetFiling, user: Any, reference: str = "") -> TargetFiling:
    """批复: every indicator has an opinion and none is 不通过; the declarations are marked approved."""
    _member(user, filing.unit, DESK_ROLES, "批复")
    filing = _locked(filing)
    if filing.submitted_by_id is not None and filing.submitted_by_id == getattr(user, "pk", None):
        raise PermissionDenied("报送人不能批复自己报送的绩效目标")
    declarations = validate_declarations(filing.data)
    opinions = selectors.current_opinions(filing)
    missing = [
        d.indicators[j].name
        for i, d in enumerate(declarations)
        for j in range(len(d.indicators))
        if (i, j) not in opinions
    ]
    if missing:
        raise WorkflowError(f"还有{len(missing)}项指标没有审核意见（{'、'.join(missing[:5])}）")
    rejected = [o.indicator_name for o in opinions.values() if o.verdict == Verdict.REJECT]
    if rejected:
        raise WorkflowError(f"有指标不通过（{'、'.join(rejected[:5])}），请退回修改")
    _move(filing, user, FilingState.APPROVED, reference.strip())
    reference = reference.strip()[:100] or f"{filing.round.bureau.name}{filing.year}年度绩效目标批复"
    approved = [
        d.model_copy(update={"approved": True, "approval_reference": reference}) for d in declarations
    ]
    filing.approved_at = timezone.now()
    filing.approval_reference = reference
    filing.reviewed_revision = filing.revision
    _write(filing, user, approved, f"批复（{reference}）")
    return filing


@transaction.atomic
def filing_publish(*, filing: TargetFiling, user: Any) -> TargetFiling:
    """随预算公开: the 绩效科 publishes approved targets on the portal."""
    _member(user, filing.unit, (Role.BUREAU_ADMIN,), "公开")
    filing = _locked(filing)
    _move(filing, user, FilingState.PUBLISHED)
    filing.published_at = timezone.now()
    filing.save()
    return filing


# ---------------------------------------------------------------- adjustments (目标调整)


@transaction.atomic
def adjustment_request(
    *, filing: TargetFiling, user: Any, declaration: int, indicator: int, new_target: str, reason: str
) -> TargetAdjustmentRequest:
    """The unit asks to change an approved target, with a reason."""
    _member(user, filing.unit, UNIT_ROLES, "申请目标调整")
    filing = _locked(filing)
    if filing.state not in selectors.APPROVED_STATES:
        raise WorkflowError("批复前的目标直接修改申报表即可；批复后的目标才需要申请调整")
    if not new_target.strip() or len(reason.strip()) < 4:
        raise ValidationError("请写明调整后的指标值和调整理由")
    declarations = validate_declarations(filing.data)
    name = _indicator(declarations, declaration, indicator)
    decl = declarations[declaration]
    return TargetAdjustmentRequest.objects.create(
        filing=filing,
        declaration=declaration,
        indicator=indicator,
        indicator_name=name,
        old_target=decl.effective_target_raw(decl.indicators[indicator])[:300],
        new_target=new_target.strip()[:300],
        reason=reason.strip()[:2000],
        requested_by=user,
    )


@transaction.atomic
def adjustment_decide(
    *, adjustment: TargetAdjustmentRequest, user: Any, approve: bool, comment: str = ""
) -> TargetAdjustmentRequest:
    """The desk approves (the target in force changes, recorded in the declaration) or rejects an adjustment."""
    filing = adjustment.filing
    _member(user, filing.unit, DESK_ROLES, "审批目标调整")
    adjustment = TargetAdjustmentRequest.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.state != AdjustmentState.REQUESTED:
        raise WorkflowError("该目标调整已审批")
    if adjustment.requested_by_id == getattr(user, "pk", None):
        raise PermissionDenied("申请人不能审批自己的目标调整")
    if not approve and len(comment.strip()) < 2:
        raise ValidationError("不批准时请写明理由")
    adjustment.state = AdjustmentState.APPROVED if approve else AdjustmentState.REJECTED
    adjustment.decided_by = user
    adjustment.decided_at = timezone.now()
    adjustment.decision_comment = comment.strip()[:2000]
    adjustment.save()
    if approve:
        locked = _locked(filing)
        declarations = validate_declarations(locked.data)
        decl = declarations[adjustment.declaration]
        record = TargetAdjustment(
            indicator=adjustment.indicator_name,
            old_target_raw=adjustment.old_target,
            new_target_raw=adjustment.new_target,
            reason=adjustment.reason,
            approved=True,
            approval_reference=f"目标调整#{adjustment.pk}",
            approved_on=timezone.localdate().isoformat(),
        )
        declarations[adjustment.declaration] = decl.model_copy(
            update={"adjustments": [*decl.adjustments, record]}
        )
        _write(locked, user, declarations, f"目标调整：{adjustment.indicator_name} → {adjustment.new_target}")
    return adjustment


# ---------------------------------------------------------------- year end


@transaction.atomic
def filing_carry_into_evaluation(*, filing: TargetFiling, user: Any) -> Any:
    """Start (or complete) the unit's self-evaluation of the year from the approved targets.

    The approved declarations go into ``package.targets``; each form the package lacks is created from
    its declaration (names, levels, 分值 and the targets in force copied; actuals left blank). Forms the
    unit already filled are not overwritten: the checker compares their targets with the approved ones
    (TGT012, TGT013).
    """
    from jixiao_web.evaluations.models import Evaluation
    from jixiao_web.evaluations.services import evaluation_create, package_of, package_save

    _member(user, filing.unit, UNIT_ROLES, "结转绩效目标")
    if filing.state not in selectors.APPROVED_STATES:
        raise WorkflowError("只有批复后的绩效目标可以结转到年度自评")
    declarations = validate_declarations(filing.data)
    evaluation = Evaluation.objects.filter(unit=filing.unit, year=filing.year).first()
    package = package_of(evaluation) if evaluation is not None else None
    if package is None:
        package = EvaluationPackage(year=filing.year, unit=Unit(name=filing.unit.name))
    overall = package.overall
    projects = list(package.projects)
    for decl in declarations:
        if decl.scope.value == "overall" and overall is None:
            overall = form_from_declaration(decl)
        elif decl.scope.value == "project" and not any((p.name or "") == (decl.name or "") for p in projects):
            projects.append(form_from_declaration(decl))
    package = package.model_copy(update={"targets": declarations, "overall": overall, "projects": projects})
    message = f"由{filing.year}年度批复的绩效目标结转（{filing.approval_reference}）"
    if evaluation is None:
        return evaluation_create(
            unit=filing.unit, year=filing.year, package=package, author=user, message=message
        )
    based_on = evaluation.current_revision.number if evaluation.current_revision else 0
    data = json.loads(package.model_dump_json(exclude_defaults=True))
    package_save(evaluation=evaluation, user=user, data=data, based_on=based_on, message=message)
    return evaluation


# ---------------------------------------------------------------- the bureau's indicator library

LIBRARY_ROLES = (Role.BUREAU_ADMIN, Role.REVIEWER)


def _library_staff(user: Any, bureau: Bureau, action: str) -> Membership:
    """Only the bureau's own staff (绩效科, 归口科室) change its library; the system administrator does not."""
    m = membership(user)
    require(m is not None, f"请先登录（{action}）")
    assert m is not None
    if m.role == Role.SYSTEM_ADMIN:
        raise PermissionDenied(f"系统管理员负责系统管理，不代替财政局{action}")
    require(m.role in LIBRARY_ROLES, f"当前角色“{m.get_role_display()}”不能{action}")
    require(selectors.library_bureau_of(user) == bureau, f"只能{action}本财政局的指标库")
    return m


def _entry_data(raw: Any) -> dict[str, Any]:
    from jixiao.indicators import LibraryEntry
    from jixiao.layouts.labels import level1_from_level2, level1_of, level2_of
    from jixiao.model import Level2

    if isinstance(raw, dict) and not raw.get("maps_to") and raw.get("level2"):
        level2 = level2_of(str(raw["level2"]))  # where the entry stands on a 申报表, from its own words
        if level2 is not Level2.OTHER:
            level1 = level1_of(str(raw.get("level1") or "")) or level1_from_level2(level2)
            raw = {**raw, "maps_to": [level1.value, level2.value]}
    try:
        entry = LibraryEntry.model_validate(raw)
    except PydanticValidationError as exc:
        problems = []
        for err in exc.errors()[:10]:
            where = ".".join(str(p) for p in err["loc"])
            text = err["msg"].removeprefix("Value error, ")
            problems.append(f"{where}：{text}" if where else text)
        raise ValidationError(problems) from exc
    data: dict[str, Any] = entry.model_dump(mode="json", exclude_defaults=True)
    return data


def _log(entry: BureauIndicator, action: str, user: Any, note: str = "") -> None:
    BureauIndicatorChange.objects.create(
        entry=entry, action=action, actor=user, data=entry.data, note=note[:300]
    )


@transaction.atomic
def library_entry_add(*, user: Any, bureau: Bureau, entry: Any, note: str = "") -> BureauIndicator:
    """Add an entry to the bureau's library (the core's schema: name, definition, unit, direction …)."""
    _library_staff(user, bureau, "添加指标")
    data = _entry_data(entry)
    if BureauIndicator.objects.filter(bureau=bureau, key=data["id"]).exists():
        raise ValidationError(f"条目标识“{data['id']}”已在本局指标库中（停用的条目可恢复，不可重复添加）")
    record = BureauIndicator.objects.create(
        bureau=bureau,
        key=data["id"],
        name=data["name"],
        level1=data["level1"],
        level2=data["level2"],
        data=data,
        state=LibraryEntryState.RETIRED if data.get("retired") else LibraryEntryState.ACTIVE,
        created_by=user,
    )
    _log(record, LibraryChangeAction.ADD, user, note)
    return record


@transaction.atomic
def library_entry_retire(*, user: Any, entry: BureauIndicator, reason: str) -> BureauIndicator:
    """Retire an entry: it stays readable (who, when, why) and is no longer suggested."""
    entry = BureauIndicator.objects.select_for_update().get(pk=entry.pk)
    _library_staff(user, entry.bureau, "停用指标")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("停用指标须写明理由")
    if entry.state == LibraryEntryState.RETIRED:
        raise ValidationError("该指标已停用")
    entry.state = LibraryEntryState.RETIRED
    entry.retired_by, entry.retired_at, entry.retire_reason = user, timezone.now(), reason[:1000]
    entry.data = {**entry.data, "retired": True}
    entry.save()
    _log(entry, LibraryChangeAction.RETIRE, user, reason)
    return entry


@transaction.atomic
def library_entry_restore(*, user: Any, entry: BureauIndicator, reason: str = "") -> BureauIndicator:
    entry = BureauIndicator.objects.select_for_update().get(pk=entry.pk)
    _library_staff(user, entry.bureau, "恢复指标")
    if entry.state != LibraryEntryState.RETIRED:
        raise ValidationError("该指标在用，无需恢复")
    entry.state = LibraryEntryState.ACTIVE
    entry.data = {k: v for k, v in entry.data.items() if k != "retired"}
    entry.save()
    _log(entry, LibraryChangeAction.RESTORE, user, reason)
    return entry


@dataclass
class LibraryImport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0


@transaction.atomic
def library_import(*, user: Any, bureau: Bureau, data: bytes, filename: str) -> LibraryImport:
    """Import a library file (.yaml or .xlsx): new entries are added, changed ones updated, entries the
    file marks 已停用 retired; nothing is deleted. The whole file or nothing."""
    from jixiao.indicators import LibraryError
    from jixiao.indicators.exchange import read_library_upload

    _library_staff(user, bureau, "导入指标库")
    try:
        library = read_library_upload(data, filename)
    except LibraryError as exc:
        raise ValidationError(str(exc)) from exc
    out = LibraryImport()
    note = f"导入 {filename.rsplit('/', 1)[-1][:100]}（{library.title[:100]}）"
    for e in library.entries:
        entry_data = _entry_data(e.model_dump(mode="json", exclude_defaults=True))
        current = BureauIndicator.objects.filter(bureau=bureau, key=e.id).select_for_update().first()
        if current is None:
            library_entry_add(user=user, bureau=bureau, entry=entry_data, note=note)
            out.added += 1
            out.retired += bool(e.retired)
            continue
        if e.retired and current.state != LibraryEntryState.RETIRED:
            current.data = entry_data
            current.save(update_fields=["data"])
            library_entry_retire(user=user, entry=current, reason=note)
            out.retired += 1
            continue
        keep = {k: v for k, v in current.data.items() if k != "retired"}
        if keep == {k: v for k, v in entry_data.items() if k != "retired"}:
            out.unchanged += 1
            continue
        current.data = {
            **entry_data,
            **({"retired": True} if current.state == LibraryEntryState.RETIRED else {}),
        }
        current.name, current.level1, current.level2 = (
            entry_data["name"],
            entry_data["level1"],
            entry_data["level2"],
        )
        current.save()
        _log(current, LibraryChangeAction.UPDATE, user, note)
        out.updated += 1
    return out
