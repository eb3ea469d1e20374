"""Django setup for the web tests only (the core tests run without Django).

``DJANGO_SETTINGS_MODULE`` is set here, before Django loads; with ``JIXIAO_TEST_POSTGRES`` set
(e.g. ``postgres://postgres@127.0.0.1:5432/postgres``) the tests run on PostgreSQL — pytest-django
creates and drops a ``test_…`` database beside it — otherwise on SQLite in memory.

Fixtures build one small world: two bureaus; bureau A with desks D1 and D2, units U1 (desk D1)
and U2 (desk D2); bureau B with unit U3; one account per role and scope.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

if os.environ.get("JIXIAO_TEST_POSTGRES"):
    os.environ["DATABASE_URL"] = os.environ["JIXIAO_TEST_POSTGRES"]
os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao_web.config.settings.test"

import django

django.setup()

import pytest  # noqa: E402

from jixiao.model import EvaluationPackage, load_package  # noqa: E402
from tests.factories import accounts, bureaus_and_desks, client_maker  # noqa: E402
from tests.pg import _release_postgres_sessions  # noqa: E402, F401

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "tests" / "corpus" / "seeds"
SEED_001 = "001_a74d644552a354b1"
PASSWORD = "correct-horse-battery-9"


def seed_package(seed_id: str = SEED_001) -> EvaluationPackage:
    """The hand-made package of a seed (the importer may not be finished; this is ground truth)."""
    return load_package(SEED_DIR / f"{seed_id}.yaml")


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.evaluations import services
    from jixiao_web.orgs.models import BudgetUnit, Jurisdiction, Role

    province = Jurisdiction.objects.create(name="湖南省", level="province")
    county_a = Jurisdiction.objects.create(name="桃江县", level="county", parent=province)
    county_b = Jurisdiction.objects.create(name="石峰区", level="county", parent=province)
    bureau_a, bureau_b, d1, d2, d3 = bureaus_and_desks(county_a, county_b)
    u1 = BudgetUnit.objects.create(
        name="桃江县社会保险服务中心", jurisdiction=county_a, bureau=bureau_a, desk=d1
    )
    u2 = BudgetUnit.objects.create(name="桃江县农业农村局", jurisdiction=county_a, bureau=bureau_a, desk=d2)
    u3 = BudgetUnit.objects.create(
        name="株洲市石峰区社会保险服务中心", jurisdiction=county_b, bureau=bureau_b, desk=d3
    )
    campaign = Campaign.objects.create(
        bureau=bureau_a,
        year=2024,
        title="关于开展2024年度绩效自评工作的通知",
        scope="本级预算单位",
        basis="财预〔2020〕10号",
        content="预算执行与绩效目标完成情况",
        procedure="自评、审签、报送",
        requirements="按时报送",
        attachments=["自评表"],
        deadline=date(2025, 5, 31),
    )
    campaign.units.set([u1, u2])
    users = accounts(
        [
            ("preparer", Role.PREPARER, {"unit": u1}),
            ("head", Role.UNIT_HEAD, {"unit": u1}),
            ("reviewer", Role.REVIEWER, {"desk": d1}),
            ("reviewer_other_desk", Role.REVIEWER, {"desk": d2}),
            ("admin", Role.BUREAU_ADMIN, {"bureau": bureau_a}),
            ("admin_other_bureau", Role.BUREAU_ADMIN, {"bureau": bureau_b}),
            ("sysadmin", Role.SYSTEM_ADMIN, {}),
        ],
        PASSWORD,
    )
    system = get_user_model().objects.create_user(username="system", password=None, is_active=False)
    package = seed_package()
    e1 = services.evaluation_create(unit=u1, year=2024, package=package, author=system, campaign=campaign)
    other = EvaluationPackage.model_validate({"year": 2024, "unit": {"name": u2.name}})
    e2 = services.evaluation_create(unit=u2, year=2024, package=other, author=system, campaign=campaign)
    third = EvaluationPackage.model_validate({"year": 2022, "unit": {"name": u3.name}})
    e3 = services.evaluation_create(unit=u3, year=2022, package=third, author=system)
    return {
        "users": users,
        "system": system,
        "units": (u1, u2, u3),
        "bureaus": (bureau_a, bureau_b),
        "desks": (d1, d2, d3),
        "campaign": campaign,
        "e1": e1,
        "e2": e2,
        "e3": e3,
    }


@pytest.fixture
def client_for(world: dict[str, Any]) -> Callable[[str | None], Any]:
    """A test client logged in as one of the world's users (None: anonymous)."""
    return client_maker(world["users"])


class FakeFinding:
    """Shaped like ``jixiao.audit.Finding``, for tests that need a known error-level finding."""

    def __init__(
        self, code: str, severity: str, path: str, line: int | None = None, message: str = "测试"
    ) -> None:
        self.code, self.severity, self.message = code, severity, message
        self.category = "date_error"
        self.stated = self.computed = self.rule = None
        self.location = type(
            "L",
            (),
            {
                "path": path,
                "document": "001_a74d644552a354b1",
                "line": line,
                "page": None,
                "describe": lambda self: f"第{line}行",
            },
        )()


@pytest.fixture
def fake_checker(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Callable[[EvaluationPackage], list[Any]]], None]:
    """Replace the core checker by a function of the package (the web app's bridge calls it)."""
    import jixiao.audit

    def install(fn: Callable[[EvaluationPackage], list[Any]]) -> None:
        monkeypatch.setattr(jixiao.audit, "check_package", lambda package, **_: fn(package), raising=False)

    return install
