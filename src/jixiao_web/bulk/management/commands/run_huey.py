"""``python -m jixiao_web.manage run_huey``: the queue worker (huey's consumer, configured by jixiao)."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey.management.commands.run_huey import Command as HueyCommand

from jixiao_web.bulk.queue import configure


class Command(HueyCommand):
    help = "运行后台任务队列（批量审核等）"

    def handle(self, *args: Any, **options: Any) -> None:
        configure()
        super().handle(*args, **options)
