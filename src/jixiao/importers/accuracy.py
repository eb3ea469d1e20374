"""Accuracy of an import against a hand-made package, field by field.

:func:`compare` walks the expected package (the ground truth) and, for every value it states,
looks for the same value at the same place in the imported package. Lists are aligned item by item
on their identifying fields (a 决算 line by side, code and name; an indicator by its name and
texts; a project by its name), so order and extra items do not matter. Values are counted in three
groups:

* figures — numbers (Decimal, int): must be equal as numbers;
* texts — strings and enums: compared with runs of whitespace collapsed;
* indicator rows — each expected row must have an imported row with the same level 1, level 2,
  name, target, actual, 分值, 得分 and deviation note.

Provenance (``sources``), the document list, the import report and section line numbers are not
compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from jixiao.model import EvaluationPackage, Indicator, SelfEvaluation

_SKIP_KEYS = {"sources", "documents", "import_report", "schema_version", "line", "rule_sets"}
_ID_KEYS = {
    "name",
    "code",
    "side",
    "component",
    "kind",
    "number",
    "label",
    "level1",
    "level2",
    "heading",
    "party",
    "key",
    "scope",
    "where",
    "title",
}


@dataclass
class AccuracyReport:
    figures_expected: int = 0
    figures_matched: int = 0
    texts_expected: int = 0
    texts_matched: int = 0
    indicators_expected: int = 0
    indicators_matched: int = 0
    figure_mismatches: list[tuple[str, Any, Any]] = field(default_factory=list)
    text_mismatches: list[tuple[str, Any, Any]] = field(default_factory=list)
    missing_indicators: list[str] = field(default_factory=list)

    @property
    def figure_share(self) -> float:
        return self.figures_matched / self.figures_expected if self.figures_expected else 1.0

    @property
    def text_share(self) -> float:
        return self.texts_matched / self.texts_expected if self.texts_expected else 1.0

    @property
    def indicator_share(self) -> float:
        return self.indicators_matched / self.indicators_expected if self.indicators_expected else 1.0

    def describe(self) -> str:
        lines = [
            f"数字 {self.figures_matched}/{self.figures_expected}（{self.figure_share:.1%}）",
            f"指标行 {self.indicators_matched}/{self.indicators_expected}（{self.indicator_share:.1%}）",
            f"文字 {self.texts_matched}/{self.texts_expected}（{self.text_share:.1%}）",
        ]
        for path, exp, got in self.figure_mismatches[:40]:
            lines.append(f"  数字不符 {path}: 应为 {exp}，导入为 {got}")
        for text in self.missing_indicators[:40]:
            lines.append(f"  指标行缺失或不符: {text}")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _SKIP_KEYS}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _norm_text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


def _is_figure(value: Any) -> bool:
    return isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)


def _leaves(value: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []

    def walk(v: Any, path: str) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{path}.{k}" if path else str(k))
        elif isinstance(v, list):
            if v and all(isinstance(x, str) for x in v):
                out.append((path, "、".join(v)))
            else:
                for i, x in enumerate(v):
                    walk(x, f"{path}[{i}]")
        elif v is not None:
            out.append((path, v))

    walk(value, "")
    return out


def _equal(a: Any, b: Any) -> bool:
    if _is_figure(a):
        return _is_figure(b) and Decimal(str(a)) == Decimal(str(b))
    if b is None:
        return False
    return _norm_text(a) == _norm_text(b)


def _flat(value: Any) -> list[tuple[str, str]]:
    return [(path.rsplit(".", 1)[-1].split("[")[0], _norm_text(v)) for path, v in _leaves(value)]


def _similarity(expected: Any, got: Any) -> float:
    if not isinstance(expected, dict) or not isinstance(got, dict):
        return 1.0 if _equal(expected, got) else 0.0
    score = 0.0
    for k, v in expected.items():
        if isinstance(v, list) and v and isinstance(got.get(k), list):
            pool = _flat(got[k])
            for leaf in _flat(v):
                if leaf in pool:
                    pool.remove(leaf)
                    score += 1.0
            continue
        if v is None or (isinstance(v, (dict, list)) and k != "values"):
            continue
        if k == "values" and isinstance(v, dict) and isinstance(got.get(k), dict):
            score += sum(1 for kk, vv in v.items() if _equal(vv, got[k].get(kk)))
            continue
        if _equal(v, got.get(k)):
            score += 10.0 if k in _ID_KEYS else 1.0
        elif k in _ID_KEYS and isinstance(v, str) and isinstance(got.get(k), str):
            # near names still pair up (a wrapped name joined differently)
            a, b = re.sub(r"\s", "", v), re.sub(r"\s", "", got[k])
            if a and (a in b or b in a):
                score += 5.0
    return score


def _align(expected: list[Any], got: list[Any]) -> list[tuple[Any, Any]]:
    """Pair every expected item with the best unused imported item (or None)."""
    pairs: list[tuple[Any, Any]] = []
    used: set[int] = set()
    for exp in expected:
        best, best_score = None, 0.0
        for j, cand in enumerate(got):
            if j in used:
                continue
            s = _similarity(exp, cand)
            if s > best_score:
                best, best_score = j, s
        if best is not None:
            used.add(best)
            pairs.append((exp, got[best]))
        else:
            pairs.append((exp, None))
    return pairs


def _compare(expected: Any, got: Any, path: str, report: AccuracyReport) -> None:
    if isinstance(expected, dict):
        g = got if isinstance(got, dict) else {}
        for k, v in expected.items():
            _compare(v, g.get(k), f"{path}.{k}" if path else k, report)
        return
    if isinstance(expected, list):
        if expected and all(isinstance(x, str) for x in expected):
            report.texts_expected += 1
            ok = isinstance(got, list) and [_norm_text(x) for x in expected] == [_norm_text(x) for x in got]
            if ok:
                report.texts_matched += 1
            else:
                report.text_mismatches.append((path, expected, got))
            return
        g_list = got if isinstance(got, list) else []
        for i, (exp, cand) in enumerate(_align(expected, g_list)):
            _compare(exp, cand, f"{path}[{i}]", report)
        return
    if expected is None:
        return
    if _is_figure(expected):
        report.figures_expected += 1
        if _equal(expected, got):
            report.figures_matched += 1
        else:
            report.figure_mismatches.append((path, expected, got))
        return
    report.texts_expected += 1
    if _equal(expected, got):
        report.texts_matched += 1
    else:
        report.text_mismatches.append((path, expected, got))


def _indicator_key(ind: Indicator) -> tuple[Any, ...]:
    def t(v: str | None) -> str:
        return _norm_text(v) if v else ""

    return (
        ind.level1.value,
        ind.level2.value,
        t(ind.name),
        t(ind.target_raw),
        t(ind.actual_raw),
        None if ind.max_score is None else Decimal(ind.max_score),
        None if ind.score is None else Decimal(ind.score),
        t(ind.deviation_note),
    )


def _evaluation_pairs(
    expected: EvaluationPackage, imported: EvaluationPackage
) -> list[tuple[SelfEvaluation, SelfEvaluation | None]]:
    pairs: list[tuple[SelfEvaluation, SelfEvaluation | None]] = []
    if expected.overall is not None:
        pairs.append((expected.overall, imported.overall))
    exp_projects = [_plain(p.model_dump()) for p in expected.projects]
    got_projects = [_plain(p.model_dump()) for p in imported.projects]
    index = {id(d): p for d, p in zip(got_projects, imported.projects, strict=True)}
    for (_, cand), proj in zip(_align(exp_projects, got_projects), expected.projects, strict=True):
        pairs.append((proj, index.get(id(cand)) if cand is not None else None))
    return pairs


def compare(imported: EvaluationPackage, expected: EvaluationPackage) -> AccuracyReport:
    """Field-by-field accuracy of ``imported`` against the hand-made ``expected`` package."""
    report = AccuracyReport()
    _compare(_plain(expected.model_dump()), _plain(imported.model_dump()), "", report)
    for exp_ev, got_ev in _evaluation_pairs(expected, imported):
        got_keys = [_indicator_key(i) for i in got_ev.indicators] if got_ev is not None else []
        for ind in exp_ev.indicators:
            report.indicators_expected += 1
            key = _indicator_key(ind)
            if key in got_keys:
                got_keys.remove(key)
                report.indicators_matched += 1
            else:
                report.missing_indicators.append(f"{exp_ev.name or exp_ev.title}: {key}")
    return report
