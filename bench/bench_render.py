"""Benchmark the renderers: time per output for a seed package, and PDF against LibreOffice.

Usage: ``python bench/bench_render.py [PACKAGE.yaml] [--repeat N]`` (default: seed 001, 3 runs).
Prints, for each (what, format), the best time in milliseconds and the output size; then the time
LibreOffice (``soffice --headless --convert-to pdf``) needs to turn the same report .docx into PDF,
and the ratio of jixiao's own PDF rendering to it (if soffice is installed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from jixiao.model import load_package
from jixiao.renderers import RenderError, render_bytes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "corpus" / "seeds" / "001_a74d644552a354b1.yaml"
CASES = [
    ("forms", "xlsx", False),
    ("forms", "xlsx", True),
    ("forms", "pdf", False),
    ("report", "docx", False),
    ("report", "pdf", False),
    ("report", "html", False),
    ("final-accounts", "xlsx", False),
    ("final-accounts", "pdf", False),
]


def best_of(repeat: int, fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("package", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    package = load_package(args.package)
    print(f"package: {Path(args.package).name} ({package.unit.name} {package.year})")
    print(f"{'what':<16}{'format':<8}{'blank':<7}{'ms':>9}{'bytes':>10}")
    pdf_report_s: float | None = None
    for what, fmt, blank in CASES:
        try:
            files = render_bytes(package, what=what, fmt=fmt, blank=blank)
        except RenderError as exc:
            print(f"{what:<16}{fmt:<8}{blank!s:<7}{'—':>9}  ({exc})")
            continue
        seconds = best_of(
            args.repeat, lambda w=what, f=fmt, b=blank: render_bytes(package, what=w, fmt=f, blank=b)
        )
        size = sum(len(data) for _, data in files)
        print(f"{what:<16}{fmt:<8}{blank!s:<7}{seconds * 1000:>9.1f}{size:>10}")
        if (what, fmt) == ("report", "pdf"):
            pdf_report_s = seconds
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice: not installed, no LibreOffice comparison")
        return
    ((_, data),) = render_bytes(package, what="report", fmt="docx")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)  # first run builds the profile
        seconds = best_of(
            args.repeat, lambda: subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        )
    print(f"soffice docx->pdf (report){'':<9}{seconds * 1000:>9.1f}")
    if pdf_report_s:
        print(
            f"ratio jixiao pdf / soffice: {pdf_report_s / seconds:.3f} (soffice is {seconds / pdf_report_s:.1f}x slower)"
        )


if __name__ == "__main__":
    main()
