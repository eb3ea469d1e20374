"""Reading a 绩效监控表 (.xlsx / .csv) or the 一体化 platform's budget-execution export.

Both are grids. The spreadsheet reader of :mod:`jixiao.importers` (bounded, numbers as printed and
as stored) gives the tables of an .xlsx; a .csv is decoded by the text reader's decoder and split
by :mod:`csv`. One pass over each table's rows, driven by the header vocabularies of
``jixiao/data/monitoring/layouts.yaml``, recognises:

- a **projects** header (项目名称 with budget or execution columns): each following row is a project
  (or a 合计 row: the unit's totals); with 单位名称/单位编码 columns it is a bureau-wide export;
- an **indicators** header (三级指标 with 年度指标值 or progress columns): each following row is an
  indicator of the project named in its 项目名称 column, else of the project of the current block,
  else of the unit as a whole;
- **label rows** (项目名称 | 稽核管理工作经费; 单位名称 | …; 监控截止日期 | …) that open a project
  block or state the unit and the date.

Amounts are 万元 unless a header (``预算数（元）``) or a note (``单位：元``) says 元. Every value keeps
where it was read; a row that fits nothing is listed in the import report, never dropped silently.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jixiao.importers.blocks import Cell, Loc, Paragraph, Table
from jixiao.importers.errors import DocumentError, ImportLimits
from jixiao.layouts.words import Vocabulary, header_key
from jixiao.model import ImportIssue, Level1, Level2, SourceDocument, SourceLocation, Unit
from jixiao.model.monitoring import (
    DeviationCause,
    ExecutionRecord,
    IndicatorProgress,
    Likelihood,
    MonitoringForm,
    ProjectMonitoring,
    UnitTotals,
)
from jixiao.text import halfwidth, parse_decimal, remove_spaces

LAYOUTS_PATH = Path(__file__).resolve().parents[1] / "data" / "monitoring" / "layouts.yaml"
TEN_THOUSAND = Decimal(10000)
SUFFIXES = (".xlsx", ".csv")


class MonitoringError(ValueError):
    """A monitoring file that cannot be read (Chinese message naming the file)."""


@dataclass(frozen=True)
class Layouts:
    projects: dict[str, Vocabulary]
    indicators: dict[str, Vocabulary]
    total_rows: Vocabulary
    labels: dict[str, Vocabulary]


@cache
def layouts() -> Layouts:
    """The header vocabularies (``data/monitoring/layouts.yaml``), validated."""
    data = yaml.safe_load(LAYOUTS_PATH.read_text(encoding="utf-8"))

    def group(name: str) -> dict[str, Vocabulary]:
        return {k: Vocabulary.model_validate(v) for k, v in data[name].items()}

    return Layouts(
        projects=group("projects"),
        indicators=group("indicators"),
        total_rows=Vocabulary.model_validate(data["total_rows"]),
        labels=group("labels"),
    )


# ---------------------------------------------------------------- grids


def read_tables(data: bytes, filename: str, *, limits: ImportLimits | None = None) -> list[Table | Paragraph]:
    """The blocks of an .xlsx (every sheet) or a .csv (one table)."""
    suffix = Path(filename).suffix.lower()
    doc_id = Path(filename).stem
    limits = limits or ImportLimits()
    if len(data) > limits.max_bytes:
        raise MonitoringError(f"{filename}：文件超过 {limits.max_bytes // (1024 * 1024)} MB，已拒绝导入")
    if suffix == ".xlsx":
        from jixiao.importers.api import check_office_container
        from jixiao.importers.xlsx_reader import read_xlsx

        try:
            check_office_container(data, filename, limits)
            return list(read_xlsx(data, doc_id, limits=limits).blocks)
        except DocumentError as exc:
            raise MonitoringError(str(exc)) from exc
        except Exception as exc:  # a damaged workbook: say so, in Chinese
            raise MonitoringError(f"{filename}：无法读取的 Excel 文件（{type(exc).__name__}）") from exc
    if suffix == ".csv":
        from jixiao.importers.text_reader import decode_text

        try:
            text = decode_text(data, filename)
        except DocumentError as exc:
            raise MonitoringError(str(exc)) from exc
        return [_csv_table(text, limits)]
    raise MonitoringError(f"{filename}：监控表只能导入 .xlsx 或 .csv 文件")


def _letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _csv_table(text: str, limits: ImportLimits) -> Table:
    rows: list[list[Cell]] = []
    for number, record in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number > limits.max_rows:
            raise MonitoringError(f"CSV 超过 {limits.max_rows} 行，已拒绝导入")
        if len(record) > limits.max_columns:
            raise MonitoringError(f"CSV 第 {number} 行超过 {limits.max_columns} 列，已拒绝导入")
        rows.append([Cell(text=v, loc=Loc(row=number, column=_letter(i + 1))) for i, v in enumerate(record)])
    return Table(rows=rows, title="CSV")


# ---------------------------------------------------------------- cell values

_UNIT_NOTE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_MONTH_RANGE = re.compile(r"(\d{4})\s*年\s*(?:1|一)\s*[-—~至到]\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(\d{4})\s*年")


def _text(cell: Cell | None) -> str:
    return "" if cell is None else cell.text.strip()


def _number(cell: Cell | None) -> Decimal | None:
    if cell is None:
        return None
    if cell.value is not None:
        return cell.value
    raw = remove_spaces(halfwidth(cell.text)).rstrip("%").replace("万元", "").rstrip("元")
    return parse_decimal(raw) if raw else None


def _rate(cell: Cell | None) -> Decimal | None:
    """A rate as printed, in %: 0.3 stored with a percent format reads 30."""
    if cell is None:
        return None
    if cell.value is not None and cell.number_format and "%" in cell.number_format:
        return cell.value * 100
    return _number(cell)


def likelihood_of(text: str) -> Likelihood | None:
    """完成目标可能性 from a cell: the marked option (√/☑/■) when the form prints all three."""
    t = remove_spaces(halfwidth(text))
    if not t:
        return None
    marked = re.findall(r"[√✓✔☑■●](确定能|有可能|完全不可能)", t)
    if marked:
        t = marked[0]
    if "完全不可能" in t or t in ("不可能", "否"):
        return Likelihood.IMPOSSIBLE
    if "确定能" in t or t in ("能", "是", "确定"):
        return Likelihood.CERTAIN
    if "可能" in t:
        return Likelihood.POSSIBLE
    return None


_CAUSE_WORDS: list[tuple[DeviationCause, tuple[str, ...]]] = [
    (DeviationCause.POLICY, ("政策",)),
    (DeviationCause.FUNDING, ("资金", "经费")),
    (DeviationCause.STAFFING, ("人员",)),
    (DeviationCause.HARDWARE, ("硬件",)),
    (DeviationCause.MANAGEMENT, ("管理", "制度")),
    (DeviationCause.OTHER, ("其他",)),
]


def cause_of(text: str) -> DeviationCause | None:
    """偏差原因 category named in a cell (经费保障 → 资金, 制度保障 → 管理 …), None when none is."""
    t = remove_spaces(halfwidth(text))
    marked = re.findall(r"[√✓✔☑■●]([^□√✓✔☑■●]{1,8})", t)
    if marked:
        t = marked[0]
    for cause, words in _CAUSE_WORDS:
        if any(w in t for w in words):
            return cause
    return None


# ---------------------------------------------------------------- recognising rows


def _roles(cells: list[Cell | None], vocab: dict[str, Vocabulary]) -> dict[str, int]:
    """Column index of each role whose header appears in this row (first match wins)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = _text(cell)
        if not text or (i > 0 and cells[i - 1] is cell):
            continue
        key = header_key(text)
        for role, v in vocab.items():
            if role not in found and v.match_key(key):
                found[role] = i
                break
    return found


