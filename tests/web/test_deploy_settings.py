"""Production settings pass Django's deployment checks (HTTPS-ready; secrets from the environment)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from tests.conftest import ROOT


def _check(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JIXIAO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "jixiao_web.config.settings.prod", **env_extra})
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_prod_settings_pass_the_deployment_check() -> None:
    result = _check(
        {"JIXIAO_SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": "postgres://u@127.0.0.1:5432/jixiao"}
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout + result.stderr
    # the only remark left is HSTS preload, deliberately off for an intranet system
    assert "W021" in report and "identified 1 issue" in report
    for code in ("W004", "W008", "W009", "W012", "W016", "W018", "W020"):
        assert code not in report, report


def test_prod_refuses_to_start_without_secret_or_database() -> None:
    result = _check({})
    assert result.returncode != 0
    assert "JIXIAO_SECRET_KEY" in result.stderr
    result = _check({"JIXIAO_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
