"""Benchmark: import time per document for each format, and for PDF the ratio to pdfplumber's
bare text extraction of the same file (the floor our structuring work adds to).

Run: ``.venv/bin/python bench/bench_import.py [--repeat N]`` (samples from
tests/corpus/samples/make_samples.py; seed texts from src/jixiao/data/seeds/).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.importers import import_file
from jixiao.importers.pdf_reader import extract_text_only

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "jixiao" / "data" / "seeds"
SAMPLES = ROOT / "tests" / "corpus" / "samples"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, str, float, str]] = []
    files = sorted(SEEDS.glob("*.txt")) + sorted(
        p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".xlsx", ".pdf", ".html")
    )
    by_format: dict[str, list[float]] = {}
    for path in files:
        t = best_of(lambda path=path: import_file(path), args.repeat)
        extra = ""
        if path.suffix == ".pdf":
            data = path.read_bytes()
            floor = best_of(lambda data=data: extract_text_only(data), args.repeat)
            extra = f"pdfplumber 纯文本 {floor * 1000:8.1f} ms，比值 {t / floor:5.2f}"
        rows.append((path.suffix[1:], path.name, t, extra))
        by_format.setdefault(path.suffix[1:], []).append(t)
    print(f"{'格式':<6}{'文件':<30}{'导入用时':>12}")
    for fmt, name, t, extra in rows:
        print(f"{fmt:<6}{name:<30}{t * 1000:10.1f} ms  {extra}")
    print()
    for fmt, times in sorted(by_format.items()):
        print(f"{fmt:<6} 每份文档中位数 {statistics.median(times) * 1000:8.1f} ms（{len(times)} 份）")


if __name__ == "__main__":
    main()
