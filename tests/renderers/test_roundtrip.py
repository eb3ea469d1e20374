"""Round trip: every seed package -> .xlsx forms -> ``jixiao.importers.import_file`` -> same figures.

Compared: each self-evaluation's funds block, indicators (level, name, 年度指标值, 实际完成值, 分值,
得分, 偏差原因), totals and grade; the 基础数据表; the 收支 blocks; the 评分表 and 考核评分表.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao.importers as importers
from jixiao.model import LEVEL1_LABELS, EvaluationPackage, SelfEvaluation, load_package
from jixiao.renderers import render_package
from jixiao.renderers.layout import tidy

from .conftest import seed_paths


def _indicator_rows(ev: SelfEvaluation, *, with_level: bool) -> list[tuple[object, ...]]:
    rows = []
    for i in ev.indicators:
        level = (
            i.level1
            if with_level and (i.level1_raw is None or LEVEL1_LABELS[i.level1][:2] in i.level1_raw)
            else None
        )
        # the forms print "社会保障水平" where a source printed "社会保障水 平" (no space inside a word)
        texts = [
            None if t is None else tidy(t) for t in (i.name, i.target_raw, i.actual_raw, i.deviation_note)
        ]
        rows.append((level, texts[0], texts[1], texts[2], i.max_score, i.score, texts[3]))
    return rows


def _funds(ev: SelfEvaluation) -> tuple[object, ...] | None:
    f = ev.funds
    if f is None:
        return None
    return (
        [(r.kind, r.initial_budget, r.annual_budget, r.executed) for r in f.rows],
        f.max_score,
        f.stated_execution_rate,
        f.stated_score,
        dict(f.by_source),
        dict(f.by_nature),
    )


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_forms_round_trip(path: Path, tmp_path: Path) -> None:
    original: EvaluationPackage = load_package(path)
    (xlsx,) = render_package(original, what="forms", fmt="xlsx", out_dir=tmp_path)
    packages = importers.import_file(xlsx)
    assert len(packages) == 1
    back = packages[0]
    assert (back.unit.name, back.year) == (original.unit.name, original.year)
    assert len(back.evaluations()) == len(original.evaluations())
    for a, b in zip(original.evaluations(), back.evaluations(), strict=True):
        assert (b.scope, b.name) == (a.scope, a.name)
        assert _funds(b) == _funds(a)
        assert _indicator_rows(b, with_level=False) == _indicator_rows(a, with_level=False)
        levels_a = [r[0] for r in _indicator_rows(a, with_level=True)]
        levels_b = [i.level1 for i in b.indicators]
        assert [lb for la, lb in zip(levels_a, levels_b, strict=True) if la is not None] == [
            la for la in levels_a if la is not None
        ]
        assert (b.stated_total_max, b.stated_total_score, b.stated_grade) == (
            a.stated_total_max,
            a.stated_total_score,
            a.stated_grade,
        )
        assert (b.expected_goal, b.achieved_goal) == (a.expected_goal, a.achieved_goal)
    if original.base_data is not None:
        assert back.base_data is not None
        assert (back.base_data.authorized_staff, back.base_data.actual_staff) == (
            original.base_data.authorized_staff,
            original.base_data.actual_staff,
        )
        assert back.base_data.stated_staffing_control_rate == original.base_data.stated_staffing_control_rate
        assert [
            (r.label.replace(" ", ""), r.last_year_actual, r.budget, r.actual)
            for r in back.base_data.expense_rows
        ] == [
            (r.label.replace(" ", ""), r.last_year_actual, r.budget, r.actual)
            for r in original.base_data.expense_rows
        ]
    for name in ("income", "expenditure", "fixed_assets"):
        a_part, b_part = getattr(original, name), getattr(back, name)
        if a_part is not None:
            assert b_part is not None, name
            assert b_part.model_dump(exclude={"sources"}) == a_part.model_dump(exclude={"sources"}), name
    for name in ("scoring_table", "work_assessment"):
        a_table, b_table = getattr(original, name), getattr(back, name)
        if a_table is not None:
            assert b_table is not None, name
            assert [(r.level1, r.name, r.max_score, r.self_score) for r in b_table.rows] == [
                (r.level1, r.name, r.max_score, r.self_score) for r in a_table.rows
            ]
            assert (b_table.stated_total_max, b_table.stated_total_score, b_table.stated_grade) == (
                a_table.stated_total_max,
                a_table.stated_total_score,
                a_table.stated_grade,
            )
