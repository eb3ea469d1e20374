"""The grid reader on layouts it was not written from: metamorphic variants of the dev forms.

Usage: ``.venv/bin/python bench/bench_variants.py [--format xlsx,docx] [-v]``

Each dev self-evaluation form with a ``layout.yaml`` is rewritten by the transformations of
``tests/corpus/real/variants.py`` (two-row headers, reordered columns, header synonyms, amounts in
元, extra and spacer columns, wrapped header texts, amounts printing their unit, funds row labels of
the same family, a section row above the indicator header), typeset in a temporary folder and measured
against the original's expected figures. Prints per transformation the figures read right, and
the same for the untouched layout typeset the same way (``original``).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, file: str) -> Any:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


measure = _load("corpus_measure", "tests/corpus/real/measure.py")
variants = _load("corpus_variants", "tests/corpus/real/variants.py")


def run(formats: tuple[str, ...], verbose: bool = False) -> dict[str, dict[str, tuple[int, int]]]:
    """{transformation: {document/format: (right, expected)}}."""
    out: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    with tempfile.TemporaryDirectory(prefix="jixiao-variants-") as tmp:
        for folder in variants.self_evaluation_folders("dev"):
            for name, grid in variants.variants(folder):
                where = Path(tmp) / folder.name / name
                for fmt, path in variants.write(grid, where, formats):
                    result = measure.measure("dev", folder, fmt, path)
                    out[name][f"{folder.name}/{fmt}"] = (result.figures_right, result.figures_expected)
                    if verbose and name != "original" and result.misses:
                        print(f"  {name} {folder.name}/{fmt}: " + "; ".join(result.misses[:8]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="xlsx,docx")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    results = run(tuple(args.format.split(",")), args.verbose)
    original = results.get("original", {})
    print(f"{'变换':<14} {'读对/应读（同文档原版）':<28}")
    for name in ("original", *variants.TRANSFORMS):
        rows = results.get(name, {})
        right = sum(r for r, _ in rows.values())
        total = sum(t for _, t in rows.values())
        base = sum(original[k][0] for k in rows if k in original)
        pct = f"{100 * right / total:.1f}%" if total else "—"
        print(f"{name:<14} {right}/{total}（{pct}） 原版 {base}/{total}")
        if args.verbose:
            for key, (r, t) in sorted(rows.items()):
                if name != "original" and key in original and r < original[key][0]:
                    print(f"    {key}: {r}/{t} < 原版 {original[key][0]}")


if __name__ == "__main__":
    main()