def _amount_divisors(cells: list[Cell | None], roles: dict[str, int], default: Decimal) -> dict[str, Decimal]:
    """Per money column: 10000 when its header says 元 (not 万元), else the sheet's default."""
    out: dict[str, Decimal] = {}
    for role, i in roles.items():
        text = remove_spaces(halfwidth(_text(cells[i])))
        if "万元" in text:
            out[role] = Decimal(1)
        elif re.search(r"[(（]元[)）]", text):
            out[role] = TEN_THOUSAND
        else:
            out[role] = default
    return out


@dataclass
class _Reader:
    doc_id: str
    issues: list[ImportIssue] = field(default_factory=list)
    projects: list[ProjectMonitoring] = field(default_factory=list)
    records: list[ExecutionRecord] = field(default_factory=list)
    overall: list[IndicatorProgress] = field(default_factory=list)
    totals: UnitTotals | None = None
    unit_name: str | None = None
    unit_code: str | None = None
    as_of: date | None = None
    year: int | None = None
    title: str | None = None
    divisor: Decimal = Decimal(1)
    sha256: str | None = None

    def src(self, cell: Cell | None) -> SourceLocation:
        loc = cell.loc if cell is not None else Loc()
        return loc.source(self.doc_id, _text(cell) or None)

    def note_text(self, text: str) -> None:
        """A title or note: the amount unit, the year, the as-of date, the unit."""
        t = halfwidth(text)
        m = _UNIT_NOTE.search(t)
        if m:
            self.divisor = TEN_THOUSAND if m.group(1) == "元" else Decimal(1)
        if self.as_of is None:
            d = _DATE.search(t)
            if d and ("截" in t or "监控" in t or "时点" in t):
                self.as_of = _safe_date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            r = _MONTH_RANGE.search(t)
            if r and self.as_of is None:
                self.as_of = _month_end(int(r.group(1)), int(r.group(2)))
        y = _YEAR.search(t)
        if y and self.year is None and ("监控" in t or "执行" in t):
            self.year = int(y.group(1))
        if "监控" in t and self.title is None and len(t) < 80:
            self.title = text.strip()
        label = re.match(r"\s*(填报单位|单位名称|预算单位)[:：]\s*(\S+)", t)
        if label and self.unit_name is None:
            self.unit_name = label.group(2)

    def project_for(self, name: str, code: str | None, cell: Cell | None) -> ProjectMonitoring:
        for p in self.projects:
            if (code and p.code == code) or (not code and p.name == name):
                return p
        p = ProjectMonitoring(name=name, code=code or None, sources={"name": self.src(cell)})
        self.projects.append(p)
        return p


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    import calendar

    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _blank(cells: Iterable[Cell | None]) -> bool:
    return not any(_text(c) for c in cells)


