"""A real huey consumer process runs a bulk job queued in the SQLite huey file, end to end.

Everything happens in separate processes against one SQLite database file and one huey file in a
temporary folder (the test database of this process is in memory, or on PostgreSQL, and another
process cannot share it): migrate, queue the job, start ``run_huey``, wait (bounded) for the job.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.web_api.support import ROOT

QUEUE_JOB = r"""
import io, sys, zipfile
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from jixiao_web.orgs.models import Bureau, Jurisdiction, Membership, Role
from jixiao_web.bulk import services
seeds = Path(sys.argv[1])
county = Jurisdiction.objects.create(name="桃江县", level="county")
bureau = Bureau.objects.create(name="桃江县财政局", jurisdiction=county)
user = get_user_model().objects.create_user(username="admin", password="correct-horse-battery-9")
Membership.objects.create(user=user, role=Role.BUREAU_ADMIN, bureau=bureau)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(seeds.glob("*.yaml")):
        archive.writestr(path.name, path.read_bytes())
job = services.bulk_job_create(user=user, filename="seeds.zip", content=buffer.getvalue())
print(job.pk, job.status, job.total)
"""


def test_consumer_process_runs_the_job(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("JIXIAO_TEST_POSTGRES", "JIXIAO_REDIS_URL", "JIXIAO_HUEY_IMMEDIATE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jixiao_web.config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'jixiao.sqlite3'}",
            "JIXIAO_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    python = sys.executable
    subprocess.run(
        [python, "-m", "jixiao_web.manage", "migrate", "-v", "0"],
        env=env,
        check=True,
        timeout=180,
        cwd=tmp_path,
    )
    queued = subprocess.run(
        [python, "-c", QUEUE_JOB, str(ROOT / "tests" / "corpus" / "seeds")],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    job_id, status, total = queued.stdout.split()
    assert (status, total) == ("queued", "4")  # not run in the request: it waits for the worker
    assert (tmp_path / "huey.sqlite3").exists()

    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [python, "-m", "jixiao_web.manage", "run_huey", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 120
        row = None
        while time.monotonic() < deadline:
            with sqlite3.connect(tmp_path / "jixiao.sqlite3", timeout=10) as db:
                row = db.execute(
                    "SELECT status, done, total FROM bulk_bulkjob WHERE id = ?", (int(job_id),)
                ).fetchone()
            if row and row[0] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert row == ("done", 4, 4), (row, (tmp_path / "worker.log").read_text()[-2000:])
        with sqlite3.connect(tmp_path / "jixiao.sqlite3") as db:
            items = db.execute(
                "SELECT status, year FROM bulk_bulkitem WHERE job_id = ? ORDER BY year", (int(job_id),)
            ).fetchall()
        assert items == [("ok", 2021), ("ok", 2022), ("ok", 2024), ("ok", 2024)]
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
