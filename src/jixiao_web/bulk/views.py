"""Bulk audit pages: upload a zip, watch the progress bar, read every finding, download .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao_web.dashboards.access import bureau_scope
from jixiao_web.dashboards.xlsx import XLSX_CONTENT_TYPE, Table, workbook_bytes

from . import archive, services
from .models import BulkItem, JobStatus


@login_required
@require_http_methods(["GET", "POST"])
def job_list(request: HttpRequest) -> HttpResponse:
    bureau_scope(request.user)
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("archive")
        if upload is None:
            messages.error(request, "请选择要上传的 .zip 压缩包")
            status = 400
        else:
            try:
                job = services.bulk_job_create(
                    user=request.user, filename=upload.name or "", content=upload.read()
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
                status = 400
            else:
                messages.success(request, f"已接收 {job.filename}，共 {job.total} 个文档，正在后台审核")
                return redirect("bulk-detail", pk=job.pk)
    lim = archive.limits()
    return render(
        request,
        "bulk/list.html",
        {
            "jobs": services.bulk_job_list_for_user(request.user)[:50],
            "limits": {
                "zip_mb": lim.zip_bytes // archive.MB,
                "members": lim.members,
                "total_mb": lim.total_uncompressed // archive.MB,
                "member_mb": lim.member_bytes // archive.MB,
            },
        },
        status=status,
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.bulk_job_get_for_user(request.user, pk)
    items = list(job.items.all())
    finished = job.status in (JobStatus.DONE, JobStatus.FAILED)
    return render(
        request,
        "bulk/detail.html",
        {
            "job": job,
            "items": items,
            "status": services.bulk_job_status(job),
            "finished": finished,
            "retry": services.bulk_job_retryable(job),
            "finding_count": sum(len(i.findings) for i in items),
        },
    )


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.bulk_job_get_for_user(request.user, pk)
    try:
        services.bulk_job_retry(user=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已重新排队，将从中断处继续处理")
    return redirect("bulk-detail", pk=job.pk)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = services.bulk_job_get_for_user(request.user, pk)
    return JsonResponse(services.bulk_job_status(job), json_dumps_params={"ensure_ascii": False})


def results_tables(items: list[BulkItem]) -> list[Table]:
    """The whole job as two tables: one row per document, one row per finding."""
    documents = Table(
        "文档",
        [
            "序号",
            "文件",
            "状态",
            "单位",
            "年度",
            "自评得分",
            "复核得分",
            "自评等级",
            "复核等级",
            "错误",
            "警告",
            "提示",
            "未能识别",
            "说明",
        ],
    )
    findings = Table(
        "问题",
        ["序号", "文件", "单位", "年度", "代码", "严重程度", "问题", "文件所述", "核算值", "依据", "位置"],
    )
    for item in items:
        documents.rows.append(
            [
                item.position + 1,
                item.filename,
                item.get_status_display(),
                item.unit_name,
                item.year,
                item.self_score,
                item.computed_score,
                item.grade,
                item.computed_grade,
                item.error_count,
                item.warning_count,
                item.info_count,
                item.import_issue_count,
                "；".join(t for t in (item.scope, item.message) if t),
            ]
        )
        for f in item.findings:
            findings.rows.append(
                [
                    item.position + 1,
                    item.filename,
                    item.unit_name,
                    item.year,
                    f.get("code"),
                    f.get("severity_label"),
                    f.get("message"),
                    f.get("stated"),
                    f.get("computed"),
                    f.get("rule"),
                    f.get("where"),
                ]
            )
    return [documents, findings]


@login_required
def job_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.bulk_job_get_for_user(request.user, pk)
    data = workbook_bytes(results_tables(list(job.items.all())))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bulk-audit-{job.pk}.xlsx"'
    return response
