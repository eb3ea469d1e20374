"""Django set-up and fixtures for the target-round tests: the world of ``tests/web/conftest.py``.

Bureau A (桃江县财政局) with desks D1 (U1 桃江县社会保险服务中心, reviewer ``reviewer``) and D2 (U2);
bureau B with U3. U1 holds its 2024 self-evaluation (seed 001). ``target_round`` opens the 2025 round
of bureau A: U1's filing starts from the targets of its 2024 self-evaluation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.pg import _release_postgres_sessions  # noqa: F401
from tests.web.conftest import PASSWORD, client_for, world  # noqa: F401

__all__ = ["PASSWORD"]


@pytest.fixture
def target_round(world: dict[str, Any]) -> Any:  # noqa: F811
    from jixiao_web.targets import services

    return services.round_open(
        user=world["users"]["admin"],
        year=2025,
        title="关于编报2025年度绩效目标的通知",
        deadline=date(2025, 1, 20),
    )


@pytest.fixture
def filing(world: dict[str, Any], target_round: Any) -> Any:  # noqa: F811
    """U1's 2025 filing."""
    return target_round.filings.get(unit=world["units"][0])