def _read_table(reader: _Reader, table: Table) -> None:
    lay = layouts()
    mode: str | None = None
    roles: dict[str, int] = {}
    divisors: dict[str, Decimal] = {}
    block: ProjectMonitoring | None = None
    grid = table.grid()
    for cells in grid:
        if _blank(cells):
            continue
        distinct = [c for i, c in enumerate(cells) if c is not None and (i == 0 or cells[i - 1] is not c)]
        texts = [_text(c) for c in distinct if _text(c)]
        # a header row?
        ind = _roles(cells, lay.indicators)
        if "name" in ind and len(ind) >= 3:
            mode, roles, divisors = "indicators", ind, {}
            continue
        proj = _roles(cells, lay.projects)
        money = {"annual_budget", "initial_budget", "executed", "rate", "forecast_executed"}
        hits = set(proj) & money
        if (len(hits) >= 2 and ("name" in proj or block is not None or "code" in proj)) or (
            hits and "name" in proj and len(proj) >= 3
        ):
            mode, roles = "projects", proj
            divisors = _amount_divisors(cells, {k: v for k, v in proj.items() if k in money}, reader.divisor)
            continue
        # a label row: 项目名称 | X, 单位名称 | Y, 监控截止日期 | Z
        if len(texts) >= 2 and any(v.match(texts[0]) for v in lay.labels.values()):
            _label_row(reader, distinct, lay)
            if _is_project_label(distinct, lay) and reader.projects:
                block, mode, roles = reader.projects[-1], None, {}
            continue
        if len(texts) == 1:
            reader.note_text(texts[0])
            continue
        if mode == "projects":
            _project_row(reader, cells, roles, divisors, block, lay)
        elif mode == "indicators":
            _indicator_row(reader, cells, roles, block)
        else:
            reader.issues.append(
                ImportIssue(
                    location=reader.src(distinct[0]),
                    reason="未能识别的行（不在项目表或指标表中）",
                    text=" | ".join(texts)[:200],
                )
            )


def _is_project_label(distinct: list[Cell], lay: Layouts) -> bool:
    return bool(distinct) and lay.labels["project"].match(_text(distinct[0]))


