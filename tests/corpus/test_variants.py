"""The grid reader on layouts it was not written from (issue 16): metamorphic variants of the dev
self-evaluation forms (tests/corpus/real/variants.py) — two-row headers with merged group cells,
reordered columns, header synonyms, amounts in 元, extra and spacer columns, header texts broken
by line breaks, amounts printing their own unit (元) with no declaration, funds rows labelled by
other members of their family, a section row across the grid above the indicator header, and all
of them at once — must read the same figures as the form they came from.

Measured when set (2026-12-07, ``bench/bench_variants.py``, .xlsx and .docx): every transformation
reads exactly the original's figures (702/716 on both; before the reader folded multi-row headers:
two-row 514/716). The tolerance below absorbs one figure per transformation, not a lost block.
Fourth round (2026-12-07, 12 dev forms with the three new 湖南/湖北 layouts, .xlsx and .docx):
original 920/938; yuan_in_cells 802/816 (810 on the same documents' originals, the 8 on the
known-short 云南 form, since fixed for a form already in 元), row_labels 810/816 (810), section_row
744/746 (744).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_REAL = Path(__file__).resolve().parent / "real"


def _load(name: str, file: str) -> Any:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _REAL / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


measure = _load("corpus_measure", "measure.py")
variants = _load("corpus_variants", "variants.py")

pytestmark = pytest.mark.corpus

FORMATS = ("xlsx", "docx")
TOLERANCE = 1  # figures a transformation may lose over all documents and formats (measured: 0)

# Known shortfalls, each an open item, not a tolerance: the 云南 公开14表 (指标性质 / 指标值 / 度量单位
# under 年度指标值, amounts in 元) moved from the holdout to dev at the end of the third round after its
# merged "有效" target was fixed; its variants were first measured then (original 59/59):
# two_row 32, two_row_alt 32, yuan 55, yuan_in_head 55, extra_columns −2, combined 28 (xlsx). The
# reader does not yet fold a group row over a header that is already two rows deep, and reads a
# 元 declaration on this layout's 部门 line only in the original's position.
# The 丽江 古城区 form collected on 2026-12-07 is the same 云南 layout and falls short the same way
# (original 38/38; two_row, two_row_alt and combined 24, xlsx).
KNOWN_SHORT = {"yn-lincang-yongde-minglang-2022-project", "yn-lijiang-gucheng-zrzyj-2020-project"}


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, tuple[int, int]]]:
    out: dict[str, dict[str, tuple[int, int]]] = {}
    root = tmp_path_factory.mktemp("variants")
    for folder in variants.self_evaluation_folders("dev"):
        for name, grid in variants.variants(folder):
            for fmt, path in variants.write(grid, root / folder.name / name, FORMATS):
                result = measure.measure("dev", folder, fmt, path)
                assert result.crashed is None, f"{name} {folder.name}/{fmt}: {result.crashed}"
                out.setdefault(name, {})[f"{folder.name}/{fmt}"] = (
                    result.figures_right,
                    result.figures_expected,
                )
    return out


def test_every_transformation_applies(readings: dict[str, dict[str, tuple[int, int]]]) -> None:
    assert len(variants.self_evaluation_folders("dev")) >= 8
    for name in variants.TRANSFORMS:
        assert len(readings.get(name, {})) >= 2 * len(FORMATS), f"{name} applies to too few forms"


@pytest.mark.parametrize("name", variants.TRANSFORMS)
def test_variant_reads_as_the_original(name: str, readings: dict[str, dict[str, tuple[int, int]]]) -> None:
    original = readings["original"]
    rows = {k: v for k, v in readings[name].items() if k.split("/")[0] not in KNOWN_SHORT}
    right = sum(r for r, _ in rows.values())
    base = sum(original[k][0] for k in rows)
    lost = {k: (original[k][0], r) for k, (r, _) in rows.items() if r < original[k][0] - TOLERANCE}
    assert not lost, f"{name}: 读对的数字少于原版（原版, 变体）: {lost}"
    assert right >= base - TOLERANCE, f"{name}: {right} < 原版 {base} - {TOLERANCE}"
