"""Debian's Chromium under Playwright, set up one way for the browser tests and the bench screenshots.

``launch_chromium(playwright)`` starts ``/usr/bin/chromium`` with :data:`CHROMIUM_ARGS` (no sandbox
and no GPU, as in a container; nothing that calls home, so a test never waits on the network).
``chromium()`` is the whole set-up of a browser test: skip when Chromium is missing, let the test
thread use the ORM beside Playwright's event loop, and close the browser afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with :data:`CHROMIUM_ARGS`."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


@contextmanager
def chromium() -> Iterator[Browser]:
    """A browser for one test; the test is skipped when Chromium is not installed."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):  # CI must run the browser tests, never skip them
            pytest.fail("没有找到 /usr/bin/chromium：bash scripts/setup.sh 应已安装")
        pytest.skip("需要 Debian 的 chromium（bash scripts/setup.sh 会安装）")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the test thread reads the ORM beside Playwright's loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()