def _label_row(reader: _Reader, distinct: list[Cell], lay: Layouts) -> bool:
    """Label–value pairs along the row; True when the first cell was a label."""
    found = False
    i = 0
    while i + 1 < len(distinct):
        label, value = _text(distinct[i]), _text(distinct[i + 1])
        role = next((r for r, v in lay.labels.items() if v.match(label)), None)
        if role is None:
            if i == 0:
                return False
            i += 1
            continue
        found = True
        if role == "project" and value:
            code = None
            j = i + 2
            if j + 1 < len(distinct) and lay.labels["project_code"].match(_text(distinct[j])):
                code = _text(distinct[j + 1]) or None
            reader.project_for(value, code, distinct[i + 1])
        elif role == "project_code" and value and reader.projects and reader.projects[-1].code is None:
            reader.projects[-1].code = value
        elif role == "unit" and value and reader.unit_name is None:
            reader.unit_name = value
        elif role == "as_of" and value:
            d = _DATE.search(halfwidth(value))
            if d:
                reader.as_of = _safe_date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
        i += 2
    return found


def _cell(cells: list[Cell | None], roles: dict[str, int], role: str) -> Cell | None:
    i = roles.get(role)
    return cells[i] if i is not None and i < len(cells) else None


def _amount(
    reader: _Reader, cells: list[Cell | None], roles: dict[str, int], divisors: dict[str, Decimal], role: str
) -> tuple[Decimal | None, SourceLocation | None]:
    cell = _cell(cells, roles, role)
    value = _number(cell)
    if value is None:
        if cell is not None and _text(cell) and _text(cell) not in ("-", "—", "/"):
            reader.issues.append(
                ImportIssue(location=reader.src(cell), reason="金额不是数字，未读取", text=_text(cell))
            )
        return None, None
    return value / divisors.get(role, Decimal(1)), reader.src(cell)


def _project_row(
    reader: _Reader,
    cells: list[Cell | None],
    roles: dict[str, int],
    divisors: dict[str, Decimal],
    block: ProjectMonitoring | None,
    lay: Layouts,
) -> None:
    name_cell = _cell(cells, roles, "name")
    name = _text(name_cell)
    code = _text(_cell(cells, roles, "code")) or None
    first = next((c for c in cells if _text(c)), None)
    is_total = lay.total_rows.match(name or _text(first))
    values: dict[str, Any] = {}
    sources: dict[str, SourceLocation] = {}
    for role in ("initial_budget", "annual_budget", "executed", "forecast_executed"):
        v, where = _amount(reader, cells, roles, divisors, role)
        if v is not None and where is not None:
            values[role] = v
            sources[role] = where
    rate_cell = _cell(cells, roles, "rate")
    rate = _rate(rate_cell)
    if rate is not None:
        values["stated_execution_rate"] = rate
        sources["stated_execution_rate"] = reader.src(rate_cell)
    if is_total and block is None:
        reader.totals = UnitTotals(
            annual_budget=values.get("annual_budget", values.get("initial_budget")),
            executed=values.get("executed"),
            stated_execution_rate=values.get("stated_execution_rate"),
            forecast_executed=values.get("forecast_executed"),
            sources={("annual_budget" if k == "initial_budget" else k): s for k, s in sources.items()},
        )
        return
    if is_total and block is not None:
        target = block
    elif name or code:
        target = reader.project_for(name or code or "", code, name_cell)
    else:
        reason = (
            "项目资金栏只读取“年度资金总额”（合计）行"
            if block is not None and "name" not in roles
            else "项目行没有项目名称或编码，未读取"
        )
        reader.issues.append(ImportIssue(location=reader.src(first), reason=reason, text=_text(first)))
        return
    for k, v in values.items():
        setattr(target, k, v)
    target.sources = {**target.sources, **sources}
    cause_cell = _cell(cells, roles, "cause")
    if _text(cause_cell):
        target.cause = cause_of(_text(cause_cell))
        if target.cause is None or "cause_note" not in roles:
            target.cause_note = _text(cause_cell)
        target.sources = {**target.sources, "cause": reader.src(cause_cell)}
    if _text(_cell(cells, roles, "cause_note")):
        target.cause_note = _text(_cell(cells, roles, "cause_note"))
    if _text(_cell(cells, roles, "measure")):
        target.measure = _text(_cell(cells, roles, "measure"))
    unit_name = _text(_cell(cells, roles, "unit_name")) or None
    unit_code = _text(_cell(cells, roles, "unit_code")) or None
    if (unit_name or unit_code) and not is_total:
        reader.records.append(
            ExecutionRecord(
                unit_name=unit_name,
                unit_code=unit_code,
                code=code,
                name=name or code or "",
                budget=values.get("annual_budget", values.get("initial_budget")),
                paid=values.get("executed"),
                row=name_cell.loc.row if name_cell is not None else None,
            )
        )


