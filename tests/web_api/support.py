"""Shared set-up of the issue-7 web tests (API, dashboards, bulk audit).

Imported first by each folder's conftest: it sets ``DJANGO_SETTINGS_MODULE`` (and ``DATABASE_URL``
from ``JIXIAO_TEST_POSTGRES``) before Django loads, as ``tests/web/conftest.py`` does.

The world: province 湖南省 with 益阳市/桃江县 and 株洲市/石峰区; bureau A (桃江县) with desks D1, D2
and units U1 (D1), U2 (D2), U4 (D1); bureau B (石峰区) with unit U3. Evaluations with known figures
(written out in ``FIGURES``) so the dashboards' numbers can be worked out by hand.
"""

from __future__ import annotations

import os

if os.environ.get("JIXIAO_TEST_POSTGRES"):
    os.environ["DATABASE_URL"] = os.environ["JIXIAO_TEST_POSTGRES"]
os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao_web.config.settings.test"

import django

django.setup()

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from tests.factories import accounts, bureaus_and_desks, client_maker  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXTS = ROOT / "src" / "jixiao" / "data" / "seeds"
SEED_PACKAGES = ROOT / "tests" / "corpus" / "seeds"
SEED_IDS = ["000_805ae84eb2841fa9", "001_a74d644552a354b1", "003_7518ab3a3420526e", "004_da89c46e97eef31b"]

# unit, year, state, days_late, self_score, computed_score, grade, execution_rate, 三公, errors, warnings
FIGURES: list[tuple[str, int, str, int, str | None, str | None, str, str | None, str | None, int, int]] = [
    ("U1", 2024, "published", 0, "96.00", "93.50", "优", "98.50", "3.20", 2, 1),
    ("U2", 2024, "submitted", 3, "85.00", None, "良", "75.00", "5.00", 0, 4),
    ("U4", 2024, "draft", 0, None, None, "", None, None, 1, 0),
    ("U1", 2023, "published", 0, "90.00", "88.00", "优", "100.00", "4.00", 0, 0),
    ("U2", 2023, "published", 1, "70.00", "72.00", "中", "59.99", "2.50", 3, 2),
    ("U3", 2024, "approved", 0, "100.00", "100.00", "优", "92.00", "9.99", 0, 0),
]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from jixiao.model import EvaluationPackage
    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.evaluations.models import Evaluation, Revision
    from jixiao_web.orgs.models import BudgetUnit, Jurisdiction, Role

    province = Jurisdiction.objects.create(name="湖南省", level="province")
    city_a = Jurisdiction.objects.create(name="益阳市", level="city", parent=province)
    county_a = Jurisdiction.objects.create(name="桃江县", level="county", parent=city_a)
    city_b = Jurisdiction.objects.create(name="株洲市", level="city", parent=province)
    county_b = Jurisdiction.objects.create(name="石峰区", level="county", parent=city_b)
    bureau_a, bureau_b, d1, d2, d3 = bureaus_and_desks(county_a, county_b)
    units = {
        "U1": BudgetUnit.objects.create(
            name="桃江县社会保险服务中心", jurisdiction=county_a, bureau=bureau_a, desk=d1
        ),
        "U2": BudgetUnit.objects.create(
            name="桃江县农业农村局", jurisdiction=county_a, bureau=bureau_a, desk=d2
        ),
        "U4": BudgetUnit.objects.create(
            name="桃江县医疗保障局", jurisdiction=county_a, bureau=bureau_a, desk=d1
        ),
        "U3": BudgetUnit.objects.create(
            name="株洲市石峰区社会保险服务中心", jurisdiction=county_b, bureau=bureau_b, desk=d3
        ),
        "U5": BudgetUnit.objects.create(name="桃江县水利局", jurisdiction=county_a, bureau=bureau_a, desk=d2),
    }
    campaigns = {
        year: Campaign.objects.create(
            bureau=bureau_a,
            year=year,
            title=f"关于开展{year}年度绩效自评工作的通知",
            deadline=date(year + 1, 5, 31),
        )
        for year in (2023, 2024)
    }
    # 2024: addressed to U1, U2, U4 and U5 (U5 has no evaluation at all); 2023: U1, U2
    campaigns[2024].units.set([units["U1"], units["U2"], units["U4"], units["U5"]])
    campaigns[2023].units.set([units["U1"], units["U2"]])
    users = accounts(
        [
            ("preparer", Role.PREPARER, {"unit": units["U1"]}),
            ("head", Role.UNIT_HEAD, {"unit": units["U1"]}),
            ("reviewer", Role.REVIEWER, {"desk": d1}),
            ("admin", Role.BUREAU_ADMIN, {"bureau": bureau_a}),
            ("admin_b", Role.BUREAU_ADMIN, {"bureau": bureau_b}),
            ("sysadmin", Role.SYSTEM_ADMIN, {}),
        ],
        "correct-horse-battery-9",
    )
    evaluations: dict[tuple[str, int], Any] = {}
    for key, year, state, late, own, computed, grade, rate, three, errors, warnings in FIGURES:
        unit = units[key]
        package = EvaluationPackage.model_validate(
            {
                "year": year,
                "unit": {"name": unit.name, "authorized_staff": 20, "actual_staff": 18 + (year - 2023)},
            }
        )
        evaluation = Evaluation.objects.create(
            unit=unit,
            year=year,
            state=state,
            days_late=late,
            campaign=campaigns.get(year) if key != "U3" else None,
            submitted_at=None if state == "draft" else django.utils.timezone.now(),
            self_score=Decimal(own) if own else None,
            computed_score=Decimal(computed) if computed else None,
            grade=grade,
            execution_rate=Decimal(rate) if rate else None,
            three_public_actual=Decimal(three) if three else None,
            error_count=errors,
            warning_count=warnings,
        )
        revision = Revision.objects.create(
            evaluation=evaluation, number=1, data=package.model_dump(mode="json", exclude_defaults=True)
        )
        evaluation.current_revision = revision
        evaluation.save(update_fields=["current_revision"])
        evaluations[(key, year)] = evaluation
    return {
        "users": users,
        "units": units,
        "bureaus": (bureau_a, bureau_b),
        "desks": (d1, d2, d3),
        "campaigns": campaigns,
        "evaluations": evaluations,
        "jurisdictions": {"province": province, "city_a": city_a, "county_a": county_a, "county_b": county_b},
    }


@pytest.fixture
def client_for(world: dict[str, Any]) -> Callable[[str | None], Any]:
    """A test client logged in as one of the world's users (None: anonymous)."""
    return client_maker(world["users"])


@pytest.fixture
def no_checker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The core checker returns nothing (dashboard tests count findings they put in themselves)."""
    from jixiao_web.evaluations import engine

    monkeypatch.setattr(engine, "check", lambda package, previous=None: [])
    yield
