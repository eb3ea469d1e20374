"""Bulk audit services: create a job from an uploaded zip, and run it (in the worker).

Each document goes through the same path as a single upload: the core importer
(``jixiao.importers.import_bytes`` via the web engine), the checker (``jixiao.audit.check_package``)
and the scorer (``jixiao.scoring.score_package``). A document that cannot be read becomes a failed
item with the reason; the job goes on. Progress is written after every document.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jixiao.model import EvaluationPackage
from jixiao_web.dashboards.access import BureauScope, bureau_scope
from jixiao_web.evaluations import engine
from jixiao_web.evaluations.models import column_value

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


def _score(package: EvaluationPackage, memo: Any = None) -> tuple[Decimal | None, str]:
    """The one score and grade the rule set gives (``jixiao.scoring.final_score``, as on every page);
    ``memo`` is the one the checks were given (engine.score_memo): forms they scored are not scored again."""
    from jixiao.rules import RuleSetError
    from jixiao.scoring import final_score, score_package

    try:
        try:
            sheets = score_package(package, memo=memo) if memo is not None else None
        except RuleSetError:
            sheets = None  # final_score says why in its reasons
        result = final_score(package, sheets=sheets)
    except Exception:  # a scoring bug must not fail the document: it is checked and listed anyway
        log.exception("final_score failed")
        return None, ""
    return result.score, (result.grade or "")[:8]


def _scope(findings: list[dict[str, Any]]) -> str:
    """What was read, as the checker states it: the little-read warning first, else the scope."""
    for code in ("COV001", "COV002"):
        for f in findings:
            if f.get("code") == code:
                return str(f.get("message") or "")
    return ""


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


def _item_figures(item: BulkItem, overall: Any) -> list[str]:
    """Put the stated and computed scores on the item; return what could not be stored (Chinese)."""
    problems = []
    for name, value, exact in (
        ("self_score", overall.stated_total_score if overall else None, True),
        ("computed_score", item.computed_score, False),
    ):
        try:
            setattr(item, name, column_value(BulkItem._meta.get_field(name), value, exact=exact))
        except ValidationError as exc:
            setattr(item, name, None)
            problems += exc.messages
    return problems


def bulk_item_run(job: BulkJob, item: BulkItem) -> None:
    """Import, check and score one document; record the outcome on the item (and the job's count)."""
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
        memos = []
        for package in packages:
            with engine.scoring_once() as memo:  # each form scored once by the checks and the score
                findings += _plain_findings(engine.check(package), item.filename)
            memos.append(memo)
            issues += len(package.import_report)
        first = packages[0]
        overall = first.overall
        item.status = ItemStatus.OK
        item.unit_name = first.unit.name[:200]
        item.year = first.year if 0 < first.year < 2**31 else None
        item.grade = ((overall.stated_grade or "") if overall else "")[:8]
        item.computed_score, item.computed_grade = _score(first, memos[0])
        item.scope = _scope(findings)
        unstored = _item_figures(item, overall)
        item.findings = findings
        item.error_count = sum(1 for f in findings if f["severity"] == "error")
        item.warning_count = sum(1 for f in findings if f["severity"] == "warning")
        item.info_count = sum(1 for f in findings if f["severity"] == "info")
        item.import_issue_count = issues
        notes = []
        if len(packages) > 1:
            notes.append(f"该文档含{len(packages)}个评价包，已全部审核")
        if unstored:
            notes.append("以下数值无法存入结果表（已留空）：" + "；".join(unstored))
        item.message = "；".join(notes)
    item.seconds = Decimal(str(round(min(time.monotonic() - started, 999999), 2)))
    _item_finish(job, item)


def _item_finish(job: BulkJob, item: BulkItem) -> None:
    """Store the item and count it, together; an item that cannot be stored is stored as failed."""
    try:
        with transaction.atomic():
            item.save()
            BulkJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    except DatabaseError:
        log.exception("bulk item %s could not be stored", item.pk)
        with transaction.atomic():
            BulkItem.objects.filter(pk=item.pk).update(
                status=ItemStatus.FAILED,
                message="审核结果无法保存（数据超出范围或格式异常）",
                findings=[],
                self_score=None,
                computed_score=None,
                seconds=item.seconds,
            )
            BulkJob.objects.filter(pk=job.pk).update(done=F("done") + 1)


# ---------------------------------------------------------------- running, leases and recovery


def lease_seconds() -> int:
    return int(getattr(settings, "BULK_LEASE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "BULK_MAX_ATTEMPTS", 3))


def item_max_attempts() -> int:
    return int(getattr(settings, "BULK_ITEM_MAX_ATTEMPTS", 2))


def worker_id() -> str:
    """This worker process: ``host:pid`` (threads of one process share it)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease_until() -> Any:
    return timezone.now() + timedelta(seconds=lease_seconds())


def bulk_job_claim(job_id: int, worker: str) -> bool:
    """Take the job for ``worker``: a queued job, or a running one whose lease ran out. Atomic."""
    now = timezone.now()
    taken = (
        BulkJob.objects.filter(pk=job_id)
        .filter(Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, lease_until__lt=now))
        .update(
            status=JobStatus.RUNNING,
            started_at=Coalesce(F("started_at"), Value(now)),
            lease_until=_lease_until(),
            heartbeat_at=now,
            worker=worker[:100],
            attempts=F("attempts") + 1,
        )
    )
    return taken == 1


def bulk_job_heartbeat(job_id: int, worker: str) -> bool:
    """Renew the lease; False when the job is no longer this worker's (it was taken over or retried)."""
    now = timezone.now()
    return (
        BulkJob.objects.filter(pk=job_id, worker=worker, status=JobStatus.RUNNING).update(
            heartbeat_at=now, lease_until=_lease_until()
        )
        == 1
    )


class _Heartbeat:
    """Renews the lease from a thread while one document takes long (the process's death stops it)."""

    def __init__(self, job_id: int, worker: str) -> None:
        self.job_id, self.worker = job_id, worker
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> _Heartbeat:
        if getattr(settings, "BULK_HEARTBEAT_THREAD", True):
            self.thread = threading.Thread(
                target=self._run, name=f"bulk-heartbeat-{self.job_id}", daemon=True
            )
            self.thread.start()
        return self

    def _run(self) -> None:
        from django.db import connection

        interval = max(1.0, lease_seconds() / 3)
        try:
            while not self.stop.wait(interval):
                try:
                    bulk_job_heartbeat(self.job_id, self.worker)
                except DatabaseError:
                    log.warning("bulk job %s: heartbeat failed", self.job_id)
        finally:
            connection.close()

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=5)


def _item_start(item: BulkItem) -> bool:
    """Count an attempt at the item; False (and the item failed) when earlier attempts all died."""
    BulkItem.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1)
    item.refresh_from_db(fields=["attempts", "status"])
    if item.status != ItemStatus.PENDING:
        return False
    if item.attempts > item_max_attempts():
        with transaction.atomic():
            BulkItem.objects.filter(pk=item.pk, status=ItemStatus.PENDING).update(
                status=ItemStatus.FAILED,
                message=f"处理该文档时后台进程中断了{item.attempts - 1}次（文档可能过大或异常），已跳过",
            )
            BulkJob.objects.filter(pk=item.job_id).update(done=F("done") + 1)
        return False
    return True


def bulk_job_run(job_id: int, worker: str | None = None) -> BulkJob:
    """Run a queued job to the end (called by the worker). Safe to call again, and twice at once:
    only the worker holding the lease works, and each document is done once (progress is kept
    per document, so a job taken over after its worker died goes on where it stopped)."""
    worker = worker or worker_id()
    if not bulk_job_claim(job_id, worker):
        return BulkJob.objects.get(pk=job_id)
    job = BulkJob.objects.get(pk=job_id)
    try:
        with _Heartbeat(job_id, worker):
            for item in job.items.filter(status=ItemStatus.PENDING).order_by("position"):
                if not bulk_job_heartbeat(job_id, worker):
                    log.warning("bulk job %s: lease lost by %s; stopping", job_id, worker)
                    return BulkJob.objects.get(pk=job_id)
                if _item_start(item):
                    bulk_item_run(job, item)
    except Exception as exc:
        log.exception("bulk job %s failed", job.pk)
        BulkJob.objects.filter(pk=job.pk, worker=worker).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            lease_until=None,
            message=f"任务中断（{type(exc).__name__}），可点击“重试”",
        )
    else:
        BulkJob.objects.filter(pk=job.pk, worker=worker, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, finished_at=timezone.now(), lease_until=None, message=""
        )
    job.refresh_from_db()
    return job


