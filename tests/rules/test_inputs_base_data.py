"""Inputs computed from seed 001's 基础数据表 (hand computation in the comments)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import load_package
from jixiao.rules.inputs import compute_input
from tests.conftest import seed_package_path


def test_public_operation_and_procurement_rates_of_seed_001() -> None:
    package = load_package(seed_package_path("001_a74d644552a354b1"))
    # 公用经费: 决算 37.78 / 预算 24.53 = 1.540155… → 154.02 %
    public = compute_input("public_operation_control_rate", package)
    assert public.value is not None and round(public.value, 2) == Decimal("154.02")
    assert "37.78" in public.how and "24.53" in public.how
    # 政府采购: 4.53 / 4.53 = 100 %
    procurement = compute_input("procurement_execution_rate", package)
    assert procurement.value == Decimal(100)
    # staffing: 27 / 32 = 84.375 % (the form prints 84.38 %)
    staffing = compute_input("staffing_control_rate", package)
    assert staffing.value is not None and round(staffing.value, 3) == Decimal("84.375")
