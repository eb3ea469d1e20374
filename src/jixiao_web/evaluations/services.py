"""Services: everything that writes. Views and API endpoints call these and nothing else.

The workflow is an explicit state machine (``TRANSITIONS``) that only these functions move;
every transition is logged. Saves are revisions, never overwrites: a save based on an old
revision is kept as a *conflict* revision and reported, so no one's work is lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from jixiao.model import EvaluationPackage, negative_values
from jixiao_web.dashboards.tally import evaluation_counted as dashboard_counted
from jixiao_web.dashboards.tally import findings_seen
from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import can_edit, override_note, require, require_role

from . import engine
from .models import Comment, Evaluation, Explanation, Revision, SourceFile, State, Transition, column_value

log = logging.getLogger(__name__)

TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.UNDER_REVIEW},
    State.UNDER_REVIEW: {State.RETURNED, State.APPROVED},
    State.RETURNED: {State.SUBMITTED},
    State.APPROVED: {State.PUBLISHED},
    State.PUBLISHED: set(),
}


class ConflictError(Exception):
    """Someone else saved first. Both versions are kept; ``kept`` is the number of ours."""

    def __init__(self, current: int, based_on: int, kept: int) -> None:
        self.current, self.based_on, self.kept = current, based_on, kept
        super().__init__(
            f"保存冲突：您基于第{based_on}版修改，但他人已保存第{current}版。"
            f"您的修改已另存为第{kept}版（冲突版本），请对照两版后合并，未被覆盖。"
        )


class WorkflowError(ValidationError):
    """A transition that the state machine or the rules do not allow (message in Chinese)."""


# ---------------------------------------------------------------- package helpers


def validate_package_data(data: Any, *, typed: bool = True) -> EvaluationPackage:
    """Validate JSON data as a package; raise ``ValidationError`` with Chinese messages and places.

    ``typed`` (what a person entered) also refuses negative budgets, actuals, scores and headcounts;
    a document's own figures (uploads) are kept as stated and the checker reports them (FMT004).
    """
    if not isinstance(data, dict):
        raise ValidationError("评价包应为键值结构")
    try:
        package = EvaluationPackage.model_validate(data)
    except PydanticValidationError as exc:
        problems = []
        from .packageforms import chinese_message, describe_path

        for err in exc.errors()[:20]:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
            problems.append(f"{describe_path(where, data) or '评价包'}：{chinese_message(err)}")
        raise ValidationError(problems) from exc
    if typed:
        negatives = negative_values(package)
        if negatives:
            from .packageforms import describe_path

            raise ValidationError(
                [
                    f"{describe_path(item.path, data, package)}：不能为负数（填写的是{item.value}）"
                    for item in negatives[:20]
                ]
            )
    return package


def package_of(evaluation: Evaluation) -> EvaluationPackage | None:
    """The current package; None when there is none or when the stored data no longer validates
    (a revision written under older rules must not break the pages that show it)."""
    if evaluation.current_revision is None:
        return None
    try:
        return EvaluationPackage.model_validate(evaluation.current_revision.data)
    except PydanticValidationError:
        log.warning(
            "evaluation %s: revision %s does not validate", evaluation.pk, evaluation.current_revision.number
        )
        return None


def package_problem(evaluation: Evaluation) -> str:
    """Why the current revision cannot be read as a package ("" when it can): what the pages mark."""
    if evaluation.current_revision is None:
        return ""
    try:
        validate_package_data(evaluation.current_revision.data, typed=False)
    except ValidationError as exc:
        return "；".join(exc.messages[:5])
    return ""


def findings_for(package: EvaluationPackage) -> list[dict[str, Any]]:
    """The findings of ``jixiao check`` as plain dicts (see :func:`engine.finding_dict`)."""
    return engine.check(package)


def _diff(old: Any, new: Any, path: str = "") -> list[str]:
    """Paths whose values differ between two JSON documents (for the revision log)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            out += _diff(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            out += _diff(old[i] if i < len(old) else None, new[i] if i < len(new) else None, f"{path}[{i}]")
        return out
    return [] if old == new else [path]


def _package_json(package: EvaluationPackage) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(package.model_dump_json(exclude_defaults=True))
    return data


def _computed_score(package: EvaluationPackage) -> Decimal | None:
    """The recomputed score every page shows (the one score, see :func:`_final_score`)."""
    score: Decimal | None = _final_score(package).score
    return score


_FINAL_CACHE: dict[int, tuple[EvaluationPackage, Any]] = {}


def _final_score(package: EvaluationPackage) -> Any:
    """The one score and grade (``jixiao.scoring.final_score`` through the page adapter), computed
    once per package object."""
    from .selectors import final_score_of

    hit = _FINAL_CACHE.get(id(package))
    if hit is not None and hit[0] is package:
        return hit[1]
    result = final_score_of(package)
    _FINAL_CACHE.clear()
    _FINAL_CACHE[id(package)] = (package, result)
    return result


# the package figure each pulled-out column holds, as the person reads it
FIGURE_SOURCES = {
    "self_score": "整体支出绩效自评表的总得分",
    "execution_rate": "整体支出绩效自评表的预算执行率",
    "three_public_actual": "“三公”经费合计的实际支出",
    "three_public_last_year": "“三公”经费合计的上年决算数",
    "computed_score": "系统复核的总得分",
}


def _refresh_figures(evaluation: Evaluation, package: EvaluationPackage) -> None:
    """Copy list/dashboard figures out of the package; compute findings counts and the score.

    Every figure is checked against its column first: when one cannot be stored, ``ValidationError``
    (Chinese, naming the figure) is raised and the caller's transaction writes nothing.
    """
    overall = package.overall
    rate = None
    if overall and overall.funds:
        rate = overall.funds.stated_execution_rate
    actual = last_year = None
    for table in package.three_public_tables:
        for row in table.rows:
            if row.component.value == "total" and row.actual is not None:
                actual, last_year = row.actual, row.last_year_actual
                break
        if actual is not None:
            break
    stated: dict[str, Decimal | None] = {
        "self_score": overall.stated_total_score if overall else None,
        "execution_rate": rate,
        "three_public_actual": actual,
        "three_public_last_year": last_year,  # as the unit's own table states it (dashboards' 上年)
    }
    values: dict[str, Decimal | None] = {}
    problems: list[str] = []
    final = _final_score(package)
    for name, value in [*stated.items(), ("computed_score", _computed_score(package))]:
        field = Evaluation._meta.get_field(name)
        try:
            values[name] = column_value(field, value, exact=name in stated)
        except ValidationError as exc:
            problems += [f"{FIGURE_SOURCES[name]}：{m}" for m in exc.messages]
    if problems:
        raise ValidationError(problems)
    try:
        findings = findings_for(package)
    except Exception:  # the checker is optional for saving; a crash must not lose the save
        log.exception("check_package failed")
        findings = []
    findings_seen(evaluation, findings)  # counted by the dashboards without a second check
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.grade = (final.grade or "")[:8]  # the one grade: the rule set's, as every page shows
    evaluation.error_count = sum(1 for f in findings if f["severity"] == "error")
    evaluation.warning_count = sum(1 for f in findings if f["severity"] == "warning")


# ---------------------------------------------------------------- create, save, restore


@transaction.atomic
def evaluation_create(
    *,
    unit: Any,
    year: int,
    package: EvaluationPackage,
    author: Any,
    campaign: Any = None,
    message: str = "创建",
) -> Evaluation:
    evaluation = Evaluation.objects.create(unit=unit, year=year, campaign=campaign)
    revision = Revision.objects.create(
        evaluation=evaluation, number=1, data=_package_json(package), author=author, message=message
    )
    evaluation.current_revision = revision
    _refresh_figures(evaluation, package)
    evaluation.save()
    dashboard_counted(evaluation)
    return evaluation


@dataclass
class SaveResult:
    revision: Revision
    changes: list[str] = field(default_factory=list)


def _approved_targets_kept(evaluation: Evaluation, package: EvaluationPackage) -> None:
    """Approved targets carried into the self-evaluation are locked (issue 13): a typed save may fill
    actuals, scores and notes, but may not change the approved declarations or a form's 年度指标值 away
    from them — that takes a 目标调整 with its approval. (An uploaded document is kept as printed; the
    checker reports a difference as TGT012/TGT013.)"""
    current = package_of(evaluation)
    if current is None or not any(d.approved for d in current.targets):
        return
    if [d.model_dump(mode="json") for d in package.targets] != [
        d.model_dump(mode="json") for d in current.targets
    ]:
        raise ValidationError("已批复的绩效目标不能在自评中修改；如需调整，请提交“目标调整”并经审核批准")
    from jixiao.audit.checks.targets import check_approved_targets
    from jixiao.audit.registry import CheckContext

    changed = [f.message for f in check_approved_targets(package, CheckContext())]
    if changed:
        raise ValidationError(["批复的绩效目标已锁定，自评只填写实际完成值、得分和偏差原因：", *changed[:5]])


def package_save(
    *, evaluation: Evaluation, user: Any, data: Any, based_on: int, message: str = "", typed: bool = True
) -> SaveResult:
    """Save an edited package as a new revision.

    Validation happens first (nothing is written if the data is invalid). Then, inside one
    transaction with the evaluation row locked: if someone saved since ``based_on``, our data is
    kept as a conflict revision and :class:`ConflictError` is raised; otherwise it becomes current.
    """
    require(can_edit(user, evaluation), "当前状态或角色下不能修改该自评")
    if isinstance(based_on, bool) or not isinstance(based_on, int) or not 0 <= based_on < 2**31:
        raise ValidationError(f"所依据的版本号应为非负整数（收到的是 {based_on}）")
    package = validate_package_data(data, typed=typed)
    if typed:
        _approved_targets_kept(evaluation, package)
    payload = _package_json(package)
    conflict: ConflictError | None = None
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        current = locked.current_revision
        current_number = current.number if current else 0
        last = locked.revisions.order_by("-number").first()
        number = (last.number if last else 0) + 1
        changes = _diff(current.data if current else {}, payload)
        if current_number != based_on:
            revision = Revision.objects.create(
                evaluation=locked,
                number=number,
                data=payload,
                author=user,
                message=message or "冲突时另存",
                changes=changes,
                based_on=based_on,
                conflict=True,
            )
            conflict = ConflictError(current_number, based_on, number)
        else:
            if not changes:
                assert current is not None
                return SaveResult(current, [])
            revision = Revision.objects.create(
                evaluation=locked,
                number=number,
                data=payload,
                author=user,
                message=message or "保存",
                changes=changes,
                based_on=based_on,
            )
            locked.current_revision = revision
            _refresh_figures(locked, package)
            locked.save()
            dashboard_counted(locked)
    if conflict is not None:
        raise conflict
    evaluation.refresh_from_db()
    return SaveResult(revision, changes)


def revision_restore(*, evaluation: Evaluation, user: Any, number: int) -> SaveResult:
    """Make an old (or conflict) revision current again — as a new revision, so nothing is lost."""
    old = evaluation.revisions.get(number=number)
    current = evaluation.current_revision
    return package_save(
        evaluation=evaluation,
        user=user,
        data=old.data,
        based_on=current.number if current else 0,
        message=f"恢复第{number}版",
        typed=False,
    )


def upload_validate(*, filename: str, size: int) -> None:
    """Refuse files of the wrong type or too large (settings.UPLOAD_SUFFIXES, MAX_UPLOAD_MB)."""
    suffixes = [x.lower() for x in settings.UPLOAD_SUFFIXES]
    name = (filename or "").lower()
    if not any(name.endswith(x) for x in suffixes):
        raise ValidationError(f"不支持的文件类型：{filename}。可上传：{'、'.join(suffixes)}")
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if size > limit:
        raise ValidationError(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {settings.MAX_UPLOAD_MB} MB")
    if size == 0:
        raise ValidationError("文件是空的")


def document_upload(
    *, evaluation: Evaluation, user: Any, filename: str, content: bytes, keep: dict[str, Any] | None = None
) -> tuple[SaveResult, list[Any]]:
    """Import an uploaded document into the package (a new revision); returns its import report.

    The file is kept whole (``SourceFile``) so the reviewer can see the cited lines. Raises
    ``ValidationError`` (Chinese) for a refused or unreadable file, ``ConflictError`` as saves do.
    """
    require(can_edit(user, evaluation), "当前状态或角色下不能上传文档")
    upload_validate(filename=filename, size=len(content))
    try:
        packages = engine.import_document(content, filename)
    except engine.ImportFailed as exc:
        raise ValidationError(str(exc)) from exc
    if not packages:
        raise ValidationError(f"{filename}：没有识别出任何评价表或报告")
    package = packages[0]
    if not package.year_stated:  # the document printed no year: it is this evaluation's
        package.year, package.year_stated = evaluation.year, True
    if package.year != evaluation.year:
        raise ValidationError(f"{filename}：文档年度为{package.year}年，与本自评的{evaluation.year}年度不符")
    current = evaluation.current_revision
    data = _package_json(package)
    if keep is not None:  # merge: what was filled by hand stays, the document fills the blanks
        from .packageforms import merge_kept

        data = merge_kept(keep, data)
    result = package_save(
        evaluation=evaluation,
        user=user,
        data=data,
        based_on=current.number if current else 0,
        message=f"上传文档 {filename}" + ("（合并，保留手工填写）" if keep is not None else ""),
        typed=False,
    )
    SourceFile.objects.create(
        evaluation=evaluation,
        filename=filename,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        text=_text_of(content, filename),
    )
    return result, list(package.import_report)


def _text_of(content: bytes, filename: str) -> str:
    if not filename.lower().endswith((".txt", ".yaml", ".yml", ".json", ".html", ".htm")):
        return ""
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


# ---------------------------------------------------------------- workflow


def _move(evaluation: Evaluation, user: Any, to_state: str, comment: str = "") -> None:
    if to_state not in TRANSITIONS[evaluation.state]:
        raise WorkflowError(f"不能从“{State(evaluation.state).label}”变为“{State(to_state).label}”")
    Transition.objects.create(
        evaluation=evaluation, from_state=evaluation.state, to_state=to_state, actor=user, comment=comment
    )
    evaluation.state = to_state


def unexplained_errors(evaluation: Evaluation) -> list[dict[str, Any]]:
    """Error-level findings of the current revision that the unit has neither corrected nor explained."""
    package = package_of(evaluation)
    if package is None:
        return []
    explanations = list(evaluation.explanations.all())
    explained = {(e.code, e.path) for e in explanations}
    explained_codes = {e.code for e in explanations if not e.path}
    return [
        f
        for f in findings_for(package)
        if f["severity"] == "error"
        and (f["code"], f["path"]) not in explained
        and f["code"] not in explained_codes
    ]


@transaction.atomic
def evaluation_submit(
    *, evaluation: Evaluation, user: Any, today: date | None = None, override: str = ""
) -> Evaluation:
    """单位负责人报送: only when no error-level finding is left unexplained. Lateness counts from the deadline."""
    m = require_role(user, evaluation, Role.UNIT_HEAD, action="报送", override=override)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.current_revision is not None and package_of(evaluation) is None:
        raise WorkflowError("当前版本的评价包数据不合规，不能报送；请恢复一个合规的版本或重新填报")
    from jixiao_web.campaigns.services import missing_parts

    missing = missing_parts(evaluation.campaign, package_of(evaluation))
    if missing:
        raise WorkflowError("通知要求填报的以下部分还是空的，不能报送：" + "、".join(missing))
    left = unexplained_errors(evaluation)
    if left:
        codes = "、".join(sorted({f["code"] for f in left}))
        raise WorkflowError(f"还有{len(left)}个错误级问题未改正也未说明（{codes}），不能报送")
    _move(evaluation, user, State.SUBMITTED, override_note(m, override))
    evaluation.submitted_at = timezone.now()
    day = today or timezone.localdate()
    if evaluation.campaign is not None:
        evaluation.days_late = max(0, (day - evaluation.campaign.deadline).days)
    evaluation.save()
    dashboard_counted(evaluation)
    return evaluation


@transaction.atomic
def review_start(*, evaluation: Evaluation, user: Any, override: str = "") -> Evaluation:
    m = require_role(user, evaluation, Role.REVIEWER, Role.BUREAU_ADMIN, action="开始审核", override=override)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _move(evaluation, user, State.UNDER_REVIEW, override_note(m, override))
    evaluation.save()
    dashboard_counted(evaluation)
    return evaluation


@transaction.atomic
def review_return(
    *,
    evaluation: Evaluation,
    user: Any,
    comment: str,
    field_comments: list[dict[str, str]] | None = None,
    override: str = "",
) -> Evaluation:
    """Return for correction, with a general comment and comments attached to fields or findings."""
    m = require_role(user, evaluation, Role.REVIEWER, Role.BUREAU_ADMIN, action="退回", override=override)
    if not comment.strip() and not field_comments:
        raise WorkflowError("退回时请填写意见")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state == State.SUBMITTED:
        _move(evaluation, user, State.UNDER_REVIEW, override_note(m, override))
    _move(evaluation, user, State.RETURNED, override_note(m, override, comment))
    number = evaluation.current_revision.number if evaluation.current_revision else None
    if comment.strip():
        Comment.objects.create(evaluation=evaluation, revision_number=number, author=user, text=comment)
    for item in field_comments or []:
        Comment.objects.create(
            evaluation=evaluation,
            revision_number=number,
            author=user,
            path=item.get("path", ""),
            finding_code=item.get("code", ""),
            text=item["text"],
        )
    evaluation.save()
    dashboard_counted(evaluation)
    return evaluation


def submitted_by(evaluation: Evaluation) -> Any:
    """Who made the latest submission (None when it was never submitted)."""
    last = evaluation.transitions.filter(to_state=State.SUBMITTED).order_by("-at", "-id").first()
    return last.actor if last is not None else None


@transaction.atomic
def review_approve(*, evaluation: Evaluation, user: Any, comment: str = "", override: str = "") -> Evaluation:
    """审核通过 — never by the person who submitted it (separation of duties), not even by override."""
    m = require_role(user, evaluation, Role.REVIEWER, Role.BUREAU_ADMIN, action="审核通过", override=override)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    submitter = submitted_by(evaluation)
    if submitter is not None and submitter.pk == user.pk:
        raise PermissionDenied("报送人不能审核通过自己报送的自评（职责分离）")
    if evaluation.state == State.SUBMITTED:
        _move(evaluation, user, State.UNDER_REVIEW, override_note(m, override))
    _move(evaluation, user, State.APPROVED, override_note(m, override, comment))
    evaluation.save()
    dashboard_counted(evaluation)
    assessment_compute(evaluation=evaluation)
    return evaluation


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation, user: Any, override: str = "") -> Evaluation:
    m = require_role(user, evaluation, Role.BUREAU_ADMIN, action="公开", override=override)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _move(evaluation, user, State.PUBLISHED, override_note(m, override))
    evaluation.published_at = timezone.now()
    evaluation.save()
    dashboard_counted(evaluation)
    return evaluation


def comment_add(
    *, evaluation: Evaluation, user: Any, text: str, path: str = "", code: str = "", override: str = ""
) -> Comment:
    require_role(
        user,
        evaluation,
        Role.REVIEWER,
        Role.BUREAU_ADMIN,
        Role.PREPARER,
        Role.UNIT_HEAD,
        action="发表意见",
        override=override,
    )
    if not text.strip():
        raise ValidationError("意见不能为空")
    number = evaluation.current_revision.number if evaluation.current_revision else None
    return Comment.objects.create(
        evaluation=evaluation, revision_number=number, author=user, path=path, finding_code=code, text=text
    )


def explanation_add(*, evaluation: Evaluation, user: Any, code: str, path: str, text: str) -> Explanation:
    """The unit explains an error-level finding it keeps (e.g. a figure that is right despite the check)."""
    require(can_edit(user, evaluation), "当前状态或角色下不能添加说明")
    if len(text.strip()) < 4:
        raise ValidationError("说明过短：请写明保留该数据的理由")
    explanation, _ = Explanation.objects.update_or_create(
        evaluation=evaluation, code=code, path=path, defaults={"text": text, "author": user}
    )
    return explanation


# ---------------------------------------------------------------- 考核评分表


# unless the notice names its own: 附件9 and the deduction for overdue 整改 items (issue 14)
WORK_ASSESSMENT_RULE_SET = "hunan/xiangxi/work-assessment-2024-rectification"


def assessment_rule_set(evaluation: Evaluation) -> Any:
    """The 考核评分表 rule set: the one the notice names (``Campaign.rule_sets``), else the default.
    Raises the core's ``RuleSetError`` when it cannot be loaded — there is no fallback in Python."""
    from jixiao.rules import get_rule_set

    names = list(evaluation.campaign.rule_sets or []) if evaluation.campaign is not None else []
    for name in names:
        rule_set = get_rule_set(name)
        if rule_set.form == "work_assessment":
            return rule_set
    return get_rule_set(getattr(settings, "JIXIAO_WORK_ASSESSMENT_RULE_SET", WORK_ASSESSMENT_RULE_SET))


def assessment_facts(evaluation: Evaluation, package: EvaluationPackage | None) -> dict[str, Any]:
    """What the system knows for the 考核评分表's inputs: the notice and its contents, lateness, the
    forms present, the report's sections. Rows it cannot judge are scored by the bureau (manual)."""
    from jixiao_web.campaigns.services import notice_check

    campaign = evaluation.campaign
    facts: dict[str, Any] = {"days_late": Decimal(max(0, evaluation.days_late))}
    facts["failed_items:notice_issued"] = [] if campaign is not None else ["issued"]
    facts["failed_items:notice_content"] = (
        [i.key for i in notice_check(campaign) if not i.present] if campaign is not None else []
    )
    facts["failed_items:working_group"] = (
        [] if package is not None and package.evaluators else ["established"]
    )
    forms = []
    if package is None or package.base_data is None:
        forms.append("基础数据表")
    if package is None or package.overall is None:
        forms.append("整体支出绩效自评表")
    facts["failed_items:self_check"] = forms
    report = package.report("self_evaluation_report") if package is not None else None
    sections = len(report.sections) if report is not None else 0
    facts["failed_items:report_body"] = Decimal(max(0, 10 - sections))
    facts["failed_items:report_attachments"] = forms
    from jixiao_web.rectification.selectors import overdue_count

    facts["overdue_rectification_items"] = Decimal(overdue_count(evaluation.unit_id, evaluation.year))
    return facts


def assessment_compute(*, evaluation: Evaluation) -> Decimal | None:
    """The unit's 考核评分 under its YAML rule set (附件9): every row's points, maximum and rule come from
    the rule set; the inputs from :func:`assessment_facts`; rows the rule set marks manual (酌情扣分)
    start at their maximum for the bureau to adjust with a reason."""
    from jixiao.model import ScoringRow, ScoringTable
    from jixiao.rules import RuleSetError
    from jixiao.scoring import score_table

    package = package_of(evaluation)
    try:
        rule_set = assessment_rule_set(evaluation)
    except RuleSetError as exc:
        evaluation.assessment_detail = [{"name": "无法评分", "max": "", "score": "", "why": str(exc)}]
        evaluation.assessment_score = None
        evaluation.save(update_fields=["assessment_detail", "assessment_score"])
        return None
    table = ScoringTable(
        title=rule_set.title,
        rows=[
            ScoringRow(
                level1=r.level1,
                name=r.name,
                rule_key=r.key,
                max_score=r.max_score,
                self_score=r.max_score if r.scoring.type == "manual" else None,
            )
            for r in rule_set.rows
        ],
    )
    subject = package or EvaluationPackage(year=evaluation.year, unit={"name": evaluation.unit.name})
    sheet = score_table(subject, rule_set, table, facts=assessment_facts(evaluation, package))
    rows = []
    for row in sheet.rows:
        manual = row.status == "manual"
        score = row.score if row.score is not None else row.unit_score
        why = row.explanation.replace("；单位未填自评得分", "").split("；单位自评")[0]
        why = why.replace("由评分人提供，", "系统核定：")
        if manual:
            why = f"{row.rule}：需人工评判，暂按满分计，可调整"
        rows.append(
            {
                "level1": row.level1 or "",
                "name": row.name,
                "max": str(row.max_score),
                "score": str(score) if score is not None else "",
                "why": why,
                "rule_set": rule_set.id,
            }
        )
    total = (
        sum((Decimal(r["score"]) for r in rows if r["score"]), Decimal(0)) + evaluation.assessment_adjustment
    )
    total = min(max(total, Decimal(0)), rule_set.total)
    evaluation.assessment_detail = rows
    evaluation.assessment_score = total
    evaluation.save(update_fields=["assessment_detail", "assessment_score"])
    return total


ADJUSTABLE_STATES = (State.APPROVED, State.PUBLISHED)  # where the page offers 考核评分 adjustment
ADJUSTMENT_LIMIT = Decimal(100)


@transaction.atomic
def assessment_adjust(
    *, evaluation: Evaluation, user: Any, adjustment: Decimal, reason: str, override: str = ""
) -> Evaluation:
    """财政绩效科 adjusts the 考核得分 of an approved (or published) evaluation, with a reason."""
    require_role(user, evaluation, Role.BUREAU_ADMIN, action="调整考核得分", override=override)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state not in ADJUSTABLE_STATES:
        raise WorkflowError(f"“{State(evaluation.state).label}”状态下不能调整考核得分（审核通过后方可调整）")
    if not reason.strip():
        raise ValidationError("调整考核得分必须填写理由")
    if not isinstance(adjustment, Decimal) or not adjustment.is_finite():
        raise ValidationError("调整分值应为数字，例如 -2 或 1.5")
    if abs(adjustment) > ADJUSTMENT_LIMIT:
        raise ValidationError("调整幅度超出范围（-100～100）")
    if adjustment != adjustment.quantize(Decimal("0.01")):
        raise ValidationError("调整分值最多保留两位小数")
    if override.strip():
        reason = f"【系统管理员紧急代办】{override.strip()}；{reason}"
    evaluation.assessment_adjustment = adjustment
    evaluation.assessment_adjustment_reason = reason
    evaluation.save(update_fields=["assessment_adjustment", "assessment_adjustment_reason"])
    assessment_compute(evaluation=evaluation)
    return evaluation