def _process_gone(worker: str) -> bool:
    """Whether ``worker`` (``host:pid``) is a process of this machine that no longer runs."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def bulk_jobs_recover(*, enqueue: bool = True) -> list[int]:
    """Queue again every running job whose worker died: its lease ran out, or its process (on this
    machine) is gone. After BULK_MAX_ATTEMPTS runs the job fails instead, and the page offers 重试.
    Returns the ids queued again. Called when a worker starts and every minute by the worker."""
    now = timezone.now()
    requeued = []
    for job in BulkJob.objects.defer("archive").filter(status=JobStatus.RUNNING):
        expired = job.lease_until is None or job.lease_until < now
        if not expired and not _process_gone(job.worker):
            continue
        stale = BulkJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, worker=job.worker, attempts=job.attempts
        )
        if job.attempts >= max_attempts():
            stale.update(
                status=JobStatus.FAILED,
                finished_at=now,
                lease_until=None,
                message=f"后台进程在处理中中断了{job.attempts}次，任务已停止；可点击“重试”",
            )
            continue
        if stale.update(
            status=JobStatus.QUEUED,
            lease_until=None,
            message=f"后台进程中断，已重新排队（第{job.attempts + 1}次运行），已处理的文档不会重做",
        ):
            requeued.append(job.pk)
            if enqueue:
                bulk_job_enqueue(job)
    return requeued


def bulk_job_retryable(job: BulkJob) -> bool:
    """Whether the page offers 重试: the job failed, or it runs under a lease that ran out."""
    if job.status == JobStatus.FAILED:
        return True
    return job.status == JobStatus.RUNNING and (job.lease_until is None or job.lease_until < timezone.now())


def bulk_job_retry(*, user: Any, job: BulkJob) -> BulkJob:
    """重试: queue a failed (or stuck) job again from where it stopped; documents whose runs all died
    are tried again too. Documents that could not be read stay as they are."""
    scope = bureau_scope(user)
    if not scope.everything and job.bureau_id != scope.bureau_id:
        raise PermissionDenied("无权操作该批量审核任务")
    with transaction.atomic():
        job = BulkJob.objects.select_for_update().defer("archive").get(pk=job.pk)
        if not bulk_job_retryable(job):
            raise ValidationError("只有失败或已中断的任务可以重试")
        died = job.items.filter(status=ItemStatus.FAILED, message__startswith="处理该文档时后台进程中断")
        again = died.update(status=ItemStatus.PENDING, message="", attempts=0)
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED,
            attempts=0,
            lease_until=None,
            worker="",
            finished_at=None,
            done=F("done") - again,
            message="已重新排队（重试）",
        )
    bulk_job_enqueue(job)
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
        "attempts": job.attempts,
        "heartbeat_at": job.heartbeat_at.isoformat() if job.heartbeat_at else None,
    }
