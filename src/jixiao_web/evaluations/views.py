"""Evaluation pages: detail, edit (one form per part, live check), upload, revisions, workflow,
review with the source document, downloads. Thin: selectors read, services write and decide."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao_web.monitoring.selectors import year_end_findings
from jixiao_web.orgs.permissions import can_edit, require

from . import engine, packageforms, selectors, services
from .models import Evaluation, Revision, State

ACTIONS = {
    "submit": ("报送", services.evaluation_submit),
    "start_review": ("开始审核", services.review_start),
    "approve": ("审核通过", services.review_approve),
    "publish": ("公开", services.evaluation_publish),
}


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _data(evaluation: Evaluation) -> dict[str, Any]:
    return dict(evaluation.current_revision.data) if evaluation.current_revision else {}


def _package_or_none(data: dict[str, Any]) -> Any:
    try:  # what is stored is shown as stored (a document's own negative figure is the checker's finding)
        return services.validate_package_data(data, typed=False)
    except ValidationError:
        return None


def _score_rows(package: Any, sheets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each form's indicators: the unit's 分值/得分 beside the recomputed score where a sheet gives one."""
    computed: dict[str, Any] = {}
    for sheet in sheets:
        for row in _sheet_rows(sheet["data"]):
            name = row.get("name") or row.get("label") or row.get("indicator") or row.get("key")
            value = _first(row, "computed_score", "computed", "score")
            if name and value is not None:
                computed.setdefault(str(name), value)
    out = []
    if package is None:
        return out
    for prefix, ev in [("overall", package.overall)] + [
        (f"projects[{i}]", p) for i, p in enumerate(package.projects)
    ]:
        if ev is None:
            continue
        rows = [
            {
                "path": f"{prefix}.indicators[{i}]",
                "level1": ind.level1_raw or ind.level1.value,
                "name": ind.name,
                "target": ind.target_raw or "",
                "actual": ind.actual_raw or "",
                "max": ind.max_score,
                "score": ind.score,
                "computed": computed.get(ind.name),
            }
            for i, ind in enumerate(ev.indicators)
        ]
        out.append(
            {
                "title": ev.name or ev.title or ("部门整体支出" if prefix == "overall" else "项目支出"),
                "rows": rows,
                "total": ev.stated_total_score,
                "grade": ev.stated_grade,
            }
        )
    return out


