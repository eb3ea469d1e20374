"""Figures read from each legacy, OFD and scanned format, against the same document's text-layer PDF.

For every folder of tests/corpus/formats/ (made by bench/make_formats.py) the key figures of the
package (:func:`jixiao.importers.summary`: unit, year, staffing, budget and execution, 三公, scores,
counts, 决算 totals) are read from each format and compared with those read from the text-layer
PDF the folder was made from. A figure counts when the PDF states it (not null) and the format gives
the same value. Prints one line per document and format, then the totals per format; the target is
``scan-300`` ≥ 95 % of the text-layer PDF's figures.

Run: ``.venv/bin/python bench/bench_formats.py [--only NAME ...] [--formats xls doc ...]``
(scans take about 5–10 s a page on one core).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FORMATS_DIR = ROOT / "tests" / "corpus" / "formats"
SAMPLES = ROOT / "tests" / "corpus" / "samples"
REAL_DEV = ROOT / "tests" / "corpus" / "real" / "dev"
FORMATS = [
    "document.xls",
    "document.et",
    "document.doc",
    "document.wps",
    "document.ofd",
    "scan-150.pdf",
    "scan-300.pdf",
    "page1-300.png",
    "page1-150.jpg",
]
SKIP = {"path", "jurisdiction"}


def figures(summary: dict[str, Any]) -> dict[str, Any]:
    """The stated figures of a summary, flat: scores per project become keys of their own."""
    out: dict[str, Any] = {}
    for key, value in summary.items():
        if key in SKIP or value is None:
            continue
        if isinstance(value, dict):
            for name, score in value.items():
                if score is not None:
                    out[f"{key}[{name}]"] = score
        else:
            out[key] = value
    return out


def read(path: Path) -> tuple[dict[str, Any], float, str]:
    from jixiao.importers import DocumentError, ImportLimits, import_file, summary

    start = time.monotonic()
    try:
        packages = import_file(path, limits=ImportLimits(time_limit_seconds=1800))
    except DocumentError as exc:
        return {}, time.monotonic() - start, exc.what
    merged: dict[str, Any] = {}
    for package in packages:
        for key, value in figures(summary(package, path)).items():
            merged.setdefault(key, value)
    return merged, time.monotonic() - start, ""


def source_pdf(name: str) -> Path | None:
    if name.startswith("real-"):
        path = REAL_DEV / name.removeprefix("real-") / "document.pdf"
    else:
        path = SAMPLES / f"{name}.pdf"
    return path if path.exists() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--formats", nargs="*", help="e.g. xls doc ofd scan-300 page1-300")
    args = parser.parse_args()
    wanted = [
        f for f in FORMATS if not args.formats or any(f.startswith(w) or f.endswith(w) for w in args.formats)
    ]
    totals: dict[str, list[float]] = {f: [0, 0, 0.0, 0] for f in wanted}  # same, expected, seconds, docs
    print(f"{'document':40} {'format':15} {'same/PDF':>9} {'%':>6} {'seconds':>8}  differences")
    for folder in sorted(p for p in FORMATS_DIR.iterdir() if p.is_dir()):
        if args.only and folder.name not in args.only:
            continue
        pdf = source_pdf(folder.name)
        if pdf is None:
            continue
        expected, _, error = read(pdf)
        if error:
            print(f"{folder.name:40} {'(text PDF)':15} 无法读取：{error}")
            continue
        for fmt in wanted:
            path = folder / fmt
            if not path.exists():
                continue
            got, seconds, error = read(path)
            if fmt.startswith("page1"):  # one page: only what the PDF's first page gives is comparable
                first, _, _ = read_first_page(pdf)
                base = first
            else:
                base = expected
            same = sum(1 for k, v in base.items() if got.get(k) == v)
            diff = [f"{k}: {got.get(k)!r}≠{v!r}" for k, v in base.items() if got.get(k) != v]
            share = 100.0 * same / len(base) if base else 100.0
            note = error or "; ".join(diff[:4]) + (" …" if len(diff) > 4 else "")
            print(f"{folder.name:40} {fmt:15} {same:>4}/{len(base):<4} {share:6.1f} {seconds:8.1f}  {note}")
            t = totals[fmt]
            t[0] += same
            t[1] += len(base)
            t[2] += seconds
            t[3] += 1
    print()
    print(f"{'format':15} {'documents':>9} {'same/PDF':>11} {'%':>6} {'seconds':>8}")
    for fmt, (same, total, seconds, docs) in totals.items():
        if docs:
            print(
                f"{fmt:15} {int(docs):>9} {int(same):>5}/{int(total):<5} {100 * same / max(total, 1):6.1f} {seconds:8.1f}"
            )


def read_first_page(pdf: Path) -> tuple[dict[str, Any], float, str]:
    """The figures of the PDF's first page alone (the page a photo shows)."""
    import tempfile

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf.read_bytes())
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{pdf.stem}-page1.pdf"
        one.save(str(path))
        one.close()
        src.close()
        return read(path)


if __name__ == "__main__":
    main()
