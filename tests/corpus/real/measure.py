"""Measure the importer and the checker on the real-document corpus (see README.md beside this file).

For one document folder and one of its formats (document.txt / .xlsx / .docx / .pdf / …): import it
with the product's own entry point, check every package, then compare with the hand-made
``expected.yaml``:

* figures — each expected key figure looked up in the imported packages (amounts normalised to
  万元 from the unit the expectation declares; texts compared without spaces);
* defects — each hard defect is found when a finding of an acceptable code (the defect's ``codes``,
  else the families of its ``kind``) stands at its place (its line, or its stated or computed value);
* false findings — errors and warnings that no expected defect explains (import and coverage
  notices excluded: they speak of reading, not of the document);
* coverage — the share of figure-bearing text the importer placed (1 − unplaced ÷ all).

`bench/bench_corpus.py` prints these per document and in total; `tests/corpus/test_real.py`
asserts the floors.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import opencc
import yaml

from jixiao.audit import check_package
from jixiao.audit.findings import Finding, Severity
from jixiao.importers.api import import_file
from jixiao.importers.errors import DocumentError
from jixiao.model import EvaluationPackage, FundsRowKind, SelfEvaluation, ThreePublicComponent

ROOT = Path(__file__).resolve().parent
FORMATS = ("txt", "xlsx", "docx", "pdf", "html", "xls", "doc", "ofd")
_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000), None: Decimal(1)}
_KIND_FAMILIES = {
    "sum": ("SUM", "REC", "RND"),
    "rate": ("RAT", "NAR"),
    "change": ("RAT", "NAR", "SUM"),
    "share": ("RAT", "NAR"),
    "score": ("SCO", "SVT", "SVR"),
    "weight": ("WGT", "SCO"),
    "grade": ("GRD",),
    "unit": ("UNT",),
    "year": ("YRS", "DAT"),
    "date": ("DAT", "YRS"),
    "staffing": ("CTL", "XRF", "NAR"),
    "text-table": ("XRF", "NAR", "SUM", "RAT", "REC"),
    "placeholder": ("FMT", "NAR"),
    "contents": ("XRF", "ATT"),
    "other": (),
}
_READING_FAMILIES = ("IMP", "COV", "INT")
_ROWS = {
    "total": FundsRowKind.TOTAL,
    "fiscal": FundsRowKind.APPROPRIATION,
    "carryover": FundsRowKind.CARRIED_OVER,
    "other": FundsRowKind.OTHER,
}
_TP = {
    "total": ThreePublicComponent.TOTAL,
    "overseas_travel": ThreePublicComponent.OVERSEAS_TRAVEL,
    "vehicle": ThreePublicComponent.VEHICLE,
    "vehicle_purchase": ThreePublicComponent.VEHICLE_PURCHASE,
    "vehicle_operation": ThreePublicComponent.VEHICLE_OPERATION,
    "reception": ThreePublicComponent.RECEPTION,
}


@dataclass
class Result:
    """What one (document, format) pair measured."""

    doc: str
    split: str
    fmt: str
    figures_expected: int = 0
    figures_right: int = 0
    defects_expected: int = 0
    defects_found: int = 0
    false_errors: int = 0
    false_warnings: int = 0
    coverage: float = 0.0
    crashed: str | None = None
    refused: str | None = None
    misses: list[str] = field(default_factory=list)
    unfound: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


def documents(splits: tuple[str, ...] = ("dev", "holdout")) -> Iterator[tuple[str, Path]]:
    for split in splits:
        for folder in sorted((ROOT / split).glob("*/")):
            if (folder / "expected.yaml").exists():
                yield split, folder


def formats_of(folder: Path) -> list[tuple[str, Path]]:
    return [(f, folder / f"document.{f}") for f in FORMATS if (folder / f"document.{f}").exists()]


# ------------------------------------------------------------------------------ values


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).replace(",", "").replace("，", "").strip().rstrip("%％")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


_T2S = opencc.OpenCC("t2s.json")
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


def _squash(text: Any) -> str:
    """Text compared without spaces, bracket width or script: the importer reads a document printed in
    traditional characters as simplified (importers.script), while its expected.yaml quotes it as printed."""
    squashed = re.sub(r"\s+", "", str(text or "")).replace("（", "(").replace("）", ")").replace("：", ":")
    # ═ (box drawing) is how some HTML tables print "=": a reading of it as = is the same sign
    # and without the pinyin glosses a mirror prints after its characters (removed at import too)
    return str(_T2S.convert(_GLOSS.sub("", squashed.replace("═", "="))))


def _same_number(a: Any, b: Any, unit: str | None = None) -> bool:
    expected = _dec(a)
    got = _dec(b)
    if expected is None or got is None:
        return False
    return expected * _TO_WAN.get(unit, Decimal(1)) == got


def _same_text(a: Any, b: Any) -> bool:
    x, y = _squash(a), _squash(b)
    return bool(x) and (x == y or (len(x) >= 6 and (x in y or y in x)))


def _forms(packages: list[EvaluationPackage]) -> list[SelfEvaluation]:
    out: list[tuple[tuple[int, int, str, int], SelfEvaluation]] = []
    for p in packages:
        for ev in p.evaluations():
            locs = [s for s in ev.sources.values()]
            for ind in ev.indicators[:1]:
                locs.extend(ind.sources.values())
            if ev.funds is not None:
                locs.extend(ev.funds.sources.values())
                for r in ev.funds.rows:
                    locs.extend(r.sources.values())
            key = min(
                ((s.page or 0, s.line or 0, s.table or "", s.row or 0) for s in locs),
                default=(10**6, 0, "", 0),
            )
            out.append((key, ev))
    out.sort(key=lambda kv: (kv[0][0], kv[0][1], _table_no(kv[0][2]), kv[0][3]))
    return [ev for _, ev in out]


def _table_no(name: str) -> int:
    m = re.search(r"\d+", name or "")
    return int(m.group()) if m else 0


def _lookup(packages: list[EvaluationPackage], key: str) -> Any:
    p = packages[0] if packages else None
    if p is None:
        return None
    if key == "year":
        return p.year
    if key == "unit_name":
        return p.unit.name
    m = re.fullmatch(r"targets\[(\d+)\]\.(.+)", key)
    if m:
        decls = [d for q in packages for d in q.targets]
        i = int(m.group(1))
        return _declaration_value(decls[i], m.group(2)) if i < len(decls) else None
    m = re.fullmatch(r"forms\[(\d+)\]\.(.+)", key)
    if m:
        forms = _forms(packages)
        i = int(m.group(1))
        return _form_value(forms[i], m.group(2)) if i < len(forms) else None
    if key.startswith(("income.", "expenditure.")):
        block = p.income if key.startswith("income.") else p.expenditure
        return getattr(block, key.split(".", 1)[1], None) if block is not None else None
    m = re.fullmatch(r"three_public\.(\w+)\.(\w+)", key)
    if m:
        comp = _TP.get(m.group(1))
        for table in p.three_public_tables:
            row = table.row(comp) if comp is not None else None
            if row is not None and getattr(row, m.group(2), None) is not None:
                return getattr(row, m.group(2))
        return None
    if key in ("staff.authorized", "staff.actual"):
        attr = "authorized_staff" if key.endswith("authorized") else "actual_staff"
        value = getattr(p.unit, attr, None)
        if value is None and p.base_data is not None:
            value = getattr(p.base_data, attr, None)
        return value
    if key == "final_accounts.tables":
        fa = p.final_accounts
        return [t.title or t.number for t in fa.tables] if fa is not None else []
    m = re.fullmatch(r"final_accounts\.(\d+)\.(.+)", key)
    if m:
        fa = p.final_accounts
        table = fa.table(m.group(1)) if fa is not None else None
        item = table.find(name=m.group(2)) if table is not None else None
        return item.values.get("amount") if item is not None else None
    if key in ("total_score", "grade"):
        forms = _forms(packages)
        if forms:
            return forms[0].stated_total_score if key == "total_score" else forms[0].stated_grade
        table = p.scoring_table or p.work_assessment
        if table is not None:
            return table.stated_total_score if key == "total_score" else table.stated_grade
        attr = "stated_total_score" if key == "total_score" else "stated_grade"
        return next((getattr(r, attr) for r in p.reports if getattr(r, attr, None) is not None), None)
    return None


def _form_value(ev: SelfEvaluation, rest: str) -> Any:
    if rest == "scope":
        return ev.scope.value
    if rest == "name":
        return ev.name
    if rest == "indicator_count":
        return len(ev.indicators)
    if rest in ("total_max", "total_score", "grade"):
        return {"total_max": ev.stated_total_max, "total_score": ev.stated_total_score}.get(
            rest, ev.stated_grade
        )
    funds = ev.funds
    m = re.fullmatch(r"funds\.(max_score|execution_rate|score)", rest)
    if m:
        attr = {"max_score": "max_score", "execution_rate": "stated_execution_rate", "score": "stated_score"}
        return getattr(funds, attr[m.group(1)]) if funds is not None else None
    m = re.fullmatch(r"funds\.(\w+)\.(\w+)", rest)
    if m and funds is not None:
        kind = _ROWS.get(m.group(1))
        row = funds.row(kind) if kind is not None else None
        return getattr(row, m.group(2), None) if row is not None else None
    return None


def _declaration_value(decl: Any, rest: str) -> Any:
    """A 绩效目标申报表 figure: scope, name, annual_goal, indicator_count, funds.<row> (the amount)."""
    if rest == "scope":
        return decl.scope.value
    if rest in ("name", "annual_goal"):
        return getattr(decl, rest)
    if rest == "indicator_count":
        return len(decl.indicators)
    m = re.fullmatch(r"funds\.(\w+)", rest)
    kind = _ROWS.get(m.group(1)) if m else None
    fund = decl.fund(kind) if kind is not None else None
    return fund.amount if fund is not None else None


def _declared_fields(
    packages: list[EvaluationPackage], i: int, expected: dict[str, Any]
) -> list[tuple[str, bool]]:
    decls = [d for q in packages for d in q.targets]
    decl = decls[i] if i < len(decls) else None
    match = None
    if decl is not None:
        match = next((x for x in decl.indicators if _same_text(expected.get("name"), x.name)), None)
    out: list[tuple[str, bool]] = []
    for f in (k for k in ("name", "target", "weight", "basis") if expected.get(k) is not None):
        if match is None:
            out.append((f, False))
        elif f == "weight":
            out.append((f, _same_number(expected[f], match.weight)))
        elif f == "target":  # the 指标值 cell, or it with the comparator and unit columns around it
            ok = _squash(expected[f]) in (_squash(match.target_raw), _squash(match.target_text()))
            out.append((f, ok))
        else:
            got = match.name if f == "name" else match.basis_raw
            out.append((f, _same_text(expected[f], got) or _squash(expected[f]) == _squash(got)))
    return out


def _indicator_fields(ev: SelfEvaluation | None, expected: dict[str, Any]) -> list[tuple[str, bool]]:
    fields = [k for k in ("name", "target", "actual", "max_score", "score") if expected.get(k) is not None]
    match = None
    if ev is not None:
        match = next((ind for ind in ev.indicators if _same_text(expected.get("name"), ind.name)), None)
    out: list[tuple[str, bool]] = []
    for f in fields:
        if match is None:
            out.append((f, False))
            continue
        got = {
            "name": match.name,
            "target": match.target_raw,
            "actual": match.actual_raw,
            "max_score": match.max_score,
            "score": match.score,
        }[f]
        if expected[f] == "":
            ok = got in (None, "")
        elif f in ("max_score", "score"):
            ok = _same_number(expected[f], got)
        else:
            ok = _same_text(expected[f], got)
        out.append((f, ok))
    return out


def compare_figures(result: Result, packages: list[EvaluationPackage], figures: list[dict[str, Any]]) -> None:
    forms = _forms(packages)
    for fig in figures:
        key = str(fig.get("key"))
        m = re.fullmatch(r"targets\[(\d+)\]\.indicators\[\d+\]", key)
        if m:
            for name, ok in _declared_fields(packages, int(m.group(1)), fig):
                result.figures_expected += 1
                result.figures_right += ok
                if not ok:
                    result.misses.append(f"{key}.{name}={fig.get(name)}")
            continue
        m = re.fullmatch(r"forms\[(\d+)\]\.indicators\[\d+\]", key)
        if m:
            i = int(m.group(1))
            for name, ok in _indicator_fields(forms[i] if i < len(forms) else None, fig):
                result.figures_expected += 1
                result.figures_right += ok
                if not ok:
                    result.misses.append(f"{key}.{name}={fig.get(name)}")
            continue
        expected = fig.get("value")
        got = _lookup(packages, key)
        if isinstance(expected, list):
            found = [e for e in expected if any(_same_text(e, g) for g in (got or []))]
            result.figures_expected += len(expected)
            result.figures_right += len(found)
            result.misses.extend(f"{key}∌{e}" for e in expected if e not in found)
            continue
        result.figures_expected += 1
        if expected is None:  # printed blank: right when the figure's form was read and it stays empty
            m = re.match(r"forms\[(\d+)\]", key)
            ok = got is None and (int(m.group(1)) < len(forms) if m else bool(packages))
        elif isinstance(expected, int) and not isinstance(expected, bool) and key in ("year",):
            ok = got == expected
        elif _dec(expected) is not None and not isinstance(got, str):
            ok = _same_number(expected, got, fig.get("unit"))
        else:
            ok = _same_text(expected, got) or (got is not None and _squash(expected) == _squash(got))
        result.figures_right += ok
        if not ok:
            result.misses.append(f"{key}={expected}（读出 {got}）")


# ------------------------------------------------------------------------------ defects


def _line_of(text: str, snippet: str) -> int | None:
    pos = text.find(snippet)
    if pos < 0:
        pos = _squash(text).find(_squash(snippet))
        if pos < 0:
            return None
        return None
    return text.count("\n", 0, pos) + 1


def _acceptable(defect: dict[str, Any]) -> tuple[str, ...]:
    codes = tuple(str(c) for c in defect.get("codes") or ())
    return codes or _KIND_FAMILIES.get(str(defect.get("kind")), ())


def _explains(defect: dict[str, Any], f: Finding, doc_text: str) -> bool:
    codes = _acceptable(defect)
    if codes and not f.code.startswith(codes):
        return False
    if not codes and f.code.startswith(_READING_FAMILIES):
        return False
    numbers = [_dec(defect.get("stated")), _dec(defect.get("computed"))]
    seen = [_dec(f.stated), _dec(f.computed)]
    if any(n is not None and n in seen for n in numbers):
        return True
    line = _line_of(doc_text, str(defect.get("where") or ""))
    loc_line = f.location.line
    if line is not None and loc_line is not None and abs(loc_line - line) <= 2:
        return True
    where = _squash(defect.get("where"))
    text = _squash(f.location.text)
    return bool(where and text and (text in where or where[:12] in text))


def compare_defects(
    result: Result, findings: list[Finding], defects: list[dict[str, Any]], doc_text: str
) -> None:
    # a defect may say which of the document's copies print it (``formats: [txt]``: the typeset copies
    # made from layout.yaml hold only the table, not the text the defect stands in)
    defects = [d for d in defects if result.fmt in (d.get("formats") or (result.fmt,))]
    hard = [d for d in defects if d.get("hard")]
    explained: set[int] = set()
    for d in hard:
        result.defects_expected += 1
        hits = [i for i, f in enumerate(findings) if _explains(d, f, doc_text)]
        if hits:
            result.defects_found += 1
            explained.update(hits)
        else:
            result.unfound.append(f"{d.get('id')} {d.get('kind')}: {d.get('arithmetic')}")
    for d in defects:
        if not d.get("hard"):
            explained.update(i for i, f in enumerate(findings) if _explains(d, f, doc_text))
    for i, f in enumerate(findings):
        if i in explained or f.code.startswith(_READING_FAMILIES):
            continue
        if f.severity == Severity.ERROR:
            result.false_errors += 1
            result.false.append(f"{f.code} {f.message[:80]}")
        elif f.severity == Severity.WARNING:
            result.false_warnings += 1


def _coverage(packages: list[EvaluationPackage], doc_text: str) -> float:
    covs = [p.coverage for p in packages if p.coverage is not None]
    if covs:
        figures = sum(c.figures + c.sentences_with_figures for c in covs)
        read = sum(c.figures_placed + c.sentences_related for c in covs)
        return read / figures if figures else 1.0
    total = len(re.findall(r"\d+(?:\.\d+)?", doc_text))
    if total == 0:
        return 1.0
    unplaced = 0
    for p in packages:
        for issue in p.import_report:
            unplaced += len(re.findall(r"\d+(?:\.\d+)?", issue.text or ""))
    return max(0.0, 1 - unplaced / total)


def measure(split: str, folder: Path, fmt: str, path: Path) -> Result:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    doc_text = (
        (folder / "document.txt").read_text(encoding="utf-8") if (folder / "document.txt").exists() else ""
    )
    result = Result(folder.name, split, fmt)
    packages: list[EvaluationPackage] = []
    findings: list[Finding] = []
    try:
        packages = import_file(path)
        for p in packages:
            findings.extend(check_package(p))
    except DocumentError as exc:
        result.refused = str(exc)
    except Exception as exc:  # a crash is what this measures; keep going with the next document
        result.crashed = "".join(traceback.format_exception_only(exc)).strip()
    compare_figures(result, packages, list(expected.get("figures") or []))
    compare_defects(result, findings, list(expected.get("defects") or []), doc_text if fmt == "txt" else "")
    result.coverage = _coverage(packages, doc_text) if packages else 0.0
    return result


def measure_all(
    splits: tuple[str, ...] = ("dev", "holdout"), formats: tuple[str, ...] = FORMATS
) -> list[Result]:
    out: list[Result] = []
    for split, folder in documents(splits):
        for fmt, path in formats_of(folder):
            if fmt in formats:
                out.append(measure(split, folder, fmt, path))
    return out
