"""The job queue (huey through ``huey.contrib.djhuey``): SQLite file by default, Redis when configured.

``settings.HUEY`` wins when the project sets it. Otherwise the queue is a SQLite file under
``settings.VAR_DIR`` (``huey.sqlite3``), or Redis when ``JIXIAO_REDIS_URL`` is set (the production
setting; ``JIXIAO_HUEY_NAME`` names the queue, so that several sites can share one Redis). The worker
is ``python -m jixiao_web.manage run_huey`` (or huey's own consumer); ``jixiao serve`` supervises it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings


def default_config() -> dict[str, Any]:
    redis_url = os.environ.get("JIXIAO_REDIS_URL", "")
    name = os.environ.get("JIXIAO_HUEY_NAME", "jixiao")
    consumer = {"workers": int(os.environ.get("JIXIAO_HUEY_WORKERS", "2")), "worker_type": "thread"}
    if redis_url:
        return {"name": name, "huey_class": "huey.RedisHuey", "url": redis_url, "consumer": consumer}
    var_dir = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "name": name,
        "huey_class": "huey.SqliteHuey",
        "filename": str(var_dir / "huey.sqlite3"),
        "immediate": os.environ.get("JIXIAO_HUEY_IMMEDIATE", "") == "1",
        "consumer": consumer,
    }


def configure() -> None:
    """Put the default HUEY setting in place unless the project has its own (call before djhuey loads)."""
    if getattr(settings, "HUEY", None) is None:
        settings.HUEY = default_config()
