"""The unit's stated reason for a 三公 change is carried into the generated sentence."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import EvaluationPackage, ThreePublicComponent, ThreePublicRow, ThreePublicTable, Unit
from jixiao.renderers import report_sentences


def test_reason_follows_the_figures() -> None:
    row = ThreePublicRow(
        component=ThreePublicComponent.TOTAL,
        last_year_actual=Decimal("6.87"),
        budget=Decimal("4"),
        actual=Decimal("2.76"),
        reason="严格遵守中央八项规定，厉行节约",
    )
    package = EvaluationPackage(
        year=2024,
        unit=Unit(name="桃江县社会保险服务中心"),
        three_public_tables=[ThreePublicTable(title="三公", rows=[row])],
    )
    sentences = [s for s in report_sentences(package) if "三公" in s]
    # 2.76/4 = 69.00%; 6.87 − 2.76 = 4.11; 4.11/6.87 = 59.83%
    assert any(
        "支出决算为2.76万元" in s
        and "比上年减少4.11万元，下降59.83%" in s
        and "主要原因是：严格遵守中央八项规定，厉行节约" in s
        for s in sentences
    ), sentences