def _sheet_rows(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        return []
    for key in ("rows", "lines", "items"):
        rows = data.get(key)
        if isinstance(rows, list):
            return [r for r in rows if isinstance(r, dict)]
    return []


def _first(row: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if row.get(k) is not None:
            return row[k]
    return None


def _clean_sheets(sheets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score sheets as people read them: rule words without internal codes, no content hashes."""
    for sheet in sheets:
        sheet["text"] = packageforms.plain_rule(sheet.get("text"))
        data = sheet.get("data") or {}
        for row in [data.get("execution") or {}, *(data.get("rows") or [])]:
            for key in ("explanation", "rule"):
                if row.get(key):
                    row[key] = packageforms.plain_rule(row[key])
            row["flags"] = [packageforms.plain_rule(f) for f in row.get("flags") or []]
        data["notes"] = [packageforms.plain_rule(n) for n in data.get("notes") or []]
        maxima = [r.get("max_score") for r in [data.get("execution") or {}, *(data.get("rows") or [])]]
        numbers = [Decimal(str(m)) for m in maxima if m not in (None, "")]
        data["max_total"] = sum(numbers, Decimal(0)) if numbers else None
    return sheets


def _comment_rows(evaluation: Evaluation, data: dict[str, Any], package: Any) -> list[dict[str, Any]]:
    return [
        {"comment": c, "place": packageforms.describe_path(c.path, data, package) if c.path else ""}
        for c in evaluation.comments.select_related("author")
    ]


@engine.scoring_once()  # the forms the checks score are not scored again for the sheets (issue 11)
def _context(request: HttpRequest, evaluation: Evaluation) -> dict[str, Any]:
    data = _data(evaluation)
    package = _package_or_none(data)
    previous = selectors.previous_package(evaluation) if package is not None else None
    findings = engine.check(package, previous) if package is not None else []
    findings += year_end_findings(evaluation.unit_id, package)  # MON014 when the unit was monitored
    selectors.finding_places(findings, data, package)
    explained = {(e.code, e.path): e for e in evaluation.explanations.all()}
    for f in findings:
        e = explained.get((f["code"], f["path"])) or explained.get((f["code"], ""))
        f["explanation"] = e.text if e else ""
    sheets = _clean_sheets(engine.score_sheets(package)) if package is not None else []
    final = selectors.final_score_of(package)
    assessment_max, assessment_source = selectors.assessment_maximum(evaluation)
    return {
        "final": final,
        "execution_rate": selectors.execution_rate_of(evaluation, package),
        "assessment_max": assessment_max,
        "assessment_source": assessment_source,
        "coverage": selectors.coverage_statement(package),
        "commentable": packageforms.commentable_fields(data, package) if package is not None else [],
        "comment_rows": _comment_rows(evaluation, data, package),
        "evaluation": evaluation,
        "package": package,
        "data": data,
        "findings": findings,
        "findings_available": engine.checker_available(),
        "finding_groups": engine.group_by_severity(findings),
        "sheets": sheets,
        "score_tables": _score_rows(package, sheets),
        "actions": selectors.available_actions(request.user, evaluation),
        "revisions": selectors.revision_list(evaluation)[:50],
        "transitions": evaluation.transitions.select_related("actor"),
        "comments": evaluation.comments.select_related("author"),
        "parts": packageforms.part_list(data),
        "downloads": engine.DOWNLOADS if engine.renderers_available() else [],
        "documents": selectors.package_documents(evaluation),
        "states": State,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    return render(request, "evaluations/detail.html", _context(request, evaluation))


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page: findings and scores beside the source document, cited line highlighted."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    ctx = _context(request, evaluation)
    document = request.GET.get("doc", "") or (ctx["documents"][0] if ctx["documents"] else "")
    try:
        line = int(request.GET.get("line", "0"))
    except ValueError:
        line = 0
    title, text = selectors.source_text(evaluation, document)
    title = packageforms.document_names(ctx["data"]).get(title.removesuffix(".txt"), title)
    cited = {
        f["line"] for f in ctx["findings"] if f["line"] and (not f["document"] or f["document"] == document)
    }
    ctx.update(
        {
            "source_title": title,
            "source_lines": [
                {"n": i, "text": t, "current": i == line, "cited": i in cited}
                for i, t in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
            ],
            "line": line,
            "document": document,
            "document_choices": [
                (d, packageforms.document_names(ctx["data"]).get(d, f"第{i + 1}份原文"))
                for i, d in enumerate(ctx["documents"])
            ],
        }
    )
    return render(request, "evaluations/review.html", ctx)


@login_required
def edit(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    require(can_edit(request.user, evaluation), "当前状态或角色下不能修改该自评")
    current = _data(evaluation)
    try:
        title, roots = packageforms.part_roots(part, current)
    except packageforms.UnknownPart as exc:
        raise Http404("没有这一部分") from exc
    based_on = evaluation.current_revision.number if evaluation.current_revision else 0
    errors: dict[str, list[str]] = {}
    shown = current
    if part == "project-new":
        shown = {**current, "projects": [*current.get("projects", []), {"scope": "project"}]}
    status = 200
    if request.method == "POST":
        parsed = packageforms.parse_post(request.POST, current, roots)
        shown = parsed.data
        try:
            posted_base = int(request.POST.get("based_on", based_on))
        except ValueError:
            posted_base = based_on
        problems = packageforms.validation_errors(parsed.data)
        if problems:
            errors = {packageforms.to_form_path(p, parsed.index_map): m for p, m in problems.items()}
            messages.error(
                request,
                "保存失败：有"
                + str(sum(len(v) for v in problems.values()))
                + "处填写不合规，已保留您填写的内容，请修改后再保存。",
            )
            based_on = posted_base
            status = 400
        else:
            try:
                result = services.package_save(
                    evaluation=evaluation,
                    user=request.user,
                    data=parsed.data,
                    based_on=posted_base,
                    message=request.POST.get("message", "")[:300] or f"修改：{title}",
                )
            except services.ConflictError as exc:
                messages.error(request, str(exc))
                evaluation.refresh_from_db()
                based_on = exc.current  # saving this page again replaces the current version on purpose
                status = 409
            except ValidationError as exc:
                messages.error(request, "保存失败：" + _error_text(exc))
                based_on = posted_base
                status = 400
            else:
                if result.changes:
                    messages.success(
                        request, f"已保存为第{result.revision.number}版（{len(result.changes)}处修改）"
                    )
                else:
                    messages.info(request, "没有修改，未生成新版本")
                if part == "project-new":
                    part = f"project-{len(parsed.data.get('projects', [])) - 1}"
                return redirect("evaluation-edit", pk=evaluation.pk, part=part)
    comments = {}
    for c in evaluation.comments.filter(resolved=False).exclude(path=""):
        comments.setdefault(c.path, []).append(c.text)
    package = _package_or_none(shown) if not errors else None
    findings = engine.check(package) if package is not None else []
    selectors.finding_places(findings, shown, package)
    ctx = {
        "evaluation": evaluation,
        "part": part,
        "title": title,
        "parts": packageforms.part_list(current),
        "form_html": packageforms.render_part(shown, roots, errors),
        "based_on": based_on,
        "roots": roots,
        "findings": [f for f in findings if any(f["path"].startswith(r) for r in roots)],
        "other_findings": sum(1 for f in findings if not any(f["path"].startswith(r) for r in roots)),
        "comments_json": comments,
        "conflict": status == 409,
    }
    return render(request, "evaluations/edit.html", ctx, status=status)


@login_required
@require_POST
def check(request: HttpRequest, pk: int, part: str) -> JsonResponse:
    """Live check of a part form as typed: validation errors, computed fields, findings — by input name."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    current = _data(evaluation)
    try:
        _, roots = packageforms.part_roots(part, current)
    except packageforms.UnknownPart as exc:
        raise Http404("没有这一部分") from exc
    parsed = packageforms.parse_post(request.POST, current, roots)
    problems = packageforms.validation_errors(parsed.data)
    if problems:
        return JsonResponse(
            {
                "valid": False,
                "errors": {packageforms.to_form_path(p, parsed.index_map): m for p, m in problems.items()},
                "places": {
                    packageforms.to_form_path(p, parsed.index_map): packageforms.describe_path(p, parsed.data)
                    for p in problems
                },
                "findings": [],
                "computed": {},
            }
        )
    package = services.validate_package_data(parsed.data)
    findings = selectors.finding_places(engine.check(package), parsed.data, package)
    for f in findings:
        f["form_path"] = packageforms.to_form_path(f["path"], parsed.index_map) if f["path"] else ""
    values = {**engine.computed_fields(package), **selectors.form_computed(package)}
    computed = {_form_key(p, parsed.index_map): v for p, v in values.items()}
    return JsonResponse({"valid": True, "errors": {}, "findings": findings, "computed": computed})


def _form_key(path: str, index_map: dict[str, list[int]]) -> str:
    base, mark, rest = path.partition("#")
    return packageforms.to_form_path(base, index_map) + mark + rest


PENDING_UPLOAD = "jixiao-pending-upload"


@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a document. Over a package that already holds hand edits, first show what the document
    would change (old → new) and let the person merge (keep the edits) or replace."""
    import base64

    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    require(can_edit(request.user, evaluation), "当前状态或角色下不能上传文档")
    ctx: dict[str, Any] = {"evaluation": evaluation, "suffixes": "、".join(_suffixes()), "max_mb": _max_mb()}
    status = 200
    if request.method != "POST":
        return render(request, "evaluations/upload.html", ctx)
    choice = request.POST.get("choice", "")
    pending = request.session.get(PENDING_UPLOAD) or {}
    upload_file = request.FILES.get("document")
    if choice and pending.get("evaluation") == evaluation.pk:
        filename, content = pending["filename"], base64.b64decode(pending["content"])
    elif upload_file is not None:
        filename, content = upload_file.name or "", upload_file.read()
    else:
        messages.error(request, "请选择要上传的文件")
        return render(request, "evaluations/upload.html", ctx, status=400)
    current = _data(evaluation)
    try:
        services.upload_validate(filename=filename, size=len(content))
        if not choice and selectors.hand_edited(evaluation) and packageforms.has_hand_edits(current):
            packages = engine.import_document(content, filename)
            if not packages:
                raise ValidationError(f"{filename}：没有识别出任何评价表或报告")
            imported = services._package_json(packages[0])
            request.session[PENDING_UPLOAD] = {
                "evaluation": evaluation.pk,
                "filename": filename,
                "content": base64.b64encode(content).decode(),
            }
            ctx.update(
                {
                    "preview": True,
                    "filename": filename,
                    "replace_changes": packageforms.changes_between(current, imported),
                    "merge_changes": packageforms.changes_between(
                        current, packageforms.merge_kept(current, imported)
                    ),
                }
            )
            return render(request, "evaluations/upload.html", ctx)
        result, report = services.document_upload(
            evaluation=evaluation,
            user=request.user,
            filename=filename,
            content=content,
            keep=current if choice == "merge" else None,
        )
    except engine.ImportFailed as exc:
        messages.error(request, "上传失败：" + str(exc))
        status = 400
    except services.ConflictError as exc:
        messages.error(request, str(exc))
        status = 409
    except ValidationError as exc:
        messages.error(request, "上传失败：" + _error_text(exc))
        status = 400
    else:
        request.session.pop(PENDING_UPLOAD, None)
        evaluation.refresh_from_db()
        data = _data(evaluation)
        package = _package_or_none(data)
        findings = selectors.finding_places(
            engine.check(package) if package is not None else [], data, package
        )
        messages.success(request, f"已导入 {filename}，保存为第{result.revision.number}版")
        ctx.update(
            {
                "report": report,
                "imported": True,
                "findings": findings,
                "coverage": selectors.coverage_statement(package),
                "findings_available": engine.checker_available(),
                "actions": selectors.available_actions(request.user, evaluation),
                "finding_groups": engine.group_by_severity(findings),
                "revision": result.revision,
            }
        )
    return render(request, "evaluations/upload.html", ctx, status=status)


def _suffixes() -> list[str]:
    from django.conf import settings

    return list(settings.UPLOAD_SUFFIXES)


def _max_mb() -> int:
    from django.conf import settings

    return int(settings.MAX_UPLOAD_MB)


@login_required
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    return render(
        request,
        "evaluations/revisions.html",
        {
            "evaluation": evaluation,
            "revisions": selectors.revision_list(evaluation),
            "actions": selectors.available_actions(request.user, evaluation),
        },
    )


@login_required
def revision_show(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    revision = Revision.objects.filter(evaluation=evaluation, number=number).first()
    if revision is None:
        raise Http404("没有这个版本")
    current = _data(evaluation)
    previous = (
        Revision.objects.filter(evaluation=evaluation, number__lt=number).order_by("-number").first()
        if revision.based_on is None
        else Revision.objects.filter(evaluation=evaluation, number=revision.based_on).first()
    )
    return render(
        request,
        "evaluations/revision.html",
        {
            "evaluation": evaluation,
            "revision": revision,
            "previous": previous,
            "made": packageforms.changes_between(previous.data if previous else {}, revision.data),
            "differences": packageforms.changes_between(revision.data, current),
            "is_current": revision.pk == evaluation.current_revision_id,
            "actions": selectors.available_actions(request.user, evaluation),
        },
    )


@login_required
@require_POST
def revision_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    if not Revision.objects.filter(evaluation=evaluation, number=number).exists():
        raise Http404("没有这个版本")
    try:
        result = services.revision_restore(evaluation=evaluation, user=request.user, number=number)
    except services.ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已恢复第{number}版（保存为第{result.revision.number}版）")
    return redirect("evaluation-revisions", pk=evaluation.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    try:
        if action == "return":
            field_comments = []
            for key, text in request.POST.items():
                if key.startswith("comment_for:") and text.strip():
                    target = key.removeprefix("comment_for:")
                    code, _, path = target.partition("|")
                    field_comments.append({"code": code, "path": path, "text": text.strip()})
            if request.POST.get("field_path", "").strip() and request.POST.get("field_text", "").strip():
                field_comments.append(
                    {
                        "path": request.POST["field_path"].strip(),
                        "code": request.POST.get("field_code", "").strip()[:20],
                        "text": request.POST["field_text"].strip(),
                    }
                )
            elif request.POST.get("field_text", "").strip():  # an opinion on no particular field
                field_comments.append({"path": "", "code": "", "text": request.POST["field_text"].strip()})
            services.review_return(
                evaluation=evaluation,
                user=request.user,
                comment=request.POST.get("comment", ""),
                field_comments=field_comments,
            )
            label = "退回"
        elif action in ACTIONS:
            label, service = ACTIONS[action]
            if action == "approve":
                service(evaluation=evaluation, user=request.user, comment=request.POST.get("comment", ""))
            else:
                service(evaluation=evaluation, user=request.user)
        else:
            raise Http404("没有这个操作")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已{label}")
    return redirect("evaluation-detail", pk=evaluation.pk)


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公开: first what is unfilled in what will be published (ask), then publish on confirmation."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.evaluation_publish(evaluation=evaluation, user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "已公开")
        return redirect("evaluation-detail", pk=evaluation.pk)
    require("publish" in selectors.available_actions(request.user, evaluation), "当前状态或角色下不能公开")
    package = _package_or_none(_data(evaluation))
    return render(
        request,
        "evaluations/publish.html",
        {
            "evaluation": evaluation,
            "unfilled": selectors.unfilled_of(package),
            "final": selectors.final_score_of(package),
        },
    )


@login_required
@require_POST
def explain(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    try:
        services.explanation_add(
            evaluation=evaluation,
            user=request.user,
            code=request.POST.get("code", ""),
            path=request.POST.get("path", ""),
            text=request.POST.get("text", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已说明问题 {request.POST.get('code', '')}")
    return redirect(reverse("evaluation-detail", args=[evaluation.pk]) + "#findings")


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    try:
        services.comment_add(
            evaluation=evaluation,
            user=request.user,
            text=request.POST.get("text", ""),
            path=request.POST.get("path", ""),
            code=request.POST.get("code", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "已发表意见")
    return redirect(reverse("evaluation-detail", args=[evaluation.pk]) + "#comments")


@login_required
@require_POST
def assessment_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    try:
        adjustment = Decimal(request.POST.get("adjustment", "").strip() or "x")
    except InvalidOperation:
        messages.error(request, "调整分值应为数字，例如 -2 或 1.5")
        return redirect("evaluation-detail", pk=evaluation.pk)
    try:
        services.assessment_adjust(
            evaluation=evaluation,
            user=request.user,
            adjustment=adjustment,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "已调整考核得分")
    return redirect(reverse("evaluation-detail", args=[evaluation.pk]) + "#assessment")


@login_required
def download(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    if (what, fmt) not in {(w, f) for w, f, _ in engine.DOWNLOADS} or not engine.renderers_available():
        raise Http404("没有这种下载")
    package = _package_or_none(_data(evaluation))
    if package is None:
        raise Http404("评价包不完整，无法生成")
    try:
        filename, content = engine.render(package, what, fmt)
    except Exception as exc:
        messages.error(request, f"生成文件失败：{exc}")
        return redirect("evaluation-detail", pk=evaluation.pk)
    filename = selectors.download_name_of(package, what, fmt, filename)
    response = HttpResponse(content, content_type="application/octet-stream")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
