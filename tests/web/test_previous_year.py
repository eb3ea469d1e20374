"""The evaluation page checks across years from the packages the system holds (issue 13, item 4:
``jixiao check PACKAGE --previous LAST_YEAR`` "and the web app, automatically")."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web.evaluations import services

from .conftest import seed_package

pytestmark = pytest.mark.django_db


def _codes(client: Any, evaluation: Any) -> list[str]:
    response = client.get(f"/evaluations/{evaluation.pk}/")
    assert response.status_code == 200
    return [f["code"] for _, _, group in response.context["finding_groups"] for f in group]


def test_last_years_evaluation_of_the_unit_brings_the_checks_across_years(
    world: dict[str, Any], client_for: Any
) -> None:
    e1 = world["e1"]  # seed 001, 2024
    reviewer = client_for("reviewer")
    assert "YOY001" not in _codes(reviewer, e1)  # no 2023 evaluation held: nothing to compare with
    # 2023 as the same package: what seed 001 achieved (e.g. 全年认证人数 16.49万人) is then last year's
    # actual, and its 2024 targets set below what it achieved (≥11.19万人 …) are below last year's
    # actual — the 8 rows `jixiao check --previous` reports on seed 001 (tests/targets_declaration)
    last = seed_package()
    last.year = 2023
    services.evaluation_create(
        unit=world["units"][0], year=2023, package=last, author=world["users"]["preparer"], campaign=None
    )
    assert _codes(reviewer, e1).count("YOY001") == 8
