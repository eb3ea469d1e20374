"""A typeset form's printed note under its 总分 row is kept as the form's 备注 (grade_note), where the
checks read the level-1 weights the form fixes for itself (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import check_package
from jixiao.importers.api import import_file

ROOT = Path(__file__).resolve().parents[2]
ZHONGJIANG = ROOT / "tests/corpus/real/dev/sc-deyang-zhongjiang-water-2022-project"


# the .xlsx keeps the note as a paragraph after the grid (structure._attach_footer), docx and pdf in the grid
@pytest.mark.parametrize("name", ["document.docx", "document.pdf", "document.xlsx"])
def test_note_under_the_total_row_is_read(name: str) -> None:
    [package] = import_file(ZHONGJIANG / name)
    [form] = package.projects
    assert form.grade_note is not None
    assert form.grade_note.startswith("注:1.一级指标分值统一设置为:产出指标50分、效益指标30分")
    # the headings print 产出指标(70分) and 效益指标(20分); the note fixes 50 and 30
    wgt002 = sorted((f.stated, f.computed) for f in check_package(package) if f.code == "WGT002")
    assert wgt002 == [("20", "30"), ("70", "50")]
