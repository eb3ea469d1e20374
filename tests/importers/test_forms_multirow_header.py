"""Two-row headers (issue 16): a group cell over its sub-headers, the other header cells merged down
over both rows — and a reader leaves no placeholder after the sub-header row's last cell."""

from __future__ import annotations

from jixiao.importers.blocks import Cell, Loc
from jixiao.importers.forms import funds_header, header_text, indicator_header, merged_tail


def _cell(text: str, col: int, *, rows: int = 1, cols: int = 1) -> Cell:
    return Cell(text, Loc(row=1, column=str(col)), row_span=rows, col_span=cols)


def test_sub_header_row_takes_the_cells_merged_down_past_its_end() -> None:
    top = [
        _cell("绩效指标", 0, cols=3),
        _cell("指标值", 3, cols=2),
        _cell("分值", 5, rows=2),
        _cell("得分", 6, rows=2),
        _cell("偏差原因分析及改进措施", 7, rows=2),
    ]
    sub = [
        _cell(t, i) for i, t in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"])
    ]
    full = merged_tail(top, sub)
    assert [header_text(c) for c in full][5:] == ["分值", "得分", "偏差原因分析及改进措施"]
    cols = indicator_header(full)
    assert cols is not None
    assert (cols.get("target"), cols.get("actual"), cols.get("max_score"), cols.get("score")) == (3, 4, 5, 6)
    assert indicator_header(top) is None  # the group row is not a header of its own


def test_funds_sub_header_under_a_group_cell() -> None:
    top = [_cell("项目资金（万元）", 0, cols=3), _cell("分值", 3, rows=2), _cell("执行率", 4, rows=2)]
    top.append(_cell("得分", 5, rows=2))
    sub = [_cell(t, i) for i, t in enumerate(["年初预算数", "全年预算数", "全年执行数"])]
    at = funds_header(merged_tail(top, sub))
    assert at is not None
    assert (at["max_score"], at["rate"], at["score"]) == (3, 4, 5)


def test_levels_alone_are_a_sub_header_row() -> None:
    row = [_cell(t, i) for i, t in enumerate(["一级指标", "二级指标", "三级指标"])]
    assert indicator_header(row) is not None
    assert merged_tail(None, row) is row
