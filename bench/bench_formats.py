"""Figures read from each legacy, OFD and scanned format, against the same document's text-layer PDF.

For every folder of tests/corpus/formats/ (made by bench/make_formats.py) the key figures of the
package (:func:`jixiao.importers.summary`: unit, year, staffing, budget and execution, 三公, scores,
counts, 决算 totals) are read from each format and compared with those read from the text-layer
PDF the folder was made from. A figure counts when the PDF states it (not null) and the format gives
the same value. Prints one line per document and format, then the totals per format; the target is
``scan-300`` ≥ 95 % of the text-layer PDF's figures.

With ``--real`` it measures the real corpus instead (tests/corpus/real/dev/; never holdout): each
dev document's typeset files are made, on the fly into a temporary folder, into .xls and .doc
(LibreOffice), .ofd, and scans at 150 and 300 dpi turned by a small angle (pdftoppm, as
bench/make_formats.py makes them), and each format is measured like bench/bench_corpus.py measures
a document (tests/corpus/real/measure.py): the expected figures read right and the hard defects
found, beside the same document's text-layer PDF.

Run: ``.venv/bin/python bench/bench_formats.py [--only NAME ...] [--formats xls doc ...] [--real]``
(a scan takes about 3–4 s of processor time a page; Tesseract runs on all cores; ``--real`` prints
the load average before and after, since the seconds depend on it).
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument(
        "--real", action="store_true", help="the real corpus's dev documents, made on the fly"
    )
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="with --real: the held-out documents instead, totals only (read once, at the end of a round)",
    )
    args = parser.parse_args()
    if args.real:
        real(args.only, args.formats, split="holdout" if args.holdout else "dev")
        return
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


REAL_FORMATS = ["pdf", "xls", "doc", "ofd", "scan-150.pdf", "scan-300.pdf"]


def real(only: list[str] | None, formats: list[str] | None, split: str = "dev") -> None:
    """The dev documents of the real corpus in each format, made into a temporary folder, measured.

    ``split="holdout"`` measures the held-out documents and prints only the totals (no document's
    name or misses), as ``bench_corpus.py --by-kind`` does: a figure to quote, not to tune on."""
    import importlib.util
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    import make_formats

    spec = importlib.util.spec_from_file_location("corpus_measure", ROOT / "tests/corpus/real/measure.py")
    assert spec is not None and spec.loader is not None
    measure = importlib.util.module_from_spec(spec)
    sys.modules["corpus_measure"] = measure
    spec.loader.exec_module(measure)
    from jixiao.importers import ImportLimits, import_file

    # accuracy is measured here, not speed: the time limit is the bench's, the seconds are printed
    measure.import_file = lambda path: import_file(path, limits=ImportLimits(time_limit_seconds=1800))
    wanted = [f for f in REAL_FORMATS if not formats or any(f.startswith(w) for w in formats)]
    if "pdf" not in wanted:
        wanted.insert(0, "pdf")
    totals = {f: [0, 0, 0, 0, 0.0, 0, 0] for f in wanted}  # right, expected, found, defects, s, docs, refused
    # OCR's seconds depend on what else runs: the load average is printed before and after
    print("负载（1/5/15 分钟）：" + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    pdf_right: dict[str, int] = {}
    quiet = split != "dev"
    if not quiet:
        print(f"{'文档':44} {'格式':13} {'数字':>9} {'硬错误':>7} {'秒':>6}  说明")
    for folder in sorted(p for p in (REAL_DEV.parent / split).iterdir() if p.is_dir()):
        if only and folder.name not in only:
            continue
        files = {s: folder / f"document.{s}" for s in ("xlsx", "docx", "pdf")}
        files = {s: f for s, f in files.items() if f.exists()}
        if "pdf" not in files or not (folder / "expected.yaml").exists():
            continue
        with tempfile.TemporaryDirectory(prefix="jixiao-formats-") as tmp:
            target = Path(tmp)
            if any(f in wanted for f in ("xls", "doc")):
                make_formats.legacy(files, target)
            if "ofd" in wanted:
                make_formats.make_ofd(files["pdf"], target)
            if any(f.startswith("scan") for f in wanted):
                make_formats.make_scans(files["pdf"], target)
            for fmt in wanted:
                path = files["pdf"] if fmt == "pdf" else target / (fmt if "." in fmt else f"document.{fmt}")
                if not path.exists():
                    continue
                start = time.monotonic()
                r = measure.measure(split, folder, fmt, path)
                seconds = time.monotonic() - start
                if fmt == "pdf":
                    pdf_right[folder.name] = r.figures_right
                note = r.crashed or r.refused or "; ".join(r.misses[:3])
                if not quiet:
                    print(
                        f"{folder.name[:44]:44} {fmt:13} {r.figures_right:>4}/{r.figures_expected:<4} "
                        f"{r.defects_found:>3}/{r.defects_expected:<3} {seconds:6.1f}  {note[:90]}",
                        flush=True,
                    )
                t = totals[fmt]
                t[0] += r.figures_right
                t[1] += r.figures_expected
                t[2] += r.defects_found
                t[3] += r.defects_expected
                t[4] += seconds
                t[5] += 1
                t[6] += 1 if (r.crashed or r.refused) else 0
    print()
    print("负载（1/5/15 分钟）：" + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    base = totals["pdf"][0]
    print(
        f"{'格式':13} {'文档':>4} {'数字读对':>12} {'相对文字层PDF':>12} {'硬错误查出':>10} {'拒绝/崩溃':>8} {'秒':>7}"
    )
    for fmt, (right, expected, found, defects, seconds, docs, refused) in totals.items():
        if docs:
            print(
                f"{fmt:13} {int(docs):>4} {int(right):>5}/{int(expected):<6} {100 * right / max(base, 1):11.1f}% "
                f"{int(found):>5}/{int(defects):<4} {int(refused):>8} {seconds:7.1f}"
            )


if __name__ == "__main__":
    main()
