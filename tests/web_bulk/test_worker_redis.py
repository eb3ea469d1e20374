"""Issue 10, F6 with real processes and the production queue: huey on the Redis server of this machine.

A job of twelve seed texts is queued; a worker process starts it and is killed (SIGKILL, the whole
process group) after two documents. Today the job stays "处理中" forever. Now a new worker picks it
up when it starts (the dead worker's process is gone), and finishes it without redoing a document.
Then ``jixiao serve``: its worker is killed and it starts a new one, which runs the next job.

Everything runs in separate processes against one SQLite file in a temporary folder (the test
database of this process is in memory, or on PostgreSQL, and another process cannot share it), and
a queue of its own on Redis (a unique name, removed afterwards). Waits are bounded polls.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web_api.support import ROOT, SEED_TEXTS

REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS", "redis://127.0.0.1:6379/0")

SETUP = r"""
import django
django.setup()
from django.contrib.auth import get_user_model
from jixiao_web.orgs.models import Bureau, Jurisdiction, Membership, Role
county = Jurisdiction.objects.create(name="桃江县", level="county")
bureau = Bureau.objects.create(name="桃江县财政局", jurisdiction=county)
user = get_user_model().objects.create_user(username="admin", password="correct-horse-battery-9")
Membership.objects.create(user=user, role=Role.BUREAU_ADMIN, bureau=bureau)
"""

QUEUE_JOB = r"""
import sys
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from jixiao_web.bulk import services
user = get_user_model().objects.get(username="admin")
job = services.bulk_job_create(user=user, filename="seeds.zip", content=Path(sys.argv[1]).read_bytes())
print(job.pk, job.status, job.total)
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"), reason="需要 Redis（127.0.0.1:6379）"),
]


