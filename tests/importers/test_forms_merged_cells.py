"""A value merged across several columns of an indicator row (云南 公开14表: "有效" over 指标性质 |
指标值 | 度量单位) must not shift the cells after it: the header's column numbers are printed
columns, not positions in the reader's list of cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import check_package
from jixiao.importers.api import import_file

DOC = (
    Path(__file__).resolve().parents[1]
    / "corpus"
    / "real"
    / "dev"
    / "yn-lincang-yongde-minglang-2022-project"
)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_target_merged_over_three_columns_keeps_the_row_whole(fmt: str) -> None:
    (package,) = import_file(DOC / f"document.{fmt}")
    (form,) = package.evaluations()
    row = next(i for i in form.indicators if i.name == "减轻贫困学生家庭经济负担")
    # layout.yaml: [效益指标, 经济效益指标, 减轻贫困学生家庭经济负担, {有效 over 3 columns}, 有效, 10, 10, ""]
    assert (row.target_raw, row.actual_raw, row.max_score, row.score) == ("有效", "有效", 10, 10)
    # nine rows of 10 points + 执行率 10 = 100 = the printed 总分 分值; their scores
    # 10+10+7+10 + 10+9+10 + 10+10 = 86, + 执行率得分 10 = 96 = the printed 总分 得分
    assert sum(i.max_score or 0 for i in form.indicators) == 90
    assert sum(i.score or 0 for i in form.indicators) == 86
    codes = {f.code for f in check_package(package)}
    assert not codes & {"WGT003", "SCO003"}
