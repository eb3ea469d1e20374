"""Benchmark of the bulk audit's work per document: import, check and score real documents, with one
process and with every core (worker processes that each take many documents, as ``jixiao check -j``
and the bulk workers do). Prints documents per second for both and their ratio, measured in one run.

Documents: the seeds (src/jixiao/data/seeds/*.txt) and the dev corpus (tests/corpus/real/dev/**/document.*),
repeated ``--rounds`` times so every worker has enough to do. Also prints what starting a process costs.

On a machine other work shares, wall-clock rates say more about the load than about the code, so the
processor time is measured too (this process for the serial run; the workers, reaped at the pool's end,
for the parallel one): documents per CPU-second, and that rate times the workers — what the same
work gives on idle cores — are printed beside the wall-clock figures, with the load average.

    .venv/bin/python bench/bench_bulk.py [--rounds 3] [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".txt", ".docx", ".xlsx", ".pdf", ".html"}


def documents() -> list[Path]:
    seeds = sorted((ROOT / "src" / "jixiao" / "data" / "seeds").glob("*.txt"))
    # the dev corpus only: the held-out documents are not read outside bench_corpus --by-kind
    real = sorted(
        p for p in (ROOT / "tests" / "corpus" / "real" / "dev").rglob("document.*") if p.suffix in SUFFIXES
    )
    return seeds + real


def audit(path: Path) -> int:
    """What a bulk item costs: import the document, check and score every package in it; findings found."""
    from jixiao.audit import CheckContext, check_package
    from jixiao.importers import DocumentError, import_file
    from jixiao.scoring import score_package

    try:
        packages = import_file(path)
    except DocumentError:
        return 0
    found = 0
    for package in packages:
        ctx = CheckContext()  # its ScoreMemo: each form scored once by the checks and the score
        found += len(check_package(package, context=ctx))
        with contextlib.suppress(Exception):  # a package no rule set applies to still counts as audited
            score_package(package, memo=ctx.scoring)
    return found


def start_seconds(command: list[str], repeat: int = 5) -> float:
    """The best of ``repeat`` wall times of a fresh process running ``command`` (what a worker's start costs)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t)
    return best


def warm(paths: list[Path]) -> None:
    """Load the importers, the checker and the rule sets once (forked workers inherit them): one
    document of each format is audited, so no worker imports a reader's libraries (openpyxl,
    python-docx, pypdfium2, lxml) for itself."""
    from jixiao.rules.loader import load_rule_sets

    load_rule_sets()
    seen: set[str] = set()
    for path in paths:
        if path.suffix not in seen:
            seen.add(path.suffix)
            audit(path)
    gc.collect()
    gc.freeze()  # as ``jixiao check -j`` does before its fork: collections walk only each document's objects


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    work = documents() * args.rounds
    warm(work)
    load_before = os.getloadavg()
    t0, c0 = time.perf_counter(), time.process_time()
    serial = sum(audit(p) for p in work)
    t1, c1 = time.perf_counter(), time.process_time()
    k0 = children_cpu()
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=context) as pool:
        parallel = sum(pool.map(audit, work, chunksize=max(1, len(work) // (args.workers * 4))))
    t2 = time.perf_counter()
    workers_cpu = children_cpu() - k0  # the pool's processes, reaped when it shut down
    load_after = os.getloadavg()
    assert serial == parallel, (serial, parallel)
    one, many = len(work) / (t1 - t0), len(work) / (t2 - t1)
    per_cpu_one, per_cpu_many = len(work) / (c1 - c0), len(work) / max(workers_cpu, 1e-9)
    print(f"documents: {len(work)} ({len(work) // args.rounds} files × {args.rounds}); findings: {serial}")
    print(
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        f"({os.cpu_count()} cores; wall-clock rates fall as other work takes the cores)"
    )
    print(
        f"1 process:  {t1 - t0:.1f}s, {one:.1f} documents/s; "
        f"CPU {c1 - c0:.1f}s, {per_cpu_one:.1f} documents per CPU-second"
    )
    print(
        f"{args.workers} processes: {t2 - t1:.1f}s, {many:.1f} documents/s (pool start included); "
        f"CPU {workers_cpu:.1f}s, {per_cpu_many:.1f} documents per CPU-second, "
        f"{per_cpu_many * args.workers:.1f} documents/s on {args.workers} idle cores (target ≥ 20)"
    )
    print(f"ratio {args.workers} processes / 1 process: {many / one:.2f} (wall clock)")
    bare = start_seconds([sys.executable, "-c", "pass"])
    cli = Path(sys.executable).with_name("jixiao")
    help_ = start_seconds([str(cli), "--help"]) if cli.exists() else float("nan")
    core = start_seconds([sys.executable, "-c", "import jixiao.audit, jixiao.scoring, jixiao.importers"])
    print(
        f"process start: python {bare * 1000:.0f} ms, jixiao --help {help_ * 1000:.0f} ms, "
        f"python + importers, checker and scorer {core * 1000:.0f} ms (a worker pays it once for many documents)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
