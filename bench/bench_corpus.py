"""The importer and checker on real documents: figures read, defects found, false findings, coverage.

Usage: ``.venv/bin/python bench/bench_corpus.py [--split dev|holdout|fresh|all] [--format txt,pdf,...] [-v]``

Per document of ``tests/corpus/real/`` and format, and in total (per split): figures read right,
hard defects found, errors and warnings with no defect behind them, the share of the document's
figures the importer placed, crashes and refusals. The targets (issue 16): ≥ 95 % of figures,
≥ 90 % of hard defects, at most one false error per ten documents, no crash.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("corpus_measure", ROOT / "tests/corpus/real/measure.py")
assert _spec is not None and _spec.loader is not None
measure = importlib.util.module_from_spec(_spec)
sys.modules["corpus_measure"] = measure
_spec.loader.exec_module(measure)


def _pct(a: int, b: int) -> str:
    return f"{a}/{b}（{100 * a / b:.1f}%）" if b else f"{a}/0（—）"


def _kind(split: str, doc: str) -> str:
    """The first kind the document's expected.yaml declares (its source.kinds)."""
    expected = yaml.safe_load((measure.ROOT / split / doc / "expected.yaml").read_text(encoding="utf-8"))
    kinds = (expected.get("source") or {}).get("kinds") or ["?"]
    return str(kinds[0])


def _by_kind(results: list, splits: tuple[str, ...]) -> None:
    kinds = {(r.split, r.doc): _kind(r.split, r.doc) for r in results}
    for split in splits:
        for fmt in sorted({r.fmt for r in results}):
            for kind in sorted({kinds[(r.split, r.doc)] for r in results if r.split == split}):
                rs = [
                    r
                    for r in results
                    if r.split == split and r.fmt == fmt and kinds[(r.split, r.doc)] == kind
                ]
                if not rs:
                    continue
                fig = sum(r.figures_right for r in rs), sum(r.figures_expected for r in rs)
                dfc = sum(r.defects_found for r in rs), sum(r.defects_expected for r in rs)
                print(
                    f"{split:7} {fmt:5} {kind:18} 文档 {len(rs):3}  数字 {_pct(*fig):>18}  硬错误 {_pct(*dfc):>14}  "
                    f"误报错误 {sum(r.false_errors for r in rs)}  拒绝 {sum(1 for r in rs if r.refused)}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        default="all",
        choices=("dev", "holdout", "fresh", "all"),
        help="fresh: documents collected this round, measured once before any code is changed for them, then moved to dev",
    )
    parser.add_argument("--format", default=",".join(measure.FORMATS))
    parser.add_argument(
        "--by-kind",
        action="store_true",
        help="totals only, per split, format and kind of document (no per-document lines: fit for the holdout)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list misses, unfound defects, false errors"
    )
    args = parser.parse_args()
    splits = ("dev", "holdout") if args.split == "all" else (args.split,)
    started = time.perf_counter()
    results = measure.measure_all(splits, tuple(args.format.split(",")))
    seconds = time.perf_counter() - started
    if args.by_kind:
        _by_kind(results, splits)
        return
    print(f"{'文档':46} {'格式':5} {'数字':>16} {'硬错误':>12} {'误报错/警':>8} {'覆盖':>6}  状态")
    for r in results:
        state = "崩溃 " + r.crashed if r.crashed else ("拒绝 " + r.refused[:40] if r.refused else "")
        print(
            f"{r.split[0]}:{r.doc[:44]:44} {r.fmt:5} {_pct(r.figures_right, r.figures_expected):>16} "
            f"{_pct(r.defects_found, r.defects_expected):>12} {r.false_errors:>3}/{r.false_warnings:<4} "
            f"{100 * r.coverage:5.1f}%  {state}"
        )
        if args.verbose:
            for line in r.misses[:12]:
                print(f"      未读对 {line}")
            for line in r.unfound:
                print(f"      未查出 {line[:110]}")
            for line in r.false:
                print(f"      误报   {line}")
    print()
    for split in splits:
        for fmt in sorted({r.fmt for r in results}):
            rs = [r for r in results if r.split == split and r.fmt == fmt]
            if not rs:
                continue
            fig = sum(r.figures_right for r in rs), sum(r.figures_expected for r in rs)
            dfc = sum(r.defects_found for r in rs), sum(r.defects_expected for r in rs)
            false_errors = sum(r.false_errors for r in rs)
            print(
                f"合计 {split:7} {fmt:5} 文档 {len(rs):3}  数字 {_pct(*fig):>18}  硬错误 {_pct(*dfc):>14}  "
                f"误报错误 {false_errors}（每十份 {10 * false_errors / len(rs):.1f}）  "
                f"崩溃 {sum(1 for r in rs if r.crashed)}  拒绝 {sum(1 for r in rs if r.refused)}  "
                f"覆盖 {100 * sum(r.coverage for r in rs) / len(rs):.1f}%"
            )
    print(f"\n用时 {seconds:.1f} 秒，{len(results)} 次导入+审核")


if __name__ == "__main__":
    main()
