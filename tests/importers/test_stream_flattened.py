"""The stream reader on forms flattened the ways web archives flatten them (issue 16).

Each dev self-evaluation form with a ``layout.yaml`` (tests/corpus/real/) is written out as the
text an archive gives of an HTML or Word table, and must read the figures its typeset .xlsx reads:

- ``pipe_rows``: one grid row a line, its cells between pipes, a cell merged across columns or down
  rows given once, where it starts (the archive's export of an HTML table);
- ``cell_lines``: one cell a line, each ending with a pipe, empty cells as a lone pipe (a WPS/Word
  attachment's text);
- ``html_stream``: every cell in reading order between pipes, the lines broken only where a cell
  text held a line break (a page's text run);
- ``wrapped``: one cell a line with no pipes, a long cell broken over lines at 12 characters and
  empty cells gone (a PDF's text layer);
- ``run_together``: each grid row's cells glued with no separator at all (a page that lost its
  table markup).

Run as a script (``.venv/bin/python tests/importers/test_stream_flattened.py``) it prints the
figures per form and flattening beside the .xlsx's.

Measured when set (2026-12-07, 14 dev forms, 469 figures; .xlsx 460): before the stream reader took
over pipe runs, folded two-row headers and joined wrapped cells — pipe_rows 351, cell_lines 366,
html_stream 205, wrapped 314, run_together 46; after — 351, 436, 436, 420, 204. ``pipe_rows`` is
read as a grid by the form reader (forms.py), not by the stream.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"


def _load(name: str, file: str) -> Any:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _REAL / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


pytestmark = pytest.mark.corpus

measure = _load("corpus_measure", "measure.py")
variants = _load("corpus_variants", "variants.py")
typeset = _load("corpus_typeset", "typeset.py")


def _rows(grid: Any) -> list[list[Any]]:
    """The grid's cells row by row, each cell once, at the row and column where it starts."""
    rows: list[list[Any]] = [[] for _ in range(grid.n_rows)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell)
    return rows


def _text(cell: Any) -> str:
    return str(cell.display).strip()


def _one_line(cell: Any) -> str:
    return " ".join(_text(cell).split())


def pipe_rows(grid: Any) -> str:
    return "\n".join("| " + " | ".join(_one_line(c) for c in row) + " |" for row in _rows(grid) if row)


def cell_lines(grid: Any) -> str:
    return "\n".join(f"{_one_line(c)} |" if _text(c) else "|" for row in _rows(grid) for c in row)


def html_stream(grid: Any) -> str:
    return "| " + " | ".join(_text(c) for row in _rows(grid) for c in row) + " |"


def _wrap(text: str, width: int = 12) -> list[str]:
    flat = "".join(text.split())
    return [flat[k : k + width] for k in range(0, len(flat), width)] or [""]


def wrapped(grid: Any) -> str:
    return "\n".join(piece for row in _rows(grid) for c in row if _text(c) for piece in _wrap(_text(c)))


def run_together(grid: Any) -> str:
    return "\n".join("".join("".join(_text(c).split()) for c in row) for row in _rows(grid) if row)


FLATTENINGS: dict[str, Callable[[Any], str]] = {
    "pipe_rows": pipe_rows,
    "cell_lines": cell_lines,
    "html_stream": html_stream,
    "wrapped": wrapped,
    "run_together": run_together,
}


def read(folder: Path, name: str, out: Path) -> tuple[int, int]:
    """Figures right / expected of the form in ``folder`` flattened by ``name`` (written under ``out``)."""
    grid = typeset.load_layout(folder)
    path = out / folder.name / name / "document.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FLATTENINGS[name](grid) + "\n", encoding="utf-8")
    result = measure.measure("dev", folder, "txt", path)
    assert result.crashed is None, f"{folder.name}/{name}: {result.crashed}"
    return result.figures_right, result.figures_expected


def read_xlsx(folder: Path, out: Path) -> tuple[int, int]:
    grid = typeset.load_layout(folder)
    ((_, path),) = variants.write(grid, out / folder.name / "xlsx", ("xlsx",))
    result = measure.measure("dev", folder, "xlsx", path)
    return result.figures_right, result.figures_expected


# Known shortfalls, each an open item: the 重庆 整体自评表 prints columns no spec names (计量单位,
# 指标性质, 调整指标值, 得分系数, 是否核心指标), which the stream cannot step over as a grid can (a
# grammar that stepped over them read it 22/26 here and lost 13 holdout figures, so it was taken
# back); the 广水 form prints its funds transposed (sources as columns), which only the grid reader knows.
KNOWN_SHORT = {"cq-kexuecheng-rmt-2021-overall", "hb-suizhou-guangshui-jtj-2021-project"}
# the totals measured when set (2026-12-07, 17 dev forms, 603 figures; .xlsx 602): a drop below them is
# a regression
FLOORS = {"pipe_rows": 538, "cell_lines": 571, "html_stream": 571, "wrapped": 544, "run_together": 283}


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, tuple[int, int]]]:
    out = tmp_path_factory.mktemp("flattened")
    return {
        folder.name: {"xlsx": read_xlsx(folder, out)} | {n: read(folder, n, out) for n in FLATTENINGS}
        for folder in variants.self_evaluation_folders("dev")
    }


@pytest.mark.parametrize("name", ["cell_lines", "html_stream"])
def test_one_cell_a_line_reads_what_the_xlsx_reads(
    name: str, readings: dict[str, dict[str, tuple[int, int]]]
) -> None:
    short = {
        form: (figures[name][0], figures["xlsx"][0])
        for form, figures in readings.items()
        if form not in KNOWN_SHORT and figures[name][0] < figures["xlsx"][0]
    }
    assert short == {}


@pytest.mark.parametrize("name", list(FLATTENINGS))
def test_no_flattening_reads_fewer_figures_than_measured(
    name: str, readings: dict[str, dict[str, tuple[int, int]]]
) -> None:
    assert sum(figures[name][0] for figures in readings.values()) >= FLOORS[name]


def main() -> None:
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="flattened-"))
    totals: dict[str, list[int]] = {}

    def cell(figures: tuple[int, int] | list[int], width: int) -> str:
        return f"{figures[0]}/{figures[1]}".rjust(width)

    print(f"{'form':46} {'xlsx':>8} " + " ".join(f"{n:>13}" for n in FLATTENINGS))
    for folder in variants.self_evaluation_folders("dev"):
        figures = {"xlsx": read_xlsx(folder, out)} | {n: read(folder, n, out) for n in FLATTENINGS}
        for n, (right, expected) in figures.items():
            totals.setdefault(n, [0, 0])
            totals[n][0] += right
            totals[n][1] += expected
        print(
            f"{folder.name[:46]:46} {cell(figures['xlsx'], 8)} "
            + " ".join(cell(figures[n], 13) for n in FLATTENINGS)
        )
    print(f"{'total':46} {cell(totals['xlsx'], 8)} " + " ".join(cell(totals[n], 13) for n in FLATTENINGS))


if __name__ == "__main__":
    main()
