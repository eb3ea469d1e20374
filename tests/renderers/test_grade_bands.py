"""The grade a document derives, its stated basis, the blank form's note and its Excel formula come
from the rule set file's bands (HOUSE.md: a rule lives in its YAML only, no copy in Python)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import jixiao.rules
from jixiao.renderers import numbers
from jixiao.rules import get_rule_set


def test_the_national_bands_read_from_the_rule_set() -> None:
    # 财预〔2020〕10号: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (data/rules/national/project/cai-yu-2020-10.yaml)
    assert (
        numbers.grade_basis()
        == "（按90分（含）以上为优、80（含）—90分为良、60（含）—80分为中、60分以下为差的标准确定）"
    )
    assert numbers.grade_formula("H9") == '=IF(H9="","",IF(H9>=90,"优",IF(H9>=80,"良",IF(H9>=60,"中","差"))))'
    assert [numbers.national_grade(Decimal(s)) for s in ("90", "89.99", "60", "59.99")] == [
        "优",
        "良",
        "中",
        "差",
    ]


def test_other_bands_in_the_file_change_every_output(monkeypatch: pytest.MonkeyPatch) -> None:
    national = get_rule_set(numbers.NATIONAL_RULE_SET)
    bands = [b.model_copy() for b in national.grade_bands]
    # a province that grades 优 from 85 and 良 from 75: only the data differs
    bands[0] = bands[0].model_copy(update={"lower": Decimal(85)})
    bands[1] = bands[1].model_copy(update={"lower": Decimal(75), "upper": Decimal(85)})
    bands[2] = bands[2].model_copy(update={"upper": Decimal(75)})
    other = national.model_copy(update={"grade_bands": bands})
    monkeypatch.setattr(jixiao.rules, "get_rule_set", lambda rule_set_id: other)
    assert numbers.national_grade(Decimal("86")) == "优"  # 良 under the national bands
    assert numbers.grade_basis().startswith("（按85分（含）以上为优、75（含）—85分为良、60（含）—75分为中")
    assert (
        numbers.grade_note()
        == "备注：85（含）—100分为优；75（含）—85分为良；60（含）—75分为中；60分以下为差。"
    )
    assert 'IF(A1>=85,"优",IF(A1>=75,"良"' in numbers.grade_formula("A1")
