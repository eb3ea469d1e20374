"""Screenshots of the dashboards and the bulk audit page on the benchmark database (Chromium, Playwright).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench python bench/web/screenshots.py

Starts gunicorn on 127.0.0.1 with the bench settings, opens a session for the bench accounts and
saves PNGs to ``bench/out/screens/``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out" / "screens"


def main() -> None:
    sys.path[:0] = [str(HERE), str(ROOT / "src"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ.setdefault("JIXIAO_VAR_DIR", str(ROOT / "bench" / "out" / "var"))
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # sessions are made beside Playwright's event loop
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Max
    from playwright.sync_api import sync_playwright
    from tests.browser import launch_chromium

    from jixiao_web.evaluations.models import Evaluation

    def session_for(username: str) -> str:
        user = get_user_model().objects.get(username=username)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        return str(store.session_key)

    OUT.mkdir(parents=True, exist_ok=True)
    year = Evaluation.objects.aggregate(y=Max("year"))["y"]
    bureau = get_user_model().objects.get(username="bench_bureau")
    unit_id = Evaluation.objects.filter(unit__bureau_id=bureau.membership.bureau_id).values_list(
        "unit_id", flat=True
    )[0]
    port = 8765
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT / "src")]))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jixiao_web.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            shots = [
                ("bench_sys", f"/dashboards/?year={year}", "dashboard-province"),
                ("bench_bureau", f"/dashboards/?year={year}", "dashboard-county"),
                ("bench_bureau", f"/dashboards/units/{unit_id}/", "dashboard-unit"),
                ("bench_sys", "/bulk/", "bulk-list"),
                ("bench_sys", "/portal/?page=100", "portal-page-100"),
                ("bench_sys", "/", "home-sysadmin"),
            ]
            for username, url, name in shots:
                context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session_for(username), "url": base}]
                )
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
                t0 = time.perf_counter()
                page.goto(base + url, wait_until="networkidle")
                seconds = time.perf_counter() - t0
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                canvases = page.locator("canvas").count()
                print(f"{name}: {seconds:.2f} 秒, {canvases} 个图表画布, 脚本错误 {len(errors)}", flush=True)
                context.close()
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
