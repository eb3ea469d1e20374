"""``jixiao serve``: migrate, optionally load the demo data, and serve with gunicorn.

Registered as a command of the core CLI through the ``jixiao.commands`` entry point, so the
core never imports the web app.
"""

from __future__ import annotations

import os
from typing import Any

import click


def setup_django(settings_module: str = "jixiao_web.config.settings.dev") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def prepare(*, demo: bool, verbosity: int = 0) -> list[tuple[str, str, str]]:
    """Migrate the database and, with ``demo``, load the sample data when it is empty.

    Returns the demo accounts created (username, password, role label); empty if none were created.
    """
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)
    if demo:
        from jixiao_web.orgs.demo import load_demo

        return load_demo()
    return []


class _Gunicorn:  # built lazily: gunicorn is imported only when serving
    @staticmethod
    def run(host: str, port: int, workers: int) -> None:
        from gunicorn.app.base import BaseApplication

        from jixiao_web.config.wsgi import application

        class App(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("timeout", 120)
                self.cfg.set("accesslog", "-")
                self.cfg.set("limit_request_line", 8190)

            def load(self) -> Any:
                return application

        App().run()


def run(*, demo: bool, host: str, port: int, workers: int = 2, queue_worker: bool = True) -> None:
    if demo:  # the login page mentions the demo accounts only in demo mode (issue 12)
        os.environ["JIXIAO_DEMO"] = "1"
    setup_django()
    accounts = prepare(demo=demo)
    if accounts:
        click.echo("== 已载入示例数据。演示账号（密码只显示这一次，另存于 var/demo-accounts.txt）：")
        for username, password, label in accounts:
            click.echo(f"   {label:<12} 用户名 {username:<16} 密码 {password}")
    elif demo:
        click.echo("== 数据库已有数据，未重复载入示例数据（演示账号见 var/demo-accounts.txt）")
    if queue_worker:
        _start_queue_worker()
    click.echo(f"== 网站地址：http://{host}:{port}/   （Ctrl+C 停止）")
    _Gunicorn.run(host, port, workers)


class WorkerSupervisor:
    """Runs the bulk-audit worker (huey consumer) as a child process and restarts it when it dies.

    A worker that exits while the site runs is started again after a pause that doubles while it
    keeps dying soon after starting (1 s, 2 s, 4 s … at most ``max_pause``) and is back to 1 s once
    it ran for a while. Jobs the dead worker left running are picked up by the new one (see
    :func:`jixiao_web.bulk.services.bulk_jobs_recover`). ``stop()`` ends the worker and the watch.
    """

    STABLE_SECONDS = 60.0

    def __init__(self, command: list[str], env: dict[str, str], *, max_pause: float = 60.0) -> None:
        import threading

        self.command, self.env, self.max_pause = command, env, max_pause
        self.process: Any = None
        self.restarts = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="queue-worker-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        click.echo(f"== 批量审核后台任务进程已启动（pid {self.process.pid}）")
        self.thread.start()

    def _spawn(self) -> None:
        import subprocess
        import time

        self.process = subprocess.Popen(self.command, env=self.env)  # our own interpreter and module
        self.started = time.monotonic()

    def _watch(self) -> None:
        import time

        pause = 1.0
        while not self.stopping.is_set():
            code = self.process.wait()  # also returns when gunicorn's arbiter reaped it first
            if self.stopping.is_set():
                return
            ran = time.monotonic() - self.started
            pause = (
                1.0
                if ran >= self.STABLE_SECONDS
                else min(self.max_pause, pause * 2 if self.restarts else 1.0)
            )
            click.echo(f"== 批量审核后台任务进程已退出（退出码 {code}），{pause:g} 秒后重新启动", err=True)
            if self.stopping.wait(pause):
                return
            self._spawn()
            self.restarts += 1
            click.echo(f"== 批量审核后台任务进程已重新启动（pid {self.process.pid}，第{self.restarts}次）")

    def stop(self) -> None:
        import subprocess

        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _start_queue_worker() -> WorkerSupervisor:
    """Start the bulk-audit job worker beside the web server, supervised; stop it when we exit."""
    import atexit
    import sys

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.config.settings.dev")
    supervisor = WorkerSupervisor([sys.executable, "-m", "jixiao_web.manage", "run_huey", "--quiet"], env)
    supervisor.start()
    atexit.register(supervisor.stop)
    return supervisor


@click.command(name="serve")
@click.option(
    "--demo", is_flag=True, help="数据库为空时载入示例数据（四个种子单位、财政局、自评通知、演示账号）"
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn 工作进程数")
@click.option(
    "--no-queue-worker", is_flag=True, help="不在本进程旁启动批量审核的后台任务进程（另行部署时使用）"
)
def serve_command(demo: bool, host: str, port: int, workers: int, no_queue_worker: bool) -> None:
    """迁移数据库、（可选）载入示例数据，并用 gunicorn 启动网站和批量审核后台任务进程。"""
    run(demo=demo, host=host, port=port, workers=workers, queue_worker=not no_queue_worker)
