"""The web app's bridge to the core engine: checks, scores, imports, renders, computed fields.

The core modules (``jixiao.audit``, ``jixiao.scoring``, ``jixiao.importers``, ``jixiao.renderers``)
are called through these functions only, defensively: a missing or crashing module degrades the
page (no findings, no score sheet, no download links) instead of breaking it or losing a save.
Findings and score sheets are turned into plain dicts here so templates and the JSON API share one
shape. Computed fields follow the identities of 财预〔2020〕10号 附件 (执行率 = 全年执行数 ÷ 全年
预算数；总分 = 各指标得分之和 + 预算执行率得分) and the Hunan 部门整体支出 forms (基本支出 = 人员
经费 + 公用经费；支出合计 = 基本支出 + 项目支出).
"""

from __future__ import annotations

import importlib.util
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.model import EvaluationPackage, FundsRowKind, PackageError, loads_json, loads_yaml

log = logging.getLogger(__name__)

SEVERITIES = [("error", "错误"), ("warning", "警告"), ("info", "提示")]
SEVERITY_LABELS = dict(SEVERITIES)
PACKAGE_SUFFIXES = (".yaml", ".yml", ".json")


def _str(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def finding_dict(finding: Any) -> dict[str, Any]:
    """One finding (``jixiao.audit.Finding`` or anything shaped like it) as plain data."""
    location = getattr(finding, "location", None)
    severity = _str(getattr(finding, "severity", "info")).lower()
    if severity not in SEVERITY_LABELS:
        severity = "info"
    describe = ""
    if location is not None and hasattr(location, "describe"):
        try:
            describe = str(location.describe())
        except Exception:  # pragma: no cover - a broken describe must not break the page
            describe = ""

    def loc(name: str) -> Any:
        return getattr(location, name, None) if location is not None else None

    return {
        "code": _str(getattr(finding, "code", "")),
        "category": _str(getattr(finding, "category", "")),
        "severity": severity,
        "severity_label": SEVERITY_LABELS[severity],
        "message": _str(getattr(finding, "message", "")),
        "stated": getattr(finding, "stated", None),
        "computed": getattr(finding, "computed", None),
        "rule": getattr(finding, "rule", None),
        "path": loc("path") or "",
        "document": loc("document") or "",
        "line": loc("line"),
        "page": loc("page"),
        "where": describe,
    }


_MEMO: ContextVar[Any] = ContextVar("jixiao_score_memo", default=None)


@contextmanager
def scoring_once() -> Iterator[Any]:
    """Within the block (or the function it decorates), :func:`check` and :func:`score_sheets` share
    one :func:`score_memo`: each form is scored once for the findings and the sheets. For one request
    or one bulk item over packages it does not change in between. Yields the memo."""
    token = _MEMO.set(score_memo())
    try:
        yield _MEMO.get()
    finally:
        _MEMO.reset(token)


def score_memo() -> Any:
    """A new :class:`jixiao.scoring.ScoreMemo` for one check + score of one unchanged package (None
    when the scorer is not available): give it to :func:`check` and then :func:`score_sheets` (and
    :func:`jixiao.scoring.final_score` through ``score_package(…, memo=…)``) and each form is
    scored once (issue 11)."""
    try:
        from jixiao.scoring import ScoreMemo
    except ImportError:
        return None
    return ScoreMemo()


def check(
    package: EvaluationPackage, previous: EvaluationPackage | None = None, *, memo: Any = None
) -> list[dict[str, Any]]:
    """The findings of ``jixiao check`` as dicts (empty when the checker is not available); with last
    year's package of the unit, also the checks across years (YOY…, as ``jixiao check --previous``).
    ``memo`` (:func:`score_memo`; by default the one of an enclosing :func:`scoring_once`) keeps the
    forms the checks score for :func:`score_sheets`."""
    try:
        from jixiao.audit import CheckContext, check_package
        from jixiao.audit.checks.previous import context_with_previous
    except ImportError:
        return []
    if memo is None:
        memo = _MEMO.get()
    try:
        context = context_with_previous(previous) if previous is not None else None
        if memo is not None:
            context = context or CheckContext()
            context.scoring = memo
        findings = list(check_package(package, context=context))
    except Exception:
        log.exception("check_package failed")
        return [
            {
                "code": "INT000",
                "category": "format",
                "severity": "warning",
                "severity_label": "警告",
                "message": "审核程序运行出错，本次未能完成全部检查",
                "stated": None,
                "computed": None,
                "rule": None,
                "path": "",
                "document": "",
                "line": None,
                "page": None,
                "where": "",
            }
        ]
    return [finding_dict(f) for f in findings]


def group_by_severity(findings: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """[(severity, 中文, findings)] in the order error, warning, info — empty groups left out."""
    out = []
    for key, label in SEVERITIES:
        items = [f for f in findings if f["severity"] == key]
        if items:
            out.append((key, label, items))
    return out


def _plain(value: Any) -> Any:
    """A pydantic object (or anything) as JSON-compatible data."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(getattr(value, "value", value))


def score_sheets(package: EvaluationPackage, *, memo: Any = None) -> list[dict[str, Any]]:
    """The score sheets of ``jixiao score`` as ``{"title", "text", "data"}`` (empty when unavailable);
    with the ``memo`` :func:`check` was given (by default the one of an enclosing :func:`scoring_once`),
    the forms the checks scored are not scored again."""
    try:
        from jixiao.scoring import score_package
    except ImportError:
        return []
    if memo is None:
        memo = _MEMO.get()
    try:
        sheets = list(score_package(package, memo=memo))
    except Exception:
        log.exception("score_package failed")
        return []
    out = []
    for sheet in sheets:
        text = ""
        try:
            text = str(sheet.to_text())
        except Exception:
            text = ""
        title = ""
        for attr in ("title", "subject", "name", "scope"):
            value = getattr(sheet, attr, None)
            if value:
                title = _str(value)
                break
        out.append({"title": title, "text": text, "data": _plain(sheet)})
    return out


def checker_available() -> bool:
    try:
        from jixiao.audit import check_package  # noqa: F401
    except ImportError:
        return False
    return True


def renderers_available() -> bool:
    try:
        return importlib.util.find_spec("jixiao.renderers") is not None and hasattr(
            importlib.import_module("jixiao.renderers"), "render_package"
        )
    except Exception:
        return False


DOWNLOADS = [
    ("forms", "xlsx", "自评表（Excel）"),
    ("report", "docx", "自评报告（Word）"),
    ("report", "pdf", "自评报告（PDF）"),
]


def render(package: EvaluationPackage, what: str, fmt: str) -> tuple[str, bytes]:
    """Render through ``jixiao.renderers``; return (filename, bytes) — a zip when several files."""
    import io
    import zipfile

    from jixiao.renderers import RenderError, render_package

    with tempfile.TemporaryDirectory() as tmp:
        try:
            paths = [Path(p) for p in render_package(package, what=what, fmt=fmt, out_dir=Path(tmp))]
        except RenderError as exc:  # e.g. a package with no forms: the caller's problem, said in Chinese
            raise ValueError(str(exc)) from exc
        if not paths:
            raise ValueError("没有生成任何文件")
        if len(paths) == 1:
            return paths[0].name, paths[0].read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for p in paths:
                archive.write(p, p.name)
        return f"{package.unit.name}-{package.year}-{what}.zip", buffer.getvalue()


class ImportFailed(Exception):
    """A document that could not be read; the message is Chinese."""


def import_document(content: bytes, filename: str) -> list[EvaluationPackage]:
    """Packages from an uploaded file: .yaml/.json through the model, the rest through the importers."""
    name = filename.lower()
    if name.endswith(PACKAGE_SUFFIXES):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{filename}：文件不是 UTF-8 编码的文本") from exc
        try:
            loader = loads_json if name.endswith(".json") else loads_yaml
            return [loader(text, filename)]
        except PackageError as exc:
            raise ImportFailed(str(exc)) from exc
    try:
        from jixiao.importers import DocumentError
        from jixiao.isolation import import_isolated
    except ImportError as exc:
        raise ImportFailed("文档导入程序尚不可用，请上传 .yaml 或 .json 评价包") from exc
    try:  # a child process with hard time and memory limits, a few at a time on the machine
        return list(import_isolated(content, filename))
    except DocumentError as exc:
        raise ImportFailed(str(exc)) from exc
    except Exception as exc:
        log.exception("import_bytes failed")
        raise ImportFailed(f"{filename}：无法读取该文档（{type(exc).__name__}）") from exc


# ---------------------------------------------------------------- computed fields

CENT = Decimal("0.01")


def _q(value: Decimal) -> str:
    return format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def _rate(part: Decimal | None, whole: Decimal | None) -> str | None:
    if part is None or whole is None or whole == 0:
        return None
    try:
        return _q(part / whole * 100)
    except InvalidOperation:
        return None


def computed_fields(package: EvaluationPackage) -> dict[str, str]:
    """Values the forms compute from what was typed, keyed by the package path they belong to."""
    out: dict[str, str] = {}
    for prefix, evaluation in [("overall", package.overall)] + [
        (f"projects[{i}]", p) for i, p in enumerate(package.projects)
    ]:
        if evaluation is None:
            continue
        total = Decimal(0)
        any_score = False
        for indicator in evaluation.indicators:
            if indicator.score is not None:
                total += indicator.score
                any_score = True
        funds = evaluation.funds
        if funds is not None:
            row = funds.row(FundsRowKind.TOTAL) or (funds.rows[0] if funds.rows else None)
            if row is not None:
                rate = _rate(row.executed, row.annual_budget)
                if rate is not None:
                    out[f"{prefix}.funds.stated_execution_rate"] = rate
            if funds.stated_score is not None:
                total += funds.stated_score
                any_score = True
        if any_score:
            out[f"{prefix}.stated_total_score"] = _q(total)
        maxima = [i.max_score for i in evaluation.indicators if i.max_score is not None]
        if maxima:
            max_total = sum(maxima, Decimal(0)) + (
                funds.max_score if funds and funds.max_score else Decimal(0)
            )
            out[f"{prefix}.stated_total_max"] = _q(max_total)
    e = package.expenditure
    if e is not None:
        if e.personnel is not None and e.public_operation is not None:
            out["expenditure.basic"] = _q(e.personnel + e.public_operation)
        basic = (
            e.basic
            if e.basic is not None
            else (
                e.personnel + e.public_operation
                if e.personnel is not None and e.public_operation is not None
                else None
            )
        )
        if basic is not None and e.project is not None:
            out["expenditure.total"] = _q(basic + e.project)
    if package.base_data is not None:
        b = package.base_data
        rate = _rate(
            Decimal(b.actual_staff) if b.actual_staff is not None else None,
            Decimal(b.authorized_staff) if b.authorized_staff is not None else None,
        )
        if rate is not None:
            out["base_data.stated_staffing_control_rate"] = rate
    for t, table in enumerate(package.three_public_tables):
        for r, row in enumerate(table.rows):
            rate = _rate(row.actual, row.budget)
            if rate is not None:
                out[f"three_public_tables[{t}].rows[{r}].stated_control_rate"] = rate
            if row.actual is not None and row.last_year_actual is not None:
                out[f"three_public_tables[{t}].rows[{r}].stated_change_amount"] = _q(
                    row.actual - row.last_year_actual
                )
                change = _rate(row.actual - row.last_year_actual, row.last_year_actual)
                if change is not None:
                    out[f"three_public_tables[{t}].rows[{r}].stated_change_rate"] = change
    return out


def seed_text(document_id: str) -> str:
    """The text of a seed document shipped with the core (for the reviewer's source view)."""
    import jixiao

    if not document_id or "/" in document_id or ".." in document_id:
        return ""
    path = Path(jixiao.__file__).parent / "data" / "seeds" / f"{document_id}.txt"
    if not path.is_file():
        return ""
    return path.read_text(encoding="utf-8")
