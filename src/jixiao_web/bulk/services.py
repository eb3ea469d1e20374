"""Bulk audit services: create a job from an uploaded zip, and run it (in the worker).

Each document goes through the same path as a single upload: the core importer
(``jixiao.importers.import_bytes`` via the web engine), the checker (``jixiao.audit.check_package``)
and the scorer (``jixiao.scoring.score_package``). A document that cannot be read becomes a failed
item with the reason; the job goes on. Progress is written after every document.
"""

from __future__ import annotations

import hashlib
import logging
import time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.model import EvaluationPackage
from jixiao_web.dashboards.access import BureauScope, bureau_scope
from jixiao_web.evaluations import engine

from . import archive
from .models import BulkItem, BulkJob, ItemStatus, JobStatus

log = logging.getLogger(__name__)


def bulk_job_create(*, user: Any, filename: str, content: bytes, enqueue: bool = True) -> BulkJob:
    """Check the zip (limits, zip bombs), record one item per document, and queue the job."""
    scope = bureau_scope(user)
    if not filename.lower().endswith(".zip"):
        raise ValidationError("请上传 .zip 压缩包")
    try:
        members = archive.list_members(content)
    except archive.ArchiveError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        job = BulkJob.objects.create(
            bureau_id=scope.bureau_id,
            created_by=user,
            filename=filename[:255],
            archive=content,
            sha256=hashlib.sha256(content).hexdigest(),
            total=len(members),
        )
        BulkItem.objects.bulk_create(
            [
                BulkItem(
                    job=job,
                    position=i,
                    member_index=m.index,
                    filename=m.name[:500],
                    status=ItemStatus.PENDING if m.supported else ItemStatus.SKIPPED,
                    message="" if m.supported else "不支持的文件类型，已跳过",
                )
                for i, m in enumerate(members)
            ]
        )
        skipped = sum(1 for m in members if not m.supported)
        if skipped:
            BulkJob.objects.filter(pk=job.pk).update(done=skipped)
    if enqueue:
        bulk_job_enqueue(job)
    job.refresh_from_db()
    return job


def bulk_job_enqueue(job: BulkJob) -> None:
    from .tasks import run_bulk_job

    run_bulk_job(job.pk)


def _score(package: EvaluationPackage) -> Decimal | None:
    try:
        from jixiao.scoring import score_package
    except ImportError:
        return None
    try:
        sheets = list(score_package(package))
    except Exception:
        log.exception("score_package failed")
        return None
    for sheet in sheets:
        if str(getattr(getattr(sheet, "scope", ""), "value", getattr(sheet, "scope", ""))) == "overall":
            total = getattr(sheet, "computed_total", None)
            return total if isinstance(total, Decimal) else None
    return None


def _plain_findings(findings: list[dict[str, Any]], document: str) -> list[dict[str, Any]]:
    keep = (
        "code",
        "category",
        "severity",
        "severity_label",
        "message",
        "stated",
        "computed",
        "rule",
        "path",
        "line",
        "page",
        "where",
    )
    out = []
    for f in findings:
        item = {k: f.get(k) for k in keep}
        for k in ("stated", "computed", "rule"):
            if item[k] is not None:
                item[k] = str(item[k])
        item["document"] = document
        out.append(item)
    return out


def bulk_item_run(job: BulkJob, item: BulkItem) -> None:
    """Import, check and score one document; record the outcome on the item."""
    started = time.monotonic()
    try:
        content = archive.read_member(bytes(job.archive), item.member_index)
        name = item.filename.rsplit("/", 1)[-1]
        packages = engine.import_document(content, name)
        if not packages:
            raise engine.ImportFailed(f"{name}：没有识别出任何评价表或报告")
    except (archive.ArchiveError, engine.ImportFailed) as exc:
        item.status, item.message = ItemStatus.FAILED, str(exc)
    except Exception as exc:  # one bad document must not stop the job
        log.exception("bulk item %s failed", item.pk)
        item.status, item.message = ItemStatus.FAILED, f"读取时出错（{type(exc).__name__}）"
    else:
        findings: list[dict[str, Any]] = []
        issues = 0
        for package in packages:
            findings += _plain_findings(engine.check(package), item.filename)
            issues += len(package.import_report)
        first = packages[0]
        overall = first.overall
        item.status = ItemStatus.OK
        item.unit_name = first.unit.name[:200]
        item.year = first.year
        item.self_score = overall.stated_total_score if overall else None
        item.grade = ((overall.stated_grade or "") if overall else "")[:8]
        item.computed_score = _score(first)
        item.findings = findings
        item.error_count = sum(1 for f in findings if f["severity"] == "error")
        item.warning_count = sum(1 for f in findings if f["severity"] == "warning")
        item.info_count = sum(1 for f in findings if f["severity"] == "info")
        item.import_issue_count = issues
        if len(packages) > 1:
            item.message = f"该文档含{len(packages)}个评价包，已全部审核"
    item.seconds = Decimal(str(round(time.monotonic() - started, 2)))
    item.save()
    BulkJob.objects.filter(pk=job.pk).update(done=F("done") + 1)


def bulk_job_run(job_id: int) -> BulkJob:
    """Run a queued job to the end (called by the worker; safe to call again after a crash)."""
    job = BulkJob.objects.get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        for item in job.items.filter(status=ItemStatus.PENDING).order_by("position"):
            bulk_item_run(job, item)
    except Exception as exc:
        log.exception("bulk job %s failed", job.pk)
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=f"任务中断（{type(exc).__name__}）"
        )
    else:
        BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- selectors


def bulk_job_list_for_user(user: Any) -> Any:
    scope = bureau_scope(user)
    qs = BulkJob.objects.defer("archive").select_related("created_by")
    return qs if scope.everything else qs.filter(bureau_id=scope.bureau_id)


def bulk_job_get_for_user(user: Any, pk: int) -> BulkJob:
    scope: BureauScope = bureau_scope(user)
    job = BulkJob.objects.defer("archive").filter(pk=pk).first()
    if job is None or (not scope.everything and job.bureau_id != scope.bureau_id):
        raise PermissionDenied("无权查看该批量审核任务或该任务不存在")
    return job


def bulk_job_status(job: BulkJob) -> dict[str, Any]:
    """What the progress bar polls."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": JobStatus(job.status).label,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
        "message": job.message,
    }
