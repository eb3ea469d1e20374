"""Demo data: the four seed units in their jurisdictions, their bureaus, a campaign, demo accounts.

Each seed document is imported with the core importer, exactly as a user's upload would be.
Seed 001 (桃江县) is the unit of the demo accounts and starts as a draft; the other three were
published by their units in real life and are loaded as published.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import BudgetUnit, Bureau, Desk, Jurisdiction, Membership, Role

SEEDS = [
    # seed id, jurisdiction path, bureau, unit name, published?
    ("001_a74d644552a354b1", ["湖南省", "益阳市", "桃江县"], "桃江县财政局", "桃江县社会保险服务中心", False),
    (
        "000_805ae84eb2841fa9",
        ["湖南省", "湘西土家族苗族自治州"],
        "湘西自治州财政局",
        "湘西自治州社会保险服务中心",
        True,
    ),
    (
        "003_7518ab3a3420526e",
        ["湖南省", "岳阳市", "岳阳楼区"],
        "岳阳楼区财政局",
        "岳阳市岳阳楼区社会保险服务中心",
        True,
    ),
    (
        "004_da89c46e97eef31b",
        ["湖南省", "株洲市", "石峰区"],
        "石峰区财政局",
        "株洲市石峰区社会保险服务中心",
        True,
    ),
]

LEVELS = [Jurisdiction.Level.PROVINCE, Jurisdiction.Level.CITY, Jurisdiction.Level.COUNTY]


def _jurisdiction(path: list[str]) -> Jurisdiction:
    parent = None
    node = None
    for depth, name in enumerate(path):
        node, _ = Jurisdiction.objects.get_or_create(
            name=name, parent=parent, defaults={"level": LEVELS[depth]}
        )
        parent = node
    assert node is not None
    return node


def seed_text_path(seed_id: str) -> Path:
    import jixiao

    return Path(jixiao.__file__).parent / "data" / "seeds" / f"{seed_id}.txt"


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Load the demo data if the database holds no unit yet; return the accounts created."""
    if BudgetUnit.objects.exists():
        return []
    from jixiao.importers import import_file
    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.evaluations import services
    from jixiao_web.evaluations.models import State

    user_model = get_user_model()
    system_user = user_model.objects.create_user(username="system", password=None, is_active=False)
    main_unit = main_bureau = main_desk = None
    for seed_id, path, bureau_name, unit_name, published in SEEDS:
        jurisdiction = _jurisdiction(path)
        bureau, _ = Bureau.objects.get_or_create(name=bureau_name, jurisdiction=jurisdiction)
        desk, _ = Desk.objects.get_or_create(name="社会保障股", bureau=bureau)
        unit = BudgetUnit.objects.create(name=unit_name, jurisdiction=jurisdiction, bureau=bureau, desk=desk)
        packages = import_file(seed_text_path(seed_id))
        package = packages[0]
        campaign = Campaign.objects.create(
            bureau=bureau,
            year=package.year,
            title=f"关于开展{package.year}年度部门整体支出绩效自评工作的通知",
            scope="本级预算单位的部门整体支出和全部项目支出",
            basis="《项目支出绩效评价管理办法》（财预〔2020〕10号）；《湖南省预算支出绩效评价管理办法》（湘财绩〔2020〕7号）",
            content="预算执行情况、绩效目标完成情况、存在的问题及改进措施",
            procedure="单位自评 → 单位负责人审签报送 → 归口科室审核 → 绩效科考核评分 → 公开",
            requirements="如实填报，数据准确，按时报送；未完成指标须说明偏差原因",
            attachments=["部门整体支出绩效评价基础数据表", "部门整体支出绩效自评表", "项目支出绩效自评表"],
            rule_sets=[],
            # published seeds keep the usual deadline (31 May of the next year); the draft the demo
            # accounts work on gets one 30 days ahead, so walking the cycle today is not counted late
            deadline=date(package.year + 1, 5, 31)
            if published
            else timezone.localdate() + timedelta(days=30),
        )
        campaign.units.add(unit)
        evaluation = services.evaluation_create(
            unit=unit,
            year=package.year,
            package=package,
            author=system_user,
            campaign=campaign,
            message=f"导入种子文档 {seed_id}.txt",
        )
        if published:
            evaluation.state = State.PUBLISHED
            evaluation.published_at = timezone.now()
            evaluation.save(update_fields=["state", "published_at"])
        if main_unit is None:
            main_unit, main_bureau, main_desk = unit, bureau, desk

    accounts = [
        ("preparer", Role.PREPARER, {"unit": main_unit}),
        ("unithead", Role.UNIT_HEAD, {"unit": main_unit}),
        ("reviewer", Role.REVIEWER, {"desk": main_desk}),
        ("bureauadmin", Role.BUREAU_ADMIN, {"bureau": main_bureau}),
        ("sysadmin", Role.SYSTEM_ADMIN, {}),
    ]
    created = []
    for username, role, scope in accounts:
        password = secrets.token_urlsafe(9)
        user = user_model.objects.create_user(username=username, password=password)
        Membership.objects.create(user=user, role=role, **scope)
        created.append((username, password, Role(role).label))
    out = Path(settings.VAR_DIR) / "demo-accounts.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{label}\t{u}\t{p}\n" for u, p, label in created), encoding="utf-8")
    out.chmod(0o600)
    return created