def _zip(copies: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(copies):
            for path in sorted(SEED_TEXTS.glob("*.txt")):
                archive.writestr(f"{i:02d}-{path.name}", path.read_bytes())
    return buffer.getvalue()


class Site:
    """A temporary site: its environment, its database file, and helpers to run its processes."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.queue = f"jixiao-test-{uuid.uuid4().hex[:12]}"
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("JIXIAO_TEST_POSTGRES", "JIXIAO_HUEY_IMMEDIATE", "DATABASE_URL")
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "jixiao_web.config.settings.dev",
                "DATABASE_URL": f"sqlite:///{tmp / 'jixiao.sqlite3'}",
                "JIXIAO_VAR_DIR": str(tmp),
                "JIXIAO_REDIS_URL": REDIS_URL,
                "JIXIAO_HUEY_NAME": self.queue,
                "JIXIAO_HUEY_WORKERS": "1",
                "PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
            }
        )
        self.env = env
        self.processes: list[subprocess.Popen[Any]] = []

    def run(self, *args: str, timeout: float = 180) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            check=True,
            timeout=timeout,
            capture_output=True,
            text=True,
            cwd=self.tmp,
        )
        return done.stdout

    def start(self, args: list[str], log: str) -> subprocess.Popen[Any]:
        process = subprocess.Popen(
            args,
            env=self.env,
            stdout=(self.tmp / log).open("w"),
            stderr=subprocess.STDOUT,
            cwd=self.tmp,
            start_new_session=True,  # its own process group, so that it can be killed whole
        )
        self.processes.append(process)
        return process

    def worker(self, log: str) -> subprocess.Popen[Any]:
        return self.start([sys.executable, "-m", "jixiao_web.manage", "run_huey", "--workers", "1"], log)

    def queue_job(self, copies: int, *, worker_running: bool = False) -> tuple[int, int]:
        """A job made and put on the queue; with no worker up it must still be queued. A worker that
        is up may take it between the enqueue and bulk_job_create's refresh_from_db (a clean-clone
        run read 'running' there), so then any state but failed is what was asked."""
        archive = self.tmp / f"job-{copies}.zip"
        archive.write_bytes(_zip(copies))
        job_id, status, total = self.run("-c", QUEUE_JOB, str(archive)).split()
        assert status in (("queued", "running", "done") if worker_running else ("queued",)), status
        return int(job_id), int(total)

    def job(self, job_id: int) -> tuple[str, int, int, int]:
        with sqlite3.connect(self.tmp / "jixiao.sqlite3", timeout=20) as db:
            row = db.execute(
                "SELECT status, done, total, attempts FROM bulk_bulkjob WHERE id = ?", (job_id,)
            ).fetchone()
        return tuple(row)  # type: ignore[return-value]

    def items(self, job_id: int) -> list[tuple[str, int]]:
        with sqlite3.connect(self.tmp / "jixiao.sqlite3", timeout=20) as db:
            return db.execute(
                "SELECT status, attempts FROM bulk_bulkitem WHERE job_id = ? ORDER BY position", (job_id,)
            ).fetchall()

    def log(self, name: str) -> str:
        path = self.tmp / name
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    with _quiet():
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"*{self.queue}*"))
        if keys:
            client.delete(*keys)


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> bool:
        return True


def wait_for(condition: Callable[[], Any], seconds: float, what: str, logs: Callable[[], str]) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"没有等到：{what}\n{logs()}")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    s = Site(tmp_path)
    s.run("-m", "jixiao_web.manage", "migrate", "-v", "0")
    s.run("-c", SETUP)
    try:
        yield s
    finally:
        s.stop_all()


def test_a_killed_worker_leaves_no_stuck_job(site: Site) -> None:
    job_id, total = site.queue_job(copies=3)
    assert total == 12
    first = site.worker("worker-1.log")
    wait_for(
        lambda: site.job(job_id)[1] >= 2,
        150,
        "第一个后台进程处理了两个文档",
        lambda: site.log("worker-1.log"),
    )
    os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-job, with no chance to clean up
    first.wait(timeout=20)
    status, done, _, attempts = site.job(job_id)
    assert status == "running" and done < total and attempts == 1  # what was stuck forever before
    before = done

    site.worker("worker-2.log")  # starts, sees the dead worker's job, queues it again and runs it
    final = wait_for(
        lambda: (row := site.job(job_id))[0] in ("done", "failed") and row,
        240,
        "第二个后台进程完成任务",
        lambda: site.log("worker-2.log"),
    )
    assert final == ("done", total, total, 2), site.log("worker-2.log")
    items = site.items(job_id)
    assert all(status == "ok" for status, _ in items), items
    # the documents finished before the kill were not read again; the one being read was, once
    assert [a for _, a in items[:before]] == [1] * before
    assert sum(1 for _, a in items if a == 2) <= 1


def test_serve_restarts_its_worker_and_the_next_job_runs(site: Site) -> None:
    port = _free_port()
    serve = site.start(
        [sys.executable, "-m", "jixiao.cli", "serve", "--port", str(port), "--workers", "1"], "serve.log"
    )
    pids = lambda: re.findall(r"后台任务进程已(?:重新)?启动（pid (\d+)", site.log("serve.log"))  # noqa: E731
    first = int(wait_for(lambda: pids(), 120, "serve 启动后台进程", lambda: site.log("serve.log"))[0])
    os.kill(first, signal.SIGKILL)
    second = int(
        wait_for(
            lambda: len(pids()) >= 2 and pids(), 60, "serve 重新启动后台进程", lambda: site.log("serve.log")
        )[1]
    )
    assert second != first
    os.kill(second, 0)  # it runs
    job_id, total = site.queue_job(copies=1, worker_running=True)
    final = wait_for(
        lambda: (row := site.job(job_id))[0] in ("done", "failed") and row,
        180,
        "重新启动的后台进程完成任务",
        lambda: site.log("serve.log"),
    )
    assert final[:3] == ("done", total, total)
    os.killpg(serve.pid, signal.SIGTERM)
    serve.wait(timeout=30)
    wait_for(lambda: not _alive(second), 20, "serve 退出时停止后台进程", lambda: site.log("serve.log"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
