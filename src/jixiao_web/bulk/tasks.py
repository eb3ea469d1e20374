"""Background tasks of the bulk audit (found by ``run_huey``'s autodiscovery of ``tasks`` modules)."""

from __future__ import annotations

from .queue import configure

configure()

from huey.contrib.djhuey import db_task  # noqa: E402


@db_task(retries=0)
def run_bulk_job(job_id: int) -> None:
    from .services import bulk_job_run

    bulk_job_run(job_id)
