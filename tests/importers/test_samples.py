"""Generated .docx / .xlsx / .pdf / .html samples of the seed packages, held to the seeds' bar.

The samples are made by ``tests/corpus/samples/make_samples.py`` (python-docx with merged cells,
openpyxl with merged header cells, LibreOffice for the PDF — long tables run over page breaks
with their header rows repeated).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.importers import import_file
from jixiao.importers.accuracy import compare
from jixiao.importers.blocks import Table

from .conftest import SAMPLE_DIR, SEED_IDS, expected_package

FORMATS = ["docx", "xlsx", "pdf", "html"]


def sample(seed_id: str, fmt: str) -> Path:
    path = SAMPLE_DIR / f"{seed_id}.{fmt}"
    assert path.exists(), f"{path.name} missing (regenerate with tests/corpus/samples/make_samples.py)"
    return path


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_sample_matches_hand_made_package(seed_id: str, fmt: str) -> None:
    expected = expected_package(seed_id)
    package = import_file(sample(seed_id, fmt))[0]
    report = compare(package, expected)
    print(f"\n{seed_id}.{fmt}: {report.describe()}")
    assert report.figure_share >= 0.98, report.describe()
    assert report.indicators_matched == report.indicators_expected, report.describe()


def test_docx_has_merged_cells_and_provenance() -> None:
    path = sample("004_da89c46e97eef31b", "docx")
    package = import_file(path)[0]
    assert package.overall is not None
    ind = package.overall.indicators[1]
    # the 一级指标 cell is merged down its rows: the second row still belongs to 产出指标
    assert ind.level1_raw == "产出指标 (50分)"
    src = ind.sources["name"]
    assert (
        src.table is not None
        and src.table.startswith("表")
        and src.row is not None
        and src.column is not None
    )


def test_xlsx_provenance_names_sheet_row_and_column() -> None:
    package = import_file(sample("001_a74d644552a354b1", "xlsx"))[0]
    assert package.overall is not None and package.overall.funds is not None
    src = package.overall.funds.rows[0].sources["initial_budget"]
    assert src.table == "评价材料" and src.row is not None and src.column == "C"


def test_pdf_table_continues_over_a_page_break() -> None:
    from jixiao.importers.pdf_reader import read_pdf

    doc = read_pdf(sample("004_da89c46e97eef31b", "pdf").read_bytes(), "x")
    spans = [{c.loc.page for row in b.rows for c in row} for b in doc.blocks if isinstance(b, Table)]
    assert any(len(pages) > 1 for pages in spans), "no table runs over a page break"
    package = import_file(sample("004_da89c46e97eef31b", "pdf"))[0]
    src = package.unit.sources.get("name")
    assert src is not None and src.page == 1
