"""Issue 10, F6 in one process: leases, recovery of a job whose worker died, bounded attempts, 重试.

The worker's death is staged here by writing what a dead worker leaves behind (a running job under
another worker's lease, a document it had started); ``test_worker_redis.py`` kills real processes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jixiao_web.bulk import services
from jixiao_web.bulk.models import BulkItem, BulkJob, ItemStatus, JobStatus
from tests.web_api.support import SEED_IDS, SEED_PACKAGES
from tests.web_bulk.test_bulk import make_zip

pytestmark = pytest.mark.django_db


def _job(world: dict[str, Any], n: int = 4) -> BulkJob:
    files = {
        f"{i:02d}-{SEED_IDS[i % 4]}.yaml": (SEED_PACKAGES / f"{SEED_IDS[i % 4]}.yaml").read_bytes()
        for i in range(n)
    }
    return services.bulk_job_create(
        user=world["users"]["admin"], filename="seeds.zip", content=make_zip(files), enqueue=False
    )


def _died_mid_job(job: BulkJob, *, worker: str, finished: int, lease_left: timedelta) -> None:
    """What a worker that died after ``finished`` documents (and during the next one) leaves behind."""
    assert services.bulk_job_claim(job.pk, worker)
    items = list(job.items.order_by("position"))
    for item in items[:finished]:
        assert services._item_start(item)
        services.bulk_item_run(job, item)
    BulkItem.objects.filter(pk=items[finished].pk).update(attempts=1)  # the one it was reading
    BulkJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() + lease_left)


def test_a_job_whose_lease_ran_out_is_queued_again_and_goes_on_where_it_stopped(
    world: dict[str, Any], no_checker: None
) -> None:
    job = _job(world)
    _died_mid_job(job, worker="elsewhere:1", finished=2, lease_left=timedelta(seconds=-1))
    assert BulkJob.objects.get(pk=job.pk).status == JobStatus.RUNNING  # stuck, as today
    assert services.bulk_job_retryable(BulkJob.objects.get(pk=job.pk))
    assert services.bulk_jobs_recover(enqueue=False) == [job.pk]
    queued = BulkJob.objects.get(pk=job.pk)
    assert queued.status == JobStatus.QUEUED and "重新排队" in queued.message
    done = services.bulk_job_run(job.pk, worker="here:2")
    assert (done.status, done.done, done.total, done.attempts) == (JobStatus.DONE, 4, 4, 2)
    # each document once: the two finished before the death were not redone
    assert list(done.items.order_by("position").values_list("status", "attempts")) == [
        (ItemStatus.OK, 1),
        (ItemStatus.OK, 1),
        (ItemStatus.OK, 2),
        (ItemStatus.OK, 1),
    ]


def test_a_live_lease_is_left_alone(world: dict[str, Any], no_checker: None) -> None:
    job = _job(world)
    _died_mid_job(job, worker="elsewhere:1", finished=1, lease_left=timedelta(minutes=5))
    assert services.bulk_jobs_recover(enqueue=False) == []
    assert not services.bulk_job_claim(job.pk, "here:2")  # nobody else takes a job under a live lease
    assert services.bulk_job_run(job.pk, worker="here:2").status == JobStatus.RUNNING


def test_a_dead_process_on_this_machine_is_recovered_before_its_lease_ends(
    world: dict[str, Any], no_checker: None
) -> None:
    import socket
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    job = _job(world)
    _died_mid_job(
        job,
        worker=f"{socket.gethostname()}:{gone.stdout.strip()}",
        finished=1,
        lease_left=timedelta(minutes=5),
    )
    assert services.bulk_jobs_recover(enqueue=False) == [job.pk]


def test_attempts_are_bounded_then_the_page_offers_retry(world: dict[str, Any], client_for: Any) -> None:
    job = _job(world)
    for attempt in range(1, services.max_attempts() + 1):
        assert services.bulk_job_claim(job.pk, f"elsewhere:{attempt}")
        BulkJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
        services.bulk_jobs_recover(enqueue=False)
    failed = BulkJob.objects.get(pk=job.pk)
    assert failed.status == JobStatus.FAILED and "重试" in failed.message
    page = client_for("admin").get(f"/bulk/{job.pk}/").content.decode()
    assert 'id="job-retry"' in page
    response = client_for("admin").post(f"/bulk/{job.pk}/retry/")
    assert response.status_code == 302
    retried = BulkJob.objects.get(pk=job.pk)
    assert retried.status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE)
    assert retried.attempts <= 1


def test_a_document_that_keeps_killing_its_worker_is_skipped(world: dict[str, Any], no_checker: None) -> None:
    job = _job(world, n=2)
    first = job.items.order_by("position").first()
    BulkItem.objects.filter(pk=first.pk).update(attempts=services.item_max_attempts())
    done = services.bulk_job_run(job.pk, worker="here:1")
    assert done.status == JobStatus.DONE and done.done == 2
    first.refresh_from_db()
    assert first.status == ItemStatus.FAILED and "中断" in first.message
    # 重试 gives such a document another chance
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    services.bulk_job_retry(user=world["users"]["admin"], job=done)
    first.refresh_from_db()
    assert first.status in (ItemStatus.PENDING, ItemStatus.OK)


def test_retry_is_refused_for_a_running_or_finished_job_and_for_other_bureaus(
    world: dict[str, Any], client_for: Any, no_checker: None
) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    job = _job(world, n=1)
    with pytest.raises(ValidationError):
        services.bulk_job_retry(user=world["users"]["admin"], job=job)  # queued, not failed
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    with pytest.raises(PermissionDenied):
        services.bulk_job_retry(user=world["users"]["admin_b"], job=job)
    assert client_for("admin_b").post(f"/bulk/{job.pk}/retry/").status_code == 403
    assert client_for("admin").get(f"/bulk/{job.pk}/retry/").status_code == 405


def test_a_document_whose_score_cannot_be_stored_is_a_marked_row(
    world: dict[str, Any], client_for: Any
) -> None:
    """F1 through the bulk zip: a 总分 of 960000 never breaks the job or its page."""
    from tests.web_api.support import SEED_TEXTS

    text = (SEED_TEXTS / "001_a74d644552a354b1.txt").read_text(encoding="utf-8")
    poisoned = text.replace("\t总分\n\t100\n\t96\n", "\t总分\n\t100\n\t960000\n", 1)
    assert poisoned != text
    job = services.bulk_job_create(
        user=world["users"]["admin"],
        filename="poison.zip",
        content=make_zip({"001.txt": poisoned.encode("utf-8")}),
        enqueue=False,
    )
    done = services.bulk_job_run(job.pk)
    assert done.status == JobStatus.DONE and done.done == 1
    item = done.items.get()
    assert item.self_score is None
    assert item.status == ItemStatus.FAILED or "960000" in item.message or item.message == ""
    for url in (f"/bulk/{job.pk}/", f"/bulk/{job.pk}/status.json", f"/bulk/{job.pk}/results.xlsx", "/bulk/"):
        assert client_for("admin").get(url).status_code == 200, url