_LEVEL1 = {"产出": Level1.OUTPUT, "效益": Level1.BENEFIT, "满意度": Level1.SATISFACTION, "成本": Level1.COST}
_LEVEL2 = {
    "数量": Level2.QUANTITY,
    "质量": Level2.QUALITY,
    "时效": Level2.TIMELINESS,
    "成本": Level2.COST,
    "经济": Level2.ECONOMIC,
    "社会": Level2.SOCIAL,
    "生态": Level2.ECOLOGICAL,
    "可持续": Level2.SUSTAINABILITY,
    "满意度": Level2.SATISFACTION,
}


def _indicator_row(
    reader: _Reader, cells: list[Cell | None], roles: dict[str, int], block: ProjectMonitoring | None
) -> None:
    name_cell = _cell(cells, roles, "name")
    name = _text(name_cell)
    if not name:
        first = next((c for c in cells if _text(c)), None)
        reader.issues.append(
            ImportIssue(
                location=reader.src(first), reason="指标行没有三级指标名称，未读取", text=_text(first)
            )
        )
        return
    l1 = _text(_cell(cells, roles, "level1"))
    l2 = _text(_cell(cells, roles, "level2"))
    indicator = IndicatorProgress(
        name=name,
        level1=next((v for k, v in _LEVEL1.items() if k in l1), None) if l1 else None,
        level2=next((v for k, v in _LEVEL2.items() if k in l2), None) if l2 else None,
        target_raw=_text(_cell(cells, roles, "target")) or None,
        progress_raw=_text(_cell(cells, roles, "progress")) or None,
        forecast_raw=_text(_cell(cells, roles, "forecast")) or None,
        likelihood=likelihood_of(_text(_cell(cells, roles, "likelihood"))),
        measure=_text(_cell(cells, roles, "measure")) or None,
        sources={"name": reader.src(name_cell)},
    )
    cause_text = _text(_cell(cells, roles, "cause"))
    if cause_text:
        indicator.cause = cause_of(cause_text)
        if indicator.cause is None or "cause_note" not in roles:
            indicator.cause_note = cause_text
    note = _text(_cell(cells, roles, "cause_note"))
    if note:
        indicator.cause_note = note
    likelihood_text = _text(_cell(cells, roles, "likelihood"))
    if likelihood_text and indicator.likelihood is None:
        reader.issues.append(
            ImportIssue(
                location=reader.src(_cell(cells, roles, "likelihood")),
                reason="完成目标可能性不是“确定能 / 有可能 / 完全不可能”之一，未读取",
                text=likelihood_text,
            )
        )
    project_name = _text(_cell(cells, roles, "project"))
    project_code = _text(_cell(cells, roles, "project_code")) or None
    if project_name or project_code:
        target: ProjectMonitoring | None = reader.project_for(
            project_name or project_code or "", project_code, _cell(cells, roles, "project")
        )
    else:
        target = block
    if target is None:
        reader.overall.append(indicator)
    else:
        target.indicators.append(indicator)


# ---------------------------------------------------------------- public API


def _read(data: bytes, filename: str, *, limits: ImportLimits | None = None) -> _Reader:
    import hashlib

    reader = _Reader(doc_id=Path(filename).stem)
    for block in read_tables(data, filename, limits=limits):
        if isinstance(block, Paragraph):
            reader.note_text(block.text)
        else:
            if block.title:
                reader.note_text(block.title)
            _read_table(reader, block)
    reader.sha256 = hashlib.sha256(data).hexdigest()
    return reader


