"""Django set-up and the world of the monitoring and rectification tests.

Bureau A (桃江县财政局) with desks D1 社会保障股 and D2 农业股; units U1 桃江县社会保险服务中心 (seed 001,
预算编码 430922001, D1), U2 株洲市石峰区社会保险服务中心 (seed 004, gathered under bureau A for the test,
430204001, D1) and U3 桃江县农业农村局 (D2); bureau B (石峰区财政局) with U4. Seeds 001 (2024) and 004
(2022) are the units' self-evaluations. One account per role and scope.
"""

from __future__ import annotations

import io
import os

if os.environ.get("JIXIAO_TEST_POSTGRES"):
    os.environ["DATABASE_URL"] = os.environ["JIXIAO_TEST_POSTGRES"]
os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao_web.config.settings.test"

import django

django.setup()

from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from jixiao.model import load_package  # noqa: E402
from tests.factories import accounts, bureaus_and_desks, client_maker  # noqa: E402
from tests.pg import _release_postgres_sessions  # noqa: E402, F401

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "corpus" / "seeds"
PASSWORD = "correct-horse-battery-9"


def xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def execution_export() -> bytes:
    """The 一体化 platform's 1–7月 budget-execution export for bureau A, amounts in 元.

    U1 稽核管理工作经费 46万元, paid 13.8万元 (30 %); U2 机关事业单位养老保险财政补助 6760万元, paid
    4056万元 (60 %), 职业年金个人账户记实 422.75万元, paid 169.10万元 (40 %); U3 高标准农田建设 1000万元,
    paid 800万元 (80 %); and a unit that is not in the round.
    """
    return xlsx(
        [
            ["预算执行情况表（截至2024年7月31日）"],
            ["单位编码", "单位名称", "项目编码", "项目名称", "全年预算数（元）", "累计支付数（元）"],
            ["430922001", "桃江县社会保险服务中心", "430922-24-001", "稽核管理工作经费", 460000, 138000],
            [
                "430204001",
                "株洲市石峰区社会保险服务中心",
                "430204-24-002",
                "机关事业单位养老保险财政补助",
                67600000,
                40560000,
            ],
            [
                "430204001",
                "株洲市石峰区社会保险服务中心",
                "430204-24-003",
                "职业年金个人账户记实",
                4227500,
                1691000,
            ],
            ["", "桃江县农业农村局", "430922-24-101", "高标准农田建设", 10000000, 8000000],
            ["439999001", "某不在本轮的单位", "439999-24-001", "某项目", 100000, 50000],
        ]
    )


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from jixiao_web.evaluations import services
    from jixiao_web.orgs.models import BudgetUnit, Jurisdiction, Role

    province = Jurisdiction.objects.create(name="湖南省", level="province")
    county_a = Jurisdiction.objects.create(name="桃江县", level="county", parent=province)
    county_b = Jurisdiction.objects.create(name="石峰区", level="county", parent=province)
    bureau_a, bureau_b, d1, d2, d3 = bureaus_and_desks(county_a, county_b)
    u1 = BudgetUnit.objects.create(
        name="桃江县社会保险服务中心",
        budget_code="430922001",
        jurisdiction=county_a,
        bureau=bureau_a,
        desk=d1,
    )
    u2 = BudgetUnit.objects.create(
        name="株洲市石峰区社会保险服务中心",
        budget_code="430204001",
        jurisdiction=county_a,
        bureau=bureau_a,
        desk=d1,
    )
    u3 = BudgetUnit.objects.create(name="桃江县农业农村局", jurisdiction=county_a, bureau=bureau_a, desk=d2)
    u4 = BudgetUnit.objects.create(name="石峰区某单位", jurisdiction=county_b, bureau=bureau_b, desk=d3)
    users = accounts(
        [
            ("preparer", Role.PREPARER, {"unit": u1}),
            ("head", Role.UNIT_HEAD, {"unit": u1}),
            ("preparer_u3", Role.PREPARER, {"unit": u3}),
            ("reviewer", Role.REVIEWER, {"desk": d1}),
            ("reviewer_d2", Role.REVIEWER, {"desk": d2}),
            ("admin", Role.BUREAU_ADMIN, {"bureau": bureau_a}),
            ("admin_b", Role.BUREAU_ADMIN, {"bureau": bureau_b}),
            ("sysadmin", Role.SYSTEM_ADMIN, {}),
        ],
        PASSWORD,
    )
    system = get_user_model().objects.create_user(username="system", password=None, is_active=False)
    e1 = services.evaluation_create(
        unit=u1, year=2024, package=load_package(SEEDS / "001_a74d644552a354b1.yaml"), author=system
    )
    e2 = services.evaluation_create(
        unit=u2, year=2022, package=load_package(SEEDS / "004_da89c46e97eef31b.yaml"), author=system
    )
    return {
        "users": users,
        "units": {"U1": u1, "U2": u2, "U3": u3, "U4": u4},
        "bureaus": (bureau_a, bureau_b),
        "desks": (d1, d2, d3),
        "e1": e1,
        "e2": e2,
    }


@pytest.fixture
def client_for(world: dict[str, Any]) -> Callable[[str | None], Any]:
    return client_maker(world["users"])


@pytest.fixture
def round_2024(world: dict[str, Any]) -> Any:
    """The 2024-07-31 round of bureau A with the export imported."""
    from datetime import date

    from jixiao_web.monitoring import services

    admin = world["users"]["admin"]
    rnd = services.round_create(user=admin, as_of=date(2024, 7, 31))
    services.execution_import(round=rnd, user=admin, filename="导出.xlsx", content=execution_export())
    return rnd
