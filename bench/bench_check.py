"""Benchmark of the audit checker: synthetic packages with planted errors.

Builds ``--count`` (default 10,000) realistic synthetic evaluation packages of varied size (one
overall form, 0–6 project forms of 4–10 indicators, a narrative report, a 三公 table, a base-data
table and, for some, a 公开06 table), plants errors at known places in some of them (at least one of
every family), runs ``jixiao.audit.check_package`` and then ``jixiao.scoring.score_package`` on every package,
and prints packages per second for check alone and for check + score, and the recall of the planted
errors, which must be 100 %. Each package's check context goes to ``score_package(memo=…)``, as
``jixiao.audit.check.check_and_score`` does, so a form the checks scored is not scored again.
Times are wall-clock and CPU seconds of this process (``time.process_time``: on a loaded machine
the CPU figure is the one-core rate). The built packages are frozen out of the garbage collector
(``gc.freeze``) before the clock starts, so its full collections do not walk the whole fixture.

    .venv/bin/python bench/bench_check.py --count 2000 --seed 1
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from jixiao.audit import CheckContext, check_package
from jixiao.model import (
    BaseDataTable,
    EvaluationPackage,
    ExpenditureByNature,
    ExpenseControlRow,
    FinalAccounts,
    FinalAccountsTable,
    FormFooter,
    Funds,
    FundsRow,
    FundsRowKind,
    IncomeBySource,
    Indicator,
    Level1,
    Level2,
    LineItem,
    Report,
    ReportSection,
    Scope,
    SelfEvaluation,
    StatedSubtotal,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
    Unit,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for tests.factories
from tests.factories import indicator

FAMILIES = [
    "SUM",
    "RAT",
    "SCO",
    "WGT",
    "GRD",
    "SVT",
    "SVR",
    "DEV",
    "UNT",
    "YRS",
    "DAT",
    "XRF",
    "CTL",
    "OVB",
    "ADJ",
    "LOW",
    "IND",
    "FMT",
    "RND",
    "NAR",
    "ATT",
    "REC",
]

Planted = list[tuple[str, str]]


def money(rng: random.Random, lo: int, hi: int) -> D:
    return D(rng.randint(lo * 100, hi * 100)) / 100


def indicators(rng: random.Random, n_output: int) -> list[Indicator]:
    """Indicators whose 分值 follow 50/30/10 and whose targets are met (full marks)."""
    out: list[Indicator] = []
    weights = _split(rng, 50, n_output)
    for i, w in enumerate(weights):
        target = rng.randint(50, 5000)
        actual = target + rng.randint(0, target // 5)  # at most 20 % over: no LOW001
        out.append(indicator(f"服务人数{i}", f"≥{target}人", f"{actual}人", w, w))
    out.append(indicator("待遇按时足额发放率", "≥98%", "99%", 30, 30, Level1.BENEFIT, Level2.SOCIAL))
    out.append(indicator("参保人员满意度", "≥90%", "93%", 10, 10, Level1.SATISFACTION, Level2.SATISFACTION))
    return out


def _split(rng: random.Random, total: int, n: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), n - 1)) if n > 1 else []
    points = [0, *cuts, total]
    return [points[i + 1] - points[i] for i in range(n)]


def form(rng: random.Random, scope: Scope, name: str | None, year: int) -> SelfEvaluation:
    initial = money(rng, 20, 900)
    annual = initial + (initial * D(rng.randint(0, 9)) / 100).quantize(D("0.01"))  # ≤ 9 % adjustment
    executed = annual - (annual * D(rng.randint(0, 5)) / 100).quantize(D("0.01"))
    rate = (executed / annual * 100).quantize(D("0.01"))
    score = (D(10) * executed / annual).quantize(D("0.01"))
    inds = indicators(rng, rng.randint(2, 8))
    total = sum((i.score or D(0) for i in inds), D(0)) + score
    return SelfEvaluation(
        scope=scope,
        name=name,
        funds=Funds(
            rows=[
                FundsRow(
                    kind=FundsRowKind.TOTAL, initial_budget=initial, annual_budget=annual, executed=executed
                ),
                FundsRow(
                    kind=FundsRowKind.APPROPRIATION,
                    initial_budget=initial,
                    annual_budget=annual,
                    executed=executed,
                ),
            ],
            max_score=D(10),
            stated_execution_rate=rate,
            stated_score=score,
        ),
        indicators=inds,
        subtotals=[
            StatedSubtotal(label="产出指标（50分）", level1=Level1.OUTPUT, max_score=D(50), where="表头"),
            StatedSubtotal(label="效益指标（30分）", level1=Level1.BENEFIT, max_score=D(30), where="表头"),
        ],
        stated_total_max=D(100),
        stated_total_score=total,
        stated_grade="优",
        footer=FormFooter(fill_date=f"{year + 1}-0{rng.randint(1, 5)}-1{rng.randint(0, 9)}"),
    )


def build(rng: random.Random, k: int) -> tuple[EvaluationPackage, Planted]:
    year = rng.choice([2021, 2022, 2023, 2024])
    authorized = rng.randint(10, 60)
    actual = rng.randint(max(1, authorized - 8), authorized)
    personnel, public = money(rng, 100, 600), money(rng, 10, 90)
    basic = personnel + public
    project = money(rng, 0, 200)
    income_other = money(rng, 0, 10)
    income_total = basic + project + income_other
    budget_3p = D(rng.randint(2, 8))
    actual_3p = money(rng, 0, int(budget_3p) - 1)
    last_3p = actual_3p + money(rng, 0, 3)
    n_projects = rng.randint(0, 6)
    text = (
        f"{year}年度“三公”经费财政拨款支出预算为{budget_3p}万元，支出决算为{actual_3p}万元。"
        f"本单位编制{authorized}人，实有人数{actual}人。{year}年部门决算已公开。"
    )
    p = EvaluationPackage(
        year=year,
        unit=Unit(name=f"某县第{k}社会保险服务中心", authorized_staff=authorized, actual_staff=actual),
        income=IncomeBySource(total=income_total, general_public=basic + project, other=income_other),
        expenditure=ExpenditureByNature(
            total=basic + project,
            basic=basic,
            personnel=personnel,
            public_operation=public,
            project=project,
            balance_current=income_other,
        ),
        three_public_tables=[
            ThreePublicTable(
                title="三公经费表",
                rows=[
                    ThreePublicRow(
                        component=ThreePublicComponent.RECEPTION,
                        last_year_actual=last_3p,
                        budget=budget_3p,
                        actual=actual_3p,
                    ),
                    ThreePublicRow(
                        component=ThreePublicComponent.TOTAL,
                        last_year_actual=last_3p,
                        budget=budget_3p,
                        actual=actual_3p,
                        stated_control_rate=(actual_3p / budget_3p * 100).quantize(D("0.01")),
                    ),
                ],
            )
        ],
        base_data=BaseDataTable(
            authorized_staff=authorized,
            actual_staff=actual,
            expense_rows=[
                ExpenseControlRow(label="公用经费", key="public_operation", budget=public + 5, actual=public)
            ],
        ),
        overall=form(rng, Scope.OVERALL, None, year),
        projects=[form(rng, Scope.PROJECT, f"项目{j}", year) for j in range(n_projects)],
        reports=[
            Report(
                kind="self_evaluation_report",
                title="绩效评价报告",
                sections=[
                    ReportSection(number="一", heading="基本情况", text=text, line=1),
                    ReportSection(number="二", heading="支出情况", text=f"基本支出{basic}万元。", line=2),
                    ReportSection(number="三", heading="结论", text="", line=3),
                ],
            )
        ],
    )
    if rng.random() < 0.3:
        items = [money(rng, 1, 50) for _ in range(rng.randint(2, 6))]
        rows = [LineItem(code="301", name="工资福利支出", values={"amount": sum(items, D(0))})]
        rows += [
            LineItem(code=f"301{i:02d}", name=f"项{i}", values={"amount": v}) for i, v in enumerate(items, 1)
        ]
        p.final_accounts = FinalAccounts(
            tables=[
                FinalAccountsTable(
                    number="01", title="收入支出决算总表", note="本套报表金额单位转换时可能存在尾数误差。"
                ),
                FinalAccountsTable(
                    number="06", title="基本支出明细表", columns={"amount": "决算数"}, rows=rows
                ),
            ]
        )
    planted: Planted = []
    if rng.random() < 0.6:
        planted.extend(plant(rng, p, rng.choice(FAMILIES)))
    return p, planted


def plant(rng: random.Random, p: EvaluationPackage, family: str) -> Planted:
    """Put one error of ``family`` into ``p``; return the (code, path) the checker must report."""
    o = p.overall
    assert o is not None and o.funds is not None and p.expenditure is not None
    if family == "SUM":
        p.expenditure.basic = (p.expenditure.basic or D(0)) + D("1.5")
        return [("SUM002", "expenditure.basic")]
    if family == "RAT":
        o.funds.stated_execution_rate = D("88.8")
        return [("RAT001", "overall.funds.stated_execution_rate")]
    if family == "SCO":
        o.indicators[0].score = (o.indicators[0].max_score or D(0)) + 5
        return [("SCO001", "overall.indicators[0].score")]
    if family == "WGT":
        o.indicators[-2].max_score = D(20)
        o.indicators[-2].score = D(20)
        return [("WGT001", "overall.subtotals[1].max_score")]
    if family == "GRD":
        o.stated_grade = "良"
        return [("GRD001", "overall.stated_grade")]
    if family == "SVT":
        ind = o.indicators[0]
        ind.actual_raw = "1人"
        return [("SVT002", "overall.indicators[0].score")]
    if family == "SVR":
        ind = o.indicators[-2]
        ind.actual_raw = "49%"  # ≥98% → 49%: rule 30 × 49/98 = 15, unit keeps 25
        ind.score = D(25)
        ind.deviation_note = "原因"
        return [("SVR002", f"overall.indicators[{len(o.indicators) - 2}].score")]
    if family == "DEV":
        ind = o.indicators[-1]
        ind.score = D(9)
        return [("DEV001", f"overall.indicators[{len(o.indicators) - 1}].deviation_note")]
    if family == "UNT":
        p.reports[0].sections[1].text = f"基本支出{p.expenditure.basic}元，其余以万元计。"
        return [("UNT001", "reports[0].sections[1].text")]
    if family == "YRS":
        p.reports[0].sections[0].text += f"{p.year - 1}年部门决算汇总公开单位为本级。"
        return [("YRS001", "reports[0].sections[0].text")]
    if family == "DAT":
        assert o.footer is not None
        o.footer.fill_date = f"{p.year}-03-15"
        return [("DAT001", "overall.footer.fill_date")]
    if family == "XRF":
        p.reports[0].sections[0].text += f"核定编制{(p.unit.authorized_staff or 0) + 7}人。"
        return [("XRF001", "reports[0].sections[0].text")]
    if family == "CTL":
        p.unit.actual_staff = (p.unit.authorized_staff or 0) + rng.randint(1, 5)
        return [("CTL001", "unit.actual_staff")]
    if family == "OVB":
        assert p.base_data is not None
        row = p.base_data.expense_rows[0]
        row.actual = (row.budget or D(0)) + D(3)
        return [("OVB001", "base_data.expense_rows[0].actual")]
    if family == "ADJ":
        top = o.funds.rows[0]
        top.annual_budget = (top.initial_budget or D(0)) * 2
        top.executed = top.annual_budget
        o.funds.rows[1].annual_budget = top.annual_budget
        o.funds.rows[1].executed = top.executed
        o.funds.stated_execution_rate = D(100)
        return [("ADJ001", "overall.funds.rows[0].annual_budget")]
    if family == "LOW":
        o.indicators[0].actual_raw = "99999人"
        return [("LOW001", "overall.indicators[0].target_raw")]
    if family == "IND":
        o.indicators[0].name = "实际完成工作数与计划工作数的比"
        return [("IND001", "overall.indicators[0].name")]
    if family == "FMT":
        p.reports[0].sections[2].number = "五"
        return [("FMT001", "reports[0].sections[2].number")]
    if family == "RND":
        if p.final_accounts is None:
            return plant(rng, p, "SUM")
        row = p.final_accounts.tables[1].rows[0]
        row.values = {"amount": (row.values["amount"] or D(0)) + D("0.01")}
        return [("RND001", "final_accounts.tables[1].rows[0].values.amount")]
    if family == "NAR":
        # 服务人数0 ≥target人 → 1人: missed at full marks (SVT002), and the report says all targets were met
        o.indicators[0].actual_raw = "1人"
        p.reports[0].sections[2].text = "年初预算绩效目标均已达成。"
        return [("SVT002", "overall.indicators[0].score"), ("NAR001", "reports[0].sections[2].text")]
    if family == "ATT":
        p.final_accounts = None
        p.reports[0].attachments = ["1. 部门整体支出绩效自评表", "2. 部门决算公开表"]
        return [("ATT001", "reports[0].attachments[1]")]
    if family == "REC":
        # 公开07 公务接待费 = the 三公 table's figure; 公开06 30217 one 万元 more
        reception = p.three_public_tables[0].rows[1].actual or D(0)
        if p.final_accounts is None:
            p.final_accounts = FinalAccounts(
                tables=[FinalAccountsTable(number="01", title="收入支出决算总表")]
            )
        six = p.final_accounts.table("06")
        if six is None:
            six = FinalAccountsTable(number="06", title="基本支出明细表", columns={"amount": "决算数"})
            p.final_accounts.tables.append(six)
        six.rows.append(LineItem(code="30217", name="公务接待费", values={"amount": reception + 1}))
        seven = FinalAccountsTable(
            number="07",
            title="“三公”经费支出决算表",
            rows=[LineItem(name="决算", values={"final_total": reception, "final_reception": reception})],
        )
        p.final_accounts.tables.append(seven)
        ti = p.final_accounts.tables.index(six)
        return [("REC002", f"final_accounts.tables[{ti}].rows[{len(six.rows) - 1}].values.amount")]
    raise ValueError(family)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20250101)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    score: Any = None
    try:
        from jixiao.scoring import score_package  # type: ignore[attr-defined]

        score = score_package
    except Exception:
        score = None
    t0 = time.perf_counter()
    built = [build(rng, k) for k in range(args.count)]
    # the built packages are the bench's fixture, not the checker's garbage: without this every
    # full collection walks all of them (half the CPU at 10,000 packages; a bulk worker holds one)
    gc.collect()
    gc.freeze()
    t1 = time.perf_counter()
    c1 = time.process_time()
    memos: list[Any] = []  # each package's ScoreMemo (not the whole context: less for the GC to walk)
    planted_total = found = 0
    missed: Counter[str] = Counter()
    by_family: Counter[str] = Counter()
    internal = 0
    for p, planted in built:
        ctx = CheckContext()
        memos.append(ctx.scoring)
        findings = check_package(p, context=ctx)
        internal += sum(1 for f in findings if f.code == "INT001")
        got = {(f.code, f.location.path) for f in findings}
        for item in planted:
            planted_total += 1
            by_family[item[0][:3]] += 1
            if item in got:
                found += 1
            else:
                missed[item[0]] += 1
    t2 = time.perf_counter()
    c2 = time.process_time()
    score_errors = 0
    if score is not None:
        for (p, _), memo in zip(built, memos, strict=True):
            try:
                score(p, memo=memo)
            except Exception:
                score_errors += 1
    t3 = time.perf_counter()
    c3 = time.process_time()
    memos.clear()
    n = len(built)
    print(f"packages: {n} (built in {t1 - t0:.1f}s)")
    print(
        f"check: {t2 - t1:.1f}s, {n / (t2 - t1):.0f} packages/s; "
        f"CPU {c2 - c1:.1f}s, {n / (c2 - c1):.0f} packages per CPU-second"
    )
    if score is not None:
        print(f"score: {t3 - t2:.1f}s; check + score: {t3 - t1:.1f}s, {n / (t3 - t1):.0f} packages/s")
        print(
            f"CPU: score {c3 - c2:.1f}s; check + score {c3 - c1:.1f}s, {1000 * (c3 - c1) / n:.2f} ms per "
            f"package, {n / (c3 - c1):.0f} packages per CPU-second"
        )
    print(f"planted errors: {planted_total} in {len(by_family)} families {dict(sorted(by_family.items()))}")
    print(f"recall: {found}/{planted_total} = {100 * found / max(planted_total, 1):.2f}%")
    if missed:
        print(f"missed: {dict(missed)}")
    print(f"internal errors (INT001): {internal}; scoring errors: {score_errors}")
    if score is not None:
        # the same packages again, back to back in this process: as run (each form scored once, the
        # target caches on), with score_package scoring every form again (no memo), and with neither
        # the memo nor the target caches — CPU seconds, so the ratios hold on a loaded machine
        import importlib

        from jixiao.targets import parser, units

        # the modules that call unit_base (jixiao.targets re-exports a function named assess)
        callers = [importlib.import_module(f"jixiao.targets.{m}") for m in ("units", "assess", "model")]

        sample = built[: max(1, n // 4)]

        def run(memo: bool) -> float:
            c = time.process_time()
            for p, _ in sample:
                ctx = CheckContext()
                check_package(p, context=ctx)
                score(p, memo=ctx.scoring) if memo else score(p)
            return time.process_time() - c

        once = run(True)
        twice = run(False)
        cached, normalize, unit_base = parser._parse_cached, parser.normalize, units.unit_base
        assess_module = importlib.import_module(
            "jixiao.targets.assess"
        )  # the package re-exports a function assess
        judged = getattr(assess_module, "_judge", None)  # absent before judge() was added
        parser._parse_cached = parser._parse_uncached  # type: ignore[assignment]
        parser.normalize = normalize.__wrapped__  # type: ignore[attr-defined]
        if judged is not None:
            assess_module._judge = judged.__wrapped__
        for module in callers:
            module.unit_base = unit_base.__wrapped__  # type: ignore[attr-defined]
        try:
            bare = run(False)
        finally:
            parser._parse_cached, parser.normalize = cached, normalize  # type: ignore[assignment]
            if judged is not None:
                assess_module._judge = judged
            for module in callers:
                module.unit_base = unit_base  # type: ignore[attr-defined]
        k = len(sample)
        print(
            f"one process, one core (CPU): check + score {k / once:.0f} packages/s each form scored once, "
            f"{k / twice:.0f} scoring every form again (ratio {twice / once:.2f}), "
            f"{k / bare:.0f} also without the target caches (ratio {bare / once:.2f})"
        )
    return 0 if found == planted_total and internal == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
