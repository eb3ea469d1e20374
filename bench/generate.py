"""Generate realistic evaluation packages for N units × Y years straight into the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench \\
        python bench/generate.py --units 30000 --years 3

One province (湖南省), its 14 cities and their counties; a finance bureau with three desks in
every county; N budget units spread over the counties; per bureau and year a campaign; per unit
and year an evaluation with its figures in the columns the lists and dashboards read, a compact
package as its revision (unit, funds, three indicators, score, grade, 三公), and its findings
counted by category; then the dashboards' aggregates are rebuilt from them. Rows go in with ``bulk_create`` in batches.
Deterministic for a given ``--seed``. Bench accounts (sysadmin, a county bureau administrator, a
reviewer) and their API tokens are written to ``bench/out/accounts.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

CITIES = [
    "长沙市",
    "株洲市",
    "湘潭市",
    "衡阳市",
    "邵阳市",
    "岳阳市",
    "常德市",
    "张家界市",
    "益阳市",
    "郴州市",
    "永州市",
    "怀化市",
    "娄底市",
    "湘西土家族苗族自治州",
]
COUNTY_SUFFIXES = ["城区", "东区", "西区", "南区", "北区", "新区", "县", "东县", "西县", "南县", "北县", "市"]
DEPARTMENTS = [
    "社会保险服务中心",
    "医疗保障局",
    "农业农村局",
    "教育局",
    "卫生健康局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "林业局",
    "文化旅游广电体育局",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "审计局",
    "司法局",
    "公安局",
    "退役军人事务局",
    "乡村振兴局",
    "商务局",
    "工业和信息化局",
    "发展和改革局",
    "机关事务中心",
    "档案馆",
    "图书馆",
    "疾病预防控制中心",
    "妇幼保健院",
    "人民医院",
    "中医医院",
    "就业服务中心",
    "不动产登记中心",
    "农业技术推广中心",
    "畜牧水产事务中心",
    "城市管理和综合执法局",
    "信访局",
    "融媒体中心",
]
TOWN_UNITS = ["中心学校", "卫生院", "农业综合服务中心", "财政所", "社会事务综合服务中心", "村镇建设管理站"]
CATEGORIES = [
    ("sum_mismatch", "SUM001"),
    ("rate_mismatch", "RATE001"),
    ("score_vs_target", "SCR003"),
    ("missing_deviation_note", "DEV001"),
    ("unit_error", "UNIT001"),
    ("grade_mismatch", "GRD001"),
    ("cross_reference_mismatch", "XREF002"),
    ("indicator_quality", "QUAL001"),
    ("date_error", "DATE001"),
]
INDICATORS = [
    ("output", "quantity", "参保人数", "≥{t}万人", "{a}万人"),
    ("output", "timeliness", "待遇发放及时率", "100%", "{p}%"),
    ("benefit", "social", "基金安全运行", "稳步提升", "达成预期指标"),
    ("satisfaction", "satisfaction", "服务对象满意度", "≥90%", "{s}%"),
]
CENT = Decimal("0.01")
BATCH = 5000


def q2(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def grade_of(score: Decimal) -> str:
    """财预〔2020〕10号 bands: 优 ≥90, 良 80–90, 中 60–80, 差 <60."""
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.config.settings.dev")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _package(
    rng: random.Random,
    unit_name: str,
    jurisdiction: list[str],
    year: int,
    staff: tuple[int, int],
    budget: Decimal,
    executed: Decimal,
    rate: Decimal,
    score: Decimal,
    grade: str,
    three: Decimal,
    three_last: Decimal,
) -> dict[str, Any]:
    target = rng.randint(5, 60)
    indicators = []
    for level1, level2, name, target_raw, actual_raw in INDICATORS:
        indicators.append(
            {
                "level1": level1,
                "level2": level2,
                "name": name,
                "target_raw": target_raw.format(t=target),
                "actual_raw": actual_raw.format(
                    a=target + rng.randint(-2, 3),
                    p=rng.choice([100, 100, 99.5, 98]),
                    s=rng.choice([95, 96, 98, 92.5]),
                ),
                "max_score": "20",
                "score": str(q2(20 * float(score) / 100)),
            }
        )
    return {
        "year": year,
        "unit": {
            "name": unit_name,
            "jurisdiction": jurisdiction,
            "authorized_staff": staff[0],
            "actual_staff": staff[1],
        },
        "overall": {
            "scope": "overall",
            "funds": {
                "rows": [{"kind": "total", "annual_budget": str(budget), "executed": str(executed)}],
                "max_score": "10",
                "stated_execution_rate": str(rate),
                "stated_score": str(q2(rate / 10)),
            },
            "indicators": indicators,
            "stated_total_score": str(score),
            "stated_grade": grade,
        },
        "three_public_tables": [
            {
                "title": "三公经费支出情况",
                "rows": [
                    {
                        "component": "total",
                        "actual": str(three),
                        "last_year_actual": str(three_last),
                        "budget": str(q2(float(three) * rng.uniform(1.0, 1.3))),
                    }
                ],
            }
        ],
    }


def generate(units: int, years: int, first_year: int, seed: int, reset: bool) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from jixiao.model import EvaluationPackage
    from jixiao_web.api.tokens import token_create
    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.dashboards.models import DashboardCounter, EvaluationTally
    from jixiao_web.dashboards.tally import FIELDS, _tally_row, rebuild
    from jixiao_web.evaluations.models import Evaluation, Revision
    from jixiao_web.orgs.models import BudgetUnit, Bureau, Desk, Jurisdiction, Membership, Role

    rng = random.Random(seed)
    started = time.monotonic()
    if BudgetUnit.objects.exists():
        if not reset:
            raise SystemExit("数据库中已有单位：请用 --reset 清空后再生成（只用于基准测试数据库！）")
        with transaction.atomic():
            for model in (EvaluationTally, DashboardCounter):
                model.objects.all()._raw_delete(model.objects.db)
            Evaluation.objects.update(current_revision=None)
            for name in (
                "evaluations_revision",
                "evaluations_transition",
                "evaluations_comment",
                "evaluations_explanation",
                "evaluations_sourcefile",
                "evaluations_evaluation",
            ):
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {name}")
            Campaign.units.through.objects.all().delete()
            Campaign.objects.all().delete()
            Membership.objects.all().delete()
            get_user_model().objects.filter(username__startswith="bench_").delete()
            BudgetUnit.objects.all().delete()
            Desk.objects.all().delete()
            Bureau.objects.all().delete()
            Jurisdiction.objects.filter(parent__isnull=False, parent__parent__isnull=False).delete()
            Jurisdiction.objects.filter(parent__isnull=False).delete()
            Jurisdiction.objects.all().delete()

    year_list = [first_year + i for i in range(years)]
    with transaction.atomic():
        province = Jurisdiction.objects.create(name="湖南省", level="province")
        counties: list[tuple[Jurisdiction, list[str]]] = []
        for city_name in CITIES:
            city = Jurisdiction.objects.create(name=city_name, level="city", parent=province)
            for suffix in COUNTY_SUFFIXES[: rng.randint(6, 12)]:
                name = city_name[:2] + suffix
                county = Jurisdiction.objects.create(name=name, level="county", parent=city)
                counties.append((county, ["湖南省", city_name, name]))
        bureaus = Bureau.objects.bulk_create(
            [Bureau(name=f"{c.name}财政局", jurisdiction=c) for c, _ in counties]
        )
        desks = Desk.objects.bulk_create(
            [Desk(name=desk, bureau=b) for b in bureaus for desk in ("社会保障股", "农业股", "教科文股")]
        )
        desks_of = {b.pk: [d for d in desks if d.bureau_id == b.pk] for b in bureaus}
        unit_rows: list[BudgetUnit] = []
        unit_paths: list[list[str]] = []
        per_county = [0] * len(counties)
        for i in range(units):
            k = i % len(counties)
            county, path = counties[k]
            n = per_county[k]
            per_county[k] += 1
            if n < len(DEPARTMENTS):
                name = f"{county.name}{DEPARTMENTS[n]}"
            else:
                town, kind = divmod(n - len(DEPARTMENTS), len(TOWN_UNITS))
                name = f"{county.name}第{town + 1}镇{TOWN_UNITS[kind]}"
            bureau = bureaus[k]
            unit_rows.append(
                BudgetUnit(
                    name=name,
                    jurisdiction=county,
                    bureau=bureau,
                    desk=rng.choice(desks_of[bureau.pk]),
                    budget_code=f"{k:03d}{n:05d}",
                )
            )
            unit_paths.append(path)
        created_units = BudgetUnit.objects.bulk_create(unit_rows, batch_size=BATCH)
        campaigns = {}
        for year in year_list:
            made = Campaign.objects.bulk_create(
                [
                    Campaign(
                        bureau=b,
                        year=year,
                        title=f"关于开展{year}年度部门整体支出绩效自评工作的通知",
                        document_number=f"{b.name[:4]}财绩〔{year + 1}〕{rng.randint(1, 30)}号",
                        deadline=date(year + 1, 5, 31),
                        rule_sets=[],
                    )
                    for b in bureaus
                ]
            )
            for c in made:
                campaigns[(c.bureau_id, year)] = c
        through = Campaign.units.through
        through.objects.bulk_create(
            [
                through(campaign_id=campaigns[(u.bureau_id, year)].pk, budgetunit_id=u.pk)
                for u in created_units
                for year in year_list
            ],
            batch_size=BATCH,
        )
    print(
        f"区划 {len(counties)} 个县区，单位 {len(created_units)} 个（{time.monotonic() - started:.1f} 秒）",
        flush=True,
    )

    last = year_list[-1]
    states_last = (
        ["published"] * 50
        + ["approved"] * 20
        + ["under_review"] * 10
        + ["submitted"] * 10
        + ["returned"] * 5
        + ["draft"] * 5
    )
    sample_checked = False
    for offset in range(0, len(created_units), BATCH):
        chunk = created_units[offset : offset + BATCH]
        paths = unit_paths[offset : offset + BATCH]
        evaluations: list[Evaluation] = []
        packages: list[dict[str, Any]] = []
        for unit, path in zip(chunk, paths, strict=True):
            authorized = rng.randint(8, 120)
            three_before = q2(rng.lognormvariate(1.3, 0.8))
            for year in year_list:
                state = (
                    rng.choice(states_last)
                    if year == last
                    else ("published" if rng.random() < 0.93 else "approved")
                )
                submitted = state != "draft"
                late = 0 if not submitted or rng.random() < 0.85 else rng.randint(1, 12)
                score = q2(min(100.0, max(55.0, rng.gauss(92, 5))))
                grade = grade_of(score) if rng.random() > 0.02 else rng.choice(["优", "良"])
                computed = (
                    q2(max(0.0, float(score) - abs(rng.gauss(0, 2.5))))
                    if state in ("approved", "published", "under_review")
                    else None
                )
                budget = q2(rng.lognormvariate(6.0, 1.0))
                rate = q2(min(104.0, max(35.0, rng.gauss(94, 7))))
                executed = q2(budget * rate / 100)
                three = q2(max(0.0, float(three_before) * rng.uniform(0.7, 1.15)))
                errors = min(12, int(rng.expovariate(0.7)))
                warnings = min(20, int(rng.expovariate(0.4)))
                deadline = datetime(year + 1, 5, 31, 9, tzinfo=UTC)
                evaluations.append(
                    Evaluation(
                        unit=unit,
                        year=year,
                        state=state,
                        campaign=campaigns[(unit.bureau_id, year)],
                        submitted_at=deadline
                        + timedelta(days=late)
                        - timedelta(days=0 if late else rng.randint(0, 20))
                        if submitted
                        else None,
                        days_late=late,
                        published_at=deadline + timedelta(days=60) if state == "published" else None,
                        self_score=score,
                        computed_score=computed,
                        grade=grade,
                        execution_rate=rate,
                        three_public_actual=three,
                        error_count=errors,
                        warning_count=warnings,
                    )
                )
                staff = (authorized, max(1, authorized - rng.randint(0, 6)))
                packages.append(
                    _package(
                        rng,
                        unit.name,
                        path,
                        year,
                        staff,
                        budget,
                        executed,
                        rate,
                        score,
                        grade,
                        three,
                        three_before,
                    )
                )
                three_before = three
        if not sample_checked:
            EvaluationPackage.model_validate(packages[0])  # the generated packages are valid packages
            sample_checked = True
        with transaction.atomic():
            made = Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
            revisions = Revision.objects.bulk_create(
                [
                    Revision(evaluation_id=e.pk, number=1, data=p, message="基准测试生成")
                    for e, p in zip(made, packages, strict=True)
                ],
                batch_size=BATCH,
            )
            ids = [e.pk for e in made]
            with connection.cursor() as cursor:  # one statement instead of a CASE per row
                cursor.execute(
                    f"UPDATE {Evaluation._meta.db_table} SET current_revision_id = (SELECT MAX(r.id) FROM "
                    f"{Revision._meta.db_table} r WHERE r.evaluation_id = {Evaluation._meta.db_table}.id) "
                    "WHERE id BETWEEN %s AND %s",
                    [min(ids), max(ids)],
                )
            tallies: list[EvaluationTally] = []
            units_of = {u.pk: (u.bureau_id, u.jurisdiction_id, u.name) for u in chunk}
            for e, r in zip(made, revisions, strict=True):
                findings: dict[str, int] = {}
                for severity, n in (("error", e.error_count), ("warning", e.warning_count)):
                    left = n
                    while left > 0:
                        category, _code = rng.choice(CATEGORIES)
                        take = rng.randint(1, left)
                        key = f"{category}|{severity}"
                        findings[key] = findings.get(key, 0) + take
                        left -= take
                values = {name: getattr(e, name) for name in FIELDS if name != "current_revision_id"}
                tallies.append(_tally_row(e.pk, units_of[e.unit_id], values, findings, r.pk))
            EvaluationTally.objects.bulk_create(tallies, batch_size=BATCH)
        done = offset + len(chunk)
        print(
            f"  {done}/{len(created_units)} 个单位 × {years} 年（{time.monotonic() - started:.1f} 秒）",
            flush=True,
        )

    report = rebuild(check=False)  # the counters, from the tallies just written (findings kept)
    print(f"看板汇总重建：{report.evaluations} 份自评（{time.monotonic() - started:.1f} 秒）", flush=True)

    # bench accounts and their tokens
    user_model = get_user_model()
    big = max(bureaus, key=lambda b: BudgetUnit.objects.filter(bureau=b).count())
    accounts: dict[str, Any] = {}
    for username, role, scope in [
        ("bench_sys", Role.SYSTEM_ADMIN, {}),
        ("bench_bureau", Role.BUREAU_ADMIN, {"bureau": big}),
        ("bench_reviewer", Role.REVIEWER, {"desk": desks_of[big.pk][0]}),
    ]:
        user_model.objects.filter(username=username).delete()
        user = user_model.objects.create_user(username=username, password=None)
        Membership.objects.create(user=user, role=role, **scope)
        _, raw = token_create(user=user, name="bench")
        accounts[username] = {"token": raw, "user_id": user.pk}
    summary = {
        "units": len(created_units),
        "years": year_list,
        "counties": len(counties),
        "evaluations": Evaluation.objects.count(),
        "bureau_units": BudgetUnit.objects.filter(bureau=big).count(),
        "bureau_id": big.pk,
        "seconds": round(time.monotonic() - started, 1),
        "accounts": accounts,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # statistics, and the visibility map for index-only scans
            cursor.execute("VACUUM ANALYZE")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "accounts.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成基准测试数据：N 个单位 × Y 个年度的评价包")
    parser.add_argument("--units", type=int, default=30000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--first-year", type=int, default=2022)
    parser.add_argument("--seed", type=int, default=20240531)
    parser.add_argument(
        "--reset", action="store_true", help="先清空数据库中的单位与自评（只用于基准测试数据库）"
    )
    parser.add_argument("--migrate", action="store_true", help="先执行数据库迁移")
    args = parser.parse_args(argv)
    setup_django()
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    summary = generate(args.units, args.years, args.first_year, args.seed, args.reset)
    print(json.dumps({k: v for k, v in summary.items() if k != "accounts"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
