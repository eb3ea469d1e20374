"""Background tasks of the bulk audit (found by ``run_huey``'s autodiscovery of ``tasks`` modules).

``run_bulk_job`` runs one job; a job whose worker died is queued again by ``recover_bulk_jobs``,
which every worker runs when it starts and the scheduler runs every minute (see
:func:`jixiao_web.bulk.services.bulk_jobs_recover`).
"""

from __future__ import annotations

import logging

from .queue import configure

configure()

from huey import crontab  # noqa: E402
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup  # noqa: E402

log = logging.getLogger(__name__)


@db_task(retries=0)
def run_bulk_job(job_id: int) -> None:
    from .services import bulk_job_run

    bulk_job_run(job_id)


@db_periodic_task(crontab(minute="*"))
def recover_bulk_jobs() -> None:
    from .services import bulk_jobs_recover

    bulk_jobs_recover()


@on_startup()
def recover_on_startup() -> None:
    """A restarted worker picks up the jobs its dead predecessor left running."""
    from django.db import close_old_connections

    from .services import bulk_jobs_recover

    try:
        requeued = bulk_jobs_recover()
        if requeued:
            log.warning("bulk jobs queued again after their worker died: %s", requeued)
    except Exception:  # the database may not be reachable yet; the periodic run catches up
        log.exception("bulk job recovery at start-up failed")
    finally:
        close_old_connections()
