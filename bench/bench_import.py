"""Benchmark: import time per document for each format, and for every PDF our import (and our PDF
reader alone) against pypdfium2's bare text extraction of the same file — the floor our work adds to.

PDFs: tests/corpus/samples/*.pdf and tests/corpus/real/dev/**/document.pdf (never the holdout). Prints one
line per file and the median ratios (target: import ≤ 3× the bare extraction).

Times are this process's processor time (``time.process_time``, best of ``--repeat``), not wall-clock
time: everything measured runs in this one thread (PDFium included), and on a machine other work shares
the wall clock measures the load more than the code. ``--wall`` measures wall-clock time instead. The load
average is printed with the figures.

Run: ``.venv/bin/python bench/bench_import.py [--repeat N] [--pdf-only]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.importers import DocumentError, import_file
from jixiao.importers.pdf_reader import extract_text_only, read_pdf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "jixiao" / "data" / "seeds"
SAMPLES = ROOT / "tests" / "corpus" / "samples"
REAL = ROOT / "tests" / "corpus" / "real"


CLOCK = time.process_time


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return max(min(times), 1e-6)  # a clock tick may be coarser than a tiny file's extraction


def _import(path: Path) -> None:
    with contextlib.suppress(DocumentError):  # a document not placed still costs its reading
        import_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-only", action="store_true")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of processor time")
    args = parser.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    load = os.getloadavg()[0]
    # the held-out documents are never read one by one (bench_corpus --split holdout --by-kind gives totals)
    pdfs = sorted(SAMPLES.glob("*.pdf")) + sorted((REAL / "dev").glob("**/document.pdf"))
    others: list[Path] = []
    if not args.pdf_only:
        others = sorted(SEEDS.glob("*.txt")) + sorted(
            p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".xlsx", ".html")
        )
    by_format: dict[str, list[float]] = {}
    print(
        f"计时：{'墙上时间' if args.wall else '本进程 CPU 时间'}，{args.repeat} 次取最小；负载 {load:.1f}（{os.cpu_count()} 核）"
    )
    print(f"{'格式':<6}{'文件':<58}{'导入用时':>10}")
    for path in others:
        t = best_of(lambda path=path: _import(path), args.repeat)
        by_format.setdefault(path.suffix[1:], []).append(t)
        print(f"{path.suffix[1:]:<6}{path.name:<58}{t * 1000:8.1f} ms")
    ratios: list[float] = []
    reader_ratios: list[float] = []
    for path in pdfs:
        data = path.read_bytes()
        floor = best_of(lambda data=data: extract_text_only(data), args.repeat)
        reader = best_of(lambda data=data: read_pdf(data, "bench"), args.repeat)
        t = best_of(lambda path=path: _import(path), args.repeat)
        by_format.setdefault("pdf", []).append(t)
        ratios.append(t / floor)
        reader_ratios.append(reader / floor)
        name = str(path.relative_to(ROOT / "tests" / "corpus"))
        print(
            f"{'pdf':<6}{name:<58}{t * 1000:8.1f} ms  pypdfium2 纯文本 {floor * 1000:6.1f} ms，"
            f"读取 {reader * 1000:6.1f} ms（{reader / floor:4.1f}×），导入 {t / floor:4.1f}×"
        )
    print()
    for fmt, times in sorted(by_format.items()):
        print(f"{fmt:<6} 每份文档中位数 {statistics.median(times) * 1000:8.1f} ms（{len(times)} 份）")
    if ratios:
        print(
            f"PDF（{len(ratios)} 份）与 pypdfium2 纯文本提取之比的中位数：导入 {statistics.median(ratios):.2f}×，"
            f"其中 PDF 读取 {statistics.median(reader_ratios):.2f}×（目标：导入 ≤ 3×）；负载 {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