def read_monitoring_form(
    data: bytes,
    filename: str,
    *,
    year: int | None = None,
    as_of: date | None = None,
    unit: str | None = None,
    limits: ImportLimits | None = None,
) -> MonitoringForm:
    """A 绩效监控表 (.xlsx/.csv) of one unit. ``year``, ``as_of`` and ``unit`` fill what the file does
    not state (the file's own as-of date wins over ``as_of`` only when ``as_of`` is not given)."""
    reader = _read(data, filename, limits=limits)
    units = {r.unit_name or r.unit_code for r in reader.records}
    if len(units) > 1:
        raise MonitoringError(
            f"{filename}：这是多个单位的预算执行导出表（{len(units)}个单位），请在监控轮次中按单位导入"
        )
    when = as_of or reader.as_of
    the_year = year or reader.year or (when.year if when else None)
    if the_year is None:
        raise MonitoringError(f"{filename}：没有读到监控年度，请给出监控截止日期（--as-of）")
    name = unit or reader.unit_name or (next(iter(units)) if units and None not in units else None)
    if not (reader.projects or reader.overall):
        raise MonitoringError(
            f"{filename}：没有识别出项目表或指标表（表头应含“项目名称”与预算、执行数等栏目）"
        )
    suffix = Path(filename).suffix.lower().lstrip(".")
    return MonitoringForm(
        year=the_year,
        as_of=when,
        unit=Unit(name=name or Path(filename).stem),
        title=reader.title,
        documents=[
            SourceDocument(
                id=reader.doc_id,
                filename=Path(filename).name,
                kind=suffix,
                sha256=reader.sha256,
            )
        ],
        projects=reader.projects,
        totals=reader.totals,
        overall_indicators=reader.overall,
        import_report=reader.issues,
    )


@dataclass(frozen=True)
class ExecutionExport:
    """The rows of a budget-execution export and what could not be read."""

    records: list[ExecutionRecord]
    issues: list[ImportIssue]
    as_of: date | None


def read_execution_export(
    data: bytes, filename: str, *, limits: ImportLimits | None = None
) -> ExecutionExport:
    """The 一体化 platform's budget-execution export: one record per (unit, project) row."""
    reader = _read(data, filename, limits=limits)
    records = list(reader.records)
    if not records:  # an export of one unit, without unit columns
        records = [
            ExecutionRecord(
                unit_name=reader.unit_name,
                code=p.code,
                name=p.name,
                budget=p.budget,
                paid=p.executed,
                row=p.sources["name"].row if "name" in p.sources else None,
            )
            for p in reader.projects
        ]
    if not records:
        raise MonitoringError(
            f"{filename}：没有识别出预算执行数据（表头应含“项目名称”“预算数”“累计支付数”等栏目）"
        )
    return ExecutionExport(records=records, issues=reader.issues, as_of=reader.as_of)


def apply_execution(
    form: MonitoringForm, records: Iterable[ExecutionRecord], document: str
) -> MonitoringForm:
    """``form`` with each record's budget and payments to date (matched by project code, else name)."""
    out = form.model_copy(deep=True)
    for r in records:
        target = (out.project(r.code) if r.code else None) or out.project(r.name)
        if target is None:
            target = ProjectMonitoring(name=r.name, code=r.code)
            out.projects.append(target)
        where = SourceLocation(document=document, row=r.row)
        if r.code and not target.code:
            target.code = r.code
        if r.budget is not None:
            target.annual_budget = r.budget
            target.sources = {**target.sources, "annual_budget": where}
        if r.paid is not None:
            target.executed = r.paid
            target.sources = {**target.sources, "executed": where}
    return out


def load_monitoring_file(
    path: str | Path, *, as_of: date | None = None, year: int | None = None
) -> MonitoringForm:
    """A monitoring form from a file: .xlsx/.csv through the reader, .yaml/.json as the model itself."""
    p = Path(path)
    if not p.exists():
        raise MonitoringError(f"{path}：文件不存在")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        from pydantic import ValidationError

        try:
            raw = yaml.safe_load(p.read_text(encoding="utf-8"))
            form = MonitoringForm.model_validate(raw)
        except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as exc:
            raise MonitoringError(f"{path}：不是有效的监控表文件（{type(exc).__name__}）") from exc
        if as_of is not None and form.as_of is None:
            form = form.model_copy(update={"as_of": as_of})
        return form
    if suffix not in SUFFIXES:
        raise MonitoringError(f"{path}：监控表只能是 .xlsx、.csv、.yaml 或 .json 文件")
    return read_monitoring_form(p.read_bytes(), p.name, as_of=as_of, year=year)
